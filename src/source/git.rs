//! Shared git plumbing for the history, staged and range sources (libgit2 via git2,
//! built without network features; leakscan never shells out to `git`).
//!
//! Owns opening a repository (through the loose-object check of `source::loose`),
//! commit metadata ([`CommitInfo`]), and turning a diff into the lines it adds
//! ([`Changed`]), which is what the pre-commit and CI-range modes scan.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Once};

use git2::{Commit, Delta, Diff, DiffOptions, Oid, Patch, Repository};

use super::loose;
use crate::error::{Diagnostics, Error, Result};
use crate::finding::CommitInfo;

/// libgit2's object cache cap (per repository handle).
const OBJECT_CACHE_BYTES: isize = 48 * 1024 * 1024;

/// Open the repository containing `path` (a work tree, a subdirectory, a bare
/// repository or a linked worktree). Its loose objects and its alternates' are
/// checked first (once per process while unchanged); each one libgit2 could not
/// read, or would hang on, is a warning naming it, and the handle reads as if it
/// were missing.
pub fn open(path: &Path, diag: &Diagnostics) -> Result<Repo> {
    static SETUP: Once = Once::new();
    SETUP.call_once(|| {
        // libgit2 re-hashes every object it reads unless told not to; the content is
        // still inflated and checked by zlib. Measured: 3.6x faster blob reads.
        git2::opts::strict_hash_verification(false);
        // Pack files are mmapped in windows; by default up to 8 GiB stay mapped, and
        // every touched page counts towards our RSS once per thread's handle. Small
        // windows under a low cap keep memory bounded by work, not by pack size.
        #[allow(unsafe_code)]
        // SAFETY: libgit2 requires these globals to be set before other threads use
        // libgit2; this runs once, on the first repository open, before the scan
        // starts any thread that touches git.
        unsafe {
            let _ = git2::opts::set_mwindow_size(32 * 1024 * 1024);
            let _ = git2::opts::set_mwindow_mapped_limit(96 * 1024 * 1024);
            // The object cache speeds delta resolution (measured: 12.0 s vs 13.5 s on
            // a 20k-commit history) but grows to 256 MiB per handle by default.
            libgit2_sys::git_libgit2_opts(
                libgit2_sys::GIT_OPT_SET_CACHE_MAX_SIZE.cast_signed(),
                OBJECT_CACHE_BYTES,
            );
        }
    });
    let repo = Repository::discover(path)
        .map_err(|e| Error::git(format!("opening a repository at {}", path.display()), e))?;
    let dirs = loose::object_dirs(&repo.commondir().join("objects"));
    let bad = loose::unreadable(&dirs);
    if bad.is_empty() {
        return Ok(Repo { repo, view: None });
    }
    for b in &bad {
        diag.warn_once(format!(
            "object {}: {} {}; leakscan treats the object as missing",
            b.oid,
            b.path.display(),
            b.reason
        ));
    }
    let view =
        loose::View::new(&dirs, &bad).map_err(|e| Error::io("a temporary object directory", e))?;
    let odb = view
        .odb()
        .map_err(|e| Error::git("opening the checked object database", e))?;
    repo.set_odb(&odb)
        .map_err(|e| Error::git("opening the checked object database", e))?;
    Ok(Repo {
        repo,
        view: Some(view),
    })
}

/// A repository handle. If any loose object file of the repository failed the
/// check (see `source::loose`), it reads objects through a view without them, which
/// lives as long as the handle.
pub struct Repo {
    // Declared first so it is dropped first: it reads through `view`.
    repo: Repository,
    view: Option<loose::View>,
}

impl std::ops::Deref for Repo {
    type Target = Repository;

    fn deref(&self) -> &Repository {
        &self.repo
    }
}

impl std::ops::DerefMut for Repo {
    fn deref_mut(&mut self) -> &mut Repository {
        &mut self.repo
    }
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("path", &self.repo.path())
            .field("filtered", &self.view.is_some())
            .finish()
    }
}

/// Who and when of a commit.
pub fn commit_info(commit: &Commit) -> CommitInfo {
    let author = commit.author();
    let time = author.when().seconds();
    CommitInfo {
        oid: commit.id().to_string(),
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        time,
        date: rfc3339(time),
        subject: commit
            .summary_bytes()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default(),
    }
}

/// The inverse of [`rfc3339`]: seconds since the epoch of a date written exactly as
/// it writes them; `None` for anything else (`2024-02-30…` included).
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hh * 3600 + mm * 60 + ss;
    // Out-of-range fields (month 13, February 30) do not write back the same.
    (rfc3339(secs) == text).then_some(secs)
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, UTC).
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A blob that a change adds lines to.
#[derive(Debug, Clone)]
pub struct Changed {
    /// Path in the new tree (or index), relative to the repository root.
    pub path: String,
    /// The new blob.
    pub blob: Oid,
    /// 1-based line numbers the change adds, sorted.
    pub added: Vec<u32>,
    /// The commit that made the change (`None` for the index).
    pub commit: Option<Arc<CommitInfo>>,
}

/// Diff options under which libgit2 loads no blob larger than `limit`: it reads the
/// size from the object header and treats a larger blob as binary.
pub fn diff_options(limit: u64) -> DiffOptions {
    let mut opts = DiffOptions::new();
    // A max_size of 0 means libgit2's default (512 MiB), so the least is one byte.
    opts.max_size(i64::try_from(limit).unwrap_or(i64::MAX).max(1));
    opts
}

/// The lines each file of `diff` adds, keyed by (new path, new blob). Binary files
/// (by libgit2's sniffing) produce no lines; a new blob larger than `limit` (which
/// `diff_options` kept libgit2 from loading) is listed with no lines, so the scan
/// can say it skipped it. A file whose old or new blob cannot be read is a warning
/// naming it and is left out; the other files of the diff still count (libgit2's
/// `foreach` would stop at the first).
pub fn added_lines(
    diff: &Diff,
    limit: u64,
    diag: &Diagnostics,
) -> Result<BTreeMap<(String, Oid), Vec<u32>>> {
    let git = |e| Error::git("computing a diff", e);
    let mut out: BTreeMap<(String, Oid), Vec<u32>> = BTreeMap::new();
    for (i, delta) in diff.deltas().enumerate() {
        if delta.status() == Delta::Deleted {
            continue; // adds nothing; its old blob need not be read
        }
        let patch = match Patch::from_diff(diff, i) {
            Ok(Some(patch)) => patch,
            Ok(None) => continue, // unchanged
            Err(e) => {
                let (old, new) = (delta.old_file().id(), delta.new_file().id());
                let path = delta.new_file().path().map(crate::source::fs::slash_path);
                let was = if old.is_zero() {
                    String::new()
                } else {
                    format!(", was blob {old}")
                };
                diag.warn(format_args!(
                    "blob {new} ({}{was}): {}; its added lines were not scanned",
                    path.as_deref().unwrap_or("?"),
                    e.message()
                ));
                continue;
            }
        };
        let new = patch.delta().new_file();
        let Some(new_path) = new.path() else {
            continue;
        };
        let key = (crate::source::fs::slash_path(new_path), new.id());
        if new.size() > limit {
            out.entry(key).or_default();
            continue;
        }
        for hunk in 0..patch.num_hunks() {
            let lines = patch.num_lines_in_hunk(hunk).map_err(git)?;
            for l in 0..lines {
                let line = patch.line_in_hunk(hunk, l).map_err(git)?;
                if line.origin() == '+' {
                    if let Some(n) = line.new_lineno() {
                        out.entry(key.clone()).or_default().push(n);
                    }
                }
            }
        }
    }
    for lines in out.values_mut() {
        lines.sort_unstable();
        lines.dedup();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_back_as_written() {
        for secs in [0, 951_782_400, 1_700_000_000, 4_102_444_799] {
            let text = rfc3339(secs);
            assert_eq!(parse_rfc3339(&text), Some(secs), "{text}");
        }
        for bad in [
            "2024-13-01T00:00:00Z",
            "2024-02-30T00:00:00Z",
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01T24:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_798_761_599), "2026-12-31T23:59:59Z");
    }
}
