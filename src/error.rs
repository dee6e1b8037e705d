//! The library's errors. Each says what went wrong, where, and how to fix it; `main`
//! prints them and maps them to exit codes.

use crate::diagnostic::Diagnostic;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum Error {
    /// A case file has problems; every one is located.
    Case(Vec<Diagnostic>),
    /// A template failed to parse or render.
    Template { name: String, message: String },
    /// The rendered notice could not be turned into a document (a template bug).
    Markup { name: String, message: String },
    /// The PDF could not be made (for example a character the font lacks).
    Pdf {
        file: PathBuf,
        message: String,
        help: String,
    },
    /// Reading or writing a file failed.
    Io { path: PathBuf, message: String },
    /// An output file exists and would be overwritten.
    Exists { path: PathBuf },
    /// Another run is issuing into the same directory.
    Busy { dir: PathBuf },
    /// A signal stopped a run before it finished; what it did is already reported.
    Interrupted(String),
    /// The command line asks for something impossible.
    Usage(String),
    /// A command found problems it has already reported in full (exit 1).
    Reported(String),
    /// Notices were written but the manifest recording them could not be (exit 4);
    /// what happened is already reported.
    Unrecorded(String),
    /// Standard output was closed by its reader (as with `| head`): the program ends
    /// quietly, as other command-line tools do.
    Closed,
    /// The reference data cannot answer (for example a date outside the calendar).
    Data { message: String, help: String },
    /// The operating system's random source cannot be read, so no secret token can
    /// be made (the desk does not start without one).
    NoRandomness(String),
}

impl Error {
    pub fn io(path: &Path, e: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    }

    pub fn template(name: &str, e: tera::Error) -> Error {
        // tera's messages carry the line and column and a pointer into the template.
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            message.push_str(&format!("\n{s}"));
            source = s.source();
        }
        Error::Template {
            name: name.to_string(),
            message,
        }
    }

    /// The process exit code for this error (documented in the README).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Case(_) => 1,
            Error::Usage(_) => 2,
            Error::Interrupted(_) => 130,
            Error::Template { .. } | Error::Markup { .. } => 3,
            Error::Pdf { .. } | Error::Data { .. } | Error::Reported(_) => 1,
            Error::Io { .. }
            | Error::Exists { .. }
            | Error::Busy { .. }
            | Error::Unrecorded(_)
            | Error::NoRandomness(_) => 4,
            Error::Closed => 0,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Case(ds) => {
                for (i, d) in ds.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            Error::Template { name, message } => {
                write!(f, "error: template {name} failed\n{message}\nhelp: fix the template (or remove your override of it to use the built-in one)")
            }
            Error::Markup { name, message } => write!(
                f,
                "error: the notice made by {name} is not valid notice markup: {message}\nhelp: see the markup table in docs/templates.md"
            ),
            Error::Pdf { file, message, help } => write!(f, "error: {message}\n  --> {}\nhelp: {help}", file.display()),
            Error::Io { path, message } => write!(f, "error: {}: {message}", path.display()),
            Error::Exists { path } => write!(
                f,
                "error: {} already exists; an issued notice is never overwritten\nhelp: choose another --out directory, move the file away, or pass --force",
                path.display()
            ),
            Error::Busy { dir } => write!(
                f,
                "error: another foinotice run is issuing notices into {}\nhelp: wait for it to finish, or choose another --out directory",
                dir.display()
            ),
            Error::Usage(m) => write!(f, "error: {m}"),
            Error::Reported(m) | Error::Interrupted(m) | Error::Unrecorded(m) => write!(f, "{m}"),
            Error::Closed => Ok(()),
            Error::Data { message, help } => write!(f, "error: {message}\nhelp: {help}"),
            Error::NoRandomness(e) => write!(
                f,
                "error: the system's random source cannot be read ({e}), so the desk cannot make its secret tokens and does not start\nhelp: run it on a system whose random source works (on Linux, getrandom(2) or /dev/urandom)"
            ),
        }
    }
}

impl std::error::Error for Error {}
