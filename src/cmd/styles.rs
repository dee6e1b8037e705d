//! `foinotice styles` lists the built-in house styles; `foinotice styles export NAME
//! DIR` writes one out as a file to adapt; `styles draft` drafts one from an
//! authority's letters and `styles compare` sets one beside letters
//! (docs/house-style.md). The work is in `foinotice::styles_draft`.

use foinotice::error::Error;
use foinotice::style;
use foinotice::styles_draft as draft;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  foinotice styles\n  foinotice styles export standard my-styles\n  foinotice styles draft letters/a.docx letters/b.pdf letters/c.txt --name our-force --out styles/our-force.toml\n  foinotice styles compare styles/our-force.toml letters/d.docx\n\nA case file names its style with style = \"NAME\", or with the path of a style file\n(ending .toml) relative to the case file. docs/house-style.md describes the fields."
)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Write a built-in style to DIR/NAME.toml, to adapt as your own
    Export {
        /// The built-in style (see `foinotice styles`)
        name: String,
        /// The folder to write it to (created if missing)
        dir: PathBuf,
        /// Replace a file of that name already there
        #[arg(long)]
        force: bool,
    },
    /// Draft a style from two or more of an authority's letters (text, DOCX or PDF)
    Draft {
        /// The letters (two or more: what they share is the style, what differs the case)
        #[arg(required = true)]
        letters: Vec<PathBuf>,
        /// The style's name (lower-case letters, digits and hyphens)
        #[arg(long)]
        name: String,
        /// The style file to write (default NAME.toml; `-` prints it)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The authority's name as its letters write it (found in them if not given)
        #[arg(long, value_name = "NAME")]
        authority: Option<String>,
        /// Replace a file already at --out
        #[arg(long)]
        force: bool,
    },
    /// Set a style's wording beside letters, slot by slot
    Compare {
        /// A built-in style's name, or a style file (ending .toml)
        style: String,
        /// The letters (text, DOCX or PDF)
        #[arg(required = true)]
        letters: Vec<PathBuf>,
        /// A refusal notice's case file written from a letter's facts, one per letter
        /// in their order: rendered with the style and scored against the letter
        #[arg(long = "case", value_name = "CASE")]
        cases: Vec<PathBuf>,
    },
}

pub fn run(args: &Args) -> Result<(), Error> {
    match &args.action {
        None => {
            let styles = style::builtin();
            let width = styles.iter().map(|(n, ..)| n.len()).max().unwrap_or(0);
            for (name, kind, description) in styles {
                super::print(format_args!("{name:<width$}  {description} ({kind})\n"))?;
            }
            Ok(())
        }
        Some(Action::Export { name, dir, force }) => {
            let text = style::builtin_text(name).ok_or_else(|| {
                let d = style::load_builtin(name).expect_err("not a built-in name");
                Error::Usage(format!("{}\nhelp: {}", d.message, d.help))
            })?;
            let target = dir.join(format!("{name}.toml"));
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            let files = vec![(target.clone(), export_text(name, text).into_bytes())];
            if !force && foinotice::output::exists(&target) {
                return Err(Error::Exists { path: target });
            }
            foinotice::output::write_groups(&[&files], *force)
                .pop()
                .unwrap_or(Ok(()))?;
            super::say(format_args!(
                "wrote {}\nnext: edit it, then name it in a case file: style = \"{}\" (a path from the case file's folder; this one is from here)",
                target.display(),
                target.display()
            ));
            Ok(())
        }
        Some(Action::Draft {
            letters,
            name,
            out,
            authority,
            force,
        }) => draft(letters, name, out.as_deref(), authority.as_deref(), *force),
        Some(Action::Compare {
            style,
            letters,
            cases,
        }) => compare(style, letters, cases),
    }
}

fn draft(
    letters: &[PathBuf],
    name: &str,
    out: Option<&std::path::Path>,
    authority: Option<&str>,
    force: bool,
) -> Result<(), Error> {
    let target = out.map_or_else(|| PathBuf::from(format!("{name}.toml")), PathBuf::from);
    let to_stdout = target.as_os_str() == "-";
    // Refused before any letter is read, so nothing is lost to a name already taken.
    if !to_stdout && !force && foinotice::output::exists(&target) {
        return Err(Error::Exists { path: target });
    }
    let d = draft::draft(letters, name, authority).map_err(draft::DraftError::into_error)?;
    if to_stdout {
        super::print(format_args!("{}", d.text))?;
    } else {
        if let Some(dir) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        foinotice::output::write_new(&target, d.text.as_bytes(), force)?;
    }
    super::say(format_args!(
        "{}drafted from {} letters{}: {} slot{} placed, {} shared passage{} not placed, {} left out for personal data, {} flagged as wrong in law",
        if to_stdout { String::new() } else { format!("wrote {}: ", target.display()) },
        letters.len(),
        d.authority.as_deref().map(|a| format!(" of {a}")).unwrap_or_default(),
        d.placed,
        if d.placed == 1 { "" } else { "s" },
        d.unplaced,
        if d.unplaced == 1 { "" } else { "s" },
        d.personal,
        d.flagged.len()
    ));
    for f in &d.flagged {
        super::say(format_args!("flagged: {f}"));
    }
    if !to_stdout {
        super::say(format_args!(
            "next: read it (each slot names its letters), then `foinotice styles compare {} LETTER...` and name it in a case file: style = \"{}\"",
            target.display(),
            target.file_name().unwrap_or_default().to_string_lossy()
        ));
    }
    Ok(())
}

fn compare(spec: &str, letters: &[PathBuf], cases: &[PathBuf]) -> Result<(), Error> {
    if !cases.is_empty() && cases.len() != letters.len() {
        return Err(Error::Usage(format!(
            "{} letters but {} case files: give one --case per letter, in the letters' order, or none",
            letters.len(),
            cases.len()
        )));
    }
    let style =
        style::resolve(spec, std::path::Path::new("."), None).map_err(|d| Error::Case(vec![*d]))?;
    let letters = draft::read_all(letters).map_err(draft::DraftError::into_error)?;
    for (i, letter) in letters.iter().enumerate() {
        if let Some(case) = cases.get(i) {
            let rendered = draft::compare::render_case(case, spec)?;
            let fidelity = draft::compare::fidelity(&letter.paragraphs.join("\n"), &rendered);
            super::print(format_args!(
                "{}: {:.1}% of the letter's word 4-grams reproduced by {} rendered with the style\n",
                letter.path.display(),
                fidelity * 100.0,
                case.display()
            ))?;
        }
        let matches = draft::compare::compare(&style, letter);
        super::print(format_args!(
            "{}\n",
            draft::compare::report(letter, &matches)
        ))?;
    }
    Ok(())
}

/// A built-in style's text as a file of one's own: it adapts the built-in style it
/// came from, so that only what the user changes needs to stay in it.
fn export_text(name: &str, text: &str) -> String {
    let base = if name == style::DEFAULT {
        String::new()
    } else {
        format!("# Exported from the built-in style \"{name}\" by `foinotice styles export`.\n")
    };
    format!("{base}{text}")
}
