//! Telegram Bot API tokens (`<bot id>:<secret>`).
//!
//! Verify: `GET {base}/bot<token>/getMe` ("A simple method for testing your bot's
//! authentication token"; every request is `https://api.telegram.org/bot<token>/METHOD`,
//! <https://core.telegram.org/bots/api#making-requests>,
//! <https://core.telegram.org/bots/api#getme>). The token is only accepted in the
//! path. Every answer is JSON with a Boolean `ok`: 200 with `ok: true` → live, with
//! the bot's id and username; 401 (`ok: false`, "Unauthorized") → invalid; other
//! statuses → unknown. Revoke: the Bot API has no method that revokes the token; the
//! bot's owner revokes it with @BotFather (<https://core.telegram.org/bots/features#botfather>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Telegram, as data.
pub const SPEC: Spec = Spec {
    id: "telegram",
    name: "Telegram",
    default_api_url: "https://api.telegram.org",
    docs: "https://core.telegram.org/bots/api#getme",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/bot{key}/getMe",
            auth: Auth::Path,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: Some("/ok"),
        identity: &[
            (Field::UserId, "/result/id"),
            (Field::User, "/result/username"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://t.me/BotFather",
        steps: "From the Telegram account that created the bot, open a chat with @BotFather, send /revoke (or /token), pick the bot by its username, and confirm: the old token stops working and BotFather shows a new one.",
        rotate: "put the new token in every server and CI secret that ran the bot, re-register its webhook (setWebhook) if it used one, and review the chats and groups the bot is in for messages it did not send.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
