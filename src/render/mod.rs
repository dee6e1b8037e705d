//! Renderers: each turns the document model into one output format.

mod content;
pub mod docx;
pub mod html;
mod kern;
mod linebreak;
pub mod pdf;
mod subset;
pub mod text;

use crate::error::Error;
use crate::model::{Block, Document, Inlines};

/// Whether inlines end with a colon: the line that introduces what follows it ("…by
/// virtue of:", "…obtained from:"), which never ends a page.
pub(crate) fn ends_with_colon(inlines: &Inlines) -> bool {
    crate::model::plain_text(inlines).trim_end().ends_with(':')
}

/// Whether block `i` is the signature block: lines kept as written with nothing after
/// them but an annex (a heading and what follows it).
pub(crate) fn is_signature(blocks: &[Block], i: usize) -> bool {
    matches!(blocks.get(i), Some(Block::Lines(_)))
        && matches!(blocks.get(i + 1), None | Some(Block::Heading { .. }))
}

/// Whether block `i` must stay on the page of the block after it: a heading or title
/// always; a block whose last words end in a colon; the paragraph before the
/// signature block (the signature never stands alone on a page).
pub(crate) fn keeps_with_next(blocks: &[Block], i: usize) -> bool {
    let introduces = match &blocks[i] {
        Block::Title(_) | Block::Heading { .. } => true,
        Block::Paragraph { text, .. } => ends_with_colon(text),
        Block::Quote(ps) | Block::List(ps) | Block::Lines(ps) => {
            ps.last().is_some_and(ends_with_colon)
        }
        Block::Fields(_) => false,
    };
    introduces || (i + 1 < blocks.len() && is_signature(blocks, i + 1))
}

/// Whether the document has numbered paragraphs (a decision notice), whose numbers
/// hang in the margin and whose other body text is indented to match; a letter has
/// none, and sets its body at the margin.
pub(crate) fn numbered(doc: &Document) -> bool {
    doc.blocks.iter().any(|b| {
        matches!(
            b,
            Block::Paragraph {
                number: Some(_),
                ..
            }
        )
    })
}

/// Text escaped for XML and HTML, in content and in double-quoted attributes alike;
/// the control characters XML 1.0 does not allow are left out.
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// An output format. Adding a format means adding one implementation.
pub trait Renderer {
    /// The file extension of this format's output, without the dot.
    fn extension(&self) -> &'static str;
    fn render(&self, doc: &Document) -> Result<Vec<u8>, Error>;
}

pub struct Text;

impl Renderer for Text {
    fn extension(&self) -> &'static str {
        "txt"
    }
    fn render(&self, doc: &Document) -> Result<Vec<u8>, Error> {
        Ok(text::render(doc).into_bytes())
    }
}

pub struct Html;

impl Renderer for Html {
    fn extension(&self) -> &'static str {
        "html"
    }
    fn render(&self, doc: &Document) -> Result<Vec<u8>, Error> {
        Ok(html::render(doc).into_bytes())
    }
}

/// The output formats, in the order their files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Text,
    Pdf,
    Html,
    Docx,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Text, Format::Pdf, Format::Html, Format::Docx];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Docx => "docx",
        }
    }

    /// Renders a document in this format; a PDF with the caller's cache.
    pub fn render(self, cache: &pdf::Cache, doc: &Document) -> Result<Vec<u8>, Error> {
        match self {
            Format::Text => Text.render(doc),
            Format::Pdf => pdf::render(cache, doc),
            Format::Html => Html.render(doc),
            Format::Docx => docx::render(doc),
        }
    }
}

/// The PDF renderer, with the cache it keeps between the notices it renders.
#[derive(Default)]
pub struct Pdf {
    cache: pdf::Cache,
}

impl Renderer for Pdf {
    fn extension(&self) -> &'static str {
        "pdf"
    }
    fn render(&self, doc: &Document) -> Result<Vec<u8>, Error> {
        pdf::render(&self.cache, doc)
    }
}
