//! The text of a case file is checked where it is read: characters no notice can carry
//! (issue 24, item 17), footnotes within footnotes (item 18) and the markup of every
//! field that carries it (item 19) are each refused at the field's line, in TOML and
//! JSON alike, never found later in the rendered notice.

mod common;

use common::{load_str, root};
use foinotice::diagnostic::Diagnostic;
use foinotice::templates::Templates;
use serde_json::Value;

const DECISION: &str = include_str!("../examples/decision-notice-cambridgeshire.toml");
const REFUSAL: &str = include_str!("../examples/refusal-notice-west-midlands.toml");

/// A TOML case file as JSON, pretty-printed (one field to a line).
fn as_json(toml_text: &str) -> String {
    let table: toml::Table = toml::from_str(toml_text).unwrap();
    serde_json::to_string_pretty(&table).unwrap()
}

/// The errors checking a case gives, or none.
fn errors(name: &str, text: &str) -> Vec<Diagnostic> {
    match load_str(name, text) {
        Ok(_) => Vec::new(),
        Err(e) => e.into_iter().filter(Diagnostic::is_error).collect(),
    }
}

/// The 1-based line of `text` holding `needle` (its first occurrence).
fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is not in the case"));
    text[..at].lines().count() + usize::from(text[..at].ends_with('\n') || at == 0)
}

/// Asserts that `text` is refused with an error at `field` on the line holding
/// `needle`, whose message contains `message`.
fn assert_refused_at(name: &str, text: &str, field: &str, needle: &str, message: &str) {
    let errs = errors(name, text);
    let line = line_of(text, needle);
    assert!(
        errs.iter()
            .any(|d| d.field == field && d.line == line && d.message.contains(message)),
        "{name}: expected an error at `{field}`, line {line}, saying `{message}`; got {errs:#?}"
    );
}

#[test]
fn noncharacters_and_xml_forbidden_characters_are_refused_at_their_field_in_toml_and_json() {
    // Each a value the case file writes on a line of its own in both formats.
    let fields = [
        (
            DECISION,
            "request.summary",
            "summary",
            "Cambridgeshire Constabulary's",
        ),
        (
            DECISION,
            "complaint.context",
            "context",
            "explaining that she",
        ),
        (DECISION, "authority.name", "name", "Chief Constable of"),
        (
            DECISION,
            "footnotes.stokes",
            "stokes",
            "Head of the Metropolitan",
        ),
        (REFUSAL, "title", "title", "Internet Of Things"),
    ];
    let chars = [
        '\u{ffff}',
        '\u{fffe}',
        '\u{fdd0}',
        '\u{fdef}',
        '\u{1ffff}',
        '\u{10fffe}',
        '\u{b}',
    ];
    for (case, field, key, start) in fields {
        assert!(
            case.contains(start),
            "{field}: `{start}` is not in the example"
        );
        for c in chars {
            let needle = format!("{c}{start}");
            let toml_text = case.replacen(start, &needle, 1);
            // In TOML the character is written as itself where it can be, and as an
            // escape otherwise (a control character cannot be written raw in a string).
            let toml_text = if c.is_control() {
                toml_text.replacen(&needle, &format!("\\u000B{start}"), 1)
            } else {
                toml_text
            };
            assert_refused_at(
                "c.toml",
                &toml_text,
                field,
                start,
                &format!("(U+{:04X}), which a notice cannot carry", c as u32),
            );
            let json = as_json(&toml_text);
            assert_refused_at(
                "c.json",
                &json,
                field,
                &format!("\"{key}\": "),
                &format!("(U+{:04X})", c as u32),
            );
        }
    }
}

#[test]
fn a_footnote_that_refers_to_a_footnote_is_refused_at_its_line() {
    for inner in ["[^stokes]", "[^techuk]"] {
        let bad = DECISION.replacen(
            "stokes = \"Head of the Metropolitan",
            &format!("stokes = \"See {inner}. Head of the Metropolitan"),
            1,
        );
        assert_refused_at(
            "c.toml",
            &bad,
            "footnotes.stokes",
            "stokes = \"See",
            "a note cannot have a note",
        );
        let json = as_json(&bad);
        assert_refused_at(
            "c.json",
            &json,
            "footnotes.stokes",
            "\"stokes\": ",
            "a note cannot have a note",
        );
    }
    // The literal text, escaped, is still allowed.
    let fine = DECISION.replacen(
        "stokes = \"Head of the Metropolitan",
        "stokes = \"See \\\\[^stokes]. Head of the Metropolitan",
        1,
    );
    assert!(
        errors("c.toml", &fine).is_empty(),
        "{:#?}",
        errors("c.toml", &fine)
    );
}

#[test]
fn markup_errors_in_fields_the_old_lists_missed_are_refused_at_their_line() {
    // guidance (a refusal notice) carries markup: printed with `| inline`.
    let bad = REFUSAL.replacen(
        "guidance = \"https://",
        "guidance = \"[the guidance]{lang=<b>} https://",
        1,
    );
    assert_refused_at(
        "c.toml",
        &bad,
        "guidance",
        "guidance = ",
        "is not a language",
    );
    assert_refused_at(
        "c.json",
        &as_json(&bad),
        "guidance",
        "\"guidance\": ",
        "is not a language",
    );
    // decision.steps_reason, and a section 12 estimate's activities.
    let s12 =
        std::fs::read_to_string(root().join("examples/decision-notice-section-12.toml")).unwrap();
    let bad = s12.replacen(
        "steps_reason = \"the council",
        "steps_reason = \"*the council",
        1,
    );
    assert_refused_at(
        "c.toml",
        &bad,
        "decision.steps_reason",
        "steps_reason",
        "never closed",
    );
    let bad = s12.replacen("activities = \"reading", "activities = \"**reading", 1);
    assert_refused_at(
        "c.toml",
        &bad,
        "response.parts[1].estimate.activities",
        "activities",
        "never closed",
    );
}

#[test]
fn a_stray_asterisk_at_the_end_of_a_field_is_printed_as_written() {
    // Alone, a last `*` after a space is an asterisk; in the notice's sentence the
    // full stop after it made it open emphasis, and rendering failed.
    for (old, new, printed) in [
        (
            "for law enforcement purposes\"",
            "for law enforcement purposes *\"",
            "for law enforcement purposes *.",
        ),
        (
            "explaining that she had submitted the above request to every UK police force\"",
            "explaining that she had submitted the request to every force **\"",
            "to every force **.",
        ),
        (
            "for law enforcement purposes\"",
            "for law enforcement purposes \\\\\"",
            "for law enforcement purposes \\.",
        ),
    ] {
        assert!(DECISION.contains(old), "{old}");
        let case = DECISION.replacen(old, new, 1);
        assert!(
            errors("c.toml", &case).is_empty(),
            "{new}: {:#?}",
            errors("c.toml", &case)
        );
        let text = common::render_text_str(&case);
        assert!(text.contains(printed), "{new}: {text}");
    }
}

/// Every string field of the facts is either checked as markup, so that broken markup
/// in it is refused at that field, or printed as written: broken markup anywhere never
/// gets past the checks to fail in the rendered notice.
#[test]
fn broken_markup_in_any_field_is_refused_at_that_field_or_printed_as_written() {
    let templates = Templates::load(None).unwrap();
    for example in [
        "decision-notice-cambridgeshire.toml",
        "decision-notice-section-12.toml",
        "decision-notice-2009.toml",
        "refusal-notice-west-midlands.toml",
        "refusal-notice-section-12.toml",
    ] {
        let text = std::fs::read_to_string(root().join("examples").join(example)).unwrap();
        let json: Value = serde_json::from_str(&as_json(&text)).unwrap();
        let mut fields = Vec::new();
        string_fields(&json, String::new(), String::new(), &mut fields);
        let mut checked = 0;
        // Markup broken on its own, and markup that is only literal on its own (a
        // last `*`, a last `\`), which a template's next character must not change.
        let values = ["a *b [c]{lang=zz}", "a b *", "a b \\"];
        for ((pointer, field), value) in fields
            .iter()
            .flat_map(|f| values.iter().map(move |v| (f, v)))
        {
            let mut bad = json.clone();
            *bad.pointer_mut(pointer).unwrap() = Value::String(value.to_string());
            let bad = serde_json::to_string_pretty(&bad).unwrap();
            match load_str("c.json", &bad) {
                Err(errs) => {
                    // Refused for this field, or for what the value means elsewhere
                    // (a date, a kind): either way, never rendered.
                    if errs.iter().any(|d| d.field == *field && d.is_error()) {
                        checked += 1;
                    }
                }
                Ok(case) => {
                    let rendered = foinotice::notice::document(&case, &templates);
                    assert!(
                        rendered.is_ok(),
                        "{example}: `{value}` in `{field}` passed the checks and failed in the notice: {}",
                        rendered.err().unwrap()
                    );
                }
            }
        }
        assert!(checked > 5, "{example}: only {checked} fields were refused");
    }
}

/// Every string in a JSON value with its JSON pointer and its field path.
fn string_fields(v: &Value, pointer: String, path: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(_) => out.push((pointer, path)),
        Value::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                string_fields(item, format!("{pointer}/{i}"), format!("{path}[{i}]"), out);
            }
        }
        Value::Object(m) => {
            for (k, item) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                string_fields(item, format!("{pointer}/{k}"), p, out);
            }
        }
        _ => {}
    }
}

/// The same test guards a template of the user's own (`--templates DIR`).
#[test]
fn a_template_holding_a_noncharacter_is_refused_at_its_line() {
    let dir = common::scratch("template-nonchar");
    std::fs::create_dir_all(dir.join("refusal")).unwrap();
    std::fs::write(dir.join("refusal/response.tera"), "Hello\nthere \u{fdd0}\n").unwrap();
    let err = Templates::load(Some(&dir)).err().expect("refused");
    let text = err.to_string();
    assert!(
        text.contains("refusal/response.tera")
            && text.contains("line 2, column 7")
            && text.contains("U+FDD0"),
        "{text}"
    );
}
