//! Listing an organisation through the forge APIs (`leakscan::forge`), against the
//! local emulation in `common/forge.rs`: pagination, private repositories with and
//! without a token, archived repositories and forks, retries, and the token's
//! safety.

use std::time::Duration;

use crate::common::forge::{EmuRepo, Forge, Hiccup};
use leakscan::forge::{list, Endpoints, Filter, Source};
use leakscan::verify::http::Http;

const TOKEN: &str = "ghp_forgeTestToken0123456789abcdefABCDEF";

fn repos() -> Vec<EmuRepo> {
    let mut v = Vec::new();
    for (i, name) in [
        "acme/api",
        "acme/web",
        "acme/infra",
        "acme/docs",
        "acme/tools",
    ]
    .iter()
    .enumerate()
    {
        let mut r = EmuRepo::new(name, &format!("file:///nowhere/{i}.git"));
        r.private = *name == "acme/infra";
        r.archived = *name == "acme/docs";
        r.fork = *name == "acme/tools";
        v.push(r);
    }
    v
}

fn endpoints(f: &Forge, token: Option<&str>) -> Endpoints {
    Endpoints {
        github_api: f.github_api(),
        gitlab: f.gitlab(),
        github_token: token.map(str::to_string),
        gitlab_token: token.map(str::to_string),
    }
}

fn names(v: &[leakscan::forge::Listed]) -> Vec<&str> {
    v.iter().map(|r| r.name.as_str()).collect()
}

fn http() -> Http {
    Http::new(Duration::from_secs(5)).expect("client")
}

#[test]
fn both_apis_list_every_page_and_private_repositories_only_with_a_token() {
    let f = Forge::start(repos(), Some(TOKEN));
    for source in [
        Source::GitHubOrg("acme".into()),
        Source::GitLabGroup("acme".into()),
    ] {
        let without = list(&http(), &endpoints(&f, None), &source, Filter::default()).unwrap();
        assert_eq!(names(&without), ["acme/api", "acme/web"], "{source:?}");
        let with = list(
            &http(),
            &endpoints(&f, Some(TOKEN)),
            &source,
            Filter::default(),
        )
        .unwrap();
        assert_eq!(
            names(&with),
            ["acme/api", "acme/infra", "acme/web"],
            "{source:?}"
        );
        assert!(with.iter().any(|r| r.private && r.name == "acme/infra"));
        let all = list(
            &http(),
            &endpoints(&f, Some(TOKEN)),
            &source,
            Filter {
                include_archived: true,
                include_forks: true,
            },
        )
        .unwrap();
        assert_eq!(
            names(&all),
            [
                "acme/api",
                "acme/docs",
                "acme/infra",
                "acme/tools",
                "acme/web"
            ]
        );
        assert_eq!(
            all.iter()
                .find(|r| r.name == "acme/api")
                .map(|r| r.clone_url.as_str()),
            Some("file:///nowhere/0.git")
        );
    }
    // Five repositories in pages of two: three pages per listing with the token.
    let calls = f.calls();
    let gh_pages = calls
        .iter()
        .filter(|(u, c)| u.starts_with("/gh/") && c.is_some())
        .count();
    assert_eq!(gh_pages, 6, "{calls:?}");
    assert!(calls
        .iter()
        .filter(|(u, _)| u.starts_with("/gl/"))
        .all(|(u, _)| u.contains("include_subgroups=true")));
    // The token went only as GitHub's bearer and GitLab's PRIVATE-TOKEN.
    assert!(calls.iter().all(|(_, c)| c
        .as_deref()
        .is_none_or(|c| c == TOKEN || c == format!("Bearer {TOKEN}"))));
}

#[test]
fn a_refused_token_fails_naming_the_organisation_but_not_the_token() {
    let f = Forge::start(repos(), Some(TOKEN));
    let wrong = "ghp_wrongTokenXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    let err = list(
        &http(),
        &endpoints(&f, Some(wrong)),
        &Source::GitHubOrg("acme".into()),
        Filter::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("GitHub organisation acme") && err.contains("401"),
        "{err}"
    );
    assert!(!err.contains(wrong) && !err.contains("Bearer"), "{err}");
}

#[test]
fn rate_limits_and_server_errors_are_retried() {
    let f = Forge::start(repos(), None);
    f.hiccup(Hiccup::RateLimited);
    let r = list(
        &http(),
        &endpoints(&f, None),
        &Source::GitHubOrg("acme".into()),
        Filter::default(),
    )
    .unwrap();
    assert_eq!(names(&r), ["acme/api", "acme/web"]);
    f.hiccup(Hiccup::BadGateway);
    let r = list(
        &http(),
        &endpoints(&f, None),
        &Source::GitLabGroup("acme".into()),
        Filter::default(),
    )
    .unwrap();
    assert_eq!(names(&r), ["acme/api", "acme/web"]);
    f.hiccup(Hiccup::Down);
    let err = list(
        &http(),
        &endpoints(&f, None),
        &Source::GitLabGroup("acme".into()),
        Filter::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("GitLab group acme") && err.contains("HTTP 500"),
        "{err}"
    );
}

#[test]
fn a_next_page_on_another_origin_is_refused_and_gets_no_token() {
    let f = Forge::start(repos(), Some(TOKEN));
    f.hiccup(Hiccup::ForeignNextPage);
    let err = list(
        &http(),
        &endpoints(&f, Some(TOKEN)),
        &Source::GitHubOrg("acme".into()),
        Filter::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("next page link leaves"), "{err}");
    // Only the first page was asked for.
    assert_eq!(f.calls().len(), 1, "{:?}", f.calls());
}
