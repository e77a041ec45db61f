//! Verification and revocation: is a found secret live, whose is it, and can it be
//! made dead.
//!
//! Owns the [`Provider`] trait (one module per provider: `paperspace`, `github`,
//! `gitlab`, `slack`), the registry that maps a rule's `verify = "…"` id to a
//! provider, and [`verify_all`], which checks each unique secret once, with bounded
//! concurrency and a per-provider rate limit. Revocation itself is orchestrated by
//! `revoke`; this module only knows how to talk to each API. Adding a provider is a
//! new module plus one line in [`registry`] and a `verify = "id"` in its rules.

pub mod aws;
pub mod azure_storage;
pub mod digest;
pub mod github;
pub mod gitlab;
pub mod google_service_account;
pub mod http;
pub mod paperspace;
pub mod pypi;
pub mod slack;
pub mod slack_webhook;
pub mod spec;

pub mod airtable;
pub mod anthropic;
pub mod asana;
pub mod assemblyai;
pub mod atlassian;
pub mod azure_entra;
pub mod buildkite;
pub mod circleci;
pub mod cloudflare;
pub mod cohere;
pub mod contentful;
pub mod databricks;
pub mod datadog;
pub mod deepgram;
pub mod deepseek;
pub mod digitalocean;
pub mod discord;
pub mod dockerhub;
pub mod doppler;
pub mod dropbox;
pub mod flutterwave;
pub mod google_api_key;
pub mod google_oauth;
pub mod grafana;
pub mod groq;
pub mod heroku;
pub mod huggingface;
pub mod intercom;
pub mod launchdarkly;
pub mod linear;
pub mod mailchimp;
pub mod mailgun;
pub mod mandrill;
pub mod mistral;
pub mod mongodb_atlas;
pub mod mongodb_atlas_api_key;
pub mod neon;
pub mod netlify;
pub mod newrelic;
pub mod notion;
pub mod npm;
pub mod openai;
pub mod openrouter;
pub mod pagerduty;
pub mod paystack;
pub mod pinecone;
pub mod planetscale;
pub mod postman;
pub mod render;
pub mod replicate;
pub mod rubygems;
pub mod sendgrid;
pub mod sentry;
pub mod shopify;
pub mod snyk;
pub mod square;
pub mod stability;
pub mod stripe;
pub mod supabase;
pub mod telegram;
pub mod terraform;
pub mod together;
pub mod twilio;
pub mod typeform;
pub mod vercel;
pub mod xai;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::finding::{Finding, Secret};
pub use crate::outcome::{mask_email, Identity, ManualAction, Status, Verification};
pub use http::Http;

/// One provider answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Live, invalid or unknown.
    pub status: Status,
    /// The HTTP status, if there was a response.
    pub http_status: Option<u16>,
    /// Why, in words (for unknown).
    pub reason: Option<String>,
    /// Whose, for live secrets.
    pub identity: Option<Identity>,
}

impl Verdict {
    pub(crate) fn unknown(http_status: Option<u16>, reason: impl Into<String>) -> Verdict {
        Verdict {
            status: Status::Unknown,
            http_status,
            reason: Some(reason.into()),
            identity: None,
        }
    }

    pub(crate) fn invalid(http_status: u16) -> Verdict {
        Verdict {
            status: Status::Invalid,
            http_status: Some(http_status),
            reason: None,
            identity: None,
        }
    }

    pub(crate) fn live(identity: Identity) -> Verdict {
        Verdict {
            status: Status::Live,
            http_status: Some(200),
            reason: None,
            identity: Some(identity),
        }
    }
}

/// What a revocation call did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Revoked {
    /// The provider accepted the revocation (HTTP status).
    Sent(u16),
    /// There is no API: a person must act.
    Manual(ManualAction),
}

/// A provider API.
pub trait Provider: Send + Sync {
    /// The id rules name in `verify = "…"`.
    fn id(&self) -> &'static str;

    /// Ask the provider whether `secret` is live, and whose it is.
    fn verify(&self, http: &Http, secret: &Secret) -> Verdict;

    /// As [`Provider::verify`], with the credential's other parts the rule found
    /// beside the secret (named groups: a Twilio account SID). Providers that need
    /// them override this.
    fn verify_parts(&self, http: &Http, secret: &Secret, _parts: &[(String, Secret)]) -> Verdict {
        self.verify(http, secret)
    }

    /// Revoke one secret. Providers without an API return a manual action.
    fn revoke(
        &self,
        _http: &Http,
        _secret: &Secret,
        _identity: Option<&Identity>,
    ) -> Result<Revoked> {
        Err(Error::RevokeUnsupported(self.id()))
    }

    /// Revoke several secrets; providers with a batch API override this.
    fn revoke_batch(
        &self,
        http: &Http,
        secrets: &[(&Secret, Option<&Identity>)],
    ) -> Vec<Result<Revoked>> {
        secrets
            .iter()
            .map(|(s, i)| self.revoke(http, s, *i))
            .collect()
    }

    /// How the revocation is done, for the plan.
    fn revoke_method(&self) -> String;

    /// Whether the provider can check a secret at all (PyPI cannot without
    /// uploading): those that cannot answer `unsupported` and send nothing.
    fn verifies(&self) -> bool {
        true
    }

    /// Whether the provider revokes through its API (else a person must).
    fn revokes_by_api(&self) -> bool {
        false
    }

    /// What `providers list` shows.
    fn describe(&self) -> Description;
}

/// A provider as `leakscan providers list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Description {
    /// The id rules name in `verify = "…"`.
    pub id: &'static str,
    /// The provider's name.
    pub name: &'static str,
    /// The environment variable that overrides the base URL.
    pub env: String,
    /// The documented base URL.
    pub default_api_url: &'static str,
}

/// The providers described as data, one module each: adding one is its module and
/// one line here.
pub const SPECS: &[&spec::Spec] = &[
    &airtable::SPEC,
    &anthropic::SPEC,
    &asana::SPEC,
    &atlassian::SPEC,
    &azure_entra::SPEC,
    &assemblyai::SPEC,
    &buildkite::SPEC,
    &circleci::SPEC,
    &cloudflare::SPEC,
    &cohere::SPEC,
    &contentful::SPEC,
    &databricks::SPEC,
    &datadog::SPEC,
    &deepgram::SPEC,
    &deepseek::SPEC,
    &digitalocean::SPEC,
    &discord::SPEC,
    &dockerhub::SPEC,
    &doppler::SPEC,
    &dropbox::SPEC,
    &flutterwave::SPEC,
    &google_api_key::SPEC,
    &google_oauth::SPEC,
    &grafana::SPEC,
    &groq::SPEC,
    &heroku::SPEC,
    &huggingface::SPEC,
    &intercom::SPEC,
    &launchdarkly::SPEC,
    &linear::SPEC,
    &mailchimp::SPEC,
    &mailgun::SPEC,
    &mandrill::SPEC,
    &mistral::SPEC,
    &mongodb_atlas::SPEC,
    &mongodb_atlas_api_key::SPEC,
    &neon::SPEC,
    &netlify::SPEC,
    &newrelic::SPEC,
    &notion::SPEC,
    &npm::SPEC,
    &openai::SPEC,
    &openrouter::SPEC,
    &pagerduty::SPEC,
    &paystack::SPEC,
    &pinecone::SPEC,
    &planetscale::SPEC,
    &postman::SPEC,
    &render::SPEC,
    &replicate::SPEC,
    &rubygems::SPEC,
    &sendgrid::SPEC,
    &sentry::SPEC,
    &shopify::SPEC,
    &snyk::SPEC,
    &square::SPEC,
    &stability::SPEC,
    &stripe::SPEC,
    &supabase::SPEC,
    &telegram::SPEC,
    &terraform::SPEC,
    &together::SPEC,
    &twilio::SPEC,
    &typeform::SPEC,
    &vercel::SPEC,
    &xai::SPEC,
];

/// Settings of one provider from `.leakscan.toml` and the environment.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSyntax {
    /// Base URL of the API.
    #[serde(default)]
    pub api_url: Option<String>,
    /// A configured revocation endpoint (Paperspace).
    #[serde(default)]
    pub revoke: Option<paperspace::RevokeEndpointSyntax>,
    /// Requests per second to this provider (default 5; 0.01 to 1000).
    #[serde(default)]
    pub rate_per_sec: Option<f64>,
}

/// Build every provider from settings. Environment variables win over the file.
pub fn registry(settings: &BTreeMap<String, ProviderSyntax>) -> Result<Vec<Box<dyn Provider>>> {
    let get = |id: &str| settings.get(id).cloned().unwrap_or_default();
    let mut all: Vec<Box<dyn Provider>> = vec![
        Box::new(paperspace::Paperspace::new(&get("paperspace"))?),
        Box::new(github::GitHub::new(&get("github"))?),
        Box::new(gitlab::GitLab::new(&get("gitlab"))?),
        Box::new(slack::Slack::new(&get("slack"))?),
        Box::new(aws::Aws::new(&get("aws"))?),
        Box::new(azure_storage::AzureStorage::new(&get("azure-storage"))?),
        Box::new(google_service_account::GoogleServiceAccount::new(&get(
            "google-service-account",
        ))?),
        Box::new(slack_webhook::SlackWebhook::new(&get("slack-webhook"))?),
        Box::new(pypi::PyPi),
    ];
    for s in SPECS {
        all.push(Box::new(spec::SpecProvider::new(s, &get(s.id))?));
    }
    Ok(all)
}

/// The base URL: environment variable, else config, else the public default.
pub(crate) fn base_url(
    provider: &str,
    env: &str,
    configured: Option<&String>,
    default: &str,
) -> Result<String> {
    let from_env = std::env::var(env).ok().filter(|v| !v.is_empty());
    let label = if from_env.is_some() {
        env.to_string()
    } else {
        format!("[providers.{provider}] api_url")
    };
    let url = from_env
        .or_else(|| configured.cloned())
        .unwrap_or_else(|| default.to_string());
    http::check_base_url(&label, &url)
}

/// A per-provider minimum interval between requests.
struct RateLimit {
    next: Mutex<HashMap<&'static str, Instant>>,
    interval: HashMap<String, Duration>,
}

impl RateLimit {
    fn wait(&self, provider: &'static str) {
        let interval = self
            .interval
            .get(provider)
            .copied()
            .unwrap_or(Duration::from_millis(200));
        let sleep = {
            let mut next = self
                .next
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let now = Instant::now();
            let at = next.get(provider).copied().unwrap_or(now).max(now);
            next.insert(provider, at + interval);
            at - now
        };
        if !sleep.is_zero() {
            std::thread::sleep(sleep);
        }
    }
}

/// The current time as RFC 3339 UTC.
pub fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::source::git::rfc3339(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// Verify every finding whose rule names a provider: each unique (provider, secret)
/// once, on up to `workers` threads, rate-limited per provider. `on_verdict` is
/// called once per unique secret (for the audit log).
pub fn verify_all(
    findings: &mut [Finding],
    providers: &[Box<dyn Provider>],
    rule_provider: &dyn Fn(&str) -> Option<String>,
    http: &Http,
    settings: &BTreeMap<String, ProviderSyntax>,
    on_verdict: &(dyn Fn(&str, &Finding, &Verdict) + Sync),
) {
    let mut unique: Vec<(usize, &dyn Provider)> = Vec::new();
    let mut seen: HashMap<(&str, Vec<u8>), usize> = HashMap::new();
    let mut slot_of = vec![None; findings.len()];
    let mut unsupported = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let Some(p) =
            rule_provider(&f.rule_id).and_then(|pid| providers.iter().find(|p| p.id() == pid))
        else {
            unsupported.push(i);
            continue;
        };
        let key = (p.id(), f.secret.expose().to_vec());
        let slot = *seen.entry(key).or_insert_with(|| {
            unique.push((i, p.as_ref()));
            unique.len() - 1
        });
        slot_of[i] = Some(slot);
    }
    let limits = RateLimit {
        next: Mutex::new(HashMap::new()),
        interval: settings
            .iter()
            .filter_map(|(k, v)| {
                // `ScanConfig::resolve` keeps rates within `config::RATE_RANGE`; the
                // checked conversion keeps a rate from elsewhere from panicking.
                let interval = Duration::try_from_secs_f64(1.0 / v.rate_per_sec?).ok()?;
                Some((k.clone(), interval))
            })
            .collect(),
    };
    let results: Vec<Mutex<Option<Verification>>> =
        unique.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let shared: &[Finding] = findings;
    std::thread::scope(|s| {
        for _ in 0..unique.len().min(4) {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some((fi, provider)) = unique.get(k) else {
                    break;
                };
                limits.wait(provider.id());
                let finding = &shared[*fi];
                let verdict = provider.verify_parts(http, &finding.secret, &finding.parts);
                on_verdict(provider.id(), finding, &verdict);
                let v = Verification {
                    status: verdict.status,
                    provider: provider.id().to_string(),
                    checked_at: now(),
                    identity: verdict.identity,
                    reason: verdict.reason,
                };
                *results[k]
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(v);
            });
        }
    });
    let results: Vec<Option<Verification>> = results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        })
        .collect();
    for (f, slot) in findings.iter_mut().zip(slot_of) {
        if let Some(slot) = slot {
            f.verification.clone_from(&results[slot]);
        }
    }
    for i in unsupported {
        let f = &mut findings[i];
        let provider = f.rule_id.split('.').next().unwrap_or_default().to_string();
        f.verification = Some(Verification {
            status: Status::Unsupported,
            reason: Some(format!("no verifier for `{}` secrets", f.rule_id)),
            provider,
            checked_at: now(),
            identity: None,
        });
    }
}

/// Parse the JSON body of a response, `None` if it is not JSON.
pub(crate) fn json_body(resp: reqwest::blocking::Response) -> Option<serde_json::Value> {
    resp.json::<serde_json::Value>().ok()
}

/// A string field of a JSON value, as an owned string (numbers too).
pub(crate) fn text(v: &serde_json::Value, key: &str) -> Option<String> {
    match v.get(key)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_masked() {
        assert_eq!(mask_email("jane@example.com"), "j***@example.com");
        assert_eq!(mask_email("nope"), "***");
    }
}
