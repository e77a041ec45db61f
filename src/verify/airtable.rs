//! Airtable personal access tokens (`pat….…`) and retired account API keys (`key…`).
//!
//! Verify: `GET {base}/meta/whoami` with `Authorization: Bearer TOKEN` ("Get user
//! info", <https://airtable.com/developers/web/api/get-user-id-scopes>; no scope
//! needed): 200 → live, with the user id (and email, when the token has
//! `user.email:read`); 401 → invalid (retired API keys answer so). Revoke: the Web API
//! has no request by which a personal access token deletes itself; its owner deletes
//! or regenerates it on the Builder Hub's personal access tokens page
//! (<https://support.airtable.com/docs/creating-personal-access-tokens>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Airtable, as data.
pub const SPEC: Spec = Spec {
    id: "airtable",
    name: "Airtable",
    default_api_url: "https://api.airtable.com/v0",
    docs: "https://airtable.com/developers/web/api/get-user-id-scopes",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/meta/whoami",
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
            (Field::Email, "/email"),
            (Field::Scopes, "/scopes"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://airtable.com/create/tokens",
        steps: "The token's owner (the user id above) signs in, opens Builder Hub > Personal access tokens, finds the token by its name and deletes it (or regenerates it).",
        rotate: "create a new token limited to the scopes and bases that are needed, update every script, automation and CI secret that used the old one, and review the bases it could reach for records or schema changes you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
