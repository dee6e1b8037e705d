//! A decision notice's reference and family: a lead and its follow-ons, and the
//! reasons a notice gives or adopts.

use crate::diagnostic::{Diagnostic, Located};
use crate::facts::{DecisionNotice, Role};

/// The reference, the family's lead and siblings, and who gives the reasons.
pub(super) fn check(d: &mut DecisionNotice, case: Located<'_>, problems: &mut Vec<Diagnostic>) {
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
}
