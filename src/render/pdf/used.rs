//! The characters a notice draws, by font, found before layout so a missing glyph is reported first.

use super::*;

/// The characters a notice draws, by font, read from the document rather than from
/// its laid-out lines: its text in the face each block sets it in, labels, bullets,
/// footnote numbers and the footer. Characters the fonts lack are reported here,
/// before anything is drawn. Printable ASCII is taken as read (every face has it, and
/// every text face used carries all of it), so most text is only scanned.
pub(super) fn used_chars(doc: &Document) -> Result<[CharSet; 5], Error> {
    let mut u = Used::default();
    let plain = Style::default();
    for b in &doc.blocks {
        let place = || block_name(b);
        match b {
            Block::Title(t) => u.inlines(t, TITLE, &place)?,
            Block::Heading { level, text } => u.inlines(text, heading_style(*level), &place)?,
            Block::Paragraph { text, .. } => u.inlines(text, plain, &place)?,
            Block::Fields(rows) => {
                for r in rows {
                    u.inlines(&r.value, plain, &place)?;
                    if !r.label.is_empty() {
                        u.add(&format!("{}:", r.label), 1, &place)?;
                    }
                }
            }
            Block::Quote(items) | Block::List(items) | Block::Lines(items) => {
                for t in items {
                    u.inlines(t, plain, &place)?
                }
                if matches!(b, Block::List(_)) {
                    u.add("•", 0, &place)?;
                }
            }
        }
    }
    for f in &doc.footnotes {
        let place = || format!("footnote {}", f.number);
        u.inlines(&f.text, plain, &place)?;
        u.add(&f.number.to_string(), SUP, &place)?;
    }
    u.add(&doc.meta.footer, 0, &|| "the running footer".into())?;
    u.add(&doc.meta.header, 0, &|| "the running header".into())?;
    u.add("Page 0123456789 of", 0, &|| "the page numbers".into())?;
    // A text face used at all carries printable ASCII too: then notices of one batch
    // (which differ mostly in names) share a subset, made and compressed once.
    let Used { mut seen, used } = u;
    for (chars, used) in seen.iter_mut().zip(used).take(SUP) {
        if used {
            chars.extend((0x20u8..0x7f).map(char::from));
        }
    }
    // The word space after a footnote's number is drawn in the number's font, so
    // that extracted text keeps it: the superscript font carries a space glyph.
    if used[SUP] {
        seen[SUP].extend(std::iter::once(' '));
    }
    Ok(seen)
}

/// What [`used_chars`] has seen so far: characters by font, and which fonts are used.
#[derive(Default)]
pub(super) struct Used {
    pub(super) seen: [CharSet; 5],
    pub(super) used: [bool; 5],
}

impl Used {
    pub(super) fn add(
        &mut self,
        text: &str,
        font: usize,
        whereabouts: &dyn Fn() -> String,
    ) -> Result<(), Error> {
        if text.bytes().all(|b| b == b' ') {
            return Ok(());
        }
        self.used[font] = true;
        if font != SUP && text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return Ok(());
        }
        for c in text.chars() {
            if !c.is_whitespace() && glyph(font, c).is_none() {
                return Err(Error::Pdf {
                    file: std::path::PathBuf::from(whereabouts()),
                    message: format!(
                        "the font has no glyph for {c:?} (U+{:04X}) in “{}”",
                        c as u32,
                        snippet(text, c)
                    ),
                    help: "replace the character in the case file, or add a font that covers it to fonts/".into(),
                });
            }
        }
        self.seen[font].extend(text.chars().filter(|c| *c != ' '));
        Ok(())
    }

    /// Inlines set in a base style (their own styles added to it), as `tokens` sets
    /// them: links in the base style, footnote markers in the superscript font.
    pub(super) fn inlines(
        &mut self,
        inlines: &Inlines,
        base: Style,
        whereabouts: &dyn Fn() -> String,
    ) -> Result<(), Error> {
        for i in inlines {
            let (text, style) = match i {
                Inline::Text { text, style } => (text.as_str(), *style),
                Inline::Link { url, .. } => (url.as_str(), Style::default()),
                Inline::FootnoteRef(n) => {
                    self.add(&n.to_string(), SUP, whereabouts)?;
                    continue;
                }
                Inline::LineBreak => continue,
            };
            let font = inline_font(base, style);
            self.add(text, font, whereabouts)?;
            if matches!(
                i,
                Inline::Link {
                    bracketed: true,
                    ..
                }
            ) {
                self.add("<>", font, whereabouts)?;
            }
        }
        Ok(())
    }
}

pub(super) fn block_name(b: &Block) -> String {
    match b {
        Block::Paragraph {
            number: Some(n), ..
        } => format!("paragraph {n}"),
        Block::Heading { text, .. } => format!("heading “{}”", crate::model::plain_text(text)),
        _ => "the notice".into(),
    }
}

pub(super) fn snippet(text: &str, c: char) -> String {
    let i = text.find(c).unwrap_or(0);
    let start = text[..i].char_indices().rev().nth(20).map_or(0, |(j, _)| j);
    let end = text[i..]
        .char_indices()
        .nth(20)
        .map_or(text.len(), |(j, _)| i + j);
    text[start..end].to_string()
}
