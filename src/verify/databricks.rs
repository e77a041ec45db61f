//! Databricks personal access tokens (`dapi…`), with the workspace host the rule finds
//! above them (`<deployment>.cloud.databricks.com`, `adb-<id>.<n>.azuredatabricks.net`,
//! `<id>.<n>.gcp.databricks.com`).
//!
//! Verify: "Get current user info", `GET {workspace}/api/2.0/preview/scim/v2/Me`
//! (<https://docs.databricks.com/api/workspace/currentuser/me>), with
//! `Authorization: Bearer TOKEN` (<https://docs.databricks.com/en/dev-tools/auth/pat.html>):
//! 200 → live (the user's id, user name and display name); 401, or 403 whose body says
//! "Invalid access token" → invalid; any other 403 (an IP access list, a disabled
//! workspace), 429, 5xx → unknown. A token found without its workspace host cannot be
//! checked: unknown, never invalid. The host must lie under one of Databricks' domains,
//! so scanned text never chooses where the token goes.
//!
//! Revoke: `POST /api/2.0/token/delete` takes a token id that is not in the token and
//! that the token list does not tie to a secret, so a person revokes it in the
//! workspace (<https://docs.databricks.com/en/dev-tools/auth/pat.html>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Databricks, as data.
pub const SPEC: Spec = Spec {
    id: "databricks",
    name: "Databricks",
    default_api_url: "https://{part:host}",
    docs: "https://docs.databricks.com/api/workspace/currentuser/me",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/api/2.0/preview/scim/v2/Me",
            auth: Auth::Bearer,
            headers: &[("Accept", "application/json")],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[(403, "Invalid access token")],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/id"),
            (Field::User, "/userName"),
            (Field::Team, "/displayName"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://docs.databricks.com/en/dev-tools/auth/pat.html#revoke-personal-access-tokens",
        steps: "Sign in to the workspace the token belongs to as its owner (or as a workspace admin), open your user name → Settings → Developer → Access tokens → Manage, and revoke the token by its comment and creation date; an admin can revoke any user's token under Settings → Advanced → Personal access tokens (the token-management API).",
        rotate: "create a replacement token with a short lifetime (or move the job to OAuth machine-to-machine credentials), update every job, CLI profile and CI secret that used the old one, and review the workspace's audit logs for the token's recent use.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[
        ".cloud.databricks.com",
        ".azuredatabricks.net",
        ".gcp.databricks.com",
    ],
};
