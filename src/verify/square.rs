//! Square access tokens (personal access tokens and OAuth access tokens), production
//! environment.
//!
//! Verify: `GET {base}/v2/merchants/me` ("RetrieveMerchant": `me` is the merchant
//! the token can access) with `Authorization: Bearer TOKEN`
//! (<https://developer.squareup.com/docs/merchants-api>; access tokens,
//! <https://developer.squareup.com/docs/build-basics/access-tokens>). 200 → live;
//! 401 (`AUTHENTICATION_ERROR` / `UNAUTHORIZED`,
//! <https://developer.squareup.com/docs/build-basics/handling-errors>) → invalid;
//! anything else → unknown. Square Sandbox tokens only work against
//! `connect.squareupsandbox.com`, so a Sandbox token is answered 401 here.
//! Revoke: `POST /oauth2/revoke` takes `Authorization: Client APPLICATION_SECRET`,
//! not the token itself
//! (<https://developer.squareup.com/reference/square/o-auth/revoke-token>), and
//! personal access tokens have no API at all; a person replaces the token in the
//! Developer Console.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Square, as data.
pub const SPEC: Spec = Spec {
    id: "square",
    name: "Square",
    default_api_url: "https://connect.squareup.com",
    docs: "https://developer.squareup.com/docs/merchants-api",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/v2/merchants/me",
            auth: Auth::Bearer,
            headers: &[("Accept", "application/json")],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::TeamId, "/merchant/id"),
            (Field::Team, "/merchant/business_name"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://developer.squareup.com/apps",
        steps: "Sign in to the Square Developer Console as the owner of the application, open the application, choose Credentials in Production, and replace the personal access token. For an OAuth access token, the seller revokes the application's access from the Square Dashboard (or the application owner revokes it with the application secret).",
        rotate: "update every server and CI secret that held the old token, and review the seller's payments, refunds and customer exports in the Square Dashboard for activity you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
