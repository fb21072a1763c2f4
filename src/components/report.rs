//! The data-quality report of a loaded file: head counts, file facts, warnings, a preview of
//! the cleaned frame, and one table per finding (rejected lines, missing dates, repeated
//! dates, columns, unusual values, per-series summary, repeating patterns).
//!
//! Every figure comes from the engine's [`QualityReport`]; this module only formats and lays
//! it out, naming (with the engine's calendar) the public holidays unusual values fall on.
//! Lists the engine truncated say so, with the exact total. Each section keeps its
//! `data-testid` even when empty, and then says plainly that nothing was found.

use std::sync::Arc;

use leptos::prelude::*;
use prevision_engine::features::{Holiday, HolidaySpec, holiday_on};
use prevision_engine::frame::Frequency;
use prevision_engine::ingest::{Ingested, Outlier, QualityReport, ZoneHandling};

use crate::components::data_table::{Cell, Column, data_table};
use crate::components::preview::FramePreview;
use crate::i18n::{Lang, Msg};
use crate::state::Source;
use prevision_engine::datasets::BuiltinDataset;

/// Longest list shown in a table; the engine keeps up to a thousand entries, a page of them
/// is enough to act on and keeps the DOM light.
pub const MAX_TABLE_ROWS: usize = 200;

/// The report view.
#[component]
pub fn ReportView(
    /// Interface language.
    lang: Lang,
    /// Where the data came from.
    source: Source,
    /// The frame and its report.
    ingested: Arc<Ingested>,
    /// The holiday calendar of the set-up, to name the unusual values that fall on a holiday.
    holidays: Option<HolidaySpec>,
) -> impl IntoView {
    let r = &ingested.report;
    let on_holidays = outliers_on_holidays(r, holidays);
    let t = |msg: Msg<'_>| lang.text(&msg);
    let attribution = match &source {
        Source::BuiltIn(d) => Some(*d),
        Source::File { .. } => None,
    };
    view! {
        <article class="report" data-testid="report" aria-labelledby="report-title">
            <header class="report-head">
                <h2 id="report-title" data-testid="report-title">
                    {t(Msg::ReportTitle { source: &source.name() })}
                </h2>
                {attribution
                    .map(|d: BuiltinDataset| {
                        view! {
                            <p class="attribution" data-testid="report-attribution">
                                {t(Msg::DatasetAttribution(d))}
                            </p>
                        }
                    })}
            </header>
            {tiles(lang, r)}
            {warnings(lang, r)}
            <div class="report-grid">
                {facts(lang, r)}
                <div class="stack">{rejected(lang, r)} {gaps(lang, r)} {duplicates(lang, r)}</div>
                <FramePreview lang frame=ingested.clone()/>
                {columns(lang, r)}
                {outliers(lang, r, holidays, on_holidays)}
                // Beside the unusual values, or across the page under them when they are.
                {seasonality(lang, r, on_holidays > 0)}
                {summary(lang, r)}
            </div>
        </article>
    }
}

/// The head counts, each a `<dt>`/`<dd>` pair with its own test id on the number.
pub(crate) fn tiles(lang: Lang, r: &QualityReport) -> impl IntoView + use<> {
    let tile = |label: Msg<'_>, value: usize, testid: &'static str, bad: bool| {
        let is_bad = bad && value > 0;
        view! {
            <div class="tile" class:is-bad=is_bad>
                <dt>{lang.text(&label)}</dt>
                <dd data-testid=testid>{lang.count(value)}</dd>
            </div>
        }
    };
    view! {
        <dl class="tiles" data-testid="row-counts">
            {tile(Msg::RowsRead, r.rows_read, "rows-read", false)}
            {tile(Msg::RowsLoaded, r.rows_loaded, "rows-loaded", false)}
            {tile(Msg::RowsRejected, r.rejected_total, "rows-rejected", true)}
            {tile(Msg::MissingSteps, r.missing_steps_total, "missing-steps", true)}
            {tile(Msg::OutliersFound, r.outliers_total, "outliers-count", true)}
        </dl>
    }
}

/// A report section: a card with a heading, a body and optional notes under it.
fn section(
    testid: &'static str,
    title: String,
    wide: bool,
    body: AnyView,
    notes: Vec<(&'static str, String)>,
) -> impl IntoView + use<> {
    let heading_id = format!("{testid}-title");
    let labelled_by = heading_id.clone();
    let heading_testid = heading_id.clone();
    view! {
        <section class="card" class:wide=wide data-testid=testid aria-labelledby=labelled_by>
            <h2 id=heading_id data-testid=heading_testid>{title}</h2>
            {body}
            {notes
                .into_iter()
                .map(|(id, text)| view! { <p class="section-note" data-testid=id>{text}</p> })
                .collect_view()}
        </section>
    }
}

/// "Nothing found" text in place of an empty table.
fn empty(testid: &'static str, text: String) -> AnyView {
    view! { <p class="empty" data-testid=testid>{text}</p> }.into_any()
}

/// A note saying a list is cut, when it is.
fn truncation(lang: Lang, shown: usize, total: usize) -> Option<(&'static str, String)> {
    (shown < total).then(|| ("truncated-note", lang.text(&Msg::ListTruncated { shown, total })))
}

fn facts(lang: Lang, r: &QualityReport) -> impl IntoView + use<> {
    let t = |msg: Msg<'_>| lang.text(&msg);
    let ids = if r.id_columns.is_empty() { t(Msg::SingleSeries) } else { r.id_columns.join(", ") };
    let range = t(Msg::DateRange {
        from: &lang.date(r.start, r.frequency),
        to: &lang.date(r.end, r.frequency),
    });
    let rows: Vec<(Msg<'static>, String, &'static str)> = vec![
        (Msg::FactEncoding, t(Msg::EncodingName(r.encoding)), "fact-encoding"),
        (Msg::FactDelimiter, t(Msg::DelimiterName(r.delimiter)), "fact-delimiter"),
        (Msg::FactDecimal, t(Msg::DecimalName(r.decimal)), "fact-decimal"),
        (Msg::FactDateColumn, r.date_column.clone(), "fact-date-column"),
        (Msg::FactDateFormat, t(Msg::DateFormatName(r.date_format)), "fact-date-format"),
        (Msg::FactZones, t(Msg::ZoneName(r.zones)), "fact-zones"),
        (Msg::FactTargetColumn, r.target_column.clone(), "fact-target-column"),
        (Msg::FactIdColumns, ids, "fact-id-columns"),
        (Msg::FactFrequency, t(Msg::FrequencyName(r.frequency)), "fact-frequency"),
        (Msg::FactDateRange, range, "fact-date-range"),
        (Msg::FactSeriesCount, lang.count(r.series_count), "fact-series-count"),
    ];
    let body = view! {
        <table class="facts" data-testid="file-facts">
            <tbody>
                {rows
                    .into_iter()
                    .map(|(label, value, id)| {
                        view! {
                            <tr>
                                <th scope="row">{lang.text(&label)}</th>
                                <td data-testid=id>{value}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    section("facts-section", t(Msg::FileFacts), false, body, vec![])
}

fn warnings(lang: Lang, r: &QualityReport) -> Option<impl IntoView + use<>> {
    if r.warnings.is_empty() {
        return None;
    }
    Some(view! {
        <section class="warnings" data-testid="warnings" aria-labelledby="warnings-title">
            <h2 id="warnings-title">{lang.text(&Msg::WarningsTitle)}</h2>
            <ul>
                {r
                    .warnings
                    .iter()
                    .map(|w| view! { <li data-testid="warning">{lang.text(&Msg::Warning(w))}</li> })
                    .collect_view()}
            </ul>
        </section>
    })
}

pub(crate) fn rejected(lang: Lang, r: &QualityReport) -> impl IntoView + use<> {
    let t = |msg: Msg<'_>| lang.text(&msg);
    let shown = r.rejected.len().min(MAX_TABLE_ROWS);
    let body = if r.rejected.is_empty() {
        empty("no-rejected", t(Msg::NoRejected))
    } else {
        let rows = r.rejected[..shown]
            .iter()
            .map(|row| {
                vec![
                    Cell::num(lang.count(row.line)),
                    row.column.as_deref().map_or_else(|| Cell::text("—"), Cell::code),
                    Cell::text(t(Msg::Reject(&row.reason))),
                ]
            })
            .collect();
        let columns = vec![
            Column::num(t(Msg::ColLine)),
            Column::text(t(Msg::ColColumn)),
            Column::text(t(Msg::ColReason)),
        ];
        data_table("rejected-table", t(Msg::RejectedTitle), columns, rows, true).into_any()
    };
    let notes = truncation(lang, shown, r.rejected_total).into_iter().collect();
    section("rejected-section", t(Msg::RejectedTitle), false, body, notes)
}

pub(crate) fn gaps(lang: Lang, r: &QualityReport) -> impl IntoView + use<> {
    let t = |msg: Msg<'_>| lang.text(&msg);
    let shown = r.gaps.len().min(MAX_TABLE_ROWS);
    let body = if r.gaps.is_empty() {
        empty("no-gaps", t(Msg::NoGaps))
    } else {
        let rows = r.gaps[..shown]
            .iter()
            .map(|g| {
                vec![
                    Cell::code(g.series.clone()),
                    Cell::date(lang.date(g.start, r.frequency)),
                    Cell::date(lang.date(g.end, r.frequency)),
                    Cell::num(lang.count(g.missing_steps)),
                ]
            })
            .collect();
        let columns = vec![
            Column::text(t(Msg::ColSeries)),
            Column::text(t(Msg::ColFrom)),
            Column::text(t(Msg::ColTo)),
            Column::num(t(Msg::ColMissingSteps)),
        ];
        data_table("gaps-table", t(Msg::GapsTitle), columns, rows, true).into_any()
    };
    let mut notes: Vec<_> = truncation(lang, shown, r.gaps_total).into_iter().collect();
    if !r.gaps.is_empty() {
        notes.push(("fill-policy", t(Msg::FillNote { policy: r.filled, filled: r.filled_count })));
    }
    section("gaps-section", t(Msg::GapsTitle), false, body, notes)
}

fn duplicates(lang: Lang, r: &QualityReport) -> impl IntoView + use<> {
    let t = |msg: Msg<'_>| lang.text(&msg);
    let shown = r.duplicates.len().min(MAX_TABLE_ROWS);
    let body = if r.duplicates.is_empty() {
        empty("no-duplicates", t(Msg::NoDuplicates))
    } else {
        let rows = r.duplicates[..shown]
            .iter()
            .map(|d| {
                let lines: Vec<String> = d.lines.iter().map(|l| lang.count(*l)).collect();
                vec![
                    Cell::code(d.series.clone()),
                    Cell::date(lang.date(d.timestamp, r.frequency)),
                    Cell::num(lang.count(d.count)),
                    Cell::text(lines.join(", ")),
                ]
            })
            .collect();
        let columns = vec![
            Column::text(t(Msg::ColSeries)),
            Column::text(t(Msg::ColDate)),
            Column::num(t(Msg::ColCount)),
            Column::text(t(Msg::ColLines)),
        ];
        data_table("duplicates-table", t(Msg::DuplicatesTitle), columns, rows, true).into_any()
    };
    let mut notes: Vec<_> = truncation(lang, shown, r.duplicates_total).into_iter().collect();
    if !r.duplicates.is_empty() {
        notes.push(("duplicate-policy", t(Msg::DuplicateNote(r.duplicate_policy))));
    }
    section("duplicates-section", t(Msg::DuplicatesTitle), false, body, notes)
}

fn columns(lang: Lang, r: &QualityReport) -> impl IntoView + use<> {
    let t = |msg: Msg<'_>| lang.text(&msg);
    let rows = r
        .columns
        .iter()
        .map(|c| {
            vec![
                Cell::code(c.name.clone()),
                Cell::text(t(Msg::RoleName(c.role))),
                Cell::text(t(Msg::KindName(c.kind))),
                Cell::num(lang.count(c.missing)),
                Cell::num(lang.count(c.invalid)),
                Cell::num(c.distinct.map_or_else(|| "—".to_owned(), |n| lang.count(n))),
            ]
        })
        .collect();
    let columns = vec![
        Column::text(t(Msg::ColColumn)),
        Column::text(t(Msg::ColRole)),
        Column::text(t(Msg::ColKind)),
        Column::num(t(Msg::ColMissing)),
        Column::num(t(Msg::ColInvalid)),
        Column::num(t(Msg::ColDistinct)),
    ];
    let body = data_table("columns-table", t(Msg::ColumnsTitle), columns, rows, true).into_any();
    section("columns-section", t(Msg::ColumnsTitle), true, body, vec![])
}

/// The public holiday of `holidays` that unusual value `o` falls on, for a daily or finer
/// series: a low day there is the holiday, which the holiday features tell the models about.
/// (Hours converted to UTC are not local hours: their dates are left unnamed.)
fn holiday_of(r: &QualityReport, holidays: Option<HolidaySpec>, o: &Outlier) -> Option<Holiday> {
    let daily = match r.frequency {
        Frequency::Daily | Frequency::BusinessDaily => true,
        Frequency::Minutes { .. } => r.zones != ZoneHandling::ConvertedToUtc,
        _ => false,
    };
    let h = holidays.filter(|_| daily)?;
    holiday_on(h.country, h.region, o.timestamp.date())
}

/// How many of the unusual values listed fall on a public holiday of `holidays`.
fn outliers_on_holidays(r: &QualityReport, holidays: Option<HolidaySpec>) -> usize {
    let shown = r.outliers.len().min(MAX_TABLE_ROWS);
    r.outliers[..shown].iter().filter(|o| holiday_of(r, holidays, o).is_some()).count()
}

/// The unusual values, `on_holidays` of those listed on a public holiday of `holidays`.
fn outliers(
    lang: Lang,
    r: &QualityReport,
    holidays: Option<HolidaySpec>,
    on_holidays: usize,
) -> impl IntoView + use<> {
    let t = |msg: Msg<'_>| lang.text(&msg);
    let shown = r.outliers.len().min(MAX_TABLE_ROWS);
    let holiday = |o: &Outlier| holiday_of(r, holidays, o);
    let body = if r.outliers.is_empty() {
        empty("no-outliers", t(Msg::NoOutliers))
    } else {
        let rows = r.outliers[..shown]
            .iter()
            .map(|o| {
                let mut row = vec![
                    Cell::code(o.series.clone()),
                    Cell::date(lang.date(o.timestamp, r.frequency)),
                    Cell::num(lang.number(o.value, 4)),
                    Cell::num(lang.number(o.score, 1)),
                ];
                if on_holidays > 0 {
                    let note = holiday(o).map(|h| t(Msg::OnHoliday(h))).unwrap_or_default();
                    row.push(Cell::text(note));
                }
                row
            })
            .collect();
        let mut columns = vec![
            Column::text(t(Msg::ColSeries)),
            Column::text(t(Msg::ColDate)),
            Column::num(t(Msg::ColValue)),
            Column::num(t(Msg::ColScore)),
        ];
        if on_holidays > 0 {
            columns.push(Column::text(t(Msg::ColHoliday)));
        }
        data_table("outliers-table", t(Msg::OutliersTitle), columns, rows, true).into_any()
    };
    let mut notes: Vec<_> = truncation(lang, shown, r.outliers_total).into_iter().collect();
    notes.push(("outlier-note", t(Msg::OutlierNote)));
    if on_holidays > 0 {
        notes.push(("outliers-on-holidays", t(Msg::OutliersOnHolidays { on_holidays, shown })));
    }
    // With the holidays' names the table needs the page's width.
    section("outliers-section", t(Msg::OutliersTitle), on_holidays > 0, body, notes)
}

fn summary(lang: Lang, r: &QualityReport) -> impl IntoView + use<> {
    let t = |msg: Msg<'_>| lang.text(&msg);
    let shown = r.summary.len().min(MAX_TABLE_ROWS);
    let n = |x: f64| Cell::num(lang.number(x, 2));
    let rows = r.summary[..shown]
        .iter()
        .map(|s| {
            vec![
                Cell::code(s.series.clone()),
                Cell::num(lang.count(s.rows)),
                Cell::num(lang.count(s.count)),
                Cell::num(lang.count(s.missing)),
                Cell::num(lang.count(s.future_rows)),
                Cell::date(lang.date(s.start, r.frequency)),
                Cell::date(lang.date(s.last_observed, r.frequency)),
                n(s.mean),
                n(s.std),
                n(s.min),
                n(s.q1),
                n(s.median),
                n(s.q3),
                n(s.max),
            ]
        })
        .collect();
    let columns = vec![
        Column::text(t(Msg::ColSeries)),
        Column::num(t(Msg::ColRows)),
        Column::num(t(Msg::ColObserved)),
        Column::num(t(Msg::ColMissing)),
        Column::num(t(Msg::ColFuture)),
        Column::text(t(Msg::ColStart)),
        Column::text(t(Msg::ColLastObserved)),
        Column::num(t(Msg::ColMean)),
        Column::num(t(Msg::ColStd)),
        Column::num(t(Msg::ColMin)),
        Column::num(t(Msg::ColQ1)),
        Column::num(t(Msg::ColMedian)),
        Column::num(t(Msg::ColQ3)),
        Column::num(t(Msg::ColMax)),
    ];
    let body = data_table("summary-table", t(Msg::SummaryTitle), columns, rows, true).into_any();
    let notes = truncation(lang, shown, r.summary.len()).into_iter().collect();
    section("summary-section", t(Msg::SummaryTitle), true, body, notes)
}

fn seasonality(lang: Lang, r: &QualityReport, wide: bool) -> impl IntoView + use<> {
    let t = |msg: Msg<'_>| lang.text(&msg);
    let body = if r.seasonal_periods.is_empty() {
        empty("no-seasonality", t(Msg::NoSeasonality))
    } else {
        let rows = r
            .seasonal_periods
            .iter()
            .map(|p| {
                vec![
                    Cell::text(t(Msg::PeriodSteps { steps: p.period, freq: r.frequency })),
                    Cell::num(lang.number(p.strength, 2)),
                ]
            })
            .collect();
        let columns = vec![Column::text(t(Msg::ColPeriod)), Column::num(t(Msg::ColStrength))];
        data_table("seasonality-table", t(Msg::SeasonalityTitle), columns, rows, false).into_any()
    };
    section("seasonality-section", t(Msg::SeasonalityTitle), wide, body, vec![])
}
