//! The case: a case file read (TOML or JSON) into the facts as written, with every
//! problem located at its line, column and field, then resolved against the law in
//! force on its dates by the one checks stage (`validate`, then `rules`) that
//! `check`, `render`, `bulk` and the desk all use.

use crate::diagnostic::{nearest, Diagnostic, Located, SpanIndex};
use crate::facts::Notice;
use crate::law::Law;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A loaded, checked case.
#[derive(Debug, Clone)]
pub struct Case {
    pub path: PathBuf,
    pub source: String,
    pub spans: SpanIndex,
    pub notice: Notice,
    /// The dates the facts imply (set by the checks).
    pub timeline: Option<crate::timeline::Timeline>,
    /// Problems that do not stop rendering.
    pub warnings: Vec<Diagnostic>,
    /// A refusal notice's house style, resolved by the checks.
    pub style: Option<crate::style::Style>,
}

impl Case {
    pub fn file_stem(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "notice".into())
    }

    /// Where this case file's problems are pointed.
    pub fn located(&self) -> Located<'_> {
        Located {
            path: &self.path,
            source: &self.source,
            spans: &self.spans,
        }
    }

    /// An error pointed at `field`'s value in this case file.
    pub fn error_at(
        &self,
        field: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        self.located().error_at(field, message, help)
    }

    pub fn footnotes(&self) -> &BTreeMap<String, String> {
        match &self.notice {
            Notice::Decision(d) => &d.footnotes,
            Notice::Refusal(r) => &r.footnotes,
        }
    }

    /// The name a published notice must never print: the complainant's in a decision
    /// notice, the requester's in a refusal notice's published copy.
    pub fn complainant_name(&self) -> Option<&str> {
        match &self.notice {
            Notice::Decision(d) => d.complainant.name.as_deref(),
            Notice::Refusal(r) => r.requester.as_ref().and_then(|c| c.name.as_deref()),
        }
    }

    /// The field that holds that name.
    pub fn name_field(&self) -> &'static str {
        match &self.notice {
            Notice::Decision(_) => "complainant.name",
            Notice::Refusal(_) => "requester.name",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

pub const KINDS: [&str; 2] = ["decision-notice", "refusal-notice"];

/// Reads and checks a case file against the built-in law. Every problem found comes
/// back located; on success, warnings are in `Case::warnings`.
pub fn load(path: &Path) -> Result<Case, Vec<Diagnostic>> {
    load_with(path, Law::builtin())
}

/// Reads and checks a case file against the given law.
pub fn load_with(path: &Path, law: &Law) -> Result<Case, Vec<Diagnostic>> {
    let source = crate::source::read_text(path, "the case file").map_err(|d| vec![*d])?;
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => Format::Json,
        Some("toml") => Format::Toml,
        _ => {
            return Err(vec![Diagnostic::error(
                path,
                "",
                "the case file's type is not known from its name",
                "name case files *.toml (for people) or *.json (for case-management systems)",
            )])
        }
    };
    parse_with(path, source, format, law)
}

/// Parses case-file text (already read) of the given format, against the built-in law.
pub fn parse(path: &Path, source: String, format: Format) -> Result<Case, Vec<Diagnostic>> {
    parse_with(path, source, format, Law::builtin())
}

/// Parses case-file text (already read) of the given format. Errors come back with
/// the warnings found alongside them, most serious first.
pub fn parse_with(
    path: &Path,
    source: String,
    format: Format,
    law: &Law,
) -> Result<Case, Vec<Diagnostic>> {
    let source = match source.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => source,
    };
    if format == Format::Json {
        crate::source::check_nesting(path, &source).map_err(|d| vec![*d])?;
    }
    let spans = match format {
        Format::Toml => SpanIndex::from_toml(&source),
        Format::Json => SpanIndex::from_json(&source),
    };

    #[derive(Deserialize)]
    struct Probe {
        kind: Option<String>,
    }
    let kind = match format {
        Format::Toml => {
            toml::from_str::<Probe>(&source).map_err(|e| toml_error(path, &source, &spans, e, ""))
        }
        Format::Json => {
            serde_json::from_str::<Probe>(&source).map_err(|e| json_error(path, &source, e, ""))
        }
    }
    .map_err(|d| vec![d])?
    .kind;
    let here = |field: &str, msg: String, help: String| {
        let d = Diagnostic::error(path, field, msg, help);
        vec![match spans.value(field) {
            Some(s) => d.at(&source, s),
            None => d,
        }]
    };
    // A skeleton from `foinotice new` leaves every field to fill in as "": each is
    // reported at its line, all at once, before anything else is checked.
    if matches!(kind.as_deref(), Some("decision-notice" | "refusal-notice")) {
        let mut empty = unfilled(&source, format);
        empty.sort_by_key(|f| spans.value(f).map_or(usize::MAX, |s| s.start));
        if !empty.is_empty() {
            return Err(empty
                .into_iter()
                .map(|field| {
                    let d = Diagnostic::error(
                        path,
                        &field,
                        format!("`{field}` is not filled in"),
                        fill_in_help(&field),
                    );
                    match spans.value(&field) {
                        Some(s) => d.at(&source, s),
                        None => d,
                    }
                })
                .collect());
        }
    }
    let notice = match kind.as_deref() {
        Some("decision-notice") => {
            Notice::Decision(Box::new(deserialize(path, &source, &spans, format)?))
        }
        Some("refusal-notice") => {
            Notice::Refusal(Box::new(deserialize(path, &source, &spans, format)?))
        }
        Some(other) => {
            let hint = match nearest(other, KINDS) {
                Some(k) => format!("did you mean \"{k}\"?"),
                None => "kind is \"decision-notice\" or \"refusal-notice\"".into(),
            };
            return Err(here(
                "kind",
                format!("unknown kind of notice `{other}`"),
                hint,
            ));
        }
        None => {
            return Err(here(
                "",
                "the case file does not say what kind of notice it is".into(),
                "add kind = \"decision-notice\" or kind = \"refusal-notice\" at the top".into(),
            ))
        }
    };
    checked(
        Case {
            path: path.to_path_buf(),
            source,
            spans,
            notice,
            timeline: None,
            warnings: Vec::new(),
            style: None,
        },
        law,
    )
}

/// What to write in a field a skeleton left empty, for the field it is about.
pub fn fill_in_help(field: &str) -> String {
    let last = field
        .rsplit('.')
        .next()
        .unwrap_or(field)
        .split('[')
        .next()
        .unwrap_or(field);
    let what = match last {
        "date" | "requested" | "until" | "resubmitted" | "lead_date" => {
            "write the date as YYYY-MM-DD, without quotes (date = 2024-03-04)"
        }
        "reference" => {
            "write the case reference in quotes, such as \"IC-123456-A1B2\" or \"FOI 2024-0412\""
        }
        "exemption" => {
            "write the provision relied on as cited, in quotes, such as \"31(3)\" or \"40(2)\""
        }
        "wording" => "paste the request as the requester wrote it, between ''' quotes",
        "summary" => {
            "say what the request is about, completing \"The complainant has requested information about …\""
        }
        "name" => "write the name in full, in quotes",
        "role" => "write the signatory's role, in quotes, such as \"Senior Case Officer\"",
        "text" | "reason" | "context" | "grounds" => "write it in your own words, in quotes",
        "address" => "write the address a line each: [\"Line one\", \"Town\", \"Postcode\"]",
        _ => "write its value",
    };
    format!("{what}, or delete the line if the field is optional (docs/case-file.md)")
}

/// The fields whose value is an empty string, in the order written ("request.date",
/// "response.parts[0].exemption"). A file that does not parse has none: the parser's
/// own error says what is wrong.
fn unfilled(source: &str, format: Format) -> Vec<String> {
    fn walk(v: &serde_json::Value, at: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if s.trim().is_empty() => out.push(at.to_string()),
            serde_json::Value::Object(t) => {
                for (k, v) in t {
                    let next = if at.is_empty() {
                        k.clone()
                    } else {
                        format!("{at}.{k}")
                    };
                    walk(v, &next, out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{at}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    // TOML read as JSON values (its dates become objects, never empty strings).
    let value = match format {
        Format::Toml => toml::from_str::<toml::Table>(source)
            .ok()
            .and_then(|t| serde_json::to_value(t).ok()),
        Format::Json => serde_json::from_str::<serde_json::Value>(source).ok(),
    };
    let mut out = Vec::new();
    if let Some(v) = value {
        walk(&v, "", &mut out);
    }
    out
}

/// Runs the validation and then the statute rules over a case: the case with its
/// warnings, or every problem, errors first.
fn checked(mut case: Case, law: &Law) -> Result<Case, Vec<Diagnostic>> {
    let at = Located {
        path: &case.path,
        source: &case.source,
        spans: &case.spans,
    };
    let mut problems = crate::validate::validate(&mut case.notice, at, law);
    if !problems.iter().any(Diagnostic::is_error) {
        let (found, timeline) = crate::rules::check(&mut case.notice, at, law);
        problems.extend(found);
        case.timeline = timeline;
    }
    if let Notice::Refusal(r) = &case.notice {
        let spec = r.style.as_deref().unwrap_or(crate::style::DEFAULT);
        let dir = case.path.parent().unwrap_or(Path::new("."));
        let resolved = match law.style_scope.confine(spec, dir) {
            Ok(spec) => crate::style::resolve(&spec, dir, Some(r.date.0)),
            Err(refused) => Err(Box::new(Diagnostic::error(
                Path::new(""),
                "style",
                refused.message,
                refused.help,
            ))),
        };
        match resolved {
            Ok(s) => case.style = Some(s),
            // A style file's own problem is located in that file; an unknown name or
            // a missing file at the case file's `style`.
            Err(d) if d.file.as_os_str().is_empty() => {
                let d = *d;
                problems.push(at.error_at("style", d.message, d.help))
            }
            Err(d) if d.line == 0 => problems.push(at.error_at(
                "style",
                format!("{} ({})", d.message, d.file.display()),
                d.help,
            )),
            Err(d) => problems.push(*d),
        }
    }
    if problems.iter().any(Diagnostic::is_error) {
        problems.sort_by_key(|d| std::cmp::Reverse(d.severity));
        Err(problems)
    } else {
        case.warnings = problems;
        Ok(case)
    }
}

/// Facts already in memory (a bulk follower merged with its lead), with no source
/// text to point into: problems come back with their field path but no line, for the
/// caller to locate where the field was set (a follower's file or CSV cell, or the
/// lead). Warnings found here likewise carry the field alone.
pub fn from_table(path: &Path, table: toml::Table, law: &Law) -> Result<Case, Vec<Diagnostic>> {
    fn typed<T: serde::de::DeserializeOwned>(
        path: &Path,
        table: toml::Table,
    ) -> Result<T, Vec<Diagnostic>> {
        serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(|e| {
            let field = e.path().to_string();
            let (message, help, field) = explain(e.inner().message().trim(), &field);
            vec![Diagnostic::error(path, field, message, help)]
        })
    }
    let notice = match table.get("kind").and_then(toml::Value::as_str) {
        Some("decision-notice") => Notice::Decision(Box::new(typed(path, table)?)),
        Some("refusal-notice") => Notice::Refusal(Box::new(typed(path, table)?)),
        other => {
            return Err(vec![Diagnostic::error(
                path,
                "kind",
                format!("unknown kind of notice `{}`", other.unwrap_or("")),
                "kind is \"decision-notice\" or \"refusal-notice\"",
            )])
        }
    };
    checked(
        Case {
            path: path.to_path_buf(),
            source: String::new(),
            spans: SpanIndex::default(),
            notice,
            timeline: None,
            warnings: Vec::new(),
            style: None,
        },
        law,
    )
}

fn deserialize<T: serde::de::DeserializeOwned>(
    path: &Path,
    source: &str,
    spans: &SpanIndex,
    format: Format,
) -> Result<T, Vec<Diagnostic>> {
    match format {
        Format::Toml => {
            let de = toml::Deserializer::parse(source)
                .map_err(|e| vec![toml_error(path, source, spans, e, "")])?;
            serde_path_to_error::deserialize(de).map_err(|e| {
                let field = e.path().to_string();
                vec![toml_error(path, source, spans, e.into_inner(), &field)]
            })
        }
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(source);
            serde_path_to_error::deserialize(&mut de).map_err(|e| {
                let field = e.path().to_string();
                vec![json_error(path, source, e.into_inner(), &field)]
            })
        }
    }
}

/// Rewrites serde's message into ours and adds a hint.
fn explain(message: &str, field: &str) -> (String, String, String) {
    let field = if field == "." { "" } else { field };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
        let full = if field.ends_with(name) {
            field.to_string()
        } else {
            join(field, name)
        };
        let nested = full.contains('.');
        let top = crate::schema::top_level_fields().iter().any(|f| f == name);
        let hint = match nearest(name, expected.iter().copied()) {
            _ if nested && top && !expected.contains(&name) => format!(
                "`{name}` is a top-level field, not this table's: in TOML a key written below a [table] belongs to that table, so move it above the file's first [table] or [[list]] (in JSON, into the outer object)"
            ),
            Some(n) => format!("did you mean `{n}`?"),
            None if expected.is_empty() => "remove this field".into(),
            None => format!("the fields allowed here are: {}", expected.join(", ")),
        };
        return (format!("unknown field `{}`", clip(name)), hint, full);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        let full = join(field, name);
        if let Some((_, keys)) = TABLES.iter().find(|(t, _)| *t == full) {
            return (
                format!("the case file has no [{full}] table"),
                format!("add the table with its required keys (docs/case-file.md describes every field):\n\n[{full}]\n{keys}\n"),
                full,
            );
        }
        return (
            format!("missing field `{full}`"),
            format!("add `{name} = ...`; docs/case-file.md describes every field"),
            full,
        );
    }
    if message.starts_with("invalid type") {
        return (
            message.to_string(),
            "see docs/case-file.md for this field's type".into(),
            field.to_string(),
        );
    }
    if message.starts_with("unknown variant") {
        let expected: Vec<&str> = message.split('`').skip(3).step_by(2).collect();
        let got = message.split('`').nth(1).unwrap_or("");
        let hint = match suggest_value(got, &expected) {
            Some(n) => format!("did you mean \"{n}\"? (allowed: {})", expected.join(", ")),
            None => format!("use one of: {}", expected.join(", ")),
        };
        return (
            format!("`{}` is not allowed here", clip(got)),
            hint,
            field.to_string(),
        );
    }
    if message.contains("not a real date") {
        return (
            message.to_string(),
            "dates are written YYYY-MM-DD and must exist in the calendar".into(),
            field.to_string(),
        );
    }
    (
        message.to_string(),
        "see docs/case-file.md".into(),
        field.to_string(),
    )
}

/// The tables a case file must have, with the keys each requires, for the message
/// when one is missing.
const TABLES: &[(&str, &str)] = &[
    (
        "signatory",
        "role = \"Senior Case Officer\"     # and name = \"...\" if the notice is signed by name",
    ),
    (
        "authority",
        "name = \"...\"     # the public authority's full name",
    ),
    (
        "complainant",
        "pronoun = \"she\"     # or \"he\" or \"they\"",
    ),
    (
        "request",
        "date = YYYY-MM-DD\nwording = \"\"\"\nThe request as the requester wrote it\n\"\"\"",
    ),
    (
        "complaint",
        "date = YYYY-MM-DD     # when the complaint reached the Commissioner",
    ),
    (
        "decision",
        "outcome = \"upheld\"     # or \"not-upheld\" or \"partly-upheld\"",
    ),
    (
        "rights",
        "review_contact = [\"...\"]     # where to ask for an internal review",
    ),
];

/// Words caseworkers use for an allowed value, and the value they mean. A suggestion
/// is made from here, or for a close misspelling; never for a word of the opposite
/// meaning that happens to be spelt alike ("withheld" is not "not-held").
const SYNONYMS: &[(&str, &str)] = &[
    ("withheld", "refused"),
    ("withhold", "refused"),
    ("exempt", "refused"),
    ("exempted", "refused"),
    ("refuse", "refused"),
    ("refusal", "refused"),
    ("redacted", "refused"),
    ("neither-confirm-nor-deny", "ncnd"),
    ("neither confirm nor deny", "ncnd"),
    ("nccnd", "ncnd"),
    ("disclosed", "provided"),
    ("released", "provided"),
    ("given", "provided"),
    ("answered", "provided"),
    ("supplied", "provided"),
    ("not held", "not-held"),
    ("not_held", "not-held"),
    ("notheld", "not-held"),
    ("dismissed", "not-upheld"),
    ("rejected", "not-upheld"),
    ("not upheld", "not-upheld"),
    ("not_upheld", "not-upheld"),
    ("partially-upheld", "partly-upheld"),
    ("partly upheld", "partly-upheld"),
    ("partial", "partly-upheld"),
    ("allowed", "upheld"),
    ("overturned", "revised"),
    ("changed", "revised"),
    ("amended", "revised"),
    ("refused-review", "declined"),
    ("none", "not-provided"),
    ("no-review", "not-provided"),
    ("not-carried-out", "not-provided"),
    ("foi", "foia"),
    ("environmental", "eir"),
    ("eirs", "eir"),
];

/// The allowed value `got` most likely means: one it is a synonym of, or one it
/// misspells by a character or two, but never one that differs from it only by a
/// negation.
pub fn suggest_value<'a>(got: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let lower = got.trim().to_lowercase();
    if let Some(v) = allowed.iter().find(|a| **a == lower) {
        return Some(v);
    }
    if let Some((_, meant)) = SYNONYMS.iter().find(|(w, _)| *w == lower) {
        if let Some(v) = allowed.iter().find(|a| *a == meant) {
            return Some(v);
        }
    }
    let negated = |s: &str| s.starts_with("not") || s.starts_with("non") || s.starts_with("un");
    allowed
        .iter()
        .filter(|a| negated(a) == negated(&lower))
        .map(|a| (crate::diagnostic::edit_distance(&lower, a), *a))
        .filter(|(d, a)| *d <= 2 && *d < a.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

pub use crate::diagnostic::clip;

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

fn toml_error(
    path: &Path,
    source: &str,
    spans: &SpanIndex,
    e: toml::de::Error,
    field: &str,
) -> Diagnostic {
    // A file that does not parse has no field path from the reader: the key written
    // on the line of the mistake, under its table, names it.
    let guessed;
    let field = match (field.is_empty(), e.span()) {
        (true, Some(s)) => {
            guessed = field_at(source, s.start);
            guessed.as_str()
        }
        _ => field,
    };
    let (message, help, field) = explain(e.message().trim(), field);
    let d = Diagnostic::error(path, field.clone(), message, help);
    if d.message.starts_with("the case file has no [") {
        // A missing table has no place in the file to point at.
        return d;
    }
    let span = if d.message.starts_with("unknown field") {
        spans.key(&field).or_else(|| e.span())
    } else {
        e.span().or_else(|| spans.value(&field))
    };
    match span {
        Some(s) => d.at(source, s),
        None => d,
    }
}

/// The field whose value is written at byte `at` of TOML text that may not parse:
/// the key on that line, under the last table header above it ("request.date",
/// "response.parts[1].exemption"); empty when the line has no `key =`.
fn field_at(source: &str, at: usize) -> String {
    let at = at.min(source.len());
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = source[line_start..].lines().next().unwrap_or("");
    let Some((key, _)) = line.split_once('=') else {
        return String::new();
    };
    let key = key.trim().trim_matches('"');
    if key.is_empty() || key.starts_with('#') || key.starts_with('[') {
        return String::new();
    }
    // The table the line is in, counting earlier [[array]] headers of the same name.
    let mut table = String::new();
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // A header's name with the element of each enclosing array it is in:
    // "further_requests.response" → "further_requests[1].response".
    let qualify = |name: &str, counts: &std::collections::HashMap<String, usize>| {
        let parts: Vec<&str> = name.split('.').map(str::trim).collect();
        let mut out = String::new();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            out.push_str(p);
            if let Some(n) = counts
                .get(&parts[..=i].join("."))
                .filter(|_| i + 1 < parts.len())
            {
                out.push_str(&format!("[{}]", n.saturating_sub(1)));
            }
        }
        out
    };
    for l in source[..line_start].lines() {
        let l = l.trim();
        if let Some(name) = l
            .strip_prefix("[[")
            .and_then(|r| r.split_once("]]"))
            .map(|(n, _)| n.trim())
        {
            let n = *counts.get(name).unwrap_or(&0);
            table = format!("{}[{n}]", qualify(name, &counts));
            counts.insert(name.to_string(), n + 1);
            // A new element of an array starts its own nested arrays afresh.
            let nested = format!("{name}.");
            counts.retain(|k, _| !k.starts_with(&nested));
        } else if let Some(name) = l
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .map(|(n, _)| n.trim())
        {
            table = qualify(name, &counts);
        }
    }
    if table.is_empty() {
        key.to_string()
    } else {
        format!("{table}.{key}")
    }
}

fn json_error(path: &Path, source: &str, e: serde_json::Error, field: &str) -> Diagnostic {
    let raw = e.to_string();
    let message = raw
        .rsplit_once(" at line ")
        .map_or(raw.as_str(), |(m, _)| m);
    let (message, help, field) = explain(message, field);
    Diagnostic::error(path, field, message, help).at_line_column(source, e.line(), e.column())
}

#[cfg(test)]
mod tests {
    use super::field_at;

    #[test]
    fn a_mistake_in_a_file_that_does_not_parse_is_named_by_its_key_and_table() {
        let src = "kind = \"x\"\n[request]\ndate = 2026-02-30\n[[response.parts]]\nposition = \"a\"\n[[response.parts]]\nexemption = 4(\n[[further_requests]]\n[[further_requests.response.parts]]\nx = 1\n[[further_requests]]\n[[further_requests.response.parts]]\nbad = (\n";
        let at = |needle: &str| src.find(needle).unwrap();
        assert_eq!(field_at(src, at("2026-02-30")), "request.date");
        assert_eq!(field_at(src, at("4(")), "response.parts[1].exemption");
        assert_eq!(
            field_at(src, at("bad")),
            "further_requests[1].response.parts[0].bad"
        );
        assert_eq!(field_at(src, at("\"x\"")), "kind");
        assert_eq!(field_at(src, at("[request]")), "");
    }
}
