//! The desk's pages for keyboard and screen-reader users: a focus ring that stands out
//! (WCAG 2.2: 3:1 against what it sits on), and a skip link to each page's main
//! content. (Sorting's aria-sort and keyboard-only paths are walked in the browser
//! test.)

mod common;

use common::desk::{get, send};
use foinotice::desk::{router, Desk};

/// WCAG's relative luminance of a `#rrggbb` colour.
fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The first `#rrggbb` after `property:` in the rule that starts with `selector`.
fn colour(css: &str, selector: &str, property: &str) -> String {
    let rule = css
        .lines()
        .find(|l| l.trim_start().starts_with(selector))
        .unwrap_or_else(|| panic!("no rule for {selector}"));
    let after = rule
        .split(&format!("{property}:"))
        .nth(1)
        .unwrap_or_else(|| panic!("{selector} has no {property}"));
    let at = after.find('#').unwrap();
    after[at..at + 7].to_string()
}

#[test]
fn the_focus_ring_stands_out_against_every_background_it_meets() {
    let css = std::fs::read_to_string(common::root().join("templates/desk/desk.css")).unwrap();
    let ring = colour(&css, ":focus-visible", "outline");
    // The page, and the white of tables and fields.
    for background in [colour(&css, "body", "background"), "#ffffff".to_string()] {
        let c = contrast(&ring, &background);
        assert!(c >= 3.0, "focus ring {ring} on {background}: {c:.2}:1");
    }
    // The check itself: the old amber ring fails it.
    assert!(contrast("#ffbf47", "#f7f7f5") < 3.0);
}

#[tokio::test]
async fn every_page_opens_with_a_skip_link_to_its_main_content() {
    let dir = common::scratch("access-skip");
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    std::fs::copy(
        common::root().join("examples/decision-notice-not-upheld.toml"),
        dir.join("cases/a.toml"),
    )
    .unwrap();
    let app = router(Desk::new(&dir, None).unwrap());
    for page in [
        "/",
        "/case?path=cases/a.toml",
        "/family?path=cases/a.toml",
        "/interview?kind=decision-notice",
        "/case?path=cases/missing.toml",
    ] {
        let (_, html, _) = send(&app, get(page)).await;
        let body = html
            .split("<body>")
            .nth(1)
            .unwrap_or_else(|| panic!("{page}: {html}"));
        let first = body.trim_start();
        assert!(
            first.starts_with("<a class=\"skip\" href=\"#"),
            "{page}: {}",
            &first[..first.len().min(120)]
        );
        let target = first["<a class=\"skip\" href=\"#".len()..]
            .split('"')
            .next()
            .unwrap();
        assert!(
            html.contains(&format!("<main id=\"{target}\"")),
            "{page}: no <main id=\"{target}\">"
        );
    }
}

#[tokio::test]
async fn messages_name_files_inside_the_casebook_and_carry_no_system_codes() {
    let dir = common::scratch("access-messages");
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    std::fs::copy(
        common::root().join("examples/decision-notice-not-upheld.toml"),
        dir.join("cases/a.toml"),
    )
    .unwrap();
    // Issuing fails on a folder in the way of the manifest (as a full disk would).
    std::fs::create_dir_all(dir.join("issued/manifest.tsv/x")).unwrap();
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let root = desk.root().display().to_string();
    let app = router(desk);
    let (status, html, _) = send(
        &app,
        common::desk::form("/case/issue", &[("path", "cases/a.toml"), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(
        status,
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "{html}"
    );
    assert!(html.contains("issued/manifest.tsv"), "{html}");
    assert!(!html.contains(&root), "{html}");
    assert!(!html.contains("os error"), "{html}");
}

#[tokio::test]
async fn a_case_that_does_not_pass_the_checks_offers_no_issue_but_says_why() {
    let dir = common::scratch("access-issue-blocked");
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    let good =
        std::fs::read_to_string(common::root().join("examples/decision-notice-not-upheld.toml"))
            .unwrap();
    std::fs::write(dir.join("cases/good.toml"), &good).unwrap();
    // The same case with a date that does not exist.
    let bad = good.replacen("date = 20", "date = 2024-02-31\n# was 20", 1);
    std::fs::write(dir.join("cases/bad.toml"), bad).unwrap();
    let app = router(Desk::new(&dir, None).unwrap());
    let (_, html, _) = send(&app, get("/case?path=cases/bad.toml")).await;
    assert!(html.contains("id=\"issue-blocked\""), "{html}");
    assert!(
        html.contains("value=\"Issue the notice\" disabled aria-describedby=\"issue-blocked\""),
        "{html}"
    );
    let (_, html, _) = send(&app, get("/case?path=cases/good.toml")).await;
    assert!(!html.contains("issue-blocked"), "{html}");
    assert!(html.contains("value=\"Issue the notice\">"), "{html}");
}
