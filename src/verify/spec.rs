//! Providers described as data: one documented read-only request answers "is this
//! key live, and whose is it", and either one documented request revokes it or a
//! person must, at a named console page.
//!
//! Most providers fit this shape, so each of their modules is a single [`Spec`]
//! constant written from the provider's documentation, and [`SpecProvider`] runs it
//! under the same rules as the hand-written providers: 2xx in `live` → live,
//! statuses in `invalid` → invalid, anything else (403, 429 after retries, 5xx,
//! timeouts, a body that is not what the documentation shows) → unknown. Secrets
//! travel in a sensitive header, a form or JSON body, or (only where the provider
//! documents it) the URL; error messages never carry them.

use std::fmt::Write as _;

use base64::Engine as _;
use reqwest::blocking::RequestBuilder;
use serde_json::Value;

use super::http::{secret_header, Reply};
use super::{Http, Identity, ManualAction, Provider, ProviderSyntax, Revoked, Verdict};
use crate::error::{Error, Result};
use crate::finding::Secret;
use crate::outcome::Status;

/// An HTTP method the specs use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// DELETE.
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// Where the credential goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer KEY`.
    Bearer,
    /// A header `name: prefix + KEY` (`("Authorization", "Token ")`, `("X-Api-Key", "")`).
    Header(&'static str, &'static str),
    /// HTTP Basic with the key as the user name and an empty password.
    BasicUser,
    /// HTTP Basic with a fixed user name and the key as the password.
    BasicPassword(&'static str),
    /// HTTP Basic with the rule's named part (`sid`) as the user name and the key
    /// as the password (Twilio's account SID and auth token).
    BasicPart(&'static str),
    /// A header `name: PART:KEY`, the rule's named part, a colon and the key
    /// (PlanetScale's `Authorization: <service token id>:<service token>`).
    HeaderPart(&'static str, &'static str),
    /// HTTP Digest (RFC 7616) with the rule's named part as the user name and the
    /// key as the password (MongoDB Atlas' public and private API keys): the first
    /// request draws the challenge, the second answers it.
    DigestPart(&'static str),
    /// A query parameter (only where the provider documents no other way).
    Query(&'static str),
    /// Only in the path (`{key}` in [`Request::path`], which any auth form may use).
    Path,
    /// Only in the body (`{key}` in [`Body`]), or not at all.
    None,
}

/// A request body; `{key}` stands for the secret, `{part:NAME}` for the rule's
/// named part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// No body.
    Empty,
    /// A JSON document; the JSON strings `"{key}"` and `"{part:NAME}"` are replaced
    /// by the secret and the part (as JSON strings).
    Json(&'static str),
    /// Form fields; a value `{key}` or `{part:NAME}` is replaced by the secret or
    /// the part.
    Form(&'static [(&'static str, &'static str)]),
}

/// One documented request.
#[derive(Clone, Copy, Debug)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The path after the base URL; `{key}` and `{key_id}` stand for the key and its
    /// id, `{part:NAME}` for the rule's named part.
    pub path: &'static str,
    /// Where the key goes.
    pub auth: Auth,
    /// Extra fixed headers (`Accept`, API versions).
    pub headers: &'static [(&'static str, &'static str)],
    /// The body.
    pub body: Body,
    /// Statuses that mean success (verify: live; revoke: revoked).
    pub ok: &'static [u16],
}

/// Which identity field a JSON pointer fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// User id.
    UserId,
    /// User name or login.
    User,
    /// Email address (printed masked).
    Email,
    /// Organisation / team / account id.
    TeamId,
    /// Organisation / team / account name.
    Team,
    /// Scopes or permissions.
    Scopes,
}

/// The verification request and how to read its answer.
#[derive(Clone, Copy, Debug)]
pub struct Check {
    /// The request; `ok` statuses mean live.
    pub request: Request,
    /// Statuses that mean the key is invalid (typically 401).
    pub invalid: &'static [u16],
    /// Statuses that mean invalid only with this text in the body (Databricks'
    /// 403 "Invalid access token", where other 403s, a blocked IP address, say
    /// nothing about the key).
    pub invalid_if: &'static [(u16, &'static str)],
    /// For APIs that answer 200 either way: a JSON pointer that must be `true`
    /// (`/ok`) for live; `false` there means invalid.
    pub ok_flag: Option<&'static str>,
    /// Identity fields as JSON pointers into the live answer (`/data/0/name`).
    pub identity: &'static [(Field, &'static str)],
    /// A response header holding the scopes (`X-OAuth-Scopes`).
    pub scopes_header: Option<&'static str>,
}

/// What a person does where no API can revoke.
#[derive(Clone, Copy, Debug)]
pub struct Manual {
    /// The page where this key is revoked.
    pub console_url: &'static str,
    /// Who can do it and how.
    pub steps: &'static str,
    /// What to rotate next.
    pub rotate: &'static str,
}

/// How a key is revoked.
#[derive(Clone, Copy, Debug)]
pub enum Revoke {
    /// Through the API: the request revokes the key it carries.
    Api(Request),
    /// By a person.
    Manual(Manual),
}

/// A provider, as data.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    /// The id rules name in `verify = "…"`; `LEAKSCAN_<ID>_API_URL` overrides the base.
    pub id: &'static str,
    /// The provider's name.
    pub name: &'static str,
    /// The documented base URL (no trailing slash).
    pub default_api_url: &'static str,
    /// The documentation the requests follow.
    pub docs: &'static str,
    /// How to verify.
    pub check: Check,
    /// How to revoke.
    pub revoke: Revoke,
    /// For requests that name the key by its id (`{key_id}` in a path): the id,
    /// cut from the key as the provider documents (SendGrid's `SG.<id>.<secret>`).
    pub key_id: Option<fn(&str) -> Option<String>>,
    /// For base URLs that depend on the key (`{part}` in the base URL: Mailchimp's
    /// data centre, `…-us6`): the part, cut from the key. (A rule's named part goes
    /// in as `{part:NAME}`: one DNS label, e.g. `https://{part:shop}.myshopify.com`.)
    pub base_part: Option<fn(&str) -> Option<String>>,
    /// Prefixes of documented test-mode / sandbox keys: live ones are `test`.
    pub test_prefixes: &'static [&'static str],
    /// For a base URL whose whole host is a named part (`https://{part:host}`, a
    /// Databricks workspace): the provider's domains the host must be a subdomain of
    /// (`.cloud.databricks.com`). Empty: a `{part:NAME}` in the host is one DNS label.
    pub hosts: &'static [&'static str],
}

impl Spec {
    /// The environment variable that overrides the base URL.
    pub fn env_var(&self) -> String {
        env_var(self.id)
    }
}

/// `LEAKSCAN_<ID>_API_URL` for a provider id (`-` becomes `_`).
pub fn env_var(id: &str) -> String {
    format!(
        "LEAKSCAN_{}_API_URL",
        id.to_ascii_uppercase().replace(['-', '.'], "_")
    )
}

/// A [`Spec`] with its base URL resolved.
#[derive(Debug)]
pub struct SpecProvider {
    spec: &'static Spec,
    base: String,
}

impl SpecProvider {
    /// From settings: `LEAKSCAN_<ID>_API_URL` wins over `[providers.<id>] api_url`.
    pub fn new(spec: &'static Spec, settings: &ProviderSyntax) -> Result<SpecProvider> {
        // A `{part}` placeholder (filled from the key) is checked as a plain label.
        let configured = settings.api_url.as_ref();
        let env = spec.env_var();
        let chosen = std::env::var(&env)
            .ok()
            .filter(|v| !v.is_empty())
            .or_else(|| configured.cloned())
            .unwrap_or_else(|| spec.default_api_url.to_string());
        let label = if std::env::var(&env).is_ok_and(|v| !v.is_empty()) {
            env.clone()
        } else {
            format!("[providers.{}] api_url", spec.id)
        };
        let mut probe = chosen.replace("{part}", "part");
        while let Some(at) = probe.find("{part:") {
            let end = probe[at..].find('}').map_or(probe.len(), |e| at + e + 1);
            probe.replace_range(at..end, "part");
        }
        super::http::check_base_url(&label, &probe)?;
        Ok(SpecProvider {
            spec,
            base: chosen.trim_end_matches('/').to_string(),
        })
    }

    /// Build `req` with `secret` in place; `None` if the secret cannot be sent
    /// that way (bytes a header cannot hold).
    fn build(
        &self,
        http: &Http,
        req: &Request,
        secret: &Secret,
        parts: &[(String, Secret)],
    ) -> Option<RequestBuilder> {
        let key = secret.to_text();
        let part = |name: &str| part(parts, name);
        let mut path = req.path.replace("{key}", &percent(&key));
        while let Some(at) = path.find("{part:") {
            let end = at + path[at..].find('}')?;
            let value = part(&path[at + 6..end])?;
            path.replace_range(at..=end, &percent(&value));
        }
        if path.contains("{key_id}") {
            let id = (self.spec.key_id?)(&key)?;
            path = path.replace("{key_id}", &percent(&id));
        }
        let mut base = self.base.clone();
        if base.contains("{part}") {
            let part = (self.spec.base_part?)(&key)?;
            if !part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                return None;
            }
            base = base.replace("{part}", &part);
        }
        // A named part in the host (`https://{part:shop}.myshopify.com`): one DNS
        // label, or a host under one of the spec's domains, so the scanned text picks
        // a subdomain of the provider's, never a host of its own.
        while let Some(at) = base.find("{part:") {
            let end = at + base[at..].find('}')?;
            let value = part(&base[at + 6..end])?.to_ascii_lowercase();
            let fits = if self.spec.hosts.is_empty() {
                is_label(&value)
            } else {
                self.spec.hosts.iter().any(|domain| {
                    value
                        .strip_suffix(domain)
                        .is_some_and(|sub| !sub.is_empty() && sub.split('.').all(is_label))
                })
            };
            if !fits {
                return None;
            }
            base.replace_range(at..=end, &value);
        }
        let url = format!("{base}{path}");
        let method = match req.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut b = http.client().request(method, url);
        for (name, value) in req.headers {
            b = b.header(*name, *value);
        }
        b = match req.auth {
            Auth::Bearer => b.header("Authorization", header(b"Bearer ", secret.expose())?),
            Auth::Header(name, prefix) => {
                b.header(name, header(prefix.as_bytes(), secret.expose())?)
            }
            Auth::BasicUser => b.header("Authorization", basic(secret.expose(), b"")?),
            Auth::BasicPassword(user) => {
                b.header("Authorization", basic(user.as_bytes(), secret.expose())?)
            }
            Auth::BasicPart(name) => b.header(
                "Authorization",
                basic(part(name)?.as_bytes(), secret.expose())?,
            ),
            Auth::HeaderPart(name, part_name) => {
                let prefix = format!("{}:", part(part_name)?);
                b.header(name, header(prefix.as_bytes(), secret.expose())?)
            }
            Auth::Query(name) => b.query(&[(name, key.as_str())]),
            Auth::DigestPart(name) => {
                part(name)?;
                b
            }
            Auth::Path | Auth::None => b,
        };
        Some(match req.body {
            Body::Empty => b,
            Body::Json(template) => {
                let quoted = Value::String(key.clone()).to_string();
                let mut text = template.replace("\"{key}\"", &quoted);
                while let Some(at) = text.find("\"{part:") {
                    let end = at + text[at..].find("}\"")?;
                    let value = part(&text[at + 7..end])?;
                    text.replace_range(at..end + 2, &Value::String(value).to_string());
                }
                b.header("Content-Type", "application/json").body(text)
            }
            Body::Form(fields) => {
                let mut pairs: Vec<(&str, String)> = Vec::with_capacity(fields.len());
                for (name, value) in fields {
                    let value = match value.strip_prefix("{part:") {
                        _ if *value == "{key}" => key.clone(),
                        Some(rest) => part(rest.strip_suffix('}')?)?,
                        None => (*value).to_string(),
                    };
                    pairs.push((name, value));
                }
                b.form(&pairs)
            }
        })
    }

    /// Send `req`; transport failures come back without the URL when the key is
    /// in it.
    fn send(
        &self,
        http: &Http,
        req: &Request,
        secret: &Secret,
        parts: &[(String, Secret)],
        mutating: bool,
    ) -> Reply {
        let build = || {
            self.build(http, req, secret, parts)
                .unwrap_or_else(|| http.client().get("http://0.0.0.0:0/"))
        };
        if self.build(http, req, secret, parts).is_none() {
            return Reply::Failed(
                "the secret cannot be sent as the provider documents (not a header value, no key id in it, or a part the rule did not find beside it)".into(),
            );
        }
        let reply = match req.auth {
            Auth::DigestPart(name) => digest(http, req, &build, secret, parts, name, mutating),
            _ => http.send(&build, mutating),
        };
        match reply {
            Reply::Failed(e) if req.path.contains('{') => {
                Reply::Failed(e.split(':').next().unwrap_or("request failed").to_string())
            }
            other => other,
        }
    }
}

/// The rule's named part `name`, or a numbered twin (`email2`: the same part
/// captured on the other side of the secret); `None` if absent or empty.
fn part(parts: &[(String, Secret)], name: &str) -> Option<String> {
    parts
        .iter()
        .find(|(n, _)| {
            n.strip_prefix(name)
                .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|(_, v)| v.to_text())
        .filter(|v| !v.is_empty())
}

/// One DNS label: letters, digits and inner hyphens, 1 to 63 characters.
fn is_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// A Digest-authenticated request: send it bare, answer the 401's challenge
/// once. A 401 without a Digest challenge this client can answer says nothing
/// about the key (a proxy, another scheme): no verdict.
fn digest(
    http: &Http,
    req: &Request,
    build: &dyn Fn() -> RequestBuilder,
    secret: &Secret,
    parts: &[(String, Secret)],
    user_part: &str,
    mutating: bool,
) -> Reply {
    let resp = match http.send(build, mutating) {
        Reply::Response(r) if r.status().as_u16() == 401 => r,
        // Without credentials, a success says nothing about the key.
        Reply::Response(r) if r.status().is_success() => {
            return Reply::Failed(format!(
                "HTTP {} without authentication: not the documented API",
                r.status().as_u16()
            ))
        }
        other => return other,
    };
    let challenge = resp
        .headers()
        .get_all(reqwest::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(super::digest::Challenge::parse);
    let Some(challenge) = challenge else {
        return Reply::Failed("HTTP 401 without a Digest challenge".into());
    };
    let (Some(user), Ok(request)) = (part(parts, user_part), build().build()) else {
        return Reply::Failed("the request cannot be built".into());
    };
    let url = request.url();
    let uri = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    let value = challenge.authorization(
        req.method.as_str(),
        &uri,
        &user,
        secret.expose(),
        &super::digest::cnonce(),
    );
    let Some(value) = secret_header(value.as_bytes()) else {
        return Reply::Failed("the Digest answer is not a header value".into());
    };
    http.send(&|| build().header("Authorization", value.clone()), mutating)
}

fn header(prefix: &[u8], secret: &[u8]) -> Option<reqwest::header::HeaderValue> {
    let mut v = prefix.to_vec();
    v.extend_from_slice(secret);
    secret_header(&v)
}

fn basic(user: &[u8], password: &[u8]) -> Option<reqwest::header::HeaderValue> {
    let mut pair = user.to_vec();
    pair.push(b':');
    pair.extend_from_slice(password);
    let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
    header(b"Basic ", encoded.as_bytes())
}

/// Percent-encode everything but unreserved characters (RFC 3986).
pub(crate) fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The text at a JSON pointer: strings, numbers and booleans as written, arrays of
/// strings joined with spaces.
fn pointer_text(body: &Value, pointer: &str) -> Option<String> {
    match body.pointer(pointer)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
        _ => None,
    }
}

impl Provider for SpecProvider {
    fn id(&self) -> &'static str {
        self.spec.id
    }

    fn verify(&self, http: &Http, secret: &Secret) -> Verdict {
        self.verify_parts(http, secret, &[])
    }

    fn verify_parts(&self, http: &Http, secret: &Secret, parts: &[(String, Secret)]) -> Verdict {
        let check = &self.spec.check;
        let resp = match self.send(http, &check.request, secret, parts, false) {
            Reply::Response(r) => r,
            Reply::Failed(e) => return Verdict::unknown(None, e),
        };
        let status = resp.status().as_u16();
        if check.invalid.contains(&status) {
            return Verdict::invalid(status);
        }
        if !check.request.ok.contains(&status) {
            if check.invalid_if.iter().any(|(s, _)| *s == status) {
                let body = resp.text().unwrap_or_default();
                if check
                    .invalid_if
                    .iter()
                    .any(|(s, text)| *s == status && body.contains(text))
                {
                    return Verdict::invalid(status);
                }
            }
            return Verdict::unknown(Some(status), format!("HTTP {status}"));
        }
        let scopes = check
            .scopes_header
            .and_then(|h| resp.headers().get(h))
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let needs_body = check.ok_flag.is_some() || !check.identity.is_empty();
        let body = if needs_body {
            match resp.json::<Value>() {
                Ok(b) => b,
                Err(_) => return Verdict::unknown(Some(status), "response is not JSON"),
            }
        } else {
            Value::Null
        };
        if let Some(flag) = check.ok_flag {
            match body.pointer(flag).and_then(Value::as_bool) {
                Some(true) => {}
                Some(false) => return Verdict::invalid(status),
                None => {
                    return Verdict::unknown(Some(status), format!("answer has no `{flag}` flag"))
                }
            }
        }
        let mut identity = Identity {
            scopes,
            ..Identity::default()
        };
        for (field, pointer) in check.identity {
            let value = pointer_text(&body, pointer);
            let slot = match field {
                Field::UserId => &mut identity.user_id,
                Field::User => &mut identity.user,
                Field::Email => &mut identity.email,
                Field::TeamId => &mut identity.team_id,
                Field::Team => &mut identity.team,
                Field::Scopes => &mut identity.scopes,
            };
            if slot.is_none() {
                *slot = value;
            }
        }
        let mut verdict = Verdict::live(identity);
        verdict.http_status = Some(status);
        let key = secret.expose();
        if self
            .spec
            .test_prefixes
            .iter()
            .any(|p| key.starts_with(p.as_bytes()))
        {
            verdict.status = Status::Test;
            verdict.reason = Some(format!(
                "a {} test-mode key: it works, but only against test data",
                self.spec.name
            ));
        }
        verdict
    }

    fn revoke(&self, http: &Http, secret: &Secret, identity: Option<&Identity>) -> Result<Revoked> {
        match &self.spec.revoke {
            Revoke::Manual(m) => Ok(Revoked::Manual(manual(self.spec, m, identity))),
            Revoke::Api(req) => match self.send(http, req, secret, &[], true) {
                Reply::Response(r) if req.ok.contains(&r.status().as_u16()) => {
                    Ok(Revoked::Sent(r.status().as_u16()))
                }
                Reply::Response(r) => Err(Error::http(
                    self.spec.id,
                    format!("revocation answered HTTP {}", r.status().as_u16()),
                )),
                Reply::Failed(e) => Err(Error::http(self.spec.id, e)),
            },
        }
    }

    fn revoke_method(&self) -> String {
        match &self.spec.revoke {
            Revoke::Api(req) => format!(
                "{} {}{} ({} API)",
                req.method.as_str(),
                self.base,
                req.path,
                self.spec.name
            ),
            Revoke::Manual(m) => format!(
                "manual: revoke in the console ({}); {} has no revocation API for this key",
                m.console_url, self.spec.name
            ),
        }
    }

    fn revokes_by_api(&self) -> bool {
        matches!(self.spec.revoke, Revoke::Api(_))
    }

    fn describe(&self) -> super::Description {
        super::Description {
            id: self.spec.id,
            name: self.spec.name,
            env: self.spec.env_var(),
            default_api_url: self.spec.default_api_url,
        }
    }
}

fn manual(spec: &Spec, m: &Manual, identity: Option<&Identity>) -> ManualAction {
    let who = identity.map(Identity::redacted).unwrap_or_default();
    ManualAction {
        console_url: m.console_url.to_string(),
        instructions: format!(
            "{}{} Then: {}",
            m.steps,
            if who.is_empty() {
                String::new()
            } else {
                format!(" The key belongs to {who} at {}.", spec.name)
            },
            m.rotate
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_var_names() {
        assert_eq!(env_var("openai"), "LEAKSCAN_OPENAI_API_URL");
        assert_eq!(env_var("new-relic"), "LEAKSCAN_NEW_RELIC_API_URL");
    }

    #[test]
    fn percent_encoding_keeps_unreserved() {
        assert_eq!(percent("npm_Ab-1.~_"), "npm_Ab-1.~_");
        assert_eq!(percent("a/b:c"), "a%2Fb%3Ac");
    }

    #[test]
    fn a_named_part_in_the_host_is_one_label_of_the_providers_domain() {
        const REQ: Request = Request {
            method: Method::Get,
            path: "/shop.json",
            auth: Auth::Header("X-Token", ""),
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        };
        let spec: &'static Spec = Box::leak(Box::new(spec_with(
            "https://{part:shop}.myshopify.com/admin",
            &[],
            REQ,
        )));
        let p = SpecProvider::new(spec, &ProviderSyntax::default()).unwrap();
        let http = Http::new(std::time::Duration::from_secs(1)).unwrap();
        let key = Secret::new(b"shpat_0123456789abcdef".to_vec());
        let url = |shop: &str| {
            let parts = [("shop".to_string(), Secret::new(shop.as_bytes().to_vec()))];
            p.build(&http, &REQ, &key, &parts)
                .and_then(|b| b.build().ok())
                .map(|r| r.url().to_string())
        };
        assert_eq!(
            url("Acme-Store").as_deref(),
            Some("https://acme-store.myshopify.com/admin/shop.json")
        );
        for hostile in ["evil.com/x?", "a.b", "evil.com#", "", "-x"] {
            assert_eq!(url(hostile), None, "{hostile}");
        }
        assert_eq!(
            p.build(&http, &REQ, &key, &[])
                .and_then(|b| b.build().ok())
                .map(|r| r.url().to_string()),
            None,
            "no part, no request"
        );
    }

    fn spec_with(base: &'static str, hosts: &'static [&'static str], req: Request) -> Spec {
        Spec {
            id: "parts-test",
            name: "Parts",
            default_api_url: base,
            docs: "",
            check: Check {
                request: req,
                invalid: &[401],
                invalid_if: &[],
                ok_flag: None,
                identity: &[],
                scopes_header: None,
            },
            revoke: Revoke::Manual(Manual {
                console_url: "https://example.invalid",
                steps: "",
                rotate: "",
            }),
            key_id: None,
            base_part: None,
            test_prefixes: &[],
            hosts,
        }
    }

    #[test]
    fn a_host_part_must_lie_under_one_of_the_providers_domains() {
        const REQ: Request = Request {
            method: Method::Get,
            path: "/api/2.0/preview/scim/v2/Me",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        };
        let spec: &'static Spec = Box::leak(Box::new(spec_with(
            "https://{part:host}",
            &[".cloud.databricks.com", ".azuredatabricks.net"],
            REQ,
        )));
        let p = SpecProvider::new(spec, &ProviderSyntax::default()).unwrap();
        let http = Http::new(std::time::Duration::from_secs(1)).unwrap();
        let key = Secret::new(b"dapi0123456789abcdef0123456789abcdef".to_vec());
        let url = |host: &str| {
            let parts = [("host".to_string(), Secret::new(host.as_bytes().to_vec()))];
            p.build(&http, &REQ, &key, &parts)
                .and_then(|b| b.build().ok())
                .map(|r| r.url().to_string())
        };
        assert_eq!(
            url("DBC-1a2b.cloud.databricks.com").as_deref(),
            Some("https://dbc-1a2b.cloud.databricks.com/api/2.0/preview/scim/v2/Me")
        );
        assert!(url("adb-123456789.7.azuredatabricks.net").is_some());
        for hostile in [
            "evil.com",
            "cloud.databricks.com",
            ".cloud.databricks.com",
            "a..cloud.databricks.com",
            "evil.com/.cloud.databricks.com",
            "evil.com#.cloud.databricks.com",
            "evil.com?.azuredatabricks.net",
            "x.cloud.databricks.com.evil.com",
            "user@x.cloud.databricks.com",
        ] {
            assert_eq!(url(hostile), None, "{hostile}");
        }
    }

    #[test]
    fn parts_in_bodies_and_headers_are_values_never_syntax() {
        const JSON: Request = Request {
            method: Method::Post,
            path: "/v2/auth/token",
            auth: Auth::None,
            headers: &[],
            body: Body::Json(r#"{"identifier": "{part:username}", "secret": "{key}"}"#),
            ok: &[200],
        };
        const FORM: Request = Request {
            method: Method::Post,
            path: "/{part:tenant}/token",
            auth: Auth::HeaderPart("Authorization", "id"),
            headers: &[],
            body: Body::Form(&[("client_id", "{part:client_id}"), ("secret", "{key}")]),
            ok: &[200],
        };
        let spec: &'static Spec =
            Box::leak(Box::new(spec_with("https://api.example.com", &[], JSON)));
        let p = SpecProvider::new(spec, &ProviderSyntax::default()).unwrap();
        let http = Http::new(std::time::Duration::from_secs(1)).unwrap();
        let key = Secret::new(b"tok\"en".to_vec());
        let parts = |pairs: &[(&str, &str)]| -> Vec<(String, Secret)> {
            pairs
                .iter()
                .map(|(n, v)| (n.to_string(), Secret::new(v.as_bytes().to_vec())))
                .collect()
        };
        let hostile = parts(&[("username2", r#"ana", "secret": "x"#)]);
        let req = p
            .build(&http, &JSON, &key, &hostile)
            .and_then(|b| b.build().ok())
            .expect("request");
        let body = req.body().and_then(|b| b.as_bytes()).expect("body");
        let v: Value = serde_json::from_slice(body).expect("JSON");
        assert_eq!(
            v["identifier"], r#"ana", "secret": "x"#,
            "a numbered twin fills the part"
        );
        assert_eq!(v["secret"], "tok\"en");
        assert!(
            p.build(&http, &JSON, &key, &[]).is_none(),
            "no part, no request"
        );

        let found = parts(&[
            ("id", "k3v9m2x7q1pz"),
            ("client_id", "a&b=c"),
            ("tenant", "t/../x"),
        ]);
        let req = p
            .build(&http, &FORM, &key, &found)
            .and_then(|b| b.build().ok())
            .expect("request");
        assert_eq!(
            req.url().as_str(),
            "https://api.example.com/t%2F..%2Fx/token"
        );
        assert_eq!(
            req.headers()
                .get("Authorization")
                .and_then(|v| v.to_str().ok()),
            Some("k3v9m2x7q1pz:tok\"en")
        );
        let body = req.body().and_then(|b| b.as_bytes()).expect("body");
        assert_eq!(body, b"client_id=a%26b%3Dc&secret=tok%22en");
    }

    #[test]
    fn pointers_read_strings_numbers_and_lists() {
        let v: Value = serde_json::json!({"a": {"b": 7}, "s": ["x", "y"], "e": ""});
        assert_eq!(pointer_text(&v, "/a/b").as_deref(), Some("7"));
        assert_eq!(pointer_text(&v, "/s").as_deref(), Some("x y"));
        assert_eq!(pointer_text(&v, "/e"), None);
        assert_eq!(pointer_text(&v, "/missing"), None);
    }
}
