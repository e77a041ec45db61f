//! The revocation plan and the consent to it.
//!
//! Owns what a person is shown before anything mutating is sent (each live key,
//! redacted, with its owner, locations and the action to take) and how consent is
//! given: `--dry-run` (never), `--yes`, or an answer to the question the binary's
//! prompt asks (the library never reads the terminal itself; see
//! [`Diagnostics::ask`]). Both are recorded in the audit log.

use std::collections::HashSet;

use serde_json::json;

use super::audit::Audit;
use crate::config::RevokeOptions;
use crate::error::{Diagnostics, Result};
use crate::finding::Finding;
use crate::verify::{self, Provider};

/// The plan, line by line (a path may hold a line break, which `say_lines`
/// escapes); each key's planned action is also an audit event.
pub(super) fn lines(
    findings: &[Finding],
    live: &[usize],
    providers: &[Box<dyn Provider>],
    attempted: &HashSet<String>,
    audit: &Audit,
) -> Result<Vec<String>> {
    let mut plan = vec![format!(
        "revocation plan: {} verified live",
        crate::plural(live.len(), "secret")
    )];
    for &i in live {
        let f = &findings[i];
        let p = super::provider_of(providers, f);
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
    Ok(plan)
}

/// What consent sets in motion, per kind of key: "1 key will be revoked through
/// the API; 1 Paperspace key needs you in the console, leakscan will wait for it
/// to die".
pub(super) fn what_happens(
    findings: &[Finding],
    live: &[usize],
    providers: &[Box<dyn Provider>],
    attempted: &HashSet<String>,
    wait: Option<std::time::Duration>,
) -> String {
    let mut api = 0;
    let mut again = 0;
    let mut manual: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut none = 0;
    for &i in live {
        let f = &findings[i];
        match super::provider_of(providers, f) {
            _ if attempted.contains(f.fingerprint.as_str()) => again += 1,
            Some(p) if p.revokes_by_api() => api += 1,
            Some(p) => *manual.entry(p.describe().name.to_string()).or_default() += 1,
            None => none += 1,
        }
    }
    let key = |n: usize| crate::plural(n, "key");
    let mut parts = Vec::new();
    if api > 0 {
        parts.push(format!(
            "{} will be revoked through the API and re-verified dead",
            key(api)
        ));
    }
    for (name, n) in &manual {
        let (keys, verb, pronoun) = if *n == 1 {
            ("key", "needs", "it")
        } else {
            ("keys", "need", "them")
        };
        parts.push(match wait {
            Some(_) => format!(
                "{n} {name} {keys} {verb} you in the console; leakscan will wait for {pronoun} to die"
            ),
            None => format!(
                "{n} {name} {keys} {verb} you in the console (add --wait 10m to have leakscan wait for {pronoun} to die)"
            ),
        });
    }
    if again > 0 {
        parts.push(format!(
            "{} sent by an earlier run will only be re-verified",
            key(again)
        ));
    }
    if none > 0 {
        parts.push(format!("{} without a provider", key(none)));
    }
    parts.join("; ")
}

/// Whether the person consented, and how (for the audit log and messages).
pub(super) fn consent(
    opts: &RevokeOptions,
    what: &str,
    audit: &Audit,
    diag: &Diagnostics,
) -> Result<(bool, &'static str)> {
    let (granted, how) = if opts.flags.dry_run {
        (false, "dry-run")
    } else if opts.flags.yes {
        (true, "--yes")
    } else if let Some(yes) = diag.ask(&format!("Go ahead? {what}. [y/N] ")) {
        (yes, "prompt")
    } else {
        (false, "no terminal and no --yes")
    };
    audit.event("consent", json!({ "granted": granted, "how": how }))?;
    Ok((granted, how))
}
