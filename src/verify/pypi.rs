//! PyPI API tokens (`pypi-AgEIcHlwaS5vcmc…`, macaroons for pypi.org): revoked by a
//! person, never verified.
//!
//! PyPI documents no request that checks a token without uploading a package
//! (<https://docs.pypi.org/api/>: the JSON, index, RSS and stats APIs need no token;
//! the upload API is the only one that reads it), and an upload changes state. So
//! leakscan sends a PyPI token nowhere: its verification is `unsupported`, with a
//! reason that says to treat it as live. Revoke: the owner removes it from the
//! account's API tokens (<https://pypi.org/help/#apitoken>); PyPI also revokes tokens
//! reported to it through GitHub secret scanning.

use super::{Description, Http, ManualAction, Provider, Revoked, Verdict};
use crate::error::Result;
use crate::finding::Secret;
use crate::outcome::{Identity, Status};

/// The page where a user removes an API token.
pub const CONSOLE: &str = "https://pypi.org/manage/account/#api-tokens";

/// PyPI: manual revocation only.
#[derive(Debug, Default)]
pub struct PyPi;

impl Provider for PyPi {
    fn id(&self) -> &'static str {
        "pypi"
    }

    fn verify(&self, _http: &Http, _secret: &Secret) -> Verdict {
        Verdict {
            status: Status::Unsupported,
            http_status: None,
            reason: Some(
                "PyPI has no read-only request that checks a token (only an upload would): treat it as live and remove it"
                    .into(),
            ),
            identity: None,
        }
    }

    fn verifies(&self) -> bool {
        false
    }

    fn revoke(
        &self,
        _http: &Http,
        _secret: &Secret,
        _identity: Option<&Identity>,
    ) -> Result<Revoked> {
        Ok(Revoked::Manual(ManualAction {
            console_url: CONSOLE.into(),
            instructions: "Sign in to pypi.org as the account that created the token, open Account settings → API tokens, find the token by its name, scope and last-used date, and remove it; a project-scoped token is listed under the account that made it, and the project's Security history shows who that is. Then: create a new token scoped to the one project that needs it (or switch the upload to a Trusted Publisher, which needs no token), update the CI secret or ~/.pypirc that held the old one, and check the project's release history for uploads you did not make.".into(),
        }))
    }

    fn revoke_method(&self) -> String {
        format!(
            "manual: revoke in the console ({CONSOLE}); PyPI has no revocation API for this key"
        )
    }

    fn describe(&self) -> Description {
        Description {
            id: "pypi",
            name: "PyPI",
            env: String::new(),
            default_api_url: "",
        }
    }
}
