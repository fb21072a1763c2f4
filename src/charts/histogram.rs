//! Histograms: the chosen model's backtest residuals (`actual − forecast`), or the latencies
//! of a load test as the engine binned them.
//!
//! The engine lists the residuals; the chart only sorts them into equal-width bins to draw
//! them (about √n bins, between 5 and 40), the way any histogram plot does. The bins span the
//! typical range: values far beyond it (one 6.2 ms latency among 0.1 ms ones) are counted in
//! an end bar labelled "≥ 6.2" (or "≤ x" below), so one outlier cannot squeeze every other
//! value into a single bar.

use plotters::prelude::*;
use prevision_engine::forecast::report::ResidualDiagnostics;
use prevision_engine::stats;

use super::paint::{self, Area, Axis, FrameOptions};
use super::text::ChartText;
use super::{ChartError, ChartLayout};

/// The typical range runs between these quantiles...
const TAIL_SHARE: f64 = 0.01;
/// ...widened by this share of its width on each side: values beyond are far out. The
/// extremes of a well-behaved sample stay in the bins.
const OUTLIER_REACH: f64 = 0.5;

/// One bin: `[lower, upper)` (the last bin includes its upper edge unless values above it
/// are counted apart) and how many values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    /// Lower edge.
    pub lower: f64,
    /// Upper edge.
    pub upper: f64,
    /// Values in the bin.
    pub count: usize,
}

/// Values far beyond one end of the bins, drawn as one bar apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tail {
    /// Where the tail starts, seen from the bins: its value nearest to them, or for bins
    /// counted elsewhere the edge of the first bin it took. The bar's label: "≥ from" above,
    /// "≤ from" below.
    pub from: f64,
    /// Values in the tail.
    pub count: usize,
}

/// The data of a histogram chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistogramChart {
    /// Adjacent bins over the typical range, lowest first.
    pub bins: Vec<Bin>,
    /// Values far below the first bin.
    pub below: Option<Tail>,
    /// Values far above the last bin.
    pub above: Option<Tail>,
}

impl HistogramChart {
    /// Bins of the residuals of `diagnostics`.
    pub fn from_residuals(diagnostics: &ResidualDiagnostics) -> HistogramChart {
        HistogramChart::from_values(&diagnostics.residuals)
    }

    /// Equal-width bins of `values` over their typical range (non-finite ones are left out).
    pub fn from_values(values: &[f64]) -> HistogramChart {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let sorted = stats::sorted(&finite);
        let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else {
            return HistogramChart::default();
        };
        let q_lo = stats::quantile_sorted(&sorted, TAIL_SHARE);
        let q_hi = stats::quantile_sorted(&sorted, 1.0 - TAIL_SHARE);
        let reach = OUTLIER_REACH * (q_hi - q_lo);
        let start = sorted.partition_point(|v| *v < q_lo - reach);
        let end = sorted.partition_point(|v| *v <= q_hi + reach);
        let below = (start > 0).then(|| Tail { from: sorted[start - 1], count: start });
        let above =
            (end < sorted.len()).then(|| Tail { from: sorted[end], count: sorted.len() - end });
        let inside = &sorted[start..end];
        // The quantiles lie inside, so `inside` holds at least them.
        let (lo, hi) =
            (inside.first().copied().unwrap_or(min), inside.last().copied().unwrap_or(max));
        let (lo, hi) = if hi > lo { (lo, hi) } else { (lo - 0.5, hi + 0.5) };
        let count = ((inside.len() as f64).sqrt().ceil() as usize).clamp(5, 40);
        let width = (hi - lo) / count as f64;
        let mut bins: Vec<Bin> = (0..count)
            .map(|k| Bin {
                lower: lo + width * k as f64,
                upper: lo + width * (k + 1) as f64,
                count: 0,
            })
            .collect();
        for v in inside {
            let k = (((v - lo) / width).floor().max(0.0) as usize).min(count - 1);
            bins[k].count += 1;
        }
        HistogramChart { bins, below, above }
    }

    /// A histogram of bins already counted (adjacent, lowest first, of any widths, such as a
    /// load test's doubling latency bins): empty bins at either end are dropped, and bins past
    /// the 1st or 99th percentile reaching far beyond the rest are merged into end bars.
    pub fn from_bins(bins: &[Bin]) -> HistogramChart {
        let first = bins.iter().position(|b| b.count > 0);
        let last = bins.iter().rposition(|b| b.count > 0);
        let (Some(first), Some(last)) = (first, last) else {
            return HistogramChart::default();
        };
        let bins = &bins[first..=last];
        let total: usize = bins.iter().map(|b| b.count).sum();
        let tail = (total as f64 * TAIL_SHARE).floor() as usize;
        // The first bin past the lower tail, and the last bin before the upper tail.
        let mut seen = 0;
        let start = bins
            .iter()
            .position(|b| {
                seen += b.count;
                seen > tail
            })
            .unwrap_or(0);
        let mut seen = 0;
        let end = bins
            .iter()
            .rposition(|b| {
                seen += b.count;
                seen > tail
            })
            .unwrap_or(bins.len() - 1);
        let (start, end) = (start.min(end), end.max(start));
        let spread = bins[end].upper - bins[start].lower;
        let cut_lo = bins[start].lower - bins[0].lower > OUTLIER_REACH * spread;
        let cut_hi = bins[bins.len() - 1].upper - bins[end].upper > OUTLIER_REACH * spread;
        let start = if cut_lo { start } else { 0 };
        let end = if cut_hi { end } else { bins.len() - 1 };
        // The trimmed ends hold values, so each tail is either empty or starts at a bin.
        let below = bins[..start]
            .iter()
            .rev()
            .find(|b| b.count > 0)
            .map(|b| Tail { from: b.upper, count: bins[..start].iter().map(|b| b.count).sum() });
        let above = bins[end + 1..]
            .iter()
            .find(|b| b.count > 0)
            .map(|b| Tail { from: b.lower, count: bins[end + 1..].iter().map(|b| b.count).sum() });
        HistogramChart { bins: bins[start..=end].to_vec(), below, above }
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
        let (lo, hi) = (first.lower, last.upper);
        // End bars are as wide as an average bin, half a bin away from the others.
        let step = (hi - lo) / self.bins.len() as f64;
        let mut ends = Vec::new();
        let mut options =
            FrameOptions { x_ticks_within: Some((lo, hi)), ..FrameOptions::default() };
        if let Some(tail) = self.below {
            let label = format!("≤ {}", text.numbers.format_auto(tail.from));
            options.x_marks.push((lo - step, label));
            ends.push(Bin { lower: lo - 1.5 * step, upper: lo - 0.5 * step, count: tail.count });
        }
        if let Some(tail) = self.above {
            let label = format!("≥ {}", text.numbers.format_auto(tail.from));
            options.x_marks.push((hi + step, label));
            ends.push(Bin { lower: hi + 0.5 * step, upper: hi + 1.5 * step, count: tail.count });
        }
        let x_domain = (
            if self.below.is_some() { lo - 1.5 * step } else { lo },
            if self.above.is_some() { hi + 1.5 * step } else { hi },
        );
        let top = self.bins.iter().chain(&ends).map(|b| b.count).max().unwrap_or(0).max(1);
        let values = Axis::Numbers { extend: false, percent: false, integer: false };
        let counts = Axis::Numbers { extend: true, percent: false, integer: true };
        let frame = paint::frame_with(
            area,
            text,
            &[],
            (&values, x_domain),
            (&counts, (0.0, top as f64)),
            &options,
        )?;
        for b in self.bins.iter().chain(&ends).filter(|b| b.count > 0) {
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
    fn one_far_outlier_goes_to_the_end_bar_and_the_rest_spreads_over_the_bins() {
        let values: Vec<f64> =
            (0..999).map(|k| 0.05 + 0.25 * f64::from(k) / 998.0).chain([6.2]).collect();
        let h = HistogramChart::from_values(&values);
        assert!(h.bins.iter().filter(|b| b.count > 0).count() >= 5, "{h:?}");
        assert_eq!((h.below, h.above), (None, Some(Tail { from: 6.2, count: 1 })));
        assert!(h.bins.last().is_some_and(|b| b.upper <= 0.3 + 1e-9), "{h:?}");
        assert_eq!(h.bins.iter().map(|b| b.count).sum::<usize>(), 999);
    }

    #[test]
    fn a_sample_without_far_values_keeps_its_extremes_in_the_bins() {
        // A bell shape: its extremes are not far beyond its 1st and 99th percentiles.
        let values: Vec<f64> = (1..500).map(|k| (f64::from(k) / 500.0 - 0.5).powi(3)).collect();
        let h = HistogramChart::from_values(&values);
        assert_eq!((h.below, h.above), (None, None));
        let far_low: Vec<f64> = values.iter().copied().chain([-40.0]).collect();
        assert_eq!(
            HistogramChart::from_values(&far_low).below,
            Some(Tail { from: -40.0, count: 1 })
        );
    }

    #[test]
    fn doubling_bins_drop_empty_ends_and_merge_a_far_tail() {
        // A load test's bins: doubling from 1 µs, one call of 6.2 ms.
        let mut bins = Vec::new();
        let mut upper = 0.001;
        for k in 0..13 {
            let count = match k {
                5 => 150,
                6 => 600,
                7 => 240,
                8 => 8,
                12 => 1,
                _ => 0,
            };
            bins.push(Bin { lower: upper / 2.0, upper, count });
            upper *= 2.0;
        }
        bins[0].lower = 0.0;
        let h = HistogramChart::from_bins(&bins);
        assert_eq!(h.bins.first().map(|b| b.lower), Some(0.016), "leading empty bins dropped");
        assert_eq!(h.above, Some(Tail { from: 0.128, count: 9 }), "the 1 % tail, outlier included");
        assert_eq!(h.bins.len(), 3);
        assert_eq!(h.bins.iter().map(|b| b.count).sum::<usize>() + 9, 999);
        // A last bin holding more than 1 % is no tail: every bin is kept.
        bins[8].count = 50;
        let near = HistogramChart::from_bins(&bins[..9]);
        assert_eq!((near.bins.len(), near.above), (4, None));
    }

    #[test]
    fn equal_values_get_a_unit_wide_range() {
        let h = HistogramChart::from_values(&[3.0; 4]);
        assert_eq!(h.bins.len(), 5);
        assert_eq!(h.bins[2].count, 4);
    }
}
