//! `foinotice render CASE... [--out DIR] [--format text|pdf|all] [--templates DIR]`

use foinotice::error::Error;
use foinotice::render::{Pdf, Renderer, Text};
use foinotice::templates::Templates;
use foinotice::{facts, notice, output};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Text,
    Pdf,
    All,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  foinotice render examples/*.toml --out out\n  foinotice render examples/decision-notice-cambridgeshire.toml --out - --format text"
)]
pub struct Args {
    /// Case files (.toml or .json)
    #[arg(required = true, value_name = "CASE")]
    pub cases: Vec<PathBuf>,
    /// Output directory; `-` prints the text to standard output (with --format text)
    #[arg(long, short, default_value = "out", value_name = "DIR")]
    pub out: String,
    /// Which outputs to write
    #[arg(long, short, value_enum, default_value = "all")]
    pub format: OutFormat,
    /// A directory of templates overriding the built-in ones file by file
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Replace notices that already exist in the output directory
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub law: super::LawArgs,
}

pub fn run(args: &Args) -> Result<(), Error> {
    let to_stdout = args.out == "-";
    if to_stdout && args.format != OutFormat::Text {
        return Err(Error::Usage(
            "--out - prints text only; add --format text".into(),
        ));
    }
    let templates = Templates::load(args.templates.as_deref())?;
    let law = args.law.load()?;
    let renderers: Vec<Box<dyn Renderer>> = match args.format {
        OutFormat::Text => vec![Box::new(Text)],
        OutFormat::Pdf => vec![Box::new(Pdf)],
        OutFormat::All => vec![Box::new(Text), Box::new(Pdf)],
    };
    // Everything is checked and rendered in memory first: a bad case writes nothing.
    let mut rendered: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut problems = Vec::new();
    for path in &args.cases {
        let case = match facts::load_with(path, &law) {
            Ok(c) => {
                // Warnings never stop a notice; they are printed as they are found.
                for w in &c.warnings {
                    eprintln!("{w}\n");
                }
                c
            }
            Err(mut ds) => {
                problems.append(&mut ds);
                continue;
            }
        };
        let doc = match notice::document(&case, &templates) {
            Ok(d) => d,
            Err(Error::Case(mut ds)) => {
                problems.append(&mut ds);
                continue;
            }
            Err(e) => return Err(e),
        };
        for r in &renderers {
            let bytes = r.render(&doc).map_err(|e| match e {
                Error::Pdf { message, help, .. } => Error::Pdf {
                    file: path.clone(),
                    message,
                    help,
                },
                other => other,
            })?;
            let target =
                Path::new(&args.out).join(format!("{}.{}", case.file_stem(), r.extension()));
            rendered.push((target, bytes));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Case(problems));
    }
    if to_stdout {
        let mut stdout = std::io::stdout().lock();
        for (_, bytes) in &rendered {
            stdout
                .write_all(bytes)
                .map_err(|e| Error::io(Path::new("<stdout>"), e))?;
        }
        return Ok(());
    }
    let dir = Path::new(&args.out);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    if !args.force {
        if let Some((p, _)) = rendered.iter().find(|(p, _)| p.exists()) {
            return Err(Error::Exists { path: p.clone() });
        }
    }
    for (p, bytes) in &rendered {
        output::write_new(p, bytes, args.force)?;
        eprintln!("wrote {}", p.display());
    }
    Ok(())
}
