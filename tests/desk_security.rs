//! The desk's guards against hostile web pages, called in process: it answers only
//! at its own host names (no DNS rebinding), refuses changes asked by other sites,
//! sends its security headers on every answer, and reads house styles only inside
//! the casebook. (Its connection limits and addresses: tests/desk_network.rs.)

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::desk::{form, get, send, ORIGIN};
use foinotice::desk::{router, Desk, Hosts, Settings};

const CASE: &str = "cases/refusal.toml";
const EXAMPLE: &str = "examples/refusal-notice-section-43.toml";

/// A casebook with one refusal case, its style given by `style` (none when empty).
fn casebook(name: &str, style: &str) -> common::Scratch {
    let dir = common::scratch(name);
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    let text = std::fs::read_to_string(common::root().join(EXAMPLE)).unwrap();
    std::fs::write(dir.join(CASE), restyled(&text, style)).unwrap();
    dir
}

fn restyled(text: &str, style: &str) -> String {
    match style {
        "" => text.to_string(),
        s => text.replacen(
            "kind = \"refusal-notice\"\n",
            &format!("kind = \"refusal-notice\"\nstyle = \"{s}\"\n"),
            1,
        ),
    }
}

fn with_host(mut r: Request<Body>, host: &str) -> Request<Body> {
    r.headers_mut().insert(header::HOST, host.parse().unwrap());
    r
}

fn preview(text: &str, csrf: &str) -> Request<Body> {
    Request::post("/api/preview")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-csrf-token", csrf)
        .body(Body::from(
            serde_json::json!({ "path": CASE, "text": text }).to_string(),
        ))
        .unwrap()
}

// 1. DNS rebinding, and requests from other sites.

#[tokio::test]
async fn the_desk_answers_only_at_its_own_host_names() {
    let dir = casebook("sec-host", "");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    for ok in [
        "127.0.0.1:7878",
        "localhost:7878",
        "LocalHost:7878",
        "[::1]:7878",
    ] {
        let (status, html, _) = send(&app, with_host(get("/"), ok)).await;
        assert_eq!(status, StatusCode::OK, "{ok}");
        assert!(html.contains(&csrf), "{ok}");
    }
    // A hostile page's name pointed at 127.0.0.1 (DNS rebinding) carries its own
    // name: it is not answered, and learns nothing (not the session's token).
    for bad in [
        "evil.example:7878",
        "evil.example",
        "127.0.0.1:8080",
        "localhost",
        "0.0.0.0:7878",
    ] {
        for uri in ["/", "/case?path=cases/refusal.toml", "/nowhere"] {
            let (status, body, h) = send(&app, with_host(get(uri), bad)).await;
            assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{bad} {uri}");
            assert!(!body.contains(&csrf) && !body.contains("FOI-2026-0412"));
            assert!(h[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/plain"));
        }
    }
    // Without a Host at all (no browser sends that).
    let mut bare = get("/");
    bare.headers_mut().insert(header::HOST, "".parse().unwrap());
    assert_eq!(send(&app, bare).await.0, StatusCode::MISDIRECTED_REQUEST);

    // A desk that listens at another address answers there, and on this computer's
    // names at its own port.
    let settings = Settings {
        hosts: Hosts::listening("192.168.1.5:9000".parse().unwrap(), &[]),
        ..Settings::default()
    };
    let app = router(Desk::with_settings(&dir, None, settings).unwrap());
    for (host, status) in [
        ("192.168.1.5:9000", StatusCode::OK),
        ("localhost:9000", StatusCode::OK),
        ("127.0.0.1:7878", StatusCode::MISDIRECTED_REQUEST),
        ("192.168.1.6:9000", StatusCode::MISDIRECTED_REQUEST),
    ] {
        assert_eq!(
            send(&app, with_host(get("/"), host)).await.0,
            status,
            "{host}"
        );
    }
}

#[tokio::test]
async fn a_change_asked_by_another_site_is_refused_even_with_the_token() {
    let dir = casebook("sec-origin", "");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let new_case = |name: &str, origin: Option<&str>, site: Option<&str>| {
        let mut r = form(
            "/new",
            &[("kind", "decision-notice"), ("name", name), ("csrf", &csrf)],
        );
        r.headers_mut().remove(header::ORIGIN);
        if let Some(o) = origin {
            r.headers_mut().insert(header::ORIGIN, o.parse().unwrap());
        }
        if let Some(s) = site {
            r.headers_mut().insert("sec-fetch-site", s.parse().unwrap());
        }
        r
    };
    let refused = [
        (Some("http://evil.example"), None),
        (Some("null"), None),
        (Some("null"), Some("cross-site")),
        (Some("null"), Some("none")),
        (Some("https://127.0.0.1:7878"), None),
        (Some("http://127.0.0.1:8080"), None),
        (Some(ORIGIN), Some("cross-site")),
        (Some(ORIGIN), Some("same-site")),
        (None, Some("cross-site")),
    ];
    for (i, (origin, site)) in refused.into_iter().enumerate() {
        let name = format!("cases/refused-{i}.toml");
        let (status, body, _) = send(&app, new_case(&name, origin, site)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin:?} {site:?}: {body}");
        assert!(body.contains("another web site"), "{body}");
        assert!(!dir.join(&name).exists(), "{origin:?} {site:?} created it");
    }
    // The same from the desk's own page (and from a client that sends neither, which
    // still needs the session's token).
    let allowed = [
        (Some(ORIGIN), Some("same-origin")),
        (Some("http://localhost:7878"), None),
        // A form on the desk's own page, whose origin the browser hides under the
        // desk's referrer policy.
        (Some("null"), Some("same-origin")),
        (None, None),
    ];
    for (i, (origin, site)) in allowed.into_iter().enumerate() {
        let name = format!("cases/allowed-{i}.toml");
        let (status, body, _) = send(&app, new_case(&name, origin, site)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{origin:?} {site:?}: {body}");
        assert!(dir.join(&name).exists());
    }
    // A script's request (the preview) likewise.
    let mut r = preview("kind = \"decision-notice\"\n", &csrf);
    r.headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(send(&app, r).await.0, StatusCode::FORBIDDEN);
    let mut r = preview("kind = \"decision-notice\"\n", &csrf);
    r.headers_mut()
        .insert("sec-fetch-site", "same-origin".parse().unwrap());
    assert_eq!(send(&app, r).await.0, StatusCode::OK);
}

// 4. Headers.

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_pages_have_no_inline_script() {
    let dir = casebook("sec-headers", "");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let case = format!("/case?path={CASE}");
    let pdf = format!("/case/pdf?path={CASE}");
    let family = format!("/family?path={CASE}");
    let mut requests = vec![
        (get("/"), StatusCode::OK),
        (get(&case), StatusCode::OK),
        (get(&pdf), StatusCode::OK),
        (get("/interview?kind=refusal-notice"), StatusCode::OK),
        (get(&family), StatusCode::OK),
        (
            get("/api/citations?regime=FOIA&date=2026-01-01"),
            StatusCode::OK,
        ),
        (get("/static/desk.css"), StatusCode::OK),
        (get("/static/case.js"), StatusCode::OK),
        (get("/static/casebook.js"), StatusCode::OK),
        (get("/static/family.js"), StatusCode::OK),
        (get("/static/summary.js"), StatusCode::OK),
        (get("/static/other.js"), StatusCode::NOT_FOUND),
        (
            get(&format!(
                "/family/preview?path={CASE}&followers=..%2Fx.csv&reference=A"
            )),
            StatusCode::BAD_REQUEST,
        ),
        (get("/nowhere"), StatusCode::NOT_FOUND),
        (get("/case?path=../x.toml"), StatusCode::BAD_REQUEST),
        (
            with_host(get("/"), "evil.example"),
            StatusCode::MISDIRECTED_REQUEST,
        ),
        (preview("kind = 1", &csrf), StatusCode::OK),
        (preview("kind = 1", "wrong"), StatusCode::FORBIDDEN),
        (
            form("/case/issue", &[("path", CASE), ("csrf", "wrong")]),
            StatusCode::FORBIDDEN,
        ),
        (get("/family/events?run=999999"), StatusCode::NOT_FOUND),
        (
            get(&format!("/family/manifest?path={CASE}")),
            StatusCode::NOT_FOUND,
        ),
    ];
    // Every route that changes anything, asked without the session's token.
    let fields = [
        ("path", CASE),
        ("csrf", "wrong"),
        ("text", ""),
        ("version", ""),
        ("followers", "a.csv"),
        ("reference", "A"),
        ("id", "0123456789abcdef0123456789abcdef"),
    ];
    for uri in [
        "/case/save",
        "/case/revise",
        "/case/ready",
        "/case/withdraw",
        "/interview",
        "/interview/discard",
        "/family/consider",
        "/family/issue",
        "/family/ready",
        "/family/withdraw",
    ] {
        requests.push((form(uri, &fields), StatusCode::FORBIDDEN));
    }
    for uri in [
        "/api/set",
        "/api/list",
        "/api/fields",
        "/family/upload?name=a.csv",
    ] {
        let r = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-csrf-token", "wrong")
            .body(Body::from(
                serde_json::json!({
                    "path": CASE, "text": "", "field": "reference", "value": "",
                    "list": "steps", "op": "add", "index": null
                })
                .to_string(),
            ))
            .unwrap();
        requests.push((r, StatusCode::FORBIDDEN));
    }
    let mut cross = form("/new", &[("kind", "x"), ("name", "y"), ("csrf", &csrf)]);
    cross
        .headers_mut()
        .insert(header::ORIGIN, "http://evil.example".parse().unwrap());
    requests.push((cross, StatusCode::FORBIDDEN));
    let mut pages = Vec::new();
    for (req, want) in requests {
        let uri = req.uri().to_string();
        let (status, body, h) = send(&app, req).await;
        assert_eq!(status, want, "{uri}: {body}");
        let csp = secure(&uri, &h);
        if h[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
        {
            pages.push((uri, body, csp));
        }
    }
    // A desk beyond loopback refuses a request without its access token, with them.
    let app_with_token = router(Desk::new(&dir, Some("s3cret".into())).unwrap());
    let (status, _, h) = send(&app_with_token, get("/")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    secure("/ without the access token", &h);

    assert!(pages.len() >= 4);
    for (uri, html, _) in &pages {
        assert!(
            !html.contains("<script>") && !html.contains("<style"),
            "{uri}: inline script or style"
        );
        assert!(!html.contains("javascript:"), "{uri}");
    }
    // The preview's one inline style sheet is allowed by its hash, and no other.
    let (_, json, _) = send(
        &app,
        preview(
            &std::fs::read_to_string(common::root().join(EXAMPLE)).unwrap(),
            &csrf,
        ),
    )
    .await;
    let html = serde_json::from_str::<serde_json::Value>(&json).unwrap()["html"]
        .as_str()
        .unwrap()
        .to_string();
    let style = html
        .split("<style>")
        .nth(1)
        .unwrap()
        .split("</style>")
        .next()
        .unwrap();
    use sha2::Digest;
    let digest = sha2::Sha256::digest(style.as_bytes());
    let csp = &pages[0].2;
    let hashes: Vec<&str> = csp.matches("'sha256-").collect();
    assert_eq!(hashes.len(), 1, "{csp}");
    let given = csp
        .split("'sha256-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert_eq!(decode64(given), digest.to_vec(), "{csp}");
}

/// The security headers on an answer, checked; its CSP.
fn secure(uri: &str, h: &axum::http::HeaderMap) -> String {
    let csp = h
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap_or_else(|| panic!("{uri}: no CSP"))
        .to_str()
        .unwrap();
    for part in [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(part), "{uri}: {csp}");
    }
    assert!(!csp.contains("unsafe"), "{uri}: {csp}");
    for (name, value) in [
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-opener-policy", "same-origin"),
    ] {
        assert_eq!(
            h.get(name).map(|v| v.to_str().unwrap()),
            Some(value),
            "{uri}: {name}"
        );
    }
    csp.to_string()
}

fn decode64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bits: Vec<u8> = s.bytes().filter(|c| *c != b'=').map(value).collect();
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut n = 0;
    for b in bits {
        acc = acc << 6 | u32::from(b);
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((acc >> n) as u8);
        }
    }
    out
}

// 3. House styles stay inside the casebook.

/// A house style file (a built-in's text) with a title no built-in has.
fn style_text(title: &str) -> String {
    foinotice::style::builtin_text("thurrock-council")
        .unwrap()
        .replace("Freedom of information response", title)
}

#[tokio::test]
async fn a_case_on_the_desk_reads_house_styles_only_inside_the_casebook() {
    let outside = common::scratch("sec-style-outside");
    let outside = std::fs::canonicalize(&*outside).unwrap();
    std::fs::write(outside.join("x.toml"), style_text("Outside title")).unwrap();
    let present = outside.join("x.toml").display().to_string();
    let missing = outside.join("none.toml").display().to_string();
    let mut messages = Vec::new();
    for (i, style) in [
        present.as_str(),
        missing.as_str(),
        "../../sec-style-outside/x.toml",
        "../../../../../../../../etc/hostname.toml",
    ]
    .into_iter()
    .enumerate()
    {
        let dir = casebook(&format!("sec-style-{i}"), style);
        let desk = Desk::new(&dir, None).unwrap();
        let csrf = desk.csrf().to_string();
        let app = router(desk);
        let text = std::fs::read_to_string(dir.join(CASE)).unwrap();

        // The preview: the error at `style`, saying nothing of the path outside.
        let (status, json, _) = send(&app, preview(&text, &csrf)).await;
        assert_eq!(status, StatusCode::OK);
        let p: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(p["html"].is_null(), "{style}: rendered with it");
        let d = &p["diagnostics"][0];
        assert_eq!(d["field"], "style", "{style}: {json}");
        assert!(d["line"].as_u64().unwrap() > 0, "{json}");
        let message = d["message"].as_str().unwrap().to_string();
        assert!(message.contains("inside the casebook"), "{message}");
        assert!(!json.contains("sec-style-outside") && !json.contains("Outside title"));
        assert!(!json.to_lowercase().contains("no such file"), "{json}");
        messages.push(message);

        // The casebook listing, the PDF and issuing refuse it likewise.
        let (_, html, _) = send(&app, get("/")).await;
        assert!(html.contains("inside the casebook"), "{html}");
        let (status, body, _) = send(&app, get(&format!("/case/pdf?path={CASE}"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        // (The case's own line is quoted, as the caseworker wrote it; nothing of the
        // file it names.)
        assert!(
            body.contains("inside the casebook") && !body.contains("Outside title"),
            "{body}"
        );
        let issue = form("/case/issue", &[("path", CASE), ("csrf", &csrf)]);
        let (status, body, _) = send(&app, issue).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(!dir.join("issued").join(CASE).exists());
    }
    assert!(messages.windows(2).all(|w| w[0] == w[1]), "{messages:?}");

    // Inside the casebook, a style file is read and used.
    let dir = casebook("sec-style-inside", "../styles/ours.toml");
    std::fs::create_dir_all(dir.join("styles")).unwrap();
    std::fs::write(dir.join("styles/ours.toml"), style_text("Our own title")).unwrap();
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let text = std::fs::read_to_string(dir.join(CASE)).unwrap();
    let (_, json, _) = send(&app, preview(&text, &csrf)).await;
    let p: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        p["html"].as_str().unwrap().contains("Our own title"),
        "{json}"
    );

    // The command line reads a style file wherever it is.
    let cli = casebook("sec-style-cli", &present);
    let case = foinotice::case::load(&cli.join(CASE)).unwrap();
    assert!(case.style.is_some());
}
