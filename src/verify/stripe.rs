//! Stripe secret keys (`sk_live_`, `sk_test_`) and restricted keys (`rk_live_`, `rk_test_`).
//!
//! Verify: `GET {base}/v1/account` ("Retrieve account": the account the key belongs
//! to) with the key as the HTTP Basic user name and no password, as Stripe's
//! authentication section says (<https://docs.stripe.com/api/authentication>;
//! <https://docs.stripe.com/api/accounts/retrieve>). Status codes per
//! <https://docs.stripe.com/api/errors>: 200 → live, 401 ("No valid API key
//! provided") → invalid; 403 (a restricted key without read access to the account)
//! → unknown. `sk_test_` / `rk_test_` keys reach only test-mode data, so a live one
//! is reported as a test key. Revoke: Stripe documents no API for a key to delete or
//! roll itself; a person deletes or rolls it in the Dashboard
//! (<https://docs.stripe.com/keys>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Stripe, as data.
pub const SPEC: Spec = Spec {
    id: "stripe",
    name: "Stripe",
    default_api_url: "https://api.stripe.com",
    docs: "https://docs.stripe.com/api/authentication",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/v1/account",
            auth: Auth::BasicUser,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::TeamId, "/id"),
            (Field::Team, "/business_profile/name"),
            (Field::Email, "/email"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://dashboard.stripe.com/apikeys",
        steps: "Sign in to the Stripe account the key belongs to as an Administrator (or Developer), open Developers > API keys in the key's mode (live or test), find the secret or restricted key by its last characters, and choose Roll key with immediate expiry, or Delete key.",
        rotate: "put the new key in every server and CI secret that held the old one, check Workbench request logs and the balance, payouts and refunds for activity you did not make, and rotate webhook signing secrets stored alongside the key.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &["sk_test_", "rk_test_"],
    hosts: &[],
};
