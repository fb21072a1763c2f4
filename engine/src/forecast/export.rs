//! The forecast as a CSV file written in the user's own convention: the delimiter, decimal
//! mark and date order their file used, so it opens in their spreadsheet as it is.
//!
//! The text starts with a UTF-8 byte-order mark, always: Excel on Windows decodes a CSV without
//! one in the system's code page, so `Résultat` (or a series named `Zürich`) would show as
//! `RÃ©sultat`, and that holds whatever the delimiter and decimal mark. Tools that do not expect
//! it read it with `utf-8-sig` (Python, pandas) or `fileEncoding = "UTF-8-BOM"` (R); Prevision's
//! own ingest strips it.
//!
//! Numbers are rounded to a fixed number of decimals per series, trailing zeros kept, with no
//! thousands separator; a missing value is an empty field. The decimals keep five significant
//! digits of the series' scale (its largest forecast or interval bound) and never fewer than
//! two: two more digits than the app's forecast table shows ([`crate::stats::display_decimals`]),
//! so `28,796933333333328` next to bounds in the thousands is written `28,80`, while a series
//! in the billionths keeps its digits (`0,0000000031989`).

use std::fmt::Write as _;

use chrono::NaiveDateTime;

use super::report::ForecastReport;
use crate::frame::Frequency;
use crate::ingest::{DateFormat, DecimalMark, QualityReport};

/// How the CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvStyle {
    /// Field delimiter.
    pub delimiter: char,
    /// Decimal mark of numbers.
    pub decimal: DecimalMark,
    /// How dates are written.
    pub dates: DateFormat,
}

impl CsvStyle {
    /// The convention of the file a report was read from.
    pub fn of(report: &QualityReport) -> Self {
        // A comma decimal with a comma delimiter cannot be read back: fall back to `;`.
        let delimiter = if report.decimal == DecimalMark::Comma && report.delimiter == ',' {
            ';'
        } else {
            report.delimiter
        };
        CsvStyle { delimiter, decimal: report.decimal, dates: report.date_format }
    }
}

impl Default for CsvStyle {
    fn default() -> Self {
        CsvStyle { delimiter: ',', decimal: DecimalMark::Dot, dates: DateFormat::Iso }
    }
}

fn date(t: NaiveDateTime, freq: Frequency, style: DateFormat) -> String {
    let sub_daily = matches!(freq, Frequency::Minutes { .. });
    let (pattern, time) = match style {
        // Timestamps are UTC when read from Unix times.
        DateFormat::EpochSeconds => return t.and_utc().timestamp().to_string(),
        DateFormat::EpochMillis => return t.and_utc().timestamp_millis().to_string(),
        DateFormat::DayFirst { sep, with_time } => {
            (format!("%d{sep}%m{sep}%Y"), with_time || sub_daily)
        }
        DateFormat::MonthFirst { sep, with_time } => {
            (format!("%m{sep}%d{sep}%Y"), with_time || sub_daily)
        }
        DateFormat::YearFirst { sep, with_time } => {
            (format!("%Y{sep}%m{sep}%d"), with_time || sub_daily)
        }
        // The ISO week-numbering year (`%G`), which differs from the calendar year around
        // January 1st (2024-12-30 is in 2025-W01).
        DateFormat::IsoWeek { compact: false, with_weekday } => {
            (if with_weekday { "%G-W%V-%u" } else { "%G-W%V" }.to_owned(), false)
        }
        DateFormat::IsoWeek { compact: true, with_weekday } => {
            (if with_weekday { "%GW%V%u" } else { "%GW%V" }.to_owned(), false)
        }
        _ => ("%Y-%m-%d".to_owned(), sub_daily),
    };
    let pattern = if time { format!("{pattern} %H:%M") } else { pattern };
    t.format(&pattern).to_string()
}

/// The UTF-8 byte-order mark every export starts with.
pub const BOM: char = '\u{feff}';

/// Decimals that keep five significant digits of values of magnitude `scale`, and at least
/// two: [`crate::stats::display_decimals`]`(scale, 0) + 2`, without its cap of 15 decimals so
/// that even a series in the 1e-20 keeps its digits.
fn decimals(scale: f64) -> usize {
    let scale = scale.abs();
    if !scale.is_finite() || scale == 0.0 {
        return 2;
    }
    let magnitude = scale.log10().floor() as i64;
    (4 - magnitude).max(2) as usize
}

fn number(x: f64, decimals: usize, decimal: DecimalMark) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let mut s = format!("{x:.decimals$}");
    // A small negative value that rounds to zero is written `0.00`, not `-0.00`.
    if s.starts_with('-') && s.bytes().all(|b| matches!(b, b'-' | b'0' | b'.')) {
        s.remove(0);
    }
    match decimal {
        DecimalMark::Comma => s.replace('.', ","),
        _ => s,
    }
}

fn field(text: &str, delimiter: char) -> String {
    if text.contains([delimiter, '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The forecast of every series: `series, date, forecast, lower_80, upper_80, …` (the series
/// column only when there are several), after a UTF-8 [`BOM`], with numbers rounded as the
/// module says. The series too new to compare models on come last, with their forecast by a
/// rule and empty bounds ([`ForecastReport::new_series`]).
pub fn forecast_csv(report: &ForecastReport, style: CsvStyle) -> String {
    let d = style.delimiter;
    let several = report.forecasts.len() + report.new_series.len() > 1;
    let levels: Vec<f64> = report
        .forecasts
        .first()
        .map(|f| f.bands.iter().map(|b| b.level).collect())
        .unwrap_or_default();
    let mut header: Vec<String> = Vec::new();
    if several {
        header.push("series".into());
    }
    header.push("date".into());
    header.push(field(&report.target_name, d));
    for l in &levels {
        let pct = (l * 100.0).round();
        header.push(format!("lower_{pct}"));
        header.push(format!("upper_{pct}"));
    }
    let mut out = String::from(BOM);
    out.push_str(&header.join(&d.to_string()));
    out.push_str("\r\n");
    for f in &report.forecasts {
        let scale = f
            .point
            .iter()
            .chain(f.bands.iter().flat_map(|b| b.lower.iter().chain(&b.upper)))
            .filter(|v| v.is_finite())
            .fold(0.0_f64, |m, v| m.max(v.abs()));
        let places = decimals(scale);
        let number =
            |x: Option<&f64>| number(x.copied().unwrap_or(f64::NAN), places, style.decimal);
        for (k, t) in f.timestamps.iter().enumerate() {
            let mut row: Vec<String> = Vec::new();
            if several {
                row.push(field(&f.series, d));
            }
            row.push(date(*t, report.frequency, style.dates));
            row.push(number(f.point.get(k)));
            for b in &f.bands {
                row.push(number(b.lower.get(k)));
                row.push(number(b.upper.get(k)));
            }
            let _ = write!(out, "{}\r\n", row.join(&d.to_string()));
        }
    }
    for f in &report.new_series {
        let scale = f.point.iter().filter(|v| v.is_finite()).fold(0.0_f64, |m, v| m.max(v.abs()));
        let places = decimals(scale);
        for (t, p) in f.timestamps.iter().zip(&f.point) {
            let mut row: Vec<String> = Vec::new();
            if several {
                row.push(field(&f.series, d));
            }
            row.push(date(*t, report.frequency, style.dates));
            row.push(number(*p, places, style.decimal));
            row.extend(levels.iter().flat_map(|_| [String::new(), String::new()]));
            let _ = write!(out, "{}\r\n", row.join(&d.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, ingest};
    use crate::spec::{ForecastSpec, ModelSpec};

    fn french_report() -> (ForecastReport, QualityReport) {
        let mut csv = String::from("Date;Ventes\r\n");
        for day in 0..60 {
            let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
                + chrono::Duration::days(day);
            let _ = write!(csv, "{};{},5\r\n", d.format("%d/%m/%Y"), 100 + (day % 7) * 10);
        }
        let ingested = ingest(csv.as_bytes(), &IngestOptions::default()).expect("reads");
        let spec = ForecastSpec {
            models: vec![ModelSpec::Naive, ModelSpec::SeasonalNaive],
            ..ForecastSpec::default()
        };
        let run = crate::forecast::run(&ingested.frame, &spec, &mut ()).expect("runs");
        (run.report, ingested.report)
    }

    #[test]
    fn a_french_file_gets_a_french_forecast_file_that_reads_back() {
        let (report, quality) = french_report();
        let text = forecast_csv(&report, CsvStyle::of(&quality));
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("\u{feff}date;Ventes;lower_80;upper_80;lower_95;upper_95"));
        let first: Vec<&str> = lines.next().expect("a row").split(';').collect();
        assert_eq!(first[0], "01/03/2024");
        assert!(first[1].contains(','), "decimal comma in {first:?}");
        assert_eq!(text.lines().count(), 1 + report.spec.horizon);
        // The file reads back through ingest (the BOM stripped) with the same values, rounded
        // to the two decimals of a series in the hundreds.
        let back = ingest(text.as_bytes(), &IngestOptions::default()).expect("reads back");
        assert_eq!(back.frame.target_name, "Ventes");
        let s = &back.frame.series[0];
        assert_eq!(s.target.len(), report.spec.horizon);
        for (a, b) in s.target.iter().zip(&report.forecasts[0].point) {
            assert!((a - (b * 100.0).round() / 100.0).abs() < 1e-9, "{a} vs {b}");
        }
    }

    #[test]
    fn a_new_store_comes_last_with_its_rule_forecast_and_empty_bounds() {
        let mut csv = String::from("Date;Magasin;Ventes\r\n");
        for (store, days) in [("Lyon", 60), ("Neuf", 3)] {
            for day in 60 - days..60 {
                let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
                    + chrono::Duration::days(day);
                let _ = write!(csv, "{};{store};{},5\r\n", d.format("%d/%m/%Y"), 100 + day % 7);
            }
        }
        let ingested = ingest(csv.as_bytes(), &IngestOptions::default()).expect("reads");
        let spec = ForecastSpec { models: vec![ModelSpec::Naive], ..ForecastSpec::default() };
        let report = crate::forecast::run(&ingested.frame, &spec, &mut ()).expect("runs").report;
        assert_eq!(report.series, ["Lyon"]);
        let text = forecast_csv(&report, CsvStyle::of(&ingested.report));
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("\u{feff}series;date;Ventes;lower_80"), "{}", lines[0]);
        assert_eq!(lines.len(), 1 + 2 * report.spec.horizon);
        assert!(lines[1].starts_with("Lyon;01/03/2024;"), "{}", lines[1]);
        // The mean of 101,5 102,5 103,5, then four empty bounds.
        let new = lines[1 + report.spec.horizon];
        assert_eq!(new, "Neuf;01/03/2024;102,50;;;;");
        // It reads back as two stores of the same dates.
        let back = ingest(text.as_bytes(), &IngestOptions::default()).expect("reads back");
        assert_eq!(back.frame.series.len(), 2);
    }

    /// The number fields of the data rows of `text` (after the date column).
    fn numbers(text: &str, delimiter: char) -> Vec<String> {
        text.lines()
            .skip(1)
            .flat_map(|l| l.split(delimiter).skip(1).map(str::to_owned).collect::<Vec<_>>())
            .collect()
    }

    #[test]
    fn the_file_starts_with_a_utf8_bom_so_excel_reads_accents() {
        let (mut report, quality) = french_report();
        report.target_name = "Résultat".into();
        let bytes = forecast_csv(&report, CsvStyle::of(&quality)).into_bytes();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
        assert!(bytes[3..].starts_with("date;Résultat;".as_bytes()));
        // Once only, and in the other conventions too.
        assert_ne!(&bytes[3..6], b"\xEF\xBB\xBF");
        let text = forecast_csv(&report, CsvStyle::default());
        assert!(text.starts_with("\u{feff}date,Résultat,lower_80"), "{text}");
    }

    #[test]
    fn numbers_keep_five_significant_digits_of_the_series_not_seventeen() {
        let (mut report, quality) = french_report();
        // The user's review: a point near zero between bounds in the thousands.
        let f = &mut report.forecasts[0];
        f.point[0] = 28.796933333333328;
        f.bands[0].lower[0] = -1665.6312697916667;
        f.bands[0].upper[0] = 1723.2251364583333;
        f.point[1] = -0.001;
        let text = forecast_csv(&report, CsvStyle::of(&quality));
        let row: Vec<&str> = text.lines().nth(1).expect("a row").split(';').collect();
        assert_eq!(row[1..4], ["28,80", "-1665,63", "1723,23"]);
        let row: Vec<&str> = text.lines().nth(2).expect("a row").split(';').collect();
        assert_eq!(row[1], "0,00", "no negative zero");
        // Every number has exactly two decimals, trailing zeros kept.
        let all = numbers(&text, ';');
        assert_eq!(all.len(), report.spec.horizon * 5);
        for n in &all {
            let (_, frac) = n.split_once(',').unwrap_or((n, ""));
            assert_eq!(frac.len(), 2, "{n}");
        }
        // With a dot too.
        let text = forecast_csv(&report, CsvStyle::default());
        assert!(text.lines().nth(1).is_some_and(|l| l.contains(",28.80,-1665.63,1723.23,")));
    }

    #[test]
    fn a_tiny_series_keeps_its_significant_digits_and_reads_back_rounded() {
        let (mut report, quality) = french_report();
        let f = &mut report.forecasts[0];
        for v in f
            .point
            .iter_mut()
            .chain(f.bands.iter_mut().flat_map(|b| b.lower.iter_mut().chain(b.upper.iter_mut())))
        {
            *v *= 1e-11;
        }
        f.point[0] = 3.198_876_5e-9;
        let point = f.point.clone();
        let text = forecast_csv(&report, CsvStyle::of(&quality));
        let first: Vec<&str> = text.lines().nth(1).expect("a row").split(';').collect();
        // A series in the billionths: 13 decimals, five significant digits.
        assert_eq!(first[1], "0,0000000031989");
        let back = ingest(text.as_bytes(), &IngestOptions::default()).expect("reads back");
        let s = &back.frame.series[0];
        assert_eq!(s.target.len(), point.len());
        for (a, b) in s.target.iter().zip(&point) {
            assert!(*a != 0.0 && (a - b).abs() <= 0.5e-13 + 1e-22, "{a} vs {b}");
            assert_eq!(*a, format!("{b:.13}").parse::<f64>().unwrap_or(f64::NAN));
        }
    }

    #[test]
    fn decimals_follow_the_scale() {
        assert_eq!(decimals(0.0), 2);
        assert_eq!(decimals(f64::NAN), 2);
        assert_eq!(decimals(2_524.5), 2);
        assert_eq!(decimals(150.0), 2);
        assert_eq!(decimals(28.8), 3);
        assert_eq!(decimals(0.5), 5);
        assert_eq!(decimals(3.2e-9), 13);
        assert_eq!(decimals(1.5e-20), 24);
        for scale in [1e6, 4_504.3, 42.0, 5.0, 0.5, 0.013, 3.2e-9] {
            assert!(decimals(scale) >= crate::stats::display_decimals(scale, 1), "{scale}");
        }
        assert_eq!(number(1.5e-20, 24, DecimalMark::Comma), "0,000000000000000000015000");
        assert_eq!(number(f64::NAN, 2, DecimalMark::Dot), "");
        assert_eq!(number(-0.004, 2, DecimalMark::Dot), "0.00");
        assert_eq!(number(-0.006, 2, DecimalMark::Dot), "-0.01");
    }

    #[test]
    fn iso_weeks_are_written_in_the_layout_they_were_read_in() {
        let t = |y, m, d| {
            chrono::NaiveDate::from_ymd_opt(y, m, d)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .unwrap_or_default()
        };
        let weekly = Frequency::Weekly { anchor: chrono::Weekday::Mon };
        let week = |compact, with_weekday| DateFormat::IsoWeek { compact, with_weekday };
        assert_eq!(date(t(2024, 1, 29), weekly, week(false, false)), "2024-W05");
        assert_eq!(date(t(2024, 12, 30), weekly, week(false, false)), "2025-W01");
        assert_eq!(date(t(2020, 12, 28), weekly, week(true, false)), "2020W53");
        assert_eq!(date(t(2024, 1, 31), Frequency::Daily, week(false, true)), "2024-W05-3");
        assert_eq!(date(t(2024, 2, 4), Frequency::Daily, week(true, true)), "2024W057");
    }

    #[test]
    fn unix_times_are_written_back_as_the_same_integers() {
        let t = chrono::DateTime::from_timestamp(1_714_525_200, 0).map(|t| t.naive_utc());
        let t = t.unwrap_or_default();
        let hourly = Frequency::Minutes { minutes: 60 };
        assert_eq!(date(t, hourly, DateFormat::EpochSeconds), "1714525200");
        assert_eq!(date(t, hourly, DateFormat::EpochMillis), "1714525200000");
    }

    #[test]
    fn comma_decimals_never_share_the_comma_delimiter() {
        let (report, mut quality) = french_report();
        quality.delimiter = ',';
        let style = CsvStyle::of(&quality);
        assert_eq!(style.delimiter, ';');
        assert!(forecast_csv(&report, style).starts_with("\u{feff}date;"));
    }
}
