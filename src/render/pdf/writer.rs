//! The PDF writer: page objects, embedded font subsets, metadata, links and compression.

use super::*;

pub(super) fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    }
}

/// The font resources for one set of subsets, as printpdf makes them (Type0 fonts,
/// their CID fonts and descriptors, widths, ToUnicode maps, font programs), named with
/// their subset tags and deflated.
pub(super) struct FontObjects {
    /// Resource name ("F1") and the id of its font dictionary in `objects`.
    pub(super) fonts: Vec<(String, lopdf::ObjectId)>,
    /// The objects, each written once, to be written again under each notice's
    /// numbers.
    pub(super) objects: BTreeMap<lopdf::ObjectId, super::serial::Template>,
}

/// The font resources for a notice's subsets: made by printpdf the first time a set is
/// seen in this process (from a one-page document that shows each subset's
/// characters, which is how printpdf learns which glyphs a font carries), then reused.
/// The footnote markers' font (F5) is the regular face's subset under another name:
/// a Type0 font sharing F1's CID font and font program, with its own ToUnicode map.
pub(super) fn font_objects(
    cache: &Cache,
    subsets: &Subsets,
    used: &[std::collections::BTreeSet<char>; 5],
) -> Result<std::sync::Arc<FontObjects>, Error> {
    use lopdf::{Dictionary, Object, Stream};
    let key: FontKey = (0..5)
        .filter(|i| subsets[*i].is_some())
        .map(|i| (i, used[i].iter().copied().collect()))
        .collect();
    if let Some(f) = cache.fonts.borrow().get(&key).cloned() {
        return Ok(f);
    }
    let mut pdf = PdfDocument::new("fonts");
    let mut tags: [Option<String>; 5] = Default::default();
    // Each subset's glyph codes with the characters they read as.
    let mut glyphs: [Vec<(u16, char)>; 5] = Default::default();
    let mut inventory = vec![Op::StartTextSection];
    for (i, sub) in subsets.iter().enumerate() {
        let Some(sub) = sub else { continue };
        let chars = &used[i];
        glyphs[i] = chars
            .iter()
            .filter_map(|c| {
                let g = sub.font.lookup_glyph_index(*c as u32)?;
                let reads = if i == SUP {
                    crate::render::subset::superscript(*c)
                } else {
                    *c
                };
                Some((g, reads))
            })
            .collect();
        if i == SUP {
            continue;
        }
        tags[i] = Some(format!(
            "{}+{}",
            crate::render::subset::tag(FONT_IDS[i], chars),
            FONT_NAMES[i]
        ));
        pdf.resources.fonts.map.insert(
            FontId(FONT_IDS[i].into()),
            printpdf::PdfFont::new(sub.font.clone()),
        );
        inventory.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(FONT_IDS[i].into())),
            size: Pt(BODY),
        });
        inventory.push(Op::ShowText {
            items: vec![TextItem::Text(chars.iter().collect())],
        });
    }
    inventory.push(Op::EndTextSection);
    pdf.with_pages(vec![PdfPage::new(Mm(210.0), Mm(297.0), inventory)]);
    let mut lo = pdf.to_lopdf_document(&save_options(), &mut Vec::new());
    let font_dict = font_dict_id(&lo)?;
    fix_fonts(&mut lo, &tags, &glyphs)?;
    if subsets[SUP].is_some() {
        // F5: F1's CID font, moved out of F1's dictionary to be shared.
        let regular = lo
            .get_object(font_dict)
            .and_then(Object::as_dict)
            .and_then(|d| d.get(FONT_IDS[0].as_bytes()))
            .and_then(Object::as_reference)
            .map_err(|_| pdf_bug("the regular font"))?;
        let mut type0 = lo
            .get_object(regular)
            .and_then(Object::as_dict)
            .map_err(|_| pdf_bug("the regular font"))?
            .clone();
        let descendant = match type0.get(b"DescendantFonts") {
            Ok(Object::Array(a)) if a.len() == 1 => a[0].clone(),
            _ => return Err(pdf_bug("the regular font's CID font")),
        };
        let descendant = match descendant {
            Object::Reference(r) => r,
            inline => lo.add_object(inline),
        };
        type0.set(
            "DescendantFonts",
            Object::Array(vec![Object::Reference(descendant)]),
        );
        lo.objects
            .insert(regular, Object::Dictionary(type0.clone()));
        let cmap = crate::render::subset::to_unicode_cmap(&glyphs[SUP]);
        let cmap = lo.add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));
        type0.set("ToUnicode", Object::Reference(cmap));
        let sup = lo.add_object(type0);
        lo.get_object_mut(font_dict)
            .and_then(Object::as_dict_mut)
            .map_err(|_| pdf_bug("font resources"))?
            .set(FONT_IDS[SUP], Object::Reference(sup));
    }
    compress(cache, &mut lo);
    // Everything the page's font dictionary reaches.
    let Ok(lopdf::Object::Dictionary(dict)) = lo.get_object(font_dict) else {
        return Err(pdf_bug("font resources"));
    };
    let mut fonts = Vec::new();
    let mut todo = Vec::new();
    for (name, v) in dict.iter() {
        let id = v.as_reference().map_err(|_| pdf_bug("font reference"))?;
        fonts.push((String::from_utf8_lossy(name).into_owned(), id));
        todo.push(id);
    }
    let mut objects = BTreeMap::new();
    while let Some(id) = todo.pop() {
        if objects.contains_key(&id) {
            continue;
        }
        let obj = lo
            .get_object(id)
            .map_err(|_| pdf_bug("font object"))?
            .clone();
        references(&obj, &mut todo);
        objects.insert(id, super::serial::Template::new(&obj));
    }
    let made = Arc::new(FontObjects { fonts, objects });
    let mut fonts = cache.fonts.borrow_mut();
    if fonts.len() >= 64 {
        fonts.clear();
    }
    fonts.insert(key, made.clone());
    Ok(made)
}

/// The id of the font resource dictionary the first page uses (printpdf gives every
/// page the same one).
pub(super) fn font_dict_id(lo: &lopdf::Document) -> Result<lopdf::ObjectId, Error> {
    use lopdf::Object;
    let page = *lo
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| pdf_bug("no page"))?;
    let resources = lo
        .get_object(page)
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"Resources"))
        .map_err(|_| pdf_bug("page resources"))?;
    let resources = match resources {
        Object::Reference(r) => lo.get_object(*r).and_then(Object::as_dict),
        other => other.as_dict(),
    }
    .map_err(|_| pdf_bug("page resources"))?;
    resources
        .get(b"Font")
        .and_then(Object::as_reference)
        .map_err(|_| pdf_bug("font resources"))
}

/// Every object id an object refers to.
pub(super) fn references(obj: &lopdf::Object, out: &mut Vec<lopdf::ObjectId>) {
    use lopdf::Object;
    match obj {
        Object::Reference(r) => out.push(*r),
        Object::Array(a) => a.iter().for_each(|o| references(o, out)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| references(o, out)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| references(o, out)),
        _ => {}
    }
}

impl FontObjects {
    /// Adds the font objects to a notice under fresh ids, in a fixed order, and makes
    /// them its pages' font resources.
    pub(super) fn copy_into(
        &self,
        lo: &mut lopdf::Document,
        raw: &mut super::serial::Raw,
    ) -> Result<(), Error> {
        let map: BTreeMap<lopdf::ObjectId, lopdf::ObjectId> = self
            .objects
            .keys()
            .map(|id| (*id, lo.new_object_id()))
            .collect();
        for (id, t) in &self.objects {
            raw.push(map[id], t, &map);
        }
        let mut dict = lopdf::Dictionary::new();
        for (name, id) in &self.fonts {
            dict.set(name.as_bytes().to_vec(), lopdf::Object::Reference(map[id]));
        }
        let font_dict = font_dict_id(lo)?;
        lo.objects
            .insert(font_dict, lopdf::Object::Dictionary(dict));
        Ok(())
    }
}

/// Gives each page the content stream written for it.
pub(super) fn replace_contents(
    cache: &Cache,
    lo: &mut lopdf::Document,
    streams: Vec<Vec<u8>>,
) -> Result<(), Error> {
    use lopdf::Object;
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    if page_ids.len() != streams.len() {
        return Err(pdf_bug("page count"));
    }
    for (page_id, content) in page_ids.into_iter().zip(streams) {
        let contents = lo
            .get_object(page_id)
            .and_then(Object::as_dict)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(|_| pdf_bug("page without contents"))?;
        lo.objects.insert(
            contents,
            Object::Stream(deflated_stream(cache, content, CONTENT_LEVEL)),
        );
    }
    Ok(())
}

/// Fixes what printpdf leaves random or wrong: the document info (dates from the
/// notice, no bogus /GTS_PDFXVersion), the outline (headings in document order), the
/// language, and the trailer /ID (derived from the content); then writes the file.
pub(super) fn finish(
    cache: &Cache,
    lo: &mut lopdf::Document,
    doc: &Document,
    pages: &[PageContent],
    raw: &super::serial::Raw,
) -> Result<Vec<u8>, Error> {
    use lopdf::{Dictionary, Object, StringFormat};
    let date = doc
        .meta
        .date
        .map(|d| d.format("D:%Y%m%d000000Z").to_string())
        .unwrap_or_else(|| "D:20000101000000Z".into());
    let text = |s: &str| {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    };
    let mut info = Dictionary::new();
    info.set("Title", text(&doc.meta.title));
    info.set("Author", text(&doc.meta.author));
    info.set("Subject", text(&doc.meta.subject));
    info.set("Keywords", text(&doc.meta.keywords.join(", ")));
    info.set("Creator", text("foinotice"));
    info.set(
        "Producer",
        text(concat!(
            "foinotice ",
            env!("CARGO_PKG_VERSION"),
            " with printpdf"
        )),
    );
    info.set(
        "CreationDate",
        Object::String(date.clone().into_bytes(), StringFormat::Literal),
    );
    info.set(
        "ModDate",
        Object::String(date.into_bytes(), StringFormat::Literal),
    );
    // printpdf's own info dictionary gives way to this one.
    if let Ok(old) = lo.trailer.get(b"Info").and_then(Object::as_reference) {
        lo.objects.remove(&old);
    }
    let info_id = lo.add_object(info);
    lo.trailer.set("Info", Object::Reference(info_id));

    let root_id = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| pdf_bug("no catalog"))?;
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();

    // Outline: one entry per heading, in document order, pointing at its page and line.
    let mut entries: Vec<(String, usize, f32)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for (y, line) in &page.lines {
            if let Some(title) = &line.heading {
                entries.push((title.clone(), p, *y + line.height));
            }
        }
    }
    let old_outline = lo
        .get_object(root_id)
        .ok()
        .and_then(|c| c.as_dict().ok())
        .and_then(|c| c.get(b"Outlines").ok())
        .and_then(|o| o.as_reference().ok());
    if let Some(id) = old_outline {
        lo.objects.remove(&id);
    }
    let mut catalog = lo
        .get_object(root_id)
        .and_then(Object::as_dict)
        .map_err(|_| pdf_bug("catalog"))?
        .clone();
    catalog.remove(b"Outlines");
    catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
    if !entries.is_empty() {
        let outline_id = lo.new_object_id();
        let ids: Vec<lopdf::ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
        for (i, (title, page, y)) in entries.iter().enumerate() {
            let mut d = Dictionary::new();
            d.set("Title", text(title));
            d.set("Parent", Object::Reference(outline_id));
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(page_ids[*page]),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(*y),
                    Object::Null,
                ]),
            );
            if i > 0 {
                d.set("Prev", Object::Reference(ids[i - 1]));
            }
            if i + 1 < ids.len() {
                d.set("Next", Object::Reference(ids[i + 1]));
            }
            lo.objects.insert(ids[i], Object::Dictionary(d));
        }
        let mut o = Dictionary::new();
        o.set("Type", Object::Name(b"Outlines".to_vec()));
        o.set("First", Object::Reference(ids[0]));
        o.set("Last", Object::Reference(*ids.last().expect("non-empty")));
        o.set("Count", Object::Integer(ids.len() as i64));
        lo.objects.insert(outline_id, Object::Dictionary(o));
        catalog.set("Outlines", Object::Reference(outline_id));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    catalog.set(
        "Lang",
        Object::String(
            doc.meta.language.clone().into_bytes(),
            StringFormat::Literal,
        ),
    );
    lo.objects.insert(root_id, Object::Dictionary(catalog));

    // The objects printpdf left unreferenced (its info dictionary and outline) are
    // removed above, so the file needs no pass over every object to find them. Every
    // stream is deflated already: page contents in `replace_contents`, font resources
    // in `font_objects`.
    // The document id is a digest of the file written with a placeholder id of the
    // same length, patched in afterwards: one serialisation, and equal input still
    // gives equal bytes.
    const PLACEHOLDER: &[u8; 32] = b"foinotice-document-id-0000000000";
    let placeholder = || Object::String(PLACEHOLDER.to_vec(), StringFormat::Literal);
    lo.trailer
        .set("ID", Object::Array(vec![placeholder(), placeholder()]));
    // The structure tree adds many small objects: they go into compressed object
    // streams, with a cross-reference stream (PDF 1.5).
    let mut out = super::serial::save(cache, lo, raw, OBJECT_LEVEL);
    let id = digest_hex(&out);
    // The id sits in the cross-reference stream's dictionary, which is not
    // compressed: the last "/ID" in the file.
    let trailer = out
        .windows(3)
        .rposition(|w| w == b"/ID")
        .ok_or_else(|| pdf_bug("no trailer"))?;
    let mut patched = 0;
    let mut at = trailer;
    while let Some(k) = out[at..]
        .windows(PLACEHOLDER.len())
        .position(|w| w == PLACEHOLDER)
    {
        out[at + k..at + k + PLACEHOLDER.len()].copy_from_slice(id.as_bytes());
        at += k + PLACEHOLDER.len();
        patched += 1;
    }
    if patched != 2 {
        return Err(pdf_bug("document id"));
    }
    Ok(out)
}

/// Names each embedded font with its subset tag ("ABCDEF+LiberationSans", as PDF
/// requires of a subset) and gives it a ToUnicode map of the glyphs it carries.
pub(super) fn fix_fonts(
    lo: &mut lopdf::Document,
    tags: &[Option<String>; 5],
    glyphs: &[Vec<(u16, char)>; 5],
) -> Result<(), Error> {
    use lopdf::{Object, Stream};
    let name_of = |b: &[u8]| FONT_IDS.iter().position(|id| id.as_bytes() == b);
    let mut descriptors = Vec::new();
    let mut unicode = Vec::new();
    for (_, obj) in lo.objects.iter_mut() {
        let Ok(dict) = obj.as_dict_mut() else {
            continue;
        };
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice()) {
            continue;
        }
        let Some(i) = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .ok()
            .and_then(name_of)
        else {
            continue;
        };
        let Some(tag) = &tags[i] else { continue };
        dict.set("BaseFont", Object::Name(tag.clone().into_bytes()));
        let r = dict
            .get(b"ToUnicode")
            .and_then(Object::as_reference)
            .map_err(|_| pdf_bug("a font without a ToUnicode map"))?;
        unicode.push((r, i));
        if let Ok(Object::Array(desc)) = dict.get_mut(b"DescendantFonts") {
            for d in desc.iter_mut() {
                if let Ok(dd) = d.as_dict_mut() {
                    dd.set("BaseFont", Object::Name(tag.clone().into_bytes()));
                    if let Ok(r) = dd.get(b"FontDescriptor").and_then(Object::as_reference) {
                        descriptors.push((r, tag.clone()));
                    }
                }
            }
        }
    }
    for (r, tag) in descriptors {
        if let Ok(d) = lo.get_object_mut(r).and_then(Object::as_dict_mut) {
            d.set("FontName", Object::Name(tag.into_bytes()));
        }
    }
    for (r, i) in unicode {
        let cmap = crate::render::subset::to_unicode_cmap(&glyphs[i]);
        lo.objects.insert(
            r,
            Object::Stream(Stream::new(lopdf::Dictionary::new(), cmap.into_bytes())),
        );
    }
    Ok(())
}

/// A notice's subset of one face, and the glyph code of each character in it.
pub(super) struct Subset {
    /// Unique in this process: what drawn bytes made with this subset record.
    pub(super) id: u64,
    pub(super) font: ParsedFont,
    /// Code (the subset's glyph id) by character below `CACHED`; 0 where absent.
    pub(super) codes: Vec<u16>,
}

impl Subset {
    pub(super) fn code(&self, c: char) -> u16 {
        match self.codes.get(c as usize) {
            Some(code) => *code,
            None => self.font.lookup_glyph_index(c as u32).unwrap_or(0),
        }
    }
}

/// Font subsets already made in this process, by face and characters.
pub(super) fn cached_subset(
    cache: &Cache,
    font: usize,
    chars: &std::collections::BTreeSet<char>,
) -> Result<std::sync::Arc<Subset>, String> {
    let key: SubsetKey = (font, chars.iter().copied().collect::<Vec<_>>());
    if let Some(f) = cache.subsets.borrow().get(&key).cloned() {
        return Ok(f);
    }
    let sub = crate::render::subset::subset_font(face(font), face_bytes(font), chars)?;
    let mut codes = vec![0u16; CACHED];
    for c in chars.iter().filter(|c| (**c as usize) < CACHED) {
        codes[*c as usize] = sub.lookup_glyph_index(*c as u32).unwrap_or(0);
    }
    let id = cache.last_subset.get() + 1;
    cache.last_subset.set(id);
    let sub = Arc::new(Subset {
        id,
        font: sub,
        codes,
    });
    let mut subsets = cache.subsets.borrow_mut();
    if subsets.len() >= 64 {
        subsets.clear();
    }
    subsets.insert(key, sub.clone());
    Ok(sub)
}

/// Deflates bytes at a level (6 is zlib's default; 1 the fastest).
pub(super) fn deflate(cache: &Cache, bytes: &[u8], level: u32) -> Option<Vec<u8>> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    // Setting up a compressor clears a few hundred kilobytes of tables, which costs
    // more than deflating a page: the cache keeps one per level and resets it.
    let mut cs = cache.compressors.borrow_mut();
    let i = match cs.iter().position(|(l, _)| *l == level) {
        Some(i) => i,
        None => {
            cs.push((level, Compress::new(Compression::new(level), true)));
            cs.len() - 1
        }
    };
    let c = &mut cs[i].1;
    c.reset();
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    loop {
        let read = c.total_in() as usize;
        match c
            .compress_vec(&bytes[read..], &mut out, FlushCompress::Finish)
            .ok()?
        {
            Status::StreamEnd => return Some(out),
            Status::Ok | Status::BufError => out.reserve(out.capacity().max(1024)),
        }
    }
}

/// How hard page contents are deflated, as they are written for every notice:
/// level 2, zlib-rs's fast matcher with Huffman codes made for each stream, gives
/// streams about a fifth smaller than level 1 (whose codes are fixed) for
/// 0.1–0.2 ms more in a 5-page notice (docs/performance.md, "Size").
pub(super) const CONTENT_LEVEL: u32 = 2;

/// How hard the object streams (the structure tree above all) and the
/// cross-reference stream are deflated: level 2 would save a further 1.6 KB in the
/// Cambridgeshire notice, but a family notice's structure tree is several times
/// larger, and the bulk run writes one for every notice.
pub(super) const OBJECT_LEVEL: u32 = 1;

/// A stream of the given content, deflated when that makes it smaller.
pub(super) fn deflated_stream(cache: &Cache, content: Vec<u8>, level: u32) -> lopdf::Stream {
    let mut stream = lopdf::Stream::new(lopdf::Dictionary::new(), content);
    if let Some(z) = deflate(cache, &stream.content, level) {
        if z.len() < stream.content.len() {
            stream
                .dict
                .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(z);
        }
    }
    stream
}

/// Deflates the streams printpdf left uncompressed: the font programs and ToUnicode
/// maps. They repeat from notice to notice, so each distinct one is deflated once per
/// process, at zlib's default level (lopdf's own `compress` uses the best level,
/// which costs several times the time for a few per cent of size).
pub(super) fn compress(cache: &Cache, lo: &mut lopdf::Document) {
    for obj in lo.objects.values_mut() {
        if let lopdf::Object::Stream(s) = obj {
            if s.dict.get(b"Filter").is_ok() || !s.allows_compression {
                continue;
            }
            let key = digest_hex(&s.content);
            let cached = cache
                .deflated
                .borrow()
                .get(&key)
                .filter(|(original, _)| *original == s.content)
                .map(|(_, z)| z.clone());
            let z = match cached {
                Some(z) => Some(z),
                None => {
                    let z = deflate(cache, &s.content, 6);
                    if let Some(z) = &z {
                        let mut c = cache.deflated.borrow_mut();
                        if c.len() >= 64 {
                            c.clear();
                        }
                        c.insert(key, (s.content.clone(), z.clone()));
                    }
                    z
                }
            };
            if let Some(z) = z {
                if z.len() < s.content.len() {
                    s.dict
                        .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                    s.set_content(z);
                }
            }
        }
    }
}

/// Deflated streams by digest: (the original bytes, deflated).
pub(super) type DeflateCache = std::collections::HashMap<String, (Vec<u8>, Vec<u8>)>;

/// Font resources are looked up by the characters of each subset they carry.
pub(super) type FontKey = Vec<(usize, Vec<char>)>;

/// A subset is looked up by its face and characters.
pub(super) type SubsetKey = (usize, Vec<char>);

/// Makes each URL a link annotation over the text that shows it. Each URL's action is
/// one object, which every annotation over a piece of it shares: a URL broken over
/// many lines is written once. Gives each page's annotations with the structure
/// element their text is in.
pub(super) fn add_links(
    lo: &mut lopdf::Document,
    links: &[Vec<LinkArea>],
) -> Vec<Vec<(lopdf::ObjectId, usize)>> {
    use lopdf::{Dictionary, Object, StringFormat};
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    let mut actions: std::collections::HashMap<Arc<str>, lopdf::ObjectId> =
        std::collections::HashMap::new();
    let mut made: Vec<Vec<(lopdf::ObjectId, usize)>> = vec![Vec::new(); page_ids.len()];
    for (p, page_links) in links.iter().enumerate() {
        if page_links.is_empty() {
            continue;
        }
        let Some(page_id) = page_ids.get(p) else {
            continue;
        };
        let mut annots = Vec::new();
        for (rect, url, elem) in page_links {
            let action = *actions.entry(url.clone()).or_insert_with(|| {
                let mut action = Dictionary::new();
                action.set("S", Object::Name(b"URI".to_vec()));
                action.set(
                    "URI",
                    Object::String(url.as_bytes().to_vec(), StringFormat::Literal),
                );
                lo.add_object(action)
            });
            let mut a = Dictionary::new();
            a.set("Type", Object::Name(b"Annot".to_vec()));
            a.set("Subtype", Object::Name(b"Link".to_vec()));
            a.set(
                "Rect",
                Object::Array(rect.iter().map(|v| Object::Real(*v)).collect()),
            );
            a.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
            a.set("A", Object::Reference(action));
            let id = lo.add_object(a);
            annots.push(Object::Reference(id));
            made[p].push((id, *elem));
        }
        if let Ok(page) = lo.get_object_mut(*page_id).and_then(Object::as_dict_mut) {
            page.set("Annots", Object::Array(annots));
        }
    }
    made
}

pub(super) fn pdf_bug(what: &str) -> Error {
    Error::Pdf {
        file: "output".into(),
        message: format!("internal PDF structure problem: {what}"),
        help: "this is a bug in foinotice; please report it with the case file".into(),
    }
}

/// A 128-bit digest of the bytes as 32 hex digits: two multiply-rotate lanes over
/// 8-byte words, then a final mix. Not cryptographic; it names a document and keys the
/// deflate cache (whose hits are also compared byte for byte).
pub(super) fn digest_hex(bytes: &[u8]) -> String {
    const K1: u64 = 0x9E37_79B9_7F4A_7C15;
    const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;
    let (mut a, mut b) = (
        0x6c62_272e_07bb_0142u64 ^ bytes.len() as u64,
        0x62b8_2175_6295_c58du64,
    );
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        a = (a ^ w).wrapping_mul(K1).rotate_left(31);
        b = (b ^ w.rotate_left(17)).wrapping_mul(K2).rotate_left(29);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let w = u64::from_le_bytes(tail);
    a = (a ^ w).wrapping_mul(K1);
    b = (b ^ w).wrapping_mul(K2);
    let mix = |mut x: u64| {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    };
    format!("{:016x}{:016x}", mix(a ^ b.rotate_left(7)), mix(b ^ a))
}
