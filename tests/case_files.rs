//! Every case file under `tests/cases/` (issue 29: one for each history the case model
//! must express) passes `check` with no warning, and the files for items 4, 11 and 12
//! say what happened: a withholding exception beside information not held, the
//! register's limb-less citations with a paragraph cross-reference, and the first
//! format's Summary.

mod common;

use std::path::PathBuf;

fn cases() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(common::root().join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    all.sort();
    all
}

fn notice(name: &str) -> String {
    let text = common::render_text(&common::root().join("tests/cases").join(name));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_case_file_passes_check_with_no_warning() {
    let all = cases();
    assert!(all.len() >= 15, "{all:?}");
    for path in all {
        let out = common::foinotice(&["check", path.to_str().unwrap()]);
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{}: {said}", path.display());
        assert!(!said.contains("warning"), "{}: {said}", path.display());
    }
}

#[test]
fn information_not_held_beside_an_exception_is_decided_on_each() {
    let t = notice("section-16-and-not-held-beside-an-exception.toml");
    assert!(
        t.contains("was entitled to rely on regulation 12(5)(e) to withhold the requested information it holds, and on regulation 12(4)(a) for the information it does not hold."),
        "{t}"
    );
    // The council holds the contract it withheld: never "does not hold the requested
    // information".
    assert!(
        !t.contains("does not hold the requested information"),
        "{t}"
    );
    assert!(
        t.contains("complied with its duty under regulation 9(1) to provide advice and assistance"),
        "{t}"
    );
    // The part withheld is told first: it is not "the remaining information".
    assert!(
        t.contains("It refused to provide the information requested in question 1"),
        "{t}"
    );
}

#[test]
fn a_held_finding_beside_a_foia_exemption_is_told_after_it() {
    let path = common::root().join("tests/cases/section-16-and-not-held-beside-an-exception.toml");
    let text = std::fs::read_to_string(path).unwrap();
    // The same history under the FOIA: section 43(2) and a part not held.
    let foia = text
        .replace("regime = \"EIR\"", "regime = \"FOIA\"")
        .replace("exemption = \"12(5)(e)\"", "exemption = \"43(2)\"")
        .replace("exemption = \"12(4)(a)\"\n", "")
        .replace(
            "findings = [{ provision = \"12(5)(e)\", outcome = \"not-upheld\" }, { provision = \"12(4)(a)\", outcome = \"not-upheld\" }, { provision = \"9(1)\", outcome = \"not-upheld\" }]",
            "findings = [{ provision = \"43(2)\", outcome = \"not-upheld\" }, { provision = \"16(1)\", outcome = \"not-upheld\" }]",
        );
    let t = common::render_text_str(&foia);
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        t.contains("was entitled to rely on section 43(2) to withhold the information, and that, on the balance of probabilities, it does not hold any further information within the scope of the request."),
        "{t}"
    );
    assert!(
        !t.contains("does not hold the requested information"),
        "{t}"
    );
}

#[test]
fn register_citations_and_a_cross_reference_read_as_the_commissioner_writes_them() {
    let path = common::root().join("tests/cases/register-citations-and-cross-references.toml");
    let out = common::foinotice(&["check", path.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        said.contains("EIR 5: Complaint upheld EIR 14: Complaint upheld"),
        "{said}"
    );
    let t = notice("register-citations-and-cross-references.toml");
    let n = t
        .split(" The council said that disclosure would prejudice")
        .next()
        .and_then(|before| before.rsplit(' ').next())
        .unwrap()
        .trim_end_matches('.')
        .to_string();
    assert!(n.parse::<u32>().is_ok(), "{n}: {t}");
    assert!(
        t.contains(&format!("for the reasons given at paragraph {n}.")),
        "{t}"
    );
    // The response gave no public interest reasons (the 14(3)(b) breach): it is not
    // said to have weighed the public interest.
    assert!(!t.contains("with the public interest favouring"), "{t}");
}

#[test]
fn the_first_formats_summary_names_the_authority_and_tells_the_investigation() {
    let t = notice("first-format-summary.toml");
    let summary = t
        .split("Summary ")
        .nth(1)
        .and_then(|s| s.split("The Commissioner's Role").next())
        .unwrap();
    assert!(
        summary.contains("from the Department for Coastal Affairs (the DCA)."),
        "{summary}"
    );
    assert!(
        summary.contains("During the Commissioner's investigation, the DCA disclosed the minutes of the first two meetings to the complainant."),
        "{summary}"
    );
    assert!(
        summary.contains("The Commissioner requires the DCA to disclose the minutes of the remaining meetings held in 2008."),
        "{summary}"
    );
    // An upheld complaint's breaches are not set against its finding with "However".
    assert!(
        t.contains("The Commissioner also found that the DCA breached section 10(1) of the Act."),
        "{t}"
    );
}

#[test]
fn a_request_answered_in_part_and_not_held_in_part_is_told_as_both() {
    let case = r#"
kind = "decision-notice"
reference = "IC-350001-P4Q5"
date = 2025-02-03
regime = "FOIA"
complainant = { pronoun = "he" }

[authority]
name = "Southdown District Council"
short = "the council"
address = ["Council House", "Southdown", "SD1 1AA"]

[request]
date = 2024-06-03
summary = "litter enforcement"
wording = '''
"1. How many fixed penalty notices for littering did the council issue in 2023?

2. How much did the council pay its enforcement contractor in 2023?"
'''

[response]
date = 2024-06-20

[[response.parts]]
questions = [1]
position = "provided"

[[response.parts]]
questions = [2]
position = "not-held"

[complaint]
date = 2024-07-15

[[reasons]]
text = "The council explained that its own officers enforce littering offences and that it has no enforcement contractor."

[decision]
outcome = "not-upheld"

[signatory]
role = "Senior Case Officer"
"#;
    let t = common::render_text_str(case);
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        t.contains("Southdown District Council provided some of the requested information, and said that it did not hold the rest."),
        "{t}"
    );
    assert!(
        t.contains("on the balance of probabilities, the council does not hold any further information within the scope of the request."),
        "{t}"
    );
    assert!(!t.contains("not hold the requested information"), "{t}");
}

#[test]
fn a_manifestly_unreasonable_request_is_refused_not_information_withheld() {
    let path = common::root().join("examples/decision-notice-eir.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let case = text
        .replace("exemption = \"12(5)(e)\"", "exemption = \"12(4)(b)\"")
        .replace("outcome = \"partly-upheld\"", "outcome = \"not-upheld\"")
        .replace(
            "steps = [\"Disclose the viability assessment, apart from appendices B and C.\"]\n",
            "",
        )
        .lines()
        .filter(|l| !l.starts_with("finding =") && !l.starts_with("findings ="))
        .collect::<Vec<_>>()
        .join("\n");
    let t = common::render_text_str(&case);
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        t.contains("was entitled to rely on regulation 12(4)(b) to refuse the request."),
        "{t}"
    );
    assert!(
        t.contains("application of regulation 12(4)(b) of the EIR to refuse the request."),
        "{t}"
    );
    assert!(!t.contains("12(4)(b) to withhold"), "{t}");
}

#[test]
fn every_provision_relied_on_is_named_and_only_those_in_scope_are_decided() {
    let t = notice("two-provisions-one-out-of-scope.toml");
    // The Decision's first paragraph names both provisions the council relied on.
    assert!(
        t.contains("citing the exemption at section 21 (information accessible to applicant by other means) of FOIA. It also relied on section 40(2) (personal information) of FOIA."),
        "{t}"
    );
    // Question 3 (section 21) is outside the scope: not said to be applied to question 2.
    assert!(
        t.contains("application of section 40(2) of FOIA to withhold the information specified in question 2 of the request."),
        "{t}"
    );
    assert!(!t.contains("section 21 and section 40(2)"), "{t}");
}

#[test]
fn a_definition_in_section_40_is_not_an_exemption_and_section_12_is_never_partly_upheld() {
    let path = common::root().join("tests/cases/two-provisions-one-out-of-scope.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let cited = text.replace("exemption = \"40(2)\"", "exemption = \"40(6)\"");
    let err = common::load_str("case.toml", &cited).expect_err("refused");
    assert!(
        err.iter()
            .any(|d| d.message.contains("section 40(6) defines terms") && d.line > 0),
        "{err:?}"
    );
    let partly = text
        .replace(
            "exemption = \"40(2)\"",
            "exemption = \"12(1)\"\nestimate = { hours = 30 }",
        )
        .replace(
            "{ provision = \"40(2)\", outcome = \"partly-upheld\" }",
            "{ provision = \"12(1)\", outcome = \"partly-upheld\" }",
        );
    let err = common::load_str("case.toml", &partly).expect_err("refused");
    assert!(
        err.iter().any(|d| d.field.ends_with(".outcome")
            && d.message.contains("never for some of the information")),
        "{err:?}"
    );
}
