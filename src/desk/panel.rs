//! The case page's panel of fields: the single fields of [`form`], and the lists a
//! case repeats (the parts of a response, events, reasons, steps), each element with
//! its own fields and a button to remove it, and a button to add one. Adding and
//! removing work on the text as `form::set` does, keeping the rest as written.

use super::form::{self, Field, Kind, EVENTS, POSITIONS};
use serde::Serialize;
use toml_edit::{DocumentMut, Item};

/// One field of a list's elements: its key in the element (`""` when the elements are
/// plain values, as steps are).
#[derive(Debug, Clone, Copy)]
pub struct Sub {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
}

/// A list the case repeats, shown after the single fields of its section.
#[derive(Debug, Clone, Copy)]
pub struct Group {
    pub section: &'static str,
    /// Its path in the case file: "response.parts", "decision.steps".
    pub list: &'static str,
    /// What one element is called on the page ("Part", "Step").
    pub item: &'static str,
    pub fields: &'static [Sub],
    /// The field a new element starts with, empty, for `check` to ask for.
    pub starts: &'static str,
}

const fn s(key: &'static str, label: &'static str, kind: Kind) -> Sub {
    Sub { key, label, kind }
}

const PART: &[Sub] = &[
    s("questions", "Questions (empty: all)", Kind::Numbers),
    s("position", "Position", Kind::Choice(POSITIONS)),
    s("exemption", "Exemption", Kind::Citation),
];

pub const DECISION: &[Group] = &[
    Group {
        section: "Response",
        list: "response.parts",
        item: "Part",
        fields: PART,
        starts: "position",
    },
    Group {
        section: "Response",
        list: "events",
        item: "Event",
        fields: &[
            s("date", "Date", Kind::Date),
            s("kind", "What happened", Kind::Choice(EVENTS)),
            s("exemption", "Exemption", Kind::Citation),
            s("text", "In the caseworker's words", Kind::Prose),
        ],
        starts: "kind",
    },
    Group {
        section: "Decision",
        list: "reasons",
        item: "Reason",
        fields: &[
            s("heading", "Heading", Kind::Text),
            s("text", "Reasoning", Kind::Prose),
        ],
        starts: "text",
    },
    Group {
        section: "Decision",
        list: "decision.steps",
        item: "Step",
        fields: &[s("", "Step", Kind::Prose)],
        starts: "",
    },
];

pub const REFUSAL: &[Group] = &[Group {
    section: "Response",
    list: "positions",
    item: "Part",
    fields: PART,
    starts: "position",
}];

/// A field as the page shows it: with the value as typed and why it cannot be read,
/// when it is a bad value ([`super::repair`]).
#[derive(Debug, Serialize)]
pub struct Shown {
    /// The id of its input on the page (`f-` and this): the path with `-` for the
    /// dots and brackets.
    pub id: String,
    pub path: String,
    pub label: String,
    pub kind: Kind,
    pub value: String,
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Element {
    pub index: usize,
    pub number: usize,
    pub fields: Vec<Shown>,
}

#[derive(Debug, Serialize)]
pub struct GroupView {
    pub list: &'static str,
    pub item: &'static str,
    pub elements: Vec<Element>,
}

#[derive(Debug, Serialize)]
pub struct Section {
    pub name: &'static str,
    pub fields: Vec<Shown>,
    pub groups: Vec<GroupView>,
}

fn kind_of_text(text: &str) -> (Option<DocumentMut>, &'static [Field], &'static [Group]) {
    let doc: Option<DocumentMut> = text.parse().ok();
    let kind = doc
        .as_ref()
        .and_then(|d| d.get("kind"))
        .and_then(Item::as_str)
        .unwrap_or("")
        .to_string();
    match kind.as_str() {
        "decision-notice" => (doc, form::DECISION, DECISION),
        "refusal-notice" => (doc, form::REFUSAL, REFUSAL),
        _ => (doc, &[], &[]),
    }
}

/// The list at a dotted path, as tables or values, and how many elements it has.
fn length(doc: &DocumentMut, list: &str) -> usize {
    let mut item = doc.as_item();
    for key in list.split('.') {
        match item.get(key) {
            Some(i) => item = i,
            None => return 0,
        }
    }
    match item {
        Item::ArrayOfTables(a) => a.len(),
        Item::Value(toml_edit::Value::Array(a)) => a.len(),
        _ => 0,
    }
}

/// The section of that name, added at the end the first time.
fn section(sections: &mut Vec<Section>, name: &'static str) -> usize {
    if let Some(i) = sections.iter().position(|s| s.name == name) {
        return i;
    }
    sections.push(Section {
        name,
        fields: Vec::new(),
        groups: Vec::new(),
    });
    sections.len() - 1
}

/// The panel for a case file's text: its sections in the order of the notice, each
/// with its single fields and its lists.
pub fn panel(text: &str) -> Vec<Section> {
    // A bad value is set aside so that every other field is shown, and shown at its
    // own field with why.
    let repaired = super::repair::repair(text);
    let (doc, fields, groups) = kind_of_text(&repaired.text);
    let value = |path: &str, kind: Kind| {
        let v = doc
            .as_ref()
            .and_then(|d| form::value(d, path, kind))
            .unwrap_or_default();
        match repaired.bad_value(&v) {
            Some(bad) => (
                bad.raw.clone(),
                Some(format!("line {}: {}", bad.line, bad.message)),
            ),
            None => (v, None),
        }
    };
    let mut sections: Vec<Section> = Vec::new();
    for f in fields {
        let i = section(&mut sections, f.section);
        let (value, error) = value(f.path, f.kind);
        sections[i].fields.push(Shown {
            id: field_id(f.path),
            path: f.path.to_string(),
            label: f.label.to_string(),
            kind: f.kind,
            value,
            error,
        });
    }
    for g in groups {
        let n = doc.as_ref().map_or(0, |d| length(d, g.list));
        let elements = (0..n)
            .map(|index| Element {
                index,
                number: index + 1,
                fields: g
                    .fields
                    .iter()
                    .map(|sub| {
                        let path = element_path(g.list, index, sub.key);
                        let (value, error) = value(&path, sub.kind);
                        Shown {
                            value,
                            error,
                            id: field_id(&path),
                            path,
                            label: sub.label.to_string(),
                            kind: sub.kind,
                        }
                    })
                    .collect(),
            })
            .collect();
        let i = section(&mut sections, g.section);
        sections[i].groups.push(GroupView {
            list: g.list,
            item: g.item,
            elements,
        });
    }
    sections
}

/// The id of a field's input on the page (after `f-`): its path with `-` for the
/// dots and brackets (`response-parts-0-exemption`).
pub fn field_id(path: &str) -> String {
    path.replace(['.', '['], "-").replace(']', "")
}

fn element_path(list: &str, index: usize, key: &str) -> String {
    if key.is_empty() {
        format!("{list}[{index}]")
    } else {
        format!("{list}[{index}].{key}")
    }
}

/// How a field named by its path on the page is edited: a single field, or a field of
/// a list's element (`response.parts[2].exemption`). `None` for any other path.
pub fn kind_of(path: &str) -> Option<Kind> {
    if let Some(f) = form::DECISION
        .iter()
        .chain(form::REFUSAL)
        .find(|f| f.path == path)
    {
        return Some(f.kind);
    }
    DECISION.iter().chain(REFUSAL).find_map(|g| {
        let rest = path.strip_prefix(g.list)?.strip_prefix('[')?;
        let (index, key) = rest.split_once(']')?;
        index.parse::<usize>().ok()?;
        let key = key.strip_prefix('.').unwrap_or(key);
        g.fields.iter().find(|s| s.key == key).map(|s| s.kind)
    })
}

fn group(list: &str) -> Result<&'static Group, String> {
    DECISION
        .iter()
        .chain(REFUSAL)
        .find(|g| g.list == list)
        .ok_or_else(|| format!("no list `{list}` on the desk"))
}

fn parse(text: &str) -> Result<DocumentMut, String> {
    text.parse().map_err(|e: toml_edit::TomlError| {
        format!("the case file is not TOML yet: {}", e.message())
    })
}

/// The text with one element added at the end of a list: a table whose first field
/// is left empty (so `check` asks for it at its line), or an empty value.
pub fn add(text: &str, list: &str) -> Result<String, String> {
    let g = group(list)?;
    let mut doc = parse(text)?;
    let (parents, last) = match list.rsplit_once('.') {
        Some((p, l)) => (p.split('.').collect::<Vec<_>>(), l),
        None => (Vec::new(), list),
    };
    let mut item = doc.as_item_mut();
    for key in parents {
        if item.get(key).is_none() {
            item[key] = toml_edit::table();
        }
        item = &mut item[key];
        if !item.is_table_like() {
            return Err(format!("`{key}` is not a table in the case file"));
        }
    }
    if g.starts.is_empty() {
        // A list of values (steps).
        if item.get(last).is_none() {
            item[last] = toml_edit::value(toml_edit::Array::new());
        }
        let array = item[last]
            .as_array_mut()
            .ok_or_else(|| format!("`{last}` is not a list in the case file"))?;
        array.push("");
    } else {
        if item.get(last).is_none() {
            item[last] = Item::ArrayOfTables(toml_edit::ArrayOfTables::new());
        }
        let tables = item[last]
            .as_array_of_tables_mut()
            .ok_or_else(|| format!("`{last}` is not a list of tables in the case file"))?;
        let mut t = toml_edit::Table::new();
        t[g.starts] = toml_edit::value("");
        tables.push(t);
    }
    Ok(doc.to_string())
}

/// The text with element `index` of a list removed.
pub fn remove(text: &str, list: &str, index: usize) -> Result<String, String> {
    group(list)?;
    let mut doc = parse(text)?;
    let mut item = doc.as_item_mut();
    for key in list.split('.') {
        item = item
            .get_mut(key)
            .ok_or_else(|| format!("the case file has no `{list}`"))?;
    }
    let removed = match item {
        Item::ArrayOfTables(a) if index < a.len() => {
            a.remove(index);
            true
        }
        Item::Value(toml_edit::Value::Array(a)) if index < a.len() => {
            a.remove(index);
            true
        }
        _ => false,
    };
    if !removed {
        return Err(format!(
            "the case file has no `{list}` number {}",
            index + 1
        ));
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# A case.\nkind = \"decision-notice\"\n\n[[response.parts]] # the refused part\nposition = \"refused\"\nexemption = \"43(2)\"\n\n[decision]\noutcome = \"not-upheld\" # as found\n";

    fn paths(text: &str) -> Vec<String> {
        panel(text)
            .into_iter()
            .flat_map(|s| s.groups)
            .flat_map(|g| g.elements)
            .flat_map(|e| e.fields)
            .map(|f| format!("{}={}", f.path, f.value))
            .collect()
    }

    #[test]
    fn an_address_is_shown_a_line_each() {
        let text =
            "kind = \"decision-notice\"\n[authority]\naddress = [\"Town Hall\", \"Northtown\"]\n";
        let address = panel(text)
            .into_iter()
            .flat_map(|s| s.fields)
            .find(|f| f.path == "authority.address")
            .unwrap();
        assert_eq!(address.value, "Town Hall\nNorthtown");
    }

    #[test]
    fn each_element_of_a_list_has_its_fields() {
        let shown = paths(TEXT);
        assert!(
            shown.contains(&"response.parts[0].exemption=43(2)".to_string()),
            "{shown:?}"
        );
        assert!(
            shown.contains(&"response.parts[0].questions=".to_string()),
            "{shown:?}"
        );
        assert!(
            !shown.iter().any(|p| p.starts_with("reasons[")),
            "{shown:?}"
        );
        let sections: Vec<&str> = panel(TEXT).iter().map(|s| s.name).collect();
        assert_eq!(sections[..2], ["Parties", "Request"]);
    }

    #[test]
    fn elements_are_added_set_and_removed_keeping_the_rest_as_written() {
        let two = add(TEXT, "response.parts").unwrap();
        assert!(two.contains("# the refused part"), "{two}");
        let set = form::set(
            &two,
            "response.parts[1].questions",
            "1, 3",
            kind_of("response.parts[1].questions").unwrap(),
        )
        .unwrap();
        let back: toml::Table = set.parse().unwrap();
        let parts = back["response"]["parts"].as_array().unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[1]["questions"].as_array().unwrap().len(), 2);
        assert_eq!(parts[1]["position"].as_str(), Some(""));
        let one = remove(&set, "response.parts", 0).unwrap();
        let back: toml::Table = one.parse().unwrap();
        assert_eq!(back["response"]["parts"].as_array().unwrap().len(), 1);
        assert!(one.contains("outcome = \"not-upheld\" # as found"), "{one}");
        assert!(remove(&one, "response.parts", 5).is_err());
        assert!(add(TEXT, "nonsense").is_err());
    }

    #[test]
    fn steps_are_a_list_of_prose() {
        let with = add(TEXT, "decision.steps").unwrap();
        let with = form::set(
            &with,
            "decision.steps[0]",
            "Disclose the report.",
            kind_of("decision.steps[0]").unwrap(),
        )
        .unwrap();
        let back: toml::Table = with.parse().unwrap();
        assert_eq!(
            back["decision"]["steps"].as_array().unwrap()[0].as_str(),
            Some("Disclose the report.\n")
        );
        assert_eq!(back["decision"]["outcome"].as_str(), Some("not-upheld"));
        assert!(form::set(&with, "decision.steps[3]", "x", Kind::Prose).is_err());
        assert!(kind_of("decision.steps[x]").is_none());
        assert!(kind_of("response.parts[0].nonsense").is_none());
    }

    #[test]
    fn a_bad_value_is_shown_at_its_field_and_the_others_stay() {
        let bad = TEXT.replace("[decision]", "[request]\ndate = 2026-02-30\n\n[decision]");
        let fields: Vec<Shown> = panel(&bad).into_iter().flat_map(|s| s.fields).collect();
        let date = fields.iter().find(|f| f.path == "request.date").unwrap();
        assert_eq!(date.value, "2026-02-30");
        let line = bad.lines().position(|l| l.contains("2026-02-30")).unwrap() + 1;
        assert!(
            date.error
                .as_deref()
                .unwrap()
                .starts_with(&format!("line {line}: invalid date")),
            "{date:?}"
        );
        let outcome = fields
            .iter()
            .find(|f| f.path == "decision.outcome")
            .unwrap();
        assert_eq!(
            (outcome.value.as_str(), outcome.error.is_none()),
            ("not-upheld", true)
        );
        assert_eq!(paths(&bad), paths(TEXT));
    }

    #[test]
    fn question_numbers_must_be_numbers() {
        assert!(
            form::set(TEXT, "response.parts[0].questions", "1, two", Kind::Numbers)
                .unwrap_err()
                .contains("not a question number")
        );
    }
}
