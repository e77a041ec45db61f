//! RubyGems.org API keys (`rubygems_`).
//!
//! Verify: `GET {base}/api/v1/gems.json` with the key as the whole `Authorization`
//! header ("List all gems that you own",
//! <https://guides.rubygems.org/rubygems-org-api/#gem-methods>; API authorization,
//! <https://guides.rubygems.org/rubygems-org-api/#api-authorization>): 200 with the
//! owner's gems → live, 401 → invalid. A key without the scope this call needs answers
//! 403 → unknown (<https://guides.rubygems.org/api-key-scopes/>). The answer names gems,
//! not the owner, so no identity.
//!
//! Revoke: the API has no endpoint that deletes a key given only itself; a person
//! deletes it on the API keys page.

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// RubyGems.org, as data.
pub const SPEC: Spec = Spec {
    id: "rubygems",
    name: "RubyGems.org",
    default_api_url: "https://rubygems.org",
    docs: "https://guides.rubygems.org/rubygems-org-api/",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/api/v1/gems.json",
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
        console_url: "https://rubygems.org/profile/api_keys",
        steps: "Sign in as the key's owner (you will be asked for the password again), open Settings > API keys, find the key by name, scopes and last access, and delete it.",
        rotate: "create a new key with only the scopes it needs (push_rubygem for CI) and an expiry, update GEM_HOST_API_KEY, and check the owner's gems for versions pushed or yanked that you did not release.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
