//! Hostile lists of followers (tests/common/hostile.rs): workbooks that ask for far
//! more memory than they are worth, and CSV files beyond bounds. Each is refused with
//! a located message, by `foinotice bulk` run under a memory limit, and by the desk's
//! upload and family page in process (which a workbook once killed outright).

mod common;

use common::desk::{get, send};
use common::family::{s, LEAD};
use common::hostile;
use foinotice::desk::{router, Desk};
use std::sync::OnceLock;

type Hostile = Vec<(&'static str, Vec<u8>, &'static str)>;

/// The hostile workbooks, made once for this test binary.
fn workbooks() -> &'static Hostile {
    static MADE: OnceLock<Hostile> = OnceLock::new();
    MADE.get_or_init(hostile::workbooks)
}

/// Runs `foinotice bulk --dry-run` on a list under the memory limit.
fn bulk(list: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    hostile::limited(
        std::path::Path::new(env!("CARGO_BIN_EXE_foinotice")),
        &["bulk", LEAD, s(list), "--out", s(out), "--dry-run"],
    )
    .output()
    .unwrap()
}

/// A small good workbook: two followers, as a spreadsheet saves them.
fn good_workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["reference", "authority.name", "authority.short"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (reference, short)) in [("W-1", "Kent Police"), ("W-2", "Essex Police")]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *reference).unwrap();
        sheet
            .write_string(r, 1, format!("Chief Constable of {short}"))
            .unwrap();
        sheet.write_string(r, 2, *short).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn hostile_workbooks_are_refused_by_bulk_located_and_within_a_memory_limit() {
    let dir = common::scratch("hostile-bulk");
    // The limit leaves room for a real family: a good workbook is read under it.
    let good = dir.join("good.xlsx");
    std::fs::write(&good, good_workbook()).unwrap();
    let o = bulk(&good, &dir.join("out-good"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{}\n{err}", hostile::ended(&o));
    assert!(err.contains("3 planned"), "{err}");
    for (name, bytes, want) in workbooks() {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = dir.join(format!("out-{name}"));
        let o = bulk(&path, &out);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{name}: {} (a signal means memory ran out)\n{err}",
            hostile::ended(&o)
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(err.contains(want), "{name}: wanted {want:?}\n{err}");
        assert!(
            err.contains(&format!("--> {}", path.display())),
            "{name}: {err}"
        );
        assert!(err.contains("help: "), "{name}: {err}");
        assert!(!out.exists(), "{name}: a refused list leaves nothing");
    }
}

/// A casebook with the bulk example's lead.
fn casebook(name: &str) -> common::Scratch {
    let dir = common::scratch(name);
    std::fs::copy(common::root().join(LEAD), dir.join("lead.toml")).unwrap();
    dir
}

fn upload(name: &str, body: Vec<u8>, csrf: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::post(format!("/family/upload?name={name}"))
        .header("x-csrf-token", csrf)
        .body(axum::body::Body::from(body))
        .unwrap()
}

/// Page text with the entities the templates write put back.
fn unescape(html: &str) -> String {
    html.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn hostile_workbooks_uploaded_to_the_desk_are_refused_on_the_family_page() {
    let dir = casebook("hostile-desk");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let mut uploaded = 0;
    for (name, bytes, want) in workbooks() {
        if bytes.len() > foinotice::desk::MAX_BODY {
            continue;
        }
        let (status, body, _) = send(&app, upload(name, bytes.clone(), &csrf)).await;
        assert_eq!(status, axum::http::StatusCode::CREATED, "{name}: {body}");
        uploaded += 1;
        let (status, html, _) = send(
            &app,
            get(&format!("/family?path=lead.toml&followers={name}")),
        )
        .await;
        assert_eq!(status, axum::http::StatusCode::OK, "{name}: {html}");
        let page = unescape(&html);
        assert!(
            page.contains("The family cannot be issued"),
            "{name}: {page}"
        );
        assert!(page.contains(want), "{name}: wanted {want:?}\n{page}");
        // Named by its path in the casebook, never where the casebook sits.
        assert!(page.contains(&format!("--> {name}")), "{name}: {page}");
        assert!(
            !page.contains(&dir.join(name).display().to_string()),
            "{name}: {page}"
        );
    }
    // Every one of them fits the upload limit: the desk is where they arrive.
    assert_eq!(uploaded, workbooks().len());
    // The desk is still there, and reads a good list.
    let (status, _, _) = send(&app, upload("good.xlsx", good_workbook(), &csrf)).await;
    assert_eq!(status, axum::http::StatusCode::CREATED);
    let (_, html, _) = send(&app, get("/family?path=lead.toml&followers=good.xlsx")).await;
    assert!(html.contains("3 of 3 notices are ready"), "{html}");
}

#[test]
fn csv_lists_beyond_bounds_are_refused_at_their_line() {
    let dir = common::scratch("hostile-csv");
    let wide_header: Vec<String> = (0..250).map(|i| format!("c{i}")).collect();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "long-cell.csv",
            format!("reference,authority.name\nR-1,{}\n", "word ".repeat(60_000)),
            "line 2, column 2: the cell holds more than 262144 bytes",
        ),
        (
            "wide.csv",
            format!("reference,authority.name,{}\n", wide_header.join(",")),
            "the header has 252 columns, more than the 200",
        ),
        (
            "tall.csv",
            std::iter::once("reference,authority.name\n".to_string())
                .chain((0..100_001).map(|i| format!("R-{i},A\n")))
                .collect(),
            "line 100001: the list goes on past 100000 rows",
        ),
    ];
    for (name, text, want) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let o = bulk(&path, &dir.join("out"));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{name}: {}\n{err}",
            hostile::ended(&o)
        );
        assert!(err.contains(want), "{name}: wanted {want:?}\n{err}");
        assert!(
            err.contains(&format!("--> {}:", path.display())),
            "{name}: {err}"
        );
    }
}

#[test]
fn a_large_real_family_is_read_within_the_bounds() {
    // 10,000 followers of 12 columns, most cells the same (so the sheet packs as
    // tightly as a real one does): read whole, not taken for a bomb.
    let dir = common::scratch("hostile-large");
    let path = dir.join("large.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "reference",
        "authority.name",
        "authority.short",
        "date",
        "request.summary",
        "response.date",
        "complainant.name",
        "differences_considered",
        "c8",
        "c9",
        "c10",
        "c11",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=10_000u32 {
        sheet.write_string(r, 0, format!("FS{:08}", r)).unwrap();
        for c in 1..header.len() as u16 {
            sheet
                .write_string(r, c, "Chief Constable of Kent Police")
                .unwrap();
        }
    }
    book.save(&path).unwrap();
    let table = foinotice::bulk::sheet::read_xlsx(&path).unwrap_or_else(|ds| panic!("{}", ds[0]));
    assert_eq!(table.rows.len(), 10_000);
    assert_eq!(table.headers.len(), header.len());
    assert_eq!(table.rows[9_999].cells[0], "FS00010000");
    assert_eq!(table.rows[9_999].line, 10_001);
}
