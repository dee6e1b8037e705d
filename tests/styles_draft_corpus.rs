//! Leave-one-out figures for `foinotice styles draft` on the corpus: for each in-sample
//! corpus authority with three or more letters, a style is drafted from all its
//! letters but one, and the held-back letter's case file (tests/corpus/) is rendered
//! with it and scored with the same word 4-gram fidelity as tests/corpus.rs (the
//! excerpt as stored), beside the same case file rendered with each built-in style.
//! docs/house-style.md reports the table. Held-out corpus files
//! (tests/corpus/holdout.txt) are never read. Skipped, saying so, without ../shared.

mod common;

use std::path::Path;

/// In-sample authorities with three or more letters: their corpus file stems.
const AUTHORITIES: &[(&str, &[&str])] = &[(
    "West Midlands Police",
    &[
        "rn_West-Midlands-Police_9143-17",
        "rn_West-Midlands-Police_615-20",
        "rn_West-Midlands-Police_163A-23",
    ],
)];

// The measure of tests/corpus.rs: the library's.
use foinotice::styles_draft::compare::fidelity;

fn excerpt(text: &str) -> &str {
    let mut rest = text;
    for prefix in ["Source:", "Status:"] {
        if let Some(after) = rest.trim_start().strip_prefix(prefix) {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        }
    }
    rest
}

/// The held-back letter's case file rendered (published copy) with `style`, written
/// beside it in `dir`.
fn render_with(dir: &Path, stem: &str, style: &str) -> String {
    let case =
        std::fs::read_to_string(common::root().join(format!("tests/corpus/{stem}.toml"))).unwrap();
    let case: String = case
        .lines()
        .map(|l| {
            if l.starts_with("style = ") {
                format!("style = \"{style}\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let path = dir.join(format!("{stem}.toml"));
    std::fs::write(&path, case).unwrap();
    common::render_published(&path)
}

#[test]
fn drafted_styles_reproduce_the_letter_they_were_not_drafted_from() {
    let Some(corpus) = common::shared("corpus") else {
        eprintln!("skipped: ../shared/corpus is not beside the checkout");
        return;
    };
    let held = std::fs::read_to_string(common::root().join("tests/corpus/holdout.txt")).unwrap();
    let mut table = String::from("leave-one-out: letter, drafted style, best built-in (name)\n");
    for (authority, stems) in AUTHORITIES {
        for stem in *stems {
            assert!(
                !held.lines().any(|l| l.trim() == *stem),
                "{stem} is held out"
            );
        }
        let texts: Vec<String> = stems
            .iter()
            .map(|s| std::fs::read_to_string(corpus.join(format!("{s}.txt"))).unwrap())
            .collect();
        for (k, stem) in stems.iter().enumerate() {
            let dir = common::scratch(&format!("loo-{k}"));
            let letters: Vec<foinotice::styles_draft::read::Letter> = stems
                .iter()
                .zip(&texts)
                .filter(|(s, _)| *s != stem)
                .map(|(s, t)| foinotice::styles_draft::read::Letter {
                    path: format!("{s}.txt").into(),
                    name: format!("{s}.txt"),
                    format: foinotice::styles_draft::read::Format::Text,
                    paragraphs: foinotice::styles_draft::read::paragraphs(excerpt(t)),
                })
                .collect();
            let draft =
                foinotice::styles_draft::draft_letters(&letters, "drafted", Some(authority))
                    .unwrap_or_else(|e| panic!("{stem}: {e}"));
            std::fs::write(dir.join("drafted.toml"), &draft.text).unwrap();
            let drafted = fidelity(excerpt(&texts[k]), &render_with(&dir, stem, "drafted.toml"));
            let (best, name) = foinotice::style::BUILTIN
                .iter()
                .map(|(n, _)| {
                    (
                        fidelity(excerpt(&texts[k]), &render_with(&dir, stem, n)),
                        *n,
                    )
                })
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .unwrap();
            let standard = fidelity(excerpt(&texts[k]), &render_with(&dir, stem, "standard"));
            table.push_str(&format!(
                "{stem:<40} drafted {drafted:.3}  best built-in {best:.3} ({name})  standard {standard:.3}  slots placed {}\n",
                draft.placed
            ));
            // A drafted style never does worse than the standard style it is laid over.
            assert!(
                drafted + 1e-9 >= standard,
                "{stem}: drafted {drafted:.3} below standard {standard:.3}\n{}",
                draft.text
            );
        }
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{table}");
}
