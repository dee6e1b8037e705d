//! What a decision notice decides: the finding a partly upheld complaint needs, the
//! first format's whole sentences, the request's summary, the period for compliance,
//! the internal review, and a decision that says what it is about.

use super::super::MAX_COMPLIANCE_DAYS;
use crate::diagnostic::{Diagnostic, Located};
use crate::facts::{DecisionNotice, Position, Role};

/// The decision says what it decides, in the form its format needs.
pub(super) fn check(d: &mut DecisionNotice, case: Located<'_>, problems: &mut Vec<Diagnostic>) {
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
    // Under section 12 or 14 the authority need not say what it holds: a finding on
    // whether information is held does not sit beside a decision on them alone.
    if d.decision.held.is_some()
        && !d.decision.citations.is_empty()
        && d.decision.citations.iter().all(|c| c.procedural)
    {
        problems.push(case.error_at(
            "decision.held",
            "a finding on whether the information is held, beside a decision on section 12 or 14 alone, which relieve the authority of saying whether it holds it",
            "remove decision.held, or name in decision.exemption the provision the finding on what is held goes with",
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
    // The position finally taken: the review's, where it revised the response's.
    let not_held = d
        .final_parts()
        .iter()
        .any(|p| p.position == Position::NotHeld);
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
