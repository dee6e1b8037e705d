//! The fonts every notice is set in (Liberation Sans, in `fonts/`), and which
//! characters they can print. Below the checks and the renderers alike: the checks ask
//! whether a case's words can be printed without reaching into the PDF writer, which
//! sets the same files.

use printpdf::ParsedFont;
use std::sync::OnceLock;

/// The four text faces, by the PDF's resource names: regular, bold, italic, bold
/// italic.
pub const FILES: [(&str, &[u8]); 4] = [
    ("F1", include_bytes!("../fonts/LiberationSans-Regular.ttf")),
    ("F2", include_bytes!("../fonts/LiberationSans-Bold.ttf")),
    ("F3", include_bytes!("../fonts/LiberationSans-Italic.ttf")),
    (
        "F4",
        include_bytes!("../fonts/LiberationSans-BoldItalic.ttf"),
    ),
];

/// The four faces, parsed once.
pub fn parsed() -> &'static [ParsedFont; 4] {
    static FONTS: OnceLock<[ParsedFont; 4]> = OnceLock::new();
    FONTS.get_or_init(|| {
        FILES.map(|(_, bytes)| {
            let mut warnings = Vec::new();
            ParsedFont::from_bytes(bytes, 0, &mut warnings)
                .expect("the embedded fonts parse (tested)")
        })
    })
}

/// Whether every face has a glyph for `c` (white space needs none): whether a word
/// can be printed in any style the notice may set it in.
pub fn covers(c: char) -> bool {
    c.is_whitespace()
        || parsed()
            .iter()
            .all(|f| f.lookup_glyph_index(c as u32).is_some())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fonts_cover_the_letters_of_english_and_welsh_and_not_every_script() {
        for c in "AZaz09£€–—“”‘’ŵŷâêîôûẁẃẅỳ§".chars() {
            assert!(super::covers(c), "{c}");
        }
        assert!(!super::covers('漢'));
    }
}
