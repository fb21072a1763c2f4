//! A forecaster fitted on a whole frame: the model JSON users export and re-import.
//!
//! The same two primitives serve the backtest and the final forecast, so what is evaluated is
//! exactly what is shipped: [`fit_model`] learns from each series up to an index, and
//! [`ForecastModel::forecast_from`] forecasts the steps after that index.
//!
//! Tabular models learn one global model over every series from feature rows
//! ([`FeatureBuilder`]); a recursive model feeds its own predictions into later lags, a direct
//! model has one fitted model per step, each reading only lags at least that far back. The
//! target transform is fitted per series on the training part only and undone exactly on the
//! forecasts. History-based models (baselines, exponential smoothing) keep no parameters: they
//! are refitted on the history at forecast time, which is deterministic, so a saved model
//! predicts identically after a JSON round trip.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::ForecastError;
use super::fitted::{FittedTabular, fit_tabular, forecast_history};
use crate::features::transform::{FittedTransform, TargetTransform};
use crate::features::{FeatureBuilder, FeatureInfo, FeatureSpec, SeriesView};
use crate::frame::{ExogColumn, Frame, Frequency, Series};
use crate::matrix::Matrix;
use crate::models::{FittedRegressor, ModelError};
use crate::spec::{ModelFamily, ModelSpec, Scope, Strategy};

/// What a forecaster needs to know about the data besides the values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelContext {
    /// Frequency of the frame it was fitted on.
    pub freq: Frequency,
    /// Seasonal period of seasonal baselines.
    pub season: usize,
    /// Seasonal periods removed by MSTL.
    pub periods: Vec<usize>,
    /// Target column name (used in feature names).
    pub target_name: String,
    /// Exogenous columns the features read.
    pub exog: Vec<ExogColumn>,
    /// Features of tabular models.
    pub features: FeatureSpec,
    /// Target transform of tabular models.
    pub transform: TargetTransform,
    /// Multi-step strategy of tabular models.
    pub strategy: Strategy,
    /// One tabular model over every series, or one per series.
    #[serde(default)]
    pub scope: Scope,
    /// Seed of random models.
    pub seed: u64,
    /// Observed steps a series needs to be forecast: shorter ones were left out of the run
    /// (see [`super::forecastable`]) and get an empty forecast.
    #[serde(default)]
    pub min_history: usize,
    /// Ids of the series it was fitted on, in the frame's order (empty in a model saved
    /// before they were recorded): a saved model is only used again on the same series.
    #[serde(default)]
    pub series: Vec<String>,
}

impl ModelContext {
    /// Feature builders: one for a recursive model, one per step `1..=steps` for direct models.
    pub fn builders(&self, steps: usize) -> Result<Vec<FeatureBuilder>, ForecastError> {
        let base = FeatureBuilder::new(&self.features, self.freq, &self.exog)?
            .with_target_name(&self.target_name)?;
        match self.strategy {
            Strategy::Recursive => Ok(vec![base]),
            Strategy::Direct => {
                (1..=steps).map(|h| base.for_direct_step(h).map_err(ForecastError::from)).collect()
            }
        }
    }

    /// Descriptions of the features of the first (one-step) builder.
    pub fn feature_infos(&self) -> Result<Vec<FeatureInfo>, ForecastError> {
        Ok(self.builders(1)?.swap_remove(0).infos().to_vec())
    }
}

/// Fitted state of a [`ForecastModel`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FittedState {
    /// A history-based model: refitted on each series' history when forecasting.
    History,
    /// A global tabular model: one fitted model (recursive) or one per step (direct).
    Tabular {
        /// The fitted models, step 1 first.
        models: Vec<FittedTabular>,
    },
    /// Local tabular models: for each series, its own models (step 1 first).
    LocalTabular {
        /// `per_series[s]`: the models of series `s`.
        per_series: Vec<Vec<FittedTabular>>,
    },
}

/// A model fitted on a frame, ready to forecast; serialises to JSON and back identically.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastModel {
    /// Which model.
    pub model: ModelSpec,
    /// The data context it was fitted in.
    pub context: ModelContext,
    /// Steps it forecasts (direct models are fitted for exactly this many).
    pub steps: usize,
    /// What was learnt.
    pub state: FittedState,
}

/// The inputs and outputs of one forecast, kept for explanations.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRows {
    /// Feature rows used at each step (tabular models only).
    pub rows: Vec<Vec<f64>>,
    /// For each step, the feature columns whose value came from earlier predictions.
    pub fed_by_predictions: Vec<Vec<usize>>,
}

/// Fills the missing values of a history: interior ones by linear interpolation, or, for a
/// series whose values are better told by the same phase of the neighbouring seasons than by
/// their neighbouring steps (shop sales by weekday), by the mean of the values one `season`
/// before and after (a Monday holiday takes the Mondays around it, not the mean of a Friday
/// and a Tuesday). Leading missing values take the first observed one and trailing ones the
/// last (a training window may end inside a gap: nothing after it may be read). Returns the
/// filled values and how many were filled.
pub fn fill_history(history: &[f64], season: usize) -> (Vec<f64>, usize) {
    let mut out = history.to_vec();
    let mut filled = 0;
    let Some(first) = out.iter().position(|v| v.is_finite()) else {
        return (out, 0);
    };
    // Decided at the first interior gap: most windows have none, and the test reads them all.
    let mut seasonal = None;
    for i in 0..first {
        out[i] = out[first];
        filled += 1;
    }
    let mut last = first;
    for i in first + 1..out.len() {
        if out[i].is_finite() {
            let gap = i - last;
            for k in 1..gap {
                let t = last + k;
                let linear = out[last] + (out[i] - out[last]) * k as f64 / gap as f64;
                let around = [t.checked_sub(season), Some(t + season)]
                    .into_iter()
                    .flatten()
                    .filter_map(|j| history.get(j).copied().filter(|v| v.is_finite()));
                let (sum, n) = around.fold((0.0, 0), |(s, n), v| (s + v, n + 1));
                let seasonal = *seasonal
                    .get_or_insert_with(|| season > 1 && phase_predicts_better(history, season));
                out[t] = if seasonal && n > 0 { sum / f64::from(n) } else { linear };
                filled += 1;
            }
            last = i;
        }
    }
    let carried = out[last];
    filled += out.len() - last - 1;
    out[last + 1..].fill(carried);
    (out, filled)
}

/// Whether the mean of the values one `season` before and after predicts an observed value
/// better (smaller total absolute error) than the mean of its two neighbours, over every
/// value where both are observed.
fn phase_predicts_better(y: &[f64], season: usize) -> bool {
    let (mut by_phase, mut by_step) = (0.0, 0.0);
    for t in season..y.len().saturating_sub(season) {
        let [a, b, c, d, v] = [y[t - season], y[t + season], y[t - 1], y[t + 1], y[t]];
        if [a, b, c, d, v].iter().all(|x| x.is_finite()) {
            by_phase += (v - (a + b) / 2.0).abs();
            by_step += (v - (c + d) / 2.0).abs();
        }
    }
    by_phase < by_step
}

/// The series with its target replaced (the transformed training part).
fn with_target(series: &Series, target: Vec<f64>) -> Series {
    Series {
        id: series.id.clone(),
        timestamps: series.timestamps.clone(),
        target,
        exog: series.exog.clone(),
    }
}

/// Fits `model` on every series of `frame` over `train[i]` (indices into series `i`).
pub fn fit_model(
    model: &ModelSpec,
    context: &ModelContext,
    frame: &Frame,
    train: &[Range<usize>],
    steps: usize,
) -> Result<ForecastModel, ForecastError> {
    let state = match model.family() {
        ModelFamily::Baseline | ModelFamily::Smoothing => FittedState::History,
        ModelFamily::Tabular => {
            let builders = context.builders(steps)?;
            match context.scope {
                Scope::Global => FittedState::Tabular {
                    models: fit_design(model, context, &builders, frame, train, None)?,
                },
                Scope::Local => FittedState::LocalTabular {
                    per_series: (0..frame.series.len())
                        .map(|s| fit_design(model, context, &builders, frame, train, Some(s)))
                        .collect::<Result<_, _>>()?,
                },
            }
        }
    };
    Ok(ForecastModel { model: model.clone(), context: context.clone(), steps, state })
}

/// Fits one model per builder on the training rows of every series (or of series `only`).
fn fit_design(
    model: &ModelSpec,
    context: &ModelContext,
    builders: &[FeatureBuilder],
    frame: &Frame,
    train: &[Range<usize>],
    only: Option<usize>,
) -> Result<Vec<FittedTabular>, ForecastError> {
    let mut models = Vec::with_capacity(builders.len());
    for builder in builders {
        let mut x = Matrix::with_cols(builder.n_features());
        let mut y = Vec::new();
        for (i, (series, range)) in frame.series.iter().zip(train).enumerate() {
            // A series that does not hold this backtest window has no training rows in it.
            if only.is_some_and(|s| s != i) || range.is_empty() {
                continue;
            }
            let fitted = context
                .transform
                .fit(&series.target[range.clone()])
                .map_err(|e| ForecastError::Transform { series: i, source: e })?;
            let z = transformed_prefix(&fitted, series, range.end, i)?;
            let s = with_target(series, z);
            let (xs, ys, idx) = builder.training_rows(&s, i, range.end, builder.step());
            for ((row, target), t) in xs.rows().zip(&ys).zip(&idx) {
                if *t >= range.start && target.is_finite() {
                    x.push_row(row);
                    y.push(*target);
                }
            }
        }
        if y.len() < super::MIN_TABULAR_ROWS {
            return Err(ModelError::NotEnoughData {
                needed: builder.lookback() + super::MIN_TABULAR_ROWS,
                got: builder.lookback() + y.len(),
            }
            .into());
        }
        models.push(fit_tabular(model, &x, &y, context.seed)?);
    }
    Ok(models)
}

/// The range a feature model's prediction is kept in: the observed (transformed) values
/// widened by their own spread on each side. A recursive model reads its predictions back as
/// lags, so one fitted on a few rows (a ridge on the 12 rows of a 40-day series) can amplify
/// them step after step into millions; a prediction is clamped before it is read back, and the
/// backtest then shows a poor model instead of an absurd number. Any plausible forecast of a
/// few steps stays far inside it.
fn plausible_range(observed: &[f64]) -> (f64, f64) {
    let (low, high) = observed
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| (l.min(v), h.max(v)));
    if low > high {
        return (f64::NEG_INFINITY, f64::INFINITY);
    }
    let spread = (high - low).max(high.abs().max(low.abs())).max(1.0);
    (low - spread, high + spread)
}

/// The transformed target of `series` up to `end` (the transform was fitted on that part).
fn transformed_prefix(
    fitted: &FittedTransform,
    series: &Series,
    end: usize,
    index: usize,
) -> Result<Vec<f64>, ForecastError> {
    fitted
        .apply(&series.target[..end])
        .map_err(|e| ForecastError::Transform { series: index, source: e })
}

impl ForecastModel {
    /// The fitted tabular models (step 1 first) that forecast series `series`; `None` for a
    /// history-based model.
    pub fn step_models(&self, series: usize) -> Option<&[FittedTabular]> {
        match &self.state {
            FittedState::History => None,
            FittedState::Tabular { models } => Some(models),
            FittedState::LocalTabular { per_series } => per_series.get(series).map(Vec::as_slice),
        }
    }

    /// Forecasts `steps` steps after index `end` of series `index` of `frame`, with the model
    /// refitted on `train` first if it is history-based. Also returns the feature rows used.
    pub fn forecast_from(
        &self,
        frame: &Frame,
        index: usize,
        train: Range<usize>,
        steps: usize,
    ) -> Result<(Vec<f64>, StepRows), ForecastError> {
        let series = frame.series.get(index).ok_or(ForecastError::NoSeries)?;
        let no_rows = StepRows { rows: Vec::new(), fed_by_predictions: Vec::new() };
        let out = match &self.state {
            FittedState::History => {
                let (history, _) = fill_history(&series.target[train.clone()], self.context.season);
                let c = &self.context;
                let point = forecast_history(&self.model, &history, c.season, &c.periods, steps)?;
                (point, no_rows)
            }
            FittedState::Tabular { .. } | FittedState::LocalTabular { .. } => {
                let models = self.step_models(index).ok_or(ForecastError::NoSeries)?;
                self.forecast_tabular(models, series, index, train, steps)?
            }
        };
        if let Some(bad) = out.0.iter().position(|v| !v.is_finite()) {
            return Err(
                ModelError::Numerical(format!("non-finite forecast at step {}", bad + 1)).into()
            );
        }
        Ok(out)
    }

    fn forecast_tabular(
        &self,
        models: &[FittedTabular],
        series: &Series,
        index: usize,
        train: Range<usize>,
        steps: usize,
    ) -> Result<(Vec<f64>, StepRows), ForecastError> {
        let c = &self.context;
        let end = train.end;
        let fitted = c
            .transform
            .fit(&series.target[train])
            .map_err(|e| ForecastError::Transform { series: index, source: e })?;
        let builders = c.builders(self.steps.max(steps))?;
        let mut z = transformed_prefix(&fitted, series, end, index)?;
        let observed = z.clone();
        let (low, high) = plausible_range(&observed);
        let origin = end.checked_sub(1).ok_or(ModelError::NotEnoughData { needed: 1, got: 0 })?;
        let mut rows = Vec::with_capacity(steps);
        let mut fed = Vec::with_capacity(steps);
        let mut preds = Vec::with_capacity(steps);
        for k in 0..steps {
            let t = end + k;
            let (builder, model) = match c.strategy {
                Strategy::Recursive => (&builders[0], &models[0]),
                Strategy::Direct => {
                    let m = models.get(k).ok_or(ModelError::InvalidSetting {
                        name: "horizon",
                        reason: format!("this direct model was fitted for {} steps", models.len()),
                    })?;
                    (&builders[k], m)
                }
            };
            let mut row = vec![0.0; builder.n_features()];
            let view = SeriesView {
                target: &z,
                timestamps: &series.timestamps,
                exog: &series.exog,
                series_index: index,
            };
            builder.row(&view, t, origin, &mut row);
            // Which columns read a prediction: recompute with the predictions blanked out.
            let mut blank = vec![0.0; builder.n_features()];
            let mut masked = observed.clone();
            masked.resize(z.len(), f64::NAN);
            let masked_view = SeriesView { target: &masked, ..view };
            builder.row(&masked_view, t, origin, &mut blank);
            fed.push(
                row.iter()
                    .zip(&blank)
                    .enumerate()
                    .filter(|(_, (a, b))| a.to_bits() != b.to_bits())
                    .map(|(j, _)| j)
                    .collect(),
            );
            let p = model.predict_row(&row).clamp(low, high);
            rows.push(row);
            preds.push(p);
            z.push(p);
        }
        let point = fitted.inverse_forecast(&preds);
        Ok((point, StepRows { rows, fed_by_predictions: fed }))
    }

    /// Forecasts `self.steps` steps after the observed history of every series of `frame`.
    /// A series the run left out (shorter than `context.min_history`) gets an empty forecast;
    /// the others are numbered as in the run, so a per-series model or a series-id feature
    /// reads the series it was fitted on.
    pub fn forecast(&self, frame: &Frame) -> Result<Vec<Vec<f64>>, ForecastError> {
        let kept = super::forecastable(frame, self.context.min_history);
        let mut points = kept
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                self.forecast_from(&kept, i, 0..s.observed_len(), self.steps)
                    .map(|(p, _)| p)
                    .map_err(|e| e.in_series(&kept, i))
            })
            .collect::<Result<Vec<_>, _>>()?
            .into_iter();
        if let std::borrow::Cow::Borrowed(_) = kept {
            return Ok(points.collect());
        }
        let min = self.context.min_history;
        Ok(frame
            .series
            .iter()
            .map(|s| {
                if s.observed_len() >= min { points.next().unwrap_or_default() } else { Vec::new() }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn frame(values: &[f64]) -> Frame {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("valid");
        let timestamps = (0..values.len())
            .map(|i| Frequency::Daily.add_steps(start, i as i64).expect("in range"))
            .collect();
        Frame {
            freq: Frequency::Daily,
            target_name: "sales".into(),
            exog: vec![],
            series: vec![Series {
                id: "sales".into(),
                timestamps,
                target: values.to_vec(),
                exog: vec![],
            }],
        }
    }

    fn context(strategy: Strategy, transform: TargetTransform) -> ModelContext {
        ModelContext {
            freq: Frequency::Daily,
            season: 7,
            periods: vec![7],
            target_name: "sales".into(),
            exog: vec![],
            features: FeatureSpec { lags: vec![1, 2, 7], ..FeatureSpec::default() },
            transform,
            strategy,
            scope: Scope::Global,
            seed: 1,
            min_history: 0,
            series: vec![],
        }
    }

    /// The training range of a single-series frame: its first `n` rows.
    fn one(n: usize) -> Vec<Range<usize>> {
        std::iter::once(0..n).collect()
    }

    fn weekly(n: usize) -> Vec<f64> {
        (0..n).map(|i| 100.0 + 10.0 * (i % 7) as f64 + 0.5 * i as f64).collect()
    }

    #[test]
    fn fills_interior_gaps_linearly_and_leading_ones_with_the_first_value() {
        let (y, n) = fill_history(&[f64::NAN, 2.0, f64::NAN, f64::NAN, 8.0], 1);
        assert_eq!(y, vec![2.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(n, 3);
    }

    #[test]
    fn a_window_ending_inside_a_gap_carries_its_last_value_forward() {
        let (y, n) = fill_history(&[1.0, f64::NAN, 3.0, f64::NAN, f64::NAN], 1);
        assert_eq!(y, vec![1.0, 2.0, 3.0, 3.0, 3.0]);
        assert_eq!(n, 3);
    }

    #[test]
    fn a_weekly_pattern_fills_a_missing_day_from_the_same_weekday() {
        // Business days with Mondays at 500 and other days near 560; a Monday is missing.
        let mut y: Vec<f64> =
            (0..40).map(|t| if t % 5 == 0 { 500.0 } else { 560.0 + (t % 5) as f64 }).collect();
        y[20] = f64::NAN;
        let (filled, n) = fill_history(&y, 5);
        assert_eq!((filled[20], n), (500.0, 1));
        // No weekly pattern (a smooth trend): the neighbours tell it better, linear it stays.
        let mut smooth: Vec<f64> = (0..40).map(|t| f64::from(t) * 2.0).collect();
        smooth[20] = f64::NAN;
        assert_eq!(fill_history(&smooth, 5).0[20], 40.0);
    }

    #[test]
    fn a_recursive_linear_model_continues_a_weekly_pattern_with_trend() {
        let y = weekly(120);
        let f = frame(&y[..113]);
        let ctx = context(Strategy::Recursive, TargetTransform::None);
        let m = fit_model(&ModelSpec::Linear, &ctx, &f, &one(113), 7).expect("fits");
        let (point, rows) = m.forecast_from(&f, 0, 0..113, 7).expect("forecasts");
        for (p, a) in point.iter().zip(&y[113..]) {
            assert!((p - a).abs() < 1e-6, "{p} vs {a}");
        }
        // Step 1 reads only observations; step 3 reads two predictions (lags 1 and 2).
        assert!(rows.fed_by_predictions[0].is_empty());
        assert_eq!(rows.fed_by_predictions[2], vec![0, 1]);
    }

    #[test]
    fn a_recursive_model_that_amplifies_its_own_predictions_is_held_in_range() {
        // Growth by 30 % a step, learned exactly: unchecked, step 30 would be 2,600 times the
        // last value. Predictions stay within the observed range widened by its spread.
        let y: Vec<f64> = (0..40).map(|i| 1.3_f64.powi(i)).collect();
        let f = frame(&y);
        let ctx = ModelContext {
            features: FeatureSpec { lags: vec![1], ..FeatureSpec::default() },
            ..context(Strategy::Recursive, TargetTransform::None)
        };
        let m = fit_model(&ModelSpec::Linear, &ctx, &f, &one(40), 30).expect("fits");
        let (point, _) = m.forecast_from(&f, 0, 0..40, 30).expect("forecasts");
        // Values from 1 to `high`: the spread is `high` itself (the range and the largest
        // magnitude agree), so the ceiling is twice the largest value.
        let high = y[39];
        assert!((point[0] - 1.3 * high).abs() < 1e-6 * high, "step 1 is left as it is");
        assert!(point.iter().all(|p| *p <= 2.0 * high + 1e-9), "{point:?}");
        assert!((point[29] - 2.0 * high).abs() < 1e-6 * high, "{}", point[29]);
    }

    #[test]
    fn a_feature_model_needs_min_tabular_rows_training_rows() {
        let y = weekly(40);
        let ctx = context(Strategy::Recursive, TargetTransform::None);
        // Lags up to 7: 16 rows of history give 9 training rows, one too few.
        let short =
            fit_model(&ModelSpec::Ridge { alpha: 1.0 }, &ctx, &frame(&y[..16]), &one(16), 7);
        let Err(ForecastError::Model(ModelError::NotEnoughData { needed, got })) = short else {
            panic!("{:?}", short.map(|_| ()))
        };
        assert_eq!((needed, got), (7 + crate::forecast::MIN_TABULAR_ROWS, 16));
        assert!(
            fit_model(&ModelSpec::Ridge { alpha: 1.0 }, &ctx, &frame(&y[..17]), &one(17), 7)
                .is_ok()
        );
    }

    #[test]
    fn direct_models_fit_one_model_per_step_and_forecast_the_same_pattern() {
        let y = weekly(140);
        let f = frame(&y[..133]);
        let ctx = context(Strategy::Direct, TargetTransform::None);
        let m = fit_model(&ModelSpec::Linear, &ctx, &f, &one(133), 7).expect("fits");
        let FittedState::Tabular { models } = &m.state else { panic!("tabular") };
        assert_eq!(models.len(), 7);
        let (point, rows) = m.forecast_from(&f, 0, 0..133, 7).expect("forecasts");
        assert!(
            rows.fed_by_predictions.iter().all(Vec::is_empty),
            "direct never reads predictions"
        );
        for (p, a) in point.iter().zip(&y[133..]) {
            assert!((p - a).abs() < 1e-4, "{p} vs {a}");
        }
    }

    #[test]
    fn a_log_transform_is_undone_on_the_forecast() {
        let y: Vec<f64> = (0..100).map(|i| (0.02 * i as f64).exp() * 50.0).collect();
        let f = frame(&y[..93]);
        let ctx = context(Strategy::Recursive, TargetTransform::Log1p);
        let m = fit_model(&ModelSpec::Linear, &ctx, &f, &one(93), 7).expect("fits");
        let point = m.forecast(&f).expect("forecasts").swap_remove(0);
        // On the log scale an exponential is nearly linear: the forecast tracks it closely.
        for (p, a) in point.iter().zip(&y[93..]) {
            assert!((p / a - 1.0).abs() < 0.01, "{p} vs {a}");
        }
    }

    #[test]
    fn a_model_round_trips_through_json_with_identical_forecasts() {
        let y = weekly(90);
        let f = frame(&y);
        for spec in [
            ModelSpec::RandomForest { n_trees: 10, max_depth: None, min_samples_leaf: 1 },
            ModelSpec::SeasonalNaive,
            ModelSpec::Ets,
        ] {
            let ctx = context(Strategy::Recursive, TargetTransform::None);
            let m = fit_model(&spec, &ctx, &f, &one(90), 7).expect("fits");
            let text = serde_json::to_string(&m).expect("serialises");
            let back: ForecastModel = serde_json::from_str(&text).expect("loads");
            assert_eq!(
                back.forecast(&f).expect("ok"),
                m.forecast(&f).expect("ok"),
                "{}",
                spec.key()
            );
        }
    }

    #[test]
    fn local_models_learn_each_series_on_its_own() {
        // Two series with opposite weekly patterns: one global model with no series feature
        // cannot fit both, a local model per series fits each exactly.
        let a: Vec<f64> = (0..120).map(|i| 100.0 + 10.0 * (i % 7) as f64).collect();
        let b: Vec<f64> = (0..120).map(|i| 100.0 - 10.0 * (i % 7) as f64).collect();
        let mut f = frame(&a[..113]);
        let mut second = f.series[0].clone();
        second.id = "b".into();
        second.target = b[..113].to_vec();
        f.series.push(second);
        let ctx = ModelContext {
            scope: Scope::Local,
            ..context(Strategy::Recursive, TargetTransform::None)
        };
        let m = fit_model(&ModelSpec::Linear, &ctx, &f, &[0..113, 0..113], 7).expect("fits");
        let FittedState::LocalTabular { per_series } = &m.state else { panic!("local") };
        assert_eq!(per_series.len(), 2);
        let out = m.forecast(&f).expect("forecasts");
        for (p, y) in out[0].iter().zip(&a[113..]).chain(out[1].iter().zip(&b[113..])) {
            assert!((p - y).abs() < 1e-6, "{p} vs {y}");
        }
        let text = serde_json::to_string(&m).expect("serialises");
        let back: ForecastModel = serde_json::from_str(&text).expect("loads");
        assert_eq!(back.forecast(&f).expect("ok"), out);
    }

    #[test]
    fn a_log_transform_on_negative_values_is_a_typed_error() {
        let f = frame(&[-1.0; 30]);
        let ctx = context(Strategy::Recursive, TargetTransform::Log1p);
        let err = fit_model(&ModelSpec::Linear, &ctx, &f, &one(30), 7).expect_err("refused");
        assert!(matches!(err, ForecastError::Transform { series: 0, .. }), "{err:?}");
    }
}
