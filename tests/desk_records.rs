//! What the desk issues is a record: one regression test per hole a fault campaign
//! found in issuing and saving through the desk's routes (in process): planted links,
//! concurrent issues and saves, a record that cannot be written, colliding folders,
//! names with control characters, and the issued folder named as a list.

mod common;

use common::family::names_in;

use axum::http::{header, StatusCode};
use common::desk::{form, get, send};
use foinotice::desk::{router, Desk};
use std::path::Path;

const EXAMPLE: &str = "decision-notice-not-upheld.toml";

/// A casebook holding the example decision notice at each of `paths`.
fn casebook(name: &str, paths: &[&str]) -> common::Scratch {
    let dir = common::scratch(name);
    let text = std::fs::read_to_string(common::root().join("examples").join(EXAMPLE)).unwrap();
    for p in paths {
        let full = dir.join(p);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, &text).unwrap();
    }
    dir
}

/// A casebook holding the example family's lead and list in `family/`.
fn family_casebook(name: &str) -> common::Scratch {
    let dir = common::scratch(name);
    std::fs::create_dir_all(dir.join("family")).unwrap();
    for f in ["lead.toml", "followers.csv"] {
        std::fs::copy(
            common::root().join("examples/bulk").join(f),
            dir.join("family").join(f),
        )
        .unwrap();
    }
    dir
}

fn app(dir: &Path) -> (axum::Router, String) {
    let desk = Desk::new(dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    (router(desk), csrf)
}

async fn issue(app: &axum::Router, csrf: &str, path: &str) -> (StatusCode, String) {
    let (status, body, _) = send(app, form("/case/issue", &[("path", path), ("csrf", csrf)])).await;
    (status, body)
}

fn manifest(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("issued/manifest.tsv")).unwrap_or_default()
}

/// Every line of the manifest names a file on disk with that hash.
fn assert_manifest_true(dir: &Path) {
    for line in manifest(dir).lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        // Case, file, hash, who issued it and when, who drafted and who approved it.
        assert_eq!(cols.len(), 7, "{line}");
        assert!(!cols[3].is_empty(), "{line}");
        assert!(cols[4].ends_with('Z') && cols[4].len() == 20, "{line}");
        let bytes = std::fs::read(dir.join(cols[1])).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!(foinotice::english::sha256(&bytes), cols[2], "{line}");
    }
}

#[tokio::test]
async fn a_link_planted_at_the_issued_folder_or_a_case_folder_is_never_written_through() {
    let dir = casebook("records-link", &["cases/a.toml", "cases/b.toml"]);
    let outside = common::scratch("records-link-outside");
    let (app, csrf) = app(&dir);
    // A link at issued/ itself.
    std::os::unix::fs::symlink(&*outside, dir.join("issued")).unwrap();
    let (status, body) = issue(&app, &csrf, "cases/a.toml").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert!(body.contains("link"), "{body}");
    assert!(names_in(&outside).is_empty(), "{:?}", names_in(&outside));
    // A link at the case's own folder inside a real issued folder.
    std::fs::remove_file(dir.join("issued")).unwrap();
    std::fs::create_dir_all(dir.join("issued/cases")).unwrap();
    std::os::unix::fs::symlink(&*outside, dir.join("issued/cases/b.toml")).unwrap();
    let (status, body) = issue(&app, &csrf, "cases/b.toml").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert!(names_in(&outside).is_empty(), "{:?}", names_in(&outside));
    assert!(manifest(&dir).is_empty());
    // The other case issues as usual.
    let (status, body) = issue(&app, &csrf, "cases/a.toml").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(manifest(&dir).lines().count(), 4);
    assert_manifest_true(&dir);
}

#[tokio::test]
async fn a_link_planted_at_the_family_folder_is_never_written_through() {
    let dir = family_casebook("records-family-link");
    let outside = common::scratch("records-family-outside");
    std::fs::create_dir_all(dir.join("issued/family/lead.toml")).unwrap();
    std::os::unix::fs::symlink(&*outside, dir.join("issued/family/lead.toml/family")).unwrap();
    let (app, csrf) = app(&dir);
    let fields = [
        ("path", "family/lead.toml"),
        ("followers", "family/followers.csv"),
        ("csrf", csrf.as_str()),
    ];
    let (status, _, headers) = send(&app, form("/family/issue", &fields)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let run = headers[header::LOCATION].to_str().unwrap().to_string();
    let id = run.rsplit("run=").next().unwrap();
    // The run's last event says it failed; nothing is written outside.
    let (_, events, _) = send(
        &app,
        get(&format!(
            "/family/events?path=family/lead.toml&followers=family/followers.csv&run={id}"
        )),
    )
    .await;
    assert!(events.contains("link"), "{events}");
    assert!(names_in(&outside).is_empty(), "{:?}", names_in(&outside));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn cases_issued_at_once_all_keep_their_manifest_lines() {
    let names: Vec<String> = (0..8).map(|i| format!("cases/c{i}.toml")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let dir = casebook("records-concurrent", &refs);
    let (app, csrf) = app(&dir);
    let tasks: Vec<_> = names
        .iter()
        .map(|n| {
            let (app, csrf, n) = (app.clone(), csrf.clone(), n.clone());
            tokio::spawn(async move { issue(&app, &csrf, &n).await })
        })
        .collect();
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    }
    let text = manifest(&dir);
    for n in &names {
        assert_eq!(
            text.lines()
                .filter(|l| l.starts_with(&format!("{n}\t")))
                .count(),
            4,
            "{n}: {text}"
        );
        // Each case shows as issued, with its revision offered.
        let (_, html, _) = send(&app, get(&format!("/case?path={n}"))).await;
        assert!(html.contains("This notice is issued"), "{n}");
    }
    assert_manifest_true(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_saves_made_at_once_from_one_version_exactly_one_is_made() {
    let dir = casebook("records-saves", &["cases/a.toml"]);
    let (app, csrf) = app(&dir);
    let original = std::fs::read_to_string(dir.join("cases/a.toml")).unwrap();
    let version = foinotice::english::sha256(original.as_bytes());
    for round in 0..5 {
        let version = if round == 0 {
            version.clone()
        } else {
            foinotice::english::sha256(&std::fs::read(dir.join("cases/a.toml")).unwrap())
        };
        let tasks: Vec<_> = (0..12)
            .map(|i| {
                let (app, csrf, version) = (app.clone(), csrf.clone(), version.clone());
                let text = format!("{original}\n# edit {round}.{i}\n");
                tokio::spawn(async move {
                    let (status, _, _) = send(
                        &app,
                        form(
                            "/case/save",
                            &[
                                ("path", "cases/a.toml"),
                                ("text", &text),
                                ("version", &version),
                                ("csrf", &csrf),
                            ],
                        ),
                    )
                    .await;
                    (i, status)
                })
            })
            .collect();
        let mut saved = Vec::new();
        for t in tasks {
            let (i, status) = t.await.unwrap();
            match status {
                StatusCode::SEE_OTHER => saved.push(i),
                StatusCode::CONFLICT => {}
                other => panic!("save {i}: {other}"),
            }
        }
        assert_eq!(saved.len(), 1, "round {round}: told saved: {saved:?}");
        // The one told "saved" is the one on disk.
        let on_disk = std::fs::read_to_string(dir.join("cases/a.toml")).unwrap();
        assert!(
            on_disk.ends_with(&format!("# edit {round}.{}\n", saved[0])),
            "{on_disk}"
        );
    }
}

#[tokio::test]
async fn a_record_that_cannot_be_written_leaves_nothing_issued() {
    let dir = casebook("records-unrecorded", &["cases/a.toml"]);
    let (app, csrf) = app(&dir);
    // The manifest cannot be appended to (as on a full disk): a folder is in its way.
    std::fs::create_dir_all(dir.join("issued/manifest.tsv/x")).unwrap();
    let (status, body) = issue(&app, &csrf, "cases/a.toml").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    // No file was left issued without its record, and no hidden folder either.
    assert!(
        names_in(&dir.join("issued/cases/a.toml")).is_empty(),
        "{:?}",
        names_in(&dir.join("issued/cases/a.toml"))
    );
    // The case is still a draft that can be edited and issued once the disk is fixed.
    let (_, html, _) = send(&app, get("/case?path=cases/a.toml")).await;
    assert!(!html.contains("This notice is issued"), "{html}");
    std::fs::remove_dir_all(dir.join("issued/manifest.tsv")).unwrap();
    let (status, body) = issue(&app, &csrf, "cases/a.toml").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(manifest(&dir).lines().count(), 4);
    assert_manifest_true(&dir);
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_full_disk_while_issuing_leaves_nothing_issued() {
    let dir = casebook("records-full", &["cases/a.toml"]);
    std::fs::create_dir_all(dir.join("issued")).unwrap();
    // Too small for a notice's files: its PDF and text together are well over 16 KB
    // (64 KB was enough for them once the PDF's fonts carried only the glyphs drawn).
    let Some(_mounted) = common::tmpfs(&dir.join("issued"), "16k") else {
        return;
    };
    let (app, csrf) = app(&dir);
    let (status, body) = issue(&app, &csrf, "cases/a.toml").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert!(manifest(&dir).is_empty(), "{}", manifest(&dir));
    assert!(names_in(&dir.join("issued/cases/a.toml")).is_empty());
    let (_, html, _) = send(&app, get("/case?path=cases/a.toml")).await;
    assert!(!html.contains("This notice is issued"), "{html}");
}

#[tokio::test]
async fn cases_whose_names_once_shared_a_folder_issue_apart() {
    let dir = casebook(
        "records-collide",
        &[
            "sub/x.toml",
            "sub--x.toml",
            "x--r2.toml",
            "x.toml",
            "lead--family.toml",
            "lead.toml",
        ],
    );
    let (app, csrf) = app(&dir);
    for p in [
        "sub/x.toml",
        "sub--x.toml",
        "x.toml",
        "x--r2.toml",
        "lead.toml",
        "lead--family.toml",
    ] {
        let (status, body) = issue(&app, &csrf, p).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{p}: {body}");
    }
    // A revision of x.toml does not meet x--r2.toml's folder.
    let (status, _, _) = send(
        &app,
        form("/case/revise", &[("path", "x.toml"), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, body) = issue(&app, &csrf, "x.toml").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let text = manifest(&dir);
    assert_eq!(text.lines().count(), 7 * 4, "{text}");
    assert_manifest_true(&dir);
    for (case, n) in [("x.toml", 2), ("x--r2.toml", 1), ("sub--x.toml", 1)] {
        let (_, html, _) = send(&app, get(&format!("/case?path={case}"))).await;
        assert!(html.contains("This notice is issued"), "{case}");
        assert_eq!(
            foinotice::desk::record::state(&dir, case),
            foinotice::desk::record::State::Issued(n),
            "{case}"
        );
    }
}

#[tokio::test]
async fn names_with_control_characters_are_refused() {
    let dir = casebook("records-tab", &[]);
    let (app, csrf) = app(&dir);
    for name in ["a\tb", "a\nb", "a\rb"] {
        let (status, body, _) = send(
            &app,
            form(
                "/new",
                &[("kind", "decision-notice"), ("name", name), ("csrf", &csrf)],
            ),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name:?}: {body}");
    }
    assert!(names_in(&dir).is_empty(), "{:?}", names_in(&dir));
}

#[tokio::test]
async fn nothing_in_the_issued_folder_is_taken_as_a_list_or_written() {
    let dir = family_casebook("records-consider");
    let planted = dir.join("issued/family/lead.toml/family");
    std::fs::create_dir_all(&planted).unwrap();
    std::fs::copy(
        common::root().join("examples/bulk/followers.csv"),
        planted.join("manifest.csv"),
    )
    .unwrap();
    let before = std::fs::read(planted.join("manifest.csv")).unwrap();
    let (app, csrf) = app(&dir);
    let (status, body, _) = send(
        &app,
        form(
            "/family/consider",
            &[
                ("path", "family/lead.toml"),
                ("followers", "issued/family/lead.toml/family/manifest.csv"),
                ("reference", "FS50000002"),
                ("text", "x"),
                ("csrf", &csrf),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(std::fs::read(planted.join("manifest.csv")).unwrap(), before);
    // Nor read as a family's list.
    let (status, _, _) = send(
        &app,
        get("/family?path=family/lead.toml&followers=issued/family/lead.toml/family/manifest.csv"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn only_the_case_as_the_page_showed_it_is_issued_and_the_issuer_is_recorded() {
    let dir = casebook("records-shown", &["cases/a.toml"]);
    let settings = foinotice::desk::server::Settings {
        user: Some("A. Caseworker".into()),
        ..Default::default()
    };
    let desk = Desk::with_settings(&dir, None, settings).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let on_disk = std::fs::read_to_string(dir.join("cases/a.toml")).unwrap();
    let version = foinotice::english::sha256(on_disk.as_bytes());
    let issue_with = |version: String, text: String| {
        let (app, csrf) = (app.clone(), csrf.clone());
        async move {
            send(
                &app,
                form(
                    "/case/issue",
                    &[
                        ("path", "cases/a.toml"),
                        ("csrf", &csrf),
                        ("version", &version),
                        ("text", &text),
                    ],
                ),
            )
            .await
        }
    };
    // The editor holds a change not saved: refused, with the reason.
    let (status, body, _) = issue_with(version.clone(), format!("{on_disk}\n# changed\n")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("not saved"), "{body}");
    // The case page again, the unsaved change kept as typed, the reason at the top
    // linking to the editor.
    assert!(body.contains("<title>Error: cases/a.toml"), "{body}");
    assert!(body.contains("# changed"), "{body}");
    assert!(
        body.contains("<li><a href=\"#text\">Not issued: the case has changes that are not saved"),
        "{body}"
    );
    // The file changed on disk after the page showed it: refused.
    let (status, body, _) = issue_with("0".repeat(64), on_disk.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("changed on disk"), "{body}");
    assert!(manifest(&dir).is_empty());
    assert!(!dir.join("issued/cases/a.toml/1").exists());
    // As shown (CRLF from the browser is the same text): issued, with who and when.
    let (status, body, _) = issue_with(version, on_disk.replace('\n', "\r\n")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(manifest(&dir)
        .lines()
        .all(|l| l.split('\t').nth(3) == Some("A. Caseworker")));
    assert_manifest_true(&dir);
}

#[tokio::test]
async fn a_casebook_made_by_the_readmes_command_lists_every_example_without_a_failure() {
    // The README's command, as written there.
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let command = readme
        .lines()
        .find(|l| l.starts_with("mkdir -p casebook && cp -r "))
        .expect("the README copies the examples into a casebook");
    let from = command
        .trim_start_matches("mkdir -p casebook && cp -r ")
        .split_whitespace()
        .next()
        .unwrap();
    assert_eq!(from, "examples/.", "{command}");
    let dir = common::scratch("records-readme-casebook");
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(common::root().join(from))
        .arg(&*dir)
        .status()
        .unwrap();
    assert!(copied.success());
    let (app, _) = app(&dir);
    let (status, html, _) = send(&app, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("Does not pass the checks"), "{html}");
    // Every example is listed, the family's lead among them.
    for e in std::fs::read_dir(common::root().join("examples")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".toml") {
            assert!(html.contains(&name), "{name}");
        }
    }
    assert!(html.contains("bulk/lead.toml"), "{html}");
}

#[tokio::test]
async fn issued_files_are_offered_for_download_and_nothing_else_is() {
    let dir = casebook("records-download", &["cases/a.toml"]);
    let (app, csrf) = app(&dir);
    let (status, body) = issue(&app, &csrf, "cases/a.toml").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (_, html, _) = send(&app, get("/case?path=cases/a.toml")).await;
    let pdf = "issued/cases/a.toml/1/a.pdf";
    assert!(
        html.contains(&format!("href=\"/issued?file={pdf}\"")),
        "{html}"
    );
    let (status, bytes, headers) = send(
        &app,
        get(&format!("/issued?file={}", common::desk::encode(pdf))),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[axum::http::header::CONTENT_TYPE], "application/pdf");
    assert!(headers[axum::http::header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert!(bytes.starts_with("%PDF"));
    // An HTML notice is an attachment too, never a page of the desk.
    let (_, _, headers) = send(
        &app,
        get(&format!(
            "/issued?file={}",
            common::desk::encode("issued/cases/a.toml/1/a.html")
        )),
    )
    .await;
    assert!(headers[axum::http::header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    // Only what the manifest records: not the manifest, not a case file, not a path out.
    std::fs::write(dir.join("issued/cases/a.toml/1/planted.txt"), "x").unwrap();
    for file in [
        "issued/manifest.tsv",
        "issued/cases/a.toml/1/planted.txt",
        "cases/a.toml",
        "issued/../cases/a.toml",
        "issued/cases/a.toml/1/../../../../cases/a.toml",
    ] {
        let (status, _, _) = send(
            &app,
            get(&format!("/issued?file={}", common::desk::encode(file))),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{file}");
    }
}

#[tokio::test]
async fn a_new_case_in_a_folder_not_made_yet_gets_its_folder_never_through_a_link() {
    let dir = casebook("records-new-folder", &[]);
    let outside = common::scratch("records-new-folder-outside");
    std::os::unix::fs::symlink(&*outside, dir.join("linked")).unwrap();
    let (app, csrf) = app(&dir);
    let new = |name: &'static str| {
        let (app, csrf) = (app.clone(), csrf.clone());
        async move {
            send(
                &app,
                form(
                    "/new",
                    &[("kind", "decision-notice"), ("name", name), ("csrf", &csrf)],
                ),
            )
            .await
        }
    };
    // The placeholder's own example: cases/ does not exist yet.
    let (status, body, _) = new("cases/IC-123456").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(dir.join("cases/IC-123456.toml").is_file());
    let (status, _, _) = new("a/b/c/IC-1").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(dir.join("a/b/c/IC-1.toml").is_file());
    // Through a link: refused, nothing made outside.
    let (status, _, _) = new("linked/sub/IC-2").await;
    assert_ne!(status, StatusCode::SEE_OTHER);
    assert!(names_in(&outside).is_empty(), "{:?}", names_in(&outside));
}
