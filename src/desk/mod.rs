//! The caseworker's desk: a local web application over a casebook folder of case
//! files (`foinotice serve`). The files stay the source of truth: the desk reads
//! them, checks and previews them with the same code as the command line, saves
//! them only when they have not changed on disk since they were opened, and issues
//! notices under the same rules as `render` (atomic, never overwriting, the name
//! guards), recording each file's SHA-256 in `issued/manifest.tsv`.
//!
//! Safety: nothing outside the casebook is read or written ([`paths`], and house
//! styles through [`crate::style_scope`]); every request that changes anything
//! carries the session's CSRF token; request bodies are bounded; beyond loopback,
//! every request needs the access token printed at start; the desk answers only at
//! its own addresses, refuses changes asked by other sites, and sends headers that
//! keep other pages from framing it or running script in it ([`guard`]); slow clients
//! and handlers are cut off, and connections capped ([`server`]).

mod approve;
pub mod casebook;
mod casepage;
mod edit;
pub mod error;
pub mod family;
pub mod follower;
pub mod form;
pub mod guard;
mod interview;
mod issue;
mod kept;
pub mod panel;
pub mod paths;
pub mod record;
mod repair;
mod review;
pub mod server;
mod styles;

pub use edit::{preview_text, Preview, Shown};
pub use error::DeskError;
pub use guard::Hosts;
pub use server::{serve, serve_until, Limits, Settings};

use crate::law::Law;
use crate::templates::Templates;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Form, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The largest request body the desk takes (a case file, or a form with one).
pub const MAX_BODY: usize = 1 << 20;

/// The desk's state, shared by every request: the casebook, the law and templates
/// the checks use, the session's tokens, and the page templates.
pub struct Desk {
    root: PathBuf,
    law: Law,
    templates: Templates,
    csrf: String,
    access: Option<String>,
    /// The family runs started in this session.
    runs: family::Runs,
    /// The addresses it answers to, and its limits.
    settings: Settings,
}

pub type Shared = Arc<Desk>;

const PAGES: &[(&str, &str)] = &[
    (
        "desk/style.html",
        include_str!("../../templates/desk/style.html"),
    ),
    (
        "desk/casebook.html",
        include_str!("../../templates/desk/casebook.html"),
    ),
    (
        "desk/case.html",
        include_str!("../../templates/desk/case.html"),
    ),
    (
        "desk/message.html",
        include_str!("../../templates/desk/message.html"),
    ),
    (
        "desk/interview.html",
        include_str!("../../templates/desk/interview.html"),
    ),
    (
        "desk/field.html",
        include_str!("../../templates/desk/field.html"),
    ),
    (
        "desk/fields.html",
        include_str!("../../templates/desk/fields.html"),
    ),
    (
        "desk/summary.html",
        include_str!("../../templates/desk/summary.html"),
    ),
    (
        "desk/styles.html",
        include_str!("../../templates/desk/styles.html"),
    ),
    (
        "desk/review.html",
        include_str!("../../templates/desk/review.html"),
    ),
    (
        "desk/follower.html",
        include_str!("../../templates/desk/follower.html"),
    ),
    (
        "desk/family.html",
        include_str!("../../templates/desk/family.html"),
    ),
];

impl Desk {
    /// A desk over the casebook `root`, with the default settings (it answers to this
    /// computer's names on port 7878; [`Settings`]). `access` is the token every
    /// request must carry (when listening beyond loopback).
    pub fn new(root: &Path, access: Option<String>) -> Result<Shared, crate::error::Error> {
        Desk::with_settings(root, access, Settings::default())
    }

    /// A desk over the casebook `root` that answers at `settings.hosts` (those of
    /// the address it listens on) within `settings.limits`. It does not start when
    /// the system's random source cannot be read.
    pub fn with_settings(
        root: &Path,
        access: Option<String>,
        settings: Settings,
    ) -> Result<Shared, crate::error::Error> {
        let root = std::fs::canonicalize(root).map_err(|e| crate::error::Error::io(root, e))?;
        if !root.is_dir() {
            return Err(crate::error::Error::Usage(format!(
                "{} is not a folder\nhelp: give the casebook folder that holds the case files",
                root.display()
            )));
        }
        // The pages are checked once, at start.
        let mut check = tera::Tera::new();
        check
            .add_raw_templates(PAGES.iter().copied())
            .map_err(|e| crate::error::Error::Usage(format!("the desk's pages: {e}")))?;
        // A case on the desk reads house style files only inside the casebook.
        let mut law = Law::builtin().clone();
        law.style_scope = crate::style_scope::StyleScope::Within(root.clone());
        Ok(Arc::new(Desk {
            root,
            law,
            templates: Templates::load(None)?,
            csrf: paths::token()?,
            access,
            runs: family::Runs::default(),
            settings,
        }))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The session's CSRF token (for tests, and the pages).
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    fn page(&self, name: &str, ctx: &tera::Context) -> Response {
        error::render(name, ctx)
    }

    /// A message as the caseworker reads it: paths relative to the casebook, and no
    /// operating-system error codes.
    fn plain(&self, detail: &str) -> String {
        error::plain(&self.root, detail)
    }

    /// Refused for a reason the desk met: `title` says what was not done.
    fn failed(&self, status: StatusCode, title: &str, why: impl std::fmt::Display) -> DeskError {
        DeskError::failed(&self.root, status, title, why)
    }

    /// Whether a form carries the session's CSRF token (`title`: what is not done
    /// when it does not).
    fn check_token(&self, given: &str, title: &'static str) -> Result<(), DeskError> {
        match csrf_ok(self, given) {
            true => Ok(()),
            false => Err(DeskError::Token(title)),
        }
    }

    /// The case file a form names, once the form carries the session's token.
    fn form_case(&self, csrf: &str, path: &str, title: &'static str) -> Result<PathBuf, DeskError> {
        self.check_token(csrf, title)?;
        Ok(paths::existing(&self.root, path)?)
    }
}

/// The desk's page templates (built into the program).
fn pages() -> &'static tera::Tera {
    static PAGES_BUILT: std::sync::OnceLock<tera::Tera> = std::sync::OnceLock::new();
    PAGES_BUILT.get_or_init(|| {
        let mut pages = tera::Tera::new();
        // The templates are the program's own: a mistake in one is found by every
        // test of the desk.
        if let Err(e) = pages.add_raw_templates(PAGES.iter().copied()) {
            eprintln!("the desk's pages: {e}");
        }
        pages
    })
}

/// The desk's routes.
pub fn router(desk: Shared) -> Router {
    Router::new()
        .route("/", get(casebook_page))
        .route("/case", get(casepage::case_page))
        .route("/styles", get(styles::page))
        .route("/case/pdf", get(case_pdf))
        .route("/case/save", post(edit::save))
        .route("/case/issue", post(issue::issue))
        .route("/case/revise", post(issue::revise))
        .route("/case/ready", post(issue::ready))
        .route("/case/withdraw", post(approve::case_withdraw))
        .route("/new", post(new_case))
        .route("/interview", get(interview::start).post(interview::answer))
        .route("/interview/resume", get(kept::resume))
        .route("/interview/discard", post(kept::discard))
        .route("/family", get(family::page))
        .route("/family/upload", post(family::upload))
        .route("/family/consider", post(family::consider))
        .route("/family/issue", post(family::issue))
        .route("/family/ready", post(approve::family_ready))
        .route("/family/withdraw", post(approve::family_withdraw))
        .route("/family/events", get(family::events))
        .route("/family/preview", get(follower::preview))
        .route("/family/manifest", get(family::manifest))
        .route("/issued", get(issue::issued_file))
        .route("/api/preview", post(edit::preview))
        .route("/api/set", post(edit::set_field))
        .route("/api/list", post(edit::change_list))
        .route("/api/fields", post(edit::fields))
        .route("/api/citations", get(edit::citations))
        .route("/static/{name}", get(guard::asset))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            desk.clone(),
            guard::time_limit,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(desk.clone(), access))
        .layer(middleware::from_fn_with_state(desk.clone(), guard::origin))
        .layer(middleware::map_response(guard::secure))
        .with_state(desk)
}

async fn not_found() -> DeskError {
    DeskError::page(
        StatusCode::NOT_FOUND,
        "Not found",
        "The desk has no page at this address.",
    )
}

/// Beyond loopback, every request carries the access token: as `?access=` once (which
/// sets a cookie, `HttpOnly` and `SameSite=Strict`) or in that cookie. The cookie is
/// read with axum-extra's cookie jar, the query with `form_urlencoded`.
async fn access(
    State(desk): State<Shared>,
    jar: axum_extra::extract::CookieJar,
    req: Request,
    next: Next,
) -> Response {
    let Some(token) = desk.access.clone() else {
        return next.run(req).await;
    };
    let cookie = jar
        .iter()
        .any(|c| c.name() == ACCESS_COOKIE && paths::same_token(c.value(), &token));
    let query = req.uri().query().is_some_and(|q| {
        form_urlencoded::parse(q.as_bytes())
            .any(|(k, v)| k == "access" && paths::same_token(&v, &token))
    });
    if !cookie && !query {
        return DeskError::page(
            StatusCode::UNAUTHORIZED,
            "Access token needed",
            "This desk listens beyond this computer: open the address it printed when it started, with its access token.",
        )
        .into_response();
    }
    let r = next.run(req).await;
    if !query {
        return r;
    }
    let set = axum_extra::extract::cookie::Cookie::build((ACCESS_COOKIE, token))
        .http_only(true)
        .same_site(axum_extra::extract::cookie::SameSite::Strict)
        .path("/");
    (jar.add(set), r).into_response()
}

/// The cookie that carries the access token.
const ACCESS_COOKIE: &str = "desk_access";

fn csrf_ok(desk: &Desk, given: &str) -> bool {
    paths::same_token(given, &desk.csrf)
}

async fn casebook_page(State(desk): State<Shared>) -> Response {
    let today = today();
    // Every case file is read and checked: off the async workers.
    let working = desk.clone();
    let mut entries =
        tokio::task::spawn_blocking(move || casebook::entries(&working.root, &working.law, today))
            .await
            .unwrap_or_default();
    // Files named by their path in the casebook, without system error codes.
    for e in &mut entries {
        if let Some(p) = &mut e.problem {
            *p = desk.plain(p);
        }
    }
    let mut ctx = tera::Context::new();
    ctx.insert("root", &desk.root.display().to_string());
    ctx.insert("entries", &entries);
    let root = desk.root.clone();
    let interviews = tokio::task::spawn_blocking(move || kept::list(&root))
        .await
        .unwrap_or_default();
    ctx.insert("interviews", &interviews);
    ctx.insert("csrf", &desk.csrf);
    ctx.insert(
        "kinds",
        &[
            ("decision-notice", "Decision notice"),
            ("refusal-notice", "Refusal notice"),
        ],
    );
    desk.page("desk/casebook.html", &ctx)
}

#[derive(Deserialize)]
pub(crate) struct CaseQuery {
    path: String,
    /// Set after a save (the page says it was saved).
    #[serde(default)]
    saved: Option<String>,
}

async fn case_pdf(
    State(desk): State<Shared>,
    Query(q): Query<CaseQuery>,
) -> Result<Response, DeskError> {
    let path = paths::existing(&desk.root, &q.path)?;
    // Rendering is CPU work: off the async workers.
    let working = desk.clone();
    let rendered = tokio::task::spawn_blocking(move || {
        crate::case::load_with(&path, &working.law)
            .map_err(crate::error::Error::Case)
            .and_then(|case| crate::notice::document(&case, &working.templates))
            .and_then(|doc| crate::render::pdf::render(&crate::render::pdf::Cache::default(), &doc))
    })
    .await
    .unwrap_or_else(|e| Err(crate::error::Error::Interrupted(e.to_string())));
    match rendered {
        Ok(bytes) => Ok((
            [(header::CONTENT_TYPE, "application/pdf")],
            Body::from(bytes),
        )
            .into_response()),
        Err(e) => Err(desk.failed(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The notice cannot be made yet",
            e,
        )),
    }
}

#[derive(Deserialize)]
struct NewForm {
    kind: String,
    name: String,
    csrf: String,
}

async fn new_case(
    State(desk): State<Shared>,
    Form(f): Form<NewForm>,
) -> Result<Redirect, DeskError> {
    desk.check_token(&f.csrf, "Not created")?;
    let Some(text) = crate::skeleton::skeleton(&f.kind) else {
        return Err(DeskError::page(
            StatusCode::BAD_REQUEST,
            "Not created",
            "Choose a decision notice or a refusal notice.",
        ));
    };
    let name = if f.name.ends_with(".toml") {
        f.name.clone()
    } else {
        format!("{}.toml", f.name)
    };
    let path = paths::new_file_in_new_folders(&desk.root, &name)?;
    crate::output::write_new(&path, text.as_bytes(), false)
        .map_err(|e| desk.failed(StatusCode::CONFLICT, "Not created", e))?;
    Ok(Redirect::to(&format!(
        "/case?path={}",
        encode(&paths::relative(&desk.root, &path))
    )))
}

/// Today's date (UTC), from the system clock.
fn today() -> chrono::NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|e| e.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

/// What a path keeps as it is in a URL query value: letters, digits, `-_.~` and the
/// `/` between its folders; anything else is percent-encoded.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// A path as a URL query value.
pub(crate) fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_path_in_an_address_keeps_its_folders_and_encodes_the_rest() {
        assert_eq!(super::encode("cases/IC 1&2.toml"), "cases/IC%201%262.toml");
        assert_eq!(super::encode("é~_-."), "%C3%A9~_-.");
    }
}
