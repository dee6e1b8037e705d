//! What Rust works out for a refusal notice's templates (`derived`).

use super::office::office_data;
use super::{capitalised, distinct, merged, part_view, PartView};
use crate::facts::{Position, RefusalNotice};
use crate::statute::Citation;
use crate::templates::join_and;
use serde::Serialize;

#[derive(Serialize)]
struct RefusalDerived<'a> {
    authority: &'a str,
    /// The short name as it starts a sentence ("The Council").
    #[serde(rename = "Authority")]
    authority_capitalised: String,
    parts: Vec<PartView<'a>>,
    all_ncnd: bool,
    any_ncnd: bool,
    any_refusal: bool,
    /// Every provision relied on is section 12 or 14.
    all_procedural: bool,
    /// The questions refused under an exemption (not NCND), merged and sorted.
    refused_questions: Vec<u32>,
    /// The questions neither confirmed nor denied, merged and sorted.
    ncnd_questions: Vec<u32>,
    /// The questions refused under section 12 or 14, merged and sorted.
    procedural_questions: Vec<u32>,
    qualified: bool,
    prejudice: bool,
    citations: Vec<Citation>,
    /// The exemptions (or exceptions) relied on: every citation but sections 12 and 14.
    exemptions: Vec<Citation>,
    /// The grounds sections 12 and 14 give, in order: "cost" (12), "vexatious" (14(1)),
    /// "repeated" (14(2)).
    grounds: Vec<&'static str>,
    /// The sections among 12 and 14 relied on, each once: "section 12", "section 14(2)".
    procedural_sections: Vec<String>,
    /// The section 12 appropriate limit ("£450"), where an estimate was costed.
    limit: Option<String>,
    /// "S31", joined.
    section_labels: String,
    timeline: Option<&'a crate::timeline::Timeline>,
    office: crate::facts::Office,
}

pub(super) fn refusal_context(
    r: &RefusalNotice,
    timeline: Option<&crate::timeline::Timeline>,
) -> tera::Context {
    let data = office_data();
    let mut citations: Vec<Citation> = Vec::new();
    for c in r.positions.iter().flat_map(|p| p.citations.iter()) {
        if !citations.iter().any(|x| x.number == c.number) {
            citations.push(c.clone());
        }
    }
    let sections = distinct(citations.iter().map(|c| match r.regime {
        crate::statute::Regime::Foia => format!("S{}", c.section),
        crate::statute::Regime::Eir => format!("Reg {}", c.section),
    }));
    let procedural = || citations.iter().filter(|c| c.procedural);
    let derived = RefusalDerived {
        authority: r.authority.short(),
        authority_capitalised: capitalised(r.authority.short()),
        parts: r.positions.iter().map(part_view).collect(),
        all_ncnd: r.positions.iter().all(|p| p.position == Position::Ncnd),
        any_ncnd: r.positions.iter().any(|p| p.position == Position::Ncnd),
        any_refusal: r
            .positions
            .iter()
            .any(|p| matches!(p.position, Position::Refused | Position::Ncnd)),
        all_procedural: !citations.is_empty() && citations.iter().all(|c| c.procedural),
        refused_questions: merged(
            r.positions
                .iter()
                .filter(|p| p.position == Position::Refused)
                .flat_map(|p| p.questions.iter().copied()),
        ),
        ncnd_questions: merged(
            r.positions
                .iter()
                .filter(|p| p.position == Position::Ncnd)
                .flat_map(|p| p.questions.iter().copied()),
        ),
        procedural_questions: merged(
            r.positions
                .iter()
                .filter(|p| p.citations.iter().any(|c| c.procedural))
                .flat_map(|p| p.questions.iter().copied()),
        ),
        qualified: citations.iter().any(|c| c.qualified),
        prejudice: citations.iter().any(|c| c.prejudice),
        exemptions: citations
            .iter()
            .filter(|c| !c.procedural)
            .cloned()
            .collect(),
        grounds: distinct(procedural().map(|c| {
            if c.number.starts_with("12") {
                "cost"
            } else if c.number.starts_with("14(2)") {
                "repeated"
            } else {
                "vexatious"
            }
        })),
        procedural_sections: distinct(procedural().map(|c| format!("section {}", c.section))),
        limit: r
            .positions
            .iter()
            .find_map(|p| p.cost)
            .map(|c| crate::facts::pounds(u64::from(c.limit))),
        citations,
        section_labels: join_and(&sections),
        timeline,
        office: r.office.clone().unwrap_or_else(|| data.office.clone()),
    };
    let mut ctx = tera::Context::new();
    ctx.insert("case", r);
    ctx.insert("derived", &derived);
    ctx
}
