//! Render time and PDF size per example notice, one JSON object per line:
//! `cargo bench --bench render` (add `-- --iterations N` to change the sample).
//! Times are the median over the iterations, single-threaded, in microseconds of the
//! thread's CPU time (so that other load on the machine does not count); `pdf_wall_us`
//! is the same in wall-clock time. The first PDF of each example is also given
//! (`pdf_first_us`): later ones reuse the process's font subsets and compressed font
//! programs, as a bulk run does. `html_us` and `docx_us` are the medians for the HTML
//! and Word renderers (after the first, like the PDF's).

use foinotice::templates::Templates;
use std::time::Instant;

/// The calling thread's CPU time, in microseconds.
fn cpu_us() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given and nothing else.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 * 1e6 + t.tv_nsec as f64 / 1e3
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let iterations: usize = args
        .iter()
        .position(|a| a == "--iterations")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(50);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<_> = std::fs::read_dir(root.join("examples"))
        .expect("examples/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    let templates = Templates::load(None).expect("built-in templates");
    for path in cases {
        let case = foinotice::case::load(&path).expect("example loads");
        let (mut doc_t, mut text_t, mut pdf_t) = (Vec::new(), Vec::new(), Vec::new());
        let (mut html_t, mut docx_t) = (Vec::new(), Vec::new());
        let mut pdf_wall = Vec::new();
        let mut bytes = Vec::new();
        // One cache for the example's runs, as a worker keeps one: the first run is
        // cold, the rest warm.
        let cache = foinotice::render::pdf::Cache::new();
        for _ in 0..iterations {
            let t = cpu_us();
            let doc = foinotice::notice::document(&case, &templates).expect("renders");
            doc_t.push(cpu_us() - t);
            let t = cpu_us();
            let text = foinotice::render::text::render(&doc);
            text_t.push(cpu_us() - t);
            std::hint::black_box(text);
            let t = cpu_us();
            std::hint::black_box(foinotice::render::html::render(&doc));
            html_t.push(cpu_us() - t);
            let t = cpu_us();
            std::hint::black_box(foinotice::render::docx::render(&doc).expect("docx"));
            docx_t.push(cpu_us() - t);
            let (t, wall) = (cpu_us(), Instant::now());
            bytes = foinotice::render::pdf::render(&cache, &doc).expect("pdf");
            pdf_t.push(cpu_us() - t);
            pdf_wall.push(wall.elapsed().as_secs_f64() * 1e6);
        }
        let pages = lopdf::Document::load_mem(&bytes)
            .map(|d| d.get_pages().len())
            .unwrap_or(0);
        let first = pdf_t[0];
        println!(
            "{{\"example\":\"{}\",\"pages\":{pages},\"document_us\":{:.0},\"text_us\":{:.0},\"pdf_first_us\":{first:.0},\"pdf_us\":{:.0},\"pdf_wall_us\":{:.0},\"pdf_bytes\":{},\"html_us\":{:.0},\"docx_us\":{:.0}}}",
            path.file_name().unwrap().to_string_lossy(),
            median(doc_t),
            median(text_t),
            median(pdf_t),
            median(pdf_wall),
            bytes.len(),
            median(html_t[1..].to_vec()),
            median(docx_t[1..].to_vec())
        );
    }
}
