//! Reports: findings written in the format a person or a machine wants.
//!
//! Owns the output formats, one file each (`text`, `json` with JSONL, `sarif`), all
//! writing to an `impl Write` they are handed: only `main.rs` decides whether that is
//! stdout or a file. Wire types live beside each format, apart from the domain types
//! in `finding`. Raw secrets appear only with `show_secrets`.

mod json;
mod sarif;
mod text;

use std::io::Write;

pub use json::{FindingJson, LocationJson};

use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::rule::RuleSet;

/// An output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Human-readable, grouped by secret.
    #[default]
    Text,
    /// A JSON array of findings.
    Json,
    /// One JSON finding per line.
    Jsonl,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
}

impl Format {
    /// Parse a format name.
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "jsonl" => Some(Format::Jsonl),
            "sarif" => Some(Format::Sarif),
            _ => None,
        }
    }
}

/// How to write a report.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReportOptions {
    /// Include raw secrets.
    pub show_secrets: bool,
    /// ANSI colours (text only).
    pub color: bool,
    /// The scan read everything it was asked to; only then may the text report
    /// say "no secrets found".
    pub complete: bool,
}

/// Write `findings` in `format`.
pub fn write(
    format: Format,
    findings: &[Finding],
    rules: &RuleSet,
    opts: ReportOptions,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Text => text::write(findings, opts, out),
        Format::Json => json::write(findings, opts, out),
        Format::Jsonl => json::write_lines(findings, opts, out),
        Format::Sarif => sarif::write(findings, rules, out),
    }
    .map_err(Error::Output)?;
    out.flush().map_err(Error::Output)
}
