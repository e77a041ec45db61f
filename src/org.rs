//! Many repositories in one scan (`--repos FILE`), and putting findings of several
//! repositories or shards together.
//!
//! Owns the loop over the listed repositories (this shard's, with `--shard`): each
//! is brought to this machine (`source::repos`), scanned by the one per-repository
//! pipeline (`scan::prepare` + `scan::scan`, as for a single repository), and its
//! findings tagged with the repository's name. A repository that cannot be cloned,
//! fetched or opened is a warning naming it; the others are scanned. Also owns
//! [`combine`], the rule by which findings of one (rule, secret) from different
//! repositories become one, which `merge` applies to reports too, so that a merge
//! of shards equals the scan of all.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::{RepoList, ScanConfig};
use crate::error::{Diagnostics, Result};
use crate::finding::{CommitInfo, Finding, Timeline};
use crate::matcher::Matcher;
use crate::scan::ScanResult;
use crate::source::repos::{self, Fetched};

/// Scan every repository of `cfg.repos` (this shard's) with `matcher`.
pub fn scan(cfg: &ScanConfig, matcher: &Matcher, diag: &Diagnostics) -> Result<ScanResult> {
    let Some(list) = &cfg.repos else {
        return Ok(ScanResult::default());
    };
    let listed = match list {
        RepoList::File(path) => repos::load(path, diag)?,
        RepoList::Forge(source, filter) => from_forge(source, *filter, diag)?,
    };
    // Where a listed repository comes from, for messages: `FILE:LINE`, or the
    // organisation.
    let from = |l: &repos::Listed| match list {
        RepoList::File(path) => format!("{}:{}", path.display(), l.line),
        RepoList::Forge(source, _) => source.label(),
    };
    if cfg.mode != crate::config::Mode::History {
        if let Some(url) = listed
            .iter()
            .find(|l| matches!(l.place, repos::Place::Url(_)))
        {
            return Err(crate::Error::Usage(format!(
                "{}: {}: a repository given by URL is cloned bare, without a working tree; scan it with --history",
                from(url),
                crate::report::escape(&url.name)
            )));
        }
    }
    let cache = cfg
        .cache_dir
        .clone()
        .or_else(repos::default_cache_dir)
        .unwrap_or_else(|| std::env::temp_dir().join("leakscan-repos"));
    let mine: Vec<&repos::Listed> = listed
        .iter()
        .filter(|l| cfg.shard.is_none_or(|s| s.has_repository(&l.name)))
        .collect();
    if listed.is_empty() {
        diag.warn(format_args!("{}: lists no repository", list.label()));
    } else if let Some(shard) = cfg.shard {
        let n = mine.len();
        diag.note(format_args!(
            "shard {shard}: {n} {} of {} listed",
            if n == 1 { "repository" } else { "repositories" },
            listed.len()
        ));
    }
    let mut result = ScanResult::default();
    let mut findings: Vec<Finding> = Vec::new();
    for listed in mine {
        let shown = crate::report::escape(&listed.name);
        let (path, how) = match repos::materialise(listed, &cache) {
            Ok(found) => found,
            Err(e) => {
                diag.warn(format_args!(
                    "repository {shown} ({}): {}; not scanned",
                    from(listed),
                    crate::report::escape(&crate::error::chain(&e))
                ));
                continue;
            }
        };
        match how {
            Fetched::Cloned => diag.note(format_args!("{shown}: cloned")),
            Fetched::Fetched => diag.note(format_args!("{shown}: fetched")),
            Fetched::Local => {}
        }
        let mut one = cfg.clone();
        one.repos = None;
        one.shard = None;
        // Applied once to all repositories' findings, below: an entry is stale
        // only if no repository has its secret.
        one.baseline = None;
        one.paths = vec![path];
        let scanned = crate::scan::prepare(&one, diag)
            .and_then(|prepared| crate::scan::scan(&one, prepared, matcher, diag));
        let got = match scanned {
            Ok(got) => got,
            Err(e) => {
                diag.warn(format_args!(
                    "repository {shown}: {}; not scanned",
                    crate::report::escape(&crate::error::chain(&e))
                ));
                continue;
            }
        };
        let name: Arc<str> = Arc::from(listed.name.as_str());
        for mut f in got.findings {
            for l in &mut f.locations {
                l.repository = Some(Arc::clone(&name));
            }
            if let Some(t) = &mut f.timeline {
                // Positions in one repository's history say nothing across them.
                t.order = None;
                for r in &mut t.refs {
                    *r = format!("{name}:{r}");
                }
            }
            findings.push(f);
        }
        result.stats.add(&got.stats);
        result.suppressed += got.suppressed;
    }
    result.findings = combine(findings);
    if let Some(path) = &cfg.baseline {
        let baseline = crate::baseline::Baseline::load(path)?;
        let found: std::collections::HashSet<&crate::finding::Fingerprint> =
            result.findings.iter().map(|f| &f.fingerprint).collect();
        // With shards, each sees only its repositories: stale entries are left to
        // a scan of all of them.
        if cfg.shard.is_none() {
            result.stale_baseline = baseline.stale(&found).len();
        }
        let before = result.findings.len();
        result
            .findings
            .retain(|f| !baseline.contains(&f.fingerprint));
        result.suppressed += before - result.findings.len();
    }
    Ok(result)
}

/// The repositories a forge's API lists (`--github-org`, `--gitlab-group`), as
/// clone URLs named by the forge (`acme/api`). A clone URL must be one `--repos`
/// would accept (https, ssh or file, credentials dropped); others are skipped with
/// a warning.
fn from_forge(
    source: &crate::forge::Source,
    filter: crate::forge::Filter,
    diag: &Diagnostics,
) -> Result<Vec<repos::Listed>> {
    let endpoints = crate::forge::Endpoints::from_env()?;
    let http = crate::verify::http::Http::new(std::time::Duration::from_secs(30))?;
    let listed = crate::forge::list(&http, &endpoints, source, filter)?;
    let mut out = Vec::with_capacity(listed.len());
    for r in listed {
        match repos::from_url(&r.name, &r.clone_url) {
            Some(l) => out.push(l),
            None => diag.warn(format_args!(
                "{}: {}: clone URL {} is not https, ssh or file; not scanned",
                source.label(),
                crate::report::escape(&r.name),
                crate::report::escape(&r.clone_url)
            )),
        }
    }
    diag.note(format_args!(
        "{}: {} {} listed",
        source.label(),
        out.len(),
        if out.len() == 1 {
            "repository"
        } else {
            "repositories"
        }
    ));
    Ok(out)
}

/// Findings of one (rule, fingerprint) made one, sorted as a scan sorts them.
///
/// Locations are put together (sorted by repository, path, line, column, commit;
/// duplicates dropped), timelines by [`combine_timelines`]. Verification and
/// revocation, which a scan of several repositories adds after this step, are
/// kept from the finding that sorts first by their JSON (only `merge` meets them).
pub fn combine(findings: Vec<Finding>) -> Vec<Finding> {
    let mut by_key: BTreeMap<(String, crate::finding::Fingerprint), Finding> = BTreeMap::new();
    for f in findings {
        let key = (f.rule_id.clone(), f.fingerprint.clone());
        match by_key.get_mut(&key) {
            None => {
                by_key.insert(key, f);
            }
            Some(g) => {
                g.locations.extend(f.locations);
                g.timeline = match (g.timeline.take(), f.timeline) {
                    (Some(a), Some(b)) => Some(combine_timelines(a, b)),
                    (a, b) => a.or(b),
                };
                if g.parts.is_empty() {
                    g.parts = f.parts;
                }
                if g.secret.expose().is_empty() && !f.secret.expose().is_empty() {
                    g.secret = f.secret;
                }
                g.verification = first_by_json(g.verification.take(), f.verification);
                g.revocation = first_by_json(g.revocation.take(), f.revocation);
                g.suppressed = g.suppressed.take().or(f.suppressed);
            }
        }
    }
    let mut out: Vec<Finding> = by_key
        .into_values()
        .map(|mut f| {
            f.locations.sort();
            f.locations.dedup();
            f
        })
        .collect();
    crate::scan::sort_findings(&mut out);
    out
}

fn first_by_json<T: serde::Serialize>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => {
            let key = |v: &T| serde_json::to_string(v).unwrap_or_default();
            Some(if key(&b) < key(&a) { b } else { a })
        }
        (a, b) => a.or(b),
    }
}

/// One secret's timelines in two repositories (or two parts of the same list) as
/// one: `introduced` the earliest (by date, then commit id, author, email: all in
/// the report, so `merge` decides the same); `still_present` if present in either;
/// `removed` none while it is present anywhere, else the latest removal (by date,
/// then commit id); `refs` the union, each `REPOSITORY:REF` (a ref name cannot
/// hold `:`, so the last `:` splits them).
///
/// Two timelines of one history (blob shards) carry their `order` in it, and are
/// combined by it exactly as one scan would have: `introduced` the first in graph
/// order, `removed` after the last presence on HEAD's first-parent chain.
pub fn combine_timelines(a: Timeline, b: Timeline) -> Timeline {
    if let (Some(x), Some(y)) = (a.order, b.order) {
        let still_present = a.still_present || b.still_present;
        // `None` sorts first: a side with no introduction loses to one with.
        let a_first = match (x.introduced, y.introduced) {
            (Some(i), Some(j)) => i <= j,
            (i, _) => i.is_some(),
        };
        let a_last = x.last_on_head >= y.last_on_head;
        let mut refs = a.refs;
        refs.extend(b.refs);
        refs.sort();
        refs.dedup();
        return Timeline {
            introduced: if a_first { a.introduced } else { b.introduced },
            still_present,
            removed: if still_present {
                None
            } else if a_last {
                a.removed
            } else {
                b.removed
            },
            refs,
            order: Some(crate::finding::TimelineOrder {
                introduced: if a_first { x.introduced } else { y.introduced },
                last_on_head: x.last_on_head.max(y.last_on_head),
            }),
        };
    }
    let key = |c: &Arc<CommitInfo>| {
        (
            c.date.clone(),
            c.oid.clone(),
            c.author.clone(),
            c.email.clone(),
        )
    };
    let introduced = match (a.introduced, b.introduced) {
        (Some(x), Some(y)) => Some(if key(&y) < key(&x) { y } else { x }),
        (x, y) => x.or(y),
    };
    let still_present = a.still_present || b.still_present;
    let removed = if still_present {
        None
    } else {
        match (a.removed, b.removed) {
            (Some(x), Some(y)) => Some(if key(&y) > key(&x) { y } else { x }),
            (x, y) => x.or(y),
        }
    };
    let mut refs = a.refs;
    refs.extend(b.refs);
    refs.sort();
    refs.dedup();
    Timeline {
        introduced,
        still_present,
        removed,
        refs,
        order: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(oid: &str, date: &str) -> Arc<CommitInfo> {
        Arc::new(CommitInfo {
            oid: oid.into(),
            author: "A".into(),
            email: "a@example.com".into(),
            time: 0,
            date: date.into(),
            subject: String::new(),
        })
    }

    fn timeline(intro: &str, present: bool, removed: Option<&str>, refs: &[&str]) -> Timeline {
        Timeline {
            introduced: Some(commit(
                intro,
                &format!("2024-01-0{}T00:00:00Z", &intro[..1]),
            )),
            still_present: present,
            removed: removed.map(|r| commit(r, &format!("2024-02-0{}T00:00:00Z", &r[..1]))),
            refs: refs.iter().map(ToString::to_string).collect(),
            order: None,
        }
    }

    #[test]
    fn timelines_combine_in_any_order_and_grouping() {
        let a = timeline("3a", false, Some("4a"), &["a:HEAD"]);
        let b = timeline("1b", false, Some("2b"), &["b:HEAD"]);
        let c = timeline("2c", false, None, &["c:refs/heads/x"]);
        let all = combine_timelines(combine_timelines(a.clone(), b.clone()), c.clone());
        assert_eq!(all.introduced.as_ref().map(|c| c.oid.as_str()), Some("1b"));
        assert_eq!(all.removed.as_ref().map(|c| c.oid.as_str()), Some("4a"));
        assert!(!all.still_present);
        assert_eq!(all.refs, ["a:HEAD", "b:HEAD", "c:refs/heads/x"]);
        assert_eq!(
            combine_timelines(c.clone(), combine_timelines(b.clone(), a.clone())),
            all
        );
        assert_eq!(combine_timelines(combine_timelines(c, a), b), all);
        // Present anywhere: not removed.
        let here = timeline("5d", true, None, &["d:HEAD"]);
        let with = combine_timelines(all, here);
        assert!(with.still_present && with.removed.is_none());
    }
}
