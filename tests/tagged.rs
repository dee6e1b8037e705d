//! Tagged PDF (PDF/UA-1): every example's PDF has a structure tree whose text, in
//! order, is the text renderer's; every piece of page content is marked content of a
//! structure element or an artifact; and the catalogue, pages, annotations and
//! metadata carry what PDF/UA asks of them. The structure's text is read back with
//! poppler's `pdfinfo -struct-text` (skipped, with a message, where poppler is not
//! installed; `.ci/run` installs it) and the rest with lopdf.

mod common;

use foinotice::templates::Templates;
use lopdf::{Document, Object};

fn render(path: &std::path::Path) -> (foinotice::model::Document, Vec<u8>) {
    let templates = Templates::load(None).unwrap();
    let case = foinotice::case::load(path).unwrap();
    let doc = foinotice::notice::document(&case, &templates).unwrap();
    let pdf =
        foinotice::render::pdf::render(&foinotice::render::pdf::Cache::default(), &doc).unwrap();
    (doc, pdf)
}

/// Characters in order, without white space, hyphens, bullets and the text renderer's
/// emphasis and link brackets: the same notice in both forms gives the same string.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '•' | '*' | '<' | '>'))
        .collect()
}

/// What `pdfinfo` prints for a PDF with the given option (`-struct`, `-struct-text`).
fn pdfinfo(pdf: &[u8], option: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("n.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdfinfo")
        .arg(option)
        .arg(&file)
        .output()
        .ok()?;
    assert!(out.status.success(), "{out:?}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The quoted strings of `pdfinfo -struct-text`, in order.
fn struct_text(pdf: &[u8]) -> Option<String> {
    let text = pdfinfo(pdf, "-struct-text")?;
    let mut all = String::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(inner) = t.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            all.push_str(inner);
            all.push('\n');
        }
    }
    Some(all)
}

#[test]
fn the_structure_trees_text_is_the_notices_text_in_order() {
    for path in common::examples() {
        let (doc, pdf) = render(&path);
        if !common::tool("pdfinfo", &["-v"], "poppler-utils") {
            return;
        }
        let tagged = struct_text(&pdf).expect("pdfinfo runs");
        // The notice as printed: typographic quotes.
        let text = foinotice::render::text::render(&foinotice::model::typographic(&doc));
        // The text output's first line is the running header, an artifact in the PDF;
        // its footnote rule is drawn, not text.
        let body: String = text
            .lines()
            .skip(1)
            .filter(|l| !l.starts_with("________"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(
            letters(&tagged),
            letters(&body),
            "{}: the structure tree's text differs from the notice's",
            path.display()
        );
    }
}

/// The text a reader of the structure tree gets, block by block: the strings of
/// `pdfinfo -struct-text` joined as they are (the marked content of one block, and
/// of the inline elements in it, read straight on, with no space added between its
/// sequences), a line break between blocks.
fn struct_reading(pdf: &[u8]) -> Option<String> {
    let text = pdfinfo(pdf, "-struct-text")?;
    let mut all = String::new();
    let mut in_content = false;
    for line in text.lines() {
        let t = line.trim();
        match t.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(inner) => {
                all.push_str(inner);
                in_content = true;
            }
            // An inline element (a footnote marker's Reference, a Span in another
            // language) is read on with the words around it.
            None if t.ends_with("(inline)") => {}
            None if in_content => {
                all.push('\n');
                in_content = false;
            }
            None => {}
        }
    }
    Some(all)
}

/// Words as both forms print them: the text renderer's emphasis stars left out, and
/// list bullets ("-", "•") and the footnote rule dropped.
fn words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| w.replace('*', ""))
        .filter(|w| !w.is_empty() && !matches!(w.as_str(), "-" | "•") && !w.starts_with("____"))
        .collect()
}

#[test]
fn the_structure_trees_words_are_the_text_outputs_words_in_order() {
    for path in common::examples() {
        let (doc, pdf) = render(&path);
        if !common::tool("pdfinfo", &["-v"], "poppler-utils") {
            return;
        }
        let read = struct_reading(&pdf).expect("pdfinfo runs");
        // The notice as printed: typographic quotes.
        let text = foinotice::render::text::render(&foinotice::model::typographic(&doc));
        // The text output's first line is the running header, an artifact in the PDF.
        let body: String = text.lines().skip(1).collect::<Vec<_>>().join("\n");
        let (tagged, plain) = (words(&read), words(&body));
        let at = tagged
            .iter()
            .zip(&plain)
            .position(|(a, b)| a != b)
            .unwrap_or(tagged.len().min(plain.len()));
        let around = |ws: &[String]| ws[at.saturating_sub(4)..(at + 4).min(ws.len())].join(" ");
        assert!(
            tagged.len() == plain.len() && at == plain.len(),
            "{}: the structure tree reads \"{}\" where the text has \"{}\" (word {at} of {})",
            path.display(),
            around(&tagged),
            around(&plain),
            plain.len()
        );
    }
}

/// The operators of a page's content, with the marked-content tags open at each.
fn check_marked(doc: &Document, page: lopdf::ObjectId, name: &str) -> usize {
    let content = doc.get_and_decode_page_content(page).unwrap();
    let mut open: Vec<Vec<u8>> = Vec::new();
    let mut marked = 0;
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" | "BMC" => {
                let tag = op.operands[0].as_name().unwrap().to_vec();
                if open.is_empty() {
                    marked += 1;
                }
                open.push(tag);
            }
            "EMC" => {
                assert!(open.pop().is_some(), "{name}: EMC without BDC");
            }
            // Text shown and paths painted: never outside marked content.
            "Tj" | "TJ" | "'" | "\"" | "S" | "s" | "f" | "F" | "f*" | "B" | "b" | "re" => {
                assert!(
                    !open.is_empty(),
                    "{name}: `{}` outside marked content",
                    op.operator
                );
            }
            _ => {}
        }
    }
    assert!(open.is_empty(), "{name}: marked content left open");
    marked
}

#[test]
fn every_page_is_tagged_or_artifact_and_the_catalogue_says_so() {
    for path in common::examples() {
        let name = path.display().to_string();
        let (_, pdf) = render(&path);
        let doc = Document::load_mem(&pdf).unwrap();
        let catalog = doc.catalog().unwrap();
        let mark = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
        assert_eq!(
            mark.get(b"Marked").unwrap(),
            &Object::Boolean(true),
            "{name}"
        );
        assert_eq!(
            catalog.get(b"Lang").unwrap().as_str().unwrap(),
            b"en-GB",
            "{name}"
        );
        let prefs = catalog
            .get(b"ViewerPreferences")
            .unwrap()
            .as_dict()
            .unwrap();
        assert_eq!(
            prefs.get(b"DisplayDocTitle").unwrap(),
            &Object::Boolean(true)
        );
        let meta = doc
            .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
            .unwrap()
            .as_stream()
            .unwrap();
        let xmp = String::from_utf8_lossy(&meta.content);
        assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{name}");
        assert!(xmp.contains("<dc:title>"), "{name}");
        let root = doc
            .get_object(
                catalog
                    .get(b"StructTreeRoot")
                    .unwrap()
                    .as_reference()
                    .unwrap(),
            )
            .unwrap()
            .as_dict()
            .unwrap();
        let parent_tree = doc
            .get_object(root.get(b"ParentTree").unwrap().as_reference().unwrap())
            .unwrap()
            .as_dict()
            .unwrap();
        let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
        for (i, (_, page)) in doc.get_pages().into_iter().enumerate() {
            let dict = doc.get_object(page).unwrap().as_dict().unwrap();
            assert_eq!(dict.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
            let key = dict.get(b"StructParents").unwrap().as_i64().unwrap();
            assert_eq!(key, i as i64);
            assert!(
                check_marked(&doc, page, &name) > 0,
                "{name}: page {i} has no marked content"
            );
            // Every annotation is in the structure (a Link element), with a description.
            if let Ok(annots) = dict.get(b"Annots").and_then(Object::as_array) {
                for a in annots {
                    let a = doc
                        .get_object(a.as_reference().unwrap())
                        .unwrap()
                        .as_dict()
                        .unwrap();
                    let k = a.get(b"StructParent").unwrap().as_i64().unwrap();
                    assert!(
                        nums.chunks(2).any(|p| p[0].as_i64().ok() == Some(k)),
                        "{name}"
                    );
                    assert!(a.get(b"Contents").is_ok(), "{name}");
                }
            }
        }
    }
}

#[test]
fn the_structure_has_headings_lists_tables_and_notes() {
    let (doc, pdf) = render(&common::root().join("examples/decision-notice-cambridgeshire.toml"));
    if !common::tool("pdfinfo", &["-v"], "poppler-utils") {
        return;
    }
    let tree = pdfinfo(&pdf, "-struct").unwrap();
    for role in [
        "Document",
        "H1",
        "H2",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "BlockQuote",
        "Note",
        "Link",
    ] {
        assert!(
            tree.lines().any(|l| l.trim_start().starts_with(role)),
            "no {role} in the structure:\n{tree}"
        );
    }
    assert_eq!(
        tree.lines()
            .filter(|l| l.trim_start().starts_with("Note"))
            .count(),
        doc.footnotes.len()
    );
    assert_eq!(
        tree.lines()
            .filter(|l| l.trim_start().starts_with("H1"))
            .count(),
        1
    );
}

#[test]
fn no_object_is_left_unreferenced() {
    for path in common::examples() {
        let (_, pdf) = render(&path);
        let mut doc = Document::load_mem(&pdf).unwrap();
        // The object streams and the cross-reference stream are containers, which a
        // reader unpacks; everything else must be reachable from the trailer.
        let containers = |d: &Document| {
            d.objects
                .values()
                .filter(|o| {
                    o.as_stream().is_ok_and(|s| {
                        matches!(
                            s.dict.get(b"Type").and_then(Object::as_name),
                            Ok(b"ObjStm") | Ok(b"XRef")
                        )
                    })
                })
                .count()
        };
        let before = doc.objects.len() - containers(&doc);
        let pruned = doc.prune_objects();
        let after = doc.objects.len() - containers(&doc);
        assert_eq!(
            before,
            after,
            "{}: unreferenced objects among {pruned:?}",
            path.display()
        );
    }
}

/// The structure elements of a tagged PDF: (object id, role, dictionary).
fn struct_elems(doc: &Document) -> Vec<(lopdf::ObjectId, String, lopdf::Dictionary)> {
    doc.objects
        .iter()
        .filter_map(|(id, o)| {
            let d = o.as_dict().ok()?;
            if d.get(b"Type").and_then(Object::as_name).ok()? != b"StructElem" {
                return None;
            }
            let role = String::from_utf8_lossy(d.get(b"S").and_then(Object::as_name).ok()?);
            Some((*id, role.into_owned(), d.clone()))
        })
        .collect()
}

fn refs(d: &lopdf::Dictionary) -> Vec<lopdf::ObjectId> {
    d.get(b"Ref")
        .and_then(Object::as_array)
        .map(|a| a.iter().filter_map(|o| o.as_reference().ok()).collect())
        .unwrap_or_default()
}

#[test]
fn footnote_markers_are_references_linked_to_their_notes_both_ways() {
    let (doc, pdf) = render(&common::root().join("examples/decision-notice-cambridgeshire.toml"));
    use foinotice::model::{Block, Inline};
    let markers = doc
        .blocks
        .iter()
        .flat_map(|b| match b {
            Block::Title(t) | Block::Heading { text: t, .. } | Block::Paragraph { text: t, .. } => {
                vec![t.clone()]
            }
            Block::Fields(fs) => fs.iter().map(|f| f.value.clone()).collect(),
            Block::Quote(ts) | Block::List(ts) | Block::Lines(ts) => ts.clone(),
        })
        .flatten()
        .filter(|i| matches!(i, Inline::FootnoteRef(_)))
        .count();
    assert!(markers > 0, "the example has footnote markers");
    let lo = Document::load_mem(&pdf).unwrap();
    let elems = struct_elems(&lo);
    let role_of = |id: lopdf::ObjectId| elems.iter().find(|e| e.0 == id).map(|e| e.1.as_str());
    let references: Vec<_> = elems.iter().filter(|e| e.1 == "Reference").collect();
    assert_eq!(references.len(), markers, "one Reference per marker");
    for (id, _, d) in &references {
        let to = refs(d);
        assert_eq!(to.len(), 1, "a Reference points to one Note");
        assert_eq!(role_of(to[0]), Some("Note"));
        let note = elems.iter().find(|e| e.0 == to[0]).unwrap();
        assert!(refs(&note.2).contains(id), "the Note points back");
        // The marker is its own marked content, inside its paragraph.
        let parent = d.get(b"P").and_then(Object::as_reference).unwrap();
        assert!(
            matches!(role_of(parent), Some("P" | "LBody" | "TD" | "H1" | "H2")),
            "{:?}",
            role_of(parent)
        );
        assert!(d.get(b"K").is_ok());
    }
    if common::tool("pdfinfo", &["-v"], "poppler-utils") {
        let text = struct_text(&pdf).unwrap();
        // Each marker reads as its superscript digit, alone in its Reference.
        for f in &doc.footnotes {
            let digit = foinotice::model::superscript(f.number);
            assert!(
                text.lines().any(|l| l == digit),
                "no Reference reading {digit}:\n{text}"
            );
        }
    }
}

#[test]
fn welsh_words_are_a_span_marked_as_welsh() {
    let (_, pdf) =
        render(&common::root().join("examples/refusal-notice-style-cardiff-and-vale.toml"));
    let lo = Document::load_mem(&pdf).unwrap();
    let spans: Vec<_> = struct_elems(&lo)
        .into_iter()
        .filter(|e| e.1 == "Span")
        .collect();
    assert!(!spans.is_empty(), "no Span in the structure");
    for (_, _, d) in &spans {
        assert_eq!(d.get(b"Lang").and_then(Object::as_str).unwrap(), b"cy-GB");
    }
    if !common::tool("pdfinfo", &["-v"], "poppler-utils") {
        return;
    }
    let tree = pdfinfo(&pdf, "-struct-text").unwrap();
    // The Welsh sentence, and only it, is in the Spans.
    let mut in_span = String::new();
    let mut lines = tree.lines().peekable();
    while let Some(l) = lines.next() {
        if l.trim_start().starts_with("Span") {
            if let Some(t) = lines.peek() {
                in_span.push_str(t.trim().trim_matches('"'));
                in_span.push(' ');
            }
        }
    }
    // Spans on two lines are two elements, each read as a word sequence.
    assert_eq!(
        in_span.split_whitespace().collect::<Vec<_>>().join(" "),
        "Mae’r Bwrdd Iechyd yn croesawu gohebiaeth yn Gymraeg."
    );
}

#[test]
fn every_pdf_is_well_formed_to_qpdf_and_reads_back_whole() {
    for path in common::examples() {
        let (_, pdf) = render(&path);
        // Every object the cross-reference stream lists is found where it says.
        let lo = Document::load_mem(&pdf).unwrap();
        assert!(lo.objects.len() > 20, "{}", path.display());
        assert!(lo.catalog().is_ok());
        if !common::tool("qpdf", &["--version"], "qpdf") {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("n.pdf");
        std::fs::write(&file, &pdf).unwrap();
        let out = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn every_glyph_drawn_is_in_its_font_and_reads_as_a_character() {
    for path in common::examples() {
        let (_, pdf) = render(&path);
        let missing = common::pdfread::unmapped(&pdf);
        assert!(
            missing.is_empty(),
            "{}: glyphs with no character: {missing:?}",
            path.display()
        );
    }
}
