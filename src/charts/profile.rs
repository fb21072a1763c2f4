//! Calendar profile bars: the mean target per weekday or per month, as ingest reported it.
//!
//! Bars start at zero when every value has one sign (a bar's length is then its value) and
//! at the axis' lower end otherwise. A weekday or month without data has no bar.

use plotters::prelude::*;
use prevision_engine::ingest::report::QualityReport;

use super::paint::{self, Area, Axis};
use super::text::ChartText;
use super::{ChartError, ChartLayout};

/// Which calendar division the bars follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileKind {
    /// Monday to Sunday.
    Weekday,
    /// January to December.
    Month,
}

/// The data of a profile chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileChart {
    /// Weekdays or months (labels come from [`ChartText::calendar`]).
    pub kind: ProfileKind,
    /// Mean target per division, Monday or January first; `NaN` where there is no data.
    pub values: Vec<f64>,
}

impl ProfileChart {
    /// The weekday profile of the report; `None` for data coarser than daily.
    pub fn weekdays(report: &QualityReport) -> Option<ProfileChart> {
        report
            .weekday_profile
            .map(|v| ProfileChart { kind: ProfileKind::Weekday, values: v.to_vec() })
    }

    /// The month profile of the report; `None` for data coarser than monthly.
    pub fn months(report: &QualityReport) -> Option<ProfileChart> {
        report.month_profile.map(|v| ProfileChart { kind: ProfileKind::Month, values: v.to_vec() })
    }

    /// Paints the chart over `area`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        text: &ChartText,
    ) -> Result<ChartLayout, ChartError> {
        let finite = self.values.iter().copied().filter(|v| v.is_finite());
        let (lo, hi) =
            finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
        if !lo.is_finite() {
            paint::message(area, text, &text.legend.no_data)?;
            return Ok(ChartLayout::default());
        }
        let names: &[String] = match self.kind {
            ProfileKind::Weekday => &text.calendar.weekdays,
            ProfileKind::Month => &text.calendar.months,
        };
        let labels: Vec<String> =
            (0..self.values.len()).map(|i| names.get(i).cloned().unwrap_or_default()).collect();
        let y = (lo.min(0.0), hi.max(0.0));
        let numbers = Axis::Numbers { extend: true, percent: false, integer: false };
        let frame =
            paint::frame(area, text, &[], (&Axis::Categories(labels), (0.0, 1.0)), (&numbers, y))?;
        let slot = (frame.right - frame.left) as f64 / self.values.len().max(1) as f64;
        let half = (slot * 0.32).max(2.0);
        for (i, v) in self.values.iter().enumerate().filter(|(_, v)| v.is_finite()) {
            let x = frame.x.px(i as f64);
            let base = frame.y.pxi(0.0);
            let top = frame.y.pxi(*v);
            let (x0, x1) = ((x - half).round() as i32, (x + half).round() as i32);
            area.draw(&Rectangle::new(
                [(x0, top.min(base)), (x1, top.max(base))],
                paint::BAR.filled(),
            ))?;
        }
        Ok(ChartLayout::of(&frame))
    }
}
