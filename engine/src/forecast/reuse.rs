//! Forecasting again with a model exported earlier, on data loaded now.
//!
//! A saved model only makes sense on data like the data it was fitted on: the same target, the
//! same step, the columns its features read and, for its per-series state and its series
//! feature, the same series. [`SavedModel::check`] says which of these differ, so that a model
//! of shop sales is refused on bike rentals instead of forecasting them shop-sized numbers.

use std::borrow::Cow;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::model::ForecastModel;
use super::{ForecastError, SavedModel};
use crate::frame::{Frame, Frequency};

/// Why a saved model does not fit the data it is asked to forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum ModelMismatch {
    /// The model forecasts another column.
    #[error("the model forecasts \"{model}\", and the data's target is \"{data}\"")]
    Target {
        /// The target the model was fitted on.
        model: String,
        /// The loaded data's target.
        data: String,
    },
    /// The model was fitted on another step.
    #[error("the model was fitted on {model:?} data, and these data are {data:?}")]
    Frequency {
        /// The step the model was fitted on.
        model: Frequency,
        /// The loaded data's step.
        data: Frequency,
    },
    /// A column the model's features read is not in the data.
    #[error("the model reads the column \"{column}\", which the data lack")]
    MissingColumn {
        /// The column.
        column: String,
    },
    /// The data's series are not the model's.
    #[error("the model was fitted on other series (missing: {missing:?}; new: {new:?})")]
    Series {
        /// Series the model was fitted on that the data lack.
        missing: Vec<String>,
        /// Series of the data the model was not fitted on.
        new: Vec<String>,
    },
}

/// One series' forecast by a saved model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReusedForecast {
    /// The series id.
    pub series: String,
    /// The forecast steps, after the series' last observed value.
    pub timestamps: Vec<NaiveDateTime>,
    /// The point forecasts (`NaN` written as `null`).
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub values: Vec<f64>,
}

/// Why a saved model gave no forecast.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReuseError {
    /// The model does not fit the data.
    #[error(transparent)]
    Mismatch(#[from] ModelMismatch),
    /// The model fits, but forecasting failed.
    #[error(transparent)]
    Forecast(#[from] ForecastError),
}

impl SavedModel {
    /// The fitted models (one, or the ensemble's members).
    fn members(&self) -> &[ForecastModel] {
        match self {
            SavedModel::Single { model } => std::slice::from_ref(model.as_ref()),
            SavedModel::Ensemble { members, .. } => members,
        }
    }

    /// Whether the model fits `frame`: the same target and step, every column it reads, and
    /// the same series (in any order). A model saved before series were recorded is not
    /// checked for them.
    pub fn check(&self, frame: &Frame) -> Result<(), ModelMismatch> {
        for m in self.members() {
            let c = &m.context;
            if c.target_name != frame.target_name {
                return Err(ModelMismatch::Target {
                    model: c.target_name.clone(),
                    data: frame.target_name.clone(),
                });
            }
            if c.freq != frame.freq {
                return Err(ModelMismatch::Frequency { model: c.freq, data: frame.freq });
            }
            if let Some(x) = c.exog.iter().find(|x| !frame.exog.iter().any(|f| f.name == x.name)) {
                return Err(ModelMismatch::MissingColumn { column: x.name.clone() });
            }
            if !c.series.is_empty() {
                let missing: Vec<String> = c
                    .series
                    .iter()
                    .filter(|id| !frame.series.iter().any(|s| &s.id == *id))
                    .cloned()
                    .collect();
                let new: Vec<String> = frame
                    .series
                    .iter()
                    .filter(|s| !c.series.contains(&s.id))
                    .map(|s| s.id.clone())
                    .collect();
                if !missing.is_empty() || !new.is_empty() {
                    return Err(ModelMismatch::Series { missing, new });
                }
            }
        }
        Ok(())
    }

    /// `frame` with its series and exogenous columns in the order the model was fitted on
    /// (after [`SavedModel::check`]).
    fn aligned<'a>(&self, frame: &'a Frame) -> Cow<'a, Frame> {
        let Some(c) = self.members().first().map(|m| &m.context) else {
            return Cow::Borrowed(frame);
        };
        let same_series =
            c.series.is_empty() || c.series.iter().zip(&frame.series).all(|(id, s)| *id == s.id);
        let same_exog = c.exog.len() == frame.exog.len()
            && c.exog.iter().zip(&frame.exog).all(|(a, b)| a.name == b.name);
        if same_series && same_exog {
            return Cow::Borrowed(frame);
        }
        let exog_at: Vec<usize> = c
            .exog
            .iter()
            .filter_map(|x| frame.exog.iter().position(|f| f.name == x.name))
            .collect();
        let order: Vec<usize> = if c.series.is_empty() {
            (0..frame.series.len()).collect()
        } else {
            c.series.iter().filter_map(|id| frame.series.iter().position(|s| &s.id == id)).collect()
        };
        let series = order
            .iter()
            .map(|&i| {
                let s = &frame.series[i];
                let mut out = s.clone();
                out.exog = exog_at.iter().map(|&j| s.exog[j].clone()).collect();
                out
            })
            .collect();
        let exog = exog_at.iter().map(|&j| frame.exog[j].clone()).collect();
        Cow::Owned(Frame { freq: frame.freq, target_name: frame.target_name.clone(), exog, series })
    }

    /// Point forecasts of every series of `frame`, each with its series id and dates, after
    /// checking that the model fits the data ([`SavedModel::check`]). Series in a new order
    /// are put back in the model's order; an extra column of the data is not read.
    pub fn forecast_checked(&self, frame: &Frame) -> Result<Vec<ReusedForecast>, ReuseError> {
        self.check(frame)?;
        let frame = self.aligned(frame);
        let points = self.forecast(&frame)?;
        Ok(frame
            .series
            .iter()
            .zip(points)
            .map(|(s, values)| {
                let n = s.observed_len();
                let last = n.checked_sub(1).map(|i| s.timestamps[i]);
                let timestamps = (1..=values.len() as i64)
                    .filter_map(|k| last.and_then(|t| frame.freq.add_steps(t, k)))
                    .collect();
                ReusedForecast { series: s.id.clone(), timestamps, values }
            })
            .collect())
    }
}
