//! One table of hostile or broken input (issue #8): each row builds the input, runs
//! the real binary, and states the exit code, a phrase the warnings must contain
//! (naming what was wrong) and the findings that must still be reported. No row
//! may panic (exit 101), hang or abort.

use std::os::unix::fs::PermissionsExt;

use crate::common::{Keys, Repo, Run, TestEnv};

/// What a row builds: the input, the command line, and what only the build knows
/// that the warnings must name (an object id).
struct Input {
    env: TestEnv,
    args: Vec<String>,
    names: Vec<String>,
}

fn input(env: TestEnv, args: Vec<String>) -> Input {
    Input {
        env,
        args,
        names: Vec::new(),
    }
}

/// What a row expects.
struct Expect {
    code: i32,
    /// A phrase stderr must contain (`""`: anything).
    stderr: &'static str,
    /// Paths of `paperspace.api-key` findings that must still be reported.
    found: &'static [&'static str],
}

/// How long a row may run: a scan that outlasts it hung.
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

fn key_line(seed: u64) -> String {
    format!("PAPERSPACE_API_KEY={}\n", Keys::new(seed).paperspace())
}

/// A repository with a key on a branch, then repacked, for the git rows.
fn packed_repo(seed: u64) -> Repo {
    let repo = Repo::init();
    repo.write("ok.env", key_line(seed));
    repo.commit("key");
    for i in 0..5 {
        repo.write(&format!("f{i}.txt"), format!("file {i}\n").repeat(50));
        repo.commit(&format!("c{i}"));
    }
    repo.git(&["gc", "-q", "--aggressive"]);
    repo
}

/// Text that deflate cannot shrink much, so its loose object spans many zlib blocks.
fn noise(seed: u64) -> String {
    let mut keys = Keys::new(seed);
    (0..200).map(|_| keys.hex(80) + "\n").collect()
}

/// Cut the loose object file of `oid` to half its length: the zlib stream ends
/// early, which libgit2 1.9 inflates forever.
fn truncate_loose(repo: &Repo, oid: &str) {
    let obj = repo
        .root()
        .join(".git/objects")
        .join(&oid[..2])
        .join(&oid[2..]);
    let len = std::fs::metadata(&obj).expect("a loose object").len();
    let mut perms = std::fs::metadata(&obj).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&obj, perms).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&obj)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
}

/// A key committed and deleted again (so only history has it), packed; then, on
/// top, a loose commit adding `dir/big.txt` (and a tag on the packed tip, which
/// keeps the key reachable when the loose commit is unreadable).
fn loose_on_packed(seed: u64) -> Repo {
    let repo = Repo::init();
    repo.write("gone.env", key_line(seed));
    repo.commit("key");
    repo.remove("gone.env");
    repo.commit("rm key");
    repo.git(&["tag", "packed"]);
    repo.git(&["gc", "-q"]);
    repo.write("dir/big.txt", noise(seed));
    repo.commit("loose");
    repo
}

fn check(name: &str, run: &Run, want: &Expect) {
    assert_ne!(run.code, 101, "{name}: panicked:\n{}", run.stderr);
    assert_eq!(run.code, want.code, "{name}:\n{}", run.stderr);
    assert!(
        run.stderr.contains(want.stderr),
        "{name}: stderr lacks `{}`:\n{}",
        want.stderr,
        run.stderr
    );
    if want.found.is_empty() {
        return;
    }
    let mut paths: Vec<String> = run
        .json()
        .iter()
        .flat_map(|f| {
            f["locations"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| l["path"].as_str().map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect();
    paths.sort();
    paths.dedup();
    for p in want.found {
        assert!(
            paths.iter().any(|x| x == p),
            "{name}: {p} not reported: {paths:?}"
        );
    }
}

#[test]
fn bad_input_table() {
    type Row = (&'static str, fn() -> Input, Expect);
    let rows: Vec<Row> = vec![
        (
            "truncated pack",
            || {
                let repo = packed_repo(901);
                let pack = std::fs::read_dir(repo.root().join(".git/objects/pack"))
                    .unwrap()
                    .filter_map(Result::ok)
                    .find(|e| e.path().extension().is_some_and(|x| x == "pack"))
                    .unwrap()
                    .path();
                let len = std::fs::metadata(&pack).unwrap().len();
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&pack)
                    .unwrap()
                    .set_len(len / 2)
                    .unwrap();
                input(
                    repo.env,
                    args(&["scan", "--history", "--format", "json", "."]),
                )
            },
            // The working tree is still scanned; history is not whole: exit 2.
            Expect {
                code: 2,
                stderr: "warning",
                found: &["ok.env"],
            },
        ),
        (
            "truncated loose blob (--history)",
            || truncated_loose_in_history(913, "HEAD:dir/big.txt"),
            Expect {
                code: 2,
                stderr: "truncated",
                found: &["gone.env"],
            },
        ),
        (
            "truncated loose tree (--history)",
            || truncated_loose_in_history(914, "HEAD:dir"),
            Expect {
                code: 2,
                stderr: "truncated",
                found: &["gone.env"],
            },
        ),
        (
            "truncated loose commit (--history)",
            || truncated_loose_in_history(915, "HEAD"),
            // The tag on the packed commit still leads to the key.
            Expect {
                code: 2,
                stderr: "truncated",
                found: &["gone.env"],
            },
        ),
        (
            "truncated loose blob (--staged)",
            || {
                let repo = Repo::init();
                repo.write("a.txt", "hello\n");
                repo.commit("a");
                repo.write("new.env", key_line(916));
                repo.write("big.txt", noise(916));
                repo.git(&["add", "new.env", "big.txt"]);
                let blob = repo.git(&["rev-parse", ":big.txt"]);
                truncate_loose(&repo, &blob);
                Input {
                    names: vec![blob],
                    ..input(
                        repo.env,
                        args(&["scan", "--staged", "--format", "json", "."]),
                    )
                }
            },
            Expect {
                code: 2,
                stderr: "truncated",
                found: &["new.env"],
            },
        ),
        (
            "truncated loose blob (--since)",
            || {
                let repo = Repo::init();
                repo.write("a.txt", "hello\n");
                repo.commit("base");
                repo.git(&["branch", "base"]);
                // One commit: the key beside the unreadable file is still found.
                repo.write("big.txt", noise(917));
                repo.write("new.env", key_line(917));
                repo.commit("big and key");
                let blob = repo.git(&["rev-parse", "HEAD:big.txt"]);
                truncate_loose(&repo, &blob);
                Input {
                    names: vec![blob],
                    ..input(
                        repo.env,
                        args(&["scan", "--since", "base", "--format", "json", "."]),
                    )
                }
            },
            Expect {
                code: 2,
                stderr: "truncated",
                found: &["new.env"],
            },
        ),
        (
            "missing object behind a ref",
            || {
                let repo = packed_repo(902);
                std::fs::write(
                    repo.root().join(".git/refs/heads/ghost"),
                    "1234567890123456789012345678901234567890\n",
                )
                .unwrap();
                input(
                    repo.env,
                    args(&["scan", "--history", "--format", "json", "."]),
                )
            },
            Expect {
                code: 2,
                stderr: "ghost",
                found: &["ok.env"],
            },
        ),
        (
            "10k refs",
            || {
                let repo = packed_repo(903);
                let head = repo.git(&["rev-parse", "HEAD"]);
                let mut updates = String::new();
                for i in 0..10_000 {
                    updates.push_str(&format!("create refs/tags/t{i} {head}\n"));
                }
                let mut child = std::process::Command::new("git")
                    .current_dir(repo.root())
                    .args(["update-ref", "--stdin"])
                    .stdin(std::process::Stdio::piped())
                    .spawn()
                    .unwrap();
                std::io::Write::write_all(child.stdin.as_mut().unwrap(), updates.as_bytes())
                    .unwrap();
                assert!(child.wait().unwrap().success());
                input(
                    repo.env,
                    args(&["scan", "--history", "--format", "json", "."]),
                )
            },
            Expect {
                code: 1,
                stderr: "",
                found: &["ok.env"],
            },
        ),
        (
            "a 1 GB one-line file (sparse after 8 KiB of text)",
            || {
                let env = TestEnv::new();
                env.write("ok.env", key_line(904));
                let big = env.write("big.txt", "a".repeat(8192));
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&big)
                    .unwrap()
                    .set_len(1 << 30)
                    .unwrap();
                input(env, args(&["scan", "--format", "json", "."]))
            },
            // Over the size limit: skipped with a note naming it, not read whole.
            Expect {
                code: 1,
                stderr: "big.txt: skipped, larger than the size limit",
                found: &["ok.env"],
            },
        ),
        (
            "500-deep directories",
            || {
                let env = TestEnv::new();
                let deep = "d/".repeat(500);
                env.write(&format!("{deep}deep.env"), key_line(905));
                input(env, args(&["scan", "--format", "json", "."]))
            },
            Expect {
                code: 1,
                stderr: "",
                found: &[],
            },
        ),
        (
            "a FIFO",
            || {
                let env = TestEnv::new();
                env.write("ok.env", key_line(906));
                let fifo = env.path("pipe");
                assert!(std::process::Command::new("mkfifo")
                    .arg(&fifo)
                    .status()
                    .unwrap()
                    .success());
                input(env, args(&["scan", "--format", "json", "."]))
            },
            Expect {
                code: 1,
                stderr: "",
                found: &["ok.env"],
            },
        ),
        (
            "an invalid UTF-8 path",
            || {
                use std::os::unix::ffi::OsStrExt;
                let env = TestEnv::new();
                let name = std::ffi::OsStr::from_bytes(b"bad\xff\xfe.env");
                std::fs::write(env.root().join(name), key_line(907)).unwrap();
                input(env, args(&["scan", "--format", "json", "."]))
            },
            Expect {
                code: 1,
                stderr: "",
                found: &["bad\u{fffd}\u{fffd}.env"],
            },
        ),
        (
            "a 10 MB regex",
            || {
                let env = TestEnv::new();
                env.write("ok.env", key_line(908));
                let alternation: Vec<String> = (0..700_000).map(|i| format!("k{i}")).collect();
                env.write(
                    "huge.toml",
                    format!(
                        "[[rules]]\nid = \"huge.rule\"\nname = \"huge\"\nkeywords = [\"k1\"]\npattern = '''({})'''\n",
                        alternation.join("|")
                    ),
                );
                input(
                    env,
                    args(&["scan", "--format", "json", "--rules", "huge.toml", "ok.env"]),
                )
            },
            Expect {
                code: 2,
                stderr: "huge.rule",
                found: &[],
            },
        ),
        (
            "a baseline that is not JSON",
            || {
                let env = TestEnv::new();
                env.write("ok.env", key_line(909));
                env.write("baseline.json", "fingerprint: abc\n");
                input(env, args(&["scan", "--baseline", "baseline.json", "."]))
            },
            Expect {
                code: 2,
                stderr: "baseline.json",
                found: &[],
            },
        ),
        (
            "an index that claims 4 billion entries",
            || {
                let repo = Repo::init();
                repo.write("a.txt", "hello\n");
                repo.commit("a");
                repo.write("b.env", key_line(910));
                repo.git(&["add", "b.env"]);
                let index = repo.root().join(".git/index");
                let mut bytes = std::fs::read(&index).unwrap();
                bytes[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
                std::fs::write(&index, bytes).unwrap();
                input(
                    repo.env,
                    args(&["scan", "--staged", "--format", "json", "."]),
                )
            },
            // libgit2 refuses the index too: an error naming it, exit 2.
            Expect {
                code: 2,
                stderr: "index",
                found: &[],
            },
        ),
    ];
    // Every row runs, so one failure does not hide another's.
    let mut failed = Vec::new();
    for (name, build, want) in rows {
        let row = std::panic::catch_unwind(|| {
            let input = build();
            let started = std::time::Instant::now();
            let out = input
                .env
                .cmd()
                .args(&input.args)
                .timeout(TIMEOUT)
                .output()
                .expect("run leakscan");
            // assert_cmd kills the run at the timeout: a hang, never a pass.
            assert!(
                out.status.code().is_some() || started.elapsed() < TIMEOUT,
                "{name}: hung (killed after {TIMEOUT:?})"
            );
            let run = Run::new(out);
            if want.found.is_empty() && want.code == 1 {
                assert_eq!(run.json().len(), 1, "{name}: {}", run.stderr);
            }
            check(name, &run, &want);
            for word in &input.names {
                assert!(
                    run.stderr.contains(word.as_str()),
                    "{name}: no warning names {word}:\n{}",
                    run.stderr
                );
            }
        });
        if row.is_err() {
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "rows failed: {failed:?}");
}

/// An unreadable directory is a warning naming it; the rest is scanned; exit 2.
/// (Root reads anything, so the scan runs as nobody, as the file test does.)
#[test]
fn unreadable_directory_is_a_warning() {
    let env = TestEnv::new();
    env.write("ok.env", key_line(911));
    env.write("locked/inner.env", key_line(912));
    std::fs::set_permissions(env.path("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(env.root(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("leakscan");
    let mut cmd = std::process::Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin);
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    let mut cmd = if is_root {
        cmd
    } else {
        std::process::Command::new(&bin)
    };
    let out = cmd
        .args(["scan", "--format", "json"])
        .arg(env.root())
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .output()
        .unwrap();
    let run = Run::new(out);
    std::fs::set_permissions(env.path("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    check(
        "unreadable directory",
        &run,
        &Expect {
            code: 2,
            stderr: "locked",
            found: &["ok.env"],
        },
    );
}

/// A `--history` run over a repository whose loose object at `rev` is truncated.
fn truncated_loose_in_history(seed: u64, rev: &str) -> Input {
    let repo = loose_on_packed(seed);
    let oid = repo.git(&["rev-parse", rev]);
    truncate_loose(&repo, &oid);
    Input {
        names: vec![oid],
        ..input(
            repo.env,
            args(&["scan", "--history", "--format", "json", "."]),
        )
    }
}

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(ToString::to_string).collect()
}

/// A fatal error quoting scanned content (a config file's name and text) reaches
/// the terminal escaped, as warnings do.
#[test]
fn fatal_errors_are_escaped() {
    let env = TestEnv::new();
    env.write("evil\x1b[2J.toml", "disable = [\"x\"\n");
    let run = env.run(&["scan", "--config", "evil\x1b[2J.toml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("evil\\x1b[2J.toml"), "{}", run.stderr);
    assert!(!run.stderr.contains('\x1b'), "{:?}", run.stderr);
}
