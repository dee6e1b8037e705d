//! The casebook's house styles (docs/house-style.md): every `.toml` file of the
//! casebook that is not a case file, read as a style, listed with its description and
//! whether it can be used (its first problem at its line when not), and the cases that
//! name it with `style = "…"`. Read-only: a style is drafted from letters and edited on
//! the command line (`styles draft`, `styles export`).

use super::{casebook, paths, Shared};
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
pub struct Listed {
    pub path: String,
    pub description: String,
    pub kind: String,
    /// Its first problem, located, when it cannot be used.
    pub problem: Option<String>,
    /// The case files that name it.
    pub used_by: Vec<String>,
}

/// The `.toml` files of the casebook that are not case files and read as a table
/// with a style's keys (a description, or one of its tables).
fn style_files(root: &Path) -> Vec<std::path::PathBuf> {
    let cases = casebook::case_files(root);
    casebook::toml_files(root)
        .into_iter()
        .filter(|p| !cases.contains(p))
        .collect()
}

pub fn list(desk: &super::Desk) -> Vec<Listed> {
    let root = &desk.root;
    // Each case that names a style file: the case, and the style file it names.
    let cases: Vec<(String, std::path::PathBuf)> = casebook::case_files(root)
        .into_iter()
        .filter_map(|p| {
            let t: toml::Table = std::fs::read_to_string(&p).ok()?.parse().ok()?;
            let spec = t.get("style")?.as_str()?;
            if !spec.ends_with(".toml") {
                return None;
            }
            Some((paths::relative(root, &p), p.parent()?.join(spec)))
        })
        .collect();
    style_files(root)
        .into_iter()
        .map(|path| {
            let rel = paths::relative(root, &path);
            let table: Option<toml::Table> = std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| t.parse().ok());
            let text = |k: &str| {
                table
                    .as_ref()
                    .and_then(|t| t.get(k)?.as_str().map(str::to_string))
                    .unwrap_or_default()
            };
            let dir = path.parent().unwrap_or(root);
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let problem = crate::style::resolve(&name, dir, None).err().map(|d| {
                let located = if d.line > 0 {
                    format!("line {}: {}", d.line, d.message)
                } else {
                    d.message.clone()
                };
                desk.plain(&located)
            });
            let same = std::fs::canonicalize(&path).ok();
            let used_by = cases
                .iter()
                .filter(|(_, named)| same.is_some() && std::fs::canonicalize(named).ok() == same)
                .map(|(case, _)| case.clone())
                .collect();
            Listed {
                path: rel,
                description: text("description"),
                kind: text("kind"),
                problem,
                used_by,
            }
        })
        .collect()
}

/// The house styles page.
pub(super) async fn page(State(desk): State<Shared>) -> Response {
    let working = desk.clone();
    let styles = tokio::task::spawn_blocking(move || list(&working))
        .await
        .unwrap_or_default();
    let mut ctx = tera::Context::new();
    ctx.insert("styles", &styles);
    ctx.insert(
        "builtin",
        &crate::style::builtin()
            .into_iter()
            .map(|(name, _, description)| (name.to_string(), description))
            .collect::<Vec<_>>(),
    );
    desk.page("desk/styles.html", &ctx)
}
