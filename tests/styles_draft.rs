//! `foinotice styles draft` and `styles compare`: a style drafted from an authority's
//! letters (text, Word and PDF, in different layouts) is what they share, placed in
//! its slots with the letters it came from, passes the style check and renders every
//! refusal example; it never holds a name, an email address or a phone number, nor a
//! passage found in one letter only; wording wrong in law is flagged and not learned;
//! one letter is refused; an existing file is never overwritten. The letters are
//! written here (no corpus text), the Word and PDF ones with the project's renderers.

mod common;

use foinotice::style::Style;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn foinotice(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_foinotice"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// One case's facts in a letter of the (invented) Northshire Police.
struct Case<'a> {
    requester: &'a str,
    reference: &'a str,
    received: &'a str,
    dated: &'a str,
    request: &'a str,
    /// Only this letter's sentence: a case fact.
    own: &'a str,
    /// A sentence of the authority's that states the law wrongly, if any.
    wrong: &'a str,
}

/// The force's letter as plain text: in its usual layout, or (`compact`) as another
/// office of the force lays it out: the letterhead on one line, the greeting before
/// the reference, and the opening and the response each run into one paragraph.
fn letter(c: &Case, compact: bool) -> String {
    let head = if compact {
        format!("Northshire Police - Freedom of Information Unit - Northtown\n\nDear {}\n\nOur Ref: {}\nDate: {}\n\n", c.requester, c.reference, c.dated)
    } else {
        format!(
            "Northshire Police\nFreedom of Information Unit\nPolice Headquarters, Northtown NT1 1AA\n\nOur Ref: {}\nDate: {}\n\nDear {}\n\n",
            c.reference, c.dated, c.requester
        )
    };
    let gap = if compact { " " } else { "\n\n" };
    format!(
        "{head}\
Thank you for your request for information, which was received by Northshire Police on {received}. Your request has been dealt with under the Freedom of Information Act 2000.\n\n\
Request\n\n\
{request}\n\n\
Response\n\n\
Northshire Police can neither confirm nor deny that it holds the information you requested.{gap}\
{own}{gap}\
In accordance with the Freedom of Information Act 2000, this letter acts as a Refusal Notice for this request.\n\n\
Where the cost of locating and retrieving information exceeds the appropriate limit, the Act does not oblige the force to provide it.\n\n\
Sections 24 and 31 are prejudice based qualified exemptions, so the public interest has been weighed.\n\n\
This response should not be taken as an indication that the information you have requested does or does not exist.\n\n\
{wrong}\n\n\
You may contact the unit at john.doe@northshire.police.example or on 01632 960 123 with any question.\n\n\
Your right to complain\n\n\
If you are dissatisfied with this response you may ask for an internal review within 40 working days. If you remain dissatisfied after the review you may complain to the Information Commissioner under section 50 of the Act.\n\n\
Yours sincerely\n\n\
John Doe\nDisclosure Officer\n",
        received = c.received,
        request = c.request,
        own = c.own,
        wrong = c.wrong,
    )
}

fn cases() -> [Case<'static>; 3] {
    [
        Case {
            requester: "Jane Smith",
            reference: "1234/21",
            received: "1 February 2021",
            dated: "3 March 2021",
            request: "Please tell me how many speed cameras were installed on the A1 in 2020.",
            own: "The cameras on the ring road were moved in 2019 after a review of casualties.",
            wrong: "",
        },
        Case {
            requester: "Ahmed Khan",
            reference: "5678/21",
            received: "12 April 2021",
            dated: "30 April 2021",
            request: "I would like the number of officers trained in covert surveillance.",
            own: "Training records are kept by the regional unit in Southtown.",
            wrong: "",
        },
        Case {
            requester: "Maria Garcia",
            reference: "9012/22",
            received: "5 January 2022",
            dated: "28 January 2022",
            request: "How many informants did the force pay in 2021?",
            own: "Payments to informants are audited each year by the Commissioner's office.",
            wrong: "",
        },
    ]
}

/// Letter text as notice markup, each paragraph as written (short lines kept).
fn markup(text: &str) -> String {
    text.split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .map(|b| {
            b.lines()
                .map(|l| format!("| {}", foinotice::markup::escape(l)))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn document(text: &str) -> foinotice::model::Document {
    foinotice::markup::parse_document(&format!("@title: Letter\n\n{}", markup(text)), &[]).unwrap()
}

fn docx(text: &str) -> Vec<u8> {
    foinotice::render::docx::render(&document(text)).unwrap()
}

fn pdf(text: &str) -> Vec<u8> {
    foinotice::render::pdf::render(&foinotice::render::pdf::Cache::new(), &document(text)).unwrap()
}

/// The three letters, as text, Word and PDF, the PDF one in the other layout.
fn three_formats(dir: &Path, cases: &[Case]) -> Vec<PathBuf> {
    let a = dir.join("a.txt");
    std::fs::write(&a, letter(&cases[0], false)).unwrap();
    let b = dir.join("b.docx");
    std::fs::write(&b, docx(&letter(&cases[1], false))).unwrap();
    let c = dir.join("c.pdf");
    std::fs::write(&c, pdf(&letter(&cases[2], true))).unwrap();
    vec![a, b, c]
}

fn draft(dir: &Path, letters: &[PathBuf], extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["styles".into(), "draft".into()];
    args.extend(letters.iter().map(|p| p.display().to_string()));
    args.extend(["--name".into(), "northshire".into()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    foinotice(&args, dir)
}

fn load(dir: &Path) -> (String, Style) {
    let text = std::fs::read_to_string(dir.join("northshire.toml")).unwrap();
    let style = foinotice::style::resolve("northshire.toml", dir, None)
        .unwrap_or_else(|d| panic!("{d}\n{text}"));
    (text, style)
}

/// A style's values as text (its comments left out), for what it would print.
fn values(style: &Style) -> String {
    toml::to_string(style).unwrap()
}

#[test]
fn a_style_is_drafted_from_text_word_and_pdf_letters_with_its_sources() {
    let dir = common::scratch("draft-formats");
    let letters = three_formats(&dir, &cases());
    let out = draft(&dir, &letters, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (text, style) = load(&dir);
    // The shared wording, in its slots, with the case's facts as variables.
    let opening = match &style.wording.opening[..] {
        [foinotice::style::Paragraph::Always(s)] => s.clone(),
        other => panic!("opening: {other:?}\n{text}"),
    };
    assert!(
        opening.contains("received by {{ case.authority.name }} on {{ case.request.date | date }}"),
        "{opening}"
    );
    assert_eq!(style.headings.request, "Request", "{text}");
    assert_eq!(style.headings.response, "Response", "{text}");
    assert_eq!(style.headings.rights, "Your right to complain", "{text}");
    assert_eq!(style.letter.reference_label, "Our Ref", "{text}");
    assert!(
        style
            .letter
            .detail_rows
            .iter()
            .any(|r| r == "Date | {{ case.date | date }}"),
        "{text}"
    );
    assert_eq!(
        style.wording.ncnd_all,
        "{{ case.authority.name }} can neither confirm nor deny that it holds the information you requested.",
        "{text}"
    );
    assert!(
        style
            .wording
            .refusal_notice
            .contains("acts as a Refusal Notice"),
        "{text}"
    );
    assert!(
        style.wording.ncnd_caveat.contains("does or does not exist"),
        "{text}"
    );
    assert_eq!(
        style.letter.salutation, "Dear {{ requester.name }}",
        "{text}"
    );
    assert!(
        style
            .letter
            .letterhead
            .contains(&"Freedom of Information Unit".to_string()),
        "{text}"
    );
    // Every slot says which letters it came from: the PDF, in its other layout, too.
    for slot in [
        "opening",
        "ncnd_all",
        "refusal_notice",
        "rights",
        "reference_label",
        "sign_off",
    ] {
        assert!(
            text.contains(&format!(
                "# from [1] a.txt, [2] b.docx, [3] c.pdf\n{slot} = "
            )),
            "{slot}:\n{text}"
        );
    }
    // Two of the letters have the letterhead as lines: learned from those two.
    assert!(
        text.contains("# from [1] a.txt, [2] b.docx\nletterhead = ["),
        "{text}"
    );
    // A position statement: before the built-in one, which still says what the law
    // requires, and only where the part is refused for its cost.
    let procedural = &style.templates["refusal/part/procedural.tera"];
    assert!(
        procedural.starts_with("{#- A part refused under section 12 or 14: the request, not the information. -#}\n{% if \"section 12\" in part.short %}Where the cost of locating"),
        "{procedural}"
    );
    assert!(
        procedural.contains("is not obliged to comply with"),
        "{procedural}"
    );
    for line in text
        .lines()
        .filter(|l| l.contains(" = ") && !l.starts_with('#'))
    {
        let key = line.split(" = ").next().unwrap();
        if ["description", "kind", "base", "sources"].contains(&key) {
            continue;
        }
        let before = text[..text.find(line).unwrap()]
            .lines()
            .last()
            .unwrap_or("");
        assert!(
            before.starts_with("# from ") || before.starts_with("# the standard"),
            "{key} has no source comment:\n{text}"
        );
    }
    // A passage naming the exemptions of its cases is not learned: it would print
    // them for a case that relies on others.
    let standard = foinotice::style::load_builtin("standard").unwrap();
    assert_eq!(
        style.wording.public_interest_intro,
        standard.wording.public_interest_intro
    );
    assert!(
        text.contains("it names section 24, which a case may not rely on"),
        "{text}"
    );
    // It renders every refusal example, and `check` accepts a case naming it.
    for example in [
        "refusal-notice-section-43.toml",
        "refusal-notice-mixed.toml",
        "refusal-notice-section-12.toml",
        "refusal-notice-section-14.toml",
        "refusal-notice-eir.toml",
    ] {
        let case = std::fs::read_to_string(common::root().join("examples").join(example)).unwrap();
        let case: String = case
            .lines()
            .filter(|l| !l.starts_with("style = "))
            .map(|l| {
                if l.starts_with("kind = ") {
                    format!("{l}\nstyle = \"northshire.toml\"")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(dir.join(example), case).unwrap();
        let out = foinotice(&["check", example], &dir);
        assert!(
            out.status.success(),
            "{example}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let out = foinotice(&["render", example, "--out", "-", "--format", "text"], &dir);
        assert!(
            out.status.success(),
            "{example}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let notice = String::from_utf8_lossy(&out.stdout);
        assert!(notice.contains("Your right to complain"), "{notice}");
        // The section 12 statement the letters share, for section 12 only.
        assert_eq!(
            notice.contains("Where the cost of locating"),
            example.contains("section-12"),
            "{example}: {notice}"
        );
        // The Act the letters name is the case's regime's.
        let eir = example.contains("eir");
        assert_eq!(
            notice.contains("dealt with under the Environmental Information Regulations 2004"),
            eir,
            "{notice}"
        );
        assert_eq!(
            notice.contains("dealt with under the Freedom of Information Act 2000"),
            !eir,
            "{notice}"
        );
    }
}

#[test]
fn no_name_email_phone_or_case_fact_is_ever_learned() {
    let dir = common::scratch("draft-personal");
    let letters = three_formats(&dir, &cases());
    let out = draft(&dir, &letters, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("northshire.toml")).unwrap();
    // Not in the style file at all, comments included.
    for planted in [
        "Jane",
        "Smith",
        "Ahmed",
        "Khan",
        "Maria",
        "Garcia",
        "John",
        "Doe",
        "@",
        "01632",
        "960 123",
        "1234/21",
        "5678/21",
        "9012/22",
        "February",
        "speed cameras",
        "informants",
        "ring road",
        "Southtown",
    ] {
        assert!(
            !text.contains(planted),
            "`{planted}` is in the style:\n{text}"
        );
    }
    // The shared sentence with the contact details is reported as left out, masked.
    assert!(
        text.contains("‹email›") && text.contains("‹phone›"),
        "{text}"
    );
    // The officer's role may be learned: printed when the case names none.
    let (_, style) = load(&dir);
    assert_eq!(
        style.letter.signature,
        [
            "{% if copy == 'letter' and case.signatory.name %}{{ case.signatory.name }}{% endif %}",
            "{% if case.signatory.role %}{{ case.signatory.role }}{% else %}Disclosure Officer{% endif %}",
        ],
        "{text}"
    );
}

#[test]
fn section_14_called_an_exemption_is_flagged_and_never_learned() {
    let dir = common::scratch("draft-wrong-law");
    let mut cs = cases();
    for c in cs.iter_mut() {
        c.wrong = "Section 14 of the Act is an exemption which applies to vexatious requests. Section 40(2) is an absolute exemption, and the public interest test favours withholding the information.";
    }
    let letters = three_formats(&dir, &cs);
    let out = draft(&dir, &letters, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("flagged: it calls section 12 or 14 an exemption"),
        "{stderr}"
    );
    assert!(
        stderr.contains("flagged: it applies a public interest test to an absolute exemption"),
        "{stderr}"
    );
    let (text, style) = load(&dir);
    let values = values(&style);
    assert!(
        !values.contains("is an exemption which applies"),
        "{values}"
    );
    assert!(
        !values.contains("public interest test favours withholding"),
        "{values}"
    );
    // The slot keeps the standard style's wording, said so.
    let standard = foinotice::style::load_builtin("standard").unwrap();
    assert_eq!(style.wording.absolute, standard.wording.absolute);
    assert!(
        text.contains("# the standard style's wording: the letters' was wrong in law"),
        "{text}"
    );
    assert!(text.contains("wrong in law, not learned"), "{text}");
}

#[test]
fn one_letter_is_refused_with_the_reason() {
    let dir = common::scratch("draft-one");
    let a = dir.join("a.txt");
    std::fs::write(&a, letter(&cases()[0], false)).unwrap();
    let out = draft(&dir, std::slice::from_ref(&a), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("two letters are needed to tell the authority's style"),
        "{stderr}"
    );
    assert!(!dir.join("northshire.toml").exists());
    // The same letter twice is one letter: as the same file, or as a Word copy.
    let copy = dir.join("a.docx");
    std::fs::write(&copy, docx(&letter(&cases()[0], false))).unwrap();
    let out = draft(&dir, &[a.clone(), copy], &[]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("a.docx: the same letter is given twice"));
    let out = draft(&dir, &[a.clone(), a], &[]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_existing_style_file_is_never_overwritten_and_bad_letters_are_located() {
    let dir = common::scratch("draft-exists");
    let letters = three_formats(&dir, &cases());
    let target = dir.join("northshire.toml");
    std::fs::write(&target, "mine").unwrap();
    let out = draft(&dir, &letters, &[]);
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
    let out = draft(&dir, &letters, &["--force"]);
    assert!(out.status.success());
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("[wording]"));
    // Into a folder not there yet.
    let out = draft(&dir, &letters, &["--out", "styles/ours.toml"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("styles/ours.toml").is_file());
    // A damaged Word file and a non-UTF-8 text are refused, naming the file.
    let bad = dir.join("bad.docx");
    std::fs::write(&bad, b"PK\x03\x04 not really a zip").unwrap();
    let out = draft(&dir, &[letters[0].clone(), bad], &["--out", "x.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.docx") && stderr.contains("Word document"),
        "{stderr}"
    );
    let latin = dir.join("latin.txt");
    std::fs::write(&latin, b"Dear Sir\n\nCaf\xe9 society\n").unwrap();
    let out = draft(&dir, &[letters[0].clone(), latin], &["--out", "x.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("latin.txt:3:4"), "{stderr}");
    assert!(!dir.join("x.toml").exists());
}

#[test]
fn compare_sets_each_slot_beside_the_letter() {
    let dir = common::scratch("draft-compare");
    let letters = three_formats(&dir, &cases());
    assert!(draft(&dir, &letters[..2], &[]).status.success());
    let out = foinotice(
        &[
            "styles",
            "compare",
            "northshire.toml",
            &letters[2].display().to_string(),
        ],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("wording.ncnd_all") && report.contains("100% alike"),
        "{report}"
    );
    // The standard style against the same letter: its opening differs, and says how.
    let out = foinotice(
        &[
            "styles",
            "compare",
            "standard",
            &letters[0].display().to_string(),
        ],
        &dir,
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("wording.opening[0]"), "{report}");
    assert!(report.contains("only in the letter:"), "{report}");
}

#[test]
fn hostile_letters_are_refused_never_panic_and_never_unpack_beyond_bounds() {
    use foinotice::styles_draft::read::{read, MAX_TEXT_BYTES};
    use std::io::Write;
    let dir = common::scratch("draft-hostile");
    let text = letter(&cases()[0], false);
    let whole_pdf = pdf(&text);
    let whole_docx = docx(&text);
    // Cut short anywhere, or with bytes flipped: refused or read, never a panic.
    for (name, bytes) in [("cut.pdf", &whole_pdf), ("cut.docx", &whole_docx)] {
        for cut in [8, 100, bytes.len() / 3, bytes.len() / 2, bytes.len() - 10] {
            let path = dir.join(name);
            std::fs::write(&path, &bytes[..cut]).unwrap();
            let _ = read(&path);
            let mut flipped = bytes.clone();
            for i in (cut..flipped.len()).step_by(97) {
                flipped[i] ^= 0x5A;
            }
            std::fs::write(&path, &flipped).unwrap();
            let _ = read(&path);
        }
    }
    // A Word document whose body unpacks a thousandfold past the bound.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..(MAX_TEXT_BYTES >> 20) + 2 {
        zip.write_all(&chunk).unwrap();
    }
    let bomb = zip.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20, "the bomb is small packed");
    let path = dir.join("bomb.docx");
    std::fs::write(&path, bomb).unwrap();
    let e = read(&path).unwrap_err().to_string();
    assert!(e.contains("unpacks to more than"), "{e}");
}

#[test]
fn compare_scores_a_case_file_rendered_with_the_style_against_its_letter() {
    let dir = common::scratch("draft-compare-case");
    let example = common::root().join("examples/refusal-notice-section-43.toml");
    let example = example.display().to_string();
    // The letter as the standard style writes it: reproduced whole.
    let out = foinotice(
        &[
            "render",
            &example,
            "--out",
            "-",
            "--format",
            "text",
            "--copy",
            "published",
        ],
        &dir,
    );
    assert!(out.status.success());
    std::fs::write(dir.join("letter.txt"), &out.stdout).unwrap();
    let compare = |style: &str, cases: &[&str]| {
        let mut args = vec!["styles", "compare", style, "letter.txt"];
        for c in cases {
            args.extend(["--case", c]);
        }
        foinotice(&args, &dir)
    };
    let out = compare("standard", &[&example]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("letter.txt: 100.0% of the letter's word 4-grams reproduced"),
        "{report}"
    );
    // Another style words it otherwise, and scores less.
    let out = compare("west-midlands-police", &[&example]);
    let report = String::from_utf8_lossy(&out.stdout);
    let share: f64 = report
        .split("letter.txt: ")
        .nth(1)
        .and_then(|r| r.split('%').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{report}"));
    assert!(share < 100.0, "{report}");
    // One case file per letter, or none.
    let out = compare("standard", &[&example, &example]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn learned_detail_lines_keep_the_letters_date_when_the_letters_share_no_date_line() {
    let dir = common::scratch("draft-dates");
    let body = "Thank you for your request for information, which we have considered under the Act.\n\nYours sincerely\n";
    std::fs::write(
        dir.join("a.txt"),
        format!("Our Ref: 1234/21\nDate: 1 May 2021\n\nDear Ann Lee\n\n{body}"),
    )
    .unwrap();
    std::fs::write(
        dir.join("b.txt"),
        format!("Our Ref: 5678/21\nDated 3 June 2021\n\nDear Bo Tan\n\n{body}"),
    )
    .unwrap();
    let out = draft(&dir, &[dir.join("a.txt"), dir.join("b.txt")], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (text, style) = load(&dir);
    assert_eq!(
        style.letter.detail_rows,
        [
            "Our Ref | {{ case.reference }}",
            "Date | {{ case.date | date }}"
        ],
        "{text}"
    );
    assert!(
        text.contains("# the standard style's: the letters share none"),
        "{text}"
    );
}
