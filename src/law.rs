//! What the rules rest on: the statute catalogue and the working-day calendar, built in
//! or with a user's files laid over them (`--statute FILE`, `--holidays FILE`).

use crate::calendar::Calendar;
use crate::diagnostic::Diagnostic;
use crate::statute::Catalogue;
use std::path::PathBuf;
use std::sync::OnceLock;

#[derive(Debug, Clone)]
pub struct Law {
    pub catalogue: Catalogue,
    pub calendar: Calendar,
    /// Where a case's house style file may be read from: anywhere on the command
    /// line, only inside the casebook on the desk. It travels with the law because
    /// every way of loading a case (a file, text, a bulk follower) is given the law.
    pub style_scope: crate::style_scope::StyleScope,
}

impl Law {
    /// The built-in catalogue and calendar.
    pub fn builtin() -> &'static Law {
        static LAW: OnceLock<Law> = OnceLock::new();
        LAW.get_or_init(|| Law {
            catalogue: Catalogue::builtin().clone(),
            calendar: Calendar::builtin(),
            style_scope: Default::default(),
        })
    }

    /// The built-ins with the user's statute file and extra holiday files.
    pub fn load(statute: Option<&PathBuf>, holidays: &[PathBuf]) -> Result<Law, Vec<Diagnostic>> {
        let catalogue = match statute {
            Some(p) => Catalogue::with_file(p)?,
            None => Catalogue::builtin().clone(),
        };
        let calendar = if holidays.is_empty() {
            Law::builtin().calendar.clone()
        } else {
            Calendar::with_files(holidays)?
        };
        Ok(Law {
            catalogue,
            calendar,
            style_scope: Default::default(),
        })
    }
}
