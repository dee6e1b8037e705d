//! Issuing from the desk: the notice files are written into the casebook's issued
//! folder under the same rules as `render` (checked and rendered in memory first,
//! put in place together or not at all, never replacing anything, the complainant-
//! and requester-name guards), then each file's SHA-256 is added to
//! `issued/manifest.tsv`. The manifest is written after the files, so it never names
//! a file that is not on disk.

use super::{casebook, paths, Shared};
use crate::error::Error;
use crate::notice::Copy;
use crate::render::Format;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The manifest of everything issued from the casebook: case file, issued file and
/// its SHA-256, tab-separated, one file a line.
pub const MANIFEST: &str = "manifest.tsv";

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct IssuedFile {
    pub file: String,
    pub sha256: String,
}

/// The files issued for a case, from the manifest.
pub fn issued_files(root: &Path, rel: &str) -> Vec<IssuedFile> {
    let text =
        std::fs::read_to_string(root.join(casebook::ISSUED).join(MANIFEST)).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let (case, file, sha) = (cols.next()?, cols.next()?, cols.next()?);
            (case == rel).then(|| IssuedFile {
                file: file.to_string(),
                sha256: sha.to_string(),
            })
        })
        .collect()
}

/// Renders every copy of the case in every format, in memory.
fn render_all(
    desk: &super::Desk,
    path: &Path,
    dir: &Path,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Error> {
    let case = crate::case::load_with(path, &desk.law).map_err(Error::Case)?;
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
            out.push((dir.join(name), format.render(&cache, &doc)?));
        }
    }
    Ok(out)
}

/// Writes the files, then the manifest with their hashes.
pub fn issue_case(desk: &super::Desk, path: &Path) -> Result<Vec<IssuedFile>, Error> {
    let rel = paths::relative(&desk.root, path);
    // A draft is issued once; an issued case again only as a revision.
    let issue = match casebook::state(&desk.root, &rel) {
        casebook::State::Draft => 1,
        casebook::State::Revising(n) => n + 1,
        casebook::State::Issued(n) => {
            return Err(Error::Exists {
                path: casebook::issued_dir(&desk.root, &rel, n),
            })
        }
    };
    let dir = casebook::issued_dir(&desk.root, &rel, issue);
    if crate::output::exists(&dir) {
        return Err(Error::Exists { path: dir });
    }
    let files = render_all(desk, path, &dir)?;
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    if let Err(e) = crate::output::write_groups(&[&files], false)
        .pop()
        .unwrap_or(Ok(()))
    {
        // Nothing was put in place: the empty folder goes, so the case is a draft again.
        let _ = std::fs::remove_dir(&dir);
        return Err(e);
    }
    let manifest = desk.root.join(casebook::ISSUED).join(MANIFEST);
    let mut text = std::fs::read_to_string(&manifest).unwrap_or_default();
    let mut issued = Vec::new();
    for (p, bytes) in &files {
        let file = paths::relative(&desk.root, p);
        let sha256 = crate::english::sha256(bytes);
        text.push_str(&format!("{rel}\t{file}\t{sha256}\n"));
        issued.push(IssuedFile { file, sha256 });
    }
    crate::output::write_new(&manifest, text.as_bytes(), true)?;
    if issue > 1 {
        casebook::set_revising(&desk.root, &rel, false)?;
    }
    Ok(issued)
}

/// Starts a revision of an issued case: the case can be edited again, and its next
/// issue goes to a folder of its own; what was issued stays as it was.
pub(super) async fn revise(State(desk): State<Shared>, Form(f): Form<IssueForm>) -> Response {
    let path = match desk.form_case(&f.csrf, &f.path, "No revision started") {
        Ok(p) => p,
        Err(refused) => return *refused,
    };
    let rel = paths::relative(&desk.root, &path);
    if !matches!(
        casebook::state(&desk.root, &rel),
        casebook::State::Issued(_)
    ) {
        return desk.message(StatusCode::CONFLICT, "No revision started", "Only an issued case is revised; a draft or a case already under revision can be edited as it is.");
    }
    if let Err(e) = casebook::set_revising(&desk.root, &rel, true) {
        return desk.message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "No revision started",
            &e.to_string(),
        );
    }
    Redirect::to(&format!("/case?path={}", super::encode(&rel))).into_response()
}

#[derive(Deserialize)]
pub(super) struct IssueForm {
    path: String,
    csrf: String,
}

pub(super) async fn issue(State(desk): State<Shared>, Form(f): Form<IssueForm>) -> Response {
    let path = match desk.form_case(&f.csrf, &f.path, "Not issued") {
        Ok(p) => p,
        Err(refused) => return *refused,
    };
    match issue_case(&desk, &path) {
        Ok(_) => Redirect::to(&format!(
            "/case?path={}",
            super::encode(&paths::relative(&desk.root, &path))
        ))
        .into_response(),
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
