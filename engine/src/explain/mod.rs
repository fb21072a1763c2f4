//! Explanations of fitted models: per-prediction feature attributions that add up exactly to
//! the prediction (`base_value + Σ values = prediction`).
//!
//! Each explainer reads a fitted model's public structure only (node arrays, coefficients); it
//! never refits, so explaining is deterministic and cheap enough to run in the browser.

pub mod linear;
pub mod treeshap;
