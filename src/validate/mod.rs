//! Checks on loaded facts: citations resolve, dates are in order, family references are
//! consistent, prose markup is well formed and every footnote is defined and used.

use crate::diagnostic::{Diagnostic, Located};
use crate::facts::{citations, Date, Notice, Position};
use crate::law::Law;

mod decision;
mod prose;
mod refusal;
pub mod truth;
pub use prose::{is_markup, markup_fields};

/// How many questions a request's wording numbers: lines that start (after any quote
/// mark or bullet) "1.", "2)", "(3)" or "Q4", counting up from 1. `None` when the
/// wording numbers nothing, or not in order.
pub fn numbered_questions(wording: &str) -> Option<u32> {
    question_items(wording).map(|(_, items)| items.len() as u32)
}

/// The number a line of a request starts with, as a question's marker ("1.", "2)",
/// "Q3:", "(4)"), and the text after it.
fn question_marker(line: &str) -> Option<(u32, &str)> {
    let t = line.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '“' | '\'' | '‘' | '-' | '•' | '>')
    });
    let t = t.strip_prefix(['Q', 'q']).unwrap_or(t);
    let t = t.strip_prefix('(').unwrap_or(t);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = &t[digits.len()..];
    if digits.is_empty() || !rest.starts_with(['.', ')', ':']) {
        return None;
    }
    Some((digits.parse().ok()?, rest[1..].trim()))
}

/// A request's numbered questions: the words before the first, and each question's
/// number and text (its lines up to the next question). `None` when the request does
/// not number its questions 1, 2, 3 and so on.
pub fn question_items(wording: &str) -> Option<(String, Vec<(u32, String)>)> {
    let mut preamble = String::new();
    let mut items: Vec<(u32, String)> = Vec::new();
    for line in wording.lines() {
        match question_marker(line) {
            Some((n, text)) if n as usize == items.len() + 1 => items.push((n, text.to_string())),
            // A repeated number (a list restarting, "1." for every item) is text.
            Some((n, _)) if (n as usize) <= items.len() => {
                push_line(&mut items, &mut preamble, line)
            }
            Some(_) => return None,
            None => push_line(&mut items, &mut preamble, line),
        }
    }
    (!items.is_empty()).then(|| (preamble.trim().to_string(), items))
}

fn push_line(items: &mut [(u32, String)], preamble: &mut String, line: &str) {
    let target = match items.last_mut() {
        Some((_, text)) => text,
        None => preamble,
    };
    if !target.is_empty() {
        target.push('\n');
    }
    target.push_str(line.trim_end());
}

/// Checks the question numbers of a response's parts against the request's count:
/// each must exist, no question may have two contradictory positions, and every
/// question should be accounted for. A question left out is an error in the
/// authority's own response (`unanswered` is `Refuse`: the letter would breach section
/// 1), and a warning in a decision notice, which reports the response as it was.
pub(crate) fn check_questions(
    case: Located<'_>,
    count: Option<u32>,
    parts: &[crate::facts::Part],
    field: &str,
    unanswered: Unanswered,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(n) = count else { return };
    let mut seen: std::collections::BTreeMap<u32, (usize, Position)> =
        std::collections::BTreeMap::new();
    for (i, p) in parts.iter().enumerate() {
        for &q in &p.questions {
            if q == 0 || q > n {
                problems.push(case.error_at(
                    &format!("{field}[{i}].questions"),
                    format!("question {q} is not in the request, which has {n}"),
                    format!("number the questions 1 to {n}, as the request does"),
                ));
                continue;
            }
            if let Some((j, other)) = seen.insert(q, (i, p.position)) {
                let contradicts = other != p.position
                    && (matches!(
                        (other, p.position),
                        (Position::Provided, Position::NotHeld)
                            | (Position::NotHeld, Position::Provided)
                    ) || other == Position::Ncnd
                        || p.position == Position::Ncnd);
                let d = if contradicts {
                    case.error_at(
                        &format!("{field}[{i}].questions"),
                        format!("question {q} is also in part {} of the response, with a position that contradicts this one", j + 1),
                        "give each question one position (a question cannot be both answered and not held, or both confirmed and neither confirmed nor denied)",
                    )
                } else {
                    case.warning_at(
                        &format!("{field}[{i}].questions"),
                        format!("question {q} is also in part {} of the response", j + 1),
                        "list each question in one part, unless it was partly answered and partly refused",
                    )
                };
                problems.push(d);
            }
        }
    }
    let listed = parts.iter().all(|p| !p.questions.is_empty());
    let missing: Vec<String> = (1..=n)
        .filter(|q| !seen.contains_key(q))
        .map(|q| q.to_string())
        .collect();
    if listed && !parts.is_empty() && !missing.is_empty() {
        let message = format!(
            "the response says nothing of question{} {}",
            if missing.len() == 1 { "" } else { "s" },
            crate::english::join_and(&missing)
        );
        let help = "add a part for every question of the request";
        problems.push(match unanswered {
            Unanswered::Refuse => case.error_at(field, message, help),
            Unanswered::Warn => case.warning_at(field, message, help),
        });
    }
}

/// How `check_questions` treats a question the response leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unanswered {
    Refuse,
    Warn,
}

/// The longest period for compliance a decision notice can give, in calendar days.
pub const MAX_COMPLIANCE_DAYS: u32 = 365;

/// Runs every check, resolving citations in place. Returns the problems found.
pub fn validate(notice: &mut Notice, case: Located<'_>, law: &Law) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    match notice {
        Notice::Decision(d) => {
            decision::validate(d, case, law, &mut problems);
            d.authority.resolve_article();
        }
        Notice::Refusal(r) => {
            refusal::validate(r, case, law, &mut problems);
            r.authority.resolve_article();
        }
    }
    prose::check(case, notice, &mut problems);
    check_characters(case, notice, &mut problems);
    problems
}

/// Every character of the facts must be one the notice can print: no control
/// characters, and none the fonts lack (so text and PDF never disagree about what was
/// issued). One error per field, at its first such character.
fn check_characters(case: Located<'_>, notice: &Notice, problems: &mut Vec<Diagnostic>) {
    // The facts as JSON text are scanned once; only when something cannot be printed
    // are they read again to find the field (a bulk run checks a family's list of
    // references in every notice). JSON writes control characters as escapes.
    let json = match notice {
        Notice::Decision(d) => serde_json::to_string(d),
        Notice::Refusal(r) => serde_json::to_string(r),
    };
    let Ok(json) = json else { return };
    let escaped_control = |rest: &str| {
        rest.starts_with('b')
            || rest.starts_with('f')
            || (rest.starts_with("u00") && rest.as_bytes().get(3).is_some_and(|b| *b <= b'1'))
    };
    let all_printable = json.char_indices().all(|(i, c)| match c {
        '\\' => !escaped_control(&json[i + 1..]),
        '\u{7f}' => false,
        c if c.is_ascii() => true,
        c => printable(c),
    });
    if all_printable {
        return;
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&json) else {
        return;
    };
    let mut strings = Vec::new();
    crate::facts::strings(&value, String::new(), &mut strings);
    for (field, text) in strings {
        let Some(c) = text.chars().find(|c| !printable(*c)) else {
            continue;
        };
        let (message, help) = if crate::text::forbidden(c) {
            (
                format!(
                    "`{field}` holds {} (U+{:04X}), which a notice cannot carry",
                    crate::text::forbidden_kind(c),
                    c as u32
                ),
                "remove it; only line breaks and tabs are allowed in text".to_string(),
            )
        } else {
            (
                format!("`{field}` holds `{c}` (U+{:04X}), which the notice's font cannot print", c as u32),
                "replace it: the notices are set in Liberation Sans, which covers English and Welsh text, typographic quotes and dashes, £ and €".to_string(),
            )
        };
        let d = case.error_at(&field, message, help);
        let at = case.spans.value(&field).and_then(|span| {
            let raw = case.source.get(span.clone())?;
            raw.find(c)
                .map(|i| span.start + i..span.start + i + c.len_utf8())
        });
        problems.push(match at {
            Some(r) => d.at(case.source, r),
            None => d,
        });
    }
}

/// Whether a character of the facts can be printed in a notice: not one no notice
/// can carry (`text::forbidden`), and one the fonts have.
fn printable(c: char) -> bool {
    !crate::text::forbidden(c) && (c.is_ascii() || crate::fonts::covers(c))
}

/// Resolves a part's citations against the law in force on the request date.
fn cite_part(
    cat: &crate::statute::Catalogue,
    case: Located<'_>,
    (regime, received): (crate::statute::Regime, Date),
    part: &mut crate::facts::Part,
    field: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let needs = matches!(part.position, Position::Refused | Position::Ncnd);
    if needs && part.exemption.0.is_empty() {
        problems.push(case.error_at(
            field,
            "a refusal or NCND position must name the exemption relied on",
            "add exemption = \"31(3)\" (or a list) to this part",
        ));
        return;
    }
    match citations(
        cat,
        regime,
        &part.exemption,
        &format!("{field}.exemption"),
        received,
    ) {
        Ok(c) => {
            if part.position == Position::Refused {
                // A subsection that only removes the duty to confirm or deny cannot
                // ground a refusal to disclose.
                for (i, cit) in c.iter().enumerate().filter(|(_, c)| c.ncnd) {
                    let f = if c.len() == 1 {
                        format!("{field}.exemption")
                    } else {
                        format!("{field}.exemption[{i}]")
                    };
                    problems.push(case.error_at(
                        &f,
                        format!(
                            "{} only removes the duty to confirm or deny; it does not withhold information",
                            cit.short
                        ),
                        "use position = \"ncnd\" with it, or cite the subsection that exempts the information itself (such as 31(1)(a) rather than 31(3))",
                    ));
                }
            }
            if part.position == Position::Ncnd {
                for cit in &c {
                    if !cit.ncnd {
                        let unit = cit.regime.unit();
                        let (message, help) = match &cit.ncnd_subsection {
                            Some(sub) => (
                                format!("{} does not remove the duty to confirm or deny", cit.short),
                                format!("cite the NCND subsection, {unit} {sub}, or use position = \"refused\""),
                            ),
                            None => (
                                format!(
                                    "{} {} ({}) has no subsection that removes the duty to confirm or deny",
                                    unit, cit.section, cit.title
                                ),
                                "use position = \"refused\", or cite an exemption that allows NCND".to_string(),
                            ),
                        };
                        problems.push(case.error_at(&format!("{field}.exemption"), message, help));
                    }
                }
            }
            part.citations = c;
        }
        Err(errs) => push_citation_errors(case, errs, problems),
    }
}

fn push_citation_errors(
    case: Located<'_>,
    errs: Vec<(String, String, String)>,
    problems: &mut Vec<Diagnostic>,
) {
    for (field, message, hint) in errs {
        problems.push(case.error_at(&field, message, hint));
    }
}
