//! Issuing a family: plans the batch, makes the notices on worker threads, writes them
//! on a thread of their own, and keeps the manifest true throughout. Shared by
//! `foinotice bulk` and the desk, which each report progress in their own way
//! ([`Progress`]).

use super::{Entry, Job, Manifest, Options, Status};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::law::Law;
use crate::output::Dir;
use crate::render::Format;
use crate::templates::Templates;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// How many notices at most wait to be written, and are synced together.
const WRITE_BATCH: usize = 16;

/// What to issue, where, and how.
pub struct Settings<'a> {
    /// The lead case file.
    pub lead: &'a Path,
    /// The followers: a spreadsheet, or a folder of follower case files.
    pub followers: &'a Path,
    /// The folder the notices and their manifest go to.
    pub out: &'a Path,
    /// That folder, already open (the desk opens it without following links); when
    /// `None`, `out` is created if missing and opened. Either way the run writes only
    /// relative to the open folder, so a folder swapped for a link meanwhile does not
    /// move its writes.
    pub dir: Option<&'a Dir>,
    pub formats: Vec<Format>,
    pub templates: &'a Templates,
    pub law: &'a Law,
    /// Replace notices already issued whose facts have changed.
    pub force: bool,
    /// Check and plan only; write nothing.
    pub dry_run: bool,
    /// Stop at the first notice that fails.
    pub fail_fast: bool,
    /// Worker threads (`None`: one per core).
    pub jobs: Option<usize>,
}

/// How a run is followed: each hook is called from the worker threads.
pub trait Progress: Sync {
    /// The batch is planned: this many notices will be attempted.
    fn planned(&self, _total: usize) {}
    /// A notice is done (made and queued for writing, failed, or not attempted).
    fn done(&self, _entry: &Entry) {}
    /// Whether the run has been asked to stop: no new notice is started.
    fn stopped(&self) -> bool {
        false
    }
    /// Something the caseworker should know that is not a notice's outcome.
    fn note(&self, _message: &str) {}
}

/// A run that follows no one.
pub struct Quiet;
impl Progress for Quiet {}

/// What a run did.
pub struct Outcome {
    /// Every notice, with its status and files (as the manifest records them).
    pub manifest: Manifest,
    /// Whether the manifest could be written (always `Ok` in a dry run); notices not
    /// marked failed were written either way.
    pub recorded: Result<(), Error>,
    /// Whether the run was stopped before every notice was attempted.
    pub stopped: bool,
}

impl Outcome {
    pub fn count(&self, status: Status) -> usize {
        self.manifest
            .notices
            .iter()
            .filter(|e| e.status == status)
            .count()
    }
}

/// Issues the family `settings` names. A problem that refuses the whole batch (the
/// lead or the followers unreadable, two notices with one file name, the folder held by
/// another run) is an `Err`; anything else is told notice by notice in the outcome.
pub fn run(settings: &Settings, progress: &dyn Progress) -> Result<Outcome, Error> {
    run_approved(settings, progress, None)
}

/// [`run`], approved by a second person: the manifest records `approval` (its
/// `issued` filled with the notices this run issued) after those of earlier runs.
pub fn run_approved(
    settings: &Settings,
    progress: &dyn Progress,
    approval: Option<super::Approval>,
) -> Result<Outcome, Error> {
    let law = settings.law;
    let lead_source = crate::source::read_text(settings.lead, "the lead case file")
        .map_err(|d| Error::Case(vec![*d]))?;
    let lead = match lead_table(settings.lead, &lead_source) {
        Ok(t) => t,
        // Unreadable: let the case parser say exactly where.
        Err(e) => {
            return Err(crate::case::load_with(settings.lead, law)
                .err()
                .map_or(e, Error::Case))
        }
    };
    let lead_ref = super::reference_of(&lead).unwrap_or_default();
    let followers =
        super::read_followers(settings.followers, &lead, &lead_ref, law).map_err(Error::Case)?;
    let planned = plan(settings.lead, &lead_ref, followers, &settings.formats)?;
    let ordered = super::family_order(&lead_ref, &planned.family);
    // Followers inherit from the lead as written (`lead`): the sibling list is added to
    // each notice as it is made, so the batch never holds one per follower.
    let mut as_issued = lead.clone();
    super::set_family(&mut as_issued, &lead_ref, &ordered, true);
    // The lead is checked as the batch will issue it (its siblings are the followers),
    // with any problem pointed at the lead file.
    let lead_case = crate::case::from_table(settings.lead, as_issued, law)
        .map_err(|ds| Error::Case(super::locate_in(ds, settings.lead, &lead_source)))?;
    let jobs = planned.jobs;
    let out = settings.out;

    // The directory is held for the whole run, so that two runs never issue into it at
    // once; while it is held, temporary files of its notices can only be left over
    // from a run that was stopped, and are removed.
    let dir = if settings.dry_run {
        None
    } else {
        Some(match settings.dir {
            Some(d) => d.try_clone()?,
            None => Dir::create(out)?,
        })
    };
    let _held = match &dir {
        None => None,
        Some(dir) => {
            let held = match dir.hold(false) {
                Ok(held) => Some(held),
                Err(e @ Error::Busy { .. }) => return Err(e),
                // A folder that cannot be locked: nothing is held, and nothing is
                // assumed about other runs.
                Err(_) => None,
            };
            if held.is_some() {
                let names: std::collections::HashSet<String> = jobs
                    .iter()
                    .flat_map(|j| {
                        let stem = super::file_stem(&j.reference);
                        Format::ALL.map(|f| format!("{stem}.{}", f.extension()))
                    })
                    .chain(["manifest.json".into(), "manifest.csv".into()])
                    .collect();
                let removed = crate::output::remove_stale_in(dir, &names);
                if removed > 0 {
                    progress.note(&format!(
                        "removed {removed} temporary file{} left in {} by a run that was stopped",
                        if removed == 1 { "" } else { "s" },
                        out.display()
                    ));
                }
            }
            held
        }
    };
    let previous = match &dir {
        Some(d) => super::previous_in(d),
        None => super::previous(out),
    };
    let header = Manifest {
        tool: concat!("foinotice ", env!("CARGO_PKG_VERSION")).to_string(),
        templates_sha256: settings.templates.fingerprint.clone(),
        lead: lead_ref.clone(),
        notices: Vec::new(),
        approvals: dir.as_ref().map(super::approvals_in).unwrap_or_default(),
    };
    let stop = AtomicBool::new(false);
    // Notices are made on the worker threads and written on one thread of their own,
    // so that making the next notices never waits for the disk to sync the last. A
    // few notices at most wait in between, whatever the size of the batch.
    let (queue, queued) = std::sync::mpsc::sync_channel::<(String, super::Files)>(WRITE_BATCH);
    let queue = std::sync::Mutex::new(Some(queue));
    let enqueue = |reference: &str, files: super::Files| {
        let sent = queue.lock().ok().and_then(|q| {
            q.as_ref()
                .map(|s| s.send((reference.to_string(), files)).is_ok())
        });
        match sent {
            Some(true) => Ok(()),
            _ => Err("the writer thread stopped before this notice was written".to_string()),
        }
    };
    let opts = Options {
        out: out.to_path_buf(),
        dir: dir.as_ref(),
        formats: settings.formats.clone(),
        force: settings.force,
        dry_run: settings.dry_run,
        fail_fast: settings.fail_fast,
        templates: settings.templates,
        law,
        lead: &lead,
        family: &ordered,
        write: &enqueue,
    };
    progress.planned(jobs.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs.unwrap_or(0))
        .build()
        .map_err(|e| {
            Error::Usage(format!(
                "cannot start {} worker threads: {e}",
                settings.jobs.unwrap_or(0)
            ))
        })?;
    // Each worker thread renders with its own PDF cache (locked only by its owner).
    let caches: Vec<std::sync::Mutex<crate::render::pdf::Cache>> = (0..pool.current_num_threads())
        .map(|_| Default::default())
        .collect();
    let mut ledger = Ledger::new(dir.as_ref(), &header, &previous);
    let (mut entries, write_failures) = std::thread::scope(|scope| {
        let (stop, fail_fast, ledger, dir) = (&stop, opts.fail_fast, &mut ledger, dir.as_ref());
        let writer = scope.spawn(move || {
            // Whatever has queued up is written and synced together.
            let mut failures: HashMap<String, String> = HashMap::new();
            while let Ok(first) = queued.recv() {
                let mut batch = vec![first];
                batch.extend(queued.try_iter().take(WRITE_BATCH - 1));
                // Before files the manifest vouches for are replaced, it stops
                // vouching for them: it never claims a hash that is not on disk.
                let failed = match ledger.release(batch.iter().map(|(r, _)| r.as_str())) {
                    Ok(()) => super::write_batch(dir, &batch),
                    Err(e) => batch
                        .iter()
                        .map(|(r, _)| {
                            (
                                r.clone(),
                                format!("not written: the manifest could not record that this notice is being replaced: {e}"),
                            )
                        })
                        .collect(),
                };
                if !failed.is_empty() && fail_fast {
                    stop.store(true, Ordering::Relaxed);
                }
                failures.extend(failed);
            }
            failures
        });
        let entries: Vec<Entry> = pool.install(|| {
            jobs.par_iter()
                .map(|job| {
                    let e = if stop.load(Ordering::Relaxed) {
                        skipped(job, "--fail-fast stopped the run")
                    } else if progress.stopped() {
                        skipped(job, "the run was interrupted")
                    } else {
                        let worker = rayon::current_thread_index().unwrap_or(0) % caches.len();
                        let cache = caches[worker]
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        super::issue(
                            &cache,
                            job,
                            &lead_case,
                            settings.lead,
                            &lead_source,
                            previous.get(&job.reference),
                            &opts,
                        )
                    };
                    if e.status == Status::Failed && opts.fail_fast {
                        stop.store(true, Ordering::Relaxed);
                    }
                    progress.done(&e);
                    e
                })
                .collect()
        });
        // Closing the queue lets the writer finish what is left and stop.
        if let Ok(mut q) = queue.lock() {
            q.take();
        }
        (entries, writer.join().ok())
    });
    for e in &mut entries {
        // Had the writer itself failed, no notice it was given is known to be written.
        let message = match &write_failures {
            Some(failures) => failures.get(&e.reference).cloned(),
            None if e.status == Status::Issued => {
                Some("the writer thread failed; this notice may not have been written".into())
            }
            None => None,
        };
        if let Some(message) = message {
            e.status = Status::Failed;
            e.error = Some(message);
        }
        // This run wrote nothing for a notice that failed or was not attempted: its
        // outputs are the files an earlier run issued for it, still there (a notice
        // whose files could not all be replaced has its earlier files put back).
        if matches!(e.status, Status::Failed | Status::Skipped) {
            e.outputs = ledger.vouched_outputs(&e.reference);
        }
    }
    let mut approvals = header.approvals.clone();
    if let Some(mut approval) = approval {
        approval.issued = entries
            .iter()
            .filter(|e| e.status == Status::Issued)
            .map(|e| e.reference.clone())
            .collect();
        if !approval.issued.is_empty() {
            approvals.push(approval);
        }
    }
    let manifest = Manifest {
        notices: entries,
        approvals,
        ..header
    };
    let recorded = match &dir {
        Some(dir) => write_manifest(dir, &manifest),
        None => Ok(()),
    };
    let stopped =
        progress.stopped() && manifest.notices.iter().any(|e| e.status == Status::Skipped);
    Ok(Outcome {
        manifest,
        recorded,
        stopped,
    })
}

fn lead_table(path: &Path, source: &str) -> Result<toml::Table, Error> {
    let parsed = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str::<serde_json::Value>(source)
            .ok()
            .and_then(|j| toml::Value::try_from(j).ok())
            .and_then(|v| v.as_table().cloned())
    } else {
        toml::from_str::<toml::Table>(source).ok()
    };
    parsed.ok_or_else(|| {
        Error::Case(vec![Diagnostic::error(
            path,
            "",
            "the lead case file cannot be read as a table",
            "check it with `foinotice check`",
        )])
    })
}

/// The jobs of a batch and its family's references, once every output name is known
/// to be its notice's own.
struct Plan {
    jobs: Vec<Job>,
    family: Vec<String>,
}

/// Plans the batch before anything is made or written: every notice gets a reference
/// and file names of its own. Two followers with the same reference, or whose
/// references give the same file name (`IOT-2018-01` and `IOT 2018 01`, or names
/// differing only in case, which clash on Windows and macOS), refuse the batch with
/// both rows named. A follower without a reference fails alone.
fn plan(
    lead_path: &Path,
    lead_ref: &str,
    followers: Vec<super::Follower>,
    formats: &[crate::render::Format],
) -> Result<Plan, Error> {
    let mut jobs = vec![Job {
        reference: lead_ref.to_string(),
        role: "lead",
        follower: None,
    }];
    let mut family = vec![lead_ref.to_string()];
    let mut by_name: HashMap<String, (String, String)> = HashMap::from([(
        super::file_stem(lead_ref).to_lowercase(),
        (lead_ref.to_string(), lead_path.display().to_string()),
    )]);
    let mut problems = Vec::new();
    let ext = formats.first().map_or("txt", |f| f.extension());
    for mut f in followers {
        let origin = f.origin.describe();
        let reference = match super::reference_of(&f.facts) {
            Some(r) if !r.trim().is_empty() => r,
            _ => {
                if f.problems.is_empty() {
                    f.problems.push(Diagnostic::error(
                        Path::new(&origin),
                        "reference",
                        "this follower has no reference",
                        "give each follower its own reference",
                    ));
                }
                jobs.push(Job {
                    reference: format!("({origin})"),
                    role: "follower",
                    follower: Some(f),
                });
                continue;
            }
        };
        let stem = super::file_stem(&reference);
        match by_name.get(&stem.to_lowercase()) {
            Some((other, other_origin)) => {
                let message = if *other == reference {
                    format!("the reference {reference} appears twice in the family: in {other_origin} and in {origin}")
                } else {
                    format!(
                        "{reference} ({origin}) and {other} ({other_origin}) would both be issued as {stem}.{ext}"
                    )
                };
                problems.push(Diagnostic::error(
                    Path::new(&origin),
                    "reference",
                    message,
                    "every notice needs its own reference; file names keep letters, digits, - and _, and change anything else to -",
                ));
            }
            None => {
                by_name.insert(stem.to_lowercase(), (reference.clone(), origin));
                family.push(reference.clone());
                jobs.push(Job {
                    reference,
                    role: "follower",
                    follower: Some(f),
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(Plan { jobs, family })
    } else {
        Err(Error::Case(problems))
    }
}

/// What the manifest on disk says while the run goes on. It starts as the previous
/// run's; before a batch replaces files it vouches for, those entries are marked
/// `replacing` (claiming no files) and the manifest is written again, so that at any
/// moment the manifest claims only hashes that are on disk.
struct Ledger<'a> {
    /// The folder (`None` in a dry run, which writes nothing).
    dir: Option<&'a Dir>,
    manifest: Manifest,
    index: HashMap<String, usize>,
    /// The outputs each reference had before the run (for failed entries).
    before: HashMap<String, Vec<super::Output>>,
}

impl<'a> Ledger<'a> {
    fn new(
        dir: Option<&'a Dir>,
        header: &Manifest,
        previous: &std::collections::BTreeMap<String, Entry>,
    ) -> Self {
        let mut notices: Vec<Entry> = previous.values().cloned().collect();
        notices.sort_by(|a, b| {
            (a.role != "lead", &a.reference).cmp(&(b.role != "lead", &b.reference))
        });
        let index = notices
            .iter()
            .enumerate()
            .map(|(i, e)| (e.reference.clone(), i))
            .collect();
        let before = notices
            .iter()
            .filter(|e| e.status.vouches() || e.status == Status::Failed)
            .map(|e| (e.reference.clone(), e.outputs.clone()))
            .collect();
        Ledger {
            dir,
            manifest: Manifest {
                notices,
                ..header.clone()
            },
            index,
            before,
        }
    }

    /// Stops vouching for the files of these notices, writing the manifest if that
    /// changes anything.
    fn release<'r>(&mut self, references: impl Iterator<Item = &'r str>) -> Result<(), Error> {
        let mut changed = false;
        for r in references {
            if let Some(&i) = self.index.get(r) {
                let e = &mut self.manifest.notices[i];
                if !e.outputs.is_empty() {
                    e.status = Status::Replacing;
                    e.error = None;
                    e.outputs.clear();
                    changed = true;
                }
            }
        }
        if let (true, Some(dir)) = (changed, self.dir) {
            write_manifest(dir, &self.manifest)?;
        }
        Ok(())
    }

    /// The files an earlier run issued for a notice this run did not write.
    fn vouched_outputs(&self, reference: &str) -> Vec<super::Output> {
        self.before.get(reference).cloned().unwrap_or_default()
    }
}

/// Writes `manifest.json` and `manifest.csv` together, atomically.
fn write_manifest(dir: &Dir, manifest: &Manifest) -> Result<(), Error> {
    let json = serde_json::to_string_pretty(manifest).expect("the manifest serialises");
    let files = [
        (dir.join("manifest.json"), json.into_bytes()),
        (dir.join("manifest.csv"), manifest.csv().into_bytes()),
    ];
    crate::output::write_groups_in(dir, &[&files], true)
        .pop()
        .unwrap_or(Ok(()))
}

fn skipped(job: &Job, why: &str) -> Entry {
    Entry {
        reference: job.reference.clone(),
        authority: String::new(),
        role: job.role.to_string(),
        status: Status::Skipped,
        error: Some(format!("not attempted: {why}")),
        diagnostics: Vec::new(),
        difference: None,
        differences_considered: None,
        source: job
            .follower
            .as_ref()
            .map(|f| f.origin.describe())
            .unwrap_or_default(),
        facts_sha256: String::new(),
        outputs: Vec::new(),
        register: None,
    }
}
