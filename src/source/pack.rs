//! Blobs read straight from pack files, each object inflated once, in delta-tree
//! order.
//!
//! libgit2 reads one object at a time: a blob stored as the 40th delta of a chain
//! inflates its 39 bases again unless they are still in a small cache, and history
//! asks for blobs in commit order, not pack order. Here every pack's index and entry
//! headers are read first (headers in one sequential pass over the file), the delta
//! trees that lead to the wanted blobs are found, and each tree is resolved depth
//! first from its base object: every object on the way is inflated exactly once and
//! each delta is applied to its base while the base is still in memory. Trees run in
//! parallel on the caller's threads. Memory is the index (28 bytes an object), the
//! entry table (16 bytes an object) and one object per level of the delta tree being
//! resolved; pack contents are read with positioned reads, never mapped, so they
//! never count towards the process's memory.
//!
//! Anything this reader does not handle (index version 1, SHA-256 repositories,
//! bases in another pack, objects over [`DECODE_CAP`], a damaged entry) is left to
//! the caller, which reads those blobs through libgit2 as before.

use std::fs::File;
use std::io::{BufReader, Read};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use flate2::{Decompress, FlushDecompress, Status};
use git2::Oid;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

/// Objects larger than this are never inflated here (their blobs, and blobs whose
/// delta bases they are, go to libgit2, which applies the size gate first).
pub const DECODE_CAP: u64 = 512 * 1024 * 1024;

const OBJ_BLOB: u8 = 3;
const OBJ_OFS_DELTA: u8 = 6;
const OBJ_REF_DELTA: u8 = 7;
const NO_BASE: u32 = u32::MAX;

/// One pack: its file, its objects' ids and offsets, and its entries' headers.
struct Pack {
    file: File,
    /// Objects larger than this are not inflated.
    cap: u64,
    /// Entries in offset order.
    entries: Vec<Entry>,
    /// Object ids, in the index's (sorted) order, with the entry each one is.
    ids: Vec<(Oid, u32)>,
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    offset: u64,
    /// Where the entry ends (the next entry's offset, or the pack's trailer).
    end: u64,
    /// Where the compressed data starts, relative to `offset`.
    data_at: u16,
    kind: u8,
    /// The inflated size (for a delta: the delta's own size).
    size: u64,
    /// The base entry of a delta.
    base: u32,
}

/// What [`read_blobs`] did with each wanted blob.
pub struct Outcome {
    /// Indices (into the caller's list) of blobs this reader did not deliver.
    pub left: Vec<usize>,
}

/// The pack files of the repository whose object directory is `objects`.
pub fn pack_files(objects: &Path) -> Vec<PathBuf> {
    let Ok(dir) = std::fs::read_dir(objects.join("pack")) else {
        return Vec::new();
    };
    let mut idx: Vec<PathBuf> = dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "idx"))
        .collect();
    idx.sort();
    idx
}

/// Read the blobs `wanted` (ids, with their position in the caller's list) from
/// the packs whose indexes are `indexes`; call `deliver(position, data)` for each,
/// on the caller's rayon pool. Blobs not delivered are returned.
/// Objects over `cap` bytes (or [`DECODE_CAP`]) are not inflated: the blobs that
/// need them come back too.
pub fn read_blobs<F>(indexes: &[PathBuf], wanted: &[Oid], cap: u64, deliver: F) -> Outcome
where
    F: Fn(usize, &[u8]) + Sync,
{
    let mut left: Vec<usize> = (0..wanted.len()).collect();
    for idx in indexes {
        if left.is_empty() {
            break;
        }
        let Some(pack) = Pack::open(idx, cap.min(DECODE_CAP)) else {
            continue;
        };
        let mut here: Vec<(u32, usize)> = Vec::new();
        left.retain(|&w| match pack.find(wanted[w]) {
            Some(entry) => {
                here.push((entry, w));
                false
            }
            None => true,
        });
        left.extend(pack.resolve(&here, &deliver));
    }
    left.sort_unstable();
    Outcome { left }
}

impl Pack {
    fn open(idx_path: &Path, cap: u64) -> Option<Pack> {
        let ids_offsets = read_index(idx_path)?;
        let file = File::open(idx_path.with_extension("pack")).ok()?;
        let len = file.metadata().ok()?.len();
        let mut by_offset: Vec<(u64, u32)> = ids_offsets
            .iter()
            .enumerate()
            .map(|(i, (_, off))| (*off, i as u32))
            .collect();
        by_offset.sort_unstable();
        if by_offset.windows(2).any(|w| w[0].0 == w[1].0) {
            return None;
        }
        // Entry `k` in offset order is index entry `by_offset[k].1`.
        let mut entry_of = vec![0u32; ids_offsets.len()];
        for (k, (_, i)) in by_offset.iter().enumerate() {
            entry_of[*i as usize] = k as u32;
        }
        let entries = read_headers(&file, len, &by_offset, &ids_offsets, &entry_of)?;
        let ids = ids_offsets
            .iter()
            .zip(&entry_of)
            .map(|((oid, _), k)| (*oid, *k))
            .collect();
        Some(Pack {
            file,
            cap,
            entries,
            ids,
        })
    }

    fn find(&self, oid: Oid) -> Option<u32> {
        self.ids
            .binary_search_by(|(o, _)| o.cmp(&oid))
            .ok()
            .map(|i| self.ids[i].1)
    }

    /// Deliver the wanted entries (entry, caller's position); the positions of
    /// those it could not read come back.
    fn resolve<F>(&self, wanted: &[(u32, usize)], deliver: &F) -> Vec<usize>
    where
        F: Fn(usize, &[u8]) + Sync,
    {
        // Which entries must be inflated: the wanted ones and every base on their
        // chains; and each one's children among them.
        let n = self.entries.len();
        let mut want_at: HashMap<u32, Vec<usize>> = HashMap::default();
        for (e, w) in wanted {
            want_at.entry(*e).or_default().push(*w);
        }
        let mut needed = vec![false; n];
        let mut roots: Vec<u32> = Vec::new();
        for &(e, _) in wanted {
            let mut at = e;
            for _ in 0..=n {
                if needed[at as usize] {
                    break;
                }
                needed[at as usize] = true;
                let entry = self.entries[at as usize];
                if entry.base == NO_BASE {
                    roots.push(at);
                    break;
                }
                at = entry.base;
            }
        }
        let mut children: HashMap<u32, Vec<u32>> = HashMap::default();
        for (k, entry) in self.entries.iter().enumerate() {
            if needed[k] && entry.base != NO_BASE {
                children.entry(entry.base).or_default().push(k as u32);
            }
        }
        roots.sort_unstable();
        let delivered: Vec<Vec<usize>> = roots
            .par_iter()
            .map(|&root| self.descend(root, &children, &want_at, deliver))
            .collect();
        // Whatever was not delivered (a damaged entry, a chain that never reaches a
        // base object) is the caller's to read another way.
        let mut done = vec![false; wanted.iter().map(|(_, w)| w + 1).max().unwrap_or(0)];
        for w in delivered.into_iter().flatten() {
            done[w] = true;
        }
        wanted
            .iter()
            .map(|(_, w)| *w)
            .filter(|&w| !done[w])
            .collect()
    }

    /// Resolve the delta tree under the base object `root`, depth first, each
    /// object inflated once and kept only while its children need it; deliver the
    /// wanted blobs in it and return their positions.
    fn descend<F>(
        &self,
        root: u32,
        children: &HashMap<u32, Vec<u32>>,
        want_at: &HashMap<u32, Vec<usize>>,
        deliver: &F,
    ) -> Vec<usize>
    where
        F: Fn(usize, &[u8]) + Sync,
    {
        let entry = self.entries[root as usize];
        // Only blobs are wanted, and a delta has its base's type.
        let data = (entry.kind == OBJ_BLOB)
            .then(|| self.inflate(&entry))
            .flatten();
        let tree = Tree {
            pack: self,
            children,
            want_at,
        };
        tree.below(root, data, 0, deliver)
    }

    /// Inflate one entry's data, which must be exactly its header's size.
    fn inflate(&self, entry: &Entry) -> Option<Vec<u8>> {
        if entry.size > self.cap {
            return None;
        }
        let start = entry.offset + u64::from(entry.data_at);
        let compressed_len = usize::try_from(entry.end.checked_sub(start)?).ok()?;
        let size = usize::try_from(entry.size).ok()?;
        // One inflater and one read buffer per thread, reset for each entry: a
        // history reads tens of thousands of small entries, and allocating an
        // inflater's state for each cost more than inflating some of them.
        INFLATE.with(|cell| {
            let mut guard = cell.borrow_mut();
            let (z, compressed) = &mut *guard;
            compressed.clear();
            compressed.resize(compressed_len, 0);
            self.file.read_exact_at(compressed, start).ok()?;
            // One byte of room more than the size: a stream that holds more is refused.
            let mut out = Vec::with_capacity(size + 1);
            z.reset(true);
            let result = z.decompress_vec(compressed, &mut out, FlushDecompress::Finish);
            // A large entry's buffer is not kept.
            if compressed.capacity() > KEEP_BUFFER {
                *compressed = Vec::new();
            }
            match result {
                Ok(Status::StreamEnd) if out.len() == size => Some(out),
                _ => None,
            }
        })
    }
}

/// Read buffers larger than this are dropped after use rather than kept per thread.
const KEEP_BUFFER: usize = 1 << 20;

thread_local! {
    /// This thread's inflater and compressed-data buffer ([`Pack::inflate`]).
    static INFLATE: std::cell::RefCell<(Decompress, Vec<u8>)> =
        std::cell::RefCell::new((Decompress::new(true), Vec::new()));
}

/// One delta tree being resolved.
struct Tree<'a> {
    pack: &'a Pack,
    children: &'a HashMap<u32, Vec<u32>>,
    want_at: &'a HashMap<u32, Vec<usize>>,
}

impl Tree<'_> {
    /// Levels of a delta tree whose branches are resolved in parallel; below them
    /// one thread goes depth first. Versions of one file often form one large tree.
    const PARALLEL_LEVELS: usize = 6;

    /// Deliver `at` (content `data`, `None` if it could not be read) and the tree
    /// below it; the positions delivered.
    fn below<F>(&self, at: u32, data: Option<Vec<u8>>, level: usize, deliver: &F) -> Vec<usize>
    where
        F: Fn(usize, &[u8]) + Sync,
    {
        let mut delivered = Vec::new();
        self.visit(at, data.as_deref(), deliver, &mut delivered);
        let kids = self.children.get(&at).map_or(&[][..], Vec::as_slice);
        if level < Self::PARALLEL_LEVELS && kids.len() > 1 {
            let below: Vec<Vec<usize>> = kids
                .par_iter()
                .map(|&kid| {
                    let kid_data = self.apply(kid, data.as_deref());
                    self.below(kid, kid_data, level + 1, deliver)
                })
                .collect();
            delivered.extend(below.into_iter().flatten());
            return delivered;
        }
        // (entry, its content, the next child to visit)
        let mut stack: Vec<(u32, Option<Vec<u8>>, usize)> = vec![(at, data, 0)];
        while let Some((at, data, next)) = stack.last_mut() {
            let Some(&kid) = self.children.get(at).and_then(|k| k.get(*next)) else {
                stack.pop();
                continue;
            };
            *next += 1;
            let kid_data = self.apply(kid, data.as_deref());
            self.visit(kid, kid_data.as_deref(), deliver, &mut delivered);
            stack.push((kid, kid_data, 0));
        }
        delivered
    }

    /// The content of the delta entry `kid` over its base's content.
    fn apply(&self, kid: u32, base: Option<&[u8]>) -> Option<Vec<u8>> {
        let entry = self.pack.entries[kid as usize];
        let delta = self.pack.inflate(&entry)?;
        apply_delta(base?, &delta, self.pack.cap)
    }

    fn visit<F>(&self, at: u32, data: Option<&[u8]>, deliver: &F, delivered: &mut Vec<usize>)
    where
        F: Fn(usize, &[u8]) + Sync,
    {
        if let (Some(positions), Some(d)) = (self.want_at.get(&at), data) {
            for &w in positions {
                deliver(w, d);
                delivered.push(w);
            }
        }
    }
}

/// A version-2 pack index: each object's id and offset, in the index's order.
fn read_index(path: &Path) -> Option<Vec<(Oid, u64)>> {
    parse_index(&std::fs::read(path).ok()?)
}

/// The fuzz target `pack`: the index, entry-header and delta parsers on arbitrary
/// bytes must never panic or allocate beyond what the input warrants.
#[doc(hidden)]
pub fn fuzz(data: &[u8]) {
    if let Some(ids) = parse_index(data) {
        assert!(ids.len() <= data.len() / 28);
    }
    let _ = type_and_size(data);
    let _ = ofs_back(data);
    if let Some((&split, rest)) = data.split_first() {
        let at = usize::from(split).min(rest.len());
        if let Some(out) = apply_delta(&rest[..at], &rest[at..], 1 << 20) {
            assert!(out.len() <= 1 << 20);
        }
    }
}

fn parse_index(data: &[u8]) -> Option<Vec<(Oid, u64)>> {
    if data.len() < 8 + 256 * 4
        || data[..4] != [0xff, b't', b'O', b'c']
        || data[4..8] != [0, 0, 0, 2]
    {
        return None;
    }
    let be32 = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
    };
    let n = be32(8 + 255 * 4)? as usize;
    let names: usize = 8 + 256 * 4;
    let crcs = names.checked_add(n.checked_mul(20)?)?;
    let small = crcs.checked_add(n.checked_mul(4)?)?;
    let large = small.checked_add(n.checked_mul(4)?)?;
    if data.len() < large.checked_add(40)? {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let oid = Oid::from_bytes(&data[names + i * 20..names + i * 20 + 20]).ok()?;
        let off = be32(small + i * 4)?;
        let offset = if off & 0x8000_0000 == 0 {
            u64::from(off)
        } else {
            let at = large.checked_add(((off & 0x7fff_ffff) as usize).checked_mul(8)?)?;
            u64::from_be_bytes(data.get(at..at + 8)?.try_into().ok()?)
        };
        out.push((oid, offset));
    }
    // The names must be sorted for lookups to work.
    out.windows(2).all(|w| w[0].0 < w[1].0).then_some(out)
}

/// Every entry's header, in one sequential read of the pack.
fn read_headers(
    file: &File,
    len: u64,
    by_offset: &[(u64, u32)],
    ids_offsets: &[(Oid, u64)],
    entry_of: &[u32],
) -> Option<Vec<Entry>> {
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut head = [0u8; 12];
    reader.read_exact(&mut head).ok()?;
    if &head[..4] != b"PACK"
        || !matches!(head[4..8], [0, 0, 0, 2 | 3])
        || u32::from_be_bytes(head[8..12].try_into().ok()?) as usize != by_offset.len()
    {
        return None;
    }
    let mut pos = 12u64;
    let mut entries = Vec::with_capacity(by_offset.len());
    let mut header = [0u8; 64];
    for (k, (offset, _)) in by_offset.iter().enumerate() {
        let end = by_offset.get(k + 1).map_or(len.checked_sub(20)?, |n| n.0);
        if *offset < pos || end <= *offset {
            return None;
        }
        skip(&mut reader, offset - pos)?;
        let want = usize::try_from((end - offset).min(header.len() as u64)).ok()?;
        reader.read_exact(&mut header[..want]).ok()?;
        pos = offset + want as u64;
        let h = &header[..want];
        let (kind, size, mut at) = type_and_size(h)?;
        let base = match kind {
            OBJ_OFS_DELTA => {
                let (back, used) = ofs_back(&h[at..])?;
                at += used;
                let base_off = offset.checked_sub(back).filter(|_| back > 0)?;
                let k = by_offset.binary_search_by(|(o, _)| o.cmp(&base_off)).ok()?;
                k as u32
            }
            OBJ_REF_DELTA => {
                let oid = Oid::from_bytes(h.get(at..at + 20)?).ok()?;
                at += 20;
                match ids_offsets.binary_search_by(|(o, _)| o.cmp(&oid)) {
                    Ok(i) => entry_of[i],
                    // The base is in another pack: no entry here can resolve it.
                    Err(_) => return None,
                }
            }
            1..=4 => NO_BASE,
            _ => return None,
        };
        entries.push(Entry {
            offset: *offset,
            end,
            data_at: u16::try_from(at).ok()?,
            kind,
            size,
            base,
        });
    }
    Some(entries)
}

fn skip(reader: &mut BufReader<&File>, n: u64) -> Option<()> {
    reader.seek_relative(i64::try_from(n).ok()?).ok()
}

/// An entry header's type, size and length.
fn type_and_size(h: &[u8]) -> Option<(u8, u64, usize)> {
    let first = *h.first()?;
    let kind = (first >> 4) & 7;
    let mut size = u64::from(first & 0x0f);
    let mut shift = 4;
    let mut at = 1;
    let mut byte = first;
    while byte & 0x80 != 0 {
        byte = *h.get(at)?;
        if shift > 60 {
            return None;
        }
        size |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        at += 1;
    }
    Some((kind, size, at))
}

/// The negative offset of an OFS_DELTA's base (git's "offset encoding").
fn ofs_back(h: &[u8]) -> Option<(u64, usize)> {
    let mut byte = *h.first()?;
    let mut value = u64::from(byte & 0x7f);
    let mut at = 1;
    while byte & 0x80 != 0 {
        byte = *h.get(at)?;
        value = value.checked_add(1)?.checked_mul(128)? | u64::from(byte & 0x7f);
        at += 1;
    }
    Some((value, at))
}

/// A delta's little-endian base-128 size.
fn delta_size(d: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let byte = *d.get(*at)?;
        *at += 1;
        if shift > 63 {
            return None;
        }
        value |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
}

/// Apply a git delta to `base`; `None` if it does not fit it.
fn apply_delta(base: &[u8], delta: &[u8], cap: u64) -> Option<Vec<u8>> {
    let mut at = 0;
    let src = delta_size(delta, &mut at)?;
    let dst = delta_size(delta, &mut at)?;
    if src != base.len() as u64 || dst > cap {
        return None;
    }
    let mut out = Vec::with_capacity(usize::try_from(dst).ok()?);
    while at < delta.len() {
        let op = delta[at];
        at += 1;
        if op & 0x80 != 0 {
            let mut offset = 0usize;
            let mut size = 0usize;
            for i in 0..4 {
                if op & (1 << i) != 0 {
                    offset |= usize::from(*delta.get(at)?) << (8 * i);
                    at += 1;
                }
            }
            for i in 0..3 {
                if op & (0x10 << i) != 0 {
                    size |= usize::from(*delta.get(at)?) << (8 * i);
                    at += 1;
                }
            }
            if size == 0 {
                size = 0x10000;
            }
            out.extend_from_slice(base.get(offset..offset.checked_add(size)?)?);
        } else if op != 0 {
            let n = usize::from(op);
            out.extend_from_slice(delta.get(at..at + n)?);
            at += n;
        } else {
            return None; // opcode 0 is reserved
        }
        if out.len() as u64 > dst {
            return None;
        }
    }
    (out.len() as u64 == dst).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn git(dir: &Path, args: &[&str]) -> String {
        let out = std::process::Command::new("git")
            .current_dir(dir)
            .args(["-c", "user.name=Ana", "-c", "user.email=ana@example.com"])
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir)
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Every blob of a repository packed with delta chains comes out of the
    /// pack exactly once, byte for byte what git reads.
    #[test]
    fn every_blob_of_a_deltified_pack_once_and_exact() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, &["init", "-q"]);
        let mut text = String::new();
        for i in 0..60 {
            let _ = writeln!(text, "line {i}: {}", "x".repeat(i % 7));
            std::fs::write(root.join("grow.txt"), &text).unwrap();
            std::fs::write(root.join("small.txt"), format!("{}\n", i % 5)).unwrap();
            git(root, &["add", "-A"]);
            git(root, &["commit", "-qm", &format!("c{i}")]);
        }
        git(root, &["repack", "-adq", "--depth=20", "--window=20"]);
        git(root, &["prune-packed"]);
        let listing = git(root, &["cat-file", "--batch-all-objects", "--batch-check"]);
        let blobs: Vec<Oid> = listing
            .lines()
            .filter(|l| l.split(' ').nth(1) == Some("blob"))
            .map(|l| Oid::from_str(l.split(' ').next().unwrap()).unwrap())
            .collect();
        assert!(blobs.len() >= 60, "{listing}");
        let verify = git(
            root,
            &["verify-pack", "-v"]
                .into_iter()
                .chain([pack_files(&root.join(".git/objects"))[0].to_str().unwrap()])
                .collect::<Vec<_>>(),
        );
        assert!(
            verify.contains("chain length = 2"),
            "deltas of deltas: {verify}"
        );
        let got = std::sync::Mutex::new(vec![Vec::new(); blobs.len()]);
        let seen = std::sync::Mutex::new(vec![0u32; blobs.len()]);
        let indexes = pack_files(&root.join(".git/objects"));
        let outcome = read_blobs(&indexes, &blobs, u64::MAX, |pos, data| {
            got.lock().unwrap()[pos] = data.to_vec();
            seen.lock().unwrap()[pos] += 1;
        });
        assert!(
            outcome.left.is_empty(),
            "left to libgit2: {:?}",
            outcome.left
        );
        assert!(seen.into_inner().unwrap().iter().all(|&n| n == 1));
        let repo = git2::Repository::open(root).unwrap();
        for (oid, data) in blobs.iter().zip(got.into_inner().unwrap()) {
            assert_eq!(repo.find_blob(*oid).unwrap().content(), &data[..], "{oid}");
        }
        // A cap below an object's size leaves it (and what is built on it) to libgit2.
        let outcome = read_blobs(&indexes, &blobs, 100, |_, data| assert!(data.len() <= 100));
        assert!(!outcome.left.is_empty());
    }

    #[test]
    fn deltas_copy_and_insert_within_bounds() {
        let base = b"hello, world";
        // src 12, dst 11: copy 5 bytes from 0, insert " there" (6 bytes).
        let delta = [
            12,
            11,
            0x80 | 0x01 | 0x10,
            0,
            5,
            6,
            b' ',
            b't',
            b'h',
            b'e',
            b'r',
            b'e',
        ];
        assert_eq!(
            apply_delta(base, &delta, 100).as_deref(),
            Some(&b"hello there"[..])
        );
        // A wrong base size, a copy past the base, a short result: refused.
        assert_eq!(apply_delta(b"short", &delta, 100), None);
        let past = [12, 5, 0x80 | 0x01 | 0x10, 10, 5];
        assert_eq!(apply_delta(base, &past, 100), None);
        let short = [12, 20, 0x80 | 0x10, 5];
        assert_eq!(apply_delta(base, &short, 100), None);
        assert_eq!(apply_delta(base, &[12, 1, 0], 100), None, "reserved opcode");
    }

    #[test]
    fn headers_and_offsets_decode() {
        // Type 3 (blob), size 0x15 + (0x02 << 4) = 53.
        assert_eq!(type_and_size(&[0x80 | 0x30 | 0x05, 0x03]), Some((3, 53, 2)));
        assert_eq!(type_and_size(&[0x80 | 0x30]), None, "truncated");
        assert_eq!(ofs_back(&[0x05]), Some((5, 1)));
        // (0x01 + 1) * 128 + 0x00 = 256.
        assert_eq!(ofs_back(&[0x81, 0x00]), Some((256, 2)));
    }
}
