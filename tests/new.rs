//! `foinotice new`: the skeleton of each kind of case file, which `check` reports as
//! incomplete with one located error per field left empty, and which checks cleanly
//! once those fields are filled in.

mod common;

use common::{foinotice as run, scratch};
use std::process::Output;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What `check` reports: its diagnostics (on standard output) and its summary.
fn report(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// What a caseworker writes in each empty field, by the field's key (the last part
/// of its path), as TOML.
fn fill(key: &str) -> &'static str {
    match key {
        "reference" => "\"IC-123456-A1B2\"",
        "title" => "\"Agency nursing rates\"",
        "date" => "",
        "name" => "\"Northshire County Council\"",
        "summary" => "\"the council's contracts for agency nursing\"",
        "exemption" => "\"43(2)\"",
        "role" => "\"Senior Case Officer\"",
        "review_contact" => "\"foi@northshire.example\"",
        other => panic!("no value to fill `{other}` with"),
    }
}

/// The skeleton with each `""` filled in: dates in order down the file, multi-line
/// texts given a sentence.
fn filled(text: &str, kind: &str) -> String {
    let mut dates = ["2026-02-02", "2026-02-20", "2026-03-09", "2026-10-05"].into_iter();
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_end().ends_with("'''") && line.contains("= '''") {
            // An empty multi-line string: its closing line follows.
            out.push_str(line);
            out.push('\n');
            out.push_str("The text of this part, as the caseworker writes it.\n");
            continue;
        }
        let Some((key, rest)) = line.split_once(" = ") else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let key = key.trim();
        if rest.starts_with("\"\"") || rest.starts_with("[\"\"]") {
            let mut value = fill(key).to_string();
            // A refusal letter relying on a qualified exemption needs its public
            // interest test (which the skeleton leaves commented out): an absolute one.
            if key == "exemption" && kind == "refusal-notice" {
                value = "\"section 41(1)\"".into();
            }
            if key == "date" {
                // Request, response, complaint, then the notice itself; a refusal
                // letter's date is after its request.
                value = match (kind, out.contains("[request]")) {
                    ("refusal-notice", false) => "2026-02-20".into(),
                    _ if out.contains("[request]") || out.contains("[complaint]") => {
                        dates.next().unwrap().into()
                    }
                    _ => "2026-10-05".into(),
                };
            }
            if rest.starts_with('[') {
                value = format!("[{value}]");
            }
            out.push_str(&format!("{key} = {value}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn each_skeleton_lists_every_empty_field_at_its_line_and_checks_once_filled() {
    let dir = scratch("new");
    for kind in ["decision-notice", "refusal-notice"] {
        let file = dir.join(format!("{kind}.toml"));
        let o = run(&["new", kind, file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let text = std::fs::read_to_string(&file).unwrap();
        // One error per empty value, each pointing at its own line.
        let empty: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                !l.trim_start().starts_with('#')
                    && (l.contains("= \"\"") || l.contains("= [\"\"]") || l.ends_with("= '''"))
            })
            .map(|(i, _)| i + 1)
            .collect();
        assert!(empty.len() >= 8, "{kind}: {empty:?}");
        let o = run(&["check", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{kind}");
        let err = report(&o);
        assert_eq!(
            err.matches("is not filled in").count(),
            empty.len(),
            "{kind}:\n{err}"
        );
        for line in &empty {
            assert!(
                err.contains(&format!("{}:{line}:", file.display())),
                "{kind}: no error at line {line}:\n{err}"
            );
        }
        // Filled in, the same file checks with no error.
        std::fs::write(&file, filled(&text, kind)).unwrap();
        let o = run(&["check", file.to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{kind}:\n{}\n{}",
            std::fs::read_to_string(&file).unwrap(),
            report(&o)
        );
    }
}

#[test]
fn new_never_overwrites_and_wants_a_toml_name() {
    let dir = scratch("new-exists");
    let file = dir.join("case.toml");
    std::fs::write(&file, "kept").unwrap();
    let o = run(&["new", "decision-notice", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept");
    let o = run(&["new", "decision-notice", file.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("kind = \"decision-notice\""));
    let o = run(&[
        "new",
        "refusal-notice",
        dir.join("case.txt").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("ends .toml"));
    let o = run(&["new", "letter", dir.join("x.toml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_empty_field_in_a_json_case_is_located_too() {
    let dir = scratch("new-json");
    let file = dir.join("case.json");
    std::fs::write(
        &file,
        "{\n  \"kind\": \"decision-notice\",\n  \"reference\": \"\",\n  \"authority\": { \"name\": \" \" }\n}\n",
    )
    .unwrap();
    let o = run(&["check", file.to_str().unwrap()]);
    let err = report(&o);
    assert_eq!(err.matches("is not filled in").count(), 2, "{err}");
    assert!(err.contains("`reference` is not filled in"), "{err}");
    assert!(err.contains("`authority.name` is not filled in"), "{err}");
}

#[test]
fn each_empty_field_is_told_what_to_write_for_that_field() {
    let skeleton = foinotice::skeleton::skeleton("decision-notice").unwrap();
    let ds = common::load_str("case.toml", skeleton).err().unwrap();
    let help = |field: &str| {
        ds.iter()
            .find(|d| d.field == field)
            .unwrap_or_else(|| panic!("no diagnostic at {field}: {ds:?}"))
            .help
            .clone()
    };
    assert!(help("request.date").contains("YYYY-MM-DD"));
    assert!(help("reference").contains("case reference"));
    assert!(!help("reference").contains("YYYY-MM-DD"));
    assert!(help("authority.name").contains("name in full"));
    assert!(help("request.wording").contains("as the requester wrote it"));
    // No two kinds of field share the date's words.
    let dated = ds.iter().filter(|d| d.help.contains("YYYY-MM-DD")).count();
    let dates = ds.iter().filter(|d| d.field.ends_with("date")).count();
    assert_eq!(dated, dates, "{ds:?}");
}
