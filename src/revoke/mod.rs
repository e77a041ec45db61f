//! Incident response: verify, plan, get consent, revoke, re-verify, record.
//!
//! Owns the revocation workflow: which keys are revoked, in what order, never twice,
//! and how each ends (re-verified dead, manual, failed), plus the `git filter-repo
//! --replace-text` purge file. Its rooms: `plan` (what a person is shown, and the
//! consent), `audit` (the append-only log and resuming from it); the Markdown
//! incident report is `report::incident`. Talking to providers is `verify`'s job.

mod audit;
mod plan;

use audit::Audit;

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::config::RevokeOptions;
use crate::error::{Diagnostics, Error, Result};
use crate::finding::Finding;
pub use crate::outcome::{Revocation, RevocationStatus};
use crate::rule::RuleSet;
use crate::verify::{self, Http, ManualAction, Provider, Revoked, Status};

/// How long an accepted revocation may take to show (GitHub's is asynchronous).
const REVERIFY_WITHIN: Duration = Duration::from_secs(8);

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
        let text = crate::report::incident::incident_report(findings, &audit.run_id, opts);
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
        .is_some_and(|v| v.status.may_be_live())
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
    let mut test_mode = 0;
    let mut unsupported = 0;
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    for f in findings {
        match &f.verification {
            None => unsupported += 1,
            Some(v) => match v.status {
                Status::Live => live += 1,
                Status::Invalid => invalid += 1,
                Status::Test => test_mode += 1,
                Status::Unsupported => unsupported += 1,
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
    if test_mode > 0 {
        let _ = write!(text, ", {test_mode} test-mode");
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
            } else if let Some(p) = provider_of(providers, f)
                .filter(|p| v.status == Status::Unsupported && !p.verifies())
            {
                // A provider that cannot check a key (PyPI) still knows who revokes it
                // and where: the key is treated as live, and a person acts.
                if let Ok(Revoked::Manual(action)) = p.revoke(http, &f.secret, None) {
                    let fp = f.fingerprint.as_str();
                    audit.event(
                        "revoke_result",
                        json!({ "provider": p.id(), "fingerprint": fp, "outcome": "manual_required", "console_url": action.console_url }),
                    )?;
                    f.revocation = Some(revocation(
                        RevocationStatus::ManualRequired,
                        p.id(),
                        Some(format!(
                            "{} cannot be verified, so treat it as live: revoke it by hand",
                            f.rule_name
                        )),
                        Some(action),
                    ));
                }
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
        let by_hand = findings
            .iter()
            .filter(|f| {
                f.revocation
                    .as_ref()
                    .is_some_and(|r| r.status == RevocationStatus::ManualRequired)
            })
            .count();
        if by_hand > 0 {
            diag.say(&format!(
                "revocation plan: no secret verified live; {} that no API can check must be revoked by hand (see its manual action)",
                crate::plural(by_hand, "secret")
            ));
        } else if unknown == 0 {
            diag.say("revocation plan: no secret verified live; nothing to revoke");
        } else {
            diag.say(&format!(
                "revocation plan: no secret verified live, but {unknown} could not be verified and may be live; nothing was revoked"
            ));
        }
        return Ok(());
    }
    let plan = plan::lines(findings, &live, providers, attempted, audit)?;
    diag.say_lines(&plan);
    let what = plan::what_happens(findings, &live, providers, attempted, opts.flags.wait);
    diag.say(&format!("what will happen: {what}"));

    let (granted, how) = plan::consent(opts, &what, audit, diag)?;
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
        if let Some(p) = provider_of(providers, &findings[i]) {
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
                            // The whole procedure first, then the polling, with a countdown.
                            diag.say_lines(&[
                                format!("revoke `{}` ({}) by hand now:", findings[i].secret.redacted(), findings[i].rule_name),
                                format!("  1. open {}", action.console_url),
                                format!("  2. {}", action.instructions),
                                format!("  leakscan checks every few seconds for up to {} and stops as soon as the key is dead.", human(wait)),
                            ]);
                            let tick = |left: Duration| diag.say(&format!("  still live; {} left", human(left)));
                            let mut r = confirm_with(provider.as_ref(), http, &findings[i], audit, wait, RevocationStatus::RevokedConfirmed, &tick)?;
                            if r.status == RevocationStatus::Failed {
                                r.status = RevocationStatus::ManualPending;
                                r.detail = Some(format!("still live after waiting {}", human(wait)));
                                r.manual = Some(action);
                            }
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

/// The provider that verified `f`.
pub(super) fn provider_of<'p>(
    providers: &'p [Box<dyn Provider>],
    f: &Finding,
) -> Option<&'p dyn Provider> {
    let id = &f.verification.as_ref()?.provider;
    providers.iter().find(|p| p.id() == id).map(AsRef::as_ref)
}

/// `90s`, `4m 30s`.
fn human(d: Duration) -> String {
    let s = d.as_secs();
    match (s / 60, s % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m {s}s"),
    }
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
    confirm_with(provider, http, f, audit, within, success, &|_| {})
}

/// [`confirm`], calling `tick` with the time left after each check that found the
/// key still alive.
fn confirm_with(
    provider: &dyn Provider,
    http: &Http,
    f: &Finding,
    audit: &Audit,
    within: Duration,
    success: RevocationStatus,
    tick: &dyn Fn(Duration),
) -> Result<Revocation> {
    let start = Instant::now();
    let interval = (within / 10).clamp(Duration::from_millis(500), Duration::from_secs(15));
    loop {
        let v = provider.verify_parts(http, &f.secret, &f.parts);
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
        tick(within.saturating_sub(start.elapsed()));
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

pub(crate) fn status_name(s: Status) -> &'static str {
    s.as_str()
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
