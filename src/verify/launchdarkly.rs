//! LaunchDarkly REST API access tokens (personal and service tokens, `api-…`).
//!
//! Verify: `GET {base}/api/v2/caller-identity` with the token as the whole
//! `Authorization` header ("Identify the caller",
//! <https://launchdarkly.com/docs/api/other/get-caller-identity>; authentication,
//! <https://launchdarkly.com/docs/api>): 200 → live, with the account, the token's
//! member and its scopes; 401 ("Invalid access token") → invalid. Tokens of the
//! federal instance answer at `https://app.launchdarkly.us` (set
//! `LEAKSCAN_LAUNCHDARKLY_API_URL`). Revoke: deleting or resetting a token through the
//! API needs the token's id, which is not part of the token; a person deletes or
//! resets it on the Authorization page.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// LaunchDarkly, as data.
pub const SPEC: Spec = Spec {
    id: "launchdarkly",
    name: "LaunchDarkly",
    default_api_url: "https://app.launchdarkly.com",
    docs: "https://launchdarkly.com/docs/api/other/get-caller-identity",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/api/v2/caller-identity",
            auth: Auth::Header("Authorization", ""),
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/memberId"),
            (Field::TeamId, "/accountId"),
            (Field::Scopes, "/scopes"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://app.launchdarkly.com/settings/authorization",
        steps: "The token's owner (the member above), or an account Admin or Owner for service tokens and other members' tokens, opens Account settings > Authorization, finds the token under Access tokens by its name and deletes it (or resets it to issue a new value).",
        rotate: "create a replacement token with the narrowest role that works, update every Terraform provider, CI job and script that used the old one, and review the audit log for flag, segment or member changes you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
