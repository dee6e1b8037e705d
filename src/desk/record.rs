//! The casebook's records of what was issued, in its `issued/` folder:
//! - `manifest.tsv`: a line per issued file (case file, issued file, SHA-256, who
//!   issued it and when, in UTC), tab-separated and quoted where a value needs it,
//!   appended under a lock as one whole per issue, and only once the files are on
//!   disk, then who drafted it and who approved it where it went through approval
//!   (lines of earlier versions have the first three or five columns only: the
//!   columns missing are read as empty);
//! - `revising.txt`: a line per revision started (case file, and the issue it revises);
//! - `ready.txt`: a line per draft marked ready for approval (case file, the issue it
//!   would be, the SHA-256 of the case file's text marked, who marked it and when). A
//!   mark holds for that text only: a change to the file after it was marked needs a
//!   new mark. A lead's family is marked as issue 0 of the lead (no case's issue is
//!   0), its version the SHA-256 of the lead's text and the list of followers;
//! - `withdrawn.txt`: a line per mark withdrawn by its drafter (case file, issue,
//!   version, when the mark was made; who withdrew it and when): a mark withdrawn no
//!   longer holds, and is not listed.
//!
//! Where a case stands is read from these records, never from which folders exist: a
//! folder without its manifest lines (an issue stopped part way) issues nothing.
//!
//! Issued files go to `issued/<case file's path>/<issue number>/`, and a lead's
//! family to `issued/<lead's path>/family/`. A case file's path ends `.toml` and names
//! a file, so no other case's folder can be inside it, and the number and `family`
//! cannot be a case file's name: no two cases, issues or families share a folder.

use crate::error::Error;
use crate::output::Dir;
use serde::Serialize;
use std::path::Path;

/// The folder, inside the casebook, that issued notices are written to.
pub const ISSUED: &str = "issued";
/// The manifest of everything issued from the casebook.
pub const MANIFEST: &str = "manifest.tsv";
/// The revisions started.
const REVISING: &str = "revising.txt";
/// The drafts marked ready for approval.
const READY: &str = "ready.txt";
/// The marks withdrawn.
const WITHDRAWN: &str = "withdrawn.txt";
/// The issue number a lead's family is marked ready as (no case's issue is 0).
pub const FAMILY_ISSUE: u32 = 0;
/// The folder of a lead's family, inside the lead's own folder.
pub const FAMILY: &str = "family";

/// Where a case stands: a draft, issued (and read-only), or issued and being revised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", content = "times", rename_all = "lowercase")]
pub enum State {
    Draft,
    Issued(u32),
    Revising(u32),
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IssuedFile {
    pub file: String,
    pub sha256: String,
    /// Who issued it and when ("" in lines of earlier versions).
    pub by: String,
    pub at: String,
    /// Who drafted it and who approved it, where it was issued through approval (""
    /// otherwise, and in lines of earlier versions).
    pub drafter: String,
    pub approver: String,
    /// The file as a URL query value (for its download link).
    pub query: String,
}

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub case: String,
    pub file: String,
    pub sha256: String,
    /// Who issued it (the desk's user).
    pub by: String,
    /// When, in UTC (RFC 3339, to the second).
    pub at: String,
    /// Who marked the draft ready for approval, and who approved it (by issuing it),
    /// when it went through approval; otherwise empty.
    pub drafter: String,
    pub approver: String,
}

/// A draft marked ready for approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ready {
    pub case: String,
    /// The issue it would be (1 for a draft, n + 1 for a revision of the nth).
    pub issue: u32,
    /// The SHA-256 of the case file's text that was marked.
    pub version: String,
    /// Who marked it (the desk's user), and when, in UTC.
    pub drafter: String,
    pub at: String,
}

/// The records, as read at one moment.
#[derive(Debug, Default)]
pub struct Records {
    manifest: Vec<Line>,
    /// Each revision started: the case, and the issue it revises (`None` in the
    /// earlier form of the file, where a listed case was being revised until issued).
    revising: Vec<(String, Option<u32>)>,
    /// The marks of drafts ready for approval, in the order made.
    ready: Vec<Ready>,
}

/// The casebook's issued folder, opened without following a link (a link planted
/// there is refused). `create` makes it when missing; otherwise a missing folder is
/// `Ok(None)`.
pub fn issued_dir(root: &Path, create: bool) -> Result<Option<Dir>, Error> {
    let root = Dir::open(root)?;
    if !create && !root.exists(ISSUED) {
        return Ok(None);
    }
    root.sub(ISSUED, create).map(Some)
}

/// The folder of a case's `issue`th issue, relative to the casebook, with `/` (as the
/// manifest and the pages write it): `issued/<case file's path>/<issue>`.
pub fn issue_path(rel: &str, issue: u32) -> String {
    format!("{ISSUED}/{rel}/{issue}")
}

/// The folder a lead's family is issued into, relative to the casebook:
/// `issued/<lead's path>/family`.
pub fn family_path(lead_rel: &str) -> String {
    format!("{ISSUED}/{lead_rel}/{FAMILY}")
}

impl Records {
    /// The records of the casebook at `root` (none when nothing was issued yet, or the
    /// issued folder is not a real folder).
    pub fn read(root: &Path) -> Records {
        match issued_dir(root, false) {
            Ok(Some(dir)) => Records::read_in(&dir),
            _ => Records::default(),
        }
    }

    /// The records in an open issued folder.
    pub fn read_in(issued: &Dir) -> Records {
        let text = |name| {
            issued
                .read(name)
                .ok()
                .flatten()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default()
        };
        let manifest = parse_manifest(&text(MANIFEST));
        let revising = text(REVISING)
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| match l.rsplit_once('\t') {
                Some((case, n)) => (case.to_string(), n.parse().ok()),
                None => (l.to_string(), None),
            })
            .collect();
        // A mark withdrawn by its drafter no longer holds.
        let withdrawn = parse_ready(&text(WITHDRAWN));
        let ready = parse_ready(&text(READY))
            .into_iter()
            .filter(|r| {
                !withdrawn.iter().any(|w| {
                    w.case == r.case
                        && w.issue == r.issue
                        && w.version == r.version
                        && w.drafter == r.at
                })
            })
            .collect();
        Records {
            manifest,
            revising,
            ready,
        }
    }

    /// The latest mark that the case's text `version` is ready for approval as its
    /// `issue`th issue, if any (a mark of other text, or of an earlier issue, does not
    /// hold).
    pub fn ready(&self, rel: &str, issue: u32, version: &str) -> Option<&Ready> {
        self.ready
            .iter()
            .rev()
            .find(|r| r.case == rel && r.issue == issue && r.version == version)
    }

    /// The latest mark made for the case's `issue`th issue, whatever text it was of.
    pub fn last_mark(&self, rel: &str, issue: u32) -> Option<&Ready> {
        self.ready
            .iter()
            .rev()
            .find(|r| r.case == rel && r.issue == issue)
    }

    /// How many times the case has been issued.
    pub fn times_issued(&self, rel: &str) -> u32 {
        self.manifest
            .iter()
            .filter(|l| l.case == rel)
            .filter_map(|l| issue_of(rel, &l.file))
            .max()
            .unwrap_or(0)
    }

    pub fn state(&self, rel: &str) -> State {
        match self.times_issued(rel) {
            0 => State::Draft,
            n if self
                .revising
                .iter()
                .any(|(case, of)| case == rel && of.is_none_or(|of| of == n)) =>
            {
                State::Revising(n)
            }
            n => State::Issued(n),
        }
    }

    /// Whether the manifest records an issued file at this path (as written there).
    pub fn names(&self, file: &str) -> bool {
        self.manifest.iter().any(|l| l.file == file)
    }

    /// The files issued for a case, every issue, in the order recorded.
    pub fn files(&self, rel: &str) -> Vec<IssuedFile> {
        self.manifest
            .iter()
            .filter(|l| l.case == rel)
            .map(|l| IssuedFile {
                file: l.file.clone(),
                sha256: l.sha256.clone(),
                by: l.by.clone(),
                at: l.at.clone(),
                drafter: l.drafter.clone(),
                approver: l.approver.clone(),
                query: super::encode(&l.file),
            })
            .collect()
    }
}

/// Where a case stands, read from the records now.
pub fn state(root: &Path, rel: &str) -> State {
    Records::read(root).state(rel)
}

/// Which issue of the case `rel` an issued file's path belongs to:
/// `issued/<rel>/<n>/<file>`, or the earlier layout's `issued/<rel, folders joined
/// with "--", without .toml>/<file>` (the first) and `…--r<n>/<file>`.
pub fn issue_of(rel: &str, file: &str) -> Option<u32> {
    let inside = file.strip_prefix(ISSUED)?.strip_prefix('/')?;
    if let Some(rest) = inside.strip_prefix(rel).and_then(|r| r.strip_prefix('/')) {
        let (n, name) = rest.split_once('/')?;
        return (!name.contains('/')).then(|| n.parse().ok()).flatten();
    }
    let stem = rel.trim_end_matches(".toml").replace('/', "--");
    let (folder, name) = inside.split_once('/')?;
    if name.contains('/') {
        return None;
    }
    if folder == stem {
        return Some(1);
    }
    folder
        .strip_prefix(&stem)?
        .strip_prefix("--r")?
        .parse()
        .ok()
}

fn parse_manifest(text: &str) -> Vec<Line> {
    tsv_reader(text)
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            Some(Line {
                case: r.get(0)?.to_string(),
                file: r.get(1)?.to_string(),
                sha256: r.get(2)?.to_string(),
                by: r.get(3).unwrap_or_default().to_string(),
                at: r.get(4).unwrap_or_default().to_string(),
                drafter: r.get(5).unwrap_or_default().to_string(),
                approver: r.get(6).unwrap_or_default().to_string(),
            })
        })
        .collect()
}

fn tsv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

fn tsv_line(values: &[&str]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = writer.write_record(values);
    writer.into_inner().unwrap_or_default()
}

fn parse_ready(text: &str) -> Vec<Ready> {
    tsv_reader(text)
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            Some(Ready {
                case: r.get(0)?.to_string(),
                issue: r.get(1)?.parse().ok()?,
                version: r.get(2)?.to_string(),
                drafter: r.get(3)?.to_string(),
                at: r.get(4).unwrap_or_default().to_string(),
            })
        })
        .collect()
}

/// Records that the case's text (`ready.version`) is ready for approval.
pub fn mark_ready(issued: &Dir, ready: &Ready) -> Result<(), Error> {
    let issue = ready.issue.to_string();
    issued.append(
        READY,
        &tsv_line(&[
            &ready.case,
            &issue,
            &ready.version,
            &ready.drafter,
            &ready.at,
        ]),
    )
}

/// Records that the mark `ready` is withdrawn, by `who` (its drafter), now. The line
/// is read as a mark whose drafter column holds the withdrawn mark's time.
pub fn withdraw(issued: &Dir, ready: &Ready, who: &str) -> Result<(), Error> {
    let issue = ready.issue.to_string();
    issued.append(
        WITHDRAWN,
        &tsv_line(&[&ready.case, &issue, &ready.version, &ready.at, who, &now()]),
    )
}

/// Now, in UTC, as the records write it (RFC 3339, to the second).
pub fn now() -> String {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| chrono::DateTime::from_timestamp(d.as_secs() as i64, 0))
        .map_or_else(String::new, |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// The manifest lines for `lines`, tab-separated, each value quoted where it holds a
/// tab, a quote or a line end.
pub fn manifest_text(lines: &[Line]) -> Vec<u8> {
    lines
        .iter()
        .flat_map(|l| {
            tsv_line(&[
                &l.case,
                &l.file,
                &l.sha256,
                &l.by,
                &l.at,
                &l.drafter,
                &l.approver,
            ])
        })
        .collect()
}

/// Appends the lines to the manifest, whole, under its lock.
pub fn append_manifest(issued: &Dir, lines: &[Line]) -> Result<(), Error> {
    issued.append(MANIFEST, &manifest_text(lines))
}

/// Records that a revision of the case's `issue`th issue has been started.
pub fn start_revision(issued: &Dir, rel: &str, issue: u32) -> Result<(), Error> {
    issued.append(REVISING, format!("{rel}\t{issue}\n").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issues_are_read_from_both_layouts() {
        assert_eq!(issue_of("sub/x.toml", "issued/sub/x.toml/2/x.pdf"), Some(2));
        assert_eq!(issue_of("sub/x.toml", "issued/sub--x/x.pdf"), Some(1));
        assert_eq!(issue_of("sub/x.toml", "issued/sub--x--r3/x.pdf"), Some(3));
        // Another case's folder is never taken for this one's.
        assert_eq!(issue_of("sub/x.toml", "issued/sub--x.toml/1/x.pdf"), None);
        assert_eq!(issue_of("sub--x.toml", "issued/sub/x.toml/1/x.pdf"), None);
        assert_eq!(issue_of("x.toml", "issued/x.toml/family/a.pdf"), None);
    }

    #[test]
    fn names_with_tabs_and_line_ends_keep_their_columns() {
        let lines = vec![Line {
            case: "a\tb\nc.toml".into(),
            file: "issued/a\tb\nc.toml/1/n.pdf".into(),
            sha256: "00".into(),
            by: "a\"b".into(),
            at: "2026-12-06T16:00:00Z".into(),
            drafter: "D. Rafter".into(),
            approver: "A. Prover".into(),
        }];
        let text = String::from_utf8(manifest_text(&lines)).unwrap();
        assert_eq!(parse_manifest(&text), lines);
        // A line of an earlier version: three columns.
        let old = parse_manifest("a.toml\tissued/a/a.pdf\t00\n");
        assert_eq!((old[0].by.as_str(), old[0].at.as_str()), ("", ""));
        // A line of the version before approval: five columns.
        let five = parse_manifest("a.toml\tissued/a.toml/1/a.pdf\t00\tme\t2026-12-06T16:00:00Z\n");
        assert_eq!(five[0].by, "me");
        assert_eq!(
            (five[0].drafter.as_str(), five[0].approver.as_str()),
            ("", "")
        );
    }

    #[test]
    fn a_revision_belongs_to_the_issue_it_revises() {
        let records = Records {
            manifest: vec![Line {
                case: "a.toml".into(),
                file: "issued/a.toml/1/a.pdf".into(),
                sha256: "00".into(),
                by: String::new(),
                at: String::new(),
                drafter: String::new(),
                approver: String::new(),
            }],
            revising: vec![("a.toml".into(), Some(1))],
            ready: Vec::new(),
        };
        assert_eq!(records.state("a.toml"), State::Revising(1));
        assert_eq!(records.state("b.toml"), State::Draft);
        let issued_again = Records {
            manifest: vec![
                records.manifest[0].clone(),
                Line {
                    file: "issued/a.toml/2/a.pdf".into(),
                    ..records.manifest[0].clone()
                },
            ],
            revising: records.revising,
            ready: Vec::new(),
        };
        assert_eq!(issued_again.state("a.toml"), State::Issued(2));
    }

    #[test]
    fn a_mark_holds_for_the_text_and_the_issue_it_was_made_for() {
        let text = tsv_line(&["a.toml", "1", "v1", "D. Rafter", "2026-12-06T16:00:00Z"]);
        let mut text = String::from_utf8(text).unwrap();
        text.push_str("a.toml\t2\tv2\tD. Rafter\t2026-12-07T16:00:00Z\nbroken line\n");
        let records = Records {
            ready: parse_ready(&text),
            ..Records::default()
        };
        assert_eq!(
            records.ready("a.toml", 1, "v1").unwrap().drafter,
            "D. Rafter"
        );
        assert!(records.ready("a.toml", 1, "v2").is_none());
        assert!(records.ready("a.toml", 2, "v1").is_none());
        assert!(records.ready("b.toml", 1, "v1").is_none());
        assert_eq!(records.last_mark("a.toml", 2).unwrap().version, "v2");
    }
}
