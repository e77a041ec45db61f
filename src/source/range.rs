//! The CI-range source: the content introduced by the commits reachable from HEAD but
//! not from a base revision (a pull request's commits: `--since origin/main`).
//!
//! Each commit is compared with its parent; a merge commit contributes only lines it
//! adds relative to every parent (its conflict resolutions), not the branches it
//! joins. A secret added in one commit and deleted in a later one is still reported,
//! attributed to the commit that added it.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use git2::{DiffFindOptions, Oid, Repository, Sort};

use super::git::{added_lines, commit_info, diff_options, open, Changed, Repo};
use crate::error::{Diagnostics, Error, Result};

/// The changes of every commit in `base..HEAD`, oldest first. Blobs larger than
/// `limit` are listed with no lines and never loaded.
pub fn changes(
    path: &Path,
    base: &str,
    limit: u64,
    diag: &Diagnostics,
) -> Result<(Repo, Vec<Changed>)> {
    let repo = open(path, diag)?;
    let mut out = Vec::new();
    {
        let base_oid = repo
            .revparse_single(base)
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| Error::since(base, e))?
            .id();
        let mut walk = repo
            .revwalk()
            .map_err(|e| Error::git("starting a revwalk", e))?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
            .map_err(|e| Error::git("sorting a revwalk", e))?;
        walk.push_head()
            .map_err(|e| Error::git("reading HEAD", e))?;
        walk.hide(base_oid)
            .map_err(|e| Error::git(format!("hiding {base}"), e))?;
        for oid in walk {
            let oid = match oid {
                Ok(o) => o,
                Err(e) => {
                    diag.warn(format_args!("walking {base}..HEAD: {}", e.message()));
                    continue;
                }
            };
            match commit_changes(&repo, oid, limit, diag) {
                Ok(changed) => out.extend(changed),
                Err(e) => diag.warn_error(&e),
            }
        }
    }
    Ok((repo, out))
}

fn commit_changes(
    repo: &Repository,
    oid: Oid,
    limit: u64,
    diag: &Diagnostics,
) -> Result<Vec<Changed>> {
    let ctx = |what: &str| format!("{what} of commit {oid}");
    let commit = repo
        .find_commit(oid)
        .map_err(|e| Error::git(ctx("reading"), e))?;
    let tree = commit.tree().map_err(|e| Error::git(ctx("tree"), e))?;
    let info = Arc::new(commit_info(&commit));
    let mut per_parent: Vec<BTreeMap<(String, Oid), Vec<u32>>> = Vec::new();
    if commit.parent_count() == 0 {
        let diff = repo
            .diff_tree_to_tree(None, Some(&tree), Some(&mut diff_options(limit)))
            .map_err(|e| Error::git(ctx("diff"), e))?;
        per_parent.push(added_lines(&diff, limit, diag)?);
    }
    for parent in commit.parents() {
        let ptree = parent
            .tree()
            .map_err(|e| Error::git(ctx("parent tree"), e))?;
        let mut diff = repo
            .diff_tree_to_tree(Some(&ptree), Some(&tree), Some(&mut diff_options(limit)))
            .map_err(|e| Error::git(ctx("diff"), e))?;
        // A moved file adds no lines: without rename detection it would read as a
        // new file, and a key that was already there as an addition.
        diff.find_similar(Some(DiffFindOptions::new().renames(true)))
            .map_err(|e| Error::git(ctx("rename detection"), e))?;
        per_parent.push(added_lines(&diff, limit, diag)?);
    }
    let mut iter = per_parent.into_iter();
    let mut added = iter.next().unwrap_or_default();
    for other in iter {
        added.retain(|key, lines| {
            other.get(key).is_some_and(|o| {
                if lines.is_empty() {
                    return true; // oversized: new relative to every parent, lines unknown
                }
                lines.retain(|l| o.binary_search(l).is_ok());
                !lines.is_empty()
            })
        });
    }
    Ok(added
        .into_iter()
        .map(|((path, blob), added)| Changed {
            path,
            blob,
            added,
            commit: Some(Arc::clone(&info)),
        })
        .collect())
}
