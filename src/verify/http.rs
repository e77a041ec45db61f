//! The one HTTP client every provider uses.
//!
//! Owns transport policy: rustls TLS, timeouts, a User-Agent, no redirects out of
//! the origin, plain HTTP only to loopback, backoff on 429 (honouring `Retry-After` as
//! seconds or an HTTP date) and, for mutating calls, on 5xx and timeouts, for a
//! bounded number of tries. Credentials travel only in headers or bodies marked
//! sensitive, and errors never include them.

use std::net::IpAddr;
use std::time::{Duration, SystemTime};

use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header::HeaderValue;
use reqwest::{redirect, StatusCode, Url};

use crate::error::{Error, Result};

/// Longest `Retry-After` leakscan will honour; beyond it the answer is "unknown".
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// The shared client and its retry policy.
#[derive(Debug, Clone)]
pub struct Http {
    client: Client,
    tries: u32,
    base_delay: Duration,
}

/// What a call produced after retries: a response, or a transport failure described
/// without any credential.
#[derive(Debug)]
pub enum Reply {
    /// An HTTP response.
    Response(Response),
    /// No response: timeout, refused, reset, TLS error.
    Failed(String),
}

impl Http {
    /// A client with `timeout` per request.
    pub fn new(timeout: Duration) -> Result<Http> {
        // Redirects are followed within the origin only: elsewhere reqwest would drop
        // the credential, and the answer to a request without it says nothing about
        // the key ("invalid" would be a lie). The 3xx is returned instead.
        let policy = redirect::Policy::custom(|attempt| {
            let origin = |u: &Url| {
                (
                    u.scheme().to_owned(),
                    u.host_str().map(str::to_owned),
                    u.port_or_known_default(),
                )
            };
            let same = attempt.previous().first().map(origin) == Some(origin(attempt.url()));
            if attempt.previous().len() > 5 {
                attempt.error("too many redirects")
            } else if same {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let client = Client::builder()
            .user_agent(concat!("leakscan/", env!("CARGO_PKG_VERSION")))
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(policy)
            .https_only(false)
            .build()
            .map_err(|e| Error::Http {
                provider: "client".into(),
                message: format!("building the HTTP client: {e}"),
            })?;
        Ok(Http {
            client,
            tries: 4,
            base_delay: Duration::from_millis(500),
        })
    }

    /// The underlying client, to build requests.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Send the request `build` makes, retrying on 429 (and, if `mutating`, on 5xx,
    /// 408 and transport errors) with exponential backoff.
    pub fn send(&self, build: &dyn Fn() -> RequestBuilder, mutating: bool) -> Reply {
        let mut delay = self.base_delay;
        for attempt in 1..=self.tries {
            let last = attempt == self.tries;
            match build().send() {
                Ok(resp) => {
                    let status = resp.status();
                    let retry = status == StatusCode::TOO_MANY_REQUESTS
                        || (mutating
                            && (status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT));
                    if !retry || last {
                        return Reply::Response(resp);
                    }
                    let wait = retry_after(&resp).unwrap_or(delay);
                    if wait > MAX_RETRY_AFTER {
                        return Reply::Response(resp);
                    }
                    std::thread::sleep(wait);
                }
                Err(e) => {
                    let message = describe(&e);
                    if !mutating || last {
                        return Reply::Failed(message);
                    }
                    std::thread::sleep(delay);
                }
            }
            delay *= 2;
        }
        Reply::Failed("no attempt made".into())
    }
}

/// A transport error in words, without URL query strings or headers.
fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_redirect() {
        "redirect refused"
    } else {
        "request failed"
    };
    match e.url() {
        Some(u) => format!(
            "{kind}: {}://{}{}",
            u.scheme(),
            u.host_str().unwrap_or("?"),
            u.path()
        ),
        None => kind.to_string(),
    }
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(resp: &Response) -> Option<Duration> {
    let value = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A header value holding a credential: marked sensitive so it is never printed.
pub fn secret_header(value: &[u8]) -> Option<HeaderValue> {
    let mut v = HeaderValue::from_bytes(value).ok()?;
    v.set_sensitive(true);
    Some(v)
}

/// Check a provider base URL: HTTPS, or plain HTTP to a loopback address only.
pub fn check_base_url(provider: &str, url: &str) -> Result<String> {
    let bad = |why: &str| Error::Usage(format!("{provider}: `{url}`: {why}"));
    let parsed = Url::parse(url).map_err(|e| bad(&e.to_string()))?;
    match parsed.scheme() {
        "https" => {}
        "http" => {
            let loopback = match parsed.host() {
                Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
                Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
                Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
                None => false,
            };
            if !loopback {
                return Err(bad(
                    "plain HTTP is allowed only to loopback addresses; use https",
                ));
            }
        }
        other => return Err(bad(&format!("unsupported scheme {other}"))),
    }
    Ok(url.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert!(check_base_url("p", "https://api.paperspace.com/v1").is_ok());
        assert!(check_base_url("p", "http://127.0.0.1:8080/v1").is_ok());
        assert!(check_base_url("p", "http://[::1]:8080").is_ok());
        assert!(check_base_url("p", "http://localhost:1").is_ok());
        assert!(check_base_url("p", "http://api.paperspace.com/v1").is_err());
        assert!(check_base_url("p", "http://10.0.0.1/v1").is_err());
        assert!(check_base_url("p", "ftp://127.0.0.1/").is_err());
        assert_eq!(
            check_base_url("p", "https://x.io/v1/").ok().as_deref(),
            Some("https://x.io/v1")
        );
    }
}
