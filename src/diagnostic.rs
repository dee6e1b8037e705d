//! Located diagnostics: file, line, column, the offending line with a caret, the field
//! path and a `help:` line, in the style of a compiler.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based; 0 when the position is not known.
    pub line: usize,
    pub column: usize,
    /// The field path in the case file, such as `response.date`; empty when the problem
    /// is with the file as a whole.
    pub field: String,
    pub message: String,
    pub help: String,
    #[serde(skip)]
    pub snippet: Option<Snippet>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// Caret start and width, in characters, within `text`.
    pub start: usize,
    pub width: usize,
}

/// How many characters of the offending line a snippet shows, at most.
pub const SNIPPET_CHARS: usize = 100;

impl Snippet {
    /// The part of `line` around the caret (`start`, `width` in characters), at most
    /// [`SNIPPET_CHARS`] long, with `…` where the line goes on.
    pub fn window(line: &str, start: usize, width: usize) -> Snippet {
        let total = line.chars().count();
        if total <= SNIPPET_CHARS {
            return Snippet {
                text: line.to_string(),
                start,
                width,
            };
        }
        let width = width.clamp(1, SNIPPET_CHARS / 2);
        let from = start
            .saturating_sub(SNIPPET_CHARS / 3)
            .min(total.saturating_sub(SNIPPET_CHARS));
        let to = (from + SNIPPET_CHARS).min(total);
        let mut text: String = line.chars().skip(from).take(to - from).collect();
        let mut caret = start - from;
        if from > 0 {
            text.insert(0, '…');
            caret += 1;
        }
        if to < total {
            text.push('…');
        }
        Snippet {
            text,
            start: caret,
            width,
        }
    }
}

impl Diagnostic {
    pub fn error(
        file: &Path,
        field: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            field: field.into(),
            message: message.into(),
            help: help.into(),
            snippet: None,
        }
    }

    pub fn warning(
        file: &Path,
        field: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, field, message, help)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Points the diagnostic at a 1-based line and column as serde_json reports them
    /// (the column counts bytes); line 0 leaves it unlocated. A column inside a
    /// multi-byte character points at that character.
    pub fn at_line_column(self, source: &str, line: usize, column: usize) -> Self {
        if line == 0 {
            return self;
        }
        let line_start: usize = source
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum::<usize>()
            .min(source.len());
        let mut at = (line_start + column.saturating_sub(1)).min(source.len());
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        let end = source[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8());
        self.at(source, at..end)
    }

    /// Points the diagnostic at a byte range of the source text.
    pub fn at(mut self, source: &str, span: Range<usize>) -> Self {
        let start = span.start.min(source.len());
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        self.line = source[..start].matches('\n').count() + 1;
        let col_chars = source[line_start..start].chars().count();
        self.column = col_chars + 1;
        let line_text = source[line_start..line_end].trim_end_matches('\r');
        let end = span.end.clamp(start, line_end.max(start));
        let width = source[start..end].chars().count().max(1);
        self.snippet = Some(Snippet::window(line_text, col_chars, width));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{word}: {}", self.message)?;
        if self.line > 0 {
            writeln!(
                f,
                "  --> {}:{}:{}",
                self.file.display(),
                self.line,
                self.column
            )?;
        } else {
            writeln!(f, "  --> {}", self.file.display())?;
        }
        if let Some(s) = &self.snippet {
            let n = self.line.to_string();
            let pad = " ".repeat(n.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{n} | {}", s.text)?;
            writeln!(f, "{pad} | {}{}", " ".repeat(s.start), "^".repeat(s.width))?;
        }
        if !self.field.is_empty() {
            writeln!(f, "  = field: {}", clip(&self.field))?;
        }
        if !self.help.is_empty() {
            write!(f, "help: {}", self.help)?;
        }
        Ok(())
    }
}

/// Where a case file's problems are pointed: its path, its text and the spans of its
/// fields (text and spans are empty for facts held in memory, whose problems then
/// carry the field alone).
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    pub path: &'a Path,
    pub source: &'a str,
    pub spans: &'a SpanIndex,
}

impl Located<'_> {
    /// An error pointed at `field`'s value.
    pub fn error_at(
        &self,
        field: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        self.point(Diagnostic::error(self.path, field, message, help))
    }

    /// A warning pointed at `field`'s value.
    pub fn warning_at(
        &self,
        field: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        self.point(Diagnostic::warning(self.path, field, message, help))
    }

    fn point(&self, d: Diagnostic) -> Diagnostic {
        match self.spans.value(&d.field) {
            Some(span) => d.at(self.source, span),
            None => d,
        }
    }
}

/// Byte spans of every key and value in a case file, by field path
/// (`response.parts[1].exemption`).
#[derive(Debug, Default, Clone)]
pub struct SpanIndex {
    keys: std::collections::HashMap<String, Range<usize>>,
    values: std::collections::HashMap<String, Range<usize>>,
}

impl SpanIndex {
    /// The span of a field's value, or of the nearest enclosing field that has one.
    pub fn value(&self, path: &str) -> Option<Range<usize>> {
        let mut p = path.to_string();
        loop {
            if let Some(r) = self.values.get(&p) {
                return Some(r.clone());
            }
            p = parent(&p)?;
        }
    }

    /// The span of a field's key (for unknown fields), falling back to its value.
    /// The most specific field whose value contains byte `offset`.
    pub fn field_at(&self, offset: usize) -> Option<&str> {
        self.values
            .iter()
            .filter(|(_, r)| r.start <= offset && offset < r.end)
            .min_by_key(|(_, r)| r.end - r.start)
            .map(|(p, _)| p.as_str())
    }

    pub fn key(&self, path: &str) -> Option<Range<usize>> {
        self.keys.get(path).cloned().or_else(|| self.value(path))
    }

    pub fn from_toml(text: &str) -> SpanIndex {
        let mut index = SpanIndex::default();
        if let Ok(table) = toml::de::DeTable::parse(text) {
            index.walk_toml_table(String::new(), table.get_ref());
        }
        index
    }

    fn walk_toml_table(&mut self, prefix: String, table: &toml::de::DeTable<'_>) {
        for (k, v) in table.iter() {
            let path = join(&prefix, k.get_ref());
            self.keys.insert(path.clone(), k.span());
            self.walk_toml_value(path, v);
        }
    }

    fn walk_toml_value(&mut self, path: String, v: &toml::Spanned<toml::de::DeValue<'_>>) {
        self.values.insert(path.clone(), v.span());
        match v.get_ref() {
            toml::de::DeValue::Table(t) => self.walk_toml_table(path, t),
            toml::de::DeValue::Array(a) => {
                for (i, item) in a.iter().enumerate() {
                    self.walk_toml_value(format!("{path}[{i}]"), item);
                }
            }
            _ => {}
        }
    }

    pub fn from_json(text: &str) -> SpanIndex {
        let mut index = SpanIndex::default();
        let mut s = JsonScan {
            b: text.as_bytes(),
            i: 0,
        };
        s.ws();
        let _ = s.value(&mut index, String::new());
        index
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn parent(path: &str) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '['])?;
    Some(path[..cut].to_string())
}

/// A minimal JSON scanner that records spans; it gives up quietly on malformed input
/// (serde_json reports those errors itself).
struct JsonScan<'a> {
    b: &'a [u8],
    i: usize,
}

impl JsonScan<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn string(&mut self) -> Option<(Range<usize>, String)> {
        let start = self.i;
        if self.b.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    let raw = std::str::from_utf8(&self.b[start..self.i]).ok()?;
                    let s: String = serde_json::from_str(raw).ok()?;
                    return Some((start..self.i, s));
                }
                _ => self.i += 1,
            }
        }
        None
    }

    fn value(&mut self, index: &mut SpanIndex, path: String) -> Option<()> {
        let start = self.i;
        match self.b.get(self.i)? {
            b'{' => {
                self.i += 1;
                loop {
                    self.ws();
                    if self.b.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        break;
                    }
                    let (kspan, key) = self.string()?;
                    let p = join(&path, &key);
                    index.keys.insert(p.clone(), kspan);
                    self.ws();
                    if self.b.get(self.i) != Some(&b':') {
                        return None;
                    }
                    self.i += 1;
                    self.ws();
                    self.value(index, p)?;
                    self.ws();
                    match self.b.get(self.i)? {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            break;
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.ws();
                    if self.b.get(self.i) == Some(&b']') {
                        self.i += 1;
                        break;
                    }
                    self.value(index, format!("{path}[{n}]"))?;
                    n += 1;
                    self.ws();
                    match self.b.get(self.i)? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            break;
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => {
                self.string()?;
            }
            _ => {
                while self.i < self.b.len()
                    && !matches!(self.b[self.i], b',' | b'}' | b']')
                    && !self.b[self.i].is_ascii_whitespace()
                {
                    self.i += 1;
                }
            }
        }
        index.values.insert(path, start..self.i);
        Some(())
    }
}

/// Text from the case file quoted in a message, cut to a readable length.
pub fn clip(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 2).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_spans_by_path() {
        let src = "a = 1\n[b]\nc = [\"x\", \"y\"]\n";
        let idx = SpanIndex::from_toml(src);
        assert_eq!(&src[idx.value("b.c[1]").unwrap()], "\"y\"");
        assert_eq!(&src[idx.key("a").unwrap()], "a");
        // An unknown child falls back to its parent's span.
        assert_eq!(&src[idx.value("b.c[1].zz").unwrap()], "\"y\"");
    }

    #[test]
    fn json_spans_by_path() {
        let src = r#"{"a": {"b": [1, {"c": "d"}]}}"#;
        let idx = SpanIndex::from_json(src);
        assert_eq!(&src[idx.value("a.b[1].c").unwrap()], "\"d\"");
        assert_eq!(&src[idx.key("a.b").unwrap()], "\"b\"");
    }

    #[test]
    fn caret_points_at_the_span() {
        let src = "x = 1\ndate = 2017-13-01\n";
        let d = Diagnostic::error(Path::new("c.toml"), "date", "bad", "fix it").at(src, 13..23);
        assert_eq!((d.line, d.column), (2, 8));
        let shown = d.to_string();
        assert!(shown.contains("c.toml:2:8"), "{shown}");
        assert!(shown.contains("       ^^^^^^^^^^"), "{shown}");
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_caret() {
        let src = format!("wording = \"{}\"\n", "x".repeat(60_000));
        let d = Diagnostic::error(Path::new("c.toml"), "w", "bad", "fix").at(&src, 30_000..30_001);
        let s = d.snippet.as_ref().unwrap();
        assert!(
            s.text.chars().count() <= SNIPPET_CHARS + 2,
            "{}",
            s.text.len()
        );
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert_eq!(d.column, 30_001);
        assert!(d.to_string().len() < 400);
    }

    #[test]
    fn a_json_column_inside_a_multibyte_character_does_not_panic() {
        let src = "{\"a\": \"é\" x}";
        for col in 0..20 {
            let d =
                Diagnostic::error(Path::new("c.json"), "", "bad", "").at_line_column(src, 1, col);
            assert_eq!(d.line, 1);
        }
    }

    #[test]
    fn nearest_suggests_typos_only() {
        let fields = ["reference", "date", "authority"];
        assert_eq!(nearest("refrence", fields), Some("reference"));
        assert_eq!(nearest("zzzzzzzzzzzzzz", fields), None);
    }
}
