//! A refusal letter names each exemption relied on as a line of its own (its label:
//! "Section 31(3) (law enforcement)") after the sentence that introduces it; what the
//! letter then says of one exemption (the house style's explanation of it, that it is
//! absolute) stands under that exemption's own label, never under another's. Checked
//! on the document model, for every refusal example and for the mixed example with
//! its exemptions met in the other order.

mod common;

use common::variant::*;
use foinotice::model::{plain_text, Block, Document};
use foinotice::templates::Templates;

/// The base section (or regulation) numbers a text cites: "section 40(2)" → "40".
fn sections(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for word in ["section ", "regulation "] {
        for (at, _) in lower.match_indices(word) {
            let digits: String = lower[at + word.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if digits.starts_with(|c: char| c.is_ascii_digit()) {
                out.push(digits.to_uppercase());
            }
        }
    }
    out
}

/// The section a line of its own names, where it is an exemption's label: a single
/// line that starts with the provision ("Section 31(3) (law enforcement)").
fn label(b: &Block) -> Option<String> {
    let Block::Lines(lines) = b else { return None };
    let [line] = lines.as_slice() else {
        return None;
    };
    let text = plain_text(line);
    let lower = text.to_lowercase();
    if !(lower.starts_with("section ") || lower.starts_with("regulation ")) {
        return None;
    }
    sections(&text).into_iter().next()
}

/// Paragraphs under one exemption's label that speak of another exemption the letter
/// labels (and not of their own): (label, paragraph).
fn misplaced(doc: &Document) -> Vec<(String, String)> {
    let labelled: Vec<String> = doc.blocks.iter().filter_map(label).collect();
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for b in &doc.blocks {
        if let Some(l) = label(b) {
            current = Some(l);
            continue;
        }
        match b {
            Block::Paragraph { text, .. } => {
                let Some(own) = &current else { continue };
                let said = sections(&plain_text(text));
                let others = said.iter().any(|s| s != own && labelled.contains(s));
                if others && !said.contains(own) {
                    out.push((own.clone(), plain_text(text)));
                }
            }
            // A heading or other lines end the run of paragraphs under a label.
            _ => current = None,
        }
    }
    out
}

fn document_of(case: &toml::Table) -> Document {
    let source = toml::to_string(case).unwrap();
    // Beside the examples, whose house style it names by a relative path.
    let name = common::root().join("examples/variant.toml");
    let case = common::load_str(&name.to_string_lossy(), &source)
        .unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    foinotice::notice::document(&case, &Templates::load(None).unwrap())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn each_exemptions_explanation_stands_under_its_own_label() {
    let mut checked = 0;
    for path in common::examples() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("refusal") {
            continue;
        }
        let doc = common::document(&path);
        checked += doc.blocks.iter().filter_map(label).count();
        let wrong = misplaced(&doc);
        assert!(wrong.is_empty(), "{name}: {wrong:#?}");
    }
    assert!(checked >= 2, "the examples label {checked} exemptions");
}

#[test]
fn the_mixed_letters_absolute_exemption_is_said_under_its_label_in_either_order() {
    let mut case = example("refusal-notice-mixed.toml");
    for reversed in [false, true] {
        if reversed {
            // The question whose answer neither confirms nor denies (section 31(3))
            // first, then the one redacted under section 40(2).
            let positions = case["positions"].as_array_mut().unwrap();
            positions.reverse();
        }
        let doc = document_of(&case);
        let labels: Vec<String> = doc.blocks.iter().filter_map(label).collect();
        assert_eq!(labels.len(), 2, "{labels:?}");
        assert!(labels.contains(&"40".into()) && labels.contains(&"31".into()));
        let wrong = misplaced(&doc);
        assert!(wrong.is_empty(), "reversed: {reversed}: {wrong:#?}");
        // The absolute sentence follows the 40(2) label directly.
        let at = doc
            .blocks
            .iter()
            .position(|b| label(b).as_deref() == Some("40"))
            .unwrap();
        let absolute = doc.blocks[at + 1..]
            .iter()
            .take_while(|b| label(b).is_none())
            .any(|b| match b {
                Block::Paragraph { text, .. } => plain_text(text).contains("absolute exemption"),
                _ => false,
            });
        assert!(
            absolute,
            "reversed: {reversed}: no absolute sentence under 40(2)"
        );
    }
}

#[test]
fn the_printed_notice_has_typographic_quotes_but_the_request_as_typed() {
    let doc =
        common::document(&common::root().join("examples/decision-notice-cambridgeshire.toml"));
    let printed = foinotice::model::typographic(&doc);
    assert!(
        !doc.meta.verbatim.is_empty(),
        "the request's quotation is found"
    );
    for (i, (before, after)) in doc.blocks.iter().zip(&printed.blocks).enumerate() {
        if doc.meta.verbatim.contains(&i) {
            assert_eq!(before, after, "the request as typed");
            let Block::Quote(ps) = before else {
                panic!("a verbatim block that is not a quotation")
            };
            assert!(plain_text(&ps[0]).contains("capability to examine"));
        } else if let (Block::Paragraph { text: b, .. }, Block::Paragraph { text: a, .. }) =
            (before, after)
        {
            assert!(!plain_text(a).contains(['"', '\'']), "{}", plain_text(a));
            assert_eq!(
                plain_text(b).replace(['"', '\''], "").len(),
                plain_text(a).replace(['“', '”', '‘', '’'], "").len()
            );
        }
    }
    let text = foinotice::render::text::render(&printed);
    assert!(text.contains("the “Internet of Things”") && text.contains("Commissioner’s"));
}
