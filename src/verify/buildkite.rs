//! Buildkite API access tokens (`bkua_`). Agent, job, registry and portal tokens use
//! other APIs and are not linked.
//!
//! Verify: `GET {base}/access-token` with `Authorization: Bearer KEY` ("Get the current
//! token", <https://buildkite.com/docs/apis/rest-api/access-token>, no scope required):
//! 200 with the token's scopes and user → live, 401 → invalid.
//!
//! Revoke: `DELETE {base}/access-token` with the same token ("Revoke the current
//! token", same page, no scope required), 204 No Content.

use super::spec::{Auth, Body, Check, Field, Method, Request, Revoke, Spec};

/// Buildkite, as data.
pub const SPEC: Spec = Spec {
    id: "buildkite",
    name: "Buildkite",
    default_api_url: "https://api.buildkite.com/v2",
    docs: "https://buildkite.com/docs/apis/rest-api/access-token",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/access-token",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::User, "/user/name"),
            (Field::Email, "/user/email"),
            (Field::Scopes, "/scopes"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Api(Request {
        method: Method::Delete,
        path: "/access-token",
        auth: Auth::Bearer,
        headers: &[],
        body: Body::Empty,
        ok: &[204],
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
