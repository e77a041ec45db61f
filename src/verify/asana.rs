//! Asana personal access tokens.
//!
//! Verify: `GET {base}/users/me` with `Authorization: Bearer TOKEN` ("Get a user"
//! with `me` as the id, <https://developers.asana.com/reference/getuser>; base URL,
//! <https://developers.asana.com/docs/using-curl>; personal access tokens,
//! <https://developers.asana.com/docs/personal-access-token>): 200 → live,
//! with the user and first workspace; 401 → invalid. Revoke: Asana's revocation
//! endpoint is for OAuth tokens and needs the app's client credentials; a personal
//! access token is deauthorized by its owner in the developer console.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Asana, as data.
pub const SPEC: Spec = Spec {
    id: "asana",
    name: "Asana",
    default_api_url: "https://app.asana.com/api/1.0",
    docs: "https://developers.asana.com/docs/personal-access-token",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/users/me",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/data/gid"),
            (Field::User, "/data/name"),
            (Field::Email, "/data/email"),
            (Field::TeamId, "/data/workspaces/0/gid"),
            (Field::Team, "/data/workspaces/0/name"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://app.asana.com/0/my-apps",
        steps: "The token's owner (the identity above) signs in, opens the developer console (My apps > Personal access tokens), finds the token by its name and deauthorizes (deletes) it.",
        rotate: "create a new token, update every script, integration and CI secret that used the old one, and review the workspace's tasks, projects and comments for changes you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
