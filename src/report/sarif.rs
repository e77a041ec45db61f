//! SARIF 2.1.0, the subset GitHub code scanning ingests.
//!
//! Only the objects we emit are modelled, each with its section of the OASIS SARIF
//! 2.1.0 specification. One result per location, so each file gets its own alert;
//! `partialFingerprints` carry the finding's fingerprint (shared by all its
//! locations) and a per-location hash of fingerprint and path, so alerts survive
//! moved lines. Artifact URIs are relative to `%SRCROOT%`; no absolute paths, no
//! author data.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::finding::Finding;
use crate::rule::{Confidence, Rule, RuleSet};

/// §3.13 sarifLog.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

/// §3.14 run.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    /// §3.14.24: our columns count code points.
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

/// §3.18 tool.
#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

/// §3.19 toolComponent.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    semantic_version: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

/// §3.49 reportingDescriptor.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Message,
    full_description: Message,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<&'a str>,
    default_configuration: DefaultConfiguration,
    properties: RuleProperties,
}

/// §3.11 message (plain text only).
#[derive(Serialize)]
struct Message {
    text: String,
}

/// §3.12 multiformatMessageString.
#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

/// §3.50 reportingConfiguration.
#[derive(Serialize)]
struct DefaultConfiguration {
    level: &'static str,
}

/// §3.8 property bag, with the keys GitHub reads.
#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    precision: &'static str,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
}

/// §3.27 result.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<SarifLocation>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties>,
}

/// §3.8 property bag of a result: verification and revocation outcomes, without
/// identities (no personal data in SARIF).
#[derive(Serialize)]
struct ResultProperties {
    #[serde(skip_serializing_if = "Option::is_none")]
    verification: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    revocation: Option<&'static str>,
}

/// §3.28 location.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: PhysicalLocation,
}

/// §3.29 physicalLocation.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

/// §3.4 artifactLocation.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

/// §3.30 region.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
}

fn level(c: Confidence) -> &'static str {
    match c {
        Confidence::High | Confidence::Medium => "error",
        Confidence::Low => "warning",
    }
}

/// `paperspace.api-key` → `PaperspaceApiKey`.
fn pascal(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            cs.next()
                .map(|f| f.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Percent-encode what a relative URI reference may not hold as is (RFC 3986).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push_str(&crate::finding::hex(&[b]).to_ascii_uppercase());
        }
    }
    out
}

fn location_hash(fingerprint: &str, path: &str) -> String {
    let digest = Sha256::digest(format!("{fingerprint}\0{path}").as_bytes());
    crate::finding::hex(&digest[..16])
}

pub(super) fn write(findings: &[Finding], rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    let mut used: Vec<&str> = findings.iter().map(|f| f.rule_id.as_str()).collect();
    used.sort_unstable();
    used.dedup();
    let descriptors: Vec<ReportingDescriptor> = used
        .iter()
        .map(|id| {
            let rule = rules.get(id);
            let name = rule.map_or_else(|| (*id).to_string(), |r| r.syntax.name.clone());
            let description = rule
                .map(|r| r.syntax.description.trim().to_string())
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| format!("{name}."));
            let references = rule.map_or(&[][..], |r| r.syntax.references.as_slice());
            let mut markdown = format!(
                "{description}\n\nRevoke or rotate the secret at the provider, then remove it from the code and from git history. If this is a false positive, add `leakscan:allow` to the line or its fingerprint to `[allowlist] fingerprints` in `.leakscan.toml`."
            );
            for r in references {
                markdown.push_str("\n\n- <");
                markdown.push_str(r);
                markdown.push('>');
            }
            let confidence = rule.map_or(Confidence::High, Rule::confidence);
            ReportingDescriptor {
                id,
                name: pascal(id),
                short_description: Message { text: name.clone() },
                full_description: Message {
                    text: description.clone(),
                },
                help: Help {
                    text: format!(
                        "{description} Revoke or rotate the secret, then remove it from the code and from git history."
                    ),
                    markdown,
                },
                help_uri: references.first().map(String::as_str),
                default_configuration: DefaultConfiguration {
                    level: level(confidence),
                },
                properties: RuleProperties {
                    tags: vec!["security", "secret"],
                    precision: match confidence {
                        Confidence::High => "high",
                        Confidence::Medium => "medium",
                        Confidence::Low => "low",
                    },
                    security_severity: match confidence {
                        Confidence::High => "9.0",
                        Confidence::Medium => "7.0",
                        Confidence::Low => "5.0",
                    },
                },
            }
        })
        .collect();
    let mut results = Vec::new();
    for f in findings {
        let rule_index = used.binary_search(&f.rule_id.as_str()).unwrap_or(0);
        for l in &f.locations {
            let mut partial = BTreeMap::new();
            partial.insert("leakscan/fingerprint/v1", f.fingerprint.to_string());
            partial.insert(
                "leakscan/location/v1",
                location_hash(f.fingerprint.as_str(), &l.path),
            );
            results.push(SarifResult {
                rule_id: f.rule_id.clone(),
                rule_index,
                level: level(f.confidence),
                message: Message {
                    text: format!(
                        "{} `{}` (fingerprint {}).",
                        f.rule_name,
                        f.secret.redacted(),
                        f.fingerprint
                    ),
                },
                locations: vec![SarifLocation {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: uri(&l.path),
                            uri_base_id: "%SRCROOT%",
                        },
                        region: Region {
                            start_line: l.line,
                            start_column: l.column,
                        },
                    },
                }],
                partial_fingerprints: partial,
                properties: f.verification.as_ref().map(|v| ResultProperties {
                    verification: Some(match v.status {
                        crate::verify::Status::Live => "live",
                        crate::verify::Status::Invalid => "invalid",
                        crate::verify::Status::Unknown => "unknown",
                    }),
                    provider: Some(v.provider.clone()),
                    revocation: f.revocation.as_ref().map(|r| r.status.as_str()),
                }),
            });
        }
    }
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "leakscan",
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: descriptors,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert_eq!(pascal("paperspace.api-key"), "PaperspaceApiKey");
        assert_eq!(uri("dir/a b#c.txt"), "dir/a%20b%23c.txt");
    }
}
