//! `foinotice schema` prints the case file's JSON Schema (docs/case-file.md says how to
//! point an editor at it).

use foinotice::error::Error;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  foinotice schema > case-file.schema.json\n\nEditors check and complete case files against it: see \"Editing with a schema\" in\ndocs/case-file.md."
)]
pub struct Args {}

pub fn run(_: &Args) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(&foinotice::schema::case_file())
        .map_err(|e| Error::Usage(format!("the schema could not be written: {e}")))?;
    super::print(format_args!("{text}\n"))
}
