//! The provisions a decision notice cites, resolved against the statute in force on
//! the request date: the response's parts (under the regime the authority used), a
//! review's revised position, what the decision is about, the provisions found engaged
//! where the public interest favours disclosure, and the regime each side used.

use super::super::{cite_part, push_citation_errors};
use crate::diagnostic::{Diagnostic, Located};
use crate::facts::{citations, Date, DecisionNotice};
use crate::law::Law;
use std::collections::BTreeSet;

/// Every citation of the case resolved, each at its field.
pub(super) fn resolve(
    d: &mut DecisionNotice,
    case: Located<'_>,
    law: &Law,
    problems: &mut Vec<Diagnostic>,
) {
    let cat = &law.catalogue;
    let regime = d.regime;
    if let Some(resp) = &mut d.response {
        let used = resp.regime.unwrap_or(regime);
        for (i, part) in resp.parts.iter_mut().enumerate() {
            let field = format!("response.parts[{i}]");
            cite_part(cat, case, (used, d.request.date), part, &field, problems);
            refusal_only(case, part, &field, problems);
        }
    }
    if let Some(rv) = &mut d.review {
        // A review answers under the regime the response used.
        let used = d.response.as_ref().and_then(|r| r.regime).unwrap_or(regime);
        review_parts(case, (used, d.request.date), rv, "review", law, problems);
    }
    for (k, further) in d.further_requests.iter_mut().enumerate() {
        if let Some(rv) = &mut further.review {
            let field = format!("further_requests[{k}].review");
            review_parts(case, (regime, further.date), rv, &field, law, problems);
        }
        if let Some(resp) = &mut further.response {
            let used = resp.regime.unwrap_or(regime);
            for (i, part) in resp.parts.iter_mut().enumerate() {
                let field = format!("further_requests[{k}].response.parts[{i}]");
                cite_part(cat, case, (used, further.date), part, &field, problems);
                refusal_only(case, part, &field, problems);
            }
        }
    }
    if d.decision.exemption.0.is_empty() {
        // By default the decision is about what the responses relied on.
        let mut seen = BTreeSet::new();
        // The position finally taken: the review's where it revised the response's.
        let further_parts = d.further_requests.iter().flat_map(|f| f.final_parts());
        let mut found = Vec::new();
        // Questions outside the scope (`scope.questions`) are not decided: their parts'
        // provisions are not the decision's.
        let in_scope: Vec<u32> = d
            .scope
            .iter()
            .flat_map(|s| s.questions.iter().copied())
            .collect();
        let decided = |part: &&crate::facts::Part| {
            in_scope.is_empty()
                || part.questions.is_empty()
                || part.questions.iter().any(|q| in_scope.contains(q))
        };
        for part in d.final_parts().iter().filter(decided).chain(further_parts) {
            // Provisions of the other regime (an EIR request answered under the FOIA)
            // are the authority's, not what the Commissioner decides on.
            for c in part.citations.iter().filter(|c| c.regime == regime) {
                if seen.insert(c.number.clone()) {
                    found.push(c.clone());
                }
            }
        }
        d.decision.citations.extend(found);
    } else if let Some(duty) = d
        .decision
        .exemption
        .0
        .iter()
        .find(|e| is_advice_duty(regime, e))
    {
        // Section 16 (regulation 9) is a duty, not a ground for refusing: the
        // Commissioner's finding on it is a finding, and its breach a breach.
        problems.push(case.error_at(
            "decision.exemption",
            format!(
                "`{duty}` is the duty to provide advice and assistance, not a provision relied on to refuse"
            ),
            format!(
                "record the finding on it as findings = [{{ provision = \"{0}\", outcome = \"not-upheld\" }}] under [decision] (complied with), or list \"{0}\" in decision.breaches (breached); decision.exemption names what the authority relied on",
                if regime == crate::statute::Regime::Eir { "9(1)" } else { "16(1)" }
            ),
        ));
    } else {
        match citations(
            cat,
            regime,
            &d.decision.exemption,
            "decision.exemption",
            d.request.date,
        ) {
            Ok(c) => d.decision.citations = c,
            Err(errs) => push_citation_errors(case, errs, problems),
        }
    }
    engaged(d, case, law, problems);
    let answered_under = d.response.as_ref().and_then(|r| r.regime);
    if answered_under.is_some_and(|r| r != regime)
        && d.decision.exemption.0.is_empty()
        && d.decision.breaches.is_empty()
        && d.decision.finding.is_none()
    {
        problems.push(case.error_at(
            "response.regime",
            format!(
                "the authority answered under the {}, but the decision names nothing the Commissioner decided under the {}",
                answered_under.map_or("", |r| r.name()),
                regime.name()
            ),
            "name the provisions the Commissioner considered in decision.exemption, or the breaches in decision.breaches",
        ));
    }
}

/// `decision.engaged`: qualified provisions the decision is about, on an upheld (or
/// partly upheld) complaint, as the public interest favours disclosure.
fn engaged(d: &mut DecisionNotice, case: Located<'_>, law: &Law, problems: &mut Vec<Diagnostic>) {
    if d.decision.engaged.0.is_empty() {
        return;
    }
    let field = "decision.engaged";
    let found = match citations(
        &law.catalogue,
        d.regime,
        &d.decision.engaged,
        field,
        d.request.date,
    ) {
        Ok(c) => c,
        Err(errs) => return push_citation_errors(case, errs, problems),
    };
    if d.decision.held.is_some() {
        problems.push(case.error_at(
            field,
            "a provision is found engaged for information whose being held is itself the decision (decision.held)",
            "decide on one: remove decision.held, or decision.engaged",
        ));
    }
    if d.decision.outcome == crate::facts::Outcome::NotUpheld {
        problems.push(case.error_at(
            field,
            "the public interest favours disclosure, but the complaint is not upheld",
            "set decision.outcome = \"upheld\" (or \"partly-upheld\"), or remove decision.engaged",
        ));
    }
    for c in &found {
        if !c.qualified {
            problems.push(case.error_at(
                field,
                format!(
                    "{} {} has no public interest test, so the public interest cannot favour disclosure",
                    c.regime.unit(),
                    c.number
                ),
                "list only qualified provisions in decision.engaged; an absolute one, or section 12 or 14, either applies or does not",
            ));
        } else if !d.decision.citations.iter().any(|k| k.number == c.number) {
            problems.push(case.error_at(
                field,
                format!(
                    "{} {} is not among the provisions the decision is about",
                    c.regime.unit(),
                    c.number
                ),
                "add it to decision.exemption, or to the response's parts",
            ));
        }
    }
    d.decision.engaged_citations = found;
}

/// A review's revised position (`review.parts`): its citations resolved like a
/// response's, and only on a review that revised the position.
fn review_parts(
    case: Located<'_>,
    (regime, received): (crate::statute::Regime, Date),
    rv: &mut crate::facts::Review,
    field: &str,
    law: &Law,
    problems: &mut Vec<Diagnostic>,
) {
    if rv.parts.is_empty() {
        return;
    }
    if rv.outcome != crate::facts::ReviewOutcome::Revised {
        problems.push(case.error_at(
            &format!("{field}.parts"),
            "the review's parts give a revised position, but the review did not revise it",
            "set the review's outcome = \"revised\", or remove its parts (the response's \
             parts are the position when the review upheld it)",
        ));
    }
    for (i, part) in rv.parts.iter_mut().enumerate() {
        let f = format!("{field}.parts[{i}]");
        cite_part(&law.catalogue, case, (regime, received), part, &f, problems);
        refusal_only(case, part, &f, problems);
    }
}

/// A decision notice reports the response; the fields that word an authority's own
/// refusal letter would be dropped without a word, so they are refused instead.
fn refusal_only(
    case: Located<'_>,
    part: &crate::facts::Part,
    field: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let fields = [
        ("elsewhere", part.elsewhere.is_some()),
        ("publication", part.publication.is_some()),
        ("redirect", part.redirect.is_some()),
        ("transfer", part.transfer.is_some()),
        ("redacted", part.redacted.is_some()),
        ("reason", part.reason.is_some()),
        ("answer", part.answer.is_some()),
    ];
    if part.position == crate::facts::Position::Transferred {
        problems.push(case.error_at(
            &format!("{field}.position"),
            "`transferred` is a refusal letter's position; a decision notice reports what the response said",
            "give the position the response took (\"not-held\" where it said so), and tell the transfer in the response's text",
        ));
    }
    for (name, _) in fields.iter().filter(|(_, set)| *set) {
        problems.push(case.error_at(
            &format!("{field}.{name}"),
            format!("`{name}` is for refusal notices; a decision notice does not print it"),
            "remove the field, or say it in the decision's prose",
        ));
    }
}

/// Section 16 of the FOIA, or regulation 9 of the EIR, as a case file may write it.
fn is_advice_duty(regime: crate::statute::Regime, text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches("section ")
        .trim_start_matches("regulation ")
        .replace(' ', "");
    let duty = match regime {
        crate::statute::Regime::Foia => "16",
        crate::statute::Regime::Eir => "9",
    };
    t == duty || t.starts_with(&format!("{duty}("))
}
