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
            Block::Paragraph { text, number } => {
                u.inlines(text, plain, &place)?;
                if let Some(n) = number {
                    u.add(&format!("{n}."), 0, &place)?;
                }
            }
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
    // Each face embeds exactly what it draws (see docs/performance.md, "Size"): with
    // the word space and the hyphen the line breaking may add, which no text need
    // contain.
    let Used { mut seen, used } = u;
    for (chars, used) in seen.iter_mut().zip(used).take(SUP) {
        if used {
            chars.extend([' ', '-'].into_iter());
        }
    }
    // The footnote markers' font is the regular face's subset under another name
    // (with its own ToUnicode map): its digits, and the word space drawn after a
    // marker, are the regular face's glyphs.
    if used[SUP] {
        seen[SUP].extend(std::iter::once(' '));
        let (regular, sup) = seen.split_at_mut(SUP);
        let sup = &sup[0];
        regular[0].extend(sup.high.iter().copied());
        if regular[0].low.is_empty() {
            regular[0].low = vec![0; sup.low.len()];
        }
        for (r, s) in regular[0].low.iter_mut().zip(&sup.low) {
            *r |= s;
        }
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
        // Every face has printable ASCII: such text is only recorded, not checked.
        if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            self.seen[font].extend(text.bytes().filter(|b| *b != b' ').map(char::from));
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
