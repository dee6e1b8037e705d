//! Writing a drafted style as a style file: laid over the standard style, each slot
//! with a comment naming the letters it came from, then the shared passages it could
//! not place, those left out for personal data, and those flagged as wrong in law
//! (whose slots keep the standard style's wording, written out so it can be read).

use super::align::Near;
use super::classify::{Classified, Field};
use super::read::Letter;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// What the style file says of itself.
pub struct Head<'a> {
    pub name: &'a str,
    pub authority: Option<&'a str>,
    pub letters: &'a [Letter],
    pub citation: Option<&'a (String, BTreeSet<usize>)>,
}

/// The kind of authority its name says.
pub fn kind(authority: Option<&str>) -> &'static str {
    let last = authority
        .and_then(|a| a.split_whitespace().last())
        .unwrap_or("")
        .to_lowercase();
    match last.as_str() {
        "police" | "constabulary" | "constabularies" | "force" => "police force",
        "council" => "council",
        "trust" | "board" | "hospital" | "hospitals" => "NHS body",
        _ => "public authority",
    }
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn from(letters: &BTreeSet<usize>, all: &[Letter]) -> String {
    letters
        .iter()
        .map(|l| format!("[{}] {}", l + 1, all[*l].name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn comment(text: &str) -> String {
    text.lines().map(|l| format!("#   {l}\n")).collect()
}

/// The standard style's value of a field, as TOML, for a slot whose letters' wording
/// was wrong in law.
fn standard(field: &Field) -> Option<String> {
    let table: toml::Table = crate::style::builtin_text(crate::style::DEFAULT)?
        .parse()
        .ok()?;
    let (t, k) = match field {
        Field::Letter(k) => ("letter", *k),
        Field::Headings(k) => ("headings", *k),
        Field::Wording(k) => ("wording", *k),
        Field::Template(_) => return None,
    };
    let v = table.get(t)?.get(k)?;
    Some(v.to_string())
}

/// The style file's text.
pub fn style_file(head: &Head, c: &Classified, near: &[Near]) -> String {
    let mut out = String::new();
    let letters = head.letters;
    let _ = writeln!(
        out,
        "# House style \"{}\", drafted by `foinotice styles draft` from {} letters:",
        head.name,
        letters.len()
    );
    for (i, l) in letters.iter().enumerate() {
        let _ = writeln!(out, "#   [{}] {}", i + 1, l.name);
    }
    out.push_str("# Each slot below is wording two or more of them share, with the letters it came\n# from. Read every slot before using the style: `foinotice check` a case that names\n# it, and `foinotice styles compare` it with the letters. Laid over the standard style.\n");
    let description = match head.authority {
        Some(a) => format!("{a} (drafted from {} letters)", letters.len()),
        None => format!("Drafted from {} letters", letters.len()),
    };
    let _ = writeln!(out, "description = {}", quote(&description));
    let _ = writeln!(out, "kind = {}", quote(kind(head.authority)));
    let _ = writeln!(out, "base = \"standard\"");
    let sources: Vec<String> = letters.iter().map(|l| quote(&l.name)).collect();
    let _ = writeln!(out, "sources = [{}]", sources.join(", "));

    for (table, pick) in [
        ("letter", 0u8),
        ("headings", 1),
        ("wording", 2),
        ("templates", 3),
    ] {
        let fields: Vec<&Field> = {
            let mut v: Vec<&Field> = c
                .placed
                .iter()
                .map(|p| &p.field)
                .chain(c.flagged.iter().filter_map(|f| f.field.as_ref()))
                .filter(|f| {
                    matches!(
                        (pick, f),
                        (0, Field::Letter(_))
                            | (1, Field::Headings(_))
                            | (2, Field::Wording(_))
                            | (3, Field::Template(_))
                    )
                })
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let citation = (pick == 2).then_some(head.citation).flatten();
        if fields.is_empty() && citation.is_none() {
            continue;
        }
        let _ = writeln!(out, "\n[{table}]");
        if let Some((t, ls)) = citation {
            let _ = writeln!(
                out,
                "# from {} (the form of their citation lines)",
                from(ls, letters)
            );
            let _ = writeln!(out, "citation = {}", quote(t));
        }
        for field in fields {
            let key = match field {
                Field::Letter(k) | Field::Headings(k) | Field::Wording(k) => quote_key(k),
                Field::Template(k) => quote(k),
            };
            let placed: Vec<_> = c.placed.iter().filter(|p| &p.field == field).collect();
            if placed.is_empty() {
                // Only flagged: the standard style's wording, said so.
                let Some(value) = standard(field) else {
                    continue;
                };
                let _ = writeln!(out, "# the standard style's wording: the letters' was wrong in law (see the end of this file)");
                let _ = writeln!(out, "{key} = {value}");
                continue;
            }
            let ls: BTreeSet<usize> = placed
                .iter()
                .flat_map(|p| p.letters.iter().copied())
                .collect();
            let _ = writeln!(out, "# from {}", from(&ls, letters));
            if field.list() {
                let _ = writeln!(out, "{key} = [");
                for p in &placed {
                    let note = if p.letters.is_empty() {
                        "  # the standard style's: the letters share none"
                    } else {
                        ""
                    };
                    let _ = writeln!(out, "    {},{note}", quote(&p.value));
                }
                let _ = writeln!(out, "]");
            } else if matches!(field, Field::Template(_)) && !placed[0].value.contains("'''") {
                let value = &placed[0].value;
                let _ = writeln!(out, "{key} = '''\n{value}'''");
            } else {
                let _ = writeln!(out, "{key} = {}", quote(&placed[0].value));
            }
        }
    }
    let list = |out: &mut String, title: &str, items: &[(String, &BTreeSet<usize>, String)]| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n# {title}");
        for (text, ls, why) in items {
            let _ = writeln!(out, "# - from {}: {why}", from(ls, letters));
            out.push_str(&comment(text));
        }
    };
    let unplaced: Vec<_> = c
        .unplaced
        .iter()
        .map(|u| (u.text.clone(), &u.letters, u.why.clone()))
        .collect();
    list(
        &mut out,
        "Shared passages not placed in any slot (place them by hand if they belong):",
        &unplaced,
    );
    let near: Vec<_> = near
        .iter()
        .map(|n| {
            (
                n.common.clone(),
                &n.letters,
                format!("{:.0}% of the words alike, not learned", n.ratio * 100.0),
            )
        })
        .collect();
    list(
        &mut out,
        "Nearly shared sentences: the words they share, \"…\" where they differ (word them once by hand if they belong):",
        &near,
    );
    let flagged: Vec<_> = c
        .flagged
        .iter()
        .map(|f| {
            let slot = f
                .field
                .as_ref()
                .map(|f| format!(" (slot `{}` keeps the standard style's wording)", f.path()))
                .unwrap_or_default();
            (
                f.text.clone(),
                &f.letters,
                format!("wrong in law, not learned: {}{slot}", f.why),
            )
        })
        .collect();
    list(
        &mut out,
        "Flagged: wording that states the law wrongly, not learned:",
        &flagged,
    );
    let personal: Vec<_> = c
        .personal
        .iter()
        .map(|u| (u.text.clone(), &u.letters, u.why.clone()))
        .collect();
    list(
        &mut out,
        "Left out: shared passages holding personal data (shown masked):",
        &personal,
    );
    out
}

/// A bare TOML key where it can be one.
fn quote_key(k: &str) -> String {
    if k.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        quote(k)
    }
}
