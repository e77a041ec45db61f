//! New Relic user keys (`NRAK-…`), the keys NerdGraph and the REST API take.
//!
//! Verify: `POST {base}/graphql` with the key in the `API-Key` header and the JSON
//! body `{"query": "{ actor { user { email name id } } }"}` (NerdGraph,
//! <https://docs.newrelic.com/docs/apis/nerdgraph/get-started/introduction-new-relic-nerdgraph/>;
//! keys, <https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/>): 200 →
//! live, with the key's user; 401 → invalid. The base is the US endpoint; keys of EU
//! accounts are checked against `https://api.eu.newrelic.com` (set
//! `LEAKSCAN_NEWRELIC_API_URL`), otherwise they read as invalid. Revoke: no request
//! lets a user key delete itself with only itself; a person deletes it on the API
//! keys page.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// New Relic, as data.
pub const SPEC: Spec = Spec {
    id: "newrelic",
    name: "New Relic",
    default_api_url: "https://api.newrelic.com",
    docs: "https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/",
    check: Check {
        request: Request {
            method: Method::Post,
            path: "/graphql",
            auth: Auth::Header("API-Key", ""),
            headers: &[],
            body: Body::Json(r#"{"query": "{ actor { user { email name id } } }"}"#),
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/data/actor/user/id"),
            (Field::User, "/data/actor/user/name"),
            (Field::Email, "/data/actor/user/email"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://one.newrelic.com/api-keys",
        steps: "Sign in as the user the key belongs to (the identity above) or as a user with the authentication-domain or organization admin role (EU accounts: one.eu.newrelic.com), open the API keys page, filter by key type User, find the key by the characters shown and delete it.",
        rotate: "create a new user key, update every CLI profile, Terraform provider, CI secret and script that used the old one, and review the account's NerdGraph audit events (NrAuditEvent) for changes you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
