//! Supabase personal access tokens (`sbp_`, and `sbp_oauth_` OAuth access tokens) for
//! the Management API. Project API keys (`sb_secret_`) are a different API and are not
//! linked.
//!
//! Verify: `GET {base}/v1/projects` with `Authorization: Bearer KEY`, the request the
//! Management API documentation shows for authentication
//! (<https://supabase.com/docs/reference/api/introduction>; "List all projects",
//! <https://supabase.com/docs/reference/api/v1-list-all-projects>): 200 with the projects
//! the token can see → live, 401 → invalid. A scoped token without project access may
//! answer 403 → unknown.
//!
//! Revoke: the Management API has no endpoint for a token to revoke itself; a person
//! deletes it on the account's Access Tokens page
//! (<https://supabase.com/docs/guides/platform/personal-access-tokens>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Supabase, as data.
pub const SPEC: Spec = Spec {
    id: "supabase",
    name: "Supabase",
    default_api_url: "https://api.supabase.com",
    docs: "https://supabase.com/docs/reference/api/introduction",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/v1/projects",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[(Field::TeamId, "/0/organization_id")],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://supabase.com/dashboard/account/tokens",
        steps: "Sign in as the user who created the token (tokens are personal and, unless scoped, reach every organization and project of the account), open Account > Access Tokens, find the token by name and delete it; an OAuth token is revoked by removing the app's authorization in the organization's OAuth Apps settings.",
        rotate: "create a scoped replacement token, update SUPABASE_ACCESS_TOKEN in CI, and since the token could read project API keys and database settings, rotate the projects' secret keys and database passwords and review the organization's audit logs.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
