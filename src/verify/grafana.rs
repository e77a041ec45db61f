//! Grafana service account tokens (`glsa_…`) of Grafana Cloud stacks, with the stack
//! (`https://<stack>.grafana.net`) the rule finds above them.
//!
//! Verify: `GET {stack}/api/access-control/user/permissions` with
//! `Authorization: Bearer TOKEN`, the request Grafana documents for seeing what a
//! service account token may do
//! (<https://grafana.com/docs/grafana/latest/administration/service-accounts/>): 200 →
//! live; 401 (invalid, expired or revoked key) → invalid; 403, 404, 429, 5xx →
//! unknown. A token found without a Grafana Cloud stack (self-hosted Grafana, whose
//! host scanned text would choose) cannot be checked: unknown, never invalid.
//!
//! Revoke: no request lets a token delete itself without the service account's id; an
//! organization admin deletes it on the service account's page.

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Grafana, as data.
pub const SPEC: Spec = Spec {
    id: "grafana",
    name: "Grafana",
    default_api_url: "https://{part:stack}.grafana.net",
    docs: "https://grafana.com/docs/grafana/latest/administration/service-accounts/",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/api/access-control/user/permissions",
            auth: Auth::Bearer,
            headers: &[("Accept", "application/json")],
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
        console_url: "https://grafana.com/docs/grafana/latest/administration/service-accounts/#delete-a-token-from-a-service-account",
        steps: "Sign in to the stack (https://<stack>.grafana.net) as an organization admin, or a user with Admin on the service account, open Administration → Users and access → Service accounts, pick the account, and delete the token by its name and expiry.",
        rotate: "add a new token with an expiry, update every Terraform provider, alerting integration and CI secret that used the old one, and review the dashboards, data sources and alert rules the service account can change.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
