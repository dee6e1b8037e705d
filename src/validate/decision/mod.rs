//! The checks on a decision notice's facts, one pass per concern: the provisions
//! cited, the procedural provisions named, the events, the questions and the dates, the
//! family, and what the decision decides.

mod citations;
mod dates;
mod events;
mod family;
mod outcome;
mod provisions;

use crate::diagnostic::{Diagnostic, Located};
use crate::facts::DecisionNotice;
use crate::law::Law;

pub(super) fn validate(
    d: &mut DecisionNotice,
    case: Located<'_>,
    law: &Law,
    problems: &mut Vec<Diagnostic>,
) {
    citations::resolve(d, case, law, problems);
    provisions::check(d, case, law, problems);
    events::check(d, case, law, problems);
    provisions::relied_on(d, case, problems);
    provisions::refusal_breaches(d, case, problems);
    dates::questions(d, case, problems);
    dates::in_order(d, case, problems);
    family::check(d, case, problems);
    // Last: some of its checks speak only when nothing else is wrong.
    outcome::check(d, case, problems);
}
