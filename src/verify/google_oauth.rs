//! Google OAuth 2.0 access tokens (`ya29.…`), for users and service accounts.
//!
//! Verify: `GET {base}/tokeninfo?access_token=TOKEN` (the token info endpoint takes
//! the token only as a query parameter; "Calling the tokeninfo endpoint",
//! <https://developers.google.com/identity/sign-in/web/backend-auth#calling-the-tokeninfo-endpoint>;
//! access tokens, <https://cloud.google.com/docs/authentication/token-types#access>):
//! 200 → live, with the subject, email (when the token has an email scope) and
//! scopes; 400 (`invalid_token`: unknown, expired or revoked) → invalid. Revoke:
//! `POST {base}/revoke` with the form body `token=TOKEN` (RFC 7009;
//! <https://developers.google.com/identity/protocols/oauth2/web-server#tokenrevoke>),
//! which also revokes the refresh token it came from: 200 → revoked, 400 → error.

use super::spec::{Auth, Body, Check, Field, Method, Request, Revoke, Spec};

/// Google OAuth, as data.
pub const SPEC: Spec = Spec {
    id: "google-oauth",
    name: "Google OAuth",
    default_api_url: "https://oauth2.googleapis.com",
    docs: "https://developers.google.com/identity/protocols/oauth2/web-server#tokenrevoke",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/tokeninfo",
            auth: Auth::Query("access_token"),
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[400],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/sub"),
            (Field::Email, "/email"),
            (Field::Scopes, "/scope"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Api(Request {
        method: Method::Post,
        path: "/revoke",
        auth: Auth::None,
        headers: &[],
        body: Body::Form(&[("token", "{key}")]),
        ok: &[200],
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
