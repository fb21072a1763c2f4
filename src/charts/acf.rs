//! Autocorrelation bars with the ±1.96/√n band of a white-noise sequence.
//!
//! The autocorrelations come from the engine (residual diagnostics, or its `stats::acf` on a
//! history); the chart only draws them. Bars are told from the bounds by shape (bars against
//! dashed lines), and the lag is the horizontal position.

use plotters::prelude::*;
use prevision_engine::forecast::report::ResidualDiagnostics;

use super::paint::{self, Area, Axis, Dash, LegendItem, Marker, Swatch};
use super::text::ChartText;
use super::{ChartError, ChartLayout};

/// Standard normal quantile of a two-sided 95 % band.
const Z_95: f64 = 1.96;

/// The data of an autocorrelation chart.
#[derive(Debug, Clone, PartialEq)]
pub struct AcfChart {
    /// Autocorrelation at lags 1, 2, … (lag 0 is always 1 and is not drawn).
    pub values: Vec<f64>,
    /// Half-width of the white-noise band (1.96/√n); `None` draws no bounds.
    pub bound: Option<f64>,
}

impl AcfChart {
    /// Autocorrelations at lags `1..` over a sample of `sample_size` values.
    pub fn from_values(values: Vec<f64>, sample_size: usize) -> AcfChart {
        let bound = (sample_size > 0).then(|| Z_95 / (sample_size as f64).sqrt());
        AcfChart { values, bound }
    }

    /// The residual autocorrelation of the chosen model; the bound uses every residual.
    pub fn from_residuals(diagnostics: &ResidualDiagnostics) -> AcfChart {
        AcfChart::from_values(diagnostics.acf.clone(), diagnostics.residuals.len())
    }

    /// The autocorrelation of an observed history at lags `1..=max_lag`, computed by the
    /// engine's `stats::acf` (missing values count as the mean).
    pub fn from_history(history: &[f64], max_lag: usize) -> AcfChart {
        let acf = prevision_engine::stats::acf(history, max_lag);
        let n = history.iter().filter(|v| v.is_finite()).count();
        AcfChart::from_values(acf.into_iter().skip(1).collect(), n)
    }

    /// Paints the chart over `area`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        text: &ChartText,
    ) -> Result<ChartLayout, ChartError> {
        if !self.values.iter().any(|v| v.is_finite()) {
            paint::message(area, text, &text.legend.no_data)?;
            return Ok(ChartLayout::default());
        }
        let bound = self.bound.filter(|b| b.is_finite());
        let extreme = self
            .values
            .iter()
            .filter(|v| v.is_finite())
            .fold(bound.unwrap_or(0.0), |m, v| m.max(v.abs()));
        let y = (-extreme.max(0.1), extreme.max(0.1));
        let mut legend = vec![LegendItem {
            label: text.legend.acf_bars.clone(),
            swatch: Swatch::Fill { color: paint::BAR, alpha: 1.0 },
        }];
        if bound.is_some() {
            legend.push(LegendItem {
                label: text.legend.acf_bounds.clone(),
                swatch: Swatch::Line {
                    color: paint::REFERENCE,
                    width: 1,
                    dash: Dash::Dashed,
                    marker: Marker::None,
                },
            });
        }
        let n = self.values.len();
        let lags = Axis::Numbers { extend: false, percent: false, integer: true };
        let numbers = Axis::Numbers { extend: true, percent: false, integer: false };
        let frame =
            paint::frame(area, text, &legend, (&lags, (0.4, n as f64 + 0.6)), (&numbers, y))?;
        let slot = (frame.right - frame.left) as f64 / (n as f64 + 0.2);
        let half = (slot * 0.3).clamp(1.0, 7.0);
        let zero = frame.y.pxi(0.0);
        for (k, v) in self.values.iter().enumerate().filter(|(_, v)| v.is_finite()) {
            let x = frame.x.px(k as f64 + 1.0);
            let top = frame.y.pxi(*v);
            let (x0, x1) = ((x - half).round() as i32, (x + half).round() as i32);
            area.draw(&Rectangle::new(
                [(x0, top.min(zero)), (x1.max(x0 + 1), top.max(zero).max(top.min(zero) + 1))],
                paint::BAR.filled(),
            ))?;
        }
        if let Some(b) = bound {
            for level in [b, -b] {
                let py = frame.y.pxi(level);
                paint::polyline(
                    area,
                    &[(frame.left, py), (frame.right, py)],
                    paint::REFERENCE,
                    1,
                    Dash::Dashed,
                )?;
            }
        }
        Ok(ChartLayout::of(&frame))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_is_the_white_noise_band_of_the_sample() {
        let c = AcfChart::from_values(vec![0.5, 0.1], 400);
        assert_eq!(c.bound, Some(1.96 / 20.0));
        assert_eq!(AcfChart::from_values(vec![], 0).bound, None);
    }

    #[test]
    fn a_history_acf_skips_lag_zero() {
        let c = AcfChart::from_history(&[1.0, 2.0, 1.0, 2.0, 1.0, 2.0], 2);
        assert_eq!(c.values.len(), 2);
        assert!(c.values[0] < 0.0 && c.values[1] > 0.0, "{:?}", c.values);
    }
}
