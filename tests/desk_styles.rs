//! The house styles page: the casebook's style files, each with whether it can be
//! used (a broken one with its problem at its line, its path relative to the
//! casebook) and the cases that name it; case files and files outside the casebook
//! are not listed.

mod common;

use axum::http::StatusCode;
use common::desk::{get, send};
use foinotice::desk::{router, Desk};

#[tokio::test]
async fn the_casebooks_styles_are_listed_with_their_problems_and_the_cases_that_name_them() {
    let dir = common::scratch("desk-styles");
    std::fs::create_dir_all(dir.join("styles")).unwrap();
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    std::fs::copy(
        common::root().join("examples/styles/northshire-police.toml"),
        dir.join("styles/northshire-police.toml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("styles/broken.toml"),
        "description = \"A style with a mistake\"\n\n[letter]\nlayout = \"sideways\"\n",
    )
    .unwrap();
    let case =
        std::fs::read_to_string(common::root().join("examples/refusal-notice-section-43.toml"))
            .unwrap();
    let named = format!("style = \"../styles/northshire-police.toml\"\n{case}");
    std::fs::write(dir.join("cases/a.toml"), named).unwrap();
    std::fs::write(dir.join("cases/b.toml"), &case).unwrap();
    let app = router(Desk::new(&dir, None).unwrap());
    let (status, page, _) = send(&app, get("/styles")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("<td>styles/northshire-police.toml</td>"),
        "{page}"
    );
    assert!(
        page.contains("Northshire Police (illustrative): question by question"),
        "{page}"
    );
    let police = &page[page.find("<td>styles/northshire-police.toml</td>").unwrap()..];
    let police = &police[..police.find("</tr>").unwrap()];
    assert!(
        police.contains("<td>Yes</td>") && police.contains("<td>cases/a.toml</td>"),
        "{police}"
    );
    // The broken one: not usable, its problem located, no absolute path.
    let broken = &page[page.find("<td>styles/broken.toml</td>").expect("listed")..];
    let broken = &broken[..broken.find("</tr>").unwrap()];
    assert!(broken.contains("No: line 4:"), "{broken}");
    assert!(broken.contains("<td>no case</td>"), "{broken}");
    assert!(!page.contains(&dir.display().to_string()), "{page}");
    // Case files are not styles; the built-in styles are listed too.
    assert_eq!(page.matches("<tr>\n<td>").count(), 2, "{page}");
    assert!(page.contains("<dt>standard</dt>"), "{page}");
    let (_, book, _) = send(&app, get("/")).await;
    assert!(book.contains("href=\"/styles\""), "{book}");
}
