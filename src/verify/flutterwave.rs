//! Flutterwave (v3) secret keys (`FLWSECK-…-X`, test mode `FLWSECK_TEST-…-X`).
//!
//! Verify: `GET {base}/balances` ("Get multiple Wallet balances", read-only) with the
//! secret key as a Bearer token (<https://developer.flutterwave.com/reference/endpoints/misc/>;
//! <https://developer.flutterwave.com/docs/authentication>). 200 → live; 401
//! ("Unauthorized calls would return a 401 http code") → invalid; other statuses →
//! unknown. The answer lists balances, not an owner, so no identity. "Test keys will
//! always have _TEST in the prefix", so a live `FLWSECK_TEST-` key is reported as a
//! test key. Revoke: there is no API for a key to revoke itself; Flutterwave's advice
//! for a compromised key is Generate new keys on the dashboard's API keys settings,
//! which invalidates all existing keys.

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Flutterwave, as data.
pub const SPEC: Spec = Spec {
    id: "flutterwave",
    name: "Flutterwave",
    default_api_url: "https://api.flutterwave.com/v3",
    docs: "https://developer.flutterwave.com/reference/endpoints/misc/",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/balances",
            auth: Auth::Bearer,
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
        console_url: "https://app.flutterwave.com/dashboard/settings/apis",
        steps: "Sign in to the Flutterwave dashboard as an owner or admin of the business, switch to the key's mode (Live, or Test for FLWSECK_TEST- keys), open Settings > API keys under Developers, and choose Generate new keys: every existing key of that mode stops working.",
        rotate: "put the new secret (and public and encryption) keys in every server and CI secret that held the old ones, and review transactions, transfers and refunds for activity you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &["FLWSECK_TEST-"],
    hosts: &[],
};
