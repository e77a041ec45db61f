//! Neon API keys (`NEON_API_KEY`, usually `napi_`).
//!
//! Verify: `GET {base}/projects` with `Authorization: Bearer KEY` and
//! `Accept: application/json`, the call Neon's API-key guide makes
//! (<https://neon.tech/docs/manage/api-keys#make-an-api-call>): 200 with the projects the
//! key can reach → live, 401 → invalid. The answer names no owner, so no identity.
//!
//! Revoke: `DELETE /api_keys/{key_id}` needs the key's numeric id, which is not part of
//! the key, and a personal key; a person revokes the key in the console
//! (<https://neon.tech/docs/manage/api-keys#revoke-an-api-key>).

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Neon, as data.
pub const SPEC: Spec = Spec {
    id: "neon",
    name: "Neon",
    default_api_url: "https://console.neon.tech/api/v2",
    docs: "https://neon.tech/docs/manage/api-keys",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/projects",
            auth: Auth::Bearer,
            headers: &[("Accept", "application/json")],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://console.neon.tech/app/settings/api-keys",
        steps: "For a personal key, sign in as its owner and open Account settings > API keys; for an organization or project-scoped key, an organization admin opens the organization's Settings > API keys. Find the key by name and last-used date and click Revoke.",
        rotate: "create a replacement key, update NEON_API_KEY in CI and scripts, and since the key could read connection strings, reset the passwords of the database roles in the projects it reached.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
