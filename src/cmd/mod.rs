//! One file per subcommand, and the options they share.

pub mod bulk;
pub mod check;
pub mod deadline;
pub mod interrupt;
pub mod render;

use foinotice::error::Error;
use foinotice::law::Law;
use std::path::PathBuf;

/// The law the checks apply: the built-in catalogue and calendar, or the user's.
#[derive(Debug, Clone, clap::Args)]
pub struct LawArgs {
    /// A statute catalogue whose provisions replace or add to the built-in ones
    /// (the format of data/statute.toml)
    #[arg(long, value_name = "FILE")]
    pub statute: Option<PathBuf>,
    /// Extra bank holidays in gov.uk's bank-holidays.json format (repeatable)
    #[arg(long, value_name = "FILE")]
    pub holidays: Vec<PathBuf>,
}

impl LawArgs {
    pub fn load(&self) -> Result<Law, Error> {
        if self.statute.is_none() && self.holidays.is_empty() {
            return Ok(Law::builtin().clone());
        }
        Law::load(self.statute.as_ref(), &self.holidays).map_err(Error::Case)
    }
}
