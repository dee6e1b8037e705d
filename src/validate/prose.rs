//! The markup of a case's fields, checked where the case file is read so that a
//! mistake is reported at the field's line rather than found in the rendered notice.
//!
//! Which fields carry markup is decided by construction: every string of the facts,
//! as they serialise (the walk `check_characters` also makes), is markup unless it is
//! one of the [`PLAIN`] fields, which the templates print escaped, as written. A field
//! added to the facts is therefore checked until it is declared plain: forgetting a
//! declaration over-checks a name, never lets markup through unchecked.

use super::Diagnostic;
use crate::diagnostic::Located;
use crate::facts::Notice;
use crate::markup::{parse_inline, Piece};
use std::collections::{BTreeMap, BTreeSet};

/// Fields printed as written (the templates escape them), as paths with every list
/// index written `[]`: names, addresses, references, contact details, words the
/// program slots into its own sentences, and what the program derives (any path
/// through `citations` or `cost`).
const PLAIN: &[&str] = &[
    "kind",
    "regime",
    "title",
    "date",
    "style",
    "authority.short",
    "authority.first_mention",
    "requester.salutation",
    "signatory.role",
    "rights.review_contact[]",
    "review.unit",
    "request.opening",
    "decision.steps_subject",
    "decision.breaches[]",
    "decision.set_aside[].breach",
    "decision.set_aside[].reason",
    "decision.findings[].provision",
    "decision.findings[].register",
    "family.lead",
    "family.siblings[]",
    "family.sent_to",
    "family.considered",
    "family.related_lead",
];

/// Path segments under which every string is plain: names, addresses and references
/// wherever they are, the tribunal's and the office's contact details, citations as
/// resolved, costs as computed, and the exemptions cited (checked against the
/// statute instead).
const PLAIN_UNDER: &[&str] = &[
    "name",
    "address",
    "reference",
    "tribunal",
    "office",
    "citations",
    "cost",
    "exemption",
];

/// A field path with its list indexes dropped: `positions[2].reason` →
/// `positions[].reason`.
fn shape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut in_index = false;
    for c in field.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether a field of the facts carries notice markup.
pub fn is_markup(field: &str) -> bool {
    let shape = shape(field);
    if PLAIN.contains(&shape.as_str()) {
        return false;
    }
    !shape
        .split(['.', '['])
        .map(|s| s.trim_end_matches(']'))
        .any(|seg| PLAIN_UNDER.contains(&seg))
}

/// Every field of the facts that carries markup, with its text, footnotes included
/// (`footnotes.<name>`).
pub fn markup_fields(notice: &Notice) -> Vec<(String, String)> {
    let value = match notice {
        Notice::Decision(d) => serde_json::to_value(d),
        Notice::Refusal(r) => serde_json::to_value(r),
    };
    let Ok(value) = value else { return Vec::new() };
    let mut strings = Vec::new();
    markup_strings(&value, String::new(), &mut strings);
    strings
}

/// The strings of the facts (as [`crate::facts::strings`] walks them) whose fields
/// carry markup. A list of strings at a plain field is passed over whole, unread: its
/// items all have the field's shape (a large family's list of references has
/// thousands).
fn markup_strings(v: &serde_json::Value, path: String, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match v {
        Value::String(s) if is_markup(&path) => out.push((path, s.clone())),
        Value::Array(a) => {
            if a.iter().all(Value::is_string) && !is_markup(&format!("{path}[]")) {
                return;
            }
            for (i, item) in a.iter().enumerate() {
                markup_strings(item, format!("{path}[{i}]"), out);
            }
        }
        Value::Object(m) => {
            for (k, item) in m {
                let field = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                markup_strings(item, field, out);
            }
        }
        _ => {}
    }
}

/// Checks the markup of every field that carries it, that each footnote is defined and
/// used, and that no footnote's text refers to a footnote (a note within a note has
/// no number the notice can print, and Word cannot open the document).
pub(super) fn check(case: Located<'_>, notice: &Notice, problems: &mut Vec<Diagnostic>) {
    let footnotes = match notice {
        Notice::Decision(d) => &d.footnotes,
        Notice::Refusal(r) => &r.footnotes,
    };
    check_prose(case, &markup_fields(notice), footnotes, problems);
}

fn check_prose(
    case: Located<'_>,
    fields: &[(String, String)],
    footnotes: &BTreeMap<String, String>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut used = BTreeSet::new();
    // Named paragraphs (`[#name]`) and references to them (`[§name]`), with where.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut references: Vec<(String, String, String)> = Vec::new();
    for (field, text) in fields {
        if text.trim().is_empty() {
            // An empty field would print a heading, or a sentence, with nothing in it.
            problems.push(case.error_at(
                field,
                format!("`{field}` is empty"),
                "write the text, or remove the field",
            ));
            continue;
        }
        if let Err(e) = crate::markup::check_blocks(text) {
            let d = case.error_at(field, e.message, e.hint);
            problems.push(point_into(case, field, text, e.offset, d));
            continue;
        }
        let pieces = match parse_inline(text, 0) {
            Ok(pieces) => pieces,
            Err(e) => {
                let d = case.error_at(field, e.message, e.hint);
                problems.push(point_into(case, field, text, e.offset, d));
                continue;
            }
        };
        let in_footnote = field.starts_with("footnotes.");
        for p in pieces {
            let id = match p {
                Piece::Footnote(id) => id,
                Piece::Anchor(name) => {
                    if names.insert(name.clone(), field.clone()).is_some() {
                        problems.push(located_in_text(
                            case,
                            field,
                            text,
                            &format!("[#{name}]"),
                            format!("two paragraphs are named `{name}`"),
                            "give each named paragraph its own name".into(),
                        ));
                    }
                    continue;
                }
                Piece::ParaRef(name, _) => {
                    references.push((name, field.clone(), text.clone()));
                    continue;
                }
                Piece::Inline(_) => continue,
            };
            let mark = format!("[^{id}]");
            if in_footnote {
                problems.push(located_in_text(
                    case,
                    field,
                    text,
                    &mark,
                    format!("a footnote's text refers to footnote `{id}`: a note cannot have a note"),
                    format!("remove {mark} from the footnote, and refer to `{id}` from the prose instead, or write \\[^{id}] for the literal text"),
                ));
                continue;
            }
            if !footnotes.contains_key(&id) {
                problems.push(located_in_text(
                    case,
                    field,
                    text,
                    &mark,
                    format!("footnote `{id}` is not defined"),
                    format!("add {id} = \"...\" under [footnotes]"),
                ));
            }
            used.insert(id);
        }
    }
    for (name, field, text) in references {
        if !names.contains_key(&name) {
            problems.push(located_in_text(
                case,
                &field,
                &text,
                &format!("[§{name}]"),
                format!("`[§{name}]` refers to no named paragraph"),
                format!("name the paragraph meant by starting it with [#{name}]"),
            ));
        }
    }
    for id in footnotes.keys() {
        if !used.contains(id) {
            let field = format!("footnotes.{id}");
            let d = Diagnostic::error(
                case.path,
                field.clone(),
                format!("footnote `{id}` is never referenced"),
                format!("refer to it with [^{id}] in the prose, or remove it"),
            );
            problems.push(match case.spans.key(&field) {
                Some(s) => d.at(case.source, s),
                None => d,
            });
        }
    }
}

/// Points a diagnostic at `needle` inside a field's text, when the text appears
/// literally in the source.
fn located_in_text(
    case: Located<'_>,
    field: &str,
    text: &str,
    needle: &str,
    message: String,
    help: String,
) -> Diagnostic {
    let d = case.error_at(field, message, help);
    match text.find(needle) {
        Some(off) => point_into(case, field, text, off, d),
        None => d,
    }
}

fn point_into(
    case: Located<'_>,
    field: &str,
    text: &str,
    offset: usize,
    d: Diagnostic,
) -> Diagnostic {
    let Some(span) = case.spans.value(field) else {
        return d;
    };
    let raw = &case.source[span.clone()];
    // Find where the text's first line starts inside the raw value (after the quotes).
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let probe: String = first_line.chars().take(24).collect();
    match raw.find(&probe) {
        Some(i) => {
            let text_start = text.find(&probe).unwrap_or(0);
            let at = span.start + i + offset.saturating_sub(text_start);
            if at < span.end && case.source.is_char_boundary(at) {
                let end = case.source[at..]
                    .chars()
                    .next()
                    .map_or(at + 1, |c| at + c.len_utf8());
                return d.at(case.source, at..end);
            }
            d
        }
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_derived_values_are_plain_and_the_rest_is_markup() {
        for plain in [
            "authority.name",
            "authority.address[2]",
            "positions[0].citations[1].title",
            "response.parts[3].cost.steps[0][0]",
            "positions[1].exemption[0]",
            "decision.set_aside[4].reason",
        ] {
            assert!(!is_markup(plain), "{plain}");
        }
        for markup in [
            "guidance",
            "request.summary",
            "complaint.context",
            "positions[0].estimate.activities",
            "decision.steps_reason",
            "positions[2].reason",
            "footnotes.techuk",
        ] {
            assert!(is_markup(markup), "{markup}");
        }
    }

    /// Passing over lists of plain strings whole gives every markup field that
    /// reading each string would, in the same order.
    #[test]
    fn markup_fields_are_every_string_at_a_markup_field() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        for file in [
            "examples/bulk/lead.toml",
            "examples/decision-notice-lead.toml",
        ] {
            let case = crate::case::load(&root.join(file)).unwrap();
            let value = match &case.notice {
                Notice::Decision(d) => serde_json::to_value(d),
                Notice::Refusal(r) => serde_json::to_value(r),
            }
            .unwrap();
            let mut all = Vec::new();
            crate::facts::strings(&value, String::new(), &mut all);
            let plain = all.len();
            all.retain(|(field, _)| is_markup(field));
            assert!(all.len() > 10 && all.len() < plain, "{file}");
            assert_eq!(markup_fields(&case.notice), all, "{file}");
            checked += 1;
        }
        assert_eq!(checked, 2);
    }
}
