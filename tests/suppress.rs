//! Suppression: inline markers, baselines, config allowlists.

use crate::common::{Keys, TestEnv};

#[test]
fn inline_markers_suppress_their_line_only() {
    let env = TestEnv::new();
    let mut keys = Keys::new(30);
    let lines = [
        format!("PAPERSPACE_API_KEY={} # leakscan:allow", keys.paperspace()),
        format!("PAPERSPACE_API_KEY={} # gitleaks:allow", keys.paperspace()),
        format!(
            "PAPERSPACE_API_KEY={} # pragma: allowlist secret",
            keys.paperspace()
        ),
        format!("PAPERSPACE_API_KEY={}", keys.paperspace()),
    ];
    env.write("a.env", lines.join("\n"));
    let run = env.run(&["scan", "--format", "json"]);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "a.env".into(), 4)]
    );
}

#[test]
fn baseline_suppresses_old_findings_and_survives_moves() {
    let env = TestEnv::new();
    let mut keys = Keys::new(31);
    let old = keys.paperspace();
    env.write("a.env", format!("PAPERSPACE_API_KEY={old}\n"));
    let run = env.run(&["baseline", ".", "-o", "leakscan-baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(env.path("leakscan-baseline.json")).expect("baseline");
    let entries: Vec<serde_json::Value> = serde_json::from_str(&text).expect("json");
    assert_eq!(entries.len(), 1);
    assert!(
        entries[0].get("line").is_none() && !text.contains("\"line\""),
        "no lines: {text}"
    );
    assert_eq!(entries[0]["paths"], serde_json::json!(["a.env"]));

    // The old key moves to another line and file: still suppressed.
    std::fs::remove_file(env.path("a.env")).expect("rm");
    env.write("moved/b.env", format!("\n\n\nPAPERSPACE_API_KEY={old}\n"));
    let run = env.run(&["scan", "--baseline", "leakscan-baseline.json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);

    // A new key is reported.
    let new = keys.paperspace();
    env.write("c.env", format!("PAPERSPACE_API_KEY={new}\n"));
    let run = env.run(&[
        "scan",
        "--format",
        "json",
        "--baseline",
        "leakscan-baseline.json",
    ]);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "c.env".into(), 1)]
    );

    // A JSON report works as a baseline too.
    let report = env.run(&["scan", "--format", "json"]);
    env.write("report.json", &report.stdout);
    assert_eq!(env.run(&["scan", "--baseline", "report.json"]).code, 0);
}

#[test]
fn baseline_is_sorted_and_stable() {
    let env = TestEnv::new();
    let mut keys = Keys::new(32);
    for i in 0..10 {
        env.write(
            &format!("f{i}.env"),
            format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
        );
    }
    env.run(&["baseline", ".", "-o", "b1.json"]);
    env.run(&["baseline", ".", "-j", "1", "-o", "b2.json"]);
    let b1 = std::fs::read_to_string(env.path("b1.json")).expect("b1");
    assert_eq!(
        b1,
        std::fs::read_to_string(env.path("b2.json")).expect("b2")
    );
    let entries: Vec<serde_json::Value> = serde_json::from_str(&b1).expect("json");
    let fps: Vec<&str> = entries
        .iter()
        .filter_map(|e| e["fingerprint"].as_str())
        .collect();
    let mut sorted = fps.clone();
    sorted.sort_unstable();
    assert_eq!(fps, sorted);
}

#[test]
fn malformed_baseline_is_an_error_naming_it() {
    let env = TestEnv::new();
    env.write("bl.json", "[{\"fingerprint\": 3}");
    let run = env.run(&["scan", "--baseline", "bl.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bl.json") && run.stderr.contains("line 1"),
        "{}",
        run.stderr
    );
}

#[test]
fn config_allowlists_paths_fingerprints_and_regexes() {
    let env = TestEnv::new();
    let mut keys = Keys::new(33);
    let (a, b, c, d) = (
        keys.paperspace(),
        keys.paperspace(),
        keys.paperspace(),
        keys.paperspace(),
    );
    env.write("docs/howto.md", format!("PAPERSPACE_API_KEY={a}\n"));
    env.write("b.env", format!("PAPERSPACE_API_KEY={b}\n"));
    env.write("c.env", format!("PAPERSPACE_API_KEY={c}\n"));
    env.write("d.env", format!("PAPERSPACE_API_KEY={d}\n"));
    let fp_b = env.run(&["scan", "--format", "json", "b.env"]).json()[0]["fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string();
    env.write(
        ".leakscan.toml",
        format!(
            "[allowlist]\npaths = [\"docs/**\"]\nfingerprints = [\"{fp_b}\"]\nregexes = ['''^{}''']\n",
            &c[..12]
        ),
    );
    let run = env.run(&["scan", "--format", "json"]);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "d.env".into(), 1)]
    );
}

/// r10: `leakscan:allow-next-line` (and detect-secrets' `pragma: allowlist nextline
/// secret`) on the line above suppresses that one line, for formats where a trailing
/// comment would become part of the value; not the line after it, not the marker's
/// own neighbours above.
#[test]
fn r10_next_line_markers_suppress_the_line_below_only() {
    let env = TestEnv::new();
    let mut keys = Keys::new(1012);
    let (a, b, c, d) = (
        keys.paperspace(),
        keys.paperspace(),
        keys.paperspace(),
        keys.paperspace(),
    );
    env.write(
        "app.properties",
        format!("# leakscan:allow-next-line\npaperspace.apiKey={a}\npaperspace.apiKey={b}\n"),
    );
    env.write(
        "prod.env",
        format!("PAPERSPACE_API_KEY={c}\n# pragma: allowlist nextline secret\n\nPAPERSPACE_API_KEY={d}\n"),
    );
    let run = env.run(&["scan", "--format", "json"]);
    let mut hits = run.hits();
    hits.sort();
    assert_eq!(
        hits,
        vec![
            ("paperspace.api-key".into(), "app.properties".into(), 3),
            ("paperspace.api-key".into(), "prod.env".into(), 1),
            ("paperspace.api-key".into(), "prod.env".into(), 4),
        ],
        "{}",
        run.stdout
    );
}

/// r10: baselines people keep for years. Entries carry a reason and who accepted
/// it, which survive regenerating the baseline; a scan notes entries that match
/// nothing any more, and `baseline --prune` drops exactly those (adding nothing);
/// the file loads the same in any order and with a merge's duplicates.
#[test]
fn r10_baselines_keep_reasons_and_prune_stale_entries() {
    let env = TestEnv::new();
    let mut keys = Keys::new(1016);
    let (a, b, c) = (keys.paperspace(), keys.paperspace(), keys.paperspace());
    env.write("a.env", format!("PAPERSPACE_API_KEY={a}\n"));
    env.write("b.env", format!("PAPERSPACE_API_KEY={b}\n"));
    let run = env.run(&[
        "baseline",
        ".",
        "-o",
        "bl.json",
        "--reason",
        "test fixtures, revoked 2026-11",
        "--accepted-by",
        "sec@example.com",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = || -> Vec<serde_json::Value> {
        serde_json::from_str(&std::fs::read_to_string(env.path("bl.json")).expect("baseline"))
            .expect("json")
    };
    let entries = read();
    assert_eq!(entries.len(), 2);
    for e in &entries {
        assert_eq!(e["reason"], "test fixtures, revoked 2026-11");
        assert_eq!(e["accepted_by"], "sec@example.com");
        assert!(e["accepted_at"].as_str().is_some_and(|t| t.ends_with('Z')));
    }
    // A new secret, and one accepted secret gone.
    std::fs::remove_file(env.path("b.env")).expect("rm");
    env.write("c.env", format!("PAPERSPACE_API_KEY={c}\n"));
    let run = env.run(&["scan", ".", "--baseline", "bl.json", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "c.env".into(), 1)]
    );
    assert!(
        run.stderr
            .contains("1 entry of bl.json match nothing any more")
            && run.stderr.contains("baseline --prune"),
        "{}",
        run.stderr
    );
    // --prune: the stale entry goes, the new finding is not added, the reason stays.
    let run = env.run(&["baseline", ".", "--prune", "-o", "bl.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("matches nothing any more; it was accepted because: test fixtures"),
        "{}",
        run.stderr
    );
    let entries = read();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["paths"], serde_json::json!(["a.env"]));
    assert_eq!(entries[0]["reason"], "test fixtures, revoked 2026-11");
    // Regenerating adds c.env without a reason and keeps a.env's.
    let run = env.run(&["baseline", ".", "-o", "bl.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let entries = read();
    assert_eq!(entries.len(), 2);
    let with_reason = entries.iter().filter(|e| e.get("reason").is_some()).count();
    assert_eq!(with_reason, 1, "{entries:?}");
    // Any order, duplicates from a merge that kept both sides: the same suppression.
    let mut shuffled = entries.clone();
    shuffled.reverse();
    shuffled.push(entries[0].clone());
    env.write(
        "merged.json",
        serde_json::to_string(&shuffled).expect("json"),
    );
    let run = env.run(&["scan", ".", "--baseline", "merged.json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // --prune needs the file it rewrites.
    assert_eq!(env.run(&["baseline", ".", "--prune"]).code, 2);
}
