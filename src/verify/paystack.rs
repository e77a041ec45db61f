//! Paystack secret keys (`sk_live_`, `sk_test_`).
//!
//! Verify: `GET {base}/balance` ("Fetch Balance": the integration's balance per
//! currency, read-only) with `Authorization: Bearer SECRET_KEY`
//! (<https://paystack.com/docs/api/authentication/>;
//! <https://paystack.com/docs/api/transfer-control/>). Requests without a
//! valid key "fail with the status 401 Unauthorized": 200 → live, 401 → invalid,
//! other statuses → unknown. The answer names no owner, so no identity. `sk_test_`
//! keys reach only test-mode data, so a live one is reported as a test key. Revoke:
//! Paystack has no API for a key to revoke itself; an Admin generates a new secret
//! key on the dashboard's API Keys & Webhooks page, which retires the old one
//! (<https://support.paystack.com/en/articles/2123458>).

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Paystack, as data.
pub const SPEC: Spec = Spec {
    id: "paystack",
    name: "Paystack",
    default_api_url: "https://api.paystack.co",
    docs: "https://paystack.com/docs/api/authentication/",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/balance",
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
        console_url: "https://dashboard.paystack.com/#/settings/developers",
        steps: "Sign in to the Paystack dashboard as an Admin of the business, open Settings > API Keys & Webhooks, switch to the key's mode (Live for sk_live_, Test for sk_test_), choose Generate new secret key and set the old key to expire now.",
        rotate: "update every server and CI secret that held the old key, and review Transactions, Transfers and Refunds for activity you did not make; transfers from the balance are the main risk of a leaked live key.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &["sk_test_"],
    hosts: &[],
};
