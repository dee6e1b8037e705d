//! A test per rule, firing and not firing (issue "Know the law", point 2).

mod common;

use foinotice::diagnostic::{Diagnostic, Severity};

const REFUSAL: &str = include_str!("../examples/refusal-notice-section-43.toml");
const NCND_REFUSAL: &str = include_str!("../examples/refusal-notice-west-midlands.toml");
const DECISION: &str = include_str!("../examples/decision-notice-not-upheld.toml");
const FOLLOW_ON: &str = include_str!("../examples/decision-notice-cambridgeshire.toml");

/// Every diagnostic for the case: errors, or the warnings of a case that loads.
fn diagnostics(text: &str) -> Vec<Diagnostic> {
    match common::load_str("case.toml", text) {
        Ok(case) => case.warnings,
        Err(ds) => ds,
    }
}

fn errors(text: &str) -> Vec<Diagnostic> {
    diagnostics(text)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

fn warnings(text: &str) -> Vec<Diagnostic> {
    diagnostics(text)
        .into_iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect()
}

fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the example has no `{from}`");
    text.replace(from, to)
}

/// Removes a `[table]` and its lines up to the next table header.
fn without_table(text: &str, header: &str) -> String {
    let start = text.find(header).unwrap_or_else(|| panic!("no {header}"));
    let rest = &text[start + header.len()..];
    let end = rest
        .find("\n[")
        .map_or(text.len(), |i| start + header.len() + i + 1);
    format!("{}{}", &text[..start], &text[end..])
}

#[test]
fn the_examples_break_no_rule() {
    for text in [REFUSAL, NCND_REFUSAL, DECISION, FOLLOW_ON] {
        assert!(diagnostics(text).is_empty(), "{:?}", diagnostics(text));
    }
}

// A qualified exemption needs a public interest test; an absolute one has none.

#[test]
fn qualified_exemption_without_public_interest_is_an_error() {
    let bad = without_table(REFUSAL, "[public_interest]");
    let e = errors(&bad);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].field, "positions[1].exemption");
    assert!(
        e[0].message
            .contains("section 43(2) is a qualified exemption"),
        "{}",
        e[0]
    );
    assert!(e[0].help.contains("[public_interest]"));
    assert!(e[0].line > 0);
}

#[test]
fn absolute_exemption_with_public_interest_is_a_warning() {
    let text = replace(
        REFUSAL,
        "exemption = \"section 43(2)\"",
        "exemption = \"section 21\"\nelsewhere = \"the schedule is published at https://northshire.example.gov.uk/contracts.\"",
    );
    let w = warnings(&text);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].field, "public_interest");
    assert!(w[0].message.contains("absolute"), "{}", w[0]);
    // Without the test, the absolute exemption breaks no rule.
    assert!(diagnostics(&without_table(&text, "[public_interest]")).is_empty());
}

#[test]
fn a_refusal_answers_every_question_of_the_request_once() {
    // A question the request does not have.
    let e = errors(&replace(REFUSAL, "questions = [3]", "questions = [4]"));
    assert!(
        e.iter()
            .any(|d| d.message == "question 4 is not in the request, which has 3"),
        "{e:?}"
    );
    // Question 3 left out: the letter would not answer the whole request.
    assert!(
        e.iter()
            .any(|d| d.message == "the response says nothing of question 3"),
        "{e:?}"
    );
    // One question both answered and not held.
    let e = errors(&replace(REFUSAL, "questions = [3]", "questions = [1, 3]"));
    assert!(
        e.iter().any(|d| d.message.contains(
            "question 1 is also in part 1 of the response, with a position that contradicts"
        )),
        "{e:?}"
    );
}

#[test]
fn a_part_not_held_can_point_to_the_authority_that_may_hold_it() {
    let text = replace(
        REFUSAL,
        "position = \"not-held\"",
        "position = \"not-held\"\nredirect = \"the Department for Transport\"",
    );
    assert!(diagnostics(&text).is_empty(), "{:?}", diagnostics(&text));
    let out = common::render_text_str(&text);
    assert!(out.contains("holds no information in respect of question 3. The information may be held by the Department for Transport, to whom you may wish to direct this part of your request."), "{out}");
    // Another body may hold such information whatever this authority's position, so
    // a refused part may name it too, without being said not to be held.
    let refused = replace(
        REFUSAL,
        "exemption = \"section 43(2)\"",
        "exemption = \"section 43(2)\"\nredirect = \"the Department for Transport\"",
    );
    assert!(errors(&refused).is_empty(), "{:?}", errors(&refused));
    let out = common::render_text_str(&refused);
    assert!(out.contains("You may wish to direct this part of your request to the Department for Transport, which may hold information of the kind you have asked for."), "{out}");
    assert!(!out.contains("may be held by"), "{out}");
    // A blank name would print "held by , to whom"; blank prose an empty section.
    let blank = text.replace("the Department for Transport", "  ");
    let e = errors(&blank);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].field, "positions[2].redirect");
    assert_eq!(e[0].message, "`positions[2].redirect` is not filled in");
    assert!(e[0].line > 0, "the error is located: {}", e[0]);
    let e = errors(&format!("advice = \"\"\n{REFUSAL}"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].field, "advice");
}

#[test]
fn a_decision_notice_refuses_the_refusal_letters_fields() {
    let text = DECISION.replacen(
        "position = \"refused\"",
        "position = \"refused\"\nredirect = \"the Department for Transport\"",
        1,
    );
    assert_ne!(text, DECISION, "the example has a refused part");
    let e = errors(&text);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].field.ends_with(".redirect"), "{}", e[0]);
    assert!(e[0].message.contains("is for refusal notices"), "{}", e[0]);
}

#[test]
fn sections_21_and_22_say_where_and_when() {
    let s21 = without_table(
        &replace(
            REFUSAL,
            "exemption = \"section 43(2)\"",
            "exemption = \"section 21\"\nelsewhere = \"the schedule is published at https://northshire.example.gov.uk/contracts.\"",
        ),
        "[public_interest]",
    );
    let out = common::render_text_str(&s21);
    assert!(out.contains("but it is exempt from disclosure. The information is reasonably accessible to you by other means: the schedule is published at https://northshire.example.gov.uk/contracts."), "{out}");
    // Without the place, a warning; the field without the section, an error.
    let bare = s21.replace(
        "\nelsewhere = \"the schedule is published at https://northshire.example.gov.uk/contracts.\"",
        "",
    );
    let w = warnings(&bare);
    assert!(
        w.iter()
            .any(|d| d.message.contains("where the information can be found")),
        "{w:?}"
    );
    let misplaced = replace(
        REFUSAL,
        "exemption = \"section 43(2)\"",
        "exemption = \"section 43(2)\"\npublication = \"in the annual report in June.\"",
    );
    let e = errors(&misplaced);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].message.contains("`publication` with section 22"),
        "{}",
        e[0]
    );
    let s22 = misplaced.replace("section 43(2)", "section 22");
    assert!(errors(&s22).is_empty(), "{:?}", errors(&s22));
    let out = common::render_text_str(&s22);
    assert!(
        out.contains(
            "The information is intended for future publication: in the annual report in June."
        ),
        "{out}"
    );
}

// NCND needs an NCND subsection.

#[test]
fn ncnd_under_a_section_without_an_ncnd_subsection_is_an_error() {
    let bad = replace(NCND_REFUSAL, "exemption = \"31(3)\"", "exemption = \"21\"");
    let e = errors(&bad);
    assert!(
        e.iter().any(|d| d.message
            == "section 21 (information accessible to applicant by other means) has no subsection that removes the duty to confirm or deny"),
        "{e:?}"
    );
    // The wrong subsection of a section that has one: the hint names the right one.
    let bad = replace(
        NCND_REFUSAL,
        "exemption = \"31(3)\"",
        "exemption = \"31(1)(a)\"",
    );
    let e = errors(&bad);
    assert!(e[0].help.contains("section 31(3)"), "{}", e[0]);
}

// Regimes do not mix, except section 39 in an EIR case.

#[test]
fn eir_case_citing_a_foia_exemption_is_an_error() {
    let eir = replace(REFUSAL, "regime = \"FOIA\"", "regime = \"EIR\"");
    let e = errors(&eir);
    assert_eq!(e[0].field, "positions[1].exemption");
    assert!(e[0].help.contains("Freedom of Information Act"), "{}", e[0]);
    // Section 39, which sends environmental information to the EIR, is allowed.
    let s39 = replace(
        &eir,
        "exemption = \"section 43(2)\"",
        "exemption = \"section 39(1)\"",
    );
    assert!(errors(&s39).is_empty(), "{:?}", errors(&s39));
    // And the EIR's own exception is fine.
    let own = replace(
        &eir,
        "exemption = \"section 43(2)\"",
        "exemption = \"regulation 12(5)(e)\"",
    );
    assert!(errors(&own).is_empty(), "{:?}", errors(&own));
}

#[test]
fn foia_case_citing_an_eir_exception_is_an_error() {
    let bad = replace(
        REFUSAL,
        "exemption = \"section 43(2)\"",
        "exemption = \"regulation 12(5)(e)\"",
    );
    let e = errors(&bad);
    assert!(
        e[0].help.contains("Environmental Information Regulations"),
        "{}",
        e[0]
    );
}

// Section 12 needs its estimate, over the limit; sections 12 and 14 have no PIT.

/// The reasons and advice a section 12 or 14 refusal gives (top-level keys, so they
/// go before the first table).
const EXPLAINED: &str = "reasons = \"The rates are held only in the individual job records.\"\nadvice = \"You may wish to ask for the rates for one year only.\"\n";

fn s12(estimate: &str) -> String {
    let text = replace(
        REFUSAL,
        "exemption = \"section 43(2)\"",
        &format!("exemption = \"section 12\"{estimate}"),
    );
    format!("{EXPLAINED}{}", without_table(&text, "[public_interest]"))
}

#[test]
fn section_12_without_an_estimate_is_an_error() {
    let e = errors(&s12(""));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].field, "positions[1]");
    assert!(e[0].message.contains("needs the estimate"), "{}", e[0]);
}

#[test]
fn section_12_estimate_within_the_limit_is_an_error() {
    let e = errors(&s12("\nestimate = { hours = 18 }"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].message
            .contains("18 hours at £25 an hour is £450, within the appropriate limit of £450"),
        "{}",
        e[0]
    );
    // Central government's higher limit.
    let central = s12("\nestimate = { hours = 20 }").replace(
        "name = \"Northshire County Council\"",
        "name = \"Northshire County Council\"\ncentral = true",
    );
    assert!(errors(&central)[0].message.contains("£600"));
}

#[test]
fn section_12_estimate_over_the_limit_is_costed_in_the_notice() {
    let text = s12("\nestimate = { hours = 40, activities = \"locating and extracting the rates from 212 job records\" }");
    assert!(diagnostics(&text).is_empty(), "{:?}", diagnostics(&text));
    let case = common::load_str("case.toml", &text).unwrap();
    let t = foinotice::templates::Templates::load(None).unwrap();
    let doc = foinotice::notice::document(&case, &t).unwrap();
    let out = foinotice::render::text::render(&doc);
    assert!(
        out.contains("We estimate that locating and extracting the rates from 212 job records would take 40 hours, which at £25 an hour is £1,000, more than the appropriate limit of £450."),
        "{out}"
    );
    assert!(!out.contains("Public Interest Test"), "{out}");
    // Section 12 refuses the request: the Fees Regulations, not the exemptions
    // paragraph, and the section 16 advice after the reasons.
    assert!(!out.contains("two responsibilities"), "{out}");
    assert!(out.contains("Appropriate Limit and Fees) Regulations 2004 set the appropriate limit for Northshire County Council at £450"), "{out}");
    assert!(
        out.contains("The rates are held only in the individual job records."),
        "{out}"
    );
    assert!(
        out.contains("Section 12 is not an exemption, so no public interest test applies."),
        "{out}"
    );
    let advice = out
        .find("Advice and assistance")
        .expect("an advice section");
    assert!(
        out[advice..].contains("You may wish to ask for the rates for one year only."),
        "{out}"
    );
}

#[test]
fn section_12_or_14_without_reasons_or_advice_is_a_warning() {
    let bare = s12("\nestimate = { hours = 40 }").replacen(EXPLAINED, "", 1);
    let w = warnings(&bare);
    let fields: Vec<&str> = w.iter().map(|d| d.field.as_str()).collect();
    assert_eq!(fields, ["advice", "reasons"], "{w:?}");
    let s14 = format!(
        "reasons = \"The same request was answered in full on 2 January.\"\n{}",
        without_table(
            &replace(
                REFUSAL,
                "exemption = \"section 43(2)\"",
                "exemption = \"section 14(2)\""
            ),
            "[public_interest]",
        )
    );
    assert!(diagnostics(&s14).is_empty(), "{:?}", diagnostics(&s14));
    let out = common::render_text_str(&s14);
    assert!(out.contains("Section 14(2) of the Act provides that where a public authority has previously complied"), "{out}");
    assert!(!out.contains("vexatious"), "{out}");
    assert!(!out.contains("two responsibilities"), "{out}");
    assert!(
        out.contains("Section 14(2) is not an exemption, so no public interest test applies."),
        "{out}"
    );
    // Section 14(1): the vexatious wording instead.
    let s14_1 = s14.replace("section 14(2)", "section 14(1)");
    let out = common::render_text_str(&s14_1);
    assert!(out.contains("Section 14(1) of the Act provides that a public authority is not obliged to comply with a request for information if the request is vexatious."), "{out}");
    assert!(!out.contains("Section 14(2) of the Act"), "{out}");
}

#[test]
fn section_12_with_a_public_interest_test_is_a_warning() {
    let text = replace(
        REFUSAL,
        "exemption = \"section 43(2)\"",
        "exemption = \"section 12\"\nestimate = { hours = 40 }",
    );
    let text = format!("{EXPLAINED}{text}");
    let w = warnings(&text);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].message.contains("sections 12 and 14"), "{}", w[0]);
    let s14 = replace(
        REFUSAL,
        "exemption = \"section 43(2)\"",
        "exemption = \"section 14(1)\"",
    );
    let w = warnings(&format!("{EXPLAINED}{s14}"));
    assert!(w[0].message.contains("sections 12 and 14"), "{w:?}");
}

// Steps follow the outcome, unless the facts say why not.

#[test]
fn upheld_without_steps_is_an_error_unless_explained() {
    let bad = replace(DECISION, "outcome = \"not-upheld\"", "outcome = \"upheld\"");
    let e = errors(&bad);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].field, "decision.outcome");
    assert!(e[0].message.contains("upheld but no steps"), "{}", e[0]);
    let ok = replace(
        &bad,
        "[decision]\noutcome = \"upheld\"",
        "[decision]\noutcome = \"upheld\"\nsteps_reason = \"the council disclosed the schedule during the investigation\"",
    );
    assert!(diagnostics(&ok).is_empty(), "{:?}", diagnostics(&ok));
    let text = common::render_text_str(&ok);
    assert!(text.contains("does not require Northshire County Council to take any steps, as the council disclosed the schedule during the investigation."), "{text}");
}

#[test]
fn not_upheld_with_steps_is_an_error_unless_explained() {
    let bad = replace(
        DECISION,
        "outcome = \"not-upheld\"",
        "outcome = \"not-upheld\"\nsteps = [\"Publish the total value of the contract.\"]",
    );
    let e = errors(&bad);
    assert_eq!(e[0].field, "decision.steps");
    let ok = replace(
        &bad,
        "outcome = \"not-upheld\"",
        "outcome = \"not-upheld\"\nsteps_reason = \"the council agreed to publish the total\"",
    );
    assert!(errors(&ok).is_empty(), "{:?}", errors(&ok));
}

// Dates in order.

#[test]
fn notice_before_the_complaint_is_an_error() {
    let bad = replace(DECISION, "date = 2026-10-15", "date = 2026-05-01");
    let e = errors(&bad);
    assert!(
        e.iter().any(|d| d.field == "date"
            && d.message
                .contains("`date` (2026-05-01) is before `complaint.date` (2026-05-05)")),
        "{e:?}"
    );
}

#[test]
fn review_asked_before_the_response_is_an_error() {
    let bad = replace(DECISION, "requested = 2026-03-30", "requested = 2026-03-01");
    let e = errors(&bad);
    assert_eq!(e[0].field, "review.requested", "{e:?}");
}

// What the dates show.

#[test]
fn listed_breach_that_the_dates_contradict_is_a_warning() {
    let text = replace(
        DECISION,
        "outcome = \"not-upheld\"",
        "outcome = \"not-upheld\"\nbreaches = [\"10(1)\"]",
    );
    let w = warnings(&text);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].message
            .contains("19 working days after the request, within the 20 allowed (due 2026-03-20)"),
        "{}",
        w[0]
    );
}

#[test]
fn delay_reason_for_a_timely_complaint_is_a_warning() {
    let text = replace(
        DECISION,
        "context = \"to complain",
        "delay_reason = \"he was abroad\"\ncontext = \"to complain",
    );
    let w = warnings(&text);
    assert_eq!(w[0].field, "complaint.delay_reason", "{w:?}");
    // Made late, the same facts give the delay wording and no warning.
    let late = replace(&text, "date = 2026-05-05", "date = 2026-08-05");
    assert!(warnings(&late).is_empty(), "{:?}", warnings(&late));
    assert!(common::render_text_str(&late).contains("delayed beyond the usual three month time limit for bringing such complaints, as he was abroad."));
}

#[test]
fn late_refusal_notice_is_a_warning() {
    let text = replace(REFUSAL, "date = 2026-03-19", "date = 2026-03-31");
    let w = warnings(&text);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].message.contains("it was due by 2026-03-20"),
        "{}",
        w[0]
    );
}

#[test]
fn dates_beyond_the_calendar_are_errors() {
    // Before 1 January 2005, when FOIA came fully into force, there is no data.
    let bad = replace(REFUSAL, "date = 2026-02-19", "date = 2004-02-19");
    let e = errors(&bad);
    assert_eq!(e[0].field, "request.date", "{e:?}");
    assert!(e[0]
        .message
        .contains("outside the years the bank holiday data covers"));
}

mod questions {
    use super::*;

    const LEAD: &str = include_str!("../examples/decision-notice-lead.toml");

    #[test]
    fn the_wordings_numbered_questions_are_counted() {
        use foinotice::validate::numbered_questions;
        assert_eq!(numbered_questions("\"1. a\n\n2. b\n\n3) c\""), Some(3));
        assert_eq!(numbered_questions("(1) a\n(2) b"), Some(2));
        assert_eq!(numbered_questions("Q1: a\nQ2: b"), Some(2));
        assert_eq!(numbered_questions("Please send the 2019 report."), None);
        // Out of order: not a numbering to trust.
        assert_eq!(numbered_questions("1. a\n3. b"), None);
    }

    #[test]
    fn a_question_not_in_the_request_is_an_error() {
        let bad = LEAD.replace(
            "questions = [1, 2, 3, 4, 6]\nposition",
            "questions = [1, 2, 3, 4, 6, 7]\nposition",
        );
        assert!(bad != LEAD, "the example has the parts");
        let e = errors(&bad);
        assert!(
            e.iter().any(|d| d
                .message
                .contains("question 7 is not in the request, which has 6")),
            "{e:?}"
        );
    }

    #[test]
    fn contradictory_positions_for_one_question_are_an_error() {
        let bad = LEAD.replace(
            "questions = [1, 2, 3, 4, 6]\nposition",
            "questions = [1, 2, 3, 4, 5, 6]\nposition",
        );
        let e = errors(&bad);
        assert!(
            e.iter()
                .any(|d| d.message.contains("question 5 is also in part 1")),
            "{e:?}"
        );
    }

    #[test]
    fn a_question_left_unaccounted_for_is_a_warning() {
        let text = LEAD.replace(
            "questions = [1, 2, 3, 4, 6]\nposition",
            "questions = [1, 2, 3, 4]\nposition",
        );
        let w = warnings(&text);
        assert!(
            w.iter()
                .any(|d| d.message.contains("says nothing of question 6")),
            "{w:?}"
        );
    }
}

#[test]
fn the_complaint_time_limit_runs_from_the_last_answer_to_any_request() {
    // Three months after the review of the first request, the complaint is late…
    let late = replace(DECISION, "date = 2026-05-05", "date = 2026-08-05");
    let w = warnings(&late);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].field, "complaint.date");
    // …but not when a second request, decided in the same notice, was answered since.
    let joined = replace(
        &late,
        "[complaint]",
        "[[further_requests]]\ndate = 2026-05-11\nwording = \"And the 2025 figures.\"\n\n[further_requests.response]\ndate = 2026-06-01\n\n[[further_requests.response.parts]]\nposition = \"provided\"\n\n[complaint]",
    );
    assert!(
        !warnings(&joined)
            .iter()
            .any(|w| w.field == "complaint.date"),
        "{:?}",
        warnings(&joined)
    );
}

#[test]
fn an_eir_regulation_12_paragraph_that_does_not_exist_lists_those_that_do() {
    let eir = replace(REFUSAL, "regime = \"FOIA\"", "regime = \"EIR\"");
    let bad = replace(
        &eir,
        "exemption = \"section 43(2)\"",
        "exemption = \"regulation 12(2)\"",
    );
    let e = errors(&bad);
    assert_eq!(e[0].field, "positions[1].exemption");
    assert!(e[0].help.contains("regulation 12 has these"), "{}", e[0]);
    assert!(e[0].help.contains("12(3), 12(4)(a)"), "{}", e[0]);
    // Regulation 12(3) itself, cited with regulation 13, exists.
    let ok = replace(
        &eir,
        "exemption = \"section 43(2)\"",
        "exemption = \"regulation 12(3)\"",
    );
    assert!(errors(&ok).is_empty(), "{:?}", errors(&ok));
}

#[test]
fn a_refusal_letter_cites_only_the_law_in_force_on_the_request_date() {
    // The seed's request was received on 10 August 2017, before section 40 changed on
    // 25 May 2018: its NCND provision was 40(5)(b)(i), and 40(5B) did not exist.
    let cite = |text: &str, exemption: &str| {
        replace(
            text,
            "position = \"ncnd\"\nexemption = \"31(3)\"",
            &format!("position = \"ncnd\"\nexemption = [\"31(3)\", \"{exemption}\"]"),
        )
    };
    let old = cite(NCND_REFUSAL, "40(5)(b)(i)");
    assert!(errors(&old).is_empty(), "{:?}", errors(&old));
    let out = common::render_text_str(&old);
    assert!(out.contains("40(5)(b)(i)"), "{out}");
    let new = cite(NCND_REFUSAL, "40(5B)(a)(i)");
    let e = errors(&new);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].field, "positions[0].exemption[1]", "{}", e[0]);
    assert!(e[0].line > 0, "{}", e[0]);
    // A request received from 25 May 2018: the other way round.
    let later = |t: &str| {
        t.replace("date = 2017-09-08", "date = 2018-06-20")
            .replace("date = 2017-08-10", "date = 2018-06-01")
    };
    assert!(
        errors(&later(&new)).is_empty(),
        "{:?}",
        errors(&later(&new))
    );
    let e = errors(&later(&old));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].field, "positions[0].exemption[1]", "{}", e[0]);
    // A subsection that never existed is refused whatever the date.
    let e = errors(&cite(NCND_REFUSAL, "31(9)"));
    assert!(
        e.iter().any(|d| d.field == "positions[0].exemption[1]"),
        "{e:?}"
    );
}

/// A section 12 estimate with no figure, as many letters give it: the work is said,
/// no hours or cost are printed (none was given to print); with neither the work nor
/// the hours, the estimate is refused at its field.
#[test]
fn a_section_12_estimate_without_a_figure_says_the_work_and_no_figure() {
    let text =
        std::fs::read_to_string(common::root().join("examples/refusal-notice-section-12.toml"))
            .unwrap();
    let start = text.find("estimate = {").unwrap();
    let end = start + text[start..].find("] }").unwrap() + 3;
    let figureless = format!(
        "{}estimate = {{ activities = \"locating and reading every invoice for the year\" }}{}",
        &text[..start],
        &text[end..]
    );
    assert!(errors(&figureless).is_empty(), "{:?}", errors(&figureless));
    let letter = common::render_text_str(&figureless);
    let flat = letter.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("We estimate that locating and reading every invoice for the year would exceed the appropriate limit of £450."),
        "{flat}"
    );
    assert!(!flat.contains("hours, which at"), "{flat}");

    let empty = format!("{}estimate = {{ }}{}", &text[..start], &text[end..]);
    let e = errors(&empty);
    assert!(
        e.iter().any(|d| d.field == "positions[1].estimate"
            && d.message.contains("neither hours nor the work")),
        "{e:?}"
    );
}
