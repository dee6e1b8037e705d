//! The properties a refusal letter holds to whatever its facts and house style
//! (`tests/truth_refusal.rs`): each checked on the rendered text and on the document
//! model's plain text, and each able to fail (the unit tests there break a good letter
//! and see the check refuse it).

use chrono::{Datelike, NaiveDate};
use foinotice::statute::{Catalogue, Regime};

/// What a part of the letter must be told as.
#[derive(Debug, Clone, PartialEq)]
pub enum Told {
    /// The answer's words appear.
    Answered(String),
    /// The words of what was redacted appear.
    Redacted(String),
    NotHeld,
    /// Withheld under an exemption (or exception).
    Withheld,
    Ncnd,
    /// Transferred to (or the requester sent to) the named authority.
    Transferred(String),
    /// Refused under section 12 (cost), 14(1) or 14(2).
    Cost,
    Vexatious,
    Repeated,
}

/// The facts a letter is held to.
#[derive(Debug, Clone)]
pub struct Expected {
    pub regime: Regime,
    pub request_date: NaiveDate,
    pub letter_date: NaiveDate,
    /// Other dates the letter may print (an internal review's).
    pub other_dates: Vec<NaiveDate>,
    /// "long", "numeric", "ordinal" or "padded".
    pub date_format: String,
    /// The request date is printed (a detail line or an opening that says it).
    pub request_date_printed: bool,
    pub told: Vec<Told>,
    /// Some exemption relied on is qualified (so a public interest test may be told).
    pub qualified: bool,
    /// Some exemption (or exception) is relied on: not only sections 12 and 14.
    pub exemptions: bool,
    /// How many parts the response has.
    pub parts: usize,
    /// The citations relied on that are absolute in law on the request date.
    pub absolute: Vec<String>,
    pub reference: String,
    /// The reference is printed once (`reference_footer = false`).
    pub reference_once: bool,
    pub requester: Option<String>,
    /// The published copy keeps a greeting (`published_as_letter` and
    /// `published_salutation`).
    pub published_greeting: bool,
}

/// Joins a letter's lines into one line of words.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A date as the style's `date_format` writes it (an independent rendering).
pub fn written(d: NaiveDate, form: &str) -> String {
    // chrono's month names: independent of the templates' own table.
    let month = chrono::Month::try_from(d.month() as u8).map_or("", |m| m.name());
    match form {
        "numeric" => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        "padded" => format!("{:02} {month} {}", d.day(), d.year()),
        "ordinal" => {
            let suffix = match (d.day() % 10, d.day() % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{}{suffix} {month} {}", d.day(), d.year())
        }
        _ => format!("{} {month} {}", d.day(), d.year()),
    }
}

/// Every date written in the text, in any of the four forms, with the form found.
pub fn dates_in(text: &str) -> Vec<(NaiveDate, &'static str)> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_end_matches(['.', ':', ';']);
        // 15/05/2015
        let parts: Vec<&str> = w.split('/').collect();
        if parts.len() == 3 && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            if let (Ok(d), Ok(m), Ok(y)) = (parts[0].parse(), parts[1].parse(), parts[2].parse()) {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    found.push((date, "numeric"));
                }
            }
            continue;
        }
        // 15 May 2015, 05 May 2015, 15th May 2015
        let Some(month) = words
            .get(i + 1)
            .and_then(|m| {
                (1u8..=12).find(|n| chrono::Month::try_from(*n).is_ok_and(|x| x.name() == *m))
            })
            .map(|n| n as usize - 1)
        else {
            continue;
        };
        let Some(year) = words
            .get(i + 2)
            .map(|y| y.trim_end_matches(['.', ':', ';', ',']))
        else {
            continue;
        };
        let Ok(year) = year.parse::<i32>() else {
            continue;
        };
        let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
        let rest = &w[digits.len()..];
        let Ok(day) = digits.parse::<u32>() else {
            continue;
        };
        let form = match rest {
            "st" | "nd" | "rd" | "th" => "ordinal",
            "" if digits.len() == 2 && day < 10 => "padded",
            "" => "long",
            _ => continue,
        };
        if let Some(date) = NaiveDate::from_ymd_opt(year, month as u32 + 1, day) {
            found.push((date, form));
        }
    }
    found
}

/// The sentences of a text (split at ". ", "? " and line ends).
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut rest = line.trim();
        while let Some(i) = rest.find(". ") {
            out.push(rest[..=i].to_string());
            rest = &rest[i + 2..];
        }
        if !rest.is_empty() {
            out.push(rest.to_string());
        }
    }
    out
}

/// The provisions a text cites, written out ("27(1)(a)-(c)" as three, "30(1)(a)(b)"
/// as two), each with its regime: every number after "section", "S", "s" (FOIA) or
/// "regulation", "Reg" (EIR) that names a provision of the catalogue's ranges (FOIA
/// sections 12, 14, 21 to 44; EIR regulations 12(3) to 12(6) and 13). Sections the
/// letters cite for the procedure (1, 16, 17, 50...) are not exemptions and are left
/// out.
pub fn cited(text: &str) -> Vec<(Regime, String)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let units: [(&str, Regime); 9] = [
        ("section ", Regime::Foia),
        ("Section ", Regime::Foia),
        ("sections ", Regime::Foia),
        ("Sections ", Regime::Foia),
        ("regulation ", Regime::Eir),
        ("Regulation ", Regime::Eir),
        ("regulations ", Regime::Eir),
        ("Reg ", Regime::Eir),
        ("S", Regime::Foia),
    ];
    let mut i = 0;
    while i < bytes.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let mut matched = None;
        for (unit, regime) in units {
            if text[i..].starts_with(unit)
                && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
                && text[i + unit.len()..].starts_with(|c: char| c.is_ascii_digit())
            {
                matched = Some((unit.len(), regime));
                break;
            }
        }
        // "s31(3)" as some styles write it.
        if matched.is_none()
            && bytes[i] == b's'
            && (i == 0 || bytes[i - 1] == b' ')
            && text[i + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            matched = Some((1, Regime::Foia));
        }
        let Some((len, regime)) = matched else {
            i += 1;
            continue;
        };
        let start = i + len;
        let mut end = start;
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric()
                || bytes[end] == b'('
                || bytes[end] == b')'
                || (bytes[end] == b'-' && bytes.get(end + 1) == Some(&b'(')))
        {
            end += 1;
        }
        // "Section 40 (5B)", "Section 31 (1) (a)" as styles space them.
        let mut token = text[start..end].to_string();
        while bytes.get(end) == Some(&b' ') && bytes.get(end + 1) == Some(&b'(') {
            let mut e2 = end + 1;
            while e2 < bytes.len()
                && (bytes[e2].is_ascii_alphanumeric() || bytes[e2] == b'(' || bytes[e2] == b')')
            {
                e2 += 1;
            }
            // Only a subsection's or paragraph's brackets: "(5B)", "(a)", "(ii)",
            // never a title's "(research)".
            let inner = text[end + 1..e2]
                .trim_start_matches('(')
                .trim_end_matches(')');
            let numeric = inner.starts_with(|c: char| c.is_ascii_digit())
                && inner
                    .chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
            let letters = inner.len() <= 4 && inner.chars().all(|c| c.is_ascii_lowercase());
            if !text[end + 1..e2].ends_with(')') || inner.contains('(') || !(numeric || letters) {
                break;
            }
            token.push_str(&text[end + 1..e2]);
            end = e2;
        }
        // A closing bracket of the words around it ("(Section 27) International
        // Relations") is not the citation's.
        while token.ends_with(')') && token.matches(')').count() > token.matches('(').count() {
            token.pop();
        }
        let token = token.trim_end_matches(|c: char| c.is_ascii_alphabetic() && c != 'A');
        let head: String = token.chars().take_while(|c| c.is_ascii_digit()).collect();
        let catalogued = match regime {
            Regime::Foia => {
                head == "12"
                    || head == "14"
                    || head.parse::<u32>().is_ok_and(|n| (21..=44).contains(&n))
            }
            Regime::Eir => {
                head == "13"
                    || (head == "12"
                        && ["(3)", "(4)", "(5)", "(6)"]
                            .iter()
                            .any(|s| token[2..].starts_with(s)))
            }
        };
        if catalogued {
            out.extend(written_out(token).into_iter().map(|n| (regime, n)));
        }
        i = end.max(i + 1);
    }
    out
}

/// "27(1)(a)-(c)" → 27(1)(a), 27(1)(b), 27(1)(c); "30(1)(a)(b)" as listed together
/// → both, when its last parts are single letters after a part that is not.
fn written_out(token: &str) -> Vec<String> {
    if let Some((stem_first, last)) = token.split_once(")-(") {
        let (stem, first) = stem_first.rsplit_once('(').unwrap_or((stem_first, ""));
        let last = last.trim_end_matches(')');
        let (Some(a), Some(b)) = (first.chars().next(), last.chars().next()) else {
            return vec![token.to_string()];
        };
        return (a..=b).map(|c| format!("{stem}({c})")).collect();
    }
    let parts: Vec<&str> = token.split_inclusive(')').collect();
    let letters = parts
        .iter()
        .rev()
        .take_while(|p| {
            let inner = p.trim_start_matches(|c: char| c != '(');
            inner.len() == 3 && inner.as_bytes()[1].is_ascii_lowercase()
        })
        .count();
    // Two or more single letters in a row after the stem: listed together (but
    // "30(1)(a)(i)" is a sub-paragraph).
    let roman = ["i)", "v)", "x)"]
        .iter()
        .any(|s| parts[parts.len() - 1].ends_with(s));
    if letters >= 2 && (!roman || parts.len() - letters >= 2) {
        let stem: String = parts[..parts.len() - letters].concat();
        return parts[parts.len() - letters..]
            .iter()
            .map(|p| format!("{stem}{p}"))
            .collect();
    }
    vec![token.to_string()]
}

/// Whether a provision is the law for a request received on `date`, as the Acts'
/// amendments say (independently of `data/statute.toml`): section 22A (research) from
/// 1 October 2014 (Intellectual Property Act 2014, section 20); section 37(1)(aa) to
/// (ad) from 19 January 2011 (Constitutional Reform and Governance Act 2010, Schedule
/// 7); section 40 and regulation 13 in their new form from 25 May 2018 (Data
/// Protection Act 2018, Schedule 19, paragraphs 58 and 307).
pub fn in_force(regime: Regime, number: &str, date: NaiveDate) -> bool {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let gdpr = day(2018, 5, 25);
    let any = |subs: &[&str]| subs.iter().any(|s| number.starts_with(s));
    match regime {
        Regime::Foia => {
            if number.starts_with("22A") {
                return date >= day(2014, 10, 1);
            }
            if any(&["37(1)(aa)", "37(1)(ab)", "37(1)(ac)", "37(1)(ad)"]) {
                return date >= day(2011, 1, 19);
            }
            if any(&["40(3A)", "40(3B)", "40(4A)", "40(5A)", "40(5B)"]) {
                return date >= gdpr;
            }
            if any(&["40(3)", "40(4)", "40(5)"]) {
                return date < gdpr;
            }
            true
        }
        Regime::Eir => {
            if any(&[
                "13(2A)", "13(2B)", "13(3A)", "13(4A)", "13(5A)", "13(5B)", "13(6)", "13(1)(",
            ]) {
                return date >= gdpr;
            }
            if any(&["13(2)", "13(3)", "13(4)", "13(5)"]) {
                return date < gdpr;
            }
            true
        }
    }
}

/// Whether a provision is absolute in law on `date`, independently of the catalogue:
/// FOIA sections 21, 23, 32, 34, 36 (Houses of Parliament only: not generated), 40(1),
/// 40(2), 41 and 44, and from 19 January 2011 section 37(1)(a) to (ab) (section
/// 2(3)(ea)); under the EIR, regulation 13(1) and 12(3) (personal data).
pub fn absolute(regime: Regime, number: &str, date: NaiveDate) -> bool {
    let head: String = number.chars().take_while(char::is_ascii_digit).collect();
    match regime {
        Regime::Foia => {
            ["21", "23", "32", "34", "41", "44"].contains(&head.as_str())
                || ["40(1)", "40(2)", "40(5A)", "40(5B)(a)(i)", "40(5)(a)"].contains(&number)
                || (["37(1)(a)", "37(1)(aa)", "37(1)(ab)"].contains(&number)
                    && date >= NaiveDate::from_ymd_opt(2011, 1, 19).unwrap())
        }
        Regime::Eir => number == "13(1)" || number == "12(3)",
    }
}

/// Everything the letter (`text`, as rendered; `plain`, the document model's plain
/// text) and its published copy say against the facts: empty when they hold.
pub fn violations(e: &Expected, text: &str, plain: &str, published: &str) -> Vec<String> {
    let mut v = Vec::new();
    let f = flat(text);
    // Each part's position told as it is.
    for told in &e.told {
        let ok = match told {
            Told::Answered(a) => f.contains(a.as_str()),
            Told::Redacted(r) => f.contains(r.as_str()),
            Told::NotHeld => ["holds no information", "does not hold", "not held"]
                .iter()
                .any(|s| f.contains(s)),
            Told::Withheld => ["exempt", "excepted", "unable to provide"]
                .iter()
                .any(|s| f.contains(s)),
            Told::Ncnd => f.contains("neither confirm nor deny"),
            Told::Transferred(to) => f.contains(to.as_str()),
            Told::Cost => f.contains("appropriate limit") || f.contains("appropriate level"),
            Told::Vexatious => f.contains("vexatious"),
            Told::Repeated => f.contains("14(2)"),
        };
        if !ok {
            v.push(format!("a part is not told as {told:?}"));
        }
    }
    let any = |p: fn(&Told) -> bool| e.told.iter().any(p);
    if !any(|t| matches!(t, Told::NotHeld))
        && ["holds no information", "does not hold the information"]
            .iter()
            .any(|s| f.contains(s))
    {
        v.push("the letter says information is not held, but no part is".into());
    }
    if !any(|t| matches!(t, Told::Ncnd)) && f.contains("neither confirm nor deny") {
        v.push("the letter neither confirms nor denies, but no part does".into());
    }
    if !any(|t| matches!(t, Told::Transferred(_))) && f.contains("transferred") {
        v.push("the letter tells a transfer, but no part is transferred".into());
    }
    // A part refused under section 12 or 14 is never the whole request when there
    // are others.
    if e.parts > 1 {
        for whole in ["comply with your request,", "Because section 14 applies, "] {
            if f.contains(whole) {
                v.push(format!("\"{whole}\" of one part among {}", e.parts));
            }
        }
    }
    // No sentence about a part of the request said twice alike, so that each part is
    // told as its own (a house's standard sentence may recur).
    let mut seen: Vec<&str> = Vec::new();
    for line in plain
        .lines()
        .map(str::trim)
        .filter(|l| l.len() > 60 && l.ends_with('.'))
        .filter(|l| l.contains("information requested") || l.contains("your request"))
    {
        if seen.contains(&line) {
            v.push(format!("said twice: {line}"));
        }
        seen.push(line);
    }
    // Dates: in the style's form, each one of the case's; the request's where printed.
    for (d, form) in dates_in(text) {
        if written(d, form) != written(d, &e.date_format) {
            v.push(format!(
                "{d} is written in the {form} form, not {}",
                e.date_format
            ));
        }
        if d != e.request_date && d != e.letter_date && !e.other_dates.contains(&d) {
            v.push(format!("{d} is not a date of the case"));
        }
    }
    if e.request_date_printed && !f.contains(&written(e.request_date, &e.date_format)) {
        v.push(format!(
            "the request date is not printed as {}",
            written(e.request_date, &e.date_format)
        ));
    }
    // Every provision cited exists in the law on the request date.
    let cat = Catalogue::builtin();
    for (regime, n) in cited(plain) {
        if let Err(err) = cat.parse_on(regime, &n, Some(e.request_date)) {
            v.push(format!("{n} is cited, but {}", err.message));
        }
        if !in_force(regime, &n, e.request_date) {
            v.push(format!("{n} is not the law on {}", e.request_date));
        }
    }
    // Sentences: no public interest test said of an absolute exemption, and none at
    // all without a qualified one; sections 12 and 14 never exemptions.
    let pit = |s: &str| {
        let l = s.to_lowercase();
        (l.contains("public interest") || l.contains("(pit)"))
            && !l.contains("no public interest test")
            && !l.contains("not subject to the public interest")
            && !l.contains("no need to undertake a public interest")
    };
    for s in sentences(plain) {
        if pit(&s) {
            if !e.qualified {
                v.push(format!(
                    "a public interest test with no qualified exemption: {s}"
                ));
            }
            for (regime, n) in cited(&s) {
                if regime == e.regime && e.absolute.contains(&n) {
                    v.push(format!("a public interest test for absolute {n}: {s}"));
                }
            }
        }
        let l = s.to_lowercase();
        let denied = l.contains("not an exemption") || l.contains("not exemptions");
        if !e.exemptions && e.regime == Regime::Foia && l.contains("exemption") && !denied {
            v.push(format!(
                "\"exemption\" in a letter that relies on none: {s}"
            ));
        }
        // The EIR has exceptions, not exemptions.
        if e.regime == Regime::Eir && l.contains("exemption") {
            v.push(format!("an EIR letter speaks of exemptions: {s}"));
        }
        if l.contains("exempt") && !denied {
            for (regime, n) in cited(&s) {
                if regime == Regime::Foia && (n.starts_with("12") || n.starts_with("14")) {
                    v.push(format!("section {n} is called an exemption: {s}"));
                }
            }
        }
        // Singular and plural agree with the citations counted.
        for (phrase, plural) in [
            (" is a qualified exemption", false),
            (" is an absolute exemption", false),
            (" is a qualified exception", false),
            (" is an absolute exception", false),
            (" are absolute exceptions", true),
            (" are qualified exemptions", true),
            (" are absolute exemptions", true),
            (" are qualified exceptions", true),
        ] {
            if let Some(at) = s.find(phrase) {
                let subject = &s[..at];
                let n = cited(subject).len();
                if n > 0 && (n > 1) != plural {
                    v.push(format!("{n} provisions with \"{}\": {s}", phrase.trim()));
                }
            }
        }
        for w in ["question ", "Question "] {
            for (i, _) in s.match_indices(w) {
                let rest = &s[i + w.len()..];
                let num: String = rest.chars().take_while(char::is_ascii_digit).collect();
                let after = &rest[num.len()..];
                if !num.is_empty() && (after.starts_with(" and ") || after.starts_with('-')) {
                    v.push(format!("\"{w}\" before a list: {s}"));
                }
            }
        }
    }
    // "The following exemptions" introduce more than one line of citations.
    let lines: Vec<&str> = plain.lines().map(str::trim).collect();
    for (i, line) in lines.iter().enumerate() {
        let l = line.to_lowercase();
        if l.contains("following exemptions") || l.contains("following exceptions") {
            let listed = lines[i + 1..]
                .iter()
                .take_while(|c| !c.is_empty() && !cited(c).is_empty() && !c.ends_with('.'))
                .count();
            if listed == 1 {
                v.push(format!("one provision listed after: {line}"));
            }
        }
    }
    // Punctuation and spacing inside sentences, in both texts.
    for (which, t) in [("text", text), ("plain text", plain)] {
        for line in t.lines() {
            // The header's label columns and quoted lines are laid out with spaces.
            if line.starts_with("    ") || line.contains(":  ") {
                continue;
            }
            let line = line.trim();
            for bad in ["..", " .", "  ", " ,", ",,", ". ."] {
                if line.contains(bad) && !line.contains("…") {
                    v.push(format!("{which}: \"{bad}\" in: {line}"));
                }
            }
        }
    }
    // The reference once where the style says so.
    if e.reference_once {
        for (which, t) in [("letter", text), ("published copy", published)] {
            let n = t.matches(e.reference.as_str()).count();
            if n != 1 {
                v.push(format!("the {which} prints the reference {n} times"));
            }
        }
    }
    // The published copy never names the requester, and greets only as the style says.
    if let Some(name) = &e.requester {
        if published.contains(name.as_str()) {
            v.push("the published copy names the requester".into());
        }
    }
    let greets = published
        .lines()
        .any(|l| l.trim_start().starts_with("Dear "));
    if greets != e.published_greeting {
        v.push(format!(
            "the published copy {} a greeting",
            if greets { "has" } else { "lacks" }
        ));
    }
    v
}
