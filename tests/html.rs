//! The HTML renderer: every example renders to one self-contained page whose text
//! holds every paragraph of the text renderer's, in order, with the structure a
//! screen reader needs (one h1, headings for sections, numbered paragraphs whose
//! numbers are text, footnotes linked both ways, nothing fetched from elsewhere).

mod common;

use foinotice::templates::Templates;

/// The text a reader sees: tags dropped, entities decoded, white space collapsed,
/// the words only screen readers hear left out.
fn visible_text(html: &str) -> String {
    let body = &html[html.find("<body>").unwrap()..];
    let mut out = String::new();
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag_end = rest[i..].find('>').unwrap() + i;
        let tag = &rest[i..=tag_end];
        rest = &rest[tag_end + 1..];
        if tag.starts_with("<span class=\"visually-hidden\"") {
            rest = &rest[rest.find("</span>").unwrap() + 7..];
        }
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        const BLOCKS: &[&str] = &[
            "br",
            "p",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "td",
            "th",
            "tr",
            "blockquote",
            "ul",
            "ol",
            "table",
            "section",
            "footer",
        ];
        if BLOCKS.contains(&name.as_str()) {
            out.push(' ');
        }
    }
    out.push_str(rest);
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    // A bracketed link's brackets are the text renderer's, not the page's.
    decoded
        .replace(['<', '>'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const SUPERSCRIPTS: &[char] = &['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

#[test]
fn every_example_renders_to_html_with_the_text_renderers_words_in_order() {
    let templates = Templates::load(None).unwrap();
    for path in common::examples() {
        let case = foinotice::case::load(&path)
            .unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
        let doc = foinotice::notice::document(&case, &templates).unwrap();
        let html = foinotice::render::html::render(&doc);
        // The notice as printed: typographic quotes.
        let text = foinotice::render::text::render(&foinotice::model::typographic(&doc));
        let seen = visible_text(&html);
        // Paragraph by paragraph, superscript markers as the plain digits HTML shows.
        let mut from = 0;
        for para in text.split("\n\n").skip(1) {
            // A bullet's dash is the list's, not the text's.
            let para = para
                .lines()
                .map(|l| {
                    l.trim_start()
                        .strip_prefix("- ")
                        .unwrap_or(l)
                        .replace(['*', '<', '>'], "")
                })
                .collect::<Vec<_>>()
                .join("\n");
            let para: String = para
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .map(|c| match SUPERSCRIPTS.iter().position(|s| *s == c) {
                    Some(d) => char::from(b'0' + d as u8),
                    None => c,
                })
                .collect();
            if para.is_empty() || para.starts_with("________") {
                continue;
            }
            // A header row reads "Label: value" in text, "Label value" in the table.
            let probe = para.replacen(": ", " ", 1);
            let found = seen[from..]
                .find(&para)
                .or_else(|| seen[from..].find(&probe))
                .or_else(|| seen[from..].find(para.split(": ").last().unwrap_or(&para)));
            match found {
                Some(i) => from += i,
                None => panic!(
                    "{}: the HTML lacks, after what came before, «{para}»",
                    path.display()
                ),
            }
        }
        assert_eq!(html.matches("<h1>").count(), 1, "{}", path.display());
        assert!(html.contains("<html lang=\"en-GB\">"));
        for external in ["<link", "<script", "src=\"http", "@import"] {
            assert!(!html.contains(external), "{}: {external}", path.display());
        }
        // Numbered paragraphs carry their number as text, 1, 2, 3 … in order.
        let numbers: Vec<u32> = html
            .match_indices("<span class=\"number\">")
            .map(|(i, m)| {
                let s = &html[i + m.len()..];
                s[..s.find('.').unwrap()].parse().unwrap()
            })
            .collect();
        assert!(
            numbers.iter().enumerate().all(|(k, n)| *n == k as u32 + 1),
            "{}: {numbers:?}",
            path.display()
        );
        // Every footnote reference has its note, and every note a way back.
        for n in 1..=doc.footnotes.len() {
            assert!(
                html.contains(&format!("href=\"#fn{n}\"")),
                "{}",
                path.display()
            );
            assert!(html.contains(&format!("<li id=\"fn{n}\"")));
            assert!(html.contains(&format!("href=\"#fnref{n}\"")));
        }
    }
}

#[test]
fn the_comparison_catches_a_missing_paragraph() {
    let html = "<body><p>One two.</p><p>Three.</p></body>";
    assert!(visible_text(html).contains("One two."));
    assert!(!visible_text(html).contains("Four."));
}

#[test]
fn welsh_words_carry_their_language() {
    let doc = common::document(
        &common::root().join("examples/refusal-notice-style-cardiff-and-vale.toml"),
    );
    let html = foinotice::render::html::render(&doc);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"en-GB\""));
    assert!(
        html.contains(
            "<span lang=\"cy-GB\">Mae’r Bwrdd Iechyd yn croesawu gohebiaeth yn Gymraeg.</span>"
        ),
        "{html}"
    );
    assert_eq!(html.matches("lang=\"cy-GB\"").count(), 1);
}

#[test]
fn header_labels_are_printed_with_colons_and_lists_sit_under_the_text() {
    let decision =
        common::document(&common::root().join("examples/decision-notice-cambridgeshire.toml"));
    let html = foinotice::render::html::render(&decision);
    assert!(html.contains("<th scope=\"row\">Date:</th>"), "{html}");
    assert!(!html.contains("::</th>"));
    assert!(html.contains("<main class=\"numbered\">"));
    assert!(foinotice::render::html::STYLE.contains("main.numbered ul { margin: 0 0 0.9rem 3rem;"));
    // A letter has no numbered paragraphs: its lists stand at the margin.
    let letter = common::document(&common::root().join("examples/refusal-notice-mixed.toml"));
    assert!(foinotice::render::html::render(&letter).contains("<main>\n"));
}
