//! The events of a decision notice's history: each after the request, each with what
//! its kind needs.

use super::super::push_citation_errors;
use crate::diagnostic::{Diagnostic, Located};
use crate::facts::{citations, DecisionNotice};
use crate::law::Law;

/// The events in order after the request, each with what its kind needs.
pub(super) fn check(
    d: &mut DecisionNotice,
    case: Located<'_>,
    law: &Law,
    problems: &mut Vec<Diagnostic>,
) {
    let cat = &law.catalogue;
    let regime = d.regime;
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
}
