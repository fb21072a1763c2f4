//! Several series in one file (long format), duplicates and future rows.

use chrono::{NaiveDate, NaiveDateTime};
use prevision_engine::frame::{Availability, Frequency};
use prevision_engine::ingest::{ColumnRole, DuplicatePolicy, IngestOptions, ingest};

fn day(d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 1, d).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("valid")
}

const LONG: &str = "date,promo,store,item,units,temp\n\
2024-01-01,0,1,10,5,3.5\n2024-01-01,1,1,11,6,3.5\n2024-01-01,0,2,10,7,3.5\n2024-01-01,0,2,11,8,3.5\n\
2024-01-02,1,1,10,6,4\n2024-01-02,0,1,11,7,4\n2024-01-02,0,2,10,8,4\n2024-01-02,1,2,11,9,4\n\
2024-01-03,0,1,10,7,5\n2024-01-03,0,1,11,8,5\n2024-01-03,1,2,10,9,5\n2024-01-03,0,2,11,10,5\n\
2024-01-04,1,1,10,,\n2024-01-04,1,1,11,,\n2024-01-04,0,2,10,,\n2024-01-04,0,2,11,,\n";

#[test]
fn infers_two_id_columns_and_skips_the_promo_flag() {
    let got = ingest(LONG.as_bytes(), &IngestOptions::default()).expect("loads");
    let r = &got.report;
    assert_eq!(r.id_columns, vec!["store".to_owned(), "item".to_owned()]);
    assert_eq!(r.target_column, "units");
    assert_eq!(r.series_count, 4);
    assert_eq!(r.frequency, Frequency::Daily);
    let ids: Vec<&str> = got.frame.series.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["1/10", "1/11", "2/10", "2/11"]);
    let s = &got.frame.series[3];
    assert_eq!(s.timestamps, vec![day(1), day(2), day(3), day(4)]);
    assert_eq!(&s.target[..3], &[8.0, 9.0, 10.0]);
    assert_eq!(s.observed_len(), 3);
    // promo has values in the future rows, temp does not.
    let promo = got.frame.exog.iter().find(|e| e.name == "promo").expect("promo");
    let temp = got.frame.exog.iter().find(|e| e.name == "temp").expect("temp");
    assert_eq!(promo.availability, Availability::KnownInAdvance);
    assert_eq!(temp.availability, Availability::ObservedOnly);
    let role = |n: &str| r.columns.iter().find(|c| c.name == n).map(|c| c.role);
    assert_eq!(role("store"), Some(ColumnRole::SeriesId));
    assert_eq!(role("promo"), Some(ColumnRole::KnownInAdvance));
    assert_eq!(r.summary[3].future_rows, 1);
}

#[test]
fn explicit_id_column_and_duplicate_merging() {
    let text = "date,shop,value\n2024-01-01,a,1\n2024-01-01,a,2\n2024-01-02,a,3\n2024-01-01,b,10\n2024-01-02,b,20\n";
    for (policy, want) in
        [(DuplicatePolicy::Sum, 3.0), (DuplicatePolicy::Mean, 1.5), (DuplicatePolicy::Last, 2.0)]
    {
        let opts = IngestOptions {
            id_cols: vec!["shop".into()],
            duplicates: Some(policy),
            ..Default::default()
        };
        let got = ingest(text.as_bytes(), &opts).expect("loads");
        assert_eq!(got.frame.series[0].id, "a");
        assert_eq!(got.frame.series[0].target[0], want);
        assert_eq!(got.report.duplicates[0].lines, vec![2, 3]);
        assert_eq!(got.report.duplicates[0].count, 2);
    }
}

#[test]
fn observed_only_override_wins_over_future_values() {
    let opts = IngestOptions { observed_only: vec!["promo".into()], ..Default::default() };
    let got = ingest(LONG.as_bytes(), &opts).expect("loads");
    let promo = got.frame.exog.iter().find(|e| e.name == "promo").expect("promo");
    assert_eq!(promo.availability, Availability::ObservedOnly);
}

#[test]
fn zero_padded_codes_are_distinct_series_ids() {
    // SKUs 0103, 103 and 00103 are three products; read as numbers they were one, summed.
    let mut csv = String::from("date,sku,units\n");
    for d in 1..=20 {
        for (sku, units) in [("0103", 10), ("103", 40), ("00103", 70)] {
            csv.push_str(&format!("2024-01-{d:02},{sku},{}\n", units + d));
        }
    }
    for opts in [
        IngestOptions::default(),
        IngestOptions { id_cols: vec!["sku".into()], ..IngestOptions::default() },
    ] {
        let got = ingest(csv.as_bytes(), &opts).expect("loads");
        assert_eq!(got.report.id_columns, vec!["sku".to_owned()]);
        assert_eq!(got.report.duplicates_total, 0);
        let ids: Vec<&str> = got.frame.series.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), 3);
        for (id, first) in [("0103", 11.0), ("103", 41.0), ("00103", 71.0)] {
            let s = got.frame.series.iter().find(|s| s.id == id).expect(id);
            assert_eq!((s.target.len(), s.target[0]), (20, first), "{id}");
        }
    }
    // Whole numbers without padding stay numbers (store 1, 2…), and so do quantities.
    let plain = "date,store,units\n2024-01-01,1,5\n2024-01-01,2,7\n2024-01-02,1,6\n2024-01-02,2,8\n\
                 2024-01-03,1,4\n2024-01-03,2,9\n";
    let got = ingest(plain.as_bytes(), &IngestOptions::default()).expect("loads");
    assert_eq!(got.report.target_column, "units");
    assert_eq!(got.frame.series.len(), 2);
}

#[test]
fn a_wide_table_gives_one_series_per_number_column() {
    // One column per store, a promotion known in advance, a note to leave out, and a bad
    // cell in Paris on line 4.
    let csv = "date;Lyon;Paris;Nantes;promo;note\n\
               01/01/2024;100,5;300;50;0;a\n02/01/2024;101;301;51;1;b\n03/01/2024;102;x;52;0;c\n\
               04/01/2024;103;303;53;0;d\n05/01/2024;104;304;54;1;e\n06/01/2024;;;;1;f\n";
    let opts = IngestOptions {
        wide: true,
        known_in_advance: vec!["promo".into()],
        ignore: vec!["note".into()],
        ..IngestOptions::default()
    };
    let got = ingest(csv.as_bytes(), &opts).expect("loads");
    let ids: Vec<&str> = got.frame.series.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["Lyon", "Paris", "Nantes"]);
    let lyon = &got.frame.series[0];
    assert_eq!(&lyon.target[..5], &[100.5, 101.0, 102.0, 103.0, 104.0]);
    assert_eq!(lyon.observed_len(), 5, "the last row is a future row");
    // Paris's bad cell rejects Paris's row of line 4 only: a gap in Paris, not in the others.
    assert_eq!(got.report.rejected_total, 1);
    // Rows count lines of the file, not values: six lines, all of them loaded.
    assert_eq!((got.report.rows_read, got.report.rows_loaded), (6, 6));
    assert_eq!(got.report.rejected[0].line, 4);
    assert!(got.frame.series[1].target[2].is_nan());
    assert_eq!(got.frame.series[2].target[2], 52.0);
    // The promotion is shared by every store and known in advance; the note is left out.
    let promo = got.frame.exog.iter().position(|e| e.name == "promo").expect("promo");
    assert_eq!(got.frame.exog[promo].availability, Availability::KnownInAdvance);
    assert_eq!(got.frame.series[2].exog[promo][1], 1.0);
    assert!(got.frame.exog.iter().all(|e| e.name != "note"));
    // Unnamed, the promotion (0 and 1 only) is still an input, not a fourth store.
    let unnamed = IngestOptions { known_in_advance: vec![], ..opts.clone() };
    let got = ingest(csv.as_bytes(), &unnamed).expect("loads");
    assert_eq!(got.frame.series.len(), 3);
    assert!(got.frame.exog.iter().any(|e| e.name == "promo"));
    // Without the option, the same file is one series (Lyon) with the others as inputs.
    let plain = IngestOptions { wide: false, ..opts };
    assert_eq!(ingest(csv.as_bytes(), &plain).expect("loads").frame.series.len(), 1);
}
