//! Configuration: everything a run needs, resolved to plain data.
//!
//! Owns `.leakscan.toml` (read from the scanned root, or `--config FILE`) and the
//! [`Config`] the library runs on. The command line (`cli.rs`, in the binary) builds a
//! `Config` by calling [`ScanConfig::resolve`] with its flags; this module merges
//! flags over the file over defaults. No scanning happens here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use globset::GlobSet;
use serde::Deserialize;

use crate::error::{Diagnostics, Error, Result};
use crate::finding::Fingerprint;
use crate::matcher::GlobalFilters;
use crate::report::Format;
use crate::rule::{build_globs, build_regex, toml_message, Confidence, RuleSources, RuleSyntax};
use crate::source::base::Base;
use crate::source::fs::WalkOptions;
use crate::verify::ProviderSyntax;

/// The name of the per-project configuration file.
pub const CONFIG_FILE: &str = ".leakscan.toml";

/// Default size limit: larger files are skipped with a note.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Words that mark a match as a placeholder for every rule (PAPERSPACE.md: "values
/// next to words like example/your/dummy/fake/placeholder"). `stopwords` in
/// `.leakscan.toml` adds to them. They count in the text around a secret, and in the
/// secret itself only in one case (short secrets) or as a word of their own (long
/// ones): `crate::filter::has_stopword` has the rule and its odds.
pub const DEFAULT_STOPWORDS: &[&str] = &[
    "example",
    "your_",
    "your-",
    "yourkey",
    "dummy",
    "fake",
    "placeholder",
    "changeme",
    "redacted",
    "sample",
];

/// `.leakscan.toml` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Skip files larger than this: bytes, or a string such as `"10MiB"`.
    #[serde(default)]
    pub max_file_size: Option<SizeSyntax>,
    /// Levels of encoding (base64, percent, string escapes) to look through; 0 turns
    /// decoding off.
    #[serde(default)]
    pub decode_depth: Option<u8>,
    /// Rule ids to turn off.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Ids of rules that are off by default (`enabled = false`) to turn on.
    #[serde(default)]
    pub enable: Vec<String>,
    /// Extra placeholder words for every rule.
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Files of extra rules, relative to this file.
    #[serde(default)]
    pub rule_files: Vec<PathBuf>,
    /// Suppressions.
    #[serde(default)]
    pub allowlist: AllowlistSyntax,
    /// Extra or overriding rules.
    #[serde(default)]
    pub rules: Vec<RuleSyntax>,
    /// Provider API settings: `[providers.paperspace] api_url = "…"`.
    #[serde(default)]
    pub providers: BTreeMap<String, ProviderSyntax>,
    /// Per-request timeout for provider APIs, e.g. `"10s"`.
    #[serde(default)]
    pub http_timeout: Option<String>,
}

/// `[allowlist]` in `.leakscan.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowlistSyntax {
    /// Globs of paths (relative to the scanned root) never reported.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Fingerprints never reported.
    #[serde(default)]
    pub fingerprints: Vec<String>,
    /// Regexes; a secret matching one is never reported.
    #[serde(default)]
    pub regexes: Vec<String>,
}

/// A size: a number of bytes or a string with a unit (`KB`, `KiB`, `MB`, `MiB`, `GB`, `GiB`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum SizeSyntax {
    /// Bytes.
    Bytes(u64),
    /// With a unit.
    Text(String),
}

/// The longest duration accepted anywhere (`--wait`, `http_timeout`): a year. Longer
/// values are typos, and a deadline of `now + u64::MAX` seconds would overflow the
/// clock arithmetic of the HTTP client and the wait loop.
pub const MAX_DURATION: Duration = Duration::from_secs(366 * 24 * 60 * 60);

/// Parse a duration: `90s`, `10m`, `1h`, `500ms`, `1h 30m` (humantime's units), or plain
/// seconds (`30`, `0.5`). The error says what is wrong; callers prefix the flag, variable
/// or key it came from.
pub fn parse_duration(text: &str) -> std::result::Result<Duration, String> {
    let t = text.trim();
    let parsed = if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let secs: f64 = t
            .parse()
            .map_err(|_| format!("cannot read `{t}` as a duration (e.g. 90s, 10m)"))?;
        // try_from refuses NaN, negatives and values past u64::MAX seconds instead of panicking.
        Duration::try_from_secs_f64(secs).map_err(|_| format!("`{t}` is too long a duration"))?
    } else {
        humantime::parse_duration(t).map_err(|e| match e {
            humantime::DurationError::NumberOverflow => {
                format!("`{t}` is too long a duration")
            }
            _ => format!("cannot read `{t}` as a duration (e.g. 90s, 10m): {e}"),
        })?
    };
    if parsed > MAX_DURATION {
        return Err(format!(
            "`{t}` is too long a duration (at most {})",
            humantime::format_duration(MAX_DURATION)
        ));
    }
    Ok(parsed)
}

/// Parse a size: `10MiB`, `500KB`, `1048576` (bytes). Refuses values past `u64::MAX`
/// bytes rather than wrapping; the error says what is wrong, callers prefix where
/// the value came from.
pub fn parse_size(text: &str) -> std::result::Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let unreadable = || format!("cannot read `{t}` as a size (e.g. 10MiB)");
    let too_large = || format!("`{t}` is too large a size (at most {} bytes)", u64::MAX);
    if num.is_empty() {
        return Err(unreadable());
    }
    let n: u64 = num.parse().map_err(|e: std::num::ParseIntError| {
        if *e.kind() == std::num::IntErrorKind::PosOverflow {
            too_large()
        } else {
            unreadable()
        }
    })?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1000,
        "kib" => 1024,
        "m" | "mb" => 1_000_000,
        "mib" => 1024 * 1024,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1024 * 1024 * 1024,
        _ => return Err(unreadable()),
    };
    n.checked_mul(mult).ok_or_else(too_large)
}

/// The accepted range of `rate_per_sec`: at least one request per 100 s, at most 1000
/// a second. Outside it the interval between requests is meaningless (or, at 1e-30, a
/// `Duration` overflow).
pub const RATE_RANGE: std::ops::RangeInclusive<f64> = 0.01..=1000.0;

impl FileConfig {
    /// Read and parse a config file.
    pub fn load(path: &Path) -> Result<FileConfig> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        FileConfig::parse(&text, path)
    }

    /// Parse config text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<FileConfig> {
        toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: toml_message(&e),
        })
    }

    /// The settings that choose where secrets are sent, present in this file.
    fn sending_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .providers
            .keys()
            .map(|p| format!("providers.{p}"))
            .collect();
        if self.http_timeout.is_some() {
            keys.push("http_timeout".into());
        }
        keys
    }
}

/// What to do.
#[derive(Debug)]
pub enum Command {
    /// Scan and report.
    Scan(Box<ScanConfig>),
    /// `leakscan merge`: reports of shards as one.
    Merge(crate::merge::MergeConfig),
    /// Scan and write a baseline (to the scan's `output`, or stdout).
    Baseline {
        /// The scan.
        scan: Box<ScanConfig>,
        /// Reason, who accepted, prune.
        write: crate::baseline::WriteOptions,
    },
    /// List the rules in effect.
    RulesList {
        /// Rule sources.
        rules: RuleSources,
        /// Print as JSON.
        json: bool,
        /// Only rules of these categories (any, if empty).
        categories: Vec<String>,
        /// Only rules of these providers (any, if empty).
        providers: Vec<String>,
    },
    /// List the providers, their base URLs and rules.
    ProvidersList {
        /// Rule sources (to name each provider's rules).
        rules: RuleSources,
        /// Provider settings (base URLs) from the user config.
        providers: std::collections::BTreeMap<String, crate::verify::ProviderSyntax>,
        /// Print as JSON.
        json: bool,
    },
    /// Verify (and, with `--revoke` in its flags, revoke) one secret read from stdin.
    RevokeStdin {
        /// The rule (and so the provider) the secret belongs to.
        rule: String,
        /// Options (rules, providers, revocation flags).
        scan: Box<ScanConfig>,
    },
    /// Write a git pre-commit hook.
    InstallHook {
        /// The repository.
        path: PathBuf,
        /// Overwrite an existing hook.
        force: bool,
    },
    /// Check rules against their examples.
    RulesCheck {
        /// Rule files to check (none: the built-ins).
        files: Vec<PathBuf>,
    },
}

/// The resolved configuration of a run.
#[derive(Debug)]
pub struct Config {
    /// What to do.
    pub command: Command,
    /// Suppress notes (warnings are always shown).
    pub quiet: bool,
}

/// What a scan reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Mode {
    /// Files and directories (and stdin).
    #[default]
    Tree,
    /// The working tree plus every blob reachable from any ref (`--history`).
    History,
    /// What is staged, lines added relative to HEAD (`--staged`).
    Staged,
    /// Lines added by the commits in `REV..HEAD` (`--since REV`).
    Since(String),
}

/// Where the repositories of a many-repository scan are listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RepoList {
    /// `--repos FILE`: one a line.
    File(PathBuf),
    /// `--github-org ORG` or `--gitlab-group GROUP`: the forge's API lists them.
    Forge(crate::forge::Source, crate::forge::Filter),
}

impl RepoList {
    /// The list as named in messages: the file, or `GitHub organisation acme`.
    pub fn label(&self) -> String {
        match self {
            RepoList::File(p) => p.display().to_string(),
            RepoList::Forge(source, _) => source.label(),
        }
    }
}

/// Everything a scan needs.
#[derive(Clone, Debug)]
pub struct ScanConfig {
    /// `--repos FILE`, `--github-org`, `--gitlab-group`: scan every repository
    /// listed there (`org`).
    pub repos: Option<RepoList>,
    /// `--cache-dir`: where repositories given by URL are cloned.
    pub cache_dir: Option<PathBuf>,
    /// `--shard INDEX/COUNT`: the part of the scan this run does.
    pub shard: Option<crate::shard::Shard>,
    /// What to read.
    pub mode: Mode,
    /// Show a progress bar on a terminal.
    pub progress: bool,
    /// History mode: also scan submodules' repositories.
    pub submodules: bool,
    /// History mode: where incremental-rescan state lives (`--state`).
    pub state: Option<PathBuf>,
    /// Roots: directories, files or `-` for stdin (a repository for git modes).
    pub paths: Vec<PathBuf>,
    /// Where rules come from.
    pub rules: RuleSources,
    /// Filters that apply to every rule.
    pub filters: GlobalFilters,
    /// Levels of encoding the matcher looks through.
    pub decode_depth: u8,
    /// How to walk trees.
    pub walk: WalkOptions,
    /// Fingerprints never reported (config allowlist).
    pub allow_fingerprints: Vec<Fingerprint>,
    /// A baseline whose fingerprints are suppressed.
    pub baseline: Option<PathBuf>,
    /// Report format.
    pub format: Format,
    /// Write the report here instead of stdout.
    pub output: Option<PathBuf>,
    /// Put raw secrets in the report.
    pub show_secrets: bool,
    /// Colour text output.
    pub color: bool,
    /// `--verify` (and `--revoke`): what to do with found secrets.
    pub verify: Option<RevokeOptions>,
    /// Report only findings at or above this confidence (`--min-confidence`).
    pub min_confidence: Confidence,
    /// Report only secrets that verified live (`--only-verified`).
    pub only_verified: bool,
    /// `--seal-to`: seal each secret to these recipients (shard format only).
    pub seal_to: crate::seal::Recipients,
}

/// Verification and revocation settings: where each provider is (from trusted
/// sources only, see `load_layers`) and the command-line flags.
#[derive(Clone, Debug, Default)]
pub struct RevokeOptions {
    /// Provider settings (`[providers.*]` of the user config or `--config FILE`).
    pub providers: BTreeMap<String, ProviderSyntax>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// The command-line flags: `--revoke`, `--yes`, `--dry-run`, `--wait`, files.
    pub flags: VerifyFlags,
    /// Raw secrets may be written.
    pub show_secrets: bool,
    /// What was scanned, for the report.
    pub scanned: Vec<PathBuf>,
}

/// Verification and revocation flags from the command line.
#[derive(Debug, Default, Clone)]
pub struct VerifyFlags {
    /// `--verify`.
    pub verify: bool,
    /// `--revoke`.
    pub revoke: bool,
    /// `--yes`.
    pub yes: bool,
    /// `--dry-run`.
    pub dry_run: bool,
    /// `--wait`.
    pub wait: Option<Duration>,
    /// `--audit-log`.
    pub audit_log: Option<PathBuf>,
    /// `--report`.
    pub report: Option<PathBuf>,
    /// `--purge-file`.
    pub purge_file: Option<PathBuf>,
}

/// Scan options given on the command line, before merging with the config file.
#[derive(Debug, Default, Clone)]
pub struct ScanFlags {
    /// `--repos FILE`, `--github-org`, `--gitlab-group`.
    pub repos: Option<RepoList>,
    /// `--cache-dir DIR`.
    pub cache_dir: Option<PathBuf>,
    /// `--shard INDEX/COUNT`.
    pub shard: Option<crate::shard::Shard>,
    /// History mode: the state file or directory of incremental rescans.
    pub state: Option<PathBuf>,
    /// What to read.
    pub mode: Mode,
    /// Progress bar wanted (not `--quiet`).
    pub progress: bool,
    /// `--submodules`.
    pub submodules: bool,
    /// Roots; empty means `.`.
    pub paths: Vec<PathBuf>,
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--rules PATH`.
    pub rules: Vec<PathBuf>,
    /// `--no-builtin-rules`.
    pub no_builtin_rules: bool,
    /// `--disable ID`.
    pub disable: Vec<String>,
    /// `--enable ID`.
    pub enable: Vec<String>,
    /// `--no-ignore`.
    pub no_ignore: bool,
    /// `--max-file-size`.
    pub max_file_size: Option<u64>,
    /// `--decode-depth`.
    pub decode_depth: Option<u8>,
    /// `--baseline FILE`.
    pub baseline: Option<PathBuf>,
    /// `--format`.
    pub format: Format,
    /// `--output FILE`.
    pub output: Option<PathBuf>,
    /// `--show-secrets`.
    pub show_secrets: bool,
    /// Colour wanted (terminal and not disabled).
    pub color: bool,
    /// `--threads`.
    pub threads: usize,
    /// `--verify`, `--revoke` and friends.
    pub verify: VerifyFlags,
    /// `--seal-to RECIPIENT`s (age X25519, `age1…`).
    pub seal_to: Vec<String>,
    /// `--min-confidence` (`None`: everything).
    pub min_confidence: Option<Confidence>,
    /// `--only-verified`: verify, and report only live secrets.
    pub only_verified: bool,
}

/// One configuration file as loaded, with where it came from.
struct Layer {
    /// Its path, for messages (for a file read from git: `REV:path`).
    name: PathBuf,
    file: FileConfig,
    /// Rule files it names: on disk (paths), or already read from git (texts).
    rule_paths: Vec<PathBuf>,
    rule_texts: Vec<(String, String)>,
}

impl Layer {
    fn from_disk(path: &Path) -> Result<Layer> {
        let file = FileConfig::load(path)?;
        let dir = path.parent().unwrap_or(Path::new(""));
        Ok(Layer {
            rule_paths: file.rule_files.iter().map(|p| dir.join(p)).collect(),
            rule_texts: Vec::new(),
            name: path.to_path_buf(),
            file,
        })
    }

    fn from_text(text: &[u8], name: PathBuf) -> Result<Layer> {
        let text = String::from_utf8_lossy(text);
        Ok(Layer {
            file: FileConfig::parse(&text, &name)?,
            name,
            rule_paths: Vec::new(),
            rule_texts: Vec::new(),
        })
    }
}

/// The user's own configuration file: `$XDG_CONFIG_HOME/leakscan/config.toml`, else
/// `~/.config/leakscan/config.toml`.
pub fn user_config_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("leakscan").join("config.toml"))
}

/// `.leakscan.toml` nearest to `start`, looking in `start` and each directory above
/// it up to the repository root (the first directory holding `.git`); outside a
/// repository, only `start` itself.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    let ancestors: Vec<&Path> = start.ancestors().collect();
    let top = ancestors
        .iter()
        .position(|d| d.join(".git").exists())
        .unwrap_or(0);
    ancestors[..=top]
        .iter()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

/// The configuration files of a run, in order of precedence (later wins): the user
/// config, then `--config FILE` or the project's `.leakscan.toml`. In the gate modes
/// the project's files come from the change's base (see `source::base`).
fn load_layers(flags: &ScanFlags, paths: &[PathBuf], diag: &Diagnostics) -> Result<Vec<Layer>> {
    let mut layers = Vec::new();
    if let Some(user) = user_config_path().filter(|p| p.is_file()) {
        layers.push(Layer::from_disk(&user)?);
    }
    let root = paths.first().map_or(Path::new("."), PathBuf::as_path);
    let project = match &flags.mode {
        Mode::Since(rev) => project_from_base(&Base::open(root, Some(rev), diag)?, flags, diag)?,
        Mode::Staged => project_from_base(&Base::open(root, None, diag)?, flags, diag)?,
        Mode::Tree | Mode::History => {
            let path = flags.config.clone().or_else(|| {
                let first = paths.iter().find(|p| !crate::source::fs::is_stdin(p))?;
                let dir = if first.is_dir() {
                    first.as_path()
                } else {
                    first.parent().filter(|d| !d.as_os_str().is_empty())?
                };
                discover(dir)
            });
            path.map(|p| Layer::from_disk(&p)).transpose()?
        }
    };
    if let Some(mut layer) = project {
        // Only files the person running leakscan chose may say where secrets go.
        if flags.config.is_none() {
            let keys = layer.file.sending_keys();
            if !keys.is_empty() {
                diag.caution(format_args!(
                    "{}: ignoring {} (settings that send secrets somewhere are read only from flags, the environment, --config FILE or {})",
                    layer.name.display(),
                    keys.join(", "),
                    user_config_path().map_or_else(|| "the user config".into(), |p| p.display().to_string())
                ));
                layer.file.providers.clear();
                layer.file.http_timeout = None;
            }
            // Nor read files outside the tree it sits in.
            let dir = layer.name.parent().unwrap_or(Path::new("")).to_path_buf();
            let (inside, outside): (Vec<PathBuf>, Vec<PathBuf>) =
                layer.rule_paths.drain(..).partition(|p| {
                    p.strip_prefix(&dir).is_ok_and(|rel| {
                        rel.components()
                            .all(|c| matches!(c, std::path::Component::Normal(_)))
                    })
                });
            if !outside.is_empty() {
                diag.caution(format_args!(
                    "{}: ignoring rule_files outside its directory: {}",
                    layer.name.display(),
                    outside
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            layer.rule_paths = inside;
        }
        layers.push(layer);
    }
    for layer in &layers {
        diag.note(format_args!("configuration: {}", layer.name.display()));
    }
    Ok(layers)
}

/// The project configuration of a gate run, as the change's base has it: `--config
/// FILE` (its base version if the change could have edited it), else the base's
/// `.leakscan.toml`. The rule files it names are read from the base too.
fn project_from_base(base: &Base, flags: &ScanFlags, diag: &Diagnostics) -> Result<Option<Layer>> {
    let (text, name) = match &flags.config {
        Some(path) => (base.gate_file(path)?, path.clone()),
        None => (
            base.read(CONFIG_FILE)?,
            format!("{}:{CONFIG_FILE}", base.name()).into(),
        ),
    };
    let Some(text) = text else {
        if let Some(path) = &flags.config {
            diag.note(format_args!(
                "{}: not in {}: the change adds it, so it does not apply",
                path.display(),
                base.name()
            ));
        }
        return Ok(None);
    };
    let mut layer = Layer::from_text(&text, name)?;
    for rel in std::mem::take(&mut layer.file.rule_files) {
        let rel = super_slash(&rel);
        let text = base.read(&rel)?.ok_or_else(|| Error::Config {
            path: layer.name.clone(),
            message: format!("rule_files: `{rel}` is not in {}", base.name()),
        })?;
        let origin = format!("{}:{rel}", base.name());
        layer
            .rule_texts
            .push((String::from_utf8_lossy(&text).into_owned(), origin));
    }
    Ok(Some(layer))
}

/// A relative path from a config file, with `/` separators, for tree lookups.
fn super_slash(p: &Path) -> String {
    crate::source::fs::slash_path(p)
        .trim_start_matches("./")
        .to_string()
}

impl ScanConfig {
    /// Merge command-line flags over the configuration files (see [`load_layers`])
    /// over defaults.
    pub fn resolve(flags: ScanFlags, diag: &Diagnostics) -> Result<ScanConfig> {
        let paths = if flags.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            flags.paths.clone()
        };
        let layers = load_layers(&flags, &paths, diag)?;

        let mut max_file_size = DEFAULT_MAX_FILE_SIZE;
        let mut decode_depth = crate::matcher::DEFAULT_DECODE_DEPTH;
        let mut stopwords: Vec<String> =
            DEFAULT_STOPWORDS.iter().map(ToString::to_string).collect();
        let mut allow_globs = Vec::new();
        let mut allow = Vec::new();
        let mut allow_fingerprints = Vec::new();
        let mut rules = RuleSources {
            no_builtin: flags.no_builtin_rules,
            ..RuleSources::default()
        };
        let mut providers: BTreeMap<String, ProviderSyntax> = BTreeMap::new();
        let mut http_timeout = None;
        for layer in layers {
            let cfg_err = |message: String| Error::Config {
                path: layer.name.clone(),
                message,
            };
            let file = layer.file;
            match &file.max_file_size {
                Some(SizeSyntax::Bytes(n)) => max_file_size = *n,
                Some(SizeSyntax::Text(t)) => {
                    max_file_size =
                        parse_size(t).map_err(|e| cfg_err(format!("max_file_size: {e}")))?;
                }
                None => {}
            }
            if let Some(d) = file.decode_depth {
                decode_depth = check_decode_depth(d).map_err(cfg_err)?;
            }
            for r in &file.allowlist.regexes {
                allow.push(build_regex(r).map_err(|e| cfg_err(format!("allowlist.regexes: {e}")))?);
            }
            for f in &file.allowlist.fingerprints {
                allow_fingerprints.push(Fingerprint::parse(f).ok_or_else(|| {
                    cfg_err(format!(
                        "allowlist.fingerprints: `{f}` is not a 32-hex-digit fingerprint"
                    ))
                })?);
            }
            if !file.allowlist.paths.is_empty() {
                compile_path_globs(&file.allowlist.paths).map_err(cfg_err)?;
                allow_globs.extend(file.allowlist.paths);
            }
            stopwords.extend(file.stopwords);
            let origin = layer.name.display().to_string();
            rules.paths.extend(layer.rule_paths);
            for (text, origin) in &layer.rule_texts {
                rules.inline.extend(crate::rule::parse_rules(text, origin)?);
            }
            rules
                .inline
                .extend(file.rules.into_iter().map(|r| (r, origin.clone())));
            rules.disabled.extend(file.disable);
            rules.enabled.extend(file.enable);
            for (id, p) in file.providers {
                if let Some(rate) = p.rate_per_sec {
                    if !RATE_RANGE.contains(&rate) {
                        return Err(cfg_err(format!(
                            "providers.{id}.rate_per_sec: {rate} is not a rate between {} and {} requests per second",
                            RATE_RANGE.start(),
                            RATE_RANGE.end()
                        )));
                    }
                }
                providers.insert(id, p);
            }
            if let Some(t) = file.http_timeout {
                http_timeout = Some((t, layer.name.clone()));
            }
        }
        if let Some(n) = flags.max_file_size {
            max_file_size = n;
        }
        if let Some(d) = flags.decode_depth {
            decode_depth = check_decode_depth(d).map_err(Error::Usage)?;
        }
        rules.paths.extend(flags.rules);
        rules.disabled.extend(flags.disable);
        rules.enabled.extend(flags.enable);
        let allow_paths = compile_path_globs(&allow_globs).map_err(|message| Error::Config {
            path: CONFIG_FILE.into(),
            message,
        })?;

        let timeout = match std::env::var("LEAKSCAN_HTTP_TIMEOUT") {
            Ok(t) => parse_duration(&t)
                .map_err(|e| Error::Usage(format!("LEAKSCAN_HTTP_TIMEOUT: {e}")))?,
            Err(_) => match http_timeout {
                None => Duration::from_secs(15),
                Some((t, path)) => parse_duration(&t).map_err(|e| Error::Config {
                    path,
                    message: format!("http_timeout: {e}"),
                })?,
            },
        };
        let mut v = flags.verify;
        v.verify |= flags.only_verified;
        let revoking = v.revoke;
        let keep_root = paths.len() > 1;
        if v.purge_file.is_some() && !flags.show_secrets {
            return Err(Error::Usage(
                "--purge-file writes raw secrets: it needs --show-secrets".into(),
            ));
        }
        let verify = (v.verify || v.revoke).then(|| RevokeOptions {
            providers,
            timeout,
            flags: v,
            show_secrets: flags.show_secrets,
            scanned: paths.clone(),
        });
        if flags.mode != Mode::Tree && paths.len() > 1 {
            return Err(Error::Usage(
                "--history, --staged and --since take one repository path".into(),
            ));
        }
        if flags.repos.is_some() && matches!(flags.mode, Mode::Staged | Mode::Since(_)) {
            return Err(Error::Usage(
                "--repos scans whole repositories: it does not go with --staged or --since".into(),
            ));
        }
        if flags.shard.is_some() && flags.repos.is_none() && flags.mode != Mode::History {
            return Err(Error::Usage(
                "--shard splits --repos (by repository) or --history (by blob)".into(),
            ));
        }
        if flags.shard.is_some() && flags.repos.is_none() && flags.submodules {
            return Err(Error::Usage(
                "--shard splits one history's blobs; its submodules are other histories: use --repos to shard them, or drop --submodules".into(),
            ));
        }
        if flags.shard.is_some() && flags.repos.is_none() && flags.state.is_some() {
            return Err(Error::Usage(
                "--shard on one history and --state do not go together (a shard reads part of the blobs); with --repos each repository is scanned whole by one shard, and --state DIR/ works".into(),
            ));
        }
        if !flags.seal_to.is_empty() && flags.format != Format::Shard {
            return Err(Error::Usage(
                "--seal-to seals secrets into the shard report for `leakscan merge --identity`: use it with --format shard".into(),
            ));
        }
        let seal_to = crate::seal::Recipients::parse(&flags.seal_to)?;
        Ok(ScanConfig {
            repos: flags.repos,
            cache_dir: flags.cache_dir,
            shard: flags.shard,
            mode: flags.mode,
            progress: flags.progress,
            submodules: flags.submodules,
            state: flags.state,
            paths,
            rules,
            filters: GlobalFilters { stopwords, allow },
            decode_depth,
            walk: WalkOptions {
                // Incident response looks everywhere a key may sit: a local `.env`
                // is ignored by git precisely because it holds secrets.
                no_ignore: flags.no_ignore || revoking,
                max_file_size,
                allow_paths,
                threads: flags.threads,
                keep_root,
            },
            allow_fingerprints,
            baseline: flags.baseline,
            format: flags.format,
            output: flags.output,
            show_secrets: flags.show_secrets,
            color: flags.color && flags.format == Format::Text,
            verify,
            min_confidence: flags.min_confidence.unwrap_or(Confidence::Low),
            only_verified: flags.only_verified,
            seal_to,
        })
    }
}

/// Deepest decoding allowed: each level multiplies the worst-case work.
pub const MAX_DECODE_DEPTH: u8 = 3;

fn check_decode_depth(d: u8) -> std::result::Result<u8, String> {
    if d > MAX_DECODE_DEPTH {
        return Err(format!(
            "decode_depth: {d} is more than {MAX_DECODE_DEPTH} levels of encoding"
        ));
    }
    Ok(d)
}

fn compile_path_globs(globs: &[String]) -> std::result::Result<Option<GlobSet>, String> {
    if globs.is_empty() {
        return Ok(None);
    }
    build_globs(globs)
        .map(Some)
        .map_err(|e| format!("allowlist.paths: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10MiB"), Ok(10 * 1024 * 1024));
        assert_eq!(parse_size("500 KB"), Ok(500_000));
        assert_eq!(parse_size("123"), Ok(123));
        assert_eq!(parse_size("18446744073709551615"), Ok(u64::MAX));
        assert!(parse_size("12 parsecs")
            .unwrap_err()
            .contains("cannot read"));
        assert!(parse_size("MiB").unwrap_err().contains("cannot read"));
        let err = parse_size("18446744073709551616").unwrap_err();
        assert!(err.contains("too large"), "{err}");
        let err = parse_size("18446744073709551615KiB").unwrap_err();
        assert!(err.contains("too large"), "{err}");
    }

    #[test]
    fn durations() {
        let secs = Duration::from_secs;
        assert_eq!(parse_duration("90s"), Ok(secs(90)));
        assert_eq!(parse_duration("10m"), Ok(secs(600)));
        assert_eq!(parse_duration("10min"), Ok(secs(600)));
        assert_eq!(parse_duration("1h"), Ok(secs(3600)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("45"), Ok(secs(45)));
        assert_eq!(parse_duration("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration(" 2m "), Ok(secs(120)));
        for bad in ["", "ten", "10 parsecs", "-5s", "1..2"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        for huge in [
            "99999999999999999999999",
            "99999999999999999999999s",
            "18446744073709551615",
            "18446744073709551615h",
            "1e300",
            "400days",
        ] {
            let err = parse_duration(huge).unwrap_err();
            assert!(
                err.contains("too long") || err.contains("cannot read"),
                "{huge}: {err}"
            );
        }
    }

    #[test]
    fn unknown_key_is_an_error_with_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, "disable = []\nmax_filesize = 3\n").unwrap();
        let msg = FileConfig::load(&path).unwrap_err().to_string();
        assert!(msg.contains(CONFIG_FILE) && msg.contains("line 2"), "{msg}");
    }
}
