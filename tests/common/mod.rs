//! The test harness: temp trees, the real binary, and generated fake secrets.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub mod emulation;
pub mod forge;
pub mod server;

/// A temporary directory tree to scan, and a user configuration directory of its
/// own (`XDG_CONFIG_HOME`, outside the tree) so that no real user config leaks in.
pub struct TestEnv {
    dir: tempfile::TempDir,
    config_home: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> Self {
        TestEnv {
            dir: tempfile::tempdir().expect("create temp dir"),
            config_home: tempfile::tempdir().expect("create temp dir"),
        }
    }

    /// The `XDG_CONFIG_HOME` runs of this env use.
    pub fn config_home(&self) -> &Path {
        self.config_home.path()
    }

    /// Write the user configuration (`$XDG_CONFIG_HOME/leakscan/config.toml`).
    pub fn user_config(&self, content: &str) {
        let dir = self.config_home.path().join("leakscan");
        std::fs::create_dir_all(&dir).expect("create config dir");
        std::fs::write(dir.join("config.toml"), content).expect("write user config");
    }

    /// The binary, run in the tree with this env's user configuration directory.
    pub fn cmd(&self) -> Command {
        let mut cmd = leakscan();
        cmd.current_dir(self.root())
            .env("XDG_CONFIG_HOME", self.config_home());
        cmd
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Write `content` at `rel`, creating parent directories.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create parents");
        }
        std::fs::write(&p, content).expect("write file");
        p
    }

    /// Run leakscan with `args` in the tree's root.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::new(self.cmd().args(args).output().expect("run leakscan"))
    }
}

/// An external test tool: `$env`, else what `scripts/test` installed under
/// `target/test-tools/`, else `name` on PATH.
pub fn tool(env: &str, installed: &str, name: &str) -> String {
    if let Ok(path) = std::env::var(env) {
        return path;
    }
    let local = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-tools")
        .join(installed);
    if local.exists() {
        return local.display().to_string();
    }
    name.to_string()
}

/// The real binary.
pub fn leakscan() -> Command {
    let mut cmd = Command::cargo_bin("leakscan").expect("binary built");
    cmd.env_remove("NO_COLOR")
        .env("XDG_CONFIG_HOME", "/nonexistent/leakscan-tests");
    cmd
}

/// `leakscan ARGS -` with `stdin` (and a newline) on its standard input, the
/// environment `env` (a provider's base URL) and an empty user configuration: the
/// exit code, the report parsed as JSON (`Null` if it is not), and stdout and stderr
/// together.
pub fn run_with_stdin(
    env: &[(&str, String)],
    args: &[&str],
    stdin: &str,
) -> (i32, serde_json::Value, String) {
    use std::io::Write;
    use std::process::Stdio;
    let home = tempfile::tempdir().expect("temp dir");
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("leakscan"));
    cmd.args(args)
        .arg("-")
        .env("XDG_CONFIG_HOME", home.path())
        .env("LEAKSCAN_HTTP_TIMEOUT", "5s")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn leakscan");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{stdin}\n").as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr);
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null),
        format!("{stdout}\n{stderr}"),
    )
}

/// The real binary run with `args` (one string, split by the shell) under `script`
/// (util-linux), so that its stdin, stdout and stderr are a pseudo-terminal; all it
/// printed comes back on `script`'s stdout.
pub fn leakscan_on_terminal(dir: &Path, args: &str) -> std::process::Command {
    let bin = assert_cmd::cargo::cargo_bin("leakscan");
    let mut cmd = std::process::Command::new("script");
    cmd.current_dir(dir)
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .env_remove("NO_COLOR");
    cmd
}

/// A finished run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn new(out: Output) -> Self {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The JSON report on stdout.
    pub fn json(&self) -> Vec<serde_json::Value> {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// `(rule_id, path, line)` of every location in the JSON report, sorted.
    pub fn hits(&self) -> Vec<(String, String, u64)> {
        let mut out = Vec::new();
        for f in self.json() {
            for l in f["locations"].as_array().expect("locations") {
                out.push((
                    f["rule_id"].as_str().unwrap_or_default().to_string(),
                    l["path"].as_str().unwrap_or_default().to_string(),
                    l["line"].as_u64().unwrap_or_default(),
                ));
            }
        }
        out.sort();
        out
    }

    pub fn all_output(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// A deterministic generator of fake secrets: right format, random-looking, never real.
pub struct Keys(u64);

impl Keys {
    pub fn new(seed: u64) -> Self {
        Keys(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// `n` characters from `alphabet` that leakscan's placeholder filter accepts.
    pub fn from(&mut self, alphabet: &[u8], n: usize) -> String {
        loop {
            let s: String = (0..n)
                .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize] as char)
                .collect();
            // Short parts (UUID groups) cannot reach a key's entropy; only keys must.
            if !leakscan::filter::is_placeholder(s.as_bytes())
                && (n < 20 || leakscan::filter::entropy(s.as_bytes()) >= 3.3)
            {
                return s;
            }
        }
    }

    /// A Paperspace-format key: 30 lowercase hex characters.
    pub fn paperspace(&mut self) -> String {
        self.from(b"0123456789abcdef", 30)
    }

    pub fn hex(&mut self, n: usize) -> String {
        self.from(b"0123456789abcdef", n)
    }

    pub fn alnum(&mut self, n: usize) -> String {
        self.from(
            b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
            n,
        )
    }

    /// A GitHub classic PAT with a valid CRC32 checksum.
    pub fn github_pat(&mut self) -> String {
        let body = self.alnum(30);
        format!(
            "ghp_{body}{}",
            base62_6(u64::from(crc32fast::hash(body.as_bytes())))
        )
    }

    /// An AWS access key id.
    pub fn aws_key_id(&mut self) -> String {
        format!("AKIA{}", self.from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16))
    }
}

fn base62_6(mut n: u64) -> String {
    const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = B62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Assert that `needle` appears nowhere in `haystack`.
pub fn assert_absent(haystack: &str, needle: &str, what: &str) {
    assert!(
        !haystack.contains(needle),
        "raw secret leaked into {what}:\n{haystack}"
    );
}

/// A git repository in a temp dir, driven by the git CLI with fixed identities and
/// dates so commits are deterministic.
pub struct Repo {
    pub env: TestEnv,
    clock: std::cell::Cell<i64>,
}

impl Repo {
    pub fn init() -> Self {
        let repo = Repo {
            env: TestEnv::new(),
            clock: std::cell::Cell::new(1_700_000_000),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn root(&self) -> &Path {
        self.env.root()
    }

    /// Run git in the repository; panics with its output on failure.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_in(self.root(), args)
    }

    pub fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        let t = self.clock.get() + 3600;
        self.clock.set(t);
        let date = format!("@{t} +0000");
        let out = std::process::Command::new("git")
            .current_dir(dir)
            .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
            .args(args)
            .env("GIT_AUTHOR_NAME", "Ana Dev")
            .env("GIT_AUTHOR_EMAIL", "ana@example.com")
            .env("GIT_COMMITTER_NAME", "Ana Dev")
            .env("GIT_COMMITTER_EMAIL", "ana@example.com")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.root())
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        self.env.write(rel, content);
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.env.path(rel)).expect("remove file");
    }

    /// Stage everything and commit; returns the commit id.
    pub fn commit(&self, msg: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", msg]);
        self.git(&["rev-parse", "HEAD"])
    }

    /// Run leakscan in the repository.
    pub fn run(&self, args: &[&str]) -> Run {
        self.env.run(args)
    }
}

/// A `.env` body with one `PAPERSPACE_API_KEY=key` line per key.
pub fn paperspace_env(keys: &[&str]) -> String {
    let mut body = String::new();
    for k in keys {
        body.push_str("PAPERSPACE_API_KEY=");
        body.push_str(k);
        body.push('\n');
    }
    body
}
