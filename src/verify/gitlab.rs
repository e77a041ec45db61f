//! GitLab personal access tokens.
//!
//! Verify: `GET {base}/api/v4/personal_access_tokens/self` with `PRIVATE-TOKEN`
//! (<https://docs.gitlab.com/ee/api/personal_access_tokens.html#get-single-personal-access-token>):
//! 200 with `active: true` and not `revoked` → live; 200 inactive/revoked or 401 →
//! invalid; others → unknown. Revoke: `DELETE` on the same path, 204 on success
//! (<https://docs.gitlab.com/ee/api/personal_access_tokens.html#using-a-request-header>).
//! Base URL (self-managed GitLab): `LEAKSCAN_GITLAB_URL`, `[providers.gitlab] api_url`,
//! `https://gitlab.com`.

use super::http::{secret_header, Reply};
use super::{
    base_url, json_body, text, Http, Identity, Provider, ProviderSyntax, Revoked, Verdict,
};
use crate::error::{Error, Result};
use crate::finding::Secret;

/// The GitLab provider.
#[derive(Debug)]
pub struct GitLab {
    base: String,
}

impl GitLab {
    /// From settings; `LEAKSCAN_GITLAB_URL` wins over the file.
    pub fn new(settings: &ProviderSyntax) -> Result<GitLab> {
        Ok(GitLab {
            base: base_url(
                "gitlab",
                "LEAKSCAN_GITLAB_URL",
                settings.api_url.as_ref(),
                "https://gitlab.com",
            )?,
        })
    }

    fn url(&self) -> String {
        format!("{}/api/v4/personal_access_tokens/self", self.base)
    }
}

impl Provider for GitLab {
    fn id(&self) -> &'static str {
        "gitlab"
    }

    fn verify(&self, http: &Http, secret: &Secret) -> Verdict {
        let Some(token) = secret_header(secret.expose()) else {
            return Verdict::unknown(None, "token is not a valid header value");
        };
        let url = self.url();
        match http.send(
            &|| {
                http.client()
                    .get(&url)
                    .header("PRIVATE-TOKEN", token.clone())
            },
            false,
        ) {
            Reply::Failed(e) => Verdict::unknown(None, e),
            Reply::Response(r) => match r.status().as_u16() {
                200 => match json_body(r) {
                    Some(b)
                        if b["active"].as_bool() == Some(true)
                            && b["revoked"].as_bool() != Some(true) =>
                    {
                        Verdict::live(Identity {
                            user_id: text(&b, "user_id"),
                            user: text(&b, "name").map(|n| format!("token {n}")),
                            ..Identity::default()
                        })
                    }
                    Some(_) => Verdict::invalid(200),
                    None => Verdict::unknown(Some(200), "response is not JSON"),
                },
                401 => Verdict::invalid(401),
                s => Verdict::unknown(Some(s), format!("HTTP {s}")),
            },
        }
    }

    fn revoke(
        &self,
        http: &Http,
        secret: &Secret,
        _identity: Option<&Identity>,
    ) -> Result<Revoked> {
        let fail = |m: String| Error::http("gitlab", m);
        let token = secret_header(secret.expose())
            .ok_or_else(|| fail("token is not a valid header value".into()))?;
        let url = self.url();
        match http.send(
            &|| {
                http.client()
                    .delete(&url)
                    .header("PRIVATE-TOKEN", token.clone())
            },
            true,
        ) {
            Reply::Response(r) if r.status().as_u16() == 204 => Ok(Revoked::Sent(204)),
            Reply::Response(r) => Err(fail(format!(
                "revocation answered HTTP {}",
                r.status().as_u16()
            ))),
            Reply::Failed(e) => Err(fail(e)),
        }
    }

    fn describe(&self) -> super::Description {
        super::Description {
            id: "gitlab",
            name: "GitLab",
            env: "LEAKSCAN_GITLAB_URL".into(),
            default_api_url: "https://gitlab.com",
        }
    }

    fn revokes_by_api(&self) -> bool {
        true
    }

    fn revoke_method(&self) -> String {
        format!("DELETE {}", self.url())
    }
}
