//! The staged source: what `git commit` would record, i.e. the index, compared with
//! HEAD. Only lines the staged change adds are reported, so a pre-commit hook never
//! blames a commit for what was already there. Renames are detected, so a moved file
//! adds no lines; with no HEAD (the first commit) everything staged is added.
//!
//! The fast path reads the index directly (`source::index`) and descends only into
//! directories whose cached tree differs from HEAD's; it hands over to libgit2's
//! diff (with rename detection) when a change both adds and deletes files with
//! different contents, or when the index is of a kind it does not read. An index
//! of a kind it reads that does not parse is an error naming `.git/index`: libgit2
//! would trust the same corrupt counts.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use git2::{DiffFindOptions, ObjectType, Oid, Repository, Tree};

use super::git::{added_lines, diff_options, open, Changed, Repo};
use super::index::{self, CacheTree, Entry};
use crate::error::{Diagnostics, Error, Result};

/// The staged blobs of the repository at `path`, with the lines they add. Blobs
/// larger than `limit` are listed with no lines and never loaded.
pub fn changes(path: &Path, limit: u64, diag: &Diagnostics) -> Result<(Repo, Vec<Changed>)> {
    let repo = open(path, diag)?;
    let head_tree = match repo.head() {
        Ok(h) => Some(
            h.peel_to_tree()
                .map_err(|e| Error::git("reading HEAD's tree", e))?,
        ),
        Err(_) => None, // unborn branch: the first commit
    };
    let index_path = repo.path().join("index");
    let idx = index::read(repo.path()).map_err(|e| {
        Error::io(
            &index_path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        )
    })?;
    let fast =
        idx.and_then(|idx| fast_changes(&repo, head_tree.as_ref(), &idx, limit, diag).transpose());
    let changed = match fast {
        Some(result) => result?,
        None => libgit2_changes(&repo, head_tree.as_ref(), limit, diag)?,
    };
    drop(head_tree);
    Ok((repo, changed))
}

/// libgit2's diff of HEAD and the index, with rename detection.
fn libgit2_changes(
    repo: &Repository,
    head_tree: Option<&Tree>,
    limit: u64,
    diag: &Diagnostics,
) -> Result<Vec<Changed>> {
    let index = repo
        .index()
        .map_err(|e| Error::git("reading the index", e))?;
    let mut diff = repo
        .diff_tree_to_index(head_tree, Some(&index), Some(&mut diff_options(limit)))
        .map_err(|e| Error::git("comparing the index with HEAD", e))?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true)))
        .map_err(|e| Error::git("detecting renames", e))?;
    Ok(added_lines(&diff, limit, diag)?
        .into_iter()
        .map(|((path, blob), added)| Changed {
            path,
            blob,
            added,
            commit: None,
        })
        .collect())
}

/// What differs between HEAD and the index.
#[derive(Default)]
struct Delta {
    modified: Vec<(String, Oid, Oid)>,
    added: Vec<(String, Oid)>,
    deleted: Vec<Oid>,
}

/// `Ok(None)`: the change needs rename detection; use libgit2. Sizes come from
/// object headers first: a new blob over `limit` is listed with no lines (the scan
/// notes it as skipped), and an old one over it is not loaded either, so every line
/// of the new blob counts as added. An object that cannot be read is a warning
/// naming it: a new blob is left out, and for an old blob or tree every staged line
/// it would have explained counts as added.
fn fast_changes(
    repo: &Repository,
    head: Option<&Tree>,
    idx: &index::Index,
    limit: u64,
    diag: &Diagnostics,
) -> Result<Option<Vec<Changed>>> {
    let mut delta = Delta::default();
    let git = |e| Error::git("comparing the index with HEAD", e);
    compare(
        repo,
        b"",
        head,
        &idx.entries,
        idx.tree.as_ref(),
        &mut delta,
        diag,
    );
    let deleted: HashSet<Oid> = delta.deleted.iter().copied().collect();
    delta.added.retain(|(_, oid)| !deleted.contains(oid)); // pure renames add nothing
    if !delta.added.is_empty() && !delta.deleted.is_empty() {
        return Ok(None);
    }
    let odb = repo.odb().map_err(git)?;
    let fits = |oid| odb.read_header(oid).map(|(size, _)| size as u64 <= limit);
    let unreadable = |oid: Oid, path: &str, e: &git2::Error| {
        diag.warn(format_args!("blob {oid} ({path}): {}", e.message()));
    };
    let mut out = Vec::with_capacity(delta.modified.len() + delta.added.len());
    for (path, old, new) in delta.modified {
        let new_blob = match fits(new) {
            Ok(false) => {
                out.push(Changed {
                    path,
                    blob: new,
                    added: Vec::new(),
                    commit: None,
                });
                continue;
            }
            Ok(true) => repo.find_blob(new),
            Err(e) => Err(e),
        };
        let new_blob = match new_blob {
            Ok(b) => b,
            Err(e) => {
                unreadable(new, &path, &e);
                continue;
            }
        };
        let old_blob = match fits(old) {
            Ok(true) => repo.find_blob(old).map(Some),
            Ok(false) => Ok(None),
            Err(e) => Err(e),
        };
        let added = match old_blob {
            Ok(Some(old_blob)) => new_lines(old_blob.content(), new_blob.content()),
            Ok(None) => all_lines(new_blob.content()),
            Err(e) => {
                diag.warn(format_args!(
                    "blob {old} ({path} in HEAD): {}; every line of the staged version counts as added",
                    e.message()
                ));
                all_lines(new_blob.content())
            }
        };
        if !added.is_empty() {
            out.push(Changed {
                path,
                blob: new,
                added,
                commit: None,
            });
        }
    }
    for (path, oid) in delta.added {
        let added = match fits(oid).and_then(|fits| {
            fits.then(|| repo.find_blob(oid).map(|b| all_lines(b.content())))
                .transpose()
        }) {
            Ok(Some(lines)) => lines,
            Ok(None) => Vec::new(), // never loaded; the scan skips it as oversized
            Err(e) => {
                unreadable(oid, &path, &e);
                continue;
            }
        };
        out.push(Changed {
            path,
            blob: oid,
            added,
            commit: None,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Some(out))
}

/// 1-based numbers of every line of `content`.
fn all_lines(content: &[u8]) -> Vec<u32> {
    let lines = content.split(|&b| b == b'\n').count();
    (1..=u32::try_from(lines).unwrap_or(u32::MAX)).collect()
}

/// 1-based numbers of the lines of `new` that `old` does not have (as a multiset:
/// a line moved within the file is not new). libgit2's blob diff would look up
/// diff drivers in `.gitattributes`, which re-reads the whole index.
fn new_lines(old: &[u8], new: &[u8]) -> Vec<u32> {
    let mut have: rustc_hash::FxHashMap<&[u8], u32> = rustc_hash::FxHashMap::default();
    for line in old.split(|&b| b == b'\n') {
        *have
            .entry(line.strip_suffix(b"\r").unwrap_or(line))
            .or_default() += 1;
    }
    let mut added = Vec::new();
    for (n, line) in (1u32..).zip(new.split(|&b| b == b'\n')) {
        match have.get_mut(line.strip_suffix(b"\r").unwrap_or(line)) {
            Some(c) if *c > 0 => *c -= 1,
            _ => added.push(n),
        }
    }
    added
}

/// An index item at one directory level: a file, or the entries of a subdirectory.
#[derive(Clone, Copy)]
enum Item<'a> {
    File(&'a Entry),
    Dir(&'a [Entry]),
}

/// Compare one directory of HEAD with the index entries under it. A HEAD tree that
/// cannot be read is a warning naming it; every staged file under it counts as
/// added.
fn compare(
    repo: &Repository,
    dir: &[u8],
    head: Option<&Tree>,
    entries: &[Entry],
    cache: Option<&CacheTree>,
    out: &mut Delta,
    diag: &Diagnostics,
) {
    if let (Some(ct), Some(h)) = (cache, head) {
        if ct.oid == Some(h.id()) {
            return; // this directory is staged exactly as HEAD has it
        }
    }
    let mut items: BTreeMap<&[u8], Item> = BTreeMap::new();
    let mut i = 0;
    while i < entries.len() {
        let rest = &entries[i].path[dir.len()..];
        match memchr::memchr(b'/', rest) {
            None => {
                items.insert(rest, Item::File(&entries[i]));
                i += 1;
            }
            Some(slash) => {
                let name = &rest[..slash];
                let start = i;
                while i < entries.len()
                    && entries[i].path[dir.len()..].starts_with(name)
                    && entries[i].path.get(dir.len() + slash) == Some(&b'/')
                {
                    i += 1;
                }
                items.insert(name, Item::Dir(&entries[start..i]));
            }
        }
    }
    let join = |name: &[u8]| {
        let mut p = dir.to_vec();
        p.extend_from_slice(name);
        p
    };
    if let Some(h) = head {
        for e in h {
            let name = e.name_bytes();
            match (e.kind(), items.remove(name)) {
                (Some(ObjectType::Blob), Some(Item::File(ie))) => {
                    let was_regular = is_regular(e.filemode().cast_unsigned());
                    if !is_regular(ie.mode) {
                        // Now a symlink or gitlink: no content to scan.
                    } else if !was_regular {
                        // A symlink (or other non-file) became a regular file: all of
                        // its content is new, whatever HEAD's link target said.
                        out.added.push((lossy(&ie.path), ie.oid));
                    } else if ie.oid != e.id() {
                        out.modified.push((lossy(&ie.path), e.id(), ie.oid));
                    }
                }
                (Some(ObjectType::Tree), Some(Item::Dir(sub))) => match repo.find_tree(e.id()) {
                    Ok(t) => {
                        let mut p = join(name);
                        p.push(b'/');
                        let child = cache.and_then(|c| c.children.iter().find(|c| c.name == name));
                        compare(repo, &p, Some(&t), sub, child, out, diag);
                    }
                    Err(err) => {
                        unreadable_tree(e.id(), &join(name), &err, diag);
                        added(Item::Dir(sub), out);
                    }
                },
                (kind, other) => {
                    deleted(repo, e.id(), kind, out, diag);
                    if let Some(item) = other {
                        added(item, out);
                    }
                }
            }
        }
    }
    for item in items.into_values() {
        added(item, out);
    }
}

fn unreadable_tree(oid: Oid, dir: &[u8], err: &git2::Error, diag: &Diagnostics) {
    diag.warn(format_args!(
        "tree {oid} ({}/ in HEAD): {}; every staged file under it counts as added",
        lossy(dir),
        err.message()
    ));
}

fn added(item: Item, out: &mut Delta) {
    match item {
        Item::File(e) => {
            if is_regular(e.mode) {
                out.added.push((lossy(&e.path), e.oid));
            }
        }
        Item::Dir(entries) => {
            for e in entries.iter().filter(|e| is_regular(e.mode)) {
                out.added.push((lossy(&e.path), e.oid));
            }
        }
    }
}

/// Record every blob of a HEAD entry that the index no longer has. (They only
/// tell a move from an addition: a tree that cannot be read leaves its blobs out,
/// so a file moved out of it counts as added.)
fn deleted(
    repo: &Repository,
    oid: Oid,
    kind: Option<ObjectType>,
    out: &mut Delta,
    diag: &Diagnostics,
) {
    match kind {
        Some(ObjectType::Blob) => out.deleted.push(oid),
        Some(ObjectType::Tree) => match repo.find_tree(oid) {
            Ok(t) => {
                for e in &t {
                    deleted(repo, e.id(), e.kind(), out, diag);
                }
            }
            Err(e) => diag.warn(format_args!("tree {oid} (in HEAD): {}", e.message())),
        },
        _ => {}
    }
}

/// Regular files (not symlinks, not gitlinks) carry content to scan.
fn is_regular(mode: u32) -> bool {
    mode & 0o170_000 == 0o100_000
}

fn lossy(path: &[u8]) -> String {
    String::from_utf8_lossy(path).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_lines_are_a_multiset_difference() {
        assert_eq!(new_lines(b"a\nb\nc\n", b"a\nX\nb\nc\n"), vec![2]);
        assert_eq!(
            new_lines(b"a\nb\n", b"b\na\n"),
            Vec::<u32>::new(),
            "moved lines are not new"
        );
        assert_eq!(
            new_lines(b"a\n", b"a\na\n"),
            vec![2],
            "a second copy is new"
        );
        assert_eq!(new_lines(b"", b"k\r\n"), vec![1]);
    }
}
