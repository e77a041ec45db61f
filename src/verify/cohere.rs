//! Cohere API keys (trial and production keys, read by Cohere's SDKs from
//! CO_API_KEY).
//!
//! Verify: `POST {base}/v1/check-api-key` with `Authorization: Bearer KEY` and no
//! body ("Check API key: checks that the api key in the Authorization header is
//! valid and active", <https://docs.cohere.com/reference/check-api-key>); it reads,
//! changes nothing and costs nothing. 200 with `"valid": true` → live, with the
//! organization and owner ids; `"valid": false` or 401 (missing, invalid or expired
//! key, <https://docs.cohere.com/reference/errors>) → invalid. Revoke: Cohere
//! documents no API for it; a person revokes the key in the dashboard
//! (<https://docs.cohere.com/reference/create-an-api-key>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Cohere, as data.
pub const SPEC: Spec = Spec {
    id: "cohere",
    name: "Cohere",
    default_api_url: "https://api.cohere.com",
    docs: "https://docs.cohere.com/reference/check-api-key",
    check: Check {
        request: Request {
            method: Method::Post,
            path: "/v1/check-api-key",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: Some("/valid"),
        identity: &[
            (Field::TeamId, "/organization_id"),
            (Field::UserId, "/owner_id"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://dashboard.cohere.com/api-keys",
        steps: "Sign in to the Cohere dashboard as a member of the key's organization (the organization id above; production keys are managed by the organization's Owner), open API Keys, find the key by its name and click Revoke Key.",
        rotate: "create a new key, update CO_API_KEY in every deployment and CI secret, and review the organization's usage and billing for calls you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
