//! Turning the document model into lines: tokens, the greedy first fit, block layout and the paragraph cache.

use super::*;

/// A word or space to be set, with the footnotes it carries.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) link: Option<Arc<str>>,
    pub(super) text: String,
    pub(super) font: usize,
    pub(super) size: f32,
    pub(super) rise: f32,
    pub(super) space: bool,
    pub(super) newline: bool,
    pub(super) note: Option<u32>,
    pub(super) lang: Option<crate::model::Lang>,
}

impl Token {
    pub(super) fn word(text: String, font: usize, size: f32) -> Token {
        Token {
            link: None,
            text,
            font,
            size,
            rise: 0.0,
            space: false,
            newline: false,
            note: None,
            lang: None,
        }
    }

    /// What the token's run is in the structure tree.
    pub(super) fn mark(&self) -> Mark {
        match (self.note, self.lang) {
            (Some(n), _) => Mark::Note(n),
            (None, Some(l)) => Mark::Lang(l),
            (None, None) => Mark::Line,
        }
    }

    /// A word space (its text is not needed: the font and size give its width).
    pub(super) fn space(font: usize, size: f32) -> Token {
        Token {
            space: true,
            ..Token::word(String::new(), font, size)
        }
    }
}

pub(super) fn tokens(inlines: &Inlines, size: f32, base: Style) -> Vec<Token> {
    let mut out = Vec::new();
    let push_text = |out: &mut Vec<Token>, text: &str, style: Style, link: Option<&str>| {
        let font = inline_font(base, style);
        let shared: Option<Arc<str>> = link.map(Arc::from);
        let linked = |text: String| Token {
            link: shared.clone(),
            lang: style.lang,
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
                lang: None,
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
                    lang: None,
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
pub(super) fn greedy_lines(
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
    let new_line = |lines: &mut Vec<Line>, line: &mut Line, runs: &mut Vec<Run>, end: End| {
        let done = std::mem::replace(
            line,
            Line {
                height: leading,
                ..Default::default()
            },
        );
        lines.push(done.with_runs(std::mem::take(runs), end));
    };
    let mut queue: std::collections::VecDeque<Token> = tokens.iter().cloned().collect();
    while let Some(tok) = queue.pop_front() {
        if tok.newline {
            new_line(&mut lines, &mut line, &mut runs, End::Space);
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
            // At a word space, or inside a word that was cut.
            let end = if pending_space {
                End::Space
            } else {
                End::Joined
            };
            new_line(&mut lines, &mut line, &mut runs, end);
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
            mark: tok.mark(),
        });
        if let Some(n) = tok.note {
            line.notes.push(n);
        }
        x += w;
    }
    if !runs.is_empty() || lines.is_empty() {
        lines.push(line.with_runs(runs, End::Space));
    }
    lines
}

/// Lays the document's blocks out as a list of lines (not yet paginated).
pub(super) fn set_of(doc: &Document) -> Set {
    if doc.meta.ragged {
        Set::Ragged
    } else {
        Set::Justified
    }
}

/// Gives lines the structure elements their content belongs to.
fn tagged(mut ls: Vec<Line>, tag: LineTag) -> Vec<Line> {
    for l in &mut ls {
        l.tag = tag;
    }
    ls
}

/// The indent of body text from the left margin: the numbers' hanging indent where
/// paragraphs are numbered; none in a letter, whose paragraphs, addresses, labels
/// and signature then all start at the margin (one scheme, nothing set under a line
/// it does not belong to).
pub(super) fn body_indent(doc: &Document) -> f32 {
    if crate::render::numbered(doc) {
        HANG
    } else {
        0.0
    }
}

pub(super) fn lay_out(cache: &Cache, doc: &Document, tags: &mut Builder) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let plain = Style::default();
    let body_set = set_of(doc);
    let hang = body_indent(doc);
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
    for (bi, b) in doc.blocks.iter().enumerate() {
        tags.block(b);
        let keep_next = crate::render::keeps_with_next(&doc.blocks, bi);
        match b {
            Block::Title(t) => {
                let ls = set_text(
                    cache,
                    to_set(t, 14.0, TITLE),
                    LEFT,
                    LEFT,
                    RIGHT,
                    19.0,
                    Set::Display,
                );
                let ls = tagged(ls, tags.title());
                push(&mut out, ls, 4.0, true, true);
            }
            Block::Fields(rows) => {
                let mut all = Vec::new();
                let table = tags.table();
                let mut row: Option<LineTag> = None;
                for r in rows {
                    let mut ls = set_text(
                        cache,
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
                            mark: Mark::Line,
                        });
                        ls[0].space_before = 3.0;
                    }
                    // A continuation row's lines belong to the row above.
                    let tag = match row {
                        Some(t) if r.label.is_empty() => t,
                        _ => tags.row(table),
                    };
                    row = Some(tag);
                    all.extend(tagged(ls, tag));
                }
                push(&mut out, all, GAP + 4.0, true, keep_next);
            }
            Block::Heading { level, text } => {
                let size = if *level == 1 { 12.5 } else { 11.5 };
                let mut ls = set_text(
                    cache,
                    to_set(text, size, heading_style(*level)),
                    LEFT,
                    LEFT,
                    RIGHT,
                    size * 1.3,
                    Set::Display,
                );
                ls[0].heading = Some(crate::model::plain_text(text));
                let ls = tagged(ls, tags.heading(*level));
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
                    cache,
                    to_set(text, BODY, plain),
                    LEFT + hang,
                    LEFT + hang,
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
                        mark: Mark::Line,
                    });
                }
                let tag = match number {
                    Some(_) => tags.numbered(),
                    None => tags.paragraph(0),
                };
                push(&mut out, tagged(ls, tag), GAP, false, keep_next);
            }
            Block::Quote(paras) => {
                let quote = tags.quote();
                for (k, p) in paras.iter().enumerate() {
                    let ls = set_text(
                        cache,
                        to_set(p, BODY, plain),
                        LEFT + hang + QUOTE_INDENT,
                        LEFT + hang + QUOTE_INDENT,
                        RIGHT - QUOTE_INDENT,
                        LEADING,
                        body_set,
                    );
                    let ls = tagged(ls, tags.paragraph(quote));
                    let keep = if k + 1 == paras.len() {
                        keep_next
                    } else {
                        crate::render::ends_with_colon(p)
                    };
                    push(&mut out, ls, GAP, false, keep);
                }
            }
            Block::List(items) => {
                let list = tags.list();
                for (k, item) in items.iter().enumerate() {
                    let mut ls = set_text(
                        cache,
                        to_set(item, BODY, plain),
                        LEFT + hang + 6.0 * MM,
                        LEFT + hang + 6.0 * MM,
                        RIGHT,
                        LEADING,
                        body_set,
                    );
                    ls[0].lead = Some(Run {
                        text: "•".into(),
                        font: 0,
                        size: BODY,
                        rise: 0.0,
                        x: LEFT + hang + 1.0 * MM,
                        link: None,
                        mark: Mark::Line,
                    });
                    let ls = tagged(ls, tags.item(list));
                    let keep = if k + 1 == items.len() {
                        keep_next
                    } else {
                        crate::render::ends_with_colon(item)
                    };
                    push(&mut out, ls, GAP * 0.6, false, keep);
                }
            }
            Block::Lines(lines) => {
                let mut all = Vec::new();
                let tag = tags.paragraph(0);
                for l in lines {
                    all.extend(set_text(
                        cache,
                        to_set(l, BODY, plain),
                        LEFT,
                        LEFT,
                        RIGHT,
                        LEADING,
                        Set::Ragged,
                    ));
                }
                push(&mut out, tagged(all, tag), GAP, true, keep_next);
            }
        }
    }
    out
}

/// Lines of one footnote, set at the foot of the page.
pub(super) fn footnote_lines(cache: &Cache, f: &Footnote, set: Set) -> Vec<Line> {
    let text = Text {
        marker: Some(f.number),
        ..to_set(&f.text, NOTE, Style::default())
    };
    set_text(cache, text, LEFT, LEFT + 3.0 * MM, RIGHT, NOTE_LEADING, set)
}

/// Text to be set: inlines in a size and base style, after a footnote's own marker
/// when it is one.
#[derive(Clone, Copy)]
pub(super) struct Text<'a> {
    pub(super) inlines: &'a Inlines,
    pub(super) size: f32,
    pub(super) base: Style,
    pub(super) marker: Option<u32>,
}

pub(super) fn to_set(inlines: &Inlines, size: f32, base: Style) -> Text<'_> {
    Text {
        inlines,
        size,
        base,
        marker: None,
    }
}

/// What a paragraph's lines depend on besides its inlines: how and where it is set.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct SetParams {
    pub(super) size: u32,
    pub(super) base: Style,
    pub(super) marker: Option<u32>,
    /// first_x, rest_x, right and leading, as bits.
    pub(super) frame: [u32; 4],
    pub(super) set: Set,
}

/// A remembered paragraph's key: its inlines and how they were set.
pub(super) struct SetKey {
    pub(super) inlines: Inlines,
    pub(super) params: SetParams,
}

/// Paragraphs longer than this (in bytes of text) are set afresh each time: a list
/// of a family's references, which differs in every notice, is the usual one.
pub(super) const CACHED_TEXT: usize = 4096;

/// Paragraphs of more words than this are broken first-fit rather than total-fit.
/// Prose never comes near it (a full page is about 500 words); a family of several
/// hundred cases gives a reference list that does.
pub(super) const FIRST_FIT_WORDS: usize = 600;

/// Set paragraphs by the hash of their [`SetKey`].
pub(super) type Paragraphs = FxHashMap<u64, Vec<(SetKey, Vec<Line>)>>;

/// How many paragraphs a thread remembers before it starts again: a notice has about
/// a hundred, most of them shared with the rest of its family.
pub(super) const CACHED_PARAGRAPHS: usize = 1024;

/// Breaks a text into lines, remembering the answer: the notices of a batch set the
/// same paragraphs in the same frame over and over, and their lines (with the bytes
/// that draw them) are then shared rather than set again. Each thread keeps its own
/// (up to `CACHED_PARAGRAPHS`).
pub(super) fn set_text(
    cache: &Cache,
    t: Text<'_>,
    first_x: f32,
    rest_x: f32,
    right: f32,
    leading: f32,
    set: Set,
) -> Vec<Line> {
    let fresh = || {
        let mut toks = tokens(t.inlines, t.size, t.base);
        if let Some(n) = t.marker {
            let marker = Token {
                rise: t.size * SUP_RISE,
                ..Token::word(n.to_string(), SUP, t.size * SUP_SCALE)
            };
            toks.splice(0..0, [marker, Token::space(0, t.size)]);
        }
        break_lines(cache, &toks, first_x, rest_x, right, leading, set)
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
        let frame = long::Frame {
            first_x,
            rest_x,
            right,
            leading,
            set,
        };
        return long::set_long(cache, t, frame).unwrap_or_else(fresh);
    }
    let params = SetParams {
        size: t.size.to_bits(),
        base: t.base,
        marker: t.marker,
        frame: [first_x, rest_x, right, leading].map(f32::to_bits),
        set,
    };
    // Looked up by hash and compared in place, so that a hit copies nothing.
    let hash = {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        (t.inlines, params).hash(&mut h);
        h.finish()
    };
    let same = |k: &SetKey| k.params == params && k.inlines == *t.inlines;
    if let Some((_, lines)) = cache
        .paragraphs
        .borrow()
        .get(&hash)
        .and_then(|bucket| bucket.iter().find(|(k, _)| same(k)))
    {
        return lines.clone();
    }
    let lines = fresh();
    let mut paragraphs = cache.paragraphs.borrow_mut();
    if paragraphs.len() >= CACHED_PARAGRAPHS {
        paragraphs.clear();
    }
    let key = SetKey {
        inlines: t.inlines.clone(),
        params,
    };
    paragraphs
        .entry(hash)
        .or_default()
        .push((key, lines.clone()));
    lines
}
