//! Shopify Admin API access tokens (`shpat_`, `shpca_`, `shppa_`), with the shop
//! (`<shop>.myshopify.com`) the rule finds above them.
//!
//! Verify: "Retrieves the shop's configuration", `GET {base}/shop.json` on the shop's
//! own host (<https://shopify.dev/docs/api/admin-rest/latest/resources/shop>), with the
//! token in `X-Shopify-Access-Token` ("Generate access tokens for custom apps in the
//! Shopify admin", <https://shopify.dev/docs/apps/build/authentication-authorization/>):
//! 200 → live (the shop's name, domain, owner and email); 401 → invalid; 403 (the
//! token lacks a scope), 404, 429, 5xx → unknown. A token found without its shop
//! cannot be checked: unknown, never invalid. Revoke: the only documented request,
//! `DELETE /admin/api_permissions/current.json` ("Uninstall a Shopify app with an API
//! request", under <https://shopify.dev/docs/apps/build/authentication-authorization/>),
//! uninstalls the whole app (irreversibly, with its webhooks) and is written for apps
//! uninstalling themselves, not for store-owned custom app tokens; so a person
//! uninstalls the app or rotates its token in the Shopify admin.

use super::spec::{Auth, Body, Check, Field, Manual, Method, Request, Revoke, Spec};

/// Shopify, as data.
pub const SPEC: Spec = Spec {
    id: "shopify",
    name: "Shopify",
    default_api_url: "https://{part:shop}.myshopify.com/admin/api/2025-10",
    docs: "https://shopify.dev/docs/api/admin-rest/latest/resources/shop",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/shop.json",
            auth: Auth::Header("X-Shopify-Access-Token", ""),
            headers: &[("Accept", "application/json")],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[401],
        invalid_if: &[],
        ok_flag: None,
        identity: &[
            (Field::Team, "/shop/name"),
            (Field::TeamId, "/shop/myshopify_domain"),
            (Field::User, "/shop/shop_owner"),
            (Field::Email, "/shop/email"),
        ],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://admin.shopify.com/settings/apps/development",
        steps: "Sign in to the shop's Shopify admin as the store owner or a staff member with permission to develop apps, open Settings → Apps and sales channels → Develop apps, pick the custom app whose Admin API access token leaked, and uninstall it (which revokes its token) or rotate its credentials. For an app installed through OAuth, its developer uninstalls it from the store or rotates the app's credentials in the Dev Dashboard.",
        rotate: "install the app again (or reinstall after rotating) to get a new Admin API access token, update every service and CI secret that used the old one, and review the shop's recent orders, customers and staff changes for misuse.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
