//! The Word renderer: Office Open XML written directly (a zip of XML parts), so that
//! the document has what an editor needs: real styles (title, headings, body,
//! quotation, list), paragraph numbering as a Word numbering definition (inserting a
//! paragraph renumbers the rest), real footnotes, the reference and "Page X of Y" as
//! footer fields, hyperlinks, document properties, the notice's font, and the same
//! bytes for the same document (fixed timestamps in the archive).

use crate::error::Error;
use crate::model::{Block, Document, Field, Inline, Inlines};
use std::fmt::Write as _;
use std::io::Write as _;

/// The font the PDF uses, named for Word (which substitutes a metric twin if absent).
const FONT: &str = "Liberation Sans";

/// The numbering instances: the notice's numbered paragraphs, and bullets.
const NUM_PARAGRAPHS: u32 = 1;
const NUM_BULLETS: u32 = 2;

/// Renders a document as a .docx file.
pub fn render(doc: &Document) -> Result<Vec<u8>, Error> {
    let doc = &*crate::model::typographic(doc);
    let mut body = Body::default();
    let mut titled = false;
    for (i, block) in doc.blocks.iter().enumerate() {
        body.block(block, &mut titled, super::keeps_with_next(&doc.blocks, i));
    }
    // The PDF's indents: a decision notice's body text stands where its numbered
    // paragraphs' text does; a letter's at the margin.
    let hang = if super::numbered(doc) { HANG } else { 0 };
    let footnotes = footnotes_xml(doc, &mut body);
    let document = document_xml(&body.xml);
    let rels = document_rels(&body.links);
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("docProps/core.xml", core_xml(doc)),
        ("docProps/app.xml", APP.to_string()),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", rels),
        ("word/styles.xml", styles_xml(hang)),
        ("word/numbering.xml", numbering_xml(hang)),
        ("word/footnotes.xml", footnotes),
        ("word/settings.xml", SETTINGS.to_string()),
        ("word/footer1.xml", footer_xml(doc.meta.running())),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed time for every entry, so that equal documents give equal bytes.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    // Writing into memory fails only if the archive itself cannot be made.
    let failed = |e: &dyn std::fmt::Display| Error::Io {
        path: std::path::PathBuf::from("<the Word document in memory>"),
        message: e.to_string(),
    };
    for (name, xml) in parts {
        zip.start_file(name, options).map_err(|e| failed(&e))?;
        zip.write_all(xml.as_bytes()).map_err(|e| failed(&e))?;
    }
    let cursor = zip.finish().map_err(|e| failed(&e))?;
    Ok(cursor.into_inner())
}

/// The body's XML as it is built, with what it refers to.
#[derive(Default)]
struct Body {
    xml: String,
    /// External link targets, in order: relationship `rIdLink{n}`.
    links: Vec<String>,
    /// Footnotes already referred to (a later reference repeats the number).
    referred: Vec<u32>,
}

impl Body {
    fn paragraph(&mut self, style: &str, extra: &str, content: &Inlines) {
        let _ = write!(
            self.xml,
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{extra}</w:pPr>"
        );
        self.runs(content);
        self.xml.push_str("</w:p>");
    }

    /// One block; `keep` keeps its last paragraph on the page of the next block's
    /// first (a line ending in a colon, the paragraph before the signature).
    fn block(&mut self, block: &Block, titled: &mut bool, keep: bool) {
        let keep_next = if keep { "<w:keepNext/>" } else { "" };
        // The last paragraph of several keeps with what follows; one ending in a
        // colon before the last keeps with the next.
        let kept = |items: &[Inlines], i: usize| {
            if i + 1 == items.len() {
                keep_next
            } else if super::ends_with_colon(&items[i]) {
                "<w:keepNext/>"
            } else {
                ""
            }
        };
        match block {
            Block::Title(t) => {
                let style = if *titled { "Subtitle" } else { "Title" };
                *titled = true;
                self.paragraph(style, "<w:keepNext/>", t);
            }
            Block::Fields(fields) => self.fields(fields),
            Block::Heading { level, text } => {
                let style = if *level <= 1 { "Heading1" } else { "Heading2" };
                self.paragraph(style, "", text);
            }
            Block::Paragraph {
                number: Some(_),
                text,
            } => {
                let num = format!(
                    "{keep_next}<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{NUM_PARAGRAPHS}\"/></w:numPr>"
                );
                self.paragraph("NumberedParagraph", &num, text);
            }
            Block::Paragraph { number: None, text } => self.paragraph("BodyText", keep_next, text),
            Block::Quote(paragraphs) => {
                for (i, p) in paragraphs.iter().enumerate() {
                    self.paragraph("Quote", kept(paragraphs, i), p);
                }
            }
            Block::List(items) => {
                let num = format!(
                    "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{NUM_BULLETS}\"/></w:numPr>"
                );
                for (i, item) in items.iter().enumerate() {
                    self.paragraph("ListBullet", &format!("{}{num}", kept(items, i)), item);
                }
            }
            Block::Lines(lines) => {
                let mut joined: Inlines = Vec::new();
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        joined.push(Inline::LineBreak);
                    }
                    joined.extend(line.iter().cloned());
                }
                self.paragraph("Lines", &format!("{keep_next}<w:keepLines/>"), &joined);
            }
        }
    }

    /// The header block as a two-column table without borders; a continuation row
    /// joins the row above as a new line.
    fn fields(&mut self, fields: &[Field]) {
        let mut rows: Vec<(String, Inlines)> = Vec::new();
        for f in fields {
            match rows.last_mut() {
                Some((_, value)) if f.label.is_empty() => {
                    value.push(Inline::LineBreak);
                    value.extend(f.value.iter().cloned());
                }
                _ => rows.push((f.label.clone(), f.value.clone())),
            }
        }
        self.xml.push_str(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"Details\"/><w:tblW w:w=\"0\" w:type=\"auto\"/>\
             <w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>\
             </w:tblPr><w:tblGrid><w:gridCol w:w=\"2600\"/><w:gridCol w:w=\"6400\"/></w:tblGrid>",
        );
        for (label, value) in rows {
            self.xml
                .push_str("<w:tr><w:tc><w:tcPr><w:tcW w:w=\"2600\" w:type=\"dxa\"/></w:tcPr>");
            // The label as printed: "Date:".
            let label = vec![Inline::Text {
                text: if label.is_empty() {
                    label
                } else {
                    format!("{label}:")
                },
                style: crate::model::Style {
                    bold: true,
                    ..Default::default()
                },
            }];
            self.paragraph("TableText", "", &label);
            self.xml
                .push_str("</w:tc><w:tc><w:tcPr><w:tcW w:w=\"6400\" w:type=\"dxa\"/></w:tcPr>");
            self.paragraph("TableText", "", &value);
            self.xml.push_str("</w:tc></w:tr>");
        }
        self.xml.push_str("</w:tbl>");
    }

    fn runs(&mut self, items: &Inlines) {
        for item in items {
            match item {
                Inline::Text { text, style } => {
                    let mut props = String::new();
                    if style.bold {
                        props.push_str("<w:b/>");
                    }
                    if style.italic {
                        props.push_str("<w:i/>");
                    }
                    if let Some(lang) = style.lang {
                        let _ = write!(props, "<w:lang w:val=\"{}\"/>", lang.tag());
                    }
                    let _ = write!(
                        self.xml,
                        "<w:r>{}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                        if props.is_empty() {
                            String::new()
                        } else {
                            format!("<w:rPr>{props}</w:rPr>")
                        },
                        escape(text)
                    );
                }
                Inline::FootnoteRef(n) => {
                    if self.referred.contains(n) {
                        // Word gives each footnote one reference: a later reference to
                        // the same note repeats its number.
                        let _ = write!(
                            self.xml,
                            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:t>{n}</w:t></w:r>"
                        );
                    } else {
                        self.referred.push(*n);
                        let _ = write!(
                            self.xml,
                            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{n}\"/></w:r>"
                        );
                    }
                }
                Inline::Link { url, .. } => {
                    self.links.push(url.clone());
                    let _ = write!(
                        self.xml,
                        "<w:hyperlink r:id=\"rIdLink{}\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:hyperlink>",
                        self.links.len(),
                        escape(url)
                    );
                }
                Inline::LineBreak => self.xml.push_str("<w:r><w:br/></w:r>"),
            }
        }
    }
}

use super::escape_xml as escape;

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
                  xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

fn document_xml(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document {NS}><w:body>{body}\
         <w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>\
         <w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1418\" w:right=\"1247\" w:bottom=\"1418\" w:left=\"1247\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>"
    )
}

/// The footnotes part: the separators Word expects, then each note, numbered as the
/// notice numbers them (Word numbers notes in the order of their references).
fn footnotes_xml(doc: &Document, body: &mut Body) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:footnotes {NS}>\
         <w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>\
         <w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    );
    for note in &doc.footnotes {
        let mut inner = Body {
            links: std::mem::take(&mut body.links),
            ..Body::default()
        };
        inner.runs(&note.text);
        body.links = inner.links;
        let _ = write!(
            out,
            "<w:footnote w:id=\"{}\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr>\
             <w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>\
             <w:r><w:t xml:space=\"preserve\"> </w:t></w:r>{}</w:p></w:footnote>",
            note.number, inner.xml
        );
    }
    out.push_str("</w:footnotes>");
    out
}

/// The footer: the reference on the left, "Page X of Y" as fields on the right.
fn footer_xml(reference: &str) -> String {
    let field = |instr: &str| {
        format!(
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
             <w:r><w:instrText xml:space=\"preserve\"> {instr} </w:instrText></w:r>\
             <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>\
             <w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr {NS}>\
         <w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:tab/></w:r>\
         <w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>{}<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>{}</w:p></w:ftr>",
        escape(reference),
        field("PAGE"),
        field("NUMPAGES")
    )
}

fn document_rels(links: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdNumbering\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>\
         <Relationship Id=\"rIdFootnotes\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" Target=\"footnotes.xml\"/>\
         <Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>",
    );
    for (i, url) in links.iter().enumerate() {
        let _ = write!(
            out,
            "<Relationship Id=\"rIdLink{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>",
            i + 1,
            escape(url)
        );
    }
    out.push_str("</Relationships>");
    out
}

/// The document properties: title, author, subject, keywords, and the notice date as
/// the created and modified times (so that equal notices give equal files).
fn core_xml(doc: &Document) -> String {
    let when = doc
        .meta
        .date
        .map(|d| format!("{d}T00:00:00Z"))
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator>\
         <cp:keywords>{}</cp:keywords><dc:language>{}</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:modified>\
         </cp:coreProperties>",
        escape(&doc.meta.title),
        escape(&doc.meta.subject),
        escape(&doc.meta.author),
        escape(&doc.meta.keywords.join(", ")),
        escape(if doc.meta.language.is_empty() {
            "en-GB"
        } else {
            &doc.meta.language
        })
    )
}

/// The styles: the notice's font and sizes, British English, and the styles the body
/// uses.
fn styles_xml(hang: u32) -> String {
    let style = |id: &str, name: &str, ppr: &str, rpr: &str, extra: &str| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>\
             <w:basedOn w:val=\"Normal\"/>{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )
    };
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles {NS}>\
         <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"{FONT}\" w:hAnsi=\"{FONT}\" w:cs=\"{FONT}\" w:eastAsia=\"{FONT}\"/>\
         <w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
    );
    out.push_str(&style(
        "Title",
        "Title",
        "<w:spacing w:after=\"240\"/>",
        "<w:b/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>",
        "<w:next w:val=\"BodyText\"/>",
    ));
    out.push_str(&style(
        "Subtitle",
        "Subtitle",
        "<w:spacing w:after=\"240\"/>",
        "<w:b/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/>",
        "",
    ));
    out.push_str(&style(
        "Heading1",
        "heading 1",
        "<w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/>",
        "<w:b/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/>",
        "<w:next w:val=\"NumberedParagraph\"/>",
    ));
    out.push_str(&style(
        "Heading2",
        "heading 2",
        "<w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"1\"/>",
        "<w:b/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>",
        "<w:next w:val=\"NumberedParagraph\"/>",
    ));
    out.push_str(&style(
        "BodyText",
        "Body Text",
        &format!("<w:ind w:left=\"{hang}\"/><w:jc w:val=\"both\"/>"),
        "",
        "",
    ));
    out.push_str(&style(
        "NumberedParagraph",
        "Numbered Paragraph",
        "<w:jc w:val=\"both\"/><w:ind w:left=\"709\" w:hanging=\"709\"/>",
        "",
        "<w:next w:val=\"NumberedParagraph\"/>",
    ));
    out.push_str(&style(
        "Quote",
        "Quote",
        &format!(
            "<w:ind w:left=\"{}\" w:right=\"{QUOTE_INDENT}\"/><w:jc w:val=\"both\"/>",
            hang + QUOTE_INDENT
        ),
        "",
        "",
    ));
    out.push_str(&style(
        "ListBullet",
        "List Bullet",
        &format!(
            "{}<w:spacing w:after=\"80\"/><w:ind w:left=\"{}\" w:hanging=\"{BULLET_HANG}\"/><w:jc w:val=\"both\"/>",
            bullet_tab(hang),
            hang + BULLET_TEXT
        ),
        "",
        "",
    ));
    out.push_str(&style("Lines", "Lines", "<w:keepLines/>", "", ""));
    out.push_str(&style(
        "TableText",
        "Table Text",
        "<w:spacing w:after=\"40\"/>",
        "",
        "",
    ));
    out.push_str(&style(
        "FootnoteText",
        "footnote text",
        "<w:spacing w:after=\"0\"/>",
        "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>",
        "",
    ));
    out.push_str(&style(
        "Footer",
        "footer",
        "<w:tabs><w:tab w:val=\"right\" w:pos=\"9412\"/></w:tabs><w:spacing w:after=\"0\"/>",
        "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>",
        "",
    ));
    out.push_str(
        "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>\
         <w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:rPr><w:color w:val=\"0B3D91\"/><w:u w:val=\"single\"/></w:rPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"Details\"><w:name w:val=\"Details\"/><w:tblPr><w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders></w:tblPr></w:style>\
         </w:styles>",
    );
    out
}

/// The PDF's indents in twentieths of a point: the numbers' hanging indent (12.5 mm
/// in Word, as the office's own notices have it), a quotation's 10 mm each side,
/// and a bullet's text 6 mm in from the body with the bullet 1 mm in.
const HANG: u32 = 709;
const QUOTE_INDENT: u32 = 567;
const BULLET_TEXT: u32 = 340;
const BULLET_HANG: u32 = 283;

/// The tab stop after a bullet, where its text starts: Word and LibreOffice then put
/// the text there, not against the bullet.
fn bullet_tab(hang: u32) -> String {
    format!(
        "<w:tabs><w:tab w:val=\"num\" w:pos=\"{}\"/></w:tabs>",
        hang + BULLET_TEXT
    )
}

/// Paragraph numbers "1.", "2." … with a hanging indent; bullets for lists, each
/// followed by a tab to its text.
fn numbering_xml(hang: u32) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>\
<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/>\
<w:pPr><w:ind w:left=\"{HANG}\" w:hanging=\"{HANG}\"/></w:pPr></w:lvl></w:abstractNum>\
<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"singleLevel\"/>\
<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:suff w:val=\"tab\"/><w:lvlText w:val=\"\u{2022}\"/><w:lvlJc w:val=\"left\"/>\
<w:pPr>{tab}<w:ind w:left=\"{text}\" w:hanging=\"{BULLET_HANG}\"/></w:pPr></w:lvl></w:abstractNum>\
<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>\
<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>\
</w:numbering>",
        tab = bullet_tab(hang),
        text = hang + BULLET_TEXT
    )
}

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:defaultTabStop w:val=\"709\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
<w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>\
<w:themeFontLang w:val=\"en-GB\"/></w:settings>";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>\
<Override PartName=\"/word/footnotes.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
<Application>foinotice</Application></Properties>";
