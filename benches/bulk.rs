//! Bulk issuing at scale: 1,000 and then 5,000 followers of the example lead, text, PDF
//! and manifest, through the release binary. Prints one JSON object a run: notices per
//! second, the CPU time the run used (user and system, of the child process) and peak
//! memory (maximum resident set size), the last two read with /usr/bin/time when it is
//! installed. `cargo bench --bench bulk` (add `-- --followers N --jobs N` for one run of
//! N followers, or to change the workers).

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
    let jobs = arg(&args, "--jobs");
    let runs = match arg(&args, "--followers") {
        Some(n) => vec![n],
        None => vec![1000, 5000],
    };
    for followers in runs {
        run(followers, jobs);
    }
}

/// Issues `followers` followers and the lead into a scratch folder and prints the run's
/// figures.
fn run(followers: usize, jobs: Option<usize>) {
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
        c.args(["-f", "%M %U %S"]).arg(bin);
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
    // The last line /usr/bin/time writes: peak memory in KB, user and system seconds.
    let measured: Option<(u64, f64)> = timed
        .then(|| {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.lines().last()?.to_string();
            let mut fields = last.split_whitespace();
            let peak = fields.next()?.parse().ok()?;
            let user: f64 = fields.next()?.parse().ok()?;
            let sys: f64 = fields.next()?.parse().ok()?;
            Some((peak, user + sys))
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
        "{{\"followers\":{followers},\"notices\":{notices},\"seconds\":{seconds:.2},\"notices_per_second\":{:.0},\"cpu_seconds\":{},\"peak_rss_mb\":{},\"output_mb\":{:.1}}}",
        notices as f64 / seconds,
        measured.map_or("null".to_string(), |(_, cpu)| format!("{cpu:.2}")),
        measured.map_or("null".to_string(), |(k, _)| format!("{:.0}", k as f64 / 1024.0)),
        bytes as f64 / 1e6
    );
    let _ = std::fs::remove_dir_all(&dir);
}
