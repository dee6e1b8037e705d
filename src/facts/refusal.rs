//! The facts of a refusal notice (section 17 FOIA, regulation 14 EIR), as the case
//! file writes them.

use super::{Authority, Date, Office, Part, Signatory};
use crate::statute::Regime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// The requester, for the letter: the published copy carries none of this.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
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
