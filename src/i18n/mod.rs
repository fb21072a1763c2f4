//! Every visible string of the app, in English and French, checked at compile time.
//!
//! A screen never holds literal text: it asks for a [`Msg`] in the current [`Lang`]. Each
//! language is one exhaustive `match` over [`Msg`] (in `en.rs` and `fr.rs`), so a message added
//! without its translation does not compile. Engine results (errors, reject reasons, warnings)
//! travel as typed values inside a [`Msg`] and are turned into sentences here, never in the engine.
//!
//! Numbers and dates are formatted per language too ([`Lang::count`], [`Lang::number`],
//! [`Lang::date`]): French uses a decimal comma, a narrow no-break space between thousands and
//! day/month/year dates.

mod en;
mod format;
mod fr;
mod ops;
mod ui;

pub use format::{
    FeatureValues, column_decimals, forecast_decimals, parse_decimal, significant_decimals, typical,
};
pub use ui::{RunNames, Ui};

use chrono::{NaiveDateTime, Timelike};
use prevision_engine::frame::Frequency;
use prevision_engine::ingest::{
    ColumnKind, ColumnRole, DateFormat, DateOrder, DecimalMark, DuplicatePolicy, Encoding,
    FillPolicy, IngestWarning, RejectReason, ZoneHandling,
};

use crate::state::LoadError;
use prevision_engine::datasets::BuiltinDataset;

/// A language the interface is available in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
}

/// `NaN` as an em dash, an infinity as `∞` or `−∞`; `None` for a finite number.
pub(crate) fn non_finite(x: f64) -> Option<String> {
    if x.is_nan() {
        Some("—".to_owned())
    } else if x.is_infinite() {
        Some(if x > 0.0 { "∞".to_owned() } else { "−∞".to_owned() })
    } else {
        None
    }
}

/// Names as a short list: the first five, then how many more (`A, B, C, D, E, … (+3)`).
fn name_list(names: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = names.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(", … (+{})", names.len() - SHOWN));
    }
    text
}

impl Lang {
    /// Every supported language, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The BCP 47 tag put in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language for a browser language tag such as `fr-FR` or `en-US`; English otherwise.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("fr") { Lang::Fr } else { Lang::En }
    }

    /// The sentence for `msg` in this language.
    pub fn text(self, msg: &Msg<'_>) -> String {
        match self {
            Lang::En => en::text(msg),
            Lang::Fr => fr::text(msg),
        }
    }

    /// A whole count with this language's thousands separator (`12,345` / `12 345`).
    pub fn count(self, n: usize) -> String {
        let digits = n.to_string();
        let sep = match self {
            Lang::En => ",",
            // Narrow no-break space, as the French typographic rule asks.
            Lang::Fr => "\u{202f}",
        };
        group_thousands(&digits, sep)
    }

    /// A measured value with at most `decimals` decimals, trailing zeros removed, with this
    /// language's decimal mark; `NaN` shows as an em dash.
    pub fn number(self, x: f64, decimals: usize) -> String {
        if let Some(text) = non_finite(x) {
            return text;
        }
        let fixed = format!("{:.*}", decimals, x.abs());
        let (int_part, frac_part) = match fixed.split_once('.') {
            Some((i, f)) => (i, f.trim_end_matches('0')),
            None => (fixed.as_str(), ""),
        };
        self.written(x < 0.0, int_part, frac_part)
    }

    /// The digits of a number's magnitude (`int_part`, `frac_part`) with this language's
    /// thousands and decimal marks, and a true minus sign when `negative` — never on a value
    /// that rounds to zero.
    pub(crate) fn written(self, negative: bool, int_part: &str, frac_part: &str) -> String {
        let (thousands, mark) = match self {
            Lang::En => (",", "."),
            Lang::Fr => ("\u{202f}", ","),
        };
        let mut out = String::new();
        let nonzero = |p: &str| p.bytes().any(|b| b.is_ascii_digit() && b != b'0');
        if negative && (nonzero(int_part) || nonzero(frac_part)) {
            out.push('−');
        }
        out.push_str(&group_thousands(int_part, thousands));
        if !frac_part.is_empty() {
            out.push_str(mark);
            out.push_str(frac_part);
        }
        out
    }

    /// A timestamp as this language writes dates, with the time of day only when the data is
    /// finer than daily (`2011-01-31` / `31/01/2011`, `2011-01-31 13:30` / `31/01/2011 13:30`).
    pub fn date(self, t: NaiveDateTime, freq: Frequency) -> String {
        let date_pattern = match self {
            Lang::En => "%Y-%m-%d",
            Lang::Fr => "%d/%m/%Y",
        };
        match freq {
            Frequency::Minutes { .. } => t.format(&format!("{date_pattern} %H:%M")).to_string(),
            _ => t.format(date_pattern).to_string(),
        }
    }
}

impl Lang {
    /// A timestamp from the data whose frequency is not at hand: the time of day is shown
    /// only when it is not midnight.
    pub fn timestamp(self, t: NaiveDateTime) -> String {
        let at_midnight = t.hour() == 0 && t.minute() == 0 && t.second() == 0;
        let freq = if at_midnight { Frequency::Daily } else { Frequency::Minutes { minutes: 1 } };
        self.date(t, freq)
    }

    /// A byte size in megabytes with one decimal (`12.5 MB` / `12,5 Mo`).
    pub fn megabytes(self, bytes: u64) -> String {
        let mb = bytes as f64 / (1024.0 * 1024.0);
        match self {
            Lang::En => format!("{} MB", self.number(mb, 1)),
            Lang::Fr => format!("{}\u{a0}Mo", self.number(mb, 1)),
        }
    }
}

/// Inserts `sep` every three digits from the right of a string of ASCII digits.
fn group_thousands(digits: &str, sep: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// One thing the interface says. Variants with data carry what the sentence needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg<'a> {
    // --- header
    /// The product name.
    AppName,
    /// One line under the product name.
    Tagline,
    /// Accessible name of the language switch.
    LanguageSwitch,
    /// A language's own name, as shown on its switch button.
    LanguageName(Lang),
    /// The promise that data stays local.
    PrivacyNote,

    // --- start panel
    /// Title of the panel where data is loaded.
    StartTitle,
    /// What kind of file is expected.
    StartHint,
    /// Label of the file picker.
    ChooseFile,
    /// Text of the drop zone at rest.
    DropZoneIdle,
    /// Text of the drop zone while a file is dragged over it.
    DropZoneActive,
    /// Accepted file types under the drop zone.
    AcceptedTypes,
    /// Title of the built-in datasets list.
    BuiltInTitle,
    /// A built-in dataset's name.
    DatasetName(BuiltinDataset),
    /// One line on what a built-in dataset holds.
    DatasetDescription(BuiltinDataset),
    /// Where a built-in dataset comes from and under which licence.
    DatasetAttribution(BuiltinDataset),
    /// Label of the button that loads a built-in dataset.
    LoadDataset(BuiltinDataset),

    // --- status and errors
    /// Shown while a file is being read and checked.
    Reading {
        /// What is being read.
        source: &'a str,
    },
    /// Title above an error.
    ErrorTitle {
        /// What failed to load (may be empty when a drop held no file).
        source: &'a str,
    },
    /// Why loading failed, in plain words.
    LoadFailed(&'a LoadError),
    /// What to do about this particular failure.
    LoadAdvice(&'a LoadError),
    /// What to do after any error.
    ErrorNextStep,
    /// Shown when nothing is loaded yet.
    NothingLoaded,
    /// Message shown in the page when the app itself crashed.
    CrashTitle,
    /// What to do after a crash.
    CrashNextStep,
    /// Link that reloads the page after a crash.
    Reload,

    // --- report: head and tiles
    /// Title of the report for a loaded source.
    ReportTitle {
        /// The file or dataset name.
        source: &'a str,
    },
    /// Label of a count of data rows read from the file.
    RowsRead,
    /// Label of a count of rows kept.
    RowsLoaded,
    /// Label of a count of rows rejected.
    RowsRejected,
    /// Label of the count of missing timestamps inserted.
    MissingSteps,
    /// Label of the count of outliers.
    OutliersFound,

    // --- report: file facts
    /// Title of the file facts table.
    FileFacts,
    /// Fact label: text encoding.
    FactEncoding,
    /// Fact label: field delimiter.
    FactDelimiter,
    /// Fact label: decimal mark.
    FactDecimal,
    /// Fact label: date column.
    FactDateColumn,
    /// Fact label: how dates are written.
    FactDateFormat,
    /// Fact label: time zones.
    FactZones,
    /// Fact label: target column.
    FactTargetColumn,
    /// Fact label: series-id columns.
    FactIdColumns,
    /// Fact label: frequency.
    FactFrequency,
    /// Fact label: first and last dates.
    FactDateRange,
    /// Fact label: number of series.
    FactSeriesCount,
    /// Shown for a file with no series-id column.
    SingleSeries,
    /// An encoding's name.
    EncodingName(Encoding),
    /// A delimiter's name.
    DelimiterName(char),
    /// A decimal mark's name.
    DecimalName(DecimalMark),
    /// A date format, with an example.
    DateFormatName(DateFormat),
    /// Day/month order.
    DateOrderName(DateOrder),
    /// How zone offsets were handled.
    ZoneName(ZoneHandling),
    /// A frequency in words.
    FrequencyName(Frequency),
    /// "from – to" for a range of already formatted dates.
    DateRange {
        /// First date, formatted.
        from: &'a str,
        /// Last date, formatted.
        to: &'a str,
    },

    // --- report: sections
    /// Title of the preview of the first rows.
    PreviewTitle,
    /// Explains that the preview shows only the first rows of one series.
    PreviewNote {
        /// Rows shown.
        shown: usize,
        /// Rows in the series.
        total: usize,
        /// The series shown.
        series: &'a str,
    },
    /// Title of the rejected lines table.
    RejectedTitle,
    /// Shown when no line was rejected.
    NoRejected,
    /// Why a line was rejected.
    Reject(&'a RejectReason),
    /// Title of the gaps table.
    GapsTitle,
    /// Shown when no timestamp is missing.
    NoGaps,
    /// What was done with missing values.
    FillNote {
        /// The policy applied.
        policy: FillPolicy,
        /// Values it filled.
        filled: usize,
    },
    /// Title of the duplicates table.
    DuplicatesTitle,
    /// Shown when no timestamp is repeated.
    NoDuplicates,
    /// How duplicates were merged.
    DuplicateNote(DuplicatePolicy),
    /// Title of the columns table.
    ColumnsTitle,
    /// A column's role.
    RoleName(ColumnRole),
    /// What a column holds.
    KindName(ColumnKind),
    /// Title of the outliers table.
    OutliersTitle,
    /// Shown when no value stands out.
    NoOutliers,
    /// How outliers are found.
    OutlierNote,
    /// How many of the unusual values shown fall on a public holiday of the set-up's calendar.
    OutliersOnHolidays {
        /// Unusual values on a holiday.
        on_holidays: usize,
        /// Unusual values shown.
        shown: usize,
    },
    /// An unusual value's note: the public holiday it falls on.
    OnHoliday(prevision_engine::features::Holiday),
    /// Title of the summary statistics table.
    SummaryTitle,
    /// Title of the seasonality table.
    SeasonalityTitle,
    /// Shown when no seasonal period stands out.
    NoSeasonality,
    /// A seasonal period in steps of the frequency.
    PeriodSteps {
        /// Period length in steps.
        steps: usize,
        /// The frame's frequency.
        freq: Frequency,
    },
    /// Title of the warnings list.
    WarningsTitle,
    /// One warning.
    Warning(&'a IngestWarning),
    /// Why an imported model was not used on the loaded data.
    ModelMismatch(&'a prevision_engine::forecast::reuse::ModelMismatch),
    /// Under a list cut to its first entries.
    ListTruncated {
        /// Entries shown.
        shown: usize,
        /// Entries in total.
        total: usize,
    },

    // --- table column headers
    /// Header: file line.
    ColLine,
    /// Header: column name.
    ColColumn,
    /// Header: reason.
    ColReason,
    /// Header: series.
    ColSeries,
    /// Header: date.
    ColDate,
    /// Header: first missing date.
    ColFrom,
    /// Header: last missing date.
    ColTo,
    /// Header: number of missing steps.
    ColMissingSteps,
    /// Header: number of rows merged.
    ColCount,
    /// Header: file lines.
    ColLines,
    /// Header: role.
    ColRole,
    /// Header: kind of content.
    ColKind,
    /// Header: missing cells.
    ColMissing,
    /// Header: unreadable cells.
    ColInvalid,
    /// Header: distinct values.
    ColDistinct,
    /// Header: value.
    ColValue,
    /// Header: outlier score.
    ColScore,
    /// Header: the public holiday a row falls on.
    ColHoliday,
    /// Header: rows.
    ColRows,
    /// Header: observed values.
    ColObserved,
    /// Header: future rows.
    ColFuture,
    /// Header: first date.
    ColStart,
    /// Header: last observed date.
    ColLastObserved,
    /// Header: mean.
    ColMean,
    /// Header: standard deviation.
    ColStd,
    /// Header: minimum.
    ColMin,
    /// Header: first quartile.
    ColQ1,
    /// Header: median.
    ColMedian,
    /// Header: third quartile.
    ColQ3,
    /// Header: maximum.
    ColMax,
    /// Header: seasonal period.
    ColPeriod,
    /// Header: strength of a seasonal period.
    ColStrength,
    /// A missing value in a table cell, spelled out for screen readers.
    MissingCell,
}

impl Msg<'_> {
    /// Every message without engine data, for completeness tests: each must be non-empty in
    /// every language.
    pub fn samples() -> Vec<Msg<'static>> {
        let mut all = vec![
            Msg::AppName,
            Msg::Tagline,
            Msg::LanguageSwitch,
            Msg::PrivacyNote,
            Msg::StartTitle,
            Msg::StartHint,
            Msg::ChooseFile,
            Msg::DropZoneIdle,
            Msg::DropZoneActive,
            Msg::AcceptedTypes,
            Msg::BuiltInTitle,
            Msg::Reading { source: "a.csv" },
            Msg::ErrorTitle { source: "a.csv" },
            Msg::ErrorTitle { source: "" },
            Msg::ErrorNextStep,
            Msg::NothingLoaded,
            Msg::CrashTitle,
            Msg::CrashNextStep,
            Msg::Reload,
            Msg::ReportTitle { source: "a.csv" },
            Msg::RowsRead,
            Msg::RowsLoaded,
            Msg::RowsRejected,
            Msg::MissingSteps,
            Msg::OutliersFound,
            Msg::FileFacts,
            Msg::FactEncoding,
            Msg::FactDelimiter,
            Msg::FactDecimal,
            Msg::FactDateColumn,
            Msg::FactDateFormat,
            Msg::FactZones,
            Msg::FactTargetColumn,
            Msg::FactIdColumns,
            Msg::FactFrequency,
            Msg::FactDateRange,
            Msg::FactSeriesCount,
            Msg::SingleSeries,
            Msg::DateRange { from: "a", to: "b" },
            Msg::PreviewTitle,
            Msg::PreviewNote { shown: 10, total: 731, series: "cnt" },
            Msg::RejectedTitle,
            Msg::NoRejected,
            Msg::GapsTitle,
            Msg::NoGaps,
            Msg::DuplicatesTitle,
            Msg::NoDuplicates,
            Msg::ColumnsTitle,
            Msg::OutliersTitle,
            Msg::NoOutliers,
            Msg::OutlierNote,
            Msg::OutliersOnHolidays { on_holidays: 3, shown: 12 },
            Msg::OutliersOnHolidays { on_holidays: 1, shown: 1 },
            Msg::OnHoliday(prevision_engine::features::Holiday {
                date: chrono::NaiveDate::MIN,
                kind: prevision_engine::features::HolidayKind::ChristmasDay,
                observed: true,
            }),
            Msg::OnHoliday(prevision_engine::features::Holiday {
                date: chrono::NaiveDate::MIN,
                kind: prevision_engine::features::HolidayKind::LabourDay,
                observed: false,
            }),
            Msg::SummaryTitle,
            Msg::SeasonalityTitle,
            Msg::NoSeasonality,
            Msg::WarningsTitle,
            Msg::ListTruncated { shown: 1000, total: 1234 },
            Msg::ColLine,
            Msg::ColColumn,
            Msg::ColReason,
            Msg::ColSeries,
            Msg::ColDate,
            Msg::ColFrom,
            Msg::ColTo,
            Msg::ColMissingSteps,
            Msg::ColCount,
            Msg::ColLines,
            Msg::ColRole,
            Msg::ColKind,
            Msg::ColMissing,
            Msg::ColInvalid,
            Msg::ColDistinct,
            Msg::ColValue,
            Msg::ColScore,
            Msg::ColHoliday,
            Msg::ColRows,
            Msg::ColObserved,
            Msg::ColFuture,
            Msg::ColStart,
            Msg::ColLastObserved,
            Msg::ColMean,
            Msg::ColStd,
            Msg::ColMin,
            Msg::ColQ1,
            Msg::ColMedian,
            Msg::ColQ3,
            Msg::ColMax,
            Msg::ColPeriod,
            Msg::ColStrength,
            Msg::MissingCell,
        ];
        all.extend(Lang::ALL.map(Msg::LanguageName));
        for d in BuiltinDataset::ALL {
            all.extend([
                Msg::DatasetName(d),
                Msg::DatasetDescription(d),
                Msg::DatasetAttribution(d),
                Msg::LoadDataset(d),
            ]);
        }
        all.extend(
            [
                Encoding::Utf8,
                Encoding::Utf8Bom,
                Encoding::Windows1252,
                Encoding::Utf16Le,
                Encoding::Utf16Be,
            ]
            .map(Msg::EncodingName),
        );
        all.extend([',', ';', '\t', '|', '#'].map(Msg::DelimiterName));
        all.extend([DecimalMark::Dot, DecimalMark::Comma].map(Msg::DecimalName));
        all.extend(
            [DateOrder::DayFirst, DateOrder::MonthFirst, DateOrder::YearFirst]
                .map(Msg::DateOrderName),
        );
        all.extend(
            [
                ZoneHandling::NoneInFile,
                ZoneHandling::ConvertedToUtc,
                ZoneHandling::WrittenDatesKept,
            ]
            .map(Msg::ZoneName),
        );
        all.extend(
            [
                DateFormat::Iso,
                DateFormat::IsoDateTime,
                DateFormat::DayFirst { sep: '/', with_time: false },
                DateFormat::DayFirst { sep: '.', with_time: true },
                DateFormat::MonthFirst { sep: '/', with_time: false },
                DateFormat::YearFirst { sep: '/', with_time: false },
                DateFormat::YearMonth { sep: '-' },
                DateFormat::MonthYear { sep: '/' },
                DateFormat::YearQuarter,
                DateFormat::Compact,
                DateFormat::CompactYearMonth,
                DateFormat::MonthName,
                DateFormat::IsoWeek { compact: false, with_weekday: false },
                DateFormat::IsoWeek { compact: true, with_weekday: true },
                DateFormat::Year,
                DateFormat::ExcelSerial,
                DateFormat::EpochSeconds,
                DateFormat::EpochMillis,
            ]
            .map(Msg::DateFormatName),
        );
        all.extend(
            [
                Frequency::Minutes { minutes: 30 },
                Frequency::Minutes { minutes: 60 },
                Frequency::Minutes { minutes: 180 },
                Frequency::Daily,
                Frequency::BusinessDaily,
                Frequency::Weekly { anchor: chrono::Weekday::Mon },
                Frequency::Monthly,
                Frequency::Quarterly,
                Frequency::Yearly,
            ]
            .map(Msg::FrequencyName),
        );
        all.extend(
            [
                ColumnRole::Date,
                ColumnRole::Target,
                ColumnRole::SeriesId,
                ColumnRole::KnownInAdvance,
                ColumnRole::ObservedOnly,
                ColumnRole::Ignored,
            ]
            .map(Msg::RoleName),
        );
        all.extend(
            [ColumnKind::Numeric, ColumnKind::Categorical, ColumnKind::Date, ColumnKind::Empty]
                .map(Msg::KindName),
        );
        for policy in [
            FillPolicy::Leave,
            FillPolicy::Zero,
            FillPolicy::ForwardFill,
            FillPolicy::Linear,
            FillPolicy::Seasonal,
        ] {
            all.push(Msg::FillNote { policy, filled: 3 });
        }
        all.extend(
            [DuplicatePolicy::Sum, DuplicatePolicy::Mean, DuplicatePolicy::Last]
                .map(Msg::DuplicateNote),
        );
        all.push(Msg::PeriodSteps { steps: 7, freq: Frequency::Daily });
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn browser_tags_pick_french_only_for_french() {
        assert_eq!(Lang::from_tag("fr-FR"), Lang::Fr);
        assert_eq!(Lang::from_tag("FR"), Lang::Fr);
        assert_eq!(Lang::from_tag("fr_CA"), Lang::Fr);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("de"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
    }

    #[test]
    fn the_preamble_and_resampling_warnings_read_in_both_languages() {
        let preamble = IngestWarning::PreambleSkipped { lines: 3 };
        assert_eq!(
            Lang::En.text(&Msg::Warning(&preamble)),
            "The table starts on line 4: the 3 lines above its header (a title, notes) were not \
             read as data."
        );
        assert!(Lang::Fr.text(&Msg::Warning(&preamble)).starts_with("Le tableau commence ligne 4"));
        let moved = IngestWarning::MovedToWeekday { count: 1, weekday: chrono::Weekday::Sun };
        assert_eq!(
            Lang::En.text(&Msg::Warning(&moved)),
            "Weekly data: 1 date a few days off Sunday (the day of most rows) was moved to the \
             nearest Sunday, in its week."
        );
        let moved = IngestWarning::MovedToWeekday { count: 3, weekday: chrono::Weekday::Sun };
        assert_eq!(
            Lang::Fr.text(&Msg::Warning(&moved)),
            "Données hebdomadaires\u{a0}: 3 dates à quelques jours du dimanche (le jour de la \
             plupart des lignes) ont été ramenées au dimanche le plus proche, dans leur semaine."
        );
        let copies = IngestWarning::RepeatedLines { count: 10, first_line: 122 };
        assert_eq!(
            Lang::En.text(&Msg::Warning(&copies)),
            "10 lines repeated another line whole (same date, same values; the first on line \
             122): counted once, as copies from an export, not added up."
        );
        assert_eq!(
            Lang::Fr.text(&Msg::Warning(&copies)),
            "10 lignes répétaient une autre à l'identique (même date, mêmes valeurs\u{a0}; la \
             première à la ligne 122)\u{a0}: comptées une seule fois, comme des copies d'export, sans \
             être ajoutées."
        );
        let total = IngestWarning::TotalSeriesLeftOut { series: "Total".into() };
        assert!(
            Lang::En.text(&Msg::Warning(&total)).starts_with("“Total” adds up the other series")
        );
        assert!(
            Lang::Fr
                .text(&Msg::Warning(&total))
                .starts_with("«\u{a0}Total\u{a0}» additionne les autres séries")
        );
        let headerless = IngestWarning::NoHeader;
        assert!(Lang::En.text(&Msg::Warning(&headerless)).contains("named column_1, column_2…"));
        assert!(
            Lang::Fr
                .text(&Msg::Warning(&headerless))
                .starts_with("La première ligne contient une date et des nombres")
        );
        let weekly = IngestWarning::Resampled {
            step: Frequency::Weekly { anchor: chrono::Weekday::Mon },
            automatic: false,
        };
        assert!(
            Lang::En.text(&Msg::Warning(&weekly)).contains("the data is now weekly, on Monday.")
        );
        assert!(
            Lang::Fr.text(&Msg::Warning(&weekly)).contains("fréquence hebdomadaire, le lundi.")
        );
    }

    #[test]
    fn the_clock_change_warning_says_what_to_choose_in_both_languages() {
        let t = chrono::NaiveDate::from_ymd_opt(2024, 10, 27)
            .and_then(|d| d.and_hms_opt(2, 0, 0))
            .expect("valid");
        let w = IngestWarning::ClockChangeRepeat { timestamp: t, count: 1, averaged: false };
        let en = Lang::En.text(&Msg::Warning(&w));
        assert!(
            en.starts_with("2024-10-27 02:00 appears twice: probably the night the clocks go back"),
            "{en}"
        );
        assert!(en.contains("choose “Average them” for “Rows with the same date”"), "{en}");
        assert!(en.contains(Lang::En.ui(Ui::MergeLabel)) && en.contains("Average them"));
        let fr = Lang::Fr.text(&Msg::Warning(&w));
        assert!(
            fr.contains("apparaît deux fois") && fr.contains(Lang::Fr.ui(Ui::MergeLabel)),
            "{fr}"
        );
        let two = IngestWarning::ClockChangeRepeat { timestamp: t, count: 3, averaged: false };
        assert!(Lang::En.text(&Msg::Warning(&two)).contains("(and 2 other times on such nights)"));
        // Averaged by default, the warning says how to add them up instead.
        let averaged = IngestWarning::ClockChangeRepeat { timestamp: t, count: 1, averaged: true };
        let en = Lang::En.text(&Msg::Warning(&averaged));
        assert!(en.contains("were averaged") && en.contains("choose “Add them up”"), "{en}");
        assert!(Lang::En.ui(Ui::MergeSum).starts_with("Add them up"));
        let fr = Lang::Fr.text(&Msg::Warning(&averaged));
        assert!(fr.contains("moyenne de ses deux lignes"), "{fr}");
        assert!(Lang::Fr.ui(Ui::MergeSum).starts_with("Les additionner"));
    }

    #[test]
    fn the_leading_zeros_warning_names_the_series_and_its_first_value_in_both_languages() {
        let first_value = chrono::NaiveDate::from_ymd_opt(2023, 7, 19)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("valid");
        let w =
            IngestWarning::LeadingZeros { series: "new".into(), zeros: 200, first_value, count: 1 };
        assert_eq!(
            Lang::En.text(&Msg::Warning(&w)),
            "Series “new” starts with 200 zeros before its first value on 2023-07-19. If it \
             opened then, remove the earlier rows from the file: the models would otherwise learn \
             from zeros that will not come back."
        );
        let w =
            IngestWarning::LeadingZeros { series: "new".into(), zeros: 200, first_value, count: 3 };
        let fr = Lang::Fr.text(&Msg::Warning(&w));
        assert!(
            fr.starts_with("La série «")
                && fr.contains(
                    "new\u{a0}» commence par 200 zéros avant sa première valeur, le 19/07/2023 \
                     (comme 2 autres séries)."
                ),
            "{fr}"
        );
    }

    #[test]
    fn the_mixed_date_layouts_warning_lists_them_in_both_languages() {
        let mixed = IngestWarning::MixedDateLayouts {
            column: "date".into(),
            layouts: vec![DateFormat::Iso, DateFormat::DayFirst { sep: '.', with_time: false }],
        };
        assert_eq!(
            Lang::En.text(&Msg::Warning(&mixed)),
            "The dates in “date” mix 2 layouts: year-month-day (2024-03-01), day.month.year \
             (01.03.2024); each date was read in its own."
        );
        assert_eq!(
            Lang::Fr.text(&Msg::Warning(&mixed)),
            "Les dates de «\u{a0}date\u{a0}» mêlent 2 écritures\u{a0}: année-mois-jour \
             (2024-03-01), jour.mois.année (01.03.2024)\u{a0}; chaque date a été lue selon la \
             sienne."
        );
    }

    #[test]
    fn the_date_from_parts_warning_names_its_columns_in_both_languages() {
        let monthly = IngestWarning::DateFromParts {
            year: "Année".into(),
            month: "Mois".into(),
            day: None,
            quarters: false,
            weeks: false,
        };
        assert_eq!(
            Lang::En.text(&Msg::Warning(&monthly)),
            "No column holds whole dates: each row's date was built from its year in “Année” and \
             its month in “Mois”, on the first of the month."
        );
        assert_eq!(
            Lang::Fr.text(&Msg::Warning(&monthly)),
            "Aucune colonne ne contient de dates entières\u{a0}: la date de chaque ligne a été \
             construite à partir de son année, dans «\u{a0}Année\u{a0}», et de son mois, dans \
             «\u{a0}Mois\u{a0}», au premier du mois."
        );
        let daily = IngestWarning::DateFromParts {
            year: "Année".into(),
            month: "Mois".into(),
            day: Some("Jour".into()),
            quarters: false,
            weeks: false,
        };
        assert!(Lang::En.text(&Msg::Warning(&daily)).contains("and its day in “Jour”."));
        assert!(Lang::Fr.text(&Msg::Warning(&daily)).contains("de son jour, dans «\u{a0}Jour"));
        let quarterly = IngestWarning::DateFromParts {
            year: "an".into(),
            month: "trimestre".into(),
            day: None,
            quarters: true,
            weeks: false,
        };
        assert!(Lang::En.text(&Msg::Warning(&quarterly)).contains("its quarter in “trimestre”"));
        assert!(Lang::Fr.text(&Msg::Warning(&quarterly)).contains("au premier jour du trimestre"));
        let weekly = IngestWarning::DateFromParts {
            year: "Année".into(),
            month: "Semaine".into(),
            day: None,
            quarters: false,
            weeks: true,
        };
        assert!(
            Lang::En
                .text(&Msg::Warning(&weekly))
                .ends_with("its year in “Année” and its ISO week in “Semaine”, on its Monday.")
        );
        assert!(
            Lang::Fr
                .text(&Msg::Warning(&weekly))
                .contains("de sa semaine ISO, dans «\u{a0}Semaine")
        );
    }

    #[test]
    fn the_dates_across_warning_and_errors_read_in_both_languages() {
        let w = IngestWarning::DatesAcrossColumns { dates: 1200, series: 3 };
        assert_eq!(
            Lang::En.text(&Msg::Warning(&w)),
            "The dates are the column headers and each row is one series: 1,200 dates were read \
             from the header for 3 series, each named by its first columns."
        );
        assert_eq!(
            Lang::Fr.text(&Msg::Warning(&w)),
            "Les dates sont les en-têtes des colonnes et chaque ligne est une série\u{a0}: \
             1\u{202f}200 dates ont été lues dans l'en-tête pour 3 séries, chacune nommée par ses \
             premières colonnes."
        );
        use prevision_engine::ingest::IngestError;
        let failed =
            |lang: Lang, e: IngestError| lang.text(&Msg::LoadFailed(&LoadError::Ingest(e)));
        let e = IngestError::HeaderNotADate { column: 6, header: "Total".into() };
        assert!(failed(Lang::En, e.clone()).contains("column 6 is headed “Total”, which is not"));
        assert!(failed(Lang::Fr, e).contains("la colonne 6 a pour en-tête «\u{a0}Total\u{a0}»"));
        let e = IngestError::RepeatedHeaderDate {
            column: 5,
            header: "2024-01-02".into(),
            first_column: 3,
        };
        assert!(failed(Lang::En, e.clone()).ends_with("the same date as column 3."));
        assert!(failed(Lang::Fr, e).ends_with("la même date que la colonne 3."));
        use prevision_engine::ingest::NotCsvKind;
        let e = IngestError::NotCsv { kind: NotCsvKind::WebPage };
        assert!(failed(Lang::En, e.clone()).starts_with("This is a web page (HTML), not a CSV"));
        assert!(failed(Lang::Fr, e).starts_with("C'est une page web (HTML), pas un fichier CSV"));
        let e = IngestError::NotCsv { kind: NotCsvKind::Json };
        assert!(failed(Lang::En, e.clone()).starts_with("This file holds JSON, not a CSV table."));
        assert!(
            failed(Lang::Fr, e).starts_with("Ce fichier contient du JSON, pas un tableau CSV.")
        );
    }

    #[test]
    fn no_numeric_column_names_the_closest_column_and_its_cell() {
        use prevision_engine::ingest::{IngestError, UnreadCell};
        let cell = UnreadCell { column: "poids".into(), line: 2, value: "10 kilos".into() };
        let named = LoadError::Ingest(IngestError::NoNumericColumn { closest: Some(cell) });
        assert_eq!(
            Lang::En.text(&Msg::LoadFailed(&named)),
            "No column of this file holds numbers to forecast: column “poids” has “10 kilos” on \
             line 2."
        );
        assert_eq!(
            Lang::Fr.text(&Msg::LoadFailed(&named)),
            "Aucune colonne de ce fichier ne contient de nombres à prévoir\u{a0}: la colonne \
             «\u{a0}poids\u{a0}» contient «\u{a0}10 kilos\u{a0}» à la ligne 2."
        );
        assert!(Lang::En.text(&Msg::LoadAdvice(&named)).contains("column “poids”"));
        assert!(Lang::Fr.text(&Msg::LoadAdvice(&named)).contains("colonne «\u{a0}poids\u{a0}»"));
        let bare = LoadError::Ingest(IngestError::NoNumericColumn { closest: None });
        assert_eq!(
            Lang::En.text(&Msg::LoadFailed(&bare)),
            "No column of this file holds numbers to forecast."
        );
        let w = IngestWarning::UnitStripped { column: "poids".into(), unit: "kg".into() };
        assert!(
            Lang::En
                .text(&Msg::Warning(&w))
                .starts_with("The numbers in “poids” are written in kg")
        );
        assert!(Lang::Fr.text(&Msg::Warning(&w)).contains("sont écrits en kg"));
    }

    #[test]
    fn counts_group_thousands_per_language() {
        assert_eq!(Lang::En.count(731), "731");
        assert_eq!(Lang::En.count(1_234_567), "1,234,567");
        assert_eq!(Lang::Fr.count(12_345), "12\u{202f}345");
        assert_eq!(Lang::Fr.count(0), "0");
    }

    #[test]
    fn numbers_use_the_language_decimal_mark_and_drop_trailing_zeros() {
        assert_eq!(Lang::En.number(4_504.348_837, 2), "4,504.35");
        assert_eq!(Lang::Fr.number(4_504.348_837, 2), "4\u{202f}504,35");
        assert_eq!(Lang::En.number(12.0, 2), "12");
        assert_eq!(Lang::En.number(-0.5, 1), "−0.5");
        assert_eq!(Lang::En.number(-0.001, 1), "0");
        // Decimals follow the data's scale: tiny forecasts keep their digits.
        let d = prevision_engine::stats::display_decimals(3.75e-9, 1);
        assert_eq!(Lang::En.number(3.1989e-9, d), "0.0000000032");
        assert_eq!(Lang::Fr.number(3.1989e-9, d), "0,0000000032");
        assert_eq!(Lang::Fr.number(f64::NAN, 2), "—");
    }

    #[test]
    fn dates_follow_the_language_and_show_time_only_below_a_day() {
        let t = NaiveDate::from_ymd_opt(2011, 1, 31)
            .and_then(|d| d.and_hms_opt(13, 30, 0))
            .unwrap_or_default();
        assert_eq!(Lang::En.date(t, Frequency::Daily), "2011-01-31");
        assert_eq!(Lang::Fr.date(t, Frequency::Daily), "31/01/2011");
        assert_eq!(Lang::Fr.date(t, Frequency::Minutes { minutes: 30 }), "31/01/2011 13:30");
    }

    #[test]
    fn every_message_is_translated_and_not_empty() {
        for msg in Msg::samples() {
            let en = Lang::En.text(&msg);
            let fr = Lang::Fr.text(&msg);
            assert!(!en.trim().is_empty(), "empty English text for {msg:?}");
            assert!(!fr.trim().is_empty(), "empty French text for {msg:?}");
        }
    }
}
