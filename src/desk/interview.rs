//! The new-case interview: the facts asked for one step at a time, in the order of the
//! notice, each answer written into the case file's text (the skeleton `foinotice new`
//! writes) as it is given and checked at its field; the last step writes the file.

use super::form::{self, Kind};
use super::kept::{self, Kept};
use super::{paths, DeskError, Shared};
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use std::collections::HashMap;

/// A question: the field it fills, how it is asked, and whether it may be left empty.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Question {
    pub path: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub optional: bool,
}

const fn q(path: &'static str, label: &'static str, kind: Kind) -> Question {
    Question {
        path,
        label,
        kind,
        optional: false,
    }
}

const fn opt(path: &'static str, label: &'static str, kind: Kind) -> Question {
    Question {
        path,
        label,
        kind,
        optional: true,
    }
}

pub struct Step {
    pub title: &'static str,
    pub questions: &'static [Question],
}

/// The name of the file asked for on the first step (not a field of the case).
const NAME: &str = "file";
/// The answer on the response step that the authority never responded.
pub(super) const NO_RESPONSE: &str = "no_response";

const REGIMES: Kind = Kind::Choice(form::REGIMES);
const POSITIONS: Kind = Kind::Choice(form::POSITIONS);

pub const DECISION: &[Step] = &[
    Step { title: "The case", questions: &[q("reference", "Case reference", Kind::Text), q("regime", "Regime", REGIMES), q("complainant.pronoun", "The complainant is", Kind::Choice(&["she", "he", "they"]))] },
    Step { title: "The public authority", questions: &[q("authority.name", "Formal name", Kind::Text), opt("authority.short", "Short name used in the notice", Kind::Text), opt("authority.first_mention", "How the notice first names it, defining the short name, as in “the Department for Education (DfE)”", Kind::Text), opt("authority.address", "Address (one line each)", Kind::Lines)] },
    Step { title: "The request", questions: &[q("request.date", "Made on", Kind::Date), q("request.summary", "The complainant has requested information about …", Kind::Text), q("request.wording", "The request, as written", Kind::Prose)] },
    Step { title: "The response", questions: &[opt("response.date", "Responded on", Kind::Date), opt("response.parts[0].position", "What the response did with the information asked for", POSITIONS), opt("response.parts[0].exemption", "Citing", Kind::Citation)] },
    Step { title: "The internal review and the complaint", questions: &[opt("review.requested", "The complainant asked for an internal review on", Kind::Date), opt("review.outcome", "The review", Kind::Choice(&["upheld", "revised", "declined", "not-provided"])), opt("review.date", "The review's outcome was given on", Kind::Date), q("complaint.date", "The complainant contacted the Commissioner on", Kind::Date)] },
    Step { title: "The decision", questions: &[q("decision.outcome", "Is the complaint upheld?", Kind::Choice(&["upheld", "not-upheld", "partly-upheld"])), opt("decision.breaches", "Procedural breaches found, separated by commas (the dates propose them: 10(1), 17(1) …)", Kind::List), q("reasons[0].text", "Reasons for the decision", Kind::Prose), opt("decision.steps", "Steps the authority must take, one per line (needed when the complaint is upheld)", Kind::Lines), q("date", "Notice date", Kind::Date), opt("signatory.name", "Signed by (name)", Kind::Text), q("signatory.role", "Signed by (role)", Kind::Text)] },
];

pub const REFUSAL: &[Step] = &[
    Step {
        title: "The letter",
        questions: &[
            q("reference", "Your reference", Kind::Text),
            q("title", "Subject line", Kind::Text),
            q("regime", "Regime", REGIMES),
        ],
    },
    Step {
        title: "The public authority",
        questions: &[
            q("authority.name", "Name", Kind::Text),
            opt("authority.address", "Address (one line each)", Kind::Lines),
        ],
    },
    Step {
        title: "The request",
        questions: &[
            q("request.date", "Received on", Kind::Date),
            q("request.wording", "The request, as written", Kind::Prose),
        ],
    },
    Step {
        title: "The answer",
        questions: &[
            q("positions[0].position", "The authority", POSITIONS),
            q("positions[0].exemption", "Citing", Kind::Citation),
            opt(
                "public_interest.favouring",
                "Public interest in disclosure (a qualified exemption)",
                Kind::Prose,
            ),
            opt(
                "public_interest.against",
                "Public interest in maintaining the exemption",
                Kind::Prose,
            ),
            opt("public_interest.balance", "The balance", Kind::Prose),
        ],
    },
    Step {
        title: "Sending it",
        questions: &[
            q("date", "Letter date", Kind::Date),
            q(
                "rights.review_contact",
                "Where to ask for an internal review (one line each)",
                Kind::Lines,
            ),
            q("signatory.role", "Signed by (role)", Kind::Text),
        ],
    },
];

/// Where an interview is kept for coming back to ([`kept`]): its id ("" when it is
/// not kept), what to say when it could not be kept, and whether the step was opened
/// from the check-your-answers page (to which it then returns); and the case file's
/// name asked for.
#[derive(Default)]
pub(super) struct Held {
    pub id: String,
    /// The case file's name asked for on the first step.
    pub file: String,
    pub note: String,
    pub returning: bool,
}

/// Keeps the interview at `step` with `text`, under `id` when it was kept before.
pub(super) fn hold(
    desk: &Shared,
    id: &str,
    kind: &str,
    file: &str,
    step: usize,
    text: &str,
) -> Held {
    let interview = Kept {
        kind: kind.to_string(),
        file: file.to_string(),
        step,
        text: text.to_string(),
        at: super::record::now(),
    };
    match kept::keep(&desk.root, id, &interview) {
        Ok(id) => Held {
            id,
            file: file.to_string(),
            ..Held::default()
        },
        Err(why) => Held {
            id: if kept::valid_id(id) {
                id.to_string()
            } else {
                String::new()
            },
            note: format!(
                "This interview is not kept for coming back to later: {}.",
                desk.plain(&why.to_string())
            ),
            file: file.to_string(),
            returning: false,
        },
    }
}

pub(super) fn steps(kind: &str) -> Option<&'static [Step]> {
    match kind {
        "decision-notice" => Some(DECISION),
        "refusal-notice" => Some(REFUSAL),
        _ => None,
    }
}

/// Renders step `n` of the interview for `kind`, with the text so far, the answers
/// given and the problems found.
pub(super) async fn page(
    desk: &Shared,
    kind: &str,
    n: usize,
    text: &str,
    answers: &HashMap<String, String>,
    errors: &HashMap<String, String>,
    held: &Held,
) -> Result<Response, DeskError> {
    let name = held.file.as_str();
    let all = steps(kind).ok_or_else(no_such_interview)?;
    let step = &all[n.min(all.len() - 1)];
    // Every case file is read for its authority: off the async workers.
    let root = desk.root.clone();
    let authorities = tokio::task::spawn_blocking(move || super::casebook::authorities(&root))
        .await
        .unwrap_or_default();
    let questions: Vec<serde_json::Value> = step
        .questions
        .iter()
        .map(|q| {
            serde_json::json!({
                "id": format!("q-{}", super::panel::field_id(q.path)),
                "path": q.path, "label": q.label, "kind": q.kind, "optional": q.optional,
                "value": answers.get(q.path).cloned().unwrap_or_default(),
                "error": errors.get(q.path).cloned().unwrap_or_default(),
            })
        })
        .collect();
    // The error summary: each problem in the order of the page, linking to its field.
    let mut problems: Vec<super::casepage::Problem> = Vec::new();
    if let Some(e) = errors.get(NAME) {
        problems.push(super::casepage::Problem {
            href: "#q-file".into(),
            text: e.clone(),
        });
    }
    if let Some(e) = errors.get(NO_RESPONSE) {
        problems.push(super::casepage::Problem {
            href: "#q-no-response".into(),
            text: e.clone(),
        });
    }
    for q in step.questions {
        if let Some(e) = errors.get(q.path) {
            problems.push(super::casepage::Problem {
                href: format!("#q-{}", super::panel::field_id(q.path)),
                text: e.clone(),
            });
        }
    }

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
    ctx.insert("step", &n);
    ctx.insert("steps", &all.len());
    ctx.insert("number", &(n + 1));
    ctx.insert("title", step.title);
    ctx.insert("questions", &questions);
    ctx.insert("text", text);
    ctx.insert("name", name);
    ctx.insert(
        "name_error",
        errors.get(NAME).map(String::as_str).unwrap_or(""),
    );
    ctx.insert("no_response", &answers.contains_key(NO_RESPONSE));
    ctx.insert(
        "response_step",
        &(kind == "decision-notice" && step.title == "The response"),
    );
    ctx.insert("authorities", &authorities);
    ctx.insert("csrf", &desk.csrf);
    ctx.insert("problems", &problems);
    ctx.insert("id", &held.id);
    ctx.insert("note", &held.note);
    ctx.insert("returning", &held.returning);
    let mut r = desk.page("desk/interview.html", &ctx);
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

fn no_such_interview() -> DeskError {
    DeskError::page(
        StatusCode::BAD_REQUEST,
        "No such interview",
        "Choose a decision notice or a refusal notice.",
    )
}

/// What to say when a question that must be answered is not: written for that
/// question, as a caseworker would be told it.
fn needed(kind: &str, path: &str) -> &'static str {
    match path {
        "reference" if kind == "refusal-notice" => "Enter your reference for the request",
        "reference" => "Enter the Commissioner's case reference, such as IC-123456-A1B2",
        "regime" => "Choose the law the request falls under: FOIA or EIR",
        "complainant.pronoun" => "Choose how the notice refers to the complainant: she, he or they",
        "authority.name" => "Enter the public authority's formal name",
        "request.date" if kind == "refusal-notice" => "Enter the date the request was received",
        "request.date" => "Enter the date the request was made",
        "request.summary" => "Say in a few words what information was asked for",
        "request.wording" => "Enter the request as the requester wrote it",
        "complaint.date" => "Enter the date the complainant contacted the Commissioner",
        "decision.outcome" => "Choose whether the complaint is upheld, partly upheld or not upheld",
        "reasons[0].text" => "Enter the reasons for the decision",
        "date" if kind == "refusal-notice" => "Enter the date of the letter",
        "date" => "Enter the date of the notice",
        "signatory.role" => "Enter the role of the person who signs, such as Senior Case Officer",
        "title" => "Enter the letter's subject line",
        "positions[0].position" => "Choose what the authority does with the information asked for",
        "positions[0].exemption" => {
            "Enter the exemption or section the authority relies on, such as 43(2)"
        }
        "rights.review_contact" => {
            "Enter where the requester can ask for an internal review, a line each"
        }
        _ => "Answer this question",
    }
}

#[derive(serde::Deserialize)]
pub(super) struct Start {
    kind: String,
}

pub(super) async fn start(
    State(desk): State<Shared>,
    Query(s): Query<Start>,
) -> Result<Response, DeskError> {
    let text = crate::skeleton::skeleton(&s.kind).ok_or_else(no_such_interview)?;
    page(
        &desk,
        &s.kind,
        0,
        text,
        &HashMap::new(),
        &HashMap::new(),
        &Held::default(),
    )
    .await
}

/// One step answered: each answer written into the text and checked at its field;
/// on the last step, the case file written.
pub(super) async fn answer(
    State(desk): State<Shared>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, DeskError> {
    let field = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    desk.check_token(field("csrf"), "Not answered")?;
    let kind = field("kind");
    let all = steps(kind).ok_or_else(no_such_interview)?;
    let name = field(NAME).trim().to_string();
    let mut text = field("text").to_string();
    let id = field("id");
    let asked: usize = field("step").parse().unwrap_or(0);
    if asked >= all.len() {
        // The check-your-answers page: a step to change, or the file to write.
        return super::review::answer(&desk, kind, all, &text, &name, id, &f).await;
    }
    let n = asked;
    // Back a step: this step's answers are kept in the text (those that can be
    // written; nothing is checked yet), so that coming forward again shows them; the
    // last step's are shown as the text has them.
    if !field("back").is_empty() && n > 0 {
        for q in all[n].questions {
            let value = field(&format!("a.{}", q.path)).trim();
            if !value.is_empty() {
                if let Ok(t) = form::set(&text, q.path, value, q.kind) {
                    text = t;
                }
            }
        }
        let answers = answers_in(&text, &all[n - 1]);
        let held = hold(&desk, id, kind, &name, n - 1, &text);
        return page(&desk, kind, n - 1, &text, &answers, &HashMap::new(), &held).await;
    }
    let mut errors = HashMap::new();
    let answers: HashMap<String, String> = f
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("a.").map(|p| (p.to_string(), v.clone())))
        .chain(
            f.get(NO_RESPONSE)
                .map(|v| (NO_RESPONSE.to_string(), v.clone())),
        )
        .collect();
    if n == 0 {
        let file = if name.ends_with(".toml") {
            name.clone()
        } else {
            format!("{name}.toml")
        };
        // A folder not there yet is made when the file is written.
        match paths::new_file(&desk.root, &file) {
            Ok(_) | Err(paths::Refused::Missing) => {}
            Err(why) => {
                errors.insert(
                    NAME.to_string(),
                    match why {
                        paths::Refused::NotACaseName => {
                            "Enter a name for the case file inside the casebook, such as cases/IC-123456 (letters, numbers, - and _, folders separated by /)".to_string()
                        }
                        _ => "A file of that name is already in the casebook, or the name leads outside it: choose another name"
                            .to_string(),
                    },
                );
            }
        }
    }
    let no_response = answers.contains_key(NO_RESPONSE);
    // A response said to be missing, then given after going back: the skeleton's
    // response table comes back to take it.
    if !no_response
        && all[n]
            .questions
            .iter()
            .any(|q| q.path.starts_with("response."))
    {
        text = with_table_from_skeleton(&text, kind, "response");
    }
    for q in all[n].questions {
        let value = answers.get(q.path).map(String::as_str).unwrap_or("").trim();
        if no_response && q.path.starts_with("response.") {
            continue;
        }
        if value.is_empty() && !q.optional {
            errors.insert(q.path.to_string(), needed(kind, q.path).to_string());
            continue;
        }
        if value.is_empty() {
            // An answer cleared (from the check-your-answers page, or after going
            // back) is cleared in the text too; the empty value is dropped when the
            // file is written.
            let held = text
                .parse::<toml_edit::DocumentMut>()
                .ok()
                .and_then(|doc| form::value(&doc, q.path, q.kind))
                .is_some_and(|v| !v.trim().is_empty());
            let kind = match q.kind {
                Kind::Choice(_) => Kind::Text,
                other => other,
            };
            if held {
                if let Ok(t) = form::set(&text, q.path, "", kind) {
                    text = t;
                }
            }
            continue;
        }
        match form::set(&text, q.path, value, q.kind) {
            Ok(t) => text = t,
            Err(e) => {
                errors.insert(q.path.to_string(), e);
            }
        }
    }
    // An upheld complaint on a request that was answered orders steps (an unanswered
    // one orders the standard step itself): asked for here, at the steps' field,
    // rather than left for check to refuse the file.
    let upheld = answers
        .get("decision.outcome")
        .is_some_and(|o| o == "upheld");
    let steps_given = answers
        .get("decision.steps")
        .is_some_and(|s| !s.trim().is_empty());
    let answered = text
        .parse::<toml::Table>()
        .is_ok_and(|t| t.contains_key("response"));
    if upheld
        && answered
        && !steps_given
        && all[n].questions.iter().any(|q| q.path == "decision.steps")
    {
        errors.insert(
            "decision.steps".to_string(),
            "The complaint is upheld: enter the steps the authority must take, a step per line"
                .to_string(),
        );
    }
    if no_response {
        match form::remove(&text, "response") {
            Ok(t) => text = t,
            Err(e) => {
                errors.insert(NO_RESPONSE.to_string(), e);
            }
        }
    }
    if !errors.is_empty() {
        let held = Held {
            id: id.to_string(),
            file: name.clone(),
            returning: !field("review").is_empty(),
            ..Held::default()
        };
        return page(&desk, kind, n, field("text"), &answers, &errors, &held).await;
    }
    if n + 1 < all.len() && field("review").is_empty() {
        // The next step shows what the text already holds for it (answers given
        // before going back).
        let known = answers_in(&text, &all[n + 1]);
        let held = hold(&desk, id, kind, &name, n + 1, &text);
        return page(&desk, kind, n + 1, &text, &known, &HashMap::new(), &held).await;
    }
    // The last step, or a step changed from the check-your-answers page: the answers
    // shown to be checked before the file is written.
    let held = hold(&desk, id, kind, &name, all.len(), &text);
    super::review::page(&desk, kind, all, &text, &name, &held, &[]).await
}

/// Writes the interview's case file (once, never over another) and forgets the
/// interview: the case page's address.
pub(super) fn write_case(desk: &Shared, name: &str, text: &str) -> Result<String, DeskError> {
    let path = paths::new_file_in_new_folders(&desk.root, &file_name(name))?;
    crate::output::write_new(&path, text.as_bytes(), false)
        .map_err(|e| desk.failed(StatusCode::CONFLICT, "Not created", e))?;
    Ok(format!(
        "/case?path={}",
        super::encode(&paths::relative(&desk.root, &path))
    ))
}

/// The case file's name in the casebook, `.toml` added when not given.
pub(super) fn file_name(name: &str) -> String {
    if name.ends_with(".toml") {
        name.to_string()
    } else {
        format!("{name}.toml")
    }
}

/// A step opened from the check-your-answers page, its answers as the text holds them.
pub(super) async fn change(
    desk: &Shared,
    kind: &str,
    n: usize,
    text: &str,
    name: &str,
    id: &str,
) -> Result<Response, DeskError> {
    let all = steps(kind).ok_or_else(no_such_interview)?;
    let n = n.min(all.len() - 1);
    let answers = answers_in(text, &all[n]);
    let mut held = hold(desk, id, kind, name, n, text);
    held.returning = true;
    page(desk, kind, n, text, &answers, &HashMap::new(), &held).await
}

/// The answers a step's questions have in the text so far (for going back to it).
pub(super) fn answers_in(text: &str, step: &Step) -> HashMap<String, String> {
    let Ok(doc) = text.parse::<toml_edit::DocumentMut>() else {
        return HashMap::new();
    };
    let mut answers: HashMap<String, String> = step
        .questions
        .iter()
        .filter_map(|q| Some((q.path.to_string(), form::value(&doc, q.path, q.kind)?)))
        .collect();
    if step
        .questions
        .iter()
        .any(|q| q.path.starts_with("response."))
        && doc.get("response").is_none()
    {
        answers.insert(NO_RESPONSE.to_string(), "1".to_string());
    }
    answers
}

/// The text with the skeleton's table `key` put back, when the text lacks it.
fn with_table_from_skeleton(text: &str, kind: &str, key: &str) -> String {
    let (Ok(mut doc), Some(skeleton)) = (
        text.parse::<toml_edit::DocumentMut>(),
        crate::skeleton::skeleton(kind).and_then(|s| s.parse::<toml_edit::DocumentMut>().ok()),
    ) else {
        return text.to_string();
    };
    if doc.get(key).is_some() {
        return text.to_string();
    }
    match skeleton.get(key) {
        Some(item) => {
            doc[key] = item.clone();
            doc.to_string()
        }
        None => text.to_string(),
    }
}

/// The skeleton's optional lines the interview did not fill: `heading = ""` of the
/// reasons, an empty exemption of a part that provides or holds nothing.
pub(super) fn drop_unanswered(text: &str) -> String {
    let Ok(mut doc) = text.parse::<toml_edit::DocumentMut>() else {
        return text.to_string();
    };
    fn prune(t: &mut dyn toml_edit::TableLike) {
        let empty: Vec<String> = t
            .iter()
            .filter(|(_, v)| v.as_str().is_some_and(|s| s.trim().is_empty()))
            .map(|(k, _)| k.to_string())
            .collect();
        for k in empty {
            t.remove(&k);
        }
        for (_, v) in t.iter_mut() {
            match v {
                toml_edit::Item::Table(inner) => prune(inner),
                toml_edit::Item::ArrayOfTables(a) => {
                    for inner in a.iter_mut() {
                        prune(inner);
                    }
                }
                _ => {}
            }
        }
    }
    prune(doc.as_table_mut());
    doc.to_string()
}
