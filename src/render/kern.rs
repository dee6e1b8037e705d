//! Pair kerning from a TrueType font's `kern` table (format 0: a sorted list of glyph
//! pairs and their horizontal adjustments), the table Liberation Sans carries. A font
//! without one simply has no kerning.

use std::collections::HashMap;

pub struct Kerning {
    /// Adjustment in font units by (left glyph, right glyph).
    pairs: HashMap<u32, i16>,
    /// Glyphs that start at least one pair, so most lookups stop at a bit test.
    lefts: Vec<bool>,
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl Kerning {
    /// Reads the horizontal format-0 subtables of the font's `kern` table.
    pub fn from_font(font: &[u8]) -> Kerning {
        let mut k = Kerning {
            pairs: HashMap::new(),
            lefts: Vec::new(),
        };
        let _ = k.read(font);
        k
    }

    fn read(&mut self, font: &[u8]) -> Option<()> {
        let count = usize::from(be16(font, 4)?);
        let table = (0..count).find_map(|i| {
            let rec = 12 + 16 * i;
            (font.get(rec..rec + 4)? == b"kern").then_some(())?;
            Some(be32(font, rec + 8)? as usize)
        })?;
        if be16(font, table)? != 0 {
            return None; // Apple's version 1 layout: not used by our fonts.
        }
        let mut at = table + 4;
        for _ in 0..be16(font, table + 2)? {
            let length = usize::from(be16(font, at + 2)?);
            let coverage = be16(font, at + 4)?;
            // Format 0, horizontal, not minimum values, not cross-stream.
            if coverage >> 8 == 0 && coverage & 0b111 == 0b001 {
                let pairs = usize::from(be16(font, at + 6)?);
                for p in 0..pairs {
                    let e = at + 14 + 6 * p;
                    let (l, r) = (be16(font, e)?, be16(font, e + 2)?);
                    let v = be16(font, e + 4)? as i16;
                    self.pairs.insert(u32::from(l) << 16 | u32::from(r), v);
                    let l = usize::from(l);
                    if self.lefts.len() <= l {
                        self.lefts.resize(l + 1, false);
                    }
                    self.lefts[l] = true;
                }
            }
            at += length;
        }
        Some(())
    }

    /// The adjustment between two glyphs, in font units (negative brings them closer).
    pub fn pair(&self, left: u16, right: u16) -> i16 {
        if !self.lefts.get(usize::from(left)).copied().unwrap_or(false) {
            return 0;
        }
        self.pairs
            .get(&(u32::from(left) << 16 | u32::from(right)))
            .copied()
            .unwrap_or(0)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.pairs.len()
    }
}

#[cfg(test)]
mod tests {
    use super::Kerning;

    #[test]
    fn a_font_without_a_kern_table_has_no_kerning() {
        let k = Kerning::from_font(b"\x00\x01\x00\x00\x00\x00");
        assert_eq!(k.len(), 0);
        assert_eq!(k.pair(1, 2), 0);
    }

    #[test]
    fn liberation_sans_kerns_capital_pairs_closer() {
        let bytes = include_bytes!("../../fonts/LiberationSans-Regular.ttf");
        let k = Kerning::from_font(bytes);
        assert_eq!(k.len(), 908);
        let font = printpdf::ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).unwrap();
        let gid = |c: char| font.lookup_glyph_index(c as u32).unwrap();
        assert!(k.pair(gid('A'), gid('V')) < 0, "A V");
        assert!(k.pair(gid('T'), gid('o')) < 0, "T o");
        assert_eq!(k.pair(gid('o'), gid('n')), 0, "o n");
    }

    #[test]
    fn truncated_tables_do_not_panic() {
        let font = include_bytes!("../../fonts/LiberationSans-Regular.ttf");
        for cut in [10, 200, 300, 5000] {
            let _ = Kerning::from_font(&font[..cut]);
        }
    }
}
