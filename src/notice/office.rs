//! The office data (`data/office.toml`): contact details, the Commissioner's pronoun,
//! the notice format and the code of practice, each chosen by the notice date.

use crate::facts::Pronoun;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const OFFICE: &str = include_str!("../../data/office.toml");

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OfficeData {
    pub(super) office: crate::facts::Office,
    pub(super) tribunal: Vec<Dated<crate::facts::Tribunal>>,
    pub(super) commissioner: Vec<Dated<PronounEntry>>,
    pub(super) format: Vec<Dated<Format>>,
    pub(super) code_of_practice: Vec<Dated<CodeEdition>>,
    pub(super) court: Vec<Dated<Court>>,
}

/// The court a failure to comply is certified to (section 54), as an era's notices
/// name it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Court {
    pub(super) name: String,
}

/// The section 45 code of practice of an era.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct CodeEdition {
    pub(super) edition: String,
}

/// The decision notice format of an era: its template. (How an era names the Act is
/// period wording: `data/wording.toml`.)
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Format {
    pub template: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Dated<T> {
    pub(super) from: crate::facts::Date,
    #[serde(flatten)]
    pub(super) value: T,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct PronounEntry {
    pub(super) pronoun: Pronoun,
}

pub(super) fn office_data() -> &'static OfficeData {
    static DATA: OnceLock<OfficeData> = OnceLock::new();
    DATA.get_or_init(|| toml::from_str(OFFICE).expect("the embedded office data is valid (tested)"))
}

pub(super) fn in_force<T: Clone>(list: &[Dated<T>], date: crate::facts::Date) -> Option<T> {
    list.iter()
        .filter(|d| d.from <= date)
        .max_by_key(|d| d.from)
        .map(|d| d.value.clone())
}
