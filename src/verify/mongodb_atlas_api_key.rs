//! MongoDB Atlas programmatic API keys: the private key (a UUID), with the public key
//! the rule finds above it.
//!
//! Verify: "Return all organizations", `GET {base}/orgs?itemsPerPage=1` with
//! `Accept: application/vnd.atlas.2023-01-01+json`
//! (<https://www.mongodb.com/docs/api/doc/atlas-admin-api-v2/operation/operation-listorgs>),
//! authenticated with HTTP Digest, the public key as the user name and the private key
//! as the password (<https://www.mongodb.com/docs/atlas/api/api-authentication/>): the
//! first request is answered 401 with the Digest challenge, the answered one 200 →
//! live (the first organization's id and name) or 401 → invalid; 403 (an API access
//! list that excludes this machine), 429, 5xx → unknown. A private key found without
//! its public key cannot be checked: unknown, never invalid.
//!
//! Revoke: deleting an API key takes the organization id and the key's id, and an
//! Organization Owner; a person deletes it in the organization's Access Manager.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// MongoDB Atlas programmatic API keys, as data.
pub const SPEC: Spec = Spec {
    id: "mongodb-atlas-api-key",
    name: "MongoDB Atlas API keys",
    default_api_url: "https://cloud.mongodb.com/api/atlas/v2",
    docs: "https://www.mongodb.com/docs/atlas/api/api-authentication/",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/orgs?itemsPerPage=1",
            auth: Auth::DigestPart("public"),
            headers: &[("Accept", "application/vnd.atlas.2023-01-01+json")],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::TeamId, "/results/0/id"),
            (Field::Team, "/results/0/name"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://cloud.mongodb.com/v2#/preferences/organizations",
        steps: "Sign in as an Organization Owner, open the organization's Access Manager → Applications → API Keys, find the key by its public key (shown in full) and delete it; a project-only key is also listed under the project's Access Manager.",
        rotate: "create a replacement key (or a service account) with the least role it needs and an API access list, update every Terraform provider, Atlas CLI profile and CI secret that held the old pair, and review the organization's activity feed for clusters, database users and network access changes you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
