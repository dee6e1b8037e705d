//! Case facts: the serde model of a case file, as written. Reading a file into it, and
//! resolving it against the law, are the `case` module's.

use crate::statute::{Citation, Regime};

mod decision;
mod refusal;

use chrono::NaiveDate;
pub use decision::*;
pub use refusal::*;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
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

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // TOML writes a bare date, which editors' TOML plugins check as a string of
        // this form; JSON writes the string.
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "a date written YYYY-MM-DD"
        })
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

impl schemars::JsonSchema for OneOrMany {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OneOrMany".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ]
        })
    }
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Complainant {
    pub pronoun: Pronoun,
    /// Kept for the covering letter only; it must never appear in a notice.
    #[serde(default, skip_serializing)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// Whether the name takes "the" in prose ("the Home Office has …"). By default
    /// decided from the name (`data/names.toml`); the short name, where given, is
    /// used as written.
    #[serde(default)]
    pub article: Option<bool>,
}

impl Authority {
    /// Gives the name its article in prose where it takes one and no short name is
    /// given: the short name becomes "the <name>".
    pub fn resolve_article(&mut self) {
        let takes = self
            .article
            .unwrap_or_else(|| crate::english::takes_article(&self.name));
        if self.short.is_none() && takes {
            self.short = Some(format!("the {}", self.name));
        }
    }

    /// The short name is the full name with its article (no other short name).
    pub fn short_is_the_name(&self) -> bool {
        self.short
            .as_deref()
            .is_some_and(|s| s.strip_prefix("the ") == Some(self.name.as_str()))
    }

    pub fn short(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }

    /// The full name as prose names it: with its article where it takes one ("the
    /// Chief Constable of Northshire Police"), whatever the short name.
    pub fn name_in_prose(&self) -> String {
        let takes = self
            .article
            .unwrap_or_else(|| crate::english::takes_article(&self.name));
        if takes {
            format!("the {}", self.name)
        } else {
            self.name.clone()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// Refusal letters only: the part is for another authority, which the letter
    /// names (`transfer`: the authority sent that part on; `redirect`: it advised the
    /// requester to send it there), saying nothing of whether this authority holds
    /// the information.
    Transferred,
}

/// What the authority did for some of the request's questions.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// The question numbers; empty means the whole request.
    #[serde(default)]
    pub questions: Vec<u32>,
    /// What this part of the request is about, where the request does not number its
    /// questions: a refusal notice's heading for the part ("Photographs"); in a
    /// decision notice it names the part ("It provided the information about the
    /// sites of its overt cameras").
    #[serde(default)]
    pub label: Option<String>,
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
    /// For refusal notices relying on section 21: where the information is reasonably
    /// accessible (a link or a description), as prose.
    #[serde(default)]
    pub elsewhere: Option<String>,
    /// For refusal notices relying on section 22 or 22A: when and where the information
    /// will be published, as prose.
    #[serde(default)]
    pub publication: Option<String>,
    /// For refusal notices, on a part of any position: another authority that may hold
    /// information of the kind asked for, to which the requester is directed under
    /// section 16 ("Northshire Police"). Said without saying whether this authority
    /// holds it, except on a part not held.
    #[serde(default)]
    pub redirect: Option<String>,
    /// For refusal notices, on a `transferred` or `not-held` part: the authority this
    /// part of the request was transferred to (section 16 and the code of practice
    /// under section 45; regulation 10 of the EIR) ("Northshire Police").
    #[serde(default)]
    pub transfer: Option<String>,
    /// For a part answered with information disclosed in part: what was redacted
    /// ("officer names"), under the part's `exemption`.
    #[serde(default)]
    pub redacted: Option<String>,
    /// For refusal notices: why the part's position is taken (why its exemption, or
    /// section 12 or 14, applies: section 17(1)(c); on a part not held, why it is not
    /// held), as prose, printed after the part whatever its position.
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub citations: Vec<Citation>,
    /// The estimate costed against the appropriate limit (worked out in the checks).
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub cost: Option<Cost>,
    /// The appropriate limit that applies to a section 12 part, in pounds (worked out
    /// in the checks), whether or not its estimate gives a figure to cost.
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub limit: Option<u32>,
}

/// A section 12 estimate: the hours, and what they would be spent on; either in
/// all (`hours`) or as a breakdown by activity, or both when they agree.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Estimate {
    #[serde(default)]
    pub hours: Option<f64>,
    /// What the work would involve, as prose ("locating, retrieving and extracting …").
    #[serde(default)]
    pub activities: Option<String>,
    /// The estimate by activity: locating, retrieving, extracting (the activities the
    /// Fees Regulations let an authority count).
    #[serde(default)]
    pub breakdown: Vec<Step>,
}

/// One activity of a section 12 estimate and the hours it would take.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub activity: String,
    pub hours: f64,
}

impl Estimate {
    /// The hours in all: as given, else the breakdown's sum.
    pub fn total(&self) -> Option<f64> {
        self.hours.or_else(|| {
            (!self.breakdown.is_empty()).then(|| self.breakdown.iter().map(|s| s.hours).sum())
        })
    }
}

/// An estimate costed at the Fees Regulations' hourly rate.
#[derive(Debug, Clone)]
pub struct Cost {
    pub hours: f64,
    pub rate: u32,
    /// Pounds, rounded to the nearest pound.
    pub cost: u64,
    pub limit: u32,
    /// The breakdown, each activity with its hours, costed.
    pub steps: Vec<(String, f64)>,
}

impl Serialize for Cost {
    /// The numbers as the notice prints them: "37.5" hours, "£1,000".
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Cost", 6)?;
        st.serialize_field("hours", &format!("{}", self.hours))?;
        st.serialize_field("rate", &pounds(u64::from(self.rate)))?;
        st.serialize_field("cost", &pounds(self.cost))?;
        st.serialize_field("limit", &pounds(u64::from(self.limit)))?;
        // The limit as hours of work at the rate: 18 (£450), 24 (£600).
        let hours = f64::from(self.limit) / f64::from(self.rate.max(1));
        st.serialize_field("limit_hours", &format!("{hours}"))?;
        let steps: Vec<std::collections::BTreeMap<&str, String>> = self
            .steps
            .iter()
            .map(|(activity, h)| {
                let cost = (h * f64::from(self.rate)).round().max(0.0) as u64;
                std::collections::BTreeMap::from([
                    ("activity", activity.clone()),
                    ("hours", format!("{h}")),
                    ("cost", pounds(cost)),
                ])
            })
            .collect();
        st.serialize_field("steps", &steps)?;
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

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub date: Date,
    #[serde(default)]
    pub parts: Vec<Part>,
    /// The regime the authority answered under, where it is not the one the notice
    /// decides under (`regime`): an EIR request answered under the FOIA, as was common
    /// before 2012, or the reverse. The parts' citations are read under it, and told
    /// as the authority's ("section 40(2) of the FOIA" in an EIR notice).
    #[serde(default)]
    pub regime: Option<crate::statute::Regime>,
    /// What the response said, in the caseworker's words, where the parts do not say
    /// it (printed after "X responded on DATE.").
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    #[serde(default)]
    pub name: Option<String>,
    pub role: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Office {
    pub name: String,
    pub address: Vec<String>,
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
