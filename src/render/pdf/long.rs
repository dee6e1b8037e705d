//! Long paragraphs set again from the last one like them. A family's list of
//! references runs to thousands of words, is broken first-fit (see
//! [`FIRST_FIT_WORDS`]) and differs from one notice of the family to the next only
//! around the reference each notice leaves out. First fit sets each line from where
//! the line before ended, reading a word past the line's end at most; so the lines
//! before the first difference are the last paragraph's, and once a line starts at
//! the same place in the text that follows the last difference, so are all the lines
//! after it. Only the lines in between are set, and the work per notice grows with
//! the lines that differ, not with the list.
//!
//! The lines come out exactly as setting the whole paragraph would give them (tested
//! against it below, and byte for byte by `tests/pdf.rs`).

use super::*;

/// How many long paragraphs (by how they are set) a thread remembers.
const REMEMBERED: usize = 4;

/// How far past the last difference the lines are set, at first, to find one that
/// starts where a line of the last paragraph started (doubled until one does).
const WINDOW: usize = 256;

/// Where a line starts in its paragraph's text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    /// The byte offset of the line's first piece (`None` for the footnote's marker).
    start: Option<usize>,
    /// Where the word that piece belongs to ends: first fit reads no further to end
    /// the line before.
    word_end: usize,
    /// Whether the line starts at the start of a word (not inside a cut one).
    word_start: bool,
}

/// How a long paragraph was set: its frame, and the style of its text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct LongKey {
    params: SetParams,
    style: Style,
}

/// A long paragraph set on this thread: its text, its lines, and where each starts.
pub(super) struct Long {
    key: LongKey,
    text: String,
    lines: Vec<Line>,
    spans: Vec<Span>,
}

/// The long paragraphs a thread remembers, the latest last.
pub(super) type Longs = Vec<Long>;

/// Where and how a paragraph is set.
#[derive(Clone, Copy)]
pub(super) struct Frame {
    pub(super) first_x: f32,
    pub(super) rest_x: f32,
    pub(super) right: f32,
    pub(super) leading: f32,
    pub(super) set: Set,
}

/// Sets a long paragraph of plain text first-fit, from the last one set in the same
/// frame and style where there is one. `None` when the paragraph is not one text in one
/// style, or not long enough to be broken first-fit: it is then set as any other.
pub(super) fn set_long(cache: &Cache, t: Text<'_>, frame: Frame) -> Option<Vec<Line>> {
    let [Inline::Text { text, style }] = t.inlines.as_slice() else {
        return None;
    };
    let words = usize::from(t.marker.is_some()) + text.split(' ').filter(|w| !w.is_empty()).count();
    if words <= FIRST_FIT_WORDS {
        return None;
    }
    let key = LongKey {
        params: SetParams {
            size: t.size.to_bits(),
            base: t.base,
            marker: t.marker,
            frame: [frame.first_x, frame.rest_x, frame.right, frame.leading].map(f32::to_bits),
            set: frame.set,
        },
        style: *style,
    };
    let fit = Fit {
        cache,
        text,
        font: inline_font(t.base, *style),
        size: t.size,
        lang: style.lang,
        marker: t.marker,
        frame,
    };
    let mut longs = cache.longs.borrow_mut();
    let last = longs
        .iter()
        .position(|l| l.key == key)
        .map(|i| longs.remove(i));
    let (lines, spans) = match last.as_ref().and_then(|l| fit.again(l)) {
        Some(set) => set,
        None => {
            let (lines, spans, _) = fit.lines(0, text.len());
            (lines, spans)
        }
    };
    if longs.len() >= REMEMBERED {
        longs.remove(0);
    }
    longs.push(Long {
        key,
        text: text.clone(),
        lines: lines.clone(),
        spans,
    });
    Some(lines)
}

/// One paragraph's text and how it is set.
struct Fit<'a> {
    cache: &'a Cache,
    text: &'a str,
    font: usize,
    size: f32,
    lang: Option<crate::model::Lang>,
    marker: Option<u32>,
    frame: Frame,
}

impl Fit<'_> {
    /// The paragraph's lines from those of `last`, a paragraph set in the same frame
    /// and style: `None` when nothing of it can be kept.
    fn again(&self, last: &Long) -> Option<(Vec<Line>, Vec<Span>)> {
        let (old, new) = (last.text.as_bytes(), self.text.as_bytes());
        if old == new {
            return Some((last.lines.clone(), last.spans.clone()));
        }
        let p = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let q = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(old.len().min(new.len()) - p)
            .take_while(|(a, b)| a == b)
            .count();
        // Line k is the last paragraph's while the first word of the line after it
        // (the furthest first fit read to end line k) ends, with the space after it,
        // in the text both share.
        let mut r = 0;
        while r + 1 < last.spans.len()
            && last.spans[r + 1].start.is_some()
            && last.spans[r + 1].word_end < p
        {
            r += 1;
        }
        // Set afresh from the start of a word.
        while r > 0 && !last.spans[r].word_start {
            r -= 1;
        }
        let from = last.spans[r].start.filter(|&s| s > 0 && r > 0)?;
        // The shared end of the text, where a line of this paragraph that starts at
        // the same distance from the end as one of the last ends as that one did.
        let tail = new.len() - q;
        let mut want = tail.saturating_add(WINDOW);
        loop {
            let to = if want >= new.len() {
                new.len()
            } else {
                new[want..]
                    .iter()
                    .position(|&b| b == b' ')
                    .map_or(new.len(), |i| want + i)
            };
            let (lines, spans, complete) = self.lines(from, to);
            for (j, s) in spans.iter().enumerate() {
                let Some(at) = s.start.filter(|&at| s.word_start && at >= tail) else {
                    continue;
                };
                let then = at + old.len() - new.len();
                let m = last.spans[1..].partition_point(|o| o.start.is_none_or(|o| o < then)) + 1;
                if last
                    .spans
                    .get(m)
                    .is_some_and(|o| o.word_start && o.start == Some(then))
                {
                    let moved = |o: &Span| Span {
                        start: o.start.map(|s| s + new.len() - old.len()),
                        word_end: o.word_end + new.len() - old.len(),
                        ..*o
                    };
                    let lines = (last.lines[..r].iter().cloned())
                        .chain(lines.into_iter().take(j))
                        .chain(last.lines[m..].iter().cloned())
                        .collect();
                    let spans = (last.spans[..r].iter().copied())
                        .chain(spans[..j].iter().copied())
                        .chain(last.spans[m..].iter().map(moved))
                        .collect();
                    return Some((lines, spans));
                }
            }
            if complete {
                let lines = last.lines[..r].iter().cloned().chain(lines).collect();
                let spans = last.spans[..r].iter().copied().chain(spans).collect();
                return Some((lines, spans));
            }
            want = want.saturating_add(want - tail);
        }
    }

    /// Sets the text from byte `from` (0, or the start of a word that starts a line
    /// other than the first) to byte `to` (the end of a word, or of the text) first
    /// fit, as the whole paragraph would be set. Unless the text's end is reached
    /// (`true` given), the last line is left out: it ends where the stretch does, not
    /// where the paragraph would.
    fn lines(&self, from: usize, to: usize) -> (Vec<Line>, Vec<Span>, bool) {
        let f = self.frame;
        let mut toks = Vec::new();
        let mut at: Vec<Option<usize>> = Vec::new();
        if let (0, Some(n)) = (from, self.marker) {
            toks.push(Token {
                rise: self.size * SUP_RISE,
                ..Token::word(n.to_string(), SUP, self.size * SUP_SCALE)
            });
            toks.push(Token::space(0, self.size));
            at.extend([None, None]);
        }
        let mut offset = from;
        for (k, word) in self.text[from..to].split(' ').enumerate() {
            if k > 0 {
                toks.push(Token::space(self.font, self.size));
                at.push(None);
            }
            if !word.is_empty() {
                toks.push(Token {
                    lang: self.lang,
                    ..Token::word(word.to_string(), self.font, self.size)
                });
                at.push(Some(offset));
            }
            offset += word.len() + 1;
        }
        let first = if from == 0 { f.first_x } else { f.rest_x };
        let measure = f.right - f.first_x.max(f.rest_x);
        let its = items(self.cache, &toks, measure, f.set, false);
        let widths = |line: usize| {
            if line == 0 {
                f.right - first
            } else {
                f.right - f.rest_x
            }
        };
        let bs = linebreak::first_fit(&its, widths);
        let mut spans = Vec::with_capacity(bs.len());
        let mut prev = None;
        for b in &bs {
            let start = linebreak::line_start(&its, prev);
            prev = Some(b.at);
            spans.push(match its.get(start) {
                Some(linebreak::Item::Box { content, .. }) => Span {
                    start: at[content.token].map(|a| a + content.start),
                    word_end: at[content.token].map_or(0, |a| a + toks[content.token].text.len()),
                    word_start: content.start == 0,
                },
                _ => Span {
                    start: None,
                    word_end: 0,
                    word_start: false,
                },
            });
        }
        let mut lines: Vec<Line> = set_lines(&toks, &its, &bs, first, f.rest_x, f.leading, f.set)
            .map(|l| shared_body(self.cache, l))
            .collect();
        let complete = to == self.text.len();
        if !complete {
            lines.pop();
            spans.pop();
        }
        self.cache
            .long_lines
            .set(self.cache.long_lines.get() + lines.len());
        (lines, spans, complete)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A family's list of references as a notice of it sets it: every reference but
    /// its own.
    fn list(refs: &[String], own: usize) -> Inlines {
        let others: Vec<&str> = refs
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != own)
            .map(|(_, r)| r.as_str())
            .collect();
        let (last, rest) = others.split_last().unwrap();
        vec![Inline::Text {
            text: format!(
                "The other {} are dealt with under the following references: {} and {last}",
                others.len(),
                rest.join(", ")
            ),
            style: Style::default(),
        }]
    }

    fn set(cache: &Cache, inlines: &Inlines) -> Vec<Line> {
        let text = Text {
            marker: Some(3),
            ..to_set(inlines, NOTE, Style::default())
        };
        set_text(
            cache,
            text,
            LEFT,
            LEFT + 3.0 * MM,
            RIGHT,
            NOTE_LEADING,
            Set::Justified,
        )
    }

    fn same(a: &[Line], b: &[Line]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                x.body.runs == y.body.runs && x.body.end == y.body.end && x.height == y.height
            })
    }

    /// Every notice of a family, set one after another on one thread (in an order
    /// that jumps about, and with references of varying lengths, so that a changed
    /// line moves the breaks after it), gets the lines a fresh thread gives it.
    #[test]
    fn lines_set_from_the_last_list_are_the_lines_set_afresh() {
        let mut x: u32 = 7;
        let refs: Vec<String> = (0..650)
            .map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                match (x >> 16) % 4 {
                    0 => format!("FS5{i:07}"),
                    1 => format!("IC-{i}-W{}", x % 97),
                    2 => format!("https://example.org/case/{i}/document-{}", x % 13),
                    _ => format!("{i}/17"),
                }
            })
            .collect();
        let cache = Cache::new();
        let order = (0..200).chain([649, 3, 648, 420, 421, 5, 5, 600, 0]);
        for own in order {
            let inlines = list(&refs, own);
            let lines = set(&cache, &inlines);
            let fresh = set(&Cache::new(), &inlines);
            assert!(fresh.len() > 10);
            assert!(same(&lines, &fresh), "the list without reference {own}");
        }
    }

    /// The lists of followers next to each other share all but the line or two about
    /// the references they leave out: those lines are the last list's own.
    #[test]
    fn a_neighbours_list_keeps_the_lines_it_shares() {
        let refs: Vec<String> = (1..=2000).map(|i| format!("BENCH-{i:05}")).collect();
        let cache = Cache::new();
        let a = set(&cache, &list(&refs, 700));
        let before = cache.long_lines.get();
        assert_eq!(before, a.len());
        let b = set(&cache, &list(&refs, 701));
        let again = cache.long_lines.get() - before;
        assert!(again <= 4, "{again} of {} lines set again", b.len());
        assert!(same(&b, &set(&Cache::new(), &list(&refs, 701))));
        assert!(!same(&a, &b));
    }
}
