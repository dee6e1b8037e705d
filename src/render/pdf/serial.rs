//! Writing the finished objects as a PDF file: streams as they are, every other object
//! packed into compressed object streams, and a cross-reference stream (PDF 1.5).
//!
//! lopdf's own writer does this too, but copies every object into its object streams
//! and formats numbers through `fmt`; this writer serialises each object once,
//! straight into the stream's buffer.

use super::writer::deflate;
use super::Cache;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::fmt::Write as _;
use std::io::Write as _;

/// Objects per object stream.
const PER_STREAM: usize = 200;

/// Objects written straight into PDF syntax by their maker (the structure tree), to be
/// packed into the object streams with the others.
#[derive(Default)]
pub(super) struct Raw {
    bytes: Vec<u8>,
    /// Objects to pack into object streams.
    objects: Vec<(ObjectId, std::ops::Range<usize>)>,
    /// Streams, written in the file: their dictionary, data and `endstream`.
    files: Vec<(ObjectId, std::ops::Range<usize>)>,
    start: usize,
}

impl Raw {
    /// Where the next object is written.
    pub(super) fn begin(&mut self) -> &mut Vec<u8> {
        self.start = self.bytes.len();
        &mut self.bytes
    }

    /// The object written since [`Raw::begin`] is `id`.
    pub(super) fn end(&mut self, id: ObjectId) {
        self.objects.push((id, self.start..self.bytes.len()));
    }

    /// Adds a template's object as `id`, its references renumbered through `map`.
    pub(super) fn push(
        &mut self,
        id: ObjectId,
        t: &Template,
        map: &std::collections::BTreeMap<ObjectId, ObjectId>,
    ) {
        let start = self.bytes.len();
        let mut from = 0;
        for (at, r) in &t.holes {
            self.bytes.extend_from_slice(&t.bytes[from..*at]);
            let r = map.get(r).unwrap_or(r);
            let _ = write!(self.bytes, "{} {} R", r.0, r.1);
            from = *at;
        }
        self.bytes.extend_from_slice(&t.bytes[from..]);
        let range = start..self.bytes.len();
        if t.stream {
            self.files.push((id, range));
        } else {
            self.objects.push((id, range));
        }
    }
}

/// The file's bytes. `trailer` holds /Root, /Info and /ID; /Size and the
/// cross-reference stream's own keys are added here.
pub(super) fn save(cache: &Cache, lo: &lopdf::Document, raw: &Raw, level: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    let max_id = lo
        .objects
        .keys()
        .chain(raw.objects.iter().chain(&raw.files).map(|(id, _)| id))
        .map(|(n, _)| *n)
        .max()
        .unwrap_or(0);
    // Where each object is: in the file at an offset, or in an object stream at an index.
    let mut at: Vec<Entry> = vec![Entry::Free; max_id as usize + 1];
    // The objects to pack, in number order: `None` for one of `lo`'s, or the written
    // bytes of one of `raw`'s.
    let mut packed: Vec<(ObjectId, Option<&[u8]>)> = Vec::new();
    // The objects written in the file itself, in number order: streams, and any of a
    // generation other than 0 (only generation 0 may be packed).
    let mut whole: Vec<(ObjectId, Result<&Object, &[u8]>)> = Vec::new();
    for (id, obj) in &lo.objects {
        match obj {
            Object::Stream(_) => whole.push((*id, Ok(obj))),
            _ if id.1 != 0 => whole.push((*id, Ok(obj))),
            _ => packed.push((*id, None)),
        }
    }
    whole.extend(
        raw.files
            .iter()
            .map(|(id, range)| (*id, Err(&raw.bytes[range.clone()]))),
    );
    whole.sort_unstable_by_key(|(id, _)| *id);
    for (id, obj) in whole {
        at[id.0 as usize] = Entry::File(out.len(), id.1);
        let _ = writeln!(out, "{} {} obj", id.0, id.1);
        match obj {
            Ok(Object::Stream(s)) => {
                stream_dictionary(&mut out, &s.dict, s.content.len(), &mut None);
                out.extend_from_slice(b"\nstream\n");
                out.extend_from_slice(&s.content);
                out.extend_from_slice(b"\nendstream");
            }
            Ok(obj) => object(&mut out, obj),
            Err(written) => out.extend_from_slice(written),
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    packed.extend(
        raw.objects
            .iter()
            .map(|(id, range)| (*id, Some(&raw.bytes[range.clone()]))),
    );
    packed.sort_unstable_by_key(|(id, _)| *id);
    let mut next = max_id + 1;
    let mut body = Vec::with_capacity(16 * 1024);
    let mut header = String::new();
    for chunk in packed.chunks(PER_STREAM) {
        let stream_id = next;
        next += 1;
        body.clear();
        header.clear();
        for (index, (id, written)) in chunk.iter().enumerate() {
            let _ = write!(header, "{} {} ", id.0, body.len());
            match written {
                Some(bytes) => body.extend_from_slice(bytes),
                None => object(&mut body, &lo.objects[id]),
            }
            body.push(b'\n');
            at[id.0 as usize] = Entry::Packed(stream_id, index as u16);
        }
        let mut plain = Vec::with_capacity(header.len() + body.len());
        plain.extend_from_slice(header.as_bytes());
        plain.extend_from_slice(&body);
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("N", Object::Integer(chunk.len() as i64));
        dict.set("First", Object::Integer(header.len() as i64));
        let content = match deflate(cache, &plain, level) {
            Some(z) => {
                dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                z
            }
            None => plain,
        };
        dict.set("Length", Object::Integer(content.len() as i64));
        at.push(Entry::File(out.len(), 0));
        let _ = writeln!(out, "{stream_id} 0 obj");
        dictionary(&mut out, &dict);
        out.extend_from_slice(b"\nstream\n");
        out.extend_from_slice(&content);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }
    // The cross-reference stream: type, offset or stream, generation or index.
    let xref_id = next;
    let xref_offset = out.len();
    at.push(Entry::File(xref_offset, 0));
    // Each field as wide as its largest value needs (offsets in a file under 64 KB
    // take two bytes, not four).
    let fields = |e: &Entry| -> (u8, u32, u16) {
        match *e {
            Entry::Free => (0, 0, 0),
            Entry::File(offset, generation) => (1, offset as u32, generation),
            Entry::Packed(stream, index) => (2, stream, index),
        }
    };
    let width = |max: u32| (4 - max.leading_zeros() as usize / 8).max(1);
    let w2 = width(at.iter().map(|e| fields(e).1).max().unwrap_or(0));
    // The free entry 0 has generation 65535, as in a cross-reference table.
    let w3 = width(
        at.iter()
            .map(|e| u32::from(fields(e).2))
            .max()
            .unwrap_or(0)
            .max(65535),
    );
    let mut table = Vec::with_capacity(at.len() * (1 + w2 + w3));
    for (k, e) in at.iter().enumerate() {
        let (kind, a, b) = fields(e);
        let b = if k == 0 { 65535 } else { u32::from(b) };
        table.push(kind);
        table.extend_from_slice(&a.to_be_bytes()[4 - w2..]);
        table.extend_from_slice(&b.to_be_bytes()[4 - w3..]);
    }
    let mut dict = lo.trailer.clone();
    dict.remove(b"Prev");
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", Object::Integer(at.len() as i64));
    dict.set(
        "W",
        Object::Array(vec![
            Object::Integer(1),
            Object::Integer(w2 as i64),
            Object::Integer(w3 as i64),
        ]),
    );
    let table = match deflate(cache, &table, level) {
        Some(z) => {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            z
        }
        None => table,
    };
    dict.set("Length", Object::Integer(table.len() as i64));
    let _ = writeln!(out, "{xref_id} 0 obj");
    dictionary(&mut out, &dict);
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(&table);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let _ = writeln!(out, "startxref\n{xref_offset}\n%%EOF");
    out
}

#[derive(Debug, Clone, Copy)]
enum Entry {
    Free,
    /// At a byte offset of the file, with its generation.
    File(usize, u16),
    /// In object stream `.0`, at index `.1`.
    Packed(u32, u16),
}

/// Where an object's references go: written as they are, or left out and recorded
/// (their offset and id) for a [`Template`].
type Holes<'a> = Option<&'a mut Vec<(usize, ObjectId)>>;

/// Writes an object (not a stream: those are written whole by [`save`]).
fn object(out: &mut Vec<u8>, obj: &Object) {
    write_object(out, obj, &mut None);
}

fn write_object(out: &mut Vec<u8>, obj: &Object, holes: &mut Holes) {
    match obj {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => real(out, *r),
        Object::Name(n) => name(out, n),
        Object::String(s, StringFormat::Literal) => literal(out, s),
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item, holes);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dictionary(out, d, holes),
        Object::Reference(id) => match holes {
            Some(h) => h.push((out.len(), *id)),
            None => {
                let _ = write!(out, "{} {} R", id.0, id.1);
            }
        },
        // A stream inside another object cannot be written; lopdf never makes one.
        Object::Stream(s) => write_dictionary(out, &s.dict, holes),
    }
}

fn dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    write_dictionary(out, d, &mut None);
}

fn write_dictionary(out: &mut Vec<u8>, d: &Dictionary, holes: &mut Holes) {
    out.extend_from_slice(b"<<");
    for (key, value) in d.iter() {
        entry(out, key, value, holes);
    }
    out.extend_from_slice(b">>");
}

/// A stream's dictionary with its /Length set to `length` (whatever it said before).
fn stream_dictionary(out: &mut Vec<u8>, d: &Dictionary, length: usize, holes: &mut Holes) {
    out.extend_from_slice(b"<<");
    for (key, value) in d.iter().filter(|(k, _)| k.as_slice() != b"Length") {
        entry(out, key, value, holes);
    }
    let _ = write!(out, "/Length {length}>>");
}

fn entry(out: &mut Vec<u8>, key: &[u8], value: &Object, holes: &mut Holes) {
    name(out, key);
    if !matches!(
        value,
        Object::Name(_) | Object::Array(_) | Object::Dictionary(_) | Object::String(..)
    ) {
        out.push(b' ');
    }
    write_object(out, value, holes);
}

/// An object written once, with holes where its references go, to be written again
/// under other numbers (a notice's fonts, the same in every notice set in the same
/// subsets) without walking it again.
#[derive(Debug)]
pub(super) struct Template {
    bytes: Vec<u8>,
    holes: Vec<(usize, ObjectId)>,
    /// A stream, written in the file rather than packed into an object stream.
    stream: bool,
}

impl Template {
    pub(super) fn new(obj: &Object) -> Template {
        let mut bytes = Vec::new();
        let mut holes = Vec::new();
        let stream = match obj {
            Object::Stream(s) => {
                stream_dictionary(&mut bytes, &s.dict, s.content.len(), &mut Some(&mut holes));
                bytes.extend_from_slice(b"\nstream\n");
                bytes.extend_from_slice(&s.content);
                bytes.extend_from_slice(b"\nendstream");
                true
            }
            _ => {
                write_object(&mut bytes, obj, &mut Some(&mut holes));
                false
            }
        };
        Template {
            bytes,
            holes,
            stream,
        }
    }
}

/// A number without an exponent, to four places, trailing zeros dropped. Written from
/// the number in ten-thousandths, as `{:.4}` on an `f32` can fall back to a slow exact
/// algorithm.
fn real(out: &mut Vec<u8>, r: f32) {
    let scaled = (f64::from(r) * 10_000.0).round();
    if !scaled.is_finite() || scaled.abs() >= 9.0e18 {
        out.push(b'0');
        return;
    }
    let scaled = scaled as i64;
    if scaled == 0 {
        out.push(b'0');
        return;
    }
    if scaled < 0 {
        out.push(b'-');
    }
    let (whole, mut frac) = (
        scaled.unsigned_abs() / 10_000,
        scaled.unsigned_abs() % 10_000,
    );
    let _ = write!(out, "{whole}");
    if frac > 0 {
        out.push(b'.');
        let mut digits = 4;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let _ = write!(out, "{frac:0digits$}");
    }
}

/// The bytes a name writes as they are; every other byte is written `#XX`.
const PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = b'!';
    while b <= b'~' {
        t[b as usize] = !matches!(
            b,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%' | b'#'
        );
        b += 1;
    }
    t
};

pub(super) fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if PLAIN[b as usize] {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

pub(super) fn literal(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'(');
    for &b in s {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(obj: &Object) -> String {
        let mut out = Vec::new();
        object(&mut out, obj);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn objects_are_written_as_pdf_syntax() {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Page".to_vec()));
        d.set("A b#", Object::Integer(-3));
        d.set(
            "K",
            Object::Array(vec![
                Object::Real(12.5),
                Object::Real(-0.00001),
                Object::Real(3.0),
                Object::Reference((7, 0)),
                Object::Null,
                Object::Boolean(true),
            ]),
        );
        d.set(
            "T",
            Object::String(b"a (b) \\ c\n".to_vec(), StringFormat::Literal),
        );
        d.set(
            "H",
            Object::String(vec![0xFE, 0xFF, 0x00, 0x41], StringFormat::Hexadecimal),
        );
        assert_eq!(
            text(&Object::Dictionary(d)),
            "<</Type/Page/A#20b#23 -3/K[12.5 0 3 7 0 R null true]/T(a \\(b\\) \\\\ c\\n)/H<FEFF0041>>>"
        );
    }

    #[test]
    fn reals_are_written_to_four_places_without_trailing_zeros() {
        let cases = [
            (0.05, "0.05"),
            (-1.25, "-1.25"),
            (1000.0001, "1000.0001"),
            (0.123456, "0.1235"),
            (-0.00004, "0"),
            (595.28, "595.28"),
            (841.89, "841.89"),
            (10.0, "10"),
            (f32::NAN, "0"),
        ];
        for (r, want) in cases {
            assert_eq!(text(&Object::Real(r)), want, "{r}");
            // The same as the formatting it replaces.
            if r.is_finite() {
                let s = format!("{r:.4}");
                let s = s.trim_end_matches('0').trim_end_matches('.');
                let s = if s == "-0" { "0" } else { s };
                assert_eq!(want, s, "{r}");
            }
        }
    }

    #[test]
    fn a_template_writes_its_object_again_under_other_numbers() {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Font".to_vec()));
        d.set(
            "Descendants",
            Object::Array(vec![Object::Reference((4, 0))]),
        );
        d.set("ToUnicode", Object::Reference((5, 0)));
        d.set("Other", Object::Reference((9, 0)));
        let obj = Object::Dictionary(d.clone());
        let map = std::collections::BTreeMap::from([((4, 0), (40, 0)), ((5, 0), (50, 0))]);
        let mut raw = Raw::default();
        raw.push((7, 0), &Template::new(&obj), &map);
        let (id, range) = raw.objects[0].clone();
        assert_eq!(id, (7, 0));
        // As the object itself would be written with its references renumbered (one not
        // in the map is left as it is).
        d.set(
            "Descendants",
            Object::Array(vec![Object::Reference((40, 0))]),
        );
        d.set("ToUnicode", Object::Reference((50, 0)));
        assert_eq!(
            String::from_utf8_lossy(&raw.bytes[range]),
            text(&Object::Dictionary(d))
        );
        // A stream is written whole, in the file.
        let stream = Object::Stream(lopdf::Stream::new(Dictionary::new(), b"abc".to_vec()));
        raw.push((8, 0), &Template::new(&stream), &map);
        let (_, range) = raw.files[0].clone();
        assert_eq!(&raw.bytes[range], b"<</Length 3>>\nstream\nabc\nendstream");
    }
}
