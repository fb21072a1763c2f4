//! Files laid out with their dates across the header: one series per row, one date per column
//! (web-traffic files, pivot exports), read as long without an option.

use chrono::{NaiveDate, NaiveDateTime};
use prevision_engine::frame::Frequency;
use prevision_engine::ingest::{
    ColumnRole, DateFormat, IngestError, IngestOptions, IngestWarning, Ingested, RejectReason,
    RejectedRow, ingest,
};

fn feb(d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 2, d).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("valid")
}

/// Day-first header dates from 01/02/2024 (February 1st: only 13/02 and 14/02 settle it) to
/// 14/02/2024.
fn header(label: &str) -> String {
    let dates: Vec<String> = (1..=14).map(|d| format!("{d:02}/02/2024")).collect();
    format!("{label},{}", dates.join(","))
}

/// A row of `page` with values `base + day`, cell `k` replaced where `cells` says.
fn row(page: &str, base: u32, cells: &[(usize, &str)]) -> String {
    let values: Vec<String> = (1..=14)
        .map(|d| match cells.iter().find(|(k, _)| *k == d) {
            Some((_, c)) => (*c).to_owned(),
            None => (base + d as u32).to_string(),
        })
        .collect();
    format!("{page},{}", values.join(","))
}

/// Three pages (line 2, 3, 5) and a ragged row (line 4): an empty cell, a bad cell `abc` on
/// line 3, a `#N/A` (a missing marker) on line 5.
fn web_traffic() -> String {
    [
        header("Page"),
        row("\"Main_Page_en.wikipedia.org_all-access\"", 4500, &[(3, "")]),
        row("Paris_fr.wikipedia.org_desktop", 120, &[(5, "abc")]),
        "Lyon_fr.wikipedia.org_desktop,1,2,3".to_owned(),
        row("Rust_en.wikipedia.org_mobile-web", 800, &[(14, "#N/A")]),
    ]
    .join("\n")
}

fn read(text: &str, opts: &IngestOptions) -> Ingested {
    match ingest(text.as_bytes(), opts) {
        Ok(got) => got,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_web_traffic_file_reads_one_series_per_row() {
    let got = read(&web_traffic(), &IngestOptions::default());
    let r = &got.report;
    let ids: Vec<&str> = got.frame.series.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "Main_Page_en.wikipedia.org_all-access",
            "Paris_fr.wikipedia.org_desktop",
            "Rust_en.wikipedia.org_mobile-web"
        ]
    );
    assert_eq!(r.series_count, 3);
    assert_eq!((r.date_column.as_str(), r.target_column.as_str()), ("date", "value"));
    assert_eq!(r.id_columns, ["Page"]);
    let roles: Vec<(&str, ColumnRole)> = r.columns.iter().map(|c| (&*c.name, c.role)).collect();
    assert_eq!(
        roles,
        [("Page", ColumnRole::SeriesId), ("date", ColumnRole::Date), ("value", ColumnRole::Target)]
    );
    // Day first, settled by the header cells above 12; no warning that the order was guessed.
    assert_eq!(r.date_format, DateFormat::DayFirst { sep: '/', with_time: false });
    assert_eq!((r.frequency, r.start, r.end), (Frequency::Daily, feb(1), feb(14)));
    assert!(
        r.warnings.contains(&IngestWarning::DatesAcrossColumns { dates: 14, series: 3 }),
        "{:?}",
        r.warnings
    );
    assert!(!r.warnings.iter().any(|w| matches!(w, IngestWarning::AmbiguousDates { .. })));
    // The file's rows are counted, not its cells: 4 read, the ragged one rejected.
    assert_eq!((r.rows_read, r.rows_loaded), (4, 3));
    assert_eq!(
        r.rejected,
        [
            RejectedRow {
                line: 3,
                column: Some("value".into()),
                reason: RejectReason::NotANumber { value: "abc".into() },
            },
            RejectedRow {
                line: 4,
                column: None,
                reason: RejectReason::WrongFieldCount { expected: 15, found: 4 },
            },
        ]
    );
    let main = &got.frame.series[0];
    assert_eq!(main.timestamps, (1..=14).map(feb).collect::<Vec<_>>());
    assert_eq!(&main.target[..2], &[4501.0, 4502.0]);
    assert!(main.target[2].is_nan(), "the empty cell is missing");
    assert_eq!(main.target[13], 4514.0);
    let paris = &got.frame.series[1];
    assert!(paris.target[4].is_nan(), "the bad cell leaves its date missing");
    assert_eq!(paris.target[5], 126.0);
    let rust = &got.frame.series[2];
    assert_eq!(rust.observed_len(), 13, "#N/A is a missing value");
}

#[test]
fn the_roles_sent_back_read_the_file_the_same_way() {
    let text = web_traffic();
    let first = read(&text, &IngestOptions::default());
    let r = &first.report;
    // What the roles card sends back after a first reading.
    let opts = IngestOptions {
        date_col: Some(r.date_column.clone()),
        target: Some(r.target_column.clone()),
        id_cols: r.id_columns.clone(),
        ..IngestOptions::default()
    };
    assert_eq!(
        (opts.date_col.as_deref(), opts.target.as_deref(), &opts.id_cols[..]),
        (Some("date"), Some("value"), &["Page".to_owned()][..])
    );
    let second = read(&text, &opts);
    // Compared as text: missing values are NaN, which equals nothing.
    assert_eq!(format!("{second:?}"), format!("{first:?}"));
    // A date column the file does not have is still an error.
    let wrong = IngestOptions { date_col: Some("day".into()), ..IngestOptions::default() };
    match ingest(text.as_bytes(), &wrong) {
        Err(IngestError::UnknownColumn { name, available }) => {
            assert_eq!(name, "day");
            assert_eq!(available, ["Page", "date", "value"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn new_columns_do_not_take_the_name_of_a_label_column() {
    let text = "value,date,2024-01-01,2024-01-02,2024-01-03\n\
                a,x,1,2,3\n\
                b,y,4,5,6\n";
    let got = read(text, &IngestOptions::default());
    let r = &got.report;
    assert_eq!((r.date_column.as_str(), r.target_column.as_str()), ("date_2", "value_2"));
    assert_eq!(r.id_columns, ["value", "date"]);
    let ids: Vec<&str> = got.frame.series.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["a/x", "b/y"]);
    assert_eq!(got.frame.series[1].target, [4.0, 5.0, 6.0]);
}

#[test]
fn a_single_row_is_one_series() {
    let text = "store,2024-01,2024-02,2024-03,2024-04\nLyon,10,11,12,13\n";
    let got = read(text, &IngestOptions::default());
    assert_eq!(got.report.series_count, 1);
    assert_eq!(got.report.frequency, Frequency::Monthly);
    assert_eq!(got.frame.series[0].id, "Lyon");
    assert_eq!(got.frame.series[0].target, [10.0, 11.0, 12.0, 13.0]);
    assert_eq!((got.report.rows_read, got.report.rows_loaded), (1, 1));
}

#[test]
fn header_cells_that_are_not_dates_or_repeat_one_are_named() {
    let check = |header: &str, expected: IngestError| {
        let text = format!("id,{header}\na,1,2,3,4,5\nb,6,7,8,9,10\n");
        assert_eq!(ingest(text.as_bytes(), &IngestOptions::default()), Err(expected), "{header}");
    };
    check(
        "2024-01-01,2024-01-02,Total,2024-01-04,2024-01-05",
        IngestError::HeaderNotADate { column: 4, header: "Total".into() },
    );
    check(
        "2024-02-27,2024-02-28,2024-02-29,2024-02-30,2024-03-01",
        IngestError::HeaderNotADate { column: 5, header: "2024-02-30".into() },
    );
    check(
        "2024-01-01,2024-01-02,2024-01-03,2024-01-02,2024-01-05",
        IngestError::RepeatedHeaderDate { column: 5, header: "2024-01-02".into(), first_column: 3 },
    );
}

#[test]
fn a_header_with_only_two_dates_is_still_an_error() {
    let text = "Page,2024-01-01,2024-01-02\nMain,1,2\nParis,3,4\nLyon,5,6\n";
    assert_eq!(ingest(text.as_bytes(), &IngestOptions::default()), Err(IngestError::NoDateColumn));
}

#[test]
fn a_long_file_is_read_as_before() {
    let text = "date,store,units\n\
                2024-01-01,a,1\n2024-01-01,b,10\n\
                2024-01-02,a,2\n2024-01-02,b,20\n\
                2024-01-03,a,3\n2024-01-03,b,30\n";
    let got = read(text, &IngestOptions::default());
    let r = &got.report;
    assert_eq!((r.date_column.as_str(), r.target_column.as_str()), ("date", "units"));
    assert_eq!(r.id_columns, ["store"]);
    assert_eq!((r.rows_read, r.rows_loaded, r.series_count), (6, 6, 2));
    assert!(!r.warnings.iter().any(|w| matches!(w, IngestWarning::DatesAcrossColumns { .. })));
    assert_eq!(got.frame.series[1].target, [10.0, 20.0, 30.0]);
}

#[test]
fn dates_in_the_cells_win_over_dates_in_the_header() {
    // A cohort table: the first column holds dates, so the header's dates are column names.
    let text = "week,2024-01-01,2024-01-08,2024-01-15\n\
                2024-01-01,5,4,3\n2024-01-08,6,5,4\n2024-01-15,7,6,5\n";
    let got = read(text, &IngestOptions::default());
    assert_eq!(got.report.date_column, "week");
    assert_eq!(got.report.rows_read, 3);
    assert!(
        !got.report.warnings.iter().any(|w| matches!(w, IngestWarning::DatesAcrossColumns { .. }))
    );
}

#[test]
fn lines_stay_physical_with_crlf_and_quoted_labels() {
    // The second label spans two lines: the bad cell of the next row is on line 5.
    let text = "Page;2024-01-01;2024-01-02;2024-01-03\r\n\
                A;1;2;3\r\n\
                \"B\r\nb\";4;5;6\r\n\
                C;7;x;9\r\n";
    let got = read(text, &IngestOptions::default());
    assert_eq!(got.report.series_count, 3);
    assert_eq!(
        got.report.rejected,
        [RejectedRow {
            line: 5,
            column: Some("value".into()),
            reason: RejectReason::NotANumber { value: "x".into() },
        }]
    );
}

#[test]
fn a_title_above_the_header_is_read_past() {
    // A French export: a title, a blank line, semicolons, decimal commas, a line of empty cells.
    let text = "Rapport des visites\n\n\
                Page;2024-01-01;2024-01-02;2024-01-03;2024-01-04\n\
                A;1,5;2,5;3;4\n\
                ;;;;\n\
                B;1 234,5;2;3;oops\n";
    let got = read(text, &IngestOptions::default());
    let r = &got.report;
    assert_eq!(r.series_count, 2);
    assert_eq!(got.frame.series[0].target, [1.5, 2.5, 3.0, 4.0]);
    assert_eq!(got.frame.series[1].target[0], 1234.5);
    assert_eq!((r.rows_read, r.rows_loaded), (2, 2));
    assert_eq!(r.rejected.iter().map(|x| x.line).collect::<Vec<_>>(), [6]);
    for w in [
        IngestWarning::PreambleSkipped { lines: 2 },
        IngestWarning::BlankLines { count: 1 },
        IngestWarning::ThousandsSeparator { column: "value".into() },
    ] {
        assert!(r.warnings.contains(&w), "{w:?} not in {:?}", r.warnings);
    }
}

#[test]
fn a_total_column_after_the_dates_is_left_out_and_named() {
    // A pivot export: a store per row, a day per column, then the row's total.
    let days: Vec<String> = (1..=20).map(|d| format!("{d:02}/01/2024")).collect();
    let mut text = format!("Magasin;{};Total\n", days.join(";"));
    for (store, base) in [("Lyon", 100), ("Paris", 300)] {
        let values: Vec<String> = (0..20).map(|d| (base + d).to_string()).collect();
        let total: i32 = (0..20).map(|d| base + d).sum();
        text.push_str(&format!("{store};{};{total}\n", values.join(";")));
    }
    let got = ingest(text.as_bytes(), &IngestOptions::default()).expect("loads");
    let r = &got.report;
    assert_eq!(r.series_count, 2);
    assert_eq!(got.frame.series[1].id, "Paris");
    assert_eq!(got.frame.series[1].target.len(), 20, "the total is not a 21st day");
    assert_eq!(got.frame.series[1].target[19], 319.0);
    assert!(
        r.warnings
            .contains(&IngestWarning::ColumnsAfterDatesLeftOut { columns: vec!["Total".into()] })
    );
}

#[test]
fn a_blank_label_beside_others_is_kept_and_a_row_without_any_is_rejected() {
    // The Johns Hopkins layout: the province is blank for most countries.
    // Latitude and longitude describe a place, they do not name it: left out of the ids.
    let text = "Province/State,Country/Region,Lat,Long,1/22/20,1/23/20,1/24/20,1/25/20\n\
                ,Afghanistan,33.9,67.7,0,0,1,2\n\
                Hubei,China,30.9,112.2,444,444,549,761\n\
                ,France,46.2,2.2,0,0,2,3\n\
                ,,0,0,1,1,1,1\n";
    let got = ingest(text.as_bytes(), &IngestOptions::default()).expect("loads");
    let r = &got.report;
    let ids: Vec<&str> = got.frame.series.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["Afghanistan", "Hubei/China", "France"]);
    assert_eq!((r.rows_read, r.rows_loaded, r.rejected_total), (4, 3, 1));
    assert_eq!(r.rejected[0].line, 5);
    assert_eq!(r.rejected[0].reason, RejectReason::MissingSeriesId);
    assert_eq!(got.frame.series[1].target, [444.0, 444.0, 549.0, 761.0]);
    let lat = r.columns.iter().find(|c| c.name == "Lat").expect("listed");
    assert_eq!(lat.role, prevision_engine::ingest::ColumnRole::Ignored);
    // Number labels alone still name their series.
    let text = "id,2024-01-01,2024-01-02,2024-01-03\n1001,1,2,3\n1002,4,5,6\n";
    let got = ingest(text.as_bytes(), &IngestOptions::default()).expect("loads");
    let ids: Vec<&str> = got.frame.series.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["1001", "1002"]);
}

#[test]
fn a_header_of_too_many_labels_is_refused_before_any_work() {
    let labels: Vec<String> = (0..1500).map(|i| format!("l{i}")).collect();
    let values = vec!["1"; 1503].join(",");
    let text = format!("{},2024-01-01,2024-01-02,2024-01-03\n{values}\n", labels.join(","));
    assert!(matches!(
        ingest(text.as_bytes(), &IngestOptions::default()),
        Err(IngestError::TooManyColumns { found: 1500, .. })
    ));
}

#[test]
fn four_dates_and_a_total_are_still_dates_across() {
    let text = "Page,2024-01-01,2024-01-02,2024-01-03,2024-01-04,Total\nMain,1,2,3,4,10\n";
    let got = ingest(text.as_bytes(), &IngestOptions::default()).expect("loads");
    assert_eq!(got.frame.series[0].target, [1.0, 2.0, 3.0, 4.0]);
}
