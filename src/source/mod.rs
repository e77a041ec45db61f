//! Sources of blobs to scan: the file tree (`fs`), stdin, and later git history.
//!
//! Owns [`Blob`] (bytes plus where they came from) and the checks every source
//! shares before matching: binary sniffing and the size limit. It does not match
//! (`matcher`) or aggregate (`scan`).

pub mod base;
pub mod fs;
pub mod git;
pub mod history;
pub mod index;
pub(crate) mod loose;
pub mod range;
pub mod staged;

use serde::Serialize;

/// How many leading bytes are sniffed for NUL to call a blob binary (as git does).
const SNIFF_LEN: usize = 8 * 1024;

/// Where a blob came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// A file in a scanned tree.
    File {
        /// Path relative to the scanned root.
        path: String,
    },
    /// Standard input (`-`).
    Stdin,
}

impl Origin {
    /// The path used in reports and for path-limited rules.
    pub fn path(&self) -> &str {
        match self {
            Origin::File { path } => path,
            Origin::Stdin => "-",
        }
    }
}

/// Bytes to scan and their origin.
#[derive(Debug)]
pub struct Blob {
    /// The content.
    pub bytes: Vec<u8>,
    /// Where it came from.
    pub origin: Origin,
}

/// Whether content looks binary: a NUL byte in its first 8 KiB.
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(SNIFF_LEN)]).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_in_head_is_binary() {
        assert!(is_binary(b"abc\0def"));
        assert!(!is_binary("héllo\r\n".as_bytes()));
        let mut late = vec![b'a'; SNIFF_LEN];
        late.push(0);
        assert!(!is_binary(&late));
    }
}
