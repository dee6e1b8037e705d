//! The register entry of a decision notice: each provision with the complaint's
//! outcome about it, in the register's own words for the notice's date.

mod common;

use foinotice::facts::Notice;

fn register(text: &str) -> foinotice::register::Register {
    let case = common::load_str("c.toml", text)
        .unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    match &case.notice {
        Notice::Decision(d) => foinotice::register::entry(d),
        Notice::Refusal(_) => panic!("not a decision notice"),
    }
}

fn example(name: &str) -> String {
    std::fs::read_to_string(common::root().join("examples").join(name)).unwrap()
}

#[test]
fn provisions_take_the_outcome_and_breaches_are_upheld() {
    let r = register(&example("decision-notice-section-12.toml"));
    assert_eq!(
        r.line,
        "FOI 12: Complaint not upheld FOI 10: Complaint upheld FOI 17: Complaint upheld"
    );
    assert_eq!(r.references, ["IC-287310-R2T6"]);
    assert_eq!(r.regime, "FOIA");
    assert_eq!(r.authority, "Westborough Metropolitan Borough Council");
}

#[test]
fn notices_before_2018_use_the_older_words() {
    // Like FS50661825 (4 October 2017): section 14(1) correctly relied on, and a
    // section 10(1) breach.
    let text = example("decision-notice-section-14.toml");
    let decision = text.find("[decision]").unwrap();
    let signatory = text.find("[signatory]").unwrap();
    let text = format!(
        "{}[decision]\noutcome = \"not-upheld\"\nbreaches = [\"10(1)\"]\n\n{}",
        &text[..decision],
        &text[signatory..]
    )
    // The same dates two years earlier.
    .replace("= 2019-", "= 2017-");
    let r = register(&text);
    assert_eq!(r.line, "FOI 14: Not upheld FOI 10: Upheld");
}

#[test]
fn findings_listed_by_the_caseworker_are_the_entry_in_their_order() {
    let text = example("decision-notice-section-12.toml").replace(
        "[decision]\n",
        "[decision]\nfindings = [\n  { provision = \"10(1)\", outcome = \"upheld\" },\n  { provision = \"12(1)\", outcome = \"not-upheld\" },\n  { provision = \"1(1)\", outcome = \"not-upheld\", register = \"FOI 1(1)\" },\n]\n",
    );
    let r = register(&text);
    assert_eq!(
        r.line,
        "FOI 10: Complaint upheld FOI 12: Complaint not upheld FOI 1(1): Complaint not upheld"
    );
    let bad = text.replace("provision = \"12(1)\"", "provision = \"99(9)\"");
    let errs = common::load_str("c.toml", &bad).unwrap_err();
    assert_eq!(
        errs[0].field, "decision.findings[1].provision",
        "{}",
        errs[0]
    );
}

#[test]
fn the_register_is_in_checks_json_and_the_bulk_manifest() {
    let o = common::foinotice(&[
        "check",
        "examples/decision-notice-section-12.toml",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["cases"][0]["register"]["line"],
        "FOI 12: Complaint not upheld FOI 10: Complaint upheld FOI 17: Complaint upheld"
    );
    let dir = common::scratch("register-bulk");
    let out = dir.join("out");
    let o = common::foinotice(&[
        "bulk",
        "examples/bulk/lead.toml",
        "examples/bulk/followers.csv",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "text",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m = common::family::manifest(&out);
    let lead = common::family::entry(&m, "FS50739797");
    assert_eq!(lead["register"], "FOI 31: Complaint upheld");
}

/// A finding on a procedural provision whose limb the summary does not give (issue
/// 29, item 11): bare "5" and "14(3)" of the EIR are provisions the register knows.
#[test]
fn a_finding_may_name_a_procedural_provision_without_its_limb() {
    let text = example("decision-notice-eir.toml").replace(
        r#"{ provision = "5(2)", outcome = "upheld" }, { provision = "14(2)", outcome = "upheld" }"#,
        r#"{ provision = "5", outcome = "upheld" }, { provision = "14(3)", outcome = "upheld" }"#,
    );
    assert!(text.contains(r#"provision = "14(3)""#));
    let r = register(&text);
    assert_eq!(
        r.line,
        "EIR 12(5)(e): Complaint partly upheld EIR 5: Complaint upheld EIR 14: Complaint upheld"
    );
    // A provision the EIR do not have is still refused.
    let bad = text.replace(r#"provision = "14(3)""#, r#"provision = "15(3)""#);
    let e = common::load_str("c.toml", &bad).unwrap_err();
    assert!(
        e.iter()
            .any(|d| d.field == "decision.findings[2].provision"),
        "{e:?}"
    );
}
