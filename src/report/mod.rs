//! Reports: findings written in the format a person or a machine wants.
//!
//! Owns the output formats, one file each (`text`, `json` with JSONL, `sarif`), all
//! writing to an `impl Write` they are handed: only `main.rs` decides whether that is
//! stdout or a file. Wire types live beside each format, apart from the domain types
//! in `finding`. Raw secrets appear only with `show_secrets`.
//!
//! Also owns [`escape`], which makes text from scanned content (file names, commit
//! authors, rule names from a scanned repository's rule files) safe to print on a
//! terminal: the text report and every diagnostic on stderr go through it, and
//! [`create_private`], which every file holding raw secrets is created with.

pub mod incident;
mod json;
mod sarif;
mod text;

use std::borrow::Cow;
use std::fs::File;
use std::io::Write;
use std::path::Path;

pub use json::{FindingJson, LocationJson, ShardJson, SHARD_FORMAT};

use crate::error::{Error, Result};
use crate::finding::{CommitInfo, Finding, Location};
use crate::rule::RuleSet;

/// An output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Human-readable, grouped by secret.
    #[default]
    Text,
    /// A JSON array of findings.
    Json,
    /// One JSON finding per line.
    Jsonl,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// For `leakscan merge`: the JSON findings in an object that also says whether
    /// the scan was complete and which shard it was.
    Shard,
}

impl Format {
    /// Parse a format name.
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "jsonl" => Some(Format::Jsonl),
            "sarif" => Some(Format::Sarif),
            "shard" => Some(Format::Shard),
            _ => None,
        }
    }
}

/// How to write a report.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReportOptions {
    /// Include raw secrets.
    pub show_secrets: bool,
    /// ANSI colours (text only).
    pub color: bool,
    /// The scan read everything it was asked to; only then may the text report
    /// say "no secrets found".
    pub complete: bool,
    /// A gate run (`--since`, `--staged`): suppressions the change adds do not
    /// apply, so the advice on false positives differs.
    pub gate: bool,
    /// A pre-commit run (`--staged`): findings block the commit, and a clean run
    /// prints nothing when quiet.
    pub staged: bool,
    /// `--quiet`: a clean text report prints nothing.
    pub quiet: bool,
    /// `--shard`: the shard this scan was (the shard format names it).
    pub shard: Option<crate::shard::Shard>,
}

/// Write `findings` in `format`; the shard format carries each finding's
/// `sealed` secret, if any.
pub fn write(
    format: Format,
    findings: &[Finding],
    rules: &RuleSet,
    opts: ReportOptions,
    vcs: Option<&Provenance>,
    sealed: &crate::seal::Sealed,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Text => text::write(findings, opts, out),
        Format::Json => json::write(findings, opts, out),
        Format::Jsonl => json::write_lines(findings, opts, out),
        Format::Sarif => sarif::write(findings, rules, vcs, out),
        Format::Shard => json::write_shard(findings, opts, vcs, sealed, out),
    }
    .map_err(Error::Output)?;
    out.flush().map_err(Error::Output)
}

/// The repository a git scan read, for SARIF's `versionControlProvenance` (and
/// the shard format, so that merge can write it).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Provenance {
    /// The `origin` remote's URL without any user name or password in it.
    pub repository_uri: String,
    /// HEAD's commit.
    pub revision_id: Option<String>,
    /// HEAD's branch, if it is on one.
    pub branch: Option<String>,
}

impl Provenance {
    /// The provenance of the repository at `path`; `None` without an `origin`
    /// remote whose URL can be written as an absolute URI.
    pub fn of(path: &std::path::Path, diag: &crate::error::Diagnostics) -> Option<Provenance> {
        let repo = crate::source::git::open(path, diag).ok()?;
        let remote = repo.find_remote("origin").ok()?;
        let repository_uri = clean_remote_url(remote.url()?)?;
        let head = repo.head().ok();
        Some(Provenance {
            repository_uri,
            revision_id: head
                .as_ref()
                .and_then(|h| h.peel_to_commit().ok())
                .map(|c| c.id().to_string()),
            branch: head
                .as_ref()
                .filter(|h| h.is_branch())
                .and_then(|h| h.shorthand().map(str::to_string)),
        })
    }
}

/// A remote URL as an absolute URI with no credentials: `https://user:token@host/x`
/// and `git@host:owner/repo.git` (scp-like) lose their user part, since a report
/// must never carry a token that sat in a remote URL.
fn clean_remote_url(raw: &str) -> Option<String> {
    let mut url = match url::Url::parse(raw) {
        Ok(u) if u.has_host() => u,
        _ => {
            // scp-like `[user@]host:path`
            let (host, path) = raw.split_once(':')?;
            let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
            if host.is_empty() || host.contains('/') || path.starts_with("//") {
                return None;
            }
            url::Url::parse(&format!("ssh://{host}/{}", path.trim_start_matches('/'))).ok()?
        }
    };
    url.set_username("").ok()?;
    url.set_password(None).ok()?;
    Some(url.to_string())
}

/// One place a secret appears, shown once: a path, line and column seen in the
/// working tree (or the index, or stdin) and in any number of commits. A history
/// scan finds the same place once per blob that holds it; reports merge them so
/// that no `path:line:col` is listed twice without saying which copy is which.
pub(crate) struct Place<'a> {
    /// `--repos`: the repository the path is in.
    pub(crate) repository: Option<&'a str>,
    pub(crate) path: &'a str,
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) end_line: u32,
    pub(crate) end_column: u32,
    pub(crate) encoding: Option<crate::finding::Encoding>,
    /// Seen without a commit: in the working tree, the index or stdin.
    pub(crate) in_tree: bool,
    /// The commits that hold it here, oldest first.
    pub(crate) commits: Vec<&'a CommitInfo>,
}

impl<'a> Place<'a> {
    /// The oldest commit that holds it here: where it was introduced.
    pub(crate) fn first_commit(&self) -> Option<&'a CommitInfo> {
        self.commits.first().copied()
    }
}

/// `locations` as places, sorted by path, line and column.
pub(crate) fn places(locations: &[Location]) -> Vec<Place<'_>> {
    type Key<'k> = (Option<&'k str>, &'k str, u32, u32);
    let mut by_place: std::collections::BTreeMap<Key<'_>, Place<'_>> =
        std::collections::BTreeMap::new();
    for l in locations {
        let place = by_place
            .entry((l.repository.as_deref(), l.path.as_str(), l.line, l.column))
            .or_insert_with(|| Place {
                repository: l.repository.as_deref(),
                path: &l.path,
                line: l.line,
                column: l.column,
                end_line: l.end_line,
                end_column: l.end_column,
                encoding: l.encoding,
                in_tree: false,
                commits: Vec::new(),
            });
        match &l.commit {
            Some(c) => place.commits.push(c),
            None => place.in_tree = true,
        }
    }
    let mut out: Vec<Place<'_>> = by_place.into_values().collect();
    for p in &mut out {
        p.commits
            .sort_by(|a, b| (a.time, &a.oid).cmp(&(b.time, &b.oid)));
    }
    out
}

/// [`places`] grouped by path (and repository), in that order.
pub(crate) fn places_by_path(locations: &[Location]) -> Vec<(&str, Vec<Place<'_>>)> {
    let mut out: Vec<(&str, Vec<Place<'_>>)> = Vec::new();
    for p in places(locations) {
        match out.last_mut() {
            Some((path, group))
                if *path == p.path && group.first().map(|g| g.repository) == Some(p.repository) =>
            {
                group.push(p);
            }
            _ => out.push((p.path, vec![p])),
        }
    }
    out
}

/// Write a report (as [`write`]) to `output`, else to `out`. A file that gets raw
/// secrets (`opts.show_secrets`) is created readable by its owner only: raw secrets
/// in a file others can read would be a second leak. A reader of `out` that stopped
/// early (`| head`) ends the report, not the run.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_to(
    format: Format,
    findings: &[Finding],
    rules: &RuleSet,
    opts: ReportOptions,
    vcs: Option<&Provenance>,
    sealed: &crate::seal::Sealed,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<()> {
    let write = |to: &mut dyn Write| write(format, findings, rules, opts, vcs, sealed, to);
    match output {
        Some(path) if opts.show_secrets => write(&mut create_private(path)?),
        Some(path) => write(&mut File::create(path).map_err(|e| Error::io(path, e))?),
        None => match write(out) {
            Err(e) if e.is_broken_pipe() => Ok(()),
            other => other,
        },
    }
}

/// Create (or truncate) a file that will hold raw secrets, readable by its owner
/// only: mode 0600 on Unix.
///
/// The mode is set at creation and again on the open file, since an existing file
/// keeps its old mode when opened; both happen before a byte is written. Elsewhere
/// the file gets the platform's default permissions.
pub(crate) fn create_private(path: &Path) -> Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts.open(path).map_err(|e| Error::io(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::io(path, e))?;
    }
    Ok(file)
}

/// Whether `c` must not reach a terminal raw: every control character (C0, DEL and
/// C1, where U+009B alone starts an escape sequence on some terminals), the line and
/// paragraph separators, and the bidirectional-text controls, which can make a line
/// read differently from what it holds ("Trojan Source").
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every character a terminal would act on shown as a visible escape:
/// `\n`, `\r`, `\t`, `\xHH` for other ASCII controls, `\u{HHHH}` beyond ASCII.
///
/// Unambiguous: a literal backslash is doubled when what follows it could be read as
/// an escape (a backslash, `x`, `u`, `n`, `r`, `t`, or a character that is itself
/// escaped), so `a\x1b` in a file name and an ESC in one never print alike. Other
/// backslashes stay single, so regexes and Windows paths in messages stay readable.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '\\' || is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let ambiguous = chars.peek().is_some_and(|&n| {
                    matches!(n, '\\' | 'x' | 'u' | 'n' | 'r' | 't') || is_unsafe(n)
                });
                out.push_str(if ambiguous { "\\\\" } else { "\\" });
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() && is_unsafe(c) => {
                let _ =
                    std::fmt::Write::write_fmt(&mut out, format_args!("\\x{:02x}", u32::from(c)));
            }
            c if is_unsafe(c) => {
                let _ =
                    std::fmt::Write::write_fmt(&mut out, format_args!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_urls_lose_credentials() {
        assert_eq!(
            clean_remote_url("https://bob:ghp_secret@github.com/acme/api.git").as_deref(),
            Some("https://github.com/acme/api.git")
        );
        assert_eq!(
            clean_remote_url("git@github.com:acme/api.git").as_deref(),
            Some("ssh://github.com/acme/api.git")
        );
        assert_eq!(clean_remote_url("/srv/git/api.git"), None);
    }

    #[test]
    fn escape_shows_controls_and_leaves_plain_text_alone() {
        assert!(matches!(escape("src/a b/ü.env"), Cow::Borrowed(_)));
        assert_eq!(escape("a\x1b[2J\rb\nc\td\x7f"), r"a\x1b[2J\rb\nc\td\x7f");
        assert_eq!(escape("\u{9b}31m\u{85}"), r"\u{9b}31m\u{85}");
        assert_eq!(escape("x\u{202e}gnp.exe"), r"x\u{202e}gnp.exe");
        assert_eq!(escape("\u{2028}"), r"\u{2028}");
    }

    #[test]
    fn places_merge_the_working_tree_and_commits_at_one_path_line_and_column() {
        let commit = |oid: &str, time| {
            Some(std::sync::Arc::new(CommitInfo {
                oid: oid.into(),
                author: "A".into(),
                email: "a@example.com".into(),
                time,
                date: String::new(),
                subject: String::new(),
            }))
        };
        let at = |path: &str, line, commit| Location {
            repository: None,
            path: path.into(),
            line,
            column: 20,
            end_line: line,
            end_column: 49,
            encoding: None,
            context: String::new(),
            commit,
        };
        let locations = vec![
            at(".env", 5, None),
            at(".env", 5, commit("bbb", 20)),
            at(".env", 5, commit("aaa", 10)),
            at(".env", 3, commit("aaa", 10)),
            at("old.env", 1, commit("aaa", 10)),
        ];
        let grouped = places_by_path(&locations);
        let shape: Vec<String> = grouped
            .iter()
            .flat_map(|(path, places)| {
                places.iter().map(move |p| {
                    let oids: Vec<&str> = p.commits.iter().map(|c| c.oid.as_str()).collect();
                    format!("{path} {}:{} tree={} {oids:?}", p.line, p.column, p.in_tree)
                })
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                r#".env 3:20 tree=false ["aaa"]"#,
                r#".env 5:20 tree=true ["aaa", "bbb"]"#,
                r#"old.env 1:20 tree=false ["aaa"]"#,
            ]
        );
        assert_eq!(grouped.len(), 2, "two paths");
    }

    #[test]
    fn escape_is_unambiguous_about_backslashes() {
        // A literal `\x1b` (four characters) and an ESC must print differently.
        assert_eq!(escape(r"\x1b"), r"\\x1b");
        assert_eq!(escape("\x1b"), r"\x1b");
        assert_eq!(escape("\\\n"), r"\\\n");
        assert_eq!(escape(r"\\"), r"\\\");
        // Backslashes that cannot start an escape stay single.
        assert_eq!(escape(r"C:\Dev\a.env \d+"), r"C:\Dev\a.env \d+");
        assert_eq!(escape(r"end\"), r"end\");
    }
}
