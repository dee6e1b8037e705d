//! The HTML renderer: one self-contained, semantic HTML5 file per notice. Headings are
//! headings, the header block a table, the numbered paragraphs carry their numbers as
//! text (so that they survive copying), footnotes are linked both ways, and a print
//! stylesheet lays the notice out on A4 pages. Nothing is fetched from elsewhere.

use crate::model::{Block, Document, Field, Inline, Inlines};
use std::fmt::Write as _;

/// The stylesheet: readable on screen, A4 when printed. (The desk's content security
/// policy allows it, in the preview, by its hash, computed from this text.)
pub const STYLE: &str = r#"
:root { color-scheme: light; }
body { margin: 0; background: #ffffff; color: #1a1a1a; font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 1.05rem; line-height: 1.5; }
main { max-width: 44rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 1.5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; }
p { margin: 0 0 0.9rem; }
p.numbered { display: flex; gap: 0.75rem; }
p.numbered .number { flex: 0 0 2.25rem; font-variant-numeric: tabular-nums; }
table.details { border-collapse: collapse; margin: 0 0 1.5rem; }
table.details th { text-align: left; font-weight: bold; padding: 0.15rem 1.5rem 0.15rem 0; vertical-align: top; }
table.details td { padding: 0.15rem 0; vertical-align: top; }
blockquote { margin: 0 0 1rem 2.25rem; padding-left: 1rem; border-left: 3px solid #6b6b6b; }
main.numbered ul { margin: 0 0 0.9rem 3rem; padding-left: 1.5rem; }
p.lines { white-space: normal; }
a { color: #0b3d91; }
a:focus { outline: 3px solid #b35900; outline-offset: 2px; }
sup { line-height: 0; }
.footnotes { margin-top: 2.5rem; border-top: 1px solid #6b6b6b; font-size: 0.95rem; }
.footnotes h2 { font-size: 1.05rem; }
.footnotes ol { list-style: none; padding-left: 0; }
.footnotes .note-number { display: inline-block; min-width: 1.5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer.running { margin-top: 2rem; font-size: 0.9rem; color: #4a4a4a; }
@media print {
  @page { size: A4; margin: 25mm 22mm 25mm 22mm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; }
  h2, h3 { break-after: avoid; }
  p, blockquote, table.details, p.lines { break-inside: avoid; }
}
"#;

/// Renders a document as an HTML5 page.
pub fn render(doc: &Document) -> String {
    let doc = &*crate::model::typographic(doc);
    let lang = if doc.meta.language.is_empty() {
        "en-GB"
    } else {
        doc.meta.language.as_str()
    };
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n",
        text(lang),
        text(&doc.meta.title)
    );
    for (name, value) in [
        ("author", doc.meta.author.clone()),
        ("description", doc.meta.subject.clone()),
        ("keywords", doc.meta.keywords.join(", ")),
    ] {
        if !value.is_empty() {
            let _ = writeln!(out, "<meta name=\"{name}\" content=\"{}\">", text(&value));
        }
    }
    if let Some(date) = doc.meta.date {
        let _ = writeln!(out, "<meta name=\"dcterms.date\" content=\"{date}\">");
    }
    // A notice of numbered paragraphs sets its lists under their text, as the PDF.
    let class = if super::numbered(doc) {
        " class=\"numbered\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<style>{STYLE}</style>\n</head>\n<body>\n<main{class}>\n"
    );
    let mut refs = Refs::default();
    let mut titled = false;
    for block in &doc.blocks {
        block_html(&mut out, block, &mut refs, &mut titled);
    }
    if !doc.footnotes.is_empty() {
        out.push_str(
            "<section class=\"footnotes\" aria-labelledby=\"footnotes\">\n\
             <h2 id=\"footnotes\">Footnotes</h2>\n<ol>\n",
        );
        for note in &doc.footnotes {
            // The number is text, so that it survives copying.
            let _ = write!(
                out,
                "<li id=\"fn{n}\"><span class=\"note-number\">{n}</span> ",
                n = note.number
            );
            inlines(&mut out, &note.text, &mut refs);
            for k in 1..=refs.count(note.number) {
                let _ = write!(
                    out,
                    " <a href=\"#{}\" aria-label=\"Back to reference {}{}\">↩</a>",
                    Refs::id(note.number, k),
                    note.number,
                    if k > 1 {
                        format!(" ({k})")
                    } else {
                        String::new()
                    }
                );
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</section>\n");
    }
    if !doc.meta.running().is_empty() {
        let _ = writeln!(
            out,
            "<footer class=\"running\"><p>{}</p></footer>",
            text(doc.meta.running())
        );
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// How many times each footnote has been referred to so far, for unique anchors.
#[derive(Default)]
struct Refs {
    seen: std::collections::BTreeMap<u32, usize>,
}

impl Refs {
    fn next(&mut self, n: u32) -> usize {
        let k = self.seen.entry(n).or_insert(0);
        *k += 1;
        *k
    }
    fn count(&self, n: u32) -> usize {
        self.seen.get(&n).copied().unwrap_or(0)
    }
    fn id(n: u32, k: usize) -> String {
        if k == 1 {
            format!("fnref{n}")
        } else {
            format!("fnref{n}-{k}")
        }
    }
}

fn block_html(out: &mut String, block: &Block, refs: &mut Refs, titled: &mut bool) {
    match block {
        // The first title is the page's one h1; any further title lines are its
        // subtitle.
        Block::Title(t) => {
            if *titled {
                out.push_str("<p class=\"subtitle\"><strong>");
                inlines(out, t, refs);
                out.push_str("</strong></p>\n");
            } else {
                *titled = true;
                out.push_str("<h1>");
                inlines(out, t, refs);
                out.push_str("</h1>\n");
            }
        }
        Block::Fields(fields) => fields_html(out, fields, refs),
        Block::Heading { level, text } => {
            // h1 is the title: section headings start at h2.
            let h = (*level).clamp(1, 4) + 1;
            let _ = write!(out, "<h{h}>");
            inlines(out, text, refs);
            let _ = writeln!(out, "</h{h}>");
        }
        Block::Paragraph {
            number: Some(n),
            text,
        } => {
            let _ = write!(
                out,
                "<p class=\"numbered\" id=\"p{n}\"><span class=\"number\">{n}.</span> <span>"
            );
            inlines(out, text, refs);
            out.push_str("</span></p>\n");
        }
        Block::Paragraph { number: None, text } => {
            out.push_str("<p>");
            inlines(out, text, refs);
            out.push_str("</p>\n");
        }
        Block::Quote(paragraphs) => {
            out.push_str("<blockquote>\n");
            for p in paragraphs {
                out.push_str("<p>");
                inlines(out, p, refs);
                out.push_str("</p>\n");
            }
            out.push_str("</blockquote>\n");
        }
        Block::List(items) => {
            out.push_str("<ul>\n");
            for item in items {
                out.push_str("<li>");
                inlines(out, item, refs);
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
        Block::Lines(lines) => {
            out.push_str("<p class=\"lines\">");
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    out.push_str("<br>\n");
                }
                inlines(out, line, refs);
            }
            out.push_str("</p>\n");
        }
    }
}

/// The header block as a table of labelled rows; a continuation row (no label)
/// joins the row above, as the lines of one address.
fn fields_html(out: &mut String, fields: &[Field], refs: &mut Refs) {
    out.push_str("<table class=\"details\">\n<tbody>\n");
    let mut open = false;
    for f in fields {
        if f.label.is_empty() && open {
            out.push_str("<br>\n");
        } else {
            if open {
                out.push_str("</td></tr>\n");
            }
            // The label as printed: "Date:".
            let _ = write!(out, "<tr><th scope=\"row\">{}:</th><td>", text(&f.label));
            open = true;
        }
        inlines(out, &f.value, refs);
    }
    if open {
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn inlines(out: &mut String, items: &Inlines, refs: &mut Refs) {
    for item in items {
        match item {
            Inline::Text { text: t, style } => {
                let (open, close) = match (style.bold, style.italic) {
                    (true, true) => ("<strong><em>", "</em></strong>"),
                    (true, false) => ("<strong>", "</strong>"),
                    (false, true) => ("<em>", "</em>"),
                    (false, false) => ("", ""),
                };
                if let Some(lang) = style.lang {
                    let _ = write!(out, "<span lang=\"{}\">", lang.tag());
                }
                out.push_str(open);
                out.push_str(&text(t));
                out.push_str(close);
                if style.lang.is_some() {
                    out.push_str("</span>");
                }
            }
            Inline::FootnoteRef(n) => {
                let k = refs.next(*n);
                let _ = write!(
                    out,
                    "<sup><a href=\"#fn{n}\" id=\"{}\" role=\"doc-noteref\"><span class=\"visually-hidden\">footnote </span>{n}</a></sup>",
                    Refs::id(*n, k)
                );
            }
            Inline::Link { url, .. } => {
                let _ = write!(out, "<a href=\"{}\">{}</a>", text(url), text(url));
            }
            Inline::LineBreak => out.push_str("<br>\n"),
        }
    }
}

/// Text escaped for an element's content or a double-quoted attribute's value.
fn text(s: &str) -> String {
    super::escape_xml(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Footnote, Meta, Style};

    fn t(s: &str) -> Inline {
        Inline::Text {
            text: s.into(),
            style: Style::default(),
        }
    }

    #[test]
    fn markup_in_text_is_escaped_and_footnotes_link_both_ways() {
        let doc = Document {
            meta: Meta {
                title: "A <b> & \"c\"".into(),
                language: "en-GB".into(),
                ..Meta::default()
            },
            blocks: vec![
                Block::Title(vec![t("Decision notice")]),
                Block::Paragraph {
                    number: Some(1),
                    text: vec![t("x < y"), Inline::FootnoteRef(1)],
                },
                Block::Paragraph {
                    number: Some(2),
                    text: vec![t("again"), Inline::FootnoteRef(1)],
                },
            ],
            footnotes: vec![Footnote {
                number: 1,
                text: vec![t("the note")],
            }],
        };
        let html = render(&doc);
        assert!(
            html.contains("<title>A &lt;b&gt; &amp; &quot;c&quot;</title>"),
            "{html}"
        );
        assert!(html.contains("<html lang=\"en-GB\">"));
        assert!(html.contains("<span class=\"number\">1.</span> <span>x &lt; y"));
        assert!(html.contains("href=\"#fn1\" id=\"fnref1\""));
        assert!(html.contains("href=\"#fn1\" id=\"fnref1-2\""));
        assert!(html.contains("<a href=\"#fnref1\" aria-label=\"Back to reference 1\">"));
        assert!(html.contains("<a href=\"#fnref1-2\" aria-label=\"Back to reference 1 (2)\">"));
        assert_eq!(html.matches("<h1>").count(), 1);
    }
}
