//! Mandrill (Mailchimp Transactional) API keys.
//!
//! Verify: `POST {base}/users/info` ("Get user info": the API-connected user's
//! username, reputation and quota) with the key as `key` in the JSON body, the only
//! place the Transactional API takes it
//! (<https://mailchimp.com/developer/transactional/guides/quick-start/>;
//! <https://mailchimp.com/developer/transactional/api/users/get-user-info/>).
//! 200 → live, with the username; 401 → invalid (since February 2023 an invalid or
//! revoked key is answered 401 Unauthorized instead of 500,
//! <https://mailchimp.com/developer/release-notes/added-support-for-401-unauthorized-response-code/>);
//! other statuses → unknown. Revoke: the Transactional API has no call that deletes
//! the key it is called with; a person deletes it in the Mandrill settings.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Mandrill, as data.
pub const SPEC: Spec = Spec {
    id: "mandrill",
    name: "Mandrill",
    default_api_url: "https://mandrillapp.com/api/1.0",
    docs: "https://mailchimp.com/developer/transactional/api/users/get-user-info/",
    check: Check {
        request: Request {
            method: Method::Post,
            path: "/users/info",
            auth: Auth::None,
            headers: &[],
            body: Body::Json(r#"{"key": "{key}"}"#),
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/public_id"),
            (Field::User, "/username"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://mandrillapp.com/settings",
        steps: "Sign in to Mandrill (Mailchimp Transactional) as a user of the account with access to its settings, open Settings > SMTP & API Info, find the key by its description and last characters, and delete it; the key is also an SMTP password, which stops working with it.",
        rotate: "create a new API key for the integration, update every server, CI secret and SMTP configuration that held the old one, and review Outbound activity and the sending domains for mail you did not send.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
