//! The generator of refusal-notice case files for `tests/truth_refusal.rs`: the facts
//! varied, the case file written from them, and what its letter must say.

use crate::common::refusal_truth::{absolute, Expected, Told};
use chrono::{Duration, NaiveDate};
use foinotice::statute::Regime;
use proptest::prelude::*;
use toml::{Table, Value};

/// Exemptions a part may be refused under (FOIA), absolute and qualified; some are the
/// law only from a date (22A, 37(1)(aa)), so that a letter citing them earlier must be
/// refused by `check`.
const REFUSED: &[&str] = &[
    "21(1)",
    "22(1)",
    "22A(1)",
    "23(1)",
    "24(1)",
    "26(1)(a)",
    "27(1)(a)",
    "27(1)(b)",
    "27(1)(c)",
    "30(1)(a)",
    "30(1)(b)",
    "31(1)(a)",
    "31(1)(b)",
    "32(1)(a)",
    "32(2)",
    "35(1)(a)",
    "36(2)(b)(i)",
    "37(1)(a)",
    "37(1)(aa)",
    "37(1)(b)",
    "38(1)(a)",
    "40(2)",
    "41(1)",
    "42(1)",
    "43(1)",
    "43(2)",
    "44(1)(a)",
];
const NCND: &[&str] = &[
    "23(5)", "24(2)", "27(4)", "30(3)", "31(3)", "32(3)", "41(2)", "43(3)", "44(2)", "40(5)",
    "12(2)",
];
const REDACT: &[&str] = &["40(2)", "41(1)", "43(2)", "31(1)(a)", "38(1)(a)"];
const EIR_REFUSED: &[&str] = &[
    "12(4)(b)", "12(4)(c)", "12(4)(d)", "12(4)(e)", "12(5)(a)", "12(5)(b)", "12(5)(c)", "12(5)(d)",
    "12(5)(e)", "12(5)(f)", "12(5)(g)", "13(1)",
];
const EIR_NCND: &[&str] = &["12(6)", "13(5)"];
const EIR_REDACT: &[&str] = &["13(1)", "12(5)(e)", "12(5)(f)"];
const ELSEWHERE_AUTHORITIES: &[&str] = &[
    "Northshire Police",
    "Northtown District Council",
    "the Environment Agency",
    "Southshire County Council",
];
const NAME: &str = "Ms Quentin Zedwardson";
const REFERENCE: &str = "FOI-REF-7731";

#[derive(Debug, Clone)]
pub struct Gen {
    pub eir: bool,
    pub year: i32,
    pub day: i64,
    pub after: i64,
    /// 0 numbered, 1 unnumbered (`request.questions`), 2 the whole request, 3 parts
    /// named by label alone.
    pub form: u8,
    pub parts: Vec<(u8, u8, u8)>,
    pub two_questions: bool,
    pub style: usize,
    /// (citations, date_format, published_as_letter, published_salutation,
    /// reference_footer, request_received, layout)
    pub overlay: Option<(u8, u8, bool, bool, bool, bool, u8)>,
    pub requester: u8,
    pub extras: (bool, bool, bool, bool, bool),
}

pub fn gen() -> impl Strategy<Value = Gen> {
    (
        prop_oneof![3 => Just(false), 1 => Just(true)],
        2005i32..=2026,
        0i64..330,
        3i64..50,
        prop_oneof![4 => Just(0u8), 2 => Just(1u8), 2 => Just(2u8), 1 => Just(3u8)],
        proptest::collection::vec((0u8..12, any::<u8>(), any::<u8>()), 1..=4),
        any::<bool>(),
        0usize..foinotice::style::BUILTIN.len(),
        proptest::option::weighted(
            0.6,
            (
                0u8..3,
                0u8..4,
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
                0u8..4,
            ),
        ),
        0u8..3,
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                eir,
                year,
                day,
                after,
                form,
                parts,
                two_questions,
                style,
                overlay,
                requester,
                extras,
            )| {
                Gen {
                    eir,
                    year,
                    day,
                    after,
                    form,
                    parts,
                    two_questions,
                    style,
                    overlay,
                    requester,
                    extras,
                }
            },
        )
}

pub fn s(text: &str) -> Value {
    Value::String(text.to_string())
}

fn d(date: NaiveDate) -> Value {
    Value::Datetime(date.to_string().parse().unwrap())
}

fn strings(items: &[String]) -> Value {
    Value::Array(items.iter().map(|i| s(i)).collect())
}

/// A case file, the facts its letter must tell, and the citations it makes.
pub struct Built {
    pub case: Table,
    pub expected: Expected,
    pub citations: Vec<String>,
    pub style_file: Option<String>,
}

fn pick<'a>(list: &[&'a str], n: u8) -> &'a str {
    list[n as usize % list.len()]
}

pub fn build(g: &Gen) -> Built {
    let regime = if g.eir { Regime::Eir } else { Regime::Foia };
    let request = NaiveDate::from_ymd_opt(g.year, 1, 4).unwrap() + Duration::days(g.day);
    let gdpr = request >= NaiveDate::from_ymd_opt(2018, 5, 25).unwrap();
    let (harm, pi_anyway, guidance, review, signatory) = g.extras;
    let review = review && g.after >= 20;
    let letter = request + Duration::days(g.after);
    let parts: &[(u8, u8, u8)] = if g.form == 2 { &g.parts[..1] } else { &g.parts };
    let mut told = Vec::new();
    let mut citations: Vec<String> = Vec::new();
    let mut positions = Vec::new();
    let mut numbers: Vec<Vec<i64>> = Vec::new();
    let mut next = 1i64;
    for (i, _) in parts.iter().enumerate() {
        let mut q = vec![next];
        next += 1;
        if g.two_questions && i + 1 == parts.len() {
            q.push(next);
            next += 1;
        }
        numbers.push(q);
    }
    let mut procedural = (false, false);
    for (i, &(kind, a, b)) in parts.iter().enumerate() {
        let mut t = Table::new();
        let mut cite = |t: &mut Table, list: Vec<String>| {
            citations.extend(list.iter().cloned());
            if list.len() == 1 {
                t.insert("exemption".into(), s(&list[0]));
            } else {
                t.insert("exemption".into(), strings(&list));
            }
        };
        let answer = format!("The figure for part {} is {}.", i + 1, 100 + i);
        let redacted = format!("the names of junior staff in part {}", i + 1);
        let elsewhere = format!(
            "the figures are published at <https://www.example.gov.uk/figures/{}>.",
            i + 1
        );
        let elsewhere = elsewhere.as_str();
        let other = ELSEWHERE_AUTHORITIES[i % ELSEWHERE_AUTHORITIES.len()];
        let ncnd40 = |wrong: bool| {
            if gdpr != wrong {
                "40(5B)(a)(i)"
            } else {
                "40(5)(b)(i)"
            }
        };
        let ncnd13 = |wrong: bool| if gdpr != wrong { "13(5A)" } else { "13(5)(a)" };
        let wrong = b % 8 == 0;
        match (kind, g.eir) {
            (0, _) | (2, true) => {
                t.insert("position".into(), s("provided"));
                t.insert("answer".into(), s(&answer));
                told.push(Told::Answered(answer));
            }
            (1, _) => {
                t.insert("position".into(), s("provided"));
                t.insert("answer".into(), s(&answer));
                t.insert("redacted".into(), s(&redacted));
                let e = pick(if g.eir { EIR_REDACT } else { REDACT }, a);
                cite(&mut t, vec![e.to_string()]);
                told.push(Told::Answered(answer));
                told.push(Told::Redacted(redacted));
            }
            (2, false) => {
                t.insert("position".into(), s("provided"));
                t.insert("answer".into(), s(&answer));
                t.insert("elsewhere".into(), s(elsewhere));
                cite(&mut t, vec!["21".to_string()]);
                told.push(Told::Answered(answer));
            }
            (3, _) => {
                t.insert("position".into(), s("not-held"));
                told.push(Told::NotHeld);
                match a % 4 {
                    1 => {
                        t.insert("redirect".into(), s(other));
                        told.push(Told::Transferred(other.into()));
                    }
                    2 => {
                        t.insert("transfer".into(), s(other));
                        told.push(Told::Transferred(other.into()));
                    }
                    3 if g.eir => cite(&mut t, vec!["12(4)(a)".to_string()]),
                    _ => {}
                }
            }
            (4 | 5, _) => {
                t.insert("position".into(), s("refused"));
                let list = if g.eir { EIR_REFUSED } else { REFUSED };
                let mut cs = vec![pick(list, a).to_string()];
                if kind == 5 {
                    let second = pick(list, b).to_string();
                    if !cs.contains(&second) {
                        cs.push(second);
                    }
                }
                if cs.iter().any(|c| c.starts_with("21")) {
                    t.insert("elsewhere".into(), s(elsewhere));
                }
                if cs.iter().any(|c| c.starts_with("22(")) {
                    t.insert(
                        "publication".into(),
                        s("it will be published in the annual report next March."),
                    );
                }
                cite(&mut t, cs);
                told.push(Told::Withheld);
            }
            (6, _) => {
                t.insert("position".into(), s("ncnd"));
                let e = match (g.eir, pick(if g.eir { EIR_NCND } else { NCND }, a)) {
                    (false, "40(5)") => ncnd40(wrong),
                    (true, "13(5)") => ncnd13(wrong),
                    (_, e) => e,
                };
                cite(&mut t, vec![e.to_string()]);
                if e == "12(2)" {
                    // Section 12(2): confirming or denying alone would exceed the limit.
                    let mut est = Table::new();
                    est.insert("hours".into(), Value::Integer(25));
                    t.insert("estimate".into(), Value::Table(est));
                    procedural.0 = true;
                }
                told.push(Told::Ncnd);
            }
            (7 | 8, _) => {
                t.insert("position".into(), s("transferred"));
                t.insert(
                    if kind == 7 { "transfer" } else { "redirect" }.into(),
                    s(other),
                );
                told.push(Told::Transferred(other.into()));
            }
            (9, false) => {
                t.insert("position".into(), s("refused"));
                cite(
                    &mut t,
                    vec![pick(&["12", "12(1)", "section 12"], a).to_string()],
                );
                let mut est = Table::new();
                match b % 3 {
                    0 => {
                        est.insert("hours".into(), Value::Integer(30 + i as i64));
                    }
                    1 => {
                        let step = |what: &str, h: i64| {
                            let mut s1 = Table::new();
                            s1.insert("activity".into(), s(what));
                            s1.insert("hours".into(), Value::Integer(h));
                            Value::Table(s1)
                        };
                        est.insert(
                            "breakdown".into(),
                            Value::Array(vec![
                                step("locating the files", 12),
                                step("extracting the figures", 9),
                            ]),
                        );
                    }
                    _ => {
                        est.insert("activities".into(), s("locating and reviewing every file"));
                    }
                }
                t.insert("estimate".into(), Value::Table(est));
                told.push(Told::Cost);
                procedural.0 = true;
            }
            (10 | 11, false) => {
                t.insert("position".into(), s("refused"));
                let e = if kind == 10 { "14(1)" } else { "14(2)" };
                cite(&mut t, vec![e.to_string()]);
                told.push(if kind == 10 {
                    Told::Vexatious
                } else {
                    Told::Repeated
                });
                procedural.1 = true;
            }
            // Under the EIR: a manifestly unreasonable request (12(4)(b)), one too
            // general (12(4)(c)), internal communications (12(4)(e)).
            (_, true) => {
                t.insert("position".into(), s("refused"));
                cite(
                    &mut t,
                    vec![pick(&["12(4)(b)", "12(4)(c)", "12(4)(e)"], kind).to_string()],
                );
                told.push(Told::Withheld);
            }
            _ => unreachable!(),
        }
        match g.form {
            0 => {
                t.insert(
                    "questions".into(),
                    Value::Array(numbers[i].iter().map(|n| Value::Integer(*n)).collect()),
                );
            }
            1 => {
                t.insert(
                    "questions".into(),
                    Value::Array(numbers[i].iter().map(|n| Value::Integer(*n)).collect()),
                );
                t.insert(
                    "label".into(),
                    s(&format!("the figures for topic {}", i + 1)),
                );
            }
            3 => {
                t.insert(
                    "label".into(),
                    s(&format!("the figures for topic {}", i + 1)),
                );
            }
            _ => {}
        }
        positions.push(Value::Table(t));
    }
    let count = next - 1;
    let wording = match g.form {
        0 => {
            let mut w = String::from("Please send me:\n");
            for q in 1..=count {
                w.push_str(&format!("\n{q}. The figures for topic {q}.\n"));
            }
            w
        }
        2 => "Please send me the figures for the topic.\n".to_string(),
        _ => {
            let items: Vec<String> = (1..=count)
                .map(|q| format!("the figures for topic {q}"))
                .collect();
            format!("Please send me {}.\n", items.join(" and "))
        }
    };
    let mut case = Table::new();
    case.insert("kind".into(), s("refusal-notice"));
    case.insert("regime".into(), s(regime.name()));
    case.insert("reference".into(), s(REFERENCE));
    case.insert("title".into(), s("Figures for the topics"));
    case.insert("date".into(), d(letter));
    let mut req = Table::new();
    req.insert("date".into(), d(request));
    req.insert("wording".into(), s(&wording));
    if g.form == 1 {
        req.insert("questions".into(), Value::Integer(count));
    }
    case.insert("request".into(), Value::Table(req));
    let mut authority = Table::new();
    authority.insert("name".into(), s("Northshire County Council"));
    authority.insert("short".into(), s("the council"));
    authority.insert(
        "address".into(),
        strings(&["County Hall".into(), "Northtown".into()]),
    );
    case.insert("authority".into(), Value::Table(authority));
    if g.requester > 0 {
        let mut r = Table::new();
        r.insert("name".into(), s(NAME));
        r.insert("address".into(), strings(&["q.z@example.org".into()]));
        if g.requester == 2 {
            r.insert("salutation".into(), s("Dear Ms Zedwardson"));
        }
        case.insert("requester".into(), Value::Table(r));
    }
    case.insert("positions".into(), Value::Array(positions));
    // The oracle's view of the exemptions relied on.
    let not_held_only: Vec<&str> = vec!["12(4)(a)"];
    let norm = |c: &str| c.trim_start_matches("section ").to_string();
    let exemptions: Vec<String> = citations
        .iter()
        .map(|c| norm(c))
        .filter(|c| g.eir || !(c.starts_with("12") || c.starts_with("14")))
        .collect();
    let qualified = exemptions
        .iter()
        .any(|c| !absolute(regime, c, request) && !not_held_only.contains(&c.as_str()));
    let absolutes: Vec<String> = exemptions
        .iter()
        .filter(|c| absolute(regime, c, request))
        .cloned()
        .collect();
    let maybe_qualified = qualified || exemptions.iter().any(|c| c.starts_with("37"));
    if maybe_qualified || pi_anyway {
        let mut pi = Table::new();
        pi.insert(
            "favouring".into(),
            s("Openness about the figures would inform public debate."),
        );
        pi.insert(
            "against".into(),
            s("Disclosure would prejudice the interests concerned."),
        );
        pi.insert(
            "balance".into(),
            s("The balance favours withholding the information."),
        );
        case.insert("public_interest".into(), Value::Table(pi));
    }
    if harm {
        case.insert(
            "harm".into(),
            s("Disclosure would cause real harm to those concerned."),
        );
    }
    if guidance {
        case.insert("guidance".into(), s("https://www.example.gov.uk/guidance"));
    }
    if procedural.0 || procedural.1 {
        case.insert(
            "reasons".into(),
            s("The work involved was weighed with care."),
        );
    }
    if procedural.0 {
        case.insert(
            "advice".into(),
            s("You may wish to narrow your request to one year."),
        );
    }
    let mut other_dates = Vec::new();
    if review {
        let (responded, requested) = (request + Duration::days(10), request + Duration::days(15));
        other_dates.extend([responded, requested]);
        let mut r = Table::new();
        r.insert("responded".into(), d(responded));
        r.insert("requested".into(), d(requested));
        r.insert(
            "outcome".into(),
            s(if g.day % 2 == 0 { "upheld" } else { "revised" }),
        );
        case.insert("review".into(), Value::Table(r));
    }
    let mut rights = Table::new();
    rights.insert(
        "review_contact".into(),
        strings(&["Information Governance".into(), "County Hall".into()]),
    );
    case.insert("rights".into(), Value::Table(rights));
    let mut sig = Table::new();
    sig.insert("role".into(), s("Information Governance Officer"));
    if signatory {
        sig.insert("name".into(), s("J Officer"));
    }
    case.insert("signatory".into(), Value::Table(sig));
    // The house style: a built-in one, or one laid over it with the item 10 keys.
    let (base, _) = foinotice::style::BUILTIN[g.style];
    let mut date_format = "long".to_string();
    let mut reference_once = false;
    let mut greeting = false;
    let mut received = false;
    let style_file = g.overlay.map(|(cit, form, as_letter, salutation, footer, rec, layout)| {
        date_format = ["long", "numeric", "ordinal", "padded"][form as usize].to_string();
        reference_once = !footer;
        greeting = as_letter && salutation;
        received = rec;
        format!(
            "base = \"{base}\"\n[letter]\ncitations = \"{}\"\ndate_format = \"{date_format}\"\npublished_as_letter = {as_letter}\npublished_salutation = {salutation}\nreference_footer = {footer}\n{}{}",
            ["each", "joined", "ranges"][cit as usize],
            if rec { "request_received = \"Received\"\n" } else { "" },
            // The base's own layout (3), or one of the three.
            match layout {
                0 => "layout = \"grouped\"\n",
                1 => "layout = \"by-question\"\n",
                2 => "layout = \"repeated\"\n",
                _ => "",
            },
        )
    });
    if style_file.is_none() {
        case.insert("style".into(), s(base));
    }
    // The request date is printed by a "Received" line (except where the West Midlands
    // style's later versions take theirs away, or the Cardiff style prints no detail
    // lines), or by the standard opening's thanks.
    let request_date_printed = (received
        && !["west-midlands-police", "cardiff-and-vale-uhb"].contains(&base))
        || (base == "standard" && !review);
    let expected = Expected {
        regime,
        request_date: request,
        letter_date: letter,
        other_dates,
        date_format,
        request_date_printed,
        told,
        qualified,
        exemptions: exemptions
            .iter()
            .any(|c| !not_held_only.contains(&c.as_str())),
        parts: parts.len(),
        absolute: absolutes,
        reference: REFERENCE.to_string(),
        reference_once,
        requester: (g.requester > 0).then(|| NAME.to_string()),
        published_greeting: greeting,
    };
    Built {
        case,
        expected,
        citations,
        style_file,
    }
}
