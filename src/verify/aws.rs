//! AWS access keys: an access key id and its secret access key, found together by
//! `aws.secret-access-key-pair` (the secret is the id, a separator and the key).
//!
//! Verify: STS `GetCallerIdentity` (<https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html>),
//! which needs no permission, signed with Signature Version 4 by the `aws-sigv4`
//! crate (region `us-east-1`, service `sts`): 200 → live (account, ARN, user id);
//! 403 with `InvalidClientTokenId` or `SignatureDoesNotMatch` → invalid (no such key,
//! or the secret does not belong to it); anything else → unknown. Temporary `ASIA…`
//! keys need their session token, which a pair does not carry: unknown, never
//! "invalid".
//!
//! Revoke: IAM `UpdateAccessKey` with `Status=Inactive` and no `UserName`, which IAM
//! applies to the user that signs the request, so the key deactivates itself
//! (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html>).
//! That needs `iam:UpdateAccessKey` on the key's own user; when its policy does not
//! allow it (403 `AccessDenied`), leakscan says so and names the console page.
//! Base URL: `LEAKSCAN_AWS_API_URL` (both STS and IAM), `[providers.aws] api_url`,
//! else `https://sts.amazonaws.com` and `https://iam.amazonaws.com`.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use reqwest::blocking::RequestBuilder;

use super::http::{check_base_url, secret_header, Reply};
use super::{Description, Http, Identity, Provider, ProviderSyntax, Revoked, Verdict};
use crate::error::{Error, Result};
use crate::finding::Secret;

const STS: &str = "https://sts.amazonaws.com";
const IAM: &str = "https://iam.amazonaws.com";
const ENV: &str = "LEAKSCAN_AWS_API_URL";
const CONSOLE: &str = "https://console.aws.amazon.com/iam/home#/users";
const VERIFY_BODY: &str = "Action=GetCallerIdentity&Version=2011-06-15";

/// The AWS provider.
#[derive(Debug)]
pub struct Aws {
    sts: String,
    iam: String,
}

/// An access key id and its secret, cut from the pair rule's secret.
struct Pair {
    id: String,
    secret: String,
}

impl Pair {
    /// The id is the first 20 characters (`AKIA`/`ASIA` + 16), the secret the last
    /// 40; what lies between is the separator the pair was written with.
    fn parse(secret: &Secret) -> Option<Pair> {
        let text = secret.to_text();
        let id = text.get(..20)?;
        let key = text.get(text.len().checked_sub(40)?..)?;
        let id_ok = (id.starts_with("AKIA") || id.starts_with("ASIA"))
            && id
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        let key_ok = key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'+');
        (id_ok && key_ok && text.len() >= 60).then(|| Pair {
            id: id.to_string(),
            secret: key.to_string(),
        })
    }
}

impl Aws {
    /// From settings; `LEAKSCAN_AWS_API_URL` wins over the file and serves both STS
    /// and IAM.
    pub fn new(settings: &ProviderSyntax) -> Result<Aws> {
        let from_env = std::env::var(ENV).ok().filter(|v| !v.is_empty());
        let label = if from_env.is_some() {
            ENV
        } else {
            "[providers.aws] api_url"
        };
        let configured = from_env.or_else(|| settings.api_url.clone());
        Ok(match configured {
            Some(url) => {
                let base = check_base_url(label, &url)?;
                Aws {
                    sts: base.clone(),
                    iam: base,
                }
            }
            None => Aws {
                sts: STS.into(),
                iam: IAM.into(),
            },
        })
    }

    /// A POST of a Query API form, signed with SigV4 for `service`.
    fn signed(
        http: &Http,
        base: &str,
        service: &str,
        form: &str,
        pair: &Pair,
    ) -> Option<RequestBuilder> {
        let url = format!("{base}/");
        let parsed = reqwest::Url::parse(&url).ok()?;
        let host = match parsed.port() {
            Some(port) => format!("{}:{port}", parsed.host_str()?),
            None => parsed.host_str()?.to_string(),
        };
        let content_type = "application/x-www-form-urlencoded; charset=utf-8";
        let identity = Credentials::new(&pair.id, &pair.secret, None, None, "leakscan").into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name(service)
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .ok()?
            .into();
        let headers = [("host", host.as_str()), ("content-type", content_type)];
        let signable = SignableRequest::new(
            "POST",
            url.as_str(),
            headers.into_iter(),
            SignableBody::Bytes(form.as_bytes()),
        )
        .ok()?;
        let (instructions, _) = sign(signable, &params).ok()?.into_parts();
        let mut b = http
            .client()
            .post(&url)
            .header("Content-Type", content_type)
            .body(form.to_string());
        for (name, value) in instructions.headers() {
            b = b.header(name, secret_header(value.as_bytes())?);
        }
        Some(b)
    }

    fn send(
        http: &Http,
        base: &str,
        service: &str,
        form: &str,
        pair: &Pair,
        mutating: bool,
    ) -> Reply {
        if Self::signed(http, base, service, form, pair).is_none() {
            return Reply::Failed("could not sign the request".into());
        }
        let build = || {
            Self::signed(http, base, service, form, pair)
                .unwrap_or_else(|| http.client().post("http://0.0.0.0:0/"))
        };
        http.send(&build, mutating)
    }
}

/// The text of the first `<tag>…</tag>` in an XML answer.
fn tag(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some(xml[start..end].trim().to_string()).filter(|s| !s.is_empty())
}

impl Provider for Aws {
    fn id(&self) -> &'static str {
        "aws"
    }

    fn verify(&self, http: &Http, secret: &Secret) -> Verdict {
        let Some(pair) = Pair::parse(secret) else {
            return Verdict::unknown(None, "not an access key id and secret pair");
        };
        if pair.id.starts_with("ASIA") {
            return Verdict::unknown(
                None,
                "a temporary (ASIA) key needs its session token, which was not found with it",
            );
        }
        let resp = match Self::send(http, &self.sts, "sts", VERIFY_BODY, &pair, false) {
            Reply::Response(r) => r,
            Reply::Failed(e) => return Verdict::unknown(None, e),
        };
        let status = resp.status().as_u16();
        let body = resp.text().unwrap_or_default();
        match status {
            200 => match tag(&body, "Arn") {
                Some(arn) => Verdict::live(Identity {
                    user_id: tag(&body, "UserId"),
                    team_id: tag(&body, "Account"),
                    user: Some(arn),
                    ..Identity::default()
                }),
                None => Verdict::unknown(Some(200), "answer has no Arn"),
            },
            403 if matches!(
                tag(&body, "Code").as_deref(),
                Some("InvalidClientTokenId" | "SignatureDoesNotMatch")
            ) =>
            {
                Verdict::invalid(403)
            }
            s => Verdict::unknown(
                Some(s),
                match tag(&body, "Code") {
                    Some(code) => format!("HTTP {s} {code}"),
                    None => format!("HTTP {s}"),
                },
            ),
        }
    }

    fn revoke(
        &self,
        http: &Http,
        secret: &Secret,
        _identity: Option<&Identity>,
    ) -> Result<Revoked> {
        let pair = Pair::parse(secret)
            .ok_or_else(|| Error::http("aws", "not an access key id and secret pair"))?;
        let form = format!(
            "Action=UpdateAccessKey&AccessKeyId={}&Status=Inactive&Version=2010-05-08",
            pair.id
        );
        match Self::send(http, &self.iam, "iam", &form, &pair, true) {
            Reply::Response(r) if r.status().as_u16() == 200 => Ok(Revoked::Sent(200)),
            Reply::Response(r) => {
                let status = r.status().as_u16();
                let code = tag(&r.text().unwrap_or_default(), "Code");
                Err(Error::http(
                    "aws",
                    if code.as_deref() == Some("AccessDenied") {
                        format!(
                            "the key's own policy does not allow iam:UpdateAccessKey, so it cannot deactivate itself: an IAM administrator must deactivate access key {} at {CONSOLE} (the user's Security credentials tab)",
                            pair.id
                        )
                    } else {
                        format!(
                            "UpdateAccessKey answered HTTP {status}{}",
                            code.map(|c| format!(" {c}")).unwrap_or_default()
                        )
                    },
                ))
            }
            Reply::Failed(e) => Err(Error::http("aws", e)),
        }
    }

    fn revoke_method(&self) -> String {
        format!(
            "POST {}/ Action=UpdateAccessKey Status=Inactive (IAM, signed by the key itself; needs iam:UpdateAccessKey on its own user)",
            self.iam
        )
    }

    fn revokes_by_api(&self) -> bool {
        true
    }

    fn describe(&self) -> Description {
        Description {
            id: "aws",
            name: "Amazon Web Services",
            env: ENV.into(),
            default_api_url: STS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_parse_from_the_rule_secret() {
        let s =
            Secret::new(b"AKIA6SNPN52NISTFG4PL,eeiiMlZJovPuzxDMJ0aicnP9NEfraRv6ii5rsS0Q".to_vec());
        let p = Pair::parse(&s).expect("pair");
        assert_eq!(p.id, "AKIA6SNPN52NISTFG4PL");
        assert_eq!(p.secret, "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");
        assert!(Pair::parse(&Secret::new(
            b"eeiiMlZJovPuzxDMJ0aicnP9NEfraRv6ii5rsS0Q".to_vec()
        ))
        .is_none());
    }

    #[test]
    fn xml_tags() {
        let xml = "<R><Error><Code>AccessDenied</Code></Error></R>";
        assert_eq!(tag(xml, "Code").as_deref(), Some("AccessDenied"));
        assert_eq!(tag(xml, "Arn"), None);
    }
}
