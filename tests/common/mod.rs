//! Helpers shared by the integration tests.
#![allow(dead_code)]

use foinotice::templates::Templates;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub mod desk;
pub mod family;
pub mod hostile;
pub mod pdfread;
pub mod refusal_truth;
pub mod variant;

/// The variable that makes the references in `../shared` required: `.ci/run` sets it,
/// so that CI never passes by skipping the tests that read them.
pub const REQUIRE_SHARED: &str = "FOINOTICE_REQUIRE_SHARED";

/// A folder of `../shared` beside the checkout (the seeds, the corpus), or `None` when
/// it is not there: the calling test then says it was skipped, and why, and returns.
/// With `FOINOTICE_REQUIRE_SHARED=1` its absence fails the test instead.
pub fn shared(folder: &str) -> Option<PathBuf> {
    let dir = root().join("../shared").join(folder);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os(REQUIRE_SHARED).is_some_and(|v| v != "0" && !v.is_empty()) {
        panic!(
            "{} is missing, and {REQUIRE_SHARED} says it is required",
            dir.display()
        );
    }
    // Written past the test harness's capture, so that the skip shows in every run.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {} is not beside the checkout (the project's shared references); set {REQUIRE_SHARED}=1 to make this a failure",
        dir.display()
    );
    None
}

/// The example case files (`examples/*.toml`), sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

/// The variable that makes the external tools some tests use required: `.ci/run`
/// installs them and sets it, so that CI never passes by skipping those tests.
pub const REQUIRE_TOOLS: &str = "FOINOTICE_REQUIRE_TOOLS";

/// Whether a command-line tool runs here (`tool args` succeeds). When it does not,
/// the calling test says it was skipped and returns; with `FOINOTICE_REQUIRE_TOOLS=1`
/// its absence fails the test instead.
pub fn tool(tool: &str, args: &[&str], package: &str) -> bool {
    let runs = std::process::Command::new(tool)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty());
    if runs {
        return true;
    }
    if std::env::var_os(REQUIRE_TOOLS).is_some_and(|v| v == "1") {
        panic!("{tool} ({package}) is not installed, and {REQUIRE_TOOLS} says it is required");
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {tool} ({package}) is not installed; set {REQUIRE_TOOLS}=1 to make this a failure"
    );
    false
}

/// The document model of a case file, with the built-in templates.
pub fn document(case: &Path) -> foinotice::model::Document {
    let templates = foinotice::templates::Templates::load(None).unwrap();
    let case =
        foinotice::case::load(case).unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    foinotice::notice::document(&case, &templates).unwrap()
}

/// Renders a case file to text with the built-in templates.
pub fn render_text(case: &Path) -> String {
    let case =
        foinotice::case::load(case).unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    let templates = Templates::load(None).unwrap();
    let doc = foinotice::notice::document(&case, &templates).unwrap_or_else(|e| panic!("{e}"));
    foinotice::render::text::render(&doc)
}

/// Renders a case file's published copy to text (a refusal notice as its authority's
/// disclosure log shows it; a decision notice is published as it is).
pub fn render_published(case: &Path) -> String {
    let case =
        foinotice::case::load(case).unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    let templates = Templates::load(None).unwrap();
    let doc =
        foinotice::notice::document_copy(&case, &templates, foinotice::notice::Copy::Published)
            .unwrap_or_else(|e| panic!("{e}"));
    foinotice::render::text::render(&doc)
}

/// Loads case text of the given format from a string, as if from `name`.
pub fn load_str(
    name: &str,
    text: &str,
) -> Result<foinotice::case::Case, Vec<foinotice::diagnostic::Diagnostic>> {
    let format = if name.ends_with(".json") {
        foinotice::case::Format::Json
    } else {
        foinotice::case::Format::Toml
    };
    foinotice::case::parse(Path::new(name), text.to_string(), format)
}

/// Renders case text (TOML) to notice text with the built-in templates.
pub fn render_text_str(text: &str) -> String {
    let case =
        load_str("case.toml", text).unwrap_or_else(|e| panic!("{}", foinotice::Error::Case(e)));
    let templates = Templates::load(None).unwrap();
    let doc = foinotice::notice::document(&case, &templates).unwrap_or_else(|e| panic!("{e}"));
    foinotice::render::text::render(&doc)
}

/// Runs the `foinotice` binary from the project root.
pub fn foinotice(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_foinotice"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// An empty scratch directory for one test, unique to this test process. It is
/// removed when the test ends, unless the test failed: then it is kept, and its
/// path printed, so that what the test wrote can be read.
pub fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("foinotice-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("kept the failed test's files in {}", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A small filesystem mounted at `dir` for a full-disk test, unmounted when dropped.
pub struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Mounts a tmpfs of `size` (as `mount -o size=` takes it) at `dir`. Mounting needs
/// root: where it cannot be done, the calling test says it was skipped and returns
/// (`None`); with `FOINOTICE_REQUIRE_TOOLS=1`, as in CI, which runs as root, that fails
/// the test instead.
#[cfg(target_os = "linux")]
pub fn tmpfs(dir: &Path, size: &str) -> Option<Mounted> {
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .output();
    match mounted {
        Ok(o) if o.status.success() => Some(Mounted(dir.to_path_buf())),
        other => {
            let why = match other {
                Ok(o) => String::from_utf8_lossy(&o.stderr).trim().to_string(),
                Err(e) => e.to_string(),
            };
            if std::env::var_os(REQUIRE_TOOLS).is_some_and(|v| v == "1") {
                panic!("a small filesystem cannot be mounted ({why}), and {REQUIRE_TOOLS} says full-disk tests are required (run as root)");
            }
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "skipped: a small filesystem cannot be mounted here ({why}; this test needs root); set {REQUIRE_TOOLS}=1 to make this a failure"
            );
            None
        }
    }
}
