//! One component per part of the screen. Components are thin: they read the shared
//! [`crate::state::Studio`] from context, ask [`crate::i18n`] for every string and lay out
//! what the engine computed. Everything a test touches carries a stable `data-testid`.

pub mod charts_glue;
pub mod data_table;
pub mod error_panel;
pub mod export;
pub mod file_picker;
pub mod header;
pub mod outcome;
pub mod preview;
pub mod production;
pub mod report;
pub mod results;
pub mod roles;
pub mod setup;
pub mod start_panel;
pub mod workspace;
