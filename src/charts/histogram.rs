//! The histogram of the chosen model's backtest residuals (`actual − forecast`).
//!
//! The engine lists the residuals; the chart only sorts them into equal-width bins to draw
//! them (about √n bins, between 5 and 40), the way any histogram plot does.

use plotters::prelude::*;
use prevision_engine::forecast::report::ResidualDiagnostics;

use super::paint::{self, Area, Axis};
use super::text::ChartText;
use super::{ChartError, ChartLayout};

/// One bin: `[lower, upper)` (the last bin includes its upper edge) and how many residuals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    /// Lower edge.
    pub lower: f64,
    /// Upper edge.
    pub upper: f64,
    /// Residuals in the bin.
    pub count: usize,
}

/// The data of a histogram chart.
#[derive(Debug, Clone, PartialEq)]
pub struct HistogramChart {
    /// Equal-width bins, lowest first.
    pub bins: Vec<Bin>,
}

impl HistogramChart {
    /// Bins of the residuals of `diagnostics`.
    pub fn from_residuals(diagnostics: &ResidualDiagnostics) -> HistogramChart {
        HistogramChart::from_values(&diagnostics.residuals)
    }

    /// Bins of `values` (non-finite ones are left out).
    pub fn from_values(values: &[f64]) -> HistogramChart {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let (lo, hi) = finite
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(*v), b.max(*v)));
        if finite.is_empty() {
            return HistogramChart { bins: Vec::new() };
        }
        let count = ((finite.len() as f64).sqrt().ceil() as usize).clamp(5, 40);
        let (lo, hi) = if hi > lo { (lo, hi) } else { (lo - 0.5, hi + 0.5) };
        let width = (hi - lo) / count as f64;
        let mut bins: Vec<Bin> = (0..count)
            .map(|k| Bin {
                lower: lo + width * k as f64,
                upper: lo + width * (k + 1) as f64,
                count: 0,
            })
            .collect();
        for v in finite {
            let k = (((v - lo) / width).floor() as usize).min(count - 1);
            bins[k].count += 1;
        }
        HistogramChart { bins }
    }

    /// Paints the chart over `area`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        text: &ChartText,
    ) -> Result<ChartLayout, ChartError> {
        let (Some(first), Some(last)) = (self.bins.first(), self.bins.last()) else {
            paint::message(area, text, &text.legend.no_data)?;
            return Ok(ChartLayout::default());
        };
        let top = self.bins.iter().map(|b| b.count).max().unwrap_or(0).max(1);
        let values = Axis::Numbers { extend: false, percent: false, integer: false };
        let counts = Axis::Numbers { extend: true, percent: false, integer: true };
        let frame = paint::frame(
            area,
            text,
            &[],
            (&values, (first.lower, last.upper)),
            (&counts, (0.0, top as f64)),
        )?;
        for b in self.bins.iter().filter(|b| b.count > 0) {
            let (x0, x1) = (frame.x.pxi(b.lower), frame.x.pxi(b.upper));
            let (y0, y1) = (frame.y.pxi(b.count as f64), frame.y.pxi(0.0));
            // One pixel of white between bars keeps them apart without a border colour.
            area.draw(&Rectangle::new([(x0 + 1, y0), (x1.max(x0 + 2), y1)], paint::BAR.filled()))?;
        }
        Ok(ChartLayout::of(&frame))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_lands_in_one_bin() {
        let values: Vec<f64> = (0..100).map(|k| k as f64).chain([f64::NAN]).collect();
        let h = HistogramChart::from_values(&values);
        assert_eq!(h.bins.len(), 10);
        assert_eq!(h.bins.iter().map(|b| b.count).sum::<usize>(), 100);
        assert_eq!(h.bins[9].count, 10, "the maximum belongs to the last bin");
        assert_eq!(h.bins[0].lower, 0.0);
        assert_eq!(h.bins[9].upper, 99.0);
    }

    #[test]
    fn equal_values_get_a_unit_wide_range() {
        let h = HistogramChart::from_values(&[3.0; 4]);
        assert_eq!(h.bins.len(), 5);
        assert_eq!(h.bins[2].count, 4);
    }
}
