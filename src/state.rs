//! `--state PATH`: what a history scan already did, so that the next scan of the
//! same repository walks only new commits and reads only blobs it has not matched
//! clean before. A pure cache: the report of a run with it is the report of the same
//! run without it.
//!
//! The file is binary ([postcard](https://docs.rs/postcard), a compact encoding of
//! the types below; object ids as their 20 bytes), starting with its format name
//! `leakscan-history-state` and version (2), and holds:
//! - `key`: a SHA-256 of everything that decides what a blob matches (every rule as
//!   written, the global filters, the decode depth, the size limit) and of the
//!   leakscan executable (path, size, modification time). Any change discards the
//!   whole file: blobs are matched again and history walked again.
//! - `repo`: the repository's git directory. A state written for another repository
//!   is discarded.
//! - `walk`: the refs, the commits in the order walked (with what the report shows of
//!   each), and every (blob, path) pair with the commit that introduced it. A rescan
//!   reuses it when the commits it walked are the first ones of the new order (new
//!   commits came after them), and walks only the new ones; if refs were deleted or
//!   rewritten (a force-push), it walks everything again. Not written after a walk
//!   that warned (an unreadable object), so the warning comes back next time.
//! - `clean`, `binary`, `oversized`: blobs by id that matched nothing (per set of
//!   path-limited rules that applied), were binary, or were over the size limit.
//!   Blobs that matched are never recorded: they are read again every time, so no
//!   secret and no part of one is ever written to the state.
//! - `presence`: for each finding's set of (path, blob) pairs, a hash of the set,
//!   the HEAD it was looked up at, and the last commit on HEAD's first-parent chain
//!   whose tree held one of them (what `removed` and `still_present` come from).
//!   When HEAD has only moved forward, a rescan looks at the new commits alone;
//!   after a force-push (the old HEAD is not on the chain) it looks again in full.
//!
//! A state that cannot be read, is truncated, of another version or another
//! repository is a warning and a full scan (the scan is still complete). The file is
//! replaced atomically (written beside it, then renamed), so two runs sharing it
//! leave one of their states, never a mix.

use std::io::Write as _;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Diagnostics, Error, Result};

/// The state format's name and version.
pub const FORMAT: &str = "leakscan-history-state";
/// Bumped whenever what the state means changes.
pub const VERSION: u32 = 2;

/// An object id's bytes.
pub type Id = [u8; 20];

/// An object id's bytes (SHA-1; anything shorter is zero-padded).
pub fn id(oid: git2::Oid) -> Id {
    let mut out = [0u8; 20];
    let bytes = oid.as_bytes();
    let n = bytes.len().min(20);
    out[..n].copy_from_slice(&bytes[..n]);
    out
}

/// The object id back from its bytes.
pub fn oid(id: &Id) -> git2::Oid {
    git2::Oid::from_bytes(id).unwrap_or_else(|_| git2::Oid::zero())
}

/// The history walk, as a rescan reuses it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Walk {
    /// Refs (name, commit id) when it was walked.
    pub refs: Vec<(String, Id)>,
    /// Commits in walk order.
    pub commits: Vec<Commit>,
    /// Paths, by index.
    pub paths: Vec<String>,
    /// Blob id → (path index, commit index) of each introduction, in order.
    pub blobs: Vec<(Id, Vec<(u32, u32)>)>,
    /// Paths that held a submodule.
    pub submodules: Vec<String>,
}

/// One commit as the report shows it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Commit {
    /// Commit id.
    pub oid: Id,
    /// Author name.
    pub author: String,
    /// Author email.
    pub email: String,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// Author date, RFC 3339.
    pub date: String,
    /// Subject line.
    pub subject: String,
    /// Root tree id.
    pub tree: Id,
    /// Parent commit ids.
    pub parents: Vec<Id>,
}

/// What a blob was found to be.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Blobs {
    /// (blob id, the path-limited rules that applied, size): matched nothing.
    pub clean: Vec<(Id, String, u64)>,
    /// (blob id, size): binary.
    pub binary: Vec<(Id, u64)>,
    /// Blob ids over the size limit.
    pub oversized: Vec<Id>,
}

/// One remembered answer of the first-parent presence lookup: (hash of a
/// finding's (path, blob) pairs, the HEAD looked from, the last commit on its
/// first-parent chain holding one of them).
pub type Presence = ([u8; 16], Id, Option<Id>);

#[derive(Debug, Serialize, Deserialize)]
struct File {
    format: String,
    version: u32,
    key: String,
    repo: String,
    walk: Option<Walk>,
    blobs: Blobs,
    presence: Vec<Presence>,
}

/// A loaded (or empty) state and where it goes back.
#[derive(Debug, Default)]
pub struct State {
    path: PathBuf,
    repo: String,
    /// The key the blobs were recorded under.
    key: String,
    /// The walk to reuse, if any (it depends on the repository only).
    pub walk: Option<Walk>,
    blobs: Blobs,
    /// Presence answers to reuse (they depend on the repository only); taken by
    /// the scan.
    pub presence: Vec<Presence>,
    /// The presence answers as loaded, to tell whether they changed.
    loaded_presence: Vec<Presence>,
}

/// Which state file `path` names for the repository at `git_dir`: `path` itself, or
/// inside a directory (one that exists, or a path ending in `/`), one file per
/// repository.
fn file_for(path: &Path, git_dir: &str) -> PathBuf {
    let dir = path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/');
    if dir {
        let digest = Sha256::digest(git_dir.as_bytes());
        let name = crate::finding::hex(&digest[..8]);
        path.join(format!("history-{name}.json"))
    } else {
        path.to_path_buf()
    }
}

/// The key of everything that decides what a blob matches: `settings` (the rules
/// as written, filters, decode depth, size limit) and the running executable.
pub fn key(settings: &str) -> String {
    let mut h = Sha256::new();
    h.update(FORMAT.as_bytes());
    h.update(VERSION.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Ok(exe) = std::env::current_exe() {
        h.update(exe.to_string_lossy().as_bytes());
        if let Ok(meta) = std::fs::metadata(&exe) {
            h.update(meta.len().to_le_bytes());
            if let Ok(t) = meta.modified() {
                if let Ok(d) = t.duration_since(std::time::UNIX_EPOCH) {
                    h.update(d.as_nanos().to_le_bytes());
                }
            }
        }
    }
    h.update(settings.as_bytes());
    crate::finding::hex(&h.finalize())
}

impl State {
    /// Load the state for the repository at `git_dir`. Anything wrong with the file
    /// is a warning (not an incomplete scan) and an empty state.
    pub fn load(path: &Path, git_dir: &Path, diag: &Diagnostics) -> State {
        let repo = git_dir
            .canonicalize()
            .unwrap_or_else(|_| git_dir.to_path_buf())
            .to_string_lossy()
            .into_owned();
        let path = file_for(path, &repo);
        let mut state = State {
            path,
            repo,
            ..State::default()
        };
        let text = match std::fs::read(&state.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return state,
            Err(e) => {
                diag.caution(format_args!(
                    "{}: cannot read the state ({e}); scanning in full",
                    state.path.display()
                ));
                return state;
            }
        };
        let file: File = match postcard::from_bytes(&text) {
            Ok(f) => f,
            Err(e) => {
                diag.caution(format_args!(
                    "{}: not a leakscan state ({e}); scanning in full",
                    state.path.display()
                ));
                return state;
            }
        };
        if file.format != FORMAT || file.version != VERSION {
            diag.caution(format_args!(
                "{}: a state of another format or version ({} {}); scanning in full",
                state.path.display(),
                crate::report::escape(&file.format),
                file.version
            ));
        } else if file.repo != state.repo {
            diag.caution(format_args!(
                "{}: the state of another repository ({}); scanning in full",
                state.path.display(),
                crate::report::escape(&file.repo)
            ));
        } else {
            state.walk = file.walk;
            state.key = file.key;
            state.blobs = file.blobs;
            state.loaded_presence.clone_from(&file.presence);
            state.presence = file.presence;
        }
        state
    }

    /// The presence answers the file held.
    pub fn presence_loaded(&self) -> &[Presence] {
        &self.loaded_presence
    }

    /// The blobs recorded under `key`; none (and a note) if they were recorded
    /// under other rules, options or another leakscan.
    pub fn blobs(&mut self, key: &str, diag: &Diagnostics) -> Blobs {
        if self.key.is_empty() || self.key == key {
            return std::mem::take(&mut self.blobs);
        }
        diag.note(format_args!(
            "{}: rules, options or leakscan changed since the state was written; every blob is matched again",
            self.path.display()
        ));
        Blobs::default()
    }

    /// Write `walk` (if any), `blobs` (recorded under `key`) and `presence`,
    /// atomically.
    pub fn save(
        &self,
        key: &str,
        walk: Option<Walk>,
        blobs: Blobs,
        presence: Vec<Presence>,
    ) -> Result<()> {
        let file = File {
            format: FORMAT.into(),
            version: VERSION,
            key: key.to_string(),
            repo: self.repo.clone(),
            walk,
            blobs,
            presence,
        };
        let dir = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or_else(|| Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)
            .map_err(|e| Error::io(dir.display().to_string(), e))?;
        let bytes = postcard::to_allocvec(&file)
            .map_err(|e| Error::io(self.path.display().to_string(), std::io::Error::other(e)))?;
        tmp.as_file_mut()
            .write_all(&bytes)
            .map_err(|e| Error::io(self.path.display().to_string(), e))?;
        tmp.persist(&self.path)
            .map_err(|e| Error::io(self.path.display().to_string(), e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_holds_one_state_per_repository() {
        let dir = tempfile::tempdir().unwrap();
        let a = file_for(dir.path(), "/repos/a/.git");
        let b = file_for(dir.path(), "/repos/b/.git");
        assert_ne!(a, b);
        assert!(a.starts_with(dir.path()));
        let f = dir.path().join("state.json");
        assert_eq!(file_for(&f, "/repos/a/.git"), f);
        let new_dir = PathBuf::from(format!("{}/cache/", dir.path().display()));
        assert!(file_for(&new_dir, "/repos/a/.git").starts_with(dir.path().join("cache")));
    }

    #[test]
    fn keys_change_with_settings() {
        assert_eq!(key("rules A"), key("rules A"));
        assert_ne!(key("rules A"), key("rules B"));
    }
}
