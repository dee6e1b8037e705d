//! Text as it enters the program: which characters a notice can never carry, and
//! inline markup made to mean in a template's sentence what it meant on its own.

use crate::markup::parse_inline;

/// Whether a character can never be part of a notice, whatever the font: a control
/// character other than tab, line feed and carriage return (XML 1.0 forbids the C0
/// ones, so a Word document holding one is not well formed; the C1 ones and DEL print
/// as nothing), or a Unicode noncharacter (U+FDD0 to U+FDEF, and the last two code
/// points of every plane, U+FFFE and U+FFFF, U+1FFFE and U+1FFFF, … U+10FFFF), which
/// XML 1.0 forbids or discourages and no font draws. Surrogates cannot occur in a Rust
/// string. This is the one test of the kind: the case checks, house styles and
/// templates all use it.
pub fn forbidden(c: char) -> bool {
    let n = c as u32;
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

/// What to call a forbidden character in a message.
pub fn forbidden_kind(c: char) -> &'static str {
    if c.is_control() {
        "a control character"
    } else {
        "a Unicode noncharacter"
    }
}

/// The first forbidden character of `text`, with its byte offset.
pub fn first_forbidden(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|(_, c)| forbidden(*c))
}

/// Where a file's text (a template) holds a forbidden character, as a message: its
/// line and column (1-based) and the character.
pub fn forbidden_in_file(text: &str) -> Option<String> {
    let (at, c) = first_forbidden(text)?;
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at]
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count())
        + 1;
    Some(format!(
        "line {line}, column {column} holds {} (U+{:04X}), which a notice cannot carry; remove it",
        forbidden_kind(c),
        c as u32
    ))
}

/// A field's inline markup on one line, as a template puts it into a sentence: white
/// space runs become one space, and an end that meant something only because nothing
/// followed it is escaped, so that the template's next character cannot change it. A
/// last `*` or `**` taken literally ("… site *") would open emphasis before the
/// sentence's full stop, and a last lone `\` would escape that full stop.
pub fn inline_in_sentence(value: &str) -> String {
    let mut s = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let backslashes = s.len() - s.trim_end_matches('\\').len();
    if backslashes % 2 == 1 {
        s.push('\\');
        return s;
    }
    let stars = s.len() - s.trim_end_matches('*').len();
    let (head, tail) = s.split_at(s.len() - stars);
    if stars > 0 && !head.ends_with('\\') {
        let escaped = format!("{head}{}", "\\*".repeat(tail.len()));
        // The stars were literal when escaping them reads the same; stars that close
        // emphasis read differently, and stay.
        if let (Ok(a), Ok(b)) = (parse_inline(&s, 0), parse_inline(&escaped, 0)) {
            if a == b {
                return escaped;
            }
        }
    }
    s
}

/// Whether the words end their sentence: a full stop, question or exclamation mark or
/// an ellipsis, before any closing quotation marks, brackets or emphasis.
pub fn ends_sentence(value: &str) -> bool {
    let end = value
        .trim_end()
        .trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']', '*']);
    end.ends_with(['.', '?', '!', '\u{2026}'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noncharacters_and_xml_forbidden_controls_are_forbidden() {
        for c in [
            '\u{0}',
            '\u{8}',
            '\u{b}',
            '\u{c}',
            '\u{1f}',
            '\u{7f}',
            '\u{85}',
            '\u{fdd0}',
            '\u{fdef}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{1fffe}',
            '\u{1ffff}',
            '\u{10ffff}',
        ] {
            assert!(forbidden(c), "U+{:04X}", c as u32);
        }
        for c in [
            '\t',
            '\n',
            '\r',
            'a',
            '£',
            '\u{fdcf}',
            '\u{fdf0}',
            '\u{fffd}',
            '\u{10000}',
        ] {
            assert!(!forbidden(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn a_literal_end_is_kept_literal_in_a_sentence() {
        assert_eq!(inline_in_sentence("the site *"), "the site \\*");
        assert_eq!(inline_in_sentence("the site **"), "the site \\*\\*");
        assert_eq!(inline_in_sentence("a\n  *report*"), "a *report*");
        assert_eq!(inline_in_sentence("C:\\"), "C:\\\\");
        assert_eq!(inline_in_sentence("a \\*"), "a \\*");
        assert_eq!(inline_in_sentence("a * b"), "a * b");
    }
}
