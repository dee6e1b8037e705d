//! The dates of a decision notice's history in order, and the response's questions
//! against the request's.

use crate::diagnostic::{Diagnostic, Located};
use crate::facts::{Date, DecisionNotice};

/// The response's questions and the scope's against the request's.
pub(super) fn questions(d: &mut DecisionNotice, case: Located<'_>, problems: &mut Vec<Diagnostic>) {
    // The response's questions against the request's.
    let count = d
        .request
        .questions
        .or_else(|| super::super::numbered_questions(&d.request.wording));
    if let Some(r) = &d.response {
        super::super::check_questions(
            case,
            count,
            &r.parts,
            "response.parts",
            super::super::Unanswered::Warn,
            problems,
        );
    }
    if let (Some(n), Some(scope)) = (count, &d.scope) {
        for (i, q) in scope.questions.iter().enumerate() {
            if *q == 0 || *q > n {
                problems.push(case.error_at(
                    &format!("scope.questions[{i}]"),
                    format!("question {q} is not in the request, which has {n}"),
                    format!("number the questions 1 to {n}, as the request does"),
                ));
            }
        }
    }
}

/// Every later date after the earlier one it follows.
pub(super) fn in_order(d: &mut DecisionNotice, case: Located<'_>, problems: &mut Vec<Diagnostic>) {
    // Dates in order.
    let mut order: Vec<(&str, Date, &str, Date)> = Vec::new();
    if let Some(r) = &d.response {
        order.push(("response.date", r.date, "request.date", d.request.date));
    }
    if let Some(rv) = &d.review {
        let after = d
            .response
            .as_ref()
            .map_or(("request.date", d.request.date), |r| {
                ("response.date", r.date)
            });
        if let Some(requested) = rv.requested {
            order.push(("review.requested", requested, after.0, after.1));
            if let Some(date) = rv.date {
                order.push(("review.date", date, "review.requested", requested));
            }
        } else if let Some(date) = rv.date {
            order.push(("review.date", date, after.0, after.1));
        }
    }
    order.push((
        "complaint.date",
        d.complaint.date,
        "request.date",
        d.request.date,
    ));
    let further_fields: Vec<(
        String,
        crate::facts::Date,
        Option<crate::facts::Date>,
        Option<crate::facts::Date>,
    )> = d
        .further_requests
        .iter()
        .enumerate()
        .map(|(k, f)| {
            (
                format!("further_requests[{k}]"),
                f.date,
                f.response.as_ref().map(|r| r.date),
                f.review.as_ref().and_then(|r| r.date),
            )
        })
        .collect();
    if let Some(again) = d.complaint.resubmitted {
        order.push((
            "complaint.resubmitted",
            again,
            "complaint.date",
            d.complaint.date,
        ));
    }
    order.push(("date", d.date, "complaint.date", d.complaint.date));
    if let Some(again) = d.complaint.resubmitted {
        order.push(("date", d.date, "complaint.resubmitted", again));
    }
    if let Some(rv) = &d.review {
        if let Some(date) = rv.date {
            order.push(("date", d.date, "review.date", date));
        }
    }
    for (field, asked, answered, reviewed) in &further_fields {
        let mut check = |later: String,
                         later_date: crate::facts::Date,
                         earlier: String,
                         earlier_date: crate::facts::Date| {
            if later_date < earlier_date {
                problems.push(case.error_at(
                    &later,
                    format!("`{later}` ({later_date}) is before `{earlier}` ({earlier_date})"),
                    format!("check both dates: `{later}` cannot come before `{earlier}`"),
                ));
            }
        };
        if let Some(a) = answered {
            check(
                format!("{field}.response.date"),
                *a,
                format!("{field}.date"),
                *asked,
            );
            if let Some(r) = reviewed {
                check(
                    format!("{field}.review.date"),
                    *r,
                    format!("{field}.response.date"),
                    *a,
                );
            }
        }
        check("date".into(), d.date, format!("{field}.date"), *asked);
    }
    for (k, f) in d.further_requests.iter().enumerate() {
        if let Some(c) = f.complaint {
            let field = format!("further_requests[{k}]");
            if c < f.date {
                problems.push(case.error_at(
                    &format!("{field}.complaint"),
                    format!("`{field}.complaint` ({c}) is before `{field}.date` ({})", f.date),
                    "check both dates: the complainant cannot complain of a request before making it".to_string(),
                ));
            }
            if d.date < c {
                problems.push(case.error_at(
                    "date",
                    format!("`date` ({}) is before `{field}.complaint` ({c})", d.date),
                    "check both dates: the notice decides a complaint made before it".to_string(),
                ));
            }
        }
    }
    for (later, later_date, earlier, earlier_date) in order {
        if later_date < earlier_date {
            problems.push(case.error_at(
                later,
                format!("`{later}` ({later_date}) is before `{earlier}` ({earlier_date})"),
                format!("check both dates: `{later}` cannot come before `{earlier}`"),
            ));
        }
    }
    // A request made after the complaint cannot have been complained of then.
    for (k, f) in d.further_requests.iter().enumerate() {
        if f.date > d.complaint.date && f.complaint.is_none() {
            problems.push(case.warning_at(
                &format!("further_requests[{k}].date"),
                format!(
                    "this request ({}) was made after the complaint ({})",
                    f.date, d.complaint.date
                ),
                "check the dates; if the complainant complained of it later, say when: `complaint = <date>` in this further request",
            ));
        }
    }
}
