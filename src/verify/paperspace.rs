//! Paperspace, as documented in PAPERSPACE.md.
//!
//! Verify: `GET {base}/auth/session` with `Authorization: Bearer <key>`. 200 with an
//! object holding `team` → live (team, user, admin/owner from `teamMemberships`);
//! 200 `null` (or no `team`) and 401 → invalid; 403, 5xx, 408, timeouts, non-JSON →
//! unknown; 429 → backoff (in `http`), then unknown. Base URL: `PAPERSPACE_API_URL`
//! (as the official CLI reads it), `[providers.paperspace] api_url`, or
//! `https://api.paperspace.com/v1`.
//!
//! Revoke: Paperspace's public API has no key-revocation endpoint. With
//! `[providers.paperspace.revoke]` configured (an organisation's gateway, or a
//! Paperspace endpoint once one exists) leakscan calls it; otherwise the revocation
//! is a manual action in the console, never pretended.

use reqwest::Method;
use serde::Deserialize;

use super::http::{secret_header, Reply};
use super::{
    base_url, json_body, text, Http, Identity, ManualAction, Provider, ProviderSyntax, Revoked,
    Verdict,
};
use crate::error::{Error, Result};
use crate::finding::Secret;

/// Where keys are revoked by hand.
pub const CONSOLE_URL: &str = "https://dashboard.paperspace.com/settings/api-keys";

/// `[providers.paperspace.revoke]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokeEndpointSyntax {
    /// HTTP method, e.g. `DELETE` or `POST`.
    pub method: String,
    /// URL template; `{api_url}` expands to the provider's base URL.
    pub url: String,
    /// Where the key goes: `bearer`, `header:<Name>` or `json:<field>`.
    pub auth: String,
    /// Statuses that mean success.
    #[serde(default = "default_ok")]
    pub ok_status: Vec<u16>,
}

fn default_ok() -> Vec<u16> {
    vec![200, 202, 204]
}

#[derive(Clone, Debug)]
enum Placement {
    Bearer,
    Header(String),
    Json(String),
}

#[derive(Clone, Debug)]
struct Endpoint {
    method: Method,
    url: String,
    placement: Placement,
    ok: Vec<u16>,
}

/// The Paperspace provider.
#[derive(Debug)]
pub struct Paperspace {
    base: String,
    revoke: Option<Endpoint>,
}

impl Paperspace {
    /// From settings; `PAPERSPACE_API_URL` wins over the file.
    pub fn new(settings: &ProviderSyntax) -> Result<Paperspace> {
        let base = base_url(
            "paperspace",
            "PAPERSPACE_API_URL",
            settings.api_url.as_ref(),
            "https://api.paperspace.com/v1",
        )?;
        let revoke = match &settings.revoke {
            None => None,
            Some(r) => {
                let bad = |m: String| Error::Usage(format!("[providers.paperspace.revoke]: {m}"));
                let method = Method::from_bytes(r.method.to_ascii_uppercase().as_bytes())
                    .map_err(|_| bad(format!("bad method `{}`", r.method)))?;
                let placement = match r.auth.split_once(':') {
                    None if r.auth == "bearer" => Placement::Bearer,
                    Some(("header", name)) if !name.is_empty() => {
                        Placement::Header(name.to_string())
                    }
                    Some(("json", field)) if !field.is_empty() => {
                        Placement::Json(field.to_string())
                    }
                    _ => {
                        return Err(bad(format!(
                            "auth `{}`: use bearer, header:<Name> or json:<field>",
                            r.auth
                        )))
                    }
                };
                let url = r.url.replace("{api_url}", &base);
                super::http::check_base_url("paperspace revoke", &url)?;
                Some(Endpoint {
                    method,
                    url,
                    placement,
                    ok: r.ok_status.clone(),
                })
            }
        };
        Ok(Paperspace { base, revoke })
    }
}

fn bearer(secret: &Secret) -> Option<reqwest::header::HeaderValue> {
    let mut v = b"Bearer ".to_vec();
    v.extend_from_slice(secret.expose());
    secret_header(&v)
}

impl Provider for Paperspace {
    fn id(&self) -> &'static str {
        "paperspace"
    }

    fn verify(&self, http: &Http, secret: &Secret) -> Verdict {
        let Some(auth) = bearer(secret) else {
            return Verdict::unknown(None, "key is not a valid header value");
        };
        let url = format!("{}/auth/session", self.base);
        let resp = match http.send(
            &|| {
                http.client()
                    .get(&url)
                    .header("Authorization", auth.clone())
            },
            false,
        ) {
            Reply::Response(r) => r,
            Reply::Failed(e) => return Verdict::unknown(None, e),
        };
        let status = resp.status().as_u16();
        match status {
            200 => match json_body(resp) {
                None => Verdict::unknown(Some(200), "response is not JSON"),
                Some(body) if body.get("team").is_none_or(serde_json::Value::is_null) => {
                    Verdict::invalid(200)
                }
                Some(body) => Verdict::live(identity(&body)),
            },
            401 => Verdict::invalid(401),
            _ => Verdict::unknown(Some(status), format!("HTTP {status}")),
        }
    }

    fn revoke(&self, http: &Http, secret: &Secret, identity: Option<&Identity>) -> Result<Revoked> {
        let Some(ep) = &self.revoke else {
            return Ok(Revoked::Manual(manual(identity)));
        };
        let fail = |m: String| Error::http("paperspace", m);
        let build = || {
            let req = http.client().request(ep.method.clone(), &ep.url);
            match &ep.placement {
                Placement::Bearer => match bearer(secret) {
                    Some(v) => req.header("Authorization", v),
                    None => req,
                },
                Placement::Header(name) => match secret_header(secret.expose()) {
                    Some(v) => req.header(name.as_str(), v),
                    None => req,
                },
                Placement::Json(field) => req.json(&serde_json::json!({ field: secret.to_text() })),
            }
        };
        match http.send(&build, true) {
            Reply::Response(r) if ep.ok.contains(&r.status().as_u16()) => {
                Ok(Revoked::Sent(r.status().as_u16()))
            }
            Reply::Response(r) => Err(fail(format!(
                "revocation endpoint answered HTTP {}",
                r.status().as_u16()
            ))),
            Reply::Failed(e) => Err(fail(e)),
        }
    }

    fn describe(&self) -> super::Description {
        super::Description {
            id: "paperspace",
            name: "Paperspace",
            env: "PAPERSPACE_API_URL".into(),
            default_api_url: "https://api.paperspace.com/v1",
        }
    }

    fn revokes_by_api(&self) -> bool {
        self.revoke.is_some()
    }

    fn revoke_method(&self) -> String {
        match &self.revoke {
            Some(ep) => format!("configured endpoint {} {}", ep.method, ep.url),
            None => format!(
                "manual: revoke in the console ({CONSOLE_URL}); Paperspace has no revocation API"
            ),
        }
    }
}

fn manual(identity: Option<&Identity>) -> ManualAction {
    let who = identity.map(Identity::redacted).unwrap_or_default();
    let admin = identity.is_some_and(|i| i.admin == Some(true) || i.owner == Some(true));
    ManualAction {
        console_url: CONSOLE_URL.to_string(),
        instructions: format!(
            "Sign in as the key's owner{} or a team admin, open Team settings → API keys, and revoke the key{}. The console lists keys by name, not value: match by creation date and owner, or revoke every key of that user.{}",
            if who.is_empty() { String::new() } else { format!(" ({who})") },
            identity.and_then(|i| i.team.as_ref()).map(|t| format!(" of team {t}")).unwrap_or_default(),
            if admin { " The key belongs to a team admin/owner: treat the whole team's resources as exposed." } else { "" }
        ),
    }
}

fn identity(body: &serde_json::Value) -> Identity {
    let team = &body["team"];
    let user = &body["user"];
    let team_id = text(team, "id");
    let membership = user["teamMemberships"].as_array().and_then(|ms| {
        ms.iter()
            .find(|m| text(&m["team"], "id").is_some() && text(&m["team"], "id") == team_id)
    });
    Identity {
        user_id: text(user, "id"),
        user: text(user, "firstname")
            .map(|f| match text(user, "lastname") {
                Some(l) => format!("{f} {l}"),
                None => f,
            })
            .or_else(|| text(user, "handle")),
        email: text(user, "email"),
        team_id,
        team: text(team, "namespace").or_else(|| text(team, "name")),
        admin: membership.and_then(|m| m["isAdmin"].as_bool()),
        owner: membership.and_then(|m| m["isOwner"].as_bool()),
        scopes: None,
    }
}
