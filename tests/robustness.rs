//! Nothing lost, nothing crashes: one regression test per hole that a fault and fuzz
//! campaign found, each named after what it pins.

mod common;

use common::family::{assert_manifest_true, entry, manifest, names_in, row, s, HEADER, LEAD};
use common::{foinotice as run, root, scratch};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn bulk_text(followers: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "bulk",
        LEAD,
        s(followers),
        "--out",
        s(out),
        "--format",
        "text",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

// 1. Clashing output names in a family.
#[test]
fn followers_whose_references_give_one_file_name_are_refused_before_anything_is_written() {
    let dir = scratch("clash-bulk");
    for (a, b) in [
        ("IOT-2018-01", "IOT 2018 01"),
        ("IOT-2018-01", "iot-2018-01"),
    ] {
        let csv = dir.join("f.csv");
        std::fs::write(
            &csv,
            format!(
                "{HEADER}\n{}\n{}\n",
                row(a, "Kent Police"),
                row(b, "Essex Police")
            ),
        )
        .unwrap();
        let out = dir.join("out");
        let o = bulk_text(&csv, &out, &[]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(a) && err.contains(b), "{err}");
        assert!(err.contains("line 2") && err.contains("line 3"), "{err}");
        assert!(names_in(&out).is_empty(), "{:?}", names_in(&out));
    }
}

// 2. Two case files of one stem in `render`.
#[test]
fn case_files_with_one_stem_are_refused_before_anything_is_written() {
    let dir = scratch("clash-render");
    let good =
        std::fs::read_to_string(root().join("examples/refusal-notice-section-43.toml")).unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::write(dir.join(sub).join("case.toml"), &good).unwrap();
    }
    let out = dir.join("out");
    for force in [false, true] {
        let mut args: Vec<String> = vec![
            "render".into(),
            s(&dir.join("a/case.toml")).to_owned(),
            s(&dir.join("b/case.toml")).to_owned(),
            "--out".into(),
            s(&out).to_owned(),
        ];
        if force {
            args.push("--force".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("would both be written to"),
            "{}",
            stderr(&o)
        );
        assert!(names_in(&out).is_empty());
    }
}

// 3 and 8. Links at output and temporary paths.
#[cfg(unix)]
#[test]
fn a_dangling_link_at_an_output_path_is_an_existing_notice() {
    let dir = scratch("dangling-render");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let target = dir.join("victim.txt");
    std::os::unix::fs::symlink(&target, out.join("refusal-notice-section-43.txt")).unwrap();
    let o = run(&[
        "render",
        "examples/refusal-notice-section-43.toml",
        "--out",
        s(&out),
        "--format",
        "text",
    ]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing was written"), "{}", stderr(&o));
    assert!(!target.exists());
    // Forced, the link is replaced by the notice; nothing is written through it.
    let o = run(&[
        "render",
        "examples/refusal-notice-section-43.toml",
        "--out",
        s(&out),
        "--format",
        "text",
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!target.exists());
    let issued = out.join("refusal-notice-section-43.txt");
    assert!(!issued.symlink_metadata().unwrap().file_type().is_symlink());
}

// 4. A killed forced re-issue.
#[cfg(unix)]
#[test]
fn a_killed_forced_reissue_leaves_a_manifest_that_claims_only_what_is_on_disk() {
    use std::os::unix::process::ExitStatusExt;
    let dir = scratch("killed-force");
    let out = dir.join("out");
    let followers = root().join("examples/bulk/followers.csv");
    let o = bulk_text(&followers, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // New facts for every notice: a lead signed by someone else.
    let lead = std::fs::read_to_string(root().join(LEAD)).unwrap();
    let changed = dir.join("lead.toml");
    let signatory = lead.find("[signatory]").expect("the lead is signed");
    let role = signatory + lead[signatory..].find("role = \"").expect("with a role");
    let mut text = lead.clone();
    text.insert_str(role + 8, "Acting ");
    std::fs::write(&changed, text).unwrap();
    let planned = run(&[
        "bulk",
        s(&changed),
        s(&followers),
        "--out",
        s(&out),
        "--dry-run",
        "--force",
    ]);
    assert!(planned.status.success(), "{}", stderr(&planned));
    let forced = || {
        Command::new(env!("CARGO_BIN_EXE_foinotice"))
            .args([
                "bulk",
                s(&changed),
                s(&followers),
                "--out",
                s(&out),
                "--format",
                "text",
                "--force",
                "--jobs",
                "1",
            ])
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut killed = 0;
    for delay in [40u64, 80, 120, 200, 300, 450] {
        let mut child = forced();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
        }
        // Counted by how the run ended, not by the attempt: a run that finished just
        // before the kill exits normally.
        if child.wait().unwrap().signal() == Some(libc::SIGKILL) {
            killed += 1;
        }
        assert_manifest_true(&out);
        // The run is forced: whatever state it left, a forced rerun goes on from it.
    }
    let reissue = |extra: &[&str]| {
        let mut args = vec![
            "bulk",
            s(&changed),
            s(&followers),
            "--out",
            s(&out),
            "--format",
            "text",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let o = reissue(&["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_manifest_true(&out);
    // Finished: a plain rerun finds every notice unchanged.
    let o = reissue(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 issued, 45 unchanged"),
        "{}",
        stderr(&o)
    );
    eprintln!("{killed} of the runs were killed part way");
    assert!(
        killed > 0,
        "no run was killed part way (each finished before its kill), so nothing was tested"
    );
}

#[test]
fn entries_being_replaced_claim_no_files_and_are_settled_by_the_next_run() {
    let dir = scratch("replacing");
    let out = dir.join("out");
    let csv = dir.join("f.csv");
    std::fs::write(&csv, format!("{HEADER}\n{}\n", row("R-1", "Kent Police"))).unwrap();
    assert!(bulk_text(&csv, &out, &[]).status.success());
    // What a run killed after marking R-1 and before its final manifest leaves: the
    // entry claims no files, and the file on disk is the new notice or the old.
    let text = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    let mut m: serde_json::Value = serde_json::from_str(&text).unwrap();
    for e in m["notices"].as_array_mut().unwrap() {
        if e["reference"] == "R-1" {
            e["status"] = "replacing".into();
            e["outputs"] = serde_json::json!([]);
        }
    }
    std::fs::write(out.join("manifest.json"), m.to_string()).unwrap();
    assert_manifest_true(&out);
    let o = bulk_text(&csv, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(entry(&manifest(&out), "R-1")["status"], "unchanged");
    assert_manifest_true(&out);
}

// 5. A full disk.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_names_every_failed_notice_and_leaves_no_half_notice() {
    let dir = scratch("full-disk");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let Some(_unmount) = common::tmpfs(&out, "600k") else {
        return;
    };
    let followers = root().join("examples/bulk/followers.csv");
    let o = run(&["bulk", LEAD, s(&followers), "--out", s(&out), "--jobs", "1"]);
    let err = stderr(&o);
    assert_ne!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("notices:") && err.contains("failed"), "{err}");
    // The summary names the manifest only where one was written.
    assert_eq!(
        err.contains("manifest in"),
        out.join("manifest.json").is_file(),
        "{err}"
    );
    let failed = err.matches("\nfailed: ").count() + usize::from(err.starts_with("failed: "));
    assert!(failed > 0, "{err}");
    // A notice's files are issued together or not at all.
    let names = names_in(&out);
    for n in &names {
        if let Some(stem) = n.strip_suffix(".txt") {
            assert!(
                names.contains(&format!("{stem}.pdf")),
                "{n} without its PDF: {names:?}"
            );
        }
        if let Some(stem) = n.strip_suffix(".pdf") {
            assert!(
                names.contains(&format!("{stem}.txt")),
                "{n} without its text: {names:?}"
            );
        }
        assert!(!n.ends_with(".tmp") && !n.ends_with(".bak"), "{names:?}");
    }
    assert_manifest_true(&out);
    // With room made, the same command finishes the batch.
    let remounted = Command::new("mount")
        .args(["-o", "remount,size=20m", s(&out)])
        .status()
        .unwrap();
    assert!(remounted.success());
    let o = run(&["bulk", LEAD, s(&followers), "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_manifest_true(&out);
    assert_eq!(
        manifest(&out)["notices"].as_array().unwrap().len(),
        45,
        "{}",
        stderr(&o)
    );
}

// 6. One file obstructed.
#[test]
fn a_notice_obstructed_at_one_file_keeps_neither_file() {
    let dir = scratch("obstructed");
    let out = dir.join("out");
    let csv = dir.join("f.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER}\n{}\n{}\n",
            row("X-1", "Kent Police"),
            row("X-2", "Essex Police")
        ),
    )
    .unwrap();
    std::fs::create_dir_all(out.join("X-1.pdf/inside")).unwrap();
    let o = run(&["bulk", LEAD, s(&csv), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let m = manifest(&out);
    let x1 = entry(&m, "X-1");
    assert_eq!(x1["status"], "failed");
    assert!(x1["error"].as_str().unwrap().contains("X-1.pdf"), "{x1}");
    assert!(x1["outputs"].as_array().unwrap().is_empty());
    assert!(!out.join("X-1.txt").exists());
    assert_eq!(entry(&m, "X-2")["status"], "issued");
    assert!(stderr(&o).contains("failed: X-1"), "{}", stderr(&o));
}

// 7. Hostile template directories.
#[cfg(unix)]
#[test]
fn template_links_that_cycle_end_and_links_out_of_the_directory_are_refused() {
    let dir = scratch("template-links");
    let t = dir.join("t");
    std::fs::create_dir_all(t.join("decision")).unwrap();
    std::os::unix::fs::symlink(".", t.join("a")).unwrap();
    std::os::unix::fs::symlink(".", t.join("b")).unwrap();
    std::os::unix::fs::symlink("..", t.join("decision/up")).unwrap();
    let o = run(&[
        "check",
        "examples/decision-notice-cambridgeshire.toml",
        "--templates",
        s(&t),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    let secret = dir.join("secret.txt");
    std::fs::write(&secret, "root:x:0:0").unwrap();
    std::os::unix::fs::symlink(&secret, t.join("decision/appeal.tera")).unwrap();
    let o = run(&[
        "render",
        "examples/decision-notice-cambridgeshire.toml",
        "--templates",
        s(&t),
        "--out",
        "-",
        "--format",
        "text",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("outside the template directory"),
        "{}",
        stderr(&o)
    );
    assert!(!stdout(&o).contains("root:x"));
}

// 9. JSON with a byte-order mark, and a syntax error at a non-ASCII character.
#[test]
fn json_with_a_byte_order_mark_reads_and_an_error_at_a_non_ascii_character_is_located() {
    let dir = scratch("json-bom");
    let case =
        foinotice::case::load(&root().join("examples/refusal-notice-section-43.toml")).unwrap();
    let toml_text = case.source.clone();
    let table: toml::Table = toml::from_str(&toml_text).unwrap();
    let json = serde_json::to_string_pretty(&table).unwrap();
    let good = dir.join("bom.json");
    std::fs::write(&good, format!("\u{feff}{json}")).unwrap();
    let o = run(&["check", s(&good)]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));

    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"kind\": \"refusal-notice\", \"title\": \"é\" é}").unwrap();
    let o = run(&["check", s(&bad)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("bad.json:1:"), "{}", stdout(&o));
    assert!(!stderr(&o).contains("panicked"));
    let o = run(&["check", s(&dir.join("empty.json"))]);
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(dir.join("bom-only.json"), "\u{feff}{}").unwrap();
    let o = run(&["check", s(&dir.join("bom-only.json"))]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("does not say what kind of notice"),
        "{}",
        stdout(&o)
    );
}

// 10. Deep nesting.
#[test]
fn deeply_nested_json_is_refused_with_a_location() {
    let dir = scratch("nesting");
    let deep = dir.join("deep.json");
    std::fs::write(&deep, "[".repeat(60_000)).unwrap();
    let o = run(&["check", s(&deep)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("nested more than"), "{}", stdout(&o));
    assert!(stdout(&o).contains("deep.json:1:65"), "{}", stdout(&o));
}

// 11. Dates out of range.
#[test]
fn date_arithmetic_past_the_calendar_is_a_located_error() {
    let good = std::fs::read_to_string(root().join("examples/decision-notice-lead.toml")).unwrap();
    for days in ["4294967295", "99999999", "0"] {
        let bad = good.replace(
            "[decision]\noutcome = \"upheld\"\n",
            &format!("[decision]\noutcome = \"upheld\"\ncompliance_days = {days}\n"),
        );
        assert!(bad != good, "the example has a [decision] table");
        let errs = common::load_str("c.toml", &bad).expect_err(days);
        assert_eq!(
            errs[0].field, "decision.compliance_days",
            "{days}: {errs:?}"
        );
        assert!(errs[0].line > 0);
    }
    for date in ["2030-01-10", "9999-12-31"] {
        let bad = good.replacen("date = 2018-09-20", &format!("date = {date}"), 1);
        assert!(bad != good, "the example changed");
        let errs = common::load_str("c.toml", &bad).expect_err(date);
        assert_eq!(errs[0].field, "date", "{date}: {errs:?}");
        assert!(errs[0].message.contains("outside the years"), "{}", errs[0]);
    }
    let o = run(&[
        "deadline",
        "--received",
        "2017-08-10",
        "--calendar-days",
        "2000000000",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("outside the years"), "{}", stderr(&o));
    let o = run(&[
        "deadline",
        "--received",
        "2017-08-10",
        "--working-days",
        "4000000000",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

// 12. Closed pipes.
fn closed_reader(args: &[&str], close_stderr: bool) -> std::process::ExitStatus {
    let mut child = Command::new(env!("CARGO_BIN_EXE_foinotice"))
        .args(args)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader takes a little and goes, as `| head -c 10` does.
    let mut first = [0u8; 10];
    if close_stderr {
        let mut err = child.stderr.take().unwrap();
        let _ = err.read(&mut first);
        drop(err);
        let mut out = String::new();
        let _ = child.stdout.take().unwrap().read_to_string(&mut out);
    } else {
        let mut out = child.stdout.take().unwrap();
        let _ = out.read(&mut first);
        drop(out);
        let mut err = String::new();
        let _ = child.stderr.take().unwrap().read_to_string(&mut err);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{err}"
        );
    }
    child.wait().unwrap()
}

#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    let many: Vec<String> = (0..40)
        .map(|_| "examples/decision-notice-lead.toml".to_string())
        .collect();
    let mut args = vec!["check"];
    args.extend(many.iter().map(String::as_str));
    assert_eq!(closed_reader(&args, false).code(), Some(0));
    let mut args = vec!["render", "--out", "-", "--format", "text"];
    args.push("examples/decision-notice-lead.toml");
    assert_eq!(closed_reader(&args, false).code(), Some(0));
    let dir = scratch("pipe-bulk");
    let out = dir.join("out");
    let status = closed_reader(
        &[
            "bulk",
            LEAD,
            "examples/bulk/followers.csv",
            "--out",
            s(&out),
            "--format",
            "text",
        ],
        true,
    );
    // Telling no one does not stop the run: every notice is issued.
    assert_eq!(status.code(), Some(0));
    assert_eq!(manifest(&out)["notices"].as_array().unwrap().len(), 45);
}

// 13. Very long words and URLs.
#[test]
fn a_very_long_url_is_written_once_whatever_the_lines_it_takes() {
    let good =
        std::fs::read_to_string(root().join("examples/decision-notice-not-upheld.toml")).unwrap();
    let size = |n: usize| {
        let url = format!("https://example.org/{}", vec!["abc"; n].join("/"));
        let word = "x".repeat(n * 4);
        let text = good.replacen(
            "[request]\n",
            &format!("[request]\ncontext = \"about {word} at <{url}>\"\n"),
            1,
        );
        assert!(text != good, "the example changed");
        let case = common::load_str("c.toml", &text).unwrap();
        let t = foinotice::templates::Templates::load(None).unwrap();
        let doc = foinotice::notice::document(&case, &t).unwrap();
        foinotice::render::pdf::render(&Default::default(), &doc)
            .unwrap()
            .len()
    };
    let (small, large) = (size(5_000), size(40_000));
    // Eight times the text, and the file grows about as much (each of the URL's lines
    // once wrote the whole URL, which grew with the square).
    assert!(large < small * 12, "{small} bytes against {large}");
}

// 15. Case-file problems that surfaced as template errors.
#[test]
fn case_file_problems_that_reached_the_templates_are_located_by_check() {
    let good = std::fs::read_to_string(root().join("examples/decision-notice-lead.toml")).unwrap();
    let no_summary = {
        let start = good.find("\nsummary = ").unwrap() + 1;
        let end = start + good[start..].find('\n').unwrap() + 1;
        format!("{}{}", &good[..start], &good[end..])
    };
    let declined = good.replace(
        "outcome = \"upheld\"\ndate = 2017-10-18",
        "outcome = \"declined\"\ndate = 2017-10-18",
    );
    let quote = good.replacen("text = '''\n", "text = '''\n> quoted\nnot quoted\n\n", 1);
    for (what, text, field) in [
        ("summary", no_summary, "request"),
        ("declined", declined, "review.outcome"),
        ("quote", quote, "background[0].text"),
    ] {
        assert!(text != good, "{what}: the example changed");
        let errs = common::load_str("c.toml", &text).expect_err(what);
        assert_eq!(errs[0].field, field, "{what}: {}", errs[0]);
        assert!(errs[0].line > 0, "{what}: {}", errs[0]);
        let dir = scratch(&format!("located-{what}"));
        let path = dir.join("c.toml");
        std::fs::write(&path, &text).unwrap();
        let o = run(&["render", s(&path), "--out", s(&dir.join("out"))]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", stderr(&o));
        assert!(!stderr(&o).contains("template"), "{what}: {}", stderr(&o));
    }
}

// 16. Characters the font lacks.
#[test]
fn characters_the_font_lacks_are_found_by_check_at_their_field_for_every_format() {
    let good =
        std::fs::read_to_string(root().join("examples/refusal-notice-section-43.toml")).unwrap();
    let dir = scratch("glyphs");
    for (what, bad) in [("han", "漢字"), ("emoji", "🙂"), ("nul", "\\u0000")] {
        let text = good.replacen("title = \"", &format!("title = \"{bad} "), 1);
        assert!(text != good, "the example changed");
        let errs = common::load_str("c.toml", &text).expect_err(what);
        assert_eq!(errs[0].field, "title", "{what}: {}", errs[0]);
        assert!(
            errs[0].line > 0 && errs[0].column > 0,
            "{what}: {}",
            errs[0]
        );
        let path = dir.join(format!("{what}.toml"));
        std::fs::write(&path, &text).unwrap();
        for format in ["text", "pdf"] {
            let o = run(&[
                "render",
                s(&path),
                "--out",
                s(&dir.join("out")),
                "--format",
                format,
            ]);
            assert_eq!(o.status.code(), Some(1), "{what} {format}: {}", stderr(&o));
        }
        assert_eq!(run(&["check", s(&path)]).status.code(), Some(1));
    }
    assert!(names_in(&dir.join("out")).is_empty());
}

// 17. Text that is not UTF-8.
#[test]
fn text_that_is_not_utf8_is_located_with_a_likely_encoding() {
    let dir = scratch("encoding");
    let good = std::fs::read(root().join("examples/refusal-notice-section-43.toml")).unwrap();
    let mut bad = good.clone();
    let at = bad.windows(7).position(|w| w == b"title =").unwrap();
    bad.splice(at..at, b"# caf\xe9\n".iter().copied());
    let path = dir.join("c.toml");
    std::fs::write(&path, &bad).unwrap();
    let o = run(&["check", s(&path)]);
    assert_eq!(o.status.code(), Some(1));
    let line = good[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let out = stdout(&o);
    assert!(out.contains(&format!("c.toml:{line}:6")), "{out}");
    assert!(
        out.contains("Windows-1252") && out.contains("UTF-8"),
        "{out}"
    );

    let csv = dir.join("f.csv");
    std::fs::write(
        &csv,
        format!("{HEADER}\n{}\nK-2,caf\u{e9}", row("K-1", "Kent Police"))
            .replace('\u{e9}', "\u{fffd}"),
    )
    .unwrap();
    let mut bytes = std::fs::read(&csv).unwrap();
    let i = bytes
        .windows(3)
        .position(|w| w == "\u{fffd}".as_bytes())
        .unwrap();
    bytes.splice(i..i + 3, [0xE9u8]);
    std::fs::write(&csv, bytes).unwrap();
    let o = bulk_text(&csv, &dir.join("out"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("f.csv:3:8"), "{}", stderr(&o));
    assert!(stderr(&o).contains("CSV UTF-8"), "{}", stderr(&o));
}

// 18. Suggestions of the opposite meaning.
#[test]
fn a_suggestion_never_has_the_opposite_meaning() {
    let good =
        std::fs::read_to_string(root().join("examples/refusal-notice-section-43.toml")).unwrap();
    let pos = good
        .find("position = \"refused\"")
        .expect("the example refuses a part");
    let mut text = good.clone();
    text.replace_range(pos..pos + 20, "position = \"withheld\"");
    let errs = common::load_str("c.toml", &text).unwrap_err();
    assert!(errs[0].help.contains("\"refused\""), "{}", errs[0]);
    assert!(
        !errs[0].help.contains("did you mean \"not-held\""),
        "{}",
        errs[0]
    );
    assert_eq!(
        foinotice::case::suggest_value("withheld", &["provided", "not-held", "refused", "ncnd"]),
        Some("refused")
    );
    assert_eq!(
        foinotice::case::suggest_value("nothled", &["provided", "not-held", "refused"]),
        None
    );
    assert_eq!(
        foinotice::case::suggest_value("not-hled", &["provided", "not-held", "refused"]),
        Some("not-held")
    );
    assert_eq!(
        foinotice::case::suggest_value("upheld", &["not-upheld", "partly-upheld"]),
        None
    );
}

// 19. A missing table.
#[test]
fn a_missing_table_is_named_with_its_required_keys() {
    let good = std::fs::read_to_string(root().join("examples/decision-notice-lead.toml")).unwrap();
    let start = good.find("[signatory]").unwrap();
    let end = start + good[start..].find("\n\n").unwrap_or(good.len() - start);
    let text = format!("{}{}", &good[..start], &good[end..]);
    let errs = common::load_str("c.toml", &text).unwrap_err();
    let d = &errs[0];
    assert!(d.message.contains("no [signatory] table"), "{d}");
    assert!(d.help.contains("[signatory]\nrole = "), "{d}");
    assert_eq!(d.line, 0, "a missing table has no line: {d}");
}

// 20-23. Followers as caseworkers' spreadsheets are.
#[test]
fn a_bad_not_held_cell_is_located_at_its_cell() {
    let dir = scratch("not-held");
    let csv = dir.join("f.csv");
    std::fs::write(
        &csv,
        format!("{HEADER},not_held\n{},99\n", row("N-1", "Kent Police")),
    )
    .unwrap();
    let o = bulk_text(&csv, &dir.join("out"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("{}:2:5", s(&csv))), "{err}");
    assert!(!err.contains("lead.toml:"), "{err}");
}

#[test]
fn crlf_rows_are_reported_at_their_own_lines() {
    let dir = scratch("crlf");
    let csv = dir.join("f.csv");
    let rows = [
        HEADER.to_string(),
        row("C-1", "Kent Police"),
        "C-2,Chief Constable of Essex Police,Essex Police,x,extra".into(),
    ];
    std::fs::write(&csv, rows.join("\r\n") + "\r\n").unwrap();
    let out = dir.join("out");
    let o = bulk_text(&csv, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let m = manifest(&out);
    assert_eq!(entry(&m, "C-1")["source"], format!("{} line 2", s(&csv)));
    let c2 = m["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"].as_str().unwrap().ends_with("line 3"));
    assert!(c2.is_some_and(|e| e["status"] == "failed"), "{m}");
}

#[test]
fn semicolon_separated_followers_with_trailing_empty_rows_are_read() {
    let dir = scratch("semicolon");
    let csv = dir.join("f.csv");
    let text = format!(
        "{}\n{}\n;;;\n;;;\n",
        HEADER.replace(',', ";"),
        "S-1;Chief Constable of Kent Police;Kent Police;\"Kent Police's capabilities; all of them\""
    );
    std::fs::write(&csv, text).unwrap();
    let out = dir.join("out");
    let o = bulk_text(&csv, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(entry(&manifest(&out), "S-1")["status"], "issued");
    let notice = std::fs::read_to_string(out.join("S-1.txt")).unwrap();
    assert!(notice.contains("capabilities; all of them"), "{notice}");
}

#[test]
fn a_misspelt_header_is_reported_once_at_the_header() {
    let dir = scratch("header");
    let csv = dir.join("f.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER},authority.shrt\n{},x\n{},y\n",
            row("M-1", "Kent Police"),
            row("M-2", "Essex Police")
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let o = bulk_text(&csv, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.matches("authority.shrt").count(), 2, "{err}");
    assert!(err.contains("did you mean `authority.short`?"), "{err}");
    assert!(err.contains(&format!("{}:1:5", s(&csv))), "{err}");
    assert!(names_in(&out).is_empty());
}

#[test]
fn one_bad_row_fails_alone_and_the_others_are_issued() {
    let dir = scratch("bad-row");
    let csv = dir.join("f.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER},response.date\n{},\n{},2018-02-30\n{},\n",
            row("B-1", "Kent Police"),
            row("B-2", "Essex Police"),
            row("B-3", "Surrey Police")
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let o = bulk_text(&csv, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let m = manifest(&out);
    assert_eq!(entry(&m, "B-1")["status"], "issued");
    assert_eq!(entry(&m, "B-3")["status"], "issued");
    let b2 = entry(&m, "B-2");
    assert_eq!(b2["status"], "failed");
    // The typed model: the problem is kept as a located diagnostic.
    let d = &b2["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(5)),
        "{b2}"
    );
    assert_eq!(d["field"], "response.date");
    assert!(
        stderr(&o).contains("1 of 4 notices failed: B-2"),
        "{}",
        stderr(&o)
    );
}

// 24. Spreadsheets.
#[test]
fn followers_are_read_from_a_workbook_with_errors_located_by_cell() {
    let dir = scratch("xlsx");
    let path = dir.join("followers.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Forces").unwrap();
    let header = [
        "reference",
        "authority.name",
        "authority.short",
        "request.summary",
        "response.date",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        [
            "W-1",
            "Chief Constable of Kent Police",
            "Kent Police",
            "Kent Police's capabilities",
            "",
        ],
        [
            "W-2",
            "Chief Constable of Essex Police",
            "Essex Police",
            "Essex Police's capabilities",
            "2017-09-31",
        ],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
    }
    // A real date cell, as Excel stores one.
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2017, 9, 7).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(1, 4, &date, &format)
        .unwrap();
    book.save(&path).unwrap();
    let out = dir.join("out");
    let o = bulk_text(&path, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let m = manifest(&out);
    assert_eq!(entry(&m, "W-1")["status"], "issued", "{m}");
    assert_eq!(
        entry(&m, "W-1")["source"],
        format!("{} sheet Forces row 2", s(&path))
    );
    let w2 = entry(&m, "W-2");
    assert_eq!(w2["status"], "failed");
    assert!(
        w2["error"]
            .as_str()
            .unwrap()
            .contains("cell E3 (`response.date`)"),
        "{w2}"
    );
    let notice = std::fs::read_to_string(out.join("W-1.txt")).unwrap();
    assert!(notice.contains("7 September 2017"), "{notice}");
}

// 26-27. A newcomer's first ten minutes.
#[test]
fn help_gives_an_example_and_points_to_the_case_file_guide() {
    let o = run(&["--help"]);
    let help = stdout(&o);
    assert!(help.contains("docs/case-file.md"), "{help}");
    assert!(help.contains("foinotice render"), "{help}");
    let o = run(&["render", "--help"]);
    assert!(
        stdout(&o).contains("on screen instead of"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_missing_case_file_exits_as_the_readme_says() {
    let o = run(&["check", "no/such/case.toml"]);
    assert_eq!(o.status.code(), Some(1));
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let row = readme
        .lines()
        .find(|l| l.starts_with("| 1 "))
        .expect("the README has an exit-code table");
    assert!(row.contains("missing"), "{row}");
}

// 16. A manifest that cannot be written is never announced.
#[test]
fn a_manifest_that_cannot_be_written_is_not_announced_as_written() {
    let dir = scratch("unwritten-manifest");
    let out = dir.join("out");
    // A folder stands where the manifest goes, as a full disk would stop it.
    std::fs::create_dir_all(out.join("manifest.json/x")).unwrap();
    let followers = root().join("examples/bulk/followers.csv");
    let o = bulk_text(&followers, &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(4), "{err}");
    assert!(!err.contains("manifest in"), "{err}");
    assert!(err.contains("no manifest was written"), "{err}");
    assert!(err.contains("the manifest could not be written"), "{err}");
}
