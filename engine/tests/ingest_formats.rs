//! Ingest of real-world file formats: French Excel exports, Windows-1252, quoting, dates.

use chrono::{NaiveDate, NaiveDateTime};
use prevision_engine::frame::Frequency;
use prevision_engine::ingest::{
    ColumnKind, ColumnRole, DateFormat, DecimalMark, DuplicatePolicy, Encoding, Gap, IngestOptions,
    IngestWarning, RejectReason, ingest,
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

fn load(text: &str) -> prevision_engine::ingest::Ingested {
    ingest(text.as_bytes(), &IngestOptions::default()).expect("loads")
}

#[test]
fn windows_1252_header_with_accents_and_euro() {
    let got = ingest(&fixture("windows1252.csv"), &IngestOptions::default()).expect("loads");
    assert_eq!(got.report.encoding, Encoding::Windows1252);
    assert_eq!(got.report.target_column, "Arrivées");
    assert_eq!(got.frame.exog[0].name, "Prix €");
    // Only 01..03 as days: day-first is assumed and said so.
    assert_eq!(got.frame.series[0].target, vec![10.0, 11.0, 12.0]);
    assert_eq!(got.frame.series[0].timestamps[2], day(2024, 2, 3));
    assert!(got.report.warnings.contains(&IngestWarning::DecodedAsWindows1252));
}

#[test]
fn lines_ended_by_a_carriage_return_alone_are_numbered_and_counted_as_lines() {
    // Classic Mac line ends: every row was counted on line 1, and a bad value named line 1.
    let mut text = String::from("date,sales\r");
    for d in 1..=28 {
        let value = if d == 10 { "x".to_string() } else { (100 + d).to_string() };
        text.push_str(&format!("2024-02-{d:02},{value}\r"));
    }
    let got = load(&text);
    assert_eq!((got.report.rows_read, got.report.rows_loaded), (28, 27));
    assert_eq!(got.report.rejected[0].line, 11);
    assert_eq!(got.frame.series[0].observed_len(), 28);
    // A carriage return inside a quoted field of a file with line feeds stays in the field.
    let got = load("date,sales,note\n2024-01-01,1,\"a\rb\"\n2024-01-02,2,c\n");
    assert_eq!(got.report.rows_loaded, 2);
    assert_eq!(got.frame.exog[0].levels.as_ref().map(|l| l[0].clone()), Some("a\rb".into()));
}

#[test]
fn a_file_without_a_header_line_keeps_its_first_row_and_names_its_columns() {
    // A database dump: no header, the first line is the first day.
    let mut text = String::new();
    for d in 1..=28 {
        text.push_str(&format!("2024-02-{d:02};Lyon;{},5\n2024-02-{d:02};Nice;{d}\n", 100 + d));
    }
    text = text.replacen("2024-02-03;Nice;3", "2024-02-03;Nice;x", 1);
    let got = load(&text);
    assert!(got.report.warnings.contains(&IngestWarning::NoHeader));
    assert_eq!(got.report.date_column, "column_1");
    assert_eq!(got.report.id_columns, ["column_2"]);
    assert_eq!(got.report.target_column, "column_3");
    assert_eq!((got.report.rows_read, got.report.rows_loaded), (56, 55));
    // Lines are the file's: the bad cell is on line 6.
    assert_eq!(got.report.rejected[0].line, 6);
    let lyon = &got.frame.series[0];
    assert_eq!((lyon.timestamps[0], lyon.target[0]), (day(2024, 2, 1), 101.5));
    // A header whose date column is named by a word is a header, even if the others are
    // numbers (years as column names).
    let got = load("Date,2023,2024\n2024-01-01,1,2\n2024-01-02,3,4\n2024-01-03,5,6\n");
    assert!(!got.report.warnings.contains(&IngestWarning::NoHeader));
    assert_eq!(got.report.date_column, "Date");
    assert_eq!(got.report.rows_read, 3);
}

#[test]
fn lines_copied_whole_by_an_export_are_counted_once_and_keep_the_store_column() {
    // Two stores over 60 days; the export repeated its last ten lines (a page boundary).
    // Before: the repeats hid the store column, the stores were added up, and the copied
    // days counted twice.
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid");
    let mut lines = Vec::new();
    for i in 0..60u64 {
        for store in ["A", "B"] {
            let d = start + chrono::Days::new(i);
            lines.push(format!("{d},{store},{}", 100 + i % 7));
        }
    }
    let copied: Vec<String> = lines[110..].to_vec();
    lines.extend(copied);
    let got = load(&format!("date,store,sales\n{}\n", lines.join("\n")));
    assert_eq!(got.report.id_columns, ["store"]);
    assert!(
        got.report.warnings.contains(&IngestWarning::RepeatedLines { count: 10, first_line: 122 })
    );
    assert_eq!(got.report.duplicates_total, 0);
    for s in &got.frame.series {
        let expected: Vec<f64> = (0..60).map(|i| 100.0 + (i % 7) as f64).collect();
        assert_eq!(s.target, expected, "{}", s.id);
    }
    // A day's tickets are added up even when two lines of it are alike: most dates repeat.
    let mut text = String::from("date,amount\n");
    for i in 0..30u64 {
        let d = start + chrono::Days::new(i);
        for amount in [5, 5, 7] {
            text.push_str(&format!("{d},{amount}\n"));
        }
    }
    let got = load(&text);
    assert!(!got.report.warnings.iter().any(|w| matches!(w, IngestWarning::RepeatedLines { .. })));
    assert_eq!(got.frame.series[0].target[0], 17.0);
}

#[test]
fn an_order_number_column_is_not_an_input_unless_asked() {
    // Orders exported one per line: each has its own number, and a status shared by many.
    let mut text = String::from("Name,Created at,Total,Status\n");
    for i in 0..200u32 {
        let (day, hour) = (1 + i / 8, 8 + i % 8);
        let status = if i % 3 == 0 { "refunded" } else { "paid" };
        text.push_str(&format!(
            "#{},2024-03-{day:02} {hour:02}:00,{},{status}\n",
            1000 + i,
            10 + i % 9
        ));
    }
    let got = load(&text);
    let role = |name: &str| {
        got.report.columns.iter().find(|c| c.name == name).map(|c| c.role).expect("listed")
    };
    assert_eq!(role("Name"), ColumnRole::Ignored);
    assert_eq!(role("Status"), ColumnRole::ObservedOnly);
    assert_eq!(got.frame.exog.len(), 1);
    // Asked for, it is an input.
    let opts = IngestOptions { observed_only: vec!["Name".into()], ..Default::default() };
    let got = ingest(text.as_bytes(), &opts).expect("loads");
    assert!(got.frame.exog.iter().any(|x| x.name == "Name"));
}

#[test]
fn the_row_numbers_pandas_writes_first_are_neither_the_target_nor_an_input() {
    // `df.to_csv()` keeps the index: an unnamed first column counting 0, 1, 2…
    for header in [",date,x", "Unnamed: 0,date,x", "index,date,x", "id,date,x"] {
        let mut text = format!("{header}\n");
        for i in 0..60u64 {
            let d = NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid") + chrono::Days::new(i);
            text.push_str(&format!("{i},{d},{}\n", 100 + i % 7));
        }
        let got = load(&text);
        assert_eq!(got.report.target_column, "x", "{header}");
        let index = &got.report.columns[0];
        assert_eq!(index.role, ColumnRole::Ignored, "{header}");
        assert!(got.frame.exog.is_empty(), "{header}");
    }
    // A column of its own numbers, not counting rows, is data.
    let mut text = String::from(",date,x\n");
    for i in 0..60u64 {
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid") + chrono::Days::new(i);
        text.push_str(&format!("{},{d},{}\n", (i * 7) % 11, 100 + i % 7));
    }
    assert_eq!(load(&text).report.target_column, "column_1");
}

#[test]
fn a_pivot_exports_total_rows_are_not_forecast_as_one_more_store() {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid");
    let file = |total_name: &str, adds_up: bool| {
        let mut text = String::from("date,store,sales\n");
        for i in 0..60u64 {
            let d = start + chrono::Days::new(i);
            let (a, b) = (100.5 + (i % 7) as f64, 50.25 + (i % 5) as f64);
            let total = if adds_up { a + b } else { a + 2.0 * b };
            text.push_str(&format!("{d},Lyon,{a}\n{d},Nice,{b}\n{d},{total_name},{total}\n"));
        }
        load(&text)
    };
    let got = file("Total", true);
    let ids: Vec<&str> = got.frame.series.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["Lyon", "Nice"]);
    assert!(
        got.report.warnings.contains(&IngestWarning::TotalSeriesLeftOut { series: "Total".into() })
    );
    assert!(file("Grand total", true).frame.series.iter().all(|s| s.id != "Grand total"));
    // Named like a total but not the sum, or the sum but not named so: a store.
    assert_eq!(file("Total", false).frame.series.len(), 3);
    assert_eq!(file("Annecy", true).frame.series.len(), 3);
}

#[test]
fn a_markets_daily_bars_forecast_the_close_not_the_volume() {
    let mut text = String::from("Date,Open,High,Low,Close,Adj Close,Volume\n");
    for i in 0..60u64 {
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid") + chrono::Days::new(i);
        let p = 100.0 + i as f64 * 0.1;
        text.push_str(&format!(
            "{d},{p},{},{},{},{},{}\n",
            p + 1.0,
            p - 1.0,
            p + 0.5,
            p + 0.4,
            1000 + i
        ));
    }
    assert_eq!(load(&text).report.target_column, "Close");
}

#[test]
fn of_two_date_columns_the_one_whose_dates_vary_is_the_series_dates() {
    // An export date repeated on every line, before the dates of the sales: it was taken,
    // and the file refused as having a single date.
    let mut text = String::from("Date de création;Date;Ventes\r\n");
    for d in 1..=28 {
        text.push_str(&format!("01/01/2024;{d:02}/02/2024;{}\r\n", 100 + d));
    }
    let got = load(&text);
    assert_eq!(got.report.date_column, "Date");
    assert_eq!(got.frame.series[0].observed_len(), 28);
    // Both varying: the first named like dates, as before.
    let mut text = String::from("Date;Date de livraison;Ventes\r\n");
    for d in 1..=20 {
        text.push_str(&format!("{d:02}/02/2024;{:02}/02/2024;{}\r\n", d + 3, 100 + d));
    }
    assert_eq!(load(&text).report.date_column, "Date");
}

#[test]
fn weekly_rows_a_day_off_their_weekday_stay_in_their_week() {
    // Weekly sales stamped on Sundays; after a holiday the report is dated Monday (the first
    // week too), once a Saturday. Before: Monday weeks, one doubled and the next set to zero.
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).expect("a Sunday");
    let mut text = String::from("week,sales\n");
    for k in 0..60i64 {
        let shift = match k % 10 {
            0 | 5 => 1,
            7 => -1,
            _ => 0,
        };
        let d = start + chrono::Duration::days(7 * k + shift);
        text.push_str(&format!("{d},{}\n", 100 + k));
    }
    let got = load(&text);
    assert_eq!(got.report.frequency, Frequency::Weekly { anchor: chrono::Weekday::Sun });
    assert!(
        got.report
            .warnings
            .contains(&IngestWarning::MovedToWeekday { count: 18, weekday: chrono::Weekday::Sun })
    );
    assert_eq!((got.report.gaps_total, got.report.duplicates_total), (0, 0));
    let s = &got.frame.series[0];
    assert_eq!(s.timestamps[0], day(2023, 1, 1));
    let expected: Vec<f64> = (0..60).map(|k| 100.0 + k as f64).collect();
    assert_eq!(s.target, expected);
    // Rows spread over the week say nothing about a weekday: none moves.
    let mut text = String::from("week,sales\n");
    for k in 0..60i64 {
        let d = start + chrono::Duration::days(7 * k + k % 3);
        text.push_str(&format!("{d},{}\n", 100 + k));
    }
    let got = load(&text);
    assert!(!got.report.warnings.iter().any(|w| matches!(w, IngestWarning::MovedToWeekday { .. })));
}

#[test]
fn quoted_field_with_newline_keeps_line_numbers_right() {
    let text = "date,value,note\n2024-01-01,1,\"two\nlines\"\n2024-01-02,2,\"a, b\"\n2024-01-03,x,ok\n2024-01-04,4,\"say \"\"hi\"\"\"\n";
    let got = load(text);
    assert_eq!(got.report.rejected_total, 1);
    assert_eq!(got.report.rejected[0].line, 5);
    assert_eq!(got.report.rejected[0].reason, RejectReason::NotANumber { value: "x".into() });
    assert_eq!(got.frame.exog[0].levels.as_ref().map(|l| l[0].clone()), Some("two\nlines".into()));
    let levels = got.frame.exog[0].levels.clone().unwrap_or_default();
    assert!(levels.contains(&"say \"hi\"".to_owned()), "{levels:?}");
}

#[test]
fn wrong_field_count_is_rejected_with_its_line() {
    let text = "date,value,x\n2024-01-01,1,2\n2024-01-02,2\n2024-01-03,3,4\n2024-01-04,5,6\n2024-01-05,6,7\n";
    let got = load(text);
    assert_eq!(got.report.rejected[0].line, 3);
    assert_eq!(
        got.report.rejected[0].reason,
        RejectReason::WrongFieldCount { expected: 3, found: 2 }
    );
    assert_eq!(got.report.rows_loaded, 4);
    assert_eq!(got.report.gaps[0].start, day(2024, 1, 2));
}

#[test]
fn weekly_data_anchored_on_fridays() {
    // 2024-01-05 is a Friday; 2024-01-26 is missing.
    let text = "week,value\n2024-01-05,1\n2024-01-12,2\n2024-01-19,3\n2024-02-02,5\n2024-02-09,6\n";
    let got = load(text);
    assert_eq!(got.report.frequency, Frequency::Weekly { anchor: chrono::Weekday::Fri });
    assert_eq!(got.report.gaps[0].start, day(2024, 1, 26));
    assert_eq!(got.frame.series[0].timestamps.len(), 6);
}

#[test]
fn half_hourly_data_with_day_first_datetimes() {
    let mut text = String::from("horodatage;conso\n");
    for i in 0..96 {
        let (h, m) = (i / 2 % 24, 30 * (i % 2));
        let d = 13 + i / 48;
        text.push_str(&format!("{d:02}/03/2024 {h:02}:{m:02};{},5\n", 100 + i));
    }
    let got = load(&text);
    assert_eq!(got.report.frequency, Frequency::Minutes { minutes: 30 });
    assert_eq!(got.report.date_format, DateFormat::DayFirst { sep: '/', with_time: true });
    let s = &got.frame.series[0];
    assert_eq!(s.timestamps.len(), 96);
    assert_eq!(s.timestamps[3], day(2024, 3, 13) + chrono::Duration::minutes(90));
    assert_eq!(s.target[3], 103.5);
    assert_eq!(got.report.weekday_profile.map(|p| p[2]), Some((100.0 + 147.0) / 2.0 + 0.5));
}

#[test]
fn ambiguous_dates_warn_and_day_first_is_assumed() {
    let text = "date,value\n01/02/2024,1\n01/03/2024,2\n01/04/2024,3\n";
    let got = load(text);
    assert!(got.report.warnings.contains(&IngestWarning::AmbiguousDates {
        column: "date".into(),
        assumed: prevision_engine::ingest::DateOrder::DayFirst
    }));
    assert_eq!(got.report.frequency, Frequency::Monthly);
}

#[test]
fn a_day_above_twelve_anywhere_settles_month_first() {
    let mut text = String::from("date,value\n");
    for d in 1..=20 {
        text.push_str(&format!("03/{d:02}/2024,{d}\n"));
    }
    let got = load(&text);
    assert_eq!(got.report.date_format, DateFormat::MonthFirst { sep: '/', with_time: false });
    assert_eq!(got.report.frequency, Frequency::Daily);
    assert_eq!(got.report.start, day(2024, 3, 1));
    assert!(!got.report.warnings.iter().any(|w| matches!(w, IngestWarning::AmbiguousDates { .. })));
}

#[test]
fn thousands_separators_with_dot_decimal_in_quotes() {
    let text = "date,value\n2024-01-01,\"1,234.5\"\n2024-01-02,\"12,000\"\n2024-01-03,7.25\n";
    let got = load(text);
    assert_eq!(got.report.decimal, DecimalMark::Dot);
    assert_eq!(got.frame.series[0].target, vec![1234.5, 12000.0, 7.25]);
}

#[test]
fn zoned_iso_datetimes_are_converted_to_utc() {
    let text = "ts,load\n2024-03-31T00:00:00+01:00,1\n2024-03-31T01:00:00+01:00,2\n2024-03-31T03:00:00+02:00,3\n2024-03-31T04:00:00+02:00,4\n";
    let got = load(text);
    assert_eq!(got.report.frequency, Frequency::Minutes { minutes: 60 });
    assert_eq!(got.report.zones, prevision_engine::ingest::ZoneHandling::ConvertedToUtc);
    assert_eq!(got.report.gaps_total, 0);
    assert_eq!(got.frame.series[0].timestamps[0], day(2024, 3, 30) + chrono::Duration::hours(23));
}

#[test]
fn daily_dates_stamped_at_local_midnight_keep_their_written_day() {
    // A daily export from Paris: local midnights, winter then summer time. In UTC each one is
    // 22:00 or 23:00 the day before; the written days must stay, with no gap at the change.
    let mut text = String::from("time,sales\n");
    for d in 25..=31 {
        text.push_str(&format!(
            "2024-03-{d}T00:00:00{},{d}\n",
            if d < 31 { "+01:00" } else { "+02:00" }
        ));
    }
    text.push_str("2024-04-01T00:00:00+02:00,32\n");
    let got = load(&text);
    assert_eq!(got.report.frequency, Frequency::Daily);
    assert_eq!(got.report.zones, prevision_engine::ingest::ZoneHandling::WrittenDatesKept);
    assert!(
        got.report.warnings.iter().any(|w| matches!(w, IngestWarning::WrittenDatesKept { .. }))
    );
    assert_eq!(got.report.start, day(2024, 3, 25));
    assert_eq!(got.report.gaps_total, 0);
    let stamps = &got.frame.series[0].timestamps;
    assert_eq!(stamps.last(), Some(&day(2024, 4, 1)));
    assert_eq!(got.frame.series[0].target, (25..=32).map(f64::from).collect::<Vec<_>>());
    // One value at another hour: the times differ, so the column is converted as before.
    let mixed = text.replace("2024-03-27T00:00:00+01:00", "2024-03-27T06:00:00+01:00");
    assert_eq!(load(&mixed).report.zones, prevision_engine::ingest::ZoneHandling::ConvertedToUtc);
    // All in UTC: converting changes nothing, and the report says so.
    let utc = text.replace("+01:00", "Z").replace("+02:00", "Z");
    let got = load(&utc);
    assert_eq!(got.report.zones, prevision_engine::ingest::ZoneHandling::ConvertedToUtc);
    assert_eq!(got.report.start, day(2024, 3, 25));
    // A fixed hour other than midnight west of Greenwich (18:00 in New York is 23:00 UTC,
    // or 22:00 in summer): the written hour and days stay.
    let evening = text
        .replace("T00:00:00+01:00", "T18:00:00-05:00")
        .replace("T00:00:00+02:00", "T18:00:00-04:00");
    let got = load(&evening);
    assert_eq!(got.report.zones, prevision_engine::ingest::ZoneHandling::WrittenDatesKept);
    assert_eq!(got.frame.series[0].timestamps[0], day(2024, 3, 25) + chrono::Duration::hours(18));
}

#[test]
fn excel_serials_in_a_date_named_column() {
    let text = "Date,Ventes\n45352,1\n45353,2\n45354,3\n";
    let got = load(text);
    assert_eq!(got.report.date_format, DateFormat::ExcelSerial);
    assert_eq!(got.report.start, day(2024, 3, 1));
}

#[test]
fn integer_columns_without_a_date_name_do_not_become_dates() {
    let text = "when,qty\n2024-03-01,45352\n2024-03-02,45353\n2024-03-03,45354\n";
    let got = load(text);
    assert_eq!(got.report.date_column, "when");
    assert_eq!(got.frame.series[0].target[0], 45352.0);
}

#[test]
fn year_month_and_dotted_day_first() {
    let got = load("mois;ventes\n2023-11;1\n2023-12;2\n2024-01;3\n");
    assert_eq!(got.report.date_format, DateFormat::YearMonth { sep: '-' });
    assert_eq!(got.report.frequency, Frequency::Monthly);
    let got = load("Datum;Menge\n30.12.2023;1\n31.12.2023;2\n01.01.2024;3\n");
    assert_eq!(got.report.date_format, DateFormat::DayFirst { sep: '.', with_time: false });
    assert_eq!(got.report.end, day(2024, 1, 1));
}

#[test]
fn fill_policies_fill_only_inside_the_history() {
    let text = "date,value,promo\n2024-01-01,1,0\n2024-01-02,,1\n2024-01-04,4,0\n2024-01-05,,1\n";
    let opts =
        IngestOptions { fill: prevision_engine::ingest::FillPolicy::Linear, ..Default::default() };
    let got = ingest(text.as_bytes(), &opts).expect("loads");
    let s = &got.frame.series[0];
    assert_eq!(&s.target[..4], &[1.0, 2.0, 3.0, 4.0]);
    assert!(s.target[4].is_nan(), "future row stays missing");
    assert_eq!(got.report.filled_count, 2);
    assert_eq!(
        got.frame.exog[0].availability,
        prevision_engine::frame::Availability::KnownInAdvance
    );
}

#[test]
fn report_survives_a_json_round_trip_with_missing_profile_days() {
    let got = ingest(&fixture("french_export.csv"), &IngestOptions::default()).expect("loads");
    let json = serde_json::to_string(&got.report).expect("serialises");
    let back: prevision_engine::ingest::QualityReport =
        serde_json::from_str(&json).expect("deserialises");
    assert!(back.weekday_profile.is_some_and(|p| p[5].is_nan()), "Saturday has no data");
    // serde_json's default float parser may differ in the last bit: compare with a tolerance.
    assert!((back.summary[0].std - got.report.summary[0].std).abs() < 1e-9);
    assert_eq!(back.gaps, got.report.gaps);
    assert_eq!(back.rejected, got.report.rejected);
}

#[test]
fn caller_overrides_delimiter_decimal_and_date_order() {
    let text = "date|value\n01/02/2024|1.5\n01/03/2024|2.5\n01/04/2024|3.5\n";
    let opts = IngestOptions {
        delimiter: Some('|'),
        decimal: Some(DecimalMark::Dot),
        date_order: Some(prevision_engine::ingest::DateOrder::MonthFirst),
        ..Default::default()
    };
    let got = ingest(text.as_bytes(), &opts).expect("loads");
    assert_eq!(got.report.frequency, Frequency::Daily);
    assert_eq!(got.report.start, day(2024, 1, 2));
    assert_eq!(got.frame.series[0].target, vec![1.5, 2.5, 3.5]);
    assert!(got.report.warnings.is_empty(), "{:?}", got.report.warnings);
    let bad = IngestOptions { delimiter: Some('a'), ..Default::default() };
    assert_eq!(
        ingest(text.as_bytes(), &bad).err(),
        Some(prevision_engine::ingest::IngestError::UnsupportedDelimiter { delimiter: 'a' })
    );
}

#[test]
fn business_daily_and_quarterly_files() {
    // 2024-01-01 is a Monday: three weeks of weekdays.
    let mut text = String::from("date,value\n");
    for d in 1..=21u32 {
        let t = day(2024, 1, d);
        if !matches!(chrono::Datelike::weekday(&t), chrono::Weekday::Sat | chrono::Weekday::Sun) {
            text.push_str(&format!("{},{d}\n", t.format("%Y-%m-%d")));
        }
    }
    let got = load(&text);
    assert_eq!(got.report.frequency, Frequency::BusinessDaily);
    assert_eq!(got.frame.series[0].timestamps.len(), 15);
    assert_eq!(got.report.weekday_profile.map(|p| p[0]), Some((1.0 + 8.0 + 15.0) / 3.0));
    let got =
        load("date,value\n2023-01-01,1\n2023-04-01,2\n2023-07-01,3\n2023-10-01,4\n2024-01-01,5\n");
    assert_eq!(got.report.frequency, Frequency::Quarterly);
    assert_eq!(got.report.month_profile, None);
}

#[test]
fn irregular_dates_are_put_on_the_finest_mostly_occupied_grid() {
    // Every 10 days: one row in each of three consecutive weeks (Mon 1, Thu 11, Sun 21).
    let ok = ingest(
        b"date,value\n2024-01-01,1\n2024-01-11,2\n2024-01-21,3\n",
        &IngestOptions::default(),
    )
    .expect("resampled");
    let weekly = Frequency::Weekly { anchor: chrono::Weekday::Mon };
    assert_eq!(ok.frame.freq, weekly);
    assert!(
        ok.report.warnings.contains(&IngestWarning::Resampled { step: weekly, automatic: true })
    );
    assert_eq!(ok.frame.series[0].target, vec![1.0, 2.0, 3.0]);
}

#[test]
fn ticket_lines_become_daily_totals_and_an_asked_step_is_used() {
    // Three days of tickets at any minute; the second day has a line without a time.
    let text = b"when,amount\n2024-03-04 09:12,10\n2024-03-04 17:40,5.5\n2024-03-05,2\n\
2024-03-05 11:03,3\n2024-03-05 18:59,1\n2024-03-06 08:30,7\n2024-03-06 10:45,1\n";
    let ok = ingest(text, &IngestOptions::default()).expect("reads");
    assert_eq!(ok.frame.freq, Frequency::Daily);
    assert!(
        ok.report
            .warnings
            .contains(&IngestWarning::Resampled { step: Frequency::Daily, automatic: true })
    );
    assert_eq!(ok.frame.series[0].target, vec![15.5, 6.0, 8.0]);
    assert!(ok.report.rejected.is_empty(), "no row is dropped as off-grid");

    // The mean instead of the sum, and a step asked for: one monthly row.
    let opts = IngestOptions {
        resample: Some(Frequency::Monthly),
        duplicates: Some(DuplicatePolicy::Mean),
        ..IngestOptions::default()
    };
    let ok = ingest(text, &opts).expect("reads");
    assert_eq!(ok.frame.freq, Frequency::Monthly);
    assert!(
        ok.report
            .warnings
            .contains(&IngestWarning::Resampled { step: Frequency::Monthly, automatic: false })
    );
    assert_eq!(ok.frame.series[0].target, vec![29.5 / 7.0]);

    // A day without tickets: zero when lines are added up, missing when they are averaged.
    let text = b"when,amount\n2024-03-04 09:12,10\n2024-03-04 17:40,5\n2024-03-06 08:30,7\n";
    let asked = |duplicates| IngestOptions {
        resample: Some(Frequency::Daily),
        duplicates,
        ..IngestOptions::default()
    };
    let summed = ingest(text, &asked(Some(DuplicatePolicy::Sum))).expect("reads");
    assert_eq!(summed.frame.series[0].target, vec![15.0, 0.0, 7.0]);
    let averaged = ingest(text, &asked(Some(DuplicatePolicy::Mean))).expect("reads");
    let t = &averaged.frame.series[0].target;
    assert!(t[0] == 7.5 && t[1].is_nan() && t[2] == 7.0, "{t:?}");
}

/// Readings of a smooth level (a room temperature between 15 and 25 °C, one day's cycle) at
/// irregular times, a few minutes to half an hour apart, for two weeks.
fn irregular_readings() -> String {
    let mut text = String::from("timestamp,temperature\n");
    let start = day(2024, 1, 1);
    let mut minute = 0i64;
    let mut k = 0u64;
    while minute < 14 * 24 * 60 {
        // A fixed pseudo-random spacing of 3 to 33 minutes.
        k = k.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        minute += 3 + (k >> 59) as i64;
        let t = start + chrono::Duration::minutes(minute);
        let hours = minute as f64 / 60.0;
        let value = 20.0 + 5.0 * (hours / 24.0 * std::f64::consts::TAU).sin();
        text.push_str(&format!("{},{value:.2}\n", t.format("%Y-%m-%d %H:%M")));
    }
    text
}

#[test]
fn readings_at_irregular_times_are_averaged_on_the_grid_chosen_for_them() {
    let got = load(&irregular_readings());
    let r = &got.report;
    assert_eq!(r.frequency, Frequency::Minutes { minutes: 60 });
    assert!(r.warnings.contains(&IngestWarning::Resampled { step: r.frequency, automatic: true }));
    assert_eq!(r.duplicate_policy, DuplicatePolicy::Mean);
    // An hour's value is a temperature, not the sum of its two to six readings.
    let t = &got.frame.series[0].target;
    assert!(t.iter().filter(|v| !v.is_nan()).all(|v| (14.9..=25.1).contains(v)), "{t:?}");

    // The user's merge rule wins, and a step the user asks for keeps the sum.
    let summed = ingest(
        irregular_readings().as_bytes(),
        &IngestOptions { duplicates: Some(DuplicatePolicy::Sum), ..IngestOptions::default() },
    )
    .expect("reads");
    assert_eq!(summed.report.duplicate_policy, DuplicatePolicy::Sum);
    let asked = ingest(
        irregular_readings().as_bytes(),
        &IngestOptions { resample: Some(Frequency::Daily), ..IngestOptions::default() },
    )
    .expect("reads");
    assert_eq!(asked.report.duplicate_policy, DuplicatePolicy::Sum);
}

#[test]
fn ticket_amounts_at_irregular_times_are_still_added_up() {
    // Independent amounts (no level moving through them), several a day.
    let mut text = String::from("when,amount\n");
    let mut k = 7u64;
    for d in 1..=28u32 {
        for h in [9, 11, 14, 16, 18] {
            k = k.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let amount = 5 + (k >> 58);
            text.push_str(&format!("2024-02-{d:02} {h}:{:02},{amount}\n", (k >> 40) % 60));
        }
    }
    let got = load(&text);
    assert_eq!(got.report.frequency, Frequency::Daily);
    assert_eq!(got.report.duplicate_policy, DuplicatePolicy::Sum);
    assert!(got.frame.series[0].target.iter().all(|v| *v >= 25.0));
}

#[test]
fn excel_currency_cells_in_windows_1252_are_read() {
    // Excel writes currency-formatted cells as displayed: no-break space groups and a euro
    // sign (0xA0 and 0x80 in Windows-1252).
    let text = b"Date;Chiffre d'affaires\r\n01/01/2024;12\xa0345,67\xa0\x80\r\n\
02/01/2024;980,00\xa0\x80\r\n03/01/2024;1\xa0002,50\xa0\x80\r\n04/01/2024;45,10 \x80\r\n";
    let ok = ingest(text, &IngestOptions::default()).expect("reads");
    assert_eq!(ok.report.encoding, Encoding::Windows1252);
    assert_eq!(ok.report.decimal, DecimalMark::Comma);
    assert_eq!(ok.frame.series[0].target, vec![12345.67, 980.0, 1002.5, 45.1]);
}

#[test]
fn a_quarterly_column_written_as_year_and_quarter_is_quarterly() {
    let text =
        b"trimestre;pib\nT1 2023;100,5\nT2 2023;101\nT3 2023;99,5\nT4 2023;102\nT1 2024;103\n";
    let ok = ingest(text, &IngestOptions::default()).expect("reads");
    assert_eq!(ok.report.date_format, DateFormat::YearQuarter);
    assert_eq!(ok.frame.freq, Frequency::Quarterly);
    assert_eq!(ok.frame.series[0].timestamps[1], day(2023, 4, 1));
    assert_eq!(ok.frame.series[0].target, vec![100.5, 101.0, 99.5, 102.0, 103.0]);
}

#[test]
fn accounting_negatives_in_parentheses_are_read() {
    let text =
        b"Date;Solde\r\n01/01/2024;(167,50)\r\n02/01/2024;1 020,00\r\n03/01/2024;(12,25)\r\n";
    let ok = ingest(text, &IngestOptions::default()).expect("reads");
    assert_eq!(ok.report.rows_loaded, 3);
    assert_eq!(ok.frame.series[0].target, vec![-167.5, 1020.0, -12.25]);
}

#[test]
fn title_lines_above_the_header_are_skipped_and_lines_keep_their_numbers() {
    let text = "Rapport des ventes 2024;\r\nMagasin de Lyon;\r\n\r\nDate;Ventes\r\n\
01/01/2024;10\r\n02/01/2024;#VALEUR!\r\n03/01/2024;12\r\n04/01/2024;13\r\n";
    let ok = ingest(text.as_bytes(), &IngestOptions::default()).expect("reads");
    assert!(ok.report.warnings.contains(&IngestWarning::PreambleSkipped { lines: 3 }));
    let names: Vec<&str> = ok.report.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Date", "Ventes"]);
    assert_eq!(ok.report.rows_read, 4);
    // The bad cell is on the file's sixth line.
    assert_eq!(ok.report.rejected.len(), 1);
    assert_eq!(ok.report.rejected[0].line, 6);
    let t = &ok.frame.series[0].target;
    assert!(t.len() == 4 && t[0] == 10.0 && t[1].is_nan() && t[3] == 13.0, "{t:?}");
}

#[test]
fn compact_dates_as_analytics_tools_export_them_are_daily() {
    let text = b"Date,Sessions\n20240301,120\n20240302,98\n20240303,101\n20240304,143\n";
    let ok = ingest(text, &IngestOptions::default()).expect("reads");
    assert_eq!(ok.report.date_format, DateFormat::Compact);
    assert_eq!(ok.frame.freq, Frequency::Daily);
    assert_eq!(ok.frame.series[0].timestamps[3], day(2024, 3, 4));
}

#[test]
fn dates_with_french_month_names_are_daily() {
    let text = "jour;ventes\n30-janv.-2024;3\n31-janv.-2024;4\n01-févr.-2024;5\n02-févr.-2024;6\n";
    let ok = ingest(text.as_bytes(), &IngestOptions::default()).expect("reads");
    assert_eq!(ok.report.date_format, DateFormat::MonthName);
    assert_eq!(ok.frame.freq, Frequency::Daily);
    assert_eq!(ok.frame.series[0].timestamps[2], day(2024, 2, 1));
}

#[test]
fn a_named_column_without_dates_quotes_its_first_filled_cell() {
    let text = "date,store,value\n2024-01-01,,1\n2024-01-02,  NA ,2\n2024-01-03,Lyon,3\n\
2024-01-04,Paris,4\n";
    let opts = IngestOptions { date_col: Some("store".into()), ..Default::default() };
    assert_eq!(
        ingest(text.as_bytes(), &opts).err(),
        Some(prevision_engine::ingest::IngestError::NotADateColumn {
            column: "store".into(),
            example: "Lyon".into()
        })
    );
}

#[test]
fn a_second_date_column_holds_no_invalid_cells() {
    let mut text = String::from("order_date,ship_date,amount\n");
    for d in 1..=20 {
        text.push_str(&format!("2024-01-{d:02},2024-02-{:02},{}\n", d + 3, 100 + d));
    }
    let got = load(&text);
    assert_eq!(got.report.date_column, "order_date");
    let ship = got.report.columns.iter().find(|c| c.name == "ship_date").expect("listed");
    assert_eq!((ship.kind, ship.invalid, ship.missing), (ColumnKind::Date, 0, 0));
    assert!(
        !got.report.warnings.iter().any(|w| matches!(w, IngestWarning::InvalidCells { .. })),
        "{:?}",
        got.report.warnings
    );
    assert_eq!(got.report.target_column, "amount");
}

#[test]
fn a_date_column_mixing_layouts_reads_each_cell_in_its_own() {
    // ISO, day/month/year and day.month.year in turn; days past the 12th settle the order of
    // both the slashed and the dotted cells. Two cells no layout reads keep their lines.
    let mut text = String::from("date,sales\n");
    for i in 0..30 {
        let d = day(2024, 1, 1) + chrono::Duration::days(i);
        let cell = match i % 3 {
            0 => d.format("%Y-%m-%d"),
            1 => d.format("%d/%m/%Y"),
            _ => d.format("%d.%m.%Y"),
        };
        text.push_str(&format!("{cell},{}\n", 100 + i));
        if i == 10 {
            text.push_str("2024-13-45,1\nsoon,2\n");
        }
    }
    let got = load(&text);
    let r = &got.report;
    assert_eq!((r.rows_read, r.rows_loaded, r.rejected_total), (32, 30, 2));
    assert_eq!(r.frequency, Frequency::Daily);
    assert_eq!(r.date_format, DateFormat::Iso);
    assert_eq!((r.start, r.end), (day(2024, 1, 1), day(2024, 1, 30)));
    let s = &got.frame.series[0];
    assert_eq!(s.target, (0..30).map(|i| 100.0 + i as f64).collect::<Vec<_>>());
    let bad: Vec<(usize, &RejectReason)> = r.rejected.iter().map(|x| (x.line, &x.reason)).collect();
    assert_eq!(
        bad,
        [
            (13, &RejectReason::BadDate { value: "2024-13-45".into() }),
            (14, &RejectReason::BadDate { value: "soon".into() })
        ]
    );
    let dotted = DateFormat::DayFirst { sep: '.', with_time: false };
    let slashed = DateFormat::DayFirst { sep: '/', with_time: false };
    assert!(r.warnings.contains(&IngestWarning::MixedDateLayouts {
        column: "date".into(),
        layouts: vec![DateFormat::Iso, slashed, dotted]
    }));
}

#[test]
fn iso_weeks_are_read_as_their_monday() {
    let monday = Frequency::Weekly { anchor: chrono::Weekday::Mon };
    // Week 1 of 2024 starts on 2024-01-01; 2023 has 52 weeks; 2021-W53 does not exist.
    let got = load("week,orders\n2023-W51,1\n2023-W52,2\n2024-W01,3\n2024-W02,4\n2021-W53,5\n");
    assert_eq!(got.report.date_format, DateFormat::IsoWeek { compact: false, with_weekday: false });
    assert_eq!(got.report.frequency, monday);
    assert_eq!((got.report.start, got.report.end), (day(2023, 12, 18), day(2024, 1, 8)));
    assert_eq!(got.frame.series[0].target, vec![1.0, 2.0, 3.0, 4.0]);
    assert_eq!(got.report.rejected[0].line, 6);
    // 2020 has a week 53, which starts on 2020-12-28.
    let got = load("semaine;ventes\n2020W52;1\n2020W53;2\n2021W01;3\n");
    assert_eq!(got.report.date_format, DateFormat::IsoWeek { compact: true, with_weekday: false });
    assert_eq!(got.frame.series[0].timestamps[1], day(2020, 12, 28));
    assert_eq!(got.report.frequency, monday);
    // With the weekday (Monday 1): days.
    let got = load("date,v\n2024-W05-1,1\n2024-W05-2,2\n2024-W05-3,3\n2024-W05-4,4\n");
    assert_eq!(got.report.date_format, DateFormat::IsoWeek { compact: false, with_weekday: true });
    assert_eq!(got.report.frequency, Frequency::Daily);
    assert_eq!(got.report.end, day(2024, 2, 1));
}

#[test]
fn unix_times_in_a_column_named_like_time_are_utc_dates() {
    // 2024-01-01T00:00:00Z is 1704067200 s; a day is 86400 s.
    let mut text = String::from("ts,visits\n");
    for i in 0..10u64 {
        text.push_str(&format!("{},{}\n", 1_704_067_200 + 86_400 * i, 100 + i));
    }
    let got = load(&text);
    assert_eq!(got.report.date_column, "ts");
    assert_eq!(got.report.date_format, DateFormat::EpochSeconds);
    assert_eq!(got.report.frequency, Frequency::Daily);
    assert_eq!((got.report.start, got.report.end), (day(2024, 1, 1), day(2024, 1, 10)));
    assert_eq!(got.report.target_column, "visits");
    // Milliseconds, hourly, in a camel-case name. The sample (64 KiB) decides; a value out of
    // range past it is a bad date on its line.
    let mut text = String::from("eventTimeMs;requests\n");
    for i in 0..4000u64 {
        text.push_str(&format!("{};{}\n", 1_714_521_600_000 + 3_600_000 * i, 200 + i % 24));
        if i == 3900 {
            text.push_str("99;1\n");
        }
    }
    assert!(text.len() > 70_000);
    let got = load(&text);
    assert_eq!(got.report.date_format, DateFormat::EpochMillis);
    assert_eq!(got.report.frequency, Frequency::Minutes { minutes: 60 });
    assert_eq!(got.report.start, day(2024, 5, 1));
    assert_eq!(got.frame.series[0].target.len(), 4000);
    assert_eq!(got.report.rejected[0].line, 3903);
    assert_eq!(got.report.rejected[0].reason, RejectReason::BadDate { value: "99".into() });
}

#[test]
fn integers_stay_numbers_unless_all_are_unix_times_under_a_time_name() {
    // Ten days from 2024-01-01 in Unix seconds, the first one written as `first`.
    let column = |first: &str| {
        let later = (1..10u64).map(|i| (1_704_067_200 + 86_400 * i).to_string());
        std::iter::once(first.to_owned()).chain(later).collect::<Vec<_>>()
    };
    let format_of = |name: &str, first: &str| {
        let mut text = format!("{name},sales\n");
        for (i, t) in column(first).iter().enumerate() {
            text.push_str(&format!("{t},{i}\n"));
        }
        ingest(text.as_bytes(), &IngestOptions::default()).map(|g| g.report.date_format)
    };
    assert_eq!(format_of("created_at", "1704067200"), Ok(DateFormat::EpochSeconds));
    assert_eq!(format_of("UNIX", "1704067200"), Ok(DateFormat::EpochSeconds));
    let no_date = Err(prevision_engine::ingest::IngestError::NoDateColumn);
    assert_eq!(format_of("counts", "1704067200"), no_date);
    assert_eq!(format_of("amounts", "1704067200"), no_date);
    assert_eq!(format_of("ts", "631151999"), no_date, "a second before 1990");
    assert_eq!(format_of("ts", "1704067200.5"), no_date);
    assert_eq!(format_of("ts", "\"1,704,067,200\""), no_date);
    // A column asked for as the date column needs no time-like name.
    let mut text = String::from("amounts,sales\n");
    for (i, t) in column("1704067200").iter().enumerate() {
        text.push_str(&format!("{t},{i}\n"));
    }
    let opts = IngestOptions { date_col: Some("amounts".into()), ..Default::default() };
    let got = ingest(text.as_bytes(), &opts).expect("loads");
    assert_eq!(got.report.date_format, DateFormat::EpochSeconds);
    // Beside a text date column, an epoch column is an ordinary number column.
    let mut text = String::from("day,created_at,sales\n");
    for (i, t) in column("1704067200").iter().enumerate() {
        text.push_str(&format!("2024-01-{:02},{t},{i}\n", i + 1));
    }
    let got = load(&text);
    assert_eq!((got.report.date_column.as_str(), got.report.date_format), ("day", DateFormat::Iso));
    assert_eq!(got.frame.exog[0].name, "created_at");
}

#[test]
fn a_repeated_hour_on_the_night_clocks_go_back_is_named() {
    use prevision_engine::ingest::IngestWarning;
    // Hourly meter readings in local time: 02:00 on Sunday 27 October 2024 comes twice.
    let hourly = |day: u32, repeat: u32| {
        let mut csv = String::from("time,kwh\n");
        for h in 0..72u32 {
            let (d, hh) = (day + h / 24, h % 24);
            let line = format!("2024-10-{d:02} {hh:02}:00,100\n");
            csv.push_str(&line);
            if d == repeat && hh == 2 {
                csv.push_str(&line);
            }
        }
        ingest(csv.as_bytes(), &IngestOptions::default()).expect("loads")
    };
    let autumn = hourly(26, 27);
    let named: Vec<_> = autumn
        .report
        .warnings
        .iter()
        .filter(|w| matches!(w, IngestWarning::ClockChangeRepeat { .. }))
        .collect();
    assert_eq!(named.len(), 1, "{:?}", autumn.report.warnings);
    assert!(matches!(named[0], IngestWarning::ClockChangeRepeat { count: 1, averaged: true, .. }));
    assert_eq!(autumn.report.duplicates_total, 1);
    // The hour lived twice keeps an hour's level (100 kWh), not twice it.
    let at = |got: &prevision_engine::ingest::Ingested, day: u32| {
        let t = chrono::NaiveDate::from_ymd_opt(2024, 10, day)
            .and_then(|d| d.and_hms_opt(2, 0, 0))
            .expect("valid");
        let s = &got.frame.series[0];
        s.target[s.timestamps.iter().position(|&x| x == t).expect("on the grid")]
    };
    assert_eq!(at(&autumn, 27), 100.0);
    assert_eq!(autumn.report.duplicate_policy, DuplicatePolicy::Mean);
    // The user's own choice still wins.
    let summed = {
        let mut csv = String::from("time,kwh\n");
        for h in 0..72u32 {
            let (d, hh) = (26 + h / 24, h % 24);
            let line = format!("2024-10-{d:02} {hh:02}:00,100\n");
            csv.push_str(&line);
            if d == 27 && hh == 2 {
                csv.push_str(&line);
            }
        }
        let opts = IngestOptions { duplicates: Some(DuplicatePolicy::Sum), ..Default::default() };
        ingest(csv.as_bytes(), &opts).expect("loads")
    };
    assert_eq!(at(&summed, 27), 200.0);
    assert!(
        summed
            .report
            .warnings
            .iter()
            .any(|w| matches!(w, IngestWarning::ClockChangeRepeat { averaged: false, .. }))
    );
    // The same line twice on an ordinary Monday is a copy, counted once; two different
    // readings of that hour are a plain duplicate, added up.
    let monday = hourly(12, 14);
    assert_eq!(monday.report.duplicates_total, 0);
    assert_eq!(at(&monday, 14), 100.0);
    assert!(
        monday.report.warnings.contains(&IngestWarning::RepeatedLines { count: 1, first_line: 53 })
    );
    assert!(
        !monday
            .report
            .warnings
            .iter()
            .any(|w| matches!(w, IngestWarning::ClockChangeRepeat { .. }))
    );
    let mut csv = String::from("time,kwh\n");
    for h in 0..72u32 {
        let (d, hh) = (12 + h / 24, h % 24);
        csv.push_str(&format!("2024-10-{d:02} {hh:02}:00,100\n"));
        if d == 14 && hh == 2 {
            csv.push_str(&format!("2024-10-{d:02} {hh:02}:00,120\n"));
        }
    }
    let differing = ingest(csv.as_bytes(), &IngestOptions::default()).expect("loads");
    assert_eq!(differing.report.duplicates_total, 1);
    assert_eq!(at(&differing, 14), 220.0);
}

/// A meter export in the layout of the UCI household power file: dates and times of day in
/// two columns, `?` for a missing reading.
fn meter_export(bad_time_line: Option<usize>) -> String {
    let mut text = String::from("Date;Time;Global_active_power;Voltage\n");
    for h in 0..72 {
        let (d, hh) = (16 + h / 24, h % 24);
        let line = h + 2;
        let time =
            if Some(line) == bad_time_line { "25:99".to_owned() } else { format!("{hh:02}:00:00") };
        let value =
            if h == 30 { "?".to_owned() } else { format!("{}.{:03}", 1 + hh % 3, h * 7 % 1000) };
        text.push_str(&format!("{d}/12/2006;{time};{value};240.1\n"));
    }
    text
}

#[test]
fn a_time_of_day_column_completes_the_dates_into_hourly_timestamps() {
    let got = load(&meter_export(None));
    let r = &got.report;
    // One hourly series, not 24 daily series keyed by the time of day.
    assert_eq!(r.series_count, 1);
    assert!(r.id_columns.is_empty());
    assert_eq!(r.frequency, Frequency::Minutes { minutes: 60 });
    assert_eq!(r.date_format, DateFormat::DayFirst { sep: '/', with_time: true });
    assert_eq!(
        (r.start, r.end),
        (day(2006, 12, 16), day(2006, 12, 18) + chrono::Duration::hours(23))
    );
    assert_eq!((r.rows_read, r.rows_loaded), (72, 72));
    let time = r.columns.iter().find(|c| c.name == "Time").expect("listed");
    assert_eq!(time.role, prevision_engine::ingest::ColumnRole::Date);
    assert!(r.warnings.contains(&IngestWarning::DateAndTimeCombined {
        date: "Date".into(),
        time: "Time".into()
    }));
    let s = &got.frame.series[0];
    assert_eq!(s.timestamps[5], day(2006, 12, 16) + chrono::Duration::hours(5));
    assert_eq!(s.target[5], 3.035);
    assert!(s.target[30].is_nan(), "`?` is a missing reading");
}

#[test]
fn a_bad_time_of_day_rejects_its_line_naming_the_time_column() {
    let got = load(&meter_export(Some(9)));
    let r = &got.report;
    assert_eq!((r.rows_read, r.rows_loaded, r.rejected_total), (72, 71, 1));
    assert_eq!(r.rejected[0].line, 9);
    assert_eq!(r.rejected[0].column.as_deref(), Some("Time"));
    assert_eq!(r.rejected[0].reason, RejectReason::BadTime { value: "25:99".into() });
}

#[test]
fn a_time_column_left_out_or_dates_with_their_own_times_are_not_combined() {
    // Left out by the user: the times no longer count, and the rows of a day are merged.
    let opts = IngestOptions { ignore: vec!["Time".into()], ..IngestOptions::default() };
    let got = ingest(meter_export(None).as_bytes(), &opts).expect("loads");
    assert_eq!(got.report.frequency, Frequency::Daily);
    assert!(
        !got.report.warnings.iter().any(|w| matches!(w, IngestWarning::DateAndTimeCombined { .. }))
    );
    // Dates that carry their own time keep it; a second time column is only an input.
    let text: String = std::iter::once("stamp,shift_start,load\n".to_owned())
        .chain((0..48).map(|h| format!("2024-03-{:02} {:02}:30,08:00,{}\n", 1 + h / 24, h % 24, h)))
        .collect();
    let got = load(&text);
    assert_eq!(got.report.frequency, Frequency::Minutes { minutes: 60 });
    assert_eq!(got.frame.series[0].timestamps[0], day(2024, 3, 1) + chrono::Duration::minutes(30));
    assert!(
        !got.report.warnings.iter().any(|w| matches!(w, IngestWarning::DateAndTimeCombined { .. }))
    );
}

#[test]
fn levels_coded_as_zero_or_letters_are_labels_not_numbers_with_bad_cells() {
    // The state-holiday column of a store file: `0` on ordinary days, `a`, `b`, `c` on
    // holidays. Read as numbers, every holiday became a bad cell and was lost.
    let mut text = String::from("Store,Date,Sales,StateHoliday,Promo\n");
    for i in 0..120 {
        let date = day(2023, 1, 1) + chrono::Duration::days(i);
        let holiday = match i {
            0 => "a",
            30 | 90 => "b",
            59 => "c",
            _ => "0",
        };
        text.push_str(&format!("1,{},{},{holiday},{}\n", date.date(), 4000 + i * 3, i % 2));
    }
    let got = load(&text);
    let col = |name: &str| got.report.columns.iter().find(|c| c.name == name).expect("listed");
    assert_eq!(col("StateHoliday").kind, ColumnKind::Categorical);
    assert_eq!(col("StateHoliday").invalid, 0);
    assert_eq!(col("StateHoliday").distinct, Some(4));
    assert!(!got.report.warnings.iter().any(|w| matches!(w, IngestWarning::InvalidCells { .. })));
    // A number column with one stray word keeps its numbers and names the bad cell.
    let text = text.replacen(",0\n", ",oops\n", 1).replace("StateHoliday", "Holiday");
    let got = load(&text.replace(",a,", ",0,").replace(",b,", ",0,").replace(",c,", ",0,"));
    let promo = got.report.columns.iter().find(|c| c.name == "Promo").expect("listed");
    assert_eq!((promo.kind, promo.invalid), (ColumnKind::Numeric, 1));
}

#[test]
fn an_hour_column_of_whole_hours_completes_the_dates() {
    // Energy-market layout: hours ending 1–24 (hour 1 is 00:00–01:00).
    let mut text = String::from("Date,HE,Load\n");
    for d in 1..=10 {
        for h in 1..=24 {
            text.push_str(&format!("2024-03-{d:02},{h},{}\n", 1000 + h * 10 + d));
        }
    }
    let got = load(&text);
    let r = &got.report;
    assert_eq!((r.series_count, r.frequency), (1, Frequency::Minutes { minutes: 60 }));
    assert_eq!(r.start, day(2024, 3, 1));
    assert_eq!(r.end, day(2024, 3, 10) + chrono::Duration::hours(23));
    assert_eq!(got.frame.series[0].target[..2], [1011.0, 1021.0]);
    assert!(
        r.warnings.contains(&IngestWarning::DateAndTimeCombined {
            date: "Date".into(),
            time: "HE".into()
        })
    );
    // Hours 0–23 in a French export, and a bad hour rejected on its line.
    let mut text = String::from("Date;Heure;Conso\n");
    for d in 1..=5 {
        for h in 0..24 {
            let hour = if d == 2 && h == 5 { "25".to_owned() } else { h.to_string() };
            text.push_str(&format!("{d:02}/03/2024;{hour};{}\n", 500 + h));
        }
    }
    let got = load(&text);
    let r = &got.report;
    assert_eq!((r.series_count, r.frequency), (1, Frequency::Minutes { minutes: 60 }));
    assert_eq!(r.start, day(2024, 3, 1));
    assert_eq!((r.rows_loaded, r.rejected_total), (119, 1));
    assert_eq!(r.rejected[0].line, 2 + 24 + 5);
    assert_eq!(r.rejected[0].reason, RejectReason::BadTime { value: "25".into() });
    // Whole numbers 1–24 under another name are not hours.
    let text = text.replace("Heure", "Magasin").replace(";25;", ";5;");
    let got = load(&text);
    assert_eq!(got.report.frequency, Frequency::Daily);
    assert_eq!(got.report.series_count, 24);
}

#[test]
fn numbers_with_one_decimal_between_1000_and_2999_are_numbers_not_year_and_month() {
    // `1523.4` once scanned as the year 1523, month 4: the value column became dates.
    let text: String = std::iter::once("date,kwh\n".to_owned())
        .chain((0..60).map(|i| {
            let date = day(2024, 1, 1) + chrono::Duration::days(i);
            format!("{},{}.{}\n", date.date(), 1500 + i * 7, i % 9 + 1)
        }))
        .collect();
    let got = load(&text);
    assert_eq!(got.frame.series[0].target[1], 1507.2);
    assert_eq!(got.report.target_column, "kwh");
    assert_eq!(got.report.date_column, "date");
    let kwh = got.report.columns.iter().find(|c| c.name == "kwh").expect("listed");
    assert_eq!(kwh.kind, ColumnKind::Numeric);
}

#[test]
fn hours_written_as_decimals_and_a_written_24_00_complete_the_dates() {
    // `8.0` (a spreadsheet's number format) and `8,0` with decimal commas.
    for (sep, decimal) in [(',', "."), (';', ",")] {
        let mut text = format!("date{sep}hour{sep}load\n");
        for d in 1..=3 {
            for h in 0..24 {
                text.push_str(&format!("2024-04-{d:02}{sep}{h}{decimal}0{sep}{}\n", 900 + h));
            }
        }
        let got = load(&text);
        assert_eq!(got.report.frequency, Frequency::Minutes { minutes: 60 }, "{sep}");
        assert_eq!((got.report.rows_loaded, got.report.rejected_total), (72, 0), "{sep}");
    }
    // Hour-ending times written 01:00 … 24:00: 24:00 is the next midnight, not a bad cell.
    let mut text = String::from("Date;Time;Load\n");
    for d in 1..=3 {
        for h in 1..=24 {
            text.push_str(&format!("{d:02}/04/2024;{h:02}:00;{}\n", 700 + h));
        }
    }
    let got = load(&text);
    let r = &got.report;
    assert_eq!((r.rows_loaded, r.rejected_total, r.gaps_total), (72, 0, 0));
    assert_eq!(r.start, day(2024, 4, 1) + chrono::Duration::hours(1));
    assert_eq!(r.end, day(2024, 4, 4));
}

#[test]
fn a_daily_file_keeps_its_time_and_hour_inputs() {
    // One row per day: a shift's start time and the hours a shop opens are inputs, not times
    // of the readings.
    let mut text = String::from("date,shift_start_time,output,peak_hour\n");
    for i in 0..60 {
        let date = day(2024, 1, 1) + chrono::Duration::days(i);
        let start = if i % 2 == 0 { "06:00" } else { "14:00" };
        text.push_str(&format!("{},{start},{},{}\n", date.date(), 100 + i, 8 + i % 5));
    }
    let got = load(&text);
    let r = &got.report;
    assert_eq!((r.frequency, r.rows_loaded, r.rejected_total), (Frequency::Daily, 60, 0));
    assert!(!r.warnings.iter().any(|w| matches!(w, IngestWarning::DateAndTimeCombined { .. })));
    let role = |name: &str| r.columns.iter().find(|c| c.name == name).expect("listed").role;
    assert_ne!(role("shift_start_time"), prevision_engine::ingest::ColumnRole::Date);
    assert_ne!(role("peak_hour"), prevision_engine::ingest::ColumnRole::Date);
}

/// Ten weeks of daily lines from Monday 2024-01-01; `value(i)` writes day `i`'s cell.
fn daily_lines(header: &str, value: impl Fn(usize) -> String) -> String {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid");
    let mut text = format!("{header}\n");
    for i in 0..70 {
        let d = start + chrono::Days::new(i as u64);
        text.push_str(&format!("{};{}\n", d.format("%d/%m/%Y"), value(i)));
    }
    text
}

#[test]
fn many_rejected_values_leave_gaps_on_the_daily_grid_instead_of_weekly_sums() {
    // Excel wrote `#VALEUR!` on every other day: the days left are two apart, but the dates
    // of the rejected lines show the file is daily.
    let text = daily_lines("Date;Ventes", |i| {
        if i % 2 == 0 { "#VALEUR!".to_owned() } else { (100 + i).to_string() }
    });
    let got = load(&text);
    let r = &got.report;
    assert_eq!(r.frequency, Frequency::Daily);
    assert!(!r.warnings.iter().any(|w| matches!(w, IngestWarning::Resampled { .. })));
    assert_eq!((r.rows_read, r.rows_loaded, r.rejected_total), (70, 35, 35));
    assert_eq!(r.missing_steps_total, 34);
    let s = &got.frame.series[0];
    assert_eq!(s.timestamps.first(), Some(&day(2024, 1, 2)));
    assert_eq!(s.timestamps.len(), 69);
    // Every value is the day's own: no period adds up several days.
    for (k, v) in s.target.iter().enumerate() {
        let i = k + 1;
        if i % 2 == 0 {
            assert!(v.is_nan(), "day {i} was rejected");
        } else {
            assert_eq!(*v, (100 + i) as f64);
        }
    }
}

#[test]
fn a_series_whose_lines_are_all_rejected_is_left_out_and_the_others_keep_their_grid() {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid");
    let mut text = String::from("date,store,sales\n");
    for i in 0..40u64 {
        let d = start + chrono::Days::new(i);
        let a = if i % 3 == 0 { "#REF!".to_owned() } else { (50 + i).to_string() };
        text.push_str(&format!("{d},A,{a}\n{d},B,#REF!\n"));
    }
    // A line with neither a value nor a store is named once.
    text.push_str("2024-02-10,,oops\n");
    let got = load(&text);
    let r = &got.report;
    assert_eq!(r.frequency, Frequency::Daily);
    assert_eq!(got.frame.series.len(), 1);
    assert_eq!(got.frame.series[0].id, "A");
    assert!(!r.warnings.iter().any(|w| matches!(w, IngestWarning::SeriesWithoutTarget { .. })));
    assert_eq!(r.rejected_total, 14 + 40 + 1);
    assert!(r.rejected.iter().filter(|x| x.line == 82).count() == 1);
}

#[test]
fn rejected_lines_do_not_turn_one_accepted_row_into_a_series() {
    let text = "date,value\n2024-01-01,x\n2024-01-02,5\n2024-01-03,y\n";
    assert_eq!(
        ingest(text.as_bytes(), &IngestOptions::default()).err(),
        Some(prevision_engine::ingest::IngestError::SingleRow)
    );
}

#[test]
fn three_decimal_commas_and_dot_thousands_in_a_semicolon_file_keep_their_scale() {
    // kW readings with three decimals: `1,145` alone reads both ways, `0,043` settles it.
    let got = load(
        "Horodate;Puissance\n01/05/2023 00:00;1,145\n01/05/2023 00:15;0,043\n\
01/05/2023 00:30;-0,153\n01/05/2023 00:45;1,413\n01/05/2023 01:00;2,387\n",
    );
    assert_eq!(got.report.decimal, DecimalMark::Comma);
    assert_eq!(got.frame.series[0].target, vec![1.145, 0.043, -0.153, 1.413, 2.387]);
    // Visits written with a dot between thousands, every value four digits: no cell settles
    // the mark, and a semicolon file's is the comma.
    let got = load("Date;Visites\n02/01/2023;5.030\n03/01/2023;5.363\n04/01/2023;912\n");
    assert_eq!(got.report.decimal, DecimalMark::Comma);
    assert_eq!(got.frame.series[0].target, vec![5030.0, 5363.0, 912.0]);
    assert!(
        got.report
            .warnings
            .contains(&IngestWarning::ThousandsSeparator { column: "Visites".into() })
    );
    // A typographic minus (U+2212) is a minus.
    let got = load("Date;Marge\n02/01/2023;\u{2212}3,5\n03/01/2023;2,5\n04/01/2023;\u{2212}0,5\n");
    assert_eq!(got.frame.series[0].target, vec![-3.5, 2.5, -0.5]);
}

#[test]
fn us_monthly_dates_are_read_month_first_because_only_that_fills_a_calendar() {
    // `1/1/2021`, `2/1/2021`…: no part above 12. Read day-first they are January 1–12 of
    // each year, mostly a day apart, but with eleven-month holes; month-first, every month.
    let mut text = String::from("Date,Sales\n");
    for m in 0..36 {
        text.push_str(&format!("{}/1/{},{}\n", m % 12 + 1, 2021 + m / 12, 1000 + 20 * m));
    }
    let got = load(&text);
    assert_eq!(got.report.frequency, Frequency::Monthly);
    assert_eq!(got.report.date_format, DateFormat::MonthFirst { sep: '/', with_time: false });
    assert!(got.report.warnings.iter().any(|w| matches!(
        w,
        IngestWarning::DateOrderFromSpacing {
            chosen: prevision_engine::ingest::DateOrder::MonthFirst,
            ..
        }
    )));
    assert_eq!(got.frame.series[0].timestamps.len(), 36);
    assert_eq!(got.report.missing_steps_total, 0);
}

/// Two sensors reading a room temperature at their own irregular times (3 to 33 minutes
/// apart) for a week, interleaved in time order.
fn two_sensors(header: &str) -> String {
    let mut lines: Vec<(i64, String)> = Vec::new();
    for (s, offset) in [("A1", 0i64), ("B2", 7)] {
        let mut minute = offset;
        let mut k = 0usize;
        while minute < 7 * 24 * 60 {
            minute += 3 + ((k as i64 * 7919 + offset) % 31);
            k += 1;
            let t = day(2024, 1, 1) + chrono::Duration::minutes(minute);
            let v = 20.0 + 3.0 * (minute as f64 / 1440.0 * std::f64::consts::TAU).sin();
            let line = format!("{},{s},{v:.2}", t.format("%Y-%m-%d %H:%M"));
            lines.push((minute, line));
        }
    }
    lines.sort_by_key(|l| l.0);
    let body: Vec<String> = lines.into_iter().map(|l| l.1).collect();
    format!("{header}\n{}\n", body.join("\n"))
}

#[test]
fn sensors_reading_at_their_own_irregular_times_are_separate_series() {
    let got = load(&two_sensors("time,sensor_id,temp_c"));
    let r = &got.report;
    assert_eq!(r.id_columns, vec!["sensor_id".to_string()]);
    assert_eq!(r.frequency, Frequency::Minutes { minutes: 60 });
    let ids: Vec<&str> = got.frame.series.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["A1", "B2"]);
    assert_eq!(r.duplicate_policy, DuplicatePolicy::Mean);
    for s in &got.frame.series {
        assert!(s.target.iter().filter(|v| !v.is_nan()).all(|v| (16.9..=23.1).contains(v)));
    }
    // A label column not named as an id is an input, not a series.
    let got = load(&two_sensors("time,room,temp_c"));
    assert!(got.report.id_columns.is_empty());
}

#[test]
fn shops_opened_lately_beside_an_old_one_are_series_not_added_up() {
    // One shop for 300 days, a second for the last 42, a third for the last 28: most dates
    // have a single row, but the shop column tells apart every repeated date.
    let end = NaiveDate::from_ymd_opt(2024, 6, 30).expect("valid");
    let mut text = String::from("date,store,sales\n");
    for (shop, days) in [("old", 300u64), ("recent", 42), ("newest", 28)] {
        for i in 0..days {
            let d = end - chrono::Days::new(days - 1 - i);
            text.push_str(&format!("{d},{shop},{}\n", 100 + i % 7 * 3));
        }
    }
    let got = load(&text);
    assert_eq!(got.report.id_columns, vec!["store".to_string()]);
    let lengths: Vec<(&str, usize)> =
        got.frame.series.iter().map(|s| (s.id.as_str(), s.observed_len())).collect();
    assert_eq!(lengths, [("old", 300), ("recent", 42), ("newest", 28)]);
    assert_eq!(got.report.duplicates_total, 0);
    // A shop opened three days ago beside one open for sixty: too few repeats to tell by
    // their count, but both shops are there at the end, one label per repeated date.
    let mut text = String::from("Date;Magasin;Ventes\r\n");
    for (shop, days) in [("Lyon", 60u64), ("Neuf", 3)] {
        for i in 0..days {
            let d = end - chrono::Days::new(days - 1 - i);
            text.push_str(&format!("{};{shop};{},5\r\n", d.format("%d/%m/%Y"), 100 + i % 7));
        }
    }
    let got = load(&text);
    assert_eq!(got.report.id_columns, vec!["Magasin".to_string()]);
    let lengths: Vec<(&str, usize)> =
        got.frame.series.iter().map(|s| (s.id.as_str(), s.observed_len())).collect();
    assert_eq!(lengths, [("Lyon", 60), ("Neuf", 3)]);
    assert_eq!(got.report.duplicates_total, 0);
    // The same three lines written twice for the one shop are copies, not a shop, and they
    // are counted once.
    let mut text = String::from("date,store,sales\n");
    for i in 0..60u64 {
        let d = end - chrono::Days::new(59 - i);
        text.push_str(&format!("{d},Lyon,{}\n", 100 + i % 7));
        if i >= 57 {
            text.push_str(&format!("{d},Lyon,{}\n", 100 + i % 7));
        }
    }
    let got = load(&text);
    assert!(got.report.id_columns.is_empty(), "{:?}", got.report.id_columns);
    assert!(
        got.report.warnings.contains(&IngestWarning::RepeatedLines { count: 3, first_line: 60 })
    );
    assert_eq!(got.frame.series[0].target[59], 100.0 + (59 % 7) as f64);
    // A sensor moved from one site to the next with a day of overlap is one series.
    let mut text = String::from("date,site,reading\n");
    for i in 0..200u64 {
        let d = end - chrono::Days::new(199 - i);
        let site = if i < 100 { "north" } else { "south" };
        text.push_str(&format!("{d},{site},{}\n", 20 + i % 5));
        if i == 99 {
            text.push_str(&format!("{d},south,21\n"));
        }
    }
    let got = load(&text);
    assert!(got.report.id_columns.is_empty(), "{:?}", got.report.id_columns);
}

#[test]
fn a_duration_beside_the_dates_stays_a_column_and_is_not_a_time_of_day() {
    // A web-analytics export: pages by day, with the average time spent on each page.
    let mut text = String::from("Page,Date,Pageviews,Avg. Time on Page\n");
    for p in 0..3 {
        for d in 1..=28 {
            let secs = 60 + (p * 7 + d * 13) % 90;
            text.push_str(&format!(
                "/post-{p},202302{d:02},{},00:{:02}:{:02}\n",
                10 + d + p,
                secs / 60,
                secs % 60
            ));
        }
    }
    let got = load(&text);
    assert_eq!(got.report.frequency, Frequency::Daily);
    assert_eq!(got.frame.series.len(), 3);
    assert!(
        !got.report.warnings.iter().any(|w| matches!(w, IngestWarning::DateAndTimeCombined { .. }))
    );
    // The same durations under a bare `Time` header: none reaches an hour, so they are no
    // times of day either.
    let got = load(&text.replacen("Avg. Time on Page", "Time", 1));
    assert_eq!(got.report.frequency, Frequency::Daily);
    assert_eq!(got.frame.series.len(), 3);
}

#[test]
fn a_mistyped_year_at_either_end_is_rejected_on_its_line_not_filled_for_years() {
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).expect("valid");
    let mut text = String::from("date,sales\n");
    for i in 0..200u64 {
        let d = start + chrono::Days::new(i);
        let written = match i {
            60 => "1923-03-02".to_owned(),
            150 => "2203-05-31".to_owned(),
            _ => d.to_string(),
        };
        text.push_str(&format!("{written},{}\n", 100 + i % 7));
    }
    let got = load(&text);
    let r = &got.report;
    assert_eq!(r.frequency, Frequency::Daily);
    assert_eq!((r.start, r.end), (day(2023, 1, 1), day(2023, 7, 19)));
    assert_eq!((r.rows_read, r.rows_loaded, r.rejected_total), (200, 198, 2));
    let far: Vec<(usize, RejectReason)> =
        r.rejected.iter().map(|x| (x.line, x.reason.clone())).collect();
    assert_eq!(
        far,
        vec![
            (62, RejectReason::FarFromOthers { timestamp: day(1923, 3, 2) }),
            (152, RejectReason::FarFromOthers { timestamp: day(2203, 5, 31) }),
        ]
    );
    assert_eq!(r.missing_steps_total, 2);
    // A series of a few rows keeps them all: too few to tell a typo from the data.
    let got = load("date,sales\n2023-01-01,1\n2023-01-02,2\n2023-01-03,3\n2033-01-04,4\n");
    assert_eq!(got.report.rejected_total, 0);
}

/// Ticket lines at irregular times over 90 days, 3 to 8 a day, the average basket rising from
/// 10 to 55 (independent amounts around a trend), with a cashier code on each line.
fn rising_tickets() -> String {
    let mut text = String::from("when,Cashier ID,amount\n");
    let mut k = 3u64;
    for d in 0..90u64 {
        let date = NaiveDate::from_ymd_opt(2023, 1, 2).expect("valid") + chrono::Days::new(d);
        k = k.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let tickets = 3 + (k >> 61);
        for t in 0..tickets {
            k = k.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let basket = 10.0 + 45.0 * d as f64 / 89.0;
            let amount = basket * (0.3 + 1.4 * (k >> 11) as f64 / (1u64 << 53) as f64);
            let minute = 9 * 60 + t * 90 + (k >> 58);
            let cashier = ["C1", "C2", "C3"][((k >> 20) % 3) as usize];
            text.push_str(&format!(
                "{date} {:02}:{:02},{cashier},{amount:.2}\n",
                minute / 60,
                minute % 60
            ));
        }
    }
    text
}

#[test]
fn rising_ticket_amounts_are_still_added_up_and_a_cashier_code_makes_no_series() {
    let got = load(&rising_tickets());
    assert_eq!(got.report.frequency, Frequency::Daily);
    assert_eq!(got.report.duplicate_policy, DuplicatePolicy::Sum);
    assert_eq!(got.frame.series.len(), 1);
}

#[test]
fn a_mistyped_year_in_an_irregular_file_is_rejected_before_the_grid_is_chosen() {
    let mut text = rising_tickets();
    let lines = text.lines().count() - 1;
    text.push_str("2033-03-30 14:37,C1,22.50\n");
    let got = load(&text);
    let r = &got.report;
    assert_eq!(r.frequency, Frequency::Daily);
    assert_eq!((r.rows_loaded, r.rejected_total), (lines, 1));
    assert!(matches!(r.rejected[0].reason, RejectReason::FarFromOthers { .. }));
}

#[test]
fn a_logger_from_midnight_reading_every_second_keeps_its_times_of_day() {
    // Its first 2,000 lines all fall before 01:00, but the times go forward line after line.
    let mut text = String::from("Date,Time,Temperature\n");
    for s in 0..3 * 3600u32 {
        text.push_str(&format!(
            "04/03/2024,{:02}:{:02}:{:02},{:.2}\n",
            s / 3600,
            s / 60 % 60,
            s % 60,
            20.0 + f64::from(s % 97) / 100.0
        ));
    }
    let got = load(&text);
    assert!(
        got.report.warnings.iter().any(|w| matches!(w, IngestWarning::DateAndTimeCombined { .. }))
    );
    assert_eq!(got.report.start, day(2024, 3, 4));
    assert!(got.report.end > got.report.start);
}

/// A monthly column of `n` months from January of `year`, each cell written by `cell`.
fn monthly(header: &str, year: i32, n: usize, cell: impl Fn(i32, u32) -> String) -> String {
    let mut text = format!("{header},value\n");
    for i in 0..n {
        let (y, m) = (year + (i / 12) as i32, (i % 12) as u32 + 1);
        text.push_str(&format!("{},{}\n", cell(y, m), 100 + 3 * i + (i % 12) * 7));
    }
    text
}

#[test]
fn year_and_month_columns_without_a_separator_around_an_m_or_named_excel_style_are_monthly() {
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let cases: [(String, DateFormat, i32); 5] = [
        // A `period` column of 201501…: read before as Excel day numbers, daily, in 2451.
        (
            monthly("period", 2015, 48, |y, m| format!("{y}{m:02}")),
            DateFormat::CompactYearMonth,
            2015,
        ),
        (
            monthly("period", 2015, 48, |y, m| format!("{y}M{m:02}")),
            DateFormat::YearMonth { sep: 'M' },
            2015,
        ),
        // Excel's mmm-yy, as the airline passengers are often shared (Oct has a T, not a quarter).
        (
            monthly("Month", 1949, 144, |y, m| {
                format!("{}-{:02}", MONTHS[m as usize - 1], y % 100)
            }),
            DateFormat::MonthName,
            1949,
        ),
        (
            monthly("Month", 2015, 72, |y, m| format!("{}-{:02}", MONTHS[m as usize - 1], y % 100)),
            DateFormat::MonthName,
            2015,
        ),
        (
            monthly("Month", 2015, 48, |y, m| format!("{y}-{}", MONTHS[m as usize - 1])),
            DateFormat::MonthName,
            2015,
        ),
    ];
    for (text, format, first_year) in cases {
        let got = ingest(text.as_bytes(), &IngestOptions::default()).expect("loads");
        let r = &got.report;
        assert_eq!(r.date_format, format, "{}", &text[..40]);
        assert_eq!(r.frequency, Frequency::Monthly, "{}", &text[..40]);
        assert_eq!(r.rejected_total, 0, "{:?}", r.rejected);
        assert_eq!(r.start, day(first_year, 1, 1));
    }
}
