//! A bounded mutation fuzz test: the example case files and follower CSVs, mutated
//! (bytes flipped, lines deleted, duplicated and swapped, huge strings, deep nesting,
//! non-Latin and control characters, byte-order marks, CRLF, truncation), must never
//! panic or kill the program: each is a clean render or a refusal naming the file,
//! and a refused run leaves no file behind. Every reproducer from the fault campaign
//! is a fixed case.
//!
//! The budget is fixed and the generator seeded, so a run is repeatable;
//! `FOINOTICE_FUZZ_CASES=N` runs N mutations of each input instead, and
//! `FOINOTICE_FUZZ_SEED=S` another sequence.

mod common;

use common::{root, scratch};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn budget(default: usize) -> usize {
    std::env::var("FOINOTICE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn seed() -> u64 {
    std::env::var("FOINOTICE_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15)
}

const INSERTS: &[&str] = &[
    "漢字",
    "🙂",
    "مرحبا",
    "ŵŷâ",
    "\u{0}",
    "\u{7}",
    "\u{202e}",
    "\"",
    "'''",
    "\\",
    "[",
    "{",
    "]]",
    "= ",
    "\n[[response.parts]]\n",
    "> ",
    "*",
    "[^x]",
    "<https://",
    "\r",
    "\u{feff}",
    "2017-02-30",
    "9999-12-31",
    "4294967295",
    "-1",
];

/// One mutation of `text`, chosen by the generator.
fn mutate(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match rng.below(12) {
        0 => {
            // Flip a few bits anywhere (the result may not be UTF-8).
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
        }
        1 => {
            let i = rng.below(lines.len());
            bytes = lines
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != i)
                .flat_map(|(_, l)| l.bytes())
                .collect();
        }
        2 => {
            let i = rng.below(lines.len());
            bytes = lines
                .iter()
                .enumerate()
                .flat_map(|(k, l)| if k == i { l.repeat(2) } else { l.to_string() }.into_bytes())
                .collect();
        }
        3 => {
            let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
            let mut v: Vec<&str> = lines.clone();
            v.swap(i, j);
            bytes = v.concat().into_bytes();
        }
        4 => {
            let at = char_boundary(text, rng.below(text.len()));
            let huge = "x".repeat(20_000 + rng.below(60_000));
            bytes = format!("{}{huge}{}", &text[..at], &text[at..]).into_bytes();
        }
        5 => {
            let at = char_boundary(text, rng.below(text.len()));
            let deep = if rng.below(2) == 0 { "[" } else { "{" }.repeat(100 + rng.below(5_000));
            bytes = format!("{}{deep}{}", &text[..at], &text[at..]).into_bytes();
        }
        6 | 7 => {
            for _ in 0..1 + rng.below(3) {
                let s = String::from_utf8_lossy(&bytes).into_owned();
                let at = char_boundary(&s, rng.below(s.len()));
                let insert = INSERTS[rng.below(INSERTS.len())];
                bytes = format!("{}{insert}{}", &s[..at], &s[at..]).into_bytes();
            }
        }
        8 => bytes = format!("\u{feff}{text}").into_bytes(),
        9 => bytes = text.replace('\n', "\r\n").into_bytes(),
        10 => bytes.truncate(rng.below(bytes.len())),
        _ => {
            // Replace a value's digits or words with another line's.
            let i = rng.below(lines.len());
            let j = rng.below(lines.len());
            let mut v: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            if let (Some((k, _)), Some((_, val))) =
                (v[i].split_once(" = "), lines[j].split_once(" = "))
            {
                v[i] = format!("{k} = {val}");
            }
            bytes = v.concat().into_bytes();
        }
    }
    bytes
}

fn char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Runs the checks and, when they pass, the text and PDF renderers, in-process. A
/// panic anywhere fails the test with the input kept to reproduce it.
fn check_in_process(name: &str, bytes: &[u8], keep: &Path) {
    let path = Path::new(name);
    let run = || {
        let text = match foinotice::source::decode(path, bytes.to_vec()) {
            Ok(t) => t,
            Err(d) => {
                assert!(d.line > 0 || d.message.contains("UTF-16"), "{d}");
                return;
            }
        };
        let format = if name.ends_with(".json") {
            foinotice::case::Format::Json
        } else {
            foinotice::case::Format::Toml
        };
        match foinotice::case::parse(path, text, format) {
            Err(ds) => {
                assert!(!ds.is_empty());
                for d in &ds {
                    assert!(!d.message.is_empty() && !d.help.is_empty(), "{d}");
                    assert_eq!(d.file, path, "{d}");
                }
            }
            Ok(case) => {
                let t = foinotice::templates::Templates::load(None).unwrap();
                match foinotice::notice::document(&case, &t) {
                    Ok(doc) => {
                        foinotice::render::text::render(&doc);
                        foinotice::render::pdf::render(&Default::default(), &doc)
                            .unwrap_or_else(|e| panic!("checked case failed to render: {e}"));
                    }
                    Err(foinotice::Error::Case(ds)) => assert!(!ds.is_empty()),
                    Err(e) => panic!("a checked case reached a template error: {e}"),
                }
            }
        }
    };
    if let Err(p) = std::panic::catch_unwind(run) {
        let file = keep.join(name);
        std::fs::write(&file, bytes).unwrap();
        let why = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        panic!("{why}\nthe input is kept in {}", file.display());
    }
}

/// Runs the binary with a bound on its time (a hang is a failure, not a wait). Its
/// output is read as it comes, so that a long error never fills the pipe.
fn run_bounded(args: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_foinotice"));
    command.args(args).current_dir(root());
    wait_bounded(command, &format!("foinotice {args:?}"))
}

/// Runs a command with a bound on its time, its output read as it comes.
fn wait_bounded(mut command: Command, what: &str) -> std::process::Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out, &mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{what} ran for more than a minute");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    std::process::Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn assert_clean_exit(o: &std::process::Output, what: &str, allowed: &[i32]) {
    let err = String::from_utf8_lossy(&o.stderr);
    let code = o.status.code();
    assert!(
        code.is_some_and(|c| allowed.contains(&c)),
        "{what}: exit {code:?} (a signal if None)\n{err}"
    );
    assert!(!err.contains("panicked"), "{what}: {err}");
}

const CASES: &[&str] = &[
    "examples/decision-notice-cambridgeshire.toml",
    "examples/decision-notice-lead.toml",
    "examples/decision-notice-not-upheld.toml",
    "examples/refusal-notice-section-43.toml",
    "examples/refusal-notice-west-midlands.toml",
];

/// The reproducers of the fault campaign, as (file name, content).
fn reproducers() -> Vec<(String, Vec<u8>)> {
    let lead = std::fs::read_to_string(root().join(CASES[1])).unwrap();
    let refusal = std::fs::read_to_string(root().join(CASES[3])).unwrap();
    let table: toml::Table = toml::from_str(&refusal).unwrap();
    let json = serde_json::to_string_pretty(&table).unwrap();
    let with = |from: &str, to: &str| lead.replacen(from, to, 1).into_bytes();
    vec![
        ("bom.json".into(), b"\xef\xbb\xbf{}".to_vec()),
        (
            "bom-case.json".into(),
            format!("\u{feff}{json}").into_bytes(),
        ),
        (
            "nonascii.json".into(),
            "{\"kind\": \"é\" é}".as_bytes().to_vec(),
        ),
        ("deep.json".into(), "[".repeat(60_000).into_bytes()),
        (
            "deep-case.json".into(),
            json.replacen('{', &"{\"a\":".repeat(10_000), 1)
                .into_bytes(),
        ),
        (
            "days.toml".into(),
            with("[decision]\n", "[decision]\ncompliance_days = 4294967295\n"),
        ),
        (
            "days2.toml".into(),
            with("[decision]\n", "[decision]\ncompliance_days = 99999999\n"),
        ),
        (
            "year.toml".into(),
            with("date = 2018-09-20", "date = 9999-12-31"),
        ),
        (
            "2030.toml".into(),
            with("date = 2018-09-20", "date = 2030-01-10"),
        ),
        ("han.toml".into(), with("summary = \"", "summary = \"漢字 ")),
        ("emoji.toml".into(), with("summary = \"", "summary = \"🙂 ")),
        (
            "nul.toml".into(),
            with("summary = \"", "summary = \"\\u0000 "),
        ),
        (
            "withheld.toml".into(),
            with("position = \"ncnd\"", "position = \"withheld\""),
        ),
        (
            "declined.toml".into(),
            with("outcome = \"upheld\"\ndate", "outcome = \"declined\"\ndate"),
        ),
        (
            "quote.toml".into(),
            with("text = '''\n", "text = '''\n> quoted\nnot quoted\n\n"),
        ),
        (
            "word.toml".into(),
            with(
                "summary = \"",
                &format!("summary = \"{} ", "x".repeat(80_000)),
            ),
        ),
        (
            "url.toml".into(),
            with(
                "summary = \"",
                &format!(
                    "summary = \"<https://example.org/{}> ",
                    "ab/".repeat(30_000)
                ),
            ),
        ),
        ("latin1.toml".into(), {
            let mut b = lead.clone().into_bytes();
            b.splice(0..0, b"# caf\xe9\n".iter().copied());
            b
        }),
        (
            "utf16.toml".into(),
            b"\xff\xfek\x00i\x00n\x00d\x00".to_vec(),
        ),
    ]
}

#[test]
fn the_fault_campaigns_reproducers_never_panic() {
    let keep = scratch("fuzz-repro");
    for (name, bytes) in reproducers() {
        check_in_process(&name, &bytes, &keep);
    }
}

#[test]
fn mutated_case_files_are_rendered_or_refused_in_process() {
    let keep = scratch("fuzz-cases");
    let mut rng = Rng(seed());
    let n = budget(120);
    for case in CASES {
        let text = std::fs::read_to_string(root().join(case)).unwrap();
        let ext = if rng.below(4) == 0 { "json" } else { "toml" };
        let text = if ext == "json" {
            let t: toml::Table = toml::from_str(&text).unwrap();
            serde_json::to_string_pretty(&t).unwrap()
        } else {
            text
        };
        for i in 0..n {
            let bytes = mutate(&mut rng, &text);
            check_in_process(&format!("m{i}.{ext}"), &bytes, &keep);
        }
    }
}

#[test]
fn mutated_case_files_from_the_command_line_exit_cleanly_and_leave_nothing_on_failure() {
    let dir = scratch("fuzz-cli");
    let mut rng = Rng(seed() ^ 0xA5A5);
    let n = budget(12);
    let mut inputs = reproducers();
    for case in CASES {
        let text = std::fs::read_to_string(root().join(case)).unwrap();
        for i in 0..n {
            inputs.push((
                format!("m{}-{i}.toml", inputs.len()),
                mutate(&mut rng, &text),
            ));
        }
    }
    for (name, bytes) in inputs {
        let path = dir.join(&name);
        std::fs::write(&path, &bytes).unwrap();
        let out = dir.join(format!("out-{name}"));
        let o = run_bounded(&[
            "render",
            path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_clean_exit(&o, &name, &[0, 1, 2]);
        let written: Vec<_> = std::fs::read_dir(&out)
            .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        if o.status.success() {
            assert_eq!(written.len(), 2, "{name}: {written:?}");
        } else {
            assert!(written.is_empty(), "{name} failed but left {written:?}");
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                err.contains(&name),
                "{name}: the error does not name the file\n{err}"
            );
        }
        let o = run_bounded(&["check", path.to_str().unwrap()]);
        assert_clean_exit(&o, &name, &[0, 1]);
    }
}

#[test]
fn mutated_follower_lists_fail_row_by_row_and_never_leave_a_false_manifest() {
    let dir = scratch("fuzz-csv");
    let mut rng = Rng(seed() ^ 0x5A5A);
    let text = std::fs::read_to_string(root().join("examples/bulk/followers.csv")).unwrap();
    // A short list keeps each run quick: the header and a few rows.
    let short: String = text.split_inclusive('\n').take(6).collect();
    for i in 0..budget(16) {
        let bytes = mutate(&mut rng, &short);
        let csv = dir.join(format!("f{i}.csv"));
        std::fs::write(&csv, &bytes).unwrap();
        let out = dir.join(format!("out{i}"));
        let o = run_bounded(&[
            "bulk",
            "examples/bulk/lead.toml",
            csv.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "text",
        ]);
        assert_clean_exit(&o, &format!("f{i}.csv"), &[0, 1]);
        let names: Vec<String> = std::fs::read_dir(&out)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
        if let Ok(m) = std::fs::read_to_string(out.join("manifest.json")) {
            let m: serde_json::Value = serde_json::from_str(&m).unwrap();
            for e in m["notices"].as_array().unwrap() {
                for f in e["outputs"].as_array().unwrap() {
                    let bytes = std::fs::read(out.join(f["file"].as_str().unwrap())).unwrap();
                    assert_eq!(
                        foinotice::bulk::sha256(&bytes),
                        f["sha256"].as_str().unwrap()
                    );
                }
            }
        }
    }
}

/// `count` hostile lists (tests/common/hostile.rs), seeded, written into `dir`.
fn hostile_inputs(dir: &Path, seed: u64, count: usize) -> Vec<std::path::PathBuf> {
    let mut rng = Rng(seed);
    let mut text = Rng(seed ^ 0x7E57);
    (0..count)
        .map(|i| {
            let (name, bytes) =
                common::hostile::mutation(&mut |n| rng.below(n), &mut |t| mutate(&mut text, t), i);
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect()
}

#[test]
fn hostile_lists_through_bulk_exit_cleanly_under_a_memory_limit() {
    if !common::hostile::prlimit() {
        return;
    }
    let dir = scratch("fuzz-hostile-bulk");
    let exe = Path::new(env!("CARGO_BIN_EXE_foinotice"));
    for path in hostile_inputs(&dir, seed() ^ 0x0BAD, budget(24)) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let out = dir.join(format!("out-{name}"));
        let args = [
            "bulk",
            "examples/bulk/lead.toml",
            path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--dry-run",
        ];
        let o = wait_bounded(common::hostile::limited(exe, &args), &name);
        // A signal (the kernel refusing memory ends in an abort) fails here.
        assert_clean_exit(&o, &name, &[0, 1]);
        let err = String::from_utf8_lossy(&o.stderr);
        if o.status.code() == Some(1) {
            assert!(
                err.contains(&path.display().to_string()),
                "{name}: the error does not name the file\n{err}"
            );
        }
        assert!(!out.exists(), "{name}: a dry run wrote {}", out.display());
    }
}

/// The variable that makes [`desk_child_checks_hostile_lists`] read its lists from a
/// directory its parent made (else it makes its own).
const DESK_CHILD: &str = "FOINOTICE_FUZZ_DESK";

#[test]
fn hostile_lists_on_the_desk_are_refused_under_a_memory_limit() {
    if !common::hostile::prlimit() {
        return;
    }
    let dir = scratch("fuzz-hostile-desk");
    let n = hostile_inputs(&dir, seed() ^ 0xDE5C, budget(16)).len();
    // This test binary again, running only the desk's check, under the limit.
    let exe = std::env::current_exe().unwrap();
    let args = [
        "--exact",
        "desk_child_checks_hostile_lists",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ];
    let mut command = common::hostile::limited(&exe, &args);
    command.env(DESK_CHILD, &*dir);
    let o = wait_bounded(command, "the desk's check of hostile lists");
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{} (a signal means memory ran out)\n{out}\n{err}",
        common::hostile::ended(&o)
    );
    assert!(
        err.contains(&format!("the desk checked {n} hostile lists")),
        "{out}\n{err}"
    );
}

/// Uploads each hostile list to a desk and opens its family page: the upload is
/// taken (or refused as too large), and the page either shows the followers or says
/// why the family cannot be issued, naming the file. Run by
/// [`hostile_lists_on_the_desk_are_refused_under_a_memory_limit`] in a child process
/// under a memory limit; run alone, it checks lists of its own.
#[tokio::test]
#[ignore = "run in a child process, under a memory limit, by hostile_lists_on_the_desk_are_refused_under_a_memory_limit"]
async fn desk_child_checks_hostile_lists() {
    let own = scratch("fuzz-desk-child");
    let inputs = match std::env::var_os(DESK_CHILD) {
        Some(d) => std::path::PathBuf::from(d),
        None => {
            hostile_inputs(&own, seed() ^ 0xDE5C, budget(16));
            own.to_path_buf()
        }
    };
    let checked = common::hostile::desk_check(&inputs, &own.join("book")).await;
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "the desk checked {checked} hostile lists"
    );
}
