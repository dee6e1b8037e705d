//! A case file's text with a bad value in it (a date that does not exist, a word
//! where a number goes) is not TOML, so nothing of it could be read, and the case
//! page's fields would all go. Here each value the parser refuses is set aside, a
//! line at a time, in its place a marker string, so that the rest of the text is
//! read and edited as usual; the field whose value was set aside is shown with the
//! value as typed and the parser's reason, and the marker is put back to the line as
//! typed after any other field is changed. Only a `key = value` line is set aside; a
//! mistake of another kind (a broken table heading, an unclosed string) is left for
//! the text editor and the checks.

/// A value set aside: its line (from 1), the line as typed, the value as typed, the
/// parser's reason, and the marker that stands in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadValue {
    pub line: usize,
    original: String,
    pub raw: String,
    pub message: String,
    pub marker: String,
}

/// A text whose bad values are set aside: it parses when `complete`.
#[derive(Debug, Clone)]
pub struct Repaired {
    pub text: String,
    pub bad: Vec<BadValue>,
    /// Whether every mistake was a bad value (the text now parses).
    pub complete: bool,
}

/// At most this many values are set aside in one text.
const MOST: usize = 32;

fn marker(i: usize) -> String {
    format!("\u{2063}desk-value-not-read-{i}\u{2063}")
}

/// Whether a value shown in a field is a marker of a value set aside.
#[cfg(test)]
pub fn is_marker(value: &str) -> bool {
    value.starts_with('\u{2063}') && value.contains("desk-value-not-read-")
}

/// The text with each value the TOML parser refuses set aside.
pub fn repair(text: &str) -> Repaired {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut bad = Vec::new();
    loop {
        let joined = lines.join("\n");
        let err = match joined.parse::<toml_edit::DocumentMut>() {
            Ok(_) => {
                return Repaired {
                    text: joined,
                    bad,
                    complete: true,
                }
            }
            Err(e) => e,
        };
        let start = err.span().map_or(0, |s| s.start.min(joined.len()));
        let at = joined[..start].matches('\n').count();
        let set_aside = bad.len() < MOST
            && !bad.iter().any(|b: &BadValue| b.line == at + 1)
            && lines.get(at).and_then(|l| split_value(l)).is_some();
        if !set_aside {
            return Repaired {
                text: text.to_string(),
                bad: Vec::new(),
                complete: false,
            };
        }
        let original = lines[at].clone();
        let Some((key, raw, after)) = split_value(&original) else {
            unreachable!("checked above")
        };
        let mark = marker(bad.len());
        // A comment after the value stays where it was.
        lines[at] = format!("{key}= \"{mark}\"{after}");
        bad.push(BadValue {
            line: at + 1,
            raw: raw.to_string(),
            message: err.message().trim().to_string(),
            original,
            marker: mark,
        });
    }
}

/// A `key = value` line split after its `=`: the key with what precedes the `=`,
/// the value as typed, and what follows it (a comment, when the value is not a
/// string). `None` for a line that is not a key and a value.
fn split_value(line: &str) -> Option<(&str, &str, &str)> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('#') {
        return None;
    }
    let eq = line.find('=')?;
    let key = &line[..eq];
    if key.trim().is_empty() || key.contains('"') || key.contains('\'') {
        return None;
    }
    let rest = &line[eq + 1..];
    let start = eq + 1 + (rest.len() - rest.trim_start().len());
    let mut end = line.trim_end().len().max(start);
    if !line[start..end].starts_with(['"', '\'']) {
        if let Some(hash) = line[start..end].find(" #") {
            end = start + line[start..start + hash].trim_end().len();
        }
    }
    let value = &line[start..end];
    // A string running on to later lines is not one line's value.
    if value.starts_with("\"\"\"") || value.starts_with("'''") || value.starts_with('[') {
        return None;
    }
    Some((key, value, &line[end..]))
}

impl Repaired {
    /// The text after a change made to the repaired text (`changed`), with each value
    /// still set aside put back as typed (a value the change replaced stays replaced).
    pub fn restore(&self, changed: &str) -> String {
        let mut out: Vec<String> = changed.split('\n').map(str::to_string).collect();
        for b in &self.bad {
            let quoted = format!("\"{}\"", b.marker);
            if let Some(line) = out.iter_mut().find(|l| l.contains(&quoted)) {
                *line = b.original.clone();
            }
        }
        out.join("\n")
    }

    /// The value set aside whose marker is `value`, if it is one.
    pub fn bad_value(&self, value: &str) -> Option<&BadValue> {
        self.bad.iter().find(|b| b.marker == value)
    }
}

/// Makes `change` to a text that may have bad values in it: on the text with them set
/// aside, then put back. A text with another kind of mistake is changed as it is (and
/// the change says why it cannot be made).
pub fn edit(text: &str, change: impl Fn(&str) -> Result<String, String>) -> Result<String, String> {
    match text.parse::<toml_edit::DocumentMut>() {
        Ok(_) => change(text),
        Err(_) => {
            let repaired = repair(text);
            if !repaired.complete {
                return change(text);
            }
            change(&repaired.text).map(|t| repaired.restore(&t))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "kind = \"decision-notice\"\n\n[request]\ndate = 2026-02-30 # a bad date\nsummary = \"the rates\"\n\n[complaint]\ndate = 2026-13-01\n";

    #[test]
    fn bad_values_are_set_aside_and_put_back() {
        let r = repair(TEXT);
        assert!(r.complete, "{r:?}");
        assert_eq!(
            r.bad
                .iter()
                .map(|b| (b.line, b.raw.as_str()))
                .collect::<Vec<_>>(),
            [(4, "2026-02-30"), (8, "2026-13-01")]
        );
        let doc: toml::Table = r.text.parse().unwrap();
        assert_eq!(doc["request"]["summary"].as_str(), Some("the rates"));
        assert!(is_marker(doc["request"]["date"].as_str().unwrap()));
        // Another field changed: the bad values come back as typed.
        let changed = edit(TEXT, |t| {
            super::super::form::set(
                t,
                "request.summary",
                "the roads",
                super::super::form::Kind::Text,
            )
        })
        .unwrap();
        assert_eq!(changed, TEXT.replace("the rates", "the roads"));
        // The bad field itself set: it stays set.
        let fixed = edit(TEXT, |t| {
            super::super::form::set(
                t,
                "request.date",
                "2026-02-27",
                super::super::form::Kind::Date,
            )
        })
        .unwrap();
        assert!(fixed.contains("date = 2026-02-27 # a bad date"), "{fixed}");
        assert!(fixed.contains("date = 2026-13-01"), "{fixed}");
    }

    #[test]
    fn a_mistake_that_is_not_a_value_is_left_alone() {
        let r = repair("[request\ndate = 2026-01-01\n");
        assert!(!r.complete);
        assert!(r.bad.is_empty());
        assert!(edit("[request\n", |t| Ok(t.to_string())).is_ok());
    }
}
