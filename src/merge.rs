//! `leakscan merge FILE...`: the reports of shards (or of separate scans) as the
//! one report the whole scan would have written.
//!
//! Owns reading reports back (the `shard` format, JSON, JSONL) into findings, and
//! nothing else: findings of one rule and fingerprint become one by the same rule a
//! scan of several repositories uses (`org::combine`), and the report writers
//! (`report::write`) write them. Secrets come back as the report had them:
//! redacted (with their entropy), or raw where the report was written with
//! `--show-secrets`; merge never sees a secret the inputs did not hold.
//!
//! With `--identity`, secrets the shards sealed (`scan --seal-to`, `seal`) are
//! opened, each only if it hashes to its finding's fingerprint; `--verify` and
//! `--revoke` then run the one verification and revocation flow
//! (`revoke::process`) once per unique secret of the whole merge.
//!
//! Guarantees: the order of the inputs does not matter, and merging merged
//! reports equals merging all of them (every step is a union followed by a sort).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::{Diagnostics, Error, Result};
use crate::finding::{CommitInfo, Finding, Fingerprint, Location, Secret, Timeline};
use crate::report::{FindingJson, Format, LocationJson, ReportOptions, ShardJson, SHARD_FORMAT};
use crate::rule::{Confidence, RuleSet};
use crate::Outcome;

/// What `leakscan merge` was asked to do.
#[derive(Debug)]
pub struct MergeConfig {
    /// The reports to merge.
    pub files: Vec<PathBuf>,
    /// Output format.
    pub format: Format,
    /// `--output FILE`, else stdout.
    pub output: Option<PathBuf>,
    /// Rules, for the SARIF rule descriptions.
    pub rules: crate::rule::RuleSources,
    /// ANSI colours (text).
    pub color: bool,
    /// `--identity FILE`: opens sealed secrets.
    pub identity: Option<PathBuf>,
    /// `--verify` (and `--revoke`): what to do with opened secrets.
    pub verify: Option<crate::config::RevokeOptions>,
}

/// Read, merge, write. Exit as `scan` would: 2 when an input is unreadable or says
/// its scan was incomplete, else 1 with findings, else 0.
pub fn run(cfg: &MergeConfig, out: &mut dyn Write, diag: &Diagnostics) -> Result<Outcome> {
    if cfg.verify.is_some() && cfg.identity.is_none() {
        return Err(Error::Usage(
            "merge --verify/--revoke needs --identity FILE: shard reports hold no raw secret, only secrets sealed to the coordinator (scan --format shard --seal-to age1…), which only its age identity opens".into(),
        ));
    }
    let identities = cfg
        .identity
        .as_deref()
        .map(crate::seal::Identities::load)
        .transpose()?;
    let mut sealed = crate::seal::Sealed::new();
    let mut findings = Vec::new();
    let mut raw = true;
    // Shards of one history name the same origin; should they differ, the least
    // is kept, whatever the order of the inputs.
    let mut vcs: Option<crate::report::Provenance> = None;
    for path in &cfg.files {
        let shown = path.display();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                diag.warn(format_args!("{shown}: cannot read: {e}; not merged"));
                continue;
            }
        };
        let (wire, complete, provenance) = match parse(&text) {
            Ok(parsed) => parsed,
            Err(why) => {
                diag.warn(format_args!(
                    "{shown}: not a leakscan report ({why}); not merged"
                ));
                continue;
            }
        };
        vcs = match (vcs, provenance) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if !complete {
            diag.warn(format_args!(
                "{shown}: its scan was incomplete (see that scan's warnings)"
            ));
        }
        for (i, mut f) in wire.into_iter().enumerate() {
            raw &= f.secret.is_some();
            let seal = f.sealed.take();
            match finding(f) {
                Ok(mut f) => {
                    if let Some(seal) = seal {
                        if let Some(ids) = &identities {
                            match ids.open(&seal, &f.rule_id, &f.fingerprint) {
                                Ok((secret, parts)) => {
                                    f.secret = secret;
                                    f.parts = parts;
                                }
                                Err(why) => diag.warn(format_args!(
                                    "{shown}: finding {} ({} {}): {why}; its secret is not used",
                                    i + 1,
                                    crate::report::escape(&f.rule_id),
                                    f.fingerprint
                                )),
                            }
                        }
                        keep_least(&mut sealed, &f.fingerprint, seal);
                    }
                    findings.push(f);
                }
                Err(why) => diag.warn(format_args!("{shown}: finding {}: {why}; skipped", i + 1)),
            }
        }
    }
    let mut findings = crate::org::combine(findings);
    let rules = RuleSet::load(&cfg.rules)?;
    if let Some(v) = &cfg.verify {
        // The incident report names what was merged: the reports, not a path.
        let opts = crate::config::RevokeOptions {
            scanned: cfg.files.clone(),
            ..v.clone()
        };
        findings = verify(findings, &rules, &opts, diag)?;
    }
    let opts = ReportOptions {
        // Raw secrets are written back only when every input held them.
        show_secrets: raw && !findings.is_empty(),
        color: cfg.color,
        complete: !diag.errored(),
        quiet: diag.is_quiet(),
        ..ReportOptions::default()
    };
    crate::report::write_to(
        cfg.format,
        &findings,
        &rules,
        opts,
        vcs.as_ref(),
        &sealed,
        cfg.output.as_deref(),
        out,
    )?;
    if let Some(v) = &cfg.verify {
        diag.note(crate::revoke::tally(&findings));
        return Ok(crate::finish_verified(diag, &findings, v.flags.revoke));
    }
    Ok(if diag.errored() {
        Outcome::Incomplete
    } else if findings.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

/// The sealed secret kept for a fingerprint when several inputs seal it (each
/// with its own ephemeral key): the least, whatever the order of the inputs.
fn keep_least(sealed: &mut crate::seal::Sealed, fingerprint: &Fingerprint, seal: String) {
    match sealed.get_mut(fingerprint) {
        Some(kept) if *kept <= seal => {}
        Some(kept) => *kept = seal,
        None => {
            sealed.insert(fingerprint.clone(), seal);
        }
    }
}

/// Verify (and with `--revoke`, revoke) the merged findings whose secret was
/// opened, each unique secret once, by the flow `scan --verify` runs. A finding
/// whose secret is not at hand (not sealed, or not opened) is reported without a
/// verification, and the merge is incomplete.
fn verify(
    findings: Vec<Finding>,
    rules: &RuleSet,
    opts: &crate::config::RevokeOptions,
    diag: &Diagnostics,
) -> Result<Vec<Finding>> {
    let (mut open, closed): (Vec<Finding>, Vec<Finding>) = findings
        .into_iter()
        .partition(|f| !f.secret.expose().is_empty());
    let unsealed = closed.iter().filter(|f| f.verification.is_none()).count();
    if unsealed > 0 {
        diag.warn(format_args!(
            "{} without an opened secret not verified (see the warnings above, or seal shards with --seal-to)",
            crate::plural(unsealed, "finding")
        ));
    }
    crate::revoke::process(&mut open, rules, opts, diag)?;
    open.extend(closed);
    crate::scan::sort_findings(&mut open);
    Ok(open)
}

/// A report's findings, whether its scan was complete, and its repository's
/// provenance: the shard format, a JSON array, or JSONL (the last two say nothing
/// of completeness, taken as complete, or provenance).
type Parsed = (Vec<FindingJson>, bool, Option<crate::report::Provenance>);

fn parse(text: &str) -> std::result::Result<Parsed, String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        return serde_json::from_str(trimmed)
            .map(|f| (f, true, None))
            .map_err(|e| e.to_string());
    }
    if let Ok(shard) = serde_json::from_str::<ShardJson>(trimmed) {
        if shard.format != SHARD_FORMAT {
            return Err(format!(
                "format `{}`, this leakscan reads `{SHARD_FORMAT}`",
                crate::report::escape(&shard.format)
            ));
        }
        return Ok((shard.findings, shard.complete, shard.provenance));
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?);
    }
    if out.is_empty() && !text.trim().is_empty() {
        return Err("no findings".into());
    }
    Ok((out, true, None))
}

/// A finding as the report wrote it.
fn finding(f: FindingJson) -> std::result::Result<Finding, String> {
    let confidence = match f.confidence.as_str() {
        "high" => Confidence::High,
        "medium" => Confidence::Medium,
        "low" => Confidence::Low,
        other => return Err(format!("confidence `{}`", crate::report::escape(other))),
    };
    let fingerprint = Fingerprint::parse(&f.fingerprint)
        .ok_or_else(|| format!("fingerprint `{}`", crate::report::escape(&f.fingerprint)))?;
    let secret = match f.secret {
        Some(raw) => Secret::new(raw.into_bytes()),
        None => Secret::from_report(
            f.redacted,
            serde_json::to_string(&f.entropy).map_err(|e| e.to_string())?,
        ),
    };
    let locations = f
        .locations
        .into_iter()
        .map(location)
        .collect::<std::result::Result<Vec<_>, String>>()?;
    let timeline = match f.timeline {
        Some(t) => Some(Timeline {
            introduced: t
                .introduced
                .map(|c| commit(c.commit, c.author, c.email, c.date, String::new()))
                .transpose()?,
            still_present: t.still_present,
            removed: t
                .removed
                .map(|c| {
                    commit(
                        c.commit,
                        String::new(),
                        String::new(),
                        c.date,
                        String::new(),
                    )
                })
                .transpose()?,
            refs: t.refs,
            order: t.order,
        }),
        None => None,
    };
    Ok(Finding {
        rule_id: f.rule_id,
        rule_name: f.rule_name,
        confidence,
        fingerprint,
        secret,
        locations,
        timeline,
        verification: f.verification,
        revocation: f.revocation,
        suppressed: f.suppressed,
        parts: Vec::new(),
    })
}

fn location(l: LocationJson) -> std::result::Result<Location, String> {
    let commit = match (l.commit, l.date) {
        (Some(oid), Some(date)) => Some(commit(
            oid,
            l.author.unwrap_or_default(),
            l.email.unwrap_or_default(),
            date,
            l.subject.unwrap_or_default(),
        )?),
        (None, _) => None,
        (Some(oid), None) => return Err(format!("commit {oid} without a date")),
    };
    Ok(Location {
        repository: l.repository.map(Arc::from),
        path: l.path,
        line: l.line,
        column: l.column,
        end_line: l.end_line,
        end_column: l.end_column,
        encoding: l.encoding,
        context: l.context,
        commit,
    })
}

fn commit(
    oid: String,
    author: String,
    email: String,
    date: String,
    subject: String,
) -> std::result::Result<Arc<CommitInfo>, String> {
    let time = crate::source::git::parse_rfc3339(&date).ok_or_else(|| {
        format!(
            "date `{}` is not YYYY-MM-DDTHH:MM:SSZ",
            crate::report::escape(&date)
        )
    })?;
    Ok(Arc::new(CommitInfo {
        oid,
        author,
        email,
        time,
        date,
        subject,
    }))
}
