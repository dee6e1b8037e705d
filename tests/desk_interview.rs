//! The interview's end and its keeping, through the desk's routes in process: the
//! answers checked on one page before the case file is written (each step changed
//! from there, every other answer kept), an interview that would not pass refused at
//! the step to change, and a half-finished interview kept in the casebook's hidden
//! `.interviews/` folder (bounded in count and size), resumed by a desk started again,
//! and discarded.

mod common;

use axum::http::{header, StatusCode};
use common::desk::{form, get, hidden, send, step};
use foinotice::desk::{router, Desk};
use std::path::Path;

fn casebook(name: &str) -> common::Scratch {
    let dir = common::scratch(name);
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    dir
}

/// The answers of a decision notice's six steps: an upheld complaint about a request
/// that was never answered (no steps needed: the notice orders a response).
fn decision(file: &str) -> Vec<Vec<(&str, &str)>> {
    vec![
        vec![
            ("file", file),
            ("a.reference", "IC-444444-U4U4"),
            ("a.regime", "FOIA"),
            ("a.complainant.pronoun", "she"),
        ],
        vec![
            ("a.authority.name", "Westshire Council"),
            ("a.authority.address", "Town Hall\nWesttown"),
        ],
        vec![
            ("a.request.date", "2026-02-02"),
            ("a.request.summary", "bridge inspections"),
            (
                "a.request.wording",
                "Please send the 2025 bridge inspection reports.",
            ),
        ],
        vec![("no_response", "1")],
        vec![("a.complaint.date", "2026-04-20")],
        vec![
            ("a.decision.outcome", "upheld"),
            ("a.decision.breaches", "10(1)"),
            (
                "a.reasons[0].text",
                "The council has not responded to the request.",
            ),
            ("a.date", "2026-09-01"),
            ("a.signatory.name", "A. Case Officer"),
            ("a.signatory.role", "Senior Case Officer"),
        ],
    ]
}

/// Walks the answers from the interview's first page; the last page reached.
async fn walk(app: &axum::Router, answers: &[Vec<(&str, &str)>]) -> String {
    let (_, mut page, _) = send(app, get("/interview?kind=decision-notice")).await;
    for (i, a) in answers.iter().enumerate() {
        let (status, next, _) = step(app, &page, a).await;
        assert_eq!(status, StatusCode::OK, "step {}: {next}", i + 1);
        page = next;
    }
    page
}

fn load(file: &Path) -> foinotice::case::Case {
    let text = std::fs::read_to_string(file).unwrap();
    let case = foinotice::case::load(file)
        .unwrap_or_else(|e| panic!("{}\n{text}", foinotice::Error::Case(e)));
    assert!(case.warnings.is_empty(), "{:?}\n{text}", case.warnings);
    case
}

#[tokio::test]
async fn the_answers_are_checked_on_one_page_and_each_step_changed_from_it() {
    let dir = casebook("desk-review");
    let app = router(Desk::new(&dir, None).unwrap());
    let review = walk(&app, &decision("cases/IC-4")).await;
    assert!(
        review.contains("<h2>Check your answers before the case file is written</h2>"),
        "{review}"
    );
    // Every answer shown under its step, with a Change button for each step.
    for shown in [
        "cases/IC-4.toml",
        "IC-444444-U4U4",
        "Westshire Council",
        "Town Hall\nWesttown",
        "Please send the 2025 bridge inspection reports.",
        "The authority never responded",
        "A. Case Officer",
    ] {
        assert!(
            review.contains(&format!("<dd>{shown}</dd>")),
            "{shown}: {review}"
        );
    }
    assert_eq!(review.matches("name=\"goto\"").count(), 6, "{review}");
    assert!(!dir.join("cases/IC-4.toml").exists(), "nothing written yet");
    // Change the authority: its step, its answers as given, then back to the check.
    let (status, change, _) = step(&app, &review, &[("goto", "1")]).await;
    assert_eq!(status, StatusCode::OK, "{change}");
    assert!(change.contains("Step 2 of 6"), "{change}");
    assert!(change.contains("value=\"Westshire Council\""), "{change}");
    assert!(change.contains("name=\"review\" value=\"1\""), "{change}");
    // A required answer removed: refused at its field, still on that step.
    let (status, refused, _) = step(&app, &change, &[("a.authority.name", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(
        refused.contains("Step 2 of 6")
            && refused.contains("Enter the public authority&#39;s formal name"),
        "{refused}"
    );
    let (status, back, _) = step(
        &app,
        &refused,
        &[
            ("a.authority.name", "Eastshire Council"),
            ("a.authority.address", "Town Hall\nWesttown"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{back}");
    assert!(back.contains("Check your answers"), "{back}");
    assert!(back.contains("<dd>Eastshire Council</dd>"), "{back}");
    // Every other answer kept.
    assert!(back.contains("<dd>Please send the 2025 bridge inspection reports.</dd>"));
    assert!(back.contains("<dd>IC-444444-U4U4</dd>"));
    let (status, _, h) = step(&app, &back, &[("confirm", "1")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(h[header::LOCATION], "/case?path=cases/IC-4.toml");
    let case = load(&dir.join("cases/IC-4.toml"));
    let text = std::fs::read_to_string(dir.join("cases/IC-4.toml")).unwrap();
    assert!(text.contains("name = \"Eastshire Council\""), "{text}");
    drop(case);
    // The interview is forgotten once its file is written.
    let (_, book, _) = send(&app, get("/")).await;
    assert!(!book.contains("Interviews not finished"), "{book}");
}

#[tokio::test]
async fn answers_changed_so_that_the_case_fails_are_refused_at_the_step_to_change() {
    let dir = casebook("desk-review-fails");
    let app = router(Desk::new(&dir, None).unwrap());
    let review = walk(&app, &decision("cases/IC-3")).await;
    // The response given after all (the request was refused): an upheld complaint now
    // needs steps, which the decision's step was never asked for.
    let (_, change, _) = step(&app, &review, &[("goto", "3")]).await;
    assert!(change.contains("Step 4 of 6"), "{change}");
    let (status, back, _) = step(
        &app,
        &change,
        &[
            ("a.response.date", "2026-02-20"),
            ("a.response.parts[0].position", "refused"),
            ("a.response.parts[0].exemption", "43(2)"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{back}");
    let (status, refused, _) = step(&app, &back, &[("confirm", "1")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(
        refused.contains("<title>Error: New decision notice"),
        "{refused}"
    );
    let summary = &refused[refused.find("id=\"error-summary\"").expect("a summary")..];
    assert!(
        summary.contains("href=\"#change-5\">The decision: "),
        "the problem links to the decision's step: {summary}"
    );
    assert!(refused.contains("id=\"change-5\""), "{refused}");
    assert!(!dir.join("cases/IC-3.toml").exists(), "nothing written");
    // The steps given at that step: written, and it passes.
    let (_, decision_step, _) = step(&app, &refused, &[("goto", "5")]).await;
    // The breach of 10(1) no longer holds (the response was in time): cleared.
    let mut answers = decision("cases/IC-3")[5].clone();
    answers[1] = ("a.decision.breaches", "");
    answers.push(("a.decision.steps", "Disclose the inspection reports."));
    let (status, back, _) = step(&app, &decision_step, &answers).await;
    assert_eq!(status, StatusCode::OK, "{back}");
    let (status, body, _) = step(&app, &back, &[("confirm", "1")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let case = load(&dir.join("cases/IC-3.toml"));
    let text = std::fs::read_to_string(dir.join("cases/IC-3.toml")).unwrap();
    assert!(text.contains("\nbreaches = []\n"), "{text}");
    drop(case);
}

/// The ids of the interviews kept in the casebook.
fn kept(dir: &Path) -> Vec<String> {
    match std::fs::read_dir(dir.join(".interviews")) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                e.file_name()
                    .to_str()?
                    .strip_suffix(".json")
                    .map(str::to_string)
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[tokio::test]
async fn a_half_finished_interview_is_kept_in_the_casebook_and_resumed_after_a_restart() {
    let dir = casebook("desk-resume");
    let app = router(Desk::new(&dir, None).unwrap());
    let answers = decision("cases/IC-2");
    let page = walk(&app, &answers[..2]).await;
    assert!(page.contains("Step 3 of 6"), "{page}");
    let ids = kept(&dir);
    assert_eq!(ids.len(), 1, "{ids:?}");
    let id = &ids[0];
    assert_eq!(hidden(&page, "id"), *id);
    // The casebook lists it, with a way back in, and not as a case file.
    let (_, book, _) = send(&app, get("/")).await;
    assert!(book.contains("Interviews not finished"), "{book}");
    assert!(
        book.contains(&format!(
            "href=\"/interview/resume?id={id}\">Continue cases/IC-2</a>"
        )),
        "{book}"
    );
    assert!(book.contains("step 3 of 6"), "{book}");
    assert!(!book.contains(".interviews"), "{book}");
    // The desk started again: the interview opens where it was left.
    let app = router(Desk::new(&dir, None).unwrap());
    let (status, resumed, _) = send(&app, get(&format!("/interview/resume?id={id}"))).await;
    assert_eq!(status, StatusCode::OK, "{resumed}");
    assert!(resumed.contains("Step 3 of 6"), "{resumed}");
    assert!(hidden(&resumed, "text").contains("name = \"Westshire Council\""));
    assert_eq!(hidden(&resumed, "file"), "cases/IC-2");
    // Finished from there: the same interview kept (not a second), then forgotten.
    let mut page = resumed;
    for a in &answers[2..] {
        let (status, next, _) = step(&app, &page, a).await;
        assert_eq!(status, StatusCode::OK, "{next}");
        page = next;
        assert_eq!(kept(&dir), vec![id.clone()]);
    }
    let (status, _, _) = step(&app, &page, &[("confirm", "1")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(kept(&dir).is_empty());
    load(&dir.join("cases/IC-2.toml"));
}

#[tokio::test]
async fn interviews_kept_are_bounded_and_bad_ids_are_refused() {
    let dir = casebook("desk-resume-bounds");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    // Ids that are not the desk's own, or not kept: refused, saying what to do.
    for id in [
        "..%2F..%2Fetc%2Fpasswd",
        "0123456789abcdef0123456789abcdef",
        "",
    ] {
        let (status, body, _) = send(&app, get(&format!("/interview/resume?id={id}"))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{id}: {body}");
        assert!(
            body.contains("No interview is kept at this address"),
            "{body}"
        );
    }
    // Discarding needs the session's token.
    let answers = decision("cases/IC-1");
    walk(&app, &answers[..1]).await;
    let id = kept(&dir).pop().unwrap();
    let (status, _, _) = send(
        &app,
        form("/interview/discard", &[("id", &id), ("csrf", "wrong")]),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(kept(&dir), vec![id.clone()]);
    let (status, _, _) = send(
        &app,
        form("/interview/discard", &[("id", &id), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(kept(&dir).is_empty());
    let (status, _, _) = send(
        &app,
        form("/interview/discard", &[("id", &id), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Too large to keep: the interview goes on, and says it is not kept.
    let long = "Please send every report. ".repeat(12_000);
    let mut big = answers[..3].to_vec();
    big[2][2] = ("a.request.wording", &long);
    let page = walk(&app, &big).await;
    assert!(page.contains("Step 4 of 6"), "the interview goes on");
    assert!(
        page.contains(
            "This interview is not kept for coming back to later: its answers are larger than"
        ),
        "{}",
        &page[..2000]
    );
    // At most 20 kept: the next is not kept, and says why.
    for i in 0..20 {
        walk(&app, &decision(&format!("cases/n{i}"))[..1]).await;
    }
    assert_eq!(kept(&dir).len(), 20);
    let page = walk(&app, &answers[..1]).await;
    assert!(page.contains("Step 2 of 6"), "{page}");
    assert!(
        page.contains("20 interviews are already waiting to be finished"),
        "{page}"
    );
    assert_eq!(kept(&dir).len(), 20);
}

#[cfg(unix)]
#[tokio::test]
async fn a_link_planted_as_the_interviews_folder_is_never_written_through() {
    let dir = casebook("desk-resume-link");
    let outside = common::scratch("desk-resume-link-outside");
    std::os::unix::fs::symlink(&*outside, dir.join(".interviews")).unwrap();
    let app = router(Desk::new(&dir, None).unwrap());
    let page = walk(&app, &decision("cases/IC-0")[..1]).await;
    assert!(page.contains("Step 2 of 6"), "{page}");
    assert!(
        page.contains("This interview is not kept for coming back to later"),
        "{page}"
    );
    assert!(!page.contains(&outside.display().to_string()), "{page}");
    assert_eq!(std::fs::read_dir(&*outside).unwrap().count(), 0);
}
