//! Notion integration secrets (`ntn_…`, legacy `secret_…`).
//!
//! Verify: `GET {base}/users/me` with `Authorization: Bearer TOKEN` and the required
//! `Notion-Version` header ("Retrieve your token's bot user",
//! <https://developers.notion.com/reference/get-self>; statuses,
//! <https://developers.notion.com/reference/status-codes>): 200 → live, with the
//! integration's bot user and the person who authorized it; 401 (`unauthorized`) →
//! invalid. Revoke: Notion documents no request by which an internal integration's
//! secret revokes itself; a workspace owner regenerates the secret (or deletes the
//! integration) on the integrations page.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Notion, as data.
pub const SPEC: Spec = Spec {
    id: "notion",
    name: "Notion",
    default_api_url: "https://api.notion.com/v1",
    docs: "https://developers.notion.com/reference/get-self",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/users/me",
            auth: Auth::Bearer,
            headers: &[("Notion-Version", "2022-06-28")],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/id"),
            (Field::User, "/bot/owner/user/name"),
            (Field::User, "/name"),
            (Field::Email, "/bot/owner/user/person/email"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://www.notion.so/profile/integrations",
        steps: "A Workspace Owner of the integration's workspace signs in, opens the integrations page, selects the integration (the bot name above), and under Configuration refreshes (regenerates) the internal integration secret, or deletes the integration if it is no longer needed.",
        rotate: "store the new secret in every deployment and CI secret that used the old one, review which pages and databases are shared with the integration and trim them, and check the workspace audit log (Enterprise) for page changes or exports you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
