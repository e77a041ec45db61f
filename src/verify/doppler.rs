//! Doppler tokens (`DOPPLER_TOKEN`: personal `dp.pt.`, CLI `dp.ct.`, service `dp.st.`,
//! service account `dp.sa.` and identity `dp.said.` tokens).
//!
//! Verify: `GET {base}/v3/me` with `Authorization: Bearer KEY` ("Me: get information
//! about a token", <https://docs.doppler.com/reference/auth-me>; authentication,
//! <https://docs.doppler.com/reference/api>): 200 with the token's type and workplace →
//! live, 401 → invalid.
//!
//! Revoke: `POST {base}/v3/auth/revoke` with the JSON body `{"token": KEY}` and no other
//! authentication ("Revoke an auth token", <https://docs.doppler.com/reference/auth-revoke>),
//! 200 on success.

use super::spec::{Auth, Body, Check, Field, Method, Request, Revoke, Spec};

/// Doppler, as data.
pub const SPEC: Spec = Spec {
    id: "doppler",
    name: "Doppler",
    default_api_url: "https://api.doppler.com",
    docs: "https://docs.doppler.com/reference/auth-me",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/v3/me",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::TeamId, "/workplace/slug"),
            (Field::Team, "/workplace/name"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Api(Request {
        method: Method::Post,
        path: "/v3/auth/revoke",
        auth: Auth::None,
        headers: &[],
        body: Body::Json(r#"{"token": "{key}"}"#),
        ok: &[200, 204],
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
