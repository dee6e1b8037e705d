//! Every bad-input path gives a located error with a hint, and the CLI writes nothing.

mod common;

use std::process::Command;

const GOOD: &str = include_str!("../examples/decision-notice-cambridgeshire.toml");

fn first_error(name: &str, text: &str) -> foinotice::diagnostic::Diagnostic {
    let errs = common::load_str(name, text).expect_err("the case should be rejected");
    errs.into_iter().next().unwrap()
}

#[test]
fn unknown_field_names_the_nearest_valid_field() {
    let bad = GOOD.replace("summary = ", "sumary = ");
    let d = first_error("c.toml", &bad);
    assert_eq!(d.message, "unknown field `sumary`");
    assert!(d.help.contains("`summary`"), "{}", d.help);
    assert_eq!(d.field, "request.sumary");
    assert!(d.line > 0 && d.column == 1, "{d}");
}

#[test]
fn a_top_level_field_written_below_a_table_is_told_where_it_belongs() {
    // `regime` moved from the top of the file to after the last table: TOML reads it
    // as that table's.
    let line = GOOD
        .lines()
        .find(|l| l.starts_with("regime = "))
        .unwrap()
        .to_string();
    let bad = format!("{}\n{line}\n", GOOD.replacen(&format!("{line}\n"), "", 1));
    let d = first_error("c.toml", &bad);
    assert_eq!(d.message, "unknown field `regime`");
    assert!(d.help.contains("is a top-level field"), "{}", d.help);
    assert!(
        d.help.contains("above the file's first [table]"),
        "{}",
        d.help
    );
    assert!(d.line > 0, "{d}");
}

#[test]
fn missing_required_field_is_located() {
    let bad = GOOD.replace("date = 2017-08-10\n", "");
    let d = first_error("c.toml", &bad);
    assert!(d.message.contains("missing field `request.date`"), "{d}");
    assert!(d.line > 0, "{d}");
}

#[test]
fn wrong_type_is_located() {
    let bad = GOOD.replace("compliance_days = 35", "compliance_days = \"thirty-five\"");
    let d = first_error("c.toml", &bad);
    assert!(d.message.contains("invalid type"), "{d}");
    assert_eq!(d.field, "decision.compliance_days");
    assert!(d.snippet.as_ref().unwrap().text.contains("thirty-five"));
}

#[test]
fn impossible_calendar_date_is_located() {
    let bad = GOOD.replace("date = 2018-04-12", "date = \"2018-02-30\"");
    let d = first_error("c.toml", &bad);
    assert!(d.message.contains("not a real date"), "{d}");
    assert_eq!(d.field, "review.date");
}

#[test]
fn response_before_request_is_an_error() {
    let bad = GOOD.replace(
        "[response]\ndate = 2017-09-08",
        "[response]\ndate = 2017-08-01",
    );
    let d = first_error("c.toml", &bad);
    assert!(
        d.message
            .contains("`response.date` (2017-08-01) is before `request.date` (2017-08-10)"),
        "{d}"
    );
    assert!(
        d.snippet.as_ref().unwrap().text.contains("2017-08-01"),
        "{d}"
    );
}

#[test]
fn unknown_exemption_gets_a_suggestion() {
    let bad = GOOD.replace("exemption = \"31(3)\"", "exemption = \"section 25\"");
    let d = first_error("c.toml", &bad);
    assert!(d.message.contains("unknown section"), "{d}");
    assert_eq!(d.field, "response.parts[1].exemption");
}

#[test]
fn undefined_footnote_reference_is_located() {
    let bad = GOOD.replace("[^stokes]", "[^stoke]");
    let errs = common::load_str("c.toml", &bad).unwrap_err();
    assert!(errs
        .iter()
        .any(|d| d.message.contains("footnote `stoke` is not defined")
            && d.field == "request.wording"
            && d.line > 0));
}

#[test]
fn unclosed_emphasis_is_located() {
    let bad = GOOD.replace(
        "referring to *Policing and the Internet of Things*",
        "referring to *Policing",
    );
    let d = first_error("c.toml", &bad);
    assert!(d.message.contains("never closed"), "{d}");
    assert_eq!(d.field, "request.context");
}

#[test]
fn follow_on_listing_itself_as_sibling_is_an_error() {
    let bad = GOOD.replace("\"FS50744546\"]", "\"FS50744546\", \"FS50740163\"]");
    let d = first_error("c.toml", &bad);
    assert!(d.message.contains("this notice's own reference"), "{d}");
}

#[test]
fn json_errors_are_located_too() {
    let d = first_error(
        "c.json",
        r#"{"kind": "decision-notice", "reference": "FS1", "dat": "2018-01-01"}"#,
    );
    assert_eq!(d.message, "unknown field `dat`");
    assert!(d.help.contains("`date`"));
    assert_eq!((d.line, d.column > 1), (1, true));
}

#[test]
fn unknown_kind_suggests_the_right_one() {
    let d = first_error("c.toml", "kind = \"decision-notise\"\n");
    assert!(d.help.contains("decision-notice"), "{d}");
}

#[test]
fn complainant_name_never_reaches_the_notice() {
    let bad = GOOD
        .replace(
            "complainant = { pronoun = \"she\" }",
            "complainant = { pronoun = \"she\", name = \"Jane Doe\" }",
        )
        .replace("prior to submitting", "prior to Jane Doe submitting");
    let case = common::load_str("c.toml", &bad).unwrap();
    let t = foinotice::templates::Templates::load(None).unwrap();
    let e = foinotice::notice::document(&case, &t).unwrap_err();
    let foinotice::Error::Case(ds) = &e else {
        panic!("{e}")
    };
    // The error names the fact the name came from, and points at it.
    assert_eq!(ds[0].field, "complaint.delay_reason", "{e}");
    assert!(
        ds[0]
            .message
            .contains("the complainant's name appears in `complaint.delay_reason`"),
        "{e}"
    );
    let snippet = ds[0].snippet.as_ref().unwrap();
    assert!(snippet.text.contains("prior to Jane Doe submitting"), "{e}");
    assert_eq!(snippet.width, "Jane Doe".len(), "{e}");
    // A surname alone is caught too.
    let surname = bad.replace("prior to Jane Doe submitting", "prior to Ms Doe submitting");
    let case = common::load_str("c.toml", &surname).unwrap();
    let e = foinotice::notice::document(&case, &t).unwrap_err();
    assert!(e.to_string().contains("complaint.delay_reason"), "{e}");
    // And with the name only in the facts, the notice renders and does not contain it.
    let ok = GOOD.replace(
        "complainant = { pronoun = \"she\" }",
        "complainant = { pronoun = \"she\", name = \"Jane Doe\" }",
    );
    let doc = foinotice::notice::document(&common::load_str("c.toml", &ok).unwrap(), &t).unwrap();
    assert!(!foinotice::render::text::render(&doc).contains("Doe"));
}

#[test]
fn cli_exits_non_zero_and_writes_nothing_on_bad_input() {
    let dir = common::scratch("bad");
    let case = dir.join("bad.toml");
    std::fs::write(
        &case,
        GOOD.replace(
            "[response]\ndate = 2017-09-08",
            "[response]\ndate = 2017-08-01",
        ),
    )
    .unwrap();
    let out_dir = dir.join("out");
    let out = Command::new(env!("CARGO_BIN_EXE_foinotice"))
        .args([
            "render",
            case.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.toml:") && stderr.contains("help:"),
        "{stderr}"
    );
    assert!(!out_dir.join("bad.txt").exists() && !out_dir.join("bad.pdf").exists());
}

#[test]
fn cli_refuses_to_overwrite_an_issued_notice() {
    let dir = common::scratch("over");
    let case = common::root().join("examples/refusal-notice-west-midlands.toml");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_foinotice"))
            .args([
                "render",
                case.to_str().unwrap(),
                "--out",
                dir.to_str().unwrap(),
                "--format",
                "text",
            ])
            .output()
            .unwrap()
    };
    assert!(run().status.success());
    let second = run();
    assert_eq!(second.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&second.stderr).contains("never overwritten"));
}

#[test]
fn partly_upheld_without_a_finding_is_an_error() {
    let bad = GOOD.replace("outcome = \"upheld\"", "outcome = \"partly-upheld\"");
    let errs = common::load_str("c.toml", &bad).unwrap_err();
    let d = errs
        .iter()
        .find(|d| d.field == "decision.outcome")
        .unwrap_or_else(|| panic!("{errs:?}"));
    assert!(d.message.contains("partly upheld"), "{d}");
    assert!(d.help.contains("finding"), "{d}");
    assert!(
        d.snippet.as_ref().unwrap().text.contains("partly-upheld"),
        "{d}"
    );
}

#[test]
fn a_refusal_citing_an_ncnd_only_subsection_is_an_error() {
    let good =
        std::fs::read_to_string(common::root().join("examples/refusal-notice-section-43.toml"))
            .unwrap();
    let bad = good.replacen(
        "exemption = \"section 43(2)\"",
        "exemption = \"section 43(3)\"",
        1,
    );
    assert!(bad != good, "the example refuses under 43(2)");
    let d = first_error("c.toml", &bad);
    assert!(
        d.message
            .contains("only removes the duty to confirm or deny"),
        "{d}"
    );
    assert!(d.field.ends_with(".exemption"), "{d}");
    assert!(d.line > 0, "{d}");
}

#[test]
fn a_made_up_subsection_is_an_error_with_the_real_ones_suggested() {
    let bad = GOOD.replace("exemption = \"31(3)\"", "exemption = \"31(9)\"");
    assert!(bad != GOOD, "the example cites 31(3)");
    let d = first_error("c.toml", &bad);
    assert!(d.message.contains("section 31(9) does not exist"), "{d}");
    assert!(d.help.contains("nearest that exist"), "{d}");
}

#[test]
fn a_section_12_breakdown_must_add_up_and_each_activity_take_time() {
    let good =
        std::fs::read_to_string(common::root().join("examples/refusal-notice-section-12.toml"))
            .unwrap();
    let given = good.replace(
        "estimate = { activities",
        "estimate = { hours = 50, activities",
    );
    let errs = common::load_str("c.toml", &given).unwrap_err();
    assert!(
        errs[0]
            .message
            .contains("adds up to 40 hours, not the 50 given"),
        "{}",
        errs[0]
    );
    assert_eq!(errs[0].field, "positions[1].estimate.hours");
    let zero = good.replace("hours = 7 }", "hours = 0 }");
    let errs = common::load_str("c.toml", &zero).unwrap_err();
    assert!(
        errs.iter()
            .any(|d| d.field == "positions[1].estimate.breakdown[1].hours"),
        "{errs:?}"
    );
    let none = good.replace("breakdown = [", "unused = [");
    let errs = common::load_str("c.toml", &none).unwrap_err();
    assert!(
        errs[0].message.contains("unknown field `unused`"),
        "{}",
        errs[0]
    );
}
