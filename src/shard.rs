//! `--shard INDEX/COUNT`: which part of a scan this run does.
//!
//! Owns the sharding rule only: a repository of `--repos` belongs to shard
//! `u64(first 8 bytes of SHA-256(name as listed, credentials stripped)) % COUNT`;
//! a blob of a single repository's history to shard `u32(first 4 bytes of its
//! object id) % COUNT`. Both are stable (the same shard on every machine and run)
//! and balanced (the hashes are uniform). Deciding what to skip is the caller's
//! (`org`, `scan`); putting shards back together is `merge`'s.

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// One shard of `count`, 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// This shard, `0..count`.
    pub index: u64,
    /// How many shards there are, at least 1.
    pub count: u64,
}

impl Shard {
    /// Parse `INDEX/COUNT`: `INDEX < COUNT`, `COUNT ≥ 1`.
    pub fn parse(text: &str) -> Result<Shard> {
        let bad = |why: &str| {
            Error::Usage(format!(
                "--shard {text}: {why} (expected INDEX/COUNT, 0-based, e.g. 0/4 … 3/4)"
            ))
        };
        let (index, count) = text.split_once('/').ok_or_else(|| bad("no `/`"))?;
        let index: u64 = index
            .trim()
            .parse()
            .map_err(|_| bad("INDEX is not a number"))?;
        let count: u64 = count
            .trim()
            .parse()
            .map_err(|_| bad("COUNT is not a number"))?;
        if count == 0 {
            return Err(bad("COUNT must be at least 1"));
        }
        if index >= count {
            return Err(bad("INDEX must be less than COUNT"));
        }
        Ok(Shard { index, count })
    }

    /// Whether the repository listed as `name` is this shard's.
    pub fn has_repository(self, name: &str) -> bool {
        let digest = Sha256::digest(name.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % self.count == self.index
    }

    /// Whether the blob `oid` is this shard's.
    pub fn has_blob(self, oid: &[u8]) -> bool {
        let mut first = [0u8; 4];
        for (to, from) in first.iter_mut().zip(oid) {
            *to = *from;
        }
        u64::from(u32::from_be_bytes(first)) % self.count == self.index
    }

    /// Whether this shard reads what is read once per scan (a history scan's work
    /// tree and submodules): shard 0.
    pub fn is_first(self) -> bool {
        self.index == 0
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_checks_bounds() {
        assert_eq!(Shard::parse("1/3").unwrap(), Shard { index: 1, count: 3 });
        for bad in ["3/3", "0/0", "1", "a/2", "1/b", "-1/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_item_is_in_exactly_one_shard() {
        for count in 1..5 {
            for name in ["a", "https://h/x.git", "/srv/repo", "git@h:o/r.git"] {
                let owners = (0..count)
                    .filter(|&index| Shard { index, count }.has_repository(name))
                    .count();
                assert_eq!(owners, 1);
            }
            for oid in [[0u8; 20], [0xff; 20], [7; 20]] {
                let owners = (0..count)
                    .filter(|&index| Shard { index, count }.has_blob(&oid))
                    .count();
                assert_eq!(owners, 1);
            }
        }
    }
}
