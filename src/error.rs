//! The library's error type and the run's diagnostics channel.
//!
//! Owns: [`Error`] (every fallible library call returns it, each variant carrying
//! the context a user needs: the file, the line, the rule id) and [`Diagnostics`],
//! the one place that prints warnings and notes to stderr and remembers whether
//! the run was incomplete. Per-blob problems never abort a scan: they go through
//! [`Diagnostics::warn`], which flips the "errored" flag that becomes exit code 2.

use std::fmt::Display;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

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
    /// A git operation failed.
    #[error("git: {message}")]
    Git {
        /// What leakscan was doing.
        message: String,
        /// The libgit2 error.
        #[source]
        source: git2::Error,
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

    pub(crate) fn git(message: impl Into<String>, source: git2::Error) -> Self {
        Error::Git {
            message: message.into(),
            source,
        }
    }

    /// Whether this is a broken pipe while writing output (e.g. `leakscan … | head`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Warnings and notes of one run, and whether the run was incomplete.
///
/// Shared by `&` across scanning threads; the flag is the only shared mutable state.
#[derive(Debug, Default)]
pub struct Diagnostics {
    errored: AtomicBool,
    warnings: AtomicUsize,
    quiet: bool,
}

impl Diagnostics {
    /// Diagnostics that print to stderr unless `quiet`.
    pub fn new(quiet: bool) -> Self {
        Diagnostics {
            quiet,
            ..Diagnostics::default()
        }
    }

    /// Report a problem that made the scan incomplete; the run goes on.
    pub fn warn(&self, msg: impl Display) {
        self.errored.store(true, Ordering::Relaxed);
        self.warnings.fetch_add(1, Ordering::Relaxed);
        self.emit("warning", &msg);
    }

    /// Tell the user something that does not make the scan incomplete.
    pub fn note(&self, msg: impl Display) {
        if !self.quiet {
            self.emit("note", &msg);
        }
    }

    /// Print a message for the person at the terminal (a plan, a prompt). Not a
    /// warning: it does not make the run incomplete, and `quiet` does not hide it.
    pub fn say(&self, msg: &str) {
        let _ = self;
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(stderr, "{msg}");
    }

    /// Report an error value with its cause chain; the run goes on.
    pub fn warn_error(&self, err: &Error) {
        self.warn(chain(err));
    }

    fn emit(&self, level: &str, msg: &dyn Display) {
        // Warnings are never silenced by `quiet`: a dropped warning would hide an
        // incomplete scan. One locked write per line keeps threads from interleaving.
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
