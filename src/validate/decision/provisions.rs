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
        if !known {
            problems.push(case.error_at(
                &format!("decision.findings[{i}].provision"),
                format!("`{}` is not a provision of the {}", f.provision, d.regime_name()),
                "give a citation such as \"14(1)\" or \"12(5)(e)\", or a procedural provision such as \"10(1)\"",
            ));
        }
    }
}
