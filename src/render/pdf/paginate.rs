//! Pagination: lines onto pages, footnotes at the foot of their marker's page, carried notes.

use super::*;

pub(super) struct PageContent {
    pub(super) lines: Vec<(f32, Line)>,
    /// The footnotes at the foot of the page, in order: a note carried over from the
    /// page before comes first.
    pub(super) notes: Vec<NotePart>,
}

/// Lines `from..to` of footnote `number`: the whole note, or the part of a split one
/// on this page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct NotePart {
    pub(super) number: u32,
    pub(super) from: usize,
    pub(super) to: usize,
}

/// Space between footnotes, and above the first (the rule sits in it).
pub(super) const NOTE_GAP: f32 = 3.0;
pub(super) const RULE_SPACE: f32 = 12.0;
/// The most of a page a carried-over footnote may take: the rest is the body's.
pub(super) const MAX_CARRIED: f32 = (TOP - BOTTOM) * 0.6;

pub(super) type Notes = BTreeMap<u32, Vec<Line>>;

pub(super) fn part_height(notes: &Notes, part: &NotePart) -> f32 {
    notes.get(&part.number).map_or(0.0, |ls| {
        ls[part.from..part.to].iter().map(|l| l.height).sum::<f32>() + NOTE_GAP
    })
}

/// The height of a page's footnote area: the rule's space and the notes.
pub(super) fn notes_height(notes: &Notes, parts: &[NotePart]) -> f32 {
    if parts.is_empty() {
        0.0
    } else {
        RULE_SPACE + parts.iter().map(|p| part_height(notes, p)).sum::<f32>()
    }
}

/// Fits lines of footnote `number`, from line `from`, into `room` points: how many
/// lines fit, keeping at least `min` on this page and never leaving a single line to
/// carry over. None if fewer than `min` fit.
pub(super) fn fit_lines(
    notes: &Notes,
    number: u32,
    from: usize,
    room: f32,
    min: usize,
) -> Option<usize> {
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
pub(super) fn paginate(mut lines: Vec<Line>, notes: &Notes) -> Vec<PageContent> {
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
