//! The `foinotice` command: parses arguments and hands over to one module per
//! subcommand; errors are printed and mapped to the documented exit codes.

#![forbid(unsafe_code)]

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
    about = "Drafts UK Freedom of Information decision notices and refusal notices from case files",
    after_help = "Examples:\n  foinotice check my-case.toml             check a case file and see the dates it implies\n  foinotice render my-case.toml --out out   write out/my-case.txt and out/my-case.pdf\n  foinotice render examples/*.toml --out out\n\nA case file records what happened (the request, the response, the review, the\ncomplaint, the finding). docs/case-file.md describes every field; the files in\nexamples/ are complete cases to copy from."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the notice for each case file, as text and PDF
    Render(cmd::render::Args),
    /// Check case files against the law and the rules, writing nothing
    Check(cmd::check::Args),
    /// Work out when a response is due, in working days
    Deadline(cmd::deadline::Args),
    /// Issue a lead case and the follow-on notices of every authority that adopts it
    Bulk(cmd::bulk::Args),
    /// List the built-in house styles for refusal notices, export one to adapt, draft one from letters, or compare one with letters
    Styles(cmd::styles::Args),
    /// Start a case file: every field to fill in, with comments
    New(cmd::new::Args),
    /// Print the case file's JSON Schema, for editors
    Schema(cmd::schema::Args),
    /// Open the caseworker's desk in a browser: the casebook, a case editor with a
    /// live preview, and issuing
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    // Past a file-size limit a write fails with an error, reported like a full disk,
    // rather than the process being killed with its temporary files left behind.
    cmd::interrupt::survive_file_size_limit();
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Render(args) => cmd::render::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Deadline(args) => cmd::deadline::run(args),
        Command::Bulk(args) => cmd::bulk::run(args),
        Command::Styles(args) => cmd::styles::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Serve(args) => cmd::serve::run(args),
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
