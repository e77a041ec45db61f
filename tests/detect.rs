//! Issue #9 through the binary: spans (`end_line`/`end_column`, SARIF
//! `endLine`/`endColumn`, `path:line-end_line`), the decode stage (base64, percent,
//! string escapes, joined literals, with `encoding` on the finding) and the
//! Paperspace shapes, with fresh random keys from the test's own generator.

use serde_json::Value;

use crate::common::{Keys, TestEnv};

pub(crate) fn b64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let v = u32::from(chunk[0]) << 16
            | u32::from(*chunk.get(1).unwrap_or(&0)) << 8
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(A[((v >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `(rule, secret, path, line, end_line, column, end_column, encoding)` of every
/// location.
type Hit = (String, String, String, u64, u64, u64, u64, Option<String>);

fn hits(findings: &[Value]) -> Vec<Hit> {
    let mut out = Vec::new();
    for f in findings {
        for l in f["locations"].as_array().unwrap() {
            out.push((
                f["rule_id"].as_str().unwrap().to_string(),
                f["secret"].as_str().unwrap_or_default().to_string(),
                l["path"].as_str().unwrap().to_string(),
                l["line"].as_u64().unwrap(),
                l["end_line"].as_u64().unwrap(),
                l["column"].as_u64().unwrap(),
                l["end_column"].as_u64().unwrap(),
                l["encoding"].as_str().map(str::to_string),
            ));
        }
    }
    out
}

#[test]
fn r9_locations_have_spans_in_json_sarif_and_text() {
    let mut keys = Keys::new(901);
    let key = keys.paperspace();
    let env = TestEnv::new();
    // Columns count characters: `é` is two bytes, one column. The key starts at
    // column 22 (after `é `, 2 characters, and `PAPERSPACE_API_KEY=`, 19) and its
    // last character is at column 51.
    env.write(".env", format!("# settings\né PAPERSPACE_API_KEY={key}\n"));
    let pem_body: String = (0..6).map(|_| keys.alnum(64) + "\n").collect();
    env.write(
        "deploy/id_rsa",
        format!("-----BEGIN RSA PRIVATE KEY-----\n{pem_body}-----END RSA PRIVATE KEY-----\n"),
    );
    let run = env.run(&["scan", "--format", "json", "--show-secrets"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let all = hits(&run.json());
    let ps = all
        .iter()
        .find(|h| h.0 == "paperspace.api-key")
        .expect("paperspace key");
    assert_eq!((ps.3, ps.4, ps.5, ps.6), (2, 2, 22, 51), "{ps:?}");
    let pem = all.iter().find(|h| h.0 == "private-key.pem").expect("pem");
    // BEGIN on line 1, END on line 8, whose last character is column 29.
    assert_eq!((pem.3, pem.4, pem.5, pem.6), (1, 8, 1, 29), "{pem:?}");

    let sarif = env.run(&["scan", "--format", "sarif"]);
    let doc: Value = serde_json::from_str(&sarif.stdout).expect("sarif");
    let regions: Vec<&Value> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["region"])
        .collect();
    // SARIF's endColumn is the column after the region's last character.
    assert!(
        regions
            .iter()
            .any(|r| r["startLine"] == 1 && r["endLine"] == 8 && r["endColumn"] == 30),
        "{regions:?}"
    );
    assert!(
        regions.iter().any(|r| r["startLine"] == 2
            && r["endLine"] == 2
            && r["startColumn"] == 22
            && r["endColumn"] == 52),
        "{regions:?}"
    );

    let text = env.run(&["scan", "--color", "never"]);
    assert!(text.stdout.contains("deploy/id_rsa:1-8"), "{}", text.stdout);
    assert!(text.stdout.contains(".env:2:22"), "{}", text.stdout);
}

#[test]
fn r9_encoded_secrets_are_found_at_the_encoded_text() {
    let mut keys = Keys::new(902);
    let env = TestEnv::new();
    let ps = keys.paperspace();
    let slack = format!(
        "xoxb-{}-{}-{}",
        keys.from(b"0123456789", 12),
        keys.from(b"0123456789", 13),
        keys.alnum(24)
    );
    // Kubernetes Secret data: a Paperspace key under its variable name, base64.
    env.write(
        "k8s/secret.yaml",
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: gpu\ntype: Opaque\ndata:\n  PAPERSPACE_API_KEY: {}\n",
            b64(ps.as_bytes())
        ),
    );
    // Basic auth header whose password is a Slack token.
    env.write(
        "scripts/notify.sh",
        format!(
            "curl -H \"Authorization: Basic {}\" https://hooks.acme.io/x\n",
            b64(format!("bot:{slack}").as_bytes())
        ),
    );
    // A percent-encoded Slack token in a URL query.
    env.write(
        "app/settings.env",
        format!(
            "NOTIFY_URL=https://relay.acme.io/send?token={}\n",
            slack.replace('-', "%2D")
        ),
    );
    // Joined literals.
    let joined_key = keys.paperspace();
    env.write(
        "train.py",
        format!(
            "PAPERSPACE_API_KEY = \"{}\" + \"{}\"\n",
            &joined_key[..12],
            &joined_key[12..]
        ),
    );
    let run = env.run(&["scan", "--format", "json", "--show-secrets"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = run.json();
    let all = hits(&findings);
    let at = |path: &str| {
        all.iter()
            .filter(|h| h.2 == path)
            .cloned()
            .collect::<Vec<Hit>>()
    };
    let k8s = at("k8s/secret.yaml");
    assert!(
        k8s.iter().any(|h| h.0 == "paperspace.api-key"
            && h.1 == ps
            && h.3 == 7
            && h.5 == 23
            && h.7.as_deref() == Some("base64")),
        "{k8s:?}"
    );
    let basic = at("scripts/notify.sh");
    assert!(
        basic
            .iter()
            .any(|h| h.0 == "slack.bot-token" && h.1 == slack && h.7.as_deref() == Some("base64")),
        "{basic:?}"
    );
    let pct = at("app/settings.env");
    assert!(
        pct.iter()
            .any(|h| h.0 == "slack.bot-token" && h.1 == slack && h.7.as_deref() == Some("percent")),
        "{pct:?}"
    );
    let joined = at("train.py");
    assert!(
        joined.iter().any(|h| h.0 == "paperspace.api-key"
            && h.1 == joined_key
            && h.7.as_deref() == Some("concat")),
        "{joined:?}"
    );
    // The finding carries the encoding too.
    assert!(findings
        .iter()
        .any(|f| f["secret"] == ps.as_str() && f["encoding"] == "base64"));
    // Text output names it.
    let text = env.run(&["scan", "--color", "never"]);
    assert!(
        text.stdout.contains("k8s/secret.yaml:7:23 (base64)"),
        "{}",
        text.stdout
    );

    // --decode-depth 0 turns the stage off: none of those is found.
    let off = env.run(&[
        "scan",
        "--format",
        "json",
        "--show-secrets",
        "--decode-depth",
        "0",
    ]);
    let off_hits = hits(&off.json());
    assert!(off_hits.iter().all(|h| h.7.is_none()), "{off_hits:?}");
    assert!(
        !off_hits.iter().any(|h| h.1 == ps || h.1 == joined_key),
        "{off_hits:?}"
    );
    // Out of range is a usage error.
    let bad = env.run(&["scan", "--decode-depth", "9"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("decode_depth"), "{}", bad.stderr);
}

#[test]
fn r9_escaped_pem_in_json_is_one_multiline_secret() {
    let mut keys = Keys::new(903);
    let body: String = (0..8).map(|_| keys.alnum(64) + "\\n").collect();
    let env = TestEnv::new();
    // A service-account-like file without `type: service_account`: only the escape
    // decoding sees the PEM block.
    env.write(
        "creds/app.json",
        format!("{{\n  \"client_email\": \"svc@acme.iam\",\n  \"key\": \"-----BEGIN PRIVATE KEY-----\\n{body}-----END PRIVATE KEY-----\\n\"\n}}\n"),
    );
    let run = env.run(&["scan", "--format", "json", "--show-secrets"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let all = hits(&run.json());
    assert!(
        all.iter()
            .any(|h| h.0 == "private-key.pem" && h.2 == "creds/app.json" && h.3 == 3),
        "{all:?}"
    );
}

#[test]
fn r9_paperspace_keys_in_every_cli_and_syntax() {
    let mut keys = Keys::new(904);
    let env = TestEnv::new();
    let mut expected = Vec::new();
    let mut put = |path: &str, text: &dyn Fn(&str) -> String, keys: &mut Keys| {
        let k = keys.paperspace();
        env.write(path, text(&k));
        expected.push((path.to_string(), k));
    };
    put(
        ".zsh_history",
        &|k| format!(": 1731000000:0;pspace login {k}\n: 1731000010:0;pspace machine list\n"),
        &mut keys,
    );
    put(
        "deploy.sh",
        &|k| format!("pspace deployment up --api-key {k} --config spec.yaml\n"),
        &mut keys,
    );
    put(
        "notes/gradient.txt",
        &|k| format!("gradient apiKey {k}\n"),
        &mut keys,
    );
    put(
        "ci/run.sh",
        &|k| format!("gradient experiments run --apiKey={k} --projectId p1\n"),
        &mut keys,
    );
    put(
        "Makefile",
        &|k| format!("PAPERSPACE_API_KEY ?= {k}\n"),
        &mut keys,
    );
    put(
        "profile.ps1",
        &|k| format!("$env:PAPERSPACE_API_KEY = \"{k}\"\n"),
        &mut keys,
    );
    put(
        "setenv.bat",
        &|k| format!("set PAPERSPACE_API_KEY={k}\n"),
        &mut keys,
    );
    put(
        "config.fish",
        &|k| format!("set -x PAPERSPACE_API_KEY {k}\n"),
        &mut keys,
    );
    put(
        "app.properties",
        &|k| format!("paperspace.apiKey={k}\n"),
        &mut keys,
    );
    put(
        "App.config",
        &|k| {
            format!("<appSettings>\n  <add key=\"Paperspace.ApiKey\" value=\"{k}\" />\n</appSettings>\n")
        },
        &mut keys,
    );
    put(
        "settings.xml",
        &|k| format!("<paperspace>\n  <apiKey>{k}</apiKey>\n</paperspace>\n"),
        &mut keys,
    );
    put(
        "values.yaml",
        &|k| format!("paperspace:\n  apiKey: |\n    {k}\n"),
        &mut keys,
    );
    put(
        "split.js",
        &|k| {
            format!(
                "const paperspaceKey = '{}' +\n  '{}';\n",
                &k[..15],
                &k[15..]
            )
        },
        &mut keys,
    );
    put(
        "b64.env",
        &|k| format!("PAPERSPACE_API_KEY_B64={}\n", b64(k.as_bytes())),
        &mut keys,
    );
    put(
        "far.toml",
        &|k| {
            format!("# Paperspace GPU account\n[gpu]\nregion = \"ny2\"\nmachine = \"A100\"\nteam = \"vision\"\nproject = \"detector\"\nreplicas = 2\napi_key = \"{k}\"\n")
        },
        &mut keys,
    );
    put(
        ".paperspace/credentials.toml",
        &|k| format!("[keys]\nacme-vision = \"{k}\"\n"),
        &mut keys,
    );
    let run = env.run(&["scan", "--format", "json", "--show-secrets"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let all = hits(&run.json());
    let mut missed = Vec::new();
    for (path, key) in &expected {
        if !all
            .iter()
            .any(|h| &h.2 == path && &h.1 == key && h.0.starts_with("paperspace."))
        {
            missed.push(path.clone());
        }
    }
    assert!(missed.is_empty(), "missed: {missed:?}\n{all:#?}");
    // Nothing else: no Paperspace finding that is not one of these keys.
    assert!(
        all.iter()
            .all(|h| !h.0.starts_with("paperspace.") || expected.iter().any(|(_, k)| *k == h.1)),
        "{all:#?}"
    );
}

/// r10: a rule's named parts (Twilio's account SID above the token) widen the
/// match, but the filters judge the secret's own lines: a comment between the parts
/// saying "example" does not drop a real token.
#[test]
fn r10_a_credentials_other_part_does_not_bring_its_neighbours_into_the_filters() {
    let env = TestEnv::new();
    let mut keys = Keys::new(1017);
    let (sid, token) = (format!("AC{}", keys.hex(32)), keys.hex(32));
    env.write(
        "twilio.env",
        format!("TWILIO_ACCOUNT_SID={sid}\n# see the example in docs/twilio.md\nTWILIO_AUTH_TOKEN={token}\n"),
    );
    let run = env.run(&["scan", "--format", "json", "--show-secrets"]);
    let found: Vec<(String, String)> = run
        .json()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or("").to_string(),
                f["secret"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        found.contains(&("twilio.auth-token".to_string(), token.clone())),
        "{found:?}"
    );
}
