//! The PDF renderer: A4 pages set in the embedded Liberation Sans family, wrapped with
//! the font's glyph advances, numbered paragraphs with a hanging indent, indented
//! quotations, footnotes at the foot of their marker's page, and a running footer.
//! Output is deterministic: fixed font ids, a content-derived document id, and the
//! notice date as the creation date.

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

const FONT_FILES: [(&str, &[u8]); 4] = [
    (
        "F1",
        include_bytes!("../../fonts/LiberationSans-Regular.ttf"),
    ),
    ("F2", include_bytes!("../../fonts/LiberationSans-Bold.ttf")),
    (
        "F3",
        include_bytes!("../../fonts/LiberationSans-Italic.ttf"),
    ),
    (
        "F4",
        include_bytes!("../../fonts/LiberationSans-BoldItalic.ttf"),
    ),
];

fn fonts() -> &'static [ParsedFont; 4] {
    static FONTS: OnceLock<[ParsedFont; 4]> = OnceLock::new();
    FONTS.get_or_init(|| {
        FONT_FILES.map(|(_, bytes)| {
            let mut w = Vec::new();
            ParsedFont::from_bytes(bytes, 0, &mut w).expect("the embedded fonts parse (tested)")
        })
    })
}

/// Whether every text face (regular, bold, italic, bold italic) has a glyph for `c`
/// (white space needs none): what the checks ask before a case is rendered.
pub fn covers(c: char) -> bool {
    c.is_whitespace() || (0..SUP).all(|f| glyph(f, c).is_some())
}

/// The fifth font: the regular face's digits, drawn small and raised for footnote
/// markers, whose text layer reads as superscript digits (¹ ² ³).
const SUP: usize = 4;
const FONT_IDS: [&str; 5] = ["F1", "F2", "F3", "F4", "F5"];
const FONT_NAMES: [&str; 5] = [
    "LiberationSans",
    "LiberationSans-Bold",
    "LiberationSans-Italic",
    "LiberationSans-BoldItalic",
    "LiberationSans",
];
const SUP_SCALE: f32 = 0.65;
const SUP_RISE: f32 = 0.36;

/// The full font behind a font index (the superscript font is the regular face).
fn face(font: usize) -> &'static ParsedFont {
    &fonts()[if font == SUP { 0 } else { font }]
}

fn face_bytes(font: usize) -> &'static [u8] {
    FONT_FILES[if font == SUP { 0 } else { font }].1
}

/// The style a title is set in.
const TITLE: Style = Style {
    bold: true,
    italic: false,
};

/// The style a heading is set in: bold, and italic below the top level.
fn heading_style(level: u8) -> Style {
    Style {
        bold: true,
        italic: level == 2,
    }
}

/// The face of an inline in `style` within a block set in `base`: the styles add.
fn inline_font(base: Style, style: Style) -> usize {
    font_index(Style {
        bold: style.bold || base.bold,
        italic: style.italic || base.italic,
    })
}

fn font_index(style: Style) -> usize {
    match (style.bold, style.italic) {
        (false, false) => 0,
        (true, false) => 1,
        (false, true) => 2,
        (true, true) => 3,
    }
}

// Page geometry, in points.
const MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = 210.0 * MM;
const PAGE_H: f32 = 297.0 * MM;
const LEFT: f32 = 25.0 * MM;
const RIGHT: f32 = PAGE_W - 25.0 * MM;
const TOP: f32 = PAGE_H - 22.0 * MM;
const BOTTOM: f32 = 25.0 * MM;
const FOOTER_Y: f32 = 12.0 * MM;
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
}

/// A line's runs as broken, shared by every notice of a batch that sets the same
/// paragraph the same way, with the content-stream bytes that draw them (made once).
#[derive(Debug, Default)]
struct Body {
    runs: Vec<Run>,
    drawn: OnceLock<Drawn>,
}

/// A line drawn as a text object, except where it stands on the page: `head`, then the
/// first run's position (`x`, and the line's y plus `rise`) as a `Td`, then `tail`.
/// Later runs are placed relative to the first, so the bytes do not depend on y.
#[derive(Debug)]
struct Drawn {
    /// The subsets whose glyph codes the bytes use (`Subset::id` by font; 0 if none).
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
}

impl Line {
    fn with_runs(self, runs: Vec<Run>) -> Line {
        Line {
            body: Arc::new(Body {
                runs,
                drawn: OnceLock::new(),
            }),
            ..self
        }
    }
}

/// Metrics for the characters below U+2200 (Latin, Welsh, punctuation, £), looked up
/// once per process; others are looked up each time.
const CACHED: usize = 0x2200;

struct Metrics {
    /// Advance in em by character (NaN where the face has no glyph).
    advances: Vec<f32>,
    /// Glyph id in the full face by character (0 where it has none).
    gids: Vec<u16>,
    kerning: super::kern::Kerning,
    units_per_em: f32,
}

fn metrics(font: usize) -> &'static Metrics {
    static TABLES: OnceLock<[Metrics; 4]> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        std::array::from_fn(|i| {
            let f = &fonts()[i];
            let gids: Vec<u16> = (0..CACHED as u32)
                .map(|c| f.lookup_glyph_index(c).unwrap_or(0))
                .collect();
            Metrics {
                advances: gids
                    .iter()
                    .map(|g| if *g == 0 { f32::NAN } else { em(f, *g) })
                    .collect(),
                gids,
                kerning: super::kern::Kerning::from_font(FONT_FILES[i].1),
                units_per_em: f32::from(f.units_per_em),
            }
        })
    });
    &tables[if font == SUP { 0 } else { font }]
}

/// A character's advance in em and its glyph id in the full face; None where the face
/// has no glyph.
fn glyph(font: usize, c: char) -> Option<(f32, u16)> {
    metrics(font).glyph(font, c)
}

impl Metrics {
    /// As [`glyph`], for callers that look up many characters in one font.
    fn glyph(&self, font: usize, c: char) -> Option<(f32, u16)> {
        if let (Some(&em), Some(&gid)) = (self.advances.get(c as usize), self.gids.get(c as usize))
        {
            return (!em.is_nan()).then_some((em, gid));
        }
        let f = face(font);
        let gid = f.lookup_glyph_index(c as u32)?;
        Some((em(f, gid), gid))
    }

    /// As [`pair_kern`].
    fn pair_kern(&self, font: usize, left: u16, right: u16) -> f32 {
        if font == SUP {
            return 0.0;
        }
        match self.kerning.pair(left, right) {
            0 => 0.0,
            v => (f32::from(v) * 1000.0 / self.units_per_em).round(),
        }
    }
}

fn advance(font: usize, c: char, size: f32) -> Option<f32> {
    glyph(font, c).map(|(em, _)| em * size)
}

/// A glyph's advance in em, cut to whole thousandths as printpdf writes it in /W, so
/// that where we place text is where a viewer draws it.
fn em(f: &ParsedFont, gid: u16) -> f32 {
    let w = f.get_glyph_width(gid).unwrap_or(0) as f32;
    (w * 1000.0 / f.units_per_em as f32).trunc() / 1000.0
}

/// The kerning between two glyphs in thousandths of an em, rounded to whole
/// thousandths (as the content stream writes it). Footnote markers are not kerned.
fn pair_kern(font: usize, left: u16, right: u16) -> f32 {
    metrics(font).pair_kern(font, left, right)
}

/// The kerning between two characters, as `pair_kern`.
fn kern(font: usize, left: char, right: char) -> f32 {
    let gid = |c| glyph(font, c).map_or(0, |(_, g)| g);
    pair_kern(font, gid(left), gid(right))
}

/// A string's characters in one font, each with its advance in em and the kerning
/// before it in thousandths of an em: what `width` measures and `show` draws.
fn kerned(font: usize, s: &str) -> impl Iterator<Item = (char, f32, f32)> + '_ {
    let m = metrics(font);
    let mut prev: Option<u16> = None;
    s.chars().map(move |c| {
        let (em, gid) = m.glyph(font, c).unwrap_or((0.0, 0));
        let k = prev.map_or(0.0, |p| m.pair_kern(font, p, gid));
        prev = Some(gid);
        (c, em, k)
    })
}

/// The width of a string set in one font: advances plus kerning.
fn width(font: usize, s: &str, size: f32) -> f32 {
    kerned(font, s)
        .map(|(_, em, k)| em + k / 1000.0)
        .sum::<f32>()
        * size
}

/// A word or space to be set, with the footnotes it carries.
#[derive(Debug, Clone)]
struct Token {
    link: Option<Arc<str>>,
    text: String,
    font: usize,
    size: f32,
    rise: f32,
    space: bool,
    newline: bool,
    note: Option<u32>,
}

impl Token {
    fn word(text: String, font: usize, size: f32) -> Token {
        Token {
            link: None,
            text,
            font,
            size,
            rise: 0.0,
            space: false,
            newline: false,
            note: None,
        }
    }

    /// A word space (its text is not needed: the font and size give its width).
    fn space(font: usize, size: f32) -> Token {
        Token {
            space: true,
            ..Token::word(String::new(), font, size)
        }
    }
}

/// The characters a notice draws, by font, read from the document rather than from
/// its laid-out lines: its text in the face each block sets it in, labels, bullets,
/// footnote numbers and the footer. Characters the fonts lack are reported here,
/// before anything is drawn. Printable ASCII is taken as read (every face has it, and
/// every text face used carries all of it), so most text is only scanned.
fn used_chars(doc: &Document) -> Result<[CharSet; 5], Error> {
    let mut u = Used::default();
    let plain = Style::default();
    for b in &doc.blocks {
        let place = || block_name(b);
        match b {
            Block::Title(t) => u.inlines(t, TITLE, &place)?,
            Block::Heading { level, text } => u.inlines(text, heading_style(*level), &place)?,
            Block::Paragraph { text, .. } => u.inlines(text, plain, &place)?,
            Block::Fields(rows) => {
                for r in rows {
                    u.inlines(&r.value, plain, &place)?;
                    if !r.label.is_empty() {
                        u.add(&format!("{}:", r.label), 1, &place)?;
                    }
                }
            }
            Block::Quote(items) | Block::List(items) | Block::Lines(items) => {
                for t in items {
                    u.inlines(t, plain, &place)?
                }
                if matches!(b, Block::List(_)) {
                    u.add("•", 0, &place)?;
                }
            }
        }
    }
    for f in &doc.footnotes {
        let place = || format!("footnote {}", f.number);
        u.inlines(&f.text, plain, &place)?;
        u.add(&f.number.to_string(), SUP, &place)?;
    }
    u.add(&doc.meta.footer, 0, &|| "the running footer".into())?;
    u.add("Page 0123456789 of", 0, &|| "the page numbers".into())?;
    // A text face used at all carries printable ASCII too: then notices of one batch
    // (which differ mostly in names) share a subset, made and compressed once.
    let Used { mut seen, used } = u;
    for (chars, used) in seen.iter_mut().zip(used).take(SUP) {
        if used {
            chars.extend((0x20u8..0x7f).map(char::from));
        }
    }
    Ok(seen)
}

/// What [`used_chars`] has seen so far: characters by font, and which fonts are used.
#[derive(Default)]
struct Used {
    seen: [CharSet; 5],
    used: [bool; 5],
}

impl Used {
    fn add(
        &mut self,
        text: &str,
        font: usize,
        whereabouts: &dyn Fn() -> String,
    ) -> Result<(), Error> {
        if text.bytes().all(|b| b == b' ') {
            return Ok(());
        }
        self.used[font] = true;
        if font != SUP && text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return Ok(());
        }
        for c in text.chars() {
            if !c.is_whitespace() && glyph(font, c).is_none() {
                return Err(Error::Pdf {
                    file: std::path::PathBuf::from(whereabouts()),
                    message: format!(
                        "the font has no glyph for {c:?} (U+{:04X}) in “{}”",
                        c as u32,
                        snippet(text, c)
                    ),
                    help: "replace the character in the case file, or add a font that covers it to fonts/".into(),
                });
            }
        }
        self.seen[font].extend(text.chars().filter(|c| *c != ' '));
        Ok(())
    }

    /// Inlines set in a base style (their own styles added to it), as `tokens` sets
    /// them: links in the base style, footnote markers in the superscript font.
    fn inlines(
        &mut self,
        inlines: &Inlines,
        base: Style,
        whereabouts: &dyn Fn() -> String,
    ) -> Result<(), Error> {
        for i in inlines {
            let (text, style) = match i {
                Inline::Text { text, style } => (text.as_str(), *style),
                Inline::Link { url, .. } => (url.as_str(), Style::default()),
                Inline::FootnoteRef(n) => {
                    self.add(&n.to_string(), SUP, whereabouts)?;
                    continue;
                }
                Inline::LineBreak => continue,
            };
            let font = inline_font(base, style);
            self.add(text, font, whereabouts)?;
            if matches!(
                i,
                Inline::Link {
                    bracketed: true,
                    ..
                }
            ) {
                self.add("<>", font, whereabouts)?;
            }
        }
        Ok(())
    }
}

fn block_name(b: &Block) -> String {
    match b {
        Block::Paragraph {
            number: Some(n), ..
        } => format!("paragraph {n}"),
        Block::Heading { text, .. } => format!("heading “{}”", crate::model::plain_text(text)),
        _ => "the notice".into(),
    }
}

fn snippet(text: &str, c: char) -> String {
    let i = text.find(c).unwrap_or(0);
    let start = text[..i].char_indices().rev().nth(20).map_or(0, |(j, _)| j);
    let end = text[i..]
        .char_indices()
        .nth(20)
        .map_or(text.len(), |(j, _)| i + j);
    text[start..end].to_string()
}

fn tokens(inlines: &Inlines, size: f32, base: Style) -> Vec<Token> {
    let mut out = Vec::new();
    let push_text = |out: &mut Vec<Token>, text: &str, style: Style, link: Option<&str>| {
        let font = inline_font(base, style);
        let shared: Option<Arc<str>> = link.map(Arc::from);
        let linked = |text: String| Token {
            link: shared.clone(),
            ..Token::word(text, font, size)
        };
        for (k, word) in text.split(' ').enumerate() {
            if k > 0 {
                out.push(Token::space(font, size));
            }
            if !word.is_empty() {
                out.push(linked(word.to_string()));
            }
        }
    };
    for i in inlines {
        match i {
            Inline::Text { text, style } => push_text(&mut out, text, *style, None),
            Inline::Link { url, bracketed } => {
                let t = if *bracketed {
                    format!("<{url}>")
                } else {
                    url.clone()
                };
                push_text(&mut out, &t, Style::default(), Some(url));
            }
            Inline::LineBreak => out.push(Token {
                link: None,
                text: String::new(),
                font: 0,
                size,
                rise: 0.0,
                space: false,
                newline: true,
                note: None,
            }),
            Inline::FootnoteRef(n) => {
                // Small raised digits in the superscript font, whose text layer reads
                // ¹ ² ³, so that a copied "FS50739797¹" never becomes "FS507397971".
                out.push(Token {
                    link: None,
                    text: n.to_string(),
                    font: SUP,
                    size: size * SUP_SCALE,
                    rise: size * SUP_RISE,
                    space: false,
                    newline: false,
                    note: Some(*n),
                });
            }
        }
    }
    out
}

/// Greedy line breaking over measured tokens: the fallback when total-fit breaking
/// finds no solution, which happens only when boxes that may not be parted (a word
/// and its footnote marker) together overfill a line. Words wider than the line are broken
/// at a sensible character (after '/', '-', '.', '_') or, failing that, anywhere.
fn greedy_lines(
    tokens: &[Token],
    first_x: f32,
    rest_x: f32,
    right: f32,
    leading: f32,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut line = Line {
        height: leading,
        ..Default::default()
    };
    let mut runs: Vec<Run> = Vec::new();
    let mut x = first_x;
    let mut left = first_x;
    let mut pending_space = false;
    let new_line = |lines: &mut Vec<Line>, line: &mut Line, runs: &mut Vec<Run>| {
        let done = std::mem::replace(
            line,
            Line {
                height: leading,
                ..Default::default()
            },
        );
        lines.push(done.with_runs(std::mem::take(runs)));
    };
    let mut queue: std::collections::VecDeque<Token> = tokens.iter().cloned().collect();
    while let Some(tok) = queue.pop_front() {
        if tok.newline {
            new_line(&mut lines, &mut line, &mut runs);
            left = rest_x;
            x = left;
            pending_space = false;
            continue;
        }
        if tok.space {
            if x > left {
                pending_space = true;
            }
            continue;
        }
        let w = width(tok.font, &tok.text, tok.size);
        let space_w = if pending_space && tok.note.is_none() {
            width(tok.font, " ", tok.size)
        } else {
            0.0
        };
        if x + space_w + w > right + 0.01 && x > left {
            new_line(&mut lines, &mut line, &mut runs);
            left = rest_x;
            x = left;
            pending_space = false;
            queue.push_front(tok);
            continue;
        }
        if x + w > right + 0.01 {
            // Too wide for an empty line: split it.
            let avail = right - x;
            let mut cut = 0;
            let mut acc = 0.0;
            let mut best = None;
            for (i, c) in tok.text.char_indices() {
                acc += advance(tok.font, c, tok.size).unwrap_or(0.0);
                if acc > avail {
                    break;
                }
                cut = i + c.len_utf8();
                if matches!(c, '/' | '-' | '.' | '_' | '?' | '&' | '=') {
                    best = Some(cut);
                }
            }
            let cut = best
                .unwrap_or(cut)
                .max(tok.text.chars().next().map_or(1, char::len_utf8));
            let (a, b) = tok.text.split_at(cut);
            let mut head = tok.clone();
            head.text = a.to_string();
            let mut tail = tok.clone();
            tail.text = b.to_string();
            queue.push_front(tail);
            queue.push_front(head);
            continue;
        }
        if std::mem::take(&mut pending_space) && tok.note.is_none() {
            x += width(tok.font, " ", tok.size);
        }
        runs.push(Run {
            text: tok.text.clone(),
            font: tok.font,
            size: tok.size,
            rise: tok.rise,
            x,
            link: tok.link.clone(),
        });
        if let Some(n) = tok.note {
            line.notes.push(n);
        }
        x += w;
    }
    if !runs.is_empty() || lines.is_empty() {
        lines.push(line.with_runs(runs));
    }
    lines
}

/// Lays the document's blocks out as a list of lines (not yet paginated).
fn set_of(doc: &Document) -> Set {
    if doc.meta.ragged {
        Set::Ragged
    } else {
        Set::Justified
    }
}

fn lay_out(doc: &Document) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let plain = Style::default();
    let body_set = set_of(doc);
    let push =
        |out: &mut Vec<Line>, mut ls: Vec<Line>, space: f32, keep_all: bool, keep_next: bool| {
            if let Some(first) = ls.first_mut() {
                first.space_before = space;
            }
            let n = ls.len();
            for (i, l) in ls.iter_mut().enumerate() {
                // Orphans and widows: the first two and last two lines stay together.
                l.keep_with_next =
                    keep_all && i + 1 < n || (n > 2 && (i == 0 || i + 2 == n)) || n == 2 && i == 0;
                if i + 1 == n {
                    l.keep_with_next = keep_next;
                }
            }
            out.extend(ls);
        };
    for b in &doc.blocks {
        match b {
            Block::Title(t) => {
                let ls = set_text(to_set(t, 14.0, TITLE), LEFT, LEFT, RIGHT, 19.0, Set::Ragged);
                push(&mut out, ls, 4.0, true, true);
            }
            Block::Fields(rows) => {
                let mut all = Vec::new();
                for r in rows {
                    let mut ls = set_text(
                        to_set(&r.value, BODY, plain),
                        LEFT + 38.0 * MM,
                        LEFT + 38.0 * MM,
                        RIGHT,
                        LEADING,
                        Set::Ragged,
                    );
                    if !r.label.is_empty() {
                        ls[0].lead = Some(Run {
                            text: format!("{}:", r.label),
                            font: 1,
                            size: BODY,
                            rise: 0.0,
                            x: LEFT,
                            link: None,
                        });
                        ls[0].space_before = 3.0;
                    }
                    all.extend(ls);
                }
                push(&mut out, all, GAP + 4.0, true, false);
            }
            Block::Heading { level, text } => {
                let size = if *level == 1 { 12.5 } else { 11.5 };
                let mut ls = set_text(
                    to_set(text, size, heading_style(*level)),
                    LEFT,
                    LEFT,
                    RIGHT,
                    size * 1.3,
                    Set::Ragged,
                );
                ls[0].heading = Some(crate::model::plain_text(text));
                push(
                    &mut out,
                    ls,
                    if *level == 1 { 14.0 } else { 9.0 },
                    true,
                    true,
                );
            }
            Block::Paragraph { number, text } => {
                let mut ls = set_text(
                    to_set(text, BODY, plain),
                    LEFT + HANG,
                    LEFT + HANG,
                    RIGHT,
                    LEADING,
                    body_set,
                );
                if let Some(n) = number {
                    ls[0].lead = Some(Run {
                        text: format!("{n}."),
                        font: 0,
                        size: BODY,
                        rise: 0.0,
                        x: LEFT,
                        link: None,
                    });
                }
                push(&mut out, ls, GAP, false, false);
            }
            Block::Quote(paras) => {
                for p in paras {
                    let ls = set_text(
                        to_set(p, BODY, plain),
                        LEFT + HANG + QUOTE_INDENT,
                        LEFT + HANG + QUOTE_INDENT,
                        RIGHT - QUOTE_INDENT,
                        LEADING,
                        body_set,
                    );
                    push(&mut out, ls, GAP, false, false);
                }
            }
            Block::List(items) => {
                for item in items {
                    let mut ls = set_text(
                        to_set(item, BODY, plain),
                        LEFT + HANG + 6.0 * MM,
                        LEFT + HANG + 6.0 * MM,
                        RIGHT,
                        LEADING,
                        body_set,
                    );
                    ls[0].lead = Some(Run {
                        text: "•".into(),
                        font: 0,
                        size: BODY,
                        rise: 0.0,
                        x: LEFT + HANG + 1.0 * MM,
                        link: None,
                    });
                    push(&mut out, ls, GAP * 0.6, false, false);
                }
            }
            Block::Lines(lines) => {
                let mut all = Vec::new();
                for l in lines {
                    all.extend(set_text(
                        to_set(l, BODY, plain),
                        LEFT,
                        LEFT,
                        RIGHT,
                        LEADING,
                        Set::Ragged,
                    ));
                }
                push(&mut out, all, GAP, true, false);
            }
        }
    }
    out
}

/// Lines of one footnote, set at the foot of the page.
fn footnote_lines(f: &Footnote, set: Set) -> Vec<Line> {
    let text = Text {
        marker: Some(f.number),
        ..to_set(&f.text, NOTE, Style::default())
    };
    set_text(text, LEFT, LEFT + 3.0 * MM, RIGHT, NOTE_LEADING, set)
}

/// Text to be set: inlines in a size and base style, after a footnote's own marker
/// when it is one.
#[derive(Clone, Copy)]
struct Text<'a> {
    inlines: &'a Inlines,
    size: f32,
    base: Style,
    marker: Option<u32>,
}

fn to_set(inlines: &Inlines, size: f32, base: Style) -> Text<'_> {
    Text {
        inlines,
        size,
        base,
        marker: None,
    }
}

/// What a paragraph's lines depend on besides its inlines: how and where it is set.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct SetParams {
    size: u32,
    base: Style,
    marker: Option<u32>,
    /// first_x, rest_x, right and leading, as bits.
    frame: [u32; 4],
    justified: bool,
}

/// A remembered paragraph's key: its inlines and how they were set.
struct SetKey {
    inlines: Inlines,
    params: SetParams,
}

/// Paragraphs longer than this (in bytes of text) are set afresh each time: a list
/// of a family's references, which differs in every notice, is the usual one.
const CACHED_TEXT: usize = 4096;

/// Paragraphs of more words than this are broken first-fit rather than total-fit.
/// Prose never comes near it (a full page is about 500 words); a family of several
/// hundred cases gives a reference list that does.
const FIRST_FIT_WORDS: usize = 600;

/// Set paragraphs by the hash of their [`SetKey`].
type Paragraphs = FxHashMap<u64, Vec<(SetKey, Vec<Line>)>>;

/// How many paragraphs a thread remembers before it starts again: a notice has about
/// a hundred, most of them shared with the rest of its family.
const CACHED_PARAGRAPHS: usize = 1024;

/// Breaks a text into lines, remembering the answer: the notices of a batch set the
/// same paragraphs in the same frame over and over, and their lines (with the bytes
/// that draw them) are then shared rather than set again. Each thread keeps its own
/// (up to `CACHED_PARAGRAPHS`).
fn set_text(
    t: Text<'_>,
    first_x: f32,
    rest_x: f32,
    right: f32,
    leading: f32,
    set: Set,
) -> Vec<Line> {
    use std::cell::RefCell;
    thread_local! {
        static SET: RefCell<Paragraphs> = RefCell::new(FxHashMap::default());
    }
    let fresh = || {
        let mut toks = tokens(t.inlines, t.size, t.base);
        if let Some(n) = t.marker {
            let marker = Token {
                rise: t.size * SUP_RISE,
                ..Token::word(n.to_string(), SUP, t.size * SUP_SCALE)
            };
            toks.splice(0..0, [marker, Token::space(0, t.size)]);
        }
        break_lines(&toks, first_x, rest_x, right, leading, set)
    };
    let bytes: usize = t
        .inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text, .. } => text.len(),
            Inline::Link { url, .. } => url.len(),
            _ => 1,
        })
        .sum();
    if bytes > CACHED_TEXT {
        return fresh();
    }
    let params = SetParams {
        size: t.size.to_bits(),
        base: t.base,
        marker: t.marker,
        frame: [first_x, rest_x, right, leading].map(f32::to_bits),
        justified: set == Set::Justified,
    };
    // Looked up by hash and compared in place, so that a hit copies nothing.
    let hash = {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        (t.inlines, params).hash(&mut h);
        h.finish()
    };
    let same = |k: &SetKey| k.params == params && k.inlines == *t.inlines;
    SET.with(|cache| {
        if let Some((_, lines)) = cache
            .borrow()
            .get(&hash)
            .and_then(|bucket| bucket.iter().find(|(k, _)| same(k)))
        {
            return lines.clone();
        }
        let lines = fresh();
        let mut cache = cache.borrow_mut();
        if cache.len() >= CACHED_PARAGRAPHS {
            cache.clear();
        }
        let key = SetKey {
            inlines: t.inlines.clone(),
            params,
        };
        cache.entry(hash).or_default().push((key, lines.clone()));
        lines
    })
}

/// How a block's lines are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Set {
    /// Flush left and right (word spaces stretched, never beyond `MAX_RATIO`).
    Justified,
    /// Flush left, natural word spaces.
    Ragged,
}

/// How far a justified word space may stretch: at most 1 + 0.5 × 2 = twice its
/// natural width. A line that would need more is set ragged instead.
const MAX_RATIO: f32 = 2.0;

/// A piece of a word, the unit the breaker places: bytes `start..end` of a token.
#[derive(Debug, Clone, Copy)]
struct Piece {
    token: usize,
    start: usize,
    end: usize,
}

type Items = Vec<linebreak::Item<Piece>>;

fn hyphenator() -> &'static hyphenation::Standard {
    use hyphenation::Load;
    static DICT: OnceLock<hyphenation::Standard> = OnceLock::new();
    DICT.get_or_init(|| {
        let bytes: &[u8] = include_bytes!("../../data/hyph-en-gb.standard.bincode");
        hyphenation::Standard::from_reader(hyphenation::Language::EnglishGB, &mut &bytes[..])
            .expect("the embedded en-GB hyphenation patterns load (tested)")
    })
}

/// Where the en-GB patterns allow a word to be hyphenated (byte offsets). A batch
/// sets the same words over and over, so each thread remembers its answers.
fn hyphenation_points(word: &str) -> Vec<usize> {
    use hyphenation::Hyphenator;
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static SEEN: RefCell<HashMap<String, Vec<usize>>> = RefCell::new(HashMap::new());
    }
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if let Some(points) = seen.get(word) {
            return points.clone();
        }
        let points = hyphenator().hyphenate(word).breaks;
        if seen.len() >= 20_000 {
            seen.clear();
        }
        seen.insert(word.to_string(), points.clone());
        points
    })
}

/// Where a word may break: (byte offset, hyphen needed). URLs break after their
/// punctuation; words of letters hyphenate by the en-GB patterns; anything with digits
/// (case references, section citations, dates) never hyphenates, breaking only after
/// a hyphen or slash it already has.
fn word_breaks(word: &str, hyphenate: bool) -> Vec<(usize, bool)> {
    let url = word.contains("://") || word.starts_with("www.") || word.starts_with("<http");
    let mut out = Vec::new();
    if url || word.contains('/') || word.chars().any(|c| c.is_ascii_digit()) {
        // A reference ("IOT-2018-12", "11435/17"), a citation or a date stays whole;
        // a path-like word without digits ("and/or") may break after its slash.
        let seps: &[char] = if url {
            &['/', '-', '.', '_', '?', '&', '=', '#']
        } else if word.chars().any(|c| c.is_ascii_digit()) {
            &[]
        } else {
            &['/']
        };
        for (i, c) in word.char_indices() {
            let end = i + c.len_utf8();
            // Never leave a scrap (such as a closing ">") alone on a line.
            if seps.contains(&c) && word.len() - end >= 3 && !word[end..].starts_with(seps) {
                out.push((end, false));
            }
        }
        return out;
    }
    // Explicit hyphens break after themselves.
    for (i, c) in word.char_indices() {
        if c == '-' && i > 0 && i + 1 < word.len() {
            out.push((i + 1, false));
        }
    }
    if !out.is_empty() {
        return out;
    }
    // The letter core, without surrounding quotes and punctuation.
    let start = word
        .char_indices()
        .find(|(_, c)| c.is_alphabetic())
        .map_or(word.len(), |(i, _)| i);
    let end = word
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphabetic())
        .map_or(start, |(i, c)| i + c.len_utf8());
    let core = &word[start..end];
    if hyphenate && core.chars().count() >= 6 && core.chars().all(|c| c.is_alphabetic()) {
        for b in hyphenation_points(core) {
            out.push((start + b, true));
        }
    }
    out
}

/// Boxes, glue and penalties for one stretch of tokens (no forced breaks inside).
fn items(tokens: &[Token], measure: f32, set: Set, hyphenate: bool) -> Items {
    use linebreak::Item;
    let mut out: Items = Vec::with_capacity(tokens.len() * 2 + 4);
    let mut pending_space: Option<(usize, f32)> = None;
    for (t, tok) in tokens.iter().enumerate() {
        if tok.space {
            if matches!(out.last(), Some(Item::Box { .. })) {
                pending_space = Some((tok.font, tok.size));
            }
            continue;
        }
        if let Some((font, size)) = pending_space.take() {
            if tok.note.is_none() {
                let w = width(font, " ", size);
                out.push(Item::Glue {
                    width: w,
                    stretch: w * 0.5,
                    // Ragged lines keep natural spaces: they may not shrink.
                    shrink: if set == Set::Justified { w / 3.0 } else { 0.0 },
                });
            }
        }
        with_word_items(tok, measure, hyphenate, |its| {
            out.extend(its.iter().map(|it| {
                it.map(|&(start, end)| Piece {
                    token: t,
                    start,
                    end,
                })
            }))
        });
    }
    while matches!(out.last(), Some(Item::Glue { .. } | Item::Penalty { .. })) {
        out.pop();
    }
    out.push(Item::Glue {
        width: 0.0,
        stretch: 1e5,
        shrink: 0.0,
    });
    out.push(Item::Penalty {
        width: 0.0,
        penalty: -linebreak::INFINITY,
        flagged: false,
    });
    out
}

/// One word's boxes and penalties (pieces as byte ranges of its text).
type WordItems = Vec<linebreak::Item<(usize, usize)>>;

/// Calls `f` with a word's items, which each thread remembers by word, font, size
/// and whether hyphenation is on: a batch sets the same words (a family's references
/// above all) in every notice. A word with a piece wider than the measure is cut to
/// the measure and not remembered.
fn with_word_items(tok: &Token, measure: f32, hyphenate: bool, f: impl FnOnce(&WordItems)) {
    use std::cell::RefCell;
    thread_local! {
        static WORDS: RefCell<WordMemo> = RefCell::default();
    }
    let kind = (tok.font, tok.size.to_bits(), hyphenate, tok.note.is_some());
    WORDS.with(|words| {
        let mut words = words.borrow_mut();
        if let Some((its, widest)) = words.get(&kind, &tok.text) {
            if *widest <= measure {
                return f(its);
            }
        }
        let (its, widest) = word_items(tok, measure, hyphenate);
        f(&its);
        if widest <= measure {
            words.insert(kind, &tok.text, (its, widest));
        }
    })
}

/// Each word's items and widest piece, by font, size, hyphenation and whether it is a
/// footnote marker.
type WordMemo = Words<(usize, u32, bool, bool), (WordItems, f32)>;

/// Each word's glyph bytes and width in em, by subset and font.
type RunMemo = Words<(u64, usize), (Vec<u8>, f32)>;

/// What a thread remembers about words, by a kind (font, size and so on) and the
/// word's text, which is looked up without copying it. At `REMEMBERED_WORDS` entries it forgets
/// everything and starts again, so memory stays bounded whatever the batch.
struct Words<K, V> {
    by_kind: FxHashMap<K, FxHashMap<String, V>>,
    len: usize,
}

const REMEMBERED_WORDS: usize = 50_000;

impl<K, V> Default for Words<K, V> {
    fn default() -> Self {
        Words {
            by_kind: FxHashMap::default(),
            len: 0,
        }
    }
}

impl<K: std::hash::Hash + Eq, V> Words<K, V> {
    fn get(&self, kind: &K, word: &str) -> Option<&V> {
        self.by_kind.get(kind)?.get(word)
    }

    fn insert(&mut self, kind: K, word: &str, value: V) {
        if self.len >= REMEMBERED_WORDS {
            self.by_kind.clear();
            self.len = 0;
        }
        if self
            .by_kind
            .entry(kind)
            .or_default()
            .insert(word.to_string(), value)
            .is_none()
        {
            self.len += 1;
        }
    }
}

/// A word's items, worked out afresh, and the width of its widest piece.
fn word_items(tok: &Token, measure: f32, hyphenate: bool) -> (WordItems, f32) {
    use linebreak::Item;
    let mut out: WordItems = Vec::with_capacity(4);
    let mut widest: f32 = 0.0;
    // Pieces of the token: (start, end, break after: hyphenated or not).
    let mut pieces: Vec<(usize, usize, Option<bool>)> = Vec::new();
    let mut from = 0;
    if tok.note.is_none() {
        for (at, hy) in word_breaks(&tok.text, hyphenate) {
            pieces.push((from, at, Some(hy)));
            from = at;
        }
    }
    pieces.push((from, tok.text.len(), None));
    for (k, &(start, end, brk)) in pieces.iter().enumerate() {
        let text = &tok.text[start..end];
        // A piece wider than the line is cut where it must be: in one pass, each cut
        // as late as the measure allows (and after one character at least), so that
        // however long the piece, the work grows with its length alone.
        let mut rest = text;
        let mut rest_at = start;
        let mut rest_w = width(tok.font, rest, tok.size);
        widest = widest.max(rest_w);
        if rest_w > measure {
            let mut from = 0;
            let mut acc = 0.0;
            for (i, c) in text.char_indices() {
                let adv = advance(tok.font, c, tok.size).unwrap_or(0.0);
                if acc + adv > measure && i > from {
                    out.push(Item::Box {
                        width: width(tok.font, &text[from..i], tok.size),
                        content: (start + from, start + i),
                    });
                    out.push(Item::Penalty {
                        width: 0.0,
                        penalty: 900.0,
                        flagged: false,
                    });
                    from = i;
                    acc = 0.0;
                }
                acc += adv;
            }
            rest = &text[from..];
            rest_at = start + from;
            rest_w = width(tok.font, rest, tok.size);
        }
        if !rest.is_empty() {
            out.push(Item::Box {
                width: rest_w,
                content: (rest_at, end),
            });
        }
        // The kerning between this piece and the next is a box of its own before
        // the break, which the break's width takes back: the word measures the
        // same whole or broken.
        let last = text.chars().next_back();
        let next = pieces
            .get(k + 1)
            .and_then(|p| tok.text[p.0..].chars().next());
        let junction = match (last, next) {
            (Some(l), Some(r)) => kern(tok.font, l, r) * tok.size / 1000.0,
            _ => 0.0,
        };
        if junction != 0.0 {
            out.push(Item::Box {
                width: junction,
                content: (end, end),
            });
        }
        match brk {
            Some(true) if hyphenate => out.push(Item::Penalty {
                width: width(tok.font, "-", tok.size)
                    + last.map_or(0.0, |l| kern(tok.font, l, '-') * tok.size / 1000.0)
                    - junction,
                penalty: 100.0,
                flagged: true,
            }),
            Some(true) => {}
            Some(false) => out.push(Item::Penalty {
                width: -junction,
                penalty: 100.0,
                flagged: false,
            }),
            None => {}
        }
    }
    (out, widest)
}

/// Total-fit line breaking, justified or ragged. Forced line breaks (in quotations
/// and addresses) split the tokens into stretches broken separately.
fn break_lines(
    tokens: &[Token],
    first_x: f32,
    rest_x: f32,
    right: f32,
    leading: f32,
    set: Set,
) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for (k, stretch) in tokens.split(|t| t.newline).enumerate() {
        let first = if k == 0 { first_x } else { rest_x };
        let measure = right - first.max(rest_x);
        let widths = |line: usize| {
            if line == 0 {
                right - first
            } else {
                right - rest_x
            }
        };
        let plain = items(stretch, measure, set, false);
        // A very long paragraph (a large family's reference list) is filled a line
        // at a time, without hyphenation: total fit would weigh every line against
        // every other for little gain, and such a list differs in every notice of a
        // batch, so it is set afresh each time.
        let words = stretch.iter().filter(|t| !t.space).count();
        if words > FIRST_FIT_WORDS {
            let bs = linebreak::first_fit(&plain, widths);
            lines.extend(
                set_lines(stretch, &plain, &bs, first, rest_x, leading, set).map(shared_body),
            );
            continue;
        }
        // As TeX does: first without hyphenation (word spaces within 1.75 times
        // their width); then with hyphenation; then with no limit (loose lines are
        // then set ragged).
        let found = linebreak::breaks(&plain, widths, 1.5)
            .map(|b| (plain, b))
            .or_else(|| {
                let hyph = items(stretch, measure, set, true);
                linebreak::breaks(&hyph, widths, 2.0)
                    .or_else(|| linebreak::breaks(&hyph, widths, f32::INFINITY))
                    .map(|b| (hyph, b))
            });
        let Some((its, bs)) = found else {
            lines.extend(greedy_lines(stretch, first, rest_x, right, leading));
            continue;
        };
        lines.extend(set_lines(stretch, &its, &bs, first, rest_x, leading, set));
    }
    if lines.is_empty() {
        lines.push(Line {
            height: leading,
            ..Default::default()
        });
    }
    lines
}

/// Line bodies by the hash of their runs.
type Bodies = FxHashMap<u64, Vec<Arc<Body>>>;

/// How many line bodies a thread remembers before it starts again: a reference list
/// of a thousand cases is about 150 lines.
const SHARED_BODIES: usize = 4096;

/// Gives a line of a long paragraph the body of an equal line set before on this
/// thread, with the bytes that draw it. Such a paragraph is set afresh in every
/// notice, but its lines recur: a family's reference list, less one reference, has
/// the same lines as its siblings' lists before that reference and the same lines
/// shifted by one after it.
fn shared_body(line: Line) -> Line {
    use std::cell::RefCell;
    use std::hash::{Hash, Hasher};
    thread_local! {
        static BODIES: RefCell<Bodies> = RefCell::new(FxHashMap::default());
    }
    let mut h = rustc_hash::FxHasher::default();
    for r in &line.body.runs {
        (&r.text, r.font, &r.link).hash(&mut h);
        [r.size, r.rise, r.x].map(f32::to_bits).hash(&mut h);
    }
    let hash = h.finish();
    let body = BODIES.with(|bodies| {
        let mut bodies = bodies.borrow_mut();
        let seen = bodies
            .get(&hash)
            .and_then(|bucket| bucket.iter().find(|b| b.runs == line.body.runs));
        if let Some(body) = seen {
            return Arc::clone(body);
        }
        if bodies.len() >= SHARED_BODIES {
            bodies.clear();
        }
        bodies.entry(hash).or_default().push(Arc::clone(&line.body));
        Arc::clone(&line.body)
    });
    Line { body, ..line }
}

/// Sets the lines `bs` chose: justified where the spaces stretch no more than
/// `MAX_RATIO` of their allowance, otherwise (and on the last line) ragged.
fn set_lines<'a>(
    tokens: &'a [Token],
    its: &'a Items,
    bs: &'a [linebreak::Break],
    first_x: f32,
    rest_x: f32,
    leading: f32,
    set: Set,
) -> impl Iterator<Item = Line> + 'a {
    let mut prev = None;
    bs.iter().enumerate().map(move |(li, b)| {
        let start = linebreak::line_start(its, prev);
        let x0 = if li == 0 { first_x } else { rest_x };
        let ratio = match set {
            _ if li + 1 == bs.len() => b.ratio.min(0.0),
            Set::Justified if b.ratio <= MAX_RATIO => b.ratio,
            _ => b.ratio.min(0.0),
        };
        prev = Some(b.at);
        set_line(tokens, its, start, b.at, x0, ratio, leading)
    })
}

/// Draws items `start..end` as one line at `x0`, adjusting glue by `ratio`; a break at
/// a flagged penalty ends the line with a hyphen.
fn set_line(
    tokens: &[Token],
    its: &Items,
    start: usize,
    end: usize,
    x0: f32,
    ratio: f32,
    leading: f32,
) -> Line {
    use linebreak::Item;
    let mut line = Line {
        height: leading,
        ..Default::default()
    };
    let mut runs: Vec<Run> = Vec::new();
    let mut x = x0;
    let mut joined = false;
    for it in &its[start.min(end)..end] {
        match it {
            Item::Box { width, content } => {
                let tok = &tokens[content.token];
                let text = &tok.text[content.start..content.end];
                // Pieces of one word on one line make one run, as copied text should.
                match runs.last_mut() {
                    Some(r)
                        if joined
                            && r.font == tok.font
                            && r.size == tok.size
                            && r.rise == tok.rise =>
                    {
                        r.text.push_str(text)
                    }
                    _ => runs.push(Run {
                        text: text.to_string(),
                        font: tok.font,
                        size: tok.size,
                        rise: tok.rise,
                        x,
                        link: tok.link.clone(),
                    }),
                }
                if let Some(n) = tok.note {
                    if !line.notes.contains(&n) {
                        line.notes.push(n);
                    }
                }
                x += width;
                joined = true;
            }
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                x += width
                    + if ratio >= 0.0 {
                        ratio * stretch
                    } else {
                        ratio * shrink
                    };
                joined = false;
            }
            Item::Penalty { .. } => {}
        }
    }
    if let Some(Item::Penalty { flagged: true, .. }) = its.get(end) {
        if let Some(r) = runs.last_mut() {
            r.text.push('-');
        }
    }
    line.with_runs(runs)
}

struct PageContent {
    lines: Vec<(f32, Line)>,
    /// The footnotes at the foot of the page, in order: a note carried over from the
    /// page before comes first.
    notes: Vec<NotePart>,
}

/// Lines `from..to` of footnote `number`: the whole note, or the part of a split one
/// on this page.
#[derive(Debug, Clone, Copy, PartialEq)]
struct NotePart {
    number: u32,
    from: usize,
    to: usize,
}

/// Space between footnotes, and above the first (the rule sits in it).
const NOTE_GAP: f32 = 3.0;
const RULE_SPACE: f32 = 12.0;
/// The most of a page a carried-over footnote may take: the rest is the body's.
const MAX_CARRIED: f32 = (TOP - BOTTOM) * 0.6;

type Notes = BTreeMap<u32, Vec<Line>>;

fn part_height(notes: &Notes, part: &NotePart) -> f32 {
    notes.get(&part.number).map_or(0.0, |ls| {
        ls[part.from..part.to].iter().map(|l| l.height).sum::<f32>() + NOTE_GAP
    })
}

/// The height of a page's footnote area: the rule's space and the notes.
fn notes_height(notes: &Notes, parts: &[NotePart]) -> f32 {
    if parts.is_empty() {
        0.0
    } else {
        RULE_SPACE + parts.iter().map(|p| part_height(notes, p)).sum::<f32>()
    }
}

/// Fits lines of footnote `number`, from line `from`, into `room` points: how many
/// lines fit, keeping at least `min` on this page and never leaving a single line to
/// carry over. None if fewer than `min` fit.
fn fit_lines(notes: &Notes, number: u32, from: usize, room: f32, min: usize) -> Option<usize> {
    let ls = notes.get(&number)?;
    let total = ls.len() - from;
    let mut h = NOTE_GAP;
    let mut k = 0;
    while k < total && h + ls[from + k].height <= room {
        h += ls[from + k].height;
        k += 1;
    }
    if k < total && total - k == 1 && k > min {
        k -= 1;
    }
    (k >= min.max(1)).then_some(k)
}

/// Pagination: keeps lines marked keep-with-next together, and sets each footnote at
/// the foot of its marker's page. A footnote too long for the space left is split:
/// at least two of its lines stay with the marker and the rest is carried to the foot
/// of the next page (and on, if it must); if not even two fit, the marker's line
/// moves to the next page with its note.
fn paginate(mut lines: Vec<Line>, notes: &Notes) -> Vec<PageContent> {
    let mut pages: Vec<PageContent> = Vec::new();
    // Parts of notes still to be set, carried from page to page in order.
    let mut carried: Vec<NotePart> = Vec::new();
    let mut y = TOP;
    // Starts a page, setting as much of the carried-over notes as it may take.
    let new_page = |pages: &mut Vec<PageContent>, carried: &mut Vec<NotePart>| {
        let mut parts = Vec::new();
        let mut room = MAX_CARRIED - RULE_SPACE;
        while let Some(c) = carried.first().copied() {
            // The first carried note always makes progress: a line at least.
            let k = match fit_lines(notes, c.number, c.from, room, 1) {
                Some(k) => k,
                None if parts.is_empty() => 1,
                None => break,
            };
            let part = NotePart {
                to: c.from + k,
                ..c
            };
            room -= part_height(notes, &part);
            parts.push(part);
            if part.to < c.to {
                carried[0].from = part.to;
                break;
            }
            carried.remove(0);
        }
        pages.push(PageContent {
            lines: Vec::new(),
            notes: parts,
        });
    };
    new_page(&mut pages, &mut carried);
    let mut i = 0;
    while i < lines.len() {
        // The group of lines that must stay together, starting at i.
        let mut j = i;
        while j + 1 < lines.len() && lines[j].keep_with_next && j - i < 12 {
            j += 1;
        }
        let page = pages.last().expect("one page at least");
        let at_top = page.lines.is_empty();
        let mut h = 0.0;
        let mut fresh: Vec<u32> = Vec::new();
        for (k, l) in lines[i..=j].iter().enumerate() {
            h += l.height
                + if k == 0 && at_top {
                    0.0
                } else {
                    l.space_before
                };
            for n in &l.notes {
                if !fresh.contains(n) && !page.notes.iter().any(|p| p.number == *n) {
                    fresh.push(*n);
                }
            }
        }
        let whole = |n: u32| NotePart {
            number: n,
            from: 0,
            to: notes.get(&n).map_or(0, Vec::len),
        };
        let mut full = page.notes.clone();
        full.extend(fresh.iter().map(|n| whole(*n)));
        let placed = if y - h >= BOTTOM + notes_height(notes, &full) {
            Some((full, None))
        } else {
            // Split the last new note; the ones before it must fit whole.
            let split = fresh.split_last().and_then(|(&last, _)| {
                let mut parts = full[..full.len() - 1].to_vec();
                let used = notes_height(notes, &parts).max(RULE_SPACE);
                let room = y - h - BOTTOM - used;
                let k = fit_lines(notes, last, 0, room, if at_top { 1 } else { 2 })?;
                let all = whole(last);
                parts.push(NotePart { to: k, ..all });
                Some((parts, (k < all.to).then_some(NotePart { from: k, ..all })))
            });
            // Nothing fits, yet the page is empty: set the lines regardless.
            split.or_else(|| at_top.then_some((full, None)))
        };
        let Some((parts, rest)) = placed else {
            new_page(&mut pages, &mut carried);
            y = TOP;
            continue;
        };
        let page = pages.last_mut().expect("one page at least");
        page.notes = parts;
        carried.extend(rest);
        for l in lines[i..=j].iter_mut().map(std::mem::take) {
            let top = page.lines.is_empty();
            y -= l.height + if top { 0.0 } else { l.space_before };
            page.lines.push((y, l));
        }
        i = j + 1;
    }
    // A note still being carried gets pages of its own.
    while !carried.is_empty() {
        new_page(&mut pages, &mut carried);
    }
    pages
}

/// The link areas of a line's runs: [x1, y1, x2, y2] and the URL.
fn link_areas(runs: &[Run], y: f32, links: &mut Vec<([f32; 4], Arc<str>)>) {
    for r in runs {
        if let Some(url) = &r.link {
            let w = width(r.font, &r.text, r.size);
            links.push((
                [r.x, y - r.size * 0.25, r.x + w, y + r.size * 0.85],
                url.clone(),
            ));
        }
    }
}

/// Draws runs as one text object: runs of one font, size and rise make one TJ array,
/// with the word spaces and the font's kerning written as offsets. The first run is
/// placed by the caller (see [`Drawn`]); each later array is placed relative to it.
fn drawn(subsets: &Subsets, runs: &[Run]) -> Drawn {
    let mut c = Content::small();
    let ids = subset_ids(subsets);
    let Some(first) = runs.first() else {
        return Drawn {
            subsets: ids,
            head: Vec::new(),
            x: 0.0,
            rise: 0.0,
            tail: Vec::new(),
        };
    };
    c.begin_text();
    c.font(FONT_IDS[first.font], first.size);
    let head = c.take();
    let mut current = (first.font, first.size);
    let (mut at_x, mut at_rise) = (first.x, first.rise);
    let mut i = 0;
    while i < runs.len() {
        let r = &runs[i];
        if i > 0 {
            if current != (r.font, r.size) {
                c.font(FONT_IDS[r.font], r.size);
                current = (r.font, r.size);
            }
            c.move_by(r.x - at_x, r.rise - at_rise);
            (at_x, at_rise) = (r.x, r.rise);
        }
        let subset = subsets[r.font].as_deref();
        let mut end = r.x + show(&mut c, subset, r);
        let mut j = i + 1;
        while j < runs.len()
            && runs[j].font == r.font
            && runs[j].size == r.size
            && runs[j].rise == r.rise
        {
            c.offset(-((runs[j].x - end) * 1000.0 / r.size));
            end = runs[j].x + show(&mut c, subset, &runs[j]);
            j += 1;
        }
        c.end_array();
        i = j;
    }
    c.end_text();
    Drawn {
        subsets: ids,
        head,
        x: first.x,
        rise: first.rise,
        tail: c.into_bytes(),
    }
}

fn subset_ids(subsets: &Subsets) -> [u64; 5] {
    std::array::from_fn(|i| subsets[i].as_ref().map_or(0, |s| s.id))
}

impl Drawn {
    /// Writes the text object with its first run on the baseline at `y`.
    fn write(&self, c: &mut Content, y: f32) {
        if self.head.is_empty() {
            return;
        }
        c.raw(&self.head);
        c.move_by(self.x, y + self.rise);
        c.raw(&self.tail);
    }
}

/// Draws runs that are not a line's body (a margin number, the footer).
fn draw_runs(
    c: &mut Content,
    subsets: &Subsets,
    runs: &[Run],
    y: f32,
    links: &mut Vec<([f32; 4], Arc<str>)>,
) {
    link_areas(runs, y, links);
    drawn(subsets, runs).write(c, y);
}

/// Draws a line: its lead, then its body, whose bytes are made once and shared by
/// every notice that sets the same line in the same subsets.
fn draw_line(
    c: &mut Content,
    subsets: &Subsets,
    line: &Line,
    y: f32,
    links: &mut Vec<([f32; 4], Arc<str>)>,
) {
    if let Some(lead) = &line.lead {
        draw_runs(c, subsets, std::slice::from_ref(lead), y, links);
    }
    let runs = &line.body.runs;
    link_areas(runs, y, links);
    let shared = line.body.drawn.get_or_init(|| drawn(subsets, runs));
    if shared.subsets == subset_ids(subsets) {
        shared.write(c, y);
    } else {
        drawn(subsets, runs).write(c, y);
    }
}

/// Shows a run's glyphs, kerned, and returns its width (as `width` measures it). The
/// bytes for a word in a subset are made once per thread and appended after that.
fn show(c: &mut Content, subset: Option<&Subset>, r: &Run) -> f32 {
    use std::cell::RefCell;
    thread_local! {
        static RUNS: RefCell<RunMemo> = RefCell::default();
    }
    let Some(subset) = subset else {
        let (bytes, ems) = glyph_run(None, r);
        c.glyphs(&bytes);
        return ems * r.size;
    };
    RUNS.with(|runs| {
        let mut runs = runs.borrow_mut();
        let kind = (subset.id, r.font);
        if let Some((bytes, ems)) = runs.get(&kind, &r.text) {
            c.glyphs(bytes);
            return ems * r.size;
        }
        let (bytes, ems) = glyph_run(Some(subset), r);
        c.glyphs(&bytes);
        runs.insert(kind, &r.text, (bytes, ems));
        ems * r.size
    })
}

/// A run's glyphs as [`Content::run`] writes them, and its width in em.
fn glyph_run(subset: Option<&Subset>, r: &Run) -> (Vec<u8>, f32) {
    let mut c = Content::run();
    let mut ems = 0.0;
    for (ch, em, k) in kerned(r.font, &r.text) {
        c.offset(-k);
        c.glyph(subset.map_or(0, |s| s.code(ch)));
        ems += em + k / 1000.0;
    }
    (c.into_run(), ems)
}

/// The characters a notice draws in one font: a bitmap below `CACHED`, a set above.
#[derive(Default)]
struct CharSet {
    low: Vec<u64>,
    high: std::collections::BTreeSet<char>,
}

impl CharSet {
    fn extend(&mut self, chars: impl Iterator<Item = char>) {
        if self.low.is_empty() {
            self.low = vec![0; CACHED / 64];
        }
        for c in chars {
            let i = c as usize;
            if i < CACHED {
                self.low[i / 64] |= 1 << (i % 64);
            } else {
                self.high.insert(c);
            }
        }
    }

    fn into_set(self) -> std::collections::BTreeSet<char> {
        let mut set = self.high;
        for (k, w) in self.low.iter().enumerate() {
            let mut w = *w;
            while w != 0 {
                let bit = w.trailing_zeros() as usize;
                set.extend(char::from_u32((k * 64 + bit) as u32));
                w &= w - 1;
            }
        }
        set
    }
}

/// One notice's font subsets, by font index.
type Subsets = [Option<std::sync::Arc<Subset>>; 5];

/// Renders the document as PDF bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, Error> {
    // Embed only the glyphs drawn.
    let seen = used_chars(doc)?;
    let notes: BTreeMap<u32, Vec<Line>> = doc
        .footnotes
        .iter()
        .map(|f| (f.number, footnote_lines(f, set_of(doc))))
        .collect();
    let pages = paginate(lay_out(doc), &notes);
    let total = pages.len();
    let page_numbers: Vec<String> = (1..=total)
        .map(|p| format!("Page {p} of {total}"))
        .collect();

    let used = seen.map(CharSet::into_set);
    let mut subsets: Subsets = Default::default();
    for (i, chars) in used.iter().enumerate() {
        if !chars.is_empty() {
            subsets[i] = Some(cached_subset(i, chars).map_err(|m| Error::Pdf {
                file: "output".into(),
                message: format!("could not subset {}: {m}", FONT_NAMES[i]),
                help: "this is a bug in foinotice; please report it with the case file".into(),
            })?);
        }
    }

    // The content streams, a page at a time.
    let mut streams = Vec::with_capacity(total);
    // Link areas per page: [x1, y1, x2, y2] and the URL.
    let mut links: Vec<Vec<([f32; 4], Arc<str>)>> = vec![Vec::new(); total];
    for (p, page) in pages.iter().enumerate() {
        let mut c = Content::new();
        for (y, line) in &page.lines {
            draw_line(&mut c, &subsets, line, *y, &mut links[p]);
        }
        if !page.notes.is_empty() {
            let mut y = BOTTOM + notes_height(&notes, &page.notes) - RULE_SPACE;
            c.rule(LEFT, LEFT + 45.0 * MM, y + 4.0, 0.5);
            for part in &page.notes {
                for l in &notes[&part.number][part.from..part.to] {
                    y -= l.height;
                    draw_line(&mut c, &subsets, l, y, &mut links[p]);
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
            },
            Run {
                text: page_no.clone(),
                font: 0,
                size: NOTE,
                rise: 0.0,
                x: RIGHT - width(0, page_no, NOTE),
                link: None,
            },
        ];
        draw_runs(&mut c, &subsets, &footer, FOOTER_Y, &mut links[p]);
        streams.push(c.into_bytes());
    }

    // printpdf builds the document (catalog, page tree, resources) around the
    // streams written above, and the font resources, which are shared by every notice
    // set in the same subsets and so made once per process.
    let fonts = font_objects(&subsets, &used)?;
    let mut pdf = PdfDocument::new(&doc.meta.title);
    pdf.with_pages(
        (0..total)
            .map(|_| PdfPage::new(Mm(210.0), Mm(297.0), Vec::new()))
            .collect(),
    );
    let mut lo = pdf.to_lopdf_document(&save_options(), &mut Vec::new());
    replace_contents(&mut lo, streams)?;
    fonts.copy_into(&mut lo)?;
    add_links(&mut lo, &links);
    finish(&mut lo, doc, &pages)
}

fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    }
}

/// The font resources for one set of subsets, as printpdf makes them (Type0 fonts,
/// their CID fonts and descriptors, widths, ToUnicode maps, font programs), named with
/// their subset tags and deflated.
struct FontObjects {
    /// Resource name ("F1") and the id of its font dictionary in `objects`.
    fonts: Vec<(String, lopdf::ObjectId)>,
    objects: BTreeMap<lopdf::ObjectId, lopdf::Object>,
}

/// The font resources for a notice's subsets: made by printpdf the first time a set is
/// seen in this process (from a one-page document that shows each subset's
/// characters, which is how printpdf learns which glyphs a font carries), then reused.
fn font_objects(
    subsets: &Subsets,
    used: &[std::collections::BTreeSet<char>; 5],
) -> Result<std::sync::Arc<FontObjects>, Error> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    type Key = Vec<(usize, Vec<char>)>;
    static CACHE: OnceLock<Mutex<HashMap<Key, Arc<FontObjects>>>> = OnceLock::new();
    let key: Key = (0..5)
        .filter(|i| subsets[*i].is_some())
        .map(|i| (i, used[i].iter().copied().collect()))
        .collect();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(f) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(f);
    }
    let mut pdf = PdfDocument::new("fonts");
    let mut tags: [Option<String>; 5] = Default::default();
    let mut sup_digits: Vec<(u16, char)> = Vec::new();
    let mut inventory = vec![Op::StartTextSection];
    for (i, sub) in subsets.iter().enumerate() {
        let Some(sub) = sub else { continue };
        let chars = &used[i];
        tags[i] = Some(format!(
            "{}+{}",
            super::subset::tag(FONT_IDS[i], chars),
            FONT_NAMES[i]
        ));
        if i == SUP {
            sup_digits = chars
                .iter()
                .filter_map(|c| sub.font.lookup_glyph_index(*c as u32).map(|g| (g, *c)))
                .collect();
        }
        pdf.resources.fonts.map.insert(
            FontId(FONT_IDS[i].into()),
            printpdf::PdfFont::new(sub.font.clone()),
        );
        inventory.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(FONT_IDS[i].into())),
            size: Pt(BODY),
        });
        inventory.push(Op::ShowText {
            items: vec![TextItem::Text(chars.iter().collect())],
        });
    }
    inventory.push(Op::EndTextSection);
    pdf.with_pages(vec![PdfPage::new(Mm(210.0), Mm(297.0), inventory)]);
    let mut lo = pdf.to_lopdf_document(&save_options(), &mut Vec::new());
    fix_fonts(&mut lo, &tags, &sup_digits)?;
    compress(&mut lo);
    // Everything the page's font dictionary reaches.
    let font_dict = font_dict_id(&lo)?;
    let Ok(lopdf::Object::Dictionary(dict)) = lo.get_object(font_dict) else {
        return Err(pdf_bug("font resources"));
    };
    let mut fonts = Vec::new();
    let mut todo = Vec::new();
    for (name, v) in dict.iter() {
        let id = v.as_reference().map_err(|_| pdf_bug("font reference"))?;
        fonts.push((String::from_utf8_lossy(name).into_owned(), id));
        todo.push(id);
    }
    let mut objects = BTreeMap::new();
    while let Some(id) = todo.pop() {
        if objects.contains_key(&id) {
            continue;
        }
        let obj = lo
            .get_object(id)
            .map_err(|_| pdf_bug("font object"))?
            .clone();
        references(&obj, &mut todo);
        objects.insert(id, obj);
    }
    let made = Arc::new(FontObjects { fonts, objects });
    if let Ok(mut c) = cache.lock() {
        if c.len() >= 64 {
            c.clear();
        }
        c.insert(key, made.clone());
    }
    Ok(made)
}

/// The id of the font resource dictionary the first page uses (printpdf gives every
/// page the same one).
fn font_dict_id(lo: &lopdf::Document) -> Result<lopdf::ObjectId, Error> {
    use lopdf::Object;
    let page = *lo
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| pdf_bug("no page"))?;
    let resources = lo
        .get_object(page)
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"Resources"))
        .map_err(|_| pdf_bug("page resources"))?;
    let resources = match resources {
        Object::Reference(r) => lo.get_object(*r).and_then(Object::as_dict),
        other => other.as_dict(),
    }
    .map_err(|_| pdf_bug("page resources"))?;
    resources
        .get(b"Font")
        .and_then(Object::as_reference)
        .map_err(|_| pdf_bug("font resources"))
}

/// Every object id an object refers to.
fn references(obj: &lopdf::Object, out: &mut Vec<lopdf::ObjectId>) {
    use lopdf::Object;
    match obj {
        Object::Reference(r) => out.push(*r),
        Object::Array(a) => a.iter().for_each(|o| references(o, out)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| references(o, out)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| references(o, out)),
        _ => {}
    }
}

/// Rewrites an object's references through `map`.
fn renumber(obj: &mut lopdf::Object, map: &BTreeMap<lopdf::ObjectId, lopdf::ObjectId>) {
    use lopdf::Object;
    match obj {
        Object::Reference(r) => {
            if let Some(n) = map.get(r) {
                *r = *n;
            }
        }
        Object::Array(a) => a.iter_mut().for_each(|o| renumber(o, map)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| renumber(o, map)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, o)| renumber(o, map)),
        _ => {}
    }
}

impl FontObjects {
    /// Adds the font objects to a notice under fresh ids, in a fixed order, and makes
    /// them its pages' font resources.
    fn copy_into(&self, lo: &mut lopdf::Document) -> Result<(), Error> {
        let map: BTreeMap<lopdf::ObjectId, lopdf::ObjectId> = self
            .objects
            .keys()
            .map(|id| (*id, lo.new_object_id()))
            .collect();
        for (id, obj) in &self.objects {
            let mut obj = obj.clone();
            renumber(&mut obj, &map);
            lo.objects.insert(map[id], obj);
        }
        let mut dict = lopdf::Dictionary::new();
        for (name, id) in &self.fonts {
            dict.set(name.as_bytes().to_vec(), lopdf::Object::Reference(map[id]));
        }
        let font_dict = font_dict_id(lo)?;
        lo.objects
            .insert(font_dict, lopdf::Object::Dictionary(dict));
        Ok(())
    }
}

/// Gives each page the content stream written for it.
fn replace_contents(lo: &mut lopdf::Document, streams: Vec<Vec<u8>>) -> Result<(), Error> {
    use lopdf::Object;
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    if page_ids.len() != streams.len() {
        return Err(pdf_bug("page count"));
    }
    for (page_id, content) in page_ids.into_iter().zip(streams) {
        let contents = lo
            .get_object(page_id)
            .and_then(Object::as_dict)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(|_| pdf_bug("page without contents"))?;
        lo.objects.insert(
            contents,
            Object::Stream(deflated_stream(content, CONTENT_LEVEL)),
        );
    }
    Ok(())
}

/// Fixes what printpdf leaves random or wrong: the document info (dates from the
/// notice, no bogus /GTS_PDFXVersion), the outline (headings in document order), the
/// language, and the trailer /ID (derived from the content); then writes the file.
fn finish(
    lo: &mut lopdf::Document,
    doc: &Document,
    pages: &[PageContent],
) -> Result<Vec<u8>, Error> {
    use lopdf::{Dictionary, Object, StringFormat};
    let date = doc
        .meta
        .date
        .map(|d| d.format("D:%Y%m%d000000Z").to_string())
        .unwrap_or_else(|| "D:20000101000000Z".into());
    let text = |s: &str| {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    };
    let mut info = Dictionary::new();
    info.set("Title", text(&doc.meta.title));
    info.set("Author", text(&doc.meta.author));
    info.set("Subject", text(&doc.meta.subject));
    info.set("Keywords", text(&doc.meta.keywords.join(", ")));
    info.set("Creator", text("foinotice"));
    info.set(
        "Producer",
        text(concat!(
            "foinotice ",
            env!("CARGO_PKG_VERSION"),
            " with printpdf"
        )),
    );
    info.set(
        "CreationDate",
        Object::String(date.clone().into_bytes(), StringFormat::Literal),
    );
    info.set(
        "ModDate",
        Object::String(date.into_bytes(), StringFormat::Literal),
    );
    let info_id = lo.add_object(info);
    lo.trailer.set("Info", Object::Reference(info_id));

    let root_id = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| pdf_bug("no catalog"))?;
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();

    // Outline: one entry per heading, in document order, pointing at its page and line.
    let mut entries: Vec<(String, usize, f32)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for (y, line) in &page.lines {
            if let Some(title) = &line.heading {
                entries.push((title.clone(), p, *y + line.height));
            }
        }
    }
    let old_outline = lo
        .get_object(root_id)
        .ok()
        .and_then(|c| c.as_dict().ok())
        .and_then(|c| c.get(b"Outlines").ok())
        .and_then(|o| o.as_reference().ok());
    if let Some(id) = old_outline {
        lo.objects.remove(&id);
    }
    let mut catalog = lo
        .get_object(root_id)
        .and_then(Object::as_dict)
        .map_err(|_| pdf_bug("catalog"))?
        .clone();
    catalog.remove(b"Outlines");
    catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
    if !entries.is_empty() {
        let outline_id = lo.new_object_id();
        let ids: Vec<lopdf::ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
        for (i, (title, page, y)) in entries.iter().enumerate() {
            let mut d = Dictionary::new();
            d.set("Title", text(title));
            d.set("Parent", Object::Reference(outline_id));
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(page_ids[*page]),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(*y),
                    Object::Null,
                ]),
            );
            if i > 0 {
                d.set("Prev", Object::Reference(ids[i - 1]));
            }
            if i + 1 < ids.len() {
                d.set("Next", Object::Reference(ids[i + 1]));
            }
            lo.objects.insert(ids[i], Object::Dictionary(d));
        }
        let mut o = Dictionary::new();
        o.set("Type", Object::Name(b"Outlines".to_vec()));
        o.set("First", Object::Reference(ids[0]));
        o.set("Last", Object::Reference(*ids.last().expect("non-empty")));
        o.set("Count", Object::Integer(ids.len() as i64));
        lo.objects.insert(outline_id, Object::Dictionary(o));
        catalog.set("Outlines", Object::Reference(outline_id));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    catalog.set(
        "Lang",
        Object::String(
            doc.meta.language.clone().into_bytes(),
            StringFormat::Literal,
        ),
    );
    lo.objects.insert(root_id, Object::Dictionary(catalog));

    // Drop objects printpdf left unreferenced (its own info dictionary). Every stream
    // is deflated already: page contents in `replace_contents`, font resources in
    // `font_objects`.
    lo.prune_objects();
    lo.renumber_objects();
    // The document id is a digest of the file written with a placeholder id of the
    // same length, patched in afterwards: one serialisation, and equal input still
    // gives equal bytes.
    const PLACEHOLDER: &[u8; 32] = b"foinotice-document-id-0000000000";
    let placeholder = || Object::String(PLACEHOLDER.to_vec(), StringFormat::Literal);
    lo.trailer
        .set("ID", Object::Array(vec![placeholder(), placeholder()]));
    let mut out = Vec::with_capacity(64 * 1024);
    lo.save_to(&mut out).map_err(|e| Error::Pdf {
        file: "output".into(),
        message: format!("could not write the PDF: {e}"),
        help: "this is a bug in foinotice; please report it with the case file".into(),
    })?;
    let id = digest_hex(&out);
    let trailer = out
        .windows(7)
        .rposition(|w| w == b"trailer")
        .ok_or_else(|| pdf_bug("no trailer"))?;
    let mut patched = 0;
    let mut at = trailer;
    while let Some(k) = out[at..]
        .windows(PLACEHOLDER.len())
        .position(|w| w == PLACEHOLDER)
    {
        out[at + k..at + k + PLACEHOLDER.len()].copy_from_slice(id.as_bytes());
        at += k + PLACEHOLDER.len();
        patched += 1;
    }
    if patched != 2 {
        return Err(pdf_bug("document id"));
    }
    Ok(out)
}

/// Names each embedded font with its subset tag ("ABCDEF+LiberationSans", as PDF
/// requires of a subset) and gives the superscript font its ToUnicode map.
fn fix_fonts(
    lo: &mut lopdf::Document,
    tags: &[Option<String>; 5],
    sup_digits: &[(u16, char)],
) -> Result<(), Error> {
    use lopdf::{Object, Stream};
    let name_of = |b: &[u8]| FONT_IDS.iter().position(|id| id.as_bytes() == b);
    let mut descriptors = Vec::new();
    let mut sup_unicode = None;
    for (_, obj) in lo.objects.iter_mut() {
        let Ok(dict) = obj.as_dict_mut() else {
            continue;
        };
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice()) {
            continue;
        }
        let Some(i) = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .ok()
            .and_then(name_of)
        else {
            continue;
        };
        let Some(tag) = &tags[i] else { continue };
        dict.set("BaseFont", Object::Name(tag.clone().into_bytes()));
        if i == SUP {
            sup_unicode = dict.get(b"ToUnicode").and_then(Object::as_reference).ok();
        }
        if let Ok(Object::Array(desc)) = dict.get_mut(b"DescendantFonts") {
            for d in desc.iter_mut() {
                if let Ok(dd) = d.as_dict_mut() {
                    dd.set("BaseFont", Object::Name(tag.clone().into_bytes()));
                    if let Ok(r) = dd.get(b"FontDescriptor").and_then(Object::as_reference) {
                        descriptors.push((r, tag.clone()));
                    }
                }
            }
        }
    }
    for (r, tag) in descriptors {
        if let Ok(d) = lo.get_object_mut(r).and_then(Object::as_dict_mut) {
            d.set("FontName", Object::Name(tag.into_bytes()));
        }
    }
    if let Some(r) = sup_unicode {
        let cmap = super::subset::superscript_cmap(sup_digits);
        lo.objects.insert(
            r,
            Object::Stream(Stream::new(lopdf::Dictionary::new(), cmap.into_bytes())),
        );
    } else if !sup_digits.is_empty() {
        return Err(pdf_bug("the superscript font has no ToUnicode map"));
    }
    Ok(())
}

/// A notice's subset of one face, and the glyph code of each character in it.
struct Subset {
    /// Unique in this process: what drawn bytes made with this subset record.
    id: u64,
    font: ParsedFont,
    /// Code (the subset's glyph id) by character below `CACHED`; 0 where absent.
    codes: Vec<u16>,
}

impl Subset {
    fn code(&self, c: char) -> u16 {
        match self.codes.get(c as usize) {
            Some(code) => *code,
            None => self.font.lookup_glyph_index(c as u32).unwrap_or(0),
        }
    }
}

/// Font subsets already made in this process, by face and characters.
fn cached_subset(
    font: usize,
    chars: &std::collections::BTreeSet<char>,
) -> Result<std::sync::Arc<Subset>, String> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    type Key = (usize, Vec<char>);
    static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Subset>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (font, chars.iter().copied().collect::<Vec<_>>());
    if let Some(f) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(f);
    }
    let sub = super::subset::subset_font(face(font), face_bytes(font), chars)?;
    let mut codes = vec![0u16; CACHED];
    for c in chars.iter().filter(|c| (**c as usize) < CACHED) {
        codes[*c as usize] = sub.lookup_glyph_index(*c as u32).unwrap_or(0);
    }
    static IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let id = IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let sub = Arc::new(Subset {
        id,
        font: sub,
        codes,
    });
    if let Ok(mut c) = cache.lock() {
        if c.len() >= 64 {
            c.clear();
        }
        c.insert(key, sub.clone());
    }
    Ok(sub)
}

/// Deflates bytes at a level (6 is zlib's default; 1 the fastest).
fn deflate(bytes: &[u8], level: u32) -> Option<Vec<u8>> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    use std::cell::RefCell;
    // Setting up a compressor clears a few hundred kilobytes of tables, which costs
    // more than deflating a page: each thread keeps one per level and resets it.
    thread_local! {
        static COMPRESSORS: RefCell<Vec<(u32, Compress)>> = const { RefCell::new(Vec::new()) };
    }
    COMPRESSORS.with(|cs| {
        let mut cs = cs.borrow_mut();
        let i = match cs.iter().position(|(l, _)| *l == level) {
            Some(i) => i,
            None => {
                cs.push((level, Compress::new(Compression::new(level), true)));
                cs.len() - 1
            }
        };
        let c = &mut cs[i].1;
        c.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let read = c.total_in() as usize;
            match c
                .compress_vec(&bytes[read..], &mut out, FlushCompress::Finish)
                .ok()?
            {
                Status::StreamEnd => return Some(out),
                Status::Ok | Status::BufError => out.reserve(out.capacity().max(1024)),
            }
        }
    })
}

/// How hard page contents are deflated: the fastest level, about a tenth larger than
/// the default and a third of its time, since they are written for every notice.
const CONTENT_LEVEL: u32 = 1;

/// A stream of the given content, deflated when that makes it smaller.
fn deflated_stream(content: Vec<u8>, level: u32) -> lopdf::Stream {
    let mut stream = lopdf::Stream::new(lopdf::Dictionary::new(), content);
    if let Some(z) = deflate(&stream.content, level) {
        if z.len() < stream.content.len() {
            stream
                .dict
                .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(z);
        }
    }
    stream
}

/// Deflates the streams printpdf left uncompressed: the font programs and ToUnicode
/// maps. They repeat from notice to notice, so each distinct one is deflated once per
/// process, at zlib's default level (lopdf's own `compress` uses the best level,
/// which costs several times the time for a few per cent of size).
fn compress(lo: &mut lopdf::Document) {
    for obj in lo.objects.values_mut() {
        if let lopdf::Object::Stream(s) = obj {
            if s.dict.get(b"Filter").is_ok() || !s.allows_compression {
                continue;
            }
            let key = digest_hex(&s.content);
            let cached = deflated().lock().ok().and_then(|c| {
                c.get(&key)
                    .filter(|(original, _)| *original == s.content)
                    .map(|(_, z)| z.clone())
            });
            let z = match cached {
                Some(z) => Some(z),
                None => {
                    let z = deflate(&s.content, 6);
                    if let (Some(z), Ok(mut c)) = (&z, deflated().lock()) {
                        if c.len() >= 64 {
                            c.clear();
                        }
                        c.insert(key, (s.content.clone(), z.clone()));
                    }
                    z
                }
            };
            if let Some(z) = z {
                if z.len() < s.content.len() {
                    s.dict
                        .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                    s.set_content(z);
                }
            }
        }
    }
}

/// Deflated streams by digest: (the original bytes, deflated).
type DeflateCache = std::collections::HashMap<String, (Vec<u8>, Vec<u8>)>;

fn deflated() -> &'static std::sync::Mutex<DeflateCache> {
    static CACHE: OnceLock<std::sync::Mutex<DeflateCache>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Makes each URL a link annotation over the text that shows it. Each URL's action is
/// one object, which every annotation over a piece of it shares: a URL broken over
/// many lines is written once.
fn add_links(lo: &mut lopdf::Document, links: &[Vec<([f32; 4], Arc<str>)>]) {
    use lopdf::{Dictionary, Object, StringFormat};
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    let mut actions: std::collections::HashMap<Arc<str>, lopdf::ObjectId> =
        std::collections::HashMap::new();
    for (p, page_links) in links.iter().enumerate() {
        if page_links.is_empty() {
            continue;
        }
        let Some(page_id) = page_ids.get(p) else {
            continue;
        };
        let mut annots = Vec::new();
        for (rect, url) in page_links {
            let action = *actions.entry(url.clone()).or_insert_with(|| {
                let mut action = Dictionary::new();
                action.set("S", Object::Name(b"URI".to_vec()));
                action.set(
                    "URI",
                    Object::String(url.as_bytes().to_vec(), StringFormat::Literal),
                );
                lo.add_object(action)
            });
            let mut a = Dictionary::new();
            a.set("Type", Object::Name(b"Annot".to_vec()));
            a.set("Subtype", Object::Name(b"Link".to_vec()));
            a.set(
                "Rect",
                Object::Array(rect.iter().map(|v| Object::Real(*v)).collect()),
            );
            a.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
            a.set("A", Object::Reference(action));
            annots.push(Object::Reference(lo.add_object(a)));
        }
        if let Ok(page) = lo.get_object_mut(*page_id).and_then(Object::as_dict_mut) {
            page.set("Annots", Object::Array(annots));
        }
    }
}

fn pdf_bug(what: &str) -> Error {
    Error::Pdf {
        file: "output".into(),
        message: format!("internal PDF structure problem: {what}"),
        help: "this is a bug in foinotice; please report it with the case file".into(),
    }
}

/// A 128-bit digest of the bytes as 32 hex digits: two multiply-rotate lanes over
/// 8-byte words, then a final mix. Not cryptographic; it names a document and keys the
/// deflate cache (whose hits are also compared byte for byte).
fn digest_hex(bytes: &[u8]) -> String {
    const K1: u64 = 0x9E37_79B9_7F4A_7C15;
    const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;
    let (mut a, mut b) = (
        0x6c62_272e_07bb_0142u64 ^ bytes.len() as u64,
        0x62b8_2175_6295_c58du64,
    );
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        a = (a ^ w).wrapping_mul(K1).rotate_left(31);
        b = (b ^ w.rotate_left(17)).wrapping_mul(K2).rotate_left(29);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let w = u64::from_le_bytes(tail);
    a = (a ^ w).wrapping_mul(K1);
    b = (b ^ w).wrapping_mul(K2);
    let mix = |mut x: u64| {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    };
    format!("{:016x}{:016x}", mix(a ^ b.rotate_left(7)), mix(b ^ a))
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
                let z = deflate(&input, level).unwrap();
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
            assert!(word_breaks(w, true).is_empty(), "{w}");
        }
    }

    #[test]
    fn urls_break_after_punctuation_without_hyphens_or_scraps() {
        // The second ends in "/>": no break may leave that scrap alone on a line.
        for url in [
            "https://www.example.org/news/item/10985",
            "<https://www.journal-news.com/news/judge-pacemaker/Utv63jyrwpT2Jmy9ltHQP/>",
        ] {
            let bs = word_breaks(url, true);
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
        let bs = word_breaks("investigation", true);
        assert!(bs.iter().all(|(_, hy)| *hy) && bs.len() >= 2, "{bs:?}");
        // Quotes and punctuation stay outside the hyphenated core.
        for (at, _) in word_breaks("“investigation”,", true) {
            assert!(at > "“".len() + 1);
        }
        assert!(word_breaks("the", true).is_empty());
        assert_eq!(word_breaks("well-known", true), vec![(5, false)]);
    }
}
