//! Prevision's browser app: a thin Leptos layer over `prevision-engine`.
//!
//! **Architecture invariant:** the app parses nothing and computes no statistic; every number
//! it shows comes from the engine. It routes bytes to the engine ([`state`]), turns typed
//! results into sentences in the visitor's language ([`i18n`]) and lays them out
//! ([`components`]). CSV content is only ever rendered as text nodes, never as HTML.

pub mod app;
pub mod browser;
pub mod charts;
pub mod components;
pub mod i18n;
pub mod idb;
pub mod ops;
pub mod ops_protocol;
pub mod order;
pub mod panic;
pub mod protocol;
pub mod settings;
pub mod state;
pub mod worker;
