//! The events of a decision notice as its templates see them: each with its
//! provisions in prose, and those up to the complaint in date order with the response
//! and the review.

use super::joined;
use crate::facts::DecisionNotice;
use serde::Serialize;

/// An event as the templates see it.
#[derive(Debug, Serialize)]
pub(super) struct EventView<'a> {
    date: crate::facts::Date,
    kind: crate::facts::EventKind,
    /// "section 43(2) (commercial interests)", joined.
    formal: String,
    /// "section 43(2)", joined.
    short: String,
    count: usize,
    until: Option<crate::facts::Date>,
    text: Option<&'a str>,
    /// The event came the day the request was made ("the same day").
    same_day_as_request: bool,
    /// For a disclosure: to whom, as the case file says.
    to: Option<&'a str>,
    /// A disclosure whose text neither says to whom nor ends its own sentence: told
    /// during the investigation as made to the complainant.
    to_complainant: bool,
}

pub(super) fn event_view(e: &crate::facts::Event) -> EventView<'_> {
    EventView {
        date: e.date,
        kind: e.kind,
        formal: joined(&e.citations, |c| c.formal.clone()),
        short: joined(&e.citations, |c| c.short.clone()),
        count: e.citations.len(),
        until: e.until,
        text: e.text.as_deref(),
        same_day_as_request: false,
        to: e.to.as_deref(),
        to_complainant: e.to.is_none()
            && e.text
                .as_deref()
                .is_some_and(|t| !says_to_whom(t) && !crate::text::ends_sentence(t)),
    }
}

/// Whether a disclosure's text already says to whom it was made.
fn says_to_whom(text: &str) -> bool {
    let t = format!(" {} ", text.to_lowercase());
    [
        " to the complainant",
        " to the requester",
        " to the applicant",
        " to him ",
        " to him,",
        " to her ",
        " to her,",
        " to them ",
        " to them,",
        " to the public",
        " published ",
        " publicly ",
        " on its website",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// Where each event before the complaint is told, in date order with the response
/// and the review: before the response, between it and the review, or after the
/// review. (Without a response, every event follows where the response would be.)
fn event_slot(d: &DecisionNotice, e: &crate::facts::Event) -> usize {
    let review_start = d.review.as_ref().and_then(|r| r.requested.or(r.date));
    match (&d.response, review_start) {
        (Some(r), _) if e.date < r.date => 0,
        (_, Some(start)) if e.date < start => 1,
        (_, Some(_)) => 2,
        (_, None) if d.review.is_some() => 2,
        _ => 1,
    }
}

/// The events up to the complaint, in date order: all of them, or those of one
/// stretch (`slot`, as [`event_slot`] gives it).
pub(super) fn events_before(d: &DecisionNotice, slot: Option<usize>) -> Vec<EventView<'_>> {
    let mut events: Vec<&crate::facts::Event> = d
        .events
        .iter()
        .filter(|e| e.date <= d.complaint.date)
        .filter(|e| slot.is_none_or(|s| event_slot(d, e) == s))
        .collect();
    events.sort_by_key(|e| e.date);
    events
        .into_iter()
        .map(|e| EventView {
            same_day_as_request: e.date == d.request.date,
            ..event_view(e)
        })
        .collect()
}
