//! Postman API keys (`PMAK-…`).
//!
//! Verify: `GET {base}/me` with the key in the `X-Api-Key` header ("Get authenticated
//! user", <https://learning.postman.com/api-docs/api-reference/users/get-authenticated-user>;
//! authentication, <https://learning.postman.com/docs/developer/postman-api/authentication/>):
//! 200 → live, with the key's user and team; 401 → invalid. Revoke: the Postman API
//! has no request by which a key deletes itself; its owner deletes it on the API keys
//! page of the account settings.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Postman, as data.
pub const SPEC: Spec = Spec {
    id: "postman",
    name: "Postman",
    default_api_url: "https://api.getpostman.com",
    docs: "https://learning.postman.com/api-docs/api-reference/users/get-authenticated-user",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/me",
            auth: Auth::Header("X-Api-Key", ""),
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/user/id"),
            (Field::User, "/user/username"),
            (Field::Email, "/user/email"),
            (Field::TeamId, "/user/teamId"),
            (Field::Team, "/user/teamName"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://go.postman.co/settings/me/api-keys",
        steps: "The key's owner (the identity above) signs in, opens Settings > API keys, finds the key by its name and deletes it.",
        rotate: "generate a new key, update the Postman CLI (`postman login --with-api-key`), CI jobs and integrations that used the old one, and check the collections and environments the key could read for secrets that now need rotating too.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
