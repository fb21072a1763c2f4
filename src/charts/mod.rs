//! Charts as plain functions of data, drawn on any plotters backend.
//!
//! Each chart is a data struct built from engine types (`ForecastChart::from_report`,
//! `ProfileChart::weekdays`, …) plus a [`ChartText`] of already-translated words; a `draw`
//! function paints it on a plotters [`DrawingArea`](plotters::prelude::DrawingArea) and returns
//! the [`ChartLayout`] it used. The same function renders to SVG in native tests and to a
//! `<canvas>` in the browser ([`canvas`], [`view`]).
//!
//! **Invariant:** charts compute no statistic. Every number comes from the engine's reports;
//! this module only maps values to pixels (scales, ticks, the bins of a histogram of the
//! residuals the engine listed, over their typical range by the engine's quantiles) and lays
//! out text. Text is drawn as text, never interpreted.
//!
//! **Layout invariant:** texts never overlap and are never cut to a bare ellipsis: tick labels
//! that would touch are left out, category names shorten or take a second row
//! (`paint::fit_categories`), value labels of bar charts get a column of their own. Natively
//! text is measured by [`text::estimate_width`], so SVG tests check the layouts the browser's
//! measured text produces.

pub mod acf;
#[cfg(target_arch = "wasm32")]
pub mod canvas;
pub mod coverage;
pub mod forecast;
pub mod histogram;
mod paint;
pub mod profile;
pub mod scale;
pub mod series;
pub mod shap;
pub mod text;
pub mod view;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend};
use serde::{Deserialize, Serialize};

pub use acf::AcfChart;
pub use coverage::CoverageChart;
pub use forecast::{BandAt, ForecastChart, HoverPoint};
pub use histogram::HistogramChart;
pub use profile::ProfileChart;
pub use scale::{DatePrecision, format_date};
pub use series::SeriesChart;
pub use shap::{GroupChart, WaterfallChart};
pub use text::{Calendar, ChartText, LegendText, NumberFormat};
pub use view::ChartCanvas;

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    /// The drawing backend failed (a lost canvas context, a failed SVG write).
    #[error("the chart could not be drawn: {message}")]
    Backend {
        /// The backend's own description.
        message: String,
    },
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Backend { message: e.to_string() }
    }
}

/// A rectangle in backend pixels (CSS pixels in the browser).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct PlotRect {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl PlotRect {
    /// Whether `(x, y)` lies inside, with `slack` pixels of tolerance.
    pub fn contains(&self, x: f64, y: f64, slack: f64) -> bool {
        x >= self.left - slack
            && x <= self.left + self.width + slack
            && y >= self.top - slack
            && y <= self.top + self.height + slack
    }
}

/// Where a chart put its plot, and how its horizontal axis maps values to pixels: what
/// hit-testing needs. For date axes, x values are days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct ChartLayout {
    /// The plot area (inside the axes).
    pub plot: PlotRect,
    /// Value at the plot's left edge.
    pub x_min: f64,
    /// Value at the plot's right edge.
    pub x_max: f64,
}

impl ChartLayout {
    fn of(frame: &paint::PlotFrame) -> ChartLayout {
        // The plot's edges, which an inset x axis maps beyond its domain.
        let rect = frame.rect();
        ChartLayout {
            plot: rect,
            x_min: frame.x.value(rect.left),
            x_max: frame.x.value(rect.left + rect.width),
        }
    }

    /// The x value under pixel `px`.
    pub fn x_value(&self, px: f64) -> f64 {
        let width = if self.plot.width > 0.0 { self.plot.width } else { 1.0 };
        self.x_min + (px - self.plot.left) / width * (self.x_max - self.x_min)
    }

    /// The pixel of x value `x`.
    pub fn x_pixel(&self, x: f64) -> f64 {
        let span = if self.x_max != self.x_min { self.x_max - self.x_min } else { 1.0 };
        self.plot.left + (x - self.x_min) / span * self.plot.width
    }
}

/// Any chart's data, for the generic [`ChartCanvas`].
#[derive(Debug, Clone, PartialEq)]
pub enum ChartData {
    /// History, backtests, forecast and bands.
    Forecast(ForecastChart),
    /// Series over time.
    Series(SeriesChart),
    /// Weekday or month profile bars.
    Profile(ProfileChart),
    /// Autocorrelation bars with bounds.
    Acf(AcfChart),
    /// SHAP waterfall of one forecast step.
    Waterfall(WaterfallChart),
    /// SHAP contributions per feature group.
    Groups(GroupChart),
    /// Histogram of residuals.
    Histogram(HistogramChart),
    /// Nominal against observed interval coverage per step.
    Coverage(CoverageChart),
}

/// A chart ready to draw: its data and its words.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// What to draw.
    pub data: ChartData,
    /// Titles, axis names, legend entries, calendar and number format.
    pub text: ChartText,
}

impl Chart {
    /// A chart of `data` with `text`.
    pub fn new(data: ChartData, text: ChartText) -> Chart {
        Chart { data, text }
    }

    /// Paints the chart over the whole `area`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<ChartLayout, ChartError> {
        let t = &self.text;
        match &self.data {
            ChartData::Forecast(c) => c.draw(area, t),
            ChartData::Series(c) => c.draw(area, t),
            ChartData::Profile(c) => c.draw(area, t),
            ChartData::Acf(c) => c.draw(area, t),
            ChartData::Waterfall(c) => c.draw(area, t),
            ChartData::Groups(c) => c.draw(area, t),
            ChartData::Histogram(c) => c.draw(area, t),
            ChartData::Coverage(c) => c.draw(area, t),
        }
    }
}
