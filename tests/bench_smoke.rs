//! `carddesk bench` runs on a small book in CI so it cannot rot; the full run (1,000,000
//! members) is the documented command in the README.

mod common;

use common::{text, Site};

#[test]
fn the_bench_measures_every_figure_on_a_small_book() {
    let site = Site::new();
    let db = site.path("bench.db");
    let out = site.run(&[
        "--db",
        db.to_str().unwrap(),
        "bench",
        "--members",
        "3000",
        "--samples",
        "200",
        "--hub-entries",
        "3000",
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON figures");
    assert_eq!(v["members"], 3000);
    let keys: Vec<&str> = v["lookups"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["key"].as_str())
        .collect();
    assert!(keys.len() >= 4, "{keys:?}");
    for l in v["lookups"].as_array().unwrap() {
        assert!(l["carddesk"]["p99_us"].as_f64().unwrap() > 0.0, "{l}");
        assert!(l["bare_query"]["p99_us"].as_f64().unwrap() > 0.0, "{l}");
    }
    assert!(v["durable"]["operation"]["p50_us"].as_f64().unwrap() > 0.0);
    assert!(v["durable"]["fsync"]["p50_us"].as_f64().unwrap() > 0.0);
    assert!(v["screens"].is_object(), "{}", v["screens"]);
    let hubs = v["hubs"].as_array().expect("hub figures");
    assert!(!hubs.is_empty());
    for h in hubs {
        assert_eq!(h["entries"], 3000, "{h}");
        assert!(h["push_per_second"].as_f64().unwrap() > 0.0, "{h}");
        assert!(h["pull_per_second"].as_f64().unwrap() > 0.0, "{h}");
    }
    let start = v["start"].as_array().expect("start figures");
    assert_eq!(start.len(), 5);
    for run in start {
        assert!(run["to_first_frame_us"].as_u64().unwrap() > 0, "{run}");
        assert!(
            run["to_member_screen_us"].as_u64().unwrap()
                >= run["to_first_frame_us"].as_u64().unwrap(),
            "{run}"
        );
        assert!(run["peak_rss_kib"].as_u64().unwrap() > 1000, "{run}");
    }
    // The book it built is a valid carddesk book.
    let verify = site.run(&["--db", db.to_str().unwrap(), "verify"]);
    assert!(verify.status.success(), "{}", text(&verify));
}
