//! Sentry auth tokens: personal tokens (`sntryu_…`), organization tokens (`sntrys_…`)
//! and 64-hex legacy user and internal-integration tokens.
//!
//! Verify: `GET {base}/organizations/` with `Authorization: Bearer TOKEN` ("List Your
//! Organizations", <https://docs.sentry.io/api/users/list-your-organizations/>;
//! bearer auth, <https://docs.sentry.io/api/auth/>): 200 → live, with the first
//! organization (for organization and integration tokens, the token's own); 401 →
//! invalid; 403 (a token without `org:read`, such as a CI-only organization token) →
//! unknown. Revoke: Sentry documents no request by which a token revokes itself
//! (revoking an organization token needs a signed-in session or an OAuth token with
//! `org:tokens`, <https://docs.sentry.io/api/organizations/revoke-an-org-auth-token/>);
//! a person revokes it in the settings (<https://docs.sentry.io/account/auth-tokens/>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Sentry, as data.
pub const SPEC: Spec = Spec {
    id: "sentry",
    name: "Sentry",
    default_api_url: "https://sentry.io/api/0",
    docs: "https://docs.sentry.io/api/users/list-your-organizations/",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/organizations/",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::TeamId, "/0/id"),
            (Field::Team, "/0/slug"),
            (Field::Team, "/0/name"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://sentry.io/settings/account/api/auth-tokens/",
        steps: "Personal tokens (sntryu_, legacy hex): the user who created the token opens User Settings > Personal Tokens and removes it. Organization tokens (sntrys_): an organization Owner or Manager opens Organization Settings > Organization Tokens (the organization is named in the token) and revokes it. Internal-integration tokens: a Manager or Owner opens Settings > Custom Integrations, selects the integration and removes the token.",
        rotate: "create a replacement token with the smallest scopes that work, update every CI secret, sentry-cli configuration (.sentryclirc, SENTRY_AUTH_TOKEN) and bundler plugin that used the old one, and review the organization's audit log for releases, source maps or settings changes you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
