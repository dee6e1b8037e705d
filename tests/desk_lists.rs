//! The case page's lists on the desk: the parts of a response, events, reasons and
//! steps, each element with its fields, added and removed in the text (never on disk)
//! with the rest kept as written; and what the routes refuse.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::desk::{get, send};
use foinotice::desk::{router, Desk};

const CASE: &str = "decision-notice-not-upheld.toml";

fn json(uri: &str, body: serde_json::Value, csrf: Option<&str>) -> Request<Body> {
    let mut r = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = csrf {
        r = r.header("x-csrf-token", t);
    }
    r.body(Body::from(body.to_string())).unwrap()
}

/// The text a list or field route answers with.
fn text_in(body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    v["text"]
        .as_str()
        .unwrap_or_else(|| panic!("no text in {body}"))
        .to_string()
}

fn setup(name: &str) -> (common::Scratch, axum::Router, String, String) {
    let dir = common::scratch(name);
    std::fs::copy(common::root().join("examples").join(CASE), dir.join(CASE)).unwrap();
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let text = std::fs::read_to_string(dir.join(CASE)).unwrap();
    (dir, router(desk), csrf, text)
}

#[tokio::test]
async fn every_element_of_every_list_has_its_fields_on_the_case_page() {
    let (_dir, app, _, text) = setup("lists-page");
    let (_, html, _) = send(&app, get(&format!("/case?path={CASE}"))).await;
    let parts = text.matches("[[response.parts]]").count();
    let reasons = text.matches("[[reasons]]").count();
    assert!(parts > 1 && reasons > 1, "the example has several of each");
    for i in 0..parts {
        assert!(
            html.contains(&format!("data-field=\"response.parts[{i}].position\"")),
            "part {i}"
        );
        assert!(html.contains(&format!(
            "data-remove=\"response.parts\" data-index=\"{i}\""
        )));
    }
    assert!(!html.contains(&format!("response.parts[{parts}]")));
    for i in 0..reasons {
        assert!(
            html.contains(&format!("data-field=\"reasons[{i}].text\"")),
            "reason {i}"
        );
    }
    for list in ["response.parts", "events", "reasons", "decision.steps"] {
        assert!(html.contains(&format!("data-add=\"{list}\"")), "{list}");
    }
}

#[tokio::test]
async fn an_element_is_added_filled_in_and_removed_in_the_text_alone() {
    let (dir, app, csrf, text) = setup("lists-edit");
    let on_disk = std::fs::read(dir.join(CASE)).unwrap();
    let add = |list: &str, text: &str| {
        json(
            "/api/list",
            serde_json::json!({ "path": CASE, "text": text, "list": list, "op": "add" }),
            Some(&csrf),
        )
    };
    // A step, added, then written.
    let (status, body, _) = send(&app, add("decision.steps", &text)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let with_step = text_in(&body);
    assert!(
        with_step.starts_with(text.lines().next().unwrap()),
        "comments kept"
    );
    let set = json(
        "/api/set",
        serde_json::json!({ "path": CASE, "text": with_step, "field": "decision.steps[0]", "value": "Disclose the pricing schedule." }),
        Some(&csrf),
    );
    let (status, body, _) = send(&app, set).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let stepped = text_in(&body);
    let t: toml::Table = stepped.parse().unwrap();
    assert_eq!(
        t["decision"]["steps"][0].as_str().map(str::trim),
        Some("Disclose the pricing schedule.")
    );
    // The panel, drawn again from the new text, has the step's field.
    let (status, panel, _) = send(
        &app,
        json(
            "/api/fields",
            serde_json::json!({ "path": CASE, "text": stepped }),
            Some(&csrf),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        panel.contains("data-field=\"decision.steps[0]\""),
        "{panel}"
    );
    assert!(panel.contains("Disclose the pricing schedule."), "{panel}");

    // A part, added: it starts with an empty position, which check asks for at its line.
    let (_, body, _) = send(&app, add("response.parts", &text)).await;
    let four = text_in(&body);
    let parts = text.matches("[[response.parts]]").count();
    assert_eq!(four.matches("[[response.parts]]").count(), parts + 1);
    let (_, preview, _) = send(
        &app,
        json(
            "/api/preview",
            serde_json::json!({ "path": CASE, "text": four }),
            Some(&csrf),
        ),
    )
    .await;
    assert!(
        preview.contains(&format!("response.parts[{parts}].position")),
        "{preview}"
    );
    // Removed again: the text is as it was, apart from layout toml_edit keeps.
    let remove = json(
        "/api/list",
        serde_json::json!({ "path": CASE, "text": four, "list": "response.parts", "op": "remove", "index": parts }),
        Some(&csrf),
    );
    let (status, body, _) = send(&app, remove).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let back = text_in(&body);
    assert_eq!(
        back.parse::<toml::Table>().unwrap(),
        text.parse::<toml::Table>().unwrap()
    );
    // Nothing of this reached the disk.
    assert_eq!(std::fs::read(dir.join(CASE)).unwrap(), on_disk);
}

#[tokio::test]
async fn bad_list_requests_change_nothing() {
    let (_dir, app, csrf, text) = setup("lists-bad");
    let req = |body: serde_json::Value, token: Option<&str>| json("/api/list", body, token);
    let ok = serde_json::json!({ "path": CASE, "text": text, "list": "reasons", "op": "add" });
    let (status, _, _) = send(&app, req(ok.clone(), None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(
        &app,
        json(
            "/api/fields",
            serde_json::json!({ "path": CASE, "text": text }),
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for (body, want) in [
        (
            serde_json::json!({ "path": CASE, "text": text, "list": "nonsense", "op": "add" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            serde_json::json!({ "path": CASE, "text": text, "list": "reasons", "op": "remove", "index": 99 }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            serde_json::json!({ "path": CASE, "text": text, "list": "reasons", "op": "remove" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            serde_json::json!({ "path": CASE, "text": "[kind\nx = 1", "list": "reasons", "op": "add" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            serde_json::json!({ "path": "../x.toml", "text": text, "list": "reasons", "op": "add" }),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (status, body, _) = send(&app, req(body.clone(), Some(&csrf))).await;
        assert_eq!(status, want, "{body}");
    }
    let set = json(
        "/api/set",
        serde_json::json!({ "path": CASE, "text": text, "field": "response.parts[0].questions", "value": "one" }),
        Some(&csrf),
    );
    let (status, body, _) = send(&app, set).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("not a question number"), "{body}");
}
