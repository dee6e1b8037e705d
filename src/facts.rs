//! Case facts: the serde model of a case file, as written. Reading a file into it, and
//! resolving it against the law, are the `case` module's.

use crate::statute::{Citation, Regime};
use chrono::NaiveDate;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A calendar date, written in TOML as a bare date (`2018-09-20`) or, in TOML or JSON,
/// as a string `"2018-09-20"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%Y-%m-%d"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Date, E> {
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map(Date)
                    .map_err(|_| E::custom(format!("`{s}` is not a real date written YYYY-MM-DD")))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                // toml hands its native dates over as a one-entry map.
                let Some((_, v)) = map.next_entry::<String, String>()? else {
                    return Err(de::Error::custom("expected a date"));
                };
                if v.len() != 10 {
                    return Err(de::Error::custom(format!(
                        "`{v}` is a date and time; give the date alone, as YYYY-MM-DD"
                    )));
                }
                self.visit_str(&v)
            }
        }
        d.deserialize_any(V)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// One value or a list of them: `reference = "FS1"` or `reference = ["FS1", "FS2"]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(transparent)]
pub struct OneOrMany(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![s.to_string()]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut v = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    v.push(s);
                }
                Ok(OneOrMany(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pronoun {
    She,
    He,
    They,
}

impl Pronoun {
    /// (subject, object, possessive, verb "has"/"have")
    pub fn forms(self) -> PronounForms {
        let (subject, object, possessive, has, was) = match self {
            Pronoun::She => ("she", "her", "her", "has", "was"),
            Pronoun::He => ("he", "him", "his", "has", "was"),
            Pronoun::They => ("they", "them", "their", "have", "were"),
        };
        PronounForms {
            subject,
            object,
            possessive,
            has,
            was,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PronounForms {
    pub subject: &'static str,
    pub object: &'static str,
    pub possessive: &'static str,
    pub has: &'static str,
    pub was: &'static str,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complainant {
    pub pronoun: Pronoun,
    /// Kept for the covering letter only; it must never appear in a notice.
    #[serde(default, skip_serializing)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    pub name: String,
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    pub address: Vec<String>,
    /// Central government or Parliament (Part I of Schedule 1 to the Act): the
    /// section 12 limit is then the higher one.
    #[serde(default)]
    pub central: bool,
    /// How the notice names the authority the first time, defining its short name:
    /// "the Department for Education (DfE)".
    #[serde(default)]
    pub first_mention: Option<String>,
}

impl Authority {
    pub fn short(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Position {
    /// The information was given.
    Provided,
    /// The authority said it holds no information.
    NotHeld,
    /// Withheld under an exemption.
    Refused,
    /// Neither confirmed nor denied.
    Ncnd,
}

/// What the authority did for some of the request's questions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// The question numbers; empty means the whole request.
    #[serde(default)]
    pub questions: Vec<u32>,
    pub position: Position,
    /// The exemptions relied on (for `refused` and `ncnd`).
    #[serde(default)]
    pub exemption: OneOrMany,
    /// For refusal notices: the answer given, as prose.
    #[serde(default)]
    pub answer: Option<String>,
    /// For a section 12 refusal: the estimate of the time complying would take.
    #[serde(default)]
    pub estimate: Option<Estimate>,
    #[serde(skip_deserializing)]
    pub citations: Vec<Citation>,
    /// The estimate costed against the appropriate limit (worked out in the checks).
    #[serde(skip_deserializing)]
    pub cost: Option<Cost>,
}

/// A section 12 estimate: the hours, and what they would be spent on.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Estimate {
    pub hours: f64,
    /// What the work would involve, as prose ("locating, retrieving and extracting …").
    #[serde(default)]
    pub activities: Option<String>,
}

/// An estimate costed at the Fees Regulations' hourly rate.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    pub hours: f64,
    pub rate: u32,
    /// Pounds, rounded to the nearest pound.
    pub cost: u64,
    pub limit: u32,
}

impl Serialize for Cost {
    /// The numbers as the notice prints them: "37.5" hours, "£1,000".
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Cost", 4)?;
        st.serialize_field("hours", &format!("{}", self.hours))?;
        st.serialize_field("rate", &pounds(u64::from(self.rate)))?;
        st.serialize_field("cost", &pounds(self.cost))?;
        st.serialize_field("limit", &pounds(u64::from(self.limit)))?;
        st.end()
    }
}

/// `1000` → `£1,000`.
pub fn pounds(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::from("£");
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// The request as the requester wrote it, kept verbatim.
    pub wording: String,
    /// How many questions the request has, where its wording does not number them
    /// "1.", "2." and so on (then they are counted from the wording).
    #[serde(default)]
    pub questions: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub date: Date,
    #[serde(default)]
    pub parts: Vec<Part>,
    /// What the response said, in the caseworker's words, where the parts do not say
    /// it (printed after "X responded on DATE.").
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewOutcome {
    Upheld,
    Revised,
    Declined,
    NotProvided,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    pub date: Date,
    /// Words after the date: "explaining that she had …".
    #[serde(default)]
    pub context: Option<String>,
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
#[derive(Debug, Clone, Serialize, Deserialize)]
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
}

/// Something that happened in a case besides the request, the response, the review
/// and the complaint.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
    #[serde(skip_deserializing)]
    pub citations: Vec<Citation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExclusionReason {
    NotContested,
    Other,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    pub questions: Vec<u32>,
    pub reason: ExclusionReason,
    /// For `reason = "other"`: why, completing "… and so it is not considered".
    #[serde(default)]
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    #[serde(default)]
    pub heading: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Upheld,
    NotUpheld,
    PartlyUpheld,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub outcome: Outcome,
    /// The provisions the decision is about; by default those the response relied on.
    #[serde(default)]
    pub exemption: OneOrMany,
    /// The finding in the caseworker's words, in place of the standard sentence
    /// (required for a partly upheld complaint).
    #[serde(default)]
    pub finding: Option<String>,
    /// The first format's Summary in the caseworker's words, in place of the one the
    /// template composes from the facts (notices before 2011).
    #[serde(default)]
    pub summary: Option<String>,
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
    #[serde(skip_deserializing)]
    pub citations: Vec<Citation>,
}

/// The complaint's outcome about one provision.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Lead,
    FollowOn,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    #[serde(default)]
    pub name: Option<String>,
    pub role: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    pub name: String,
    pub address: Vec<String>,
}

/// A decision notice: the Commissioner's decision on a complaint.
#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicInterest {
    /// Factors favouring disclosure (or confirmation or denial).
    pub favouring: String,
    /// Factors against.
    pub against: String,
    /// The balancing test.
    pub balance: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rights {
    /// Where to ask for an internal review (postal or email address lines).
    pub review_contact: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusalRequest {
    /// When the request was received.
    pub date: Date,
    pub wording: String,
}

impl DecisionNotice {
    pub fn regime_name(&self) -> &'static str {
        match self.regime {
            Regime::Foia => "FOIA",
            Regime::Eir => "EIR",
        }
    }
}

/// A refusal notice under section 17 FOIA (or regulation 14 EIR).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusalNotice {
    pub kind: String,
    pub regime: Regime,
    pub reference: String,
    pub title: String,
    pub date: Date,
    pub authority: Authority,
    #[serde(default)]
    pub complainant: Option<Complainant>,
    pub request: RefusalRequest,
    pub positions: Vec<Part>,
    /// Link to the published guidance on the exemptions.
    #[serde(default)]
    pub guidance: Option<String>,
    /// The harm (prejudice) test, as prose.
    #[serde(default)]
    pub harm: Option<String>,
    #[serde(default)]
    pub public_interest: Option<PublicInterest>,
    #[serde(default)]
    pub conclusion: Option<String>,
    pub rights: Rights,
    #[serde(default)]
    pub footnotes: BTreeMap<String, String>,
    pub signatory: Signatory,
    #[serde(default)]
    pub office: Option<Office>,
}

#[derive(Debug, Clone)]
pub enum Notice {
    Decision(Box<DecisionNotice>),
    Refusal(Box<RefusalNotice>),
}

/// Every string in a value (as the case's facts serialise), with its field path in
/// the form diagnostics use (`reasons[0].text`). Map keys are not included.
pub fn strings(v: &serde_json::Value, path: String, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::String(s) => out.push((path, s.clone())),
        serde_json::Value::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                strings(item, format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(m) => {
            for (k, item) in m {
                strings(
                    item,
                    if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    },
                    out,
                );
            }
        }
        _ => {}
    }
}

/// Parses every citation in a list against the law in force on `on` (the request
/// date), pointing errors at `field[i]`.
pub fn citations(
    catalogue: &crate::statute::Catalogue,
    regime: Regime,
    list: &OneOrMany,
    field: &str,
    on: Date,
) -> Result<Vec<Citation>, Vec<(String, String, String)>> {
    let mut out = Vec::new();
    let mut errs = Vec::new();
    let single = list.0.len() == 1;
    for (i, c) in list.0.iter().enumerate() {
        let f = if single {
            field.to_string()
        } else {
            format!("{field}[{i}]")
        };
        match catalogue.parse_on(regime, c, Some(on.0)) {
            Ok(c) => out.push(c),
            Err(e) => errs.push((f, e.message, e.hint)),
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}
