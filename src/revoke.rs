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
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::config::VerifyFlags;
use crate::error::{Diagnostics, Error, Result};
use crate::finding::Finding;
use crate::rule::RuleSet;
use crate::verify::{self, Http, ManualAction, Provider, ProviderSyntax, Revoked, Status};

/// How long an accepted revocation may take to show (GitHub's is asynchronous).
const REVERIFY_WITHIN: Duration = Duration::from_secs(8);

/// What was done about a live secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationStatus {
    /// Revoked through the API and re-verified invalid.
    Revoked,
    /// Revoked by a person (manual path) and confirmed invalid by polling.
    RevokedConfirmed,
    /// No API: a person must revoke it (see `manual`).
    ManualRequired,
    /// Manual action requested; still live when `--wait` ran out.
    ManualPending,
    /// The API call failed, or the key still verifies live afterwards.
    Failed,
    /// Not attempted: no consent, `--dry-run`, or not verified live.
    Skipped,
}

impl RevocationStatus {
    /// The snake_case name used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            RevocationStatus::Revoked => "revoked",
            RevocationStatus::RevokedConfirmed => "revoked_confirmed",
            RevocationStatus::ManualRequired => "manual_required",
            RevocationStatus::ManualPending => "manual_pending",
            RevocationStatus::Failed => "failed",
            RevocationStatus::Skipped => "skipped",
        }
    }
}

/// A revocation attached to a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    /// What happened.
    pub status: RevocationStatus,
    /// The provider id.
    pub provider: String,
    /// When it was decided, RFC 3339 UTC.
    pub at: String,
    /// Details in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// What a person must do (manual path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manual: Option<ManualAction>,
}

/// How far to go.
#[derive(Clone, Debug, Default)]
pub struct RevokeOptions {
    /// Provider settings from `.leakscan.toml` (`[providers.*]`).
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
        diag.say("revocation plan: no secret verified live; nothing to revoke");
        return Ok(());
    }
    let provider_of = |f: &Finding| -> Option<&dyn Provider> {
        let id = &f.verification.as_ref()?.provider;
        providers.iter().find(|p| p.id() == id).map(AsRef::as_ref)
    };
    // The plan.
    let mut plan = format!("revocation plan: {} live secret(s)\n", live.len());
    for &i in &live {
        let f = &findings[i];
        let p = provider_of(f);
        let who = f
            .verification
            .as_ref()
            .and_then(|v| v.identity.as_ref())
            .map(verify::Identity::redacted)
            .unwrap_or_default();
        let _ = writeln!(
            plan,
            "  {} `{}` fingerprint {}",
            f.rule_name,
            f.secret.redacted(),
            f.fingerprint
        );
        if !who.is_empty() {
            let _ = writeln!(plan, "    owner: {who}");
        }
        for l in f.locations.iter().take(5) {
            let _ = writeln!(
                plan,
                "    at {}:{}{}",
                l.path,
                l.line,
                l.commit
                    .as_ref()
                    .map(|c| format!(" ({})", &c.oid[..c.oid.len().min(12)]))
                    .unwrap_or_default()
            );
        }
        if f.locations.len() > 5 {
            let _ = writeln!(plan, "    … and {} more locations", f.locations.len() - 5);
        }
        let action = if attempted.contains(f.fingerprint.as_str()) {
            "already attempted in an earlier run (audit log): re-verify only".to_string()
        } else {
            p.map_or_else(|| "no provider".into(), Provider::revoke_method)
        };
        let _ = writeln!(plan, "    action: {action}");
        audit.event("plan", json!({ "provider": p.map(Provider::id), "fingerprint": f.fingerprint.as_str(), "action": action }))?;
    }
    diag.say(plan.trim_end());

    // Consent.
    let (granted, how) = if opts.flags.dry_run {
        (false, "dry-run")
    } else if opts.flags.yes {
        (true, "--yes")
    } else if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        diag.say(&format!("Revoke {} secret(s) now? [y/N] ", live.len()));
        let mut answer = String::new();
        let _ = std::io::stdin().lock().read_line(&mut answer);
        (matches!(answer.trim(), "y" | "Y" | "yes" | "YES"), "prompt")
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
    let mut opts = OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut file = opts.open(path).map_err(|e| Error::io(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::io(path, e))?;
    }
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(path, e))
}

/// The Markdown incident report.
pub fn incident_report(findings: &[Finding], run_id: &str, opts: &RevokeOptions) -> String {
    let mut md = String::new();
    let now = verify::now();
    let _ = writeln!(md, "# leakscan incident report\n");
    let scanned: Vec<String> = opts
        .scanned
        .iter()
        .map(|p| p.display().to_string())
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
            f.rule_name,
            f.secret.redacted()
        );
        let _ = writeln!(
            md,
            "- Rule `{}`, fingerprint `{}`",
            f.rule_id, f.fingerprint
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
                    v.provider,
                    v.checked_at,
                    who.map(|w| format!("; belongs to {w}")).unwrap_or_default()
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
                    c.author,
                    c.date
                )
            });
            let end = t.removed.as_ref().map(|c| c.date.clone());
            let _ = writeln!(
                md,
                "- Introduced: {}",
                intro.clone().unwrap_or_else(|| "working tree only".into())
            );
            let _ = writeln!(
                md,
                "- Removed: {}",
                match (&t.removed, t.still_present) {
                    (_, true) => "no: still present in HEAD or the working tree".to_string(),
                    (Some(c), false) => format!("{} on {}", &c.oid[..12.min(c.oid.len())], c.date),
                    (None, false) => "never on HEAD's history (other refs only)".to_string(),
                }
            );
            if let Some(start) = t.introduced.as_ref().map(|c| c.time) {
                let end_secs = t
                    .removed
                    .as_ref()
                    .filter(|_| !t.still_present)
                    .map(|c| c.time);
                let _ = writeln!(
                    md,
                    "- Exposure window: {} → {}{}",
                    crate::source::git::rfc3339(start),
                    end.filter(|_| !t.still_present)
                        .unwrap_or_else(|| "now".into()),
                    end_secs
                        .map(|e| format!(" ({} days)", (e - start) / 86_400))
                        .unwrap_or_default()
                );
            }
            if !t.refs.is_empty() {
                let _ = writeln!(md, "- Reachable from: {}", t.refs.join(", "));
            }
        }
        let _ = writeln!(md, "- Locations:");
        for l in &f.locations {
            match &l.commit {
                Some(c) => {
                    let _ = writeln!(
                        md,
                        "  - `{}:{}` in {} ({}, {})",
                        l.path,
                        l.line,
                        &c.oid[..12.min(c.oid.len())],
                        c.author,
                        c.date
                    );
                }
                None => {
                    let _ = writeln!(md, "  - `{}:{}` (working tree)", l.path, l.line);
                }
            }
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
                        .map(|d| format!(": {d}"))
                        .unwrap_or_default()
                );
                if let Some(m) = &r.manual {
                    let _ = writeln!(
                        md,
                        "- Manual action: {} — {}",
                        m.console_url, m.instructions
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

fn next_steps(f: &Finding) -> String {
    let in_history = f.timeline.as_ref().is_some_and(|t| !t.refs.is_empty());
    let mut steps = Vec::new();
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
        _ if is_live_remaining(f) => {
            "the key is live: re-run with --revoke --yes, or revoke it by hand"
        }
        _ => "no live key: confirm with the owner that it is not in use elsewhere",
    };
    steps.push(first);
    steps.push("remove it from the code and load it from the environment or a secret manager");
    if in_history {
        steps.push("it remains in git history: rewrite with `git filter-repo --replace-text` (see --purge-file) and have clones re-fetched");
    }
    steps.push("review the provider's audit logs for use during the exposure window");
    steps.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
