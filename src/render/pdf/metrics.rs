//! Font faces and their metrics: which face a style sets, glyph advances, kerning and text widths.

use super::*;

pub(super) use crate::fonts::FILES as FONT_FILES;

pub(super) fn fonts() -> &'static [ParsedFont; 4] {
    crate::fonts::parsed()
}

/// The fifth font: the regular face's digits, drawn small and raised for footnote
/// markers, whose text layer reads as superscript digits (¹ ² ³).
pub(super) const SUP: usize = 4;
pub(super) const FONT_IDS: [&str; 5] = ["F1", "F2", "F3", "F4", "F5"];
pub(super) const FONT_NAMES: [&str; 5] = [
    "LiberationSans",
    "LiberationSans-Bold",
    "LiberationSans-Italic",
    "LiberationSans-BoldItalic",
    "LiberationSans",
];
pub(super) const SUP_SCALE: f32 = 0.65;
pub(super) const SUP_RISE: f32 = 0.36;

/// The full font behind a font index (the superscript font is the regular face).
pub(super) fn face(font: usize) -> &'static ParsedFont {
    &fonts()[if font == SUP { 0 } else { font }]
}

pub(super) fn face_bytes(font: usize) -> &'static [u8] {
    FONT_FILES[if font == SUP { 0 } else { font }].1
}

/// The style a title is set in.
pub(super) const TITLE: Style = Style {
    bold: true,
    italic: false,
    lang: None,
};

/// The style a heading is set in: bold, and italic below the top level.
pub(super) fn heading_style(level: u8) -> Style {
    Style {
        bold: true,
        italic: level == 2,
        lang: None,
    }
}

/// The face of an inline in `style` within a block set in `base`: the styles add.
pub(super) fn inline_font(base: Style, style: Style) -> usize {
    font_index(Style {
        bold: style.bold || base.bold,
        italic: style.italic || base.italic,
        lang: None,
    })
}

pub(super) fn font_index(style: Style) -> usize {
    match (style.bold, style.italic) {
        (false, false) => 0,
        (true, false) => 1,
        (false, true) => 2,
        (true, true) => 3,
    }
}

/// Metrics for the characters below U+2200 (Latin, Welsh, punctuation, £), looked up
/// once per process; others are looked up each time.
pub(super) const CACHED: usize = 0x2200;

pub(super) struct Metrics {
    /// Advance in em by character (NaN where the face has no glyph).
    pub(super) advances: Vec<f32>,
    /// Glyph id in the full face by character (0 where it has none).
    pub(super) gids: Vec<u16>,
    pub(super) kerning: crate::render::kern::Kerning,
    pub(super) units_per_em: f32,
}

pub(super) fn metrics(font: usize) -> &'static Metrics {
    static TABLES: OnceLock<[Metrics; 4]> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        std::array::from_fn(|i| {
            let f = &fonts()[i];
            let gids: Vec<u16> = (0..CACHED as u32)
                .map(|c| f.lookup_glyph_index(c).unwrap_or(0))
                .collect();
            Metrics {
                advances: gids
                    .iter()
                    .map(|g| if *g == 0 { f32::NAN } else { em(f, *g) })
                    .collect(),
                gids,
                kerning: crate::render::kern::Kerning::from_font(FONT_FILES[i].1),
                units_per_em: f32::from(f.units_per_em),
            }
        })
    });
    &tables[if font == SUP { 0 } else { font }]
}

/// A character's advance in em and its glyph id in the full face; None where the face
/// has no glyph.
pub(super) fn glyph(font: usize, c: char) -> Option<(f32, u16)> {
    metrics(font).glyph(font, c)
}

impl Metrics {
    /// As [`glyph`], for callers that look up many characters in one font.
    pub(super) fn glyph(&self, font: usize, c: char) -> Option<(f32, u16)> {
        if let (Some(&em), Some(&gid)) = (self.advances.get(c as usize), self.gids.get(c as usize))
        {
            return (!em.is_nan()).then_some((em, gid));
        }
        let f = face(font);
        let gid = f.lookup_glyph_index(c as u32)?;
        Some((em(f, gid), gid))
    }

    /// As [`pair_kern`].
    pub(super) fn pair_kern(&self, font: usize, left: u16, right: u16) -> f32 {
        if font == SUP {
            return 0.0;
        }
        match self.kerning.pair(left, right) {
            0 => 0.0,
            v => (f32::from(v) * 1000.0 / self.units_per_em).round(),
        }
    }
}

pub(super) fn advance(font: usize, c: char, size: f32) -> Option<f32> {
    glyph(font, c).map(|(em, _)| em * size)
}

/// A glyph's advance in em, cut to whole thousandths as printpdf writes it in /W, so
/// that where we place text is where a viewer draws it.
pub(super) fn em(f: &ParsedFont, gid: u16) -> f32 {
    let w = f.get_glyph_width(gid).unwrap_or(0) as f32;
    (w * 1000.0 / f.units_per_em as f32).trunc() / 1000.0
}

/// The kerning between two glyphs in thousandths of an em, rounded to whole
/// thousandths (as the content stream writes it). Footnote markers are not kerned.
pub(super) fn pair_kern(font: usize, left: u16, right: u16) -> f32 {
    metrics(font).pair_kern(font, left, right)
}

/// The kerning between two characters, as `pair_kern`.
pub(super) fn kern(font: usize, left: char, right: char) -> f32 {
    let gid = |c| glyph(font, c).map_or(0, |(_, g)| g);
    pair_kern(font, gid(left), gid(right))
}

/// A string's characters in one font, each with its advance in em and the kerning
/// before it in thousandths of an em: what `width` measures and `show` draws.
pub(super) fn kerned(font: usize, s: &str) -> impl Iterator<Item = (char, f32, f32)> + '_ {
    let m = metrics(font);
    let mut prev: Option<u16> = None;
    s.chars().map(move |c| {
        let (em, gid) = m.glyph(font, c).unwrap_or((0.0, 0));
        let k = prev.map_or(0.0, |p| m.pair_kern(font, p, gid));
        prev = Some(gid);
        (c, em, k)
    })
}

/// The width of a string set in one font: advances plus kerning.
pub(super) fn width(font: usize, s: &str, size: f32) -> f32 {
    kerned(font, s)
        .map(|(_, em, k)| em + k / 1000.0)
        .sum::<f32>()
        * size
}
