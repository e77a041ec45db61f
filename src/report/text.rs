//! The human report: one block per secret, grouped, coloured on a terminal only.
//!
//! Every string that came from scanned content or from outside leakscan (paths,
//! commit authors and emails, rule names and ids, provider replies, ref names, and
//! the secret itself with `--show-secrets`) is printed through [`escape`], so it
//! cannot move the cursor, clear the screen or start a line of its own.

use std::io::{self, Write};

use super::{escape, ReportOptions};
use crate::finding::Finding;

struct Style {
    bold: &'static str,
    red: &'static str,
    dim: &'static str,
    reset: &'static str,
}

const COLOR: Style = Style {
    bold: "\x1b[1m",
    red: "\x1b[31m",
    dim: "\x1b[2m",
    reset: "\x1b[0m",
};
const PLAIN: Style = Style {
    bold: "",
    red: "",
    dim: "",
    reset: "",
};

pub(super) fn write(
    findings: &[Finding],
    opts: ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let s = if opts.color { &COLOR } else { &PLAIN };
    if opts.staged && !findings.is_empty() {
        writeln!(
            out,
            "{}commit blocked: {} in staged changes{}\n",
            s.bold,
            crate::plural(findings.len(), "secret"),
            s.reset
        )?;
    }
    for f in findings {
        let shown = if opts.show_secrets {
            escape(&f.secret.to_text()).into_owned()
        } else {
            escape(&f.secret.redacted()).into_owned()
        };
        writeln!(
            out,
            "{}{}{} {}[{}]{} {}",
            s.bold,
            escape(&f.rule_name),
            s.reset,
            s.dim,
            escape(&f.rule_id),
            s.reset,
            f.confidence.as_str()
        )?;
        writeln!(
            out,
            "  secret: {}{shown}{}  fingerprint: {}",
            s.red, s.reset, f.fingerprint
        )?;
        // A history scan labels each place: the working tree's copy and history's
        // are told apart even where they share a path, line and column.
        let history = f.timeline.is_some();
        for p in super::places(&f.locations) {
            let repo = p
                .repository
                .map(|r| format!("{}:", escape(r)))
                .unwrap_or_default();
            if p.end_line > p.line {
                write!(out, "  {repo}{}:{}-{}", escape(p.path), p.line, p.end_line)?;
            } else {
                write!(out, "  {repo}{}:{}:{}", escape(p.path), p.line, p.column)?;
            }
            if let Some(e) = p.encoding {
                write!(out, " ({})", e.as_str())?;
            }
            let commit = p.first_commit().map(|c| {
                let later = match p.commits.len() - 1 {
                    0 => String::new(),
                    1 => " (+1 later commit)".to_string(),
                    n => format!(" (+{n} later commits)"),
                };
                format!(
                    "{} {} <{}> {}{later}",
                    &c.oid[..c.oid.len().min(12)],
                    escape(&c.author),
                    escape(&c.email),
                    c.date,
                )
            });
            let label = match (history, p.in_tree, commit) {
                (false, _, Some(c)) => c,
                (true, true, None) => "working tree".to_string(),
                (true, true, Some(c)) => format!("working tree; in history since {c}"),
                (true, false, Some(c)) => format!("history only: {c}"),
                (_, _, None) => String::new(),
            };
            if label.is_empty() {
                writeln!(out)?;
            } else {
                writeln!(out, "  {}{label}{}", s.dim, s.reset)?;
            }
        }
        if let Some(v) = f
            .verification
            .as_ref()
            .filter(|v| v.status == crate::outcome::Status::Unsupported)
        {
            match &v.reason {
                // A provider that cannot check its keys says why (PyPI).
                Some(reason) if !reason.starts_with("no verifier") => {
                    writeln!(out, "  not verified: {}", escape(reason))?;
                }
                _ => writeln!(
                    out,
                    "  not verified: no verifier for {} secrets (`leakscan providers list`)",
                    escape(&v.provider)
                )?,
            }
        } else if let Some(v) = &f.verification {
            let status = match v.status {
                crate::outcome::Status::Live => "LIVE",
                crate::outcome::Status::Invalid => "invalid",
                crate::outcome::Status::Unknown => "unknown",
                crate::outcome::Status::Test => "a TEST-MODE key",
                crate::outcome::Status::Unsupported => "unsupported",
            };
            let who = v
                .identity
                .as_ref()
                .map(crate::outcome::Identity::redacted)
                .filter(|w| !w.is_empty())
                .map(|w| format!(" ({})", escape(&w)))
                .unwrap_or_default();
            let why = v
                .reason
                .as_ref()
                .map(|r| format!(": {}", escape(r)))
                .unwrap_or_default();
            writeln!(
                out,
                "  verified {status}{who} via {}{why}",
                escape(&v.provider)
            )?;
        }
        if let Some(sup) = &f.suppressed {
            writeln!(out, "  suppressed in this change: {}", escape(&sup.reason))?;
        }
        if let Some(r) = &f.revocation {
            let detail = r
                .detail
                .as_ref()
                .map(|d| format!(": {}", escape(d)))
                .unwrap_or_default();
            writeln!(out, "  revocation: {}{detail}", r.status.as_str())?;
            if let Some(m) = &r.manual {
                writeln!(
                    out,
                    "  manual action: {} ({})",
                    escape(&m.console_url),
                    escape(&m.instructions)
                )?;
            }
        }
        if let Some(t) = &f.timeline {
            let intro = t.introduced.as_ref().map_or_else(
                || "-".to_string(),
                |c| format!("{} ({})", &c.oid[..c.oid.len().min(12)], c.date),
            );
            let removed = t.removed.as_ref().map_or_else(
                || "-".to_string(),
                |c| format!("{} ({})", &c.oid[..c.oid.len().min(12)], c.date),
            );
            let now = if t.still_present {
                "still in HEAD or the working tree".to_string()
            } else if t.refs.is_empty() {
                "not in HEAD; no ref reaches it (only unreachable objects hold it)".to_string()
            } else {
                // HEAD is implied when a branch is named.
                let named: Vec<&str> = t
                    .refs
                    .iter()
                    .map(String::as_str)
                    .filter(|r| *r != "HEAD" || t.refs.len() == 1)
                    .collect();
                format!(
                    "not in HEAD; still on {} (rewrite history to remove it)",
                    escape(&named.join(", "))
                )
            };
            writeln!(out, "  introduced {intro}, removed {removed}; {now}")?;
            if t.still_present && !t.refs.is_empty() {
                writeln!(out, "  reachable from: {}", escape(&t.refs.join(", ")))?;
            }
        }
        writeln!(out)?;
    }
    let locations: usize = findings
        .iter()
        .map(|f| super::places(&f.locations).len())
        .sum();
    if findings.is_empty() {
        return if opts.complete && opts.quiet {
            Ok(())
        } else if opts.complete {
            writeln!(out, "no secrets found")
        } else {
            writeln!(
                out,
                "no secrets found in what could be read, but the scan was incomplete (see the warnings)"
            )
        };
    }
    let mut by_confidence = Vec::new();
    for c in [
        crate::rule::Confidence::High,
        crate::rule::Confidence::Medium,
        crate::rule::Confidence::Low,
    ] {
        let n = findings.iter().filter(|f| f.confidence == c).count();
        if n > 0 {
            by_confidence.push(format!("{n} {}", c.as_str()));
        }
    }
    writeln!(
        out,
        "{} secret{} found in {locations} location{} ({})",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        if locations == 1 { "" } else { "s" },
        by_confidence.join(", ")
    )?;
    if findings.iter().any(|f| f.verification.is_some()) {
        let mut by_status = Vec::new();
        for st in [
            crate::outcome::Status::Live,
            crate::outcome::Status::Invalid,
            crate::outcome::Status::Unknown,
            crate::outcome::Status::Test,
            crate::outcome::Status::Unsupported,
        ] {
            let n = findings
                .iter()
                .filter(|f| f.verification.as_ref().is_some_and(|v| v.status == st))
                .count();
            if n > 0 {
                by_status.push(format!("{n} {}", st.as_str()));
            }
        }
        writeln!(out, "verified: {}", by_status.join(", "))?;
    }
    if opts.staged {
        writeln!(
            out,
            "False positive? Add its fingerprint to `[allowlist] fingerprints` in .leakscan.toml, or `leakscan:allow` to the line (`leakscan:allow-next-line` above it where a comment cannot follow the value); in CI such a suppression must land on the base branch first or be accepted in review.\nA real secret? Remove it from the staged file (`git restore --staged <file>`), and revoke it if it was ever pushed: `leakscan revoke --rule <rule id> -`.\nTo commit anyway, once: `git commit --no-verify`."
        )
    } else if opts.gate {
        writeln!(
            out,
            "False positive? A suppression this change adds does not pass the gate: land its fingerprint in `[allowlist] fingerprints` of .leakscan.toml (or the baseline) on the base branch first, or have a reviewer accept it; `git commit --no-verify` skips a pre-commit hook once."
        )
    } else {
        writeln!(
            out,
            "False positive? Add `leakscan:allow` to the line, or its fingerprint to `[allowlist] fingerprints` in .leakscan.toml."
        )
    }
}
