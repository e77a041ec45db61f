//! Trust: scanned content never chooses where secrets go, and the change under
//! review cannot silence the gate on itself (issue #8, items 1 and 2).

use crate::common::server::Server;
use crate::common::{Keys, Repo, Run, TestEnv};

/// r8 item 1: a `.leakscan.toml` in the scanned tree that points a provider at a
/// collector gets no request there: the key goes only where the person running
/// leakscan said (here the environment), with one warning naming the file and keys.
#[test]
fn r8_scanned_config_cannot_choose_where_keys_are_sent() {
    let legit = Server::start();
    let collector = Server::start();
    let env = TestEnv::new();
    let key = Keys::new(801).paperspace();
    legit.seed_paperspace(&key, "a@example.com", false);
    collector.seed_paperspace(&key, "a@example.com", false);
    env.write("app/.env", format!("PAPERSPACE_API_KEY={key}\n"));
    env.write(
        ".leakscan.toml",
        format!(
            "http_timeout = \"1s\"\n[providers.paperspace]\napi_url = \"http://127.0.0.1:{p}/v1\"\n[providers.paperspace.revoke]\nmethod = \"DELETE\"\nurl = \"http://127.0.0.1:{p}/v1/api-keys/self\"\nauth = \"bearer\"\n[providers.github]\napi_url = \"http://127.0.0.1:{p}/github\"\n",
            p = collector.port
        ),
    );
    let r = crate::verify::run(&env, &legit, &["scan", "--verify", "--format", "json"]);
    assert_eq!(crate::verify::status_of(&r), "live", "{}", r.stderr);
    assert!(collector.calls().is_empty(), "the collector was called");
    assert_eq!(legit.count("GET", "/auth/session"), 1);
    let warnings: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("warning") && l.contains(".leakscan.toml"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", r.stderr);
    for k in ["providers.paperspace", "providers.github", "http_timeout"] {
        assert!(warnings[0].contains(k), "{}", warnings[0]);
    }

    // Without an environment URL the repository's URL is still not used: nothing
    // reaches the collector (the real default host is replaced by a closed port
    // through the user's config, so the test stays on this machine).
    env.user_config("[providers.paperspace]\napi_url = \"http://127.0.0.1:9/v1\"\n");
    let out = env
        .cmd()
        .args(["scan", "--verify", "--format", "json"])
        .env_remove("PAPERSPACE_API_URL")
        .env("LEAKSCAN_HTTP_TIMEOUT", "2s")
        .output()
        .expect("run");
    let r = Run::new(out);
    assert_eq!(crate::verify::status_of(&r), "unknown", "{}", r.stderr);
    assert!(collector.calls().is_empty());
}

/// The places the person running leakscan chose do set provider URLs: the user
/// config, `--config FILE`; the environment wins over both.
#[test]
fn user_config_and_explicit_config_set_provider_urls() {
    let server = Server::start();
    let env = TestEnv::new();
    let key = Keys::new(802).paperspace();
    server.seed_paperspace(&key, "a@example.com", false);
    env.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    let url = format!(
        "[providers.paperspace]\napi_url = \"http://127.0.0.1:{}/v1\"\n",
        server.port
    );
    let run = |extra: &[&str]| {
        let out = env
            .cmd()
            .args(["scan", "--verify", "--format", "json"])
            .args(extra)
            .env_remove("PAPERSPACE_API_URL")
            .env("LEAKSCAN_HTTP_TIMEOUT", "2s")
            .output()
            .expect("run");
        Run::new(out)
    };
    env.user_config(&url);
    let r = run(&[]);
    assert_eq!(crate::verify::status_of(&r), "live", "{}", r.stderr);
    assert!(r.stderr.contains("config.toml"), "{}", r.stderr);

    env.user_config("");
    let chosen = tempfile::tempdir().unwrap();
    let file = chosen.path().join("ci.toml");
    std::fs::write(&file, &url).unwrap();
    let r = run(&["--config", file.to_str().unwrap()]);
    assert_eq!(crate::verify::status_of(&r), "live", "{}", r.stderr);

    // The environment wins over a chosen file.
    let out = env
        .cmd()
        .args(["scan", "--verify", "--format", "json", "--config"])
        .arg(&file)
        .env("PAPERSPACE_API_URL", "http://127.0.0.1:9/v1")
        .env("LEAKSCAN_HTTP_TIMEOUT", "2s")
        .output()
        .expect("run");
    assert_eq!(crate::verify::status_of(&Run::new(out)), "unknown");
}

/// Discovery walks up from the scanned path to the repository root, and the note
/// says which file was loaded.
#[test]
fn config_is_discovered_up_to_the_repository_root() {
    let repo = Repo::init();
    let mut keys = Keys::new(803);
    repo.write(
        "sub/dir/a.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    repo.write(".leakscan.toml", "[allowlist]\npaths = [\"**/a.env\"]\n");
    let r = repo.run(&["scan", "--format", "json", "sub/dir"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("configuration:") && r.stderr.contains(".leakscan.toml"));
    // Above the repository root nothing is read.
    let outer = TestEnv::new();
    outer.write(".leakscan.toml", "disable = [\"paperspace.api-key\"]\n");
    outer.write(
        "inner/a.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    std::fs::create_dir_all(outer.path("inner/.git")).unwrap();
    let r = outer.run(&["scan", "--format", "json", "inner"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

/// A repository with a base commit on `main` and a branch `pr` checked out.
fn gate_repo() -> (Repo, Keys) {
    let repo = Repo::init();
    repo.write("README.md", "hello\n");
    repo.write("baseline.json", "[]\n");
    repo.commit("base");
    repo.git(&["checkout", "-q", "-b", "pr"]);
    (repo, Keys::new(804))
}

/// r10: a next-line marker the change adds is, like an inline one, a suppression
/// under review: the gate still fails.
#[test]
fn r10_next_line_markers_added_by_the_change_do_not_silence_the_gate() {
    let (repo, mut keys) = gate_repo();
    let key = keys.paperspace();
    repo.write(
        "app.properties",
        format!("# leakscan:allow-next-line\npaperspace.apiKey={key}\n"),
    );
    repo.commit("key under a next-line marker");
    let r = repo.run(&["scan", "--since", "main", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let findings = r.json();
    assert_eq!(findings.len(), 1, "{}", r.stdout);
    assert_eq!(findings[0]["suppressed"]["kind"], "inline");
    assert_eq!(findings[0]["suppressed"]["in_change"], true);
}

/// r8 item 2: suppressions a change adds do not silence the gate on that change.
#[test]
fn r8_the_change_cannot_silence_the_gate() {
    type Suppress = fn(&Repo, &str);
    let cases: [(&str, Suppress); 5] = [
        ("ignore file", |repo, _| {
            repo.write(".leakscanignore", "*.env\n");
        }),
        ("nested ignore file", |repo, _| {
            repo.write("app/.leakscanignore", "*\n");
        }),
        ("allowlist paths", |repo, _| {
            repo.write(".leakscan.toml", "[allowlist]\npaths = [\"**\"]\n");
        }),
        ("disable", |repo, _| {
            repo.write(".leakscan.toml", "disable = [\"paperspace.api-key\"]\n");
        }),
        ("baseline entry", |repo, _| {
            let out = repo
                .env
                .cmd()
                .args(["baseline", "."])
                .output()
                .expect("run");
            repo.write("baseline.json", out.stdout);
        }),
    ];
    for (what, suppress) in cases {
        let (repo, mut keys) = gate_repo();
        let key = keys.paperspace();
        repo.write("app/prod.env", format!("PAPERSPACE_API_KEY={key}\n"));
        suppress(&repo, &key);
        repo.commit("add config");
        for args in [
            &[
                "scan",
                "--since",
                "main",
                "--format",
                "json",
                "--baseline",
                "baseline.json",
            ][..],
            &["scan", "--since", "main", "--format", "json"][..],
        ] {
            let r = repo.run(args);
            assert_eq!(r.code, 1, "{what}: {args:?}: {}", r.stderr);
            assert_eq!(r.json().len(), 1, "{what}");
        }
        // The same suppression staged with the key: the pre-commit gate holds too.
        let (repo, mut keys) = gate_repo();
        repo.write(
            "app/prod.env",
            format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
        );
        suppress(&repo, "");
        repo.git(&["add", "-A"]);
        let r = repo.run(&[
            "scan",
            "--staged",
            "--format",
            "json",
            "--baseline",
            "baseline.json",
        ]);
        assert_eq!(r.code, 1, "{what} (staged): {}", r.stderr);
    }
}

/// Suppressions that the base already has do apply: the gate stays usable.
#[test]
fn suppressions_from_the_base_apply() {
    let repo = Repo::init();
    let mut keys = Keys::new(805);
    repo.write(".leakscanignore", "fixtures/\n");
    repo.write(".leakscan.toml", "[allowlist]\npaths = [\"docs/**\"]\n");
    repo.commit("base");
    repo.git(&["checkout", "-q", "-b", "pr"]);
    repo.write(
        "fixtures/a.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    repo.write(
        "docs/b.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    repo.commit("fixtures");
    let r = repo.run(&["scan", "--since", "main", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // A baseline the CI job writes (untracked) is the runner's, and applies.
    repo.write(
        "c.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    repo.commit("c");
    let out = repo
        .env
        .cmd()
        .args(["baseline", "-o", "ci-baseline.json", "--since", "main"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let r = repo.run(&["scan", "--since", "main", "--baseline", "ci-baseline.json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

/// r8 item 2: an inline marker that the change itself adds does not silence the
/// gate: the finding is reported as suppressed in this change (JSON `suppressed`,
/// SARIF `suppressions` under review, a text line) and the gate still fails. A
/// marker already in the base applies as everywhere.
#[test]
fn r8_inline_markers_added_by_the_change_are_reported_and_fail_the_gate() {
    let (repo, mut keys) = gate_repo();
    let old = keys.paperspace();
    repo.write(
        "old.env",
        format!("PAPERSPACE_API_KEY={old} # leakscan:allow\n"),
    );
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("accepted in main");
    repo.git(&["checkout", "-q", "pr"]);
    repo.git(&["merge", "-q", "main"]);
    let key = keys.paperspace();
    repo.write(
        "app.env",
        format!("PAPERSPACE_API_KEY={key} # leakscan:allow\n"),
    );
    repo.commit("key with a marker");
    for args in [
        &["scan", "--since", "main", "--format", "json"][..],
        &["scan", "--staged", "--format", "json"][..],
    ] {
        if args[1] == "--staged" {
            repo.write(
                "staged.env",
                format!("PAPERSPACE_API_KEY={key}  # gitleaks:allow\n"),
            );
            repo.git(&["add", "staged.env"]);
        }
        let r = repo.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        let findings = r.json();
        assert_eq!(findings.len(), 1, "{args:?}: {}", r.stdout);
        assert_eq!(findings[0]["suppressed"]["kind"], "inline");
        assert_eq!(findings[0]["suppressed"]["in_change"], true);
    }
    let r = repo.run(&["scan", "--since", "main"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("suppressed in this change"),
        "{}",
        r.stdout
    );
    let r = repo.run(&["scan", "--since", "main", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(
        result["suppressions"][0]["status"], "underReview",
        "{result}"
    );
    // The tree scan honours markers as before: nothing reported.
    let r = repo.run(&["scan", "--format", "json", "app.env", "old.env"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

/// A discovered `.leakscan.toml` cannot make leakscan read files outside the tree
/// it sits in (`rule_files = ["/home/me/.ssh/id_rsa"]` would otherwise be read, and
/// its existence revealed in an error): such entries are ignored with a warning.
#[test]
fn discovered_config_reads_rule_files_only_inside_its_tree() {
    let outside = TestEnv::new();
    outside.write("private.toml", "not = [a rule file\n");
    let env = TestEnv::new();
    env.write(
        "ci/extra.toml",
        "[[rules]]\nid = \"acme.token\"\nname = \"Acme\"\nkeywords = [\"acme_\"]\npattern = '''\\b(acme_[0-9a-f]{24})\\b'''\n",
    );
    env.write(
        ".leakscan.toml",
        format!(
            "rule_files = [\"ci/extra.toml\", \"{}\", \"../x.toml\"]\n",
            outside.path("private.toml").display()
        ),
    );
    let r = env.run(&["rules", "list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("acme.token"), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("ignoring rule_files outside its directory")
            && r.stderr.contains("private.toml"),
        "{}",
        r.stderr
    );
    // Chosen with --config, the same file is trusted to name any path.
    let r = env.run(&["rules", "list", "--config", ".leakscan.toml"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

/// Issue #9: `decode_depth = 0` in a `.leakscan.toml` the change adds does not turn
/// the decode stage off for that change: the gate reads the project config from the
/// base, so a key the change adds in base64 is still found.
#[test]
fn r9_the_change_cannot_turn_decoding_off() {
    let (repo, mut keys) = gate_repo();
    let key = keys.paperspace();
    repo.write(
        "app/prod.env",
        format!(
            "PAPERSPACE_API_KEY_B64={}\n",
            crate::detect::b64(key.as_bytes())
        ),
    );
    repo.write(".leakscan.toml", "decode_depth = 0\n");
    repo.commit("add config");
    let r = repo.run(&["scan", "--since", "main", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let found = r.json();
    assert_eq!(found.len(), 1, "{}", r.stdout);
    assert_eq!(found[0]["encoding"], "base64");
    // The same file in a plain tree scan is the project's own choice: it applies
    // (nothing is found through decoding; the low-confidence loose rule may still
    // take the base64 text itself).
    let plain = repo.run(&["scan", "--format", "json", "."]);
    assert!(
        plain.json().iter().all(|f| f["encoding"].is_null()),
        "{}",
        plain.stdout
    );
}
