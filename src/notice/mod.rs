//! From checked facts to a document: what Rust works out for the templates (pronouns,
//! joined citations, family sizes, contact details by date), the template run, and the
//! parse of its output into the document model.

use crate::case::Case;
use crate::error::Error;
use crate::facts::{Notice, Part, Position};
use crate::markup;
use crate::model::Document;
use crate::statute::Citation;
use crate::templates::{join_and, Templates};
use serde::Serialize;

mod decision;
mod events;
mod office;
mod period;
mod refusal;

use decision::decision_context;
use office::{in_force, office_data, Format};
use refusal::refusal_markup;
pub use refusal::Copy;

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
    /// The provisions cited, each with its number, title and kind.
    citations: &'a [Citation],
    qualified: bool,
    /// The qualified provisions cited, where some are absolute: "section 43(2)",
    /// joined (empty when every one is qualified, or none is). A public interest
    /// conclusion is about these alone.
    qualified_short: String,
    qualified_count: usize,
    /// Section 12 or 14: the authority is not obliged to comply at all.
    procedural: bool,
    /// The regime of the provisions cited (an EIR request may have been answered under
    /// the FOIA): the templates name that regime's Act for them.
    regime: Option<crate::statute::Regime>,
    /// The section 12 estimate, costed.
    cost: Option<&'a crate::facts::Cost>,
    activities: Option<&'a str>,
    /// Where the information is accessible (section 21).
    elsewhere: Option<&'a str>,
    /// When it will be published (section 22 or 22A).
    publication: Option<&'a str>,
    /// Who may hold what this authority does not (section 16).
    redirect: Option<&'a str>,
    /// The authority the part was transferred to (refusal letters).
    transfer: Option<&'a str>,
    /// The provisions information was redacted under ("section 40(2) of the Act"):
    /// the part's citations but section 21, which on an answered part says that some
    /// of the information is available elsewhere.
    redacted_under: String,
    /// What was redacted from information disclosed in part.
    redacted: Option<&'a str>,
    /// Why the exemption applies to this part.
    reason: Option<&'a str>,
    /// What the part of the request is about, where it is not numbered.
    label: Option<&'a str>,
    /// Among its response's parts, the only one withheld (refused or NCND) while the
    /// others were answered: "the remaining information" names it truly.
    remaining: bool,
}

/// A response's parts as the templates see them, each knowing its siblings.
fn part_views(parts: &[Part]) -> Vec<PartView<'_>> {
    let withheld = |p: &&Part| matches!(p.position, Position::Refused | Position::Ncnd);
    // "The remaining information" follows the parts answered: the one withheld is
    // told last.
    let remaining = parts.len() > 1
        && parts.iter().filter(withheld).count() == 1
        && parts.last().is_some_and(|p| withheld(&p));
    parts
        .iter()
        .map(|p| PartView {
            remaining: remaining && withheld(&p),
            ..part_view(p)
        })
        .collect()
}

/// A provision whose public interest is weighed: a qualified one, but not the EIR's
/// "not held" exception.
fn weighed(c: &Citation) -> bool {
    c.qualified && !c.not_held()
}

fn part_view(p: &Part) -> PartView<'_> {
    PartView {
        questions: &p.questions,
        position: p.position,
        answer: p.answer.as_deref(),
        formal: joined(&p.citations, |c| c.formal.clone()),
        redacted_under: {
            // Section 21 on an answered part is information available elsewhere, not
            // a redaction.
            let s21 = |c: &Citation| c.regime == crate::statute::Regime::Foia && c.section == "21";
            let under: Vec<Citation> = p.citations.iter().filter(|c| !s21(c)).cloned().collect();
            joined(&under, |c| c.formal.clone())
        },
        short: joined(&p.citations, |c| c.short.clone()),
        count: p.citations.len(),
        citations: &p.citations,
        qualified: p.citations.iter().any(weighed),
        qualified_short: if p.citations.iter().all(weighed) {
            String::new()
        } else {
            let q: Vec<Citation> = p.citations.iter().filter(|c| weighed(c)).cloned().collect();
            joined(&q, |c| c.short.clone())
        },
        qualified_count: if p.citations.iter().all(weighed) {
            0
        } else {
            p.citations.iter().filter(|c| weighed(c)).count()
        },
        procedural: !p.citations.is_empty() && p.citations.iter().all(|c| c.procedural),
        regime: p.citations.first().map(|c| c.regime),
        cost: p.cost.as_ref(),
        activities: p.estimate.as_ref().and_then(|e| e.activities.as_deref()),
        elsewhere: p.elsewhere.as_deref(),
        publication: p.publication.as_deref(),
        redirect: p.redirect.as_deref(),
        transfer: p.transfer.as_deref(),
        redacted: p.redacted.as_deref(),
        reason: p.reason.as_deref(),
        label: p.label.as_deref(),
        remaining: false,
    }
}

/// The items in their first order, each once.
fn distinct<T: PartialEq>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
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
    })
}

/// Whether a decision notice of this date is in the first format (before April 2011),
/// whose templates print the caseworker's finding as written.
pub fn first_format(date: crate::facts::Date) -> bool {
    decision_format(date).template != "decision-notice.tera"
}

/// The template a case renders with: a decision notice's by its date.
pub fn template_name(case: &Case) -> String {
    match &case.notice {
        Notice::Decision(d) => decision_format(d.date).template,
        Notice::Refusal(_) => "refusal-notice.tera".into(),
    }
}

/// Runs the case's template: the notice in notice markup (a refusal notice's letter).
pub fn markup(case: &Case, templates: &Templates) -> Result<String, Error> {
    markup_copy(case, templates, Copy::Letter)
}

/// Runs the case's template for one copy. A decision notice has one, published, copy.
pub fn markup_copy(case: &Case, templates: &Templates, copy: Copy) -> Result<String, Error> {
    match &case.notice {
        Notice::Decision(d) => {
            let context = decision_context(d, case.timeline.as_ref()).ok_or_else(|| {
                let first = office_data().tribunal.iter().map(|t| t.from).min();
                Error::Case(vec![case.error_at(
                    "date",
                    format!(
                        "the notice is dated {}, before any tribunal the office data knows{}",
                        d.date,
                        first.map_or(String::new(), |f| format!(" (the first from {f})"))
                    ),
                    "check the notice's date; a notice from before then needs its tribunal given in a [tribunal] table (name, address)",
                )])
            })?;
            templates.render(&template_name(case), &context)
        }
        Notice::Refusal(r) => {
            let fallback;
            let style = match &case.style {
                Some(s) => s,
                None => {
                    // Facts checked elsewhere (a test's, a caller's) with no style
                    // resolved: the default, which always loads.
                    fallback = crate::style::load_builtin(crate::style::DEFAULT)
                        .map_err(|d| Error::Case(vec![*d]))?;
                    &fallback
                }
            };
            refusal_markup(r, style, copy, templates, case.timeline.as_ref())
        }
    }
}

/// Builds the document for a case (a refusal notice's letter): template, then markup
/// parse, then the personal-data guard.
pub fn document(case: &Case, templates: &Templates) -> Result<Document, Error> {
    document_copy(case, templates, Copy::Letter)
}

/// Builds one copy's document. The guard: a decision notice must never name the
/// complainant, and a refusal notice's published copy never the requester (the
/// letter is addressed to them).
pub fn document_copy(case: &Case, templates: &Templates, copy: Copy) -> Result<Document, Error> {
    let text = markup_copy(case, templates, copy)?;
    let extra: Vec<(String, String)> = case
        .footnotes()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut doc = markup::parse_document(&text, &extra).map_err(|e| {
        let line = text[..e.offset.min(text.len())].matches('\n').count() + 1;
        Error::Markup {
            name: template_name(case),
            message: format!("{} at line {line} of its output; {}", e.message, e.hint),
        }
    })?;
    if let Notice::Refusal(r) = &case.notice {
        if let Some(first) = &r.authority.first_mention {
            define_at_first_mention(&mut doc, &r.authority, first);
        }
    }
    let guarded = matches!(case.notice, Notice::Decision(_)) || copy == Copy::Published;
    if let Some(name) = case.complainant_name().filter(|_| guarded) {
        let words = doc.plain_text();
        if let Some((_, at, len)) = find_name(&words, name) {
            let line = words[..at].rsplit('\n').next().unwrap_or("");
            let rest = words[at..].split('\n').next().unwrap_or("");
            let context = format!("{}{}", tail(line, 30), head(rest, len + 30));
            return Err(Error::Case(vec![name_in_notice(case, name, &context)]));
        }
    }
    // The built notice held to the facts and the law, at the fields that cause any
    // contradiction. Its words are read from the notice markup just made (the same
    // sentences, unwrapped), so that no notice is laid out as text only for this: a
    // bulk run checks every follower's notice.
    let untrue = crate::validate::truth::check(case, &text);
    if !untrue.is_empty() {
        return Err(Error::Case(untrue));
    }
    // The quotations of the request, which print as the requester typed them.
    let wordings = request_wordings(case);
    doc.meta.verbatim = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| match b {
            crate::model::Block::Quote(paras) => paras.iter().all(|p| {
                let p = letters(&crate::model::plain_text(p));
                !p.is_empty() && wordings.iter().any(|w| w.contains(&p))
            }),
            _ => false,
        })
        .map(|(i, _)| i)
        .collect();
    Ok(doc)
}

/// The requests' wording as the requester wrote it, as [`letters`].
fn request_wordings(case: &Case) -> Vec<String> {
    match &case.notice {
        Notice::Decision(d) => std::iter::once(&d.request.wording)
            .chain(d.further_requests.iter().map(|f| &f.wording))
            .map(|w| letters(w))
            .collect(),
        Notice::Refusal(r) => vec![letters(&r.request.wording)],
    }
}

/// Text's letters and digits alone (without spacing, punctuation, markup, footnote
/// markers `[^id]` and their superscript digits), for finding quoted words in the
/// text they were quoted from.
fn letters(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("[^") {
        out.extend(
            rest[..at]
                .chars()
                .filter(|c| c.is_alphabetic() || c.is_ascii_digit()),
        );
        rest = rest[at..].find(']').map_or("", |end| &rest[at + end + 1..]);
    }
    out.extend(
        rest.chars()
            .filter(|c| c.is_alphabetic() || c.is_ascii_digit()),
    );
    out
}

/// A refusal letter's first mention of the authority in its prose (paragraphs and
/// lists; not the letterhead, addresses, signature, headings, the subject line or the
/// requester's quoted words), whether by its short name or its full name, becomes
/// `first_mention` ("Northshire County Council (the Council)"), which defines the
/// short name the rest of the letter uses. A house style's strings and templates say
/// `derived.authority` wherever they please, so the first mention is found in the
/// letter as written, not in any one template.
fn define_at_first_mention(doc: &mut Document, authority: &crate::facts::Authority, first: &str) {
    // A style that writes the definition itself, where the authority writes it, has
    // placed it: left as it is.
    let placed = doc.blocks.iter().any(|b| match b {
        crate::model::Block::Paragraph { text, .. } => {
            crate::model::plain_text(text).contains(first)
        }
        crate::model::Block::List(items) => items
            .iter()
            .any(|i| crate::model::plain_text(i).contains(first)),
        _ => false,
    });
    if placed {
        return;
    }
    let short = authority.short();
    let mut names: Vec<String> = vec![short.to_string(), capitalised(short)];
    names.push(authority.name.clone());
    let whole_word = |text: &str, at: usize, len: usize| {
        text[..at]
            .chars()
            .last()
            .is_none_or(|c| !c.is_alphanumeric())
            && text[at + len..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    };
    for block in &mut doc.blocks {
        let runs: Vec<&mut crate::model::Inlines> = match block {
            crate::model::Block::Paragraph { text, .. } => vec![text],
            crate::model::Block::List(items) => items.iter_mut().collect(),
            _ => continue,
        };
        for inlines in runs {
            for inline in inlines.iter_mut() {
                let crate::model::Inline::Text { text, .. } = inline else {
                    continue;
                };
                let mut from = 0;
                loop {
                    // The earliest mention from here, the longest name at a tie.
                    let found = names
                        .iter()
                        .filter_map(|n| {
                            text[from..]
                                .match_indices(n.as_str())
                                .map(|(at, _)| from + at)
                                .find(|at| whole_word(text, *at, n.len()))
                                .map(|at| (at, n.len()))
                        })
                        .min_by_key(|(at, len)| (*at, std::cmp::Reverse(*len)));
                    let Some((at, len)) = found else { break };
                    if text[at..].starts_with(first) || text[at..].starts_with(&capitalised(first))
                    {
                        return; // already defined where first named
                    }
                    let starts_capital = text[at..].starts_with(|c: char| c.is_uppercase());
                    let after = &text[at + len..];
                    if after.starts_with("'s") || after.starts_with("\u{2019}s") {
                        // "the Council's decision": named in full, and defined at the
                        // next mention, since "(the Council)'s" cannot be written.
                        let full = if starts_capital {
                            capitalised(&authority.name)
                        } else {
                            authority.name.clone()
                        };
                        text.replace_range(at..at + len, &full);
                        from = at + full.len();
                        continue;
                    }
                    let mut definition = first.to_string();
                    // "the Department for Education (DfE)" after a "the" already written.
                    if let Some(rest) = definition.strip_prefix("the ") {
                        if text[..at].to_lowercase().ends_with("the ") {
                            definition = rest.to_string();
                        }
                    }
                    if starts_capital {
                        definition = capitalised(&definition);
                    }
                    text.replace_range(at..at + len, &definition);
                    return;
                }
            }
        }
    }
}

/// The personal-data error, pointed at the fact the name came from when the case
/// file holds it outside `complainant.name`, else at `complainant.name` itself.
/// The last `n` characters of a line, after an ellipsis if cut.
fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        return s.to_string();
    }
    format!("…{}", s.chars().skip(count - n).collect::<String>())
}

/// The first `n` bytes' worth of characters of a line, before an ellipsis if cut.
fn head(s: &str, n: usize) -> String {
    let cut: String = s
        .chars()
        .scan(0, |b, c| {
            *b += c.len_utf8();
            (*b <= n).then_some(c)
        })
        .collect();
    if cut.len() < s.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

fn name_in_notice(case: &Case, name: &str, context: &str) -> crate::diagnostic::Diagnostic {
    let own_field = case.name_field();
    let own = case.spans.value(own_field);
    let who = own_field.split('.').next().unwrap_or("complainant");
    // The first place the full name, else the surname, is written in a field that is
    // printed: not the name's own field, nor the requester's letter-only fields
    // (their address, the greeting).
    let printed_at = |needle: &str| {
        let mut from = 0;
        loop {
            let (_, at, len) = find_name(&case.source[from..], needle)?;
            let at = from + at;
            let letter_only = case
                .spans
                .field_at(at)
                .is_some_and(|f| f.starts_with("requester."));
            if letter_only || own.as_ref().is_some_and(|r| r.contains(&at)) {
                from = at + 1;
                continue;
            }
            return Some((at, len));
        }
    };
    let surname = name.split_whitespace().last().unwrap_or(name);
    let found = printed_at(name).or_else(|| printed_at(surname));
    // A decision notice speaks of "the complainant"; a refusal letter speaks to "you".
    let help = if who == "complainant" {
        "published notices never name the complainant; refer to \"the complainant\" instead"
            .to_string()
    } else {
        format!("published notices never name the {who}; refer to \"the {who}\" or \"you\" instead")
    };
    if case.source.is_empty() {
        // Facts with no source text (a bulk follower merged with its lead): the field
        // is found in the facts, for the caller to locate where it was set.
        if let Some(field) = field_naming(case, name) {
            return crate::diagnostic::Diagnostic::error(
                &case.path,
                &field,
                format!("the {who}'s name appears in `{field}`, which is printed in the published notice (“{context}”)"),
                help,
            );
        }
    }
    match found.and_then(|(at, len)| case.spans.field_at(at).map(|f| (at, len, f.to_string()))) {
        Some((at, len, field)) => {
            crate::diagnostic::Diagnostic::error(
                &case.path,
                &field,
                format!("the {who}'s name appears in `{field}`, which is printed in the published notice (“{context}”)"),
                help,
            )
            .at(&case.source, at..at + len)
        }
        None => case.error_at(
            own_field,
            format!("the {who}'s name appears in the published notice (“{context}”), put there by a template or house style"),
            format!("check the templates given with --templates and the house style; published notices never name the {who}"),
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
    use crate::facts::Pronoun;

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
