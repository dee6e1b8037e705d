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
        // A part not held may say why (the records were never kept, or were destroyed).
        if part.reason.is_some() && !cited && part.position != Position::NotHeld {
            problems.push(case.error_at(
                &format!("{field}.reason"),
                "`reason` says why an exemption applies, but this part cites none",
                "cite the exemption with exemption = \"...\", or remove `reason`",
            ));
        }
        match (part.position, part.redacted.is_some(), cited) {
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
    let count = super::numbered_questions(&r.request.wording);
    super::check_questions(
        case,
        count,
        &r.positions,
        "positions",
        super::Unanswered::Refuse,
        problems,
    );
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
