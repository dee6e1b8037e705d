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

const REGIMES: &[&str] = &["FOIA", "EIR"];
const POSITIONS: &[&str] = &["provided", "not-held", "refused", "ncnd"];

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
    f("Request", "request.date", "Request made", Kind::Date),
    f("Request", "request.summary", "About", Kind::Text),
    f("Response", "response.date", "Response", Kind::Date),
    f(
        "Response",
        "response.parts[0].position",
        "Position",
        Kind::Choice(POSITIONS),
    ),
    f(
        "Response",
        "response.parts[0].exemption",
        "Exemption",
        Kind::Citation,
    ),
    f(
        "Review",
        "review.outcome",
        "Review outcome",
        Kind::Choice(&["upheld", "revised", "declined", "not-provided"]),
    ),
    f("Review", "review.date", "Review given", Kind::Date),
    f("Complaint", "complaint.date", "Complaint made", Kind::Date),
    f(
        "Decision",
        "decision.outcome",
        "Outcome",
        Kind::Choice(&["upheld", "not-upheld", "partly-upheld"]),
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
        "Response",
        "positions[0].position",
        "Position",
        Kind::Choice(POSITIONS),
    ),
    f(
        "Response",
        "positions[0].exemption",
        "Exemption",
        Kind::Citation,
    ),
    f("Letter", "signatory.role", "Signed by (role)", Kind::Text),
];

/// The fields for a case file's text (by its `kind`), each with its value as written
/// (empty when the field is absent).
pub fn fields(text: &str) -> Vec<(Field, String)> {
    let doc: Option<DocumentMut> = text.parse().ok();
    let kind = doc
        .as_ref()
        .and_then(|d| d.get("kind"))
        .and_then(Item::as_str)
        .unwrap_or("");
    let list = match kind {
        "decision-notice" => DECISION,
        "refusal-notice" => REFUSAL,
        _ => return Vec::new(),
    };
    list.iter()
        .map(|f| {
            let v = doc
                .as_ref()
                .and_then(|d| get(d, f.path))
                .unwrap_or_default();
            (*f, v)
        })
        .collect()
}

/// One step of a field's path: a key, and an element number when it is a list.
fn steps(path: &str) -> Vec<(&str, Option<usize>)> {
    path.split('.')
        .map(|s| match s.split_once('[') {
            Some((k, rest)) => (k, rest.trim_end_matches(']').parse().ok()),
            None => (s, None),
        })
        .collect()
}

fn get(doc: &DocumentMut, path: &str) -> Option<String> {
    let mut item: &Item = doc.as_item();
    for (key, index) in steps(path) {
        item = item.get(key)?;
        if let Some(i) = index {
            item = item.get(i)?;
        }
    }
    shown(item)
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
    let Some(((last, _), parents)) = steps.split_last() else {
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
            .filter_map(|v| v.as_str().map(str::to_string))
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
        let values: Vec<(String, String)> = fields(&out)
            .into_iter()
            .map(|(f, v)| (f.path.to_string(), v))
            .collect();
        assert!(
            values.contains(&("review.date".into(), "2026-03-02".into())),
            "{values:?}"
        );
        assert!(
            values.contains(&(
                "response.parts[0].exemption".into(),
                "31(1)(a), 31(1)(b)".into()
            )),
            "{values:?}"
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
}
