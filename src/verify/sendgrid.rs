//! Twilio SendGrid API keys (`SG.<key id>.<secret>`).
//!
//! Verify: `GET {base}/v3/scopes` ("Retrieve a list of scopes for which this user has
//! access": the scopes of the key that authenticates the call) with
//! `Authorization: Bearer KEY`
//! (<https://www.twilio.com/docs/sendgrid/api-reference/api-key-permissions/retrieve-a-list-of-scopes-for-which-this-user-has-access>):
//! 200 → live, with the key's scopes; 401 ("authorization required") → invalid; 403
//! → unknown. Revoke: `DELETE {base}/v3/api_keys/{api_key_id}` with the key itself as
//! Bearer ("Delete API keys": revokes the key with that id; 204 on success,
//! <https://www.twilio.com/docs/sendgrid/api-reference/api-keys/delete-api-keys>).
//! The id is the middle part of the key: SendGrid's "Create API keys" example answers
//! `"api_key": "SG.xxxxxxxx.yyyyyyyy"` with `"api_key_id": "xxxxxxxx"`
//! (<https://www.twilio.com/docs/sendgrid/api-reference/api-keys/create-api-keys>).
//! A key without the `api_keys.delete` scope is refused (403), and revocation fails
//! rather than claims success. EU-region subusers use `https://api.eu.sendgrid.com`
//! (set `LEAKSCAN_SENDGRID_API_URL`).

use super::spec::{Auth, Body, Check, Field, Method, Request, Revoke, Spec};

/// SendGrid, as data.
pub const SPEC: Spec = Spec {
    id: "sendgrid",
    name: "SendGrid",
    default_api_url: "https://api.sendgrid.com",
    docs: "https://www.twilio.com/docs/sendgrid/api-reference/api-key-permissions/retrieve-a-list-of-scopes-for-which-this-user-has-access",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/v3/scopes",
            auth: Auth::Bearer,
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[(Field::Scopes, "/scopes")],
        scopes_header: None,
    },
    revoke: Revoke::Api(Request {
        method: Method::Delete,
        path: "/v3/api_keys/{key_id}",
        auth: Auth::Bearer,
        headers: &[],
        body: Body::Empty,
        ok: &[204],
    }),
    key_id: Some(key_id),
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};

/// The key id of `SG.<id>.<secret>`: the part between the two dots.
fn key_id(key: &str) -> Option<String> {
    let rest = key.strip_prefix("SG.")?;
    let (id, secret) = rest.split_once('.')?;
    if id.is_empty() || secret.is_empty() || secret.contains('.') {
        return None;
    }
    Some(id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_id_is_the_middle_part() {
        assert_eq!(
            key_id("SG.qfTQ6KG0QBiwWdJ0-pCLCA.abcdefghijklmnop").as_deref(),
            Some("qfTQ6KG0QBiwWdJ0-pCLCA")
        );
        assert_eq!(key_id("SG.only-one-part"), None);
        assert_eq!(key_id("XX.a.b"), None);
        assert_eq!(key_id("SG..secret"), None);
    }
}
