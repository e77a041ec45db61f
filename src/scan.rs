//! The scan: sources → matcher → findings.
//!
//! Owns the parallel part of the pipeline and the aggregation of matches into
//! [`Finding`]s: one per (rule, secret), with every location, sorted so output is
//! byte-identical whatever the thread count. The file tree is matched on the
//! walker's threads; git history on a rayon pool, one blob at a time per thread,
//! each unique blob once. Suppression by fingerprint (config allowlist, baseline)
//! and history timelines happen here too. It does not format output (`report`).

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use git2::Oid;
use rayon::prelude::*;

use crate::config::{Mode, ScanConfig};
use crate::error::{Diagnostics, Result};
use crate::finding::{CommitInfo, Finding, Fingerprint, Location, Secret};
use crate::matcher::{Match, Matcher};
use crate::source::base::Base;
use crate::source::fs::{self, Visit, WalkStats};
use crate::source::git::{Changed, Repo};
use crate::source::history::{BlobReader, HistoryIndex, Introductions};
use crate::source::{range, staged, Blob, Pass};

/// A scan's findings and what it read.
#[derive(Debug, Default)]
pub struct ScanResult {
    /// Findings, sorted.
    pub findings: Vec<Finding>,
    /// What the scan read.
    pub stats: WalkStats,
    /// Findings dropped because their fingerprint is allowlisted or in the baseline.
    pub suppressed: usize,
    /// Baseline entries that matched nothing (whole-tree and history scans only: a
    /// gate sees only a change).
    pub stale_baseline: usize,
}

type Key = (usize, Secret);

/// Matches grouped by (rule index, secret).
#[derive(Default)]
pub(crate) struct Aggregate {
    groups: BTreeMap<Key, BTreeSet<Location>>,
    /// History only: the blobs each secret was found in.
    blobs: HashMap<Key, HashSet<Oid>>,
    /// Gate modes: secrets seen on a line with an allow marker the change added,
    /// and secrets seen without one.
    marked: HashSet<Key>,
    unmarked: HashSet<Key>,
    /// The credential's other parts (named groups), as first found.
    parts: HashMap<Key, Vec<(String, Secret)>>,
}

impl Aggregate {
    pub(crate) fn add(&mut self, path: &str, m: &Match, commit: Option<&Arc<CommitInfo>>) {
        if !m.parts.is_empty() {
            self.parts
                .entry((m.rule, m.secret.clone()))
                .or_insert_with(|| {
                    m.parts
                        .iter()
                        .map(|(n, v)| (n.clone(), Secret::new(v.clone())))
                        .collect()
                });
        }
        self.groups
            .entry((m.rule, m.secret.clone()))
            .or_default()
            .insert(Location {
                repository: None,
                path: path.to_string(),
                line: m.line,
                column: m.column,
                end_line: m.end_line,
                end_column: m.end_column,
                encoding: m.encoding,
                context: m.context.clone(),
                commit: commit.cloned(),
            });
    }

    /// A match in a change: a marked one is kept, to be reported as suppressed by
    /// the change (unless the same secret is also there without a marker).
    fn add_change(&mut self, path: &str, m: &Match, commit: Option<&Arc<CommitInfo>>) {
        let key = (m.rule, m.secret.clone());
        if m.marked {
            self.marked.insert(key);
        } else {
            self.unmarked.insert(key);
        }
        self.add(path, m, commit);
    }

    pub(crate) fn merge(&mut self, other: Aggregate) {
        for (key, locs) in other.groups {
            self.groups.entry(key).or_default().extend(locs);
        }
        for (key, oids) in other.blobs {
            self.blobs.entry(key).or_default().extend(oids);
        }
        for (key, parts) in other.parts {
            self.parts.entry(key).or_insert(parts);
        }
    }

    /// Build sorted findings: by first location, then rule id, then fingerprint.
    fn into_findings(
        mut self,
        matcher: &Matcher,
        history: Option<&HistoryIndex>,
        diag: &Diagnostics,
    ) -> Vec<Finding> {
        let mut timelines = match history {
            Some(h) if !self.groups.is_empty() => {
                let secrets: Vec<(HashSet<Oid>, bool)> = self
                    .groups
                    .iter()
                    .map(|(key, locations)| {
                        (
                            self.blobs.get(key).cloned().unwrap_or_default(),
                            locations.iter().any(|l| l.commit.is_none()),
                        )
                    })
                    .collect();
                match BlobReader::open(&h.git_dir, diag) {
                    Ok(reader) => h
                        .timelines(reader.repo(), &secrets)
                        .into_iter()
                        .map(Some)
                        .collect(),
                    Err(e) => {
                        diag.warn_error(&e);
                        Vec::new()
                    }
                }
            }
            _ => Vec::new(),
        };
        timelines.resize(self.groups.len(), None);
        let mut findings: Vec<Finding> = self
            .groups
            .into_iter()
            .zip(timelines)
            .map(|((key, locations), timeline)| {
                let rule = matcher.rule(key.0);
                let suppressed = (self.marked.contains(&key) && !self.unmarked.contains(&key))
                    .then(crate::finding::Suppression::inline_in_change);
                let parts = self.parts.remove(&key).unwrap_or_default();
                Finding {
                    rule_id: rule.syntax.id.clone(),
                    rule_name: rule.syntax.name.clone(),
                    confidence: rule.confidence(),
                    fingerprint: Fingerprint::new(&rule.syntax.id, &key.1),
                    secret: key.1,
                    locations: locations.into_iter().collect(),
                    timeline,
                    verification: None,
                    revocation: None,
                    suppressed,
                    parts,
                }
            })
            .collect();
        sort_findings(&mut findings);
        findings
    }
}

/// One walker thread's matches.
struct Collector<'m> {
    matcher: &'m Matcher,
    found: Aggregate,
}

impl Visit for Collector<'_> {
    fn visit(&mut self, blob: &Blob) {
        let path = blob.origin.path();
        for m in self.matcher.find(path, &blob.bytes) {
            self.found.add(path, &m, None);
        }
    }
}

/// What a scan will read, enumerated before any rule is needed, so the caller can
/// compile rules on another thread meanwhile (the pre-commit path is latency-bound).
pub enum Prepared {
    /// Files and directories: enumerated while walking.
    Tree,
    /// Staged or range changes, and the base their suppressions come from.
    Changes(Repo, Vec<Changed>, Box<Base>),
    /// Git history, and the `--state` it was walked with.
    History(Box<HistoryIndex>, Option<Box<crate::state::State>>),
}

/// Enumerate what the configured mode reads.
pub fn prepare(cfg: &ScanConfig, diag: &Diagnostics) -> Result<Prepared> {
    let root = cfg.paths.first().map_or(Path::new("."), |p| p.as_path());
    Ok(match &cfg.mode {
        Mode::Tree => Prepared::Tree,
        Mode::Staged => {
            let (repo, changes) = staged::changes(root, cfg.walk.max_file_size, diag)?;
            Prepared::Changes(repo, changes, Box::new(Base::open(root, None, diag)?))
        }
        Mode::Since(rev) => {
            let (repo, changes) = range::changes(root, rev, cfg.walk.max_file_size, diag)?;
            Prepared::Changes(repo, changes, Box::new(Base::open(root, Some(rev), diag)?))
        }
        Mode::History if git2::Repository::discover(root).is_err() => {
            // `leakscan --revoke DIR` on a plain directory still scans what is
            // there, but history was asked for and not read: the scan is incomplete.
            let broken = root.canonicalize().ok().and_then(|abs| {
                abs.ancestors()
                    .find(|d| d.join(".git").exists())
                    .map(Path::to_path_buf)
            });
            match (broken, git2::Repository::discover(root)) {
                (Some(repo), Err(e)) => diag.warn(format_args!(
                    "{}: cannot open the git repository ({}); its history was not scanned, only the files",
                    repo.display(),
                    e.message()
                )),
                _ => diag.warn(format_args!(
                    "{}: not in a git repository; no history to scan, only the files",
                    root.display()
                )),
            }
            Prepared::Tree
        }
        Mode::History => {
            let started = std::time::Instant::now();
            let state = match (&cfg.state, git2::Repository::discover(root)) {
                (Some(path), Ok(repo)) => {
                    in_work_tree(path, &repo)?;
                    Some(Box::new(crate::state::State::load(path, repo.path(), diag)))
                }
                _ => None,
            };
            let prior = state.as_ref().and_then(|s| s.walk.as_ref());
            let index = HistoryIndex::build(root, cfg.progress, cfg.walk.threads, prior, diag)?;
            diag.timing("walk (commits and trees)", started.elapsed());
            if state.is_some() {
                diag.note(format_args!(
                    "state: {} known, {} walked",
                    crate::plural(index.reused.0, "commit"),
                    index.reused.1
                ));
            }
            Prepared::History(Box::new(index), state)
        }
    })
}

/// A state file in the work tree (outside `.git`) would be scanned as a file of
/// the tree, and a report with `--state` must be the report without it.
fn in_work_tree(state: &Path, repo: &git2::Repository) -> Result<()> {
    let Some(workdir) = repo.workdir().and_then(|w| w.canonicalize().ok()) else {
        return Ok(());
    };
    // The nearest existing ancestor of the state path, resolved.
    let mut probe = if state.is_absolute() {
        state.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| crate::error::Error::io(".", e))?
            .join(state)
    };
    while !probe.exists() {
        if !probe.pop() {
            return Ok(());
        }
    }
    let resolved = probe
        .canonicalize()
        .map_err(|e| crate::error::Error::io(&probe, e))?;
    let git_dir = repo
        .path()
        .canonicalize()
        .unwrap_or_else(|_| repo.path().to_path_buf());
    if resolved.starts_with(&workdir) && !resolved.starts_with(&git_dir) {
        return Err(crate::error::Error::Usage(format!(
            "--state {}: inside the repository's work tree, where the scan would read it; put it outside (e.g. ~/.cache/leakscan/) or under .git/",
            state.display()
        )));
    }
    Ok(())
}

/// Scan what [`prepare`] enumerated with `matcher`.
pub fn scan(
    cfg: &ScanConfig,
    prepared: Prepared,
    matcher: &Matcher,
    diag: &Diagnostics,
) -> Result<ScanResult> {
    let mut all = Aggregate::default();
    let mut stats = WalkStats::default();
    let mut history = None;
    let mut gate_base = None;
    let mut to_save = None;
    match prepared {
        Prepared::Tree => scan_trees(cfg, matcher, diag, &mut all, &mut stats),
        Prepared::Changes(repo, changes, mut base) => {
            scan_changes(
                &repo, &changes, &mut base, cfg, matcher, diag, &mut all, &mut stats,
            )?;
            gate_base = Some(base);
        }
        Prepared::History(index, mut saved) => {
            let started = std::time::Instant::now();
            // What decides a blob's matches: the rules, filters, decode depth and
            // size limit (and the executable: `state::key`).
            let key = saved.as_ref().map(|_| {
                crate::state::key(&format!(
                    "{}|{}",
                    matcher.settings_key(),
                    cfg.walk.gate().limit
                ))
            });
            let known = match (&mut saved, &key) {
                (Some(s), Some(k)) => Some(s.blobs(k, diag)),
                _ => None,
            };
            let recorded = scan_history(
                &index,
                cfg,
                matcher,
                diag,
                &mut all,
                &mut stats,
                "",
                known.as_ref(),
            );
            diag.timing("read and match blobs", started.elapsed());
            let started = std::time::Instant::now();
            let first = cfg.shard.is_none_or(crate::shard::Shard::is_first);
            let reader = BlobReader::open(&index.git_dir, diag)?;
            let workdir = reader.repo().workdir().filter(|_| first);
            if let Some(workdir) = workdir {
                let workdir = workdir.to_path_buf();
                let (collectors, walked) = fs::walk(&workdir, &cfg.walk, diag, || Collector {
                    matcher,
                    found: Aggregate::default(),
                });
                stats.add(&walked);
                for c in collectors {
                    all.merge(c.found);
                }
            }
            diag.timing("work tree", started.elapsed());
            let same = known.as_ref().is_some_and(|k| {
                index.unchanged
                    && k.clean.len() == recorded.clean.len()
                    && k.binary.len() == recorded.binary.len()
                    && k.oversized.len() == recorded.oversized.len()
            });
            if let Some(s) = &mut saved {
                if let Ok(mut p) = index.presence.lock() {
                    *p = std::mem::take(&mut s.presence);
                }
            }
            // Saved once the findings (and so the presence answers) are made.
            to_save = saved.zip(key).map(|(s, k)| (s, k, recorded, same));
            history = Some(index);
        }
    }
    let started = std::time::Instant::now();
    let mut findings = all.into_findings(matcher, history.as_deref(), diag);
    if history.is_some() {
        diag.timing(
            "attribute (introductions, timelines, refs)",
            started.elapsed(),
        );
    }
    if let (Some((state, key, recorded, same)), Some(index)) = (to_save, history.as_deref()) {
        let presence = match index.presence.lock() {
            Ok(p) => p.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        if !same || presence != state.presence_loaded() {
            // A walk that warned is not kept: its warnings must come back.
            let walk = (!diag.errored()).then(|| index.to_walk());
            if let Err(e) = state.save(&key, walk, recorded, presence) {
                diag.caution(format_args!(
                    "the state was not saved: {}",
                    crate::error::chain(&e)
                ));
            }
        }
    }
    if let Some(index) = history
        .as_ref()
        .filter(|_| cfg.shard.is_none_or(crate::shard::Shard::is_first))
    {
        add_submodules(&mut findings, index, "", cfg, matcher, diag, &mut stats);
    }
    let suppress: HashSet<&Fingerprint> = cfg.allow_fingerprints.iter().collect();
    let before = findings.len();
    let mut findings: Vec<Finding> = findings
        .into_iter()
        .filter(|f| !suppress.contains(&f.fingerprint))
        .collect();
    if let Some(globs) = &cfg.walk.allow_paths {
        for f in &mut findings {
            f.locations.retain(|l| !globs.is_match(&l.path));
        }
        findings.retain(|f| !f.locations.is_empty());
    }
    let mut suppressed = before - findings.len();
    let mut stale_baseline = 0;
    if let Some(path) = &cfg.baseline {
        // The gate's baseline is the base's version if the change could have edited it.
        let baseline = match &gate_base {
            None => crate::baseline::Baseline::load(path)?,
            Some(base) => {
                if let Some(text) = base.gate_file(path)? {
                    crate::baseline::Baseline::parse(&text, path)?
                } else {
                    diag.note(format_args!(
                        "{}: not in {}: the change adds it, so it does not apply",
                        path.display(),
                        base.name()
                    ));
                    crate::baseline::Baseline::default()
                }
            }
        };
        if matches!(cfg.mode, Mode::Tree | Mode::History) {
            let found: std::collections::HashSet<&Fingerprint> =
                findings.iter().map(|f| &f.fingerprint).collect();
            stale_baseline = baseline.stale(&found).len();
        }
        let n = findings.len();
        findings.retain(|f| !baseline.contains(&f.fingerprint));
        suppressed += n - findings.len();
    }
    Ok(ScanResult {
        findings,
        stats,
        suppressed,
        stale_baseline,
    })
}

/// Scan the history of each submodule (with `--submodules`; otherwise note it) and
/// merge its findings, paths prefixed with the submodule's path.
fn add_submodules(
    findings: &mut Vec<Finding>,
    index: &HistoryIndex,
    prefix: &str,
    cfg: &ScanConfig,
    matcher: &Matcher,
    diag: &Diagnostics,
    stats: &mut WalkStats,
) {
    if index.submodules.is_empty() {
        return;
    }
    if !cfg.submodules {
        for path in &index.submodules {
            diag.note(format_args!(
                "submodule at {prefix}{path} not scanned (use --submodules)"
            ));
        }
        return;
    }
    let Ok(repo) = BlobReader::open(&index.git_dir, diag) else {
        return;
    };
    for path in &index.submodules {
        let opened = repo
            .repo()
            .find_submodule(path)
            .and_then(|sm| sm.open())
            .map(|r| r.path().to_path_buf());
        let git_dir = match opened {
            Ok(dir) => dir,
            Err(e) => {
                diag.warn(format_args!(
                    "submodule at {prefix}{path}: not available ({}); not scanned",
                    e.message()
                ));
                continue;
            }
        };
        let sub = match HistoryIndex::build(&git_dir, cfg.progress, cfg.walk.threads, None, diag) {
            Ok(sub) => sub,
            Err(e) => {
                diag.warn_error(&e);
                continue;
            }
        };
        let sub_prefix = format!("{prefix}{path}/");
        let mut agg = Aggregate::default();
        scan_history(&sub, cfg, matcher, diag, &mut agg, stats, &sub_prefix, None);
        let mut found = agg.into_findings(matcher, Some(&sub), diag);
        add_submodules(&mut found, &sub, &sub_prefix, cfg, matcher, diag, stats);
        for f in found {
            match findings.iter_mut().find(|g| g.fingerprint == f.fingerprint) {
                Some(g) => {
                    g.locations.extend(f.locations);
                    g.locations.sort();
                    g.locations.dedup();
                }
                None => findings.push(f),
            }
        }
    }
    sort_findings(findings);
}

/// The report order: by first location, then rule id, then fingerprint.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.locations.first(), &a.rule_id, &a.fingerprint).cmp(&(
            b.locations.first(),
            &b.rule_id,
            &b.fingerprint,
        ))
    });
}

fn scan_trees(
    cfg: &ScanConfig,
    matcher: &Matcher,
    diag: &Diagnostics,
    all: &mut Aggregate,
    stats: &mut WalkStats,
) {
    for root in &cfg.paths {
        if fs::is_stdin(root) {
            match fs::read_stdin(cfg.walk.gate()) {
                Ok((pass, blob)) => {
                    stats.count(pass, blob.bytes.len() as u64);
                    match pass {
                        Pass::Text => {
                            let mut c = Collector {
                                matcher,
                                found: Aggregate::default(),
                            };
                            c.visit(&blob);
                            all.merge(c.found);
                        }
                        Pass::Binary => {}
                        // Unlike a skipped file, stdin was the whole input: the run
                        // is incomplete.
                        Pass::Oversized => diag.warn(format_args!(
                            "-: not scanned, larger than the size limit ({} bytes)",
                            cfg.walk.max_file_size
                        )),
                    }
                }
                Err(e) => diag.warn(format_args!("reading stdin: {e}")),
            }
            continue;
        }
        if let Err(e) = std::fs::symlink_metadata(root) {
            diag.warn(format_args!("{}: {e}", root.display()));
            continue;
        }
        let (collectors, walked) = fs::walk(root, &cfg.walk, diag, || Collector {
            matcher,
            found: Aggregate::default(),
        });
        stats.add(&walked);
        for c in collectors {
            all.merge(c.found);
        }
    }
}

/// Staged or range changes: match each changed blob, keep matches on added lines.
/// Paths are skipped only by the base's `.leakscanignore` files and allowlist. A
/// blob's size is read from its object header first, so an oversized blob is
/// skipped without being loaded.
#[allow(clippy::too_many_arguments)]
fn scan_changes(
    repo: &git2::Repository,
    changes: &[Changed],
    base: &mut Base,
    cfg: &ScanConfig,
    matcher: &Matcher,
    diag: &Diagnostics,
    all: &mut Aggregate,
    stats: &mut WalkStats,
) -> Result<()> {
    let odb = match repo.odb() {
        Ok(odb) => odb,
        Err(e) => {
            diag.warn(format_args!("opening the object database: {}", e.message()));
            return Ok(());
        }
    };
    for change in changes {
        if let Some(globs) = &cfg.walk.allow_paths {
            if globs.is_match(&change.path) {
                continue;
            }
        }
        if !cfg.walk.no_ignore && base.is_ignored(&change.path)? {
            continue;
        }
        let gate = cfg.walk.gate();
        let unreadable = |e: git2::Error| {
            diag.warn(format_args!(
                "blob {} ({}): {}",
                change.blob,
                change.path,
                e.message()
            ));
        };
        let size = match odb.read_header(change.blob) {
            Ok((size, _)) => size as u64,
            Err(e) => {
                unreadable(e);
                continue;
            }
        };
        if !gate.fits(size) {
            stats.count(Pass::Oversized, size);
            diag.note(gate.skipped(&change.path));
            continue;
        }
        let blob = match repo.find_blob(change.blob) {
            Ok(b) => b,
            Err(e) => {
                unreadable(e);
                continue;
            }
        };
        let bytes = blob.content();
        let pass = gate.check(bytes);
        stats.count(pass, bytes.len() as u64);
        if pass != Pass::Text {
            continue;
        }
        // A marker on an added line was written by the change itself: it must not
        // silence the gate, so those matches are kept and reported as suppressed.
        for m in matcher.find_with_marked(&change.path, bytes) {
            if change.added.binary_search(&m.line).is_ok() {
                all.add_change(&change.path, &m, change.commit.as_ref());
            }
        }
    }
    Ok(())
}

/// One blob's matches, grouped by the paths that share a rule scope.
type BlobMatches = Vec<(Introductions, Vec<Match>)>;

/// Every unique blob of history, once, in parallel.
#[allow(clippy::too_many_arguments)]
fn scan_history(
    index: &HistoryIndex,
    cfg: &ScanConfig,
    matcher: &Matcher,
    diag: &Diagnostics,
    all: &mut Aggregate,
    stats: &mut WalkStats,
    prefix: &str,
    known: Option<&crate::state::Blobs>,
) -> crate::state::Blobs {
    let gate = cfg.walk.gate();
    let bytes = AtomicU64::new(0);
    let files = AtomicU64::new(0);
    let binary = AtomicU64::new(0);
    let oversized = AtomicU64::new(0);
    let progress = crate::progress::bar(index.blobs.len() as u64, "blobs", cfg.progress);
    let recorded = std::sync::Mutex::new(crate::state::Blobs::default());
    let record = |f: &dyn Fn(&mut crate::state::Blobs)| {
        f(&mut recorded
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner));
    };
    // A blob over the size limit: counted, noted (by its first path) and remembered.
    let skip_oversized = |pos: usize| {
        let (oid, intros) = &index.blobs[pos];
        oversized.fetch_add(1, Ordering::Relaxed);
        diag.note(gate.skipped(format_args!(
            "blob {oid} ({})",
            intros.first().map_or("?", |(p, _)| p.as_ref())
        )));
        if known.is_some() {
            record(&|r| r.oversized.push(crate::state::id(*oid)));
        }
    };
    // Blobs the state knows (clean under the same path-limited rules, binary, over
    // the limit) are counted as they were, not read.
    let mut todo: Vec<usize> = Vec::with_capacity(index.blobs.len());
    if let Some(known) = known {
        let clean: HashMap<(crate::state::Id, &str), u64> = known
            .clean
            .iter()
            .map(|(o, sc, len)| ((*o, sc.as_str()), *len))
            .collect();
        let bin: HashMap<crate::state::Id, u64> = known.binary.iter().copied().collect();
        let over: HashSet<crate::state::Id> = known.oversized.iter().copied().collect();
        let mut scopes_of: HashMap<&str, String> = HashMap::default();
        for (pos, (oid, intros)) in index.blobs.iter().enumerate() {
            let id = crate::state::id(*oid);
            if let Some(&len) = bin.get(&id) {
                binary.fetch_add(1, Ordering::Relaxed);
                bytes.fetch_add(len, Ordering::Relaxed);
                record(&|r| r.binary.push((id, len)));
            } else if over.contains(&id) {
                skip_oversized(pos);
            } else {
                let mut scopes: Vec<String> = Vec::new();
                for (path, _) in intros {
                    let key = scopes_of
                        .entry(path.as_ref())
                        .or_insert_with(|| scope_key(&matcher.scope(path)));
                    if !scopes.contains(key) {
                        scopes.push(key.clone());
                    }
                }
                let lens: Option<Vec<u64>> = scopes
                    .iter()
                    .map(|sc| clean.get(&(id, sc.as_str())).copied())
                    .collect();
                if let Some(len) = lens.and_then(|l| l.first().copied()) {
                    files.fetch_add(1, Ordering::Relaxed);
                    bytes.fetch_add(len, Ordering::Relaxed);
                    record(&|r| {
                        r.clean
                            .extend(scopes.iter().map(|sc| (id, sc.clone(), len)));
                    });
                } else {
                    todo.push(pos);
                    continue;
                }
            }
            if let Some(pb) = &progress {
                pb.inc(1);
            }
        }
        diag.note(format_args!(
            "state: {} known, {} read",
            crate::plural(index.blobs.len() - todo.len(), "blob"),
            todo.len()
        ));
    } else {
        todo.extend(0..index.blobs.len());
    }
    if let Some(shard) = cfg.shard {
        todo.retain(|&pos| shard.has_blob(index.blobs[pos].0.as_bytes()));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.walk.threads)
        .build();
    // Blobs the scan has read: counted, gated and matched; `Some` when it matched.
    let process = |pos: usize, data: &[u8]| -> Option<BlobMatches> {
        let (oid, intros) = &index.blobs[pos];
        if let Some(pb) = &progress {
            pb.inc(1);
            if pb.position() % 64 == 0 {
                let secs = pb.elapsed().as_secs_f64().max(1e-3);
                let mib = bytes.load(Ordering::Relaxed) as f64 / 1_048_576.0;
                pb.set_message(format!("{:.1} MiB/s", mib / secs));
            }
        }
        let len = data.len() as u64;
        if !gate.fits(len) {
            skip_oversized(pos);
            return None;
        }
        bytes.fetch_add(len, Ordering::Relaxed);
        if gate.check(data) == Pass::Binary {
            binary.fetch_add(1, Ordering::Relaxed);
            if known.is_some() {
                record(&|r| r.binary.push((crate::state::id(*oid), len)));
            }
            return None;
        }
        files.fetch_add(1, Ordering::Relaxed);
        let (found, clean) = match_blob(matcher, data, intros);
        if known.is_some() && !clean.is_empty() {
            let id = crate::state::id(*oid);
            record(&|r| {
                r.clean.extend(clean.iter().map(|sc| (id, sc.clone(), len)));
            });
        }
        Some(found).filter(|m| !m.is_empty())
    };
    let run = || {
        // First straight from the packs, each object inflated once; then whatever
        // they could not give (loose objects, damaged entries, oversized bases)
        // through libgit2, one blob at a time.
        let found = std::sync::Mutex::new(Vec::new());
        let wanted: Vec<Oid> = todo.iter().map(|&pos| index.blobs[pos].0).collect();
        let packs: Vec<std::path::PathBuf> = match git2::Repository::open(&index.git_dir) {
            Ok(repo) => crate::source::loose::object_dirs(&repo.commondir().join("objects"))
                .iter()
                .flat_map(|dir| crate::source::pack::pack_files(dir))
                .collect(),
            Err(_) => Vec::new(),
        };
        // A few blobs (a rescan) are not worth reading every pack's headers.
        let packs = if wanted.len() < 1_000 {
            Vec::new()
        } else {
            packs
        };
        let outcome = crate::source::pack::read_blobs(&packs, &wanted, gate.limit, |i, data| {
            let pos = todo[i];
            if let Some(m) = process(pos, data) {
                found
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push((pos, m));
            }
        });
        let left: Vec<usize> = outcome.left.iter().map(|&i| todo[i]).collect();
        let rest: Vec<(usize, BlobMatches)> = left
            .par_iter()
            .map_init(
                || {
                    BlobReader::open(&index.git_dir, diag)
                        .map_err(|e| diag.warn_error(&e))
                        .ok()
                },
                |reader, &pos| {
                    let reader = reader.as_ref()?;
                    let oid = &index.blobs[pos].0;
                    match reader.with_blob(*oid, gate, |data| process(pos, data)) {
                        Ok(Some(found)) => found.map(|m| (pos, m)),
                        Ok(None) => {
                            if let Some(pb) = &progress {
                                pb.inc(1);
                            }
                            skip_oversized(pos);
                            None
                        }
                        Err(e) => {
                            diag.warn(format_args!("object {oid}: {}", e.message()));
                            None
                        }
                    }
                },
            )
            .flatten()
            .collect();
        let mut found = found
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        found.extend(rest);
        // The order blobs were listed in, whichever way each was read.
        found.sort_unstable_by_key(|(pos, _)| *pos);
        found
            .into_iter()
            .map(|(pos, m)| (index.blobs[pos].0, m))
            .collect::<Vec<(Oid, BlobMatches)>>()
    };
    let found = match pool {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    for (oid, groups) in found {
        for (paths, matches) in groups {
            for m in &matches {
                for (path, commit) in &paths {
                    let commit = Some(&index.commits[*commit as usize]);
                    if prefix.is_empty() {
                        all.add(path, m, commit);
                    } else {
                        all.add(&format!("{prefix}{path}"), m, commit);
                    }
                }
                all.blobs
                    .entry((m.rule, m.secret.clone()))
                    .or_default()
                    .insert(oid);
            }
        }
    }
    stats.files += files.into_inner();
    stats.bytes += bytes.into_inner();
    stats.binary += binary.into_inner();
    stats.oversized += oversized.into_inner();
    recorded
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Match one blob once per distinct rule scope of its paths (almost always once):
/// the groups that matched, and the keys of the scopes that matched nothing.
fn match_blob(
    matcher: &Matcher,
    data: &[u8],
    intros: &Introductions,
) -> (BlobMatches, Vec<String>) {
    let mut groups: Vec<(Vec<usize>, Introductions)> = Vec::new();
    for (path, commit) in intros {
        let scope = matcher.scope(path);
        match groups.iter_mut().find(|(s, _)| *s == scope) {
            Some((_, paths)) => paths.push((Arc::clone(path), *commit)),
            None => groups.push((scope, vec![(Arc::clone(path), *commit)])),
        }
    }
    let mut clean = Vec::new();
    let found = groups
        .into_iter()
        .filter_map(|(scope, paths)| {
            let found = matcher.find(&paths[0].0, data);
            if found.is_empty() {
                clean.push(scope_key(&scope));
                None
            } else {
                Some((paths, found))
            }
        })
        .collect();
    (found, clean)
}

fn scope_key(scope: &[usize]) -> String {
    scope
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
