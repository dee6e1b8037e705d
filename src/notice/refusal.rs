//! What Rust works out for a refusal notice's templates (`derived`).

use super::office::office_data;
use super::{capitalised, distinct, merged, part_view, weighed, PartView};
use crate::error::Error;
use crate::facts::{Position, RefusalNotice};
use crate::statute::Citation;
use crate::style::{CitationForm, Style};
use crate::templates::join_and;
use crate::templates::Templates;
use serde::Serialize;
use std::collections::BTreeMap;

/// A question as the request words it.
#[derive(Serialize)]
struct Asked {
    number: u32,
    text: String,
}

#[derive(Serialize)]
struct RefusalDerived<'a> {
    authority: &'a str,
    /// The short name as it starts a sentence ("The Council").
    #[serde(rename = "Authority")]
    authority_capitalised: String,
    parts: Vec<PartView<'a>>,
    /// For each part, the text of each of its questions as the request words them
    /// (empty when the part answers the whole request or the request is unnumbered),
    /// for a style laid out question by question.
    asked: Vec<Vec<Asked>>,
    /// The request's words before its first numbered question.
    preamble: String,
    /// Parts answered with information disclosed in part (redacted).
    any_redacted: bool,
    /// Some part answered, wholly or with redactions.
    any_provided: bool,
    /// What the public interest test weighs: "ncnd" when every qualified exemption
    /// is relied on to neither confirm nor deny, "disclosure" when none is, "both".
    pit_subject: &'static str,
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
    /// Those refused under section 12 alone, and under section 14 alone.
    cost_questions: Vec<u32>,
    section14_questions: Vec<u32>,
    /// The labels of the parts refused under section 14, where the request does not
    /// number its questions ("the figures for 2024"), each once.
    section14_labels: Vec<String>,
    qualified: bool,
    prejudice: bool,
    citations: Vec<Citation>,
    /// The exemptions (or exceptions) relied on: every citation but sections 12 and 14,
    /// and the EIR's "not held" exception, which withholds nothing.
    exemptions: Vec<Citation>,
    /// The grounds sections 12 and 14 give, in order: "cost" (12), "vexatious" (14(1)),
    /// "repeated" (14(2)).
    grounds: Vec<&'static str>,
    /// The sections among 12 and 14 relied on, each once: "section 12", "section 14(2)".
    procedural_sections: Vec<String>,
    /// The section 12 appropriate limit ("£450"), where section 12 is relied on with an
    /// estimate.
    limit: Option<String>,
    /// "S31", joined: the qualified exemptions, which the public interest test weighs.
    section_labels: String,
    /// "section 17 of the Freedom of Information Act 2000", or regulation 14 EIR.
    refusal_provision: &'static str,
    /// "exemption", or "exception" under the EIR.
    exemption_word: &'static str,
    /// The qualified exemptions relied on ("section 31(3)"), and the absolute ones.
    qualified_sections: Vec<String>,
    absolute_sections: Vec<String>,
    /// The sections (or regulations) of the qualified exemptions, each once: "31".
    qualified_section_numbers: Vec<String>,
    timeline: Option<&'a crate::timeline::Timeline>,
    office: crate::facts::Office,
    /// The facts a style's paragraph can be conditional on (`style::FACTS`), by name.
    facts: BTreeMap<&'static str, bool>,
}

/// The letter's facts that a style's sentences may presuppose (`style::FACTS`): each
/// worked out here, so that a paragraph printed `when` one holds is never printed
/// where it does not.
fn letter_facts(
    r: &RefusalNotice,
    timeline: Option<&crate::timeline::Timeline>,
) -> BTreeMap<&'static str, bool> {
    let parts = &r.positions;
    let cites = |f: &dyn Fn(&Citation) -> bool| parts.iter().flat_map(|p| &p.citations).any(f);
    let procedural = |prefix: &str| cites(&|c| c.procedural && c.number.starts_with(prefix));
    let facts: BTreeMap<&'static str, bool> = [
        (
            "supplied",
            parts.iter().any(|p| p.position == Position::Provided),
        ),
        (
            "withheld",
            parts.iter().any(|p| {
                p.redacted.is_some()
                    || (p.position == Position::Refused
                        && p.citations.iter().any(|c| !c.procedural))
            }),
        ),
        ("redacted", parts.iter().any(|p| p.redacted.is_some())),
        ("ncnd", parts.iter().any(|p| p.position == Position::Ncnd)),
        (
            "all_ncnd",
            parts.iter().all(|p| p.position == Position::Ncnd),
        ),
        (
            "not_held",
            parts.iter().any(|p| p.position == Position::NotHeld),
        ),
        (
            "transferred",
            parts
                .iter()
                .any(|p| p.position == Position::Transferred || p.transfer.is_some()),
        ),
        ("exemption", cites(&|c| !c.procedural)),
        ("qualified", cites(&|c| !c.procedural && weighed(c))),
        ("absolute", cites(&|c| !c.procedural && c.absolute)),
        ("cost", procedural("12")),
        (
            "vexatious",
            cites(&|c| {
                c.procedural && c.number.starts_with("14") && !c.number.starts_with("14(2)")
            }),
        ),
        ("repeated", procedural("14(2)")),
        ("review", r.review.is_some()),
        ("advice", r.advice.is_some()),
        ("late", timeline.is_some_and(|t| t.response_late)),
        ("eir", r.regime == crate::statute::Regime::Eir),
    ]
    .into_iter()
    .collect();
    debug_assert!(crate::style::FACTS
        .iter()
        .all(|(n, _)| facts.contains_key(n)));
    facts
}

/// The letter to the requester, or the copy an authority publishes in its
/// disclosure log (no name, address or greeting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copy {
    Letter,
    Published,
}

impl Copy {
    pub fn name(self) -> &'static str {
        match self {
            Copy::Letter => "letter",
            Copy::Published => "published",
        }
    }
}

#[derive(Serialize)]
struct RequesterView<'a> {
    name: &'a str,
    address: &'a [String],
    salutation: &'a str,
}

/// The refusal notice's markup: the context, the house style's strings rendered in
/// it, then the notice template (the style's own where it replaces one).
pub(super) fn refusal_markup(
    r: &RefusalNotice,
    style: &Style,
    copy: Copy,
    templates: &Templates,
    timeline: Option<&crate::timeline::Timeline>,
) -> Result<String, Error> {
    // The provisions' titles as the style spells them.
    let retitled;
    let r = if style.titles.is_empty() {
        r
    } else {
        let mut copy = r.clone();
        for c in copy
            .positions
            .iter_mut()
            .flat_map(|p| p.citations.iter_mut())
        {
            if let Some(t) = style.title(&c.number, &c.section) {
                c.title = t.to_string();
            }
        }
        retitled = copy;
        &retitled
    };
    // Where the request does not number its questions, the numbers the case gives
    // them (`request.questions`) serve the checks; the letter names a labelled part
    // by its label, never by a number the requester never wrote.
    let unnumbered;
    let r = if crate::validate::numbered_questions(&r.request.wording).is_none()
        && r.positions
            .iter()
            .any(|p| p.label.is_some() && !p.questions.is_empty())
    {
        let mut copy = r.clone();
        for p in copy.positions.iter_mut().filter(|p| p.label.is_some()) {
            p.questions.clear();
        }
        unnumbered = copy;
        &unnumbered
    } else {
        r
    };
    let mut ctx = refusal_context(r, timeline);
    ctx.insert("copy", copy.name());
    // The house's form for every date the `date` filter writes.
    ctx.insert(
        "date_format",
        &serde_json::to_value(style.letter.date_format).expect("a date format serialises"),
    );
    let requester = r.requester.as_ref();
    ctx.insert(
        "requester",
        &RequesterView {
            name: requester.and_then(|q| q.name.as_deref()).unwrap_or(""),
            address: requester.map_or(&[], |q| q.address.as_slice()),
            salutation: requester
                .and_then(|q| q.salutation.as_deref())
                .unwrap_or(""),
        },
    );
    let facts = letter_facts(r, timeline);
    templates.with_overrides(&style.templates, |tera| {
        let view = style_view(style, tera, &ctx, r, &facts)?;
        ctx.insert("style", &view);
        tera.render(TEMPLATE, &ctx)
            .map_err(|e| Error::template(TEMPLATE, e))
    })?
}

const TEMPLATE: &str = "refusal-notice.tera";

/// The style's letter settings, headings and wording with every string rendered in
/// the case's context, and one citation line per exemption relied on.
fn style_view(
    style: &Style,
    tera: &tera::Tera,
    ctx: &tera::Context,
    r: &RefusalNotice,
    facts: &BTreeMap<&'static str, bool>,
) -> Result<serde_json::Value, Error> {
    let where_ = |field: &str| format!("house style \"{}\", {field}", style.name);
    let render = |text: &str, ctx: &tera::Context, field: &str| {
        tera.render_str(text, ctx, true)
            .map_err(|e| Error::template(&where_(field), e))
    };
    let mut view = serde_json::Map::new();
    for (key, value) in [
        ("letter", serde_json::to_value(&style.letter)),
        ("headings", serde_json::to_value(&style.headings)),
        ("wording", serde_json::to_value(&style.wording)),
    ] {
        let mut value = value.expect("a style serialises");
        if let Some(map) = value.as_object_mut() {
            // Rendered once per citation, below.
            map.remove("citation");
            // A paragraph that presupposes facts is kept only where they hold.
            for list in map.values_mut().filter_map(|v| v.as_array_mut()) {
                list.retain(|p| presupposed_facts_hold(p, facts));
                for p in list.iter_mut() {
                    if let Some(text) = p.get("text").cloned() {
                        *p = text;
                    }
                }
            }
        }
        render_strings(&mut value, key, &mut |text, field| render(text, ctx, field))?;
        view.insert(key.into(), value);
    }
    // Whether the title or the opening already prints the reference (as the rendered
    // strings write it): the detail lines then leave it out where the style prints it
    // once (`reference_footer = false`).
    let reference = render("{{ case.reference }}", ctx, "reference")?;
    let names = |v: &serde_json::Value| v.as_str().is_some_and(|t| t.contains(&reference));
    let named = names(&view["letter"]["title"])
        || view["wording"]["opening"]
            .as_array()
            .is_some_and(|ps| ps.iter().any(names));
    if let Some(letter) = view.get_mut("letter").and_then(|l| l.as_object_mut()) {
        letter.insert("names_reference".into(), named.into());
    }
    // The exemptions relied on, grouped by what they do: neither confirm nor deny,
    // withhold a part, or redact from what was disclosed; each group with its
    // questions and one line per citation, in the style's form.
    let mut groups: Vec<CitationGroup> = Vec::new();
    let mut all_lines: Vec<(&str, String)> = Vec::new();
    let mut stated: Vec<String> = Vec::new();
    let mut explained: Vec<String> = Vec::new();
    // On an answered part, section 21 says that some of the information is reasonably
    // accessible elsewhere ("accessible"); its other exemptions are what was redacted.
    let by_kind = r.positions.iter().flat_map(|p| {
        let kinds: [(&'static str, bool); 2] = match (p.position, p.redacted.is_some()) {
            (Position::Ncnd, _) => [("ncnd", true), ("", false)],
            (Position::Refused, _) => [("refused", true), ("", false)],
            (Position::Provided, redacted) => [("accessible", true), ("redacted", redacted)],
            _ => [("", false), ("", false)],
        };
        kinds
            .into_iter()
            .filter(|(_, on)| *on)
            .map(move |(kind, _)| (p, kind))
    });
    for (p, kind) in by_kind {
        let cited: Vec<_> = p
            .citations
            .iter()
            .filter(|c| !c.procedural)
            .filter(|c| match kind {
                "accessible" => accessible(c),
                "redacted" => !accessible(c),
                _ => true,
            })
            .collect();
        if cited.is_empty() {
            continue;
        }
        let at = match groups.iter().position(|g| g.kind == kind) {
            Some(i) => i,
            None => {
                groups.push(CitationGroup {
                    kind,
                    questions: Vec::new(),
                    labels: Vec::new(),
                    whole: false,
                    parts: 0,
                    lines: Vec::new(),
                    merged: Vec::new(),
                    numbers: Vec::new(),
                    explanations: Vec::new(),
                    absolute: String::new(),
                    absolute_sections: Vec::new(),
                    cited: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[at];
        g.questions.extend(p.questions.iter().copied());
        g.parts += 1;
        if let Some(label) = p
            .label
            .as_deref()
            .filter(|l| !g.labels.iter().any(|x| x == l))
        {
            g.labels.push(label.to_string());
        }
        for c in cited {
            let line = match all_lines.iter().find(|(n, _)| *n == c.number) {
                Some((_, l)) => l.clone(),
                None => {
                    let mut with_c = ctx.clone();
                    with_c.insert("c", c);
                    let l = render(&style.wording.citation, &with_c, "wording.citation")?;
                    all_lines.push((&c.number, l.clone()));
                    l
                }
            };
            if !g.numbers.contains(&c.number) {
                g.numbers.push(c.number.clone());
                g.cited.push(c.clone());
                g.lines.push(line);
                merge_into(&mut g.merged, c);
                if c.absolute && !stated.contains(&c.short) {
                    stated.push(c.short.clone());
                    g.absolute_sections.push(c.short.clone());
                }
            }
            // The style's explanation of each exemption under the first group that
            // cites it (by exact number first, else by section), never under
            // another exemption's label.
            for c in p.citations.iter().filter(|c| !c.procedural) {
                let key = [c.number.as_str(), c.section.as_str()]
                    .into_iter()
                    .find(|k| style.explanations.contains_key(*k));
                if let Some(key) = key.filter(|k| !explained.iter().any(|e| e == k)) {
                    explained.push(key.to_string());
                    let text = render(
                        &style.explanations[key],
                        ctx,
                        &format!("explanations.{key}"),
                    )?;
                    g.explanations.push(text);
                }
            }
        }
    }
    for g in &mut groups {
        g.questions.sort_unstable();
        g.questions.dedup();
        g.whole = g.parts == r.positions.len();
        if !g.absolute_sections.is_empty() && !style.wording.absolute.is_empty() {
            // The absolute sentence, said of this group's absolute exemptions only.
            let mut own = ctx.clone();
            if let Some(mut derived) = ctx
                .get("derived")
                .and_then(|d| serde_json::to_value(d).ok())
                .filter(serde_json::Value::is_object)
            {
                derived["absolute_sections"] =
                    serde_json::to_value(&g.absolute_sections).expect("sections serialise");
                own.insert("derived", &derived);
            }
            g.absolute = render(&style.wording.absolute, &own, "wording.absolute")?;
        }
    }
    // Citations as the authority lists them: those differing only in their last part
    // on one line ("30(1)(a)(b)"), or as a range ("27(1)(a)-(d)").
    if style.letter.citations != CitationForm::Each {
        all_lines.clear();
        for g in &mut groups {
            g.lines.clear();
            for c in combined(&g.cited, style.letter.citations) {
                let mut with_c = ctx.clone();
                with_c.insert("c", &c);
                let line = render(&style.wording.citation, &with_c, "wording.citation")?;
                if !all_lines.iter().any(|(_, l)| *l == line) {
                    all_lines.push(("", line.clone()));
                }
                g.lines.push(line);
            }
        }
    }
    view.insert(
        "citations".into(),
        all_lines.into_iter().map(|(_, l)| l).collect(),
    );
    view.insert(
        "citation_groups".into(),
        serde_json::to_value(&groups).expect("groups serialise"),
    );
    // Every explanation by its key, rendered once: for a template that places each
    // with its part, and, in the order of the citations, those of the exemptions
    // relied on (by exact number first, else by section), each once.
    let mut explain = serde_json::Map::new();
    for (key, text) in &style.explanations {
        explain.insert(
            key.clone(),
            render(text, ctx, &format!("explanations.{key}"))?.into(),
        );
    }
    let mut explanations: Vec<serde_json::Value> = Vec::new();
    // Those no group prints (a procedural section's), for a template that prints
    // each group's own under its label and then these.
    let mut ungrouped: Vec<serde_json::Value> = Vec::new();
    let mut used: Vec<&str> = Vec::new();
    for c in r.positions.iter().flat_map(|p| p.citations.iter()) {
        let key = [c.number.as_str(), c.section.as_str()]
            .into_iter()
            .find(|k| explain.contains_key(*k));
        if let Some(key) = key.filter(|k| !used.contains(k)) {
            used.push(key);
            explanations.push(explain[key].clone());
            if !explained.iter().any(|e| e == key) {
                ungrouped.push(explain[key].clone());
            }
        }
    }
    view.insert("explanations".into(), explanations.into());
    view.insert("ungrouped_explanations".into(), ungrouped.into());
    view.insert("explain".into(), serde_json::Value::Object(explain));
    Ok(serde_json::Value::Object(view))
}

/// Section 21: information reasonably accessible to the applicant by other means.
/// Cited on an answered part, it says that some of what was asked for is available
/// elsewhere.
pub(super) fn accessible(c: &Citation) -> bool {
    c.regime == crate::statute::Regime::Foia && c.section == "21"
}

/// Whether a style paragraph (a plain string, or `{ text, when, unless }` as
/// `style::Paragraph` serialises) is printed with these facts.
fn presupposed_facts_hold(p: &serde_json::Value, facts: &BTreeMap<&'static str, bool>) -> bool {
    let names = |key: &str| -> Vec<&str> {
        p.get(key)
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|n| n.as_str()).collect())
            .unwrap_or_default()
    };
    let holds = |n: &str| facts.get(n).copied().unwrap_or(false);
    names("when").into_iter().all(holds) && !names("unless").into_iter().any(holds)
}

#[derive(Serialize)]
struct CitationGroup {
    /// "ncnd", "refused", "redacted", or "accessible" (section 21 on an answered
    /// part: some of the information is available elsewhere).
    kind: &'static str,
    questions: Vec<u32>,
    /// The labels of its parts where the request does not number its questions
    /// ("Photographs"), each once.
    labels: Vec<String>,
    /// The group's parts are the whole response: "the requested information" is true
    /// of it only then.
    whole: bool,
    #[serde(skip)]
    parts: usize,
    lines: Vec<String>,
    /// The citations with those that differ only in their last part merged, as
    /// authorities write them: 31(1)(a) and 31(1)(b) as "31(1)(a)(b)".
    merged: Vec<Merged>,
    #[serde(skip)]
    numbers: Vec<String>,
    /// The style's explanations of this group's exemptions, each printed once in
    /// the letter, under the first group that cites it.
    explanations: Vec<String>,
    /// The style's absolute-exemption sentence for this group's absolute exemptions
    /// not stated under an earlier group ("" if none): said under its own label.
    absolute: String,
    #[serde(skip)]
    absolute_sections: Vec<String>,
    #[serde(skip)]
    cited: Vec<Citation>,
}

/// The citations with those that share all but their last bracketed part (and their
/// section) combined into one, as an authority lists them: "30(1)(a)(b)"; with
/// `Ranges`, three or more consecutive letters as a range, "27(1)(a)-(d)". Each
/// combined citation keeps its first member's title and kind, its number, short and
/// formal forms naming them all.
fn combined(cits: &[Citation], form: CitationForm) -> Vec<Citation> {
    let split = |n: &str| -> (String, String) {
        match n.rfind('(') {
            Some(i) => (n[..i].to_string(), n[i..].to_string()),
            None => (n.to_string(), String::new()),
        }
    };
    let mut runs: Vec<(Citation, String, Vec<String>)> = Vec::new();
    for c in cits {
        let (stem, last) = split(&c.number);
        match runs.last_mut() {
            // Only single letters join ("(b)(aa)" would read as a paragraph (aa) of
            // (b), which does not exist), and only provisions of one kind: an absolute
            // one listed with a qualified one would lose which is which.
            Some((first, s, lasts))
                if *s == stem
                    && stem.contains('(')
                    && first.section == c.section
                    && first.regime == c.regime
                    && first.absolute == c.absolute
                    && first.qualified == c.qualified
                    && single_letter(&last)
                    && lasts.iter().all(|l| single_letter(l)) =>
            {
                lasts.push(last)
            }
            _ => runs.push((c.clone(), stem, vec![last])),
        }
    }
    runs.into_iter()
        .map(|(mut c, stem, lasts)| {
            if lasts.len() > 1 {
                let letter = |l: &str| -> Option<char> {
                    let inner = l.strip_prefix('(')?.strip_suffix(')')?;
                    let mut chars = inner.chars();
                    let ch = chars.next()?;
                    (chars.next().is_none() && ch.is_ascii_lowercase()).then_some(ch)
                };
                let letters: Option<Vec<char>> = lasts.iter().map(|l| letter(l)).collect();
                let consecutive = letters
                    .as_ref()
                    .is_some_and(|ls| ls.windows(2).all(|w| w[1] as u32 == w[0] as u32 + 1));
                c.number = if form == CitationForm::Ranges && lasts.len() >= 3 && consecutive {
                    format!("{stem}{}-{}", lasts[0], lasts[lasts.len() - 1])
                } else {
                    format!("{stem}{}", lasts.concat())
                };
                c.short = format!("{} {}", c.regime.unit(), c.number);
                c.formal = format!("{} ({})", c.short, c.title);
            }
            c
        })
        .collect()
}

#[derive(Serialize)]
struct Merged {
    /// "31(1)(a)(b)".
    number: String,
    /// "31", and what follows it: "(1)(a)(b)".
    section: String,
    rest: String,
    title: String,
    qualified: bool,
    #[serde(skip)]
    stem: String,
}

/// Whether a citation's last part is a single letter: "(b)", not "(aa)" or "(1)".
fn single_letter(last: &str) -> bool {
    let b = last.as_bytes();
    b.len() == 3 && b[0] == b'(' && b[1].is_ascii_lowercase() && b[2] == b')'
}

/// Adds a citation to the merged list: onto the last entry when both share all but
/// their last bracketed part, a single letter, and are of one kind ("31(1)(a)" then
/// "31(1)(b)" make "31(1)(a)(b)").
fn merge_into(merged: &mut Vec<Merged>, c: &crate::statute::Citation) {
    let (stem, last) = match c.number.rfind('(') {
        Some(i) => c.number.split_at(i),
        None => (c.number.as_str(), ""),
    };
    if let Some(m) = merged.last_mut() {
        let joinable = m.number[m.stem.len()..]
            .split_inclusive(')')
            .all(single_letter);
        if m.stem == stem
            && stem.contains('(')
            && single_letter(last)
            && joinable
            && m.qualified == c.qualified
        {
            m.number.push_str(last);
            m.rest = m
                .number
                .strip_prefix(m.section.as_str())
                .unwrap_or("")
                .to_string();
            return;
        }
    }
    let rest = c.number.strip_prefix(c.section.as_str()).unwrap_or("");
    merged.push(Merged {
        number: c.number.clone(),
        section: c.section.clone(),
        rest: rest.to_string(),
        title: c.title.clone(),
        qualified: c.qualified,
        stem: stem.to_string(),
    });
}

/// Replaces every string in `value` with `f(string, its field path)`; a list of
/// strings loses the lines that render empty.
fn render_strings(
    value: &mut serde_json::Value,
    field: &str,
    f: &mut impl FnMut(&str, &str) -> Result<String, Error>,
) -> Result<(), Error> {
    match value {
        serde_json::Value::String(s) => *s = f(s, field)?,
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                render_strings(item, &format!("{field}[{i}]"), f)?;
            }
            items.retain(|v| v.as_str().is_none_or(|s| !s.trim().is_empty()));
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                render_strings(v, &format!("{field}.{k}"), f)?;
            }
        }
        _ => {}
    }
    Ok(())
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
    // The labels of the exemptions the public interest test weighs: qualified ones.
    let sections = distinct(
        citations
            .iter()
            .filter(|c| weighed(c) && !c.procedural)
            .map(|c| match r.regime {
                crate::statute::Regime::Foia => format!("S{}", c.section),
                crate::statute::Regime::Eir => format!("Reg {}", c.section),
            }),
    );
    let procedural = || citations.iter().filter(|c| c.procedural);
    let questions = crate::validate::question_items(&r.request.wording);
    let items: &[(u32, String)] = questions.as_ref().map_or(&[], |(_, i)| i.as_slice());
    let derived = RefusalDerived {
        authority: r.authority.short(),
        authority_capitalised: capitalised(r.authority.short()),
        parts: r.positions.iter().map(part_view).collect(),
        asked: r
            .positions
            .iter()
            .map(|p| {
                p.questions
                    .iter()
                    .filter_map(|q| items.iter().find(|(n, _)| n == q))
                    .map(|(n, text)| Asked {
                        number: *n,
                        text: text.clone(),
                    })
                    .collect()
            })
            .collect(),
        preamble: match &questions {
            Some((preamble, _)) => preamble.clone(),
            None => r.request.wording.trim().to_string(),
        },
        any_redacted: r.positions.iter().any(|p| p.redacted.is_some()),
        any_provided: r.positions.iter().any(|p| p.position == Position::Provided),
        pit_subject: {
            let qualified = |p: &&crate::facts::Part| p.citations.iter().any(weighed);
            let weighed: Vec<bool> = r
                .positions
                .iter()
                .filter(qualified)
                .map(|p| p.position == Position::Ncnd)
                .collect();
            match (weighed.iter().any(|n| *n), weighed.iter().all(|n| *n)) {
                (true, true) => "ncnd",
                (false, _) => "disclosure",
                (true, false) => "both",
            }
        },
        all_ncnd: r.positions.iter().all(|p| p.position == Position::Ncnd),
        any_ncnd: r.positions.iter().any(|p| p.position == Position::Ncnd),
        // A redaction withholds information too: the letter is a refusal notice.
        // So does section 21 on an answered part: it relies on an exemption.
        any_refusal: r.positions.iter().any(|p| {
            matches!(p.position, Position::Refused | Position::Ncnd)
                || p.redacted.is_some()
                || (p.position == Position::Provided && p.citations.iter().any(accessible))
        }),
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
        cost_questions: merged(
            r.positions
                .iter()
                .filter(|p| {
                    p.citations
                        .iter()
                        .any(|c| c.procedural && c.section.starts_with("12"))
                })
                .flat_map(|p| p.questions.iter().copied()),
        ),
        section14_questions: merged(
            r.positions
                .iter()
                .filter(|p| {
                    p.citations
                        .iter()
                        .any(|c| c.procedural && c.section.starts_with("14"))
                })
                .flat_map(|p| p.questions.iter().copied()),
        ),
        section14_labels: distinct(
            r.positions
                .iter()
                .filter(|p| {
                    p.citations
                        .iter()
                        .any(|c| c.procedural && c.section.starts_with("14"))
                })
                .filter_map(|p| p.label.clone()),
        ),
        // The EIR's "not held" exception withholds nothing: no public interest is
        // weighed for it.
        qualified: citations.iter().any(weighed),
        prejudice: citations.iter().any(|c| c.prejudice),
        exemptions: citations
            .iter()
            .filter(|c| !c.procedural && !c.not_held())
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
            .find_map(|p| p.cost.as_ref().map(|c| c.limit).or(p.limit))
            .map(|l| crate::facts::pounds(u64::from(l))),
        refusal_provision: match r.regime {
            crate::statute::Regime::Foia => "section 17 of the Freedom of Information Act 2000",
            crate::statute::Regime::Eir => {
                "regulation 14 of the Environmental Information Regulations 2004"
            }
        },
        exemption_word: match r.regime {
            crate::statute::Regime::Foia => "exemption",
            crate::statute::Regime::Eir => "exception",
        },
        qualified_sections: distinct(
            citations
                .iter()
                .filter(|c| !c.procedural && weighed(c))
                .map(|c| c.short.clone()),
        ),
        qualified_section_numbers: distinct(
            citations
                .iter()
                .filter(|c| !c.procedural && weighed(c))
                .map(|c| c.section.clone()),
        ),
        absolute_sections: distinct(
            citations
                .iter()
                .filter(|c| !c.procedural && c.absolute)
                .map(|c| c.short.clone()),
        ),
        citations,
        section_labels: join_and(&sections),
        facts: letter_facts(r, timeline),
        timeline,
        office: r.office.clone().unwrap_or_else(|| data.office.clone()),
    };
    let mut ctx = tera::Context::new();
    ctx.insert("case", r);
    ctx.insert("derived", &derived);
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(n: &str) -> crate::statute::Citation {
        crate::statute::parse_citation(crate::statute::Regime::Foia, n).unwrap()
    }

    #[test]
    fn citations_combine_as_authorities_list_them() {
        let cs: Vec<_> = [
            "27(1)(a)", "27(1)(b)", "27(1)(c)", "30(1)(a)", "30(1)(b)", "31(1)(a)", "31(1)(c)",
            "40(2)", "43(2)",
        ]
        .into_iter()
        .map(cite)
        .collect();
        let numbers =
            |form| -> Vec<String> { combined(&cs, form).into_iter().map(|c| c.number).collect() };
        assert_eq!(
            numbers(CitationForm::Ranges),
            [
                "27(1)(a)-(c)",
                "30(1)(a)(b)",
                "31(1)(a)(c)",
                "40(2)",
                "43(2)"
            ]
        );
        assert_eq!(
            numbers(CitationForm::Joined),
            [
                "27(1)(a)(b)(c)",
                "30(1)(a)(b)",
                "31(1)(a)(c)",
                "40(2)",
                "43(2)"
            ]
        );
        let c = &combined(&cs, CitationForm::Ranges)[0];
        assert_eq!(c.short, "section 27(1)(a)-(c)");
        assert!(
            c.formal.starts_with("section 27(1)(a)-(c) ("),
            "{}",
            c.formal
        );
    }

    #[test]
    fn citations_differing_in_their_last_part_merge() {
        let mut m = Vec::new();
        for n in [
            "31(1)(a)", "31(1)(b)", "30(1)(a)", "40(2)", "43(2)", "43(3)",
        ] {
            merge_into(&mut m, &cite(n));
        }
        let numbers: Vec<&str> = m.iter().map(|m| m.number.as_str()).collect();
        assert_eq!(
            numbers,
            ["31(1)(a)(b)", "30(1)(a)", "40(2)", "43(2)", "43(3)"]
        );
        assert_eq!(m[0].rest, "(1)(a)(b)");
        assert_eq!(m[0].section, "31");
    }
}
