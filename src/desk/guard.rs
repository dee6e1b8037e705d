//! The guards every desk route is behind, as layers of the router rather than in
//! each handler:
//!
//! - the `Host` a request names must be one of the desk's own addresses, so that a
//!   web page whose name is made to point at this computer (DNS rebinding) is not
//!   answered;
//! - a request that changes anything (every POST) must not come from another site:
//!   its `Origin`, when sent, is one of the desk's own, and its `Sec-Fetch-Site`,
//!   when sent, is `same-origin` (or `none`, typed by the caseworker);
//! - every answer, refusals and errors included, carries headers that keep other
//!   pages from framing the desk, running scripts in it or learning its addresses;
//! - a handler has a time limit (not the family's event stream, which lasts as long
//!   as its run).

use super::Shared;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::OnceLock;

/// The addresses the desk answers to, as a browser writes them in `Host` (`name:port`,
/// or the bare name on port 80).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hosts(Vec<String>);

/// The port a desk made without a listener answers on (`serve`'s default).
pub const DEFAULT_PORT: u16 = 7878;

impl Hosts {
    /// This computer's own names on `port`: `127.0.0.1`, `localhost` and `[::1]`.
    pub fn loopback(port: u16) -> Hosts {
        let mut hosts = Hosts(Vec::new());
        hosts.add_name("localhost", port);
        hosts.add(IpAddr::V4(Ipv4Addr::LOCALHOST), port);
        hosts.add(IpAddr::V6(Ipv6Addr::LOCALHOST), port);
        hosts
    }

    /// The names of a desk listening at `bound`: this computer's own, the address
    /// itself unless it is unspecified (0.0.0.0, ::), and `also` (the computer's
    /// addresses, when it listens on all of them).
    pub fn listening(bound: SocketAddr, also: &[IpAddr]) -> Hosts {
        let mut hosts = Hosts::loopback(bound.port());
        if !bound.ip().is_unspecified() {
            hosts.add(bound.ip(), bound.port());
        }
        for ip in also {
            hosts.add(*ip, bound.port());
        }
        hosts
    }

    fn add(&mut self, ip: IpAddr, port: u16) {
        match ip {
            IpAddr::V4(v4) => self.add_name(&v4.to_string(), port),
            IpAddr::V6(v6) => self.add_name(&format!("[{v6}]"), port),
        }
    }

    fn add_name(&mut self, name: &str, port: u16) {
        let mut forms = vec![format!("{name}:{port}")];
        if port == 80 {
            forms.push(name.to_string());
        }
        for f in forms {
            if !self.0.contains(&f) {
                self.0.push(f);
            }
        }
    }

    /// The names, as `Host` carries them.
    pub fn names(&self) -> &[String] {
        &self.0
    }

    /// Whether a `Host` header names the desk.
    pub fn allows_host(&self, host: &str) -> bool {
        self.0.iter().any(|h| h.eq_ignore_ascii_case(host))
    }

    /// Whether an `Origin` header is one of the desk's own (`http://` and a name).
    pub fn allows_origin(&self, origin: &str) -> bool {
        origin
            .get(..7)
            .filter(|scheme| scheme.eq_ignore_ascii_case("http://"))
            .and_then(|_| origin.get(7..))
            .is_some_and(|host| self.allows_host(host))
    }
}

impl Default for Hosts {
    /// The names of a desk on this computer at `serve`'s default port.
    fn default() -> Hosts {
        Hosts::loopback(DEFAULT_PORT)
    }
}

/// A refusal as plain text (it names nothing of the casebook).
fn plain(status: StatusCode, text: &str) -> Response {
    super::DeskError::text(status, text).into_response()
}

/// Refuses a request that names another host, and a state-changing request that
/// comes from another site.
pub async fn origin(State(desk): State<Shared>, req: Request, next: Next) -> Response {
    let hosts = &desk.settings.hosts;
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok());
    if !host.is_some_and(|h| hosts.allows_host(h)) {
        return plain(
            StatusCode::MISDIRECTED_REQUEST,
            "This desk answers only at its own address: open the address it printed when it started.\n",
        );
    }
    let reads_only = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !reads_only && !same_site(hosts, req.headers()) {
        return plain(
            StatusCode::FORBIDDEN,
            "Refused: this request came from another web site. Changes are made only from the desk's own pages.\n",
        );
    }
    next.run(req).await
}

/// Whether a state-changing request may come from where the browser says it does:
/// a `Sec-Fetch-Site`, when sent, is `same-origin` (or `none`, typed by the
/// caseworker); an `Origin`, when sent, is one of the desk's own, or `null` from the
/// desk's own page (a browser sends a form's origin as `null` under the desk's
/// `Referrer-Policy: no-referrer`, and only `Sec-Fetch-Site` then tells it from a
/// sandboxed frame's, which is `cross-site`). A request with neither (not from a
/// browser) still needs the session's token.
fn same_site(hosts: &Hosts, headers: &axum::http::HeaderMap) -> bool {
    let site = headers.get("sec-fetch-site").map(|v| v.to_str().ok());
    let site_ok = match site {
        None => true,
        Some(s) => s.is_some_and(|s| s == "same-origin" || s == "none"),
    };
    let origin_ok = match headers.get(header::ORIGIN).map(|v| v.to_str().ok()) {
        None => true,
        Some(Some("null")) => site == Some(Some("same-origin")),
        Some(o) => o.is_some_and(|o| hosts.allows_origin(o)),
    };
    site_ok && origin_ok
}

/// The desk's content security policy: its own scripts, styles and pages only, with
/// no inline script; the one inline style is the preview's (the HTML renderer's
/// fixed style sheet), allowed by its hash.
pub fn content_security_policy() -> &'static str {
    static CSP: OnceLock<String> = OnceLock::new();
    CSP.get_or_init(|| {
        use sha2::Digest;
        let hash = base64(&sha2::Sha256::digest(crate::render::html::STYLE.as_bytes()));
        format!(
            "default-src 'self'; style-src 'self' 'sha256-{hash}'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        )
    })
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The headers on every answer.
pub fn headers() -> [(HeaderName, HeaderValue); 5] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(content_security_policy()),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ]
}

/// Puts [`headers`] on an answer.
pub async fn secure(mut r: Response) -> Response {
    for (name, value) in headers() {
        r.headers_mut().insert(name, value);
    }
    r
}

/// The family's event stream: it lasts as long as its run, so it has no time limit.
const STREAMS: &[&str] = &["/family/events"];

/// Ends a handler that takes longer than the desk's limit.
pub async fn time_limit(State(desk): State<Shared>, req: Request, next: Next) -> Response {
    if STREAMS.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    let limit = desk.settings.limits.request;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(r) => r,
        Err(_) => super::DeskError::page(
            StatusCode::SERVICE_UNAVAILABLE,
            "Took too long",
            &format!(
                "The desk stopped this request after {} seconds. Try again; if it keeps happening, use the command line for this case.",
                limit.as_secs()
            ),
        )
        .into_response(),
    }
}

/// The desk's own style sheet and scripts, served as files so that the pages need
/// no inline script or style.
pub async fn asset(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    let (kind, body) = match name.as_str() {
        "desk.css" => (
            "text/css; charset=utf-8",
            include_str!("../../templates/desk/desk.css"),
        ),
        "case.js" => (
            "text/javascript; charset=utf-8",
            include_str!("../../templates/desk/case.js"),
        ),
        "casebook.js" => (
            "text/javascript; charset=utf-8",
            include_str!("../../templates/desk/casebook.js"),
        ),
        "summary.js" => (
            "text/javascript; charset=utf-8",
            include_str!("../../templates/desk/summary.js"),
        ),
        "family.js" => (
            "text/javascript; charset=utf-8",
            include_str!("../../templates/desk/family.js"),
        ),
        _ => return plain(StatusCode::NOT_FOUND, "No such file.\n"),
    };
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_the_standard_alphabet_with_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn only_the_desks_own_names_and_origins_are_allowed() {
        let hosts = Hosts::listening(
            "0.0.0.0:8080".parse().unwrap(),
            &["192.168.1.5".parse().unwrap()],
        );
        for ok in [
            "127.0.0.1:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
            "192.168.1.5:8080",
        ] {
            assert!(hosts.allows_host(ok), "{ok}");
        }
        for bad in [
            "0.0.0.0:8080",
            "evil.example:8080",
            "localhost",
            "127.0.0.1:7878",
            "localhost.:8080",
            "",
        ] {
            assert!(!hosts.allows_host(bad), "{bad}");
        }
        assert!(hosts.allows_origin("http://localhost:8080"));
        for bad in [
            "https://localhost:8080",
            "null",
            "http://evil.example:8080",
            "http://localhost:8080/",
            "http://",
        ] {
            assert!(!hosts.allows_origin(bad), "{bad}");
        }
        let on_80 = Hosts::loopback(80);
        assert!(on_80.allows_host("localhost") && on_80.allows_origin("http://127.0.0.1"));
    }
}
