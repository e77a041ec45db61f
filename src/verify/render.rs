//! Render API keys (`RENDER_API_KEY`, usually `rnd_`).
//!
//! Verify: `GET {base}/users` with `Authorization: Bearer KEY` (operation `getUser`,
//! "the user associated with the provided API key", in Render's API reference,
//! <https://api-docs.render.com/reference/introduction>, and the official CLI's generated
//! client; authentication, <https://render.com/docs/api#1-create-an-api-key>): 200 with
//! the user's name and email → live, 401 `unauthorized` → invalid.
//!
//! Revoke: the API has no key-revocation endpoint; a person deletes the key under
//! Account Settings > API Keys.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Render, as data.
pub const SPEC: Spec = Spec {
    id: "render",
    name: "Render",
    default_api_url: "https://api.render.com/v1",
    docs: "https://api-docs.render.com/reference/introduction",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/users",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[(Field::User, "/name"), (Field::Email, "/email")],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://dashboard.render.com/u/settings#api-keys",
        steps: "Sign in as the user who created the key (keys are personal and reach every workspace the user belongs to), open Account Settings > API Keys, find the key by name and creation date and revoke it.",
        rotate: "create a new key, update RENDER_API_KEY in CI and scripts, and review each workspace's audit log and service environment variables for changes you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
