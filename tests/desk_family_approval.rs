//! A family under approval (`serve --approval`), and a mark withdrawn, through the
//! desk's routes in process: the family is issued only once marked ready (the lead and
//! the list as they are) and approved by a desk user under another name; its
//! `manifest.json` records who drafted and who approved the run, with the notices it
//! issued; a mark of the lead's own notice does not cover its family; a change to the
//! list needs a new mark; and only the drafter can withdraw a mark, which is recorded.

mod common;

use axum::http::{header, StatusCode};
use common::desk::{form, get, send};
use foinotice::desk::server::Settings;
use foinotice::desk::{router, Desk};
use std::path::Path;

const FAMILY: &str = "/family?path=lead.toml&followers=followers.csv";

fn casebook(name: &str) -> common::Scratch {
    let dir = common::scratch(name);
    let ex = common::root().join("examples/bulk");
    std::fs::copy(ex.join("lead.toml"), dir.join("lead.toml")).unwrap();
    std::fs::copy(ex.join("followers.csv"), dir.join("followers.csv")).unwrap();
    dir
}

fn desk(dir: &Path, user: &str, approval: bool) -> (axum::Router, String) {
    let settings = Settings {
        user: Some(user.into()),
        approval,
        ..Default::default()
    };
    let desk = Desk::with_settings(dir, None, settings).unwrap();
    let csrf = desk.csrf().to_string();
    (router(desk), csrf)
}

async fn post(
    app: &axum::Router,
    action: &str,
    csrf: &str,
) -> (StatusCode, String, axum::http::HeaderMap) {
    send(
        app,
        form(
            action,
            &[
                ("path", "lead.toml"),
                ("followers", "followers.csv"),
                ("csrf", csrf),
            ],
        ),
    )
    .await
}

/// Issues the family and waits for the run's summary.
async fn issue(app: &axum::Router, csrf: &str) -> (StatusCode, String) {
    let (status, body, headers) = post(app, "/family/issue", csrf).await;
    if status != StatusCode::SEE_OTHER {
        return (status, body);
    }
    let location = headers[header::LOCATION].to_str().unwrap();
    let run = location.rsplit("run=").next().unwrap();
    let (_, events, _) = send(app, get(&format!("/family/events?run={run}"))).await;
    (status, events)
}

#[tokio::test]
async fn a_family_is_issued_only_once_marked_ready_and_approved_by_a_second_person() {
    let dir = casebook("family-approval");
    let (drafter, d_csrf) = desk(&dir, "D. Rafter", true);
    let (approver, a_csrf) = desk(&dir, "A. Prover", true);
    // Not marked: the page says so, its Issue is disabled, and the route refuses.
    let (_, page, _) = send(&approver, get(FAMILY)).await;
    assert!(page.contains("Not yet marked ready for approval"), "{page}");
    assert!(
        page.contains("value=\"Issue the family\" disabled"),
        "{page}"
    );
    let (status, body) = issue(&approver, &a_csrf).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body.contains("only once it has been marked ready for approval"),
        "{body}"
    );
    assert!(!dir.join("issued/lead.toml/family/manifest.json").exists());
    // A mark of the lead's own notice does not cover the family.
    let lead = std::fs::read_to_string(dir.join("lead.toml")).unwrap();
    let version = foinotice::english::sha256(lead.as_bytes());
    let (status, body, _) = send(
        &drafter,
        form(
            "/case/ready",
            &[
                ("path", "lead.toml"),
                ("csrf", &d_csrf),
                ("version", &version),
                ("text", &lead),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (status, _) = issue(&approver, &a_csrf).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The family marked by its drafter, who cannot then issue it.
    let (status, body, _) = post(&drafter, "/family/ready", "wrong").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body, _) = post(&drafter, "/family/ready", &d_csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (_, page, _) = send(&drafter, get(FAMILY)).await;
    assert!(
        page.contains("Marked ready for approval by D. Rafter"),
        "{page}"
    );
    let (status, body) = issue(&drafter, &d_csrf).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body.contains("D. Rafter marked this family ready for approval"),
        "{body}"
    );
    // Approved and issued by the second person: the manifest records both.
    let (_, page, _) = send(&approver, get(FAMILY)).await;
    assert!(
        page.contains("value=\"Approve and issue the family\""),
        "{page}"
    );
    let (status, events) = issue(&approver, &a_csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(events.contains("\"finished\":true"), "{events}");
    let manifest = common::family::manifest(&dir.join("issued/lead.toml/family"));
    let approvals = manifest["approvals"]
        .as_array()
        .expect("approvals recorded");
    assert_eq!(approvals.len(), 1, "{manifest}");
    assert_eq!(approvals[0]["drafter"], "D. Rafter");
    assert_eq!(approvals[0]["approver"], "A. Prover");
    let issued: Vec<&str> = manifest["notices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "issued")
        .map(|e| e["reference"].as_str().unwrap())
        .collect();
    assert!(!issued.is_empty());
    let approved: Vec<&str> = approvals[0]["issued"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(approved, issued);
    // A row of the list changed: the mark no longer holds.
    let csv = std::fs::read_to_string(dir.join("followers.csv")).unwrap();
    std::fs::write(
        dir.join("followers.csv"),
        csv.replacen("IOT-2018-01,", "IOT-2018-91,", 1),
    )
    .unwrap();
    let (_, page, _) = send(&approver, get(FAMILY)).await;
    assert!(
        page.contains("the lead case or the list has changed since"),
        "{page}"
    );
    let (status, body) = issue(&approver, &a_csrf).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body.contains("changed after D. Rafter marked the family ready"),
        "{body}"
    );
    // The earlier approval stays in the manifest.
    let manifest = common::family::manifest(&dir.join("issued/lead.toml/family"));
    assert_eq!(manifest["approvals"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn without_approval_a_family_issues_as_before_and_its_manifest_names_no_approver() {
    let dir = casebook("family-no-approval");
    let (app, csrf) = desk(&dir, "D. Rafter", false);
    let (_, page, _) = send(&app, get(FAMILY)).await;
    assert!(page.contains("value=\"Issue the family\">"), "{page}");
    let (status, events) = issue(&app, &csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(events.contains("\"finished\":true"), "{events}");
    let manifest = common::family::manifest(&dir.join("issued/lead.toml/family"));
    assert!(manifest.get("approvals").is_none(), "{manifest}");
}

fn lines(dir: &Path, name: &str) -> usize {
    std::fs::read_to_string(dir.join("issued").join(name))
        .map(|t| t.lines().count())
        .unwrap_or(0)
}

#[tokio::test]
async fn only_the_drafter_withdraws_a_mark_and_the_withdrawal_is_recorded() {
    let dir = casebook("withdraw");
    let (drafter, d_csrf) = desk(&dir, "D. Rafter", true);
    let (other, o_csrf) = desk(&dir, "A. Prover", true);
    // Nothing to withdraw yet.
    let (status, body, _) = post(&drafter, "/family/withdraw", &d_csrf).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("there is no mark to withdraw"), "{body}");
    post(&drafter, "/family/ready", &d_csrf).await;
    // Another user: refused, naming who can.
    let (status, body, _) = post(&other, "/family/withdraw", &o_csrf).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body.contains("Only D. Rafter, who marked it ready for approval, can withdraw the mark"),
        "{body}"
    );
    let (_, page, _) = send(&other, get(FAMILY)).await;
    assert!(!page.contains("action=\"/family/withdraw\""), "{page}");
    // Without the token: refused.
    let (status, _, _) = post(&drafter, "/family/withdraw", "x").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(lines(&dir, "withdrawn.txt"), 0);
    // The drafter: withdrawn and recorded; the family is no longer marked.
    let (_, page, _) = send(&drafter, get(FAMILY)).await;
    assert!(page.contains("action=\"/family/withdraw\""), "{page}");
    let (status, body, _) = post(&drafter, "/family/withdraw", &d_csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let record = std::fs::read_to_string(dir.join("issued/withdrawn.txt")).unwrap();
    assert!(
        record.starts_with("lead.toml\t0\t") && record.contains("\tD. Rafter\t"),
        "{record}"
    );
    let (_, page, _) = send(&other, get(FAMILY)).await;
    assert!(page.contains("Not yet marked ready for approval"), "{page}");
    let (status, _) = issue(&other, &o_csrf).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A case's mark: withdrawn from its page, by its drafter only.
    let lead = std::fs::read_to_string(dir.join("lead.toml")).unwrap();
    let version = foinotice::english::sha256(lead.as_bytes());
    send(
        &drafter,
        form(
            "/case/ready",
            &[
                ("path", "lead.toml"),
                ("csrf", &d_csrf),
                ("version", &version),
                ("text", &lead),
            ],
        ),
    )
    .await;
    let (_, case, _) = send(&drafter, get("/case?path=lead.toml")).await;
    assert!(case.contains("action=\"/case/withdraw\""), "{case}");
    let (_, case, _) = send(&other, get("/case?path=lead.toml")).await;
    assert!(!case.contains("action=\"/case/withdraw\""), "{case}");
    let (status, _, _) = send(
        &other,
        form(
            "/case/withdraw",
            &[("path", "lead.toml"), ("csrf", &o_csrf)],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(
        &drafter,
        form(
            "/case/withdraw",
            &[("path", "../lead.toml"), ("csrf", &d_csrf)],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = send(
        &drafter,
        form(
            "/case/withdraw",
            &[("path", "lead.toml"), ("csrf", &d_csrf)],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(lines(&dir, "withdrawn.txt"), 2);
    let (_, case, _) = send(&other, get("/case?path=lead.toml")).await;
    assert!(case.contains("Not yet marked ready for approval"), "{case}");
    // The casebook no longer lists it as awaiting approval.
    let (_, book, _) = send(&other, get("/")).await;
    assert!(!book.contains("ready for approval (marked by"), "{book}");
}
