//! Microsoft Entra ID (Azure AD) application client secrets (`…Q~…`), with the tenant
//! and the application (client) id the rule finds beside them.
//!
//! Verify: the OAuth 2.0 client-credentials request,
//! `POST {base}/{tenant}/oauth2/v2.0/token` with `client_id`, `client_secret`,
//! `scope=https://graph.microsoft.com/.default` and `grant_type=client_credentials`
//! (<https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow>).
//! It mints a short-lived token and grants nothing new. 200 → live; 401
//! (`invalid_client`: a wrong or expired secret) → invalid; 400 (an unknown
//! application or tenant: the parts beside the secret are wrong, which says nothing of
//! the secret), 403, 429, 5xx → unknown. A secret found without its tenant and client
//! id cannot be checked: unknown, never invalid. The tenant goes in the path, so the
//! host is always Microsoft's.
//!
//! Revoke: no request lets a secret delete itself; an owner of the application deletes
//! it under Certificates & secrets.

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Microsoft Entra ID, as data.
pub const SPEC: Spec = Spec {
    id: "azure-entra",
    name: "Microsoft Entra ID",
    default_api_url: "https://login.microsoftonline.com",
    docs: "https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow",
    check: Check {
        request: Request {
            method: Method::Post,
            path: "/{part:tenant}/oauth2/v2.0/token",
            auth: Auth::None,
            headers: &[("Accept", "application/json")],
            body: Body::Form(&[
                ("client_id", "{part:client_id}"),
                ("client_secret", "{key}"),
                ("scope", "https://graph.microsoft.com/.default"),
                ("grant_type", "client_credentials"),
            ]),
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade",
        steps: "Sign in to the Microsoft Entra admin center as an owner of the application or an Application Administrator / Cloud Application Administrator, open App registrations → All applications, find the application by its client id, and under Certificates & secrets delete the client secret whose description and expiry match (the page shows the secret's first characters).",
        rotate: "add a new secret (or better, a certificate or federated credential), update every service, Key Vault entry and CI secret that used the old one, and review the application's sign-in logs (service principal sign-ins) for use you do not recognise.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
