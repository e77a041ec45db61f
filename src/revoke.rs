//! Incident response: verify, plan, get consent, revoke, re-verify, record.
//!
//! Owns the revocation workflow and its records: the append-only JSONL audit log
//! (one event per line, flushed as it happens, never a raw key), resuming from an
//! earlier run's log (a key whose revocation was attempted is never sent again), the
//! Markdown incident report and the `git filter-repo --replace-text` purge file.
//! Talking to providers is `verify`'s job; this module decides what to send and when.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::config::RevokeOptions;
use crate::error::{Diagnostics, Error, Result};
use crate::finding::Finding;
pub use crate::outcome::{Revocation, RevocationStatus};
use crate::report::escape;
use crate::rule::RuleSet;
use crate::verify::{self, Http, ManualAction, Provider, Revoked, Status};

/// How long an accepted revocation may take to show (GitHub's is asynchronous).
const REVERIFY_WITHIN: Duration = Duration::from_secs(8);

/// The append-only audit log.
struct Audit {
    file: Option<Mutex<File>>,
    run_id: String,
}

impl Audit {
    fn open(path: Option<&Path>) -> Result<(Audit, HashSet<String>)> {
        let run_id = run_id();
        let Some(path) = path else {
            return Ok((Audit { file: None, run_id }, HashSet::new()));
        };
        let earlier = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(Error::io(path, e)),
        };
        let attempted = attempted_revocations(path, &earlier)?;
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        if earlier.last().is_some_and(|&b| b != b'\n') {
            // A torn last line: this run's events start on a line of their own.
            file.write_all(b"\n").map_err(|e| Error::io(path, e))?;
        }
        Ok((
            Audit {
                file: Some(Mutex::new(file)),
                run_id,
            },
            attempted,
        ))
    }

    /// Write one event as one line, in one write, then flush to disk.
    fn event(&self, event: &str, fields: serde_json::Value) -> Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let mut obj = json!({ "ts": verify::now(), "run_id": self.run_id, "event": event });
        if let (Some(o), serde_json::Value::Object(extra)) = (obj.as_object_mut(), fields) {
            o.extend(extra);
        }
        let mut line = obj.to_string();
        line.push('\n');
        let mut f = file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f.write_all(line.as_bytes())
            .and_then(|()| f.sync_data())
            .map_err(|e| Error::Output(std::io::Error::new(e.kind(), format!("audit log: {e}"))))
    }
}

/// The fingerprints whose revocation an earlier run's audit log records as sent.
///
/// Every line must be a JSON event: one that cannot be read is an error naming it,
/// since skipping it could hide a `revoke_attempt` and send a key twice. The one
/// exception is a line torn by a killed run: the log's last line, or one followed by
/// the next run's `run_start` (on the next line, or glued onto the torn line by an
/// older leakscan that did not start a new line).
fn attempted_revocations(path: &Path, log: &[u8]) -> Result<HashSet<String>> {
    let parse = |line: &[u8]| serde_json::from_slice::<serde_json::Value>(line);
    let starts_run = |line: &[u8]| parse(line).is_ok_and(|e| e["event"] == "run_start");
    let lines: Vec<&[u8]> = log.split(|&b| b == b'\n').collect();
    let mut attempted = HashSet::new();
    for (i, line) in lines.iter().enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let event = match parse(line) {
            Ok(event) => event,
            Err(e) => {
                let glued = memchr::memmem::rfind(line, b"{\"ts\":")
                    .filter(|&at| at > 0 && starts_run(&line[at..]));
                let next = lines[i + 1..]
                    .iter()
                    .find(|l| !l.iter().all(u8::is_ascii_whitespace));
                if glued.is_some() || next.is_none_or(|n| starts_run(n)) {
                    continue; // torn by a killed run: it recorded no decision
                }
                let message = match std::str::from_utf8(line) {
                    Err(_) => "not UTF-8".to_string(),
                    Ok(_) => format!("not a JSON event ({e})"),
                };
                return Err(Error::AuditLog {
                    path: path.to_path_buf(),
                    line: i + 1,
                    message,
                });
            }
        };
        if event["event"] == "revoke_attempt" {
            if let Some(fp) = event["fingerprint"].as_str() {
                attempted.insert(fp.to_string());
            }
        }
    }
    Ok(attempted)
}

fn run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let seed = format!("{nanos}:{}", std::process::id());
    crate::finding::Fingerprint::new("run", &crate::finding::Secret::new(seed.into_bytes()))
        .as_str()[..16]
        .to_string()
}

/// Verify findings and, if asked, revoke the live ones. Plan and progress go to
/// stderr through `diag`; results are attached to the findings.
pub fn process(
    findings: &mut [Finding],
    rules: &RuleSet,
    opts: &RevokeOptions,
    diag: &Diagnostics,
) -> Result<()> {
    let providers = verify::registry(&opts.providers)?;
    let http = Http::new(opts.timeout)?;
    let (audit, attempted) = Audit::open(opts.flags.audit_log.as_deref())?;
    audit.event(
        "run_start",
        json!({ "revoke": opts.flags.revoke, "dry_run": opts.flags.dry_run, "secrets": findings.len() }),
    )?;
    let rule_provider = |id: &str| rules.get(id).and_then(|r| r.syntax.verify.clone());
    let audit_errors = Mutex::new(Vec::new());
    verify::verify_all(
        findings,
        &providers,
        &rule_provider,
        &http,
        &opts.providers,
        &|provider, f, v| {
            let r = audit.event(
            "verify",
            json!({ "provider": provider, "fingerprint": f.fingerprint.as_str(), "http_status": v.http_status,
                    "outcome": v.status, "reason": v.reason }),
        );
            if let Err(e) = r {
                audit_errors
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(e);
            }
        },
    );
    if let Some(e) = audit_errors
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .next()
    {
        return Err(e);
    }
    if opts.flags.revoke {
        revoke_live(findings, &providers, &http, &audit, &attempted, opts, diag)?;
    }
    audit.event(
        "run_end",
        json!({ "live_remaining": findings.iter().filter(|f| is_live_remaining(f)).count() }),
    )?;
    if let Some(path) = &opts.flags.report {
        let text = incident_report(findings, &audit.run_id, opts);
        std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
    }
    if let Some(path) = &opts.flags.purge_file {
        write_purge_file(path, findings, opts.show_secrets)?;
    }
    Ok(())
}

/// Whether a finding may still be live: it verified live or `unknown` (the provider
/// could not say), and was not revoked and re-verified dead since.
pub fn may_be_live(f: &Finding) -> bool {
    f.verification
        .as_ref()
        .is_some_and(|v| v.status != Status::Invalid)
        && !is_revoked(f)
}

/// Whether a finding is proven not live: verified invalid, or revoked and
/// re-verified dead.
pub fn is_proven_dead(f: &Finding) -> bool {
    f.verification
        .as_ref()
        .is_some_and(|v| v.status == Status::Invalid)
        || is_revoked(f)
}

fn is_revoked(f: &Finding) -> bool {
    f.revocation.as_ref().is_some_and(|r| {
        matches!(
            r.status,
            RevocationStatus::Revoked | RevocationStatus::RevokedConfirmed
        )
    })
}

/// The verification summary: `verification: 1 live, 2 invalid, 1 unknown (timed
/// out: …), 1 unsupported (no verifier)`.
pub fn tally(findings: &[Finding]) -> String {
    let mut live = 0;
    let mut invalid = 0;
    let mut unsupported = 0;
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    for f in findings {
        match &f.verification {
            None => unsupported += 1,
            Some(v) => match v.status {
                Status::Live => live += 1,
                Status::Invalid => invalid += 1,
                Status::Unknown => {
                    *unknown
                        .entry(v.reason.clone().unwrap_or_else(|| "no reason given".into()))
                        .or_default() += 1;
                }
            },
        }
    }
    let revoked = findings.iter().filter(|f| is_revoked(f)).count();
    let mut text = format!("verification: {live} live");
    if revoked > 0 {
        let _ = write!(text, " ({revoked} revoked since)");
    }
    let _ = write!(
        text,
        ", {invalid} invalid, {} unknown",
        unknown.values().sum::<usize>()
    );
    if !unknown.is_empty() {
        let why: Vec<String> = unknown
            .iter()
            .map(|(reason, n)| format!("{n}: {reason}"))
            .collect();
        let _ = write!(text, " ({}; they may be live)", why.join("; "));
    }
    let _ = write!(text, ", {unsupported} without a verifier");
    text
}

/// Whether a finding is a secret that verified live and was not made dead.
pub fn is_live_remaining(f: &Finding) -> bool {
    f.verification
        .as_ref()
        .is_some_and(|v| v.status == Status::Live)
        && !f.revocation.as_ref().is_some_and(|r| {
            matches!(
                r.status,
                RevocationStatus::Revoked | RevocationStatus::RevokedConfirmed
            )
        })
}

fn revoke_live(
    findings: &mut [Finding],
    providers: &[Box<dyn Provider>],
    http: &Http,
    audit: &Audit,
    attempted: &HashSet<String>,
    opts: &RevokeOptions,
    diag: &Diagnostics,
) -> Result<()> {
    let live: Vec<usize> = (0..findings.len())
        .filter(|&i| {
            findings[i]
                .verification
                .as_ref()
                .is_some_and(|v| v.status == Status::Live)
        })
        .collect();
    for f in findings.iter_mut() {
        if let Some(v) = &f.verification {
            if v.status == Status::Invalid && attempted.contains(f.fingerprint.as_str()) {
                // An earlier run sent the revocation and was interrupted: the key now
                // verifies invalid, which is the confirmation that run never recorded.
                f.revocation = Some(revocation(
                    RevocationStatus::Revoked,
                    &v.provider,
                    Some("revoked by an earlier run (audit log); re-verified invalid".into()),
                    None,
                ));
            } else if v.status != Status::Live {
                f.revocation = Some(revocation(
                    RevocationStatus::Skipped,
                    &v.provider,
                    Some(format!("verified {}: never revoked", status_name(v.status))),
                    None,
                ));
            }
        }
    }
    if live.is_empty() {
        let unknown = findings
            .iter()
            .filter(|f| {
                f.verification
                    .as_ref()
                    .is_some_and(|v| v.status == Status::Unknown)
            })
            .count();
        if unknown == 0 {
            diag.say("revocation plan: no secret verified live; nothing to revoke");
        } else {
            diag.say(&format!(
                "revocation plan: no secret verified live, but {unknown} could not be verified and may be live; nothing was revoked"
            ));
        }
        return Ok(());
    }
    let provider_of = |f: &Finding| -> Option<&dyn Provider> {
        let id = &f.verification.as_ref()?.provider;
        providers.iter().find(|p| p.id() == id).map(AsRef::as_ref)
    };
    // The plan, line by line: a path may hold a line break, which `say_lines` escapes.
    let mut plan = vec![format!("revocation plan: {} live secret(s)", live.len())];
    for &i in &live {
        let f = &findings[i];
        let p = provider_of(f);
        let who = f
            .verification
            .as_ref()
            .and_then(|v| v.identity.as_ref())
            .map(verify::Identity::redacted)
            .unwrap_or_default();
        plan.push(format!(
            "  {} `{}` fingerprint {}",
            f.rule_name,
            f.secret.redacted(),
            f.fingerprint
        ));
        if !who.is_empty() {
            plan.push(format!("    owner: {who}"));
        }
        for l in f.locations.iter().take(5) {
            plan.push(format!(
                "    at {}:{}{}",
                l.path,
                l.line,
                l.commit
                    .as_ref()
                    .map(|c| format!(" ({})", &c.oid[..c.oid.len().min(12)]))
                    .unwrap_or_default()
            ));
        }
        if f.locations.len() > 5 {
            plan.push(format!(
                "    … and {} more locations",
                f.locations.len() - 5
            ));
        }
        let action = if attempted.contains(f.fingerprint.as_str()) {
            "already attempted in an earlier run (audit log): re-verify only".to_string()
        } else {
            p.map_or_else(|| "no provider".into(), Provider::revoke_method)
        };
        plan.push(format!("    action: {action}"));
        audit.event("plan", json!({ "provider": p.map(Provider::id), "fingerprint": f.fingerprint.as_str(), "action": action }))?;
    }
    diag.say_lines(&plan);

    // Consent.
    let (granted, how) = if opts.flags.dry_run {
        (false, "dry-run")
    } else if opts.flags.yes {
        (true, "--yes")
    } else if let Some(yes) = diag.ask(&format!("Revoke {} secret(s) now? [y/N] ", live.len())) {
        (yes, "prompt")
    } else {
        (false, "no terminal and no --yes")
    };
    audit.event("consent", json!({ "granted": granted, "how": how }))?;
    if !granted {
        diag.say(&format!("not revoking ({how}); nothing mutating was sent"));
        for &i in &live {
            let p = findings[i]
                .verification
                .as_ref()
                .map(|v| v.provider.clone())
                .unwrap_or_default();
            findings[i].revocation = Some(revocation(
                RevocationStatus::Skipped,
                &p,
                Some(format!("no consent ({how})")),
                None,
            ));
        }
        return Ok(());
    }

    // Revoke, per provider, in batches; never twice.
    let mut by_provider: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
    for &i in &live {
        if let Some(p) = provider_of(&findings[i]) {
            by_provider.entry(p.id()).or_default().push(i);
        }
    }
    for (pid, idxs) in by_provider {
        let Some(provider) = providers.iter().find(|p| p.id() == pid) else {
            continue;
        };
        let (resume, fresh): (Vec<usize>, Vec<usize>) = idxs
            .into_iter()
            .partition(|&i| attempted.contains(findings[i].fingerprint.as_str()));
        for &i in &fresh {
            audit.event(
                "revoke_attempt",
                json!({ "provider": pid, "fingerprint": findings[i].fingerprint.as_str() }),
            )?;
        }
        let batch: Vec<(&crate::finding::Secret, Option<&verify::Identity>)> = fresh
            .iter()
            .map(|&i| {
                (
                    &findings[i].secret,
                    findings[i]
                        .verification
                        .as_ref()
                        .and_then(|v| v.identity.as_ref()),
                )
            })
            .collect();
        let results = provider.revoke_batch(http, &batch);
        // Keys an earlier run already sent: nothing is sent again; re-verify only.
        let reverify = |f: &Finding| {
            confirm(
                provider.as_ref(),
                http,
                f,
                audit,
                REVERIFY_WITHIN,
                RevocationStatus::Revoked,
            )
        };
        for &i in &resume {
            findings[i].revocation = Some(reverify(&findings[i])?);
        }
        for (&i, outcome) in fresh.iter().zip(results) {
            let fp = findings[i].fingerprint.as_str().to_string();
            let result = match outcome.map_err(|e| crate::error::chain(&e)) {
                Ok(Revoked::Sent(status)) => {
                    audit.event("revoke_result", json!({ "provider": pid, "fingerprint": fp, "http_status": status, "outcome": "accepted" }))?;
                    reverify(&findings[i])?
                }
                Ok(Revoked::Manual(action)) => {
                    audit.event("revoke_result", json!({ "provider": pid, "fingerprint": fp, "outcome": "manual_required", "console_url": action.console_url }))?;
                    match opts.flags.wait {
                        None => revocation(RevocationStatus::ManualRequired, pid, Some("no revocation API: revoke it by hand, then re-run with --wait to confirm".into()), Some(action)),
                        Some(wait) => {
                            diag.say(&format!("waiting up to {}s for `{}` to be revoked by hand: {}", wait.as_secs(), findings[i].secret.redacted(), action.console_url));
                            let mut r = confirm(provider.as_ref(), http, &findings[i], audit, wait, RevocationStatus::RevokedConfirmed)?;
                            if r.status == RevocationStatus::Failed {
                                r.status = RevocationStatus::ManualPending;
                                r.detail = Some(format!("still live after waiting {}s", wait.as_secs()));
                            }
                            r.manual = Some(action);
                            r
                        }
                    }
                }
                Err(message) => {
                    audit.event("revoke_result", json!({ "provider": pid, "fingerprint": fp, "outcome": "error", "error": message }))?;
                    diag.warn(format_args!(
                        "revoking `{}` ({pid}): {message}",
                        findings[i].secret.redacted()
                    ));
                    revocation(RevocationStatus::Failed, pid, Some(message), None)
                }
            };
            findings[i].revocation = Some(result);
        }
    }
    Ok(())
}

/// Re-verify until the key verifies invalid or `within` runs out.
fn confirm(
    provider: &dyn Provider,
    http: &Http,
    f: &Finding,
    audit: &Audit,
    within: Duration,
    success: RevocationStatus,
) -> Result<Revocation> {
    let start = Instant::now();
    let interval = (within / 10).clamp(Duration::from_millis(500), Duration::from_secs(15));
    loop {
        let v = provider.verify(http, &f.secret);
        audit.event(
            "reverify",
            json!({ "provider": provider.id(), "fingerprint": f.fingerprint.as_str(), "http_status": v.http_status, "outcome": v.status }),
        )?;
        if v.status == Status::Invalid {
            return Ok(revocation(
                success,
                provider.id(),
                Some("re-verified: the key no longer works".into()),
                None,
            ));
        }
        if start.elapsed() + interval > within {
            let detail = match v.status {
                Status::Live => "still verifies live".to_string(),
                _ => format!(
                    "could not confirm: {}",
                    v.reason.unwrap_or_else(|| "unknown".into())
                ),
            };
            return Ok(revocation(
                RevocationStatus::Failed,
                provider.id(),
                Some(detail),
                None,
            ));
        }
        std::thread::sleep(interval);
    }
}

fn revocation(
    status: RevocationStatus,
    provider: &str,
    detail: Option<String>,
    manual: Option<ManualAction>,
) -> Revocation {
    Revocation {
        status,
        provider: provider.to_string(),
        at: verify::now(),
        detail,
        manual,
    }
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Live => "live",
        Status::Invalid => "invalid",
        Status::Unknown => "unknown",
    }
}

/// `git filter-repo --replace-text` lines, one per secret; mode 0600.
fn write_purge_file(path: &Path, findings: &[Finding], show_secrets: bool) -> Result<()> {
    if !show_secrets {
        return Err(Error::Usage(
            "--purge-file holds raw secrets: it needs --show-secrets".into(),
        ));
    }
    let mut text = String::from(
        "# git filter-repo --replace-text this-file  (holds raw secrets: delete after use)\n",
    );
    let mut seen = HashSet::new();
    for f in findings {
        let raw = f.secret.to_text();
        if raw.contains('\n') || !seen.insert(raw.clone()) {
            continue; // filter-repo's format is line-based
        }
        let _ = writeln!(
            text,
            "{raw}==>***REMOVED-{}***",
            &f.fingerprint.as_str()[..8]
        );
    }
    let mut file = crate::report::create_private(path)?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(path, e))
}

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
            parse_rfc3339(end)
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

/// Seconds since the epoch of `YYYY-MM-DDTHH:MM:SSZ`, the form leakscan writes
/// ([`verify::now`]); `None` for anything else.
fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let ok = b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z';
    if !ok {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Howard Hinnant's days_from_civil, the inverse of `source::git::rfc3339`.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_rfc3339_inverts_the_formatter() {
        for secs in [0, 951_782_400, 1_700_000_000, 4_102_444_799] {
            let text = crate::source::git::rfc3339(secs);
            assert_eq!(parse_rfc3339(&text), Some(secs), "{text}");
        }
        assert_eq!(parse_rfc3339("2024-13-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("2024-01-01 00:00:00"), None);
    }

    const START: &str = r#"{"ts":"t","run_id":"r","event":"run_start"}"#;
    const ATTEMPT: &str = r#"{"ts":"t","run_id":"r","event":"revoke_attempt","fingerprint":"f1"}"#;

    fn read(log: &str) -> Result<HashSet<String>> {
        attempted_revocations(Path::new("audit.jsonl"), log.as_bytes())
    }

    #[test]
    fn torn_lines_from_killed_runs_are_tolerated() {
        let torn = r#"{"ts":"t","run_id":"r","ev"#;
        for log in [
            format!("{START}\n{ATTEMPT}\n{torn}"),
            format!("{START}\n{ATTEMPT}\n{torn}\n{START}\n"),
            format!("{START}\n{ATTEMPT}\n{torn}{START}\n"),
        ] {
            assert_eq!(
                read(&log).unwrap(),
                HashSet::from(["f1".to_string()]),
                "{log}"
            );
        }
    }

    #[test]
    fn a_bad_line_in_the_middle_is_an_error_naming_it() {
        let err = read(&format!("{START}\nnot json\n{ATTEMPT}\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("audit.jsonl: line 2: not a JSON event"),
            "{err}"
        );
        let log = [
            START.as_bytes(),
            b"\n{\"x\":\"\xff\"}\n",
            ATTEMPT.as_bytes(),
        ]
        .concat();
        let err = attempted_revocations(Path::new("a"), &log)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("a: line 2: not UTF-8"), "{err}");
    }
}
