//! OpenAI API keys (user, project, service-account and admin keys).
//!
//! Verify: `GET {base}/models` with `Authorization: Bearer KEY` ("List models",
//! <https://platform.openai.com/docs/api-reference/models/list>; authentication,
//! <https://platform.openai.com/docs/api-reference/authentication>): 200 → live,
//! 401 → invalid. The answer names no owner, so no identity. Revoke: no API for a
//! key to revoke itself; a person deletes it on the API keys page.

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// OpenAI, as data.
pub const SPEC: Spec = Spec {
    id: "openai",
    name: "OpenAI",
    default_api_url: "https://api.openai.com/v1",
    docs: "https://platform.openai.com/docs/api-reference/models/list",
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
        console_url: "https://platform.openai.com/api-keys",
        steps: "Sign in as a member of the key's organisation with the Owner role (or the key's creator, for user keys), open API keys (project keys: the project's API keys page), find the key by its redacted suffix and delete it.",
        rotate: "create a new key for the project, update every deployment and CI secret that held the old one, and review the organisation's usage page for calls you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
