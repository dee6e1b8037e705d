//! Bulk issuing at scale: 1,000 followers of the example lead, text, PDF and manifest,
//! through the release binary. Prints one JSON object: notices per second and peak
//! memory (maximum resident set size, read with /usr/bin/time when it is installed).
//! `cargo bench --bench bulk` (add `-- --followers N --jobs N` to change the run).

use std::process::Command;
use std::time::Instant;

fn arg(args: &[String], name: &str) -> Option<usize> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let followers = arg(&args, "--followers").unwrap_or(1000);
    let jobs = arg(&args, "--jobs");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("foinotice-bench-bulk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let mut csv = String::from("reference,authority.name,authority.short,request.summary\n");
    for i in 1..=followers {
        csv.push_str(&format!(
            "BENCH-{i:05},Chief Constable of Force {i},Force {i},\"Force {i}'s capabilities with regard to utilising the \"\"Internet of Things\"\" for law enforcement purposes\"\n"
        ));
    }
    let csv_path = dir.join("followers.csv");
    std::fs::write(&csv_path, csv).expect("write the CSV");
    let out = dir.join("out");
    let bin = env!("CARGO_BIN_EXE_foinotice");
    let mut bulk_args = vec![
        "bulk".to_string(),
        root.join("examples/bulk/lead.toml").display().to_string(),
        csv_path.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    if let Some(j) = jobs {
        bulk_args.extend(["--jobs".to_string(), j.to_string()]);
    }
    let timed = std::path::Path::new("/usr/bin/time").exists();
    let mut cmd = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M"]).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(&bulk_args);
    let start = Instant::now();
    let output = cmd.output().expect("run foinotice bulk");
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let peak_kb: Option<u64> = timed
        .then(|| {
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .and_then(|l| l.trim().parse().ok())
        })
        .flatten();
    let notices = followers + 1;
    let bytes: u64 = std::fs::read_dir(&out)
        .map(|d| {
            d.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    println!(
        "{{\"followers\":{followers},\"notices\":{notices},\"seconds\":{seconds:.2},\"notices_per_second\":{:.0},\"peak_rss_mb\":{},\"output_mb\":{:.1}}}",
        notices as f64 / seconds,
        peak_kb.map_or("null".to_string(), |k| format!("{:.0}", k as f64 / 1024.0)),
        bytes as f64 / 1e6
    );
    let _ = std::fs::remove_dir_all(&dir);
}
