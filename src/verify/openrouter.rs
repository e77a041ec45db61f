//! OpenRouter API keys (`sk-or-v1-…`).
//!
//! Verify: `GET {base}/key` with `Authorization: Bearer KEY` ("Get current API key:
//! information on the API key associated with the current authentication session",
//! <https://openrouter.ai/docs/api/api-reference/api-keys/get-current-key>): 200 →
//! live, with the key's label, limits, usage and its creator's user id; 401 → invalid.
//! Revoke: deleting or disabling a key through the API (`DELETE /keys/{hash}`) needs a
//! separate management key and the key's hash; a person deletes it on the API Keys
//! settings page.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// OpenRouter, as data.
pub const SPEC: Spec = Spec {
    id: "openrouter",
    name: "OpenRouter",
    default_api_url: "https://openrouter.ai/api/v1",
    docs: "https://openrouter.ai/docs/api/api-reference/api-keys/get-current-key",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/key",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[(Field::UserId, "/data/creator_user_id")],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://openrouter.ai/settings/keys",
        steps: "Sign in as the key's creator (or an admin of the organization that owns it), open Settings > API Keys, find the key by its name and redacted value and delete or disable it; with a management key, `DELETE /api/v1/keys/{hash}` does the same.",
        rotate: "create a new key with a credit limit, update OPENROUTER_API_KEY in every deployment and CI secret, and review the account's activity page for requests and credit use you did not cause.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
