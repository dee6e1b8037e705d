//! The facts of a refusal notice (section 17 FOIA, regulation 14 EIR), as the case
//! file writes them.

use super::{Authority, Date, Office, Part, Signatory};
use crate::statute::Regime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicInterest {
    /// Factors favouring disclosure (or confirmation or denial).
    pub favouring: String,
    /// Factors against.
    pub against: String,
    /// The balancing test.
    pub balance: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rights {
    /// Where to ask for an internal review (postal or email address lines).
    pub review_contact: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefusalRequest {
    /// When the request was received.
    pub date: Date,
    pub wording: String,
    /// When its receipt was acknowledged.
    #[serde(default)]
    pub acknowledged: Option<Date>,
    /// What the request is about, completing "your request about …".
    #[serde(default)]
    pub summary: Option<String>,
    /// How many questions the request has, where its wording does not number them
    /// "1.", "2." and so on (then they are counted from the wording).
    #[serde(default)]
    pub questions: Option<u32>,
}

/// The outcome of an internal review the requester asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RefusalReviewOutcome {
    /// The original response stands.
    Upheld,
    /// The original response is changed: the positions are the revised ones.
    Revised,
}

/// A letter giving the outcome of an internal review: the original response, the
/// request for the review, and what the review decided. The letter's positions are
/// those the review arrived at.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefusalReview {
    /// When the original response was sent.
    pub responded: Date,
    /// When the review was asked for.
    pub requested: Date,
    /// When the request for the review was acknowledged.
    #[serde(default)]
    pub acknowledged: Option<Date>,
    pub outcome: RefusalReviewOutcome,
    /// The unit that sent the original response ("UK Border Agency").
    #[serde(default)]
    pub unit: Option<String>,
}

/// The requester, for the letter: the published copy carries none of this.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requester {
    /// As the letter addresses them ("Ms A Jones").
    #[serde(default)]
    pub name: Option<String>,
    /// Postal address lines, or an email address.
    #[serde(default)]
    pub address: Vec<String>,
    /// The greeting in full ("Dear Ms Jones"), where the style's is not wanted.
    #[serde(default)]
    pub salutation: Option<String>,
}

/// A refusal notice under section 17 FOIA (or regulation 14 EIR).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefusalNotice {
    pub kind: String,
    pub regime: Regime,
    pub reference: String,
    pub title: String,
    pub date: Date,
    pub authority: Authority,
    /// The house style: a built-in style's name, or a style file's path (ending
    /// `.toml`) relative to the case file. Without it, the "standard" style.
    #[serde(default)]
    pub style: Option<String>,
    /// Who the letter is to. The published copy never names them.
    #[serde(default)]
    pub requester: Option<Requester>,
    pub request: RefusalRequest,
    /// For a letter giving the outcome of an internal review.
    #[serde(default)]
    pub review: Option<RefusalReview>,
    pub positions: Vec<Part>,
    /// Link to the published guidance on the exemptions.
    #[serde(default)]
    pub guidance: Option<String>,
    /// The harm (prejudice) test, as prose.
    #[serde(default)]
    pub harm: Option<String>,
    #[serde(default)]
    pub public_interest: Option<PublicInterest>,
    /// Why section 12 or 14 applies (the estimate explained; what makes the request
    /// vexatious or repeated), as prose.
    #[serde(default)]
    pub reasons: Option<String>,
    /// The advice and assistance given under section 16 (how a request refused under
    /// section 12 could be narrowed), as prose.
    #[serde(default)]
    pub advice: Option<String>,
    #[serde(default)]
    pub conclusion: Option<String>,
    pub rights: Rights,
    #[serde(default)]
    pub footnotes: BTreeMap<String, String>,
    pub signatory: Signatory,
    #[serde(default)]
    pub office: Option<Office>,
}
