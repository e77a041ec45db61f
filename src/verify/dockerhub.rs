//! Docker Hub personal access tokens (`dckr_pat_…`) and organization access tokens
//! (`dckr_oat_…`), with the Docker ID (or, for an organization token, the organization)
//! the rule finds beside them.
//!
//! Verify: "Create access token", `POST {base}/v2/auth/token` with JSON
//! `{"identifier": NAME, "secret": TOKEN}`
//! (<https://docs.docker.com/reference/api/hub/latest/#tag/authentication-api/operation/AuthCreateAccessToken>):
//! it returns a short-lived bearer token and changes nothing. 200 → live (identity: the
//! name the token was checked with); 401 → invalid; 403, 429, 5xx → unknown. A token
//! found without a name cannot be checked: unknown, never invalid.
//!
//! Revoke: deleting an access token takes its UUID, which is not in the token; the
//! owner deactivates or deletes it in the account's (or organization's) settings
//! (<https://docs.docker.com/security/access-tokens/>).

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Docker Hub, as data.
pub const SPEC: Spec = Spec {
    id: "dockerhub",
    name: "Docker Hub",
    default_api_url: "https://hub.docker.com",
    docs: "https://docs.docker.com/reference/api/hub/latest/#tag/authentication-api/operation/AuthCreateAccessToken",
    check: Check {
        request: Request {
            method: Method::Post,
            path: "/v2/auth/token",
            auth: Auth::None,
            headers: &[("Accept", "application/json")],
            body: Body::Json(r#"{"identifier": "{part:username}", "secret": "{key}"}"#),
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://app.docker.com/settings/personal-access-tokens",
        steps: "Sign in as the Docker account the token belongs to, open Account settings → Personal access tokens, find the token by its description and last-used date, and deactivate or delete it. An organization access token (dckr_oat_) is deleted by an organization owner under the organization's Settings → Access tokens.",
        rotate: "create a replacement token with read-only or repository-scoped access where possible, update every CI secret and `docker login` that used the old one, and check the account's repositories for tags pushed by someone else.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
