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
use crate::model::Document;

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
