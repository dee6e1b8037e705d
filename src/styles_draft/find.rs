//! Who the letters name: the people (the requester after "Dear", whoever signed
//! under the sign-off, anyone with a title, a "Name:" line), whose names are masked
//! in every letter and never learned; and the authority, whose name becomes the
//! style's `{{ case.authority.name }}`.

use super::mask::{capitalised, core, split, TITLES};
use super::read::Letter;

/// Words that end the name of a public authority.
const INSTITUTIONS: &[&str] = &[
    "police",
    "constabulary",
    "constabularies",
    "council",
    "trust",
    "board",
    "office",
    "archives",
    "service",
    "authority",
    "department",
    "ministry",
    "agency",
    "commission",
    "university",
    "college",
    "hospital",
    "hospitals",
    "executive",
    "force",
    "library",
    "museum",
    "corporation",
    "school",
];

/// Words in a line under the sign-off that make it a role or a team, not a name.
const ROLE_WORDS: &[&str] = &[
    "officer",
    "team",
    "manager",
    "unit",
    "department",
    "information",
    "freedom",
    "disclosure",
    "service",
    "services",
    "adviser",
    "advisor",
    "head",
    "lead",
    "compliance",
    "governance",
    "data",
    "protection",
    "records",
    "legal",
    "decision",
    "maker",
    "coordinator",
    "co-ordinator",
    "assistant",
    "administrator",
    "director",
    "analyst",
    "foi",
    "section",
    "the",
    "of",
    "and",
    "for",
    "on",
    "behalf",
];

/// Greetings that name no one.
const NOBODY: &[&str] = &[
    "sir",
    "madam",
    "or",
    "sir/madam",
    "requester",
    "applicant",
    "colleague",
    "all",
    "requestor",
];

/// The people named in the letters, each as the words of a name: the requester
/// after "Dear", whoever signed under the sign-off, anyone with a title ("Ms Smith").
pub fn names(letters: &[Letter]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut add = |words: Vec<String>| {
        if !words.is_empty() && !out.contains(&words) {
            out.push(words);
        }
    };
    for letter in letters {
        let paragraphs = &letter.paragraphs;
        for (i, p) in paragraphs.iter().enumerate() {
            let words = split(p);
            // "Dear Jane Smith," / "Dear Mr Smith"
            if words
                .first()
                .is_some_and(|w| w.eq_ignore_ascii_case("dear"))
            {
                let rest: Vec<String> = words[1..]
                    .iter()
                    .map(|w| core(w).1.to_string())
                    .filter(|w| !w.is_empty())
                    .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
                    .filter(|w| !NOBODY.contains(&w.to_lowercase().as_str()))
                    .filter(|w| !TITLES.contains(&w.to_lowercase().as_str()))
                    .collect();
                add(rest);
            }
            // After a title anywhere: "Mr John Smith", "Dr Patel".
            for (j, w) in words.iter().enumerate() {
                let (_, c, _) = core(w);
                if TITLES.contains(&c.to_lowercase().as_str())
                    && c.chars().next().is_some_and(char::is_uppercase)
                {
                    let name: Vec<String> = words[j + 1..]
                        .iter()
                        .take(3)
                        .take_while(|w| capitalised(w))
                        .map(|w| core(w).1.to_string())
                        .collect();
                    add(name);
                }
            }
            // "Name: Jane Smith"
            if let Some(rest) = p.strip_prefix("Name:").or_else(|| p.strip_prefix("Name :")) {
                add(split(rest)
                    .iter()
                    .take(4)
                    .filter(|w| capitalised(w))
                    .map(|w| core(w).1.to_string())
                    .collect());
            }
            // Under the sign-off: the first line that reads as a name.
            let lower = p.to_lowercase();
            if [
                "yours sincerely",
                "yours faithfully",
                "kind regards",
                "regards",
                "best wishes",
                "many thanks",
            ]
            .iter()
            .any(|s| lower.starts_with(s))
            {
                // A name may follow on the same line ("Yours sincerely Jane Smith").
                let mut lines: Vec<String> = Vec::new();
                let after: Vec<&str> = words.iter().skip(2).copied().collect();
                if !after.is_empty() {
                    lines.push(after.join(" "));
                }
                lines.extend(paragraphs.iter().skip(i + 1).take(3).cloned());
                if let Some(name) = lines.iter().find_map(|l| person_line(l)) {
                    add(name);
                }
            }
        }
    }
    out
}

/// A line that reads as a person's name: two to four capitalised words, none a
/// role's or a team's.
fn person_line(line: &str) -> Option<Vec<String>> {
    let words = split(line);
    let ok = (2..=4).contains(&words.len())
        && words.iter().all(|w| capitalised(w) || core(w).1.len() == 1)
        && !words.iter().any(|w| {
            ROLE_WORDS.contains(&core(w).1.to_lowercase().as_str())
                || INSTITUTIONS.contains(&core(w).1.to_lowercase().as_str())
        });
    ok.then(|| words.iter().map(|w| core(w).1.to_string()).collect())
}

/// The authority's name as the letters write it: a name ending in an institution's
/// word ("Police", "Council", "Trust") that two or more letters have; the one most
/// letters have, then the most used, then the longest.
pub fn authority(letters: &[Letter]) -> Option<String> {
    let mut counts: Vec<(String, usize, usize)> = Vec::new(); // name, letters, uses
    for letter in letters {
        let mut seen: Vec<String> = Vec::new();
        for p in &letter.paragraphs {
            for name in institution_names(p) {
                if let Some(e) = counts.iter_mut().find(|(n, ..)| *n == name) {
                    e.2 += 1;
                    if !seen.contains(&name) {
                        e.1 += 1;
                    }
                } else {
                    counts.push((name.clone(), 1, 1));
                }
                if !seen.contains(&name) {
                    seen.push(name);
                }
            }
        }
    }
    // The regulator, a court or a tribunal is named in letters, but never writes them.
    let other = |name: &str| {
        ["Commissioner", "Tribunal", "Court"]
            .iter()
            .any(|w| name.contains(w))
    };
    counts
        .into_iter()
        .filter(|(name, n, _)| *n >= 2 && !other(name))
        .max_by_key(|(name, n, uses)| (*n, *uses, name.len()))
        .map(|(name, ..)| name)
}

/// Runs of capitalised words (with "and", "of", "for", "the" inside) that end in an
/// institution's word.
fn institution_names(p: &str) -> Vec<String> {
    let words = split(p);
    let mut out = Vec::new();
    for end in 0..words.len() {
        let (_, c, _) = core(words[end]);
        if !INSTITUTIONS.contains(&c.to_lowercase().as_str()) || !capitalised(words[end]) {
            continue;
        }
        let mut start = end;
        while start > 0 {
            let w = words[start - 1];
            let (_, c, post) = core(w);
            if !post.is_empty() {
                break;
            }
            let joiner = matches!(c, "and" | "of" | "for" | "the");
            if capitalised(w) || (joiner && start >= 2 && capitalised(words[start - 2])) {
                start -= 1;
            } else {
                break;
            }
        }
        if start < end {
            let name: Vec<&str> = words[start..=end].iter().map(|w| core(w).1).collect();
            out.push(name.join(" "));
        }
    }
    out
}
