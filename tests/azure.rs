//! Azure Storage against an emulation of the Blob service's List Containers that
//! checks Shared Key the way Microsoft documents it
//! (<https://learn.microsoft.com/en-us/rest/api/storageservices/authorize-with-shared-key>),
//! recomputed here from the request as received, with `hmac`, `sha2` and `base64`,
//! independently of leakscan's signing: the verb, the eleven standard headers
//! (`Content-Length` empty when 0), every `x-ms-*` header lowercase and sorted, and
//! the canonicalized resource `/{account}{path}` with the query parameters as
//! `\nname:value`, names lowercase and sorted. A request signed with another key, or
//! signed wrongly, is refused `403 AuthenticationFailed`; a correctly signed one for
//! a firewalled account `403 AuthorizationFailure`. Every request is recorded, so a
//! test can see where it went: an `EndpointSuffix` or `BlobEndpoint` in the scanned
//! text never moves it.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// One request as the emulation received it.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    host: String,
    url: String,
    /// The account the `Authorization` header names.
    account: String,
}

#[derive(Default)]
struct State {
    /// account name → account key (base64), for accounts that exist.
    accounts: HashMap<String, String>,
    /// Accounts whose firewall refuses the caller (after authentication).
    firewalled: Vec<String>,
    seen: Vec<Seen>,
}

#[derive(Clone)]
struct Azure {
    port: u16,
    state: Arc<Mutex<State>>,
}

/// The standard headers of the string-to-sign, in the documented order.
const STANDARD_HEADERS: [&str; 11] = [
    "content-encoding",
    "content-language",
    "content-length",
    "content-md5",
    "content-type",
    "date",
    "if-modified-since",
    "if-match",
    "if-none-match",
    "if-unmodified-since",
    "range",
];

fn error(status: u16, code: &str) -> (u16, String, Option<String>) {
    (
        status,
        format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>refused by the emulation</Message></Error>"),
        Some(code.to_string()),
    )
}

/// The string-to-sign of a request, from the documentation.
fn string_to_sign(
    method: &str,
    url: &str,
    headers: &HashMap<String, String>,
    account: &str,
) -> String {
    let mut out = format!("{method}\n");
    for name in STANDARD_HEADERS {
        let value = headers.get(name).map_or("", String::as_str);
        let value = if name == "content-length" && value == "0" {
            ""
        } else {
            value
        };
        out.push_str(value);
        out.push('\n');
    }
    let mut ms: Vec<(&String, &String)> = headers
        .iter()
        .filter(|(k, _)| k.starts_with("x-ms-"))
        .collect();
    ms.sort();
    for (k, v) in ms {
        out.push_str(&format!("{k}:{v}\n"));
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    out.push_str(&format!("/{account}{path}"));
    let mut params: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        params
            .entry(k.to_lowercase())
            .or_default()
            .push(v.into_owned());
    }
    for (k, mut values) in params {
        values.sort();
        out.push_str(&format!("\n{k}:{}", values.join(",")));
    }
    out
}

impl Azure {
    fn start() -> Azure {
        let http = tiny_http::Server::http("127.0.0.1:0").expect("bind");
        let port = http.server_addr().to_ip().map(|a| a.port()).expect("port");
        let azure = Azure {
            port,
            state: Arc::new(Mutex::new(State::default())),
        };
        let s = azure.clone();
        std::thread::spawn(move || {
            for req in http.incoming_requests() {
                let headers: HashMap<String, String> = req
                    .headers()
                    .iter()
                    .map(|h| {
                        (
                            h.field.as_str().as_str().to_ascii_lowercase(),
                            h.value.as_str().trim().to_string(),
                        )
                    })
                    .collect();
                let (status, body, code) = s.answer(req.method().as_str(), req.url(), &headers);
                let mut resp = tiny_http::Response::from_string(body)
                    .with_status_code(status)
                    .with_header(
                        tiny_http::Header::from_bytes("Content-Type", "application/xml")
                            .expect("header"),
                    );
                if let Some(code) = code {
                    resp = resp.with_header(
                        tiny_http::Header::from_bytes("x-ms-error-code", code).expect("header"),
                    );
                }
                let _ = req.respond(resp);
            }
        });
        azure
    }

    fn answer(
        &self,
        method: &str,
        url: &str,
        headers: &HashMap<String, String>,
    ) -> (u16, String, Option<String>) {
        let auth = headers.get("authorization").cloned().unwrap_or_default();
        let Some((account, signature)) = auth
            .strip_prefix("SharedKey ")
            .and_then(|rest| rest.split_once(':'))
        else {
            return error(403, "AuthenticationFailed");
        };
        let mut state = self.state.lock().expect("state");
        state.seen.push(Seen {
            method: method.to_string(),
            host: headers.get("host").cloned().unwrap_or_default(),
            url: url.to_string(),
            account: account.to_string(),
        });
        let Some(key) = state.accounts.get(account).cloned() else {
            return error(403, "AuthenticationFailed");
        };
        // x-ms-date is required (no Date header is sent) and must be recent.
        let fresh = headers
            .get("x-ms-date")
            .and_then(|d| httpdate::parse_http_date(d).ok())
            .is_some_and(|t| {
                let now = SystemTime::now();
                let skew = now
                    .duration_since(t)
                    .or_else(|_| t.duration_since(now))
                    .unwrap_or(Duration::MAX);
                skew < Duration::from_secs(15 * 60)
            });
        if !fresh || !headers.contains_key("x-ms-version") {
            return error(403, "AuthenticationFailed");
        }
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&B64.decode(&key).expect("key")).expect("any length");
        mac.update(string_to_sign(method, url, headers, account).as_bytes());
        if B64.encode(mac.finalize().into_bytes()) != signature {
            return error(403, "AuthenticationFailed");
        }
        if state.firewalled.iter().any(|a| a == account) {
            return error(403, "AuthorizationFailure");
        }
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let params: HashMap<String, String> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        if method != "GET" || path != "/" || params.get("comp").map(String::as_str) != Some("list")
        {
            return error(400, "UnsupportedHttpVerb");
        }
        (
            200,
            format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"https://{account}.blob.core.windows.net/\"><MaxResults>1</MaxResults><Containers><Container><Name>invoices</Name><Properties><Last-Modified>Tue, 03 Jun 2025 08:12:44 GMT</Last-Modified><Etag>\"0x8DDA2B1C4F3E7A1\"</Etag><LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState></Properties></Container></Containers><NextMarker>/{account}/logs</NextMarker></EnumerationResults>"),
            None,
        )
    }

    fn seen(&self) -> Vec<Seen> {
        self.state.lock().expect("state").seen.clone()
    }
}

/// `leakscan <args> -` with `stdin`, the provider pointed at the emulation: exit
/// code, JSON (if `--format json`), and stdout and stderr together.
fn leakscan(azure: &Azure, args: &[&str], stdin: &str) -> (i32, serde_json::Value, String) {
    crate::common::run_with_stdin(
        &[(
            "LEAKSCAN_AZURE_STORAGE_API_URL",
            format!("http://127.0.0.1:{}", azure.port),
        )],
        args,
        stdin,
    )
}

const ACCOUNT: &str = "stacmeledger";
/// Random: base64 of 64 random bytes, as account keys are.
const KEY: &str =
    "G8DEvt/Y7gheoufZHRzo4d3DSJmrRn8eK7aQNecY+kOFS+HUrVLHezSrYDcI5ZtSJxRc92+ml4bIO8GD4iYk3w==";
/// Another random key: not the account's.
const WRONG: &str =
    "MZoJz6BUkstygmQ7kxImIw/W/pSc5/MOG8fgUqWhwjcVPSBngTjOth7oSYKrQsezU6tzvnIRyWGZgGJCAtmVPw==";
const FIREWALLED: &str = "acmevault01";
const FIREWALLED_KEY: &str =
    "qjmLNo/hA9FEGCgfCHi3RBZVygVfB+1+QB1SfNqLvIbOfAXTr5wYrp2r8fWZj0WVnnSCYT6oDFXmE4f8IiPcrg==";

const VERIFY: [&str; 5] = [
    "verify",
    "--rule",
    "azure.storage-connection-string",
    "--format",
    "json",
];

fn connection_string(account: &str, key: &str) -> String {
    format!("DefaultEndpointsProtocol=https;AccountName={account};AccountKey={key};EndpointSuffix=core.windows.net")
}

fn emulation() -> Azure {
    let azure = Azure::start();
    {
        let mut s = azure.state.lock().expect("state");
        s.accounts.insert(ACCOUNT.into(), KEY.into());
        s.accounts.insert(FIREWALLED.into(), FIREWALLED_KEY.into());
        s.firewalled.push(FIREWALLED.into());
    }
    azure
}

#[test]
fn r10_azure_storage_keys_verify_through_shared_key() {
    let azure = emulation();
    let (code, json, all) = leakscan(&azure, &VERIFY, &connection_string(ACCOUNT, KEY));
    assert_eq!(code, 3, "{all}");
    assert_eq!(json[0]["verification"]["status"], "live", "{all}");
    assert_eq!(
        json[0]["verification"]["identity"]["team"], ACCOUNT,
        "{all}"
    );
    assert!(!all.contains(KEY), "the account key was printed: {all}");
    let seen = azure.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        (
            seen[0].method.as_str(),
            seen[0].url.as_str(),
            seen[0].account.as_str()
        ),
        ("GET", "/?comp=list&maxresults=1", ACCOUNT)
    );

    // The same account with another key: the signature does not match → invalid.
    let (code, json, all) = leakscan(&azure, &VERIFY, &connection_string(ACCOUNT, WRONG));
    assert_eq!(
        (code, json[0]["verification"]["status"].as_str()),
        (0, Some("invalid")),
        "{all}"
    );
    assert!(!all.contains(WRONG), "the account key was printed: {all}");

    // Authenticated, then refused by the account's firewall: the key may be live,
    // so unknown, never invalid.
    let (code, json, all) = leakscan(
        &azure,
        &VERIFY,
        &connection_string(FIREWALLED, FIREWALLED_KEY),
    );
    assert_eq!(
        (code, json[0]["verification"]["status"].as_str()),
        (3, Some("unknown")),
        "{all}"
    );
    assert!(all.contains("AuthorizationFailure"), "{all}");
    assert!(!all.contains(FIREWALLED_KEY), "the account key was printed");

    // The text report does not print the key either.
    let (code, _, all) = leakscan(
        &azure,
        &["verify", "--rule", "azure.storage-connection-string"],
        &connection_string(ACCOUNT, KEY),
    );
    assert_eq!(code, 3, "{all}");
    assert!(!all.contains(KEY), "the account key was printed: {all}");
    assert!(azure.seen().iter().all(|s| s.method == "GET"), "only reads");
}

/// Where the request goes is never taken from the scanned text: with an
/// `EndpointSuffix` or `BlobEndpoint` naming another host, before, between or after
/// the name and key, the request still reaches the configured base (here the
/// emulation; by default `https://{account}.blob.core.windows.net`, built from the
/// checked account name, as the module's unit test shows).
#[test]
fn r10_azure_storage_requests_never_go_where_the_scanned_text_says() {
    let azure = emulation();
    let inputs = [
        format!("DefaultEndpointsProtocol=https;AccountName={ACCOUNT};AccountKey={KEY};EndpointSuffix=evil.example"),
        format!("DefaultEndpointsProtocol=https;BlobEndpoint=https://evil.example/;AccountName={ACCOUNT};AccountKey={KEY}"),
        format!("AccountName={ACCOUNT};EndpointSuffix=evil.invalid;AccountKey={KEY};BlobEndpoint=http://evil.example:10000/x"),
    ];
    for (n, input) in inputs.iter().enumerate() {
        let (code, json, all) = leakscan(&azure, &VERIFY, input);
        assert_eq!(
            (code, json[0]["verification"]["status"].as_str()),
            (3, Some("live")),
            "{input}: {all}"
        );
        assert!(!all.contains(KEY), "the account key was printed: {all}");
        let seen = azure.seen();
        assert_eq!(seen.len(), n + 1, "{input}: the emulation saw {seen:?}");
        let last = &seen[n];
        assert_eq!(last.host, format!("127.0.0.1:{}", azure.port), "{input}");
        assert_eq!(last.account, ACCOUNT, "{input}");
    }
}

/// No data-plane API regenerates a key: revoking is a manual action naming the
/// portal page, the account and the permission, and sends nothing but the check.
#[test]
fn r10_azure_storage_revocation_is_manual() {
    let azure = emulation();
    let (code, json, all) = leakscan(
        &azure,
        &[
            "revoke",
            "--rule",
            "azure.storage-connection-string",
            "--yes",
            "--format",
            "json",
        ],
        &connection_string(ACCOUNT, KEY),
    );
    assert_eq!(code, 3, "{all}");
    let rev = &json[0]["revocation"];
    assert_eq!(rev["status"], "manual_required", "{all}");
    assert!(
        rev["manual"]["console_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://portal.azure.com/")),
        "{all}"
    );
    let how = rev["manual"]["instructions"].as_str().unwrap_or_default();
    assert!(
        how.contains(ACCOUNT) && how.contains("regenerateKey") && how.contains("SAS"),
        "{how}"
    );
    assert!(!all.contains(KEY), "the account key was printed: {all}");
    assert!(azure.seen().iter().all(|s| s.method == "GET"), "only reads");
}
