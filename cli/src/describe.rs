//! Plain English for the engine's typed findings, as the text (non `--json`) output prints
//! them.
//!
//! The engine reports enums, not prose; this module words them for a business reader, with
//! the same facts as the web app's English (`src/i18n/en.rs` and `src/i18n/ui.rs`, which the
//! CLI cannot depend on), in the CLI's style: lowercase, no final full stop, straight quotes.
//! Every `match` names each variant, so a new engine variant does not compile without its
//! wording. Engine enums marked `#[non_exhaustive]` need a `_` arm;
//! `clippy::wildcard_enum_match_arm` (denied below) still flags any *known* variant that
//! falls into it.
#![deny(clippy::wildcard_enum_match_arm)]

use chrono::{NaiveDateTime, Timelike, Weekday};
use prevision_engine::forecast::report::{FallbackMethod, ForecastWarning, unchecked_level};
use prevision_engine::frame::Frequency;
use prevision_engine::ingest::{
    ColumnKind, ColumnRole, DateFormat, DateOrder, DecimalMark, DuplicatePolicy, Encoding,
    FillPolicy, IngestWarning, RejectReason,
};
use prevision_engine::intervals::IntervalWarning;

/// `n` followed by the singular or plural noun.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// `x` with at most `decimals` decimals, trailing zeros dropped (`102.2`, `1341`, `-0.5`);
/// `—` when there is no value.
pub fn number(x: f64, decimals: usize) -> String {
    if x.is_nan() {
        return "—".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "infinity".into() } else { "-infinity".into() };
    }
    let fixed = format!("{x:.decimals$}");
    let trimmed = if fixed.contains('.') {
        fixed.trim_end_matches('0').trim_end_matches('.')
    } else {
        &fixed
    };
    // A value that rounds to zero is shown without a sign.
    if trimmed == "-0" { "0".into() } else { trimmed.into() }
}

/// A timestamp, without its time of day at midnight (`2024-03-01`, `2024-03-01 10:30`).
pub fn timestamp(t: NaiveDateTime) -> String {
    if t.time() == chrono::NaiveTime::MIN {
        t.date().to_string()
    } else if t.second() == 0 {
        t.format("%Y-%m-%d %H:%M").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// A timestamp of data at `freq`: with its time of day whenever the data is finer than daily
/// (so `from 2024-03-01 00:00 to 2024-03-02 23:00`), else as [`timestamp`] gives it.
pub fn timestamp_at(t: NaiveDateTime, freq: Frequency) -> String {
    match freq {
        Frequency::Minutes { .. } => t.format("%Y-%m-%d %H:%M").to_string(),
        Frequency::Daily
        | Frequency::BusinessDaily
        | Frequency::Weekly { .. }
        | Frequency::Monthly
        | Frequency::Quarterly
        | Frequency::Yearly => timestamp(t),
    }
}

/// The text encoding the file was read as.
pub fn encoding(e: Encoding) -> &'static str {
    match e {
        Encoding::Utf8 => "UTF-8",
        Encoding::Utf8Bom => "UTF-8 with byte-order mark (BOM)",
        Encoding::Windows1252 => "Windows-1252 (Western European)",
        Encoding::Utf16Le => "UTF-16 little-endian",
        Encoding::Utf16Be => "UTF-16 big-endian",
    }
}

/// The field separator.
pub fn delimiter(c: char) -> String {
    match c {
        ',' => "comma (,)".into(),
        ';' => "semicolon (;)".into(),
        '\t' => "tab".into(),
        '|' => "vertical bar (|)".into(),
        ' ' => "space".into(),
        other => format!("'{other}'"),
    }
}

/// The decimal mark.
pub fn decimal_mark(d: DecimalMark) -> &'static str {
    match d {
        DecimalMark::Dot => "point (12.5)",
        DecimalMark::Comma => "comma (12,5)",
    }
}

/// The separator between the parts of a date.
fn date_separator(sep: char) -> String {
    match sep {
        ' ' => "spaces".into(),
        other => format!("'{other}'"),
    }
}

/// How the date column is written (`day/month/year, separated by '/'`).
pub fn date_format(f: DateFormat) -> String {
    let time = |with_time: bool| if with_time { ", with a time of day" } else { "" };
    match f {
        DateFormat::Iso => "year-month-day, like 2024-03-01".into(),
        DateFormat::IsoDateTime => "date and time, like 2024-03-01 10:00".into(),
        DateFormat::DayFirst { sep, with_time } => {
            format!("day/month/year, separated by {}{}", date_separator(sep), time(with_time))
        }
        DateFormat::MonthFirst { sep, with_time } => {
            format!("month/day/year, separated by {}{}", date_separator(sep), time(with_time))
        }
        DateFormat::YearFirst { sep, with_time } => {
            format!("year/month/day, separated by {}{}", date_separator(sep), time(with_time))
        }
        DateFormat::YearMonth { sep } => {
            format!("year and month, separated by {}", date_separator(sep))
        }
        DateFormat::MonthYear { sep } => {
            format!("month and year, separated by {}", date_separator(sep))
        }
        DateFormat::MonthName => "month names, like 5 Jan 2024".into(),
        DateFormat::Compact => "year, month and day without separators, like 20240315".into(),
        DateFormat::CompactYearMonth => "year and month without a separator, like 202403".into(),
        DateFormat::YearQuarter => "year and quarter, like 2024-Q1".into(),
        DateFormat::IsoWeek { compact, with_weekday } => {
            let sep = if compact { "" } else { "-" };
            if with_weekday {
                format!("ISO week and weekday, like 2024{sep}W05{sep}3")
            } else {
                format!("ISO week, like 2024{sep}W05")
            }
        }
        DateFormat::Year => "year alone, like 2024".into(),
        DateFormat::ExcelSerial => "Excel day numbers".into(),
        DateFormat::EpochSeconds => "Unix time in seconds, like 1704067200".into(),
        DateFormat::EpochMillis => "Unix time in milliseconds, like 1704067200000".into(),
    }
}

/// The day/month order of dates.
pub fn date_order(o: DateOrder) -> &'static str {
    match o {
        DateOrder::DayFirst => "day/month/year",
        DateOrder::MonthFirst => "month/day/year",
        DateOrder::YearFirst => "year-month-day",
    }
}

/// The part a column plays.
pub fn column_role(r: ColumnRole) -> &'static str {
    match r {
        ColumnRole::Date => "date",
        ColumnRole::Target => "value to forecast",
        ColumnRole::SeriesId => "series identifier",
        ColumnRole::KnownInAdvance => "known in advance",
        ColumnRole::ObservedOnly => "observed only (used with a delay)",
        ColumnRole::Ignored => "not used",
    }
}

/// What a column holds.
pub fn column_kind(k: ColumnKind) -> &'static str {
    match k {
        ColumnKind::Numeric => "numbers",
        ColumnKind::Categorical => "labels",
        ColumnKind::Date => "dates",
        ColumnKind::Empty => "empty",
    }
}

/// What was done with the `filled` missing values inside the history.
pub fn fill_policy(p: FillPolicy, filled: usize) -> String {
    let values = count(filled, "missing value was", "missing values were");
    match p {
        FillPolicy::Leave => {
            "missing dates were added to the series and left empty; nothing was invented".into()
        }
        FillPolicy::Zero => format!("{values} set to zero"),
        FillPolicy::ForwardFill => format!("{values} filled with the last known value"),
        FillPolicy::Linear => {
            format!("{values} filled by a straight line between their neighbours")
        }
        FillPolicy::Seasonal => format!("{values} filled with the value one season earlier"),
    }
}

/// How rows with the same date are merged.
pub fn duplicate_policy(p: DuplicatePolicy) -> &'static str {
    match p {
        DuplicatePolicy::Sum => "rows with the same date are added together",
        DuplicatePolicy::Mean => "rows with the same date are averaged",
        DuplicatePolicy::Last => "of rows with the same date, the last one is kept",
    }
}

fn weekday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// A time step in words (`daily`, `weekly (on Mondays)`, `every 15 minutes`).
pub fn frequency(f: Frequency) -> String {
    match f {
        Frequency::Minutes { minutes: 60 } => "hourly".into(),
        Frequency::Minutes { minutes } if minutes % 60 == 0 => {
            format!("every {} hours", minutes / 60)
        }
        Frequency::Minutes { minutes: 1 } => "every minute".into(),
        Frequency::Minutes { minutes } => format!("every {minutes} minutes"),
        Frequency::Daily => "daily".into(),
        Frequency::BusinessDaily => "business days (Monday to Friday)".into(),
        Frequency::Weekly { anchor } => format!("weekly (on {}s)", weekday(anchor)),
        Frequency::Monthly => "monthly".into(),
        Frequency::Quarterly => "quarterly".into(),
        Frequency::Yearly => "yearly".into(),
    }
}

/// Why a data line was dropped (`"Total" is not a date in this column's format`).
pub fn reject_reason(r: &RejectReason) -> String {
    match r {
        RejectReason::WrongFieldCount { expected, found } => {
            format!("{} instead of {expected}", count(*found, "field", "fields"))
        }
        RejectReason::NotANumber { value } => format!("\"{value}\" is not a number"),
        RejectReason::BadDate { value } => {
            format!("\"{value}\" is not a date in this column's format")
        }
        RejectReason::MissingDate => "the date is empty".into(),
        RejectReason::BadTime { value } => {
            format!("\"{value}\" is not a time of day (14:30) or a whole hour (14)")
        }
        RejectReason::MissingTime => "the time of day is empty".into(),
        RejectReason::MissingSeriesId => "the series identifier is empty".into(),
        RejectReason::OffGrid { timestamp: t } => {
            format!("{} falls between the regular dates", timestamp(*t))
        }
        RejectReason::FarFromOthers { timestamp: t } => format!(
            "{} is far from all the other dates (a typing error in the year?); kept, it would fill the time between with missing values",
            timestamp(*t)
        ),
    }
}

/// Something ingest noticed that did not stop it.
pub fn ingest_warning(w: &IngestWarning) -> String {
    match w {
        IngestWarning::AmbiguousDates { column, assumed } => format!(
            "the dates in column \"{column}\" read both ways (day first or month first); they \
             were read as {}",
            date_order(*assumed)
        ),
        IngestWarning::DateOrderFromSpacing { column, chosen } => format!(
            "the dates in column \"{column}\" were read as {}, the only reading that gives \
             regular spacing",
            date_order(*chosen)
        ),
        IngestWarning::DateAndTimeCombined { date, time } => format!(
            "the dates are in column \"{date}\" and the times of day in column \"{time}\"; each \
             row's date and time were read together as one timestamp"
        ),
        IngestWarning::DateFromParts { year, month, day, quarters, weeks } => {
            date_from_parts(year, month, day.as_deref(), *quarters, *weeks)
        }
        IngestWarning::MixedDateLayouts { column, layouts } => format!(
            "the dates in column \"{column}\" mix {} layouts ({}); each date was read in its own",
            layouts.len(),
            layouts.iter().map(|f| date_format(*f)).collect::<Vec<_>>().join("; ")
        ),
        IngestWarning::ClockChangeRepeat { timestamp: t, count: n, averaged } => format!(
            "{} appears twice{}: probably the night the clocks go back, when this hour is lived \
             twice; {}",
            timestamp(*t),
            if *n > 1 {
                format!(" (and {} on such nights)", count(n - 1, "other time", "other times"))
            } else {
                String::new()
            },
            if *averaged {
                "its two rows were averaged, so that the hour keeps an hour's level (if each row \
                 counts events, use --duplicates sum)"
            } else {
                "its rows were merged like other repeated dates (to keep an hourly level rather \
                 than a double hour, use --duplicates mean)"
            }
        ),
        IngestWarning::PartialTotals { series, first, rows, usual, count: n } => format!(
            "nearly every date of \"{series}\" adds up {usual} rows (several series read as one?), \
             but {} fewer (from {}, with {rows}): their totals would be partial, so they were \
             left missing, like dates without rows (name the series column with --id-col)",
            count(*n, "date has", "dates have"),
            timestamp(*first)
        ),
        IngestWarning::FutureRows { count: n } => format!(
            "{} after the last known value {} kept as future rows; their other columns can \
             inform the forecast",
            count(*n, "row", "rows"),
            if *n == 1 { "was" } else { "were" }
        ),
        IngestWarning::IrregularSpacing { off_grid, on_grid } => format!(
            "{} between the regular dates ({on_grid} on them); they were set aside and are \
             listed with the rejected lines",
            count(*off_grid, "row falls", "rows fall")
        ),
        IngestWarning::Resampled { step, automatic } => {
            if *automatic {
                format!(
                    "the dates are not regularly spaced, so each row was moved to the start of \
                     its period: the data is now {}; rows of one period were merged like \
                     repeated dates (choose another step with --resample, another merge rule \
                     with --duplicates)",
                    frequency(*step)
                )
            } else {
                format!(
                    "as asked, each row was moved to the start of its period: the data is now \
                     {}; rows of one period were merged like repeated dates",
                    frequency(*step)
                )
            }
        }
        IngestWarning::MovedToWeekday { count: n, weekday: day } => format!(
            "weekly data: {} a few days off {} (the day of most rows) moved to the nearest {}, \
             in {} week",
            count(*n, "date", "dates"),
            weekday(*day),
            weekday(*day),
            if *n == 1 { "its" } else { "their" }
        ),
        IngestWarning::RepeatedLines { count: n, first_line } => format!(
            "{} repeated another line whole (same date, same values; the first on line \
             {first_line}): counted once, as copies from an export, not added up",
            count(*n, "line", "lines")
        ),
        IngestWarning::TotalSeriesLeftOut { series } => format!(
            "series \"{series}\" adds up the other series on nearly every date: it is a total, \
             left out so that it is not forecast as one more series"
        ),
        IngestWarning::NoHeader => "the first line holds a date and numbers, not column names: \
                                    it was read as the first row, and the columns are named \
                                    column_1, column_2… in file order"
            .to_owned(),
        IngestWarning::PreambleSkipped { lines } => format!(
            "the table starts on line {}: {} above its header (a title, notes) {} not read as \
             data",
            lines + 1,
            if *lines == 1 { "the line".to_owned() } else { format!("the {lines} lines") },
            if *lines == 1 { "was" } else { "were" }
        ),
        IngestWarning::ThousandsSeparator { column } => format!(
            "column \"{column}\" uses a thousands separator; it was removed when reading the \
             numbers"
        ),
        IngestWarning::UnitStripped { column, unit } => format!(
            "column \"{column}\" writes its numbers in {unit}; the unit was removed when reading \
             them (a cell in another unit is not a number)"
        ),
        IngestWarning::InvalidCells { column, count: n, first_line, first_value } => format!(
            "{} of column \"{column}\" {} not numbers and {} treated as empty (the first, on \
             line {first_line}: \"{first_value}\")",
            count(*n, "cell", "cells"),
            if *n == 1 { "is" } else { "are" },
            if *n == 1 { "was" } else { "were" }
        ),
        IngestWarning::ConvertedToUtc { column } => {
            format!(
                "the dates in column \"{column}\" carried time zones; they were converted to UTC"
            )
        }
        IngestWarning::WrittenDatesKept { column } => format!(
            "the dates in column \"{column}\" carried time zones, all at the same time of day; \
             the dates were kept as written (converted to UTC, they could have moved to another day)"
        ),
        IngestWarning::ExcelSerialDates { column } => {
            format!("column \"{column}\" holds Excel day numbers; they were read as dates")
        }
        IngestWarning::BlankLines { count: n } => {
            format!("{} skipped", count(*n, "empty line was", "empty lines were"))
        }
        IngestWarning::SeriesWithoutTarget { series } => {
            format!("series \"{series}\" has no value at all and was left out")
        }
        IngestWarning::LeadingZeros { series, zeros, first_value, count: n } => format!(
            "series \"{series}\" starts with {} before its first value on {}{}; if it opened \
             then, remove the earlier rows: the models would otherwise learn from zeros that \
             will not come back",
            count(*zeros, "zero", "zeros"),
            timestamp(*first_value),
            match n.saturating_sub(1) {
                0 => String::new(),
                more => format!(" (as do {})", count(more, "other series", "other series")),
            }
        ),
        IngestWarning::DecodedAsWindows1252 => "the file is not UTF-8; it was read as \
                                                Windows-1252, the usual encoding of Excel in \
                                                Western Europe"
            .into(),
        IngestWarning::DatesAcrossColumns { dates, series } => format!(
            "the dates are the column headers and each row is one series: {} read from the \
             header for {}, each named by its first columns",
            count(*dates, "date was", "dates were"),
            count(*series, "series", "series")
        ),
        IngestWarning::ColumnsAfterDatesLeftOut { columns } => format!(
            "left out after the dated columns: {}; only the columns headed by a date are read \
             as values",
            columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
        ),
        _ => "the file has a peculiarity this version of Prevision cannot describe".into(),
    }
}

/// The warning for dates built from a year column, a month (or quarter) column and maybe a
/// day column.
fn date_from_parts(
    year: &str,
    month: &str,
    day: Option<&str>,
    quarters: bool,
    weeks: bool,
) -> String {
    let parts = match (quarters, day) {
        _ if weeks => format!(
            "its year in column \"{year}\" and its ISO week in column \"{month}\", on its Monday"
        ),
        (true, _) => format!(
            "its year in column \"{year}\" and its quarter in column \"{month}\", on the \
             quarter's first day"
        ),
        (false, Some(day)) => format!(
            "its year in column \"{year}\", its month in column \"{month}\" and its day in \
             column \"{day}\""
        ),
        (false, None) => format!(
            "its year in column \"{year}\" and its month in column \"{month}\", on the first \
             of the month"
        ),
    };
    format!("no column holds whole dates; each row's date was built from {parts}")
}

/// An interval level as a percentage (`95%`, `97.5%`).
fn percent(level: f64) -> String {
    format!("{}%", number(level * 100.0, 1))
}

/// Something a forecast run found; none is fatal.
pub fn forecast_warning(w: &ForecastWarning, series: &[String]) -> String {
    match w {
        ForecastWarning::GapsInterpolated { series, count: n } => format!(
            "series \"{series}\": {} interpolated for the models and metrics",
            count(*n, "missing value", "missing values")
        ),
        ForecastWarning::FewerWindows { asked, used } => {
            format!(
                "short history: {} instead of {asked}",
                count(*used, "backtest window", "backtest windows")
            )
        }
        ForecastWarning::LessThanTwoSeasons { season, history } => format!(
            "short history: {history} steps, less than two seasons of {season} steps; seasonal \
             models and one-season lags have little data, and those that cannot be fitted are \
             left out"
        ),
        ForecastWarning::SeriesSkipped { series, history, needed, fallback } => {
            let forecast = match fallback {
                Some(FallbackMethod::LastSeason) => "forecast by repeating its last season",
                Some(FallbackMethod::Mean) => "forecast by the mean of its values",
                None => "not forecast",
            };
            format!(
                "series \"{series}\" too new to compare models on: {}, {needed} needed for one \
                 backtest window; {forecast}, without an interval",
                count(*history, "observed value", "observed values")
            )
        }
        ForecastWarning::ShortSeriesLimitWindows {
            series,
            history,
            count: n,
            without,
            shorter_lags,
        } => {
            let (others, limit, them, their) = match n {
                0 | 1 => (String::new(), "limits", "it", "its"),
                _ => (
                    format!(" and {}", count(n - 1, "other short series", "other short series")),
                    "limit",
                    "them",
                    "their",
                ),
            };
            let lags = if *shorter_lags { " and the default features' lookback" } else { "" };
            format!(
                "series \"{series}\" ({}){others} {limit} every series' backtest{lags}; \
                 without {them} the others would hold {}: remove {their} rows, or forecast \
                 {them} apart",
                count(*history, "observed value", "observed values"),
                count(*without, "window", "windows")
            )
        }
        ForecastWarning::ShortSeriesFewerWindows { series, history, count: n, held, windows } => {
            let scored = match held {
                0 => "scored on none, forecast by the model chosen on the others".to_string(),
                _ => format!("scored on its latest {}", count(*held, "window", "windows")),
            };
            let others = match n {
                0 | 1 => String::new(),
                _ => format!(
                    "; {} likewise scored on fewer",
                    count(n - 1, "other new series", "other new series")
                ),
            };
            format!(
                "series \"{series}\" ({}) is too new for the others' {}: {scored}{others}",
                count(*history, "observed value", "observed values"),
                count(*windows, "backtest window", "backtest windows")
            )
        }
        ForecastWarning::SeriesEndsEarly { series, last, count: n } => {
            let others = match n {
                0 | 1 => String::new(),
                _ => format!(" (as do {})", count(n - 1, "other series", "other series")),
            };
            format!(
                "series \"{series}\" stops on {}{others}, more than a horizon before the others' \
                 last values: it is forecast from its own end (a closed store? an export not \
                 updated?)",
                last.format("%Y-%m-%d %H:%M").to_string().trim_end_matches(" 00:00")
            )
        }
        ForecastWarning::ModelFailed { model, reason, .. } => {
            format!("model {model} failed and was left out (engine: {reason})")
        }
        ForecastWarning::ClippedAtZero => "the history has no negative value: forecasts and \
                                           bounds below zero were raised to zero"
            .into(),
        ForecastWarning::Interval(i) => interval_warning(i, series),
        ForecastWarning::ExplainedAnotherModel { model, member_of_ensemble } => {
            if *member_of_ensemble {
                format!(
                    "the chosen forecast combines several models; the explanation is of its best \
                     feature-based member ({model})"
                )
            } else {
                format!(
                    "the chosen model cannot be explained feature by feature; the explanation \
                     is of the best model that can ({model})"
                )
            }
        }
        ForecastWarning::FutureValuesMissing { column, known, horizon } => format!(
            "\"{column}\" is set as known in advance, but the file gives its value for only \
             {known} of the {horizon} forecast steps: it was used as observed only (its past \
             values)"
        ),
        ForecastWarning::MaseLeavesOut { series, count: n } => format!(
            "MASE, which picks the model, leaves out the backtest windows where a history never \
             varies (series \"{series}\"{}): errors there have no scale; the other series and \
             windows decide",
            match n.saturating_sub(1) {
                0 => String::new(),
                more => format!(" and {}", count(more, "other", "others")),
            }
        ),
        ForecastWarning::EnsembleChosen { members } => format!(
            "the combination of the best models ({}) beats each of them and is chosen",
            members.join(", ")
        ),
        _ => "the engine made a note this version of Prevision cannot describe".into(),
    }
}

/// An interval that could not be calibrated as asked.
fn interval_warning(i: &IntervalWarning, names: &[String]) -> String {
    match i {
        IntervalWarning::TooFewResiduals { step, level, n, needed } => format!(
            "{} interval at step {step}: {}, {needed} needed; band not calibrated",
            percent(*level),
            count(*n, "past error", "past errors")
        ),
        IntervalWarning::NotChecked { step, level, n, needed } => format!(
            "{} interval at step {step}: the report card cannot check it ({}, {needed} needed)",
            percent(*level),
            count(*n, "earlier error", "earlier errors")
        ),
        IntervalWarning::FoldWithoutSpread { series, fold } => format!(
            "series {}, backtest window {fold}: no local spread, interval not rescaled",
            series_name(*series, names)
        ),
        IntervalWarning::NoCalibration => "the histories have no variation (always the same \
            value, e.g. all zeros): past errors cannot be scaled to them, so the forecasts have no \
            intervals"
            .into(),
        IntervalWarning::SeriesWithoutSpread { series } => format!(
            "series {}: its recent history has no variation, so its forecast has no intervals",
            series_name(*series, names)
        ),
        _ => "an interval note this version of Prevision cannot describe".into(),
    }
}

/// The series at `index` of a run whose ids are `names`, quoted; its 1-based number when
/// the report does not name it.
fn series_name(index: usize, names: &[String]) -> String {
    names.get(index).map_or_else(|| format!("#{}", index + 1), |id| format!("\"{id}\""))
}

/// A run's warnings in plain words, in order, except that the per-step notes of a level too
/// fine for the backtest's errors (one per step) are told once per level, where the first of
/// them was, and a flat series' backtest windows once per series, as the web app tells them.
/// `series` are the run's series ids, in frame order.
pub fn forecast_warnings(warnings: &[ForecastWarning], series: &[String]) -> Vec<String> {
    let short = |w: &ForecastWarning| {
        let ForecastWarning::Interval(IntervalWarning::TooFewResiduals {
            level, n, needed, ..
        }) = w
        else {
            return None;
        };
        Some((*level, *n, *needed))
    };
    let mut out = Vec::new();
    let mut told: Vec<u64> = Vec::new();
    let mut told_unchecked: Vec<u64> = Vec::new();
    let flat_fold = |w: &ForecastWarning| {
        let ForecastWarning::Interval(IntervalWarning::FoldWithoutSpread { series, .. }) = w else {
            return None;
        };
        Some(*series)
    };
    let mut told_flat: Vec<usize> = Vec::new();
    for w in warnings {
        // A flat series leaves out every backtest window of it: told once per series.
        if let Some(s) = flat_fold(w) {
            if !told_flat.contains(&s) {
                told_flat.push(s);
                let windows = warnings.iter().filter(|w| flat_fold(w) == Some(s)).count();
                out.push(format!(
                    "series {}: {} with no variation in the history; {} errors are not used for \
                     the intervals",
                    series_name(s, series),
                    count(windows, "backtest window", "backtest windows"),
                    if windows == 1 { "its" } else { "their" }
                ));
            }
            continue;
        }
        // The steps the report card could not judge, once per level, unless that level's
        // bands are already said to be uncalibrated.
        if let ForecastWarning::Interval(IntervalWarning::NotChecked { level, .. }) = w {
            if !told_unchecked.contains(&level.to_bits()) {
                told_unchecked.push(level.to_bits());
                out.extend(unchecked_level(warnings, *level).map(|u| {
                    format!(
                        "{} intervals: the report card cannot check them at {} of the horizon \
                         (at most {} errors of earlier windows, {} needed; more backtest windows \
                         make the check possible)",
                        percent(u.level),
                        count(u.steps, "step", "steps"),
                        u.most,
                        u.needed
                    )
                }));
            }
            continue;
        }
        let Some((level, ..)) = short(w) else {
            out.push(forecast_warning(w, series));
            continue;
        };
        if told.contains(&level.to_bits()) {
            continue;
        }
        told.push(level.to_bits());
        let (low, high, needed) = warnings
            .iter()
            .filter_map(short)
            .filter(|s| s.0.to_bits() == level.to_bits())
            .fold((usize::MAX, 0, 0), |(lo, hi, nd), (_, n, need)| {
                (lo.min(n), hi.max(n), nd.max(need))
            });
        let errors = if low == high { low.to_string() } else { format!("{low} to {high}") };
        out.push(format!(
            "{} intervals: {errors} past errors per step, {needed} needed; these bands are not \
             calibrated (more backtest windows or a lower level make them so)",
            percent(level)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) {
        assert!(!s.contains('{') && !s.contains('}') && !s.contains("::"), "{s}");
        assert!(!s.trim().is_empty());
    }

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("valid timestamp")
    }

    #[test]
    fn ingest_findings_read_as_plain_english() {
        assert_eq!(
            ingest_warning(&IngestWarning::ThousandsSeparator { column: "profit".into() }),
            "column \"profit\" uses a thousands separator; it was removed when reading the numbers"
        );
        assert_eq!(
            ingest_warning(&IngestWarning::UnitStripped {
                column: "poids".into(),
                unit: "kg".into()
            }),
            "column \"poids\" writes its numbers in kg; the unit was removed when reading them (a \
             cell in another unit is not a number)"
        );
        assert_eq!(
            reject_reason(&RejectReason::BadDate { value: "Total".into() }),
            "\"Total\" is not a date in this column's format"
        );
        assert_eq!(
            date_format(DateFormat::DayFirst { sep: '/', with_time: false }),
            "day/month/year, separated by '/'"
        );
        assert_eq!(encoding(Encoding::Utf8), "UTF-8");
        assert_eq!(
            ingest_warning(&IngestWarning::Resampled {
                step: Frequency::Weekly { anchor: Weekday::Mon },
                automatic: true
            })
            .split(';')
            .next(),
            Some(
                "the dates are not regularly spaced, so each row was moved to the start of its \
                 period: the data is now weekly (on Mondays)"
            )
        );
        assert_eq!(
            ingest_warning(&IngestWarning::PreambleSkipped { lines: 1 }),
            "the table starts on line 2: the line above its header (a title, notes) was not \
             read as data"
        );
        assert_eq!(
            reject_reason(&RejectReason::WrongFieldCount { expected: 3, found: 1 }),
            "1 field instead of 3"
        );
    }

    #[test]
    fn forecast_warnings_read_as_plain_english_and_interval_notes_are_grouped() {
        assert_eq!(
            forecast_warning(&ForecastWarning::ClippedAtZero, &[]),
            "the history has no negative value: forecasts and bounds below zero were raised to \
             zero"
        );
        let too_few = |step, n| {
            ForecastWarning::Interval(IntervalWarning::TooFewResiduals {
                step,
                level: 0.95,
                n,
                needed: 19,
            })
        };
        let mut many: Vec<ForecastWarning> = (1..=7).map(|k| too_few(k, 4)).collect();
        many.insert(2, ForecastWarning::ClippedAtZero);
        many.extend((1..=7).map(|k| too_few(k, 5)));
        assert_eq!(
            forecast_warnings(&many, &[]),
            [
                "95% intervals: 4 to 5 past errors per step, 19 needed; these bands are not \
                 calibrated (more backtest windows or a lower level make them so)"
                    .to_owned(),
                forecast_warning(&ForecastWarning::ClippedAtZero, &[]),
            ]
        );
        assert_eq!(
            forecast_warning(&too_few(3, 1), &[]),
            "95% interval at step 3: 1 past error, 19 needed; band not calibrated"
        );
        // A flat series' windows are told once, by its id.
        let names = ["north".to_owned(), "Closed".to_owned()];
        let mut flat: Vec<ForecastWarning> = (0..21)
            .map(|fold| {
                ForecastWarning::Interval(IntervalWarning::FoldWithoutSpread { series: 1, fold })
            })
            .collect();
        flat.push(ForecastWarning::Interval(IntervalWarning::SeriesWithoutSpread { series: 1 }));
        flat.push(ForecastWarning::MaseLeavesOut { series: "Closed".into(), count: 2 });
        assert_eq!(
            forecast_warnings(&flat, &names),
            [
                "series \"Closed\": 21 backtest windows with no variation in the history; their \
                 errors are not used for the intervals",
                "series \"Closed\": its recent history has no variation, so its forecast has no \
                 intervals",
                "MASE, which picks the model, leaves out the backtest windows where a history \
                 never varies (series \"Closed\" and 1 other): errors there have no scale; the \
                 other series and windows decide",
            ]
        );
        assert!(forecast_warnings(&flat[..1], &[])[0].starts_with("series #2: 1 backtest window "));
    }

    #[test]
    fn frequencies_read_in_words() {
        assert_eq!(frequency(Frequency::Minutes { minutes: 1 }), "every minute");
        assert_eq!(frequency(Frequency::Minutes { minutes: 15 }), "every 15 minutes");
        assert_eq!(frequency(Frequency::Minutes { minutes: 120 }), "every 2 hours");
        assert_eq!(frequency(Frequency::Minutes { minutes: 60 }), "hourly");
    }

    #[test]
    fn numbers_and_timestamps_drop_what_says_nothing() {
        assert_eq!(number(102.199_999_999_999_99, 4), "102.2");
        assert_eq!(number(-1341.0, 4), "-1341");
        assert_eq!(number(-0.000_01, 2), "0");
        assert_eq!(number(0.123_456, 4), "0.1235");
        assert_eq!(number(f64::NAN, 2), "—");
        assert_eq!(timestamp(t("2024-03-01 00:00:00")), "2024-03-01");
        assert_eq!(timestamp(t("2024-03-01 10:30:00")), "2024-03-01 10:30");
        assert_eq!(timestamp(t("2024-03-01 10:30:15")), "2024-03-01 10:30:15");
    }

    #[test]
    fn no_wording_shows_debug_syntax() {
        let formats = [
            DateFormat::Iso,
            DateFormat::IsoDateTime,
            DateFormat::DayFirst { sep: '.', with_time: true },
            DateFormat::MonthFirst { sep: '/', with_time: false },
            DateFormat::YearFirst { sep: '/', with_time: false },
            DateFormat::YearMonth { sep: '-' },
            DateFormat::MonthYear { sep: ' ' },
            DateFormat::MonthName,
            DateFormat::Compact,
            DateFormat::CompactYearMonth,
            DateFormat::YearQuarter,
            DateFormat::IsoWeek { compact: true, with_weekday: true },
            DateFormat::IsoWeek { compact: false, with_weekday: false },
            DateFormat::Year,
            DateFormat::ExcelSerial,
            DateFormat::EpochSeconds,
            DateFormat::EpochMillis,
        ];
        let warnings = [
            IngestWarning::AmbiguousDates { column: "d".into(), assumed: DateOrder::DayFirst },
            IngestWarning::DateOrderFromSpacing {
                column: "d".into(),
                chosen: DateOrder::MonthFirst,
            },
            IngestWarning::DateAndTimeCombined { date: "d".into(), time: "t".into() },
            IngestWarning::DateFromParts {
                year: "year".into(),
                month: "month".into(),
                day: Some("day".into()),
                quarters: false,
                weeks: false,
            },
            IngestWarning::DateFromParts {
                year: "an".into(),
                month: "trimestre".into(),
                day: None,
                quarters: true,
                weeks: false,
            },
            IngestWarning::MixedDateLayouts { column: "d".into(), layouts: formats.to_vec() },
            IngestWarning::ClockChangeRepeat {
                timestamp: t("2023-10-29 02:00:00"),
                count: 3,
                averaged: true,
            },
            IngestWarning::PartialTotals {
                series: "sales".into(),
                first: t("2023-02-21 00:00:00"),
                rows: 1,
                usual: 2,
                count: 4,
            },
            IngestWarning::FutureRows { count: 7 },
            IngestWarning::IrregularSpacing { off_grid: 2, on_grid: 100 },
            IngestWarning::Resampled { step: Frequency::Minutes { minutes: 15 }, automatic: false },
            IngestWarning::PreambleSkipped { lines: 2 },
            IngestWarning::NoHeader,
            IngestWarning::TotalSeriesLeftOut { series: "Total".into() },
            IngestWarning::RepeatedLines { count: 1, first_line: 12 },
            IngestWarning::MovedToWeekday { count: 2, weekday: Weekday::Sun },
            IngestWarning::ThousandsSeparator { column: "v".into() },
            IngestWarning::UnitStripped { column: "poids".into(), unit: "kg".into() },
            IngestWarning::InvalidCells {
                column: "price".into(),
                count: 3,
                first_line: 12,
                first_value: "n/a".into(),
            },
            IngestWarning::ConvertedToUtc { column: "d".into() },
            IngestWarning::WrittenDatesKept { column: "d".into() },
            IngestWarning::ExcelSerialDates { column: "d".into() },
            IngestWarning::BlankLines { count: 1 },
            IngestWarning::SeriesWithoutTarget { series: "s".into() },
            IngestWarning::LeadingZeros {
                series: "new".into(),
                zeros: 200,
                first_value: t("2023-07-19 00:00:00"),
                count: 3,
            },
            IngestWarning::DecodedAsWindows1252,
            IngestWarning::DatesAcrossColumns { dates: 30, series: 4 },
            IngestWarning::ColumnsAfterDatesLeftOut { columns: vec!["Total".into()] },
        ];
        let rejects = [
            RejectReason::WrongFieldCount { expected: 3, found: 4 },
            RejectReason::NotANumber { value: "#VALEUR!".into() },
            RejectReason::BadDate { value: "Total".into() },
            RejectReason::MissingDate,
            RejectReason::BadTime { value: "25:00".into() },
            RejectReason::MissingTime,
            RejectReason::MissingSeriesId,
            RejectReason::OffGrid { timestamp: t("2024-03-01 10:07:00") },
            RejectReason::FarFromOthers { timestamp: t("2033-05-31 00:00:00") },
        ];
        let forecast = [
            ForecastWarning::GapsInterpolated { series: "s".into(), count: 2 },
            ForecastWarning::FewerWindows { asked: 5, used: 2 },
            ForecastWarning::LessThanTwoSeasons { season: 52, history: 80 },
            ForecastWarning::SeriesSkipped {
                series: "104".into(),
                history: 2,
                needed: 15,
                fallback: Some(FallbackMethod::Mean),
            },
            ForecastWarning::SeriesSkipped {
                series: "105".into(),
                history: 9,
                needed: 15,
                fallback: Some(FallbackMethod::LastSeason),
            },
            ForecastWarning::SeriesSkipped {
                series: "106".into(),
                history: 0,
                needed: 15,
                fallback: None,
            },
            ForecastWarning::ShortSeriesLimitWindows {
                series: "new".into(),
                history: 30,
                count: 2,
                without: 5,
                shorter_lags: true,
            },
            ForecastWarning::ShortSeriesFewerWindows {
                series: "Nice".into(),
                history: 20,
                count: 2,
                held: 0,
                windows: 5,
            },
            ForecastWarning::SeriesEndsEarly {
                series: "Lyon".into(),
                last: t("2023-05-17 00:00:00"),
                count: 1,
            },
            ForecastWarning::ModelFailed {
                model: "ets".into(),
                reason: "too short".into(),
                kind: Default::default(),
                series: Some("Nice".into()),
            },
            ForecastWarning::ClippedAtZero,
            ForecastWarning::Interval(IntervalWarning::FoldWithoutSpread { series: 0, fold: 1 }),
            ForecastWarning::Interval(IntervalWarning::NoCalibration),
            ForecastWarning::Interval(IntervalWarning::NotChecked {
                step: 2,
                level: 0.8,
                n: 3,
                needed: 4,
            }),
            ForecastWarning::Interval(IntervalWarning::SeriesWithoutSpread { series: 2 }),
            ForecastWarning::ExplainedAnotherModel {
                model: "ridge".into(),
                member_of_ensemble: false,
            },
            ForecastWarning::ExplainedAnotherModel {
                model: "ridge".into(),
                member_of_ensemble: true,
            },
            ForecastWarning::EnsembleChosen { members: vec!["ets".into(), "ridge".into()] },
            ForecastWarning::MaseLeavesOut { series: "Closed".into(), count: 3 },
        ];
        let freqs = [
            Frequency::Minutes { minutes: 60 },
            Frequency::Minutes { minutes: 120 },
            Frequency::Minutes { minutes: 15 },
            Frequency::Daily,
            Frequency::BusinessDaily,
            Frequency::Weekly { anchor: Weekday::Sun },
            Frequency::Monthly,
            Frequency::Quarterly,
            Frequency::Yearly,
        ];
        let policies = [
            FillPolicy::Leave,
            FillPolicy::Zero,
            FillPolicy::ForwardFill,
            FillPolicy::Linear,
            FillPolicy::Seasonal,
        ];
        let mut all: Vec<String> = Vec::new();
        all.extend(formats.iter().map(|f| date_format(*f)));
        all.extend(warnings.iter().map(ingest_warning));
        all.extend(rejects.iter().map(reject_reason));
        all.extend(forecast.iter().map(|w| forecast_warning(w, &[])));
        all.extend(forecast_warnings(&forecast, &[]));
        all.extend(freqs.iter().map(|f| frequency(*f)));
        all.extend(policies.iter().map(|p| fill_policy(*p, 3)));
        all.extend(
            [DuplicatePolicy::Sum, DuplicatePolicy::Mean, DuplicatePolicy::Last]
                .map(|p| duplicate_policy(p).to_owned()),
        );
        all.extend(
            [
                Encoding::Utf8,
                Encoding::Utf8Bom,
                Encoding::Windows1252,
                Encoding::Utf16Le,
                Encoding::Utf16Be,
            ]
            .map(|e| encoding(e).to_owned()),
        );
        all.extend([',', ';', '\t', '|', ':'].map(delimiter));
        all.extend([DecimalMark::Dot, DecimalMark::Comma].map(|d| decimal_mark(d).to_owned()));
        all.extend(
            [
                ColumnRole::Date,
                ColumnRole::Target,
                ColumnRole::SeriesId,
                ColumnRole::KnownInAdvance,
                ColumnRole::ObservedOnly,
                ColumnRole::Ignored,
            ]
            .map(|r| column_role(r).to_owned()),
        );
        all.extend(
            [ColumnKind::Numeric, ColumnKind::Categorical, ColumnKind::Date, ColumnKind::Empty]
                .map(|k| column_kind(k).to_owned()),
        );
        for s in &all {
            plain(s);
        }
        assert!(all.len() > 80, "{}", all.len());
    }
}
