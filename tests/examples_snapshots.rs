//! One text snapshot per example case (glob tests live in their own file).

mod common;

#[test]
fn every_example_renders_to_its_snapshot() {
    insta::glob!("../examples", "*.toml", |path| {
        let text = common::render_text(path);
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(text);
        });
    });
}
