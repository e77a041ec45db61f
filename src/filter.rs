//! Structural filters on a candidate secret: Shannon entropy and placeholder shapes.
//!
//! Pure functions on bytes, called by `matcher` for each regex match of a rule that
//! asks for them. PAPERSPACE.md's measurements drive the design: a 3.5 bits/char
//! threshold would drop a quarter of real 30-hex keys, so placeholders are rejected by
//! their shape (one repeated character, a short repeating period, a monotone run,
//! doubled characters) rather than by a high entropy bar. Stopwords are matched here
//! too, so that a word inside a random body cannot drop a key ([`has_stopword`]).
//!
//! Entropy floors for random keys, computed exactly over the multinomial of
//! character counts of 30 uniform hex characters: P(entropy < 3.0) = 2.9e-4 (the
//! floor the Paperspace rules had: about 6 real keys in 20,000 dropped), P(< 2.9) =
//! 4.8e-5, P(< 2.5) = 1.1e-8. Placeholders that only the floor catches are below 2.5
//! (`deadbeefcafebabe…` is 2.45); the rest are caught by [`is_placeholder`].

use std::ops::Range;

use memchr::memmem;

/// Secrets up to this many bytes are searched for stopwords anywhere; longer ones
/// (PEM bodies, JWTs, JSON key files) only where a stopword stands as a word.
pub const SHORT_SECRET: usize = 64;

/// Shannon entropy of `bytes`, in bits per byte.
pub fn entropy(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Whether `s` has the shape of a placeholder rather than a random secret.
///
/// The tests, with the chance that a random 30-hex key fails each (exact: binomial
/// or a dynamic program over the 16 characters; together about 2e-6, far under the
/// 1e-4 a scanner can afford to drop):
/// - fewer than 4 distinct characters (`xxxx…`, `0000…`): 9e-20;
/// - one character making up 40% or more (`3f2a0000…00b1`): 1.7e-6;
/// - a period of at most a third of the length (`deadbeef` x4): 9e-25;
/// - half or more of the steps between neighbours going up or down by one
///   (`0123456789abcdef…`, `fedcba…`): 2.0e-7;
/// - half or more of the neighbours equal (`aabbccdd…`, `aaaabbbb…`): 2.9e-11.
pub fn is_placeholder(s: &[u8]) -> bool {
    if s.len() < 8 {
        return false;
    }
    let mut counts = [0u32; 256];
    for &b in s {
        counts[b.to_ascii_lowercase() as usize] += 1;
    }
    let distinct = counts.iter().filter(|&&c| c > 0).count();
    let most = counts.iter().copied().max().unwrap_or(0) as usize;
    if distinct < 4 || most * 5 >= s.len() * 2 {
        return true;
    }
    if (1..=s.len() / 3).any(|p| s.iter().zip(&s[p..]).all(|(a, b)| a == b)) {
        return true;
    }
    let steps = s
        .windows(2)
        .filter(|w| matches!((rank(w[0]), rank(w[1])), (Some(x), Some(y)) if x.abs_diff(y) == 1))
        .count();
    let doubled = s
        .windows(2)
        .filter(|w| w[0].eq_ignore_ascii_case(&w[1]))
        .count();
    steps * 2 >= s.len() - 1 || doubled * 2 >= s.len() - 1
}

/// Whether a stopword (`example`, `dummy`, `fake`, …; given in lowercase) marks a
/// match as a placeholder. `whole` is the rule's match, `secret` the secret's range
/// within it. A word counts:
/// - anywhere (ASCII case-insensitive) in the text around the secret: the name it is
///   assigned to, a flag (`fake_paperspace_key = …`, `PAPERSPACE_API_KEY_EXAMPLE=…`);
/// - inside a secret of at most [`SHORT_SECRET`] bytes when written in one case
///   (`example`, `EXAMPLE`, `Example`: `AKIAIOSFODNN7EXAMPLE`). A 4-letter word turns
///   up that way in a random 40-character base64 secret with probability about
///   37 × 3 / 64⁴ ≈ 7e-6 (hex secrets cannot hold any default stopword);
/// - inside a longer secret only as a word of its own, not glued on either side to
///   a base64 character (ASCII letter, digit, `+`, `/`, `=`): `This is a fake key`
///   in a PEM block. A random base64 body is one run of such characters broken only
///   by line ends, so by chance a word could count only as a whole body line. Matched
///   against the whole secret instead, `fake` or `dummy` in any case turned up in
///   about 0.15% of random RSA-2048 PEM bodies, and those keys were dropped.
pub fn has_stopword(whole: &[u8], secret: Range<usize>, words: &[Vec<u8>]) -> bool {
    let lower = whole.to_ascii_lowercase();
    let (before, rest) = lower.split_at(secret.start);
    let (inside, after) = rest.split_at(secret.len());
    let raw = &whole[secret];
    words.iter().filter(|w| !w.is_empty()).any(|w| {
        memmem::find(before, w).is_some()
            || memmem::find(after, w).is_some()
            || memmem::find_iter(inside, w).any(|at| counts_inside(raw, at, w))
    })
}

/// Whether the stopword `word` found (case-insensitively) at `at` in `secret` counts.
fn counts_inside(secret: &[u8], at: usize, word: &[u8]) -> bool {
    let found = &secret[at..at + word.len()];
    if secret.len() <= SHORT_SECRET {
        let upper = found
            .iter()
            .zip(word)
            .all(|(f, w)| *f == w.to_ascii_uppercase());
        let title = found[0] == word[0].to_ascii_uppercase() && found[1..] == word[1..];
        return found == word || upper || title;
    }
    let base64 = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    // A word that starts or ends with a separator (`your_`) brings its own boundary.
    let glued_before = base64(word[0]) && at > 0 && base64(secret[at - 1]);
    let end = at + word.len();
    let glued_after = base64(word[word.len() - 1]) && secret.get(end).is_some_and(|&b| base64(b));
    !glued_before && !glued_after
}

/// Position of an alphanumeric in `0-9a-z` order (case-insensitive), so `9` → `a` is a step.
fn rank(b: u8) -> Option<u8> {
    match b.to_ascii_lowercase() {
        d @ b'0'..=b'9' => Some(d - b'0'),
        l @ b'a'..=b'z' => Some(l - b'a' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_of_simple_strings() {
        assert!(entropy(b"aaaa").abs() < 1e-9);
        assert!((entropy(b"abab") - 1.0).abs() < 1e-9);
        assert!((entropy(b"0123456789abcdef") - 4.0).abs() < 1e-9);
    }

    #[test]
    fn placeholders_are_rejected() {
        for p in [
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "000000000000000000000000000000",
            "deadbeefdeadbeefdeadbeefdeadbe",
            "0123456789abcdef0123456789abcd",
            "abcdefabcdefabcdefabcdefabcdef",
            "fedcba9876543210fedcba98765432",
            "3f2a000000000000000000000000b1",
            "aabbccddeeff00112233445566778",
            "aaaabbbbccccddddeeeeffff000011",
        ] {
            assert!(is_placeholder(p.as_bytes()), "{p}");
        }
    }

    #[test]
    fn stopwords_around_a_secret_or_standing_alone_in_it() {
        let words: Vec<Vec<u8>> = ["fake", "example", "your_"]
            .iter()
            .map(|w| w.as_bytes().to_vec())
            .collect();
        let check = |whole: &str, secret: &str| {
            let at = whole.find(secret).unwrap();
            has_stopword(whole.as_bytes(), at..at + secret.len(), &words)
        };
        let key = "8f3c1e9a2b7d4c60e5f1a9b3d7c2e4";
        assert!(check(&format!("FAKE_TOKEN={key}"), key));
        assert!(
            check(&format!("token={key} # Fake"), key),
            "after the secret"
        );
        assert!(check("k=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"));
        assert!(check("k=your_key_here_0000", "your_key_here_0000"));
        assert!(
            !check("k=AKIAIOSFODNN7eXaMpLe", "AKIAIOSFODNN7eXaMpLe"),
            "mixed case"
        );
        let body = "Qx9+".repeat(20);
        for (secret, counts) in [
            (format!("{body}\nThis is a FAKE key\n{body}"), true),
            (format!("{body}\nfake\n{body}"), true),
            (format!("{body}\n-your_key-\n{body}"), true),
            (format!("{body}fake{body}"), false),
            (format!("{body}\nfakeQ{body}"), false),
            (format!("{body}+fake\n{body}"), false),
            (format!("{body}\n9Example\n{body}"), false),
        ] {
            assert_eq!(check(&secret, &secret), counts, "{secret}");
        }
    }

    #[test]
    fn random_looking_keys_pass() {
        for k in [
            "8f3c1e9a2b7d4c60e5f1a9b3d7c2e4",
            "c0ffee4a91d27b3e58f60a1c9d2b7e",
            "5e8d2c7a1f9b3046de7ac15b2f8e93",
        ] {
            assert!(!is_placeholder(k.as_bytes()), "{k}");
        }
    }
}
