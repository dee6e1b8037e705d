//! `foinotice bulk LEAD FOLLOWERS --out DIR`: issues a lead case and every follower that
//! adopts it, in parallel, with `DIR/manifest.json` and `DIR/manifest.csv`.

use foinotice::bulk::run::{self, Progress, Settings};
use foinotice::bulk::{Entry, Status};
use foinotice::error::Error;
use foinotice::templates::Templates;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  foinotice bulk examples/bulk/lead.toml examples/bulk/followers.csv --out out/bulk\n  foinotice bulk examples/bulk/lead.toml examples/bulk/followers/ --out out/bulk --dry-run"
)]
pub struct Args {
    /// The lead case file
    #[arg(value_name = "LEAD")]
    pub lead: PathBuf,
    /// The followers: a spreadsheet (.csv or .xlsx) with a row per authority, or a
    /// folder of follower case files
    #[arg(value_name = "FOLLOWERS")]
    pub followers: PathBuf,
    /// The folder to write the notices and their manifest to
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub formats: super::render::FormatArgs,
    /// A directory of templates overriding the built-in ones file by file
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Replace notices already issued whose facts have changed (never otherwise)
    #[arg(long)]
    pub force: bool,
    /// Check every notice and list what would be issued, writing nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Stop at the first follower that fails
    #[arg(long)]
    pub fail_fast: bool,
    /// Worker threads (default: one per core)
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub law: super::LawArgs,
}

/// How many failed notices the closing summary names (all are printed above it, and
/// listed in the manifest).
const SUMMARY_NAMES: usize = 10;

/// The command line's view of a run: a progress bar on a terminal, and Ctrl-C.
struct Terminal {
    bar: indicatif::ProgressBar,
}

impl Progress for Terminal {
    fn planned(&self, total: usize) {
        self.bar.set_length(total as u64);
    }
    fn done(&self, _: &Entry) {
        self.bar.inc(1);
    }
    fn stopped(&self) -> bool {
        super::interrupt::interrupted()
    }
    fn note(&self, message: &str) {
        say(format_args!("note: {message}"));
    }
}

pub fn run(args: &Args) -> Result<(), Error> {
    let law = args.law.load()?;
    let templates = Templates::load(args.templates.as_deref())?;
    let settings = Settings {
        lead: &args.lead,
        followers: &args.followers,
        out: &args.out,
        dir: None,
        formats: args.formats.formats(),
        templates: &templates,
        law: &law,
        force: args.force,
        dry_run: args.dry_run,
        fail_fast: args.fail_fast,
        jobs: args.jobs,
    };
    let terminal = Terminal {
        bar: if std::io::stderr().is_terminal() {
            indicatif::ProgressBar::new(0)
        } else {
            indicatif::ProgressBar::hidden()
        },
    };
    super::interrupt::catch();
    let outcome = run::run(&settings, &terminal)?;
    terminal.bar.finish_and_clear();
    let manifest = &outcome.manifest;
    if args.dry_run {
        for e in &manifest.notices {
            super::print(format_args!(
                "{:<10} {:<14} {}{}\n",
                e.status.as_str(),
                e.reference,
                e.authority,
                e.error
                    .as_ref()
                    .map(|m| format!("\n  {}", m.replace('\n', "\n  ")))
                    .unwrap_or_default()
            ))?;
        }
    }
    // The failures and the summary come first, so that they are told even when the
    // manifest cannot be written.
    let failed: Vec<&Entry> = manifest
        .notices
        .iter()
        .filter(|e| e.status == Status::Failed)
        .collect();
    for e in &failed {
        say(format_args!(
            "failed: {} ({})\n  {}\n",
            e.reference,
            e.source,
            e.error.as_deref().unwrap_or("").replace('\n', "\n  ")
        ));
    }
    say(format_args!(
        "{} notices: {} issued, {} unchanged, {} planned, {} failed, {} not attempted{}",
        manifest.notices.len(),
        outcome.count(Status::Issued),
        outcome.count(Status::Unchanged),
        outcome.count(Status::Planned),
        failed.len(),
        outcome.count(Status::Skipped),
        if args.dry_run {
            " (dry run: nothing written)".to_string()
        } else if outcome.recorded.is_ok() {
            format!("; manifest in {}", args.out.join("manifest.json").display())
        } else {
            // Said only of what happened: see the error below.
            "; no manifest was written".to_string()
        }
    ));
    if let Err(e) = &outcome.recorded {
        return Err(Error::Unrecorded(format!(
            "{e}\nerror: the manifest could not be written; the notices listed above as failed were not issued, the others were\nhelp: make room or fix the directory, then run the same command again: notices already written are kept and the manifest is completed"
        )));
    }
    // A signal that came once every notice was attempted changed nothing.
    if outcome.stopped {
        Err(Error::Interrupted(format!(
            "error: the run was interrupted; {} of {} notices were not attempted\nhelp: run the same command again to issue them (the notices already written are found unchanged)",
            outcome.count(Status::Skipped),
            manifest.notices.len()
        )))
    } else if failed.is_empty() {
        Ok(())
    } else {
        // Each failure is printed above; the summary names the first few.
        let mut named: Vec<String> = failed
            .iter()
            .take(SUMMARY_NAMES)
            .map(|e| e.reference.clone())
            .collect();
        if failed.len() > SUMMARY_NAMES {
            named.push(format!("and {} more", failed.len() - SUMMARY_NAMES));
        }
        Err(Error::Reported(format!(
            "error: {} of {} notices failed: {}",
            failed.len(),
            manifest.notices.len(),
            named.join(", ")
        )))
    }
}

use super::say;
