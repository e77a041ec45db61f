//! Dropbox OAuth access tokens (short-lived `sl.…`, `sl.u.…`).
//!
//! Verify: `POST {base}/users/get_current_account` with `Authorization: Bearer TOKEN`
//! and no body (an RPC endpoint without parameters; "get_current_account",
//! <https://www.dropbox.com/developers/documentation/http/documentation#users-get_current_account>):
//! 200 → live, with the account and, for team members, the team; 401
//! (`invalid_access_token`, `expired_access_token`) → invalid. The call needs the
//! `account_info.read` scope, which every Dropbox app holds. Revoke:
//! `POST {base}/auth/token/revoke` with the token as Bearer and no body ("Disables the
//! access token used to authenticate the call", and the refresh token behind it,
//! <https://www.dropbox.com/developers/documentation/http/documentation#auth-token-revoke>):
//! 200 → revoked.

use super::spec::{Auth, Body, Check, Field, Method, Request, Revoke, Spec};

/// Dropbox, as data.
pub const SPEC: Spec = Spec {
    id: "dropbox",
    name: "Dropbox",
    default_api_url: "https://api.dropboxapi.com/2",
    docs: "https://www.dropbox.com/developers/documentation/http/documentation",
    check: Check {
        request: Request {
            method: Method::Post,
            path: "/users/get_current_account",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/account_id"),
            (Field::User, "/name/display_name"),
            (Field::Email, "/email"),
            (Field::TeamId, "/team/id"),
            (Field::Team, "/team/name"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Api(Request {
        method: Method::Post,
        path: "/auth/token/revoke",
        auth: Auth::Bearer,
        headers: &[],
        body: Body::Empty,
        ok: &[200],
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
