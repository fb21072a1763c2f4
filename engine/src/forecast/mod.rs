//! The forecasting pipeline.

pub mod fitted;
