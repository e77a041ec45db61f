//! HCP Terraform (Terraform Cloud) API tokens: user, team and organization tokens, as
//! found in the CLI credentials file and `TF_TOKEN_<host>` variables.
//!
//! Verify: `GET {base}/account/details` with `Authorization: Bearer KEY` ("Get your
//! account details",
//! <https://developer.hashicorp.com/terraform/cloud-docs/api-docs/account>):
//! 200 with a `users` document (a synthetic service user for team and organization
//! tokens) → live, 401 → invalid. A token for a Terraform Enterprise host must be
//! checked with `LEAKSCAN_TERRAFORM_API_URL` set to that host's `/api/v2`; against
//! app.terraform.io it reads as invalid.
//!
//! Revoke: deleting a token (`DELETE /authentication-tokens/:id`) needs the token's id,
//! which is not part of the token; a person deletes it in the settings
//! (<https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// HCP Terraform, as data.
pub const SPEC: Spec = Spec {
    id: "terraform",
    name: "HCP Terraform",
    default_api_url: "https://app.terraform.io/api/v2",
    docs: "https://developer.hashicorp.com/terraform/cloud-docs/api-docs/account",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/account/details",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::UserId, "/data/id"),
            (Field::User, "/data/attributes/username"),
            (Field::Email, "/data/attributes/email"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://app.terraform.io/app/settings/tokens",
        steps: "For a user token, sign in as that user and delete it under Account settings > Tokens (match by description and last-used date); a team token is regenerated or deleted by an organization owner under the team's API tokens, an organization token under Organization settings > API tokens.",
        rotate: "issue a replacement token, update credentials.tfrc.json and TF_TOKEN_* variables in CI, and since the token could read workspace state and variables, rotate the cloud credentials stored in those workspaces and review the audit trail.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
