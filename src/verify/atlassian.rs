//! Atlassian Cloud API tokens (`ATATT3…`), with the site
//! (`https://<site>.atlassian.net`) and the account's email address the rule finds
//! above them.
//!
//! Verify: Jira Cloud "Get current user", `GET {base}/rest/api/3/myself`
//! (<https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/>),
//! with HTTP Basic authentication, the Atlassian account's email as the user name and
//! the API token as the password
//! (<https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/>):
//! 200 → live (the account id, display name and email); 401 → invalid; 403, 404 (no
//! Jira on that site), 429, 5xx → unknown. A token found without its site or email
//! cannot be checked: unknown, never invalid. Revoke: no API for a token to revoke
//! itself; its owner revokes it on the account's API tokens page ("Manage API tokens
//! for your Atlassian account", <https://support.atlassian.com/atlassian-account/>),
//! or an organization admin for managed accounts
//! (<https://support.atlassian.com/organization-administration/docs/revoke-user-api-tokens/>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Atlassian, as data.
pub const SPEC: Spec = Spec {
    id: "atlassian",
    name: "Atlassian",
    default_api_url: "https://{part:site}.atlassian.net",
    docs: "https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/rest/api/3/myself",
            auth: Auth::BasicPart("email"),
            headers: &[("Accept", "application/json")],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/accountId"),
            (Field::User, "/displayName"),
            (Field::Email, "/emailAddress"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://id.atlassian.com/manage-profile/security/api-tokens",
        steps: "The Atlassian account that owns the token signs in at this page, finds the token by its label (and last-used date) and selects Revoke. For a managed account, an organization admin can instead revoke it in Atlassian Administration under Insights → API token activity (admin.atlassian.com).",
        rotate: "create a new API token with a short expiry, replace it in every script, CI secret and integration that used the old one, and review the account's recent Jira and Confluence activity for misuse.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
