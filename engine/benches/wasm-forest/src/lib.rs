//! Friedman #1 random-forest workload exported to WebAssembly without wasm-bindgen: `run.mjs`
//! instantiates the module with no imports and times `run_friedman`.
//!
//! The workload matches `engine/benches/forest.rs`: 50,000 training rows and 10,000 test rows
//! of 30 features (seeds 1 and 2), fully grown bootstrap trees using every feature, forest
//! seed 7, one thread.

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
