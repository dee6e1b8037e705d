//! Say only what is true: each breach told as what went wrong, the dates read as the
//! law reads them (an extension given in time, the authority's last word), and the
//! built notice checked against the facts at the field that causes a contradiction,
//! with a property test holding every generated case to it.

mod common;

use common::variant::{example, s, set};
use foinotice::diagnostic::Diagnostic;
use foinotice::templates::Templates;
use proptest::prelude::*;
use toml::{Table, Value};

fn list(items: &[&str]) -> Option<Value> {
    Some(Value::Array(
        items.iter().map(|i| Value::String(i.to_string())).collect(),
    ))
}

fn table(pairs: &[(&str, Value)]) -> Value {
    Value::Table(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

fn date(d: &str) -> Value {
    Value::Datetime(d.parse().unwrap())
}

/// Loads and builds the notice: its text, or every diagnostic.
fn build(case: &Table) -> Result<(foinotice::case::Case, String), Vec<Diagnostic>> {
    let text = toml::to_string(case).unwrap();
    let loaded = common::load_str("case.toml", &text)?;
    let templates = Templates::load(None).unwrap();
    match foinotice::notice::document(&loaded, &templates) {
        Ok(doc) => {
            let rendered = foinotice::render::text::render(&doc);
            Ok((loaded, rendered))
        }
        Err(foinotice::Error::Case(ds)) => Err(ds),
        Err(e) => panic!("not a case error: {e}"),
    }
}

fn text(case: &Table) -> String {
    match build(case) {
        Ok((_, t)) => t.split_whitespace().collect::<Vec<_>>().join(" "),
        Err(ds) => panic!("{}", foinotice::Error::Case(ds)),
    }
}

fn no_response() -> Table {
    example("decision-notice-no-response.toml")
}

#[test]
fn each_breach_of_an_unanswered_request_is_told_as_what_went_wrong() {
    let mut case = no_response();
    set(
        &mut case,
        "decision.breaches",
        list(&["1(1)(a)", "10(1)", "16(1)"]),
    );
    let t = text(&case);
    assert!(
        t.contains("has breached sections 1(1)(a) and 10(1) of FOIA in that it has failed to provide a response to the request within the statutory time for compliance and section 16(1) in that it failed to provide appropriate advice and assistance."),
        "{t}"
    );
    // Advice and assistance never borrows the non-response words.
    assert!(!t.contains("16(1) of FOIA in that it has failed to provide a response"));
}

#[test]
fn an_authority_that_wrote_without_responding_is_never_said_to_have_not_responded() {
    let mut case = no_response();
    let holding = table(&[
        ("date", date("2024-03-06")),
        ("kind", Value::String("holding-reply".into())),
    ]);
    set(&mut case, "events", Some(Value::Array(vec![holding])));
    let t = text(&case);
    assert!(
        t.contains("in that it has failed to provide a substantive response to the request"),
        "{t}"
    );
    assert!(
        t.contains("had not provided a substantive response by the date of this notice"),
        "{t}"
    );
    assert!(!t.contains("had not responded"), "{t}");
}

#[test]
fn a_response_in_time_that_withheld_wrongly_did_not_communicate_the_information() {
    let mut case = example("decision-notice-not-upheld.toml");
    set(&mut case, "decision.outcome", s("upheld"));
    set(
        &mut case,
        "decision.steps",
        list(&["Disclose the information withheld."]),
    );
    set(&mut case, "decision.breaches", list(&["10(1)"]));
    let (loaded, t) = build(&case).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(!loaded.timeline.as_ref().unwrap().response_late);
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        t.contains("did not communicate the information to the complainant within that time, and so breached section 10(1)"),
        "{t}"
    );
    assert!(!t.contains("did not respond within that time"), "{t}");
}

/// The not-upheld example with its response on `response` and an extension on
/// `extension` (the request is of 10 August 2017: its 20th working day is 8 September,
/// its 40th 6 October).
fn extended(extension: &str, response: &str) -> Table {
    let mut case = example("decision-notice-cambridgeshire.toml");
    set(&mut case, "request.date", Some(date("2017-08-10")));
    set(&mut case, "response.date", Some(date(response)));
    let e = table(&[
        ("date", date(extension)),
        ("kind", Value::String("extension".into())),
        ("until", date("2017-10-06")),
    ]);
    set(&mut case, "events", Some(Value::Array(vec![e])));
    set(&mut case, "decision.breaches", list(&[]));
    case
}

fn proposed(case: &Table) -> Vec<String> {
    let text = toml::to_string(case).unwrap();
    let loaded = common::load_str("case.toml", &text).unwrap_or_else(|e| panic!("{e:?}"));
    loaded.timeline.unwrap().breaches
}

#[test]
fn an_extension_given_in_time_moves_the_due_date_and_only_an_unreasonable_delay_is_a_breach() {
    // Extended on day 15, answered on day 30: no breach.
    let within = extended("2017-08-31", "2017-09-22");
    assert!(proposed(&within).is_empty(), "{:?}", proposed(&within));
    // Answered past the 40th working day: the public interest took too long (17(3)),
    // not a breach of the 20 working days.
    let beyond = extended("2017-08-31", "2017-10-20");
    assert_eq!(proposed(&beyond), ["17(3)"]);
    // An extension given after the 20 working days changes nothing.
    let late = extended("2017-09-15", "2017-09-22");
    assert!(
        proposed(&late).contains(&"10(1)".to_string()),
        "{:?}",
        proposed(&late)
    );
}

#[test]
fn a_late_refusal_under_section_14_alone_is_not_a_17_1_breach() {
    let mut case = example("decision-notice-section-14.toml");
    set(&mut case, "decision.breaches", list(&["17(1)"]));
    let text = toml::to_string(&case).unwrap();
    let loaded = common::load_str("case.toml", &text).unwrap_or_else(|e| panic!("{e:?}"));
    let w = loaded
        .warnings
        .iter()
        .find(|w| w.message.contains("which are not exemptions"))
        .unwrap_or_else(|| panic!("{:?}", loaded.warnings));
    assert_eq!(w.field, "decision.breaches[0]");
}

#[test]
fn a_neither_confirm_nor_deny_under_section_12_is_not_an_exemption() {
    let mut case = example("decision-notice-not-upheld.toml");
    let part = table(&[
        ("position", Value::String("ncnd".into())),
        ("exemption", Value::String("12(2)".into())),
    ]);
    set(&mut case, "response.parts", Some(Value::Array(vec![part])));
    let t = text(&case);
    assert!(t.contains("relying on section 12(2)"), "{t}");
    assert!(!t.contains("exemption at section 12"), "{t}");
}

#[test]
fn a_caseworkers_words_that_contradict_the_facts_are_refused_at_their_field() {
    // A response is recorded, but the caseworker's paragraph says there was none.
    let mut case = example("decision-notice-not-upheld.toml");
    set(
        &mut case,
        "decision.handling",
        s("The council had not responded to the request."),
    );
    let Err(ds) = build(&case) else {
        panic!("not refused")
    };
    assert!(
        ds.iter()
            .any(|d| d.field == "decision.handling" && d.message.contains("had not responded")),
        "{ds:?}"
    );
    // Section 14 called an exemption in the caseworker's finding.
    let mut case = example("decision-notice-section-14.toml");
    set(
        &mut case,
        "decision.finding",
        s("The Commissioner's decision is that the council was entitled to rely on the exemption at section 14(1) of the FOIA."),
    );
    let Err(ds) = build(&case) else {
        panic!("not refused")
    };
    assert!(
        ds.iter()
            .any(|d| d.field == "decision.finding" && d.message.contains("section 14")),
        "{ds:?}"
    );
}

// The property: for any case file the generator writes (no caseworker prose that could
// contradict the facts), the notice builds, and the check of the built notice against
// the facts finds nothing. A template that ever says something false of the facts
// fails it.

const POSITIONS: &[(&str, Option<&str>)] = &[
    ("provided", None),
    ("not-held", None),
    ("refused", Some("31(1)(a)")),
    ("refused", Some("12(1)")),
    ("refused", Some("14(1)")),
    ("refused", Some("40(2)")),
    ("refused", Some("21(1)")),
    ("ncnd", Some("31(3)")),
    ("ncnd", Some("23(5)")),
    ("ncnd", Some("12(2)")),
];

const BREACHES: &[&str] = &[
    "1(1)", "1(1)(a)", "1(1)(b)", "10(1)", "16(1)", "17", "17(1)", "17(3)", "17(3)(b)", "17(5)",
    "17(7)",
];

/// The positions and breaches of a case under the EIR (the EIR example's).
const EIR_POSITIONS: &[(&str, Option<&str>)] = &[
    ("provided", None),
    ("not-held", None),
    ("refused", Some("12(4)(b)")),
    ("refused", Some("12(5)(e)")),
    ("refused", Some("12(4)(e)")),
    ("refused", Some("13(1)")),
    ("ncnd", Some("12(6)")),
];

const EIR_BREACHES: &[&str] = &[
    "5(1)", "5(2)", "7(1)", "9(1)", "11(4)", "14(2)", "14(3)(a)", "14(3)(b)", "14(5)",
];

#[derive(Debug, Clone)]
struct Facts {
    example: &'static str,
    responded: bool,
    /// Working days after the request, roughly (calendar days, in fact).
    response_after: i64,
    positions: Vec<usize>,
    holding_reply: bool,
    extension: bool,
    upheld: bool,
    breaches: Vec<usize>,
    steps: usize,
    further: usize,
    /// Dated in 2009: the first format (templates/decision-2005), the Information
    /// Tribunal's era.
    first_format: bool,
    more: More,
}

/// What the generator adds for issue 29: a finding on whether the information is held,
/// a partly upheld complaint told from its findings, words without a final full stop,
/// a letter after the response, and a disclosure during the investigation whose text
/// does or does not say to whom.
#[derive(Debug, Clone)]
struct More {
    held: Option<bool>,
    partly: bool,
    text: bool,
    chased: bool,
    /// 0: none; 1: the text does not say to whom; 2: it does.
    disclosed: u8,
    /// The internal review revised the position: section 12(1) (or, under the EIR,
    /// regulation 12(4)(b)) for the whole request (`review.parts`).
    revised: bool,
    /// The parts are named by category (`label`), not numbered.
    labels: bool,
    /// An EIR request answered under the FOIA (`response.regime`), the Commissioner
    /// deciding on regulation 12(5)(e).
    foia_answer: bool,
    /// On an upheld complaint, the first qualified provision relied on is found
    /// engaged with the public interest favouring disclosure (`decision.engaged`).
    engaged: bool,
    /// Item 7: the further requests are joined cases, each with its own reference and
    /// its own response (the second one late), and the last one made after the
    /// complaint and complained of on its own (`further_requests[].complaint`).
    joined: bool,
    /// Item 11: the reasons paragraph is named (`[#analysis]`) and the Decision's
    /// steps refer to it by number (`[§analysis]`); under the EIR a procedural finding
    /// is recorded as the register prints it, without its limb ("14(3)", "5").
    cross_ref: bool,
    /// Item 4: a finding on section 16(1) (FOIA only): met (`Some(false)`, the complaint
    /// not upheld on it) or not (`Some(true)`, with the breach).
    section_16: Option<bool>,
    /// Item 12: the authority's first mention names it as the Commissioner did
    /// ("the Department for Transport (DfT)").
    first_mention: bool,
}

fn more() -> impl Strategy<Value = More> {
    (
        prop_oneof![4 => Just(None), 2 => Just(Some(false)), 1 => Just(Some(true))],
        prop_oneof![3 => Just(false), 1 => Just(true)],
        any::<bool>(),
        any::<bool>(),
        0u8..3,
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        (
            any::<bool>(),
            any::<bool>(),
            prop_oneof![2 => Just(None), 1 => Just(Some(false)), 1 => Just(Some(true))],
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                held,
                partly,
                text,
                chased,
                disclosed,
                (revised, labels, foia_answer, engaged),
                (joined, cross_ref, section_16, first_mention),
            )| {
                More {
                    held,
                    partly,
                    text,
                    chased,
                    disclosed,
                    revised,
                    labels,
                    foia_answer,
                    engaged,
                    joined,
                    cross_ref,
                    section_16,
                    first_mention,
                }
            },
        )
}

fn facts() -> impl Strategy<Value = Facts> {
    (
        prop_oneof![
            Just("decision-notice-not-upheld.toml"),
            Just("decision-notice-cambridgeshire.toml"),
            Just("decision-notice-no-response.toml"),
            Just("decision-notice-section-14.toml"),
            Just("decision-notice-2009.toml"),
            Just("decision-notice-eir.toml"),
        ],
        any::<bool>(),
        5i64..60,
        proptest::collection::vec(0..POSITIONS.len(), 1..3),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(0..BREACHES.len(), 0..3),
        (0usize..4, 0usize..3, more(), any::<bool>()),
    )
        .prop_map(
            |(
                example,
                responded,
                response_after,
                positions,
                holding_reply,
                extension,
                upheld,
                breaches,
                (steps, further, more, first_format),
            )| Facts {
                example,
                responded,
                response_after,
                positions,
                holding_reply,
                extension,
                upheld,
                breaches,
                steps,
                further,
                first_format,
                more,
            },
        )
}

fn case_of(f: &Facts) -> Table {
    let mut case = example(f.example);
    let year = if f.first_format { 2009 } else { 2019 };
    let eir = case["regime"].as_str() == Some("EIR");
    let (positions, breach_list) = if eir {
        (EIR_POSITIONS, EIR_BREACHES)
    } else {
        (POSITIONS, BREACHES)
    };
    set(
        &mut case,
        "request.date",
        Some(date(&format!("{year}-03-04"))),
    );
    set(&mut case, "date", Some(date(&format!("{year}-12-02"))));
    case.insert(
        "complaint".into(),
        table(&[("date", date(&format!("{year}-06-03")))]),
    );
    let after = |days: i64| {
        let d = chrono::NaiveDate::from_ymd_opt(year, 3, 4).unwrap() + chrono::Duration::days(days);
        date(&d.to_string())
    };
    // No caseworker's prose about the original facts: it could contradict the
    // generated ones (the property is about what the templates say).
    for key in [
        "review",
        "events",
        "scope",
        "family",
        "further_requests",
        "background",
        "reasons",
        "other_matters",
    ] {
        case.remove(key);
    }
    // The footnotes the remaining prose still refers to (the request's wording).
    if let Some(Value::Table(notes)) = case.remove("footnotes") {
        let prose = toml::to_string(&case).unwrap_or_default();
        let kept: Table = notes
            .into_iter()
            .filter(|(k, _)| prose.contains(&format!("[^{k}]")))
            .collect();
        if !kept.is_empty() {
            case.insert("footnotes".into(), Value::Table(kept));
        }
    }
    // Reasons that say nothing about the facts the generator varies (named for a
    // cross-reference, item 11).
    let named = if f.more.cross_ref { "[#analysis] " } else { "" };
    let reason = table(&[(
        "text",
        Value::String(format!(
            "{named}The Commissioner has considered the submissions of both parties."
        )),
    )]);
    if f.more.first_mention {
        let name = case["authority"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        set(
            &mut case,
            "authority.first_mention",
            Some(Value::String(format!("the {name} (the named authority)"))),
        );
        set(
            &mut case,
            "authority.short",
            Some(Value::String("the named authority".into())),
        );
    }
    set(&mut case, "reasons", Some(Value::Array(vec![reason])));
    if f.responded {
        let parts: Vec<Value> = f
            .positions
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (position, exemption) = positions[*p % positions.len()];
                let mut t = vec![("position", Value::String(position.into()))];
                if f.more.labels {
                    t.push(("label", Value::String(format!("item {}", i + 1))));
                } else {
                    t.push((
                        "questions",
                        Value::Array(vec![Value::Integer(i as i64 + 1)]),
                    ));
                }
                let foia_answer = eir && f.more.foia_answer && exemption.is_some();
                if foia_answer {
                    let e = if position == "ncnd" { "43(3)" } else { "43(2)" };
                    t.push(("exemption", Value::String(e.into())));
                } else if let Some(e) = exemption {
                    t.push(("exemption", Value::String(e.into())));
                }
                if !eir && e_is_cost(exemption) {
                    t.push(("estimate", table(&[("hours", Value::Integer(30))])));
                }
                table(&t)
            })
            .collect();
        let mut response = vec![
            ("date", after(f.response_after)),
            ("parts", Value::Array(parts)),
        ];
        if f.more.text {
            response.push(("text", Value::String("It gave its reasons".into())));
        }
        if eir && f.more.foia_answer {
            response.push(("regime", Value::String("FOIA".into())));
        }
        set(&mut case, "response", Some(table(&response)));
        if f.more.revised {
            let whole = if eir && !f.more.foia_answer {
                "12(4)(b)"
            } else if eir {
                "14(1)"
            } else {
                "12(1)"
            };
            let mut part = vec![
                ("position", Value::String("refused".into())),
                ("exemption", Value::String(whole.into())),
            ];
            if whole == "12(1)" {
                part.push(("estimate", table(&[("hours", Value::Integer(30))])));
            }
            let review = table(&[
                ("outcome", Value::String("revised".into())),
                ("date", after(f.response_after + 20)),
                ("parts", Value::Array(vec![table(&part)])),
            ]);
            set(&mut case, "review", Some(review));
        }
    } else {
        case.remove("response");
    }
    let mut events = Vec::new();
    if f.holding_reply {
        events.push(table(&[
            ("date", after(2)),
            ("kind", Value::String("holding-reply".into())),
        ]));
    }
    if f.extension {
        events.push(table(&[
            ("date", after(14)),
            ("kind", Value::String("extension".into())),
        ]));
    }
    if f.more.chased && f.responded {
        events.push(table(&[
            ("date", after(f.response_after + 2)),
            ("kind", Value::String("chased".into())),
            ("text", Value::String("asking for the rest".into())),
        ]));
    }
    if f.more.disclosed > 0 {
        let what = if f.more.disclosed == 1 {
            "some of the information"
        } else {
            "some of the information to the complainant"
        };
        events.push(table(&[
            ("date", date(&format!("{year}-07-01"))),
            ("kind", Value::String("disclosed".into())),
            ("text", Value::String(what.into())),
        ]));
    }
    if !events.is_empty() {
        set(&mut case, "events", Some(Value::Array(events)));
    }
    if f.further > 0 {
        let further: Vec<Value> = (0..f.further)
            .map(|i| {
                let made = if f.more.joined && i + 1 == f.further {
                    // The last joined request was made after the complaint (item 7).
                    120
                } else {
                    7 * (i as i64 + 1)
                };
                let mut t = vec![
                    ("date", after(made)),
                    (
                        "wording",
                        Value::String(format!("\"Please send me item {i}.\"")),
                    ),
                ];
                if f.more.joined {
                    t.push(("reference", Value::String(joined_reference(&case, i))));
                    // The first in time, the second late.
                    let answered = made + if i == 0 { 10 } else { 45 };
                    let part = table(&[("position", Value::String("provided".into()))]);
                    t.push((
                        "response",
                        table(&[
                            ("date", after(answered)),
                            ("parts", Value::Array(vec![part])),
                        ]),
                    ));
                    if made > 100 {
                        // Complained of on its own, after its response.
                        t.push(("complaint", after(answered + 5)));
                    }
                }
                table(&t)
            })
            .collect();
        set(&mut case, "further_requests", Some(Value::Array(further)));
    }
    let mut decision = Table::new();
    let outcome = match (f.more.partly, f.upheld) {
        (true, _) => "partly-upheld",
        (false, true) => "upheld",
        (false, false) => "not-upheld",
    };
    decision.insert("outcome".into(), Value::String(outcome.into()));
    if let Some(held) = f.more.held {
        decision.insert("held".into(), Value::Boolean(held));
    }
    if eir && f.more.foia_answer && f.responded {
        decision.insert("exemption".into(), Value::String("12(5)(e)".into()));
    }
    if f.more.engaged && f.upheld && !f.more.partly && f.responded {
        // A qualified provision the response relied on (under the notice's regime).
        let qualified = ["31(1)(a)", "12(5)(e)", "12(4)(e)"];
        if let Some(e) = f
            .positions
            .iter()
            .filter_map(|p| positions[*p % positions.len()].1)
            .find(|e| qualified.contains(e))
            .filter(|_| !(eir && f.more.foia_answer))
        {
            decision.insert("engaged".into(), Value::String(e.into()));
        }
    }
    let mut findings: Vec<Value> = Vec::new();
    if f.more.partly && f.responded {
        // Each provision relied on with an outcome of its own, in turn.
        let outcomes = ["not-upheld", "upheld", "partly-upheld"];
        findings = f
            .positions
            .iter()
            .filter_map(|p| positions[*p % positions.len()].1)
            .enumerate()
            .map(|(i, e)| {
                table(&[
                    ("provision", Value::String(e.into())),
                    ("outcome", Value::String(outcomes[i % 3].into())),
                ])
            })
            .collect();
    }
    let mut breaches: Vec<&str> = f
        .breaches
        .iter()
        .map(|b| breach_list[*b % breach_list.len()])
        .collect();
    // What a refusal notice must say is breached only where something was refused
    // (the checks refuse it otherwise).
    let refused = f.responded
        && f.positions
            .iter()
            .any(|p| matches!(positions[*p % positions.len()].0, "refused" | "ncnd"));
    if !refused {
        breaches.retain(|b| {
            !matches!(
                *b,
                "17" | "17(1)"
                    | "17(3)"
                    | "17(3)(b)"
                    | "17(7)"
                    | "14(2)"
                    | "14(3)(a)"
                    | "14(3)(b)"
                    | "14(5)"
            )
        });
    }
    // Item 4: a finding on the duty to advise and assist (FOIA), met or breached.
    match (eir, f.more.section_16) {
        (false, Some(false)) => {
            breaches.retain(|b| *b != "16(1)");
            findings.push(table(&[
                ("provision", Value::String("16(1)".into())),
                ("outcome", Value::String("not-upheld".into())),
            ]));
        }
        (false, Some(true)) => breaches.push("16(1)"),
        _ => {}
    }
    breaches.sort();
    breaches.dedup();
    // Item 11: a procedural finding as the register prints it, without its limb.
    if eir && f.more.cross_ref {
        let bare = if breaches.iter().any(|b| b.starts_with("14(3)")) {
            Some("14(3)")
        } else if breaches.iter().any(|b| b.starts_with("5(")) {
            Some("5")
        } else {
            None
        };
        if let Some(b) = bare {
            findings.push(table(&[
                ("provision", Value::String(b.into())),
                ("outcome", Value::String("upheld".into())),
            ]));
        }
    }
    if !findings.is_empty() {
        decision.insert("findings".into(), Value::Array(findings));
    }
    decision.insert(
        "breaches".into(),
        Value::Array(
            breaches
                .iter()
                .map(|b| Value::String(b.to_string()))
                .collect(),
        ),
    );
    let steps = if f.upheld { f.steps.max(1) } else { 0 };
    decision.insert(
        "steps".into(),
        Value::Array(
            (0..steps)
                .map(|i| {
                    let why = if f.more.cross_ref {
                        ", for the reasons at paragraph [§analysis]"
                    } else {
                        ""
                    };
                    Value::String(format!("Take step number {}{why}.", i + 1))
                })
                .collect(),
        ),
    );
    case.insert("decision".into(), Value::Table(decision));
    case
}

/// A joined case's own reference, in the form of the notice's (`IC-…` or `FS…`).
fn joined_reference(case: &Table, i: usize) -> String {
    let own = case["reference"].as_str().unwrap_or_default();
    if own.starts_with("IC-") {
        format!("IC-90000{i}-J{i}K{i}")
    } else {
        format!("FS5090000{i}")
    }
}

/// Counts a property exercised, printed with `TRUTH_COVER=1` (to see that the
/// generator reaches each): always true, so it can stand inside an assertion.
fn cover(what: &str) -> bool {
    if std::env::var_os("TRUTH_COVER").is_some() {
        eprintln!("COVER {what}");
    }
    true
}

fn e_is_cost(exemption: Option<&str>) -> bool {
    exemption.is_some_and(|e| e.starts_with("12("))
}

proptest! {
    // 300 notices built; facts the checks refuse are generated again, and more than
    // 600 of those fail the test (the generator must mostly make valid cases).
    #![proptest_config(ProptestConfig {
        cases: 300,
        max_global_rejects: 600,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_notice_built_from_valid_facts_holds_to_them(f in facts()) {
        let case = case_of(&f);
        let text = toml::to_string(&case).unwrap();
        // Facts the checks refuse are not a notice; the property is about those they pass.
        let loaded = common::load_str("case.toml", &text);
        if let (Err(e), Ok(_)) = (&loaded, std::env::var("TRUTH_REJECTS")) {
            for d in e {
                eprintln!("REJECT {} {}", d.field, d.message);
            }
        }
        prop_assume!(loaded.is_ok());
        let loaded = loaded.unwrap();
        let templates = Templates::load(None).unwrap();
        match foinotice::notice::document(&loaded, &templates) {
            Ok(doc) => {
                let rendered = foinotice::render::text::render(&doc);
                if std::env::var_os("TRUTH_PRINT").is_some() {
                    eprintln!("=====CASE\n{text}\n=====NOTICE\n{rendered}");
                }
                let flat = rendered.split_whitespace().collect::<Vec<_>>().join(" ");
                // Sentences the check of the built notice does not cover, held here.
                // No clause left out leaves two spaces behind inside a numbered
                // paragraph (the header's labels are aligned with spaces).
                let numbered = |l: &&str| {
                    l.split_once(". ")
                        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                };
                prop_assert!(
                    !rendered.lines().filter(numbered).any(|l| l.trim().contains("  ")),
                    "{}",
                    rendered
                );
                // Nor in any other running text (the first format's Summary): only
                // the header's labels and quotations are set with spaces.
                let prose = |l: &&str| !l.starts_with(' ') && !l.contains(":  ");
                prop_assert!(
                    !rendered.lines().filter(prose).any(|l| l.trim().contains("  ")),
                    "{}",
                    rendered
                );
                // The notice's own sentences: verbatim quotations (indented) keep
                // what the requester typed, stray stops and all.
                let own = rendered
                    .lines()
                    .filter(|l| !l.starts_with(' '))
                    .flat_map(str::split_whitespace)
                    .collect::<Vec<_>>()
                    .join(" ");
                prop_assert!(!own.contains(" ."), "{}", own);
                // Issue 29: one full stop, the recipient once, events in date order,
                // a Decision sentence whatever the outcome.
                prop_assert!(!own.contains(".."), "{}", own);
                prop_assert!(!flat.contains("to the complainant to the complainant"), "{}", flat);
                if f.holding_reply && f.responded && f.response_after > 2 {
                    let ack = flat.find("acknowledged receipt of the request");
                    let resp = flat.find(" responded on ");
                    if let (Some(a), Some(r)) = (ack, resp) {
                        prop_assert!(a < r, "{}", flat);
                    }
                }
                if f.example != "decision-notice-2009.toml" {
                    prop_assert!(flat.contains("The Commissioner's decision is"), "{}", flat);
                }
                // A revised review is told; parts named by category are never the
                // whole request "in full"; an authority's provisions of the other
                // regime are never said to be of the notice's regime, nor the
                // Commissioner's said to be applied by the authority.
                if f.responded && f.more.revised {
                    prop_assert!(flat.contains("It revised its position."), "{}", flat);
                }
                if f.responded && f.more.labels && f.positions.len() > 1 {
                    // (A further request's own response may be answered in full.)
                    let first = flat.split("a further request").next().unwrap_or_default();
                    prop_assert!(!first.contains("in full"), "{}", flat);
                }
                // A provision found engaged is said to be engaged, the public interest
                // favouring disclosure, and never also not to have been relied on.
                if let Some(e) = case.get("decision").and_then(|d| d.get("engaged")).and_then(|e| e.as_str()) {
                    prop_assert!(flat.contains("is engaged, but that the public interest in maintaining"), "{}", flat);
                    let unit = if e.starts_with("12(") { "regulation" } else { "section" };
                    prop_assert!(!flat.contains(&format!("not entitled to rely on {unit} {e}")), "{}", flat);
                }
                // Item 7: each joined case's reference heads the notice, and each
                // joined request's own response is told.
                if f.more.joined && f.further > 0 {
                    cover("joined");
                    let header = rendered.lines().next().unwrap_or_default();
                    for i in 0..f.further {
                        let r = joined_reference(&case, i);
                        prop_assert!(header.contains(&r), "{}", rendered);
                    }
                    prop_assert!(
                        flat.matches(" responded on ").count() >= f.further,
                        "{}",
                        flat
                    );
                    // The joined requests were answered: only the first was not.
                    if !f.responded {
                        cover("joined, first unanswered");
                        for unsaid in ["respond to the requests", "response to the requests"] {
                            prop_assert!(!flat.contains(unsaid), "{}", flat);
                        }
                        prop_assert!(
                            flat.contains("to the first request") || f.first_format,
                            "{}",
                            flat
                        );
                    }
                    let last = joined_reference(&case, f.further - 1);
                    prop_assert!(
                        flat.contains(&format!(
                            "contacted the Commissioner about the request under reference {last}"
                        )),
                        "{}",
                        flat
                    );
                }
                // Item 11: a cross-reference prints the number of the paragraph named.
                prop_assert!(!flat.contains("[§") && !flat.contains("[#"), "{}", flat);
                if f.more.cross_ref && f.upheld && !f.more.partly {
                    let named = rendered
                        .lines()
                        .find_map(|l| {
                            let (n, rest) = l.split_once(". ")?;
                            rest.starts_with("The Commissioner has considered the submissions")
                                .then(|| n.trim().to_string())
                        });
                    if let Some(n) = named {
                        cover("cross-reference");
                        prop_assert!(
                            flat.contains(&format!("for the reasons at paragraph {n}")),
                            "{}",
                            rendered
                        );
                    }
                }
                // Item 4: a finding on section 16 is told as a duty met or a breach.
                let eir = f.example == "decision-notice-eir.toml";
                match (eir, f.more.section_16) {
                    (false, Some(false)) if !f.first_format => prop_assert!(
                        cover("section 16 met") &&
                        flat.contains("complied with its duty under section 16(1)"),
                        "{}",
                        flat
                    ),
                    (false, Some(true)) => prop_assert!(
                        cover("section 16 breached") &&
                        flat.contains("advice and assistance"),
                        "{}",
                        flat
                    ),
                    _ => {}
                }
                // Item 4: a finding that information is not held never says that of
                // information a provision withholds.
                let withheld = f.responded
                    && f.positions.iter().any(|p| {
                        let list = if eir { EIR_POSITIONS } else { POSITIONS };
                        let (position, e) = list[*p % list.len()];
                        matches!(position, "refused" | "ncnd")
                            && e.is_some_and(|e| {
                                if eir {
                                    e.starts_with("12(5)") || e.starts_with("13(") || e == "12(4)(e)"
                                } else {
                                    !e.starts_with("12(") && !e.starts_with("14(")
                                }
                            })
                    });
                if f.more.held.is_some() && withheld && !f.more.revised {
                    cover("held beside a withholding exemption");
                    prop_assert!(!flat.contains("does not hold the requested information"), "{}", flat);
                }
                // Part provided and part not held: what is not held is never "the
                // requested information".
                let list = if eir { EIR_POSITIONS } else { POSITIONS };
                let told: Vec<&str> = f.positions.iter().map(|p| list[*p % list.len()].0).collect();
                if f.responded
                    && !f.more.revised
                    && told.contains(&"provided")
                    && told.contains(&"not-held")
                    && told.iter().all(|p| matches!(*p, "provided" | "not-held"))
                {
                    cover("provided and not held");
                    prop_assert!(!flat.contains("not hold the requested information"), "{}", flat);
                }
                // Section 12 or 14 applied to one part, another answered: the request
                // was refused in part.
                let procedural_part = f.positions.iter().any(|p| {
                    let (position, e) = list[*p % list.len()];
                    position == "refused" && e.is_some_and(|e| ["12(1)", "14(1)", "12(4)(b)"].contains(&e))
                });
                if f.responded && !f.more.revised && told.contains(&"provided") && procedural_part {
                    cover("a part refused under section 12 or 14");
                    prop_assert!(!flat.contains("refused to comply with the request under"), "{}", flat);
                    prop_assert!(!flat.contains("to refuse the request."), "{}", flat);
                }
                // Joined requests answered in full were never refused.
                if f.responded && f.more.joined && f.further > 0 {
                    for unsaid in ["to refuse the requests", "withhold the information specified in the requests"] {
                        prop_assert!(!flat.contains(unsaid), "{}", flat);
                    }
                }
                // Item 12: the authority named as the Commissioner first named it; in
                // the first format, the Summary tells the investigation's events and
                // lets a single step stand in its sentence.
                if f.more.first_mention {
                    cover("first mention");
                    prop_assert!(flat.contains("(the named authority)"), "{}", flat);
                }
                if f.first_format {
                    let summary = flat
                        .split("The Commissioner's Role")
                        .next()
                        .unwrap_or_default();
                    if f.more.disclosed > 0 {
                        cover("first-format investigation");
                        prop_assert!(
                            summary.contains("During the Commissioner's investigation"),
                            "{}",
                            flat
                        );
                    }
                    if f.upheld && !f.more.partly && f.steps <= 1 {
                        cover("first-format single step");
                        prop_assert!(summary.contains("to take step number 1"), "{}", flat);
                    }
                }
                if f.example == "decision-notice-eir.toml" && f.more.foia_answer && f.responded {
                    prop_assert!(!flat.contains("43(2) of the EIR"), "{}", flat);
                    prop_assert!(!flat.contains("application of regulation 12(5)(e)"), "{}", flat);
                    prop_assert!(!flat.contains("entitled to rely on regulation 12(5)(e)"), "{}", flat);
                }
            }
            Err(foinotice::Error::Case(ds)) => {
                // The only refusals a generated case may meet are the checks' own
                // rules on the facts; the built notice never contradicts them.
                let untrue: Vec<_> = ds.iter().filter(|d| d.message.starts_with("the notice")).collect();
                prop_assert!(untrue.is_empty(), "{:?}\n{}", untrue, text);
            }
            Err(e) => prop_assert!(false, "{e}\n{text}"),
        }
    }
}

#[test]
fn a_name_that_takes_the_article_is_given_it_and_one_that_does_not_is_not() {
    let named = |name: &str, article: Option<bool>| {
        let mut case = no_response();
        let mut authority = vec![
            ("name", Value::String(name.into())),
            (
                "address",
                Value::Array(vec![Value::String("Town Hall".into())]),
            ),
        ];
        if let Some(a) = article {
            authority.push(("article", Value::Boolean(a)));
        }
        set(&mut case, "authority", Some(table(&authority)));
        text(&case)
    };
    let t = named("London Borough of Bromley", None);
    assert!(
        t.contains("decision is that the London Borough of Bromley has breached"),
        "{t}"
    );
    assert!(
        t.contains("The London Borough of Bromley did not respond"),
        "{t}"
    );
    assert!(!t.contains(". London Borough of Bromley"), "{t}");
    let t = named("Somerset County Council", None);
    assert!(
        t.contains("decision is that Somerset County Council has breached"),
        "{t}"
    );
    let t = named("Somerset County Council", Some(true));
    assert!(
        t.contains("the Somerset County Council has breached"),
        "{t}"
    );
    // A force's chief officer takes it (FS50652014), even where a short name is given.
    let t = named("Chief Constable of Northshire Police", None);
    assert!(
        t.contains("that the Chief Constable of Northshire Police has breached"),
        "{t}"
    );
    let t = named("Home Office", Some(false));
    assert!(t.contains("that Home Office has breached"), "{t}");
}

#[test]
fn requests_are_counted_in_the_decision_of_an_unanswered_case() {
    let mut case = no_response();
    let further = table(&[
        ("date", date("2024-03-05")),
        (
            "wording",
            Value::String("\"And how many cameras are in use?\"".into()),
        ),
    ]);
    set(
        &mut case,
        "further_requests",
        Some(Value::Array(vec![further])),
    );
    set(&mut case, "decision.steps", Some(Value::Array(vec![])));
    let t = text(&case);
    // The Decision speaks of both; "Request and response" tells each on its own.
    let decision = t
        .split("Request and response")
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(decision.contains("did not respond to the requests."), "{t}");
    assert!(
        decision.contains("a response to the requests within"),
        "{t}"
    );
    assert!(
        decision.contains("Issue a response to the requests under"),
        "{t}"
    );
    assert!(!decision.contains("the request."), "{t}");
    assert_eq!(
        t.matches("did not respond to the request.").count(),
        2,
        "{t}"
    );
}

#[test]
fn a_finding_or_a_refusal_breach_with_nothing_relied_on_is_refused_at_its_field() {
    // The authority never responded: it relied on nothing, and issued no refusal
    // notice whose content could fall short.
    let mut case = no_response();
    set(&mut case, "decision.outcome", s("partly-upheld"));
    let findings = vec![
        table(&[
            ("provision", Value::String("12(1)".into())),
            ("outcome", Value::String("not-upheld".into())),
        ]),
        table(&[
            ("provision", Value::String("31(1)(a)".into())),
            ("outcome", Value::String("upheld".into())),
        ]),
    ];
    set(&mut case, "decision.findings", Some(Value::Array(findings)));
    set(&mut case, "decision.breaches", list(&["10(1)", "17(7)"]));
    let ds = build(&case).expect_err("refused");
    let at = |field: &str, words: &str| {
        ds.iter()
            .any(|d| d.field == field && d.message.contains(words) && d.line > 0)
    };
    assert!(
        at(
            "decision.findings[0].provision",
            "nothing here relied on it"
        ),
        "{ds:?}"
    );
    assert!(
        at("decision.findings[1].provision", "section 31(1)(a)"),
        "{ds:?}"
    );
    assert!(
        at("decision.breaches[1]", "no response here refused anything"),
        "{ds:?}"
    );
    // A bare section beside its own subsection would tell one breach twice.
    let mut case = no_response();
    set(
        &mut case,
        "decision.breaches",
        list(&["10(1)", "1", "1(1)(a)"]),
    );
    let ds = build(&case).expect_err("refused");
    assert!(
        ds.iter()
            .any(|d| d.field == "decision.breaches[1]"
                && d.message.contains("beside its own 1(1)(a)")),
        "{ds:?}"
    );
    // A procedural finding as the register prints it is not a provision relied on.
    let mut case = no_response();
    let findings = vec![table(&[
        ("provision", Value::String("10".into())),
        ("outcome", Value::String("upheld".into())),
    ])];
    set(&mut case, "decision.findings", Some(Value::Array(findings)));
    assert!(build(&case).is_ok(), "{:?}", build(&case).err());
}
