//! The forecast as a CSV file written in the user's own convention: the delimiter, decimal
//! mark and date order their file used, so it opens in their spreadsheet as it is.
//!
//! Numbers are written with full precision (shortest representation that reads back to the
//! same `f64`) and no thousands separator; a missing value is an empty field.

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

fn number(x: f64, decimal: DecimalMark) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{x}");
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
/// column only when there are several).
pub fn forecast_csv(report: &ForecastReport, style: CsvStyle) -> String {
    let d = style.delimiter;
    let several = report.forecasts.len() > 1;
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
    let mut out = header.join(&d.to_string());
    out.push_str("\r\n");
    for f in &report.forecasts {
        for (k, t) in f.timestamps.iter().enumerate() {
            let mut row: Vec<String> = Vec::new();
            if several {
                row.push(field(&f.series, d));
            }
            row.push(date(*t, report.frequency, style.dates));
            row.push(number(f.point.get(k).copied().unwrap_or(f64::NAN), style.decimal));
            for b in &f.bands {
                row.push(number(b.lower.get(k).copied().unwrap_or(f64::NAN), style.decimal));
                row.push(number(b.upper.get(k).copied().unwrap_or(f64::NAN), style.decimal));
            }
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
        assert_eq!(lines.next(), Some("date;Ventes;lower_80;upper_80;lower_95;upper_95"));
        let first: Vec<&str> = lines.next().expect("a row").split(';').collect();
        assert_eq!(first[0], "01/03/2024");
        assert!(first[1].contains(','), "decimal comma in {first:?}");
        assert_eq!(text.lines().count(), 1 + report.spec.horizon);
        // The file reads back through ingest with the same values.
        let back = ingest(text.as_bytes(), &IngestOptions::default()).expect("reads back");
        let s = &back.frame.series[0];
        assert_eq!(s.target.len(), report.spec.horizon);
        for (a, b) in s.target.iter().zip(&report.forecasts[0].point) {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
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
        assert!(forecast_csv(&report, style).starts_with("date;"));
    }
}
