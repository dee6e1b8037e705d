//! The casebook: every case file in the desk's folder, with what the casebook page
//! shows of it (reference, authority, kind, draft or issued, the next deadline, or the
//! first problem `check` finds).

use crate::facts::Notice;
use crate::law::Law;
use serde::Serialize;
use std::path::{Path, PathBuf};

pub use super::record::{state, State, ISSUED};

#[derive(Debug, Serialize)]
pub struct Entry {
    /// The case file, relative to the casebook, with `/`.
    pub path: String,
    /// The same, as a URL query value.
    pub query: String,
    pub reference: String,
    pub authority: String,
    pub kind: String,
    pub state: State,
    /// Who marked the case file, as it is now, ready for approval (when someone has).
    pub awaiting: Option<String>,
    /// The next deadline: what it is, its date, and the calendar days left (negative
    /// once past).
    pub deadline: Option<Deadline>,
    /// The first problem `check` reports, when the file does not pass.
    pub problem: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Deadline {
    pub what: &'static str,
    pub date: String,
    pub days_left: i64,
    pub days_ago: i64,
}

/// Case files under `root`, sorted by path: `.toml` files whose `kind` names a notice
/// (house styles and other files are left out), outside the issued folder and hidden
/// folders. Links are not followed.
pub fn case_files(root: &Path) -> Vec<PathBuf> {
    files(root, |path, name| {
        name.ends_with(".toml") && names_a_notice(path)
    })
}

/// Every `.toml` file under `root`, found as case files are (house styles among them).
pub fn toml_files(root: &Path) -> Vec<PathBuf> {
    files(root, |_, name| name.ends_with(".toml"))
}

/// The lists of followers in the casebook (spreadsheets: `.csv` and `.xlsx`), found as
/// case files are.
pub fn follower_lists(root: &Path) -> Vec<PathBuf> {
    files(root, |_, name| {
        super::paths::FOLLOWERS
            .iter()
            .any(|e| name.ends_with(&format!(".{e}")))
    })
}

/// The files in the casebook that `keep` keeps, sorted: links, hidden files and
/// folders, and the issued folder are passed over.
fn files(root: &Path, keep: impl Fn(&Path, &str) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(kind) = e.file_type() else { continue };
            if name.starts_with('.') || kind.is_symlink() {
                continue;
            }
            let path = e.path();
            if kind.is_dir() {
                if !(dir == root && name == ISSUED) {
                    stack.push(path);
                }
            } else if keep(&path, &name) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn names_a_notice(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    // The kind line, read without parsing the whole file: a file with a mistake in
    // it is still listed, with its problem.
    text.lines().any(|l| {
        let l = l.trim();
        l.starts_with("kind")
            && (l.contains("\"decision-notice\"") || l.contains("\"refusal-notice\""))
    })
}

/// The authorities the casebook's case files name, read without checking the cases
/// (to offer when a new case is started).
pub fn authorities(root: &Path) -> std::collections::BTreeSet<String> {
    case_files(root)
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok()?.parse::<toml::Table>().ok())
        .filter_map(|t| {
            Some(
                t.get("authority")?
                    .get("name")?
                    .as_str()?
                    .trim()
                    .to_string(),
            )
        })
        .filter(|a| !a.is_empty())
        .collect()
}

pub fn entries(root: &Path, law: &Law, today: chrono::NaiveDate) -> Vec<Entry> {
    let records = super::record::Records::read(root);
    case_files(root)
        .into_iter()
        .map(|path| entry(root, &path, law, today, &records))
        .collect()
}

pub fn entry(
    root: &Path,
    path: &Path,
    law: &Law,
    today: chrono::NaiveDate,
    records: &super::record::Records,
) -> Entry {
    let rel = super::paths::relative(root, path);
    let state = records.state(&rel);
    let next = match state {
        State::Draft => Some(1),
        State::Revising(n) => Some(n + 1),
        State::Issued(_) => None,
    };
    let awaiting = next.and_then(|n| {
        let text = std::fs::read(path).ok()?;
        let mark = records.ready(&rel, n, &crate::english::sha256(&text))?;
        Some(mark.drafter.clone())
    });
    match crate::case::load_with(path, law) {
        Ok(case) => {
            let (reference, authority, kind) = match &case.notice {
                Notice::Decision(d) => (
                    d.reference.0.join(", "),
                    d.authority.name.clone(),
                    "decision notice",
                ),
                Notice::Refusal(r) => (
                    r.reference.clone(),
                    r.authority.name.clone(),
                    "refusal notice",
                ),
            };
            let deadline = case.timeline.as_ref().and_then(|t| {
                let refusal = matches!(case.notice, Notice::Refusal(_));
                let dates = [
                    ("response due", refusal.then_some(t.response_due)),
                    ("steps due", t.compliance_due),
                    ("appeal by", t.appeal_due),
                    ("review request by", t.review_request_by),
                ];
                let known: Vec<(&'static str, chrono::NaiveDate)> = dates
                    .iter()
                    .filter_map(|(w, d)| d.map(|d| (*w, d.0)))
                    .collect();
                let next = known
                    .iter()
                    .filter(|(_, d)| *d >= today)
                    .min_by_key(|(_, d)| *d)
                    .or_else(|| known.iter().max_by_key(|(_, d)| *d))?;
                Some(Deadline {
                    what: next.0,
                    date: next.1.format("%-d %B %Y").to_string(),
                    days_left: (next.1 - today).num_days(),
                    days_ago: (today - next.1).num_days(),
                })
            });
            Entry {
                query: super::encode(&rel),
                path: rel,
                reference,
                authority,
                kind: kind.into(),
                state,
                awaiting,
                deadline,
                problem: None,
            }
        }
        Err(ds) => Entry {
            query: super::encode(&rel),
            path: rel,
            reference: String::new(),
            authority: String::new(),
            kind: String::new(),
            state,
            awaiting,
            deadline: None,
            problem: ds.first().map(|d| {
                if d.line > 0 {
                    format!("line {}: {} ({})", d.line, d.message, d.field)
                } else {
                    d.message.clone()
                }
            }),
        },
    }
}
