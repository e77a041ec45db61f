//! The staged source: what `git commit` would record, i.e. the index, compared with
//! HEAD. Only lines the staged change adds are reported, so a pre-commit hook never
//! blames a commit for what was already there. Renames are detected, so a moved file
//! adds no lines; with no HEAD (the first commit) everything staged is added.

use std::path::Path;

use git2::DiffFindOptions;

use super::git::{added_lines, open, Changed};
use crate::error::{Error, Result};

/// The staged blobs of the repository at `path`, with the lines they add.
pub fn changes(path: &Path) -> Result<(git2::Repository, Vec<Changed>)> {
    let repo = open(path)?;
    let changed = {
        let head_tree = match repo.head() {
            Ok(h) => Some(
                h.peel_to_tree()
                    .map_err(|e| Error::git("reading HEAD's tree", e))?,
            ),
            Err(_) => None, // unborn branch: the first commit
        };
        let index = repo
            .index()
            .map_err(|e| Error::git("reading the index", e))?;
        let mut diff = repo
            .diff_tree_to_index(head_tree.as_ref(), Some(&index), None)
            .map_err(|e| Error::git("comparing the index with HEAD", e))?;
        diff.find_similar(Some(DiffFindOptions::new().renames(true)))
            .map_err(|e| Error::git("detecting renames", e))?;
        added_lines(&diff)?
            .into_iter()
            .map(|((path, blob), added)| Changed {
                path,
                blob,
                added,
                commit: None,
            })
            .collect()
    };
    Ok((repo, changed))
}
