//! `prevision loadtest`, `drift` and `graduate` driven as a user would, on the bike-sharing file.

use std::process::Command;

fn prevision(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_prevision")).args(args).output().expect("the binary runs")
}

fn bikes() -> String {
    format!("{}/../engine/data/daily_bike_sharing.csv", env!("CARGO_MANIFEST_DIR"))
}

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json on stdout")
}

#[test]
fn loadtest_scores_every_event_twice_with_equal_checksums() {
    let out = prevision(&[
        "loadtest",
        &bikes(),
        "--model",
        "ridge",
        "--events",
        "2500",
        "--batch",
        "100",
    ]);
    let r = json(&out);
    assert_eq!(r["events"], 2500);
    assert_eq!(r["batch_size"], 100);
    assert_eq!(r["model"], "ridge");
    assert_eq!(r["checksum"], r["checksum_single"]);
    // Bike rentals average about 4500 a day: so do predictions of sampled rows.
    let mean = r["checksum"].as_f64().expect("number") / 2500.0;
    assert!((2000.0..7000.0).contains(&mean), "{mean}");
    let counted: u64 = r["histogram"]
        .as_array()
        .expect("bins")
        .iter()
        .map(|b| b["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(counted, 2500);
    assert!(
        r["single"]["p50_ms"].as_f64().expect("p50")
            <= r["single"]["p99_ms"].as_f64().expect("p99")
    );
}

#[test]
fn loadtest_refuses_zero_events() {
    let out = prevision(&["loadtest", &bikes(), "--model", "linear", "--events", "0"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("events must be between 1 and 10000000; got 0"), "{err}");
}

#[test]
fn drift_fits_up_to_the_reference_date_and_monitors_the_rest() {
    let out = prevision(&[
        "drift",
        &bikes(),
        "--reference-end",
        "2012-06-30",
        "--model",
        "naive,ridge",
        "--recent",
        "60",
        "--chunks",
        "3",
    ]);
    let r = json(&out);
    let report = &r["report"];
    // The reference is the last 4 × 60 training days: the newest rows are compared with the
    // recent past, not with a level the series has long grown out of.
    assert_eq!(report["reference"][0], "2011-11-04T00:00:00");
    assert_eq!(report["reference"][1], "2012-06-30T00:00:00");
    assert_eq!(report["recent"][0], "2012-11-02T00:00:00");
    assert_eq!(report["recent"][1], "2012-12-31T00:00:00");
    assert_eq!(report["features"][0]["key"], "value");
    // Every row from July to December has an actual: 184 days.
    assert_eq!(report["live"]["points"], 184);
    let alerts = report["alerts"].as_array().expect("alerts").len();
    assert_eq!(r["messages_en"].as_array().expect("en").len(), alerts);
    assert_eq!(r["messages_fr"].as_array().expect("fr").len(), alerts);
}

#[test]
fn graduate_writes_the_long_csv_and_a_script_python_compiles() {
    let dir = std::env::temp_dir().join(format!("prevision-graduate-cli-{}", std::process::id()));
    let out = prevision(&[
        "graduate",
        &bikes(),
        "--out",
        dir.to_str().expect("utf-8 path"),
        "--models",
        "naive,seasonal_naive,ridge",
    ]);
    let r = json(&out);
    assert_eq!(r["rows"], 731);
    let csv = std::fs::read_to_string(dir.join("data_long.csv")).expect("csv written");
    assert_eq!(csv.lines().next(), Some("unique_id,ds,y"));
    assert_eq!(csv.lines().nth(1), Some("value,2011-01-01,985"));
    let script = dir.join("forecast.py");
    let compiled = Command::new("python3")
        .args(["-m", "py_compile"])
        .arg(&script)
        .output()
        .expect("python3 must be installed");
    assert!(compiled.status.success(), "{}", String::from_utf8_lossy(&compiled.stderr));
    let text = std::fs::read_to_string(&script).expect("script written");
    assert!(text.contains("'ridge': Ridge(alpha=1.0)"), "{text}");
}
