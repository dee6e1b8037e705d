//! Real case histories told truly (issue 29): each case file under `tests/cases/`
//! passes the checks and its notice says what happened, in order, in the words the
//! facts allow: events in date order with the response and the review, full stops
//! added only where missing, a "not held" finding the authority never gave, a
//! complaint about handling alone, the Commissioner's formula completed by the
//! caseworker's finding, a position revised at internal review, parts named by
//! category, an exemption engaged where the public interest favours disclosure, and an
//! EIR request answered under the FOIA.

mod common;

use foinotice::templates::Templates;

/// The case file's notice as one line of text, after every check (`check`'s rules and
/// the notice read back against the facts) has passed.
fn notice(name: &str) -> String {
    let path = common::root().join("tests/cases").join(name);
    let source = std::fs::read_to_string(&path).unwrap();
    let case = common::load_str(name, &source)
        .unwrap_or_else(|ds| panic!("{name} refused: {}", foinotice::Error::Case(ds)));
    let templates = Templates::load(None).unwrap();
    let doc = foinotice::notice::document(&case, &templates)
        .unwrap_or_else(|e| panic!("{name} not built: {e}"));
    let text = foinotice::render::text::render(&doc);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn before(t: &str, first: &str, then: &str) {
    let a = t.find(first).unwrap_or_else(|| panic!("no “{first}”: {t}"));
    let b = t.find(then).unwrap_or_else(|| panic!("no “{then}”: {t}"));
    assert!(a < b, "“{first}” should come before “{then}”: {t}");
}

#[test]
fn events_are_told_in_date_order_with_the_response_and_the_review() {
    let t = notice("events-in-order.toml");
    // The acknowledgement (20 February) before the response (19 March); the letter
    // chasing it (23 March) before the review; the disclosure of 27 April after it.
    before(
        &t,
        "acknowledged receipt of the request on 20 February 2026",
        "responded on 19 March 2026",
    );
    before(&t, "responded on 19 March 2026", "again on 23 March 2026");
    before(
        &t,
        "again on 23 March 2026",
        "On 30 March 2026, the complainant asked",
    );
    before(
        &t,
        "24 April 2026",
        "On 27 April 2026, the council disclosed",
    );
}

#[test]
fn the_response_and_review_words_end_with_one_full_stop() {
    let t = notice("events-in-order.toml");
    assert!(
        t.contains(
            "It explained that the pricing schedule was commercially sensitive. It provided"
        ),
        "{t}"
    );
    assert!(
        t.contains("explained its reasons more fully. 9. On 27 April"),
        "{t}"
    );
    assert!(t.contains("had been withheld. "), "{t}");
    // Words that end their own sentence keep their one full stop.
    assert!(t.contains("within 20 working days. 6."), "{t}");
    assert!(!t.contains(".."), "{t}");
}

#[test]
fn a_disclosure_says_to_whom_once() {
    let t = notice("events-in-order.toml");
    // The text says to whom: nothing is added.
    assert!(
        t.contains("disclosed a copy of the contract's specification to the complainant."),
        "{t}"
    );
    assert!(!t.contains("to the complainant to the complainant"), "{t}");
    // The text does not: the complainant, as the Commissioner's notices say.
    assert!(
        t.contains("disclosed the contract's start and end dates to the complainant."),
        "{t}"
    );
    // `to` says to whom, in the case file's words.
    assert!(
        t.contains("disclosed the total value of the contract to the complainant, and published it on its website."),
        "{t}"
    );
}

/// The case file's notice with `change` made to its facts first: the text, or the
/// diagnostics that refused it.
fn varied(name: &str, change: impl FnOnce(&mut toml::Table)) -> Result<String, String> {
    let path = common::root().join("tests/cases").join(name);
    let mut case: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
    change(&mut case);
    let source = toml::to_string(&case).unwrap();
    let loaded =
        common::load_str(name, &source).map_err(|ds| foinotice::Error::Case(ds).to_string())?;
    let templates = Templates::load(None).unwrap();
    let doc = foinotice::notice::document(&loaded, &templates).map_err(|e| e.to_string())?;
    let text = foinotice::render::text::render(&doc);
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn set(case: &mut toml::Table, path: &str, value: Option<toml::Value>) {
    common::variant::set(case, path, value)
}

#[test]
fn the_caseworkers_finding_completes_the_commissioners_formula() {
    let t = notice("finding-completes-formula.toml");
    assert!(
        t.contains("2. The Commissioner's decision is that the council was entitled to withhold the unit rates under section 43(2), but not the contract's total value. 3."),
        "{t}"
    );
    // A finding written whole, as existing case files do, is kept whole.
    let whole = varied("finding-completes-formula.toml", |c| {
        set(c, "decision.finding", common::variant::s("The Commissioner's decision is that the council was entitled to withhold the unit rates, but not the total."))
    })
    .unwrap();
    assert!(
        whole.contains("2. The Commissioner's decision is that the council was entitled to withhold the unit rates, but not the total. 3."),
        "{whole}"
    );
    assert_eq!(
        whole.matches("The Commissioner's decision is").count(),
        1,
        "{whole}"
    );
    // So is one that opens with another of the Commissioner's formulas.
    let decided = varied("finding-completes-formula.toml", |c| {
        set(c, "decision.finding", common::variant::s("The Commissioner has decided that the council was entitled to withhold the unit rates"))
    })
    .unwrap();
    assert!(
        decided.contains("2. The Commissioner has decided that the council was entitled to withhold the unit rates. 3."),
        "{decided}"
    );
}

#[test]
fn a_partly_upheld_complaint_is_told_its_decision_from_the_findings() {
    let t = notice("finding-from-findings.toml");
    assert!(
        t.contains("2. The Commissioner's decision is that the council was entitled to rely on section 43(2), but was not entitled to rely on section 41(1). 3."),
        "{t}"
    );
    // With neither a finding nor findings about a provision relied on, there is no
    // sentence to tell: refused.
    let none = varied("finding-from-findings.toml", |c| {
        set(c, "decision.findings", None)
    });
    assert!(
        none.as_ref()
            .is_err_and(|e| e.contains("partly upheld complaint needs the finding")),
        "{none:?}"
    );
    // A finding of the first format (before April 2011) is printed as written, so it
    // must be whole.
    let first = varied("finding-completes-formula.toml", |c| {
        set(c, "date", common::variant::date("2009-10-15"));
        for key in ["request", "response", "review", "complaint"] {
            let t = c.get_mut(key).unwrap().as_table_mut().unwrap();
            for (field, day) in [("date", "2009-02-19"), ("requested", "2009-03-30")] {
                if t.contains_key(field) {
                    let day = match key {
                        "response" => "2009-03-19",
                        "review" if field == "date" => "2009-04-24",
                        "complaint" => "2009-05-05",
                        _ => day,
                    };
                    t.insert(field.into(), toml::Value::Datetime(day.parse().unwrap()));
                }
            }
        }
    });
    assert!(
        first
            .as_ref()
            .is_err_and(|e| e.contains("prints the finding as written")),
        "{first:?}"
    );
}

#[test]
fn information_not_held_that_the_authority_never_said_was_not_held() {
    let t = notice("not-held-never-said.toml");
    assert!(
        t.contains("The Commissioner's decision is that, on the balance of probabilities, the council does not hold the requested information."),
        "{t}"
    );
    assert!(
        t.contains("breached section 1(1)(a) of FOIA in that it failed to tell the complainant that it did not hold the information requested"),
        "{t}"
    );
    assert!(
        t.contains("The council did not tell the complainant that it did not hold the information, and so breached section 1(1)(a)."),
        "{t}"
    );
    assert!(
        t.contains("responded to the request, but did not tell the complainant that it did not hold the requested information."),
        "{t}"
    );
    for untrue in [
        "stated that it held no information",
        "said that it did not hold",
        "statutory time for compliance",
        "decision is that, on the balance of probabilities, the council holds",
    ] {
        assert!(!t.contains(untrue), "“{untrue}”: {t}");
    }
    // With no response at all, the same finding, and the non-response told as such.
    let silent = varied("not-held-never-said.toml", |c| {
        set(c, "response", None);
        set(
            c,
            "decision.breaches",
            common::variant::list(&["1(1)(a)", "10(1)"]),
        );
    })
    .unwrap();
    assert!(
        silent.contains("on the balance of probabilities, the council does not hold the requested information. The Commissioner also finds that the council breached section 1(1)(a) of FOIA in that it failed to tell the complainant that it did not hold the information requested and section 10(1) in that it has failed to provide a response"),
        "{silent}"
    );
    // The reason no steps are ordered holds without a response too: the standard step
    // to issue one is not ordered over it.
    assert!(
        silent.contains(
            "does not require the council to take any steps, as this notice tells the complainant"
        ),
        "{silent}"
    );
    assert!(!silent.contains("Issue a response"), "{silent}");
    // A finding that information is held answers a response that said it was not.
    let held = varied("not-held-never-said.toml", |c| {
        set(c, "decision.held", Some(toml::Value::Boolean(true)))
    });
    assert!(
        held.as_ref()
            .is_err_and(|e| e.contains("no response here said so")),
        "{held:?}"
    );
}

#[test]
fn a_complaint_about_handling_alone_needs_no_exemption() {
    let t = notice("handling-without-exemption.toml");
    assert!(
        t.contains("1. The complainant has requested information about the council's spending on agency staff. Northshire County Council responded to the request on 30 April 2026. 2. The Commissioner's decision is that the council has breached section 10(1) of FOIA in that it failed to respond to the request within the statutory time for compliance."),
        "{t}"
    );
    assert!(
        t.contains("The Commissioner has considered whether the council dealt with the request in accordance with FOIA."),
        "{t}"
    );
    assert!(!t.contains("entitled to rely on"), "{t}");
    assert!(!t.contains("application of"), "{t}");
    // With no breach and no finding either, the decision rests on nothing: refused.
    let nothing = varied("handling-without-exemption.toml", |c| {
        set(c, "decision.breaches", None);
        set(c, "decision.set_aside", Some(toml::Value::Array(vec![])));
    });
    assert!(
        nothing
            .as_ref()
            .is_err_and(|e| e.contains("the decision names no exemption")),
        "{nothing:?}"
    );
    // A follow-on adopts its lead's decision on an exemption: with none, refused.
    let follow_on = varied("handling-without-exemption.toml", |c| {
        let family: toml::Table = r#"
            role = "follow-on"
            lead = "IC-400000-A1B2"
            siblings = ["IC-400000-A1B2"]
            sent_to = "every county council"
            considered = "county councils"
        "#
        .parse()
        .unwrap();
        set(c, "family", Some(toml::Value::Table(family)));
        set(c, "reasons", None);
    });
    assert!(
        follow_on
            .as_ref()
            .is_err_and(|e| e.contains("adopts its lead's decision on an exemption")),
        "{follow_on:?}"
    );
}

#[test]
fn a_position_revised_at_review_is_the_position_decided() {
    let name = "position-revised-at-review.toml";
    let t = notice(name);
    // The narrative tells the response, then the review's revised position.
    before(
        &t,
        "It refused to comply with question 3 of the request under section 12(1)",
        "It revised its position. It refused to comply with the request under section 12(1) of FOIA.",
    );
    // The Decision, the scope and the register read the review's position: section
    // 12(1) for the whole request, and section 43(2) nowhere after the response.
    assert!(
        t.contains("Northshire County Council refused to comply with the request under section 12(1) of FOIA. 2. The Commissioner's decision is that the council has correctly applied section 12(1)."),
        "{t}"
    );
    let after_response = &t[t.find("It revised its position").unwrap()..];
    assert!(!after_response.contains("43(2)"), "{t}");
    assert!(
        !t[..t.find("Request and response").unwrap()].contains("question 3"),
        "{t}"
    );

    let source = std::fs::read_to_string(common::root().join("tests/cases").join(name)).unwrap();
    let case = common::load_str(name, &source).unwrap();
    let foinotice::facts::Notice::Decision(d) = &case.notice else {
        panic!("{name}")
    };
    assert_eq!(
        foinotice::register::entry(d).line,
        "FOI 12: Complaint not upheld"
    );

    // Without the review's parts, the response's position is the one decided (the
    // old reading), so the test can tell the two apart.
    let unrevised = varied(name, |c| {
        set(c, "review.parts", None);
        set(
            c,
            "review.reason",
            Some("It explained its estimate more fully".into()),
        );
    })
    .unwrap();
    let decision = &unrevised[..unrevised.find("Request and response").unwrap()];
    assert!(decision.contains("43(2)"), "{unrevised}");

    // A revised position on a review that upheld the response is refused, at its field.
    let upheld = varied(name, |c| set(c, "review.outcome", Some("upheld".into()))).unwrap_err();
    assert!(
        upheld.contains("review.parts") && upheld.contains("did not revise"),
        "{upheld}"
    );
}

#[test]
fn parts_named_by_category_are_told_as_what_each_was() {
    let name = "parts-by-category.toml";
    let t = notice(name);
    for expected in [
        "Southshire Police would neither confirm nor deny whether it holds information about any covert cameras, citing",
        "It provided the information about the sites of its overt cameras.",
        "It would neither confirm nor deny (\"NCND\") whether it held information about any covert cameras,",
        "It stated that it held no information about the cameras added in 2025.",
        "to NCND whether it holds information about any covert cameras.",
    ] {
        assert!(t.contains(expected), "{expected}\n{t}");
    }
    // Nothing says the whole request was answered, or refused.
    assert!(!t.contains("in full"), "{t}");
    assert!(
        !t.contains("whether it holds the requested information"),
        "{t}"
    );

    // With an absolute provision beside a qualified one, the public interest is said
    // of the qualified one alone.
    let mixed = varied(name, |c| {
        let both = toml::Value::Array(vec!["31(3)".into(), "23(5)".into()]);
        common::variant::set(c, "decision.exemption", Some(both.clone()));
        let parts = c["response"]["parts"].as_array_mut().unwrap();
        parts[1]
            .as_table_mut()
            .unwrap()
            .insert("exemption".into(), both);
    })
    .unwrap();
    assert!(
        mixed.contains(
            "with the public interest favouring maintaining the exemption at section 31(3)."
        ),
        "{mixed}"
    );
    assert!(!mixed.contains("maintaining those exemptions"), "{mixed}");
}

#[test]
fn an_exemption_engaged_where_the_public_interest_favours_disclosure() {
    let name = "finding-from-findings.toml";
    let engaged = |c: &mut toml::Table, provisions: &[&str], outcome: &str| {
        set(c, "decision.findings", None);
        set(c, "decision.outcome", Some(outcome.into()));
        set(c, "decision.exemption", Some("43(2)".into()));
        let list = provisions.iter().map(|p| toml::Value::from(*p)).collect();
        set(c, "decision.engaged", Some(toml::Value::Array(list)));
    };
    let t = varied(name, |c| engaged(c, &["43(2)"], "upheld")).unwrap();
    assert!(
        t.contains("2. The Commissioner's decision is that section 43(2) is engaged, but that the public interest in maintaining the exemption does not outweigh the public interest in disclosing the information."),
        "{t}"
    );
    assert!(!t.contains("was not entitled to rely on"), "{t}");

    // An absolute exemption has no public interest test; a complaint not upheld
    // cannot have the public interest favour disclosure.
    let absolute = varied(name, |c| {
        engaged(c, &["41(1)"], "upheld");
        set(
            c,
            "decision.exemption",
            Some(toml::Value::Array(vec!["43(2)".into(), "41(1)".into()])),
        );
    })
    .unwrap_err();
    assert!(
        absolute.contains("decision.engaged") && absolute.contains("no public interest test"),
        "{absolute}"
    );
    let not_upheld = varied(name, |c| engaged(c, &["43(2)"], "not-upheld")).unwrap_err();
    assert!(
        not_upheld.contains("decision.engaged") && not_upheld.contains("not upheld"),
        "{not_upheld}"
    );
}

#[test]
fn an_eir_request_answered_under_the_foia_is_told_as_each_side_cited_it() {
    let name = "eir-answered-under-foia.toml";
    for (format, t) in [
        ("first format (2010)", notice(name)),
        (
            "current format",
            varied(name, |c| {
                set(
                    c,
                    "date",
                    Some(
                        "2013-03-12"
                            .parse::<toml::value::Datetime>()
                            .unwrap()
                            .into(),
                    ),
                )
            })
            .unwrap(),
        ),
    ] {
        // The council's citation is of the FOIA, as it made it; the Commissioner's of
        // the EIR; and the notice never says the council applied the EIR exception.
        assert!(
            t.contains("section 43(2)") && !t.contains("section 43(2) of the EIR"),
            "{format}: {t}"
        );
        assert!(
            t.contains("environmental information")
                && t.contains("should have been dealt with under the EIR"),
            "{format}: {t}"
        );
        assert!(
            t.contains("regulation 12(5)(e) applies to"),
            "{format}: {t}"
        );
        for false_claim in [
            "application of regulation 12(5)(e)",
            "entitled to rely on regulation 12(5)(e)",
            "in relying on regulation 12(5)(e)",
        ] {
            assert!(!t.contains(false_claim), "{format}: {false_claim}: {t}");
        }
    }
    let current = varied(name, |c| {
        set(
            c,
            "date",
            Some(
                "2013-03-12"
                    .parse::<toml::value::Datetime>()
                    .unwrap()
                    .into(),
            ),
        )
    })
    .unwrap();
    assert!(
        current
            .contains("citing the exemption at section 43(2) (commercial interests) of the FOIA"),
        "{current}"
    );
    // Without the response's regime, the FOIA citation is refused in an EIR case.
    let refused = varied(name, |c| set(c, "response.regime", None)).unwrap_err();
    assert!(refused.contains("response.parts[0]"), "{refused}");
    // With nothing decided under the EIR, the checks say so at the regime.
    let nothing = varied(name, |c| {
        set(c, "decision.exemption", None);
        set(c, "decision.breaches", None);
    })
    .unwrap_err();
    assert!(
        nothing.contains("response.regime") && nothing.contains("names nothing"),
        "{nothing}"
    );
}

#[test]
fn a_paragraph_named_in_the_reasons_is_referred_to_by_its_number() {
    let name = "finding-from-findings.toml";
    let named = |c: &mut toml::Table, reference: &str| {
        let reasons = c["reasons"].as_array_mut().unwrap();
        let text = reasons[0]["text"].as_str().unwrap().trim().to_string();
        reasons[0]
            .as_table_mut()
            .unwrap()
            .insert("text".into(), format!("[#harm] {text}").into());
        let step = format!("Disclose the information withheld under section 41(1), as explained at paragraph [§{reference}].");
        set(
            c,
            "decision.steps",
            Some(toml::Value::Array(vec![step.into()])),
        );
    };
    let t = varied(name, |c| named(c, "harm")).unwrap();
    // The named paragraph's own number, found by its words, is the one cited.
    let at = t
        .find("The Commissioner accepts that disclosure of the pricing schedule")
        .unwrap();
    let number: String = t[..at]
        .trim_end()
        .trim_end_matches('.')
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string();
    assert!(number.parse::<u32>().is_ok(), "{number}: {t}");
    assert!(
        t.contains(&format!("as explained at paragraph {number}.")),
        "{number}: {t}"
    );
    assert!(!t.contains("[#harm]") && !t.contains("[§"), "{t}");

    // A reference to no named paragraph is refused at its field.
    let bad = varied(name, |c| named(c, "harms")).unwrap_err();
    assert!(
        bad.contains("decision.steps") && bad.contains("[§harms]"),
        "{bad}"
    );
}

/// Regulation 12(4)(a) (information not held) withholds nothing and weighs no public
/// interest (issue 29, item 4): alone, the decision is on whether the information is
/// held; beside an exception that withholds, each is said for what it does.
#[test]
fn the_eirs_not_held_exception_is_never_said_to_withhold() {
    use common::variant::{example, list, render, s, set as put};
    let mut case = example("decision-notice-eir.toml");
    put(&mut case, "decision.finding", None);
    put(&mut case, "decision.findings", None);
    put(&mut case, "decision.steps", None);
    put(&mut case, "decision.breaches", None);
    put(&mut case, "decision.outcome", s("not-upheld"));
    let parts: toml::Table = toml::from_str(
        r#"parts = [
            { questions = [1], position = "refused", exemption = "12(5)(e)" },
            { questions = [2], position = "refused", exemption = "12(4)(a)" },
        ]"#,
    )
    .unwrap();
    case["response"]
        .as_table_mut()
        .unwrap()
        .insert("parts".into(), parts["parts"].clone());
    put(&mut case, "request.questions", Some(2.into()));
    let both = render(&case)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(both.contains("was entitled to rely on regulation 12(5)(e) to withhold the requested information it holds, and on regulation 12(4)(a) for the information it does not hold."), "{both}");
    assert!(
        !both.contains("12(4)(a) (information not held) of the EIR, with the public interest"),
        "{both}"
    );
    assert!(
        !both.contains("rely on regulation 12(5)(e) and regulation 12(4)(a) to withhold"),
        "{both}"
    );

    put(&mut case, "decision.exemption", list(&["12(4)(a)"]));
    let alone = render(&case)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(alone.contains("The Commissioner's decision is that, on the balance of probabilities, the council does not hold the requested information, and so was entitled to rely on regulation 12(4)(a)."), "{alone}");
    assert!(alone.contains("The Commissioner has considered whether, on the balance of probabilities, the council holds information within the scope of the request."), "{alone}");
}

/// Section 16 is a duty to advise and assist, not a ground of refusal (issue 29, item
/// 4): a finding that it was met is told after the Decision's finding; named as the
/// provision relied on, it is refused with the field that records it.
#[test]
fn a_finding_on_advice_and_assistance_is_told_as_a_duty_met() {
    use common::variant::{example, render, s, set as put};
    let mut case = example("decision-notice-section-12.toml");
    let findings: toml::Table = toml::from_str(
        r#"findings = [
            { provision = "12(1)", outcome = "not-upheld" },
            { provision = "16(1)", outcome = "not-upheld" },
        ]"#,
    )
    .unwrap();
    case["decision"]
        .as_table_mut()
        .unwrap()
        .insert("findings".into(), findings["findings"].clone());
    let t = render(&case)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(t.contains("The Commissioner also finds that the council complied with its duty under section 16(1) to provide advice and assistance."), "{t}");
    assert!(!t.contains("exemption at section 16"), "{t}");

    put(&mut case, "decision.exemption", s("16(1)"));
    let text = toml::to_string(&case).unwrap();
    let refused = common::load_str("case.toml", &text).unwrap_err();
    let message = foinotice::Error::Case(refused).to_string();
    assert!(
        message.contains("decision.exemption")
            && message.contains("findings = [{ provision = \"16(1)\""),
        "{message}"
    );
}
