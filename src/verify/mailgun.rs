//! Mailgun API keys (account keys and domain sending keys share one shape).
//!
//! Verify: `GET {base}/v4/domains` ("Get domains") with HTTP Basic user `api` and the
//! key as the password
//! (<https://documentation.mailgun.com/docs/mailgun/api-reference/authentication>;
//! <https://documentation.mailgun.com/docs/mailgun/api-reference/send/mailgun/domains/get-v4-domains>).
//! Status codes per
//! <https://documentation.mailgun.com/docs/mailgun/api-reference/api-overview>:
//! 200 → live; 401 (invalid or missing API key) → invalid; 403 (valid credentials,
//! access denied: a domain sending key may only send) → unknown. The base is the US
//! region; EU accounts can point `LEAKSCAN_MAILGUN_API_URL` at
//! `https://api.eu.mailgun.net`. The answer lists domains, not an owner, so no
//! identity. Revoke: Mailgun documents no request in which a key revokes itself, so
//! a person deletes it on the API Security page.

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Mailgun, as data.
pub const SPEC: Spec = Spec {
    id: "mailgun",
    name: "Mailgun",
    default_api_url: "https://api.mailgun.net",
    docs: "https://documentation.mailgun.com/docs/mailgun/api-reference/authentication",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/v4/domains",
            auth: Auth::BasicPassword("api"),
            headers: &[],
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
        console_url: "https://app.mailgun.com/settings/api_security",
        steps: "Sign in to Mailgun as an account Admin (or a user whose role may manage API keys), open Account settings > API Security, find the key by its last characters and delete it. A domain sending key is deleted instead under Sending > Domains > the domain > Domain settings > Sending API keys.",
        rotate: "create a replacement key with the narrowest role that works, update every server and CI secret that held the old one, and review the Logs and sending statistics for mail you did not send.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
