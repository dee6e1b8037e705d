//! Case facts: the serde model of a case file, loading with located errors, and the
//! checks that make the facts safe to template.

use crate::diagnostic::{nearest, Diagnostic, SpanIndex};
use crate::law::Law;
use crate::statute::{Citation, Regime};
use chrono::NaiveDate;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

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

/// A loaded, checked case.
#[derive(Debug, Clone)]
pub struct Case {
    pub path: PathBuf,
    pub source: String,
    pub spans: SpanIndex,
    pub notice: Notice,
    /// The dates the facts imply (set by the checks).
    pub timeline: Option<crate::timeline::Timeline>,
    /// Problems that do not stop rendering.
    pub warnings: Vec<Diagnostic>,
}

impl Case {
    pub fn file_stem(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "notice".into())
    }

    /// An error pointed at `field`'s value in this case file.
    pub fn error_at(
        &self,
        field: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        let d = Diagnostic::error(&self.path, field, message, help);
        match self.spans.value(field) {
            Some(span) => d.at(&self.source, span),
            None => d,
        }
    }

    pub fn footnotes(&self) -> &BTreeMap<String, String> {
        match &self.notice {
            Notice::Decision(d) => &d.footnotes,
            Notice::Refusal(r) => &r.footnotes,
        }
    }

    pub fn complainant_name(&self) -> Option<&str> {
        match &self.notice {
            Notice::Decision(d) => d.complainant.name.as_deref(),
            Notice::Refusal(r) => r.complainant.as_ref().and_then(|c| c.name.as_deref()),
        }
    }
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
                strings(item, join(&path, k), out);
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

pub const KINDS: [&str; 2] = ["decision-notice", "refusal-notice"];

/// Reads and checks a case file against the built-in law. Every problem found comes
/// back located; on success, warnings are in `Case::warnings`.
pub fn load(path: &Path) -> Result<Case, Vec<Diagnostic>> {
    load_with(path, Law::builtin())
}

/// Reads and checks a case file against the given law.
pub fn load_with(path: &Path, law: &Law) -> Result<Case, Vec<Diagnostic>> {
    let source = crate::source::read_text(path, "the case file").map_err(|d| vec![*d])?;
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => Format::Json,
        Some("toml") => Format::Toml,
        _ => {
            return Err(vec![Diagnostic::error(
                path,
                "",
                "the case file's type is not known from its name",
                "name case files *.toml (for people) or *.json (for case-management systems)",
            )])
        }
    };
    parse_with(path, source, format, law)
}

/// Parses case-file text (already read) of the given format, against the built-in law.
pub fn parse(path: &Path, source: String, format: Format) -> Result<Case, Vec<Diagnostic>> {
    parse_with(path, source, format, Law::builtin())
}

/// Parses case-file text (already read) of the given format. Errors come back with
/// the warnings found alongside them, most serious first.
pub fn parse_with(
    path: &Path,
    source: String,
    format: Format,
    law: &Law,
) -> Result<Case, Vec<Diagnostic>> {
    let source = match source.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => source,
    };
    if format == Format::Json {
        crate::source::check_nesting(path, &source).map_err(|d| vec![*d])?;
    }
    let spans = match format {
        Format::Toml => SpanIndex::from_toml(&source),
        Format::Json => SpanIndex::from_json(&source),
    };

    #[derive(Deserialize)]
    struct Probe {
        kind: Option<String>,
    }
    let kind = match format {
        Format::Toml => {
            toml::from_str::<Probe>(&source).map_err(|e| toml_error(path, &source, &spans, e, ""))
        }
        Format::Json => {
            serde_json::from_str::<Probe>(&source).map_err(|e| json_error(path, &source, e, ""))
        }
    }
    .map_err(|d| vec![d])?
    .kind;
    let here = |field: &str, msg: String, help: String| {
        let d = Diagnostic::error(path, field, msg, help);
        vec![match spans.value(field) {
            Some(s) => d.at(&source, s),
            None => d,
        }]
    };
    let notice = match kind.as_deref() {
        Some("decision-notice") => {
            Notice::Decision(Box::new(deserialize(path, &source, &spans, format)?))
        }
        Some("refusal-notice") => {
            Notice::Refusal(Box::new(deserialize(path, &source, &spans, format)?))
        }
        Some(other) => {
            let hint = match nearest(other, KINDS) {
                Some(k) => format!("did you mean \"{k}\"?"),
                None => "kind is \"decision-notice\" or \"refusal-notice\"".into(),
            };
            return Err(here(
                "kind",
                format!("unknown kind of notice `{other}`"),
                hint,
            ));
        }
        None => {
            return Err(here(
                "",
                "the case file does not say what kind of notice it is".into(),
                "add kind = \"decision-notice\" or kind = \"refusal-notice\" at the top".into(),
            ))
        }
    };
    checked(
        Case {
            path: path.to_path_buf(),
            source,
            spans,
            notice,
            timeline: None,
            warnings: Vec::new(),
        },
        law,
    )
}

/// Runs the validation and then the statute rules over a case: the case with its
/// warnings, or every problem, errors first.
fn checked(mut case: Case, law: &Law) -> Result<Case, Vec<Diagnostic>> {
    let mut problems = crate::validate::validate(&mut case, law);
    if !problems.iter().any(Diagnostic::is_error) {
        problems.extend(crate::rules::check(&mut case, law));
    }
    if problems.iter().any(Diagnostic::is_error) {
        problems.sort_by_key(|d| std::cmp::Reverse(d.severity));
        Err(problems)
    } else {
        case.warnings = problems;
        Ok(case)
    }
}

/// Facts already in memory (a bulk follower merged with its lead), with no source
/// text to point into: problems come back with their field path but no line, for the
/// caller to locate where the field was set (a follower's file or CSV cell, or the
/// lead). Warnings found here likewise carry the field alone.
pub fn from_table(path: &Path, table: toml::Table, law: &Law) -> Result<Case, Vec<Diagnostic>> {
    fn typed<T: serde::de::DeserializeOwned>(
        path: &Path,
        table: toml::Table,
    ) -> Result<T, Vec<Diagnostic>> {
        serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(|e| {
            let field = e.path().to_string();
            let (message, help, field) = explain(e.inner().message().trim(), &field);
            vec![Diagnostic::error(path, field, message, help)]
        })
    }
    let notice = match table.get("kind").and_then(toml::Value::as_str) {
        Some("decision-notice") => Notice::Decision(Box::new(typed(path, table)?)),
        Some("refusal-notice") => Notice::Refusal(Box::new(typed(path, table)?)),
        other => {
            return Err(vec![Diagnostic::error(
                path,
                "kind",
                format!("unknown kind of notice `{}`", other.unwrap_or("")),
                "kind is \"decision-notice\" or \"refusal-notice\"",
            )])
        }
    };
    checked(
        Case {
            path: path.to_path_buf(),
            source: String::new(),
            spans: SpanIndex::default(),
            notice,
            timeline: None,
            warnings: Vec::new(),
        },
        law,
    )
}

fn deserialize<T: serde::de::DeserializeOwned>(
    path: &Path,
    source: &str,
    spans: &SpanIndex,
    format: Format,
) -> Result<T, Vec<Diagnostic>> {
    match format {
        Format::Toml => {
            let de = toml::Deserializer::parse(source)
                .map_err(|e| vec![toml_error(path, source, spans, e, "")])?;
            serde_path_to_error::deserialize(de).map_err(|e| {
                let field = e.path().to_string();
                vec![toml_error(path, source, spans, e.into_inner(), &field)]
            })
        }
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(source);
            serde_path_to_error::deserialize(&mut de).map_err(|e| {
                let field = e.path().to_string();
                vec![json_error(path, source, e.into_inner(), &field)]
            })
        }
    }
}

/// Rewrites serde's message into ours and adds a hint.
fn explain(message: &str, field: &str) -> (String, String, String) {
    let field = if field == "." { "" } else { field };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
        let full = if field.ends_with(name) {
            field.to_string()
        } else {
            join(field, name)
        };
        let hint = match nearest(name, expected.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None if expected.is_empty() => "remove this field".into(),
            None => format!("the fields allowed here are: {}", expected.join(", ")),
        };
        return (format!("unknown field `{}`", clip(name)), hint, full);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        let full = join(field, name);
        if let Some((_, keys)) = TABLES.iter().find(|(t, _)| *t == full) {
            return (
                format!("the case file has no [{full}] table"),
                format!("add the table with its required keys (docs/case-file.md describes every field):\n\n[{full}]\n{keys}\n"),
                full,
            );
        }
        return (
            format!("missing field `{full}`"),
            format!("add `{name} = ...`; docs/case-file.md describes every field"),
            full,
        );
    }
    if message.starts_with("invalid type") {
        return (
            message.to_string(),
            "see docs/case-file.md for this field's type".into(),
            field.to_string(),
        );
    }
    if message.starts_with("unknown variant") {
        let expected: Vec<&str> = message.split('`').skip(3).step_by(2).collect();
        let got = message.split('`').nth(1).unwrap_or("");
        let hint = match suggest_value(got, &expected) {
            Some(n) => format!("did you mean \"{n}\"? (allowed: {})", expected.join(", ")),
            None => format!("use one of: {}", expected.join(", ")),
        };
        return (
            format!("`{}` is not allowed here", clip(got)),
            hint,
            field.to_string(),
        );
    }
    if message.contains("not a real date") {
        return (
            message.to_string(),
            "dates are written YYYY-MM-DD and must exist in the calendar".into(),
            field.to_string(),
        );
    }
    (
        message.to_string(),
        "see docs/case-file.md".into(),
        field.to_string(),
    )
}

/// The tables a case file must have, with the keys each requires, for the message
/// when one is missing.
const TABLES: &[(&str, &str)] = &[
    (
        "signatory",
        "role = \"Senior Case Officer\"     # and name = \"...\" if the notice is signed by name",
    ),
    (
        "authority",
        "name = \"...\"     # the public authority's full name",
    ),
    (
        "complainant",
        "pronoun = \"she\"     # or \"he\" or \"they\"",
    ),
    (
        "request",
        "date = YYYY-MM-DD\nwording = \"\"\"\nThe request as the requester wrote it\n\"\"\"",
    ),
    (
        "complaint",
        "date = YYYY-MM-DD     # when the complaint reached the Commissioner",
    ),
    (
        "decision",
        "outcome = \"upheld\"     # or \"not-upheld\" or \"partly-upheld\"",
    ),
    (
        "rights",
        "review_contact = [\"...\"]     # where to ask for an internal review",
    ),
];

/// Words caseworkers use for an allowed value, and the value they mean. A suggestion
/// is made from here, or for a close misspelling; never for a word of the opposite
/// meaning that happens to be spelt alike ("withheld" is not "not-held").
const SYNONYMS: &[(&str, &str)] = &[
    ("withheld", "refused"),
    ("withhold", "refused"),
    ("exempt", "refused"),
    ("exempted", "refused"),
    ("refuse", "refused"),
    ("refusal", "refused"),
    ("redacted", "refused"),
    ("neither-confirm-nor-deny", "ncnd"),
    ("neither confirm nor deny", "ncnd"),
    ("nccnd", "ncnd"),
    ("disclosed", "provided"),
    ("released", "provided"),
    ("given", "provided"),
    ("answered", "provided"),
    ("supplied", "provided"),
    ("not held", "not-held"),
    ("not_held", "not-held"),
    ("notheld", "not-held"),
    ("dismissed", "not-upheld"),
    ("rejected", "not-upheld"),
    ("not upheld", "not-upheld"),
    ("not_upheld", "not-upheld"),
    ("partially-upheld", "partly-upheld"),
    ("partly upheld", "partly-upheld"),
    ("partial", "partly-upheld"),
    ("allowed", "upheld"),
    ("overturned", "revised"),
    ("changed", "revised"),
    ("amended", "revised"),
    ("refused-review", "declined"),
    ("none", "not-provided"),
    ("no-review", "not-provided"),
    ("not-carried-out", "not-provided"),
    ("foi", "foia"),
    ("environmental", "eir"),
    ("eirs", "eir"),
];

/// The allowed value `got` most likely means: one it is a synonym of, or one it
/// misspells by a character or two, but never one that differs from it only by a
/// negation.
pub fn suggest_value<'a>(got: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let lower = got.trim().to_lowercase();
    if let Some(v) = allowed.iter().find(|a| **a == lower) {
        return Some(v);
    }
    if let Some((_, meant)) = SYNONYMS.iter().find(|(w, _)| *w == lower) {
        if let Some(v) = allowed.iter().find(|a| *a == meant) {
            return Some(v);
        }
    }
    let negated = |s: &str| s.starts_with("not") || s.starts_with("non") || s.starts_with("un");
    allowed
        .iter()
        .filter(|a| negated(a) == negated(&lower))
        .map(|a| (crate::diagnostic::edit_distance(&lower, a), *a))
        .filter(|(d, a)| *d <= 2 && *d < a.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

pub use crate::diagnostic::clip;

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

fn toml_error(
    path: &Path,
    source: &str,
    spans: &SpanIndex,
    e: toml::de::Error,
    field: &str,
) -> Diagnostic {
    let (message, help, field) = explain(e.message().trim(), field);
    let d = Diagnostic::error(path, field.clone(), message, help);
    if d.message.starts_with("the case file has no [") {
        // A missing table has no place in the file to point at.
        return d;
    }
    let span = if d.message.starts_with("unknown field") {
        spans.key(&field).or_else(|| e.span())
    } else {
        e.span().or_else(|| spans.value(&field))
    };
    match span {
        Some(s) => d.at(source, s),
        None => d,
    }
}

fn json_error(path: &Path, source: &str, e: serde_json::Error, field: &str) -> Diagnostic {
    let raw = e.to_string();
    let message = raw
        .rsplit_once(" at line ")
        .map_or(raw.as_str(), |(m, _)| m);
    let (message, help, field) = explain(message, field);
    Diagnostic::error(path, field, message, help).at_line_column(source, e.line(), e.column())
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
