//! The interview's last page: every answer, step by step, to be checked before the
//! case file is written, each step with a "Change" button that opens it again (its
//! answers as given, every other answer kept in the text), and "Create the case
//! file", which writes the file only when it passes the checks.

use super::interview::{self, Held, Step, NO_RESPONSE};
use super::{kept, DeskError, Shared};
use crate::case::Format as SourceFormat;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct Answer {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct Section {
    step: usize,
    title: &'static str,
    answers: Vec<Answer>,
}

/// The check-your-answers page for the interview's `text`, with `problems` (those
/// that stopped the file being written) in its error summary.
pub(super) async fn page(
    desk: &Shared,
    kind: &str,
    all: &'static [Step],
    text: &str,
    name: &str,
    held: &Held,
    problems: &[super::casepage::Problem],
) -> Result<Response, DeskError> {
    let sections: Vec<Section> = all
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let given = interview::answers_in(text, step);
            let mut answers = Vec::new();
            if i == 0 {
                answers.push(Answer {
                    label: "Case file name".into(),
                    value: interview::file_name(name),
                });
            }
            if given.contains_key(NO_RESPONSE) {
                answers.push(Answer {
                    label: "The response".into(),
                    value: "The authority never responded".into(),
                });
            }
            for q in step.questions {
                if given.contains_key(NO_RESPONSE) && q.path.starts_with("response.") {
                    continue;
                }
                let value = given
                    .get(q.path)
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| "Not given".to_string());
                answers.push(Answer {
                    label: q.label.to_string(),
                    value,
                });
            }
            Section {
                step: i,
                title: step.title,
                answers,
            }
        })
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("kind", kind);
    ctx.insert(
        "kind_name",
        if kind == "decision-notice" {
            "decision notice"
        } else {
            "refusal notice"
        },
    );
    ctx.insert("step", &all.len());
    ctx.insert("sections", &sections);
    ctx.insert("text", text);
    ctx.insert("name", name);
    ctx.insert("id", &held.id);
    ctx.insert("note", &held.note);
    ctx.insert("csrf", &desk.csrf);
    ctx.insert("problems", problems);
    let mut r = desk.page("desk/review.html", &ctx);
    if !problems.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

/// The check-your-answers page's form: "Change" (a step opened again) or "Create the
/// case file" (checked, then written, and the interview forgotten).
pub(super) async fn answer(
    desk: &Shared,
    kind: &str,
    all: &'static [Step],
    text: &str,
    name: &str,
    id: &str,
    f: &HashMap<String, String>,
) -> Result<Response, DeskError> {
    if let Some(n) = f.get("goto").and_then(|n| n.parse::<usize>().ok()) {
        return interview::change(desk, kind, n, text, name, id).await;
    }
    let held = Held {
        id: id.to_string(),
        ..Held::default()
    };
    if f.get("confirm").is_none() {
        return page(desk, kind, all, text, name, &held, &[]).await;
    }
    // Optional fields left empty in the skeleton are dropped rather than kept as "".
    let text = interview::drop_unanswered(text);
    let file = interview::file_name(name);
    // Checked as the file it will be (a house style is found beside it): off the
    // async workers.
    let working = desk.clone();
    let checking = text.clone();
    let path = desk.root.join(&file);
    let problems = tokio::task::spawn_blocking(move || {
        match crate::case::parse_with(&path, checking, SourceFormat::Toml, &working.law) {
            Ok(_) => Vec::new(),
            Err(ds) => ds
                .iter()
                .filter(|d| d.severity == crate::diagnostic::Severity::Error)
                .map(|d| (d.field.clone(), d.message.clone(), d.help.clone()))
                .collect(),
        }
    })
    .await
    .unwrap_or_else(|e| vec![(String::new(), e.to_string(), String::new())]);
    if !problems.is_empty() {
        let problems: Vec<super::casepage::Problem> = problems
            .into_iter()
            .map(|(field, message, help)| super::casepage::Problem {
                href: format!("#change-{}", step_of(all, &field)),
                text: desk.plain(&if help.is_empty() {
                    format!("{}: {message}", title_of(all, &field))
                } else {
                    format!("{}: {message} ({help})", title_of(all, &field))
                }),
            })
            .collect();
        return page(desk, kind, all, &text, name, &held, &problems).await;
    }
    let to = interview::write_case(desk, name, &text)?;
    kept::forget(&desk.root, id);
    Ok(Redirect::to(&to).into_response())
}

/// The step that asks for `field` (or, failing that, for the table it is in); the
/// first step when none does.
fn step_of(all: &[Step], field: &str) -> usize {
    let top = |p: &str| p.split(['.', '[']).next().unwrap_or("").to_string();
    all.iter()
        .position(|s| s.questions.iter().any(|q| q.path == field))
        .or_else(|| {
            all.iter()
                .position(|s| s.questions.iter().any(|q| top(q.path) == top(field)))
        })
        .unwrap_or(0)
}

fn title_of(all: &[Step], field: &str) -> &'static str {
    all[step_of(all, field)].title
}
