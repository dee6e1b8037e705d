//! Variants of the examples for the branch snapshots: take an example case, change the
//! facts that choose a branch, render, and keep the sections that branch writes.

use foinotice::templates::Templates;
use toml::{Table, Value};

/// The top-level headings of both notices, which end a section.
pub const HEADINGS: &[&str] = &[
    "Decision (including any steps ordered)",
    "Background",
    "Request and response",
    "Scope of the case",
    "Reasons for decision",
    "Procedural matters",
    "Other matters",
    "Right of appeal",
    "Signed",
    "Annex",
    // A refusal letter in the standard house style.
    "Your request",
    "Our response",
    "Reasons for our decision",
    "Advice and assistance",
    "Your right to complain",
    "Yours sincerely",
];

pub fn example(name: &str) -> Table {
    let path = super::root().join("examples").join(name);
    std::fs::read_to_string(&path).unwrap().parse().unwrap()
}

/// Sets (or with `None`, removes) the value at a dotted path, creating tables on the way.
pub fn set(case: &mut Table, path: &str, value: Option<Value>) {
    let (parents, last) = match path.rsplit_once('.') {
        Some((p, l)) => (p.split('.').collect::<Vec<_>>(), l),
        None => (Vec::new(), path),
    };
    let mut table = case;
    for key in parents {
        table = table
            .entry(key)
            .or_insert_with(|| Value::Table(Table::new()))
            .as_table_mut()
            .unwrap_or_else(|| panic!("`{key}` is not a table"));
    }
    match value {
        Some(v) => {
            table.insert(last.to_string(), v);
        }
        None => {
            assert!(table.remove(last).is_some(), "no field `{path}` to remove");
        }
    }
}

pub fn s(text: &str) -> Option<Value> {
    Some(Value::String(text.to_string()))
}

pub fn list(items: &[&str]) -> Option<Value> {
    Some(Value::Array(
        items.iter().map(|i| Value::String(i.to_string())).collect(),
    ))
}

pub fn date(text: &str) -> Option<Value> {
    Some(Value::Datetime(text.parse().unwrap()))
}

/// Cites `exemption` instead in every entry of the list at `list` (such as
/// `response.parts` or `positions`) that cites one.
pub fn recite(case: &mut Table, list: &str, exemption: &str) {
    let (table, key) = match list.split_once('.') {
        Some((t, k)) => (case[t].as_table_mut().unwrap(), k),
        None => (&mut *case, list),
    };
    for entry in table[key].as_array_mut().unwrap() {
        let t = entry.as_table_mut().unwrap();
        if t.contains_key("exemption") {
            t.insert("exemption".into(), Value::String(exemption.into()));
        }
    }
}

/// The case's notice as text, with the built-in templates.
pub fn render(case: &Table) -> String {
    let source = toml::to_string(case).unwrap();
    let case = super::load_str("variant.toml", &source)
        .unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    let templates = Templates::load(None).unwrap();
    let doc = foinotice::notice::document(&case, &templates).unwrap_or_else(|e| panic!("{e}"));
    foinotice::render::text::render(&doc)
}

/// Renders the case and keeps the sections under the given top-level headings.
pub fn sections(case: &Table, wanted: &[&str]) -> String {
    let text = render(case);
    let mut out = String::new();
    let mut keep = false;
    for line in text.lines() {
        if HEADINGS.contains(&line) {
            keep = wanted.contains(&line);
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    for heading in wanted {
        assert!(
            out.lines().any(|l| l == *heading),
            "the notice has no `{heading}` section:\n{text}"
        );
    }
    out
}

pub fn snapshot(name: &str, text: String) {
    insta::with_settings!({ snapshot_path => "../../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(format!("branch-{name}"), text);
    });
}
