//! Vercel access tokens (`VERCEL_TOKEN`, `vercel --token`).
//!
//! Verify: `GET {base}/v2/user` with `Authorization: Bearer KEY` ("Get the User",
//! <https://vercel.com/docs/rest-api/user/get-the-user>): 200 with `user` (id, username,
//! email, defaultTeamId) → live, 401 → invalid; 403 (a token scoped to a team only, or
//! one Vercel answers `forbidden`, <https://vercel.com/docs/rest-api/errors>) → unknown.
//!
//! Revoke: `DELETE {base}/v3/user/tokens/current` with the token as Bearer: "the special
//! value `current` … invalidates the token that the HTTP request was authenticated
//! with", 200 on success
//! (<https://vercel.com/docs/rest-api/authentication/delete-an-authentication-token>).

use super::spec::{Auth, Body, Check, Field, Method, Request, Revoke, Spec};

/// Vercel, as data.
pub const SPEC: Spec = Spec {
    id: "vercel",
    name: "Vercel",
    default_api_url: "https://api.vercel.com",
    docs: "https://vercel.com/docs/rest-api/user/get-the-user",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/v2/user",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/user/id"),
            (Field::User, "/user/username"),
            (Field::Email, "/user/email"),
            (Field::TeamId, "/user/defaultTeamId"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Api(Request {
        method: Method::Delete,
        path: "/v3/user/tokens/current",
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
