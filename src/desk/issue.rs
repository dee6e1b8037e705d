//! Issuing from the desk: the notice files are written into the casebook's issued
//! folder under the same rules as `render` (checked and rendered in memory first,
//! never replacing anything, the complainant- and requester-name guards), and issuing
//! is all or nothing: the files are written into a hidden folder of their own, which
//! is put in place whole (`issued/<case>/<n>/`) and only then recorded in
//! `issued/manifest.tsv`; if the record cannot be written, the folder is taken away
//! again, so the manifest never names a file that is not on disk and no file is left
//! issued without its record. Every folder is reached without following links
//! ([`crate::output::Dir`]), and one issue at a time holds the issued folder.

use super::record::{self, Line, Records};
use super::{paths, Shared};
use crate::error::Error;
use crate::notice::Copy;
use crate::render::Format;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub use record::IssuedFile;

/// The files issued for a case, from the manifest.
pub fn issued_files(root: &Path, rel: &str) -> Vec<IssuedFile> {
    Records::read(root).files(rel)
}

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
) -> Result<Vec<IssuedFile>, Error> {
    let rel = paths::relative(&desk.root, path);
    let source = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    if let Some(why) = not_as_shown(&source, shown) {
        return Err(Error::NotAsShown(why.to_string()));
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
    let n = match records.state(&rel) {
        record::State::Draft => 1,
        record::State::Revising(n) => n + 1,
        record::State::Issued(n) => {
            return Err(Error::Exists {
                path: desk.root.join(record::issue_path(&rel, n)),
            })
        }
    };
    let folder = issued.walk(Path::new(&rel), true)?;
    let name = n.to_string();
    if folder.exists(&name) {
        return Err(Error::Unrecorded(format!(
            "{} is there but the manifest does not record it (an earlier issue stopped part way); move it out of the casebook and issue again",
            record::issue_path(&rel, n)
        )));
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
        return Err(e);
    }
    folder.sync();
    let by = desk.settings.issuer();
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| chrono::DateTime::from_timestamp(d.as_secs() as i64, 0))
        .map_or_else(String::new, |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    let lines: Vec<Line> = files
        .iter()
        .map(|(file, bytes)| Line {
            by: by.clone(),
            at: at.clone(),
            case: rel.clone(),
            file: format!("{}/{}", record::issue_path(&rel, n), file.display()),
            sha256: crate::english::sha256(bytes),
        })
        .collect();
    if let Err(e) = record::append_manifest(&issued, &lines) {
        // Not recorded, so not issued: the folder goes again.
        if folder.rename(&name, &staging, false).is_ok() {
            let _ = folder.remove_tree(&staging);
        }
        return Err(e);
    }
    Ok(lines
        .into_iter()
        .map(|l| IssuedFile {
            query: super::encode(&l.file),
            file: l.file,
            sha256: l.sha256,
            by: l.by,
            at: l.at,
        })
        .collect())
}

/// Starts a revision of an issued case: the case can be edited again, and its next
/// issue goes to a folder of its own; what was issued stays as it was.
pub(super) async fn revise(State(desk): State<Shared>, Form(f): Form<IssueForm>) -> Response {
    let path = match desk.form_case(&f.csrf, &f.path, "No revision started") {
        Ok(p) => p,
        Err(refused) => return *refused,
    };
    let rel = paths::relative(&desk.root, &path);
    if !matches!(record::state(&desk.root, &rel), record::State::Issued(_)) {
        return desk.message(StatusCode::CONFLICT, "No revision started", "Only an issued case is revised; a draft or a case already under revision can be edited as it is.");
    }
    let started = record::issued_dir(&desk.root, false)
        .and_then(|d| d.ok_or_else(|| Error::Unrecorded("nothing is issued".into())))
        .and_then(|issued| {
            let _held = issued.hold(true)?;
            match Records::read_in(&issued).state(&rel) {
                record::State::Issued(n) => record::start_revision(&issued, &rel, n),
                _ => Ok(()),
            }
        });
    if let Err(e) = started {
        return desk.message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "No revision started",
            &e.to_string(),
        );
    }
    Redirect::to(&format!("/case?path={}", super::encode(&rel))).into_response()
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
) -> Response {
    let missing = || {
        desk.message(
            StatusCode::NOT_FOUND,
            "No such issued file",
            "The manifest records no issued file of that name.",
        )
    };
    let Some(inside) = q.file.strip_prefix("issued/") else {
        return missing();
    };
    let records = Records::read(&desk.root);
    if !records.names(&q.file) {
        return missing();
    }
    let path = std::path::Path::new(inside);
    let (Some(folder), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str()))
    else {
        return missing();
    };
    let read = record::issued_dir(&desk.root, false)
        .and_then(|d| d.ok_or_else(|| Error::Unrecorded("nothing is issued".into())))
        .and_then(|issued| issued.walk(folder, false))
        .and_then(|dir| dir.read(name));
    let Ok(Some(bytes)) = read else {
        return missing();
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
    (
        [
            (axum::http::header::CONTENT_TYPE, kind.to_string()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
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

pub(super) async fn issue(State(desk): State<Shared>, Form(f): Form<IssueForm>) -> Response {
    let path = match desk.form_case(&f.csrf, &f.path, "Not issued") {
        Ok(p) => p,
        Err(refused) => return *refused,
    };
    let rel = paths::relative(&desk.root, &path);
    let issuing = desk.clone();
    let shown = Shown {
        version: f.version.clone().filter(|v| !v.is_empty()),
        text: f.text.clone(),
    };
    let issued = tokio::task::spawn_blocking(move || issue_case(&issuing, &path, &shown))
        .await
        .unwrap_or_else(|e| Err(Error::Interrupted(e.to_string())));
    match issued {
        Ok(_) => Redirect::to(&format!("/case?path={}", super::encode(&rel))).into_response(),
        Err(Error::NotAsShown(why)) => desk.message(
            StatusCode::CONFLICT,
            "Not issued: the case is not as shown",
            &format!("Nothing was issued: {why}."),
        ),
        Err(Error::Exists { .. }) => desk.message(
            StatusCode::CONFLICT,
            "Already issued",
            "This notice has been issued; an issued notice is never replaced.",
        ),
        Err(Error::Case(ds)) => {
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
            desk.message(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Not issued: the case does not pass the checks",
                &lines.join("\n"),
            )
        }
        Err(e) => desk.message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Not issued",
            &e.to_string(),
        ),
    }
}
