//! What Rust works out for a decision notice's templates (`derived`).

use super::events::{event_view, events_before, EventView};
use super::office::{in_force, office_data};
use super::{capitalised, distinct, joined, merged, part_view, part_views, PartView};
use crate::facts::{DecisionNotice, Part, Position, Pronoun, ReviewOutcome, Role};
use crate::templates::join_and;
use serde::Serialize;

#[derive(Serialize)]
struct DecisionDerived<'a> {
    authority: &'a str,
    /// The authority's short name as it starts a sentence ("The council").
    #[serde(rename = "Authority")]
    authority_start: String,
    /// The decision is about section 12 or 14 alone: the request was refused, rather
    /// than information withheld.
    refuses: bool,
    /// The decision is whether the authority holds the information (section 1(1)(a)):
    /// it said it held none, and no exemption is in question.
    not_held_decision: bool,
    /// The provisions other withheld parts relied on besides the contested part's
    /// ("regulation 12(5)(e) (confidentiality of …)"), told after it in the Decision's
    /// first paragraph: "It also relied on …". Empty when there are none.
    also_relied: String,
    /// The decision is about regulation 12(4)(b) alone (manifestly unreasonable), which
    /// refuses the request rather than withholding information, though it has a public
    /// interest test (London Borough of Camden, FER0299722: "entitled to refuse them
    /// under regulation 12(4)(b)").
    manifestly_unreasonable: bool,
    /// A further request was refused (or NCND) too, or answered with the first: the
    /// scope's refusal or withholding is of "the requests".
    further_refused: bool,
    /// Some of the request was answered (a part provided), beside parts not held.
    some_provided: bool,
    /// What the Commissioner finds is not held: "the requested information", or, when
    /// some of it was provided, "any further information within the scope of the
    /// request".
    not_held_what: &'static str,
    /// With no response to the first request, the requests still unanswered: "the
    /// request", "the requests" (none answered), "the first request", or "two of the
    /// three requests" (a further request was answered). Empty after a response.
    unanswered: String,
    /// A finding on whether further information is held (`decision.held`), beside a
    /// provision that withholds what is held: told after it.
    held_beside: Option<bool>,
    /// The Commissioner finds, on the balance of probabilities, that the authority
    /// does not hold the information (rather than that it holds some).
    found_not_held: bool,
    /// A response said that information was not held.
    said_not_held: bool,
    /// The decision rests on the handling of an answered request alone: no exemption,
    /// and no finding on whether the information is held.
    handling_only: bool,
    /// A breach is told in a way of its own (the authority never said it held no
    /// information): the Decision tells the breaches by what went wrong.
    breaches_by_kind: bool,
    /// A breach found was of responding late, and the response has since been sent:
    /// with no steps ordered, the Commissioner requires no "further" steps (FS50499079,
    /// 2014; FS50569953, 2015; FS50661825, 2017). A late refusal notice alone does not
    /// make them "further" (FS50645708, 2017: "any steps").
    remedied: bool,
    /// The decision cites the EIR's "not held" exception (regulation 12(4)(a)), under
    /// which nothing is withheld: alone, or beside the exceptions that withhold
    /// (`withheld_short`, joined; empty when it is alone).
    not_held_exception: bool,
    withheld_short: String,
    /// A finding that the authority complied with its duty to advise and assist
    /// (`decision.findings`: section 16(1) or regulation 9(1) not upheld): "section
    /// 16(1)", told after the Decision's finding.
    advice_complied: Option<String>,
    /// The one step ordered, as it continues "The Commissioner requires X to …" (its
    /// first letter in lower case unless the word is an acronym, no final full stop):
    /// the first format's Summary lets it stand in the sentence.
    single_step: Option<String>,
    /// The provisions found engaged where the public interest favours disclosure
    /// (`decision.engaged`): "section 43(2)", joined; empty when none.
    engaged: String,
    engaged_count: usize,
    /// The authority named the first time, as it starts a sentence: the
    /// `first_mention` that defines the short name, or the short name.
    #[serde(rename = "Authority_first")]
    authority_first: String,
    /// Who the steps paragraphs name ("the public authority" or the short name), and
    /// as it starts a sentence.
    steps_subject: String,
    #[serde(rename = "Steps_subject")]
    steps_subject_start: String,
    /// "requested information about" or the case's own opening.
    opening: String,
    /// The opening in the simple past, after "The complainant" ("requested information
    /// about", "made two sets of requests for").
    opening_past: String,
    /// How the authority follows it: "from" after a request or question, else "to"
    /// ("made two requests for … to the council").
    opening_to: &'static str,
    /// The notice's references and those of the further requests it joins.
    references: Vec<String>,
    /// The further requests, each with its parts as the templates see them.
    further: Vec<FurtherView<'a>>,
    /// Every further request was made the same day as the first and answered with it
    /// (no response, review or reference of its own): the requests are told together,
    /// "made two separate requests. The first was for: …".
    together: bool,
    /// "second", "third" … for the further requests told together.
    ordinals: Vec<&'static str>,
    /// The Act as this period's prose names it: "the Act", "the FOIA", "FOIA", "the
    /// EIR" (`data/wording.toml`).
    the_act: String,
    /// The other regime's Act, for provisions an authority cited under it ("the FOIA"
    /// in an EIR notice).
    other_act: String,
    /// The authority answered under the other regime (`response.regime`).
    wrong_regime: bool,
    /// An event already tells that the Commissioner decided the regime.
    regime_told: bool,
    /// The Act at its first mention: "the FOIA", or in full where the caseworker
    /// defines it there ("the Freedom of Information Act 2000 (the FOIA)").
    act_first: String,
    complainant: crate::facts::PronounForms,
    commissioner: crate::facts::PronounForms,
    parts: Vec<PartView<'a>>,
    /// The review's revised position (`review.parts`), as the review paragraph tells it.
    review_parts: Vec<PartView<'a>>,
    /// The contested part: the first refused or NCND part.
    principal: Option<PartView<'a>>,
    ncnd: bool,
    /// Some of the request was answered or not held, besides the contested part.
    partial: bool,
    /// The contested part is the only one withheld, every other answered: "the
    /// remaining information" names it truly.
    remaining: bool,
    /// The questions the complainant did not contest, merged and sorted.
    not_contested: Vec<u32>,
    exemption_short: String,
    exemption_formal: String,
    exemption_count: usize,
    follow_on: bool,
    family_size: usize,
    sibling_count: usize,
    review_after_complaint: bool,
    /// What the dates show (response due, review length, complaint time limit,
    /// compliance and appeal dates).
    timeline: Option<&'a crate::timeline::Timeline>,
    /// The breaches found: those the dates show and those the facts list, in order.
    breaches: Vec<Breach>,
    /// The breaches' labels ("section 10(1)"), for joining.
    breach_labels: Vec<String>,
    /// The breaches as a list in prose: "section 10(1)", "sections 10(1) and 17(1)".
    breach_list: String,
    /// The breaches grouped by what went wrong, each told in its own words.
    breach_groups: Vec<BreachGroup>,
    /// The caseworker's finding is written whole ("The Commissioner's decision is
    /// that …"), rather than as the words that complete that formula.
    finding_whole: bool,
    /// A partly upheld complaint with no finding of the caseworker's: its finding told
    /// from `decision.findings`, each list of provisions in prose.
    composed: Option<Composed>,
    /// The caseworker's own finding already names every breach found ("… and
    /// therefore breached section 16(1)"): the standard breach sentence is not added.
    finding_states_breaches: bool,
    /// Every breach found is of the time for a refusal notice (17(1), 17(5); EIR 14(2)).
    late_refusal_only: bool,
    /// Events up to the complaint (told in "Request and response") and after it
    /// (during the investigation, told in "Scope of the case").
    events_before: Vec<EventView<'a>>,
    /// The events up to the complaint in date order with the response and the review:
    /// those before the response, those after it (before the review), and those after
    /// the review's start.
    events_before_response: Vec<EventView<'a>>,
    events_after_response: Vec<EventView<'a>>,
    events_after_review: Vec<EventView<'a>>,
    events_during: Vec<EventView<'a>>,
    /// The changes during the investigation the first format's Summary tells: what was
    /// disclosed or found, and provisions withdrawn or added.
    summary_events: Vec<EventView<'a>>,
    /// No substantive response, but the authority did write (a holding reply, an
    /// extension, a reply that did not say whether it held the information).
    wrote_without_responding: bool,
    /// The usual time limit for a complaint, in months.
    complaint_months: u32,
    review_days: u32,
    review_max_days: u32,
    /// The section 45 code of practice in force on the notice date: "2004" or "2018".
    code_of_practice: String,
    /// The court a failure to comply is certified to, as the notice date's notices
    /// name it.
    court: String,
    tribunal: crate::facts::Tribunal,
    /// The tribunal's name: the case file's, or the one for the notice date.
    tribunal_name: String,
    office: crate::facts::Office,
}

/// The provisions of a partly upheld complaint, by outcome, in prose ("section
/// 43(2)", "sections 40(2) and 41(1)"): what the authority was entitled to rely on,
/// entitled to for some of the information only, and not entitled to.
#[derive(Debug, Serialize)]
struct Composed {
    entitled: String,
    partly: String,
    not_entitled: String,
    /// The verb each list takes where the provisions are said to apply ("applies",
    /// "apply"): for an authority that answered under the other regime, which never
    /// relied on them.
    entitled_verb: &'static str,
    partly_verb: &'static str,
    not_entitled_verb: &'static str,
}

/// A further request as the templates see it.
#[derive(Debug, Serialize)]
struct FurtherView<'a> {
    date: crate::facts::Date,
    wording: &'a str,
    reference: Option<&'a str>,
    response: Option<&'a crate::facts::Response>,
    parts: Vec<PartView<'a>>,
    review: Option<&'a crate::facts::Review>,
    review_parts: Vec<PartView<'a>>,
}

/// A procedural breach as the templates see it.
#[derive(Debug, Serialize)]
struct Breach {
    /// "10(1)"
    code: String,
    /// "section 10(1)" or "regulation 5(2)"
    label: String,
    /// What went wrong, from the facts ([`breach_kind`]): the templates word each
    /// kind (decision/went-wrong.tera), so that no breach borrows another's words.
    kind: &'static str,
}

/// Breaches that went wrong the same way, told in one clause: "sections 1(1)(a) and
/// 10(1) … in that it failed to …".
#[derive(Debug, Serialize)]
struct BreachGroup {
    kind: &'static str,
    /// "section 10(1)", "sections 1(1) and 10(1)"
    labels: String,
    count: usize,
}

/// What went wrong in a breach of `code`, as the facts and dates show it:
/// - `no-response`: nothing at all was sent by the date of the notice;
/// - `no-substantive-response`: the authority wrote (a holding reply, an extension, a
///   reply that did not confirm or deny) but never responded to the request;
/// - `late-response`: it responded after the time for compliance;
/// - `not-communicated`: it responded in time but did not communicate information it
///   should have within that time;
/// - `no-confirmation`: it did not say whether it held the information;
/// - `not-held-unsaid`: the Commissioner finds it holds no information, which it
///   never told the complainant;
/// - `late-refusal`, `late-refusal-notice` (section 17(5): a refusal under section 12
///   or 14, which are not exemptions); `public-interest-delay` (17(3));
///   `public-interest-reasons` (17(3)(b)); `refusal-content` (what a refusal notice
///   must say); `refusal-rights` (17(7), EIR 14(5)); `advice` (16(1), EIR 9(1));
///   `form` (11(1), EIR 6(1)); `extension` (EIR 7(1)); `no-reconsideration` and
///   `late-reconsideration` (EIR 11(3), 11(4)); `withheld` (EIR 5(1) with a response);
///   `refusal-notice` (section 17, its subsection not named);
///   and `other` for anything else.
fn breach_kind(
    code: &str,
    d: &DecisionNotice,
    timeline: Option<&crate::timeline::Timeline>,
) -> &'static str {
    let unanswered = if d.wrote_about_request() {
        "no-substantive-response"
    } else {
        "no-response"
    };
    let late = timeline.is_some_and(|t| t.response_late || t.further_late);
    match code {
        "10(1)" | "5(2)" | "1(1)" | "1(1)(b)" if d.response.is_none() => unanswered,
        "10(1)" | "5(2)" if late => "late-response",
        "10(1)" | "5(2)" | "1(1)(b)" => "not-communicated",
        "1(1)" if late => "late-response",
        "1(1)" => "not-communicated",
        "1(1)(a)" if d.decision.held == Some(false) && !d.said_not_held() => "not-held-unsaid",
        "1(1)(a)" if d.response.is_none() => unanswered,
        "1(1)(a)" => "no-confirmation",
        "5(1)" if d.response.is_none() => unanswered,
        "5(1)" => "withheld",
        "17(1)" | "14(2)" => "late-refusal",
        "17" => "refusal-notice",
        "17(5)" => "late-refusal-notice",
        "17(3)" => "public-interest-delay",
        "17(3)(b)" | "14(3)(b)" => "public-interest-reasons",
        "17(1)(a)" | "17(1)(b)" | "17(1)(c)" | "14(3)(a)" | "14(3)" => "refusal-content",
        "17(7)" | "14(5)" => "refusal-rights",
        "16(1)" | "9(1)" => "advice",
        "11(1)" | "6(1)" => "form",
        "7(1)" => "extension",
        "11(3)" => "no-reconsideration",
        "11(4)" => "late-reconsideration",
        _ => "other",
    }
}

/// The breaches grouped by what went wrong, in the order each kind first appears.
fn breach_groups(regime: crate::statute::Regime, found: &[Breach]) -> Vec<BreachGroup> {
    let mut kinds: Vec<&'static str> = Vec::new();
    for b in found {
        if !kinds.contains(&b.kind) {
            kinds.push(b.kind);
        }
    }
    kinds
        .into_iter()
        .map(|kind| {
            let codes: Vec<String> = found
                .iter()
                .filter(|b| b.kind == kind)
                .map(|b| b.code.clone())
                .collect();
            BreachGroup {
                kind,
                count: codes.len(),
                labels: provisions_in_prose(regime, codes.into_iter()),
            }
        })
        .collect()
}

/// The breaches the notice finds: those the caseworker lists (the dates only propose
/// them), in the order of the legislation.
fn breaches(d: &DecisionNotice, timeline: Option<&crate::timeline::Timeline>) -> Vec<Breach> {
    let mut codes: Vec<&String> = distinct(&d.decision.breaches);
    // In the order of the legislation: by the number, then the subsection.
    codes.sort_by_key(|c| {
        let n: u32 = c
            .split('(')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(u32::MAX);
        (n, c.to_string())
    });
    // Within a section, "17(1)" before "17(1)(b)" before "17(3)".
    let unit = d.regime.unit();
    codes
        .into_iter()
        .map(|c| Breach {
            code: c.clone(),
            label: format!("{unit} {c}"),
            kind: breach_kind(c, d, timeline),
        })
        .collect()
}
/// The decision notice's template context, or `None` when the notice's date is before
/// every tribunal the office data knows and the case gives none of its own (only a
/// calendar widened by `--holidays` lets such a date through the date checks).
pub(super) fn decision_context(
    d: &DecisionNotice,
    timeline: Option<&crate::timeline::Timeline>,
) -> Option<tera::Context> {
    let data = office_data();
    let tribunal = d
        .tribunal
        .clone()
        .or_else(|| in_force(&data.tribunal, d.date))?;
    // The response's parts tell the response; the position finally taken (the
    // review's, where it revised the response's) is what the Decision is about.
    let parts: &[Part] = d.response.as_ref().map_or(&[], |r| &r.parts);
    let review_parts: &[Part] = d.review.as_ref().map_or(&[], |rv| &rv.parts);
    let final_parts = d.final_parts();
    let principal = final_parts
        .iter()
        .find(|p| matches!(p.position, Position::Refused | Position::Ncnd));
    let ncnd = principal.is_some_and(|p| p.position == Position::Ncnd);
    let commissioner = d
        .commissioner_pronoun
        .or_else(|| in_force(&data.commissioner, d.date).map(|e| e.pronoun))
        .unwrap_or(Pronoun::He);
    let family = d.family.as_ref();
    let found = breaches(d, timeline);
    let the_act = super::period::the_act(d.regime, d.date);
    // The events up to the complaint, in date order (in `slot` only, where given).
    // Whether the information is held is the decision only where nothing is
    // withheld: beside a provision that withholds, the finding on what is held is
    // told after the one on what is withheld (`held_beside`).
    let withholds = d.decision.citations.iter().any(|c| !c.not_held());
    let some_provided = final_parts.iter().any(|p| p.position == Position::Provided);
    let not_held_decision = !withholds
        && (d.decision.held.is_some()
            || final_parts.iter().any(|p| p.position == Position::NotHeld));
    let derived = DecisionDerived {
        authority: d.authority.short(),
        authority_start: capitalised(d.authority.short()),
        // The first time the notice names the authority in prose: as the caseworker
        // defines it, or by its full name where the short one is a bare "the
        // council" that would otherwise never be named (unless the request's own
        // opening words name it first).
        authority_first: capitalised(&match d.authority.first_mention.as_deref() {
            Some(first) => first.to_string(),
            None if d.authority.short().starts_with("the ")
                && !d.authority.short_is_the_name()
                && !d
                    .request
                    .opening
                    .as_deref()
                    .is_some_and(|o| o.contains(&d.authority.name)) =>
            {
                d.authority.name_in_prose()
            }
            None => d.authority.short().to_string(),
        }),
        steps_subject: d
            .decision
            .steps_subject
            .clone()
            .unwrap_or_else(|| d.authority.short().to_string()),
        steps_subject_start: capitalised(
            d.decision
                .steps_subject
                .as_deref()
                .unwrap_or(d.authority.short()),
        ),
        opening: d.request.opening.clone().unwrap_or_else(|| {
            if d.further_requests.is_empty() {
                "requested information about".into()
            } else {
                format!(
                    "made {} requests for information about",
                    crate::templates::number_words(d.further_requests.len() as u64 + 1)
                )
            }
        }),
        refuses: !d.decision.citations.is_empty()
            && d.decision.citations.iter().all(|c| c.procedural),
        not_held_decision,
        unanswered: unanswered(d),
        also_relied: {
            let own: Vec<&str> = principal
                .map(|p| p.citations.iter().map(|c| c.number.as_str()).collect())
                .unwrap_or_default();
            let others: Vec<String> = distinct(
                final_parts
                    .iter()
                    .filter(|p| matches!(p.position, Position::Refused | Position::Ncnd))
                    .flat_map(|p| p.citations.iter())
                    .filter(|c| !own.contains(&c.number.as_str()))
                    .map(|c| c.formal.clone()),
            );
            join_and(&others)
        },
        manifestly_unreasonable: !d.decision.citations.is_empty()
            && d.decision
                .citations
                .iter()
                .all(|c| c.regime == crate::statute::Regime::Eir && c.number == "12(4)(b)"),
        further_refused: d.requests_together()
            || d.further_requests.iter().any(|f| {
                f.final_parts()
                    .iter()
                    .any(|p| matches!(p.position, Position::Refused | Position::Ncnd))
            }),
        some_provided,
        not_held_what: if some_provided {
            "any further information within the scope of the request"
        } else {
            "the requested information"
        },
        held_beside: if withholds && !d.decision.citations.iter().any(|c| c.not_held()) {
            d.decision.held
        } else {
            None
        },
        found_not_held: d
            .decision
            .held
            .map_or(d.decision.outcome != crate::facts::Outcome::Upheld, |h| !h),
        said_not_held: d.said_not_held(),
        handling_only: d.decision.citations.is_empty()
            && d.response.is_some()
            && !not_held_decision,
        breaches_by_kind: found.iter().any(|b| b.kind == "not-held-unsaid"),
        remedied: found.iter().any(|b| b.kind == "late-response"),
        not_held_exception: d.decision.citations.iter().any(|c| c.not_held()),
        withheld_short: {
            let w: Vec<crate::statute::Citation> = d
                .decision
                .citations
                .iter()
                .filter(|c| !c.not_held())
                .cloned()
                .collect();
            joined(&w, |c| c.short.clone())
        },
        advice_complied: d
            .decision
            .findings
            .iter()
            .find(|f| {
                let p = f
                    .provision
                    .trim()
                    .trim_start_matches("section ")
                    .trim_start_matches("regulation ");
                f.outcome == crate::facts::Outcome::NotUpheld
                    && match d.regime {
                        crate::statute::Regime::Foia => p == "16" || p.starts_with("16("),
                        crate::statute::Regime::Eir => p == "9" || p.starts_with("9("),
                    }
            })
            .map(|_| match d.regime {
                crate::statute::Regime::Foia => "section 16(1)".to_string(),
                crate::statute::Regime::Eir => "regulation 9(1)".to_string(),
            }),
        single_step: match d.decision.steps.as_slice() {
            [step] => Some(continued(step)),
            _ => None,
        },
        engaged: joined(&d.decision.engaged_citations, |c| c.short.clone()),
        engaged_count: d.decision.engaged_citations.len(),
        references: {
            let mut refs = d.reference.0.clone();
            for r in d
                .further_requests
                .iter()
                .filter_map(|f| f.reference.as_ref())
            {
                if !refs.contains(r) {
                    refs.push(r.clone());
                }
            }
            refs
        },
        together: d.requests_together(),
        ordinals: [
            "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
        ]
        .iter()
        .copied()
        .take(d.further_requests.len())
        .collect(),
        further: d
            .further_requests
            .iter()
            .map(|f| FurtherView {
                date: f.date,
                wording: &f.wording,
                reference: f.reference.as_deref(),
                response: f.response.as_ref(),
                parts: part_views(f.response.as_ref().map_or(&[], |r| &r.parts)),
                review: f.review.as_ref(),
                review_parts: part_views(f.review.as_ref().map_or(&[], |rv| &rv.parts)),
            })
            .collect(),
        act_first: match (d.decision.define_act, d.regime) {
            (false, _) => the_act.clone(),
            (true, crate::statute::Regime::Eir) => {
                format!("the Environmental Information Regulations 2004 ({the_act})")
            }
            (true, _) => format!("the Freedom of Information Act 2000 ({the_act})"),
        },
        the_act,
        other_act: super::period::the_act(
            match d.regime {
                crate::statute::Regime::Eir => crate::statute::Regime::Foia,
                crate::statute::Regime::Foia => crate::statute::Regime::Eir,
            },
            d.date,
        ),
        wrong_regime: d
            .response
            .as_ref()
            .and_then(|r| r.regime)
            .is_some_and(|r| r != d.regime),
        regime_told: d
            .events
            .iter()
            .any(|e| e.kind == crate::facts::EventKind::RegimeChanged),
        opening_past: d
            .request
            .opening
            .as_deref()
            .map(str::to_string)
            .unwrap_or_else(|| "requested information about".into()),
        opening_to: match d.request.opening.as_deref() {
            Some(o) if !(o.starts_with("requested") || o.starts_with("asked")) => "to",
            _ => "from",
        },
        complainant: d.complainant.pronoun.forms(),
        commissioner: commissioner.forms(),
        parts: part_views(parts),
        review_parts: part_views(review_parts),
        principal: principal.map(part_view),
        ncnd,
        partial: principal.is_some()
            && final_parts
                .iter()
                .any(|p| matches!(p.position, Position::Provided | Position::NotHeld)),
        remaining: principal.is_some() && part_views(final_parts).iter().any(|p| p.remaining),
        not_contested: merged(
            d.scope
                .iter()
                .flat_map(|s| s.excluded.iter())
                .filter(|e| e.reason == crate::facts::ExclusionReason::NotContested)
                .flat_map(|e| e.questions.iter().copied()),
        ),
        exemption_short: joined(&d.decision.citations, |c| c.short.clone()),
        exemption_formal: joined(&d.decision.citations, |c| c.formal.clone()),
        exemption_count: d.decision.citations.len(),
        follow_on: family.is_some_and(|f| f.role == Role::FollowOn),
        family_size: family.map_or(1, |f| f.siblings.len() + 1),
        sibling_count: family.map_or(0, |f| f.siblings.len()),
        review_after_complaint: d
            .review
            .as_ref()
            .and_then(|r| r.requested)
            .is_some_and(|requested| requested >= d.complaint.date),
        timeline,
        breach_labels: found.iter().map(|b| b.label.clone()).collect(),
        breach_list: provisions_in_prose(d.regime, found.iter().map(|b| b.code.clone())),
        breach_groups: breach_groups(d.regime, &found),
        finding_whole: d
            .decision
            .finding
            .as_deref()
            .is_some_and(crate::facts::finding_is_whole),
        composed: {
            let told = d.findings_told();
            let prose = |codes: &[String]| provisions_in_prose(d.regime, codes.iter().cloned());
            (d.decision.outcome == crate::facts::Outcome::PartlyUpheld
                && d.decision.finding.is_none()
                && !told.is_empty())
            .then(|| {
                let verb = |list: &Vec<String>| if list.len() > 1 { "apply" } else { "applies" };
                Composed {
                    entitled: prose(&told.entitled),
                    partly: prose(&told.partly),
                    not_entitled: prose(&told.not_entitled),
                    entitled_verb: verb(&told.entitled),
                    partly_verb: verb(&told.partly),
                    not_entitled_verb: if told.not_entitled.len() > 1 {
                        "do"
                    } else {
                        "does"
                    },
                }
            })
        },
        finding_states_breaches: d.decision.finding.as_deref().is_some_and(|f| {
            let says = |code: &str| {
                [
                    "breached section",
                    "breached regulation",
                    "breach of section",
                    "breach of regulation",
                ]
                .iter()
                .any(|w| f.contains(&format!("{w} {code}")))
            };
            !found.is_empty() && found.iter().all(|b| says(&b.code))
        }),
        late_refusal_only: !found.is_empty()
            && found.iter().all(|b| match d.regime {
                crate::statute::Regime::Foia => b.code == "17(1)" || b.code == "17(5)",
                crate::statute::Regime::Eir => b.code == "14(2)",
            }),
        events_before: events_before(d, None),
        events_before_response: events_before(d, Some(0)),
        events_after_response: events_before(d, Some(1)),
        events_after_review: events_before(d, Some(2)),
        events_during: d
            .events
            .iter()
            .filter(|e| e.date > d.complaint.date)
            .map(event_view)
            .collect(),
        summary_events: d
            .events
            .iter()
            .filter(|e| e.date > d.complaint.date)
            .filter(|e| {
                use crate::facts::EventKind as K;
                matches!(
                    e.kind,
                    K::Disclosed | K::Found | K::ExemptionAdded | K::ExemptionWithdrawn
                )
            })
            .map(event_view)
            .collect(),
        wrote_without_responding: d.response.is_none() && d.wrote_about_request(),
        breaches: found,
        complaint_months: crate::timeline::COMPLAINT_MONTHS,
        review_days: crate::timeline::REVIEW_DAYS,
        review_max_days: crate::timeline::REVIEW_MAX_DAYS,
        code_of_practice: in_force(&data.code_of_practice, d.date)
            .map_or_else(|| "2018".into(), |c| c.edition),
        court: in_force(&data.court, d.date).map_or_else(|| "the High Court".into(), |c| c.name),
        tribunal_name: d
            .tribunal
            .as_ref()
            .and_then(|t| t.name.clone())
            .or_else(|| in_force(&data.tribunal, d.date).and_then(|t| t.name))
            .unwrap_or_else(|| "First-tier Tribunal (Information Rights)".into()),
        tribunal,
        office: d.office.clone().unwrap_or_else(|| data.office.clone()),
    };
    let mut ctx = tera::Context::new();
    ctx.insert("case", d);
    ctx.insert("derived", &derived);
    ctx.insert(
        "review_declined",
        &d.review
            .as_ref()
            .is_some_and(|r| r.outcome == ReviewOutcome::Declined),
    );
    Some(ctx)
}

/// Provisions as a list in prose: "section 10(1)", "sections 10(1) and 17(5)",
/// "regulations 5(2) and 14(2)".
fn provisions_in_prose(
    regime: crate::statute::Regime,
    codes: impl Iterator<Item = String>,
) -> String {
    let codes: Vec<String> = codes.collect();
    let unit = regime.unit();
    match codes.len() {
        0 => String::new(),
        1 => format!("{unit} {}", codes[0]),
        _ => format!("{unit}s {}", join_and(&codes)),
    }
}

/// A sentence made to continue another: "Disclose the schedule." becomes "disclose the
/// schedule" ("ICO" and other capitalised words keep their capitals).
fn continued(sentence: &str) -> String {
    let s = sentence.trim().trim_end_matches('.');
    let first_word = s.split_whitespace().next().unwrap_or("");
    let acronym = first_word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && first_word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if !acronym => c.to_lowercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

/// The requests a notice with no response to the first says were unanswered (see
/// `DecisionDerived::unanswered`).
fn unanswered(d: &DecisionNotice) -> String {
    if d.response.is_some() {
        return String::new();
    }
    let total = d.further_requests.len() + 1;
    let open = if d.requests_together() {
        total
    } else {
        1 + d
            .further_requests
            .iter()
            .filter(|f| f.response.is_none())
            .count()
    };
    match (total, open) {
        (1, _) => "the request".into(),
        (t, o) if t == o => "the requests".into(),
        (_, 1) => "the first request".into(),
        (t, o) => format!(
            "{} of the {} requests",
            crate::templates::number_words(o as u64),
            crate::templates::number_words(t as u64)
        ),
    }
}
