//! An authority's house style drafted from its own past letters (`foinotice styles
//! draft`), and a style compared with letters (`foinotice styles compare`). One job
//! per file: [`read`] the letters as text; [`mask`] what differs with the case (dates,
//! references, the authority's name) and what must never be learned (names, email
//! addresses, phone numbers), with [`find`] naming the people and the authority; [`align`] the letters to find the wording they share;
//! [`classify`] each shared passage into its slot, leaving out what is wrong in law
//! ([`law`]) and reading the citation form ([`citation`]); [`write`] the style file; [`compare`] a style with letters.
//! docs/house-style.md describes the commands.

pub mod align;
pub mod citation;
pub mod classify;
pub mod compare;
pub mod find;
pub mod law;
pub mod mask;
pub mod read;
pub mod write;

use std::fmt;
use std::path::{Path, PathBuf};

/// Why no style is drafted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftError {
    /// Fewer than two letters: one letter cannot tell the style from the case.
    TooFew { count: usize },
    /// The same letter given twice (the same file, or the same sentences).
    Repeated { path: PathBuf },
    /// A letter cannot be read as text; `line` and `column` (1-based) where in it,
    /// when known (0 otherwise).
    Read {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        help: String,
    },
    /// The style's name cannot be a style file's name.
    Name { name: String },
    /// The drafted style does not pass the style check (a bug: reported whole).
    Invalid { message: String },
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftError::TooFew { count } => write!(
                f,
                "error: {} letter{} given; a style is drafted from two or more of the authority's letters\nhelp: two letters are needed to tell the authority's style (what they share) from the case (what differs): give two or more",
                count,
                if *count == 1 { "" } else { "s" }
            ),
            DraftError::Repeated { path } => write!(
                f,
                "error: {}: the same letter is given twice (the same file, or another copy of a letter already given)\nhelp: give each letter once; a style is what different letters share",
                path.display()
            ),
            DraftError::Read {
                path,
                line,
                column,
                message,
                help,
            } => {
                let at = if *line > 0 { format!(":{line}:{column}") } else { String::new() };
                write!(f, "error: {}{at}: {message}\nhelp: {help}", path.display())
            }
            DraftError::Name { name } => write!(
                f,
                "error: `{name}` cannot name a style\nhelp: use lower-case letters, digits and hyphens, as in \"our-council\""
            ),
            DraftError::Invalid { message } => write!(
                f,
                "error: the drafted style does not pass the style check (please report this): {message}"
            ),
        }
    }
}

impl std::error::Error for DraftError {}

impl DraftError {
    /// The command's error: usage errors exit 2, the rest 1.
    pub fn into_error(self) -> crate::Error {
        match self {
            DraftError::TooFew { .. } | DraftError::Name { .. } | DraftError::Repeated { .. } => {
                crate::Error::Usage(self.to_string().trim_start_matches("error: ").to_string())
            }
            DraftError::Read {
                path,
                line,
                column,
                message,
                help,
            } => {
                let mut d = crate::diagnostic::Diagnostic::error(&path, "", message, help);
                d.line = line;
                d.column = column;
                crate::Error::Case(vec![d])
            }
            DraftError::Invalid { .. } => crate::Error::Reported(self.to_string()),
        }
    }
}

/// A drafted style: the style file's text, and what the officer should know.
#[derive(Debug)]
pub struct Draft {
    pub text: String,
    pub authority: Option<String>,
    pub placed: usize,
    pub unplaced: usize,
    pub flagged: Vec<String>,
    pub personal: usize,
}

/// Whether a name can be a style's (and its file's) name.
pub fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
}

/// Drafts a style named `name` from the letters at `paths`; `authority` is the
/// authority's name as the letters write it, found in them when not given.
pub fn draft(paths: &[PathBuf], name: &str, authority: Option<&str>) -> Result<Draft, DraftError> {
    if !plain_name(name) {
        return Err(DraftError::Name {
            name: name.to_string(),
        });
    }
    if paths.len() < 2 {
        return Err(DraftError::TooFew { count: paths.len() });
    }
    let mut seen: Vec<PathBuf> = Vec::new();
    for p in paths {
        let real = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        if seen.contains(&real) {
            return Err(DraftError::Repeated { path: p.clone() });
        }
        seen.push(real);
    }
    let letters: Vec<read::Letter> = paths
        .iter()
        .map(|p| read::read(p))
        .collect::<Result<_, _>>()?;
    draft_letters(&letters, name, authority)
}

/// Drafts a style from letters already read.
pub fn draft_letters(
    letters: &[read::Letter],
    name: &str,
    authority: Option<&str>,
) -> Result<Draft, DraftError> {
    if letters.len() < 2 {
        return Err(DraftError::TooFew {
            count: letters.len(),
        });
    }
    let authority = authority
        .map(str::to_string)
        .or_else(|| find::authority(letters));
    let masker = mask::Masker::new(authority.as_deref(), find::names(letters));
    let sentences = align::sentences(letters, &masker);
    // The same letter twice (a Word copy and a PDF of it) would make its case facts
    // look shared: two letters with the same sentences are one letter.
    for (i, a) in sentences.iter().enumerate() {
        let keys = |s: &[align::Sentence]| -> std::collections::BTreeSet<String> {
            s.iter().map(|s| s.key.clone()).collect()
        };
        if let Some(b) = sentences[i + 1..].iter().find(|b| keys(b) == keys(a)) {
            return Err(DraftError::Repeated {
                path: letters[b[0].letter].path.clone(),
            });
        }
    }
    let (passages, near) = align::shared(&sentences);
    let classified = classify::classify(letters, &passages);
    let citation = citation::citation(letters);
    let text = write::style_file(
        &write::Head {
            name,
            authority: authority.as_deref(),
            letters,
            citation: citation.as_ref(),
        },
        &classified,
        &near,
    );
    validate(name, &text)?;
    Ok(Draft {
        text,
        authority,
        placed: classified.placed.len() + usize::from(citation.is_some()),
        unplaced: classified.unplaced.len(),
        flagged: classified
            .flagged
            .iter()
            .map(|f| format!("{} «{}»", f.why, f.text))
            .collect(),
        personal: classified.personal.len(),
    })
}

/// The drafted text read back as a style file, as `check` reads one.
fn validate(name: &str, text: &str) -> Result<(), DraftError> {
    let invalid = |message: String| DraftError::Invalid { message };
    let dir = tempfile::tempdir().map_err(|e| invalid(e.to_string()))?;
    let file = dir.path().join(format!("{name}.toml"));
    std::fs::write(&file, text).map_err(|e| invalid(e.to_string()))?;
    crate::style::resolve(&format!("{name}.toml"), dir.path(), None)
        .map(|_| ())
        .map_err(|d| invalid(d.to_string()))
}

/// The letters of a command line, read (for `compare`).
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<read::Letter>, DraftError> {
    paths.iter().map(|p| read::read(Path::new(p))).collect()
}
