//! GitHub tokens.
//!
//! Verify: `GET {base}/user` with `Authorization: Bearer` (REST API "Get the
//! authenticated user", <https://docs.github.com/en/rest/users/users#get-the-authenticated-user>):
//! 200 → live (login, id, email); 401 → invalid; 403/429 (rate limits) and others →
//! unknown.
//!
//! Revoke: the credential revocation API, `POST {base}/credentials/revoke` with
//! `{"credentials": [...]}` (<https://docs.github.com/en/rest/credentials/revoke>):
//! up to 1000 tokens per request, sent unauthenticated (an authenticated request
//! gets 403), 202 Accepted, 422 when spammed, limited to 60 requests an hour, so all
//! tokens of a run go in as few requests as possible. Base URL:
//! `LEAKSCAN_GITHUB_API_URL`, `[providers.github] api_url`, `https://api.github.com`.

use super::http::{secret_header, Reply};
use super::{
    base_url, json_body, text, Http, Identity, Provider, ProviderSyntax, Revoked, Verdict,
};
use crate::error::{Error, Result};
use crate::finding::Secret;

/// Tokens per revocation request (GitHub's limit).
const BATCH: usize = 1000;

/// The GitHub provider.
#[derive(Debug)]
pub struct GitHub {
    base: String,
}

impl GitHub {
    /// From settings; `LEAKSCAN_GITHUB_API_URL` wins over the file.
    pub fn new(settings: &ProviderSyntax) -> Result<GitHub> {
        Ok(GitHub {
            base: base_url(
                "github",
                "LEAKSCAN_GITHUB_API_URL",
                settings.api_url.as_ref(),
                "https://api.github.com",
            )?,
        })
    }
}

impl Provider for GitHub {
    fn id(&self) -> &'static str {
        "github"
    }

    fn verify(&self, http: &Http, secret: &Secret) -> Verdict {
        let mut v = b"Bearer ".to_vec();
        v.extend_from_slice(secret.expose());
        let Some(auth) = secret_header(&v) else {
            return Verdict::unknown(None, "token is not a valid header value");
        };
        let url = format!("{}/user", self.base);
        let build = || {
            http.client()
                .get(&url)
                .header("Authorization", auth.clone())
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
        };
        match http.send(&build, false) {
            Reply::Failed(e) => Verdict::unknown(None, e),
            Reply::Response(r) => match r.status().as_u16() {
                200 => match json_body(r) {
                    Some(body) => Verdict::live(Identity {
                        user_id: text(&body, "id"),
                        user: text(&body, "login"),
                        email: text(&body, "email"),
                        ..Identity::default()
                    }),
                    None => Verdict::unknown(Some(200), "response is not JSON"),
                },
                401 => Verdict::invalid(401),
                s => Verdict::unknown(Some(s), format!("HTTP {s}")),
            },
        }
    }

    fn revoke(&self, http: &Http, secret: &Secret, identity: Option<&Identity>) -> Result<Revoked> {
        self.revoke_batch(http, &[(secret, identity)])
            .pop()
            .unwrap_or(Err(Error::RevokeUnsupported("github")))
    }

    fn revoke_batch(
        &self,
        http: &Http,
        secrets: &[(&Secret, Option<&Identity>)],
    ) -> Vec<Result<Revoked>> {
        let url = format!("{}/credentials/revoke", self.base);
        let mut out = Vec::with_capacity(secrets.len());
        for chunk in secrets.chunks(BATCH) {
            let tokens: Vec<String> = chunk.iter().map(|(s, _)| s.to_text()).collect();
            let body = serde_json::json!({ "credentials": tokens });
            // Deliberately unauthenticated: GitHub rejects authenticated calls here.
            let build = || {
                http.client()
                    .post(&url)
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .json(&body)
            };
            let result = match http.send(&build, true) {
                Reply::Response(r) if r.status().as_u16() == 202 => Ok(202),
                Reply::Response(r) => Err(format!(
                    "credential revocation answered HTTP {}",
                    r.status().as_u16()
                )),
                Reply::Failed(e) => Err(e),
            };
            for _ in chunk {
                out.push(match &result {
                    Ok(s) => Ok(Revoked::Sent(*s)),
                    Err(m) => Err(Error::http("github", m.clone())),
                });
            }
        }
        out
    }

    fn describe(&self) -> super::Description {
        super::Description {
            id: "github",
            name: "GitHub",
            env: "LEAKSCAN_GITHUB_API_URL".into(),
            default_api_url: "https://api.github.com",
        }
    }

    fn revokes_by_api(&self) -> bool {
        true
    }

    fn revoke_method(&self) -> String {
        format!(
            "POST {}/credentials/revoke (GitHub credential revocation API, batched)",
            self.base
        )
    }
}
