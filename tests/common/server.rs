//! A local emulation of the provider APIs, on 127.0.0.1, following PAPERSPACE.md's
//! test-server contract and the GitHub, GitLab and Slack documentation. Tests seed
//! keys, inject faults, and read the call log (method, path, key fingerprint, never
//! the raw key).

#![allow(dead_code, unreachable_pub)]

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// How Paperspace answers a bad key (the real server's choice is undocumented).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvalidMode {
    Unauthorized,
    NullBody,
}

/// One request the server saw.
#[derive(Clone, Debug)]
pub struct Call {
    pub method: String,
    pub path: String,
    /// First 12 hex digits of SHA-256 of the credential sent, if any.
    pub key_fp: Option<String>,
    pub has_authorization: bool,
    pub status: u16,
    /// When the request arrived.
    pub at: std::time::Instant,
}

#[derive(Default)]
struct State {
    live: HashMap<String, Value>,
    forbidden: HashSet<String>,
    invalid_mode: Option<InvalidMode>,
    self_revoke: bool,
    next_429: u32,
    retry_after: Option<String>,
    next_500: u32,
    next_mutating_500: u32,
    latency: Duration,
    hang_mutating: bool,
    hang_all: bool,
    kill_after_polls: HashMap<String, u32>,
    /// Answer every request with a 302 to this base URL plus the request path.
    redirect_to: Option<String>,
    /// Answer every request with a 200 whose body is HTML.
    html: bool,
    polls: HashMap<String, u32>,
    calls: Vec<Call>,
}

/// The running server; cheap to clone.
#[derive(Clone)]
pub struct Server {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

pub fn fp(key: &str) -> String {
    let d = Sha256::digest(key.as_bytes());
    d[..6].iter().fold(String::new(), |mut out, b| {
        use std::fmt::Write;
        let _ = write!(out, "{b:02x}");
        out
    })
}

impl Server {
    pub fn start() -> Server {
        let http = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = http.server_addr().to_ip().map(|a| a.port()).expect("port");
        let state = Arc::new(Mutex::new(State {
            invalid_mode: Some(InvalidMode::Unauthorized),
            self_revoke: true,
            ..State::default()
        }));
        let server = Server { port, state };
        let s = server.clone();
        std::thread::spawn(move || {
            for req in http.incoming_requests() {
                let s = s.clone();
                std::thread::spawn(move || s.handle(req));
            }
        });
        server
    }

    /// Environment that points every provider at this server.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let base = format!("http://127.0.0.1:{}", self.port);
        vec![
            ("PAPERSPACE_API_URL", format!("{base}/v1")),
            ("LEAKSCAN_GITHUB_API_URL", format!("{base}/github")),
            ("LEAKSCAN_GITLAB_URL", format!("{base}/gitlab")),
            ("LEAKSCAN_SLACK_API_URL", format!("{base}/slack/api")),
        ]
    }

    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().expect("state"))
    }

    /// A live Paperspace key owned by `email`, admin or not.
    pub fn seed_paperspace(&self, key: &str, email: &str, admin: bool) {
        let body = json!({
            "team": {"id": "te1234", "namespace": "ml-research", "name": "ML Research"},
            "user": {"id": "us5678", "email": email, "firstname": "Jo", "lastname": "Dev",
                     "teamMemberships": [{"isAdmin": admin, "isOwner": false,
                                          "team": {"id": "te1234", "namespace": "ml-research", "name": "ML Research"}}]}
        });
        self.with(|s| s.live.insert(key.to_string(), body));
    }

    /// A live token for GitHub, GitLab or Slack.
    pub fn seed(&self, key: &str, identity: Value) {
        self.with(|s| s.live.insert(key.to_string(), identity));
    }

    pub fn is_live(&self, key: &str) -> bool {
        self.with(|s| s.live.contains_key(key))
    }

    pub fn forbid(&self, key: &str) {
        self.with(|s| s.forbidden.insert(key.to_string()));
    }
    pub fn invalid_mode(&self, mode: InvalidMode) {
        self.with(|s| s.invalid_mode = Some(mode));
    }
    pub fn self_revoke(&self, on: bool) {
        self.with(|s| s.self_revoke = on);
    }
    pub fn fail_next_429(&self, n: u32, retry_after: Option<&str>) {
        self.with(|s| {
            s.next_429 = n;
            s.retry_after = retry_after.map(str::to_string);
        });
    }
    pub fn fail_next_500(&self, n: u32) {
        self.with(|s| s.next_500 = n);
    }
    /// The next `n` mutating requests fail with 500 (reads are unaffected).
    pub fn fail_next_mutating_500(&self, n: u32) {
        self.with(|s| s.next_mutating_500 = n);
    }
    pub fn latency(&self, d: Duration) {
        self.with(|s| s.latency = d);
    }
    /// Apply mutating requests, then never answer them.
    pub fn hang_mutating(&self, on: bool) {
        self.with(|s| s.hang_mutating = on);
    }
    pub fn hang_all(&self, on: bool) {
        self.with(|s| s.hang_all = on);
    }
    /// The key dies (as if revoked in the console) after `n` verification polls.
    pub fn kill_after_polls(&self, key: &str, n: u32) {
        self.with(|s| s.kill_after_polls.insert(key.to_string(), n));
    }

    pub fn redirect_to(&self, base: Option<String>) {
        self.with(|s| s.redirect_to = base);
    }

    pub fn html(&self, on: bool) {
        self.with(|s| s.html = on);
    }

    pub fn calls(&self) -> Vec<Call> {
        self.with(|s| s.calls.clone())
    }

    /// Calls with this method whose path ends with `suffix`.
    pub fn count(&self, method: &str, suffix: &str) -> usize {
        self.calls()
            .iter()
            .filter(|c| c.method == method && c.path.ends_with(suffix))
            .count()
    }

    /// Calls that could change state at a provider.
    pub fn mutating_calls(&self) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| {
                c.method == "DELETE"
                    || c.path.ends_with("/credentials/revoke")
                    || c.path.ends_with("auth.revoke")
            })
            .collect()
    }

    fn handle(&self, mut req: tiny_http::Request) {
        let method = req.method().as_str().to_string();
        let path = req.url().split('?').next().unwrap_or("").to_string();
        let header = |name: &str| {
            req.headers()
                .iter()
                .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
                .map(|h| h.value.as_str().to_string())
        };
        let authorization = header("Authorization");
        let private_token = header("PRIVATE-TOKEN");
        let mut body = String::new();
        let _ = req.as_reader().read_to_string(&mut body);
        let key = authorization
            .as_deref()
            .map(|a| a.trim_start_matches("Bearer ").to_string())
            .or(private_token);
        let mutating = method == "DELETE" || path.ends_with("revoke");
        let (latency, hang) =
            self.with(|s| (s.latency, s.hang_all || (mutating && s.hang_mutating)));
        std::thread::sleep(latency);
        let (redirect, html) = self.with(|s| (s.redirect_to.clone(), s.html));
        let (status, reply, retry_after) = if redirect.is_some() {
            (302, Value::Null, None)
        } else if html {
            (200, Value::Null, None)
        } else {
            self.with(|s| s.respond(&method, &path, key.as_deref(), &body))
        };
        self.with(|s| {
            s.calls.push(Call {
                method: method.clone(),
                path: path.clone(),
                key_fp: key.as_deref().map(fp),
                has_authorization: authorization.is_some(),
                status,
                at: std::time::Instant::now(),
            });
        });
        if hang {
            std::thread::sleep(Duration::from_secs(3600));
            return;
        }
        let (body, content_type) = if html {
            ("<html><body>Sign in</body></html>".to_string(), "text/html")
        } else {
            (reply.to_string(), "application/json")
        };
        let mut resp = tiny_http::Response::from_string(body).with_status_code(status);
        if let Ok(h) = tiny_http::Header::from_bytes("Content-Type", content_type) {
            resp.add_header(h);
        }
        if let Some(base) = redirect {
            if let Ok(h) = tiny_http::Header::from_bytes("Location", format!("{base}{path}")) {
                resp.add_header(h);
            }
        }
        if let Some(ra) = retry_after {
            if let Ok(h) = tiny_http::Header::from_bytes("Retry-After", ra.as_bytes()) {
                resp.add_header(h);
            }
        }
        let _ = req.respond(resp);
    }
}

fn error(code: &str, message: &str) -> Value {
    json!({ "code": code, "message": message })
}

impl State {
    fn respond(
        &mut self,
        method: &str,
        path: &str,
        key: Option<&str>,
        body: &str,
    ) -> (u16, Value, Option<String>) {
        if self.next_429 > 0 {
            self.next_429 -= 1;
            return (
                429,
                error("TOO_MANY_REQUESTS", "slow down"),
                self.retry_after.clone(),
            );
        }
        if self.next_500 > 0 {
            self.next_500 -= 1;
            return (500, error("INTERNAL_SERVER_ERROR", "boom"), None);
        }
        if self.next_mutating_500 > 0 && (method == "DELETE" || path.ends_with("revoke")) {
            self.next_mutating_500 -= 1;
            return (500, error("INTERNAL_SERVER_ERROR", "boom"), None);
        }
        if key.is_some_and(|k| self.forbidden.contains(k)) {
            return (403, error("FORBIDDEN", "forbidden"), None);
        }
        let live = key.and_then(|k| self.live.get(k).cloned());
        match (method, path) {
            ("GET", "/v1/auth/session") => {
                if let Some(k) = key {
                    let polls = self.polls.entry(k.to_string()).or_insert(0);
                    *polls += 1;
                    if self.kill_after_polls.get(k).is_some_and(|n| *polls > *n) {
                        self.live.remove(k);
                        return self.paperspace_invalid();
                    }
                }
                match live {
                    Some(identity) => (200, identity, None),
                    None => self.paperspace_invalid(),
                }
            }
            ("DELETE", "/v1/api-keys/self") if self.self_revoke => match (live, key) {
                (Some(_), Some(k)) => {
                    self.live.remove(k);
                    (204, Value::Null, None)
                }
                _ => (401, error("UNAUTHORIZED", "invalid key"), None),
            },
            ("DELETE", "/v1/api-keys/self") => (404, error("NOT_FOUND", "not found"), None),
            ("GET", "/github/user") => match live {
                Some(identity) => (200, identity, None),
                None => (401, json!({"message": "Bad credentials"}), None),
            },
            ("POST", "/github/credentials/revoke") => {
                if key.is_some() {
                    return (403, json!({"message": "must be unauthenticated"}), None);
                }
                let parsed: Value = serde_json::from_str(body).unwrap_or(Value::Null);
                let Some(list) = parsed["credentials"].as_array() else {
                    return (422, json!({"message": "Validation Failed"}), None);
                };
                for c in list {
                    if let Some(c) = c.as_str() {
                        self.live.remove(c);
                    }
                }
                (202, json!({}), None)
            }
            ("GET", "/gitlab/api/v4/personal_access_tokens/self") => match live {
                Some(identity) => (200, identity, None),
                None => (401, json!({"message": "401 Unauthorized"}), None),
            },
            ("DELETE", "/gitlab/api/v4/personal_access_tokens/self") => match (live, key) {
                (Some(_), Some(k)) => {
                    self.live.remove(k);
                    (204, Value::Null, None)
                }
                _ => (401, json!({"message": "401 Unauthorized"}), None),
            },
            ("POST", "/slack/api/auth.test") => match live {
                Some(identity) => (200, identity, None),
                None => (200, json!({"ok": false, "error": "invalid_auth"}), None),
            },
            ("POST", "/slack/api/auth.revoke") => match (live, key) {
                (Some(_), Some(k)) => {
                    self.live.remove(k);
                    (200, json!({"ok": true, "revoked": true}), None)
                }
                _ => (200, json!({"ok": false, "error": "invalid_auth"}), None),
            },
            _ => (404, error("NOT_FOUND", "no such route"), None),
        }
    }

    fn paperspace_invalid(&self) -> (u16, Value, Option<String>) {
        match self.invalid_mode {
            Some(InvalidMode::NullBody) => (200, Value::Null, None),
            _ => (401, error("UNAUTHORIZED", "invalid key"), None),
        }
    }
}
