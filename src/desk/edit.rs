//! Editing a case on the desk: the live preview (checked and rendered from the text in
//! the editor), fields set in the text, citations offered, and saving.

use super::{casebook, csrf_ok, encode, form, paths, Desk, DeskError, Shared};
use crate::case::Format as SourceFormat;
use crate::diagnostic::Diagnostic;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::path::Path;
/// What the preview shows: the notice as HTML, or the problems that stop it, each
/// at its line and field.
#[derive(Serialize)]
pub struct Preview {
    pub html: Option<String>,
    pub diagnostics: Vec<Shown>,
    pub dates: Vec<(String, String)>,
}

#[derive(Serialize)]
pub struct Shown {
    pub severity: &'static str,
    pub line: usize,
    pub column: usize,
    pub field: String,
    pub message: String,
    pub help: String,
}

impl From<&Diagnostic> for Shown {
    fn from(d: &Diagnostic) -> Shown {
        Shown {
            severity: match d.severity {
                crate::diagnostic::Severity::Error => "error",
                crate::diagnostic::Severity::Warning => "warning",
            },
            line: d.line,
            column: d.column,
            field: d.field.clone(),
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

/// Checks and renders case-file text as if it were the file at `path` (so that a
/// house style named relative to it is found).
pub fn preview_text(desk: &Desk, path: &Path, text: &str) -> Preview {
    let mut preview = checked(desk, path, text);
    // Files named by their path in the casebook, without system error codes.
    for d in &mut preview.diagnostics {
        d.message = desk.plain(&d.message);
        d.help = desk.plain(&d.help);
    }
    preview
}

fn checked(desk: &Desk, path: &Path, text: &str) -> Preview {
    match crate::case::parse_with(path, text.to_string(), SourceFormat::Toml, &desk.law) {
        Ok(case) => {
            let mut diagnostics: Vec<Shown> = case.warnings.iter().map(Shown::from).collect();
            let dates = case
                .timeline
                .as_ref()
                .map(|t| {
                    let mut v = vec![("response due".to_string(), t.response_due.to_string())];
                    for (w, d) in [
                        ("complain by", t.complaint_deadline),
                        ("steps due", t.compliance_due),
                        ("appeal by", t.appeal_due),
                        ("review request by", t.review_request_by),
                    ] {
                        if let Some(d) = d {
                            v.push((w.to_string(), d.to_string()));
                        }
                    }
                    if !t.breaches.is_empty() {
                        v.push(("dates show a breach of".into(), t.breaches.join(", ")));
                    }
                    v
                })
                .unwrap_or_default();
            match crate::notice::document(&case, &desk.templates) {
                Ok(doc) => Preview {
                    html: Some(crate::render::html::render(&doc)),
                    diagnostics,
                    dates,
                },
                Err(crate::error::Error::Case(ds)) => {
                    diagnostics.extend(ds.iter().map(Shown::from));
                    Preview {
                        html: None,
                        diagnostics,
                        dates,
                    }
                }
                Err(e) => {
                    diagnostics.push(Shown {
                        severity: "error",
                        line: 0,
                        column: 0,
                        field: String::new(),
                        message: e.to_string(),
                        help: String::new(),
                    });
                    Preview {
                        html: None,
                        diagnostics,
                        dates,
                    }
                }
            }
        }
        Err(ds) => Preview {
            html: None,
            diagnostics: ds.iter().map(Shown::from).collect(),
            dates: Vec::new(),
        },
    }
}

/// The guard of a script's request: the session's token in its `x-csrf-token` header.
fn header_csrf(desk: &Desk, headers: &HeaderMap) -> Result<(), DeskError> {
    let token = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match csrf_ok(desk, token) {
        true => Ok(()),
        false => Err(DeskError::ScriptToken),
    }
}

/// The guard of a script's request about a case: the session's token in its header,
/// and a case file in the casebook; the file's path.
fn scripted(desk: &Desk, headers: &HeaderMap, path: &str) -> Result<std::path::PathBuf, DeskError> {
    header_csrf(desk, headers)?;
    Ok(paths::existing(&desk.root, path)?)
}

/// A changed text as JSON (`{"text": …}`), or why it could not be changed (at `field`).
fn changed_text(
    changed: Result<String, String>,
    field: Option<&str>,
) -> Result<Json<serde_json::Value>, DeskError> {
    match changed {
        Ok(text) => Ok(Json(serde_json::json!({ "text": text }))),
        Err(error) => Err(DeskError::Json {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            field: field.map(str::to_string),
            error,
        }),
    }
}

#[derive(Deserialize)]
pub(super) struct PreviewRequest {
    path: String,
    text: String,
}

pub(super) async fn preview(
    State(desk): State<Shared>,
    headers: HeaderMap,
    Json(req): Json<PreviewRequest>,
) -> Result<Json<Preview>, DeskError> {
    let path = scripted(&desk, &headers, &req.path)?;
    // Checking and rendering are CPU work: done off the async workers, so that one
    // long preview never holds up the desk's other requests.
    let working = desk.clone();
    tokio::task::spawn_blocking(move || preview_text(&working, &path, &req.text))
        .await
        .map(Json)
        .map_err(|e| {
            DeskError::text(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("no preview: {e}"),
            )
        })
}

#[derive(Deserialize)]
pub(super) struct SetRequest {
    path: String,
    text: String,
    field: String,
    value: String,
}

/// Sets one field in the text (not on disk: saving does that), keeping the rest of
/// the text as written.
pub(super) async fn set_field(
    State(desk): State<Shared>,
    headers: HeaderMap,
    Json(req): Json<SetRequest>,
) -> Result<Json<serde_json::Value>, DeskError> {
    scripted(&desk, &headers, &req.path)?;
    let Some(kind) = super::panel::kind_of(&req.field) else {
        return Err(DeskError::Json {
            status: StatusCode::BAD_REQUEST,
            field: Some(req.field.clone()),
            error: format!("no field `{}` on the desk", req.field),
        });
    };
    // A bad value elsewhere in the text (a date that does not exist) does not stop
    // this field from being set.
    changed_text(
        super::repair::edit(&req.text, |t| form::set(t, &req.field, &req.value, kind)),
        Some(&req.field),
    )
}

#[derive(Deserialize)]
pub(super) struct ListRequest {
    path: String,
    text: String,
    list: String,
    /// "add", or "remove" with `index`.
    op: String,
    #[serde(default)]
    index: Option<usize>,
}

/// Adds an element to one of the case's lists, or removes one, in the text (not on
/// disk), keeping the rest as written.
pub(super) async fn change_list(
    State(desk): State<Shared>,
    headers: HeaderMap,
    Json(req): Json<ListRequest>,
) -> Result<Json<serde_json::Value>, DeskError> {
    scripted(&desk, &headers, &req.path)?;
    let changed = super::repair::edit(&req.text, |t| match (req.op.as_str(), req.index) {
        ("add", _) => super::panel::add(t, &req.list),
        ("remove", Some(i)) => super::panel::remove(t, &req.list, i),
        _ => Err("say add, or remove with the element's index".to_string()),
    });
    changed_text(changed, None)
}

/// The panel of fields for a text, as the case page shows it (after a list changed).
pub(super) async fn fields(
    State(desk): State<Shared>,
    headers: HeaderMap,
    Json(req): Json<PreviewRequest>,
) -> Result<Response, DeskError> {
    scripted(&desk, &headers, &req.path)?;
    let sections = tokio::task::spawn_blocking(move || super::panel::panel(&req.text))
        .await
        .map_err(|e| DeskError::text(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()))?;
    let mut ctx = tera::Context::new();
    ctx.insert("sections", &sections);
    Ok(desk.page("desk/fields.html", &ctx))
}

#[derive(Deserialize)]
pub(super) struct CitationQuery {
    regime: String,
    date: Option<String>,
}

/// The provisions in force on a date, to offer as citations.
pub(super) async fn citations(
    State(desk): State<Shared>,
    Query(q): Query<CitationQuery>,
) -> Result<Json<Vec<serde_json::Value>>, DeskError> {
    let regime = match q.regime.as_str() {
        "FOIA" => crate::statute::Regime::Foia,
        "EIR" => crate::statute::Regime::Eir,
        _ => {
            return Err(DeskError::text(
                StatusCode::BAD_REQUEST,
                "regime is FOIA or EIR",
            ))
        }
    };
    let date = q
        .date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let list: Vec<serde_json::Value> = desk
        .law
        .catalogue
        .provisions()
        .iter()
        .filter(|p| p.regime == regime && p.in_force(date))
        .map(|p| serde_json::json!({ "number": p.number, "title": p.title }))
        .collect();
    Ok(Json(list))
}

#[derive(Deserialize)]
pub(super) struct SaveForm {
    path: String,
    text: String,
    version: String,
    csrf: String,
}

/// Why a save was not made.
enum NotSaved {
    /// The file on disk is not the version the page opened.
    Changed,
    Failed(crate::error::Error),
}

/// Writes `text` to the case file if it is still the version the page opened (its
/// SHA-256 is `version`): compared and written while its folder is held, so that of
/// saves made at once from one version, exactly one is made.
fn write_if_unchanged(path: &Path, version: &str, text: &str) -> Result<(), NotSaved> {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str()))
    else {
        return Err(NotSaved::Changed);
    };
    let dir = crate::output::Dir::open(folder).map_err(NotSaved::Failed)?;
    let _held = dir.hold(true).map_err(NotSaved::Failed)?;
    let on_disk = dir
        .read(name)
        .map_err(NotSaved::Failed)?
        .unwrap_or_default();
    if crate::english::sha256(&on_disk) != version {
        return Err(NotSaved::Changed);
    }
    dir.write(name, text.as_bytes(), true)
        .map_err(NotSaved::Failed)
}

pub(super) async fn save(
    State(desk): State<Shared>,
    Form(f): Form<SaveForm>,
) -> Result<Response, DeskError> {
    let path = desk.form_case(&f.csrf, &f.path, "Not saved")?;
    let rel = paths::relative(&desk.root, &path);
    if matches!(
        casebook::state(&desk.root, &rel),
        casebook::State::Issued(_)
    ) {
        return Err(DeskError::page(
            StatusCode::CONFLICT,
            "Not saved: the notice is issued",
            "An issued case is read-only: its notice is a record. Start a revision to change it.",
        ));
    }
    // Normalise the browser's line ends; refuse text that is not TOML: the page again,
    // with the text as typed, each problem at its field.
    let text = f.text.replace("\r\n", "\n");
    if text.parse::<toml::Table>().is_err() {
        let editing = super::casepage::Editing {
            problems: super::casepage::not_toml(&text),
            text,
            version: f.version,
            saved: false,
        };
        return super::casepage::render(&desk, path, editing).await;
    }
    let saving = path.clone();
    let saved = tokio::task::spawn_blocking(move || write_if_unchanged(&saving, &f.version, &text))
        .await
        .unwrap_or_else(|e| {
            Err(NotSaved::Failed(crate::error::Error::Interrupted(
                e.to_string(),
            )))
        });
    match saved {
        Ok(()) => Ok(Redirect::to(&format!("/case?path={}&saved=1", encode(&rel))).into_response()),
        Err(NotSaved::Changed) => Err(DeskError::page(
            StatusCode::CONFLICT,
            "Not saved: the file changed on disk",
            "The case file was changed (in an editor, or another window) after this page opened it. Nothing was overwritten: copy your changes, reload the page, and apply them again.",
        )),
        Err(NotSaved::Failed(e)) => Err(desk.failed(StatusCode::INTERNAL_SERVER_ERROR, "Not saved", e)),
    }
}
