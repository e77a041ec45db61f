//! Deepgram API keys (40 hex characters, sent as `Authorization: Token KEY`,
//! <https://developers.deepgram.com/reference/authentication>).
//!
//! Verify: `GET {base}/projects` with `Authorization: Token KEY` ("List Projects:
//! retrieves basic information about the projects associated with the API key",
//! <https://developers.deepgram.com/reference/manage/projects/list>): 200 → live, with
//! the first project's id and name; 401 (`INVALID_AUTH`) → invalid; 403 (a key whose
//! role may not read projects) is unknown (<https://developers.deepgram.com/reference/errors>).
//! Revoke: `DELETE /v1/projects/{project_id}/keys/{key_id}` needs the project id and
//! the key's id, neither of which is part of the key; a person deletes it in the
//! console (project Settings > API Keys).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Deepgram, as data.
pub const SPEC: Spec = Spec {
    id: "deepgram",
    name: "Deepgram",
    default_api_url: "https://api.deepgram.com/v1",
    docs: "https://developers.deepgram.com/reference/manage/projects/list",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/projects",
            auth: Auth::Header("Authorization", "Token "),
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::TeamId, "/projects/0/project_id"),
            (Field::Team, "/projects/0/name"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://console.deepgram.com",
        steps: "Sign in to the Deepgram Console as an owner or admin of the key's project (the project above), select that project, open Settings > API Keys, find the key by its comment and delete it.",
        rotate: "create a new key with the narrowest role that works, update DEEPGRAM_API_KEY in every deployment and CI secret, and review the project's usage and balance for requests you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
