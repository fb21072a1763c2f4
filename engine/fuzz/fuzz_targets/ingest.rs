//! Fuzz target: any bytes through `ingest`, with default and French-style options, must give
//! `Ok` or a typed error and never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prevision_engine::ingest::{DecimalMark, FillPolicy, IngestOptions, ingest};

fuzz_target!(|data: &[u8]| {
    let _ = ingest(data, &IngestOptions::default());
    let french = IngestOptions {
        delimiter: Some(';'),
        decimal: Some(DecimalMark::Comma),
        fill: FillPolicy::Seasonal,
        ..IngestOptions::default()
    };
    let _ = ingest(data, &french);
});
