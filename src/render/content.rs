//! A PDF content-stream writer for what the PDF renderer draws: text objects whose
//! strings are two-byte glyph codes (Identity-H), TJ arrays with offsets, and rules.
//!
//! printpdf builds the document around these streams (catalog, pages, resources and
//! the font dictionaries); it also writes content streams from its own operations, but
//! at about half a microsecond per character, which is most of a notice's time. This
//! writer does the same job in a few nanoseconds per character.

#[derive(Default)]
pub struct Content {
    buf: Vec<u8>,
    /// Inside a TJ array, and inside one of its strings.
    in_array: bool,
    in_string: bool,
}

impl Content {
    pub fn new() -> Content {
        Content {
            buf: Vec::with_capacity(16 * 1024),
            ..Default::default()
        }
    }

    /// A writer for a few hundred bytes (one line of text).
    pub fn small() -> Content {
        Content {
            buf: Vec::with_capacity(256),
            ..Default::default()
        }
    }

    /// A writer for the glyphs of one run, to be appended later with [`glyphs`]: it
    /// starts inside a TJ array's string, as a run's first glyph would.
    ///
    /// [`glyphs`]: Content::glyphs
    pub fn run() -> Content {
        Content {
            buf: Vec::with_capacity(32),
            in_array: true,
            in_string: true,
        }
    }

    /// What a [`run`](Content::run) writer wrote, still open.
    pub fn into_run(self) -> Vec<u8> {
        self.buf
    }

    /// Appends a run's glyphs (from [`run`](Content::run)), opening a TJ array and
    /// string as needed: the same bytes as showing its glyphs one by one here.
    pub fn glyphs(&mut self, run: &[u8]) {
        if run.is_empty() {
            return;
        }
        if !self.in_array {
            self.buf.push(b'[');
            self.in_array = true;
        }
        if !self.in_string {
            self.buf.push(b'(');
        }
        self.buf.extend_from_slice(run);
        // A run ends with a glyph, inside its string.
        self.in_string = true;
    }

    /// Bytes already written elsewhere, appended as they are.
    pub fn raw(&mut self, bytes: &[u8]) {
        self.end_array();
        self.buf.extend_from_slice(bytes);
    }

    /// Takes what has been written so far, leaving the writer empty.
    pub fn take(&mut self) -> Vec<u8> {
        self.end_array();
        std::mem::take(&mut self.buf)
    }

    /// A number with at most two decimals, as PDF writes reals (no exponent).
    pub fn num(&mut self, v: f32) {
        let hundredths = (f64::from(v) * 100.0).round() as i64;
        if hundredths < 0 {
            self.buf.push(b'-');
        }
        let a = hundredths.unsigned_abs();
        let mut digits = [0u8; 20];
        let mut n = a / 100;
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&digits[i..]);
        let frac = a % 100;
        if frac != 0 {
            self.buf.push(b'.');
            self.buf.push(b'0' + (frac / 10) as u8);
            if !frac.is_multiple_of(10) {
                self.buf.push(b'0' + (frac % 10) as u8);
            }
        }
    }

    fn op(&mut self, operator: &str) {
        self.buf.extend_from_slice(operator.as_bytes());
        self.buf.push(b'\n');
    }

    pub fn begin_text(&mut self) {
        self.op("BT");
    }

    pub fn end_text(&mut self) {
        self.end_array();
        self.op("ET");
    }

    /// `/F1 11 Tf`.
    pub fn font(&mut self, id: &str, size: f32) {
        self.end_array();
        self.buf.push(b'/');
        self.buf.extend_from_slice(id.as_bytes());
        self.buf.push(b' ');
        self.num(size);
        self.op(" Tf");
    }

    /// Moves the start of the next text by (x, y) from the start of the text before
    /// it in this text object (from the origin for the first): `x y Td`.
    pub fn move_by(&mut self, x: f32, y: f32) {
        self.end_array();
        self.num(x);
        self.buf.push(b' ');
        self.num(y);
        self.op(" Td");
    }

    /// Shows one glyph (its two-byte code), opening a TJ array and string as needed.
    pub fn glyph(&mut self, code: u16) {
        if !self.in_array {
            self.buf.push(b'[');
            self.in_array = true;
        }
        if !self.in_string {
            self.buf.push(b'(');
            self.in_string = true;
        }
        // A literal string of raw bytes, half the size of hex: only the delimiters,
        // the escape character and line ends (which readers would normalise) are
        // escaped.
        for b in code.to_be_bytes() {
            match b {
                b'(' | b')' | b'\\' => self.buf.extend_from_slice(&[b'\\', b]),
                b'\r' => self.buf.extend_from_slice(b"\\r"),
                b'\n' => self.buf.extend_from_slice(b"\\n"),
                _ => self.buf.push(b),
            }
        }
    }

    /// Moves the next glyph left by `thousandths` of an em (right when negative), as a
    /// TJ offset. A zero offset writes nothing.
    pub fn offset(&mut self, thousandths: f32) {
        if (thousandths * 100.0).round() == 0.0 {
            return;
        }
        if !self.in_array {
            self.buf.push(b'[');
            self.in_array = true;
        }
        if self.in_string {
            self.buf.push(b')');
            self.in_string = false;
        }
        self.num(thousandths);
    }

    /// Closes the TJ array being written, if any: `] TJ`.
    pub fn end_array(&mut self) {
        if self.in_string {
            self.buf.push(b')');
            self.in_string = false;
        }
        if self.in_array {
            self.op("] TJ");
            self.in_array = false;
        }
    }

    /// A straight rule `width` points thick from (x1, y) to (x2, y).
    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.end_array();
        self.num(width);
        self.buf.extend_from_slice(b" w ");
        self.num(x1);
        self.buf.push(b' ');
        self.num(y);
        self.buf.extend_from_slice(b" m ");
        self.num(x2);
        self.buf.push(b' ');
        self.num(y);
        self.op(" l S");
    }

    pub fn into_bytes(mut self) -> Vec<u8> {
        self.end_array();
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::Content;

    fn written(f: impl FnOnce(&mut Content)) -> String {
        let mut c = Content::new();
        f(&mut c);
        String::from_utf8(c.into_bytes()).unwrap()
    }

    #[test]
    fn numbers_have_at_most_two_decimals_and_no_trailing_zeros() {
        let s = written(|c| {
            for v in [0.0, 1.0, -1.5, 72.3456, 0.004, -0.006, 595.28, 1000.1] {
                c.num(v);
                c.buf.push(b' ');
            }
        });
        assert_eq!(s, "0 1 -1.5 72.35 0 -0.01 595.28 1000.1 ");
    }

    #[test]
    fn a_tj_array_groups_glyphs_into_strings_between_offsets() {
        let s = written(|c| {
            c.begin_text();
            c.font("F1", 11.0);
            c.move_by(70.87, 700.0);
            c.glyph(0x0041);
            c.glyph(0x0128);
            c.offset(250.0);
            c.glyph(0x0203);
            c.offset(0.0);
            c.glyph(0x0A0D);
            c.glyph(0x5C29);
            c.end_text();
        });
        assert_eq!(
            s,
            "BT\n/F1 11 Tf\n70.87 700 Td\n[(\0A\x01\\()250(\x02\x03\\n\\r\\\\\\))] TJ\nET\n"
        );
    }

    #[test]
    fn every_glyph_code_reads_back_as_written() {
        let codes: Vec<u16> = (0..=0xFFFFu16)
            .step_by(7)
            .chain([0x0A0D, 0x2829, 0x5C5C])
            .collect();
        let mut c = Content::new();
        c.begin_text();
        c.font("F1", 11.0);
        for code in &codes {
            c.glyph(*code);
        }
        c.end_text();
        let ops = lopdf::content::Content::decode(&c.into_bytes())
            .unwrap()
            .operations;
        let tj = ops.iter().find(|o| o.operator == "TJ").unwrap();
        let lopdf::Object::Array(items) = &tj.operands[0] else {
            panic!("not an array")
        };
        let lopdf::Object::String(bytes, _) = &items[0] else {
            panic!("not a string")
        };
        let read: Vec<u16> = bytes
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        assert_eq!(read, codes);
    }

    #[test]
    fn a_rule_is_a_stroked_line() {
        let s = written(|c| c.rule(70.0, 197.5, 90.25, 0.5));
        assert_eq!(s, "0.5 w 70 90.25 m 197.5 90.25 l S\n");
    }
}
