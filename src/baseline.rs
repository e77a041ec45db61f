//! Baselines: fingerprints of accepted findings, so old findings do not block CI.
//!
//! Owns the baseline file format (a JSON array of `{rule_id, fingerprint, redacted,
//! paths, reason?, accepted_by?, accepted_at?}`, sorted by fingerprint, no lines, so
//! it survives moved lines and rarely conflicts in merges), loading (any JSON array
//! of objects with a `fingerprint`, in any order, duplicates allowed, so a
//! `--format json` report or a merge that kept both sides works too), and rewriting
//! (a regenerated baseline keeps each entry's reason and who accepted it; pruning
//! drops entries that match nothing any more and adds nothing).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::finding::{Finding, Fingerprint};

/// A loaded baseline.
#[derive(Debug, Default)]
pub struct Baseline {
    fingerprints: HashSet<Fingerprint>,
    /// The entries as read (the last of duplicates wins, keeping a reason if any).
    entries: BTreeMap<Fingerprint, Entry>,
}

/// One entry as written.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    /// The rule that found it.
    #[serde(default)]
    pub rule_id: String,
    /// The finding's fingerprint.
    pub fingerprint: String,
    /// The secret, redacted.
    #[serde(default)]
    pub redacted: String,
    /// Where it was found when accepted.
    #[serde(default)]
    pub paths: BTreeSet<String>,
    /// Why it was accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who accepted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_by: Option<String>,
    /// When, RFC 3339 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_at: Option<String>,
}

/// How `leakscan baseline` writes.
#[derive(Clone, Debug, Default)]
pub struct WriteOptions {
    /// The reason recorded on entries this run adds.
    pub reason: Option<String>,
    /// Who accepted the entries this run adds.
    pub accepted_by: Option<String>,
    /// Keep only the previous baseline's entries that still match; add nothing.
    pub prune: bool,
}

/// What a rewrite did.
#[derive(Debug, Default)]
pub struct Rewritten {
    /// Entries written.
    pub kept: usize,
    /// New entries.
    pub added: usize,
    /// Previous entries that match nothing any more, dropped.
    pub removed: Vec<Entry>,
}

impl Baseline {
    /// Load a baseline or JSON report.
    pub fn load(path: &Path) -> Result<Baseline> {
        let text = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Baseline::parse(&text, path)
    }

    /// Parse a baseline or JSON report; `path` names it in errors.
    pub fn parse(text: &[u8], path: &Path) -> Result<Baseline> {
        let bad = |message: String| Error::Config {
            path: path.to_path_buf(),
            message,
        };
        let list: Vec<Entry> = serde_json::from_slice(text).map_err(|e| {
            bad(format!(
                "line {}, column {}: not a baseline or JSON report: {e}",
                e.line(),
                e.column()
            ))
        })?;
        let mut entries: BTreeMap<Fingerprint, Entry> = BTreeMap::new();
        for e in list {
            let fp = Fingerprint::parse(&e.fingerprint)
                .ok_or_else(|| bad(format!("`{}` is not a fingerprint", e.fingerprint)))?;
            match entries.get_mut(&fp) {
                // A merge that kept both sides: paths join, a reason is never lost.
                Some(old) => {
                    old.paths.extend(e.paths);
                    if old.reason.is_none() {
                        old.reason = e.reason;
                        old.accepted_by = e.accepted_by;
                        old.accepted_at = e.accepted_at;
                    }
                }
                None => {
                    entries.insert(fp, e);
                }
            }
        }
        Ok(Baseline {
            fingerprints: entries.keys().cloned().collect(),
            entries,
        })
    }

    /// The entries whose fingerprint is not in `found`: stale suppressions.
    pub fn stale<'a>(&'a self, found: &HashSet<&Fingerprint>) -> Vec<&'a Entry> {
        self.entries
            .iter()
            .filter(|(fp, _)| !found.contains(fp))
            .map(|(_, e)| e)
            .collect()
    }

    /// How many fingerprints it holds.
    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }

    /// Whether the baseline accepts this finding.
    pub fn contains(&self, fp: &Fingerprint) -> bool {
        self.fingerprints.contains(fp)
    }

    /// Write a baseline of `findings` to `out`, keeping what `previous` recorded
    /// about each entry (its reason, who accepted it, when); with `prune`, only
    /// `previous`'s entries that still match are written.
    pub fn write(
        findings: &[Finding],
        previous: Option<&Baseline>,
        opts: &WriteOptions,
        now: &str,
        out: &mut dyn Write,
    ) -> Result<Rewritten> {
        let mut entries: BTreeMap<&Fingerprint, Entry> = BTreeMap::new();
        let mut added = 0;
        for f in findings {
            let old = previous.and_then(|b| b.entries.get(&f.fingerprint));
            if opts.prune && old.is_none() {
                continue;
            }
            let e = entries.entry(&f.fingerprint).or_insert_with(|| {
                if let Some(old) = old {
                    return Entry {
                        paths: BTreeSet::new(),
                        ..old.clone()
                    };
                }
                added += 1;
                Entry {
                    rule_id: f.rule_id.clone(),
                    fingerprint: f.fingerprint.to_string(),
                    redacted: f.secret.redacted(),
                    paths: BTreeSet::new(),
                    reason: opts.reason.clone(),
                    accepted_by: opts.accepted_by.clone(),
                    accepted_at: (opts.reason.is_some() || opts.accepted_by.is_some())
                        .then(|| now.to_string()),
                }
            });
            e.paths.extend(f.locations.iter().map(|l| l.path.clone()));
        }
        let removed = previous
            .map(|b| {
                b.entries
                    .iter()
                    .filter(|(fp, _)| !entries.contains_key(fp))
                    .map(|(_, e)| e.clone())
                    .collect()
            })
            .unwrap_or_default();
        let list: Vec<&Entry> = entries.values().collect();
        serde_json::to_writer_pretty(&mut *out, &list)
            .map_err(|e| Error::Output(std::io::Error::other(e)))?;
        writeln!(out).map_err(Error::Output)?;
        Ok(Rewritten {
            kept: list.len(),
            added,
            removed,
        })
    }
}
