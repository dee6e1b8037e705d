//! Reading an authority's past letters as text, whatever they were saved as: plain
//! text (UTF-8), Word (`.docx`, through the zip reader already in the tree) or PDF with
//! a text layer (through `lopdf`). A letter becomes its paragraphs, in order, each one
//! line of text with its spaces collapsed; nothing is interpreted here.

use super::DraftError;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

/// A letter file may be this large at most (a letter is some kilobytes; a PDF with
/// images some megabytes).
pub const MAX_FILE_BYTES: u64 = 32 << 20;
/// The text a letter may unpack to (its DOCX body, or a PDF's pages' content).
pub const MAX_TEXT_BYTES: u64 = 16 << 20;

/// What a letter was saved as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Docx,
    Pdf,
}

/// One letter, as paragraphs of plain text.
#[derive(Debug, Clone)]
pub struct Letter {
    pub path: PathBuf,
    /// How the letter is named in comments and reports: its file name.
    pub name: String,
    pub format: Format,
    pub paragraphs: Vec<String>,
}

/// Reads a letter file: its format from its first bytes (a zip is DOCX, `%PDF` is
/// PDF), else text.
pub fn read(path: &Path) -> Result<Letter, DraftError> {
    let io = |e: std::io::Error| DraftError::Read {
        path: path.to_path_buf(),
        line: 0,
        column: 0,
        message: format!("cannot read the letter: {e}"),
        help: "check the path".into(),
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(DraftError::Read {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message: format!(
                "the letter is {size} bytes, more than the {MAX_FILE_BYTES} a letter may be"
            ),
            help: "give the letter as text, or a PDF without its images".into(),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let (format, text) = if bytes.starts_with(b"PK\x03\x04") {
        (Format::Docx, docx_text(path, &bytes)?)
    } else if bytes.starts_with(b"%PDF") {
        (Format::Pdf, pdf_text(path, &bytes)?)
    } else {
        let text = crate::source::decode(path, bytes).map_err(|d| DraftError::Read {
            path: path.to_path_buf(),
            line: d.line,
            column: d.column,
            message: d.message,
            help: d.help,
        })?;
        (Format::Text, text)
    };
    let paragraphs = paragraphs(&text);
    if paragraphs.is_empty() {
        return Err(DraftError::Read {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message: "the letter has no text".into(),
            help: match format {
                Format::Pdf => "this PDF has no text layer (a scan?): save the letter as text or DOCX, or run it through OCR first".into(),
                _ => "give a letter that has its text".into(),
            },
        });
    }
    Ok(Letter {
        path: path.to_path_buf(),
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        format,
        paragraphs,
    })
}

/// Splits text into paragraphs: a blank line ends one; within a block, a line joins
/// the one before it when that one was long (a wrapped line), else starts a new
/// paragraph (an address line, a heading, a line of a list).
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    let mut last_len = 0usize;
    for raw in text.lines() {
        let line = collapse(raw);
        if line.is_empty() {
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(last) if open && last_len >= 60 && !ends_paragraph(last) => {
                if last.ends_with('-') && !last.ends_with(" -") {
                    // A word hyphenated at the line's end (PDF): joined again.
                    last.pop();
                    last.push_str(&line);
                } else {
                    last.push(' ');
                    last.push_str(&line);
                }
            }
            _ => out.push(line.clone()),
        }
        last_len = line.chars().count();
        open = true;
    }
    out
}

/// Whether a line ends its paragraph whatever its length (a label or list lead-in).
fn ends_paragraph(line: &str) -> bool {
    line.ends_with(':')
}

/// A line with its runs of white space (and non-breaking spaces) made single spaces.
fn collapse(line: &str) -> String {
    line.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of a Word document's body: each paragraph (`w:p`) on its own line, a
/// line break (`w:br`) as a new line, a tab as a space.
fn docx_text(path: &Path, bytes: &[u8]) -> Result<String, DraftError> {
    let bad = |message: String| DraftError::Read {
        path: path.to_path_buf(),
        line: 0,
        column: 0,
        message,
        help: "save the letter again from Word (as .docx), or as plain text".into(),
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        bad(format!(
            "the file starts as a zip (a Word document) but cannot be opened: {e}"
        ))
    })?;
    if zip.index_for_name("word/document.xml").is_none() {
        return Err(bad(
            "the zip has no word/document.xml: it is not a Word document".into(),
        ));
    }
    // The letterhead is often in the first page's header: headers first, then the body.
    let mut names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("word/header") && n.ends_with(".xml"))
        .map(|n| n.to_string())
        .collect();
    names.sort();
    names.push("word/document.xml".into());
    let mut out = String::new();
    let mut budget = MAX_TEXT_BYTES;
    for name in names {
        let mut part = zip
            .by_name(&name)
            .map_err(|e| bad(format!("{name} cannot be read: {e}")))?;
        let mut xml = Vec::new();
        (&mut part)
            .take(budget + 1)
            .read_to_end(&mut xml)
            .map_err(|e| bad(format!("{name} cannot be unpacked: {e}")))?;
        if xml.len() as u64 > budget {
            return Err(bad(format!(
                "the document's text unpacks to more than {MAX_TEXT_BYTES} bytes"
            )));
        }
        budget -= xml.len() as u64;
        let xml = String::from_utf8(xml).map_err(|_| bad(format!("{name} is not UTF-8 XML")))?;
        out.push_str(&docx_body(&xml));
    }
    Ok(out)
}

/// The paragraphs of `word/document.xml`, one a line (a blank line between).
fn docx_body(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        let after = &rest[lt + gt + 1..];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        match name {
            "w:t" if !tag.starts_with('/') && !tag.ends_with('/') => {
                let end = after.find("</w:t>").unwrap_or(after.len());
                out.push_str(&unescape_xml(&after[..end]));
                rest = &after[end..];
                continue;
            }
            "w:tab" if !tag.starts_with('/') => out.push(' '),
            "w:br" | "w:cr" if !tag.starts_with('/') => out.push('\n'),
            "w:p" if tag.starts_with('/') => out.push_str("\n\n"),
            _ => {}
        }
        rest = after;
    }
    out
}

/// XML's five named entities and numeric character references.
fn unescape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail.find(';').filter(|i| *i <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text layer of a PDF, page by page, each page's content bounded.
fn pdf_text(path: &Path, bytes: &[u8]) -> Result<String, DraftError> {
    let bad = |message: String| DraftError::Read {
        path: path.to_path_buf(),
        line: 0,
        column: 0,
        message,
        help: "save the letter as text or DOCX, or as a PDF with a text layer".into(),
    };
    let doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| bad(format!("the PDF cannot be read: {e}")))?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut out = String::new();
    for page in pages {
        let text = doc
            .extract_text_with_limit(&[page], MAX_TEXT_BYTES as usize)
            .map_err(|e| bad(format!("the text of page {page} cannot be read: {e}")))?;
        out.push_str(&text);
        out.push_str("\n\n");
        if out.len() as u64 > MAX_TEXT_BYTES {
            return Err(bad(format!(
                "the PDF's text is more than {MAX_TEXT_BYTES} bytes"
            )));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_join_and_short_lines_stand_alone() {
        let text = "Our Ref: 12/34\nPolice HQ\n\nThank you for your request for information, which we received on 1 May\n2020. We have dealt with it.\nYours sincerely\n";
        let p = paragraphs(text);
        assert_eq!(p[0], "Our Ref: 12/34");
        assert_eq!(p[1], "Police HQ");
        assert_eq!(
            p[2],
            "Thank you for your request for information, which we received on 1 May 2020. We have dealt with it."
        );
        assert_eq!(p[3], "Yours sincerely");
    }

    #[test]
    fn a_word_body_gives_its_paragraphs_and_entities() {
        let xml = r#"<w:body><w:p><w:r><w:t>Tom &amp; Jerry</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">at &#8220;home&#x201D;</w:t></w:r></w:p><w:p><w:r><w:t>Next</w:t></w:r></w:p></w:body>"#;
        assert_eq!(
            paragraphs(&docx_body(xml)),
            vec!["Tom & Jerry at “home”", "Next"]
        );
    }
}
