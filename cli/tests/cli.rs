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
    // Monthly data without --horizon: a year of months.
    let out = prevision(&["forecast", &data("monthly_drinks_sales.csv"), "--models", "naive"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("horizon 12"), "{text}");
    assert!(!text.contains("least accurate first"), "one series: no table per series");
}

#[test]
fn several_stores_get_the_chosen_model_s_errors_store_by_store() {
    let two_stores = format!("{}/../tests/e2e/fixtures/two_stores.csv", env!("CARGO_MANIFEST_DIR"));
    let out = prevision(&["forecast", &two_stores, "--models", "naive,seasonal_naive"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let table = text.split("least accurate first)\n").nth(1).expect("a table per series");
    let rows: Vec<Vec<&str>> =
        table.lines().take(2).map(|l| l.split_whitespace().collect()).collect();
    let mut stores: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    stores.sort();
    assert_eq!(stores, ["Lyon", "Nantes"], "{text}");
    assert!(rows.iter().all(|r| r[1] == "5"), "five windows each: {text}");
    let mase: Vec<f64> = rows.iter().map(|r| r[3].parse().expect("a MASE")).collect();
    assert!(mase[0] >= mase[1], "least accurate first: {text}");
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

#[test]
fn inspect_text_output_is_plain_english_without_debug_syntax() {
    let dir = std::env::temp_dir().join(format!("prevision-cli-plain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("sales.csv");
    // A title line, then irregular times (5 to 53 hours apart, so ingest resamples to weeks),
    // amounts with a space as thousands separator, and a "Total" line that is not a date.
    let mut csv = String::from("Sales report\nwhen;sales\n");
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("valid");
    let mut hours = 0i64;
    for i in 0..120i64 {
        hours += [5, 17, 29, 41, 53][(i * 7 % 5) as usize];
        let t = start + chrono::Duration::hours(hours);
        let v = 1000 + (i * 37) % 900 + if i % 5 == 0 { 1000 } else { 0 };
        csv.push_str(&format!("{};{} {:03}\n", t.format("%d/%m/%Y %H:%M"), v / 1000, v % 1000));
        if i == 40 {
            csv.push_str("Total;12\n");
        }
    }
    std::fs::write(&path, csv).expect("written");
    let out = prevision(&["inspect", path.to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    for expected in [
        // No cell settles the mark (whole amounts): a semicolon file's is the comma.
        "encoding UTF-8, separator semicolon (;), decimal mark comma (12,5)",
        "date column \"when\" (day/month/year, separated by '/', with a time of day)",
        "1 series, weekly (on Mondays), from 2024-01-01 to ",
        ", column \"when\": \"Total\" is not a date in this column's format",
        "  sales                    value to forecast (numbers), 0 missing, 0 invalid",
        "warning: column \"sales\" uses a thousands separator; it was removed when reading the \
         numbers",
        "warning: the dates are not regularly spaced, so each row was moved to the start of its \
         period: the data is now weekly (on Mondays)",
        "warning: the table starts on line 2: the line above its header",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    for debug in ["{", "}", "::", "Some(", "Utf8", "DayFirst", "BadDate", "Target Numeric"] {
        assert!(!text.contains(debug), "`{debug}` in:\n{text}");
    }
    // `--json` keeps the engine's names.
    let out = prevision(&["inspect", path.to_str().expect("utf-8 path"), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["encoding"], "utf8");
    assert_eq!(report["rejected"][0]["reason"]["bad_date"]["value"], "Total");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn inspect_text_output_rounds_floats() {
    let dir = std::env::temp_dir().join(format!("prevision-cli-floats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("floats.csv");
    let mut csv = String::from("date,v\n");
    for day in 1..=28 {
        csv.push_str(&format!("2024-02-{day:02},{}\n", 100 + day % 2));
    }
    // Two rows of one date are added up: 100.1 + 2.1 is 102.19999999999999 in binary.
    csv.push_str("2024-02-29,100.1\n2024-02-29,2.1\n");
    std::fs::write(&path, csv).expect("written");
    let out = prevision(&["inspect", path.to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(" min=100 ") && text.contains(" max=102.2 "), "{text}");
    assert!(!text.contains("99999") && !text.contains("00000"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
