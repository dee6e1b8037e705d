//! A style beside an authority's letters (`foinotice styles compare`): for each slot
//! of the style that has fixed wording, the letter's passage most like it (the
//! `similar` crate's word diff), how alike they are, and the words of each that the
//! other lacks, so the officer can see what still differs before adopting the style.

use super::mask::{Masker, Tok};
use super::read::Letter;
use similar::Algorithm;
use std::time::{Duration, Instant};

/// One slot against one letter.
#[derive(Debug, Clone)]
pub struct SlotMatch {
    pub field: String,
    /// The style's fixed words (its template's text outside its tags).
    pub style: String,
    /// The letter's passage most like them, if any is alike at all.
    pub letter: Option<String>,
    pub ratio: f32,
    /// Words only the style has, and only the letter has.
    pub style_only: Vec<String>,
    pub letter_only: Vec<String>,
}

/// The style's string fields with their field paths (`wording.opening[0]`).
pub fn fields(style: &crate::style::Style) -> Vec<(String, String)> {
    let value = toml::Value::try_from(style).unwrap_or(toml::Value::Table(Default::default()));
    let mut out = Vec::new();
    for table in ["letter", "headings", "wording"] {
        if let Some(toml::Value::Table(t)) = value.get(table) {
            for (k, v) in t {
                strings(v, format!("{table}.{k}"), &mut out);
            }
        }
    }
    out
}

fn strings(v: &toml::Value, path: String, out: &mut Vec<(String, String)>) {
    match v {
        toml::Value::String(s) => out.push((path, s.clone())),
        toml::Value::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                strings(item, format!("{path}[{i}]"), out);
            }
        }
        toml::Value::Table(t) => {
            if let Some(toml::Value::String(s)) = t.get("text") {
                out.push((path, s.clone()));
            }
        }
        _ => {}
    }
}

/// A template's fixed words: its text with its tags and markup escapes taken out.
pub fn fixed_words(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let close = if tail.starts_with("{{") {
            "}}"
        } else if tail.starts_with("{%") {
            "%}"
        } else if tail.starts_with("{#") {
            "#}"
        } else {
            out.push('{');
            rest = &tail[1..];
            continue;
        };
        match tail.find(close) {
            Some(j) => {
                out.push(' ');
                rest = &tail[j + 2..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.replace('\\', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every fixed slot of the style against the letter.
pub fn compare(style: &crate::style::Style, letter: &Letter) -> Vec<SlotMatch> {
    let masker = Masker::new(None, super::find::names(std::slice::from_ref(letter)));
    let passages: Vec<Vec<String>> = letter
        .paragraphs
        .iter()
        .flat_map(|p| super::align::split_sentences(&masker.mask(p)))
        .map(|t| t.iter().map(Tok::key).collect())
        .collect();
    let mut out = Vec::new();
    for (field, template) in fields(style) {
        let fixed = fixed_words(&template);
        let words = fixed
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        if words < 2 {
            continue;
        }
        let ours: Vec<String> = fixed
            .split_whitespace()
            .map(|w| Tok::Word(w.into()).key())
            .collect();
        let mut best: Option<(f32, usize, usize)> = None;
        // A slot may span several sentences: windows of one to four sentences.
        for start in 0..passages.len() {
            for len in 1..=4.min(passages.len() - start) {
                let theirs: Vec<String> = passages[start..start + len].concat();
                let ratio = ratio(&ours, &theirs);
                if best.is_none_or(|(r, ..)| ratio > r) {
                    best = Some((ratio, start, len));
                }
            }
        }
        let (ratio, letter_words, style_only, letter_only) = match best {
            Some((r, s, l)) if r >= 0.3 => {
                let theirs: Vec<String> = passages[s..s + l].concat();
                let (a, b) = only(&ours, &theirs);
                (r, Some(theirs.join(" ")), a, b)
            }
            _ => (0.0, None, Vec::new(), Vec::new()),
        };
        out.push(SlotMatch {
            field,
            style: fixed,
            letter: letter_words,
            ratio,
            style_only,
            letter_only,
        });
    }
    out
}

fn ratio(a: &[String], b: &[String]) -> f32 {
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    let ops = similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        &a,
        &b,
        Some(Instant::now() + Duration::from_millis(20)),
    );
    similar::get_diff_ratio(&ops, a.len(), b.len())
}

fn only(a: &[String], b: &[String]) -> (Vec<String>, Vec<String>) {
    let av: Vec<&str> = a.iter().map(String::as_str).collect();
    let bv: Vec<&str> = b.iter().map(String::as_str).collect();
    let ops = similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        &av,
        &bv,
        Some(Instant::now() + Duration::from_millis(50)),
    );
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for op in &ops {
        let (tag, old, new) = op.as_tag_tuple();
        if tag != similar::DiffTag::Equal {
            ours.extend(av[old].iter().map(|s| s.to_string()));
            theirs.extend(bv[new].iter().map(|s| s.to_string()));
        }
    }
    (ours, theirs)
}

/// The comparison as text, slot by slot, closest last so the differences lead.
pub fn report(letter: &Letter, matches: &[SlotMatch]) -> String {
    let mut out = format!("{}:\n", letter.path.display());
    let mut sorted: Vec<&SlotMatch> = matches.iter().collect();
    sorted.sort_by(|a, b| a.ratio.total_cmp(&b.ratio));
    for m in sorted {
        match &m.letter {
            None => out.push_str(&format!(
                "  {:<32} not in the letter\n    style:  {}\n",
                m.field, m.style
            )),
            Some(l) => {
                out.push_str(&format!(
                    "  {:<32} {:>3.0}% alike\n    style:  {}\n    letter: {}\n",
                    m.field,
                    m.ratio * 100.0,
                    m.style,
                    l
                ));
                if !m.style_only.is_empty() || !m.letter_only.is_empty() {
                    out.push_str(&format!(
                        "    only in the style: {}\n    only in the letter: {}\n",
                        m.style_only.join(" "),
                        m.letter_only.join(" ")
                    ));
                }
            }
        }
    }
    out
}

/// Words as the corpus fidelity measure compares them (`tests/corpus.rs` calls this):
/// lower case, letters and digits only; footnote markers, apostrophes and typographic
/// quotes make no difference; a lone "s" joins the word before it, so that
/// "Commissioner's", "Commissioners" and a transcription's "Commissioner s" compare alike.
pub fn corpus_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in text.split(|c: char| c.is_whitespace() || matches!(c, '/' | '–' | '—')) {
        let w: String = w
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        match (w.as_str(), out.last_mut()) {
            ("", _) => {}
            ("s", Some(last)) => last.push('s'),
            _ => out.push(w),
        }
    }
    out
}

/// The word 4-grams of [`corpus_words`], the unit of the corpus fidelity measure.
pub fn corpus_grams(words: &[String]) -> Vec<String> {
    words.windows(4).map(|w| w.join(" ")).collect()
}

/// The share of the letter's word 4-grams that the rendering reproduces: the
/// fidelity `tests/corpus.rs` measures.
pub fn fidelity(letter: &str, rendered: &str) -> f64 {
    let grams = |t: &str| corpus_grams(&corpus_words(t));
    let ours: std::collections::HashSet<String> = grams(rendered).into_iter().collect();
    let theirs = grams(letter);
    let matched = theirs.iter().filter(|g| ours.contains(*g)).count();
    matched as f64 / theirs.len().max(1) as f64
}

/// A refusal notice's case file rendered (as its published copy) with the style
/// `spec` (a built-in name, or a style file's path) in place of its own.
pub fn render_case(case: &std::path::Path, spec: &str) -> Result<String, crate::Error> {
    let source = crate::source::read_text(case, "the case file")
        .map_err(|d| crate::Error::Case(vec![*d]))?;
    let mut doc: toml_edit::DocumentMut = source.parse().map_err(|e: toml_edit::TomlError| {
        crate::Error::Case(vec![crate::diagnostic::Diagnostic::error(
            case,
            "",
            format!("the case file is not valid TOML: {}", e.message()),
            "`styles compare --case` takes a refusal notice's case file in TOML",
        )])
    })?;
    let spec = if spec.ends_with(".toml") {
        std::fs::canonicalize(spec)
            .map_err(|e| crate::Error::io(std::path::Path::new(spec), e))?
            .to_string_lossy()
            .into_owned()
    } else {
        spec.to_string()
    };
    doc["style"] = toml_edit::value(spec);
    let parsed = crate::case::parse(case, doc.to_string(), crate::case::Format::Toml)
        .map_err(crate::Error::Case)?;
    let templates = crate::templates::Templates::load(None)?;
    let document =
        crate::notice::document_copy(&parsed, &templates, crate::notice::Copy::Published)?;
    Ok(crate::render::text::render(&document))
}
