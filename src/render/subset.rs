//! Font subsetting for the PDF: each notice embeds only the glyphs it uses. The subset
//! keeps a cmap for the characters it covers: the content writer encodes text with its
//! glyph ids, and printpdf writes the widths and the ToUnicode map from it.

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use printpdf::ParsedFont;
use std::collections::BTreeSet;

/// The font program cut down to `chars` (plus .notdef), parsed for printpdf.
pub fn subset_font(
    full: &ParsedFont,
    bytes: &[u8],
    chars: &BTreeSet<char>,
) -> Result<ParsedFont, String> {
    let mut gids: BTreeSet<u16> = BTreeSet::new();
    for c in chars {
        if let Some(g) = full.lookup_glyph_index(*c as u32) {
            gids.insert(g);
        }
    }
    let mut list = vec![0u16];
    list.extend(gids.into_iter().filter(|g| *g != 0));
    let data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| format!("cannot read the font: {e:?}"))?;
    let provider = data
        .table_provider(0)
        .map_err(|e| format!("cannot read the font's tables: {e:?}"))?;
    let out = subset(&provider, &list, &profile(), CmapTarget::Unicode)
        .map_err(|e| format!("cannot subset the font: {e:?}"))?;
    let out = strip_hinting(&out).ok_or("the subset font is malformed")?;
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(&out, 0, &mut warnings)
        .ok_or_else(|| "the subset font does not parse".to_string())
}

/// The six-letter subset tag PDF viewers and `pdffonts` expect ("ABCDEF+Name"),
/// derived from the font and the glyphs kept, so equal input gives equal tags.
pub fn tag(name: &str, chars: &BTreeSet<char>) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in name
        .bytes()
        .chain(chars.iter().flat_map(|c| (*c as u32).to_le_bytes()))
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    (0..6)
        .map(|i| (b'A' + ((h >> (i * 5)) % 26) as u8) as char)
        .collect()
}

/// A ToUnicode CMap: each glyph code (the subset's glyph id) with the character it
/// reads as. Runs of consecutive codes that read as consecutive characters are
/// written as ranges (in a subset, glyphs keep the font's order, which for Latin
/// letters and digits is the alphabet's): about a third of the bytes of one line per
/// glyph.
pub fn to_unicode_cmap(glyphs: &[(u16, char)]) -> String {
    let mut glyphs = glyphs.to_vec();
    glyphs.sort_unstable();
    glyphs.dedup_by_key(|(code, _)| *code);
    // (first code, last code, first character), each range within one high byte of
    // the code and one of the character, as the CMap syntax requires.
    let mut ranges: Vec<(u16, u16, u32)> = Vec::new();
    for (code, c) in glyphs {
        let c = c as u32;
        match ranges.last_mut() {
            Some((first, last, start))
                if *last + 1 == code
                    && code >> 8 == *first >> 8
                    && c == *start + u32::from(code - *first)
                    && c >> 8 == *start >> 8
                    && c <= 0xFFFF =>
            {
                *last = code
            }
            _ => ranges.push((code, code, c)),
        }
    }
    let utf16 = |c: u32| -> String {
        let ch = char::from_u32(c).unwrap_or('\u{FFFD}');
        let mut units = [0u16; 2];
        ch.encode_utf16(&mut units)
            .iter()
            .map(|u| format!("{u:04X}"))
            .collect()
    };
    let (single, spans): (Vec<_>, Vec<_>) = ranges.into_iter().partition(|(a, b, _)| a == b);
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // At most 100 entries a section.
    for part in spans.chunks(100) {
        s.push_str(&format!("{} beginbfrange\n", part.len()));
        for (first, last, c) in part {
            s.push_str(&format!("<{first:04X}> <{last:04X}> <{}>\n", utf16(*c)));
        }
        s.push_str("endbfrange\n");
    }
    for part in single.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", part.len()));
        for (code, _, c) in part {
            s.push_str(&format!("<{code:04X}> <{}>\n", utf16(*c)));
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

/// What a footnote marker's glyph reads as: a digit as the superscript digit, so
/// that copied markers stay superscript; anything else (the word space) as itself.
pub fn superscript(c: char) -> char {
    c.to_digit(10)
        .and_then(|d| crate::model::superscript(d).chars().next())
        .unwrap_or(c)
}

/// The tables a PDF needs: outlines, metrics and the cmap text is encoded with (no
/// hinting programs: `strip_hinting` removes the instructions). No `name` table: its licence text
/// alone would double a small subset, and PDF names the font in /BaseFont.
fn profile() -> SubsetProfile {
    use allsorts::tag;
    SubsetProfile::Custom(vec![
        tag::CMAP,
        tag::HEAD,
        tag::HHEA,
        tag::HMTX,
        tag::MAXP,
        tag::POST,
    ])
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Removes the TrueType hinting instructions from every glyph (the subset carries no
/// `fpgm`, `prep` or `cvt` for them to call, and PDF viewers do not need them): about
/// half the size of a Liberation subset. Rewrites `glyf`, `loca` (long offsets) and
/// `head`, and reassembles the font with fresh checksums.
pub fn strip_hinting(font: &[u8]) -> Option<Vec<u8>> {
    let count = usize::from(be16(font, 4)?);
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(count);
    for i in 0..count {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let off = be32(font, rec + 8)? as usize;
        let len = be32(font, rec + 12)? as usize;
        tables.push((tag, font.get(off..off + len)?.to_vec()));
    }
    let find = |t: &[u8; 4]| tables.iter().position(|(tag, _)| tag == t);
    let (head, loca, glyf) = (find(b"head")?, find(b"loca")?, find(b"glyf")?);
    let long = be16(&tables[head].1, 50)? == 1;
    let loca_data = &tables[loca].1;
    let offsets: Vec<usize> = if long {
        loca_data
            .chunks_exact(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
            .collect()
    } else {
        loca_data
            .chunks_exact(2)
            .map(|c| 2 * u16::from_be_bytes([c[0], c[1]]) as usize)
            .collect()
    };
    let old = &tables[glyf].1;
    let mut new_glyf = Vec::with_capacity(old.len());
    let mut new_loca = Vec::with_capacity(offsets.len() * 4);
    for w in offsets.windows(2) {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let g = old.get(w[0]..w[1])?;
        if !g.is_empty() {
            new_glyf.extend_from_slice(&strip_glyph(g)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    tables[glyf].1 = new_glyf;
    tables[loca].1 = new_loca;
    let h = &mut tables[head].1;
    h.get_mut(50..52)?.copy_from_slice(&1u16.to_be_bytes());
    h.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    tables.retain(|(t, _)| !matches!(t, b"fpgm" | b"prep" | b"cvt "));
    tables.sort_by_key(|t| t.0);

    // Reassemble: header, table records, then the tables, each 4-byte aligned.
    let n = tables.len() as u16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    let entry_selector = 15 - n.leading_zeros() as u16;
    let search_range = (1u16 << entry_selector) * 16;
    for v in [n, search_range, entry_selector, n * 16 - search_range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut body = Vec::new();
    let mut head_at = 0;
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = offset;
        }
        body.extend_from_slice(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * tables.len() + body.len();
    }
    out.extend_from_slice(&body);
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out.get_mut(head_at + 8..head_at + 12)?
        .copy_from_slice(&adjust.to_be_bytes());
    Some(out)
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// One glyph without its instructions.
fn strip_glyph(g: &[u8]) -> Option<Vec<u8>> {
    let contours = be16(g, 0)? as i16;
    if contours >= 0 {
        let at = 10 + 2 * contours as usize;
        let len = usize::from(be16(g, at)?);
        let mut out = g.get(..at)?.to_vec();
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(g.get(at + 2 + len..)?);
        return Some(out);
    }
    // A composite: walk the components; the last may carry instructions.
    let mut at = 10;
    loop {
        let flags = be16(g, at)?;
        let mut size = 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        size += if flags & 0x0008 != 0 {
            2
        } else if flags & 0x0040 != 0 {
            4
        } else if flags & 0x0080 != 0 {
            8
        } else {
            0
        };
        if flags & 0x0020 == 0 {
            let mut out = g.get(..at + size)?.to_vec();
            let cleared = flags & !0x0100;
            out.get_mut(at..at + 2)?
                .copy_from_slice(&cleared.to_be_bytes());
            return Some(out);
        }
        at += size;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_to_unicode_map_reads_back_as_written_with_runs_as_ranges() {
        // Runs of letters, a run across a code's high byte (0x00FF to 0x0100) and one
        // across a character's (U+00FF to U+0100), lone glyphs, one outside the BMP.
        let mut glyphs: Vec<(u16, char)> =
            (0..26).map(|k| (3 + k, (b'a' + k as u8) as char)).collect();
        glyphs.extend([(0x00FE, 'x'), (0x00FF, 'y'), (0x0100, 'z')]);
        glyphs.extend([(0x0200, 'þ'), (0x0201, 'ÿ'), (0x0202, 'Ā')]);
        glyphs.extend([(40, '’'), (41, '€'), (50, '𝔸')]);
        let cmap = to_unicode_cmap(&glyphs);
        let read = printpdf::cmap::ToUnicodeCMap::parse(&cmap)
            .unwrap()
            .mappings;
        assert_eq!(read.len(), glyphs.len(), "{cmap}");
        for (code, c) in &glyphs {
            assert_eq!(
                read[&u32::from(*code)],
                vec![*c as u32],
                "{code:04X} in {cmap}"
            );
        }
        // The alphabet is one range, not 26 lines.
        assert!(cmap.contains("<0003> <001C> <0061>"), "{cmap}");
        assert!(
            !cmap.contains("<00FF> <0100>") && !cmap.contains("<0201> <0202>"),
            "{cmap}"
        );
    }

    #[test]
    fn footnote_digits_read_as_superscript_digits() {
        assert_eq!(superscript('1'), '¹');
        assert_eq!(superscript('0'), '⁰');
        assert_eq!(superscript(' '), ' ');
    }
}
