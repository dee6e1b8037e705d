//! The first format (notices dated before the 2011 change, templates/decision-2005)
//! states the law rightly: the EIR's regulations are "of the EIR", the Commissioner's
//! role under the EIR is regulation 18's, what happened before the complaint is told,
//! the tribunal's address is given, and a "not held" finding is composed.

mod common;

use common::variant::*;

/// The text on one line, spaces folded.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The EIR example moved into 2009: the first format, under the EIR.
fn eir_2009() -> toml::Table {
    let mut case = example("decision-notice-eir.toml");
    set(&mut case, "reference", s("FER0234567"));
    set(&mut case, "date", date("2009-09-14"));
    set(&mut case, "request.date", date("2009-02-05"));
    set(&mut case, "response.date", date("2009-03-18"));
    set(&mut case, "review.requested", date("2009-03-20"));
    set(&mut case, "review.date", date("2009-04-17"));
    set(&mut case, "complaint.date", date("2009-04-29"));
    case
}

#[test]
fn the_eirs_regulations_are_of_the_eir_not_of_the_act() {
    let text = flat(&render(&eir_2009()));
    for wrong in [
        "regulation 12(5)(e) of the Act",
        "regulations 5(2) and 14(2) of the Act",
        "of the Regulations",
        "compliance with the Act",
    ] {
        assert!(!text.contains(wrong), "`{wrong}`:\n{text}");
    }
    for right in [
        "refused to supply the requested information under regulation 12(5)(e) of the EIR.",
        "citing the exception at regulation 12(5)(e) (confidentiality of commercial or industrial information) of the EIR",
        "the council breached regulations 5(2) and 14(2) of the EIR.",
        "Regulation 5(2) of the EIR requires a public authority to respond",
        "to take the following steps to ensure compliance with the EIR:",
    ] {
        assert!(text.contains(right), "`{right}`:\n{text}");
    }
    // With no response, the default step and the breach are the EIR's own.
    let mut silent = eir_2009();
    set(&mut silent, "response", None);
    set(&mut silent, "review", None);
    set(&mut silent, "decision.finding", None);
    set(&mut silent, "decision.findings", None);
    set(&mut silent, "decision.steps", None);
    set(&mut silent, "decision.outcome", s("upheld"));
    set(&mut silent, "decision.breaches", list(&["5(2)"]));
    let text = flat(&render(&silent));
    assert!(
        text.contains("Issue a response to the request under the EIR by either making the information available in accordance with regulation 5(1) or issuing a valid refusal notice under regulation 14."),
        "{text}"
    );
    assert!(
        text.contains("did not deal with the request for information in accordance with the EIR"),
        "{text}"
    );
    assert!(!text.contains("section 1(1)"), "{text}");
}

#[test]
fn the_commissioners_role_under_the_eir_is_regulation_18s() {
    let text = flat(&render(&eir_2009()));
    assert!(
        text.contains("The Commissioner's duty is to decide whether a request for environmental information made to a public authority has been dealt with in accordance with the requirements of the Environmental Information Regulations 2004 (the EIR). Regulation 18 of the EIR applies the enforcement and appeal provisions of the Freedom of Information Act 2000 (the Act), in its Parts IV and V, to the EIR, so that the Commissioner decides a complaint under the EIR as he does one under the Act. This Notice sets out his decision."),
        "{text}"
    );
    assert!(
        !text.contains("Part 1 of the Freedom of Information Act"),
        "{text}"
    );
    // The section 54 certification is the Act's, as regulation 18 applies it.
    assert!(text.contains("pursuant to section 54 of the Act"), "{text}");
    // A notice under both regimes states both duties and carries both titles.
    let mut both = eir_2009();
    set(&mut both, "both_regimes", Some(toml::Value::Boolean(true)));
    let text = render(&both);
    assert!(
        text.contains("Freedom of Information Act 2000 (Section 50)\n\nEnvironmental Information Regulations 2004 (Regulation 18)"),
        "{text}"
    );
    let text = flat(&text);
    assert!(
        text.contains("in accordance with the requirements of Part 1 of the Freedom of Information Act 2000 (the Act) and of the Environmental Information Regulations 2004 (the EIR). Regulation 18 of the EIR applies the enforcement and appeal provisions of the Act, in its Parts IV and V,"),
        "{text}"
    );
    // Under the FOIA alone, the role is Part 1's and regulation 18 is not named.
    let text = flat(&render(&example("decision-notice-2009.toml")));
    assert!(
        text.contains("in accordance with the requirements of Part 1 of the Freedom of Information Act 2000 (the Act). This Notice sets out his decision."),
        "{text}"
    );
    assert!(!text.contains("Regulation 18"), "{text}");
}

fn events(case: &mut toml::Table, toml_text: &str) {
    let table: toml::Table = toml_text.parse().unwrap();
    case.insert("events".into(), table["events"].clone());
}

/// The part of the text between two headings.
fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("no `{from}`:\n{text}"));
    let end = text[start..]
        .find(to)
        .unwrap_or_else(|| panic!("no `{to}`:\n{text}"));
    &text[start..start + end]
}

#[test]
fn what_happened_before_the_complaint_is_told_in_the_request() {
    let mut case = example("decision-notice-2009.toml");
    events(
        &mut case,
        r#"
[[events]]
date = 2008-12-19
kind = "holding-reply"

[[events]]
date = 2009-01-16
kind = "extension"
until = 2009-02-13

[[events]]
date = 2009-01-26
kind = "chased"
text = "asking when she would receive a response"

[[events]]
date = 2009-06-01
kind = "disclosed"
text = "a summary of the complaints procedure"

[[events]]
date = 2009-06-15
kind = "no-confirmation"
"#,
    );
    let text = flat(&render(&case));
    let request = between(&text, "The Request", "The Investigation");
    for told in [
        "The PCT acknowledged receipt of the request the same day.",
        "On 16 January 2009, the PCT wrote to the complainant to say that it needed more time to consider the public interest, and that it would respond by 13 February 2009. The complainant wrote to the PCT again on 26 January 2009, asking when she would receive a response.",
    ] {
        assert!(request.contains(told), "`{told}`:\n{request}");
    }
    // After the complaint, the event is the investigation's.
    let investigation = between(&text, "The Investigation", "Analysis");
    assert!(
        investigation.contains("During the course of the Commissioner's investigation, the PCT disclosed a summary of the complaints procedure to the complainant."),
        "{investigation}"
    );
    // Every kind the later format tells there (the first format's own list had no
    // reply that did not confirm or deny).
    assert!(
        investigation.contains("On 15 June 2009, the PCT replied, but did not say whether it held the information requested."),
        "{investigation}"
    );
    assert!(!request.contains("complaints procedure"), "{request}");
}

/// The not-held example moved into 2009.
fn not_held_2009() -> toml::Table {
    let mut case = example("decision-notice-not-held.toml");
    set(&mut case, "date", date("2009-09-14"));
    set(&mut case, "request.date", date("2008-11-06"));
    set(&mut case, "response.date", date("2008-12-01"));
    set(&mut case, "review.requested", date("2008-12-04"));
    set(&mut case, "review.date", date("2008-12-22"));
    set(&mut case, "complaint.date", date("2009-01-08"));
    case
}

#[test]
fn a_not_held_decision_is_composed_and_never_an_empty_reliance() {
    let text = flat(&render(&not_held_2009()));
    assert!(!text.contains("rely on ."), "{text}");
    assert!(!text.contains(" ."), "{text}");
    let summary = between(&text, "Summary", "The Commissioner's Role");
    assert!(
        summary.contains("(the department). The department said that it did not hold the requested information. The Commissioner has decided that, on the balance of probabilities, the department does not hold the requested information. The Commissioner requires no steps"),
        "{summary}"
    );
    assert!(
        text.contains("The Commissioner's decision is that, on the balance of probabilities, the department does not hold the requested information, and so dealt with the request for information in accordance with the Act."),
        "{text}"
    );
    // Upheld: the information is held.
    let mut held = not_held_2009();
    set(&mut held, "decision.outcome", s("upheld"));
    set(
        &mut held,
        "decision.steps",
        list(&["Issue a fresh response to the request."]),
    );
    let text = flat(&render(&held));
    assert!(
        text.contains("The Commissioner has decided that, on the balance of probabilities, the department holds information within the scope of the request."),
        "{text}"
    );
}

#[test]
fn a_notice_of_the_information_tribunals_era_gives_its_address() {
    let text = render(&example("decision-notice-2009.toml"));
    let appeal = between(&text, "Right of Appeal", "Signed");
    assert!(
        appeal.contains("Information Tribunal\nArnhem House Support Centre\nPO Box 6987\nLeicester\nLE1 6ZX\nWebsite: www.informationtribunal.gov.uk"),
        "{appeal}"
    );
    // From 18 January 2010, the First-tier Tribunal's.
    let mut case = example("decision-notice-2009.toml");
    set(&mut case, "date", date("2010-03-02"));
    let text = render(&case);
    let appeal = between(&text, "Right of Appeal", "Signed");
    assert!(
        appeal.contains("First-tier Tribunal (Information Rights)"),
        "{appeal}"
    );
    assert!(appeal.contains("PO Box 9300"), "{appeal}");
    assert!(!appeal.contains("6987"), "{appeal}");
}

/// An example moved back ten years (2019 to 2009, 2023-24 to 2008-09): the first
/// format, with the same weekdays give or take.
fn ten_years_back(name: &str, fields: &[(&str, &str)]) -> toml::Table {
    let mut case = example(name);
    for (field, value) in fields {
        set(&mut case, field, date(value));
    }
    case
}

#[test]
fn sections_12_and_14_are_never_exemptions_and_absolute_ones_have_no_public_interest() {
    let s14 = ten_years_back(
        "decision-notice-section-14.toml",
        &[
            ("date", "2009-08-20"),
            ("request.date", "2009-01-14"),
            ("response.date", "2009-02-09"),
            ("review.requested", "2009-02-11"),
            ("review.date", "2009-03-09"),
            ("complaint.date", "2009-03-12"),
        ],
    );
    let s12 = ten_years_back(
        "decision-notice-section-12.toml",
        &[
            ("date", "2009-06-11"),
            ("request.date", "2008-10-02"),
            ("response.date", "2008-10-28"),
            ("review.requested", "2008-11-20"),
            ("review.date", "2008-12-15"),
            ("complaint.date", "2009-01-08"),
        ],
    );
    for case in [&s14, &s12] {
        // `render` builds the notice through the check of the built text (truth.rs),
        // which refuses either section called an exemption.
        let text = flat(&render(case));
        assert!(
            text.contains("Freedom of Information Act 2000 (Section 50)"),
            "{text}"
        );
        for wrong in [
            "exemption at section 1",
            "section 14 exemption",
            "section 12 exemption",
        ] {
            assert!(!text.contains(wrong), "`{wrong}`:\n{text}");
        }
    }
    let text = flat(&render(&s14));
    assert!(
        text.contains("refused the request under section 14(1) of the Act."),
        "{text}"
    );
    assert!(
        text.contains(
            "The Commissioner has decided that section 14(1) was not applied correctly by"
        ),
        "{text}"
    );
    // An absolute exemption (section 21): no public interest is told anywhere.
    let mut absolute = example("decision-notice-2009.toml");
    let part: toml::Table = "position = \"refused\"\nexemption = \"21(1)\""
        .parse()
        .unwrap();
    set(
        &mut absolute,
        "response.parts",
        Some(toml::Value::Array(vec![toml::Value::Table(part)])),
    );
    let text = flat(&render(&absolute));
    assert!(text.contains("section 21(1)"), "{text}");
    assert!(!text.contains("public interest"), "{text}");
}

#[test]
fn an_authority_that_wrote_without_responding_is_not_said_to_have_not_responded() {
    let mut case = example("decision-notice-no-response.toml");
    let fields = [
        ("date", "2009-12-02"),
        ("request.date", "2009-03-04"),
        ("complaint.date", "2009-06-03"),
    ];
    for (field, value) in fields {
        set(&mut case, field, date(value));
    }
    events(
        &mut case,
        "[[events]]\ndate = 2009-03-06\nkind = \"holding-reply\"\n",
    );
    let text = flat(&render(&case));
    assert!(!text.contains("did not respond"), "{text}");
    assert!(
        text.contains("did not provide a substantive response to the request."),
        "{text}"
    );
    assert!(
        text.contains(
            "as it did not provide a substantive response within the time for compliance."
        ),
        "{text}"
    );
}

#[test]
fn a_reason_for_ordering_no_steps_replaces_the_standard_step() {
    let mut case = example("decision-notice-no-response.toml");
    for (field, value) in [
        ("date", "2009-12-02"),
        ("request.date", "2009-03-04"),
        ("complaint.date", "2009-06-03"),
    ] {
        set(&mut case, field, date(value));
    }
    set(
        &mut case,
        "decision.steps",
        Some(toml::Value::Array(vec![])),
    );
    set(
        &mut case,
        "decision.steps_reason",
        s("the council has since responded to the request"),
    );
    let text = flat(&render(&case));
    assert!(!text.contains("Issue a response"), "{text}");
    assert!(
        text.contains(
            "The Commissioner requires no steps to be taken, as the council has since responded to the request."
        ),
        "{text}"
    );
}

#[test]
fn an_eir_extension_is_told_as_regulation_7s_not_as_the_public_interests() {
    for (mut case, year) in [
        (eir_2009(), "2009"),
        (example("decision-notice-eir.toml"), ""),
    ] {
        let request = case["request"]["date"].to_string();
        let day = if year.is_empty() {
            // The later format's example: a week after its own request.
            let d: chrono::NaiveDate = request.parse().unwrap();
            (d + chrono::Duration::days(7)).to_string()
        } else {
            "2009-02-12".to_string()
        };
        events(
            &mut case,
            &format!("[[events]]\ndate = {day}\nkind = \"extension\"\n"),
        );
        let text = flat(&render(&case));
        assert!(
            text.contains("extending the time for compliance under regulation 7(1) of the EIR"),
            "{text}"
        );
        assert!(!text.contains("consider the public interest"), "{text}");
    }
}

/// The first format's Summary (issue 29, item 12): the changes during the
/// investigation in one sentence, and a single step standing in the Summary's own
/// sentence; two steps are still "the steps set out below".
#[test]
fn the_summary_tells_the_investigation_and_a_single_step() {
    let mut case = eir_2009();
    events(
        &mut case,
        r#"events = [
            { date = 2009-06-10, kind = "disclosed", text = "the contract's total value" },
            { date = 2009-07-01, kind = "exemption-withdrawn", exemption = "12(5)(e)" },
        ]"#,
    );
    set(&mut case, "decision.outcome", s("upheld"));
    set(
        &mut case,
        "decision.steps",
        list(&["Disclose the pricing schedule."]),
    );
    let text = flat(&render(&case));
    let summary = between(&text, "Summary", "The Commissioner's Role");
    assert!(
        summary.contains("During the Commissioner's investigation, the council disclosed the contract's total value to the complainant and withdrew its reliance on regulation 12(5)(e)."),
        "{summary}"
    );
    assert!(
        summary.contains("The Commissioner requires the council to disclose the pricing schedule."),
        "{summary}"
    );

    set(
        &mut case,
        "decision.steps",
        list(&[
            "Disclose the pricing schedule.",
            "Confirm that it has done so.",
        ]),
    );
    let text = flat(&render(&case));
    let summary = between(&text, "Summary", "The Commissioner's Role");
    assert!(
        summary.contains("to take the steps set out below."),
        "{summary}"
    );
}
