//! One table of hostile or broken input (issue #8): each row builds the input, runs
//! the real binary, and states the exit code, a phrase the warnings must contain
//! (naming what was wrong) and the findings that must still be reported. No row
//! may panic (exit 101), hang or abort.

use std::os::unix::fs::PermissionsExt;

use crate::common::{Keys, Repo, Run, TestEnv};

/// What a row expects.
struct Expect {
    code: i32,
    /// A phrase stderr must contain (`""`: anything).
    stderr: &'static str,
    /// Paths of `paperspace.api-key` findings that must still be reported.
    found: &'static [&'static str],
}

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
    type Row = (&'static str, fn() -> (TestEnv, Vec<String>), Expect);
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
                (
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
            "missing object behind a ref",
            || {
                let repo = packed_repo(902);
                std::fs::write(
                    repo.root().join(".git/refs/heads/ghost"),
                    "1234567890123456789012345678901234567890\n",
                )
                .unwrap();
                (
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
                let mut input = String::new();
                for i in 0..10_000 {
                    input.push_str(&format!("create refs/tags/t{i} {head}\n"));
                }
                let mut child = std::process::Command::new("git")
                    .current_dir(repo.root())
                    .args(["update-ref", "--stdin"])
                    .stdin(std::process::Stdio::piped())
                    .spawn()
                    .unwrap();
                std::io::Write::write_all(child.stdin.as_mut().unwrap(), input.as_bytes()).unwrap();
                assert!(child.wait().unwrap().success());
                (
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
                (env, args(&["scan", "--format", "json", "."]))
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
                (env, args(&["scan", "--format", "json", "."]))
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
                (env, args(&["scan", "--format", "json", "."]))
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
                (env, args(&["scan", "--format", "json", "."]))
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
                (
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
                (env, args(&["scan", "--baseline", "baseline.json", "."]))
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
                (
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
    for (name, build, want) in rows {
        let (env, argv) = build();
        let out = env
            .cmd()
            .args(&argv)
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .expect("run leakscan");
        let run = Run::new(out);
        if want.found.is_empty() && want.code == 1 {
            assert_eq!(run.json().len(), 1, "{name}: {}", run.stderr);
        }
        check(name, &run, &want);
    }
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
