//! A file-size limit (`ulimit -f`) is a failed write like a full disk, never a silent
//! death by SIGXFSZ; and `render`, like `bulk`, removes the temporary files a stopped
//! run left beside its notices (issue 24, item 8).
#![cfg(target_os = "linux")]

mod common;

use common::family::names_in;

use common::{root, scratch};
use std::process::{Command, Output};

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A process id that is not running: a child that has ended.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn a_render_past_the_file_size_limit_fails_with_a_message_and_a_later_render_cleans_up() {
    if !common::tool("bash", &["-c", "true"], "bash") {
        return;
    }
    let dir = scratch("ulimit-f");
    std::fs::copy(
        root().join("examples/decision-notice-eir.toml"),
        dir.join("case.toml"),
    )
    .unwrap();
    let out = dir.join("out");

    // 1 KiB: the text and the PDF are both larger.
    let o = Command::new("bash")
        .args(["-c", "ulimit -f 1; exec \"$0\" render case.toml --out out"])
        .arg(env!("CARGO_BIN_EXE_foinotice"))
        .current_dir(&*dir)
        .output()
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(o.status.signal(), None, "killed by a signal: {}", text(&o));
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    assert!(text(&o).contains("File too large"), "{}", text(&o));
    assert!(text(&o).contains("case.txt") || text(&o).contains("case.pdf"));
    // Nothing issued, and nothing left behind.
    assert!(names_in(&out).is_empty(), "{:?}", names_in(&out));

    // What a run killed part way leaves: temporaries of its notices, under the id of a
    // process that has ended. A later render removes those, and only those.
    let pid = dead_pid();
    let stale = [
        format!(".case.txt.{pid}.abcdEFGH.tmp"),
        format!(".case.pdf.{pid}.12345678.tmp"),
    ];
    let other = format!(".another.txt.{pid}.abcdEFGH.tmp");
    for name in stale.iter().chain([&other]) {
        std::fs::write(out.join(name), b"partial").unwrap();
    }
    let o = Command::new(env!("CARGO_BIN_EXE_foinotice"))
        .args(["render", "case.toml", "--out", "out"])
        .current_dir(&*dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("removed 2 temporary files"),
        "{}",
        text(&o)
    );
    assert_eq!(
        names_in(&out),
        vec![other, "case.pdf".to_string(), "case.txt".to_string()]
    );
}
