//! A whole forecast run (report, model, timings) survives JSON, NaN included: the worker sends
//! it to the page as JSON, and the registry stores it. Checked on the built-in datasets and on
//! a French export with gaps and a broken line (missing actuals → NaN in the report).

use prevision_engine::datasets::BuiltinDataset;
use prevision_engine::forecast::{ForecastRun, run};
use prevision_engine::ingest::{IngestOptions, ingest};
use prevision_engine::json;
use prevision_engine::spec::ForecastSpec;

fn round_trip(csv: &[u8], what: &str) {
    let ingested = ingest(csv, &IngestOptions::default()).expect("ingest");
    let spec = ForecastSpec { horizon: 7, ..ForecastSpec::default() };
    let first = run(&ingested.frame, &spec, &mut ()).expect("the run succeeds");
    let text = json::to_string(&first);
    let back: ForecastRun = match json::from_str(&text) {
        Ok(back) => back,
        Err(e) => panic!("{what}: {e} near {:?}", &text[e.column().saturating_sub(80)..e.column()]),
    };
    // NaN ≠ NaN, so compare the re-serialised text: byte-identical means nothing was lost.
    assert_eq!(json::to_string(&back), text, "{what}");
    let again = back.model.forecast(&ingested.frame).expect("forecast");
    let before = first.model.forecast(&ingested.frame).expect("forecast");
    let bits =
        |v: &Vec<Vec<f64>>| -> Vec<u64> { v.iter().flatten().map(|x| x.to_bits()).collect() };
    assert_eq!(bits(&again), bits(&before), "{what}: the reloaded model forecasts the same");
}

#[test]
fn every_builtin_dataset_run_round_trips_through_json() {
    for d in [BuiltinDataset::RetailDemo, BuiltinDataset::DrinksSales] {
        round_trip(&d.csv(), d.code());
    }
}

/// The retail demo with a week missing, blank sales and a broken line: ingest keeps the gaps as
/// NaN, so backtest actuals and residuals in the report hold NaN.
fn retail_with_holes() -> Vec<u8> {
    let csv = String::from_utf8(BuiltinDataset::RetailDemo.csv()).expect("utf-8");
    let mut out = String::new();
    for (i, line) in csv.lines().enumerate() {
        match i {
            300..=306 => continue,
            400 | 410 => {
                let mut fields: Vec<&str> = line.split(',').collect();
                fields[1] = "";
                out.push_str(&fields.join(","));
            }
            420 => out.push_str("not,a,row,at,all,really"),
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out.into_bytes()
}

#[test]
fn a_run_on_data_with_gaps_round_trips_with_its_nans() {
    let csv = retail_with_holes();
    round_trip(&csv, "retail with holes");
    let ingested = ingest(&csv, &IngestOptions::default()).expect("ingest");
    let spec = ForecastSpec { horizon: 7, ..ForecastSpec::default() };
    let text = json::to_string(&run(&ingested.frame, &spec, &mut ()).expect("run"));
    assert!(text.contains("null"), "the gaps put NaN in the report");
}
