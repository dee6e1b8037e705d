//! `foinotice bulk`: the example family, inheritance, the own-merits guard, partial
//! failure, atomic and idempotent writes, `--force`, the manifest, and CSV edge cases.

mod common;

use common::{foinotice as run, scratch};
use std::path::Path;
use std::process::Output;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

fn entry<'a>(m: &'a serde_json::Value, reference: &str) -> &'a serde_json::Value {
    m["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["reference"] == reference)
        .unwrap_or_else(|| panic!("no {reference} in the manifest"))
}

const LEAD: &str = "examples/bulk/lead.toml";
const HEADER: &str = "reference,authority.name,authority.short,request.summary";

fn row(reference: &str, short: &str) -> String {
    format!("{reference},Chief Constable of {short},{short},\"{short}'s capabilities\"")
}

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
    let dir = scratch("bulk-guard");
    let csv = dir.join("f.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER},request.wording,differences_considered\n{},\"\"\"1. Do you have a drone unit?\"\"\",\n{},\"\"\"1. Do you have a drone unit?\"\"\",\"Same exemption, same arguments; considered by the caseworker.\"\n",
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
    let leftovers: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
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
        err.contains("the CSV has no `authority.name` column"),
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
        err.contains("line 2, column 5 (`response.date`): `2017-09-31` is not a date"),
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
