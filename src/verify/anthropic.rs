//! Anthropic (Claude API) keys: `sk-ant-api03-…` API keys.
//!
//! Verify: `GET {base}/v1/models` with `x-api-key: KEY` and `anthropic-version:
//! 2023-06-01` ("List Models", <https://platform.claude.com/docs/en/api/models/list>;
//! the version header is required on every request,
//! <https://platform.claude.com/docs/en/api/versioning>): 200 → live, 401
//! (`authentication_error`, <https://platform.claude.com/docs/en/api/errors>) →
//! invalid; 403 (`permission_error`) is unknown. The answer lists models, not an
//! owner, so no identity. Revoke: the Admin API changes a key's status, but only with
//! a separate admin key and the key's id, which is not part of the key; a person
//! disables or deletes it on the Console's API keys page
//! (<https://platform.claude.com/docs/en/get-api-key>).

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Anthropic, as data.
pub const SPEC: Spec = Spec {
    id: "anthropic",
    name: "Anthropic",
    default_api_url: "https://api.anthropic.com",
    docs: "https://platform.claude.com/docs/en/api/models/list",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/v1/models",
            auth: Auth::Header("x-api-key", ""),
            headers: &[("anthropic-version", "2023-06-01")],
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
        console_url: "https://platform.claude.com/settings/keys",
        steps: "Sign in to the Claude Console as the key's owner or an organization admin, open Settings > API keys, find the key by its name and redacted suffix (the workspace column shows where it lives) and disable or delete it.",
        rotate: "create a replacement key (a service-account key for shared workloads), update every deployment and CI secret that held the old one, and review the organization's usage and cost pages for requests you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
