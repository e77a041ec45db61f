//! Stability AI API keys (`sk-…`, sent as `Authorization: Bearer`,
//! <https://platform.stability.ai/docs/getting-started/authentication>).
//!
//! Verify: `GET {base}/v1/user/account` with `Authorization: Bearer KEY` ("Get
//! information about the account associated with the provided API key",
//! <https://platform.stability.ai/docs/api-reference#tag/User/operation/userAccount>;
//! Stability's OpenAPI specification lists 200 and 401): 200 → live, with the user's
//! id and email; 401 → invalid. Revoke: Stability documents no API for it; a person
//! removes the key on the account's API keys page
//! (<https://kb.stability.ai/knowledge-base/how-to-delete-and/or-cycle-api-keys>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Stability AI, as data.
pub const SPEC: Spec = Spec {
    id: "stability",
    name: "Stability AI",
    default_api_url: "https://api.stability.ai",
    docs: "https://platform.stability.ai/docs/api-reference#tag/User/operation/userAccount",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/v1/user/account",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[(Field::UserId, "/id"), (Field::Email, "/email")],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://platform.stability.ai/account/keys",
        steps: "Sign in to platform.stability.ai as the account the key belongs to (the email above), open the profile menu's API keys view, find the key and remove it with its X button.",
        rotate: "create a new key with the + button first, update STABILITY_API_KEY in every deployment and CI secret, and review the account's credit balance and usage for generations you did not request.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
