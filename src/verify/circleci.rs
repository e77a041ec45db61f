//! CircleCI personal API tokens (`CCIPAT_`).
//!
//! Verify: `GET {base}/me` with the token in the `Circle-Token` header ("Get current
//! user", <https://circleci.com/docs/api/v2/index.html#operation/getCurrentUser>;
//! tokens, <https://circleci.com/docs/managing-api-tokens/>): 200 with the user's id,
//! login and name → live, 401 → invalid.
//!
//! Revoke: the API has no endpoint for a personal token to revoke itself; a person
//! deletes it under User Settings > Personal API Tokens.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// CircleCI, as data.
pub const SPEC: Spec = Spec {
    id: "circleci",
    name: "CircleCI",
    default_api_url: "https://circleci.com/api/v2",
    docs: "https://circleci.com/docs/api/v2/index.html#operation/getCurrentUser",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/me",
            auth: Auth::Header("Circle-Token", ""),
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/id"),
            (Field::User, "/login"),
            (Field::User, "/name"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://app.circleci.com/settings/user/tokens",
        steps: "Sign in as the user who created the token (personal tokens act with all of that user's project and organization permissions), open User Settings > Personal API Tokens, find the token by name and its last four characters, and remove it.",
        rotate: "create a new token, update it wherever CircleCI was scripted, and since the token could read and change project environment variables and contexts, rotate the secrets stored there and review recent pipelines for runs you did not start.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
