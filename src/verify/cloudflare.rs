//! Cloudflare user API tokens (the pre-2026 unprefixed 40-character tokens; the prefixed
//! `cfut_` tokens verify the same way, but the prefixed rule also matches Global API Keys
//! and account tokens, which this request cannot check, so it is not linked).
//!
//! Verify: `GET {base}/user/tokens/verify` with `Authorization: Bearer KEY` ("Verify
//! Token",
//! <https://developers.cloudflare.com/api/resources/user/subresources/tokens/methods/verify/>;
//! <https://developers.cloudflare.com/fundamentals/api/troubleshooting/>): 200 with
//! `"success": true` and `result.status` → live, 401 → invalid. The answer names the
//! token's id only, so no identity. An account-owned token verifies at
//! `/accounts/{id}/tokens/verify` instead, so it may not read as live here.
//!
//! Revoke: deleting a token needs its id and a token with API Tokens Write, not the
//! token alone; a person rolls or deletes it on the API Tokens page
//! (<https://developers.cloudflare.com/fundamentals/api/how-to/roll-token/>).

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Cloudflare, as data.
pub const SPEC: Spec = Spec {
    id: "cloudflare",
    name: "Cloudflare",
    default_api_url: "https://api.cloudflare.com/client/v4",
    docs: "https://developers.cloudflare.com/api/resources/user/subresources/tokens/methods/verify/",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/user/tokens/verify",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: Some("/success"),
        identity: &[],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://dash.cloudflare.com/profile/api-tokens",
        steps: "Sign in as the user who owns the token, open My Profile > API Tokens, find the token by name and last-used date, and roll it (new secret, same permissions) or delete it.",
        rotate: "store the rolled token or a new narrowly scoped one wherever the old one was used (CI, Terraform, Wrangler), and review the account's audit log for DNS, firewall or Workers changes you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
