//! Ingest of real-world file formats: French Excel exports, Windows-1252, quoting, dates.

use chrono::{NaiveDate, NaiveDateTime};
use prevision_engine::frame::Frequency;
use prevision_engine::ingest::{
    DateFormat, DecimalMark, Encoding, Gap, IngestOptions, IngestWarning, RejectReason, ingest,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("valid date")
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).expect("fixture exists")
}

#[test]
fn french_export_loads_rows_gaps_and_names_the_rejected_line() {
    let got = ingest(&fixture("french_export.csv"), &IngestOptions::default()).expect("loads");
    let r = &got.report;
    assert_eq!(r.encoding, Encoding::Utf8Bom);
    assert_eq!(r.delimiter, ';');
    assert_eq!(r.decimal, DecimalMark::Comma);
    assert_eq!(r.date_format, DateFormat::DayFirst { sep: '/', with_time: false });
    assert_eq!(r.target_column, "Arrivées");
    assert_eq!(r.frequency, Frequency::Daily);
    assert_eq!((r.rows_read, r.rows_loaded, r.rejected_total), (9, 8, 1));
    assert_eq!(r.rejected[0].line, 7);
    assert_eq!(r.rejected[0].column.as_deref(), Some("Arrivées"));
    assert_eq!(r.rejected[0].reason, RejectReason::NotANumber { value: "#VALEUR!".into() });
    assert_eq!(
        r.gaps,
        vec![Gap {
            series: "Arrivées".into(),
            start: day(2016, 11, 19),
            end: day(2016, 11, 21),
            missing_steps: 3
        }]
    );
    assert!(r.warnings.contains(&IngestWarning::ThousandsSeparator { column: "Arrivées".into() }));
    let s = &got.frame.series[0];
    assert_eq!(s.timestamps.len(), 11);
    assert_eq!(s.timestamps[0], day(2016, 11, 14));
    let expected =
        [120.0, 132.0, 125.5, 140.0, 138.0, f64::NAN, f64::NAN, f64::NAN, 150.0, 1234.5, 145.0];
    for (got, want) in s.target.iter().zip(expected) {
        assert!(got == &want || (got.is_nan() && want.is_nan()), "{got} vs {want}");
    }
    assert_eq!(got.frame.exog[0].name, "Température");
    assert_eq!(s.exog[0][1], 11.0);
    assert!(s.exog[0][4].is_nan());
}
