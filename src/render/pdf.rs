//! The PDF renderer: A4 pages set in the embedded Liberation Sans family, wrapped with
//! the font's glyph advances, numbered paragraphs with a hanging indent, indented
//! quotations, footnotes at the foot of their marker's page, and a running footer.
//! Output is deterministic: fixed font ids, a content-derived document id, and the
//! notice date as the creation date.

use super::linebreak;
use crate::error::Error;
use crate::model::{Block, Document, Footnote, Inline, Inlines, Style};
use printpdf::{
    FontId, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    TextItem,
};
use std::collections::BTreeMap;
use std::sync::OnceLock;

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
#[derive(Debug, Clone)]
struct Run {
    text: String,
    font: usize,
    size: f32,
    rise: f32,
    x: f32,
    /// The URL this run shows, made a link annotation.
    link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Line {
    runs: Vec<Run>,
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

/// Advances in em for the characters below U+2200 (Latin, Welsh, punctuation, £),
/// looked up once per process; others are looked up each time.
const CACHED: usize = 0x2200;

fn advances(font: usize) -> &'static [f32] {
    static TABLES: OnceLock<[Vec<f32>; 4]> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        std::array::from_fn(|i| {
            let f = &fonts()[i];
            (0..CACHED as u32)
                .map(|c| match f.lookup_glyph_index(c) {
                    Some(g) => em(f, g),
                    None => f32::NAN,
                })
                .collect()
        })
    });
    &tables[if font == SUP { 0 } else { font }]
}

fn advance(font: usize, c: char, size: f32) -> Option<f32> {
    if (c as usize) < CACHED {
        let em = advances(font)[c as usize];
        return (!em.is_nan()).then_some(em * size);
    }
    let f = face(font);
    let gid = f.lookup_glyph_index(c as u32)?;
    Some(em(f, gid) * size)
}

/// A glyph's advance in em, cut to whole thousandths as printpdf writes it in /W, so
/// that where we place text is where a viewer draws it.
fn em(f: &ParsedFont, gid: u16) -> f32 {
    let w = f.get_glyph_width(gid).unwrap_or(0) as f32;
    (w * 1000.0 / f.units_per_em as f32).trunc() / 1000.0
}

fn width(font: usize, s: &str, size: f32) -> f32 {
    s.chars()
        .map(|c| advance(font, c, size).unwrap_or(0.0))
        .sum()
}

/// A word or space to be set, with the footnotes it carries.
#[derive(Debug, Clone)]
struct Token {
    link: Option<String>,
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

    fn space(font: usize, size: f32) -> Token {
        Token {
            space: true,
            ..Token::word(" ".into(), font, size)
        }
    }
}

/// Characters the fonts lack, reported before anything is drawn.
fn check_coverage(doc: &Document) -> Result<(), Error> {
    let check = |inlines: &Inlines, whereabouts: &str| -> Result<(), Error> {
        for i in inlines {
            let (text, style) = match i {
                Inline::Text { text, style } => (text.as_str(), *style),
                Inline::Link { url, .. } => (url.as_str(), Style::default()),
                _ => continue,
            };
            for c in text.chars() {
                if !c.is_whitespace() && advance(font_index(style), c, BODY).is_none() {
                    return Err(Error::Pdf {
                        file: std::path::PathBuf::from(whereabouts),
                        message: format!("the font has no glyph for {c:?} (U+{:04X}) in “{}”", c as u32, snippet(text, c)),
                        help: "replace the character in the case file, or add a font that covers it to fonts/".into(),
                    });
                }
            }
        }
        Ok(())
    };
    for b in &doc.blocks {
        let place = block_name(b);
        match b {
            Block::Title(t) | Block::Heading { text: t, .. } | Block::Paragraph { text: t, .. } => {
                check(t, &place)?
            }
            Block::Fields(rows) => {
                for r in rows {
                    check(&r.value, &place)?
                }
            }
            Block::Quote(items) | Block::List(items) | Block::Lines(items) => {
                for t in items {
                    check(t, &place)?
                }
            }
        }
    }
    for f in &doc.footnotes {
        check(&f.text, &format!("footnote {}", f.number))?;
    }
    Ok(())
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
        let style = Style {
            bold: style.bold || base.bold,
            italic: style.italic || base.italic,
        };
        let font = font_index(style);
        let linked = |text: String| Token {
            link: link.map(str::to_string),
            ..Token::word(text, font, size)
        };
        let mut word = String::new();
        for c in text.chars() {
            if c == ' ' {
                if !word.is_empty() {
                    out.push(linked(std::mem::take(&mut word)));
                }
                out.push(Token::space(font, size));
            } else {
                word.push(c);
            }
        }
        if !word.is_empty() {
            out.push(linked(word));
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
    let mut x = first_x;
    let mut left = first_x;
    let mut pending_space = false;
    let new_line = |lines: &mut Vec<Line>, line: &mut Line| {
        lines.push(std::mem::replace(
            line,
            Line {
                height: leading,
                ..Default::default()
            },
        ));
    };
    let mut queue: std::collections::VecDeque<Token> = tokens.iter().cloned().collect();
    while let Some(tok) = queue.pop_front() {
        if tok.newline {
            new_line(&mut lines, &mut line);
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
            new_line(&mut lines, &mut line);
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
        line.runs.push(Run {
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
    if !line.runs.is_empty() || lines.is_empty() {
        lines.push(line);
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
                let ls = break_lines(
                    &tokens(
                        t,
                        14.0,
                        Style {
                            bold: true,
                            italic: false,
                        },
                    ),
                    LEFT,
                    LEFT,
                    RIGHT,
                    19.0,
                    Set::Ragged,
                );
                push(&mut out, ls, 4.0, true, true);
            }
            Block::Fields(rows) => {
                let mut all = Vec::new();
                for r in rows {
                    let mut ls = break_lines(
                        &tokens(&r.value, BODY, plain),
                        LEFT + 38.0 * MM,
                        LEFT + 38.0 * MM,
                        RIGHT,
                        LEADING,
                        Set::Ragged,
                    );
                    if !r.label.is_empty() {
                        ls[0].runs.insert(
                            0,
                            Run {
                                text: format!("{}:", r.label),
                                font: 1,
                                size: BODY,
                                rise: 0.0,
                                x: LEFT,
                                link: None,
                            },
                        );
                        ls[0].space_before = 3.0;
                    }
                    all.extend(ls);
                }
                push(&mut out, all, GAP + 4.0, true, false);
            }
            Block::Heading { level, text } => {
                let size = if *level == 1 { 12.5 } else { 11.5 };
                let style = Style {
                    bold: true,
                    italic: *level == 2,
                };
                let mut ls = break_lines(
                    &tokens(text, size, style),
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
                let mut ls = break_lines(
                    &tokens(text, BODY, plain),
                    LEFT + HANG,
                    LEFT + HANG,
                    RIGHT,
                    LEADING,
                    body_set,
                );
                if let Some(n) = number {
                    ls[0].runs.insert(
                        0,
                        Run {
                            text: format!("{n}."),
                            font: 0,
                            size: BODY,
                            rise: 0.0,
                            x: LEFT,
                            link: None,
                        },
                    );
                }
                push(&mut out, ls, GAP, false, false);
            }
            Block::Quote(paras) => {
                for p in paras {
                    let ls = break_lines(
                        &tokens(p, BODY, plain),
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
                    let mut ls = break_lines(
                        &tokens(item, BODY, plain),
                        LEFT + HANG + 6.0 * MM,
                        LEFT + HANG + 6.0 * MM,
                        RIGHT,
                        LEADING,
                        body_set,
                    );
                    ls[0].runs.insert(
                        0,
                        Run {
                            text: "•".into(),
                            font: 0,
                            size: BODY,
                            rise: 0.0,
                            x: LEFT + HANG + 1.0 * MM,
                            link: None,
                        },
                    );
                    push(&mut out, ls, GAP * 0.6, false, false);
                }
            }
            Block::Lines(lines) => {
                let mut all = Vec::new();
                for l in lines {
                    all.extend(break_lines(
                        &tokens(l, BODY, plain),
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
    let mut toks = tokens(&f.text, NOTE, Style::default());
    let marker = Token {
        rise: NOTE * SUP_RISE,
        ..Token::word(f.number.to_string(), SUP, NOTE * SUP_SCALE)
    };
    toks.splice(0..0, [marker, Token::space(0, NOTE)]);
    break_lines(&toks, LEFT, LEFT + 3.0 * MM, RIGHT, NOTE_LEADING, set)
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

/// A piece of a word: the unit the breaker places.
#[derive(Debug, Clone)]
struct Piece {
    link: Option<String>,
    text: String,
    font: usize,
    size: f32,
    rise: f32,
    note: Option<u32>,
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
            if seps.contains(&c) && end < word.len() && !word[end..].starts_with(seps) {
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
        use hyphenation::Hyphenator;
        for b in hyphenator().hyphenate(core).breaks {
            out.push((start + b, true));
        }
    }
    out
}

/// Boxes, glue and penalties for one stretch of tokens (no forced breaks inside).
fn items(tokens: &[Token], measure: f32, set: Set, hyphenate: bool) -> Items {
    use linebreak::Item;
    let mut out: Items = Vec::new();
    let mut pending_space: Option<(usize, f32)> = None;
    for tok in tokens {
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
        let piece = |text: &str| Piece {
            link: tok.link.clone(),
            text: text.to_string(),
            font: tok.font,
            size: tok.size,
            rise: tok.rise,
            note: tok.note,
        };
        let breaks = if tok.note.is_some() {
            Vec::new()
        } else {
            word_breaks(&tok.text, hyphenate)
        };
        let mut from = 0;
        let hyphen = width(tok.font, "-", tok.size);
        let mut pieces: Vec<(&str, Option<bool>)> = Vec::new();
        for (at, hy) in breaks {
            pieces.push((&tok.text[from..at], Some(hy)));
            from = at;
        }
        pieces.push((&tok.text[from..], None));
        for (text, brk) in pieces {
            // A piece wider than the line is cut where it must be.
            let mut rest = text;
            while width(tok.font, rest, tok.size) > measure {
                let mut acc = 0.0;
                let mut cut = rest.chars().next().map_or(rest.len(), char::len_utf8);
                for (i, c) in rest.char_indices() {
                    acc += advance(tok.font, c, tok.size).unwrap_or(0.0);
                    if acc > measure {
                        break;
                    }
                    cut = i + c.len_utf8();
                }
                let (a, b) = rest.split_at(cut);
                out.push(Item::Box {
                    width: width(tok.font, a, tok.size),
                    content: piece(a),
                });
                out.push(Item::Penalty {
                    width: 0.0,
                    penalty: 900.0,
                    flagged: false,
                });
                rest = b;
            }
            if !rest.is_empty() {
                out.push(Item::Box {
                    width: width(tok.font, rest, tok.size),
                    content: piece(rest),
                });
            }
            match brk {
                Some(true) if hyphenate => out.push(Item::Penalty {
                    width: hyphen,
                    penalty: 100.0,
                    flagged: true,
                }),
                Some(true) => {}
                Some(false) => out.push(Item::Penalty {
                    width: 0.0,
                    penalty: 100.0,
                    flagged: false,
                }),
                None => {}
            }
        }
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
        // As TeX does: first without hyphenation (word spaces within 1.75 times
        // their width); then with
        // hyphenation; then with no limit (loose lines are then set ragged).
        let plain = items(stretch, measure, set, false);
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
        let mut prev = None;
        let count = bs.len();
        for (li, b) in bs.iter().enumerate() {
            let start = linebreak::line_start(&its, prev);
            let x0 = if li == 0 { first } else { rest_x };
            let last = li + 1 == count;
            let ratio = match set {
                _ if last => b.ratio.min(0.0),
                Set::Justified if b.ratio <= MAX_RATIO => b.ratio,
                _ => b.ratio.min(0.0),
            };
            lines.push(set_line(&its, start, b.at, x0, ratio, leading));
            prev = Some(b.at);
        }
    }
    if lines.is_empty() {
        lines.push(Line {
            height: leading,
            ..Default::default()
        });
    }
    lines
}

/// Draws items `start..end` as one line at `x0`, adjusting glue by `ratio`; a break at
/// a flagged penalty ends the line with a hyphen.
fn set_line(its: &Items, start: usize, end: usize, x0: f32, ratio: f32, leading: f32) -> Line {
    use linebreak::Item;
    let mut line = Line {
        height: leading,
        ..Default::default()
    };
    let mut x = x0;
    let mut joined = false;
    for it in &its[start.min(end)..end] {
        match it {
            Item::Box { width, content } => {
                // Pieces of one word on one line make one run, as copied text should.
                match line.runs.last_mut() {
                    Some(r)
                        if joined
                            && r.font == content.font
                            && r.size == content.size
                            && r.rise == content.rise =>
                    {
                        r.text.push_str(&content.text)
                    }
                    _ => line.runs.push(Run {
                        text: content.text.clone(),
                        font: content.font,
                        size: content.size,
                        rise: content.rise,
                        x,
                        link: content.link.clone(),
                    }),
                }
                if let Some(n) = content.note {
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
        if let Some(r) = line.runs.last_mut() {
            r.text.push('-');
        }
    }
    line
}

struct PageContent {
    lines: Vec<(f32, Line)>,
    notes: Vec<u32>,
}

/// Pagination: keeps lines marked keep-with-next together, and a line whose footnotes
/// do not fit at the foot of the page moves to the next page with them.
fn paginate(lines: Vec<Line>, notes: &BTreeMap<u32, Vec<Line>>) -> Vec<PageContent> {
    let note_h = |ns: &[u32]| -> f32 {
        if ns.is_empty() {
            0.0
        } else {
            8.0 + ns
                .iter()
                .map(|n| {
                    notes
                        .get(n)
                        .map_or(0.0, |ls| ls.iter().map(|l| l.height).sum::<f32>() + 3.0)
                })
                .sum::<f32>()
        }
    };
    let mut pages = vec![PageContent {
        lines: Vec::new(),
        notes: Vec::new(),
    }];
    let mut y = TOP;
    let mut i = 0;
    while i < lines.len() {
        // The group of lines that must stay together, starting at i.
        let mut j = i;
        while j + 1 < lines.len() && lines[j].keep_with_next && j - i < 12 {
            j += 1;
        }
        let page = pages.last_mut().expect("one page at least");
        let at_top = page.lines.is_empty();
        let mut h = 0.0;
        let mut ns = page.notes.clone();
        for (k, l) in lines[i..=j].iter().enumerate() {
            h += l.height
                + if k == 0 && at_top {
                    0.0
                } else {
                    l.space_before
                };
            for n in &l.notes {
                if !ns.contains(n) {
                    ns.push(*n);
                }
            }
        }
        if y - h < BOTTOM + note_h(&ns) && !at_top {
            pages.push(PageContent {
                lines: Vec::new(),
                notes: Vec::new(),
            });
            y = TOP;
            continue;
        }
        let page = pages.last_mut().expect("one page at least");
        for l in lines[i..=j].iter().cloned() {
            let top = page.lines.is_empty();
            y -= l.height + if top { 0.0 } else { l.space_before };
            for n in &l.notes {
                if !page.notes.contains(n) {
                    page.notes.push(*n);
                }
            }
            page.lines.push((y, l));
        }
        i = j + 1;
    }
    pages
}

fn text_ops(ops: &mut Vec<Op>, runs: &[Run], y: f32, links: &mut Vec<([f32; 4], String)>) {
    for r in runs {
        if let Some(url) = &r.link {
            let w = width(r.font, &r.text, r.size);
            links.push((
                [r.x, y - r.size * 0.25, r.x + w, y + r.size * 0.85],
                url.clone(),
            ));
        }
    }
    if runs.is_empty() {
        return;
    }
    // One text object per line; runs of one font, size and rise make one TJ array,
    // the word spaces written as offsets (thousandths of an em).
    ops.push(Op::StartTextSection);
    let mut current: Option<(usize, f32)> = None;
    let mut i = 0;
    while i < runs.len() {
        let r = &runs[i];
        if current != Some((r.font, r.size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(FONT_IDS[r.font].into())),
                size: Pt(r.size),
            });
            current = Some((r.font, r.size));
        }
        ops.push(Op::SetTextMatrix {
            matrix: printpdf::TextMatrix::Translate(Pt(r.x), Pt(y + r.rise)),
        });
        let mut items = vec![TextItem::Text(r.text.clone())];
        let mut end = r.x + width(r.font, &r.text, r.size);
        let mut j = i + 1;
        while j < runs.len()
            && runs[j].font == r.font
            && runs[j].size == r.size
            && runs[j].rise == r.rise
        {
            let gap = runs[j].x - end;
            items.push(TextItem::Offset(-(gap * 1000.0 / r.size)));
            items.push(TextItem::Text(runs[j].text.clone()));
            end = runs[j].x + width(runs[j].font, &runs[j].text, runs[j].size);
            j += 1;
        }
        ops.push(Op::ShowText { items });
        i = j;
    }
    ops.push(Op::EndTextSection);
}

/// Renders the document as PDF bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, Error> {
    check_coverage(doc)?;
    let notes: BTreeMap<u32, Vec<Line>> = doc
        .footnotes
        .iter()
        .map(|f| (f.number, footnote_lines(f, set_of(doc))))
        .collect();
    let pages = paginate(lay_out(doc), &notes);
    let total = pages.len();

    let mut pdf = PdfDocument::new(&doc.meta.title);
    let mut pdf_pages = Vec::with_capacity(total);
    let mut used: [std::collections::BTreeSet<char>; 5] = Default::default();
    let mut sup_digits: Vec<(u16, char)> = Vec::new();
    // Link areas per page: [x1, y1, x2, y2] and the URL.
    let mut links: Vec<Vec<([f32; 4], String)>> = vec![Vec::new(); pages.len()];
    for (p, page) in pages.iter().enumerate() {
        let mut ops = Vec::new();
        for (y, line) in &page.lines {
            text_ops(&mut ops, &line.runs, *y, &mut links[p]);
        }
        if !page.notes.is_empty() {
            let blocks: Vec<&Vec<Line>> = page.notes.iter().filter_map(|n| notes.get(n)).collect();
            let h: f32 = blocks
                .iter()
                .map(|ls| ls.iter().map(|l| l.height).sum::<f32>() + 3.0)
                .sum();
            let mut y = BOTTOM + h;
            ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
            ops.push(Op::DrawLine {
                line: printpdf::Line {
                    points: vec![
                        printpdf::LinePoint {
                            p: Point {
                                x: Pt(LEFT),
                                y: Pt(y + 4.0),
                            },
                            bezier: false,
                        },
                        printpdf::LinePoint {
                            p: Point {
                                x: Pt(LEFT + 45.0 * MM),
                                y: Pt(y + 4.0),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
            for ls in blocks {
                for l in ls {
                    y -= l.height;
                    text_ops(&mut ops, &l.runs, y, &mut links[p]);
                }
                y -= 3.0;
            }
        }
        let footer_left = doc.meta.footer.clone();
        let page_no = format!("Page {} of {}", p + 1, total);
        let pw = width(0, &page_no, NOTE);
        text_ops(
            &mut ops,
            &[
                Run {
                    text: footer_left,
                    font: 0,
                    size: NOTE,
                    rise: 0.0,
                    x: LEFT,
                    link: None,
                },
                Run {
                    text: page_no,
                    font: 0,
                    size: NOTE,
                    rise: 0.0,
                    x: RIGHT - pw,
                    link: None,
                },
            ],
            FOOTER_Y,
            &mut links[p],
        );
        pdf_pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
    }
    // Embed only the glyphs drawn: every run of every page, footnotes and footers.
    for page in &pages {
        let runs = page.lines.iter().flat_map(|(_, l)| l.runs.iter()).chain(
            page.notes
                .iter()
                .filter_map(|n| notes.get(n))
                .flatten()
                .flat_map(|l| l.runs.iter()),
        );
        for r in runs {
            used[r.font].extend(r.text.chars());
        }
    }
    used[0].extend(doc.meta.footer.chars());
    used[0].extend("Page 0123456789 of".chars());
    let mut tags: [Option<String>; 5] = Default::default();
    // A text face used at all carries printable ASCII too: then notices of one batch
    // (which differ mostly in names) share a subset, made and compressed once.
    for chars in used.iter_mut().take(SUP) {
        if !chars.is_empty() {
            chars.extend((0x20u8..0x7f).map(char::from));
        }
    }
    for (i, chars) in used.iter().enumerate() {
        if chars.is_empty() {
            continue;
        }
        let sub = cached_subset(i, chars).map_err(|m| Error::Pdf {
            file: "output".into(),
            message: format!("could not subset {}: {m}", FONT_NAMES[i]),
            help: "this is a bug in foinotice; please report it with the case file".into(),
        })?;
        tags[i] = Some(format!(
            "{}+{}",
            super::subset::tag(FONT_IDS[i], chars),
            FONT_NAMES[i]
        ));
        let digits: Vec<(u16, char)> = if i == SUP {
            chars
                .iter()
                .filter_map(|c| sub.lookup_glyph_index(*c as u32).map(|g| (g, *c)))
                .collect()
        } else {
            Vec::new()
        };
        pdf.resources
            .fonts
            .map
            .insert(FontId(FONT_IDS[i].into()), printpdf::PdfFont::new(sub));
        if i == SUP {
            sup_digits = digits;
        }
    }
    pdf.with_pages(pdf_pages);
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    fix_fonts(&mut lo, &tags, &sup_digits)?;
    add_links(&mut lo, &links);
    finish(&mut lo, doc, &pages)?;
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| Error::Pdf {
        file: "output".into(),
        message: format!("could not write the PDF: {e}"),
        help: "this is a bug in foinotice; please report it with the case file".into(),
    })?;
    Ok(out)
}

/// Fixes what printpdf leaves random or wrong: the document info (dates from the
/// notice, no bogus /GTS_PDFXVersion), the outline (headings in document order), the
/// language, and the trailer /ID (derived from the content).
fn finish(lo: &mut lopdf::Document, doc: &Document, pages: &[PageContent]) -> Result<(), Error> {
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

    // Drop objects printpdf left unreferenced (its own info dictionary), then derive
    // the document id from the content.
    lo.prune_objects();
    lo.renumber_objects();
    compress(lo);
    let mut probe = Vec::new();
    lo.trailer.remove(b"ID");
    lo.save_to(&mut probe)
        .map_err(|e| pdf_bug(&e.to_string()))?;
    let id = fnv_hex(&probe);
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone().into_bytes(), StringFormat::Literal),
            Object::String(id.into_bytes(), StringFormat::Literal),
        ]),
    );
    Ok(())
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
        let mut stream = Stream::new(lopdf::Dictionary::new(), cmap.into_bytes());
        let _ = stream.compress();
        lo.objects.insert(r, Object::Stream(stream));
    } else if !sup_digits.is_empty() {
        return Err(pdf_bug("the superscript font has no ToUnicode map"));
    }
    Ok(())
}

/// Font subsets already made in this process, by face and characters.
fn cached_subset(
    font: usize,
    chars: &std::collections::BTreeSet<char>,
) -> Result<ParsedFont, String> {
    use std::collections::HashMap;
    use std::sync::Mutex;
    type Key = (usize, Vec<char>);
    static CACHE: OnceLock<Mutex<HashMap<Key, ParsedFont>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (font, chars.iter().copied().collect::<Vec<_>>());
    if let Some(f) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(f);
    }
    let sub = super::subset::subset_font(face(font), face_bytes(font), chars)?;
    if let Ok(mut c) = cache.lock() {
        if c.len() >= 64 {
            c.clear();
        }
        c.insert(key, sub.clone());
    }
    Ok(sub)
}

/// Deflates every stream at a moderate level: lopdf's own `compress` uses the best
/// level, which costs several times the time for a few per cent of size.
fn compress(lo: &mut lopdf::Document) {
    use std::io::Write;
    for obj in lo.objects.values_mut() {
        if let lopdf::Object::Stream(s) = obj {
            if s.dict.get(b"Filter").is_ok() || !s.allows_compression {
                continue;
            }
            // Large streams (the font programs) repeat from notice to notice: deflate
            // each distinct one once per process.
            let key = (s.content.len() > 4096).then(|| fnv_hex(&s.content));
            let cached = key
                .as_ref()
                .and_then(|k| deflated().lock().ok().and_then(|c| c.get(k).cloned()));
            let z = match cached {
                Some(z) => Some(z),
                None => {
                    let mut e =
                        flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
                    e.write_all(&s.content).ok().and_then(|_| e.finish().ok())
                }
            };
            if let Some(z) = z {
                if let (Some(k), Ok(mut c)) = (key, deflated().lock()) {
                    if c.len() >= 64 {
                        c.clear();
                    }
                    c.insert(k, z.clone());
                }
                if z.len() < s.content.len() {
                    s.dict
                        .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                    s.set_content(z);
                }
            }
        }
    }
}

fn deflated() -> &'static std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>> {
    static CACHE: OnceLock<std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>> =
        OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Makes each URL a link annotation over the text that shows it.
fn add_links(lo: &mut lopdf::Document, links: &[Vec<([f32; 4], String)>]) {
    use lopdf::{Dictionary, Object, StringFormat};
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    for (p, page_links) in links.iter().enumerate() {
        if page_links.is_empty() {
            continue;
        }
        let Some(page_id) = page_ids.get(p) else {
            continue;
        };
        let mut annots = Vec::new();
        for (rect, url) in page_links {
            let mut action = Dictionary::new();
            action.set("S", Object::Name(b"URI".to_vec()));
            action.set(
                "URI",
                Object::String(url.clone().into_bytes(), StringFormat::Literal),
            );
            let mut a = Dictionary::new();
            a.set("Type", Object::Name(b"Annot".to_vec()));
            a.set("Subtype", Object::Name(b"Link".to_vec()));
            a.set(
                "Rect",
                Object::Array(rect.iter().map(|v| Object::Real(*v)).collect()),
            );
            a.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
            a.set("A", Object::Dictionary(action));
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

/// A 128-bit FNV-1a digest of the bytes, as 32 hex digits.
fn fnv_hex(bytes: &[u8]) -> String {
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for b in bytes {
        h ^= *b as u128;
        h = h.wrapping_mul(0x0000000001000000000000000000013B);
    }
    format!("{h:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(word_breaks("FS50739797", true).is_empty());
        assert!(word_breaks("31(3)", true).is_empty());
    }

    #[test]
    fn urls_break_after_punctuation_without_hyphens() {
        let url = "https://www.example.org/news/item/10985";
        let bs = word_breaks(url, true);
        assert!(!bs.is_empty());
        for (at, hy) in bs {
            assert!(!hy);
            let before = url[..at].chars().last().unwrap();
            assert!("/-._?&=#".contains(before), "{}", &url[..at]);
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
