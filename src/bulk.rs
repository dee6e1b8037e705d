//! Bulk issuing: a lead case and its followers (a CSV with a row per authority, or a
//! directory of small case files), each follower inheriting from the lead whatever it
//! does not set, checked, guarded against adopting an analysis that does not fit, and
//! written atomically with a manifest of what was issued from what.

use crate::diagnostic::{Diagnostic, SpanIndex};
use crate::facts::{self, Case, Format, Notice, Position};
use crate::law::Law;
use crate::templates::Templates;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// Lower-case hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(bytes))
}

/// Where a follower's facts came from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A CSV row: the file, the 1-based line of the record, and the header names.
    Row {
        path: PathBuf,
        line: usize,
        /// The header names, shared by every row.
        columns: std::sync::Arc<[String]>,
    },
    /// A follower case file, with its text for locating errors.
    File { path: PathBuf, source: String },
}

impl Origin {
    pub fn describe(&self) -> String {
        match self {
            Origin::Row { path, line, .. } => format!("{} line {line}", path.display()),
            Origin::File { path, .. } => path.display().to_string(),
        }
    }
}

/// One follower: its own facts, and the caseworker's reason for adopting the lead
/// despite differences, if recorded.
#[derive(Debug, Clone)]
pub struct Follower {
    pub origin: Origin,
    pub facts: Table,
    pub differences_considered: Option<String>,
}

fn err(path: &Path, field: &str, message: String, help: &str) -> Diagnostic {
    Diagnostic::error(path, field, message, help)
}

/// Reads the followers: a CSV file, or a directory of `.toml`/`.json` case files.
pub fn read_followers(
    path: &Path,
    lead: &Table,
    lead_reference: &str,
) -> Result<Vec<Follower>, Vec<Diagnostic>> {
    if path.is_dir() {
        read_dir(path, lead_reference)
    } else {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![err(
                path,
                "",
                format!("cannot read the followers: {e}"),
                "give a CSV file or a directory of follower case files",
            )]
        })?;
        read_csv(path, &text, lead)
    }
}

/// Columns every row must have.
const REQUIRED: [&str; 2] = ["reference", "authority.name"];

/// Reads a CSV whose header names are case-file field paths. Quoted fields, a byte-order
/// mark and CRLF line endings are accepted; an empty cell means "as the lead".
pub fn read_csv(path: &Path, text: &str, lead: &Table) -> Result<Vec<Follower>, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            return Err(vec![err(
                path,
                "",
                format!("not a CSV file: {e}"),
                "the first line names the columns, such as reference,date,authority.name",
            )])
        }
    };
    let mut problems = Vec::new();
    for r in REQUIRED {
        if !headers.iter().any(|h| h == r) {
            let mut d = err(
                path,
                r,
                format!("the CSV has no `{r}` column"),
                "add the column to the header line; every follower needs its own reference and authority",
            );
            d.line = 1;
            d.column = 1;
            problems.push(d);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let columns: std::sync::Arc<[String]> = headers.clone().into();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                let mut d = err(
                    path,
                    "",
                    format!("bad CSV record: {e}"),
                    "every row needs as many cells as the header has columns; quote cells holding commas",
                );
                d.line = line;
                problems.push(d);
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let mut facts = Table::new();
        let mut differences = None;
        for (i, (column, cell)) in headers.iter().zip(record.iter()).enumerate() {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let at = |message: String, help: &str| {
                let mut d = err(
                    path,
                    column,
                    format!("line {line}, column {} (`{column}`): {message}", i + 1),
                    help,
                );
                d.line = line;
                d.column = i + 1;
                d
            };
            if column == "differences_considered" {
                differences = Some(cell.to_string());
                continue;
            }
            if column == "not_held" {
                match parse_questions(cell) {
                    Some(qs) => apply_not_held(&mut facts, lead, &qs),
                    None => problems.push(at(
                        format!("`{cell}` is not a list of question numbers"),
                        "write the questions answered \"not held\" as numbers separated by ;, such as 5 or 5;6",
                    )),
                }
                continue;
            }
            match cell_value(column, cell, lead) {
                Ok(v) => set_path(&mut facts, column, v),
                Err((message, help)) => problems.push(at(message, help)),
            }
        }
        out.push(Follower {
            origin: Origin::Row {
                path: path.to_path_buf(),
                line,
                columns: columns.clone(),
            },
            facts,
            differences_considered: differences,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn parse_questions(cell: &str) -> Option<Vec<i64>> {
    cell.split(';')
        .map(|q| q.trim().parse::<i64>().ok().filter(|n| *n > 0))
        .collect()
}

/// "Question N was answered not held": a not-held part for those questions, taken out
/// of the lead's other parts and out of the scope, and noted as not contested.
fn apply_not_held(facts: &mut Table, lead: &Table, questions: &[i64]) {
    let parts = get_path(lead, "response.parts")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut new_parts: Vec<Value> = vec![Value::Table(Table::from_iter([
        (
            "questions".to_string(),
            Value::Array(questions.iter().map(|q| Value::Integer(*q)).collect()),
        ),
        ("position".to_string(), Value::String("not-held".into())),
    ]))];
    for p in parts {
        let Some(t) = p.as_table() else { continue };
        if t.get("position").and_then(Value::as_str) == Some("not-held") {
            continue;
        }
        let mut t = t.clone();
        if let Some(Value::Array(qs)) = t.get_mut("questions") {
            qs.retain(|q| !q.as_integer().is_some_and(|n| questions.contains(&n)));
        }
        new_parts.push(Value::Table(t));
    }
    set_path(facts, "response.parts", Value::Array(new_parts));
    if let Some(Value::Array(scope)) = get_path(lead, "scope.questions") {
        let kept: Vec<Value> = scope
            .iter()
            .filter(|q| !q.as_integer().is_some_and(|n| questions.contains(&n)))
            .cloned()
            .collect();
        set_path(facts, "scope.questions", Value::Array(kept));
        set_path(
            facts,
            "scope.excluded",
            Value::Array(vec![Value::Table(Table::from_iter([
                (
                    "questions".to_string(),
                    Value::Array(questions.iter().map(|q| Value::Integer(*q)).collect()),
                ),
                ("reason".to_string(), Value::String("not-contested".into())),
            ]))]),
        );
    }
}

/// A cell's value, typed by the field: dates, numbers, booleans and lists ("a | b").
fn cell_value(column: &str, cell: &str, lead: &Table) -> Result<Value, (String, &'static str)> {
    let last = column.rsplit('.').next().unwrap_or(column);
    let like = get_path(lead, column);
    let is_date = matches!(like, Some(Value::Datetime(_)))
        || matches!(last, "date" | "requested" | "resubmitted" | "lead_date");
    if is_date {
        return match chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d") {
            Ok(_) => Ok(Value::Datetime(cell.parse().map_err(|_| {
                (
                    format!("`{cell}` is not a date"),
                    "write dates as YYYY-MM-DD",
                )
            })?)),
            Err(_) => Err((
                format!("`{cell}` is not a date"),
                "write dates as YYYY-MM-DD, for example 2017-09-08",
            )),
        };
    }
    match like {
        Some(Value::Integer(_)) => cell.parse().map(Value::Integer).map_err(|_| {
            (
                format!("`{cell}` is not a whole number"),
                "write a number such as 35",
            )
        }),
        Some(Value::Boolean(_)) => match cell {
            "true" | "yes" => Ok(Value::Boolean(true)),
            "false" | "no" => Ok(Value::Boolean(false)),
            _ => Err((
                format!("`{cell}` is not true or false"),
                "write true or false",
            )),
        },
        Some(Value::Array(_)) => Ok(Value::Array(
            cell.split('|')
                .map(|s| Value::String(s.trim().to_string()))
                .collect(),
        )),
        _ if last == "address" => Ok(Value::Array(
            cell.split('|')
                .map(|s| Value::String(s.trim().to_string()))
                .collect(),
        )),
        _ => Ok(Value::String(cell.replace("\\n", "\n"))),
    }
}

fn get_path<'a>(t: &'a Table, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let first = t.get(parts.next()?)?;
    parts.try_fold(first, |v, k| v.as_table()?.get(k))
}

fn set_path(t: &mut Table, path: &str, v: Value) {
    let mut keys: Vec<&str> = path.split('.').collect();
    let last = keys.pop().unwrap_or(path);
    let mut cur = t;
    for k in keys {
        let entry = cur
            .entry(k.to_string())
            .or_insert_with(|| Value::Table(Table::new()));
        if !entry.is_table() {
            *entry = Value::Table(Table::new());
        }
        cur = entry.as_table_mut().expect("made a table");
    }
    cur.insert(last.to_string(), v);
}

/// Reads a directory of follower files (`*.toml`, `*.json`), each naming the lead it
/// adopts (`adopts = "FS50739797"`) and holding only its own facts.
fn read_dir(dir: &Path, lead_reference: &str) -> Result<Vec<Follower>, Vec<Diagnostic>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            vec![err(
                dir,
                "",
                format!("cannot read the directory: {e}"),
                "check the path",
            )]
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "json"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let source = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) => {
                problems.push(err(
                    &path,
                    "",
                    format!("cannot read: {e}"),
                    "check the file",
                ));
                continue;
            }
        };
        let parsed: Result<Table, Box<Diagnostic>> =
            if path.extension().is_some_and(|e| e == "json") {
                match serde_json::from_str::<serde_json::Value>(&source) {
                    Err(e) => Err(Box::new(err(
                        &path,
                        "",
                        format!("not JSON: {e}"),
                        "check the file's syntax",
                    ))),
                    Ok(j) => toml::Value::try_from(j)
                        .ok()
                        .and_then(|v| v.as_table().cloned())
                        .ok_or_else(|| {
                            Box::new(err(
                                &path,
                                "",
                                "not a JSON object".into(),
                                "a follower file is one object",
                            ))
                        }),
                }
            } else {
                toml::from_str::<Table>(&source).map_err(|e| {
                    let d = err(
                        &path,
                        "",
                        format!("not TOML: {}", e.message()),
                        "check the file's syntax",
                    );
                    Box::new(match e.span() {
                        Some(s) => d.at(&source, s),
                        None => d,
                    })
                })
            };
        let mut facts = match parsed {
            Ok(t) => t,
            Err(d) => {
                problems.push(*d);
                continue;
            }
        };
        let spans = SpanIndex::from_toml(&source);
        match facts.remove("adopts") {
            Some(Value::String(r)) if r == lead_reference => {}
            Some(Value::String(r)) => {
                let d = err(
                    &path,
                    "adopts",
                    format!("this follower adopts `{r}`, but the lead is `{lead_reference}`"),
                    "put followers of different leads in different directories",
                );
                problems.push(match spans.value("adopts") {
                    Some(s) => d.at(&source, s),
                    None => d,
                });
                continue;
            }
            _ => {
                problems.push(err(
                    &path,
                    "adopts",
                    "a follower file must name the lead it adopts".into(),
                    &format!("add adopts = \"{lead_reference}\" at the top"),
                ));
                continue;
            }
        }
        let differences = match facts.remove("differences_considered") {
            Some(Value::String(s)) => Some(s),
            _ => None,
        };
        out.push(Follower {
            origin: Origin::File { path, source },
            facts,
            differences_considered: differences,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The lead's facts with the follower's laid over them: tables merge key by key,
/// anything else the follower sets replaces the lead's.
pub fn merge(lead: &Table, follower: &Table) -> Table {
    let mut out = lead.clone();
    for (k, v) in follower {
        match (out.get_mut(k), v) {
            (Some(Value::Table(a)), Value::Table(b)) => {
                let merged = merge(a, b);
                *a = merged;
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

/// The reference a table gives (the first, if a list).
pub fn reference_of(t: &Table) -> Option<String> {
    match t.get("reference")? {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.first()?.as_str().map(str::to_string),
        _ => None,
    }
}

/// The family in the order its footnote lists it: the lead first, then the others in
/// reference order, whatever order the followers came in (a CSV's rows or a directory's
/// file names). Worked out once a batch.
pub fn family_order(lead: &str, family: &[String]) -> Vec<String> {
    let mut others: Vec<String> = family.iter().filter(|r| *r != lead).cloned().collect();
    others.sort();
    std::iter::once(lead.to_string()).chain(others).collect()
}

/// Makes a decision notice's family consistent for a batch: the lead names every
/// follower; each follower names the lead and every other case, never itself.
/// `ordered` is the family as [`family_order`] gives it.
pub fn set_family(t: &mut Table, own: &str, ordered: &[String], is_lead: bool) {
    if t.get("kind").and_then(Value::as_str) != Some("decision-notice") {
        return;
    }
    let lead = ordered.first().map_or("", String::as_str);
    let siblings: Vec<Value> = ordered
        .iter()
        .filter(|r| r.as_str() != own)
        .map(|r| Value::String(r.clone()))
        .collect();
    set_path(t, "family.siblings", Value::Array(siblings));
    if is_lead {
        set_path(t, "family.role", Value::String("lead".into()));
    } else {
        set_path(t, "family.role", Value::String("follow-on".into()));
        set_path(t, "family.lead", Value::String(lead.into()));
        t.remove("reasons");
    }
}

/// Drops the footnotes a follower inherits but no longer refers to (its request may
/// lack the lead's footnoted words), which would otherwise be reported unused.
pub fn prune_footnotes(merged: &mut Table, follower: &Table) {
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => {
                for (i, _) in s.match_indices("[^") {
                    if let Some(end) = s[i + 2..].find(']') {
                        out.push(s[i + 2..i + 2 + end].to_string());
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            Value::Table(t) => t.values().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut used = Vec::new();
    merged.values().for_each(|v| refs(v, &mut used));
    let own = follower.get("footnotes").and_then(Value::as_table);
    if let Some(Value::Table(notes)) = merged.get_mut("footnotes") {
        notes.retain(|k, _| own.is_some_and(|o| o.contains_key(k)) || used.iter().any(|u| u == k));
    }
}

/// Whitespace and quote marks normalised, for comparing wording.
pub fn normalise(s: &str) -> String {
    s.replace(['“', '”'], "\"")
        .replace(['‘', '’'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word-level difference: `[-removed-]` and `{+added+}`, with a little context.
pub fn word_diff(a: &str, b: &str) -> String {
    let x: Vec<&str> = a.split(' ').collect();
    let y: Vec<&str> = b.split(' ').collect();
    let (n, m) = (x.len(), y.len());
    let mut l = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            l[i][j] = if x[i] == y[j] {
                l[i + 1][j + 1] + 1
            } else {
                l[i + 1][j].max(l[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out: Vec<String> = Vec::new();
    let mut same_run = 0;
    while i < n || j < m {
        if i < n && j < m && x[i] == y[j] {
            same_run += 1;
            // Keep three words of context either side of a change.
            let near_change = (i + 1 < n && j + 1 < m && x[i + 1] != y[j + 1]) || i + 1 == n;
            if same_run <= 3 || near_change {
                out.push(x[i].to_string());
            } else if out.last().map(String::as_str) != Some("…") {
                out.push("…".into());
            }
            i += 1;
            j += 1;
        } else if j < m && (i == n || l[i][j + 1] >= l[i + 1][j]) {
            out.push(format!("{{+{}+}}", y[j]));
            same_run = 0;
            j += 1;
        } else {
            out.push(format!("[-{}-]", x[i]));
            same_run = 0;
            i += 1;
        }
    }
    out.join(" ")
}

/// The exemptions a case's response relies on, as sorted citation numbers.
fn exemptions(case: &Case) -> Vec<String> {
    let parts: Vec<&facts::Part> = match &case.notice {
        Notice::Decision(d) => d.response.iter().flat_map(|r| r.parts.iter()).collect(),
        Notice::Refusal(r) => r.positions.iter().collect(),
    };
    let mut v: Vec<String> = parts
        .iter()
        .filter(|p| matches!(p.position, Position::Refused | Position::Ncnd))
        .flat_map(|p| p.citations.iter().map(|c| c.short.clone()))
        .collect();
    v.sort();
    v.dedup();
    v
}

fn wording(case: &Case) -> &str {
    match &case.notice {
        Notice::Decision(d) => &d.request.wording,
        Notice::Refusal(r) => &r.request.wording,
    }
}

/// The own-merits guard: a follower adopts the lead's analysis only if its request and
/// the exemptions relied on are the lead's. `Err` carries what differs.
pub fn guard(lead: &Case, follower: &Case) -> Result<(), String> {
    let mut problems = Vec::new();
    let (a, b) = (normalise(wording(lead)), normalise(wording(follower)));
    if a != b {
        problems.push(format!(
            "the request differs from the lead's: {}",
            word_diff(&a, &b)
        ));
    }
    let (ea, eb) = (exemptions(lead), exemptions(follower));
    if ea != eb {
        problems.push(format!(
            "the exemptions relied on differ: the lead's {} against this case's {}",
            if ea.is_empty() {
                "none".into()
            } else {
                ea.join(", ")
            },
            if eb.is_empty() {
                "none".into()
            } else {
                eb.join(", ")
            }
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// A job's complete facts: a follower's own facts over the lead's (merged here, one
/// notice at a time, so that a batch's memory does not grow with its followers), with
/// the batch's family set.
fn case_facts(job: &Job, opts: &Options) -> Table {
    let mut facts = match &job.follower {
        Some(f) => {
            let mut merged = merge(opts.lead, &f.facts);
            prune_footnotes(&mut merged, &f.facts);
            merged
        }
        None => opts.lead.clone(),
    };
    set_family(
        &mut facts,
        &job.reference,
        opts.family,
        job.follower.is_none(),
    );
    facts
}

/// The manifest's `facts_sha256`: the SHA-256 of the complete facts after
/// inheritance, written as compact JSON (keys in the order the table holds them).
pub fn facts_sha256(facts: &Table) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    // Writing JSON into a hasher cannot fail.
    let _ = serde_json::to_writer(&mut hasher, facts);
    hex(&hasher.finalize())
}

/// Parses a follower's merged facts as a case. The quick way first; when it finds
/// anything wrong, the facts are read again as text, with errors pointed back at the
/// follower's own file or CSV cell where the field came from there.
/// The name a follower's merged facts go by in messages before they are relocated.
fn virtual_path(job: &Job) -> PathBuf {
    PathBuf::from(format!("{}.toml", job.reference.replace('/', "-")))
}

/// `merged` is the job's complete facts ([`case_facts`]).
fn follower_case(
    job: &Job,
    merged: Table,
    follower: &Follower,
    lead_path: &Path,
    lead_source: &str,
    opts: &Options,
) -> Result<Case, Vec<Diagnostic>> {
    let virtual_path = virtual_path(job);
    if let Some(case) = facts::from_table(&virtual_path, merged, opts.law) {
        return Ok(case);
    }
    let text = toml::to_string(&case_facts(job, opts)).unwrap_or_default();
    facts::parse_with(&virtual_path, text, Format::Toml, opts.law)
        .map_err(|ds| relocate_all(ds, follower, lead_path, lead_source))
}

/// A failed document's error, with the follower read again as text so that it is
/// pointed at the field and the CSV cell or file line it came from.
fn located(
    job: &Job,
    follower: &Follower,
    lead_path: &Path,
    lead_source: &str,
    opts: &Options,
    first: crate::error::Error,
) -> String {
    let text = toml::to_string(&case_facts(job, opts)).unwrap_or_default();
    let diagnostics = match facts::parse_with(&virtual_path(job), text, Format::Toml, opts.law) {
        Err(ds) => ds,
        Ok(case) => match crate::notice::document(&case, opts.templates) {
            Err(crate::error::Error::Case(ds)) => ds,
            _ => return first.to_string(),
        },
    };
    relocate_all(diagnostics, follower, lead_path, lead_source)
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn relocate_all(
    ds: Vec<Diagnostic>,
    follower: &Follower,
    lead_path: &Path,
    lead_source: &str,
) -> Vec<Diagnostic> {
    let lead_spans = SpanIndex::from_toml(lead_source);
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
    match &follower.origin {
        Origin::Row {
            path,
            line,
            columns,
        } => {
            let set_here = |c: &String| {
                (*c == field
                    || field.starts_with(&format!("{c}."))
                    || field.starts_with(&format!("{c}["))
                    || c.starts_with(&format!("{field}.")))
                    && get_path(&follower.facts, c).is_some()
            };
            if let Some(i) = columns.iter().position(set_here) {
                out.file = path.clone();
                out.line = *line;
                out.column = i + 1;
                out.message = format!(
                    "line {line}, column {} (`{}`): {}",
                    i + 1,
                    columns[i],
                    out.message
                );
                return out;
            }
            out.message = format!(
                "{} (inherited from the lead; {})",
                out.message,
                follower.origin.describe()
            );
        }
        Origin::File { path, source } => {
            let spans = SpanIndex::from_toml(source);
            if let Some(s) = spans
                .value(&field)
                .filter(|_| follower_sets(&follower.facts, &field))
            {
                out.file = path.clone();
                return out.at(source, s);
            }
            out.message = format!(
                "{} (inherited from the lead; {})",
                out.message,
                follower.origin.describe()
            );
        }
    }
    out.file = lead_path.to_path_buf();
    match lead_spans.value(&field) {
        Some(s) => out.at(lead_source, s),
        None => out,
    }
}

fn follower_sets(t: &Table, field: &str) -> bool {
    let head = field.split(['.', '[']).next().unwrap_or("");
    t.contains_key(head)
}

/// The record of one notice in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub reference: String,
    pub authority: String,
    pub role: String,
    /// `issued`, `unchanged`, `failed` (or `planned` in a dry run).
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub differences_considered: Option<String>,
    pub source: String,
    pub facts_sha256: String,
    pub outputs: Vec<Output>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Output {
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub tool: String,
    pub templates_sha256: String,
    pub lead: String,
    pub notices: Vec<Entry>,
}

impl Manifest {
    pub fn csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record([
            "reference",
            "authority",
            "role",
            "status",
            "error",
            "differences_considered",
            "facts_sha256",
            "outputs",
        ]);
        for e in &self.notices {
            let outputs: Vec<String> = e
                .outputs
                .iter()
                .map(|o| format!("{} {}", o.file, o.sha256))
                .collect();
            let _ = w.write_record([
                e.reference.as_str(),
                &e.authority,
                &e.role,
                &e.status,
                e.error.as_deref().unwrap_or(""),
                e.differences_considered.as_deref().unwrap_or(""),
                &e.facts_sha256,
                &outputs.join("; "),
            ]);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// What to render and how.
pub struct Options<'a> {
    pub out: PathBuf,
    pub text: bool,
    pub pdf: bool,
    pub force: bool,
    pub dry_run: bool,
    pub fail_fast: bool,
    pub templates: &'a Templates,
    pub law: &'a Law,
    /// The lead's facts as written, which followers inherit.
    pub lead: &'a Table,
    /// The family in footnote order ([`family_order`]).
    pub family: &'a [String],
    /// What happens to a notice's files once they are made (by reference): written
    /// with [`write_files`] there and then, or handed to a thread that writes them
    /// while the next notices are made. An error fails the notice.
    pub write: &'a (dyn Fn(&str, Files) -> Result<(), String> + Sync),
}

/// One notice to issue: the lead (whose facts are [`Options::lead`]), or a follower
/// and where it came from (its facts are merged over the lead's when it is made).
pub struct Job {
    pub reference: String,
    pub role: &'static str,
    pub follower: Option<Follower>,
}

/// The file name for a reference ("11435/17" → "11435-17").
pub fn file_stem(reference: &str) -> String {
    reference
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Checks, guards, renders and writes one notice. The lead's parsed case is given for
/// the guard. Nothing is written in a dry run.
pub fn issue(
    job: &Job,
    lead_case: &Case,
    lead_path: &Path,
    lead_source: &str,
    previous: Option<&Entry>,
    opts: &Options,
) -> Entry {
    // The sibling list is added here, one notice at a time, so that a batch holds one
    // copy of the family rather than one per follower.
    let facts = case_facts(job, opts);
    let mut entry = Entry {
        reference: job.reference.clone(),
        authority: get_path(&facts, "authority.name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        role: job.role.to_string(),
        status: "failed".into(),
        error: None,
        differences_considered: job
            .follower
            .as_ref()
            .and_then(|f| f.differences_considered.clone()),
        source: job
            .follower
            .as_ref()
            .map_or(lead_path.display().to_string(), |f| f.origin.describe()),
        facts_sha256: facts_sha256(&facts),
        outputs: Vec::new(),
    };
    let fail = |mut e: Entry, message: String| {
        e.error = Some(message);
        e
    };
    let case = match &job.follower {
        None => Ok(lead_case.clone()),
        Some(f) => follower_case(job, facts, f, lead_path, lead_source, opts),
    };
    let case = match case {
        Ok(c) => c,
        Err(ds) => {
            let first: Vec<String> = ds
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.to_string())
                .collect();
            return fail(entry, first.join("\n\n"));
        }
    };
    if job.follower.is_some() {
        if let Err(why) = guard(lead_case, &case) {
            if entry.differences_considered.is_none() {
                return fail(
                    entry,
                    format!("own-merits guard: {why}\nhelp: if the caseworker has considered the differences, record why with differences_considered = \"...\""),
                );
            }
        }
    }
    let doc = match crate::notice::document(&case, opts.templates) {
        Ok(d) => d,
        // A follower read the quick way has no text to point into: read it again as
        // text so that the error names the field and where it was set.
        Err(e) => match &job.follower {
            Some(f) if case.source.is_empty() => {
                return fail(entry, located(job, f, lead_path, lead_source, opts, e))
            }
            _ => return fail(entry, e.to_string()),
        },
    };
    let stem = file_stem(&job.reference);
    let mut outputs: Files = Vec::new();
    if opts.text {
        outputs.push((
            opts.out.join(format!("{stem}.txt")),
            crate::render::text::render(&doc).into_bytes(),
        ));
    }
    if opts.pdf {
        match crate::render::pdf::render(&doc) {
            Ok(b) => outputs.push((opts.out.join(format!("{stem}.pdf")), b)),
            Err(e) => return fail(entry, e.to_string()),
        }
    }
    entry.outputs = outputs
        .iter()
        .map(|(p, b)| Output {
            file: p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            sha256: sha256(b),
            bytes: b.len() as u64,
        })
        .collect();
    // An existing notice. When the manifest records it as issued from these facts, and
    // its files are as recorded, there is nothing to do. When the manifest does not
    // vouch for it (a run stopped before writing its manifest, or failed part way), its
    // files are kept if they hold exactly what this run makes, and any still missing
    // are written. Anything else is refused unless forced.
    let existing: Vec<PathBuf> = outputs
        .iter()
        .map(|(p, _)| p.clone())
        .filter(|p| p.exists())
        .collect();
    if !existing.is_empty() {
        let vouched = previous.filter(|prev| prev.status != "failed" && prev.status != "skipped");
        let unchanged = match vouched {
            Some(prev) => {
                prev.facts_sha256 == entry.facts_sha256
                    && prev.outputs == entry.outputs
                    && prev.outputs.iter().all(|o| {
                        std::fs::read(opts.out.join(&o.file)).is_ok_and(|b| sha256(&b) == o.sha256)
                    })
            }
            None => outputs
                .iter()
                .filter(|(p, _)| existing.contains(p))
                .all(|(p, bytes)| std::fs::read(p).is_ok_and(|b| b == *bytes)),
        };
        if unchanged {
            outputs.retain(|(p, _)| !existing.contains(p));
            if outputs.is_empty() {
                entry.status = "unchanged".into();
                return entry;
            }
        } else if !opts.force {
            let why = if vouched.is_some() {
                "already exists and this notice's inputs have changed"
            } else {
                "already exists, is not recorded in this directory's manifest, and differs from the notice these facts make"
            };
            return fail(
                entry,
                format!(
                    "{} {why}; an issued notice is never overwritten\nhelp: pass --force to replace it",
                    existing[0].display()
                ),
            );
        }
    }
    if opts.dry_run {
        entry.status = "planned".into();
        return entry;
    }
    if let Err(e) = (opts.write)(&job.reference, outputs) {
        return fail(entry, e);
    }
    entry.status = "issued".into();
    entry
}

/// Files to write for one notice: each path and its bytes.
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// Writes the files of several notices, synced together ([`crate::output::write_together`]).
/// Gives the notices that failed, each with its first error.
pub fn write_batch(batch: &[(String, Files)]) -> Vec<(String, String)> {
    let files: Vec<(&Path, &[u8])> = batch
        .iter()
        .flat_map(|(_, files)| files.iter().map(|(p, b)| (p.as_path(), b.as_slice())))
        .collect();
    let mut results = crate::output::write_together(&files).into_iter();
    let mut failed = Vec::new();
    for (reference, files) in batch {
        let first = results.by_ref().take(files.len()).find_map(Result::err);
        if let Some(e) = first {
            failed.push((reference.clone(), e.to_string()));
        }
    }
    failed
}

/// Reads a previous run's manifest, if there is one, by reference.
pub fn previous(dir: &Path) -> BTreeMap<String, Entry> {
    std::fs::read_to_string(dir.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Manifest>(&t).ok())
        .map(|m| {
            m.notices
                .into_iter()
                .map(|e| (e.reference.clone(), e))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_overrides_leaves_and_keeps_the_rest() {
        let lead: Table = toml::from_str("a = 1\n[t]\nx = 1\ny = [1, 2]\n").unwrap();
        let f: Table = toml::from_str("[t]\ny = [3]\nz = \"new\"\n").unwrap();
        let m = merge(&lead, &f);
        assert_eq!(m["a"].as_integer(), Some(1));
        assert_eq!(m["t"]["x"].as_integer(), Some(1));
        assert_eq!(m["t"]["y"].as_array().unwrap().len(), 1);
        assert_eq!(m["t"]["z"].as_str(), Some("new"));
    }

    #[test]
    fn normalising_ignores_spacing_and_quote_marks() {
        assert_eq!(
            normalise("“Do you”\n  hold ‘it’"),
            normalise("\"Do you\" hold 'it'")
        );
    }

    #[test]
    fn word_diff_marks_changes() {
        let d = word_diff("a b c d e f g h", "a b x d e f g h");
        assert!(d.contains("[-c-]") && d.contains("{+x+}"), "{d}");
    }

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(file_stem("11435/17"), "11435-17");
        assert_eq!(file_stem("FS50740163"), "FS50740163");
    }
}
