//! A byte-by-byte scan of a workbook's XML, as it is unpacked, for what calamine
//! reads with plain arithmetic or trusts to reserve memory.

use super::MAX_SHARED_STRINGS;

/// Where a byte-by-byte reading of XML is.
#[derive(Default, Clone, Copy, PartialEq)]
enum At {
    #[default]
    Text,
    /// After `<`.
    Open,
    /// Inside a tag, outside quotes.
    Tag,
    /// Inside an attribute's value, quoted with this byte.
    Value(u8),
    /// After `<!`, until it is known to open a comment, CDATA or a declaration.
    Bang,
    Comment,
    CData,
    /// `<?…?>` or `<!DOCTYPE…>`.
    Other(u8),
}

/// Scans XML, in pieces as they are unpacked, for the attributes calamine reads with
/// plain arithmetic or trusts to reserve memory: cell references (`r`, `ref`) and the
/// shared strings' `uniqueCount`.
#[derive(Default)]
pub(super) struct Scan {
    at: At,
    name: Vec<u8>,
    value: Vec<u8>,
    /// The last bytes seen, to find the end of a comment or CDATA.
    tail: [u8; 2],
    /// Bytes since a comment or CDATA opened.
    since: u32,
}

/// The longest attribute name or value kept: longer ones are not references.
const KEEP: usize = 24;

impl Scan {
    /// Feeds some bytes; gives the first attribute value beyond bounds.
    pub(super) fn feed(&mut self, bytes: &[u8]) -> Option<String> {
        for &b in bytes {
            let tail = self.tail;
            self.tail = [tail[1], b];
            self.at = match self.at {
                At::Text if b == b'<' => At::Open,
                At::Text => At::Text,
                At::Open if b == b'!' => {
                    self.value.clear();
                    At::Bang
                }
                At::Open if b == b'?' => At::Other(b'?'),
                At::Open | At::Tag => match b {
                    b'>' => At::Text,
                    b'"' | b'\'' => {
                        self.value.clear();
                        At::Value(b)
                    }
                    b'=' => At::Tag,
                    b if b.is_ascii_whitespace() => {
                        self.name.clear();
                        At::Tag
                    }
                    b => {
                        if self.at == At::Open {
                            self.name.clear();
                        }
                        if self.name.len() <= KEEP {
                            self.name.push(b);
                        }
                        At::Tag
                    }
                },
                At::Value(q) if b == q => {
                    if let Some(bad) = self.check() {
                        return Some(bad);
                    }
                    self.name.clear();
                    At::Tag
                }
                At::Value(q) => {
                    if self.value.len() <= KEEP {
                        self.value.push(b);
                    }
                    At::Value(q)
                }
                At::Bang => {
                    // The bytes after `<!` so far are kept in `value`.
                    self.value.push(b);
                    match self.value.as_slice() {
                        b"--" => {
                            self.since = 0;
                            At::Comment
                        }
                        b"[CDATA[" => {
                            self.since = 0;
                            At::CData
                        }
                        v if b"--".starts_with(v) || b"[CDATA[".starts_with(v) => At::Bang,
                        _ if b == b'>' => At::Text,
                        _ => At::Other(b'>'),
                    }
                }
                At::Comment | At::CData => {
                    // The closing `-->` or `]]>` cannot share bytes with the opening.
                    self.since = self.since.saturating_add(1);
                    let close = if self.at == At::Comment { b"--" } else { b"]]" };
                    if b == b'>' && tail == *close && self.since >= 3 {
                        At::Text
                    } else {
                        self.at
                    }
                }
                At::Other(b'?') if b == b'>' && tail[1] == b'?' => At::Text,
                At::Other(b'>') if b == b'>' => At::Text,
                other => other,
            };
        }
        None
    }

    /// The value just read, if its attribute is one calamine trusts and it is beyond
    /// bounds.
    fn check(&self) -> Option<String> {
        let value = &self.value;
        let bad = match self.name.as_slice() {
            b"r" | b"ref" => value.len() > KEEP || !reference_ok(value),
            b"uniqueCount" => {
                value.len() > 12
                    || std::str::from_utf8(value)
                        .ok()
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .is_some_and(|n| n > MAX_SHARED_STRINGS)
            }
            _ => false,
        };
        bad.then(|| String::from_utf8_lossy(value).into_owned())
    }
}

/// Whether a cell reference or range is one calamine can read without overflowing:
/// runs of at most three letters and seven digits (Excel's last cell is XFD1048576),
/// and a range's end not before its start.
fn reference_ok(value: &[u8]) -> bool {
    let parse = |part: &[u8]| -> Option<(u64, u64)> {
        let letters = part.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let digits = part[letters..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if letters > 3 || digits > 7 {
            return None;
        }
        // Anything else calamine refuses by itself, without arithmetic.
        let col = part[..letters].iter().fold(0u64, |c, b| {
            c * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
        });
        let row = part[letters..letters + digits]
            .iter()
            .fold(0u64, |r, b| r * 10 + u64::from(b - b'0'));
        Some((row, col))
    };
    let parts: Vec<&[u8]> = value.split(|b| *b == b':').collect();
    // Every run of letters or digits anywhere is bounded, as calamine reads them all.
    let runs_ok = value.split(|b| !b.is_ascii_alphanumeric()).all(|run| {
        let mut letters = 0;
        let mut digits = 0;
        run.iter().all(|b| {
            if b.is_ascii_alphabetic() {
                letters += 1;
                digits = 0;
            } else {
                digits += 1;
                letters = 0;
            }
            letters <= 3 && digits <= 7
        })
    });
    if !runs_ok {
        return false;
    }
    match parts.as_slice() {
        [a, b] => match (parse(a), parse(b)) {
            (Some(a), Some(b)) => b.0 >= a.0 && b.1 >= a.1,
            _ => false,
        },
        _ => parts.iter().all(|p| parse(p).is_some()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_beyond_a_spreadsheets_bounds_are_found_in_xml() {
        let scan = |xml: &str| Scan::default().feed(xml.as_bytes());
        assert_eq!(scan(r#"<c r="A1" s="1"><v>1</v></c><row r="7">"#), None);
        assert_eq!(scan(r#"<dimension ref="A1:XFD1048576"/>"#), None);
        assert_eq!(scan(r#"<c r="ZZZZZZZZ1"/>"#), Some("ZZZZZZZZ1".to_string()));
        assert_eq!(
            scan(r#"<dimension ref="B2:A1"/>"#),
            Some("B2:A1".to_string())
        );
        assert_eq!(scan(r#"<row r='99999999999'>"#), Some("99999999999".into()));
        assert_eq!(
            scan(r#"<sst uniqueCount="100000000000">"#),
            Some("100000000000".into())
        );
        // Not in text, comments or CDATA, nor other attributes.
        assert_eq!(scan(r#"<t>r="ZZZZZZZZ1"</t>"#), None);
        assert_eq!(scan(r#"<!-- it's <c r="ZZZZZZZZ1"> -->"#), None);
        assert_eq!(scan(r#"<![CDATA[ <c r="ZZZZZZZZ1"> ]]>"#), None);
        assert_eq!(
            scan(r#"<sheet r:id="rId99999999999" sqref="A1 B2"/>"#),
            None
        );
        // After a comment with a quote in it, tags are read again.
        assert_eq!(
            scan(r#"<!-- it's --><c r="ZZZZZZZZ1"/>"#),
            Some("ZZZZZZZZ1".into())
        );
        // Fed in pieces, as unpacked.
        let mut s = Scan::default();
        assert_eq!(s.feed(br#"<c r="ZZZZ"#), None);
        assert_eq!(s.feed(br#"ZZZZ1"/>"#), Some("ZZZZZZZZ1".into()));
    }
}
