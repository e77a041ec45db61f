//! What verification and revocation concluded about a finding: plain data.
//!
//! These types sit beside [`Finding`](crate::finding::Finding), which carries them;
//! `verify` and `revoke` produce them, reports only read them. Keeping them here
//! (not in the modules that make requests) keeps the data free of the HTTP code.

use serde::{Deserialize, Serialize};

/// Is the secret live?
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The provider accepted it.
    Live,
    /// The provider rejected it.
    Invalid,
    /// No answer either way (403, 5xx, timeout, rate limit, bad body).
    Unknown,
    /// The provider accepted it, but it is a documented test-mode or sandbox key
    /// (Stripe `sk_test_`): it reaches only test data.
    Test,
    /// No verifier exists for this rule's secrets.
    Unsupported,
}

impl Status {
    /// The lower-case name used in JSON, SARIF and the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Live => "live",
            Status::Invalid => "invalid",
            Status::Unknown => "unknown",
            Status::Test => "test",
            Status::Unsupported => "unsupported",
        }
    }

    /// Whether the secret is, or may be, a live production credential.
    pub fn may_be_live(self) -> bool {
        matches!(self, Status::Live | Status::Unknown)
    }
}

/// Whose secret it is, as far as the provider says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// User id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// User name or login.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// User email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Team / workspace / organisation id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
    /// Team namespace or name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Whether the user is an admin of the team (blast radius).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin: Option<bool>,
    /// Whether the user owns the team.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<bool>,
    /// Scopes or permissions the provider reports for the credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<String>,
}

impl Identity {
    /// A short description with the email masked (`j***@example.com`).
    pub fn redacted(&self) -> String {
        let mut parts = Vec::new();
        if let Some(u) = &self.user {
            parts.push(u.clone());
        }
        if let Some(e) = &self.email {
            parts.push(mask_email(e));
        }
        if let Some(t) = &self.team {
            parts.push(format!("team {t}"));
        }
        if let Some(s) = &self.scopes {
            parts.push(format!("scopes {s}"));
        }
        if self.admin == Some(true) || self.owner == Some(true) {
            parts.push(if self.owner == Some(true) {
                "owner".into()
            } else {
                "admin".into()
            });
        }
        parts.join(", ")
    }
}

/// `jane@example.com` → `j***@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((user, domain)) => {
            let first: String = user.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// A verification attached to a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// `live`, `invalid` or `unknown`.
    pub status: Status,
    /// The provider id.
    pub provider: String,
    /// When, RFC 3339 UTC.
    pub checked_at: String,
    /// Whose (live secrets).
    pub identity: Option<Identity>,
    /// Why (unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What a person must do where no API can.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualAction {
    /// Where to click.
    pub console_url: String,
    /// What to do there.
    pub instructions: String,
}

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
