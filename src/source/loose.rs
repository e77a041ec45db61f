//! The check of loose object files before libgit2 reads them, and the object
//! database that leaves out the ones that fail it.
//!
//! libgit2 (1.9) spins forever when it inflates a loose object whose zlib stream is
//! cut short: `git_zstream_get_output` loops while zlib makes no progress. A
//! repository copied as it is (incident response) must not hang the scan, so before
//! any handle reads an object, every loose object file of the repository and of its
//! alternates is inflated here, with the same zlib, into a scratch buffer: the stream
//! must end, with no bytes after it, and hold the `type size\0` header and exactly
//! `size` bytes of content. Files that pass cannot stall libgit2's loop, which only
//! starves when input runs out before the stream's end.
//!
//! If any file fails, [`View`] is a temporary copy of the object directories made of
//! links to everything but the failed files (fan-out directories and `pack/` are
//! linked whole where they hold no failed file), and `source::git::open` reads
//! through it: libgit2 then sees those objects as missing, an error every caller
//! already turns into a warning. Nothing in the scanned repository is written.
//!
//! The verdict on each fan-out directory is kept for the process, keyed by the
//! directory's modification time and inode, so the handles a scan opens (one per
//! thread) check the files once; a directory git has written to since is checked
//! again. (A file rewritten in place, which git never does, is not noticed until
//! its directory changes: the check guards against what a repository holds when
//! the scan starts, not against a writer racing it.) Owns no matching and no
//! messages: `git::open` words the warnings.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use flate2::{Decompress, FlushDecompress, Status};

/// libgit2 looks for the header in the first 64 inflated bytes (`MAX_HEADER_LEN`).
const HEADER_MAX: usize = 64;

/// libgit2 follows alternates of alternates this deep (`GIT_ALTERNATES_MAX_DEPTH`).
const ALTERNATES_MAX_DEPTH: usize = 5;

/// A directory modified this recently may change again within the same timestamp
/// (coarse file systems), so its verdict is not kept (git's "racy" rule).
const RACY: Duration = Duration::from_secs(2);

/// A loose object file that fails the check.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Unreadable {
    /// The object id, from the file's path.
    pub(crate) oid: String,
    /// The file.
    pub(crate) path: PathBuf,
    /// What is wrong with it.
    pub(crate) reason: String,
}

/// The object directories libgit2 reads for a repository whose objects are in
/// `objects`: it, then its alternates depth-first, as libgit2 loads them (a line
/// starting with `.` is relative to the directory naming it; others are taken as
/// written), each once, canonicalised. Ones that do not exist are left out, as
/// libgit2 skips them.
pub(crate) fn object_dirs(objects: &Path) -> Vec<PathBuf> {
    fn visit(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
        let Ok(dir) = dir.canonicalize() else {
            return;
        };
        if out.contains(&dir) {
            return;
        }
        out.push(dir.clone());
        if depth > ALTERNATES_MAX_DEPTH {
            return;
        }
        let Ok(text) = fs::read(dir.join("info").join("alternates")) else {
            return;
        };
        for line in text.split(|&b| b == b'\n' || b == b'\r') {
            if line.is_empty() || line[0] == b'#' {
                continue;
            }
            let alt = bytes_path(line);
            let alt = if line[0] == b'.' { dir.join(alt) } else { alt };
            visit(&alt, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    visit(objects, 0, &mut out);
    out
}

#[cfg(unix)]
fn bytes_path(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn bytes_path(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

/// When a fan-out directory was checked, and what failed in it.
struct Verdict {
    stamp: Stamp,
    bad: Vec<Unreadable>,
}

/// What changes when git adds, removes or renames a file in a directory.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: SystemTime,
    inode: u64,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            modified: meta.modified().ok()?,
            inode,
        })
    }
}

/// Verdicts by fan-out directory path.
static CHECKED: LazyLock<Mutex<HashMap<PathBuf, Verdict>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The loose object files of `dirs` that fail the check, sorted. Fan-out
/// directories unchanged since an earlier call are not read again; the others are
/// checked on all cores. The lock is held throughout, so handles opened at once by
/// many threads wait for one check.
pub(crate) fn unreadable(dirs: &[PathBuf]) -> Vec<Unreadable> {
    let mut checked = CHECKED.lock().unwrap_or_else(PoisonError::into_inner);
    let mut out = Vec::new();
    let mut todo = Vec::new();
    for dir in dirs {
        for (name, fanout) in fanouts(dir) {
            let Ok(meta) = fs::metadata(&fanout) else {
                continue;
            };
            if !meta.is_dir() {
                continue; // libgit2 finds no object under it either
            }
            let stamp = Stamp::of(&meta);
            match (stamp, checked.get(&fanout)) {
                (Some(s), Some(v)) if v.stamp == s => out.extend(v.bad.iter().cloned()),
                _ => todo.push((name, fanout, stamp)),
            }
        }
    }
    let verdicts = check_fanouts(&todo);
    for ((_, fanout, stamp), bad) in todo.into_iter().zip(verdicts) {
        out.extend(bad.iter().cloned());
        match stamp {
            Some(s) if !is_racy(s.modified) => {
                checked.insert(fanout, Verdict { stamp: s, bad });
            }
            _ => {
                checked.remove(&fanout);
            }
        }
    }
    out.sort();
    out
}

/// Check fan-out directories `(name, path, _)`, striped over the cores (git's
/// hashing spreads objects evenly over them); the failures of each, in order.
fn check_fanouts<T: Sync>(todo: &[(String, PathBuf, T)]) -> Vec<Vec<Unreadable>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(todo.len());
    let stripe = |w: usize| {
        let mut scratch = Scratch::new();
        todo.iter()
            .enumerate()
            .skip(w)
            .step_by(workers.max(1))
            .map(|(i, (name, path, _))| (i, check_fanout(name, path, &mut scratch)))
            .collect::<Vec<_>>()
    };
    let mut done: Vec<(usize, Vec<Unreadable>)> = if workers <= 1 {
        stripe(0)
    } else {
        std::thread::scope(|s| {
            let stripe = &stripe;
            let handles: Vec<_> = (1..workers).map(|w| s.spawn(move || stripe(w))).collect();
            let mut done = stripe(0);
            for h in handles {
                match h.join() {
                    Ok(part) => done.extend(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            done
        })
    };
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, bad)| bad).collect()
}

fn is_racy(modified: SystemTime) -> bool {
    SystemTime::now()
        .duration_since(modified)
        .map_or(true, |age| age < RACY)
}

/// The fan-out directories (`00`…`ff`) of an object directory, by name.
fn fanouts(dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new(); // libgit2 cannot read it either, and says so
    };
    let mut out: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            is_fanout(&name).then(|| (name, e.path()))
        })
        .collect();
    out.sort();
    out
}

fn is_fanout(name: &str) -> bool {
    name.len() == 2 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A loose object's file name within its fan-out directory (SHA-1: 38 hex digits).
/// Other files (git's `tmp_obj_*`) are never read as objects.
fn is_object_name(name: &str) -> bool {
    name.len() == 38 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

fn check_fanout(prefix: &str, fanout: &Path, scratch: &mut Scratch) -> Vec<Unreadable> {
    let Ok(entries) = fs::read_dir(fanout) else {
        return Vec::new();
    };
    let mut bad = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if !is_object_name(&name) {
            continue;
        }
        let path = entry.path();
        // The directory entry's type costs no system call; a symlink is followed,
        // as libgit2 follows it.
        let regular = match entry.file_type() {
            Ok(t) if t.is_symlink() => fs::metadata(&path).map(|m| m.is_file()),
            Ok(t) => Ok(t.is_file()),
            Err(e) => Err(e),
        };
        let checked = match regular {
            // Opening a FIFO would block until a writer comes (as it blocks
            // libgit2), so anything but a regular file is refused unopened.
            Ok(false) => Err("is not a regular file".to_string()),
            Ok(true) => check_file(&path, scratch),
            Err(e) => Err(format!("cannot be read ({e})")),
        };
        if let Err(reason) = checked {
            // Gone since the directory was listed: a concurrent `git gc` (which
            // `git commit` may start in the background) packed or pruned it.
            if fs::symlink_metadata(&path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
            {
                continue;
            }
            bad.push(Unreadable {
                oid: format!("{prefix}{name}").to_ascii_lowercase(),
                path,
                reason,
            });
        }
    }
    bad
}

/// Buffers and an inflater reused across files (zlib's state and window are
/// allocated once, not per object).
struct Scratch {
    input: Vec<u8>,
    output: Vec<u8>,
    inflate: Decompress,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            input: vec![0; 64 * 1024],
            output: vec![0; 64 * 1024],
            inflate: Decompress::new(true),
        }
    }
}

/// Whether libgit2 can read one loose object file, a regular file, without
/// trouble; the reason if not. The content is inflated into a scratch buffer, never
/// kept, so memory does not follow the object's size.
fn check_file(path: &Path, scratch: &mut Scratch) -> Result<(), String> {
    let mut file = File::open(path).map_err(|e| format!("cannot be read ({e})"))?;
    let read = |file: &mut File, buf: &mut [u8]| loop {
        match file.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            other => break other.map_err(|e| format!("cannot be read ({e})")),
        }
    };
    let Scratch {
        input,
        output,
        inflate: z,
    } = scratch;
    z.reset(true);
    let mut head: Vec<u8> = Vec::with_capacity(HEADER_MAX);
    let mut expected: Option<u64> = None; // header length + content size
    let mut first = true;
    loop {
        let n = read(&mut file, input)?;
        if n == 0 {
            return Err(if first {
                "is empty".to_string()
            } else {
                "is truncated: its zlib stream ends early".to_string()
            });
        }
        if first {
            first = false;
            // libgit2 reads anything else as the old "packlike" format, which git
            // itself no longer reads; leakscan does not either.
            if n < 2 || !is_zlib_header(input[0], input[1]) {
                return Err("is not a zlib stream".to_string());
            }
        }
        let mut rest = &input[..n];
        // Until zlib stops: with the input used up it may still hold output.
        loop {
            let (in_before, out_before) = (z.total_in(), z.total_out());
            let status = z
                .decompress(rest, output, FlushDecompress::None)
                .map_err(|e| format!("is corrupt: {e}"))?;
            let used = usize::try_from(z.total_in() - in_before).unwrap_or(rest.len());
            let made = usize::try_from(z.total_out() - out_before).unwrap_or(output.len());
            rest = &rest[used.min(rest.len())..];
            if expected.is_none() {
                let take = made.min(HEADER_MAX - head.len());
                head.extend_from_slice(&output[..take]);
                if let Some(nul) = memchr::memchr(0, &head) {
                    let size = parse_header(&head[..nul]).ok_or("has an invalid object header")?;
                    expected = Some((nul as u64 + 1).saturating_add(size));
                } else if head.len() == HEADER_MAX || status == Status::StreamEnd {
                    return Err("has an invalid object header".to_string());
                }
            }
            if let Some(want) = expected {
                if z.total_out() > want {
                    return Err("holds more content than its header gives".to_string());
                }
            }
            if status == Status::StreamEnd {
                if expected != Some(z.total_out()) {
                    return Err("holds less content than its header gives".to_string());
                }
                if !rest.is_empty() || read(&mut file, input)? > 0 {
                    return Err("has data after the end of its zlib stream".to_string());
                }
                return Ok(());
            }
            if used == 0 && made == 0 {
                break; // zlib wants more input
            }
        }
    }
}

/// libgit2's test for a zlib stream (`is_zlib_compressed_data`): deflate, and the
/// header checksum holds.
fn is_zlib_header(cmf: u8, flg: u8) -> bool {
    cmf & 0x8F == 0x08 && (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0
}

/// The content size of a loose object header `type size` (without its NUL), for the
/// four types a loose object may have.
fn parse_header(head: &[u8]) -> Option<u64> {
    let space = memchr::memchr(b' ', head)?;
    let (kind, size) = (&head[..space], &head[space + 1..]);
    if !matches!(kind, b"commit" | b"tree" | b"blob" | b"tag") {
        return None;
    }
    if size.is_empty() || !size.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(size).ok()?.parse().ok()
}

/// Object directories without the loose objects that failed the check: one
/// temporary directory per object directory of the repository, each holding links
/// to its `pack/` and fan-out directories, or, for a fan-out directory with a
/// failed file, a directory of links to its other files. No `info/alternates` is
/// linked: every directory of [`object_dirs`] has its own view. Removed on drop.
pub(crate) struct View {
    dir: tempfile::TempDir,
    dirs: Vec<PathBuf>,
}

impl View {
    /// Build the view of `dirs` without the files of `bad`.
    pub(crate) fn new(dirs: &[PathBuf], bad: &[Unreadable]) -> io::Result<View> {
        let dir = tempfile::Builder::new().prefix("leakscan-odb-").tempdir()?;
        let skip: HashSet<&Path> = bad.iter().map(|b| b.path.as_path()).collect();
        let with_bad: BTreeSet<&Path> = bad.iter().filter_map(|b| b.path.parent()).collect();
        let mut views = Vec::with_capacity(dirs.len());
        for (i, objects) in dirs.iter().enumerate() {
            let view = dir.path().join(i.to_string());
            fs::create_dir(&view)?;
            let mut names: BTreeMap<String, PathBuf> = fanouts(objects).into_iter().collect();
            names.insert("pack".to_string(), objects.join("pack"));
            for (name, real) in names {
                if !real.exists() {
                    continue;
                }
                if !with_bad.contains(real.as_path()) {
                    link(&real, &view.join(&name))?;
                    continue;
                }
                let sub = view.join(&name);
                fs::create_dir(&sub)?;
                for entry in fs::read_dir(&real)? {
                    let entry = entry?;
                    let path = entry.path();
                    if !skip.contains(path.as_path()) {
                        link(&path, &sub.join(entry.file_name()))?;
                    }
                }
            }
            views.push(view);
        }
        Ok(View { dir, dirs: views })
    }

    /// A new object database reading the view's directories.
    pub(crate) fn odb(&self) -> Result<git2::Odb<'static>, git2::Error> {
        let odb = git2::Odb::new()?;
        for dir in &self.dirs {
            let path = dir.to_str().ok_or_else(|| {
                git2::Error::from_str(&format!(
                    "temporary directory {} is not UTF-8",
                    self.dir.path().display()
                ))
            })?;
            odb.add_disk_alternate(path)?;
        }
        Ok(odb)
    }
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, at)
}

#[cfg(windows)]
fn link(target: &Path, at: &Path) -> io::Result<()> {
    if target.is_dir() {
        std::os::windows::fs::symlink_dir(target, at)
    } else {
        std::os::windows::fs::symlink_file(target, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(data).unwrap();
        z.finish().unwrap()
    }

    fn object(content: &[u8]) -> Vec<u8> {
        let mut raw = format!("blob {}\0", content.len()).into_bytes();
        raw.extend_from_slice(content);
        deflate(&raw)
    }

    fn check_bytes(bytes: &[u8]) -> Result<(), String> {
        thread_local! {
            static DIR: tempfile::TempDir = tempfile::tempdir().unwrap();
        }
        let path = DIR.with(|d| d.path().join("obj"));
        fs::write(&path, bytes).unwrap();
        check_file(&path, &mut Scratch::new())
    }

    /// Random-looking content, so deflate cannot shrink it and it spans buffers.
    fn noise(n: usize) -> Vec<u8> {
        let mut x = 0x9E37_79B9_7F4A_7C15_u64;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    #[test]
    fn whole_objects_pass() {
        for content in [&b""[..], b"hello\n", &noise(200_000), &vec![b'a'; 1 << 20]] {
            assert_eq!(check_bytes(&object(content)), Ok(()), "{}", content.len());
        }
    }

    #[test]
    fn every_truncation_fails() {
        // Cut anywhere, including inside the 4-byte checksum at the end: each cut
        // is a stream libgit2 would wait on forever.
        let whole = object(&noise(600));
        for len in 0..whole.len() {
            assert!(check_bytes(&whole[..len]).is_err(), "cut at {len}");
        }
        let big = object(&noise(300_000));
        let cut = check_bytes(&big[..big.len() / 2]).unwrap_err();
        assert!(cut.contains("truncated"), "{cut}");
    }

    #[test]
    fn lies_and_garbage_fail() {
        let mut trailing = object(b"abc");
        trailing.push(0);
        assert!(check_bytes(&trailing)
            .unwrap_err()
            .contains("after the end"));
        let short = deflate(b"blob 10\0abc");
        assert!(check_bytes(&short).unwrap_err().contains("less content"));
        let long = deflate(b"blob 1\0abc");
        assert!(check_bytes(&long).unwrap_err().contains("more content"));
        for head in [
            &b"blob\0"[..],
            b"blob x\0",
            b"blob -1\0",
            b"frob 1\0a",
            b"blob 1",
        ] {
            assert!(check_bytes(&deflate(head)).is_err(), "{head:?}");
        }
        let mut corrupt = object(&noise(500));
        corrupt[40] ^= 0xff;
        assert!(check_bytes(&corrupt).is_err());
        assert!(check_bytes(b"x").is_err());
        assert!(check_bytes(b"").unwrap_err().contains("empty"));
    }

    /// A repository with two blobs; the second's loose file is cut short, and a
    /// FIFO sits where a third object would be.
    #[test]
    fn the_view_leaves_out_what_fails() {
        let root = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(root.path()).unwrap();
        let good = repo.blob(b"good\n").unwrap();
        let bad = repo.blob(&noise(5000)).unwrap();
        let objects = root.path().join(".git/objects");
        let file = |oid: &str| objects.join(&oid[..2]).join(&oid[2..]);
        let bad_file = file(&bad.to_string());
        let len = fs::metadata(&bad_file).unwrap().len();
        let mut perms = fs::metadata(&bad_file).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        fs::set_permissions(&bad_file, perms).unwrap();
        File::options()
            .write(true)
            .open(&bad_file)
            .unwrap()
            .set_len(len / 2)
            .unwrap();
        let fifo = "ab".to_string() + &"c".repeat(38);
        fs::create_dir_all(objects.join("ab")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(file(&fifo))
            .status()
            .is_ok_and(|s| s.success());

        let dirs = object_dirs(&objects);
        let found = unreadable(&dirs);
        let mut oids: Vec<&str> = found.iter().map(|u| u.oid.as_str()).collect();
        let mut want = vec![bad.to_string()];
        if made {
            want.push(fifo.clone());
        }
        want.sort();
        oids.sort_unstable();
        assert_eq!(oids, want, "{found:?}");
        assert!(found.iter().any(|u| u.reason.contains("truncated")));
        assert_eq!(unreadable(&dirs), found, "the second call agrees");

        let view = View::new(&dirs, &found).unwrap();
        let odb = view.odb().unwrap();
        assert_eq!(odb.read(good).unwrap().data(), b"good\n");
        assert_eq!(
            odb.read(bad).map(|_| ()).unwrap_err().code(),
            git2::ErrorCode::NotFound
        );
        let kept = view.dir.path().to_path_buf();
        drop(odb);
        drop(view);
        assert!(!kept.exists(), "the view is removed with its handle");
        assert!(bad_file.exists(), "the repository is untouched");
    }

    /// An alternate's failed object is left out too; the rest of both directories
    /// stays readable, though the view links no `info/alternates`.
    #[test]
    fn alternates_get_views() {
        let root = tempfile::tempdir().unwrap();
        let main = git2::Repository::init(root.path().join("main")).unwrap();
        let shared = git2::Repository::init_bare(root.path().join("shared")).unwrap();
        let own = main.blob(b"own\n").unwrap();
        let borrowed = shared.blob(b"borrowed\n").unwrap();
        let broken = shared.blob(b"broken\n").unwrap();
        let objects = root.path().join("main/.git/objects");
        fs::write(objects.join("info/alternates"), "../../../shared/objects\n").unwrap();
        let hex = broken.to_string();
        let path = root
            .path()
            .join("shared/objects")
            .join(&hex[..2])
            .join(&hex[2..]);
        fs::remove_file(&path).unwrap();
        fs::write(&path, b"x").unwrap();

        let dirs = object_dirs(&objects);
        assert_eq!(dirs.len(), 2);
        let found = unreadable(&dirs);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].oid, hex);
        let view = View::new(&dirs, &found).unwrap();
        let odb = view.odb().unwrap();
        assert!(odb.read(own).is_ok());
        assert!(odb.read(borrowed).is_ok());
        assert!(odb.read(broken).is_err());
    }

    #[test]
    fn alternates_are_followed_once() {
        let root = tempfile::tempdir().unwrap();
        let a = root.path().join("a/objects");
        let b = root.path().join("b/objects");
        for d in [&a, &b] {
            fs::create_dir_all(d.join("info")).unwrap();
        }
        fs::write(a.join("info/alternates"), "# comment\n../../b/objects\n\n").unwrap();
        fs::write(b.join("info/alternates"), format!("{}\n", a.display())).unwrap();
        let dirs = object_dirs(&a);
        assert_eq!(
            dirs,
            vec![a.canonicalize().unwrap(), b.canonicalize().unwrap()]
        );
    }
}
