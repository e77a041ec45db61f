//! A rule's keyword gate: the part of its pattern that follows its keyword, tried
//! anchored at a keyword hit's end before the hit opens a window.
//!
//! Most hits of a common keyword (`token`, `secret`, `https://`) in clean code are
//! words in prose or names in calls, and the rule's regex, run over the hit's
//! lines, finds nothing there. The gate answers the same question from the hit
//! itself: `# The secret is read …` cannot continue into `secret\s*[:=]…`, so no
//! window opens and the regex never runs.
//!
//! The gate is derived from the pattern, never written by hand, and only where
//! that is sound: the pattern is split at a point that every match passes just
//! after the end of one of the rule's keywords (a finite piece of the pattern
//! whose every string ends with a keyword, in ASCII case-insensitive terms). Every
//! keyword occurrence is a prefilter hit, so a match's own keyword hit passes its
//! gate, and dropping the hits that fail loses no match of the rule on that hit's
//! lines. Rules whose keyword is not part of the match (a name lines above a bare
//! key) get no gate.
//!
//! Each keyword gets its own rest: of an alternation, only the branches whose
//! split point can end with that keyword (`pspace … login KEY` is no continuation
//! for a hit of `gradient`), and a keyword no split point ends with opens nothing.
//! The rest is loosened where that keeps its DFA small and fast, which can only
//! let more hits through: word boundaries are dropped (with one anywhere, no DFA
//! state loops on itself, so `[^\n]*?--apikey` could not be skipped through with
//! `memchr`), and a counted repetition too long for a small DFA is cut short.

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::nfa::thompson;
use regex_automata::util::{primitives::StateID, start};
use regex_automata::Anchored;
use regex_syntax::hir::{Class, Hir, HirKind, Look, Repetition};

/// Most strings a finite piece of a pattern may stand for before it counts as
/// unbounded (the keyword alternations of the generic rules have a dozen or two).
const MAX_STRINGS: usize = 256;

/// Bytes after the hit the gate may look at: as far as a rule's window reaches
/// past its keyword, so no match the window holds is beyond the gate.
const REACH: usize = crate::matcher::MAX_REACH;

/// Counted repetitions longer than this are cut to their minimum (at most this)
/// and end the gate: `[A-Za-z0-9]{20,64}` becomes `[A-Za-z0-9]{16}`, a looser
/// test that keeps the DFA small.
const MAX_COUNT: u32 = 16;

/// Largest DFA a gate may compile to; past it the rule has no gate.
const MAX_DFA_BYTES: usize = 1 << 16;

/// The compiled gate of one rule: for each of its keywords, what a hit of that
/// keyword must be followed by.
#[derive(Debug)]
pub(crate) struct Gate {
    /// In the order of the rule's keywords.
    checks: Vec<Check>,
    /// The distinct rests' DFAs (most keywords of a rule share one).
    dfas: Vec<dense::DFA<Vec<u32>>>,
}

/// What one keyword's hits must be followed by.
#[derive(Debug)]
enum Check {
    /// Anything (the rest after the split matches the empty string, or its DFA
    /// would be too big).
    Always,
    /// Nothing: no string at the split point ends with this keyword, so a match
    /// always has another keyword's hit at its split point.
    Never,
    /// A match of the gate's DFA number `dfa`, a small anchored DFA walked
    /// without a cache or a lock from `start`, its start state after the keyword's
    /// last byte.
    Dfa { dfa: usize, start: StateID },
}

impl Gate {
    /// The gate of `pattern` (parsed as [`super::build_pattern`] compiles it) for
    /// `keywords`; `None` when the pattern cannot be split soundly, or the rest
    /// after the split matches everything (a gate would reject nothing).
    pub(crate) fn new(pattern: &str, keywords: &[String]) -> Option<Gate> {
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .multi_line(true)
            .build()
            .parse(pattern)
            .ok()?;
        let keywords: Vec<Vec<u8>> = keywords
            .iter()
            .map(|k| k.to_ascii_lowercase().into_bytes())
            .collect();
        let mut checks = Vec::with_capacity(keywords.len());
        let mut dfas = Vec::new();
        // Each distinct rest, with its DFA's number (`None`: too big).
        let mut built: Vec<(Hir, Option<usize>)> = Vec::new();
        for k in &keywords {
            // The rest's only look-behind is a line anchor's, so the keyword's last
            // byte in either case gives the same start state.
            let after = start::Config::new()
                .anchored(Anchored::Yes)
                .look_behind(k.last().copied());
            checks.push(match split(&hir, &keywords, k)? {
                Split::Other => Check::Never,
                Split::Rest(rest)
                    if rest.properties().minimum_len() == Some(0)
                        && rest.properties().look_set().is_empty() =>
                {
                    Check::Always
                }
                // The whole rest where its DFA is small, else the looser cut form;
                // without word boundaries either way (see `unbounded`).
                Split::Rest(rest) => {
                    let rest = unbounded(&rest);
                    let index = if let Some(&(_, index)) = built.iter().find(|(h, _)| *h == rest) {
                        index
                    } else {
                        let dfa = build(&rest).or_else(|| build(&cut(&rest).0));
                        let index = dfa.map(|dfa| {
                            dfas.push(dfa);
                            dfas.len() - 1
                        });
                        built.push((rest, index));
                        index
                    };
                    index
                        .and_then(|i| {
                            let start = dfas[i].start_state(&after).ok()?;
                            Some(Check::Dfa { dfa: i, start })
                        })
                        .unwrap_or(Check::Always)
                }
            });
        }
        if checks.iter().all(|c| matches!(c, Check::Always)) {
            return None;
        }
        Some(Gate { checks, dfas })
    }

    /// Bytes of memory the gate's DFAs take.
    #[cfg(test)]
    pub(crate) fn memory_usage(&self) -> usize {
        self.dfas.iter().map(dense::DFA::memory_usage).sum()
    }

    /// Whether the text from the end `at` of a hit of the rule's keyword number
    /// `keyword` can continue into a match.
    pub(crate) fn passes(&self, keyword: usize, bytes: &[u8], at: usize) -> bool {
        let (dfa, mut state) = match self.checks.get(keyword) {
            Some(&Check::Dfa { dfa, start }) => (&self.dfas[dfa], start),
            Some(Check::Never) => return false,
            Some(Check::Always) | None => return true,
        };
        // The DFA walked by hand from its precomputed start state: most hits die
        // within a few bytes, where a general search's set-up would cost more than
        // the walk. (A match state is entered one byte after the match ends.)
        let end = bytes.len().min(at.saturating_add(REACH));
        let mut i = at;
        while i < end {
            state = dfa.next_state(state, bytes[i]);
            i += 1;
            if dfa.is_special_state(state) {
                if dfa.is_match_state(state) || dfa.is_quit_state(state) {
                    return true;
                }
                if dfa.is_dead_state(state) {
                    return false;
                }
                if dfa.is_accel_state(state) {
                    // Only a few bytes leave this state: skip to the next of them.
                    let rest = &bytes[i..end];
                    let skip = match *dfa.accelerator(state) {
                        [a] => memchr::memchr(a, rest),
                        [a, b] => memchr::memchr2(a, b, rest),
                        [a, b, c] => memchr::memchr3(a, b, c, rest),
                        _ => Some(0),
                    };
                    i += skip.unwrap_or(rest.len());
                }
            }
        }
        state = match bytes.get(end) {
            Some(&b) => dfa.next_state(state, b),
            None => dfa.next_eoi_state(state),
        };
        dfa.is_match_state(state)
    }
}

/// An anchored DFA for `hir`, if it fits in [`MAX_DFA_BYTES`].
fn build(hir: &Hir) -> Option<dense::DFA<Vec<u32>>> {
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .utf8(false)
                .which_captures(thompson::WhichCaptures::None),
        )
        .build_from_hir(hir)
        .ok()?;
    dense::Builder::new()
        .configure(
            dense::Config::new()
                .start_kind(StartKind::Anchored)
                .dfa_size_limit(Some(MAX_DFA_BYTES))
                .determinize_size_limit(Some(MAX_DFA_BYTES)),
        )
        .build_from_nfa(&nfa)
        .ok()
}

/// `hir` with its word-boundary assertions taken out (a looser test). A DFA for a
/// pattern with `\b` anywhere remembers, in every state, whether the last byte was
/// a word byte, so no state loops on itself over most bytes; without them,
/// `[^\n]*?--apikey` becomes one state skipped through with `memchr2`.
fn unbounded(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(
            Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF,
        ) => hir.clone(),
        HirKind::Look(_) => Hir::empty(),
        HirKind::Capture(c) => unbounded(&c.sub),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(unbounded).collect()),
        HirKind::Alternation(alts) => Hir::alternation(alts.iter().map(unbounded).collect()),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(unbounded(&r.sub)),
        }),
        _ => hir.clone(),
    }
}

/// A looser, smaller form of `hir` for an anchored "is there a match" test, and
/// whether it is whole: capture groups dropped, a long counted repetition cut to
/// its first [`MAX_COUNT`] and everything after it dropped. Whatever `hir`
/// matches at a point, the result matches a prefix of.
fn cut(hir: &Hir) -> (Hir, bool) {
    match hir.kind() {
        HirKind::Capture(c) => cut(&c.sub),
        HirKind::Concat(parts) => {
            let mut kept = Vec::new();
            for p in parts {
                let (p, whole) = cut(p);
                kept.push(p);
                if !whole {
                    return (Hir::concat(kept), false);
                }
            }
            (Hir::concat(kept), true)
        }
        HirKind::Alternation(alts) => {
            let (alts, whole): (Vec<Hir>, Vec<bool>) = alts.iter().map(cut).unzip();
            (Hir::alternation(alts), whole.iter().all(|&w| w))
        }
        HirKind::Repetition(r) if r.max.map_or(r.min > MAX_COUNT, |m| m > MAX_COUNT) => {
            let (sub, _) = cut(&r.sub);
            let n = r.min.min(MAX_COUNT);
            let rep = Hir::repetition(Repetition {
                min: n,
                max: Some(n),
                greedy: true,
                sub: Box::new(sub),
            });
            (rep, false)
        }
        HirKind::Repetition(r) => {
            let (sub, whole) = cut(&r.sub);
            if !whole {
                // Any match of the repetition starts with one of `sub`.
                return (if r.min == 0 { Hir::empty() } else { sub }, false);
            }
            let rep = Hir::repetition(Repetition {
                min: r.min,
                max: r.max,
                greedy: r.greedy,
                sub: Box::new(sub),
            });
            (rep, whole)
        }
        _ => (hir.clone(), true),
    }
}

/// Where [`split`] leaves a hit of one keyword.
enum Split {
    /// What must follow the hit.
    Rest(Hir),
    /// The point is never just after this keyword (only after the rule's others).
    Other,
}

/// The rest of `hir` after a point that every match of it passes just after one
/// of `keywords`, for a hit of `keyword`: `Some(Rest(rest))` when every string
/// `hir` matches is some `x` ending with a keyword followed by a string of `rest`,
/// keeping only the ways in which `x` ends with `keyword` (`Other` when there are
/// none); `None` when there is no such point.
fn split(hir: &Hir, keywords: &[Vec<u8>], keyword: &[u8]) -> Option<Split> {
    // Where every string of a finite piece ends with a keyword: the piece's end.
    let at_end = |s: &[Vec<u8>]| {
        if s.iter().any(|s| s.ends_with(keyword)) {
            Split::Rest(Hir::empty())
        } else {
            Split::Other
        }
    };
    if let Some(s) = strings(hir).filter(|s| ends_with_keyword(s, keywords)) {
        return Some(at_end(&s));
    }
    match hir.kind() {
        HirKind::Capture(c) => split(&c.sub, keywords, keyword),
        HirKind::Alternation(alts) => {
            let mut rests = Vec::new();
            for a in alts {
                if let Split::Rest(r) = split(a, keywords, keyword)? {
                    rests.push(r);
                }
            }
            Some(if rests.is_empty() {
                Split::Other
            } else {
                Split::Rest(Hir::alternation(rests))
            })
        }
        HirKind::Concat(parts) => {
            // Each part's strings, computed once.
            let mut memo: Vec<Option<Option<Vec<Vec<u8>>>>> = vec![None; parts.len()];
            for k in 0..parts.len() {
                let then = |found: Split| match found {
                    Split::Rest(inner) => {
                        let mut all = vec![inner];
                        all.extend(parts[k + 1..].iter().cloned());
                        Split::Rest(Hir::concat(all))
                    }
                    Split::Other => Split::Other,
                };
                // A finite run of parts ending at `k` whose every string ends with
                // a keyword (its strings grown leftwards, a part at a time).
                let mut s = vec![Vec::new()];
                for j in (0..=k).rev() {
                    let Some(part) = memo[j].get_or_insert_with(|| strings(&parts[j])) else {
                        break;
                    };
                    let Some(mut grown) = product(part, &s) else {
                        break;
                    };
                    grown.sort_unstable();
                    grown.dedup();
                    s = grown;
                    if ends_with_keyword(&s, keywords) {
                        return Some(then(at_end(&s)));
                    }
                }
                if let Some(inner) = split(&parts[k], keywords, keyword) {
                    return Some(then(inner));
                }
            }
            None
        }
        _ => None,
    }
}

fn ends_with_keyword(strings: &[Vec<u8>], keywords: &[Vec<u8>]) -> bool {
    !strings.is_empty()
        && strings
            .iter()
            .all(|s| keywords.iter().any(|k| s.ends_with(k)))
}

/// Every string `hir` matches, ASCII-lowercased, when they are few
/// ([`MAX_STRINGS`]); zero-width assertions count as the empty string (a superset
/// of the strings matched, which is all [`split`] needs).
fn strings(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut out = match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => vec![Vec::new()],
        HirKind::Literal(lit) => vec![lit.0.to_ascii_lowercase()],
        HirKind::Class(Class::Bytes(c)) => {
            let mut bytes = Vec::new();
            for r in c.ranges() {
                if usize::from(r.end() - r.start()) >= MAX_STRINGS {
                    return None;
                }
                bytes.extend((r.start()..=r.end()).map(|b| vec![b.to_ascii_lowercase()]));
            }
            bytes
        }
        HirKind::Class(Class::Unicode(c)) => {
            let mut chars = Vec::new();
            for r in c.ranges() {
                if !r.end().is_ascii()
                    || (r.end() as u32 - r.start() as u32) as usize >= MAX_STRINGS
                {
                    return None;
                }
                chars.extend((r.start()..=r.end()).map(|ch| vec![(ch as u8).to_ascii_lowercase()]));
            }
            chars
        }
        HirKind::Capture(c) => strings(&c.sub)?,
        HirKind::Repetition(r) => {
            let max = r.max?;
            if max > 4 {
                return None;
            }
            let one = strings(&r.sub)?;
            let mut all = Vec::new();
            for n in r.min..=max {
                let mut these = vec![Vec::new()];
                for _ in 0..n {
                    these = product(&these, &one)?;
                }
                all.extend(these);
            }
            all
        }
        HirKind::Concat(parts) => {
            let mut these = vec![Vec::new()];
            for p in parts {
                these = product(&these, &strings(p)?)?;
            }
            these
        }
        HirKind::Alternation(alts) => {
            let mut all = Vec::new();
            for a in alts {
                all.extend(strings(a)?);
            }
            all
        }
    };
    out.sort_unstable();
    out.dedup();
    (out.len() <= MAX_STRINGS).then_some(out)
}

fn product(a: &[Vec<u8>], b: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if a.len().saturating_mul(b.len()) > MAX_STRINGS {
        return None;
    }
    Some(
        a.iter()
            .flat_map(|x| b.iter().map(move |y| [x.as_slice(), y].concat()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule's gate, with its keywords.
    fn gate(pattern: &str, keywords: &[&str]) -> Option<(Gate, Vec<String>)> {
        let keywords: Vec<String> = keywords.iter().map(ToString::to_string).collect();
        Some((Gate::new(pattern, &keywords)?, keywords))
    }

    /// Whether the gate passes the hit of `keyword` in `text` (its first one).
    fn passes((g, keywords): &(Gate, Vec<String>), text: &str, keyword: &str) -> bool {
        let index = keywords
            .iter()
            .position(|k| k == keyword)
            .expect("a keyword");
        let at = text
            .to_ascii_lowercase()
            .find(keyword)
            .expect("keyword in text")
            + keyword.len();
        g.passes(index, text.as_bytes(), at)
    }

    #[test]
    fn a_name_anchored_rule_gates_on_what_follows_its_name() {
        let g = gate(
            r"(?i)(?:^|[^a-z0-9_])[a-z0-9_.\-]*(?:secret|token|api[_\-]?key)s?[a-z0-9_\-]*\s*(?:=|:)\s*'([^'\s]{8,})'",
            &["secret", "token", "api_key", "apikey", "api-key"],
        )
        .expect("splits after the name");
        assert!(passes(&g, "MY_SECRET_VALUE = 'abcdefgh12'", "secret"));
        assert!(passes(&g, "tokens: 'abcdefgh12'", "token"));
        assert!(passes(&g, "Api-Key='abcdefgh12'", "api-key"));
        assert!(!passes(
            &g,
            "# The secret is read from the environment",
            "secret"
        ));
        assert!(!passes(&g, "token = 'short'", "token"));
        assert!(!passes(&g, "getToken(req)", "token"));
    }

    #[test]
    fn a_keyword_split_over_parts_and_branches_still_gates() {
        // `https://` spans an alternation and a literal.
        let g = gate(
            r"\b(?:https?|ftps?)://[A-Za-z0-9._\-]{1,64}:([^\s/@]{3,128})@[A-Za-z0-9.\-]+",
            &["http://", "https://", "ftp://", "ftps://"],
        )
        .expect("splits after the scheme");
        assert!(passes(&g, "https://user:pa55word@example.com", "https://"));
        assert!(!passes(
            &g,
            "See https://docs.rs/regex/ for more",
            "https://"
        ));
        // Each branch of an alternation starts with its own keyword.
        let g = gate(
            r"(?i)\b(?:pspace\b[^\n]*?\blogin\s+|gradient\s+apikey\s+)([0-9a-f]{30})\b",
            &["pspace", "gradient"],
        )
        .expect("splits inside each branch");
        assert!(passes(
            &g,
            "pspace login 0123456789abcdef0123456789abcd",
            "pspace"
        ));
        assert!(passes(
            &g,
            "gradient apiKey 0123456789abcdef0123456789abcd",
            "gradient"
        ));
        assert!(!passes(
            &g,
            "background: linear-gradient(90deg, #fff)",
            "gradient"
        ));
        // Each keyword is held to its own branches only.
        assert!(!passes(
            &g,
            "gradient login 0123456789abcdef0123456789abcd",
            "gradient"
        ));
        assert!(!passes(
            &g,
            "pspace apikey 0123456789abcdef0123456789abcd",
            "pspace"
        ));
        // A keyword the pattern never ends a piece with: its hits are never the
        // point a match passes, so they open nothing (the other keyword's do).
        let g = gate(r"(?i)\btoken\s*=\s*(\w{8,})", &["token", "paperspace"]).expect("splits");
        assert!(passes(&g, "paperspace token = abcdefgh12", "token"));
        assert!(!passes(&g, "paperspace token = abcdefgh12", "paperspace"));
    }

    /// A match as far from its keyword as a window reaches still passes: on a
    /// minified line, `--apiKey` 12 KiB after `gradient`.
    #[test]
    fn the_gate_reaches_as_far_as_a_window() {
        let g = gate(
            r"(?i)\bgradient\b[^\n]*?--apikey(?:\s+|=)([0-9a-f]{30})\b",
            &["gradient"],
        )
        .expect("splits");
        let far = format!(
            "gradient {} --apiKey 0123456789abcdef0123456789abcd",
            "x".repeat(12 * 1024)
        );
        assert!(passes(&g, &far, "gradient"));
        let beyond = format!(
            "gradient {} --apiKey 0123456789abcdef0123456789abcd",
            "x".repeat(crate::matcher::MAX_REACH)
        );
        assert!(!passes(&g, &beyond, "gradient"));
    }

    #[test]
    fn word_boundaries_are_left_to_the_rule_and_line_anchors_kept() {
        // `\b` is dropped from the rest (a looser test whose DFA can skip through
        // a line with memchr): the rule's regex still rejects `secretx …`.
        let g = gate(r"(?i)\bsecret\b.{0,4}([a-z0-9]{20,})", &["secret"]).expect("splits");
        assert!(passes(&g, "secret = abcdefghij0123456789", "secret"));
        assert!(passes(&g, "secretx abcdefghij0123456789", "secret"));
        assert!(!passes(&g, "secret = short", "secret"));
        // A line anchor right after the keyword looks at the byte after it.
        let g = gate(r"(?im)^password:$\n\s+(\S{8,})", &["password"]).expect("splits");
        assert!(passes(&g, "password:\n  s3cr3tvalue", "password"));
        assert!(!passes(&g, "password: s3cr3tvalue", "password"));
    }

    /// The cut form of a whole pattern, as a gate (the cut applies where the whole
    /// rest's DFA would be too big).
    fn cut_gate(pattern: &str) -> Gate {
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(pattern)
            .expect("parses");
        let dfa = build(&cut(&hir).0).expect("small");
        let start = dfa
            .start_state(&start::Config::new().anchored(Anchored::Yes))
            .expect("a start state");
        Gate {
            checks: vec![Check::Dfa { dfa: 0, start }],
            dfas: vec![dfa],
        }
    }

    #[test]
    fn long_counts_are_cut_to_a_looser_prefix() {
        let g = cut_gate(r"\s*=\s*([a-z0-9]{20,64})\b;");
        // Sixteen characters of the value are enough to pass; what follows the
        // cut is not tested.
        assert!(g.passes(0, b"token = abcdefghijklmnop", 5));
        assert!(g.passes(0, b"token = abcdefghijklmnopqrstuvwxyz0123 and more", 5));
        assert!(!g.passes(0, b"token = abcdefghijklmno", 5));
        // A cut inside a repetition: one copy of its start is required.
        let g = cut_gate(r"(?:-[a-z]{20,30})+=");
        assert!(g.passes(0, b"key-abcdefghijklmnopqrst=", 3));
        assert!(!g.passes(0, b"key=", 3));
        // Short counts are kept whole.
        let g = cut_gate(r":[0-9]{2,4}/");
        assert!(g.passes(0, b"host:8080/", 4));
        assert!(!g.passes(0, b"host:80800/", 4));
    }

    /// Most built-in rules get a gate, and all their DFAs together stay small (a
    /// scan compiles only the gates of rules whose keywords it meets).
    #[test]
    fn built_in_gates_are_many_and_small() {
        let set = crate::rule::RuleSet::load(&crate::rule::RuleSources::default()).unwrap();
        let gates: Vec<Gate> = set
            .rules()
            .iter()
            .filter_map(|r| Gate::new(&r.syntax.pattern, &r.syntax.keywords))
            .collect();
        let bytes: usize = gates.iter().map(Gate::memory_usage).sum();
        assert!(gates.len() >= 200, "only {} rules have a gate", gates.len());
        assert!(bytes < 8 << 20, "the gates take {bytes} bytes");
    }

    #[test]
    fn no_gate_where_the_split_would_not_be_sound() {
        // The keyword is context lines away, not part of the match.
        assert!(gate(r"\b([0-9a-f]{30})\b", &["paperspace"]).is_none());
        // The keyword only inside a longer word, or inside a repetition: no point
        // that every match passes just after it.
        assert!(gate(r"[a-z]*secret[a-z]*=(\w+)", &["sec"]).is_none());
        assert!(gate(r"(?:secret)+=(\w+)", &["secret"]).is_none());
        // One branch lacks the keyword.
        assert!(gate(r"(?:token=|key=)(\w{8,})", &["token"]).is_none());
        // Nothing after the keyword: a gate would pass everything.
        assert!(gate(r"-----BEGIN", &["-----begin"]).is_none());
    }
}
