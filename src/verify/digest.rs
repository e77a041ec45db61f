//! HTTP Digest access authentication (RFC 7616), as MongoDB Atlas' programmatic API
//! keys use it: the server's `WWW-Authenticate: Digest …` challenge, answered with
//! `Authorization: Digest …` for one request. MD5 and SHA-256, `qop=auth` or none;
//! the password never leaves the machine, only a hash of it and the nonce.

use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};

use md5::Md5;
use sha2::{Digest as _, Sha256};

/// A Digest challenge from a `WWW-Authenticate` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    /// `qop="auth"` offered (else the RFC 2069 form).
    qop_auth: bool,
    sha256: bool,
}

impl Challenge {
    /// The Digest challenge in a `WWW-Authenticate` value, if there is one this
    /// client can answer (MD5 or SHA-256; `auth` quality of protection or none).
    pub fn parse(header: &str) -> Option<Challenge> {
        let at = header.to_ascii_lowercase().find("digest ")?;
        let params = params(&header[at + 7..]);
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let sha256 = match get("algorithm").as_deref().map(str::to_ascii_uppercase) {
            None => false,
            Some(a) if a == "MD5" => false,
            Some(a) if a == "SHA-256" => true,
            Some(_) => return None,
        };
        let qop_auth = match get("qop") {
            None => false,
            Some(q) if q.split(',').any(|q| q.trim().eq_ignore_ascii_case("auth")) => true,
            Some(_) => return None,
        };
        Some(Challenge {
            realm: get("realm")?,
            nonce: get("nonce")?,
            opaque: get("opaque"),
            qop_auth,
            sha256,
        })
    }

    /// The `Authorization` value for `method` on `uri` (path and query) as
    /// `user` with `password`; `cnonce` is the client's nonce.
    pub fn authorization(
        &self,
        method: &str,
        uri: &str,
        user: &str,
        password: &[u8],
        cnonce: &str,
    ) -> String {
        let hash = |parts: &[&[u8]]| -> String {
            let joined = parts.join(&b":"[..]);
            if self.sha256 {
                crate::finding::hex(&Sha256::digest(&joined))
            } else {
                crate::finding::hex(&Md5::digest(&joined))
            }
        };
        let ha1 = hash(&[user.as_bytes(), self.realm.as_bytes(), password]);
        let ha2 = hash(&[method.as_bytes(), uri.as_bytes()]);
        let nc = "00000001";
        let response = if self.qop_auth {
            hash(&[
                ha1.as_bytes(),
                self.nonce.as_bytes(),
                nc.as_bytes(),
                cnonce.as_bytes(),
                b"auth",
                ha2.as_bytes(),
            ])
        } else {
            hash(&[ha1.as_bytes(), self.nonce.as_bytes(), ha2.as_bytes()])
        };
        let mut out = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", algorithm={}, response=\"{response}\"",
            quote(user),
            quote(&self.realm),
            quote(&self.nonce),
            quote(uri),
            if self.sha256 { "SHA-256" } else { "MD5" },
        );
        if self.qop_auth {
            let _ = write!(out, ", qop=auth, nc={nc}, cnonce=\"{}\"", quote(cnonce));
        }
        if let Some(opaque) = &self.opaque {
            let _ = write!(out, ", opaque=\"{}\"", quote(opaque));
        }
        out
    }
}

/// A fresh client nonce: 16 hex digits from the process's random hash keys and the
/// time (it only has to differ between requests; RFC 7616 §3.4).
pub fn cnonce() -> String {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    h.write_u128(now);
    format!("{:016x}", h.finish())
}

/// `k=v, k="v, with commas"` pairs.
fn params(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim().trim_start_matches(',').trim().to_string();
        rest = rest[eq + 1..].trim_start();
        let value;
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut v = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, n)) = chars.next() {
                            v.push(n);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => v.push(c),
                }
            }
            value = v;
            rest = &quoted[end.min(quoted.len())..];
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            value = rest[..end].trim().to_string();
            rest = &rest[end..];
        }
        out.push((key, value));
        rest = rest.trim_start().trim_start_matches(',').trim_start();
    }
    out
}

fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(header: &str) -> String {
        let at = header.find("response=\"").expect("response") + 10;
        header[at..at + header[at..].find('"').expect("end")].to_string()
    }

    /// RFC 7616 §3.9.1: the same request answered with MD5 and with SHA-256.
    #[test]
    fn rfc7616_examples() {
        let challenge = |alg: &str| {
            format!(
                "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm={alg}, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""
            )
        };
        let cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        let md5 = Challenge::parse(&challenge("MD5")).expect("MD5 challenge");
        let h = md5.authorization(
            "GET",
            "/dir/index.html",
            "Mufasa",
            b"Circle of Life",
            cnonce,
        );
        assert_eq!(response(&h), "8ca523f5e9506fed4657c9700eebdbec");
        assert!(h.contains("opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""));
        assert!(h.contains("qop=auth, nc=00000001"));
        let sha = Challenge::parse(&challenge("SHA-256")).expect("SHA-256 challenge");
        let h = sha.authorization(
            "GET",
            "/dir/index.html",
            "Mufasa",
            b"Circle of Life",
            cnonce,
        );
        assert_eq!(
            response(&h),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
        );
    }

    /// RFC 2617 §3.5 (MD5, `qop=auth`).
    #[test]
    fn rfc2617_example() {
        let c = Challenge::parse(
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
        )
        .expect("challenge");
        let h = c.authorization(
            "GET",
            "/dir/index.html",
            "Mufasa",
            b"Circle Of Life",
            "0a4f113b",
        );
        assert_eq!(response(&h), "6629fae49393a05397450978507c4ef1");
    }

    #[test]
    fn challenges_it_cannot_answer() {
        assert_eq!(Challenge::parse("Bearer realm=\"x\""), None);
        assert_eq!(
            Challenge::parse("Digest realm=\"x\", nonce=\"n\", algorithm=SHA-512-256"),
            None
        );
        assert_eq!(
            Challenge::parse("Digest realm=\"x\", nonce=\"n\", qop=\"auth-int\""),
            None
        );
        assert_eq!(Challenge::parse("Digest realm=\"x\""), None, "no nonce");
        assert!(Challenge::parse("Basic realm=\"a\", Digest realm=\"x\", nonce=\"n\"").is_some());
        assert_ne!(cnonce(), cnonce());
    }
}
