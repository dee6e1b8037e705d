//! The template engine: built-in templates embedded in the binary, overridden file by
//! file from a user's directory, and the helpers (filters) templates format with.

use crate::error::Error;
use crate::markup;
use chrono::{Datelike, NaiveDate};
use sha2::Digest as _;
use std::path::Path;
use tera::{Kwargs, State, Tera, TeraResult, Value};

/// The built-in templates, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "decision-notice.tera",
        include_str!("../templates/decision-notice.tera"),
    ),
    (
        "refusal-notice.tera",
        include_str!("../templates/refusal-notice.tera"),
    ),
    (
        "decision/header.tera",
        include_str!("../templates/decision/header.tera"),
    ),
    (
        "decision/decision.tera",
        include_str!("../templates/decision/decision.tera"),
    ),
    (
        "decision/background.tera",
        include_str!("../templates/decision/background.tera"),
    ),
    (
        "decision/request.tera",
        include_str!("../templates/decision/request.tera"),
    ),
    (
        "decision/scope.tera",
        include_str!("../templates/decision/scope.tera"),
    ),
    (
        "decision/reasons.tera",
        include_str!("../templates/decision/reasons.tera"),
    ),
    (
        "decision/follow-on.tera",
        include_str!("../templates/decision/follow-on.tera"),
    ),
    (
        "decision/compliance.tera",
        include_str!("../templates/decision/compliance.tera"),
    ),
    (
        "decision/procedural.tera",
        include_str!("../templates/decision/procedural.tera"),
    ),
    (
        "decision/other-matters.tera",
        include_str!("../templates/decision/other-matters.tera"),
    ),
    (
        "decision/appeal.tera",
        include_str!("../templates/decision/appeal.tera"),
    ),
    (
        "decision/signature.tera",
        include_str!("../templates/decision/signature.tera"),
    ),
    (
        "decision/annex.tera",
        include_str!("../templates/decision/annex.tera"),
    ),
    (
        "decision-notice-2005.tera",
        include_str!("../templates/decision-notice-2005.tera"),
    ),
    (
        "decision-2005/header.tera",
        include_str!("../templates/decision-2005/header.tera"),
    ),
    (
        "decision-2005/summary.tera",
        include_str!("../templates/decision-2005/summary.tera"),
    ),
    (
        "decision-2005/body.tera",
        include_str!("../templates/decision-2005/body.tera"),
    ),
    (
        "decision-2005/decision.tera",
        include_str!("../templates/decision-2005/decision.tera"),
    ),
    (
        "decision-2005/appeal.tera",
        include_str!("../templates/decision-2005/appeal.tera"),
    ),
    (
        "decision/breach.tera",
        include_str!("../templates/decision/breach.tera"),
    ),
    (
        "decision/went-wrong.tera",
        include_str!("../templates/decision/went-wrong.tera"),
    ),
    (
        "decision/position.tera",
        include_str!("../templates/decision/position.tera"),
    ),
    (
        "decision/events-before.tera",
        include_str!("../templates/decision/events-before.tera"),
    ),
    (
        "decision/response.tera",
        include_str!("../templates/decision/response.tera"),
    ),
    (
        "decision/review.tera",
        include_str!("../templates/decision/review.tera"),
    ),
    (
        "decision/events-before.tera",
        include_str!("../templates/decision/events-before.tera"),
    ),
    (
        "decision/events-during.tera",
        include_str!("../templates/decision/events-during.tera"),
    ),
    (
        "refusal/response.tera",
        include_str!("../templates/refusal/response.tera"),
    ),
    (
        "refusal/exemptions.tera",
        include_str!("../templates/refusal/exemptions.tera"),
    ),
    (
        "refusal/public-interest.tera",
        include_str!("../templates/refusal/public-interest.tera"),
    ),
    (
        "refusal/rights.tera",
        include_str!("../templates/refusal/rights.tera"),
    ),
    (
        "refusal/procedural.tera",
        include_str!("../templates/refusal/procedural.tera"),
    ),
    (
        "refusal/request.tera",
        include_str!("../templates/refusal/request.tera"),
    ),
    (
        "refusal/part/not-held.tera",
        include_str!("../templates/refusal/part/not-held.tera"),
    ),
    (
        "refusal/part/ncnd.tera",
        include_str!("../templates/refusal/part/ncnd.tera"),
    ),
    (
        "refusal/part/procedural.tera",
        include_str!("../templates/refusal/part/procedural.tera"),
    ),
    (
        "refusal/part/refused.tera",
        include_str!("../templates/refusal/part/refused.tera"),
    ),
    (
        "refusal/part/transferred.tera",
        include_str!("../templates/refusal/part/transferred.tera"),
    ),
    (
        "refusal/part/notes.tera",
        include_str!("../templates/refusal/part/notes.tera"),
    ),
    (
        "refusal/part/answer.tera",
        include_str!("../templates/refusal/part/answer.tera"),
    ),
    (
        "refusal/annex.tera",
        include_str!("../templates/refusal/annex.tera"),
    ),
];

/// A ready engine and a fingerprint of the template texts it was built from, with
/// the engines built for house styles that replace templates (each built once).
pub struct Templates {
    pub tera: Tera,
    /// SHA-256 of every template's name and text, for the bulk manifest.
    pub fingerprint: String,
    sources: Vec<(String, String)>,
    /// The templates the user's directory gave: a style never replaces them.
    from_user: std::collections::HashSet<String>,
    styled: std::sync::Mutex<HashMap<String, Arc<Tera>>>,
}

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A new engine with the filters, escaping and the given templates.
fn engine(sources: &[(String, String)]) -> Result<Tera, Error> {
    let mut tera = Tera::new();
    // Filters must be registered before templates are added.
    register(&mut tera);
    tera.autoescape_on([".tera"]);
    tera.set_escape_fn(|input: &str, out: &mut dyn std::io::Write| {
        out.write_all(markup::escape(input).as_bytes())
    });
    // Added together, so that includes resolve whatever the order.
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| Error::template("templates", e))?;
    Ok(tera)
}

fn fingerprint(sources: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = sources.iter().collect();
    sorted.sort();
    let mut h = sha2::Sha256::new();
    for (n, t) in sorted {
        sha2::Digest::update(&mut h, n.as_bytes());
        sha2::Digest::update(&mut h, [0]);
        sha2::Digest::update(&mut h, t.as_bytes());
        sha2::Digest::update(&mut h, [0]);
    }
    crate::english::hex(&sha2::Digest::finalize(h))
}

impl Templates {
    /// The built-in templates, with any file of the same name in `dir` taking their
    /// place. Files in `dir` with new names are added too (for new partials).
    pub fn load(dir: Option<&Path>) -> Result<Templates, Error> {
        let mut sources: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let mut from_user = std::collections::HashSet::new();
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(Error::Usage(format!(
                    "the template directory {} does not exist\nhelp: give --templates a directory holding .tera files named like the built-ins (see docs/templates.md)",
                    dir.display()
                )));
            }
            for path in walk(dir)? {
                let name = path
                    .strip_prefix(dir)
                    .expect("walked under dir")
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                if let Some(message) = crate::text::forbidden_in_file(&text) {
                    return Err(Error::Template { name, message });
                }
                from_user.insert(name.clone());
                match sources.iter_mut().find(|(n, _)| *n == name) {
                    Some(entry) => entry.1 = text,
                    None => sources.push((name, text)),
                }
            }
        }
        Ok(Templates {
            tera: engine(&sources)?,
            fingerprint: fingerprint(&sources),
            sources,
            from_user,
            styled: Default::default(),
        })
    }

    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Error> {
        self.tera
            .render(name, ctx)
            .map_err(|e| Error::template(name, e))
    }

    /// Runs `f` with the engine for a house style's template overrides: the plain
    /// engine when it has none, else one built once per set of overrides. Templates
    /// from the user's `--templates` directory win over a style's: they are the
    /// most specific choice, made at the command line.
    pub fn with_overrides<R>(
        &self,
        overrides: &BTreeMap<String, String>,
        f: impl FnOnce(&Tera) -> R,
    ) -> Result<R, Error> {
        let overrides: Vec<_> = overrides
            .iter()
            .filter(|(name, _)| !self.from_user.contains(*name))
            .collect();
        if overrides.is_empty() {
            return Ok(f(&self.tera));
        }
        // The engine is keyed by the overrides alone (the rest of the sources are
        // this `Templates`' own): no copy of every template on a hit.
        let key = {
            let pairs: Vec<(String, String)> = overrides
                .iter()
                .map(|(n, t)| ((*n).clone(), (*t).clone()))
                .collect();
            fingerprint(&pairs)
        };
        let tera = {
            let mut cache = self.styled.lock().unwrap_or_else(|e| e.into_inner());
            match cache.get(&key) {
                Some(t) => t.clone(),
                None => {
                    let mut sources = self.sources.clone();
                    for (name, text) in overrides {
                        match sources.iter_mut().find(|(n, _)| n == name) {
                            Some(entry) => entry.1 = text.clone(),
                            None => sources.push((name.clone(), text.clone())),
                        }
                    }
                    let t = Arc::new(engine(&sources)?);
                    cache.insert(key, t.clone());
                    t
                }
            }
        };
        Ok(f(&tera))
    }
}

/// The `.tera` files under a template directory. Links are followed only where they
/// lead inside the directory itself (its real path), and each real directory is
/// visited once, so a link cycle (`a -> .`) ends; a link that leads outside is refused,
/// so that a template can never read a file such as `/etc/passwd` into a notice.
fn walk(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    let root = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
    let mut out = Vec::new();
    let mut visited = std::collections::HashSet::from([root.clone()]);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))? {
            let path = entry.map_err(|e| Error::io(&d, e))?.path();
            let link = path
                .symlink_metadata()
                .map_err(|e| Error::io(&path, e))?
                .file_type()
                .is_symlink();
            let real = match path.canonicalize() {
                Ok(r) => r,
                // A dangling link names no template.
                Err(_) if link => continue,
                Err(e) => return Err(Error::io(&path, e)),
            };
            if link && !real.starts_with(&root) {
                if real.is_dir() || path.extension().is_some_and(|e| e == "tera") {
                    return Err(Error::Usage(format!(
                        "{} is a link to {}, outside the template directory {}\nhelp: copy the template into the directory instead of linking to it",
                        path.display(),
                        real.display(),
                        dir.display()
                    )));
                }
                continue;
            }
            if real.is_dir() {
                if visited.insert(real) {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "tera") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2018-09-20` → `20 September 2018`.
pub fn long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// `2025-07-24` → `24th July 2025`.
pub fn ordinal_date(d: NaiveDate) -> String {
    let day = d.day();
    let suffix = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{day}{suffix} {} {}", MONTHS[d.month0() as usize], d.year())
}

pub use crate::english::join_and;

/// 5 → "five"; numbers above twenty stay as digits.
pub fn number_words(n: u64) -> String {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// `[1, 2, 3, 4, 6]` → `questions 1-4 and 6`; `[5]` → `question 5`.
pub fn questions(nums: &[u64]) -> String {
    let mut sorted = nums.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        runs.push(match end - start {
            0 => start.to_string(),
            1 => format!("{start} and {end}"),
            _ => format!("{start}-{end}"),
        });
        i += 1;
    }
    let word = if sorted.len() == 1 {
        "question"
    } else {
        "questions"
    };
    format!("{word} {}", join_and(&runs))
}

fn value_strings(v: &Value) -> TeraResult<Vec<String>> {
    let arr = v
        .as_array()
        .ok_or_else(|| tera::Error::message(format!("expected a list, got {}", v.name())))?;
    Ok(arr
        .iter()
        .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
        .collect())
}

fn register(tera: &mut Tera) {
    tera.register_filter(
        "date",
        |v: &str, kwargs: Kwargs, state: &State| -> TeraResult<String> {
            // The form a refusal letter's house style writes its dates in
            // (`letter.date_format`, given to the templates as `date_format`): the
            // default where a call asks for no form of its own.
            let house = match kwargs
                .get::<bool>("numeric")?
                .or(kwargs.get::<bool>("ordinal")?)
                .or(kwargs.get::<bool>("padded")?)
                .or(kwargs.get::<bool>("month")?)
            {
                Some(_) => None,
                None => state.get::<String>("date_format")?,
            };
            let house = |form: &str| house.as_deref() == Some(form);
            // `date(ordinal=true)`: "24th July 2025"; `date(padded=true)`: "09 July
            // 2011"; as some authorities write them.
            // `date(month=true)`: "November 2022".
            let ordinal = kwargs.get::<bool>("ordinal")?.unwrap_or(house("ordinal"));
            let padded = kwargs.get::<bool>("padded")?.unwrap_or(house("padded"));
            let month = kwargs.get::<bool>("month")?.unwrap_or(false);
            // `date(numeric=true)`: "09/02/2019".
            let numeric = kwargs.get::<bool>("numeric")?.unwrap_or(house("numeric"));
            let name = |d: NaiveDate| MONTHS[d.month0() as usize];
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map(|d| match (ordinal, padded, month) {
                    _ if numeric => d.format("%d/%m/%Y").to_string(),
                    (_, _, true) => format!("{} {}", name(d), d.year()),
                    (true, ..) => ordinal_date(d),
                    (false, true, _) => format!("{:02} {} {}", d.day(), name(d), d.year()),
                    _ => long_date(d),
                })
                .map_err(|_| {
                    tera::Error::message(format!(
                        "the date filter needs a YYYY-MM-DD date, got `{v}`"
                    ))
                })
        },
    );
    tera.register_filter(
        "join_and",
        |v: &Value, _: Kwargs, _: &State| -> TeraResult<String> {
            Ok(join_and(&value_strings(v)?))
        },
    );
    tera.register_filter("words", |v: u64, _: Kwargs, _: &State| number_words(v));
    tera.register_filter(
        "questions",
        |v: &Value, _: Kwargs, _: &State| -> TeraResult<String> {
            let arr = v.as_array().ok_or_else(|| {
                tera::Error::message("the questions filter needs a list of numbers")
            })?;
            let nums: Vec<u64> = arr.iter().filter_map(|x| x.as_u64()).collect();
            Ok(questions(&nums))
        },
    );
    tera.register_filter("possessive", |v: &str, _: Kwargs, _: &State| {
        format!("{v}'s")
    });
    tera.register_filter("cap", |v: tera::StringInput, _: Kwargs, _: &State| {
        let s = v.as_str();
        let mut c = s.chars();
        let out = match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => String::new(),
        };
        v.inherit_safety(out)
    });
    tera.register_filter("title_case", |v: &str, _: Kwargs, _: &State| title_case(v));
    // Prose filters: the case file's markup passes through (it was checked on load).
    tera.register_filter("prose", |v: &str, _: Kwargs, _: &State| {
        Value::safe_string(&markup::prose_to_markup(v, false))
    });
    tera.register_filter("numbered", |v: &str, _: Kwargs, _: &State| {
        Value::safe_string(&markup::prose_to_markup(v, true))
    });
    tera.register_filter("quote", |v: &str, _: Kwargs, _: &State| {
        Value::safe_string(&markup::quote_to_markup(v))
    });
    tera.register_filter("inline", |v: &str, _: Kwargs, _: &State| {
        Value::safe_string(&crate::text::inline_in_sentence(v))
    });
    // The field's words inside a longer sentence: its final full stop, if any, dropped.
    tera.register_filter("clause", |v: &str, _: Kwargs, _: &State| {
        let s = crate::text::inline_in_sentence(v);
        let t = s.trim_end();
        let t = match t.strip_suffix('.') {
            Some(rest) if !rest.ends_with('.') => rest,
            _ => t,
        };
        Value::safe_string(t)
    });
    // The field's words as the end of a sentence: a full stop added only where the
    // caseworker did not end it (never two).
    tera.register_filter("sentence", |v: &str, _: Kwargs, _: &State| {
        let mut s = crate::text::inline_in_sentence(v);
        if !crate::text::ends_sentence(v) {
            s.push('.');
        }
        Value::safe_string(&s)
    });
}

/// Words a title keeps in lower case unless they open it ("Investigations and
/// Proceedings", "Cost of Compliance").
const MINOR_WORDS: [&str; 17] = [
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on",
    "or", "the", "to",
];

/// Capitalises each word of a title but the minor ones after the first.
pub fn title_case(v: &str) -> String {
    v.split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && MINOR_WORDS.contains(&w.to_lowercase().as_str()) {
                return w.to_lowercase();
            }
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_keep_minor_words_in_lower_case() {
        assert_eq!(
            title_case("investigations and proceedings"),
            "Investigations and Proceedings"
        );
        assert_eq!(title_case("cost of compliance"), "Cost of Compliance");
        assert_eq!(title_case("law enforcement"), "Law Enforcement");
        assert_eq!(title_case("the economy"), "The Economy");
        assert_eq!(title_case("Health And Safety"), "Health and Safety");
    }

    #[test]
    fn ordinal_dates_take_the_right_suffix() {
        let d = |y, m, day| ordinal_date(NaiveDate::from_ymd_opt(y, m, day).unwrap());
        assert_eq!(d(2025, 7, 24), "24th July 2025");
        assert_eq!(d(2025, 7, 1), "1st July 2025");
        assert_eq!(d(2025, 7, 2), "2nd July 2025");
        assert_eq!(d(2025, 7, 3), "3rd July 2025");
        assert_eq!(d(2025, 7, 11), "11th July 2025");
        assert_eq!(d(2025, 7, 12), "12th July 2025");
        assert_eq!(d(2025, 7, 13), "13th July 2025");
        assert_eq!(d(2025, 7, 21), "21st July 2025");
        assert_eq!(d(2025, 7, 22), "22nd July 2025");
        assert_eq!(d(2025, 7, 31), "31st July 2025");
    }

    #[test]
    fn dates_lists_numbers_questions() {
        assert_eq!(
            long_date(NaiveDate::from_ymd_opt(2018, 9, 20).unwrap()),
            "20 September 2018"
        );
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(join_and(&["a".into()]), "a");
        assert_eq!(number_words(5), "five");
        assert_eq!(number_words(42), "42");
        assert_eq!(questions(&[1, 2, 3, 4, 6]), "questions 1-4 and 6");
        assert_eq!(questions(&[5]), "question 5");
        assert_eq!(questions(&[2, 1]), "questions 1 and 2");
    }

    #[test]
    fn builtins_parse() {
        Templates::load(None).unwrap();
    }

    #[test]
    fn plain_values_are_escaped_but_prose_is_not() {
        let t = Templates::load(None).unwrap();
        let mut tera = t.tera;
        tera.add_raw_template("t.tera", "{{ a }}|{{ b | prose }}")
            .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("a", "# *x*");
        ctx.insert("b", "*y*");
        assert_eq!(tera.render("t.tera", &ctx).unwrap(), "\\# \\*x\\*|*y*");
    }
}
