//! Verification and revocation against a real HTTP server on 127.0.0.1.

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use crate::common::server::{fp, InvalidMode, Server};
use crate::common::{Keys, Run, TestEnv};

/// Run leakscan in `env` with every provider pointed at `server`.
pub(crate) fn run(env: &TestEnv, server: &Server, args: &[&str]) -> Run {
    run_with(env, server, args, &[])
}

fn run_with(env: &TestEnv, server: &Server, args: &[&str], extra: &[(&str, &str)]) -> Run {
    let mut cmd = env.cmd();
    cmd.args(args).env("LEAKSCAN_HTTP_TIMEOUT", "3s");
    for (k, v) in server.env() {
        cmd.env(k, v);
    }
    for (k, v) in extra {
        cmd.env(k, v);
    }
    Run::new(cmd.output().expect("run leakscan"))
}

fn verification(run: &Run) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = run
        .json()
        .iter()
        .map(|f| {
            (
                f["locations"][0]["path"].as_str().unwrap_or("").to_string(),
                f["verification"]["status"]
                    .as_str()
                    .unwrap_or("none")
                    .to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The verification status of a run's one finding.
pub(crate) fn status_of(run: &Run) -> String {
    verification(run).pop().map(|(_, s)| s).unwrap_or_default()
}

/// A revocation endpoint is a setting that sends secrets: it lives in the user's
/// configuration, never in the scanned tree.
fn self_revoke_config(env: &TestEnv) {
    env.user_config(
        "[providers.paperspace.revoke]\nmethod = \"DELETE\"\nurl = \"{api_url}/api-keys/self\"\nauth = \"bearer\"\nok_status = [200, 204]\n",
    );
}

#[test]
fn classification_live_invalid_forbidden() {
    let server = Server::start();
    let env = TestEnv::new();
    let mut keys = Keys::new(200);
    let (live, dead, forbidden) = (keys.paperspace(), keys.paperspace(), keys.paperspace());
    server.seed_paperspace(&live, "jane@example.com", true);
    server.seed_paperspace(&forbidden, "x@example.com", false);
    server.forbid(&forbidden);
    env.write("live.env", format!("PAPERSPACE_API_KEY={live}\n"));
    env.write("dead.env", format!("PAPERSPACE_API_KEY={dead}\n"));
    env.write("forbidden.env", format!("PAPERSPACE_API_KEY={forbidden}\n"));
    for mode in [InvalidMode::Unauthorized, InvalidMode::NullBody] {
        server.invalid_mode(mode);
        let r = run(&env, &server, &["scan", "--verify", "--format", "json"]);
        assert_eq!(r.code, 3, "a live secret remains: {}", r.stderr);
        assert_eq!(
            verification(&r),
            vec![
                ("dead.env".into(), "invalid".into()),
                ("forbidden.env".into(), "unknown".into()),
                ("live.env".into(), "live".into())
            ],
            "{mode:?}"
        );
        let f = r
            .json()
            .into_iter()
            .find(|f| f["locations"][0]["path"] == "live.env")
            .expect("live");
        let id = &f["verification"]["identity"];
        assert_eq!(id["email"], "jane@example.com");
        assert_eq!(id["team"], "ml-research");
        assert_eq!(id["admin"], true);
        assert_eq!(f["verification"]["provider"], "paperspace");
        assert!(f["verification"]["checked_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z')));
    }
    // Text output masks the identity.
    let r = run(&env, &server, &["scan", "--verify"]);
    assert!(
        r.stdout.contains("j***@example.com") && !r.stdout.contains("jane@"),
        "{}",
        r.stdout
    );
    assert!(server.mutating_calls().is_empty(), "--verify never mutates");
}

#[test]
fn server_errors_rate_limits_and_timeouts_are_unknown_or_retried() {
    let server = Server::start();
    let env = TestEnv::new();
    let key = Keys::new(201).paperspace();
    server.seed_paperspace(&key, "a@example.com", false);
    env.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));

    let status = |extra: &[(&str, &str)]| {
        let r = run_with(
            &env,
            &server,
            &["scan", "--verify", "--format", "json"],
            extra,
        );
        status_of(&r)
    };

    server.fail_next_500(1);
    assert_eq!(status(&[]), "unknown", "5xx: reads are not retried");

    server.fail_next_429(2, Some("1"));
    let started = std::time::Instant::now();
    assert_eq!(status(&[]), "live", "429 with Retry-After, then success");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "Retry-After: 1 honoured twice"
    );

    server.fail_next_429(2, None);
    assert_eq!(status(&[]), "live", "429 without Retry-After: backoff");

    server.fail_next_429(50, None);
    assert_eq!(status(&[]), "unknown", "bounded tries");
    server.fail_next_429(0, None);

    server.latency(Duration::from_millis(300));
    assert_eq!(status(&[]), "live", "slow but in time");
    server.latency(Duration::ZERO);

    server.hang_all(true);
    assert_eq!(
        status(&[("LEAKSCAN_HTTP_TIMEOUT", "1s")]),
        "unknown",
        "hanging connection"
    );
    server.hang_all(false);
}

/// A redirect out of the API's origin is not followed (the credential would be
/// dropped or leak, and the answer would say nothing about the key), and a 200 that
/// is not JSON (a login page, a proxy) is not taken as live: both are "unknown".
#[test]
fn cross_origin_redirects_and_non_json_replies_are_unknown() {
    let server = Server::start();
    let other = Server::start();
    let env = TestEnv::new();
    let key = Keys::new(207).paperspace();
    server.seed_paperspace(&key, "a@example.com", false);
    other.seed_paperspace(&key, "a@example.com", false);
    env.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));

    assert_eq!(
        status_of(&run(
            &env,
            &server,
            &["scan", "--verify", "--format", "json"]
        )),
        "live"
    );
    for target in [
        format!("http://localhost:{}", other.port),
        format!("http://127.0.0.1:{}", other.port),
    ] {
        server.redirect_to(Some(target.clone()));
        let r = run(&env, &server, &["scan", "--verify", "--format", "json"]);
        assert_eq!(
            status_of(&r),
            "unknown",
            "redirect to {target}: {}",
            r.stdout
        );
        assert!(other.calls().is_empty(), "redirect to {target} followed");
        assert!(!r.stdout.contains(&key) && !r.stderr.contains(&key));
    }
    server.redirect_to(None);

    server.html(true);
    let r = run(&env, &server, &["scan", "--verify", "--format", "json"]);
    assert_eq!(status_of(&r), "unknown", "{}", r.stdout);
    let f = r.json().pop().expect("one finding");
    assert!(
        f["verification"]["reason"]
            .as_str()
            .is_some_and(|d| d.contains("not JSON")),
        "{f}"
    );
    server.html(false);
}

/// `rate_per_sec` spaces a provider's requests, across the verification workers.
/// Load can only delay requests, never hurry them, so the bound that holds on any
/// machine is from before the run: the sixth request of a 4/s limit cannot arrive
/// sooner than five intervals (1.25 s) after the run started. (Gaps between single
/// arrivals can shrink under load when an earlier request's thread is delayed.)
#[test]
fn requests_to_a_provider_are_rate_limited() {
    let server = Server::start();
    let env = TestEnv::new();
    let mut keys = Keys::new(208);
    for i in 0..6 {
        let key = keys.paperspace();
        server.seed_paperspace(&key, "a@example.com", false);
        env.write(&format!("k{i}.env"), format!("PAPERSPACE_API_KEY={key}\n"));
    }
    env.user_config("[providers.paperspace]\nrate_per_sec = 4\n");
    let started = std::time::Instant::now();
    let r = run(&env, &server, &["scan", "--verify", "--format", "json"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let times: Vec<_> = server
        .calls()
        .into_iter()
        .filter(|c| c.path.ends_with("/auth/session"))
        .map(|c| c.at)
        .collect();
    assert_eq!(times.len(), 6, "one call per key");
    let last = times.iter().max().copied().unwrap_or(started);
    assert!(
        last - started >= Duration::from_millis(1250),
        "4/s: the 6th request came {:?} after the start",
        last - started
    );
}

/// One verify and one revoke per unique key even when it appears in 50 places; each
/// re-verified; the audit log and every output hold no raw key.
#[test]
fn one_call_per_unique_key_and_nothing_raw_anywhere() {
    let server = Server::start();
    let env = TestEnv::new();
    self_revoke_config(&env);
    let key = Keys::new(202).paperspace();
    server.seed_paperspace(&key, "ops@example.com", false);
    for i in 0..50 {
        env.write(
            &format!("d{}/f{i}.env", i % 5),
            format!("# {i}\nPAPERSPACE_API_KEY={key}\n"),
        );
    }
    let r = run(
        &env,
        &server,
        &[
            "scan",
            "--revoke",
            "--yes",
            "--format",
            "json",
            "--audit-log",
            "audit.jsonl",
            "--report",
            "incident.md",
        ],
    );
    assert_eq!(r.code, 0, "revoked, nothing live remains: {}", r.stderr);
    let f = &r.json()[0];
    assert_eq!(f["locations"].as_array().map(Vec::len), Some(50));
    assert_eq!(f["revocation"]["status"], "revoked");
    assert_eq!(server.count("DELETE", "/api-keys/self"), 1);
    // One verify before, one re-verify after.
    assert_eq!(server.count("GET", "/auth/session"), 2);
    assert!(!server.is_live(&key));

    let audit = std::fs::read_to_string(env.path("audit.jsonl")).expect("audit log");
    let events: Vec<serde_json::Value> = audit
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSONL"))
        .collect();
    let names: Vec<&str> = events.iter().filter_map(|e| e["event"].as_str()).collect();
    assert_eq!(
        names,
        vec![
            "run_start",
            "verify",
            "plan",
            "consent",
            "revoke_attempt",
            "revoke_result",
            "reverify",
            "run_end"
        ]
    );
    assert!(events
        .iter()
        .all(|e| e["run_id"] == events[0]["run_id"] && e["ts"].is_string()));
    let report = std::fs::read_to_string(env.path("incident.md")).expect("report");
    assert!(
        report.contains("revoked") && report.contains("d0/f0.env"),
        "{report}"
    );
    for (what, text) in [
        ("audit", &audit),
        ("report", &report),
        ("stdout", &r.stdout),
        ("stderr", &r.stderr),
    ] {
        assert!(!text.contains(&key), "raw key in {what}");
        assert!(!text.contains("Bearer"), "authorization header in {what}");
    }
    assert!(server
        .calls()
        .iter()
        .all(|c| c.key_fp.as_deref().is_none_or(|f| f == fp(&key))));
}

#[test]
fn no_mutating_request_without_consent_and_dry_run_stops_after_plan() {
    let server = Server::start();
    let env = TestEnv::new();
    self_revoke_config(&env);
    let key = Keys::new(203).paperspace();
    server.seed_paperspace(&key, "a@example.com", false);
    env.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));

    // No terminal, no --yes: plan, no consent, exit 3.
    let r = run(&env, &server, &["scan", "--revoke", "--format", "json"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("revocation plan") && r.stderr.contains("fingerprint"),
        "{}",
        r.stderr
    );
    assert_eq!(r.json()[0]["revocation"]["status"], "skipped");
    assert!(server.mutating_calls().is_empty());

    // --dry-run wins over --yes.
    let r = run(&env, &server, &["scan", "--revoke", "--yes", "--dry-run"]);
    assert_eq!(r.code, 3);
    assert!(server.mutating_calls().is_empty());
    assert!(server.is_live(&key));
}

/// A key whose API answers 403 is unknown, and never revoked.
#[test]
fn forbidden_key_is_never_revoked() {
    let server = Server::start();
    let env = TestEnv::new();
    self_revoke_config(&env);
    let mut keys = Keys::new(204);
    let (forbidden, live) = (keys.paperspace(), keys.paperspace());
    server.seed_paperspace(&forbidden, "a@example.com", false);
    server.forbid(&forbidden);
    server.seed_paperspace(&live, "b@example.com", false);
    env.write(
        "a.env",
        format!("PAPERSPACE_API_KEY={forbidden}\nPAPERSPACE_TOKEN={live}\n"),
    );
    let r = run(
        &env,
        &server,
        &["scan", "--revoke", "--yes", "--format", "json"],
    );
    // The forbidden key may still be live: exit 3, never an all-clear (r8 item 9).
    assert_eq!(r.code, 3, "{}", r.stderr);
    let deletes: Vec<_> = server
        .calls()
        .into_iter()
        .filter(|c| c.method == "DELETE")
        .collect();
    assert_eq!(deletes.len(), 1);
    assert_eq!(deletes[0].key_fp.as_deref(), Some(fp(&live).as_str()));
    let statuses: Vec<String> = r
        .json()
        .iter()
        .map(|f| f["revocation"]["status"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        statuses.contains(&"skipped".to_string()) && statuses.contains(&"revoked".to_string()),
        "{statuses:?}"
    );
}

/// Without a revocation endpoint: a manual action; with --wait, polling confirms it
/// once the key dies (here: after 3 polls, as if revoked in the console).
#[test]
fn manual_path_with_and_without_wait() {
    let server = Server::start();
    let env = TestEnv::new();
    let key = Keys::new(205).paperspace();
    server.seed_paperspace(&key, "admin@example.com", true);
    env.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));

    let r = run(
        &env,
        &server,
        &["scan", "--revoke", "--yes", "--format", "json"],
    );
    assert_eq!(r.code, 3);
    let rev = &r.json()[0]["revocation"];
    assert_eq!(rev["status"], "manual_required");
    assert_eq!(
        rev["manual"]["console_url"],
        "https://dashboard.paperspace.com/settings/api-keys"
    );
    assert!(rev["manual"]["instructions"]
        .as_str()
        .is_some_and(|i| i.contains("ml-research") && i.contains("admin")));
    assert!(
        server.mutating_calls().is_empty(),
        "no endpoint is invented for the real API"
    );

    let r = run(
        &env,
        &server,
        &[
            "scan", "--revoke", "--yes", "--wait", "2s", "--format", "json",
        ],
    );
    assert_eq!(r.code, 3);
    assert_eq!(r.json()[0]["revocation"]["status"], "manual_pending");

    server.kill_after_polls(&key, 3 + server.count("GET", "/auth/session") as u32);
    let r = run(
        &env,
        &server,
        &[
            "scan", "--revoke", "--yes", "--wait", "20s", "--format", "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()[0]["revocation"]["status"], "revoked_confirmed");
}

/// A run killed after sending the revocation; the rerun reads the audit log, does not
/// send it again, re-verifies and finishes.
#[test]
fn resume_after_a_killed_run_without_a_second_revoke() {
    let server = Server::start();
    let env = TestEnv::new();
    self_revoke_config(&env);
    let key = Keys::new(206).paperspace();
    server.seed_paperspace(&key, "a@example.com", false);
    env.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    server.hang_mutating(true);
    let bin = assert_cmd::cargo::cargo_bin("leakscan");
    let mut cmd = std::process::Command::new(bin);
    cmd.current_dir(env.root())
        .args(["scan", "--revoke", "--yes", "--audit-log", "audit.jsonl"])
        .env("LEAKSCAN_HTTP_TIMEOUT", "60s")
        .env("XDG_CONFIG_HOME", env.config_home())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    for (k, v) in server.env() {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while server.count("DELETE", "/api-keys/self") == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "revocation never sent"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().expect("kill");
    let _ = child.wait();
    server.hang_mutating(false);
    let audit = std::fs::read_to_string(env.path("audit.jsonl")).expect("audit");
    for line in audit.lines() {
        serde_json::from_str::<serde_json::Value>(line)
            .expect("the interrupted log is valid JSONL");
    }
    assert!(audit.contains("revoke_attempt"));

    let r = run(
        &env,
        &server,
        &[
            "scan",
            "--revoke",
            "--yes",
            "--format",
            "json",
            "--audit-log",
            "audit.jsonl",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        server.count("DELETE", "/api-keys/self"),
        1,
        "never revoked twice"
    );
    assert_eq!(r.json()[0]["revocation"]["status"], "revoked");
}

/// 5xx on the revocation call is retried with backoff; a refusal (404) or
/// persistent 5xx is reported failed, and the run goes on with the other keys.
#[test]
fn failed_revocation_is_retried_then_reported() {
    let server = Server::start();
    let env = TestEnv::new();
    self_revoke_config(&env);
    let mut keys = Keys::new(207);
    let (a, b) = (keys.paperspace(), keys.paperspace());
    server.seed_paperspace(&a, "a@example.com", false);
    env.write("a.env", format!("PAPERSPACE_API_KEY={a}\n"));

    server.self_revoke(false); // 404 NOT_FOUND, as the real API would answer
    let r = run(
        &env,
        &server,
        &["scan", "--revoke", "--yes", "--format", "json"],
    );
    assert_eq!(r.code, 3);
    assert_eq!(r.json()[0]["revocation"]["status"], "failed");
    assert_eq!(
        server.count("DELETE", "/api-keys/self"),
        1,
        "a 404 is not retried"
    );
    server.self_revoke(true);

    // Two 500s, then success: one logical revocation, three requests.
    let env = TestEnv::new();
    self_revoke_config(&env);
    env.write("a.env", format!("PAPERSPACE_API_KEY={a}\n"));
    server.fail_next_mutating_500(2);
    let r = run(
        &env,
        &server,
        &["scan", "--revoke", "--yes", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()[0]["revocation"]["status"], "revoked");
    assert_eq!(server.count("DELETE", "/api-keys/self"), 1 + 3);

    // Persistent 500s: failed after bounded tries; the other key is still handled.
    server.seed_paperspace(&b, "b@example.com", false);
    let c = keys.paperspace();
    server.seed_paperspace(&c, "c@example.com", false);
    let env = TestEnv::new();
    self_revoke_config(&env);
    env.write("b.env", format!("PAPERSPACE_API_KEY={b}\n"));
    env.write("c.env", format!("PAPERSPACE_API_KEY={c}\n"));
    server.fail_next_mutating_500(4);
    let r = run(
        &env,
        &server,
        &["scan", "--revoke", "--yes", "--format", "json"],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    let statuses: Vec<String> = r
        .json()
        .iter()
        .map(|f| f["revocation"]["status"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(statuses, vec!["failed", "revoked"]);
}

#[test]
fn github_gitlab_and_slack() {
    let server = Server::start();
    let env = TestEnv::new();
    let mut keys = Keys::new(208);
    let (gh1, gh2) = (keys.github_pat(), keys.github_pat());
    let gl = format!("glpat-{}", keys.alnum(20));
    let sl = format!("xoxb-{}-{}-{}", "1234567890", "2345678901", keys.alnum(24));
    server.seed(
        &gh1,
        serde_json::json!({"login": "octo", "id": 1, "email": "octo@example.com"}),
    );
    server.seed(&gh2, serde_json::json!({"login": "cat", "id": 2}));
    server.seed(
        &gl,
        serde_json::json!({"id": 7, "name": "ci", "active": true, "revoked": false, "user_id": 42}),
    );
    server.seed(&sl, serde_json::json!({"ok": true, "user": "bot", "user_id": "U1", "team": "acme", "team_id": "T1"}));
    env.write(
        "ci.env",
        format!("GH1={gh1}\nGH2={gh2}\nGITLAB_TOKEN={gl}\nSLACK_BOT_TOKEN={sl}\n"),
    );
    let r = run(
        &env,
        &server,
        &["scan", "--revoke", "--yes", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    for f in r.json() {
        assert_eq!(f["verification"]["status"], "live", "{f}");
        assert_eq!(f["revocation"]["status"], "revoked", "{f}");
    }
    // GitHub: both tokens in one unauthenticated batch request.
    let posts: Vec<_> = server
        .calls()
        .into_iter()
        .filter(|c| c.path.ends_with("/credentials/revoke"))
        .collect();
    assert_eq!(posts.len(), 1);
    assert!(!posts[0].has_authorization);
    assert_eq!(server.count("DELETE", "/personal_access_tokens/self"), 1);
    assert_eq!(server.count("POST", "/auth.revoke"), 1);
    for k in [&gh1, &gh2, &gl, &sl] {
        assert!(!server.is_live(k));
    }
}

#[test]
fn revoke_one_secret_from_stdin_and_purge_file() {
    let server = Server::start();
    let env = TestEnv::new();
    self_revoke_config(&env);
    let key = Keys::new(209).paperspace();
    server.seed_paperspace(&key, "a@example.com", false);
    let mut cmd = env.cmd();
    cmd.args([
        "revoke",
        "--rule",
        "paperspace.api-key",
        "--yes",
        "-f",
        "json",
        "-",
    ])
    .write_stdin(format!("{key}\n"));
    for (k, v) in server.env() {
        cmd.env(k, v);
    }
    let r = Run::new(cmd.output().expect("run"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()[0]["revocation"]["status"], "revoked");
    assert!(!r.all_output().contains(&key));

    // --purge-file needs --show-secrets and is private.
    let other = Keys::new(210).paperspace();
    env.write("b.env", format!("PAPERSPACE_API_KEY={other}\n"));
    let r = run(
        &env,
        &server,
        &["scan", "--verify", "--purge-file", "purge.txt"],
    );
    assert_eq!(r.code, 2);
    let r = run(
        &env,
        &server,
        &[
            "scan",
            "--verify",
            "--show-secrets",
            "--purge-file",
            "purge.txt",
        ],
    );
    // The key verifies invalid (the emulation does not know it): still a finding
    // under plain --verify, exit 1 (not 2: the purge file was accepted).
    assert_eq!(r.code, 1, "{}", r.stderr);
    let text = std::fs::read_to_string(env.path("purge.txt")).expect("purge file");
    assert!(text.contains(&format!("{other}==>")), "{text}");
    let mode = std::fs::metadata(env.path("purge.txt"))
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}

/// `leakscan --revoke` is `scan --history --verify --revoke`: a key deleted from the
/// working tree but still in history is found, verified and revoked.
#[test]
fn revoke_shorthand_scans_history() {
    let server = Server::start();
    let repo = crate::common::Repo::init();
    let key = Keys::new(211).paperspace();
    server.seed_paperspace(&key, "a@example.com", false);
    repo.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    repo.commit("leak");
    repo.remove("a.env");
    repo.commit("remove");
    self_revoke_config(&repo.env);
    let r = run(
        &repo.env,
        &server,
        &[
            "--revoke",
            "--yes",
            "--format",
            "json",
            "--report",
            "incident.md",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let f = &r.json()[0];
    assert_eq!(f["revocation"]["status"], "revoked");
    assert!(f["timeline"]["removed"].is_object());
    let report = std::fs::read_to_string(repo.root().join("incident.md")).expect("report");
    assert!(
        report.contains("Exposure window") && report.contains("Ana Dev"),
        "{report}"
    );
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let env = TestEnv::new();
    env.write(
        "a.env",
        format!("PAPERSPACE_API_KEY={}\n", Keys::new(212).paperspace()),
    );
    let out = crate::common::leakscan()
        .current_dir(env.root())
        .args(["scan", "--verify"])
        .env("PAPERSPACE_API_URL", "http://api.paperspace.com/v1")
        .output()
        .expect("run");
    let r = Run::new(out);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("loopback"), "{}", r.stderr);
    // r10: the error names the variable the URL came from.
    assert!(
        r.stderr
            .contains("PAPERSPACE_API_URL: `http://api.paperspace.com/v1`"),
        "{}",
        r.stderr
    );
    let out = crate::common::leakscan()
        .current_dir(env.root())
        .args(["scan", "--verify"])
        .env("LEAKSCAN_OPENAI_API_URL", "http://api.openai.com/v1")
        .output()
        .expect("run");
    let r = Run::new(out);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("LEAKSCAN_OPENAI_API_URL: `http://api.openai.com/v1`"),
        "{}",
        r.stderr
    );
}

/// Run `args` on a pseudo-terminal against `server`, answer the consent question
/// with `answer` once the first verification has been asked, and return all the
/// terminal showed.
fn answer_on_terminal(env: &TestEnv, server: &Server, args: &str, answer: &str) -> String {
    let mut cmd = crate::common::leakscan_on_terminal(env.root(), args);
    cmd.env("LEAKSCAN_HTTP_TIMEOUT", "3s")
        .env("XDG_CONFIG_HOME", env.config_home())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    for (k, v) in server.env() {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("script (util-linux)");
    // Answer once the prompt is up.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while server.count("GET", "/auth/session") == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    if let Some(stdin) = child.stdin.as_mut() {
        use std::io::Write;
        let _ = writeln!(stdin, "{answer}");
    }
    let out = child.wait_with_output().expect("wait");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// On a terminal leakscan asks; "n" sends nothing, "y" revokes. `script` gives the
/// process a pseudo-terminal, as a person's shell would.
#[test]
fn terminal_prompt_asks_for_consent() {
    let server = Server::start();
    let env = TestEnv::new();
    self_revoke_config(&env);
    let key = Keys::new(213).paperspace();
    server.seed_paperspace(&key, "a@example.com", false);
    env.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    let ask = |answer: &str| answer_on_terminal(&env, &server, "scan --revoke", answer);
    let text = ask("n");
    assert!(
        text.contains(
            "Go ahead? 1 key will be revoked through the API and re-verified dead. [y/N]"
        ),
        "{text}"
    );
    assert!(server.mutating_calls().is_empty(), "answer n sends nothing");
    let calls_before = server.count("GET", "/auth/session");
    let text = ask("y");
    assert!(text.contains("revocation: revoked"), "{text}");
    assert_eq!(server.mutating_calls().len(), 1);
    assert!(server.count("GET", "/auth/session") > calls_before);
    assert!(!text.contains(&key), "raw key on the terminal");
}

/// r10: the Paperspace manual flow on a terminal. The question says what will
/// happen to each kind of key; the full manual steps print before the polling
/// starts, then a countdown; once the key is dead there is no leftover "manual
/// action" line.
#[test]
fn r10_manual_flow_says_what_happens_and_counts_down() {
    let server = Server::start();
    let env = TestEnv::new();
    let mut keys = Keys::new(1010);
    let (ps, gh) = (keys.paperspace(), keys.github_pat());
    server.seed_paperspace(&ps, "ops@example.com", true);
    server.seed(&gh, serde_json::json!({"login": "octo", "id": 1}));
    env.write(
        "a.env",
        format!(
            "PAPERSPACE_API_KEY={ps}
GH={gh}
"
        ),
    );
    // Dies after a few polls, as if the owner revoked it in the console meanwhile.
    server.kill_after_polls(&ps, 4);
    let text = answer_on_terminal(&env, &server, "scan --revoke --wait 30s", "y");
    assert!(
        text.contains("Go ahead? 1 key will be revoked through the API and re-verified dead; 1 Paperspace key needs you in the console; leakscan will wait for it to die. [y/N]"),
        "{text}"
    );
    let steps = text.find("1. open https://dashboard.paperspace.com/settings/api-keys");
    let countdown = text.find("still live; ");
    assert!(
        steps.is_some() && countdown.is_some() && steps < countdown,
        "steps before the countdown: {text}"
    );
    assert!(
        text.contains("treat the whole team's resources as exposed"),
        "{text}"
    );
    assert!(text.contains("revocation: revoked_confirmed"), "{text}");
    assert!(text.contains("revocation: revoked: "), "{text}");
    assert!(
        !text.contains("manual action:"),
        "leftover manual action line: {text}"
    );
    assert!(
        !text.contains(&ps) && !text.contains(&gh),
        "raw key on the terminal"
    );
}

/// r8 item 9: with the provider unreachable every verdict is `unknown`, and no
/// command reads that as an all-clear: exit 3, and the summary says why.
#[test]
fn r8_unknown_verdicts_are_never_an_all_clear() {
    let env = TestEnv::new();
    let key = Keys::new(811).paperspace();
    env.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    let down = [("PAPERSPACE_API_URL", "http://127.0.0.1:9/v1")];
    let run_down = |args: &[&str], stdin: Option<String>| {
        let mut cmd = env.cmd();
        cmd.args(args).env("LEAKSCAN_HTTP_TIMEOUT", "2s");
        for (k, v) in down {
            cmd.env(k, v);
        }
        if let Some(input) = stdin {
            cmd.write_stdin(input);
        }
        Run::new(cmd.output().expect("run"))
    };
    let r = run_down(&["scan", "--verify"], None);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("1 unknown") && r.stderr.contains("could not connect"),
        "{}",
        r.stderr
    );
    let r = run_down(&["scan", "--revoke", "--yes"], None);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(!r.stderr.contains("nothing to revoke"), "{}", r.stderr);
    assert!(r.stderr.contains("may be live"), "{}", r.stderr);
    let r = run_down(
        &["revoke", "--rule", "paperspace.api-key", "--yes", "-"],
        Some(format!("{key}\n")),
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(!r.all_output().contains(&key));
}

/// r8 item 10: `revoke -` sends the provider the key, not the line it came in.
#[test]
fn r8_revoke_stdin_extracts_the_secret_with_the_rule() {
    let server = Server::start();
    let env = TestEnv::new();
    self_revoke_config(&env);
    let mut keys = Keys::new(812);
    let (key, other) = (keys.paperspace(), keys.paperspace());
    server.seed_paperspace(&key, "a@example.com", false);
    let revoke = |input: String| {
        let mut cmd = env.cmd();
        cmd.args([
            "revoke",
            "--rule",
            "paperspace.api-key",
            "--yes",
            "-f",
            "json",
            "-",
        ])
        .env("LEAKSCAN_HTTP_TIMEOUT", "3s")
        .write_stdin(input);
        for (k, v) in server.env() {
            cmd.env(k, v);
        }
        Run::new(cmd.output().expect("run"))
    };
    let r = revoke(format!("export PAPERSPACE_API_KEY=\"{key}\"\n"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()[0]["revocation"]["status"], "revoked");
    assert!(!server.is_live(&key));
    assert_eq!(server.mutating_calls().len(), 1);
    assert!(!r.all_output().contains(&key));

    // Two different keys, or none: refused before any request.
    let calls = server.calls().len();
    let r = revoke(format!(
        "PAPERSPACE_API_KEY={key}\nPAPERSPACE_TOKEN={other}\n"
    ));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("2 different"), "{}", r.stderr);
    let r = revoke("PAPERSPACE_API_KEY=\"not-a-key\"\n".into());
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("no `paperspace.api-key` secret"),
        "{}",
        r.stderr
    );
    assert_eq!(server.calls().len(), calls, "refused input sent nothing");
}

/// The revocation plan is several lines leakscan lays out itself: its line breaks
/// stay, but a path inside it cannot add lines or control the terminal; nor in the
/// incident report.
#[test]
fn revocation_plan_escapes_hostile_paths() {
    let server = Server::start();
    let env = TestEnv::new();
    let key = Keys::new(212).paperspace();
    server.seed_paperspace(&key, "a@example.com", false);
    env.write(
        "a\x1b[2J\rb\nFORGED.env",
        format!("PAPERSPACE_API_KEY={key}\n"),
    );
    let r = run(
        &env,
        &server,
        &["scan", "--revoke", "--dry-run", "--report", "r.md"],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    // The incident report is read on terminals too, and a line break in a path
    // must not forge one of its lines.
    let report = std::fs::read_to_string(env.path("r.md")).expect("report");
    assert!(
        !report.contains('\x1b') && !report.contains('\r'),
        "{}",
        report.escape_debug()
    );
    assert!(
        report.contains(r"`a\x1b[2J\rb\nFORGED.env:1`")
            && !report.lines().any(|l| l.starts_with("FORGED")),
        "{report}"
    );
    assert!(
        !r.stderr.contains('\x1b') && !r.stderr.contains('\r'),
        "{}",
        r.stderr.escape_debug()
    );
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("revocation plan: 1 secret verified live"))
            && lines
                .iter()
                .any(|l| l.trim_start() == r"at a\x1b[2J\rb\nFORGED.env:1"),
        "{}",
        r.stderr
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("FORGED")),
        "{}",
        r.stderr
    );
}

/// The line of `report` that starts with `prefix`.
fn report_line<'a>(report: &'a str, prefix: &str) -> &'a str {
    report
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no `{prefix}` line in:\n{report}"))
}

/// Deleting a key from HEAD does not end its exposure while a tag still reaches it
/// and it still works: the window ends at revocation, and until then the incident
/// report says it is still exposed and names the tag.
#[test]
fn exposure_window_ends_at_revocation_not_at_removal_from_head() {
    let server = Server::start();
    let repo = crate::common::Repo::init();
    let key = Keys::new(213).paperspace();
    server.seed_paperspace(&key, "a@example.com", false);
    repo.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    repo.commit("leak");
    repo.git(&["tag", "v1"]);
    repo.remove("a.env");
    let removed = repo.commit("remove the key");
    self_revoke_config(&repo.env);

    let r = run(
        &repo.env,
        &server,
        &["--revoke", "--dry-run", "--report", "r.md"],
    );
    assert_eq!(r.code, 3, "live and not revoked: {}", r.stderr);
    let report = std::fs::read_to_string(repo.root().join("r.md")).expect("report");
    let window = report_line(&report, "- Exposure window:");
    assert!(window.contains("still exposed"), "{report}");
    let head = report_line(&report, "- Removed from HEAD:");
    assert!(
        head.contains(&removed[..12]) && head.contains("refs/tags/v1"),
        "{report}"
    );
    let steps = report_line(&report, "- Next steps:");
    assert!(
        steps.contains("still exposed") && steps.contains("refs/tags/v1"),
        "{report}"
    );

    let r = run(
        &repo.env,
        &server,
        &["--revoke", "--yes", "--format", "json", "--report", "r.md"],
    );
    assert_eq!(r.code, 0, "revoked: {}", r.stderr);
    let f = &r.json()[0];
    assert_eq!(f["revocation"]["status"], "revoked");
    let at = f["revocation"]["at"].as_str().expect("revocation time");
    let report = std::fs::read_to_string(repo.root().join("r.md")).expect("report");
    let window = report_line(&report, "- Exposure window:");
    assert!(
        window.contains(&format!("→ {at}")) && !window.contains("still exposed"),
        "ends at the revocation ({at}):\n{report}"
    );
    assert!(report_line(&report, "- Removed from HEAD:").contains(&removed[..12]));
}

/// `rate_per_sec` outside 0.01..=1000 (1e-30 overflowed a `Duration`; NaN, infinite,
/// zero and negative were silently ignored) is a config error naming the key, and
/// nothing is sent.
#[test]
fn out_of_range_rate_is_a_config_error() {
    let server = Server::start();
    let env = TestEnv::new();
    let key = Keys::new(230).paperspace();
    server.seed_paperspace(&key, "a@example.com", false);
    env.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    for rate in ["1e-30", "nan", "inf", "-1", "0", "1e9"] {
        env.user_config(&format!("[providers.paperspace]\nrate_per_sec = {rate}\n"));
        let r = run(&env, &server, &["scan", "--verify", "--format", "json"]);
        assert_eq!(r.code, 2, "{rate}: {}", r.stderr);
        assert!(
            r.stderr.contains("config.toml")
                && r.stderr.contains("providers.paperspace.rate_per_sec"),
            "{rate}: {}",
            r.stderr
        );
    }
    assert!(server.calls().is_empty(), "nothing is sent");
}

/// An audit log whose middle cannot be read (invalid UTF-8, or a line that is not
/// JSON) would empty the "already attempted" set and let a rerun revoke a key twice:
/// it is an error naming the file and line, before anything is sent. A torn last
/// line (a run killed mid-write) is still tolerated.
#[test]
fn unreadable_audit_log_stops_before_anything_is_sent() {
    let server = Server::start();
    let env = TestEnv::new();
    self_revoke_config(&env);
    let key = Keys::new(231).paperspace();
    server.seed_paperspace(&key, "a@example.com", false);
    env.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    let fingerprint = env.run(&["scan", "--format", "json"]).json()[0]["fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string();
    let start = br#"{"ts":"2024-01-01T00:00:00Z","run_id":"r1","event":"run_start"}"#;
    let attempt = format!(
        r#"{{"ts":"2024-01-01T00:00:01Z","run_id":"r1","event":"revoke_attempt","provider":"paperspace","fingerprint":"{fingerprint}"}}"#
    );
    let revoke = |log: &str| {
        run(
            &env,
            &server,
            &[
                "scan",
                "--revoke",
                "--yes",
                "--format",
                "json",
                "--audit-log",
                log,
            ],
        )
    };
    for (what, bad) in [
        (
            "invalid UTF-8",
            &b"{\"event\":\"note\",\"x\":\"\xff\xfe\"}"[..],
        ),
        ("not JSON", &b"{\"event\":\"plan\",\"fing"[..]),
    ] {
        let mut log = start.to_vec();
        log.push(b'\n');
        log.extend_from_slice(bad);
        log.push(b'\n');
        log.extend_from_slice(attempt.as_bytes());
        log.push(b'\n');
        env.write("audit.jsonl", &log);
        let r = revoke("audit.jsonl");
        assert_eq!(r.code, 2, "{what}: {}", r.stderr);
        assert!(
            r.stderr.contains("audit.jsonl") && r.stderr.contains("line 2"),
            "{what}: {}",
            r.stderr
        );
        assert!(server.calls().is_empty(), "{what}: nothing is sent");
    }

    // A directory where the log should be.
    std::fs::create_dir(env.path("audit.d")).expect("mkdir");
    let r = revoke("audit.d");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("audit.d"), "{}", r.stderr);
    assert!(server.calls().is_empty(), "nothing is sent");

    // A torn last line: the attempt above it still counts, so nothing is sent again.
    let mut log = start.to_vec();
    log.push(b'\n');
    log.extend_from_slice(attempt.as_bytes());
    log.extend_from_slice(b"\n{\"ts\":\"2024-01-01T00:00:02Z\",\"run_id\":\"r1\",\"ev");
    env.write("audit.jsonl", &log);
    server.kill_after_polls(&key, 1); // dies on the re-verification poll
    let r = revoke("audit.jsonl");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()[0]["revocation"]["status"], "revoked");
    assert_eq!(
        server.count("DELETE", "/api-keys/self"),
        0,
        "never sent again"
    );
    // The torn line stays on a line of its own: the next run reads the log too.
    let r = revoke("audit.jsonl");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        server.count("DELETE", "/api-keys/self"),
        0,
        "never sent again"
    );
}

/// Flags that do nothing without another are errors, not silently ignored.
#[test]
fn flags_that_need_revoke_or_verify_are_errors_alone() {
    let env = TestEnv::new();
    for (args, needs) in [
        (&["scan", "--yes"][..], "--revoke"),
        (&["scan", "--verify", "--dry-run"][..], "--revoke"),
        (&["scan", "--wait", "10s"][..], "--revoke"),
        (&["scan", "--report", "r.md"][..], "--verify or --revoke"),
        (
            &["scan", "--audit-log", "a.jsonl"][..],
            "--verify or --revoke",
        ),
    ] {
        let r = env.run(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains(needs), "{args:?}: {}", r.stderr);
    }
}

/// r10: a summary a person can act on (counts by confidence and by verdict, the
/// line for a rule without a verifier, plurals), and the filters `--min-confidence`
/// and `--only-verified`.
#[test]
fn r10_summary_and_filters() {
    let server = Server::start();
    let env = TestEnv::new();
    let mut keys = Keys::new(1011);
    let (live, dead) = (keys.paperspace(), keys.github_pat());
    server.seed_paperspace(&live, "a@example.com", false);
    env.write(
        "app.env",
        format!(
            "PAPERSPACE_API_KEY={live}\nGITHUB_TOKEN={dead}\nDB_PASSWORD=ZUb1wABmD4Ucz3!beH4M\n"
        ),
    );
    let r = run(&env, &server, &["scan", "--verify"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("3 secrets found in 3 locations (2 high, 1 medium)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("verified: 1 live, 1 invalid, 1 unsupported"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("not verified: no verifier for generic secrets"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("scanned 1 file ("), "{}", r.stderr);
    assert!(
        r.stderr.contains("3 findings, 0 suppressed"),
        "{}",
        r.stderr
    );
    let json = run(&env, &server, &["scan", "--verify", "--format", "json"]).json();
    let generic = json
        .iter()
        .find(|f| f["rule_id"] == "generic.secret-assignment")
        .expect("generic finding");
    assert_eq!(generic["verification"]["status"], "unsupported");
    assert_eq!(generic["verification"]["provider"], "generic");

    let r = run(
        &env,
        &server,
        &["scan", "--min-confidence", "high", "--format", "json"],
    );
    assert_eq!(r.code, 1);
    let ids: Vec<String> = r
        .json()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(
        ids.iter().all(|i| i != "generic.secret-assignment"),
        "{ids:?}"
    );
    assert!(
        r.stderr
            .contains("1 finding below --min-confidence high not reported"),
        "{}",
        r.stderr
    );

    let r = run(
        &env,
        &server,
        &["scan", "--only-verified", "--format", "json"],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    let found = r.json();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["rule_id"], "paperspace.api-key");
    assert_eq!(found[0]["verification"]["status"], "live");
    assert!(
        r.stderr
            .contains("2 findings not verified live not reported"),
        "{}",
        r.stderr
    );

    // Nothing live: a clean exit with --only-verified only when every secret is dead.
    server.kill_after_polls(&live, 0);
    let r = run(
        &env,
        &server,
        &["scan", "--only-verified", "--format", "json"],
    );
    assert!(r.json().is_empty(), "{}", r.stdout);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A secret that could not be verified is not shown, but never reads as clean.
    let r = run_with(
        &env,
        &server,
        &["scan", "--only-verified", "--format", "json"],
        &[("PAPERSPACE_API_URL", "http://127.0.0.1:9/v1")],
    );
    assert!(r.json().is_empty(), "{}", r.stdout);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("1 secret could not be verified and may be live"),
        "{}",
        r.stderr
    );
}
