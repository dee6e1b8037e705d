//! Errors a caseworker can act on, through the desk's routes in process: a case
//! saved with a bad value is shown again as typed, with an error summary linking to
//! the field, the field marked (`aria-invalid`, `aria-describedby`) and every other
//! field still there and editable; the fields drawn from such a text and a field set
//! in it keep working; messages name files by their path in the casebook.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::desk::{form, get, send};
use foinotice::desk::{router, Desk};

const CASE: &str = "cases/a.toml";

fn casebook(name: &str) -> (common::Scratch, axum::Router, String, String) {
    let dir = common::scratch(name);
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    std::fs::copy(
        common::root().join("examples/decision-notice-not-upheld.toml"),
        dir.join(CASE),
    )
    .unwrap();
    let text = std::fs::read_to_string(dir.join(CASE)).unwrap();
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    (dir, router(desk), csrf, text)
}

fn script(uri: &str, csrf: &str, body: serde_json::Value) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-csrf-token", csrf)
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// The opening tag of the element with this id.
fn tag<'a>(page: &'a str, id: &str) -> &'a str {
    let at = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in {page}"));
    let start = page[..at].rfind('<').unwrap();
    let end = at + page[at..].find('>').unwrap();
    &page[start..=end]
}

#[tokio::test]
async fn a_bad_date_saved_marks_its_field_and_keeps_the_others() {
    let (dir, app, csrf, text) = casebook("errors-save");
    let bad = text.replacen("date = 2026-02-19", "date = 2026-02-30", 1);
    assert_ne!(bad, text, "the example's request date moved");
    let version = foinotice::english::sha256(text.as_bytes());
    let (status, page, _) = send(
        &app,
        form(
            "/case/save",
            &[
                ("path", CASE),
                ("text", &bad),
                ("version", &version),
                ("csrf", &csrf),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    // Nothing saved; the page again, as typed, titled "Error:".
    assert_eq!(std::fs::read_to_string(dir.join(CASE)).unwrap(), text);
    assert!(page.contains("<title>Error: cases/a.toml"), "{page}");
    assert!(page.contains("2026-02-30"), "{page}");
    // The summary links to the request's date, which is marked and points at why.
    let summary = &page[page.find("id=\"error-summary\"").expect("a summary")..];
    let link = &summary[..summary.find("</ul>").unwrap()];
    assert!(link.contains("href=\"#f-request-date\""), "{link}");
    assert!(
        link.contains("Request made: `2026-02-30` cannot be read"),
        "{link}"
    );
    let date = tag(&page, "f-request-date");
    assert!(date.contains("aria-invalid=\"true\""), "{date}");
    assert!(
        date.contains("aria-describedby=\"e-request-date c-request-date\""),
        "{date}"
    );
    assert!(date.contains("value=\"2026-02-30\""), "{date}");
    let reason = &page[page.find("id=\"e-request-date\"").unwrap()..];
    assert!(reason[..200].contains("line "), "{reason}");
    // Every other field is there, with its value, and not marked.
    let name = tag(&page, "f-authority-name");
    assert!(
        name.contains("value=\"Northshire County Council\""),
        "{name}"
    );
    assert!(!name.contains("aria-invalid"), "{name}");
    assert!(tag(&page, "f-decision-outcome").starts_with("<select"));
    // The version the page opened is kept, so the corrected text saves.
    assert!(page.contains(&format!("name=\"version\" value=\"{version}\"")));
    let (status, _, _) = send(
        &app,
        form(
            "/case/save",
            &[
                ("path", CASE),
                ("text", &text.replace("Northshire", "Westshire")),
                ("version", &version),
                ("csrf", &csrf),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page, _) = send(&app, get(&format!("/case?path={CASE}&saved=1"))).await;
    assert!(page.contains("role=\"status\">Saved."), "{page}");
    assert!(!page.contains("error-summary") && !page.contains("<title>Error:"));
}

#[tokio::test]
async fn fields_are_drawn_and_set_in_a_text_with_a_bad_value() {
    let (_dir, app, csrf, text) = casebook("errors-fields");
    let bad = text.replacen("date = 2026-02-19", "date = 2026-02-30", 1);
    let (status, panel, _) = send(
        &app,
        script(
            "/api/fields",
            &csrf,
            serde_json::json!({ "path": CASE, "text": bad }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        tag(&panel, "f-request-date").contains("aria-invalid=\"true\""),
        "{panel}"
    );
    assert!(tag(&panel, "f-authority-name").contains("Northshire County Council"));
    assert!(panel.matches("data-field=").count() > 15, "{panel}");
    // Another field set: the change is made, the bad value kept as typed.
    let (status, body, _) = send(
        &app,
        script(
            "/api/set",
            &csrf,
            serde_json::json!({ "path": CASE, "text": bad, "field": "authority.short", "value": "the county" }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let changed = serde_json::from_str::<serde_json::Value>(&body).unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(changed.contains("short = \"the county\""), "{changed}");
    assert!(changed.contains("date = 2026-02-30"), "{changed}");
    // The bad field itself set: the text is TOML again.
    let (status, body, _) = send(
        &app,
        script(
            "/api/set",
            &csrf,
            serde_json::json!({ "path": CASE, "text": changed, "field": "request.date", "value": "2026-02-19" }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let fixed = serde_json::from_str::<serde_json::Value>(&body).unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(fixed.parse::<toml::Table>().is_ok(), "{fixed}");
    assert_eq!(
        fixed,
        changed.replace("date = 2026-02-30", "date = 2026-02-19")
    );
}

#[tokio::test]
async fn messages_name_files_in_the_casebook_and_no_system_codes() {
    let (dir, app, _csrf, text) = casebook("errors-paths");
    std::fs::write(
        dir.join("cases/styled.toml"),
        format!("style = \"styles/missing.toml\"\n{text}"),
    )
    .unwrap();
    let (_, page, _) = send(&app, get("/")).await;
    let root = std::fs::canonicalize(&*dir).unwrap();
    assert!(!page.contains(&format!("{}/", root.display())), "{page}");
    assert!(!page.contains("os error"), "{page}");
    let (_, page, _) = send(&app, get("/case?path=cases/styled.toml")).await;
    assert!(!page.contains(&format!("{}/", root.display())), "{page}");
    assert!(!page.contains("os error"), "{page}");
}
