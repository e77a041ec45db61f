//! Issue #12, verification once per organisation: shards seal their secrets to the
//! coordinator (`scan --format shard --seal-to age1…`), and `merge --identity
//! --verify/--revoke` verifies and revokes each unique secret once, against the
//! Paperspace emulation on 127.0.0.1.

use age::secrecy::ExposeSecret;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::common::server::{fp, Server};
use crate::common::{assert_absent, Keys, Repo, Run, TestEnv};

/// `leakscan ARGS` in `env`, every provider aimed at `server`, no proxy.
fn run(env: &TestEnv, server: &Server, args: &[&str]) -> Run {
    let mut cmd = env.cmd();
    cmd.args(args)
        .env("LEAKSCAN_HTTP_TIMEOUT", "3s")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy");
    for (k, v) in server.env() {
        cmd.env(k, v);
    }
    Run::new(cmd.output().expect("run leakscan"))
}

/// The shard of 2 a repository listed as `name` falls in (as `shard.rs` decides).
fn shard_of(name: &str) -> u64 {
    let d = Sha256::digest(name.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&d[..8]);
    u64::from_be_bytes(first) % 2
}

/// A clone at `env/name` of a repository holding `PAPERSPACE_API_KEY=key` lines.
fn repo_at(env: &TestEnv, name: &str, keys: &[&str]) {
    let repo = Repo::init();
    let body = crate::common::paperspace_env(keys);
    repo.write("app/.env", body);
    repo.commit("add config");
    let dest = env.path(name);
    repo.git(&[
        "clone",
        "-q",
        repo.root().to_str().unwrap(),
        dest.to_str().unwrap(),
    ]);
}

/// Reports equal but for when each verification was made.
fn without_check_times(report: &str) -> String {
    let mut out = String::new();
    let mut rest = report;
    let marker = "\"checked_at\": \"";
    while let Some(at) = rest.find(marker) {
        let (head, tail) = rest.split_at(at + marker.len());
        out.push_str(head);
        out.push('T');
        rest = &tail[tail.find('"').unwrap()..];
    }
    out.push_str(rest);
    out
}

/// Verification requests (`GET …/auth/session`) that carried `key`.
fn verifications_of(server: &Server, key: &str) -> usize {
    let want = fp(key);
    server
        .calls()
        .iter()
        .filter(|c| c.path.ends_with("/auth/session") && c.key_fp.as_deref() == Some(&want))
        .count()
}

/// A live key in two repositories that land in different shards, a dead one in a
/// third: shards hold only sealed secrets, the merge verifies each once and equals
/// the unsharded `--verify` scan; a wrong identity or damaged seal is a warning
/// naming the file, exit 2, and nothing is sent for that secret; `--revoke --yes`
/// revokes once.
#[test]
fn merge_verifies_and_revokes_each_sealed_secret_once() {
    let server = Server::start();
    let env = TestEnv::new();
    env.user_config(
        "[providers.paperspace.revoke]\nmethod = \"DELETE\"\nurl = \"{api_url}/api-keys/self\"\nauth = \"bearer\"\nok_status = [200, 204]\n",
    );
    let mut keys = Keys::new(1251);
    let (live, dead) = (keys.paperspace(), keys.paperspace());
    server.seed_paperspace(&live, "ops@example.com", false);
    // Two names in different shards of 2 for the live key's repositories.
    let names: Vec<String> = (0..16).map(|i| format!("repo-{i}")).collect();
    let a = names[0].clone();
    let b = names
        .iter()
        .find(|n| shard_of(n) != shard_of(&a))
        .expect("a name in the other shard")
        .clone();
    let c = names[names.len() - 1].clone();
    repo_at(&env, &a, &[&live]);
    repo_at(&env, &b, &[&live]);
    repo_at(&env, &c, &[&dead]);
    env.write("repos.txt", format!("{a}\n{b}\n{c}\n"));

    // The coordinator's key pair; shards get only the public half.
    let coordinator = tempfile::tempdir().unwrap();
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let key_file = coordinator.path().join("identity.txt");
    std::fs::write(
        &key_file,
        format!("# coordinator\n{}\n", identity.to_string().expose_secret()),
    )
    .unwrap();
    let other_file = coordinator.path().join("other.txt");
    std::fs::write(
        &other_file,
        format!(
            "{}\n",
            age::x25519::Identity::generate()
                .to_string()
                .expose_secret()
        ),
    )
    .unwrap();
    let key_arg = key_file.to_str().unwrap();

    let scan = ["scan", "--history", "--repos", "repos.txt"];
    let whole = |format: &str| {
        let mut args = scan.to_vec();
        args.extend(["--verify", "--format", format]);
        let r = run(&env, &server, &args);
        assert_eq!(r.code, 3, "a live key remains: {}", r.stderr);
        r.stdout
    };
    let whole_json = whole("json");
    let whole_sarif = whole("sarif");
    assert!(whole_json.contains("\"live\"") && whole_json.contains("\"invalid\""));

    let before = server.calls().len();
    let mut shard_files = Vec::new();
    for index in 0..2 {
        let path = format!("shard-{index}.json");
        let shard = format!("{index}/2");
        let mut args = scan.to_vec();
        args.extend([
            "--shard",
            &shard,
            "--format",
            "shard",
            "--seal-to",
            &recipient,
            "-o",
            &path,
        ]);
        let r = run(&env, &server, &args);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let text = std::fs::read_to_string(env.path(&path)).unwrap();
        for key in [&live, &dead] {
            assert_absent(&text, key, &path);
            assert_absent(&r.all_output(), key, "a shard's output");
        }
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        for f in doc["findings"].as_array().unwrap() {
            assert!(f["sealed"].is_string(), "{f:#}");
        }
        shard_files.push(path);
    }
    assert_eq!(server.calls().len(), before, "shards send nothing");
    // The live key was found by both shards.
    for path in &shard_files {
        let text = std::fs::read_to_string(env.path(path)).unwrap();
        assert!(text.contains(&live[..3]), "{path}: {text}");
    }

    let merge = |extra: &[&str], files: &[String]| {
        let mut args = vec!["merge"];
        args.extend(extra);
        args.extend(files.iter().map(String::as_str));
        run(&env, &server, &args)
    };
    // Without the identity, verification is refused, and says why.
    let r = merge(&["--verify"], &shard_files);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--identity"), "{}", r.stderr);

    // One verification per unique secret for the whole merge; the report is the
    // unsharded scan's.
    let (live_before, dead_before) = (
        verifications_of(&server, &live),
        verifications_of(&server, &dead),
    );
    let r = merge(
        &["--verify", "--identity", key_arg, "--format", "json"],
        &shard_files,
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(verifications_of(&server, &live), live_before + 1);
    assert_eq!(verifications_of(&server, &dead), dead_before + 1);
    assert_eq!(
        without_check_times(&r.stdout),
        without_check_times(&whole_json)
    );
    assert_absent(&r.all_output(), &live, "merge output");
    let r = merge(
        &["--verify", "--identity", key_arg, "--format", "sarif"],
        &shard_files,
    );
    assert_eq!(
        without_check_times(&r.stdout),
        without_check_times(&whole_sarif)
    );

    // Merged without the identity, the seals are carried through: the merge of
    // merges verifies the same.
    let r = merge(&["--format", "shard", "-o", "merged.json"], &shard_files);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let merged = std::fs::read_to_string(env.path("merged.json")).unwrap();
    assert_absent(&merged, &live, "a merged shard report");
    assert_eq!(merged.matches("\"sealed\"").count(), 2, "{merged}");
    let r = merge(
        &["--verify", "--identity", key_arg, "--format", "json"],
        &["merged.json".to_string()],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(
        without_check_times(&r.stdout),
        without_check_times(&whole_json)
    );

    // A wrong identity: every seal refused, by file; nothing is sent.
    let before = server.calls().len();
    let r = merge(
        &["--verify", "--identity", other_file.to_str().unwrap()],
        &shard_files,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    for path in &shard_files {
        assert!(r.stderr.contains(path.as_str()), "{}", r.stderr);
    }
    assert_eq!(server.calls().len(), before);

    // Damaged seals of the live key (in both shards): refused by file, the live
    // key is never sent; the dead one still is, once.
    let damaged: Vec<String> = shard_files
        .iter()
        .map(|path| {
            let mut doc: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(env.path(path)).unwrap()).unwrap();
            for f in doc["findings"].as_array_mut().unwrap() {
                if f["redacted"].as_str().unwrap().starts_with(&live[..3]) {
                    let b64 = base64::engine::general_purpose::STANDARD;
                    let mut bytes = b64.decode(f["sealed"].as_str().unwrap()).unwrap();
                    let last = bytes.len() - 1;
                    bytes[last] ^= 0x40;
                    f["sealed"] = b64.encode(bytes).into();
                }
            }
            let out = format!("damaged-{path}");
            std::fs::write(env.path(&out), doc.to_string()).unwrap();
            out
        })
        .collect();
    let (live_before, dead_before) = (
        verifications_of(&server, &live),
        verifications_of(&server, &dead),
    );
    let r = merge(&["--verify", "--identity", key_arg], &damaged);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for path in &damaged {
        assert!(r.stderr.contains(path.as_str()), "{}", r.stderr);
    }
    assert_eq!(verifications_of(&server, &live), live_before);
    assert_eq!(verifications_of(&server, &dead), dead_before + 1);

    // A seal moved to another finding does not match its fingerprint.
    let swapped_path = "swapped.json";
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.path(&shard_files[0])).unwrap()).unwrap();
    let other_seal = {
        let other: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(env.path(&shard_files[1])).unwrap())
                .unwrap();
        let seals: Vec<String> = other["findings"]
            .as_array()
            .unwrap()
            .iter()
            .chain(doc["findings"].as_array().unwrap())
            .filter(|f| !f["redacted"].as_str().unwrap().starts_with(&live[..3]))
            .map(|f| f["sealed"].as_str().unwrap().to_string())
            .collect();
        seals[0].clone()
    };
    for f in doc["findings"].as_array_mut().unwrap() {
        if f["redacted"].as_str().unwrap().starts_with(&live[..3]) {
            f["sealed"] = other_seal.clone().into();
        }
    }
    std::fs::write(env.path(swapped_path), doc.to_string()).unwrap();
    let r = merge(
        &["--verify", "--identity", key_arg],
        &[swapped_path.to_string()],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(swapped_path) && r.stderr.contains("fingerprint"),
        "{}",
        r.stderr
    );

    // Revocation: once per secret, with one verification record each.
    let r = merge(
        &[
            "--revoke",
            "--yes",
            "--identity",
            key_arg,
            "--audit-log",
            "audit.jsonl",
            "--format",
            "json",
        ],
        &shard_files,
    );
    assert_eq!(r.code, 0, "revoked, nothing live remains: {}", r.stderr);
    assert_eq!(server.count("DELETE", "/api-keys/self"), 1);
    assert!(!server.is_live(&live));
    let audit = std::fs::read_to_string(env.path("audit.jsonl")).unwrap();
    assert_absent(&audit, &live, "the audit log");
    let events: Vec<serde_json::Value> = audit
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let of = |name: &str| -> Vec<&str> {
        events
            .iter()
            .filter(|e| e["event"] == name)
            .filter_map(|e| e["fingerprint"].as_str())
            .collect()
    };
    let verified = of("verify");
    assert_eq!(verified.len(), 2, "{audit}");
    assert_ne!(verified[0], verified[1]);
    assert_eq!(of("revoke_attempt").len(), 1, "{audit}");
    let report = r.json();
    assert_eq!(report.len(), 2);
    assert!(report
        .iter()
        .any(|f| f["revocation"]["status"] == "revoked"));
}

/// `--seal-to` belongs to the shard format, and takes only age recipients.
#[test]
fn seal_to_is_refused_where_it_cannot_apply() {
    let env = TestEnv::new();
    env.write("a.env", "nothing\n");
    let recipient = age::x25519::Identity::generate().to_public().to_string();
    let r = env.run(&["scan", "--seal-to", &recipient, "--format", "json", "."]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--format shard"), "{}", r.stderr);
    let r = env.run(&["scan", "--seal-to", "age1nope", "--format", "shard", "."]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not an age X25519 recipient"),
        "{}",
        r.stderr
    );
    let bad = env.write("id.txt", "AGE-SECRET-KEY-1NOPE\n");
    let r = env.run(&[
        "merge",
        "--identity",
        bad.to_str().unwrap(),
        "--verify",
        "none.json",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("line 1") && !r.stderr.contains("NOPE"),
        "{}",
        r.stderr
    );
}
