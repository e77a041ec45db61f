//! A local emulation of the two listing APIs leakscan reads, written from their
//! documentation: GitHub's `GET /orgs/{org}/repos` (pages linked by `Link:
//! <…>; rel="next"`) and GitLab's `GET /api/v4/groups/{id}/projects` (pages named
//! by `X-Next-Page`). Private repositories are listed only to a request carrying
//! the expected token, as the real APIs do; pages are small so that every listing
//! spans several.

use std::sync::{Arc, Mutex};

use super::emulation::read_request;

/// One repository the emulation lists.
#[derive(Clone, Debug)]
pub struct EmuRepo {
    /// `acme/api` (GitHub) or `acme/platform/api` (GitLab).
    pub name: String,
    /// Where it clones from (a `file://` URL in tests).
    pub clone_url: String,
    pub private: bool,
    pub archived: bool,
    pub fork: bool,
}

impl EmuRepo {
    pub fn new(name: &str, clone_url: &str) -> EmuRepo {
        EmuRepo {
            name: name.into(),
            clone_url: clone_url.into(),
            private: false,
            archived: false,
            fork: false,
        }
    }
}

/// What the next requests get instead of an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hiccup {
    /// Answer normally.
    None,
    /// The next request gets 502.
    BadGateway,
    /// The next request gets 429 with `Retry-After: 0`.
    RateLimited,
    /// GitHub's `Link` to the next page points at another origin.
    ForeignNextPage,
    /// Every request gets 500.
    Down,
}

#[derive(Default)]
struct State {
    /// (path and query, Authorization or PRIVATE-TOKEN header as received).
    calls: Vec<(String, Option<String>)>,
    hiccup: Option<Hiccup>,
}

/// A running emulation of both APIs on one loopback port.
#[derive(Clone)]
pub struct Forge {
    pub port: u16,
    repos: Arc<Vec<EmuRepo>>,
    token: Option<String>,
    page: usize,
    state: Arc<Mutex<State>>,
}

impl Forge {
    /// Serve `repos` for organisation/group `acme`; private ones only to `token`.
    pub fn start(repos: Vec<EmuRepo>, token: Option<&str>) -> Forge {
        let http = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = http.server_addr().to_ip().map(|a| a.port()).expect("port");
        let f = Forge {
            port,
            repos: Arc::new(repos),
            token: token.map(str::to_string),
            page: 2,
            state: Arc::new(Mutex::new(State::default())),
        };
        let server = f.clone();
        std::thread::spawn(move || {
            for req in http.incoming_requests() {
                server.handle(req);
            }
        });
        f
    }

    /// `LEAKSCAN_GITHUB_API_URL` and `LEAKSCAN_GITLAB_URL` for this server.
    pub fn github_api(&self) -> String {
        format!("http://127.0.0.1:{}/gh", self.port)
    }

    pub fn gitlab(&self) -> String {
        format!("http://127.0.0.1:{}/gl", self.port)
    }

    pub fn hiccup(&self, h: Hiccup) {
        self.state.lock().expect("state").hiccup = Some(h);
    }

    /// (path and query, credential header) of every request so far.
    pub fn calls(&self) -> Vec<(String, Option<String>)> {
        self.state.lock().expect("state").calls.clone()
    }

    fn handle(&self, mut req: tiny_http::Request) {
        let url = req.url().to_string();
        let (headers, _) = read_request(&mut req);
        let credential = headers
            .get("authorization")
            .or_else(|| headers.get("private-token"))
            .cloned();
        let hiccup = {
            let mut s = self.state.lock().expect("state");
            s.calls.push((url.clone(), credential.clone()));
            match s.hiccup {
                Some(Hiccup::BadGateway | Hiccup::RateLimited) => s.hiccup.take(),
                h => h,
            }
        };
        let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
        let param = |k: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
                .map(str::to_string)
        };
        let page: usize = param("page").and_then(|p| p.parse().ok()).unwrap_or(1);
        let mut extra: Vec<(String, String)> =
            vec![("Content-Type".into(), "application/json".into())];
        let (status, body) = match hiccup {
            Some(Hiccup::BadGateway) => (502, "bad gateway".to_string()),
            Some(Hiccup::RateLimited) => {
                extra.push(("Retry-After".into(), "0".into()));
                (429, "{\"message\":\"slow down\"}".to_string())
            }
            Some(Hiccup::Down) => (500, "down".to_string()),
            _ => {
                let github = path == "/gh/orgs/acme/repos";
                let gitlab = path == "/gl/api/v4/groups/acme/projects"
                    && param("include_subgroups").as_deref() == Some("true");
                let authed = match (&self.token, &credential) {
                    (Some(t), Some(c)) => c == &format!("Bearer {t}") || c == t,
                    _ => false,
                };
                if let (true, Some(c)) = (github || gitlab, &credential) {
                    if !authed {
                        let _ = c;
                        respond(req, 401, "{\"message\":\"Bad credentials\"}", &extra);
                        return;
                    }
                }
                if !github && !gitlab {
                    respond(req, 404, "{\"message\":\"Not Found\"}", &extra);
                    return;
                }
                let visible: Vec<&EmuRepo> =
                    self.repos.iter().filter(|r| authed || !r.private).collect();
                let pages = visible.len().div_ceil(self.page).max(1);
                let items: Vec<serde_json::Value> = visible
                    .iter()
                    .skip((page - 1) * self.page)
                    .take(self.page)
                    .map(|r| {
                        if github {
                            serde_json::json!({
                                "name": r.name.rsplit('/').next(),
                                "full_name": r.name,
                                "clone_url": r.clone_url,
                                "ssh_url": "git@example.invalid:x.git",
                                "private": r.private,
                                "archived": r.archived,
                                "fork": r.fork,
                            })
                        } else {
                            let mut p = serde_json::json!({
                                "path_with_namespace": r.name,
                                "http_url_to_repo": r.clone_url,
                                "ssh_url_to_repo": "git@example.invalid:x.git",
                                "visibility": if r.private { "private" } else { "public" },
                                "archived": r.archived,
                            });
                            if r.fork {
                                p["forked_from_project"] = serde_json::json!({"id": 1});
                            }
                            p
                        }
                    })
                    .collect();
                if page < pages {
                    if github {
                        let origin = if hiccup == Some(Hiccup::ForeignNextPage) {
                            "http://192.0.2.1:9".to_string()
                        } else {
                            format!("http://127.0.0.1:{}", self.port)
                        };
                        extra.push((
                            "Link".into(),
                            format!(
                                "<{origin}/gh/orgs/acme/repos?type=all&per_page=100&page={}>; rel=\"next\", <{origin}/gh/orgs/acme/repos?page={pages}>; rel=\"last\"",
                                page + 1
                            ),
                        ));
                    } else {
                        extra.push(("X-Next-Page".into(), (page + 1).to_string()));
                    }
                } else if gitlab {
                    extra.push(("X-Next-Page".into(), String::new()));
                }
                (200, serde_json::Value::Array(items).to_string())
            }
        };
        respond(req, status, &body, &extra);
    }
}

fn respond(req: tiny_http::Request, status: u16, body: &str, headers: &[(String, String)]) {
    let mut resp = tiny_http::Response::from_string(body).with_status_code(status);
    for (k, v) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            resp.add_header(h);
        }
    }
    let _ = req.respond(resp);
}
