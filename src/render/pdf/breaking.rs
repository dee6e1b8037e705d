//! Line breaking: hyphenation points, break items, the optimal fit and setting a line's runs.

use super::*;

/// How a block's lines are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Set {
    /// Flush left and right (word spaces stretched, never beyond `MAX_RATIO`).
    Justified,
    /// Flush left, natural word spaces.
    Ragged,
    /// Flush left, natural word spaces, never hyphenated: titles and headings.
    Display,
}

/// How far a justified word space may stretch: at most 1 + 0.5 × 2 = twice its
/// natural width. A line that would need more is set ragged instead.
pub(super) const MAX_RATIO: f32 = 2.0;

/// A piece of a word, the unit the breaker places: bytes `start..end` of a token.
#[derive(Debug, Clone, Copy)]
pub(super) struct Piece {
    pub(super) token: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) type Items = Vec<linebreak::Item<Piece>>;

pub(super) fn hyphenator() -> &'static hyphenation::Standard {
    use hyphenation::Load;
    static DICT: OnceLock<hyphenation::Standard> = OnceLock::new();
    DICT.get_or_init(|| {
        let bytes: &[u8] = include_bytes!("../../../data/hyph-en-gb.standard.bincode");
        hyphenation::Standard::from_reader(hyphenation::Language::EnglishGB, &mut &bytes[..])
            .expect("the embedded en-GB hyphenation patterns load (tested)")
    })
}

/// Where the en-GB patterns allow a word to be hyphenated (byte offsets). A batch
/// sets the same words over and over, so each thread remembers its answers.
pub(super) fn hyphenation_points(cache: &Cache, word: &str) -> Vec<usize> {
    use hyphenation::Hyphenator;
    let mut seen = cache.hyphens.borrow_mut();
    if let Some(points) = seen.get(word) {
        return points.clone();
    }
    let points = hyphenator().hyphenate(word).breaks;
    if seen.len() >= 20_000 {
        seen.clear();
    }
    seen.insert(word.to_string(), points.clone());
    points
}

/// Where a word may break: (byte offset, hyphen needed). URLs break after their
/// punctuation; words of letters hyphenate by the en-GB patterns; anything with digits
/// (case references, section citations, dates) never hyphenates, breaking only after
/// a hyphen or slash it already has.
pub(super) fn word_breaks(cache: &Cache, word: &str, hyphenate: bool) -> Vec<(usize, bool)> {
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
        for b in hyphenation_points(cache, core) {
            out.push((start + b, true));
        }
    }
    out
}

/// Boxes, glue and penalties for one stretch of tokens (no forced breaks inside).
pub(super) fn items(
    cache: &Cache,
    tokens: &[Token],
    measure: f32,
    set: Set,
    hyphenate: bool,
) -> Items {
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
        with_word_items(cache, tok, measure, hyphenate, |its| {
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
pub(super) type WordItems = Vec<linebreak::Item<(usize, usize)>>;

/// Calls `f` with a word's items, which each thread remembers by word, font, size
/// and whether hyphenation is on: a batch sets the same words (a family's references
/// above all) in every notice. A word with a piece wider than the measure is cut to
/// the measure and not remembered.
pub(super) fn with_word_items(
    cache: &Cache,
    tok: &Token,
    measure: f32,
    hyphenate: bool,
    f: impl FnOnce(&WordItems),
) {
    let kind = (tok.font, tok.size.to_bits(), hyphenate, tok.note.is_some());
    let mut words = cache.words.borrow_mut();
    if let Some((its, widest)) = words.get(&kind, &tok.text) {
        if *widest <= measure {
            return f(its);
        }
    }
    let (its, widest) = word_items(cache, tok, measure, hyphenate);
    f(&its);
    if widest <= measure {
        words.insert(kind, &tok.text, (its, widest));
    }
}

/// Each word's items and widest piece, by font, size, hyphenation and whether it is a
/// footnote marker.
pub(super) type WordMemo = Words<(usize, u32, bool, bool), (WordItems, f32)>;

/// Each word's glyph bytes and width in em, by subset and font.
pub(super) type RunMemo = Words<(u64, usize), (Vec<u8>, f32)>;

/// What a thread remembers about words, by a kind (font, size and so on) and the
/// word's text, which is looked up without copying it. At `REMEMBERED_WORDS` entries it forgets
/// everything and starts again, so memory stays bounded whatever the batch.
pub(super) struct Words<K, V> {
    pub(super) by_kind: FxHashMap<K, FxHashMap<String, V>>,
    pub(super) len: usize,
}

pub(super) const REMEMBERED_WORDS: usize = 50_000;

impl<K, V> Default for Words<K, V> {
    fn default() -> Self {
        Words {
            by_kind: FxHashMap::default(),
            len: 0,
        }
    }
}

impl<K: std::hash::Hash + Eq, V> Words<K, V> {
    pub(super) fn get(&self, kind: &K, word: &str) -> Option<&V> {
        self.by_kind.get(kind)?.get(word)
    }

    pub(super) fn insert(&mut self, kind: K, word: &str, value: V) {
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
pub(super) fn word_items(
    cache: &Cache,
    tok: &Token,
    measure: f32,
    hyphenate: bool,
) -> (WordItems, f32) {
    use linebreak::Item;
    let mut out: WordItems = Vec::with_capacity(4);
    let mut widest: f32 = 0.0;
    // Pieces of the token: (start, end, break after: hyphenated or not).
    let mut pieces: Vec<(usize, usize, Option<bool>)> = Vec::new();
    let mut from = 0;
    if tok.note.is_none() {
        for (at, hy) in word_breaks(cache, &tok.text, hyphenate) {
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
pub(super) fn break_lines(
    cache: &Cache,
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
        let plain = items(cache, stretch, measure, set, false);
        // A very long paragraph (a large family's reference list) is filled a line
        // at a time, without hyphenation: total fit would weigh every line against
        // every other for little gain, and such a list differs in every notice of a
        // batch, so it is set afresh each time.
        let words = stretch.iter().filter(|t| !t.space).count();
        if words > FIRST_FIT_WORDS {
            let bs = linebreak::first_fit(&plain, widths);
            lines.extend(
                set_lines(stretch, &plain, &bs, first, rest_x, leading, set)
                    .map(|l| shared_body(cache, l)),
            );
            continue;
        }
        // As TeX does: first without hyphenation (word spaces within 1.75 times
        // their width); then with hyphenation; then with no limit (loose lines are
        // then set ragged).
        if set == Set::Display {
            // A title or heading is never hyphenated: its lines break at its spaces.
            match linebreak::breaks(&plain, widths, f32::INFINITY) {
                Some(bs) => {
                    lines.extend(set_lines(stretch, &plain, &bs, first, rest_x, leading, set))
                }
                None => lines.extend(greedy_lines(stretch, first, rest_x, right, leading)),
            }
            continue;
        }
        let found = linebreak::breaks(&plain, widths, 1.5)
            .map(|b| (plain, b))
            .or_else(|| {
                let hyph = items(cache, stretch, measure, set, true);
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
pub(super) type Bodies = FxHashMap<u64, Vec<Arc<Body>>>;

/// How many line bodies a thread remembers before it starts again: a reference list
/// of a thousand cases is about 150 lines.
pub(super) const SHARED_BODIES: usize = 4096;

/// Gives a line of a long paragraph the body of an equal line set before on this
/// thread, with the bytes that draw it. Such a paragraph is set afresh in every
/// notice, but its lines recur: a family's reference list, less one reference, has
/// the same lines as its siblings' lists before that reference and the same lines
/// shifted by one after it.
pub(super) fn shared_body(cache: &Cache, line: Line) -> Line {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for r in &line.body.runs {
        (&r.text, r.font, &r.link).hash(&mut h);
        [r.size, r.rise, r.x].map(f32::to_bits).hash(&mut h);
    }
    let hash = h.finish();
    let mut bodies = cache.bodies.borrow_mut();
    let seen = bodies
        .get(&hash)
        .and_then(|bucket| {
            bucket
                .iter()
                .find(|b| b.runs == line.body.runs && b.end == line.body.end)
        })
        .map(Arc::clone);
    let body = match seen {
        Some(body) => body,
        None => {
            if bodies.len() >= SHARED_BODIES {
                bodies.clear();
            }
            bodies.entry(hash).or_default().push(Arc::clone(&line.body));
            Arc::clone(&line.body)
        }
    };
    Line { body, ..line }
}

/// Sets the lines `bs` chose: justified where the spaces stretch no more than
/// `MAX_RATIO` of their allowance, otherwise (and on the last line) ragged.
pub(super) fn set_lines<'a>(
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
pub(super) fn set_line(
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
                            && r.rise == tok.rise
                            && r.mark == tok.mark() =>
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
                        mark: tok.mark(),
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
    let mut ending = End::Space;
    match its.get(end) {
        Some(Item::Penalty { flagged: true, .. }) => {
            if let Some(r) = runs.last() {
                let kerned = r
                    .text
                    .chars()
                    .next_back()
                    .map_or(0.0, |l| kern(r.font, l, '-') * r.size / 1000.0);
                let hyphen = Run {
                    text: "-".into(),
                    x: r.x + width(r.font, &r.text, r.size) + kerned,
                    link: None,
                    mark: Mark::Hyphen,
                    ..r.clone()
                };
                runs.push(hyphen);
                ending = End::Hyphen;
            }
        }
        // A break inside a word (after its own hyphen, in a URL, or a cut): the
        // next line goes on with the same word.
        Some(Item::Penalty { penalty, .. }) if *penalty > -linebreak::INFINITY => {
            ending = End::Joined;
        }
        _ => {}
    }
    line.with_runs(runs, ending)
}
