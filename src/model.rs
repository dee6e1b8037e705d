//! The document model: what every renderer sees.
//!
//! Templates produce notice markup (see [`crate::markup`]); the markup parser turns it
//! into a [`Document`]. Renderers never see case facts or template output, only this.

use chrono::NaiveDate;

/// Inline style of a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Style {
    pub italic: bool,
    pub bold: bool,
    /// The language of the text where it is not the document's (a Welsh sentence in
    /// an English letter); `None` for the document's language.
    pub lang: Option<Lang>,
}

/// A language a span of a notice may be marked as, other than the document's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Welsh,
    English,
}

impl Lang {
    /// The code markup writes (`[…]{lang=cy}`).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "cy" | "cy-GB" => Some(Lang::Welsh),
            "en" | "en-GB" => Some(Lang::English),
            _ => None,
        }
    }

    /// The BCP 47 tag renderers write (HTML `lang`, PDF `/Lang`, Word `w:lang`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Welsh => "cy-GB",
            Lang::English => "en-GB",
        }
    }
}

/// A piece of inline content.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Inline {
    Text {
        text: String,
        style: Style,
    },
    /// A reference to footnote `n` (1-based, numbered in order of first reference).
    FootnoteRef(u32),
    /// A URL. `bracketed` records whether the source wrote it as `<url>`, so the text
    /// renderer gives it back exactly as written.
    Link {
        url: String,
        bracketed: bool,
    },
    /// A hard line break inside a verbatim block (quotations, address lines).
    LineBreak,
}

pub type Inlines = Vec<Inline>;

/// One label/value row of the header block ("Date: 20 September 2018").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Empty for a continuation row (the second and later lines of an address).
    pub label: String,
    pub value: Inlines,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Title lines at the top of the notice ("Decision notice").
    Title(Inlines),
    /// The header table: reference, date, authority, address.
    Fields(Vec<Field>),
    /// Level 1 is a section heading; level 2 a sub-heading.
    Heading { level: u8, text: Inlines },
    /// A paragraph; `number` is set for the continuously numbered paragraphs.
    Paragraph { number: Option<u32>, text: Inlines },
    /// An indented quotation made of one or more paragraphs, line breaks kept.
    Quote(Vec<Inlines>),
    /// A bullet list.
    List(Vec<Inlines>),
    /// Lines kept as they are and never split across pages (addresses, signature).
    Lines(Vec<Inlines>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    pub number: u32,
    pub text: Inlines,
}

/// Document metadata, set by the template's `@key: value` lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// Left-hand text of the running footer (usually the reference).
    pub footer: String,
    /// Text of the running header at the top of each page, where the issuer prints
    /// its reference there ("Reference: FS50740163", as the regulator does).
    pub header: String,
    pub language: String,
    /// The notice date: the PDF creation date, so equal input gives equal output.
    pub date: Option<NaiveDate>,
    /// Body text flush left only (`@align: ragged`); justified by default.
    pub ragged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub meta: Meta,
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
}

/// The plain text of some inlines, footnote markers as superscript digits.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text { text, .. } => out.push_str(text),
            Inline::FootnoteRef(n) => out.push_str(&superscript(*n)),
            Inline::Link { url, bracketed } => {
                if *bracketed {
                    out.push('<');
                    out.push_str(url);
                    out.push('>');
                } else {
                    out.push_str(url);
                }
            }
            Inline::LineBreak => out.push('\n'),
        }
    }
    out
}

/// `12` → `¹²`.
pub fn superscript(n: u32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .bytes()
        .map(|b| DIGITS[(b - b'0') as usize])
        .collect()
}

impl Meta {
    /// The running text that stands for the printed page's header or footer (the
    /// reference) where a format has one place for it: the header's, else the
    /// footer's.
    pub fn running(&self) -> &str {
        if self.header.is_empty() {
            &self.footer
        } else {
            &self.header
        }
    }
}

impl Document {
    /// Every heading, in document order, with its level: the PDF outline.
    pub fn headings(&self) -> impl Iterator<Item = (u8, String)> + '_ {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading { level, text } => Some((*level, plain_text(text))),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superscript_digits() {
        assert_eq!(superscript(1), "¹");
        assert_eq!(superscript(10), "¹⁰");
        assert_eq!(superscript(7), "⁷");
    }
}
