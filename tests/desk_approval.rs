//! Approval by a second person (`serve --approval`), through the desk's routes in
//! process: a draft marked ready for approval is issued only by a desk user under
//! another name, the manifest records the drafter and the approver, a mark holds only
//! for the text marked, and manifests of earlier versions still read.

mod common;

use axum::http::StatusCode;
use common::desk::{form, get, send};
use foinotice::desk::server::Settings;
use foinotice::desk::{router, Desk};
use std::path::Path;

const CASE: &str = "cases/a.toml";

fn casebook(name: &str) -> common::Scratch {
    let dir = common::scratch(name);
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    std::fs::copy(
        common::root().join("examples/decision-notice-not-upheld.toml"),
        dir.join(CASE),
    )
    .unwrap();
    dir
}

/// A desk on `dir` used by `user`, requiring approval or not.
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

/// Posts the case, as on disk, to `action` (`/case/ready` or `/case/issue`).
async fn post(app: &axum::Router, csrf: &str, dir: &Path, action: &str) -> (StatusCode, String) {
    let text = std::fs::read_to_string(dir.join(CASE)).unwrap();
    let version = foinotice::english::sha256(text.as_bytes());
    let (status, body, _) = send(
        app,
        form(
            action,
            &[
                ("path", CASE),
                ("csrf", csrf),
                ("version", &version),
                ("text", &text),
            ],
        ),
    )
    .await;
    (status, body)
}

fn manifest_rows(dir: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(dir.join("issued/manifest.tsv"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[tokio::test]
async fn a_draft_is_approved_and_issued_only_by_a_second_person() {
    let dir = casebook("approval-two");
    let (drafter, d_csrf) = desk(&dir, "D. Rafter", true);
    let (approver, a_csrf) = desk(&dir, "A. Prover", true);

    // Not marked: nobody issues it, and the page says why.
    let (status, body) = post(&approver, &a_csrf, &dir, "/case/issue").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("marked ready for approval"), "{body}");
    let (_, page, _) = send(&drafter, get(&format!("/case?path={CASE}"))).await;
    assert!(page.contains("Mark ready for approval"), "{page}");
    assert!(page.contains("Not yet marked ready for approval"), "{page}");

    // Marked by the drafter, who then cannot issue it: refused, with the reason.
    let (status, body) = post(&drafter, &d_csrf, &dir, "/case/ready").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let ready = std::fs::read_to_string(dir.join("issued/ready.txt")).unwrap();
    assert!(ready.starts_with("cases/a.toml\t1\t"), "{ready}");
    assert!(ready.contains("\tD. Rafter\t"), "{ready}");
    let (status, body) = post(&drafter, &d_csrf, &dir, "/case/issue").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body.contains("D. Rafter marked this draft ready for approval")
            && body.contains("a second person"),
        "{body}"
    );
    // The same name written otherwise is the same person.
    let (same, s_csrf) = desk(&dir, " d. rafter ", true);
    let (status, _) = post(&same, &s_csrf, &dir, "/case/issue").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!dir.join("issued/cases/a.toml/1").exists());
    assert!(manifest_rows(&dir).is_empty());
    // The drafter's page says who marked it and why its Issue is not theirs.
    let (_, page, _) = send(&drafter, get(&format!("/case?path={CASE}"))).await;
    assert!(
        page.contains("Marked ready for approval by D. Rafter"),
        "{page}"
    );
    assert!(
        page.contains(
            "value=\"Approve and issue the notice\" disabled aria-describedby=\"issue-blocked\""
        ),
        "{page}"
    );
    let (_, page, _) = send(&approver, get(&format!("/case?path={CASE}"))).await;
    assert!(
        page.contains("value=\"Approve and issue the notice\">"),
        "{page}"
    );
    // The casebook says which drafts wait for approval, and whose they are.
    let (_, list, _) = send(&approver, get("/")).await;
    assert!(
        list.contains("draft, ready for approval (marked by D. Rafter)"),
        "{list}"
    );

    // The second person issues it: the manifest records who drafted and approved it.
    let (status, body) = post(&approver, &a_csrf, &dir, "/case/issue").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let rows = manifest_rows(&dir);
    assert_eq!(rows.len(), 4, "{rows:?}");
    for row in &rows {
        assert_eq!(row.len(), 7, "{row:?}");
        assert_eq!(
            (row[3].as_str(), row[5].as_str(), row[6].as_str()),
            ("A. Prover", "D. Rafter", "A. Prover"),
            "{row:?}"
        );
    }
    let (_, page, _) = send(&approver, get(&format!("/case?path={CASE}"))).await;
    assert!(
        page.contains("<td>A. Prover</td><td>D. Rafter</td><td>A. Prover</td>"),
        "{page}"
    );
}

#[tokio::test]
async fn a_mark_holds_only_for_the_text_marked() {
    let dir = casebook("approval-changed");
    let (drafter, d_csrf) = desk(&dir, "D. Rafter", true);
    let (approver, a_csrf) = desk(&dir, "A. Prover", true);
    let (status, _) = post(&drafter, &d_csrf, &dir, "/case/ready").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Changed after it was marked: the approver cannot issue what was not marked.
    let text = std::fs::read_to_string(dir.join(CASE)).unwrap();
    std::fs::write(dir.join(CASE), format!("{text}\n# changed after marking\n")).unwrap();
    let (status, body) = post(&approver, &a_csrf, &dir, "/case/issue").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body.contains("changed after D. Rafter marked it ready"),
        "{body}"
    );
    let (_, page, _) = send(&approver, get(&format!("/case?path={CASE}"))).await;
    assert!(page.contains("it needs marking again"), "{page}");
    // A mark made from a page that shows other text than the file is refused.
    let (status, body, _) = send(
        &drafter,
        form(
            "/case/ready",
            &[
                ("path", CASE),
                ("csrf", &d_csrf),
                ("version", &foinotice::english::sha256(text.as_bytes())),
                ("text", &text),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("Not marked ready"), "{body}");
    // Marked again, as it is now: the approver issues it.
    let (status, _) = post(&drafter, &d_csrf, &dir, "/case/ready").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, body) = post(&approver, &a_csrf, &dir, "/case/issue").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    // An issued case is not marked again (until a revision is started).
    let (status, body) = post(&drafter, &d_csrf, &dir, "/case/ready").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}

#[tokio::test]
async fn a_case_that_fails_its_checks_is_not_marked_ready() {
    let dir = casebook("approval-failing");
    let text = std::fs::read_to_string(dir.join(CASE)).unwrap();
    std::fs::write(
        dir.join(CASE),
        text.replacen("reference = ", "reference_x = ", 1),
    )
    .unwrap();
    let (drafter, d_csrf) = desk(&dir, "D. Rafter", true);
    let (status, body) = post(&drafter, &d_csrf, &dir, "/case/ready").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("does not pass the checks"), "{body}");
    assert!(!dir.join("issued/ready.txt").exists());
}

#[tokio::test]
async fn without_approval_a_mark_is_recorded_and_a_case_issues_as_before() {
    let dir = casebook("approval-off");
    let (one, csrf) = desk(&dir, "C. Worker", false);
    let (status, body) = post(&one, &csrf, &dir, "/case/issue").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    for row in manifest_rows(&dir) {
        assert_eq!(row.len(), 7, "{row:?}");
        assert_eq!(
            (row[3].as_str(), row[5].as_str(), row[6].as_str()),
            ("C. Worker", "", "")
        );
    }
    // A second case, marked first: its drafter and approver are recorded.
    std::fs::copy(dir.join(CASE), dir.join("cases/b.toml")).unwrap();
    let text = std::fs::read_to_string(dir.join("cases/b.toml")).unwrap();
    let version = foinotice::english::sha256(text.as_bytes());
    let (marker, m_csrf) = desk(&dir, "D. Rafter", false);
    for (app, csrf, action) in [
        (&marker, &m_csrf, "/case/ready"),
        (&one, &csrf, "/case/issue"),
    ] {
        let (status, body, _) = send(
            app,
            form(
                action,
                &[
                    ("path", "cases/b.toml"),
                    ("csrf", csrf),
                    ("version", &version),
                    ("text", &text),
                ],
            ),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{action}: {body}");
    }
    let b: Vec<Vec<String>> = manifest_rows(&dir)
        .into_iter()
        .filter(|r| r[0] == "cases/b.toml")
        .collect();
    assert!(!b.is_empty());
    assert!(
        b.iter().all(|r| r[5] == "D. Rafter" && r[6] == "C. Worker"),
        "{b:?}"
    );
}

#[tokio::test]
async fn manifests_of_earlier_versions_still_read() {
    let dir = casebook("approval-old");
    std::fs::copy(dir.join(CASE), dir.join("cases/b.toml")).unwrap();
    let issued = dir.join("issued");
    std::fs::create_dir_all(issued.join("cases--a")).unwrap();
    std::fs::create_dir_all(issued.join("cases/b.toml/1")).unwrap();
    std::fs::write(issued.join("cases--a/a.pdf"), b"%PDF-old").unwrap();
    std::fs::write(issued.join("cases/b.toml/1/b.pdf"), b"%PDF-five").unwrap();
    // Three columns (the first version), and five (who and when, before approval).
    std::fs::write(
        issued.join("manifest.tsv"),
        format!(
            "cases/a.toml\tissued/cases--a/a.pdf\t{}\ncases/b.toml\tissued/cases/b.toml/1/b.pdf\t{}\tC. Worker\t2026-12-01T10:00:00Z\n",
            foinotice::english::sha256(b"%PDF-old"),
            foinotice::english::sha256(b"%PDF-five"),
        ),
    )
    .unwrap();
    let (app, _) = desk(&dir, "A. Prover", true);
    let (_, page, _) = send(&app, get("/")).await;
    assert_eq!(
        page.matches("<span class=\"issued\">issued</span>").count(),
        2,
        "{page}"
    );
    let (_, page, _) = send(&app, get("/case?path=cases/b.toml")).await;
    assert!(page.contains("This notice is issued"), "{page}");
    assert!(
        page.contains(
            "b.pdf</a></td><td>C. Worker</td><td></td><td></td><td>2026-12-01T10:00:00Z</td>"
        ),
        "{page}"
    );
}
