//! Contentful personal access tokens (`CFPAT-…`) for the Content Management API.
//!
//! Verify: `GET {base}/users/me` with `Authorization: Bearer TOKEN` ("Get the
//! authenticated user",
//! <https://contentful.com/developers/docs/references/content-management-api/users/get-the-authenticated-user>;
//! authentication, <https://www.contentful.com/developers/docs/references/authentication/>):
//! 200 → live, with the user; 401 (`AccessTokenInvalid`) → invalid. Revoke: revoking a
//! token through the CMA needs its token id, which is not part of the token; its owner
//! revokes it on the CMA tokens page of the account settings
//! (<https://www.contentful.com/help/token-management/personal-access-tokens/>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Contentful, as data.
pub const SPEC: Spec = Spec {
    id: "contentful",
    name: "Contentful",
    default_api_url: "https://api.contentful.com",
    docs: "https://contentful.com/developers/docs/references/content-management-api/users/get-the-authenticated-user",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/users/me",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/sys/id"),
            (Field::User, "/firstName"),
            (Field::Email, "/email"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://app.contentful.com/account/profile/cma_tokens",
        steps: "The token's owner (the identity above) signs in, opens Account settings > CMA tokens, finds the personal access token by its name and revokes it.",
        rotate: "generate a new personal access token, update every CLI configuration (`contentful login`), migration script and CI secret that used the old one, and review the spaces' entries, content types and environments for changes you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
