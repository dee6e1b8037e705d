//! `foinotice render CASE... [--out DIR] [--format text|pdf|all] [--copy letter|published|both]
//! [--templates DIR]`

use foinotice::error::Error;
use foinotice::notice::Copy;
use foinotice::render::Format;
use foinotice::templates::Templates;
use foinotice::{notice, output};
use std::path::{Path, PathBuf};

/// A format on the command line; `all` is every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Text,
    Pdf,
    Html,
    Docx,
    All,
}

/// `--format`, shared by `render` and `bulk`.
#[derive(Debug, Clone, clap::Args)]
pub struct FormatArgs {
    /// Which files to write: any of text, pdf, html and docx, separated by commas, or all
    #[arg(
        long,
        short,
        value_enum,
        value_delimiter = ',',
        default_value = "text,pdf"
    )]
    pub format: Vec<OutFormat>,
}

impl FormatArgs {
    pub fn formats(&self) -> Vec<Format> {
        formats(&self.format)
    }
}

/// The formats asked for, each once, in the order their files are written.
pub fn formats(asked: &[OutFormat]) -> Vec<Format> {
    let mut out: Vec<Format> = asked
        .iter()
        .flat_map(|f| match f {
            OutFormat::Text => vec![Format::Text],
            OutFormat::Pdf => vec![Format::Pdf],
            OutFormat::Html => vec![Format::Html],
            OutFormat::Docx => vec![Format::Docx],
            OutFormat::All => Format::ALL.to_vec(),
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Which copies of a refusal notice to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CopyArg {
    /// The letter to the requester: their name and address, "Dear ..."
    Letter,
    /// The disclosure-log copy: no requester's name, address or greeting
    Published,
    /// Both: NAME.txt is the letter and NAME.published.txt the published copy
    Both,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  foinotice render examples/*.toml --out out\n  foinotice render examples/decision-notice-cambridgeshire.toml --out - --format text"
)]
pub struct Args {
    /// Case files (.toml or .json); each notice is named after its case file
    #[arg(required = true, value_name = "CASE")]
    pub cases: Vec<PathBuf>,
    /// The folder to write the notices to; `-` prints the notice on screen instead of
    /// writing files (text only, with --format text)
    #[arg(long, short, default_value = "out", value_name = "DIR")]
    pub out: String,
    #[command(flatten)]
    pub formats: FormatArgs,
    /// For refusal notices: the letter to the requester, the copy published in a
    /// disclosure log (written as NAME.published.EXT), or both. A decision notice has
    /// one copy, the published one, written as NAME.EXT
    #[arg(long, value_enum, default_value = "letter")]
    pub copy: CopyArg,
    /// A directory of templates overriding the built-in ones file by file
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Replace notices already in the folder (they are never replaced otherwise)
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub law: super::LawArgs,
}

pub fn run(args: &Args) -> Result<(), Error> {
    let to_stdout = args.out == "-";
    let formats = args.formats.formats();
    if to_stdout && formats != [Format::Text] {
        return Err(Error::Usage(
            "--out - prints the notice instead of writing files, as text only; add --format text"
                .into(),
        ));
    }
    let dir = Path::new(&args.out);
    let extensions: Vec<&str> = formats.iter().map(|f| f.extension()).collect();
    if !to_stdout {
        refuse_clashes(&args.cases, dir, &extensions)?;
    }
    let templates = Templates::load(args.templates.as_deref())?;
    let law = args.law.load()?;
    let cache = foinotice::render::pdf::Cache::default();
    // Everything is checked and rendered in memory first: a bad case writes nothing.
    let mut rendered: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut problems = Vec::new();
    for path in &args.cases {
        let case = match foinotice::case::load_with(path, &law) {
            Ok(c) => {
                // Warnings never stop a notice; they are printed as they are found.
                for w in &c.warnings {
                    super::say(format_args!("{w}\n"));
                }
                c
            }
            Err(mut ds) => {
                problems.append(&mut ds);
                continue;
            }
        };
        let refusal = matches!(case.notice, foinotice::facts::Notice::Refusal(_));
        let copies: &[(Copy, &str)] = match (refusal, args.copy) {
            (false, _) | (true, CopyArg::Letter) => &[(Copy::Letter, "")],
            (true, CopyArg::Published) => &[(Copy::Published, ".published")],
            (true, CopyArg::Both) => &[(Copy::Letter, ""), (Copy::Published, ".published")],
        };
        for (copy, suffix) in copies {
            let doc = match notice::document_copy(&case, &templates, *copy) {
                Ok(d) => d,
                Err(Error::Case(mut ds)) => {
                    problems.append(&mut ds);
                    continue;
                }
                Err(e) => return Err(e),
            };
            for format in &formats {
                let bytes = format.render(&cache, &doc).map_err(|e| match e {
                    Error::Pdf { message, help, .. } => Error::Pdf {
                        file: path.clone(),
                        message,
                        help,
                    },
                    other => other,
                })?;
                let name = format!("{}{suffix}.{}", case.file_stem(), format.extension());
                rendered.push((dir.join(name), bytes));
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Case(problems));
    }
    if to_stdout {
        for (_, bytes) in &rendered {
            super::print_bytes(bytes)?;
        }
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // The directory is held while the run writes, as a bulk run holds it; while it is
    // held, temporary files of this run's notices can only be left over from a run
    // that was stopped (killed, or past a file-size limit), and are removed.
    let _held = output::lock_dir(dir)?;
    if _held.is_some() {
        let names: std::collections::HashSet<String> = rendered
            .iter()
            .filter_map(|(p, _)| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        let removed = output::remove_stale_temporaries(dir, &names);
        if removed > 0 {
            super::say(format_args!(
                "note: removed {removed} temporary file{} left in {} by a run that was stopped",
                if removed == 1 { "" } else { "s" },
                dir.display()
            ));
        }
    }
    if !args.force {
        if let Some((p, _)) = rendered.iter().find(|(p, _)| output::exists(p)) {
            super::say(format_args!(
                "note: nothing was written; {} of the {} files would replace an issued notice",
                rendered.iter().filter(|(p, _)| output::exists(p)).count(),
                rendered.len()
            ));
            return Err(Error::Exists { path: p.clone() });
        }
    }
    // Every file of the run is put in place together, or none is.
    output::write_groups(&[&rendered], args.force)
        .pop()
        .unwrap_or(Ok(()))?;
    for (p, _) in &rendered {
        super::say(format_args!("wrote {}", p.display()));
    }
    Ok(())
}

/// Refuses, before anything is read or written, two case files whose notices would
/// be written to the same file (`a/case.toml` and `b/case.toml`, `case.toml` and
/// `case.json`, or names differing only in case, which clash on Windows and macOS).
fn refuse_clashes(cases: &[PathBuf], dir: &Path, extensions: &[&str]) -> Result<(), Error> {
    let mut seen: std::collections::HashMap<String, &Path> = std::collections::HashMap::new();
    for case in cases {
        let stem = case
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "notice".into());
        if let Some(first) = seen.insert(stem.to_lowercase(), case) {
            if first == case.as_path() {
                return Err(Error::Usage(format!(
                    "{} is given twice\nhelp: name each case file once",
                    case.display()
                )));
            }
            let files: Vec<String> = extensions
                .iter()
                .map(|e| dir.join(format!("{stem}.{e}")).display().to_string())
                .collect();
            return Err(Error::Usage(format!(
                "{} and {} would both be written to {}; nothing was written\nhelp: a notice's files are named after its case file: rename one of them, or render them into different --out directories",
                first.display(),
                case.display(),
                files.join(" and ")
            )));
        }
    }
    Ok(())
}
