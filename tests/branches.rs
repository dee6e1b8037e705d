//! One snapshot per branch of the templates: each test takes an example case, changes
//! the facts that choose a branch, and snapshots the sections that branch writes.
//!
//! Snapshots live in the top-level `snapshots/` as `branch-<name>.snap`.

mod common;

use common::variant::*;
use foinotice::templates::Templates;
use toml::{Table, Value};

const DECISION: &str = "Decision (including any steps ordered)";

// Outcome, steps and NCND.

#[test]
fn upheld_ncnd_with_steps() {
    let case = example("decision-notice-lead.toml");
    snapshot(
        "upheld-ncnd-steps",
        sections(&case, &[DECISION, "Scope of the case"]),
    );
}

#[test]
fn not_upheld_withheld_no_steps() {
    let case = example("decision-notice-not-upheld.toml");
    let all = sections(&case, &[DECISION]);
    assert!(
        !all.contains("breached"),
        "an on-time response has no breach: {all}"
    );
    snapshot(
        "not-upheld-withheld-no-steps",
        sections(&case, &[DECISION, "Scope of the case"]),
    );
    let text =
        common::render_text(&common::root().join("examples/decision-notice-not-upheld.toml"));
    assert!(!text.contains("Procedural matters"), "{text}");
    assert!(!text.contains("Other matters"), "{text}");
    assert!(!text.contains("time limit"), "{text}");
}

#[test]
fn upheld_withheld_with_steps() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(&mut case, "decision.outcome", s("upheld"));
    set(
        &mut case,
        "decision.steps",
        list(&["Disclose the pricing schedule requested in question 2."]),
    );
    set(
        &mut case,
        "decision.compliance_days",
        Some(Value::Integer(30)),
    );
    snapshot("upheld-withheld-steps", sections(&case, &[DECISION]));
}

#[test]
fn partly_upheld_with_finding_breach_and_steps() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(&mut case, "decision.outcome", s("partly-upheld"));
    set(
        &mut case,
        "decision.finding",
        s("The Commissioner's decision is that Northshire County Council was entitled to rely on section 43(2) to withhold the unit rates, but not the contract's total value."),
    );
    set(
        &mut case,
        "decision.steps",
        list(&["Disclose the contract's total value."]),
    );
    // Answered on the 30th working day: the dates propose the section 10(1) and 17(1)
    // breaches, which the caseworker confirms.
    set(&mut case, "response.date", date("2026-04-01"));
    set(&mut case, "review.requested", date("2026-04-02"));
    set(&mut case, "decision.breaches", list(&["10(1)", "17(1)"]));
    snapshot(
        "partly-upheld-finding-breach-steps",
        sections(&case, &[DECISION, "Procedural matters"]),
    );
}

#[test]
fn a_finding_that_states_its_breaches_is_not_followed_by_them_again() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(&mut case, "decision.outcome", s("partly-upheld"));
    set(&mut case, "response.date", date("2026-04-01"));
    set(&mut case, "review.requested", date("2026-04-02"));
    set(&mut case, "decision.breaches", list(&["10(1)", "17(1)"]));
    let standard = "However, Northshire County Council breached sections 10(1) and 17(1)";
    // A finding that names only one breach is followed by the standard sentence…
    set(
        &mut case,
        "decision.finding",
        s("The Commissioner's decision is that the council was entitled to withhold the unit rates, but not the total, and that it breached section 10(1)."),
    );
    let partial = sections(&case, &[DECISION]);
    assert!(partial.contains(standard), "{partial}");
    // …but one that names them all is the caseworker's whole finding.
    set(
        &mut case,
        "decision.finding",
        s("The Commissioner's decision is that the council was entitled to withhold the unit rates, but not the total, and that it breached section 10(1) and, in responding late, breached section 17(1)."),
    );
    let whole = sections(&case, &[DECISION]);
    assert!(!whole.contains(standard), "{whole}");
    assert_eq!(whole.matches("breached section").count(), 2, "{whole}");
}

#[test]
fn no_response_at_all() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(&mut case, "response", None);
    set(&mut case, "review", None);
    set(&mut case, "decision.outcome", s("upheld"));
    set(
        &mut case,
        "decision.steps",
        list(&["Issue a response to the request in accordance with the FOIA."]),
    );
    set(&mut case, "decision.breaches", list(&["10(1)"]));
    set(&mut case, "scope", None);
    set(&mut case, "reasons", None);
    let mut reason = Table::new();
    reason.insert(
        "text".into(),
        Value::String(
            "The council has not responded to the request, despite the Commissioner's reminders."
                .into(),
        ),
    );
    set(
        &mut case,
        "reasons",
        Some(Value::Array(vec![Value::Table(reason)])),
    );
    let text = sections(
        &case,
        &[
            DECISION,
            "Request and response",
            "Scope of the case",
            "Procedural matters",
        ],
    );
    assert!(!text.contains("entitled to rely"), "{text}");
    snapshot("no-response", text);
}

// Lead and follow-on.

#[test]
fn lead_case_background() {
    let case = example("decision-notice-lead.toml");
    snapshot("lead-background", sections(&case, &["Background"]));
}

#[test]
fn follow_on_issued_with_its_lead() {
    let case = example("decision-notice-cambridgeshire.toml");
    snapshot(
        "follow-on-issued-together",
        sections(&case, &["Reasons for decision"]),
    );
}

#[test]
fn follow_on_whose_lead_was_issued_earlier() {
    let mut case = example("decision-notice-cambridgeshire.toml");
    set(
        &mut case,
        "family.issued_together",
        Some(Value::Boolean(false)),
    );
    set(&mut case, "family.lead_date", date("2018-08-14"));
    set(&mut case, "family.related_lead", None);
    snapshot(
        "follow-on-lead-issued-earlier",
        sections(&case, &["Background", "Reasons for decision"]),
    );
}

// Internal review and scope.

#[test]
fn review_revised_and_other_exclusion() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(&mut case, "review.outcome", s("revised"));
    set(
        &mut case,
        "review.reason",
        s("It disclosed the contract's total value but maintained its reliance on section 43(2) for the unit rates."),
    );
    let mut other = Table::new();
    other.insert("questions".into(), Value::Array(vec![Value::Integer(3)]));
    other.insert("reason".into(), Value::String("other".into()));
    other.insert(
        "explanation".into(),
        Value::String("the complainant has made a separate complaint about it".into()),
    );
    let mut not_contested = Table::new();
    not_contested.insert("questions".into(), Value::Array(vec![Value::Integer(1)]));
    not_contested.insert("reason".into(), Value::String("not-contested".into()));
    set(
        &mut case,
        "scope.excluded",
        Some(Value::Array(vec![
            Value::Table(not_contested),
            Value::Table(other),
        ])),
    );
    snapshot(
        "review-revised-other-exclusion",
        sections(&case, &["Request and response", "Scope of the case"]),
    );
}

#[test]
fn review_not_provided_and_other_matters() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(&mut case, "review.outcome", s("not-provided"));
    set(&mut case, "review.date", None);
    set(
        &mut case,
        "other_matters",
        s("The council did not complete its internal review. The Commissioner expects reviews to be completed within 20 working days, and in no case later than 40."),
    );
    snapshot(
        "review-not-provided-other-matters",
        sections(&case, &["Request and response", "Other matters"]),
    );
}

// Regime.

#[test]
fn eir_exception() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(&mut case, "regime", s("EIR"));
    recite(&mut case, "response.parts", "regulation 12(5)(e)");
    let text = sections(&case, &[DECISION, "Request and response"]);
    assert!(text.contains("exception at regulation 12(5)(e)"), "{text}");
    snapshot("eir-exception", text);
}

// Refusal notices.

#[test]
fn refusal_absolute_exemption_has_no_public_interest_test() {
    let mut case = example("refusal-notice-section-43.toml");
    set(&mut case, "public_interest", None);
    recite(&mut case, "positions", "section 21");
    set(
        &mut case,
        "harm",
        s("The pricing schedule is published on the council's website, so it is reasonably accessible to you by other means."),
    );
    let text = sections(&case, &["Our response", "Reasons for our decision"]);
    assert!(
        !text.lines().any(|l| l == "The public interest test"),
        "{text}"
    );
    assert!(text.contains("no public interest test applies"), "{text}");
    snapshot("refusal-absolute", text);
}

#[test]
fn refusal_with_nothing_refused_is_a_plain_answer() {
    let mut case = example("refusal-notice-section-43.toml");
    set(&mut case, "public_interest", None);
    set(&mut case, "harm", None);
    // Question 2 answered too: every question has a position, none refused.
    let mut positions = case["positions"].as_array().unwrap().clone();
    let mut answered = Table::new();
    answered.insert("questions".into(), Value::Array(vec![Value::Integer(2)]));
    answered.insert("position".into(), Value::String("provided".into()));
    answered.insert(
        "answer".into(),
        Value::String("The pricing schedule is attached.".into()),
    );
    positions[1] = Value::Table(answered);
    set(&mut case, "positions", Some(Value::Array(positions)));
    let text = sections(&case, &["Our response", "Your right to complain"]);
    assert!(!text.contains("Reasons for our decision"), "{text}");
    snapshot("refusal-nothing-refused", text);
}

#[test]
fn refusal_under_the_eir() {
    let mut case = example("refusal-notice-section-43.toml");
    set(&mut case, "regime", s("EIR"));
    recite(&mut case, "positions", "regulation 12(5)(e)");
    snapshot(
        "refusal-eir",
        sections(
            &case,
            &[
                "Our response",
                "Reasons for our decision",
                "Your right to complain",
            ],
        ),
    );
}

// What the dates show.

#[test]
fn slow_internal_review_gives_the_other_matters_remark() {
    let mut case = example("decision-notice-not-upheld.toml");
    // 30 March to 22 June 2026 is 55 working days (Good Friday, Easter Monday, two May
    // bank holidays and Scotland's one-off holiday of 15 June fall between): past the
    // 40 the code allows.
    set(&mut case, "review.date", date("2026-06-22"));
    set(&mut case, "complaint.date", date("2026-06-30"));
    let text = sections(&case, &["Other matters"]);
    assert!(text.contains("took 55 working days"), "{text}");
    snapshot("review-over-forty-working-days", text);

    // 28 working days: over 20, within 40.
    set(&mut case, "review.date", date("2026-05-12"));
    let text = sections(&case, &["Other matters"]);
    assert!(
        text.contains("took 28 working days to complete its review. The"),
        "{text}"
    );
}

#[test]
fn late_complaint_without_a_reason_still_gets_the_delay_wording() {
    let mut case = example("decision-notice-lead.toml");
    set(&mut case, "complaint.delay_reason", None);
    let text = sections(&case, &["Scope of the case"]);
    assert!(
        text.contains(
            "delayed beyond the usual three month time limit for bringing such complaints."
        ),
        "{text}"
    );
}

#[test]
fn eir_late_response_and_slow_reconsideration_are_breaches() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(&mut case, "regime", s("EIR"));
    recite(&mut case, "response.parts", "12(5)(e)");
    set(&mut case, "response.date", date("2026-04-01"));
    set(&mut case, "review.requested", date("2026-04-02"));
    set(&mut case, "review.date", date("2026-06-22"));
    set(&mut case, "complaint.date", date("2026-06-30"));
    set(
        &mut case,
        "decision.breaches",
        list(&["5(2)", "11(4)", "14(2)"]),
    );
    let text = sections(&case, &[DECISION, "Procedural matters"]);
    for b in ["regulation 5(2)", "regulation 11(4)", "regulation 14(2)"] {
        assert!(text.contains(b), "{b}: {text}");
    }
    snapshot("eir-breaches", text);
}

// What else happened: holding replies, extensions and changes of position.

fn events(case: &mut Table, toml_text: &str) {
    let parsed: Table = toml::from_str(toml_text).unwrap();
    set(case, "events", parsed.get("events").cloned());
}

#[test]
fn a_holding_reply_is_not_a_failure_to_respond() {
    let mut case = example("decision-notice-no-response.toml");
    events(
        &mut case,
        "events = [{ date = 2024-03-05, kind = \"holding-reply\" }, { date = 2024-04-02, kind = \"extension\", until = 2024-05-01 }]",
    );
    let text = sections(&case, &[DECISION, "Request and response"]);
    assert!(
        text.contains("Southshire Police has not provided a substantive response to the request."),
        "{text}"
    );
    assert!(!text.contains("did not respond"), "{text}");
    assert!(
        text.contains("acknowledged receipt of the request on 5 March 2024"),
        "{text}"
    );
    assert!(
        text.contains("needed more time to consider the public interest"),
        "{text}"
    );
    snapshot("holding-reply-and-extension", text);
}

#[test]
fn changes_of_position_during_the_investigation_are_told_in_the_scope() {
    let mut case = example("decision-notice-not-upheld.toml");
    events(
        &mut case,
        "events = [
            { date = 2026-06-10, kind = \"exemption-added\", exemption = \"41(1)\" },
            { date = 2026-06-24, kind = \"disclosed\", text = \"the contract's total annual value\" },
            { date = 2026-07-01, kind = \"exemption-withdrawn\", exemption = \"41(1)\", text = \"It confirmed that it relied on section 43(2) alone.\" },
        ]",
    );
    let text = sections(&case, &["Scope of the case"]);
    for expected in [
        "introduced reliance on section 41(1) (information provided in confidence) of FOIA.",
        "disclosed the contract's total annual value to the complainant.",
        "withdrew its reliance on section 41(1). It confirmed that it relied on section 43(2) alone.",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    snapshot("changes-of-position", text);
}

#[test]
fn an_event_changing_exemptions_must_name_them() {
    let mut case = example("decision-notice-not-upheld.toml");
    events(
        &mut case,
        "events = [{ date = 2026-06-10, kind = \"exemption-added\" }]",
    );
    let text = toml::to_string(&case).unwrap();
    let errs = common::load_str("c.toml", &text).unwrap_err();
    assert_eq!(errs[0].field, "events[0]", "{}", errs[0]);
}

#[test]
fn several_requests_in_one_notice() {
    let mut case = example("decision-notice-not-upheld.toml");
    let further: Table = toml::from_str(
        r#"
        [[further_requests]]
        date = 2026-04-01
        reference = "IC-401299-Q3W4"
        wording = "Please also provide the pricing schedule of the previous contract."
        [further_requests.response]
        date = 2026-05-20
        [[further_requests.response.parts]]
        position = "refused"
        exemption = "43(2)"
        "#,
    )
    .unwrap();
    set(
        &mut case,
        "further_requests",
        further.get("further_requests").cloned(),
    );
    // The further request was answered 34 working days after it was made: the dates
    // propose the breaches, and the caseworker confirms them.
    set(&mut case, "decision.breaches", list(&["10(1)", "17(1)"]));
    let text = sections(
        &case,
        &[DECISION, "Request and response", "Scope of the case"],
    );
    assert!(
        text.contains("The complainant has made two requests for information about"),
        "{text}"
    );
    assert!(
        text.contains("made a further request (reference IC-401299-Q3W4) in the following terms"),
        "{text}"
    );
    assert!(text.contains("responded on 20 May 2026"), "{text}");
    snapshot("several-requests", text);
    let full = common::render_text_str(&toml::to_string(&case).unwrap());
    assert!(
        full.starts_with("Reference: IC-401234-N5K8 and IC-401299-Q3W4"),
        "{full}"
    );
}

#[test]
fn a_sentence_starting_in_lower_case_is_found() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(
        &mut case,
        "other_matters",
        s("the council should publish its rates. It may do so after the tender."),
    );
    let text = toml::to_string(&case).unwrap();
    let parsed = common::load_str("c.toml", &text).unwrap();
    let t = Templates::load(None).unwrap();
    let doc = foinotice::notice::document(&parsed, &t).unwrap();
    let found = foinotice::notice::lower_case_sentence_starts(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.starts_with("the council should"), "{found:?}");
    // The examples start every sentence with a capital.
    let clean = foinotice::notice::document(
        &common::load_str(
            "c.toml",
            &toml::to_string(&example("decision-notice-section-12.toml")).unwrap(),
        )
        .unwrap(),
        &t,
    )
    .unwrap();
    assert!(foinotice::notice::lower_case_sentence_starts(&clean).is_empty());
}

#[test]
fn both_regimes_and_a_confidential_annex() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(&mut case, "both_regimes", Some(Value::Boolean(true)));
    set(&mut case, "confidential_annex", Some(Value::Boolean(true)));
    let full = common::render_text_str(&toml::to_string(&case).unwrap());
    assert!(
        full.contains("Freedom of Information Act 2000 (FOIA)\n\nEnvironmental Information Regulations 2004 (EIR)"),
        "{full}"
    );
    assert!(
        full.contains("in a confidential annex to this notice"),
        "{full}"
    );
}

#[test]
fn a_slow_review_before_the_2018_code_gets_the_earlier_remark() {
    let mut case = example("decision-notice-not-upheld.toml");
    // The same case ten years earlier: the 2004 code, and the Commissioner's 20 and 40
    // working days.
    let text = toml::to_string(&case)
        .unwrap()
        .replace("= 2026-", "= 2016-");
    case = toml::from_str(&text).unwrap();
    set(&mut case, "review.date", date("2016-06-22"));
    set(&mut case, "complaint.date", date("2016-06-30"));
    let text = sections(&case, &["Other matters"]);
    assert!(
        text.contains("Part VI of the section 45 Code of Practice"),
        "{text}"
    );
    assert!(
        text.contains("in no case should the time taken exceed 40 working days"),
        "{text}"
    );
    snapshot("review-2004-code", text);
}

#[test]
fn refusal_in_part_names_the_questions_and_capitalises_the_short_name() {
    let mut case = example("refusal-notice-section-43.toml");
    set(&mut case, "authority.short", s("the Council"));
    let mut positions = case["positions"].as_array().unwrap().clone();
    let mut ncnd = positions[2].as_table().unwrap().clone();
    ncnd.insert("position".into(), Value::String("ncnd".into()));
    ncnd.insert("exemption".into(), Value::String("section 43(3)".into()));
    positions[2] = Value::Table(ncnd);
    set(&mut case, "positions", Some(Value::Array(positions)));
    let text = sections(&case, &["Our response", "Reasons for our decision"]);
    // Only question 3 is neither confirmed nor denied, and only question 2 withheld.
    assert!(!text.contains("existence of any relevant data"), "{text}");
    assert!(
        text.contains("In this case the Council holds the information requested in question 2, but it is exempt from disclosure by virtue of:\n\nSection 43(2)"),
        "{text}"
    );
    assert!(
        text.contains("\nThe Council will neither confirm nor deny whether it holds information in respect of question 3 by virtue of:\n\nSection 43(3)"),
        "{text}"
    );
    // A sentence never starts with the lower-case short name.
    assert!(
        text.contains("\nThe Council will neither confirm nor deny"),
        "{text}"
    );
    assert!(!text.contains("\nthe Council"), "{text}");
    snapshot("refusal-in-part-ncnd", text);
}

#[test]
fn the_court_named_for_a_failure_to_comply_follows_the_notice_date() {
    let corpus = common::root().join("tests/corpus");
    let court = "written certification of this fact to the High Court";
    let scotland = "(or the Court of Session in Scotland)";
    // 2012 and 2007: both courts, in either format.
    for name in [
        "dn_UNKREF-2012-01-10_North-East-Lincolnshire-Council",
        "dn_FS50101391_National-Archives",
    ] {
        let text = common::render_text(&corpus.join(format!("{name}.toml")));
        assert!(
            text.contains(&format!("{court} {scotland}")),
            "{name}:\n{text}"
        );
    }
    // 2017: the High Court alone.
    let text =
        common::render_text(&corpus.join("dn_UNKREF-2017-09-27_Department-for-Education.toml"));
    assert!(text.contains(court) && !text.contains(scotland), "{text}");
}

#[test]
fn several_exemptions_in_one_response_are_plural_and_an_opening_reads_in_the_past() {
    let text = common::render_text(
        &common::root()
            .join("tests/corpus/dn_FS50102203_Western-Cheshire-NHS-Primary-Care-Trust.toml"),
    );
    assert!(
        text.contains(
            "citing the exemptions at section 40(2) (personal information), section 30(1)"
        ),
        "{text}"
    );
    // Section 40(2) was absolute here: the public interest is weighed for the
    // qualified three alone.
    assert!(
        text.contains("favouring maintaining the exemptions at section 30(1), section 31(1) and section 42(1)."),
        "{text}"
    );
    assert!(!text.contains("maintaining that exemption"), "{text}");
    assert!(!text.contains("maintaining those exemptions"), "{text}");
    // The first format's Summary takes the caseworker's own opening as it is.
    assert!(
        text.contains("The complainant made two sets of requests for information about a doctor"),
        "{text}"
    );
    assert!(
        text.contains("criminal offences to Western Cheshire NHS Primary Care Trust (the PCT)."),
        "{text}"
    );
    assert!(!text.contains("requested made"), "{text}");
}

#[test]
fn a_bare_short_name_is_not_the_first_name_the_notice_gives() {
    // "The council" alone would never say which council: its full name comes first.
    let text = common::render_text(&common::root().join("examples/decision-notice-eir.toml"));
    let decision = text.split("Request and response").next().unwrap();
    assert!(
        decision.contains("Eastmarsh Borough Council refused"),
        "{decision}"
    );
    // Where the request's opening names it, or the caseworker defines it, that stands.
    let text = common::render_text(
        &common::root().join("tests/corpus/dn_FS50645708_North-East-Lincolnshire-Council.toml"),
    );
    assert!(
        text.contains(
            "requested information from North East Lincolnshire Council (the Council) about"
        ),
        "{text}"
    );
}

#[test]
fn requests_made_the_same_day_and_answered_together_are_told_together() {
    let example =
        std::fs::read_to_string(common::root().join("examples/decision-notice-not-upheld.toml"))
            .unwrap();
    let with = |date: &str| {
        example.replacen(
            "[response]",
            &format!("[[further_requests]]\ndate = {date}\nwording = \"The 2025 rates too.\"\n\n[response]"),
            1,
        )
    };
    let same_day = with("2026-02-19");
    let case = common::load_str("case.toml", &same_day).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        case.warnings.is_empty(),
        "answered with the first, so not late: {:?}",
        case.warnings
    );
    let text = common::render_text_str(&same_day);
    assert!(
        text.contains(
            "On 19 February 2026, the complainant made two separate requests. The first was for:"
        ),
        "{text}"
    );
    assert!(
        text.contains("The second was for:\n\n    The 2025 rates too."),
        "{text}"
    );
    assert!(!text.contains("further request"), "{text}");
    // With a reference of its own it is a joined case, told on its own: the notice and
    // the dates agree that it had no answer.
    let joined = same_day.replacen(
        "wording = \"The 2025 rates too.\"",
        "wording = \"The 2025 rates too.\"\nreference = \"IC-401235-B2C3\"",
        1,
    );
    let case = common::load_str("case.toml", &joined).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        case.warnings.iter().any(|w| w.message.contains("10(1)")),
        "{:?}",
        case.warnings
    );
    assert!(common::render_text_str(&joined)
        .contains("made a further request (reference IC-401235-B2C3)"));
    // Made on another day, with no answer of its own: told on its own, and late.
    let later = with("2026-02-23");
    let text = common::render_text_str(&later);
    assert!(
        text.contains("the complainant made a further request in the following terms"),
        "{text}"
    );
    assert!(!text.contains("separate requests"), "{text}");
}

#[test]
fn what_came_before_the_request_opens_request_and_response() {
    let example =
        std::fs::read_to_string(common::root().join("examples/decision-notice-not-upheld.toml"))
            .unwrap();
    let text = example.replacen(
        "[request]\n",
        "[request]\nbefore = \"The complainant had asked for the contract's total value in 2025, which the council disclosed.\"\n",
        1,
    );
    let out = common::render_text_str(&text);
    let section = out.split("Request and response").nth(1).unwrap();
    let before = section
        .find("4. The complainant had asked for the contract's total value")
        .expect(section);
    let request = section.find("5. On 19 February 2026").expect(section);
    assert!(before < request, "{section}");
}

// Refusal letters: the law stated rightly whatever the facts.

#[test]
fn the_standard_section_14_wording_states_the_test_and_presumes_no_considerations() {
    // Without the case's own reasons the letter may say what the law is, never what
    // the authority weighed.
    let mut case = example("refusal-notice-section-14.toml");
    set(&mut case, "reasons", None);
    let text = sections(&case, &["Our response", "Reasons for our decision"]);
    assert!(!text.contains("has considered"), "{text}");
    assert!(!text.contains("motive"), "{text}");
    assert!(
        text.contains(
            "disruption, irritation or distress that is disproportionate, or unjustified"
        ),
        "{text}"
    );
    snapshot("refusal-s14-without-reasons", text);
}

#[test]
fn refusal_ncnd_part_with_its_reason_a_redirect_and_the_authority_defined_at_first_mention() {
    let mut case = example("refusal-notice-section-43.toml");
    set(&mut case, "authority.short", s("the Council"));
    set(
        &mut case,
        "authority.first_mention",
        s("Northshire County Council (the Council)"),
    );
    let mut positions = case["positions"].as_array().unwrap().clone();
    let mut ncnd = positions[2].as_table().unwrap().clone();
    ncnd.insert("position".into(), Value::String("ncnd".into()));
    ncnd.insert("exemption".into(), Value::String("section 43(3)".into()));
    ncnd.insert(
        "reason".into(),
        Value::String("Saying whether such a report exists would show the contractor's competitors whether its rates have been benchmarked.".into()),
    );
    ncnd.insert(
        "redirect".into(),
        Value::String("the County Councils Network".into()),
    );
    positions[2] = Value::Table(ncnd);
    set(&mut case, "positions", Some(Value::Array(positions)));
    let text = sections(&case, &["Our response", "Reasons for our decision"]);
    assert!(
        text.contains("whether its rates have been benchmarked."),
        "{text}"
    );
    assert!(
        text.contains(
            "You may wish to direct this part of your request to the County Councils Network"
        ),
        "{text}"
    );
    assert!(!text.contains("holds no information"), "{text}");
    snapshot("refusal-ncnd-reason-redirect-first-mention", text);
}
