//! npm access tokens (`npm_` granular, automation and publish tokens for registry.npmjs.org).
//!
//! Verify: `GET {base}/-/whoami` with `Authorization: Bearer KEY`, the request `npm whoami`
//! makes to find the user behind a token (<https://docs.npmjs.com/cli/commands/npm-whoami>;
//! bearer authentication, <https://github.com/npm/registry/blob/main/docs/user/authentication.md>):
//! 200 `{"username": …}` → live, 401 → invalid.
//!
//! Revoke: "Token Delete", `DELETE {base}/-/npm/v1/tokens/token/KEY` authenticated by the
//! same token as Bearer, 204 on success
//! (<https://github.com/npm/registry/blob/main/docs/user/authentication.md#token-delete>;
//! `npm token revoke` accepts the full token,
//! <https://docs.npmjs.com/cli/commands/npm-token>). npm documents that the registry may
//! keep accepting the token from cache for up to an hour; an account in `auth-and-writes`
//! 2FA mode needs a one-time password for the DELETE, so that revocation fails and must
//! be done on the website.

use super::spec::{Auth, Body, Check, Field, Method, Request, Revoke, Spec};

/// npm, as data.
pub const SPEC: Spec = Spec {
    id: "npm",
    name: "npm",
    default_api_url: "https://registry.npmjs.org",
    docs: "https://github.com/npm/registry/blob/main/docs/user/authentication.md",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/-/whoami",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[(Field::User, "/username")],
        scopes_header: None,
    },
    revoke: Revoke::Api(Request {
        method: Method::Delete,
        path: "/-/npm/v1/tokens/token/{key}",
        auth: Auth::Bearer,
        headers: &[],
        body: Body::Empty,
        ok: &[200, 204],
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
