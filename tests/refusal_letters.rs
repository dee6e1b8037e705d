//! Refusal letters that say what real letters say (issue 29, item 10): a part
//! transferred to another authority, section 21 for some of a part's information, a
//! request whose questions are not numbered, the published copy, citations, dates and
//! titles as authorities write them. Each case file under `tests/cases/refusal-*`
//! passes the checks with no warning, and its letter says what the facts say, in
//! every built-in house style.

mod common;

use foinotice::notice::Copy;
use foinotice::templates::Templates;

fn source(name: &str) -> String {
    std::fs::read_to_string(common::root().join("tests/cases").join(name)).unwrap()
}

/// The case text with `style = "..."` set (replacing any).
fn styled(text: &str, style: &str) -> String {
    let mut out: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with("style = "))
        .map(str::to_string)
        .collect();
    let at = out.iter().position(|l| l.starts_with("kind = ")).unwrap() + 1;
    out.insert(at, format!("style = \"{style}\""));
    out.join("\n")
}

/// The letter (or published copy) of case text, as one line, after every check; the
/// warnings the checks gave.
fn letter_of(name: &str, text: &str, copy: Copy) -> Result<(String, Vec<String>), String> {
    let case = common::load_str(name, text).map_err(|ds| foinotice::Error::Case(ds).to_string())?;
    let warnings = case.warnings.iter().map(|d| d.to_string()).collect();
    let templates = Templates::load(None).unwrap();
    let doc =
        foinotice::notice::document_copy(&case, &templates, copy).map_err(|e| e.to_string())?;
    let text = foinotice::render::text::render(&doc);
    Ok((
        text.split_whitespace().collect::<Vec<_>>().join(" "),
        warnings,
    ))
}

fn letter(name: &str) -> String {
    let (text, warnings) = letter_of(name, &source(name), Copy::Letter).unwrap();
    assert!(warnings.is_empty(), "{name}: {warnings:?}");
    text
}

/// The case with `change` made to its facts: the diagnostics that refused it.
fn refused(name: &str, change: impl FnOnce(&mut toml::Table)) -> String {
    let mut case: toml::Table = source(name).parse().unwrap();
    change(&mut case);
    match letter_of(name, &toml::to_string(&case).unwrap(), Copy::Letter) {
        Ok((text, _)) => panic!("{name} should be refused: {text}"),
        Err(e) => e,
    }
}

fn part(case: &mut toml::Table, i: usize) -> &mut toml::Table {
    case["positions"].as_array_mut().unwrap()[i]
        .as_table_mut()
        .unwrap()
}

fn builtin_styles() -> Vec<&'static str> {
    foinotice::style::BUILTIN.iter().map(|(n, _)| *n).collect()
}

#[test]
fn a_part_transferred_is_told_as_a_transfer_and_never_as_not_held() {
    let t = letter("refusal-transferred.toml");
    assert!(
        t.contains("The council has transferred question 2 of your request to Northshire Police, which may hold information of the kind you have asked for."),
        "{t}"
    );
    assert!(
        t.contains("You may wish to direct question 3 of your request to the Environment Agency, which may hold information of the kind you have asked for. The Environment Agency clears"),
        "{t}"
    );
    // The part the case says is not held is told so, with its transfer.
    assert!(
        t.contains("The council holds no information in respect of question 4. We have transferred this part of your request to Northtown District Council"),
        "{t}"
    );
    // Nothing is withheld, so the letter is no refusal notice and gives no reasons.
    assert!(!t.contains("refusal notice"), "{t}");
    // In every built-in style: the transfers told, and "not held" only of question 4.
    for style in builtin_styles() {
        let text = styled(&source("refusal-transferred.toml"), style);
        let (t, warnings) = letter_of("refusal-transferred.toml", &text, Copy::Letter)
            .unwrap_or_else(|e| panic!("{style}: {e}"));
        assert!(warnings.is_empty(), "{style}: {warnings:?}");
        assert!(
            t.contains("transferred question 2 of your request to Northshire Police"),
            "{style}: {t}"
        );
        assert!(
            t.contains("direct question 3 of your request to the Environment Agency"),
            "{style}: {t}"
        );
        assert_eq!(t.matches("holds no information").count(), 1, "{style}: {t}");
        assert!(!t.contains("question 2. "), "{style}: {t}");
    }
}

#[test]
fn a_transfer_names_the_other_authority_once_and_only_of_what_is_not_held() {
    let name = "refusal-transferred.toml";
    let e = refused(name, |c| {
        part(c, 1).remove("transfer");
    });
    assert!(
        e.contains("positions[1]") && e.contains("does not name it"),
        "{e}"
    );
    let e = refused(name, |c| {
        part(c, 1).insert("redirect".into(), "Southshire Police".into());
    });
    assert!(
        e.contains("positions[1].redirect") && e.contains("both transferred and redirected"),
        "{e}"
    );
    let e = refused(name, |c| {
        part(c, 1).insert("exemption".into(), "31(1)(a)".into());
    });
    assert!(
        e.contains("positions[1].exemption") && e.contains("relies on no exemption"),
        "{e}"
    );
    // Only what the authority does not hold is transferred (the section 45 code).
    let e = refused(name, |c| {
        part(c, 0).insert("transfer".into(), "Northshire Police".into());
    });
    assert!(
        e.contains("positions[0].transfer") && e.contains("does not hold"),
        "{e}"
    );
}

#[test]
fn a_letter_that_says_not_held_of_a_part_transferred_is_refused() {
    // A house style (or the case's prose) that tells a transfer as "not held" is
    // caught when the letter is read back against the facts.
    let mut case: toml::Table = source("refusal-transferred.toml").parse().unwrap();
    part(&mut case, 3).insert("position".into(), "transferred".into());
    part(&mut case, 2).insert(
        "reason".into(),
        "The council holds no information about the Environment Agency's spending.".into(),
    );
    let text = toml::to_string(&case).unwrap();
    let case = common::load_str("t.toml", &text)
        .unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    let templates = Templates::load(None).unwrap();
    let e = match foinotice::notice::document(&case, &templates) {
        Ok(_) => panic!("a letter saying \"holds no information\" of a transfer was built"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("positions[2].reason") && e.contains("holds no information"),
        "{e}"
    );
}

#[test]
fn a_decision_notice_refuses_a_transferred_position() {
    let path = common::root().join("examples/decision-notice-not-held.toml");
    let mut case: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
    let parts = case["response"]["parts"].as_array_mut().unwrap();
    parts[0]
        .as_table_mut()
        .unwrap()
        .insert("position".into(), "transferred".into());
    let e = match common::load_str("dn.toml", &toml::to_string(&case).unwrap()) {
        Ok(_) => panic!("a decision notice took a transferred part"),
        Err(ds) => foinotice::Error::Case(ds).to_string(),
    };
    assert!(
        e.contains("response.parts[0].position") && e.contains("refusal letter's position"),
        "{e}"
    );
}

#[test]
fn section_21_for_some_of_a_parts_information_says_some_is_available_elsewhere() {
    let t = letter("refusal-some-elsewhere.toml");
    assert!(
        t.contains("The committee made nine site visits in 2025. The notes taken at each are attached. Some of the information you asked for is reasonably accessible to you by other means, and so is exempt from disclosure under section 21 of the Act: the dates of the visits are published"),
        "{t}"
    );
    // On a part withheld under section 21 and another exemption: some of it.
    assert!(
        t.contains("but it is exempt from disclosure. Some of the information is reasonably accessible to you by other means: the members' declarations"),
        "{t}"
    );
    assert!(
        !t.contains("The information is reasonably accessible"),
        "{t}"
    );
    // Nothing was redacted under section 21: the answered part's group says so.
    assert!(
        t.contains("has not provided some of the information requested about the dates and notes of the site visits, because it is reasonably accessible to you by other means"),
        "{t}"
    );
    assert!(!t.contains("redacted"), "{t}");
    // Absolute exemptions: no public interest test, said under each one's own group.
    for said in [
        "Section 21 is an absolute exemption, so no public interest test applies",
        "Section 40(2) is an absolute exemption, so no public interest test applies",
    ] {
        assert!(t.contains(said), "{said}: {t}");
    }
    assert!(!t.to_lowercase().contains("public interest in"), "{t}");
    // An answered part citing another exemption still needs what it redacted.
    let e = refused("refusal-some-elsewhere.toml", |c| {
        part(c, 0).insert(
            "exemption".into(),
            toml::Value::Array(vec!["21".into(), "40(2)".into()]),
        );
    });
    assert!(
        e.contains("positions[0].exemption") && e.contains("does not say what was withheld"),
        "{e}"
    );
    for style in builtin_styles() {
        let text = styled(&source("refusal-some-elsewhere.toml"), style);
        let (t, warnings) = letter_of("refusal-some-elsewhere.toml", &text, Copy::Letter)
            .unwrap_or_else(|e| panic!("{style}: {e}"));
        assert!(warnings.is_empty(), "{style}: {warnings:?}");
        assert!(
            t.contains("the dates of the visits are published"),
            "{style}: {t}"
        );
        assert!(
            t.contains("the members' declarations of interest are published"),
            "{style}: {t}"
        );
        assert!(!t.contains("redacted"), "{style}: {t}");
        // The answered part is not said to be withheld.
        assert!(!t.contains("site visits, but it is exempt"), "{style}: {t}");
        // The part withheld under section 21 and 40(2) is not all available.
        assert!(!t.contains("public domain, and therefore"), "{style}: {t}");
        assert!(t.contains("Some of"), "{style}: {t}");
    }
}

#[test]
fn an_unnumbered_request_counts_its_questions_and_names_parts_by_label() {
    let t = letter("refusal-some-elsewhere.toml");
    // The requester never numbered the questions: the letter names the parts.
    assert!(
        !t.contains("question 1") && !t.contains("question 2"),
        "{t}"
    );
    assert!(
        t.contains("In answer to your request for the dates and notes of the site visits:"),
        "{t}"
    );
    assert!(
        t.contains("in respect of who attended and their declarations of interest"),
        "{t}"
    );
    // The count matches parts to questions: one left out is an error, as one that
    // is not in the request.
    let e = refused("refusal-some-elsewhere.toml", |c| {
        c["positions"].as_array_mut().unwrap().pop();
    });
    assert!(e.contains("says nothing of question 2"), "{e}");
    let e = refused("refusal-some-elsewhere.toml", |c| {
        part(c, 1).insert("questions".into(), toml::Value::Array(vec![3.into()]));
    });
    assert!(
        e.contains("question 3 is not in the request, which has 2"),
        "{e}"
    );
    // A numbered request is counted from its wording: a count that differs is wrong.
    let e = refused("refusal-transferred.toml", |c| {
        c["request"]
            .as_table_mut()
            .unwrap()
            .insert("questions".into(), 5.into());
    });
    assert!(
        e.contains("request.questions") && e.contains("numbers 4 questions"),
        "{e}"
    );
    // A part with no label would be named by a number the request does not have.
    let mut case: toml::Table = source("refusal-some-elsewhere.toml").parse().unwrap();
    part(&mut case, 0).remove("label");
    let (_, warnings) =
        letter_of("x.toml", &toml::to_string(&case).unwrap(), Copy::Letter).unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("positions[0]") && w.contains("add label")),
        "{warnings:?}"
    );
}

/// The case file's letter or published copy, rendered from its path (its style file
/// is found beside it), as text.
fn rendered(name: &str, copy: Copy) -> String {
    let path = common::root().join("tests/cases").join(name);
    let case =
        foinotice::case::load(&path).unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    assert!(case.warnings.is_empty(), "{:?}", case.warnings);
    let templates = Templates::load(None).unwrap();
    let doc = foinotice::notice::document_copy(&case, &templates, copy).unwrap();
    foinotice::render::text::render(&doc)
}

#[test]
fn a_house_style_writes_citations_dates_and_titles_as_the_authority_does() {
    let t = rendered("refusal-house-forms.toml", Copy::Letter);
    let lines: Vec<&str> = t.lines().map(str::trim).collect();
    // Citations differing only in their last letter: a range of three or more, two
    // listed together; each with the style's title for its section.
    assert!(
        lines.contains(&"Section 27(1)(a)-(d) - International Relations"),
        "{t}"
    );
    assert!(
        lines.contains(&"Section 30(1)(a)(b) - Investigations"),
        "{t}"
    );
    assert!(lines.contains(&"Section 31(3) - Law Enforcement"), "{t}");
    assert!(!t.contains("Section 27(1)(b)"), "{t}");
    // Every date in the house's form.
    assert!(t.contains("05/06/2015"), "{t}");
    assert!(t.contains("which we received on 15/05/2015"), "{t}");
    assert!(!t.contains("June 2015") && !t.contains("May 2015"), "{t}");
    // The reference once: the detail line, no running footer.
    assert_eq!(t.matches("FOI-2015-0871").count(), 1, "{t}");
    // The same letter in the standard style: long dates, the reference also as the
    // footer, one citation a line (the defaults are unchanged).
    let text =
        source("refusal-house-forms.toml").replace("style = \"styles/disclosure-log.toml\"\n", "");
    let (standard, _) = letter_of("refusal-house-forms.toml", &text, Copy::Letter).unwrap();
    assert!(
        standard.contains("which we received on 15 May 2015"),
        "{standard}"
    );
    assert_eq!(standard.matches("FOI-2015-0871").count(), 2, "{standard}");
    assert!(
        standard.contains("Section 27(1)(a) (international relations) Section 27(1)(b)"),
        "{standard}"
    );
}

#[test]
fn the_published_copy_can_keep_the_sign_off_without_a_greeting() {
    let letter = rendered("refusal-house-forms.toml", Copy::Letter);
    let published = rendered("refusal-house-forms.toml", Copy::Published);
    assert!(letter.contains("Dear Ms A Example"), "{letter}");
    assert!(!published.contains("Dear"), "{published}");
    assert!(!published.contains("Example"), "{published}");
    assert!(published.contains("Yours sincerely"), "{published}");
    assert!(published.contains("Disclosure Officer"), "{published}");
    // Without `published_salutation = false`, a style publishing the letter whole
    // greets no one by name.
    let dir = tempfile::tempdir().unwrap();
    let style =
        std::fs::read_to_string(common::root().join("tests/cases/styles/disclosure-log.toml"))
            .unwrap()
            .replace("published_salutation = false\n", "");
    std::fs::create_dir(dir.path().join("styles")).unwrap();
    std::fs::write(dir.path().join("styles/disclosure-log.toml"), style).unwrap();
    let case_path = dir.path().join("case.toml");
    std::fs::write(&case_path, source("refusal-house-forms.toml")).unwrap();
    let case = foinotice::case::load(&case_path)
        .unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    let templates = Templates::load(None).unwrap();
    let doc = foinotice::notice::document_copy(&case, &templates, Copy::Published).unwrap();
    let published = foinotice::render::text::render(&doc);
    assert!(published.contains("Dear Sir or Madam"), "{published}");
    assert!(!published.contains("Example"), "{published}");
}

#[test]
fn every_case_here_passes_check() {
    for name in [
        "refusal-transferred.toml",
        "refusal-some-elsewhere.toml",
        "refusal-house-forms.toml",
    ] {
        let path = common::root().join("tests/cases").join(name);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_foinotice"))
            .args(["check", path.to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {stderr}");
        assert!(!stderr.contains("warning"), "{name}: {stderr}");
    }
}

#[test]
fn check_warns_of_a_requesters_name_the_published_copy_would_print() {
    let path = common::root().join("examples/refusal-notice-section-12.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let named = text.replacen("answer = '''\n", "answer = '''\nAs Ms Doe knows, ", 1);
    assert_ne!(named, text, "the example's first answer moved");
    let dir = common::scratch("check-published-name");
    let case = dir.join("case.toml");
    std::fs::write(&case, named).unwrap();
    let out = common::foinotice(&["check", case.to_str().unwrap()]);
    let said =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    // The letter may name the requester: a warning, not an error, located at the answer.
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("warning: the copy for the disclosure log would be refused"),
        "{said}"
    );
    assert!(said.contains("positions[0].answer"), "{said}");
}
