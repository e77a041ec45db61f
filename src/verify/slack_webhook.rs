//! Slack incoming webhook URLs (`https://hooks.slack.com/services/T…/B…/…`).
//!
//! Verify: `POST` to the webhook with an empty JSON object, which posts nothing:
//! Slack answers a live webhook `400 invalid_payload` (or `no_text`), and a dead one
//! `403 invalid_token`/`action_prohibited`, `404 no_service`/`no_team`/
//! `channel_not_found` or `410 channel_is_archived` ("Handling errors",
//! <https://api.slack.com/messaging/webhooks#handling_errors>). So a webhook that
//! answers but is revoked is invalid, never live. Only the URL's path is taken from
//! the scanned text; the host is always the configured base
//! (`LEAKSCAN_SLACK_WEBHOOK_API_URL`, default `https://hooks.slack.com`), so scanned
//! content cannot choose where the request goes. Workflow Builder triggers are not
//! checked: any request could start the workflow. Revoke: no API; a workspace admin
//! removes the app's webhook.

use super::http::Reply;
use super::{
    base_url, Description, Http, Identity, ManualAction, Provider, ProviderSyntax, Revoked, Verdict,
};
use crate::error::Result;
use crate::finding::Secret;

const ENV: &str = "LEAKSCAN_SLACK_WEBHOOK_API_URL";
const DEFAULT: &str = "https://hooks.slack.com";
const CONSOLE: &str = "https://api.slack.com/apps";
/// Answers that mean the webhook is gone.
const DEAD: &[&str] = &[
    "invalid_token",
    "action_prohibited",
    "no_service",
    "no_service_id",
    "no_team",
    "team_disabled",
    "channel_not_found",
    "channel_is_archived",
];

/// The Slack incoming-webhook provider.
#[derive(Debug)]
pub struct SlackWebhook {
    base: String,
}

impl SlackWebhook {
    /// From settings; `LEAKSCAN_SLACK_WEBHOOK_API_URL` wins over the file.
    pub fn new(settings: &ProviderSyntax) -> Result<SlackWebhook> {
        Ok(SlackWebhook {
            base: base_url("slack-webhook", ENV, settings.api_url.as_ref(), DEFAULT)?,
        })
    }
}

/// The `/services/T…/B…/…` path of a webhook URL, if it is one.
fn services_path(secret: &Secret) -> Option<String> {
    let text = secret.to_text();
    let at = text.find("://")? + 3;
    let path = &text[at + text[at..].find('/')?..];
    let ok = path.starts_with("/services/")
        && path.split('/').count() == 5
        && path[1..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'/');
    ok.then(|| path.to_string())
}

impl Provider for SlackWebhook {
    fn id(&self) -> &'static str {
        "slack-webhook"
    }

    fn verify(&self, http: &Http, secret: &Secret) -> Verdict {
        let Some(path) = services_path(secret) else {
            return Verdict::unknown(
                None,
                "not an incoming webhook (a workflow trigger is never called: it could start the workflow)",
            );
        };
        let url = format!("{}{path}", self.base);
        let build = || {
            http.client()
                .post(&url)
                .header("Content-Type", "application/json")
                .body("{}")
        };
        let resp = match http.send(&build, false) {
            Reply::Response(r) => r,
            // The URL is the secret: say where, not what.
            Reply::Failed(e) => {
                return Verdict::unknown(None, e.split(':').next().unwrap_or("request failed"))
            }
        };
        let status = resp.status().as_u16();
        let body = resp.text().unwrap_or_default();
        let word = body.trim();
        match status {
            400 if matches!(
                word,
                "invalid_payload" | "no_text" | "missing_text_or_fallback_or_attachments"
            ) =>
            {
                Verdict::live(Identity {
                    team_id: path.split('/').nth(2).map(str::to_string),
                    ..Identity::default()
                })
            }
            403 | 404 | 410 if DEAD.contains(&word) => Verdict::invalid(status),
            s => Verdict::unknown(Some(s), format!("HTTP {s}")),
        }
    }

    fn revoke(
        &self,
        _http: &Http,
        _secret: &Secret,
        identity: Option<&Identity>,
    ) -> Result<Revoked> {
        Ok(Revoked::Manual(ManualAction {
            console_url: CONSOLE.into(),
            instructions: format!(
                "A workspace admin (or the app's collaborator) opens the app that owns the webhook{} under Your Apps → Incoming Webhooks and removes it (or removes the app from the workspace). Then: create a new webhook for the integration and update every CI secret and config that held the old URL.",
                identity
                    .and_then(|i| i.team_id.as_ref())
                    .map(|t| format!(" in workspace {t}"))
                    .unwrap_or_default()
            ),
        }))
    }

    fn revoke_method(&self) -> String {
        format!("manual: revoke in the console ({CONSOLE}); Slack has no API that removes an incoming webhook by its URL")
    }

    fn describe(&self) -> Description {
        Description {
            id: "slack-webhook",
            name: "Slack incoming webhooks",
            env: ENV.into(),
            default_api_url: DEFAULT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_incoming_webhook_paths() {
        let p = |s: &str| services_path(&Secret::new(s.as_bytes().to_vec()));
        assert_eq!(
            p("https://hooks.slack.com/services/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")
                .as_deref(),
            Some("/services/T03NW6HSLQB/B0TID6CMNPO/I7YOzW0dWGylRYCkjo0tGDC3")
        );
        assert_eq!(p("https://hooks.slack.com/triggers/T0/B0/abc"), None);
        assert_eq!(p("https://hooks.slack.com/services/T0/B0/a?x=1"), None);
    }
}
