//! `foinotice bulk LEAD FOLLOWERS --out DIR`: issues a lead case and every follower that
//! adopts it, in parallel, with `DIR/manifest.json` and `DIR/manifest.csv`.

use foinotice::bulk::{self, Entry, Job, Manifest, Options, Status};
use foinotice::diagnostic::Diagnostic;
use foinotice::error::Error;
use foinotice::templates::Templates;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  foinotice bulk examples/bulk/lead.toml examples/bulk/followers.csv --out out/bulk\n  foinotice bulk examples/bulk/lead.toml examples/bulk/followers/ --out out/bulk --dry-run"
)]
pub struct Args {
    /// The lead case file
    #[arg(value_name = "LEAD")]
    pub lead: PathBuf,
    /// The followers: a spreadsheet (.csv or .xlsx) with a row per authority, or a
    /// folder of follower case files
    #[arg(value_name = "FOLLOWERS")]
    pub followers: PathBuf,
    /// The folder to write the notices and their manifest to
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub formats: super::render::FormatArgs,
    /// A directory of templates overriding the built-in ones file by file
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Replace notices already issued whose facts have changed (never otherwise)
    #[arg(long)]
    pub force: bool,
    /// Check every notice and list what would be issued, writing nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Stop at the first follower that fails
    #[arg(long)]
    pub fail_fast: bool,
    /// Worker threads (default: one per core)
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub law: super::LawArgs,
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

/// How many failed notices the closing summary names (all are printed above it, and
/// listed in the manifest).
const SUMMARY_NAMES: usize = 10;

/// How many notices at most wait to be written, and are synced together.
const WRITE_BATCH: usize = 16;

pub fn run(args: &Args) -> Result<(), Error> {
    let law = args.law.load()?;
    let templates = Templates::load(args.templates.as_deref())?;
    let lead_source = foinotice::source::read_text(&args.lead, "the lead case file")
        .map_err(|d| Error::Case(vec![*d]))?;
    let lead = match lead_table(&args.lead, &lead_source) {
        Ok(t) => t,
        // Unreadable: let the case parser say exactly where.
        Err(e) => {
            return Err(foinotice::case::load_with(&args.lead, &law)
                .err()
                .map_or(e, Error::Case))
        }
    };
    let lead_ref = bulk::reference_of(&lead).unwrap_or_default();
    let followers =
        bulk::read_followers(&args.followers, &lead, &lead_ref, &law).map_err(Error::Case)?;
    let planned = plan(&args.lead, &lead_ref, followers, &args.formats.formats())?;
    let ordered = bulk::family_order(&lead_ref, &planned.family);
    // Followers inherit from the lead as written (`lead`): the sibling list is added to
    // each notice as it is made, so the batch never holds one per follower.
    let mut as_issued = lead.clone();
    bulk::set_family(&mut as_issued, &lead_ref, &ordered, true);
    // The lead is checked as the batch will issue it (its siblings are the followers),
    // with any problem pointed at the lead file.
    let lead_case = foinotice::case::from_table(&args.lead, as_issued, &law)
        .map_err(|ds| Error::Case(bulk::locate_in(ds, &args.lead, &lead_source)))?;
    let jobs = planned.jobs;

    // The directory is held for the whole run, so that two runs never issue into it at
    // once; while it is held, temporary files of its notices can only be left over
    // from a run that was stopped, and are removed.
    let _held = if args.dry_run {
        None
    } else {
        std::fs::create_dir_all(&args.out).map_err(|e| Error::io(&args.out, e))?;
        let held = foinotice::output::lock_dir(&args.out)?;
        if held.is_some() {
            let names: std::collections::HashSet<String> = jobs
                .iter()
                .flat_map(|j| {
                    let stem = bulk::file_stem(&j.reference);
                    foinotice::render::Format::ALL.map(|f| format!("{stem}.{}", f.extension()))
                })
                .chain(["manifest.json".into(), "manifest.csv".into()])
                .collect();
            let removed = foinotice::output::remove_stale_temporaries(&args.out, &names);
            if removed > 0 {
                say(format_args!(
                    "note: removed {removed} temporary file{} left in {} by a run that was stopped",
                    if removed == 1 { "" } else { "s" },
                    args.out.display()
                ));
            }
        }
        held
    };
    let previous = bulk::previous(&args.out);
    let header = Manifest {
        tool: concat!("foinotice ", env!("CARGO_PKG_VERSION")).to_string(),
        templates_sha256: templates.fingerprint.clone(),
        lead: lead_ref.clone(),
        notices: Vec::new(),
    };
    let stop = AtomicBool::new(false);
    // Notices are made on the worker threads and written on one thread of their own,
    // so that making the next notices never waits for the disk to sync the last. A
    // few notices at most wait in between, whatever the size of the batch.
    let (queue, queued) = std::sync::mpsc::sync_channel::<(String, bulk::Files)>(WRITE_BATCH);
    let queue = std::sync::Mutex::new(Some(queue));
    let enqueue = |reference: &str, files: bulk::Files| {
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
        out: args.out.clone(),
        formats: args.formats.formats(),
        force: args.force,
        dry_run: args.dry_run,
        fail_fast: args.fail_fast,
        templates: &templates,
        law: &law,
        lead: &lead,
        family: &ordered,
        write: &enqueue,
    };
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(jobs.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| {
            Error::Usage(format!(
                "cannot start {} worker threads: {e}",
                args.jobs.unwrap_or(0)
            ))
        })?;
    // Each worker thread renders with its own PDF cache (locked only by its owner).
    let caches: Vec<std::sync::Mutex<foinotice::render::pdf::Cache>> = (0..pool
        .current_num_threads())
        .map(|_| Default::default())
        .collect();
    super::interrupt::catch();
    let mut ledger = Ledger::new(&args.out, &header, &previous);
    let (mut entries, write_failures) = std::thread::scope(|scope| {
        let (stop, fail_fast, ledger) = (&stop, opts.fail_fast, &mut ledger);
        let writer = scope.spawn(move || {
            // Whatever has queued up is written and synced together.
            let mut failures: HashMap<String, String> = HashMap::new();
            while let Ok(first) = queued.recv() {
                let mut batch = vec![first];
                batch.extend(queued.try_iter().take(WRITE_BATCH - 1));
                // Before files the manifest vouches for are replaced, it stops
                // vouching for them: it never claims a hash that is not on disk.
                let failed = match ledger.release(batch.iter().map(|(r, _)| r.as_str())) {
                    Ok(()) => bulk::write_batch(&batch),
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
                    } else if super::interrupt::interrupted() {
                        skipped(job, "the run was interrupted")
                    } else {
                        let worker = rayon::current_thread_index().unwrap_or(0) % caches.len();
                        let cache = caches[worker]
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        bulk::issue(
                            &cache,
                            job,
                            &lead_case,
                            &args.lead,
                            &lead_source,
                            previous.get(&job.reference),
                            &opts,
                        )
                    };
                    if e.status == Status::Failed && opts.fail_fast {
                        stop.store(true, Ordering::Relaxed);
                    }
                    bar.inc(1);
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
    bar.finish_and_clear();

    let manifest = Manifest {
        notices: entries,
        ..header
    };
    let count = |s: Status| manifest.notices.iter().filter(|e| e.status == s).count();
    if args.dry_run {
        for e in &manifest.notices {
            super::print(format_args!(
                "{:<10} {:<14} {}{}\n",
                e.status.as_str(),
                e.reference,
                e.authority,
                e.error
                    .as_ref()
                    .map(|m| format!("\n  {}", m.replace('\n', "\n  ")))
                    .unwrap_or_default()
            ))?;
        }
    }
    // The failures and the summary come first, so that they are told even when the
    // manifest cannot be written.
    let failed: Vec<&Entry> = manifest
        .notices
        .iter()
        .filter(|e| e.status == Status::Failed)
        .collect();
    for e in &failed {
        say(format_args!(
            "failed: {} ({})\n  {}\n",
            e.reference,
            e.source,
            e.error.as_deref().unwrap_or("").replace('\n', "\n  ")
        ));
    }
    say(format_args!(
        "{} notices: {} issued, {} unchanged, {} planned, {} failed, {} not attempted{}",
        manifest.notices.len(),
        count(Status::Issued),
        count(Status::Unchanged),
        count(Status::Planned),
        failed.len(),
        count(Status::Skipped),
        if args.dry_run {
            " (dry run: nothing written)".to_string()
        } else {
            format!("; manifest in {}", args.out.join("manifest.json").display())
        }
    ));
    if !args.dry_run {
        write_manifest(&args.out, &manifest).map_err(|e| {
            Error::Unrecorded(format!(
                "{e}\nerror: the manifest could not be written; the notices listed above as failed were not issued, the others were\nhelp: make room or fix the directory, then run the same command again: notices already written are kept and the manifest is completed"
            ))
        })?;
    }
    // A signal that came once every notice was attempted changed nothing.
    if super::interrupt::interrupted() && count(Status::Skipped) > 0 {
        Err(Error::Interrupted(format!(
            "error: the run was interrupted; {} of {} notices were not attempted\nhelp: run the same command again to issue them (the notices already written are found unchanged)",
            count(Status::Skipped),
            manifest.notices.len()
        )))
    } else if failed.is_empty() {
        Ok(())
    } else {
        // Each failure is printed above; the summary names the first few.
        let mut named: Vec<String> = failed
            .iter()
            .take(SUMMARY_NAMES)
            .map(|e| e.reference.clone())
            .collect();
        if failed.len() > SUMMARY_NAMES {
            named.push(format!("and {} more", failed.len() - SUMMARY_NAMES));
        }
        Err(Error::Reported(format!(
            "error: {} of {} notices failed: {}",
            failed.len(),
            manifest.notices.len(),
            named.join(", ")
        )))
    }
}

use super::say;

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
    followers: Vec<bulk::Follower>,
    formats: &[foinotice::render::Format],
) -> Result<Plan, Error> {
    let mut jobs = vec![Job {
        reference: lead_ref.to_string(),
        role: "lead",
        follower: None,
    }];
    let mut family = vec![lead_ref.to_string()];
    let mut by_name: HashMap<String, (String, String)> = HashMap::from([(
        bulk::file_stem(lead_ref).to_lowercase(),
        (lead_ref.to_string(), lead_path.display().to_string()),
    )]);
    let mut problems = Vec::new();
    let ext = formats.first().map_or("txt", |f| f.extension());
    for mut f in followers {
        let origin = f.origin.describe();
        let reference = match bulk::reference_of(&f.facts) {
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
        let stem = bulk::file_stem(&reference);
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
    dir: &'a Path,
    manifest: Manifest,
    index: HashMap<String, usize>,
    /// The outputs each reference had before the run (for failed entries).
    before: HashMap<String, Vec<bulk::Output>>,
}

impl<'a> Ledger<'a> {
    fn new(
        dir: &'a Path,
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
        if changed {
            write_manifest(self.dir, &self.manifest)?;
        }
        Ok(())
    }

    /// The files an earlier run issued for a notice this run did not write.
    fn vouched_outputs(&self, reference: &str) -> Vec<bulk::Output> {
        self.before.get(reference).cloned().unwrap_or_default()
    }
}

/// Writes `manifest.json` and `manifest.csv` together, atomically.
fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<(), Error> {
    let json = serde_json::to_string_pretty(manifest).expect("the manifest serialises");
    let files = [
        (dir.join("manifest.json"), json.into_bytes()),
        (dir.join("manifest.csv"), manifest.csv().into_bytes()),
    ];
    foinotice::output::write_groups(&[&files], true)
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
