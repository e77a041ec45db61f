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
    let mut plan = vec![format!("revocation plan: {} live secret(s)", live.len())];
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

/// Whether the person consented, and how (for the audit log and messages).
pub(super) fn consent(
    opts: &RevokeOptions,
    live: usize,
    audit: &Audit,
    diag: &Diagnostics,
) -> Result<(bool, &'static str)> {
    let (granted, how) = if opts.flags.dry_run {
        (false, "dry-run")
    } else if opts.flags.yes {
        (true, "--yes")
    } else if let Some(yes) = diag.ask(&format!("Revoke {live} secret(s) now? [y/N] ")) {
        (yes, "prompt")
    } else {
        (false, "no terminal and no --yes")
    };
    audit.event("consent", json!({ "granted": granted, "how": how }))?;
    Ok((granted, how))
}
