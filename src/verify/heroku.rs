//! Heroku API tokens (`HRKU-`): the account API key and OAuth authorization tokens.
//!
//! Verify: `GET {base}/account` with `Authorization: Bearer KEY` and the required
//! `Accept: application/vnd.heroku+json; version=3` ("Account Info",
//! <https://devcenter.heroku.com/articles/platform-api-reference#account-info>; clients
//! and errors, <https://devcenter.heroku.com/articles/platform-api-reference#clients>):
//! 200 with the account (id, email, name) → live, 401 `unauthorized` → invalid; 403
//! (`forbidden`, `suspended`) → unknown.
//!
//! Revoke: `DELETE /oauth/authorizations/{id}` needs the authorization's id, which is
//! not part of the token; a person revokes the authorization (or regenerates the API
//! key) in the dashboard
//! (<https://devcenter.heroku.com/articles/platform-api-reference#oauth-authorization-delete>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Heroku, as data.
pub const SPEC: Spec = Spec {
    id: "heroku",
    name: "Heroku",
    default_api_url: "https://api.heroku.com",
    docs: "https://devcenter.heroku.com/articles/platform-api-reference#account-info",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/account",
            auth: Auth::Bearer,
            headers: &[("Accept", "application/vnd.heroku+json; version=3")],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/id"),
            (Field::Email, "/email"),
            (Field::User, "/name"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://dashboard.heroku.com/account/applications",
        steps: "Sign in as the account the token belongs to, open Account settings > Applications, and revoke the authorization under Authorizations (match by description and creation date); if the token is the account's API key, use Regenerate API Key on the Account page instead.",
        rotate: "create a new authorization with the narrowest scope that works (`heroku authorizations:create`), update HEROKU_API_KEY in CI and deploy tooling, and check the apps' activity and config vars for changes you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
