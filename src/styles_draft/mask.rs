//! What differs between an authority's letters because the cases differ, found in
//! each letter's words and put aside as typed variables: dates, references, the
//! authority's own name. And what must never be learned, put aside the same way so
//! that nothing of it reaches a style: people's names (the requester after "Dear",
//! the officer who signed, anyone called Mr, Ms or Dr), email addresses and phone
//! numbers. A letter's words after masking compare alike between letters wherever
//! only these differ.

/// How a date was written, so that a style writes its dates the same way (the
/// `date` filter's forms: docs/templates.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateForm {
    /// "10 January 2017"
    Long,
    /// "10th January 2017"
    Ordinal,
    /// "09 January 2017"
    Padded,
    /// "January 2017"
    Month,
    /// "10/01/2017"
    Numeric,
}

impl DateForm {
    /// The `date` filter's arguments for this form.
    pub fn filter(self) -> &'static str {
        match self {
            DateForm::Long => "date",
            DateForm::Ordinal => "date(ordinal=true)",
            DateForm::Padded => "date(padded=true)",
            DateForm::Month => "date(month=true)",
            DateForm::Numeric => "date(numeric=true)",
        }
    }
}

/// A part of a letter that varies with the case (or must not be learned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Var {
    Date(DateForm),
    Reference,
    Authority,
    /// A person's name: never learned, except as the requester's name after "Dear".
    Person,
    Email,
    Phone,
}

impl Var {
    /// Whether a passage holding this is personal data, never to be learned.
    pub fn personal(self) -> bool {
        matches!(self, Var::Person | Var::Email | Var::Phone)
    }

    /// How it shows in reports (never the data itself).
    pub fn marker(self) -> &'static str {
        match self {
            Var::Date(_) => "‹date›",
            Var::Reference => "‹reference›",
            Var::Authority => "‹authority›",
            Var::Person => "‹name›",
            Var::Email => "‹email›",
            Var::Phone => "‹phone›",
        }
    }
}

/// One word of a letter, or a variable standing for several; `pre` and `post` are
/// the punctuation that was stuck to it ("(", "),").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Tok {
    Word(String),
    Var { var: Var, pre: String, post: String },
}

impl Tok {
    /// The token as compared between letters: a word in lower case without its
    /// punctuation; a variable by its kind (a date whatever its form).
    pub fn key(&self) -> String {
        match self {
            // Case and punctuation make no difference ("States that fact," and
            // "states that fact"), but a citation's brackets do.
            Tok::Word(w) => w
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, '(' | ')'))
                .flat_map(char::to_lowercase)
                .collect(),
            Tok::Var { var, .. } => match var {
                Var::Date(_) => "‹date›",
                v => v.marker(),
            }
            .to_string(),
        }
    }

    pub fn var(&self) -> Option<Var> {
        match self {
            Tok::Var { var, .. } => Some(*var),
            Tok::Word(_) => None,
        }
    }
}

/// Text of masked tokens as a report shows it: variables as markers.
pub fn shown(toks: &[Tok]) -> String {
    toks.iter()
        .map(|t| match t {
            Tok::Word(w) => w.clone(),
            Tok::Var { var, pre, post } => format!("{pre}{}{post}", var.marker()),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

pub(super) const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"];

/// Words as written, split at white space.
pub(super) fn split(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// A word without the punctuation around it, and that punctuation.
pub(super) fn core(word: &str) -> (&str, &str, &str) {
    let start = word
        .find(|c: char| c.is_alphanumeric())
        .unwrap_or(word.len());
    let end = word
        .rfind(|c: char| c.is_alphanumeric())
        .map_or(start, |i| {
            i + word[i..].chars().next().map_or(1, char::len_utf8)
        });
    (
        &word[..start],
        &word[start..end.max(start)],
        &word[end.max(start)..],
    )
}

pub(super) fn capitalised(word: &str) -> bool {
    let (_, c, _) = core(word);
    c.chars().next().is_some_and(char::is_uppercase)
        && c.chars()
            .all(|ch| ch.is_alphabetic() || ch == '-' || ch == '\'' || ch == '’')
}

/// What is masked in every letter: the authority's name and the people's names.
pub struct Masker {
    authority: Vec<String>,
    names: Vec<Vec<String>>,
}

impl Masker {
    pub fn new(authority: Option<&str>, mut names: Vec<Vec<String>>) -> Masker {
        // Longest first, so that "Jane Smith" is masked whole before "Smith".
        let mut singles: Vec<Vec<String>> = names
            .iter()
            .flatten()
            .filter(|w| w.chars().count() >= 3)
            .map(|w| vec![w.clone()])
            .collect();
        names.append(&mut singles);
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        names.dedup();
        Masker {
            authority: authority
                .map(|a| split(a).iter().map(|w| w.to_string()).collect())
                .unwrap_or_default(),
            names,
        }
    }

    /// A paragraph's words with its variables and personal data put aside.
    pub fn mask(&self, text: &str) -> Vec<Tok> {
        let words = split(text);
        let mut out: Vec<Tok> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if let Some((var, n)) = self.var_at(&words, i) {
                // A placeholder's own brackets are part of it, not punctuation.
                let pre = core(words[i]).0.trim_end_matches('[').to_string();
                let post = core(words[i + n - 1]).2.trim_start_matches(']').to_string();
                // "FOI 4530": the prefix is part of the reference.
                if var == Var::Reference {
                    if let Some(Tok::Word(prev)) = out.last() {
                        let c = core(prev).1;
                        if (2..=4).contains(&c.len())
                            && c.chars().all(|ch| ch.is_ascii_uppercase())
                            && core(prev).2.is_empty()
                            && !matches!(c, "FOIA" | "EIR" | "DPA" | "ICO")
                        {
                            out.pop();
                        }
                    }
                }
                out.push(Tok::Var { var, pre, post });
                i += n;
            } else {
                out.push(Tok::Word(words[i].to_string()));
                i += 1;
            }
        }
        out
    }

    /// The variable starting at word `i`, with how many words it takes.
    fn var_at(&self, words: &[&str], i: usize) -> Option<(Var, usize)> {
        let w = words[i];
        let (_, c, _) = core(w);
        if c.contains('@') && c.rsplit('@').next().is_some_and(|d| d.contains('.')) {
            return Some((Var::Email, 1));
        }
        if let Some(n) = self.seq_at(&self.authority, words, i) {
            return Some((Var::Authority, n));
        }
        // A redaction or a placeholder in brackets ("Dear [requester],", "[name
        // redacted]") stands for a person.
        if let Some(n) = bracketed(words, i) {
            return Some((Var::Person, n));
        }
        for name in &self.names {
            if let Some(n) = self.seq_at(name, words, i) {
                return Some((Var::Person, n));
            }
        }
        if TITLES.contains(&c.to_lowercase().as_str())
            && c.chars().next().is_some_and(char::is_uppercase)
            && words.get(i + 1).is_some_and(|n| capitalised(n))
        {
            let n = words[i + 1..]
                .iter()
                .take(3)
                .take_while(|w| capitalised(w))
                .count();
            return Some((Var::Person, 1 + n));
        }
        if let Some(n) = phone_at(words, i) {
            return Some((Var::Phone, n));
        }
        if let Some((form, n)) = date_at(words, i) {
            return Some((Var::Date(form), n));
        }
        if reference(c) {
            return Some((Var::Reference, 1));
        }
        // A bare number labelled as a reference: "FOI 4530", "Ref: 8647".
        if c.len() >= 3 && c.chars().all(|ch| ch.is_ascii_digit()) && i > 0 {
            let (_, prev, _) = core(words[i - 1]);
            let labelled = matches!(
                prev.to_lowercase().as_str(),
                "ref" | "reference" | "no" | "number"
            ) || ((2..=4).contains(&prev.len())
                && prev.chars().all(|ch| ch.is_ascii_uppercase()));
            if labelled && !year(w) {
                return Some((Var::Reference, 1));
            }
        }
        None
    }

    fn seq_at(&self, seq: &[String], words: &[&str], i: usize) -> Option<usize> {
        if seq.is_empty() || i + seq.len() > words.len() {
            return None;
        }
        let all = seq.iter().enumerate().all(|(k, s)| {
            let (pre, c, post) = core(words[i + k]);
            c == s && (k == 0 || pre.is_empty()) && (k + 1 == seq.len() || post.is_empty())
        });
        all.then_some(seq.len())
    }
}

/// A phone number at word `i`: after a "Tel" label, the digit groups that follow;
/// else digit groups of nine digits or more together.
fn phone_at(words: &[&str], i: usize) -> Option<usize> {
    let digits = |w: &str| {
        let (_, c, _) = core(w);
        !c.is_empty()
            && c.chars()
                .all(|ch| ch.is_ascii_digit() || matches!(ch, '+' | '(' | ')' | '-' | '.'))
            && c.chars().any(|ch| ch.is_ascii_digit())
    };
    let labelled = i > 0 && {
        let l = core(words[i - 1]).1.to_lowercase();
        matches!(
            l.as_str(),
            "tel" | "telephone" | "phone" | "mobile" | "fax" | "tel." | "t" | "m"
        )
    };
    let mut n = 0;
    let mut count = 0;
    while let Some(w) = words.get(i + n) {
        if digits(w) {
            count += core(w).1.chars().filter(char::is_ascii_digit).count();
        } else if labelled
            && n > 0
            && matches!(core(w).1.to_lowercase().as_str(), "ext" | "extension")
        {
        } else {
            break;
        }
        n += 1;
        if !core(w).2.is_empty() && !core(w).2.starts_with(')') {
            break;
        }
    }
    if n == 0 || !digits(words[i]) {
        return None;
    }
    // A lone four-digit year or a short number is not a phone number.
    (count >= 9 || (labelled && count >= 3)).then_some(n)
}

/// A run of words in square brackets starting at word `i` (at most six words).
fn bracketed(words: &[&str], i: usize) -> Option<usize> {
    let w = words[i].trim_start_matches(['(', '"', '“']);
    if !w.starts_with('[') || w.starts_with("[^") {
        return None;
    }
    (0..6.min(words.len() - i))
        .find(|k| {
            let end = words[i + k].trim_end_matches([',', '.', ';', ':', ')', '"', '”']);
            end.ends_with(']')
        })
        .map(|k| k + 1)
}

fn month(w: &str) -> bool {
    MONTHS.contains(&core(w).1.to_lowercase().as_str())
}

fn year(w: &str) -> bool {
    let c = core(w).1;
    c.len() == 4
        && c.chars().all(|ch| ch.is_ascii_digit())
        && (c.starts_with("19") || c.starts_with("20"))
}

/// A date at word `i`, its form and how many words it takes.
fn date_at(words: &[&str], i: usize) -> Option<(DateForm, usize)> {
    let (_, c, _) = core(words[i]);
    let day_of = |s: &str| -> Option<DateForm> {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        let rest = &s[digits.len()..];
        let n: u32 = digits.parse().ok()?;
        if !(1..=31).contains(&n) {
            return None;
        }
        match rest {
            "" if digits.len() == 2 && digits.starts_with('0') => Some(DateForm::Padded),
            "" => Some(DateForm::Long),
            "st" | "nd" | "rd" | "th" => Some(DateForm::Ordinal),
            _ => None,
        }
    };
    if let Some(form) = day_of(c) {
        if words
            .get(i + 1)
            .is_some_and(|w| month(w) && core(w).2.is_empty())
            && words.get(i + 2).is_some_and(|w| year(w))
        {
            return Some((form, 3));
        }
    }
    if month(words[i])
        && core(words[i]).2.is_empty()
        && words.get(i + 1).is_some_and(|w| year(w))
        && c.chars().next().is_some_and(char::is_uppercase)
    {
        return Some((DateForm::Month, 2));
    }
    let parts: Vec<&str> = c.split(['/', '.']).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|ch| ch.is_ascii_digit()))
        && parts[0].len() <= 2
        && parts[1].len() <= 2
        && matches!(parts[2].len(), 2 | 4)
    {
        return Some((DateForm::Numeric, 1));
    }
    None
}

/// A case reference: digits with letters or with "/", "-" or "_" ("008647/16",
/// "CAS-96717-F6C7H2", "9143_17"), not a citation ("31(3)", "s12"), an amount or a
/// web address.
fn reference(c: &str) -> bool {
    let has_digit = c.chars().any(|ch| ch.is_ascii_digit());
    let joined = c.contains(['/', '-', '_']);
    let lettered = c.chars().any(char::is_alphabetic);
    let lower = c.to_lowercase();
    has_digit
        && c.chars().count() >= 4
        && (joined || lettered)
        && !c.contains(['(', ')', '£', '$', '%', ':'])
        && !lower.starts_with("http")
        && !lower.starts_with("www")
        && !(lower.starts_with('s') && lower[1..].starts_with(|ch: char| ch.is_ascii_digit()))
        && !lower.starts_with("reg")
        && !["st", "nd", "rd", "th"].iter().any(|s| {
            lower.ends_with(s)
                && lower[..lower.len() - 2]
                    .chars()
                    .all(|ch| ch.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::styles_draft::find::{authority, names};
    use crate::styles_draft::read::Letter;

    fn letter(text: &str) -> Letter {
        Letter {
            path: "x.txt".into(),
            name: "x.txt".into(),
            format: super::super::read::Format::Text,
            paragraphs: super::super::read::paragraphs(text),
        }
    }

    #[test]
    fn names_dates_references_and_contact_details_are_masked() {
        let l = letter("Dear Jane Smith\n\nYour request of 3rd May 2021 (ref FOI 4530) was received by Northshire Police on 04/05/2021. Call 01632 960 123 or email j.doe@example.org.\n\nYours sincerely\n\nJohn Doe\nFreedom of Information Officer\n");
        let names = names(std::slice::from_ref(&l));
        assert!(
            names.contains(&vec!["Jane".to_string(), "Smith".to_string()]),
            "{names:?}"
        );
        assert!(
            names.contains(&vec!["John".to_string(), "Doe".to_string()]),
            "{names:?}"
        );
        let m = Masker::new(Some("Northshire Police"), names);
        let text = shown(&m.mask(&l.paragraphs[1]));
        assert_eq!(
            text,
            "Your request of ‹date› (ref ‹reference›) was received by ‹authority› on ‹date›. Call ‹phone› or email ‹email›."
        );
        assert_eq!(shown(&m.mask("Dear Jane Smith")), "Dear ‹name›");
        assert_eq!(shown(&m.mask("Dear [requester],")), "Dear ‹name›,");
        assert_eq!(
            shown(&m.mask("It was sent by [name redacted] to us.")),
            "It was sent by ‹name› to us."
        );
        assert_eq!(shown(&m.mask("John Doe")), "‹name›");
        assert_eq!(
            shown(&m.mask("Freedom of Information Officer")),
            "Freedom of Information Officer"
        );
        assert_eq!(
            shown(&m.mask("Section 31(3) applies, as does s12.")),
            "Section 31(3) applies, as does s12."
        );
    }

    #[test]
    fn the_authority_is_the_institution_every_letter_names() {
        let a = letter("Thank you. West Midlands Police can neither confirm nor deny. West Midlands Police holds it.");
        let b = letter("West Midlands Police has considered your request under the Freedom of Information Act.");
        assert_eq!(
            authority(&[a.clone(), b]).as_deref(),
            Some("West Midlands Police")
        );
        // The regulator the letters all name, more often than their own, is not theirs.
        let ico = "You may complain to the Information Commissioner's Office. The Information Commissioner's Office will decide.";
        let c = letter(&format!("Northshire Council has your request. {ico}"));
        let d = letter(&format!("Northshire Council replies. {ico}"));
        assert_eq!(authority(&[c, d]).as_deref(), Some("Northshire Council"));
    }
}
