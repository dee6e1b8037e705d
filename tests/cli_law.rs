//! The `check` and `deadline` commands, the user's statute and holiday files, and
//! `render`'s handling of warnings: run as a user would, through the binary.

mod common;

use common::{foinotice as run, scratch};
use std::path::Path;
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

const REFUSAL: &str = include_str!("../examples/refusal-notice-section-43.toml");

#[test]
fn deadline_prints_the_due_date() {
    let o = run(&["deadline", "--received", "2017-08-10"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("due       Friday 8 September 2017 (20 working days)"),
        "{text}"
    );
    assert!(
        text.contains("Monday 28 August 2017: Summer bank holiday"),
        "{text}"
    );
}

#[test]
fn deadline_json_has_the_documented_shape() {
    let o = run(&["deadline", "--received", "2017-08-10", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["received"], "2017-08-10");
    assert_eq!(v["due"], "2017-09-08");
    assert_eq!(v["working_days"], 20);
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 9);
    assert_eq!(skipped[0]["date"], "2017-08-12");
    assert_eq!(skipped[0]["reason"], "Saturday");
}

#[test]
fn deadline_counts_other_periods() {
    let o = run(&[
        "deadline",
        "--received",
        "2018-04-11",
        "--working-days",
        "40",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    // 40 working days from 11 April 2018, past the two May bank holidays.
    assert_eq!(v["due"], "2018-06-08");
    let o = run(&[
        "deadline",
        "--received",
        "2018-09-20",
        "--calendar-days",
        "35",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["due"], "2018-10-25");
    assert_eq!(v["calendar_days"], 35);
    assert!(v.get("working_days").is_none());
}

#[test]
fn deadline_bad_input_is_reported() {
    let o = run(&["deadline", "--received", "2017-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`2017-02-30` is not a date"),
        "{}",
        stderr(&o)
    );
    let o = run(&["deadline", "--received", "2030-01-10"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("outside the years the bank holiday data covers (2005–2027)"));
    assert!(stderr(&o).contains("help: add the missing years"));
    let o = run(&[
        "deadline",
        "--received",
        "2017-08-10",
        "--working-days",
        "5",
        "--calendar-days",
        "5",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn deadline_takes_extra_holidays() {
    let dir = scratch("deadline-hol");
    let file = write(
        &dir,
        "extra.json",
        r#"{"england-and-wales": {"division": "england-and-wales", "events": [{"title": "One-off", "date": "2017-09-01"}]}}"#,
    );
    let o = run(&["deadline", "--received", "2017-08-10", "--holidays", &file]);
    assert!(
        stdout(&o).contains("Monday 11 September 2017"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_passes_the_examples_and_shows_their_dates() {
    let o = run(&[
        "check",
        "examples/decision-notice-cambridgeshire.toml",
        "examples/refusal-notice-section-43.toml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(
        text.contains("examples/decision-notice-cambridgeshire.toml: ok (FS50740163)"),
        "{text}"
    );
    assert!(text.contains("steps due       25 October 2018"), "{text}");
    assert!(text.contains("appeal by       18 October 2018"), "{text}");
    assert!(
        text.contains("2 case files: 0 errors, 0 warnings"),
        "{text}"
    );
}

#[test]
fn check_reports_errors_compiler_style_and_exits_1() {
    let dir = scratch("check-err");
    let bad = write(
        &dir,
        "bad.toml",
        &REFUSAL
            .replace(
                "exemption = \"section 43(2)\"",
                "exemption = \"section 25(2)\"",
            )
            .replace("[public_interest]", "[public_interest]\n"),
    );
    let good = "examples/refusal-notice-west-midlands.toml";
    let o = run(&["check", &bad, good]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("bad.toml:"), "{text}");
    assert!(text.contains(" | exemption = \"section 25(2)\""), "{text}");
    assert!(text.contains("help: "), "{text}");
    assert!(
        text.contains("refusal-notice-west-midlands.toml: ok (11435/17)"),
        "{text}"
    );
    assert!(stderr(&o).contains("1 of 2 case files failed the checks"));
}

#[test]
fn check_json_lists_diagnostics_and_dates() {
    let dir = scratch("check-json");
    let late = write(
        &dir,
        "late.toml",
        &REFUSAL.replace("date = 2026-03-19", "date = 2026-03-31"),
    );
    let o = run(&["check", &late, "--format", "json"]);
    // A warning only: exit 0.
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["errors"], 0);
    assert_eq!(v["warnings"], 1);
    let case = &v["cases"][0];
    assert_eq!(case["reference"], "FOI-2026-0412");
    assert_eq!(case["diagnostics"][0]["severity"], "warning");
    assert_eq!(case["diagnostics"][0]["field"], "date");
    assert!(case["diagnostics"][0]["line"].as_u64().unwrap() > 0);
    assert_eq!(case["dates"]["response_due"], "2026-03-20");
    assert_eq!(case["dates"]["response_late"], true);
}

#[test]
fn check_usage_errors_exit_2() {
    let o = run(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[
        "check",
        "examples/refusal-notice-section-43.toml",
        "--format",
        "xml",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_finds_the_complainants_name() {
    let dir = scratch("check-name");
    let case = write(
        &dir,
        "named.toml",
        &include_str!("../examples/decision-notice-not-upheld.toml")
            .replace(
                "complainant = { pronoun = \"he\" }",
                "complainant = { pronoun = \"he\", name = \"Alex Smith\" }",
            )
            .replace(
                "The complainant argued that the contract",
                "Mr Smith argued that the contract",
            ),
    );
    let o = run(&["check", &case]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains("the complainant's name appears in `reasons[1].text`"),
        "{text}"
    );
}

#[test]
fn render_prints_warnings_and_still_renders() {
    let dir = scratch("render-warn");
    let late = write(
        &dir,
        "late.toml",
        &REFUSAL.replace("date = 2026-03-19", "date = 2026-03-31"),
    );
    let out = dir.join("out");
    let o = run(&[
        "render",
        &late,
        "--out",
        out.to_str().unwrap(),
        "--format",
        "text",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: the notice is dated 27 working days"),
        "{}",
        stderr(&o)
    );
    assert!(out.join("late.txt").exists());
}

#[test]
fn render_refuses_a_case_that_breaks_a_rule() {
    let dir = scratch("render-err");
    let text = REFUSAL.replace("[public_interest]", "[unused]");
    let text = text[..text.find("[unused]").unwrap()].to_string()
        + &text[text.find("[rights]").unwrap()..];
    let bad = write(&dir, "no-pit.toml", &text);
    let out = dir.join("out");
    let o = run(&["render", &bad, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("qualified exemption, but the notice has no public interest test"));
    assert!(!out.join("no-pit.txt").exists() && !out.join("no-pit.pdf").exists());
}

#[test]
fn a_user_statute_file_replaces_and_adds_provisions() {
    let dir = scratch("statute");
    // Treat section 43 as absolute (a user's correction) and add a new provision.
    let statute = write(
        &dir,
        "statute.toml",
        r#"
[[provision]]
regime = "FOIA"
number = "43"
title = "commercial interests"
kind = "absolute"
test = "prejudice"

[[provision]]
regime = "FOIA"
number = "45"
title = "an example provision"
kind = "absolute"
test = "class"
"#,
    );
    let case = write(&dir, "case.toml", REFUSAL);
    let o = run(&["check", &case, "--statute", &statute]);
    // Absolute now, so the public interest test draws a warning.
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("every exemption cited is absolute"),
        "{}",
        stdout(&o)
    );
    let added = write(
        &dir,
        "added.toml",
        &REFUSAL.replace("section 43(2)", "section 45"),
    );
    let o = run(&["check", &added, "--statute", &statute]);
    assert!(!stdout(&o).contains("unknown section"), "{}", stdout(&o));
    let o = run(&["check", &added]);
    assert!(stdout(&o).contains("unknown section"), "{}", stdout(&o));

    // A bad statute file is located.
    let bad = write(&dir, "bad.toml", "[[provision]]\nregime = \"FOIA\"\nnumber = \"50\"\ntitle = \"x\"\nkind = \"sometimes\"\ntest = \"class\"\n");
    let o = run(&["check", &case, "--statute", &bad]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("bad.toml:5:"), "{err}");
    assert!(err.contains("sometimes"), "{err}");
}

/// Joined requests (issue 29, item 7): `check` shows each further request's time for
/// compliance, not the first request's alone; a further request made after the
/// complaint is flagged at its date.
#[test]
fn check_shows_every_requests_time_and_flags_one_made_after_the_complaint() {
    let joined = common::root().join("examples/decision-notice-joined.toml");
    let o = run(&["check", joined.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("further request 2 due 11 March 2024 (late)"),
        "{text}"
    );

    // The complaint moved before the further request (made on 12 February 2024).
    let source = std::fs::read_to_string(&joined).unwrap();
    let moved = source.replacen(
        "[complaint]\ndate = 2024-04-15",
        "[complaint]\ndate = 2024-02-10",
        1,
    );
    assert_ne!(moved, source);
    let dir = scratch("joined-after");
    let path = write(&dir, "case.toml", &moved);
    let o = run(&["check", &path]);
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        all.contains("further_requests[0].date") && all.contains("after the complaint"),
        "{all}"
    );
}
