//! Render time and PDF size per example notice, one JSON object per line:
//! `cargo bench --bench render` (add `-- --iterations N` to change the sample).
//! Times are the median over the iterations, single-threaded, in microseconds; the
//! first PDF of each example is also given (`pdf_first_us`): later ones reuse the
//! process's font subsets and compressed font programs, as a bulk run does.

use foinotice::templates::Templates;
use std::time::Instant;

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
        let case = foinotice::facts::load(&path).expect("example loads");
        let (mut doc_t, mut text_t, mut pdf_t) = (Vec::new(), Vec::new(), Vec::new());
        let mut bytes = Vec::new();
        for _ in 0..iterations {
            let t = Instant::now();
            let doc = foinotice::notice::document(&case, &templates).expect("renders");
            doc_t.push(t.elapsed().as_secs_f64() * 1e6);
            let t = Instant::now();
            let text = foinotice::render::text::render(&doc);
            text_t.push(t.elapsed().as_secs_f64() * 1e6);
            std::hint::black_box(text);
            let t = Instant::now();
            bytes = foinotice::render::pdf::render(&doc).expect("pdf");
            pdf_t.push(t.elapsed().as_secs_f64() * 1e6);
        }
        let pages = lopdf::Document::load_mem(&bytes)
            .map(|d| d.get_pages().len())
            .unwrap_or(0);
        let first = pdf_t[0];
        println!(
            "{{\"example\":\"{}\",\"pages\":{pages},\"document_us\":{:.0},\"text_us\":{:.0},\"pdf_first_us\":{first:.0},\"pdf_us\":{:.0},\"pdf_bytes\":{}}}",
            path.file_name().unwrap().to_string_lossy(),
            median(doc_t),
            median(text_t),
            median(pdf_t),
            bytes.len()
        );
    }
}
