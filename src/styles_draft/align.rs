//! Finding the wording an authority's letters share. Each letter's paragraphs are
//! masked (`mask`) and cut into sentences; a sentence whose masked words recur in
//! another letter is shared (it differs, if at all, only where the case does: a date,
//! a reference, the requester's name), and runs of shared sentences in one paragraph
//! make a passage. Sentences that nearly recur (the `similar` crate's word diff,
//! most words in common) are reported, since they differ in words the officer may
//! want to read.

use super::mask::{shown, Masker, Tok};
use super::read::Letter;
use similar::Algorithm;
use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

/// A sentence of one letter.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub letter: usize,
    pub paragraph: usize,
    pub toks: Vec<Tok>,
    pub key: String,
    /// The sentence is its paragraph's whole text (a heading, a label, an address line).
    pub whole: bool,
}

/// A passage shared by two or more letters: its words (as the first letter that has
/// it writes them), the letters that have it, and where it stands.
#[derive(Debug, Clone)]
pub struct Passage {
    pub toks: Vec<Tok>,
    pub letters: BTreeSet<usize>,
    /// The letter it was read from, and its paragraph there.
    pub letter: usize,
    pub paragraph: usize,
    /// The passage is a whole paragraph.
    pub whole: bool,
}

/// A sentence that nearly recurs in another letter: the words the two share in
/// order (as the first writes them, masked), with "…" where they differ, so that
/// nothing only one letter says is shown; the two letters; their likeness.
#[derive(Debug, Clone)]
pub struct Near {
    pub common: String,
    pub letters: BTreeSet<usize>,
    pub ratio: f32,
}

/// Every letter's sentences, in order.
pub fn sentences(letters: &[Letter], masker: &Masker) -> Vec<Vec<Sentence>> {
    letters
        .iter()
        .enumerate()
        .map(|(l, letter)| {
            let mut out = Vec::new();
            for (p, text) in letter.paragraphs.iter().enumerate() {
                let toks = masker.mask(text);
                let parts = split_sentences(&toks);
                let whole = parts.len() == 1;
                for toks in parts {
                    let key = key(&toks);
                    out.push(Sentence {
                        letter: l,
                        paragraph: p,
                        toks,
                        key,
                        whole,
                    });
                }
            }
            out
        })
        .collect()
}

/// How sentences compare: their tokens' keys, joined.
pub fn key(toks: &[Tok]) -> String {
    toks.iter()
        .map(Tok::key)
        .filter(|k| !k.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "no.", "s.", "ss.", "mr.", "mrs.", "dr.", "st.", "etc.", "para.", "reg.",
    "sec.", "cf.", "vs.", "ref.", "tel.",
];

/// A paragraph's tokens cut into sentences: after a word ending in ".", "?" or "!"
/// (not an abbreviation or a list letter) when the next starts a sentence.
pub fn split_sentences(toks: &[Tok]) -> Vec<Vec<Tok>> {
    let mut out: Vec<Vec<Tok>> = Vec::new();
    let mut current: Vec<Tok> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        current.push(t.clone());
        let end = match t {
            Tok::Word(w) => {
                let trimmed = w.trim_end_matches(['"', '”', '’', '\'', ')']);
                let lower = w.to_lowercase();
                (trimmed.ends_with('.') || trimmed.ends_with('?') || trimmed.ends_with('!'))
                    && !ABBREVIATIONS.contains(&lower.as_str())
                    && trimmed.chars().filter(|c| c.is_alphanumeric()).count() > 1
            }
            Tok::Var { post, .. } => post.ends_with('.'),
        };
        let next_starts = match toks.get(i + 1) {
            Some(Tok::Word(w)) => w
                .chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()),
            Some(Tok::Var { .. }) => true,
            None => false,
        };
        if end && next_starts {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The passages two or more letters share, each once, in the order the letters give
/// them; and the sentences that nearly recur.
pub fn shared(all: &[Vec<Sentence>]) -> (Vec<Passage>, Vec<Near>) {
    let mut by_key: HashMap<&str, BTreeSet<usize>> = HashMap::new();
    for s in all.iter().flatten() {
        by_key.entry(s.key.as_str()).or_default().insert(s.letter);
    }
    let shared_in = |s: &Sentence| -> Option<&BTreeSet<usize>> {
        by_key.get(s.key.as_str()).filter(|l| l.len() >= 2)
    };
    let mut passages: Vec<Passage> = Vec::new();
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    for letter in all {
        let mut i = 0;
        while i < letter.len() {
            let s = &letter[i];
            let Some(first) = shared_in(s).filter(|_| !taken.contains(s.key.as_str())) else {
                i += 1;
                continue;
            };
            let mut letters = first.clone();
            let mut toks = s.toks.clone();
            taken.insert(s.key.as_str());
            let mut j = i + 1;
            while let Some(next) = letter.get(j) {
                if next.paragraph != s.paragraph || taken.contains(next.key.as_str()) {
                    break;
                }
                let Some(ls) = shared_in(next) else { break };
                let both: BTreeSet<usize> = letters.intersection(ls).copied().collect();
                if both.len() < 2 {
                    break;
                }
                letters = both;
                toks.extend(next.toks.iter().cloned());
                taken.insert(next.key.as_str());
                j += 1;
            }
            // A passage of one sentence is written as most letters write it
            // ("Response" rather than one letter's "RESPONSE").
            if j == i + 1 {
                toks = most_written(all, &s.key).unwrap_or(toks);
            }
            passages.push(Passage {
                toks,
                letters,
                letter: s.letter,
                paragraph: s.paragraph,
                whole: s.whole && j == i + 1,
            });
            i = j;
        }
    }
    let near = near(all, &by_key);
    (passages, near)
}

/// The way most letters write the sentence with this key (ties: the first).
fn most_written(all: &[Vec<Sentence>], key: &str) -> Option<Vec<Tok>> {
    let mut forms: Vec<(String, Vec<Tok>, BTreeSet<usize>)> = Vec::new();
    for s in all.iter().flatten().filter(|s| s.key == key) {
        let shown = super::mask::shown(&s.toks);
        match forms.iter_mut().find(|(f, ..)| *f == shown) {
            Some((_, _, ls)) => {
                ls.insert(s.letter);
            }
            None => forms.push((shown, s.toks.clone(), BTreeSet::from([s.letter]))),
        }
    }
    let most = forms.iter().map(|(.., ls)| ls.len()).max()?;
    forms
        .into_iter()
        .find(|(.., ls)| ls.len() == most)
        .map(|(_, toks, _)| toks)
}

/// Sentences of one letter that nearly recur in another (at least 3 words in 4 in
/// common, but not all), each reported once, within a time budget.
fn near(all: &[Vec<Sentence>], by_key: &HashMap<&str, BTreeSet<usize>>) -> Vec<Near> {
    let deadline = Instant::now() + Duration::from_secs(5);
    let alone: Vec<&Sentence> = all
        .iter()
        .flatten()
        .filter(|s| s.toks.len() >= 6 && by_key.get(s.key.as_str()).is_some_and(|l| l.len() < 2))
        .collect();
    let keys: Vec<Vec<String>> = alone
        .iter()
        .map(|s| s.toks.iter().map(Tok::key).collect())
        .collect();
    let mut out = Vec::new();
    let mut used = vec![false; alone.len()];
    for i in 0..alone.len() {
        if used[i] || Instant::now() > deadline {
            continue;
        }
        for j in i + 1..alone.len() {
            if used[j] || alone[j].letter == alone[i].letter {
                continue;
            }
            let (a, b) = (&keys[i], &keys[j]);
            let longer = a.len().max(b.len()) as f32;
            if (a.len().min(b.len()) as f32) < 0.75 * longer {
                continue;
            }
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            let b: Vec<&str> = b.iter().map(String::as_str).collect();
            let ops = similar::capture_diff_slices_deadline(
                Algorithm::Myers,
                &a,
                &b,
                Some(Instant::now() + Duration::from_millis(50)),
            );
            let ratio = similar::get_diff_ratio(&ops, a.len(), b.len());
            if ratio >= 0.75 {
                used[i] = true;
                used[j] = true;
                let mut common: Vec<String> = Vec::new();
                for op in &ops {
                    let (tag, old, _) = op.as_tag_tuple();
                    if tag == similar::DiffTag::Equal {
                        common.extend(
                            alone[i].toks[old]
                                .iter()
                                .map(|t| shown(std::slice::from_ref(t))),
                        );
                    } else if common.last().is_none_or(|l| l != "…") {
                        common.push("…".into());
                    }
                }
                out.push(Near {
                    common: common.join(" "),
                    letters: BTreeSet::from([alone[i].letter, alone[j].letter]),
                    ratio,
                });
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_after_full_stops_but_not_abbreviations() {
        let m = Masker::new(None, Vec::new());
        let toks = m.mask("We refer to s. 12 of the Act. It applies, e.g. here. Yes");
        let s: Vec<String> = split_sentences(&toks).iter().map(|t| shown(t)).collect();
        assert_eq!(
            s,
            vec![
                "We refer to s. 12 of the Act.",
                "It applies, e.g. here.",
                "Yes"
            ]
        );
    }

    #[test]
    fn nearly_shared_sentences_show_only_the_words_they_share() {
        use crate::styles_draft::read::{paragraphs, Format, Letter};
        let letter = |text: &str| Letter {
            path: "x".into(),
            name: "x".into(),
            format: Format::Text,
            paragraphs: paragraphs(text),
        };
        let letters = [
            letter("We received your request on 3 May 2021 and have now considered it fully under the Act."),
            letter("We received your request on 9 June 2022 and have considered it under the Act in Leeds."),
        ];
        let m = Masker::new(None, Vec::new());
        let (passages, near) = shared(&sentences(&letters, &m));
        assert!(passages.is_empty());
        assert_eq!(near.len(), 1);
        assert_eq!(
            near[0].common,
            "We received your request on ‹date› and have … considered it … under the Act. …"
        );
        assert!(!near[0].common.contains("Leeds"));
    }
}
