//! Reading input files as text: UTF-8 only, with a byte-order mark dropped, and any
//! other encoding refused with the line and column of the first bad byte, a guess at
//! what the file really is, and how to save it as UTF-8. Also the nesting bound that
//! keeps a hostile JSON file from exhausting the stack.

use crate::diagnostic::Diagnostic;
use std::path::Path;

/// How deep arrays and tables may nest in a case file (a real one nests about five
/// levels).
pub const MAX_NESTING: usize = 64;

/// Reads `path` as UTF-8 text; `what` names the file in messages ("the case file").
pub fn read_text(path: &Path, what: &str) -> Result<String, Box<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(Diagnostic::error(
            path,
            "",
            format!("cannot read {what}: {e}"),
            "check the path",
        ))
    })?;
    decode(path, bytes)
}

/// The text of some bytes read from `path`, or a located error.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Box::new(Diagnostic::error(
            path,
            "",
            "the file is UTF-16 text (\"Unicode\" in some programs), not UTF-8",
            SAVE_AS_UTF8,
        )));
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let before = &bytes[..at];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            // Characters before the bad byte on its line (all valid UTF-8).
            let column = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            let zeros = bytes.iter().take(4096).filter(|b| **b == 0).count();
            let guess = if zeros > 0 {
                "it looks like UTF-16 text (\"Unicode\" in some programs)".to_string()
            } else {
                format!(
                    "byte 0x{:02X} is not UTF-8; the file is probably Windows-1252 (\"ANSI\", what many spreadsheets and editors save by default){}",
                    bytes[at],
                    windows_1252(bytes[at])
                        .map(|c| format!(", where it means `{c}`"))
                        .unwrap_or_default()
                )
            };
            let mut d = Diagnostic::error(
                path,
                "",
                format!("the file is not UTF-8 text: {guess}"),
                SAVE_AS_UTF8,
            );
            d.line = line;
            d.column = column;
            Err(Box::new(d))
        }
    }
}

const SAVE_AS_UTF8: &str = "save the file as UTF-8: in Excel choose \"CSV UTF-8 (Comma delimited)\" under Save As; in Notepad or another editor choose the UTF-8 encoding when saving";

/// What a Windows-1252 byte of 0x80 or above stands for (the common cases).
fn windows_1252(b: u8) -> Option<char> {
    Some(match b {
        0x80 => '€',
        0x85 => '…',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x96 => '–',
        0x97 => '—',
        0xA3 => '£',
        0xA0..=0xFF => char::from(b),
        _ => return None,
    })
}

/// Refuses JSON (or TOML inline arrays and tables) nested deeper than
/// [`MAX_NESTING`], in one pass and constant memory, before any parser recurses into
/// it. The error points at the bracket that goes too deep.
pub fn check_nesting(path: &Path, text: &str) -> Result<(), Box<Diagnostic>> {
    let mut depth = 0usize;
    let mut in_string: Option<u8> = None;
    let mut escaped = false;
    let mut comment = false;
    for (i, b) in text.bytes().enumerate() {
        if comment {
            comment = b != b'\n';
            continue;
        }
        if let Some(q) = in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' && q == b'"' {
                escaped = true;
            } else if b == q || b == b'\n' {
                in_string = None;
            }
            continue;
        }
        match b {
            b'"' | b'\'' => in_string = Some(b),
            b'#' => comment = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    let d = Diagnostic::error(
                        path,
                        "",
                        format!("arrays and tables are nested more than {MAX_NESTING} deep here"),
                        "a case file nests a few levels at most; check for a run of [ or { characters",
                    );
                    return Err(Box::new(d.at(text, i..i + 1)));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let t = decode(Path::new("a.json"), b"\xef\xbb\xbf{}".to_vec()).unwrap();
        assert_eq!(t, "{}");
    }

    #[test]
    fn windows_1252_is_located_and_named() {
        let d = decode(
            Path::new("f.csv"),
            b"reference\nFS1,caf\xe9 \x96 x\n".to_vec(),
        )
        .unwrap_err();
        assert_eq!((d.line, d.column), (2, 8), "{d}");
        assert!(d.message.contains("Windows-1252"), "{d}");
        assert!(d.message.contains("`é`"), "{d}");
        assert!(d.help.contains("CSV UTF-8"), "{d}");
    }

    #[test]
    fn utf16_is_recognised() {
        let d = decode(Path::new("f.csv"), b"\xff\xfer\x00e\x00".to_vec()).unwrap_err();
        assert!(d.message.contains("UTF-16"), "{d}");
        let d = decode(Path::new("f.csv"), b"r\x00e\x00\xd8\x00".to_vec()).unwrap_err();
        assert!(d.message.contains("UTF-16"), "{d}");
    }

    #[test]
    fn deep_nesting_is_refused_where_it_goes_too_deep() {
        let text = "[".repeat(60_000);
        let d = check_nesting(Path::new("a.json"), &text).unwrap_err();
        assert_eq!((d.line, d.column), (1, MAX_NESTING + 1));
        // Brackets inside strings and comments do not count.
        let ok = format!("a = \"{}\" # {}\n", "[".repeat(100), "{".repeat(100));
        assert!(check_nesting(Path::new("a.toml"), &ok).is_ok());
    }
}
