//! From checked facts to a document: what Rust works out for the templates (pronouns,
//! joined citations, family sizes, contact details by date), the template run, and the
//! parse of its output into the document model.

use crate::case::Case;
use crate::error::Error;
use crate::facts::{
    DecisionNotice, Notice, Part, Position, Pronoun, RefusalNotice, ReviewOutcome, Role,
};
use crate::markup;
use crate::model::Document;
use crate::statute::Citation;
use crate::templates::{join_and, Templates};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const OFFICE: &str = include_str!("../data/office.toml");

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficeData {
    office: crate::facts::Office,
    tribunal: Vec<Dated<crate::facts::Tribunal>>,
    commissioner: Vec<Dated<PronounEntry>>,
    format: Vec<Dated<Format>>,
    code_of_practice: Vec<Dated<CodeEdition>>,
}

/// The section 45 code of practice of an era.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CodeEdition {
    edition: String,
}

/// The decision notice format of an era: its template and how it names the Act.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Format {
    template: String,
    /// "FOIA" ("of the FOIA"), or "Act" in the first format ("of the Act").
    act: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Dated<T> {
    from: crate::facts::Date,
    #[serde(flatten)]
    value: T,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct PronounEntry {
    pronoun: Pronoun,
}

fn office_data() -> &'static OfficeData {
    static DATA: OnceLock<OfficeData> = OnceLock::new();
    DATA.get_or_init(|| toml::from_str(OFFICE).expect("the embedded office data is valid (tested)"))
}

fn in_force<T: Clone>(list: &[Dated<T>], date: crate::facts::Date) -> Option<T> {
    list.iter()
        .filter(|d| d.from <= date)
        .max_by_key(|d| d.from)
        .map(|d| d.value.clone())
}

/// A response part as the templates see it.
#[derive(Debug, Serialize)]
struct PartView<'a> {
    questions: &'a [u32],
    position: Position,
    answer: Option<&'a str>,
    /// "section 31(3) (law enforcement)", joined with "and".
    formal: String,
    /// "section 31(3)", joined.
    short: String,
    /// Number of exemptions cited.
    count: usize,
    qualified: bool,
    /// Section 12 or 14: the authority is not obliged to comply at all.
    procedural: bool,
    /// The section 12 estimate, costed.
    cost: Option<crate::facts::Cost>,
    activities: Option<&'a str>,
}

fn part_view(p: &Part) -> PartView<'_> {
    PartView {
        questions: &p.questions,
        position: p.position,
        answer: p.answer.as_deref(),
        formal: joined(&p.citations, |c| c.formal.clone()),
        short: joined(&p.citations, |c| c.short.clone()),
        count: p.citations.len(),
        qualified: p.citations.iter().any(|c| c.qualified),
        procedural: !p.citations.is_empty() && p.citations.iter().all(|c| c.procedural),
        cost: p.cost,
        activities: p.estimate.as_ref().and_then(|e| e.activities.as_deref()),
    }
}

fn merged(qs: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut v: Vec<u32> = qs.collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn joined(cs: &[Citation], f: impl Fn(&Citation) -> String) -> String {
    join_and(&cs.iter().map(f).collect::<Vec<_>>())
}

#[derive(Serialize)]
struct DecisionDerived<'a> {
    authority: &'a str,
    /// The authority's short name as it starts a sentence ("The council").
    #[serde(rename = "Authority")]
    authority_start: String,
    /// The decision is about section 12 or 14 alone: the request was refused, rather
    /// than information withheld.
    refuses: bool,
    /// The decision is whether the authority holds the information (section 1(1)(a)):
    /// it said it held none, and no exemption is in question.
    not_held_decision: bool,
    /// The authority named the first time, as it starts a sentence: the
    /// `first_mention` that defines the short name, or the short name.
    #[serde(rename = "Authority_first")]
    authority_first: String,
    /// Who the steps paragraphs name ("the public authority" or the short name), and
    /// as it starts a sentence.
    steps_subject: String,
    #[serde(rename = "Steps_subject")]
    steps_subject_start: String,
    /// "requested information about" or the case's own opening.
    opening: String,
    /// The opening after "The complainant requested" ("information about").
    opening_past: String,
    /// The notice's references and those of the further requests it joins.
    references: Vec<String>,
    /// The further requests, each with its parts as the templates see them.
    further: Vec<FurtherView<'a>>,
    act: &'static str,
    complainant: crate::facts::PronounForms,
    commissioner: crate::facts::PronounForms,
    parts: Vec<PartView<'a>>,
    /// The contested part: the first refused or NCND part.
    principal: Option<PartView<'a>>,
    ncnd: bool,
    /// Some of the request was answered or not held, besides the contested part.
    partial: bool,
    /// The questions the complainant did not contest, merged and sorted.
    not_contested: Vec<u32>,
    exemption_short: String,
    exemption_formal: String,
    exemption_count: usize,
    follow_on: bool,
    family_size: usize,
    sibling_count: usize,
    review_after_complaint: bool,
    /// What the dates show (response due, review length, complaint time limit,
    /// compliance and appeal dates).
    timeline: Option<&'a crate::timeline::Timeline>,
    /// The breaches found: those the dates show and those the facts list, in order.
    breaches: Vec<Breach>,
    /// The breaches' labels ("section 10(1)"), for joining.
    breach_labels: Vec<String>,
    /// The breaches as a list in prose: "section 10(1)", "sections 10(1) and 17(1)".
    breach_list: String,
    /// Every breach found is of the time for a refusal notice (17(1), 17(5); EIR 14(2)).
    late_refusal_only: bool,
    /// Events up to the complaint (told in "Request and response") and after it
    /// (during the investigation, told in "Scope of the case").
    events_before: Vec<EventView<'a>>,
    events_during: Vec<EventView<'a>>,
    /// No substantive response, but the authority did write (a holding reply, an
    /// extension, a reply that did not say whether it held the information).
    wrote_without_responding: bool,
    /// The usual time limit for a complaint, in months.
    complaint_months: u32,
    review_days: u32,
    review_max_days: u32,
    /// The section 45 code of practice in force on the notice date: "2004" or "2018".
    code_of_practice: String,
    tribunal: crate::facts::Tribunal,
    /// The tribunal's name: the case file's, or the one for the notice date.
    tribunal_name: String,
    office: crate::facts::Office,
}

/// A further request as the templates see it.
#[derive(Debug, Serialize)]
struct FurtherView<'a> {
    date: crate::facts::Date,
    wording: &'a str,
    reference: Option<&'a str>,
    response: Option<&'a crate::facts::Response>,
    parts: Vec<PartView<'a>>,
    review: Option<&'a crate::facts::Review>,
}

/// An event as the templates see it.
#[derive(Debug, Serialize)]
struct EventView<'a> {
    date: crate::facts::Date,
    kind: crate::facts::EventKind,
    /// "section 43(2) (commercial interests)", joined.
    formal: String,
    /// "section 43(2)", joined.
    short: String,
    count: usize,
    until: Option<crate::facts::Date>,
    text: Option<&'a str>,
    /// The event came the day the request was made ("the same day").
    same_day_as_request: bool,
}

fn event_view(e: &crate::facts::Event) -> EventView<'_> {
    EventView {
        date: e.date,
        kind: e.kind,
        formal: joined(&e.citations, |c| c.formal.clone()),
        short: joined(&e.citations, |c| c.short.clone()),
        count: e.citations.len(),
        until: e.until,
        text: e.text.as_deref(),
        same_day_as_request: false,
    }
}

/// A procedural breach as the templates see it.
#[derive(Debug, Serialize)]
struct Breach {
    /// "10(1)"
    code: String,
    /// "section 10(1)" or "regulation 5(2)"
    label: String,
}

/// The breaches the notice finds: those the caseworker lists (the dates only propose
/// them), in the order of the legislation.
fn breaches(d: &DecisionNotice) -> Vec<Breach> {
    let mut codes: Vec<&String> = Vec::new();
    for b in &d.decision.breaches {
        if !codes.contains(&b) {
            codes.push(b);
        }
    }
    // In the order of the legislation: by the number, then the subsection.
    codes.sort_by_key(|c| {
        let n: u32 = c
            .split('(')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(u32::MAX);
        (n, c.to_string())
    });
    // Within a section, "17(1)" before "17(1)(b)" before "17(3)".
    let unit = d.regime.unit();
    codes
        .into_iter()
        .map(|c| Breach {
            code: c.clone(),
            label: format!("{unit} {c}"),
        })
        .collect()
}

#[derive(Serialize)]
struct RefusalDerived<'a> {
    authority: &'a str,
    parts: Vec<PartView<'a>>,
    all_ncnd: bool,
    any_ncnd: bool,
    any_refusal: bool,
    /// Every provision relied on is section 12 or 14.
    all_procedural: bool,
    /// The questions refused under an exemption (not NCND), merged and sorted.
    refused_questions: Vec<u32>,
    qualified: bool,
    prejudice: bool,
    citations: Vec<Citation>,
    /// "S31", joined.
    section_labels: String,
    timeline: Option<&'a crate::timeline::Timeline>,
    office: crate::facts::Office,
}

fn decision_context(
    d: &DecisionNotice,
    timeline: Option<&crate::timeline::Timeline>,
) -> tera::Context {
    let data = office_data();
    let parts: &[Part] = d.response.as_ref().map_or(&[], |r| &r.parts);
    let principal = parts
        .iter()
        .find(|p| matches!(p.position, Position::Refused | Position::Ncnd));
    let ncnd = principal.is_some_and(|p| p.position == Position::Ncnd);
    let commissioner = d
        .commissioner_pronoun
        .or_else(|| in_force(&data.commissioner, d.date).map(|e| e.pronoun))
        .unwrap_or(Pronoun::He);
    let family = d.family.as_ref();
    let found = breaches(d);
    let format = decision_format(d.date);
    let derived = DecisionDerived {
        authority: d.authority.short(),
        authority_start: capitalised(d.authority.short()),
        authority_first: capitalised(
            d.authority
                .first_mention
                .as_deref()
                .unwrap_or(d.authority.short()),
        ),
        steps_subject: d
            .decision
            .steps_subject
            .clone()
            .unwrap_or_else(|| d.authority.short().to_string()),
        steps_subject_start: capitalised(
            d.decision
                .steps_subject
                .as_deref()
                .unwrap_or(d.authority.short()),
        ),
        opening: d.request.opening.clone().unwrap_or_else(|| {
            if d.further_requests.is_empty() {
                "requested information about".into()
            } else {
                format!(
                    "made {} requests for information about",
                    crate::templates::number_words(d.further_requests.len() as u64 + 1)
                )
            }
        }),
        refuses: !d.decision.citations.is_empty()
            && d.decision.citations.iter().all(|c| c.procedural),
        not_held_decision: d.decision.citations.is_empty()
            && parts.iter().any(|p| p.position == Position::NotHeld),
        references: {
            let mut refs = d.reference.0.clone();
            for r in d
                .further_requests
                .iter()
                .filter_map(|f| f.reference.as_ref())
            {
                if !refs.contains(r) {
                    refs.push(r.clone());
                }
            }
            refs
        },
        further: d
            .further_requests
            .iter()
            .map(|f| FurtherView {
                date: f.date,
                wording: &f.wording,
                reference: f.reference.as_deref(),
                response: f.response.as_ref(),
                parts: f
                    .response
                    .iter()
                    .flat_map(|r| r.parts.iter())
                    .map(part_view)
                    .collect(),
                review: f.review.as_ref(),
            })
            .collect(),
        act: match (d.regime, format.act.as_str()) {
            (crate::statute::Regime::Eir, "Act") => "Regulations",
            (crate::statute::Regime::Eir, _) => "EIR",
            (_, "Act") => "Act",
            _ => "FOIA",
        },
        opening_past: d
            .request
            .opening
            .as_deref()
            .map(|o| o.strip_prefix("requested ").unwrap_or(o).to_string())
            .unwrap_or_else(|| "information about".into()),
        complainant: d.complainant.pronoun.forms(),
        commissioner: commissioner.forms(),
        parts: parts.iter().map(part_view).collect(),
        principal: principal.map(part_view),
        ncnd,
        partial: principal.is_some()
            && parts
                .iter()
                .any(|p| matches!(p.position, Position::Provided | Position::NotHeld)),
        not_contested: merged(
            d.scope
                .iter()
                .flat_map(|s| s.excluded.iter())
                .filter(|e| e.reason == crate::facts::ExclusionReason::NotContested)
                .flat_map(|e| e.questions.iter().copied()),
        ),
        exemption_short: joined(&d.decision.citations, |c| c.short.clone()),
        exemption_formal: joined(&d.decision.citations, |c| c.formal.clone()),
        exemption_count: d.decision.citations.len(),
        follow_on: family.is_some_and(|f| f.role == Role::FollowOn),
        family_size: family.map_or(1, |f| f.siblings.len() + 1),
        sibling_count: family.map_or(0, |f| f.siblings.len()),
        review_after_complaint: d
            .review
            .as_ref()
            .and_then(|r| r.requested)
            .is_some_and(|requested| requested >= d.complaint.date),
        timeline,
        breach_labels: found.iter().map(|b| b.label.clone()).collect(),
        breach_list: provisions_in_prose(d.regime, found.iter().map(|b| b.code.clone())),
        late_refusal_only: !found.is_empty()
            && found.iter().all(|b| match d.regime {
                crate::statute::Regime::Foia => b.code == "17(1)" || b.code == "17(5)",
                crate::statute::Regime::Eir => b.code == "14(2)",
            }),
        events_before: d
            .events
            .iter()
            .filter(|e| e.date <= d.complaint.date)
            .map(|e| EventView {
                same_day_as_request: e.date == d.request.date,
                ..event_view(e)
            })
            .collect(),
        events_during: d
            .events
            .iter()
            .filter(|e| e.date > d.complaint.date)
            .map(event_view)
            .collect(),
        wrote_without_responding: d.response.is_none()
            && d.events.iter().any(|e| {
                use crate::facts::EventKind as K;
                matches!(e.kind, K::HoldingReply | K::Extension | K::NoConfirmation)
            }),
        breaches: found,
        complaint_months: crate::timeline::COMPLAINT_MONTHS,
        review_days: crate::timeline::REVIEW_DAYS,
        review_max_days: crate::timeline::REVIEW_MAX_DAYS,
        code_of_practice: in_force(&data.code_of_practice, d.date)
            .map_or_else(|| "2018".into(), |c| c.edition),
        tribunal_name: d
            .tribunal
            .as_ref()
            .and_then(|t| t.name.clone())
            .or_else(|| in_force(&data.tribunal, d.date).and_then(|t| t.name))
            .unwrap_or_else(|| "First-tier Tribunal (Information Rights)".into()),
        tribunal: d
            .tribunal
            .clone()
            .or_else(|| in_force(&data.tribunal, d.date))
            .expect("the office data has a tribunal entry from 2000"),
        office: d.office.clone().unwrap_or_else(|| data.office.clone()),
    };
    let mut ctx = tera::Context::new();
    ctx.insert("case", d);
    ctx.insert("derived", &derived);
    ctx.insert(
        "review_declined",
        &d.review
            .as_ref()
            .is_some_and(|r| r.outcome == ReviewOutcome::Declined),
    );
    ctx
}

fn refusal_context(
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
    let mut sections: Vec<String> = Vec::new();
    for c in &citations {
        let label = match r.regime {
            crate::statute::Regime::Foia => format!("S{}", c.section),
            crate::statute::Regime::Eir => format!("Reg {}", c.section),
        };
        if !sections.contains(&label) {
            sections.push(label);
        }
    }
    let derived = RefusalDerived {
        authority: r.authority.short(),
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
        qualified: citations.iter().any(|c| c.qualified),
        prejudice: citations.iter().any(|c| c.prejudice),
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

/// Provisions as a list in prose: "section 10(1)", "sections 10(1) and 17(5)",
/// "regulations 5(2) and 14(2)".
fn provisions_in_prose(
    regime: crate::statute::Regime,
    codes: impl Iterator<Item = String>,
) -> String {
    let codes: Vec<String> = codes.collect();
    let unit = regime.unit();
    match codes.len() {
        0 => String::new(),
        1 => format!("{unit} {}", codes[0]),
        _ => format!("{unit}s {}", join_and(&codes)),
    }
}

/// Numbered paragraphs with a sentence that starts in lower case (after a full stop,
/// or at the start), as (paragraph number, the sentence's first words): a template
/// or a prose field that would print "the council responded…" at a sentence start.
/// Quotations are the requester's words and are not looked at.
pub fn lower_case_sentence_starts(doc: &Document) -> Vec<(u32, String)> {
    const ABBREVIATIONS: [&str; 9] = [
        "e.g.", "i.e.", "etc.", "s.", "no.", "para.", "reg.", "cf.", "vs.",
    ];
    let mut out = Vec::new();
    for b in &doc.blocks {
        let crate::model::Block::Paragraph {
            number: Some(n),
            text,
        } = b
        else {
            continue;
        };
        let plain = crate::model::plain_text(text);
        let words: Vec<&str> = plain.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            let starts_sentence = i == 0
                || (words[i - 1].ends_with(['.', '?', '!'])
                    && !ABBREVIATIONS.contains(&words[i - 1].to_lowercase().as_str()));
            let first = w
                .trim_start_matches(['"', '“', '‘', '(', '\''])
                .chars()
                .next();
            if starts_sentence && first.is_some_and(char::is_lowercase) {
                out.push((*n, words[i..words.len().min(i + 6)].join(" ")));
            }
        }
    }
    out
}

/// Text as it starts a sentence: its first letter a capital.
pub fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The decision notice format for a notice date (the office data's, by era).
fn decision_format(date: crate::facts::Date) -> Format {
    in_force(&office_data().format, date).unwrap_or(Format {
        template: "decision-notice.tera".into(),
        act: "FOIA".into(),
    })
}

/// The template a case renders with: a decision notice's by its date.
pub fn template_name(case: &Case) -> String {
    match &case.notice {
        Notice::Decision(d) => decision_format(d.date).template,
        Notice::Refusal(_) => "refusal-notice.tera".into(),
    }
}

/// Runs the case's template: the notice in notice markup.
pub fn markup(case: &Case, templates: &Templates) -> Result<String, Error> {
    let ctx = match &case.notice {
        Notice::Decision(d) => decision_context(d, case.timeline.as_ref()),
        Notice::Refusal(r) => refusal_context(r, case.timeline.as_ref()),
    };
    templates.render(&template_name(case), &ctx)
}

/// Builds the document for a case: template, then markup parse, then the personal-data
/// guard (the complainant's name must appear nowhere in the notice).
pub fn document(case: &Case, templates: &Templates) -> Result<Document, Error> {
    let text = markup(case, templates)?;
    let extra: Vec<(String, String)> = case
        .footnotes()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let doc = markup::parse_document(&text, &extra).map_err(|e| {
        let line = text[..e.offset.min(text.len())].matches('\n').count() + 1;
        Error::Markup {
            name: template_name(case),
            message: format!("{} at line {line} of its output; {}", e.message, e.hint),
        }
    })?;
    if let Some(name) = case.complainant_name() {
        let rendered = crate::render::text::render(&doc);
        if let Some((line, _, _)) = find_name(&rendered, name) {
            return Err(Error::Case(vec![name_in_notice(case, name, line)]));
        }
    }
    Ok(doc)
}

/// The personal-data error, pointed at the fact the name came from when the case
/// file holds it outside `complainant.name`, else at `complainant.name` itself.
fn name_in_notice(case: &Case, name: &str, line: usize) -> crate::diagnostic::Diagnostic {
    let own = case.spans.value("complainant.name");
    let mut from = 0;
    let found = loop {
        let Some((_, at, len)) = find_name(&case.source[from..], name) else {
            break None;
        };
        let at = from + at;
        if own.as_ref().is_some_and(|r| r.contains(&at)) {
            from = at + 1;
            continue;
        }
        break Some((at, len));
    };
    let help = "published notices never name the complainant; refer to \"the complainant\" instead";
    if case.source.is_empty() {
        // Facts with no source text (a bulk follower merged with its lead): the field
        // is found in the facts, for the caller to locate where it was set.
        if let Some(field) = field_naming(case, name) {
            return crate::diagnostic::Diagnostic::error(
                &case.path,
                &field,
                format!("the complainant's name appears in `{field}`, which is printed in the notice (line {line} of the text)"),
                help,
            );
        }
    }
    match found.and_then(|(at, len)| case.spans.field_at(at).map(|f| (at, len, f.to_string()))) {
        Some((at, len, field)) => {
            crate::diagnostic::Diagnostic::error(
                &case.path,
                &field,
                format!("the complainant's name appears in `{field}`, which is printed in the notice (line {line} of the text)"),
                help,
            )
            .at(&case.source, at..at + len)
        }
        None => case.error_at(
            "complainant.name",
            format!("the complainant's name appears in the notice (line {line} of the text), put there by a template"),
            "check the templates given with --templates; published notices never name the complainant",
        ),
    }
}

/// The first field of the facts whose text names the complainant.
fn field_naming(case: &Case, name: &str) -> Option<String> {
    let value = match &case.notice {
        Notice::Decision(d) => serde_json::to_value(d),
        Notice::Refusal(r) => serde_json::to_value(r),
    }
    .ok()?;
    let mut strings = Vec::new();
    crate::facts::strings(&value, String::new(), &mut strings);
    strings
        .into_iter()
        .find(|(_, text)| find_name(text, name).is_some())
        .map(|(field, _)| field)
}

/// The 1-based line and byte offset in `text` where `name` (or its surname) first
/// occurs as whole words, ignoring case.
fn find_name(text: &str, name: &str) -> Option<(usize, usize, usize)> {
    let lower = text.to_lowercase();
    let name = name.trim().to_lowercase();
    let mut needles = vec![name.clone()];
    if let Some(last) = name.split_whitespace().last() {
        if last.chars().count() > 2 && last != name {
            needles.push(last.to_string());
        }
    }
    needles.iter().filter(|n| !n.is_empty()).find_map(|n| {
        lower.match_indices(n.as_str()).find_map(|(i, _)| {
            let before = lower[..i].chars().last();
            let after = lower[i + n.len()..].chars().next();
            let word = before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric());
            word.then(|| (lower[..i].matches('\n').count() + 1, i, n.len()))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_data_loads_and_picks_by_date() {
        let d = office_data();
        let date =
            |s: &str| crate::facts::Date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        assert_eq!(
            in_force(&d.commissioner, date("2018-09-20"))
                .unwrap()
                .pronoun,
            Pronoun::She
        );
        assert_eq!(
            in_force(&d.commissioner, date("2015-01-01"))
                .unwrap()
                .pronoun,
            Pronoun::He
        );
        assert_eq!(
            in_force(&d.commissioner, date("2023-01-01"))
                .unwrap()
                .pronoun,
            Pronoun::He
        );
    }

    #[test]
    fn names_are_found_as_whole_words() {
        assert_eq!(find_name("a\nJane Doe wrote", "Jane Doe"), Some((2, 2, 8)));
        assert_eq!(find_name("Ms Doe wrote", "Jane Doe"), Some((1, 3, 3)));
        assert_eq!(find_name("Doescher wrote", "Jane Doe"), None);
    }
}
