//! Reads our PDFs back with lopdf: every text run with its page, font, size, position,
//! width and text (through the font's ToUnicode map), and the outline.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Run {
    pub page: usize,
    /// The font's resource name ("F1" … "F5").
    pub font: String,
    pub size: f32,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub text: String,
}

struct Font {
    unicode: BTreeMap<u32, Vec<u32>>,
    widths: BTreeMap<u32, f32>,
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    match o {
        Object::Reference(r) => doc.get_object(*r).unwrap().as_dict().unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        other => panic!("not a number: {other:?}"),
    }
}

fn load_font(doc: &Document, o: &Object) -> Font {
    let t0 = dict(doc, o);
    let cmap_ref = t0.get(b"ToUnicode").unwrap().as_reference().unwrap();
    let stream = doc.get_object(cmap_ref).unwrap().as_stream().unwrap();
    let text = String::from_utf8(stream.decompressed_content().unwrap()).unwrap();
    let unicode = printpdf::cmap::ToUnicodeCMap::parse(&text)
        .unwrap()
        .mappings;
    let desc = match t0.get(b"DescendantFonts").unwrap() {
        Object::Array(a) => dict(doc, &a[0]),
        other => dict(doc, other),
    };
    let mut widths = BTreeMap::new();
    if let Ok(Object::Array(w)) = desc.get(b"W") {
        let mut i = 0;
        while i < w.len() {
            let first = num(&w[i]) as u32;
            match &w[i + 1] {
                Object::Array(ws) => {
                    for (k, v) in ws.iter().enumerate() {
                        widths.insert(first + k as u32, num(v));
                    }
                    i += 2;
                }
                last => {
                    let last = num(last) as u32;
                    let v = num(&w[i + 2]);
                    for c in first..=last {
                        widths.insert(c, v);
                    }
                    i += 3;
                }
            }
        }
    }
    let dw = desc.get(b"DW").map(num).unwrap_or(1000.0);
    for code in unicode.keys() {
        widths.entry(*code).or_insert(dw);
    }
    Font { unicode, widths }
}

/// Every text run of the PDF, in content order.
/// A page's fonts by resource name.
fn page_fonts(doc: &Document, page_id: lopdf::ObjectId) -> BTreeMap<String, Font> {
    let (res, ids) = doc.get_page_resources(page_id).unwrap();
    let res = match res {
        Some(d) => d,
        None => doc.get_dictionary(ids[0]).unwrap(),
    };
    dict(doc, res.get(b"Font").unwrap())
        .iter()
        .map(|(k, v)| (String::from_utf8_lossy(k).into_owned(), load_font(doc, v)))
        .collect()
}

pub fn runs(bytes: &[u8]) -> Vec<Run> {
    let doc = Document::load_mem(bytes).unwrap();
    let mut out = Vec::new();
    for (p, (_, page_id)) in doc.get_pages().into_iter().enumerate() {
        let fonts = page_fonts(&doc, page_id);
        let content = Content::decode(&doc.get_page_content(page_id)).unwrap();
        let (mut font, mut size, mut x, mut y) = (String::new(), 0.0f32, 0.0f32, 0.0f32);
        let (mut line_x, mut line_y) = (0.0f32, 0.0f32);
        for op in content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    font = String::from_utf8_lossy(op.operands[0].as_name().unwrap()).into_owned();
                    size = num(&op.operands[1]);
                }
                // The text line matrix: Td moves from the start of the last line
                // (from the origin after BT), Tm sets it; text then runs on from x.
                "BT" => {
                    (line_x, line_y) = (0.0, 0.0);
                }
                "Td" => {
                    line_x += num(&op.operands[0]);
                    line_y += num(&op.operands[1]);
                    (x, y) = (line_x, line_y);
                }
                "Tm" => {
                    line_x = num(&op.operands[4]);
                    line_y = num(&op.operands[5]);
                    (x, y) = (line_x, line_y);
                }
                "Tj" | "TJ" => {
                    // Each string of a TJ array is a run of its own, placed after the
                    // offsets before it (thousandths of an em, positive moves left),
                    // except that an offset of less than 0.15 em to the right is
                    // kerning: the string then continues the run before it. (Word
                    // spaces are at least 0.18 em; Liberation's kerns at most 0.14.)
                    let f = &fonts[&font];
                    let items = match &op.operands[0] {
                        Object::Array(a) => a.clone(),
                        o => vec![o.clone()],
                    };
                    let mut current: Option<Run> = None;
                    let mut kerned = false;
                    for item in items {
                        match item {
                            Object::String(bytes, _) => {
                                let mut text = String::new();
                                let mut width = 0.0;
                                for pair in bytes.chunks(2) {
                                    let code = u32::from(pair[0]) << 8 | u32::from(pair[1]);
                                    let advance =
                                        f.widths.get(&code).copied().unwrap_or(0.0) * size / 1000.0;
                                    let chars = f.unicode.get(&code).cloned().unwrap_or_default();
                                    // A space glyph separates words: it ends the run.
                                    if chars == [u32::from(' ')] {
                                        if !text.is_empty() {
                                            let at = (p, font.as_str(), size, x, y);
                                            add(&mut current, &mut out, kerned, at, &text, width);
                                            text.clear();
                                            x += width;
                                            width = 0.0;
                                        }
                                        out.extend(current.take());
                                        x += advance;
                                        kerned = false;
                                        text.clear();
                                        continue;
                                    }
                                    for u in chars {
                                        text.push(char::from_u32(u).unwrap_or('\u{FFFD}'));
                                    }
                                    width += advance;
                                }
                                if text.is_empty() {
                                    continue;
                                }
                                let at = (p, font.as_str(), size, x, y);
                                add(&mut current, &mut out, kerned, at, &text, width);
                                x += width;
                                kerned = false;
                            }
                            other => {
                                let v = num(&other);
                                x -= v * size / 1000.0;
                                kerned = current.is_some() && v > -150.0;
                            }
                        }
                    }
                    out.extend(current);
                }
                _ => {}
            }
        }
    }
    out
}

/// Adds drawn text to the run being read: onto it when kerned to it, else as a new
/// run at `at` (page, font, size, x, y).
fn add(
    current: &mut Option<Run>,
    out: &mut Vec<Run>,
    kerned: bool,
    at: (usize, &str, f32, f32, f32),
    text: &str,
    width: f32,
) {
    let (page, font, size, x, y) = at;
    match current.as_mut() {
        Some(run) if kerned => {
            run.text.push_str(text);
            run.width = x + width - run.x;
        }
        _ => {
            out.extend(current.take());
            *current = Some(Run {
                page,
                font: font.to_string(),
                size,
                x,
                y,
                width,
                text: text.to_string(),
            });
        }
    }
}

/// The outline's titles, first to last.
pub fn outline(bytes: &[u8]) -> Vec<String> {
    let doc = Document::load_mem(bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let Ok(outlines) = catalog.get(b"Outlines") else {
        return Vec::new();
    };
    let mut next = dict(&doc, outlines).get(b"First").ok().cloned();
    let mut titles = Vec::new();
    while let Some(Object::Reference(r)) = next {
        let item = doc.get_object(r).unwrap().as_dict().unwrap();
        let title = match item.get(b"Title").unwrap() {
            Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
                let units: Vec<u16> = b[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16(&units).unwrap()
            }
            Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
            other => panic!("{other:?}"),
        };
        titles.push(title);
        next = item.get(b"Next").ok().cloned();
    }
    titles
}

/// Every glyph code drawn that its font's ToUnicode map does not name (a glyph the
/// subset lacks is drawn as code 0, which it never names): page, font and code.
pub fn unmapped(bytes: &[u8]) -> Vec<(usize, String, u32)> {
    let doc = Document::load_mem(bytes).unwrap();
    let mut out = Vec::new();
    for (p, (_, page_id)) in doc.get_pages().into_iter().enumerate() {
        let fonts = page_fonts(&doc, page_id);
        let content = Content::decode(&doc.get_page_content(page_id)).unwrap();
        let mut font = String::new();
        for op in content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    font = String::from_utf8_lossy(op.operands[0].as_name().unwrap()).into_owned()
                }
                "Tj" | "TJ" => {
                    let items = match &op.operands[0] {
                        Object::Array(a) => a.clone(),
                        o => vec![o.clone()],
                    };
                    for item in items {
                        if let Object::String(bytes, _) = item {
                            for pair in bytes.chunks(2) {
                                let code = u32::from(pair[0]) << 8 | u32::from(pair[1]);
                                if !fonts[&font].unicode.contains_key(&code) {
                                    out.push((p + 1, font.clone(), code));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}
