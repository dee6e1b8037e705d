//! One file per subcommand, and the options they share.

pub mod bulk;
pub mod check;
pub mod deadline;
pub mod interrupt;
pub mod new;
pub mod render;
pub mod schema;
pub mod serve;
pub mod styles;

use foinotice::error::Error;
use foinotice::law::Law;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Prints to standard output. When the reader has gone (`| head`), this gives
/// [`Error::Closed`], which ends the program quietly.
pub fn print(args: std::fmt::Arguments) -> Result<(), Error> {
    std::io::stdout()
        .lock()
        .write_fmt(args)
        .map_err(|e| output_error(e, "<standard output>"))
}

/// Writes bytes to standard output (see [`print`]).
pub fn print_bytes(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| output_error(e, "<standard output>"))
}

fn output_error(e: std::io::Error, name: &str) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::Closed
    } else {
        Error::io(Path::new(name), e)
    }
}

/// Tells the person running the command something, on standard error, followed by a
/// new line. If standard error is closed there is no one left to tell, and the run
/// goes on.
pub fn say(args: std::fmt::Arguments) {
    let _ = writeln!(std::io::stderr().lock(), "{args}");
}

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
