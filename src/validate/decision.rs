//! The checks on a decision notice's facts: citations, dates in order, the family,
//! the events, the findings, and the prose.

use super::{cite_part, push_citation_errors, MAX_COMPLIANCE_DAYS};
use crate::diagnostic::{Diagnostic, Located};
use crate::facts::{citations, Date, DecisionNotice, Position, Role};
use crate::law::Law;
use std::collections::BTreeSet;

pub(super) fn validate(
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
        let further_parts =
            d.further_requests
                .iter()
                .flat_map(|f| match (&f.review, &f.response) {
                    (Some(rv), _) if !rv.parts.is_empty() => rv.parts.as_slice(),
                    (_, Some(r)) => r.parts.as_slice(),
                    _ => &[],
                });
        let mut found = Vec::new();
        for part in d.final_parts().iter().chain(further_parts) {
            // Provisions of the other regime (an EIR request answered under the FOIA)
            // are the authority's, not what the Commissioner decides on.
            for c in part.citations.iter().filter(|c| c.regime == regime) {
                if seen.insert(c.number.clone()) {
                    found.push(c.clone());
                }
            }
        }
        d.decision.citations.extend(found);
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
    let known = crate::timeline::procedural_provisions(regime);
    let listed = d
        .decision
        .breaches
        .iter()
        .enumerate()
        .map(|(i, b)| (format!("decision.breaches[{i}]"), b))
        .chain(
            d.decision
                .set_aside
                .iter()
                .enumerate()
                .map(|(i, a)| (format!("decision.set_aside[{i}].breach"), &a.breach)),
        );
    for (field, b) in listed {
        if d.decision.breaches.contains(b) && field.starts_with("decision.set_aside") {
            problems.push(case.error_at(
                &field,
                format!("the breach of {b} is both found and set aside"),
                "keep it in decision.breaches or in decision.set_aside, not both",
            ));
        }
        if !known.contains(&b.as_str()) {
            problems.push(case.error_at(
                &field,
                format!("`{b}` is not a procedural provision the templates know"),
                format!(
                    "under the {} breaches are written {}",
                    d.regime_name(),
                    known
                        .iter()
                        .map(|k| format!("\"{k}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }

    // Events: in order after the request, with what each kind needs.
    for (i, e) in d.events.iter_mut().enumerate() {
        let field = format!("events[{i}]");
        if e.date < d.request.date {
            problems.push(case.error_at(
                &format!("{field}.date"),
                format!(
                    "this event ({}) is before the request ({})",
                    e.date, d.request.date
                ),
                "check the event's date",
            ));
        }
        use crate::facts::EventKind as K;
        match e.kind {
            K::ExemptionAdded | K::ExemptionWithdrawn => {
                if e.exemption.0.is_empty() {
                    problems.push(case.error_at(
                        &field,
                        "a change of exemption must name the provisions",
                        "add exemption = \"43(2)\" (or a list) to this event",
                    ));
                }
                match citations(cat, regime, &e.exemption, &format!("{field}.exemption"), d.request.date) {
                    Ok(c) => e.citations = c,
                    Err(errs) => push_citation_errors(case, errs, problems),
                }
            }
            K::Disclosed | K::Found if e.text.is_none() => problems.push(case.error_at(
                &field,
                "say what the authority disclosed or found",
                "add text = \"the names of the subcontractors\" to this event, completing \"… disclosed …\"",
            )),
            _ => {}
        }
    }

    // The response's questions against the request's.
    let count = d
        .request
        .questions
        .or_else(|| super::numbered_questions(&d.request.wording));
    if let Some(r) = &d.response {
        super::check_questions(
            case,
            count,
            &r.parts,
            "response.parts",
            super::Unanswered::Warn,
            problems,
        );
    }
    if let (Some(n), Some(scope)) = (count, &d.scope) {
        for (i, q) in scope.questions.iter().enumerate() {
            if *q == 0 || *q > n {
                problems.push(case.error_at(
                    &format!("scope.questions[{i}]"),
                    format!("question {q} is not in the request, which has {n}"),
                    format!("number the questions 1 to {n}, as the request does"),
                ));
            }
        }
    }

    // Each finding names a provision the regime has.
    for (i, f) in d.decision.findings.iter().enumerate() {
        let procedural = crate::timeline::procedural_provisions(regime);
        let known = procedural.contains(&f.provision.as_str())
            || matches!(f.provision.as_str(), "1" | "1(1)" | "10" | "17" | "16")
            || cat
                .parse_on(regime, &f.provision, Some(d.request.date.0))
                .is_ok();
        if !known {
            problems.push(case.error_at(
                &format!("decision.findings[{i}].provision"),
                format!("`{}` is not a provision of the {}", f.provision, d.regime_name()),
                "give a citation such as \"14(1)\" or \"12(5)(e)\", or a procedural provision such as \"10(1)\"",
            ));
        }
    }

    // Dates in order.
    let mut order: Vec<(&str, Date, &str, Date)> = Vec::new();
    if let Some(r) = &d.response {
        order.push(("response.date", r.date, "request.date", d.request.date));
    }
    if let Some(rv) = &d.review {
        let after = d
            .response
            .as_ref()
            .map_or(("request.date", d.request.date), |r| {
                ("response.date", r.date)
            });
        if let Some(requested) = rv.requested {
            order.push(("review.requested", requested, after.0, after.1));
            if let Some(date) = rv.date {
                order.push(("review.date", date, "review.requested", requested));
            }
        } else if let Some(date) = rv.date {
            order.push(("review.date", date, after.0, after.1));
        }
    }
    order.push((
        "complaint.date",
        d.complaint.date,
        "request.date",
        d.request.date,
    ));
    let further_fields: Vec<(
        String,
        crate::facts::Date,
        Option<crate::facts::Date>,
        Option<crate::facts::Date>,
    )> = d
        .further_requests
        .iter()
        .enumerate()
        .map(|(k, f)| {
            (
                format!("further_requests[{k}]"),
                f.date,
                f.response.as_ref().map(|r| r.date),
                f.review.as_ref().and_then(|r| r.date),
            )
        })
        .collect();
    if let Some(again) = d.complaint.resubmitted {
        order.push((
            "complaint.resubmitted",
            again,
            "complaint.date",
            d.complaint.date,
        ));
    }
    order.push(("date", d.date, "complaint.date", d.complaint.date));
    if let Some(again) = d.complaint.resubmitted {
        order.push(("date", d.date, "complaint.resubmitted", again));
    }
    if let Some(rv) = &d.review {
        if let Some(date) = rv.date {
            order.push(("date", d.date, "review.date", date));
        }
    }
    for (field, asked, answered, reviewed) in &further_fields {
        let mut check = |later: String,
                         later_date: crate::facts::Date,
                         earlier: String,
                         earlier_date: crate::facts::Date| {
            if later_date < earlier_date {
                problems.push(case.error_at(
                    &later,
                    format!("`{later}` ({later_date}) is before `{earlier}` ({earlier_date})"),
                    format!("check both dates: `{later}` cannot come before `{earlier}`"),
                ));
            }
        };
        if let Some(a) = answered {
            check(
                format!("{field}.response.date"),
                *a,
                format!("{field}.date"),
                *asked,
            );
            if let Some(r) = reviewed {
                check(
                    format!("{field}.review.date"),
                    *r,
                    format!("{field}.response.date"),
                    *a,
                );
            }
        }
        check("date".into(), d.date, format!("{field}.date"), *asked);
    }
    for (later, later_date, earlier, earlier_date) in order {
        if later_date < earlier_date {
            problems.push(case.error_at(
                later,
                format!("`{later}` ({later_date}) is before `{earlier}` ({earlier_date})"),
                format!("check both dates: `{later}` cannot come before `{earlier}`"),
            ));
        }
    }

    // Family.
    let own: Vec<&str> = d.reference.0.iter().map(String::as_str).collect();
    if own.is_empty() {
        problems.push(case.error_at(
            "reference",
            "the notice has no reference",
            "give the case reference, for example reference = \"FS50739797\"",
        ));
    }
    if let Some(f) = &d.family {
        match (f.role, &f.lead) {
            (Role::FollowOn, None) => problems.push(case.error_at(
                "family",
                "a follow-on notice must name its lead case",
                "add lead = \"FS…\" under [family]",
            )),
            (Role::FollowOn, Some(lead)) if own.contains(&lead.as_str()) => {
                problems.push(case.error_at(
                    "family.lead",
                    "a follow-on notice cannot adopt its own reference as the lead case",
                    "give the lead case's reference, or make this notice role = \"lead\"",
                ))
            }
            (Role::Lead, Some(_)) => problems.push(case.error_at(
                "family.lead",
                "a lead notice does not name a lead case",
                "remove `lead`, or make this notice role = \"follow-on\"",
            )),
            _ => {}
        }
        for (i, s) in f.siblings.iter().enumerate() {
            if own.contains(&s.as_str()) {
                problems.push(case.error_at(
                    &format!("family.siblings[{i}]"),
                    format!("`{s}` is this notice's own reference"),
                    "list only the other cases of the family",
                ));
            }
        }
        // A lead with no followers listed yet is a normal state (a family is often
        // issued from a list, which fills them in): a warning. A follow-on always has
        // its lead, at least.
        if f.siblings.is_empty() {
            let (message, help) = (
                "the family lists no other cases",
                "list the references of the other cases decided with this one (issuing the family from a list of followers fills them in)",
            );
            problems.push(match f.role {
                Role::Lead => case.warning_at("family.siblings", message, help),
                Role::FollowOn => case.error_at("family.siblings", message, help),
            });
        }
        if f.role == Role::FollowOn && !d.reasons.is_empty() {
            problems.push(case.error_at(
                "reasons",
                "a follow-on notice adopts its lead's reasoning and has no reasons of its own",
                "remove [[reasons]], or make this notice role = \"lead\"",
            ));
        }
    }
    // A notice on a request that was never answered needs no reasoning.
    if d.reasons.is_empty()
        && d.response.is_some()
        && d.family.as_ref().is_none_or(|f| f.role == Role::Lead)
    {
        problems.push(case.error_at(
            "reasons",
            "the notice gives no reasons for the decision",
            "add [[reasons]] sections with the analysis, or make it a follow-on under [family]",
        ));
    }
    let first_format = crate::notice::first_format(d.date);
    if d.decision.outcome == crate::facts::Outcome::PartlyUpheld
        && d.decision.finding.is_none()
        && (first_format || d.findings_told().is_empty())
    {
        problems.push(case.error_at(
            "decision.outcome",
            if first_format {
                "a partly upheld complaint needs the finding in the caseworker's words"
            } else {
                "a partly upheld complaint needs the finding: in the caseworker's words, or from the outcome for each provision"
            },
            if first_format {
                "add finding = \"The Commissioner's decision is that …\" under [decision], saying what was and was not upheld"
            } else {
                "add finding = \"…\" under [decision], completing \"The Commissioner's decision is that …\", or findings = [{ provision = \"43(2)\", outcome = \"partly-upheld\" }, …] for each provision relied on"
            },
        ));
    }
    // The first format's templates print the finding as written: it must be whole.
    if let Some(f) = d.decision.finding.as_deref().filter(|_| first_format) {
        if f.trim_start().starts_with(|c: char| c.is_lowercase()) {
            problems.push(case.error_at(
                "decision.finding",
                "a notice of the first format (before April 2011) prints the finding as written, and this one does not start a sentence",
                "write the whole sentence: \"The Commissioner's decision is that …\"",
            ));
        }
    }
    if d.request
        .summary
        .as_deref()
        .is_none_or(|s| s.trim().is_empty())
    {
        problems.push(case.error_at(
            "request",
            "the request has no summary",
            "add summary = \"...\" under [request]: what the request is about, completing \"The complainant has requested information about …\"",
        ));
    }
    if !(1..=MAX_COMPLIANCE_DAYS).contains(&d.decision.compliance_days) {
        problems.push(case.error_at(
            "decision.compliance_days",
            format!(
                "{} days is not a period the Commissioner gives for compliance",
                d.decision.compliance_days
            ),
            format!(
                "give the calendar days allowed, from 1 to {MAX_COMPLIANCE_DAYS} (35 is usual)"
            ),
        ));
    }
    if let Some(rv) = &d.review {
        // A revised position is said by its parts, or in the caseworker's words.
        let needs_reason = match rv.outcome {
            crate::facts::ReviewOutcome::Declined => true,
            crate::facts::ReviewOutcome::Revised => rv.parts.is_empty(),
            _ => false,
        };
        if needs_reason && rv.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            problems.push(case.error_at(
                "review.outcome",
                if rv.outcome == crate::facts::ReviewOutcome::Declined {
                    "a declined internal review needs the authority's reason"
                } else {
                    "a revised position needs to say how it was revised"
                },
                if rv.outcome == crate::facts::ReviewOutcome::Declined {
                    "add reason = \"...\" under [review]"
                } else {
                    "add the position it took as [[review.parts]] (like [[response.parts]]), \
                     or say how in reason = \"...\" under [review]"
                },
            ));
        }
        if rv.outcome != crate::facts::ReviewOutcome::NotProvided && rv.date.is_none() {
            problems.push(case.error_at(
                "review",
                "the internal review's outcome has no date",
                "add date = YYYY-MM-DD under [review]",
            ));
        }
    }
    // A complaint about a "not held" answer, or a finding on whether information is
    // held, is decided on section 1(1)(a) and needs no exemption; so does one about the
    // handling of the request alone (its breaches, or the caseworker's finding).
    let not_held = d
        .response
        .as_ref()
        .is_some_and(|r| r.parts.iter().any(|p| p.position == Position::NotHeld));
    let on_holding = not_held || d.decision.held.is_some();
    let on_handling = !d.decision.breaches.is_empty() || d.decision.finding.is_some();
    if d.decision.citations.is_empty()
        && d.response.is_some()
        && !on_holding
        && !on_handling
        && problems.is_empty()
    {
        problems.push(case.error_at(
            "decision",
            "the decision names no exemption, the response relied on none, and the notice finds no breach and does not say whether the information is held",
            "set exemption = \"31(3)\" under [decision] (or give the response's exemptions); or, for a complaint about the handling of the request, list the breaches found or give the finding; or give held = false",
        ));
    }
    // A follow-on adopts its lead's reasoning about an exemption.
    let follow_on = d.family.as_ref().is_some_and(|f| f.role == Role::FollowOn);
    if follow_on && d.decision.citations.is_empty() && !on_holding && problems.is_empty() {
        problems.push(case.error_at(
            "family.role",
            "a follow-on notice adopts its lead's decision on an exemption, but this decision names none",
            "give the exemption under [decision], or decide the case as a lead (role = \"lead\") or on its own",
        ));
    }
    if d.decision.held == Some(true) && !d.said_not_held() {
        problems.push(case.error_at(
            "decision.held",
            "a finding that the information is held answers a response that said it was not held, but no response here said so",
            "record the not-held part of the response, or give held = false where the Commissioner finds the information is not held",
        ));
    }
    // The first format's templates tell a decision without an exemption only in the
    // caseworker's words.
    let unexempt = d.decision.citations.is_empty()
        && (d.decision.held.is_some() || (d.response.is_some() && !not_held));
    if first_format && unexempt && d.decision.finding.is_none() && problems.is_empty() {
        problems.push(case.error_at(
            "decision",
            "a notice of the first format (before April 2011) on a decision with no exemption needs the finding in the caseworker's words",
            "add finding = \"The Commissioner's decision is that …\" under [decision]",
        ));
    }
}

/// A decision notice reports the response; the fields that word an authority's own
/// refusal letter would be dropped without a word, so they are refused instead.
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
        ("redacted", part.redacted.is_some()),
        ("reason", part.reason.is_some()),
        ("answer", part.answer.is_some()),
    ];
    for (name, _) in fields.iter().filter(|(_, set)| *set) {
        problems.push(case.error_at(
            &format!("{field}.{name}"),
            format!("`{name}` is for refusal notices; a decision notice does not print it"),
            "remove the field, or say it in the decision's prose",
        ));
    }
}
