//! JSON and JSONL reports. The schema is documented in the README and stable:
//! fields are only ever added.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::ReportOptions;
use crate::finding::{Encoding, Finding, Location};

/// A finding on the wire.
#[derive(Debug, Serialize, Deserialize)]
pub struct FindingJson {
    /// Stable rule id.
    pub rule_id: String,
    /// Rule name.
    pub rule_name: String,
    /// `high`, `medium` or `low`.
    pub confidence: String,
    /// 32 hex digits: hash of rule id and secret.
    pub fingerprint: String,
    /// A few leading characters and `…`.
    pub redacted: String,
    /// Shannon entropy of the secret, bits per byte.
    #[serde(default)]
    pub entropy: f64,
    /// The raw secret, only with `--show-secrets`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Every location, sorted.
    pub locations: Vec<LocationJson>,
    /// History scans only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<TimelineJson>,
    /// `--verify` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<crate::outcome::Verification>,
    /// `--revoke` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation: Option<crate::outcome::Revocation>,
    /// Gate modes only: a suppression the change itself added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<crate::finding::Suppression>,
    /// Found in decoded text: how it was encoded (`base64`, `percent`, `escape`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    /// Shard format with `--seal-to` only: the raw secret and its parts, sealed
    /// with age to the coordinator's recipients, base64 (`seal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<String>,
}

/// A secret's timeline on the wire.
#[derive(Debug, Serialize, Deserialize)]
pub struct TimelineJson {
    /// The first commit that added it.
    pub introduced: Option<IntroducedJson>,
    /// In HEAD's tree or the working tree.
    pub still_present: bool,
    /// The first commit on HEAD's first-parent history whose tree no longer has it
    /// (after its last presence there).
    pub removed: Option<RemovedJson>,
    /// Refs it is reachable from.
    pub refs: Vec<String>,
    /// The `shard` format only: where `introduced` and `removed` stand in the
    /// repository's history, for `merge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<crate::finding::TimelineOrder>,
}

/// `timeline.introduced`.
#[derive(Debug, Serialize, Deserialize)]
pub struct IntroducedJson {
    /// Commit id.
    pub commit: String,
    /// Author name.
    pub author: String,
    /// Author email.
    pub email: String,
    /// Author date, RFC 3339.
    pub date: String,
}

/// `timeline.removed`.
#[derive(Debug, Serialize, Deserialize)]
pub struct RemovedJson {
    /// Commit id.
    pub commit: String,
    /// Author date, RFC 3339.
    pub date: String,
}

/// A location on the wire.
#[derive(Debug, Serialize, Deserialize)]
pub struct LocationJson {
    /// `--repos`: the repository as listed (credentials stripped); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// Path relative to the scanned root.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
    /// 1-based line of the secret's last character.
    #[serde(default)]
    pub end_line: u32,
    /// 1-based column of the secret's last character (inclusive).
    #[serde(default)]
    pub end_column: u32,
    /// How the text here encodes the secret; absent when it is there as is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    /// The secret's line with every secret on it redacted (and other long tokens
    /// that mix letters and digits cut), at most 60 characters either side.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub context: String,
    /// The commit that introduced this content at this path (history modes); null
    /// for the working tree, the index and stdin.
    pub commit: Option<String>,
    /// That commit's author name.
    pub author: Option<String>,
    /// That commit's author email.
    pub email: Option<String>,
    /// That commit's author date, RFC 3339.
    pub date: Option<String>,
    /// That commit's subject line.
    pub subject: Option<String>,
}

impl FindingJson {
    /// The wire form of a finding.
    pub fn new(f: &Finding, opts: ReportOptions) -> Self {
        FindingJson {
            rule_id: f.rule_id.clone(),
            rule_name: f.rule_name.clone(),
            confidence: f.confidence.as_str().to_string(),
            fingerprint: f.fingerprint.to_string(),
            redacted: f.secret.redacted(),
            entropy: f.secret.entropy(),
            secret: opts.show_secrets.then(|| f.secret.to_text()),
            locations: f.locations.iter().map(LocationJson::new).collect(),
            timeline: f.timeline.as_ref().map(|t| TimelineJson {
                introduced: t.introduced.as_ref().map(|c| IntroducedJson {
                    commit: c.oid.clone(),
                    author: c.author.clone(),
                    email: c.email.clone(),
                    date: c.date.clone(),
                }),
                still_present: t.still_present,
                removed: t.removed.as_ref().map(|c| RemovedJson {
                    commit: c.oid.clone(),
                    date: c.date.clone(),
                }),
                refs: t.refs.clone(),
                order: None,
            }),
            verification: f.verification.clone(),
            revocation: f.revocation.clone(),
            suppressed: f.suppressed.clone(),
            encoding: f.encoding(),
            sealed: None,
        }
    }
}

impl LocationJson {
    fn new(l: &Location) -> Self {
        let c = l.commit.as_deref();
        LocationJson {
            repository: l.repository.as_deref().map(str::to_string),
            path: l.path.clone(),
            line: l.line,
            column: l.column,
            end_line: l.end_line,
            end_column: l.end_column,
            encoding: l.encoding,
            context: l.context.clone(),
            commit: c.map(|c| c.oid.clone()),
            author: c.map(|c| c.author.clone()),
            email: c.map(|c| c.email.clone()),
            date: c.map(|c| c.date.clone()),
            subject: c.map(|c| c.subject.clone()),
        }
    }
}

pub(super) fn write(
    findings: &[Finding],
    opts: ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let wire: Vec<FindingJson> = findings.iter().map(|f| FindingJson::new(f, opts)).collect();
    serde_json::to_writer_pretty(&mut *out, &wire)?;
    writeln!(out)
}

pub(super) fn write_lines(
    findings: &[Finding],
    opts: ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    for f in findings {
        serde_json::to_writer(&mut *out, &FindingJson::new(f, opts))?;
        writeln!(out)?;
    }
    Ok(())
}

/// The `shard` format's name and version (`"format": "leakscan-shard/1"`).
pub const SHARD_FORMAT: &str = "leakscan-shard/1";

/// A report for `leakscan merge`: the JSON findings, and what merge must know
/// besides them.
#[derive(Debug, Serialize, Deserialize)]
pub struct ShardJson {
    /// [`SHARD_FORMAT`].
    pub format: String,
    /// The shard (`INDEX/COUNT`), or null for a whole scan or a merge.
    pub shard: Option<String>,
    /// False when the scan was incomplete (a warning: a repository not cloned, an
    /// unreadable object); a merge with any incomplete input is incomplete.
    pub complete: bool,
    /// The findings, as in the JSON report.
    pub findings: Vec<FindingJson>,
    /// One repository's `--history`: its origin and HEAD, for SARIF's
    /// `versionControlProvenance`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<super::Provenance>,
}

pub(super) fn write_shard(
    findings: &[Finding],
    opts: ReportOptions,
    vcs: Option<&super::Provenance>,
    sealed: &crate::seal::Sealed,
    out: &mut dyn Write,
) -> io::Result<()> {
    let wire = ShardJson {
        format: SHARD_FORMAT.to_string(),
        shard: opts.shard.map(|s| s.to_string()),
        complete: opts.complete,
        findings: findings
            .iter()
            .map(|f| {
                let mut wire = FindingJson::new(f, opts);
                if let (Some(t), Some(w)) = (&f.timeline, &mut wire.timeline) {
                    w.order = t.order;
                }
                wire.sealed = sealed.get(&f.fingerprint).cloned();
                wire
            })
            .collect(),
        provenance: vcs.cloned(),
    };
    serde_json::to_writer_pretty(&mut *out, &wire)?;
    writeln!(out)
}
