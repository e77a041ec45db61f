//! DigitalOcean API tokens: personal access tokens (`dop_v1_`) and OAuth access tokens
//! (`doo_v1_`). Refresh tokens (`dor_v1_`) are not accepted as Bearer and are not linked.
//!
//! Verify: `GET {base}/account` with `Authorization: Bearer KEY` ("Get User Information",
//! <https://docs.digitalocean.com/reference/api/digitalocean/#tag/Account>; the
//! `doctl account get` request): 200 with the account (email, uuid, team) → live,
//! 401 → invalid.
//!
//! Revoke: personal access tokens have no self-revocation endpoint; a person deletes the
//! token on the Applications & API page
//! (<https://docs.digitalocean.com/reference/api/create-personal-access-token/>). OAuth
//! tokens are revoked on `cloud.digitalocean.com`, a different host from the API base,
//! so leakscan points to the same page.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// DigitalOcean, as data.
pub const SPEC: Spec = Spec {
    id: "digitalocean",
    name: "DigitalOcean",
    default_api_url: "https://api.digitalocean.com/v2",
    docs: "https://docs.digitalocean.com/reference/api/digitalocean/#tag/Account",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/account",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/account/uuid"),
            (Field::Email, "/account/email"),
            (Field::TeamId, "/account/team/uuid"),
            (Field::Team, "/account/team/name"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://cloud.digitalocean.com/account/api/tokens",
        steps: "Sign in as the token's creator (a team owner can also see the team's tokens), switch to the team the token belongs to, open API > Tokens, find the token by name and creation date (the page shows only its prefix) and delete it; for an OAuth token, revoke the application's access under Authorized Applications on the same page.",
        rotate: "create a replacement token with only the scopes it needs, update every deployment, Terraform state and CI secret that held the old one, and review the team's security history for actions you did not take.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
