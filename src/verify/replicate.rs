//! Replicate API tokens (`r8_…`, 40 characters,
//! <https://replicate.com/docs/topics/security/api-tokens>).
//!
//! Verify: `GET {base}/account` with `Authorization: Bearer TOKEN` ("Get the
//! authenticated account", <https://replicate.com/docs/reference/http#account.get>):
//! 200 → live, with the account's username; 401 → invalid. Revoke:
//! Replicate documents no API for a token to revoke itself; its owner disables it on
//! the API tokens page (<https://replicate.com/docs/topics/security/api-tokens>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Replicate, as data.
pub const SPEC: Spec = Spec {
    id: "replicate",
    name: "Replicate",
    default_api_url: "https://api.replicate.com/v1",
    docs: "https://replicate.com/docs/reference/http#account.get",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/account",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[(Field::User, "/username")],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://replicate.com/account/api-tokens",
        steps: "Sign in as the user or organization the token belongs to (the username above), open Account > API tokens, find the token by its name and click Disable; requests with it fail from then on.",
        rotate: "create a new token, update REPLICATE_API_TOKEN in every deployment and CI secret, and review the account's predictions and billing for runs you did not start.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
