//! Joined requests (issue 29, item 7): each request's own reference, response and
//! complaint, and a breach found for some of the requests counted as such.

mod common;

use std::path::Path;

const CASE: &str = "tests/cases/joined-requests.toml";

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check(path: &Path) -> (bool, String) {
    let out = common::foinotice(&["check", path.to_str().unwrap()]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

#[test]
fn a_joined_request_complained_of_on_its_own_is_told_with_its_own_dates() {
    let (ok, said) = check(&common::root().join(CASE));
    assert!(ok, "{said}");
    assert!(!said.contains("warning"), "{said}");
    let t = flat(&common::render_text(&common::root().join(CASE)));
    assert!(
        t.starts_with("Reference: IC-410021-B7C3 and IC-418877-D2F6"),
        "{t}"
    );
    assert!(
        t.contains("The complainant contacted the Commissioner on 10 June 2024. He contacted the Commissioner about the request under reference IC-418877-D2F6 on 16 September 2024."),
        "{t}"
    );
    // Only the second request was answered late: each breach says so.
    assert!(
        t.contains("did not respond to one of the two requests within that time"),
        "{t}"
    );
    assert!(
        t.contains("did not do so for one of the two requests and so breached section 17(1)"),
        "{t}"
    );
}

fn variant(change: impl FnOnce(&mut toml::Table), name: &str) -> (bool, String) {
    let text = std::fs::read_to_string(common::root().join(CASE)).unwrap();
    let mut case: toml::Table = text.parse().unwrap();
    change(&mut case);
    let dir = common::scratch(name);
    let path = dir.join("case.toml");
    std::fs::write(&path, toml::to_string(&case).unwrap()).unwrap();
    check(&path)
}

fn further(case: &mut toml::Table) -> &mut toml::Table {
    case["further_requests"].as_array_mut().unwrap()[0]
        .as_table_mut()
        .unwrap()
}

#[test]
fn a_request_made_after_the_complaint_with_no_complaint_of_its_own_is_flagged() {
    let (ok, said) = variant(
        |c| {
            further(c).remove("complaint");
        },
        "joined-no-complaint",
    );
    assert!(ok, "a warning, not an error: {said}");
    assert!(said.contains("further_requests[0].date"), "{said}");
    assert!(said.contains("was made after the complaint"), "{said}");
    assert!(said.contains("complaint = <date>"), "{said}");
}

#[test]
fn a_complaint_about_a_request_before_it_was_made_is_refused_at_its_field() {
    let (ok, said) = variant(
        |c| {
            further(c).insert(
                "complaint".into(),
                toml::Value::Datetime("2024-06-20".parse().unwrap()),
            );
        },
        "joined-complaint-early",
    );
    assert!(!ok, "{said}");
    assert!(said.contains("further_requests[0].complaint"), "{said}");
    assert!(
        said.contains("case.toml:22:"),
        "located at its line: {said}"
    );
    let (ok, said) = variant(
        |c| {
            further(c).insert(
                "complaint".into(),
                toml::Value::Datetime("2025-04-01".parse().unwrap()),
            );
        },
        "joined-complaint-after-notice",
    );
    assert!(!ok, "{said}");
    assert!(
        said.contains("is before `further_requests[0].complaint`"),
        "{said}"
    );
}
