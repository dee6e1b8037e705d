//! Families on the desk: a lead case and a list of followers (a spreadsheet in the
//! casebook, or one uploaded), checked as `foinotice bulk --dry-run` checks them, with
//! each follower's own-merits guard result; the caseworker records
//! `differences_considered` for a follower whose request differs, and issues the family
//! into `issued/<lead>--family/` with its progress sent as server-sent events. The run
//! is the command line's ([`crate::bulk::run`]): the same checks, guards, atomic writes
//! and manifest.

use super::{casebook, csrf_ok, encode, paths, Desk, DeskError, Shared};
use crate::bulk::run::{Outcome, Progress, Settings};
use crate::bulk::{Entry, Status};
use crate::render::Format;
use axum::body::Body;
use axum::extract::{Form, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The family runs started in this session, by id.
#[derive(Default)]
pub struct Runs {
    next: AtomicU64,
    runs: Mutex<HashMap<u64, Arc<Run>>>,
}

/// One family run as the browser follows it: what has happened so far, and a counter
/// that changes with every event (so that a listener never misses one).
pub struct Run {
    events: Mutex<Vec<String>>,
    finished: Mutex<Option<String>>,
    changed: tokio::sync::watch::Sender<u64>,
}

impl Run {
    fn new() -> Self {
        Run {
            events: Mutex::new(Vec::new()),
            finished: Mutex::new(None),
            changed: tokio::sync::watch::channel(0).0,
        }
    }

    fn push(&self, json: String) {
        if let Ok(mut e) = self.events.lock() {
            e.push(json);
        }
        self.changed.send_modify(|n| *n += 1);
    }

    fn finish(&self, json: String) {
        if let Ok(mut f) = self.finished.lock() {
            *f = Some(json);
        }
        self.changed.send_modify(|n| *n += 1);
    }
}

impl Progress for Run {
    fn planned(&self, total: usize) {
        self.push(serde_json::json!({ "total": total }).to_string());
    }
    fn done(&self, e: &Entry) {
        self.push(
            serde_json::json!({
                "reference": e.reference,
                "status": e.status.as_str(),
                "error": e.error,
            })
            .to_string(),
        );
    }
}

/// Where a lead's family is issued: `issued/<lead's path>/family/` ([`super::record`]).
pub fn family_dir(root: &Path, lead_rel: &str) -> PathBuf {
    root.join(super::record::family_path(lead_rel))
}

/// The lead's family folder, made if missing and opened a name at a time from the
/// casebook without following any link.
fn open_family_dir(root: &Path, lead_rel: &str) -> Result<crate::output::Dir, crate::error::Error> {
    crate::output::Dir::open(root)?.walk(Path::new(&super::record::family_path(lead_rel)), true)
}

/// A follower as the family page shows it.
#[derive(Serialize)]
struct Row {
    reference: String,
    /// The reference as a URL query value (for its preview link).
    query: String,
    authority: String,
    role: String,
    status: &'static str,
    error: Option<String>,
    /// How the request's wording differs from the lead's, word by word, where the
    /// guard held the follower back for it (empty otherwise).
    diff: Vec<Segment>,
    differences_considered: Option<String>,
}

impl From<&Entry> for Row {
    fn from(e: &Entry) -> Row {
        Row {
            reference: e.reference.clone(),
            query: encode(&e.reference),
            authority: e.authority.clone(),
            role: e.role.clone(),
            status: e.status.as_str(),
            diff: e.difference.as_ref().map(segments).unwrap_or_default(),
            error: e.error.clone(),
            differences_considered: e.differences_considered.clone(),
        }
    }
}

/// One word of a difference: in both, only the lead's, or only the follower's.
#[derive(Serialize, Debug, PartialEq)]
struct Segment {
    kind: &'static str,
    text: String,
}

/// The guard's word difference, word by word, as the page marks it up (taken from
/// its typed difference, never read back from its message).
fn segments(d: &crate::bulk::Difference) -> Vec<Segment> {
    use similar::ChangeTag;
    d.shown()
        .into_iter()
        .map(|(tag, text)| Segment {
            kind: match tag {
                ChangeTag::Delete => "lead",
                ChangeTag::Insert => "follower",
                ChangeTag::Equal => "same",
            },
            text: without_footnote_marks(text),
        })
        .filter(|s| !s.text.is_empty())
        .collect()
}

/// A request's words as a reader sees them: footnote marks (`Stokes[^stokes]`) are
/// notice markup, not words of the request.
fn without_footnote_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("[^") {
        match rest[at..].find(']') {
            Some(end) => {
                out.push_str(&rest[..at]);
                rest = &rest[at + end + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

fn settings<'a>(
    desk: &'a Desk,
    lead: &'a Path,
    followers: &'a Path,
    out: &'a Path,
    dir: Option<&'a crate::output::Dir>,
    dry_run: bool,
    formats: Vec<Format>,
) -> Settings<'a> {
    Settings {
        lead,
        followers,
        out,
        dir,
        formats,
        templates: &desk.templates,
        law: &desk.law,
        force: false,
        dry_run,
        fail_fast: false,
        jobs: None,
    }
}

/// The family checked as a whole, as `bulk --dry-run` does (nothing written).
pub(super) fn dry_run(
    desk: &Desk,
    lead: &Path,
    list: &Path,
) -> Result<Outcome, crate::error::Error> {
    let out = family_dir(&desk.root, &paths::relative(&desk.root, lead));
    crate::bulk::run::run(
        &settings(desk, lead, list, &out, None, true, Format::ALL.to_vec()),
        &crate::bulk::run::Quiet,
    )
}

#[derive(Deserialize)]
pub(super) struct FamilyQuery {
    path: String,
    #[serde(default)]
    followers: Option<String>,
    #[serde(default)]
    run: Option<u64>,
}

/// The lead and follower list a request names, both inside the casebook.
pub(super) fn named(
    desk: &Desk,
    lead: &str,
    followers: &str,
) -> Result<(PathBuf, PathBuf), paths::Refused> {
    let lead = paths::existing(&desk.root, lead)?;
    let list = paths::existing_of(&desk.root, followers, paths::FOLLOWERS)?;
    Ok((lead, list))
}

pub(super) async fn page(
    State(desk): State<Shared>,
    Query(q): Query<FamilyQuery>,
) -> Result<Response, DeskError> {
    let lead = paths::existing(&desk.root, &q.path)?;
    let rel = paths::relative(&desk.root, &lead);
    let lists: Vec<String> = casebook::follower_lists(&desk.root)
        .iter()
        .map(|p| paths::relative(&desk.root, p))
        .collect();
    let out = family_dir(&desk.root, &rel);
    let mut ctx = tera::Context::new();
    ctx.insert("path", &rel);
    ctx.insert("query", &encode(&rel));
    ctx.insert("csrf", &desk.csrf);
    ctx.insert("lists", &lists);
    ctx.insert("run", &q.run);
    ctx.insert("issued", &out.join("manifest.json").is_file());
    let mut rows: Vec<Row> = Vec::new();
    let mut problem: Option<String> = None;
    if let Some(f) = &q.followers {
        let (lead, list) = named(&desk, &q.path, f)?;
        ctx.insert("followers", &paths::relative(&desk.root, &list));
        ctx.insert(
            "followers_query",
            &encode(&paths::relative(&desk.root, &list)),
        );
        // While a run issues the family, the page follows it rather than check it
        // again alongside.
        if q.run.is_some() {
            ctx.insert("ready", &0);
            ctx.insert("rows", &rows);
            ctx.insert("problem", &problem);
            return Ok(desk.page("desk/family.html", &ctx));
        }
        let approval = super::approve::family_approval(&desk, &lead, &list);
        ctx.insert(
            "marked",
            &approval.as_ref().is_some_and(|a| a.mark.is_some()),
        );
        ctx.insert(
            "blocked",
            &approval.as_ref().is_some_and(|a| a.blocked.is_some()),
        );
        ctx.insert("approval", &approval);
        let checking = desk.clone();
        let checked = tokio::task::spawn_blocking(move || dry_run(&checking, &lead, &list)).await;
        match checked {
            Ok(Ok(outcome)) => rows = outcome.manifest.notices.iter().map(Row::from).collect(),
            Ok(Err(e)) => problem = Some(desk.plain(&e.to_string())),
            Err(e) => problem = Some(format!("the check stopped: {e}")),
        }
    }
    let ready = rows.iter().filter(|r| r.status == "planned").count();
    ctx.insert("ready", &ready);
    ctx.insert("formats", &FORMATS);
    ctx.insert("rows", &rows);
    ctx.insert("problem", &problem);
    Ok(desk.page("desk/family.html", &ctx))
}

/// Uploads a list of followers into the casebook (`?name=`, the file as the body, the
/// CSRF token in `x-csrf-token`); never over an existing file.
pub(super) async fn upload(
    State(desk): State<Shared>,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, DeskError> {
    let token = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !csrf_ok(&desk, token) {
        return Err(DeskError::ScriptToken);
    }
    let path = match paths::new_file_of(&desk.root, &q.name, paths::FOLLOWERS) {
        Ok(p) => p,
        Err(paths::Refused::NotACaseName) => {
            return Err(DeskError::text(
                StatusCode::BAD_REQUEST,
                "a list of followers is a .csv or .xlsx file named by its path in the casebook",
            ))
        }
        Err(_) => {
            return Err(DeskError::text(
                StatusCode::CONFLICT,
                "something is already at that path, or it leads outside the casebook",
            ))
        }
    };
    let writing = path.clone();
    tokio::task::spawn_blocking(move || crate::output::write_new(&writing, &body, false))
        .await
        .unwrap_or_else(|e| Err(crate::error::Error::Interrupted(e.to_string())))
        .map_err(|e| DeskError::text(StatusCode::CONFLICT, &desk.plain(&e.to_string())))?;
    Ok((
        StatusCode::CREATED,
        axum::Json(serde_json::json!({ "path": paths::relative(&desk.root, &path) })),
    )
        .into_response())
}

#[derive(Deserialize)]
pub(super) struct UploadQuery {
    name: String,
}

#[derive(Deserialize)]
pub(super) struct ConsiderForm {
    csrf: String,
    path: String,
    followers: String,
    reference: String,
    text: String,
}

/// Records, in the list of followers, that the differences of one follower's request
/// from the lead's were considered (its `differences_considered` cell).
pub(super) async fn consider(
    State(desk): State<Shared>,
    Form(f): Form<ConsiderForm>,
) -> Result<Redirect, DeskError> {
    desk.check_token(&f.csrf, "Not recorded")?;
    let (_, list) = named(&desk, &f.path, &f.followers)?;
    if list.extension().is_some_and(|e| e == "xlsx") {
        return Err(DeskError::page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Not recorded",
            "This list is a workbook: record the differences in its differences_considered column in the spreadsheet, or upload it as CSV.",
        ));
    }
    let text = f.text.trim();
    if text.is_empty() {
        return Err(DeskError::page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Not recorded",
            "Say what the differences are and why the lead's analysis still applies.",
        ));
    }
    let (reference, text) = (f.reference.clone(), text.to_string());
    let recorded =
        tokio::task::spawn_blocking(move || record_consideration(&list, &reference, &text))
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
    recorded.map_err(|e| desk.failed(StatusCode::UNPROCESSABLE_ENTITY, "Not recorded", e))?;
    Ok(Redirect::to(&format!(
        "/family?path={}&followers={}",
        encode(&f.path),
        encode(&f.followers)
    )))
}

/// Sets a follower's `differences_considered` cell in a CSV list: read (bounded as
/// every list is) and written while the list's folder is held, so that two records
/// made at once never lose one, and never through a link.
fn record_consideration(list: &Path, reference: &str, text: &str) -> Result<(), String> {
    let (Some(folder), Some(name)) = (list.parent(), list.file_name().and_then(|n| n.to_str()))
    else {
        return Err("not a list of followers".into());
    };
    let dir = crate::output::Dir::open(folder).map_err(|e| e.to_string())?;
    let _held = dir.hold(true).map_err(|e| e.to_string())?;
    let bytes = match crate::bulk::workbook::read_bounded(list, crate::bulk::sheet::MAX_CSV_BYTES) {
        Ok(Ok(b)) => b,
        Ok(Err(size)) => {
            return Err(format!(
                "the list is {size} bytes, more than the {} a list of followers may be",
                crate::bulk::sheet::MAX_CSV_BYTES
            ))
        }
        Err(e) => return Err(format!("the list cannot be read ({})", e.kind())),
    };
    let csv = String::from_utf8(bytes).map_err(|_| "the list is not UTF-8 text".to_string())?;
    let csv = crate::bulk::sheet::set_cell(&csv, reference, "differences_considered", text)?;
    dir.write(name, csv.as_bytes(), true)
        .map_err(|e| e.to_string())
}

/// The formats a family can be issued in: each as the form names it, and as the
/// page offers it.
const FORMATS: [(&str, &str); 4] = [
    ("txt", "Text"),
    ("pdf", "PDF"),
    ("html", "HTML"),
    ("docx", "Word"),
];

/// The family issue form, read with `form_urlencoded` (its `format` field is given
/// once for each format chosen).
struct IssueForm {
    csrf: String,
    path: String,
    followers: String,
    formats: Vec<Format>,
    /// Whether the form offered the formats (the family page's does): then none
    /// ticked is refused; a form without them issues every format.
    chosen: bool,
}

impl IssueForm {
    fn parse(body: &[u8]) -> Result<IssueForm, DeskError> {
        let mut form = IssueForm {
            csrf: String::new(),
            path: String::new(),
            followers: String::new(),
            formats: Vec::new(),
            chosen: false,
        };
        for (k, v) in form_urlencoded::parse(body) {
            match k.as_ref() {
                "csrf" => form.csrf = v.into_owned(),
                "path" => form.path = v.into_owned(),
                "followers" => form.followers = v.into_owned(),
                "formats" => form.chosen = true,
                "format" => {
                    let format = Format::ALL
                        .into_iter()
                        .find(|f| f.extension() == v)
                        .ok_or_else(|| {
                            DeskError::page(
                                StatusCode::BAD_REQUEST,
                                "Not issued",
                                "A format is text, PDF, HTML or Word.",
                            )
                        })?;
                    if !form.formats.contains(&format) {
                        form.formats.push(format);
                    }
                }
                _ => {}
            }
        }
        Ok(form)
    }
}

/// Starts issuing the family in the formats chosen, and shows its page following the
/// run.
pub(super) async fn issue(
    State(desk): State<Shared>,
    body: axum::body::Bytes,
) -> Result<Redirect, DeskError> {
    let mut f = IssueForm::parse(&body)?;
    desk.check_token(&f.csrf, "Not issued")?;
    let (lead, list) = named(&desk, &f.path, &f.followers)?;
    if f.formats.is_empty() && !f.chosen {
        // Every format, as a single case is issued.
        f.formats = Format::ALL.to_vec();
    }
    if f.formats.is_empty() {
        return Err(DeskError::page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Not issued",
            "Choose at least one format to issue the family in.",
        ));
    }
    // In the order the command line writes them.
    let formats: Vec<Format> = Format::ALL
        .into_iter()
        .filter(|format| f.formats.contains(format))
        .collect();
    // Under approval, only a family marked ready, by someone else.
    let approval = super::approve::for_issue(&desk, &lead, &list)?;
    let rel = paths::relative(&desk.root, &lead);
    let out = family_dir(&desk.root, &rel);
    let id = desk.runs.next.fetch_add(1, Ordering::Relaxed) + 1;
    let run = Arc::new(Run::new());
    if let Ok(mut runs) = desk.runs.runs.lock() {
        runs.insert(id, run.clone());
    }
    let manifest = format!("/family/manifest?path={}", encode(&rel));
    let working = desk.clone();
    tokio::task::spawn_blocking(move || {
        let result = open_family_dir(&working.root, &rel).and_then(|dir| {
            crate::bulk::run::run_approved(
                &settings(&working, &lead, &list, &out, Some(&dir), false, formats),
                &*run,
                approval,
            )
        });
        run.finish(summary(&result, &manifest));
    });
    Ok(Redirect::to(&format!(
        "/family?path={}&followers={}&run={id}",
        encode(&f.path),
        encode(&f.followers)
    )))
}

/// The last event of a run: what was done, and where the manifest is.
fn summary(result: &Result<Outcome, crate::error::Error>, manifest: &str) -> String {
    match result {
        Ok(o) => serde_json::json!({
            "finished": true,
            "issued": o.count(Status::Issued),
            "unchanged": o.count(Status::Unchanged),
            "failed": o.count(Status::Failed),
            "skipped": o.count(Status::Skipped),
            "total": o.manifest.notices.len(),
            "recorded": o.recorded.as_ref().err().map(ToString::to_string),
            "manifest": manifest,
        }),
        Err(e) => serde_json::json!({ "finished": true, "error": e.to_string() }),
    }
    .to_string()
}

#[derive(Deserialize)]
pub(super) struct EventsQuery {
    run: u64,
}

/// A run's progress as server-sent events: every event so far, then each as it comes,
/// ending with the summary.
pub(super) async fn events(
    State(desk): State<Shared>,
    Query(q): Query<EventsQuery>,
) -> Result<Response, DeskError> {
    let run = desk
        .runs
        .runs
        .lock()
        .ok()
        .and_then(|r| r.get(&q.run).cloned());
    let Some(run) = run else {
        return Err(DeskError::text(
            StatusCode::NOT_FOUND,
            "no such run in this session",
        ));
    };
    let rx = run.changed.subscribe();
    let stream = futures_util::stream::unfold(
        (run, rx, 0usize, false),
        |(run, mut rx, next, done)| async move {
            if done {
                return None;
            }
            loop {
                // Marked seen before reading, so that a change after the read wakes us.
                rx.borrow_and_update();
                let event = run.events.lock().ok().and_then(|e| e.get(next).cloned());
                if let Some(json) = event {
                    let e = Event::default().event("progress").data(json);
                    return Some((
                        Ok::<_, std::convert::Infallible>(e),
                        (run, rx, next + 1, false),
                    ));
                }
                let finished = run.finished.lock().ok().and_then(|f| f.clone());
                if let Some(json) = finished {
                    let e = Event::default().event("finished").data(json);
                    return Some((Ok(e), (run, rx, next, true)));
                }
                if rx.changed().await.is_err() {
                    return None;
                }
            }
        },
    );
    Ok(Sse::new(stream).into_response())
}

#[derive(Deserialize)]
pub(super) struct ManifestQuery {
    path: String,
}

/// The family's manifest, to download.
pub(super) async fn manifest(
    State(desk): State<Shared>,
    Query(q): Query<ManifestQuery>,
) -> Result<Response, DeskError> {
    let lead = paths::existing(&desk.root, &q.path)?;
    let rel = paths::relative(&desk.root, &lead);
    match std::fs::read(family_dir(&desk.root, &rel).join("manifest.json")) {
        Ok(bytes) => Ok((
            [
                (header::CONTENT_TYPE, "application/json".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"manifest.json\"".to_string(),
                ),
            ],
            Body::from(bytes),
        )
            .into_response()),
        Err(_) => Err(DeskError::page(
            StatusCode::NOT_FOUND,
            "Not issued yet",
            "This family has not been issued, so it has no manifest.",
        )),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn footnote_marks_are_not_words_of_the_request() {
        assert_eq!(super::without_footnote_marks("Stokes[^stokes]"), "Stokes");
        assert_eq!(super::without_footnote_marks("a[^x] b[^y]c"), "a bc");
        assert_eq!(super::without_footnote_marks("[-x-] {+y+}"), "[-x-] {+y+}");
        assert_eq!(super::without_footnote_marks("[^open"), "[^open");
    }

    #[test]
    fn the_guards_word_difference_is_shown_word_by_word() {
        let d = crate::bulk::Difference {
            request: crate::bulk::guard::word_runs(
                "Do you hold the [-report-]?",
                "Do you keep the [-report-]?",
            ),
            exemptions: None,
        };
        let words: Vec<String> = super::segments(&d)
            .iter()
            .map(|s| format!("{}:{}", s.kind, s.text))
            .collect();
        assert_eq!(
            words,
            [
                "same:Do",
                "same:you",
                "lead:hold",
                "follower:keep",
                "same:the",
                "same:[-report-]?"
            ]
        );
    }
}
