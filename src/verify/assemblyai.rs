//! AssemblyAI API keys (32 hex characters, each scoped to one project; sent as
//! `Authorization: KEY`).
//!
//! Verify: `GET {base}/v2/transcript` with `Authorization: KEY` ("List transcripts":
//! the project's transcripts of the last 90 days, newest first, one page,
//! <https://www.assemblyai.com/docs/api-reference/transcripts/list>); it reads and
//! costs nothing. 200 → live, 401 (missing or invalid key) → invalid. The answer
//! lists transcripts, not an owner, so no identity. Revoke: AssemblyAI documents no
//! API for it; a person deletes the key in the dashboard
//! (<https://www.assemblyai.com/docs/account-management>).

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// AssemblyAI, as data.
pub const SPEC: Spec = Spec {
    id: "assemblyai",
    name: "AssemblyAI",
    default_api_url: "https://api.assemblyai.com",
    docs: "https://www.assemblyai.com/docs/api-reference/transcripts/list",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/v2/transcript",
            auth: Auth::Header("Authorization", ""),
            headers: &[],
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
        console_url: "https://www.assemblyai.com/dashboard/home",
        steps: "Sign in to the AssemblyAI dashboard as a member of the key's account, open Workspace > Manage > API Keys, select the project the key belongs to, find the key and delete it.",
        rotate: "create a new key in the same project, update ASSEMBLYAI_API_KEY in every deployment and CI secret, and review the project's transcript logs and usage: the leaked key could read every transcript the project holds.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
