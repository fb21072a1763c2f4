//! SHAP charts of one forecast step: the waterfall from the model's average output to its
//! prediction, and the contribution of each feature group.
//!
//! The waterfall lists the largest contributions by magnitude (the rest summed as one
//! "others" row), each bar running from the total before it to the total after it. Raising
//! and lowering bars differ in colour *and* carry a signed value label, so the direction is
//! never told by colour alone.
//!
//! **Layout invariant:** no two texts overlap, at any width. Names sit left of the plot, cut
//! with an ellipsis to at most half the room the plot and names share; values are
//! right-aligned in a column of their own right of the plot, so a long bar or a negative
//! value never runs into a name.

use chrono::NaiveDateTime;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use prevision_engine::features::{FeatureGroup, FeatureInfo};
use prevision_engine::forecast::report::StepExplanation;

use super::paint::{self, Area, Axis, Dash, FrameOptions, Marker};
use super::text::{ChartText, fill_count};
use super::{ChartError, ChartLayout};

/// Contributions listed by default before the rest is summed.
pub const DEFAULT_TOP: usize = 10;

/// One feature's contribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// Feature name in the reader's language.
    pub name: String,
    /// The feature's value in the explained row.
    pub value: Option<f64>,
    /// That value as the reader reads it (`yes`, `Wednesday`, `January`), when the caller
    /// knows better than a plain number.
    pub value_text: Option<String>,
    /// Its SHAP value.
    pub shap: f64,
}

/// The data of a SHAP waterfall.
#[derive(Debug, Clone, PartialEq)]
pub struct WaterfallChart {
    /// The explained forecast timestamp.
    pub timestamp: NaiveDateTime,
    /// Expected model output.
    pub base_value: f64,
    /// The prediction (`base_value + Σ shap`).
    pub prediction: f64,
    /// The largest contributions by magnitude, largest first.
    pub top: Vec<Contribution>,
    /// How many features were summed into the remainder, and their total.
    pub others: Option<(usize, f64)>,
}

impl WaterfallChart {
    /// The waterfall of `step`, naming features with `name` (e.g. `|f| f.name_fr.clone()`);
    /// `top` contributions are listed, the rest summed.
    pub fn from_step(
        step: &StepExplanation,
        features: &[FeatureInfo],
        name: impl Fn(&FeatureInfo) -> String,
        top: usize,
    ) -> WaterfallChart {
        Self::from_step_labelled(step, features, name, |_, _| None, top)
    }

    /// [`WaterfallChart::from_step`], with each feature's value written by `value` (`None`:
    /// as a plain number).
    pub fn from_step_labelled(
        step: &StepExplanation,
        features: &[FeatureInfo],
        name: impl Fn(&FeatureInfo) -> String,
        value: impl Fn(&FeatureInfo, f64) -> Option<String>,
        top: usize,
    ) -> WaterfallChart {
        let mut all: Vec<Contribution> = step
            .shap
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_finite())
            .map(|(k, &shap)| {
                let v = step.values.get(k).copied().filter(|v| v.is_finite());
                Contribution {
                    name: features.get(k).map_or_else(|| format!("#{k}"), &name),
                    value: v,
                    value_text: features.get(k).zip(v).and_then(|(f, v)| value(f, v)),
                    shap,
                }
            })
            .collect();
        crate::order::sort_short_by(&mut all, |a, b| b.shap.abs().total_cmp(&a.shap.abs()));
        let rest = all.split_off(top.min(all.len()));
        let others = (!rest.is_empty()).then(|| (rest.len(), rest.iter().map(|c| c.shap).sum()));
        WaterfallChart {
            timestamp: step.timestamp,
            base_value: step.base_value,
            prediction: step.prediction,
            top: all,
            others,
        }
    }

    /// Paints the chart over `area`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        text: &ChartText,
    ) -> Result<ChartLayout, ChartError> {
        let numbers = &text.numbers;
        // Rows top to bottom: base, contributions, others, prediction.
        let mut rows: Vec<(String, f64)> = self
            .top
            .iter()
            .map(|c| {
                let label = match (&c.value_text, c.value) {
                    (Some(t), _) => format!("{} = {t}", c.name),
                    (None, Some(v)) => format!("{} = {}", c.name, numbers.format_auto(v)),
                    (None, None) => c.name.clone(),
                };
                (label, c.shap)
            })
            .collect();
        if let Some((n, total)) = self.others {
            rows.push((fill_count(&text.legend.others, n), total));
        }
        let mut labels = vec![text.legend.base_value.clone()];
        labels.extend(rows.iter().map(|r| r.0.clone()));
        labels.push(text.legend.prediction.clone());

        let mut running = self.base_value;
        let mut spans = Vec::with_capacity(rows.len());
        let (mut lo, mut hi) =
            (self.base_value.min(self.prediction), self.base_value.max(self.prediction));
        for (_, shap) in &rows {
            let next = running + shap;
            spans.push((running, next));
            lo = lo.min(next);
            hi = hi.max(next);
            running = next;
        }
        if !(lo.is_finite() && hi.is_finite()) {
            paint::message(area, text, &text.legend.no_data)?;
            return Ok(ChartLayout::default());
        }
        let mut values = vec![numbers.format_auto(self.base_value)];
        values.extend(rows.iter().map(|(_, shap)| numbers.format_signed(*shap)));
        values.push(numbers.format_auto(self.prediction));
        let pad = ((hi - lo) * 0.04).max(hi.abs().max(1.0) * 1e-3);
        let numbers_axis = Axis::Numbers { extend: false, percent: false, integer: false };
        let frame = paint::frame_with(
            area,
            text,
            &[],
            (&numbers_axis, (lo - pad, hi + pad)),
            (&Axis::Categories(labels), (0.0, 1.0)),
            &value_column(area, &values),
        )?;
        let band = (frame.bottom - frame.top) as f64 / (rows.len() + 2) as f64;
        let half = (band * 0.32).clamp(2.0, 11.0);

        let ends = [(0usize, self.base_value), (rows.len() + 1, self.prediction)];
        for (row, value) in ends {
            let (x, y) = frame.at(value, row as f64);
            paint::marker(area, (x, y), Marker::Diamond, 5, paint::HISTORY)?;
        }
        for (k, ((_, shap), (from, to))) in rows.iter().zip(&spans).enumerate() {
            let row = k + 1;
            let y = frame.y.px(row as f64);
            let (x0, x1) = (frame.x.pxi(from.min(*to)), frame.x.pxi(from.max(*to)));
            let color = if *shap >= 0.0 { paint::RAISE } else { paint::LOWER };
            let (top, bottom) = ((y - half).round() as i32, (y + half).round() as i32);
            area.draw(&Rectangle::new([(x0, top), (x1.max(x0 + 1), bottom)], color.filled()))?;
        }
        value_labels(area, &frame, &values)?;
        // Connectors: the total after one row is where the next starts.
        let totals: Vec<f64> =
            std::iter::once(self.base_value).chain(spans.iter().map(|s| s.1)).collect();
        for (k, total) in totals.iter().enumerate() {
            let x = frame.x.pxi(*total);
            let (y0, y1) = (frame.y.px(k as f64) + half, frame.y.px(k as f64 + 1.0) - half);
            paint::polyline(
                area,
                &[(x, y0.round() as i32), (x, y1.round() as i32)],
                paint::AXIS,
                1,
                Dash::Dotted,
            )?;
        }
        Ok(ChartLayout::of(&frame))
    }
}

/// Pixels between the plot and the column of values.
const VALUE_GAP: i32 = 12;
/// Pixels inside the plot's side edges kept free of bars and markers.
const BAR_INSET: i32 = 7;

/// The frame of a chart with one value per category row: the values get a column right of
/// the plot as wide as the widest of them, and the names at most half of what is left
/// (beyond that they are cut with an ellipsis), so on a phone the names get more of the
/// width than a third, and on a wide screen the plot keeps what the names do not need.
fn value_column<DB: DrawingBackend>(area: &Area<DB>, values: &[String]) -> FrameOptions {
    let (w, _) = area.dim_in_pixel();
    let column = values.iter().map(|v| paint::text_width(area, v, paint::LABEL_PX)).max();
    let reserve = column.unwrap_or(0) + VALUE_GAP;
    // What names and plot share: the width less both paddings, the names' gap and the column.
    let shared = w as i32 - 2 * paint::PAD - 8 - reserve;
    FrameOptions {
        y_label_max: Some((shared / 2).max(40)),
        right_reserve: Some(reserve),
        x_inset: BAR_INSET,
        ..FrameOptions::default()
    }
}

/// `values`, one per category row of `frame`, right-aligned against the chart's right padding.
fn value_labels<DB: DrawingBackend>(
    area: &Area<DB>,
    frame: &paint::PlotFrame,
    values: &[String],
) -> Result<(), ChartError> {
    let right = area.dim_in_pixel().0 as i32 - paint::PAD;
    for (row, value) in values.iter().enumerate() {
        let y = frame.y.pxi(row as f64);
        let anchor = (HPos::Right, VPos::Center);
        paint::text(area, value, (right, y), paint::LABEL_PX, paint::TEXT, anchor, false)?;
    }
    Ok(())
}

/// The data of the group contributions chart.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupChart {
    /// `(group name, summed SHAP value)`, largest magnitude first.
    pub bars: Vec<(String, f64)>,
}

impl GroupChart {
    /// The groups of `step`, named with `name`.
    pub fn from_step(step: &StepExplanation, name: impl Fn(FeatureGroup) -> String) -> GroupChart {
        let mut bars: Vec<(String, f64)> = step
            .groups
            .iter()
            .filter(|g| g.value.is_finite())
            .map(|g| (name(g.group), g.value))
            .collect();
        crate::order::sort_short_by(&mut bars, |a, b| b.1.abs().total_cmp(&a.1.abs()));
        GroupChart { bars }
    }

    /// Paints the chart over `area`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        text: &ChartText,
    ) -> Result<ChartLayout, ChartError> {
        if self.bars.is_empty() {
            paint::message(area, text, &text.legend.no_data)?;
            return Ok(ChartLayout::default());
        }
        let (lo, hi) =
            self.bars.iter().fold((0.0f64, 0.0f64), |(a, b), (_, v)| (a.min(*v), b.max(*v)));
        let pad = ((hi - lo) * 0.04).max(1e-9);
        let x = (if lo < 0.0 { lo - pad } else { 0.0 }, if hi > 0.0 { hi + pad } else { 0.0 });
        let labels = self.bars.iter().map(|b| b.0.clone()).collect();
        let values: Vec<String> =
            self.bars.iter().map(|(_, v)| text.numbers.format_signed(*v)).collect();
        let numbers_axis = Axis::Numbers { extend: false, percent: false, integer: false };
        let frame = paint::frame_with(
            area,
            text,
            &[],
            (&numbers_axis, x),
            (&Axis::Categories(labels), (0.0, 1.0)),
            &value_column(area, &values),
        )?;
        let band = (frame.bottom - frame.top) as f64 / self.bars.len() as f64;
        let half = (band * 0.3).clamp(2.0, 12.0);
        let zero = frame.x.pxi(0.0);
        for (k, (_, v)) in self.bars.iter().enumerate() {
            let y = frame.y.px(k as f64);
            let end = frame.x.pxi(*v);
            let color = if *v >= 0.0 { paint::RAISE } else { paint::LOWER };
            let (top, bottom) = ((y - half).round() as i32, (y + half).round() as i32);
            area.draw(&Rectangle::new(
                [(zero.min(end), top), (zero.max(end).max(zero.min(end) + 1), bottom)],
                color.filled(),
            ))?;
        }
        value_labels(area, &frame, &values)?;
        let axis = ShapeStyle::from(&paint::AXIS).stroke_width(1);
        area.draw(&PathElement::new(vec![(zero, frame.top), (zero, frame.bottom)], axis))?;
        Ok(ChartLayout::of(&frame))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prevision_engine::forecast::report::GroupContribution;

    fn step() -> StepExplanation {
        StepExplanation {
            series: 0,
            step: 1,
            timestamp: NaiveDateTime::default(),
            prediction: 16.0,
            base_value: 10.0,
            shap: vec![1.0, -4.0, 0.5, 8.0, 0.5],
            values: vec![1.0, 2.0, 3.0, f64::NAN, 5.0],
            groups: vec![
                GroupContribution { group: FeatureGroup::Calendar, value: 1.0 },
                GroupContribution { group: FeatureGroup::RecentLevel, value: 5.0 },
            ],
            fed_by_predictions: Vec::new(),
        }
    }

    fn info(key: &str) -> FeatureInfo {
        FeatureInfo {
            key: key.into(),
            name_en: key.to_uppercase(),
            name_fr: key.into(),
            group: FeatureGroup::Calendar,
        }
    }

    #[test]
    fn the_waterfall_keeps_the_largest_contributions_and_sums_the_rest() {
        let features: Vec<FeatureInfo> = ["a", "b", "c", "d", "e"].into_iter().map(info).collect();
        let w = WaterfallChart::from_step(&step(), &features, |f| f.name_en.clone(), 2);
        let names: Vec<&str> = w.top.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["D", "B"]);
        assert_eq!(w.top[0].value, None, "a NaN feature value is not shown");
        assert_eq!(w.others, Some((3, 2.0)));
        assert_eq!(w.base_value + w.top.iter().map(|c| c.shap).sum::<f64>() + 2.0, w.prediction);
    }

    #[test]
    fn a_value_written_by_the_caller_labels_its_bar() {
        let features: Vec<FeatureInfo> = ["a", "b", "c", "d", "e"].into_iter().map(info).collect();
        let flag = |f: &FeatureInfo, v: f64| {
            (f.key == "b").then(|| if v == 1.0 { "yes".to_owned() } else { "no".to_owned() })
        };
        let w =
            WaterfallChart::from_step_labelled(&step(), &features, |f| f.name_en.clone(), flag, 2);
        let b = w.top.iter().find(|c| c.name == "B").expect("B is among the largest");
        assert!(matches!(b.value_text.as_deref(), Some("yes" | "no")), "{b:?}");
        assert!(w.top.iter().filter(|c| c.name != "B").all(|c| c.value_text.is_none()));
    }

    #[test]
    fn groups_are_ordered_by_magnitude() {
        let g = GroupChart::from_step(&step(), |g| format!("{g:?}"));
        assert_eq!(g.bars, vec![("RecentLevel".to_string(), 5.0), ("Calendar".to_string(), 1.0)]);
    }
}
