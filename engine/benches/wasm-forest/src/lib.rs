//! Friedman #1 random-forest workload exported to WebAssembly without wasm-bindgen: `run.mjs`
//! instantiates the module with no imports and times `run_friedman`.
//!
//! The workload matches `engine/benches/forest.rs`: 50,000 training rows and 10,000 test rows
//! of 30 features (seeds 1 and 2), fully grown bootstrap trees using every feature, forest
//! seed 7, one thread.
//!
//! `run_ingest` generates the long-format CSV of `engine/benches/ingest.rs` and ingests it;
//! `generate_only` does the generation alone so `run.mjs` can report ingest time by
//! difference.

use std::num::NonZeroU32;

use prevision_engine::datasets::store_items_csv;
use prevision_engine::ingest::{IngestOptions, ingest};
use prevision_engine::models::tree::RandomForest;
use prevision_engine::models::tree::benchmark::{friedman1, r_squared};
use prevision_engine::models::{FittedRegressor, Regressor};

/// Generates the data, fits `n_trees` trees, predicts the test rows; returns the test R²
/// (`NaN` if fitting failed).
#[unsafe(no_mangle)]
pub extern "C" fn run_friedman(n_trees: u32) -> f64 {
    let (x_train, y_train) = friedman1(50_000, 30, 1);
    let (x_test, y_test) = friedman1(10_000, 30, 2);
    let forest = RandomForest { n_trees: n_trees as usize, seed: 7, ..RandomForest::default() };
    match forest.fit(&x_train, &y_train) {
        Ok(fitted) => r_squared(&y_test, &fitted.predict(&x_test)),
        Err(_) => f64::NAN,
    }
}

/// OS randomness is never needed (the engine seeds every choice): any request fails.
fn no_os_randomness(_buf: &mut [u8]) -> Result<(), getrandom02::Error> {
    Err(NonZeroU32::new(getrandom02::Error::CUSTOM_START)
        .map_or(getrandom02::Error::UNSUPPORTED, getrandom02::Error::from))
}
getrandom02::register_custom_getrandom!(no_os_randomness);

/// Generates `mib` MiB of the long-format store × item CSV (`datasets::store_items_csv`, seed
/// 42, as `engine/benches/ingest.rs`) and ingests it with default options; returns the rows
/// loaded (`-1` if ingest failed). Generation is inside the call; `run.mjs` subtracts the
/// time of [`generate_only`].
#[unsafe(no_mangle)]
pub extern "C" fn run_ingest(mib: u32) -> f64 {
    let text = store_items_csv(mib as usize * 1024 * 1024, 42);
    ingest_text(&text)
}

/// Generates the same CSV as [`run_ingest`] and only measures its length in bytes, so the
/// caller can subtract generation time from [`run_ingest`]'s.
#[unsafe(no_mangle)]
pub extern "C" fn generate_only(mib: u32) -> f64 {
    store_items_csv(mib as usize * 1024 * 1024, 42).len() as f64
}

fn ingest_text(text: &str) -> f64 {
    match ingest(text.as_bytes(), &IngestOptions::default()) {
        Ok(got) => got.report.rows_loaded as f64,
        Err(_) => -1.0,
    }
}

/// Runs the full forecast (every default model, horizon 7) on the built-in dataset numbered
/// `dataset` (0 retail demo, 1 bike sharing, 2 drinks sales, horizon 12); returns the number
/// of leaderboard rows (`-1` if the run failed). Ingest is inside the call but takes a few
/// milliseconds.
#[unsafe(no_mangle)]
pub extern "C" fn run_pipeline(dataset: u32) -> f64 {
    use prevision_engine::datasets::BuiltinDataset;
    use prevision_engine::forecast::run;
    use prevision_engine::spec::ForecastSpec;
    let (dataset, horizon) = match dataset {
        0 => (BuiltinDataset::RetailDemo, 7),
        1 => (BuiltinDataset::BikeSharing, 7),
        _ => (BuiltinDataset::DrinksSales, 12),
    };
    let Ok(ingested) = ingest(&dataset.csv(), &IngestOptions::default()) else { return -1.0 };
    let spec = ForecastSpec { horizon, ..ForecastSpec::default() };
    match run(&ingested.frame, &spec, &mut ()) {
        Ok(done) => done.report.leaderboard.len() as f64,
        Err(_) => -1.0,
    }
}
