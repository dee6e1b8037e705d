//! Bulk issuing: a lead case and its followers (a CSV with a row per authority, or a
//! directory of small case files), each follower inheriting from the lead whatever it
//! does not set, checked, guarded against adopting an analysis that does not fit, and
//! written atomically with a manifest of what was issued from what.

pub mod followers;
pub mod guard;
pub mod locate;
pub mod run;
pub mod sheet;
pub mod workbook;

pub use followers::{read_followers, Follower, Origin};
pub use guard::{guard, normalise, Difference, REQUEST_DIFFERS};
pub use locate::locate_in;

use crate::case::{self, Case};
use crate::diagnostic::Diagnostic;
use crate::facts::Notice;
use crate::law::Law;
use crate::templates::Templates;
use followers::{get_path, set_path};
use locate::relocate_all;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

pub use crate::english::{hex, sha256};

/// The lead's facts with the follower's laid over them: tables merge key by key,
/// anything else the follower sets replaces the lead's.
pub fn merge(lead: &Table, follower: &Table) -> Table {
    let mut out = lead.clone();
    for (k, v) in follower {
        match (out.get_mut(k), v) {
            (Some(Value::Table(a)), Value::Table(b)) => {
                let merged = merge(a, b);
                *a = merged;
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

/// The reference a table gives (the first, if a list).
pub fn reference_of(t: &Table) -> Option<String> {
    match t.get("reference")? {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.first()?.as_str().map(str::to_string),
        _ => None,
    }
}

/// The family in the order its footnote lists it: the lead first, then the others in
/// reference order, whatever order the followers came in (a CSV's rows or a directory's
/// file names). Worked out once a batch.
pub fn family_order(lead: &str, family: &[String]) -> Vec<String> {
    let mut others: Vec<String> = family.iter().filter(|r| *r != lead).cloned().collect();
    others.sort();
    std::iter::once(lead.to_string()).chain(others).collect()
}

/// Makes a decision notice's family consistent for a batch: the lead names every
/// follower; each follower names the lead and every other case, never itself.
/// `ordered` is the family as [`family_order`] gives it.
pub fn set_family(t: &mut Table, own: &str, ordered: &[String], is_lead: bool) {
    if t.get("kind").and_then(Value::as_str) != Some("decision-notice") {
        return;
    }
    let lead = ordered.first().map_or("", String::as_str);
    let siblings: Vec<Value> = ordered
        .iter()
        .filter(|r| r.as_str() != own)
        .map(|r| Value::String(r.clone()))
        .collect();
    set_path(t, "family.siblings", Value::Array(siblings));
    if is_lead {
        set_path(t, "family.role", Value::String("lead".into()));
    } else {
        set_path(t, "family.role", Value::String("follow-on".into()));
        set_path(t, "family.lead", Value::String(lead.into()));
        t.remove("reasons");
    }
}

/// Drops the footnotes a follower inherits but no longer refers to (its request may
/// lack the lead's footnoted words), which would otherwise be reported unused.
pub fn prune_footnotes(merged: &mut Table, follower: &Table) {
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => {
                for (i, _) in s.match_indices("[^") {
                    if let Some(end) = s[i + 2..].find(']') {
                        out.push(s[i + 2..i + 2 + end].to_string());
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            Value::Table(t) => t.values().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut used = Vec::new();
    merged.values().for_each(|v| refs(v, &mut used));
    let own = follower.get("footnotes").and_then(Value::as_table);
    if let Some(Value::Table(notes)) = merged.get_mut("footnotes") {
        notes.retain(|k, _| own.is_some_and(|o| o.contains_key(k)) || used.iter().any(|u| u == k));
    }
}

/// A job's complete facts: a follower's own facts over the lead's (merged here, one
/// notice at a time, so that a batch's memory does not grow with its followers), with
/// the batch's family set.
fn case_facts(job: &Job, opts: &Options) -> Table {
    let mut facts = match &job.follower {
        Some(f) => {
            let mut merged = merge(opts.lead, &f.facts);
            prune_footnotes(&mut merged, &f.facts);
            merged
        }
        None => opts.lead.clone(),
    };
    set_family(
        &mut facts,
        &job.reference,
        opts.family,
        job.follower.is_none(),
    );
    facts
}

/// The manifest's `facts_sha256`: the SHA-256 of the complete facts after
/// inheritance, written as compact JSON (keys in the order the table holds them).
pub fn facts_sha256(facts: &Table) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    // Writing JSON into a hasher cannot fail.
    let _ = serde_json::to_writer(&mut hasher, facts);
    hex(&hasher.finalize())
}

/// The name a follower's merged facts go by before a problem is located.
fn virtual_path(job: &Job) -> PathBuf {
    PathBuf::from(format!("{}.toml", job.reference.replace('/', "-")))
}

/// Reads a follower's merged facts as a case; any problem is pointed at the field and
/// where it was set: the follower's own file or CSV cell, or else the lead.
fn follower_case(
    job: &Job,
    merged: Table,
    follower: &Follower,
    lead_path: &Path,
    lead_source: &str,
    opts: &Options,
) -> Result<Case, Vec<Diagnostic>> {
    case::from_table(&virtual_path(job), merged, opts.law)
        .map_err(|ds| relocate_all(ds, follower, lead_path, lead_source))
}

/// The record of one notice in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub reference: String,
    pub authority: String,
    pub role: String,
    pub status: Status,
    /// Why the notice failed or was not attempted, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The located problems behind `error`, when the facts were at fault.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    /// What the own-merits guard found different, when it held the notice back (in
    /// the run's memory only: the manifest has it as `error`).
    #[serde(skip)]
    pub difference: Option<Difference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub differences_considered: Option<String>,
    pub source: String,
    pub facts_sha256: String,
    pub outputs: Vec<Output>,
    /// The register entry's findings ("FOI 31: Upheld"), for a decision notice made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register: Option<String>,
}

/// What became of one notice in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Written by this run.
    Issued,
    /// Already issued from the same facts, with the same files; left alone.
    Unchanged,
    /// A dry run would issue it.
    Planned,
    /// Not issued; `error` says why.
    Failed,
    /// Not attempted (the run was stopped).
    Skipped,
    /// Being replaced by a run that has not finished: the entry claims no files, as
    /// they may be the earlier notice's or the new one's. The next run settles it.
    Replacing,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Issued => "issued",
            Status::Unchanged => "unchanged",
            Status::Planned => "planned",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
            Status::Replacing => "replacing",
        }
    }

    /// Whether an entry with this status vouches for its files' hashes.
    pub fn vouches(self) -> bool {
        matches!(self, Status::Issued | Status::Unchanged)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Output {
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub tool: String,
    pub templates_sha256: String,
    pub lead: String,
    pub notices: Vec<Entry>,
    /// Who drafted and who approved each run that went through approval (on the
    /// desk, `serve --approval`), earliest first, with the notices it issued; absent
    /// when none did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<Approval>,
}

/// A run approved by a second person: who marked the family ready, who approved it
/// (by issuing it), when, and the notices that run issued.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Approval {
    pub drafter: String,
    pub approver: String,
    pub at: String,
    #[serde(default)]
    pub issued: Vec<String>,
}

impl Manifest {
    pub fn csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record([
            "reference",
            "authority",
            "role",
            "status",
            "error",
            "differences_considered",
            "facts_sha256",
            "outputs",
            "register",
        ]);
        for e in &self.notices {
            let outputs: Vec<String> = e
                .outputs
                .iter()
                .map(|o| format!("{} {}", o.file, o.sha256))
                .collect();
            let _ = w.write_record([
                e.reference.as_str(),
                &e.authority,
                &e.role,
                e.status.as_str(),
                e.error.as_deref().unwrap_or(""),
                e.differences_considered.as_deref().unwrap_or(""),
                &e.facts_sha256,
                &outputs.join("; "),
                e.register.as_deref().unwrap_or(""),
            ]);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// What to render and how.
pub struct Options<'a> {
    pub out: PathBuf,
    /// The output folder, open (`None` in a dry run): what is there is read through it.
    pub dir: Option<&'a crate::output::Dir>,
    /// The formats to write, each notice's files in this order.
    pub formats: Vec<crate::render::Format>,
    pub force: bool,
    pub dry_run: bool,
    pub fail_fast: bool,
    pub templates: &'a Templates,
    pub law: &'a Law,
    /// The lead's facts as written, which followers inherit.
    pub lead: &'a Table,
    /// The family in footnote order ([`family_order`]).
    pub family: &'a [String],
    /// What happens to a notice's files once they are made (by reference): written
    /// with [`write_batch`] there and then, or handed to a thread that writes them
    /// while the next notices are made. An error fails the notice.
    pub write: &'a (dyn Fn(&str, Files) -> Result<(), String> + Sync),
}

impl Options<'_> {
    /// Whether anything is at an output path (in the open folder, when there is one;
    /// a link counts and is not followed).
    fn exists(&self, path: &Path) -> bool {
        match (self.dir, path.file_name().and_then(|n| n.to_str())) {
            (Some(dir), Some(name)) => dir.exists(name),
            _ => crate::output::exists(path),
        }
    }

    /// What is at an output path, never through a link in the open folder.
    fn read(&self, path: &Path) -> Option<Vec<u8>> {
        match (self.dir, path.file_name().and_then(|n| n.to_str())) {
            (Some(dir), Some(name)) => dir.read(name).ok().flatten(),
            _ => std::fs::read(path).ok(),
        }
    }
}

/// One notice to issue: the lead (whose facts are [`Options::lead`]), or a follower
/// and where it came from (its facts are merged over the lead's when it is made).
pub struct Job {
    pub reference: String,
    pub role: &'static str,
    pub follower: Option<Follower>,
}

/// The file name for a reference ("11435/17" → "11435-17").
pub fn file_stem(reference: &str) -> String {
    reference
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Checks, guards, renders and writes one notice. The lead's parsed case is given for
/// the guard; `cache` is the calling worker's PDF cache. Nothing is written in a dry
/// run.
pub fn issue(
    cache: &crate::render::pdf::Cache,
    job: &Job,
    lead_case: &Case,
    lead_path: &Path,
    lead_source: &str,
    previous: Option<&Entry>,
    opts: &Options,
) -> Entry {
    // The sibling list is added here, one notice at a time, so that a batch holds one
    // copy of the family rather than one per follower.
    let facts = case_facts(job, opts);
    let mut entry = Entry {
        reference: job.reference.clone(),
        authority: get_path(&facts, "authority.name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        role: job.role.to_string(),
        status: Status::Failed,
        error: None,
        diagnostics: Vec::new(),
        difference: None,
        differences_considered: job
            .follower
            .as_ref()
            .and_then(|f| f.differences_considered.clone()),
        source: job
            .follower
            .as_ref()
            .map_or(lead_path.display().to_string(), |f| f.origin.describe()),
        facts_sha256: facts_sha256(&facts),
        outputs: Vec::new(),
        register: None,
    };
    let fail = |mut e: Entry, message: String| {
        e.error = Some(message);
        e
    };
    let fail_located = |mut e: Entry, ds: Vec<Diagnostic>| {
        let errors: Vec<Diagnostic> = ds.into_iter().filter(Diagnostic::is_error).collect();
        e.error = Some(
            errors
                .iter()
                .map(Diagnostic::to_string)
                .collect::<Vec<_>>()
                .join("\n\n"),
        );
        e.diagnostics = errors;
        e
    };
    if let Some(f) = job.follower.as_ref().filter(|f| !f.problems.is_empty()) {
        return fail_located(entry, f.problems.clone());
    }
    let case = match &job.follower {
        None => Ok(lead_case.clone()),
        Some(f) => follower_case(job, facts, f, lead_path, lead_source, opts),
    };
    let case = match case {
        Ok(c) => c,
        Err(ds) => return fail_located(entry, ds),
    };
    if let Notice::Decision(d) = &case.notice {
        entry.register = Some(crate::register::entry(d).line);
    }
    if job.follower.is_some() {
        if let Err(difference) = guard(lead_case, &case) {
            if entry.differences_considered.is_none() {
                let message = format!("own-merits guard: {difference}\nhelp: if the caseworker has considered the differences, record why with differences_considered = \"...\"");
                entry.difference = Some(difference);
                return fail(entry, message);
            }
        }
    }
    let doc = match crate::notice::document(&case, opts.templates) {
        Ok(d) => d,
        // A follower's problem is pointed at the field and where it was set.
        Err(crate::error::Error::Case(ds)) => {
            return fail_located(
                entry,
                match &job.follower {
                    Some(f) => relocate_all(ds, f, lead_path, lead_source),
                    None => locate_in(ds, lead_path, lead_source),
                },
            )
        }
        Err(e) => return fail(entry, e.to_string()),
    };
    let stem = file_stem(&job.reference);
    let mut outputs: Files = Vec::new();
    for format in &opts.formats {
        match format.render(cache, &doc) {
            Ok(b) => outputs.push((opts.out.join(format!("{stem}.{}", format.extension())), b)),
            Err(e) => return fail(entry, e.to_string()),
        }
    }
    entry.outputs = outputs
        .iter()
        .map(|(p, b)| Output {
            file: p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            sha256: sha256(b),
            bytes: b.len() as u64,
        })
        .collect();
    // An existing notice. When the manifest records it as issued from these facts, and
    // its files are as recorded, there is nothing to do. When the manifest does not
    // vouch for it (a run stopped before writing its manifest, or failed part way), its
    // files are kept if they hold exactly what this run makes, and any still missing
    // are written. Anything else is refused unless forced.
    let existing: Vec<PathBuf> = outputs
        .iter()
        .map(|(p, _)| p.clone())
        .filter(|p| opts.exists(p))
        .collect();
    if !existing.is_empty() {
        let vouched = previous.filter(|prev| prev.status.vouches());
        let unchanged = match vouched {
            Some(prev) => {
                prev.facts_sha256 == entry.facts_sha256
                    && prev.outputs == entry.outputs
                    && prev.outputs.iter().all(|o| {
                        opts.read(&opts.out.join(&o.file))
                            .is_some_and(|b| sha256(&b) == o.sha256)
                    })
            }
            None => outputs
                .iter()
                .filter(|(p, _)| existing.contains(p))
                .all(|(p, bytes)| opts.read(p).is_some_and(|b| b == *bytes)),
        };
        if unchanged {
            outputs.retain(|(p, _)| !existing.contains(p));
            if outputs.is_empty() {
                entry.status = Status::Unchanged;
                return entry;
            }
        } else if !opts.force {
            let why = if vouched.is_some() {
                "already exists and this notice's inputs have changed"
            } else {
                "already exists, is not recorded in this directory's manifest, and differs from the notice these facts make"
            };
            return fail(
                entry,
                format!(
                    "{} {why}; an issued notice is never overwritten\nhelp: pass --force to replace it",
                    existing[0].display()
                ),
            );
        }
    }
    if opts.dry_run {
        entry.status = Status::Planned;
        return entry;
    }
    if let Err(e) = (opts.write)(&job.reference, outputs) {
        return fail(entry, e);
    }
    entry.status = Status::Issued;
    entry
}

/// Files to write for one notice: each path and its bytes.
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// Writes the files of several notices, synced together, each notice's files in
/// place together or not at all ([`crate::output::write_groups`]). Gives the notices
/// that failed, each with its error.
pub fn write_batch(
    dir: Option<&crate::output::Dir>,
    batch: &[(String, Files)],
) -> Vec<(String, String)> {
    let groups: Vec<&crate::output::Group> = batch.iter().map(|(_, f)| f.as_slice()).collect();
    match dir {
        Some(dir) => crate::output::write_groups_in(dir, &groups, true),
        None => crate::output::write_groups(&groups, true),
    }
    .into_iter()
    .zip(batch)
    .filter_map(|(r, (reference, _))| r.err().map(|e| (reference.clone(), e.to_string())))
    .collect()
}

/// Reads a previous run's manifest, if there is one, by reference.
pub fn previous(dir: &Path) -> BTreeMap<String, Entry> {
    by_reference(std::fs::read_to_string(dir.join("manifest.json")).ok())
}

/// [`previous`] in an open folder.
pub fn previous_in(dir: &crate::output::Dir) -> BTreeMap<String, Entry> {
    by_reference(
        dir.read("manifest.json")
            .ok()
            .flatten()
            .and_then(|b| String::from_utf8(b).ok()),
    )
}

/// The approvals recorded in an open folder's manifest (none when it has none).
pub fn approvals_in(dir: &crate::output::Dir) -> Vec<Approval> {
    dir.read("manifest.json")
        .ok()
        .flatten()
        .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
        .map(|m| m.approvals)
        .unwrap_or_default()
}

fn by_reference(manifest: Option<String>) -> BTreeMap<String, Entry> {
    manifest
        .and_then(|t| serde_json::from_str::<Manifest>(&t).ok())
        .map(|m| {
            m.notices
                .into_iter()
                .map(|e| (e.reference.clone(), e))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_overrides_leaves_and_keeps_the_rest() {
        let lead: Table = toml::from_str("a = 1\n[t]\nx = 1\ny = [1, 2]\n").unwrap();
        let f: Table = toml::from_str("[t]\ny = [3]\nz = \"new\"\n").unwrap();
        let m = merge(&lead, &f);
        assert_eq!(m["a"].as_integer(), Some(1));
        assert_eq!(m["t"]["x"].as_integer(), Some(1));
        assert_eq!(m["t"]["y"].as_array().unwrap().len(), 1);
        assert_eq!(m["t"]["z"].as_str(), Some("new"));
    }

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(file_stem("11435/17"), "11435-17");
        assert_eq!(file_stem("FS50740163"), "FS50740163");
    }
}
