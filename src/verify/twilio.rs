//! Twilio account auth tokens, with the account SID the rule finds above them.
//!
//! Verify: "Fetch an Account resource", `GET {base}/Accounts/{AccountSid}.json`
//! (<https://www.twilio.com/docs/iam/api/account>), with HTTP Basic authentication,
//! the account SID as the user name and the auth token as the password
//! (<https://www.twilio.com/docs/iam/api>): 200 → live (the account's SID, friendly
//! name and status); 401 → invalid; 403, 404, 429, 5xx → unknown. A token found
//! without its SID cannot be checked: unknown, never invalid. Revoke: no API for a
//! token to revoke itself; the account owner rotates it in the Console.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Twilio, as data.
pub const SPEC: Spec = Spec {
    id: "twilio",
    name: "Twilio",
    default_api_url: "https://api.twilio.com/2010-04-01",
    docs: "https://www.twilio.com/docs/iam/api/account",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/Accounts/{part:sid}.json",
            auth: Auth::BasicPart("sid"),
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::TeamId, "/sid"),
            (Field::Team, "/friendly_name"),
            (Field::Scopes, "/status"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://console.twilio.com/us1/account/keys-credentials/api-keys",
        steps: "Sign in as an Owner or Administrator of the account, open Account → API keys & tokens, create a secondary auth token, move every integration to it, then promote it, which retires the leaked primary token.",
        rotate: "update every service, CI secret and webhook validator that used the old token (request signatures are computed with it), and prefer API keys (SK…) for applications.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
