//! The case page: the case file in an editor, its fields, its checks and preview,
//! what was issued, and where it stands as to approval. Read, checked and rendered
//! off the async workers. A page refused on saving (the text is not TOML) is drawn
//! again with the text as typed, an error summary at the top linking to each field
//! in error, and those fields marked.

use super::{casebook, encode, issue, panel, paths, record, CaseQuery, Desk, DeskError, Shared};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::path::Path;

/// One entry of a page's error summary: what is wrong, linking to the field.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// The id of the field (`#…`) the entry links to.
    pub href: String,
    pub text: String,
}

/// The case as a caseworker is editing it: the text in the editor (as on disk, or as
/// typed when a save was refused) and the version of the file the page opened.
pub struct Editing {
    pub text: String,
    pub version: String,
    /// Why the text was not saved, each at its field.
    pub problems: Vec<Problem>,
    /// Whether the page follows a save.
    pub saved: bool,
}

/// The page's context, for the case file at `path` being edited as `editing`.
fn context(desk: &Desk, path: &Path, editing: &Editing) -> tera::Context {
    let text = &editing.text;
    let rel = paths::relative(&desk.root, path);
    let preview = super::preview_text(desk, path, text);
    let records = record::Records::read(&desk.root);
    let issued = records.files(&rel);
    let state = records.state(&rel);
    let read_only = matches!(state, casebook::State::Issued(_));
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    let approval = issue::approval_of(desk, &records, &rel, &on_disk);
    let mut ctx = tera::Context::new();
    ctx.insert("query", &encode(&rel));
    ctx.insert("path", &rel);
    ctx.insert("text", text);
    ctx.insert("version", &editing.version);
    ctx.insert("problems", &editing.problems);
    ctx.insert("saved", &editing.saved);
    // Where the next issue goes (shown before issuing).
    let next = match state {
        casebook::State::Draft => 1,
        casebook::State::Revising(n) | casebook::State::Issued(n) => n + 1,
    };
    ctx.insert(
        "issue_folder",
        &format!("{}/", record::issue_path(&rel, next)),
    );
    ctx.insert("csrf", &desk.csrf);
    // A case that does not pass the checks cannot be issued: the button says so
    // rather than leading to a refusal.
    ctx.insert(
        "failing",
        &preview.diagnostics.iter().any(|d| d.severity == "error"),
    );
    ctx.insert("preview", &preview);
    ctx.insert("issued", &issued);
    ctx.insert("read_only", &read_only);
    ctx.insert("state", &state);
    ctx.insert("approval", &approval);
    ctx.insert("sections", &panel::panel(text));
    let decision = super::repair::repair(text)
        .text
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get("kind").and_then(|k| k.as_str().map(str::to_string)))
        .is_some_and(|k| k == "decision-notice");
    ctx.insert("decision", &decision);
    ctx
}

/// The case page, drawn off the async workers.
pub(super) async fn render(
    desk: &Shared,
    path: std::path::PathBuf,
    editing: Editing,
) -> Result<Response, DeskError> {
    let refused = !editing.problems.is_empty();
    let working = desk.clone();
    let ctx = tokio::task::spawn_blocking(move || context(&working, &path, &editing))
        .await
        .map_err(|e| {
            desk.failed(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The case page could not be drawn",
                e,
            )
        })?;
    let page = desk.page("desk/case.html", &ctx);
    Ok(match refused {
        true => (StatusCode::UNPROCESSABLE_ENTITY, page).into_response(),
        false => page,
    })
}

pub(super) async fn case_page(
    State(desk): State<Shared>,
    Query(q): Query<CaseQuery>,
) -> Result<Response, DeskError> {
    let path = paths::existing(&desk.root, &q.path)?;
    let reading = path.clone();
    let text = tokio::task::spawn_blocking(move || std::fs::read_to_string(reading))
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(|| {
            DeskError::page(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Not a text file",
                "The case file could not be read as UTF-8 text.",
            )
        })?;
    let editing = Editing {
        version: crate::english::sha256(text.as_bytes()),
        text,
        problems: Vec::new(),
        saved: q.saved.is_some(),
    };
    render(&desk, path, editing).await
}

/// Why a text is not TOML, each problem linking to its field (a bad value) or to
/// the editor at its line.
pub fn not_toml(text: &str) -> Vec<Problem> {
    let repaired = super::repair::repair(text);
    if repaired.complete {
        let fields: Vec<panel::Shown> = panel::panel(text)
            .into_iter()
            .flat_map(|s| {
                s.fields.into_iter().chain(
                    s.groups
                        .into_iter()
                        .flat_map(|g| g.elements)
                        .flat_map(|e| e.fields),
                )
            })
            .collect();
        return repaired
            .bad
            .iter()
            .map(|b| {
                let field = fields.iter().find(|f| {
                    f.error
                        .as_deref()
                        .is_some_and(|e| e.starts_with(&format!("line {}:", b.line)))
                });
                Problem {
                    href: field.map_or_else(|| "#text".to_string(), |f| format!("#f-{}", f.id)),
                    text: {
                        let what = match b.raw.is_empty() {
                            true => "no value".to_string(),
                            false => format!("`{}` cannot be read", b.raw),
                        };
                        match field {
                            Some(f) => {
                                format!("{}: {what}: {} (line {})", f.label, b.message, b.line)
                            }
                            None => format!("Line {}: {what}: {}", b.line, b.message),
                        }
                    },
                }
            })
            .collect();
    }
    let e = match text.parse::<toml_edit::DocumentMut>() {
        Ok(_) => return Vec::new(),
        Err(e) => e,
    };
    let at = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    vec![Problem {
        href: "#text".into(),
        text: format!(
            "The case file is not TOML{}: {}",
            at.map(|l| format!(" at line {l}")).unwrap_or_default(),
            e.message().trim()
        ),
    }]
}
