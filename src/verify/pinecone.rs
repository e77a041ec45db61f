//! Pinecone API keys (`pcsk_…`, scoped to one project).
//!
//! Verify: `GET {base}/indexes` with `Api-Key: KEY` and `X-Pinecone-Api-Version:
//! 2025-04` ("List indexes: all indexes in a project",
//! <https://docs.pinecone.io/reference/api/2025-04/control-plane/list_indexes>): 200 →
//! live, 401 → invalid; 403 (a key whose custom permissions exclude the control
//! plane) is unknown. The answer names indexes, not an owner, so no identity. Revoke:
//! the Admin API's `DELETE /admin/api-keys/{api_key_id}` needs a service-account
//! token and the key's id; a person deletes the key on the project's API keys page
//! (<https://docs.pinecone.io/guides/projects/manage-api-keys>).

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Pinecone, as data.
pub const SPEC: Spec = Spec {
    id: "pinecone",
    name: "Pinecone",
    default_api_url: "https://api.pinecone.io",
    docs: "https://docs.pinecone.io/reference/api/2025-04/control-plane/list_indexes",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/indexes",
            auth: Auth::Header("Api-Key", ""),
            headers: &[("X-Pinecone-Api-Version", "2025-04")],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://app.pinecone.io/organizations/-/projects",
        steps: "Sign in to the Pinecone console as a project owner of the key's project, select the project, open API keys, find the key by its name and delete it.",
        rotate: "create a new key with only the permissions it needs, update PINECONE_API_KEY in every deployment and CI secret, and check the project's indexes and namespaces for vectors read, written or deleted without you.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
