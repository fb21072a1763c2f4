//! The exploration chart: each series' observed history over time.
//!
//! Long series are thinned per pixel column (first, lowest, highest and last value of the
//! points falling in each column), which draws the same picture as every point with a
//! bounded number of segments. Gaps (`NaN`) break the line. Several series differ by colour
//! and dash pattern, named in a legend.

use chrono::NaiveDateTime;
use plotters::prelude::*;
use prevision_engine::frame::{Frame, Series};

use super::paint::{self, Area, Axis, LegendItem, Marker, Swatch};
use super::scale::{DatePrecision, days};
use super::text::ChartText;
use super::{ChartError, ChartLayout};

/// Most series drawn on one chart (more would be unreadable).
pub const MAX_SERIES: usize = 6;

/// One series' line.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesLine {
    /// Series id, shown in the legend when there are several.
    pub name: String,
    /// Observed history, oldest first; `NaN` values are gaps.
    pub points: Vec<(NaiveDateTime, f64)>,
}

/// The data of the exploration chart.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesChart {
    /// How dates are written.
    pub precision: DatePrecision,
    /// The series, at most [`MAX_SERIES`].
    pub lines: Vec<SeriesLine>,
}

impl SeriesChart {
    /// The first `max_series` series of `frame` (capped at [`MAX_SERIES`]), history only.
    pub fn from_frame(frame: &Frame, max_series: usize) -> SeriesChart {
        let lines = frame.series.iter().take(max_series.min(MAX_SERIES)).map(line_of).collect();
        SeriesChart { precision: DatePrecision::of(frame.freq), lines }
    }

    /// One series of `frame`; `None` past the last one.
    pub fn from_series(frame: &Frame, series_index: usize) -> Option<SeriesChart> {
        let series = frame.series.get(series_index)?;
        Some(SeriesChart { precision: DatePrecision::of(frame.freq), lines: vec![line_of(series)] })
    }

    /// Paints the chart over `area`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        text: &ChartText,
    ) -> Result<ChartLayout, ChartError> {
        let mut x = (f64::INFINITY, f64::NEG_INFINITY);
        let mut y = (f64::INFINITY, f64::NEG_INFINITY);
        for (t, v) in self.lines.iter().flat_map(|l| l.points.iter()) {
            x = (x.0.min(days(*t)), x.1.max(days(*t)));
            if v.is_finite() {
                y = (y.0.min(*v), y.1.max(*v));
            }
        }
        if !(x.0.is_finite() && y.0.is_finite()) {
            paint::message(area, text, &text.legend.no_data)?;
            return Ok(ChartLayout::default());
        }
        let legend: Vec<LegendItem> = if self.lines.len() > 1 {
            self.lines
                .iter()
                .enumerate()
                .map(|(i, l)| LegendItem { label: l.name.clone(), swatch: style_of(i) })
                .collect()
        } else {
            Vec::new()
        };
        let axis = Axis::Numbers { extend: true, percent: false, integer: false };
        let frame = paint::frame(area, text, &legend, (&Axis::Dates, x), (&axis, y))?;
        for (i, line) in self.lines.iter().enumerate() {
            let Swatch::Line { color, dash, .. } = style_of(i) else { continue };
            for run in line.points.split(|(_, v)| !v.is_finite()) {
                let pixels = thin(run.iter().map(|&(t, v)| (frame.x.px(days(t)), frame.y.px(v))));
                paint::polyline(
                    area,
                    &pixels,
                    color,
                    if self.lines.len() > 1 { 2 } else { 1 },
                    dash,
                )?;
                if pixels.len() == 1 {
                    paint::marker(area, pixels[0], Marker::Circle, 2, color)?;
                }
            }
        }
        Ok(ChartLayout::of(&frame))
    }
}

fn line_of(series: &Series) -> SeriesLine {
    let n = series.observed_len();
    SeriesLine {
        name: series.id.clone(),
        points: series.timestamps[..n]
            .iter()
            .copied()
            .zip(series.target[..n].iter().copied())
            .collect(),
    }
}

fn style_of(i: usize) -> Swatch {
    let k = i % paint::SERIES.len();
    Swatch::Line {
        color: paint::SERIES[k],
        width: 2,
        dash: paint::SERIES_DASHES[k],
        marker: Marker::None,
    }
}

/// Rounds points to pixels, keeping per pixel column only its first, lowest, highest and last
/// point (in their original order).
pub(crate) fn thin(points: impl Iterator<Item = (f64, f64)>) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::new();
    let mut column: Vec<(i32, i32)> = Vec::new();
    let flush = |column: &mut Vec<(i32, i32)>, out: &mut Vec<(i32, i32)>| {
        if column.len() <= 4 {
            out.append(column);
            return;
        }
        let lowest = column.iter().enumerate().max_by_key(|(_, p)| p.1).map_or(0, |(k, _)| k);
        let highest = column.iter().enumerate().min_by_key(|(_, p)| p.1).map_or(0, |(k, _)| k);
        let mut keep = vec![0, lowest, highest, column.len() - 1];
        keep.sort_unstable();
        keep.dedup();
        out.extend(keep.into_iter().map(|k| column[k]));
        column.clear();
    };
    for (x, y) in points {
        let p = (x.round().clamp(-1.0e6, 1.0e6) as i32, y.round().clamp(-1.0e6, 1.0e6) as i32);
        if column.last().is_some_and(|q| q.0 != p.0) {
            flush(&mut column, &mut out);
        }
        column.push(p);
    }
    flush(&mut column, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_the_extremes_of_each_pixel_column() {
        let pts = [(0.1, 5.0), (0.2, 9.0), (0.3, 1.0), (0.4, 4.0), (0.45, 6.0), (1.0, 3.0)];
        assert_eq!(thin(pts.into_iter()), vec![(0, 5), (0, 9), (0, 1), (0, 6), (1, 3)]);
    }

    #[test]
    fn thinning_leaves_sparse_points_alone() {
        let pts = [(0.0, 1.0), (10.0, 2.0), (20.0, 3.0)];
        assert_eq!(thin(pts.into_iter()), vec![(0, 1), (10, 2), (20, 3)]);
    }
}
