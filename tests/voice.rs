//! Snapshots of the choices a caseworker makes in how a decision notice tells the case:
//! the request set out in an annex, the Act named in full at its first mention, the
//! simple past, the complainant's grounds, a chasing letter told with the reply before
//! it, and a response told in one sentence with its date.
//!
//! Snapshots live in the top-level `snapshots/` as `branch-<name>.snap`.

mod common;

use common::variant::*;
use toml::{Table, Value};

const DECISION: &str = "Decision (including any steps ordered)";
const REQUEST: &str = "Request and response";

fn table(pairs: &[(&str, Value)]) -> Value {
    Value::Table(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<Table>(),
    )
}

fn text(s: &str) -> Value {
    Value::String(s.into())
}

#[test]
fn a_request_set_out_in_an_annex_after_the_signature() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(&mut case, "request.annex", Some(Value::Boolean(true)));
    set(&mut case, "request.described", s("a multi-part request"));
    set(
        &mut case,
        "request.seeking",
        s("information about the county's road maintenance contract"),
    );
    let wording = case["request"]["wording"]
        .as_str()
        .unwrap()
        .trim()
        .to_string();
    let first_line = wording.lines().next().unwrap().to_string();
    let out = sections(&case, &[REQUEST, "Signed", "Annex"]);
    let (body, annex) = out.split_once("\nAnnex\n").expect("an Annex heading");
    assert!(
        !body.contains(&first_line),
        "the request is quoted before the annex:\n{out}"
    );
    assert!(
        annex.contains(&first_line),
        "the annex lacks the request:\n{out}"
    );
    assert!(
        body.contains("A copy of the request is contained in an annex at the end of this notice."),
        "{out}"
    );
    snapshot("request-in-annex", out);
}

#[test]
fn a_request_in_an_annex_in_the_first_format() {
    let mut case = example("decision-notice-2009.toml");
    set(&mut case, "request.annex", Some(Value::Boolean(true)));
    let doc = render(&case);
    let annex = doc.find("\nAnnex\n").expect("an Annex heading");
    assert!(doc[..annex].contains("The request is set out in full in the Annex to this Notice."));
    assert!(doc[annex..].contains(
        case["request"]["wording"]
            .as_str()
            .unwrap()
            .lines()
            .next()
            .unwrap()
    ));
}

#[test]
fn the_act_named_in_full_at_its_first_mention_and_the_simple_past() {
    let mut case = example("decision-notice-section-14.toml");
    set(&mut case, "decision.define_act", Some(Value::Boolean(true)));
    set(&mut case, "request.tense", s("past"));
    let out = sections(&case, &[DECISION]);
    assert_eq!(
        out.matches("Freedom of Information Act 2000 (the FOIA)")
            .count(),
        1,
        "{out}"
    );
    assert!(out.contains("\n1. The complainant requested"), "{out}");
    snapshot("act-defined-simple-past", out);
}

#[test]
fn the_complainants_grounds_continue_the_complaint_paragraph() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(
        &mut case,
        "complaint.grounds",
        s("The complainant disputed that the contracts were commercially sensitive."),
    );
    let out = sections(&case, &["Scope of the case"]);
    let paragraph = out
        .lines()
        .find(|l| l.contains("contacted the Commissioner"))
        .unwrap();
    assert!(
        paragraph
            .ends_with("The complainant disputed that the contracts were commercially sensitive."),
        "{out}"
    );
    snapshot("complaint-grounds", out);
}

#[test]
fn a_chasing_letter_is_told_with_the_acknowledgement_before_it() {
    let mut case = example("decision-notice-no-response.toml");
    let date = case["request"]["date"].clone();
    set(
        &mut case,
        "events",
        Some(Value::Array(vec![
            table(&[("date", date), ("kind", text("holding-reply"))]),
            table(&[
                ("date", date_value("2024-04-08")),
                ("kind", text("chased")),
                ("text", text("asking for a response")),
            ]),
        ])),
    );
    let out = sections(&case, &[REQUEST]);
    assert!(
        out.contains("acknowledged receipt of the request the same day. The complainant wrote to"),
        "{out}"
    );
    snapshot("chased-with-acknowledgement", out);
}

#[test]
fn a_response_told_in_one_sentence_with_its_date() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(
        &mut case,
        "response.text",
        s("and provided some of the information requested."),
    );
    let out = sections(&case, &[REQUEST]);
    let response = out.lines().find(|l| l.contains(" responded on ")).unwrap();
    assert!(
        response.contains(" and provided some of the information requested."),
        "{out}"
    );
    assert!(!response.contains(". and"), "{out}");
}

fn date_value(d: &str) -> Value {
    date(d).unwrap()
}
