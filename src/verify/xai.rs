//! xAI API keys (`xai-…`, for the Grok API at `https://api.x.ai`).
//!
//! Verify: `GET {base}/api-key` with `Authorization: Bearer KEY` ("Get information
//! about an API key, including name, status, permissions and users who created or
//! modified this key", REST API reference, <https://docs.x.ai/docs/api-reference#api-key>):
//! 200 → live, with the owning user id, team id and the key's ACLs; 400 ("the request
//! is invalid or an invalid API key is provided"; the request has no parameters, so
//! only the key can be wrong) or 401 → invalid. Revoke: deleting a key through the
//! Management API needs a separate management key and the key's id; a person deletes
//! it on the console's API Keys page.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// xAI, as data.
pub const SPEC: Spec = Spec {
    id: "xai",
    name: "xAI",
    default_api_url: "https://api.x.ai/v1",
    docs: "https://docs.x.ai/docs/api-reference#api-key",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/api-key",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[400, 401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/user_id"),
            (Field::TeamId, "/team_id"),
            (Field::Scopes, "/acls"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://console.x.ai",
        steps: "Sign in to the xAI Console as a member of the key's team (the team id above) with permission to manage API keys, open API Keys, find the key by its name and redacted value and delete it (or disable it first if a deployment must be traced).",
        rotate: "create a new key with only the models and endpoints it needs, update XAI_API_KEY in every deployment and CI secret, and review the team's usage and billing for requests you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
