//! Typeform personal access tokens (`tfp_…`).
//!
//! Verify: `GET {base}/me` with `Authorization: Bearer TOKEN` (Create API, "Retrieve
//! your own account", <https://www.typeform.com/developers/create/reference/retrieve-own-account/>;
//! tokens, <https://www.typeform.com/developers/get-started/personal-access-token/>):
//! 200 → live, with the account alias and email; 401 → invalid; 403 (a token without
//! the `accounts:read` scope) → unknown. The base is the US data centre; EU accounts
//! answer at `https://api.eu.typeform.com` (set `LEAKSCAN_TYPEFORM_API_URL`),
//! otherwise their tokens read as invalid. Revoke: no request lets a token revoke
//! itself; its owner deletes it on the Personal tokens page.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Typeform, as data.
pub const SPEC: Spec = Spec {
    id: "typeform",
    name: "Typeform",
    default_api_url: "https://api.typeform.com",
    docs: "https://www.typeform.com/developers/get-started/personal-access-token/",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/me",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[(Field::User, "/alias"), (Field::Email, "/email")],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://admin.typeform.com/account#/section/tokens",
        steps: "The token's owner (the identity above) signs in, opens Account > Personal tokens, finds the token by its name and deletes it.",
        rotate: "generate a new token with only the scopes that are needed, update every integration, script and CI secret that used the old one, and review the forms, responses (often personal data) and webhooks it could reach for access or changes you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
