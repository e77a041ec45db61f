//! MongoDB Atlas service account secrets (`mdb_sa_sk_…`), with the client id
//! (`mdb_sa_id_…`) the rule finds above them.
//!
//! Verify: the OAuth 2.0 client-credentials request, `POST {base}/api/oauth/token` with
//! HTTP Basic (client id, secret) and `grant_type=client_credentials`
//! (<https://www.mongodb.com/docs/atlas/api/service-accounts/generate-oauth2-token/>).
//! It mints a short-lived access token and changes nothing; IP access lists apply only
//! when a token is used. 200 → live; 401, or 400 with `invalid_client` (RFC 6749 §5.2)
//! → invalid; 403, 429, 5xx → unknown. A secret found without its client id cannot be
//! checked: unknown, never invalid.
//!
//! Revoke: `POST /api/oauth/revoke` revokes an access token, not the secret; deleting
//! the secret needs the organization id and an Organization Owner, so a person does it
//! in Access Manager
//! (<https://www.mongodb.com/docs/atlas/tutorial/rotate-service-account-secrets/>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// MongoDB Atlas, as data.
pub const SPEC: Spec = Spec {
    id: "mongodb-atlas",
    name: "MongoDB Atlas",
    default_api_url: "https://cloud.mongodb.com",
    docs: "https://www.mongodb.com/docs/atlas/api/service-accounts/generate-oauth2-token/",
    check: Check {
        request: Request {
            method: Method::Post,
            path: "/api/oauth/token",
            auth: Auth::BasicPart("client_id"),
            headers: &[("Accept", "application/json")],
            body: Body::Form(&[("grant_type", "client_credentials")]),
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[(400, "invalid_client")],
        ok_flag: None,
        identity: &[(Field::Scopes, "/scope")],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://cloud.mongodb.com/v2#/preferences/organizations",
        steps: "Sign in as an Organization Owner, open the organization's Access Manager → Applications → Service Accounts, find the account by its client id, generate a new secret, move every client to it, then delete the leaked secret (for a project-level service account, from the project's Access Manager).",
        rotate: "update every Terraform provider, Atlas CLI profile, operator secret and CI job that held the old secret, and review the organization's and projects' activity feeds for clusters, database users and IP access list entries you did not create.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
