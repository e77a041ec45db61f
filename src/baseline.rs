//! Baselines: fingerprints of accepted findings, so old findings do not block CI.
//!
//! Owns the baseline file format (a JSON array of `{rule_id, fingerprint, redacted,
//! paths}`, sorted by fingerprint, no lines and no timestamps, so it survives moved
//! lines and rarely conflicts in merges) and loading: any JSON array of objects with a
//! `fingerprint`, so a `--format json` report works as a baseline too.

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
}

/// One entry as written.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    #[serde(default)]
    rule_id: String,
    fingerprint: String,
    #[serde(default)]
    redacted: String,
    #[serde(default)]
    paths: BTreeSet<String>,
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
        let entries: Vec<Entry> = serde_json::from_slice(text).map_err(|e| {
            bad(format!(
                "line {}, column {}: not a baseline or JSON report: {e}",
                e.line(),
                e.column()
            ))
        })?;
        let fingerprints = entries
            .iter()
            .map(|e| {
                Fingerprint::parse(&e.fingerprint)
                    .ok_or_else(|| bad(format!("`{}` is not a fingerprint", e.fingerprint)))
            })
            .collect::<Result<_>>()?;
        Ok(Baseline { fingerprints })
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

    /// Write a baseline of `findings` to `out`.
    pub fn write(findings: &[Finding], out: &mut dyn Write) -> Result<()> {
        let mut entries: BTreeMap<&Fingerprint, Entry> = BTreeMap::new();
        for f in findings {
            let e = entries.entry(&f.fingerprint).or_insert_with(|| Entry {
                rule_id: f.rule_id.clone(),
                fingerprint: f.fingerprint.to_string(),
                redacted: f.secret.redacted(),
                paths: BTreeSet::new(),
            });
            e.paths.extend(f.locations.iter().map(|l| l.path.clone()));
        }
        let list: Vec<&Entry> = entries.values().collect();
        serde_json::to_writer_pretty(&mut *out, &list)
            .map_err(|e| Error::Output(std::io::Error::other(e)))?;
        writeln!(out).map_err(Error::Output)
    }
}
