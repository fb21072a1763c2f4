//! English text for every [`Msg`].
//!
//! One exhaustive `match`: a new message without its English text does not compile. Engine
//! enums marked `#[non_exhaustive]` need a `_` arm; `clippy::wildcard_enum_match_arm` (denied
//! below) still flags any *known* variant that falls into it.
#![deny(clippy::wildcard_enum_match_arm)]

use chrono::Weekday;
use prevision_engine::frame::Frequency;
use prevision_engine::ingest::{
    ColumnKind, ColumnRole, DateFormat, DateOrder, DecimalMark, DuplicatePolicy, Encoding,
    FillPolicy, IngestError, IngestWarning, RejectReason, ZoneHandling,
};

use super::{Lang, Msg};
use crate::datasets::BuiltInDataset;
use crate::state::LoadError;

const L: Lang = Lang::En;

/// The English text of `msg`.
pub(super) fn text(msg: &Msg<'_>) -> String {
    match msg {
        Msg::AppName => "Prevision".into(),
        Msg::Tagline => "Forecasts you can check, from your own files".into(),
        Msg::LanguageSwitch => "Language".into(),
        Msg::LanguageName(lang) => match lang {
            Lang::En => "English".into(),
            Lang::Fr => "Français".into(),
        },
        Msg::PrivacyNote => {
            "Your data never leaves this computer: everything runs in your browser.".into()
        }

        Msg::StartTitle => "Load your history".into(),
        Msg::StartHint => "A CSV file with a date column and a column of numbers. Excel exports \
                           work as they are: semicolons, decimal commas, day/month/year dates."
            .into(),
        Msg::ChooseFile => "Choose a CSV file".into(),
        Msg::DropZoneIdle => "Drop a CSV file here, or press to choose one".into(),
        Msg::DropZoneActive => "Release to load the file".into(),
        Msg::AcceptedTypes => ".csv, .tsv or .txt".into(),
        Msg::BuiltInTitle => "Or try a built-in dataset".into(),
        Msg::DatasetName(d) => match d {
            BuiltInDataset::BikeSharing => "Bike sharing, daily".into(),
            BuiltInDataset::DrinksSales => "Drinks sales, monthly".into(),
        },
        Msg::DatasetDescription(d) => match d {
            BuiltInDataset::BikeSharing => {
                "Bicycles rented per day in Washington, D.C., 2011–2012.".into()
            }
            BuiltInDataset::DrinksSales => {
                "US wholesale sales of beer, wine and liquor, 1992–2017.".into()
            }
        },
        Msg::DatasetAttribution(d) => match d {
            BuiltInDataset::BikeSharing => "Capital Bikeshare data via UCI Bike Sharing dataset, \
                                            Fanaee-T & Gama (2013), CC BY 4.0"
                .into(),
            BuiltInDataset::DrinksSales => "US Census Bureau, public domain".into(),
        },
        Msg::LoadDataset(_) => "Load".into(),

        Msg::Reading { source } => format!("Reading and checking {source}…"),
        Msg::ErrorTitle { source: "" } => "Nothing could be loaded".into(),
        Msg::ErrorTitle { source } => format!("{source} could not be loaded"),
        Msg::LoadFailed(e) => load_failed(e),
        Msg::LoadAdvice(e) => load_advice(e),
        Msg::ErrorNextStep => "You can drop another file or load a built-in dataset: \
                               the page keeps working."
            .into(),
        Msg::NothingLoaded => "Choose a file or a built-in dataset to see its report.".into(),
        Msg::CrashTitle => "Prevision stopped because of an internal error.".into(),
        Msg::CrashNextStep => {
            "Your data was not sent anywhere. Reload the page to start again.".into()
        }
        Msg::Reload => "Reload".into(),

        Msg::ReportTitle { source } => format!("Data check: {source}"),
        Msg::RowsRead => "rows read".into(),
        Msg::RowsLoaded => "rows loaded".into(),
        Msg::RowsRejected => "rows rejected".into(),
        Msg::MissingSteps => "missing dates".into(),
        Msg::OutliersFound => "outliers".into(),

        Msg::FileFacts => "The file".into(),
        Msg::FactEncoding => "Encoding".into(),
        Msg::FactDelimiter => "Separator".into(),
        Msg::FactDecimal => "Decimal mark".into(),
        Msg::FactDateColumn => "Date column".into(),
        Msg::FactDateFormat => "Date format".into(),
        Msg::FactZones => "Time zones".into(),
        Msg::FactTargetColumn => "Value to forecast".into(),
        Msg::FactIdColumns => "Series identified by".into(),
        Msg::FactFrequency => "Frequency".into(),
        Msg::FactDateRange => "Dates".into(),
        Msg::FactSeriesCount => "Series".into(),
        Msg::SingleSeries => "one series (no identifier column)".into(),
        Msg::EncodingName(e) => match e {
            Encoding::Utf8 => "UTF-8".into(),
            Encoding::Utf8Bom => "UTF-8 with byte-order mark (BOM)".into(),
            Encoding::Windows1252 => "Windows-1252 (Western European)".into(),
            Encoding::Utf16Le => "UTF-16 little-endian".into(),
            Encoding::Utf16Be => "UTF-16 big-endian".into(),
        },
        Msg::DelimiterName(c) => match c {
            ',' => "comma ( , )".into(),
            ';' => "semicolon ( ; )".into(),
            '\t' => "tab".into(),
            '|' => "vertical bar ( | )".into(),
            other => format!("“{other}”"),
        },
        Msg::DecimalName(d) => match d {
            DecimalMark::Dot => "point (12.5)".into(),
            DecimalMark::Comma => "comma (12,5)".into(),
        },
        Msg::DateFormatName(f) => date_format(*f),
        Msg::DateOrderName(o) => match o {
            DateOrder::DayFirst => "day/month/year".into(),
            DateOrder::MonthFirst => "month/day/year".into(),
            DateOrder::YearFirst => "year-month-day".into(),
        },
        Msg::ZoneName(z) => match z {
            ZoneHandling::NoneInFile => "none in the file".into(),
            ZoneHandling::ConvertedToUtc => "converted to UTC".into(),
        },
        Msg::FrequencyName(f) => frequency(*f),
        Msg::DateRange { from, to } => format!("{from} to {to}"),

        Msg::PreviewTitle => "First rows".into(),
        Msg::PreviewNote { shown, total, series } => format!(
            "The first {} of {} rows of series “{series}”, after cleaning.",
            L.count(*shown),
            L.count(*total)
        ),
        Msg::RejectedTitle => "Rejected lines".into(),
        Msg::NoRejected => "Every line was read.".into(),
        Msg::Reject(r) => reject(r),
        Msg::GapsTitle => "Missing dates".into(),
        Msg::NoGaps => "No date is missing.".into(),
        Msg::FillNote { policy, filled } => match policy {
            FillPolicy::Leave => "Missing dates were added to the series and left empty; \
                                  nothing was invented."
                .into(),
            FillPolicy::Zero => format!("{} missing values were set to zero.", L.count(*filled)),
            FillPolicy::ForwardFill => format!(
                "{} missing values were filled with the last known value.",
                L.count(*filled)
            ),
            FillPolicy::Linear => format!(
                "{} missing values were filled by a straight line between their neighbours.",
                L.count(*filled)
            ),
            FillPolicy::Seasonal => format!(
                "{} missing values were filled with the value one season earlier.",
                L.count(*filled)
            ),
        },
        Msg::DuplicatesTitle => "Repeated dates".into(),
        Msg::NoDuplicates => "No date appears twice.".into(),
        Msg::DuplicateNote(p) => match p {
            DuplicatePolicy::Sum => "Rows with the same date were added together.".into(),
            DuplicatePolicy::Mean => "Rows with the same date were averaged.".into(),
            DuplicatePolicy::Last => "For rows with the same date, the last one was kept.".into(),
        },
        Msg::ColumnsTitle => "Columns".into(),
        Msg::RoleName(r) => match r {
            ColumnRole::Date => "date".into(),
            ColumnRole::Target => "value to forecast".into(),
            ColumnRole::SeriesId => "series identifier".into(),
            ColumnRole::KnownInAdvance => "known in advance".into(),
            ColumnRole::ObservedOnly => "observed only (used with a delay)".into(),
            ColumnRole::Ignored => "not used".into(),
        },
        Msg::KindName(k) => match k {
            ColumnKind::Numeric => "numbers".into(),
            ColumnKind::Categorical => "labels".into(),
            ColumnKind::Date => "dates".into(),
            ColumnKind::Empty => "empty".into(),
        },
        Msg::OutliersTitle => "Unusual values".into(),
        Msg::NoOutliers => "No value stands out from its neighbours.".into(),
        Msg::OutlierNote => "Values far from the local median of their neighbours (robust score \
                             above 3.5). They are kept: check that they are real."
            .into(),
        Msg::SummaryTitle => "Summary per series".into(),
        Msg::SeasonalityTitle => "Repeating patterns".into(),
        Msg::NoSeasonality => "No clear repeating pattern.".into(),
        Msg::PeriodSteps { steps, freq } => period(*steps, *freq),
        Msg::WarningsTitle => "Worth knowing".into(),
        Msg::Warning(w) => warning(w),
        Msg::ListTruncated { shown, total } => {
            format!("Showing the first {} of {}.", L.count(*shown), L.count(*total))
        }

        Msg::ColLine => "Line".into(),
        Msg::ColColumn => "Column".into(),
        Msg::ColReason => "Reason".into(),
        Msg::ColSeries => "Series".into(),
        Msg::ColDate => "Date".into(),
        Msg::ColFrom => "From".into(),
        Msg::ColTo => "To".into(),
        Msg::ColMissingSteps => "Missing".into(),
        Msg::ColCount => "Rows".into(),
        Msg::ColLines => "Lines".into(),
        Msg::ColRole => "Role".into(),
        Msg::ColKind => "Holds".into(),
        Msg::ColMissing => "Empty cells".into(),
        Msg::ColInvalid => "Unreadable cells".into(),
        Msg::ColDistinct => "Distinct values".into(),
        Msg::ColValue => "Value".into(),
        Msg::ColScore => "Score".into(),
        Msg::ColRows => "Rows".into(),
        Msg::ColObserved => "Values".into(),
        Msg::ColFuture => "Future rows".into(),
        Msg::ColStart => "First date".into(),
        Msg::ColLastObserved => "Last value on".into(),
        Msg::ColMean => "Mean".into(),
        Msg::ColStd => "Std. dev.".into(),
        Msg::ColMin => "Min".into(),
        Msg::ColQ1 => "Q1".into(),
        Msg::ColMedian => "Median".into(),
        Msg::ColQ3 => "Q3".into(),
        Msg::ColMax => "Max".into(),
        Msg::ColPeriod => "Every".into(),
        Msg::ColStrength => "Strength".into(),
        Msg::MissingCell => "missing".into(),
    }
}

fn load_failed(e: &LoadError) -> String {
    match e {
        LoadError::Ingest(e) => ingest_error(e),
        LoadError::Unreadable => "The browser could not read this file.".into(),
        LoadError::TooLarge { size_bytes, limit_bytes } => format!(
            "This file is {}; files up to {} can be loaded.",
            L.megabytes(*size_bytes),
            L.megabytes(*limit_bytes)
        ),
        LoadError::NoFile => "What was dropped is not a file.".into(),
    }
}

fn ingest_error(e: &IngestError) -> String {
    match e {
        IngestError::Empty => "This file is empty.".into(),
        IngestError::HeaderOnly => "This file has a header line but no data rows.".into(),
        IngestError::SingleRow => "This file has only one dated row: at least two dates are \
                                   needed to tell how often values are recorded."
            .into(),
        IngestError::NoDateColumn => "No column of this file holds dates.".into(),
        IngestError::NotADateColumn { column, example } => {
            format!("Column “{column}” should hold dates, but its first value is “{example}”.")
        }
        IngestError::NoNumericColumn => "No column of this file holds numbers to forecast.".into(),
        IngestError::TargetNotNumeric { column } => {
            format!("Column “{column}” does not hold numbers.")
        }
        IngestError::TargetAllMissing { column } => {
            format!("Column “{column}” has no value on any row.")
        }
        IngestError::UnknownColumn { name, available } => format!(
            "There is no column named “{name}”. The file's columns are: {}.",
            available.join(", ")
        ),
        IngestError::ConflictingRoles { name } => {
            format!("Column “{name}” was given two different roles.")
        }
        IngestError::UnsupportedDelimiter { delimiter } => {
            format!("The separator “{delimiter}” is not supported.")
        }
        IngestError::TooLarge { bytes, max_bytes } => format!(
            "This file is {}; files up to {} can be read.",
            L.megabytes(*bytes as u64),
            L.megabytes(*max_bytes as u64)
        ),
        IngestError::TooManyColumns { found, max } => format!(
            "This file has {} columns; at most {} can be read.",
            L.count(*found),
            L.count(*max)
        ),
        IngestError::TooManySeries { found, max } => format!(
            "This file holds {} series; at most {} can be read.",
            L.count(*found),
            L.count(*max)
        ),
        IngestError::NotText { offset } => format!(
            "This is not a text file (binary content at byte {}): it may be a spreadsheet \
             workbook or an image.",
            L.count(*offset)
        ),
        IngestError::Csv { line, message } => format!(
            "Line {} could not be read as CSV (technical detail: {message}).",
            L.count(*line)
        ),
        IngestError::NoValidRows { rejected } => {
            format!("All {} data rows were rejected.", L.count(*rejected))
        }
        IngestError::Irregular { modal_spacing_seconds, modal_share } => format!(
            "The dates are not regularly spaced: the most common interval ({}) separates only \
             {} % of them.",
            spacing(*modal_spacing_seconds),
            L.number(modal_share * 100.0, 0)
        ),
        IngestError::GridTooLarge { rows, max } => format!(
            "Putting these dates on a regular calendar would need {} rows, more than the {} \
             that fit.",
            L.count(*rows),
            L.count(*max)
        ),
        _ => "This file could not be read.".into(),
    }
}

fn load_advice(e: &LoadError) -> String {
    match e {
        LoadError::Ingest(e) => match e {
            IngestError::Empty | IngestError::HeaderOnly | IngestError::SingleRow => {
                "Choose a CSV file with a header line and at least two dated rows.".into()
            }
            IngestError::NoDateColumn | IngestError::NotADateColumn { .. } => {
                "Add a column with a date on every row, such as 2024-03-01 or 01/03/2024.".into()
            }
            IngestError::NoNumericColumn
            | IngestError::TargetNotNumeric { .. }
            | IngestError::TargetAllMissing { .. } => {
                "The file needs a column of numbers next to the dates.".into()
            }
            IngestError::UnknownColumn { .. } | IngestError::ConflictingRoles { .. } => {
                "Check the column names in the settings against the file's header line.".into()
            }
            IngestError::UnsupportedDelimiter { .. } => {
                "Use a comma, a semicolon, a tab or a vertical bar between fields.".into()
            }
            IngestError::TooLarge { .. }
            | IngestError::TooManyColumns { .. }
            | IngestError::TooManySeries { .. }
            | IngestError::GridTooLarge { .. } => {
                "Keep only the columns and the period you need, then load the smaller file.".into()
            }
            IngestError::NotText { .. } => {
                "In your spreadsheet, use “Save as” and choose CSV, then load that file.".into()
            }
            IngestError::Csv { .. } => {
                "Open the file in a text editor and check the quotes on that line.".into()
            }
            IngestError::NoValidRows { .. } => {
                "Check that the value column holds numbers and the date column holds dates.".into()
            }
            IngestError::Irregular { .. } => "Forecasting needs one value per day, week, month \
                                              or hour: aggregate the data to a regular step."
                .into(),
            _ => "Check that the file is a CSV export of a table with dates.".into(),
        },
        LoadError::Unreadable => "Check that the file still exists and is not open in another \
                                  program, then try again."
            .into(),
        LoadError::TooLarge { .. } => {
            "Keep only the columns and the period you need, then load the smaller file.".into()
        }
        LoadError::NoFile => "Drag a CSV file from your file manager.".into(),
    }
}

fn reject(r: &RejectReason) -> String {
    match r {
        RejectReason::WrongFieldCount { expected, found } => {
            format!("{} fields instead of {}", L.count(*found), L.count(*expected))
        }
        RejectReason::NotANumber { value } => format!("“{value}” is not a number"),
        RejectReason::BadDate { value } => {
            format!("“{value}” is not a date in this column's format")
        }
        RejectReason::MissingDate => "the date is empty".into(),
        RejectReason::MissingSeriesId => "the series identifier is empty".into(),
        RejectReason::OffGrid { timestamp } => {
            format!("{} falls between the regular dates", L.timestamp(*timestamp))
        }
    }
}

fn warning(w: &IngestWarning) -> String {
    match w {
        IngestWarning::AmbiguousDates { column, assumed } => format!(
            "The dates in “{column}” read both ways (day first or month first); they were read \
             as {}.",
            text(&Msg::DateOrderName(*assumed))
        ),
        IngestWarning::DateOrderFromSpacing { column, chosen } => format!(
            "The dates in “{column}” were read as {}, the only reading that gives regular \
             spacing.",
            text(&Msg::DateOrderName(*chosen))
        ),
        IngestWarning::FutureRows { count } => format!(
            "{} rows after the last known value were kept as future rows: their other columns \
             can inform the forecast.",
            L.count(*count)
        ),
        IngestWarning::IrregularSpacing { off_grid, on_grid } => format!(
            "{} rows fall between the regular dates ({} are on them); they were set aside and \
             are listed with the rejected lines.",
            L.count(*off_grid),
            L.count(*on_grid)
        ),
        IngestWarning::ThousandsSeparator { column } => format!(
            "The numbers in “{column}” use a thousands separator; it was taken into account."
        ),
        IngestWarning::InvalidCells { column, count, first_line, first_value } => format!(
            "{} cells of “{column}” are not numbers and were treated as empty (the first, on \
             line {}: “{first_value}”).",
            L.count(*count),
            L.count(*first_line)
        ),
        IngestWarning::ConvertedToUtc { column } => {
            format!("The dates in “{column}” carried time zones; they were converted to UTC.")
        }
        IngestWarning::ExcelSerialDates { column } => {
            format!("Column “{column}” holds Excel day numbers; they were read as dates.")
        }
        IngestWarning::BlankLines { count } => {
            format!("{} empty lines were skipped.", L.count(*count))
        }
        IngestWarning::SeriesWithoutTarget { series } => {
            format!("Series “{series}” has no value at all and was left out.")
        }
        IngestWarning::DecodedAsWindows1252 => "The file is not UTF-8; it was read as \
                                                Windows-1252, the usual encoding of Excel in \
                                                Western Europe."
            .into(),
        _ => "The file has a peculiarity this version of Prevision cannot describe.".into(),
    }
}

fn date_format(f: DateFormat) -> String {
    let time = |with_time: bool| if with_time { " with time" } else { "" };
    match f {
        DateFormat::Iso => "year-month-day (2024-03-01)".into(),
        DateFormat::IsoDateTime => "date and time (2024-03-01 10:00)".into(),
        DateFormat::DayFirst { sep, with_time } => {
            format!("day{sep}month{sep}year{} (01{sep}03{sep}2024)", time(with_time))
        }
        DateFormat::MonthFirst { sep, with_time } => {
            format!("month{sep}day{sep}year{} (03{sep}01{sep}2024)", time(with_time))
        }
        DateFormat::YearFirst { sep, with_time } => {
            format!("year{sep}month{sep}day{} (2024{sep}03{sep}01)", time(with_time))
        }
        DateFormat::YearMonth { sep } => format!("year{sep}month (2024{sep}03)"),
        DateFormat::MonthYear { sep } => format!("month{sep}year (03{sep}2024)"),
        DateFormat::Year => "year (2024)".into(),
        DateFormat::ExcelSerial => "Excel day numbers".into(),
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

fn frequency(f: Frequency) -> String {
    match f {
        Frequency::Minutes { minutes: 60 } => "hourly".into(),
        Frequency::Minutes { minutes } if minutes % 60 == 0 => {
            format!("every {} hours", minutes / 60)
        }
        Frequency::Minutes { minutes } => format!("every {minutes} minutes"),
        Frequency::Daily => "daily".into(),
        Frequency::BusinessDaily => "business days (Monday to Friday)".into(),
        Frequency::Weekly { anchor } => format!("weekly, on {}", weekday(anchor)),
        Frequency::Monthly => "monthly".into(),
        Frequency::Quarterly => "quarterly".into(),
        Frequency::Yearly => "yearly".into(),
    }
}

/// A seasonal period, named when it is a familiar one.
fn period(steps: usize, freq: Frequency) -> String {
    let named = match (freq, steps) {
        (Frequency::Daily, 7) | (Frequency::BusinessDaily, 5) => Some("a week"),
        (Frequency::Daily, 365) | (Frequency::Weekly { .. }, 52) => Some("a year"),
        (Frequency::Monthly, 12) | (Frequency::Quarterly, 4) => Some("a year"),
        (Frequency::Monthly, 3) => Some("a quarter"),
        (Frequency::Minutes { minutes }, n) if minutes > 0 && n * minutes as usize == 1440 => {
            Some("a day")
        }
        (Frequency::Minutes { minutes }, n) if minutes > 0 && n * minutes as usize == 10080 => {
            Some("a week")
        }
        _ => None,
    };
    let unit = match freq {
        Frequency::Minutes { .. } | Frequency::Weekly { .. } => "steps",
        Frequency::Daily | Frequency::BusinessDaily => "days",
        Frequency::Monthly => "months",
        Frequency::Quarterly => "quarters",
        Frequency::Yearly => "years",
    };
    match named {
        Some(name) => format!("{} {unit} ({name})", L.count(steps)),
        None => format!("{} {unit}", L.count(steps)),
    }
}

/// A spacing in seconds in the largest whole unit.
fn spacing(seconds: i64) -> String {
    let plural = |n: i64, one: &str, many: &str| {
        if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
    };
    match seconds {
        s if s != 0 && s % 86_400 == 0 => plural(s / 86_400, "day", "days"),
        s if s != 0 && s % 3600 == 0 => plural(s / 3600, "hour", "hours"),
        s if s != 0 && s % 60 == 0 => plural(s / 60, "minute", "minutes"),
        s => plural(s, "second", "seconds"),
    }
}
