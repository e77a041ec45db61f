//! `leakscan install-hook`: a git pre-commit hook that runs `leakscan scan --staged`.
//!
//! Owns the hook script and where it goes (`core.hooksPath` if set, else the
//! repository's `hooks/` directory). An existing hook is never overwritten unless
//! forced, since it may be someone's work.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostics, Error, Result};
use crate::source::git::open;

/// Write the pre-commit hook for the repository at `path`; returns where.
/// `exe` is the leakscan binary to fall back on when `leakscan` is not on PATH.
pub fn install(path: &Path, force: bool, exe: &Path, diag: &Diagnostics) -> Result<PathBuf> {
    let repo = open(path, diag)?;
    let hooks = match repo.config().and_then(|c| c.get_path("core.hooksPath")) {
        Ok(p) if p.is_absolute() => p,
        Ok(p) => repo.workdir().unwrap_or_else(|| repo.path()).join(p),
        Err(_) => repo.path().join("hooks"),
    };
    std::fs::create_dir_all(&hooks).map_err(|e| Error::io(&hooks, e))?;
    let hook = hooks.join("pre-commit");
    if hook.exists() && !force {
        return Err(Error::Usage(format!(
            "{} already exists; leakscan will not overwrite it (use --force, or call `leakscan scan --staged` from it)",
            hook.display()
        )));
    }
    let exe = exe.display().to_string().replace('\'', "'\\''");
    let script = format!(
        "#!/bin/sh\n\
         # Installed by `leakscan install-hook`: blocks commits that add secrets.\n\
         # Skip once with `git commit --no-verify` (and say why in review).\n\
         if command -v leakscan >/dev/null 2>&1; then LEAKSCAN=leakscan; else LEAKSCAN='{exe}'; fi\n\
         exec \"$LEAKSCAN\" scan --staged --quiet\n"
    );
    let mut file = std::fs::File::create(&hook).map_err(|e| Error::io(&hook, e))?;
    file.write_all(script.as_bytes())
        .map_err(|e| Error::io(&hook, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::io(&hook, e))?;
    }
    Ok(hook)
}
