//! Output formats, determinism and redaction.

use crate::common::{assert_absent, Keys, TestEnv};

fn tree_with_secrets() -> (TestEnv, Vec<String>) {
    let env = TestEnv::new();
    let mut keys = Keys::new(20);
    let mut secrets = Vec::new();
    for i in 0..40 {
        let k = keys.paperspace();
        env.write(
            &format!("d{}/f{i}.env", i % 7),
            format!("# {i}\nPAPERSPACE_API_KEY={k}\n"),
        );
        secrets.push(k);
    }
    let gh = keys.github_pat();
    env.write("ci.yml", format!("env:\n  GH_TOKEN: {gh}\n"));
    secrets.push(gh);
    // The same key in two places.
    env.write(
        "copy/again.env",
        format!("PAPERSPACE_API_KEY={}\n", secrets[0]),
    );
    (env, secrets)
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let (env, _) = tree_with_secrets();
    for format in ["text", "json", "jsonl", "sarif"] {
        let one = env.run(&["scan", "-j", "1", "--format", format]);
        for threads in ["2", "8"] {
            let many = env.run(&["scan", "-j", threads, "--format", format]);
            assert_eq!(one.stdout, many.stdout, "format {format}, -j {threads}");
        }
        assert_eq!(one.code, 1);
    }
}

#[test]
fn raw_secrets_appear_in_no_format_without_show_secrets() {
    let (env, secrets) = tree_with_secrets();
    for format in ["text", "json", "jsonl", "sarif"] {
        let run = env.run(&["scan", "--format", format]);
        for s in &secrets {
            assert_absent(&run.all_output(), s, format);
        }
        let out = env.path(&format!("report.{format}"));
        let run = env.run(&[
            "scan",
            "--format",
            format,
            "--output",
            out.to_str().unwrap_or_default(),
        ]);
        assert_eq!(run.code, 1);
        let written = std::fs::read_to_string(&out).expect("report written");
        assert!(!written.is_empty());
        for s in &secrets {
            assert_absent(&written, s, "report file");
        }
        std::fs::remove_file(&out).expect("remove report");
    }
    let baseline = env.path("baseline.json");
    let run = env.run(&["baseline", ".", "-o", baseline.to_str().unwrap_or_default()]);
    let written = std::fs::read_to_string(&baseline).expect("baseline written");
    for s in &secrets {
        assert_absent(&written, s, "baseline");
        assert_absent(&run.all_output(), s, "baseline output");
    }
    // With --show-secrets the raw value is there in text, JSON and JSONL; never in
    // SARIF, which code-scanning services store.
    for format in ["text", "json", "jsonl", "sarif"] {
        let run = env.run(&["scan", "--format", format, "--show-secrets"]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        if format == "sarif" {
            assert!(
                run.stdout.contains("\"results\""),
                "{format}: {}",
                run.stdout
            );
            for s in &secrets {
                assert_absent(&run.stdout, s, "SARIF with --show-secrets");
            }
        } else {
            assert!(run.stdout.contains(&secrets[3]), "{format}");
        }
    }
}

#[test]
fn json_schema_fields() {
    let (env, _) = tree_with_secrets();
    let run = env.run(&["scan", "--format", "json"]);
    let findings = run.json();
    assert_eq!(findings.len(), 41);
    for f in &findings {
        for key in [
            "rule_id",
            "rule_name",
            "confidence",
            "fingerprint",
            "redacted",
        ] {
            assert!(f[key].is_string(), "{key} in {f}");
        }
        assert!(f.get("secret").is_none());
        assert_eq!(f["fingerprint"].as_str().map(str::len), Some(32));
        assert!(f["redacted"].as_str().is_some_and(|r| r.ends_with('…')));
        for l in f["locations"].as_array().expect("locations") {
            assert!(l["path"].is_string() && l["line"].is_u64() && l["column"].is_u64());
            assert!(
                !l["path"].as_str().unwrap_or("/").starts_with('/'),
                "relative path"
            );
        }
    }
    let twice = findings
        .iter()
        .find(|f| f["locations"].as_array().map(Vec::len) == Some(2))
        .expect("the copied key has two locations");
    assert_eq!(twice["locations"][0]["path"], "copy/again.env");

    let lines = env.run(&["scan", "--format", "jsonl"]);
    let parsed: Vec<serde_json::Value> = lines
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(parsed, findings);
}

#[test]
fn text_is_grouped_and_coloured_only_when_asked() {
    let (env, _) = tree_with_secrets();
    let run = env.run(&["scan"]);
    assert!(!run.stdout.contains('\x1b'), "no colour when piped");
    assert!(
        run.stdout.contains("41 secrets found in 42 locations"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("copy/again.env:1:20"));
    let run = env.run(&["scan", "--color", "always"]);
    assert!(run.stdout.contains("\x1b[1m"));
}

#[test]
fn sarif_structure() {
    let (env, _) = tree_with_secrets();
    let run = env.run(&["scan", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, vec!["github.pat-classic", "paperspace.api-key"]);
    for r in rules {
        assert!(r["shortDescription"]["text"].is_string());
        assert!(r["fullDescription"]["text"].is_string());
        assert!(r["help"]["text"].is_string() && r["help"]["markdown"].is_string());
    }
    let results = run0["results"].as_array().expect("results");
    assert_eq!(results.len(), 42, "one result per location");
    for res in results {
        let idx = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"]);
        let uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri");
        assert!(
            !uri.starts_with('/') && !uri.contains("://"),
            "relative uri {uri}"
        );
        assert_eq!(
            res["partialFingerprints"]["leakscan/fingerprint/v1"]
                .as_str()
                .map(str::len),
            Some(32)
        );
    }
    assert!(
        !run.stdout.contains(env.root().to_str().unwrap_or("@")),
        "no absolute paths"
    );
}

/// Microsoft's SARIF validator, with GitHub's ingestion rules, accepts our output.
/// `.ci/run` installs it (`npm install -g @microsoft/sarif-multitool`); set
/// LEAKSCAN_SARIF_MULTITOOL to its path, or have `sarif-multitool` on PATH.
#[test]
fn sarif_passes_microsoft_validator_with_github_rules() {
    let (env, _) = tree_with_secrets();
    let sarif = env.path("out.sarif");
    let run = env.run(&[
        "scan",
        "--format",
        "sarif",
        "--output",
        sarif.to_str().unwrap_or_default(),
    ]);
    assert_eq!(run.code, 1);
    assert_valid_sarif(&env, &sarif);
}

/// Microsoft's SARIF validator with GitHub's ingestion rules finds no error or
/// warning in `sarif`.
fn assert_valid_sarif(env: &TestEnv, sarif: &std::path::Path) {
    let tool = crate::common::tool(
        "LEAKSCAN_SARIF_MULTITOOL",
        "node/node_modules/.bin/sarif-multitool",
        "sarif-multitool",
    );
    let out = std::process::Command::new(&tool)
        .args(["validate", "--rule-kind", "Gh", "--output"])
        .arg(env.path("validation.sarif"))
        .arg(sarif)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `{tool}` ({e}): install it with `npm install -g @microsoft/sarif-multitool`")
        });
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "validator failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = std::fs::read_to_string(env.path("validation.sarif")).expect("validation output");
    let report: serde_json::Value = serde_json::from_str(&report).expect("validation JSON");
    let problems: Vec<String> = report["runs"][0]["results"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .filter(|r| matches!(r["level"].as_str(), Some("error" | "warning") | None))
                .map(|r| format!("{} {}", r["ruleId"], r["message"]))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        problems.is_empty(),
        "validator findings:\n{}",
        problems.join("\n")
    );
}

/// A name that would clear the screen, return the cursor and start a forged line if
/// printed raw.
const HOSTILE_NAME: &str = "a\x1b[2J\rb\nFORGED.env";
/// How the text report shows it.
const HOSTILE_ESCAPED: &str = r"a\x1b[2J\rb\nFORGED.env";

/// No raw control character, and no line that starts with text the content forged.
fn assert_terminal_safe(text: &str, what: &str) {
    for c in ['\x1b', '\r', '\x07', '\u{9b}'] {
        assert!(
            !text.contains(c),
            "raw {c:?} in {what}:\n{}",
            text.escape_debug()
        );
    }
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("FORGED") || l.starts_with("Mallory")),
        "a forged line in {what}:\n{}",
        text.escape_debug()
    );
}

/// File names come from scanned content: the text report and stderr show them with
/// visible escapes; JSON keeps the exact name.
#[test]
fn hostile_file_names_are_escaped_on_the_terminal() {
    let env = TestEnv::new();
    let key = Keys::new(30).paperspace();
    env.write(HOSTILE_NAME, format!("PAPERSPACE_API_KEY={key}\n"));
    // Warnings print paths too: a broken symlink with an escape in its name.
    std::os::unix::fs::symlink("/nonexistent/target", env.path("dangling\x1b[2J\rFORGED"))
        .expect("symlink");

    let run = env.run(&["scan"]);
    assert_eq!(run.code, 2, "the broken link makes the scan incomplete");
    assert_terminal_safe(&run.stdout, "text report");
    assert!(
        run.stdout.contains(&format!("{HOSTILE_ESCAPED}:1:20")),
        "{}",
        run.stdout
    );
    assert_terminal_safe(&run.stderr, "stderr");
    assert!(
        run.stderr.contains(r"dangling\x1b[2J\rFORGED") && run.stderr.contains("broken symlink"),
        "{}",
        run.stderr
    );

    let run = env.run(&["scan", "--format", "json"]);
    let paths: Vec<String> = run.hits().into_iter().map(|(_, p, _)| p).collect();
    assert_eq!(paths, vec![HOSTILE_NAME.to_string()]);
}

/// Commit authors and emails come from scanned content too.
#[test]
fn hostile_commit_authors_are_escaped_on_the_terminal() {
    let repo = crate::common::Repo::init();
    let key = Keys::new(31).paperspace();
    repo.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    repo.git(&["add", "-A"]);
    let name = "Eve\x1b[2J\r\u{9b}1mMallory";
    let email = "eve\x1b]0;pwned\x07@example.com";
    let out = std::process::Command::new("git")
        .current_dir(repo.root())
        .args(["-c", "commit.gpgsign=false", "commit", "-q", "-m", "leak"])
        .env("GIT_AUTHOR_NAME", name)
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_COMMITTER_NAME", "Ana Dev")
        .env("GIT_COMMITTER_EMAIL", "ana@example.com")
        .env("GIT_AUTHOR_DATE", "@1600000000 +0000")
        .env("GIT_COMMITTER_DATE", "@1600000000 +0000")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo.root())
        .output()
        .expect("git commit");
    assert!(out.status.success(), "{out:?}");
    repo.remove("a.env");
    repo.commit("remove");

    let run = repo.run(&["scan", "--history"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_terminal_safe(&run.stdout, "text report");
    assert_terminal_safe(&run.stderr, "stderr");
    assert!(
        run.stdout.contains(r"Eve\x1b[2J\r\u{9b}1mMallory")
            && run.stdout.contains(r"eve\x1b]0;pwned\x07@example.com"),
        "{}",
        run.stdout
    );
    let run = repo.run(&["scan", "--history", "--format", "json"]);
    let loc = &run.json()[0]["locations"][0];
    assert_eq!(loc["author"], name);
    assert_eq!(loc["email"], email);
}

fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// A report that holds raw secrets is private (0600), also when it overwrites a file
/// that was readable by others; one without raw secrets keeps the default mode.
#[test]
fn report_file_with_raw_secrets_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let key = Keys::new(32).paperspace();
    env.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    let out = env.path("out.json");
    let args = [
        "scan",
        "a.env",
        "-o",
        "out.json",
        "--format",
        "json",
        "--show-secrets",
    ];

    let run = env.run(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(std::fs::read_to_string(&out)
        .expect("report")
        .contains(&key));
    assert_eq!(mode(&out), 0o600, "a new file");

    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let run = env.run(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(mode(&out), 0o600, "a file that existed with 0644");

    // Redacted: no reason to hide it.
    std::fs::remove_file(&out).expect("remove");
    let run = env.run(&["scan", "a.env", "-o", "out.json", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_absent(
        &std::fs::read_to_string(&out).expect("report"),
        &key,
        "report",
    );
    let default = mode(&env.write("probe", ""));
    assert_eq!(mode(&out), default, "the umask's default");
}

/// `scan --history --format sarif`: one result per secret and file, never two alike.
/// Where the secret is in the working tree, that is the primary location and history
/// follows as related locations; a file that only history holds gets a result that
/// names the commit that introduced it and says it is not in the working tree.
#[test]
fn sarif_from_history_names_commits_and_never_repeats_a_result() {
    let repo = crate::common::Repo::init();
    let mut keys = Keys::new(33);
    let (kept, gone) = (keys.paperspace(), keys.paperspace());
    repo.write(".env", format!("A=1\nB=2\nPAPERSPACE_API_KEY={kept}\n"));
    repo.write("old.env", format!("PAPERSPACE_API_KEY={gone}\n"));
    let c1 = repo.commit("leak both");
    repo.git(&["tag", "v1"]);
    repo.remove("old.env");
    let c2 = repo.commit("remove old.env");
    // Two lines above the key: it moves from line 3 to line 5.
    repo.write(
        ".env",
        format!("# config\n\nA=1\nB=2\nPAPERSPACE_API_KEY={kept}\n"),
    );
    let head = repo.commit("comment");
    repo.git(&[
        "remote",
        "add",
        "origin",
        "https://bob:remote-token-123@example.com/acme/api.git",
    ]);

    let run = repo.run(&["scan", "--history", "--format", "sarif", "-o", "out.sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let text = std::fs::read_to_string(repo.root().join("out.sarif")).expect("sarif");
    let log: serde_json::Value = serde_json::from_str(&text).expect("SARIF is JSON");
    // The run names the repository and revision, never the remote's credentials.
    let vcp = &log["runs"][0]["versionControlProvenance"][0];
    assert_eq!(
        vcp["repositoryUri"], "https://example.com/acme/api.git",
        "{vcp}"
    );
    assert_eq!(vcp["revisionId"], head.as_str());
    assert_eq!(vcp["branch"], "main");
    assert!(!text.contains("remote-token-123"));
    let results = log["runs"][0]["results"].as_array().expect("results");

    // GitHub dedupes by partialFingerprints: no two results may share them, nor
    // rule, artifact and region.
    let mut seen = std::collections::HashSet::new();
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(
            seen.insert(r["partialFingerprints"].to_string()),
            "two results with the same partialFingerprints:\n{text}"
        );
        assert!(
            seen.insert(format!(
                "{}|{}|{}",
                r["ruleId"], loc["artifactLocation"], loc["region"]
            )),
            "two identical results:\n{text}"
        );
    }
    assert_eq!(results.len(), 2, "{text}");
    let uri = |r: &serde_json::Value| {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let kept_r = results
        .iter()
        .find(|r| uri(r) == ".env")
        .expect(".env result");
    let gone_r = results
        .iter()
        .find(|r| uri(r) == "old.env")
        .expect("old.env result");

    // In the working tree: primary location is today's line; line 3 of c1 follows.
    assert_eq!(
        kept_r["locations"][0]["physicalLocation"]["region"]["startLine"],
        5
    );
    assert_eq!(kept_r["properties"]["workingTree"], true);
    assert_eq!(kept_r["properties"]["commit"]["sha"], c1.as_str());
    let related = kept_r["relatedLocations"].as_array().expect("related");
    assert_eq!(related.len(), 1, "{text}");
    assert_eq!(
        related[0]["physicalLocation"]["region"]["startLine"], 3,
        "{text}"
    );
    assert_eq!(related[0]["properties"]["commit"]["sha"], c1.as_str());
    assert_eq!(related[0]["properties"]["workingTree"], false);
    let id = related[0]["id"].as_u64().expect("related id");
    let msg = kept_r["message"]["text"].as_str().unwrap_or_default();
    assert!(
        msg.contains(&format!("]({id})")),
        "links its related location: {msg}"
    );

    // Only in history: the commit, who, when, and that it is not in the tree.
    let props = &gone_r["properties"];
    assert_eq!(props["workingTree"], false);
    assert_eq!(props["commit"]["sha"], c1.as_str());
    assert_eq!(props["commit"]["author"], "Ana Dev");
    assert!(props["commit"]["date"]
        .as_str()
        .is_some_and(|d| d.ends_with('Z')));
    let msg = gone_r["message"]["text"].as_str().unwrap_or_default();
    assert!(
        msg.contains(&format!("introduced in commit {}", &c1[..12]))
            && msg.contains("Ana Dev")
            && msg.contains("not in the working tree")
            && msg.contains(&format!("removed from HEAD in commit {}", &c2[..12]))
            && msg.contains("refs/tags/v1"),
        "{msg}"
    );
    assert_valid_sarif(&repo.env, &repo.root().join("out.sarif"));

    // The text report names each path:line:col once, saying which is which.
    let run = repo.run(&["scan", "--history"]);
    let places: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.contains(".env:"))
        .collect();
    assert_eq!(
        places,
        vec![".env:3:20", ".env:5:20", "old.env:1:20"],
        "{}",
        run.stdout
    );
    let line = |p: &str| {
        run.stdout
            .lines()
            .find(|l| l.trim_start().starts_with(p))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line(".env:5:20").contains("working tree"), "{}", run.stdout);
    assert!(
        line(".env:3:20").contains("history only") && line(".env:3:20").contains(&c1[..12]),
        "{}",
        run.stdout
    );
}

/// r10: JSON carries what peers' users expect: a redacted context snippet per
/// location (no secret on it, not even a neighbour's) and the secret's entropy.
#[test]
fn r10_json_has_a_redacted_context_and_the_entropy() {
    let env = TestEnv::new();
    let mut keys = Keys::new(1013);
    let (key, gh) = (keys.paperspace(), keys.github_pat());
    let stray = "Qm9vX4tR7wLp2ZcV8nB1";
    env.write(
        "deploy.sh",
        format!("export PAPERSPACE_API_KEY={key} GH={gh} SALT={stray} # prod\n"),
    );
    let run = env.run(&["scan", "--format", "json"]);
    let findings = run.json();
    assert_eq!(findings.len(), 2, "{}", run.stdout);
    for f in &findings {
        let context = f["locations"][0]["context"].as_str().unwrap_or_default();
        assert!(
            context.starts_with("export PAPERSPACE_API_KEY=") && context.ends_with("# prod"),
            "{context}"
        );
        for raw in [&key, &gh, &stray.to_string()] {
            assert!(!context.contains(raw.as_str()), "{context} holds a secret");
        }
        let entropy = f["entropy"].as_f64().unwrap_or_default();
        assert!(entropy > 3.0 && entropy < 6.0, "{entropy}");
    }
    assert!(!run.stdout.contains(&key) && !run.stdout.contains(&gh));
}
