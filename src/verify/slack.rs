//! Slack tokens.
//!
//! Verify: `POST {base}/auth.test` with `Authorization: Bearer`
//! (<https://api.slack.com/methods/auth.test>): `ok: true` → live (user, team);
//! `ok: false` with `invalid_auth`, `not_authed`, `token_revoked`, `token_expired` or
//! `account_inactive` → invalid; anything else → unknown. Revoke: `auth.revoke`
//! (<https://api.slack.com/methods/auth.revoke>), `ok: true, revoked: true` on
//! success. Base URL: `LEAKSCAN_SLACK_API_URL`, `[providers.slack] api_url`,
//! `https://slack.com/api`.

use super::http::{secret_header, Reply};
use super::{
    base_url, json_body, text, Http, Identity, Provider, ProviderSyntax, Revoked, Verdict,
};
use crate::error::{Error, Result};
use crate::finding::Secret;

const DEAD: &[&str] = &[
    "invalid_auth",
    "not_authed",
    "token_revoked",
    "token_expired",
    "account_inactive",
];

/// The Slack provider.
#[derive(Debug)]
pub struct Slack {
    base: String,
}

impl Slack {
    /// From settings; `LEAKSCAN_SLACK_API_URL` wins over the file.
    pub fn new(settings: &ProviderSyntax) -> Result<Slack> {
        Ok(Slack {
            base: base_url(
                "slack",
                "LEAKSCAN_SLACK_API_URL",
                settings.api_url.as_ref(),
                "https://slack.com/api",
            )?,
        })
    }

    fn call(
        &self,
        http: &Http,
        method: &str,
        secret: &Secret,
        mutating: bool,
    ) -> Result<(u16, Option<serde_json::Value>), String> {
        let mut v = b"Bearer ".to_vec();
        v.extend_from_slice(secret.expose());
        let auth = secret_header(&v).ok_or("token is not a valid header value")?;
        let url = format!("{}/{method}", self.base);
        match http.send(
            &|| {
                http.client()
                    .post(&url)
                    .header("Authorization", auth.clone())
            },
            mutating,
        ) {
            Reply::Response(r) => {
                let s = r.status().as_u16();
                Ok((s, json_body(r)))
            }
            Reply::Failed(e) => Err(e),
        }
    }
}

impl Provider for Slack {
    fn id(&self) -> &'static str {
        "slack"
    }

    fn verify(&self, http: &Http, secret: &Secret) -> Verdict {
        match self.call(http, "auth.test", secret, false) {
            Err(e) => Verdict::unknown(None, e),
            Ok((200, Some(b))) if b["ok"].as_bool() == Some(true) => Verdict::live(Identity {
                user_id: text(&b, "user_id"),
                user: text(&b, "user"),
                team_id: text(&b, "team_id"),
                team: text(&b, "team"),
                ..Identity::default()
            }),
            Ok((200, Some(b))) if b["error"].as_str().is_some_and(|e| DEAD.contains(&e)) => {
                Verdict::invalid(200)
            }
            Ok((s, Some(b))) => Verdict::unknown(
                Some(s),
                text(&b, "error").unwrap_or_else(|| format!("HTTP {s}")),
            ),
            Ok((s, None)) => Verdict::unknown(Some(s), "response is not JSON"),
        }
    }

    fn revoke(
        &self,
        http: &Http,
        secret: &Secret,
        _identity: Option<&Identity>,
    ) -> Result<Revoked> {
        let fail = |m: String| Error::http("slack", m);
        match self.call(http, "auth.revoke", secret, true) {
            Ok((200, Some(b))) if b["ok"].as_bool() == Some(true) => Ok(Revoked::Sent(200)),
            Ok((s, b)) => Err(fail(format!(
                "auth.revoke answered HTTP {s}{}",
                b.and_then(|b| text(&b, "error"))
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default()
            ))),
            Err(e) => Err(fail(e)),
        }
    }

    fn describe(&self) -> super::Description {
        super::Description {
            id: "slack",
            name: "Slack",
            env: "LEAKSCAN_SLACK_API_URL".into(),
            default_api_url: "https://slack.com/api",
        }
    }

    fn revokes_by_api(&self) -> bool {
        true
    }

    fn revoke_method(&self) -> String {
        format!("POST {}/auth.revoke", self.base)
    }
}
