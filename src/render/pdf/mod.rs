//! The PDF renderer: A4 pages set in the embedded Liberation Sans family, wrapped with
//! the font's glyph advances, numbered paragraphs with a hanging indent, indented
//! quotations, footnotes at the foot of their marker's page, and a running footer.
//! Output is deterministic: fixed font ids, a content-derived document id, and the
//! notice date as the creation date.
//!
//! One phase per file: `used` finds the characters drawn (and any the fonts lack),
//! `metrics` measures them, `lines` and `breaking` set blocks into lines, `paginate`
//! puts lines and footnotes on pages, `draw` turns lines into content streams, and
//! `writer` assembles the PDF objects. Layout never touches a PDF object; the writer
//! never measures text.

use super::content::Content;
use super::linebreak;
use crate::error::Error;
use crate::model::{Block, Document, Footnote, Inline, Inlines, Style};
use printpdf::{
    FontId, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

mod breaking;
mod cache;
mod draw;
#[cfg(test)]
mod frames;
mod lines;
mod long;
mod metrics;
mod paginate;
mod serial;
mod structure;
mod tags;
mod used;
mod writer;

use breaking::*;
use draw::*;
use lines::*;
use metrics::*;
use paginate::*;
use tags::{Builder, LineTag, Marks};
use used::*;
use writer::*;

pub use cache::Cache;

// Page geometry, in points.
const MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = 210.0 * MM;
const PAGE_H: f32 = 297.0 * MM;
const LEFT: f32 = 25.0 * MM;
const RIGHT: f32 = PAGE_W - 25.0 * MM;
const TOP: f32 = PAGE_H - 22.0 * MM;
const BOTTOM: f32 = 25.0 * MM;
const FOOTER_Y: f32 = 12.0 * MM;
/// The running header's baseline, above the body's first line.
const HEADER_Y: f32 = PAGE_H - 14.0 * MM;
const BODY: f32 = 11.0;
const LEADING: f32 = 14.5;
const NOTE: f32 = 8.5;
const NOTE_LEADING: f32 = 10.5;
const HANG: f32 = 10.0 * MM;
const QUOTE_INDENT: f32 = 10.0 * MM;
const GAP: f32 = 7.0;

/// A run of text on a line, already measured.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    text: String,
    font: usize,
    size: f32,
    rise: f32,
    x: f32,
    /// The URL this run shows, made a link annotation (shared by every run that
    /// shows part of it: a long URL runs over many lines).
    link: Option<Arc<str>>,
    /// What the run is in the structure tree, where it is not its line's text.
    mark: Mark,
}

/// What a run is for tagging: part of its line's element, a footnote marker (a
/// Reference to its Note), or words in another language (a Span with its /Lang).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mark {
    #[default]
    Line,
    Note(u32),
    Lang(crate::model::Lang),
    /// The hyphen the line breaking added at a line's end: drawn as a layout
    /// artifact, so that the word read through the structure tree is whole.
    Hyphen,
}

/// A line's runs as broken, shared by every notice of a batch that sets the same
/// paragraph the same way, with the content-stream bytes that draw them (made once).
#[derive(Debug, Default)]
struct Body {
    runs: Vec<Run>,
    /// The line's runs drawn, one text object per stretch of one [`Mark`].
    drawn: OnceLock<Vec<(Mark, Drawn)>>,
    /// The line's text as read aloud or copied, where it is not the text drawn.
    actual: Option<String>,
    /// How the line ends: at a word space (or its text's end), inside a word, or
    /// with a hyphen the line breaking added.
    end: End,
}

/// How a line ends, for the text read from it: a line that ends at a word space (or
/// at the end of its paragraph, or at a hard line break) has a space drawn after its
/// last glyph, inside its marked content, so that text read through the structure
/// tree keeps the words of two lines apart; a line broken inside a word (after a
/// hyphen it already had, or in a URL) has none; a hyphenated one reads, through
/// its /ActualText, as the word's first part without the hyphen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum End {
    #[default]
    Space,
    Joined,
    Hyphen,
}

/// A line drawn as a text object, except where it stands on the page: `head`, then the
/// first run's position (`x`, and the line's y plus `rise`) as a `Td`, then `tail`.
/// Later runs are placed relative to the first, so the bytes do not depend on y.
#[derive(Debug)]
struct Drawn {
    /// How many runs it draws.
    runs: usize,
    /// The subsets whose glyph codes the bytes use (`Subset::id` by font; 0 if none,
    /// `u64::MAX` for a font the runs do not use).
    subsets: [u64; 5],
    head: Vec<u8>,
    x: f32,
    rise: f32,
    tail: Vec<u8>,
}

#[derive(Debug, Clone, Default)]
struct Line {
    /// What stands before the text in the margin: a paragraph number, a bullet, or a
    /// field's label.
    lead: Option<Run>,
    body: Arc<Body>,
    height: f32,
    /// Footnotes whose markers sit on this line.
    notes: Vec<u32>,
    /// Space above this line (paragraph spacing), dropped at the top of a page.
    space_before: f32,
    /// Keep this line on the same page as the next one.
    keep_with_next: bool,
    /// The heading this line starts, for the outline.
    heading: Option<String>,
    /// The structure elements its content belongs to.
    tag: LineTag,
}

impl Line {
    /// The line with its runs, ending as `end` says; when the line breaking
    /// hyphenated it, its text as read aloud or copied (its /ActualText): the words
    /// and their spaces, footnote markers as superscript digits, without the added
    /// hyphen.
    fn with_runs(self, runs: Vec<Run>, end: End) -> Line {
        let actual = (end == End::Hyphen).then(|| actual_text(&runs));
        Line {
            body: Arc::new(Body {
                runs,
                drawn: OnceLock::new(),
                actual,
                end,
            }),
            ..self
        }
    }
}

/// Runs' text as read aloud or copied: the words and their spaces, footnote markers
/// as superscript digits, without a hyphen the line breaking added at the end (a run
/// of its own, [`Mark::Hyphen`]).
fn actual_text(runs: &[Run]) -> String {
    let mut actual = String::new();
    let mut end: Option<f32> = None;
    for r in runs.iter().filter(|r| r.mark != Mark::Hyphen) {
        if end.is_some_and(|e| r.x - e > 0.5) {
            actual.push(' ');
        }
        if r.font == SUP {
            actual.extend(r.text.chars().map(|c| match c.to_digit(10) {
                Some(d) => crate::model::superscript(d).chars().next().unwrap_or(c),
                None => c,
            }));
        } else {
            actual.push_str(&r.text);
        }
        end = Some(r.x + width(r.font, &r.text, r.size));
    }
    actual
}

/// One notice's font subsets, by font index.
type Subsets = [Option<std::sync::Arc<Subset>>; 5];

/// A link's area on its page, its URL, and the structure element its text is in.
type LinkArea = ([f32; 4], Arc<str>, usize);

/// Where drawn lines record their marked content.
struct Tagging<'a> {
    marks: &'a mut Marks,
    tree: &'a mut tags::Tree,
}

/// Renders the document as PDF bytes, using and filling `cache` (one per thread; the
/// same bytes come out whatever the cache holds).
pub fn render(cache: &Cache, doc: &Document) -> Result<Vec<u8>, Error> {
    let doc = &*crate::model::typographic(doc);
    // Embed only the glyphs drawn.
    let seen = used_chars(doc)?;
    let mut tags = Builder::new();
    let body = lay_out(cache, doc, &mut tags);
    // The notes follow the body in reading order, as in the text.
    let notes: BTreeMap<u32, Vec<Line>> = doc
        .footnotes
        .iter()
        .map(|f| {
            let tag = tags.note(f.number);
            let mut ls = footnote_lines(cache, f, set_of(doc));
            for l in &mut ls {
                l.tag = tag;
            }
            (f.number, ls)
        })
        .collect();
    let mut tree = tags.tree;
    let pages = paginate(body, &notes);
    let total = pages.len();
    let page_numbers: Vec<String> = (1..=total)
        .map(|p| format!("Page {p} of {total}"))
        .collect();

    let used = seen.map(CharSet::into_set);
    let mut subsets: Subsets = Default::default();
    for (i, chars) in used.iter().enumerate() {
        // The footnote markers are drawn from the regular face's subset (see
        // `used_chars`).
        if i == SUP && !chars.is_empty() {
            subsets[SUP] = subsets[0].clone();
        } else if !chars.is_empty() {
            subsets[i] = Some(cached_subset(cache, i, chars).map_err(|m| Error::Pdf {
                file: "output".into(),
                message: format!("could not subset {}: {m}", FONT_NAMES[i]),
                help: "this is a bug in foinotice; please report it with the case file".into(),
            })?);
        }
    }

    // The content streams, a page at a time.
    let mut streams = Vec::with_capacity(total);
    // Link areas per page: [x1, y1, x2, y2] and the URL.
    let mut links: Vec<Vec<LinkArea>> = vec![Vec::new(); total];
    for (p, page) in pages.iter().enumerate() {
        let mut c = Content::new();
        let mut marks = Marks::new(p);
        let mut tagging = Tagging {
            marks: &mut marks,
            tree: &mut tree,
        };
        for (y, line) in &page.lines {
            draw_line(
                cache,
                &mut c,
                &subsets,
                line,
                *y,
                &mut links[p],
                &mut tagging,
            );
        }
        if !page.notes.is_empty() {
            let mut y = BOTTOM + notes_height(&notes, &page.notes) - RULE_SPACE;
            tagging.marks.close(&mut c);
            Marks::artifact(&mut c, false);
            c.rule(LEFT, LEFT + 45.0 * MM, y + 4.0, 0.5);
            Marks::end(&mut c);
            for part in &page.notes {
                for l in &notes[&part.number][part.from..part.to] {
                    y -= l.height;
                    draw_line(cache, &mut c, &subsets, l, y, &mut links[p], &mut tagging);
                }
                y -= NOTE_GAP;
            }
        }
        let page_no = &page_numbers[p];
        let footer = [
            Run {
                text: doc.meta.footer.clone(),
                font: 0,
                size: NOTE,
                rise: 0.0,
                x: LEFT,
                link: None,
                mark: Mark::Line,
            },
            Run {
                text: page_no.clone(),
                font: 0,
                size: NOTE,
                rise: 0.0,
                x: RIGHT - width(0, page_no, NOTE),
                link: None,
                mark: Mark::Line,
            },
        ];
        // The running header, footer and page number are page furniture, not the
        // notice.
        tagging.marks.close(&mut c);
        if !doc.meta.header.is_empty() {
            let header = Run {
                text: doc.meta.header.clone(),
                font: 0,
                size: NOTE,
                rise: 0.0,
                x: LEFT,
                link: None,
                mark: Mark::Line,
            };
            Marks::artifact_at(&mut c, "Header");
            draw_runs(
                cache,
                &mut c,
                &subsets,
                std::slice::from_ref(&header),
                HEADER_Y,
                &mut Vec::new(),
                0,
            );
            Marks::end(&mut c);
        }
        Marks::artifact(&mut c, true);
        draw_runs(
            cache,
            &mut c,
            &subsets,
            &footer,
            FOOTER_Y,
            &mut Vec::new(),
            0,
        );
        Marks::end(&mut c);
        streams.push(c.into_bytes());
    }

    // printpdf builds the document (catalog, page tree, resources) around the
    // streams written above, and the font resources, which are shared by every notice
    // set in the same subsets and so made once per process.
    let fonts = font_objects(cache, &subsets, &used)?;
    let mut pdf = PdfDocument::new(&doc.meta.title);
    pdf.with_pages(
        (0..total)
            .map(|_| PdfPage::new(Mm(210.0), Mm(297.0), Vec::new()))
            .collect(),
    );
    let mut lo = pdf.to_lopdf_document(&save_options(), &mut Vec::new());
    replace_contents(cache, &mut lo, streams)?;
    let mut raw = serial::Raw::default();
    fonts.copy_into(&mut lo, &mut raw)?;
    let annots = add_links(&mut lo, &links);
    structure::write(&mut lo, tree, &annots, &doc.meta, &mut raw)?;
    finish(cache, &mut lo, doc, &pages, &raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deflate_round_trips_with_a_reused_compressor() {
        use std::io::Read;
        // Text-like, empty, and incompressible input (which outgrows the first buffer).
        let mut noise = Vec::new();
        let mut x: u32 = 12345;
        for _ in 0..200_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            noise.push((x >> 16) as u8);
        }
        let text = "BT /F1 11 Tf [(abc)250(def)] TJ ET\n"
            .repeat(2000)
            .into_bytes();
        for input in [text.clone(), Vec::new(), noise, text] {
            for level in [1, 6] {
                let z = deflate(&Cache::new(), &input, level).unwrap();
                let mut back = Vec::new();
                flate2::read::ZlibDecoder::new(&z[..])
                    .read_to_end(&mut back)
                    .unwrap();
                assert_eq!(back, input);
            }
        }
    }

    #[test]
    fn references_and_citations_never_break() {
        for w in [
            "FS50739797",
            "31(3)",
            "FS50739797¹",
            "2018-09-20",
            "£1,000",
            "IOT-2018-12",
            "11435/17",
        ] {
            assert!(word_breaks(&Cache::new(), w, true).is_empty(), "{w}");
        }
    }

    #[test]
    fn urls_break_after_punctuation_without_hyphens_or_scraps() {
        // The second ends in "/>": no break may leave that scrap alone on a line.
        for url in [
            "https://www.example.org/news/item/10985",
            "<https://www.journal-news.com/news/judge-pacemaker/Utv63jyrwpT2Jmy9ltHQP/>",
        ] {
            let bs = word_breaks(&Cache::new(), url, true);
            assert!(!bs.is_empty());
            for (at, hy) in bs {
                assert!(!hy);
                let before = url[..at].chars().last().unwrap();
                assert!("/-._?&=#".contains(before), "{}", &url[..at]);
                assert!(url.len() - at >= 3, "break before {:?}", &url[at..]);
            }
        }
    }

    #[test]
    fn words_hyphenate_by_the_en_gb_patterns() {
        let bs = word_breaks(&Cache::new(), "investigation", true);
        assert!(bs.iter().all(|(_, hy)| *hy) && bs.len() >= 2, "{bs:?}");
        // Quotes and punctuation stay outside the hyphenated core.
        for (at, _) in word_breaks(&Cache::new(), "“investigation”,", true) {
            assert!(at > "“".len() + 1);
        }
        assert!(word_breaks(&Cache::new(), "the", true).is_empty());
        assert_eq!(
            word_breaks(&Cache::new(), "well-known", true),
            vec![(5, false)]
        );
    }
}
