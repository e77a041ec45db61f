//! A fast reader of git's index file (`.git/index`), for the pre-commit path.
//!
//! libgit2 spends most of a 50k-file `--staged` scan reading the index (re-hashing
//! the whole file, validating every path, building a hash map). This reads versions
//! 2 and 3 directly and keeps the cache-tree (`TREE`) extension, which names the tree
//! a staged directory would become: a directory whose cached tree equals HEAD's is
//! unchanged and is never descended. Anything unusual (version 4 path compression, a
//! split or sparse index, conflicts, intent-to-add entries, SHA-256 repositories)
//! returns `Ok(None)`, and the caller falls back to libgit2. A file that is none of
//! these but does not parse is an [`IndexError`]: its counts are never trusted to
//! size an allocation, and the cache tree is read to a bounded depth.

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

/// The smallest index entry: 62 bytes of fixed fields, padded with at least one NUL to
/// a multiple of 8. A header count above `len / 64` cannot be true.
const MIN_ENTRY_LEN: usize = 64;

/// How deep the cache tree may nest. Git's paths are at most 4096 bytes and every
/// level adds at least two (`a/`), so a real index never comes near.
const MAX_TREE_DEPTH: usize = 4096;

/// Why an index that looked like a plain v2/v3 index could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid index file: {0}")]
pub struct IndexError(String);

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

/// Read `git_dir/index`. `Ok(None)` if it is absent or of a kind this reader leaves
/// to libgit2; an error if it is a v2/v3 index that does not parse.
pub fn read(git_dir: &Path) -> Result<Option<Index>, IndexError> {
    match std::fs::read(git_dir.join("index")) {
        Ok(bytes) => parse(&bytes),
        Err(_) => Ok(None),
    }
}

/// Parse index bytes (see git's `Documentation/gitformat-index.txt`).
pub fn parse(b: &[u8]) -> Result<Option<Index>, IndexError> {
    let bad = |what: &str| IndexError(what.to_string());
    if b.get(..4) != Some(b"DIRC") {
        return Ok(None);
    }
    let Some(version) = be32(b, 4) else {
        return Err(bad("truncated header"));
    };
    if version != 2 && version != 3 {
        return Ok(None);
    }
    let count = be32(b, 8).ok_or_else(|| bad("truncated header"))? as usize;
    if count > b.len() / MIN_ENTRY_LEN {
        return Err(IndexError(format!(
            "the header claims {count} entries, but {} bytes hold at most {}",
            b.len(),
            b.len() / MIN_ENTRY_LEN
        )));
    }
    let mut at = 12;
    let mut entries = Vec::with_capacity(count);
    for n in 0..count {
        let truncated = || IndexError(format!("entry {n} of {count} is cut short"));
        let mode = be32(b, at + 24).ok_or_else(truncated)?;
        let oid = b
            .get(at + 40..at + 60)
            .and_then(|raw| Oid::from_bytes(raw).ok())
            .ok_or_else(truncated)?;
        let flags = be16(b, at + 60).ok_or_else(truncated)?;
        let extended = flags & 0x4000 != 0;
        if flags & 0x3000 != 0 {
            return Ok(None); // a conflict (stage 1-3)
        }
        let mut path_at = at + 62;
        if extended {
            let extra = be16(b, path_at).ok_or_else(truncated)?;
            if extra & 0x2000 != 0 {
                return Ok(None); // intent-to-add: no real blob yet
            }
            path_at += 2;
        }
        let len = usize::from(flags & 0x0FFF);
        let path_len = if len < 0x0FFF {
            len
        } else {
            b.get(path_at..)
                .and_then(|rest| memchr::memchr(0, rest))
                .ok_or_else(truncated)?
        };
        if path_len == 0 {
            return Err(IndexError(format!("entry {n} of {count} has no path")));
        }
        let path = b
            .get(path_at..path_at + path_len)
            .ok_or_else(truncated)?
            .to_vec();
        // Entries are NUL-padded to a multiple of 8 bytes (1 to 8 NULs).
        let used = path_at - at + path_len;
        at += (used + 8) & !7;
        entries.push(Entry { path, oid, mode });
    }
    let mut tree = None;
    // Extensions until the trailing 20-byte checksum.
    while at + 8 <= b.len().saturating_sub(20) {
        let sig = &b[at..at + 4];
        let size = be32(b, at + 4).ok_or_else(|| bad("truncated extension"))? as usize;
        let data = b
            .get(at + 8..(at + 8).saturating_add(size))
            .ok_or_else(|| bad("an extension runs past the end of the file"))?;
        match sig {
            b"TREE" => tree = Some(parse_tree(data)?),
            b"link" | b"sdir" => return Ok(None), // split or sparse index
            _ => {}
        }
        at += 8 + size;
    }
    Ok(Some(Index { entries, tree }))
}

/// A cache-tree node whose children are still being read.
struct Open {
    node: CacheTree,
    /// Children still to read.
    pending: usize,
}

/// The cache tree: nodes in pre-order, each `name NUL count SP subtrees LF [oid]`.
/// Read with an explicit stack of open nodes, at most [`MAX_TREE_DEPTH`] deep, so a
/// hostile file can neither overflow the call stack nor make one allocation per
/// claimed subtree before it is read.
fn parse_tree(b: &[u8]) -> Result<CacheTree, IndexError> {
    let mut at = 0;
    let mut stack: Vec<Open> = Vec::new();
    loop {
        let (node, subtrees) = parse_tree_node(b, &mut at)?;
        let mut done = Open {
            node,
            pending: subtrees,
        };
        // Attach every finished node to its parent; stop at one that wants more.
        while done.pending == 0 {
            match stack.pop() {
                None => return Ok(done.node),
                Some(mut parent) => {
                    parent.node.children.push(done.node);
                    parent.pending -= 1;
                    done = parent;
                }
            }
        }
        if stack.len() + 1 >= MAX_TREE_DEPTH {
            return Err(IndexError(format!(
                "the cache tree nests deeper than {MAX_TREE_DEPTH} directories"
            )));
        }
        stack.push(done);
    }
}

/// One cache-tree node's own fields, and how many subtrees follow it.
fn parse_tree_node(b: &[u8], at: &mut usize) -> Result<(CacheTree, usize), IndexError> {
    let bad = || IndexError(format!("cache tree: malformed entry at byte {at}"));
    let nul = b
        .get(*at..)
        .and_then(|rest| memchr::memchr(0, rest))
        .ok_or_else(bad)?;
    let name = b[*at..*at + nul].to_vec();
    let line_at = *at + nul + 1;
    let nl = b
        .get(line_at..)
        .and_then(|rest| memchr::memchr(b'\n', rest))
        .ok_or_else(bad)?;
    let line = std::str::from_utf8(&b[line_at..line_at + nl]).map_err(|_| bad())?;
    let (count, subtrees) = line.split_once(' ').ok_or_else(bad)?;
    let count: i64 = count.parse().map_err(|_| bad())?;
    let subtrees: usize = subtrees.parse().map_err(|_| bad())?;
    let mut next = line_at + nl + 1;
    let oid = if count >= 0 {
        let oid = b
            .get(next..next + 20)
            .and_then(|raw| Oid::from_bytes(raw).ok())
            .ok_or_else(bad)?;
        next += 20;
        Some(oid)
    } else {
        None
    };
    *at = next;
    Ok((
        CacheTree {
            name,
            oid,
            children: Vec::new(),
        },
        subtrees,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index of `entries` (path, blob id byte) and an optional extension.
    fn index(entries: &[(&str, u8)], ext: Option<(&[u8; 4], &[u8])>) -> Vec<u8> {
        let mut b = b"DIRC".to_vec();
        b.extend_from_slice(&2u32.to_be_bytes());
        b.extend_from_slice(&(entries.len() as u32).to_be_bytes());
        for (path, id) in entries {
            let start = b.len();
            b.extend_from_slice(&[0; 24]); // times, dev, ino
            b.extend_from_slice(&0o100_644u32.to_be_bytes());
            b.extend_from_slice(&[0; 12]); // uid, gid, size
            b.extend_from_slice(&[*id; 20]);
            b.extend_from_slice(&(path.len() as u16).to_be_bytes());
            b.extend_from_slice(path.as_bytes());
            let used = b.len() - start;
            b.resize(start + ((used + 8) & !7), 0);
        }
        if let Some((sig, data)) = ext {
            b.extend_from_slice(sig);
            b.extend_from_slice(&(data.len() as u32).to_be_bytes());
            b.extend_from_slice(data);
        }
        b.extend_from_slice(&[0; 20]);
        b
    }

    #[test]
    fn reads_entries_and_cache_tree() {
        let mut tree = b"\x002 1\n".to_vec();
        tree.extend_from_slice(&[7; 20]);
        tree.extend_from_slice(b"d\x001 0\n");
        tree.extend_from_slice(&[8; 20]);
        let b = index(&[("a", 1), ("d/b", 2)], Some((b"TREE", &tree)));
        let idx = parse(&b).unwrap().unwrap();
        let paths: Vec<&[u8]> = idx.entries.iter().map(|e| e.path.as_slice()).collect();
        assert_eq!(paths, [&b"a"[..], b"d/b"]);
        let root = idx.tree.unwrap();
        assert_eq!(root.oid, Some(Oid::from_bytes(&[7; 20]).unwrap()));
        assert_eq!(root.children.len(), 1);
        assert_eq!(root.children[0].name, b"d");
    }

    /// The input the `index` fuzz target found (an 800 GB allocation from a
    /// 154-byte file): now a clean refusal.
    #[test]
    fn fuzz_regression_entry_count() {
        let b = include_bytes!("../../fixtures/fuzz/index-oom-entry-count");
        assert!(parse(b).is_err());
    }

    #[test]
    fn a_count_the_file_cannot_hold_is_an_error() {
        let mut b = index(&[("a", 1)], None);
        b[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        let err = parse(&b).unwrap_err().to_string();
        assert!(err.contains("4294967295 entries"), "{err}");
        // A count that fits the size but not the content: an error, not a panic.
        let mut b = index(&[("a", 1)], None);
        b[8..12].copy_from_slice(&2u32.to_be_bytes());
        b.extend_from_slice(&[0; 64]);
        assert!(parse(&b).is_err());
    }

    #[test]
    fn a_cache_tree_nested_too_deep_is_an_error() {
        let ok = b"\x00-1 1\n".repeat(MAX_TREE_DEPTH - 1);
        let mut ok = [&ok[..], b"x\x00-1 0\n"].concat();
        let b = index(&[], Some((b"TREE", &ok)));
        let mut node = parse(&b).unwrap().unwrap().tree.unwrap();
        let mut depth = 0;
        while let Some(child) = node.children.pop() {
            node = child;
            depth += 1;
        }
        assert_eq!(depth, MAX_TREE_DEPTH - 1);
        ok.splice(0..0, b"\x00-1 1\n".iter().copied());
        let deep = b"\x00-1 1\n".repeat(500_000);
        for tree in [&ok[..], &deep[..]] {
            let b = index(&[], Some((b"TREE", tree)));
            let err = parse(&b).unwrap_err().to_string();
            assert!(err.contains("deeper than 4096"), "{err}");
        }
    }

    #[test]
    fn truncated_or_garbled_trees_are_errors() {
        for tree in [
            &b"\x00-1 2\n"[..],
            b"\x00x y\n",
            b"\x003 0\n\x01\x02",
            b"no nul",
        ] {
            let b = index(&[], Some((b"TREE", tree)));
            assert!(parse(&b).is_err(), "{tree:?}");
        }
        let mut b = index(&[], Some((b"TREE", b"\x00-1 0\n")));
        b[16..20].copy_from_slice(&u32::MAX.to_be_bytes()); // extension size
        assert!(parse(&b).is_err());
    }

    #[test]
    fn kinds_left_to_libgit2_are_none() {
        let mut v4 = index(&[], None);
        v4[4..8].copy_from_slice(&4u32.to_be_bytes());
        assert_eq!(parse(&v4).map(|i| i.is_none()), Ok(true));
        assert_eq!(parse(b"not an index").map(|i| i.is_none()), Ok(true));
        let split = index(&[], Some((b"link", &[0; 20])));
        assert_eq!(parse(&split).map(|i| i.is_none()), Ok(true));
    }
}
