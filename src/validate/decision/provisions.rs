//! The procedural provisions a decision names: the breaches found or set aside, and
//! each finding's provision, against the regime.

use crate::diagnostic::{Diagnostic, Located};
use crate::facts::DecisionNotice;
use crate::law::Law;

/// Each breach and each finding names a provision the regime has, once.
pub(super) fn check(
    d: &mut DecisionNotice,
    case: Located<'_>,
    law: &Law,
    problems: &mut Vec<Diagnostic>,
) {
    let cat = &law.catalogue;
    let regime = d.regime;
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
    // A bare section beside one of its subsections would tell one breach twice (a
    // subsection beside its own paragraph is not: the Commissioner finds 17(1), late,
    // beside 17(1)(b), what the notice left out: FS50192677, FS50305945).
    for (i, b) in d.decision.breaches.iter().enumerate() {
        if b.contains('(') {
            continue;
        }
        if let Some(sub) = d
            .decision
            .breaches
            .iter()
            .find(|o| o.starts_with(&format!("{b}(")))
        {
            problems.push(case.error_at(
                &format!("decision.breaches[{i}]"),
                format!("the breach of {b} is listed beside its own {sub}: the notice would tell one breach twice"),
                format!("list \"{sub}\" alone"),
            ));
        }
    }
    // Each finding names a provision the regime has.
    for (i, f) in d.decision.findings.iter().enumerate() {
        let procedural = crate::timeline::procedural_provisions(regime);
        // A procedural provision, or the one above it where the finding does not say
        // which limb, as the register prints it ("14(3)", "5" of the EIR).
        let p = f.provision.as_str();
        let known = procedural
            .iter()
            .any(|k| *k == p || k.starts_with(&format!("{p}(")))
            || matches!(p, "1" | "1(1)" | "10" | "17" | "16")
            || cat
                .parse_on(regime, &f.provision, Some(d.request.date.0))
                .is_ok();
        // Section 12 or 14 refuses the request: it applies, or it does not, never to
        // some of the information.
        if f.outcome == crate::facts::Outcome::PartlyUpheld
            && regime == crate::statute::Regime::Foia
            && cat
                .parse_on(regime, &f.provision, Some(d.request.date.0))
                .is_ok_and(|c| c.procedural)
        {
            problems.push(case.error_at(
                &format!("decision.findings[{i}].outcome"),
                format!(
                    "section {} refuses the request: the complaint about it is upheld or not, never for some of the information",
                    f.provision
                ),
                "give outcome = \"upheld\" or \"not-upheld\"; where it was right for one request and not another, say so in decision.finding",
            ));
        }
        if !known {
            problems.push(case.error_at(
                &format!("decision.findings[{i}].provision"),
                format!("`{}` is not a provision of the {}", f.provision, d.regime_name()),
                "give a citation such as \"14(1)\" or \"12(5)(e)\", or a procedural provision such as \"10(1)\"",
            ));
        }
    }
}

/// Every provision the Decision will say (run after the events' citations are
/// resolved) the authority was (or was not) entitled to
/// rely on was relied on: by a response, a review, an event, or the decision itself.
pub(super) fn relied_on(d: &DecisionNotice, case: Located<'_>, problems: &mut Vec<Diagnostic>) {
    let relied: Vec<&str> = d
        .every_part()
        .flat_map(|p| p.citations.iter())
        .chain(d.events.iter().flat_map(|e| e.citations.iter()))
        .chain(d.decision.citations.iter())
        .map(|c| c.number.as_str())
        .collect();
    let told = d.findings_told();
    for p in told
        .entitled
        .iter()
        .chain(&told.partly)
        .chain(&told.not_entitled)
    {
        let found = relied
            .iter()
            .any(|r| r == p || r.starts_with(&format!("{p}(")));
        if found {
            continue;
        }
        let Some(i) = d
            .decision
            .findings
            .iter()
            .position(|f| f.provision.trim().ends_with(p.as_str()))
        else {
            continue;
        };
        let unit = match d.regime {
            crate::statute::Regime::Eir => "regulation",
            crate::statute::Regime::Foia => "section",
        };
        problems.push(case.error_at(
            &format!("decision.findings[{i}].provision"),
            format!(
                "the Decision would say whether the authority was entitled to rely on {unit} {p}, but nothing here relied on it"
            ),
            "record the provision where the authority relied on it (response or review parts, an exemption-added event), name it in decision.exemption, or remove the finding",
        ));
    }
}

/// A breach of a refusal notice (its time or what it must say) needs a refusal: a response, review or
/// further response that refused (or neither confirmed nor denied) something.
pub(super) fn refusal_breaches(
    d: &DecisionNotice,
    case: Located<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    use crate::facts::Position;
    let refused = d
        .every_part()
        .any(|p| {
            matches!(p.position, Position::Refused | Position::Ncnd)
                // Under the EIR, information not held is refused under regulation
                // 12(4)(a), in a refusal notice.
                || (d.regime == crate::statute::Regime::Eir && p.position == Position::NotHeld)
        })
        // A provision first relied on later was relied on in a refusal, however late.
        || d
            .events
            .iter()
            .any(|e| e.kind == crate::facts::EventKind::ExemptionAdded);
    if refused {
        return;
    }
    let extended = d
        .events
        .iter()
        .any(|e| e.kind == crate::facts::EventKind::Extension);
    for (i, b) in d.decision.breaches.iter().enumerate() {
        let content = matches!(
            b.as_str(),
            "17" | "17(1)"
                | "14(2)"
                | "17(1)(a)"
                | "17(1)(b)"
                | "17(1)(c)"
                | "17(3)(b)"
                | "17(7)"
                | "14(3)(a)"
                | "14(3)(b)"
                | "14(5)"
        );
        // Taking too long over the public interest needs a refusal, or an extension
        // the authority took to consider it.
        let public_interest = b == "17(3)" && !extended;
        if content || public_interest {
            problems.push(case.error_at(
                &format!("decision.breaches[{i}]"),
                format!(
                    "the breach of {b} is about a refusal notice, but no response here refused anything"
                ),
                "record the refusal in the response's parts (position = \"refused\" or \"ncnd\"), or remove the breach",
            ));
        }
    }
}
