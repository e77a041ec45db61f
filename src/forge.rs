//! Listing an organisation's repositories through its forge's API: a GitHub
//! organisation (`GET /orgs/{org}/repos`, <https://docs.github.com/en/rest/repos/repos#list-organization-repositories>)
//! or a GitLab group with its subgroups (`GET /api/v4/groups/{id}/projects`,
//! <https://docs.gitlab.com/api/groups/#list-projects>).
//!
//! Pages are followed as each API documents them: GitHub's `Link: <…>; rel="next"`,
//! GitLab's `X-Next-Page`. A next page must stay on the origin of the base URL, so
//! a reply can never send the token elsewhere. Tokens come from the environment
//! only (`GITHUB_TOKEN`/`GH_TOKEN`, `GITLAB_TOKEN`), travel in a header marked
//! sensitive, and appear in no error. Rate limits (429, and GitHub's 403 with
//! `X-RateLimit-Remaining: 0`), 5xx and timeouts back off and retry as
//! verification does ([`crate::verify::http::Http`]). It lists; cloning is the
//! caller's.

use reqwest::blocking::Response;
use reqwest::{StatusCode, Url};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::verify::http::{check_base_url, secret_header, Http, Reply};

/// Repositories per page asked for (both APIs' maximum).
const PER_PAGE: u32 = 100;
/// Pages followed at most: 100,000 repositories.
const MAX_PAGES: usize = 1000;

/// One repository as the API lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// Its name within the forge: `acme/api`, `group/sub/project`.
    pub name: String,
    /// The URL to clone it from (HTTPS as the API gives it).
    pub clone_url: String,
    /// Archived (read-only) on the forge.
    pub archived: bool,
    /// A fork of another repository.
    pub fork: bool,
    /// Not public.
    pub private: bool,
}

/// Which listed repositories to keep.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Keep archived repositories (skipped by default).
    pub include_archived: bool,
    /// Keep forks (skipped by default).
    pub include_forks: bool,
}

impl Filter {
    fn keeps(self, r: &Listed) -> bool {
        (self.include_archived || !r.archived) && (self.include_forks || !r.fork)
    }
}

/// A forge to list from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A GitHub organisation.
    GitHubOrg(String),
    /// A GitLab group (its full path, `acme` or `acme/platform`), with subgroups.
    GitLabGroup(String),
}

impl Source {
    /// The label used in messages: `GitHub organisation acme`.
    pub fn label(&self) -> String {
        match self {
            Source::GitHubOrg(o) => format!("GitHub organisation {o}"),
            Source::GitLabGroup(g) => format!("GitLab group {g}"),
        }
    }
}

/// Where the APIs are and the tokens to use: from the environment
/// ([`Endpoints::from_env`]) or given (tests).
#[derive(Clone, Debug)]
pub struct Endpoints {
    /// GitHub's REST API base (`https://api.github.com`).
    pub github_api: String,
    /// GitLab's base (`https://gitlab.com`; the API is under `/api/v4`).
    pub gitlab: String,
    /// `GITHUB_TOKEN` or `GH_TOKEN`.
    pub github_token: Option<String>,
    /// `GITLAB_TOKEN`.
    pub gitlab_token: Option<String>,
}

impl Endpoints {
    /// `LEAKSCAN_GITHUB_API_URL` (as for verification) and `LEAKSCAN_GITLAB_URL`,
    /// checked (HTTPS, or plain HTTP to loopback); tokens from `GITHUB_TOKEN` (else
    /// `GH_TOKEN`) and `GITLAB_TOKEN`.
    pub fn from_env() -> Result<Endpoints> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let base = |env: &str, default: &str| {
            check_base_url(env, &var(env).unwrap_or_else(|| default.to_string()))
        };
        Ok(Endpoints {
            github_api: base("LEAKSCAN_GITHUB_API_URL", "https://api.github.com")?,
            gitlab: base("LEAKSCAN_GITLAB_URL", "https://gitlab.com")?,
            github_token: var("GITHUB_TOKEN").or_else(|| var("GH_TOKEN")),
            gitlab_token: var("GITLAB_TOKEN"),
        })
    }
}

/// Every repository of `source` that `filter` keeps, sorted by name.
pub fn list(
    http: &Http,
    endpoints: &Endpoints,
    source: &Source,
    filter: Filter,
) -> Result<Vec<Listed>> {
    let mut all = match source {
        Source::GitHubOrg(org) => github(http, endpoints, org)?,
        Source::GitLabGroup(group) => gitlab(http, endpoints, group)?,
    };
    all.retain(|r| filter.keeps(r));
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all.dedup_by(|a, b| a.name == b.name);
    Ok(all)
}

#[derive(Deserialize)]
struct GitHubRepo {
    full_name: String,
    clone_url: String,
    #[serde(default)]
    archived: bool,
    #[serde(default)]
    fork: bool,
    #[serde(default)]
    private: bool,
}

fn github(http: &Http, endpoints: &Endpoints, org: &str) -> Result<Vec<Listed>> {
    let what = format!("GitHub organisation {org}");
    let base = Url::parse(&endpoints.github_api).map_err(|e| fail(&what, &e.to_string()))?;
    let mut url = base
        .join(&format!(
            "{}/orgs/{}/repos",
            base.path().trim_end_matches('/'),
            crate::verify::spec::percent(org)
        ))
        .map_err(|e| fail(&what, &e.to_string()))?;
    url.query_pairs_mut()
        .append_pair("type", "all")
        .append_pair("per_page", &PER_PAGE.to_string());
    let auth = match &endpoints.github_token {
        Some(t) => Some(
            secret_header(format!("Bearer {t}").as_bytes())
                .ok_or_else(|| fail(&what, "GITHUB_TOKEN is not a valid header value"))?,
        ),
        None => None,
    };
    let mut out = Vec::new();
    for _ in 0..MAX_PAGES {
        let resp = get(http, &url, &what, |req| {
            let req = req
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28");
            match &auth {
                Some(a) => req.header("Authorization", a.clone()),
                None => req,
            }
        })?;
        let next = link_next(&resp);
        let page: Vec<GitHubRepo> = resp
            .json()
            .map_err(|e| fail(&what, &format!("reading a page of repositories: {e}")))?;
        out.extend(page.into_iter().map(|r| Listed {
            name: r.full_name,
            clone_url: r.clone_url,
            archived: r.archived,
            fork: r.fork,
            private: r.private,
        }));
        match next {
            Some(n) => url = same_origin(&base, &n, &what)?,
            None => return Ok(out),
        }
    }
    Err(fail(&what, &format!("more than {MAX_PAGES} pages")))
}

#[derive(Deserialize)]
struct GitLabProject {
    path_with_namespace: String,
    http_url_to_repo: String,
    #[serde(default)]
    archived: bool,
    #[serde(default)]
    forked_from_project: Option<serde_json::Value>,
    #[serde(default)]
    visibility: Option<String>,
}

fn gitlab(http: &Http, endpoints: &Endpoints, group: &str) -> Result<Vec<Listed>> {
    let what = format!("GitLab group {group}");
    let base = Url::parse(&endpoints.gitlab).map_err(|e| fail(&what, &e.to_string()))?;
    let auth = match &endpoints.gitlab_token {
        Some(t) => Some(
            secret_header(t.as_bytes())
                .ok_or_else(|| fail(&what, "GITLAB_TOKEN is not a valid header value"))?,
        ),
        None => None,
    };
    let mut out = Vec::new();
    let mut page = 1u64;
    for _ in 0..MAX_PAGES {
        // The group's full path, URL-encoded as one segment (`acme%2Fplatform`).
        let mut url = base
            .join(&format!(
                "{}/api/v4/groups/{}/projects",
                base.path().trim_end_matches('/'),
                crate::verify::spec::percent(group)
            ))
            .map_err(|e| fail(&what, &e.to_string()))?;
        url.query_pairs_mut()
            .append_pair("include_subgroups", "true")
            .append_pair("per_page", &PER_PAGE.to_string())
            .append_pair("page", &page.to_string());
        let resp = get(http, &url, &what, |req| match &auth {
            Some(a) => req.header("PRIVATE-TOKEN", a.clone()),
            None => req,
        })?;
        let next = resp
            .headers()
            .get("x-next-page")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| {
                v.parse::<u64>()
                    .map_err(|_| fail(&what, &format!("X-Next-Page `{v}` is not a page number")))
            })
            .transpose()?;
        let projects: Vec<GitLabProject> = resp
            .json()
            .map_err(|e| fail(&what, &format!("reading a page of projects: {e}")))?;
        out.extend(projects.into_iter().map(|p| Listed {
            name: p.path_with_namespace,
            clone_url: p.http_url_to_repo,
            archived: p.archived,
            fork: p.forked_from_project.is_some_and(|v| !v.is_null()),
            private: p.visibility.as_deref() != Some("public"),
        }));
        match next {
            Some(n) if n > page => page = n,
            Some(n) => {
                return Err(fail(
                    &what,
                    &format!("X-Next-Page {n} does not follow page {page}"),
                ))
            }
            None => return Ok(out),
        }
    }
    Err(fail(&what, &format!("more than {MAX_PAGES} pages")))
}

/// One GET, with the client's retries (a listing is safe to repeat, so 5xx and
/// timeouts are retried too); anything but 200 is an error naming the status.
fn get(
    http: &Http,
    url: &Url,
    what: &str,
    headers: impl Fn(reqwest::blocking::RequestBuilder) -> reqwest::blocking::RequestBuilder,
) -> Result<Response> {
    let build = || headers(http.client().get(url.clone()));
    match http.send(&build, true) {
        Reply::Response(r) if r.status() == StatusCode::OK => Ok(r),
        Reply::Response(r) => {
            let status = r.status();
            let limited = r
                .headers()
                .get("x-ratelimit-remaining")
                .is_some_and(|v| v.as_bytes() == b"0");
            let why = match status {
                StatusCode::UNAUTHORIZED => "401: the token was refused".to_string(),
                StatusCode::FORBIDDEN if limited => "403: rate limit exhausted".to_string(),
                StatusCode::TOO_MANY_REQUESTS => "429: rate limited, retries exhausted".to_string(),
                StatusCode::NOT_FOUND => {
                    "404: not found (or private and no token with access)".to_string()
                }
                s => format!("HTTP {}", s.as_u16()),
            };
            Err(fail(what, &format!("{why} at {}", shown(url))))
        }
        Reply::Failed(m) => Err(fail(what, &m)),
    }
}

/// The `rel="next"` target of a `Link` header.
fn link_next(resp: &Response) -> Option<String> {
    let link = resp.headers().get("link")?.to_str().ok()?;
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let rel_next = params.split(';').any(|p| {
            let p = p.trim();
            p == "rel=\"next\"" || p == "rel=next"
        });
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        rel_next.then(|| target.to_string())
    })
}

/// `next`, if it has the scheme, host and port of `base`: a page link elsewhere
/// would carry the token there.
fn same_origin(base: &Url, next: &str, what: &str) -> Result<Url> {
    let url = base
        .join(next)
        .map_err(|e| fail(what, &format!("next page link: {e}")))?;
    let origin = |u: &Url| {
        (
            u.scheme().to_string(),
            u.host_str().map(str::to_ascii_lowercase),
            u.port_or_known_default(),
        )
    };
    if origin(&url) != origin(base) || !url.username().is_empty() || url.password().is_some() {
        return Err(fail(
            what,
            &format!("next page link leaves {}: refused", shown(base)),
        ));
    }
    Ok(url)
}

/// A URL for messages: scheme, host, port and path only.
fn shown(u: &Url) -> String {
    let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
    format!(
        "{}://{}{port}{}",
        u.scheme(),
        u.host_str().unwrap_or("?"),
        u.path()
    )
}

fn fail(what: &str, message: &str) -> Error {
    Error::Http {
        provider: what.to_string(),
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_and_origins() {
        assert_eq!(
            crate::verify::spec::percent("acme/platform"),
            "acme%2Fplatform"
        );
        let base = Url::parse("http://127.0.0.1:9/api").unwrap();
        assert!(same_origin(&base, "http://127.0.0.1:9/x?page=2", "t").is_ok());
        assert!(same_origin(&base, "/x?page=2", "t").is_ok());
        for bad in [
            "http://evil.example/x",
            "https://127.0.0.1:9/x",
            "http://127.0.0.1:10/x",
            "http://user:pw@127.0.0.1:9/x",
        ] {
            assert!(same_origin(&base, bad, "t").is_err(), "{bad}");
        }
    }
}
