//! The `prevision` binary driven as a user would: real files in, JSON or text out.

use std::process::Command;

fn prevision(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_prevision")).args(args).output().expect("the binary runs")
}

fn data(name: &str) -> String {
    format!("{}/../engine/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn inspect_prints_the_report_as_json() {
    let out = prevision(&["inspect", &data("daily_bike_sharing.csv"), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["rows_loaded"], 731);
    assert_eq!(report["frequency"]["kind"], "daily");
}

#[test]
fn forecast_json_has_the_leaderboard_bands_and_timings() {
    let dir = std::env::temp_dir().join(format!("prevision-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let model = dir.join("model.json");
    let out = prevision(&[
        "forecast",
        &data("monthly_drinks_sales.csv"),
        "--horizon",
        "12",
        "--models",
        "naive,seasonal_naive,ets,ridge",
        "--json",
        "--save-model",
        model.to_str().expect("utf-8 path"),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let board = v["report"]["leaderboard"].as_array().expect("rows");
    let ids: Vec<&str> = board.iter().filter_map(|r| r["id"].as_str()).collect();
    for id in ["naive", "seasonal_naive", "ets", "ridge"] {
        assert!(ids.contains(&id), "{ids:?}");
    }
    assert_eq!(v["report"]["forecasts"][0]["point"].as_array().map(Vec::len), Some(12));
    assert_eq!(v["report"]["season"], 12, "season from the detected monthly frequency");
    assert!(v["timings"]["total_ms"].as_f64().is_some_and(|t| t > 0.0));
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model).expect("model written"))
            .expect("json");
    assert!(saved.get("single").is_some() || saved.get("ensemble").is_some(), "{saved}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unknown_model_and_a_missing_file_are_clear_errors() {
    let out = prevision(&["forecast", &data("daily_bike_sharing.csv"), "--models", "prophet"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown model `prophet`") && err.contains("seasonal_naive"), "{err}");
    let out = prevision(&["inspect", "/no/such/file.csv"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn forecast_text_output_reads_as_a_summary() {
    let out = prevision(&[
        "forecast",
        &data("daily_bike_sharing.csv"),
        "--models",
        "naive,seasonal_naive,ridge",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("frequency daily, season 7, horizon 7"), "{text}");
    assert!(text.contains("interval report card"), "{text}");
    assert!(text.contains("The forecast for "), "{text}");
}

#[test]
fn holidays_become_features_of_the_retail_demo() {
    let dir = std::env::temp_dir().join(format!("prevision-cli-h-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let csv = dir.join("retail.csv");
    let out = prevision(&["dataset", "retail-demo"]);
    assert!(out.status.success());
    std::fs::write(&csv, &out.stdout).expect("written");
    let path = csv.to_str().expect("utf-8 path");
    let run = |extra: &[&str]| {
        let mut args = vec!["forecast", path, "--models", "seasonal_naive,ridge", "--json"];
        args.extend_from_slice(extra);
        let out = prevision(&args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("json")
    };
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v["report"]["features"]
            .as_array()
            .expect("features")
            .iter()
            .filter_map(|f| f["key"].as_str().map(String::from))
            .collect()
    };
    let plain = run(&[]);
    let with = run(&["--holidays", "fr"]);
    assert!(!keys(&plain).iter().any(|k| k.contains("holiday")));
    assert!(keys(&with).iter().any(|k| k == "holiday"), "{:?}", keys(&with));
    assert!(
        keys(&with).iter().any(|k| k == "exog_promo"),
        "the known-in-advance column is a feature"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ticket_lines_resampled_by_hour_print_their_time_of_day() {
    let dir = std::env::temp_dir().join(format!("prevision-cli-hours-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("tickets.csv");
    // Ten days of readings at 7 and 37 past each hour.
    let mut csv = String::from("when,kwh\n");
    for day in 1..=10 {
        for hour in 0..24 {
            for minute in [7, 37] {
                let v = 10 + (hour % 6) + day % 3;
                csv.push_str(&format!("2024-05-{day:02} {hour:02}:{minute:02},{v}\n"));
            }
        }
    }
    std::fs::write(&path, csv).expect("written");
    let file = path.to_str().expect("utf-8 path");
    let args = ["forecast", file, "--resample", "hour", "--models", "naive,seasonal_naive"];
    let out = prevision(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("frequency 1h, season 24"), "{text}");
    assert!(
        text.contains("\n  2024-05-11 00:00  ") && text.contains("\n  2024-05-11 06:00  "),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
