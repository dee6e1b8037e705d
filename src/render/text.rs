//! The plain-text renderer: UTF-8 in the reading order of the reference documents,
//! footnote markers as superscript digits and the footnotes listed at the end.

use crate::model::{plain_text, Block, Document, Inline};

/// Renders the document as plain text.
pub fn render(doc: &Document) -> String {
    let mut out = String::with_capacity(8192);
    // The running header or footer of the printed notice (its reference) comes first.
    let running = doc.meta.running();
    if !running.is_empty() {
        out.push_str(running);
        out.push('\n');
    }
    let mut first = running.is_empty();
    let mut gap = |out: &mut String| {
        if !first {
            out.push('\n');
        }
        first = false;
    };
    for block in &doc.blocks {
        match block {
            Block::Title(t) => {
                gap(&mut out);
                out.push_str(&inline(t));
                out.push('\n');
            }
            Block::Fields(rows) => {
                gap(&mut out);
                // Values line up in one column; a row without a label continues the one above.
                let width = rows
                    .iter()
                    .map(|r| r.label.chars().count() + 2)
                    .max()
                    .unwrap_or(0);
                for row in rows {
                    let label = if row.label.is_empty() {
                        String::new()
                    } else {
                        format!("{}:", row.label)
                    };
                    out.push_str(&format!("{label:<width$}"));
                    out.push_str(&inline(&row.value));
                    out.push('\n');
                }
            }
            Block::Heading { text, .. } => {
                gap(&mut out);
                out.push_str(&inline(text));
                out.push('\n');
            }
            Block::Paragraph { number, text } => {
                gap(&mut out);
                if let Some(n) = number {
                    out.push_str(&format!("{n}. "));
                }
                out.push_str(&inline(text));
                out.push('\n');
            }
            Block::Quote(paras) => {
                for p in paras {
                    gap(&mut out);
                    for line in inline(p).lines() {
                        out.push_str("    ");
                        out.push_str(line);
                        out.push('\n');
                    }
                }
            }
            Block::List(items) => {
                gap(&mut out);
                for item in items {
                    out.push_str(" - ");
                    out.push_str(&inline(item));
                    out.push('\n');
                }
            }
            Block::Lines(lines) => {
                gap(&mut out);
                for line in lines {
                    out.push_str(&inline(line));
                    out.push('\n');
                }
            }
        }
    }
    if !doc.footnotes.is_empty() {
        out.push_str("\n________________\n");
        for f in &doc.footnotes {
            out.push('\n');
            out.push_str(&crate::model::superscript(f.number));
            out.push(' ');
            out.push_str(&inline(&f.text));
            out.push('\n');
        }
    }
    out
}

/// Inline content as text; emphasis is shown as `*…*`, as in the reference documents.
fn inline(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for (i, piece) in inlines.iter().enumerate() {
        match piece {
            Inline::Text { text, style } if style.italic || style.bold => {
                let mark = if style.bold { "**" } else { "*" };
                // Merge adjacent runs of the same style into one marked span.
                // (A language span does not break the emphasis: the text shows none.)
                let same =
                    |s: &crate::model::Style| s.bold == style.bold && s.italic == style.italic;
                let prev_same =
                    i > 0 && matches!(&inlines[i - 1], Inline::Text { style: s, .. } if same(s));
                let next_same =
                    matches!(inlines.get(i + 1), Some(Inline::Text { style: s, .. }) if same(s));
                if !prev_same {
                    out.push_str(mark);
                }
                out.push_str(text);
                if !next_same {
                    out.push_str(mark);
                }
            }
            other => out.push_str(&plain_text(std::slice::from_ref(other))),
        }
    }
    out
}
