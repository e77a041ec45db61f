//! PlanetScale service tokens (`pscale_tkn_…`), with the service token id the rule
//! finds above them.
//!
//! Verify: "List organizations", `GET {base}/organizations`
//! (<https://planetscale.com/docs/api/reference/list_organizations>), with
//! `Authorization: <SERVICE_TOKEN_ID>:<SERVICE_TOKEN>`
//! (<https://planetscale.com/docs/api/reference/service-tokens>): 200 → live (the
//! first organization the token can reach); 401 → invalid; 403, 404, 429, 5xx →
//! unknown. A token found without its id cannot be checked: unknown, never invalid.
//!
//! Revoke: deleting a service token takes its organization and a token with
//! service-token management access, which a leaked token rarely has; a person deletes
//! it on the organization's service tokens page.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// PlanetScale, as data.
pub const SPEC: Spec = Spec {
    id: "planetscale",
    name: "PlanetScale",
    default_api_url: "https://api.planetscale.com/v1",
    docs: "https://planetscale.com/docs/api/reference/service-tokens",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/organizations",
            auth: Auth::HeaderPart("Authorization", "id"),
            headers: &[("Accept", "application/json")],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[(Field::TeamId, "/data/0/id"), (Field::Team, "/data/0/name")],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://app.planetscale.com/~/settings/service-tokens",
        steps: "Sign in as an administrator of the organization the token belongs to, open Settings → Service tokens, find the token by its id (shown beside its name) and delete it; `pscale service-token delete <id> --org <org>` does the same.",
        rotate: "create a new service token with only the database and organization accesses it needs, update every deployment and CI secret that used the old id and token, and review the organization's audit log for branches, deploy requests and passwords the token created.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
