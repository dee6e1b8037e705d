//! The desk's preview: server time to check and render a five-page notice after a
//! change (the target is 50 ms), and 50 previews sent at once, each checked for its
//! own answer. Prints one JSON object. `cargo bench --bench desk`.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use std::time::Instant;
use tower::ServiceExt;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("foinotice-bench-desk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    // The five-page example.
    let name = "decision-notice-cambridgeshire.toml";
    std::fs::copy(root.join("examples").join(name), dir.join(name)).expect("copy the example");
    let text = std::fs::read_to_string(dir.join(name)).expect("read it");
    let desk = foinotice::desk::Desk::new(&dir, None).expect("desk");
    let csrf = desk.csrf().to_string();
    let app = foinotice::desk::router(desk.clone());

    // One change at a time, as a caseworker types: the server's time per preview.
    let mut times = Vec::new();
    for i in 0..30 {
        let changed = text.replace(
            "Cambridgeshire Constabulary",
            &format!("Cambridgeshire Constabulary {i}"),
        );
        let t = Instant::now();
        let p = foinotice::desk::preview_text(&desk, &dir.join(name), &changed);
        times.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(p
            .html
            .expect("renders")
            .contains(&format!("Constabulary {i}")));
    }
    let first = times[0];
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];

    // Fifty at once, through the routes, on a multi-threaded runtime.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (all_ok, wall) = runtime.block_on(async {
        let t = Instant::now();
        let mut tasks = Vec::new();
        for i in 0..50 {
            let app = app.clone();
            let body = serde_json::json!({
                "path": name,
                "text": text.replace("Cambridgeshire Constabulary", &format!("Force number {i}")),
            })
            .to_string();
            let csrf = csrf.clone();
            tasks.push(tokio::spawn(async move {
                let req = Request::post("/api/preview")
                    // The host a desk made by `Desk::new` answers to.
                    .header("host", "127.0.0.1:7878")
                    .header(header::CONTENT_TYPE, "application/json")
                    .header("x-csrf-token", csrf)
                    .body(Body::from(body))
                    .expect("request");
                let r = app.oneshot(req).await.expect("response");
                let ok = r.status() == StatusCode::OK;
                let bytes = r.into_body().collect().await.expect("body").to_bytes();
                ok && String::from_utf8_lossy(&bytes).contains(&format!("Force number {i}"))
            }));
        }
        let mut all = true;
        for t in tasks {
            all &= t.await.expect("task");
        }
        (all, t.elapsed().as_secs_f64() * 1e3)
    });
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "{{\"preview_first_ms\":{first:.1},\"preview_median_ms\":{median:.1},\"preview_worst_ms\":{worst:.1},\"concurrent\":50,\"concurrent_all_correct\":{all_ok},\"concurrent_wall_ms\":{wall:.0}}}"
    );
    assert!(all_ok, "a concurrent preview was answered wrongly");
}
