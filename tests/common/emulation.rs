//! Provider emulations as data: `tests/emulations/<id>.toml`, each written from the
//! provider's documentation (which request answers what), independently of the
//! provider's module. One generic server on 127.0.0.1 plays any of them: it reads
//! the credential where the documentation says it goes, answers the documented live
//! body for a key it holds, the documented error for any other key, 400 when the
//! credential or a required header is missing, and can be told to answer 403, 429
//! or 503 to everything.

#![allow(dead_code, unreachable_pub)]

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use serde::Deserialize;

/// One emulation file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Emulation {
    pub provider: String,
    pub rule: String,
    pub key: String,
    #[serde(default)]
    pub invalid_key: Option<String>,
    #[serde(default)]
    pub test_key: Option<String>,
    /// The rule that finds `test_key`, if not `rule` (Stripe's test keys have their own).
    #[serde(default)]
    pub test_rule: Option<String>,
    #[serde(default)]
    pub key_id: Option<String>,
    /// What the tests feed on stdin when it is not the key alone (a rule that finds
    /// the credential's other parts beside it: `TWILIO_ACCOUNT_SID=…` above the token).
    #[serde(default)]
    pub input: Option<String>,
    /// The credential's other parts (`sid = "AC…"`): `{part:sid}` in a path must be
    /// this.
    #[serde(default)]
    pub parts: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub base_path: String,
    pub verify: Verify,
    #[serde(default)]
    pub revoke: Option<RevokeEndpoint>,
    #[serde(default)]
    pub manual: Option<ManualPage>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verify {
    pub method: String,
    pub path: String,
    pub credential: String,
    #[serde(default)]
    pub headers: Vec<String>,
    pub live_status: u16,
    pub live_body: String,
    pub invalid_status: u16,
    pub invalid_body: String,
    #[serde(default)]
    pub identity: Vec<String>,
    /// Where the credential's other parts must arrive, as credential forms
    /// (`"basic-user" = "ana@acme.dev"`, `"form:client_id" = "…"`): a request
    /// without them is answered 400, as the provider answers a malformed request.
    #[serde(default)]
    pub requires: std::collections::BTreeMap<String, String>,
    /// With `invalid_status = 403`: only 403 with `invalid_body` means invalid (a
    /// bare 403, an IP block, must stay unknown).
    #[serde(default)]
    pub invalid_only_with_body: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokeEndpoint {
    pub method: String,
    pub path: String,
    pub credential: String,
    pub status: u16,
    #[serde(default)]
    pub body: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManualPage {
    pub console_url: String,
}

impl Emulation {
    /// Every emulation file, sorted by name.
    pub fn all() -> Vec<(PathBuf, Emulation)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulations");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("tests/emulations")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).expect("read emulation");
                let e: Emulation =
                    toml::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", p.display()));
                (p, e)
            })
            .collect()
    }

    /// A second key of the same shape: `invalid_key`, or `key` with its last letter
    /// or digit changed within its class.
    pub fn other_key(&self) -> String {
        if let Some(k) = &self.invalid_key {
            return k.clone();
        }
        let mut bytes = self.key.clone().into_bytes();
        if let Some(b) = bytes.iter_mut().rev().find(|b| b.is_ascii_alphanumeric()) {
            *b = match *b {
                // `f` wraps to `0` so that a hex key stays hex.
                b'9' | b'f' => b'0',
                b'z' => b'a',
                b'Z' => b'A',
                c => c + 1,
            };
        }
        String::from_utf8(bytes).expect("ascii")
    }
}

/// A request's body and headers (names lower-cased, values trimmed), as every
/// emulation reads them.
pub fn read_request(req: &mut tiny_http::Request) -> (HashMap<String, String>, String) {
    let mut body = String::new();
    let _ = req.as_reader().read_to_string(&mut body);
    let headers = req
        .headers()
        .iter()
        .map(|h| {
            (
                h.field.as_str().as_str().to_ascii_lowercase(),
                h.value.as_str().trim().to_string(),
            )
        })
        .collect();
    (headers, body)
}

/// What the server answers to every request, whatever it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    None,
    Forbidden,
    RateLimited,
    Unavailable,
}

struct State {
    live: HashSet<String>,
    fault: Fault,
    calls: Vec<(String, String, u16)>,
}

/// A running emulation.
#[derive(Clone)]
pub struct Emulator {
    pub port: u16,
    emulation: Arc<Emulation>,
    state: Arc<Mutex<State>>,
}

impl Emulator {
    pub fn start(emulation: &Emulation) -> Emulator {
        let http = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = http.server_addr().to_ip().map(|a| a.port()).expect("port");
        let e = Emulator {
            port,
            emulation: Arc::new(emulation.clone()),
            state: Arc::new(Mutex::new(State {
                live: HashSet::new(),
                fault: Fault::None,
                calls: Vec::new(),
            })),
        };
        let server = e.clone();
        std::thread::spawn(move || {
            for req in http.incoming_requests() {
                server.handle(req);
            }
        });
        e
    }

    /// The base URL leakscan should use: the server plus the documented base path.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}{}", self.port, self.emulation.base_path)
    }

    pub fn set_live(&self, key: &str) {
        self.state
            .lock()
            .expect("state")
            .live
            .insert(key.to_string());
    }

    pub fn is_live(&self, key: &str) -> bool {
        self.state.lock().expect("state").live.contains(key)
    }

    pub fn fault(&self, fault: Fault) {
        self.state.lock().expect("state").fault = fault;
    }

    /// (method, path, status) of every request so far.
    pub fn calls(&self) -> Vec<(String, String, u16)> {
        self.state.lock().expect("state").calls.clone()
    }

    fn handle(&self, mut req: tiny_http::Request) {
        let method = req.method().as_str().to_string();
        let url = req.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
        let (headers, body) = read_request(&mut req);
        let (status, reply) = self.respond(&method, path, query, &headers, &body);
        self.state
            .lock()
            .expect("state")
            .calls
            .push((method, path.to_string(), status));
        let mut resp = tiny_http::Response::from_string(reply).with_status_code(status);
        if let Ok(h) = tiny_http::Header::from_bytes("Content-Type", "application/json") {
            resp.add_header(h);
        }
        if status == 401 && self.emulation.verify.credential == "digest" {
            let challenge = format!(
                "Digest realm=\"{DIGEST_REALM}\", domain=\"\", nonce=\"{DIGEST_NONCE}\", algorithm=MD5, qop=\"auth\", stale=false"
            );
            if let Ok(h) = tiny_http::Header::from_bytes("WWW-Authenticate", challenge) {
                resp.add_header(h);
            }
        }
        if status == 429 {
            if let Ok(h) = tiny_http::Header::from_bytes("Retry-After", "0") {
                resp.add_header(h);
            }
        }
        let _ = req.respond(resp);
    }

    fn respond(
        &self,
        method: &str,
        path: &str,
        query: &str,
        headers: &HashMap<String, String>,
        body: &str,
    ) -> (u16, String) {
        let e = &self.emulation;
        match self.state.lock().expect("state").fault {
            Fault::None => {}
            Fault::Forbidden => return (403, r#"{"error": "forbidden"}"#.into()),
            Fault::RateLimited => return (429, r#"{"error": "rate limited"}"#.into()),
            Fault::Unavailable => return (503, r#"{"error": "unavailable"}"#.into()),
        }
        let v = &e.verify;
        if method == v.method && v.credential == "digest" {
            if let Some(captured) = match_path(&v.path, path) {
                return self.digest(method, path, query, &captured, headers, body);
            }
        }
        if method == v.method {
            if let Some(captured) = match_path(&v.path, path) {
                if v.headers
                    .iter()
                    .any(|h| !headers.contains_key(&h.to_ascii_lowercase()))
                {
                    return (400, r#"{"error": "missing a required header"}"#.into());
                }
                if !self.id_matches(&captured) {
                    return (404, r#"{"error": "no such key id"}"#.into());
                }
                let misses = |(form, want): (&String, &String)| {
                    credential(form, &captured, query, headers, body).as_deref()
                        != Some(want.as_str())
                };
                if v.requires.iter().any(misses) {
                    return (400, r#"{"error": "a required part is missing"}"#.into());
                }
                let Some(key) = credential(&v.credential, &captured, query, headers, body) else {
                    return (400, r#"{"error": "no credential"}"#.into());
                };
                if captured.get("key").is_some_and(|k| *k != key) {
                    return (404, r#"{"error": "not found"}"#.into());
                }
                return if self.is_live(&key) {
                    (v.live_status, v.live_body.clone())
                } else {
                    (v.invalid_status, v.invalid_body.clone())
                };
            }
        }
        if let Some(r) = &e.revoke {
            if method == r.method {
                if let Some(captured) = match_path(&r.path, path) {
                    if !self.id_matches(&captured) {
                        return (404, r#"{"error": "no such key id"}"#.into());
                    }
                    let Some(key) = credential(&r.credential, &captured, query, headers, body)
                    else {
                        return (400, r#"{"error": "no credential"}"#.into());
                    };
                    if captured.get("key").is_some_and(|k| *k != key) {
                        return (404, r#"{"error": "not found"}"#.into());
                    }
                    let mut state = self.state.lock().expect("state");
                    return if state.live.remove(&key) {
                        (r.status, r.body.clone())
                    } else {
                        (v.invalid_status, v.invalid_body.clone())
                    };
                }
            }
        }
        (404, r#"{"error": "not found"}"#.into())
    }

    /// HTTP Digest (RFC 7616, MD5, `qop=auth`): a request without an answer to the
    /// challenge is answered 401 (the challenge goes out with every 401); an answer
    /// is live when it was computed with a key the emulation holds live.
    fn digest(
        &self,
        method: &str,
        path: &str,
        query: &str,
        captured: &HashMap<String, String>,
        headers: &HashMap<String, String>,
        body: &str,
    ) -> (u16, String) {
        let v = &self.emulation.verify;
        let Some(fields) = headers
            .get("authorization")
            .and_then(|h| h.strip_prefix("Digest "))
            .map(digest_fields)
        else {
            return (401, v.invalid_body.clone());
        };
        let misses = |(form, want): (&String, &String)| {
            credential(form, captured, query, headers, body).as_deref() != Some(want.as_str())
        };
        if v.requires.iter().any(misses) {
            return (400, r#"{"error": "a required part is missing"}"#.into());
        }
        let field = |k: &str| fields.get(k).cloned().unwrap_or_default();
        let uri = if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        };
        if field("nonce") != DIGEST_NONCE || field("uri") != uri || field("qop") != "auth" {
            return (400, r#"{"error": "malformed digest"}"#.into());
        }
        let md5 = |s: String| {
            use md5::Digest as _;
            md5::Md5::digest(s.as_bytes())
                .iter()
                .fold(String::new(), |mut out, b| {
                    let _ = write!(out, "{b:02x}");
                    out
                })
        };
        let live = self.state.lock().expect("state").live.clone();
        let matched = live.iter().any(|key| {
            let ha1 = md5(format!("{}:{DIGEST_REALM}:{key}", field("username")));
            let ha2 = md5(format!("{method}:{uri}"));
            let want = md5(format!(
                "{ha1}:{DIGEST_NONCE}:{}:{}:auth:{ha2}",
                field("nc"),
                field("cnonce")
            ));
            want == field("response")
        });
        if matched {
            (v.live_status, v.live_body.clone())
        } else {
            (v.invalid_status, v.invalid_body.clone())
        }
    }

    fn id_matches(&self, captured: &HashMap<String, String>) -> bool {
        let id_ok = match captured.get("key_id") {
            Some(id) => self.emulation.key_id.as_deref() == Some(id.as_str()),
            None => true,
        };
        let parts_ok = captured.iter().all(|(name, value)| {
            name.strip_prefix("part:")
                .is_none_or(|p| self.emulation.parts.get(p) == Some(value))
        });
        id_ok && parts_ok
    }
}

const DIGEST_REALM: &str = "Emulated Public API";
const DIGEST_NONCE: &str = "q7Lm2Vz8Rk4Xb1Nw9Hc3Jd6Fy0Gs5Pa";

/// The `k=v` / `k="v"` fields of a Digest `Authorization` value (no escapes needed
/// for what leakscan sends).
fn digest_fields(s: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut rest = s;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim().trim_start_matches(',').trim().to_string();
        rest = &rest[eq + 1..];
        let (value, next) = if let Some(q) = rest.strip_prefix('"') {
            let end = q.find('"').unwrap_or(q.len());
            (&q[..end], &q[(end + 1).min(q.len())..])
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        out.insert(key, value.trim().to_string());
        rest = next;
    }
    out
}

/// Match `path` against a template whose segments may hold `{key}` or `{key_id}`
/// (with fixed text around it: `bot{key}`); the captures, percent-decoded.
fn match_path(template: &str, path: &str) -> Option<HashMap<String, String>> {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut captured = HashMap::new();
    for (ts, ps) in t.iter().zip(&p) {
        let mut matched = false;
        if let (Some(open), Some(close)) = (ts.find('{'), ts.rfind('}')) {
            let (pre, name, post) = (&ts[..open], &ts[open + 1..close], &ts[close + 1..]);
            let inner = ps.strip_prefix(pre)?.strip_suffix(post)?;
            captured.insert(name.to_string(), decode(inner));
            matched = true;
        }
        if !matched && ts != ps {
            return None;
        }
    }
    Some(captured)
}

fn decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The credential where `form` says it is.
fn credential(
    form: &str,
    captured: &HashMap<String, String>,
    query: &str,
    headers: &HashMap<String, String>,
    body: &str,
) -> Option<String> {
    let basic = || {
        let value = headers.get("authorization")?.strip_prefix("Basic ")?;
        let raw = base64::engine::general_purpose::STANDARD
            .decode(value)
            .ok()?;
        let text = String::from_utf8(raw).ok()?;
        let (user, password) = text.split_once(':')?;
        Some((user.to_string(), password.to_string()))
    };
    let field = |pairs: &str, name: &str| {
        url::form_urlencoded::parse(pairs.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let found = match form.split_once(':') {
        None => match form {
            "bearer" => headers
                .get("authorization")?
                .strip_prefix("Bearer ")
                .map(str::to_string),
            "basic-user" => basic().map(|(u, _)| u),
            "basic-password" => basic().map(|(_, p)| p),
            "path" => captured.get("key").cloned(),
            "digest-user" => headers
                .get("authorization")?
                .strip_prefix("Digest ")
                .map(digest_fields)?
                .remove("username"),
            other => panic!("unknown credential form `{other}`"),
        },
        Some(("header", rest)) => {
            let (name, prefix) = rest.split_once(':').unwrap_or((rest, ""));
            headers
                .get(&name.to_ascii_lowercase())?
                .strip_prefix(prefix)
                .map(str::to_string)
        }
        Some(("query", name)) => field(query, name),
        Some(("form", name)) => field(body, name),
        Some(("json", name)) => serde_json::from_str::<serde_json::Value>(body)
            .ok()?
            .get(name)?
            .as_str()
            .map(str::to_string),
        Some((other, _)) => panic!("unknown credential form `{other}`"),
    };
    found.filter(|k| !k.is_empty())
}
