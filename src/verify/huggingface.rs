//! Hugging Face access tokens: user access tokens (`hf_…`) and legacy organization
//! API tokens (`api_org_…`).
//!
//! Verify: `GET {base}/api/whoami-v2` with `Authorization: Bearer TOKEN` (the Hub's
//! "who am I" endpoint, <https://huggingface.co/spaces/huggingface/openapi>; the base
//! URL of the Hub API is `https://huggingface.co`): 200 → live, with the account id,
//! name, email and the token's role; 401 → invalid. Revoke: the Hub documents no
//! request by which a token revokes itself; its owner invalidates or deletes it on
//! the Access Tokens settings page (<https://huggingface.co/docs/hub/security-tokens>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Hugging Face, as data.
pub const SPEC: Spec = Spec {
    id: "huggingface",
    name: "Hugging Face",
    default_api_url: "https://huggingface.co",
    docs: "https://huggingface.co/docs/hub/security-tokens",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/api/whoami-v2",
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
            (Field::User, "/name"),
            (Field::Email, "/email"),
            (Field::Scopes, "/auth/accessToken/role"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://huggingface.co/settings/tokens",
        steps: "Sign in as the account that owns the token (the identity above), open Settings > Access Tokens, find the token by its name and choose Manage > Invalidate and refresh, or delete it; organization admins on Team or Enterprise plans can also revoke members' tokens from the organization's token management page.",
        rotate: "update every Space secret, notebook, CI variable and `huggingface-cli login` cache that held the old token, and review recent commits and private repository access on the account for activity you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
