//! The corpus as a regression suite: each case file under `tests/corpus/` is written
//! from the facts of one published notice in `../shared/corpus/` (the file of the same
//! name), and renders to text that reproduces the notice's own words. For each, the
//! test reports its fidelity (the share of the excerpt's word 4-grams, after its
//! `Source:` and `Status:` lines, that the rendering reproduces, comparing words with
//! case and punctuation ignored) and the share of the reproduced 4-grams that the
//! templates wrote rather than the case file's own prose. It fails if either drops
//! below the floor recorded for that notice. docs/corpus.md gives the table.

mod common;

use std::collections::HashSet;
use std::path::Path;

/// The floors: fidelity and template share, per corpus file, as last reached. Raise
/// them when the wording improves; never lower one without saying why in
/// docs/corpus.md. No fidelity floor may sit below the target.
const FLOORS: &[(&str, f64, f64)] = &[
    ("dn_FS50645708_North-East-Lincolnshire-Council", 0.96, 0.57),
    ("dn_IC-294694-H4F4_Ministry-of-Defence", 0.96, 0.42),
    ("dn_UNKREF-2017-09-27_Department-for-Education", 0.98, 0.48),
    (
        "dn_UNKREF-2010-03-02_National-Savings-and-Investments",
        0.97,
        0.31,
    ),
    ("dn_UNKREF-2008-12-01_Ofsted", 0.99, 0.26),
    ("dn_FS50121803_Ministry-of-Justice", 0.99, 0.15),
    ("rn_Cardiff-and-Vale-UHB_FoI-18-546", 0.96, 0.40),
    (
        "rn_Thurrock-Council_FOI-first-tier-tribunal-QP-opinion",
        0.98,
        0.32,
    ),
    ("rn_West-Midlands-Police_163A-23", 0.95, 0.73),
    ("rn_West-Midlands-Police_615-20", 0.97, 0.48),
    ("rn_West-Midlands-Police_9143-17", 0.95, 0.57),
    ("rn_PSNI_FOI-13384", 0.99, 0.63),
    (
        "rn_University-Hospitals-Birmingham_FOI-0596-2019-20",
        0.96,
        0.59,
    ),
    ("rn_Southern-HSC-Trust_FOI-2016-384-and-385", 0.96, 0.83),
    ("rn_Information-Commissioners-Office_IRQ0499734", 0.95, 0.41),
    ("rn_Home-Office_19302-internal-review", 0.99, 0.86),
    (
        "rn_The-National-Archives_s22-expenditure-data-Sep-Oct-2022",
        0.99,
        0.59,
    ),
    ("rn_The-National-Archives_CAS-96717-F6C7H2", 0.99, 0.05),
    ("rn_South-Wales-Police_FOI-346-25", 0.98, 0.42),
];

/// The fidelity every excerpt of notice text must reach (issue: decision notices).
const TARGET: f64 = 0.95;

/// In-sample excerpts whose case file is written from the notice's facts alone but
/// whose wording the templates do not yet produce, so that no honest case file reaches
/// the target: (corpus file, fidelity and template share as reached, why). Their
/// floors guard against regression only; raise them, and move the entry to FLOORS,
/// when the templates reach the target. docs/corpus.md lists them. The words must not
/// be typed into the case file's prose to reach the target.
const AWAITING_WORDING: &[(&str, f64, f64, &str)] = &[(
    "dn_FER0891014_Lilleshall-Parish-Council",
    0.60,
    0.28,
    "a caseworker's own Decision and Request wording of 2020 (\"has complied with \
     Regulation 5(1) of the EIR but has contravened\", \"No further action is required \
     in this matter\", \"to request information under the Freedom of Information Act. \
     The terms of the complainant's request are\") and a request clarified by telephone, \
     which the templates tell otherwise",
)];

#[test]
fn what_awaits_wording_is_in_sample_below_the_target_and_has_no_other_floor() {
    let held = holdout();
    for (name, fidelity, _, why) in AWAITING_WORDING {
        assert!(!held.iter().any(|h| h == name), "{name} is held out");
        assert!(
            *fidelity < TARGET,
            "{name} reaches the target: move it to FLOORS"
        );
        assert!(
            !FLOORS.iter().any(|(n, ..)| n == name),
            "{name} is in FLOORS too"
        );
        assert!(!why.is_empty());
    }
}

#[test]
fn every_fidelity_floor_meets_the_target() {
    let below: Vec<_> = FLOORS.iter().filter(|(_, f, _)| *f < TARGET).collect();
    assert!(below.is_empty(), "floors below {TARGET}: {below:?}");
}

/// Damage in the stored copies, repaired before scoring: (corpus file, the text as
/// stored, the text as the published letter has it, why). Each must occur in its
/// file, so the list cannot outlive the copy it describes; docs/corpus.md gives them.
/// The test prints the fidelity as stored beside the repaired one.
const REPAIRS: &[(&str, &str, &str, &str)] = &[
    (
        "dn_UNKREF-2008-12-01_Ofsted",
        "1 Freedom of Information Act 2000 (Section 50) Decision Notice 1 December 2008 Public Authority: Address: Ofsted (Office for Standards in Education) Alexandra House",
        "Freedom of Information Act 2000 (Section 50) Decision Notice Date: 1 December 2008 Public Authority: Ofsted (Office for Standards in Education) Address: Alexandra House",
        "a PDF page number left inline, the header table's labels run together ahead of their values, and the date's label lost",
    ),
    (
        "dn_UNKREF-2008-12-01_Ofsted",
        "the number of child 1\n\n2 day care places",
        "the number of child day care places",
        "the page break's page numbers, left inline",
    ),
    (
        "dn_UNKREF-2010-03-02_National-Savings-and-Investments",
        "1 Freedom of Information Act 2000 (Section 50)",
        "Freedom of Information Act 2000 (Section 50)",
        "a PDF page number the transcription left inline",
    ),
    (
        "dn_UNKREF-2010-12-09_Middlesbrough-Council",
        "1 Freedom of Information Act 2000 (Section 50)",
        "Freedom of Information Act 2000 (Section 50)",
        "a PDF page number the transcription left inline",
    ),
    (
        "dn_UNKREF-2010-12-09_Middlesbrough-Council",
        "constituency and casework needs. 1\n\n2 3. The Council",
        "constituency and casework needs. 3. The Council",
        "the page break's page numbers, left inline",
    ),
    (
        "dn_UNKREF-2010-03-02_National-Savings-and-Investments",
        "from 1 st January 1997 to 1 st November",
        "from 1st January 1997 to 1st November",
        "ordinals printed with a raised \"st\", which the transcription parts from the number",
    ),
    (
        "dn_UNKREF-2010-03-02_National-Savings-and-Investments",
        "from 1 st January 1997 up to 1 st November",
        "from 1st January 1997 up to 1st November",
        "the same, in the request",
    ),
    (
        "dn_UNKREF-2012-01-10_North-East-Lincolnshire-Council",
        "1 Freedom of Information Act 2000 (FOIA) Decision notice",
        "Freedom of Information Act 2000 (FOIA) Decision notice",
        "a PDF page number the transcription left inline (so its Status line says)",
    ),
    (
        "dn_UNKREF-2012-01-10_North-East-Lincolnshire-Council",
        "Public Authority: Address: North East Lincolnshire Council Town Hall Square",
        "Public Authority: North East Lincolnshire Council Address: Town Hall Square",
        "the transcription runs the header table's labels together ahead of their values",
    ),
    (
        "dn_UNKREF-2012-01-10_North-East-Lincolnshire-Council",
        "to the High Court 1\n\n2 (or the Court of Session",
        "to the High Court (or the Court of Session",
        "the page break's page numbers, left inline",
    ),
    (
        "dn_UNKREF-2017-09-27_Department-for-Education",
        "1 Freedom of Information Act 2000 (FOIA) Decision notice",
        "Freedom of Information Act 2000 (FOIA) Decision notice",
        "a PDF page number the transcription left inline (so its Status line says), here and below",
    ),
    (
        "dn_UNKREF-2017-09-27_Department-for-Education",
        "Request and response 1\n\n2 5. On",
        "Request and response 5. On",
        "as above",
    ),
    (
        "dn_UNKREF-2017-09-27_Department-for-Education",
        "Public Authority: Address: Department for Education Sanctuary",
        "Public Authority: Department for Education Address: Sanctuary",
        "the header table read a column at a time: both labels, then both values",
    ),
    (
        "dn_UNKREF-2015-11-25_Cornwall-Council",
        "1 Freedom of Information Act 2000 (FOIA) Decision notice",
        "Freedom of Information Act 2000 (FOIA) Decision notice",
        "a PDF page number the transcription left inline (so its Status line says), here and below",
    ),
    (
        "dn_UNKREF-2015-11-25_Cornwall-Council",
        "contempt of court. 1\n\n2 Request",
        "contempt of court.\n\nRequest",
        "as above",
    ),
    (
        "dn_UNKREF-2015-11-25_Cornwall-Council",
        "Public Authority: Address: Cornwall Council Cornwall Council County Hall",
        "Public Authority: Cornwall Council Address: Cornwall Council County Hall",
        "the header table read a column at a time: both labels, then both values",
    ),
    (
        "dn_FS50645708_North-East-Lincolnshire-Council",
        "to take any\n\nRequest and response",
        "to take any steps.\n\nRequest and response",
        "a line end the text layer dropped (so its Status line says)",
    ),
    (
        "dn_FS50645708_North-East-Lincolnshire-Council",
        "wrote to Council and",
        "wrote to the Council and",
        "a word the text layer dropped",
    ),
    (
        "dn_FS50645708_North-East-Lincolnshire-Council",
        "being\n\nReference: FS50645708\n\nwithdrawn",
        "being\n\nwithdrawn",
        "the second page's running header, in the middle of the request",
    ),
    (
        "dn_FS50652014_North-Yorkshire-Police",
        "lnformtlon Commlssloner\n",
        "",
        "the OCR of the letterhead's logo",
    ),
    (
        "dn_FS50652014_North-Yorkshire-Police",
        "Freedom of Information Act\n\n\n\nDecision notice\n\n13 December 2016\n\nPublic Authority:\n\nChief Constable of North Yorkshire Police\n\nPolice Headquarters",
        "Freedom of Information Act 2000 (FOIA)\n\nDecision notice\n\nDate: 13 December 2016\n\nPublic Authority: Chief Constable of North Yorkshire Police\n\nAddress: Police Headquarters",
        "the OCR kept the header table's values but lost the title's \"2000 (FOIA)\" and the labels \"Date:\" and \"Address:\", which every notice of this format prints (the 2012, 2015 and 2017 copies here show them)",
    ),
    (
        "dn_FS50652014_North-Yorkshire-Police",
        "[complainant's name omitted by corpus builder]\n[email address omitted by corpus builder]\n",
        "",
        "the corpus builder's notes for the addressee block of the complainant's own copy, which the published notice does not have",
    ),
    (
        "dn_FS50652014_North-Yorkshire-Police",
        "statutory time for\n\n\nThe",
        "statutory time for compliance.\n\nThe",
        "a word lost at the end of a paragraph",
    ),
    (
        "dn_FS50652014_North-Yorkshire-Police",
        "Reference: FS50652014\n\nlnformatlon Commlssloner\n",
        "",
        "the second page's running header, with the logo's OCR",
    ),
    (
        "dn_FS50652014_North-Yorkshire-Police",
        "\"WhatDoTheyKl'ow\" websitel",
        "\"WhatDoTheyKnow\" website",
        "OCR slips",
    ),
    (
        "dn_FS50652014_North-Yorkshire-Police",
        "ordered)\n\n\nThe complainant has",
        "ordered)\n\n1. The complainant has",
        "the paragraph numbers the OCR lost (so its Status line says), here and below",
    ),
    (
        "dn_FS50652014_North-Yorkshire-Police",
        "\nThe Information Commissioner's decision",
        "\n2. The Information Commissioner's decision",
        "as above",
    ),
    (
        "dn_FS50652014_North-Yorkshire-Police",
        "\nThe Commissioner requires North",
        "\n3. The Commissioner requires North",
        "as above",
    ),
    (
        "dn_FS50652014_North-Yorkshire-Police",
        "\nNorth Yorkshire Police must take",
        "\n4. North Yorkshire Police must take",
        "as above",
    ),
    (
        "dn_FS50652014_North-Yorkshire-Police",
        "\nOn 10 August 2016",
        "\n5. On 10 August 2016",
        "as above",
    ),
    (
        "dn_FS50652014_North-Yorkshire-Police",
        "\nNorth Yorkshire Police acknowledged",
        "\n6. North Yorkshire Police acknowledged",
        "as above",
    ),
    (
        "dn_FS50652014_North-Yorkshire-Police",
        "since 7st December\n",
        "since 1st December 2012:\n",
        "an OCR slip, and the year lost at the line's end as \"compliance.\" is above (the summary paragraph reads 1 December 2012)",
    ),
    (
        "rn_PSNI_FOI-13384",
        "January 22, 2025 | Organisational Information and Performance , Procedures\n",
        "",
        "the disclosure log's listing (date and categories), not the letter",
    ),
    (
        "rn_PSNI_FOI-13384",
        "Category: Policy and Procedures - Procedures\n",
        "",
        "as above",
    ),
    (
        "rn_West-Yorkshire-Police_FOI-1730525-23",
        "FOI date\nFOI reference\nFOI 1730525/23",
        "FOI reference: FOI 1730525/23",
        "the page's field labels, stored without the date's value",
    ),
    (
        "rn_Home-Office_19302-internal-review",
        "1 Dear [requester's name omitted by corpus builder]",
        "Dear Sir or Madam",
        "the corpus builder's note in place of the name (a published copy greets no one by name), and a page number",
    ),
    (
        "rn_Home-Office_19302-internal-review",
        "Our Ref: Date:",
        "Our Ref: 19302 Date:",
        "the reference's value is lost from the stored copy",
    ),
    (
        "rn_Home-Office_19302-internal-review",
        "(our ref )",
        "(our ref 19302)",
        "as above",
    ),
    (
        "rn_Home-Office_19302-internal-review",
        "further to my of",
        "further to my letter of",
        "a word lost from the stored copy",
    ),
    (
        "rn_Home-Office_19302-internal-review",
        "Information Access Team\n\n2 Internal",
        "Information Access Team\n\nInternal",
        "a page number",
    ),
    (
        "rn_Home-Office_19302-internal-review",
        "Act 2000 by [requester's name omitted by corpus builder] (reference",
        "Act 2000 (reference",
        "the corpus builder's note in place of the name, which the published copy leaves out",
    ),
];

/// Where a letter misstates the law and our rendering states it rightly: (corpus file,
/// the letter's words, the words the law requires, why). Scored as corrected, like a
/// repair, and each must occur in its file; docs/corpus.md gives them ("Legal
/// corrections"). Only a misstatement of the law belongs here, never a difference of
/// wording.
const LEGAL_CORRECTIONS: &[(&str, &str, &str, &str)] = &[(
    "rn_West-Midlands-Police_163A-23",
    "Public Interest Test (PIT) on disclosure.",
    "Public Interest Test (PIT) on confirmation or denial.",
    "the letter neither confirms nor denies, so its public interest test weighs confirming or denying (FOIA s2(1)(b), s17(3)(a)), not disclosure, as its own headings say",
)];

/// The excerpt with its listed damage repaired (and its listed misstatements of the
/// law corrected), or what is wrong with the lists.
fn repair(name: &str, excerpt: &str) -> Result<String, String> {
    let mut text = excerpt.to_string();
    for (_, stored, fixed, _) in REPAIRS
        .iter()
        .chain(LEGAL_CORRECTIONS)
        .filter(|(n, ..)| *n == name)
    {
        if !text.contains(stored) {
            return Err(format!(
                "{name}: the listed damage «{stored}» is not in the stored copy"
            ));
        }
        text = text.replacen(stored, fixed, 1);
    }
    Ok(text)
}

/// Warnings a corpus letter earns, because of what the letter itself did: (file, the
/// field warned at, words of the message, why).
const EXPECTED_WARNINGS: &[(&str, &str, &str, &str)] = &[
    (
        "rn_Warwickshire-Police_760-2025",
        "date",
        "working days after",
        "the reply was late, and apologises for it",
    ),
    (
        "rn_Ashford-and-St-Peters-Hospitals_FOI-6536",
        "advice",
        "section 16",
        "the Trust refused under section 12 without advice on narrowing the request",
    ),
    (
        "rn_0567-2017_Foreign-and-Commonwealth-Office",
        "date",
        "working days after",
        "the FCO answered on 23 October a request continued under the FOIA on 5 June",
    ),
];

// Words and word 4-grams as compared (lower case, letters and digits only, a lone
// "s" joined to the word before): the one definition, the library's, which
// `styles compare` reports with too.
use foinotice::styles_draft::compare::{corpus_grams as grams, corpus_words as words};

/// The notice text after the corpus file's `Source:` and `Status:` lines.
fn excerpt(text: &str) -> &str {
    let mut rest = text;
    for prefix in ["Source:", "Status:"] {
        if let Some(after) = rest.trim_start().strip_prefix(prefix) {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        }
    }
    rest
}

struct Score {
    fidelity: f64,
    template_share: f64,
}

fn score(excerpt: &str, rendered: &str, case_source: &str) -> Score {
    let ours: HashSet<String> = grams(&words(rendered)).into_iter().collect();
    let typed: HashSet<String> = grams(&words(case_source)).into_iter().collect();
    let theirs = grams(&words(excerpt));
    let matched: Vec<&String> = theirs.iter().filter(|g| ours.contains(*g)).collect();
    let from_templates = matched.iter().filter(|g| !typed.contains(**g)).count();
    Score {
        fidelity: matched.len() as f64 / theirs.len().max(1) as f64,
        template_share: from_templates as f64 / matched.len().max(1) as f64,
    }
}

fn cases() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(common::root().join("tests/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_corpus_case_file_passes_check_with_no_overrides() {
    for path in cases() {
        let case = foinotice::case::load(&path)
            .unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
        // What the letter itself got wrong is warned about, as it should be.
        let name = stem(&path);
        let expected: Vec<_> = EXPECTED_WARNINGS
            .iter()
            .filter(|(n, ..)| *n == name)
            .collect();
        let unexpected: Vec<_> = case
            .warnings
            .iter()
            .filter(|w| {
                !expected
                    .iter()
                    .any(|(_, field, words, _)| w.field == *field && w.message.contains(words))
            })
            .collect();
        assert!(
            unexpected.is_empty(),
            "{}: {:?}",
            path.display(),
            unexpected
        );
        for (_, field, words, _) in &expected {
            assert!(
                case.warnings
                    .iter()
                    .any(|w| w.field == *field && w.message.contains(words)),
                "{}: check should warn at `{field}` ({words})",
                path.display()
            );
        }
        common::render_text(&path);
    }
}

/// The corpus case files that still set `decision.finding` or `decision.handling`,
/// the fields that replace standard wording, each with why the standard wording cannot
/// say it yet (issue 25 asked to halve the 19 of its day; there were 28 by 6 December
/// 2026). A file that starts using either must be added here with its reason; one that
/// stops must be taken off.
const REPLACES_STANDARD_WORDING: &[(&str, &str)] = &[
    ("dn_FS50080302_East-Sussex-Hospitals-NHS-Trust", "first format (2006), partly upheld: its templates print a partly upheld finding only in the caseworker's words"),
    ("dn_FS50094891_Commonwealth-Development-Corporation", "first format (2008), partly upheld: as above"),
    ("dn_FS50101815_Central-and-Eastern-Cheshire-Primary-Care-Trust", "first format (2007), partly upheld: as above"),
    ("dn_FS50121803_Ministry-of-Justice", "first format (2009), partly upheld: as above"),
    ("dn_IC-294694-H4F4_Ministry-of-Defence", "the response is recorded as the caseworker's prose (it provided some information and withheld some under provisions the decision does not consider), so the Decision's first paragraph cannot be composed from parts"),
    ("dn_UNKREF-2017-09-27_Department-for-Education", "the response relied on sections 31, 36 and 40 named by section only, and the finding separates junior officials' personal data from the rest of the withheld information, which the findings list cannot say"),
];

#[test]
fn the_case_files_that_replace_standard_wording_are_the_listed_ones() {
    let mut using: Vec<String> = Vec::new();
    for path in cases() {
        let text = std::fs::read_to_string(&path).unwrap();
        let table: toml::Table = text.parse().unwrap();
        let decision = table.get("decision").and_then(|d| d.as_table());
        if decision.is_some_and(|d| d.contains_key("finding") || d.contains_key("handling")) {
            using.push(stem(&path));
        }
    }
    let listed: Vec<String> = REPLACES_STANDARD_WORDING
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(
        using, listed,
        "the files using decision.finding or decision.handling"
    );
    assert!(
        listed.len() * 2 <= 19,
        "more than half of the 19 of issue 25's day"
    );
}

/// The held-out third of the corpus (`tests/corpus/holdout.txt`): file stems whose
/// texts are not read while designing wording. They are scored and reported apart from
/// the rest, and have no floors (a floor would invite fitting the wording to them).
fn holdout() -> Vec<String> {
    std::fs::read_to_string(common::root().join("tests/corpus/holdout.txt"))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_holdout_is_a_third_of_each_kind_of_corpus_file_and_has_no_floors() {
    let held = holdout();
    let unique: HashSet<&String> = held.iter().collect();
    assert_eq!(
        unique.len(),
        held.len(),
        "a stem listed twice in holdout.txt"
    );
    let floored: Vec<_> = FLOORS
        .iter()
        .filter(|(n, ..)| held.iter().any(|h| h == n))
        .collect();
    assert!(floored.is_empty(), "floors for held-out files: {floored:?}");
    let Some(corpus) = common::shared("corpus") else {
        return;
    };
    let files: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".txt").map(str::to_string)
        })
        .collect();
    let missing: Vec<_> = held.iter().filter(|h| !files.contains(h)).collect();
    assert!(
        missing.is_empty(),
        "held out but not in the corpus: {missing:?}"
    );
    for kind in ["dn_", "rn_"] {
        let all = files.iter().filter(|f| f.starts_with(kind)).count();
        let out = held.iter().filter(|h| h.starts_with(kind)).count();
        // A third of each kind, rounded to the nearest: within one file of it.
        assert!(
            (3 * out).abs_diff(all) <= 3,
            "{out} of {all} {kind} files held out: not about a third"
        );
    }
    let other: Vec<_> = held
        .iter()
        .filter(|h| !h.starts_with("dn_") && !h.starts_with("rn_"))
        .collect();
    assert!(other.is_empty(), "neither dn_ nor rn_: {other:?}");
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// One table of scores, with its medians.
fn table(title: &str, rows: &[(String, Score, f64)]) -> String {
    let mut out = format!("{title} ({} excerpts)\n", rows.len());
    for (name, s, raw) in rows {
        out.push_str(&format!(
            "{name:<55} fidelity {:.3} (as stored {raw:.3})  from templates {:.3}\n",
            s.fidelity, s.template_share
        ));
    }
    out.push_str(&format!(
        "{title}: median fidelity {:.3}, median from templates {:.3}\n",
        median(rows.iter().map(|(_, s, _)| s.fidelity).collect()),
        median(rows.iter().map(|(_, s, _)| s.template_share).collect()),
    ));
    out
}

#[test]
fn corpus_notices_are_reproduced_at_their_floors() {
    let Some(corpus) = common::shared("corpus") else {
        return;
    };
    let held = holdout();
    let mut in_sample = Vec::new();
    let mut held_out = Vec::new();
    let mut failures = Vec::new();
    for path in cases() {
        let name = stem(&path);
        let original = std::fs::read_to_string(corpus.join(format!("{name}.txt")))
            .unwrap_or_else(|e| panic!("{name}: no corpus file of that name: {e}"));
        // A case summary is not notice text: its findings are compared instead.
        if original
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("Status: SUMMARY"))
        {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        // A refusal notice in the corpus is the copy its authority published.
        let rendered = common::render_published(&path);
        let raw = score(excerpt(&original), &rendered, &source);
        let repaired = match repair(&name, excerpt(&original)) {
            Ok(text) => text,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let s = score(&repaired, &rendered, &source);
        if held.contains(&name) {
            // Reported, never floored.
            held_out.push((name, s, raw.fidelity));
            continue;
        }
        let floor = FLOORS
            .iter()
            .map(|(n, f, t)| (*n, *f, *t))
            .chain(AWAITING_WORDING.iter().map(|(n, f, t, _)| (*n, *f, *t)))
            .find(|(n, ..)| *n == name);
        match floor {
            Some((_, fidelity, share)) => {
                if s.fidelity + 1e-9 < fidelity || s.template_share + 1e-9 < share {
                    failures.push(format!(
                        "{name}: fidelity {:.3} (floor {fidelity}), from templates {:.3} (floor {share})",
                        s.fidelity, s.template_share
                    ));
                }
            }
            None => failures.push(format!("{name}: no floor recorded in FLOORS")),
        }
        in_sample.push((name, s, raw.fidelity));
    }
    // Shown past the harness's capture, so that every run prints the tables.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "{}\n{}",
        table("in-sample", &in_sample),
        table("held out (no floors)", &held_out)
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Published finding lines that contradict their own summary's text, with the line the
/// summary's findings give (docs/corpus.md lists them).
const CORRECTED: &[(&str, &str, &str)] = &[
    (
        "dn_FER0550430_Unitary-Council",
        "EIR 9: Upheld EIR 12(5)(b): Partly upheld EIR 12(5)(e): Upheld EIR 14: Upheld",
        "EIR 9: Upheld EIR 12(4)(b): Partly upheld EIR 12(5)(e): Upheld EIR 14: Upheld",
    ),
    (
        "dn_FS50600505-and-FS50598230_County-Council",
        "EIR 12(4)(b): Upheld EIR 14(2): Upheld",
        "EIR 12(4)(b): Not upheld EIR 14(2): Upheld",
    ),
    (
        "dn_FS50094891_Commonwealth-Development-Corporation",
        "FOI 12: Upheld",
        "FOI 41: Upheld FOI 43: Partly upheld",
    ),
    (
        "dn_FER0579004_Unnamed-District-Council",
        "FOI 13: Not upheld EIR 12(5)(e): Partly upheld",
        "EIR 13(1): Not upheld EIR 12(5)(e): Partly upheld",
    ),
];

/// The "Section of Act/EIR & Finding" line of a published summary ("FOI 10: Upheld
/// FOI 14: Not upheld"), if it has one.
fn finding_line(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .find(|l| {
            (l.starts_with("FOI ") || l.starts_with("EIR "))
                && l[4..].starts_with(|c: char| c.is_ascii_digit())
                && l.contains(": ")
        })
        .map(str::to_string)
}

/// The findings a summary publishes in the other forms: "Section of Act/EIR & Finding:
/// FOI 10 - Complaint Upheld, EIR 12.4.b - Complaint Not upheld" (BAILII and the ICO's
/// pages to 2012) and "Decision(s) FOI 1: Upheld, FOI 40(2): Partly upheld" (the ICO's
/// pages since 2019).
fn other_finding_line(text: &str) -> Option<String> {
    text.lines().map(str::trim).find_map(|l| {
        let l = l.trim_start_matches(['-', '•', ' ']);
        l.strip_prefix("Decision(s) ")
            .or_else(|| l.split_once("Finding:").map(|(_, rest)| rest.trim()))
            .map(str::to_string)
    })
}

/// A finding line as a set of (provision, outcome), in one form whatever the
/// publisher's: the provision at the register's grain (an FOIA section; regulation
/// 12's exceptions by paragraph; any other regulation by number), the outcome without
/// "Complaint" and in lower case.
fn normal_findings(line: &str) -> std::collections::BTreeSet<(String, String)> {
    let mut starts: Vec<usize> = line
        .match_indices("FOI ")
        .chain(line.match_indices("EIR "))
        .map(|(i, _)| i)
        .collect();
    starts.sort_unstable();
    let mut out = std::collections::BTreeSet::new();
    for (k, &i) in starts.iter().enumerate() {
        let item = &line[i..starts.get(k + 1).copied().unwrap_or(line.len())];
        let item = item.trim().trim_end_matches([',', '.']);
        let (regime, rest) = item.split_at(3);
        let Some((provision, outcome)) = rest
            .split_once(" - ")
            .or_else(|| rest.split_once(" – "))
            .or_else(|| rest.split_once(": "))
        else {
            continue;
        };
        // "12.4.b", "12 3", "40(2)", "13(1)" → the numbers in order.
        let parts: Vec<&str> = provision
            .split(['.', ' ', '(', ')'])
            .filter(|p| !p.is_empty())
            .collect();
        let grain = match (regime, parts.first().copied()) {
            ("EIR", Some("12")) => parts
                .iter()
                .skip(1)
                .fold("12".to_string(), |acc, p| format!("{acc}({p})")),
            (_, Some(head)) => head.to_string(),
            _ => continue,
        };
        let outcome = outcome
            .trim()
            .to_lowercase()
            .trim_start_matches("complaint ")
            .replace("partially", "partly");
        out.insert((format!("{regime} {grain}"), outcome));
    }
    out
}

/// Summaries with no finding line: the findings their text states, as the register
/// words them (docs/corpus.md says which sentence gives each).
const STATED: &[(&str, &str)] = &[
    (
        "dn_FS50101815_Central-and-Eastern-Cheshire-Primary-Care-Trust",
        "FOI 1: Upheld FOI 17: Upheld FOI 40: Partly upheld",
    ),
    (
        "dn_FS50102203_Western-Cheshire-NHS-Primary-Care-Trust",
        "FOI 40: Not upheld FOI 10: Upheld FOI 17: Upheld",
    ),
    (
        "dn_FS50192677_Ministry-of-Defence",
        "FOI 24: Not upheld FOI 26: Not upheld FOI 17: Upheld",
    ),
    (
        "dn_FS50567838_Ministry-of-Defence",
        "FOI 21: Partly upheld FOI 30: Not upheld FOI 31: Not upheld FOI 35: Partly upheld FOI 36: Not upheld FOI 40: Partly upheld FOI 42: Not upheld FOI 17: Upheld",
    ),
    (
        "dn_FS50707380_Department-of-Health-and-Social-Care",
        "FOI 35: Complaint not upheld",
    ),
    (
        "dn_UNKREF-2012-01-10_North-East-Lincolnshire-Council",
        "FOI 12: Not upheld FOI 14: Upheld FOI 16: Upheld",
    ),
    (
        "dn_FS50080302_East-Sussex-Hospitals-NHS-Trust",
        "FOI 1: Upheld FOI 10: Upheld FOI 17: Upheld FOI 40: Partly upheld",
    ),
    (
        "dn_UNKREF-2012-10-29_Northumberland-County-Council",
        "FOI 43: Not upheld",
    ),
];

#[test]
fn every_decision_notice_of_the_corpus_has_a_case_file() {
    let Some(corpus) = common::shared("corpus") else {
        return;
    };
    let mut missing = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".txt") else {
            continue;
        };
        if !stem.starts_with("dn_") {
            continue;
        }
        count += 1;
        if !common::root()
            .join(format!("tests/corpus/{stem}.toml"))
            .exists()
        {
            missing.push(stem.to_string());
        }
    }
    assert!(count >= 54, "only {count} decision notices in the corpus");
    assert!(missing.is_empty(), "no case file for: {missing:?}");
}

/// The register entry's finding line of a decision notice's case file.
fn register_line(path: &Path) -> String {
    let case =
        foinotice::case::load(path).unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    match &case.notice {
        foinotice::facts::Notice::Decision(d) => foinotice::register::entry(d).line,
        _ => panic!("{} is not a decision notice", path.display()),
    }
}

#[test]
fn register_entries_express_every_summarys_findings() {
    let Some(corpus) = common::shared("corpus") else {
        return;
    };
    let mut compared = 0;
    for path in cases() {
        let name = stem(&path);
        let original = std::fs::read_to_string(corpus.join(format!("{name}.txt"))).unwrap();
        if finding_line(&original).is_some() || !name.starts_with("dn_") {
            continue; // compared word for word below
        }
        let stated = STATED.iter().find(|(n, _)| *n == name).map(|(_, l)| *l);
        let expected = match (other_finding_line(&original), stated) {
            (Some(line), None) => line,
            (None, Some(line)) => line.to_string(),
            (Some(_), Some(_)) => panic!("{name}: a finding line and a STATED entry"),
            (None, None) if original.contains("Status: SUMMARY") => {
                panic!("{name}: a summary with no finding line and no STATED entry")
            }
            (None, None) => continue,
        };
        let entry = register_line(&path);
        assert_eq!(
            normal_findings(&entry),
            normal_findings(&expected),
            "{name}: the register entry `{entry}` against `{expected}`"
        );
        if let Some(line) = stated {
            assert_eq!(entry, line, "{name}");
        }
        compared += 1;
    }
    assert!(compared >= 24, "only {compared} summaries compared");
}

#[test]
fn the_published_forms_of_a_finding_line_compare_alike() {
    let a = normal_findings(
        "EIR 12.4.b - Complaint Not upheld, EIR 14 - Complaint Upheld, EIR 14 - Complaint Upheld",
    );
    let b = normal_findings("EIR 12(4)(b): Not upheld EIR 14: Complaint upheld");
    assert_eq!(a, b);
    assert_eq!(a.len(), 2);
    assert_eq!(
        normal_findings("FOI 1: Upheld, FOI 40(2): Partly upheld, EIR 12 3: Not upheld"),
        normal_findings(
            "FOI 1: Complaint upheld FOI 40: Complaint partially upheld EIR 12(3): Not upheld"
        ),
    );
    // A different outcome or provision does not compare alike.
    assert_ne!(
        normal_findings("FOI 43 – Complaint Upheld"),
        normal_findings("FOI 43: Not upheld")
    );
    assert_ne!(
        normal_findings("EIR 12.5.e - Complaint Not upheld"),
        normal_findings("EIR 12(5)(b): Not upheld")
    );
}

#[test]
fn register_entries_equal_the_published_finding_lines() {
    let Some(corpus) = common::shared("corpus") else {
        return;
    };
    let mut compared = 0;
    for path in cases() {
        let name = stem(&path);
        let original = std::fs::read_to_string(corpus.join(format!("{name}.txt"))).unwrap();
        let Some(line) = finding_line(&original) else {
            continue;
        };
        let expected = CORRECTED
            .iter()
            .find(|(n, published, _)| *n == name && *published == line)
            .map_or(line.as_str(), |(_, _, corrected)| *corrected);
        assert_eq!(register_line(&path), expected, "{name}");
        compared += 1;
    }
    assert!(compared >= 20, "only {compared} summaries compared");
}

#[test]
fn the_score_counts_shared_four_word_runs() {
    let s = score(
        "The Commissioner's decision is that the council breached section 10(1).",
        "The Commissioner’s decision is that the council breached section 10(1) of the FOIA.",
        "",
    );
    assert!((s.fidelity - 1.0).abs() < 1e-9);
    assert!((s.template_share - 1.0).abs() < 1e-9);
    // Of the two runs, one is reproduced, and it is not in the case file.
    let s = score(
        "one two three four five",
        "one two three four",
        "two three four five",
    );
    assert!((s.fidelity - 0.5).abs() < 1e-9);
    assert!((s.template_share - 1.0).abs() < 1e-9);
    // Reproduced only because the case file holds it: no share for the templates.
    let s = score(
        "one two three four",
        "one two three four",
        "one two three four",
    );
    assert!((s.fidelity - 1.0).abs() < 1e-9 && s.template_share.abs() < 1e-9);
}
