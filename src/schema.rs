//! The case file's JSON Schema, derived from the same types the files are read into
//! (`facts`), for editors' TOML and JSON plugins and the desk's forms.

use crate::facts::{DecisionNotice, RefusalNotice};
use serde_json::{json, Value};

/// The schema of a case file: a decision notice or a refusal notice, told apart by
/// `kind`.
pub fn case_file() -> Value {
    let mut generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let decision = generator.subschema_for::<DecisionNotice>();
    let refusal = generator.subschema_for::<RefusalNotice>();
    let mut defs = serde_json::Map::new();
    for (name, schema) in generator.take_definitions(true) {
        defs.insert(name, schema);
    }
    // `kind` is a plain string in the types; here it names which notice the file is.
    for (name, kind) in [
        ("DecisionNotice", "decision-notice"),
        ("RefusalNotice", "refusal-notice"),
    ] {
        if let Some(props) = defs
            .get_mut(name)
            .and_then(|d| d.get_mut("properties"))
            .and_then(Value::as_object_mut)
        {
            props.insert(
                "kind".into(),
                json!({ "const": kind, "description": "what the case is for" }),
            );
        }
    }
    json!({
        // Draft 7, which editors' TOML plugins (Taplo's, for one) and JSON editors read.
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "foinotice case file",
        "description": "The facts of one case, from which foinotice drafts a decision notice or a refusal notice. docs/case-file.md describes every field.",
        "oneOf": [decision.to_value(), refusal.to_value()],
        "definitions": defs,
    })
}

/// The fields a case file may have at its top level (of either kind), for the hint at
/// a key written below a table, which TOML reads as the table's.
pub fn top_level_fields() -> &'static [String] {
    static FIELDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FIELDS.get_or_init(|| {
        let schema = case_file();
        let mut out: Vec<String> = ["DecisionNotice", "RefusalNotice"]
            .iter()
            .filter_map(|d| schema["definitions"][d]["properties"].as_object())
            .flat_map(|props| props.keys().cloned())
            .collect();
        out.sort();
        out.dedup();
        out
    })
}
