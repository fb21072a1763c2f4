//! Prevision's forecasting engine.
//!
//! Everything the app shows is computed here: ingest of user CSV files into a regular
//! time-series [`frame::Frame`], features without leakage, gradient-free models, rolling-origin
//! backtests, metrics, conformal intervals and explanations.
//!
//! **Architecture invariant:** this crate never depends on leptos, wasm-bindgen, web-sys,
//! js-sys or gloo; it compiles and tests natively, and the app is a thin layer over it.
//! **Determinism:** every random choice takes an explicit seed ([`rng::Rng`]); the same input and
//! seed give the same bytes out.

pub mod ab;
pub mod backtest;
pub mod compare;
pub mod datasets;
pub mod drift;
pub mod error;
pub mod explain;
pub mod features;
pub mod forecast;
pub mod frame;
pub mod graduate;
pub mod ingest;
pub mod intervals;
pub mod json;
pub mod leaderboard;
pub mod loadtest;
pub mod matrix;
pub mod metrics;
pub mod models;
pub mod monitor;
pub mod registry;
pub mod retrain;
pub mod rng;
pub mod spec;
pub mod stats;

pub use error::Error;
