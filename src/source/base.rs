//! The base of a change: the tree the CI and pre-commit gates read their
//! suppressions from (`--since REV`: REV's tree; `--staged`: HEAD's tree).
//!
//! A change must not be able to silence the gate on itself, so the project's
//! `.leakscan.toml`, its `.leakscanignore` files and a baseline kept in the
//! repository are read as the base has them, never from the working tree or the
//! index the change wrote. This module only reads files out of that tree; what they
//! mean is decided by `config`, `baseline` and `scan`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;

use super::git::{open, Repo};
use crate::error::{Diagnostics, Error, Result};

/// The name of leakscan's own ignore file.
pub const IGNORE_FILE: &str = ".leakscanignore";

/// Files of the base tree, read by path.
pub struct Base {
    repo: Repo,
    /// The base tree; `None` before the first commit (nothing is trusted yet).
    tree: Option<Oid>,
    /// What the base is, in words, for messages (`REV`, `HEAD`).
    name: String,
    /// Parsed `.leakscanignore` files by directory (`""` is the root).
    ignores: HashMap<String, Option<Gitignore>>,
}

impl Base {
    /// The base of the repository at `path`: `rev`'s tree, or HEAD's for `None`
    /// (the staged change's base). An unborn HEAD has an empty base.
    pub fn open(path: &Path, rev: Option<&str>, diag: &Diagnostics) -> Result<Base> {
        let repo = open(path, diag)?;
        let (tree, name) = if let Some(rev) = rev {
            let tree = repo
                .revparse_single(rev)
                .and_then(|o| o.peel_to_tree())
                .map_err(|e| Error::since(rev, e))?;
            (Some(tree.id()), rev.to_string())
        } else {
            let tree = match repo.head() {
                Ok(h) => Some(
                    h.peel_to_tree()
                        .map_err(|e| Error::git("reading HEAD's tree", e))?
                        .id(),
                ),
                Err(_) => None, // unborn: the first commit has an empty base
            };
            (tree, "HEAD".to_string())
        };
        Ok(Base {
            repo,
            tree,
            name,
            ignores: HashMap::new(),
        })
    }

    /// What the base is, for messages: `origin/main`, `HEAD`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The working directory of the repository, if it has one.
    pub fn workdir(&self) -> Option<&Path> {
        self.repo.workdir()
    }

    /// `path` relative to the working directory (with `/`), if it lies inside it.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let workdir = self.repo.workdir()?.canonicalize().ok()?;
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().ok()?.join(path)
        };
        // The file itself may not exist on disk; canonicalize its directory.
        let parent = abs.parent()?.canonicalize().ok()?;
        let full: PathBuf = parent.join(abs.file_name()?);
        let rel = full.strip_prefix(&workdir).ok()?;
        Some(super::fs::slash_path(rel))
    }

    /// The content of the file at `rel` in the base tree, `None` if it has none.
    pub fn read(&self, rel: &str) -> Result<Option<Vec<u8>>> {
        let Some(tree) = self.tree else {
            return Ok(None);
        };
        let ctx = |e| Error::git(format!("reading {rel} at {}", self.name), e);
        let tree = self.repo.find_tree(tree).map_err(ctx)?;
        let entry = match tree.get_path(Path::new(rel)) {
            Ok(e) => e,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(ctx(e)),
        };
        if entry.kind() != Some(ObjectType::Blob) {
            return Ok(None);
        }
        let blob = self.repo.find_blob(entry.id()).map_err(ctx)?;
        Ok(Some(blob.content().to_vec()))
    }

    /// Whether the change could have written the file at `rel`: git tracks it (in
    /// the index or at HEAD). An untracked file was made by whoever runs the scan.
    pub fn is_tracked(&self, rel: &str) -> bool {
        let in_index = self
            .repo
            .index()
            .is_ok_and(|i| i.get_path(Path::new(rel), 0).is_some());
        in_index
            || self
                .repo
                .head()
                .and_then(|h| h.peel_to_tree())
                .is_ok_and(|t| t.get_path(Path::new(rel)).is_ok())
    }

    /// A file the user named (`--config`, `--baseline`): its base version if the
    /// change could have written it, else what is on disk. `None`: the base has
    /// no such file (the change added it), so it does not apply.
    pub fn gate_file(&self, path: &Path) -> Result<Option<Vec<u8>>> {
        match self.relative(path) {
            Some(rel) if self.is_tracked(&rel) => self.read(&rel),
            _ => std::fs::read(path)
                .map(Some)
                .map_err(|e| Error::io(path, e)),
        }
    }

    /// Whether `.leakscanignore` files of the base tree (in `path`'s directory or
    /// any above it; the deepest that says anything wins, as in git) ignore `path`.
    pub fn is_ignored(&mut self, path: &str) -> Result<bool> {
        let mut dirs: Vec<&str> = vec![""];
        dirs.extend(
            path.match_indices('/')
                .map(|(i, _)| &path[..i])
                .filter(|d| !d.is_empty()),
        );
        for dir in dirs.into_iter().rev() {
            let Some(matcher) = self.ignore_file(dir)? else {
                continue;
            };
            // Paths are matched under a synthetic root, since the tree has none on disk.
            match matcher.matched_path_or_any_parents(Path::new("/").join(path), false) {
                Match::Ignore(_) => return Ok(true),
                Match::Whitelist(_) => return Ok(false),
                Match::None => {}
            }
        }
        Ok(false)
    }

    fn ignore_file(&mut self, dir: &str) -> Result<Option<&Gitignore>> {
        if !self.ignores.contains_key(dir) {
            let rel = if dir.is_empty() {
                IGNORE_FILE.to_string()
            } else {
                format!("{dir}/{IGNORE_FILE}")
            };
            let parsed = match self.read(&rel)? {
                None => None,
                Some(bytes) => {
                    let mut builder = GitignoreBuilder::new(Path::new("/").join(dir));
                    for line in String::from_utf8_lossy(&bytes).lines() {
                        // A bad pattern ignores nothing; it cannot widen what is hidden.
                        let _ = builder.add_line(None, line);
                    }
                    builder.build().ok()
                }
            };
            self.ignores.insert(dir.to_string(), parsed);
        }
        Ok(self.ignores.get(dir).and_then(Option::as_ref))
    }
}
