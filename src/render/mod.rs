//! Renderers: each turns the document model into one output format.

mod content;
mod kern;
mod linebreak;
pub mod pdf;
mod subset;
pub mod text;

use crate::error::Error;
use crate::model::Document;

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
