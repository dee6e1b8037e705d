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
    /// The quotations (by block index) that hold the requester's own words, which
    /// [`typographic`] leaves as typed.
    pub verbatim: Vec<usize>,
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
    /// Every word of the notice as plain text, a line per line of content (a title, a
    /// header row, a heading, a paragraph, a line of a quotation, list or address),
    /// footnotes last: what a reader reads, whatever the renderer. The checks read it
    /// (the name guard) without laying the notice out.
    pub fn plain_text(&self) -> String {
        let mut lines: Vec<String> = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Title(t) | Block::Heading { text: t, .. } => lines.push(plain_text(t)),
                Block::Paragraph { number, text } => lines.push(match number {
                    Some(n) => format!("{n}. {}", plain_text(text)),
                    None => plain_text(text),
                }),
                Block::Fields(rows) => lines.extend(rows.iter().map(|f| {
                    format!("{} {}", f.label, plain_text(&f.value))
                        .trim()
                        .to_string()
                })),
                Block::Quote(items) | Block::List(items) | Block::Lines(items) => {
                    lines.extend(items.iter().map(|i| plain_text(i)))
                }
            }
        }
        lines.extend(
            self.footnotes
                .iter()
                .map(|f| format!("{} {}", superscript(f.number), plain_text(&f.text))),
        );
        lines.join("\n")
    }

    /// Every heading, in document order, with its level: the PDF outline.
    pub fn headings(&self) -> impl Iterator<Item = (u8, String)> + '_ {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading { level, text } => Some((*level, plain_text(text))),
            _ => None,
        })
    }
}

/// Typographic quotation marks and apostrophes for straight ones, in every block but
/// the quotations `verbatim` keeps as typed (the requester's own words): `"` becomes
/// “ or ”, `'` becomes ‘ or ’. A mark opens where it follows the start of its
/// paragraph, a space or an opening bracket or dash, and a word follows it; else it
/// closes. An apostrophe after a letter or digit ("1990's", "099's") is always ’,
/// never a prime, and so is one before a year's two digits ("'90s"). Each paragraph
/// of a quotation is read on its own, so the quotation marks that reopen each
/// paragraph of a long quotation, and the one that closes its last, come out right.
pub fn typographic_quotes(doc: &mut Document, verbatim: &dyn Fn(usize) -> bool) {
    for (i, block) in doc.blocks.iter_mut().enumerate() {
        match block {
            Block::Title(t) => smarten(t),
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => smarten(text),
            Block::Fields(rows) => rows.iter_mut().for_each(|r| smarten(&mut r.value)),
            Block::Quote(_) if verbatim(i) => {}
            Block::Quote(items) | Block::List(items) | Block::Lines(items) => {
                items.iter_mut().for_each(smarten)
            }
        }
    }
    for f in &mut doc.footnotes {
        smarten(&mut f.text);
    }
}

/// The document as printed (PDF, HTML, Word): with typographic quotes, but for the
/// quotations [`Meta::verbatim`] names. The text output keeps the quotes as typed.
pub fn typographic(doc: &Document) -> std::borrow::Cow<'_, Document> {
    let straight = |ins: &Inlines| {
        ins.iter().any(|i| match i {
            Inline::Text { text, .. } => text.contains(['"', '\'']),
            _ => false,
        })
    };
    let any = doc.blocks.iter().any(|b| match b {
        Block::Title(t) => straight(t),
        Block::Heading { text, .. } | Block::Paragraph { text, .. } => straight(text),
        Block::Fields(rows) => rows.iter().any(|r| straight(&r.value)),
        Block::Quote(items) | Block::List(items) | Block::Lines(items) => {
            items.iter().any(straight)
        }
    }) || doc.footnotes.iter().any(|f| straight(&f.text));
    if !any {
        return std::borrow::Cow::Borrowed(doc);
    }
    let mut out = doc.clone();
    let verbatim = doc.meta.verbatim.clone();
    typographic_quotes(&mut out, &|i| verbatim.contains(&i));
    std::borrow::Cow::Owned(out)
}

/// Straight quotes to typographic ones in one paragraph's inlines (links left as
/// written; a footnote marker reads as the end of a word, a line break as a space).
pub fn smarten(inlines: &mut Inlines) {
    // Most paragraphs have no straight quote (a family's list of references has
    // thousands of words and none): they are left as they are, unread.
    let quoted = inlines.iter().any(|i| match i {
        Inline::Text { text, .. } => text.contains(['"', '\'']),
        _ => false,
    });
    if !quoted {
        return;
    }
    // The paragraph's characters in order, with where each text's come from.
    let mut chars: Vec<char> = Vec::new();
    let mut at: Vec<Option<usize>> = Vec::new();
    for (k, inline) in inlines.iter().enumerate() {
        match inline {
            Inline::Text { text, .. } => {
                for c in text.chars() {
                    chars.push(c);
                    at.push(Some(k));
                }
            }
            Inline::LineBreak => {
                chars.push('\n');
                at.push(None);
            }
            Inline::FootnoteRef(_) | Inline::Link { .. } => {
                chars.push('x');
                at.push(None);
            }
        }
    }
    if !chars.iter().any(|c| matches!(c, '"' | '\'')) {
        return;
    }
    let opens_after = |c: Option<&char>| {
        c.is_none_or(|c| {
            c.is_whitespace() || matches!(c, '(' | '[' | '{' | '‘' | '“' | '—' | '–' | '-' | '/')
        })
    };
    // A word follows: a letter or digit before the next space.
    let word_follows = |from: usize| {
        chars[from..]
            .iter()
            .take_while(|c| !c.is_whitespace())
            .any(|c| c.is_alphanumeric())
    };
    let mut out = chars.clone();
    for i in 0..chars.len() {
        let prev = i.checked_sub(1).map(|j| &chars[j]);
        // At a paragraph's start anything but a space after it opens.
        let opening = match prev {
            None => chars.get(i + 1).is_some_and(|c| !c.is_whitespace()),
            Some(_) => opens_after(prev) && word_follows(i + 1),
        };
        out[i] = match chars[i] {
            '"' if opening => '“',
            '"' => '”',
            '\'' if prev.is_some_and(|c| c.is_alphanumeric()) => '’',
            '\'' if chars.get(i + 1).is_some_and(char::is_ascii_digit)
                && chars.get(i + 2).is_some_and(char::is_ascii_digit)
                && chars.get(i + 3).is_none_or(|c| !c.is_ascii_digit()) =>
            {
                '’'
            }
            '\'' if opening => '‘',
            '\'' => '’',
            c => c,
        };
    }
    let mut texts: Vec<String> = vec![String::new(); inlines.len()];
    for (c, k) in out.into_iter().zip(at) {
        if let Some(k) = k {
            texts[k].push(c);
        }
    }
    for (inline, new) in inlines.iter_mut().zip(texts) {
        if let Inline::Text { text, .. } = inline {
            *text = new;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Inlines {
        vec![Inline::Text {
            text: text.into(),
            style: Style::default(),
        }]
    }

    fn smart(text: &str) -> String {
        let mut i = plain(text);
        smarten(&mut i);
        plain_text(&i)
    }

    #[test]
    fn apostrophes_after_digits_are_apostrophes_not_primes() {
        assert_eq!(
            smart("in the 1990's and the 099's"),
            "in the 1990’s and the 099’s"
        );
        assert_eq!(smart("the '90s"), "the ’90s");
        assert_eq!(
            smart("the Commissioner's decision"),
            "the Commissioner’s decision"
        );
        assert_eq!(smart("the officers' notes"), "the officers’ notes");
    }

    #[test]
    fn quotes_open_and_close_by_what_is_around_them() {
        assert_eq!(
            smart("the \"Internet of Things\" (\"IoT\") and 'this'."),
            "the “Internet of Things” (“IoT”) and ‘this’."
        );
        assert_eq!(
            smart("\"...the notion of devices\""),
            "“...the notion of devices”"
        );
        assert_eq!(smart("he said \"no.\" Then"), "he said “no.” Then");
        // Across inlines: a closing quote after an italic title.
        let mut i = vec![
            Inline::Text {
                text: "report, \"".into(),
                style: Style::default(),
            },
            Inline::Text {
                text: "Policing".into(),
                style: Style {
                    italic: true,
                    ..Style::default()
                },
            },
            Inline::Text {
                text: "\", assessed".into(),
                style: Style::default(),
            },
            Inline::FootnoteRef(2),
        ];
        smarten(&mut i);
        assert_eq!(plain_text(&i), "report, “Policing”, assessed²");
    }

    #[test]
    fn a_quotation_of_many_paragraphs_reopens_each_and_closes_the_last() {
        let mut doc = Document {
            blocks: vec![
                Block::Quote(vec![
                    plain("\"The first paragraph of what was said."),
                    plain("\"The second, which ends the quotation.\""),
                    plain("\"- Business / govt : traffic light sensors\"."),
                ]),
                Block::Quote(vec![plain("\"Please tell me what's held.\"")]),
            ],
            ..Default::default()
        };
        // The second quotation is the requester's own words: kept as typed.
        typographic_quotes(&mut doc, &|i| i == 1);
        let Block::Quote(first) = &doc.blocks[0] else {
            unreachable!()
        };
        let texts: Vec<String> = first.iter().map(|p| plain_text(p)).collect();
        assert_eq!(
            texts,
            [
                "“The first paragraph of what was said.",
                "“The second, which ends the quotation.”",
                "“- Business / govt : traffic light sensors”.",
            ]
        );
        assert_eq!(
            doc.blocks[1],
            Block::Quote(vec![plain("\"Please tell me what's held.\"")])
        );
    }

    #[test]
    fn superscript_digits() {
        assert_eq!(superscript(1), "¹");
        assert_eq!(superscript(10), "¹⁰");
        assert_eq!(superscript(7), "⁷");
    }
}
