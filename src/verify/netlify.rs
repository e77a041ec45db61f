//! Netlify personal access tokens (`NETLIFY_AUTH_TOKEN`, `netlify --auth`).
//!
//! Verify: `GET {base}/user` with `Authorization: Bearer KEY` ("getCurrentUser",
//! <https://open-api.netlify.com/#tag/user/operation/getCurrentUser>; authentication,
//! <https://docs.netlify.com/api/get-started/#authentication>): 200 with the user (id,
//! full_name, email) → live, 401 → invalid.
//!
//! Revoke: the API has no endpoint for a token to revoke itself; a person deletes it
//! under User settings > Applications > Personal access tokens.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Netlify, as data.
pub const SPEC: Spec = Spec {
    id: "netlify",
    name: "Netlify",
    default_api_url: "https://api.netlify.com/api/v1",
    docs: "https://open-api.netlify.com/#tag/user/operation/getCurrentUser",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/user",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/id"),
            (Field::User, "/full_name"),
            (Field::Email, "/email"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://app.netlify.com/user/applications#personal-access-tokens",
        steps: "Sign in as the user who created the token (tokens are personal, not team-owned), open User settings > Applications > Personal access tokens, find the token by its description and delete it.",
        rotate: "create a new token with an expiry, update NETLIFY_AUTH_TOKEN in CI, and review the deploy log and environment variables of the user's sites for changes you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
