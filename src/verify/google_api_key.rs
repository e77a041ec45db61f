//! Google API keys (`AIza…`: Google Cloud, Firebase, Maps, Gemini), standard keys of a
//! Google Cloud project.
//!
//! Verify: `GET {base}/models` on the Generative Language (Gemini) API with
//! `x-goog-api-key: KEY` ("models.list",
//! <https://ai.google.dev/api/rest/v1beta/models/list>; the header is Google's
//! documented alternative to `?key=`,
//! <https://cloud.google.com/docs/authentication/api-keys-use>). Listing models is
//! read-only and costs nothing. 200 → live; 400 (`INVALID_ARGUMENT`, reason
//! `API_KEY_INVALID`, "API key not valid. Please pass a valid API key.",
//! <https://firebase.google.com/docs/ai-logic/error-codes>) → invalid. A 400 could in
//! principle be another bad request, but this request is fixed (no body, no
//! parameters), so here it is the key. 403 is unknown: a live key whose project has
//! not enabled this API (`SERVICE_DISABLED`) or whose API restrictions exclude it
//! (`API_KEY_SERVICE_BLOCKED`) is answered 403, and such a key may still work for the
//! APIs it is meant for. The answer lists models, not a project, so no identity.
//! Revoke: the API Keys API deletes keys only with OAuth credentials and the key's id,
//! which is not part of the key string; a person deletes it on the project's
//! Credentials page (<https://cloud.google.com/docs/authentication/api-keys>).

use super::spec::{Auth, Body, Check, Manual, Method, Request, Revoke, Spec};

/// Google API keys, as data.
pub const SPEC: Spec = Spec {
    id: "google-api-key",
    name: "Google API key",
    default_api_url: "https://generativelanguage.googleapis.com/v1beta",
    docs: "https://ai.google.dev/api/rest/v1beta/models/list",
    check: Check {
        request: Request {
            method: Method::Get,
            path: "/models",
            auth: Auth::Header("x-goog-api-key", ""),
            headers: &[],
            body: Body::Empty,
            ok: &[200],
        },
        invalid: &[400],
        invalid_if: &[],
        ok_flag: None,
        identity: &[],
        scopes_header: None,
    },
    revoke: Revoke::Manual(Manual {
        console_url: "https://console.cloud.google.com/apis/credentials",
        steps: "A project Owner or Editor, or someone with the API Keys Admin role (roles/serviceusage.apiKeysAdmin), opens APIs & Services > Credentials in each project that may own the key, clicks Show key on the API keys to find the one with this string, and deletes it (or regenerates it, which replaces the key string of the same key).",
        rotate: "create a replacement key restricted to the APIs it needs (API restrictions) and to your apps, HTTP referrers or IP addresses (application restrictions), update every app, Firebase config and CI secret that held the old one, and review the project's API usage and billing for calls you did not make.",
    }),
    key_id: None,
    base_part: None,
    test_prefixes: &[],
    hosts: &[],
};
