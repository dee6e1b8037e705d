//! `foinotice schema`: the case file's JSON Schema accepts every example and corpus
//! case file, and rejects what `check` rejects for its shape (an unknown field, a value
//! not among the choices, a missing required field). The schema is checked here by a
//! small validator of the keywords it uses.

mod common;

use serde_json::{json, Value};

/// A TOML case file as the JSON an editor's plugin checks: dates as strings.
fn as_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => json!(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(as_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.iter().map(|(k, v)| (k.clone(), as_json(v))).collect())
        }
    }
}

/// The problems with `value` against `schema` (empty when it is valid).
fn problems(root: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let target = r
            .strip_prefix("#/definitions/")
            .and_then(|name| root["definitions"].get(name));
        return match target {
            Some(s) => problems(root, s, value, at),
            None => vec![format!("{at}: the reference {r} leads nowhere")],
        };
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            let fits = options
                .iter()
                .filter(|o| problems(root, o, value, at).is_empty())
                .count();
            let ok = if key == "oneOf" { fits == 1 } else { fits >= 1 };
            if !ok {
                out.push(format!("{at}: fits {fits} of the {key} choices"));
            }
        }
    }
    if let Some(c) = schema.get("const") {
        if c != value {
            out.push(format!("{at}: {value} is not {c}"));
        }
    }
    if let Some(choices) = schema.get("enum").and_then(Value::as_array) {
        if !choices.contains(value) {
            out.push(format!("{at}: {value} is not one of {choices:?}"));
        }
    }
    if let Some(t) = schema.get("type") {
        let kinds: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let kind = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let fits = kinds.contains(&kind) || (kind == "integer" && kinds.contains(&"number"));
        if !fits {
            out.push(format!("{at}: a {kind}, not {kinds:?}"));
            return out;
        }
    }
    if schema.get("format").and_then(Value::as_str) == Some("date") {
        let s = value.as_str().unwrap_or("");
        if chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_err() {
            out.push(format!("{at}: `{s}` is not a date"));
        }
    }
    if let Value::Object(map) = value {
        let props = schema.get("properties").and_then(Value::as_object);
        for required in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !map.contains_key(required) {
                out.push(format!("{at}: `{required}` is missing"));
            }
        }
        for (k, v) in map {
            let here = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            match props.and_then(|p| p.get(k)) {
                Some(s) => out.extend(problems(root, s, v, &here)),
                None if schema.get("additionalProperties") == Some(&json!(false)) => {
                    out.push(format!("{here}: not a field here"))
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(s)) = (value, schema.get("items")) {
        for (i, v) in items.iter().enumerate() {
            out.extend(problems(root, s, v, &format!("{at}[{i}]")));
        }
    }
    out
}

fn case_files() -> Vec<std::path::PathBuf> {
    let mut v = common::examples();
    for dir in ["tests/corpus", "examples/bulk"] {
        for e in std::fs::read_dir(common::root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            if p.extension().is_some_and(|x| x == "toml") && text.contains("kind = \"") {
                v.push(p);
            }
        }
    }
    v
}

#[test]
fn every_case_file_fits_the_schema() {
    let schema = foinotice::schema::case_file();
    let files = case_files();
    assert!(files.len() > 60, "{}", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let value = as_json(&toml::from_str::<toml::Value>(&text).unwrap());
        let found = problems(&schema, &schema, &value, "");
        assert!(found.is_empty(), "{}: {found:?}", path.display());
    }
}

#[test]
fn the_schema_rejects_what_check_rejects_for_its_shape() {
    let schema = foinotice::schema::case_file();
    let text = include_str!("../examples/decision-notice-not-upheld.toml");
    let good = as_json(&toml::from_str::<toml::Value>(text).unwrap());
    assert!(problems(&schema, &schema, &good, "").is_empty());
    type Change = fn(&mut Value);
    let variants: [(&str, Change); 5] = [
        ("an unknown field", |v| {
            v["authority"]["nickname"] = json!("x");
        }),
        ("a pronoun not among the choices", |v| {
            v["complainant"]["pronoun"] = json!("it");
        }),
        ("a missing required field", |v| {
            v["request"].as_object_mut().unwrap().remove("date");
        }),
        ("a date that is not one", |v| {
            v["date"] = json!("2026-02-30");
        }),
        ("a refusal's kind on a decision notice", |v| {
            v["kind"] = json!("refusal-notice");
        }),
    ];
    for (what, change) in variants {
        let mut bad = good.clone();
        change(&mut bad);
        assert!(
            !problems(&schema, &schema, &bad, "").is_empty(),
            "the schema accepts {what}"
        );
        // And so does the program.
        let toml_text = toml::to_string(&bad).unwrap();
        assert!(
            common::load_str("variant.toml", &toml_text).is_err(),
            "check accepts {what}"
        );
    }
}

#[test]
fn the_command_prints_the_schema() {
    let o = common::foinotice(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let printed: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(printed, foinotice::schema::case_file());
    assert_eq!(printed["oneOf"].as_array().unwrap().len(), 2);
    // Field descriptions come from the types' documentation.
    let decision = &printed["definitions"]["DecisionNotice"]["properties"];
    assert!(decision.get("further_requests").is_some(), "{decision}");
}
