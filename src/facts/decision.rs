//! The facts of a decision notice, as the case file writes them: the request, its
//! response and review, further requests, events, the complaint, the scope, the family,
//! the reasons and the decision.

use super::{Authority, Complainant, Date, Office, OneOrMany, Pronoun, Response, Signatory};
use crate::statute::{Citation, Regime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub date: Date,
    /// What the request is about, completing "The complainant has requested information
    /// about …".
    #[serde(default)]
    pub summary: Option<String>,
    /// The words before the summary, in place of "requested information about":
    /// "requested information relating to", "requested a copy of", "made two requests
    /// for".
    #[serde(default)]
    pub opening: Option<String>,
    /// Optional words between the date and "the complainant wrote", such as
    /// "referring to *a report*".
    #[serde(default)]
    pub context: Option<String>,
    /// How the request was sent, completing "wrote to X via …": "the WhatDoTheyKnow
    /// website".
    #[serde(default)]
    pub via: Option<String>,
    /// What came before the request, in the caseworker's words (an earlier request
    /// and what the authority supplied): numbered paragraphs that open "Request and
    /// response" ("The Request" in the first format).
    #[serde(default)]
    pub before: Option<String>,
    /// The request as the requester wrote it, kept verbatim.
    pub wording: String,
    /// Set the wording out in an annex at the end of the notice rather than quote it
    /// under "Request and response", as caseworkers do with long, many-part requests.
    #[serde(default)]
    pub annex: bool,
    /// With `annex`: the request as "Request and response" describes it, completing
    /// "The complainant submitted … to X on <date>"; default "a request".
    #[serde(default)]
    pub described: Option<String>,
    /// With `annex`: what the request sought, completing "… on <date> seeking …".
    #[serde(default)]
    pub seeking: Option<String>,
    /// The tense of the Decision's first sentence: "perfect" ("The complainant has
    /// requested …", the default) or "past" ("The complainant requested …").
    #[serde(default)]
    pub tense: Tense,
    /// How many questions the request has, where its wording does not number them
    /// "1.", "2." and so on (then they are counted from the wording).
    #[serde(default)]
    pub questions: Option<u32>,
}

/// The tense a caseworker tells the request in.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Tense {
    /// "The complainant has requested …".
    #[default]
    Perfect,
    /// "The complainant requested …".
    Past,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewOutcome {
    Upheld,
    Revised,
    Declined,
    NotProvided,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// When the complainant asked for it; when the notice does not say, the review is
    /// told from its outcome ("Following an internal review …").
    #[serde(default)]
    pub requested: Option<Date>,
    /// Completes "asked X to conduct an internal review of …"; default "its response".
    #[serde(default)]
    pub subject: Option<String>,
    pub outcome: ReviewOutcome,
    #[serde(default)]
    pub date: Option<Date>,
    /// Why the review was declined, or how the position was revised.
    #[serde(default)]
    pub reason: Option<String>,
    /// The position the authority took at the review, where it revised it (`outcome =
    /// "revised"`), in the same form as `response.parts`: for example section 12 applied
    /// to the whole request where the response applied it to one question. The
    /// narrative tells it as the review's outcome, and the Decision, the findings and the
    /// register entry read it rather than the response's.
    #[serde(default)]
    pub parts: Vec<super::Part>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    pub date: Date,
    /// Words after the date: "explaining that she had …".
    #[serde(default)]
    pub context: Option<String>,
    /// What the complainant disputed, in the caseworker's words: sentences told in the
    /// complaint's own paragraph, after the date ("The complainant specifically
    /// contested …").
    #[serde(default)]
    pub grounds: Option<String>,
    /// Why the complaint came after the usual time limit.
    #[serde(default)]
    pub delay_reason: Option<String>,
    /// When the complainant wrote again (for example after an internal review).
    #[serde(default)]
    pub resubmitted: Option<Date>,
    /// The complainant's submission, quoted.
    #[serde(default)]
    pub submission: Option<String>,
}

/// A further request decided in the same notice.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FurtherRequest {
    pub date: Date,
    pub wording: String,
    /// Its own case reference, where the Commissioner joined cases.
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub response: Option<Response>,
    #[serde(default)]
    pub review: Option<Review>,
    /// When the complainant complained to the Commissioner about this request, where
    /// not with the first (a joined case, or a request made after the complaint).
    #[serde(default)]
    pub complaint: Option<Date>,
}

/// The position finally taken on a request: the review's parts where it revised the
/// response's, or the response's.
fn taken<'a>(
    review: &'a Option<Review>,
    response: &'a Option<super::Response>,
) -> &'a [super::Part] {
    match (review, response) {
        (Some(rv), _) if !rv.parts.is_empty() => &rv.parts,
        (_, Some(r)) => &r.parts,
        _ => &[],
    }
}

impl FurtherRequest {
    /// The position finally taken on this request: the review's where it revised the
    /// response's (as [`DecisionNotice::final_parts`] for the first).
    pub fn final_parts(&self) -> &[super::Part] {
        taken(&self.review, &self.response)
    }
}

/// Something that happened in a case besides the request, the response, the review
/// and the complaint.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub date: Date,
    pub kind: EventKind,
    /// For `exemption-added` and `exemption-withdrawn`: the provisions.
    #[serde(default)]
    pub exemption: OneOrMany,
    /// For `extension`: the date the authority said it would respond by.
    #[serde(default)]
    pub until: Option<Date>,
    /// For `disclosed` and `found`: what, completing "… disclosed …" (prose); for
    /// the others, a sentence or two the caseworker adds.
    #[serde(default)]
    pub text: Option<String>,
    /// For `disclosed`: to whom, completing "… disclosed <text> to …" ("the
    /// complainant and the public, on its website"). Without it, a disclosure during
    /// the investigation is told as made to the complainant, unless the text already
    /// says to whom ("… to the complainant", "… to him") or ends its own sentence.
    #[serde(default)]
    pub to: Option<String>,
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub citations: Vec<Citation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// An acknowledgement or holding reply, with no substantive response.
    HoldingReply,
    /// More time to consider the public interest (FOIA s10(3); EIR reg 7(1)).
    Extension,
    /// A reply that did not say whether the information was held.
    NoConfirmation,
    /// During the investigation: the authority relied on a further provision.
    ExemptionAdded,
    /// During the investigation: the authority no longer relied on a provision.
    ExemptionWithdrawn,
    /// The authority disclosed information (`text`: what).
    Disclosed,
    /// The authority found information it had said it did not hold (`text`: what).
    Found,
    /// The Commissioner decided the request falls under the other regime.
    RegimeChanged,
    /// The complainant wrote to the authority again (`text`: what for, completing
    /// "… again on DATE, …", such as "asking for a response").
    Chased,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ExclusionReason {
    NotContested,
    Other,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    pub questions: Vec<u32>,
    pub reason: ExclusionReason,
    /// For `reason = "other"`: why, completing "… and so it is not considered".
    #[serde(default)]
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// The questions the Commissioner considered; empty means the whole request.
    #[serde(default)]
    pub questions: Vec<u32>,
    #[serde(default)]
    pub excluded: Vec<Exclusion>,
    /// Further scope paragraphs, as prose.
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    #[serde(default)]
    pub heading: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Upheld,
    NotUpheld,
    PartlyUpheld,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub outcome: Outcome,
    /// The provisions the decision is about; by default those the response relied on.
    #[serde(default)]
    pub exemption: OneOrMany,
    /// The finding in the caseworker's words, completing "The Commissioner's decision
    /// is that …" in place of the standard sentence (one that starts with that formula
    /// is printed whole; in the first format, before April 2011, it is printed as
    /// written). A partly upheld complaint needs it, or `findings`.
    #[serde(default)]
    pub finding: Option<String>,
    /// The Commissioner's finding, on the balance of probabilities, on whether the
    /// authority holds the requested information: the decision is then about section
    /// 1(1)(a) (regulation 5(1)), not an exemption. `false` where the authority never
    /// said it held none: a breach of section 1(1)(a) is told as its failure to say
    /// so. `true` answers a response that said the information was not held.
    #[serde(default)]
    pub held: Option<bool>,
    /// The first format's Summary in the caseworker's words, in place of the one the
    /// template composes from the facts (notices before 2011).
    #[serde(default)]
    pub summary: Option<String>,
    /// How the authority dealt with the request, in the caseworker's words: the
    /// Decision's first paragraph after the request, in place of the sentence the
    /// template composes ("The request was refused on the grounds of …").
    #[serde(default)]
    pub handling: Option<String>,
    /// Name the Act (or the Regulations) in full at its first mention, in the
    /// Decision's first paragraph: "section 14(1) of the Freedom of Information Act
    /// 2000 (the FOIA)", as some caseworkers write; later mentions use the short form.
    #[serde(default)]
    pub define_act: bool,
    #[serde(default)]
    pub steps: Vec<String>,
    /// Why an upheld complaint orders no steps, or a complaint not upheld orders some.
    #[serde(default)]
    pub steps_reason: Option<String>,
    /// Who the steps paragraphs name, where the caseworker writes "the public
    /// authority" rather than the authority's name.
    #[serde(default)]
    pub steps_subject: Option<String>,
    #[serde(default = "default_compliance_days")]
    pub compliance_days: u32,
    /// Procedural breaches the Commissioner finds, such as "10(1)" or "17(1)": the
    /// ones the dates show are proposed by `check`, and printed once listed here.
    #[serde(default)]
    pub breaches: Vec<String>,
    /// Breaches the dates show that the Commissioner does not find, each with why.
    #[serde(default)]
    pub set_aside: Vec<SetAside>,
    /// The outcome for each provision, as the published register records it, where it
    /// is not the notice's outcome for every provision (a partly upheld complaint).
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// Qualified provisions the Commissioner finds engaged, but where the public
    /// interest in maintaining them does not outweigh the public interest in
    /// disclosure: the Decision says so of them ("section 43(2) is engaged, but …"),
    /// rather than that the authority was not entitled to rely on them.
    #[serde(default)]
    pub engaged: OneOrMany,
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub citations: Vec<Citation>,
    /// `engaged`, resolved against the statute.
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub engaged_citations: Vec<Citation>,
}

/// The complaint's outcome about one provision.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The provision: a citation ("14(1)", "12(5)(e)") or a procedural one ("10(1)").
    pub provision: String,
    pub outcome: Outcome,
    /// The provision as the register prints it, where that differs from the default
    /// (the section number: "FOI 14"; the regulation paragraph: "EIR 12(5)(e)").
    #[serde(default)]
    pub register: Option<String>,
}

/// A breach the dates show, set aside by the caseworker.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetAside {
    /// "10(1)"
    pub breach: String,
    /// Why the Commissioner does not find it (kept in the case file, not printed).
    pub reason: String,
}

fn default_compliance_days() -> u32 {
    35
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Lead,
    FollowOn,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub role: Role,
    /// The lead case's reference (for a follow-on).
    #[serde(default)]
    pub lead: Option<String>,
    /// The other cases of the family, never this notice's own reference.
    #[serde(default)]
    pub siblings: Vec<String>,
    /// "every UK police force"
    pub sent_to: String,
    /// "police forces"
    pub considered: String,
    /// Whether the lead's notice is issued at the same time.
    #[serde(default = "yes")]
    pub issued_together: bool,
    #[serde(default)]
    pub lead_date: Option<Date>,
    /// The lead case of a further, related request.
    #[serde(default)]
    pub related_lead: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tribunal {
    /// The tribunal's name; by default the one for the notice date (the Information
    /// Tribunal until 17 January 2010, then the First-tier Tribunal (Information Rights)).
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address: Vec<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub fax: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
}

/// A decision notice: the Commissioner's decision on a complaint.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionNotice {
    pub kind: String,
    pub reference: OneOrMany,
    pub date: Date,
    pub regime: Regime,
    pub complainant: Complainant,
    pub authority: Authority,
    pub request: Request,
    #[serde(default)]
    pub response: Option<Response>,
    #[serde(default)]
    pub review: Option<Review>,
    /// Further requests the notice decides with the first, each with its own date,
    /// wording, response and review (and its own reference where the Commissioner
    /// joined cases).
    #[serde(default)]
    pub further_requests: Vec<FurtherRequest>,
    pub complaint: Complaint,
    /// What else happened, in date order: holding replies, extensions, replies that
    /// did not say whether information was held, and the authority's changes of
    /// position during the Commissioner's investigation.
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub scope: Option<Scope>,
    #[serde(default)]
    pub background: Vec<Section>,
    #[serde(default)]
    pub family: Option<Family>,
    /// The caseworker's reasoning, under sub-headings (not for follow-on notices).
    #[serde(default)]
    pub reasons: Vec<Section>,
    pub decision: Decision,
    #[serde(default)]
    pub other_matters: Option<String>,
    #[serde(default)]
    pub footnotes: BTreeMap<String, String>,
    pub signatory: Signatory,
    #[serde(default)]
    pub tribunal: Option<Tribunal>,
    #[serde(default)]
    pub office: Option<Office>,
    /// Overrides the Commissioner's pronoun that the notice date gives.
    #[serde(default)]
    pub commissioner_pronoun: Option<Pronoun>,
    /// The notice decides under both the FOIA and the EIR (parts of the information
    /// are environmental): the header carries both titles.
    #[serde(default)]
    pub both_regimes: bool,
    /// Part of the Commissioner's reasoning is in a confidential annex, provided to
    /// the public authority only.
    #[serde(default)]
    pub confidential_annex: bool,
}

/// The provisions of `decision.findings` that the decision is about (exemptions and
/// sections 12 and 14, not the handling of the request), by outcome: the authority
/// was entitled to rely on them (`not-upheld`), on them for some of the information
/// only (`partly-upheld`), and not entitled (`upheld`).
#[derive(Debug, Default, Serialize)]
pub struct FindingsTold {
    pub entitled: Vec<String>,
    pub partly: Vec<String>,
    pub not_entitled: Vec<String>,
}

impl FindingsTold {
    pub fn is_empty(&self) -> bool {
        self.entitled.is_empty() && self.partly.is_empty() && self.not_entitled.is_empty()
    }
}

/// A finding the caseworker wrote whole, formula and all ("The Commissioner's
/// decision is that …", or another of the Commissioner's openings: "The Commissioner
/// has decided …", "The Commissioner finds …"), rather than as the words completing
/// "The Commissioner's decision is that …".
pub fn finding_is_whole(finding: &str) -> bool {
    let f = finding.trim_start();
    f.starts_with("The Commissioner") || f.starts_with("The Information Commissioner")
}

impl EventKind {
    /// The authority wrote to the requester about the request without answering it:
    /// a holding reply, an extension, a reply that did not confirm or deny.
    pub fn wrote_without_answering(self) -> bool {
        matches!(
            self,
            Self::HoldingReply | Self::Extension | Self::NoConfirmation
        )
    }
}

impl DecisionNotice {
    /// The authority wrote something about the request: a response, or a letter that
    /// did not answer it ([`EventKind::wrote_without_answering`]).
    pub fn wrote_about_request(&self) -> bool {
        self.response.is_some() || self.events.iter().any(|e| e.kind.wrote_without_answering())
    }

    /// The position the Commissioner decides on for the request: the one the review
    /// took where it revised the response's (`review.parts`), or the response's.
    pub fn final_parts(&self) -> &[super::Part] {
        taken(&self.review, &self.response)
    }

    /// Every position the authority took on any request: the responses' and the
    /// reviews' parts, the first request's and the further ones'.
    pub fn every_part(&self) -> impl Iterator<Item = &super::Part> {
        let further = self.further_requests.iter();
        self.response
            .iter()
            .chain(further.clone().filter_map(|f| f.response.as_ref()))
            .flat_map(|r| r.parts.iter())
            .chain(
                self.review
                    .iter()
                    .chain(further.filter_map(|f| f.review.as_ref()))
                    .flat_map(|r| r.parts.iter()),
            )
    }

    /// Whether any response said that information was not held.
    pub fn said_not_held(&self) -> bool {
        let further = self.further_requests.iter().flat_map(|f| f.response.iter());
        self.response
            .iter()
            .chain(further)
            .flat_map(|r| r.parts.iter())
            .chain(self.review.iter().flat_map(|rv| rv.parts.iter()))
            .any(|p| p.position == super::Position::NotHeld)
    }

    /// The findings about provisions relied on, by outcome, as their codes ("43(2)").
    pub fn findings_told(&self) -> FindingsTold {
        let handling = crate::timeline::procedural_provisions(self.regime);
        let mut told = FindingsTold::default();
        for f in &self.decision.findings {
            let p = f
                .provision
                .trim()
                .trim_start_matches("section ")
                .trim_start_matches("regulation ")
                .to_string();
            // A procedural provision, or the one above it as the register prints it
            // ("14(3)", "5" of the EIR).
            let procedural = handling
                .iter()
                .any(|h| *h == p || h.starts_with(&format!("{p}(")));
            if procedural || matches!(p.as_str(), "1" | "10" | "16" | "17") {
                continue;
            }
            let list = match f.outcome {
                Outcome::NotUpheld => &mut told.entitled,
                Outcome::PartlyUpheld => &mut told.partly,
                Outcome::Upheld => &mut told.not_entitled,
            };
            if !list.contains(&p) {
                list.push(p);
            }
        }
        told
    }

    /// Every further request was made the same day as the first, with no response,
    /// review or reference of its own: they were answered with the first, and the
    /// notice tells them together ("made two separate requests").
    pub fn requests_together(&self) -> bool {
        !self.further_requests.is_empty()
            && self.further_requests.iter().all(|f| {
                f.date == self.request.date
                    && f.response.is_none()
                    && f.review.is_none()
                    && f.reference.is_none()
            })
    }

    pub fn regime_name(&self) -> &'static str {
        match self.regime {
            Regime::Foia => "FOIA",
            Regime::Eir => "EIR",
        }
    }
}
