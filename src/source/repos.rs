//! `--repos FILE`: the list of repositories, and local copies of those given by URL.
//!
//! Owns reading the list (one repository a line: a local path, or a clone URL
//! `https://…`, `ssh://…`, `git@host:path`, `file://…`; blank lines and `#`
//! comments ignored), the name each is reported under (as listed, credentials
//! stripped), and the cache of bare clones (`--cache-dir`, default
//! `$XDG_CACHE_HOME/leakscan/repos`): one directory per URL, named by a hash of
//! the URL and a readable tail, cloned the first time and fetched after.
//!
//! Cloning and fetching run `git` (any transport git has: https, ssh, file), with
//! `GIT_TERMINAL_PROMPT=0` and only the file, https and ssh protocols allowed.
//! Credentials come only from the environment: with `LEAKSCAN_GIT_TOKEN` set, a
//! credential helper given on git's command line answers https requests with it
//! (user `LEAKSCAN_GIT_USER`, default `x-access-token`); the helper reads the
//! variable when git asks, so the token is in no URL, argument, config file or
//! message. A user name and password written in a listed URL are never used or
//! shown. Scanning is `scan`'s and `org`'s.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use crate::error::{Diagnostics, Error, Result};

/// One repository of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// As listed, credentials stripped: the `repository` of its locations.
    pub name: String,
    /// Its line in the list, for messages.
    pub line: usize,
    /// Where it is.
    pub place: Place,
}

/// Where a listed repository is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A path on this machine, scanned where it is.
    Local(PathBuf),
    /// A URL to clone (or fetch) into the cache; without a password, and without a
    /// user name except for ssh, where it is the login.
    Url(String),
}

/// The repositories listed in `path`, in list order; a repository listed twice
/// (by the same name) is scanned once.
pub fn load(path: &Path, diag: &Diagnostics) -> Result<Vec<Listed>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let base = path.parent().unwrap_or(Path::new(""));
    let mut out: Vec<Listed> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let entry = raw.trim();
        if entry.is_empty() || entry.starts_with('#') {
            continue;
        }
        let line = i + 1;
        if entry.starts_with('-') {
            // git would read it as an option.
            return Err(Error::Usage(format!(
                "{}:{line}: `{}`: a repository cannot start with `-`",
                path.display(),
                crate::report::escape(entry)
            )));
        }
        let listed = if let Some((name, url, had_credentials)) = parse_url(entry) {
            if had_credentials {
                diag.note(format_args!(
                    "{}:{line}: {}: the user name and password in the URL are not used (credentials come from LEAKSCAN_GIT_TOKEN)",
                    path.display(),
                    crate::report::escape(&name)
                ));
            }
            Listed {
                name,
                line,
                place: Place::Url(url),
            }
        } else {
            // Relative paths are relative to the list, not to where leakscan runs.
            let p = Path::new(entry);
            let local = if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            };
            Listed {
                name: entry.to_string(),
                line,
                place: Place::Local(local),
            }
        };
        if !out.iter().any(|l| l.name == listed.name) {
            out.push(listed);
        }
    }
    Ok(out)
}

/// A repository named `name` by a forge's API, cloned from `url`: `None` unless the
/// URL is one a list could hold (https, ssh, file or scp-like; never starting with
/// `-`). Credentials in it are dropped, as in a list.
pub fn from_url(name: &str, url: &str) -> Option<Listed> {
    if url.starts_with('-') || name.starts_with('-') {
        return None;
    }
    let (_, url, _) = parse_url(url)?;
    Some(Listed {
        name: name.to_string(),
        line: 0,
        place: Place::Url(url),
    })
}

/// A clone URL: (name to report, URL to fetch, whether credentials were dropped);
/// `None` for anything else (a local path).
fn parse_url(entry: &str) -> Option<(String, String, bool)> {
    const SCHEMES: [&str; 3] = ["https://", "ssh://", "file://"];
    if let Some(scheme) = SCHEMES.iter().find(|s| starts_with_ignore_case(entry, s)) {
        let rest = &entry[scheme.len()..];
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let (user, host) = match authority.rfind('@') {
            Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
            None => (None, authority),
        };
        let name = format!("{scheme}{host}{tail}");
        let login = user.map(|u| u.split_once(':').map_or(u, |(name, _)| name));
        let url = match login {
            Some(login) if *scheme == "ssh://" && !login.is_empty() => {
                format!("{scheme}{login}@{host}{tail}")
            }
            _ => name.clone(),
        };
        return Some((
            name,
            url,
            user.is_some_and(|u| u.contains(':') || *scheme != "ssh://"),
        ));
    }
    // scp-like `user@host:path`: no `/` before the `:`, and a user.
    let colon = entry.find(':')?;
    let (before, path) = (&entry[..colon], &entry[colon + 1..]);
    let (user, host) = before.rsplit_once('@')?;
    if host.is_empty() || before.contains('/') || path.is_empty() {
        return None;
    }
    let (login, had_password) = user
        .split_once(':')
        .map_or((user, false), |(name, _)| (name, true));
    let url = format!("{login}@{host}:{path}");
    Some((url.clone(), url, had_password))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// The default cache of clones: `$XDG_CACHE_HOME/leakscan/repos`, else
/// `~/.cache/leakscan/repos` (`%LOCALAPPDATA%` on Windows).
pub fn default_cache_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let base = var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .or_else(|| var("LOCALAPPDATA").map(PathBuf::from))?;
    Some(base.join("leakscan").join("repos"))
}

/// The cache directory of the repository named `name`: 16 hex digits of the
/// SHA-256 of the name, then its last path segment (letters, digits, `-`, `_`,
/// `.` only, at most 40), so that a listing of the cache is readable. Only the
/// hash decides: the tail can never lead outside the cache.
pub fn cache_path(cache: &Path, name: &str) -> PathBuf {
    let digest = Sha256::digest(name.as_bytes());
    let last = name
        .trim_end_matches('/')
        .rsplit(['/', ':'])
        .next()
        .unwrap_or("");
    let last = last.strip_suffix(".git").unwrap_or(last);
    let tail: String = last
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(40)
        .collect::<String>()
        .trim_start_matches('.')
        .to_string();
    let hash = crate::finding::hex(&digest[..8]);
    if tail.is_empty() {
        cache.join(format!("{hash}.git"))
    } else {
        cache.join(format!("{hash}-{tail}.git"))
    }
}

/// What [`materialise`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fetched {
    /// A local path: nothing.
    Local,
    /// Cloned into the cache.
    Cloned,
    /// Already cached: fetched.
    Fetched,
}

/// A local repository for `listed`: its path, or its bare clone in `cache`, cloned
/// or brought up to date (every branch and tag, pruned).
pub fn materialise(listed: &Listed, cache: &Path) -> Result<(PathBuf, Fetched)> {
    let url = match &listed.place {
        Place::Local(path) => {
            if !path.exists() {
                return Err(Error::io(
                    path,
                    std::io::Error::new(std::io::ErrorKind::NotFound, "no such repository"),
                ));
            }
            return Ok((path.clone(), Fetched::Local));
        }
        Place::Url(url) => url,
    };
    std::fs::create_dir_all(cache).map_err(|e| Error::io(cache, e))?;
    let dir = cache_path(cache, &listed.name);
    if dir.join("HEAD").is_file() {
        let mut cmd = git();
        cmd.arg("--git-dir")
            .arg(&dir)
            .args([
                "fetch",
                "--quiet",
                "--prune",
                "--force",
                "--no-write-fetch-head",
                "--",
            ])
            .arg(url)
            .args(["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"]);
        run(cmd, "fetch")?;
        return Ok((dir, Fetched::Fetched));
    }
    // Cloned beside its place and renamed into it: an interrupted clone never looks
    // like a cached one.
    let partial = tempfile::Builder::new()
        .prefix(".partial-")
        .tempdir_in(cache)
        .map_err(|e| Error::io(cache, e))?;
    let target = partial.path().join("repo.git");
    let mut cmd = git();
    cmd.args(["clone", "--bare", "--quiet", "--"])
        .arg(url)
        .arg(&target);
    run(cmd, "clone")?;
    std::fs::rename(&target, &dir).map_err(|e| Error::io(&dir, e))?;
    Ok((dir, Fetched::Cloned))
}

/// `git` with no prompt, only file/https/ssh, no configured credential helper,
/// and, when `LEAKSCAN_GIT_TOKEN` is set, a helper that answers with it.
fn git() -> Command {
    git_with(std::env::var_os("LEAKSCAN_GIT_TOKEN").is_some_and(|t| !t.is_empty()))
}

fn git_with(token: bool) -> Command {
    let mut cmd = Command::new("git");
    cmd.env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_ALLOW_PROTOCOL", "file:https:ssh")
        .env_remove("GIT_ASKPASS")
        .env_remove("SSH_ASKPASS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .args(["-c", "credential.helper="])
        // A redirect could carry the credential to another host: none is followed.
        .args(["-c", "http.followRedirects=false"]);
    if token {
        // The shell expands the variables when git runs the helper: the token
        // itself never appears on a command line.
        cmd.args([
            "-c",
            "credential.helper=!f() { test \"$1\" = get || exit 0; echo \"username=${LEAKSCAN_GIT_USER:-x-access-token}\"; echo \"password=$LEAKSCAN_GIT_TOKEN\"; }; f",
        ]);
    }
    cmd
}

fn run(mut cmd: Command, action: &'static str) -> Result<()> {
    let out = cmd.output().map_err(|e| Error::Clone {
        action,
        message: format!("cannot run git: {e}"),
    })?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut lines = stderr.lines().map(str::trim).filter(|l| !l.is_empty());
    let said = lines
        .clone()
        .find(|l| l.starts_with("fatal:"))
        .or_else(|| lines.next_back())
        .unwrap_or("no message");
    Err(Error::Clone {
        action,
        message: said.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_credentials() {
        let p = |s: &str| parse_url(s).unwrap();
        assert_eq!(
            p("https://bob:tok3n@example.com/acme/api.git"),
            (
                "https://example.com/acme/api.git".into(),
                "https://example.com/acme/api.git".into(),
                true
            )
        );
        assert_eq!(
            p("ssh://git:pw@example.com/acme/api.git"),
            (
                "ssh://example.com/acme/api.git".into(),
                "ssh://git@example.com/acme/api.git".into(),
                true
            )
        );
        assert_eq!(
            p("git@example.com:acme/api.git").1,
            "git@example.com:acme/api.git"
        );
        assert_eq!(p("file:///srv/git/api.git").0, "file:///srv/git/api.git");
        assert_eq!(parse_url("/srv/git/api"), None);
        assert_eq!(parse_url("./a:b"), None);
        assert_eq!(parse_url("repos/api"), None);
    }

    #[test]
    fn the_credential_helper_answers_with_the_token_from_the_environment() {
        use std::io::Write as _;
        let mut cmd = git_with(true);
        cmd.env("LEAKSCAN_GIT_TOKEN", "t0ken-from-env")
            .env("LEAKSCAN_GIT_USER", "bot")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(["credential", "fill"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"protocol=https\nhost=example.com\n\n")
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        assert!(text.contains("username=bot\n"), "{text}");
        assert!(text.contains("password=t0ken-from-env\n"), "{text}");
        // Not on git's command line: the helper reads the variable itself.
        let args: Vec<String> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert!(!args.iter().any(|a| a.contains("t0ken")), "{args:?}");
    }

    #[test]
    fn cache_paths_stay_in_the_cache() {
        let c = Path::new("/cache");
        let a = cache_path(c, "https://example.com/acme/api.git");
        assert!(a.starts_with(c) && a.to_string_lossy().ends_with("-api.git"));
        assert_ne!(a, cache_path(c, "https://example.com/other/api.git"));
        let odd = cache_path(c, "file:///x/../../..");
        assert_eq!(odd.parent(), Some(c));
    }
}
