//! Helpers for the tests that issue families with `foinotice bulk`.

use std::path::Path;

/// The example lead, from the project root.
pub const LEAD: &str = "examples/bulk/lead.toml";
/// A followers header with the fields most tests set.
pub const HEADER: &str = "reference,authority.name,authority.short,request.summary";

/// A followers row for `HEADER`.
pub fn row(reference: &str, short: &str) -> String {
    format!("{reference},Chief Constable of {short},{short},\"{short}'s capabilities\"")
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

pub fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

pub fn entry<'a>(m: &'a serde_json::Value, reference: &str) -> &'a serde_json::Value {
    m["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["reference"] == reference)
        .unwrap_or_else(|| panic!("no {reference} in the manifest"))
}

/// The names in a directory, sorted (none when it does not exist).
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Every file the manifest lists is on disk with the recorded hash: what a manifest
/// must never get wrong.
pub fn assert_manifest_true(out: &Path) {
    if !out.join("manifest.json").exists() {
        return;
    }
    let m = manifest(out);
    for e in m["notices"].as_array().unwrap() {
        let status = e["status"].as_str().unwrap();
        for o in e["outputs"].as_array().unwrap() {
            let file = out.join(o["file"].as_str().unwrap());
            let bytes = std::fs::read(&file)
                .unwrap_or_else(|err| panic!("{status} entry names {}: {err}", file.display()));
            assert_eq!(
                foinotice::bulk::sha256(&bytes),
                o["sha256"].as_str().unwrap(),
                "the manifest claims a hash that is not on disk for {} ({status})",
                file.display()
            );
        }
    }
}
