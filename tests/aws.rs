//! AWS against an emulation of STS and IAM that checks Signature Version 4 the way
//! AWS documents it (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html>),
//! written here with `hmac` and `sha2`, independently of the signing crate
//! leakscan uses: a request signed for the wrong service, region, body or secret
//! is refused with `SignatureDoesNotMatch`, an unknown or deactivated key id with
//! `InvalidClientTokenId`.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

#[derive(Default)]
struct State {
    /// key id → secret, for active keys.
    keys: HashMap<String, String>,
    /// Key ids whose policy denies iam:UpdateAccessKey.
    denied: HashSet<String>,
    /// (service, action) of every correctly signed request.
    calls: Vec<(String, String)>,
}

#[derive(Clone)]
struct Aws {
    port: u16,
    state: Arc<Mutex<State>>,
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn error(code: &str) -> (u16, String) {
    (
        403,
        format!("<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>refused</Message></Error><RequestId>4f1e</RequestId></ErrorResponse>"),
    )
}

impl Aws {
    fn start() -> Aws {
        let http = tiny_http::Server::http("127.0.0.1:0").expect("bind");
        let port = http.server_addr().to_ip().map(|a| a.port()).expect("port");
        let aws = Aws {
            port,
            state: Arc::new(Mutex::new(State::default())),
        };
        let s = aws.clone();
        std::thread::spawn(move || {
            for mut req in http.incoming_requests() {
                let (headers, body) = crate::common::emulation::read_request(&mut req);
                let (status, reply) = s.answer(req.method().as_str(), req.url(), &headers, &body);
                let _ =
                    req.respond(tiny_http::Response::from_string(reply).with_status_code(status));
            }
        });
        aws
    }

    fn answer(
        &self,
        method: &str,
        url: &str,
        headers: &HashMap<String, String>,
        body: &str,
    ) -> (u16, String) {
        let Some(auth) = headers.get("authorization") else {
            return error("MissingAuthenticationToken");
        };
        // AWS4-HMAC-SHA256 Credential=ID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex
        let field = |name: &str| {
            auth.split([' ', ','])
                .find_map(|p| p.strip_prefix(name).map(str::to_string))
                .unwrap_or_default()
        };
        let credential = field("Credential=");
        let signed_headers = field("SignedHeaders=");
        let signature = field("Signature=");
        let scope: Vec<&str> = credential.split('/').collect();
        if !auth.starts_with("AWS4-HMAC-SHA256 ") || scope.len() != 5 || scope[4] != "aws4_request"
        {
            return error("IncompleteSignature");
        }
        let (id, date, region, service) = (scope[0], scope[1], scope[2], scope[3]);
        let Some(secret) = self.state.lock().expect("state").keys.get(id).cloned() else {
            return error("InvalidClientTokenId");
        };
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let canonical_headers = signed_headers
            .split(';')
            .map(|h| format!("{h}:{}\n", headers.get(h).map_or("", String::as_str)))
            .collect::<Vec<_>>()
            .concat();
        let canonical = format!(
            "{method}\n{path}\n{query}\n{canonical_headers}\n{signed_headers}\n{}",
            hex(&Sha256::digest(body.as_bytes()))
        );
        let amz_date = headers.get("x-amz-date").cloned().unwrap_or_default();
        let to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{date}/{region}/{service}/aws4_request\n{}",
            hex(&Sha256::digest(canonical.as_bytes()))
        );
        let key = hmac(
            &hmac(
                &hmac(&hmac(format!("AWS4{secret}").as_bytes(), date), region),
                service,
            ),
            "aws4_request",
        );
        if hex(&hmac(&key, &to_sign)) != signature
            || region != "us-east-1"
            || !amz_date.starts_with(date)
        {
            return error("SignatureDoesNotMatch");
        }
        let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect();
        let action = form.get("Action").cloned().unwrap_or_default();
        let mut state = self.state.lock().expect("state");
        state.calls.push((service.to_string(), action.clone()));
        match (service, action.as_str()) {
            ("sts", "GetCallerIdentity") => (
                200,
                ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::210987654321:user/ci-deployer</Arn><UserId>AIDAQX7ZK2M4PLRT5WNVB</UserId><Account>210987654321</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>").to_string(),
            ),
            ("iam", "UpdateAccessKey") if form.get("Status").map(String::as_str) == Some("Inactive") && form.get("AccessKeyId").map(String::as_str) == Some(id) && !form.contains_key("UserName") => {
                if state.denied.contains(id) {
                    return error("AccessDenied");
                }
                state.keys.remove(id);
                (200, "<UpdateAccessKeyResponse><ResponseMetadata><RequestId>7a62c49f</RequestId></ResponseMetadata></UpdateAccessKeyResponse>".into())
            }
            _ => (400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>".into()),
        }
    }

    fn calls(&self) -> Vec<(String, String)> {
        self.state.lock().expect("state").calls.clone()
    }
}

fn leakscan(aws: &Aws, args: &[&str], stdin: &str) -> (i32, serde_json::Value, String) {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    crate::common::run_with_stdin(
        &[(
            "LEAKSCAN_AWS_API_URL",
            format!("http://127.0.0.1:{}", aws.port),
        )],
        &args,
        stdin,
    )
}

const ID: &str = "AKIAQ4TN7Z2XWVB5KD3M";
const SECRET: &str = "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";

#[test]
fn r10_aws_pairs_verify_through_signed_sts() {
    let aws = Aws::start();
    aws.state
        .lock()
        .expect("state")
        .keys
        .insert(ID.into(), SECRET.into());
    let verify = ["verify", "--rule", "aws.secret-access-key-pair"];
    let (code, json, all) = leakscan(&aws, &verify, &format!("{ID},{SECRET}"));
    assert_eq!(code, 3, "{all}");
    assert_eq!(json[0]["verification"]["status"], "live", "{all}");
    let who = json[0]["verification"]["identity"].to_string();
    assert!(
        who.contains("arn:aws:iam::210987654321:user/ci-deployer") && who.contains("210987654321"),
        "{who}"
    );
    assert!(!all.contains(SECRET), "the secret key was printed");
    assert_eq!(
        aws.calls(),
        vec![("sts".to_string(), "GetCallerIdentity".to_string())]
    );

    // The right id with another secret: the signature does not match → invalid.
    let wrong = SECRET.replace('r', "s");
    let (code, json, all) = leakscan(&aws, &verify, &format!("{ID}:{wrong}"));
    assert_eq!(
        (code, json[0]["verification"]["status"].as_str()),
        (0, Some("invalid")),
        "{all}"
    );
    // An id AWS does not know → invalid.
    let (code, json, all) = leakscan(&aws, &verify, &format!("AKIAZZZZ7Z2XWVB5KD3M,{SECRET}"));
    assert_eq!(
        (code, json[0]["verification"]["status"].as_str()),
        (0, Some("invalid")),
        "{all}"
    );
    // A temporary key without its session token: unknown, and nothing is sent.
    let before = aws.calls().len();
    let (code, json, all) = leakscan(&aws, &verify, &format!("ASIAQ4TN7Z2XWVB5KD3M,{SECRET}"));
    assert_eq!(
        (code, json[0]["verification"]["status"].as_str()),
        (3, Some("unknown")),
        "{all}"
    );
    assert!(all.contains("session token"), "{all}");
    assert_eq!(aws.calls().len(), before);
}

#[test]
fn r10_aws_keys_deactivate_themselves_or_say_why_not() {
    let aws = Aws::start();
    let denied_id = "AKIAW2PL6R3CXNF7HY4Q";
    {
        let mut s = aws.state.lock().expect("state");
        s.keys.insert(ID.into(), SECRET.into());
        s.keys.insert(denied_id.into(), SECRET.into());
        s.denied.insert(denied_id.into());
    }
    let revoke = ["revoke", "--rule", "aws.secret-access-key-pair", "--yes"];
    let (code, json, all) = leakscan(&aws, &revoke, &format!("{ID},{SECRET}"));
    assert_eq!(code, 0, "{all}");
    assert_eq!(json[0]["revocation"]["status"], "revoked", "{all}");
    assert!(aws
        .calls()
        .contains(&("iam".to_string(), "UpdateAccessKey".to_string())));
    assert!(
        !aws.state.lock().expect("state").keys.contains_key(ID),
        "still active"
    );

    let (code, json, all) = leakscan(&aws, &revoke, &format!("{denied_id},{SECRET}"));
    assert_eq!(code, 3, "{all}");
    assert_eq!(json[0]["revocation"]["status"], "failed", "{all}");
    let detail = json[0]["revocation"]["detail"].to_string();
    assert!(
        detail.contains("iam:UpdateAccessKey") && detail.contains("console.aws.amazon.com"),
        "{detail}"
    );
    assert!(!all.contains(SECRET));
}
