//! The PDFs, read back with lopdf: the text layer, the margins, footnote placement,
//! the outline and determinism, for every example and for random paragraphs.

mod common;

use common::pdfread::{self, Run};
use foinotice::model::{Block, Document, Inline, Meta, Style};
use foinotice::templates::Templates;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const MM: f32 = 72.0 / 25.4;
const LEFT: f32 = 25.0 * MM;
const RIGHT: f32 = 210.0 * MM - 25.0 * MM;
/// Body text is 11 pt; footnotes and the footer are 8.5 pt; markers are 0.65 of those.
const BODY_MARKER: f32 = 11.0 * 0.65;
const NOTE_MARKER: f32 = 8.5 * 0.65;

fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(common::root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

fn document(path: &Path) -> Document {
    let case =
        foinotice::case::load(path).unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    foinotice::notice::document(&case, &Templates::load(None).unwrap()).unwrap()
}

fn pdf(doc: &Document) -> Vec<u8> {
    foinotice::render::pdf::render(&Default::default(), doc).unwrap()
}

fn near(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.01
}

/// Runs of the body: not the footnotes or the running footer (8.5 pt), but the body's
/// footnote markers.
fn body(runs: &[Run]) -> Vec<&Run> {
    runs.iter()
        .filter(|r| r.size > 9.0 || (r.font == "F5" && near(r.size, BODY_MARKER)))
        .collect()
}

/// The characters that carry the wording: no whitespace, no emphasis asterisks, no
/// hyphens (line-end hyphens differ), no bullets.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '-' | '•' | '\u{00AD}'))
        .collect()
}

#[test]
fn text_layer_has_the_text_renderers_words_in_order() {
    for path in examples() {
        let doc = document(&path);
        // The notice as printed: typographic quotes.
        let text = foinotice::render::text::render(&foinotice::model::typographic(&doc));
        // The text renderer's body: after its reference line, before its footnotes.
        let body_text = text
            .split_once('\n')
            .map_or(text.as_str(), |(_, rest)| rest)
            .split("\n________________\n")
            .next()
            .unwrap();
        let runs = pdfread::runs(&pdf(&doc));
        let pdf_text: String = body(&runs).iter().map(|r| r.text.as_str()).collect();
        let (want, got) = (letters(body_text), letters(&pdf_text));
        if want != got {
            let at = want
                .chars()
                .zip(got.chars())
                .position(|(a, b)| a != b)
                .unwrap_or(want.len().min(got.len()));
            let show = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(40))
                    .take(80)
                    .collect::<String>()
            };
            panic!(
                "{}: the PDF's text differs from the text renderer's at character {at}\ntext: {}\npdf:  {}",
                path.display(),
                show(&want),
                show(&got)
            );
        }
    }
}

#[test]
fn case_references_copy_with_superscript_markers() {
    let doc = document(&common::root().join("examples/decision-notice-cambridgeshire.toml"));
    let runs = pdfread::runs(&pdf(&doc));
    let text: String = body(&runs).iter().map(|r| r.text.as_str()).collect();
    assert!(text.contains("FS50739797¹."), "{text}");
    assert!(!text.contains("FS507397971"));
    // The footnotes themselves open with their superscript number.
    let note_markers: Vec<&str> = runs
        .iter()
        .filter(|r| r.font == "F5" && near(r.size, NOTE_MARKER))
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(note_markers, ["¹", "²", "³", "⁴", "⁵", "⁶", "⁷"]);
}

/// The first run that goes past a margin, described.
fn past_the_margins(runs: &[Run]) -> Option<String> {
    runs.iter()
        .find(|r| r.x < LEFT - 0.01 || r.x + r.width > RIGHT + 0.01)
        .map(|r| {
            format!(
                "page {} run {:?} at x {:.2}, width {:.2} (margins {LEFT:.2}–{RIGHT:.2})",
                r.page + 1,
                r.text,
                r.x,
                r.width
            )
        })
}

#[test]
fn nothing_is_drawn_outside_the_margins() {
    for path in examples() {
        let past = past_the_margins(&pdfread::runs(&pdf(&document(&path))));
        assert!(past.is_none(), "{}: {}", path.display(), past.unwrap());
    }
}

#[test]
fn every_footnote_starts_on_its_markers_page_and_examples_never_split_one() {
    for path in examples() {
        let doc = document(&path);
        let runs = pdfread::runs(&pdf(&doc));
        let pages = runs.iter().map(|r| r.page).max().unwrap_or(0) + 1;
        let mut seen = 0;
        for p in 0..pages {
            let marks = |size: f32| -> Vec<String> {
                let mut v: Vec<String> = runs
                    .iter()
                    .filter(|r| r.page == p && r.font == "F5" && near(r.size, size))
                    .map(|r| r.text.clone())
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            assert_eq!(
                marks(BODY_MARKER),
                marks(NOTE_MARKER),
                "{} page {}",
                path.display(),
                p + 1
            );
            seen += marks(NOTE_MARKER).len();
        }
        assert_eq!(seen, doc.footnotes.len(), "{}", path.display());
        // The examples' notes all fit: no page's notes begin with a carried-over line
        // (a note line above the page's first marker).
        for p in 0..pages {
            let first_note = note_lines(&runs, p).first().map(|l| l.1.clone());
            if let Some(text) = first_note {
                assert!(
                    doc.footnotes
                        .iter()
                        .any(|f| text.starts_with(&foinotice::model::superscript(f.number))),
                    "{} page {}: a carried note line “{text}”",
                    path.display(),
                    p + 1
                );
            }
        }
    }
}

/// The footnote lines of a page, top to bottom: (baseline, text including markers).
fn note_lines(runs: &[Run], page: usize) -> Vec<(f32, String)> {
    let mut lines: Vec<(f32, String)> = Vec::new();
    // Between the running footer and the running header (a decision notice's
    // reference, at the top of the page).
    let in_note = |r: &&Run| {
        r.page == page
            && r.size < 9.0
            && !near(r.size, BODY_MARKER)
            && r.y > 15.0 * MM
            && r.y < 270.0 * MM
    };
    for r in runs.iter().filter(in_note) {
        // A marker is raised above its line's baseline.
        let base = if r.font == "F5" {
            r.y - 8.5 * 0.36
        } else {
            r.y
        };
        match lines.iter_mut().find(|l| near(l.0, base)) {
            Some(l) => l.1.push_str(&r.text),
            None => lines.push((base, r.text.clone())),
        }
    }
    lines.sort_by(|a, b| b.0.total_cmp(&a.0));
    lines
}

/// Filler paragraphs, then one whose footnote has `words` words.
fn long_note_doc(fillers: usize, words: usize) -> Document {
    let filler: Vec<String> =
        "The Commissioner has considered the request and the response in full"
            .split(' ')
            .map(String::from)
            .collect();
    let mut doc = paragraph_doc(vec![filler; fillers + 1], vec![]);
    let mut text = vec![Inline::Text {
        text: "The request is identical to the lead case".into(),
        style: Style::default(),
    }];
    text.push(Inline::FootnoteRef(1));
    doc.blocks.push(Block::Paragraph {
        number: Some(fillers as u32 + 2),
        text,
    });
    doc.blocks.push(Block::Paragraph {
        number: Some(fillers as u32 + 3),
        text: vec![Inline::Text {
            text: "A paragraph after the marker.".into(),
            style: Style::default(),
        }],
    });
    let refs: Vec<String> = (1..=words).map(|i| format!("IOT-2018-{i:04}")).collect();
    doc.footnotes.push(foinotice::model::Footnote {
        number: 1,
        text: vec![Inline::Text {
            text: refs.join(", "),
            style: Style::default(),
        }],
    });
    doc
}

#[test]
fn a_footnote_longer_than_a_page_is_split_and_carried_without_overlap() {
    let doc = long_note_doc(3, 1000);
    let runs = pdfread::runs(&pdf(&doc));
    let pages = runs.iter().map(|r| r.page).max().unwrap() + 1;
    let mut carried = String::new();
    let mut pages_with_note = 0;
    for p in 0..pages {
        let notes = note_lines(&runs, p);
        let lowest_body = runs
            .iter()
            .filter(|r| r.page == p && r.size > 9.0)
            .map(|r| r.y)
            .fold(f32::INFINITY, f32::min);
        if let Some((top, _)) = notes.first() {
            pages_with_note += 1;
            // The note area (its top line's ascent and the rule above it) lies
            // below the body's lowest line.
            assert!(
                lowest_body - 11.0 > top + 8.5 + 4.0,
                "page {}: body at {lowest_body:.1}, notes up to {top:.1}",
                p + 1
            );
        }
        for r in runs.iter().filter(|r| r.page == p) {
            assert!(r.y >= 10.0 * MM && r.y <= 297.0 * MM - 20.0 * MM, "{r:?}");
        }
        for (_, t) in notes {
            carried.push_str(&t);
        }
    }
    assert!(
        pages_with_note >= 2,
        "the note spans {pages_with_note} page(s)"
    );
    let refs: String = (1..=1000).map(|i| format!("IOT-2018-{i:04},")).collect();
    assert_eq!(
        letters(&carried).trim_end_matches(','),
        letters(&format!("¹{refs}")).trim_end_matches(','),
        "the note reads whole, in order, across its pages"
    );
}

#[test]
fn a_footnote_is_carried_over_only_when_it_must_be() {
    // Moving the marker down the page a paragraph at a time brings it to the foot,
    // where its 12-line note no longer fits whole.
    let mut splits = 0;
    for fillers in 20..40 {
        let doc = long_note_doc(fillers, 90);
        let runs = pdfread::runs(&pdf(&doc));
        let marker_page = runs
            .iter()
            .find(|r| r.font == "F5" && near(r.size, BODY_MARKER))
            .unwrap()
            .page;
        let here = note_lines(&runs, marker_page);
        let next = note_lines(&runs, marker_page + 1);
        let total = here.len() + next.len();
        if next.is_empty() {
            continue;
        }
        splits += 1;
        // Split: at least two lines with the marker, at least two carried...
        assert!(
            here.len() >= 2 && next.len() >= 2,
            "{fillers}: {} + {}",
            here.len(),
            next.len()
        );
        // ...and only as much as must be: the marker's page is full, the space left
        // between the body's last line and the notes (the rule's 12 pt and a line's
        // 10.5 pt above the first note line) less than the two lines a carried part
        // must have at least.
        let lowest_body = runs
            .iter()
            .filter(|r| r.page == marker_page && r.size > 9.0)
            .map(|r| r.y)
            .fold(f32::INFINITY, f32::min);
        let free = lowest_body - (here[0].0 + 10.5 + 12.0);
        assert!(
            (0.0..2.0 * 10.5).contains(&free),
            "{fillers}: {free:.1} pt free, yet {} of {total} lines carried",
            next.len()
        );
    }
    assert!(splits > 0, "no position split the note");
}

#[test]
fn outline_lists_the_headings_in_document_order() {
    for path in examples() {
        let doc = document(&path);
        let want: Vec<String> = foinotice::model::typographic(&doc)
            .headings()
            .map(|(_, t)| t)
            .collect();
        assert!(!want.is_empty());
        assert_eq!(pdfread::outline(&pdf(&doc)), want, "{}", path.display());
    }
}

#[test]
fn metadata_names_the_notice() {
    let doc = document(&common::root().join("examples/decision-notice-cambridgeshire.toml"));
    let bytes = pdf(&doc);
    let lo = lopdf::Document::load_mem(&bytes).unwrap();
    let info = lo
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|r| lo.get_dictionary(r))
        .unwrap();
    let text = |k: &[u8]| match info.get(k).unwrap() {
        lopdf::Object::String(b, _) => {
            let units: Vec<u16> = b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        }
        o => panic!("{o:?}"),
    };
    assert_eq!(text(b"Author"), "Information Commissioner's Office");
    assert_eq!(text(b"Keywords"), "FS50740163");
    assert!(
        matches!(info.get(b"CreationDate").unwrap(), lopdf::Object::String(d, _) if d == b"D:20180920000000Z")
    );
    let catalog = lo.catalog().unwrap();
    assert!(matches!(catalog.get(b"Lang").unwrap(), lopdf::Object::String(l, _) if l == b"en-GB"));
    assert!(!String::from_utf8_lossy(&bytes).contains("GTS_PDFXVersion"));
}

#[test]
fn same_case_same_bytes_across_runs_and_threads() {
    let doc = document(&common::root().join("examples/decision-notice-lead.toml"));
    let first = pdf(&doc);
    assert_eq!(first, pdf(&doc));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let doc = doc.clone();
            std::thread::spawn(move || pdf(&doc))
        })
        .collect();
    for h in handles {
        assert!(h.join().unwrap() == first, "a thread made different bytes");
    }
}

#[test]
fn same_case_same_bytes_across_processes() {
    let base = common::scratch("det");
    let mut outputs = Vec::new();
    for run in ["a", "b"] {
        let out = base.join(run);
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_foinotice"))
            .current_dir(common::root())
            .args([
                "render",
                "examples/decision-notice-cambridgeshire.toml",
                "--format",
                "pdf",
                "--out",
            ])
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        outputs.push(std::fs::read(out.join("decision-notice-cambridgeshire.pdf")).unwrap());
    }
    assert!(
        outputs[0] == outputs[1],
        "two processes made different PDFs"
    );
}

#[test]
fn fonts_are_subset_and_small() {
    let bytes = pdf(&document(
        &common::root().join("examples/refusal-notice-west-midlands.toml"),
    ));
    // Every font is named with a six-letter subset tag (read through the object
    // streams the fonts' dictionaries are kept in).
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"Font".as_slice()))
        .filter_map(|d| d.get(b"BaseFont").and_then(|n| n.as_name()).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    assert!(names.len() >= 2, "{names:?}");
    for n in &names {
        let (tag, face) = n
            .split_once('+')
            .unwrap_or_else(|| panic!("{n} has no subset tag"));
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{n}"
        );
        assert!(face.starts_with("LiberationSans"), "{n}");
    }
    assert!(bytes.len() < 60_000, "{} bytes", bytes.len());
}

/// Words drawn from what the fonts cover: English, Welsh, typographic punctuation, long
/// URLs and references, and footnote markers.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-zA-Z]{1,12}",
        1 => "[ŵŷâêîôûŴŶÂ]{1,4}[a-z]{0,6}",
        1 => prop::sample::select(vec!["“quoted”", "‘single’", "–", "—", "…", "£450", "section 31(3)", "FS50739797", "Cymru’n"]).prop_map(String::from),
        1 => "https://[a-z]{5,30}\\.example/[a-z0-9/-]{10,90}",
        1 => "[a-z]{20,60}",
    ]
}

fn paragraph_doc(paragraphs: Vec<Vec<String>>, notes: Vec<bool>) -> Document {
    let mut doc = Document {
        meta: Meta {
            title: "Property".into(),
            footer: "Reference: TEST".into(),
            language: "en-GB".into(),
            ..Meta::default()
        },
        ..Document::default()
    };
    let mut n = 0;
    for (i, words) in paragraphs.into_iter().enumerate() {
        let mut inlines = vec![Inline::Text {
            text: words.join(" "),
            style: Style::default(),
        }];
        if notes.get(i).copied().unwrap_or(false) {
            n += 1;
            inlines.push(Inline::FootnoteRef(n));
            doc.footnotes.push(foinotice::model::Footnote {
                number: n,
                text: vec![Inline::Text {
                    text: format!(
                        "Note {n} https://example.org/a/very/long/path/that/needs/breaking/{n}"
                    ),
                    style: Style::default(),
                }],
            });
        }
        doc.blocks.push(Block::Paragraph {
            number: Some(i as u32 + 1),
            text: inlines,
        });
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_paragraphs_never_panic_or_overflow(
        paragraphs in prop::collection::vec(prop::collection::vec(word(), 1..80), 1..12),
        notes in prop::collection::vec(any::<bool>(), 0..12),
    ) {
        let doc = paragraph_doc(paragraphs, notes);
        let bytes = foinotice::render::pdf::render(&Default::default(), &doc).unwrap();
        let past = past_the_margins(&pdfread::runs(&bytes));
        prop_assert!(past.is_none(), "{}", past.unwrap_or_default());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Paragraphs long enough to be broken first-fit, with links, long words, digits
    /// and footnote markers among their words.
    #[test]
    fn long_random_paragraphs_keep_their_words_within_the_margins(
        paragraphs in prop::collection::vec(prop::collection::vec(word(), 601..800), 1..3),
        notes in prop::collection::vec(any::<bool>(), 0..3),
    ) {
        let want: String = paragraphs.iter().flatten().map(|w| letters(w)).collect();
        let doc = paragraph_doc(paragraphs, notes);
        let runs = pdfread::runs(&foinotice::render::pdf::render(&Default::default(), &doc).unwrap());
        let past = past_the_margins(&runs);
        prop_assert!(past.is_none(), "{}", past.unwrap_or_default());
        let got: String = body(&runs)
            .iter()
            .filter(|r| r.x > LEFT + 10.0 * MM - 0.5 && r.font != "F5")
            .map(|r| letters(&r.text))
            .collect();
        prop_assert_eq!(letters(&got), want);
    }
}

/// Natural word space of Liberation Sans at 11 pt (569 of 2048 units).
const SPACE: f32 = 11.0 * 569.0 / 2048.0;

/// Gaps between consecutive body-size runs on one line, skipping paragraph numbers,
/// field labels and bullets (set apart by the layout, not by a word space).
fn gaps(runs: &[Run]) -> Vec<(f32, String)> {
    let mut out = Vec::new();
    for w in runs.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let same_line = a.page == b.page && near(a.y, b.y);
        let body = |r: &Run| near(r.size, 11.0) && r.font != "F5";
        // A header row's label ("Public Authority:") ends in its column, before the
        // value's.
        let label = a.text.ends_with(':') && a.x < LEFT + 38.0 * MM - 0.5;
        if same_line
            && body(a)
            && body(b)
            && a.x > LEFT + 10.0 * MM - 0.5
            && a.text != "•"
            && !label
        {
            out.push((b.x - (a.x + a.width), format!("{} | {}", a.text, b.text)));
        }
    }
    out
}

#[test]
fn justified_word_spaces_stay_within_twice_their_width() {
    let (mut all_flush, mut all_total) = (0, 0);
    for path in examples() {
        let runs = pdfread::runs(&pdf(&document(&path)));
        for (gap, at) in gaps(&runs) {
            assert!(
                gap <= 2.0 * SPACE + 0.1,
                "{}: a {gap:.2} pt gap (limit {:.2}) at {at}",
                path.display(),
                2.0 * SPACE
            );
        }
        // And body lines are justified: many 11 pt lines end exactly at the margin
        // (headers, addresses and paragraphs' last lines are ragged, and a short notice
        // has more of those: a quarter at least in each, a third over them all).
        let (flush, total) = flush_lines(&runs);
        assert!(
            flush * 4 >= total,
            "{}: {flush} of {total} lines flush right",
            path.display()
        );
        all_flush += flush;
        all_total += total;
    }
    assert!(
        all_flush * 3 >= all_total,
        "{all_flush} of {all_total} lines flush right"
    );
}

#[test]
fn a_paragraph_too_long_for_total_fit_is_filled_line_by_line_in_order() {
    // 1,000 words of 1 to 12 letters (more than the renderer sets total-fit), in a
    // fixed pseudo-random order.
    let mut seed = 7u32;
    let words: Vec<String> = (0..1000)
        .map(|i| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let len = 1 + (seed >> 16) as usize % 12;
            let c = (b'a' + (i % 26) as u8) as char;
            c.to_string().repeat(len)
        })
        .collect();
    let doc = paragraph_doc(vec![words.clone()], vec![]);
    let runs = pdfread::runs(&pdf(&doc));
    let text: Vec<&Run> = body(&runs)
        .into_iter()
        .filter(|r| r.x > LEFT + 10.0 * MM - 0.5)
        .collect();
    let got: String = text.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        letters(&got),
        letters(&words.concat()),
        "words lost or reordered"
    );
    // Lines in reading order, each as its runs.
    let mut lines: Vec<Vec<&Run>> = Vec::new();
    for r in text {
        match lines.last_mut() {
            Some(l) if l[0].page == r.page && near(l[0].y, r.y) => l.push(r),
            _ => lines.push(vec![r]),
        }
    }
    assert!(lines.len() > 50, "{} lines", lines.len());
    // Every line but the last is full: the next line's first word would not have
    // fitted after it even with every space shrunk to two thirds of its width.
    let measure = RIGHT - (LEFT + 10.0 * MM);
    for (i, pair) in lines.windows(2).enumerate() {
        let (line, next) = (&pair[0], &pair[1]);
        let words: f32 = line.iter().map(|r| r.width).sum::<f32>() + next[0].width;
        let spaces = line.len() as f32 * SPACE * 2.0 / 3.0;
        assert!(
            words + spaces > measure - 0.5,
            "line {i} ({} words) had room for {:?}: {:.1} of {measure:.1} pt",
            line.len(),
            next[0].text,
            words + spaces
        );
        let end = line.last().map(|r| r.x + r.width).unwrap();
        assert!(end <= RIGHT + 0.01, "line {i} ends at {end:.2}");
    }
}

/// How many 11 pt lines end exactly at the right margin, of how many.
fn flush_lines(runs: &[Run]) -> (usize, usize) {
    let mut ends: Vec<(usize, i32, f32)> = Vec::new();
    for r in runs.iter().filter(|r| near(r.size, 11.0)) {
        let end = r.x + r.width;
        let key = (r.page, (r.y * 10.0) as i32);
        match ends.iter_mut().find(|e| (e.0, e.1) == key) {
            Some(e) => e.2 = e.2.max(end),
            None => ends.push((key.0, key.1, end)),
        }
    }
    let flush = ends.iter().filter(|e| (e.2 - RIGHT).abs() < 0.05).count();
    (flush, ends.len())
}

#[test]
fn ragged_setting_keeps_natural_word_spaces() {
    let mut doc = document(&common::root().join("examples/decision-notice-lead.toml"));
    doc.meta.ragged = true;
    let runs = pdfread::runs(&pdf(&doc));
    let (flush, total) = flush_lines(&runs);
    assert!(
        flush * 10 < total,
        "ragged, yet {flush} of {total} lines end at the margin"
    );
    for (gap, at) in gaps(&runs) {
        // Widths read back from /W are rounded to 1/1000 em, hence the allowance.
        assert!(gap <= SPACE + 0.1, "a {gap:.2} pt gap at {at}");
    }
}

#[test]
fn footnote_urls_are_links() {
    let doc = document(&common::root().join("examples/decision-notice-cambridgeshire.toml"));
    let bytes = pdf(&doc);
    let lo = lopdf::Document::load_mem(&bytes).unwrap();
    let mut uris = Vec::new();
    for (_, page) in lo.get_pages() {
        let page = lo.get_dictionary(page).unwrap();
        if let Ok(lopdf::Object::Array(annots)) = page.get(b"Annots") {
            for a in annots {
                let a = lo.get_dictionary(a.as_reference().unwrap()).unwrap();
                // One action per URL, shared by the annotations that show it.
                let action = lo
                    .get_dictionary(a.get(b"A").unwrap().as_reference().unwrap())
                    .unwrap();
                if let lopdf::Object::String(u, _) = action.get(b"URI").unwrap() {
                    uris.push(String::from_utf8(u.clone()).unwrap());
                }
            }
        }
    }
    uris.dedup();
    assert_eq!(uris.len(), 4, "{uris:?}");
    assert!(uris.iter().all(|u| u.starts_with("https://")), "{uris:?}");
}

#[test]
fn case_references_are_never_split_across_lines() {
    for path in examples() {
        for r in pdfread::runs(&pdf(&document(&path))) {
            if let Some(i) = r.text.find("FS5") {
                let digits = r.text[i + 2..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .count();
                assert_eq!(
                    digits,
                    8,
                    "{}: a split reference in {:?}",
                    path.display(),
                    r.text
                );
            }
        }
    }
}

/// Advances in Liberation Sans Regular, in font units of 2048 to the em.
const ADVANCE_A: f32 = 1366.0;
const ADVANCE_V: f32 = 1366.0;
const ADVANCE_T: f32 = 1251.0;

#[test]
fn kerning_pairs_are_drawn_closer_and_measured_as_drawn() {
    // "AVATAVA": every neighbouring pair (A V, V A, A T, T A) kerns in Liberation Sans;
    // "mini" has no kerning pair at all.
    let doc = paragraph_doc(vec![vec!["AVATAVA".into(), "mini".into()]], vec![]);
    let runs = pdfread::runs(&pdf(&doc));
    let word = runs.iter().find(|r| r.text == "AVATAVA").expect("the word");
    // Unkerned, A V A T A V A is four As, two Vs and a T.
    let plain = (4.0 * ADVANCE_A + 2.0 * ADVANCE_V + ADVANCE_T) / 2048.0 * 11.0;
    assert!(
        word.width < plain - 2.0,
        "kerned {:.2} pt against {plain:.2} pt unkerned",
        word.width
    );
    // The next word starts one natural space after the kerned word ends: where the
    // layout measured the word is where the viewer draws it.
    let next = runs
        .iter()
        .find(|r| r.text == "mini")
        .expect("the next word");
    let gap = next.x - (word.x + word.width);
    assert!(
        (gap - 11.0 * 569.0 / 2048.0).abs() < 0.05,
        "gap {gap:.3} pt after the kerned word"
    );
}

#[test]
fn a_character_the_fonts_lack_is_reported_with_its_place_before_drawing() {
    let mut doc = paragraph_doc(
        vec![
            vec!["Plain words.".into()],
            vec!["The authority wrote 漢字 in its reply.".into()],
        ],
        vec![false, false],
    );
    let err = foinotice::render::pdf::render(&Default::default(), &doc)
        .unwrap_err()
        .to_string();
    assert!(err.contains("U+6F22"), "{err}");
    assert!(err.contains("paragraph 2"), "{err}");
    assert!(err.contains("wrote 漢字 in"), "{err}");
    assert!(err.contains("help:"), "{err}");
    // A footnote and the running footer are checked as well, and named.
    doc.blocks.truncate(1);
    doc.footnotes.push(foinotice::model::Footnote {
        number: 1,
        text: vec![Inline::Text {
            text: "See ✈ above.".into(),
            style: Style::default(),
        }],
    });
    let err = foinotice::render::pdf::render(&Default::default(), &doc)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("footnote 1") && err.contains("U+2708"),
        "{err}"
    );
    doc.footnotes.clear();
    doc.meta.footer = "Reference: ✈".into();
    let err = foinotice::render::pdf::render(&Default::default(), &doc)
        .unwrap_err()
        .to_string();
    assert!(err.contains("running footer"), "{err}");
}

#[test]
fn every_glyph_drawn_is_in_its_subset_whatever_face_sets_it() {
    // Non-ASCII characters in each face: in the body, in italics, in a bold title, in
    // a label, in a footnote and in the footer. A glyph missing from its subset reads
    // back as nothing (or U+FFFD), so the text layer shows it.
    let mut doc = paragraph_doc(vec![vec!["Café – “naïve” £5".into()]], vec![true]);
    doc.blocks.insert(
        0,
        Block::Title(vec![Inline::Text {
            text: "Hysbysiad penderfyniad – Ŵyl".into(),
            style: Style::default(),
        }]),
    );
    doc.blocks.push(Block::Paragraph {
        number: None,
        text: vec![Inline::Text {
            text: "Gŵyl Dewi ŷ".into(),
            style: Style {
                italic: true,
                ..Default::default()
            },
        }],
    });
    doc.blocks.push(Block::Fields(vec![foinotice::model::Field {
        label: "Dyddiad – ê".into(),
        value: vec![Inline::Text {
            text: "1 Mawrth".into(),
            style: Style::default(),
        }],
    }]));
    doc.blocks.push(Block::List(vec![vec![Inline::Text {
        text: "item".into(),
        style: Style::default(),
    }]]));
    doc.meta.footer = "Cyfeirnod: FS50739797 – ô".into();
    let text: String = pdfread::runs(&pdf(&doc))
        .iter()
        .map(|r| r.text.clone())
        .collect();
    for expected in [
        "Café",
        "–",
        "“naïve”",
        "£5",
        "Ŵyl",
        "Gŵyl",
        "ŷ",
        "Dyddiad",
        "ê:",
        "•",
        "ô",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text:?}");
    }
    assert!(!text.contains('\u{FFFD}'), "{text:?}");
}

/// The renderer remembers paragraphs, words and drawn lines per thread. A notice must
/// come out the same whatever that thread set before it, including notices whose fonts
/// were subset differently (so the same line draws with other glyph codes).
#[test]
fn a_notice_renders_the_same_after_other_notices_warm_the_caches() {
    let mut lead = document(&common::root().join("examples/decision-notice-lead.toml"));
    // A line with a glyph that sorts after 'Ä' in the font, so that adding 'Ä' to the
    // subset changes the line's glyph codes.
    lead.blocks.push(Block::Paragraph {
        number: None,
        text: vec![Inline::Text {
            text: "The authority’s reply – in full.".into(),
            style: Style::default(),
        }],
    });
    let mut follower =
        document(&common::root().join("examples/decision-notice-cambridgeshire.toml"));
    // A family's reference list, long enough to be set first-fit line by line, whose
    // lines are shared between notices: the follower's lacks one reference, so its
    // lines after that one are shifted.
    let references = |skip: usize| Block::Paragraph {
        number: None,
        text: vec![Inline::Text {
            text: (0..1000)
                .filter(|&i| i != skip)
                .map(|i| format!("FS5{i:07}"))
                .collect::<Vec<_>>()
                .join(", "),
            style: Style::default(),
        }],
    };
    lead.blocks.push(references(usize::MAX));
    follower.blocks.push(references(500));
    // The same paragraphs with one more character in the regular face's subset.
    let mut welsh = lead.clone();
    welsh.meta.footer = format!("{} – Äpfel Gŵyl", welsh.meta.footer);
    let fresh = |doc: &Document| {
        let doc = doc.clone();
        std::thread::spawn(move || pdf(&doc)).join().unwrap()
    };
    let expected = [fresh(&lead), fresh(&follower), fresh(&welsh)];
    assert!(
        expected[0] != expected[2],
        "the footer change made no difference"
    );
    for order in [[0, 1, 2], [2, 0, 1], [1, 2, 0], [0, 2, 0]] {
        for i in order {
            let doc = [&lead, &follower, &welsh][i];
            assert!(
                pdf(doc) == expected[i],
                "notice {i} changed after the order {order:?} warmed the caches"
            );
        }
    }
}

/// The renderer's cache only saves work: a notice rendered with a cache that other
/// notices have filled (in either order) has the same bytes as one rendered cold.
#[test]
fn a_warm_cache_gives_the_same_bytes_as_a_cold_one() {
    let docs: Vec<Document> = examples().iter().map(|p| document(p)).collect();
    assert!(docs.len() >= 2, "the examples are missing");
    let cold: Vec<Vec<u8>> = docs.iter().map(pdf).collect();
    let warm = foinotice::render::pdf::Cache::new();
    for round in 0..2 {
        for (i, doc) in docs.iter().enumerate().rev() {
            let bytes = foinotice::render::pdf::render(&warm, doc).unwrap();
            assert!(
                bytes == cold[i],
                "example {i} differs when rendered with a warm cache (round {round})"
            );
        }
    }
}

#[test]
fn a_decision_notice_prints_its_reference_at_the_top_of_every_page() {
    for path in examples() {
        let doc = document(&path);
        let runs = pdfread::runs(&pdf(&doc));
        let pages = runs.iter().map(|r| r.page).max().unwrap_or(0) + 1;
        let decision = path.to_string_lossy().contains("decision-notice");
        for p in 0..pages {
            // Above the body's first line (22 mm from the top).
            let top: String = runs
                .iter()
                .filter(|r| r.page == p && r.y > 297.0 * MM - 22.0 * MM)
                .map(|r| r.text.as_str())
                .collect();
            if decision {
                let reference: String = doc
                    .meta
                    .keywords
                    .first()
                    .map_or(String::new(), |k| k.replace(' ', ""));
                assert!(
                    top.starts_with("Reference:")
                        && !reference.is_empty()
                        && top.contains(&reference),
                    "{} page {}: “{top}” at the top",
                    path.display(),
                    p + 1
                );
            } else {
                assert!(top.is_empty(), "{} page {}: {top}", path.display(), p + 1);
            }
        }
    }
}
