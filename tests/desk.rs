//! The desk's HTTP routes, called in process (no network): the casebook, the case
//! page, the live preview, saving, issuing, a new case, and what each refuses: a
//! missing CSRF token, a path out of the casebook, an oversize body, a file changed on
//! disk, an issued case, a request without the access token.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::desk::{form, get, hidden, send, step};
use foinotice::desk::{router, Desk};
use std::path::Path;

/// A casebook with two example cases and one that does not pass the checks.
fn casebook(name: &str) -> common::Scratch {
    let dir = common::scratch(name);
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    for ex in [
        "decision-notice-not-upheld.toml",
        "refusal-notice-section-43.toml",
    ] {
        std::fs::copy(
            common::root().join("examples").join(ex),
            dir.join("cases").join(ex),
        )
        .unwrap();
    }
    std::fs::write(
        dir.join("cases/broken.toml"),
        "kind = \"decision-notice\"\nreference = 5\n",
    )
    .unwrap();
    dir
}

fn preview(path: &str, text: &str, csrf: Option<&str>) -> Request<Body> {
    let mut r = Request::post("/api/preview").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = csrf {
        r = r.header("x-csrf-token", t);
    }
    r.body(Body::from(
        serde_json::json!({ "path": path, "text": text }).to_string(),
    ))
    .unwrap()
}

fn save_form(text: &str, version: &str, csrf: &str) -> Request<Body> {
    form(
        "/case/save",
        &[
            ("path", CASE),
            ("text", text),
            ("version", version),
            ("csrf", csrf),
        ],
    )
}

fn sha(path: &Path) -> String {
    foinotice::english::sha256(&std::fs::read(path).unwrap())
}

const CASE: &str = "cases/decision-notice-not-upheld.toml";

#[tokio::test]
async fn the_casebook_lists_every_case_and_the_first_problem_of_a_bad_one() {
    let dir = casebook("desk-casebook");
    let app = router(Desk::new(&dir, None).unwrap());
    let (status, html, _) = send(&app, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("IC-401234-N5K8") && html.contains("FOI-2026-0412"),
        "{html}"
    );
    assert!(html.contains("Does not pass the checks: line 2:"), "{html}");
    assert!(
        html.contains("appeal by") && html.contains("review request by"),
        "{html}"
    );
}

#[tokio::test]
async fn the_case_page_shows_the_file_its_checks_and_its_preview() {
    let dir = casebook("desk-case");
    let app = router(Desk::new(&dir, None).unwrap());
    let (status, html, _) = send(&app, get(&format!("/case?path={CASE}"))).await;
    assert_eq!(status, StatusCode::OK);
    // The file as written, comments and all, and the notice in the preview (escaped
    // into the frame's srcdoc).
    assert!(
        html.contains("kind = &quot;decision-notice&quot;"),
        "{html}"
    );
    assert!(html.contains("srcdoc=\"&lt;!DOCTYPE html&gt;"), "{html}");
    assert!(html.contains("Reasons for decision"), "{html}");
    assert!(html.contains("response due"), "{html}");
    let (status, pdf, h) = send(&app, get(&format!("/case/pdf?path={CASE}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.starts_with("%PDF-"));
}

#[tokio::test]
async fn the_preview_follows_the_text_and_locates_its_problems() {
    let dir = casebook("desk-preview");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let text = std::fs::read_to_string(dir.join(CASE)).unwrap();
    let (status, _, _) = send(&app, preview(CASE, &text, None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(&app, preview(CASE, &text, Some("0123"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let changed = text.replace("Northshire County Council", "Southshire County Council");
    let (status, body, _) = send(&app, preview(CASE, &changed, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK);
    let p: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(p["html"]
        .as_str()
        .unwrap()
        .contains("Southshire County Council"));
    // A bad date: no notice, and the error at its line and field.
    let bad = text.replacen("date = 2026-02-19", "date = 2026-02-30", 1);
    assert_ne!(bad, text);
    let (_, body, _) = send(&app, preview(CASE, &bad, Some(&csrf))).await;
    let p: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(p["html"].is_null());
    let d = &p["diagnostics"][0];
    assert!(
        d["message"].as_str().unwrap().contains("invalid date"),
        "{p}"
    );
    let line = bad.lines().position(|l| l.contains("2026-02-30")).unwrap() + 1;
    assert_eq!(d["line"], line as u64, "{p}");
    // A date that exists but breaks a rule is named by its field too.
    let early = text.replacen("date = 2026-03-19", "date = 2026-02-01", 1);
    assert_ne!(early, text);
    let (_, body, _) = send(&app, preview(CASE, &early, Some(&csrf))).await;
    let p: serde_json::Value = serde_json::from_str(&body).unwrap();
    let d = &p["diagnostics"][0];
    assert_eq!(d["field"], "response.date", "{p}");
    let line = early
        .lines()
        .position(|l| l.contains("2026-02-01"))
        .unwrap()
        + 1;
    assert_eq!(d["line"], line as u64, "{p}");
    // Nothing was written by previewing.
    assert_eq!(std::fs::read_to_string(dir.join(CASE)).unwrap(), text);
}

#[tokio::test]
async fn saving_keeps_the_text_as_written_and_never_overwrites_a_change_on_disk() {
    let dir = casebook("desk-save");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let file = dir.join(CASE);
    let text = std::fs::read_to_string(&file).unwrap();
    let version = sha(&file);
    let edited = format!(
        "# checked by the team leader\n{}",
        text.replace("Senior Case Officer", "Case Officer")
    );
    // No token: nothing written.
    let (status, _, _) = send(
        &app,
        form(
            "/case/save",
            &[("path", CASE), ("text", &edited), ("version", &version)],
        ),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a form without its token is refused"
    );
    let (status, _, _) = send(&app, save_form(&edited, &version, "x")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Not TOML: refused at its line, nothing written.
    let (status, html, _) = send(
        &app,
        save_form(
            "kind = \"decision-notice\"\nreference = \n",
            &version,
            &csrf,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("(line 2)"), "{html}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    // Saved: the text exactly as the caseworker wrote it, comment included.
    let (status, _, h) = send(&app, save_form(&edited, &version, &csrf)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(h[header::LOCATION], format!("/case?path={CASE}&saved=1"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
    // The page opened before that save is now out of date: refused, file untouched.
    let (status, html, _) = send(&app, save_form(&text, &version, &csrf)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("changed on disk"), "{html}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
}

#[tokio::test]
async fn nothing_outside_the_casebook_is_read_or_written() {
    let dir = casebook("desk-paths");
    let outside = common::scratch("desk-paths-outside");
    std::fs::write(outside.join("secret.toml"), "kind = \"decision-notice\"\n").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.toml"), dir.join("cases/link.toml")).unwrap();
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    for (path, want) in [
        ("../desk-paths-outside/secret.toml", StatusCode::BAD_REQUEST),
        ("/etc/passwd", StatusCode::BAD_REQUEST),
        ("cases/%2E%2E/%2E%2E/x.toml", StatusCode::BAD_REQUEST),
        ("cases/link.toml", StatusCode::FORBIDDEN),
        ("cases/none.toml", StatusCode::NOT_FOUND),
    ] {
        let (status, _, _) = send(&app, get(&format!("/case?path={path}"))).await;
        assert_eq!(status, want, "{path}");
        let (status, _, _) = send(&app, preview(&path.replace("%2E", "."), "x", Some(&csrf))).await;
        assert_eq!(status, want, "preview {path}");
    }
    let (status, _, _) = send(
        &app,
        form(
            "/new",
            &[
                ("kind", "decision-notice"),
                ("name", "../escape.toml"),
                ("csrf", &csrf),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(!dir.join("../escape.toml").exists());
    // The link is not listed, and what it points to is untouched.
    let (_, html, _) = send(&app, get("/")).await;
    assert!(!html.contains("link.toml"), "{html}");
    assert_eq!(
        std::fs::read_to_string(outside.join("secret.toml")).unwrap(),
        "kind = \"decision-notice\"\n"
    );
}

#[tokio::test]
async fn an_oversize_request_is_refused() {
    let dir = casebook("desk-size");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let huge = "#".repeat(foinotice::desk::MAX_BODY + 10);
    let (status, _, _) = send(&app, preview(CASE, &huge, Some(&csrf))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn issuing_writes_the_notice_and_its_manifest_and_makes_the_case_read_only() {
    let dir = casebook("desk-issue");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let (status, _, _) = send(
        &app,
        form("/case/issue", &[("path", CASE), ("csrf", "wrong")]),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!dir.join("issued").exists());
    // A case that does not pass the checks is not issued.
    let (status, html, _) = send(
        &app,
        form(
            "/case/issue",
            &[("path", "cases/broken.toml"), ("csrf", &csrf)],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(!dir.join("issued/cases/broken.toml").exists());
    let (status, _, _) = send(
        &app,
        form("/case/issue", &[("path", CASE), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let manifest = std::fs::read_to_string(dir.join("issued/manifest.tsv")).unwrap();
    let lines: Vec<&str> = manifest.lines().collect();
    assert_eq!(lines.len(), 4, "{manifest}");
    for line in &lines {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols[0], CASE);
        // Every hash the manifest claims is the hash of the file on disk.
        assert_eq!(cols[2], sha(&dir.join(cols[1])), "{line}");
    }
    assert!(lines.iter().any(|l| l.contains(".pdf\t")));
    // The case page shows the issued files and no longer offers to save or issue.
    let (_, html, _) = send(&app, get(&format!("/case?path={CASE}"))).await;
    assert!(
        html.contains("This notice is issued") && html.contains("readonly"),
        "{html}"
    );
    assert!(!html.contains("value=\"Save\""), "{html}");
    // Issued twice: refused, nothing replaced; saving: refused.
    let before =
        sha(&dir
            .join("issued/cases/decision-notice-not-upheld.toml/1/decision-notice-not-upheld.pdf"));
    let (status, _, _) = send(
        &app,
        form("/case/issue", &[("path", CASE), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        sha(&dir
            .join("issued/cases/decision-notice-not-upheld.toml/1/decision-notice-not-upheld.pdf")),
        before
    );
    let version = sha(&dir.join(CASE));
    let (status, _, _) = send(&app, save_form("x = 1", &version, &csrf)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // The casebook says so.
    let (_, html, _) = send(&app, get("/")).await;
    assert!(html.contains("class=\"issued\">issued"), "{html}");
}

#[tokio::test]
async fn a_new_case_starts_from_the_skeleton_and_never_replaces_a_file() {
    let dir = casebook("desk-new");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let (status, _, h) = send(
        &app,
        form(
            "/new",
            &[
                ("kind", "refusal-notice"),
                ("name", "cases/FOI-1"),
                ("csrf", &csrf),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(h[header::LOCATION], "/case?path=cases/FOI-1.toml");
    let text = std::fs::read_to_string(dir.join("cases/FOI-1.toml")).unwrap();
    assert_eq!(
        text,
        foinotice::skeleton::skeleton("refusal-notice").unwrap()
    );
    // Its page lists the fields to fill in, each at its line.
    let (_, html, _) = send(&app, get("/case?path=cases/FOI-1.toml")).await;
    assert!(html.matches("is not filled in").count() >= 6, "{html}");
    let (status, _, _) = send(
        &app,
        form(
            "/new",
            &[("kind", "refusal-notice"), ("name", CASE), ("csrf", &csrf)],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(
        &app,
        form(
            "/new",
            &[("kind", "letter"), ("name", "cases/x"), ("csrf", &csrf)],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn beyond_loopback_every_request_needs_the_access_token() {
    let dir = casebook("desk-access");
    let app = router(Desk::new(&dir, Some("s3cret-token".into())).unwrap());
    let (status, _, _) = send(&app, get("/")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = send(&app, get("/?access=wrong")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, h) = send(&app, get("/?access=s3cret-token")).await;
    assert_eq!(status, StatusCode::OK);
    let cookie = h[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.starts_with("desk_access=s3cret-token") && cookie.contains("HttpOnly"));
    let with_cookie = Request::get("/")
        .header(header::COOKIE, "desk_access=s3cret-token")
        .body(Body::empty())
        .unwrap();
    let (status, _, _) = send(&app, with_cookie).await;
    assert_eq!(status, StatusCode::OK);
}

fn set(path: &str, text: &str, field: &str, value: &str, csrf: Option<&str>) -> Request<Body> {
    let mut r = Request::post("/api/set").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = csrf {
        r = r.header("x-csrf-token", t);
    }
    r.body(Body::from(
        serde_json::json!({ "path": path, "text": text, "field": field, "value": value })
            .to_string(),
    ))
    .unwrap()
}

#[tokio::test]
async fn a_field_is_set_in_the_text_keeping_the_rest_as_written() {
    let dir = casebook("desk-fields");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let text = std::fs::read_to_string(dir.join(CASE)).unwrap();
    // The page offers the fields, with their values.
    let (_, html, _) = send(&app, get(&format!("/case?path={CASE}"))).await;
    assert!(html.contains("data-field=\"authority.short\""), "{html}");
    assert!(
        html.contains("type=\"date\" data-field=\"request.date\" value=\"2026-02-19\""),
        "{html}"
    );
    let (status, _, _) = send(
        &app,
        set(CASE, &text, "authority.short", "the council", None),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body, _) = send(
        &app,
        set(CASE, &text, "authority.short", "the council", Some(&csrf)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let out: serde_json::Value = serde_json::from_str(&body).unwrap();
    let out = out["text"].as_str().unwrap();
    // Only the one line is new: every other line, comments included, as it was.
    let added: Vec<&str> = out
        .lines()
        .filter(|l| !text.lines().any(|t| t == *l))
        .collect();
    assert_eq!(added, ["short = \"the council\""], "{out}");
    assert_eq!(out.lines().count(), text.lines().count() + 1);
    // Nothing on disk changes until the caseworker saves.
    assert_eq!(std::fs::read_to_string(dir.join(CASE)).unwrap(), text);
    // A bad value is refused with the reason, for the field.
    let (status, body, _) = send(
        &app,
        set(CASE, &text, "request.date", "2026-02-30", Some(&csrf)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("not a date") && body.contains("request.date"),
        "{body}"
    );
    let (status, _, _) = send(&app, set(CASE, &text, "nonsense", "x", Some(&csrf))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn citations_are_offered_from_the_law_in_force_on_the_date() {
    let dir = casebook("desk-citations");
    let app = router(Desk::new(&dir, None).unwrap());
    let numbers = |body: &str| -> Vec<String> {
        serde_json::from_str::<Vec<serde_json::Value>>(body)
            .unwrap()
            .iter()
            .map(|p| p["number"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, body, _) = send(&app, get("/api/citations?regime=FOIA&date=2017-01-09")).await;
    let before = numbers(&body);
    assert!(before.contains(&"43".to_string()) && before.contains(&"40".to_string()));
    assert!(!before.iter().any(|n| n.starts_with("12(")), "{before:?}");
    let (_, body, _) = send(&app, get("/api/citations?regime=EIR&date=2017-01-09")).await;
    assert!(numbers(&body).contains(&"12(5)(e)".to_string()));
    let (status, _, _) = send(&app, get("/api/citations?regime=FOISA")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_revision_is_issued_beside_the_notice_it_revises() {
    let dir = casebook("desk-revise");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    // A draft has nothing to revise.
    let (status, _, _) = send(
        &app,
        form("/case/revise", &[("path", CASE), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _, _) = send(
        &app,
        form("/case/issue", &[("path", CASE), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let first =
        dir.join("issued/cases/decision-notice-not-upheld.toml/1/decision-notice-not-upheld.pdf");
    let first_sha = sha(&first);
    let (_, html, _) = send(&app, get(&format!("/case?path={CASE}"))).await;
    assert!(html.contains("Start a revision"), "{html}");
    let (status, _, _) = send(&app, form("/case/revise", &[("path", CASE), ("csrf", "x")])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(
        &app,
        form("/case/revise", &[("path", CASE), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Editable again: saved, then issued as the second issue, beside the first.
    let text = std::fs::read_to_string(dir.join(CASE)).unwrap();
    let revised = text.replace("Senior Case Officer", "Group Manager");
    let (status, _, _) = send(
        &app,
        form(
            "/case/save",
            &[
                ("path", CASE),
                ("text", &revised),
                ("version", &sha(&dir.join(CASE))),
                ("csrf", &csrf),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html, _) = send(&app, get("/")).await;
    assert!(html.contains("revising"), "{html}");
    let (status, _, _) = send(
        &app,
        form("/case/issue", &[("path", CASE), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let second =
        dir.join("issued/cases/decision-notice-not-upheld.toml/2/decision-notice-not-upheld.txt");
    assert!(std::fs::read_to_string(&second)
        .unwrap()
        .contains("Group Manager"));
    assert_eq!(sha(&first), first_sha, "the first issue is untouched");
    let manifest = std::fs::read_to_string(dir.join("issued/manifest.tsv")).unwrap();
    assert_eq!(manifest.lines().count(), 8, "{manifest}");
    // Read-only again, issued twice.
    let (_, html, _) = send(&app, get(&format!("/case?path={CASE}"))).await;
    assert!(
        html.contains("(2 times)") && html.contains("readonly"),
        "{html}"
    );
    let (status, _, _) = send(
        &app,
        form("/case/issue", &[("path", CASE), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_interview_ends_in_a_case_file_that_passes_check() {
    let dir = casebook("desk-interview");
    let app = router(Desk::new(&dir, None).unwrap());
    let (status, page, _) = send(&app, get("/interview?kind=decision-notice")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Step 1 of 6: The case"), "{page}");
    assert!(
        !page.contains("error-summary") && !page.contains("<title>Error:"),
        "{page}"
    );
    // The casebook's authorities are offered (each once).
    assert_eq!(
        page.matches("<option value=\"Northshire County Council\">")
            .count(),
        1,
        "{page}"
    );
    // A missing answer and a name already taken: both at their fields, same step.
    let (status, again, _) = step(
        &app,
        &page,
        &[
            ("file", CASE),
            ("a.reference", ""),
            ("a.regime", "FOIA"),
            ("a.complainant.pronoun", "she"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again.contains("Step 1 of 6")
            && again.contains("Enter the Commissioner&#39;s case reference")
            && again.contains("A file of that name is already in the casebook"),
        "{again}"
    );
    // An error summary at the top, each problem linking to its field, which says it
    // is in error and points at its message; the title says "Error:".
    assert!(
        again.contains("<title>Error: New decision notice"),
        "{again}"
    );
    let summary = &again[again
        .find("id=\"error-summary\"")
        .expect("an error summary")..];
    assert!(
        summary.find("href=\"#q-file\"") < summary.find("href=\"#q-reference\""),
        "{summary}"
    );
    assert!(
        again.contains("id=\"q-reference\" name=\"a.reference\" value=\"\" size=\"50\" aria-describedby=\"e-q-reference\" aria-invalid=\"true\""),
        "{again}"
    );
    assert!(
        !again.contains(
            "id=\"q-regime\" name=\"a.regime\" aria-describedby=\"e-q-regime\" aria-invalid"
        ),
        "{again}"
    );
    let answers: [&[(&str, &str)]; 6] = [
        &[
            ("file", "cases/IC-9"),
            ("a.reference", "IC-999999-Z9Z9"),
            ("a.regime", "FOIA"),
            ("a.complainant.pronoun", "she"),
        ],
        &[
            ("a.authority.name", "Northshire County Council"),
            ("a.authority.short", "the council"),
            ("a.authority.address", "County Hall\nNorthtown"),
        ],
        &[
            ("a.request.date", "2026-02-02"),
            ("a.request.summary", "road repairs"),
            (
                "a.request.wording",
                "Please provide:\n\n1. The list of roads repaired in 2025.",
            ),
        ],
        &[("no_response", "1")],
        &[("a.complaint.date", "2026-04-20")],
        &[
            ("a.decision.outcome", "upheld"),
            ("a.decision.breaches", "10(1)"),
            (
                "a.reasons[0].text",
                "The council has not responded to the request.",
            ),
            ("a.date", "2026-09-01"),
            ("a.signatory.role", "Case Officer"),
        ],
    ];
    let mut page = page;
    for (i, a) in answers.iter().enumerate() {
        let (status, next, _) = step(&app, &page, a).await;
        assert_eq!(status, StatusCode::OK, "step {}: {next}", i + 1);
        if i + 1 < answers.len() {
            assert!(next.contains(&format!("Step {} of 6", i + 2)), "{next}");
        } else {
            // The answers to check before anything is written.
            assert!(next.contains("Check your answers"), "{next}");
            assert!(!dir.join("cases/IC-9.toml").exists());
        }
        page = next;
    }
    let (status, _, h) = step(&app, &page, &[("confirm", "1")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(h[header::LOCATION], "/case?path=cases/IC-9.toml");
    // The file passes check, and keeps the skeleton's comments.
    let file = dir.join("cases/IC-9.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("# A decision notice on a complaint"),
        "{text}"
    );
    assert!(text.contains("wording = '''\nPlease provide:"), "{text}");
    assert!(!text.contains("[response]"), "{text}");
    let case = foinotice::case::load(&file)
        .unwrap_or_else(|e| panic!("{}\n{text}", foinotice::Error::Case(e)));
    assert!(case.warnings.is_empty(), "{:?}\n{text}", case.warnings);
}

#[tokio::test]
async fn the_interview_goes_back_a_step_with_the_answers_given() {
    let dir = casebook("desk-interview-back");
    let app = router(Desk::new(&dir, None).unwrap());
    let (_, page, _) = send(&app, get("/interview?kind=decision-notice")).await;
    assert!(
        !page.contains("Back a step"),
        "no going back from the first step"
    );
    let first = [
        ("file", "cases/IC-8"),
        ("a.reference", "IC-888888-Y8Y8"),
        ("a.regime", "FOIA"),
        ("a.complainant.pronoun", "he"),
    ];
    let (_, second, _) = step(&app, &page, &first).await;
    let authority = [
        ("a.authority.name", "Westshire Council"),
        ("a.authority.address", "Town Hall\nWesttown"),
    ];
    let (_, third, _) = step(&app, &second, &authority).await;
    assert!(third.contains("Step 3 of 6"), "{third}");
    // Back from step 3 (its answers, though missing, are not asked for): step 2 shows
    // what was given, the address a line each.
    let (status, back, _) = step(&app, &third, &[("back", "1")]).await;
    assert_eq!(status, StatusCode::OK, "{back}");
    assert!(back.contains("Step 2 of 6"), "{back}");
    assert!(back.contains("value=\"Westshire Council\""), "{back}");
    assert!(back.contains(">Town Hall\nWesttown</textarea>"), "{back}");
    // Answered again, differently: the text takes the new answer.
    let (_, third, _) = step(&app, &back, &[("a.authority.name", "Eastshire Council")]).await;
    assert!(hidden(&third, "text").contains("name = \"Eastshire Council\""));
    let (_, fourth, _) = step(
        &app,
        &third,
        &[
            ("a.request.date", "2026-02-02"),
            ("a.request.summary", "road repairs"),
            ("a.request.wording", "Which roads were repaired in 2025?"),
        ],
    )
    .await;
    // No response, then back to say there was one after all.
    let (_, fifth, _) = step(&app, &fourth, &[("no_response", "1")]).await;
    assert!(!hidden(&fifth, "text").contains("[response]"));
    let (_, again, _) = step(&app, &fifth, &[("back", "1")]).await;
    assert!(
        again.contains("Step 4 of 6") && again.contains("name=\"no_response\" value=\"1\" checked"),
        "{again}"
    );
    let (status, fifth, _) = step(
        &app,
        &again,
        &[
            ("a.response.date", "2026-03-01"),
            ("a.response.parts[0].position", "refused"),
            ("a.response.parts[0].exemption", "43(2)"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{fifth}");
    let text = hidden(&fifth, "text");
    let t: toml::Table = text.parse().unwrap();
    assert_eq!(
        t["response"]["parts"][0]["exemption"].as_str(),
        Some("43(2)"),
        "{text}"
    );
    assert!(
        !dir.join("cases/IC-8.toml").exists(),
        "nothing written before the last step"
    );
}

#[tokio::test]
async fn going_back_a_step_keeps_what_this_step_was_given() {
    let dir = casebook("desk-interview-back-keeps");
    let app = router(Desk::new(&dir, None).unwrap());
    let (_, page, _) = send(&app, get("/interview?kind=decision-notice")).await;
    let (_, second, _) = step(
        &app,
        &page,
        &[
            ("file", "cases/IC-7"),
            ("a.reference", "IC-777777-X7X7"),
            ("a.regime", "FOIA"),
            ("a.complainant.pronoun", "she"),
        ],
    )
    .await;
    let (_, third, _) = step(
        &app,
        &second,
        &[
            ("a.authority.name", "Westshire Council"),
            ("a.authority.address", "Town Hall\nWesttown"),
        ],
    )
    .await;
    assert!(third.contains("Step 3 of 6"), "{third}");
    // Part of step 3 typed, then Back: the typing is kept.
    let (_, back, _) = step(
        &app,
        &third,
        &[("a.request.summary", "bridge inspections"), ("back", "1")],
    )
    .await;
    assert!(back.contains("Step 2 of 6"), "{back}");
    assert!(
        hidden(&back, "text").contains("summary = \"bridge inspections\""),
        "{}",
        hidden(&back, "text")
    );
    // On again: step 3 shows it.
    let (_, again, _) = step(
        &app,
        &back,
        &[
            ("a.authority.name", "Westshire Council"),
            ("a.authority.address", "Town Hall\nWesttown"),
        ],
    )
    .await;
    assert!(again.contains("Step 3 of 6"), "{again}");
    assert!(again.contains("value=\"bridge inspections\""), "{again}");
}

#[tokio::test]
async fn the_interview_finishes_an_upheld_case_with_its_steps_and_review() {
    let dir = casebook("desk-interview-upheld");
    let app = router(Desk::new(&dir, None).unwrap());
    let (_, mut page, _) = send(&app, get("/interview?kind=decision-notice")).await;
    let answers: [&[(&str, &str)]; 5] = [
        &[
            ("file", "cases/IC-5"),
            ("a.reference", "IC-555555-V5V5"),
            ("a.regime", "FOIA"),
            ("a.complainant.pronoun", "they"),
        ],
        &[
            ("a.authority.name", "Department for Transport"),
            (
                "a.authority.first_mention",
                "the Department for Transport (DfT)",
            ),
            ("a.authority.short", "the DfT"),
            ("a.authority.address", "Great Minster House\nLondon"),
        ],
        &[
            ("a.request.date", "2026-02-02"),
            ("a.request.summary", "bridge inspections"),
            (
                "a.request.wording",
                "Please send the 2025 bridge inspection reports.",
            ),
        ],
        &[
            ("a.response.date", "2026-02-20"),
            ("a.response.parts[0].position", "refused"),
            ("a.response.parts[0].exemption", "43(2)"),
        ],
        &[
            ("a.review.requested", "2026-02-25"),
            ("a.review.outcome", "upheld"),
            ("a.review.date", "2026-03-20"),
            ("a.complaint.date", "2026-04-20"),
        ],
    ];
    for a in answers {
        let (status, next, _) = step(&app, &page, a).await;
        assert_eq!(status, StatusCode::OK, "{next}");
        page = next;
    }
    let decision = [
        ("a.decision.outcome", "upheld"),
        (
            "a.reasons[0].text",
            "The Commissioner is not satisfied that disclosure would be likely to prejudice anyone's commercial interests.",
        ),
        ("a.date", "2026-09-01"),
        ("a.signatory.name", "A. Case Officer"),
        ("a.signatory.role", "Senior Case Officer"),
    ];
    // Upheld with no steps: asked for at the steps' field, nothing written.
    let (status, asked, _) = step(&app, &page, &decision).await;
    assert_ne!(status, StatusCode::SEE_OTHER, "{asked}");
    assert!(
        asked.contains("enter the steps the authority must take"),
        "{asked}"
    );
    assert!(!dir.join("cases/IC-5.toml").exists());
    let mut with_steps = decision.to_vec();
    with_steps.push(("a.decision.steps", "Disclose the inspection reports."));
    let (status, review, _) = step(&app, &page, &with_steps).await;
    assert_eq!(status, StatusCode::OK, "{review}");
    assert!(review.contains("Check your answers"), "{review}");
    let (status, body, h) = step(&app, &review, &[("confirm", "1")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(h[header::LOCATION], "/case?path=cases/IC-5.toml");
    let file = dir.join("cases/IC-5.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let case = foinotice::case::load(&file)
        .unwrap_or_else(|e| panic!("{}\n{text}", foinotice::Error::Case(e)));
    assert!(case.warnings.is_empty(), "{:?}\n{text}", case.warnings);
    let notice = common::render_text(&file);
    assert!(
        notice.contains("The Department for Transport (DfT)"),
        "{notice}"
    );
    assert!(
        notice.contains("Disclose the inspection reports."),
        "{notice}"
    );
    assert!(notice.contains("A. Case Officer"), "{notice}");
    assert!(notice.contains("internal review"), "{notice}");
}
