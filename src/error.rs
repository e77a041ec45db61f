//! The library's error type and the run's diagnostics channel.
//!
//! Owns: [`Error`] (every fallible library call returns it, each variant carrying
//! the context a user needs: the file, the line, the rule id) and [`Diagnostics`],
//! the one place that prints warnings and notes to stderr and remembers whether
//! the run was incomplete. Per-blob problems never abort a scan: they go through
//! [`Diagnostics::warn`], which flips the "errored" flag that becomes exit code 2.
//!
//! Messages carry paths, commit data and provider replies, all of which come from
//! content leakscan does not control, so everything [`Diagnostics`] prints goes
//! through [`crate::report::escape`]: a file name cannot clear the screen or forge a
//! line of output.

use std::collections::HashSet;
use std::fmt::Display;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A configuration file is malformed.
    #[error("{}: {message}", path.display())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong, with line and column where known.
        message: String,
    },
    /// A rule is invalid.
    #[error("{origin}: rule `{id}`: {message}")]
    Rule {
        /// Where the rule came from: `path:line` or `builtin:file`.
        origin: String,
        /// The rule id.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// A git operation failed: what leakscan was doing, and libgit2's message
    /// (without its class and code numbers).
    #[error("git: {message}: {}", cause.message())]
    Git {
        /// What leakscan was doing.
        message: String,
        /// The libgit2 error.
        cause: git2::Error,
    },
    /// A provider API call failed (never includes a credential).
    #[error("{provider}: {message}")]
    Http {
        /// The provider id.
        provider: String,
        /// What went wrong.
        message: String,
    },
    /// An earlier run's audit log cannot be read, so resuming from it could send a
    /// revocation twice.
    #[error("{}: line {line}: {message}; resuming from this audit log could revoke a key twice: repair or move it", path.display())]
    AuditLog {
        /// The audit log.
        path: PathBuf,
        /// The 1-based line that cannot be read.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// `git clone` or `git fetch` of a listed repository failed (`--repos`): git's
    /// message (the URL in it never holds a credential: none is put in one).
    #[error("git {action} failed: {message}")]
    Clone {
        /// `clone` or `fetch`.
        action: &'static str,
        /// What git said (its `fatal:` line).
        message: String,
    },
    /// The provider has no revocation API.
    #[error("{0}: no revocation API")]
    RevokeUnsupported(&'static str),
    /// The command line or configuration asked for something impossible.
    #[error("{0}")]
    Usage(String),
    /// Writing the report failed.
    #[error("writing output")]
    Output(#[source] std::io::Error),
}

/// Shorthand for library results.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn http(provider: &str, message: impl Into<String>) -> Self {
        Error::Http {
            provider: provider.to_string(),
            message: message.into(),
        }
    }

    pub(crate) fn git(message: impl Into<String>, cause: git2::Error) -> Self {
        Error::Git {
            message: message.into(),
            cause,
        }
    }

    /// `--since REV` that does not resolve, as a sentence with the usual cause in
    /// CI (a shallow clone without the base) and its fix.
    pub(crate) fn since(rev: &str, cause: git2::Error) -> Self {
        if cause.code() == git2::ErrorCode::NotFound {
            Error::Usage(format!(
                "--since {rev}: no such commit, branch or tag in this repository. In CI the base is usually missing from a shallow clone: fetch full history (actions/checkout with `fetch-depth: 0`) or the base branch (`git fetch origin <branch>`), then pass it as `origin/<branch>`"
            ))
        } else {
            Error::git(format!("resolving --since {rev}"), cause)
        }
    }

    /// Whether this is a broken pipe while writing output (e.g. `leakscan … | head`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// A question to the person at the terminal (consent to revoke); `true` for yes.
pub type Prompt = Box<dyn Fn(&str) -> bool + Send + Sync>;

/// Warnings and notes of one run, whether the run was incomplete, and the way to
/// ask the person running it a question.
///
/// Shared by `&` across scanning threads; the flag is the only shared mutable state.
/// The library never reads the terminal itself: the binary hands in a [`Prompt`]
/// when there is a person to ask.
#[derive(Default)]
pub struct Diagnostics {
    errored: AtomicBool,
    warnings: AtomicUsize,
    /// Warnings given with [`Diagnostics::warn_once`].
    once: Mutex<HashSet<String>>,
    quiet: bool,
    verbose: bool,
    prompt: Option<Prompt>,
}

impl std::fmt::Debug for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Diagnostics")
            .field("errored", &self.errored)
            .field("quiet", &self.quiet)
            .field("interactive", &self.prompt.is_some())
            .finish_non_exhaustive()
    }
}

impl Diagnostics {
    /// Whether notes are suppressed (`--quiet`).
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// Diagnostics that print to stderr unless `quiet`.
    pub fn new(quiet: bool) -> Self {
        Diagnostics {
            quiet,
            ..Diagnostics::default()
        }
    }

    /// The same, printing how long each phase of a scan took (`-v`).
    #[must_use]
    pub fn with_verbose(mut self, verbose: bool) -> Self {
        self.verbose = verbose;
        self
    }

    /// With `-v`: how long a phase took (`leakscan: timing: walk 1.52 s`).
    pub fn timing(&self, phase: &str, took: std::time::Duration) {
        if self.verbose {
            self.emit(
                "timing",
                &format_args!("{phase} {:.2} s", took.as_secs_f64()),
            );
        }
    }

    /// The same, able to ask the person at the terminal through `prompt`.
    #[must_use]
    pub fn with_prompt(mut self, prompt: Prompt) -> Self {
        self.prompt = Some(prompt);
        self
    }

    /// Ask the person a yes/no question; `None` when there is no one to ask.
    pub fn ask(&self, question: &str) -> Option<bool> {
        self.prompt
            .as_ref()
            .map(|p| p(&crate::report::escape(question)))
    }

    /// Report a problem that made the scan incomplete; the run goes on.
    pub fn warn(&self, msg: impl Display) {
        self.errored.store(true, Ordering::Relaxed);
        self.warnings.fetch_add(1, Ordering::Relaxed);
        self.emit("warning", &msg);
    }

    /// [`Diagnostics::warn`], unless this run already gave the same warning: for a
    /// fault every handle on a repository meets (a corrupt object file).
    pub fn warn_once(&self, msg: String) {
        let first = self
            .once
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(msg.clone());
        if first {
            self.warn(msg);
        } else {
            self.errored.store(true, Ordering::Relaxed);
        }
    }

    /// Warn about something that did not make the scan incomplete (a setting that
    /// was ignored): printed even when `quiet`, but the exit code is unchanged.
    pub fn caution(&self, msg: impl Display) {
        self.warnings.fetch_add(1, Ordering::Relaxed);
        self.emit("warning", &msg);
    }

    /// Tell the user something that does not make the scan incomplete.
    pub fn note(&self, msg: impl Display) {
        if !self.quiet {
            self.emit("note", &msg);
        }
    }

    /// Print a one-line message for the person at the terminal (a prompt, a
    /// decision). Not a warning: it does not make the run incomplete, and `quiet`
    /// does not hide it. Like a warning, it is escaped whole.
    pub fn say(&self, msg: &str) {
        self.say_lines(&[msg]);
    }

    /// Print several lines for the person at the terminal (a plan), as [`say`] does.
    ///
    /// The lines come apart, not joined: once content with a line break in it (a
    /// file name) is joined into one string, no one can tell its line breaks from
    /// ours. Each line is escaped whole; the breaks between them are leakscan's.
    ///
    /// [`say`]: Diagnostics::say
    pub fn say_lines(&self, lines: &[impl AsRef<str>]) {
        let _ = self;
        let mut text = String::new();
        for line in lines {
            text.push_str(&crate::report::escape(line.as_ref()));
            text.push('\n');
        }
        // One locked write, so a plan is not interleaved with another thread's warning.
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(text.as_bytes());
    }

    /// Report an error value with its cause chain; the run goes on.
    pub fn warn_error(&self, err: &Error) {
        self.warn(chain(err));
    }

    fn emit(&self, level: &str, msg: &dyn Display) {
        // Warnings are never silenced by `quiet`: a dropped warning would hide an
        // incomplete scan. One locked write per line keeps threads from interleaving.
        // A warning or note is one line by construction, so a line break in it came
        // from content (a file name) and is escaped like any other control character.
        let msg = msg.to_string();
        let msg = crate::report::escape(&msg);
        let _ = self;
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(stderr, "leakscan: {level}: {msg}");
    }

    /// Whether any warning was reported.
    pub fn errored(&self) -> bool {
        self.errored.load(Ordering::Relaxed)
    }
}

/// An error and its causes, joined by `: `.
pub fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut cur = err.source();
    while let Some(cause) = cur {
        let text = cause.to_string();
        if !out.ends_with(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cur = cause.source();
    }
    out
}
