//! Offline structural checks a rule can name with `validate = "…"`.
//!
//! A closed set of checksums that token formats carry, so random lookalikes are
//! rejected without a network call. Rules pick one by name; adding a format here is
//! one variant plus its function.

/// A named offline check of a secret's own structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validator {
    /// GitHub and npm tokens: `<prefix>_` + 30 base62 characters + the CRC32 of those 30
    /// characters as 6 base62 digits (0-9A-Za-z), per GitHub's 2021 token-format post
    /// (<https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/>).
    Crc32Base62,
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

impl Validator {
    /// The names rules may use.
    pub const NAMES: &'static [&'static str] = &["crc32-base62"];

    /// Look a validator up by the name used in rule files.
    pub fn from_name(name: &str) -> Option<Validator> {
        match name {
            "crc32-base62" => Some(Validator::Crc32Base62),
            _ => None,
        }
    }

    /// Whether `secret` passes the check.
    pub fn accepts(self, secret: &[u8]) -> bool {
        match self {
            Validator::Crc32Base62 => crc32_base62(secret),
        }
    }
}

fn crc32_base62(secret: &[u8]) -> bool {
    let body = match secret.iter().rposition(|&b| b == b'_') {
        Some(i) => &secret[i + 1..],
        None => secret,
    };
    if body.len() < 7 {
        return false;
    }
    let (data, check) = body.split_at(body.len() - 6);
    let mut value: u64 = 0;
    for &c in check {
        let Some(digit) = BASE62.iter().position(|&d| d == c) else {
            return false;
        };
        value = value * 62 + digit as u64;
    }
    value == u64::from(crc32fast::hash(data))
}

/// Encode `n` as 6 base62 digits; used by tests to build well-formed tokens.
#[cfg(test)]
pub(crate) fn base62_6(mut n: u64) -> String {
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_token_with_its_crc_and_rejects_a_changed_one() {
        let body = "AbCdEfGhIjKlMnOpQrStUvWxYz0123";
        let token = format!(
            "ghp_{body}{}",
            base62_6(u64::from(crc32fast::hash(body.as_bytes())))
        );
        assert!(Validator::Crc32Base62.accepts(token.as_bytes()));
        let mut bad = token.into_bytes();
        bad[5] = b'Z';
        assert!(!Validator::Crc32Base62.accepts(&bad));
        assert!(!Validator::Crc32Base62.accepts(b"ghp_short"));
    }
}
