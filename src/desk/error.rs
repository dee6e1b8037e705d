//! Why the desk did not do what a request asked, as one type: every handler returns
//! `Result<_, DeskError>`, and [`DeskError`]'s [`IntoResponse`] makes the answer (a
//! page saying what was not done and why, or for the pages' scripts plain text or
//! JSON), as axum's error-handling example does. The words a caseworker reads name
//! files by their path in the casebook, never where the casebook sits on the
//! computer, and carry no operating-system error codes ([`DeskError::failed`]).

use super::paths::Refused;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

/// What was not done, and why.
#[derive(Debug)]
pub enum DeskError {
    /// A form without the session's token: `.0` says what was not done.
    Token(&'static str),
    /// A script's request without the session's token.
    ScriptToken,
    /// A path a request named, refused.
    Path(Refused),
    /// Refused, with a page: its status, its title (what was not done) and the
    /// reason, already in the caseworker's words.
    Page {
        status: StatusCode,
        title: String,
        detail: String,
    },
    /// A script's request refused, as JSON: the field it is about, and why.
    Json {
        status: StatusCode,
        field: Option<String>,
        error: String,
    },
    /// A script's request refused, as plain text.
    Text { status: StatusCode, text: String },
}

impl DeskError {
    /// Refused, with a page.
    pub fn page(status: StatusCode, title: &str, detail: &str) -> DeskError {
        DeskError::Page {
            status,
            title: title.to_string(),
            detail: detail.to_string(),
        }
    }

    /// A request that could not be done for a reason the desk met (a full disk, a
    /// file that could not be read): `what` was not done, and why, with paths made
    /// relative to the casebook `root` and no operating-system error codes.
    pub fn failed(
        root: &std::path::Path,
        status: StatusCode,
        title: &str,
        why: impl std::fmt::Display,
    ) -> DeskError {
        DeskError::page(status, title, &plain(root, &why.to_string()))
    }

    pub fn text(status: StatusCode, text: &str) -> DeskError {
        DeskError::Text {
            status,
            text: text.to_string(),
        }
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        match self {
            DeskError::Token(_) | DeskError::ScriptToken => StatusCode::FORBIDDEN,
            DeskError::Path(Refused::NotACaseName) => StatusCode::BAD_REQUEST,
            DeskError::Path(Refused::Outside) => StatusCode::FORBIDDEN,
            DeskError::Path(Refused::Missing) => StatusCode::NOT_FOUND,
            DeskError::Page { status, .. }
            | DeskError::Json { status, .. }
            | DeskError::Text { status, .. } => *status,
        }
    }

    /// The title and the reason, as the page says them.
    fn words(&self) -> (String, String) {
        let (title, detail) = match self {
            DeskError::Token(what) => (*what, "The form did not carry this session's token: reload the page and try again."),
            DeskError::Path(Refused::NotACaseName) => ("Not a case file name", "A file is named by its path inside the casebook, ending .toml (or .csv or .xlsx for a list of followers): no .., no folder starting with a dot, no tab or other control character, and nothing in the issued folder, which holds records."),
            DeskError::Path(Refused::Outside) => ("Outside the casebook", "That path leads outside the casebook folder, or something is already there."),
            DeskError::Path(Refused::Missing) => ("No such case file", "Nothing is at that path in the casebook."),
            DeskError::Page { title, detail, .. } => return (title.clone(), detail.clone()),
            DeskError::ScriptToken => ("Refused", "missing or wrong CSRF token"),
            DeskError::Json { error, .. } => ("Refused", error.as_str()),
            DeskError::Text { text, .. } => ("Refused", text.as_str()),
        };
        (title.to_string(), detail.to_string())
    }
}

impl From<Refused> for DeskError {
    fn from(why: Refused) -> DeskError {
        DeskError::Path(why)
    }
}

impl std::fmt::Display for DeskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (title, detail) = self.words();
        write!(f, "{title}: {detail}")
    }
}

impl IntoResponse for DeskError {
    fn into_response(self) -> Response {
        let status = self.status();
        match self {
            DeskError::ScriptToken => (status, "missing or wrong CSRF token").into_response(),
            DeskError::Text { text, .. } => (status, text).into_response(),
            DeskError::Json { field, error, .. } => (
                status,
                axum::Json(serde_json::json!({ "field": field, "error": error })),
            )
                .into_response(),
            page => {
                let (title, detail) = page.words();
                let mut ctx = tera::Context::new();
                ctx.insert("title", &title);
                ctx.insert("detail", &detail);
                let mut r = render("desk/message.html", &ctx);
                *r.status_mut() = status;
                r
            }
        }
    }
}

/// One of the desk's pages, rendered with `ctx` (a page that cannot be rendered is
/// answered with why, as text).
pub fn render(name: &str, ctx: &tera::Context) -> Response {
    match super::pages().render(name, ctx) {
        Ok(html) => Html(html).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("the desk's page {name}: {e}"),
        )
            .into_response(),
    }
}

/// A message as the caseworker reads it: paths relative to the casebook `root`
/// (never where the casebook sits on the computer), and no operating-system error
/// codes.
pub fn plain(root: &std::path::Path, detail: &str) -> String {
    let root = format!("{}/", root.display());
    let mut text = detail.replace(&root, "");
    // "… (os error 28)" after the system's own words.
    while let Some(at) = text.find(" (os error ") {
        let end = text[at..].find(')').map_or(text.len(), |e| at + e + 1);
        text.replace_range(at..end, "");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_files_in_the_casebook_without_system_codes() {
        let root = std::path::Path::new("/home/x/casebook");
        assert_eq!(
            plain(
                root,
                "cannot write /home/x/casebook/issued/a.pdf: No space left on device (os error 28)"
            ),
            "cannot write issued/a.pdf: No space left on device"
        );
    }

    #[test]
    fn each_refusal_has_its_status() {
        assert_eq!(
            DeskError::Path(Refused::Missing).status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            DeskError::Token("Not saved").status(),
            StatusCode::FORBIDDEN
        );
        let r = DeskError::page(StatusCode::CONFLICT, "Not issued", "why").into_response();
        assert_eq!(r.status(), StatusCode::CONFLICT);
    }
}
