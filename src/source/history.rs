//! The history source: every blob reachable from any ref, each read once, with the
//! commit that introduced it at each path.
//!
//! Owns the walk of the commit graph and the [`Timeline`] of a secret. Commits are
//! visited parents-first (topological order); each commit's tree is walked, skipping
//! every subtree already seen at the same path, so the cost follows what changed, not
//! the size of each tree. The first commit to show a (blob, path) pair introduced it.
//! Blob contents are not read here: `scan` reads each unique blob once, in parallel,
//! through a [`BlobReader`] per thread, so memory follows the number of objects, not
//! the bytes of history.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use git2::{ObjectType, Oid, Repository, Sort, Tree};

use super::git::{commit_info, open};
use crate::error::{Diagnostics, Error, Result};
use crate::finding::{CommitInfo, Timeline};

/// Where one blob was introduced: (path, index into [`HistoryIndex::commits`]).
pub type Introductions = Vec<(Arc<str>, u32)>;

/// The commit graph and blob provenance of a repository.
pub struct HistoryIndex {
    /// Repository path, for opening per-thread handles.
    pub git_dir: PathBuf,
    /// Commits in topological order, parents first.
    pub commits: Vec<Arc<CommitInfo>>,
    /// Unique blobs with their introductions, sorted by id.
    pub blobs: Vec<(Oid, Introductions)>,
    /// Refs (and stash entries) with the commit they point at, sorted by name.
    pub refs: Vec<(String, Oid)>,
    /// HEAD's commit, if any.
    pub head: Option<Oid>,
    commit_oids: Vec<Oid>,
    commit_index: HashMap<Oid, u32>,
}

impl std::fmt::Debug for HistoryIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HistoryIndex")
            .field("commits", &self.commits.len())
            .field("blobs", &self.blobs.len())
            .field("refs", &self.refs)
            .finish_non_exhaustive()
    }
}

impl HistoryIndex {
    /// Walk every commit reachable from any ref, HEAD and the stash.
    pub fn build(path: &Path, diag: &Diagnostics) -> Result<HistoryIndex> {
        let mut repo = open(path)?;
        let refs = collect_refs(&mut repo, diag)?;
        let head = repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .map(|c| c.id());

        let mut walk = repo
            .revwalk()
            .map_err(|e| Error::git("starting a revwalk", e))?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
            .map_err(|e| Error::git("sorting a revwalk", e))?;
        for (name, oid) in &refs {
            if let Err(e) = walk.push(*oid) {
                diag.warn(format_args!("ref {name} ({oid}): {}", e.message()));
            }
        }
        let mut commit_oids = Vec::new();
        for oid in walk {
            match oid {
                Ok(oid) => commit_oids.push(oid),
                Err(e) => diag.warn(format_args!("walking history: {}", e.message())),
            }
        }

        let mut state = TreeWalk::default();
        let mut commits = Vec::with_capacity(commit_oids.len());
        let mut kept_oids = Vec::with_capacity(commit_oids.len());
        for oid in commit_oids {
            let commit = match repo.find_commit(oid) {
                Ok(c) => c,
                Err(e) => {
                    diag.warn(format_args!("commit {oid}: {}", e.message()));
                    continue;
                }
            };
            let idx = commits.len() as u32;
            commits.push(Arc::new(commit_info(&commit)));
            kept_oids.push(oid);
            match commit.tree() {
                Ok(tree) => state.walk(&repo, &tree, "", idx, diag),
                Err(e) => diag.warn(format_args!("tree of commit {oid}: {}", e.message())),
            }
        }
        for path in &state.submodules {
            diag.note(format_args!(
                "submodule at {path} not scanned: scan its repository separately"
            ));
        }
        let mut blobs: Vec<(Oid, Introductions)> = state.intro.into_iter().collect();
        blobs.sort_by_key(|(oid, _)| *oid);
        let commit_index = kept_oids
            .iter()
            .enumerate()
            .map(|(i, o)| (*o, i as u32))
            .collect();
        Ok(HistoryIndex {
            git_dir: repo.path().to_path_buf(),
            commits,
            blobs,
            refs,
            head,
            commit_oids: kept_oids,
            commit_index,
        })
    }

    /// The timeline of a secret held by `blobs`, given whether it is in the working
    /// tree. `repo` is any handle on the same repository.
    pub fn timeline(
        &self,
        repo: &Repository,
        blobs: &HashSet<Oid>,
        in_worktree: bool,
        presence: &mut Presence,
    ) -> Timeline {
        let intro: BTreeSet<u32> = self
            .blobs
            .iter()
            .filter(|(oid, _)| blobs.contains(oid))
            .flat_map(|(_, intros)| intros.iter().map(|(_, c)| *c))
            .collect();
        let introduced = intro
            .first()
            .map(|&i| Arc::clone(&self.commits[i as usize]));
        let chain = presence.chain(repo, self, blobs);
        let last_present = chain.iter().rposition(|&p| p);
        let in_head = last_present.is_some_and(|i| i + 1 == chain.len());
        let removed = match last_present {
            Some(i) if i + 1 < chain.len() => presence
                .first_parent
                .get(i + 1)
                .and_then(|oid| self.commit_index.get(oid))
                .map(|&c| Arc::clone(&self.commits[c as usize])),
            _ => None,
        };
        let refs = self
            .refs
            .iter()
            .filter(|(_, tip)| {
                intro.iter().any(|&c| {
                    let c = self.commit_oids[c as usize];
                    *tip == c || repo.graph_descendant_of(*tip, c).unwrap_or(false)
                })
            })
            .map(|(name, _)| name.clone())
            .collect();
        Timeline {
            introduced,
            still_present: in_head || in_worktree,
            removed,
            refs,
        }
    }
}

/// Which trees hold which blobs, memoised across the secrets of one run, along
/// HEAD's first-parent chain (oldest first).
#[derive(Default)]
pub struct Presence {
    first_parent: Vec<Oid>,
    trees: Vec<Oid>,
    loaded: bool,
}

impl Presence {
    /// For each commit of HEAD's first-parent chain, oldest first: does its tree hold
    /// any of `blobs`?
    fn chain(
        &mut self,
        repo: &Repository,
        index: &HistoryIndex,
        blobs: &HashSet<Oid>,
    ) -> Vec<bool> {
        if !self.loaded {
            self.loaded = true;
            let mut next = index.head.and_then(|h| repo.find_commit(h).ok());
            while let Some(c) = next {
                self.first_parent.push(c.id());
                self.trees.push(c.tree_id());
                next = c.parent(0).ok();
            }
            self.first_parent.reverse();
            self.trees.reverse();
        }
        let mut memo: HashMap<Oid, bool> = HashMap::new();
        self.trees
            .iter()
            .map(|t| tree_holds(repo, *t, blobs, &mut memo))
            .collect()
    }
}

fn tree_holds(
    repo: &Repository,
    tree: Oid,
    blobs: &HashSet<Oid>,
    memo: &mut HashMap<Oid, bool>,
) -> bool {
    if let Some(&v) = memo.get(&tree) {
        return v;
    }
    let held = repo.find_tree(tree).is_ok_and(|t| {
        t.iter().any(|e| match e.kind() {
            Some(ObjectType::Blob) => blobs.contains(&e.id()),
            Some(ObjectType::Tree) => tree_holds(repo, e.id(), blobs, memo),
            _ => false,
        })
    });
    memo.insert(tree, held);
    held
}

/// Local and remote branches, tags, other refs and stash entries, each peeled to a
/// commit, sorted by name.
fn collect_refs(repo: &mut Repository, diag: &Diagnostics) -> Result<Vec<(String, Oid)>> {
    let mut refs = Vec::new();
    for r in repo
        .references()
        .map_err(|e| Error::git("listing refs", e))?
    {
        let r = match r {
            Ok(r) => r,
            Err(e) => {
                diag.warn(format_args!("reading a ref: {}", e.message()));
                continue;
            }
        };
        let name = String::from_utf8_lossy(r.name_bytes()).into_owned();
        if r.symbolic_target_bytes().is_some() {
            continue; // e.g. refs/remotes/origin/HEAD: its target is listed itself
        }
        match r.peel_to_commit() {
            Ok(c) => refs.push((name, c.id())),
            Err(e) => diag.note(format_args!(
                "ref {name} does not point at a commit: {}",
                e.message()
            )),
        }
    }
    if let Ok(head) = repo.head() {
        if let Ok(c) = head.peel_to_commit() {
            refs.push(("HEAD".to_string(), c.id()));
        }
    }
    let mut stashes = Vec::new();
    // Older stash entries live only in refs/stash's reflog, not behind the ref.
    let _ = repo.stash_foreach(|i, _, oid| {
        stashes.push((format!("stash@{{{i}}}"), *oid));
        true
    });
    refs.extend(stashes);
    refs.sort();
    refs.dedup();
    Ok(refs)
}

/// The walk over commit trees.
#[derive(Default)]
struct TreeWalk {
    seen_trees: HashSet<(Oid, Arc<str>)>,
    seen_pairs: HashSet<(Oid, Arc<str>)>,
    intro: HashMap<Oid, Introductions>,
    submodules: BTreeSet<String>,
}

impl TreeWalk {
    fn walk(
        &mut self,
        repo: &Repository,
        tree: &Tree,
        prefix: &str,
        commit: u32,
        diag: &Diagnostics,
    ) {
        for entry in tree {
            let name = String::from_utf8_lossy(entry.name_bytes());
            let path: Arc<str> = if prefix.is_empty() {
                Arc::from(name.as_ref())
            } else {
                Arc::from(format!("{prefix}/{name}"))
            };
            match entry.kind() {
                Some(ObjectType::Blob) => {
                    if entry.filemode() == 0o120_000 {
                        continue; // a symlink's blob is its target path
                    }
                    if self.seen_pairs.insert((entry.id(), Arc::clone(&path))) {
                        self.intro
                            .entry(entry.id())
                            .or_default()
                            .push((path, commit));
                    }
                }
                Some(ObjectType::Tree)
                    if self.seen_trees.insert((entry.id(), Arc::clone(&path))) =>
                {
                    match repo.find_tree(entry.id()) {
                        Ok(sub) => self.walk(repo, &sub, &path, commit, diag),
                        Err(e) => diag.warn(format_args!(
                            "tree {} at {path}: {}",
                            entry.id(),
                            e.message()
                        )),
                    }
                }
                Some(ObjectType::Commit) => {
                    self.submodules.insert(path.to_string());
                }
                _ => {}
            }
        }
    }
}

/// A per-thread handle that reads blobs.
pub struct BlobReader {
    repo: Repository,
}

impl BlobReader {
    /// Open a handle on the repository at `git_dir`.
    pub fn open(git_dir: &Path) -> Result<BlobReader> {
        Ok(BlobReader {
            repo: open(git_dir)?,
        })
    }

    /// The repository.
    pub fn repo(&self) -> &Repository {
        &self.repo
    }

    /// Call `f` with a blob's bytes, without copying them; `Ok(None)` if the blob is
    /// larger than `limit` (its size is read from the header, before inflating).
    pub fn with_blob<R>(
        &self,
        oid: Oid,
        limit: u64,
        f: impl FnOnce(&[u8]) -> R,
    ) -> Result<Option<R>, git2::Error> {
        let odb = self.repo.odb()?;
        let (size, _) = odb.read_header(oid)?;
        if size as u64 > limit {
            return Ok(None);
        }
        let obj = odb.read(oid)?;
        Ok(Some(f(obj.data())))
    }
}
