//! House styles: what an authority's FOI office fixes once (letterhead, opening,
//! headings, the citation line, the public interest headings, the NCND caveat, the
//! closing, complaint rights, the signature), as data. A style file is TOML; it names
//! a built-in style as its `base` ("standard" unless it says otherwise) and gives only
//! what differs, table by table. Every string is a template, rendered with the case's
//! context. docs/house-style.md documents the fields.

use crate::diagnostic::{nearest, Diagnostic, SpanIndex};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The built-in styles, by name: the text of each file in `templates/styles/`.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "standard",
        include_str!("../templates/styles/standard.toml"),
    ),
    (
        "west-midlands-police",
        include_str!("../templates/styles/west-midlands-police.toml"),
    ),
    (
        "west-yorkshire-police",
        include_str!("../templates/styles/west-yorkshire-police.toml"),
    ),
    (
        "cardiff-and-vale-uhb",
        include_str!("../templates/styles/cardiff-and-vale-uhb.toml"),
    ),
    (
        "thurrock-council",
        include_str!("../templates/styles/thurrock-council.toml"),
    ),
];

/// The style a refusal notice gets when its case file names none.
pub const DEFAULT: &str = "standard";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// The style's name as `style = "..."` gives it (a file's own stem for a path).
    #[serde(default)]
    pub name: String,
    /// One line saying whose style it is.
    pub description: String,
    /// The kind of authority: "police force", "council", "NHS body", ...
    pub kind: String,
    /// Which built-in style this one adapts ("standard" by default).
    #[serde(default, skip_serializing)]
    pub base: Option<String>,
    /// Where its wording was learned (published letters).
    #[serde(default)]
    pub sources: Vec<String>,
    pub letter: Letter,
    pub headings: Headings,
    pub wording: Wording,
    /// Titles the authority gives provisions where it differs from the catalogue's,
    /// keyed by number ("21(1)") or section ("21").
    #[serde(default)]
    pub titles: BTreeMap<String, String>,
    /// The authority's standard explanation of an exemption, keyed by its number
    /// ("40(2)") or section ("43"), printed after the exemptions relied on.
    #[serde(default)]
    pub explanations: BTreeMap<String, String>,
    /// Template overrides: a built-in template's name and the text that replaces it.
    #[serde(default)]
    pub templates: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Letter {
    /// Lines printed above everything; empty: the authority's name and address.
    pub letterhead: Vec<String>,
    /// Print the date and reference lines under the letterhead.
    pub details: bool,
    /// The detail lines as "Label | value" templates, where the three standard ones
    /// (date, reference, request received) will not do; empty: those three.
    #[serde(default)]
    pub detail_rows: Vec<String>,
    pub date_label: String,
    pub reference_label: String,
    /// The label of a "Request received" line; empty: no such line.
    pub request_received: String,
    /// The subject line.
    pub title: String,
    /// The greeting when the requester's name is known, and when it is not.
    pub salutation: String,
    pub salutation_unknown: String,
    /// The published copy keeps the letter's form, as some authorities publish the
    /// letter whole: a greeting that names no one (`salutation_unknown`) and the
    /// sign-off. It never has the requester's name or address.
    #[serde(default)]
    pub published_as_letter: bool,
    /// With `published_as_letter`: whether the published copy keeps the greeting
    /// (`salutation_unknown`); `false` publishes the letter without one, as disclosure
    /// logs that keep the sign-off do.
    #[serde(default = "yes")]
    pub published_salutation: bool,
    /// Whether the reference is the running footer of every page (and the first line
    /// of the text copy), besides where the letter prints it; `false`: printed once,
    /// where the letter itself prints it (the detail lines, a title or opening that
    /// names it).
    #[serde(default = "yes")]
    pub reference_footer: bool,
    /// How every date in the letter is written, unless a string asks for a form of
    /// its own (`date(numeric=true)`): "long" ("15 May 2015"), "numeric"
    /// ("15/05/2015"), "ordinal" ("15th May 2015"), "padded" ("05 May 2015").
    #[serde(default)]
    pub date_format: DateFormat,
    /// How the exemptions relied on are listed, one line each (`wording.citation`):
    /// "each" citation on its own line; "joined", those that differ only in their
    /// last part merged ("30(1)(a)(b)"); "ranges", and three or more consecutive
    /// letters written as a range ("27(1)(a)-(d)").
    #[serde(default)]
    pub citations: CitationForm,
    pub sign_off: String,
    /// The lines under the sign-off.
    pub signature: Vec<String>,
    /// "grouped": the request quoted whole, then the response; "by-question": each
    /// question followed by its answer; "repeated": the request quoted whole, and
    /// each question quoted again before its answer.
    pub layout: Layout,
    /// Append sections 17(1), (4) and (7) of the Act as an annex.
    pub annex_s17: bool,
}

/// The headings, as the authority writes them; an empty heading is not printed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Headings {
    pub request: String,
    pub response: String,
    pub reasons: String,
    pub public_interest: String,
    /// The harm (prejudice) test inside the public interest test.
    pub harm: String,
    pub favouring: String,
    pub against: String,
    pub balance: String,
    pub advice: String,
    pub rights: String,
    pub annex: String,
}

fn yes() -> bool {
    true
}

/// How a letter writes its dates (`letter.date_format`).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum DateFormat {
    /// "15 May 2015".
    #[default]
    Long,
    /// "15/05/2015".
    Numeric,
    /// "15th May 2015".
    Ordinal,
    /// "05 May 2015".
    Padded,
}

/// How a letter lists the exemptions relied on (`letter.citations`).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum CitationForm {
    /// One line per citation: "31(1)(a)", "31(1)(b)".
    #[default]
    Each,
    /// Citations that differ only in their last part on one line: "31(1)(a)(b)".
    Joined,
    /// As `joined`, with three or more consecutive letters as a range: "27(1)(a)-(d)".
    Ranges,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    Grouped,
    ByQuestion,
    Repeated,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// Paragraphs before the request.
    pub opening: Vec<Paragraph>,
    /// The line that introduces the quoted request ("You asked:"); empty: none.
    pub request_intro: String,
    /// For a letter giving the outcome of an internal review: what was reviewed and
    /// the outcome, before the request.
    pub review_intro: String,
    /// The sentence that makes the letter a refusal notice.
    pub refusal_notice: String,
    /// The response when the whole request is neither confirmed nor denied.
    pub ncnd_all: String,
    /// The duties of section 1, printed before the exemptions (FOIA only).
    pub responsibilities: String,
    /// The environmental-information counterpart (EIR only).
    pub responsibilities_eir: String,
    /// One exemption's line, with `c` the citation.
    pub citation: String,
    /// Introduces the link to the guidance on the exemptions.
    pub guidance: String,
    /// Introduces the public interest test (qualified exemptions only).
    pub public_interest_intro: String,
    /// Said of an absolute exemption (no public interest test).
    pub absolute: String,
    /// Printed with any neither-confirm-nor-deny position.
    pub ncnd_caveat: String,
    /// Introduces the section 16 advice.
    pub advice_intro: String,
    /// Printed before the response when the letter is sent after the 20 working days
    /// the Act allows (the apology for the delay); empty: nothing.
    pub late_apology: String,
    /// Paragraphs after the reasons, before the complaint rights.
    pub closing: Vec<Paragraph>,
    /// The complaint-rights section; empty: the statutory paragraphs of
    /// `refusal/rights.tera`. A style that attaches a leaflet says so here.
    pub rights: Vec<Paragraph>,
}

/// A paragraph of a style's `opening`, `closing` or `rights`: printed always, or, for
/// a sentence that presupposes a fact ("not a precedent that additional information
/// would be supplied" presupposes that some was), only when the facts it names hold.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Paragraph {
    Always(String),
    When(Conditional),
}

/// A paragraph with the facts it presupposes: printed when every fact in `when`
/// holds and none in `unless` does.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Conditional {
    pub text: String,
    #[serde(default)]
    pub when: Vec<String>,
    #[serde(default)]
    pub unless: Vec<String>,
}

/// The facts of a refusal letter a style's paragraph can be conditional on (`when`,
/// `unless`), each with what it means; templates and strings see them as
/// `derived.facts.NAME`. They are worked out from the case (`notice::refusal`).
pub const FACTS: &[(&str, &str)] = &[
    ("supplied", "some information is given: a part answered, in full or with redactions"),
    ("withheld", "information the authority holds is withheld: a part refused under an exemption, or redacted"),
    ("redacted", "a part answered with information redacted"),
    ("ncnd", "a part is neither confirmed nor denied"),
    ("all_ncnd", "the whole request is neither confirmed nor denied"),
    ("not_held", "a part is not held"),
    ("transferred", "a part is transferred to another authority, or its requester advised to ask one (`transferred`)"),
    ("exemption", "an exemption (or exception) is relied on"),
    ("qualified", "a qualified exemption is relied on"),
    ("absolute", "an absolute exemption is relied on"),
    ("cost", "section 12 (cost) is relied on"),
    ("vexatious", "section 14(1) is relied on"),
    ("repeated", "section 14(2) is relied on"),
    ("review", "the letter gives the outcome of an internal review"),
    ("advice", "advice and assistance is given (section 16)"),
    ("late", "the letter is sent after the 20 working days"),
    ("eir", "the request is dealt with under the EIR"),
];

impl Wording {
    /// Each conditional paragraph with its field path, for the check of its facts.
    fn conditionals(&self) -> impl Iterator<Item = (String, &Conditional)> {
        [
            ("opening", &self.opening),
            ("closing", &self.closing),
            ("rights", &self.rights),
        ]
        .into_iter()
        .flat_map(|(field, list)| {
            list.iter().enumerate().filter_map(move |(i, p)| match p {
                Paragraph::When(c) => Some((format!("wording.{field}[{i}]"), c)),
                Paragraph::Always(_) => None,
            })
        })
    }
}

/// The first fact a conditional paragraph names that is not one of [`FACTS`], as a
/// diagnostic's field, message and help.
fn unknown_fact(wording: &Wording) -> Option<(String, String, String)> {
    let names: Vec<&str> = FACTS.iter().map(|(n, _)| *n).collect();
    for (field, c) in wording.conditionals() {
        for (key, list) in [("when", &c.when), ("unless", &c.unless)] {
            for (i, fact) in list.iter().enumerate() {
                if names.contains(&fact.as_str()) {
                    continue;
                }
                let help = match nearest(fact, names.iter().copied()) {
                    Some(n) => format!("did you mean \"{n}\"? docs/house-style.md lists the facts"),
                    None => format!("the facts are {}", names.join(", ")),
                };
                return Some((
                    format!("{field}.{key}[{i}]"),
                    format!("`{fact}` is not a fact a style's paragraph can be conditional on"),
                    help,
                ));
            }
        }
    }
    None
}

impl Style {
    /// A provision's title as this style spells it, if it differs from the
    /// catalogue's: by exact number first, else by section.
    pub fn title(&self, number: &str, section: &str) -> Option<&str> {
        self.titles
            .get(number)
            .or_else(|| self.titles.get(section))
            .map(String::as_str)
    }
}

/// Where a style came from, for its errors.
#[derive(Debug, Clone)]
pub enum Origin {
    Builtin(&'static str),
    File(PathBuf),
}

impl Origin {
    fn path(&self) -> PathBuf {
        match self {
            Origin::Builtin(n) => PathBuf::from(format!("templates/styles/{n}.toml")),
            Origin::File(p) => p.clone(),
        }
    }
}

/// The names of the built-in styles with their descriptions.
pub fn builtin() -> Vec<(&'static str, String, String)> {
    BUILTIN
        .iter()
        .map(|(name, _)| {
            let s = load_builtin(name).expect("built-in styles are valid (tested)");
            (*name, s.kind, s.description)
        })
        .collect()
}

/// The text of a built-in style file, as shipped.
pub fn builtin_text(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// A built-in style as it first read (none of its later versions applied).
pub fn load_builtin(name: &str) -> Result<Style, Box<Diagnostic>> {
    load_builtin_on(name, None)
}

/// A built-in style as it read on a date: its versions from that date applied.
pub fn load_builtin_on(name: &str, on: Option<NaiveDate>) -> Result<Style, Box<Diagnostic>> {
    let (name, text) = BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| Box::new(unknown(name)))?;
    let table = parse(&Origin::Builtin(name), text)?;
    finish(name, &Origin::Builtin(name), text, table, on)
}

fn unknown(name: &str) -> Diagnostic {
    let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
    let hint = match nearest(name, names.iter().copied()) {
        Some(n) => format!("did you mean \"{n}\"? `foinotice styles` lists the built-in styles"),
        None => format!(
            "the built-in styles are {}; a style of your own is given by its path (ending .toml)",
            names.join(", ")
        ),
    };
    Diagnostic::error(
        Path::new(""),
        "style",
        format!("there is no built-in house style `{name}`"),
        hint,
    )
}

/// A style named in a case file: a built-in name, or a path to a style file (ending
/// `.toml`), relative to the case file's folder; as it read on the letter's date.
pub fn resolve(
    spec: &str,
    case_dir: &Path,
    on: Option<NaiveDate>,
) -> Result<Style, Box<Diagnostic>> {
    if !spec.ends_with(".toml") {
        return load_builtin_on(spec, on);
    }
    let path = case_dir.join(spec);
    let text = crate::source::read_text(&path, "the house style")?;
    let origin = Origin::File(path.clone());
    let table = parse(&origin, &text)?;
    crate::style_syntax::check(&path, &text, &table)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    finish(&stem, &origin, &text, table, on)
}

fn parse(origin: &Origin, text: &str) -> Result<toml::Table, Box<Diagnostic>> {
    text.parse::<toml::Table>().map_err(|e| {
        let d = Diagnostic::error(
            &origin.path(),
            "",
            format!("the house style is not valid TOML: {}", e.message().trim()),
            "see docs/house-style.md for the style file's form",
        );
        Box::new(match e.span() {
            Some(s) => d.at(text, s),
            None => d,
        })
    })
}

/// The style's table laid over its base's, then read into a [`Style`].
fn finish(
    name: &str,
    origin: &Origin,
    text: &str,
    table: toml::Table,
    on: Option<NaiveDate>,
) -> Result<Style, Box<Diagnostic>> {
    let spans = SpanIndex::from_toml(text);
    let located = |d: Diagnostic, field: &str| {
        let d = Diagnostic {
            file: origin.path(),
            field: field.to_string(),
            ..d
        };
        Box::new(match spans.key(field).or_else(|| spans.value(field)) {
            Some(s) => d.at(text, s),
            None => d,
        })
    };
    let mut merged = full_table(name, origin, table).map_err(|d| located(*d, "base"))?;
    let versions = versions(&mut merged).map_err(|(d, field)| located(*d, &field))?;
    // Each version is checked, whether or not it applies on this date, so that a
    // mistake in one is found the day it is written.
    for (i, (_, version)) in versions.iter().enumerate() {
        let mut with = merged.clone();
        overlay(&mut with, version.clone());
        if let Some(toml::Value::Table(t)) = with.get_mut("templates") {
            t.retain(|_, v| !matches!(v, toml::Value::Boolean(false)));
        }
        match serde_path_to_error::deserialize::<_, Style>(toml::Value::Table(with)) {
            Err(e) => {
                let field = format!("since[{i}].{}", e.path());
                return Err(located(
                    Diagnostic::error(
                        &origin.path(),
                        "",
                        format!("in the house style: {}", e.inner().message().trim()),
                        "see docs/house-style.md for the fields a style has",
                    ),
                    &field,
                ));
            }
            Ok(s) => {
                if let Some((field, message, help)) = unknown_fact(&s.wording) {
                    return Err(located(
                        Diagnostic::error(&origin.path(), "", message, help),
                        &format!("since[{i}].{field}"),
                    ));
                }
            }
        }
    }
    for (_, version) in versions
        .into_iter()
        .filter(|(from, _)| on.is_some_and(|d| *from <= d))
    {
        overlay(&mut merged, version);
    }
    // A template set to `false` (in a later version) goes back to the built-in one.
    if let Some(toml::Value::Table(t)) = merged.get_mut("templates") {
        t.retain(|_, v| !matches!(v, toml::Value::Boolean(false)));
    }
    let mut style: Style =
        serde_path_to_error::deserialize(toml::Value::Table(merged)).map_err(|e| {
            let field = e.path().to_string();
            let message = e.inner().message().trim().to_string();
            located(
                Diagnostic::error(
                    &origin.path(),
                    "",
                    format!("in the house style: {message}"),
                    "see docs/house-style.md for the fields a style has",
                ),
                &field,
            )
        })?;
    style.name = name.to_string();
    if let Some((field, message, help)) = unknown_fact(&style.wording) {
        return Err(located(
            Diagnostic::error(&origin.path(), "", message, help),
            &field,
        ));
    }
    let names: Vec<&str> = crate::templates::BUILTIN.iter().map(|(n, _)| *n).collect();
    // A style may add partials of its own, named "style/...", for its strings and
    // templates to include; any other name must be a built-in template's.
    let own = |t: &str| t.starts_with("style/") && t.ends_with(".tera");
    if let Some(template) = style
        .templates
        .keys()
        .find(|t| !names.contains(&t.as_str()) && !own(t))
    {
        let help = match nearest(template, names.iter().copied()) {
            Some(n) => format!("did you mean \"{n}\"?"),
            None => "docs/templates.md lists the templates".into(),
        };
        return Err(located(
            Diagnostic::error(
                &origin.path(),
                "",
                format!("`{template}` is not a built-in template a style can replace (a style's own partials are named \"style/NAME.tera\")"),
                help,
            ),
            &format!("templates.{template}"),
        ));
    }
    Ok(style)
}

/// A style's table over its base's, recursively: every style but the built-in
/// "standard" has a base, "standard" unless it names another built-in style.
fn full_table(
    name: &str,
    origin: &Origin,
    table: toml::Table,
) -> Result<toml::Table, Box<Diagnostic>> {
    let builtin = matches!(origin, Origin::Builtin(_));
    let base = match table.get("base") {
        None if builtin && name == DEFAULT => return Ok(table),
        None => DEFAULT,
        Some(toml::Value::String(b)) if !(builtin && b == name) => b.as_str(),
        Some(_) => {
            return Err(Box::new(Diagnostic::error(
                &origin.path(),
                "base",
                "`base` names another built-in style for this one to adapt",
                "write base = \"standard\" (or another name `foinotice styles` lists)",
            )))
        }
    };
    let (base_name, base_text) = BUILTIN
        .iter()
        .find(|(n, _)| *n == base)
        .ok_or_else(|| Box::new(unknown(base)))?;
    let origin = Origin::Builtin(base_name);
    let mut merged = full_table(base_name, &origin, parse(&origin, base_text)?)?;
    overlay(&mut merged, table);
    Ok(merged)
}

/// Takes a style's dated versions (`[[since]]` tables, each with the `date` it took
/// effect and what changed) out of its table, in date order.
#[allow(clippy::type_complexity)]
fn versions(
    table: &mut toml::Table,
) -> Result<Vec<(NaiveDate, toml::Table)>, (Box<Diagnostic>, String)> {
    let Some(value) = table.remove("since") else {
        return Ok(Vec::new());
    };
    let bad = |field: String, message: &str, help: &str| {
        (
            Box::new(Diagnostic::error(Path::new(""), "", message, help)),
            field,
        )
    };
    let toml::Value::Array(items) = value else {
        return Err(bad(
            "since".into(),
            "`since` is a list of dated versions",
            "write each as [[since]] with date = YYYY-MM-DD and the tables that changed",
        ));
    };
    let mut out: Vec<(NaiveDate, toml::Table)> = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let toml::Value::Table(mut t) = item else {
            return Err(bad(
                format!("since[{i}]"),
                "a version is a table",
                "write it as [[since]]",
            ));
        };
        let date = match t.remove("date") {
            Some(toml::Value::Datetime(d)) => d.date.and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }),
            _ => None,
        };
        let Some(date) = date else {
            return Err(bad(
                format!("since[{i}].date"),
                "a version needs the date it took effect",
                "add date = YYYY-MM-DD (no quotes)",
            ));
        };
        if out.last().is_some_and(|(d, _)| *d >= date) {
            return Err(bad(
                format!("since[{i}].date"),
                "the versions are not in date order",
                "list the [[since]] versions oldest first",
            ));
        }
        out.push((date, t));
    }
    Ok(out)
}

/// Lays `top` over `base`: tables merge key by key, anything else replaces.
fn overlay(base: &mut toml::Table, top: toml::Table) {
    for (k, v) in top {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(t)) => overlay(b, t),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_style_loads() {
        for (name, _) in BUILTIN {
            let s = load_builtin(name).unwrap_or_else(|d| panic!("{name}: {d}"));
            assert_eq!(s.name, *name);
        }
    }

    #[test]
    fn a_style_gives_only_what_differs_from_its_base() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "description = \"Ours\"\nkind = \"council\"\n[headings]\nrequest = \"What you asked\"\n",
        )
        .unwrap();
        let s = resolve("mine.toml", dir.path(), None).unwrap();
        let standard = load_builtin("standard").unwrap();
        assert_eq!(s.headings.request, "What you asked");
        assert_eq!(s.headings.response, standard.headings.response);
        assert_eq!(s.wording, standard.wording);
        assert_eq!(s.name, "mine");
    }

    #[test]
    fn a_bad_style_is_refused_at_its_field() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("bad.toml"),
            "description = \"x\"\nkind = \"council\"\n[letter]\nlayout = \"sideways\"\n",
        )
        .unwrap();
        let d = resolve("bad.toml", dir.path(), None).unwrap_err();
        assert_eq!(d.field, "letter.layout");
        assert_eq!(d.line, 4, "{d}");
        let d = resolve("standrd", dir.path(), None).unwrap_err();
        assert!(d.help.contains("\"standard\""), "{d}");
        std::fs::write(
            dir.path().join("t.toml"),
            "description = \"x\"\nkind = \"council\"\n[templates]\n\"refusal/respons.tera\" = \"\"\n",
        )
        .unwrap();
        let d = resolve("t.toml", dir.path(), None).unwrap_err();
        assert!(d.help.contains("refusal/response.tera"), "{d}");
        assert_eq!(d.line, 4, "{d}");
    }
}
