//! A fast reader of git's index file (`.git/index`), for the pre-commit path.
//!
//! libgit2 spends most of a 50k-file `--staged` scan reading the index (re-hashing
//! the whole file, validating every path, building a hash map). This reads versions
//! 2 and 3 directly and keeps the cache-tree (`TREE`) extension, which names the tree
//! a staged directory would become: a directory whose cached tree equals HEAD's is
//! unchanged and is never descended. Anything unusual (version 4 path compression, a
//! split or sparse index, conflicts, intent-to-add entries, SHA-256 repositories)
//! returns `None`, and the caller falls back to libgit2.

use std::path::Path;

use git2::Oid;

/// One stage-0 index entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path bytes, `/`-separated, relative to the repository root.
    pub path: Vec<u8>,
    /// Blob (or gitlink commit) id.
    pub oid: Oid,
    /// File mode.
    pub mode: u32,
}

/// A node of the cache tree.
#[derive(Debug, Clone)]
pub struct CacheTree {
    /// Path component (empty for the root).
    pub name: Vec<u8>,
    /// The tree this directory would be, if still valid.
    pub oid: Option<Oid>,
    /// Subdirectories.
    pub children: Vec<CacheTree>,
}

/// The parsed index.
#[derive(Debug)]
pub struct Index {
    /// Entries in index order (sorted by path).
    pub entries: Vec<Entry>,
    /// The cache tree, if the index has one.
    pub tree: Option<CacheTree>,
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

/// Read `git_dir/index`; `None` if absent or not a plain v2/v3 SHA-1 index.
pub fn read(git_dir: &Path) -> Option<Index> {
    let bytes = std::fs::read(git_dir.join("index")).ok()?;
    parse(&bytes)
}

/// Parse index bytes (see git's `Documentation/gitformat-index.txt`).
pub fn parse(b: &[u8]) -> Option<Index> {
    if b.get(..4)? != b"DIRC" {
        return None;
    }
    let version = be32(b, 4)?;
    if version != 2 && version != 3 {
        return None;
    }
    let count = be32(b, 8)? as usize;
    let mut at = 12;
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let mode = be32(b, at + 24)?;
        let oid = Oid::from_bytes(b.get(at + 40..at + 60)?).ok()?;
        let flags = be16(b, at + 60)?;
        let extended = flags & 0x4000 != 0;
        if flags & 0x3000 != 0 {
            return None; // a conflict (stage 1-3)
        }
        let mut path_at = at + 62;
        if extended {
            let extra = be16(b, path_at)?;
            if extra & 0x2000 != 0 {
                return None; // intent-to-add: no real blob yet
            }
            path_at += 2;
        }
        let len = usize::from(flags & 0x0FFF);
        let path_len = if len < 0x0FFF {
            len
        } else {
            memchr::memchr(0, b.get(path_at..)?)?
        };
        let path = b.get(path_at..path_at + path_len)?.to_vec();
        // Entries are NUL-padded to a multiple of 8 bytes (1 to 8 NULs).
        let used = path_at - at + path_len;
        at += (used + 8) & !7;
        entries.push(Entry { path, oid, mode });
    }
    let mut tree = None;
    // Extensions until the trailing 20-byte checksum.
    while at + 8 <= b.len().saturating_sub(20) {
        let sig = b.get(at..at + 4)?;
        let size = be32(b, at + 4)? as usize;
        let data = b.get(at + 8..at + 8 + size)?;
        match sig {
            b"TREE" => tree = parse_tree(data, &mut 0),
            b"link" | b"sdir" => return None, // split or sparse index
            _ => {}
        }
        at += 8 + size;
    }
    Some(Index { entries, tree })
}

/// One cache-tree node and its children, pre-order.
fn parse_tree(b: &[u8], at: &mut usize) -> Option<CacheTree> {
    let nul = memchr::memchr(0, b.get(*at..)?)?;
    let name = b[*at..*at + nul].to_vec();
    *at += nul + 1;
    let nl = memchr::memchr(b'\n', b.get(*at..)?)?;
    let line = std::str::from_utf8(&b[*at..*at + nl]).ok()?;
    *at += nl + 1;
    let (count, subtrees) = line.split_once(' ')?;
    let count: i64 = count.parse().ok()?;
    let subtrees: usize = subtrees.parse().ok()?;
    let oid = if count >= 0 {
        let oid = Oid::from_bytes(b.get(*at..*at + 20)?).ok()?;
        *at += 20;
        Some(oid)
    } else {
        None
    };
    let mut children = Vec::with_capacity(subtrees);
    for _ in 0..subtrees {
        children.push(parse_tree(b, at)?);
    }
    Some(CacheTree {
        name,
        oid,
        children,
    })
}
