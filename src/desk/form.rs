//! The case page's fields: the facts a caseworker sets most, laid out in the order of
//! the notice, each edited in place in the case file's text with `toml_edit`, so that
//! the file keeps its comments, its key order and everything else as written.

use serde::Serialize;
use toml_edit::{DocumentMut, Item, Value};

/// What a field holds, and so how it is edited.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "type", content = "choices", rename_all = "lowercase")]
pub enum Kind {
    Text,
    Date,
    Choice(&'static [&'static str]),
    /// A citation, offered from the statute catalogue in force on the request date;
    /// several may be given, separated by commas.
    Citation,
    /// Text of several lines or paragraphs (a request's wording, the reasons),
    /// written as a multi-line string.
    Prose,
    /// A list of lines (address lines), one a line.
    Lines,
    /// A list of short items separated by commas (breaches: "10(1), 17(1)").
    List,
    /// Whole numbers separated by commas (question numbers: "1, 3").
    Numbers,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Field {
    pub section: &'static str,
    pub path: &'static str,
    pub label: &'static str,
    pub kind: Kind,
}

const fn f(section: &'static str, path: &'static str, label: &'static str, kind: Kind) -> Field {
    Field {
        section,
        path,
        label,
        kind,
    }
}

/// The choices of the fields that name a regime, a part's position and an event's
/// kind, as the case file spells them (a test checks them against the case types).
pub(super) const REGIMES: &[&str] = &["FOIA", "EIR"];
pub(super) const POSITIONS: &[&str] = &["provided", "not-held", "refused", "ncnd", "transferred"];
pub(super) const EVENTS: &[&str] = &[
    "holding-reply",
    "extension",
    "no-confirmation",
    "chased",
    "exemption-added",
    "exemption-withdrawn",
    "disclosed",
    "found",
    "regime-changed",
];

pub const DECISION: &[Field] = &[
    f("Parties", "reference", "Case reference", Kind::Text),
    f("Parties", "date", "Notice date", Kind::Date),
    f("Parties", "regime", "Regime", Kind::Choice(REGIMES)),
    f(
        "Parties",
        "complainant.pronoun",
        "The complainant is",
        Kind::Choice(&["she", "he", "they"]),
    ),
    f("Parties", "authority.name", "Public authority", Kind::Text),
    f("Parties", "authority.short", "Its short name", Kind::Text),
    f("Parties", "authority.address", "Its address", Kind::Lines),
    f("Request", "request.date", "Request made", Kind::Date),
    f("Request", "request.summary", "About", Kind::Text),
    f(
        "Request",
        "request.wording",
        "The request as written",
        Kind::Prose,
    ),
    f("Response", "response.date", "Response", Kind::Date),
    f(
        "Review",
        "review.outcome",
        "Review outcome",
        Kind::Choice(&["upheld", "revised", "declined", "not-provided"]),
    ),
    f("Review", "review.requested", "Review asked for", Kind::Date),
    f("Review", "review.date", "Review given", Kind::Date),
    f("Complaint", "complaint.date", "Complaint made", Kind::Date),
    f(
        "Decision",
        "decision.outcome",
        "Outcome",
        Kind::Choice(&["upheld", "not-upheld", "partly-upheld"]),
    ),
    f(
        "Decision",
        "decision.breaches",
        "Breaches found (e.g. 10(1), 17(1))",
        Kind::List,
    ),
    f("Decision", "signatory.role", "Signed by (role)", Kind::Text),
];

pub const REFUSAL: &[Field] = &[
    f("Letter", "reference", "Reference", Kind::Text),
    f("Letter", "title", "Subject line", Kind::Text),
    f("Letter", "date", "Letter date", Kind::Date),
    f("Letter", "regime", "Regime", Kind::Choice(REGIMES)),
    f("Letter", "authority.name", "Public authority", Kind::Text),
    f("Request", "request.date", "Request received", Kind::Date),
    f(
        "Request",
        "request.wording",
        "The request as written",
        Kind::Prose,
    ),
    f("Letter", "signatory.role", "Signed by (role)", Kind::Text),
];

/// One step of a field's path: a key, and an element number when it is a list.
fn steps(path: &str) -> Vec<(&str, Option<usize>)> {
    path.split('.')
        .map(|s| match s.split_once('[') {
            Some((k, rest)) => (k, rest.trim_end_matches(']').parse().ok()),
            None => (s, None),
        })
        .collect()
}

/// The item at a field's path, if the text has it.
fn item_at<'d>(doc: &'d DocumentMut, path: &str) -> Option<&'d Item> {
    let mut item: &Item = doc.as_item();
    for (key, index) in steps(path) {
        item = item.get(key)?;
        if let Some(i) = index {
            item = item.get(i)?;
        }
    }
    Some(item)
}

/// A field's value as its input shows it: a list of lines one a line, a list of
/// anything else separated by commas, a date or number as written.
pub(super) fn value(doc: &DocumentMut, path: &str, kind: Kind) -> Option<String> {
    let item = item_at(doc, path)?;
    match (kind, item.as_array()) {
        (Kind::Lines, Some(a)) => Some(
            a.iter()
                .filter_map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        _ => shown(item),
    }
}

/// The case file's text with one field set to `raw` (as typed in the form), or why
/// not. The rest of the text is kept as written: comments, order, layout, and the
/// comment after the value itself.
pub fn set(text: &str, path: &str, raw: &str, kind: Kind) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        format!("the case file is not TOML yet: {}", e.message())
    })?;
    let raw = raw.trim();
    let mut new: Value = match kind {
        Kind::Text => Value::from(raw.replace(['\r', '\n'], " ")),
        Kind::Prose if raw.contains("'''") => Value::from(raw.replace("\r\n", "\n")),
        Kind::Prose => format!("'''\n{}\n'''", raw.replace("\r\n", "\n"))
            .parse::<Value>()
            .map_err(|_| "the text could not be written as TOML".to_string())?,
        Kind::List => Value::Array(
            raw.split(',')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect(),
        ),
        Kind::Numbers => {
            let mut numbers = toml_edit::Array::new();
            for n in raw.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                let n: i64 = n
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("`{n}` is not a question number: write 1, 2, 3"))?;
                numbers.push(n);
            }
            Value::Array(numbers)
        }
        Kind::Lines => Value::Array(
            raw.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect(),
        ),
        Kind::Date if raw.is_empty() => Value::from(""),
        Kind::Date => {
            chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .map_err(|_| format!("`{raw}` is not a date: write it YYYY-MM-DD"))?;
            raw.parse::<Value>()
                .map_err(|_| format!("`{raw}` is not a date: write it YYYY-MM-DD"))?
        }
        Kind::Choice(choices) => {
            if !choices.contains(&raw) {
                return Err(format!("`{raw}` is not one of: {}", choices.join(", ")));
            }
            Value::from(raw)
        }
        Kind::Citation => {
            let cites: Vec<&str> = raw
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            match cites.as_slice() {
                [] => Value::from(""),
                [one] => Value::from(*one),
                many => Value::Array(many.iter().copied().collect()),
            }
        }
    };
    let steps = steps(path);
    let Some(((last, last_index), parents)) = steps.split_last() else {
        return Err("no field named".into());
    };
    let mut item: &mut Item = doc.as_item_mut();
    for (key, index) in parents {
        if item.get(key).is_none() {
            if index.is_some() {
                return Err(format!(
                    "the case file has no `{key}` list yet: add one in the text first"
                ));
            }
            item[*key] = toml_edit::table();
        }
        item = &mut item[*key];
        if let Some(i) = index {
            item = item.get_mut(*i).ok_or_else(|| {
                format!(
                    "the case file has no `{key}` number {} yet: add it in the text first",
                    i + 1
                )
            })?;
        }
        if !item.is_table_like() {
            return Err(format!("`{key}` is not a table in the case file"));
        }
    }
    if let Some(i) = last_index {
        // An element of a list of values (a step).
        let list = item
            .get_mut(*last)
            .and_then(Item::as_array_mut)
            .ok_or_else(|| format!("the case file has no `{last}` list yet"))?;
        let old = list
            .get(*i)
            .ok_or_else(|| format!("the case file has no `{last}` number {} yet", i + 1))?;
        *new.decor_mut() = old.decor().clone();
        list.replace(*i, new);
        return Ok(doc.to_string());
    }
    let slot = &mut item[*last];
    if let Item::Value(old) = slot {
        *new.decor_mut() = old.decor().clone();
    }
    *slot = Item::Value(new);
    Ok(doc.to_string())
}

fn shown(item: &Item) -> Option<String> {
    let v = item.as_value()?;
    Some(match v {
        Value::String(s) => s.value().clone(),
        Value::Datetime(d) => d.value().to_string(),
        Value::Integer(i) => i.value().to_string(),
        Value::Boolean(b) => b.value().to_string(),
        Value::Array(a) => a
            .iter()
            .filter_map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or_else(|| v.as_integer().map(|i| i.to_string()))
            })
            .collect::<Vec<_>>()
            .join(", "),
        _ => return None,
    })
}

/// The text with a table removed (a response the authority never gave), or as it was
/// when there is no such table.
pub fn remove(text: &str, table: &str) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        format!("the case file is not TOML yet: {}", e.message())
    })?;
    doc.remove(table);
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# A case.\nkind = \"decision-notice\"\nreference = \"\"   # the reference\n\n[authority]\nname = \"Northshire\" # formal\n\n[[response.parts]]\nposition = \"refused\"\nexemption = \"43(2)\"\n";

    #[test]
    fn a_field_is_set_in_place_and_the_rest_is_kept_as_written() {
        let out = set(TEXT, "reference", "IC-1", Kind::Text).unwrap();
        assert_eq!(
            out,
            TEXT.replace(
                "reference = \"\"   # the reference",
                "reference = \"IC-1\"   # the reference"
            )
        );
        let out = set(
            &out,
            "response.parts[0].exemption",
            "31(1)(a), 31(1)(b)",
            Kind::Citation,
        )
        .unwrap();
        assert!(
            out.contains("exemption = [\"31(1)(a)\", \"31(1)(b)\"]"),
            "{out}"
        );
        // A table the file lacks is added at the end; the comments stay.
        let out = set(&out, "review.date", "2026-03-02", Kind::Date).unwrap();
        assert!(
            out.starts_with("# A case.\n") && out.contains("name = \"Northshire\" # formal"),
            "{out}"
        );
        assert!(out.contains("[review]\ndate = 2026-03-02"), "{out}");
        let doc: DocumentMut = out.parse().unwrap();
        assert_eq!(
            value(&doc, "review.date", Kind::Date).as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(
            value(&doc, "response.parts[0].exemption", Kind::Citation).as_deref(),
            Some("31(1)(a), 31(1)(b)")
        );
    }

    #[test]
    fn prose_is_a_multi_line_string_and_lines_a_list() {
        let out = set(
            TEXT,
            "request.wording",
            "Please provide:\r\n\r\n1. The rates.",
            Kind::Prose,
        )
        .unwrap();
        assert!(
            out.contains("wording = '''\nPlease provide:\n\n1. The rates.\n'''"),
            "{out}"
        );
        let back: toml::Table = out.parse().unwrap();
        assert_eq!(
            back["request"]["wording"].as_str(),
            Some("Please provide:\n\n1. The rates.\n")
        );
        let out = set(
            TEXT,
            "authority.address",
            "Town Hall\n\nNorthtown \n",
            Kind::Lines,
        )
        .unwrap();
        assert!(
            out.contains("address = [\"Town Hall\", \"Northtown\"]"),
            "{out}"
        );
        let out = remove(&out, "response").unwrap();
        assert!(
            !out.contains("[[response.parts]]") && out.contains("[authority]"),
            "{out}"
        );
    }

    #[test]
    fn a_value_of_the_wrong_kind_changes_nothing() {
        assert!(set(TEXT, "date", "2026-02-30", Kind::Date)
            .unwrap_err()
            .contains("not a date"));
        assert!(
            set(TEXT, "decision.outcome", "won", Kind::Choice(&["upheld"]))
                .unwrap_err()
                .contains("not one of")
        );
        assert!(set(TEXT, "positions[0].exemption", "43", Kind::Citation)
            .unwrap_err()
            .contains("no `positions` list"));
        assert!(set("kind = ", "reference", "x", Kind::Text)
            .unwrap_err()
            .contains("not TOML"));
    }

    #[test]
    fn the_choices_are_the_case_files_own_words() {
        fn parses<T: serde::de::DeserializeOwned>(word: &str) -> bool {
            serde_json::from_value::<T>(serde_json::Value::String(word.into())).is_ok()
        }
        // Every choice is read by the case types, and every variant the schema lists
        // is offered.
        use crate::facts::{EventKind, Position};
        assert!(EVENTS.iter().all(|w| parses::<EventKind>(w)), "{EVENTS:?}");
        assert!(
            POSITIONS.iter().all(|w| parses::<Position>(w)),
            "{POSITIONS:?}"
        );
        assert!(REGIMES.iter().all(|w| parses::<crate::statute::Regime>(w)));
        assert!(!parses::<EventKind>("nonsense"));
        let schema = serde_json::to_value(schemars::schema_for!(EventKind)).unwrap();
        let words = |v: &serde_json::Value| -> Vec<String> {
            let mut out = Vec::new();
            let mut stack = vec![v.clone()];
            while let Some(v) = stack.pop() {
                match v {
                    serde_json::Value::Object(m) => {
                        if let Some(serde_json::Value::String(c)) = m.get("const") {
                            out.push(c.clone());
                        }
                        if let Some(serde_json::Value::Array(e)) = m.get("enum") {
                            out.extend(e.iter().filter_map(|x| x.as_str().map(String::from)));
                        }
                        stack.extend(m.into_iter().map(|(_, v)| v));
                    }
                    serde_json::Value::Array(a) => stack.extend(a),
                    _ => {}
                }
            }
            out.sort();
            out.dedup();
            out
        };
        let mut offered: Vec<String> = EVENTS.iter().map(|w| w.to_string()).collect();
        offered.sort();
        assert_eq!(words(&schema), offered);
        let mut positions: Vec<String> = POSITIONS.iter().map(|w| w.to_string()).collect();
        positions.sort();
        assert_eq!(
            words(&serde_json::to_value(schemars::schema_for!(Position)).unwrap()),
            positions
        );
    }
}
