//! The built notice checked against the facts. Once a notice is built (in memory, by
//! every front end alike: `check`, `render`, `bulk`, the desk), its words are read back
//! and held to what the case file says and to the law, so that a sentence that
//! contradicts the facts is an error at the field that causes it, never a published
//! notice:
//! - a notice on a request the authority wrote about never says that it did not
//!   respond, or had not responded;
//! - sections 12 and 14 refuse requests: neither is ever called an exemption;
//! - where every provision relied on is absolute, no public interest test is told;
//! - every breach the notice finds is named in it;
//! - where the Commissioner finds whether information is held and no response said
//!   it was not, the notice never says the authority said so;
//! - a refusal letter none of whose parts is `not-held` (a part transferred to another
//!   authority, say) never says the authority holds no information.
//!
//! (One step is still "these steps": the Commissioner's formula says so whatever the
//! number, in the seed notice of 2018 and the corpus's of 2015 and 2017.)

use crate::case::Case;
use crate::diagnostic::Diagnostic;
use crate::facts::{DecisionNotice, Notice, Position};

/// What the built notice's words (its markup, or its text as the text renderer gives
/// it) say against the facts.
pub fn check(case: &Case, text: &str) -> Vec<Diagnostic> {
    let flat = flatten(text);
    let mut out = Vec::new();
    match &case.notice {
        Notice::Decision(d) => decision(case, d, &flat, &mut out),
        Notice::Refusal(r) => {
            let cited = r
                .positions
                .iter()
                .flat_map(|p| p.citations.iter())
                .collect::<Vec<_>>();
            never_an_exemption(case, &flat, "positions", &mut out);
            if !r.positions.iter().any(|p| p.position == Position::NotHeld) {
                never_not_held(case, &flat, &mut out);
            }
            if r.regime == crate::statute::Regime::Foia
                && !cited.is_empty()
                && cited.iter().all(|c| c.absolute)
            {
                no_public_interest(case, &flat, "positions", &mut out);
            }
        }
    }
    out
}

/// The text on one line, lower case, spaces folded: sentences broken across lines
/// and pages read whole.
fn flatten(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The field a sentence comes from: the case file's own field whose text holds the
/// words, where one does (the caseworker's prose), else `fallback`.
fn field_of(case: &Case, words: &str, fallback: &str) -> String {
    let source = case.source.to_lowercase();
    source
        .find(words)
        .and_then(|at| case.spans.field_at(at))
        .map_or_else(|| fallback.to_string(), str::to_string)
}

fn error(case: &Case, field: &str, message: String, help: &str) -> Diagnostic {
    case.error_at(field, &message, help)
}

fn decision(case: &Case, d: &DecisionNotice, text: &str, out: &mut Vec<Diagnostic>) {
    // Something was sent about every request: never "did not respond". (A further
    // request left unanswered may truly not have been responded to.)
    let every_answered =
        d.requests_together() || d.further_requests.iter().all(|f| f.response.is_some());
    let wrote = every_answered && d.wrote_about_request();
    if wrote {
        for said in [
            "had not responded by the date of this notice",
            "had not responded to the request",
            "has not responded to the request",
            "did not respond to the request.",
            "has not provided a response to the request",
            "did not respond to the request at all",
        ] {
            if text.contains(said) {
                let fallback = if d.response.is_some() {
                    "response"
                } else {
                    "events"
                };
                out.push(error(
                    case,
                    &field_of(case, said, fallback),
                    format!("the notice says the authority “{}”, but the case file records what it sent", said.trim_end_matches('.')),
                    "tell what the authority sent as what it was (a late response, a holding reply, an extension, a reply that did not confirm or deny), or correct the facts",
                ));
                break;
            }
        }
    }
    // The authority never said it held no information: the notice never says it did.
    if d.decision.held.is_some() && !d.said_not_held() {
        for said in [
            "stated that it held no information",
            "said that it did not hold",
            "stated that it did not hold",
        ] {
            if text.contains(said) {
                out.push(error(
                    case,
                    &field_of(case, said, "decision.held"),
                    format!(
                        "the notice says the authority “{said}”, but no response recorded says so"
                    ),
                    "tell what the authority did say, or record the response's not-held part",
                ));
                break;
            }
        }
    }
    never_an_exemption(case, text, "decision.exemption", out);
    let cited: Vec<_> = d
        .decision
        .citations
        .iter()
        .chain(
            d.response
                .iter()
                .flat_map(|r| r.parts.iter())
                .chain(d.review.iter().flat_map(|rv| rv.parts.iter()))
                .filter(|p| matches!(p.position, Position::Refused | Position::Ncnd))
                .flat_map(|p| p.citations.iter()),
        )
        .collect();
    // (Under the EIR every exception but regulation 13 has a public interest test,
    // and caseworkers weighed one for regulation 13 too before 2018: only the FOIA's
    // absolute exemptions are held to this.)
    if d.regime == crate::statute::Regime::Foia
        && !cited.is_empty()
        && cited.iter().all(|c| c.absolute)
    {
        no_public_interest(case, text, "decision.exemption", out);
    }
    let unit = d.regime.unit();
    for (i, b) in d.decision.breaches.iter().enumerate() {
        let label = format!("{unit} {b}").to_lowercase();
        let plural = format!("{unit}s ").to_lowercase();
        // "section 10(1)", or in a list: "sections 1(1) and 10(1)".
        let named = text.contains(&label)
            || text.match_indices(&plural).any(|(at, _)| {
                text[at..]
                    .split(" of the")
                    .next()
                    .is_some_and(|list| list.contains(&b.to_lowercase()))
            });
        if !named {
            out.push(error(
                case,
                &format!("decision.breaches[{i}]"),
                format!("the notice finds a breach of {unit} {b} but never says so"),
                "a finding of the caseworker's own (decision.finding) must name every breach listed, or leave the standard sentence to the templates",
            ));
        }
    }
}

/// Sections 12 and 14 (FOIA) refuse requests; they are never exemptions.
fn never_an_exemption(case: &Case, text: &str, fallback: &str, out: &mut Vec<Diagnostic>) {
    for s in ["12", "14"] {
        let called = [
            format!("exemption at section {s}"),
            format!("exemption at sections {s}"),
            format!("exemption under section {s}"),
            format!("exemption in section {s}"),
            format!("exemption provided by section {s}"),
            format!("exemptions at sections {s}"),
            format!("section {s} exemption"),
            format!("section {s}(1) exemption"),
            format!("section {s}(2) exemption"),
        ];
        for said in &called {
            let hit = text.match_indices(said.as_str()).find(|(at, _)| {
                // "section 12" and not "section 121" or "section 12a".
                let next = text[at + said.len()..].chars().next();
                !next.is_some_and(|c| c.is_ascii_digit() || c.is_ascii_alphabetic())
                    || said.ends_with("exemption")
            });
            if hit.is_some() {
                out.push(error(
                    case,
                    &field_of(case, said, fallback),
                    format!("the notice calls section {s} an exemption (“{said}”): section {s} refuses a request, it does not exempt information"),
                    "say that the authority refused the request under the section, or relied on it to refuse the request",
                ));
                return;
            }
        }
    }
}

/// No public interest test is told for absolute exemptions.
fn no_public_interest(case: &Case, text: &str, fallback: &str, out: &mut Vec<Diagnostic>) {
    for said in [
        "public interest in maintaining",
        "public interest favouring maintaining",
        "public interest favours maintaining",
    ] {
        if text.contains(said) {
            out.push(error(
                case,
                &field_of(case, said, fallback),
                format!("the notice tells a public interest test (“{said}”), but every provision relied on is absolute and has none"),
                "remove the public interest words, or check the provisions cited",
            ));
            return;
        }
    }
}

/// A refusal letter says the authority holds no information only of a part the case
/// says is not held: a part transferred to another authority is not one.
fn never_not_held(case: &Case, text: &str, out: &mut Vec<Diagnostic>) {
    for said in [
        "holds no information",
        "does not hold any information",
        "does not hold the information",
    ] {
        if text.contains(said) {
            out.push(error(
                case,
                &field_of(case, said, "positions"),
                format!("the letter says the authority “{said}”, but no part of the case is not held"),
                "give the part the authority does not hold position = \"not-held\", or reword the text (a part sent to another authority is \"transferred\")",
            ));
            return;
        }
    }
}
