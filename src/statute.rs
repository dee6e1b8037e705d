//! The statute catalogue (embedded `data/statute.toml`) and citation parsing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const CATALOGUE: &str = include_str!("../data/statute.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Regime {
    #[serde(rename = "FOIA")]
    Foia,
    #[serde(rename = "EIR")]
    Eir,
}

impl Regime {
    /// "section" or "regulation".
    pub fn unit(self) -> &'static str {
        match self {
            Regime::Foia => "section",
            Regime::Eir => "regulation",
        }
    }

    /// "FOIA" or "EIR", as case files write it.
    pub fn name(self) -> &'static str {
        match self {
            Regime::Foia => "FOIA",
            Regime::Eir => "EIR",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Absolute,
    Qualified,
    Procedural,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Test {
    Prejudice,
    Class,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    pub regime: Regime,
    pub number: String,
    pub title: String,
    pub kind: Kind,
    pub test: Test,
    #[serde(default)]
    pub ncnd: Option<String>,
    /// Subsections that are absolute although the section is qualified.
    #[serde(default)]
    pub absolute: Vec<String>,
    /// Further subsections that also remove the duty to confirm or deny.
    #[serde(default)]
    pub other_ncnd: Vec<String>,
    /// The subsections and paragraphs that exist ("31(1)(a-i)" stands for (a) to (i));
    /// `None` allows any.
    #[serde(default)]
    pub subsections: Option<Vec<String>>,
    /// Subsections that exist but only define or qualify terms (section 40(6) and
    /// 40(7)): nothing is exempt under them, so they are never relied on.
    #[serde(default)]
    pub interpretation: Vec<String>,
    /// The first and last request dates this entry is the law for.
    #[serde(default)]
    pub from: Option<toml::value::Datetime>,
    #[serde(default)]
    pub until: Option<toml::value::Datetime>,
}

impl Provision {
    /// Whether this entry is the law for a request received on `date` (`None`: the
    /// law now).
    pub fn in_force(&self, date: Option<NaiveDate>) -> bool {
        let day = |d: &Option<toml::value::Datetime>| {
            d.as_ref().and_then(|d| d.date).and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            })
        };
        match date {
            None => self.until.is_none(),
            Some(date) => {
                day(&self.from).is_none_or(|f| f <= date)
                    && day(&self.until).is_none_or(|u| date <= u)
            }
        }
    }

    /// The subsections that exist, written out (`None`: any is allowed).
    pub fn existing(&self) -> Option<Vec<String>> {
        self.subsections
            .as_ref()
            .map(|list| list.iter().flat_map(|s| expand(s)).collect())
    }

    /// Whether `number` is this provision or one of its subsections.
    fn has(&self, number: &str) -> bool {
        number == self.number
            || self
                .existing()
                .is_none_or(|e| e.iter().any(|s| s == number))
    }

    fn listed(list: &[String], number: &str) -> bool {
        list.iter().flat_map(|s| expand(s)).any(|s| s == number)
    }
}

const ROMAN: [&str; 12] = [
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
];

/// "31(1)(a-c)" → 31(1)(a), 31(1)(b), 31(1)(c); "30(1)(a)(i-ii)" → (i), (ii). A
/// token without a range stands for itself.
pub fn expand(token: &str) -> Vec<String> {
    let Some(open) = token.rfind('(') else {
        return vec![token.to_string()];
    };
    let (head, group) = (&token[..open], token[open + 1..].trim_end_matches(')'));
    let Some((a, b)) = group.split_once('-') else {
        return vec![token.to_string()];
    };
    let roman = |s: &str| ROMAN.iter().position(|r| *r == s);
    match (roman(a), roman(b)) {
        (Some(i), Some(j)) if a == "i" || a.len() > 1 || b.len() > 1 => {
            (i..=j).map(|k| format!("{head}({})", ROMAN[k])).collect()
        }
        _ => {
            let (Some(x), Some(y)) = (a.chars().next(), b.chars().next()) else {
                return vec![token.to_string()];
            };
            (x..=y).map(|c| format!("{head}({c})")).collect()
        }
    }
}

/// The cost limits of section 12.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    /// Pounds per hour of staff time.
    pub hourly_rate: u32,
    /// The appropriate limit for central government and Parliament, in pounds.
    pub limit_central: u32,
    /// The appropriate limit for every other public authority, in pounds.
    pub limit_other: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    #[serde(default)]
    provision: Vec<Provision>,
    #[serde(default)]
    costs: Option<Costs>,
}

/// The provisions foinotice knows: the embedded catalogue, or it with a user's file
/// laid over it.
#[derive(Debug, Clone)]
pub struct Catalogue {
    provisions: Vec<Provision>,
    pub costs: Costs,
}

impl Catalogue {
    /// The embedded catalogue (tested to load).
    pub fn builtin() -> &'static Catalogue {
        static CAT: OnceLock<Catalogue> = OnceLock::new();
        CAT.get_or_init(|| {
            let file: CatalogueFile = toml::from_str(CATALOGUE)
                .expect("the embedded statute catalogue is valid (tested)");
            Catalogue {
                provisions: file.provision,
                costs: file.costs.expect("the embedded catalogue has [costs]"),
            }
        })
    }

    /// The embedded catalogue with `path`'s provisions replacing or adding to it.
    pub fn with_file(
        path: &std::path::Path,
    ) -> Result<Catalogue, Vec<crate::diagnostic::Diagnostic>> {
        use crate::diagnostic::Diagnostic;
        let text =
            crate::source::read_text(path, "the statute file (--statute)").map_err(|d| vec![*d])?;
        let file: CatalogueFile = toml::from_str(&text).map_err(|e| {
            let d = Diagnostic::error(
                path,
                "",
                format!("not a statute catalogue: {}", e.message()),
                "each entry is a [[provision]] with regime, number, title, kind (absolute, qualified or procedural) and test (prejudice or class); see data/statute.toml",
            );
            vec![match e.span() {
                Some(span) => d.at(&text, span),
                None => d,
            }]
        })?;
        let mut cat = Catalogue::builtin().clone();
        for p in file.provision {
            match cat.provisions.iter_mut().find(|q| {
                q.regime == p.regime
                    && q.number == p.number
                    && q.from == p.from
                    && q.until == p.until
            }) {
                Some(q) => *q = p,
                None => cat.provisions.push(p),
            }
        }
        if let Some(c) = file.costs {
            cat.costs = c;
        }
        Ok(cat)
    }

    pub fn provisions(&self) -> &[Provision] {
        &self.provisions
    }
}

pub fn catalogue() -> &'static [Provision] {
    &Catalogue::builtin().provisions
}

/// A parsed citation such as `31(3)`, resolved against the catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// The citation as normalised: `31(3)`, `12(5)(e)`.
    pub number: String,
    /// The section or regulation it falls under: `31`, `12(5)(e)`.
    pub section: String,
    pub regime: Regime,
    /// "section 31(3)".
    pub short: String,
    /// "section 31(3) (law enforcement)".
    pub formal: String,
    pub title: String,
    pub ncnd: bool,
    /// The provision's NCND subsection, if it has one ("31(3)").
    pub ncnd_subsection: Option<String>,
    pub absolute: bool,
    pub qualified: bool,
    pub procedural: bool,
    pub prejudice: bool,
}

impl Citation {
    /// Regulation 12(4)(a) of the EIR: the information is not held. Nothing is withheld
    /// under it, and no public interest can be weighed for information that is not
    /// held (the Commissioner's guidance on regulation 12(4)(a)).
    pub fn not_held(&self) -> bool {
        self.regime == Regime::Eir && self.number.starts_with("12(4)(a)")
    }
}

/// Why a citation could not be understood: the message and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationError {
    pub message: String,
    pub hint: String,
}

/// Parses a citation against the embedded catalogue.
pub fn parse_citation(regime: Regime, text: &str) -> Result<Citation, CitationError> {
    Catalogue::builtin().parse(regime, text)
}

impl Catalogue {
    /// Parses "31(3)", "section 40(5B)", "s.43(2)", "regulation 12(5)(e)" against the
    /// law in force now.
    pub fn parse(&self, regime: Regime, text: &str) -> Result<Citation, CitationError> {
        self.parse_on(regime, text, None)
    }

    /// Parses a citation against the law in force for a request received on `date`
    /// (`None`: now). A subsection the provision does not have is an error naming the
    /// nearest ones it has, and one that existed only before or after that date says so.
    pub fn parse_on(
        &self,
        regime: Regime,
        text: &str,
        date: Option<NaiveDate>,
    ) -> Result<Citation, CitationError> {
        let raw = text.trim();
        let lower = raw.to_ascii_lowercase();
        let mut rest = raw;
        // The unit the citation spells out, if any: "regulation 12(5)(e)" in a FOIA case
        // is an EIR citation, never FOIA section 12.
        let mut written = None;
        for (prefix, unit) in [
            ("section", Regime::Foia),
            ("regulation", Regime::Eir),
            ("reg.", Regime::Eir),
            ("reg", Regime::Eir),
            ("s.", Regime::Foia),
            ("r.", Regime::Eir),
            ("s", Regime::Foia),
        ] {
            if lower.starts_with(prefix)
                && raw[prefix.len()..]
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit())
            {
                rest = raw[prefix.len()..].trim_start();
                written = Some(unit);
                break;
            }
        }
        let number: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
        let well_formed = !number.is_empty()
            && number.starts_with(|c: char| c.is_ascii_digit())
            && number
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '(' || c == ')')
            && balanced(&number);
        let unit = regime.unit();
        if !well_formed {
            return Err(CitationError {
                message: format!("`{raw}` is not a {unit} citation"),
                hint: format!(
                    "write the {unit} and subsection as in the Act, for example {}",
                    example(regime)
                ),
            });
        }
        // The longest catalogue entry that this citation falls under.
        let found = self
            .provisions
            .iter()
            // An EIR case may cite FOIA section 39, which sends environmental
            // information to the EIR; no other crossing is allowed.
            .filter(|p| p.regime == regime || (regime == Regime::Eir && p.number == "39"))
            .filter(|p| written.is_none_or(|w| w == p.regime))
            .filter(|p| p.in_force(date))
            .filter(|p| number == p.number || number.starts_with(&format!("{}(", p.number)))
            .max_by_key(|p| (p.regime == regime, p.number.len()));
        let Some(p) = found else {
            // The provision is the law only at another date (section 22A from 1
            // October 2014): say when.
            let later = self.provisions.iter().find(|p| {
                p.regime == regime
                    && written.is_none_or(|w| w == p.regime)
                    && (number == p.number || number.starts_with(&format!("{}(", p.number)))
            });
            if let (Some(p), Some(d)) = (later, date) {
                let when = match (&p.from, &p.until) {
                    (Some(f), _) => format!("for requests received from {f}"),
                    (_, Some(u)) => format!("for requests received up to {u}"),
                    _ => "at another time".into(),
                };
                return Err(CitationError {
                    message: format!(
                        "{unit} {} is the law only {when}, and this request was received on {d}",
                        p.number
                    ),
                    hint: format!(
                        "cite the law as it stood on {d}: {unit} {} did not then apply",
                        p.number
                    ),
                });
            }
            let other = self.provisions.iter().find(|p| {
                p.regime != regime
                    && (number == p.number || number.starts_with(&format!("{}(", p.number)))
            });
            // A provision of this regime with the same number (regulation 12's
            // exceptions, say) is a nearer miss than the other regime's.
            let head = number.split('(').next().unwrap_or(&number);
            let siblings: Vec<&str> = self
                .provisions
                .iter()
                .filter(|p| p.regime == regime && p.in_force(date))
                .filter(|_| written.is_none_or(|w| w == regime))
                .filter(|p| p.number.split('(').next() == Some(head))
                .map(|p| p.number.as_str())
                .collect();
            let hint = match other {
                _ if !siblings.is_empty() => format!(
                    "{unit} {head} has these in force on that date: {}",
                    siblings.join(", ")
                ),
                Some(o) => format!(
                    "{} {} belongs to the {}; this case is under the {}",
                    o.regime.unit(),
                    o.number,
                    regime_name(o.regime),
                    regime_name(regime)
                ),
                None => {
                    let numbers: Vec<&str> = self
                        .provisions
                        .iter()
                        .filter(|p| p.regime == regime)
                        .map(|p| p.number.as_str())
                        .collect();
                    let head = number.split('(').next().unwrap_or(&number);
                    match crate::diagnostic::nearest(head, numbers.iter().copied()) {
                        Some(n) => format!("did you mean {unit} {n}?"),
                        None => format!(
                            "the {} has no {unit} {head} in the catalogue",
                            regime_name(regime)
                        ),
                    }
                }
            };
            return Err(CitationError {
                message: format!("unknown {unit} `{raw}`"),
                hint,
            });
        };
        let unit = p.regime.unit();
        if !p.has(&number) {
            return Err(self.no_such_subsection(p, &number, date));
        }
        if Provision::listed(&p.interpretation, &number) {
            return Err(CitationError {
                message: format!(
                    "{unit} {number} defines terms used in {unit} {}: nothing is exempt under it",
                    p.number
                ),
                hint: format!(
                    "cite the subsection the authority relied on, such as {}",
                    p.ncnd.as_deref().map_or_else(
                        || format!("{unit} {}(1)", p.number),
                        |n| format!("{unit} {}(2) or {unit} {n}", p.number)
                    )
                ),
            });
        }
        let regime = p.regime;
        let ncnd =
            p.ncnd.as_deref() == Some(number.as_str()) || Provision::listed(&p.other_ncnd, &number);
        let absolute = p.kind == Kind::Absolute || Provision::listed(&p.absolute, &number);
        let short = format!("{unit} {number}");
        Ok(Citation {
            formal: format!("{short} ({})", p.title),
            short,
            section: p.number.clone(),
            number,
            regime,
            title: p.title.clone(),
            ncnd,
            ncnd_subsection: p.ncnd.clone(),
            absolute,
            qualified: !absolute && p.kind == Kind::Qualified,
            procedural: p.kind == Kind::Procedural,
            prejudice: p.test == Test::Prejudice,
        })
    }
}

impl Catalogue {
    /// The error for a subsection `p` does not have on `date`: when another version of
    /// the provision has it, when that law applied; else the nearest real ones.
    fn no_such_subsection(
        &self,
        p: &Provision,
        number: &str,
        date: Option<NaiveDate>,
    ) -> CitationError {
        let unit = p.regime.unit();
        let other = self.provisions.iter().find(|q| {
            q.regime == p.regime && q.number == p.number && !std::ptr::eq(*q, p) && q.has(number)
        });
        if let Some(q) = other {
            let when = match (&q.from, &q.until) {
                (Some(f), _) => format!("for requests received from {f}"),
                (_, Some(u)) => format!("for requests received up to {u}"),
                _ => "at another time".into(),
            };
            let now = match date {
                Some(d) => format!("this request was received on {d}"),
                None => "not now".into(),
            };
            let instead = p
                .ncnd
                .as_deref()
                .map(|n| format!("; the provision to neither confirm nor deny was then {unit} {n}"))
                .unwrap_or_default();
            return CitationError {
                message: format!("{unit} {number} is the law only {when}, and {now}"),
                hint: format!(
                    "cite {unit} {} as it stood on the request date{instead}",
                    p.number
                ),
            };
        }
        let existing = p.existing().unwrap_or_default();
        // A definition is never what was meant: nothing is exempt under it.
        let mut near: Vec<(usize, &str)> = existing
            .iter()
            .filter(|s| !Provision::listed(&p.interpretation, s))
            .map(|s| (crate::diagnostic::edit_distance(number, s), s.as_str()))
            .collect();
        near.sort();
        let names: Vec<String> = near
            .iter()
            .take(3)
            .map(|(_, s)| format!("{unit} {s}"))
            .collect();
        CitationError {
            message: format!("{unit} {number} does not exist"),
            hint: if names.is_empty() {
                format!("cite {unit} {} itself", p.number)
            } else {
                format!(
                    "the nearest that exist are {}",
                    crate::english::join_and(&names)
                )
            },
        }
    }
}

pub fn regime_name(r: Regime) -> &'static str {
    match r {
        Regime::Foia => "Freedom of Information Act 2000",
        Regime::Eir => "Environmental Information Regulations 2004",
    }
}

fn example(r: Regime) -> &'static str {
    match r {
        Regime::Foia => "\"31(3)\" or \"section 43(2)\"",
        Regime::Eir => "\"12(5)(e)\" or \"regulation 13\"",
    }
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if !(0..=1).contains(&depth) {
            return false;
        }
    }
    depth == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_loads_and_covers_the_act() {
        let numbers: Vec<&str> = catalogue()
            .iter()
            .filter(|p| p.regime == Regime::Foia)
            .map(|p| p.number.as_str())
            .collect();
        for s in ["12", "14", "21", "22A", "31", "40", "43", "44"] {
            assert!(numbers.contains(&s), "{s} missing");
        }
    }

    #[test]
    fn usual_spellings_parse_to_the_same_citation() {
        for text in [
            "31(3)",
            "section 31(3)",
            "s.31(3)",
            "s 31 (3)",
            "Section 31(3)",
        ] {
            let c = parse_citation(Regime::Foia, text).unwrap();
            assert_eq!(c.number, "31(3)", "{text}");
            assert!(c.ncnd && c.qualified && c.prejudice);
            assert_eq!(c.formal, "section 31(3) (law enforcement)");
        }
        let c = parse_citation(Regime::Foia, "section 40(5B)").unwrap();
        assert!(c.ncnd);
        let e = parse_citation(Regime::Eir, "regulation 12(5)(e)").unwrap();
        assert_eq!(e.short, "regulation 12(5)(e)");
        assert!(!e.ncnd);
        assert!(parse_citation(Regime::Foia, "40(2)").unwrap().absolute);
    }

    #[test]
    fn the_catalogue_covers_the_issue_list() {
        for (regime, text, title) in [
            (Regime::Foia, "s.14(1)", "vexatious requests"),
            (Regime::Foia, "section 14(2)", "repeated requests"),
            (Regime::Foia, "12", "cost of compliance"),
            (
                Regime::Eir,
                "reg 12(6)",
                "neither confirm nor deny (regulation 12(5)(a) interests)",
            ),
            (
                Regime::Eir,
                "regulation 12(4)(e)",
                "internal communications",
            ),
            (Regime::Eir, "13(1)", "personal data"),
        ] {
            let c = parse_citation(regime, text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(c.title, title, "{text}");
        }
        assert!(parse_citation(Regime::Eir, "12(6)").unwrap().ncnd);
        assert!(parse_citation(Regime::Foia, "14(1)").unwrap().procedural);
        for n in 21..=44 {
            if n == 25 {
                continue; // supplementary (certificates), not an exemption
            }
            assert!(
                parse_citation(Regime::Foia, &n.to_string()).is_ok(),
                "section {n}"
            );
        }
        let costs = Catalogue::builtin().costs;
        assert_eq!(
            (costs.hourly_rate, costs.limit_central, costs.limit_other),
            (25, 600, 450)
        );
    }

    #[test]
    fn ranges_of_paragraphs_are_written_out() {
        assert_eq!(expand("31(1)(a-c)"), ["31(1)(a)", "31(1)(b)", "31(1)(c)"]);
        assert_eq!(expand("30(1)(a)(i-ii)"), ["30(1)(a)(i)", "30(1)(a)(ii)"]);
        assert_eq!(expand("36(2)(a)(i-iii)").len(), 3);
        assert_eq!(expand("31(2)(a-j)").len(), 10);
        assert_eq!(expand("43(2)"), ["43(2)"]);
    }

    #[test]
    fn only_subsections_that_exist_are_citable() {
        for bad in ["31(9)", "31(1)(z)", "43(4)", "40(9)", "21(2)(c)"] {
            let e = parse_citation(Regime::Foia, bad).unwrap_err();
            assert!(e.message.contains("does not exist"), "{bad}: {e:?}");
            assert!(
                e.hint.starts_with("the nearest that exist are section"),
                "{bad}: {e:?}"
            );
        }
        let e = parse_citation(Regime::Foia, "31(9)").unwrap_err();
        assert!(
            e.hint.contains("section 31(1)") || e.hint.contains("section 31(2)"),
            "{e:?}"
        );
        for good in [
            "31(1)(a)",
            "31(2)(j)",
            "30(1)(a)(ii)",
            "36(2)(b)(ii)",
            "37(1)(ac)",
            "23(3)(n)",
            "12(4)(b)",
        ] {
            assert!(parse_citation(Regime::Foia, good).is_ok(), "{good}");
        }
    }

    #[test]
    fn section_40_and_regulation_13_follow_the_request_date() {
        let cat = Catalogue::builtin();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let before = day("2017-06-01");
        let after = day("2018-05-25");
        // Before 25 May 2018: 40(5)(b)(i) is the NCND provision for third parties.
        let c = cat.parse_on(Regime::Foia, "40(5)(b)(i)", before).unwrap();
        assert!(c.ncnd && c.qualified, "{c:?}");
        assert!(
            cat.parse_on(Regime::Foia, "40(5)(a)", before)
                .unwrap()
                .absolute
        );
        let e = cat.parse_on(Regime::Foia, "40(5B)", before).unwrap_err();
        assert!(e.message.contains("from 2018-05-25"), "{e:?}");
        assert!(e.hint.contains("section 40(5)"), "{e:?}");
        // From then on: 40(5A) and 40(5B)(a)(i).
        assert!(
            cat.parse_on(Regime::Foia, "40(5A)", after)
                .unwrap()
                .absolute
        );
        assert!(
            cat.parse_on(Regime::Foia, "40(5B)(a)(i)", after)
                .unwrap()
                .ncnd
        );
        let e = cat
            .parse_on(Regime::Foia, "40(5)(b)(i)", after)
            .unwrap_err();
        assert!(e.message.contains("up to 2018-05-24"), "{e:?}");
        // The same for the EIR's regulation 13.
        assert!(
            cat.parse_on(Regime::Eir, "13(5)", day("2016-03-01"))
                .unwrap()
                .ncnd
        );
        assert!(cat
            .parse_on(Regime::Eir, "13(5A)", day("2016-03-01"))
            .is_err());
        assert!(
            cat.parse_on(Regime::Eir, "13(5A)", day("2020-03-01"))
                .unwrap()
                .ncnd
        );
        // Section 40 itself exists either way.
        assert!(
            cat.parse_on(Regime::Foia, "40(2)", before)
                .unwrap()
                .absolute
        );
        assert!(cat.parse_on(Regime::Foia, "40(2)", after).unwrap().absolute);
    }

    #[test]
    fn unknown_or_malformed_citations_say_why() {
        let e = parse_citation(Regime::Foia, "section 25").unwrap_err();
        assert!(e.message.contains("unknown section"), "{e:?}");
        let e = parse_citation(Regime::Foia, "31((3)").unwrap_err();
        assert!(e.message.contains("not a section citation"), "{e:?}");
        let e = parse_citation(Regime::Eir, "43(2)").unwrap_err();
        assert!(e.hint.contains("Freedom of Information Act"), "{e:?}");
    }
}
