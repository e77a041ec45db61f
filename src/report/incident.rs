//! The Markdown incident report (`--report FILE`): per secret, where it leaked,
//! whether it was live and whose, what was done and when, its exposure window and
//! the next steps. It only reads findings; `revoke` decides and records.

use std::fmt::Write as _;

use super::escape;
use crate::config::RevokeOptions;
use crate::finding::Finding;
use crate::outcome::{RevocationStatus, Status};
use crate::revoke::{is_live_remaining, status_name};
use crate::verify;

/// The Markdown incident report.
///
/// It is read in terminals and pagers as often as rendered, so every string from
/// content or from outside leakscan (paths, authors, rule names, provider replies,
/// refs) goes through [`escape`]: a line break in a file name cannot forge a line
/// of the report, an escape sequence cannot reach the reader's terminal.
pub fn incident_report(findings: &[Finding], run_id: &str, opts: &RevokeOptions) -> String {
    let mut md = String::new();
    let now = verify::now();
    let _ = writeln!(md, "# leakscan incident report\n");
    let scanned: Vec<String> = opts
        .scanned
        .iter()
        .map(|p| escape(&p.display().to_string()).into_owned())
        .collect();
    let _ = writeln!(
        md,
        "- Run `{run_id}` at {now}; scanned: {}",
        scanned.join(", ")
    );
    let live = findings
        .iter()
        .filter(|f| {
            f.verification
                .as_ref()
                .is_some_and(|v| v.status == Status::Live)
        })
        .count();
    let remaining = findings.iter().filter(|f| is_live_remaining(f)).count();
    let _ = writeln!(md, "- {} secret(s) found; {live} verified live; {remaining} still live at the end of the run\n", findings.len());
    for (n, f) in findings.iter().enumerate() {
        let _ = writeln!(
            md,
            "## {}. {} `{}`\n",
            n + 1,
            escape(&f.rule_name),
            escape(&f.secret.redacted())
        );
        let _ = writeln!(
            md,
            "- Rule `{}`, fingerprint `{}`",
            escape(&f.rule_id),
            f.fingerprint
        );
        match &f.verification {
            Some(v) => {
                let who = v
                    .identity
                    .as_ref()
                    .map(verify::Identity::redacted)
                    .filter(|s| !s.is_empty());
                let _ = writeln!(
                    md,
                    "- Verification: **{}** ({}, {}){}",
                    status_name(v.status),
                    escape(&v.provider),
                    v.checked_at,
                    who.map(|w| format!("; belongs to {}", escape(&w)))
                        .unwrap_or_default()
                );
            }
            None => {
                let _ = writeln!(
                    md,
                    "- Verification: not verifiable (no provider for this rule)"
                );
            }
        }
        if let Some(t) = &f.timeline {
            let intro = t.introduced.as_ref().map(|c| {
                format!(
                    "{} by {} on {}",
                    &c.oid[..12.min(c.oid.len())],
                    escape(&c.author),
                    c.date
                )
            });
            let _ = writeln!(
                md,
                "- Introduced: {}",
                intro.unwrap_or_else(|| "working tree only".into())
            );
            let _ = writeln!(md, "- Removed from HEAD: {}", removal(t));
            if let Some(window) = exposure(f) {
                let _ = writeln!(md, "- Exposure window: {}", window.describe());
            }
            if !t.refs.is_empty() {
                let _ = writeln!(md, "- Reachable from: {}", escape(&t.refs.join(", ")));
            }
        }
        let _ = writeln!(md, "- Locations:");
        // Each place once: the working tree's copy and history's share a line.
        for p in crate::report::places(&f.locations) {
            let place = format!("`{}:{}`", escape(p.path), p.line);
            let commit = p.first_commit().map(|c| {
                format!(
                    "{} ({}, {})",
                    &c.oid[..12.min(c.oid.len())],
                    escape(&c.author),
                    c.date
                )
            });
            let _ = match (p.in_tree, commit) {
                (true, None) => writeln!(md, "  - {place} (working tree)"),
                (true, Some(c)) => writeln!(md, "  - {place} (working tree; introduced in {c})"),
                (false, Some(c)) => writeln!(md, "  - {place} in {c}"),
                (false, None) => writeln!(md, "  - {place}"),
            };
        }
        match &f.revocation {
            Some(r) => {
                let _ = writeln!(
                    md,
                    "- Action: **{}** at {}{}",
                    r.status.as_str(),
                    r.at,
                    r.detail
                        .as_ref()
                        .map(|d| format!(": {}", escape(d)))
                        .unwrap_or_default()
                );
                if let Some(m) = &r.manual {
                    let _ = writeln!(
                        md,
                        "- Manual action: {} — {}",
                        escape(&m.console_url),
                        escape(&m.instructions)
                    );
                }
            }
            None => {
                let _ = writeln!(md, "- Action: none");
            }
        }
        let _ = writeln!(md, "- Next steps: {}\n", next_steps(f));
    }
    md
}

/// Whether the secret left HEAD, and what still reaches it. Leaving HEAD is not the
/// end of an exposure: every ref in `refs` still serves the commits that hold it.
fn removal(t: &crate::finding::Timeline) -> String {
    let reach = if t.refs.is_empty() {
        String::new()
    } else {
        format!("; still reachable from {}", escape(&t.refs.join(", ")))
    };
    match (&t.removed, t.still_present) {
        (_, true) => "no: still present in HEAD or the working tree".to_string(),
        (Some(c), false) => format!("in {} on {}{reach}", &c.oid[..12.min(c.oid.len())], c.date),
        (None, false) => format!("never on HEAD's history (other refs only){reach}"),
    }
}

/// When a secret was exposed: from the commit that introduced it until it stopped
/// working. Removing it from HEAD does not end it (tags, branches, forks and clones
/// still hold it); only revocation does.
struct Exposure {
    /// The introducing commit's time, seconds since the epoch.
    start: i64,
    end: ExposureEnd,
}

enum ExposureEnd {
    /// Revoked by this or an earlier run, at this RFC 3339 time.
    Revoked(String),
    /// Never revoked by leakscan, but verified invalid at this time: it ended by then
    /// (revoked or expired some other way).
    InvalidBy(String),
    /// Not revoked, and not known to be dead.
    Open,
}

impl Exposure {
    /// `START → END (N days; revoked)`, or `START → still exposed …`.
    fn describe(&self) -> String {
        let start = crate::source::git::rfc3339(self.start);
        // `N days; ` before the note, when the end time is one leakscan can read.
        let days = |end: &str| {
            crate::source::git::parse_rfc3339(end)
                .map(|e| format!("{} days; ", (e - self.start).max(0) / 86_400))
                .unwrap_or_default()
        };
        match &self.end {
            ExposureEnd::Revoked(at) => format!("{start} → {at} ({}revoked)", days(at)),
            ExposureEnd::InvalidBy(at) => format!(
                "{start} → {at} at the latest ({}verified invalid then, not revoked by leakscan)",
                days(at)
            ),
            ExposureEnd::Open => format!(
                "{start} → still exposed ({}not revoked)",
                days(&verify::now())
            ),
        }
    }
}

/// The exposure of a secret found in history; `None` without an introducing commit.
fn exposure(f: &Finding) -> Option<Exposure> {
    let start = f.timeline.as_ref()?.introduced.as_ref()?.time;
    let end = match (&f.revocation, &f.verification) {
        (Some(r), _)
            if matches!(
                r.status,
                RevocationStatus::Revoked | RevocationStatus::RevokedConfirmed
            ) =>
        {
            ExposureEnd::Revoked(r.at.clone())
        }
        (_, Some(v)) if v.status == Status::Invalid => ExposureEnd::InvalidBy(v.checked_at.clone()),
        _ => ExposureEnd::Open,
    };
    Some(Exposure { start, end })
}

fn next_steps(f: &Finding) -> String {
    let timeline = f.timeline.as_ref();
    let refs = timeline.map(|t| t.refs.as_slice()).unwrap_or_default();
    let left_head = timeline.is_some_and(|t| !t.still_present);
    let mut steps: Vec<String> = Vec::new();
    let first = match f.revocation.as_ref().map(|r| r.status) {
        Some(RevocationStatus::Revoked | RevocationStatus::RevokedConfirmed) => {
            "issue a replacement key to its owner and deploy it from a secret store"
        }
        Some(RevocationStatus::ManualRequired | RevocationStatus::ManualPending) => {
            "revoke the key in the provider's console now, then re-run with --wait to confirm"
        }
        Some(RevocationStatus::Failed) => {
            "revoke the key by hand in the provider's console; the API call did not take"
        }
        _ if is_live_remaining(f) && left_head => {
            "the key is live and still exposed (removing it from HEAD did not end that): re-run with --revoke --yes, or revoke it by hand"
        }
        _ if is_live_remaining(f) => {
            "the key is live and still exposed: re-run with --revoke --yes, or revoke it by hand"
        }
        _ => "no live key: confirm with the owner that it is not in use elsewhere",
    };
    steps.push(first.to_string());
    steps.push(if left_head {
        "keep it out of the code: load its replacement from the environment or a secret manager"
            .to_string()
    } else {
        "remove it from the code and load it from the environment or a secret manager".to_string()
    });
    if !refs.is_empty() {
        steps.push(format!(
            "it remains in git history, reachable from {}: rewrite with `git filter-repo --replace-text` (see --purge-file), force-push every branch and tag listed, and have clones re-fetched",
            escape(&refs.join(", "))
        ));
    }
    steps.push(match exposure(f) {
        Some(Exposure {
            start,
            end: ExposureEnd::Revoked(at) | ExposureEnd::InvalidBy(at),
        }) => format!(
            "review the provider's audit logs for use from {} to {at}",
            crate::source::git::rfc3339(start)
        ),
        Some(Exposure {
            start,
            end: ExposureEnd::Open,
        }) => format!(
            "review the provider's audit logs for use since {}, and keep watching until it is revoked",
            crate::source::git::rfc3339(start)
        ),
        None => "review the provider's audit logs for use during the exposure window".to_string(),
    });
    steps.join("; ")
}
