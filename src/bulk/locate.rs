//! Where a problem in a follower's facts (or the lead's, read from its table) was set:
//! the follower's own CSV cell or file line, or else the lead's file.

use super::followers::{get_path, spans_of, Follower, Origin};
use crate::diagnostic::{Diagnostic, SpanIndex};
use std::path::Path;

/// Points problems found in facts held in memory at their fields in the file they were
/// read from (the lead's facts with the family added).
pub fn locate_in(ds: Vec<Diagnostic>, path: &Path, source: &str) -> Vec<Diagnostic> {
    let spans = spans_of(path, source);
    ds.into_iter()
        .map(|d| {
            let span = spans.value(&d.field);
            let d = Diagnostic {
                file: path.to_path_buf(),
                line: 0,
                column: 0,
                snippet: None,
                ..d
            };
            match span {
                Some(s) => d.at(source, s),
                None => d,
            }
        })
        .collect()
}

/// Points problems found in a follower's merged facts at where each field was set:
/// its own cell or file, or else the lead.
pub fn relocate_all(
    ds: Vec<Diagnostic>,
    follower: &Follower,
    lead_path: &Path,
    lead_source: &str,
) -> Vec<Diagnostic> {
    let lead_spans = spans_of(lead_path, lead_source);
    ds.into_iter()
        .map(|d| relocate(d, follower, lead_path, lead_source, &lead_spans))
        .collect()
}

fn relocate(
    d: Diagnostic,
    follower: &Follower,
    lead_path: &Path,
    lead_source: &str,
    lead_spans: &SpanIndex,
) -> Diagnostic {
    let field = d.field.clone();
    let mut out = Diagnostic {
        line: 0,
        column: 0,
        snippet: None,
        ..d
    };
    let covers = |c: &str| {
        c == field
            || field.starts_with(&format!("{c}."))
            || field.starts_with(&format!("{c}["))
            || c.starts_with(&format!("{field}."))
    };
    match &follower.origin {
        Origin::Row {
            path,
            line,
            columns,
            ..
        } => {
            let named = columns
                .iter()
                .position(|c| covers(c) && get_path(&follower.facts, c).is_some());
            let derived = || {
                follower
                    .derived
                    .iter()
                    .find(|(f, _)| covers(f))
                    .map(|(_, i)| *i)
            };
            if let Some(i) = named.or_else(derived) {
                out.file = path.clone();
                out.line = *line;
                out.column = i + 1;
                out.message = format!(
                    "{} (`{}`): {}",
                    follower.origin.cell(i),
                    columns[i],
                    out.message
                );
                return out;
            }
        }
        Origin::File { path, source } => {
            let head = field.split(['.', '[']).next().unwrap_or("");
            if follower.facts.contains_key(head) {
                if let Some(s) = spans_of(path, source).value(&field) {
                    out.file = path.clone();
                    return out.at(source, s);
                }
            }
        }
    }
    out.message = format!(
        "{} (inherited from the lead; {})",
        out.message,
        follower.origin.describe()
    );
    out.file = lead_path.to_path_buf();
    match lead_spans.value(&field) {
        Some(s) => out.at(lead_source, s),
        None => out,
    }
}
