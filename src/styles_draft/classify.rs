//! Placing each shared passage in the style slot it belongs to, by what it says and
//! where it stands in its letter: the letterhead and detail lines at the top, the
//! greeting, the opening, the request's introduction, the position statements (per
//! kind: neither confirm nor deny, refused, not held, section 12, section 14), the
//! "refusal notice" sentence, the headings, the public interest and advice wording,
//! the complaint rights, the closing and the sign-off. A passage's variables become
//! the style's template expressions (`case.date`, `case.reference`, the authority's
//! name); a passage with personal data is never placed, nor one wrong in law.

use super::align::Passage;
use super::law;
use super::mask::{shown, DateForm, Tok, Var};
use super::read::Letter;
use std::collections::BTreeSet;

/// Where a passage goes: a table of the style and a field in it (or a template).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Letter(&'static str),
    Headings(&'static str),
    Wording(&'static str),
    Template(&'static str),
}

impl Field {
    pub fn path(&self) -> String {
        match self {
            Field::Letter(k) => format!("letter.{k}"),
            Field::Headings(k) => format!("headings.{k}"),
            Field::Wording(k) => format!("wording.{k}"),
            Field::Template(k) => format!("templates.\"{k}\""),
        }
    }

    /// Fields that hold a list of lines or paragraphs.
    pub fn list(&self) -> bool {
        matches!(
            self,
            Field::Letter("letterhead" | "signature" | "detail_rows")
                | Field::Wording("opening" | "closing" | "rights")
        )
    }
}

/// A passage placed: its field, its text as a template, and the letters it came from.
#[derive(Debug, Clone)]
pub struct Placed {
    pub field: Field,
    pub value: String,
    pub letters: BTreeSet<usize>,
}

/// A passage not placed, as masked text (never its personal data), and why.
#[derive(Debug, Clone)]
pub struct Unplaced {
    pub text: String,
    pub letters: BTreeSet<usize>,
    pub why: String,
}

/// A passage left out because it states the law wrongly, with the slot it would
/// have gone to (which keeps the standard style's wording).
#[derive(Debug, Clone)]
pub struct Flagged {
    pub text: String,
    pub letters: BTreeSet<usize>,
    pub why: &'static str,
    pub field: Option<Field>,
}

#[derive(Debug, Default)]
pub struct Classified {
    pub placed: Vec<Placed>,
    pub unplaced: Vec<Unplaced>,
    pub flagged: Vec<Flagged>,
    /// Shared passages left out for holding personal data (masked).
    pub personal: Vec<Unplaced>,
}

/// Where a letter's parts stand: its body's first paragraph, and its sign-off.
struct Layout {
    body: usize,
    signoff: Option<usize>,
    len: usize,
}

fn layout(letter: &Letter) -> Layout {
    let ps = &letter.paragraphs;
    let body = ps
        .iter()
        .position(|p| {
            p.split_whitespace().count() >= 8 && p.contains(['.', ':'])
                || p.to_lowercase().starts_with("dear")
        })
        .unwrap_or(0);
    let signoff = ps.iter().position(|p| signoff(&p.to_lowercase()));
    Layout {
        body,
        signoff,
        len: ps.len().max(1),
    }
}

fn signoff(lower: &str) -> bool {
    [
        "yours sincerely",
        "yours faithfully",
        "kind regards",
        "best regards",
        "regards",
        "best wishes",
        "many thanks",
    ]
    .iter()
    .any(|s| lower.trim_end_matches([',', '.']) == *s)
}

/// Places every passage.
pub fn classify(letters: &[Letter], passages: &[Passage]) -> Classified {
    let layouts: Vec<Layout> = letters.iter().map(layout).collect();
    let mut out = Classified::default();
    // A passage with a sentence wrong in law is taken sentence by sentence, so that
    // each wrong one is flagged for its own reason and the rest still placed.
    let passages: Vec<Passage> = passages
        .iter()
        .flat_map(|p| {
            let parts = super::align::split_sentences(&p.toks);
            if parts.len() > 1 && parts.iter().any(|t| law::wrong(&shown(t)).is_some()) {
                parts
                    .into_iter()
                    .map(|toks| Passage {
                        toks,
                        whole: false,
                        ..p.clone()
                    })
                    .collect()
            } else {
                vec![p.clone()]
            }
        })
        .collect();
    for p in &passages {
        let text = shown(&p.toks);
        let lower = text.to_lowercase();
        let at = &layouts[p.letter];
        let field = slot(p, &lower, at);
        // Personal data: never learned (the requester's name after "Dear" is the
        // greeting's variable, not data).
        let greeting = matches!(field, Some(Field::Letter("salutation")));
        if !greeting && p.toks.iter().any(|t| t.var().is_some_and(Var::personal)) {
            out.personal.push(Unplaced {
                text,
                letters: p.letters.clone(),
                why: "it holds a person's name, an email address or a phone number".into(),
            });
            continue;
        }
        if let Some(why) = law::wrong(&text) {
            out.flagged.push(Flagged {
                text,
                letters: p.letters.clone(),
                why,
                field,
            });
            continue;
        }
        // The exemption differs from case to case: a passage naming one (beyond the
        // sections every refusal may speak of) would print it for cases that do not
        // rely on it.
        let general: &[&str] = match &field {
            Some(Field::Template("refusal/part/procedural.tera")) => {
                &["1", "12", "14", "16", "17", "50"]
            }
            _ => &["1", "16", "17", "50", "45", "46"],
        };
        if let Some(n) = law::cited(&text)
            .into_iter()
            .find(|n| !general.contains(&n.as_str()))
        {
            out.unplaced.push(Unplaced {
                text,
                letters: p.letters.clone(),
                why: format!(
                    "it names section {n}, which a case may not rely on{}",
                    field
                        .as_ref()
                        .map(|f| format!(" (it would go to `{}`)", f.path()))
                        .unwrap_or_default()
                ),
            });
            continue;
        }
        let Some(field) = field else {
            out.unplaced.push(Unplaced {
                text,
                letters: p.letters.clone(),
                why: "no slot of a style says this".into(),
            });
            continue;
        };
        let value = match &field {
            Field::Letter("salutation") => {
                format!("Dear {{{{ requester.name }}}}{}", trailing(&p.toks))
            }
            Field::Letter(k @ ("date_label" | "reference_label" | "request_received")) => {
                let label = label_of(&p.toks);
                let row = detail_row(k, &label, &p.toks);
                out.placed.push(Placed {
                    field: Field::Letter("detail_rows"),
                    value: row,
                    letters: p.letters.clone(),
                });
                label
            }
            Field::Template(name) => position_template(name, &template(&p.toks, &lower, true)),
            // The duties of section 1 are printed for FOIA cases only.
            Field::Wording("responsibilities") => template(&p.toks, &lower, false),
            _ => template(&p.toks, &lower, true),
        };
        out.placed.push(Placed {
            field,
            value,
            letters: p.letters.clone(),
        });
    }
    finish(&mut out);
    out
}

/// Complaint rights taken together must keep what section 17(7) requires; single
/// fields hold one passage (more, from one paragraph run, are joined).
fn finish(out: &mut Classified) {
    let rights: Vec<&Placed> = out
        .placed
        .iter()
        .filter(|p| p.field == Field::Wording("rights"))
        .collect();
    if !rights.is_empty() {
        let all: String = rights
            .iter()
            .map(|p| p.value.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(why) = law::rights_incomplete(&all) {
            let letters = rights
                .iter()
                .flat_map(|p| p.letters.iter().copied())
                .collect();
            out.flagged.push(Flagged {
                text: all,
                letters,
                why,
                field: Some(Field::Wording("rights")),
            });
            out.placed.retain(|p| p.field != Field::Wording("rights"));
        }
    }
    signature(out);
    // Detail lines that replace the standard ones keep the letter's date.
    let rows = |out: &Classified| {
        out.placed
            .iter()
            .filter(|p| p.field == Field::Letter("detail_rows"))
            .count()
    };
    let dated = out
        .placed
        .iter()
        .any(|p| p.field == Field::Letter("detail_rows") && p.value.contains("case.date"));
    if rows(out) > 0 && !dated {
        out.placed.push(Placed {
            field: Field::Letter("detail_rows"),
            value: "Date | {{ case.date | date }}".into(),
            letters: BTreeSet::new(),
        });
    }
    let mut seen: Vec<Field> = Vec::new();
    let mut kept: Vec<Placed> = Vec::new();
    for p in std::mem::take(&mut out.placed) {
        if p.field.list() {
            if !kept
                .iter()
                .any(|k| k.field == p.field && k.value == p.value)
            {
                kept.push(p);
            }
            continue;
        }
        if seen.contains(&p.field) {
            let first = kept.iter_mut().find(|k| k.field == p.field).expect("seen");
            let joinable = matches!(p.field, Field::Wording(_));
            if joinable {
                first.value = format!("{} {}", first.value, p.value);
                first.letters.extend(p.letters.iter().copied());
            } else {
                out.unplaced.push(Unplaced {
                    text: p.value,
                    letters: p.letters,
                    why: format!("`{}` already holds another passage", p.field.path()),
                });
            }
            continue;
        }
        seen.push(p.field.clone());
        kept.push(p);
    }
    out.placed = kept;
}

/// The signature as the standard style has it (the officer's name on the letter
/// only), the learned lines after it: the first as the case's role when the case
/// gives one (a role may be learned, a name never), the rest as written.
fn signature(out: &mut Classified) {
    let learned: Vec<Placed> = out
        .placed
        .iter()
        .filter(|p| p.field == Field::Letter("signature"))
        .cloned()
        .collect();
    if learned.is_empty() {
        return;
    }
    out.placed.retain(|p| p.field != Field::Letter("signature"));
    let mut lines = vec![Placed {
        value:
            "{% if copy == 'letter' and case.signatory.name %}{{ case.signatory.name }}{% endif %}"
                .into(),
        ..learned[0].clone()
    }];
    for (i, p) in learned.into_iter().enumerate() {
        let value = if i == 0 && !p.value.contains("{{") {
            format!("{{% if case.signatory.role %}}{{{{ case.signatory.role }}}}{{% else %}}{}{{% endif %}}", p.value)
        } else {
            p.value.clone()
        };
        lines.push(Placed { value, ..p });
    }
    out.placed.extend(lines);
}

/// The trailing punctuation of a passage's last token ("," after "Dear Jane").
fn trailing(toks: &[Tok]) -> String {
    match toks.last() {
        Some(Tok::Var { post, .. }) => post.clone(),
        _ => String::new(),
    }
}

/// A label line's label: its words before the variable, without a final colon.
fn label_of(toks: &[Tok]) -> String {
    let words: Vec<String> = toks
        .iter()
        .take_while(|t| t.var().is_none())
        .map(|t| match t {
            Tok::Word(w) => w.clone(),
            Tok::Var { .. } => String::new(),
        })
        .collect();
    escape(words.join(" ").trim_end_matches(':').trim())
}

/// The detail row a label line gives ("Label | value").
fn detail_row(field: &str, label: &str, toks: &[Tok]) -> String {
    let form = toks.iter().find_map(|t| match t.var() {
        Some(Var::Date(f)) => Some(f),
        _ => None,
    });
    let value = match field {
        "reference_label" => "{{ case.reference }}".to_string(),
        "request_received" => format!(
            "{{{{ case.request.date | {} }}}}",
            form.unwrap_or(DateForm::Long).filter()
        ),
        _ => format!(
            "{{{{ case.date | {} }}}}",
            form.unwrap_or(DateForm::Long).filter()
        ),
    };
    format!("{label} | {value}")
}

/// The slot a passage belongs to, if any.
fn slot(p: &Passage, lower: &str, at: &Layout) -> Option<Field> {
    let words = p.toks.len();
    let rel = p.paragraph as f32 / at.len as f32;
    let after_signoff = at
        .signoff
        .is_some_and(|s| p.paragraph > s && p.paragraph <= s + 4);
    let has = |w: &str| lower.contains(w);
    let vars: Vec<Var> = p.toks.iter().filter_map(Tok::var).collect();
    // Detail lines: a label and one date or reference.
    if p.whole && words <= 7 && vars.len() == 1 && p.toks.last().and_then(Tok::var).is_some() {
        match vars[0] {
            Var::Reference => return Some(Field::Letter("reference_label")),
            Var::Date(_) if has("receiv") => return Some(Field::Letter("request_received")),
            Var::Date(_) => return Some(Field::Letter("date_label")),
            _ => {}
        }
    }
    if p.whole && lower.starts_with("dear") {
        return if vars.contains(&Var::Person) {
            Some(Field::Letter("salutation"))
        } else if words > 1 {
            Some(Field::Letter("salutation_unknown"))
        } else {
            None
        };
    }
    if p.whole && signoff(lower) {
        return Some(Field::Letter("sign_off"));
    }
    if after_signoff && p.whole && words <= 10 {
        return Some(Field::Letter("signature"));
    }
    let sentence = lower.trim_end().ends_with(['.', '?', '!']);
    if p.whole && words <= 8 && !sentence {
        if let Some(h) = heading(lower.trim_end_matches(':')) {
            return Some(h);
        }
    }
    if p.whole && p.paragraph < at.body && words <= 12 {
        return Some(Field::Letter("letterhead"));
    }
    if p.whole && words <= 8 && !sentence {
        return None;
    }
    // Sentences, by what they say.
    if has("refusal notice") {
        return Some(Field::Wording("refusal_notice"));
    }
    if (has("should not be taken") || has("no inference") || has("not be taken as"))
        && (has("exist") || has("held") || has("indicat"))
    {
        return Some(Field::Wording("ncnd_caveat"));
    }
    if has("neither confirm nor deny") {
        return Some(Field::Wording("ncnd_all"));
    }
    if has("two duties")
        || has("two responsibilities")
        || has("section 1 of the")
        || has("duties on public authorities")
    {
        return Some(Field::Wording("responsibilities"));
    }
    if has("absolute") && has("exemption") {
        return Some(Field::Wording("absolute"));
    }
    if has("public interest") {
        return Some(Field::Wording("public_interest_intro"));
    }
    if has("section 16") || has("advice and assistance") {
        return Some(Field::Wording("advice_intro"));
    }
    if (has("apolog") || has("sorry")) && (has("delay") || has("late")) {
        return Some(Field::Wording("late_apology"));
    }
    if has("internal review")
        || has("information commissioner")
        || has("complain")
        || has("section 50")
    {
        return Some(Field::Wording("rights"));
    }
    if has("available here") || has("shown here") || has("guidance") || has("explanatory notes") {
        return Some(Field::Wording("guidance"));
    }
    if has("not held") || has("does not hold") || has("do not hold") || has("holds no information")
    {
        return Some(Field::Template("refusal/part/not-held.tera"));
    }
    if has("appropriate limit")
        || has("fees limit")
        || has("cost limit")
        || has("appropriate level")
        || has("vexatious")
    {
        return Some(Field::Template("refusal/part/procedural.tera"));
    }
    if has("exempt")
        || has("withh")
        || has("unable to provide")
        || has("not obliged to supply")
        || has("not required by statute")
    {
        return Some(Field::Template("refusal/part/refused.tera"));
    }
    if lower.trim_end().ends_with(':') && (has("request") || has("asked") || has("following")) {
        return Some(Field::Wording("request_intro"));
    }
    if rel < 0.4 && (has("request") || has("thank") || has("write") || has("receiv")) {
        return Some(Field::Wording("opening"));
    }
    if rel >= 0.6 && sentence {
        return Some(Field::Wording("closing"));
    }
    None
}

/// The heading a short line is, by its words.
fn heading(lower: &str) -> Option<Field> {
    let has = |w: &str| lower.contains(w);
    let key = if has("favour") {
        "favouring"
    } else if has("against") {
        "against"
    } else if has("balanc") {
        "balance"
    } else if has("harm") || has("prejudice") {
        "harm"
    } else if has("public interest") {
        "public_interest"
    } else if has("advice") {
        "advice"
    } else if has("right") || has("complain") || has("appeal") {
        "rights"
    } else if has("reason") || has("decision") {
        "reasons"
    } else if has("response") || has("reply") || has("answer") {
        "response"
    } else if has("request") {
        "request"
    } else {
        return None;
    };
    Some(Field::Headings(key))
}

/// A position statement's template: the letters' sentence, then the built-in
/// statement, so that what the law and the case require is still said.
fn position_template(name: &str, sentence: &str) -> String {
    let builtin = crate::templates::BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or("");
    // The built-in template's leading comment and set lines stay first.
    let (head, body) = split_header(builtin);
    // The section 12 and 14 statement share a template: each learned sentence is
    // printed for the section it speaks of.
    let lower = sentence.to_lowercase();
    let learned = if name != "refusal/part/procedural.tera" {
        sentence.to_string()
    } else if lower.contains("vexatious") || lower.contains("repeated") {
        format!("{{% if \"section 14\" in part.short %}}{sentence}{{% endif %}}")
    } else {
        format!("{{% if \"section 12\" in part.short %}}{sentence}{{% endif %}}")
    };
    format!("{head}{learned}\n\n{body}")
}

/// A template's leading `{%- set … -%}` and `{#- … -#}` lines, and the rest.
fn split_header(t: &str) -> (&str, &str) {
    let mut at = 0;
    loop {
        let rest = &t[at..];
        let end = if rest.starts_with("{%- set") || rest.starts_with("{% set") {
            rest.find("%}").map(|i| i + 2)
        } else if rest.starts_with("{#") {
            rest.find("#}").map(|i| i + 2)
        } else {
            None
        };
        match end {
            Some(e) => {
                at += e;
                while t[at..].starts_with('\n') {
                    at += 1;
                }
            }
            None => return (&t[..at], &t[at..]),
        }
    }
}

/// A passage as a style's template: its words as notice markup, its variables as
/// the case's facts. A date is the request's where the sentence speaks of the
/// request's receipt, else the letter's. With `regime`, the Freedom of Information
/// Act 2000 it names becomes the case's regime's law.
pub fn template(toks: &[Tok], lower: &str, regime: bool) -> String {
    let requested =
        lower.contains("receiv") || lower.contains("request of") || lower.contains("dated");
    let mut out: Vec<String> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let text = match t {
            Tok::Word(w) if i == 0 => escape(w),
            Tok::Word(w) => escape_inline(w),
            Tok::Var { var, pre, post } => {
                let expr = match var {
                    Var::Date(form) if requested => {
                        format!("{{{{ case.request.date | {} }}}}", form.filter())
                    }
                    Var::Date(form) => format!("{{{{ case.date | {} }}}}", form.filter()),
                    Var::Reference => "{{ case.reference }}".into(),
                    Var::Authority => "{{ case.authority.name }}".into(),
                    Var::Person => "{{ requester.name }}".into(),
                    Var::Email | Var::Phone => String::new(),
                };
                format!("{}{expr}{}", escape_inline(pre), escape_inline(post))
            }
        };
        out.push(text);
    }
    let text = out.join(" ");
    // The Act a sentence names is the case's regime's: under the EIR, the
    // Regulations; not where it cites the Act's sections or calls it "FOIA".
    if !regime || !law::cited(&text).is_empty() || text.contains("FOIA") {
        return text;
    }
    text.replace(
        "Freedom of Information Act 2000",
        "{% if case.regime == 'EIR' %}Environmental Information Regulations 2004{% else %}Freedom of Information Act 2000{% endif %}",
    )
}

/// Text as notice markup at a paragraph's start (a line kept as it is otherwise).
pub fn escape(text: &str) -> String {
    let inline = escape_inline(text);
    match inline.chars().next() {
        Some('@' | '=' | ':' | '#' | '¶' | '>' | '-' | '|') => format!("\\{inline}"),
        _ => inline,
    }
}

/// Text as notice markup inside a paragraph, and never a template's tag.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '*' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '{' => out.push_str("{{ '{' }}"),
            '}' => out.push_str("{{ '}' }}"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_act_a_sentence_names_follows_the_regime_unless_it_cites_its_sections() {
        let m = super::super::mask::Masker::new(None, Vec::new());
        let t = |s: &str, regime: bool| template(&m.mask(s), &s.to_lowercase(), regime);
        let eir = "{% if case.regime == 'EIR' %}Environmental Information Regulations 2004{% else %}Freedom of Information Act 2000{% endif %}";
        assert_eq!(
            t(
                "We have dealt with it under the Freedom of Information Act 2000.",
                true
            ),
            format!("We have dealt with it under the {eir}.")
        );
        for (s, regime) in [
            (
                "Section 1 of the Freedom of Information Act 2000 places two duties.",
                true,
            ),
            (
                "We have dealt with it under the Freedom of Information Act 2000.",
                false,
            ),
            ("The Freedom of Information Act 2000 (FOIA) applies.", true),
        ] {
            assert_eq!(t(s, regime), s);
        }
    }

    #[test]
    fn markup_and_template_characters_are_escaped() {
        assert_eq!(escape("- a {x} | b"), "\\- a {{ '{' }}x{{ '}' }} \\| b");
    }
}
