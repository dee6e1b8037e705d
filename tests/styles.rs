//! House styles and the two copies of a refusal notice: every built-in style renders
//! every refusal example; a style exported and named by path renders as the built-in
//! does; bad styles are refused where the mistake is; the published copy never names
//! the requester.

mod common;

use foinotice::notice::Copy;
use foinotice::templates::Templates;
use std::path::{Path, PathBuf};
use std::process::Command;

fn foinotice(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_foinotice"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn refusal_examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(common::root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("refusal-notice"))
        })
        .collect();
    v.sort();
    v
}

/// The case text with its style replaced by `style` (a `style =` line added when it
/// has none).
fn restyled(text: &str, style: &str) -> String {
    let line = format!("style = \"{style}\"");
    let mut out: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with("style = "))
        .map(str::to_string)
        .collect();
    let at = out.iter().position(|l| l.starts_with("kind = ")).unwrap() + 1;
    out.insert(at, line);
    out.join("\n")
}

fn render(case: &foinotice::case::Case, copy: Copy) -> String {
    let templates = Templates::load(None).unwrap();
    let doc = foinotice::notice::document_copy(case, &templates, copy)
        .unwrap_or_else(|e| panic!("{}: {e}", case.path.display()));
    foinotice::render::text::render(&doc)
}

/// Paragraphs (blank-line separated, not quoted) that start with a lower-case letter.
/// A link, and a citation line as a force writes it ("s24(2) National Security"), are
/// not sentences.
fn lower_case_starts(text: &str) -> Vec<String> {
    let citation = |p: &str| {
        p.strip_prefix('s')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    };
    text.split("\n\n")
        .map(str::trim_end)
        .filter(|p| !p.starts_with(' ') && !p.starts_with("http") && !citation(p))
        .filter(|p| {
            p.trim_start()
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        })
        .map(|p| p.chars().take(60).collect())
        .collect()
}

/// "s12" or "s40(2)" as a force writes it: the section not followed by another digit.
fn names_short(text: &str, section: &str) -> bool {
    let needle = format!("s{section}");
    text.match_indices(&needle).any(|(i, _)| {
        !text[i + needle.len()..].starts_with(|c: char| c.is_ascii_digit())
            && !text[..i].ends_with(|c: char| c.is_alphanumeric())
    })
}

/// The sections (or regulations) a refusal notice relies on: "31", "12(5)(e)".
fn case_citations(case: &foinotice::case::Case) -> Vec<String> {
    let foinotice::facts::Notice::Refusal(r) = &case.notice else {
        panic!("a refusal notice")
    };
    r.positions
        .iter()
        .flat_map(|p| p.citations.iter().map(|c| c.section.clone()))
        .collect()
}

#[test]
fn every_refusal_example_renders_in_every_builtin_style_and_copy() {
    let styles = foinotice::style::builtin();
    assert!(styles.len() >= 5, "the seed's, the standard and three more");
    for example in refusal_examples() {
        let text = std::fs::read_to_string(&example).unwrap();
        for (name, ..) in &styles {
            let source = restyled(&text, name);
            let path = example.with_file_name(format!("as-{name}.toml"));
            let case = foinotice::case::parse(&path, source, foinotice::case::Format::Toml)
                .unwrap_or_else(|e| panic!("{name}: {}", foinotice::Error::Case(e)));
            for copy in [Copy::Letter, Copy::Published] {
                let out = render(&case, copy);
                let bad = lower_case_starts(&out);
                assert!(
                    bad.is_empty(),
                    "{} in {name} ({copy:?}): {bad:?}",
                    example.display()
                );
                assert!(out.contains("section 50"), "{name}: the s17(7) particulars");
                // Section 17(1)(b): every provision relied on is named.
                let squashed = out.to_lowercase().replace(' ', "");
                for c in case_citations(&case) {
                    assert!(
                        squashed.contains(&format!("section{c}"))
                            || squashed.contains(&format!("regulation{c}"))
                            || names_short(&out.to_lowercase(), &c),
                        "{} in {name} ({copy:?}) does not name {c}:\n{out}",
                        example.display()
                    );
                }
            }
        }
    }
}

#[test]
fn each_builtin_style_renders_the_mixed_response_to_its_snapshot() {
    let example = common::root().join("examples/refusal-notice-mixed.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    for (name, ..) in foinotice::style::builtin() {
        let path = example.with_file_name(format!("as-{name}.toml"));
        let case =
            foinotice::case::parse(&path, restyled(&text, name), foinotice::case::Format::Toml)
                .unwrap_or_else(|e| panic!("{name}: {}", foinotice::Error::Case(e)));
        let out = render(&case, Copy::Published);
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("style-{name}"), out);
        });
    }
}

#[test]
fn the_published_copy_leaves_out_the_requester_and_the_greeting() {
    let case =
        foinotice::case::load(&common::root().join("examples/refusal-notice-section-12.toml"))
            .unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    let letter = render(&case, Copy::Letter);
    let published = render(&case, Copy::Published);
    for line in ["Ms J Doe", "12 Any Road", "Dear Ms Doe", "Yours sincerely"] {
        assert!(letter.contains(line), "the letter has {line}:\n{letter}");
        assert!(
            !published.contains(line),
            "the published copy has {line}:\n{published}"
        );
    }
    // What the law requires is in both: the refusal, and the section 17(7) particulars.
    for text in [&letter, &published] {
        assert!(text.contains("section 12"), "{text}");
        assert!(text.contains("section 50 of the Freedom of Information Act 2000"));
    }
}

#[test]
fn a_published_copy_naming_the_requester_is_refused_at_the_field() {
    let path = common::root().join("examples/refusal-notice-section-12.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("You may wish to narrow", "Ms Doe may wish to narrow");
    let case = common::load_str("named.toml", &text)
        .unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    let templates = Templates::load(None).unwrap();
    // The letter is addressed to her: it may name her.
    foinotice::notice::document_copy(&case, &templates, Copy::Letter).unwrap();
    let Err(foinotice::Error::Case(ds)) =
        foinotice::notice::document_copy(&case, &templates, Copy::Published)
    else {
        panic!("the published copy names the requester and must be refused");
    };
    assert_eq!(ds[0].field, "advice", "{}", ds[0]);
    assert!(ds[0].message.contains("requester's name"), "{}", ds[0]);
    assert!(ds[0].line > 0, "{}", ds[0]);

    // On the command line, `--copy both` then writes nothing at all.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("named.toml"), &text).unwrap();
    let out = foinotice(
        &["render", "named.toml", "--out", "out", "--copy", "both"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("requester's name"));
    assert!(!dir.path().join("out/named.txt").exists());
}

#[test]
fn render_copy_both_writes_the_letter_and_the_published_copy() {
    let dir = tempfile::tempdir().unwrap();
    let case = common::root().join("examples/refusal-notice-section-12.toml");
    let out = foinotice(
        &[
            "render",
            case.to_str().unwrap(),
            "--out",
            "out",
            "--copy",
            "both",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{out:?}");
    let read = |name: &str| std::fs::read_to_string(dir.path().join("out").join(name)).unwrap();
    assert!(read("refusal-notice-section-12.txt").contains("Dear Ms Doe"));
    assert!(!read("refusal-notice-section-12.published.txt").contains("Doe"));
    assert!(dir
        .path()
        .join("out/refusal-notice-section-12.published.pdf")
        .exists());
}

#[test]
fn a_style_exported_and_named_by_path_renders_as_the_builtin_does() {
    let dir = tempfile::tempdir().unwrap();
    let listed = foinotice(&["styles"], dir.path());
    let listing = String::from_utf8_lossy(&listed.stdout);
    for (name, ..) in foinotice::style::builtin() {
        assert!(listing.contains(name), "{listing}");
    }
    let out = foinotice(
        &["styles", "export", "west-yorkshire-police", "mine"],
        dir.path(),
    );
    assert!(out.status.success(), "{out:?}");
    // Exporting again does not overwrite the file silently.
    let again = foinotice(
        &["styles", "export", "west-yorkshire-police", "mine"],
        dir.path(),
    );
    assert!(!again.status.success());

    let example = common::root().join("examples/refusal-notice-section-43.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    let builtin = dir.path().join("builtin.toml");
    std::fs::write(&builtin, restyled(&text, "west-yorkshire-police")).unwrap();
    let own = dir.path().join("own.toml");
    std::fs::write(&own, restyled(&text, "mine/west-yorkshire-police.toml")).unwrap();
    let load = |p: &Path| {
        foinotice::case::load(p).unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)))
    };
    assert_eq!(
        render(&load(&builtin), Copy::Letter),
        render(&load(&own), Copy::Letter)
    );

    // Changing one heading in the exported file changes that heading only.
    let style_file = dir.path().join("mine/west-yorkshire-police.toml");
    let edited = std::fs::read_to_string(&style_file).unwrap().replace(
        "response = \"Our Response:\"",
        "response = \"What we found\"",
    );
    std::fs::write(&style_file, edited).unwrap();
    let after = render(&load(&own), Copy::Letter);
    assert!(after.contains("\nWhat we found\n"), "{after}");
    assert!(!after.contains("Our Response:"), "{after}");
}

#[test]
fn bad_styles_are_refused_where_the_mistake_is() {
    let example = common::root().join("examples/refusal-notice-section-43.toml");
    let text = std::fs::read_to_string(&example).unwrap();

    // An unknown built-in name: at the case file's `style`, with the nearest name.
    let errs = common::load_str("c.toml", &restyled(&text, "west-midland-police")).unwrap_err();
    assert_eq!(errs[0].field, "style", "{}", errs[0]);
    assert_eq!(errs[0].line, 5, "{}", errs[0]);
    assert!(errs[0].help.contains("west-midlands-police"), "{}", errs[0]);

    // A style file that is missing: at `style`, naming the file.
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c.toml");
    std::fs::write(&case, restyled(&text, "nowhere.toml")).unwrap();
    let errs = foinotice::case::load(&case).unwrap_err();
    assert_eq!(errs[0].field, "style", "{}", errs[0]);
    assert!(errs[0].message.contains("nowhere.toml"), "{}", errs[0]);

    // A mistake inside a style file: in that file, at its line and field.
    std::fs::write(
        dir.path().join("ours.toml"),
        "description = \"Ours\"\nkind = \"council\"\n\n[headings]\nrequest = \"Your request\"\nreponse = \"Our reply\"\n",
    )
    .unwrap();
    std::fs::write(&case, restyled(&text, "ours.toml")).unwrap();
    let errs = foinotice::case::load(&case).unwrap_err();
    assert!(errs[0].file.ends_with("ours.toml"), "{}", errs[0]);
    assert_eq!(errs[0].line, 6, "{}", errs[0]);
    assert!(errs[0].message.contains("reponse"), "{}", errs[0]);

    // A template in a style that does not compile: a template error naming the style.
    std::fs::write(
        dir.path().join("ours.toml"),
        "description = \"Ours\"\nkind = \"council\"\n\n[wording]\nrequest_intro = \"{{ case.nonsense }\"\n",
    )
    .unwrap();
    let case = foinotice::case::load(&case).unwrap();
    let templates = Templates::load(None).unwrap();
    let err = foinotice::notice::document(&case, &templates).unwrap_err();
    assert!(
        err.to_string()
            .contains("house style \"ours\", wording.request_intro"),
        "{err}"
    );
}

/// A syntax error in a style's own template (under `[templates]`) is refused where the
/// style file is read: at the style file's line (the line the template's string starts
/// on plus the line within the template) and column, with a fix, and `check` prints it
/// once, with no doubled "error:" (issue 24, item 20).
#[test]
fn a_syntax_error_in_a_style_template_is_located_in_the_style_file() {
    let text =
        std::fs::read_to_string(common::root().join("examples/refusal-notice-section-43.toml"))
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c.toml");
    std::fs::write(&case, restyled(&text, "ours.toml")).unwrap();
    let head = "description = \"Ours\"\nkind = \"council\"\n\n[templates]\n";
    for (body, line, column) in [
        // A multi-line string: the template's line 5 is the file's line 10.
        (
            "\"refusal/response.tera\" = \"\"\"\nLine one\nline two\nline three\n{% if case.harm %}\n{{ case.harm | prose\n\"\"\"\n",
            10,
            21,
        ),
        // On the key's own line.
        ("\"refusal/response.tera\" = \"A {% if %} B\"\n", 5, 36),
    ] {
        std::fs::write(dir.path().join("ours.toml"), format!("{head}{body}")).unwrap();
        let errs = foinotice::case::load(&case).unwrap_err();
        let d = &errs[0];
        assert!(d.file.ends_with("ours.toml"), "{d}");
        assert_eq!((d.line, d.column), (line, column), "{d}");
        assert_eq!(d.field, "templates.refusal/response.tera", "{d}");
        assert!(d.message.contains("refusal/response.tera"), "{d}");
        assert!(d.help.contains("fix the template"), "{d}");

        let o = foinotice(&["check", "c.toml"], dir.path());
        let out = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(o.status.code(), Some(1), "{out}");
        assert!(out.contains(&format!("ours.toml:{line}:{column}")), "{out}");
        assert!(!out.contains("error: error:"), "{out}");
        assert!(!out.contains("template templates failed"), "{out}");
    }

    // A noncharacter, written as itself or as an escape, is refused at its field too.
    for value in ["Dear \u{ffff}you", "Dear \\uFFFFyou"] {
        std::fs::write(
            dir.path().join("ours.toml"),
            format!("description = \"Ours\"\nkind = \"council\"\n\n[wording]\nrequest_intro = \"{value}\"\n"),
        )
        .unwrap();
        let errs = foinotice::case::load(&case).unwrap_err();
        let d = &errs[0];
        assert!(d.file.ends_with("ours.toml"), "{d}");
        assert_eq!(
            (d.field.as_str(), d.line),
            ("wording.request_intro", 5),
            "{d}"
        );
        assert!(d.message.contains("U+FFFF"), "{d}");
    }
}

#[test]
fn a_redaction_needs_its_exemption_and_an_exemption_its_redaction() {
    let example = common::root().join("examples/refusal-notice-mixed.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    let no_exemption = text.replace("exemption = \"40(2)\"\n", "");
    let errs = common::load_str("examples/c.toml", &no_exemption).unwrap_err();
    assert_eq!(errs[0].field, "positions[1].redacted", "{}", errs[0]);
    let no_redaction = text.replace(
        "redacted = \"the names and telephone numbers of staff below the rank of superintendent\"\n",
        "",
    );
    let errs = common::load_str("examples/c.toml", &no_redaction).unwrap_err();
    assert_eq!(errs[0].field, "positions[1].exemption", "{}", errs[0]);
    let not_provided = text.replace(
        "questions = [3]\nposition = \"not-held\"",
        "questions = [3]\nposition = \"not-held\"\nredacted = \"names\"",
    );
    let errs = common::load_str("examples/c.toml", &not_provided).unwrap_err();
    assert!(
        errs.iter().any(|d| d.field == "positions[2].redacted"),
        "{errs:?}"
    );
}

#[test]
fn the_by_question_layout_quotes_each_question_before_its_answer() {
    let text = common::render_published(&common::root().join("examples/refusal-notice-mixed.toml"));
    let q = text.find("1. How many fixed ANPR cameras").unwrap();
    let a = text
        .find("The force operates 214 fixed ANPR cameras.")
        .unwrap();
    let q2 = text.find("2. A copy of the force's policy").unwrap();
    assert!(q < a && a < q2, "{text}");
}

#[test]
fn a_style_takes_the_version_in_force_on_the_letters_date() {
    // The seed letter (2017) and the same facts dated 2024: the force's wording changed.
    let example = common::root().join("examples/refusal-notice-west-midlands.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    let later = text
        .replace("date = 2017-09-08", "date = 2024-09-09")
        .replace("date = 2017-08-10", "date = 2024-08-12");
    let render_of = |source: &str| {
        let case = common::load_str("examples/wmp.toml", source)
            .unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
        render(&case, Copy::Published)
    };
    let (old, new) = (render_of(&text), render_of(&later));
    assert!(old.contains("\nREASONS FOR DECISION\n"), "{old}");
    assert!(old.contains("Factors Favouring Confirmation Or Denial For S31"));
    assert!(!new.contains("REASONS FOR DECISION"), "{new}");
    assert!(new.contains("\nPublic interest Test (PIT)\n"), "{new}");
    assert!(new.contains("No inference can be taken from this refusal"));
}

#[test]
fn a_styles_versions_are_checked_whether_or_not_they_apply() {
    let dir = tempfile::tempdir().unwrap();
    let write = |text: &str| std::fs::write(dir.path().join("v.toml"), text).unwrap();
    let on = chrono::NaiveDate::from_ymd_opt(2019, 1, 1);
    // A mistake in a version not yet in force is still found, at its line.
    write("description = \"x\"\nkind = \"council\"\n\n[[since]]\ndate = 2030-01-01\n[since.headings]\nreponse = \"x\"\n");
    let d = foinotice::style::resolve("v.toml", dir.path(), on).unwrap_err();
    assert_eq!(d.field, "since[0].headings.reponse", "{d}");
    assert_eq!(d.line, 7, "{d}");
    // Versions oldest first, each with its date.
    write("description = \"x\"\nkind = \"council\"\n\n[[since]]\ndate = 2021-01-01\n\n[[since]]\ndate = 2020-01-01\n");
    let d = foinotice::style::resolve("v.toml", dir.path(), on).unwrap_err();
    assert!(d.message.contains("date order"), "{d}");
    write("description = \"x\"\nkind = \"council\"\n\n[[since]]\n[since.headings]\nresponse = \"x\"\n");
    let d = foinotice::style::resolve("v.toml", dir.path(), on).unwrap_err();
    assert!(d.message.contains("needs the date"), "{d}");
    // A version before the date applies; one after does not.
    write("description = \"x\"\nkind = \"council\"\n\n[[since]]\ndate = 2018-06-01\n[since.headings]\nresponse = \"Then\"\n\n[[since]]\ndate = 2030-01-01\n[since.headings]\nresponse = \"Later\"\n");
    let s = foinotice::style::resolve("v.toml", dir.path(), on).unwrap();
    assert_eq!(s.headings.response, "Then");
}

/// Every ground of refusal in the standard style, as the Response and reasons read:
/// the section 14 example's request refused on each ground in turn.
#[test]
fn every_refusal_ground_renders_to_its_snapshot() {
    let example = common::root().join("examples/refusal-notice-section-14.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    // (name, the position table that replaces the example's, and the extra facts)
    let grounds: &[(&str, &str, &str)] = &[
        ("s14-1-vexatious", "position = \"refused\"\nexemption = \"section 14(1)\"", ""),
        ("s14-2-repeated", "position = \"refused\"\nexemption = \"section 14(2)\"", ""),
        (
            "s12-whole-request",
            "position = \"refused\"\nexemption = \"section 12(1)\"\nestimate = { breakdown = [{ activity = \"locating the emails in 14 mailboxes\", hours = 20 }, { activity = \"extracting those that mention the address\", hours = 16 }] }",
            "reasons = \"The team's emails are kept in 14 personal mailboxes, none of them indexed by address.\"\nadvice = \"A request for one month's emails could be answered within the limit.\"\n",
        ),
        (
            "s21-elsewhere",
            "position = \"refused\"\nexemption = \"21(1)\"\nelsewhere = \"The enforcement file is open to inspection at the planning office, by appointment.\"",
            "",
        ),
        (
            "s22-future-publication",
            "position = \"refused\"\nexemption = \"22(1)\"\npublication = \"The correspondence will be published with the committee papers on 14 May 2026.\"",
            "[public_interest]\nfavouring = \"There is a public interest in seeing the correspondence now.\"\nagainst = \"Publishing it with the committee papers lets it be read in context, on a date already set.\"\nbalance = \"The public interest in maintaining the exemption outweighs that in disclosure before 14 May.\"\n",
        ),
        (
            "s40-2-absolute",
            "position = \"refused\"\nexemption = \"40(2)\"\nreason = \"The notes are about named individuals, who would not expect them to be published.\"",
            "",
        ),
        (
            "ncnd-40-5b-absolute",
            "position = \"ncnd\"\nexemption = \"40(5B)(a)(i)\"",
            "",
        ),
        ("not-held", "position = \"not-held\"\nanswer = \"Searches of the enforcement team's mailboxes found no such emails.\"", ""),
    ];
    for (name, position, extra) in grounds {
        let start = text.find("[[positions]]").unwrap();
        let end = text.find("[rights]").unwrap();
        let mut source = format!(
            "{}[[positions]]\n{position}\n\n{}",
            &text[..start],
            &text[end..]
        );
        // The example's reasons and advice are section 14's: kept only for it.
        if !name.starts_with("s14") {
            for field in ["reasons", "advice"] {
                let opening = format!("{field} = '''");
                let at = source.find(&opening).unwrap();
                let body = at + opening.len();
                let stop = source[body..].find("'''").unwrap() + body + 3;
                source.replace_range(at..stop, "");
            }
        }
        // Tables go at the end; plain keys before the first table.
        if extra.starts_with('[') {
            source.push_str(extra);
        } else {
            let first_table = source.find("\n[").unwrap() + 1;
            source.insert_str(first_table, &format!("{extra}\n"));
        }
        let case = common::load_str("examples/ground.toml", &source)
            .unwrap_or_else(|e| panic!("{name}: {}", foinotice::Error::Case(e)));
        let out = render(&case, Copy::Published);
        let from = out.find("\nOur response\n").expect("a response");
        let to = out.find("\nYour right to complain\n").expect("the rights");
        let body = &out[from..to];
        assert!(lower_case_starts(body).is_empty(), "{name}: {body}");
        if name.starts_with("s1") {
            assert!(
                !body.contains("withh"),
                "{name}: sections 12 and 14 refuse, they do not withhold:\n{body}"
            );
            assert!(!body.contains("Factors favouring"), "{name}: {body}");
        }
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("ground-{name}"), body);
        });
    }
}

#[test]
fn an_internal_review_letter_says_the_outcome_and_goes_straight_to_the_commissioner() {
    let example = common::root().join("examples/refusal-notice-section-43.toml");
    let text = std::fs::read_to_string(&example).unwrap().replacen(
        "[[positions]]",
        "[review]\nresponded = 2026-03-02\nrequested = 2026-03-05\noutcome = \"upheld\"\n\n[[positions]]",
        1,
    );
    let case = common::load_str("examples/review.toml", &text)
        .unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    let out = render(&case, Copy::Letter);
    assert!(
        out.contains("I am writing about your request of 5 March 2026 for an internal review of our response of 2 March 2026"),
        "{out}"
    );
    assert!(out.contains("My conclusion is that the original response was correct."));
    // No second review: the next step is the Commissioner's.
    assert!(!out.contains("ask for an internal review"), "{out}");
    assert!(out.contains("If you remain dissatisfied with the outcome of the internal review"));
    assert!(
        !out.contains("This letter serves as a refusal notice"),
        "{out}"
    );
    // Dates out of order are refused at the later one.
    let bad = text.replace("requested = 2026-03-05", "requested = 2026-02-20");
    let errs = common::load_str("examples/review.toml", &bad).unwrap_err();
    assert_eq!(errs[0].field, "review.requested", "{}", errs[0]);
    // A review that took more than 20 working days is warned about.
    let slow = text.replace("date = 2026-03-19", "date = 2026-04-20");
    let case = common::load_str("examples/review.toml", &slow).unwrap();
    assert!(
        case.warnings
            .iter()
            .any(|w| w.message.contains("the internal review took")),
        "{:?}",
        case.warnings
    );
}

// The law stated rightly in every built-in style, in each of its dated versions.

/// (request received, letter date): one date in force for each dated version of the
/// built-in styles (West Midlands Police's 2017, 2020, 2023 and 2024 wording), all
/// after section 40 changed on 25 May 2018.
const LETTER_DATES: &[(&str, &str)] = &[
    ("2019-05-20", "2019-06-03"),
    ("2021-05-17", "2021-06-01"),
    ("2023-05-15", "2023-06-01"),
    ("2026-03-02", "2026-03-19"),
];

const PUBLIC_INTEREST: &str = "\n[public_interest]\nfavouring = \"There is a public interest in openness about how the Council spends public money.\"\nagainst = \"There is a public interest in a fair tender for the next contract.\"\nbalance = \"The public interest in a fair tender outweighs that in openness here.\"\n";

/// A refusal letter of four questions in `style` on `dates`, answered by the given
/// `[[positions]]` tables, with `keys` (plain keys such as `reasons`) and `tables`
/// (such as `[public_interest]`) added.
fn letter_source(
    style: &str,
    dates: (&str, &str),
    keys: &str,
    positions: &str,
    tables: &str,
) -> String {
    let (received, date) = dates;
    format!(
        r#"kind = "refusal-notice"
style = "{style}"
regime = "FOIA"
reference = "FOI-LAW-1"
title = "Highways Contracts"
date = {date}
{keys}

[authority]
name = "Northshire County Council"
short = "the Council"
address = ["County Hall", "Northtown", "NT1 2BB"]

[request]
date = {received}
wording = '''
Please provide:

1. Every email about the highways contract since 2020.

2. The pricing schedule of the contract.

3. The contractor's bank details.

4. Any report comparing the contract's rates with other councils'.
'''

{positions}

[rights]
review_contact = ["Information Governance Team", "County Hall", "Northtown", "NT1 2BB"]

[signatory]
role = "Information Governance Officer"
{tables}"#
    )
}

/// Renders a letter source (the published copy and the letter), failing on errors.
fn render_both(source: &str, what: &str) -> Vec<String> {
    let case = common::load_str("examples/law.toml", source)
        .unwrap_or_else(|e| panic!("{what}: {}", foinotice::Error::Case(e)));
    vec![render(&case, Copy::Published), render(&case, Copy::Letter)]
}

/// Every built-in style with every letter date: (style, dates).
fn styles_and_dates() -> Vec<(&'static str, (&'static str, &'static str))> {
    let mut v = Vec::new();
    for (name, ..) in foinotice::style::builtin() {
        for d in LETTER_DATES {
            v.push((name, *d));
        }
    }
    v
}

const REASON: &str = "The reason given for this part is recorded here.";

#[test]
fn a_parts_reason_is_printed_whatever_its_position_in_every_style() {
    let r = format!("reason = \"{REASON}\"");
    // (name, positions, needs a public interest test, extra keys)
    let variants: Vec<(&str, String, bool, &str)> = vec![
        ("ncnd, the whole request", format!("[[positions]]\nposition = \"ncnd\"\nexemption = \"43(3)\"\n{r}"), true, ""),
        (
            "ncnd, one question",
            format!("[[positions]]\nquestions = [1, 2, 3]\nposition = \"refused\"\nexemption = \"43(2)\"\n\n[[positions]]\nquestions = [4]\nposition = \"ncnd\"\nexemption = \"43(3)\"\n{r}"),
            true,
            "",
        ),
        ("refused, qualified", format!("[[positions]]\nposition = \"refused\"\nexemption = \"43(2)\"\n{r}"), true, ""),
        ("refused, section 21", format!("[[positions]]\nposition = \"refused\"\nexemption = \"21(1)\"\nelsewhere = \"The schedule is published on the Council's website.\"\n{r}"), false, ""),
        ("refused, section 40(2)", format!("[[positions]]\nposition = \"refused\"\nexemption = \"40(2)\"\n{r}"), false, ""),
        ("refused, section 41", format!("[[positions]]\nposition = \"refused\"\nexemption = \"41(1)\"\n{r}"), false, ""),
        (
            "section 12",
            format!("[[positions]]\nposition = \"refused\"\nexemption = \"12(1)\"\nestimate = {{ hours = 40, activities = \"locating the emails\" }}\n{r}"),
            false,
            "advice = \"A request for one month's emails could be answered within the limit.\"\nreasons = \"The emails are kept in 14 mailboxes.\"",
        ),
        ("section 14(1)", format!("[[positions]]\nposition = \"refused\"\nexemption = \"14(1)\"\n{r}"), false, "reasons = \"This is the twentieth request on the contract this year.\""),
        ("section 14(2)", format!("[[positions]]\nposition = \"refused\"\nexemption = \"14(2)\"\n{r}"), false, "reasons = \"The same request was answered in May.\""),
        ("not held", format!("[[positions]]\nposition = \"not-held\"\nanswer = \"Searches of the highways team's files found nothing.\"\n{r}"), false, ""),
        (
            "answered with a redaction",
            format!("[[positions]]\nposition = \"provided\"\nanswer = \"The emails are attached.\"\nredacted = \"staff names\"\nexemption = \"40(2)\"\n{r}"),
            false,
            "",
        ),
    ];
    for (style, dates) in styles_and_dates() {
        for (name, positions, qualified, keys) in &variants {
            let tables = if *qualified { PUBLIC_INTEREST } else { "" };
            let source = letter_source(style, dates, keys, positions, tables);
            for out in render_both(&source, name) {
                assert!(
                    out.contains(REASON),
                    "{style} on {}: the reason of a part ({name}) is not printed:\n{out}",
                    dates.1
                );
            }
        }
    }
    // An answer with nothing withheld has no position to give a reason for: refused.
    let source = letter_source(
        "standard",
        LETTER_DATES[3],
        "",
        &format!(
            "[[positions]]\nposition = \"provided\"\nanswer = \"The emails are attached.\"\n{r}"
        ),
        "",
    );
    let errs = common::load_str("examples/law.toml", &source).unwrap_err();
    assert!(
        errs.iter().any(|e| e.field == "positions[0].reason"),
        "{errs:?}"
    );
}

#[test]
fn a_redirect_is_printed_on_a_part_of_any_position_in_every_style() {
    let redirect = "redirect = \"National Highways\"";
    let variants: Vec<(&str, String, bool)> = vec![
        ("ncnd, the whole request", format!("[[positions]]\nposition = \"ncnd\"\nexemption = \"43(3)\"\n{redirect}"), true),
        (
            "ncnd, one question",
            format!("[[positions]]\nquestions = [1, 2, 3]\nposition = \"refused\"\nexemption = \"43(2)\"\n\n[[positions]]\nquestions = [4]\nposition = \"ncnd\"\nexemption = \"43(3)\"\n{redirect}"),
            true,
        ),
        ("refused", format!("[[positions]]\nposition = \"refused\"\nexemption = \"43(2)\"\n{redirect}"), true),
        ("answered", format!("[[positions]]\nposition = \"provided\"\nanswer = \"The emails are attached.\"\n{redirect}"), false),
        ("not held", format!("[[positions]]\nposition = \"not-held\"\n{redirect}"), false),
    ];
    for (style, dates) in styles_and_dates() {
        for (name, positions, qualified) in &variants {
            let tables = if *qualified { PUBLIC_INTEREST } else { "" };
            let source = letter_source(style, dates, "", positions, tables);
            for out in render_both(&source, name) {
                assert!(
                    out.contains("your request to National Highways")
                        || out
                            .contains("held by National Highways, to whom you may wish to direct"),
                    "{style} on {}: the redirect of a part ({name}) is not printed:\n{out}",
                    dates.1
                );
                // Only a part not held is said not to be held.
                if !name.starts_with("not held") {
                    assert!(
                        !out.contains("holds no information"),
                        "{style} ({name}): {out}"
                    );
                    assert!(!out.contains("may be held by"), "{style} ({name}): {out}");
                }
            }
        }
    }
}

/// Words that put a public interest test on disclosure: wrong for a part neither
/// confirmed nor denied, whose test is on confirming or denying.
const ON_DISCLOSURE: &[&str] = &[
    "on disclosure",
    "in disclosure",
    "favouring disclosure",
    "favour of disclosure",
    "against disclosure",
    "withhold or disclose",
    "disclosing the information",
    "disclosing information",
];

#[test]
fn a_public_interest_test_on_a_part_neither_confirmed_nor_denied_is_on_confirming_or_denying() {
    let harm = "harm = \"Confirming or denying whether a report exists would show the contractor's competitors how the Council compares prices.\"";
    let all = "[[positions]]\nposition = \"ncnd\"\nexemption = \"43(3)\"";
    for (style, dates) in styles_and_dates() {
        let source = letter_source(style, dates, harm, all, PUBLIC_INTEREST);
        for out in render_both(&source, "ncnd") {
            let lower = out.to_lowercase();
            for wrong in ON_DISCLOSURE {
                assert!(
                    !lower.contains(wrong),
                    "{style} on {}: an NCND public interest test said to be {wrong:?}:\n{out}",
                    dates.1
                );
            }
            assert!(lower.contains("confirm"), "{style} on {}: {out}", dates.1);
        }
    }
    // The standard style states the test on the exclusion of the duty.
    let source = letter_source("standard", LETTER_DATES[3], harm, all, PUBLIC_INTEREST);
    let out = &render_both(&source, "ncnd")[0];
    assert!(
        out.contains("the public interest in maintaining the exclusion of the duty to confirm or deny outweighs the public interest in confirming or denying whether the information is held"),
        "{out}"
    );
    // Withholding one part and neither confirming nor denying another weighs both.
    let mixed = "[[positions]]\nquestions = [1, 2, 3]\nposition = \"refused\"\nexemption = \"43(2)\"\n\n[[positions]]\nquestions = [4]\nposition = \"ncnd\"\nexemption = \"43(3)\"";
    for (style, dates) in styles_and_dates() {
        let source = letter_source(style, dates, harm, mixed, PUBLIC_INTEREST);
        for out in render_both(&source, "mixed") {
            let lower = out.to_lowercase();
            let pit = lower
                .split("\n\n")
                .filter(|p| {
                    p.contains("public interest")
                        || p.starts_with("factors")
                        || p.starts_with("in favour")
                        || p.starts_with("against")
                })
                .collect::<Vec<_>>()
                .join("\n\n");
            if pit.contains("disclos") {
                assert!(pit.contains("confirm"), "{style} on {}: {pit}", dates.1);
            }
        }
    }
}

#[test]
fn a_style_sentence_that_presupposes_a_fact_is_printed_only_when_it_holds() {
    let s12 = "[[positions]]\nquestions = [1]\nposition = \"refused\"\nexemption = \"12(1)\"\nestimate = { hours = 40, activities = \"locating the emails\" }";
    let answered = "\n\n[[positions]]\nquestions = [2, 3, 4]\nposition = \"provided\"\nanswer = \"The schedule and the report are attached; the bank details are not held.\"";
    let whole = "[[positions]]\nposition = \"refused\"\nexemption = \"12(1)\"\nestimate = { hours = 40, activities = \"locating the emails\" }";
    let keys = "reasons = \"The emails are kept in 14 mailboxes.\"\nadvice = \"A request for one month's emails could be answered within the limit.\"";
    let precedent = "not be taken as a precedent that additional information would be supplied";
    for dates in LETTER_DATES {
        // West Midlands Police's caveat presupposes that some information was given.
        let with = letter_source(
            "west-midlands-police",
            *dates,
            keys,
            &format!("{s12}{answered}"),
            "",
        );
        let without = letter_source("west-midlands-police", *dates, keys, whole, "");
        let since_2020 = dates.1 >= "2020";
        for out in render_both(&with, "s12 and an answer") {
            assert_eq!(out.contains(precedent), since_2020, "{}: {out}", dates.1);
        }
        for out in render_both(&without, "s12 alone") {
            assert!(
                !out.contains(precedent),
                "{}: nothing was supplied:\n{out}",
                dates.1
            );
        }
    }
    for (style, dates) in styles_and_dates() {
        // Nothing is withheld by a refusal under section 12 or 14, or by NCND.
        for (name, positions, tables) in [
            ("s12", whole, ""),
            (
                "s14",
                "[[positions]]\nposition = \"refused\"\nexemption = \"14(1)\"",
                "",
            ),
            (
                "ncnd",
                "[[positions]]\nposition = \"ncnd\"\nexemption = \"43(3)\"",
                PUBLIC_INTEREST,
            ),
        ] {
            let source = letter_source(style, dates, keys, positions, tables);
            for out in render_both(&source, name) {
                assert!(
                    !out.contains("withheld"),
                    "{style} ({name}, {}): {out}",
                    dates.1
                );
                assert!(
                    !out.contains(precedent),
                    "{style} ({name}, {}): {out}",
                    dates.1
                );
            }
        }
    }
    // West Yorkshire Police's "cannot comply" is not said of a request partly answered,
    // and its "see Appendix A" has an Appendix A to see.
    let source = letter_source("west-yorkshire-police", LETTER_DATES[3], "", &format!("[[positions]]\nquestions = [1]\nposition = \"refused\"\nexemption = \"41(1)\"{answered}"), "");
    let out = &render_both(&source, "partly answered")[0];
    assert!(!out.contains("cannot comply"), "{out}");
    assert!(out.contains("\nAppendix A\n"), "{out}");
}

#[test]
fn a_paragraph_conditional_on_an_unknown_fact_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mine.toml"),
        "description = \"x\"\nkind = \"council\"\n[wording]\nclosing = [\n    { text = \"Not a precedent.\", when = [\"cost\", \"suplied\"] },\n]\n",
    )
    .unwrap();
    let d = foinotice::style::resolve("mine.toml", dir.path(), None).unwrap_err();
    assert_eq!(d.field, "wording.closing[0].when[1]", "{d}");
    assert!(d.help.contains("\"supplied\""), "{d}");
    assert_eq!(d.line, 5, "{d}");
    // Every fact a paragraph can name is documented.
    let doc = std::fs::read_to_string(common::root().join("docs/house-style.md")).unwrap();
    for (name, _) in foinotice::style::FACTS {
        assert!(
            doc.contains(&format!("`{name}`")),
            "docs/house-style.md does not list `{name}`"
        );
    }
}

#[test]
fn the_authority_is_named_at_first_mention_as_the_case_defines_it_in_every_style() {
    let definition = "Northshire County Council (the Council)";
    let positions = "[[positions]]\nquestions = [1]\nposition = \"provided\"\nanswer = \"The emails are attached.\"\n\n[[positions]]\nquestions = [2]\nposition = \"refused\"\nexemption = \"43(2)\"\n\n[[positions]]\nquestions = [3]\nposition = \"not-held\"\n\n[[positions]]\nquestions = [4]\nposition = \"ncnd\"\nexemption = \"43(3)\"";
    for (style, dates) in styles_and_dates() {
        let source = letter_source(style, dates, "", positions, PUBLIC_INTEREST).replacen(
            "short = \"the Council\"",
            &format!("short = \"the Council\"\nfirst_mention = \"{definition}\""),
            1,
        );
        for out in render_both(&source, "first mention") {
            let at = out
                .find(definition)
                .unwrap_or_else(|| panic!("{style} on {}: no first mention:\n{out}", dates.1));
            assert_eq!(
                out.matches(definition).count(),
                1,
                "{style} on {}: {out}",
                dates.1
            );
            let inside = at + definition.len() - "the Council)".len();
            for short in ["the Council", "The Council"] {
                for (i, _) in out.match_indices(short) {
                    assert!(
                        i == inside || i > at,
                        "{style} on {}: \"{short}\" before it is defined:\n{out}",
                        dates.1
                    );
                }
            }
        }
    }
    // Without `first_mention` nothing is added.
    let source = letter_source("standard", LETTER_DATES[3], "", positions, PUBLIC_INTEREST);
    assert!(!render_both(&source, "no first mention")[0].contains("(the Council)"));
    // A first mention in the possessive is the full name, and the next one defines it.
    let example = common::root().join("examples/refusal-notice-section-14.toml");
    let text = restyled(
        &std::fs::read_to_string(&example).unwrap(),
        "west-midlands-police",
    )
    .replacen(
        "short = \"the Council\"",
        &format!("short = \"the Council\"\nfirst_mention = \"{definition}\""),
        1,
    );
    let out = &render_both(&text, "possessive")[0];
    let possessive = out
        .find("and Northshire County Council's decision")
        .expect(out);
    assert!(out.find(definition).expect(out) > possessive, "{out}");
    // A style that writes the definition itself, where its authority does (PSNI after
    // its first naming), is left as it is: no second definition.
    let psni =
        common::render_published(&common::root().join("tests/corpus/rn_PSNI_FOI-13384.toml"));
    assert_eq!(
        psni.matches("Police Service of Northern Ireland (PSNI)")
            .count(),
        1,
        "{psni}"
    );
    assert!(
        psni.contains("the Police Service of Northern Ireland is providing an NCND response"),
        "{psni}"
    );
}

/// Whether the text names section 12 or 14 (as "section 12(1)", "sections 12 and
/// 14", "s12", "S14").
fn names_sections_12_or_14(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "section 12",
        "section 14",
        "sections 12",
        "sections 14",
        "s12",
        "s14",
        "s.12",
        "s.14",
    ]
    .iter()
    .any(|needle| {
        lower.match_indices(needle).any(|(i, _)| {
            !lower[i + needle.len()..].starts_with(|c: char| c.is_ascii_digit())
                && !lower[..i].ends_with(|c: char| c.is_alphanumeric())
        })
    })
}

/// The paragraph, lower-cased, with the phrases that rightly say sections 12 and 14
/// are not exemptions taken out.
fn calls_an_exemption(paragraph: &str) -> bool {
    let mut lower = paragraph.to_lowercase();
    for allowed in [
        "are not exemptions",
        "is not an exemption",
        "exempts a public authority from the duty to comply",
    ] {
        lower = lower.replace(allowed, "");
    }
    lower.contains("exempt")
}

/// Paragraphs that speak of a public interest test (or its parts) as applying.
fn public_interest_wording(text: &str) -> Vec<String> {
    let negations = [
        "no public interest",
        "not subject to the public interest",
        "no need to undertake a public interest",
    ];
    let markers = [
        "public interest",
        "factors favouring",
        "factors against",
        "in favour of disclosure",
        "in favour of confirmation",
        "balance test",
        "balancing test",
        "prejudice test",
        "pit",
    ];
    text.split("\n\n")
        .map(|p| p.trim().to_lowercase())
        .filter(|p| {
            markers.iter().any(|m| {
                p.match_indices(m).any(|(i, _)| {
                    !p[..i].ends_with(|c: char| c.is_alphabetic())
                        && !p[i + m.len()..].starts_with(|c: char| c.is_alphabetic())
                })
            })
        })
        .filter(|p| !negations.iter().any(|n| p.contains(n)))
        .collect()
}

#[test]
fn sections_12_and_14_are_never_exemptions_and_absolute_exemptions_have_no_public_interest_test() {
    let s12 = "position = \"refused\"\nexemption = \"12(1)\"\nestimate = { hours = 40, activities = \"locating the emails\" }";
    let s14 = "position = \"refused\"\nexemption = \"14(1)\"";
    let s14_2 = "position = \"refused\"\nexemption = \"14(2)\"";
    let qualified = "position = \"refused\"\nexemption = \"43(2)\"";
    let keys = "reasons = \"The emails are kept in 14 mailboxes, and this is the twentieth request this year.\"\nadvice = \"A request for one month's emails could be answered within the limit.\"";
    let whole = |p: &str| format!("[[positions]]\n{p}");
    let absolutes = [
        (
            "21(1)",
            "\nelsewhere = \"The schedule is published on the Council's website.\"",
        ),
        ("23(1)", ""),
        ("32(1)(a)", ""),
        ("40(2)", ""),
        ("41(1)", ""),
        ("44(1)(a)", ""),
    ];
    // (name, positions, public interest, relies on section 12 or 14, on an absolute exemption)
    let mut letters: Vec<(String, String, &str)> = vec![
        ("section 12".into(), whole(s12), ""),
        ("section 14(1)".into(), whole(s14), ""),
        ("section 14(2)".into(), whole(s14_2), ""),
        ("qualified".into(), whole(qualified), PUBLIC_INTEREST),
    ];
    for (number, extra) in absolutes {
        letters.push((
            format!("absolute {number}"),
            whole(&format!(
                "position = \"refused\"\nexemption = \"{number}\"{extra}"
            )),
            "",
        ));
    }
    for number in ["23(5)", "40(5B)(a)(i)"] {
        letters.push((
            format!("absolute NCND {number}"),
            whole(&format!("position = \"ncnd\"\nexemption = \"{number}\"")),
            "",
        ));
    }
    letters.push((
        "all four".into(),
        format!(
            "[[positions]]\nquestions = [1]\n{s12}\n\n[[positions]]\nquestions = [2]\n{s14}\n\n[[positions]]\nquestions = [3]\nposition = \"refused\"\nexemption = \"41(1)\"\n\n[[positions]]\nquestions = [4]\n{qualified}"
        ),
        PUBLIC_INTEREST,
    ));
    for (style, dates) in styles_and_dates() {
        for (name, positions, tables) in &letters {
            let source = letter_source(style, dates, keys, positions, tables);
            let at = format!("{style} on {} ({name})", dates.1);
            for out in render_both(&source, name) {
                let paragraphs: Vec<&str> = out.split("\n\n").map(str::trim).collect();
                // Sections 12 and 14 refuse the request: never an exemption, nor listed
                // under words that introduce exemptions.
                for (i, p) in paragraphs.iter().enumerate() {
                    if !names_sections_12_or_14(p) {
                        continue;
                    }
                    assert!(
                        !calls_an_exemption(p),
                        "{at}: section 12 or 14 called an exemption: {p:?}\n{out}"
                    );
                    if i > 0 && paragraphs[i - 1].ends_with(':') {
                        assert!(
                            !calls_an_exemption(paragraphs[i - 1]),
                            "{at}: section 12 or 14 listed as an exemption: {:?} {p:?}\n{out}",
                            paragraphs[i - 1]
                        );
                    }
                }
                let pit = public_interest_wording(&out);
                match name.as_str() {
                    "qualified" => {
                        assert!(!pit.is_empty(), "{at}: no public interest test:\n{out}")
                    }
                    "all four" => {
                        // The test weighs the qualified exemption only.
                        for p in &pit {
                            assert!(
                                !p.contains("41") && !names_sections_12_or_14(p),
                                "{at}: public interest wording names section 12, 14 or 41: {p:?}\n{out}"
                            );
                        }
                        assert!(!pit.is_empty(), "{at}: no public interest test:\n{out}");
                    }
                    // Sections 12 and 14 and the absolute exemptions: none at all.
                    _ => assert!(
                        pit.is_empty(),
                        "{at}: public interest wording: {pit:?}\n{out}"
                    ),
                }
                if name.starts_with("section") {
                    assert!(
                        !out.contains("withh"),
                        "{at}: sections 12 and 14 refuse, they do not withhold:\n{out}"
                    );
                }
                if name.starts_with("section") || name == "all four" {
                    // The case's reasons for sections 12 and 14, once.
                    assert_eq!(
                        out.matches("The emails are kept in 14 mailboxes").count(),
                        1,
                        "{at}:\n{out}"
                    );
                }
                if name == "all four" {
                    // Section 12 is said to apply to its own question only.
                    assert!(
                        !out.contains("questions 1 and 2 of your request, to which S12"),
                        "{at}:\n{out}"
                    );
                    assert!(out.contains("question 2"), "{at}:\n{out}");
                }
            }
        }
    }
}

#[test]
fn an_eir_letter_cites_the_regulations_not_the_act_in_every_style() {
    let positions = "[[positions]]\nposition = \"refused\"\nexemption = \"12(5)(e)\"";
    let keys = "advice = \"The Council publishes its annual spending on the contract.\"";
    for (style, dates) in styles_and_dates() {
        let source = letter_source(style, dates, keys, positions, PUBLIC_INTEREST)
            .replace("regime = \"FOIA\"", "regime = \"EIR\"");
        for out in render_both(&source, "EIR") {
            let at = format!("{style} on {}", dates.1);
            // The EIR's duties: advice under regulation 9, refusal under regulation 14.
            assert!(!out.contains("Section 16"), "{at}: {out}");
            assert!(
                !out.contains("Section 17 of the Freedom of Information Act"),
                "{at}: {out}"
            );
            assert!(out.to_lowercase().contains("regulation 9"), "{at}: {out}");
        }
    }
}

/// A refused or NCND part named by category (`label`) beside parts answered is said to
/// be that part, in every period of the West Midlands style: never "the requested
/// information" or "any of the requested information", which would deny or withhold
/// what was answered.
#[test]
fn an_exemption_group_names_its_own_parts_not_the_whole_request() {
    use common::variant::{example, render, set};
    for date in ["2017-09-08", "2021-06-01", "2024-06-01"] {
        let mut case = example("refusal-notice-west-midlands.toml");
        set(&mut case, "date", common::variant::date(date));
        set(
            &mut case,
            "request.date",
            common::variant::date(&format!("{}-05-01", &date[..4])),
        );
        let parts: toml::Value = toml::from_str::<toml::Table>(
            r#"positions = [
                { label = "training", position = "provided", answer = "No training has been given." },
                { label = "capabilities", position = "ncnd", exemption = "31(3)" },
            ]"#,
        )
        .unwrap()["positions"]
            .clone();
        set(&mut case, "positions", Some(parts));
        let text = render(&case);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("hold information about capabilities")
                || flat.contains("holds information about capabilities"),
            "{date}: {flat}"
        );
        assert!(
            !flat.contains("any of the requested information"),
            "{date}: {flat}"
        );
        assert!(!flat.contains("any relevant data"), "{date}: {flat}");
        // Section 31 is a prejudice-based exemption: the style's test is named so.
        assert!(
            flat.contains("Prejudice Test/Public Interest Test")
                || !flat.contains("Public Interest Test (PIT)"),
            "{date}: {flat}"
        );
    }
}
