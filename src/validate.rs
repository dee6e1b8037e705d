//! Checks on loaded facts: citations resolve, dates are in order, family references are
//! consistent, prose markup is well formed and every footnote is defined and used.

use crate::diagnostic::{Diagnostic, Located};
use crate::facts::{citations, Date, Notice, Position, Role};
use crate::law::Law;
use crate::markup::{parse_inline, Piece};
use std::collections::BTreeSet;

/// The longest period for compliance a decision notice can give, in calendar days.
pub const MAX_COMPLIANCE_DAYS: u32 = 365;

/// Runs every check, resolving citations in place. Returns the problems found.
pub fn validate(notice: &mut Notice, case: Located<'_>, law: &Law) -> Vec<Diagnostic> {
    let cat = &law.catalogue;
    let mut problems = Vec::new();
    match notice {
        Notice::Decision(d) => {
            let regime = d.regime;
            if let Some(resp) = &mut d.response {
                for (i, part) in resp.parts.iter_mut().enumerate() {
                    cite_part(
                        cat,
                        case,
                        (regime, d.request.date),
                        part,
                        &format!("response.parts[{i}]"),
                        &mut problems,
                    );
                }
            }
            for (k, further) in d.further_requests.iter_mut().enumerate() {
                if let Some(resp) = &mut further.response {
                    for (i, part) in resp.parts.iter_mut().enumerate() {
                        cite_part(
                            cat,
                            case,
                            (regime, further.date),
                            part,
                            &format!("further_requests[{k}].response.parts[{i}]"),
                            &mut problems,
                        );
                    }
                }
            }
            if d.decision.exemption.0.is_empty() {
                // By default the decision is about what the responses relied on.
                let mut seen = BTreeSet::new();
                let further_parts = d
                    .further_requests
                    .iter()
                    .flat_map(|f| f.response.iter().flat_map(|r| r.parts.iter()));
                for part in d
                    .response
                    .iter()
                    .flat_map(|r| r.parts.iter())
                    .chain(further_parts)
                {
                    for c in &part.citations {
                        if seen.insert(c.number.clone()) {
                            d.decision.citations.push(c.clone());
                        }
                    }
                }
            } else {
                match citations(
                    cat,
                    regime,
                    &d.decision.exemption,
                    "decision.exemption",
                    d.request.date,
                ) {
                    Ok(c) => d.decision.citations = c,
                    Err(errs) => push_citation_errors(case, errs, &mut problems),
                }
            }
            let known = crate::timeline::procedural_provisions(regime);
            let listed = d
                .decision
                .breaches
                .iter()
                .enumerate()
                .map(|(i, b)| (format!("decision.breaches[{i}]"), b))
                .chain(
                    d.decision
                        .set_aside
                        .iter()
                        .enumerate()
                        .map(|(i, a)| (format!("decision.set_aside[{i}].breach"), &a.breach)),
                );
            for (field, b) in listed {
                if d.decision.breaches.contains(b) && field.starts_with("decision.set_aside") {
                    problems.push(case.error_at(
                        &field,
                        format!("the breach of {b} is both found and set aside"),
                        "keep it in decision.breaches or in decision.set_aside, not both",
                    ));
                }
                if !known.contains(&b.as_str()) {
                    problems.push(case.error_at(
                        &field,
                        format!("`{b}` is not a procedural provision the templates know"),
                        format!(
                            "under the {} breaches are written {}",
                            d.regime_name(),
                            known
                                .iter()
                                .map(|k| format!("\"{k}\""))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
            }

            // Events: in order after the request, with what each kind needs.
            for (i, e) in d.events.iter_mut().enumerate() {
                let field = format!("events[{i}]");
                if e.date < d.request.date {
                    problems.push(case.error_at(
                        &format!("{field}.date"),
                        format!(
                            "this event ({}) is before the request ({})",
                            e.date, d.request.date
                        ),
                        "check the event's date",
                    ));
                }
                use crate::facts::EventKind as K;
                match e.kind {
                    K::ExemptionAdded | K::ExemptionWithdrawn => {
                        if e.exemption.0.is_empty() {
                            problems.push(case.error_at(
                                &field,
                                "a change of exemption must name the provisions",
                                "add exemption = \"43(2)\" (or a list) to this event",
                            ));
                        }
                        match citations(cat, regime, &e.exemption, &format!("{field}.exemption"), d.request.date) {
                            Ok(c) => e.citations = c,
                            Err(errs) => push_citation_errors(case, errs, &mut problems),
                        }
                    }
                    K::Disclosed | K::Found if e.text.is_none() => problems.push(case.error_at(
                        &field,
                        "say what the authority disclosed or found",
                        "add text = \"the names of the subcontractors\" to this event, completing \"… disclosed …\"",
                    )),
                    _ => {}
                }
            }

            // Each finding names a provision the regime has.
            for (i, f) in d.decision.findings.iter().enumerate() {
                let procedural = crate::timeline::procedural_provisions(regime);
                let known = procedural.contains(&f.provision.as_str())
                    || matches!(f.provision.as_str(), "1" | "1(1)" | "10" | "17" | "16")
                    || cat
                        .parse_on(regime, &f.provision, Some(d.request.date.0))
                        .is_ok();
                if !known {
                    problems.push(case.error_at(
                        &format!("decision.findings[{i}].provision"),
                        format!("`{}` is not a provision of the {}", f.provision, d.regime_name()),
                        "give a citation such as \"14(1)\" or \"12(5)(e)\", or a procedural provision such as \"10(1)\"",
                    ));
                }
            }

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
                            format!(
                                "`{later}` ({later_date}) is before `{earlier}` ({earlier_date})"
                            ),
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
            for (later, later_date, earlier, earlier_date) in order {
                if later_date < earlier_date {
                    problems.push(case.error_at(
                        later,
                        format!("`{later}` ({later_date}) is before `{earlier}` ({earlier_date})"),
                        format!("check both dates: `{later}` cannot come before `{earlier}`"),
                    ));
                }
            }

            // Family.
            let own: Vec<&str> = d.reference.0.iter().map(String::as_str).collect();
            if own.is_empty() {
                problems.push(case.error_at(
                    "reference",
                    "the notice has no reference",
                    "give the case reference, for example reference = \"FS50739797\"",
                ));
            }
            if let Some(f) = &d.family {
                match (f.role, &f.lead) {
                    (Role::FollowOn, None) => problems.push(case.error_at(
                        "family",
                        "a follow-on notice must name its lead case",
                        "add lead = \"FS…\" under [family]",
                    )),
                    (Role::FollowOn, Some(lead)) if own.contains(&lead.as_str()) => {
                        problems.push(case.error_at(
                            "family.lead",
                            "a follow-on notice cannot adopt its own reference as the lead case",
                            "give the lead case's reference, or make this notice role = \"lead\"",
                        ))
                    }
                    (Role::Lead, Some(_)) => problems.push(case.error_at(
                        "family.lead",
                        "a lead notice does not name a lead case",
                        "remove `lead`, or make this notice role = \"follow-on\"",
                    )),
                    _ => {}
                }
                for (i, s) in f.siblings.iter().enumerate() {
                    if own.contains(&s.as_str()) {
                        problems.push(case.error_at(
                            &format!("family.siblings[{i}]"),
                            format!("`{s}` is this notice's own reference"),
                            "list only the other cases of the family",
                        ));
                    }
                }
                if f.siblings.is_empty() {
                    problems.push(case.error_at(
                        "family.siblings",
                        "the family lists no other cases",
                        "list the references of the other cases decided with this one",
                    ));
                }
                if f.role == Role::FollowOn && !d.reasons.is_empty() {
                    problems.push(case.error_at(
                        "reasons",
                        "a follow-on notice adopts its lead's reasoning and has no reasons of its own",
                        "remove [[reasons]], or make this notice role = \"lead\"",
                    ));
                }
            }
            // A notice on a request that was never answered needs no reasoning.
            if d.reasons.is_empty()
                && d.response.is_some()
                && d.family.as_ref().is_none_or(|f| f.role == Role::Lead)
            {
                problems.push(case.error_at(
                    "reasons",
                    "the notice gives no reasons for the decision",
                    "add [[reasons]] sections with the analysis, or make it a follow-on under [family]",
                ));
            }
            if d.decision.outcome == crate::facts::Outcome::PartlyUpheld
                && d.decision.finding.is_none()
            {
                problems.push(case.error_at(
                    "decision.outcome",
                    "a partly upheld complaint needs the finding in the caseworker's words",
                    "add finding = \"The Commissioner's decision is that …\" under [decision], saying what was and was not upheld",
                ));
            }
            if d.request
                .summary
                .as_deref()
                .is_none_or(|s| s.trim().is_empty())
            {
                problems.push(case.error_at(
                    "request",
                    "the request has no summary",
                    "add summary = \"...\" under [request]: what the request is about, completing \"The complainant has requested information about …\"",
                ));
            }
            if !(1..=MAX_COMPLIANCE_DAYS).contains(&d.decision.compliance_days) {
                problems.push(case.error_at(
                    "decision.compliance_days",
                    format!(
                        "{} days is not a period the Commissioner gives for compliance",
                        d.decision.compliance_days
                    ),
                    format!("give the calendar days allowed, from 1 to {MAX_COMPLIANCE_DAYS} (35 is usual)"),
                ));
            }
            if let Some(rv) = &d.review {
                let needs_reason = matches!(
                    rv.outcome,
                    crate::facts::ReviewOutcome::Declined | crate::facts::ReviewOutcome::Revised
                );
                if needs_reason && rv.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                    problems.push(case.error_at(
                        "review.outcome",
                        if rv.outcome == crate::facts::ReviewOutcome::Declined {
                            "a declined internal review needs the authority's reason"
                        } else {
                            "a revised position needs to say how it was revised"
                        },
                        "add reason = \"...\" under [review]",
                    ));
                }
                if rv.outcome != crate::facts::ReviewOutcome::NotProvided && rv.date.is_none() {
                    problems.push(case.error_at(
                        "review",
                        "the internal review's outcome has no date",
                        "add date = YYYY-MM-DD under [review]",
                    ));
                }
            }
            if d.decision.citations.is_empty() && d.response.is_some() && problems.is_empty() {
                problems.push(case.error_at(
                    "decision",
                    "the decision names no exemption and the response relied on none",
                    "set exemption = \"31(3)\" under [decision], or give the response's exemptions",
                ));
            }

            // Prose.
            let mut prose: Vec<(String, &str)> =
                vec![("request.wording".into(), d.request.wording.as_str())];
            for (k, f) in d.further_requests.iter().enumerate() {
                prose.push((format!("further_requests[{k}].wording"), f.wording.as_str()));
                if let Some(r) = &f.response {
                    push_opt(
                        &mut prose,
                        &format!("further_requests[{k}].response.text"),
                        &r.text,
                    );
                }
                if let Some(rv) = &f.review {
                    push_opt(
                        &mut prose,
                        &format!("further_requests[{k}].review.reason"),
                        &rv.reason,
                    );
                }
            }
            push_opt(&mut prose, "request.summary", &d.request.summary);
            push_opt(&mut prose, "request.context", &d.request.context);
            if let Some(rv) = &d.review {
                push_opt(&mut prose, "review.subject", &rv.subject);
                push_opt(&mut prose, "review.reason", &rv.reason);
            }
            push_opt(&mut prose, "complaint.context", &d.complaint.context);
            if let Some(r) = &d.response {
                push_opt(&mut prose, "response.text", &r.text);
            }
            for (i, e) in d.events.iter().enumerate() {
                push_opt(&mut prose, &format!("events[{i}].text"), &e.text);
            }
            push_opt(
                &mut prose,
                "complaint.delay_reason",
                &d.complaint.delay_reason,
            );
            push_opt(&mut prose, "complaint.submission", &d.complaint.submission);
            if let Some(s) = &d.scope {
                push_opt(&mut prose, "scope.text", &s.text);
                for (i, e) in s.excluded.iter().enumerate() {
                    push_opt(
                        &mut prose,
                        &format!("scope.excluded[{i}].explanation"),
                        &e.explanation,
                    );
                }
            }
            for (name, list) in [("background", &d.background), ("reasons", &d.reasons)] {
                for (i, s) in list.iter().enumerate() {
                    push_opt(&mut prose, &format!("{name}[{i}].heading"), &s.heading);
                    prose.push((format!("{name}[{i}].text"), s.text.as_str()));
                }
            }
            push_opt(&mut prose, "decision.finding", &d.decision.finding);
            for (i, s) in d.decision.steps.iter().enumerate() {
                prose.push((format!("decision.steps[{i}]"), s.as_str()));
            }
            push_opt(&mut prose, "other_matters", &d.other_matters);
            check_prose(case, &prose, &d.footnotes, &mut problems);
        }
        Notice::Refusal(r) => {
            let regime = r.regime;
            for (i, part) in r.positions.iter_mut().enumerate() {
                cite_part(
                    cat,
                    case,
                    (regime, r.request.date),
                    part,
                    &format!("positions[{i}]"),
                    &mut problems,
                );
                if part.position == Position::Provided && part.answer.is_none() {
                    problems.push(case.error_at(
                        &format!("positions[{i}]"),
                        "an answered question has no answer",
                        "add answer = \"...\" with the information given",
                    ));
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
            let mut prose: Vec<(String, &str)> =
                vec![("request.wording".into(), r.request.wording.as_str())];
            for (i, p) in r.positions.iter().enumerate() {
                push_opt(&mut prose, &format!("positions[{i}].answer"), &p.answer);
            }
            push_opt(&mut prose, "harm", &r.harm);
            if let Some(pi) = &r.public_interest {
                prose.push(("public_interest.favouring".into(), pi.favouring.as_str()));
                prose.push(("public_interest.against".into(), pi.against.as_str()));
                prose.push(("public_interest.balance".into(), pi.balance.as_str()));
            }
            push_opt(&mut prose, "conclusion", &r.conclusion);
            check_prose(case, &prose, &r.footnotes, &mut problems);
        }
    }
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
        let (message, help) = if c.is_control() {
            (
                format!(
                    "`{field}` holds a control character (U+{:04X}), which a notice cannot print",
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

/// Whether a character of the facts can be printed in a notice.
fn printable(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_control() || c == '\n' || c == '\t' || c == '\r';
    }
    !c.is_control() && crate::render::pdf::covers(c)
}

fn push_opt<'a>(prose: &mut Vec<(String, &'a str)>, field: &str, value: &'a Option<String>) {
    if let Some(v) = value {
        prose.push((field.to_string(), v.as_str()));
    }
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

/// Checks the markup of every prose field and that footnotes are defined and used.
fn check_prose(
    case: Located<'_>,
    prose: &[(String, &str)],
    footnotes: &std::collections::BTreeMap<String, String>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut used = BTreeSet::new();
    let footnote_fields: Vec<(String, &str)> = footnotes
        .iter()
        .map(|(k, v)| (format!("footnotes.{k}"), v.as_str()))
        .collect();
    for (field, text) in prose.iter().chain(footnote_fields.iter()) {
        if let Err(e) = crate::markup::check_blocks(text) {
            let d = case.error_at(field, e.message, e.hint);
            problems.push(point_into(case, field, text, e.offset, d));
            continue;
        }
        match parse_inline(text, 0) {
            Ok(pieces) => {
                for p in pieces {
                    if let Piece::Footnote(id) = p {
                        if !footnotes.contains_key(&id) {
                            problems.push(located_in_text(
                                case,
                                field,
                                text,
                                &format!("[^{id}]"),
                                format!("footnote `{id}` is not defined"),
                                format!("add {id} = \"...\" under [footnotes]"),
                            ));
                        }
                        used.insert(id);
                    }
                }
            }
            Err(e) => {
                let d = case.error_at(field, e.message, e.hint);
                problems.push(point_into(case, field, text, e.offset, d));
            }
        }
    }
    for id in footnotes.keys() {
        if !used.contains(id) {
            let field = format!("footnotes.{id}");
            let d = crate::diagnostic::Diagnostic::error(
                case.path,
                field.clone(),
                format!("footnote `{id}` is never referenced"),
                format!("refer to it with [^{id}] in the prose, or remove it"),
            );
            problems.push(match case.spans.key(&field) {
                Some(s) => d.at(case.source, s),
                None => d,
            });
        }
    }
}

/// Points a diagnostic at `needle` inside a field's text, when the text appears
/// literally in the source.
fn located_in_text(
    case: Located<'_>,
    field: &str,
    text: &str,
    needle: &str,
    message: String,
    help: String,
) -> Diagnostic {
    let d = case.error_at(field, message, help);
    match text.find(needle) {
        Some(off) => point_into(case, field, text, off, d),
        None => d,
    }
}

fn point_into(
    case: Located<'_>,
    field: &str,
    text: &str,
    offset: usize,
    d: Diagnostic,
) -> Diagnostic {
    let Some(span) = case.spans.value(field) else {
        return d;
    };
    let raw = &case.source[span.clone()];
    // Find where the text's first line starts inside the raw value (after the quotes).
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let probe: String = first_line.chars().take(24).collect();
    match raw.find(&probe) {
        Some(i) => {
            let text_start = text.find(&probe).unwrap_or(0);
            let at = span.start + i + offset.saturating_sub(text_start);
            if at < span.end && case.source.is_char_boundary(at) {
                let end = case.source[at..]
                    .chars()
                    .next()
                    .map_or(at + 1, |c| at + c.len_utf8());
                return d.at(case.source, at..end);
            }
            d
        }
        None => d,
    }
}
