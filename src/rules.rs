//! The procedural rules a notice rests on, checked once the facts are well formed:
//! public interest tests where the exemption needs one, section 12 estimates, steps
//! that match the outcome, and what the dates show. Errors stop rendering; warnings
//! are printed and rendering goes on.
//!
//! Each rule is one function; `tests/rules.rs` has a test of each, firing and not.

use crate::diagnostic::{Diagnostic, Located};
use crate::facts::{Cost, DecisionNotice, Notice, Outcome, Position, RefusalNotice};
use crate::law::Law;
use crate::statute::Regime;
use crate::timeline::{self, Timeline};

/// Runs every rule, costing the section 12 estimates in place: the problems found and
/// the dates the facts imply.
pub fn check(
    notice: &mut Notice,
    case: Located<'_>,
    law: &Law,
) -> (Vec<Diagnostic>, Option<Timeline>) {
    let mut out = Vec::new();
    let timeline = match &mut *notice {
        Notice::Decision(d) => {
            steps_match_outcome(case, d, &mut out);
            timeline::decision(d, &law.calendar)
        }
        Notice::Refusal(r) => {
            public_interest_test(case, r, &mut out);
            cost_estimates(case, r, law, &mut out);
            timeline::refusal(r, &law.calendar)
        }
    };
    match timeline {
        Ok(t) => {
            match &*notice {
                Notice::Decision(d) => decision_dates(case, d, &t, &mut out),
                Notice::Refusal(r) => refusal_dates(case, r, &t, &mut out),
            }
            (out, Some(t))
        }
        Err(p) => {
            out.push(case.error_at(p.field, p.error.to_string(), p.error.hint()));
            (out, None)
        }
    }
}

fn warning_at(case: Located<'_>, field: &str, message: String, help: &str) -> Diagnostic {
    case.warning_at(field, message, help)
}

/// A qualified exemption needs the public interest test; an absolute one, or section
/// 12 or 14, has none.
fn public_interest_test(case: Located<'_>, r: &RefusalNotice, out: &mut Vec<Diagnostic>) {
    let mut qualified = None;
    let mut any_absolute = false;
    let mut any_procedural = false;
    for (i, p) in r.positions.iter().enumerate() {
        if !matches!(p.position, Position::Refused | Position::Ncnd) && p.redacted.is_none() {
            continue;
        }
        for c in &p.citations {
            if c.qualified && qualified.is_none() {
                qualified = Some((i, c.short.clone()));
            }
            any_absolute |= c.absolute;
            any_procedural |= c.procedural;
        }
    }
    match (&qualified, &r.public_interest) {
        (Some((i, short)), None) => out.push(case.error_at(
            &format!("positions[{i}].exemption"),
            format!("{short} is a qualified exemption, but the notice has no public interest test"),
            "add [public_interest] with favouring, against and balance",
        )),
        (None, Some(_)) if any_procedural => out.push(warning_at(
            case,
            "public_interest",
            "sections 12 and 14 have no public interest test, but the notice gives one".into(),
            "remove [public_interest]",
        )),
        (None, Some(_)) if any_absolute => out.push(warning_at(
            case,
            "public_interest",
            "every exemption cited is absolute, so no public interest test applies, but the notice gives one".into(),
            "remove [public_interest], or check the exemptions cited",
        )),
        _ => {}
    }
}

/// A section 12 refusal needs the estimate, and the estimate must exceed the limit.
fn cost_estimates(case: Located<'_>, r: &mut RefusalNotice, law: &Law, out: &mut Vec<Diagnostic>) {
    let costs = law.catalogue.costs;
    let limit = if r.authority.central {
        costs.limit_central
    } else {
        costs.limit_other
    };
    for (i, p) in r.positions.iter_mut().enumerate() {
        let s12 = p.position == Position::Refused
            && p.citations
                .iter()
                .any(|c| c.regime == Regime::Foia && c.section == "12");
        match (&p.estimate, s12) {
            (None, true) => out.push(case.error_at(
                &format!("positions[{i}]"),
                "a section 12 refusal needs the estimate of the cost of complying",
                "add estimate = { hours = 30, activities = \"locating, retrieving and extracting …\" } to this position",
            )),
            (Some(e), true) => {
                p.limit = Some(limit);
                let field = format!("positions[{i}].estimate");
                let Some(hours) = e.total() else {
                    // Letters often say only that the work would exceed the limit: the
                    // work must then be said, and no figure is printed.
                    if e.activities.as_deref().is_none_or(|a| a.trim().is_empty()) {
                        out.push(case.error_at(
                            &field,
                            "the estimate gives neither hours nor the work that would exceed the limit",
                            "add hours = 30, or breakdown = [{ activity = \"locating …\", hours = 10 }, …], \
                             or, where the letter gives no figure, activities = \"locating and reviewing …\"",
                        ));
                    }
                    continue;
                };
                let sum: f64 = e.breakdown.iter().map(|s| s.hours).sum();
                if !e.breakdown.is_empty() && (sum - hours).abs() > 0.01 {
                    out.push(case.error_at(
                        &format!("{field}.hours"),
                        format!("the breakdown adds up to {sum} hours, not the {hours} given"),
                        "correct the hours or the breakdown, or give only the breakdown",
                    ));
                }
                if let Some((k, s)) = e
                    .breakdown
                    .iter()
                    .enumerate()
                    .find(|(_, s)| !(s.hours.is_finite() && s.hours > 0.0))
                {
                    out.push(case.error_at(
                        &format!("{field}.breakdown[{k}].hours"),
                        format!("{} hours for {} is not an estimate of work", s.hours, s.activity),
                        "give the hours the activity would take, more than 0",
                    ));
                }
                let cost = (hours * f64::from(costs.hourly_rate)).round().max(0.0) as u64;
                if cost <= u64::from(limit) {
                    out.push(case.error_at(
                        &format!("{field}.hours"),
                        format!(
                            "{} hours at £{} an hour is £{cost}, within the appropriate limit of £{limit}: section 12 does not apply",
                            hours, costs.hourly_rate
                        ),
                        "check the estimate; section 12 applies only when complying would cost more than the limit",
                    ));
                }
                p.cost = Some(Cost {
                    hours,
                    rate: costs.hourly_rate,
                    cost,
                    limit,
                    steps: e
                        .breakdown
                        .iter()
                        .map(|s| (s.activity.clone(), s.hours))
                        .collect(),
                });
            }
            (Some(_), false) => out.push(warning_at(
                case,
                &format!("positions[{i}].estimate"),
                "an estimate is given, but this position does not rely on section 12".into(),
                "remove the estimate, or cite section 12",
            )),
            (None, false) => {}
        }
    }
}

/// Upheld means steps, not upheld means none, unless the facts say why not.
fn steps_match_outcome(case: Located<'_>, d: &DecisionNotice, out: &mut Vec<Diagnostic>) {
    let reason = d.decision.steps_reason.is_some();
    match d.decision.outcome {
        // A notice on a request never answered orders the standard step itself.
        Outcome::Upheld if d.decision.steps.is_empty() && !reason && d.response.is_some() => out.push(case.error_at(
            "decision.outcome",
            "the complaint is upheld but no steps are ordered",
            "add steps = [\"...\"] under [decision], or give steps_reason = \"...\" saying why none are needed",
        )),
        Outcome::NotUpheld if !d.decision.steps.is_empty() && !reason => out.push(case.error_at(
            "decision.steps",
            "the complaint is not upheld but steps are ordered",
            "remove the steps, or give steps_reason = \"...\" saying why they are ordered",
        )),
        _ => {}
    }
}

fn decision_dates(case: Located<'_>, d: &DecisionNotice, t: &Timeline, out: &mut Vec<Diagnostic>) {
    // The breaches the dates show are proposals: the notice finds one only when the
    // caseworker confirms it, and one set aside needs the dates to show it.
    let unit = d.regime.unit();
    for b in &t.breaches {
        let decided =
            d.decision.breaches.contains(b) || d.decision.set_aside.iter().any(|a| &a.breach == b);
        if !decided {
            out.push(warning_at(
                case,
                "decision",
                format!("the dates show a breach of {unit} {b}, which this notice does not find"),
                &format!("confirm it with breaches = [\"{b}\"] under [decision], or set it aside with set_aside = [{{ breach = \"{b}\", reason = \"...\" }}]"),
            ));
        }
    }
    for (i, a) in d.decision.set_aside.iter().enumerate() {
        if !t.breaches.contains(&a.breach) {
            out.push(warning_at(
                case,
                &format!("decision.set_aside[{i}].breach"),
                format!(
                    "{unit} {} is set aside, but the dates do not show that breach",
                    a.breach
                ),
                "remove it from set_aside",
            ));
        }
    }
    let (s10, s17) = timeline::lateness_provisions(d.regime);
    for (i, b) in d.decision.breaches.iter().enumerate() {
        // The dates' own proposals count every request, late reliance on a provision
        // and information disclosed late: a lateness breach they do not show is
        // contradicted (a refusal's may be 17(1) or 17(5), the Commissioner deciding).
        let late_refusal = t.breaches.iter().any(|x| x == s17 || x == "17(5)");
        let contradicted = d.response.is_some()
            && ((b == s10 && !t.response_late && !t.breaches.iter().any(|x| x == s10))
                || (b == s17 && !late_refusal));
        if contradicted {
            out.push(warning_at(
                case,
                &format!("decision.breaches[{i}]"),
                format!(
                    "breach of {b} is listed, but the dates show no late response: the response came {} working days after the request, within the 20 allowed (due {})",
                    t.response_days.unwrap_or(0),
                    t.response_due
                ),
                "check the request and response dates, or remove the breach",
            ));
        }
    }
    // A refusal under section 12 or 14 alone is not reliance on an exemption: a late
    // one breaches section 17(5), not 17(1).
    let refused: Vec<&crate::facts::Part> = d
        .response
        .iter()
        .flat_map(|r| r.parts.iter())
        .filter(|p| matches!(p.position, Position::Refused | Position::Ncnd))
        .collect();
    let only_procedural = !refused.is_empty()
        && refused
            .iter()
            .all(|p| !p.citations.is_empty() && p.citations.iter().all(|c| c.procedural));
    // Section 17(3) is about the public interest in maintaining a qualified
    // exemption: it cannot be breached where every provision relied on is absolute, or
    // section 12 or 14.
    let cited: Vec<&crate::statute::Citation> = refused
        .iter()
        .flat_map(|p| p.citations.iter())
        .chain(d.decision.citations.iter())
        .collect();
    if d.regime == Regime::Foia && !cited.is_empty() && cited.iter().all(|c| !c.qualified) {
        for (i, b) in d.decision.breaches.iter().enumerate() {
            if b.starts_with("17(3)") {
                out.push(case.error_at(
                    &format!("decision.breaches[{i}]"),
                    format!("section {b} is about the public interest in maintaining a qualified exemption, but every provision relied on here is absolute, or section 12 or 14, which have no public interest test"),
                    "remove the breach, or check the provisions the response relied on",
                ));
            }
        }
    }
    if d.regime == Regime::Foia && only_procedural {
        for (i, b) in d.decision.breaches.iter().enumerate() {
            if b.starts_with("17(1)") {
                out.push(warning_at(
                    case,
                    &format!("decision.breaches[{i}]"),
                    format!("breach of section {b} is listed, but the authority refused only under section 12 or 14, which are not exemptions: a late notice of that breaches section 17(5)"),
                    "list \"17(5)\" instead",
                ));
            }
        }
    }
    match (t.complaint_late, &d.complaint.delay_reason) {
        (true, None) => out.push(warning_at(
            case,
            "complaint.date",
            format!(
                "the complaint came after the usual time limit ({}); the notice says so without a reason",
                t.complaint_deadline.map(|d| d.to_string()).unwrap_or_default()
            ),
            "add complaint.delay_reason, completing \"… was delayed beyond the usual time limit, as …\"",
        )),
        (false, Some(_)) => out.push(warning_at(
            case,
            "complaint.delay_reason",
            format!(
                "a reason for delay is given, but the complaint was made within the usual time limit ({}), so the notice leaves it out",
                t.complaint_deadline.map(|d| d.to_string()).unwrap_or_default()
            ),
            "remove complaint.delay_reason, or check the complaint and response dates",
        )),
        _ => {}
    }
}

fn refusal_dates(case: Located<'_>, r: &RefusalNotice, t: &Timeline, out: &mut Vec<Diagnostic>) {
    if let Some(over) = t.review_over {
        out.push(warning_at(
            case,
            "date",
            format!(
                "the internal review took {} working days, more than {over} (the section 45 code of practice expects 20, and 40 at most)",
                t.review_days.unwrap_or(0)
            ),
            "check `review.requested` and `date`; a late review is still issued",
        ));
    }
    if t.response_late && r.review.is_some() {
        out.push(warning_at(
            case,
            "review.responded",
            format!(
                "the original response was sent {} working days after the request was received; it was due by {}",
                t.response_days.unwrap_or(0),
                t.response_due
            ),
            "check the dates; the delay was a breach of section 10(1)",
        ));
        return;
    }
    if t.response_late {
        let provision = match r.regime {
            Regime::Foia => "sections 10(1) and 17(1)",
            Regime::Eir => "regulations 5(2) and 14(2)",
        };
        out.push(warning_at(
            case,
            "date",
            format!(
                "the notice is dated {} working days after the request was received; it was due by {} ({provision})",
                t.response_days.unwrap_or(0),
                t.response_due
            ),
            "check the dates; a late notice is still issued, but the delay is a breach",
        ));
    }
}
