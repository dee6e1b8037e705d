//! The register entry of a decision notice: what the Commissioner's published list of
//! decisions records of it (references, date, authority, regime, and each provision
//! with the complaint's outcome about it, as in "FOI 14: Not upheld FOI 10: Upheld").

use crate::facts::{Date, DecisionNotice, Outcome};
use crate::statute::Regime;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Register {
    pub references: Vec<String>,
    pub date: Date,
    pub authority: String,
    pub regime: &'static str,
    pub findings: Vec<RegisterFinding>,
    /// The findings as one line, the register's own form.
    pub line: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RegisterFinding {
    /// "FOI 31", "EIR 12(5)(e)"
    pub provision: String,
    /// "Upheld", "Not upheld", "Partly upheld" (from late 2018 "Complaint upheld" …)
    pub outcome: String,
}

/// The date from which the register words an outcome "Complaint upheld" rather than
/// "Upheld". Published summaries show the old form up to 17 October 2017 and the new
/// one from 1 October 2018; the change is taken to fall on 1 April 2018 (verify).
pub const COMPLAINT_WORDING_FROM: (i32, u32, u32) = (2018, 4, 1);

fn prefix(regime: Regime) -> &'static str {
    match regime {
        Regime::Foia => "FOI",
        Regime::Eir => "EIR",
    }
}

/// The register's label for a provision: FOIA by section number ("FOI 14" for
/// 14(1)); the EIR by the regulation's exception paragraph ("EIR 12(5)(e)") or number.
pub fn label(regime: Regime, provision: &str) -> String {
    let head: String = provision
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let number = match regime {
        Regime::Eir if head == "12" => provision
            .match_indices('(')
            .nth(2)
            .map_or(provision, |(i, _)| &provision[..i])
            .to_string(),
        Regime::Eir if head == "13" => provision
            .match_indices('(')
            .nth(1)
            .map_or(provision, |(i, _)| &provision[..i])
            .to_string(),
        _ => head,
    };
    format!("{} {number}", prefix(regime))
}

fn words(outcome: Outcome, date: Date) -> String {
    let (y, m, d) = COMPLAINT_WORDING_FROM;
    let complaint = chrono::NaiveDate::from_ymd_opt(y, m, d).is_some_and(|from| date.0 >= from);
    let (old, new) = match outcome {
        Outcome::Upheld => ("Upheld", "Complaint upheld"),
        Outcome::NotUpheld => ("Not upheld", "Complaint not upheld"),
        Outcome::PartlyUpheld => ("Partly upheld", "Complaint partly upheld"),
    };
    if complaint { new } else { old }.to_string()
}

/// The register entry of a checked decision notice. Where the caseworker lists the
/// findings, they are the entry, in order; otherwise each provision the decision is
/// about takes the notice's outcome, and each breach found is upheld.
pub fn entry(d: &DecisionNotice) -> Register {
    let mut findings: Vec<RegisterFinding> = Vec::new();
    let mut push = |provision: String, outcome: Outcome| {
        if !findings.iter().any(|f| f.provision == provision) {
            findings.push(RegisterFinding {
                provision,
                outcome: words(outcome, d.date),
            });
        }
    };
    if d.decision.findings.is_empty() {
        for c in &d.decision.citations {
            push(label(d.regime, &c.number), d.decision.outcome);
        }
        let not_held = d
            .final_parts()
            .iter()
            .any(|p| p.position == crate::facts::Position::NotHeld);
        if d.decision.held.is_some() || (d.decision.citations.is_empty() && not_held) {
            // Whether information is held is a question of section 1 (regulation 12(4)(a)).
            let provision = match d.regime {
                Regime::Foia => "1(1)",
                Regime::Eir => "12(4)(a)",
            };
            push(label(d.regime, provision), d.decision.outcome);
        }
        if d.decision.citations.is_empty() && d.response.is_none() {
            // A notice on a request never answered is about section 1 (regulation 5).
            let duty = match d.regime {
                Regime::Foia => "1(1)",
                Regime::Eir => "5(1)",
            };
            if !d
                .decision
                .breaches
                .iter()
                .any(|b| b.starts_with("10") || b.starts_with("5("))
            {
                push(label(d.regime, duty), d.decision.outcome);
            }
        }
        for b in &d.decision.breaches {
            push(label(d.regime, b), Outcome::Upheld);
        }
    } else {
        for f in &d.decision.findings {
            push(
                f.register
                    .clone()
                    .unwrap_or_else(|| label(d.regime, &f.provision)),
                f.outcome,
            );
        }
    }
    let line = findings
        .iter()
        .map(|f| format!("{}: {}", f.provision, f.outcome))
        .collect::<Vec<_>>()
        .join(" ");
    Register {
        references: d.reference.0.clone(),
        date: d.date,
        authority: d.authority.name.clone(),
        regime: d.regime_name(),
        findings,
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_registers_form() {
        assert_eq!(label(Regime::Foia, "14(1)"), "FOI 14");
        assert_eq!(label(Regime::Foia, "40(5B)(a)(i)"), "FOI 40");
        assert_eq!(label(Regime::Foia, "10(1)"), "FOI 10");
        assert_eq!(label(Regime::Eir, "12(5)(e)"), "EIR 12(5)(e)");
        assert_eq!(label(Regime::Eir, "13(1)"), "EIR 13(1)");
        assert_eq!(label(Regime::Eir, "14(2)"), "EIR 14");
    }
}
