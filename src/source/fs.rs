//! The file-tree source: a parallel walk with the `ignore` crate.
//!
//! Owns which files are scanned and how they are read: `.gitignore`, `.ignore` and
//! `.leakscanignore` are honoured (in any directory, git repository or not) unless
//! `no_ignore`; hidden files are scanned; `.git/` is never walked as files; symlinks
//! are not followed (a link into the tree is scanned as its target, a link out of it
//! is skipped, a broken or looping link is a warning); binary and oversized files are
//! skipped. Walker threads read each file and hand it to the visitor, which runs the
//! matcher on the same thread, as ripgrep does: no channel, no second pool.

use std::fs::File;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use globset::GlobSet;
use ignore::{WalkBuilder, WalkState};

pub use super::WalkStats;
use super::{Blob, Gate, Origin, Pass};
use crate::error::Diagnostics;

/// What the walk needs from the configuration.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Scan ignored files too.
    pub no_ignore: bool,
    /// Files larger than this are skipped with a note.
    pub max_file_size: u64,
    /// Paths (relative to the root) never scanned.
    pub allow_paths: Option<GlobSet>,
    /// Walker threads (0: one per core).
    pub threads: usize,
    /// Report paths as walked (`root/rel`) rather than relative to the root: set
    /// when several roots are scanned, so two roots' `x.env` stay two locations.
    pub keep_root: bool,
}

impl WalkOptions {
    /// The size and binary gate for this limit.
    pub fn gate(&self) -> Gate {
        Gate {
            limit: self.max_file_size,
        }
    }
}

/// Something that consumes blobs on one walker thread.
pub trait Visit: Send {
    /// Called with each readable text blob.
    fn visit(&mut self, blob: &Blob);
}

/// Walk `root` in parallel. Each walker thread gets its own visitor from `make`; the
/// visitors come back, with the summed counters, when the walk is done.
pub fn walk<V: Visit>(
    root: &Path,
    opts: &WalkOptions,
    diag: &Diagnostics,
    make: impl Fn() -> V + Sync,
) -> (Vec<V>, WalkStats) {
    let root_is_dir = root.is_dir();
    let mut builder = WalkBuilder::new(root);
    builder
        .standard_filters(!opts.no_ignore)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .threads(opts.threads)
        .filter_entry(|e| e.file_name() != ".git");
    if !opts.no_ignore {
        builder.add_custom_ignore_filename(".leakscanignore");
    }
    let done = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        let mut thread = WalkThread {
            root,
            root_is_dir,
            opts,
            diag,
            visitor: Some(make()),
            done: &done,
            stats: WalkStats::default(),
            counts: Counts::default(),
            buf: Vec::new(),
        };
        Box::new(move |entry| {
            match entry {
                Ok(entry) => thread.visit(&entry),
                Err(err) => diag.warn(format_args!("{err}")),
            }
            WalkState::Continue
        })
    });
    let done = done.into_inner().unwrap_or_else(PoisonError::into_inner);
    let mut total = WalkStats::default();
    let mut children = 0;
    let mut yielded = 0;
    let visitors = done
        .into_iter()
        .map(|(v, stats, counts)| {
            total.add(&stats);
            children += counts.children;
            yielded += counts.yielded;
            v
        })
        .collect();
    // What directories hold but the walk did not yield was skipped by ignore rules.
    total.ignored = children.saturating_sub(yielded);
    (visitors, total)
}

/// One walker thread's state; hands its visitor back when the walk drops it.
struct WalkThread<'a, V> {
    root: &'a Path,
    root_is_dir: bool,
    opts: &'a WalkOptions,
    diag: &'a Diagnostics,
    visitor: Option<V>,
    done: &'a Mutex<Vec<(V, WalkStats, Counts)>>,
    stats: WalkStats,
    counts: Counts,
    buf: Vec<u8>,
}

/// Entries the walked directories hold, and entries the walker yielded below the
/// root: the difference is what ignore files hid (a directory counts once).
#[derive(Default, Clone, Copy)]
struct Counts {
    children: u64,
    yielded: u64,
}

impl<V> Drop for WalkThread<'_, V> {
    fn drop(&mut self) {
        if let Some(v) = self.visitor.take() {
            let mut done = self.done.lock().unwrap_or_else(PoisonError::into_inner);
            done.push((v, self.stats, self.counts));
        }
    }
}

impl<V: Visit> WalkThread<'_, V> {
    fn visit(&mut self, entry: &ignore::DirEntry) {
        let Some(kind) = entry.file_type() else {
            return; // stdin entry; not produced by directory walks
        };
        let path = entry.path();
        if entry.depth() > 0 {
            self.counts.yielded += 1;
        }
        if kind.is_symlink() {
            self.check_symlink(path);
            return;
        }
        if kind.is_dir() {
            if !self.opts.no_ignore {
                self.counts.children += std::fs::read_dir(path).map_or(0, |d| {
                    d.filter_map(std::result::Result::ok)
                        .filter(|e| e.file_name() != ".git")
                        .count() as u64
                });
            }
            return;
        }
        if !kind.is_file() {
            return; // FIFOs, sockets, devices
        }
        let relative = self.display(path);
        if let Some(globs) = &self.opts.allow_paths {
            if globs.is_match(&relative) {
                return;
            }
        }
        let display = if self.opts.keep_root {
            slash_path(path)
        } else {
            relative
        };
        let gate = self.opts.gate();
        self.buf.clear();
        let pass = match File::open(path).and_then(|f| gate.read(f, &mut self.buf)) {
            Ok(pass) => pass,
            Err(err) => {
                self.diag.warn(format_args!("{}: {err}", path.display()));
                return;
            }
        };
        self.stats.count(pass, self.buf.len() as u64);
        match pass {
            Pass::Oversized => self.diag.note(gate.skipped(path.display())),
            Pass::Binary => {}
            Pass::Text => {
                let blob = Blob {
                    bytes: std::mem::take(&mut self.buf),
                    origin: Origin::File { path: display },
                };
                if let Some(v) = self.visitor.as_mut() {
                    v.visit(&blob);
                }
                self.buf = blob.bytes;
            }
        }
    }

    /// Symlinks are never followed; only a dangling or looping one is reported.
    fn check_symlink(&self, path: &Path) {
        if let Err(err) = std::fs::canonicalize(path) {
            let what = if err.raw_os_error() == Some(40) {
                "symlink loop"
            } else {
                "broken symlink"
            };
            self.diag
                .warn(format_args!("{}: {what}: {err}", path.display()));
        }
    }

    /// The path as reported: relative to a directory root, as given for a file root.
    fn display(&self, path: &Path) -> String {
        let rel = if self.root_is_dir {
            path.strip_prefix(self.root).unwrap_or(path)
        } else {
            path
        };
        slash_path(rel)
    }
}

/// A path with `/` separators, as reports and globs expect.
pub fn slash_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Read stdin as one blob through the gate: at most `limit + 1` bytes are held.
pub fn read_stdin(gate: Gate) -> std::io::Result<(Pass, Blob)> {
    let mut bytes = Vec::new();
    let pass = gate.read(std::io::stdin().lock(), &mut bytes)?;
    Ok((
        pass,
        Blob {
            bytes,
            origin: Origin::Stdin,
        },
    ))
}

/// Split roots into `-` (stdin) and real paths.
pub fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}
