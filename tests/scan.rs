//! Scanning trees: what is found where, what is not, and how bad files are handled.

use crate::common::{Keys, Run, TestEnv};

/// Every file type the core issue names, each with its own key; all found at the
/// right path and line, and nothing else.
#[test]
fn finds_paperspace_keys_in_every_file_type() {
    let env = TestEnv::new();
    let mut keys = Keys::new(1);
    let mut expect = Vec::new();
    let mut add = |path: &str, line: u64, content: String| {
        env.write(path, content);
        expect.push(("paperspace.api-key".to_string(), path.to_string(), line));
    };
    add(
        ".env",
        2,
        format!("DEBUG=1\nPAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    add(
        ".github/workflows/train.yml",
        5,
        format!("jobs:\n  train:\n    runs-on: ubuntu-latest\n    env:\n      PAPERSPACE_API_KEY: \"{}\"\n", keys.paperspace()),
    );
    add(
        "docker-compose.yml",
        4,
        format!(
            "services:\n  trainer:\n    environment:\n      - PAPERSPACE_API_KEY={}\n",
            keys.paperspace()
        ),
    );
    add(
        "k8s/secret.yaml",
        6,
        format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: paperspace\nstringData:\n  api-key: {}\n", keys.paperspace()),
    );
    add(
        "notebook.ipynb",
        3,
        format!("{{\"cells\": [{{\"cell_type\": \"code\",\n \"source\": [\"import os\\n\",\n  \"os.environ[\\\"PAPERSPACE_API_KEY\\\"] = \\\"{}\\\"\\n\"]}}]}}\n", keys.paperspace()),
    );
    add(
        "config.toml",
        2,
        format!("[paperspace]\napi_key = \"{}\"\n", keys.paperspace()),
    );
    add(
        "settings.ini",
        3,
        format!(
            "[paperspace]\nregion = ny2\napikey = {}\n",
            keys.paperspace()
        ),
    );
    add(
        "deploy.sh",
        2,
        format!(
            "#!/bin/sh\nexport PAPERSPACE_API_KEY='{}'\n",
            keys.paperspace()
        ),
    );
    add(
        ".bash_history",
        2,
        format!(
            "ls\npaperspace machines list --apiKey {}\n",
            keys.paperspace()
        ),
    );
    add(
        "train.py",
        3,
        format!(
            "import os\n\npaperspace_api_key = \"{}\"\n",
            keys.paperspace()
        ),
    );
    add("client.js", 2, format!("const paperspace = require('paperspace-node');\nconst ps = paperspace({{ apiKey: '{}' }});\n", keys.paperspace()));
    add(
        "client.ts",
        1,
        format!(
            "export const paperspaceApiKey: string = \"{}\";\n",
            keys.paperspace()
        ),
    );
    add(
        "main.go",
        2,
        format!(
            "package main\nconst paperspaceAPIKey = \"{}\"\n",
            keys.paperspace()
        ),
    );
    add(
        "src/lib.rs",
        1,
        format!(
            "const PAPERSPACE_API_KEY: &str = \"{}\";\n",
            keys.paperspace()
        ),
    );
    add(
        "main.tf",
        3,
        format!(
            "provider \"paperspace\" {{\n  region  = \"NY2\"\n  api_key = \"{}\"\n}}\n",
            keys.paperspace()
        ),
    );
    add(
        "Dockerfile",
        2,
        format!(
            "FROM python:3.12\nENV PAPERSPACE_API_KEY={}\n",
            keys.paperspace()
        ),
    );
    add(
        "notes/curl.txt",
        2,
        format!(
            "curl https://api.paperspace.com/v1/machines \\\n  -H \"Authorization: Bearer {}\"\n",
            keys.paperspace()
        ),
    );
    add(
        "notes/url.txt",
        1,
        format!(
            "GET https://api.paperspace.io/machines/getMachines?apiKey={}\n",
            keys.paperspace()
        ),
    );
    add(
        ".paperspace/config.json",
        2,
        format!("{{\n  \"apiKey\": \"{}\"\n}}\n", keys.paperspace()),
    );
    let run = env.run(&["scan", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut hits = run.hits();
    // Host-anchored and CLI-config rules have their own ids; compare paths and lines.
    for h in &mut hits {
        if h.0.starts_with("paperspace.") {
            h.0 = "paperspace.api-key".into();
        }
    }
    hits.sort();
    expect.sort();
    assert_eq!(hits, expect);
}

#[test]
fn finds_cli_credentials_file_by_path() {
    let env = TestEnv::new();
    let key = Keys::new(2).paperspace();
    env.write(
        "home/.paperspace/credentials.toml",
        format!("[keys]\nml-team = \"{key}\"\n"),
    );
    env.write(
        "other/credentials.toml",
        format!("[keys]\nml-team = \"{key}\"\n"),
    );
    let run = env.run(&["scan", "--format", "json", "."]);
    assert_eq!(
        run.hits(),
        vec![(
            "paperspace.cli-credentials".into(),
            "home/.paperspace/credentials.toml".into(),
            2
        )]
    );
}

/// Digests, object ids, UUIDs, slices of longer hex runs and placeholders next to the
/// word paperspace: none is a Paperspace finding.
#[test]
fn hard_negatives_are_not_reported() {
    let env = TestEnv::new();
    let mut keys = Keys::new(3);
    let lines = [
        format!("PAPERSPACE_API_KEY={}", keys.hex(32)), // MD5
        format!("PAPERSPACE_API_KEY={}", keys.hex(40)), // SHA-1 / git oid
        format!("PAPERSPACE_API_KEY={}", keys.hex(64)), // SHA-256
        format!("paperspace_commit: {}", keys.hex(40)),
        format!(
            "PAPERSPACE_API_KEY={}-{}-{}-{}-{}",
            keys.hex(8),
            keys.hex(4),
            keys.hex(4),
            keys.hex(4),
            keys.hex(12)
        ),
        format!("paperspace_token = \"{}\"", keys.hex(31)), // slice of a longer run
        format!("paperspace_token = \"x{}\"", keys.hex(30)), // glued to a word
        "PAPERSPACE_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".into(),
        "PAPERSPACE_API_KEY=000000000000000000000000000000".into(),
        "PAPERSPACE_API_KEY=your-api-key".into(),
        "PAPERSPACE_API_KEY=<your-api-key>".into(),
        "PAPERSPACE_API_KEY=deadbeefdeadbeefdeadbeefdeadbe".into(),
        "PAPERSPACE_API_KEY=0123456789abcdef0123456789abcd".into(),
        "PAPERSPACE_API_KEY=abcdefabcdefabcdefabcdefabcdef".into(),
        format!("PAPERSPACE_API_KEY_EXAMPLE={}", keys.paperspace()),
        format!("dummy_paperspace_api_key = \"{}\"", keys.paperspace()),
        format!("paperspace checksum {}", keys.hex(32)),
    ];
    env.write("negatives.env", lines.join("\n") + "\n");
    // A real-looking 30-hex value with no Paperspace context at all.
    env.write(
        "unrelated.txt",
        format!("cache_key = {}\n", keys.paperspace()),
    );
    let run = env.run(&["scan", "--format", "json", "."]);
    // No Paperspace rule fires. The generic secret-assignment rule (issue #9) takes
    // two lines: a random 32-hex value assigned to an API-key variable (line 1) and
    // `x` + 30 hex assigned to a token (line 7) are credentials in many providers'
    // shapes, only not Paperspace's.
    assert_eq!(
        run.hits(),
        vec![
            (
                "generic.secret-assignment".into(),
                "negatives.env".into(),
                1
            ),
            (
                "generic.secret-assignment".into(),
                "negatives.env".into(),
                7
            )
        ],
        "{}\n{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn other_providers_are_found() {
    let env = TestEnv::new();
    let mut keys = Keys::new(4);
    let gh = keys.github_pat();
    let aws = keys.aws_key_id();
    env.write(
        "ci.env",
        format!("GITHUB_TOKEN={gh}\nAWS_ACCESS_KEY_ID={aws}\n"),
    );
    // Same shape with a wrong checksum: rejected offline.
    let mut bad = gh.clone().into_bytes();
    bad[10] = if bad[10] == b'a' { b'b' } else { b'a' };
    env.write(
        "bad.env",
        format!("GITHUB_TOKEN={}\n", String::from_utf8_lossy(&bad)),
    );
    let run = env.run(&["scan", "--format", "json"]);
    assert_eq!(
        run.hits(),
        vec![
            ("aws.access-key-id".into(), "ci.env".into(), 2),
            ("github.pat-classic".into(), "ci.env".into(), 1),
        ]
    );
}

/// One finding per unique secret, with all its locations.
#[test]
fn same_key_in_many_files_is_one_finding() {
    let env = TestEnv::new();
    let key = Keys::new(5).paperspace();
    for name in ["a.env", "b/b.env", "c/c/c.env"] {
        env.write(name, format!("\nPAPERSPACE_API_KEY={key}\n"));
    }
    let run = env.run(&["scan", "--format", "json"]);
    let findings = run.json();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["locations"].as_array().map(Vec::len), Some(3));
}

#[test]
fn crlf_invalid_utf8_and_long_lines() {
    let env = TestEnv::new();
    let mut keys = Keys::new(6);
    let (k1, k2, k3) = (keys.paperspace(), keys.paperspace(), keys.paperspace());
    env.write(
        "crlf.env",
        format!("A=1\r\nB=2\r\nPAPERSPACE_API_KEY={k1}\r\n"),
    );
    let mut latin1 = b"caf\xe9 \xff\xfe\n".to_vec();
    latin1.extend_from_slice(format!("paperspace_token: {k2}\n").as_bytes());
    env.write("latin1.txt", latin1);
    let mut minified = "var a=1;".repeat(50_000);
    minified.push_str(&format!("var paperspaceApiKey=\"{k3}\";"));
    minified.push_str(&"var b=2;".repeat(50_000));
    env.write("bundle.min.js", minified);
    let run = env.run(&["scan", "--format", "json", "--show-secrets"]);
    let findings = run.json();
    let loc = |key: &str| {
        findings
            .iter()
            .find(|f| f["secret"].as_str() == Some(key))
            .map(|f| {
                (
                    f["locations"][0]["line"].as_u64(),
                    f["locations"][0]["column"].as_u64(),
                )
            })
    };
    assert_eq!(findings.len(), 3, "{}", run.stdout);
    assert_eq!(loc(&k1), Some((Some(3), Some(20))));
    assert_eq!(loc(&k2), Some((Some(2), Some(19))));
    assert_eq!(loc(&k3), Some((Some(1), Some(400_023))));
}

#[test]
fn binary_oversized_and_empty_files() {
    let env = TestEnv::new();
    let mut keys = Keys::new(7);
    let (k1, k2) = (keys.paperspace(), keys.paperspace());
    let mut bin = b"\x00\x01\x02ELF".to_vec();
    bin.extend_from_slice(format!("PAPERSPACE_API_KEY={k1}\n").as_bytes());
    env.write("tool.bin", bin);
    let mut big = "x\n".repeat(600_000);
    big.push_str(&format!("PAPERSPACE_API_KEY={k2}\n"));
    env.write("big.log", big);
    env.write("empty.txt", "");
    let run = env.run(&["scan", "--format", "json", "--max-file-size", "1MiB"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("big.log") && run.stderr.contains("size limit"),
        "{}",
        run.stderr
    );
    // Raising the limit finds the key in the big file; the binary stays skipped.
    let run = env.run(&["scan", "--format", "json", "--max-file-size", "10MiB"]);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "big.log".into(), 600_001)]
    );
}

#[test]
fn ignore_files_hidden_files_and_dot_git() {
    let env = TestEnv::new();
    let mut keys = Keys::new(8);
    env.write(".gitignore", "secrets/\n");
    env.write(
        "secrets/prod.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    env.write(".ignore", "vendor/\n");
    env.write(
        "vendor/x.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    env.write(".leakscanignore", "testdata/\n");
    env.write(
        "testdata/x.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    env.write(
        ".hidden/.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    env.write(
        ".git/config",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    let run = env.run(&["scan", "--format", "json"]);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), ".hidden/.env".into(), 1)]
    );
    let run = env.run(&["scan", "--format", "json", "--no-ignore"]);
    let paths: Vec<String> = run.hits().into_iter().map(|h| h.1).collect();
    assert_eq!(
        paths,
        vec![
            ".hidden/.env",
            "secrets/prod.env",
            "testdata/x.env",
            "vendor/x.env"
        ]
    );
}

#[test]
fn single_file_and_stdin() {
    let env = TestEnv::new();
    let key = Keys::new(9).paperspace();
    env.write("sub/one.env", format!("PAPERSPACE_API_KEY={key}\n"));
    let run = env.run(&["scan", "--format", "json", "sub/one.env"]);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "sub/one.env".into(), 1)]
    );

    let out = crate::common::leakscan()
        .args(["scan", "--format", "json", "-"])
        .write_stdin(format!("x\nPAPERSPACE_API_KEY={key}\n"))
        .output()
        .expect("run");
    let run = crate::common::Run::new(out);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "-".into(), 2)]
    );
}

#[test]
fn symlinks_loop_and_dangle_without_hanging() {
    let env = TestEnv::new();
    let key = Keys::new(10).paperspace();
    env.write("real/a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    std::os::unix::fs::symlink("..", env.path("real/up")).expect("symlink");
    std::os::unix::fs::symlink("a.env", env.path("real/alias.env")).expect("symlink");
    std::os::unix::fs::symlink("loop2", env.path("loop1")).expect("symlink");
    std::os::unix::fs::symlink("loop1", env.path("loop2")).expect("symlink");
    std::os::unix::fs::symlink("/nonexistent/target", env.path("dangling")).expect("symlink");
    let outside = TestEnv::new();
    outside.write(
        "o.env",
        format!("PAPERSPACE_API_KEY={}\n", Keys::new(11).paperspace()),
    );
    std::os::unix::fs::symlink(outside.root(), env.path("outside")).expect("symlink");
    let run = env.run(&["scan", "--format", "json"]);
    // Found once, through the real file only; the loop and dangling links are warnings.
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "real/a.env".into(), 1)]
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("loop1") && run.stderr.contains("symlink loop"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("dangling") && run.stderr.contains("broken symlink"),
        "{}",
        run.stderr
    );
}

/// An unreadable file is a warning naming it; the scan goes on and exits 2.
#[test]
fn unreadable_file_is_a_warning_and_exit_2() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let mut keys = Keys::new(12);
    env.write(
        "ok.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    let locked = env.write(
        "locked.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::set_permissions(env.root(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    // Root reads anything; drop to nobody so the permission check is real.
    let bin = assert_cmd::cargo::cargo_bin("leakscan");
    let mut cmd = if is_root() {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    let out = cmd
        .args(["scan", "--format", "json"])
        .arg(env.root())
        .output()
        .expect("run leakscan");
    let run = crate::common::Run::new(out);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("locked.env"), "{}", run.stderr);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "ok.env".into(), 1)]
    );
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"))
}

#[test]
fn exit_codes() {
    let env = TestEnv::new();
    env.write("clean.txt", "nothing here\n");
    assert_eq!(env.run(&["scan"]).code, 0);
    env.write(
        "leak.env",
        format!("PAPERSPACE_API_KEY={}\n", Keys::new(13).paperspace()),
    );
    assert_eq!(env.run(&["scan"]).code, 1);
    assert_eq!(env.run(&["scan", "does-not-exist"]).code, 2);
    assert_eq!(env.run(&["scan", "--format", "nope"]).code, 2);
}

/// The checked-in fixtures prove what their names say.
#[test]
fn fixtures_leaky_project_and_hard_negatives() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let run = |dir: &str| {
        crate::common::Run::new(
            crate::common::leakscan()
                .current_dir(&root)
                .args(["scan", "--format", "json", dir])
                .output()
                .expect("run"),
        )
    };
    let leaky = run("leaky_project");
    assert_eq!(leaky.code, 1);
    assert_eq!(
        leaky.hits(),
        vec![
            ("paperspace.api-key".into(), ".env".into(), 3),
            (
                "paperspace.api-key".into(),
                "deploy/docker-compose.yml".into(),
                5
            ),
            ("paperspace.api-key-host".into(), "train.py".into(), 9),
            (
                "paperspace.cli-config".into(),
                ".paperspace/config.json".into(),
                2
            ),
        ]
    );
    let clean = run("hard_negatives");
    assert_eq!((clean.code, clean.json().len()), (0, 0), "{}", clean.stdout);
}

/// r8 item 7: two roots holding the same relative path stay two locations.
#[test]
fn r8_two_roots_with_the_same_relative_path_are_two_locations() {
    let env = TestEnv::new();
    let key = Keys::new(824).paperspace();
    env.write("a/x.env", format!("PAPERSPACE_API_KEY={key}\n"));
    env.write("b/x.env", format!("PAPERSPACE_API_KEY={key}\n"));
    let run = env.run(&["scan", "--format", "json", "a", "b"]);
    let f = &run.json()[0];
    let paths: Vec<&str> = f["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["a/x.env", "b/x.env"]);
}

/// r8 item 8: a path that cannot be read never reads "no secrets found" on stdout,
/// and ignored files are counted; `--revoke` scans them.
#[test]
fn r8_incomplete_scans_never_print_all_clear_and_ignored_files_are_counted() {
    let env = TestEnv::new();
    let run = env.run(&["scan", "nonexistent"]);
    assert_eq!(run.code, 2);
    assert!(!run.stdout.contains("no secrets found\n"), "{}", run.stdout);
    assert!(run.stdout.contains("incomplete"), "{}", run.stdout);

    let key = Keys::new(825).paperspace();
    env.write(".gitignore", ".env\nbuild/\n");
    env.write(".env", format!("PAPERSPACE_API_KEY={key}\n"));
    env.write("build/a.txt", "x\n");
    env.write("build/b.txt", "y\n");
    env.write("src/main.rs", "fn main() {}\n");
    let run = env.run(&["scan"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("2 ignored paths"), "{}", run.stderr);
    let run = env.run(&["scan", "--no-ignore", "--format", "json"]);
    assert_eq!(run.hits().len(), 1);
    // Incident response looks in ignored files by default (no provider here: the
    // URL points at a closed port, so the key is `unknown`, exit 3).
    let out = env
        .cmd()
        .args(["scan", "--revoke", "--dry-run", "--format", "json"])
        .env("PAPERSPACE_API_URL", "http://127.0.0.1:9/v1")
        .env("LEAKSCAN_HTTP_TIMEOUT", "2s")
        .output()
        .unwrap();
    let run = Run::new(out);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), ".env".into(), 1)]
    );
}

/// `--max-file-size 18446744073709551615` (u64::MAX) means "no limit": the limit
/// plus one must not wrap to zero and make every file read as empty.
#[test]
fn largest_max_file_size_still_reads_files() {
    let env = TestEnv::new();
    let key = Keys::new(40).paperspace();
    env.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    let run = env.run(&[
        "scan",
        "--format",
        "json",
        "--max-file-size",
        "18446744073709551615",
        ".",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "a.env".into(), 1)]
    );
}

/// Stdin is held to the size limit like a file: at most the limit plus one byte is
/// read; more is a warning naming `-` and an incomplete run, not a finding.
#[test]
fn oversized_stdin_is_skipped_with_a_warning() {
    let key = Keys::new(41).paperspace();
    let body = format!("PAPERSPACE_API_KEY={key}\n{}\n", "x".repeat(4000));
    let stdin = |limit: &str, input: &str| {
        let out = crate::common::leakscan()
            .args(["scan", "--format", "json", "--max-file-size", limit, "-"])
            .write_stdin(input.to_string())
            .output()
            .expect("run");
        crate::common::Run::new(out)
    };
    let run = stdin("1000", &body);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("-: ") && run.stderr.contains("size limit"),
        "{}",
        run.stderr
    );
    assert!(run.json().is_empty(), "{}", run.stdout);
    // Exactly at the limit is scanned.
    let run = stdin(&body.len().to_string(), &body);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "-".into(), 1)]
    );
}

/// 2,000 random keys (the test's own generator, unfiltered) in one file, through
/// the binary: every one is reported.
#[test]
fn two_thousand_random_keys_are_all_found() {
    let env = TestEnv::new();
    let mut state: u64 = 0x0dd_5eed;
    let mut hex = || -> String {
        (0..30)
            .map(|_| {
                // splitmix64
                state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                char::from(b"0123456789abcdef"[((z ^ (z >> 31)) % 16) as usize])
            })
            .collect()
    };
    let keys: Vec<String> = (0..2_000).map(|_| hex()).collect();
    let text: String = keys
        .iter()
        .flat_map(|k| ["PAPERSPACE_API_KEY=", k, "\n"])
        .collect();
    env.write("many.env", text);
    let run = env.run(&["scan", "--format", "json", "--show-secrets", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found: std::collections::HashSet<String> = run
        .json()
        .iter()
        .filter_map(|f| f["secret"].as_str().map(ToString::to_string))
        .collect();
    let missed: Vec<&String> = keys.iter().filter(|k| !found.contains(*k)).collect();
    assert!(missed.is_empty(), "missed: {missed:?}");
}

/// A PEM key whose random base64 body happens to contain `fake` and `DUMMY` is
/// reported; a PEM block whose body is a sentence about a fake key is not, nor is a
/// key assigned to a `fake_…` name.
#[test]
fn stopwords_inside_a_pem_body_do_not_hide_it() {
    let env = TestEnv::new();
    let mut keys = Keys::new(42);
    let mut lines: Vec<String> = (0..25)
        .map(|_| {
            keys.from(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                64,
            )
        })
        .collect();
    lines[3].replace_range(10..14, "fake");
    lines[9].replace_range(40..45, "DUMMY");
    env.write(
        "id_rsa",
        format!(
            "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n",
            lines.join("\n")
        ),
    );
    env.write(
        "docs.md",
        format!(
            "-----BEGIN RSA PRIVATE KEY-----\nThis is a fake key for the docs; paste your own here, never a real one.\n-----END RSA PRIVATE KEY-----\n\nfake_paperspace_key = \"{}\"\n",
            keys.paperspace()
        ),
    );
    let run = env.run(&["scan", "--format", "json", "."]);
    assert_eq!(
        run.hits(),
        vec![("private-key.pem".into(), "id_rsa".into(), 1)],
        "{}",
        run.stderr
    );
}

/// r10: a reader that stops early (`leakscan scan | head -1`, `providers list |
/// head`) ends the run quietly: no "broken pipe" error, the exit code of the scan.
#[test]
fn r10_a_closed_pipe_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader};
    let env = TestEnv::new();
    let mut keys = Keys::new(1015);
    for i in 0..400 {
        env.write(
            &format!("f{i}.env"),
            format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
        );
    }
    for args in [
        &["scan", "."][..],
        &["providers", "list"][..],
        &["rules", "list"][..],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("leakscan"))
            .current_dir(env.root())
            .args(args)
            .env("XDG_CONFIG_HOME", env.config_home())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("read a line");
        // The reader is gone: the pipe is closed.
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!first.is_empty(), "{args:?}");
        assert!(
            !stderr.contains("error") && !stderr.to_lowercase().contains("broken pipe"),
            "{args:?}: {stderr}"
        );
        let code = out.status.code();
        let expected = if args[0] == "scan" { Some(1) } else { Some(0) };
        assert_eq!(code, expected, "{args:?}: {stderr}");
    }
}
