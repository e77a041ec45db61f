//! Issue #12, org scale: `--repos` (local paths and `file://` clones into a cache),
//! `--shard`, and `leakscan merge`, on real repositories made in temp dirs.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{assert_absent, leakscan, Keys, Repo, Run};

/// `leakscan ARGS` run in `dir`, with no proxy (only loopback is ever contacted).
fn run_in(dir: &Path, args: &[&str]) -> Run {
    Run::new(
        leakscan()
            .current_dir(dir)
            .env_remove("http_proxy")
            .env_remove("https_proxy")
            .env_remove("HTTPS_PROXY")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(args)
            .output()
            .expect("run leakscan"),
    )
}

/// The arguments of a history scan of the repositories in `repos.txt`.
const SCAN_REPOS: [&str; 6] = [
    "scan",
    "--history",
    "--repos",
    "repos.txt",
    "--cache-dir",
    "cache",
];

/// `leakscan scan --history --repos repos.txt --cache-dir cache EXTRA` run in `dir`.
fn scan_repos(dir: &Path, extra: &[&str]) -> Run {
    let mut args = SCAN_REPOS.to_vec();
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

/// A bare copy of `repo` at `dest`, to serve as an origin reached by `file://`.
fn bare_copy(repo: &Repo, dest: &Path) -> String {
    repo.git(&[
        "clone",
        "-q",
        "--bare",
        repo.root().to_str().unwrap_or_default(),
        dest.to_str().unwrap_or_default(),
    ]);
    format!("file://{}", dest.display())
}

/// A repository with `PAPERSPACE_API_KEY=key` in `file`, committed.
fn repo_with(file: &str, keys: &[&str]) -> Repo {
    let repo = Repo::init();
    let body = crate::common::paperspace_env(keys);
    repo.write(file, body);
    repo.commit("add config");
    repo
}

fn finding_with<'a>(findings: &'a [Value], redacted_prefix: &str) -> &'a Value {
    findings
        .iter()
        .find(|f| {
            f["redacted"]
                .as_str()
                .is_some_and(|r| r.starts_with(redacted_prefix))
        })
        .unwrap_or_else(|| panic!("no finding {redacted_prefix}…: {findings:#?}"))
}

#[test]
fn a_secret_in_two_repositories_is_one_finding_with_locations_in_both() {
    let mut keys = Keys::new(1201);
    let (shared, only_a, only_b) = (keys.paperspace(), keys.paperspace(), keys.paperspace());
    let a = repo_with("a.env", &[&shared, &only_a]);
    let b = repo_with("deploy/b.env", &[&shared, &only_b]);
    let work = tempfile::tempdir().unwrap();
    let origin_b = bare_copy(&b, &work.path().join("origin-b.git"));
    let a_path = a.root().display().to_string();
    std::fs::write(
        work.path().join("repos.txt"),
        format!("# the org\n\n{origin_b}\n  {a_path}  \n# end\n"),
    )
    .unwrap();
    let run = scan_repos(work.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = run.json();
    assert_eq!(findings.len(), 3, "{findings:#?}");
    let f = finding_with(&findings, &shared[..3]);
    let locs = f["locations"].as_array().unwrap();
    let places: Vec<(&str, &str)> = locs
        .iter()
        .map(|l| {
            (
                l["repository"].as_str().unwrap_or("<none>"),
                l["path"].as_str().unwrap(),
            )
        })
        .collect();
    // Sorted by repository first.
    let mut sorted = places.clone();
    sorted.sort_unstable();
    assert_eq!(places, sorted);
    assert!(places.contains(&(a_path.as_str(), "a.env")), "{places:?}");
    assert!(
        places.contains(&(origin_b.as_str(), "deploy/b.env")),
        "{places:?}"
    );
    // Its timeline spans both: refs per repository.
    let refs: Vec<&str> = f["timeline"]["refs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        refs.contains(&format!("{a_path}:refs/heads/main").as_str()),
        "{refs:?}"
    );
    assert!(
        refs.contains(&format!("{origin_b}:refs/heads/main").as_str()),
        "{refs:?}"
    );
    assert_eq!(f["timeline"]["still_present"], true);
    // Each repository's own key is there, only in its repository.
    let fb = finding_with(&findings, &only_b[..3]);
    assert_eq!(fb["locations"][0]["repository"], origin_b.as_str());
    assert_eq!(fb["locations"].as_array().unwrap().len(), 1);

    // A baseline applies to every repository: accepting the shared secret once
    // hides it in both.
    let accepted = serde_json::to_string(&vec![f.clone()]).unwrap();
    std::fs::write(work.path().join("baseline.json"), accepted).unwrap();
    let run = scan_repos(
        work.path(),
        &["--format", "json", "--baseline", "baseline.json"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let rest = run.json();
    assert_eq!(rest.len(), 2, "{rest:#?}");
    assert!(rest.iter().all(|g| g["fingerprint"] != f["fingerprint"]));

    // A single-repository scan has no `repository` at all.
    let single = run_in(a.root(), &["scan", "--history", "--format", "json", "."]);
    assert!(
        !single.stdout.contains("\"repository\""),
        "{}",
        single.stdout
    );

    // The text report names the repository of each place.
    let text = scan_repos(work.path(), &[]);
    assert!(
        text.stdout.contains(&format!("{origin_b}:deploy/b.env:")),
        "{}",
        text.stdout
    );
}

#[test]
fn a_repository_that_fails_is_a_warning_and_credentials_never_show() {
    let mut keys = Keys::new(1202);
    let key = keys.paperspace();
    let good = repo_with("app.env", &[&key]);
    let work = tempfile::tempdir().unwrap();
    let token = format!("tok{}", keys.hex(24));
    let env_token = format!("envtok{}", keys.hex(24));
    let missing = format!("file://{}/missing.git", work.path().display());
    std::fs::write(
        work.path().join("repos.txt"),
        format!(
            "{missing}\nhttps://ana:{token}@127.0.0.1:1/acme/api.git\n{}\n",
            good.root().display()
        ),
    )
    .unwrap();
    let run = Run::new(
        leakscan()
            .current_dir(work.path())
            .env_remove("http_proxy")
            .env_remove("https_proxy")
            .env_remove("HTTPS_PROXY")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .env("LEAKSCAN_GIT_TOKEN", &env_token)
            .args(SCAN_REPOS)
            .args(["--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("repository {missing}")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("repository https://127.0.0.1:1/acme/api.git"),
        "{}",
        run.stderr
    );
    // The good repository was scanned.
    let findings = run.json();
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    assert_eq!(
        findings[0]["locations"][0]["repository"],
        good.root().display().to_string()
    );
    for secret in [&token, &env_token, &key] {
        assert_absent(&run.all_output(), secret, "stdout or stderr");
    }
    assert!(!run.all_output().contains("ana:"), "{}", run.all_output());
    // Nor in the cache.
    let cache = work.path().join("cache");
    if cache.exists() {
        for entry in walk(&cache) {
            let bytes = std::fs::read(&entry).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            assert_absent(&text, &token, "the cache");
            assert_absent(&text, &env_token, "the cache");
        }
    }

    // The SARIF and shard reports say nothing of them either.
    for format in ["sarif", "shard", "text"] {
        let run = scan_repos(work.path(), &["--format", format]);
        assert_eq!(run.code, 2);
        assert_absent(&run.all_output(), &token, format);
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_cache_is_fetched_on_the_next_run_and_sees_new_commits() {
    let mut keys = Keys::new(1203);
    let (first, second) = (keys.paperspace(), keys.paperspace());
    let repo = repo_with("one.env", &[&first]);
    let work = tempfile::tempdir().unwrap();
    let origin = bare_copy(&repo, &work.path().join("origin.git"));
    std::fs::write(work.path().join("repos.txt"), format!("{origin}\n")).unwrap();
    let run = scan_repos(work.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{origin}: cloned")),
        "{}",
        run.stderr
    );
    assert_eq!(run.json().len(), 1);
    let cached: Vec<PathBuf> = std::fs::read_dir(work.path().join("cache"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    assert!(
        cached[0].to_string_lossy().ends_with("-origin.git"),
        "{cached:?}"
    );

    // A new commit reaches the origin.
    repo.write("two.env", format!("PAPERSPACE_API_KEY={second}\n"));
    repo.commit("second key");
    let origin_dir = work.path().join("origin.git");
    repo.git(&[
        "push",
        "-q",
        origin_dir.to_str().unwrap_or_default(),
        "main",
    ]);
    let run = scan_repos(work.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{origin}: fetched")),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("cloned"), "{}", run.stderr);
    let findings = run.json();
    assert_eq!(findings.len(), 2, "{findings:#?}");
    finding_with(&findings, &second[..3]);
}

/// Run `scan ARGS --shard I/N --format shard` for each shard, then check that
/// merging the parts gives the unsharded scan's JSON and SARIF byte for byte, in
/// every order, and that merging is associative.
fn check_shards(dir: &Path, args: &[&str], secrets: &[String], by_repository: bool) {
    let scan = |extra: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend_from_slice(extra);
        run_in(dir, &all)
    };
    let whole_json = scan(&["--format", "json"]);
    assert_eq!(whole_json.code, 1, "{}", whole_json.stderr);
    let whole_sarif = scan(&["--format", "sarif"]);
    assert_eq!(
        whole_sarif.stdout.contains("versionControlProvenance"),
        !by_repository,
        "{}",
        whole_sarif.stdout
    );
    let whole_text = scan(&["--format", "text", "--color", "never"]);
    assert!(!whole_json.json().is_empty());
    let out = tempfile::tempdir().unwrap();
    for count in 1..=3u32 {
        let mut parts: Vec<String> = Vec::new();
        let mut found_by_shards = 0;
        for index in 0..count {
            let shard = format!("{index}/{count}");
            let path = out.path().join(format!("{index}-of-{count}.json"));
            let path_s = path.to_str().unwrap().to_string();
            let run = scan(&["--shard", &shard, "--format", "shard", "-o", &path_s]);
            assert!(run.code == 0 || run.code == 1, "{shard}: {}", run.stderr);
            let text = std::fs::read_to_string(&path).unwrap();
            for s in secrets {
                assert_absent(&text, s, "a shard report");
            }
            let doc: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(doc["shard"], shard.as_str());
            assert_eq!(doc["complete"], true);
            found_by_shards += doc["findings"].as_array().unwrap().len();
            parts.push(path_s);
        }
        assert!(
            found_by_shards >= whole_json.json().len(),
            "the shards together miss findings"
        );
        for order in permutations(&parts) {
            let order: Vec<&str> = order.iter().map(String::as_str).collect();
            let merge = |format: &str| {
                let mut a = vec!["merge", "--format", format];
                a.extend_from_slice(&order);
                run_in(dir, &a)
            };
            let json = merge("json");
            assert_eq!(json.code, 1, "{}", json.stderr);
            assert_eq!(json.stdout, whole_json.stdout, "count {count}, {order:?}");
            let sarif = merge("sarif");
            assert_eq!(sarif.stdout, whole_sarif.stdout, "sarif, count {count}");
            let text = run_in(dir, &{
                let mut a = vec!["merge", "--color", "never"];
                a.extend_from_slice(&order);
                a
            });
            assert_eq!(text.stdout, whole_text.stdout, "text, count {count}");
        }
        if count == 3 {
            // merge(merge(a, b), c) == merge(a, b, c), whichever two go first.
            let inner = out.path().join("inner.json");
            for (first, second, last) in [(0, 1, 2), (1, 2, 0), (0, 2, 1)] {
                let run = run_in(
                    dir,
                    &[
                        "merge",
                        "--format",
                        "shard",
                        "-o",
                        inner.to_str().unwrap(),
                        &parts[first],
                        &parts[second],
                    ],
                );
                assert!(run.code <= 1, "{}", run.stderr);
                let run = run_in(
                    dir,
                    &[
                        "merge",
                        "--format",
                        "json",
                        inner.to_str().unwrap(),
                        &parts[last],
                    ],
                );
                assert_eq!(run.stdout, whole_json.stdout, "associativity");
            }
            // A JSON report merges too (as complete): alone, it is written back as
            // it was; beside a shard of other repositories, as the whole. (A JSON
            // report has no place in its history for a timeline: blob shards of
            // one history merge exactly only in the shard format.)
            let json_part = out.path().join("whole.json");
            std::fs::write(&json_part, &whole_json.stdout).unwrap();
            let run = run_in(
                dir,
                &["merge", "--format", "json", json_part.to_str().unwrap()],
            );
            assert_eq!(run.stdout, whole_json.stdout, "json alone");
            let jsonl = scan(&["--format", "jsonl"]);
            let lines_file = out.path().join("whole.jsonl");
            std::fs::write(&lines_file, &jsonl.stdout).unwrap();
            let run = run_in(
                dir,
                &["merge", "--format", "json", lines_file.to_str().unwrap()],
            );
            assert_eq!(run.stdout, whole_json.stdout, "jsonl alone");
            if !by_repository {
                continue;
            }
            let run = run_in(
                dir,
                &[
                    "merge",
                    "--format",
                    "json",
                    json_part.to_str().unwrap(),
                    &parts[1],
                ],
            );
            assert_eq!(run.stdout, whole_json.stdout, "json + shard");
        }
    }
}

fn permutations(items: &[String]) -> Vec<Vec<String>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first.clone());
            out.push(p);
        }
    }
    out
}

#[test]
fn repository_shards_merge_to_the_whole_scan() {
    let mut keys = Keys::new(1204);
    let shared = keys.paperspace();
    let work = tempfile::tempdir().unwrap();
    let mut list = String::new();
    let mut secrets = vec![shared.clone()];
    let mut repos = Vec::new();
    for i in 0..6 {
        let own = keys.paperspace();
        let file = if i % 2 == 0 {
            format!("svc{i}/.env")
        } else {
            "config.env".to_string()
        };
        let repo = if i % 2 == 0 {
            repo_with(&file, &[&shared, &own])
        } else {
            repo_with(&file, &[&own])
        };
        // Removed later in some, so timelines differ.
        if i % 3 == 0 {
            repo.write("other.env", "PAPERSPACE_API_KEY=$FROM_ENV\n");
            repo.remove(&file);
            repo.commit("remove");
        }
        let line = if i < 3 {
            bare_copy(&repo, &work.path().join(format!("origin{i}.git")))
        } else {
            repo.root().display().to_string()
        };
        list.push_str(&line);
        list.push('\n');
        secrets.push(own);
        repos.push(repo);
    }
    std::fs::write(work.path().join("repos.txt"), list).unwrap();
    check_shards(work.path(), &SCAN_REPOS, &secrets, true);
}

#[test]
fn blob_shards_of_one_history_merge_to_the_whole_scan() {
    let mut keys = Keys::new(1205);
    let repo = Repo::init();
    let mut secrets = Vec::new();
    for i in 0..8 {
        let k = keys.paperspace();
        repo.write(
            &format!("f{}.env", i % 3),
            format!("PAPERSPACE_API_KEY={k}\nN={i}\n"),
        );
        repo.commit(&format!("c{i}"));
        secrets.push(k);
    }
    // One key in many blobs (its file keeps changing around it).
    let kept = keys.paperspace();
    // Author dates running backwards (a rebase, a skewed clock): graph order, not
    // date, decides where it was introduced, in shards as in the whole scan.
    for i in 0..5 {
        repo.write("kept.env", format!("PAPERSPACE_API_KEY={kept}\nV={i}\n"));
        repo.git(&["add", "-A"]);
        let date = format!("@{} +0000", 1_800_000_000 - i * 1000);
        repo.git(&["commit", "-q", "-m", &format!("kept {i}"), "--date", &date]);
    }
    repo.remove("kept.env");
    repo.commit("drop kept");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write("side.env", format!("PAPERSPACE_API_KEY={kept}\n"));
    repo.commit("side");
    repo.git(&["checkout", "-q", "main"]);
    // An origin, so that SARIF names the repository (and merge must too).
    repo.git(&[
        "remote",
        "add",
        "origin",
        "https://example.com/acme/app.git",
    ]);
    // An uncommitted key in the work tree (read by shard 0 only).
    let loose = keys.paperspace();
    repo.write("local.env", format!("PAPERSPACE_API_KEY={loose}\n"));
    secrets.extend([kept, loose]);
    check_shards(repo.root(), &["scan", "--history", "."], &secrets, false);
}

#[test]
fn shard_and_merge_errors_are_clear() {
    let repo = repo_with("a.env", &[&Keys::new(1206).paperspace()]);
    for (bad, says) in [
        ("3/3", "INDEX must be less than COUNT"),
        ("0/0", "COUNT must be at least 1"),
        ("x", "expected INDEX/COUNT"),
    ] {
        let run = run_in(repo.root(), &["scan", "--history", "--shard", bad, "."]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains(says), "{bad}: {}", run.stderr);
    }
    let run = run_in(repo.root(), &["scan", "--shard", "0/2", "."]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--shard splits"), "{}", run.stderr);

    // An unreadable or foreign input is named, and the merge is incomplete.
    let out = tempfile::tempdir().unwrap();
    let part = out.path().join("part.json");
    let run = run_in(
        repo.root(),
        &[
            "scan",
            "--history",
            "--shard",
            "0/1",
            "--format",
            "shard",
            "-o",
            part.to_str().unwrap(),
            ".",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let junk = out.path().join("junk.json");
    std::fs::write(&junk, "{\"hello\": 1}\n").unwrap();
    let missing = out.path().join("missing.json");
    let run = run_in(
        repo.root(),
        &[
            "merge",
            "--format",
            "json",
            part.to_str().unwrap(),
            junk.to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&junk.display().to_string()),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&missing.display().to_string()),
        "{}",
        run.stderr
    );
    assert_eq!(run.json().len(), 1);

    // An incomplete shard makes the merge incomplete.
    let text = std::fs::read_to_string(&part).unwrap();
    std::fs::write(
        &part,
        text.replace("\"complete\": true", "\"complete\": false"),
    )
    .unwrap();
    let run = run_in(
        repo.root(),
        &["merge", "--format", "json", part.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("incomplete"), "{}", run.stderr);
}

/// `--github-org` and `--gitlab-group` against the local emulation of both APIs
/// serving `file://` clone URLs: every page listed, private repositories only with
/// a token, archived repositories and forks skipped unless asked, each location
/// named as the API names the repository, the token in no output.
#[test]
fn an_organisation_from_the_api_is_scanned_as_one() {
    use crate::common::forge::{EmuRepo, Forge};
    const TOKEN: &str = "glpat-orgScanTestToken0123456789ab";
    let mut keys = Keys::new(1207);
    let (shared, private_only, archived_only) =
        (keys.paperspace(), keys.paperspace(), keys.paperspace());
    let work = tempfile::tempdir().unwrap();
    let mut listed = Vec::new();
    for (name, file, secrets, private, archived, fork) in [
        (
            "acme/api",
            "api.env",
            vec![shared.clone()],
            false,
            false,
            false,
        ),
        (
            "acme/web",
            "web.env",
            vec![shared.clone()],
            false,
            false,
            false,
        ),
        (
            "acme/infra",
            "infra.env",
            vec![private_only.clone()],
            true,
            false,
            false,
        ),
        (
            "acme/old",
            "old.env",
            vec![archived_only.clone()],
            false,
            true,
            false,
        ),
        (
            "acme/fork",
            "fork.env",
            vec![shared.clone()],
            false,
            false,
            true,
        ),
    ] {
        let keys: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let repo = repo_with(file, &keys);
        let url = bare_copy(
            &repo,
            &work.path().join(format!("{}.git", name.replace('/', "-"))),
        );
        let mut r = EmuRepo::new(name, &url);
        r.private = private;
        r.archived = archived;
        r.fork = fork;
        listed.push(r);
    }
    let forge = Forge::start(listed, Some(TOKEN));
    let scan = |flag: &str, token: Option<&str>, extra: &[&str]| {
        let mut cmd = leakscan();
        cmd.current_dir(work.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LEAKSCAN_GITHUB_API_URL", forge.github_api())
            .env("LEAKSCAN_GITLAB_URL", forge.gitlab())
            .env_remove("GITHUB_TOKEN")
            .env_remove("GH_TOKEN")
            .env_remove("GITLAB_TOKEN");
        if let Some(t) = token {
            cmd.env("GITHUB_TOKEN", t).env("GITLAB_TOKEN", t);
        }
        cmd.args([
            "scan",
            "--history",
            flag,
            "acme",
            "--cache-dir",
            "cache",
            "--format",
            "json",
        ])
        .args(extra);
        Run::new(cmd.output().expect("run leakscan"))
    };
    for flag in ["--github-org", "--gitlab-group"] {
        // Without a token: the public, active, original repositories only.
        let run = scan(flag, None, &[]);
        assert_eq!(run.code, 1, "{flag}: {}", run.stderr);
        let findings = run.json();
        assert_eq!(findings.len(), 1, "{flag}: {findings:#?}");
        let repos: Vec<&str> = findings[0]["locations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["repository"].as_str().unwrap())
            .collect();
        assert_eq!(repos, ["acme/api", "acme/web"], "{flag}");
        // With the token, the private one too; asked, archived ones and forks.
        let run = scan(
            flag,
            Some(TOKEN),
            &["--include-archived", "--include-forks"],
        );
        assert_eq!(run.code, 1, "{flag}: {}", run.stderr);
        let findings = run.json();
        assert_eq!(findings.len(), 3, "{flag}: {findings:#?}");
        let all: Vec<&str> = findings
            .iter()
            .flat_map(|f| f["locations"].as_array().unwrap().iter())
            .map(|l| l["repository"].as_str().unwrap())
            .collect();
        for name in [
            "acme/api",
            "acme/web",
            "acme/infra",
            "acme/old",
            "acme/fork",
        ] {
            assert!(all.contains(&name), "{flag}: {name} missing from {all:?}");
        }
        assert!(
            run.stderr.contains("5 repositories listed"),
            "{}",
            run.stderr
        );
        assert!(!run.all_output().contains(TOKEN));
        for secret in [&shared, &private_only, &archived_only] {
            assert_absent(&run.all_output(), secret, "the report or stderr");
        }
    }
    // A second sweep fetches into the same cache instead of cloning.
    let again = scan("--github-org", None, &[]);
    assert!(
        again.stderr.contains("acme/api: fetched"),
        "{}",
        again.stderr
    );
    // A refused token: a clear error naming the organisation, exit 2, no token.
    let refused = scan("--github-org", Some("wrong-token-value-xyz"), &[]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("GitHub organisation acme") && refused.stderr.contains("401"),
        "{}",
        refused.stderr
    );
    assert!(!refused.all_output().contains("wrong-token-value-xyz"));
}
