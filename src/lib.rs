//! leakscan: find hard-coded secrets (Paperspace API keys first) in trees and git
//! history, and report them in a form people and CI can act on.
//!
//! The pipeline is straight:
//!
//! ```text
//! Config ─▶ RuleSet::load ─▶ Matcher::new                    (startup: errors are fatal)
//!        ─▶ source (fs walk / stdin) ─▶ matcher.find per blob (parallel; per-blob errors warn)
//!        ─▶ aggregate by (rule, secret) ─▶ sort ─▶ allowlist / baseline
//!        ─▶ report::write ─▶ Outcome (exit code)
//! ```
//!
//! ```
//! use leakscan::{config::{Command, Config, ScanConfig, ScanFlags}, report::Format, Diagnostics};
//! let dir = tempfile::tempdir()?;
//! let key: String = "8f3c1e9a2b7d4c60e5f1a9b3d7c2e4".into();
//! std::fs::write(dir.path().join(".env"), format!("PAPERSPACE_API_KEY={key}\n"))?;
//! let flags = ScanFlags { paths: vec![dir.path().into()], format: Format::Json, ..Default::default() };
//! let cfg = Config { command: Command::Scan(Box::new(ScanConfig::resolve(flags, &Diagnostics::new(true))?)), quiet: true };
//! let mut out = Vec::new();
//! let outcome = leakscan::run(&cfg, &mut out, &Diagnostics::new(true))?;
//! assert_eq!(outcome, leakscan::Outcome::Findings);
//! let report = String::from_utf8(out)?;
//! assert!(report.contains("paperspace.api-key") && !report.contains(&key));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod baseline;
pub mod config;
mod context;
pub mod decode;
pub mod error;
pub mod filter;
pub mod finding;
pub mod forge;
pub mod hook;
pub mod matcher;
pub mod merge;
pub mod org;
pub mod outcome;
mod prefilter;
mod progress;
pub mod report;
pub mod revoke;
pub mod rule;
pub mod scan;
pub mod seal;
pub mod shard;
pub mod source;
pub mod state;
pub mod verify;

use std::io::Write;

use crate::config::{Command, Config, ScanConfig};
pub use crate::error::{Diagnostics, Error, Result};
use crate::matcher::{GlobalFilters, Matcher};
use crate::report::ReportOptions;
use crate::rule::RuleSet;

/// How a run ended; `main` maps it to the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing found, scan complete: exit 0.
    Clean,
    /// Findings reported: exit 1.
    Findings,
    /// A problem made the scan incomplete, or a check failed: exit 2.
    Incomplete,
    /// A secret verified live, or that may be live (`unknown`), remains: exit 3.
    LiveSecrets,
}

impl Outcome {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Incomplete => 2,
            Outcome::LiveSecrets => 3,
        }
    }
}

/// Run one command. The report goes to `out` (unless the config names an output
/// file); warnings go through `diag`.
pub fn run(cfg: &Config, out: &mut dyn Write, diag: &Diagnostics) -> Result<Outcome> {
    match &cfg.command {
        Command::Scan(scan) => run_scan(scan, out, diag),
        Command::Merge(m) => merge::run(m, out, diag),
        Command::Baseline { scan, write } => run_baseline(scan, write, out, diag),
        Command::RulesList {
            rules,
            json,
            categories,
            providers,
        } => {
            let set = RuleSet::load(rules)?;
            let wanted = |want: &[String], have: &str| {
                want.is_empty() || want.iter().any(|w| w.eq_ignore_ascii_case(have))
            };
            let chosen: Vec<&rule::Rule> = set
                .rules()
                .iter()
                .filter(|r| wanted(categories, r.category()) && wanted(providers, r.provider()))
                .collect();
            if chosen.is_empty() && !(categories.is_empty() && providers.is_empty()) {
                return Err(Error::Usage(format!(
                    "no rule matches --category {categories:?} --provider {providers:?} (see `leakscan rules list`)"
                )));
            }
            rule_list(&chosen, *json, out)?;
            Ok(Outcome::Clean)
        }
        Command::RulesCheck { files } => rules_check(files, out),
        Command::RevokeStdin { rule, scan } => revoke_stdin(rule, scan, out, diag),
        Command::ProvidersList {
            rules,
            providers,
            json,
        } => {
            let set = RuleSet::load(rules)?;
            provider_list(&set, &verify::registry(providers)?, *json, out)?;
            Ok(Outcome::Clean)
        }
        Command::InstallHook { path, force } => {
            let exe = std::env::current_exe().map_err(|e| Error::io("leakscan binary", e))?;
            let hook = hook::install(path, *force, &exe, diag)?;
            writeln!(out, "installed {}", hook.display()).map_err(Error::Output)?;
            Ok(Outcome::Clean)
        }
    }
}

/// `leakscan baseline`: scan, then write the baseline, keeping what an existing one
/// recorded and listing the entries that match nothing any more.
fn run_baseline(
    scan: &ScanConfig,
    write: &baseline::WriteOptions,
    out: &mut dyn Write,
    diag: &Diagnostics,
) -> Result<Outcome> {
    // Read before the scan: the file is about to be replaced.
    let previous = match &scan.output {
        Some(path) if path.exists() => Some(baseline::Baseline::load(path)?),
        Some(path) if write.prune => {
            return Err(Error::Usage(format!(
                "--prune: {} does not exist",
                path.display()
            )))
        }
        _ => None,
    };
    let (_, result) = scan_with_rules(scan, diag)?;
    let now = verify::now();
    let done = match &scan.output {
        Some(path) => {
            let mut text = Vec::new();
            let done = baseline::Baseline::write(
                &result.findings,
                previous.as_ref(),
                write,
                &now,
                &mut text,
            )?;
            std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
            done
        }
        None => baseline::Baseline::write(&result.findings, None, write, &now, out)?,
    };
    for e in &done.removed {
        diag.note(format_args!(
            "removed {} `{}` ({}): matches nothing any more{}",
            report::escape(&e.rule_id),
            report::escape(&e.redacted),
            e.fingerprint,
            e.reason
                .as_ref()
                .map(|r| format!("; it was accepted because: {}", report::escape(r)))
                .unwrap_or_default()
        ));
    }
    diag.note(format_args!(
        "baseline holds {}: {} new, {} removed",
        plural(done.kept, "fingerprint"),
        done.added,
        done.removed.len()
    ));
    Ok(finish(diag, false))
}

fn scan_with_rules(cfg: &ScanConfig, diag: &Diagnostics) -> Result<(Matcher, scan::ScanResult)> {
    if cfg.repos.is_some() {
        let rules = RuleSet::load(&cfg.rules)?;
        let matcher = Matcher::new(rules, cfg.filters.clone())?.with_decode_depth(cfg.decode_depth);
        let result = org::scan(cfg, &matcher, diag)?;
        return Ok((matcher, result));
    }
    // Rules compile on one thread while the source is enumerated on this one.
    let (matcher, prepared) = std::thread::scope(|s| {
        let compiling = s.spawn(|| {
            let rules = RuleSet::load(&cfg.rules)?;
            Matcher::new(rules, cfg.filters.clone()).map(|m| m.with_decode_depth(cfg.decode_depth))
        });
        let prepared = scan::prepare(cfg, diag);
        let matcher = compiling
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (matcher, prepared)
    });
    let matcher = matcher?;
    let result = scan::scan(cfg, prepared?, &matcher, diag)?;
    Ok((matcher, result))
}

fn run_scan(cfg: &ScanConfig, out: &mut dyn Write, diag: &Diagnostics) -> Result<Outcome> {
    let started = std::time::Instant::now();
    let (matcher, mut result) = scan_with_rules(cfg, diag)?;
    let found = result.findings.len();
    result
        .findings
        .retain(|f| f.confidence >= cfg.min_confidence);
    let below = found - result.findings.len();
    if below > 0 {
        diag.note(format_args!(
            "{} below --min-confidence {} not reported",
            plural(below, "finding"),
            cfg.min_confidence.as_str()
        ));
    }
    if let Some(v) = &cfg.verify {
        revoke::process(&mut result.findings, matcher.rules(), v, diag)?;
    }
    // `--only-verified` reports live secrets only; one that could not be verified
    // (`unknown`) is not reported but still keeps the exit code at 3: it may be live.
    let mut hidden_unknown = 0;
    if cfg.only_verified {
        let before = result.findings.len();
        hidden_unknown = result
            .findings
            .iter()
            .filter(|f| {
                f.verification
                    .as_ref()
                    .is_some_and(|v| v.status == verify::Status::Unknown)
            })
            .count();
        result.findings.retain(|f| {
            f.verification
                .as_ref()
                .is_some_and(|v| v.status == verify::Status::Live)
                || f.revocation.is_some()
        });
        let dropped = before - result.findings.len();
        if dropped > 0 {
            diag.note(format_args!(
                "{} not verified live not reported (--only-verified)",
                plural(dropped, "finding")
            ));
        }
        if hidden_unknown > 0 {
            diag.warn(format_args!(
                "{} could not be verified and may be live; run without --only-verified to see {}",
                plural(hidden_unknown, "secret"),
                if hidden_unknown == 1 { "it" } else { "them" }
            ));
        }
    }
    write_report(cfg, &result.findings, matcher.rules(), diag, out)?;
    let s = result.stats;
    diag.note(format_args!(
        "scanned {} ({:.1} MiB) in {:.2}s; skipped {} binary, {} oversized and {} ignored paths; {}, {} suppressed",
        plural(usize::try_from(s.files).unwrap_or(usize::MAX), "file"),
        s.bytes as f64 / (1024.0 * 1024.0),
        started.elapsed().as_secs_f64(),
        s.binary,
        s.oversized,
        s.ignored,
        plural(result.findings.len(), "finding"),
        result.suppressed
    ));
    if result.stale_baseline > 0 {
        if let Some(path) = &cfg.baseline {
            diag.note(format_args!(
                "{} of {} match nothing any more: `leakscan baseline --prune -o {}` removes {}",
                if result.stale_baseline == 1 {
                    "1 entry".to_string()
                } else {
                    format!("{} entries", result.stale_baseline)
                },
                path.display(),
                path.display(),
                if result.stale_baseline == 1 {
                    "it"
                } else {
                    "them"
                }
            ));
        }
    }
    if let Some(v) = &cfg.verify {
        diag.note(revoke::tally(&result.findings));
        if hidden_unknown > 0 {
            return Ok(Outcome::LiveSecrets);
        }
        return Ok(finish_verified(diag, &result.findings, v.flags.revoke));
    }
    Ok(finish(diag, !result.findings.is_empty()))
}

fn write_report(
    cfg: &ScanConfig,
    findings: &[finding::Finding],
    rules: &RuleSet,
    diag: &Diagnostics,
    out: &mut dyn Write,
) -> Result<()> {
    let opts = ReportOptions {
        show_secrets: cfg.show_secrets,
        color: cfg.color,
        complete: !diag.errored(),
        gate: matches!(cfg.mode, config::Mode::Staged | config::Mode::Since(_)),
        staged: cfg.mode == config::Mode::Staged,
        quiet: diag.is_quiet(),
        shard: cfg.shard,
    };
    // Git scans name their repository in SARIF (without credentials).
    let vcs = (matches!(cfg.format, report::Format::Sarif | report::Format::Shard)
        && cfg.mode != config::Mode::Tree
        && cfg.repos.is_none())
    .then(|| {
        cfg.paths
            .first()
            .and_then(|p| report::Provenance::of(p, diag))
    })
    .flatten();
    // Only the shard format carries sealed secrets (`ScanConfig::resolve` refuses
    // --seal-to with any other).
    let sealed = if cfg.format == report::Format::Shard {
        cfg.seal_to.seal_all(findings)?
    } else {
        seal::Sealed::new()
    };
    report::write_to(
        cfg.format,
        findings,
        rules,
        opts,
        vcs.as_ref(),
        &sealed,
        cfg.output.as_deref(),
        out,
    )
}

/// Exit codes once secrets were verified: 3 while a secret that is live, or may be
/// live (its verification was `unknown`), remains (it wins over an incomplete scan:
/// someone must act now); with `--revoke`, 0 only when every found secret is proven
/// not live (verified invalid, or revoked and re-verified): a secret no provider can
/// check keeps it at 1.
pub(crate) fn finish_verified(
    diag: &Diagnostics,
    findings: &[finding::Finding],
    revoking: bool,
) -> Outcome {
    if findings.iter().any(revoke::may_be_live) {
        Outcome::LiveSecrets
    } else if diag.errored() {
        Outcome::Incomplete
    } else if findings.is_empty() || (revoking && findings.iter().all(revoke::is_proven_dead)) {
        Outcome::Clean
    } else {
        Outcome::Findings
    }
}

/// `leakscan revoke --rule ID -`: one secret from stdin, verified and revoked.
fn revoke_stdin(
    rule_id: &str,
    cfg: &ScanConfig,
    out: &mut dyn Write,
    diag: &Diagnostics,
) -> Result<Outcome> {
    let matcher = Matcher::new(RuleSet::load(&cfg.rules)?, cfg.filters.clone())?;
    let index = matcher
        .rules()
        .rules()
        .iter()
        .position(|r| r.syntax.id == rule_id)
        .ok_or_else(|| Error::Usage(format!("unknown rule id `{rule_id}`")))?;
    let rule = matcher.rule(index);
    if rule.syntax.verify.is_none() {
        return Err(Error::Usage(format!(
            "rule `{rule_id}` names no provider to verify or revoke with"
        )));
    }
    let limit = cfg.walk.max_file_size;
    let mut raw = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::io::stdin().lock(), limit.saturating_add(1)),
        &mut raw,
    )
    .map_err(|e| Error::io("stdin", e))?;
    if raw.len() as u64 > limit {
        return Err(Error::Usage(format!(
            "stdin: more than {limit} bytes; give one secret"
        )));
    }
    let (secret, parts) = extract_secret(&matcher, index, &raw)?;
    let width = u32::try_from(secret.to_text().chars().count()).unwrap_or(u32::MAX);
    let mut findings = vec![finding::Finding {
        rule_id: rule.syntax.id.clone(),
        rule_name: rule.syntax.name.clone(),
        confidence: rule.confidence(),
        fingerprint: finding::Fingerprint::new(&rule.syntax.id, &secret),
        secret,
        locations: vec![finding::Location {
            repository: None,
            path: "-".into(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: width.max(1),
            encoding: None,
            context: String::new(),
            commit: None,
        }],
        timeline: None,
        verification: None,
        revocation: None,
        suppressed: None,
        parts,
    }];
    if let Some(v) = &cfg.verify {
        revoke::process(&mut findings, matcher.rules(), v, diag)?;
    }
    write_report(cfg, &findings, matcher.rules(), diag, out)?;
    Ok(finish_verified(diag, &findings, true))
}

/// The one secret of rule `index` in `input`: what the rule's pattern finds there
/// (`PAPERSPACE_API_KEY="…"`), or a bare token that the rule accepts when it stands
/// where the rule's own examples hold their secret. Input holding no such secret,
/// or several different ones, is refused: the provider must get exactly the key.
fn extract_secret(
    matcher: &Matcher,
    index: usize,
    input: &[u8],
) -> Result<(finding::Secret, Parts)> {
    let rule = matcher.rule(index);
    let id = &rule.syntax.id;
    let mut found: std::collections::BTreeMap<finding::Secret, Parts> =
        std::collections::BTreeMap::new();
    for m in matcher
        .find("-", input)
        .into_iter()
        .filter(|m| m.rule == index)
    {
        let parts = m
            .parts
            .into_iter()
            .map(|(n, v)| (n, finding::Secret::new(v)))
            .collect();
        found.entry(m.secret).or_insert(parts);
    }
    if found.len() > 1 {
        return Err(Error::Usage(format!(
            "stdin holds {} different `{id}` secrets; give one at a time",
            found.len()
        )));
    }
    if let Some(found) = found.into_iter().next() {
        return Ok(found);
    }
    let token = input.trim_ascii();
    if !token.is_empty() && !token.iter().any(u8::is_ascii_whitespace) {
        let path = rule.syntax.example_path.as_deref().unwrap_or("example");
        for example in &rule.syntax.examples {
            let ex = example.as_bytes();
            for m in matcher
                .find(path, ex)
                .into_iter()
                .filter(|m| m.rule == index)
            {
                let end = m.offset + m.secret.expose().len();
                let probe = [&ex[..m.offset], token, &ex[end..]].concat();
                let accepted = matcher
                    .find(path, &probe)
                    .iter()
                    .any(|p| p.rule == index && p.secret.expose() == token);
                if accepted {
                    return Ok((finding::Secret::new(token.to_vec()), Vec::new()));
                }
            }
        }
    }
    Err(Error::Usage(format!(
        "stdin holds no `{id}` secret (give the key alone, or a line the rule recognises)"
    )))
}

/// A credential's other parts, by the name the rule gives them.
type Parts = Vec<(String, finding::Secret)>;

/// `1 finding`, `2 findings`.
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn finish(diag: &Diagnostics, found: bool) -> Outcome {
    if diag.errored() {
        Outcome::Incomplete
    } else if found {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// The rules, as JSON (each rule as written, with its category) or as text grouped
/// by category, one line per rule, with a count per category and in all.
fn rule_list(rules: &[&rule::Rule], json: bool, out: &mut dyn Write) -> Result<()> {
    if json {
        let list: Vec<serde_json::Value> = rules
            .iter()
            .map(|r| {
                let mut v = serde_json::to_value(&r.syntax)
                    .map_err(|e| Error::Output(std::io::Error::other(e)))?;
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("category".into(), r.category().into());
                    obj.insert("provider".into(), r.provider().into());
                }
                Ok(v)
            })
            .collect::<Result<_>>()?;
        serde_json::to_writer_pretty(&mut *out, &list)
            .map_err(|e| Error::Output(std::io::Error::other(e)))?;
        writeln!(out).map_err(Error::Output)?;
        return Ok(());
    }
    let mut by_category: std::collections::BTreeMap<&str, Vec<&rule::Rule>> =
        std::collections::BTreeMap::new();
    for r in rules {
        by_category.entry(r.category()).or_default().push(r);
    }
    // The verifier column is as wide as its longest id.
    let width = rules
        .iter()
        .filter_map(|r| r.syntax.verify.as_deref())
        .map(str::len)
        .max()
        .unwrap_or(1);
    for (category, group) in &by_category {
        let providers: std::collections::BTreeSet<&str> =
            group.iter().map(|r| r.provider()).collect();
        writeln!(
            out,
            "{} ({} rules, {} providers)",
            report::escape(category),
            group.len(),
            providers.len()
        )
        .map_err(Error::Output)?;
        for r in group {
            let s = &r.syntax;
            writeln!(
                out,
                "  {:<44} {:<6} {:<width$} {}{}",
                report::escape(&s.id),
                s.confidence.as_str(),
                report::escape(s.verify.as_deref().unwrap_or("-")),
                report::escape(&s.name),
                if s.enabled { "" } else { "  (off)" }
            )
            .map_err(Error::Output)?;
        }
    }
    let providers: std::collections::BTreeSet<&str> = rules.iter().map(|r| r.provider()).collect();
    writeln!(
        out,
        "{} rules, {} providers, {} categories",
        rules.len(),
        providers.len(),
        by_category.len()
    )
    .map_err(Error::Output)?;
    Ok(())
}

/// The providers: id, name, verify, revoke (`api`/`manual`), the base-URL variable
/// and default, and the rules that name it.
fn provider_list(
    rules: &RuleSet,
    providers: &[Box<dyn verify::Provider>],
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let rows: Vec<(verify::Description, bool, &str, String, Vec<&str>)> = providers
        .iter()
        .map(|p| {
            let d = p.describe();
            let ids: Vec<&str> = rules
                .rules()
                .iter()
                .filter(|r| r.syntax.verify.as_deref() == Some(d.id))
                .map(|r| r.syntax.id.as_str())
                .collect();
            let kind = if p.revokes_by_api() { "api" } else { "manual" };
            (d, p.verifies(), kind, p.revoke_method(), ids)
        })
        .collect();
    if json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|(d, verifies, revoke, how, ids)| {
                serde_json::json!({
                    "id": d.id,
                    "name": d.name,
                    "verify": verifies,
                    "revoke": revoke,
                    "revoke_method": how,
                    "env": d.env,
                    "default_api_url": d.default_api_url,
                    "rules": ids,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list)
            .map_err(|e| Error::Output(std::io::Error::other(e)))?;
        writeln!(out).map_err(Error::Output)?;
        return Ok(());
    }
    for (d, verifies, revoke, _, ids) in &rows {
        let base = if d.env.is_empty() {
            "(sends nothing)".to_string()
        } else {
            format!("{}={}", d.env, d.default_api_url)
        };
        writeln!(
            out,
            "{:<16} {:<22} {:<7} revoke:{:<7} {}\n{:<16} rules: {}",
            d.id,
            d.name,
            if *verifies { "verify" } else { "-" },
            revoke,
            base,
            "",
            if ids.is_empty() {
                "(none)".to_string()
            } else {
                ids.join(", ")
            }
        )
        .map_err(Error::Output)?;
    }
    let api = rows.iter().filter(|(_, _, r, _, _)| *r == "api").count();
    let verifying = rows.iter().filter(|(_, v, _, _, _)| *v).count();
    writeln!(
        out,
        "{} providers: {verifying} verify; {api} revoke through their API, {} need a person",
        rows.len(),
        rows.len() - api
    )
    .map_err(Error::Output)?;
    Ok(())
}

fn rules_check(files: &[std::path::PathBuf], out: &mut dyn Write) -> Result<Outcome> {
    let mut syntax = Vec::new();
    if files.is_empty() {
        syntax = rule::builtin::syntax()?;
    }
    for path in files {
        for f in rule::rule_files(path)? {
            let text = std::fs::read_to_string(&f).map_err(|e| Error::io(&f, e))?;
            syntax.extend(rule::parse_rules(&text, &f.display().to_string())?);
        }
    }
    let count = syntax.len();
    let rules = syntax
        .into_iter()
        .map(|(r, o)| rule::Rule::compile(r, o))
        .collect::<Result<Vec<_>>>()?;
    let filters = GlobalFilters {
        stopwords: config::DEFAULT_STOPWORDS
            .iter()
            .map(ToString::to_string)
            .collect(),
        allow: Vec::new(),
    };
    let failures = rule::check::check(rules, &filters)?;
    for f in &failures {
        writeln!(
            out,
            "FAIL {} ({}): {}",
            report::escape(&f.rule_id),
            report::escape(&f.origin),
            report::escape(&f.message)
        )
        .map_err(Error::Output)?;
    }
    writeln!(out, "{} rules checked, {} failures", count, failures.len()).map_err(Error::Output)?;
    Ok(if failures.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Incomplete
    })
}
