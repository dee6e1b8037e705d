//! A follower's notice previewed before its family is issued: the follower's row laid
//! over the lead's facts with the family's references, as `foinotice bulk` makes it
//! (the same merge, footnotes and family list), checked and rendered as HTML, and shown
//! in a sandboxed frame. Its SHA-256 is the issued HTML file's.

use super::family::named;
use super::{encode, Desk, DeskError, Shared};
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
pub(super) struct PreviewQuery {
    path: String,
    followers: String,
    reference: String,
}

/// One notice of the family as it would be issued: the follower's facts laid over
/// the lead's, with the family's references, checked and rendered as HTML. `Err`
/// says why it cannot be made.
pub fn follower_notice(
    desk: &Desk,
    lead: &Path,
    list: &Path,
    reference: &str,
) -> Result<String, String> {
    use crate::bulk;
    let source = std::fs::read_to_string(lead).map_err(|e| desk.plain(&e.to_string()))?;
    let lead_table: toml::Table = source
        .parse()
        .map_err(|_| "the lead case file is not TOML".to_string())?;
    let lead_ref = bulk::reference_of(&lead_table).unwrap_or_default();
    let followers =
        bulk::read_followers(list, &lead_table, &lead_ref, &desk.law).map_err(|ds| {
            ds.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        })?;
    let mut family = vec![lead_ref.clone()];
    for f in &followers {
        if let Some(r) = bulk::reference_of(&f.facts).filter(|r| !r.trim().is_empty()) {
            if !family.contains(&r) {
                family.push(r);
            }
        }
    }
    let ordered = bulk::family_order(&lead_ref, &family);
    let (facts, is_lead) = if reference == lead_ref {
        (lead_table.clone(), true)
    } else {
        let follower = followers
            .iter()
            .find(|f| bulk::reference_of(&f.facts).as_deref() == Some(reference))
            .ok_or_else(|| format!("the list has no follower {reference}"))?;
        if !follower.problems.is_empty() {
            return Err(follower
                .problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"));
        }
        let mut merged = bulk::merge(&lead_table, &follower.facts);
        bulk::prune_footnotes(&mut merged, &follower.facts);
        (merged, false)
    };
    let mut facts = facts;
    bulk::set_family(&mut facts, reference, &ordered, is_lead);
    let name = std::path::PathBuf::from(format!("{}.toml", bulk::file_stem(reference)));
    let case = crate::case::from_table(&name, facts, &desk.law).map_err(|ds| {
        ds.iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let doc =
        crate::notice::document(&case, &desk.templates).map_err(|e| desk.plain(&e.to_string()))?;
    Ok(crate::render::html::render(&doc))
}

/// A follower's notice, previewed before the family is issued.
pub(super) async fn preview(
    State(desk): State<Shared>,
    Query(q): Query<PreviewQuery>,
) -> Result<Response, DeskError> {
    let (lead, list) = named(&desk, &q.path, &q.followers)?;
    let working = desk.clone();
    let reference = q.reference.clone();
    let made =
        tokio::task::spawn_blocking(move || follower_notice(&working, &lead, &list, &reference))
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
    let mut ctx = tera::Context::new();
    ctx.insert("path", &q.path);
    ctx.insert("query", &encode(&q.path));
    ctx.insert("followers_query", &encode(&q.followers));
    ctx.insert("reference", &q.reference);
    match made {
        Ok(html) => {
            ctx.insert("sha256", &crate::english::sha256(html.as_bytes()));
            ctx.insert("html", &html);
        }
        Err(why) => ctx.insert("problem", &desk.plain(&why)),
    }
    Ok(desk.page("desk/follower.html", &ctx))
}
