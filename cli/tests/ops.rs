//! `prevision forecast --save-version`, `prevision compare` and `prevision retrain`, driven as a
//! user would on CSV files: versions written and read back, the gate's verdict in the JSON.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn prevision(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prevision")).args(args).output().expect("the binary runs")
}

fn ok_json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json on stdout")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("prevision-ops-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Days `from..to` from 2024-01-01 of a sales series with a strong weekly profile and a little
/// deterministic wobble.
fn write_csv(path: &Path, from: i64, to: i64) {
    let profile = [0.0, 10.0, 20.0, 15.0, 5.0, -20.0, -30.0];
    let mut text = String::from("date,sales\n");
    for k in from..to {
        let wobble = ((k * 7919) % 13) as f64 / 13.0 * 4.0;
        let value = 200.0 + 2.0 * profile[(k % 7) as usize] + wobble;
        text.push_str(&format!("{},{value:.2}\n", chrono_free_date(k)));
    }
    std::fs::write(path, text).expect("csv written");
}

/// ISO date `k` days after 2024-01-01 (leap year), without a date library.
fn chrono_free_date(k: i64) -> String {
    let months = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut day = k;
    let mut month = 0;
    while day >= months[month] {
        day -= months[month];
        month += 1;
    }
    format!("2024-{:02}-{:02}", month + 1, day + 1)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn compare_says_seasonal_naive_beats_naive_on_weekly_sales() {
    let dir = temp_dir("compare");
    let csv = dir.join("sales.csv");
    write_csv(&csv, 0, 140);
    let (naive, seasonal) = (dir.join("naive.json"), dir.join("seasonal.json"));
    for (model, path) in [("naive", &naive), ("seasonal_naive", &seasonal)] {
        let out = prevision(&[
            "forecast",
            s(&csv),
            "--horizon",
            "7",
            "--models",
            model,
            "--save-version",
            s(path),
            "--label",
            model,
            "--json",
        ]);
        ok_json(&out);
        let saved: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("version written"))
                .expect("json");
        assert_eq!(saved["format"], 1);
        assert_eq!(saved["label"], model);
        assert_eq!(saved["data"]["rows"], 140);
        assert_eq!(saved["data"]["first"], "2024-01-01T00:00:00");
    }
    let v = ok_json(&prevision(&["compare", s(&naive), s(&seasonal), s(&csv), "--windows", "4"]));
    assert_eq!(v["horizon"], 7);
    assert_eq!(v["windows"], 4);
    assert_eq!(v["pairs"], 28);
    assert_eq!(v["decision"]["verdict"], "Better");
    assert_eq!(v["decision"]["promote"], true);
    assert!(v["overall"]["mae_delta"].as_f64().is_some_and(|d| d < 0.0));
    assert_eq!(v["forecasts"][0]["dates"][6], "2024-05-19T00:00:00");
}

#[test]
fn retrain_appends_the_new_file_and_gates_the_refit() {
    let dir = temp_dir("retrain");
    let (old, new) = (dir.join("old.csv"), dir.join("new.csv"));
    write_csv(&old, 0, 120);
    write_csv(&new, 110, 160);
    let version = dir.join("v1.json");
    ok_json(&prevision(&[
        "forecast",
        s(&old),
        "--models",
        "seasonal_naive",
        "--save-version",
        s(&version),
        "--json",
    ]));
    let candidate = dir.join("v2.json");
    let v = ok_json(&prevision(&[
        "retrain",
        s(&version),
        s(&old),
        s(&new),
        "--label",
        "with March",
        "--out",
        s(&candidate),
    ]));
    assert_eq!(v["append"]["overlapping"], 10);
    assert_eq!(v["append"]["identical"], 10);
    assert_eq!(v["append"]["appended"], 40);
    assert_eq!(v["append"]["last_new"], "2024-06-08T00:00:00");
    assert_eq!(v["candidate"]["data"]["rows"], 160);
    assert_eq!(v["candidate"]["chosen"], "seasonal_naive");
    // The same model refitted on the same windows: identical losses, no difference.
    assert_eq!(v["ab"]["decision"]["verdict"], "NoSignificantDifference");
    assert_eq!(v["ab"]["decision"]["promote"], true);
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&candidate).expect("written")).expect("json");
    assert_eq!(saved["label"], "with March");
    assert_eq!(saved["id"], v["candidate"]["id"]);
}

#[test]
fn a_corrupt_version_file_fails_with_its_position() {
    let dir = temp_dir("corrupt");
    let csv = dir.join("sales.csv");
    write_csv(&csv, 0, 60);
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"format\": 1,\n  \"id\": }").expect("written");
    let out = prevision(&["compare", s(&bad), s(&bad), s(&csv)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2, column 9"), "{err}");
}
