//! The append-only audit log of a revocation run.
//!
//! One JSON event per line, synced to disk as it happens, never a raw key or an
//! Authorization header; and the resume set: the fingerprints whose revocation an
//! earlier run's log records as sent, which are never sent again.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use serde_json::json;

use crate::error::{Error, Result};
use crate::verify;

/// The append-only audit log.
pub(super) struct Audit {
    file: Option<Mutex<File>>,
    pub(super) run_id: String,
}

impl Audit {
    pub(super) fn open(path: Option<&Path>) -> Result<(Audit, HashSet<String>)> {
        let run_id = run_id();
        let Some(path) = path else {
            return Ok((Audit { file: None, run_id }, HashSet::new()));
        };
        let earlier = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(Error::io(path, e)),
        };
        let attempted = attempted_revocations(path, &earlier)?;
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        if earlier.last().is_some_and(|&b| b != b'\n') {
            // A torn last line: this run's events start on a line of their own.
            file.write_all(b"\n").map_err(|e| Error::io(path, e))?;
        }
        Ok((
            Audit {
                file: Some(Mutex::new(file)),
                run_id,
            },
            attempted,
        ))
    }

    /// Write one event as one line, in one write, then flush to disk.
    pub(super) fn event(&self, event: &str, fields: serde_json::Value) -> Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let mut obj = json!({ "ts": verify::now(), "run_id": self.run_id, "event": event });
        if let (Some(o), serde_json::Value::Object(extra)) = (obj.as_object_mut(), fields) {
            o.extend(extra);
        }
        let mut line = obj.to_string();
        line.push('\n');
        let mut f = file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f.write_all(line.as_bytes())
            .and_then(|()| f.sync_data())
            .map_err(|e| Error::Output(std::io::Error::new(e.kind(), format!("audit log: {e}"))))
    }
}

/// The fingerprints whose revocation an earlier run's audit log records as sent.
///
/// Every line must be a JSON event: one that cannot be read is an error naming it,
/// since skipping it could hide a `revoke_attempt` and send a key twice. The one
/// exception is a line torn by a killed run: the log's last line, or one followed by
/// the next run's `run_start` (on the next line, or glued onto the torn line by an
/// older leakscan that did not start a new line).
fn attempted_revocations(path: &Path, log: &[u8]) -> Result<HashSet<String>> {
    let parse = |line: &[u8]| serde_json::from_slice::<serde_json::Value>(line);
    let starts_run = |line: &[u8]| parse(line).is_ok_and(|e| e["event"] == "run_start");
    let lines: Vec<&[u8]> = log.split(|&b| b == b'\n').collect();
    let mut attempted = HashSet::new();
    for (i, line) in lines.iter().enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let event = match parse(line) {
            Ok(event) => event,
            Err(e) => {
                let glued = memchr::memmem::rfind(line, b"{\"ts\":")
                    .filter(|&at| at > 0 && starts_run(&line[at..]));
                let next = lines[i + 1..]
                    .iter()
                    .find(|l| !l.iter().all(u8::is_ascii_whitespace));
                if glued.is_some() || next.is_none_or(|n| starts_run(n)) {
                    continue; // torn by a killed run: it recorded no decision
                }
                let message = match std::str::from_utf8(line) {
                    Err(_) => "not UTF-8".to_string(),
                    Ok(_) => format!("not a JSON event ({e})"),
                };
                return Err(Error::AuditLog {
                    path: path.to_path_buf(),
                    line: i + 1,
                    message,
                });
            }
        };
        if event["event"] == "revoke_attempt" {
            if let Some(fp) = event["fingerprint"].as_str() {
                attempted.insert(fp.to_string());
            }
        }
    }
    Ok(attempted)
}

pub(super) fn run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let seed = format!("{nanos}:{}", std::process::id());
    crate::finding::Fingerprint::new("run", &crate::finding::Secret::new(seed.into_bytes()))
        .as_str()[..16]
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: &str = r#"{"ts":"t","run_id":"r","event":"run_start"}"#;
    const ATTEMPT: &str = r#"{"ts":"t","run_id":"r","event":"revoke_attempt","fingerprint":"f1"}"#;

    fn read(log: &str) -> Result<HashSet<String>> {
        attempted_revocations(Path::new("audit.jsonl"), log.as_bytes())
    }

    #[test]
    fn torn_lines_from_killed_runs_are_tolerated() {
        let torn = r#"{"ts":"t","run_id":"r","ev"#;
        for log in [
            format!("{START}\n{ATTEMPT}\n{torn}"),
            format!("{START}\n{ATTEMPT}\n{torn}\n{START}\n"),
            format!("{START}\n{ATTEMPT}\n{torn}{START}\n"),
        ] {
            assert_eq!(
                read(&log).unwrap(),
                HashSet::from(["f1".to_string()]),
                "{log}"
            );
        }
    }

    #[test]
    fn a_bad_line_in_the_middle_is_an_error_naming_it() {
        let err = read(&format!("{START}\nnot json\n{ATTEMPT}\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("audit.jsonl: line 2: not a JSON event"),
            "{err}"
        );
        let log = [
            START.as_bytes(),
            b"\n{\"x\":\"\xff\"}\n",
            ATTEMPT.as_bytes(),
        ]
        .concat();
        let err = attempted_revocations(Path::new("a"), &log)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("a: line 2: not UTF-8"), "{err}");
    }
}
