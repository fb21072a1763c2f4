//! The forecast chart: the tail of the history, one model's backtest forecasts per fold, the
//! future point forecast and its prediction bands, with a hit-test for tooltips.
//!
//! Series are told apart by more than colour: the history is a solid slate line, backtests are
//! dashed orange, the forecast is blue with round markers, and bands are shaded areas whose
//! darkness grows as the level narrows. The hover table ([`ForecastChart::points`]) is built
//! once at construction, sorted by time, so a hit-test is a binary search.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use plotters::prelude::*;
use prevision_engine::forecast::report::ForecastReport;

use super::paint::{self, Area, Axis, Dash, LegendItem, Marker, Swatch};
use super::scale::{DatePrecision, days, format_date};
use super::text::{ChartText, fill_level};
use super::{ChartError, ChartLayout};

/// Seasons of history shown before the forecast.
pub const HISTORY_SEASONS: usize = 8;
/// Horizons of history shown before the forecast, when that is longer.
pub const HISTORY_HORIZONS: usize = 4;
/// Longest history tail drawn, in points.
pub const MAX_HISTORY_POINTS: usize = 2000;
/// Pixels between the plot's side edges and the first and last points: a forecast marker
/// (radius 3, ringed) or a one-step band (5 px each side) stays whole.
const END_INSET_PX: i32 = 8;

/// One prediction band along the forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct BandLine {
    /// Nominal coverage, e.g. 0.8.
    pub level: f64,
    /// Lower bound per forecast step.
    pub lower: Vec<f64>,
    /// Upper bound per forecast step.
    pub upper: Vec<f64>,
}

/// A band's bounds at one timestamp.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandAt {
    /// Nominal coverage.
    pub level: f64,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// Everything the chart knows at one timestamp: what a tooltip shows.
#[derive(Debug, Clone, PartialEq)]
pub struct HoverPoint {
    /// When.
    pub timestamp: NaiveDateTime,
    /// Observed value, in the history.
    pub actual: Option<f64>,
    /// Backtest forecast of the latest fold covering this timestamp.
    pub backtest: Option<f64>,
    /// Future point forecast.
    pub forecast: Option<f64>,
    /// Band bounds, in the report's level order.
    pub bands: Vec<BandAt>,
}

impl HoverPoint {
    /// The value the point stands for: the forecast in the future, the observation before.
    pub fn value(&self) -> Option<f64> {
        self.forecast.or(self.actual).or(self.backtest)
    }

    /// Tooltip lines: the date, then one `name: value` line per known value and band
    /// (`80% interval: 1,020 – 1,310`). Plain text, to be shown as text.
    pub fn tooltip_lines(&self, text: &ChartText, precision: DatePrecision) -> Vec<String> {
        let n = &text.numbers;
        let l = &text.legend;
        let mut lines = vec![format_date(self.timestamp, precision, &text.calendar)];
        let named =
            [(&l.history, self.actual), (&l.backtest, self.backtest), (&l.forecast, self.forecast)];
        for (name, value) in named {
            if let Some(v) = value {
                lines.push(format!("{name}: {}", n.format_auto(v)));
            }
        }
        for b in &self.bands {
            let band = fill_level(&l.band, b.level);
            lines.push(format!("{band}: {} – {}", n.format_auto(b.lower), n.format_auto(b.upper)));
        }
        lines
    }
}

/// The data of the forecast chart for one series and one model.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastChart {
    /// How dates are written in tooltips.
    pub precision: DatePrecision,
    /// Series id.
    pub series: String,
    /// The history tail, oldest first (`NaN` values are gaps).
    pub history: Vec<(NaiveDateTime, f64)>,
    /// Backtest forecasts of the model, one line per fold inside the tail, oldest first.
    pub backtests: Vec<Vec<(NaiveDateTime, f64)>>,
    /// Future point forecast.
    pub forecast: Vec<(NaiveDateTime, f64)>,
    /// Prediction bands along `forecast` (only for the chosen model), in report order.
    pub bands: Vec<BandLine>,
    /// Hover table: every timestamp drawn, sorted.
    pub points: Vec<HoverPoint>,
}

impl ForecastChart {
    /// The chart of series `series_index` and model `model_id` (the chosen one gets bands; any
    /// other shows its point forecast only). `timestamps` and `values` are that series'
    /// frame columns (future rows with `NaN` targets are cut off). `None` if the report has no
    /// such series or model.
    pub fn from_report(
        report: &ForecastReport,
        timestamps: &[NaiveDateTime],
        values: &[f64],
        series_index: usize,
        model_id: &str,
    ) -> Option<ForecastChart> {
        let future = report.forecasts.get(series_index)?;
        let (point, bands) = if model_id == report.chosen {
            let bands = future
                .bands
                .iter()
                .map(|b| BandLine {
                    level: b.level,
                    lower: b.lower.clone(),
                    upper: b.upper.clone(),
                })
                .collect();
            (future.point.clone(), bands)
        } else {
            let model = report.model_forecasts.iter().find(|m| m.model == model_id)?;
            (model.point.get(series_index)?.clone(), Vec::new())
        };
        let forecast: Vec<(NaiveDateTime, f64)> =
            future.timestamps.iter().copied().zip(point).collect();

        let observed =
            values.iter().rposition(|v| !v.is_nan()).map_or(0, |i| i + 1).min(timestamps.len());
        let horizon = report.spec.horizon.max(forecast.len());
        let tail = (HISTORY_SEASONS * report.season.max(1))
            .max(HISTORY_HORIZONS * horizon)
            .min(MAX_HISTORY_POINTS);
        let start = observed.saturating_sub(tail);
        let history: Vec<(NaiveDateTime, f64)> = timestamps[start..observed]
            .iter()
            .copied()
            .zip(values[start..observed].iter().copied())
            .collect();
        let first_shown = history.first().map(|p| p.0).or(forecast.first().map(|p| p.0));

        let backtests: Vec<Vec<(NaiveDateTime, f64)>> = report
            .backtests
            .iter()
            .find(|b| b.model == model_id)
            .map(|b| {
                b.folds
                    .iter()
                    .filter(|f| f.series == series_index)
                    .filter(|f| {
                        first_shown.is_some_and(|t0| f.timestamps.first().is_some_and(|t| *t >= t0))
                    })
                    .map(|f| f.timestamps.iter().copied().zip(f.forecast.iter().copied()).collect())
                    .collect()
            })
            .unwrap_or_default();

        let points = hover_table(&history, &backtests, &forecast, &bands);
        Some(ForecastChart {
            precision: DatePrecision::of(report.frequency),
            series: future.series.clone(),
            history,
            backtests,
            forecast,
            bands,
            points,
        })
    }

    /// The hover point nearest to the mouse at `mouse_x` (CSS pixels from the canvas' left),
    /// if the mouse is over the plot (with 8 px of slack).
    pub fn hit_test(&self, layout: &ChartLayout, mouse_x: f64) -> Option<usize> {
        let plot = layout.plot;
        if self.points.is_empty()
            || mouse_x < plot.left - 8.0
            || mouse_x > plot.left + plot.width + 8.0
        {
            return None;
        }
        let x = layout.x_value(mouse_x);
        let after = self.points.partition_point(|p| days(p.timestamp) < x);
        let candidates = [after.checked_sub(1), (after < self.points.len()).then_some(after)];
        candidates.into_iter().flatten().min_by(|&a, &b| {
            let da = (layout.x_pixel(days(self.points[a].timestamp)) - mouse_x).abs();
            let db = (layout.x_pixel(days(self.points[b].timestamp)) - mouse_x).abs();
            da.total_cmp(&db)
        })
    }

    /// Paints the chart over `area`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        text: &ChartText,
    ) -> Result<ChartLayout, ChartError> {
        let Some((x_domain, y_domain)) = self.domains() else {
            paint::message(area, text, &text.legend.no_data)?;
            return Ok(ChartLayout::default());
        };
        // The last forecast sits on the plot's right edge: inset the axis so its marker (and
        // a one-step band's slab) is drawn whole, also in the exported PNG.
        let options =
            paint::FrameOptions { x_inset: END_INSET_PX, ..paint::FrameOptions::default() };
        let frame = paint::frame_with(
            area,
            text,
            &self.legend(text),
            (&Axis::Dates, x_domain),
            (&NUMBERS, y_domain),
            &options,
        )?;
        let at = |t: NaiveDateTime, v: f64| frame.at(days(t), v);

        // Widest band first, so narrower (darker) ones paint over it.
        let mut bands: Vec<&BandLine> = self.bands.iter().collect();
        crate::order::sort_short_by(&mut bands, |a, b| b.level.total_cmp(&a.level));
        for (i, band) in bands.iter().enumerate() {
            let mut outline: Vec<(i32, i32)> = Vec::new();
            let steps = self.forecast.iter().zip(band.lower.iter().zip(&band.upper));
            let steps: Vec<_> =
                steps.filter(|(_, (lo, hi))| lo.is_finite() && hi.is_finite()).collect();
            for ((t, _), (_, hi)) in &steps {
                outline.push(at(*t, **hi));
            }
            for ((t, _), (lo, _)) in steps.iter().rev() {
                outline.push(at(*t, **lo));
            }
            if steps.len() == 1 {
                // A one-step band is a short vertical slab, not a line.
                let (x, top) = outline[0];
                let bottom = outline[1].1;
                outline = vec![(x - 5, top), (x + 5, top), (x + 5, bottom), (x - 5, bottom)];
            }
            if outline.len() >= 3 {
                area.draw(&Polygon::new(
                    outline,
                    paint::FORECAST.mix(band_alpha(i, bands.len())).filled(),
                ))?;
            }
        }

        for run in self.history.split(|(_, v)| !v.is_finite()) {
            let pixels: Vec<(i32, i32)> = run.iter().map(|&(t, v)| at(t, v)).collect();
            paint::polyline(area, &pixels, paint::HISTORY, 2, Dash::Solid)?;
            if pixels.len() == 1 {
                paint::marker(area, pixels[0], Marker::Circle, 2, paint::HISTORY)?;
            }
        }
        for fold in &self.backtests {
            let pixels: Vec<(i32, i32)> =
                fold.iter().filter(|p| p.1.is_finite()).map(|&(t, v)| at(t, v)).collect();
            paint::polyline(area, &pixels, paint::BACKTEST, 2, Dash::Dashed)?;
        }

        // The forecast origin: a faint vertical line where the history ends.
        if let Some(&(t, v)) = self.history.iter().rev().find(|p| p.1.is_finite()) {
            let (x, _) = at(t, v);
            paint::polyline(
                area,
                &[(x, frame.top), (x, frame.bottom)],
                paint::AXIS,
                1,
                Dash::Dotted,
            )?;
            if let Some(&(t1, v1)) = self.forecast.first().filter(|p| p.1.is_finite()) {
                paint::polyline(area, &[at(t, v), at(t1, v1)], paint::FORECAST, 1, Dash::Dotted)?;
            }
        }
        let pixels: Vec<(i32, i32)> =
            self.forecast.iter().filter(|p| p.1.is_finite()).map(|&(t, v)| at(t, v)).collect();
        paint::polyline(area, &pixels, paint::FORECAST, 2, Dash::Solid)?;
        if pixels.len() <= 60 {
            for p in &pixels {
                paint::marker(area, *p, Marker::Circle, 3, paint::FORECAST)?;
            }
        }
        Ok(ChartLayout::of(&frame))
    }

    fn legend(&self, text: &ChartText) -> Vec<LegendItem> {
        let l = &text.legend;
        let line = |color, dash, marker| Swatch::Line { color, width: 2, dash, marker };
        let mut items = vec![LegendItem {
            label: l.history.clone(),
            swatch: line(paint::HISTORY, Dash::Solid, Marker::None),
        }];
        if !self.backtests.is_empty() {
            items.push(LegendItem {
                label: l.backtest.clone(),
                swatch: line(paint::BACKTEST, Dash::Dashed, Marker::None),
            });
        }
        items.push(LegendItem {
            label: l.forecast.clone(),
            swatch: line(paint::FORECAST, Dash::Solid, Marker::Circle),
        });
        let mut levels: Vec<f64> = self.bands.iter().map(|b| b.level).collect();
        crate::order::sort_short_by(&mut levels, f64::total_cmp);
        let count = levels.len();
        for (i, level) in levels.iter().enumerate() {
            // Narrowest first in the legend; its shade is the sum of every band over it.
            let alpha: f64 = (0..count - i).map(|k| band_alpha(count - 1 - k, count)).sum();
            items.push(LegendItem {
                label: fill_level(&l.band, *level),
                swatch: Swatch::Fill { color: paint::FORECAST, alpha: alpha.min(0.6) },
            });
        }
        items
    }

    /// x (days) and y domains covering everything drawn; `None` when nothing is.
    fn domains(&self) -> Option<((f64, f64), (f64, f64))> {
        let times = self.history.iter().map(|p| p.0).chain(self.forecast.iter().map(|p| p.0));
        let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
        for t in times {
            x0 = x0.min(days(t));
            x1 = x1.max(days(t));
        }
        let values = self
            .history
            .iter()
            .chain(self.forecast.iter())
            .chain(self.backtests.iter().flatten())
            .map(|p| p.1)
            .chain(self.bands.iter().flat_map(|b| b.lower.iter().chain(&b.upper).copied()));
        let (mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.filter(|v| v.is_finite()) {
            y0 = y0.min(v);
            y1 = y1.max(v);
        }
        if !(x0.is_finite() && y0.is_finite()) {
            return None;
        }
        let pad = ((x1 - x0) * 0.01).max(0.5 / 24.0);
        Some(((x0 - pad, x1 + pad), (y0, y1)))
    }
}

const NUMBERS: Axis = Axis::Numbers { extend: true, percent: false, integer: false };

/// Opacity of the `i`-th band, widest first: the narrowest ends up the darkest.
fn band_alpha(i: usize, count: usize) -> f64 {
    if count <= 1 { 0.22 } else { 0.14 + 0.06 * i as f64 / (count - 1) as f64 }
}

fn hover_table(
    history: &[(NaiveDateTime, f64)],
    backtests: &[Vec<(NaiveDateTime, f64)>],
    forecast: &[(NaiveDateTime, f64)],
    bands: &[BandLine],
) -> Vec<HoverPoint> {
    let mut table: BTreeMap<NaiveDateTime, HoverPoint> = BTreeMap::new();
    fn entry(table: &mut BTreeMap<NaiveDateTime, HoverPoint>, t: NaiveDateTime) -> &mut HoverPoint {
        table.entry(t).or_insert_with(|| HoverPoint {
            timestamp: t,
            actual: None,
            backtest: None,
            forecast: None,
            bands: Vec::new(),
        })
    }
    for &(t, v) in history {
        entry(&mut table, t).actual = v.is_finite().then_some(v);
    }
    // Folds are oldest first: a later fold overwrites an earlier one at a shared timestamp.
    for &(t, v) in backtests.iter().flatten() {
        if v.is_finite() {
            entry(&mut table, t).backtest = Some(v);
        }
    }
    for (k, &(t, v)) in forecast.iter().enumerate() {
        let p = entry(&mut table, t);
        p.forecast = v.is_finite().then_some(v);
        p.bands = bands
            .iter()
            .filter_map(|b| {
                Some(BandAt { level: b.level, lower: *b.lower.get(k)?, upper: *b.upper.get(k)? })
            })
            .filter(|b| b.lower.is_finite() && b.upper.is_finite())
            .collect();
    }
    table.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::PlotRect;
    use chrono::{Duration, NaiveDate};

    fn day(k: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("valid")
            + Duration::days(k)
    }

    fn chart() -> ForecastChart {
        let history: Vec<_> = (0..10).map(|k| (day(k), 100.0 + k as f64)).collect();
        let backtests = vec![vec![(day(8), 107.0), (day(9), 108.0)]];
        let forecast = vec![(day(10), 111.0), (day(11), 112.0)];
        let bands =
            vec![BandLine { level: 0.8, lower: vec![105.0, 104.0], upper: vec![115.0, 118.0] }];
        let points = hover_table(&history, &backtests, &forecast, &bands);
        ForecastChart {
            precision: DatePrecision::Day,
            series: "s".into(),
            history,
            backtests,
            forecast,
            bands,
            points,
        }
    }

    fn layout() -> ChartLayout {
        // Day 0 at x = 100 px, day 11 at x = 650 px: 50 px per day.
        ChartLayout {
            plot: PlotRect { left: 100.0, top: 10.0, width: 550.0, height: 200.0 },
            x_min: days(day(0)),
            x_max: days(day(11)),
        }
    }

    #[test]
    fn the_hover_table_merges_history_backtest_and_forecast_by_timestamp() {
        let c = chart();
        assert_eq!(c.points.len(), 12);
        assert_eq!(c.points[9].actual, Some(109.0));
        assert_eq!(c.points[9].backtest, Some(108.0));
        assert_eq!(c.points[11].forecast, Some(112.0));
        assert_eq!(c.points[11].bands, vec![BandAt { level: 0.8, lower: 104.0, upper: 118.0 }]);
    }

    #[test]
    fn hit_test_picks_the_nearest_timestamp() {
        let c = chart();
        let l = layout();
        assert_eq!(c.hit_test(&l, 100.0), Some(0));
        assert_eq!(c.hit_test(&l, 124.0), Some(0));
        assert_eq!(c.hit_test(&l, 126.0), Some(1));
        assert_eq!(c.hit_test(&l, 640.0), Some(11));
        assert_eq!(c.hit_test(&l, 655.0), Some(11));
    }

    #[test]
    fn hit_test_ignores_the_mouse_outside_the_plot() {
        let c = chart();
        assert_eq!(c.hit_test(&layout(), 20.0), None);
        assert_eq!(c.hit_test(&layout(), 700.0), None);
    }

    #[test]
    fn tooltip_lines_name_every_known_value_and_band() {
        let c = chart();
        let text = ChartText::default();
        assert_eq!(
            c.points[11].tooltip_lines(&text, DatePrecision::Day),
            ["12 Jan 2024", "Forecast: 112", "80% interval: 104 – 118"]
        );
        assert_eq!(
            c.points[9].tooltip_lines(&text, DatePrecision::Day),
            ["10 Jan 2024", "History: 109", "Backtest forecasts: 108"]
        );
    }
}
