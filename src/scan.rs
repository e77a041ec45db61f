//! The scan: sources → matcher → findings.
//!
//! Owns the parallel part of the pipeline and the aggregation of matches into
//! [`Finding`]s: one per (rule, secret), with every location, sorted so output is
//! byte-identical whatever the thread count. Suppression by fingerprint (config
//! allowlist, baseline) happens here too. It does not format output (`report`).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::config::ScanConfig;
use crate::error::{Diagnostics, Result};
use crate::finding::{Finding, Fingerprint, Location, Secret};
use crate::matcher::{Match, Matcher};
use crate::source::fs::{self, Visit, WalkStats};
use crate::source::Blob;

/// A scan's findings and what it read.
#[derive(Debug, Default)]
pub struct ScanResult {
    /// Findings, sorted.
    pub findings: Vec<Finding>,
    /// What the walk read.
    pub stats: WalkStats,
    /// Findings dropped because their fingerprint is allowlisted or in the baseline.
    pub suppressed: usize,
}

/// Matches grouped by (rule index, secret).
#[derive(Default)]
pub(crate) struct Aggregate {
    groups: BTreeMap<(usize, Secret), BTreeSet<Location>>,
}

impl Aggregate {
    pub(crate) fn add(&mut self, path: &str, m: Match) {
        self.groups
            .entry((m.rule, m.secret))
            .or_default()
            .insert(Location {
                path: path.to_string(),
                line: m.line,
                column: m.column,
            });
    }

    pub(crate) fn merge(&mut self, other: Aggregate) {
        for (key, locs) in other.groups {
            self.groups.entry(key).or_default().extend(locs);
        }
    }

    /// Build sorted findings: by first location, then rule id, then fingerprint.
    pub(crate) fn into_findings(self, matcher: &Matcher) -> Vec<Finding> {
        let mut findings: Vec<Finding> = self
            .groups
            .into_iter()
            .map(|((rule_idx, secret), locations)| {
                let rule = matcher.rule(rule_idx);
                Finding {
                    rule_id: rule.syntax.id.clone(),
                    rule_name: rule.syntax.name.clone(),
                    confidence: rule.confidence(),
                    fingerprint: Fingerprint::new(&rule.syntax.id, &secret),
                    secret,
                    locations: locations.into_iter().collect(),
                }
            })
            .collect();
        findings.sort_by(|a, b| {
            (a.locations.first(), &a.rule_id, &a.fingerprint).cmp(&(
                b.locations.first(),
                &b.rule_id,
                &b.fingerprint,
            ))
        });
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
            self.found.add(path, m);
        }
    }
}

/// Scan the configured roots with `matcher`.
pub fn scan(cfg: &ScanConfig, matcher: &Matcher, diag: &Diagnostics) -> Result<ScanResult> {
    let mut all = Aggregate::default();
    let mut stats = WalkStats::default();
    for root in &cfg.paths {
        if fs::is_stdin(root) {
            match fs::read_stdin() {
                Ok(blob) => {
                    stats.files += 1;
                    stats.bytes += blob.bytes.len() as u64;
                    let mut c = Collector {
                        matcher,
                        found: Aggregate::default(),
                    };
                    c.visit(&blob);
                    all.merge(c.found);
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
    let findings = all.into_findings(matcher);
    let suppress: HashSet<&Fingerprint> = cfg.allow_fingerprints.iter().collect();
    let before = findings.len();
    let mut findings: Vec<Finding> = findings
        .into_iter()
        .filter(|f| !suppress.contains(&f.fingerprint))
        .collect();
    let mut suppressed = before - findings.len();
    if let Some(path) = &cfg.baseline {
        let baseline = crate::baseline::Baseline::load(path)?;
        let n = findings.len();
        findings.retain(|f| !baseline.contains(&f.fingerprint));
        suppressed += n - findings.len();
    }
    Ok(ScanResult {
        findings,
        stats,
        suppressed,
    })
}
