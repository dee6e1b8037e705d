//! The own-merits guard: a follower adopts the lead's analysis only if its request
//! and the exemptions relied on are the lead's. What differs comes back typed (the
//! request's words in runs, tagged as in both, only the lead's or only the
//! follower's, and the two lists of exemptions), for the desk to mark up and the
//! command line to print.
//!
//! The words are compared with `similar`'s Myers diff: memory linear in the words,
//! and a deadline after which the rest is compared coarsely (as replaced), so that
//! even two long and wholly different requests are compared in bounded time.

use crate::case::Case;
use crate::facts::{self, Notice, Position};
use similar::{Algorithm, ChangeTag, DiffOp};
use std::fmt;
use std::time::{Duration, Instant};

/// How long one comparison of wording may take before the rest is compared coarsely.
pub const DIFF_DEADLINE: Duration = Duration::from_millis(250);
/// Words of context kept either side of a change when a difference is shown.
pub const CONTEXT: usize = 3;

/// What the guard says before the word difference of a follower's request.
pub const REQUEST_DIFFERS: &str = "the request differs from the lead's: ";

/// Words in a row with one tag: in both requests (`Equal`), only the lead's
/// (`Delete`) or only the follower's (`Insert`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub tag: ChangeTag,
    pub words: Vec<String>,
}

/// The exemptions each case relies on, as sorted citation numbers, when they differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exemptions {
    pub lead: Vec<String>,
    pub follower: Vec<String>,
}

/// What differs between the lead and a follower: the request's words (empty when the
/// wording is the same) and the exemptions (when they differ).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Difference {
    pub request: Vec<Run>,
    pub exemptions: Option<Exemptions>,
}

impl Difference {
    pub fn is_empty(&self) -> bool {
        self.request.is_empty() && self.exemptions.is_none()
    }

    /// The request's words as shown: every changed word, and [`CONTEXT`] words of
    /// those in both either side of a change, with `…` for what is left out.
    pub fn shown(&self) -> Vec<(ChangeTag, &str)> {
        let mut out = Vec::new();
        let last = self.request.len().saturating_sub(1);
        for (i, run) in self.request.iter().enumerate() {
            let w = &run.words;
            if run.tag != ChangeTag::Equal {
                out.extend(w.iter().map(|s| (run.tag, s.as_str())));
                continue;
            }
            let head = if i == 0 { 0 } else { CONTEXT };
            let tail = if i == last { 0 } else { CONTEXT };
            if w.len() <= head + tail {
                out.extend(w.iter().map(|s| (run.tag, s.as_str())));
            } else {
                out.extend(w[..head].iter().map(|s| (run.tag, s.as_str())));
                out.push((ChangeTag::Equal, "…"));
                out.extend(w[w.len() - tail..].iter().map(|s| (run.tag, s.as_str())));
            }
        }
        out
    }

    /// The request's difference marked up as text: `[-only the lead's-]`,
    /// `{+only the follower's+}`, words in both as they are.
    pub fn marked(&self) -> String {
        self.shown()
            .iter()
            .map(|(tag, w)| match tag {
                ChangeTag::Delete => format!("[-{w}-]"),
                ChangeTag::Insert => format!("{{+{w}+}}"),
                ChangeTag::Equal => w.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[String]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        let mut parts = Vec::new();
        if !self.request.is_empty() {
            parts.push(format!("{REQUEST_DIFFERS}{}", self.marked()));
        }
        if let Some(e) = &self.exemptions {
            parts.push(format!(
                "the exemptions relied on differ: the lead's {} against this case's {}",
                list(&e.lead),
                list(&e.follower)
            ));
        }
        f.write_str(&parts.join("; "))
    }
}

/// Whitespace and quote marks normalised, for comparing wording.
pub fn normalise(s: &str) -> String {
    s.replace(['“', '”'], "\"")
        .replace(['‘', '’'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The word difference of two wordings, in runs (none when they are the same words).
pub fn word_runs(a: &str, b: &str) -> Vec<Run> {
    let x: Vec<&str> = a.split_whitespace().collect();
    let y: Vec<&str> = b.split_whitespace().collect();
    if x == y {
        return Vec::new();
    }
    let ops = similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        &x,
        &y,
        Some(Instant::now() + DIFF_DEADLINE),
    );
    let mut runs: Vec<Run> = Vec::new();
    let mut push = |tag: ChangeTag, words: &[&str]| {
        if words.is_empty() {
            return;
        }
        match runs.last_mut() {
            Some(r) if r.tag == tag => r.words.extend(words.iter().map(|w| w.to_string())),
            _ => runs.push(Run {
                tag,
                words: words.iter().map(|w| w.to_string()).collect(),
            }),
        }
    };
    for op in ops {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                push(ChangeTag::Equal, &x[old_index..old_index + len])
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push(ChangeTag::Delete, &x[old_index..old_index + old_len]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push(ChangeTag::Insert, &y[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(ChangeTag::Delete, &x[old_index..old_index + old_len]);
                push(ChangeTag::Insert, &y[new_index..new_index + new_len]);
            }
        }
    }
    runs
}

/// The exemptions a case's response relies on, as sorted citation numbers.
fn exemptions(case: &Case) -> Vec<String> {
    let parts: Vec<&facts::Part> = match &case.notice {
        Notice::Decision(d) => d.response.iter().flat_map(|r| r.parts.iter()).collect(),
        Notice::Refusal(r) => r.positions.iter().collect(),
    };
    let mut v: Vec<String> = parts
        .iter()
        .filter(|p| matches!(p.position, Position::Refused | Position::Ncnd))
        .flat_map(|p| p.citations.iter().map(|c| c.short.clone()))
        .collect();
    v.sort();
    v.dedup();
    v
}

fn wording(case: &Case) -> &str {
    match &case.notice {
        Notice::Decision(d) => &d.request.wording,
        Notice::Refusal(r) => &r.request.wording,
    }
}

/// The own-merits guard: `Err` carries what differs.
pub fn guard(lead: &Case, follower: &Case) -> Result<(), Difference> {
    let (a, b) = (normalise(wording(lead)), normalise(wording(follower)));
    let (ea, eb) = (exemptions(lead), exemptions(follower));
    let difference = Difference {
        request: if a == b {
            Vec::new()
        } else {
            word_runs(&a, &b)
        },
        exemptions: (ea != eb).then_some(Exemptions {
            lead: ea,
            follower: eb,
        }),
    };
    if difference.is_empty() {
        Ok(())
    } else {
        Err(difference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_ignores_spacing_and_quote_marks() {
        assert_eq!(
            normalise("“Do you”\n  hold ‘it’"),
            normalise("\"Do you\" hold 'it'")
        );
    }

    #[test]
    fn a_changed_word_is_marked_with_context() {
        let d = Difference {
            request: word_runs("a b c d e f g h i j", "a b x d e f g h i j"),
            exemptions: None,
        };
        assert_eq!(d.marked(), "a b [-c-] {+x+} d e f …", "{d}");
        assert_eq!(d.request[1].tag, ChangeTag::Delete);
        assert_eq!(d.request[2].words, ["x"]);
    }

    #[test]
    fn words_that_look_like_markers_are_words() {
        let runs = word_runs("see [-x-] here", "see {+y+} here");
        let tags: Vec<(ChangeTag, &[String])> =
            runs.iter().map(|r| (r.tag, r.words.as_slice())).collect();
        assert_eq!(
            tags,
            [
                (ChangeTag::Equal, &["see".to_string()][..]),
                (ChangeTag::Delete, &["[-x-]".to_string()][..]),
                (ChangeTag::Insert, &["{+y+}".to_string()][..]),
                (ChangeTag::Equal, &["here".to_string()][..]),
            ]
        );
    }

    #[test]
    fn long_requests_are_compared_in_bounded_memory() {
        // 20,000 words each, wholly different after the first: the old table would
        // have been 400 million cells.
        let a: Vec<String> = (0..20_000).map(|i| format!("a{i}")).collect();
        let b: Vec<String> = (0..20_000).map(|i| format!("b{i}")).collect();
        let runs = word_runs(&a.join(" "), &b.join(" "));
        let lead: usize = runs
            .iter()
            .filter(|r| r.tag == ChangeTag::Delete)
            .map(|r| r.words.len())
            .sum();
        assert_eq!(lead, 20_000);
        // And nearly the same: a word changed in the middle.
        let mut c = a.clone();
        c[10_000] = "changed".into();
        let d = Difference {
            request: word_runs(&a.join(" "), &c.join(" ")),
            exemptions: None,
        };
        assert_eq!(
            d.marked(),
            "… a9997 a9998 a9999 [-a10000-] {+changed+} a10001 a10002 a10003 …"
        );
    }
}
