//! The `foinotice` command: parses arguments and hands over to one module per
//! subcommand; errors are printed and mapped to the documented exit codes.

mod cmd;

// A bulk run allocates and frees many small strings on every worker thread; mimalloc
// keeps that cheaper than the system allocator (see the README's performance section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use foinotice::error::Error;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "foinotice",
    version,
    about = "Drafts UK Freedom of Information decision notices and refusal notices from case files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render case files as notices (text and PDF)
    Render(cmd::render::Args),
    /// Check case files against the rules without rendering
    Check(cmd::check::Args),
    /// Work out when a response is due
    Deadline(cmd::deadline::Args),
    /// Issue a lead case and its follow-on notices together
    Bulk(cmd::bulk::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Render(args) => cmd::render::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Deadline(args) => cmd::deadline::run(args),
        Command::Bulk(args) => cmd::bulk::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of our output has gone: nothing more to say to anyone.
        Err(Error::Closed) => ExitCode::SUCCESS,
        Err(e) => {
            cmd::say(format_args!("{e}"));
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}
