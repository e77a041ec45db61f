//! Mistral AI API keys (read by Mistral's SDKs from MISTRAL_API_KEY; scoped to a
//! workspace).
//!
//! Verify: `GET {base}/models` with `Authorization: Bearer KEY` ("List models",
//! <https://docs.mistral.ai/api/endpoint/models>; base URL `https://api.mistral.ai/v1`):
//! 200 → live, 401 → invalid ("The API key is missing, invalid, or expired",
//! <https://docs.mistral.ai/resources/error-glossary>); 403 is a plan or workspace
//! restriction, so unknown. The answer lists models, not an owner, so no identity.
//! Revoke: the Admin API's key endpoints need a separate admin key and the key's id;
//! a person deletes the key on the workspace's API keys page
//! (<https://docs.mistral.ai/admin/security-access/api-keys>).

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Mistral AI, as data.
pub const SPEC: Spec = Spec {
    id: "mistral",
    name: "Mistral AI",
    default_api_url: "https://api.mistral.ai/v1",
    docs: "https://docs.mistral.ai/api/endpoint/models",
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
        console_url: "https://console.mistral.ai/api-keys",
        steps: "Sign in to Mistral's console as a member of the key's workspace (select that workspace first), open API keys, find the key by its name and visible part and click the trash icon twice to delete it.",
        rotate: "create a new workspace key (with an expiration date), update MISTRAL_API_KEY in every deployment and CI secret, and review the workspace's usage for requests you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
