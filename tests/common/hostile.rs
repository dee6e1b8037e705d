//! Hostile lists of followers, made in the test: workbooks written part by part with
//! the `zip` crate (so that the test controls the XML and the zip's own records), each
//! with the words its refusal must contain; and a way to run `foinotice` under a
//! memory limit (`prlimit --as`), so that a reader that asks for too much is stopped
//! by the kernel and shows as a failure rather than taking the machine.

use std::io::Write;
use std::process::{Command, Output};

/// The address space a child `foinotice` may have: enough for a family, far short of
/// what any hostile workbook asks for.
pub const MEMORY_LIMIT: u64 = 768 << 20;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Forces" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// The header row every hostile sheet starts with (inline strings, row 1).
pub const HEADER_ROW: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>reference</t></is></c><c r="B1" t="inlineStr"><is><t>authority.name</t></is></c></row>"#;

/// A part of a workbook: its name and its content, given in pieces (written one
/// after the other, so that a huge part need not be held whole).
pub struct Part {
    pub name: String,
    pub pieces: Vec<(Vec<u8>, usize)>,
}

impl Part {
    pub fn new(name: &str, text: &str) -> Part {
        Part {
            name: name.into(),
            pieces: vec![(text.as_bytes().to_vec(), 1)],
        }
    }

    /// Then `piece` written `times` over.
    pub fn then(mut self, piece: &[u8], times: usize) -> Part {
        self.pieces.push((piece.to_vec(), times));
        self
    }
}

/// A worksheet part: its opening (with a `<dimension>` if given) and the header row,
/// then `body` (to be followed with [`Part::then`] and closed with [`END`]).
pub fn sheet(dimension: Option<&str>, body: &str) -> Part {
    let dimension = dimension.map_or(String::new(), |d| format!(r#"<dimension ref="{d}"/>"#));
    Part::new(
        "xl/worksheets/sheet1.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>{HEADER_ROW}{body}"#
        ),
    )
}

/// The end of a worksheet part.
pub const END: &[u8] = b"</sheetData></worksheet>";

/// A workbook of the given parts (the sheet, and any others) after the package's
/// own, deflated. The zip is written here, record by record: a part made of a piece
/// repeated a million times is packed by deflating a megabyte of it once and
/// repeating that (each flushed chunk stands alone), so that even a bomb is made in
/// moments.
pub fn workbook(parts: Vec<Part>) -> Vec<u8> {
    let fixed = [
        Part::new("[Content_Types].xml", CONTENT_TYPES),
        Part::new("_rels/.rels", RELS),
        Part::new("xl/workbook.xml", WORKBOOK),
        Part::new("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ];
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut count = 0u16;
    for part in fixed.iter().chain(parts.iter()) {
        let (packed, crc, size) = pack(part);
        let offset = out.len() as u32;
        let name = part.name.as_bytes();
        let fields = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes()); // version needed
            v.extend_from_slice(&0u16.to_le_bytes()); // flags
            v.extend_from_slice(&8u16.to_le_bytes()); // deflated
            v.extend_from_slice(&[0, 0, 0x21, 0]); // 1980-01-01 00:00
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&(packed.len() as u32).to_le_bytes());
            v.extend_from_slice(&(size as u32).to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra field
        };
        out.extend_from_slice(b"PK\x03\x04");
        fields(&mut out);
        out.extend_from_slice(name);
        out.extend_from_slice(&packed);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        fields(&mut central);
        central.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
        count += 1;
    }
    let at = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]); // disk numbers
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment
    out
}

/// A part deflated: the packed bytes, the CRC-32 and the unpacked size.
fn pack(part: &Part) -> (Vec<u8>, u32, u64) {
    use flate2::write::DeflateEncoder;
    // Deflates some bytes as a chunk that ends flushed but not final.
    let chunk = |bytes: &[u8]| -> Vec<u8> {
        let mut e = DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(bytes).unwrap();
        e.flush().unwrap();
        e.get_ref().clone()
    };
    let mut packed = Vec::new();
    let mut crc = flate2::Crc::new();
    let mut size = 0u64;
    for (piece, times) in &part.pieces {
        if piece.is_empty() || *times == 0 {
            continue;
        }
        // A megabyte or so of the piece, deflated once and repeated.
        let per = ((1 << 20) / piece.len()).clamp(1, *times);
        let block = piece.repeat(per);
        let deflated = chunk(&block);
        for _ in 0..times / per {
            packed.extend_from_slice(&deflated);
            crc.update(&block);
        }
        let rest = piece.repeat(times % per);
        if !rest.is_empty() {
            packed.extend_from_slice(&chunk(&rest));
            crc.update(&rest);
        }
        size += (piece.len() * times) as u64;
    }
    // The final block: empty, fixed codes.
    packed.extend_from_slice(&[0x03, 0x00]);
    (packed, crc.sum(), size)
}

/// The workbook with the unpacked size its zip records give `part` (in the local
/// header and the central directory) set to `size`: a lie.
pub fn lie_about(mut bytes: Vec<u8>, part: &str, size: u32) -> Vec<u8> {
    let name = part.as_bytes();
    let mut patched = 0;
    for at in 0..bytes.len().saturating_sub(46 + name.len()) {
        // Where the record's name, its length and the unpacked size are.
        let (name_at, len_at, size_at) = match &bytes[at..at + 4] {
            b"PK\x03\x04" => (30, 26, 22),
            b"PK\x01\x02" => (46, 28, 24),
            _ => continue,
        };
        let len = u16::from_le_bytes([bytes[at + len_at], bytes[at + len_at + 1]]) as usize;
        if len == name.len() && &bytes[at + name_at..at + name_at + len] == name {
            bytes[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "the part's two records");
    bytes
}

/// The hostile workbooks: (file name, bytes, words its refusal must contain). Each
/// asks for far more memory than it is worth, most of them inside the desk's 1 MiB
/// upload limit.
pub fn workbooks() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let row = |i: usize| format!(r#"<row r="{i}"><c r="A{i}"><v>1</v></c></row>"#);
    let tall: String = (2..=100_001).map(row).collect();
    let long: String = (0..40_000)
        .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
        .collect();
    vec![
        (
            // One cell at Excel's last, declared: calamine's range would be 512 GiB.
            "dimension.xlsx",
            workbook(vec![sheet(
                Some("A1:XFD1048576"),
                r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
            )
            .then(END, 1)]),
            "sheet Forces declares that it reaches cell XFD1048576",
        ),
        (
            // Three million rows, packed a thousandfold.
            "rows.xlsx",
            workbook(vec![sheet(None, "")
                .then(b"<row><c><v>1</v></c></row>", 3_000_000)
                .then(END, 1)]),
            "part xl/worksheets/sheet1.xml of the workbook unpacks to",
        ),
        (
            // A single cell of 70 million characters.
            "cell.xlsx",
            workbook(vec![sheet(
                None,
                r#"<row r="2"><c r="A2" t="inlineStr"><is><t>"#,
            )
            .then(&[b'x'; 1 << 16], 70 << 4)
            .then(b"</t></is></c></row>", 1)
            .then(END, 1)]),
            "part xl/worksheets/sheet1.xml of the workbook unpacks to",
        ),
        (
            // A part that is nothing but a bomb, within the size a part may have.
            "bomb.xlsx",
            workbook(vec![
                sheet(None, "").then(END, 1),
                Part::new("xl/media/image1.bin", "").then(&[0; 1 << 16], 16 << 4),
            ]),
            "part xl/media/image1.bin of the workbook unpacks from",
        ),
        (
            // The sheet says it is 200 bytes; it unpacks to 60 MB.
            "lying.xlsx",
            lie_about(
                workbook(vec![sheet(None, "")
                    .then(b"<row><c><v>1</v></c></row>", 2_300_000)
                    .then(END, 1)]),
                "xl/worksheets/sheet1.xml",
                200,
            ),
            "part xl/worksheets/sheet1.xml of the workbook",
        ),
        (
            // No dimension, and rows to 100,001.
            "tall.xlsx",
            workbook(vec![sheet(None, &tall).then(END, 1)]),
            "sheet Forces, cell A100001: a cell below row 100000",
        ),
        (
            // A dimension that lies small, and a cell in column KN.
            "wide.xlsx",
            workbook(vec![sheet(
                Some("A1:B2"),
                r#"<row r="2"><c r="KN2"><v>1</v></c></row>"#,
            )
            .then(END, 1)]),
            "sheet Forces, cell KN2: a cell right of column GR",
        ),
        (
            "long-cell.xlsx",
            workbook(vec![sheet(
                None,
                &format!(r#"<row r="2"><c r="B2" t="inlineStr"><is><t>{long}</t></is></c></row>"#),
            )
            .then(END, 1)]),
            "sheet Forces, cell B2: the cell holds more than 32767 characters",
        ),
        (
            // A reference calamine would overflow on.
            "reference.xlsx",
            workbook(vec![sheet(
                None,
                r#"<row r="2"><c r="ZZZZZZZZZZ2"><v>1</v></c></row>"#,
            )
            .then(END, 1)]),
            "holds `ZZZZZZZZZZ2` where a cell reference",
        ),
        (
            // Room for a hundred billion shared strings, asked for.
            "strings.xlsx",
            workbook(vec![
                sheet(None, "").then(END, 1),
                Part::new(
                    "xl/sharedStrings.xml",
                    r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="100000000000"><si><t>x</t></si></sst>"#,
                ),
            ]),
            "holds `100000000000` where a cell reference or count belongs",
        ),
        (
            // One long shared string shown in three thousand cells: 90 MB of text.
            "shared.xlsx",
            workbook(vec![
                sheet(None, "")
                    .then(br#"<row><c t="s"><v>0</v></c></row>"#, 3_000)
                    .then(END, 1),
                Part::new(
                    "xl/sharedStrings.xml",
                    &format!(
                        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{}</t></si></sst>"#,
                        &long[..30_000]
                    ),
                ),
            ]),
            "cells or 64.0 MiB of text",
        ),
    ]
}

/// Whether `prlimit` (util-linux) runs here; when not, says the memory-limited runs
/// are skipped.
pub fn prlimit() -> bool {
    super::tool("prlimit", &["--version"], "util-linux")
}

/// Runs a program under the memory limit when `prlimit` is here (else as it is).
pub fn limited(program: &std::path::Path, args: &[&str]) -> Command {
    let mut c = if prlimit() {
        let mut c = Command::new("prlimit");
        c.arg(format!("--as={MEMORY_LIMIT}")).arg("--").arg(program);
        c
    } else {
        Command::new(program)
    };
    c.args(args).current_dir(super::root());
    c
}

/// How a child ended, for a message: its code, or the signal that killed it.
pub fn ended(o: &Output) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (o.status.code(), o.status.signal()) {
        (Some(c), _) => format!("exit {c}"),
        (None, Some(s)) => format!("killed by signal {s}"),
        _ => "ended".into(),
    }
}

/// The rows of a small good list: (reference, short name).
const GOOD: [(&str, &str); 3] = [
    ("W-1", "Kent Police"),
    ("W-2", "Essex Police"),
    ("W-3", "Dorset Police"),
];

/// A good sheet's rows after the header, as inline strings.
fn good_rows() -> String {
    GOOD.iter()
        .enumerate()
        .map(|(i, (reference, short))| {
            let r = i + 2;
            format!(
                r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{reference}</t></is></c><c r="B{r}" t="inlineStr"><is><t>Chief Constable of {short}</t></is></c></row>"#
            )
        })
        .collect()
}

/// References and counts beyond what a spreadsheet writes, and some at the edge.
const REFS: &[&str] = &[
    "XFD1048576",
    "ZZZZZZZZZZ2",
    "A99999999999",
    "XFE1",
    "A1048577",
    "GS2",
    "A100001",
    "GR99999",
    "B2:A1",
    "A1:XFD1048576",
    "A1:GR100000",
    "",
    ":",
    "A",
    "1",
    "$A$1",
];

/// One hostile workbook or CSV list, chosen by `below` (a seeded generator's
/// `below(n)`, giving 0..n), from `mutate` (the text mutator of tests/fuzz.rs) and
/// the attacks above: a file name and its bytes.
pub fn mutation(
    below: &mut dyn FnMut(usize) -> usize,
    mutate: &mut dyn FnMut(&str) -> Vec<u8>,
    i: usize,
) -> (String, Vec<u8>) {
    let pick = |below: &mut dyn FnMut(usize) -> usize| REFS[below(REFS.len())];
    let good = good_rows();
    let xlsx = |name: &str, bytes: Vec<u8>| (format!("w{i}-{name}.xlsx"), bytes);
    match below(10) {
        0 => {
            // The sheet's XML mutated as text.
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&sheet(Some("A1:B4"), &good).pieces[0].0),
                "</sheetData></worksheet>"
            );
            let mut part = Part::new("xl/worksheets/sheet1.xml", "");
            part.pieces = vec![(mutate(&text), 1)];
            xlsx("text", workbook(vec![part]))
        }
        1 => xlsx(
            "dimension",
            workbook(vec![sheet(Some(pick(below)), &good).then(END, 1)]),
        ),
        2 => {
            let rows = good.replacen("r=\"B3\"", &format!("r=\"{}\"", pick(below)), 1);
            xlsx("reference", workbook(vec![sheet(None, &rows).then(END, 1)]))
        }
        3 => {
            // Rows, many times over: some thousands up to millions.
            let times = [1_000, 99_999, 100_001, 400_000, 3_000_000][below(5)];
            let row = [
                &b"<row><c><v>1</v></c></row>"[..],
                b"<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>",
                b"<row></row>",
                b"<c><v>2</v></c>",
            ][below(4)];
            xlsx(
                "rows",
                workbook(vec![sheet(None, &good).then(row, times).then(END, 1)]),
            )
        }
        4 => {
            // One cell of a kilobyte to 80 MiB.
            let kib = [1, 40, 2_000, 40_000, 80 << 10][below(5)];
            xlsx(
                "cell",
                workbook(vec![sheet(
                    None,
                    &format!(r#"{good}<row r="9"><c r="B9" t="inlineStr"><is><t>"#),
                )
                .then(&[b'y'; 1024], kib)
                .then(b"</t></is></c></row>", 1)
                .then(END, 1)]),
            )
        }
        5 => {
            let count = ["3", "100000000000", "99999999999999999999", "-1", "x"][below(5)];
            let strings = Part::new(
                "xl/sharedStrings.xml",
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="{count}"><si><t>W-9</t></si></sst>"#
                ),
            );
            let rows = format!(r#"{good}<row r="9"><c r="A9" t="s"><v>0</v></c></row>"#);
            xlsx(
                "strings",
                workbook(vec![sheet(None, &rows).then(END, 1), strings]),
            )
        }
        6 => {
            // The zip itself damaged: bytes flipped, or cut short.
            let mut bytes = workbook(vec![sheet(None, &good).then(END, 1)]);
            if below(2) == 0 {
                for _ in 0..1 + below(8) {
                    let at = below(bytes.len());
                    bytes[at] ^= 1 << below(8);
                }
            } else {
                bytes.truncate(below(bytes.len()));
            }
            xlsx("zip", bytes)
        }
        7 => {
            let size = [0, 1, 200, 1 << 20, u32::MAX][below(5)];
            let bytes = workbook(vec![sheet(None, &good)
                .then(b"<row><c><v>1</v></c></row>", 1 + below(2_000_000))
                .then(END, 1)]);
            xlsx("lying", lie_about(bytes, "xl/worksheets/sheet1.xml", size))
        }
        8 => {
            // A bomb beside the sheet.
            let mib = [1, 8, 70][below(3)];
            xlsx(
                "bomb",
                workbook(vec![
                    sheet(None, &good).then(END, 1),
                    Part::new("xl/media/image1.png", "").then(&[0; 1 << 20], mib),
                ]),
            )
        }
        _ => {
            // A CSV list: long cells, wide, tall, or mutated as text.
            let mut csv = String::from("reference,authority.name,authority.short\n");
            for (reference, short) in GOOD {
                csv.push_str(&format!("{reference},Chief Constable of {short},{short}\n"));
            }
            let bytes = match below(4) {
                0 => format!("{csv}W-9,{},x\n", "z".repeat(1 + below(600_000))).into_bytes(),
                1 => format!("{}{csv}", ",".repeat(below(5_000))).into_bytes(),
                2 => {
                    // A short list, or one past the bound (a long one in bounds is
                    // only slow: every follower is checked).
                    let rows = [1 + below(50), 99_999 + below(100_000)][below(2)];
                    let mut s = csv.clone();
                    s.extend((0..rows).map(|r| format!("R-{r},A,B\n")));
                    s.into_bytes()
                }
                _ => mutate(&csv),
            };
            (format!("c{i}.csv"), bytes)
        }
    }
}

/// Uploads each list in `inputs` to a desk on a casebook made at `book` (the bulk
/// example's lead) and opens its family page: the upload is taken (or refused as too
/// large), and the page either shows the followers or says why the family cannot be
/// issued, naming the file. Gives how many lists were checked.
pub async fn desk_check(inputs: &std::path::Path, book: &std::path::Path) -> usize {
    use super::desk::{get, send};
    use super::root;
    std::fs::create_dir_all(book).unwrap();
    std::fs::copy(
        root().join("examples/bulk/lead.toml"),
        book.join("lead.toml"),
    )
    .unwrap();
    let desk = foinotice::desk::Desk::new(book, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = foinotice::desk::router(desk);
    let mut lists: Vec<_> = std::fs::read_dir(inputs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    lists.sort();
    for path in &lists {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let upload = axum::http::Request::post(format!("/family/upload?name={name}"))
            .header("x-csrf-token", &csrf)
            .body(axum::body::Body::from(bytes.clone()))
            .unwrap();
        let (status, body, _) = send(&app, upload).await;
        if bytes.len() > foinotice::desk::MAX_BODY {
            assert_eq!(status, axum::http::StatusCode::PAYLOAD_TOO_LARGE, "{name}");
            continue;
        }
        assert_eq!(status, axum::http::StatusCode::CREATED, "{name}: {body}");
        let (status, html, _) = send(
            &app,
            get(&format!("/family?path=lead.toml&followers={name}")),
        )
        .await;
        assert_eq!(status, axum::http::StatusCode::OK, "{name}: {html}");
        if html.contains("The family cannot be issued") {
            // Named by its path in the casebook, never where the casebook sits.
            let named = format!("--&gt; {name}");
            assert!(
                html.replace("&#x2F;", "/").contains(&named),
                "{name}: the problem does not name the file\n{html}"
            );
        } else {
            assert!(html.contains("<tr id=\"row-"), "{name}: {html}");
        }
    }
    lists.len()
}
