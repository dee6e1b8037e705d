//! Tests on the layout frames (lines as laid out and paginated, before any PDF
//! object is written): what a publisher checks on the page.

use super::*;
use crate::model::Block;

/// An example notice laid out and paginated, with its structure tree.
fn laid_out(name: &str) -> (Document, Vec<PageContent>, tags::Tree) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let case = crate::case::load(&root.join("examples").join(name)).expect("example loads");
    let templates = crate::templates::Templates::load(None).expect("templates load");
    let doc = crate::notice::document(&case, &templates).expect("example renders");
    let (pages, tree) = frames_of(&doc);
    (doc, pages, tree)
}

fn frames_of(doc: &Document) -> (Vec<PageContent>, tags::Tree) {
    let cache = Cache::default();
    let mut tags = Builder::new();
    let body = lay_out(&cache, doc, &mut tags);
    let notes: BTreeMap<u32, Vec<Line>> = doc
        .footnotes
        .iter()
        .map(|f| (f.number, footnote_lines(&cache, f, set_of(doc))))
        .collect();
    (paginate(body, &notes), tags.tree)
}

fn examples() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut v: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().to_string();
            name.ends_with(".toml").then_some(name)
        })
        .collect();
    v.sort();
    v
}

fn text_of(l: &Line) -> String {
    let mut s = String::new();
    for r in &l.body.runs {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&r.text);
    }
    s
}

fn role(tree: &tags::Tree, l: &Line) -> &'static str {
    tree.elems[l.tag.body].role
}

/// The right end of a line's text.
fn end(l: &Line) -> f32 {
    l.body
        .runs
        .iter()
        .rfind(|r| r.mark != Mark::Hyphen)
        .map_or(0.0, |r| r.x + width(r.font, &r.text, r.size))
}

#[test]
fn no_line_of_a_numbered_paragraph_stops_short_where_the_next_word_fits() {
    // Numbered paragraphs have no hard line breaks: each of their lines but the last
    // is justified to the margin, the first as much as the rest, unless the next
    // word could not have been set on it.
    let mut checked = 0;
    for name in examples() {
        let (doc, pages, tree) = laid_out(&name);
        if doc.meta.ragged {
            continue;
        }
        let lines: Vec<&Line> = pages
            .iter()
            .flat_map(|p| p.lines.iter().map(|(_, l)| l))
            .collect();
        for (i, l) in lines.iter().enumerate() {
            if role(&tree, l) != "LBody" {
                continue;
            }
            let Some(next) = lines.get(i + 1).filter(|n| n.tag == l.tag) else {
                continue;
            };
            let Some(word) = next.body.runs.first() else {
                continue;
            };
            checked += 1;
            let first_word = word.text.split(' ').next().unwrap_or("");
            let with_next =
                end(l) + width(word.font, " ", word.size) + width(word.font, first_word, word.size);
            assert!(
                end(l) >= RIGHT - 0.5 || with_next > RIGHT,
                "{name}: a line stops {:.1}pt short though “{first_word}” fits: {}",
                RIGHT - end(l),
                text_of(l)
            );
        }
    }
    assert!(checked > 100, "{checked} lines checked");
}

/// The pages' lines, each with its page index.
fn paged(pages: &[PageContent]) -> Vec<(usize, &Line)> {
    pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| page.lines.iter().map(move |(_, l)| (p, l)))
        .collect()
}

fn para(text: &str, number: Option<u32>) -> Block {
    Block::Paragraph {
        number,
        text: vec![Inline::Text {
            text: text.into(),
            style: Style::default(),
        }],
    }
}

fn inl(text: &str) -> Inlines {
    vec![Inline::Text {
        text: text.into(),
        style: Style::default(),
    }]
}

/// `n` filler paragraphs of one to four lines (by `seed`), then `tail`.
fn filled(n: usize, seed: usize, tail: Vec<Block>) -> Document {
    let sentence =
        "The Commissioner has considered the request, the response and the review in full. ";
    let mut blocks: Vec<Block> = (0..n)
        .map(|i| {
            para(
                &sentence.repeat(1 + (i * 7 + seed) % 4 * 2),
                Some(i as u32 + 1),
            )
        })
        .collect();
    blocks.extend(tail);
    Document {
        blocks,
        ..Default::default()
    }
}

#[test]
fn the_signature_never_stands_alone_on_its_page() {
    let signature = Block::Lines(
        [
            "Signed",
            "",
            "A Person",
            "Senior Case Officer",
            "Information Commissioner's Office",
            "Wycliffe House",
            "Water Lane",
            "Wilmslow",
            "Cheshire",
            "SK9 5AF",
        ]
        .iter()
        .map(|l| inl(l))
        .collect(),
    );
    for n in 20..60 {
        let doc = filled(n, n, vec![signature.clone()]);
        let (pages, _) = frames_of(&doc);
        let lines = paged(&pages);
        let (sig_page, sig) = *lines.last().unwrap();
        let others = lines
            .iter()
            .filter(|(p, l)| *p == sig_page && l.tag != sig.tag)
            .count();
        assert!(
            others > 0,
            "{n} paragraphs: the signature alone on page {}",
            sig_page + 1
        );
    }
    // The Cambridgeshire notice's last page holds more than its signature.
    let (_, pages, _) = laid_out("decision-notice-cambridgeshire.toml");
    let last = pages.last().unwrap();
    let sig = &last.lines.last().unwrap().1;
    assert!(last.lines.iter().any(|(_, l)| l.tag != sig.tag));
}

#[test]
fn a_line_ending_in_a_colon_or_a_heading_never_ends_a_page() {
    for n in 20..60 {
        let tail = vec![
            Block::Heading {
                level: 1,
                text: inl("Right of appeal"),
            },
            para(
                "Information about the appeals process may be obtained from:",
                Some(99),
            ),
            Block::List(vec![
                inl("First-tier Tribunal (Information Rights)"),
                inl("PO Box 9300"),
            ]),
            para(
                "The same request was made to every force. "
                    .repeat(6)
                    .trim_end(),
                Some(100),
            ),
        ];
        let doc = filled(n, n + 3, tail);
        let (pages, tree) = frames_of(&doc);
        for (p, page) in pages.iter().enumerate().take(pages.len() - 1) {
            let (_, last) = page.lines.last().unwrap();
            assert!(
                !text_of(last).trim_end().ends_with(':'),
                "{n} paragraphs: page {} ends “{}”",
                p + 1,
                text_of(last)
            );
            assert!(
                !role(&tree, last).starts_with('H'),
                "{n} paragraphs: page {} ends with a heading",
                p + 1
            );
        }
    }
    for name in examples() {
        let (_, pages, tree) = laid_out(&name);
        for page in &pages[..pages.len() - 1] {
            let (_, last) = page.lines.last().unwrap();
            assert!(
                !text_of(last).trim_end().ends_with(':'),
                "{name}: {}",
                text_of(last)
            );
            assert!(
                !role(&tree, last).starts_with('H'),
                "{name}: {}",
                text_of(last)
            );
        }
    }
}

#[test]
fn titles_and_headings_are_never_hyphenated() {
    let long = "Freedom of Information request FOI-NP-2026-1187: Automatic Number Plate Recognition Cameras";
    let doc = Document {
        blocks: vec![
            Block::Title(inl(long)),
            Block::Heading {
                level: 1,
                text: inl(long),
            },
            Block::Heading {
                level: 2,
                text: inl(long),
            },
            para(&format!("{long} "), Some(1)),
        ],
        ..Default::default()
    };
    let (pages, tree) = frames_of(&doc);
    let lines = paged(&pages);
    let display: Vec<&Line> = lines
        .iter()
        .map(|(_, l)| *l)
        .filter(|l| matches!(role(&tree, l), "H1" | "H2" | "H3" | "P"))
        .collect();
    assert!(
        display.len() >= 6,
        "the long title and headings take two lines each"
    );
    for l in display {
        assert!(
            l.body.runs.iter().all(|r| r.mark != Mark::Hyphen) && l.body.end != End::Hyphen,
            "hyphenated: {}",
            text_of(l)
        );
    }
    for name in examples() {
        let (_, pages, tree) = laid_out(&name);
        for (_, l) in paged(&pages) {
            if role(&tree, l).starts_with('H') || l.heading.is_some() {
                assert!(l.body.end != End::Hyphen, "{name}: {}", text_of(l));
            }
        }
    }
}
