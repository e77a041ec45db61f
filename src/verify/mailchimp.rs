//! Mailchimp Marketing API keys (`<32 hex>-<data centre>`, e.g. `…-us6`).
//!
//! Verify: `GET https://<dc>.api.mailchimp.com/3.0/` ("API Root": links to the
//! resources and details about the account,
//! <https://developer.mailchimp.com/documentation/mailchimp/reference/root/>) with
//! HTTP Basic, any user name and the key as the password
//! (<https://mailchimp.com/developer/marketing/guides/quick-start/>). The data centre
//! is the part of the key after its last `-`, as the quick-start guide and
//! Mailchimp's own SDKs read it. 200 → live, with the account; 401 (API key missing
//! or invalid, or the wrong data centre,
//! <https://mailchimp.com/developer/marketing/docs/errors/>) → invalid; other
//! statuses → unknown. Revoke: the Marketing API has no request to revoke a key; a
//! person revokes it on the account's API keys page, after which it cannot be
//! reactivated (<https://mailchimp.com/help/about-api-keys/>).

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Mailchimp, as data.
pub const SPEC: Spec = Spec {
    id: "mailchimp",
    name: "Mailchimp",
    default_api_url: "https://{part}.api.mailchimp.com/3.0",
    docs: "https://mailchimp.com/developer/marketing/guides/quick-start/",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/",
            auth: Auth::BasicPassword("anystring"),
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::TeamId, "/account_id"),
            (Field::Team, "/account_name"),
            (Field::UserId, "/login_id"),
            (Field::User, "/username"),
            (Field::Email, "/email"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://admin.mailchimp.com/account/api/",
        steps: "Sign in to the Mailchimp account the key belongs to as the user who created it or as an Admin (who sees every user's keys), open Profile > Extras > API keys, find the key by its name and first characters, and choose Revoke.",
        rotate: "generate a new key for the integration, update every server and CI secret that held the old one, and review audiences and campaigns for exports, sends or changes you did not make.",
    }),
    key_id: None,
    base_part: Some(data_centre),
    test_prefixes: &[],
    hosts: &[],
};

/// The data centre of `<key>-<dc>`: what follows the key's last `-`.
fn data_centre(key: &str) -> Option<String> {
    let (_, dc) = key.rsplit_once('-')?;
    if dc.is_empty() || !dc.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    Some(dc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_centre_follows_the_last_dash() {
        assert_eq!(
            data_centre("0123456789abcdef0123456789abcdef-us6").as_deref(),
            Some("us6")
        );
        assert_eq!(data_centre("0123456789abcdef0123456789abcdef"), None);
        assert_eq!(data_centre("0123456789abcdef-"), None);
        assert_eq!(data_centre("abc-us6/x"), None);
    }
}
