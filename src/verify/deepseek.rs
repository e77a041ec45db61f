//! DeepSeek API keys (`sk-` + hex, used with the OpenAI-compatible API at
//! `https://api.deepseek.com`).
//!
//! Verify: `GET {base}/models` with `Authorization: Bearer KEY` ("Lists Models",
//! <https://api-docs.deepseek.com/api/list-models>): 200 → live, 401
//! ("Authentication Fails: wrong API key",
//! <https://api-docs.deepseek.com/quick_start/error_codes>) → invalid. The answer
//! lists models, not an owner, so no identity. Revoke: DeepSeek documents no API for
//! a key to revoke itself; a person deletes it on the platform's API keys page.

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// DeepSeek, as data.
pub const SPEC: Spec = Spec {
    id: "deepseek",
    name: "DeepSeek",
    default_api_url: "https://api.deepseek.com",
    docs: "https://api-docs.deepseek.com/api/list-models",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/models",
            auth: Auth::Bearer,
            headers: &[],
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
        console_url: "https://platform.deepseek.com/api_keys",
        steps: "Sign in to the DeepSeek open platform as the account that created the key, open API keys, find the key by its name and redacted value and delete it.",
        rotate: "create a new key, update every deployment and CI secret that held the old one, and review the account's usage and balance for spending you did not cause.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
