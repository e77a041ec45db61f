//! Configuration files, user rules, and the rules subcommands.

use crate::common::{Keys, TestEnv};

#[test]
fn malformed_config_names_file_and_line() {
    let env = TestEnv::new();
    env.write(
        ".leakscan.toml",
        "disable = [\"x\"]\n[allowlist]\npaths = [\"a\"\n",
    );
    let run = env.run(&["scan"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(".leakscan.toml") && run.stderr.contains("line 3"),
        "{}",
        run.stderr
    );

    env.write(".leakscan.toml", "max_file_size = \"ten megs\"\n");
    let run = env.run(&["scan"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("max_file_size"), "{}", run.stderr);
}

#[test]
fn malformed_rule_file_names_file_line_and_rule() {
    let env = TestEnv::new();
    env.write(
        "rules/mine.toml",
        "[[rules]]\nid = \"acme.ok\"\nname = \"ok\"\nkeywords = [\"acme\"]\npattern = 'acme_[0-9]{8}'\n\n[[rules]]\nid = \"acme.bad\"\nname = \"bad\"\nkeywords = [\"acme\"]\npattern = 'acme_([0-9]{8}'\n",
    );
    let run = env.run(&["scan", "--rules", "rules"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("mine.toml:8") && run.stderr.contains("acme.bad"),
        "{}",
        run.stderr
    );
    env.write(
        "rules/mine.toml",
        "[[rules]]\nid = \"acme.x\"\nnmae = \"typo\"\n",
    );
    let run = env.run(&["scan", "--rules", "rules"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("mine.toml") && run.stderr.contains("nmae"),
        "{}",
        run.stderr
    );
}

#[test]
fn user_rules_add_override_and_disable() {
    let env = TestEnv::new();
    let mut keys = Keys::new(40);
    let acme = format!("acme_{}", keys.hex(24));
    // The rule file holds its own example token; keep it out of the scan.
    env.write(".leakscanignore", "extra.toml\n");
    env.write(
        "app.env",
        format!("ACME={acme}\nPAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    env.write(
        "extra.toml",
        "[[rules]]\nid = \"acme.token\"\nname = \"Acme token\"\nkeywords = [\"acme_\"]\npattern = '''\\b(acme_[0-9a-f]{24})\\b'''\nexamples = [\"acme_0f3a9c2b7d4e1f6a8b5c3d2e\"]\n",
    );
    let run = env.run(&["scan", "--format", "json", "--rules", "extra.toml"]);
    assert_eq!(
        run.hits(),
        vec![
            ("acme.token".into(), "app.env".into(), 1),
            ("paperspace.api-key".into(), "app.env".into(), 2)
        ]
    );
    let run = env.run(&[
        "scan",
        "--format",
        "json",
        "--rules",
        "extra.toml",
        "--disable",
        "paperspace.api-key",
    ]);
    // With the Paperspace rule off, the generic secret-assignment rule (which any
    // provider rule beats) is what reports the key.
    assert_eq!(
        run.hits(),
        vec![
            ("acme.token".into(), "app.env".into(), 1),
            ("generic.secret-assignment".into(), "app.env".into(), 2)
        ]
    );

    // The same in .leakscan.toml: an inline rule and a disabled id.
    env.write(
        ".leakscan.toml",
        "disable = [\"acme.token\"]\nrule_files = [\"extra.toml\"]\n",
    );
    let run = env.run(&["scan", "--format", "json"]);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "app.env".into(), 2)]
    );
    assert_eq!(env.run(&["scan", "--disable", "no.such-rule"]).code, 2);
}

#[test]
fn generic_password_is_off_until_enabled() {
    let env = TestEnv::new();
    // A passphrase of words: the medium-confidence generic rule (on by default)
    // does not take values without a digit or capital; the low catch-all does.
    let words = ["lantern", "orchid", "velvet", "harbor", "quiver", "saffron"];
    let mut keys = Keys::new(41);
    let pw: Vec<String> = (0..3)
        .map(|_| words[keys.from(b"012345", 1).parse::<usize>().unwrap()].to_string())
        .collect();
    let pw = pw.join("-") + "!";
    env.write("settings.py", format!("DB_PASSWORD = \"{pw}\"\n"));
    assert_eq!(env.run(&["scan"]).code, 0);
    let run = env.run(&["scan", "--format", "json", "--enable", "generic.password"]);
    assert_eq!(
        run.hits(),
        vec![("generic.password".into(), "settings.py".into(), 1)]
    );
}

/// `rules list` is snapshotted so rule additions and changes show up in review.
/// Regenerate with `UPDATE_SNAPSHOTS=1 cargo test rules_list_snapshot`.
#[test]
fn rules_list_snapshot() {
    let env = TestEnv::new();
    let run = env.run(&["rules", "list"]);
    assert_eq!(run.code, 0);
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/rules_list.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &run.stdout).expect("write snapshot");
    }
    let expected = std::fs::read_to_string(&path).expect("snapshot exists");
    assert_eq!(run.stdout, expected);
    let high = run.stdout.lines().filter(|l| l.contains(" high ")).count();
    let paperspace = run
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("paperspace."))
        .count();
    assert!(
        high - paperspace.min(high) >= 40,
        "at least 40 high-confidence non-Paperspace rules"
    );
}

/// Issue #9: at least 300 rules on by default over at least 150 providers, listed
/// by category, filterable by category and provider, with both in the JSON.
#[test]
fn r9_rules_list_groups_counts_and_filters() {
    let env = TestEnv::new();
    let list = env.run(&["rules", "list", "--json"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    let rules: Vec<serde_json::Value> = serde_json::from_str(&list.stdout).expect("json");
    let providers: std::collections::BTreeSet<&str> = rules
        .iter()
        .filter_map(|r| r["provider"].as_str())
        .collect();
    assert!(rules.len() >= 300, "{} rules on by default", rules.len());
    assert!(providers.len() >= 150, "{} providers", providers.len());
    for r in &rules {
        let id = r["id"].as_str().unwrap();
        assert!(
            id.starts_with(&format!("{}.", r["provider"].as_str().unwrap())),
            "{id}"
        );
        assert!(
            r["category"].as_str().is_some_and(|c| !c.is_empty()),
            "{id}"
        );
        assert!(
            r["examples"].as_array().is_some_and(|e| e.len() >= 2)
                || id.starts_with("paperspace.cli"),
            "{id}: fewer than 2 examples"
        );
        assert!(
            r["negative_examples"]
                .as_array()
                .is_some_and(|e| !e.is_empty()),
            "{id}: no negative example"
        );
    }
    let text = env.run(&["rules", "list"]);
    let summary = text.stdout.lines().last().unwrap_or_default().to_string();
    assert_eq!(
        summary,
        format!(
            "{} rules, {} providers, 13 categories",
            rules.len(),
            providers.len()
        )
    );
    assert!(
        text.stdout
            .lines()
            .any(|l| l.starts_with("observability (")),
        "{}",
        text.stdout
    );

    let vcs = env.run(&["rules", "list", "--category", "vcs", "--json"]);
    let vcs: Vec<serde_json::Value> = serde_json::from_str(&vcs.stdout).expect("json");
    assert!(
        vcs.len() >= 20 && vcs.iter().all(|r| r["category"] == "vcs"),
        "{vcs:?}"
    );
    assert!(vcs.iter().any(|r| r["provider"] == "gitlab"));
    let aws = env.run(&["rules", "list", "--provider", "aws", "--provider", "stripe"]);
    assert_eq!(aws.code, 0);
    assert!(
        aws.stdout.lines().filter(|l| l.starts_with("  ")).all(|l| {
            let id = l.trim_start();
            id.starts_with("aws.") || id.starts_with("stripe.")
        }),
        "{}",
        aws.stdout
    );
    let none = env.run(&["rules", "list", "--provider", "no-such-provider"]);
    assert_eq!(none.code, 2);
    assert!(none.stderr.contains("no rule matches"), "{}", none.stderr);
}

#[test]
fn rules_check_reports_failing_examples() {
    let env = TestEnv::new();
    let run = env.run(&["rules", "check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    env.write(
        "r.toml",
        "[[rules]]\nid = \"acme.t\"\nname = \"t\"\nkeywords = [\"acme_\"]\npattern = '''acme_([0-9]{8})'''\nexamples = [\"acme_12\"]\nnegative_examples = [\"acme_83920174\"]\n",
    );
    let run = env.run(&["rules", "check", "r.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("example 1 is not matched"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("negative example 1 is matched"),
        "{}",
        run.stdout
    );
}

/// Durations and sizes too large for a `Duration` or a `u64` are errors that name the
/// flag, variable or key they came from; never a panic (exit 101).
#[test]
fn overflowing_durations_and_sizes_are_errors() {
    let env = TestEnv::new();
    let huge = "99999999999999999999999";
    for args in [
        vec!["--revoke", "--dry-run", "--wait", huge, "."],
        vec!["scan", "--verify", "--wait", "18446744073709551615s", "."],
    ] {
        let run = env.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("--wait") && run.stderr.contains("too long"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = env.run(&["scan", "--max-file-size", "99999999999999999999GiB", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--max-file-size") && run.stderr.contains("too large"),
        "{}",
        run.stderr
    );

    let out = crate::common::leakscan()
        .current_dir(env.root())
        .args(["scan", "--verify", "."])
        .env("LEAKSCAN_HTTP_TIMEOUT", huge)
        .output()
        .expect("run");
    let run = crate::common::Run::new(out);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("LEAKSCAN_HTTP_TIMEOUT") && run.stderr.contains("too long"),
        "{}",
        run.stderr
    );

    // A timeout says how long a secret's request may take: only the user's own
    // configuration sets it; the size limit may come from the project's file.
    for (line, key, user) in [
        (
            format!("http_timeout = \"{huge}s\"\n"),
            "http_timeout",
            true,
        ),
        (format!("http_timeout = \"{huge}\"\n"), "http_timeout", true),
        (
            "max_file_size = \"99999999999999999999GiB\"\n".to_string(),
            "max_file_size",
            false,
        ),
    ] {
        let file = if user {
            env.user_config(&line);
            "config.toml"
        } else {
            env.user_config("");
            env.write(".leakscan.toml", &line);
            ".leakscan.toml"
        };
        let run = env.run(&["scan", "--verify", "."]);
        assert_eq!(run.code, 2, "{line}: {}", run.stderr);
        assert!(
            run.stderr.contains(file)
                && run.stderr.contains(key)
                && (run.stderr.contains("too long") || run.stderr.contains("too large")),
            "{line}: {}",
            run.stderr
        );
    }
}

/// `rules list --all` shows the rules that are off by default, marked `off`;
/// plain `rules list` shows only the rules in effect.
#[test]
fn rules_list_all_shows_off_by_default_rules() {
    let env = TestEnv::new();
    let on = env.run(&["rules", "list"]);
    let all = env.run(&["rules", "list", "--all"]);
    assert_eq!((on.code, all.code), (0, 0));
    assert!(!on.stdout.contains("(off)"));
    let off: Vec<&str> = all
        .stdout
        .lines()
        .filter(|l| l.ends_with("(off)"))
        .collect();
    assert!(
        off.iter()
            .any(|l| l.trim_start().starts_with("generic.password ")),
        "{}",
        all.stdout
    );
    assert_eq!(
        all.stdout.lines().count(),
        on.stdout.lines().count() + off.len()
    );
}
