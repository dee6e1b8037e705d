//! A house style file's own text checked where it is read: no character a notice can
//! never carry, and every template it gives under `[templates]` (or a `[[since]]`
//! version's `templates`) parsed, a syntax error located at its line in the style file:
//! the line where the template's string starts plus the line within the template.

use crate::diagnostic::{Diagnostic, SpanIndex};
use std::path::Path;

/// The first problem with a style file's text, located in it.
pub fn check(path: &Path, text: &str, table: &toml::Table) -> Result<(), Box<Diagnostic>> {
    let spans = SpanIndex::from_toml(text);
    let mut strings = Vec::new();
    toml_strings(
        &toml::Value::Table(table.clone()),
        String::new(),
        &mut strings,
    );
    for (field, value) in strings {
        let Some((_, c)) = crate::text::first_forbidden(&value) else {
            continue;
        };
        let d = Diagnostic::error(
            path,
            field.clone(),
            format!(
                "`{field}` holds {} (U+{:04X}), which a notice cannot carry",
                crate::text::forbidden_kind(c),
                c as u32
            ),
            "remove it; only line breaks and tabs are allowed in text",
        );
        // At the character where it is written as itself, else at the field.
        let at = spans.value(&field).map(|span| {
            text[span.clone()].find(c).map_or(span.clone(), |i| {
                span.start + i..span.start + i + c.len_utf8()
            })
        });
        return Err(Box::new(match at {
            Some(r) => d.at(text, r),
            None => d,
        }));
    }
    let mut sets: Vec<(String, &toml::Table)> = Vec::new();
    if let Some(toml::Value::Table(t)) = table.get("templates") {
        sets.push(("templates".into(), t));
    }
    if let Some(toml::Value::Array(versions)) = table.get("since") {
        for (i, v) in versions.iter().enumerate() {
            if let Some(toml::Value::Table(t)) = v.get("templates") {
                sets.push((format!("since[{i}].templates"), t));
            }
        }
    }
    for (prefix, set) in sets {
        for (name, value) in set {
            let toml::Value::String(template) = value else {
                continue;
            };
            let Some((message, line, column)) = syntax_error(name, template) else {
                continue;
            };
            let field = format!("{prefix}.{name}");
            let d = Diagnostic::error(
                path,
                field.clone(),
                format!("the style's template `{name}` is not valid: {message} (line {line} of the template)"),
                format!("fix the template at this line of the style file (docs/templates.md describes the template language), or remove \"{name}\" from [templates] to use the built-in one"),
            );
            let d = match spans.value(&field) {
                Some(span) => {
                    let (l, c) = template_start(text, span.start);
                    let (line, column) = if line == 1 {
                        (l, c + column)
                    } else {
                        (l + line - 1, column + 1)
                    };
                    d.at_line_column(text, line, column)
                }
                None => d,
            };
            return Err(Box::new(d));
        }
    }
    Ok(())
}

/// Where the first character of a template written as a TOML string at byte `at`
/// (its opening quotes) falls in the style file: 1-based line and column. A multi-line
/// string's newline straight after its opening quotes is not part of it.
fn template_start(text: &str, at: usize) -> (usize, usize) {
    let rest = &text[at..];
    let quotes = if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
        3
    } else {
        1
    };
    let after = &rest[quotes.min(rest.len())..];
    let line = text[..at].matches('\n').count() + 1;
    if quotes == 3 && (after.starts_with('\n') || after.starts_with("\r\n")) {
        return (line + 1, 1);
    }
    let column = text[..at]
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count());
    (line, column + quotes + 1)
}

/// A template's syntax error on its own: the message, and where in the template
/// (1-based line, 0-based column). Errors that need the other templates (an include
/// of a missing one) are left to the engine built with them all.
fn syntax_error(name: &str, text: &str) -> Option<(String, usize, usize)> {
    let mut tera = tera::Tera::new();
    match tera.add_raw_template(name, text) {
        Ok(()) => None,
        Err(e) => match e.kind() {
            tera::ErrorKind::SyntaxError(r) => Some((
                r.message().to_string(),
                r.span().start_line,
                r.span().start_col,
            )),
            _ => None,
        },
    }
}

/// Every string in a style's table, with its field path (`wording.opening[0]`).
fn toml_strings(v: &toml::Value, path: String, out: &mut Vec<(String, String)>) {
    match v {
        toml::Value::String(s) => out.push((path, s.clone())),
        toml::Value::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                toml_strings(item, format!("{path}[{i}]"), out);
            }
        }
        toml::Value::Table(t) => {
            for (k, item) in t {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                toml_strings(item, p, out);
            }
        }
        _ => {}
    }
}
