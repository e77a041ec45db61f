//! Datadog API keys (32 lowercase hex; not application keys, which need an API key too).
//!
//! Verify: `GET {base}/api/v1/validate` with the key in the `DD-API-KEY` header
//! ("Validate API key",
//! <https://docs.datadoghq.com/api/latest/authentication/validate-api-key/>): 200 with
//! `{"valid": true}` → live; the docs say an invalid key gets 403, so 403 → invalid
//! here. The answer names no owner, so no identity. The base is the US1 site
//! (`https://api.datadoghq.com`); a key from another site (EU, US3, US5, AP1, gov) is
//! unknown there and would read as invalid, so set `LEAKSCAN_DATADOG_API_URL` to that
//! site's API host (`https://api.datadoghq.eu`). Revoke: no request lets a key revoke
//! itself (deleting a key needs an application key and the key's id); a person
//! revokes it on the organization's API Keys page
//! (<https://docs.datadoghq.com/account_management/api-app-keys/>).

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Datadog, as data.
pub const SPEC: Spec = Spec {
    id: "datadog",
    name: "Datadog",
    default_api_url: "https://api.datadoghq.com",
    docs: "https://docs.datadoghq.com/api/latest/authentication/validate-api-key/",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/api/v1/validate",
            auth: Auth::Header("DD-API-KEY", ""),
            headers: &[("Accept", "application/json")],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[403],
        invalid_if: &[],
        ok_flag: Some("/valid"),
        identity: &[],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://app.datadoghq.com/organization-settings/api-keys",
        steps: "Sign in to the Datadog organization (on the site the key belongs to: app.datadoghq.eu, us3/us5.datadoghq.com, ...) as a user with the API Keys Write permission (an Admin by default), open Organization Settings > API Keys, find the key by the last four characters shown and revoke (delete) it.",
        rotate: "create a new API key, update every Agent (datadog.yaml, DD_API_KEY), Lambda forwarder, CI and library configuration that used the old one, and check the organization's Audit Trail and usage for data or events you did not send.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
