//! Google Cloud service-account keys against an emulation of Google's OAuth 2.0
//! token endpoint that checks the signed JWT the way "Using OAuth 2.0 for Server to
//! Server Applications" describes it
//! (<https://developers.google.com/identity/protocols/oauth2/service-account>),
//! with keys generated here and RSASSA-PKCS1-v1_5 SHA-256 verified by `rsa`'s own
//! verifier: the form's `grant_type` is the JWT bearer grant, the header is
//! `{"alg":"RS256","typ":"JWT"}`, the claims name a known service account (`iss`),
//! Google's token endpoint (`aud`), a scope, and a short lifetime around now (`iat`,
//! `exp`), and the signature verifies with that account's public key. A known
//! account's JWT signed with another key is refused `400 invalid_grant` "Invalid JWT
//! Signature.", an unknown account "account not found"; a JWT with wrong claims gets
//! an `invalid_grant` that says nothing about the key. Every request is recorded, so
//! a test can see where it went: a key file's `token_uri` never moves it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::{EncodePrivateKey, LineEnding};
use rsa::signature::Verifier;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::common::{Run, TestEnv};

const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const AUDIENCE: &str = "https://oauth2.googleapis.com/token";
/// The `token_uri` a key file names (Google's): never used by leakscan.
const TOKEN_URI: &str = "https://oauth2.googleapis.com/token";
/// What the emulation hands out for a good assertion: it must never be printed.
const ACCESS_TOKEN: &str = "ya29.c.c0mNz_KrgKHdLx5k1d0nBV73kwMB_pe08oa0o_JU2FnZTlj_94fi7PbJT0575o4qPBoY9OqcCHgDfyFX0Ze_PI9E_N9eWxiICKME72Xq7h8U5Dq3";
const PROJECT: &str = "acme-analytics-4127";
const EMAIL: &str = "reporter@acme-analytics-4127.iam.gserviceaccount.com";
const RULE: &str = "google.service-account-key";

/// One request as the emulation received it.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    url: String,
    host: String,
    /// The assertion's `iss` and `scope` claims, if it could be read.
    iss: String,
    scope: String,
    status: u16,
}

#[derive(Default)]
struct State {
    /// client_email → public key, for the service accounts (and keys) that exist.
    accounts: HashMap<String, RsaPublicKey>,
    seen: Vec<Seen>,
}

#[derive(Clone)]
struct Google {
    port: u16,
    state: Arc<Mutex<State>>,
}

fn error(error: &str, description: &str) -> (u16, Value) {
    (
        400,
        json!({"error": error, "error_description": description}),
    )
}

/// A base64url (unpadded) JWT segment holding a JSON object.
fn segment(text: &str) -> Option<Value> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(text).ok()?).ok()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

impl Google {
    fn start() -> Google {
        let http = tiny_http::Server::http("127.0.0.1:0").expect("bind");
        let port = http.server_addr().to_ip().map(|a| a.port()).expect("port");
        let google = Google {
            port,
            state: Arc::new(Mutex::new(State::default())),
        };
        let s = google.clone();
        std::thread::spawn(move || {
            for mut req in http.incoming_requests() {
                let (headers, body) = crate::common::emulation::read_request(&mut req);
                let (status, reply) = s.answer(req.method().as_str(), req.url(), &headers, &body);
                let resp = tiny_http::Response::from_string(reply.to_string())
                    .with_status_code(status)
                    .with_header(
                        tiny_http::Header::from_bytes("Content-Type", "application/json")
                            .expect("header"),
                    );
                let _ = req.respond(resp);
            }
        });
        google
    }

    /// A service account whose key is `key`.
    fn account(&self, email: &str, key: &RsaPrivateKey) {
        self.state
            .lock()
            .expect("state")
            .accounts
            .insert(email.to_string(), RsaPublicKey::from(key));
    }

    fn answer(
        &self,
        method: &str,
        url: &str,
        headers: &HashMap<String, String>,
        body: &str,
    ) -> (u16, Value) {
        let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect();
        let assertion = form.get("assertion").cloned().unwrap_or_default();
        let pieces: Vec<&str> = assertion.split('.').collect();
        let claims = pieces.get(1).and_then(|p| segment(p)).unwrap_or_default();
        let (status, reply) = self.check(method, url, headers, &form, &pieces, &claims);
        self.state.lock().expect("state").seen.push(Seen {
            method: method.to_string(),
            url: url.to_string(),
            host: headers.get("host").cloned().unwrap_or_default(),
            iss: claims["iss"].as_str().unwrap_or_default().to_string(),
            scope: claims["scope"].as_str().unwrap_or_default().to_string(),
            status,
        });
        (status, reply)
    }

    fn check(
        &self,
        method: &str,
        url: &str,
        headers: &HashMap<String, String>,
        form: &HashMap<String, String>,
        pieces: &[&str],
        claims: &Value,
    ) -> (u16, Value) {
        if method != "POST" || url != "/token" {
            return (404, json!({"error": "not_found"}));
        }
        let content_type = headers.get("content-type").map_or("", String::as_str);
        if !content_type.starts_with("application/x-www-form-urlencoded") {
            return error("invalid_request", "Bad Request");
        }
        if form.get("grant_type").map(String::as_str) != Some(GRANT_TYPE) {
            return error("unsupported_grant_type", "Invalid grant_type");
        }
        let [head, payload, signature] = pieces else {
            return error("invalid_request", "Invalid JWT");
        };
        let header = segment(head).unwrap_or_default();
        if header["alg"] != "RS256" || header["typ"] != "JWT" {
            return error("invalid_grant", "Invalid JWT: unsupported header");
        }
        if claims["aud"] != AUDIENCE {
            return error("invalid_grant", "Invalid JWT: Failed audience check.");
        }
        if claims["scope"].as_str().is_none_or(str::is_empty) {
            return error("invalid_scope", "Empty or missing scope not allowed.");
        }
        let (Some(iat), Some(exp)) = (claims["iat"].as_u64(), claims["exp"].as_u64()) else {
            return error("invalid_grant", "Invalid JWT: missing iat or exp");
        };
        let t = now();
        if iat > t + 60 || iat + 300 < t || exp <= t || exp <= iat || exp - iat > 3600 {
            return error(
                "invalid_grant",
                "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.",
            );
        }
        let iss = claims["iss"].as_str().unwrap_or_default();
        let Some(public) = self.state.lock().expect("state").accounts.get(iss).cloned() else {
            return error("invalid_grant", "Invalid grant: account not found");
        };
        let verified = URL_SAFE_NO_PAD
            .decode(signature)
            .ok()
            .and_then(|bytes| Signature::try_from(bytes.as_slice()).ok())
            .is_some_and(|sig| {
                VerifyingKey::<Sha256>::new(public)
                    .verify(format!("{head}.{payload}").as_bytes(), &sig)
                    .is_ok()
            });
        if !verified {
            return error("invalid_grant", "Invalid JWT Signature.");
        }
        (
            200,
            json!({"access_token": ACCESS_TOKEN, "expires_in": 3599, "token_type": "Bearer"}),
        )
    }

    fn seen(&self) -> Vec<Seen> {
        self.state.lock().expect("state").seen.clone()
    }
}

/// Two RSA keys, made once for the module (1024 bits: quick, and the size does not
/// matter to the flow): the account's, and one that is not.
fn keys() -> &'static (RsaPrivateKey, RsaPrivateKey) {
    static KEYS: OnceLock<(RsaPrivateKey, RsaPrivateKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut rng = rand::thread_rng();
        (
            RsaPrivateKey::new(&mut rng, 1024).expect("key"),
            RsaPrivateKey::new(&mut rng, 1024).expect("key"),
        )
    })
}

/// The key as a PEM string.
fn pem(key: &RsaPrivateKey) -> String {
    key.to_pkcs8_pem(LineEnding::LF)
        .expect("PKCS #8 PEM")
        .as_str()
        .to_string()
}

/// A key file as the console downloads it (fields in Google's order), with `email`
/// as `client_email` (none if `None`) and `token_uri` as written.
fn key_file(key: &RsaPrivateKey, email: Option<&str>, token_uri: &str) -> String {
    let private_key = serde_json::to_string(&pem(key)).expect("JSON string");
    let client_email = email
        .map(|e| format!("  \"client_email\": \"{e}\",\n"))
        .unwrap_or_default();
    format!(
        "{{\n  \"type\": \"service_account\",\n  \"project_id\": \"{PROJECT}\",\n  \"private_key_id\": \"215a210c17bab4cd2ccea0199b573bbb77eb44e1\",\n  \"private_key\": {private_key},\n{client_email}  \"client_id\": \"768125592968469183388\",\n  \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\",\n  \"token_uri\": \"{token_uri}\",\n  \"auth_provider_x509_cert_url\": \"https://www.googleapis.com/oauth2/v1/certs\",\n  \"client_x509_cert_url\": \"https://www.googleapis.com/robot/v1/metadata/x509/reporter%40{PROJECT}.iam.gserviceaccount.com\",\n  \"universe_domain\": \"googleapis.com\"\n}}\n"
    )
}

/// The same key file with `client_email` first (fields sorted, as `jq -S` writes).
fn sorted_key_file(key: &RsaPrivateKey, email: &str) -> String {
    let private_key = serde_json::to_string(&pem(key)).expect("JSON string");
    format!(
        "{{\n  \"client_email\": \"{email}\",\n  \"client_id\": \"768125592968469183388\",\n  \"private_key\": {private_key},\n  \"private_key_id\": \"215a210c17bab4cd2ccea0199b573bbb77eb44e1\",\n  \"project_id\": \"{PROJECT}\",\n  \"token_uri\": \"{TOKEN_URI}\",\n  \"type\": \"service_account\"\n}}\n"
    )
}

/// Pieces of a key that must never be printed: its PEM as the file holds it
/// (escaped), and a line of its base64 body.
fn key_texts(key: &RsaPrivateKey) -> Vec<String> {
    let pem = pem(key);
    let escaped = serde_json::to_string(&pem).expect("JSON string");
    let body_line = pem.lines().nth(3).expect("a body line").to_string();
    vec![escaped.trim_matches('"').to_string(), body_line]
}

/// Assert that nothing secret is in `run`'s output: no part of `key`, no access
/// token.
fn assert_quiet(run: &Run, key: &RsaPrivateKey) {
    let all = run.all_output();
    for text in key_texts(key) {
        assert!(!all.contains(&text), "the private key was printed:\n{all}");
    }
    assert!(
        !all.contains(ACCESS_TOKEN),
        "the access token was printed:\n{all}"
    );
}

/// `leakscan <args>` in `env`, the provider pointed at the emulation, `stdin` fed.
fn run(env: &TestEnv, google: &Google, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = env.cmd();
    cmd.args(args).env("LEAKSCAN_HTTP_TIMEOUT", "5s").env(
        "LEAKSCAN_GOOGLE_SERVICE_ACCOUNT_API_URL",
        format!("http://127.0.0.1:{}", google.port),
    );
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_string());
    }
    Run::new(cmd.output().expect("run leakscan"))
}

const VERIFY: [&str; 6] = ["verify", "--rule", RULE, "--format", "json", "-"];

fn emulation() -> Google {
    let google = Google::start();
    google.account(EMAIL, &keys().0);
    google
}

#[test]
fn r10_google_service_account_keys_verify_through_a_signed_jwt() {
    let google = emulation();
    let (key, other) = keys();
    let env = TestEnv::new();

    // The key file as downloaded, on stdin: live, whose it is.
    let r = run(
        &env,
        &google,
        &VERIFY,
        Some(&key_file(key, Some(EMAIL), TOKEN_URI)),
    );
    assert_eq!(r.code, 3, "{}", r.all_output());
    let json = r.json();
    let f = &json[0];
    assert_eq!(f["verification"]["status"], "live", "{}", r.all_output());
    assert_eq!(f["verification"]["provider"], "google-service-account");
    assert_eq!(f["verification"]["identity"]["user"], EMAIL);
    assert_eq!(f["verification"]["identity"]["team"], PROJECT);
    assert_quiet(&r, key);
    let seen = google.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        (
            seen[0].method.as_str(),
            seen[0].url.as_str(),
            seen[0].iss.as_str(),
            seen[0].status
        ),
        ("POST", "/token", EMAIL, 200)
    );
    assert!(
        seen[0].scope.ends_with(".read-only"),
        "a read-only scope: {}",
        seen[0].scope
    );

    // client_email before the key (a re-sorted file): found and live too.
    let r = run(&env, &google, &VERIFY, Some(&sorted_key_file(key, EMAIL)));
    assert_eq!(
        (r.code, r.json()[0]["verification"]["status"].as_str()),
        (3, Some("live")),
        "{}",
        r.all_output()
    );
    assert_quiet(&r, key);

    // The account's email with another key: the signature does not verify → invalid.
    let r = run(
        &env,
        &google,
        &VERIFY,
        Some(&key_file(other, Some(EMAIL), TOKEN_URI)),
    );
    assert_eq!(
        (r.code, r.json()[0]["verification"]["status"].as_str()),
        (0, Some("invalid")),
        "{}",
        r.all_output()
    );
    assert_quiet(&r, other);

    // An account Google does not know (deleted) → invalid.
    let gone = "retired@acme-analytics-4127.iam.gserviceaccount.com";
    let r = run(
        &env,
        &google,
        &VERIFY,
        Some(&key_file(key, Some(gone), TOKEN_URI)),
    );
    assert_eq!(
        (r.code, r.json()[0]["verification"]["status"].as_str()),
        (0, Some("invalid")),
        "{}",
        r.all_output()
    );

    // A key without its client_email: unknown, and nothing is sent.
    let before = google.seen().len();
    let r = run(
        &env,
        &google,
        &VERIFY,
        Some(&key_file(key, None, TOKEN_URI)),
    );
    assert_eq!(
        (r.code, r.json()[0]["verification"]["status"].as_str()),
        (3, Some("unknown")),
        "{}",
        r.all_output()
    );
    assert!(
        r.all_output().contains("client_email"),
        "{}",
        r.all_output()
    );
    assert_eq!(google.seen().len(), before);
    assert_quiet(&r, key);

    // The text report does not print the key or the token either.
    let r = run(
        &env,
        &google,
        &["verify", "--rule", RULE, "-"],
        Some(&key_file(key, Some(EMAIL), TOKEN_URI)),
    );
    assert_eq!(r.code, 3, "{}", r.all_output());
    assert!(r.stdout.contains(EMAIL), "{}", r.all_output());
    assert_quiet(&r, key);
}

/// Where the assertion goes is never taken from the key file: with a `token_uri`
/// naming another host, the request still reaches the configured base.
#[test]
fn r10_google_service_account_requests_never_go_to_the_files_token_uri() {
    let google = emulation();
    let (key, _) = keys();
    let env = TestEnv::new();
    let file = key_file(key, Some(EMAIL), "https://evil.example/token");
    let r = run(&env, &google, &VERIFY, Some(&file));
    assert_eq!(
        (r.code, r.json()[0]["verification"]["status"].as_str()),
        (3, Some("live")),
        "{}",
        r.all_output()
    );
    let seen = google.seen();
    assert_eq!(seen.len(), 1, "the emulation saw {seen:?}");
    assert_eq!(seen[0].host, format!("127.0.0.1:{}", google.port));
    assert_eq!(seen[0].url, "/token");
    assert_quiet(&r, key);

    // The same through a scan of a tree holding the key file.
    env.write("deploy/gcp-key.json", file.as_bytes());
    let r = run(
        &env,
        &google,
        &["scan", "--verify", "--format", "json"],
        None,
    );
    assert_eq!(r.code, 3, "{}", r.all_output());
    let findings = r.json();
    let f = findings
        .iter()
        .find(|f| f["rule_id"] == RULE)
        .unwrap_or_else(|| panic!("no {RULE} finding: {}", r.stdout));
    assert_eq!(f["verification"]["status"], "live", "{}", r.all_output());
    assert_eq!(f["verification"]["identity"]["user"], EMAIL);
    assert_eq!(f["locations"][0]["path"], "deploy/gcp-key.json");
    let seen = google.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[1].host, format!("127.0.0.1:{}", google.port));
    assert_quiet(&r, key);
}

/// No API retires a key: revoking is a manual action naming the console page, the
/// account and who can delete its key; only the check is sent.
#[test]
fn r10_google_service_account_revocation_is_manual() {
    let google = emulation();
    let (key, _) = keys();
    let env = TestEnv::new();
    let r = run(
        &env,
        &google,
        &["revoke", "--rule", RULE, "--yes", "--format", "json", "-"],
        Some(&key_file(key, Some(EMAIL), TOKEN_URI)),
    );
    assert_eq!(r.code, 3, "{}", r.all_output());
    let json = r.json();
    let rev = &json[0]["revocation"];
    assert_eq!(rev["status"], "manual_required", "{}", r.all_output());
    assert!(
        rev["manual"]["console_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://console.cloud.google.com/")),
        "{}",
        r.all_output()
    );
    let how = rev["manual"]["instructions"].as_str().unwrap_or_default();
    assert!(
        how.contains(EMAIL) && how.contains("private_key_id") && how.contains("Key Admin"),
        "{how}"
    );
    assert_quiet(&r, key);
    assert!(
        google.seen().iter().all(|s| s.url == "/token"),
        "only token requests"
    );
}
