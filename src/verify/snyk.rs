//! Snyk API tokens (personal and service account tokens, UUIDs, as `SNYK_TOKEN`).
//!
//! Verify: `GET {base}/self?version=2024-06-10` with `Authorization: token KEY` ("Get my
//! user details", <https://docs.snyk.io/snyk-api/reference/users>; authentication,
//! <https://docs.snyk.io/snyk-api/authentication-for-api>, which documents 401
//! Unauthorized for a bad token): 200 with the user or service account → live,
//! 401 → invalid. A token of a regional tenant (EU, AU) must be checked with
//! `LEAKSCAN_SNYK_API_URL` set to its region's `/rest` base; against the US host it
//! reads as invalid.
//!
//! Revoke: the API has no endpoint for a token to revoke itself; a person revokes and
//! regenerates a personal token in Account settings (service account tokens: the
//! organization or group's Service accounts settings,
//! <https://docs.snyk.io/snyk-api/authentication-for-api/revoke-and-regenerate-a-snyk-api-token>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Snyk, as data.
pub const SPEC: Spec = Spec {
    id: "snyk",
    name: "Snyk",
    default_api_url: "https://api.snyk.io/rest",
    docs: "https://docs.snyk.io/snyk-api/reference/users",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/self?version=2024-06-10",
            auth: Auth::Header("Authorization", "token "),
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/data/id"),
            (Field::User, "/data/attributes/username"),
            (Field::User, "/data/attributes/name"),
            (Field::Email, "/data/attributes/email"),
            (Field::TeamId, "/data/attributes/default_org_context"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://app.snyk.io/account",
        steps: "For a personal token, sign in as its user, open Account settings > General > API Token and choose Revoke & Regenerate; a service account token is deleted by an organization or group admin under Settings > Service accounts.",
        rotate: "put the new token in SNYK_TOKEN wherever Snyk runs (CI, IDE plugins), and review the organizations' audit logs for project imports, integration changes or ignores you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
