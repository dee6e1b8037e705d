//! The faults the refusal-letter property test (`tests/truth_refusal.rs`) found, each
//! held here on one letter that showed it: the law on the request date, the public
//! interest told only where it is weighed, the reference printed once, EIR letters
//! that cite regulations, and parts told as what they are.

mod common;

use foinotice::notice::Copy;
use foinotice::templates::Templates;

/// A letter of the Northshire council: `regime`, the request's date, the style (a
/// built-in name, or a style file's text laid over one), and its `[[positions]]`.
fn case(regime: &str, received: &str, style: &str, positions: &str) -> String {
    let date = received.parse::<chrono::NaiveDate>().unwrap() + chrono::Duration::days(10);
    format!(
        r#"kind = "refusal-notice"
style = "{style}"
regime = "{regime}"
reference = "FOI-REF-7731"
title = "Figures"
date = {date}

[authority]
name = "Northshire County Council"
short = "the council"
address = ["County Hall", "Northtown"]

[request]
date = {received}
wording = '''
1. The figures for topic 1.

2. The figures for topic 2.
'''

{positions}

[public_interest]
favouring = "Openness would inform public debate."
against = "Disclosure would prejudice the interests concerned."
balance = "The balance favours withholding the information."

[rights]
review_contact = ["Information Governance", "County Hall"]

[signatory]
role = "Information Governance Officer"
"#
    )
}

/// The letter as one line of words, or the refusal.
fn letter(text: &str) -> Result<String, String> {
    letter_with(text, None)
}

/// The letter with a style file (written beside the case) named `style.toml`.
fn letter_with(text: &str, style: Option<&str>) -> Result<String, String> {
    let dir = common::scratch(&format!("refusal-faults-{:x}", fxhash(text)));
    if let Some(s) = style {
        std::fs::write(dir.join("style.toml"), s).unwrap();
    }
    let case = foinotice::case::parse(
        &dir.join("case.toml"),
        text.to_string(),
        foinotice::case::Format::Toml,
    )
    .map_err(|ds| foinotice::Error::Case(ds).to_string())?;
    let templates = Templates::load(None).unwrap();
    let doc = foinotice::notice::document_copy(&case, &templates, Copy::Letter)
        .map_err(|e| e.to_string())?;
    Ok(common::refusal_truth::flat(
        &foinotice::render::text::render(&doc),
    ))
}

fn fxhash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

const TWO_ANSWERED: &str = r#"[[positions]]
questions = [1]
position = "provided"
answer = "The figure is 100."
"#;

fn refused(questions: &str, exemption: &str) -> String {
    format!("[[positions]]\nquestions = [{questions}]\nposition = \"refused\"\nexemption = {exemption}\n")
}

#[test]
fn section_22a_is_the_law_only_for_requests_from_1_october_2014() {
    let positions = format!("{TWO_ANSWERED}{}", refused("2", "\"22A(1)\""));
    let e = letter(&case("FOIA", "2014-09-30", "standard", &positions)).unwrap_err();
    assert!(
        e.contains("section 22A is the law only for requests received from 2014-10-01"),
        "{e}"
    );
    let t = letter(&case("FOIA", "2014-10-01", "standard", &positions)).unwrap();
    assert!(t.contains("Section 22A(1) (research)"), "{t}");
}

#[test]
fn section_37_is_split_and_partly_absolute_from_19_january_2011() {
    let positions = format!("{TWO_ANSWERED}{}", refused("2", "\"37(1)(aa)\""));
    let e = letter(&case("FOIA", "2011-01-18", "standard", &positions)).unwrap_err();
    assert!(
        e.contains("is the law only for requests received from 2011-01-19"),
        "{e}"
    );
    // From then, the Royal communications are absolute: no public interest test.
    let positions = format!("{TWO_ANSWERED}{}", refused("2", "\"37(1)(a)\""));
    let t = letter(&case("FOIA", "2015-03-02", "standard", &positions)).unwrap();
    assert!(
        t.contains("Section 37(1)(a) is an absolute exemption, so no public interest test applies"),
        "{t}"
    );
    assert!(!t.contains("public interest in maintaining"), "{t}");
    // Before, section 37(1)(a) was qualified.
    let t = letter(&case("FOIA", "2009-03-02", "standard", &positions)).unwrap();
    assert!(
        t.contains("Section 37(1)(a) is a qualified exemption"),
        "{t}"
    );
}

#[test]
fn information_not_held_under_regulation_12_4_a_weighs_no_public_interest() {
    let positions = format!(
        "[[positions]]\nquestions = [1]\nposition = \"not-held\"\nexemption = \"12(4)(a)\"\n\n{}",
        refused("2", "\"13(1)\"")
    );
    let t = letter(&case("EIR", "2020-03-02", "standard", &positions)).unwrap();
    assert!(
        t.contains("holds no information in respect of question 1"),
        "{t}"
    );
    assert!(!t.contains("The public interest test"), "{t}");
    assert!(!t.contains("12(4)(a) is a qualified"), "{t}");
}

#[test]
fn without_the_running_footer_the_reference_is_printed_once() {
    // The West Midlands Police style names the reference in its title.
    let style = "base = \"west-midlands-police\"\n[letter]\nreference_footer = false\n";
    let t = letter_with(
        &case(
            "FOIA",
            "2016-05-02",
            "style.toml",
            TWO_ANSWERED.replace("[1]", "[1, 2]").as_str(),
        ),
        Some(style),
    )
    .unwrap();
    assert_eq!(t.matches("FOI-REF-7731").count(), 1, "{t}");
    assert!(t.contains("Figures (FOI-REF-7731)"), "{t}");
    // The standard style prints it in its details.
    let style = "base = \"standard\"\n[letter]\nreference_footer = false\n";
    let t = letter_with(
        &case(
            "FOIA",
            "2016-05-02",
            "style.toml",
            TWO_ANSWERED.replace("[1]", "[1, 2]").as_str(),
        ),
        Some(style),
    )
    .unwrap();
    assert_eq!(t.matches("FOI-REF-7731").count(), 1, "{t}");
    assert!(t.contains("Our reference: FOI-REF-7731"), "{t}");
}

#[test]
fn west_yorkshire_polices_eir_letters_cite_regulations_as_exceptions() {
    let positions = format!("{TWO_ANSWERED}{}", refused("2", "\"12(5)(e)\""));
    let t = letter(&case(
        "EIR",
        "2023-03-02",
        "west-yorkshire-police",
        &positions,
    ))
    .unwrap();
    assert!(
        t.contains("excepted by virtue of Regulation 12 (5) (e)"),
        "{t}"
    );
    assert!(
        t.contains("Regulation 12(5)(e) is a qualified exception"),
        "{t}"
    );
    assert!(!t.contains("Section 12"), "{t}");
    assert!(!t.contains("exempt by virtue"), "{t}");
}

#[test]
fn citations_are_joined_only_by_single_letters_of_one_kind() {
    let positions = format!(
        "{TWO_ANSWERED}{}",
        refused(
            "2",
            "[\"37(1)(b)\", \"37(1)(aa)\", \"27(1)(a)\", \"27(1)(b)\", \"27(1)(c)\"]"
        )
    );
    let style = "base = \"standard\"\n[letter]\ncitations = \"ranges\"\n";
    let t = letter_with(
        &case("FOIA", "2016-05-02", "style.toml", &positions),
        Some(style),
    )
    .unwrap();
    assert!(!t.contains("37(1)(b)(aa)"), "{t}");
    assert!(t.contains("Section 37(1)(b) ("), "{t}");
    assert!(t.contains("Section 37(1)(aa) ("), "{t}");
    assert!(t.contains("Section 27(1)(a)-(c) ("), "{t}");
}

#[test]
fn west_midlands_polices_2024_test_names_its_qualified_sections_cleanly() {
    let positions = format!(
        "{TWO_ANSWERED}{}",
        refused("2", "[\"31(1)(a)\", \"40(2)\"]")
    );
    let t = letter(&case(
        "FOIA",
        "2024-03-04",
        "west-midlands-police",
        &positions,
    ))
    .unwrap();
    assert!(t.contains("in relation to Section 31 above."), "{t}");
    assert!(!t.contains("; and"), "{t}");
}

#[test]
fn west_midlands_police_never_calls_section_12_an_exemption_and_tells_its_estimate() {
    let positions = format!(
        "{TWO_ANSWERED}[[positions]]\nquestions = [2]\nposition = \"refused\"\nexemption = \"12\"\nestimate = {{ activities = \"locating and reviewing every file\" }}\n"
    );
    let text = case("FOIA", "2023-03-02", "west-midlands-police", &positions).replacen(
        "\n[authority]",
        "\nguidance = \"https://www.example.gov.uk/guidance\"\n\n[authority]",
        1,
    );
    let t = letter(&text).unwrap();
    assert!(
        !t.to_lowercase().contains("exemptions and explanatory"),
        "{t}"
    );
    assert!(
        t.contains("Further information on section 12 of FOI"),
        "{t}"
    );
    assert!(
        t.contains("We estimate that locating and reviewing every file would exceed the appropriate limit of £450."),
        "{t}"
    );
}

#[test]
fn west_midlands_police_states_a_section_12_2_neither_confirm_nor_deny() {
    let positions = format!(
        "{TWO_ANSWERED}[[positions]]\nquestions = [2]\nposition = \"ncnd\"\nexemption = \"12(2)\"\nestimate = {{ hours = 25 }}\n"
    );
    let t = letter(&case(
        "FOIA",
        "2025-03-03",
        "west-midlands-police",
        &positions,
    ))
    .unwrap();
    assert!(
        t.contains("will neither confirm nor deny whether it holds information in respect of question 2, by virtue of section 12(2)"),
        "{t}"
    );
}

#[test]
fn a_labelled_part_refused_under_section_14_is_not_the_whole_request() {
    let text = case(
        "FOIA",
        "2021-03-01",
        "standard",
        "[[positions]]\nquestions = [1]\nlabel = \"the sites\"\nposition = \"provided\"\nanswer = \"The sites are listed.\"\n\n[[positions]]\nquestions = [2]\nlabel = \"the staff\"\nposition = \"refused\"\nexemption = \"14(1)\"\n",
    )
    .replace(
        "1. The figures for topic 1.\n\n2. The figures for topic 2.",
        "Please send me the sites and the staff.",
    )
    .replacen("[request]\n", "[request]\nquestions = 2\n", 1);
    let t = letter(&text).unwrap();
    assert!(
        t.contains("is not obliged to comply with the part of your request about the staff, by virtue of section 14(1)"),
        "{t}"
    );
    assert!(
        t.contains("Because section 14 applies to the part of your request about the staff, the council is not obliged to confirm or deny whether it holds the information requested in that part"),
        "{t}"
    );
    assert!(!t.contains("comply with your request,"), "{t}");
    // In the house styles that name each part, the labelled parts are named.
    let refused2 = text.replace("exemption = \"14(1)\"", "exemption = \"43(2)\"");
    for (style, said) in [
        (
            "cardiff-and-vale-uhb",
            "considers this information (about the staff) to be exempt",
        ),
        (
            "west-yorkshire-police",
            "unable to provide the information requested about the staff",
        ),
        ("thurrock-council", "The staff: This information is exempt"),
    ] {
        let t = letter(&refused2.replace("style = \"standard\"", &format!("style = \"{style}\"")))
            .unwrap();
        assert!(t.contains(said), "{style}: {t}");
    }
}

#[test]
fn an_eir_letter_speaks_of_exceptions_never_exemptions() {
    // The standard style's absolute sentence.
    let positions = format!("{TWO_ANSWERED}{}", refused("2", "\"13(1)\""));
    let t = letter(&case("EIR", "2020-03-02", "standard", &positions)).unwrap();
    assert!(
        t.contains("Regulation 13(1) is an absolute exception, so no public interest test applies"),
        "{t}"
    );
    // West Midlands Police's lists of exceptions, in each of its versions.
    let positions = format!("{TWO_ANSWERED}{}", refused("2", "\"12(5)(e)\""));
    for received in ["2017-03-01", "2021-03-01", "2023-03-01", "2025-03-03"] {
        let t = letter(&case("EIR", received, "west-midlands-police", &positions)).unwrap();
        assert!(!t.contains("exemption"), "{received}: {t}");
    }
    // Its letter that neither confirms nor denies anything cites no FOIA duty.
    let ncnd = "[[positions]]\nposition = \"ncnd\"\nexemption = \"12(6)\"\n";
    let t = letter(&case("EIR", "2023-03-01", "west-midlands-police", ncnd)).unwrap();
    assert!(!t.contains("s1(1)(a)"), "{t}");
    assert!(t.contains("by virtue of the following exception:"), "{t}");
}

#[test]
fn west_midlands_police_lists_one_exemption_as_one_and_section_12_2_as_none() {
    let positions = format!("{TWO_ANSWERED}{}", refused("2", "\"31(1)(a)\""));
    let t = letter(&case(
        "FOIA",
        "2023-03-01",
        "west-midlands-police",
        &positions,
    ))
    .unwrap();
    assert!(t.contains("by virtue of the following exemption:"), "{t}");
    assert!(!t.contains("following exemptions"), "{t}");
    // The whole request neither confirmed nor denied under section 12(2) alone.
    let ncnd =
        "[[positions]]\nposition = \"ncnd\"\nexemption = \"12(2)\"\nestimate = { hours = 25 }\n";
    let t = letter(&case("FOIA", "2023-03-01", "west-midlands-police", ncnd)).unwrap();
    assert!(
        t.contains("does not apply, by virtue of section 12 of the Act."),
        "{t}"
    );
    assert!(!t.contains("following exemption"), "{t}");
}
