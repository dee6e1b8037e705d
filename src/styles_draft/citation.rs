//! The citation form an authority's letters share ("S30(3) Investigations",
//! "Section 31(3) - Law Enforcement"), read from the lines that start with a
//! citation and its title, as a style's `citation` template.

use super::read::Letter;
use std::collections::BTreeSet;

/// The citation form the letters share ("S30(3) Investigations", "Section 31(3) -
/// Law Enforcement"), as the style's `citation` template, with the letters that
/// write it so.
pub fn citation(letters: &[Letter]) -> Option<(String, BTreeSet<usize>)> {
    let mut forms: Vec<(String, BTreeSet<usize>)> = Vec::new();
    for (l, letter) in letters.iter().enumerate() {
        for p in &letter.paragraphs {
            if let Some(t) = citation_form(p) {
                match forms.iter_mut().find(|(f, _)| *f == t) {
                    Some((_, ls)) => {
                        ls.insert(l);
                    }
                    None => forms.push((t, BTreeSet::from([l]))),
                }
            }
        }
    }
    forms
        .into_iter()
        .filter(|(_, ls)| ls.len() >= 2)
        .max_by_key(|(_, ls)| ls.len())
}

/// A line that starts with a citation and its title, as a template of its form.
fn citation_form(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let first = *words.first()?;
    let (prefix, number_start, mut i) = match first {
        "Section" | "section" | "Sec" | "Sec." | "s." | "S." => {
            (format!("{first} "), words.get(1).copied()?, 2)
        }
        w if (w.starts_with('S') || w.starts_with('s'))
            && w[1..].starts_with(|c: char| c.is_ascii_digit()) =>
        {
            (w[..1].to_string(), &w[1..], 1)
        }
        _ => return None,
    };
    let digits: String = number_start
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.is_empty() || digits.parse::<u32>().ok()? > 88 {
        return None;
    }
    let glued_brackets = number_start[digits.len()..].starts_with('(');
    let mut spaced = false;
    // "30 (1) (a) & (b)": bracketed parts after a space.
    while let Some(w) = words.get(i) {
        if w.starts_with('(')
            || *w == "&"
            || *w == "and" && words.get(i + 1).is_some_and(|n| n.starts_with('('))
        {
            spaced = spaced || w.starts_with('(');
            i += 1;
        } else {
            break;
        }
    }
    let mut sep = " ".to_string();
    if let Some(s) = words
        .get(i)
        .filter(|w| matches!(**w, "-" | "–" | ":" | "—"))
    {
        sep = format!(" {s} ");
        i += 1;
    } else if number_start.ends_with(':')
        || number_start.ends_with(')') && words.get(i - 1).is_some_and(|w| w.ends_with(':'))
    {
        sep = ": ".into();
    }
    let title: Vec<&str> = words[i..]
        .iter()
        .take_while(|w| {
            let cited =
                w.starts_with(['S', 's']) && w[1..].starts_with(|c: char| c.is_ascii_digit());
            !(matches!(**w, "Section" | "section") || cited)
        })
        .copied()
        .collect();
    if title.is_empty() || title.len() > 8 || !title[0].starts_with(char::is_uppercase) {
        return None;
    }
    if title
        .last()
        .is_some_and(|w| w.ends_with('.') && w.len() > 2)
        && title.len() > 6
    {
        return None;
    }
    let small = ["and", "of", "the", "by", "to", "for", "in", "on", "or", "&"];
    let title_case = title.iter().all(|w| {
        small.contains(w) || w.starts_with(|c: char| c.is_uppercase() || !c.is_alphabetic())
    });
    let number = if spaced
        || (!glued_brackets && prefix.ends_with(' ') && number_start.len() > digits.len())
    {
        "{{ c.number | replace(from='(', to=' (') }}"
    } else {
        "{{ c.number }}"
    };
    let title = if title_case {
        "{{ c.title | title_case }}"
    } else {
        "{{ c.title }}"
    };
    Some(format!("{prefix}{number}{sep}{title}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_forms_are_read_from_their_lines() {
        assert_eq!(
            citation_form("S30(3) Investigations;").as_deref(),
            Some("S{{ c.number }} {{ c.title | title_case }}")
        );
        assert_eq!(
            citation_form("Section 31(3) - Law Enforcement").as_deref(),
            Some("Section {{ c.number }} - {{ c.title | title_case }}")
        );
        assert_eq!(
            citation_form(
                "Section 30 (1) (a) Investigations and proceedings conducted by public authorities"
            )
            .as_deref(),
            Some("Section {{ c.number | replace(from='(', to=' (') }} {{ c.title }}")
        );
        assert_eq!(
            citation_form("Section 1 of the Freedom of Information Act 2000 places two duties"),
            None
        );
    }
}
