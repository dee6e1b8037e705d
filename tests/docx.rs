//! The Word renderer: every example makes a .docx whose body holds every paragraph of
//! the text output in order, numbered by a Word numbering definition, with real
//! footnotes, the footer's page fields and the same bytes every time; and, where
//! LibreOffice is installed (CI installs it), the file converts without error and
//! keeps its wording, numbers and footnotes.

mod common;

use foinotice::templates::Templates;
use std::io::Read;

fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut file = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("no part {name}"));
    let mut s = String::new();
    file.read_to_string(&mut s).unwrap();
    s
}

/// The text of an XML part: each paragraph's runs joined, paragraphs on lines.
fn xml_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').unwrap() + i;
        let tag = &rest[i..=end];
        if tag == "</w:p>" || tag.starts_with("<w:br") || tag.starts_with("<w:tab") {
            out.push('\n');
        }
        rest = &rest[end + 1..];
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// How many numbered paragraphs a notice has.
fn numbered(doc: &foinotice::model::Document) -> usize {
    doc.blocks
        .iter()
        .filter(|b| {
            matches!(
                b,
                foinotice::model::Block::Paragraph {
                    number: Some(_),
                    ..
                }
            )
        })
        .count()
}

const SUPERSCRIPTS: &[char] = &['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn words(s: &str) -> String {
    s.replace(['*', '<', '>'], "")
        .replace(SUPERSCRIPTS, "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_example_makes_a_word_file_with_the_notices_words_numbers_and_notes() {
    let templates = Templates::load(None).unwrap();
    for path in common::examples() {
        let case = foinotice::case::load(&path)
            .unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
        let doc = foinotice::notice::document(&case, &templates).unwrap();
        let docx = foinotice::render::docx::render(&doc).unwrap();
        assert_eq!(
            docx,
            foinotice::render::docx::render(&doc).unwrap(),
            "{}: the same document gives the same bytes",
            path.display()
        );
        let body = part(&docx, "word/document.xml");
        let seen = words(&xml_text(&body));
        // The notice as printed: typographic quotes.
        let text = foinotice::render::text::render(&foinotice::model::typographic(&doc));
        let mut from = 0;
        for para in text
            .split("\n________________\n")
            .next()
            .unwrap()
            .split("\n\n")
            .skip(1)
        {
            // Word numbers the paragraphs and bullets itself: the text's numbers and
            // dashes are not in the body.
            let para: String = para
                .lines()
                .map(|l| {
                    let l = l.trim_start();
                    let l = l.strip_prefix("- ").unwrap_or(l);
                    match l.split_once(". ") {
                        Some((n, rest))
                            if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() =>
                        {
                            rest.to_string()
                        }
                        _ => l.to_string(),
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            let para = words(&para);
            if para.is_empty() {
                continue;
            }
            let probe = para.split(": ").last().unwrap_or(&para).to_string();
            match seen[from..]
                .find(&para)
                .or_else(|| seen[from..].find(&probe))
            {
                Some(i) => from += i,
                None => panic!("{}: the Word body lacks «{para}»", path.display()),
            }
        }
        let numbered = numbered(&doc);
        // (One that ends in a colon also keeps with the next.)
        assert_eq!(
            body.matches("<w:pStyle w:val=\"NumberedParagraph\"/><w:numPr>")
                .count()
                + body
                    .matches("<w:pStyle w:val=\"NumberedParagraph\"/><w:keepNext/><w:numPr>")
                    .count(),
            numbered,
            "{}: every numbered paragraph is numbered by Word",
            path.display()
        );
        assert!(part(&docx, "word/numbering.xml").contains("<w:numFmt w:val=\"decimal\"/>"));
        let notes = part(&docx, "word/footnotes.xml");
        for n in &doc.footnotes {
            assert!(body.contains(&format!("<w:footnoteReference w:id=\"{}\"/>", n.number)));
            assert!(notes.contains(&format!("<w:footnote w:id=\"{}\">", n.number)));
        }
        let footer = part(&docx, "word/footer1.xml");
        assert!(footer.contains(" PAGE ") && footer.contains(" NUMPAGES "));
        assert!(part(&docx, "docProps/core.xml").contains("<dc:title>"));
    }
}

/// LibreOffice (Debian's `libreoffice-writer-nogui`) converts each example to text and
/// to HTML: both must succeed; the text keeps the paragraph numbers and the title, and
/// the HTML has each footnote as a footnote, with its text.
#[test]
fn libreoffice_reads_the_word_files() {
    let soffice = "soffice";
    if !common::tool(soffice, &["--version"], "libreoffice-writer-nogui") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let templates = Templates::load(None).unwrap();
    let mut docs = Vec::new();
    for path in common::examples() {
        let case = foinotice::case::load(&path).unwrap();
        let doc = foinotice::notice::document(&case, &templates).unwrap();
        let name = dir.path().join(format!("{}.docx", case.file_stem()));
        std::fs::write(&name, foinotice::render::docx::render(&doc).unwrap()).unwrap();
        docs.push((name, doc));
    }
    let profile = dir.path().join("profile");
    let out = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
        .arg(dir.path().join("txt"))
        .args(docs.iter().map(|(p, _)| p.as_os_str()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let out = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "html", "--outdir"])
        .arg(dir.path().join("html"))
        .args(docs.iter().map(|(p, _)| p.as_os_str()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    for (path, doc) in &docs {
        let html = std::fs::read_to_string(
            dir.path()
                .join("html")
                .join(path.with_extension("html").file_name().unwrap()),
        )
        .unwrap();
        for note in &doc.footnotes {
            assert!(
                html.contains(&format!("sdfootnote{}sym", note.number)),
                "{}: footnote {} is not a footnote in LibreOffice",
                path.display(),
                note.number
            );
            let first: String = foinotice::model::plain_text(&note.text)
                .replace(['<', '>'], "")
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                html.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .contains(&first),
                "{}: footnote {} lacks «{first}»",
                path.display(),
                note.number
            );
        }
        let txt = dir
            .path()
            .join("txt")
            .join(path.with_extension("txt").file_name().unwrap());
        let text = std::fs::read_to_string(&txt)
            .unwrap_or_else(|e| panic!("{}: not converted: {e}", path.display()));
        let numbered = numbered(doc);
        for n in 1..=numbered {
            assert!(
                text.contains(&format!("{n}. ")),
                "{}: paragraph number {n} did not survive",
                path.display()
            );
        }
        if let Some(title) = doc.blocks.iter().find_map(|b| match b {
            foinotice::model::Block::Title(t) => Some(foinotice::model::plain_text(t)),
            _ => None,
        }) {
            assert!(text.contains(title.trim()), "{}: {title}", path.display());
        }
    }
}

#[test]
fn welsh_words_carry_their_language() {
    let doc = common::document(
        &common::root().join("examples/refusal-notice-style-cardiff-and-vale.toml"),
    );
    let body = part(
        &foinotice::render::docx::render(&doc).unwrap(),
        "word/document.xml",
    );
    let welsh: Vec<&str> = body
        .split("<w:r>")
        .filter(|r| r.contains("<w:lang w:val=\"cy-GB\"/>"))
        .collect();
    assert_eq!(welsh.len(), 1, "{body}");
    assert!(welsh[0].contains("yn croesawu gohebiaeth yn Gymraeg."));
}

/// The `<w:p>` elements of document.xml, each whole.
fn paragraphs(xml: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<w:p>") {
        let end = rest[i..].find("</w:p>").unwrap() + i + "</w:p>".len();
        out.push(&rest[i..end]);
        rest = &rest[end..];
    }
    out
}

#[test]
fn colon_lines_headings_and_the_signature_keep_with_what_follows() {
    let templates = Templates::load(None).unwrap();
    for path in common::examples() {
        let case = foinotice::case::load(&path).unwrap();
        let doc = foinotice::notice::document(&case, &templates).unwrap();
        let docx = foinotice::render::docx::render(&doc).unwrap();
        let body = part(&docx, "word/document.xml");
        let ps = paragraphs(&body);
        let mut colons = 0;
        for (i, p) in ps.iter().enumerate() {
            let text = xml_text(p);
            // (A header row's label stands beside its value, in the same row.)
            let label = p.contains("<w:pStyle w:val=\"TableText\"/>");
            if text.trim_end().ends_with(':') && i + 1 < ps.len() && !label {
                colons += 1;
                // Kept by the paragraph, or by its style (a heading's).
                let heading = ["Title", "Subtitle", "Heading1", "Heading2"]
                    .iter()
                    .any(|s| p.contains(&format!("<w:pStyle w:val=\"{s}\"/>")));
                assert!(
                    heading || p.contains("<w:keepNext/>"),
                    "{}: “{}” may end a page",
                    path.display(),
                    text.trim()
                );
            }
        }
        assert!(colons > 0, "{}: no line ending in a colon", path.display());
        // The signature (the last paragraph) is kept whole, and the one before it
        // keeps with it.
        let last = ps.last().unwrap();
        assert!(last.contains("<w:keepLines/>"), "{}", path.display());
        assert!(
            ps[ps.len() - 2].contains("<w:keepNext/>"),
            "{}: the signature may stand alone",
            path.display()
        );
    }
}

#[test]
fn bullets_have_their_tab_and_the_body_the_pdfs_indent() {
    let decision =
        common::document(&common::root().join("examples/decision-notice-cambridgeshire.toml"));
    let letter = common::document(&common::root().join("examples/refusal-notice-mixed.toml"));
    for (doc, hang) in [(&decision, 709), (&letter, 0)] {
        let docx = foinotice::render::docx::render(doc).unwrap();
        let numbering = part(&docx, "word/numbering.xml");
        let styles = part(&docx, "word/styles.xml");
        let text = hang + 340;
        assert!(numbering.contains("<w:suff w:val=\"tab\"/>"), "{numbering}");
        assert!(
            numbering.contains(&format!("<w:tab w:val=\"num\" w:pos=\"{text}\"/>"))
                && numbering.contains(&format!("<w:ind w:left=\"{text}\" w:hanging=\"283\"/>")),
            "{numbering}"
        );
        let body_text = styles
            .split("<w:style ")
            .find(|s| s.contains("w:styleId=\"BodyText\""))
            .unwrap();
        assert!(
            body_text.contains(&format!("<w:ind w:left=\"{hang}\"/>")),
            "{body_text}"
        );
    }
}

#[test]
fn libreoffice_never_ends_a_page_with_a_line_ending_in_a_colon() {
    let soffice = "soffice";
    if !common::tool(soffice, &["--version"], "libreoffice-writer-nogui")
        || !common::tool("pdftotext", &["-v"], "poppler-utils")
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut docs = Vec::new();
    for path in common::examples() {
        let doc = common::document(&path);
        let name = dir
            .path()
            .join(path.with_extension("docx").file_name().unwrap());
        std::fs::write(&name, foinotice::render::docx::render(&doc).unwrap()).unwrap();
        docs.push((name, doc));
    }
    let out = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path().join("pdf"))
        .args(docs.iter().map(|(p, _)| p.as_os_str()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut pages_checked = 0;
    for (path, doc) in &docs {
        let pdf = dir
            .path()
            .join("pdf")
            .join(path.with_extension("pdf").file_name().unwrap());
        let text = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout).into_owned();
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        for (n, page) in pages.iter().enumerate().take(pages.len().saturating_sub(1)) {
            // The page's last line of the notice, above the footer.
            let last = page
                .lines()
                .map(str::trim)
                .rfind(|l| {
                    !l.is_empty()
                        && !l.starts_with("Page ")
                        && !doc.meta.running().starts_with(*l)
                        && !l.contains(doc.meta.running())
                })
                .unwrap_or("");
            pages_checked += 1;
            assert!(
                !last.ends_with(':'),
                "{} page {}: ends “{last}”",
                path.display(),
                n + 1
            );
        }
    }
    assert!(pages_checked > 10, "{pages_checked} pages");
}

#[test]
fn header_labels_are_printed_with_their_colons() {
    let doc =
        common::document(&common::root().join("examples/decision-notice-cambridgeshire.toml"));
    let body = part(
        &foinotice::render::docx::render(&doc).unwrap(),
        "word/document.xml",
    );
    let text = xml_text(&body);
    for label in ["Date:", "Public Authority:", "Address:"] {
        assert!(text.lines().any(|l| l == label), "no “{label}” row");
    }
}
