//! Reading an `.xlsx` workbook within bounds, whatever the file claims. A workbook is
//! a zip of XML parts, and both can ask for far more than they hold: a part that
//! unpacks a thousandfold, a size in the zip's directory that lies, a sheet that
//! declares a cell at XFD1048576, a shared string referenced a million times. So,
//! before calamine reads anything, the zip is opened and every part unpacked once,
//! counting the bytes as they come (a lying entry is stopped at the limit, not at its
//! word); the XML is scanned for cell references and counts that calamine would trust
//! (an oversized one makes it overflow or reserve memory it cannot have); then the
//! first sheet is read cell by cell (calamine's lazy cell reader, which holds one
//! cell at a time), with its rows, columns, cells and text bounded as they come.
//!
//! The limits are generous for a family: a list of followers is a table of a few
//! thousand rows and a few dozen columns, a workbook of well under a megabyte.

use super::sheet::{column_letters, Row, Sheet, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use crate::diagnostic::Diagnostic;
use std::io::{Cursor, Read};
use std::path::Path;

mod scan;
use scan::Scan;

/// The workbook file itself (zipped): 32 MiB, some hundred times a real family's.
pub const MAX_FILE_BYTES: u64 = 32 << 20;
/// Parts in the zip: a workbook has a dozen or two; one with charts and many sheets a
/// few hundred.
pub const MAX_PARTS: usize = 1_000;
/// One part unpacked: 64 MiB, a sheet of more than a million filled cells.
pub const MAX_PART_BYTES: u64 = 64 << 20;
/// All parts unpacked together.
pub const MAX_UNPACKED_BYTES: u64 = 128 << 20;
/// How many times larger than its packed size a part may unpack, once it is over
/// [`RATIO_FLOOR`]: a spreadsheet's XML packs some 5 to 50 times; deflate's own limit
/// is about 1,000 times, which only a bomb comes near.
pub const MAX_RATIO: u64 = 250;
/// Parts smaller than this unpacked are not held to [`MAX_RATIO`].
pub const RATIO_FLOOR: u64 = 1 << 20;
/// Characters in one cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The text of all cells kept, together: a shared string is held once by the
/// workbook but copied into every cell that shows it.
pub const MAX_TEXT_BYTES: usize = 64 << 20;
/// The shared strings a workbook may announce (calamine reserves room for them).
pub const MAX_SHARED_STRINGS: u64 = 2_000_000;

/// Why a workbook is not read: each names the part of the zip, or the sheet and cell,
/// where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The file could not be read from the disk.
    Io(String),
    /// The file is larger than [`MAX_FILE_BYTES`].
    File {
        bytes: u64,
    },
    /// The file is not a zip (so not an `.xlsx` workbook), or its directory is damaged.
    NotZip(String),
    /// More than [`MAX_PARTS`] parts.
    Parts {
        count: usize,
    },
    /// A part unpacks to more than [`MAX_PART_BYTES`]: `bytes` is what it declares or,
    /// when it declared less, what was counted before it was stopped.
    Part {
        part: String,
        bytes: u64,
        declared: u64,
    },
    /// A part unpacks more than [`MAX_RATIO`] times its packed size.
    Ratio {
        part: String,
        packed: u64,
        unpacked: u64,
    },
    /// All parts together unpack to more than [`MAX_UNPACKED_BYTES`].
    Unpacked {
        part: String,
    },
    /// A part could not be unpacked.
    Damaged {
        part: String,
        why: String,
    },
    /// A cell reference (or range) no spreadsheet writes, or a count beyond bounds.
    Reference {
        part: String,
        text: String,
    },
    /// calamine could not read the workbook or sheet.
    Unreadable {
        at: String,
        why: String,
    },
    NoSheets,
    Empty {
        sheet: String,
    },
    /// The sheet's declared size (its `<dimension ref=…>`) reaches `cell`.
    Dimension {
        sheet: String,
        cell: String,
    },
    /// A filled cell below row [`MAX_ROWS`].
    Row {
        sheet: String,
        cell: String,
    },
    /// A filled cell right of column [`MAX_COLUMNS`].
    Column {
        sheet: String,
        cell: String,
    },
    /// A cell longer than [`MAX_CELL_CHARS`].
    Cell {
        sheet: String,
        cell: String,
    },
    /// More than [`MAX_CELLS`] cells, or [`MAX_TEXT_BYTES`] of text, by `cell`.
    Cells {
        sheet: String,
        cell: String,
    },
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1 << 20) as f64)
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::Io(e) => format!("cannot read the workbook: {e}"),
            Refusal::File { bytes } => format!(
                "the workbook is {}, more than the {} a list of followers may be",
                mib(*bytes),
                mib(MAX_FILE_BYTES)
            ),
            Refusal::NotZip(e) => format!("cannot read the workbook: it is not an .xlsx file ({e})"),
            Refusal::Parts { count } => format!(
                "the workbook is a zip of {count} parts, more than the {MAX_PARTS} a workbook has"
            ),
            Refusal::Part { part, bytes, declared } if bytes > declared => format!(
                "part {part} of the workbook unpacks to more than {} though it declares {declared} bytes, beyond the {} a part may hold",
                mib(*bytes - 1),
                mib(MAX_PART_BYTES)
            ),
            Refusal::Part { part, bytes, .. } => format!(
                "part {part} of the workbook unpacks to {}, more than the {} a part may hold",
                mib(*bytes),
                mib(MAX_PART_BYTES)
            ),
            Refusal::Ratio { part, packed, unpacked } => format!(
                "part {part} of the workbook unpacks from {packed} bytes to at least {} ({} times), more than the {MAX_RATIO} times a spreadsheet packs: a zip bomb",
                mib(*unpacked),
                unpacked / packed.max(&1)
            ),
            Refusal::Unpacked { part } => format!(
                "the workbook unpacks to more than {} (counted up to part {part})",
                mib(MAX_UNPACKED_BYTES)
            ),
            Refusal::Damaged { part, why } => {
                format!("part {part} of the workbook cannot be unpacked: {why}")
            }
            Refusal::Reference { part, text } => format!(
                "part {part} of the workbook holds `{text}` where a cell reference or count belongs, beyond what a spreadsheet writes"
            ),
            Refusal::Unreadable { at, why } => format!("cannot read {at}: {why}"),
            Refusal::NoSheets => "the workbook has no sheets".into(),
            Refusal::Empty { sheet } => format!("sheet {sheet} of the workbook is empty"),
            Refusal::Dimension { sheet, cell } => format!(
                "sheet {sheet} declares that it reaches cell {cell}, beyond the {MAX_ROWS} rows and {MAX_COLUMNS} columns (to {}) a list of followers may have",
                column_letters(MAX_COLUMNS - 1)
            ),
            Refusal::Row { sheet, cell } => format!(
                "sheet {sheet}, cell {cell}: a cell below row {MAX_ROWS}, the most a list of followers may have"
            ),
            Refusal::Column { sheet, cell } => format!(
                "sheet {sheet}, cell {cell}: a cell right of column {} ({MAX_COLUMNS} columns), the most a list of followers may have",
                column_letters(MAX_COLUMNS - 1)
            ),
            Refusal::Cell { sheet, cell } => format!(
                "sheet {sheet}, cell {cell}: the cell holds more than {MAX_CELL_CHARS} characters, the most a cell holds"
            ),
            Refusal::Cells { sheet, cell } => format!(
                "sheet {sheet}, cell {cell}: the sheet holds more than {MAX_CELLS} cells or {} of text, more than a list of followers",
                mib(MAX_TEXT_BYTES as u64)
            ),
        }
    }

    pub fn help(&self) -> &'static str {
        match self {
            Refusal::Io(_) => "check the path",
            Refusal::NotZip(_) | Refusal::Damaged { .. } | Refusal::Unreadable { .. } => {
                "open the list in your spreadsheet and save it again as an .xlsx workbook (or as CSV UTF-8)"
            }
            Refusal::NoSheets | Refusal::Empty { .. } => {
                "save the followers from your spreadsheet as an .xlsx workbook (or as CSV UTF-8), with the column names in the first row"
            }
            Refusal::Dimension { .. } | Refusal::Row { .. } | Refusal::Column { .. } => {
                "delete the rows and columns beyond the list (or copy the list alone into a new workbook) and save it again; a family larger than this is issued as several lists"
            }
            Refusal::Cell { .. } => "shorten the cell; a request that long belongs in the follower's own case file",
            Refusal::Cells { .. } => "issue the family as several lists, each with only the columns that differ from the lead",
            _ => "a list of followers is a plain table; copy it alone into a new workbook, or save it as CSV UTF-8, and try again",
        }
    }

    /// The refusal as a diagnostic on the workbook's file.
    pub fn diagnostic(&self, path: &Path) -> Diagnostic {
        Diagnostic::error(path, "", self.message(), self.help())
    }
}

/// A reference as a spreadsheet writes it: "C7" for (6, 2).
pub fn cell_ref((row, col): (u32, u32)) -> String {
    format!("{}{}", column_letters(col as usize), u64::from(row) + 1)
}

/// Reads the first worksheet of a workbook within the limits above: the first row
/// with any cell filled in is the header.
pub fn read(path: &Path) -> Result<Sheet, Refusal> {
    let bytes = read_bounded(path, MAX_FILE_BYTES).map_err(|e| Refusal::Io(e.to_string()))?;
    let bytes = bytes.map_err(|bytes| Refusal::File { bytes })?;
    inspect(&bytes)?;
    let mut book: calamine::Xlsx<_> =
        calamine::Reader::new(Cursor::new(bytes)).map_err(|e: calamine::XlsxError| {
            Refusal::Unreadable {
                at: "the workbook".into(),
                why: e.to_string(),
            }
        })?;
    let name = calamine::Reader::sheet_names(&book)
        .first()
        .cloned()
        .ok_or(Refusal::NoSheets)?;
    let unreadable = |at: String, e: calamine::XlsxError| Refusal::Unreadable {
        at,
        why: e.to_string(),
    };
    let mut reader = book
        .worksheet_cells_reader(&name)
        .map_err(|e| unreadable(format!("sheet {name}"), e))?;
    let declared = reader.dimensions();
    if declared.end.0 as usize >= MAX_ROWS || declared.end.1 as usize >= MAX_COLUMNS {
        return Err(Refusal::Dimension {
            sheet: name,
            cell: cell_ref(declared.end),
        });
    }
    let mut found: Vec<(u32, u32, String)> = Vec::new();
    let mut text_bytes = 0usize;
    let mut last = None;
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => {
                let at = match last {
                    Some(p) => format!("sheet {name} after cell {}", cell_ref(p)),
                    None => format!("sheet {name}"),
                };
                return Err(unreadable(at, e));
            }
        };
        let pos = cell.get_position();
        last = Some(pos);
        let value = text(cell.get_value());
        if value.trim().is_empty() {
            continue;
        }
        let at = || (name.clone(), cell_ref(pos));
        if pos.0 as usize >= MAX_ROWS {
            let (sheet, cell) = at();
            return Err(Refusal::Row { sheet, cell });
        }
        if pos.1 as usize >= MAX_COLUMNS {
            let (sheet, cell) = at();
            return Err(Refusal::Column { sheet, cell });
        }
        if value.len() > MAX_CELL_CHARS && value.chars().count() > MAX_CELL_CHARS {
            let (sheet, cell) = at();
            return Err(Refusal::Cell { sheet, cell });
        }
        text_bytes += value.len();
        if found.len() >= MAX_CELLS || text_bytes > MAX_TEXT_BYTES {
            let (sheet, cell) = at();
            return Err(Refusal::Cells { sheet, cell });
        }
        found.push((pos.0, pos.1, value));
    }
    drop(reader);
    assemble(name, found)
}

/// The table from the filled cells: the first row is the header, each later row as
/// many cells as the header has columns.
fn assemble(name: String, mut found: Vec<(u32, u32, String)>) -> Result<Sheet, Refusal> {
    // Stable, so that of two cells at one place (a damaged sheet) the later wins.
    found.sort_by_key(|(r, c, _)| (*r, *c));
    let mut header: Option<(usize, Vec<String>)> = None;
    let mut rows: Vec<Row> = Vec::new();
    let mut cells_kept = 0usize;
    let mut at = 0;
    while at < found.len() {
        let row = found[at].0;
        let end = found[at..]
            .iter()
            .position(|(r, ..)| *r != row)
            .map_or(found.len(), |n| at + n);
        let line = row as usize + 1;
        match &header {
            None => {
                let width = found[end - 1].1 as usize + 1;
                let mut cells = vec![String::new(); width];
                for (_, c, v) in found[at..end].iter_mut() {
                    cells[*c as usize] = std::mem::take(v).trim().to_string();
                }
                header = Some((line, cells));
            }
            Some((_, h)) => {
                cells_kept += h.len();
                if cells_kept > MAX_CELLS {
                    return Err(Refusal::Cells {
                        sheet: name,
                        cell: cell_ref((row, 0)),
                    });
                }
                let mut cells = vec![String::new(); h.len()];
                let mut extra = false;
                for (_, c, v) in found[at..end].iter_mut() {
                    match cells.get_mut(*c as usize) {
                        Some(cell) => *cell = std::mem::take(v),
                        None => extra = true,
                    }
                }
                rows.push(Row {
                    line,
                    cells,
                    error: extra.then(|| {
                        format!("this row has cells beyond the header's {} columns", h.len())
                    }),
                });
            }
        }
        at = end;
    }
    let (header_line, headers) = header.ok_or(Refusal::Empty {
        sheet: name.clone(),
    })?;
    Ok(Sheet {
        name: Some(name),
        header_line,
        headers,
        rows,
    })
}

/// A cell as it shows: dates as YYYY-MM-DD, whole numbers without a decimal point.
fn text(c: &calamine::DataRef) -> String {
    use calamine::DataRef;
    match c {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        DataRef::DateTime(d) => d.to_string(),
        DataRef::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// A file's bytes, read through a limit: `Err(size)` when it is larger than `limit`
/// (however large the file is, at most `limit + 1` bytes are read).
pub fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limit {
        return Ok(Err(size));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

/// A part's name for a message: at most 100 characters of it.
fn part_name(name: &str) -> String {
    match name.char_indices().nth(100) {
        Some((i, _)) => format!("{}…", &name[..i]),
        None => name.to_string(),
    }
}

/// Unpacks every part of the zip once, counting: refuses too many parts, a part or
/// a whole too large unpacked (declared or counted), a part packed like a bomb, and
/// XML that calamine would trust beyond bounds.
pub fn inspect(bytes: &[u8]) -> Result<(), Refusal> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Refusal::NotZip(e.to_string()))?;
    if zip.len() > MAX_PARTS {
        return Err(Refusal::Parts { count: zip.len() });
    }
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 << 10];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| Refusal::Damaged {
            part: format!("number {}", i + 1),
            why: e.to_string(),
        })?;
        let part = part_name(&entry.name().unwrap_or_default());
        let declared = entry.size();
        let packed = entry.compressed_size();
        if declared > MAX_PART_BYTES {
            return Err(Refusal::Part {
                part,
                bytes: declared,
                declared,
            });
        }
        let bomb = |unpacked: u64| unpacked > RATIO_FLOOR && unpacked / packed.max(1) > MAX_RATIO;
        if bomb(declared) {
            return Err(Refusal::Ratio {
                part,
                packed,
                unpacked: declared,
            });
        }
        let mut scan = part.ends_with(".xml").then(Scan::default);
        let mut limited = (&mut entry).take(MAX_PART_BYTES + 1);
        let mut counted = 0u64;
        loop {
            let n = match limited.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(Refusal::Damaged {
                        part,
                        why: e.to_string(),
                    })
                }
            };
            counted += n as u64;
            if counted > MAX_PART_BYTES {
                return Err(Refusal::Part {
                    part,
                    bytes: counted,
                    declared,
                });
            }
            if bomb(counted) {
                return Err(Refusal::Ratio {
                    part,
                    packed,
                    unpacked: counted,
                });
            }
            if total + counted > MAX_UNPACKED_BYTES {
                return Err(Refusal::Unpacked { part });
            }
            if let Some(text) = scan.as_mut().and_then(|s| s.feed(&buf[..n])) {
                return Err(Refusal::Reference { part, text });
            }
        }
        total += counted;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_referenced_as_spreadsheets_do() {
        assert_eq!(cell_ref((0, 0)), "A1");
        assert_eq!(cell_ref((1_048_575, 16_383)), "XFD1048576");
    }
}
