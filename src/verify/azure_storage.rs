//! Azure Storage account keys, found with their account name by
//! `azure.storage-connection-string` (the secret runs from `AccountName=` to the end
//! of `AccountKey=…==`; a key found alone has no account to ask, so it is not
//! verified).
//!
//! Verify: List Containers, `GET /?comp=list&maxresults=1` on the account's Blob
//! endpoint (<https://learn.microsoft.com/en-us/rest/api/storageservices/list-containers2>,
//! <https://learn.microsoft.com/en-us/rest/api/storageservices/enumerating-blob-resources>):
//! read-only, at most one container name in the answer. Signed with Shared Key
//! (<https://learn.microsoft.com/en-us/rest/api/storageservices/authorize-with-shared-key>):
//! `Authorization: SharedKey {account}:{signature}`, the signature being base64 of
//! HMAC-SHA256, keyed with the base64-decoded account key, over the documented
//! string-to-sign: the verb, the eleven standard headers (all empty here: no body,
//! no `Date` because `x-ms-date` is sent), the `x-ms-*` headers as `name:value`
//! lines in order, and the canonicalized resource `/{account}/` followed by the
//! query parameters as `\nname:value`, names lowercase and sorted.
//! 200 with a container list → live (team = the account name); 403 with error code
//! `AuthenticationFailed` → invalid (the key is not, or no longer, one of the
//! account's keys); anything else → unknown, notably other 403 codes
//! (<https://learn.microsoft.com/en-us/rest/api/storageservices/common-rest-api-error-codes>):
//! a firewall's `AuthorizationFailure`, a disabled account, or an account that
//! refuses Shared Key, where the key may well be live.
//!
//! Trust: the host is built only from the account name, checked again here (3 to
//! 24 lowercase letters and digits), as `https://{account}.blob.core.windows.net`.
//! An `EndpointSuffix`, `BlobEndpoint` or any other text of the scanned content is
//! never used, so scanned content cannot choose where the key's signature is sent.
//! (Accounts in sovereign clouds, e.g. `core.chinacloudapi.cn`, are therefore asked
//! on the public cloud, where their name is unknown or someone else's: point the
//! variable below at their endpoint.)
//!
//! Base URL: `LEAKSCAN_AZURE_STORAGE_API_URL`, else `[providers.azure-storage]
//! api_url`; when set, every request goes to `{base}/?comp=list&maxresults=1` (one
//! base for all accounts, for tests and gateways; the account is named by the
//! `Authorization` header and signed in the canonicalized resource `/{account}/`,
//! exactly as for the public host). Unset: the account's own public host.
//!
//! Revoke: no data-plane API. An account key is regenerated only through the
//! management plane (portal, `az storage account keys renew`,
//! `New-AzStorageAccountKey`), with other credentials
//! (<https://learn.microsoft.com/en-us/azure/storage/common/storage-account-keys-manage>):
//! a manual action.

use std::time::SystemTime;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, PAD, STANDARD};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use reqwest::blocking::RequestBuilder;
use sha2::Sha256;

use super::http::{check_base_url, secret_header, Reply};
use super::{
    Description, Http, Identity, ManualAction, Provider, ProviderSyntax, Revoked, Verdict,
};
use crate::error::Result;
use crate::finding::Secret;

const ENV: &str = "LEAKSCAN_AZURE_STORAGE_API_URL";
const DEFAULT: &str = "https://blob.core.windows.net";
const CONSOLE: &str = "https://portal.azure.com/#view/HubsExtension/BrowseResource/resourceType/Microsoft.Storage%2FStorageAccounts";
/// The service version the request asks for (`x-ms-version`).
const VERSION: &str = "2021-08-06";
/// List Containers, at most one in the answer.
const QUERY: &str = "comp=list&maxresults=1";
/// The same query as the canonicalized resource lists it: names lowercase and
/// sorted, each parameter on a line of its own after the path.
const CANONICAL_QUERY: &str = "\ncomp:list\nmaxresults:1";
/// Decodes account keys as Azure's own clients do: a key whose last character
/// carries stray low bits still decodes to the same 64 bytes.
const KEY_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    PAD.with_decode_allow_trailing_bits(true),
);

/// The Azure Storage provider.
#[derive(Debug)]
pub struct AzureStorage {
    /// A configured base URL; `None`: each account's own public Blob host.
    base: Option<String>,
}

/// An account name and its key, cut from the connection-string rule's secret.
/// (No `Debug`: the key must not be printed.)
struct Account {
    name: String,
    /// The key as written (88 base64 characters).
    key: String,
}

impl Account {
    /// `AccountName=<name>;…AccountKey=<key>`: the name up to the first `;`, the
    /// key after the last `AccountKey=`. Names are 3 to 24 lowercase letters and
    /// digits; keys 86 base64 characters and `==` (64 bytes).
    fn parse(secret: &Secret) -> Option<Account> {
        const NAME: &str = "accountname=";
        const KEY: &str = "accountkey=";
        let text = secret.to_text();
        // ASCII lowercasing keeps every byte offset.
        let lower = text.to_ascii_lowercase();
        if !lower.starts_with(NAME) {
            return None;
        }
        let name = text.get(NAME.len()..)?.split(';').next()?;
        let name_ok = (3..=24).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        let key = text.get(lower.rfind(KEY)? + KEY.len()..)?;
        let body = key.strip_suffix("==")?;
        let key_ok = body.len() == 86
            && body
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
        (name_ok && key_ok).then(|| Account {
            name: name.to_string(),
            key: key.to_string(),
        })
    }
}

/// The documented string-to-sign of `GET /?comp=list&maxresults=1` with no body,
/// sent with `x-ms-date: {date}` and `x-ms-version`.
fn string_to_sign(account: &str, date: &str) -> String {
    // VERB, then Content-Encoding, Content-Language, Content-Length (empty, not 0,
    // for no body since version 2015-02-21), Content-MD5, Content-Type, Date,
    // If-Modified-Since, If-Match, If-None-Match, If-Unmodified-Since, Range: each
    // followed by a newline.
    let standard = "GET\n\n\n\n\n\n\n\n\n\n\n\n";
    // CanonicalizedHeaders: the x-ms-* headers, lowercase, sorted, `name:value\n`.
    let headers = format!("x-ms-date:{date}\nx-ms-version:{VERSION}\n");
    // CanonicalizedResource: `/{account}` + the path (`/`), then the query.
    format!("{standard}{headers}/{account}/{CANONICAL_QUERY}")
}

/// Base64 of HMAC-SHA256 of `text` under the decoded account key.
fn signature(key: &[u8], text: &str) -> Option<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(text.as_bytes());
    Some(STANDARD.encode(mac.finalize().into_bytes()))
}

/// The text of the first `<tag>…</tag>` in an XML answer.
fn tag(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some(xml[start..end].trim().to_string()).filter(|s| !s.is_empty())
}

impl AzureStorage {
    /// From settings; `LEAKSCAN_AZURE_STORAGE_API_URL` wins over the file.
    pub fn new(settings: &ProviderSyntax) -> Result<AzureStorage> {
        let from_env = std::env::var(ENV).ok().filter(|v| !v.is_empty());
        // Where the URL came from, for the error message.
        let label = if from_env.is_some() {
            ENV
        } else {
            "[providers.azure-storage] api_url"
        };
        let configured = from_env.or_else(|| settings.api_url.clone());
        Ok(AzureStorage {
            base: configured
                .map(|url| check_base_url(label, &url))
                .transpose()?,
        })
    }

    /// Where List Containers goes: the configured base, else the account's public
    /// Blob host, built from the (checked) account name alone.
    fn url(&self, account: &str) -> String {
        match &self.base {
            Some(base) => format!("{base}/?{QUERY}"),
            None => format!("https://{account}.blob.core.windows.net/?{QUERY}"),
        }
    }

    /// The signed request, dated now.
    fn signed(&self, http: &Http, account: &Account, key: &[u8]) -> Option<RequestBuilder> {
        let date = httpdate::fmt_http_date(SystemTime::now());
        let sig = signature(key, &string_to_sign(&account.name, &date))?;
        let auth = secret_header(format!("SharedKey {}:{sig}", account.name).as_bytes())?;
        Some(
            http.client()
                .get(self.url(&account.name))
                .header("x-ms-date", date)
                .header("x-ms-version", VERSION)
                .header("Authorization", auth),
        )
    }
}

impl Provider for AzureStorage {
    fn id(&self) -> &'static str {
        "azure-storage"
    }

    fn verify(&self, http: &Http, secret: &Secret) -> Verdict {
        let Some(account) = Account::parse(secret) else {
            return Verdict::unknown(None, "not a storage account name and account key");
        };
        let Ok(key) = KEY_BASE64.decode(&account.key) else {
            return Verdict::unknown(None, "the account key is not base64");
        };
        if self.signed(http, &account, &key).is_none() {
            return Verdict::unknown(None, "could not sign the request");
        }
        // Signed afresh for each attempt, so a retry carries a current x-ms-date.
        let build = || {
            self.signed(http, &account, &key)
                .unwrap_or_else(|| http.client().get("http://0.0.0.0:0/"))
        };
        let resp = match http.send(&build, false) {
            Reply::Response(r) => r,
            Reply::Failed(e) => return Verdict::unknown(None, e),
        };
        let status = resp.status().as_u16();
        let header_code = resp
            .headers()
            .get("x-ms-error-code")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp.text().unwrap_or_default();
        let code = header_code.or_else(|| tag(&body, "Code"));
        match status {
            200 if body.contains("<EnumerationResults") => Verdict::live(Identity {
                team: Some(account.name),
                ..Identity::default()
            }),
            200 => Verdict::unknown(Some(200), "answer is not a container list"),
            403 if code.as_deref() == Some("AuthenticationFailed") => Verdict::invalid(403),
            s => Verdict::unknown(
                Some(s),
                match code {
                    Some(code) => format!("HTTP {s} {code}"),
                    None => format!("HTTP {s}"),
                },
            ),
        }
    }

    fn revoke(
        &self,
        _http: &Http,
        secret: &Secret,
        identity: Option<&Identity>,
    ) -> Result<Revoked> {
        let name = Account::parse(secret)
            .map(|a| a.name)
            .or_else(|| identity.and_then(|i| i.team.clone()));
        let account = name.as_deref().map_or_else(
            || "the storage account".to_string(),
            |n| format!("storage account {n}"),
        );
        let cli = name
            .as_deref()
            .map(|n| format!(" (or `az storage account keys renew --account-name {n} --resource-group <group> --key key1|key2`)"))
            .unwrap_or_default();
        Ok(Revoked::Manual(ManualAction {
            console_url: CONSOLE.into(),
            instructions: format!(
                "Someone with Owner or Contributor on {account} (or a role that grants Microsoft.Storage/storageAccounts/regenerateKey/action) opens it in the Azure portal, Security + networking → Access keys, finds which of key1 and key2 leaked (Show), first moves every application that must keep working to the other key, then regenerates the leaked one{cli}. Then: update every app setting, Key Vault secret, CI secret and connection string that held the old key; service and account SAS tokens signed with the old key stop working and must be issued again (user delegation SAS are not affected); review the account's logs for access while the key was exposed, and consider disallowing Shared Key authorization where clients can use Microsoft Entra ID."
            ),
        }))
    }

    fn revoke_method(&self) -> String {
        format!("manual: regenerate the key in the portal ({CONSOLE}); an account key is regenerated only through the management plane, with other credentials")
    }

    fn describe(&self) -> Description {
        Description {
            id: "azure-storage",
            name: "Azure Storage",
            env: ENV.into(),
            default_api_url: DEFAULT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "Jrkw43POX8tcfM39McpJu4FEKjbAqciu/dJC8/EE4YvJRXN8mQ5vWMQcA6fLps/k/0xSQlhATpamoLkWIfDPcQ==";

    fn parse(s: &str) -> Option<Account> {
        Account::parse(&Secret::new(s.as_bytes().to_vec()))
    }

    #[test]
    fn accounts_parse_from_the_rule_secret() {
        let a = parse(&format!("AccountName=acmeledger;AccountKey={KEY}")).expect("account");
        assert_eq!((a.name.as_str(), a.key.as_str()), ("acmeledger", KEY));
        let a = parse(&format!(
            "accountname=acme01; EndpointSuffix=evil.invalid; AccountKey={KEY}"
        ))
        .expect("account");
        assert_eq!((a.name.as_str(), a.key.as_str()), ("acme01", KEY));
        for bad in [
            format!("AccountName=Acme;AccountKey={KEY}"),
            format!("AccountName=ab;AccountKey={KEY}"),
            format!("AccountName=acme.evil.invalid;AccountKey={KEY}"),
            format!("AccountName=acme;AccountKey={}", &KEY[4..]),
            KEY.to_string(),
        ] {
            assert!(parse(&bad).is_none(), "{bad}");
        }
    }

    /// The string-to-sign and signature of a fixed request, computed independently
    /// from the documentation (Python's hmac and base64).
    #[test]
    fn shared_key_signature() {
        let date = "Mon, 02 Jun 2025 10:00:00 GMT";
        let text = string_to_sign("acmeledger", date);
        assert_eq!(
            text,
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Mon, 02 Jun 2025 10:00:00 GMT\nx-ms-version:2021-08-06\n/acmeledger/\ncomp:list\nmaxresults:1"
        );
        let key = KEY_BASE64.decode(KEY).expect("base64");
        assert_eq!(key.len(), 64);
        assert_eq!(
            signature(&key, &text).as_deref(),
            Some("nWskDGWEN6Z4yBAxeh6BUVQfUMq4Z7aJsDS2H61vUWI=")
        );
    }

    /// The host comes from the account name alone, whatever else the secret holds.
    #[test]
    fn the_host_is_the_account_name_under_blob_core_windows_net() {
        let p = AzureStorage { base: None };
        let a = parse(&format!(
            "AccountName=acmeledger;EndpointSuffix=evil.invalid;BlobEndpoint=https://evil.invalid/;AccountKey={KEY}"
        ))
        .expect("account");
        assert_eq!(
            p.url(&a.name),
            "https://acmeledger.blob.core.windows.net/?comp=list&maxresults=1"
        );
        let p = AzureStorage {
            base: Some("http://127.0.0.1:9".into()),
        };
        assert_eq!(p.url(&a.name), "http://127.0.0.1:9/?comp=list&maxresults=1");
    }

    #[test]
    fn xml_codes() {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>no</Message></Error>";
        assert_eq!(tag(xml, "Code").as_deref(), Some("AuthenticationFailed"));
        assert_eq!(tag(xml, "Name"), None);
    }
}
