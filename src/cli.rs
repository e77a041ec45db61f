//! The command line: clap types and their conversion to a library [`Config`].
//!
//! Declarative only: doc comments are the help text. The one I/O this does is reading
//! the config file, through `ScanConfig::resolve`.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use leakscan::config::{
    parse_duration, parse_size, Command, Config, Mode, RepoList, ScanConfig, ScanFlags, VerifyFlags,
};
use leakscan::report::Format;
use leakscan::shard::Shard;
use leakscan::Diagnostics;

/// Find hard-coded secrets (Paperspace API keys first) in files and git history.
///
/// Exit codes: 0 nothing found (with --revoke: no live secret remains), 1 findings,
/// 2 error or incomplete scan, 3 a secret verified live remains.
#[derive(Debug, Parser)]
#[command(
    name = "leakscan",
    version,
    about,
    long_about = None,
    after_help = "Incident response: `leakscan --revoke [PATH]` is `leakscan scan --history --verify --revoke [PATH]`.\nExit codes: 0 nothing found (with --revoke: no live secret remains), 1 findings, 2 error or incomplete scan, 3 a secret verified live remains."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Sub,
    /// Print no notes (warnings are always printed).
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Print how long each phase took (history: walk, read and match, work tree,
    /// attribute), on stderr.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// When to colour text output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Debug, Subcommand)]
enum Sub {
    /// Scan files and directories for secrets.
    Scan(ScanArgs),
    /// Scan and write a baseline of the current findings (fingerprints, no lines)
    /// to `--output FILE` or stdout. An existing FILE keeps each entry's reason and
    /// who accepted it; entries that match nothing any more are dropped and listed.
    Baseline(BaselineArgs),
    /// Merge reports of shards (`scan --shard I/N --format shard`; also JSON and
    /// JSONL reports) into the report the unsharded scan writes.
    Merge(MergeArgs),
    /// List or check rules.
    #[command(subcommand)]
    Rules(RulesCmd),
    /// Verify and revoke one secret read from stdin (never from argv, which lands in
    /// shell history), for a key that leaked somewhere leakscan cannot scan.
    Revoke {
        /// The rule whose provider handles the secret, e.g. paperspace.api-key.
        #[arg(long, value_name = "RULE_ID")]
        rule: String,
        /// `-`: read the secret from stdin.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(["-"]))]
        input: String,
        #[command(flatten)]
        rules: RuleArgs,
        #[command(flatten)]
        act: ActArgs,
        /// Report format.
        #[arg(short, long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// Put the raw secret in the outputs (needed for --purge-file).
        #[arg(long)]
        show_secrets: bool,
    },
    /// Verify one secret read from stdin (never from argv): prints whether it is
    /// live and whose it is. Exit 3 if it is or may be live, 0 if invalid.
    Verify {
        /// The rule whose provider checks the secret, e.g. openai.api-key.
        #[arg(long, value_name = "RULE_ID")]
        rule: String,
        /// `-`: read the secret from stdin.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(["-"]))]
        input: String,
        #[command(flatten)]
        rules: RuleArgs,
        /// Append the verification to this JSONL audit log.
        #[arg(long, value_name = "FILE")]
        audit_log: Option<PathBuf>,
        /// Report format.
        #[arg(short, long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// List the providers leakscan verifies and revokes with.
    #[command(subcommand)]
    Providers(ProvidersCmd),
    /// Install a git pre-commit hook that runs `leakscan scan --staged`.
    InstallHook {
        /// The repository.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Overwrite an existing pre-commit hook.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
struct BaselineArgs {
    #[command(flatten)]
    scan: ScanArgs,
    /// Why the findings this run adds are accepted (recorded on each new entry).
    #[arg(long, value_name = "TEXT")]
    reason: Option<String>,
    /// Who accepted them (recorded on each new entry, e.g. an email).
    #[arg(long, value_name = "WHO")]
    accepted_by: Option<String>,
    /// Only drop the entries of `--output FILE` that match nothing any more; add
    /// no new finding.
    #[arg(long)]
    prune: bool,
}

#[derive(Debug, Subcommand)]
enum ProvidersCmd {
    /// Each provider: id, name, whether it verifies, how it revokes (api or
    /// manual), its base-URL variable and default, and its rules.
    List {
        #[command(flatten)]
        rules: RuleArgs,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum RulesCmd {
    /// List the rules in effect (built-ins plus --rules and config, minus disabled).
    List {
        #[command(flatten)]
        rules: RuleArgs,
        /// Print rules as JSON.
        #[arg(long)]
        json: bool,
        /// Also list the rules that are off by default (marked `off`).
        #[arg(long)]
        all: bool,
        /// Only rules of this category (`cloud`, `vcs`, `generic`, …; repeatable).
        #[arg(long, value_name = "NAME")]
        category: Vec<String>,
        /// Only rules of this provider (the id before its `.`: `aws`; repeatable).
        #[arg(long, value_name = "NAME")]
        provider: Vec<String>,
    },
    /// Check rules against their own examples (built-ins if no FILE).
    Check {
        /// Rule files to check.
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Args)]
struct RuleArgs {
    /// Extra rule file or directory of *.toml (repeatable); same ids override.
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Do not load the built-in rules.
    #[arg(long)]
    no_builtin_rules: bool,
    /// Turn off a rule id (repeatable).
    #[arg(long, value_name = "ID")]
    disable: Vec<String>,
    /// Turn on a rule that is off by default, e.g. generic.password (repeatable).
    #[arg(long, value_name = "ID")]
    enable: Vec<String>,
    /// Configuration file, trusted like the user config (default: when scanning, the
    /// nearest .leakscan.toml from the scanned path up to the repository root; with a
    /// secret on stdin, only the user config).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct MergeArgs {
    /// Reports to merge: `--format shard`, `json` or `jsonl` output of `scan`, or of
    /// an earlier `merge`.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Report format.
    #[arg(short, long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Write the report to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
    /// An age identity file (`AGE-SECRET-KEY-1…` lines) that opens the secrets
    /// shards sealed with `scan --seal-to`; each must match its finding's
    /// fingerprint. Needed by --verify and --revoke.
    #[arg(long, value_name = "FILE")]
    identity: Option<PathBuf>,
    #[command(flatten)]
    verify: VerifyArgs,
}

#[derive(Debug, Args)]
struct ScanArgs {
    /// Files or directories to scan; `-` reads stdin. With a git mode: the repository.
    #[arg(default_value = ".", conflicts_with = "repos")]
    paths: Vec<PathBuf>,
    /// Also scan every blob reachable from any ref (branches, tags, stash), with who
    /// introduced each secret and when.
    #[arg(long, conflicts_with_all = ["staged", "since"])]
    history: bool,
    /// With --history: also scan the history of submodules (checked out or in
    /// .git/modules); otherwise they are only noted.
    #[arg(long, requires = "history")]
    submodules: bool,
    /// With --history: remember what this scan read in PATH (a file, or a directory
    /// that gets one file per repository; created if missing), so the next scan
    /// walks only new commits and reads only blobs it has not matched clean. The
    /// report is the same as without it.
    #[arg(long, value_name = "PATH", requires = "history")]
    state: Option<PathBuf>,
    /// Scan every repository listed in FILE, one a line: a path, or a clone URL
    /// (https://, ssh://, git@host:path, file://) cloned bare into --cache-dir
    /// (then fetched); `#` comments. Each location names its `repository`.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["staged", "since"], group = "list")]
    repos: Option<PathBuf>,
    /// Scan every repository of a GitHub organisation, as its API lists them
    /// (token: GITHUB_TOKEN or GH_TOKEN; API: LEAKSCAN_GITHUB_API_URL). Clones use
    /// LEAKSCAN_GIT_TOKEN. Archived repositories and forks are skipped unless asked.
    #[arg(long, value_name = "ORG", conflicts_with_all = ["staged", "since", "paths"], group = "list")]
    github_org: Option<String>,
    /// Scan every project of a GitLab group and its subgroups (token: GITLAB_TOKEN;
    /// server: LEAKSCAN_GITLAB_URL, default https://gitlab.com).
    #[arg(long, value_name = "GROUP", conflicts_with_all = ["staged", "since", "paths"], group = "list")]
    gitlab_group: Option<String>,
    /// With --github-org/--gitlab-group: also scan archived repositories.
    #[arg(long)]
    include_archived: bool,
    /// With --github-org/--gitlab-group: also scan forks.
    #[arg(long)]
    include_forks: bool,
    /// With --repos, --github-org or --gitlab-group: where clones are kept (default
    /// $XDG_CACHE_HOME/leakscan/repos, else ~/.cache/leakscan/repos).
    #[arg(long, value_name = "DIR", requires = "list")]
    cache_dir: Option<PathBuf>,
    /// Scan one part of the work, 0-based: with --repos, the repositories whose
    /// name hashes to INDEX; with --history, the blobs whose id does. `leakscan
    /// merge` puts the parts' reports (--format shard) together.
    #[arg(long, value_name = "INDEX/COUNT")]
    shard: Option<String>,
    /// With --format shard: seal each raw secret with age to RECIPIENT (`age1…`;
    /// repeatable), so that only `leakscan merge --identity` can open it to verify.
    #[arg(long, value_name = "RECIPIENT")]
    seal_to: Vec<String>,
    /// Scan only what is staged, reporting lines added relative to HEAD (pre-commit).
    #[arg(long, conflicts_with = "since")]
    staged: bool,
    /// Scan lines added by the commits reachable from HEAD but not from REV (CI).
    #[arg(long, value_name = "REV")]
    since: Option<String>,
    #[command(flatten)]
    rules: RuleArgs,
    /// Report format.
    #[arg(short, long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Write the report to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Suppress findings whose fingerprint is in FILE (a baseline or JSON report).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Scan ignored files too (.gitignore, .ignore, .leakscanignore).
    #[arg(long)]
    no_ignore: bool,
    /// Skip files larger than SIZE (e.g. 10MiB; default 10MiB).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_file_size: Option<u64>,
    /// Look through N levels of encoding: base64, percent-encoding, string escapes
    /// (default 1; 0 turns decoding off; at most 3).
    #[arg(long, value_name = "N")]
    decode_depth: Option<u8>,
    /// Put raw secrets in the report. Handle the output as a secret.
    #[arg(long)]
    show_secrets: bool,
    /// Report only findings of at least this confidence.
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = ConfidenceArg::Low)]
    min_confidence: ConfidenceArg,
    /// Verify, and report only secrets that verified live (implies --verify).
    #[arg(long)]
    only_verified: bool,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, default_value_t = 0)]
    threads: usize,
    #[command(flatten)]
    verify: VerifyArgs,
}

#[derive(Debug, Args)]
struct VerifyArgs {
    /// Ask each provider whether each unique secret is live, and whose it is.
    #[arg(long)]
    verify: bool,
    /// Revoke secrets that verify live (implies --verify): plan, consent, revoke,
    /// re-verify. `leakscan --revoke [PATH]` is `scan --history --verify --revoke`.
    #[arg(long)]
    revoke: bool,
    #[command(flatten)]
    act: ActArgs,
}

/// What revocation does: consent, waiting, records. Shared by `scan --revoke` and
/// `revoke -`.
#[derive(Debug, Args)]
struct ActArgs {
    /// Consent to revocation without asking.
    #[arg(long)]
    yes: bool,
    /// Print the revocation plan and stop; nothing mutating is sent.
    #[arg(long)]
    dry_run: bool,
    /// For keys without a revocation API: poll until the key is dead or this much
    /// time has passed (e.g. 90s, 10m).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    wait: Option<std::time::Duration>,
    /// Append every verification/revocation event to this JSONL file (resumable).
    #[arg(long, value_name = "FILE")]
    audit_log: Option<PathBuf>,
    /// Write a Markdown incident report.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Write a `git filter-repo --replace-text` file (raw secrets; needs --show-secrets; mode 0600).
    #[arg(long, value_name = "FILE")]
    purge_file: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ConfidenceArg {
    Low,
    Medium,
    High,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Jsonl,
    Sarif,
    /// JSON findings with what `merge` needs (shard, complete).
    Shard,
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Shard => Format::Shard,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `leakscan --revoke [ARGS]` is shorthand for `leakscan scan --history --verify
/// --revoke [ARGS]`: rewrite it before clap sees it.
pub(crate) fn expand_shorthand(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    if args.get(1).is_some_and(|a| a == "--revoke") {
        args.splice(
            1..2,
            ["scan", "--history", "--verify", "--revoke"].map(Into::into),
        );
    }
    args
}

impl Cli {
    /// Whether notes are suppressed.
    pub(crate) fn is_quiet(&self) -> bool {
        self.quiet
    }

    pub(crate) fn is_verbose(&self) -> bool {
        self.verbose
    }

    /// Resolve flags and config file into the library's configuration.
    pub(crate) fn into_config(self, diag: &Diagnostics) -> leakscan::Result<Config> {
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        let command = match self.command {
            Sub::Scan(args) => Command::Scan(Box::new(args.resolve(color, !self.quiet, diag)?)),
            Sub::Baseline(b) => {
                if b.prune && b.scan.output.is_none() {
                    return Err(leakscan::Error::Usage(
                        "--prune rewrites a baseline: name it with --output FILE".into(),
                    ));
                }
                Command::Baseline {
                    scan: Box::new(b.scan.resolve(false, false, diag)?),
                    write: leakscan::baseline::WriteOptions {
                        reason: b.reason,
                        accepted_by: b.accepted_by,
                        prune: b.prune,
                    },
                }
            }
            Sub::Rules(RulesCmd::List {
                rules,
                json,
                all,
                category,
                provider,
            }) => {
                let flags = rules.flags(Vec::new());
                let mut scan = ScanConfig::resolve(flags, diag)?;
                scan.rules.all = all;
                Command::RulesList {
                    rules: scan.rules,
                    json,
                    categories: category,
                    providers: provider,
                }
            }
            Sub::Rules(RulesCmd::Check { files }) => Command::RulesCheck { files },
            Sub::Merge(m) => {
                let mut flags = m.rules.flags(Vec::new());
                m.verify.check()?;
                flags.verify = m.verify.flags();
                let mut scan = ScanConfig::resolve(flags, diag)?;
                scan.rules.all = true;
                let color = color && m.output.is_none() && matches!(m.format, FormatArg::Text);
                Command::Merge(leakscan::merge::MergeConfig {
                    files: m.files,
                    format: m.format.format(),
                    output: m.output,
                    rules: scan.rules,
                    color,
                    identity: m.identity,
                    verify: scan.verify,
                })
            }
            Sub::Providers(ProvidersCmd::List { rules, json }) => {
                let mut flags = rules.flags(Vec::new());
                flags.verify.verify = true;
                let scan = ScanConfig::resolve(flags, diag)?;
                Command::ProvidersList {
                    rules: scan.rules,
                    providers: scan.verify.map(|v| v.providers).unwrap_or_default(),
                    json,
                }
            }
            Sub::Verify {
                rule,
                input: _,
                rules,
                audit_log,
                format,
            } => {
                let args = ScanArgs::stdin(
                    rules,
                    format,
                    false,
                    VerifyArgs {
                        verify: true,
                        revoke: false,
                        act: ActArgs {
                            yes: false,
                            dry_run: false,
                            wait: None,
                            audit_log,
                            report: None,
                            purge_file: None,
                        },
                    },
                );
                Command::RevokeStdin {
                    rule,
                    scan: Box::new(args.resolve(color, false, diag)?),
                }
            }
            Sub::InstallHook { path, force } => Command::InstallHook { path, force },
            Sub::Revoke {
                rule,
                input: _,
                rules,
                act,
                format,
                show_secrets,
            } => {
                let args = ScanArgs::stdin(
                    rules,
                    format,
                    show_secrets,
                    VerifyArgs {
                        verify: true,
                        revoke: true,
                        act,
                    },
                );
                Command::RevokeStdin {
                    rule,
                    scan: Box::new(args.resolve(color, false, diag)?),
                }
            }
        };
        Ok(Config {
            command,
            quiet: self.quiet,
        })
    }
}

impl VerifyArgs {
    /// Flags that do nothing without another are errors, not silently ignored.
    fn check(&self) -> leakscan::Result<()> {
        let needs = |set: bool, flag: &str, what: &str| {
            if set {
                Err(leakscan::Error::Usage(format!(
                    "{flag} does nothing without {what}"
                )))
            } else {
                Ok(())
            }
        };
        if !self.revoke {
            needs(self.act.yes, "--yes", "--revoke")?;
            needs(self.act.dry_run, "--dry-run", "--revoke")?;
            needs(self.act.wait.is_some(), "--wait", "--revoke")?;
        }
        if !self.revoke && !self.verify {
            needs(
                self.act.audit_log.is_some(),
                "--audit-log",
                "--verify or --revoke",
            )?;
            needs(
                self.act.report.is_some(),
                "--report",
                "--verify or --revoke",
            )?;
            needs(
                self.act.purge_file.is_some(),
                "--purge-file",
                "--verify or --revoke",
            )?;
        }
        Ok(())
    }
}

impl VerifyArgs {
    fn flags(self) -> VerifyFlags {
        VerifyFlags {
            verify: self.verify || self.revoke,
            revoke: self.revoke,
            yes: self.act.yes,
            dry_run: self.act.dry_run,
            wait: self.act.wait,
            audit_log: self.act.audit_log,
            report: self.act.report,
            purge_file: self.act.purge_file,
        }
    }
}

impl RuleArgs {
    fn flags(self, paths: Vec<PathBuf>) -> ScanFlags {
        ScanFlags {
            paths,
            config: self.config,
            rules: self.rules,
            no_builtin_rules: self.no_builtin_rules,
            disable: self.disable,
            enable: self.enable,
            ..ScanFlags::default()
        }
    }
}

impl ScanArgs {
    /// The arguments of a one-secret command (`verify -`, `revoke -`).
    fn stdin(
        rules: RuleArgs,
        format: FormatArg,
        show_secrets: bool,
        verify: VerifyArgs,
    ) -> ScanArgs {
        ScanArgs {
            paths: vec![PathBuf::from("-")],
            history: false,
            submodules: false,
            state: None,
            repos: None,
            github_org: None,
            gitlab_group: None,
            include_archived: false,
            include_forks: false,
            cache_dir: None,
            shard: None,
            seal_to: Vec::new(),
            staged: false,
            since: None,
            rules,
            format,
            output: None,
            baseline: None,
            no_ignore: false,
            max_file_size: None,
            decode_depth: None,
            show_secrets,
            min_confidence: ConfidenceArg::Low,
            only_verified: false,
            threads: 0,
            verify,
        }
    }

    fn resolve(
        self,
        color: bool,
        progress: bool,
        diag: &Diagnostics,
    ) -> leakscan::Result<ScanConfig> {
        let mut flags = self.rules.flags(self.paths);
        flags.mode = if self.history {
            Mode::History
        } else if self.staged {
            Mode::Staged
        } else if let Some(rev) = self.since {
            Mode::Since(rev)
        } else {
            Mode::Tree
        };
        flags.format = self.format.format();
        let filter = leakscan::forge::Filter {
            include_archived: self.include_archived,
            include_forks: self.include_forks,
        };
        let forge = match (self.github_org, self.gitlab_group) {
            (Some(org), _) => Some(leakscan::forge::Source::GitHubOrg(org)),
            (_, Some(group)) => Some(leakscan::forge::Source::GitLabGroup(group)),
            _ => None,
        };
        if forge.is_none() && (self.include_archived || self.include_forks) {
            return Err(leakscan::Error::Usage(
                "--include-archived and --include-forks go with --github-org or --gitlab-group"
                    .into(),
            ));
        }
        flags.repos = match (self.repos, forge) {
            (Some(file), _) => Some(RepoList::File(file)),
            (None, Some(source)) => Some(RepoList::Forge(source, filter)),
            (None, None) => None,
        };
        flags.cache_dir = self.cache_dir;
        flags.shard = self.shard.as_deref().map(Shard::parse).transpose()?;
        flags.seal_to = self.seal_to;
        flags.color = color && self.output.is_none();
        flags.output = self.output;
        flags.baseline = self.baseline;
        flags.no_ignore = self.no_ignore;
        flags.max_file_size = self.max_file_size;
        flags.decode_depth = self.decode_depth;
        flags.show_secrets = self.show_secrets;
        flags.min_confidence = Some(match self.min_confidence {
            ConfidenceArg::Low => leakscan::rule::Confidence::Low,
            ConfidenceArg::Medium => leakscan::rule::Confidence::Medium,
            ConfidenceArg::High => leakscan::rule::Confidence::High,
        });
        flags.only_verified = self.only_verified;
        flags.threads = self.threads;
        flags.submodules = self.submodules;
        flags.state = self.state;
        self.verify.check()?;
        flags.verify = self.verify.flags();
        flags.progress = progress;
        ScanConfig::resolve(flags, diag)
    }
}
