//! What a scan produces: [`Finding`]s, each a unique secret found by one rule, with
//! every [`Location`] where it appears.
//!
//! Owns the [`Secret`] wrapper, whose `Debug` and `Display` redact, and the
//! [`Fingerprint`], a hash of rule id and secret that survives edits and moves and
//! keys baselines and SARIF `partialFingerprints`. It does not know about output
//! formats (`report/`) or how findings are gathered (`scan`).

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::rule::Confidence;

/// A raw secret. Never printed: `Debug` and `Display` show the redacted form.
///
/// `leakscan merge` rebuilds findings from reports that hold only the redacted form
/// and the entropy ([`Secret::from_report`]): such a secret exposes no bytes and is
/// never verified, only reported again as it was.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Secret(Vec<u8>, Option<Box<(String, String)>>);

impl Secret {
    /// Wrap raw bytes.
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret(bytes, None)
    }

    /// A secret known from a report: its redacted form and entropy as written
    /// there (the entropy as its JSON number text, so it is written back as read).
    pub fn from_report(redacted: String, entropy: String) -> Self {
        Secret(Vec::new(), Some(Box::new((redacted, entropy))))
    }

    /// The raw bytes (empty for a secret known only from a report). Callers that
    /// print them must honour `--show-secrets`.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Shannon entropy in bits per byte, rounded to 3 decimals (as reports give it).
    pub fn entropy(&self) -> f64 {
        match &self.1 {
            Some(known) => known.1.parse().unwrap_or(0.0),
            None => (crate::filter::entropy(&self.0) * 1000.0).round() / 1000.0,
        }
    }

    /// What identifies the secret without giving it away, then `…`.
    ///
    /// The parts that are not secret are shown whole: a PEM block's `BEGIN` line (its
    /// key type), an AWS access key id before its secret key, a URL's scheme, host and
    /// path up to its last segment (a webhook's workspace and channel ids), a
    /// token's documented prefix up to its last `_` or `-` (`ghp_`, `sk-proj-`,
    /// `xoxb-`). Of the random part, an eighth is shown, at least 2 and at most 6
    /// characters, so a 30-hex Paperspace key shows 3 (12 of its 120 bits).
    pub fn redacted(&self) -> String {
        if let Some(known) = &self.1 {
            return known.0.clone();
        }
        let text = String::from_utf8_lossy(&self.0);
        let (public, rest) = split_public(&text);
        let chars = rest.chars().count();
        let keep = if chars == 0 {
            0
        } else {
            (chars / 8).clamp(2, 6).min(chars.saturating_sub(1))
        };
        let mut out = public.to_string();
        out.extend(rest.chars().take(keep));
        out.push('…');
        out
    }

    /// The secret as lossy UTF-8, for `--show-secrets` output.
    pub fn to_text(&self) -> String {
        if let Some(known) = &self.1 {
            return known.0.clone();
        }
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

/// The leading part of a secret that identifies it and is not itself secret, and
/// the rest.
fn split_public(text: &str) -> (&str, &str) {
    // A PEM block: its BEGIN line names the key type.
    if let Some(after) = text.strip_prefix("-----BEGIN ") {
        if let Some(end) = after.find("-----") {
            let at = 11 + end + 5;
            return (&text[..at], text[at..].trim_start_matches(['\r', '\n']));
        }
    }
    // An AWS access key id (20 characters), then its secret key.
    let b = text.as_bytes();
    if b.len() > 40
        && (text.starts_with("AKIA") || text.starts_with("ASIA"))
        && b[..20]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !b[20].is_ascii_alphanumeric()
    {
        let secret_at = text.len() - 40;
        return (&text[..secret_at], &text[secret_at..]);
    }
    // A URL: everything up to the last path segment (a webhook's token).
    if let Some(after) = text.find("://") {
        if let Some(last) = text.rfind('/').filter(|&i| i > after + 3) {
            return (&text[..=last], &text[last + 1..]);
        }
    }
    // An AWS access key id alone is an identifier, not a secret.
    if b.len() == 20
        && (text.starts_with("AKIA") || text.starts_with("ASIA"))
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return (text, "");
    }
    // A documented prefix: lower-case letters ending in `_`/`-`, within 10
    // characters of a secret of at least 16.
    let prefix_end = text
        .char_indices()
        .take(10)
        .take_while(|(_, c)| c.is_ascii_lowercase() || matches!(c, '_' | '-'))
        .filter(|(_, c)| matches!(c, '_' | '-'))
        .map(|(i, _)| i + 1)
        .last();
    match prefix_end {
        Some(end) if end >= 3 && text.len() >= 16 => (&text[..end], &text[end..]),
        _ => ("", text),
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// A stable identity for a finding: SHA-256 of `rule id`, NUL, secret; 32 hex digits.
///
/// It does not include the path or line, so a baseline survives edits and moves.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint of `secret` found by rule `rule_id`.
    pub fn new(rule_id: &str, secret: &Secret) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(rule_id.as_bytes());
        hasher.update([0u8]);
        hasher.update(secret.expose());
        let digest = hasher.finalize();
        Fingerprint(hex(&digest[..16]))
    }

    /// Parse a fingerprint given by a user (baseline, config); `None` if malformed.
    pub fn parse(text: &str) -> Option<Self> {
        let ok = text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then(|| Fingerprint(text.to_ascii_lowercase()))
    }

    /// The hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// How a secret was encoded where it was found (the decode stage, `src/decode.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// Base64 or base64url.
    Base64,
    /// Percent-encoding (`%40`).
    Percent,
    /// String escapes (`\n`, `\"`, `\u0041`) of JSON and C-like languages.
    Escape,
    /// String literals joined in one expression (`"ab12" + "cd34"`).
    Concat,
}

impl Encoding {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Base64 => "base64",
            Encoding::Percent => "percent",
            Encoding::Escape => "escape",
            Encoding::Concat => "concat",
        }
    }
}

/// A commit that introduced a secret: who and when.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CommitInfo {
    /// Full hex object id.
    pub oid: String,
    /// Author name.
    pub author: String,
    /// Author email.
    pub email: String,
    /// Author date, seconds since the epoch.
    pub time: i64,
    /// Author date as RFC 3339 (UTC).
    pub date: String,
    /// First line of the message.
    pub subject: String,
}

/// One place a secret appears. Lines and columns are 1-based; the column counts
/// characters (UTF-8 code points; an invalid byte counts as one).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    /// The repository as listed in `--repos` (credentials stripped); `None` when a
    /// scan reads one repository or tree. The first sort key.
    pub repository: Option<Arc<str>>,
    /// Path relative to the scanned root (`-` for stdin) or repository root.
    pub path: String,
    /// 1-based line of the secret's first byte.
    pub line: u32,
    /// 1-based column of the secret's first byte.
    pub column: u32,
    /// 1-based line of the secret's last byte (a PEM block spans many).
    pub end_line: u32,
    /// 1-based column of the secret's last character (inclusive).
    pub end_column: u32,
    /// How the text here encodes the secret; `None` when it is there as is. A
    /// decoded secret's span is the encoded text's.
    pub encoding: Option<Encoding>,
    /// The redacted line around the secret (empty where there is none: stdin to
    /// `revoke -`).
    pub context: String,
    /// The commit that introduced this content at this path; `None` in the working
    /// tree, the index or stdin.
    pub commit: Option<Arc<CommitInfo>>,
}

/// A location's sort key: repository, path, line, column, commit (time, id).
type LocationKey<'a> = (Option<&'a str>, &'a str, u32, u32, Option<(i64, &'a str)>);

impl Location {
    fn key(&self) -> LocationKey<'_> {
        (
            self.repository.as_deref(),
            &self.path,
            self.line,
            self.column,
            self.commit.as_ref().map(|c| (c.time, c.oid.as_str())),
        )
    }
}

impl Ord for Location {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for Location {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A secret's life in a repository: what incident response needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// The first commit (graph order) that added it.
    pub introduced: Option<Arc<CommitInfo>>,
    /// Whether it is in HEAD's tree or in the working tree.
    pub still_present: bool,
    /// The commit on HEAD's first-parent history after which it is gone for good.
    pub removed: Option<Arc<CommitInfo>>,
    /// Refs from which a commit holding it is reachable, sorted.
    pub refs: Vec<String>,
    /// Where `introduced` and `removed` stand in their repository's history, so
    /// that timelines of the same secret from blob shards of one history combine
    /// exactly (`org::combine_timelines`); `None` across repositories.
    pub order: Option<TimelineOrder>,
}

/// A timeline's place in one repository's history walk (the same in every shard
/// of that history: each walks all of it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineOrder {
    /// The index of `introduced` in the walk's commit order (graph order).
    pub introduced: Option<u32>,
    /// The index on HEAD's first-parent chain of the last commit holding it there;
    /// `removed` is the next commit on the chain.
    pub last_on_head: Option<u32>,
}

/// A unique secret found by one rule, and everywhere it appears.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The rule's stable id.
    pub rule_id: String,
    /// The rule's human name.
    pub rule_name: String,
    /// How sure the rule is.
    pub confidence: Confidence,
    /// Stable identity (rule id + secret).
    pub fingerprint: Fingerprint,
    /// The secret itself; redacted unless the user asked otherwise.
    pub secret: Secret,
    /// Every location, sorted and without duplicates.
    pub locations: Vec<Location>,
    /// History scans only: when it came and went.
    pub timeline: Option<Timeline>,
    /// `--verify`: is it live, whose is it.
    pub verification: Option<crate::outcome::Verification>,
    /// `--revoke`: what was done.
    pub revocation: Option<crate::outcome::Revocation>,
    /// The gate modes: a suppression the change itself added. The finding is still
    /// reported, and still fails the gate, so that a reviewer sees it.
    pub suppressed: Option<Suppression>,
    /// The credential's other parts, named by the rule (`sid` for a Twilio auth
    /// token's account), as first found; only verifiers read them.
    pub parts: Vec<(String, Secret)>,
}

impl Finding {
    /// How the secret was encoded, when some location held it encoded (the first
    /// such location's encoding, in location order).
    pub fn encoding(&self) -> Option<Encoding> {
        self.locations.iter().find_map(|l| l.encoding)
    }
}

/// A suppression the change under review added (`--since`, `--staged`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Suppression {
    /// What suppressed it: `inline` (a `leakscan:allow` marker on the line).
    pub kind: String,
    /// Always true here: suppressions the base already had apply silently.
    pub in_change: bool,
    /// In words, for people.
    pub reason: String,
}

impl Suppression {
    /// An inline allow marker that the change added on the finding's line.
    pub fn inline_in_change() -> Suppression {
        Suppression {
            kind: "inline".into(),
            in_change: true,
            reason: "an inline allow marker (leakscan:allow) that this change adds: a reviewer must accept it; it does not pass the gate".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_redact() {
        let s = Secret::new(b"0123456789abcdef0123456789abcd".to_vec());
        assert_eq!(s.redacted(), "012…");
        assert_eq!(format!("{s}"), "012…");
        assert_eq!(format!("{s:?}"), "Secret(012…)");
    }

    #[test]
    fn redaction_shows_what_is_not_secret() {
        let r = |s: &str| Secret::new(s.as_bytes().to_vec()).redacted();
        assert_eq!(r("ghp_Xy12abcdefghijklmnopqrstuvwxyz012345"), "ghp_Xy12…");
        assert_eq!(
            r("sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"),
            "sk-proj-AbCd…"
        );
        assert_eq!(r("xoxb-1234567890-0987654321-AbCdEfGh"), "xoxb-123…");
        assert_eq!(
            r("AKIAQ4TN7Z2XWVB5KD3M,r8Gk2/vQx7LmN0pZ+Wc4Ts9YhB1jFe6Ua3RdKo5i"),
            "AKIAQ4TN7Z2XWVB5KD3M,r8Gk2…"
        );
        assert_eq!(r("AKIAQ4TN7Z2XWVB5KD3M"), "AKIAQ4TN7Z2XWVB5KD3M…");
        assert_eq!(
            r("https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx"),
            "https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abc…"
        );
        assert_eq!(
            r("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----"),
            "-----BEGIN OPENSSH PRIVATE KEY-----b3Blbn…"
        );
        // Random text keeps the old rule: an eighth, 2 to 6 characters.
        assert_eq!(r("Zx81kQ02mLp9Vt55Zx81kQ02"), "Zx8…");
        assert_eq!(r("né_ü"), "né…");
    }

    #[test]
    fn short_secrets_keep_at_most_all_but_one_char() {
        assert_eq!(Secret::new(b"ab".to_vec()).redacted(), "a…");
        assert_eq!(Secret::new(Vec::new()).redacted(), "…");
    }

    #[test]
    fn fingerprint_depends_on_rule_and_secret_only() {
        let s = Secret::new(b"secret-value".to_vec());
        let a = Fingerprint::new("r.one", &s);
        assert_eq!(a, Fingerprint::new("r.one", &s));
        assert_ne!(a, Fingerprint::new("r.two", &s));
        assert_eq!(a.as_str().len(), 32);
        assert_eq!(Fingerprint::parse(a.as_str()), Some(a));
        assert_eq!(Fingerprint::parse("xyz"), None);
    }
}
