//! `foinotice check CASE... [--format human|json]`: every rule, without writing
//! anything. Exit 0 when clean or only warnings, 1 on errors, 2 on usage errors.

use foinotice::case::{self, Case};
use foinotice::diagnostic::Diagnostic;
use foinotice::error::Error;
use foinotice::facts::Notice;
use foinotice::templates::{long_date, Templates};
use foinotice::timeline::Timeline;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  foinotice check examples/*.toml\n  foinotice check case.json --format json"
)]
pub struct Args {
    /// Case files (.toml or .json)
    #[arg(required = true, value_name = "CASE")]
    pub cases: Vec<PathBuf>,
    /// How to report: human (each problem with its file, line and column, and how to
    /// fix it) or json (the same, for case-management systems)
    #[arg(long, short, value_enum, default_value = "human")]
    pub format: CheckFormat,
    /// A directory of templates overriding the built-in ones (the notice is rendered in
    /// memory to check that the complainant's name appears nowhere in it)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub law: super::LawArgs,
}

#[derive(Serialize)]
struct Report {
    file: PathBuf,
    kind: Option<&'static str>,
    reference: Option<String>,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<Diagnostic>,
    dates: Option<Timeline>,
    /// The entry the notice makes in the published register (decision notices).
    #[serde(skip_serializing_if = "Option::is_none")]
    register: Option<foinotice::register::Register>,
}

#[derive(Serialize)]
struct Summary {
    cases: Vec<Report>,
    errors: usize,
    warnings: usize,
}

fn check_one(path: &std::path::Path, law: &foinotice::law::Law, templates: &Templates) -> Report {
    let (case, mut diagnostics): (Option<Case>, Vec<Diagnostic>) = match case::load_with(path, law)
    {
        Ok(c) => {
            let w = c.warnings.clone();
            (Some(c), w)
        }
        Err(ds) => (None, ds),
    };
    if let Some(c) = &case {
        // Render in memory: the personal-data guard and the templates run as they
        // would for `render`.
        match foinotice::notice::document(c, templates) {
            Ok(doc) => {
                for (n, words) in foinotice::notice::lower_case_sentence_starts(&doc) {
                    diagnostics.push(Diagnostic::warning(
                        path,
                        "",
                        format!("a sentence in paragraph {n} starts in lower case: “{words} …”"),
                        "start the prose field with a capital, or give the authority a short name the templates capitalise (they write a sentence-initial short name with a capital)",
                    ));
                }
            }
            Err(Error::Case(mut ds)) => diagnostics.append(&mut ds),
            Err(Error::Template { name, message }) => diagnostics.push(Diagnostic::error(
                path,
                "",
                format!("template {name} failed\n{message}"),
                "fix the template (or remove your override of it to use the built-in one)",
            )),
            Err(e) => {
                // The error's own text, without the "error: " the diagnostic adds.
                let text = e.to_string();
                let text = text.strip_prefix("error: ").unwrap_or(&text).to_string();
                diagnostics.push(Diagnostic::error(
                    path,
                    "",
                    text,
                    "fix the template named above",
                ))
            }
        }
    }
    // A refusal letter's copy for the disclosure log is guarded against naming the
    // requester when it is rendered (`--copy published`): said here too, as a warning,
    // since the letter itself may name them.
    if let Some(c) = case
        .as_ref()
        .filter(|c| matches!(c.notice, Notice::Refusal(_)))
    {
        if let Err(Error::Case(ds)) =
            foinotice::notice::document_copy(c, templates, foinotice::notice::Copy::Published)
        {
            for d in ds.into_iter().filter(|d| d.is_error()) {
                diagnostics.push(Diagnostic {
                    severity: foinotice::diagnostic::Severity::Warning,
                    message: format!(
                        "the copy for the disclosure log would be refused: {}",
                        d.message
                    ),
                    ..d
                });
            }
        }
    }
    diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    Report {
        file: path.to_path_buf(),
        kind: case.as_ref().map(|c| match c.notice {
            Notice::Decision(_) => "decision-notice",
            Notice::Refusal(_) => "refusal-notice",
        }),
        reference: case.as_ref().map(|c| match &c.notice {
            Notice::Decision(d) => d.reference.0.join(", "),
            Notice::Refusal(r) => r.reference.clone(),
        }),
        errors,
        warnings: diagnostics.len() - errors,
        diagnostics,
        register: case.as_ref().and_then(|c| match &c.notice {
            Notice::Decision(d) => Some(foinotice::register::entry(d)),
            Notice::Refusal(_) => None,
        }),
        dates: case.and_then(|c| c.timeline),
    }
}

pub fn run(args: &Args) -> Result<(), Error> {
    let law = args.law.load()?;
    let templates = Templates::load(args.templates.as_deref())?;
    let cases: Vec<Report> = args
        .cases
        .iter()
        .map(|p| check_one(p, &law, &templates))
        .collect();
    let summary = Summary {
        errors: cases.iter().map(|c| c.errors).sum(),
        warnings: cases.iter().map(|c| c.warnings).sum(),
        cases,
    };
    match args.format {
        CheckFormat::Json => super::print(format_args!(
            "{}\n",
            serde_json::to_string_pretty(&summary).expect("the report serialises")
        ))?,
        CheckFormat::Human => print_human(&summary)?,
    }
    let failed = summary.cases.iter().filter(|c| c.errors > 0).count();
    if failed > 0 {
        return Err(Error::Reported(format!(
            "error: {failed} of {} case file{} failed the checks",
            summary.cases.len(),
            if summary.cases.len() == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

fn print_human(summary: &Summary) -> Result<(), Error> {
    use super::print;
    for c in &summary.cases {
        for d in &c.diagnostics {
            print(format_args!("{d}\n\n"))?;
        }
        let status = match (c.errors, c.warnings) {
            (0, 0) => "ok".to_string(),
            (0, w) => format!("ok, {w} warning{}", plural(w)),
            (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
        };
        print(format_args!(
            "{}: {status}{}\n",
            c.file.display(),
            c.reference
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        ))?;
        if let Some(t) = &c.dates {
            for (label, value) in dates(t) {
                print(format_args!("  {label:<16}{value}\n"))?;
            }
        }
        if let Some(r) = &c.register {
            print(format_args!("  {:<16}{}\n", "register", r.line))?;
        }
        print(format_args!("\n"))?;
    }
    if summary.cases.len() > 1 {
        print(format_args!(
            "{} case files: {} error{}, {} warning{}\n",
            summary.cases.len(),
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings)
        ))?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The dates worth a caseworker's eye, in order.
fn dates(t: &Timeline) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let taken = t
        .response_days
        .map(|d| format!(", answered in {d} working days"))
        .unwrap_or_else(|| ", no response".into());
    out.push((
        "response due",
        format!(
            "{}{taken}{}",
            long_date(t.response_due.0),
            if t.response_late { " (late)" } else { "" }
        ),
    ));
    for (k, f) in t.further.iter().enumerate() {
        out.push((
            "further request",
            format!(
                "{} due {}{}",
                k + 2,
                long_date(f.due.0),
                if f.late { " (late)" } else { "" }
            ),
        ));
    }
    if let Some(days) = t.review_days {
        out.push((
            "internal review",
            format!(
                "{days} working days{}",
                match t.review_over {
                    Some(n) => format!(" (over {n})"),
                    None => String::new(),
                }
            ),
        ));
    }
    if let Some(d) = t.complaint_deadline {
        out.push((
            "complain by",
            format!(
                "{}{}",
                long_date(d.0),
                if t.complaint_late {
                    " (the complaint came later)"
                } else {
                    ""
                }
            ),
        ));
    }
    if let Some(d) = t.review_request_by {
        out.push(("review asked by", long_date(d.0)));
    }
    if let Some(d) = t.compliance_due {
        out.push(("steps due", long_date(d.0)));
    }
    if let Some(d) = t.appeal_due {
        out.push(("appeal by", long_date(d.0)));
    }
    if !t.breaches.is_empty() {
        out.push((
            "dates show",
            format!("a breach of {}", t.breaches.join(", ")),
        ));
    }
    out
}
