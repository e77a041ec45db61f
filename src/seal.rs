//! Sealed secrets: a shard's raw secrets, encrypted to the coordinator, so that
//! `leakscan merge` can verify and revoke each unique secret once for the whole
//! organisation (`scan --format shard --seal-to age1…`, `merge --identity FILE`).
//!
//! Owns the wire form of a sealed secret and both ends of it: [`Recipients`]
//! (parsed from the command line only, never from scanned content or a config
//! file in the scanned tree) seal a finding's secret and named parts; an
//! [`Identities`] file opens them again, and [`Identities::open`] accepts a secret
//! only if it hashes to the finding's fingerprint, so a shard cannot swap one
//! secret for another. It does not decide what is sealed (`lib`'s report step) or
//! what is done with an opened secret (`merge`, then `revoke::process`).
//!
//! The format is age (X25519 recipients only, no plugins, no passphrases), binary,
//! then standard base64. The plaintext is JSON: `{"secret": B64, "parts": [[NAME,
//! B64], …]}`, bytes as base64 so that a secret that is not UTF-8 survives.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};
use std::path::Path;

use age::x25519;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::finding::{Finding, Fingerprint, Secret};

/// The sealed secret of each finding, by fingerprint (which names rule and secret).
pub type Sealed = BTreeMap<Fingerprint, String>;

/// A secret and its named parts, as a merge gets them back.
pub type Opened = (Secret, Vec<(String, Secret)>);

/// `--seal-to`: the age X25519 recipients secrets are sealed to.
#[derive(Clone, Default)]
pub struct Recipients(Vec<x25519::Recipient>);

impl fmt::Debug for Recipients {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Public keys: nothing secret, but the count is all a log needs.
        write!(f, "Recipients({})", self.0.len())
    }
}

impl Recipients {
    /// Parse `age1…` recipients given on the command line.
    pub fn parse(texts: &[String]) -> Result<Recipients> {
        texts
            .iter()
            .map(|t| {
                t.trim().parse::<x25519::Recipient>().map_err(|_| {
                    Error::Usage(format!(
                        "--seal-to `{}`: not an age X25519 recipient (age1…, as `age-keygen -y` prints)",
                        crate::report::escape(t)
                    ))
                })
            })
            .collect::<Result<Vec<_>>>()
            .map(Recipients)
    }

    /// Whether there is no recipient (nothing is sealed).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Seal one finding's secret and parts to every recipient.
    pub fn seal(&self, f: &Finding) -> Result<String> {
        let b64 = base64::engine::general_purpose::STANDARD;
        let payload = Payload {
            secret: b64.encode(f.secret.expose()),
            parts: f
                .parts
                .iter()
                .map(|(n, s)| (n.clone(), b64.encode(s.expose())))
                .collect(),
        };
        let plain = serde_json::to_vec(&payload).map_err(|e| Error::Output(e.into()))?;
        let encryptor = age::Encryptor::with_recipients(self.0.iter().map(|r| r as _))
            .map_err(|e| Error::Usage(format!("--seal-to: {e}")))?;
        let mut sealed = Vec::with_capacity(plain.len() + 256);
        let mut writer = encryptor.wrap_output(&mut sealed).map_err(Error::Output)?;
        writer.write_all(&plain).map_err(Error::Output)?;
        writer.finish().map_err(Error::Output)?;
        Ok(b64.encode(sealed))
    }

    /// Seal every finding's secret (findings that hold none, read back from a
    /// report, are left out); nothing without recipients.
    pub fn seal_all(&self, findings: &[Finding]) -> Result<Sealed> {
        if self.is_empty() {
            return Ok(Sealed::new());
        }
        findings
            .iter()
            .filter(|f| !f.secret.expose().is_empty())
            .map(|f| Ok((f.fingerprint.clone(), self.seal(f)?)))
            .collect()
    }
}

/// `merge --identity FILE`: the age X25519 identities that open sealed secrets.
pub struct Identities(Vec<x25519::Identity>);

impl fmt::Debug for Identities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Identities({})", self.0.len())
    }
}

impl Identities {
    /// Read an age identity file: `AGE-SECRET-KEY-1…` lines, `#` comments and
    /// blank lines. A line that is not an identity is refused without echoing it
    /// (it may be a key with a typo).
    pub fn load(path: &Path) -> Result<Identities> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut ids = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let id = line.parse::<x25519::Identity>().map_err(|_| {
                Error::Usage(format!(
                    "--identity {}: line {}: not an age X25519 identity (AGE-SECRET-KEY-1…)",
                    path.display(),
                    i + 1
                ))
            })?;
            ids.push(id);
        }
        if ids.is_empty() {
            return Err(Error::Usage(format!(
                "--identity {}: holds no age identity (AGE-SECRET-KEY-1…)",
                path.display()
            )));
        }
        Ok(Identities(ids))
    }

    /// Open a sealed secret of the finding of `rule_id` and `fingerprint`: the
    /// secret and parts, if it decrypts and hashes to that fingerprint; else why
    /// not, in words that hold nothing of the secret.
    pub fn open(
        &self,
        sealed: &str,
        rule_id: &str,
        fingerprint: &Fingerprint,
    ) -> std::result::Result<Opened, String> {
        let b64 = base64::engine::general_purpose::STANDARD;
        let bytes = b64
            .decode(sealed.trim())
            .map_err(|_| "sealed secret is not base64".to_string())?;
        let decryptor = age::Decryptor::new_buffered(&bytes[..])
            .map_err(|e| format!("sealed secret cannot be read: {e}"))?;
        let mut reader = decryptor
            .decrypt(self.0.iter().map(|i| i as &dyn age::Identity))
            .map_err(|e| format!("sealed secret does not open with --identity: {e}"))?;
        let mut plain = Vec::new();
        reader
            .read_to_end(&mut plain)
            .map_err(|e| format!("sealed secret is damaged: {e}"))?;
        let payload: Payload = serde_json::from_slice(&plain)
            .map_err(|_| "sealed secret opens to something else than a secret".to_string())?;
        let decode = |s: &str| {
            b64.decode(s)
                .map_err(|_| "sealed secret opens to something else than a secret".to_string())
        };
        let secret = Secret::new(decode(&payload.secret)?);
        if &Fingerprint::new(rule_id, &secret) != fingerprint {
            return Err(
                "sealed secret does not match the finding's fingerprint (swapped or forged)".into(),
            );
        }
        let parts = payload
            .parts
            .into_iter()
            .map(|(n, v)| Ok((n, Secret::new(decode(&v)?))))
            .collect::<std::result::Result<Vec<_>, String>>()?;
        Ok((secret, parts))
    }
}

/// What is sealed.
#[derive(Serialize, Deserialize)]
struct Payload {
    /// The raw secret, base64.
    secret: String,
    /// The credential's other parts, by the rule's group name, base64.
    #[serde(default)]
    parts: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;

    fn finding(secret: &str) -> Finding {
        let secret = Secret::new(secret.as_bytes().to_vec());
        Finding {
            rule_id: "r.one".into(),
            rule_name: "R".into(),
            confidence: crate::rule::Confidence::High,
            fingerprint: Fingerprint::new("r.one", &secret),
            secret,
            locations: Vec::new(),
            timeline: None,
            verification: None,
            revocation: None,
            suppressed: None,
            parts: vec![("sid".into(), Secret::new(b"AC1".to_vec()))],
        }
    }

    fn identities(keys: &[&x25519::Identity]) -> Identities {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key.txt");
        let mut text = String::new();
        for k in keys {
            text.push_str("# created: now\n");
            text.push_str(k.to_string().expose_secret());
            text.push('\n');
        }
        std::fs::write(&path, text).unwrap();
        Identities::load(&path).unwrap()
    }

    #[test]
    fn sealed_secrets_open_only_with_the_identity_and_only_for_their_finding() {
        let key = x25519::Identity::generate();
        let other = x25519::Identity::generate();
        let recipients = Recipients::parse(&[key.to_public().to_string()]).unwrap();
        let f = finding("0123456789abcdef0123456789abcd");
        let sealed = recipients.seal(&f).unwrap();
        assert!(!sealed.contains("0123456789abcdef"));
        let (secret, parts) = identities(&[&key])
            .open(&sealed, "r.one", &f.fingerprint)
            .unwrap();
        assert_eq!(secret, f.secret);
        assert_eq!(parts, f.parts);
        assert!(identities(&[&other])
            .open(&sealed, "r.one", &f.fingerprint)
            .is_err());
        let g = finding("another secret entirely, 1234");
        let swapped = identities(&[&key])
            .open(&sealed, "r.one", &g.fingerprint)
            .unwrap_err();
        assert!(swapped.contains("fingerprint"), "{swapped}");
        let mut bytes = base64::engine::general_purpose::STANDARD
            .decode(&sealed)
            .unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let tampered = base64::engine::general_purpose::STANDARD.encode(bytes);
        assert!(identities(&[&key])
            .open(&tampered, "r.one", &f.fingerprint)
            .is_err());
    }

    #[test]
    fn recipients_and_identities_are_checked() {
        assert!(Recipients::parse(&["age1nope".into()]).is_err());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key.txt");
        std::fs::write(&path, "AGE-SECRET-KEY-1TYPO\n").unwrap();
        let err = Identities::load(&path).unwrap_err().to_string();
        assert!(err.contains("line 1") && !err.contains("TYPO"), "{err}");
    }
}
