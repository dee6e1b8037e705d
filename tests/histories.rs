//! Real case histories told truly (issue 29): each case file under `tests/cases/`
//! passes the checks and its notice says what happened, in order, in the words the
//! facts allow: events in date order with the response and the review, full stops
//! added only where missing, a "not held" finding the authority never gave, a
//! complaint about handling alone, and the Commissioner's formula completed by the
//! caseworker's finding.

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
    before(&t, "acknowledged receipt of the request on 20 February 2026", "responded on 19 March 2026");
    before(&t, "responded on 19 March 2026", "again on 23 March 2026");
    before(&t, "again on 23 March 2026", "On 30 March 2026, the complainant asked");
    before(&t, "24 April 2026", "On 27 April 2026, the council disclosed");
}

#[test]
fn the_response_and_review_words_end_with_one_full_stop() {
    let t = notice("events-in-order.toml");
    assert!(
        t.contains("It explained that the pricing schedule was commercially sensitive. It provided"),
        "{t}"
    );
    assert!(t.contains("explained its reasons more fully. 9. On 27 April"), "{t}");
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
