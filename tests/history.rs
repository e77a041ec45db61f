//! Git history, staged and range scans on real repositories made in temp dirs.

use crate::common::{Keys, Repo};
use serde_json::Value;

fn finding_for<'a>(findings: &'a [Value], path: &str) -> &'a Value {
    findings
        .iter()
        .find(|f| {
            f["locations"]
                .as_array()
                .is_some_and(|ls| ls.iter().any(|l| l["path"] == path))
        })
        .unwrap_or_else(|| panic!("no finding at {path} in {findings:#?}"))
}

/// r3: a key added in commit 2 and removed in commit 4 is found, attributed to
/// commit 2, removed in 4, and not still present.
#[test]
fn key_added_then_removed_has_a_timeline() {
    let repo = Repo::init();
    let key = Keys::new(100).paperspace();
    repo.write("README.md", "hello\n");
    repo.commit("c1: readme");
    repo.write("config/.env", format!("A=1\nPAPERSPACE_API_KEY={key}\n"));
    let c2 = repo.commit("c2: add config");
    repo.write("README.md", "hello again\n");
    repo.commit("c3: docs");
    repo.remove("config/.env");
    let c4 = repo.commit("c4: remove config");
    repo.write("other.txt", "x\n");
    repo.commit("c5: more");

    // Without --history the working tree is clean.
    assert_eq!(repo.run(&["scan"]).code, 0);

    let run = repo.run(&["scan", "--history", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = run.json();
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    let loc = &f["locations"][0];
    assert_eq!(loc["path"], "config/.env");
    assert_eq!(loc["line"], 2);
    assert_eq!(loc["commit"], c2.as_str());
    assert_eq!(loc["author"], "Ana Dev");
    assert_eq!(loc["email"], "ana@example.com");
    assert_eq!(loc["subject"], "c2: add config");
    assert!(loc["date"].as_str().is_some_and(|d| d.ends_with('Z')));
    let t = &f["timeline"];
    assert_eq!(t["introduced"]["commit"], c2.as_str());
    assert_eq!(t["removed"]["commit"], c4.as_str());
    assert_eq!(t["still_present"], false);
    assert_eq!(t["refs"], serde_json::json!(["HEAD", "refs/heads/main"]));
}

#[test]
fn key_only_on_a_side_branch_or_tag() {
    let repo = Repo::init();
    let mut keys = Keys::new(101);
    let (side, tagged) = (keys.paperspace(), keys.paperspace());
    repo.write("a.txt", "a\n");
    repo.commit("base");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write("side.env", format!("PAPERSPACE_API_KEY={side}\n"));
    repo.commit("side: key");
    repo.git(&["checkout", "-q", "main"]);
    // A tag on a commit that no branch contains.
    repo.git(&["checkout", "-q", "--detach"]);
    repo.write("tagged.env", format!("PAPERSPACE_API_KEY={tagged}\n"));
    repo.commit("tagged: key");
    repo.git(&["tag", "v1"]);
    repo.git(&["checkout", "-q", "main"]);

    let run = repo.run(&["scan", "--history", "--format", "json"]);
    let findings = run.json();
    assert_eq!(findings.len(), 2, "{}", run.stdout);
    let s = finding_for(&findings, "side.env");
    assert_eq!(
        s["timeline"]["refs"],
        serde_json::json!(["refs/heads/side"])
    );
    assert_eq!(s["timeline"]["still_present"], false);
    assert_eq!(
        s["timeline"]["removed"],
        Value::Null,
        "never on HEAD's history"
    );
    let t = finding_for(&findings, "tagged.env");
    assert_eq!(t["timeline"]["refs"], serde_json::json!(["refs/tags/v1"]));
    // r10: the text says which refs still hold a secret that left HEAD.
    let text = repo.run(&["scan", "--history"]).stdout;
    assert!(
        text.contains("not in HEAD; still on refs/heads/side (rewrite history to remove it)")
            && text.contains("not in HEAD; still on refs/tags/v1"),
        "{text}"
    );
    assert!(!text.contains("still present: no"), "{text}");
}

/// A key that appears only in a merge commit's conflict resolution.
#[test]
fn key_only_in_a_merge_commit() {
    let repo = Repo::init();
    let key = Keys::new(102).paperspace();
    repo.write("conf.env", "PAPERSPACE_API_KEY=\n");
    repo.commit("base");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("conf.env", "PAPERSPACE_API_KEY=$FROM_FEATURE\n");
    repo.commit("feature");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("conf.env", "PAPERSPACE_API_KEY=$FROM_MAIN\n");
    repo.commit("main");
    let out = std::process::Command::new("git")
        .current_dir(repo.root())
        .args(["merge", "-q", "feature"])
        .output()
        .expect("git merge");
    assert!(!out.status.success(), "the merge must conflict");
    repo.write("conf.env", format!("PAPERSPACE_API_KEY={key}\n"));
    let merge = repo.commit("merge feature");
    let run = repo.run(&["scan", "--history", "--format", "json"]);
    let findings = run.json();
    let f = finding_for(&findings, "conf.env");
    let history: Vec<&Value> = f["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .filter(|l| !l["commit"].is_null())
        .collect();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["commit"], merge.as_str());
    assert_eq!(f["timeline"]["introduced"]["commit"], merge.as_str());
    assert_eq!(f["timeline"]["still_present"], true);
}

#[test]
fn key_only_in_the_stash() {
    let repo = Repo::init();
    let key = Keys::new(103).paperspace();
    repo.write("app.env", "X=1\n");
    repo.commit("base");
    repo.write("app.env", format!("X=1\nPAPERSPACE_API_KEY={key}\n"));
    repo.git(&["stash", "-q"]);
    assert_eq!(
        repo.run(&["scan"]).code,
        0,
        "working tree is clean after stash"
    );
    let run = repo.run(&["scan", "--history", "--format", "json"]);
    let findings = run.json();
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    let refs = findings[0]["timeline"]["refs"]
        .as_array()
        .expect("refs")
        .clone();
    assert!(refs.contains(&Value::from("refs/stash")), "{refs:?}");
    assert!(refs.contains(&Value::from("stash@{0}")), "{refs:?}");
}

/// The same key in three files and two commits: one finding with every location,
/// and each blob read once.
#[test]
fn same_key_many_files_and_commits_is_one_finding() {
    let repo = Repo::init();
    let key = Keys::new(104).paperspace();
    let content = format!("PAPERSPACE_API_KEY={key}\n");
    repo.write("a.env", &content);
    repo.write("b.env", &content);
    let c1 = repo.commit("two files");
    repo.write("c/c.env", format!("# moved here\n{content}"));
    let c2 = repo.commit("third file");
    let run = repo.run(&["scan", "--history", "--format", "json"]);
    let findings = run.json();
    assert_eq!(findings.len(), 1);
    let locs: std::collections::BTreeSet<(String, String)> = findings[0]["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| {
            (
                l["path"].as_str().unwrap_or("").to_string(),
                l["commit"].as_str().unwrap_or("worktree").to_string(),
            )
        })
        .collect();
    let expected: std::collections::BTreeSet<(String, String)> = [
        ("a.env", c1.as_str()),
        ("a.env", "worktree"),
        ("b.env", c1.as_str()),
        ("b.env", "worktree"),
        ("c/c.env", c2.as_str()),
        ("c/c.env", "worktree"),
    ]
    .into_iter()
    .map(|(p, c)| (p.to_string(), c.to_string()))
    .collect();
    assert_eq!(locs, expected);
}

/// `leakscan scan --history --format json PATH`, run from anywhere.
fn history_json(path: &std::path::Path) -> crate::common::Run {
    crate::common::Run::new(
        crate::common::leakscan()
            .args(["scan", "--history", "--format", "json"])
            .arg(path)
            .output()
            .expect("run"),
    )
}

#[test]
fn bare_and_shallow_clones() {
    let repo = Repo::init();
    let mut keys = Keys::new(105);
    let (old, new) = (keys.paperspace(), keys.paperspace());
    repo.write("a.env", format!("PAPERSPACE_API_KEY={old}\n"));
    repo.commit("old key");
    repo.remove("a.env");
    repo.commit("remove");
    repo.write("b.env", format!("PAPERSPACE_API_KEY={new}\n"));
    repo.commit("new key");
    let src = format!("file://{}", repo.root().display());
    let bare = repo.root().join("clone.git");
    repo.git(&[
        "clone",
        "-q",
        "--bare",
        &src,
        bare.to_str().unwrap_or_default(),
    ]);
    let run = history_json(&bare);
    assert_eq!(run.json().len(), 2, "bare: {}{}", run.stdout, run.stderr);

    let shallow = repo.root().join("shallow");
    repo.git(&[
        "clone",
        "-q",
        "--depth",
        "1",
        &src,
        shallow.to_str().unwrap_or_default(),
    ]);
    let run = history_json(&shallow);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = run.json();
    assert_eq!(findings.len(), 1, "shallow history holds only the new key");
    assert_eq!(findings[0]["timeline"]["still_present"], true);

    // A linked worktree sees the whole repository's history.
    let wt = repo.root().join("wt");
    repo.git(&["worktree", "add", "-q", wt.to_str().unwrap_or_default()]);
    let run = history_json(&wt);
    assert_eq!(
        run.json().len(),
        2,
        "worktree: {}{}",
        run.stdout,
        run.stderr
    );
}

/// A corrupt object is a warning naming it; the rest is still scanned; exit 2.
#[test]
fn corrupt_object_is_a_warning() {
    let repo = Repo::init();
    let mut keys = Keys::new(106);
    repo.write(
        "good.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    repo.write(
        "bad.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    repo.commit("two keys");
    repo.remove("bad.env");
    repo.commit("rm");
    let bad = repo.git(&["rev-parse", "HEAD~1:bad.env"]);
    let obj = repo
        .root()
        .join(".git/objects")
        .join(&bad[..2])
        .join(&bad[2..]);
    let mut perms = std::fs::metadata(&obj).expect("loose object").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&obj, perms).expect("chmod");
    std::fs::write(&obj, b"this is not zlib").expect("corrupt");
    let run = repo.run(&["scan", "--history", "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&bad),
        "warning names the object: {}",
        run.stderr
    );
    assert_eq!(run.json().len(), 1, "the good key is still found");
}

#[test]
fn staged_vs_unstaged_vs_partially_staged() {
    let repo = Repo::init();
    let mut keys = Keys::new(107);
    repo.write("app.py", "import os\n");
    repo.commit("base");

    // Unstaged only: not reported by --staged.
    repo.write(
        "app.py",
        format!("import os\nPAPERSPACE_API_KEY = '{}'\n", keys.paperspace()),
    );
    assert_eq!(repo.run(&["scan", "--staged"]).code, 0);

    // Staged, then removed from the working copy (as after `git add -p`): reported.
    let staged = keys.paperspace();
    repo.write(
        "app.py",
        format!("import os\nPAPERSPACE_API_KEY = '{staged}'\n"),
    );
    repo.git(&["add", "app.py"]);
    repo.write(
        "app.py",
        "import os\nPAPERSPACE_API_KEY = os.environ['K']\n",
    );
    let run = repo.run(&["scan", "--staged", "--format", "json", "--show-secrets"]);
    assert_eq!(run.code, 1);
    let f = run.json();
    assert_eq!(f[0]["secret"], staged.as_str());
    assert_eq!(f[0]["locations"][0]["line"], 2);
    assert!(f[0]["locations"][0]["commit"].is_null());

    // Deleting a file that holds a key adds nothing.
    repo.git(&["commit", "-q", "-m", "staged key"]);
    repo.git(&["rm", "-q", "--cached", "app.py"]);
    assert_eq!(
        repo.run(&["scan", "--staged"]).code,
        0,
        "a deletion adds no lines"
    );
    repo.git(&["add", "app.py"]);
    repo.git(&["checkout", "-q", "HEAD", "--", "app.py"]);

    // A key already in HEAD is not blamed on a staged change to another line.
    repo.write(
        "app.py",
        format!("import os\nPAPERSPACE_API_KEY = '{staged}'\nprint(1)\n"),
    );
    repo.git(&["add", "app.py"]);
    assert_eq!(repo.run(&["scan", "--staged"]).code, 0);
}

#[test]
fn staged_rename_initial_commit_binary_and_crlf() {
    let repo = Repo::init();
    let mut keys = Keys::new(108);
    let key = keys.paperspace();
    // First commit: no HEAD yet.
    repo.write("one.env", format!("PAPERSPACE_API_KEY={key}\r\n"));
    repo.git(&["add", "-A"]);
    let run = repo.run(&["scan", "--staged", "--format", "json"]);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "one.env".into(), 1)]
    );
    repo.git(&[
        "-c",
        "core.hooksPath=/dev/null",
        "commit",
        "-q",
        "-m",
        "first",
    ]);

    // A pure rename adds no lines.
    repo.git(&["mv", "one.env", "two.env"]);
    assert_eq!(repo.run(&["scan", "--staged"]).code, 0);

    // A rename with an edit: only the edited line is new (rename detection).
    let mut body = String::from("# settings\r\n");
    for i in 0..20 {
        body.push_str(&format!("OPTION_{i}=value-{i}\r\n"));
    }
    repo.write("big.env", format!("{body}PAPERSPACE_API_KEY={key}\r\n"));
    repo.git(&["add", "-A"]);
    repo.git(&[
        "-c",
        "core.hooksPath=/dev/null",
        "commit",
        "-q",
        "-m",
        "more",
    ]);
    repo.git(&["mv", "big.env", "moved.env"]);
    let fresh = keys.paperspace();
    repo.write(
        "moved.env",
        format!("{body}PAPERSPACE_API_KEY={key}\r\nPAPERSPACE_TOKEN={fresh}\r\n"),
    );
    repo.git(&["add", "-A"]);
    let run = repo.run(&["scan", "--staged", "--format", "json", "--show-secrets"]);
    let found: Vec<String> = run
        .json()
        .iter()
        .map(|f| f["secret"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(found, vec![fresh.clone()], "{}", run.stdout);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "moved.env".into(), 23)]
    );
    repo.git(&[
        "-c",
        "core.hooksPath=/dev/null",
        "commit",
        "-q",
        "-m",
        "moved",
    ]);

    // A binary file with a key inside is skipped.
    let mut bin = vec![0u8, 1, 2];
    bin.extend_from_slice(format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()).as_bytes());
    repo.write("blob.bin", bin);
    repo.git(&["add", "-A"]);
    assert_eq!(repo.run(&["scan", "--staged"]).code, 0);
}

/// CI gate: a key added and deleted inside the range is reported; one from before
/// the range is not.
#[test]
fn since_scans_the_range_including_deleted_keys() {
    let repo = Repo::init();
    let mut keys = Keys::new(109);
    let (before, inside) = (keys.paperspace(), keys.paperspace());
    repo.write("old.env", format!("PAPERSPACE_API_KEY={before}\n"));
    repo.commit("before range");
    repo.git(&["branch", "base"]);
    repo.write("new.env", format!("PAPERSPACE_API_KEY={inside}\n"));
    let added = repo.commit("add key");
    repo.remove("new.env");
    repo.commit("remove key");
    let run = repo.run(&["scan", "--since", "base", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = run.json();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["locations"][0]["path"], "new.env");
    assert_eq!(findings[0]["locations"][0]["commit"], added.as_str());
    // --baseline applies as everywhere.
    repo.write("bl.json", &run.stdout);
    assert_eq!(
        repo.run(&["scan", "--since", "base", "--baseline", "bl.json"])
            .code,
        0
    );
    assert_eq!(repo.run(&["scan", "--since", "no-such-rev"]).code, 2);
}

#[test]
fn install_hook_with_and_without_an_existing_hook() {
    let repo = Repo::init();
    let run = repo.run(&["install-hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hook = repo.root().join(".git/hooks/pre-commit");
    let script = std::fs::read_to_string(&hook).expect("hook written");
    assert!(script.contains("scan --staged"));

    // The hook blocks a commit that adds a key, with file:line and how to allow it.
    repo.write(
        "a.env",
        format!("PAPERSPACE_API_KEY={}\n", Keys::new(110).paperspace()),
    );
    repo.git(&["add", "-A"]);
    let out = std::process::Command::new("git")
        .current_dir(repo.root())
        .args(["commit", "-m", "leak"])
        .env("PATH", path_with_leakscan())
        .output()
        .expect("git commit");
    assert!(!out.status.success(), "commit must be blocked");
    let msg = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        msg.contains("a.env:1:20")
            && msg.contains("paperspace.api-key")
            && msg.contains("[allowlist] fingerprints")
            && msg.contains("--no-verify"),
        "{msg}"
    );

    // An existing hook is kept unless --force.
    std::fs::write(&hook, "#!/bin/sh\necho mine\n").expect("write hook");
    let run = repo.run(&["install-hook"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&hook).expect("hook"),
        "#!/bin/sh\necho mine\n"
    );
    assert_eq!(repo.run(&["install-hook", "--force"]).code, 0);
    assert!(std::fs::read_to_string(&hook)
        .expect("hook")
        .contains("scan --staged"));
}

fn path_with_leakscan() -> String {
    let bin = assert_cmd::cargo::cargo_bin("leakscan");
    let dir = bin
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    format!("{dir}:{}", std::env::var("PATH").unwrap_or_default())
}

/// The pre-commit framework, end to end, with this repository's
/// `.pre-commit-hooks.yaml`: a commit adding a key is rejected, a clean one accepted.
#[test]
fn pre_commit_framework_end_to_end() {
    let tool = crate::common::tool("LEAKSCAN_PRE_COMMIT", "py/bin/pre-commit", "pre-commit");
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // pre-commit installs hooks from a git repository at a revision: make one from
    // this checkout's working tree so uncommitted changes are what is tested.
    let hooks_repo = Repo::init();
    for f in [
        "Cargo.toml",
        "Cargo.lock",
        ".pre-commit-hooks.yaml",
        "README.md",
    ] {
        std::fs::copy(manifest.join(f), hooks_repo.root().join(f)).expect("copy");
    }
    for dir in ["src", "rules", "benches", "tests"] {
        copy_dir(&manifest.join(dir), &hooks_repo.root().join(dir));
    }
    let rev = hooks_repo.commit("hooks");

    let repo = Repo::init();
    repo.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: leakscan\n",
            hooks_repo.root().display()
        ),
    );
    repo.commit("config");
    let home = repo.root().join(".pre-commit-home");
    let target = manifest.join("target/pre-commit-build");
    let pc = |args: &[&str]| {
        std::process::Command::new(&tool)
            .current_dir(repo.root())
            .args(args)
            .env("PRE_COMMIT_HOME", &home)
            // Reuse compiled dependencies across runs of this test.
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap_or_else(|e| panic!("cannot run `{tool}` ({e}): pip install pre-commit"))
    };
    let out = pc(&["install"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let commit = |msg: &str| {
        std::process::Command::new("git")
            .current_dir(repo.root())
            .args(["commit", "-m", msg])
            .env("PRE_COMMIT_HOME", &home)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("git commit")
    };
    repo.write("clean.txt", "nothing to see\n");
    repo.git(&["add", "-A"]);
    let out = commit("clean");
    assert!(
        out.status.success(),
        "clean commit accepted:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    repo.write(
        "deploy.env",
        format!("PAPERSPACE_API_KEY={}\n", Keys::new(111).paperspace()),
    );
    repo.git(&["add", "-A"]);
    let out = commit("leak");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "leaky commit rejected:\n{text}");
    assert!(text.contains("deploy.env:1:20"), "{text}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).expect("copy");
        }
    }
}

/// Submodules are noted unless `--submodules`, which scans their history too.
#[test]
fn submodules_are_noted_or_scanned() {
    let lib = Repo::init();
    let key = Keys::new(112).paperspace();
    lib.write("conf.env", format!("PAPERSPACE_API_KEY={key}\n"));
    lib.commit("lib: key");
    lib.remove("conf.env");
    lib.commit("lib: remove key");

    let app = Repo::init();
    app.write("README.md", "app\n");
    app.commit("app");
    app.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        lib.root().to_str().unwrap_or_default(),
        "vendor/lib",
    ]);
    app.commit("add lib");

    let run = app.run(&["scan", "--history", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("submodule at vendor/lib not scanned"),
        "{}",
        run.stderr
    );

    let run = app.run(&["scan", "--history", "--submodules", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = run.json();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["locations"][0]["path"], "vendor/lib/conf.env");
    assert_eq!(findings[0]["locations"][0]["subject"], "lib: key");
    assert_eq!(findings[0]["timeline"]["still_present"], false);
}

/// `--history` outside a repository scans the files and says so, and the exit code
/// says history was not read (r8 item 6): 2, even with `-q`.
#[test]
fn r8_history_on_a_plain_directory_scans_files_and_is_incomplete() {
    let env = crate::common::TestEnv::new();
    env.write(
        "a.env",
        format!("PAPERSPACE_API_KEY={}\n", Keys::new(113).paperspace()),
    );
    let quiet = env.run(&["scan", "-q", "--history", "."]);
    assert_eq!(quiet.code, 2, "{}", quiet.stderr);
    let run = env.run(&["scan", "--history", "--format", "json", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("not in a git repository"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "a.env".into(), 1)]
    );
}

/// On a terminal, `--history` shows progress through the commit walk and the blob
/// scan on stderr (the bars are cleared at the end), and `-q` shows none. Run under
/// `script` (util-linux) for a pseudo-terminal.
#[test]
fn history_progress_on_a_terminal() {
    let repo = Repo::init();
    for i in 0..30 {
        repo.write(&format!("src/f{i}.txt"), format!("line {i}\n"));
        repo.commit(&format!("c{i}"));
    }
    let on_terminal = |extra: &str| {
        let out =
            crate::common::leakscan_on_terminal(repo.root(), &format!("scan --history {extra} ."))
                .stdin(std::process::Stdio::null())
                .output()
                .expect("script (util-linux)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let shown = on_terminal("");
    assert!(shown.contains("/30 commits"), "{shown:?}");
    assert!(shown.contains("/30 blobs"), "{shown:?}");
    let quiet = on_terminal("-q");
    assert!(
        !quiet.contains("commits") && !quiet.contains("blobs"),
        "{quiet:?}"
    );
}

/// r8 item 6: a repository that cannot be opened (its `.git/HEAD` is gone) is not
/// silently treated as a plain directory: a warning names it, exit 2 even with -q.
#[test]
fn r8_unopenable_repository_is_a_warning_not_a_silent_tree_scan() {
    let repo = Repo::init();
    let mut keys = Keys::new(821);
    repo.write(
        "a.env",
        format!("PAPERSPACE_API_KEY={}\n", keys.paperspace()),
    );
    repo.commit("key");
    repo.remove("a.env");
    repo.commit("gone");
    std::fs::remove_file(repo.root().join(".git/HEAD")).unwrap();
    let run = repo.run(&["scan", "-q", "--history", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot open the git repository"),
        "{}",
        run.stderr
    );
}

/// r8 item 4: a committed symlink replaced by a regular file that holds a key (a
/// typechange) is caught by the pre-commit scan.
#[test]
fn r8_staged_typechange_from_symlink_to_file_is_scanned() {
    let repo = Repo::init();
    repo.write("target.txt", "hello\n");
    std::os::unix::fs::symlink("target.txt", repo.root().join("config.env")).unwrap();
    repo.commit("link");
    repo.remove("config.env");
    let key = Keys::new(822).paperspace();
    repo.write("config.env", format!("PAPERSPACE_API_KEY={key}\n"));
    repo.git(&["add", "-A"]);
    let run = repo.run(&["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "config.env".into(), 1)]
    );
    // The same change in a commit, seen by the CI range.
    repo.git(&["checkout", "-q", "-b", "pr"]);
    repo.commit("typechange");
    let run = repo.run(&["scan", "--since", "main", "--format", "json"]);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "config.env".into(), 1)]
    );
}

/// r8 item 7: a pure rename in the CI range adds no lines, so a key that was
/// already there is not reported as added; an edit in the renamed file is.
#[test]
fn r8_since_detects_renames() {
    let repo = Repo::init();
    let mut keys = Keys::new(823);
    let mut body = String::new();
    for i in 0..20 {
        body.push_str(&format!("setting_{i} = {i}\n"));
    }
    let old_key = keys.paperspace();
    repo.write(
        "conf/old.env",
        format!("{body}PAPERSPACE_API_KEY={old_key}\n"),
    );
    repo.commit("base");
    repo.git(&["checkout", "-q", "-b", "pr"]);
    repo.git(&["mv", "conf/old.env", "conf/new.env"]);
    repo.commit("rename");
    let run = repo.run(&["scan", "--since", "main", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let new_key = keys.paperspace();
    repo.write(
        "conf/new.env",
        format!("{body}PAPERSPACE_API_KEY={old_key}\nPAPERSPACE_TOKEN={new_key}\n"),
    );
    repo.commit("edit");
    let run = repo.run(&["scan", "--since", "main", "--format", "json"]);
    assert_eq!(
        run.hits(),
        vec![("paperspace.api-key".into(), "conf/new.env".into(), 22)]
    );
}

/// Rewrite `.git/index` with its header's entry count set to `count`.
fn set_index_count(repo: &Repo, count: u32) {
    let path = repo.root().join(".git/index");
    let mut bytes = std::fs::read(&path).expect("index");
    bytes[8..12].copy_from_slice(&count.to_be_bytes());
    std::fs::write(&path, bytes).expect("write index");
}

/// A corrupt `.git/index` is an error that names it: a header claiming ~4 billion
/// entries must not size an allocation, and a cache tree nested half a million deep
/// must not overflow the stack. Exit 2, never an abort.
#[test]
fn corrupt_index_is_an_error_naming_it() {
    let repo = Repo::init();
    let key = Keys::new(120).paperspace();
    repo.write("README.md", "hello\n");
    repo.commit("c1");
    repo.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    repo.git(&["add", "a.env"]);
    set_index_count(&repo, u32::MAX);
    let run = repo.run(&["scan", "--staged"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(".git/index"), "{}", run.stderr);

    // An index with no entries and a cache-tree extension whose every node claims one
    // subtree: "<name>\0-1 1\n" repeated.
    let depth = 500_000;
    let mut tree = Vec::new();
    for _ in 0..depth {
        tree.extend_from_slice(b"d\0-1 1\n");
    }
    let mut index = b"DIRC".to_vec();
    index.extend_from_slice(&2u32.to_be_bytes());
    index.extend_from_slice(&0u32.to_be_bytes());
    index.extend_from_slice(b"TREE");
    index.extend_from_slice(&(tree.len() as u32).to_be_bytes());
    index.extend_from_slice(&tree);
    index.extend_from_slice(&[0u8; 20]);
    std::fs::write(repo.root().join(".git/index"), index).expect("write index");
    let run = repo.run(&["scan", "--staged"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(".git/index"), "{}", run.stderr);
}

/// Write `rel` (20 KiB of incompressible text after a key line) as a loose object
/// whose zlib stream is cut after 2 KiB: its header reads, its content does not. A
/// scan that checks the size before loading skips it; one that loads first fails.
fn stage_big_blob(repo: &Repo, rel: &str, keys: &mut Keys) -> String {
    let mut text = format!("PAPERSPACE_API_KEY={}\n", keys.paperspace());
    while text.len() < 20 * 1024 {
        text.push_str(&keys.alnum(63));
        text.push('\n');
    }
    repo.write(rel, text);
    repo.git(&["add", rel]);
    repo.git(&["rev-parse", &format!(":{rel}")])
}

/// Pack everything (the index's blobs too), then garble the middle of `oid`'s
/// compressed data in the pack: its header still reads, loading it fails. (A loose
/// object will not do: leakscan checks loose objects whole before reading any.)
fn corrupt_in_pack(repo: &Repo, oid: &str) {
    repo.git(&["repack", "-a", "-d", "-q"]);
    let dir = repo.root().join(".git/objects/pack");
    let idx = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "idx"))
        .expect("a pack index");
    let listing = repo.git(&["verify-pack", "-v", idx.to_str().unwrap()]);
    // `oid type size size-in-pack offset`
    let fields: Vec<u64> = listing
        .lines()
        .find(|l| l.starts_with(oid))
        .expect("the object is packed")
        .split_whitespace()
        .skip(3)
        .take(2)
        .map(|f| f.parse().unwrap())
        .collect();
    let (in_pack, offset) = (fields[0], fields[1]);
    assert!(in_pack > 4096, "the object compresses to {in_pack} bytes");
    let pack = idx.with_extension("pack");
    let mut perms = std::fs::metadata(&pack).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&pack, perms).expect("chmod");
    let mut bytes = std::fs::read(&pack).unwrap();
    let mid = usize::try_from(offset + in_pack / 2).unwrap();
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0xff;
    }
    std::fs::write(&pack, bytes).unwrap();
}

/// Staged, range and history scans check a blob's size (from the object header)
/// before loading it: an oversized blob is skipped with a note, never read.
#[test]
fn oversized_blobs_are_skipped_without_loading_them() {
    let repo = Repo::init();
    let mut keys = Keys::new(121);
    repo.write("README.md", "hello\n");
    repo.commit("c1");
    let small = keys.paperspace();
    repo.write("small.env", format!("PAPERSPACE_API_KEY={small}\n"));
    repo.git(&["add", "small.env"]);
    let big = stage_big_blob(&repo, "big.env", &mut keys);
    corrupt_in_pack(&repo, &big);
    let skipped = |run: &crate::common::Run| {
        assert_eq!(run.code, 1, "{}", run.stderr);
        let mut hits = run.hits();
        hits.dedup(); // history: the commit's location and the working tree's
        assert_eq!(
            hits,
            vec![("paperspace.api-key".into(), "small.env".into(), 1)]
        );
        assert!(
            run.stderr.contains("big.env") && run.stderr.contains("size limit"),
            "{}",
            run.stderr
        );
    };
    let args = ["--format", "json", "--max-file-size", "10KiB"];
    skipped(&repo.run(&[&["scan", "--staged"][..], &args].concat()));

    repo.git(&["commit", "-q", "-m", "c2"]);
    skipped(&repo.run(&[&["scan", "--since", "HEAD~1"][..], &args].concat()));
    skipped(&repo.run(&[&["scan", "--history"][..], &args].concat()));
}

/// r10: the pre-commit hook on a terminal, as a person commits: a blocked commit
/// says so in its first line, names each location, how to mark a false positive and
/// how to bypass once; a clean commit hears nothing from leakscan. The hook finds
/// the binary that installed it when `leakscan` is not on PATH.
#[test]
fn r10_pre_commit_block_message_on_a_terminal() {
    let repo = Repo::init();
    assert_eq!(repo.run(&["install-hook"]).code, 0);
    let commit = |msg: &str| {
        // PATH without leakscan: the hook must fall back on the installing binary.
        let out = std::process::Command::new("script")
            .current_dir(repo.root())
            .args(["-qec", &format!("git commit -q -m '{msg}'"), "/dev/null"])
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env_remove("NO_COLOR")
            .output()
            .expect("script (util-linux)");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).replace('\r', ""),
        )
    };
    let key = Keys::new(1014).paperspace();
    repo.write("a.env", format!("PAPERSPACE_API_KEY={key}\n"));
    repo.git(&["add", "-A"]);
    let (ok, text) = commit("leak");
    assert!(!ok, "commit must be blocked: {text}");
    let plain: String = text
        .split('\x1b')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('m').map_or(part, |(_, r)| r)
            }
        })
        .collect();
    assert!(
        plain
            .trim_start()
            .starts_with("commit blocked: 1 secret in staged changes"),
        "{plain}"
    );
    assert!(plain.contains("a.env:1:20"), "{plain}");
    assert!(plain.contains("[allowlist] fingerprints"), "{plain}");
    assert!(plain.contains("git commit --no-verify"), "{plain}");
    assert!(!plain.contains(&key), "raw key on the terminal");

    repo.git(&["reset", "-q"]);
    std::fs::remove_file(repo.root().join("a.env")).expect("rm");
    repo.write("README.md", "clean\n");
    repo.git(&["add", "README.md"]);
    let (ok, text) = commit("clean");
    assert!(ok, "clean commit blocked: {text}");
    assert!(text.trim().is_empty(), "a clean commit printed: {text:?}");
}

/// r10: `--since` with a ref the clone does not have is a sentence with the fix
/// CI users need, not libgit2's class and code numbers.
#[test]
fn r10_missing_since_ref_explains_shallow_clones() {
    let repo = Repo::init();
    repo.write("a.txt", "a\n");
    repo.commit("base");
    let r = repo.run(&["scan", "--since", "origin/main"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("--since origin/main: no such commit, branch or tag")
            && r.stderr.contains("fetch-depth: 0")
            && !r.stderr.contains("class="),
        "{}",
        r.stderr
    );
}

/// A fast-import stream of `n` commits on main (and a side branch from the middle):
/// a settings file that grows a line a commit (so packs store it as deltas), keys
/// that come and go, a file that moves, and one key only on the side branch.
fn long_history(keys: &mut Keys, n: usize) -> String {
    let planted: Vec<String> = (0..5).map(|_| keys.paperspace()).collect();
    let env = |k: usize| format!("PAPERSPACE_API_KEY={}\n", planted[k]);
    let mut s = String::new();
    let mut settings = String::from("# settings\n");
    let mut mark = 0;
    let mut blob = |s: &mut String, data: &str| {
        mark += 1;
        s.push_str(&format!(
            "blob\nmark :{mark}\ndata {}\n{data}\n",
            data.len()
        ));
        mark
    };
    for i in 0..n {
        settings.push_str(&format!("option_{i} = {}\n", i * 7 % 13));
        let mut files = vec![("config/settings.ini", settings.clone())];
        // Key 0 lives from commit 100 in one file, then moves at 1500.
        if (100..1500).contains(&i) {
            files.push(("app/.env", env(0)));
        } else if i >= 1500 {
            files.push(("deploy/.env", env(0)));
        }
        // Key 1 lives for one commit; key 2 comes and goes and comes back.
        if i == 700 {
            files.push(("tmp/debug.env", env(1)));
        }
        if (300..400).contains(&i) || i >= 2100 {
            files.push(("scripts/run.sh", format!("export {}", env(2))));
        }
        // Key 3 at the end of a file that grows every commit: a delta-stored blob.
        if i >= 1800 {
            files.push(("config/local.ini", format!("{settings}{}", env(3))));
        }
        let marks: Vec<usize> = files.iter().map(|(_, d)| blob(&mut s, d)).collect();
        s.push_str(&format!(
            "commit refs/heads/main\ncommitter Ana Dev <ana@example.com> {} +0000\ndata 11\ncommit {i:04}\ndeleteall\n",
            1_700_000_000 + i * 60
        ));
        for ((path, _), m) in files.iter().zip(marks) {
            s.push_str(&format!("M 100644 :{m} {path}\n"));
        }
        s.push('\n');
        if i == n / 2 {
            s.push_str("reset refs/heads/side\nfrom refs/heads/main\n\n");
        }
    }
    let m = blob(&mut s, &env(4));
    s.push_str(&format!(
        "commit refs/heads/side\ncommitter Ana Dev <ana@example.com> 1800000000 +0000\ndata 4\nside\nM 100644 :{m} side/.env\n\n"
    ));
    s
}

/// r11: a long history (more commits than one walker takes) gives the same report
/// whether its objects are loose (read by libgit2) or packed with deep deltas (read
/// straight from the pack), and on one thread or four (the walk cut into runs).
#[test]
fn r11_packed_and_parallel_history_reports_are_identical() {
    let repo = Repo::init();
    let stream = long_history(&mut Keys::new(1101), 2_400);
    let git = |args: &[&str], stdin: std::process::Stdio| {
        let out = std::process::Command::new("git")
            .current_dir(repo.root())
            .args(args)
            .stdin(stdin)
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let stream_file = repo.env.write(".git/leakscan-test-stream", &stream);
    git(
        &["fast-import", "--quiet"],
        std::fs::File::open(&stream_file).expect("stream").into(),
    );
    repo.git(&["checkout", "-q", "main"]);
    // Loose objects only: libgit2 reads every blob.
    let packs = repo.root().join(".git/objects/pack");
    let moved = repo.env.path(".git/moved-packs");
    std::fs::rename(&packs, &moved).expect("move packs");
    std::fs::create_dir(&packs).expect("pack dir");
    for entry in std::fs::read_dir(&moved).expect("packs") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|x| x == "pack") {
            git(
                &["unpack-objects", "-q"],
                std::fs::File::open(&path).expect("pack").into(),
            );
        }
    }
    let scan = |threads: &str| {
        let run = repo.run(&["scan", "--history", "--format", "json", "-j", threads]);
        assert_eq!(run.code, 1, "{}", run.all_output());
        run.stdout
    };
    let loose = scan("1");
    assert_eq!(loose, scan("4"), "loose objects: one thread vs four");
    repo.git(&["repack", "-adq", "--depth=50", "--window=50"]);
    repo.git(&["prune-packed"]);
    assert_eq!(loose, scan("1"), "loose vs packed");
    assert_eq!(loose, scan("4"), "loose vs packed, four threads");

    // And the report is the history's.
    let findings: Vec<Value> = serde_json::from_str(&loose).expect("json");
    assert_eq!(findings.len(), 5, "{loose}");
    let t = |path: &str| finding_for(&findings, path)["timeline"].clone();
    assert_eq!(t("deploy/.env")["still_present"], true);
    let moved = finding_for(&findings, "deploy/.env")["locations"].to_string();
    assert!(moved.contains("\"app/.env\""), "{moved}");
    assert_eq!(t("tmp/debug.env")["still_present"], false);
    assert!(t("tmp/debug.env")["removed"]["commit"].is_string());
    assert_eq!(t("scripts/run.sh")["still_present"], true);
    assert_eq!(t("config/local.ini")["still_present"], true);
    assert_eq!(t("side/.env")["still_present"], false);
    assert_eq!(
        t("side/.env")["refs"],
        serde_json::json!(["refs/heads/side"])
    );
}

/// r11: `--state` is a pure cache. A rescan reports byte for byte what a scan
/// without it reports, after new commits, a new branch, a deleted branch, a
/// force-push, changed rules, and with a corrupt, truncated or foreign state; two
/// runs sharing one state leave it whole; no secret is ever written to it.
#[test]
fn r11_state_rescans_report_exactly_what_a_full_scan_reports() {
    let repo = Repo::init();
    let mut keys = Keys::new(1102);
    let (k1, k2, k3, k4) = (
        keys.paperspace(),
        keys.paperspace(),
        keys.paperspace(),
        keys.paperspace(),
    );
    repo.write("app/.env", format!("PAPERSPACE_API_KEY={k1}\n"));
    repo.write("README.md", "# app\n");
    repo.commit("one");
    repo.write("config/prod.env", format!("PAPERSPACE_API_KEY={k2}\n"));
    repo.commit("two");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write("side.env", format!("PAPERSPACE_API_KEY={k3}\n"));
    repo.commit("side");
    repo.git(&["tag", "v1"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.remove("app/.env");
    repo.commit("three");

    let dir = tempfile::tempdir().expect("tempdir");
    let state = dir.path().join("state.json");
    let state_arg = state.display().to_string();
    let check = |what: &str, extra: &[&str]| {
        let mut plain = vec!["scan", "--history", "--format", "json"];
        plain.extend(extra);
        let without = repo.run(&plain);
        let mut with = plain.clone();
        with.extend(["--state", state_arg.as_str()]);
        let cached = repo.run(&with);
        assert_eq!(cached.stdout, without.stdout, "{what}: report differs");
        assert_eq!(
            cached.code, without.code,
            "{what}: exit code differs: {}",
            cached.stderr
        );
        cached
    };
    check("first run", &[]);
    assert!(state.exists());
    let r = check("nothing new", &[]);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    assert!(
        r.stderr.contains("state: 4 commits known, 0 walked"),
        "{}",
        r.stderr
    );
    // Only blobs that matched are read again (the 3 keys' files; README.md is known).
    assert!(
        r.stderr.contains("state: 1 blob known, 3 read"),
        "{}",
        r.stderr
    );
    repo.write("config/prod.env", format!("PAPERSPACE_API_KEY={k4}\n"));
    repo.commit("four");
    let r = check("a new commit", &[]);
    assert!(
        r.stderr.contains("state: 4 commits known, 1 walked"),
        "{}",
        r.stderr
    );
    repo.git(&["checkout", "-q", "-b", "old", "HEAD~3"]);
    repo.write("old.env", format!("PAPERSPACE_API_KEY={k1}\n"));
    repo.commit("old branch");
    repo.git(&["checkout", "-q", "main"]);
    check("a branch from an old commit", &[]);
    repo.git(&["branch", "-D", "side"]);
    repo.git(&["tag", "-d", "v1"]);
    check("a deleted branch and tag", &[]);
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    repo.write("config/prod.env", "PAPERSPACE_API_KEY=\n");
    repo.commit("rewritten");
    repo.git(&["reflog", "expire", "--expire=now", "--all"]);
    check("a force-push", &[]);
    check("a rule turned off", &["--disable", "paperspace.api-key"]);
    let rules = repo.env.write(
        ".git/extra-rules.toml",
        "[[rules]]\nid = \"test.readme\"\nname = \"README marker\"\ndescription = \"d\"\nconfidence = \"low\"\nkeywords = [\"# app\"]\npattern = '''# (app)'''\nmin_entropy = 0.0\nexamples = [\"# app\"]\n",
    );
    let rules_arg = rules.display().to_string();
    check("a rule added", &["--rules", &rules_arg]);

    // No secret reaches the state.
    let bytes = std::fs::read(&state).expect("state");
    for k in [&k1, &k2, &k3, &k4] {
        let k = k.as_bytes();
        assert!(
            !bytes.windows(k.len()).any(|w| w == k),
            "a key in the state"
        );
    }

    // Damaged or foreign states: a warning, a full scan, the same report and exit.
    std::fs::write(&state, "{not json").expect("write");
    let r = check("a corrupt state", &[]);
    assert!(r.stderr.contains("not a leakscan state"), "{}", r.stderr);
    let whole = std::fs::read(&state).expect("state");
    std::fs::write(&state, &whole[..whole.len() / 2]).expect("truncate");
    let r = check("a truncated state", &[]);
    assert!(r.stderr.contains("not a leakscan state"), "{}", r.stderr);
    let other = Repo::init();
    other.write("x.txt", "x\n");
    other.commit("x");
    let foreign = other.run(&[
        "scan",
        "--history",
        "--format",
        "json",
        "--state",
        &state_arg,
    ]);
    assert_eq!(foreign.code, 0, "{}", foreign.stderr);
    let r = check("another repository's state", &[]);
    assert!(r.stderr.contains("another repository"), "{}", r.stderr);

    // Two runs at once on one state: both right, and the state still whole.
    let runs: Vec<std::process::Child> = (0..2)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("leakscan"))
                .current_dir(repo.root())
                .env("XDG_CONFIG_HOME", repo.env.config_home())
                .args([
                    "scan",
                    "--history",
                    "--format",
                    "json",
                    "--state",
                    &state_arg,
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let without = repo.run(&["scan", "--history", "--format", "json"]);
    for child in runs {
        let out = child.wait_with_output().expect("wait");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            without.stdout,
            "concurrent run"
        );
    }
    let r = check("after concurrent runs", &[]);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);

    // In the work tree (outside .git) it would be scanned itself: refused.
    let inside = repo.run(&["scan", "--history", "--state", "cache/state.json"]);
    assert_eq!(inside.code, 2, "{}", inside.stderr);
    assert!(
        inside.stderr.contains("inside the repository's work tree"),
        "{}",
        inside.stderr
    );
    let under_git = repo.run(&[
        "scan",
        "--history",
        "--format",
        "json",
        "--state",
        ".git/leakscan-state.json",
    ]);
    assert_eq!(under_git.stdout, without.stdout);
}
