//! Linear personal API keys (`lin_api_…`).
//!
//! Verify: `POST {base}/graphql` with the key as the whole `Authorization` header
//! (personal keys take no `Bearer` prefix; OAuth tokens do) and the JSON body
//! `{"query": "{ viewer { id name email } }"}` (GraphQL API,
//! <https://linear.app/developers/graphql>; the official SDK sends an API key this
//! way, <https://github.com/linear/linear/blob/master/packages/sdk/src/client.ts>):
//! 200 → live, with the key's user; 401 → invalid; any other status, a 400 with a
//! GraphQL error included, → unknown. Revoke: no request
//! lets a key revoke itself; its owner, or a workspace admin, revokes it in the
//! settings (<https://linear.app/docs/api-and-webhooks>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Linear, as data.
pub const SPEC: Spec = Spec {
    id: "linear",
    name: "Linear",
    default_api_url: "https://api.linear.app",
    docs: "https://linear.app/developers/graphql",
    check: Check {
        request: Request {
            method: Method::Post,
            path: "/graphql",
            auth: Auth::Header("Authorization", ""),
            headers: &[],
            body: Body::Json(r#"{"query": "{ viewer { id name email } }"}"#),
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/data/viewer/id"),
            (Field::User, "/data/viewer/name"),
            (Field::Email, "/data/viewer/email"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://linear.app/settings/account/security",
        steps: "The key's owner (the identity above) signs in, opens Settings > Account > Security & access, finds the key under Personal API keys by its label and revokes it; a workspace admin can also revoke any member's key from Settings > Administration > API.",
        rotate: "create a new key with the narrowest permissions and team access that work, update every script, CI secret and integration that used the old one, and review the workspace's recent issue, project and comment changes for activity you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
