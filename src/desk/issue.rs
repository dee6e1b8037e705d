//! Issuing from the desk: the notice files are written into the casebook's issued
//! folder under the same rules as `render` (checked and rendered in memory first,
//! never replacing anything, the complainant- and requester-name guards), and issuing
//! is all or nothing: the files are written into a hidden folder of their own, which
//! is put in place whole (`issued/<case>/<n>/`) and only then recorded in
//! `issued/manifest.tsv`; if the record cannot be written, the folder is taken away
//! again, so the manifest never names a file that is not on disk and no file is left
//! issued without its record. Every folder is reached without following links
//! ([`crate::output::Dir`]), and one issue at a time holds the issued folder.
//!
//! Approval: a draft can be marked ready for approval (`issued/ready.txt`, a mark
//! of the case file's text as it is). When the desk requires approval
//! (`serve --approval`), a case is issued only with a mark of its text as it is now,
//! and only by a desk user under another name than the one who marked it; the
//! manifest then records the drafter and the approver.

use super::record::{self, Line, Records};
use super::{paths, DeskError, Shared};
use crate::error::Error;
use crate::notice::Copy;
use crate::render::Format;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub use record::IssuedFile;

/// What the page showed when the caseworker pressed Issue: the version (SHA-256) of
/// the case file it had opened, and the text in its editor then (where the page's
/// script sent it).
#[derive(Debug, Default, Clone)]
pub struct Shown {
    pub version: Option<String>,
    pub text: Option<String>,
}

/// Why the case as shown is not what is on disk: the notice issued would not be the
/// one the caseworker saw.
fn not_as_shown(on_disk: &str, shown: &Shown) -> Option<&'static str> {
    if let Some(text) = &shown.text {
        if text.replace("\r\n", "\n") != on_disk {
            return Some(
                "the case has changes that are not saved: save them, check the preview, then issue",
            );
        }
    }
    match &shown.version {
        Some(v) if *v != crate::english::sha256(on_disk.as_bytes()) => Some(
            "the case file changed on disk after this page showed it: reload the page, check the preview, then issue",
        ),
        _ => None,
    }
}

/// Why a case was not issued (or not marked ready).
#[derive(Debug)]
pub enum NotIssued {
    /// The page did not show the case as it is on disk: why.
    NotAsShown(&'static str),
    /// Approval is required and was not given, or would be the drafter's own: why.
    Approval(String),
    /// The case is issued already (and not under revision).
    Already,
    /// The case does not pass the checks, or the files could not be made or written.
    Failed(Error),
}

impl From<Error> for NotIssued {
    fn from(e: Error) -> NotIssued {
        NotIssued::Failed(e)
    }
}

/// Whether two desk users' names are the same person's (the same letters, whatever
/// their case and the spaces around them).
pub(super) fn same_person(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Who drafted and who approved the `n`th issue of the case `rel` whose text is
/// `version`, issued now by `user`: from the mark that it is ready for approval, when
/// there is one; refused when approval is `required` and there is no mark of this
/// text, or the mark is the user's own.
fn approval(
    records: &Records,
    rel: &str,
    n: u32,
    version: &str,
    user: &str,
    required: bool,
) -> Result<(String, String), String> {
    match (records.ready(rel, n, version), required) {
        (Some(mark), true) if same_person(&mark.drafter, user) => Err(format!(
            "{} marked this draft ready for approval, and a notice is approved by a second person: someone under another name must approve and issue it",
            mark.drafter
        )),
        (Some(mark), _) => Ok((mark.drafter.clone(), user.to_string())),
        (None, false) => Ok((String::new(), String::new())),
        (None, true) => Err(match records.last_mark(rel, n) {
            Some(mark) => format!(
                "the case file changed after {} marked it ready for approval: check it, mark it ready again, and a second person approves and issues it",
                mark.drafter
            ),
            None => "this desk issues a notice only once it has been marked ready for approval and a second person approves it: mark it ready, then someone under another name issues it".to_string(),
        }),
    }
}

/// The number the case's next issue would have (1 for a draft), or `None` when it is
/// issued and not under revision.
pub(super) fn next_issue(records: &Records, rel: &str) -> Option<u32> {
    match records.state(rel) {
        record::State::Draft => Some(1),
        record::State::Revising(n) => Some(n + 1),
        record::State::Issued(_) => None,
    }
}

/// Marks the case, as the page showed it (`shown`), ready for approval by a second
/// person: only a draft (or a revision) that passes the checks, and only its text as
/// it is on disk.
pub fn mark_ready(
    desk: &super::Desk,
    path: &Path,
    shown: &Shown,
) -> Result<record::Ready, NotIssued> {
    let rel = paths::relative(&desk.root, path);
    let source = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    if let Some(why) = not_as_shown(&source, shown) {
        return Err(NotIssued::NotAsShown(why));
    }
    let case = crate::case::parse_with(path, source.clone(), crate::case::Format::Toml, &desk.law)
        .map_err(Error::Case)?;
    crate::notice::document(&case, &desk.templates)?;
    let issued = record::issued_dir(&desk.root, true)?.ok_or_else(|| Error::Io {
        path: desk.root.join(record::ISSUED),
        message: "the issued folder could not be made".into(),
    })?;
    let _held = issued.hold(true)?;
    let records = Records::read_in(&issued);
    let n = next_issue(&records, &rel).ok_or(NotIssued::Already)?;
    let ready = record::Ready {
        case: rel,
        issue: n,
        version: crate::english::sha256(source.as_bytes()),
        drafter: desk.settings.issuer(),
        at: record::now(),
    };
    record::mark_ready(&issued, &ready)?;
    Ok(ready)
}

/// Renders every copy of the case in every format, in memory, from the case file's
/// text as read: each file's name and bytes.
fn render_all(
    desk: &super::Desk,
    path: &Path,
    source: &str,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Error> {
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => crate::case::Format::Json,
        _ => crate::case::Format::Toml,
    };
    let case = crate::case::parse_with(path, source.to_string(), format, &desk.law)
        .map_err(Error::Case)?;
    let refusal = matches!(case.notice, crate::facts::Notice::Refusal(_));
    let copies: &[(Copy, &str)] = if refusal {
        &[(Copy::Letter, ""), (Copy::Published, ".published")]
    } else {
        &[(Copy::Letter, "")]
    };
    let cache = crate::render::pdf::Cache::default();
    let mut out = Vec::new();
    for (copy, suffix) in copies {
        let doc = crate::notice::document_copy(&case, &desk.templates, *copy)?;
        for format in Format::ALL {
            let name = format!("{}{suffix}.{}", case.file_stem(), format.extension());
            out.push((PathBuf::from(name), format.render(&cache, &doc)?));
        }
    }
    Ok(out)
}

/// Issues the case as the page showed it (`shown`): its files, then their record.
/// The notice is made from the case file's text as read once, and only if that text
/// is what the page showed; otherwise nothing is issued and [`Error::Unrecorded`] says
/// why.
pub fn issue_case(
    desk: &super::Desk,
    path: &Path,
    shown: &Shown,
) -> Result<Vec<IssuedFile>, NotIssued> {
    let rel = paths::relative(&desk.root, path);
    let source = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    if let Some(why) = not_as_shown(&source, shown) {
        return Err(NotIssued::NotAsShown(why));
    }
    let files = render_all(desk, path, &source)?;
    let issued = record::issued_dir(&desk.root, true)?.ok_or_else(|| Error::Io {
        path: desk.root.join(record::ISSUED),
        message: "the issued folder could not be made".into(),
    })?;
    // One issue at a time in this casebook, from this desk or another.
    let _held = issued.hold(true)?;
    let records = Records::read_in(&issued);
    // A draft is issued once; an issued case again only as a revision.
    let n = next_issue(&records, &rel).ok_or(NotIssued::Already)?;
    let user = desk.settings.issuer();
    let (drafter, approver) = approval(
        &records,
        &rel,
        n,
        &crate::english::sha256(source.as_bytes()),
        &user,
        desk.settings.approval,
    )
    .map_err(NotIssued::Approval)?;
    let folder = issued.walk(Path::new(&rel), true)?;
    let name = n.to_string();
    if folder.exists(&name) {
        return Err(NotIssued::Failed(Error::Unrecorded(format!(
            "{} is there but the manifest does not record it (an earlier issue stopped part way); move it out of the casebook and issue again",
            record::issue_path(&rel, n)
        ))));
    }
    // The files go into a hidden folder first, which is then put in place whole.
    let staging = format!(".{name}.{}.staging", std::process::id());
    if folder.exists(&staging) {
        folder.remove_tree(&staging)?;
    }
    let inside = folder.sub(&staging, true)?;
    let written = crate::output::write_groups_in(&inside, &[&files], false)
        .pop()
        .unwrap_or(Ok(()))
        .and_then(|()| folder.rename(&staging, &name, false));
    if let Err(e) = written {
        let _ = folder.remove_tree(&staging);
        return Err(e.into());
    }
    folder.sync();
    let by = user;
    let at = record::now();
    let lines: Vec<Line> = files
        .iter()
        .map(|(file, bytes)| Line {
            by: by.clone(),
            at: at.clone(),
            case: rel.clone(),
            file: format!("{}/{}", record::issue_path(&rel, n), file.display()),
            sha256: crate::english::sha256(bytes),
            drafter: drafter.clone(),
            approver: approver.clone(),
        })
        .collect();
    if let Err(e) = record::append_manifest(&issued, &lines) {
        // Not recorded, so not issued: the folder goes again.
        if folder.rename(&name, &staging, false).is_ok() {
            let _ = folder.remove_tree(&staging);
        }
        return Err(e.into());
    }
    Ok(lines
        .into_iter()
        .map(|l| IssuedFile {
            query: super::encode(&l.file),
            file: l.file,
            sha256: l.sha256,
            by: l.by,
            at: l.at,
            drafter: l.drafter,
            approver: l.approver,
        })
        .collect())
}

/// Starts a revision of an issued case: the case can be edited again, and its next
/// issue goes to a folder of its own; what was issued stays as it was.
pub(super) async fn revise(
    State(desk): State<Shared>,
    Form(f): Form<IssueForm>,
) -> Result<Redirect, DeskError> {
    let path = desk.form_case(&f.csrf, &f.path, "No revision started")?;
    let rel = paths::relative(&desk.root, &path);
    if !matches!(record::state(&desk.root, &rel), record::State::Issued(_)) {
        return Err(DeskError::page(StatusCode::CONFLICT, "No revision started", "Only an issued case is revised; a draft or a case already under revision can be edited as it is."));
    }
    let working = desk.clone();
    let case = rel.clone();
    tokio::task::spawn_blocking(move || {
        let issued = record::issued_dir(&working.root, false)?
            .ok_or_else(|| Error::Unrecorded("nothing is issued".into()))?;
        let _held = issued.hold(true)?;
        match Records::read_in(&issued).state(&case) {
            record::State::Issued(n) => record::start_revision(&issued, &case, n),
            _ => Ok(()),
        }
    })
    .await
    .unwrap_or_else(|e| Err(Error::Interrupted(e.to_string())))
    .map_err(|e| desk.failed(StatusCode::INTERNAL_SERVER_ERROR, "No revision started", e))?;
    Ok(Redirect::to(&format!("/case?path={}", super::encode(&rel))))
}

#[derive(Deserialize)]
pub(super) struct IssuedQuery {
    file: String,
}

/// An issued file, to download: only a file the manifest records, read from the
/// issued folder without following links, and always as an attachment (an issued
/// HTML notice is never shown as a page of the desk).
pub(super) async fn issued_file(
    State(desk): State<Shared>,
    axum::extract::Query(q): axum::extract::Query<IssuedQuery>,
) -> Result<Response, DeskError> {
    let missing = || {
        DeskError::page(
            StatusCode::NOT_FOUND,
            "No such issued file",
            "The manifest records no issued file of that name.",
        )
    };
    let Some(inside) = q.file.strip_prefix("issued/") else {
        return Err(missing());
    };
    let working = desk.clone();
    let file = q.file.clone();
    let records = tokio::task::spawn_blocking(move || Records::read(&working.root))
        .await
        .unwrap_or_default();
    if !records.names(&file) {
        return Err(missing());
    }
    let path = std::path::Path::new(inside);
    let (Some(folder), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str()))
    else {
        return Err(missing());
    };
    let read = record::issued_dir(&desk.root, false)
        .and_then(|d| d.ok_or_else(|| Error::Unrecorded("nothing is issued".into())))
        .and_then(|issued| issued.walk(folder, false))
        .and_then(|dir| dir.read(name));
    let Ok(Some(bytes)) = read else {
        return Err(missing());
    };
    let kind = match path.extension().and_then(|e| e.to_str()) {
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    };
    let disposition = format!(
        "attachment; filename=\"{}\"",
        name.replace(['"', '\\'], "_")
    );
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, kind.to_string()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize)]
pub(super) struct IssueForm {
    path: String,
    csrf: String,
    /// The version of the case file the page showed.
    #[serde(default)]
    version: Option<String>,
    /// The editor's text when Issue was pressed (sent by the page's script).
    #[serde(default)]
    text: Option<String>,
}

impl IssueForm {
    fn shown(&self) -> Shown {
        Shown {
            version: self.version.clone().filter(|v| !v.is_empty()),
            text: self.text.clone(),
        }
    }
}

/// Why a case was not issued (`title`), as the caseworker reads it.
fn refusal(desk: &super::Desk, title: &'static str, why: NotIssued) -> DeskError {
    match why {
        NotIssued::NotAsShown(why) => DeskError::page(
            StatusCode::CONFLICT,
            &format!("{title}: the case is not as shown"),
            &format!("Nothing was done: {why}."),
        ),
        NotIssued::Approval(why) => DeskError::page(
            StatusCode::FORBIDDEN,
            &format!("{title}: it needs approval by a second person"),
            &format!("Nothing was issued: {why}."),
        ),
        NotIssued::Already => DeskError::page(
            StatusCode::CONFLICT,
            "Already issued",
            "This notice has been issued; an issued notice is never replaced. Start a revision to change it.",
        ),
        NotIssued::Failed(Error::Case(ds)) => {
            let lines: Vec<String> = ds
                .iter()
                .map(|d| {
                    if d.line > 0 {
                        format!("line {}: {} ({})", d.line, d.message, d.field)
                    } else {
                        d.message.clone()
                    }
                })
                .collect();
            desk.failed(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("{title}: the case does not pass the checks"),
                lines.join("\n"),
            )
        }
        NotIssued::Failed(e) => desk.failed(StatusCode::INTERNAL_SERVER_ERROR, title, e),
    }
}

pub(super) async fn issue(
    State(desk): State<Shared>,
    Form(f): Form<IssueForm>,
) -> Result<Response, DeskError> {
    act(desk, f, "Not issued", |d, p, s| {
        issue_case(d, p, s).map(drop)
    })
    .await
}

/// Marks the case, as the page shows it, ready for approval.
pub(super) async fn ready(
    State(desk): State<Shared>,
    Form(f): Form<IssueForm>,
) -> Result<Response, DeskError> {
    act(desk, f, "Not marked ready", |d, p, s| {
        mark_ready(d, p, s).map(drop)
    })
    .await
}

/// Issue or Mark ready: the form's case checked against the session, the job run off
/// the async workers on the text the page showed, and its answer.
async fn act<J>(
    desk: Shared,
    f: IssueForm,
    title: &'static str,
    job: J,
) -> Result<Response, DeskError>
where
    J: FnOnce(&Shared, &std::path::Path, &Shown) -> Result<(), NotIssued> + Send + 'static,
{
    let path = desk.form_case(&f.csrf, &f.path, title)?;
    let working = desk.clone();
    let shown = f.shown();
    let at = path.clone();
    let done = tokio::task::spawn_blocking(move || job(&working, &at, &shown))
        .await
        .unwrap_or_else(|e| Err(NotIssued::Failed(Error::Interrupted(e.to_string()))));
    answer(&desk, path, f, done, title).await
}

/// The answer to Issue or Mark ready: the case page again when it was done. When the
/// page's editor held changes not saved, the case page is shown again with them as
/// typed (nothing lost), an error summary saying what was not done and why, linking to
/// the editor; any other refusal is a page of its own.
async fn answer(
    desk: &Shared,
    path: std::path::PathBuf,
    f: IssueForm,
    done: Result<(), NotIssued>,
    title: &'static str,
) -> Result<Response, DeskError> {
    let rel = paths::relative(&desk.root, &path);
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/case?path={}", super::encode(&rel))).into_response()),
        Err(NotIssued::NotAsShown(why)) if f.text.is_some() => {
            let editing = super::casepage::Editing {
                text: f.text.unwrap_or_default().replace("\r\n", "\n"),
                version: f.version.unwrap_or_default(),
                problems: vec![super::casepage::Problem {
                    href: "#text".into(),
                    text: format!("{title}: {why}."),
                }],
                saved: false,
            };
            let mut page = super::casepage::render(desk, path, editing).await?;
            *page.status_mut() = StatusCode::CONFLICT;
            Ok(page)
        }
        Err(why) => Err(refusal(desk, title, why)),
    }
}

/// Where a case stands as to approval, for its page: the mark of its text as it is
/// now, if any, and whether this desk's user may issue it.
#[derive(Debug, serde::Serialize)]
pub struct Approval {
    /// Whether this desk requires approval by a second person.
    pub required: bool,
    /// This desk's user.
    pub user: String,
    /// The mark of the case's text as it is now, if any.
    pub mark: Option<record::Ready>,
    /// Who marked an earlier text of the case ready (it has changed since).
    pub stale: Option<String>,
    /// Why this desk's user cannot issue the case now, if they cannot.
    pub blocked: Option<String>,
    /// Whether this desk's user made the latest mark (and so may withdraw it).
    pub may_withdraw: bool,
}

pub fn approval_of(desk: &super::Desk, records: &Records, rel: &str, text: &str) -> Approval {
    let user = desk.settings.issuer();
    let required = desk.settings.approval;
    let Some(n) = next_issue(records, rel) else {
        return Approval {
            required,
            user,
            mark: None,
            stale: None,
            blocked: None,
            may_withdraw: false,
        };
    };
    let version = crate::english::sha256(text.as_bytes());
    let mark = records.ready(rel, n, &version).cloned();
    let stale = match mark {
        None => records.last_mark(rel, n).map(|m| m.drafter.clone()),
        Some(_) => None,
    };
    let blocked = approval(records, rel, n, &version, &user, required).err();
    let may_withdraw = records
        .last_mark(rel, n)
        .is_some_and(|m| same_person(&m.drafter, &user));
    Approval {
        required,
        user,
        mark,
        stale,
        blocked,
        may_withdraw,
    }
}
