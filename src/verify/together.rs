//! Together AI API keys (read by Together's SDKs from TOGETHER_API_KEY).
//!
//! Verify: `GET {base}/models` with `Authorization: Bearer KEY` ("Lists all of
//! Together's open-source models", <https://docs.together.ai/reference/models>; base
//! URL `https://api.together.xyz/v1`): 200 → live, 401 ("Missing or Invalid API Key",
//! <https://docs.together.ai/docs/error-codes>) → invalid. The answer lists models,
//! not an owner, so no identity. Revoke: Together documents no API for a key to
//! revoke itself; a person deletes it on the project's API keys settings page.

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Together AI, as data.
pub const SPEC: Spec = Spec {
    id: "together",
    name: "Together AI",
    default_api_url: "https://api.together.xyz/v1",
    docs: "https://docs.together.ai/reference/models",
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
        console_url: "https://api.together.ai/settings/projects/~current/api-keys",
        steps: "Sign in to Together AI as a member of the project that owns the key with permission to manage its keys, open Settings > API Keys, find the key by its name and redacted value and delete (revoke) it.",
        rotate: "create a new key, update TOGETHER_API_KEY in every deployment and CI secret, and review the account's usage and billing for inference or fine-tuning jobs you did not start.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
