//! A table of followers as read from a file, whatever the file: a header row and rows
//! of cells, each row with the line (CSV) or row number (workbook) a caseworker sees.

use crate::diagnostic::Diagnostic;
use std::path::Path;

/// Rows in a list of followers (CSV or workbook): a family is thousands of
/// authorities at the very most (every police force and council is some 450).
pub const MAX_ROWS: usize = 100_000;
/// Columns: the case file's fields a follower might set number about a hundred.
pub const MAX_COLUMNS: usize = 200;
/// Cells held, header columns times rows: 20,000 followers of 100 columns.
pub const MAX_CELLS: usize = 2_000_000;
/// A CSV file: 64 MiB, a hundred times a large family's.
pub const MAX_CSV_BYTES: u64 = 64 << 20;
/// One CSV cell: 256 KiB, a request of some 40,000 words.
pub const MAX_CSV_CELL_BYTES: usize = 256 << 10;

/// Reads a CSV file of followers within [`MAX_CSV_BYTES`], then as [`read_csv`].
pub fn read_csv_file(path: &Path) -> Result<Sheet, Vec<Diagnostic>> {
    let bytes = match super::workbook::read_bounded(path, MAX_CSV_BYTES) {
        Ok(Ok(b)) => b,
        Ok(Err(size)) => {
            return Err(vec![Diagnostic::error(
                path,
                "",
                format!(
                    "the followers file is {size} bytes, more than the {MAX_CSV_BYTES} a list of followers may be"
                ),
                "issue the family as several lists, each with only the columns that differ from the lead",
            )])
        }
        Err(e) => {
            return Err(vec![Diagnostic::error(
                path,
                "",
                format!("cannot read the followers: {e}"),
                "check the path",
            )])
        }
    };
    let text = crate::source::decode(path, bytes).map_err(|d| vec![*d])?;
    read_csv(path, &text)
}

#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name in a workbook; `None` for a CSV file.
    pub name: Option<String>,
    /// The line or row of the header.
    pub header_line: usize,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line in the file (CSV) or row in the sheet (workbook).
    pub line: usize,
    pub cells: Vec<String>,
    /// What is wrong with the row as a whole (its number of cells).
    pub error: Option<String>,
}

/// The separator a CSV file uses: of comma, semicolon and tab, the one its header line
/// has most of outside quotes (Excel writes semicolons where the comma is the decimal
/// mark). A header with none of them is one column, read as comma-separated.
pub fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in header.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        seps[best]
    }
}

/// Reads CSV text (already decoded, byte-order mark dropped). Quoted cells, CRLF line
/// endings and any of the three separators are accepted; rows with no cell filled in
/// (as spreadsheets leave at the end) are ignored.
pub fn read_csv(path: &Path, text: &str) -> Result<Sheet, Vec<Diagnostic>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // A record's position can be the end of the line before it (the `\n` of a CRLF):
    // its line is the first one after any line ends there. Records come in order, so
    // lines are counted on from the last record's.
    let counted = std::cell::Cell::new((0usize, 1usize));
    let line_of = |byte: u64| {
        let bytes = text.as_bytes();
        let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        let (from, line) = counted.get();
        let (from, line) = if at >= from { (from, line) } else { (0, 1) };
        let line = line + bytes[from..at].iter().filter(|b| **b == b'\n').count();
        counted.set((at, line));
        line
    };
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|s| s.trim().to_string()).collect(),
        Some(Err(e)) => {
            let mut d = Diagnostic::error(
                path,
                "",
                format!("the header line cannot be read: {e}"),
                "the first line names the columns, such as reference,date,authority.name",
            );
            d.line = e.position().map_or(1, |p| line_of(p.byte()));
            return Err(vec![d]);
        }
        None => {
            return Err(vec![Diagnostic::error(
                path,
                "",
                "the followers file is empty",
                "the first line names the columns, such as reference,date,authority.name; then a row per follower",
            )])
        }
    };
    let beyond = |line: usize, column: usize, message: String, help: &str| {
        let mut d = Diagnostic::error(path, "", message, help);
        d.line = line;
        d.column = column;
        vec![d]
    };
    if headers.len() > MAX_COLUMNS {
        return Err(beyond(
            1,
            MAX_COLUMNS + 1,
            format!(
                "the header has {} columns, more than the {MAX_COLUMNS} a list of followers may have",
                headers.len()
            ),
            "keep only the columns that differ from the lead",
        ));
    }
    let mut rows = Vec::new();
    for record in records {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| line_of(p.byte()));
                if let Some(i) = r.iter().position(|c| c.len() > MAX_CSV_CELL_BYTES) {
                    return Err(beyond(
                        line,
                        i + 1,
                        format!(
                            "line {line}, column {}: the cell holds more than {MAX_CSV_CELL_BYTES} bytes, more than a cell of a list of followers may",
                            i + 1
                        ),
                        "shorten the cell; a request that long belongs in the follower's own case file",
                    ));
                }
                if r.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                // The header is a row, as in a workbook.
                if rows.len() + 2 > MAX_ROWS || (rows.len() + 1) * headers.len() > MAX_CELLS {
                    return Err(beyond(
                        line,
                        1,
                        format!(
                            "line {line}: the list goes on past {MAX_ROWS} rows or {MAX_CELLS} cells (rows times the header's {} columns), more than a list of followers may have",
                            headers.len()
                        ),
                        "issue the family as several lists, each with only the columns that differ from the lead",
                    ));
                }
                let error = (r.len() != headers.len()).then(|| {
                    format!(
                        "this row has {} cells, but the header has {} columns",
                        r.len(),
                        headers.len()
                    )
                });
                // A row far wider than the header fails alone; its cells are not kept.
                let cells = if r.len() > headers.len() + MAX_COLUMNS {
                    Vec::new()
                } else {
                    r.iter().map(str::to_string).collect()
                };
                rows.push(Row { line, cells, error });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| line_of(p.byte()));
                rows.push(Row {
                    line,
                    cells: Vec::new(),
                    error: Some(format!("the row cannot be read: {e}")),
                });
            }
        }
    }
    Ok(Sheet {
        name: None,
        header_line: 1,
        headers,
        rows,
    })
}

/// "A" for column 0, "AA" for column 26, as spreadsheets name columns.
pub fn column_letters(mut column: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads the first worksheet of an `.xlsx` workbook: the first row that has any cell
/// filled in is the header. Dates become YYYY-MM-DD and whole numbers lose their
/// decimal point, as the cells show them. Every workbook read goes through here, and
/// is read within bounds ([`super::workbook`]): a workbook beyond them is refused,
/// located, before it can take the memory it asks for.
pub fn read_xlsx(path: &Path) -> Result<Sheet, Vec<Diagnostic>> {
    super::workbook::read(path).map_err(|r| vec![r.diagnostic(path)])
}

/// The CSV text with `column` set to `value` in the row whose `reference` is given
/// (the column is added if the list lacks it). A workbook (`.xlsx`) is not text and is
/// refused before this.
pub fn set_cell(
    csv_text: &str,
    reference: &str,
    column: &str,
    value: &str,
) -> Result<String, String> {
    let sep = separator(csv_text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for r in reader.records() {
        let r = r.map_err(|e| format!("the list of followers cannot be read: {e}"))?;
        rows.push(r.iter().map(str::to_string).collect());
    }
    let header = rows.first_mut().ok_or("the list of followers is empty")?;
    let find = |h: &[String], name: &str| h.iter().position(|c| c.trim() == name);
    let at_ref =
        find(header, "reference").ok_or("the list of followers has no reference column")?;
    let at = match find(header, column) {
        Some(i) => i,
        None => {
            header.push(column.to_string());
            header.len() - 1
        }
    };
    let row = rows
        .iter_mut()
        .skip(1)
        .find(|r| r.get(at_ref).is_some_and(|c| c.trim() == reference))
        .ok_or_else(|| format!("no follower with the reference {reference} in the list"))?;
    if row.len() <= at {
        row.resize(at + 1, String::new());
    }
    row[at] = value.to_string();
    let mut w = csv::WriterBuilder::new()
        .delimiter(sep)
        .flexible(true)
        .from_writer(Vec::new());
    for r in &rows {
        w.write_record(r).map_err(|e| e.to_string())?;
    }
    String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_one_the_header_uses() {
        assert_eq!(separator("reference;authority.name;date\n"), b';');
        assert_eq!(separator("reference,authority.name\n"), b',');
        assert_eq!(separator("reference\tauthority.name\n"), b'\t');
        assert_eq!(separator("\"a;b\",c\n"), b',');
        assert_eq!(separator("reference\n"), b',');
    }

    #[test]
    fn lines_are_counted_alike_with_crlf_and_lf() {
        for eol in ["\n", "\r\n"] {
            let text = ["reference,x", "A,1", "\"B", "multi\",2", "C,3", ",", ""].join(eol);
            let s = read_csv(Path::new("f.csv"), &text).unwrap();
            let lines: Vec<usize> = s.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 3, 5], "{eol:?}");
            assert!(s.rows.iter().all(|r| r.error.is_none()));
        }
    }

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
    }

    #[test]
    fn a_cell_is_set_in_the_row_of_its_reference_adding_the_column() {
        let csv = "reference,authority.name\nA-1,One\nA-2,\"Two, Ltd\"\n";
        let out = set_cell(csv, "A-2", "differences_considered", "same \"request\"").unwrap();
        assert_eq!(
            out,
            "reference,authority.name,differences_considered\nA-1,One\nA-2,\"Two, Ltd\",\"same \"\"request\"\"\"\n"
        );
        let again = set_cell(&out, "A-1", "differences_considered", "x").unwrap();
        assert!(again.contains("\nA-1,One,x\n"), "{again}");
        assert!(set_cell(csv, "A-9", "differences_considered", "x").is_err());
        assert!(set_cell("name\nx\n", "x", "differences_considered", "x").is_err());
    }

    #[test]
    fn a_semicolon_list_stays_semicolon_separated() {
        let out = set_cell("reference;x\nR;1\n", "R", "differences_considered", "ok").unwrap();
        assert_eq!(out, "reference;x;differences_considered\nR;1;ok\n");
    }
}
