//! The matcher: finds rule matches in one blob of bytes.
//!
//! Owns the per-blob hot path. One pass of the keyword prefilter (`prefilter`) finds
//! every rule keyword (ASCII case-insensitive); only then is a rule's regex run, and only in a
//! window of lines around each hit (`lines_before`/`lines_after`, capped in bytes so a
//! minified line costs no more than its neighbourhood). Each regex match then goes
//! through the rule's filters (entropy, placeholder shape, stopwords, allow regexes,
//! checksum) and the inline `leakscan:allow` markers. Overlapping matches of several
//! rules at one spot keep the most confident. Work per match is constant (amortised):
//! each line is searched for markers once, and lines and columns are carried forward
//! from one match to the next, so a minified file with thousands of matches on one
//! line costs a few passes over it. The matcher is immutable and `Sync`: `scan`
//! shares it by `&` across threads. It knows nothing of files or git.

use std::collections::BTreeMap;

use memchr::{memchr, memmem, memrchr};
use regex::bytes::Regex;

use crate::decode;
use crate::error::Result;
use crate::filter;
use crate::finding::{Encoding, Secret};
use crate::prefilter::Prefilter;
use crate::rule::{Rule, RuleSet};

/// Bytes examined to place matches on lines and to look for allow markers, counted
/// in test builds only: a test holds this work linear in the blob's size.
#[cfg(test)]
mod work {
    use std::cell::Cell;
    thread_local!(static EXAMINED: Cell<usize> = const { Cell::new(0) });
    pub(super) fn add(n: usize) {
        EXAMINED.with(|c| c.set(c.get() + n));
    }
    pub(super) fn take() -> usize {
        EXAMINED.with(|c| c.replace(0))
    }
}
#[cfg(not(test))]
mod work {
    #[inline(always)]
    pub(super) fn add(_: usize) {}
}

/// Count `n` bytes examined outside this module (tests bound the work per blob).
pub(crate) fn count_work(n: usize) {
    work::add(n);
}

/// Lines containing one of these are never reported (gitleaks and detect-secrets
/// markers are accepted so projects can switch without editing every file).
pub const ALLOW_MARKERS: &[&str] = &[
    "leakscan:allow",
    "gitleaks:allow",
    "pragma: allowlist secret",
];

/// A line containing one of these suppresses the line after it: for formats where a
/// trailing comment would become part of the value (`.properties`, `.env`, INI).
pub const ALLOW_NEXT_LINE_MARKERS: &[&str] = &[
    "leakscan:allow-next-line",
    "pragma: allowlist nextline secret",
];

/// How far (bytes) a window may reach from its keyword hit on either side.
pub(crate) const MAX_REACH: usize = 16 * 1024;

/// How far a capped window edge may move to land between tokens.
const MAX_EDGE_ADJUST: usize = 512;

/// Filters that apply to every rule, from `.leakscan.toml`.
#[derive(Debug, Default, Clone)]
pub struct GlobalFilters {
    /// Words (case-insensitive) that mark a match as a placeholder: around the
    /// secret, or standing as a word in it (see [`filter::has_stopword`]).
    pub stopwords: Vec<String>,
    /// Regexes; a secret matching one is not reported.
    pub allow: Vec<Regex>,
}

/// One rule match in a blob, after filtering.
#[derive(Debug, Clone)]
pub struct Match {
    /// Index of the rule in the matcher's rule set.
    pub rule: usize,
    /// The secret.
    pub secret: Secret,
    /// Byte offset of the secret in the blob.
    pub offset: usize,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
    /// 1-based line of the secret's last byte (of the encoded text, if decoded).
    pub end_line: u32,
    /// 1-based column of the secret's last character (inclusive).
    pub end_column: u32,
    /// Set when the secret was found in decoded text: the span is the encoded
    /// text's, the secret the decoded one.
    pub encoding: Option<Encoding>,
    /// An inline allow marker (`leakscan:allow`, …) is on a line the match
    /// touches. [`Matcher::find`] drops these; the gate modes keep them (see
    /// [`Matcher::find_with_marked`]).
    pub marked: bool,
    /// Byte end of the text the secret was found in (the encoded text's, if
    /// decoded).
    pub end: usize,
    /// The redacted line around it (see [`crate::context`]); empty below the top
    /// level of decoding.
    pub context: String,
    /// The credential's other parts the rule names (`(?P<sid>…)`), for verifiers.
    pub parts: Vec<(String, Vec<u8>)>,
}

/// Levels of encoding looked through unless configured otherwise.
pub const DEFAULT_DECODE_DEPTH: u8 = 1;

/// Compiled rules plus the keyword prefilter.
#[derive(Debug)]
pub struct Matcher {
    rules: RuleSet,
    keywords: Prefilter,
    /// For each keyword pattern, the rules it triggers, each with the number of
    /// the keyword in the rule's list (for the rule's gate).
    keyword_rules: Vec<Vec<(usize, usize)>>,
    /// Rules without keywords (limited by `paths`): run on whole blobs.
    unanchored: Vec<usize>,
    /// Every allow marker in one automaton: pattern ids below
    /// `ALLOW_MARKERS.len()` mark their own line, the rest the next line.
    markers: aho_corasick::AhoCorasick,
    stopwords: Vec<Vec<u8>>,
    allow: Vec<Regex>,
    /// How many levels of encoding to look through (0: none).
    decode_depth: u8,
    /// Whether keyword hits pass their rule's gate ([`crate::rule`]'s `gate`)
    /// before opening a window (off only to test that the gates change nothing).
    gates: bool,
}

/// A candidate before line/column are computed.
struct Candidate {
    rule: usize,
    start: usize,
    end: usize,
    marked: bool,
    /// The rule's named groups (`(?P<sid>…)`): parts of the credential that are
    /// not the secret (an account id), for the verifier.
    parts: Vec<(String, Vec<u8>)>,
}

impl Matcher {
    /// Build the prefilter for `rules`.
    pub fn new(rules: RuleSet, global: GlobalFilters) -> Result<Matcher> {
        Ok(Matcher::build(rules, global, true))
    }

    /// As [`Matcher::new`], with the portable prefilter scan even where SIMD is
    /// available: the fuzz target compares the two.
    #[doc(hidden)]
    pub fn new_portable(rules: RuleSet, global: GlobalFilters) -> Result<Matcher> {
        Ok(Matcher::build(rules, global, false))
    }

    fn build(rules: RuleSet, global: GlobalFilters, simd: bool) -> Matcher {
        let mut patterns: Vec<String> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut keyword_rules: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut unanchored = Vec::new();
        for (idx, rule) in rules.rules().iter().enumerate() {
            if rule.syntax.keywords.is_empty() {
                unanchored.push(idx);
            }
            for (pos, kw) in rule.syntax.keywords.iter().enumerate() {
                let kw = kw.to_ascii_lowercase();
                if let Some(&i) = index.get(&kw) {
                    keyword_rules[i].push((idx, pos));
                } else {
                    index.insert(kw.clone(), patterns.len());
                    patterns.push(kw);
                    keyword_rules.push(vec![(idx, pos)]);
                }
            }
        }
        Matcher {
            rules,
            keywords: Prefilter::build(&patterns, simd),
            keyword_rules,
            unanchored,
            markers: aho_corasick::AhoCorasick::new(
                ALLOW_MARKERS.iter().chain(ALLOW_NEXT_LINE_MARKERS),
            )
            .unwrap_or_else(|e| unreachable!("fixed marker strings: {e}")),
            stopwords: global
                .stopwords
                .iter()
                .map(|w| w.to_ascii_lowercase().into_bytes())
                .collect(),
            allow: global.allow,
            decode_depth: DEFAULT_DECODE_DEPTH,
            gates: true,
        }
    }

    /// With keyword gates off (`false`): every keyword hit opens its rule's
    /// window, as before gates existed. For tests that compare the two.
    #[doc(hidden)]
    #[must_use]
    pub fn with_gates(mut self, on: bool) -> Matcher {
        self.gates = on;
        self
    }

    /// Look through `depth` levels of encoding (0 turns the decode stage off).
    #[must_use]
    pub fn with_decode_depth(mut self, depth: u8) -> Matcher {
        self.decode_depth = depth;
        self
    }

    /// Everything that decides what this matcher finds in a blob, as text: every
    /// rule as written, the global filters and the decode depth (`--state` keys
    /// its record of clean blobs with it).
    pub fn settings_key(&self) -> String {
        use std::fmt::Write as _;
        let mut key = String::new();
        for rule in self.rules.rules() {
            let _ = writeln!(key, "{:?}", rule.syntax);
        }
        let _ = write!(
            key,
            "{:?}|{:?}|{}",
            self.stopwords,
            self.allow.iter().map(Regex::as_str).collect::<Vec<_>>(),
            self.decode_depth
        );
        key
    }

    /// The rule set.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Which path-limited rules apply to `path`: blobs whose paths give the same
    /// answer can share one [`Matcher::find`].
    pub fn scope(&self, path: &str) -> Vec<usize> {
        self.rules
            .rules()
            .iter()
            .enumerate()
            .filter(|(_, r)| r.paths.is_some() && r.applies_to(path))
            .map(|(i, _)| i)
            .collect()
    }

    /// The rule at `idx` (as in [`Match::rule`]).
    pub fn rule(&self, idx: usize) -> &Rule {
        &self.rules.rules()[idx]
    }

    /// All filtered matches in `bytes`, which is the content of a blob at `path`
    /// (used for rules limited by `paths`). Sorted by offset.
    pub fn find(&self, path: &str, bytes: &[u8]) -> Vec<Match> {
        let mut found = self.find_with_marked(path, bytes);
        found.retain(|m| !m.marked);
        found
    }

    /// As [`Matcher::find`], keeping matches on lines with an inline allow marker
    /// (flagged `marked`): the gate reports those a change adds instead of letting
    /// the change silence itself. Where matches overlap, an unmarked one wins, so
    /// dropping the marked ones gives exactly [`Matcher::find`].
    pub fn find_with_marked(&self, path: &str, bytes: &[u8]) -> Vec<Match> {
        let mut found = self.find_at_depth(path, bytes, self.decode_depth);
        let spans: Vec<(usize, usize)> = found.iter().map(|m| (m.offset, m.end)).collect();
        for (i, m) in found.iter_mut().enumerate() {
            m.context = crate::context::snippet(bytes, &spans, i);
        }
        found
    }

    /// Matches in `bytes`, then in what its encoded runs decode to (while `depth`
    /// allows), reported at the encoded text. A match in the text as it is wins
    /// over a decoded one that overlaps it.
    fn find_at_depth(&self, path: &str, bytes: &[u8], depth: u8) -> Vec<Match> {
        let windows = self.windows(path, bytes);
        let mut candidates = Vec::new();
        let mut lines = MarkedLines::new(bytes, &self.markers);
        // Where some rule has a window: joined string literals are looked for only
        // there (a split key's name or prefix is in plain text next to it).
        let mut near: Vec<(usize, usize)> = Vec::new();
        for &(rule_idx, start, end) in &windows {
            self.run_rule(rule_idx, bytes, start, end, &mut lines, &mut candidates);
            if depth > 0 {
                near.push((start, end));
            }
        }
        let mut found = if candidates.is_empty() {
            Vec::new()
        } else {
            locate(bytes, self.resolve_overlaps(candidates))
        };
        if depth > 0 {
            for (d, end) in self.find_decoded(path, bytes, depth - 1, &near, &mut lines) {
                // Where a direct match overlaps, the more confident one is kept (the
                // direct one on a tie).
                let overlaps =
                    |m: &Match| m.offset < end && d.offset < m.offset + m.secret.expose().len();
                let rank = self.rule(d.rule).confidence();
                if found.iter().any(|m| {
                    m.encoding.is_none() && overlaps(m) && self.rule(m.rule).confidence() >= rank
                }) {
                    continue;
                }
                found.retain(|m| m.encoding.is_some() || !overlaps(m));
                found.push(d);
            }
            found.sort_by_key(|m| (m.offset, m.rule));
        }
        found
    }

    /// Matches in the decoded form of `bytes`' encoded runs, each at its run's span
    /// (returned with the run's end); one per (run, rule, secret).
    fn find_decoded(
        &self,
        path: &str,
        bytes: &[u8],
        depth: u8,
        near: &[(usize, usize)],
        lines: &mut MarkedLines,
    ) -> Vec<(Match, usize)> {
        let runs = decode::candidates(bytes, near);
        if runs.is_empty() {
            return Vec::new();
        }
        let mut runs: Vec<decode::Decoded> = runs;
        runs.sort_by_key(|r| (r.start, r.end));
        let mut cursor = Cursor::default();
        let mut out: Vec<(Match, usize)> = Vec::new();
        for run in runs {
            let mut inner = self.find_at_depth(path, &run.decoded, depth);
            // Matches in the copied context are the text's own (found directly).
            inner.retain(|m| m.offset >= run.context);
            if inner.is_empty() {
                continue;
            }
            let (line, column) = cursor.advance(bytes, run.start);
            let (end_line, end_column) = cursor.last_char(bytes, run.end);
            let marked = lines.touch_marker(run.start, run.end);
            for m in inner {
                let dup = out.iter().any(|(o, _)| {
                    o.offset == run.start && o.rule == m.rule && o.secret == m.secret
                });
                if dup {
                    continue;
                }
                out.push((
                    Match {
                        rule: m.rule,
                        secret: m.secret,
                        offset: run.start,
                        line,
                        column,
                        end_line,
                        end_column,
                        encoding: Some(m.encoding.unwrap_or(run.encoding)),
                        marked: marked || m.marked,
                        end: run.end,
                        context: String::new(),
                        parts: m.parts,
                    },
                    run.end,
                ));
            }
        }
        out
    }

    /// Merged `(rule, start, end)` byte windows to run rule regexes in.
    fn windows(&self, path: &str, bytes: &[u8]) -> Vec<(usize, usize, usize)> {
        // The window each rule has open: few rules hit one blob, so a short list
        // searched linearly beats a slot per rule (hundreds) allocated per blob.
        let mut open: Vec<(usize, usize, usize)> = Vec::new();
        let mut out = Vec::new();
        for &idx in &self.unanchored {
            if self.rule(idx).applies_to(path) {
                out.push((idx, 0, bytes.len()));
            }
        }
        self.keywords.find(bytes, |keyword, hit_start, hit_end| {
            for &(idx, pos) in &self.keyword_rules[keyword] {
                let rule = self.rule(idx);
                if rule.paths.is_some() && !rule.applies_to(path) {
                    continue;
                }
                if self.gates && !rule.passes_gate(pos, bytes, hit_end) {
                    continue;
                }
                let (start, end) = window(
                    bytes,
                    hit_start,
                    hit_end,
                    rule.syntax.lines_before,
                    rule.syntax.lines_after,
                );
                match open.iter_mut().find(|(r, _, _)| *r == idx) {
                    Some((_, s, e)) if start <= *e => {
                        *s = (*s).min(start);
                        *e = (*e).max(end);
                    }
                    Some(slot) => {
                        out.push(*slot);
                        *slot = (idx, start, end);
                    }
                    None => open.push((idx, start, end)),
                }
            }
        });
        out.extend(open);
        out
    }

    /// Run one rule's regex over `bytes[start..end]` and keep matches that pass its filters.
    fn run_rule(
        &self,
        rule_idx: usize,
        bytes: &[u8],
        start: usize,
        end: usize,
        lines: &mut MarkedLines,
        out: &mut Vec<Candidate>,
    ) {
        let rule = self.rule(rule_idx);
        let Some(compiled) = rule.compiled() else {
            return;
        };
        let Some(regex) = &compiled.regex else {
            return;
        };
        let hay = &bytes[..end];
        let mut at = start;
        while at <= end {
            // The lazy DFA answers "no match" without building captures; windows
            // around keyword hits in clean text almost always end here.
            let Some(found) = regex.find_at(hay, at) else {
                break;
            };
            let Some(caps) = regex.captures_at(&hay[..found.end()], found.start()) else {
                break;
            };
            let whole = caps.get(0).expect("group 0 always participates");
            at = if whole.end() > whole.start() {
                whole.end()
            } else {
                whole.end() + 1
            };
            // The secret is the first unnamed group that took part; named groups
            // are the credential's other parts.
            let secret = caps
                .iter()
                .zip(regex.capture_names())
                .skip(1)
                .find_map(|(g, name)| g.filter(|_| name.is_none()))
                .unwrap_or(whole);
            let parts: Vec<(String, Vec<u8>)> = regex
                .capture_names()
                .enumerate()
                .filter_map(|(i, name)| Some((name?.to_string(), caps.get(i)?.as_bytes().to_vec())))
                .collect();
            // Filters (stopwords, placeholders) judge the secret's own lines: a
            // credential's other parts may sit lines away, and a comment between them
            // saying "example" must not drop the secret.
            let (from, to) = if parts.is_empty() {
                (whole.start(), whole.end())
            } else {
                let near = &hay[whole.start()..secret.start()];
                let from = memrchr(b'\n', near).map_or(whole.start(), |i| whole.start() + i + 1);
                let after = &hay[secret.end()..whole.end()];
                let to = memchr(b'\n', after).map_or(whole.end(), |i| secret.end() + i);
                (from, to)
            };
            let inside = secret.start() - from..secret.end() - from;
            if self.accepts(rule, &compiled.allow, &hay[from..to], inside) {
                out.push(Candidate {
                    rule: rule_idx,
                    start: secret.start(),
                    end: secret.end(),
                    marked: lines.touch_marker(whole.start(), whole.end()),
                    parts,
                });
            }
        }
    }

    /// The rule's and the global filters; `inside` is the secret's range in `whole`.
    /// The rule's stopwords count anywhere in the match; the global ones as
    /// [`filter::has_stopword`] says, so a random body cannot trigger them.
    fn accepts(
        &self,
        rule: &Rule,
        allow: &[Regex],
        whole: &[u8],
        inside: std::ops::Range<usize>,
    ) -> bool {
        let secret = &whole[inside.clone()];
        if secret.is_empty() {
            return false;
        }
        if let Some(min) = rule.syntax.min_entropy {
            if filter::entropy(secret) < min {
                return false;
            }
        }
        if rule.syntax.reject_placeholders && filter::is_placeholder(secret) {
            return false;
        }
        if !rule.stopwords.is_empty() {
            let lower = whole.to_ascii_lowercase();
            if rule
                .stopwords
                .iter()
                .any(|w| memmem::find(&lower, w).is_some())
            {
                return false;
            }
        }
        if filter::has_stopword(whole, inside, &self.stopwords) {
            return false;
        }
        if allow
            .iter()
            .chain(&self.allow)
            .any(|re| re.is_match(secret))
        {
            return false;
        }
        rule.validator.is_none_or(|v| v.accepts(secret))
    }

    /// Where several rules matched overlapping bytes, keep one: any rule over a
    /// name-anchored catch-all, then the most confident, then the most specific
    /// ([`Rule::specificity`]), then the longest secret, then the rule whose
    /// context must be nearest ([`Rule::reach`]), then the first rule by id.
    fn resolve_overlaps(&self, mut cands: Vec<Candidate>) -> Vec<Candidate> {
        cands.sort_by_key(|c| (c.start, c.end, c.rule));
        let mut kept: Vec<Candidate> = Vec::with_capacity(cands.len());
        for c in cands {
            if let Some(last) = kept.last_mut() {
                if c.start < last.end {
                    let rank = |x: &Candidate| {
                        (
                            !x.marked,
                            self.rule(x.rule).specificity() > 0,
                            self.rule(x.rule).confidence(),
                            self.rule(x.rule).specificity(),
                            x.end - x.start,
                            std::cmp::Reverse(self.rule(x.rule).reach()),
                            std::cmp::Reverse(x.rule),
                        )
                    };
                    if rank(&c) > rank(last) {
                        *last = c;
                    }
                    continue;
                }
            }
            kept.push(c);
        }
        kept
    }
}

/// The lines of one blob that have been searched for allow markers, found on
/// demand: each line is searched once however many matches it holds, and finding a
/// line's ends scans only as far as the nearest line already known.
struct MarkedLines<'a> {
    bytes: &'a [u8],
    markers: &'a aho_corasick::AhoCorasick,
    /// Line start → (offset of its `\n`, or the blob's end; whether it has a marker;
    /// whether it has a next-line marker).
    known: BTreeMap<usize, (usize, bool, bool)>,
}

impl<'a> MarkedLines<'a> {
    fn new(bytes: &'a [u8], markers: &'a aho_corasick::AhoCorasick) -> Self {
        MarkedLines {
            bytes,
            markers,
            known: BTreeMap::new(),
        }
    }

    /// Whether a marker is on any line from the one holding `start` to the one
    /// holding `end` (a match's bounds), or a next-line marker on the line before.
    fn touch_marker(&mut self, start: usize, end: usize) -> bool {
        self.line_at(start);
        let line_start = self
            .known
            .range(..=start)
            .next_back()
            .map_or(0, |(&s, _)| s);
        if line_start > 0 && self.line_at(line_start - 1).2 {
            return true;
        }
        let mut at = start;
        loop {
            let (line_end, marked, _) = self.line_at(at);
            if marked {
                return true;
            }
            if line_end >= end {
                return false;
            }
            at = line_end + 1;
        }
    }

    /// The end of the line holding offset `at`, whether the line has a marker, and
    /// whether it has a next-line marker.
    fn line_at(&mut self, at: usize) -> (usize, bool, bool) {
        let before = self.known.range(..=at).next_back();
        if let Some((_, &(end, marked, next))) = before {
            if at <= end {
                return (end, marked, next);
            }
        }
        // Known lines bound the search: the one before ends at a `\n` below `at`, the
        // one after starts just past a `\n` above it.
        let floor = before.map_or(0, |(_, &(end, _, _))| end + 1);
        let ceiling = self
            .known
            .range(at + 1..)
            .next()
            .map_or(self.bytes.len(), |(&start, _)| start - 1);
        let start = memrchr(b'\n', &self.bytes[floor..at]).map_or(floor, |i| floor + i + 1);
        let end = memchr(b'\n', &self.bytes[at..ceiling]).map_or(ceiling, |i| at + i);
        let text = &self.bytes[start..end];
        let (mut marked, mut next) = (false, false);
        for m in self.markers.find_overlapping_iter(text) {
            if m.pattern().as_usize() < ALLOW_MARKERS.len() {
                marked = true;
            } else {
                next = true;
            }
        }
        // One automaton pass finds every marker.
        work::add((end - start) * 2);
        self.known.insert(start, (end, marked, next));
        (end, marked, next)
    }
}

/// Turn candidates (sorted by offset) into matches with 1-based line and column of
/// both ends, carried forward from the previous match: each byte is looked at about
/// twice (a multi-line secret's own bytes once more).
fn locate(bytes: &[u8], kept: Vec<Candidate>) -> Vec<Match> {
    let mut at = Cursor::default();
    kept.into_iter()
        .map(|c| {
            let (line, column) = at.advance(bytes, c.start);
            let (end_line, end_column) = Cursor {
                line,
                column,
                at: c.start,
            }
            .last_char(bytes, c.end);
            Match {
                rule: c.rule,
                secret: Secret::new(bytes[c.start..c.end].to_vec()),
                offset: c.start,
                line,
                column,
                end_line,
                end_column,
                encoding: None,
                marked: c.marked,
                end: c.end,
                context: String::new(),
                parts: c.parts,
            }
        })
        .collect()
}

/// Line and column at a byte offset, moved forward incrementally.
#[derive(Clone, Copy)]
struct Cursor {
    line: u32,
    column: u32,
    at: usize,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor {
            line: 1,
            column: 1,
            at: 0,
        }
    }
}

impl Cursor {
    /// Move to `to` (not before the cursor) and return its line and column.
    fn advance(&mut self, bytes: &[u8], to: usize) -> (u32, u32) {
        let gap = &bytes[self.at..to];
        match memrchr(b'\n', gap) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', gap).count() as u32;
                self.column = 1 + chars(&gap[last + 1..]);
            }
            None => self.column += chars(gap),
        }
        work::add(2 * gap.len());
        self.at = to;
        (self.line, self.column)
    }

    /// Line and column of the last character of `bytes[self.at..end]` (the cursor's
    /// own position when the range is empty).
    fn last_char(mut self, bytes: &[u8], end: usize) -> (u32, u32) {
        let Some(last) = (self.at..end).rev().find(|&i| bytes[i] & 0xC0 != 0x80) else {
            return (self.line, self.column);
        };
        self.advance(bytes, last)
    }
}

/// Characters in `b`: UTF-8 code points, an invalid byte counting as one.
fn chars(b: &[u8]) -> u32 {
    b.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u32
}

/// The byte window around a keyword hit: `before` lines above its line to `after`
/// lines below, each side capped at [`MAX_REACH`] bytes and, when capped, moved to a
/// token boundary so no secret is cut in half.
fn window(
    bytes: &[u8],
    hit_start: usize,
    hit_end: usize,
    before: u32,
    after: u32,
) -> (usize, usize) {
    let lo = hit_start.saturating_sub(MAX_REACH);
    let hi = (hit_end + MAX_REACH).min(bytes.len());

    let mut start = memrchr(b'\n', &bytes[lo..hit_start]).map_or(lo, |i| lo + i + 1);
    for _ in 0..before {
        if start <= lo + 1 {
            break;
        }
        start = memrchr(b'\n', &bytes[lo..start - 1]).map_or(lo, |i| lo + i + 1);
    }
    if start == lo && lo > 0 && bytes[lo - 1] != b'\n' {
        let limit = (lo + MAX_EDGE_ADJUST).min(hit_start);
        start = (lo..limit)
            .find(|&i| !is_token_byte(bytes[i - 1]))
            .unwrap_or(lo);
    }

    let mut end = memchr(b'\n', &bytes[hit_end..hi]).map_or(hi, |i| hit_end + i);
    for _ in 0..after {
        if end >= hi {
            break;
        }
        end = memchr(b'\n', &bytes[end + 1..hi]).map_or(hi, |i| end + 1 + i);
    }
    if end == hi && hi < bytes.len() && bytes[hi] != b'\n' {
        let limit = hi.saturating_sub(MAX_EDGE_ADJUST).max(hit_end);
        end = (limit..hi)
            .rev()
            .find(|&i| !is_token_byte(bytes[i]))
            .unwrap_or(hi);
    }
    (start, end)
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'/' | b'=' | b'.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::{parse_rules, Rule};
    use std::fmt::Write as _;

    fn matcher(toml: &str) -> Matcher {
        let rules = parse_rules(toml, "t.toml")
            .unwrap()
            .into_iter()
            .map(|(r, o)| Rule::compile(r, o).unwrap())
            .collect();
        Matcher::new(RuleSet::from_rules(rules), GlobalFilters::default()).unwrap()
    }

    const HEX_RULE: &str = r#"
[[rules]]
id = "t.hex"
name = "hex near word"
keywords = ["token"]
lines_before = 1
lines_after = 1
pattern = '''\b([0-9a-f]{30})\b'''
min_entropy = 3.0
"#;

    #[test]
    fn finds_with_line_and_column_across_crlf() {
        let m = matcher(HEX_RULE);
        let text = b"a\r\nx token = 8f3c1e9a2b7d4c60e5f1a9b3d7c2e4\r\n";
        let found = m.find("f", text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].column), (2, 11));
        assert_eq!(found[0].secret.expose(), b"8f3c1e9a2b7d4c60e5f1a9b3d7c2e4");
    }

    #[test]
    fn window_respects_lines_before_and_after() {
        let m = matcher(HEX_RULE);
        let near = b"8f3c1e9a2b7d4c60e5f1a9b3d7c2e4\ntoken\n";
        assert_eq!(m.find("f", near).len(), 1);
        let far = b"8f3c1e9a2b7d4c60e5f1a9b3d7c2e4\n\n\ntoken\n";
        assert!(m.find("f", far).is_empty());
    }

    #[test]
    fn allow_marker_suppresses_line() {
        let m = matcher(HEX_RULE);
        let text = b"token = 8f3c1e9a2b7d4c60e5f1a9b3d7c2e4 # leakscan:allow\n";
        assert!(m.find("f", text).is_empty());
    }

    #[test]
    fn long_line_window_is_capped_without_cutting_tokens() {
        let m = matcher(HEX_RULE);
        let mut text = vec![b'a'; 100_000];
        text.extend_from_slice(b" token 8f3c1e9a2b7d4c60e5f1a9b3d7c2e4 ");
        text.extend(std::iter::repeat_n(b'b', 100_000));
        let found = m.find("f", &text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].column, 100_008);
    }

    #[test]
    fn window_edges() {
        let text = b"one\ntwo\nthree\nfour\nfive";
        let hit = 8; // "three"
        assert_eq!(window(text, hit, hit + 5, 0, 0), (8, 13));
        assert_eq!(window(text, hit, hit + 5, 1, 1), (4, 18));
        assert_eq!(window(text, hit, hit + 5, 9, 9), (0, text.len()));
    }

    /// The built-in rules with the default stopwords, as a scan uses them.
    fn builtin() -> Matcher {
        let rules = RuleSet::load(&crate::rule::RuleSources::default()).unwrap();
        let filters = GlobalFilters {
            stopwords: crate::config::DEFAULT_STOPWORDS
                .iter()
                .map(ToString::to_string)
                .collect(),
            allow: Vec::new(),
        };
        Matcher::new(rules, filters).unwrap()
    }

    /// The tests' own generator (splitmix64): its output never passes through the
    /// product's filters, so a filter that rejects real keys shows up as misses.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn pick(&mut self, alphabet: &[u8], n: usize) -> String {
            (0..n)
                .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize] as char)
                .collect()
        }

        fn hex(&mut self, n: usize) -> String {
            self.pick(b"0123456789abcdef", n)
        }

        fn base64(&mut self, n: usize) -> String {
            self.pick(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                n,
            )
        }
    }

    /// The keyword gates only skip work: with and without them, every built-in
    /// rule's examples and negative examples, the quality corpus and the fixtures
    /// give the same matches.
    #[test]
    fn keyword_gates_change_no_match() {
        let rules = || RuleSet::load(&crate::rule::RuleSources::default()).unwrap();
        let gated = Matcher::new(rules(), GlobalFilters::default()).unwrap();
        let open = Matcher::new(rules(), GlobalFilters::default())
            .unwrap()
            .with_gates(false);
        let mut texts: Vec<(String, Vec<u8>)> = Vec::new();
        for rule in gated.rules().rules() {
            let path = rule
                .syntax
                .example_path
                .clone()
                .unwrap_or_else(|| "x.txt".into());
            for e in rule
                .syntax
                .examples
                .iter()
                .chain(&rule.syntax.negative_examples)
            {
                texts.push((path.clone(), e.clone().into_bytes()));
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("tests/quality/corpus"), root.join("fixtures")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    let name = path
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    texts.push((name, std::fs::read(&path).unwrap()));
                }
            }
        }
        // A minified line: the key 12 KiB after its keyword, inside the window.
        let far = format!(
            "gradient {} --apiKey 5a64743bcfadea11642205abb31548\n",
            "x".repeat(12 * 1024)
        );
        let far_found = gated.find("run.sh", far.as_bytes());
        assert!(
            far_found
                .iter()
                .any(|m| gated.rule(m.rule).id() == "paperspace.cli-argument"),
            "{far_found:?}"
        );
        texts.push(("run.sh".into(), far.into_bytes()));
        assert!(texts.len() > 1000, "only {} texts", texts.len());
        let key = |m: &Match| {
            (
                m.rule,
                m.offset,
                m.end,
                m.secret.expose().to_vec(),
                m.encoding,
            )
        };
        let mut found = 0;
        for (path, text) in &texts {
            let a: Vec<_> = gated.find_with_marked(path, text).iter().map(key).collect();
            let b: Vec<_> = open.find_with_marked(path, text).iter().map(key).collect();
            assert_eq!(a, b, "{path}: {}", String::from_utf8_lossy(text));
            found += a.len();
        }
        assert!(found > 1000, "only {found} matches");
    }

    /// Random 30-hex keys on `PAPERSPACE_API_KEY=` lines are reported: the entropy
    /// floor and the placeholder shapes together must reject far fewer than 1 in
    /// 10,000 real keys. Each miss is logged with what the filters say about it.
    #[test]
    fn random_paperspace_keys_are_found() {
        const KEYS: usize = 100_000;
        const PER_BLOB: usize = 1_000;
        let m = builtin();
        let mut rng = Rng(0x1ea5_c0de);
        let mut missed = Vec::new();
        for _ in 0..KEYS / PER_BLOB {
            let keys: Vec<String> = (0..PER_BLOB).map(|_| rng.hex(30)).collect();
            let text: String = keys
                .iter()
                .flat_map(|k| ["PAPERSPACE_API_KEY=", k, "\n"])
                .collect();
            let found: std::collections::HashSet<Vec<u8>> = m
                .find("keys.env", text.as_bytes())
                .into_iter()
                .filter(|f| m.rule(f.rule).id() == "paperspace.api-key")
                .map(|f| f.secret.expose().to_vec())
                .collect();
            missed.extend(keys.into_iter().filter(|k| !found.contains(k.as_bytes())));
        }
        let why: Vec<String> = missed
            .iter()
            .map(|k| {
                format!(
                    "{k}: entropy {:.3}, placeholder shape {}",
                    filter::entropy(k.as_bytes()),
                    filter::is_placeholder(k.as_bytes())
                )
            })
            .collect();
        assert!(
            missed.len() * 10_000 < KEYS,
            "{} of {KEYS} random keys missed:\n{}",
            missed.len(),
            why.join("\n")
        );
    }

    /// A PEM body is random base64: a stopword that turns up inside it by chance
    /// (`fake`, `DUMMY`, `Example` glued to other base64 characters) must not drop
    /// the key.
    #[test]
    fn stopwords_inside_a_base64_body_do_not_hide_a_private_key() {
        let m = builtin();
        let mut rng = Rng(7);
        let mut lines: Vec<String> = (0..25).map(|_| rng.base64(64)).collect();
        lines[4].replace_range(20..24, "fake");
        lines[8].replace_range(30..35, "DUMMY");
        lines[12].replace_range(0..7, "Example");
        lines[16].replace_range(57..64, "sample");
        let pem = format!(
            "-----BEGIN RSA PRIVATE KEY-----\n{}\n{}==\n-----END RSA PRIVATE KEY-----\n",
            lines.join("\n"),
            rng.base64(38)
        );
        let found = m.find("id_rsa", pem.as_bytes());
        assert_eq!(found.len(), 1, "the key is reported");
        assert_eq!(m.rule(found[0].rule).id(), "private-key.pem");
    }

    /// Placeholders keep being rejected: a stopword in the name the secret is
    /// assigned to, or standing as a word in the secret itself.
    #[test]
    fn stopwords_around_or_delimited_in_the_secret_still_reject() {
        let m = builtin();
        let key = "8f3c1e9a2b7d4c60e5f1a9b3d7c2e4";
        for text in [
            format!("fake_paperspace_key = \"{key}\""),
            format!("PAPERSPACE_API_KEY_EXAMPLE={key}"),
            format!("dummy_paperspace_api_key = \"{key}\""),
            "-----BEGIN RSA PRIVATE KEY-----\nThis is a fake key for the docs: paste your own key here, never a real one.\n-----END RSA PRIVATE KEY-----\n".to_string(),
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5-EXAMPLE-oAoGCCqGSM49AwEHoUQDQgAE\n-----END EC PRIVATE KEY-----\n".to_string(),
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_string(),
            "aws_access_key_id = AKIAIOSFODNN7EXAMPLE".to_string(),
        ] {
            assert!(m.find("f", text.as_bytes()).is_empty(), "{text}");
        }
    }

    /// Placing matches on lines and looking for allow markers costs work in
    /// proportion to the blob, not to matches times line length: 2,000 keys on one
    /// 1 MiB line (a minified JSON) are located with a few passes over the line.
    #[test]
    fn per_match_work_is_linear_on_one_long_line() {
        let m = builtin();
        let mut rng = Rng(11);
        let mut text = String::from("{");
        let pad = "x".repeat(500);
        for i in 0..2_000 {
            let key = rng.hex(30);
            write!(
                text,
                "\"k{i}\":\"PAPERSPACE_API_KEY={key}\",\"p{i}\":\"{pad}\","
            )
            .unwrap();
        }
        text.push('}');
        let _ = work::take();
        let found = m.find("min.json", text.as_bytes());
        let examined = work::take();
        assert!(found.len() >= 1_990, "{} found", found.len());
        assert!(
            examined <= 8 * text.len(),
            "{examined} bytes examined for a {}-byte blob",
            text.len()
        );
    }

    /// Lines and columns (characters, not bytes) of many matches on long and short
    /// lines with multi-byte text and CRLF, against a plain count from the blob start.
    /// One key throughout, so no filter decides what is found.
    #[test]
    fn lines_and_columns_of_many_matches() {
        let m = builtin();
        let key = "8f3c1e9a2b7d4c60e5f1a9b3d7c2e4";
        let mut text = String::new();
        let mut want = Vec::new();
        for i in 0..3_000 {
            if i % 7 == 0 {
                text.push_str("é中\r\n");
            }
            if i % 5 == 0 {
                text.push('\n');
            }
            text.push_str(&"ü".repeat(i % 13));
            text.push_str(" PAPERSPACE_API_KEY=");
            want.push(text.len());
            text.push_str(key);
            text.push_str(if i % 3 == 0 { " ; " } else { "\n" });
        }
        let found = m.find("f", text.as_bytes());
        let got: Vec<usize> = found.iter().map(|f| f.offset).collect();
        assert_eq!(got, want);
        for f in &found {
            let before = &text[..f.offset];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[line_start..].chars().count() + 1;
            assert_eq!((f.line as usize, f.column as usize), (line, column));
        }
    }
}
