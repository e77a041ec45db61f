//! Groq API keys (`gsk_…`, read by Groq's SDKs from GROQ_API_KEY).
//!
//! Verify: `GET {base}/models` with `Authorization: Bearer KEY` ("List models",
//! <https://console.groq.com/docs/api-reference#models-list>; the OpenAI-compatible
//! base URL is `https://api.groq.com/openai/v1`): 200 → live, 401 → invalid
//! (<https://console.groq.com/docs/errors>). The answer lists models, not an owner,
//! so no identity. Revoke: Groq documents no API for a key to revoke itself; a person
//! deletes it on the console's API Keys page.

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Groq, as data.
pub const SPEC: Spec = Spec {
    id: "groq",
    name: "Groq",
    default_api_url: "https://api.groq.com/openai/v1",
    docs: "https://console.groq.com/docs/api-reference#models-list",
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
        console_url: "https://console.groq.com/keys",
        steps: "Sign in to GroqCloud as a member of the key's organization with permission to manage keys, open API Keys, find the key by its name and redacted suffix and delete it.",
        rotate: "create a new key, update GROQ_API_KEY in every deployment and CI secret that held the old one, and review the organization's usage page for requests you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
