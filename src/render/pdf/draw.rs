//! Drawing laid-out lines as PDF content: glyph runs, link areas and the character sets drawn.

use super::*;

/// The link areas of a line's runs: [x1, y1, x2, y2], the URL, and the structure
/// element the text is in.
pub(super) fn link_areas(runs: &[Run], y: f32, elem: usize, links: &mut Vec<LinkArea>) {
    for r in runs {
        if let Some(url) = &r.link {
            let w = width(r.font, &r.text, r.size);
            links.push((
                [r.x, y - r.size * 0.25, r.x + w, y + r.size * 0.85],
                url.clone(),
                elem,
            ));
        }
    }
}

/// Draws runs as one text object: runs of one font, size and rise make one TJ array,
/// with the word spaces and the font's kerning written as offsets. The first run is
/// placed by the caller (see [`Drawn`]); each later array is placed relative to it.
pub(super) fn drawn(cache: &Cache, subsets: &Subsets, runs: &[Run]) -> Drawn {
    drawn_before(cache, subsets, runs, None, false)
}

/// [`drawn`] for runs that the run `next` follows on the line, in another text object:
/// a word space before it is drawn at the end of these; and a space after the last
/// run where `space_after` says the line ends at a word space (see [`End`]).
fn drawn_before(
    cache: &Cache,
    subsets: &Subsets,
    runs: &[Run],
    next: Option<&Run>,
    space_after: bool,
) -> Drawn {
    let mut c = Content::small();
    let ids = subset_ids(subsets, runs);
    let Some(first) = runs.first() else {
        return Drawn {
            runs: 0,
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
        let mut end = r.x + show(cache, &mut c, subset, r);
        let mut j = i + 1;
        while j < runs.len()
            && runs[j].font == r.font
            && runs[j].size == r.size
            && runs[j].rise == r.rise
        {
            // A word space is drawn as a space glyph, so that extracted and copied
            // text has its spaces; the offset then makes up the justified width.
            if runs[j].x - end > WORD_GAP {
                end += space(&mut c, subset, r);
            }
            c.offset(-((runs[j].x - end) * 1000.0 / r.size));
            end = runs[j].x + show(cache, &mut c, subset, &runs[j]);
            j += 1;
        }
        // A space before a run in another font (after a footnote marker, say) ends
        // this array; the next one is placed from the line's start, not from here.
        let after = if j < runs.len() { runs.get(j) } else { next };
        if after.is_some_and(|next| next.x - end > WORD_GAP)
            || (j == runs.len() && next.is_none() && space_after)
        {
            space(&mut c, subset, &runs[j - 1]);
        }
        c.end_array();
        i = j;
    }
    c.end_text();
    Drawn {
        runs: runs.len(),
        subsets: ids,
        head,
        x: first.x,
        rise: first.rise,
        tail: c.into_bytes(),
    }
}

/// A gap between runs wider than this (in points) is a word space.
const WORD_GAP: f32 = 0.5;

/// Shows a space glyph in a run's font and size; gives its width.
fn space(c: &mut Content, subset: Option<&Subset>, r: &Run) -> f32 {
    c.glyph(subset.map_or(0, |s| s.code(' ')));
    width(r.font, " ", r.size)
}

/// The ids of the subsets the runs are drawn in, by font: [`UNUSED`] for a font no
/// run uses, whose subset does not change the bytes (0 for a font without one).
pub(super) fn subset_ids(subsets: &Subsets, runs: &[Run]) -> [u64; 5] {
    let mut ids = [UNUSED; 5];
    for r in runs {
        ids[r.font] = subset_id(subsets, r.font);
    }
    ids
}

/// The id of the subset a font is drawn in (0 if none).
fn subset_id(subsets: &Subsets, font: usize) -> u64 {
    subsets[font].as_ref().map_or(0, |s| s.id)
}

/// A font that drawn bytes do not use, in [`Drawn::subsets`].
const UNUSED: u64 = u64::MAX;

/// Whether drawn bytes hold for a notice set in these subsets: every font they use
/// is in the subset it was drawn in (a notice of a family may differ from the last in
/// a font that the line does not use).
fn drawn_in(parts: &[(Mark, Drawn)], subsets: &Subsets) -> bool {
    parts.iter().all(|(_, d)| {
        (d.subsets.iter().enumerate()).all(|(f, &id)| id == UNUSED || id == subset_id(subsets, f))
    })
}

impl Drawn {
    /// Writes the text object with its first run on the baseline at `y`.
    pub(super) fn write(&self, c: &mut Content, y: f32) {
        if self.head.is_empty() {
            return;
        }
        c.raw(&self.head);
        c.move_by(self.x, y + self.rise);
        c.raw(&self.tail);
    }
}

/// Draws runs that are not a line's body (a margin number, the footer).
pub(super) fn draw_runs(
    cache: &Cache,
    c: &mut Content,
    subsets: &Subsets,
    runs: &[Run],
    y: f32,
    links: &mut Vec<LinkArea>,
    elem: usize,
) {
    link_areas(runs, y, elem, links);
    drawn(cache, subsets, runs).write(c, y);
}

/// Draws a line: its lead, then its body, whose bytes are made once and shared by
/// every notice that sets the same line in the same subsets; each as marked content
/// of its structure element.
pub(super) fn draw_line(
    cache: &Cache,
    c: &mut Content,
    subsets: &Subsets,
    line: &Line,
    y: f32,
    links: &mut Vec<LinkArea>,
    tagging: &mut Tagging<'_>,
) {
    if let Some(lead) = &line.lead {
        let elem = line.tag.lead.unwrap_or(line.tag.body);
        // A label is followed by its body: a space between them when read.
        tagging.marks.begin(c, tagging.tree, elem, None);
        draw_runs(
            cache,
            c,
            subsets,
            std::slice::from_ref(lead),
            y,
            links,
            elem,
        );
        Marks::end(c);
    }
    let runs = &line.body.runs;
    if runs.is_empty() {
        return;
    }
    link_areas(runs, y, line.tag.body, links);
    let shared = line
        .body
        .drawn
        .get_or_init(|| drawn_marked(cache, subsets, runs, line.body.end));
    let fresh;
    let parts = if drawn_in(shared, subsets) {
        shared
    } else {
        fresh = drawn_marked(cache, subsets, runs, line.body.end);
        &fresh
    };
    // A hyphenated line's last stretch of text, before its added hyphen, reads as
    // the word's first part (its /ActualText); the hyphen is drawn after it as a
    // layout artifact, outside the structure.
    let last_text = parts.iter().rposition(|(m, _)| *m != Mark::Hyphen);
    let mut from = 0;
    for (k, (mark, d)) in parts.iter().enumerate() {
        let stretch = &runs[from..from + d.runs];
        from += d.runs;
        let body = line.tag.body;
        let elem = match *mark {
            Mark::Line => body,
            Mark::Note(n) => tagging.tree.reference(body, n),
            Mark::Lang(lang) => tagging.tree.span(body, lang),
            Mark::Hyphen => {
                tagging.marks.close(c);
                Marks::artifact(c, false);
                d.write(c, y);
                Marks::end(c);
                continue;
            }
        };
        let actual = match &line.body.actual {
            Some(whole) if parts.len() <= 2 && Some(k) == last_text => Some(whole.clone()),
            Some(_) if Some(k) == last_text => Some(actual_text(stretch)),
            _ => None,
        };
        if actual.is_none() && *mark == Mark::Line {
            tagging.marks.continue_or_begin(c, tagging.tree, elem);
            d.write(c, y);
        } else {
            tagging
                .marks
                .begin(c, tagging.tree, elem, actual.as_deref());
            d.write(c, y);
            Marks::end(c);
        }
    }
}

/// A line's runs drawn as one text object per stretch of runs with one mark (most
/// lines have one).
fn drawn_marked(cache: &Cache, subsets: &Subsets, runs: &[Run], ending: End) -> Vec<(Mark, Drawn)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < runs.len() {
        let mark = runs[start].mark;
        let end = runs[start..]
            .iter()
            .position(|r| r.mark != mark)
            .map_or(runs.len(), |k| start + k);
        // A footnote marker's Reference reads as its number alone: the word space
        // after it is left to the gap before the next run.
        let next = match (mark, runs.get(end)) {
            (Mark::Note(_), _)
            | (
                _,
                Some(Run {
                    mark: Mark::Hyphen, ..
                }),
            ) => None,
            _ => runs.get(end),
        };
        let last = end == runs.len();
        let note = matches!(mark, Mark::Note(_));
        let mut d = drawn_before(
            cache,
            subsets,
            &runs[start..end],
            next,
            last && ending == End::Space && !note,
        );
        d.runs = end - start;
        out.push((mark, d));
        // The word space after a footnote marker is the line's, not the Reference's:
        // a space of its own in the line's text, so that the marker's number is not
        // read glued to the next word.
        if let (true, Some(marker)) = (note, runs[start..end].last()) {
            let after = marker.x + width(marker.font, &marker.text, marker.size);
            let spaced = match runs.get(end) {
                Some(r) => r.x - after > WORD_GAP,
                None => ending == End::Space,
            };
            if spaced {
                let space = Run {
                    text: " ".into(),
                    font: 0,
                    x: after,
                    rise: 0.0,
                    link: None,
                    mark: Mark::Line,
                    ..marker.clone()
                };
                let mut d = drawn(cache, subsets, std::slice::from_ref(&space));
                d.runs = 0;
                out.push((Mark::Line, d));
            }
        }
        start = end;
    }
    out
}

/// Shows a run's glyphs, kerned, and returns its width (as `width` measures it). The
/// bytes for a word in a subset are made once per thread and appended after that.
pub(super) fn show(cache: &Cache, c: &mut Content, subset: Option<&Subset>, r: &Run) -> f32 {
    let Some(subset) = subset else {
        let (bytes, ems) = glyph_run(None, r);
        c.glyphs(&bytes);
        return ems * r.size;
    };
    let mut runs = cache.runs.borrow_mut();
    let kind = (subset.id, r.font);
    if let Some((bytes, ems)) = runs.get(&kind, &r.text) {
        c.glyphs(bytes);
        return ems * r.size;
    }
    let (bytes, ems) = glyph_run(Some(subset), r);
    c.glyphs(&bytes);
    runs.insert(kind, &r.text, (bytes, ems));
    ems * r.size
}

/// A run's glyphs as [`Content::run`] writes them, and its width in em.
pub(super) fn glyph_run(subset: Option<&Subset>, r: &Run) -> (Vec<u8>, f32) {
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
pub(super) struct CharSet {
    pub(super) low: Vec<u64>,
    pub(super) high: std::collections::BTreeSet<char>,
}

impl CharSet {
    pub(super) fn extend(&mut self, chars: impl Iterator<Item = char>) {
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

    pub(super) fn into_set(self) -> std::collections::BTreeSet<char> {
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
