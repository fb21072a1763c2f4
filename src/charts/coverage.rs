//! Interval coverage per horizon step: the observed coverage of each level next to its
//! nominal target (the engine's report card, each window judged by the windows before it).
//!
//! Each level has its own colour and marker; its nominal target is a dashed line of the same
//! colour, so a level is identified without colour.

use plotters::prelude::*;
use prevision_engine::intervals::StepCoverage;

use super::paint::{self, Area, Axis, Dash, LegendItem, Marker, Swatch};
use super::text::{ChartText, fill_level};
use super::{ChartError, ChartLayout};

const MARKERS: [Marker; 3] = [Marker::Circle, Marker::Square, Marker::Diamond];
const COLORS: [RGBColor; 3] = [paint::FORECAST, paint::BACKTEST, RGBColor(0x0b, 0x6b, 0x58)];

/// Observed coverage of one level per step.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageLevel {
    /// Nominal coverage, e.g. 0.8.
    pub level: f64,
    /// `(1-based step, observed coverage)`; `None` where no point could be evaluated.
    pub steps: Vec<(usize, Option<f64>)>,
}

/// The data of the coverage chart.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageChart {
    /// One entry per level, in report order.
    pub levels: Vec<CoverageLevel>,
}

impl CoverageChart {
    /// Groups the report card's rows by level.
    pub fn from_coverage(rows: &[StepCoverage]) -> CoverageChart {
        let mut levels: Vec<CoverageLevel> = Vec::new();
        for row in rows {
            let point = (row.step, row.observed);
            match levels.iter_mut().find(|l| l.level == row.nominal) {
                Some(l) => l.steps.push(point),
                None => levels.push(CoverageLevel { level: row.nominal, steps: vec![point] }),
            }
        }
        for l in &mut levels {
            crate::order::sort_short_by(&mut l.steps, |a, b| a.0.cmp(&b.0));
        }
        CoverageChart { levels }
    }

    /// Paints the chart over `area`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        text: &ChartText,
    ) -> Result<ChartLayout, ChartError> {
        let last_step = self.levels.iter().flat_map(|l| l.steps.iter().map(|s| s.0)).max();
        let Some(last_step) =
            last_step.filter(|_| self.levels.iter().any(|l| l.steps.iter().any(|s| s.1.is_some())))
        else {
            paint::message(area, text, &text.legend.no_data)?;
            return Ok(ChartLayout::default());
        };
        let mut legend = Vec::new();
        for (i, l) in self.levels.iter().enumerate() {
            let (color, marker) = (COLORS[i % COLORS.len()], MARKERS[i % MARKERS.len()]);
            legend.push(LegendItem {
                label: fill_level(&text.legend.observed, l.level),
                swatch: Swatch::Line { color, width: 2, dash: Dash::Solid, marker },
            });
            legend.push(LegendItem {
                label: fill_level(&text.legend.nominal, l.level),
                swatch: Swatch::Line { color, width: 1, dash: Dash::Dashed, marker: Marker::None },
            });
        }
        let steps = Axis::Numbers { extend: false, percent: false, integer: true };
        let share = Axis::Numbers { extend: true, percent: true, integer: false };
        let x = (0.5, last_step as f64 + 0.5);
        let frame = paint::frame(area, text, &legend, (&steps, x), (&share, (0.0, 1.0)))?;
        for (i, l) in self.levels.iter().enumerate() {
            let (color, marker) = (COLORS[i % COLORS.len()], MARKERS[i % MARKERS.len()]);
            let nominal = frame.y.pxi(l.level);
            paint::polyline(
                area,
                &[(frame.left, nominal), (frame.right, nominal)],
                color,
                1,
                Dash::Dashed,
            )?;
            let observed: Vec<(usize, f64)> =
                l.steps.iter().filter_map(|&(s, o)| Some((s, o?))).collect();
            for run in observed.chunk_by(|a, b| b.0 == a.0 + 1) {
                let pixels: Vec<(i32, i32)> =
                    run.iter().map(|&(s, o)| frame.at(s as f64, o)).collect();
                paint::polyline(area, &pixels, color, 2, Dash::Solid)?;
            }
            for &(s, o) in &observed {
                paint::marker(area, frame.at(s as f64, o), marker, 3, color)?;
            }
        }
        Ok(ChartLayout::of(&frame))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(step: usize, nominal: f64, observed: Option<f64>) -> StepCoverage {
        StepCoverage { step, level: nominal, nominal, observed, mean_width: None, n: 10 }
    }

    #[test]
    fn groups_rows_by_level_in_step_order() {
        let rows = [row(2, 0.8, Some(0.7)), row(1, 0.8, Some(0.9)), row(1, 0.95, None)];
        let c = CoverageChart::from_coverage(&rows);
        assert_eq!(c.levels.len(), 2);
        assert_eq!(c.levels[0].steps, vec![(1, Some(0.9)), (2, Some(0.7))]);
        assert_eq!(c.levels[1].steps, vec![(1, None)]);
    }
}
