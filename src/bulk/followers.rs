//! Reading a family's followers: a table of rows (a CSV file, comma-, semicolon- or
//! tab-separated, or the first sheet of an `.xlsx` workbook) whose header names are
//! case-file field paths, or a directory of small follower case files. A row with a bad
//! cell fails alone, with the cell located; a bad header fails the batch, once.

use super::sheet::{self, Sheet};
use crate::diagnostic::{nearest, Diagnostic, SpanIndex};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::{Table, Value};

/// Where a follower's facts came from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A row of a table: the file, the sheet (for a workbook), the 1-based line or
    /// row number, and the header names.
    Row {
        path: PathBuf,
        sheet: Option<Arc<str>>,
        line: usize,
        /// The header names, shared by every row.
        columns: Arc<[String]>,
    },
    /// A follower case file, with its text for locating errors.
    File { path: PathBuf, source: String },
}

impl Origin {
    pub fn describe(&self) -> String {
        match self {
            Origin::Row {
                path,
                sheet: None,
                line,
                ..
            } => format!("{} line {line}", path.display()),
            Origin::Row {
                path,
                sheet: Some(s),
                line,
                ..
            } => format!("{} sheet {s} row {line}", path.display()),
            Origin::File { path, .. } => path.display().to_string(),
        }
    }

    /// A row's cell, as a caseworker finds it: "line 3, column 2" in a CSV file,
    /// "cell B3" in a workbook.
    pub(super) fn cell(&self, column: usize) -> String {
        match self {
            Origin::Row {
                sheet: Some(_),
                line,
                ..
            } => format!("cell {}{line}", sheet::column_letters(column)),
            Origin::Row { line, .. } => format!("line {line}, column {}", column + 1),
            Origin::File { .. } => String::new(),
        }
    }
}

/// One follower: its own facts, the caseworker's reason for adopting the lead despite
/// differences if recorded, and any problem found in its row (then it fails alone).
#[derive(Debug, Clone)]
pub struct Follower {
    pub origin: Origin,
    pub facts: Table,
    pub differences_considered: Option<String>,
    /// Problems with this follower's own cells; a follower with any is not issued.
    pub problems: Vec<Diagnostic>,
    /// Fields worked out from a cell rather than named by its header (the `not_held`
    /// column sets the response's parts and the scope), with that cell's column.
    pub derived: Vec<(String, usize)>,
}

fn err(path: &Path, field: &str, message: String, help: &str) -> Diagnostic {
    Diagnostic::error(path, field, message, help)
}

/// Reads the followers: a CSV file, an `.xlsx` workbook, or a directory of
/// `.toml`/`.json` case files. `Err` means nothing can be issued (the file cannot be
/// read, or its header is wrong); a bad row comes back as a follower with problems.
pub fn read_followers(
    path: &Path,
    lead: &Table,
    lead_reference: &str,
    law: &crate::law::Law,
) -> Result<Vec<Follower>, Vec<Diagnostic>> {
    if path.is_dir() {
        return read_dir(path, lead_reference);
    }
    let sheet = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        sheet::read_xlsx(path)?
    } else {
        sheet::read_csv_file(path)?
    };
    from_sheet(path, sheet, lead, law)
}

/// Columns every row must have.
const REQUIRED: [&str; 2] = ["reference", "authority.name"];
/// Columns that are not field paths.
const SPECIAL: [&str; 2] = ["differences_considered", "not_held"];

/// Followers from a table whose header names are case-file field paths. An empty cell
/// means "as the lead".
pub fn from_sheet(
    path: &Path,
    sheet: Sheet,
    lead: &Table,
    law: &crate::law::Law,
) -> Result<Vec<Follower>, Vec<Diagnostic>> {
    let header = |i: usize, message: String, help: String| {
        let mut d = err(path, &sheet.headers[i], message, &help);
        d.line = sheet.header_line;
        d.column = i + 1;
        d
    };
    let mut problems = Vec::new();
    for r in REQUIRED {
        if !sheet.headers.iter().any(|h| h == r) {
            let mut d = err(
                path,
                r,
                format!("the followers have no `{r}` column"),
                "add the column to the header row; every follower needs its own reference and authority",
            );
            d.line = sheet.header_line;
            d.column = 1;
            problems.push(d);
        }
    }
    for (i, h) in sheet.headers.iter().enumerate() {
        if sheet.headers[..i].contains(h) {
            problems.push(header(
                i,
                format!("the column `{h}` appears twice"),
                "keep one column per field".into(),
            ));
        } else if let Some((message, help)) = unknown_column(h, lead, law) {
            problems.push(header(i, message, help));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let columns: Arc<[String]> = sheet.headers.clone().into();
    let sheet_name: Option<Arc<str>> = sheet.name.as_deref().map(Arc::from);
    let mut out = Vec::new();
    for row in sheet.rows {
        let origin = Origin::Row {
            path: path.to_path_buf(),
            sheet: sheet_name.clone(),
            line: row.line,
            columns: columns.clone(),
        };
        let mut follower = Follower {
            origin,
            facts: Table::new(),
            differences_considered: None,
            problems: Vec::new(),
            derived: Vec::new(),
        };
        if let Some(message) = &row.error {
            let mut d = err(
                path,
                "",
                format!("{}: {message}", follower.origin.describe()),
                "every row needs as many cells as the header has columns; quote cells holding the separator",
            );
            d.line = row.line;
            follower.problems.push(d);
        }
        for (i, (column, cell)) in columns.iter().zip(row.cells.iter()).enumerate() {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let at = |message: String, help: &str| {
                let mut d = err(
                    path,
                    column,
                    format!("{} (`{column}`): {message}", follower.origin.cell(i)),
                    help,
                );
                d.line = row.line;
                d.column = i + 1;
                d
            };
            if column == "differences_considered" {
                follower.differences_considered = Some(cell.to_string());
                continue;
            }
            if column == "not_held" {
                let known = lead_questions(lead);
                match parse_questions(cell) {
                    Some(qs) if !known.is_empty() && qs.iter().any(|q| !known.contains(q)) => {
                        follower.problems.push(at(
                            format!(
                                "`{cell}` names a question the request does not have (the lead's response covers questions {})",
                                known.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
                            ),
                            "write the numbers of the questions this authority answered \"not held\", such as 5 or 5;6",
                        ))
                    }
                    Some(qs) => {
                        apply_not_held(&mut follower.facts, lead, &qs);
                        for f in ["response.parts", "scope"] {
                            follower.derived.push((f.to_string(), i));
                        }
                    }
                    None => follower.problems.push(at(
                        format!("`{cell}` is not a list of question numbers"),
                        "write the questions answered \"not held\" as numbers separated by ;, such as 5 or 5;6",
                    )),
                }
                continue;
            }
            match cell_value(column, cell, lead) {
                Ok(v) => set_path(&mut follower.facts, column, v),
                Err((message, help)) => follower.problems.push(at(message, help)),
            }
        }
        out.push(follower);
    }
    Ok(out)
}

/// Whether a header names no field a case file has: the message and a hint naming the
/// nearest field, or `None` when it is a real field. Found by trying the field on the
/// lead's facts, so that it follows the case-file model wherever it goes.
fn unknown_column(column: &str, lead: &Table, law: &crate::law::Law) -> Option<(String, String)> {
    if SPECIAL.contains(&column) || REQUIRED.contains(&column) {
        return None;
    }
    let bad_name = column.is_empty()
        || column
            .split('.')
            .any(|k| k.is_empty() || !k.chars().all(|c| c.is_alphanumeric() || c == '_'));
    if !bad_name && get_path(lead, column).is_some() {
        return None;
    }
    let candidates: Vec<String> = field_paths(lead);
    let hint = || {
        match nearest(column, candidates.iter().map(String::as_str)) {
        Some(n) => format!("did you mean `{n}`? A column's name is a case file's field path (docs/bulk.md)"),
        None => "a column's name is a case file's field path, such as authority.name or request.date (docs/bulk.md)".into(),
    }
    };
    if bad_name {
        return Some((format!("`{column}` is not a field path"), hint()));
    }
    let mut probe = lead.clone();
    set_path(&mut probe, column, Value::String("x".into()));
    let unknown = match crate::case::from_table(Path::new("probe"), probe, law) {
        Ok(_) => false,
        Err(ds) => ds.iter().any(|d| {
            d.message.starts_with("unknown field") || d.message.contains("invalid type: map")
        }),
    };
    unknown.then(|| (format!("no case-file field is called `{column}`"), hint()))
}

/// Every field path in a table (for suggestions).
fn field_paths(t: &Table) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(prefix: &str, t: &Table, out: &mut Vec<String>) {
        for (k, v) in t {
            let p = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            if let Value::Table(inner) = v {
                walk(&p, inner, out);
            }
            out.push(p);
        }
    }
    walk("", t, &mut out);
    out.extend(SPECIAL.iter().map(|s| s.to_string()));
    out
}

/// The question numbers the lead's response parts cover (empty when a part covers the
/// whole request, so that any number may be right).
fn lead_questions(lead: &Table) -> Vec<i64> {
    let mut out = Vec::new();
    for p in get_path(lead, "response.parts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match p.get("questions").and_then(Value::as_array) {
            Some(qs) if !qs.is_empty() => out.extend(qs.iter().filter_map(Value::as_integer)),
            _ => return Vec::new(),
        }
    }
    out.sort_unstable();
    out.dedup();
    out
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
            let had = qs.len();
            qs.retain(|q| !q.as_integer().is_some_and(|n| questions.contains(&n)));
            // A part left with no questions would mean the whole request: it goes.
            if had > 0 && qs.is_empty() {
                continue;
            }
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

/// A cell's value, typed by the field: dates, numbers, booleans and lists ("a | b",
/// numbers for a list of numbers). A cell that starts with `[` or `{` is a TOML inline
/// value, for what a cell cannot otherwise hold: `[{ questions = [1, 2], position =
/// "ncnd", exemption = "31(3)" }]` for `response.parts`, or `[]`.
fn cell_value(column: &str, cell: &str, lead: &Table) -> Result<Value, (String, &'static str)> {
    let last = column.rsplit('.').next().unwrap_or(column);
    let like = get_path(lead, column);
    if cell.starts_with(['[', '{']) {
        return toml::from_str::<Table>(&format!("v = {cell}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
            .ok_or((
                format!("`{}` is not a TOML inline value", crate::diagnostic::clip(cell)),
                "write a list as [1, 2] or a list of tables as [{ questions = [1], position = \"ncnd\", exemption = \"31(3)\" }]",
            ));
    }
    if let Some(Value::Array(items)) = like {
        if items.first().is_some_and(Value::is_integer) {
            return cell
                .split(['|', ';', ','])
                .map(|n| n.trim().parse::<i64>().map(Value::Integer))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
                .map_err(|_| {
                    (
                        format!(
                            "`{}` is not a list of whole numbers",
                            crate::diagnostic::clip(cell)
                        ),
                        "write the numbers separated by |, such as 1 | 2 | 3",
                    )
                });
        }
    }
    let is_date = matches!(like, Some(Value::Datetime(_)))
        || matches!(last, "date" | "requested" | "resubmitted" | "lead_date");
    if is_date {
        return match chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d") {
            Ok(d) => format!("{}", d.format("%Y-%m-%d"))
                .parse()
                .map(Value::Datetime)
                .map_err(|_| {
                    (
                        format!("`{cell}` is not a date"),
                        "write dates as YYYY-MM-DD",
                    )
                }),
            Err(_) => Err((
                format!("`{cell}` is not a real date written YYYY-MM-DD"),
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
        Some(Value::Boolean(_)) => match cell.to_ascii_lowercase().as_str() {
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

pub(super) fn get_path<'a>(t: &'a Table, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let first = t.get(parts.next()?)?;
    parts.try_fold(first, |v, k| v.as_table()?.get(k))
}

pub(super) fn set_path(t: &mut Table, path: &str, v: Value) {
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
        let Value::Table(next) = entry else {
            unreachable!("made a table just above")
        };
        cur = next;
    }
    cur.insert(last.to_string(), v);
}

/// Reads a directory of follower files (`*.toml`, `*.json`), each naming the lead it
/// adopts (`adopts = "FS50739797"`) and holding only its own facts. A file that cannot
/// be read as one fails alone.
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
    Ok(paths
        .into_iter()
        .map(|path| read_follower_file(path, lead_reference))
        .collect())
}

fn read_follower_file(path: PathBuf, lead_reference: &str) -> Follower {
    let mut follower = Follower {
        origin: Origin::File {
            path: path.clone(),
            source: String::new(),
        },
        facts: Table::new(),
        differences_considered: None,
        problems: Vec::new(),
        derived: Vec::new(),
    };
    let source = match crate::source::read_text(&path, "the follower file") {
        Ok(s) => s,
        Err(d) => {
            follower.problems.push(*d);
            return follower;
        }
    };
    let json = path.extension().is_some_and(|e| e == "json");
    let parsed = if json {
        json_table(&path, &source)
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
    let spans = spans_of(&path, &source);
    let mut facts = match parsed {
        Ok(t) => t,
        Err(d) => {
            follower.problems.push(*d);
            follower.origin = Origin::File { path, source };
            return follower;
        }
    };
    match facts.remove("adopts") {
        Some(Value::String(r)) if r == lead_reference => {}
        Some(Value::String(r)) => {
            let d = err(
                &path,
                "adopts",
                format!("this follower adopts `{r}`, but the lead is `{lead_reference}`"),
                "put followers of different leads in different directories",
            );
            follower.problems.push(match spans.value("adopts") {
                Some(s) => d.at(&source, s),
                None => d,
            });
        }
        _ => follower.problems.push(err(
            &path,
            "adopts",
            "a follower file must name the lead it adopts".into(),
            &format!("add adopts = \"{lead_reference}\" at the top"),
        )),
    }
    if let Some(Value::String(s)) = facts.remove("differences_considered") {
        follower.differences_considered = Some(s);
    }
    follower.facts = facts;
    follower.origin = Origin::File { path, source };
    follower
}

/// A follower file's JSON object as a table, or where it goes wrong.
fn json_table(path: &Path, source: &str) -> Result<Table, Box<Diagnostic>> {
    crate::source::check_nesting(path, source)?;
    let value = serde_json::from_str::<serde_json::Value>(source).map_err(|e| {
        Box::new(
            err(
                path,
                "",
                format!("not JSON: {e}"),
                "check the file's syntax",
            )
            .at_line_column(source, e.line(), e.column()),
        )
    })?;
    toml::Value::try_from(value)
        .ok()
        .and_then(|v| v.as_table().cloned())
        .ok_or_else(|| {
            Box::new(err(
                path,
                "",
                "not a JSON object".into(),
                "a follower file is one object",
            ))
        })
}

pub(super) fn spans_of(path: &Path, source: &str) -> SpanIndex {
    if path.extension().is_some_and(|e| e == "json") {
        SpanIndex::from_json(source)
    } else {
        SpanIndex::from_toml(source)
    }
}
