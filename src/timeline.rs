//! The dates a case's facts imply: when the response was due and whether it was late,
//! how long the internal review took, whether the complaint came after the usual time
//! limit, and when the steps and any appeal are due. Worked out once, after the checks,
//! and handed to the templates and to `check`.

use crate::calendar::{Calendar, OutOfRange};
use crate::facts::{Date, DecisionNotice, Position, RefusalNotice, ReviewOutcome};
use crate::statute::Regime;
use chrono::{Duration, Months};
use serde::Serialize;

/// Working days for a response (FOIA s10(1), EIR reg 5(2)).
pub const RESPONSE_DAYS: u32 = 20;
/// The Commissioner's expectation for an internal review, and the outer limit
/// (the section 45 code of practice); EIR reconsideration is 40 by regulation 11(4).
pub const REVIEW_DAYS: u32 = 20;
pub const REVIEW_MAX_DAYS: u32 = 40;
/// Calendar days to appeal to the tribunal.
pub const APPEAL_DAYS: i64 = 28;
/// The usual time limit for complaining to the Commissioner, in months after the
/// authority's last response (the seed's "usual three month time limit").
pub const COMPLAINT_MONTHS: u32 = 3;
/// Calendar days past the usual time limit that still count as "slightly" late: about
/// two months (the Cambridgeshire seed notice calls a complaint 54 days past the limit
/// "slightly delayed"); a complaint later than that is "delayed", without "slightly".
pub const SLIGHTLY_LATE_DAYS: i64 = 62;
/// Working days for a response whose time was extended in time: 20 further working
/// days for the public interest (the Commissioner's guidance on section 10(3)), or the
/// 40 of EIR regulation 7(1).
pub const EXTENDED_DAYS: u32 = 40;

/// A date with the field it was worked out from, for located errors.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// The 20th working day after the request was received.
    pub response_due: Date,
    /// Working days from receipt to the response (to the notice date for a refusal
    /// notice); `None` when there was no response.
    pub response_days: Option<u32>,
    pub response_late: bool,
    /// A further request decided in the same notice was answered late, or not at all.
    pub further_late: bool,
    /// Each further request's time for compliance: when it was due, and whether its
    /// answer (or the notice date, with none) came after it.
    pub further: Vec<FurtherDue>,
    /// How many of the notice's requests (the first and the further ones) were
    /// answered late or not at all.
    pub late_requests: u32,
    /// The response was late and refused (or NCND) something: a section 17(1) breach.
    pub refusal_late: bool,
    /// How many of the notice's requests were refused (or NCND) in a response that
    /// came late: the first's and the further ones'.
    pub late_refusals: u32,
    /// Working days the internal review took, when it has an outcome date.
    pub review_days: Option<u32>,
    /// 20 or 40, when the review took longer than that; `None` when it did not.
    pub review_over: Option<u32>,
    /// The usual last day to complain, and whether the complaint came after it.
    pub complaint_deadline: Option<Date>,
    pub complaint_late: bool,
    /// The complaint came late, but by no more than [`SLIGHTLY_LATE_DAYS`] calendar
    /// days: the notice calls it "slightly" delayed only then.
    pub complaint_slightly_late: bool,
    /// The authority told the requester, within the 20 working days, that it needed
    /// more time to consider the public interest (FOIA s10(3) and 17(2)) or, under the
    /// EIR, extended the time under regulation 7(1): the response was then due by the
    /// 40th working day (the Commissioner's guidance for FOIA: no more than 20 further
    /// working days is normally reasonable).
    pub extended_until: Option<Date>,
    /// When the steps ordered are due (decision notices with steps).
    pub compliance_due: Option<Date>,
    /// The last day to appeal (decision notices).
    pub appeal_due: Option<Date>,
    /// The last day to ask for an internal review (refusal notices: 40 working days).
    pub review_request_by: Option<Date>,
    /// The procedural breaches these dates show ("10(1)", or "5(2)" under the EIR).
    pub breaches: Vec<String>,
}

/// A further request's time for compliance.
#[derive(Debug, Clone, Serialize)]
pub struct FurtherDue {
    pub due: Date,
    pub late: bool,
}

/// Which fact a date problem comes from.
#[derive(Debug, Clone)]
pub struct DateProblem {
    pub field: &'static str,
    pub error: OutOfRange,
}

fn wd(field: &'static str, r: Result<u32, OutOfRange>) -> Result<u32, DateProblem> {
    r.map_err(|error| DateProblem { field, error })
}

/// The `n`th working day after `from`, a problem pointed at `field` if the calendar
/// cannot say.
fn working_day_after(
    cal: &Calendar,
    from: Date,
    n: u32,
    field: &'static str,
) -> Result<chrono::NaiveDate, DateProblem> {
    cal.add_working_days(from.0, n)
        .map(|(due, _)| due)
        .map_err(|error| DateProblem { field, error })
}

/// The procedural provisions a decision notice can find breached, each worded by the
/// templates (decision/procedural.tera). A bare "17" is the Commissioner's finding of
/// a breach of section 17 without naming its subsection, as some notices put it.
pub fn procedural_provisions(regime: Regime) -> &'static [&'static str] {
    match regime {
        Regime::Foia => &[
            "1(1)", "1(1)(a)", "1(1)(b)", "10(1)", "11(1)", "16(1)", "17", "17(1)", "17(1)(a)",
            "17(1)(b)", "17(1)(c)", "17(3)", "17(3)(b)", "17(5)", "17(7)",
        ],
        Regime::Eir => &[
            "5(1)", "5(2)", "6(1)", "7(1)", "9(1)", "11(3)", "11(4)", "14(2)", "14(3)(a)",
            "14(3)(b)", "14(5)",
        ],
    }
}

/// The provisions a late response breaches: the time for compliance, and the time
/// for a refusal notice (FOIA s10(1) and s17(1); EIR regs 5(2) and 14(2)).
pub fn lateness_provisions(regime: Regime) -> (&'static str, &'static str) {
    match regime {
        Regime::Foia => ("10(1)", "17(1)"),
        Regime::Eir => ("5(2)", "14(2)"),
    }
}

/// `days` calendar days after `from`, within the years the calendar covers (a date
/// beyond them is as much a guess as a working day would be).
fn calendar_days_after(
    cal: &Calendar,
    from: Date,
    days: i64,
    field: &'static str,
) -> Result<chrono::NaiveDate, DateProblem> {
    let (first, last) = cal.years();
    let out_of_range = |date| DateProblem {
        field,
        error: OutOfRange { date, first, last },
    };
    let date = from
        .0
        .checked_add_signed(Duration::days(days))
        .ok_or_else(|| out_of_range(chrono::NaiveDate::MAX))?;
    if (first..=last).contains(&chrono::Datelike::year(&date)) {
        Ok(date)
    } else {
        Err(out_of_range(date))
    }
}

/// The notice's own date must be one the calendar covers.
fn notice_date(cal: &Calendar, date: Date) -> Result<(), DateProblem> {
    calendar_days_after(cal, date, 0, "date").map(drop)
}

pub fn decision(d: &DecisionNotice, cal: &Calendar) -> Result<Timeline, DateProblem> {
    notice_date(cal, d.date)?;
    let received = d.request.date.0;
    let due = working_day_after(cal, d.request.date, RESPONSE_DAYS, "request.date")?;
    // An extension given within the 20 working days moves the response's due date.
    let extended_until = match d.events.iter().find(|e| {
        e.kind == crate::facts::EventKind::Extension && e.date.0 <= due && e.date.0 >= received
    }) {
        Some(_) => Some(working_day_after(
            cal,
            d.request.date,
            EXTENDED_DAYS,
            "events",
        )?),
        None => None,
    };
    let effective_due = extended_until.unwrap_or(due);
    let (response_days, response_late, refusal_late) = match &d.response {
        Some(r) => {
            let days = wd(
                "response.date",
                cal.working_days_between(received, r.date.0),
            )?;
            let late = r.date.0 > effective_due;
            let refused = r
                .parts
                .iter()
                .any(|p| matches!(p.position, Position::Refused | Position::Ncnd));
            (Some(days), late, late && refused)
        }
        // No response by the notice date.
        None => (None, d.date.0 > effective_due, false),
    };
    let (review_days, review_over) = match &d.review {
        Some(rv) if rv.outcome != ReviewOutcome::Declined => match (rv.requested, rv.date) {
            (Some(requested), Some(date)) => {
                let days = wd("review.date", cal.working_days_between(requested.0, date.0))?;
                let over = if days > REVIEW_MAX_DAYS {
                    Some(REVIEW_MAX_DAYS)
                } else if days > REVIEW_DAYS {
                    Some(REVIEW_DAYS)
                } else {
                    None
                };
                (Some(days), over)
            }
            _ => (None, None),
        },
        _ => (None, None),
    };
    // The authority's last word before the complaint: its response, or the outcome of
    // a review given before the complaint; with no response, the day it was due.
    // With several requests, the last word on any of them.
    let mut last = d.response.as_ref().map_or(due, |r| r.date.0);
    let words = d
        .further_requests
        .iter()
        .filter_map(|f| f.response.as_ref().map(|r| r.date))
        .chain(d.review.iter().filter_map(|rv| rv.date))
        .chain(
            d.further_requests
                .iter()
                .filter_map(|f| f.review.as_ref().and_then(|rv| rv.date)),
        );
    // Any word from the authority counts: a holding reply, an extension, a reply
    // that did not say whether it held the information, a disclosure.
    let communications = d
        .events
        .iter()
        .filter(|e| {
            e.kind.wrote_without_answering() || e.kind == crate::facts::EventKind::Disclosed
        })
        .map(|e| e.date);
    for date in words.chain(communications) {
        if date.0 <= d.complaint.date.0 && date.0 > last {
            last = date.0;
        }
    }
    let deadline = last
        .checked_add_months(Months::new(COMPLAINT_MONTHS))
        .unwrap_or(last);
    let mut breaches = Vec::new();
    let (s10, s17) = lateness_provisions(d.regime);
    // A part refused under section 12 or 14 never had to be complied with: a late
    // notice of that breaches section 17(5). The other parts' lateness breaches the
    // time for compliance, and a late refusal under an exemption section 17(1).
    let parts: Vec<&crate::facts::Part> = d.response.iter().flat_map(|r| r.parts.iter()).collect();
    let procedural = |p: &crate::facts::Part| {
        d.regime == Regime::Foia
            && p.position == Position::Refused
            && !p.citations.is_empty()
            && p.citations.iter().all(|c| c.procedural)
    };
    let any_procedural = parts.iter().any(|p| procedural(p));
    let any_other = parts.is_empty() || parts.iter().any(|p| !procedural(p));
    let exemption_refused = parts
        .iter()
        .any(|p| matches!(p.position, Position::Refused | Position::Ncnd) && !procedural(p));
    match (extended_until, d.regime) {
        // Under an extension given in time, a response after the extended date took
        // longer than was reasonable to consider the public interest (FOIA s17(3));
        // nothing breached the 20 working days.
        (Some(_), Regime::Foia) => {
            if response_late {
                breaches.push("17(3)".to_string());
            }
        }
        _ => {
            if response_late && any_other {
                breaches.push(s10.to_string());
            }
            if response_late && exemption_refused {
                breaches.push(s17.to_string());
            }
            if response_late && any_procedural {
                breaches.push("17(5)".to_string());
            }
        }
    }
    // Each further request has its own time for compliance.
    let together = d.requests_together();
    let mut further_late = false;
    let mut further_late_refusals = 0u32;
    let mut further = Vec::new();
    for f in &d.further_requests {
        let f_due = working_day_after(cal, f.date, RESPONSE_DAYS, "further_requests")?;
        // Requests told together with the first were answered with it.
        let answer = if together {
            d.response.as_ref()
        } else {
            f.response.as_ref()
        };
        let (late, parts): (bool, Vec<&crate::facts::Part>) = match answer {
            Some(r) => (r.date.0 > f_due, r.parts.iter().collect()),
            None => (d.date.0 > f_due, Vec::new()),
        };
        further.push(FurtherDue {
            due: Date(f_due),
            late,
        });
        if !late {
            continue;
        }
        further_late = true;
        let procedural = |p: &crate::facts::Part| {
            d.regime == Regime::Foia
                && p.position == Position::Refused
                && !p.citations.is_empty()
                && p.citations.iter().all(|c| c.procedural)
        };
        let mut add = |code: &str| {
            if !breaches.iter().any(|b| b == code) {
                breaches.push(code.to_string());
            }
        };
        if parts.is_empty() || parts.iter().any(|p| !procedural(p)) {
            add(s10);
        }
        if parts
            .iter()
            .any(|p| matches!(p.position, Position::Refused | Position::Ncnd) && !procedural(p))
        {
            add(s17);
            further_late_refusals += 1;
        }
        if parts.iter().any(|p| procedural(p)) {
            add("17(5)");
        }
    }
    // Information disclosed, or found, after the time for compliance was not
    // communicated in time.
    if d.events.iter().any(|e| {
        matches!(
            e.kind,
            crate::facts::EventKind::Disclosed | crate::facts::EventKind::Found
        ) && e.date.0 > effective_due
    }) && !breaches.iter().any(|b| b == s10)
    {
        breaches.push(s10.to_string());
    }
    // A provision first relied on after the time for compliance (during the
    // Commissioner's investigation, say) was refused out of time.
    for e in d
        .events
        .iter()
        .filter(|e| e.kind == crate::facts::EventKind::ExemptionAdded && e.date.0 > due)
    {
        let code = if d.regime == Regime::Foia && e.citations.iter().all(|c| c.procedural) {
            "17(5)"
        } else {
            s17
        };
        if !breaches.iter().any(|b| b == code) {
            breaches.push(code.to_string());
        }
    }
    if d.regime == Regime::Eir && review_over == Some(REVIEW_MAX_DAYS) {
        breaches.push("11(4)".to_string());
    }
    Ok(Timeline {
        response_due: Date(due),
        response_days,
        response_late,
        further_late,
        late_requests: u32::from(response_late) + further.iter().filter(|f| f.late).count() as u32,
        further,
        refusal_late,
        late_refusals: u32::from(refusal_late) + further_late_refusals,
        review_days,
        review_over,
        complaint_deadline: Some(Date(deadline)),
        complaint_late: d.complaint.date.0 > deadline,
        complaint_slightly_late: d.complaint.date.0 > deadline
            && (d.complaint.date.0 - deadline).num_days() <= SLIGHTLY_LATE_DAYS,
        extended_until: extended_until.map(Date),
        compliance_due: match d.decision.steps.is_empty() {
            true => None,
            false => Some(Date(calendar_days_after(
                cal,
                d.date,
                i64::from(d.decision.compliance_days),
                "decision.compliance_days",
            )?)),
        },
        appeal_due: Some(Date(calendar_days_after(cal, d.date, APPEAL_DAYS, "date")?)),
        review_request_by: None,
        breaches,
    })
}

pub fn refusal(r: &RefusalNotice, cal: &Calendar) -> Result<Timeline, DateProblem> {
    notice_date(cal, r.date)?;
    let received = r.request.date.0;
    let due = working_day_after(cal, r.request.date, RESPONSE_DAYS, "request.date")?;
    // A review letter: the response was the original one, and the review is timed
    // from its request to this letter; there is no further review to ask for.
    let (responded, field) = match &r.review {
        Some(v) => (v.responded, "review.responded"),
        None => (r.date, "date"),
    };
    let days = wd(field, cal.working_days_between(received, responded.0))?;
    let late = responded.0 > due;
    let (review_days, review_over, review_by) = match &r.review {
        Some(v) => {
            let days = wd("date", cal.working_days_between(v.requested.0, r.date.0))?;
            let over = [REVIEW_MAX_DAYS, REVIEW_DAYS]
                .into_iter()
                .find(|&n| days > n);
            (Some(days), over, None)
        }
        None => (
            None,
            None,
            Some(Date(working_day_after(
                cal,
                r.date,
                REVIEW_MAX_DAYS,
                "date",
            )?)),
        ),
    };
    Ok(Timeline {
        response_due: Date(due),
        response_days: Some(days),
        response_late: late,
        refusal_late: late,
        late_refusals: u32::from(late),
        review_days,
        review_over,
        complaint_deadline: None,
        complaint_late: false,
        further_late: false,
        further: Vec::new(),
        late_requests: 0,
        complaint_slightly_late: false,
        extended_until: None,
        compliance_due: None,
        appeal_due: None,
        review_request_by: review_by,
        breaches: Vec::new(),
    })
}
