//! PagerDuty REST API keys (account and user API tokens).
//!
//! Verify: `GET {base}/abilities` with `Authorization: Token token=KEY` and the v2
//! `Accept` header ("List abilities", which any REST key may call; authentication,
//! <https://developer.pagerduty.com/docs/rest-api-v2/authentication/>; versioning,
//! <https://developer.pagerduty.com/docs/rest-api-v2/versioning/>): 200 → live (the
//! answer lists the account's features, not the key's owner, so no identity); 401 →
//! invalid. The base is the US service region; keys of EU-region accounts answer at
//! `https://api.eu.pagerduty.com` (set `LEAKSCAN_PAGERDUTY_API_URL`), otherwise they
//! read as invalid. Revoke: the REST API has no request by which a key deletes itself; an
//! account admin removes it on the API Access Keys page (user tokens: the user's
//! own settings).

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// PagerDuty, as data.
pub const SPEC: Spec = Spec {
    id: "pagerduty",
    name: "PagerDuty",
    default_api_url: "https://api.pagerduty.com",
    docs: "https://developer.pagerduty.com/docs/rest-api-v2/authentication/",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/abilities",
            auth: Auth::Header("Authorization", "Token token="),
            headers: &[("Accept", "application/vnd.pagerduty+json;version=2")],
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
        console_url: "https://app.pagerduty.com/api_keys",
        steps: "For an account API key, an Admin or Account Owner signs in (the page is on the account's own subdomain, https://<subdomain>.pagerduty.com/api_keys), opens Integrations > API Access Keys, finds the key by its description and last characters and removes it. For a user API token, that user opens My Profile > User Settings and deletes the token under API Access.",
        rotate: "create a new key (read-only if writing is not needed), update every integration, Terraform provider and script that used the old one, and review the account's audit records and incident log for acknowledgements, resolutions or configuration changes you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
