//! Discord bot tokens.
//!
//! Verify: `GET {base}/users/@me` ("Get Current User": the bot's own user object)
//! with `Authorization: Bot TOKEN`, the form Discord documents for bot tokens
//! (<https://discord.com/developers/docs/reference#authentication>;
//! <https://discord.com/developers/docs/resources/user#get-current-user>), on the
//! versioned base `https://discord.com/api/v10`
//! (<https://discord.com/developers/docs/reference#api-versioning>). 200 → live, with
//! the bot's id and username; 401 → invalid; other statuses → unknown. Revoke:
//! Discord has no request with which a bot token revokes itself; a member of the
//! application's team resets it in the Developer Portal, which invalidates the old
//! token.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Discord, as data.
pub const SPEC: Spec = Spec {
    id: "discord",
    name: "Discord",
    default_api_url: "https://discord.com/api/v10",
    docs: "https://discord.com/developers/docs/resources/user#get-current-user",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/users/@me",
            auth: Auth::Header("Authorization", "Bot "),
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[(Field::UserId, "/id"), (Field::User, "/username")],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://discord.com/developers/applications",
        steps: "Sign in as the application's owner (or a team member allowed to manage it), open the application whose bot has this id, go to Bot, and choose Reset Token: the old token stops working at once.",
        rotate: "put the new token in every host and CI secret that ran the bot, and review the audit logs of the servers the bot is in for messages, kicks, bans or role changes it did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
