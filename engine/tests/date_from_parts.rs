//! Dates split across columns (`year;month;sales`, `Année;Mois;Ventes` with month names,
//! `annee,mois,jour,ventes`, `an;trimestre;ventes`): each row's date is built from its year,
//! month (or quarter) and day, instead of the month being read as a series id.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use prevision_engine::frame::Frequency;
use prevision_engine::ingest::{
    ColumnRole, DateFormat, IngestOptions, IngestWarning, Ingested, RejectReason, ingest,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("valid date")
}

fn load(text: &str) -> Ingested {
    ingest(text.as_bytes(), &IngestOptions::default()).expect("loads")
}

/// The warning for dates built from `year`, `month` and maybe `day` columns.
fn from_parts(year: &str, month: &str, day: Option<&str>) -> IngestWarning {
    IngestWarning::DateFromParts {
        year: year.into(),
        month: month.into(),
        day: day.map(Into::into),
        quarters: false,
        weeks: false,
    }
}

/// Checks the file read as one series of `freq` from `first` to `last`, holding `values` in
/// order, its dates built as `warning` says, the date columns given the date role.
fn check(
    got: &Ingested,
    freq: Frequency,
    first: NaiveDateTime,
    last: NaiveDateTime,
    values: &[f64],
    warning: &IngestWarning,
) {
    let r = &got.report;
    assert_eq!(r.series_count, 1, "one series, not one per month");
    assert!(r.id_columns.is_empty());
    assert_eq!(r.frequency, freq);
    let s = &got.frame.series[0];
    assert_eq!((s.timestamps.first(), s.timestamps.last()), (Some(&first), Some(&last)));
    assert_eq!(s.target, values);
    assert!(r.warnings.contains(warning), "{:?}", r.warnings);
    let IngestWarning::DateFromParts { year, month, day, .. } = warning else { unreachable!() };
    assert_eq!(&r.date_column, year);
    for name in std::iter::once(year).chain([month]).chain(day) {
        let c = r.columns.iter().find(|c| c.name == *name).expect("listed");
        assert_eq!(c.role, ColumnRole::Date, "{name}");
    }
    assert!(got.frame.exog.is_empty(), "the date parts are not inputs");
}

/// `year<sep>month<sep>sales` for 2021–2022, the month written by `month`, sales 100, 101…
fn monthly(header: &str, sep: char, month: impl Fn(u32) -> String) -> (String, Vec<f64>) {
    let mut text = format!("{header}\n");
    let mut values = Vec::new();
    for (i, (y, m)) in (2021..=2022).flat_map(|y| (1..=12).map(move |m| (y, m))).enumerate() {
        text.push_str(&format!("{y}{sep}{}{sep}{}\n", month(m), 100 + i));
        values.push(100.0 + i as f64);
    }
    (text, values)
}

#[test]
fn a_year_and_a_month_number_make_one_monthly_series() {
    let (text, values) = monthly("year;month;sales", ';', |m| m.to_string());
    let got = load(&text);
    let warning = from_parts("year", "month", None);
    check(&got, Frequency::Monthly, day(2021, 1, 1), day(2022, 12, 1), &values, &warning);
    assert_eq!(got.report.target_column, "sales");
    assert_eq!(got.report.date_format, DateFormat::YearMonth { sep: '-' });
    assert_eq!(got.report.rejected_total, 0);
}

#[test]
fn french_month_names_with_accents_make_one_monthly_series() {
    let names = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let (text, values) = monthly("Année;Mois;Ventes", ';', |m| names[m as usize - 1].to_owned());
    let warning = from_parts("Année", "Mois", None);
    check(&load(&text), Frequency::Monthly, day(2021, 1, 1), day(2022, 12, 1), &values, &warning);
    // Abbreviated, capitalised or without accents, and in Windows-1252 as French Excel saves.
    let short = [
        "Janv.", "FÉVR.", "mars", "avr.", "mai", "juin", "juil.", "aout", "sept.", "oct.", "nov.",
        "dec.",
    ];
    let (text, values) = monthly("Année;Mois;Ventes", ';', |m| short[m as usize - 1].to_owned());
    let latin1: Vec<u8> =
        text.chars().map(|c| u8::try_from(u32::from(c)).expect("Latin-1")).collect();
    let got = ingest(&latin1, &IngestOptions::default()).expect("loads");
    check(&got, Frequency::Monthly, day(2021, 1, 1), day(2022, 12, 1), &values, &warning);
}

#[test]
fn english_month_abbreviations_make_one_monthly_series() {
    let names =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (text, values) = monthly("Year,Month,Revenue", ',', |m| names[m as usize - 1].to_owned());
    let warning = from_parts("Year", "Month", None);
    check(&load(&text), Frequency::Monthly, day(2021, 1, 1), day(2022, 12, 1), &values, &warning);
    // Month names tell the month column whatever its header.
    let text = text.replace("Year,Month,", "Year,Period,");
    let warning = from_parts("Year", "Period", None);
    check(&load(&text), Frequency::Monthly, day(2021, 1, 1), day(2022, 12, 1), &values, &warning);
}

/// `annee,mois,jour,ventes` from 2021-01-01 for `days` days, sales 10, 11…; `extra` is a line
/// added after the first `after` rows.
fn daily(days: i64, extra: Option<(usize, &str)>) -> (String, Vec<f64>) {
    let mut text = String::from("annee,mois,jour,ventes\n");
    let mut values = Vec::new();
    for i in 0..days {
        if let Some((after, line)) = extra
            && after == i as usize
        {
            text.push_str(line);
        }
        let d = day(2021, 1, 1) + Duration::days(i);
        text.push_str(&format!("{},{},{},{}\n", d.year(), d.month(), d.day(), 10 + i));
        values.push(10.0 + i as f64);
    }
    (text, values)
}

#[test]
fn a_year_a_month_and_a_day_make_one_daily_series() {
    let (text, values) = daily(120, None);
    let warning = from_parts("annee", "mois", Some("jour"));
    let got = load(&text);
    check(&got, Frequency::Daily, day(2021, 1, 1), day(2021, 4, 30), &values, &warning);
    assert_eq!(got.report.date_format, DateFormat::Iso);
}

#[test]
fn april_31st_rejects_its_line_naming_the_day_column() {
    // Line 2 is January 1st: the 31st of April comes after the 30th (row 119, line 121).
    let (text, values) = daily(150, Some((120, "2021,4,31,999\n")));
    let got = load(&text);
    let r = &got.report;
    assert_eq!(r.rejected_total, 1);
    assert_eq!(r.rejected[0].line, 122);
    assert_eq!(r.rejected[0].column.as_deref(), Some("jour"));
    assert_eq!(r.rejected[0].reason, RejectReason::BadDate { value: "2021-04-31".into() });
    let warning = from_parts("annee", "mois", Some("jour"));
    check(&got, Frequency::Daily, day(2021, 1, 1), day(2021, 5, 30), &values, &warning);
}

#[test]
fn month_13_and_an_unreadable_month_reject_their_lines_naming_the_month_column() {
    let (text, _) = monthly("year;month;sales", ';', |m| m.to_string());
    // Lines 5 and 9 (April and August 2021) spoilt.
    let text = text.replace("2021;4;103", "2021;13;103").replace("2021;8;107", "2021;huit;107");
    let got = load(&text);
    let r = &got.report;
    assert_eq!(r.rejected_total, 2);
    assert_eq!((r.rejected[0].line, r.rejected[1].line), (5, 9));
    assert!(r.rejected.iter().all(|x| x.column.as_deref() == Some("month")));
    assert_eq!(r.rejected[0].reason, RejectReason::BadDate { value: "13".into() });
    assert_eq!(r.rejected[1].reason, RejectReason::BadDate { value: "huit".into() });
    let s = &got.frame.series[0];
    assert_eq!(got.report.series_count, 1);
    assert_eq!(s.timestamps.len(), 24, "the two months are gaps on the monthly grid");
    assert!(s.target[3].is_nan() && s.target[7].is_nan());
}

#[test]
fn a_year_and_an_iso_week_make_one_weekly_series_on_mondays() {
    // 2020 has a week 53; 2021 does not, so its "53" is a bad date, named.
    let mut text = String::from("Année;Semaine;Ventes\n");
    for y in 2020..=2021 {
        for w in 1..=53 {
            text.push_str(&format!("{y};{w};{}\n", 100 + w % 4));
        }
    }
    let got = load(&text);
    let r = &got.report;
    assert_eq!(r.frequency, Frequency::Weekly { anchor: chrono::Weekday::Mon });
    // 2020-W01 starts on Monday 30 December 2019; 2021-W52 on 27 December 2021.
    assert_eq!((r.start, r.end), (day(2019, 12, 30), day(2021, 12, 27)));
    assert_eq!(got.frame.series[0].observed_len(), 105);
    assert!(r.warnings.contains(&IngestWarning::DateFromParts {
        year: "Année".into(),
        month: "Semaine".into(),
        day: None,
        quarters: false,
        weeks: true,
    }));
    assert_eq!(r.rejected_total, 1);
    assert_eq!(r.rejected[0].line, 107);
    assert_eq!(r.rejected[0].column.as_deref(), Some("Semaine"));
    // Before, the weeks were ignored: 106 rows became two yearly sums.
    assert_eq!(r.series_count, 1);
    // A day-of-week column is not a week number.
    let mut text = String::from("year,day_of_week,sales\n");
    for y in 2000..=2030 {
        text.push_str(&format!("{y},{},{}\n", y % 7 + 1, y - 1900));
    }
    assert!(
        !load(&text)
            .report
            .warnings
            .iter()
            .any(|w| matches!(w, IngestWarning::DateFromParts { .. }))
    );
}

#[test]
fn a_year_and_a_quarter_make_one_quarterly_series() {
    let mut text = String::from("an;trimestre;ventes\n");
    for (i, (y, q)) in (2020..=2022).flat_map(|y| (1..=4).map(move |q| (y, q))).enumerate() {
        text.push_str(&format!("{y};T{q};{}\n", 50 + i));
    }
    let got = load(&text);
    let r = &got.report;
    assert_eq!((r.series_count, r.frequency), (1, Frequency::Quarterly));
    assert_eq!((r.start, r.end), (day(2020, 1, 1), day(2022, 10, 1)));
    assert_eq!(r.date_format, DateFormat::YearQuarter);
    assert!(r.warnings.contains(&IngestWarning::DateFromParts {
        year: "an".into(),
        month: "trimestre".into(),
        day: None,
        quarters: true,
        weeks: false,
    }));
}

#[test]
fn a_long_file_with_its_dates_in_parts_keeps_its_series_ids() {
    let mut text = String::from("year,month,store,sales\n");
    for (y, m) in (2021..=2022).flat_map(|y| (1..=12).map(move |m| (y, m))) {
        for store in ["Lyon", "Paris"] {
            text.push_str(&format!("{y},{m},{store},{}\n", m * 10));
        }
    }
    let r = load(&text).report;
    assert_eq!(r.id_columns, vec!["store"]);
    assert_eq!((r.series_count, r.frequency), (2, Frequency::Monthly));
    assert_eq!((r.start, r.end), (day(2021, 1, 1), day(2022, 12, 1)));
}

#[test]
fn a_year_month_or_day_column_named_as_the_dates_keeps_the_others() {
    // The roles editor sends the first column of role Date back as the date column.
    let (text, values) = monthly("year;month;sales", ';', |m| m.to_string());
    let opts = IngestOptions { date_col: Some("year".into()), ..IngestOptions::default() };
    let got = ingest(text.as_bytes(), &opts).expect("loads");
    let warning = from_parts("year", "month", None);
    check(&got, Frequency::Monthly, day(2021, 1, 1), day(2022, 12, 1), &values, &warning);
    // Written day first, the first column of role Date is the day.
    let (text, values) = daily(90, None);
    let mut swapped = String::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split(',').collect();
        swapped.push_str(&format!("{},{},{},{}\n", f[2], f[1], f[0], f[3]));
    }
    for named in ["jour", "mois"] {
        let opts = IngestOptions { date_col: Some(named.into()), ..IngestOptions::default() };
        let got = ingest(swapped.as_bytes(), &opts).expect("loads");
        let warning = from_parts("annee", "mois", Some("jour"));
        check(&got, Frequency::Daily, day(2021, 1, 1), day(2021, 3, 31), &values, &warning);
    }
}

#[test]
fn a_date_column_beside_year_and_month_columns_is_still_the_date() {
    let mut text = String::from("date,year,month,sales\n");
    for i in 0..60 {
        let d = day(2021, 1, 1) + Duration::days(i);
        text.push_str(&format!("{},{},{},{}\n", d.format("%Y-%m-%d"), d.year(), d.month(), i));
    }
    let r = load(&text).report;
    assert_eq!(r.date_column, "date");
    assert_eq!(r.date_format, DateFormat::Iso);
    assert_eq!((r.series_count, r.frequency), (1, Frequency::Daily));
    assert!(!r.warnings.iter().any(|w| matches!(w, IngestWarning::DateFromParts { .. })));
    for name in ["year", "month"] {
        let c = r.columns.iter().find(|c| c.name == name).expect("listed");
        assert_ne!(c.role, ColumnRole::Date, "{name}");
    }
}

#[test]
fn a_year_alone_is_still_a_yearly_date() {
    let mut text = String::from("year,sales\n");
    for y in 2000..2020 {
        text.push_str(&format!("{y},{}\n", y - 1990));
    }
    let r = load(&text).report;
    assert_eq!((r.date_format, r.frequency), (DateFormat::Year, Frequency::Yearly));
    assert!(!r.warnings.iter().any(|w| matches!(w, IngestWarning::DateFromParts { .. })));
}
