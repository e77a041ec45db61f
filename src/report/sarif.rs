//! SARIF 2.1.0, the subset GitHub code scanning ingests.
//!
//! Only the objects we emit are modelled, each with its section of the OASIS SARIF
//! 2.1.0 specification. Artifact URIs are relative to `%SRCROOT%`; no absolute paths.
//!
//! Shape of the results (GitHub dedupes alerts by `partialFingerprints`, shows only a
//! result's first location in place, and links `relatedLocations` that the message
//! names as `[text](id)`):
//!
//! - One result per secret and file: `partialFingerprints` hold the finding's
//!   fingerprint (`leakscan/fingerprint/v1`, shared by all its files) and a hash of
//!   fingerprint and path (`leakscan/location/v1`), so no two results share them and
//!   an alert survives moved lines, and the same alert stays open while the secret
//!   moves from the working tree into history only. Places that would make identical
//!   results (same path, line and column, seen in the working tree and in commits)
//!   are one location.
//! - The primary location is where the secret is in the working tree, if it is at
//!   that path; otherwise where history introduced it there. Every other place in the
//!   same file follows as a `relatedLocation` with its own message, linked from the
//!   result's message.
//! - Commits (`--history`, `--since`): `properties.commit` (sha, author name, date;
//!   no email) is the commit that introduced the secret at this path, and each
//!   location carries the same for its own place. A `--history` scan also reads the
//!   working tree, so there `properties.workingTree` says whether the place is in it,
//!   and a result only history holds says so in its message, with where it was
//!   introduced and removed and which refs still reach it: its line is that commit's,
//!   so GitHub cannot show it in place once the file changed or is gone.
//! - `versionControlProvenance` (git scans with an `origin` remote): the repository's
//!   URI with any credential stripped, HEAD's commit and branch. It describes the
//!   run's one checkout; per-result commits belong in the property bags above.
//! - `suppressions`: an inline marker the change under review added (gate modes),
//!   status `underReview`, so the alert stays open for a person to decide.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::finding::{CommitInfo, Finding};
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
    /// §3.14.13: the repository a git scan read (origin URL without credentials,
    /// HEAD's commit and branch); historical places carry their own commit in
    /// their properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    version_control_provenance: Vec<VersionControlDetails>,
    results: Vec<SarifResult>,
}

/// §3.23 versionControlDetails.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VersionControlDetails {
    repository_uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    revision_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    branch: Option<String>,
    mapped_to: MappedTo,
}

/// §3.4 artifactLocation, as `mappedTo`: the repository root is `%SRCROOT%`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MappedTo {
    uri_base_id: &'static str,
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties>,
}

/// §3.35 suppression: an inline marker the change under review added. Its status
/// is `underReview`, not `accepted`, so code scanning keeps the alert open until a
/// person decides.
#[derive(Serialize)]
struct SarifSuppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
}

/// §3.8 property bag of a result: verification and revocation outcomes, without
/// the key owner's identity; in history scans, where the secret was introduced.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties {
    #[serde(skip_serializing_if = "Option::is_none")]
    verification: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    revocation: Option<&'static str>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    history: Option<PlaceProperties>,
}

/// §3.8 property bag of a location (and, flattened, of a result) when commits were
/// scanned.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlaceProperties {
    /// `--repos`: the repository as listed (credentials stripped); the uri is
    /// relative to its root.
    #[serde(skip_serializing_if = "Option::is_none")]
    repository: Option<String>,
    /// Whether the working tree holds the secret at this place (`--history` only:
    /// other scans of commits do not read the working tree).
    #[serde(skip_serializing_if = "Option::is_none")]
    working_tree: Option<bool>,
    /// The earliest commit that holds it here.
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<CommitProperties>,
}

/// A commit, without the author's email.
#[derive(Serialize)]
struct CommitProperties {
    sha: String,
    author: String,
    date: String,
}

/// §3.28 location.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    /// §3.28.2: what a message's `[text](id)` link points at (related locations).
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<PlaceProperties>,
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
    /// §3.30.7: the line of the region's last character.
    end_line: u32,
    /// §3.30.8: the column just past the region's last character.
    end_column: u32,
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

pub(super) fn write(
    findings: &[Finding],
    rules: &RuleSet,
    vcs: Option<&super::Provenance>,
    out: &mut dyn Write,
) -> io::Result<()> {
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
        for (path, places) in super::places_by_path(&f.locations) {
            results.push(result(f, rule_index, path, places));
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
            version_control_provenance: vcs
                .map(|v| VersionControlDetails {
                    repository_uri: v.repository_uri.clone(),
                    revision_id: v.revision_id.clone(),
                    branch: v.branch.clone(),
                    mapped_to: MappedTo {
                        uri_base_id: "%SRCROOT%",
                    },
                })
                .into_iter()
                .collect(),
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

/// The result for finding `f` in the file at `path`, whose places are `places`.
fn result(
    f: &Finding,
    rule_index: usize,
    path: &str,
    mut places: Vec<super::Place<'_>>,
) -> SarifResult {
    // Only a `--history` scan has timelines, and it reads the working tree too.
    let history = f.timeline.is_some();
    // Primary: the working tree's first place; else where history introduced it.
    let primary = places
        .iter()
        .position(|p| p.in_tree)
        .or_else(|| {
            places
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.first_commit().map(|c| (c.time, &c.oid, i)))
                .min()
                .map(|(.., i)| i)
        })
        .unwrap_or(0);
    let main = places.remove(primary);
    let introduced = std::iter::once(&main)
        .chain(&places)
        .filter_map(super::Place::first_commit)
        .min_by_key(|c| (c.time, &c.oid));

    let mut text = format!(
        "{} `{}` (fingerprint {})",
        link_safe(&f.rule_name),
        f.secret.redacted(),
        f.fingerprint
    );
    match (introduced, main.in_tree) {
        (None, _) => text.push('.'),
        (Some(c), true) => {
            let _ = write!(
                text,
                ", in the working tree; introduced at this path in commit {}.",
                commit_words(c)
            );
        }
        (Some(c), false) if !history => {
            let _ = write!(text, ", introduced in commit {}.", commit_words(c));
        }
        (Some(c), false) => {
            let _ = write!(
                text,
                ", introduced in commit {}; not in the working tree at this path. Line {} is as of that commit: if the file has changed or no longer exists, code scanning cannot show this alert in place.",
                commit_words(c),
                main.line
            );
            if let Some(t) = &f.timeline {
                if let (Some(r), false) = (&t.removed, t.still_present) {
                    let _ = write!(
                        text,
                        " The secret was removed from HEAD in commit {} on {}.",
                        short(&r.oid),
                        r.date
                    );
                }
                if !t.refs.is_empty() {
                    let _ = write!(
                        text,
                        " Still reachable from {}.",
                        link_safe(&t.refs.join(", "))
                    );
                }
            }
        }
    }
    let related: Vec<SarifLocation> = places
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut loc = sarif_location(path, p, history);
            loc.id = Some(i + 1);
            loc.message = Some(Message {
                text: place_words(p, history),
            });
            loc
        })
        .collect();
    if !related.is_empty() {
        let links: Vec<String> = places
            .iter()
            .enumerate()
            .map(|(i, p)| match p.first_commit() {
                Some(c) => format!("[line {}, commit {}]({})", p.line, short(&c.oid), i + 1),
                None => format!("[line {}]({})", p.line, i + 1),
            })
            .collect();
        let _ = write!(text, " Also in this file: {}.", links.join("; "));
    }

    let mut partial = BTreeMap::new();
    partial.insert("leakscan/fingerprint/v1", f.fingerprint.to_string());
    partial.insert(
        "leakscan/location/v1",
        // One alert per repository and path.
        location_hash(
            f.fingerprint.as_str(),
            &main
                .repository
                .map_or_else(|| path.to_string(), |r| format!("{r}:{path}")),
        ),
    );
    let verification = f.verification.as_ref();
    let commits = introduced.is_some();
    let properties = (verification.is_some() || commits || history).then(|| ResultProperties {
        verification: verification.map(|v| v.status.as_str()),
        provider: verification.map(|v| v.provider.clone()),
        revocation: f.revocation.as_ref().map(|r| r.status.as_str()),
        history: (commits || history).then(|| PlaceProperties {
            repository: None,
            working_tree: history.then_some(main.in_tree),
            commit: introduced.map(commit_properties),
        }),
    });
    SarifResult {
        rule_id: f.rule_id.clone(),
        rule_index,
        level: level(f.confidence),
        message: Message { text },
        locations: vec![sarif_location(path, &main, history)],
        related_locations: related,
        partial_fingerprints: partial,
        suppressions: f
            .suppressed
            .iter()
            .map(|s| SarifSuppression {
                kind: "inSource",
                status: "underReview",
                justification: s.reason.clone(),
            })
            .collect(),
        properties,
    }
}

fn sarif_location(path: &str, place: &super::Place<'_>, history: bool) -> SarifLocation {
    SarifLocation {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri(path),
                uri_base_id: "%SRCROOT%",
            },
            region: Region {
                start_line: place.line,
                start_column: place.column,
                end_line: place.end_line,
                end_column: place.end_column + 1,
            },
        },
        message: None,
        properties: (history || place.first_commit().is_some() || place.repository.is_some()).then(
            || PlaceProperties {
                repository: place.repository.map(str::to_string),
                working_tree: history.then_some(place.in_tree),
                commit: place.first_commit().map(commit_properties),
            },
        ),
    }
}

fn commit_properties(c: &CommitInfo) -> CommitProperties {
    CommitProperties {
        sha: c.oid.clone(),
        author: c.author.clone(),
        date: c.date.clone(),
    }
}

/// `abc123def456 by Ana Dev on 2024-01-01T00:00:00Z`.
fn commit_words(c: &CommitInfo) -> String {
    format!(
        "{} by {} on {}",
        short(&c.oid),
        link_safe(&c.author),
        c.date
    )
}

/// A related location's words: `line 3 as of commit abc123def456 by … on …`.
fn place_words(p: &super::Place<'_>, history: bool) -> String {
    match (p.in_tree, p.first_commit()) {
        (true, None) => format!("line {}, working tree", p.line),
        (true, Some(c)) => format!(
            "line {}, working tree (since commit {})",
            p.line,
            commit_words(c)
        ),
        (false, Some(c)) if history => format!(
            "line {} as of commit {}, not in the working tree",
            p.line,
            commit_words(c)
        ),
        (false, Some(c)) => format!("line {} as of commit {}", p.line, commit_words(c)),
        (false, None) => format!("line {}", p.line),
    }
}

fn short(oid: &str) -> &str {
    &oid[..oid.len().min(12)]
}

/// Text for a SARIF message that holds `[text](id)` links (§3.11.6): literal
/// brackets from content are escaped so they cannot make or break a link.
fn link_safe(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
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
