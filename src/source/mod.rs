//! Sources of blobs to scan: the file tree and stdin (`fs`), the index (`staged`),
//! a commit range (`range`), all of history (`history`), and the base a gate run
//! reads its suppressions from (`base`).
//!
//! Owns [`Blob`] (bytes plus where they came from) and the [`Gate`] every source's
//! blobs pass before matching: the size limit (checked before reading where a size
//! is known, bounded while reading a stream) and the binary sniff, with the
//! counters of what passed ([`WalkStats`]). It does not match (`matcher`) or
//! aggregate (`scan`).

pub mod base;
pub mod fs;
pub mod git;
pub mod history;
pub mod index;
pub(crate) mod loose;
pub mod pack;
pub mod range;
pub mod repos;
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

/// The one size limit and binary check that every source applies to its blobs
/// (tree files, stdin, staged and range blobs, history blobs), so the limit and
/// the checks exist once: before reading where the source knows a size (an object
/// header), while reading from a stream (at most `limit + 1` bytes), and after.
#[derive(Debug, Clone, Copy)]
pub struct Gate {
    /// Blobs larger than this many bytes are skipped.
    pub limit: u64,
}

/// What the gate says of a blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Match it.
    Text,
    /// Skipped: a NUL byte in its first 8 KiB.
    Binary,
    /// Skipped: larger than the limit.
    Oversized,
}

impl Gate {
    /// Before reading, from a size the source already knows: whether to read it.
    pub fn fits(self, size: u64) -> bool {
        size <= self.limit
    }

    /// Append at most `limit + 1` bytes of `reader` to `buf`: enough to tell
    /// whether it fits, never more. The `+ 1` saturates: a limit of `u64::MAX`
    /// means "no limit" and must not wrap to a zero-byte read.
    pub fn read(self, reader: impl std::io::Read, buf: &mut Vec<u8>) -> std::io::Result<Pass> {
        std::io::Read::read_to_end(&mut reader.take(self.limit.saturating_add(1)), buf)?;
        Ok(self.check(buf))
    }

    /// After reading: match the bytes, or why not.
    pub fn check(self, bytes: &[u8]) -> Pass {
        if !self.fits(bytes.len() as u64) {
            Pass::Oversized
        } else if is_binary(bytes) {
            Pass::Binary
        } else {
            Pass::Text
        }
    }

    /// The note for a blob skipped as oversized.
    pub fn skipped(self, what: impl std::fmt::Display) -> String {
        format!(
            "{what}: skipped, larger than the size limit ({} bytes)",
            self.limit
        )
    }
}

/// Counters of what a scan read and skipped, summed over threads and sources.
#[derive(Debug, Default, Clone, Copy)]
pub struct WalkStats {
    /// Blobs read and matched.
    pub files: u64,
    /// Bytes read and matched.
    pub bytes: u64,
    /// Blobs skipped as binary.
    pub binary: u64,
    /// Blobs skipped as larger than the limit.
    pub oversized: u64,
    /// Entries (files or whole directories) skipped by ignore files.
    pub ignored: u64,
}

impl WalkStats {
    /// Add another thread's counters.
    pub fn add(&mut self, other: &WalkStats) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.binary += other.binary;
        self.oversized += other.oversized;
        self.ignored += other.ignored;
    }

    /// Count one blob the gate judged; `len` is its size in bytes.
    pub fn count(&mut self, pass: Pass, len: u64) {
        match pass {
            Pass::Text => {
                self.files += 1;
                self.bytes += len;
            }
            Pass::Binary => self.binary += 1,
            Pass::Oversized => self.oversized += 1,
        }
    }
}

/// Whether content looks binary: a NUL byte in its first 8 KiB.
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(SNIFF_LEN)]).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_reads_stop_one_past_the_limit() {
        let data = [b'a'; 100];
        for (limit, pass, held) in [
            (100, Pass::Text, 100),
            (99, Pass::Oversized, 100),
            (10, Pass::Oversized, 11),
        ] {
            let mut buf = Vec::new();
            assert_eq!(Gate { limit }.read(&data[..], &mut buf).unwrap(), pass);
            assert_eq!(buf.len(), held, "limit {limit}");
        }
        let mut buf = Vec::new();
        let gate = Gate { limit: u64::MAX };
        assert_eq!(gate.read(&data[..], &mut buf).unwrap(), Pass::Text);
        assert_eq!(buf.len(), 100, "u64::MAX is no limit, not a wrapped zero");
        assert_eq!(Gate { limit: 1000 }.check(b"a\0b"), Pass::Binary);
    }

    #[test]
    fn nul_in_head_is_binary() {
        assert!(is_binary(b"abc\0def"));
        assert!(!is_binary("héllo\r\n".as_bytes()));
        let mut late = vec![b'a'; SNIFF_LEN];
        late.push(0);
        assert!(!is_binary(&late));
    }
}
