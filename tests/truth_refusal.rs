//! Say only what is true, in refusal letters: a property test that generates refusal
//! notices (FOIA and EIR; requests from 2005 to 2026; numbered, unnumbered and whole
//! requests; every position; absolute and qualified exemptions, sections 12 and 14,
//! EIR exceptions; every built-in house style, with the style keys of issue 29 item
//! 10 laid over it) and holds each letter, and its published copy, to the facts
//! (`common::refusal_truth::violations`). The unit tests below break a good letter
//! and see each check refuse it, so that the property can fail.

mod common;

#[path = "truth_refusal/generator.rs"]
mod generator;

use common::refusal_truth::{in_force, violations, Expected};
use foinotice::notice::Copy;
use foinotice::templates::Templates;
use generator::{build, gen, s, Built, Gen};
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The case loaded (its style file written beside it, in a folder removed once the
/// case is read), or its diagnostics.
fn load(b: &Built) -> Result<foinotice::case::Case, String> {
    let dir = tempfile::tempdir().unwrap();
    let mut case = b.case.clone();
    if let Some(text) = &b.style_file {
        std::fs::write(dir.path().join("style.toml"), text).unwrap();
        case.insert("style".into(), s("style.toml"));
    }
    let text = toml::to_string(&case).unwrap();
    foinotice::case::parse(
        &dir.path().join("case.toml"),
        text,
        foinotice::case::Format::Toml,
    )
    .map_err(|ds| foinotice::Error::Case(ds).to_string())
}

/// The letter as text, its plain text, and the published copy's text.
fn letters(case: &foinotice::case::Case) -> Result<(String, String, String), String> {
    let templates = Templates::load(None).unwrap();
    let doc = foinotice::notice::document_copy(case, &templates, Copy::Letter)
        .map_err(|e| e.to_string())?;
    let published = foinotice::notice::document_copy(case, &templates, Copy::Published)
        .map_err(|e| e.to_string())?;
    Ok((
        foinotice::render::text::render(&doc),
        doc.plain_text(),
        foinotice::render::text::render(&published),
    ))
}

static BUILT: AtomicUsize = AtomicUsize::new(0);
static REFUSED_CASES: AtomicUsize = AtomicUsize::new(0);

proptest! {
    // 250 letters built, each in its letter and published copies; facts the checks
    // refuse are generated again, and more than 250 of those fail the test (the
    // generator must mostly make valid cases).
    #![proptest_config(ProptestConfig {
        cases: 250,
        max_global_rejects: 250,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_refusal_letter_built_from_valid_facts_holds_to_them(g in gen()) {
        let b = build(&g);
        let stale: Vec<&String> = b
            .citations
            .iter()
            .filter(|c| !in_force(b.expected.regime, c.trim_start_matches("section "), b.expected.request_date))
            .collect();
        let case = match load(&b) {
            Ok(case) => case,
            Err(e) => {
                // A citation not in the law on the request date must be refused: the
                // one refusal the property insists on. Others are facts the checks
                // rule out, generated again (and counted).
                prop_assert!(!e.contains("the notice"), "{e}");
                REFUSED_CASES.fetch_add(1, Ordering::Relaxed);
                prop_assume!(false);
                unreachable!()
            }
        };
        prop_assert!(stale.is_empty(), "{stale:?} are not the law on {}, but the case passed", b.expected.request_date);
        let (text, plain, published) = letters(&case).map_err(TestCaseError::fail)?;
        BUILT.fetch_add(1, Ordering::Relaxed);
        let v = violations(&b.expected, &text, &plain, &published);
        prop_assert!(v.is_empty(), "{v:#?}\n{}\n--- letter\n{text}\n--- published\n{published}", toml::to_string(&b.case).unwrap());
    }
}

/// A survey for the one working on the letters (`cargo test --test truth_refusal --
/// --ignored survey --nocapture`): 1,000 generated letters, without shrinking, and
/// how many broke each property, with one example of each.
#[test]
#[ignore]
fn survey() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::default();
    let mut tally: std::collections::BTreeMap<String, (usize, String)> = Default::default();
    let (mut built, mut refused) = (0, 0);
    for _ in 0..1000 {
        let g = gen().new_tree(&mut runner).unwrap().current();
        let b = build(&g);
        let case = match load(&b) {
            Ok(case) => case,
            Err(e) => {
                refused += 1;
                let why: String = e
                    .lines()
                    .find(|l| l.contains("error"))
                    .unwrap_or("")
                    .chars()
                    .take(110)
                    .collect();
                tally
                    .entry(format!("refused: {why}"))
                    .or_insert((0, String::new()))
                    .0 += 1;
                continue;
            }
        };
        built += 1;
        let (text, plain, published) = letters(&case).unwrap();
        // FOINOTICE_SURVEY_SHOW=N prints the first N letters, to be read.
        let show: usize = std::env::var("FOINOTICE_SURVEY_SHOW")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if built <= show {
            println!("##### {g:?}\n{text}");
        }
        for v in violations(&b.expected, &text, &plain, &published) {
            let key: String = v.chars().take(50).collect();
            let e = tally.entry(key).or_insert((0, String::new()));
            e.0 += 1;
            if e.1.is_empty() {
                e.1 = format!(
                    "{v}\n{}\n{g:?}\n--- letter\n{text}\n--- published\n{published}",
                    toml::to_string(&b.case).unwrap()
                );
            }
        }
    }
    println!("built {built}, refused {refused}");
    for (k, (n, ex)) in &tally {
        println!("=== {n} × {k}\n{ex}\n");
    }
}

/// Most generated cases are valid: the checks refuse only those citing a provision
/// not in force on the request date (about one in a hundred), so the property is
/// tested on letters, not on refusals.
#[test]
fn most_generated_cases_are_valid() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut refused = Vec::new();
    for _ in 0..300 {
        let g = gen().new_tree(&mut runner).unwrap().current();
        if let Err(e) = load(&build(&g)) {
            refused.push(e);
        }
    }
    assert!(
        refused.len() < 15,
        "{} of 300 refused: {refused:#?}",
        refused.len()
    );
    for e in &refused {
        assert!(e.contains("is the law only"), "{e}");
    }
}

/// A good letter (FOIA, 2015, numeric dates, the reference once, a part answered,
/// one neither confirmed nor denied, one refused under section 12 and one under an
/// absolute exemption), its texts, and the facts.
fn good() -> (Expected, String, String, String) {
    let g = Gen {
        eir: false,
        year: 2015,
        day: 40,
        after: 10,
        form: 0,
        parts: vec![(0, 0, 1), (6, 4, 1), (9, 1, 0), (4, 22, 1)],
        two_questions: false,
        style: 0,
        overlay: Some((0, 1, false, false, false, true, 3)),
        requester: 1,
        extras: (false, false, false, false, false),
    };
    let b = build(&g);
    let case = load(&b).unwrap();
    let (text, plain, published) = letters(&case).unwrap();
    let v = violations(&b.expected, &text, &plain, &published);
    assert!(v.is_empty(), "{v:#?}\n{text}");
    assert!(text.contains("41(1)") && text.contains("31(3)"), "{text}");
    (b.expected, text, plain, published)
}

#[test]
fn each_property_fails_on_a_letter_broken_to_break_it() {
    let (e, text, plain, published) = good();
    let request = common::refusal_truth::written(e.request_date, "numeric");
    let long = common::refusal_truth::written(e.request_date, "long");
    let cases: Vec<(&str, u8, String)> = vec![
        // (what breaks, which text: 0 letter, 1 plain, 2 published, the broken text)
        ("called an exemption", 1, format!("{plain}\nSection 12(1) is an exemption under the Act.")),
        ("\"..\"", 1, plain.replacen(". ", ".. ", 1)),
        ("\" .\"", 0, text.replacen(". ", " . ", 1)),
        ("\"  \"", 1, plain.replacen("The council ", "The council  ", 1)),
        ("names the requester", 2, format!("{published}\nMs Quentin Zedwardson")),
        ("long form", 0, text.replace(&request, &long)),
        ("public interest test for absolute", 1, format!("{plain}\nWe have considered the public interest in maintaining section 41(1).")),
        ("not the law", 1, format!("{plain}\nSection 40(5B)(a)(i) applies.")),
        ("not told as Ncnd", 0, text.replace("neither confirm nor deny", "not say")),
        ("reference 2 times", 0, format!("{text}\n{}", e.reference)),
        ("provisions with", 1, format!("{plain}\nSection 31(1)(a) and section 43(2) is a qualified exemption.")),
        ("before a list", 1, format!("{plain}\nIn answer to question 1 and 2.")),
        ("one provision listed after", 1, format!("{plain}\nIt is exempt by virtue of the following exemptions:\nSection 43(2)\nThe end.")),
        ("not held, but no part is", 0, format!("{text}\nThe council holds no information about it.")),
        ("has a greeting", 2, format!("Dear Sir or Madam\n{published}")),
        ("not a date of the case", 0, format!("{text}\nWritten on 01/01/2016.")),
        ("\"comply with your request,\"", 0, format!("{text}\nThe council is not obliged to comply with your request, by virtue of section 12.")),
    ];
    for (what, which, broken) in cases {
        let (t, p, pub_) = match which {
            0 => (broken.as_str(), plain.as_str(), published.as_str()),
            1 => (text.as_str(), broken.as_str(), published.as_str()),
            _ => (text.as_str(), plain.as_str(), broken.as_str()),
        };
        let v = violations(&e, t, p, pub_);
        assert!(
            v.iter().any(|m| m.contains(what)),
            "breaking \"{what}\" went unnoticed: {v:#?}"
        );
    }
}

#[test]
fn citations_are_read_as_the_house_styles_write_them() {
    let read = |t: &str| -> Vec<String> {
        common::refusal_truth::cited(t)
            .into_iter()
            .map(|(r, n)| format!("{}:{n}", r.name()))
            .collect()
    };
    assert_eq!(
        read("Section 27(1)(a)-(c) - International Relations"),
        ["FOIA:27(1)(a)", "FOIA:27(1)(b)", "FOIA:27(1)(c)"]
    );
    assert_eq!(
        read("Section 30(1)(a)(b) - Investigations"),
        ["FOIA:30(1)(a)", "FOIA:30(1)(b)"]
    );
    assert_eq!(
        read("by virtue of Section 40 (5B) (a) (i) Personal"),
        ["FOIA:40(5B)(a)(i)"]
    );
    assert_eq!(read("(Regulation 12(4)(b)) Manifestly"), ["EIR:12(4)(b)"]);
    assert_eq!(
        read("S31(3) Law Enforcement and s43(2)"),
        ["FOIA:31(3)", "FOIA:43(2)"]
    );
    assert_eq!(
        read("Section 36(2)(b)(i) (prejudice)"),
        ["FOIA:36(2)(b)(i)"]
    );
    // The procedure's sections are not exemptions, and a title is not a subsection.
    assert!(read("section 17 of the Act and section 50, regulation 12(2)").is_empty());
    assert_eq!(read("Section 22A (research)"), ["FOIA:22A"]);
}
