//! The checks on a refusal notice's facts: citations, answers, dates and prose.

use super::cite_part;
use crate::diagnostic::{Diagnostic, Located};
use crate::facts::{Position, RefusalNotice};
use crate::law::Law;

pub(super) fn validate(
    r: &mut RefusalNotice,
    case: Located<'_>,
    law: &Law,
    problems: &mut Vec<Diagnostic>,
) {
    let cat = &law.catalogue;
    let regime = r.regime;
    for (i, part) in r.positions.iter_mut().enumerate() {
        let field = format!("positions[{i}]");
        cite_part(cat, case, (regime, r.request.date), part, &field, problems);
        let cites = |prefix: &str| part.citations.iter().any(|c| c.number.starts_with(prefix));
        let (s21, s22) = (cites("21"), cites("22"));
        if s21 && part.elsewhere.is_none() {
            problems.push(case.warning_at(
                &field,
                "section 21 is relied on but the notice does not say where the information can be found",
                "add elsewhere = \"...\" with the link or the place the information is available",
            ));
        }
        if s22 && part.publication.is_none() {
            problems.push(case.warning_at(
                &field,
                "section 22 is relied on but the notice does not say when the information will be published",
                "add publication = \"...\" with when and where it will be published",
            ));
        }
        if (part.elsewhere.is_some() && !s21) || (part.publication.is_some() && !s22) {
            problems.push(case.error_at(
                &field,
                "`elsewhere` goes with section 21 and `publication` with section 22, but this part does not rely on them",
                "cite the section, or remove the field",
            ));
        }
        // `redirect` (section 16 advice naming another authority) goes with any
        // position: another body may hold such information whatever this one says.
        let cited = !part.exemption.0.is_empty();
        transfer(case, part, &field, cited, problems);
        // A part not held may say why (the records were never kept, or were destroyed);
        // a part transferred, why it is for the other authority.
        if part.reason.is_some()
            && !cited
            && !matches!(part.position, Position::NotHeld | Position::Transferred)
        {
            problems.push(case.error_at(
                &format!("{field}.reason"),
                "`reason` says why an exemption applies, but this part cites none",
                "cite the exemption with exemption = \"...\", or remove `reason`",
            ));
        }
        // On an answered part, section 21 says that some of the information is
        // reasonably accessible elsewhere: nothing is redacted for it, so only the
        // other exemptions need `redacted`.
        let withholds = if part.position == Position::Provided {
            part.exemption
                .0
                .iter()
                .any(|c| !c.trim().trim_start_matches("section ").starts_with("21"))
        } else {
            cited
        };
        match (part.position, part.redacted.is_some(), withholds) {
            (Position::Provided, false, true) => problems.push(case.error_at(
                &format!("{field}.exemption"),
                "an answered part cites an exemption, but does not say what was withheld",
                "add redacted = \"...\" naming what was redacted under it (\"officer names\"), or remove the exemption",
            )),
            (Position::Provided, true, false) => problems.push(case.error_at(
                &format!("{field}.redacted"),
                "information was redacted, but the part cites no exemption for it",
                "add exemption = \"40(2)\" (or a list): a redaction is a refusal and needs its exemption (section 17(1))",
            )),
            (Position::Provided, ..) | (_, false, _) => {}
            (_, true, _) => problems.push(case.error_at(
                &format!("{field}.redacted"),
                "`redacted` describes information disclosed in part, but this part is not `provided`",
                "set position = \"provided\" with the answer given, or remove `redacted`",
            )),
        }
        if part.position == Position::Provided && part.answer.is_none() {
            problems.push(case.error_at(
                &field,
                "an answered question has no answer",
                "add answer = \"...\" with the information given",
            ));
        }
    }
    // The positions against the request's numbered questions: each exists, none is
    // answered two contradictory ways, and none is left without a position.
    let count = r
        .request
        .questions
        .or_else(|| super::numbered_questions(&r.request.wording));
    if let (Some(n), Some(numbered)) = (
        r.request.questions,
        super::numbered_questions(&r.request.wording),
    ) {
        if n != numbered {
            problems.push(case.error_at(
                "request.questions",
                format!("the request numbers {numbered} questions, but `questions` says {n}"),
                "remove `questions` (the numbered questions are counted), or correct it",
            ));
        }
    }
    super::check_questions(
        case,
        count,
        &r.positions,
        "positions",
        super::Unanswered::Refuse,
        problems,
    );
    if r.request.questions.is_some() && super::numbered_questions(&r.request.wording).is_none() {
        for (i, p) in r.positions.iter().enumerate() {
            if !p.questions.is_empty() && p.label.is_none() {
                problems.push(case.warning_at(
                    &format!("positions[{i}]"),
                    "the request does not number its questions, but the letter would name this part by number",
                    "add label = \"...\" saying what the part of the request is about: the letter names it so",
                ));
            }
        }
    }
    if r.positions.is_empty() {
        problems.push(case.error_at(
            "positions",
            "the notice gives no position on the request",
            "add [[positions]] entries",
        ));
    }
    if r.date < r.request.date {
        problems.push(case.error_at(
            "date",
            format!(
                "the notice date ({}) is before the request was received ({})",
                r.date, r.request.date
            ),
            "check `date` and `request.date`",
        ));
    }
    // The dates in the order they happened: request, acknowledgement, response,
    // request for review, its acknowledgement, this letter.
    let mut order: Vec<(&str, crate::facts::Date)> = vec![("request.date", r.request.date)];
    if let Some(a) = r.request.acknowledged {
        order.push(("request.acknowledged", a));
    }
    if let Some(v) = &r.review {
        order.push(("review.responded", v.responded));
        order.push(("review.requested", v.requested));
        if let Some(a) = v.acknowledged {
            order.push(("review.acknowledged", a));
        }
    }
    order.push(("date", r.date));
    for pair in order.windows(2) {
        let ((earlier, a), (later, b)) = (pair[0], pair[1]);
        if b < a && !(later == "date" && earlier == "request.date") {
            problems.push(case.error_at(
                later,
                format!("`{later}` ({b}) is before `{earlier}` ({a})"),
                format!("check `{later}` and `{earlier}`: they happened in that order"),
            ));
        }
    }
    let relies_on = |section: &str| {
        r.positions
            .iter()
            .flat_map(|p| &p.citations)
            .any(|c| c.procedural && c.section == section)
    };
    if relies_on("12") && r.advice.is_none() {
        problems.push(case.warning_at(
            "advice",
            "a section 12 refusal gives no advice on narrowing the request (section 16)",
            "add advice = \"...\" saying how the request could be brought within the limit, or why it cannot",
        ));
    }
    if (relies_on("12") || relies_on("14")) && r.reasons.is_none() {
        problems.push(case.warning_at(
            "reasons",
            "the notice relies on section 12 or 14 but does not explain why",
            "add reasons = \"...\": the estimate explained, or what makes the request vexatious or repeated",
        ));
    }
}

/// A part transferred to another authority (`transferred`, with `transfer` when the
/// authority sent it on, or `redirect` when it advised the requester to): it names the
/// other authority once, cites nothing, and answers nothing. `transfer` goes only on
/// a part transferred or not held: under the section 45 code (and regulation 10 of the
/// EIR) an authority transfers what it does not hold.
fn transfer(
    case: Located<'_>,
    part: &crate::facts::Part,
    field: &str,
    cited: bool,
    problems: &mut Vec<Diagnostic>,
) {
    if part.position == Position::Transferred {
        match (part.transfer.is_some(), part.redirect.is_some()) {
            (false, false) => problems.push(case.error_at(
                field,
                "a part transferred to another authority does not name it",
                "add transfer = \"...\" (the authority the part was sent to) or redirect = \"...\" (the authority you advised the requester to ask)",
            )),
            (true, true) => problems.push(case.error_at(
                &format!("{field}.redirect"),
                "the part was both transferred and redirected",
                "keep transfer = \"...\" if the authority sent the part on, or redirect = \"...\" if it advised the requester to send it",
            )),
            _ => {}
        }
        if cited {
            problems.push(case.error_at(
                &format!("{field}.exemption"),
                "a part transferred to another authority relies on no exemption",
                "remove the exemption, or give the part the position the authority took (refused, ncnd)",
            ));
        }
        for (name, set) in [
            ("answer", part.answer.is_some()),
            ("elsewhere", part.elsewhere.is_some()),
            ("publication", part.publication.is_some()),
        ] {
            if set {
                problems.push(case.error_at(
                    &format!("{field}.{name}"),
                    format!("`{name}` says what this authority did with the information, but the part was transferred"),
                    "remove it, or split the part: what the authority answered in one part, what it transferred in another",
                ));
            }
        }
    } else if part.transfer.is_some() && part.position != Position::NotHeld {
        problems.push(case.error_at(
            &format!("{field}.transfer"),
            "only a part the authority does not hold is transferred to another authority",
            "set position = \"not-held\" (if the letter says it is not held) or \"transferred\" (if it says only that the part was transferred), or use redirect = \"...\" to advise the requester",
        ));
    }
}
