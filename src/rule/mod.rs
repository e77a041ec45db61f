//! Rules: what a secret looks like, as data.
//!
//! Owns the rule file format ([`RuleSyntax`], serde 1:1 with `rules/*.toml`), its
//! validated and compiled form ([`Rule`]; `TryFrom<RuleSyntax>` is the only place a
//! rule regex is built) and the [`RuleSet`] a scan uses (built-ins, plus `--rules`
//! files and `.leakscan.toml` rules that add or override by id, minus disabled ids).
//! Matching itself lives in `matcher`; the self-test of examples in `rule::check`.

pub mod builtin;
pub mod check;
mod gate;
mod validate;

use std::collections::BTreeMap;
use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::bytes::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

pub use validate::Validator;

use crate::error::{Error, Result};

/// How sure a rule is that a match is a real secret.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Plausible, noisy: e.g. the loose Paperspace variant.
    Low,
    /// Context makes it likely.
    Medium,
    /// A distinctive format (a prefix, a checksum) or strong context.
    #[default]
    High,
}

impl Confidence {
    /// The lowercase name used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// A rules file: `[[rules]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFileSyntax {
    /// The rules it defines.
    #[serde(default)]
    pub rules: Vec<RuleSyntax>,
}

/// One rule as written in a TOML file: parsed, not validated.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSyntax {
    /// Stable id, e.g. `paperspace.api-key`. Never reused for another meaning.
    pub id: String,
    /// The category (`cloud`, `vcs`, `generic`, …): a built-in rule's folder under
    /// `rules/`; `custom` for other rules unless they say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Human name.
    pub name: String,
    /// What the secret is and why it matters.
    #[serde(default)]
    pub description: String,
    /// `high`, `medium` or `low`.
    #[serde(default)]
    pub confidence: Confidence,
    /// Literal prefilter (ASCII case-insensitive). The pattern is only run near a keyword
    /// hit. Empty means "run on every blob", allowed only together with `paths`.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Regex (Rust syntax, bytes, ASCII classes); the first capture group that takes
    /// part in a match is the secret (the whole match if there is no group).
    pub pattern: String,
    /// Lines above a keyword hit that the pattern may match in.
    #[serde(default)]
    pub lines_before: u32,
    /// Lines below a keyword hit that the pattern may match in.
    #[serde(default)]
    pub lines_after: u32,
    /// Minimum Shannon entropy of the secret, in bits per byte.
    #[serde(default)]
    pub min_entropy: Option<f64>,
    /// Reject structural placeholders (`xxxx…`, `0000…`, repeats, sequences). Default on.
    #[serde(default = "yes")]
    pub reject_placeholders: bool,
    /// Words (case-insensitive) that, inside the match, mark it as a placeholder.
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Regexes; a secret matching any of them is not reported.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Only scan files whose path matches one of these globs (e.g. `**/.paperspace/config.json`).
    #[serde(default)]
    pub paths: Vec<String>,
    /// An offline check of the secret's own structure, e.g. `crc32-base62` (GitHub, npm).
    #[serde(default)]
    pub validate: Option<String>,
    /// The provider that can verify (and maybe revoke) the secret, e.g. `paperspace`.
    #[serde(default)]
    pub verify: Option<String>,
    /// Off by default (noisy rules); enable with `enable = ["id"]` in `.leakscan.toml`.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Links to the provider's documentation of the format.
    #[serde(default)]
    pub references: Vec<String>,
    /// Texts the rule must find something in.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Texts the rule must find nothing in.
    #[serde(default)]
    pub negative_examples: Vec<String>,
    /// The path examples are checked under, for rules limited by `paths`.
    #[serde(default)]
    pub example_path: Option<String>,
}

fn yes() -> bool {
    true
}

/// A validated, compiled rule.
#[derive(Debug)]
pub struct Rule {
    /// The rule as written.
    pub syntax: RuleSyntax,
    /// Where it came from (`builtin:paperspace.toml`, `path/to/rules.toml:12`).
    pub origin: String,
    /// The pattern and the allow regexes, compiled on first use: most of hundreds
    /// of rules never see their keyword in a scan, and compiling them all costs more
    /// than a small scan (built-in rules only: they are checked by the test suite;
    /// other rules compile when they load, so their errors show at once).
    compiled: std::sync::OnceLock<Compiled>,
    pub(crate) paths: Option<GlobSet>,
    pub(crate) stopwords: Vec<Vec<u8>>,
    pub(crate) validator: Option<Validator>,
}

impl Rule {
    /// The stable id.
    pub fn id(&self) -> &str {
        &self.syntax.id
    }

    /// The rule's confidence.
    pub fn confidence(&self) -> Confidence {
        self.syntax.confidence
    }

    /// The category: a built-in rule's folder (`cloud`, `generic`, …), else what the
    /// rule says, else `custom`.
    pub fn category(&self) -> &str {
        self.syntax.category.as_deref().unwrap_or("custom")
    }

    /// The provider: the id up to its first `.` (`paperspace` for `paperspace.api-key`).
    pub fn provider(&self) -> &str {
        self.syntax.id.split('.').next().unwrap_or(&self.syntax.id)
    }

    /// How specific the rule is, for rules that match the same bytes: 0 for the
    /// name-anchored catch-alls (`generic.*` ids), which any other rule beats
    /// whatever the confidence; then, at equal confidence, a rule limited to certain
    /// files (3) beats a provider's rule (2), which beats a generic format such as
    /// a JWT or a URL password (1).
    pub(crate) fn specificity(&self) -> u8 {
        match (
            self.paths.is_some(),
            self.category() == "generic",
            self.syntax.id.starts_with("generic."),
        ) {
            (true, _, _) => 3,
            (false, false, _) => 2,
            (false, true, false) => 1,
            (false, true, true) => 0,
        }
    }

    /// How far from its keyword the rule looks (lines before plus after): of two
    /// rules that report the same bytes, the one that needs its context nearer is
    /// the more specific.
    pub(crate) fn reach(&self) -> u32 {
        self.syntax
            .lines_before
            .saturating_add(self.syntax.lines_after)
    }

    /// The compiled pattern and allow regexes (compiled now if not yet). `None`
    /// only if a built-in rule fails to compile, which the test suite rules out;
    /// such a rule then matches nothing.
    pub(crate) fn compiled(&self) -> Option<&Compiled> {
        let c = self.compiled.get_or_init(|| {
            Compiled::new(&self.syntax).unwrap_or(Compiled {
                regex: None,
                allow: Vec::new(),
                gate: None,
            })
        });
        c.regex.is_some().then_some(c)
    }

    /// Whether a hit of the rule's keyword number `keyword` ending at `at` can
    /// continue into a match (see [`gate`]); true where the rule has no gate.
    pub(crate) fn passes_gate(&self, keyword: usize, bytes: &[u8], at: usize) -> bool {
        self.compiled()
            .and_then(|c| c.gate.as_ref())
            .is_none_or(|g| g.passes(keyword, bytes, at))
    }

    /// Whether a blob at `path` is in this rule's scope.
    pub(crate) fn applies_to(&self, path: &str) -> bool {
        self.paths.as_ref().is_none_or(|set| set.is_match(path))
    }

    /// Compile `syntax`; `origin` names the file (and line) for error messages.
    pub fn compile(syntax: RuleSyntax, origin: String) -> Result<Rule> {
        let fail = |message: String| Error::Rule {
            origin: origin.clone(),
            id: syntax.id.clone(),
            message,
        };
        if syntax.id.trim().is_empty() || syntax.id.contains(char::is_whitespace) {
            return Err(fail("id must be non-empty and contain no spaces".into()));
        }
        if syntax.keywords.iter().any(|k| k.len() < 2) {
            return Err(fail("keywords must be at least 2 bytes long".into()));
        }
        if syntax.keywords.is_empty() && syntax.paths.is_empty() {
            return Err(fail(
                "a rule needs `keywords` (the prefilter) or `paths` (files it is limited to)"
                    .into(),
            ));
        }
        let compiled = std::sync::OnceLock::new();
        if !origin.starts_with(BUILTIN_ORIGIN) {
            let now = Compiled::new(&syntax).map_err(fail)?;
            let _ = compiled.set(now);
        }
        let paths = if syntax.paths.is_empty() {
            None
        } else {
            Some(build_globs(&syntax.paths).map_err(|e| fail(format!("paths: {e}")))?)
        };
        let validator = match &syntax.validate {
            None => None,
            Some(name) => Some(Validator::from_name(name).ok_or_else(|| {
                fail(format!(
                    "unknown validate `{name}` (known: {})",
                    Validator::NAMES.join(", ")
                ))
            })?),
        };
        if let Some(e) = syntax.min_entropy {
            if !(0.0..=8.0).contains(&e) {
                return Err(fail(format!("min_entropy {e} is outside 0..=8")));
            }
        }
        let stopwords = syntax
            .stopwords
            .iter()
            .map(|w| w.to_ascii_lowercase().into_bytes())
            .collect();
        Ok(Rule {
            syntax,
            origin,
            compiled,
            paths,
            stopwords,
            validator,
        })
    }
}

/// Origins of built-in rules start with this.
pub(crate) const BUILTIN_ORIGIN: &str = "builtin:";

/// A rule's regexes.
#[derive(Debug)]
pub(crate) struct Compiled {
    /// The pattern (`None`: it did not compile; see [`Rule::compiled`]).
    pub(crate) regex: Option<Regex>,
    pub(crate) allow: Vec<Regex>,
    /// The pattern after its keyword ([`gate`]), where it splits soundly.
    pub(crate) gate: Option<gate::Gate>,
}

impl Compiled {
    fn new(syntax: &RuleSyntax) -> std::result::Result<Compiled, String> {
        let regex = build_pattern(&syntax.pattern).map_err(|e| format!("pattern: {e}"))?;
        let allow = syntax
            .allow
            .iter()
            .map(|p| build_regex(p).map_err(|e| format!("allow pattern: {e}")))
            .collect::<std::result::Result<Vec<_>, String>>()?;
        Ok(Compiled {
            regex: Some(regex),
            allow,
            gate: gate::Gate::new(&syntax.pattern, &syntax.keywords),
        })
    }
}

/// Compile a rule's pattern as [`build_regex`] does, with `^` and `$` matching at
/// line boundaries too: a rule runs on a window that starts at a line's start, so a
/// pattern's `(?:^|[^A-Za-z0-9_])` must see that line start as one (without this,
/// only a blob's first line could match it).
pub(crate) fn build_pattern(pattern: &str) -> Result<Regex, regex::Error> {
    check_length(pattern)?;
    RegexBuilder::new(pattern)
        .unicode(false)
        .multi_line(true)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 21)
        .build()
}

fn check_length(pattern: &str) -> Result<(), regex::Error> {
    // Parsing alone is linear but slow for huge patterns (a 10 MB one took 30 s before
    // the compiled-size limit refused it); no real rule comes near this length.
    if pattern.len() > MAX_PATTERN_LEN {
        return Err(regex::Error::Syntax(format!(
            "the pattern is {} bytes long; the limit is {MAX_PATTERN_LEN}",
            pattern.len()
        )));
    }
    Ok(())
}

/// Compile a rule regex: bytes, ASCII classes, bounded size so no rule can blow up
/// memory or compile time. The regex crate guarantees linear-time matching.
pub(crate) fn build_regex(pattern: &str) -> Result<Regex, regex::Error> {
    check_length(pattern)?;
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 21)
        .build()
}

/// Longest pattern text accepted (bytes).
const MAX_PATTERN_LEN: usize = 64 * 1024;

/// Compile path globs; `**/` matches any depth and `*` stays inside one component.
pub(crate) fn build_globs(globs: &[String]) -> Result<GlobSet, globset::Error> {
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        set.add(GlobBuilder::new(glob).literal_separator(true).build()?);
        // `dir/` style and bare names match at any depth, as in .gitignore.
        if !glob.contains('/') {
            set.add(
                GlobBuilder::new(&format!("**/{glob}"))
                    .literal_separator(true)
                    .build()?,
            );
        }
    }
    set.build()
}

/// Parse a rules file's text; `name` is used in error messages.
pub fn parse_rules(text: &str, name: &str) -> Result<Vec<(RuleSyntax, String)>> {
    let file: RuleFileSyntax = toml::from_str(text).map_err(|e| Error::Config {
        path: name.into(),
        message: toml_message(&e),
    })?;
    Ok(file
        .rules
        .into_iter()
        .map(|rule| {
            let origin = format!("{name}:{}", id_line(text, &rule.id));
            (rule, origin)
        })
        .collect())
}

/// A TOML error as one line: `line L, column C: message`.
pub(crate) fn toml_message(err: &toml::de::Error) -> String {
    let msg = err.message().trim();
    match err.span() {
        Some(span) => {
            // toml reports byte spans; the Display form has line/column but spans lines.
            let text = err.to_string();
            let pos = text
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("TOML parse error at "))
                .unwrap_or("")
                .to_string();
            if pos.is_empty() {
                format!("bytes {}..{}: {msg}", span.start, span.end)
            } else {
                format!("{pos}: {msg}")
            }
        }
        None => msg.to_string(),
    }
}

/// The 1-based line where `id = "<id>"` appears in `text` (1 if not found).
fn id_line(text: &str, id: &str) -> usize {
    let quoted = format!("\"{id}\"");
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.starts_with("id") && l.contains(&quoted)
        })
        .map_or(1, |i| i + 1)
}

/// The rules a scan uses, in a stable order (by id).
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
}

/// Where rules come from, resolved from the command line and config.
#[derive(Clone, Debug, Default)]
pub struct RuleSources {
    /// Skip the embedded rules.
    pub no_builtin: bool,
    /// Rule files or directories of `*.toml` (`--rules`).
    pub paths: Vec<std::path::PathBuf>,
    /// Rules written inline in `.leakscan.toml`, with that file's name.
    pub inline: Vec<(RuleSyntax, String)>,
    /// Ids to drop.
    pub disabled: Vec<String>,
    /// Ids of `enabled = false` rules to turn on.
    pub enabled: Vec<String>,
    /// Turn on every `enabled = false` rule too (`rules list --all`).
    pub all: bool,
}

impl RuleSet {
    /// Load, merge (later sources override earlier ones by id) and compile rules.
    pub fn load(sources: &RuleSources) -> Result<RuleSet> {
        let mut merged: BTreeMap<String, (RuleSyntax, String)> = BTreeMap::new();
        if !sources.no_builtin {
            for (rule, origin) in builtin::syntax()? {
                merged.insert(rule.id.clone(), (rule, origin));
            }
        }
        for path in &sources.paths {
            for file in rule_files(path)? {
                let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
                for (rule, origin) in parse_rules(&text, &file.display().to_string())? {
                    merged.insert(rule.id.clone(), (rule, origin));
                }
            }
        }
        for (rule, origin) in &sources.inline {
            merged.insert(rule.id.clone(), (rule.clone(), origin.clone()));
        }
        for id in sources.disabled.iter().chain(&sources.enabled) {
            if !merged.contains_key(id) {
                return Err(Error::Usage(format!(
                    "unknown rule id `{id}` in disable/enable list"
                )));
            }
        }
        let rules = merged
            .into_values()
            .filter(|(r, _)| !sources.disabled.contains(&r.id))
            .filter(|(r, _)| r.enabled || sources.all || sources.enabled.contains(&r.id))
            .map(|(r, origin)| Rule::compile(r, origin))
            .collect::<Result<Vec<_>>>()?;
        Ok(RuleSet { rules })
    }

    /// A set of already compiled rules.
    pub fn from_rules(mut rules: Vec<Rule>) -> RuleSet {
        rules.sort_by(|a, b| a.syntax.id.cmp(&b.syntax.id));
        RuleSet { rules }
    }

    /// The rules, sorted by id.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Find a rule by id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.syntax.id == id)
    }
}

/// A rules path: a file, or a directory whose `*.toml` files are read in name order.
/// The rule files a `--rules` path names: the file itself, or every `*.toml` under
/// a directory (recursively, so a copy of `rules/<category>/` loads as is), sorted.
pub fn rule_files(path: &Path) -> Result<Vec<std::path::PathBuf>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut dirs = vec![path.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let p = entry.path();
            if entry.file_type().map_err(|e| Error::io(&p, e))?.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "toml") {
                files.push(p);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syntax(pattern: &str) -> RuleSyntax {
        let text = format!(
            "[[rules]]\nid = \"t.one\"\nname = \"T\"\nkeywords = [\"kk\"]\npattern = '''{pattern}'''\n"
        );
        parse_rules(&text, "t.toml").unwrap().remove(0).0
    }

    /// A pattern's `^` matches at the start of any line of the window, not only at
    /// the blob's start.
    #[test]
    fn patterns_see_line_starts() {
        let rule = Rule::compile(syntax(r"(?:^|[^a-z])(kk[0-9]{6})"), "t.toml:1".into()).unwrap();
        let matcher = crate::matcher::Matcher::new(
            RuleSet::from_rules(vec![rule]),
            crate::matcher::GlobalFilters::default(),
        )
        .unwrap();
        let found = matcher.find("f", b"first line\nkk937150\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 2);
    }

    /// Built-in rules compile lazily, at first use: every one must compile.
    #[test]
    fn every_builtin_rule_compiles() {
        for (syntax, origin) in builtin::syntax().unwrap() {
            assert!(origin.starts_with(BUILTIN_ORIGIN), "{origin}");
            if let Err(e) = Compiled::new(&syntax) {
                panic!("{} ({origin}): {e}", syntax.id);
            }
        }
    }

    #[test]
    fn bad_regex_names_rule_and_origin() {
        let err = Rule::compile(syntax("(unclosed"), "t.toml:2".into()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("t.toml:2") && msg.contains("t.one") && msg.contains("pattern"));
    }

    #[test]
    fn unknown_field_is_an_error_with_line() {
        let err = parse_rules(
            "[[rules]]\nid = \"a\"\nname = \"A\"\npatern = \"x\"\n",
            "r.toml",
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("r.toml") && msg.contains("line"), "{msg}");
    }

    #[test]
    fn id_line_points_at_the_rule() {
        let text = "# c\n[[rules]]\nid = \"a\"\n\n[[rules]]\nid = \"b\"\n";
        assert_eq!(id_line(text, "a"), 3);
        assert_eq!(id_line(text, "b"), 6);
    }
}
