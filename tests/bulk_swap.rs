//! A family's output folder swapped for a link while the run goes on: the run keeps
//! writing into the folder it opened, nothing goes through the link, and the manifest
//! lists only files that are beside it.

mod common;

use common::family::names_in;

use foinotice::bulk::run::{run, Progress, Settings};
use foinotice::law::Law;
use foinotice::render::Format;
use foinotice::templates::Templates;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// Swaps the output folder for a link to `elsewhere` when the first notice is done.
struct Swapper {
    out: PathBuf,
    moved: PathBuf,
    elsewhere: PathBuf,
    swapped: AtomicBool,
}

impl Progress for Swapper {
    fn done(&self, _entry: &foinotice::bulk::Entry) {
        if !self.swapped.swap(true, Ordering::SeqCst) {
            std::fs::rename(&self.out, &self.moved).unwrap();
            std::os::unix::fs::symlink(&self.elsewhere, &self.out).unwrap();
        }
    }
}

#[test]
fn a_folder_swapped_for_a_link_mid_run_keeps_every_write_and_the_manifest_true() {
    let dir = common::scratch("bulk-swap");
    let (out, moved, elsewhere) = (dir.join("out"), dir.join("moved"), dir.join("elsewhere"));
    std::fs::create_dir_all(&elsewhere).unwrap();
    let templates = Templates::load(None).unwrap();
    let law = Law::builtin().clone();
    let lead = common::root().join("examples/bulk/lead.toml");
    let followers = common::root().join("examples/bulk/followers.csv");
    let swapper = Swapper {
        out: out.clone(),
        moved: moved.clone(),
        elsewhere: elsewhere.clone(),
        swapped: AtomicBool::new(false),
    };
    let settings = Settings {
        lead: &lead,
        followers: &followers,
        out: &out,
        dir: None,
        formats: vec![Format::Text, Format::Pdf],
        templates: &templates,
        law: &law,
        force: false,
        dry_run: false,
        fail_fast: false,
        jobs: Some(2),
    };
    let outcome = run(&settings, &swapper).unwrap();
    assert!(swapper.swapped.load(Ordering::SeqCst));
    assert!(outcome.recorded.is_ok(), "{:?}", outcome.recorded);
    // Nothing went through the link.
    assert!(
        names_in(&elsewhere).is_empty(),
        "{:?}",
        names_in(&elsewhere)
    );
    // Every notice and the manifest are in the folder the run opened, as recorded.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(moved.join("manifest.json")).unwrap())
            .unwrap();
    let mut files = 0;
    for e in manifest["notices"].as_array().unwrap() {
        assert_eq!(e["status"], "issued", "{e}");
        for o in e["outputs"].as_array().unwrap() {
            let bytes = std::fs::read(moved.join(o["file"].as_str().unwrap())).unwrap();
            assert_eq!(
                foinotice::english::sha256(&bytes),
                o["sha256"].as_str().unwrap()
            );
            files += 1;
        }
    }
    assert_eq!(files, 2 * manifest["notices"].as_array().unwrap().len());
    assert!(!names_in(&moved).iter().any(|n| n.ends_with(".tmp")));
}
