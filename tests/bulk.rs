//! `foinotice bulk`: the example family, inheritance, the own-merits guard, partial
//! failure, atomic and idempotent writes, `--force`, the manifest, and CSV edge cases.

mod common;

use common::family::{entry, manifest, names_in, row, s, HEADER, LEAD};
use common::{foinotice as run, scratch};
use std::path::Path;
use std::process::Output;

fn bulk(dir: &Path, followers: &Path, extra: &[&str]) -> Output {
    let out = dir.join("out");
    let mut args = vec![
        "bulk",
        LEAD,
        s(followers),
        "--out",
        s(&out),
        "--format",
        "text",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn the_example_family_is_issued_with_its_manifest() {
    let dir = scratch("bulk-example");
    let out = dir.join("out");
    let o = run(&[
        "bulk",
        LEAD,
        "examples/bulk/followers.csv",
        "--out",
        s(&out),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let m = manifest(&out);
    let notices = m["notices"].as_array().unwrap();
    assert_eq!(notices.len(), 45);
    assert!(notices.iter().all(|e| e["status"] == "issued"));
    assert_eq!(m["tool"], concat!("foinotice ", env!("CARGO_PKG_VERSION")));
    assert_eq!(m["templates_sha256"].as_str().unwrap().len(), 64);
    // Each output's hash is the file's.
    for e in notices {
        for o in e["outputs"].as_array().unwrap() {
            let bytes = std::fs::read(out.join(o["file"].as_str().unwrap())).unwrap();
            assert_eq!(o["sha256"], foinotice::bulk::sha256(&bytes));
            assert_eq!(o["bytes"], bytes.len());
        }
    }
    // The follower that differs from the lead carries the caseworker's reason.
    let wmp = entry(&m, "IOT-2018-41");
    assert_eq!(wmp["authority"], "Chief Constable of West Midlands Police");
    assert!(wmp["differences_considered"]
        .as_str()
        .unwrap()
        .contains("11435/17"));
    assert!(
        std::fs::read_to_string(out.join("manifest.csv"))
            .unwrap()
            .lines()
            .count()
            == 46
    );

    // Cambridgeshire's notice is the seed reproduction, except for the size of the
    // family it was issued with: the wording that names the family's size and the
    // footnote listing its other references.
    let bulk_text = std::fs::read_to_string(out.join("FS50740163.txt")).unwrap();
    let alone =
        common::render_text(&common::root().join("examples/decision-notice-cambridgeshire.toml"));
    let differing: Vec<(&str, &str)> = alone
        .lines()
        .zip(bulk_text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(alone.lines().count(), bulk_text.lines().count());
    assert_eq!(differing.len(), 2, "{differing:#?}");
    assert!(differing[0]
        .1
        .contains("how 45 police forces handled the request"));
    assert!(differing[1].1.starts_with("¹ The other 44 are dealt with"));

    // Siblings never include the notice's own reference.
    for e in notices {
        let r = e["reference"].as_str().unwrap();
        let text = std::fs::read_to_string(out.join(format!("{r}.txt"))).unwrap();
        let footnote = text
            .lines()
            .find(|l| l.contains("are dealt with under the following references"))
            .unwrap();
        assert!(!footnote.contains(r), "{r} lists itself: {footnote}");
    }
}

#[test]
fn the_directory_form_issues_the_same_family() {
    let dir = scratch("bulk-dir");
    let (a, b) = (dir.join("a"), dir.join("b"));
    assert!(run(&[
        "bulk",
        LEAD,
        "examples/bulk/followers.csv",
        "--out",
        s(&a),
        "--format",
        "text"
    ])
    .status
    .success());
    let o = run(&[
        "bulk",
        LEAD,
        "examples/bulk/followers",
        "--out",
        s(&b),
        "--format",
        "text",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (ma, mb) = (manifest(&a), manifest(&b));
    for e in ma["notices"].as_array().unwrap() {
        let r = e["reference"].as_str().unwrap();
        assert_eq!(e["facts_sha256"], entry(&mb, r)["facts_sha256"], "{r}");
        assert_eq!(e["outputs"], entry(&mb, r)["outputs"], "{r}");
    }
}

#[test]
fn followers_inherit_what_they_do_not_set() {
    let dir = scratch("bulk-inherit");
    let csv = dir.join("f.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER},response.date\n{}\n{},2017-09-01\n",
            row("A-1", "Kent Police") + ",",
            row("A-2", "Essex Police")
        ),
    )
    .unwrap();
    let o = bulk(&dir, &csv, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let a1 = std::fs::read_to_string(dir.join("out/A-1.txt")).unwrap();
    let a2 = std::fs::read_to_string(dir.join("out/A-2.txt")).unwrap();
    // Its own authority; the lead's response date, review, background and submission.
    assert!(
        a1.contains("Public Authority: Chief Constable of Kent Police"),
        "{a1}"
    );
    assert!(
        a1.contains("Kent Police responded on 7 September 2017"),
        "{a1}"
    );
    assert!(a1.contains("The Internet of Things"), "{a1}");
    assert!(
        a1.contains("The request in this case is identical to a request"),
        "{a1}"
    );
    assert!(!a1.contains("Northshire"), "{a1}");
    // Its own date where it sets one.
    assert!(
        a2.contains("Essex Police responded on 1 September 2017"),
        "{a2}"
    );
}

#[test]
fn the_guard_fails_a_different_request_unless_the_reason_is_recorded() {
    const PARTS: &str =
        "\"[{ questions = [1], position = \"\"ncnd\"\", exemption = \"\"31(3)\"\" }]\"";
    let dir = scratch("bulk-guard");
    let csv = dir.join("f.csv");
    std::fs::write(
        &csv,
        format!(
            // A one-question request: its own parts and scope, in TOML inline cells.
            "{HEADER},request.wording,response.parts,scope.questions,scope.excluded,differences_considered\n{},\"\"\"1. Do you have a drone unit?\"\"\",{PARTS},1,[],\n{},\"\"\"1. Do you have a drone unit?\"\"\",{PARTS},1,[],\"Same exemption, same arguments; considered by the caseworker.\"\n",
            row("G-1", "Kent Police"),
            row("G-2", "Essex Police")
        ),
    )
    .unwrap();
    let o = bulk(&dir, &csv, &[]);
    assert_eq!(o.status.code(), Some(1));
    let m = manifest(&dir.join("out"));
    let g1 = entry(&m, "G-1");
    assert_eq!(g1["status"], "failed");
    let err = g1["error"].as_str().unwrap();
    assert!(
        err.contains("own-merits guard: the request differs"),
        "{err}"
    );
    assert!(err.contains("{+drone+}"), "{err}");
    assert!(!dir.join("out/G-1.txt").exists());
    let g2 = entry(&m, "G-2");
    assert_eq!(g2["status"], "issued");
    assert!(g2["differences_considered"]
        .as_str()
        .unwrap()
        .starts_with("Same exemption"));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("1 of 3 notices failed: G-1"), "{stderr}");
}

#[test]
fn the_guard_fails_different_exemptions() {
    let dir = scratch("bulk-guard-ex");
    let fdir = dir.join("followers");
    std::fs::create_dir_all(&fdir).unwrap();
    std::fs::write(
        fdir.join("x.toml"),
        "adopts = \"FS50739797\"\nreference = \"X-1\"\n[authority]\nname = \"Chief Constable of Kent Police\"\nshort = \"Kent Police\"\n[[response.parts]]\nquestions = [1, 2, 3, 4, 6]\nposition = \"ncnd\"\nexemption = \"30(3)\"\n",
    )
    .unwrap();
    let o = bulk(&dir, &fdir, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = entry(&manifest(&dir.join("out")), "X-1")["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(err.contains("the exemptions relied on differ: the lead's section 31(3) against this case's section 30(3)"), "{err}");
}

#[test]
fn one_bad_follower_does_not_stop_the_others_unless_fail_fast() {
    let dir = scratch("bulk-partial");
    let csv = dir.join("f.csv");
    // B-2's response comes before its request.
    std::fs::write(
        &csv,
        format!(
            "{HEADER},response.date\n{},\n{},2017-01-01\n{},\n",
            row("B-1", "Kent Police"),
            row("B-2", "Essex Police"),
            row("B-3", "Surrey Police")
        ),
    )
    .unwrap();
    let o = bulk(&dir, &csv, &["--jobs", "1"]);
    assert_eq!(o.status.code(), Some(1));
    let m = manifest(&dir.join("out"));
    assert_eq!(entry(&m, "B-1")["status"], "issued");
    assert_eq!(entry(&m, "B-3")["status"], "issued");
    let b2 = entry(&m, "B-2");
    assert_eq!(b2["status"], "failed");
    assert!(
        b2["error"]
            .as_str()
            .unwrap()
            .contains("column 5 (`response.date`)"),
        "{b2}"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("failed: B-2"));

    let dir2 = scratch("bulk-failfast");
    let o = bulk(&dir2, &csv, &["--jobs", "1", "--fail-fast"]);
    assert_eq!(o.status.code(), Some(1));
    let m = manifest(&dir2.join("out"));
    assert_eq!(entry(&m, "B-3")["status"], "skipped");
    assert!(!dir2.join("out/B-3.txt").exists());
}

#[test]
fn a_failing_write_leaves_no_file() {
    let dir = scratch("bulk-atomic");
    let csv = dir.join("f.csv");
    std::fs::write(&csv, format!("{HEADER}\n{}\n", row("C-1", "Kent Police"))).unwrap();
    // A directory where the notice should go makes its rename fail.
    std::fs::create_dir_all(dir.join("out/C-1.txt/blocker")).unwrap();
    let o = bulk(&dir, &csv, &["--force"]);
    assert_eq!(o.status.code(), Some(1));
    let leftovers: Vec<String> = names_in(&dir.join("out"))
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(dir.join("out/C-1.txt/blocker").is_dir());
    assert_eq!(
        entry(&manifest(&dir.join("out")), "C-1")["status"],
        "failed"
    );
}

#[test]
fn a_rerun_skips_unchanged_notices_and_refuses_changed_ones_without_force() {
    let dir = scratch("bulk-rerun");
    let csv = dir.join("f.csv");
    std::fs::write(&csv, format!("{HEADER}\n{}\n", row("D-1", "Kent Police"))).unwrap();
    assert!(bulk(&dir, &csv, &[]).status.success());
    let file = dir.join("out/D-1.txt");
    let before = std::fs::metadata(&file).unwrap().modified().unwrap();
    let o = bulk(&dir, &csv, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m = manifest(&dir.join("out"));
    assert_eq!(entry(&m, "D-1")["status"], "unchanged");
    assert_eq!(entry(&m, "FS50739797")["status"], "unchanged");
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        before
    );

    // Changed facts: refused, then replaced with --force.
    std::fs::write(
        &csv,
        format!("{HEADER},date\n{},2018-09-21\n", row("D-1", "Kent Police")),
    )
    .unwrap();
    let o = bulk(&dir, &csv, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = entry(&manifest(&dir.join("out")), "D-1")["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        err.contains("already exists and this notice's inputs have changed"),
        "{err}"
    );
    assert!(!std::fs::read_to_string(&file)
        .unwrap()
        .contains("21 September 2018"));
    let o = bulk(&dir, &csv, &["--force"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("21 September 2018"));
}

#[test]
fn a_dry_run_writes_nothing() {
    let dir = scratch("bulk-dry");
    let csv = dir.join("f.csv");
    std::fs::write(&csv, format!("{HEADER}\n{}\n", row("E-1", "Kent Police"))).unwrap();
    let o = bulk(&dir, &csv, &["--dry-run"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("planned    E-1"));
    assert!(!dir.join("out").exists());
}

#[test]
fn csv_with_bom_crlf_quotes_and_empty_cells() {
    let dir = scratch("bulk-csv");
    let csv = dir.join("f.csv");
    let text = format!(
        "\u{feff}{HEADER},authority.address,response.date\r\n\"F-1\",\"Chief Constable of Kent Police\",Kent Police,\"Kent Police's capabilities, in brief\",\"Police Headquarters | Sutton Road | Maidstone\",\r\n{},,\r\n",
        row("F-2", "Essex Police")
    );
    std::fs::write(&csv, text).unwrap();
    let o = bulk(&dir, &csv, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let f1 = std::fs::read_to_string(dir.join("out/F-1.txt")).unwrap();
    assert!(
        f1.contains("information about Kent Police's capabilities, in brief."),
        "{f1}"
    );
    assert!(
        f1.contains("Address:          Police Headquarters\n                  Sutton Road"),
        "{f1}"
    );
    assert!(f1.contains("responded on 7 September 2017"), "{f1}");
}

#[test]
fn bad_csv_is_reported_with_row_and_column() {
    let dir = scratch("bulk-badcsv");
    let csv = dir.join("f.csv");
    std::fs::write(&csv, "reference,request.summary\nH-1,x\n").unwrap();
    let o = bulk(&dir, &csv, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the followers have no `authority.name` column"),
        "{err}"
    );
    assert!(!dir.join("out/manifest.json").exists());

    std::fs::write(
        &csv,
        format!(
            "{HEADER},response.date\n{},2017-09-31\n",
            row("H-2", "Kent Police")
        ),
    )
    .unwrap();
    let o = bulk(&dir, &csv, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 2, column 5 (`response.date`): `2017-09-31` is not a real date"),
        "{err}"
    );
    assert!(err.contains(&format!("{}:2:5", s(&csv))), "{err}");
}

#[test]
fn refusal_notices_are_issued_in_bulk_too() {
    let dir = scratch("bulk-refusals");
    let csv = dir.join("forces.csv");
    std::fs::write(
        &csv,
        "reference,authority.name\nKNT/101/17,Kent Police\nESX/202/17,Essex Police\n",
    )
    .unwrap();
    let out = dir.join("out");
    let o = run(&[
        "bulk",
        "examples/refusal-notice-west-midlands.toml",
        s(&csv),
        "--out",
        s(&out),
        "--format",
        "text",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let kent = std::fs::read_to_string(out.join("KNT-101-17.txt")).unwrap();
    assert!(
        kent.contains("Kent Police will neither confirm nor deny"),
        "{kent}"
    );
    assert!(kent.contains("Our reference: KNT/101/17"), "{kent}");
    assert_eq!(manifest(&out)["notices"].as_array().unwrap().len(), 3);
}

/// Followers are read the quick way (from the merged table, with no text to point
/// into); a problem the quick way cannot locate must still be reported at its cell.
#[test]
fn a_complainants_name_in_a_follower_is_caught_and_located() {
    let dir = scratch("bulk-name");
    let csv = dir.join("f.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER},complainant.name\n{},\nN-2,Chief Constable of Kent Police,Kent Police,\"Mr Pemberton-Hale's capabilities\",Mr Pemberton-Hale\n",
            row("N-1", "Essex Police"),
        ),
    )
    .unwrap();
    let o = bulk(&dir, &csv, &["--jobs", "1"]);
    assert_eq!(o.status.code(), Some(1));
    let m = manifest(&dir.join("out"));
    assert_eq!(entry(&m, "N-1")["status"], "issued");
    let n2 = entry(&m, "N-2");
    assert_eq!(n2["status"], "failed");
    let error = n2["error"].as_str().unwrap();
    assert!(
        error.contains("complainant's name appears in `request.summary`")
            && error.contains("column 4 (`request.summary`)"),
        "{error}"
    );
    assert!(!dir.join("out/N-2.txt").exists());
}

/// A run killed before it wrote its manifest left notices the old manifest does not
/// know. Running it again used to refuse every one of them as "changed".
#[test]
fn a_rerun_after_a_killed_run_keeps_what_it_wrote_and_finishes_the_batch() {
    let dir = scratch("bulk-killed");
    let csv = dir.join("f.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER}\n{}\n{}\n",
            row("K-1", "Kent Police"),
            row("K-2", "Essex Police")
        ),
    )
    .unwrap();
    assert!(bulk(&dir, &csv, &[]).status.success());
    let out = dir.join("out");
    // As the kill left it: no manifest, one notice not yet renamed into place, and the
    // temporary files of the files being written.
    std::fs::remove_file(out.join("manifest.json")).unwrap();
    std::fs::remove_file(out.join("manifest.csv")).unwrap();
    std::fs::remove_file(out.join("K-2.txt")).unwrap();
    for stale in [".K-2.txt.999999999.tmp", ".manifest.json.999999999.tmp"] {
        std::fs::write(out.join(stale), "part of a notice").unwrap();
    }
    // Files that are not a stopped run's temporary files of this batch stay.
    let keep = [".notes.txt.12.tmp", ".K-1.txt.draft.tmp", "K-1.txt.12.tmp"];
    for name in keep {
        std::fs::write(out.join(name), "someone else's").unwrap();
    }
    let k1 = out.join("K-1.txt");
    let written = std::fs::metadata(&k1).unwrap().modified().unwrap();

    let o = bulk(&dir, &csv, &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("removed 2 temporary files left in"),
        "{stderr}"
    );
    let m = manifest(&out);
    assert_eq!(entry(&m, "K-1")["status"], "unchanged");
    assert_eq!(entry(&m, "FS50739797")["status"], "unchanged");
    assert_eq!(entry(&m, "K-2")["status"], "issued");
    assert_eq!(std::fs::metadata(&k1).unwrap().modified().unwrap(), written);
    assert_eq!(
        names_in(&out),
        [
            ".K-1.txt.draft.tmp",
            ".notes.txt.12.tmp",
            "FS50739797.txt",
            "K-1.txt",
            "K-1.txt.12.tmp",
            "K-2.txt",
            "manifest.csv",
            "manifest.json"
        ]
    );

    // A file the manifest does not know that differs from what the facts make is an
    // issued record of something else: refused, and left as it is.
    std::fs::remove_file(out.join("manifest.json")).unwrap();
    let mut edited = std::fs::read_to_string(&k1).unwrap();
    edited.push_str("Edited by hand.\n");
    std::fs::write(&k1, &edited).unwrap();
    let o = bulk(&dir, &csv, &[]);
    assert_eq!(o.status.code(), Some(1));
    let m = manifest(&out);
    let error = entry(&m, "K-1")["error"].as_str().unwrap();
    assert!(
        error.contains("is not recorded in this directory's manifest, and differs"),
        "{error}"
    );
    assert_eq!(std::fs::read_to_string(&k1).unwrap(), edited);
    // Nothing was written for it, so its entry lists no files this run vouches for.
    assert_eq!(entry(&m, "K-1")["outputs"], serde_json::json!([]));
    assert_eq!(entry(&m, "K-2")["status"], "unchanged");
}

/// A notice that fails keeps, in the manifest, the record of the files an earlier run
/// issued for it: they are still in the directory, and this run wrote nothing.
#[test]
fn a_failed_notice_keeps_the_record_of_its_issued_files() {
    let dir = scratch("bulk-keep-record");
    let csv = dir.join("f.csv");
    std::fs::write(&csv, format!("{HEADER}\n{}\n", row("R-1", "Kent Police"))).unwrap();
    assert!(bulk(&dir, &csv, &[]).status.success());
    let issued = entry(&manifest(&dir.join("out")), "R-1")["outputs"].clone();
    assert_eq!(issued.as_array().unwrap().len(), 1);
    std::fs::write(
        &csv,
        format!("{HEADER},date\n{},2018-09-21\n", row("R-1", "Kent Police")),
    )
    .unwrap();
    assert_eq!(bulk(&dir, &csv, &[]).status.code(), Some(1));
    let m = manifest(&dir.join("out"));
    assert_eq!(entry(&m, "R-1")["status"], "failed");
    assert_eq!(entry(&m, "R-1")["outputs"], issued);
}

#[cfg(target_os = "linux")]
#[test]
fn a_second_run_into_a_directory_in_use_is_refused() {
    let dir = scratch("bulk-busy");
    let csv = dir.join("f.csv");
    std::fs::write(&csv, format!("{HEADER}\n{}\n", row("L-1", "Kent Police"))).unwrap();
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    // This test holds the directory as a run would.
    let held = std::fs::File::open(&out).unwrap();
    // SAFETY: flock on a descriptor the File keeps open.
    let locked = unsafe {
        libc::flock(
            std::os::fd::AsRawFd::as_raw_fd(&held),
            libc::LOCK_EX | libc::LOCK_NB,
        )
    };
    assert_eq!(locked, 0);
    let o = bulk(&dir, &csv, &[]);
    assert_eq!(o.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("another foinotice run is issuing notices into")
            && stderr.contains("help: wait for it to finish"),
        "{stderr}"
    );
    assert!(names_in(&out).is_empty());
    drop(held);
    assert!(bulk(&dir, &csv, &[]).status.success());
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_stops_the_run_in_good_order_and_a_rerun_finishes_it() {
    let dir = scratch("bulk-ctrl-c");
    let csv = dir.join("f.csv");
    const FOLLOWERS: usize = 60;
    let rows: Vec<String> = (1..=FOLLOWERS)
        .map(|i| row(&format!("S-{i}"), &format!("Force {i}")))
        .collect();
    std::fs::write(&csv, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    let out = dir.join("out");
    let args = ["bulk", LEAD, s(&csv), "--out", s(&out), "--jobs", "1"];
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_foinotice"));
    command
        .args(args)
        .current_dir(common::root())
        .stderr(std::process::Stdio::piped());
    // A process started in the background by a shell without job control inherits
    // SIGINT ignored, and the tool (rightly) leaves an ignored signal ignored: the
    // child gets the default disposition, as one started from a terminal has.
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        use std::os::unix::process::CommandExt;
        command.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            Ok(())
        });
    }
    let child = command.spawn().unwrap();
    // Interrupt as soon as the first notice is in place.
    let started = std::time::Instant::now();
    while !out.join("FS50739797.pdf").exists() {
        assert!(started.elapsed().as_secs() < 60, "no notice was written");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    // SAFETY: kill only sends a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("error: the run was interrupted;")
            && stderr.contains("help: run the same command again"),
        "{stderr}"
    );
    let m = manifest(&out);
    let notices = m["notices"].as_array().unwrap();
    let with = |status: &str| notices.iter().filter(|e| e["status"] == status).count();
    assert!(with("issued") >= 1 && with("skipped") >= 1, "{m}");
    assert_eq!(with("issued") + with("skipped"), FOLLOWERS + 1, "{m}");
    for e in notices {
        let files: Vec<&str> = e["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["file"].as_str().unwrap())
            .collect();
        if e["status"] == "issued" {
            // Written whole, and as recorded.
            for o in e["outputs"].as_array().unwrap() {
                let bytes = std::fs::read(out.join(o["file"].as_str().unwrap())).unwrap();
                assert_eq!(
                    foinotice::bulk::sha256(&bytes),
                    o["sha256"].as_str().unwrap()
                );
            }
            assert_eq!(files.len(), 2);
        } else {
            assert_eq!(e["error"], "not attempted: the run was interrupted");
            let stem = e["reference"].as_str().unwrap();
            assert!(files.is_empty() && !out.join(format!("{stem}.pdf")).exists());
        }
    }
    assert!(names_in(&out).iter().all(|n| !n.ends_with(".tmp")));

    let issued_before = with("issued");
    let o = run(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m = manifest(&out);
    let notices = m["notices"].as_array().unwrap();
    let with = |status: &str| notices.iter().filter(|e| e["status"] == status).count();
    assert_eq!(with("unchanged"), issued_before);
    assert_eq!(with("issued"), FOLLOWERS + 1 - issued_before);
}

#[test]
fn the_closing_summary_names_ten_failures_and_counts_the_rest() {
    let dir = scratch("bulk-summary");
    let csv = dir.join("f.csv");
    // Every follower's response comes before its request.
    let rows: Vec<String> = (1..=12)
        .map(|i| format!("{},2017-01-01", row(&format!("F-{i:02}"), "Kent Police")))
        .collect();
    std::fs::write(
        &csv,
        format!("{HEADER},response.date\n{}\n", rows.join("\n")),
    )
    .unwrap();
    let o = bulk(&dir, &csv, &["--jobs", "1"]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    // Every failure is printed in full, and the summary names the first ten.
    assert!((1..=12).all(|i| stderr.contains(&format!("failed: F-{i:02} ("))));
    assert_eq!(
        stderr.lines().last().unwrap(),
        "error: 12 of 13 notices failed: F-01, F-02, F-03, F-04, F-05, F-06, F-07, F-08, F-09, F-10, and 2 more"
    );
}

#[test]
fn every_format_is_written_and_recorded_with_its_hash() {
    let dir = scratch("bulk-all-formats");
    let out = dir.join("out");
    // The helper asks for text; a second --format adds the rest.
    let o = bulk(
        &dir,
        Path::new("examples/bulk/followers.csv"),
        &["--format", "html,docx,pdf"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let m = manifest(&out);
    let lead = entry(&m, "FS50739797");
    let files: Vec<&str> = lead["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "FS50739797.txt",
            "FS50739797.pdf",
            "FS50739797.html",
            "FS50739797.docx"
        ]
    );
    common::family::assert_manifest_true(&out);
}
