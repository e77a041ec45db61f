//! Every built-in rule end to end through the binary (issue #8): each example of
//! each rule becomes a file in the context the rule claims (its `example_path` for
//! path-limited rules), the binary finds it there, and then finds a **fresh random
//! token of the same shape** put in its place, generated here without consulting
//! any of leakscan's filters.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{Keys, Run, TestEnv};

/// Fixed parts of token formats, from the providers' documentation, that a
/// character-class shuffle would otherwise destroy (a marker in the middle, a long
/// prefix, a fixed suffix).
const FIXED: &[(&str, &[&str])] = &[
    ("anthropic.admin-key", &["sk-ant-admin01-", "AA"]),
    ("anthropic.api-key", &["sk-ant-api03-", "AA"]),
    ("atlassian.api-token", &["ATATT3"]),
    ("aws.bedrock-long-term-api-key", &["ABSKQmVkcm9ja0FQSUtleS"]),
    (
        "azure.storage-connection-string",
        &["AccountName=", "AccountKey="],
    ),
    ("fcm.legacy-server-key", &["APA91b"]),
    ("jfrog.api-key", &["AKCp8"]),
    (
        "microsoft-teams.webhook-url",
        &["webhookb2", "IncomingWebhook"],
    ),
    ("miro.access-token", &["eyJtaXJvLm9yaWdpbiI6"]),
    ("sumologic.http-source-url", &["endpoint"]),
    ("twitter.bearer-token", &["AAAAAAAAAAAAAAAAAAAAA"]),
    ("gitlab.runner-registration-token", &["GR1348941"]),
    ("openai.api-key", &["T3BlbkFJ"]),
    ("pypi.upload-token", &["pypi-AgEIcHlwaS5vcmc"]),
];

/// Replace the random part of `secret` with fresh random characters: each
/// replaced character is drawn from the characters of its class (digit, lower,
/// upper) that its alphanumeric run already uses, so each part's alphabet stays
/// its own (hex stays hex, base32 stays base32). Kept: `fixed` substrings, the first 4
/// characters of every alphanumeric run (`AKIA`, `xoxb`), runs shorter than 8
/// (`ghp`, `sk_live`, `BEGIN`) and lowercase words (`services`, `webhooks`).
fn reshape(secret: &str, fixed: &[&str], rng: &mut Keys) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let mut free = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let run = &chars[start..i];
        let word = run.iter().all(char::is_ascii_lowercase);
        if run.len() >= 8 && !word {
            for f in &mut free[start + 4..i] {
                *f = true;
            }
        }
        i = i.max(start + 1);
    }
    for f in fixed {
        for (at, _) in secret.match_indices(f) {
            for x in &mut free[at..at + f.len()] {
                *x = false;
            }
        }
    }
    let class = |c: char| {
        if c.is_ascii_digit() {
            0
        } else if c.is_ascii_lowercase() {
            1
        } else {
            2
        }
    };
    // Each alphanumeric run draws from its own characters: a hex part stays hex
    // even next to a base62 part.
    let mut out: Vec<char> = chars.clone();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let mut used: [Vec<u8>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        for k in start..i {
            if free[k] {
                let set = &mut used[class(chars[k])];
                if !set.contains(&(chars[k] as u8)) {
                    set.push(chars[k] as u8);
                }
            }
        }
        for k in start..i {
            if free[k] {
                out[k] = rng
                    .from(&used[class(chars[k])], 1)
                    .chars()
                    .next()
                    .unwrap_or(chars[k]);
            }
        }
        i = i.max(start + 1);
    }
    out.into_iter().collect()
}

/// `path -> (rule id, secret)` of a JSON report with raw secrets.
fn found(run: &Run) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for f in run.json() {
        for l in f["locations"].as_array().into_iter().flatten() {
            out.entry(l["path"].as_str().unwrap_or_default().to_string())
                .or_default()
                .push((
                    f["rule_id"].as_str().unwrap_or_default().to_string(),
                    f["secret"].as_str().unwrap_or_default().to_string(),
                ));
        }
    }
    out
}

#[test]
fn every_builtin_rule_end_to_end_with_fresh_tokens() {
    let list = TestEnv::new().run(&["rules", "list", "--json", "--enable", "generic.password"]);
    let rules: Vec<Value> = serde_json::from_str(&list.stdout).expect("rules list --json");
    assert!(rules.len() >= 300, "{}", rules.len());
    let env = TestEnv::new();
    // (rule, file) for every example.
    let mut files: Vec<(String, String, String)> = Vec::new();
    for r in &rules {
        let id = r["id"].as_str().unwrap().to_string();
        let examples = r["examples"].as_array().unwrap();
        assert!(!examples.is_empty(), "{id} has no example");
        for (n, ex) in examples.iter().enumerate() {
            let name = r["example_path"]
                .as_str()
                .map_or_else(|| "example.txt".to_string(), str::to_string);
            let path = format!("{id}/{n}/{name}");
            env.write(&path, ex.as_str().unwrap());
            files.push((id.clone(), path, ex.as_str().unwrap().to_string()));
        }
    }
    let scan = |env: &TestEnv| {
        env.run(&[
            "scan",
            "--format",
            "json",
            "--show-secrets",
            "--enable",
            "generic.password",
            "-q",
        ])
    };
    let first = found(&scan(&env));
    let mut rng = Keys::new(830);
    let fresh = TestEnv::new();
    let mut expected: Vec<(String, String, String)> = Vec::new();
    for (id, path, example) in &files {
        // Where rules overlap, the most confident match wins, so an example may be
        // reported under a sibling rule (the same secret): that still counts as
        // found; each rule must also win at least one of its own examples (below).
        let secrets = first
            .get(path)
            .unwrap_or_else(|| panic!("{id}: its example at {path} is not found by the binary"));
        let validated = rules
            .iter()
            .any(|r| r["id"] == id.as_str() && !r["validate"].is_null());
        let mut text = example.clone();
        for (rule, s) in secrets {
            // A checksum cannot be generated independently of the product: those
            // rules keep their example token (their checksum has unit tests).
            let fixed = FIXED
                .iter()
                .find(|(r, _)| r == rule)
                .map_or(&[][..], |(_, f)| *f);
            let new = if validated {
                s.clone()
            } else {
                reshape(s, fixed, &mut rng)
            };
            text = text.replace(s.as_str(), &new);
            expected.push((rule.clone(), path.clone(), new));
        }
        fresh.write(path, &text);
    }
    let mut unproven: Vec<&str> = rules
        .iter()
        .filter_map(|r| r["id"].as_str())
        .filter(|id| {
            !first.iter().any(|(p, hits)| {
                p.starts_with(&format!("{id}/")) && hits.iter().any(|(r, _)| r == id)
            })
        })
        .collect();
    unproven.sort_unstable();
    assert!(
        unproven.is_empty(),
        "rules that win none of their own examples: {unproven:?}"
    );
    let rescan = scan(&fresh);
    assert_eq!(rescan.code, 1, "{}", rescan.stderr);
    let second = found(&rescan);
    let mut missed = Vec::new();
    for (id, path, secret) in &expected {
        let hit = second
            .get(path)
            .is_some_and(|v| v.iter().any(|(r, s)| r == id && s == secret));
        if !hit {
            missed.push(format!("{id} at {path}: {:?}", second.get(path)));
        }
    }
    assert!(missed.is_empty(), "fresh tokens not found: {missed:#?}");
}
