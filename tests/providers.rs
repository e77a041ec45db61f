//! Every provider against its emulation (`tests/emulations/<id>.toml`, written from
//! the provider's documentation), through the real binary: live with identity,
//! invalid, forbidden and rate-limited (unknown), test-mode keys, and revocation
//! (API: revoked and re-verified dead; manual: the console page). Plus
//! `providers list` against the emulations and the README's provider table.

use std::collections::BTreeMap;

use crate::common::emulation::{Emulation, Emulator, Fault};
use serde_json::Value;

/// What a run of the binary produced.
struct Ran {
    code: i32,
    json: Value,
    all: String,
}

fn providers_json() -> Vec<Value> {
    let out = crate::common::leakscan()
        .args(["providers", "list", "--json"])
        .output()
        .expect("run leakscan");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&out.stdout).expect("providers JSON")
}

fn run(env_var: &str, base: &str, args: &[&str], stdin: &str) -> Ran {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let (code, json, all) =
        crate::common::run_with_stdin(&[(env_var, base.to_string())], &args, stdin);
    Ran { code, json, all }
}

/// The first finding's field at `pointer`, as text.
fn at(r: &Ran, pointer: &str) -> String {
    r.json
        .pointer(&format!("/0{pointer}"))
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
        .unwrap_or_default()
}

/// Run every scenario of one emulation; the problems found, in words.
fn exercise(e: &Emulation, listed: &BTreeMap<String, Value>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };
    let Some(entry) = listed.get(&e.provider) else {
        return vec![format!("`providers list` does not list `{}`", e.provider)];
    };
    let env_var = entry["env"].as_str().unwrap_or_default().to_string();
    let rules: Vec<&str> = entry["rules"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    check(
        rules.contains(&e.rule.as_str()),
        format!(
            "rule {} is not linked to {} ({rules:?})",
            e.rule, e.provider
        ),
    );
    let emu = Emulator::start(e);
    let base = emu.base_url();
    let verify = ["verify", "--rule", e.rule.as_str()];
    let secret_kept = |r: &Ran, key: &str| !r.all.contains(key);

    emu.set_live(&e.key);
    let input = e.input.clone().unwrap_or_else(|| e.key.clone());
    let r = run(&env_var, &base, &verify, &input);
    let status = at(&r, "/verification/status");
    check(
        r.code == 3 && status == "live",
        format!("live key: exit {} status `{status}`: {}", r.code, r.all),
    );
    let identity = r
        .json
        .pointer("/0/verification/identity")
        .map(Value::to_string)
        .unwrap_or_default();
    for want in &e.verify.identity {
        check(
            identity.contains(want.as_str()),
            format!("live key: identity {identity} lacks `{want}`"),
        );
    }
    check(
        secret_kept(&r, &e.key),
        "live key: the key was printed".into(),
    );
    let sent = emu
        .calls()
        .iter()
        .any(|(m, _, s)| *m == e.verify.method && *s == e.verify.live_status);
    check(
        sent,
        format!(
            "live key: no {} answered live: {:?}",
            e.verify.method,
            emu.calls()
        ),
    );

    let other = e.other_key();
    let other_input = e
        .input
        .as_ref()
        .map_or_else(|| other.clone(), |i| i.replace(&e.key, &other));
    let r = run(&env_var, &base, &verify, &other_input);
    let status = at(&r, "/verification/status");
    check(
        r.code == 0 && status == "invalid",
        format!("invalid key: exit {} status `{status}`: {}", r.code, r.all),
    );

    for (fault, name) in [
        (Fault::Forbidden, "403"),
        (Fault::RateLimited, "429"),
        (Fault::Unavailable, "503"),
    ] {
        // Where the provider documents 403 as its answer to a bad key (Datadog),
        // 403 is tested as invalid above, not as unknown here.
        if fault == Fault::Forbidden
            && e.verify.invalid_status == 403
            && !e.verify.invalid_only_with_body
        {
            continue;
        }
        emu.fault(fault);
        let r = run(&env_var, &base, &verify, &input);
        let status = at(&r, "/verification/status");
        check(
            r.code == 3 && status == "unknown",
            format!(
                "{name}: exit {} status `{status}` (want unknown): {}",
                r.code, r.all
            ),
        );
    }
    emu.fault(Fault::None);

    // The credential's other parts go where the documentation puts them (`requires`);
    // the key found without them is not sent anywhere, and is unknown, never invalid.
    let parts_sent = !e.verify.requires.is_empty()
        || e.parts
            .values()
            .any(|v| e.verify.credential.contains(v.as_str()));
    if parts_sent {
        let before = emu.calls().len();
        let r = run(&env_var, &base, &verify, &e.key);
        let status = at(&r, "/verification/status");
        check(
            r.code == 3 && status == "unknown" && emu.calls().len() == before,
            format!(
                "key without its parts: exit {} status `{status}`, {} request(s): {}",
                r.code,
                emu.calls().len() - before,
                r.all
            ),
        );
    }

    if let Some(test_key) = &e.test_key {
        emu.set_live(test_key);
        let rule = e.test_rule.as_deref().unwrap_or(&e.rule);
        let r = run(&env_var, &base, &["verify", "--rule", rule], test_key);
        let status = at(&r, "/verification/status");
        check(
            r.code == 1 && status == "test",
            format!(
                "test-mode key: exit {} status `{status}`: {}",
                r.code, r.all
            ),
        );
    }

    let revoke = ["revoke", "--rule", e.rule.as_str(), "--yes"];
    match (&e.revoke, &e.manual) {
        (Some(ep), None) => {
            let r = run(&env_var, &base, &revoke, &input);
            let status = at(&r, "/revocation/status");
            check(
                r.code == 0 && status == "revoked",
                format!("revoke: exit {} status `{status}`: {}", r.code, r.all),
            );
            check(
                !emu.is_live(&e.key),
                "revoke: the emulation still holds the key live".into(),
            );
            let calls = emu.calls();
            check(
                calls
                    .iter()
                    .any(|(m, _, s)| *m == ep.method && *s == ep.status),
                format!("revoke: no {} answered {}: {calls:?}", ep.method, ep.status),
            );
            check(
                secret_kept(&r, &e.key),
                "revoke: the key was printed".into(),
            );
        }
        (None, Some(page)) => {
            let r = run(&env_var, &base, &revoke, &input);
            let status = at(&r, "/revocation/status");
            let console = at(&r, "/revocation/manual/console_url");
            check(
                r.code == 3 && status == "manual_required" && console == page.console_url,
                format!(
                    "manual: exit {} status `{status}` console `{console}`: {}",
                    r.code, r.all
                ),
            );
            check(
                emu.is_live(&e.key),
                "manual: leakscan revoked a manual-only key".into(),
            );
        }
        _ => problems.push("give exactly one of [revoke] and [manual]".into()),
    }
    problems
}

/// Every emulation file, every scenario; all problems are reported together.
#[test]
fn r10_every_provider_against_its_emulation() {
    let listed: BTreeMap<String, Value> = providers_json()
        .into_iter()
        .filter_map(|p| Some((p["id"].as_str()?.to_string(), p)))
        .collect();
    let emulations = Emulation::all();
    assert!(!emulations.is_empty(), "no emulation files");
    let results: Vec<(String, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = emulations
            .chunks(emulations.len().div_ceil(4))
            .map(|chunk| {
                let listed = &listed;
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|(path, e)| (path.display().to_string(), exercise(e, listed)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    });
    let failures: Vec<String> = results
        .iter()
        .filter(|(_, p)| !p.is_empty())
        .map(|(path, p)| format!("{path}:\n  {}", p.join("\n  ")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every provider `providers list` names is tested: by an emulation file, or (the
/// hand-written ones) by tests/verify.rs, tests/aws.rs and tests/azure.rs; every one has a
/// rule; at least 40 verify and 10 revoke through their API.
#[test]
fn r10_providers_list_is_complete_and_tested() {
    let listed = providers_json();
    assert!(listed.len() >= 40, "{} providers", listed.len());
    let api = listed.iter().filter(|p| p["revoke"] == "api").count();
    assert!(api >= 10, "{api} providers revoke by API");
    let emulated: Vec<String> = Emulation::all()
        .into_iter()
        .map(|(_, e)| e.provider)
        .collect();
    // Tested by tests/verify.rs (the first four), tests/aws.rs, tests/azure.rs,
    // tests/google_sa.rs and r10_slack_webhooks_verify_without_posting.
    let hand_written = [
        "paperspace",
        "github",
        "gitlab",
        "slack",
        "aws",
        "azure-storage",
        "google-service-account",
        "slack-webhook",
        "pypi",
    ];
    for p in &listed {
        let id = p["id"].as_str().expect("id");
        assert!(
            emulated.iter().any(|e| e == id) || hand_written.contains(&id),
            "{id} has no emulation"
        );
        assert!(
            p["rules"].as_array().is_some_and(|r| !r.is_empty()),
            "{id} names no rule"
        );
        assert!(matches!(p["revoke"].as_str(), Some("api" | "manual")));
        let env = p["env"].as_str().expect("env");
        let url = p["default_api_url"].as_str().expect("url");
        // PyPI documents no read-only check: it verifies nothing and sends nothing
        // (tested by r10_pypi_tokens_are_unsupported_with_a_console_page).
        if id == "pypi" {
            assert_eq!(p["verify"], Value::Bool(false));
            assert_eq!((env, url, p["revoke"].as_str()), ("", "", Some("manual")));
            continue;
        }
        assert_eq!(p["verify"], Value::Bool(true), "{id}");
        assert!(env.ends_with("_URL") && env.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
        assert!(
            url.starts_with("https://") && !url.ends_with('/'),
            "{id}: {url}"
        );
    }
}

/// The README's provider table lists exactly what `providers list` prints: id,
/// revocation kind, variable and default base URL.
#[test]
fn r10_readme_provider_table_agrees_with_providers_list() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let start = readme
        .find("<!-- providers:start -->")
        .expect("README has a providers table");
    let end = readme.find("<!-- providers:end -->").expect("table end");
    let mut table: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    let mut verifies: BTreeMap<String, bool> = BTreeMap::new();
    for line in readme[start..end].lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<String> = line
            .split('|')
            .map(|c| c.trim().trim_matches('`').to_string())
            .collect();
        // | `id` | name | verify | revoke | `ENV` | `default` | rules |
        table.insert(
            cells[1].clone(),
            (cells[4].clone(), cells[5].clone(), cells[6].clone()),
        );
        verifies.insert(cells[1].clone(), cells[3] == "yes");
    }
    let listed = providers_json();
    assert_eq!(
        table.len(),
        listed.len(),
        "README table rows vs providers list"
    );
    for p in &listed {
        let id = p["id"].as_str().expect("id");
        let row = table.get(id).unwrap_or_else(|| panic!("README lacks {id}"));
        assert_eq!(
            Some(&Value::Bool(verifies[id])),
            p.get("verify"),
            "{id}: README's verify column"
        );
        let revoke = p["revoke"].as_str().expect("revoke");
        assert!(
            row.0.starts_with(revoke),
            "{id}: README says {}, list says {revoke}",
            row.0
        );
        assert_eq!(row.1, p["env"].as_str().expect("env"), "{id} variable");
        assert_eq!(
            row.2,
            p["default_api_url"].as_str().expect("url"),
            "{id} default URL"
        );
    }
}

/// r10: Slack incoming webhooks, against an emulation of hooks.slack.com's
/// documented answers: the check posts nothing (an empty object, which a live
/// webhook refuses with `400 invalid_payload`); a webhook that answers but was
/// removed or archived is invalid, not live; only the URL's path is taken from the
/// scanned text, the host is the configured one; workflow triggers are never called.
#[test]
fn r10_slack_webhooks_verify_without_posting() {
    use std::sync::{Arc, Mutex};
    let http = tiny_http::Server::http("127.0.0.1:0").expect("bind");
    let port = http.server_addr().to_ip().map(|a| a.port()).expect("port");
    let seen: Arc<Mutex<Vec<(String, String, String)>>> = Arc::default();
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for mut req in http.incoming_requests() {
            let mut body = String::new();
            let _ = req.as_reader().read_to_string(&mut body);
            let path = req.url().to_string();
            let (status, text) = if path.ends_with("/LiveLiveLiveLiveLive0001") {
                if body.contains("text") {
                    (200, "ok")
                } else {
                    (400, "invalid_payload")
                }
            } else if path.ends_with("/ArchivedArchivedArch0002") {
                (410, "channel_is_archived")
            } else {
                (404, "no_service")
            };
            log.lock()
                .expect("log")
                .push((req.method().to_string(), path, body));
            let _ = req.respond(tiny_http::Response::from_string(text).with_status_code(status));
        }
    });
    let base = format!("http://127.0.0.1:{port}");
    let env_var = "LEAKSCAN_SLACK_WEBHOOK_API_URL";
    let verify = ["verify", "--rule", "slack.webhook-url"];
    let url =
        |token: &str| format!("https://hooks.slack.com/services/T03NW6HSLQB/B0TID6CMNPO/{token}");
    let cases = [
        ("LiveLiveLiveLiveLive0001", 3, "live"),
        ("ArchivedArchivedArch0002", 0, "invalid"),
        ("GoneGoneGoneGoneGone0003", 0, "invalid"),
    ];
    for (token, code, status) in cases {
        let r = run(env_var, &base, &verify, &url(token));
        assert_eq!(
            (r.code, at(&r, "/verification/status")),
            (code, status.to_string()),
            "{token}: {}",
            r.all
        );
        assert!(!r.all.contains(token), "the webhook token was printed");
    }
    let calls = seen.lock().expect("log").clone();
    assert_eq!(calls.len(), 3, "{calls:?}");
    for (method, path, body) in &calls {
        assert_eq!(method, "POST");
        assert!(
            path.starts_with("/services/T03NW6HSLQB/B0TID6CMNPO/"),
            "{path}"
        );
        assert_eq!(body, "{}", "the check must post nothing");
    }
    // A workflow trigger is never called.
    let r = run(
        env_var,
        &base,
        &["verify", "--rule", "slack.workflow-webhook-url"],
        "https://hooks.slack.com/triggers/T03NW6HSLQB/1234567890123/0123456789abcdef0123456789abcdef",
    );
    assert_eq!(seen.lock().expect("log").len(), 3, "{}", r.all);
}

/// PyPI documents no read-only check (only an upload reads a token): its tokens are
/// `unsupported` with the reason, never sent anywhere, and `revoke` names the page
/// where a person removes them, with the audit record.
#[test]
fn r10_pypi_tokens_are_unsupported_with_a_console_page() {
    // A macaroon-shaped token made up for this test.
    let key = "pypi-AgEIcHlwaS5vcmcCJGQ3ZjFhOWMyLTVlOGItNGMzZC05YTFmLTJiN2U0YzZkOGUwMQACKlszLCJlOWI0YzJkMS03ZjNhLTRiNWUtOGMyZC0xYTZmOWUzYjdjNTgiXQAABiDrV2nXq8Lm4Tz1Bc9Hf3Jd6Ys0Pa5Ue7Ki2Wo8Ng";
    // Any base-URL override is irrelevant: nothing is sent (a closed port proves it,
    // since a request there would turn into `unknown`).
    let r = run(
        "LEAKSCAN_PYPI_API_URL",
        "http://127.0.0.1:9",
        &["verify", "--rule", "pypi.upload-token"],
        key,
    );
    assert_eq!(r.code, 1, "{}", r.all);
    assert_eq!(at(&r, "/verification/status"), "unsupported", "{}", r.all);
    assert_eq!(at(&r, "/verification/provider"), "pypi");
    assert!(
        at(&r, "/verification/reason").contains("treat it as live"),
        "{}",
        r.all
    );
    assert!(!r.all.contains(key), "the token was printed");

    let dir = tempfile::tempdir().expect("tempdir");
    let audit = dir.path().join("audit.jsonl");
    let audit_arg = audit.display().to_string();
    let r = run(
        "LEAKSCAN_PYPI_API_URL",
        "http://127.0.0.1:9",
        &[
            "revoke",
            "--rule",
            "pypi.upload-token",
            "--yes",
            "--audit-log",
            &audit_arg,
        ],
        key,
    );
    assert_eq!(at(&r, "/revocation/status"), "manual_required", "{}", r.all);
    assert_eq!(
        at(&r, "/revocation/manual/console_url"),
        "https://pypi.org/manage/account/#api-tokens"
    );
    assert!(r.all.contains("revoked by hand"), "{}", r.all);
    assert_eq!(
        r.code, 1,
        "a key nobody can check is not proven dead: {}",
        r.all
    );
    let log = std::fs::read_to_string(&audit).expect("audit log");
    assert!(
        log.contains("\"manual_required\"") && log.contains("pypi"),
        "{log}"
    );
    assert!(!log.contains(key), "the audit log holds the token");
}
