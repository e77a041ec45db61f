//! Google Cloud service account keys: the private key of a JSON key file, found by
//! `google.service-account-key` together with the service account's `client_email`
//! from the same JSON object (the part `email`, or `email2` when the email comes
//! before the key).
//!
//! Verify: the documented server-to-server flow, "Using OAuth 2.0 for Server to
//! Server Applications", over HTTP
//! (<https://developers.google.com/identity/protocols/oauth2/service-account>): a
//! JWT with the header `{"alg":"RS256","typ":"JWT"}` and the claims `iss` (the
//! service account's email), `scope` (`cloud-platform.read-only`, a read-only
//! scope), `aud` (`https://oauth2.googleapis.com/token`, always that value), `iat`
//! (now) and `exp` (now + 5 minutes; Google allows at most an hour), signed with
//! RSASSA-PKCS1-v1_5 using SHA-256 (the `rsa` crate) by the found key, then
//! `POST {base}/token` with the form
//! `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion={jwt}`. No
//! Google API is called with the access token that comes back: it is only checked
//! to be there, then dropped; it is never kept, logged or printed.
//!
//! - 200 with an `access_token` → live (user: the service account's email; team:
//!   the project, from `NAME@PROJECT.iam.gserviceaccount.com` or App Engine's
//!   `PROJECT@appspot.gserviceaccount.com`).
//! - 400 with `error: invalid_grant` and an `error_description` saying
//!   `Invalid JWT Signature` (Google's documented answer when the assertion is
//!   signed with a key that is not the service account's, or whose key was
//!   deleted, disabled or has expired) or `account not found` (the service account
//!   itself is gone) → invalid. These two descriptions are the only ones treated as
//!   dead.
//! - Everything else → unknown: other `invalid_grant` descriptions (notably
//!   `Invalid JWT: Token must be a short-lived token…`, which means this machine's
//!   clock is off, not that the key is dead), 401 `invalid_client`,
//!   `disabled_client` (a disabled account, which can be enabled again),
//!   `invalid_scope`, 403, 429, 5xx, timeouts, bodies that are not JSON.
//! - A key found without its `client_email` cannot be checked: unknown ("the
//!   client_email was not found beside the key"), never invalid; so is a key that is
//!   not an RSA key in PKCS #8 form.
//!
//! Trust: the request goes to the configured base only. The key file's own
//! `token_uri` (or any other URL in the scanned text) is never read, so scanned
//! content cannot choose where a signed assertion is sent.
//!
//! Base URL: `LEAKSCAN_GOOGLE_SERVICE_ACCOUNT_API_URL`, else
//! `[providers.google-service-account] api_url`, else `https://oauth2.googleapis.com`.
//!
//! Revoke: no API for a key to retire itself. A key is deleted through IAM
//! (<https://cloud.google.com/iam/docs/keys-create-delete>) by someone with
//! `iam.serviceAccountKeys.delete` on the service account (a project Owner, Service
//! Account Key Admin); deleting a key does not revoke the short-lived access tokens
//! already issued with it
//! (<https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts.keys/delete>):
//! a manual action.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::Signer;
use rsa::RsaPrivateKey;
use serde_json::Value;
use sha2::Sha256;

use super::http::Reply;
use super::{
    base_url, json_body, text, Description, Http, Identity, ManualAction, Provider, ProviderSyntax,
    Revoked, Verdict,
};
use crate::error::Result;
use crate::finding::Secret;

const ID: &str = "google-service-account";
const ENV: &str = "LEAKSCAN_GOOGLE_SERVICE_ACCOUNT_API_URL";
const DEFAULT: &str = "https://oauth2.googleapis.com";
const CONSOLE: &str = "https://console.cloud.google.com/iam-admin/serviceaccounts";
/// The `aud` claim: always Google's token endpoint, whatever base is configured.
const AUDIENCE: &str = "https://oauth2.googleapis.com/token";
/// A read-only scope: the token asked for could only read.
const SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform.read-only";
const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// Seconds between `iat` and `exp`.
const LIFETIME: u64 = 300;
/// `invalid_grant` descriptions (lowercase) that mean the key is dead.
const DEAD: &[&str] = &["invalid jwt signature", "account not found"];
const NO_EMAIL: &str = "the client_email was not found beside the key";

/// The Google Cloud service account provider.
#[derive(Debug)]
pub struct GoogleServiceAccount {
    base: String,
}

impl GoogleServiceAccount {
    /// From settings; `LEAKSCAN_GOOGLE_SERVICE_ACCOUNT_API_URL` wins over the file.
    pub fn new(settings: &ProviderSyntax) -> Result<GoogleServiceAccount> {
        Ok(GoogleServiceAccount {
            base: base_url(ID, ENV, settings.api_url.as_ref(), DEFAULT)?,
        })
    }
}

/// The PEM text of a key as the rule found it, a JSON string's content: its
/// escapes (`\n`, `\/`, `\u003d`) undone. Text that is not a JSON string's content
/// (real line breaks in it) is taken as it is, with `\n` escapes undone.
fn unescape(raw: &str) -> String {
    serde_json::from_str::<String>(&format!("\"{raw}\""))
        .unwrap_or_else(|_| raw.replace("\\r", "").replace("\\n", "\n"))
}

/// An RSA private key in PKCS #8 PEM (`BEGIN PRIVATE KEY`, as Google's key files
/// hold it): strict RFC 7468 first, then leniently (other line widths, stray
/// whitespace), by decoding the base64 between the boundaries.
fn private_key(pem: &str) -> Option<RsaPrivateKey> {
    RsaPrivateKey::from_pkcs8_pem(pem)
        .ok()
        .or_else(|| RsaPrivateKey::from_pkcs8_der(&pem_body(pem)?).ok())
}

/// The base64-decoded body of the first PEM block in `pem`.
fn pem_body(pem: &str) -> Option<Vec<u8>> {
    const BEGIN: &str = "-----BEGIN ";
    const DASHES: &str = "-----";
    let after = pem.get(pem.find(BEGIN)? + BEGIN.len()..)?;
    let rest = after.get(after.find(DASHES)? + DASHES.len()..)?;
    let body: String = rest
        .get(..rest.find("-----END ")?)?
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    STANDARD.decode(body).ok()
}

/// The service account's email from the rule's parts, if it looks like one.
fn email_part(parts: &[(String, Secret)]) -> Option<String> {
    parts
        .iter()
        .filter(|(name, _)| name == "email" || name == "email2")
        .map(|(_, value)| value.to_text())
        .find(|e| valid_email(e))
}

fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    (1..=64).contains(&local.len())
        && (3..=253).contains(&domain.len())
        && domain.contains('.')
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-'))
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
}

/// The project a service account belongs to, from its email:
/// `NAME@PROJECT.iam.gserviceaccount.com`, or App Engine's default
/// `PROJECT@appspot.gserviceaccount.com`.
fn project(email: &str) -> Option<String> {
    let (local, domain) = email.split_once('@')?;
    let project = match domain.strip_suffix(".iam.gserviceaccount.com") {
        Some(p) => p,
        None if domain == "appspot.gserviceaccount.com" => local,
        None => return None,
    };
    (!project.is_empty()).then(|| project.to_string())
}

/// The signed JWT asking for an access token for `email`, issued at `now`.
fn assertion(key: RsaPrivateKey, email: &str, now: u64) -> Option<String> {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let claims = serde_json::json!({
        "iss": email,
        "scope": SCOPE,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + LIFETIME,
    });
    let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
    let input = format!("{header}.{claims}");
    let signature = SigningKey::<Sha256>::new(key)
        .try_sign(input.as_bytes())
        .ok()?;
    let bytes: Box<[u8]> = signature.into();
    Some(format!("{input}.{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// Whether an `invalid_grant` description says the key is dead.
fn dead(description: &str) -> bool {
    let lower = description.to_ascii_lowercase();
    DEAD.iter().any(|d| lower.contains(d))
}

/// A server's error description for a reason: one line, at most 160 characters.
fn short(description: &str) -> String {
    let one_line: String = description
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(160)
        .collect();
    one_line.trim().to_string()
}

/// The verdict on the token endpoint's answer. The body (which holds the access
/// token on success) is only read here, and nothing of it but the error fields
/// goes into the verdict.
fn classify(status: u16, body: Option<&Value>, email: &str) -> Verdict {
    let error = body.and_then(|b| text(b, "error"));
    let description = body
        .and_then(|b| text(b, "error_description"))
        .unwrap_or_default();
    let token = body
        .and_then(|b| b.get("access_token"))
        .and_then(Value::as_str)
        .is_some_and(|t| !t.is_empty());
    match status {
        200 if token => Verdict::live(Identity {
            user: Some(email.to_string()),
            team: project(email),
            ..Identity::default()
        }),
        200 if body.is_none() => Verdict::unknown(Some(200), "response is not JSON"),
        200 => Verdict::unknown(Some(200), "answer has no access_token"),
        400 if error.as_deref() == Some("invalid_grant") && dead(&description) => {
            Verdict::invalid(400)
        }
        s => Verdict::unknown(
            Some(s),
            match (error, short(&description)) {
                (Some(e), d) if !d.is_empty() => format!("HTTP {s} {e}: {d}"),
                (Some(e), _) => format!("HTTP {s} {e}"),
                (None, _) => format!("HTTP {s}"),
            },
        ),
    }
}

impl Provider for GoogleServiceAccount {
    fn id(&self) -> &'static str {
        ID
    }

    /// Without the `client_email` nothing can be asked: the JWT names the account.
    fn verify(&self, _http: &Http, _secret: &Secret) -> Verdict {
        Verdict::unknown(None, NO_EMAIL)
    }

    fn verify_parts(&self, http: &Http, secret: &Secret, parts: &[(String, Secret)]) -> Verdict {
        let Some(email) = email_part(parts) else {
            return Verdict::unknown(None, NO_EMAIL);
        };
        let Some(key) = private_key(&unescape(&secret.to_text())) else {
            return Verdict::unknown(None, "the private key is not an RSA key in PKCS #8 PEM");
        };
        let Ok(now) = SystemTime::now().duration_since(UNIX_EPOCH) else {
            return Verdict::unknown(None, "the system clock is before 1970");
        };
        let Some(jwt) = assertion(key, &email, now.as_secs()) else {
            return Verdict::unknown(None, "could not sign the token request");
        };
        let url = format!("{}/token", self.base);
        let build = || {
            http.client()
                .post(&url)
                .form(&[("grant_type", GRANT_TYPE), ("assertion", jwt.as_str())])
        };
        let resp = match http.send(&build, false) {
            Reply::Response(r) => r,
            Reply::Failed(e) => return Verdict::unknown(None, e),
        };
        let status = resp.status().as_u16();
        let body = json_body(resp);
        classify(status, body.as_ref(), &email)
    }

    fn revoke(
        &self,
        _http: &Http,
        _secret: &Secret,
        identity: Option<&Identity>,
    ) -> Result<Revoked> {
        let email = identity.and_then(|i| i.user.clone());
        let account = email.as_deref().map_or_else(
            || "the service account the key file names (its client_email)".to_string(),
            |e| format!("service account {e}"),
        );
        let project = identity
            .and_then(|i| i.team.as_deref())
            .map(|p| format!(" in project {p}"))
            .unwrap_or_default();
        let cli = email
            .as_deref()
            .map(|e| {
                format!(" (or `gcloud iam service-accounts keys delete KEY_ID --iam-account={e}`)")
            })
            .unwrap_or_default();
        Ok(Revoked::Manual(ManualAction {
            console_url: CONSOLE.into(),
            instructions: format!(
                "A project Owner, or someone with Service Account Key Admin (roles/iam.serviceAccountKeyAdmin, which grants iam.serviceAccountKeys.delete), opens {account}{project} in the Google Cloud console (IAM & Admin → Service accounts), goes to its Keys tab, finds the key whose id is the key file's private_key_id, and deletes it{cli} (disabling it stops it as well and can be undone, if what still uses it must be found first). Access tokens already issued with the key stay valid until they expire (up to an hour). Then: replace the key wherever it was deployed, preferably not with another key but with workload identity federation or a service account attached to the workload; if a key is unavoidable, create a new one and keep it in a secret manager; review Cloud Audit Logs for what the service account did while the key was exposed (entries made with a key name it in authenticationInfo.serviceAccountKeyName), and consider the organization policy constraint iam.disableServiceAccountKeyCreation."
            ),
        }))
    }

    fn revoke_method(&self) -> String {
        format!("manual: delete the key on the service account's Keys tab ({CONSOLE}); a project Owner or Service Account Key Admin deletes it through IAM, not the key itself")
    }

    fn describe(&self) -> Description {
        Description {
            id: ID,
            name: "Google Cloud service accounts",
            env: ENV.into(),
            default_api_url: DEFAULT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::{GlobalFilters, Matcher};
    use crate::rule::{builtin, Rule, RuleSet};

    /// The secret and parts of every `google.service-account-key` match in `text`.
    fn found(text: &str) -> Vec<(String, Vec<(String, String)>)> {
        let rules: Vec<Rule> = builtin::syntax()
            .expect("built-in rules")
            .into_iter()
            .filter(|(r, _)| r.id == "google.service-account-key")
            .map(|(r, origin)| Rule::compile(r, origin).expect("compiles"))
            .collect();
        let matcher = Matcher::new(RuleSet::from_rules(rules), GlobalFilters::default())
            .expect("matcher")
            .with_decode_depth(0);
        matcher
            .find("sa.json", text.as_bytes())
            .into_iter()
            .map(|m| {
                let parts: Vec<(String, String)> = m
                    .parts
                    .into_iter()
                    .map(|(n, v)| (n, String::from_utf8_lossy(&v).into_owned()))
                    .collect();
                (m.secret.to_text(), parts)
            })
            .collect()
    }

    const PEM: &str = "-----BEGIN PRIVATE KEY-----\\nMIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQ0bH3rCEwx+eIuK\\noglC84UvvNXFxW+Y5XnIY0i2AlgG8IfTbe4Cu+35+WL9T5rMBF3luh4zMCChSvoI\\n-----END PRIVATE KEY-----\\n";

    #[test]
    fn the_email_is_captured_after_or_before_the_key() {
        let after = format!(
            "{{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme-ml-4410\",\n  \"private_key\": \"{PEM}\",\n  \"client_email\": \"trainer@acme-ml-4410.iam.gserviceaccount.com\",\n  \"token_uri\": \"https://oauth2.googleapis.com/token\"\n}}\n"
        );
        assert_eq!(
            found(&after),
            vec![(
                PEM.to_string(),
                vec![(
                    "email".to_string(),
                    "trainer@acme-ml-4410.iam.gserviceaccount.com".to_string()
                )]
            )]
        );
        let before = format!(
            "{{\n  \"client_email\": \"trainer@acme-ml-4410.iam.gserviceaccount.com\",\n  \"client_id\": \"104883290715562203381\",\n  \"private_key\": \"{PEM}\",\n  \"type\": \"service_account\"\n}}\n"
        );
        assert_eq!(
            found(&before),
            vec![(
                PEM.to_string(),
                vec![(
                    "email2".to_string(),
                    "trainer@acme-ml-4410.iam.gserviceaccount.com".to_string()
                )]
            )]
        );
        // No email in the object: the key alone. Another object's email is not
        // taken.
        let alone = format!(
            "[{{\"type\": \"service_account\", \"private_key\": \"{PEM}\"}},\n {{\"client_email\": \"other@acme-ml-4410.iam.gserviceaccount.com\"}}]\n"
        );
        assert_eq!(found(&alone), vec![(PEM.to_string(), Vec::new())]);
    }

    #[test]
    fn pem_escapes_are_undone() {
        assert_eq!(
            unescape("-----BEGIN PRIVATE KEY-----\\nAB\\/C=\\n-----END PRIVATE KEY-----\\n"),
            "-----BEGIN PRIVATE KEY-----\nAB/C=\n-----END PRIVATE KEY-----\n"
        );
        assert_eq!(unescape("a\nb\\nc"), "a\nb\nc");
        assert_eq!(
            pem_body("-----BEGIN PRIVATE KEY-----\r\nAAEC\r\nAw==\r\n-----END PRIVATE KEY-----"),
            Some(vec![0, 1, 2, 3])
        );
        assert!(private_key(&unescape(PEM)).is_none(), "not a real key");
    }

    #[test]
    fn emails_and_projects() {
        let part = |n: &str, v: &str| (n.to_string(), Secret::new(v.as_bytes().to_vec()));
        assert_eq!(
            email_part(&[part("email2", "ci@acme-ci.iam.gserviceaccount.com")]).as_deref(),
            Some("ci@acme-ci.iam.gserviceaccount.com")
        );
        assert_eq!(email_part(&[part("email", "not an email")]), None);
        assert_eq!(email_part(&[]), None);
        assert_eq!(
            project("ci@acme-ci.iam.gserviceaccount.com").as_deref(),
            Some("acme-ci")
        );
        assert_eq!(
            project("acme-web@appspot.gserviceaccount.com").as_deref(),
            Some("acme-web")
        );
        assert_eq!(project("123-compute@developer.gserviceaccount.com"), None);
    }

    #[test]
    fn answers_are_classified() {
        let email = "ci@acme-ci.iam.gserviceaccount.com";
        let ok = serde_json::json!({"access_token": "ya29.c.emulated", "expires_in": 3599, "token_type": "Bearer"});
        let v = classify(200, Some(&ok), email);
        assert_eq!(v.status, crate::outcome::Status::Live);
        let who = v.identity.expect("identity");
        assert_eq!(
            (who.user.as_deref(), who.team.as_deref()),
            (Some(email), Some("acme-ci"))
        );
        assert!(
            !format!("{who:?}").contains("ya29"),
            "the token is not kept"
        );
        let grant = |d: &str| serde_json::json!({"error": "invalid_grant", "error_description": d});
        for gone in ["Invalid JWT Signature.", "Invalid grant: account not found"] {
            assert_eq!(
                classify(400, Some(&grant(gone)), email).status,
                crate::outcome::Status::Invalid,
                "{gone}"
            );
        }
        let skew = classify(
            400,
            Some(&grant(
                "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.",
            )),
            email,
        );
        assert_eq!(skew.status, crate::outcome::Status::Unknown);
        assert!(skew.reason.unwrap_or_default().contains("short-lived"));
        let client = serde_json::json!({"error": "invalid_client", "error_description": "The OAuth client was not found."});
        for (status, body) in [
            (401, Some(&client)),
            (400, Some(&serde_json::json!({"error": "disabled_client"}))),
            (403, None),
            (503, None),
            (200, Some(&serde_json::json!({"token_type": "Bearer"}))),
            (200, None),
        ] {
            assert_eq!(
                classify(status, body, email).status,
                crate::outcome::Status::Unknown,
                "{status} {body:?}"
            );
        }
    }

    #[test]
    fn without_the_email_nothing_is_sent() {
        let p = GoogleServiceAccount {
            base: "http://127.0.0.1:9".into(),
        };
        let http = Http::new(std::time::Duration::from_secs(1)).expect("client");
        let key = Secret::new(PEM.as_bytes().to_vec());
        for v in [p.verify(&http, &key), p.verify_parts(&http, &key, &[])] {
            assert_eq!(v.status, crate::outcome::Status::Unknown);
            assert_eq!(v.reason.as_deref(), Some(NO_EMAIL));
            assert_eq!(v.http_status, None);
        }
    }
}
