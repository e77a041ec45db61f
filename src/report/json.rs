//! JSON and JSONL reports. The schema is documented in the README and stable:
//! fields are only ever added.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::ReportOptions;
use crate::finding::{Finding, Location};

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
    /// The raw secret, only with `--show-secrets`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Every location, sorted.
    pub locations: Vec<LocationJson>,
}

/// A location on the wire.
#[derive(Debug, Serialize, Deserialize)]
pub struct LocationJson {
    /// Path relative to the scanned root.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
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
            secret: opts.show_secrets.then(|| f.secret.to_text()),
            locations: f.locations.iter().map(LocationJson::new).collect(),
        }
    }
}

impl LocationJson {
    fn new(l: &Location) -> Self {
        LocationJson {
            path: l.path.clone(),
            line: l.line,
            column: l.column,
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
