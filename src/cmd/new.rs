//! `foinotice new KIND FILE` writes a commented case file to fill in: every required
//! field is there, empty, and `foinotice check` lists each one still empty at its line.

use foinotice::error::Error;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  foinotice new decision-notice cases/IC-123456.toml\n  foinotice new refusal-notice cases/FOI-2026-123.toml\n\nThen fill in the fields `foinotice check FILE` lists as not filled in."
)]
pub struct Args {
    /// What the case is for
    #[arg(value_parser = ["decision-notice", "refusal-notice"])]
    pub kind: String,
    /// The case file to write (ending .toml; its folder is created if missing)
    pub file: PathBuf,
    /// Replace a file already there
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &Args) -> Result<(), Error> {
    let text = foinotice::skeleton::skeleton(&args.kind)
        .ok_or_else(|| Error::Usage(format!("unknown kind of notice `{}`", args.kind)))?;
    if args.file.extension().and_then(|e| e.to_str()) != Some("toml") {
        return Err(Error::Usage(format!(
            "{}: a case file's name ends .toml\nhelp: for example {}.toml",
            args.file.display(),
            args.file.display()
        )));
    }
    if let Some(dir) = args.file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    if !args.force && foinotice::output::exists(&args.file) {
        return Err(Error::Exists {
            path: args.file.clone(),
        });
    }
    foinotice::output::write_new(&args.file, text.as_bytes(), args.force)?;
    super::say(format_args!(
        "wrote {}\nnext: fill in the fields `foinotice check {}` lists as not filled in",
        args.file.display(),
        args.file.display()
    ));
    Ok(())
}
