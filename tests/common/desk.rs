//! Helpers for the tests of the desk's HTTP routes, called in process. A request
//! is sent as a browser on this computer sends it: with a `Host` the desk answers to
//! (that of a desk made by `Desk::new`, on port 7878) unless it names one itself, and
//! a form with the desk's own `Origin`.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The `Host` of a desk made by `Desk::new` (its default settings).
pub const HOST: &str = "127.0.0.1:7878";
/// The `Origin` of that desk's pages.
pub const ORIGIN: &str = "http://127.0.0.1:7878";

pub async fn send(
    app: &axum::Router,
    mut req: Request<Body>,
) -> (StatusCode, String, axum::http::HeaderMap) {
    if !req.headers().contains_key(header::HOST) {
        req.headers_mut()
            .insert(header::HOST, header::HeaderValue::from_static(HOST));
    }
    let r = app.clone().oneshot(req).await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned(), headers)
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

pub fn form(uri: &str, fields: &[(&str, &str)]) -> Request<Body> {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from(body.join("&")))
        .unwrap()
}

pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The value of a hidden input in a page, unescaped.
pub fn hidden(html: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + key.len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// Answers a step: the page's hidden fields, plus the answers.
pub async fn step(
    app: &axum::Router,
    page: &str,
    answers: &[(&str, &str)],
) -> (StatusCode, String, axum::http::HeaderMap) {
    let mut fields: Vec<(String, String)> = ["csrf", "kind", "step", "text"]
        .iter()
        .map(|k| (k.to_string(), hidden(page, k)))
        .collect();
    if page.contains("type=\"hidden\" name=\"file\"") {
        fields.push(("file".into(), hidden(page, "file")));
    }
    for k in ["id", "review"] {
        if page.contains(&format!("type=\"hidden\" name=\"{k}\"")) {
            fields.push((k.into(), hidden(page, k)));
        }
    }
    for (k, v) in answers {
        fields.push((k.to_string(), v.to_string()));
    }
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    send(app, form("/interview", &refs)).await
}
