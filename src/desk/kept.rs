//! Interviews not finished, kept in the casebook so that a caseworker can come back to
//! one (after closing the browser, or restarting the desk): a file per interview in
//! the casebook's hidden `.interviews/` folder, named by a random id, holding the
//! kind of notice, the file name asked for, the step reached and the case file's text
//! so far. The folder is opened a name at a time without following links (a link
//! planted there is refused), nothing outside the casebook is written, and the
//! casebook's list leaves hidden folders out. Bounded: at most [`MOST`] interviews at
//! once and [`LARGEST`] bytes each; beyond that an interview goes on but is not kept,
//! and the page says so. An interview is forgotten once its case file is written, or
//! when it is discarded from the casebook page. Its routes: `/interview/resume?id=`
//! and `/interview/discard`.

use super::{DeskError, Shared};
use crate::error::Error;
use crate::output::Dir;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{Redirect, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The hidden folder of the casebook that keeps the interviews not finished.
pub const FOLDER: &str = ".interviews";
/// The most interviews kept at once.
pub const MOST: usize = 20;
/// The largest an interview kept may be, in bytes (its text and answers).
pub const LARGEST: usize = 256 * 1024;

/// An interview as kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Kept {
    pub kind: String,
    /// The case file's name, as asked for on the first step.
    pub file: String,
    /// The step shown last (the number of steps for the check-your-answers page).
    pub step: usize,
    pub text: String,
    /// When it was last kept, in UTC.
    #[serde(default)]
    pub at: String,
}

/// An interview as the casebook page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub id: String,
    pub kind: String,
    pub file: String,
    pub reference: String,
    /// Where it was left: "step 3 of 6", or "checking the answers".
    pub left_at: String,
    pub at: String,
}

/// Why an interview was not kept.
#[derive(Debug)]
pub enum NotKept {
    TooMany,
    TooLarge,
    Failed(Error),
}

impl std::fmt::Display for NotKept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotKept::TooMany => write!(
                f,
                "{MOST} interviews are already waiting to be finished: finish or discard one on the casebook page"
            ),
            NotKept::TooLarge => write!(
                f,
                "its answers are larger than the {} KiB an interview may keep",
                LARGEST / 1024
            ),
            NotKept::Failed(e) => write!(f, "{e}"),
        }
    }
}

/// Whether `id` is an id this module makes (32 lower-case hexadecimal digits).
pub fn valid_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn file_name(id: &str) -> String {
    format!("{id}.json")
}

fn folder(root: &Path, create: bool) -> Result<Option<Dir>, Error> {
    let root = Dir::open(root)?;
    if !create && !root.exists(FOLDER) {
        return Ok(None);
    }
    root.sub(FOLDER, create).map(Some)
}

fn ids(dir: &Dir) -> Vec<String> {
    dir.names()
        .into_iter()
        .filter_map(|n| n.strip_suffix(".json").map(str::to_string))
        .filter(|id| valid_id(id))
        .collect()
}

/// Keeps `kept` under `id` (an interview kept before), or under a new id; the id.
pub fn keep(root: &Path, id: &str, kept: &Kept) -> Result<String, NotKept> {
    let bytes =
        serde_json::to_vec(kept).map_err(|e| NotKept::Failed(Error::Usage(e.to_string())))?;
    if bytes.len() > LARGEST {
        return Err(NotKept::TooLarge);
    }
    let dir = folder(root, true)
        .map_err(NotKept::Failed)?
        .ok_or_else(|| NotKept::Failed(Error::Usage("no folder".into())))?;
    let known = ids(&dir);
    let id = if valid_id(id) && known.iter().any(|k| k == id) {
        id.to_string()
    } else {
        if known.len() >= MOST {
            return Err(NotKept::TooMany);
        }
        super::paths::token().map_err(NotKept::Failed)?
    };
    dir.write(&file_name(&id), &bytes, true)
        .map_err(NotKept::Failed)?;
    Ok(id)
}

/// The interview kept under `id`, if there is one.
pub fn load(root: &Path, id: &str) -> Option<Kept> {
    if !valid_id(id) {
        return None;
    }
    let dir = folder(root, false).ok()??;
    let bytes = dir.read(&file_name(id)).ok()??;
    if bytes.len() > LARGEST {
        return None;
    }
    serde_json::from_slice(&bytes).ok()
}

/// Forgets the interview kept under `id` (nothing when there is none).
pub fn forget(root: &Path, id: &str) {
    if !valid_id(id) {
        return;
    }
    if let Ok(Some(dir)) = folder(root, false) {
        let _ = dir.remove_file(&file_name(id));
    }
}

/// The interviews kept, the most recent first.
pub fn list(root: &Path) -> Vec<Listed> {
    let Ok(Some(dir)) = folder(root, false) else {
        return Vec::new();
    };
    let mut listed: Vec<Listed> = ids(&dir)
        .into_iter()
        .filter_map(|id| {
            let kept = load(root, &id)?;
            let steps = super::interview::steps(&kept.kind)?.len();
            let reference = kept
                .text
                .parse::<toml::Table>()
                .ok()
                .and_then(|t| t.get("reference")?.as_str().map(str::to_string))
                .unwrap_or_default();
            Some(Listed {
                id,
                kind: kept.kind,
                file: kept.file,
                reference,
                left_at: if kept.step < steps {
                    format!("step {} of {steps}", kept.step + 1)
                } else {
                    "checking the answers".to_string()
                },
                at: kept.at,
            })
        })
        .collect();
    listed.sort_by(|a, b| b.at.cmp(&a.at).then(a.id.cmp(&b.id)));
    listed
}

// The routes of interviews kept: opened again where they were left, and discarded.

/// An interview kept, opened again at the step it was left (`/interview/resume?id=`).
pub(super) async fn resume(
    State(desk): State<Shared>,
    Query(r): Query<Resume>,
) -> Result<Response, DeskError> {
    let interview = load(&desk.root, &r.id).ok_or_else(not_kept)?;
    let all = super::interview::steps(&interview.kind).ok_or_else(not_kept)?;
    let held = super::interview::Held {
        id: r.id.clone(),
        file: interview.file.clone(),
        ..super::interview::Held::default()
    };
    if interview.step >= all.len() {
        return super::review::page(
            &desk,
            &interview.kind,
            all,
            &interview.text,
            &interview.file,
            &held,
            &[],
        )
        .await;
    }
    let answers = super::interview::answers_in(&interview.text, &all[interview.step]);
    super::interview::page(
        &desk,
        &interview.kind,
        interview.step,
        &interview.text,
        &answers,
        &HashMap::new(),
        &held,
    )
    .await
}

#[derive(serde::Deserialize)]
pub(super) struct Resume {
    id: String,
}

#[derive(serde::Deserialize)]
pub(super) struct Discard {
    id: String,
    csrf: String,
}

/// An interview kept, discarded from the casebook page.
pub(super) async fn discard(
    State(desk): State<Shared>,
    Form(d): Form<Discard>,
) -> Result<Redirect, DeskError> {
    desk.check_token(&d.csrf, "Not discarded")?;
    load(&desk.root, &d.id).ok_or_else(not_kept)?;
    forget(&desk.root, &d.id);
    Ok(Redirect::to("/"))
}

fn not_kept() -> DeskError {
    DeskError::page(
        StatusCode::NOT_FOUND,
        "No such interview",
        "No interview is kept at this address: it was finished or discarded, or the address is not whole. Start a new case from the casebook page.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_desks_own_only() {
        assert!(valid_id("0123456789abcdef0123456789abcdef"));
        assert!(!valid_id("../../etc/passwd"));
        assert!(!valid_id("0123456789ABCDEF0123456789ABCDEF"));
        assert!(!valid_id("0123456789abcdef"));
    }
}
