//! Approval beyond a single case's issue: a lead's family marked ready for approval
//! and approved by a second person, and a mark withdrawn by the one who made it.
//!
//! A family is its own thing to approve: its notices are made from the lead's text
//! and the list of followers (each row's facts and differences considered), so a
//! mark of the lead's own notice does not cover them (the lead may even be issued
//! long before its family). A family's mark is of the lead's text and the list as they
//! are ([`family_version`]), recorded in `issued/ready.txt` as issue 0 of the lead; a
//! change to either needs a new mark. With `serve --approval`, "Issue the family" is
//! refused without a mark of the family as it is now, or by the person who marked it;
//! the family's `manifest.json` records who drafted and who approved each approved run
//! (`approvals`), with the notices it issued.

use super::issue::same_person;
use super::record::{self, Records, FAMILY_ISSUE};
use super::{paths, DeskError, Shared};
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::Redirect;
use serde::Deserialize;
use std::path::Path;

/// The version of a family that a mark is of: the SHA-256 of the lead's text and the
/// list's path and bytes.
pub fn family_version(lead_text: &[u8], list_rel: &str, list: &[u8]) -> String {
    let mut all = Vec::with_capacity(lead_text.len() + list_rel.len() + list.len() + 2);
    all.extend_from_slice(lead_text);
    all.push(0);
    all.extend_from_slice(list_rel.as_bytes());
    all.push(0);
    all.extend_from_slice(list);
    crate::english::sha256(&all)
}

/// The family's version now (the lead's text and the list, as on disk).
fn version_now(desk: &super::Desk, lead: &Path, list: &Path) -> Result<String, DeskError> {
    let read = |p: &Path| {
        std::fs::read(p).map_err(|e| {
            desk.failed(
                StatusCode::CONFLICT,
                "Not done",
                crate::error::Error::io(p, e),
            )
        })
    };
    Ok(family_version(
        &read(lead)?,
        &paths::relative(&desk.root, list),
        &read(list)?,
    ))
}

/// Where a family stands as to approval, for its page.
#[derive(Debug, serde::Serialize)]
pub struct FamilyApproval {
    pub required: bool,
    pub user: String,
    /// The mark of the family as it is now.
    pub mark: Option<record::Ready>,
    /// Who marked an earlier version of the family (the lead or the list changed since).
    pub stale: Option<String>,
    /// Why this desk's user cannot issue the family now.
    pub blocked: Option<String>,
    /// Whether this desk's user may withdraw the mark (they made it).
    pub may_withdraw: bool,
}

/// Who drafted and approved the family's issue by `user` now, or why it is refused.
fn decide(
    records: &Records,
    rel: &str,
    version: &str,
    user: &str,
    required: bool,
) -> Result<Option<record::Ready>, String> {
    match (records.ready(rel, FAMILY_ISSUE, version), required) {
        (Some(mark), true) if same_person(&mark.drafter, user) => Err(format!(
            "{} marked this family ready for approval, and a family is approved by a second person: someone under another name must approve and issue it",
            mark.drafter
        )),
        (Some(mark), _) => Ok(Some(mark.clone())),
        (None, false) => Ok(None),
        (None, true) => Err(match records.last_mark(rel, FAMILY_ISSUE) {
            Some(mark) => format!(
                "the lead case or the list changed after {} marked the family ready for approval: check it, mark it ready again, and a second person approves and issues it",
                mark.drafter
            ),
            None => "this desk issues a family only once it has been marked ready for approval and a second person approves it: mark it ready, then someone under another name issues it".to_string(),
        }),
    }
}

/// The family's approval, for its page.
pub fn family_approval(desk: &super::Desk, lead: &Path, list: &Path) -> Option<FamilyApproval> {
    let rel = paths::relative(&desk.root, lead);
    let version = version_now(desk, lead, list).ok()?;
    let records = Records::read(&desk.root);
    let user = desk.settings.issuer();
    let required = desk.settings.approval;
    let mark = records.ready(&rel, FAMILY_ISSUE, &version).cloned();
    let stale = match mark {
        None => records
            .last_mark(&rel, FAMILY_ISSUE)
            .map(|m| m.drafter.clone()),
        Some(_) => None,
    };
    let may_withdraw = records
        .last_mark(&rel, FAMILY_ISSUE)
        .is_some_and(|m| same_person(&m.drafter, &user));
    let blocked = decide(&records, &rel, &version, &user, required).err();
    Some(FamilyApproval {
        required,
        user,
        mark,
        stale,
        blocked,
        may_withdraw,
    })
}

/// What the family's issue records as its approval, or the refusal when approval is
/// required and not given (or would be the drafter's own).
pub fn for_issue(
    desk: &super::Desk,
    lead: &Path,
    list: &Path,
) -> Result<Option<crate::bulk::Approval>, DeskError> {
    let rel = paths::relative(&desk.root, lead);
    let version = version_now(desk, lead, list)?;
    let records = Records::read(&desk.root);
    let user = desk.settings.issuer();
    match decide(&records, &rel, &version, &user, desk.settings.approval) {
        Ok(Some(mark)) => Ok(Some(crate::bulk::Approval {
            drafter: mark.drafter,
            approver: user,
            at: record::now(),
            issued: Vec::new(),
        })),
        Ok(None) => Ok(None),
        Err(why) => Err(DeskError::page(
            StatusCode::FORBIDDEN,
            "Not issued: the family needs approval by a second person",
            &format!("Nothing was issued: {why}."),
        )),
    }
}

#[derive(Deserialize)]
pub(super) struct FamilyForm {
    csrf: String,
    path: String,
    followers: String,
}

fn family_page(desk: &super::Desk, lead: &Path, list: &Path) -> Redirect {
    Redirect::to(&format!(
        "/family?path={}&followers={}",
        super::encode(&paths::relative(&desk.root, lead)),
        super::encode(&paths::relative(&desk.root, list))
    ))
}

fn issued_dir(desk: &super::Desk, title: &'static str) -> Result<crate::output::Dir, DeskError> {
    record::issued_dir(&desk.root, true)
        .map_err(|e| desk.failed(StatusCode::INTERNAL_SERVER_ERROR, title, e))?
        .ok_or_else(|| {
            DeskError::page(
                StatusCode::INTERNAL_SERVER_ERROR,
                title,
                "The issued folder could not be made.",
            )
        })
}

/// Marks the family, as the lead and the list are now, ready for approval: only a
/// family whose lead and list pass the checks as a whole (`bulk --dry-run`).
pub(super) async fn family_ready(
    State(desk): State<Shared>,
    Form(f): Form<FamilyForm>,
) -> Result<Redirect, DeskError> {
    desk.check_token(&f.csrf, "Not marked ready")?;
    let (lead, list) = super::family::named(&desk, &f.path, &f.followers)?;
    let working = desk.clone();
    let (l, li) = (lead.clone(), list.clone());
    tokio::task::spawn_blocking(move || super::family::dry_run(&working, &l, &li))
        .await
        .map_err(|e| {
            DeskError::page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Not marked ready",
                &e.to_string(),
            )
        })?
        .map_err(|e| {
            desk.failed(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Not marked ready: the family does not pass the checks",
                e,
            )
        })?;
    let version = version_now(&desk, &lead, &list)?;
    let issued = issued_dir(&desk, "Not marked ready")?;
    let _held = issued
        .hold(true)
        .map_err(|e| desk.failed(StatusCode::CONFLICT, "Not marked ready", e))?;
    let ready = record::Ready {
        case: paths::relative(&desk.root, &lead),
        issue: FAMILY_ISSUE,
        version,
        drafter: desk.settings.issuer(),
        at: record::now(),
    };
    record::mark_ready(&issued, &ready)
        .map_err(|e| desk.failed(StatusCode::INTERNAL_SERVER_ERROR, "Not marked ready", e))?;
    Ok(family_page(&desk, &lead, &list))
}

/// Withdraws the latest mark of `rel`'s `issue`, by its drafter only.
fn withdraw(desk: &super::Desk, rel: &str, issue: u32) -> Result<(), DeskError> {
    let issued = issued_dir(desk, "Not withdrawn")?;
    let _held = issued
        .hold(true)
        .map_err(|e| desk.failed(StatusCode::CONFLICT, "Not withdrawn", e))?;
    let records = Records::read_in(&issued);
    let Some(mark) = records.last_mark(rel, issue) else {
        return Err(DeskError::page(
            StatusCode::CONFLICT,
            "Not withdrawn",
            "Nothing is marked ready for approval here: there is no mark to withdraw.",
        ));
    };
    let user = desk.settings.issuer();
    if !same_person(&mark.drafter, &user) {
        return Err(DeskError::page(
            StatusCode::FORBIDDEN,
            "Not withdrawn",
            &format!(
                "Only {}, who marked it ready for approval, can withdraw the mark (this desk's user is {user}).",
                mark.drafter
            ),
        ));
    }
    record::withdraw(&issued, mark, &user)
        .map_err(|e| desk.failed(StatusCode::INTERNAL_SERVER_ERROR, "Not withdrawn", e))
}

/// Withdraws the family's mark of ready for approval (by its drafter).
pub(super) async fn family_withdraw(
    State(desk): State<Shared>,
    Form(f): Form<FamilyForm>,
) -> Result<Redirect, DeskError> {
    desk.check_token(&f.csrf, "Not withdrawn")?;
    let (lead, list) = super::family::named(&desk, &f.path, &f.followers)?;
    withdraw(&desk, &paths::relative(&desk.root, &lead), FAMILY_ISSUE)?;
    Ok(family_page(&desk, &lead, &list))
}

#[derive(Deserialize)]
pub(super) struct CaseForm {
    csrf: String,
    path: String,
}

/// Withdraws a case's mark of ready for approval (by its drafter): the mark of the
/// issue it would be next.
pub(super) async fn case_withdraw(
    State(desk): State<Shared>,
    Form(f): Form<CaseForm>,
) -> Result<Redirect, DeskError> {
    let path = desk.form_case(&f.csrf, &f.path, "Not withdrawn")?;
    let rel = paths::relative(&desk.root, &path);
    let records = Records::read(&desk.root);
    let Some(n) = super::issue::next_issue(&records, &rel) else {
        return Err(DeskError::page(
            StatusCode::CONFLICT,
            "Not withdrawn",
            "This notice has been issued: there is no mark to withdraw.",
        ));
    };
    withdraw(&desk, &rel, n)?;
    Ok(Redirect::to(&format!("/case?path={}", super::encode(&rel))))
}
