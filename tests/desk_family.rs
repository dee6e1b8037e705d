//! A family on the desk: the lead and a list of followers checked as `bulk --dry-run`
//! checks them, a held-back follower's word differences, recording
//! `differences_considered`, uploading a list, issuing with progress as server-sent
//! events, and the manifest to download; and what each route refuses.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::desk::{form, get, send};
use foinotice::desk::{router, Desk};

const FAMILY: &str = "/family?path=lead.toml&followers=followers.csv";

/// A casebook with the bulk example's lead and followers, one follower's request
/// changed so that the own-merits guard holds it back.
fn casebook(name: &str) -> common::Scratch {
    casebook_with(
        name,
        "\"Do you use connected devices in your investigations?\"",
    )
}

/// The casebook with IOT-2018-01's request worded as `wording` (a CSV cell).
fn casebook_with(name: &str, wording: &str) -> common::Scratch {
    let dir = common::scratch(name);
    let ex = common::root().join("examples/bulk");
    std::fs::copy(ex.join("lead.toml"), dir.join("lead.toml")).unwrap();
    let csv = std::fs::read_to_string(ex.join("followers.csv")).unwrap();
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let at = header.iter().position(|h| *h == "request.wording").unwrap();
    // IOT-2018-01 has no quoted cells before the wording column: set it by position.
    let row = lines
        .iter()
        .position(|l| l.starts_with("IOT-2018-01,"))
        .unwrap();
    let mut cells: Vec<String> = lines[row].split(',').map(str::to_string).collect();
    assert_eq!(cells.len(), header.len(), "the row's cells: {}", lines[row]);
    cells[at] = wording.into();
    lines[row] = cells.join(",");
    std::fs::write(dir.join("followers.csv"), lines.join("\n") + "\n").unwrap();
    dir
}

#[tokio::test]
async fn the_family_page_checks_every_follower_and_shows_a_held_back_ones_differences() {
    let dir = casebook("family-page");
    let app = router(Desk::new(&dir, None).unwrap());
    let (status, html, _) = send(&app, get(FAMILY)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    // Every notice but the changed follower is ready.
    let total = html.matches("<tr id=\"row-").count();
    assert!(total > 40, "every follower has a row: {html}");
    assert!(
        html.contains(&format!("{} of {total} notices are ready", total - 1)),
        "{html}"
    );
    assert_eq!(html.matches("Held back").count(), 1, "{html}");
    assert!(html.contains(&ins("investigations?")), "{html}");
    assert!(html.contains("<del class=\"word\">"), "{html}");
    assert!(
        html.contains("name=\"reference\" value=\"IOT-2018-01\""),
        "{html}"
    );
    // The list is offered, and the lead's case page links here.
    assert!(
        html.contains("<option selected>followers.csv</option>"),
        "{html}"
    );
    let (_, case, _) = send(&app, get("/case?path=lead.toml")).await;
    assert!(case.contains("/family?path=lead.toml"), "{case}");
}

#[tokio::test]
async fn a_request_worded_like_the_diffs_own_marks_is_shown_as_written() {
    // Both requests open with words that look like the marks of a text diff, and the
    // follower's has another.
    let dir = casebook_with(
        "family-marks",
        "\"Please [-x-] {+y+} do you use {+z+} devices?\"",
    );
    let lead = std::fs::read_to_string(dir.join("lead.toml")).unwrap();
    let lead = lead.replacen("wording = '''\n", "wording = '''\nPlease [-x-] {+y+} ", 1);
    std::fs::write(dir.join("lead.toml"), lead).unwrap();
    let app = router(Desk::new(&dir, None).unwrap());
    let (status, html, _) = send(&app, get(FAMILY)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(html.matches("Held back").count(), 1, "{html}");
    // In both: shown as words, not as a change.
    assert!(html.contains("): Please [-x-] {+y+} <"), "{html}");
    assert!(!html.contains("[only the lead's: </span>x<"), "{html}");
    assert!(!html.contains("[only this follower's: </span>y<"), "{html}");
    // Only the follower's.
    assert!(html.contains(&ins("{+z+}")), "{html}");
}

#[tokio::test]
async fn recording_the_differences_considered_releases_the_follower() {
    let dir = casebook("family-consider");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let fields = |token: &str| {
        vec![
            ("csrf", token.to_string()),
            ("path", "lead.toml".to_string()),
            ("followers", "followers.csv".to_string()),
            ("reference", "IOT-2018-01".to_string()),
            ("text", "The same question, in fewer words".to_string()),
        ]
    };
    let before = std::fs::read(dir.join("followers.csv")).unwrap();
    let wrong = fields("nope");
    let wrong: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, _) = send(&app, form("/family/consider", &wrong)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(std::fs::read(dir.join("followers.csv")).unwrap(), before);

    let right = fields(&csrf);
    let right: Vec<(&str, &str)> = right.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, headers) = send(&app, form("/family/consider", &right)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], FAMILY);
    let csv = std::fs::read_to_string(dir.join("followers.csv")).unwrap();
    let row = csv.lines().find(|l| l.starts_with("IOT-2018-01,")).unwrap();
    assert!(row.contains("The same question, in fewer words"), "{row}");
    let (_, html, _) = send(&app, get(FAMILY)).await;
    assert_eq!(html.matches("Held back").count(), 0, "{html}");
    assert!(
        html.contains("differences considered: The same question, in fewer words"),
        "{html}"
    );

    // A reference the list lacks changes nothing.
    let missing: Vec<(&str, &str)> = right
        .iter()
        .map(|(k, v)| (*k, if *k == "reference" { "NOPE-1" } else { *v }))
        .collect();
    let (status, body, _) = send(&app, form("/family/consider", &missing)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        std::fs::read_to_string(dir.join("followers.csv")).unwrap(),
        csv
    );
}

fn upload(name: &str, body: Vec<u8>, csrf: Option<&str>) -> Request<Body> {
    let mut r = Request::post(format!("/family/upload?name={name}"));
    if let Some(t) = csrf {
        r = r.header("x-csrf-token", t);
    }
    r.body(Body::from(body)).unwrap()
}

#[tokio::test]
async fn a_list_is_uploaded_into_the_casebook_and_never_over_a_file() {
    let dir = casebook("family-upload");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let list = b"reference,authority.name\nX-1,Somewhere Council\n".to_vec();
    let (status, _, _) = send(&app, upload("more.csv", list.clone(), None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!dir.join("more.csv").exists());
    let (status, body, _) = send(&app, upload("more.csv", list.clone(), Some(&csrf))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(std::fs::read(dir.join("more.csv")).unwrap(), list);
    // Never over a file, never outside, only lists.
    for (name, want) in [
        ("more.csv", StatusCode::CONFLICT),
        ("followers.csv", StatusCode::CONFLICT),
        ("..%2Fout.csv", StatusCode::BAD_REQUEST),
        ("notes.txt", StatusCode::BAD_REQUEST),
        ("lead.toml", StatusCode::BAD_REQUEST),
    ] {
        let (status, body, _) = send(&app, upload(name, b"x".to_vec(), Some(&csrf))).await;
        assert_eq!(status, want, "{name}: {body}");
    }
    assert_eq!(std::fs::read(dir.join("more.csv")).unwrap(), list);
    assert!(!dir.parent().unwrap().join("out.csv").exists());
    // Bounded like every request.
    let big = vec![b'a'; foinotice::desk::MAX_BODY + 1];
    let (status, _, _) = send(&app, upload("big.csv", big, Some(&csrf))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!dir.join("big.csv").exists());
    // The new list is offered on the family page.
    let (_, html, _) = send(&app, get("/family?path=lead.toml")).await;
    assert!(html.contains("<option>more.csv</option>"), "{html}");
}

#[tokio::test]
async fn names_outside_the_casebook_are_refused_on_every_family_route() {
    let dir = casebook("family-outside");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    for uri in [
        "/family?path=..%2Flead.toml",
        "/family?path=lead.toml&followers=..%2Ffollowers.csv",
        "/family?path=lead.toml&followers=%2Fetc%2Fpasswd.csv",
        "/family?path=lead.toml&followers=lead.toml",
        "/family/manifest?path=..%2Flead.toml",
    ] {
        let (status, _, _) = send(&app, get(uri)).await;
        assert!(status.is_client_error(), "{uri}: {status}");
    }
    let (status, _, _) = send(
        &app,
        form(
            "/family/issue",
            &[
                ("csrf", &csrf),
                ("path", "lead.toml"),
                ("followers", "../x.csv"),
            ],
        ),
    )
    .await;
    assert!(status.is_client_error());
    assert!(!dir.join("issued").exists());
}

#[tokio::test]
async fn issuing_the_family_streams_its_progress_and_writes_a_true_manifest() {
    let dir = casebook("family-issue");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    let (status, _, _) = send(&app, get("/family/manifest?path=lead.toml")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let fields = [
        ("path", "lead.toml"),
        ("followers", "followers.csv"),
        ("csrf", csrf.as_str()),
    ];
    let (status, _, _) = send(&app, form("/family/issue", &fields[..2])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(
        &app,
        form(
            "/family/issue",
            &[
                ("path", "lead.toml"),
                ("followers", "followers.csv"),
                ("csrf", "x"),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!dir.join("issued").exists());

    let (status, _, headers) = send(&app, form("/family/issue", &fields)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers[header::LOCATION].to_str().unwrap().to_string();
    let run = location.rsplit("run=").next().unwrap().to_string();
    // The stream replays every event and ends with the summary.
    let (status, events, headers) = send(&app, get(&format!("/family/events?run={run}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/event-stream");
    let data: Vec<serde_json::Value> = events
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|d| serde_json::from_str(d).unwrap())
        .collect();
    let total = data[0]["total"].as_u64().unwrap() as usize;
    let done: Vec<&serde_json::Value> = data.iter().filter(|d| d.get("status").is_some()).collect();
    assert_eq!(done.len(), total, "{events}");
    let last = data.last().unwrap();
    assert_eq!(last["finished"], true, "{events}");
    assert_eq!(
        last["issued"].as_u64().unwrap() as usize,
        total - 1,
        "{events}"
    );
    assert_eq!(last["failed"], 1, "the held-back follower: {events}");
    let failed = done.iter().find(|d| d["status"] == "failed").unwrap();
    assert_eq!(failed["reference"], "IOT-2018-01");

    // The manifest downloads, and every hash it claims is on disk.
    let (status, body, headers) = send(&app, get("/family/manifest?path=lead.toml")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let manifest: serde_json::Value = serde_json::from_str(&body).unwrap();
    let out = dir.join("issued/lead.toml/family");
    let mut vouched = 0;
    for e in manifest["notices"].as_array().unwrap() {
        for o in e["outputs"].as_array().unwrap() {
            let file = out.join(o["file"].as_str().unwrap());
            let on_disk = foinotice::english::sha256(&std::fs::read(&file).unwrap());
            assert_eq!(on_disk, o["sha256"].as_str().unwrap(), "{}", file.display());
            vouched += 1;
        }
    }
    // Every format, as a single case is issued.
    assert_eq!(vouched, 4 * (total - 1));
    // Issued again, nothing changes: every notice is found unchanged.
    let (_, html, _) = send(&app, get(FAMILY)).await;
    assert!(html.contains("issued already"), "{html}");
    let (_, _, headers) = send(&app, form("/family/issue", &fields)).await;
    let run = headers[header::LOCATION]
        .to_str()
        .unwrap()
        .rsplit("run=")
        .next()
        .unwrap()
        .to_string();
    let (_, events, _) = send(&app, get(&format!("/family/events?run={run}"))).await;
    assert!(events.contains("\"issued\":0"), "{events}");
    assert!(
        events.contains(&format!("\"unchanged\":{}", total - 1)),
        "{events}"
    );
    // An unknown run is not found.
    let (status, _, _) = send(&app, get("/family/events?run=999")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn each_notice_previews_as_issued_and_the_family_issues_the_formats_chosen() {
    let dir = casebook("family-formats");
    let desk = Desk::new(&dir, None).unwrap();
    let csrf = desk.csrf().to_string();
    let app = router(desk);
    // The page offers every format, ticked, and its Issue comes before the rows.
    let (_, html, _) = send(&app, get(FAMILY)).await;
    for f in ["txt", "pdf", "html", "docx"] {
        assert!(
            html.contains(&format!("name=\"format\" value=\"{f}\" checked")),
            "{html}"
        );
    }
    assert!(
        html.find("Issue the family") < html.find("<tr id=\"row-"),
        "{html}"
    );
    assert!(
        html.contains(
            "/family/preview?path=lead.toml&amp;followers=followers.csv&amp;reference=IOT-2018-02"
        ),
        "{html}"
    );
    // A follower's notice, previewed.
    let (status, page, _) = send(
        &app,
        get("/family/preview?path=lead.toml&followers=followers.csv&reference=IOT-2018-02"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let sha = |page: &str| {
        let at = page.find("data-sha256=\"").expect("a previewed notice") + 13;
        page[at..at + 64].to_string()
    };
    let previewed = sha(&page);
    let (_, missing, _) = send(
        &app,
        get("/family/preview?path=lead.toml&followers=followers.csv&reference=NOPE-1"),
    )
    .await;
    assert!(
        missing.contains("the list has no follower NOPE-1"),
        "{missing}"
    );
    // None ticked: refused.
    let base = [
        ("path", "lead.toml"),
        ("followers", "followers.csv"),
        ("csrf", csrf.as_str()),
        ("formats", "chosen"),
    ];
    let (status, body, _) = send(&app, form("/family/issue", &base)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("Choose at least one format"), "{body}");
    // PDF and HTML: only those are issued, and the HTML is the notice previewed.
    let mut fields = base.to_vec();
    fields.extend([("format", "html"), ("format", "pdf")]);
    let (status, _, headers) = send(&app, form("/family/issue", &fields)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let run = headers[header::LOCATION]
        .to_str()
        .unwrap()
        .rsplit("run=")
        .next()
        .unwrap()
        .to_string();
    let (_, events, _) = send(&app, get(&format!("/family/events?run={run}"))).await;
    assert!(events.contains("\"finished\":true"), "{events}");
    let out = dir.join("issued/lead.toml/family");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("manifest"))
        .collect();
    names.sort();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".pdf") || n.ends_with(".html")),
        "{names:?}"
    );
    assert!(names.contains(&"IOT-2018-02.pdf".to_string()), "{names:?}");
    let issued = foinotice::english::sha256(&std::fs::read(out.join("IOT-2018-02.html")).unwrap());
    assert_eq!(previewed, issued, "the preview is not the notice issued");
}

/// A word only the follower's request has, as the family page marks it: inserted, and
/// labelled in words for reading without colour or strike-through.
fn ins(word: &str) -> String {
    format!("<ins class=\"word\"><span class=\"visually-hidden\">[only this follower's: </span>{word}<span class=\"visually-hidden\">]</span></ins>")
}
