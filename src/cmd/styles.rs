//! `foinotice styles` lists the built-in house styles; `foinotice styles export NAME
//! DIR` writes one out as a file to adapt (docs/house-style.md).

use foinotice::error::Error;
use foinotice::style;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  foinotice styles\n  foinotice styles export standard my-styles\n\nA case file names its style with style = \"NAME\", or with the path of a style file\n(ending .toml) relative to the case file. docs/house-style.md describes the fields."
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
                "wrote {}\nnext: edit it, then name it in a case file: style = \"{}\"",
                target.display(),
                target.file_name().unwrap_or_default().to_string_lossy()
            ));
            Ok(())
        }
    }
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
