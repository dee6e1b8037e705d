//! Total-fit paragraph breaking (Knuth and Plass, "Breaking paragraphs into lines",
//! 1981) over boxes, glue and penalties measured with the font's advances.
//!
//! The breaker chooses every line of a paragraph at once, minimising the sum of each
//! line's demerits, so that word spaces stay even from line to line. It runs first
//! with a strict tolerance and, only if no set of breaks meets it, with no upper limit
//! (the renderer then sets the loose lines ragged rather than open wide gaps).

/// Something to set: a box of text, stretchable space, or a place to break.
#[derive(Debug, Clone)]
pub enum Item<B> {
    Box {
        width: f32,
        content: B,
    },
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// A possible break. `width` is drawn only if the line breaks here (a hyphen).
    Penalty {
        width: f32,
        penalty: f32,
        flagged: bool,
    },
}

/// A penalty this high forbids a break; this low forces one.
pub const INFINITY: f32 = 10_000.0;

impl<B> Item<B> {
    /// The same item with its box content mapped (glue and penalties unchanged).
    pub fn map<C>(&self, f: impl FnOnce(&B) -> C) -> Item<C> {
        match self {
            Item::Box { width, content } => Item::Box {
                width: *width,
                content: f(content),
            },
            &Item::Glue {
                width,
                stretch,
                shrink,
            } => Item::Glue {
                width,
                stretch,
                shrink,
            },
            &Item::Penalty {
                width,
                penalty,
                flagged,
            } => Item::Penalty {
                width,
                penalty,
                flagged,
            },
        }
    }

    fn width(&self) -> f32 {
        match self {
            Item::Box { width, .. } | Item::Glue { width, .. } => *width,
            Item::Penalty { .. } => 0.0,
        }
    }
    fn stretch(&self) -> f32 {
        match self {
            Item::Glue { stretch, .. } => *stretch,
            _ => 0.0,
        }
    }
    fn shrink(&self) -> f32 {
        match self {
            Item::Glue { shrink, .. } => *shrink,
            _ => 0.0,
        }
    }
}

/// A chosen break: the item index it falls at and the line's adjustment ratio.
#[derive(Debug, Clone, Copy)]
pub struct Break {
    pub at: usize,
    pub ratio: f32,
}

#[derive(Debug, Clone)]
struct Node {
    at: usize,
    /// Where the line after this break starts.
    start: usize,
    line: usize,
    fitness: u8,
    demerits: f64,
    prev: Option<usize>,
    ratio: f32,
    flagged: bool,
}

fn fitness(r: f32) -> u8 {
    if r < -0.5 {
        0
    } else if r <= 0.5 {
        1
    } else if r <= 1.0 {
        2
    } else {
        3
    }
}

/// The breaks for `items` (which must end with a forced break), or `None` when no set
/// of breaks keeps every line's ratio within `tolerance`. `width(line)` is the measure
/// of each line (lines count from 0).
pub fn breaks<B>(
    items: &[Item<B>],
    width: impl Fn(usize) -> f32,
    tolerance: f32,
) -> Option<Vec<Break>> {
    let n = items.len();
    // Running sums of width, stretch and shrink before each item.
    let mut sw = vec![0f32; n + 1];
    let mut sy = vec![0f32; n + 1];
    let mut sz = vec![0f32; n + 1];
    for (i, it) in items.iter().enumerate() {
        sw[i + 1] = sw[i] + it.width();
        sy[i + 1] = sy[i] + it.stretch();
        sz[i + 1] = sz[i] + it.shrink();
    }
    let mut nodes = vec![Node {
        at: 0,
        start: 0,
        line: 0,
        fitness: 1,
        demerits: 0.0,
        prev: None,
        ratio: 0.0,
        flagged: false,
    }];
    let mut active: Vec<usize> = vec![0];
    let mut keep: Vec<usize> = Vec::new();
    for b in 0..n {
        let Some((pen, pw, flagged)) = breakpoint(items, b) else {
            continue;
        };
        let mut best: [Option<(f64, usize, f32)>; 4] = [None; 4];
        keep.clear();
        for &a in &active {
            let node = &nodes[a];
            let s = node.start.min(b);
            let ratio = adjustment(
                sw[b] - sw[s] + pw,
                width(node.line),
                sy[b] - sy[s],
                sz[b] - sz[s],
            );
            if ratio >= -1.0 || pen <= -INFINITY {
                keep.push(a);
            }
            if ratio < -1.0 || ratio > tolerance {
                continue;
            }
            let badness = if ratio.is_finite() {
                100.0 * f64::from(ratio.abs()).powi(3)
            } else {
                1e10
            };
            // TeX's \linepenalty (10) keeps the number of lines down.
            let p = f64::from(pen);
            let base = 10.0 + badness;
            let mut d = if pen >= 0.0 {
                (base + p).powi(2)
            } else if pen > -INFINITY {
                base.powi(2) - p * p
            } else {
                base.powi(2)
            };
            if flagged && node.flagged {
                d += 3000.0;
            }
            let fit = fitness(ratio);
            if fit.abs_diff(node.fitness) > 1 {
                d += 3000.0;
            }
            let total = node.demerits + d;
            let slot = &mut best[fit as usize];
            if slot.is_none_or(|(t, _, _)| total < t) {
                *slot = Some((total, a, ratio));
            }
        }
        std::mem::swap(&mut active, &mut keep);
        if pen <= -INFINITY {
            active.clear();
        }
        let start = start_after(items, b);
        for (fit, slot) in best.iter().enumerate() {
            if let Some((total, a, ratio)) = slot {
                nodes.push(Node {
                    at: b,
                    start,
                    line: nodes[*a].line + 1,
                    fitness: fit as u8,
                    demerits: *total,
                    prev: Some(*a),
                    ratio: *ratio,
                    flagged,
                });
                active.push(nodes.len() - 1);
            }
        }
        if active.is_empty() {
            return None;
        }
    }
    // The best node at the final (forced) break.
    let last = active
        .iter()
        .copied()
        .filter(|&a| nodes[a].at == n - 1)
        .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    let mut out = Vec::new();
    let mut cur = Some(last);
    while let Some(c) = cur {
        if nodes[c].prev.is_some() {
            out.push(Break {
                at: nodes[c].at,
                ratio: nodes[c].ratio,
            });
        }
        cur = nodes[c].prev;
    }
    out.reverse();
    Some(out)
}

/// Whether a line may end at item `b`, and if so its penalty, the width drawn there
/// (a hyphen) and whether it is flagged: a penalty below infinity, or glue just after
/// a box.
fn breakpoint<B>(items: &[Item<B>], b: usize) -> Option<(f32, f32, bool)> {
    match &items[b] {
        Item::Penalty {
            penalty,
            width,
            flagged,
        } if *penalty < INFINITY => Some((*penalty, *width, *flagged)),
        Item::Glue { .. } if b > 0 && matches!(items[b - 1], Item::Box { .. }) => {
            Some((0.0, 0.0, false))
        }
        _ => None,
    }
}

/// A line's adjustment ratio: how much of its stretch (positive) or shrink (negative)
/// brings `natural` to `target`; infinite when it has none to give.
fn adjustment(natural: f32, target: f32, stretch: f32, shrink: f32) -> f32 {
    if natural < target {
        if stretch > 0.0 {
            (target - natural) / stretch
        } else {
            f32::INFINITY
        }
    } else if natural > target {
        if shrink > 0.0 {
            (target - natural) / shrink
        } else {
            f32::NEG_INFINITY
        }
    } else {
        0.0
    }
}

/// Where the line after a break at `b` starts: past the glue and penalties there.
fn start_after<B>(items: &[Item<B>], b: usize) -> usize {
    let mut i = b + 1;
    while i < items.len() && !matches!(items[i], Item::Box { .. }) {
        if let Item::Penalty { penalty, .. } = items[i] {
            if penalty <= -INFINITY {
                break;
            }
        }
        i += 1;
    }
    i
}

/// The breaks for `items` (which must end with a forced break) made one line at a
/// time, each line as full as it will go without shrinking its spaces past their
/// limit. A line ends at a hyphen only when no word space fits on it, and a box too
/// wide for any line stands alone. This is for paragraphs too long for total fit to
/// be worth its cost: it reads each item once, or twice when a line ends before it.
pub fn first_fit<B>(items: &[Item<B>], width: impl Fn(usize) -> f32) -> Vec<Break> {
    let mut out = Vec::new();
    let mut line = 0;
    // The line's width, stretch and shrink so far, summed from its start (not as a
    // difference of running sums, which would differ in the last bits from one place
    // to another, so that equal lines give equal ratios).
    let (mut w, mut y, mut z) = (0f32, 0f32, 0f32);
    // The last places this line could end: at a space (or unflagged penalty), at a
    // hyphen.
    let (mut space, mut hyphen): (Option<Break>, Option<Break>) = (None, None);
    let mut b = 0;
    while b < items.len() {
        if let Some((pen, pw, flagged)) = breakpoint(items, b) {
            let ratio = adjustment(w + pw, width(line), y, z);
            let here = Break { at: b, ratio };
            if ratio < -1.0 || pen <= -INFINITY {
                // A forced break ends the line here; an overfull line ends at the last
                // place it fitted (with none, here, overfull). The next line is read
                // from its start, and each break falls after the one before.
                let chosen = if ratio < -1.0 {
                    space.or(hyphen).unwrap_or(here)
                } else {
                    here
                };
                out.push(chosen);
                b = start_after(items, chosen.at);
                line += 1;
                (w, y, z) = (0.0, 0.0, 0.0);
                (space, hyphen) = (None, None);
                continue;
            }
            if flagged {
                hyphen = Some(here);
            } else {
                space = Some(here);
            }
        }
        (w, y, z) = (
            w + items[b].width(),
            y + items[b].stretch(),
            z + items[b].shrink(),
        );
        b += 1;
    }
    out
}

/// Where the line after a break at `b` begins (the first box after it).
pub fn line_start<B>(items: &[Item<B>], b: Option<usize>) -> usize {
    let Some(b) = b else { return 0 };
    let mut i = b + 1;
    while i < items.len() && !matches!(items[i], Item::Box { .. }) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Item<()>> {
        let mut items = Vec::new();
        for (i, w) in text.split(' ').enumerate() {
            if i > 0 {
                items.push(Item::Glue {
                    width: 1.0,
                    stretch: 0.5,
                    shrink: 0.33,
                });
            }
            items.push(Item::Box {
                width: w.len() as f32,
                content: (),
            });
        }
        items.push(Item::Glue {
            width: 0.0,
            stretch: 1e6,
            shrink: 0.0,
        });
        items.push(Item::Penalty {
            width: 0.0,
            penalty: -INFINITY,
            flagged: false,
        });
        items
    }

    #[test]
    fn total_fit_evens_out_the_lines() {
        // Greedy filling would set "aaa bbb ccc" then leave "dd" alone with a loose
        // first line; total fit balances the paragraph within the tolerance.
        let items = words("aaaa bbb cc ddd ee ffff gg hhh");
        let bs = breaks(&items, |_| 12.0, 2.0).unwrap();
        assert!(bs.len() >= 2);
        for b in &bs[..bs.len() - 1] {
            assert!(b.ratio >= -1.0 && b.ratio <= 2.0, "{b:?}");
        }
        assert_eq!(bs.last().unwrap().at, items.len() - 1);
    }

    /// The natural width of the line that ends at break `b` and starts at `s`.
    fn natural(items: &[Item<()>], s: usize, b: usize) -> f32 {
        items[s..b].iter().map(Item::width).sum()
    }

    #[test]
    fn first_fit_fills_each_line_until_the_next_word_would_overfill_it() {
        let items = words("aaa bb cccc d eee ff gggg hh iii j kkkk");
        let bs = first_fit(&items, |_| 10.0);
        assert_eq!(bs.last().unwrap().at, items.len() - 1);
        let mut s = 0;
        for b in &bs[..bs.len() - 1] {
            assert!(natural(&items, s, b.at) <= 10.0 + 1e-3, "{b:?} overfull");
            assert!(b.ratio >= 0.0, "{b:?}");
            // The word after the break, with the space before it, would not have fitted.
            let next = start_after(&items, b.at);
            let with_next = natural(&items, s, b.at) + 1.0 + items[next].width();
            let shrink = (s..=next).map(|i| items[i].shrink()).sum::<f32>();
            assert!(
                with_next - shrink > 10.0,
                "{b:?} left room for the next word"
            );
            s = start_after(&items, b.at);
        }
    }

    #[test]
    fn first_fit_ends_a_line_at_a_hyphen_only_when_no_space_fits() {
        // "aaaa bbb-" would fit the measure of 9, but a space fits too and wins.
        let mut items = words("aaaa bbbbbb");
        let hyphen = Item::Penalty {
            width: 1.0,
            penalty: 50.0,
            flagged: true,
        };
        items.splice(
            2..3,
            [
                Item::Box {
                    width: 3.0,
                    content: (),
                },
                hyphen.clone(),
                Item::Box {
                    width: 3.0,
                    content: (),
                },
            ],
        );
        let bs = first_fit(&items, |_| 9.0);
        assert_eq!(bs[0].at, 1, "{bs:?}");
        // A word too long for any space to fit before it is hyphenated.
        let mut long = vec![
            Item::Box {
                width: 6.0,
                content: (),
            },
            hyphen,
            Item::Box {
                width: 6.0,
                content: (),
            },
        ];
        long.extend(words("x").into_iter().skip(1));
        let bs = first_fit(&long, |_| 9.0);
        assert_eq!(bs[0].at, 1, "{bs:?}");
    }

    #[test]
    fn first_fit_sets_a_box_wider_than_any_line_alone_and_goes_on() {
        let items = words("aa bbbbbbbbbbbbbbbb cc dd");
        let bs = first_fit(&items, |_| 8.0);
        // "aa", then the wide word alone (overfull), then "cc dd".
        assert_eq!(bs.len(), 3, "{bs:?}");
        assert_eq!(bs[0].at, 1);
        assert!(bs[1].ratio < -1.0, "{bs:?}");
        assert_eq!(bs.last().unwrap().at, items.len() - 1);
    }

    /// A forced break before the first word is an empty first line; the words go on
    /// the next. First fit used to start that next line at the break again, for ever.
    #[test]
    fn a_forced_break_at_the_start_gives_an_empty_first_line() {
        let mut items = words("aa bb");
        items.insert(
            0,
            Item::Penalty {
                width: 0.0,
                penalty: -INFINITY,
                flagged: false,
            },
        );
        let last = items.len() - 1;
        let ats = |bs: Vec<Break>| bs.iter().map(|b| b.at).collect::<Vec<_>>();
        assert_eq!(ats(first_fit(&items, |_| 10.0)), [0, last]);
        // An empty line has no spaces to stretch: total fit takes it only without a
        // limit, as it does any line that cannot be justified.
        assert_eq!(
            ats(breaks(&items, |_| 10.0, f32::INFINITY).unwrap()),
            [0, last]
        );
    }

    #[test]
    fn impossible_tolerance_gives_none_and_infinity_always_works() {
        let items = words("a bbbbbbbbbb c");
        assert!(breaks(&items, |_| 11.0, 0.1).is_none());
        assert!(breaks(&items, |_| 11.0, f32::INFINITY).is_some());
    }
}
