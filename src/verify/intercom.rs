//! Intercom access tokens (a private app's token for its own workspace).
//!
//! Verify: `GET {base}/me` with `Authorization: Bearer TOKEN` ("Identify an admin",
//! <https://developers.intercom.com/docs/references/rest-api/api.intercom.io/admins/identifyadmin>;
//! access tokens,
//! <https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/>):
//! 200 → live, with the admin and the workspace (app); 401 (`unauthorized`) →
//! invalid. The base is the US region; workspaces hosted in the EU or Australia answer
//! at `https://api.eu.intercom.io` / `https://api.au.intercom.io` (set
//! `LEAKSCAN_INTERCOM_API_URL`), otherwise their tokens read as invalid. Revoke:
//! Intercom documents no request by which an access token revokes itself; a person
//! with access to the app in the Developer Hub removes it.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Intercom, as data.
pub const SPEC: Spec = Spec {
    id: "intercom",
    name: "Intercom",
    default_api_url: "https://api.intercom.io",
    docs: "https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/me",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/id"),
            (Field::User, "/name"),
            (Field::Email, "/email"),
            (Field::TeamId, "/app/id_code"),
            (Field::Team, "/app/name"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://app.intercom.com/a/apps/_/developer-hub",
        steps: "A teammate of the workspace above with access to the Developer Hub opens the app that owns the token (Configure > Authentication shows it), and either regenerates the access token there or uninstalls the app from the workspace (Test & Publish > Your workspaces) and deletes it, which stops the token working.",
        rotate: "create or install a replacement app with only the permissions it needs, put its new token in every integration and CI secret that held the old one, and review the workspace's contacts, conversations and data exports for activity you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
