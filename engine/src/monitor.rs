//! Drift monitoring of new data against the training window of a fitted model.
//!
//! The monitored quantities are the target and every feature column the model's own
//! [`FeatureBuilder`](crate::features::FeatureBuilder) writes (on the observed target, so a lag
//! reads like the target it lags). For each, the rows of the training window (time index
//! `≤ reference_end`, or its last `reference_rows`) are the reference sample and the newest
//! `recent` rows the recent sample;
//! the report gives their PSI, KS and [`DriftLevel`]. A feature whose reference sample is
//! constant or has fewer than two finite values, or whose recent sample has none, is *not
//! measurable* (`None` everywhere): quantile bins of a constant say nothing, and a `NaN` level
//! would read as an alarm.
//!
//! The live error is the model's error on every later row with an actual, forecast as in
//! service: from origin `reference_end`, then again every `horizon` rows, each time reading
//! the actuals up to the origin (tabular models are not refitted), through the model's own
//! forecast path; against the backtest MAE the model was chosen with, measured at the same
//! horizon. (One forecast from the training end over many horizons would compare a 28-day-
//! ahead error with a 7-day-ahead one.)
//!
//! A PSI counts as drift (a level above stable, a PSI alert) only where the KS test finds the
//! samples different beyond chance (p < 0.05), and PSI bins keep five values of the smaller
//! sample each: on a few weeks of rows, PSI alone moves past its thresholds by chance.
//!
//! For the alert rules the recent period is cut into `chunks` consecutive chunks; each gives
//! one PSI, KS and live-error-ratio observation per feature, in chronological order, and
//! [`drift::evaluate`] turns runs of exceedances into [`Alert`]s (only the most severe per
//! metric and feature is kept), worded in both languages by
//! [`alert_message`].
//!
//! Features that are functions of the date alone (calendar, Fourier, holidays, series index)
//! are measured and reported, flagged `date_driven`, but feed no alert rule: a recent window
//! shorter than a cycle always has "other months", which is no news.
//!
//! Multi-series frames: time indices are per series; samples pool every series' rows.
//! Invariant: bad settings and unusable data are typed [`MonitorError`]s, never panics.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::drift::{
    self, Alert, AlertMetric, AlertRule, DriftError, DriftLevel, DriftThresholds, KsResult,
    Observation, Severity,
};
use crate::features::FeatureGroup;
use crate::forecast::model::ForecastModel;
use crate::forecast::{ForecastError, SavedModel};
use crate::frame::Frame;
use crate::leaderboard::combine_values;

/// Settings of a drift check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonitorConfig {
    /// Index (in each series' time axis) of the last training row.
    pub reference_end: usize,
    /// Rows in the newest window, `≥ 2`.
    pub recent: usize,
    /// Consecutive chunks the recent window is cut into for windowed rules, `1 ..= recent`.
    pub chunks: usize,
    /// PSI bins, `≥ 2`.
    pub bins: usize,
    /// PSI thresholds of the drift levels.
    pub thresholds: DriftThresholds,
    /// Rows of the training window, counted back from `reference_end`, that make the
    /// reference sample; `None` takes it all. A series that grows by a few percent a year is
    /// far above its whole two-year history today, which is not news: a recent stretch of
    /// the training window (see [`MonitorConfig::reference_rows_for`]) is what the newest
    /// rows should resemble.
    pub reference_rows: Option<usize>,
}

impl MonitorConfig {
    /// The reference the studio and the CLI compare `recent` rows of data at frequency `freq`
    /// with: four times as many rows, and at least two of the longest season the frequency
    /// has (two weeks of hourly data), so each phase of the cycle is in it.
    pub fn reference_rows_for(freq: crate::frame::Frequency, recent: usize) -> usize {
        let season = freq.seasonal_periods().into_iter().max().unwrap_or(1);
        recent.saturating_mul(4).max(season.saturating_mul(2))
    }

    /// Checks every setting that does not depend on the data.
    pub fn validate(&self) -> Result<(), MonitorError> {
        if self.recent < 2 {
            return Err(MonitorError::RecentTooShort { recent: self.recent });
        }
        if self.chunks == 0 || self.chunks > self.recent {
            return Err(MonitorError::ChunksOutOfRange {
                chunks: self.chunks,
                recent: self.recent,
            });
        }
        if self.bins < 2 {
            return Err(MonitorError::Drift(DriftError::InvalidBins { bins: self.bins }));
        }
        Ok(())
    }
}

/// Why a drift check could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MonitorError {
    /// The recent window has fewer than two rows.
    #[error("the recent window needs at least 2 rows, got {recent}")]
    RecentTooShort {
        /// Rows asked for.
        recent: usize,
    },
    /// The chunk count is 0 or above the recent window's rows.
    #[error("chunks must be between 1 and the recent window's {recent} rows, got {chunks}")]
    ChunksOutOfRange {
        /// Chunks asked for.
        chunks: usize,
        /// Rows of the recent window.
        recent: usize,
    },
    /// The backtest MAE is not a positive finite number.
    #[error("the backtest MAE must be a positive number, got {value}")]
    InvalidBacktestMae {
        /// The value given.
        value: f64,
    },
    /// The frame holds no series.
    #[error("the data holds no series")]
    NoSeries,
    /// No series has an observed row at or before `reference_end`.
    #[error("no series has observed data up to row {reference_end}")]
    ReferenceOutOfRange {
        /// The last training row asked for.
        reference_end: usize,
    },
    /// No series has observed rows after `reference_end`.
    #[error("no observed row after the training window (row {reference_end})")]
    NoRecentRows {
        /// The last training row.
        reference_end: usize,
    },
    /// A drift measure could not be set up.
    #[error(transparent)]
    Drift(#[from] DriftError),
    /// The model's features or forecast failed on this data.
    #[error(transparent)]
    Forecast(#[from] ForecastError),
}

/// Language of plain-language messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// English.
    En,
    /// French.
    Fr,
}

/// Drift of one monitored feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureDrift {
    /// Stable key (the target's name for the target).
    pub key: String,
    /// Human name in English.
    pub name_en: String,
    /// Human name in French.
    pub name_fr: String,
    /// PSI of the recent window against the reference; `None` when not measurable.
    pub psi: Option<f64>,
    /// Kolmogorov–Smirnov comparison; `None` when not measurable.
    pub ks: Option<KsResult>,
    /// Level read from the PSI; `None` when not measurable.
    pub level: Option<DriftLevel>,
    /// A function of the date alone (calendar, Fourier, holiday, series index): its shift is
    /// known in advance (a recent window shorter than a year has other months), so it is
    /// reported but raises no alert.
    pub date_driven: bool,
}

/// How the model does on the rows after its training window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LiveError {
    /// Mean absolute error of the forecast on rows with actuals.
    #[serde(deserialize_with = "crate::json::nan")]
    pub live_mae: f64,
    /// The backtest MAE it is compared with.
    #[serde(deserialize_with = "crate::json::nan")]
    pub backtest_mae: f64,
    /// `live_mae / backtest_mae` (1 = as expected).
    #[serde(deserialize_with = "crate::json::nan")]
    pub ratio: f64,
    /// Rows (over all series) the live error is measured on.
    pub points: usize,
}

/// Everything a drift check found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftReport {
    /// First and last timestamp of the reference window (first series that has one).
    pub reference: (String, String),
    /// First and last timestamp of the recent window.
    pub recent: (String, String),
    /// Target first, then features by PSI descending, not measurable ones last.
    pub features: Vec<FeatureDrift>,
    /// Live error; `None` when no row after the training window has an actual.
    pub live: Option<LiveError>,
    /// Per-chunk observations fed to the rules, chronological.
    pub observations: Vec<Observation>,
    /// Alerts raised.
    pub alerts: Vec<Alert>,
}

impl DriftReport {
    /// Every alert in plain language, with the features' human names.
    pub fn messages(&self, lang: Language) -> Vec<String> {
        self.alerts
            .iter()
            .map(|a| {
                let name = self.features.iter().find(|f| f.key == a.feature).map(|f| match lang {
                    Language::En => f.name_en.as_str(),
                    Language::Fr => f.name_fr.as_str(),
                });
                let message = alert_message_named(a, name.unwrap_or(&a.feature), lang);
                match (a.related, lang) {
                    (0, _) => message,
                    (1, Language::En) => {
                        format!("{message} One more feature computed from the same values drifts too.")
                    }
                    (n, Language::En) => {
                        format!("{message} {n} more features computed from the same values drift too.")
                    }
                    (1, Language::Fr) => format!(
                        "{message} Une autre variable calculée à partir des mêmes valeurs dérive aussi."
                    ),
                    (n, Language::Fr) => format!(
                        "{message} {n} autres variables calculées à partir des mêmes valeurs dérivent aussi."
                    ),
                }
            })
            .collect()
    }
}

/// The usual rules: PSI above 0.25 once → critical; above 0.1 for two chunks → warning;
/// live error above 1.5 × the backtest error → critical.
pub fn default_rules() -> Vec<AlertRule> {
    [
        (AlertMetric::Psi, 0.25, 1, Severity::Critical),
        (AlertMetric::Psi, 0.1, 2, Severity::Warning),
        (AlertMetric::LiveErrorRatio, 1.5, 1, Severity::Critical),
    ]
    .into_iter()
    .filter_map(|(m, t, w, s)| AlertRule::new(m, t, w, s).ok())
    .collect()
}

/// An alert in plain language, naming the feature by its key.
pub fn alert_message(alert: &Alert, lang: Language) -> String {
    alert_message_named(alert, &alert.feature, lang)
}

/// An alert in plain language, naming the feature `name`.
pub fn alert_message_named(alert: &Alert, name: &str, lang: Language) -> String {
    let w = alert.window;
    let (v, t) = (alert.observed, alert.threshold);
    match lang {
        Language::En => {
            let span = if w == 1 {
                "in the last window".to_owned()
            } else {
                format!("over the last {w} windows")
            };
            match alert.metric {
                AlertMetric::Psi => format!(
                    "Drift on {name}: PSI {v:.2} {span} (threshold {t:.2}). Check the data source or retrain."
                ),
                AlertMetric::Ks => format!(
                    "Distribution change on {name}: KS distance {v:.2} {span} (threshold {t:.2}). Check the data source or retrain."
                ),
                AlertMetric::LiveErrorRatio => format!(
                    "Forecast error is {v:.1} times the backtest error {span} (threshold {t:.1}). Retrain the model or check the recent data."
                ),
            }
        }
        Language::Fr => {
            let span = if w == 1 {
                "sur la dernière fenêtre".to_owned()
            } else {
                format!("sur les {w} dernières fenêtres")
            };
            let (v2, t2, v1, t1) = (fr(v, 2), fr(t, 2), fr(v, 1), fr(t, 1));
            match alert.metric {
                AlertMetric::Psi => format!(
                    "Dérive sur {name}\u{a0}: PSI {v2} {span} (seuil {t2}). Vérifiez la source des données ou réentraînez le modèle."
                ),
                AlertMetric::Ks => format!(
                    "Changement de distribution sur {name}\u{a0}: distance KS {v2} {span} (seuil {t2}). Vérifiez la source des données ou réentraînez le modèle."
                ),
                AlertMetric::LiveErrorRatio => format!(
                    "L’erreur de prévision vaut {v1} fois celle des tests sur le passé {span} (seuil {t1}). Réentraînez le modèle ou vérifiez les données récentes."
                ),
            }
        }
    }
}

/// `value` with `decimals` decimals and a decimal comma.
fn fr(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}").replace('.', ",")
}

/// One monitored column: its names and its value at each (series, time index).
struct Column {
    key: String,
    name_en: String,
    name_fr: String,
    /// Whether the column depends on the date only (see [`FeatureDrift::date_driven`]).
    date_driven: bool,
    /// Whether the column is the target or computed from it (lags, rolling means).
    from_target: bool,
    /// `values[s][t]`, NaN where unknown.
    values: Vec<Vec<f64>>,
}

/// Per series: reference rows `0..=reference_end` (clipped) and recent rows.
struct Windows {
    reference: Vec<std::ops::Range<usize>>,
    recent: Vec<std::ops::Range<usize>>,
}

/// Checks `frame`'s newest rows against the training window of `model`; see the module doc.
pub fn monitor(
    frame: &Frame,
    model: &SavedModel,
    backtest_mae: f64,
    cfg: &MonitorConfig,
    rules: &[AlertRule],
) -> Result<DriftReport, MonitorError> {
    cfg.validate()?;
    if !(backtest_mae.is_finite() && backtest_mae > 0.0) {
        return Err(MonitorError::InvalidBacktestMae { value: backtest_mae });
    }
    if frame.series.is_empty() {
        return Err(MonitorError::NoSeries);
    }
    let windows = windows(frame, cfg)?;
    let columns = columns(frame, first_member(model))?;

    // Whole-window drift per feature.
    let mut features = Vec::with_capacity(columns.len());
    for c in &columns {
        let reference = gather(&c.values, &windows.reference);
        let recent = gather(&c.values, &windows.recent);
        let (psi, ks, level) = match measure(&reference, &recent, cfg.bins)? {
            Some((p, k)) => {
                let level = if beyond_chance(&k) {
                    drift::drift_level(p, &cfg.thresholds)
                } else {
                    DriftLevel::Stable
                };
                (Some(p), Some(k), Some(level))
            }
            None => (None, None, None),
        };
        features.push(FeatureDrift {
            key: c.key.clone(),
            name_en: c.name_en.clone(),
            name_fr: c.name_fr.clone(),
            psi,
            ks,
            level,
            date_driven: c.date_driven,
        });
    }
    // Target first, then PSI descending (stable, so ties keep the builder's order).
    if let Some(rest) = features.get_mut(1..) {
        rest.sort_by(|a, b| match (a.psi, b.psi) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
    }

    // Live error from origin `reference_end`.
    let errors = live_errors(frame, model, cfg.reference_end)?;
    let live_points: Vec<f64> = errors.iter().flatten().filter_map(|e| *e).collect();
    let live = (!live_points.is_empty()).then(|| {
        let live_mae = live_points.iter().sum::<f64>() / live_points.len() as f64;
        LiveError {
            live_mae,
            backtest_mae,
            ratio: live_mae / backtest_mae,
            points: live_points.len(),
        }
    });

    // Per-chunk observations, chronological.
    let mut observations = Vec::new();
    for k in 0..cfg.chunks {
        let chunk: Vec<std::ops::Range<usize>> =
            windows.recent.iter().map(|r| chunk_of(r, k, cfg.chunks)).collect();
        for c in &columns {
            if c.date_driven || !features.iter().any(|f| f.key == c.key && f.psi.is_some()) {
                continue;
            }
            let reference = gather(&c.values, &windows.reference);
            let recent = gather(&c.values, &chunk);
            // A chunk that differs no more than chance allows raises no PSI alert.
            let (psi, ks) = match measure(&reference, &recent, cfg.bins)? {
                Some((p, k)) if beyond_chance(&k) => (p, k.statistic),
                Some((_, k)) => (0.0, k.statistic),
                None => (f64::NAN, f64::NAN),
            };
            observations.push(Observation {
                metric: AlertMetric::Psi,
                feature: c.key.clone(),
                value: psi,
            });
            observations.push(Observation {
                metric: AlertMetric::Ks,
                feature: c.key.clone(),
                value: ks,
            });
        }
        let chunk_errors: Vec<f64> = chunk
            .iter()
            .enumerate()
            .flat_map(|(s, r)| {
                let start = cfg.reference_end + 1;
                let e = &errors[s];
                r.clone().filter_map(move |t| {
                    t.checked_sub(start).and_then(|i| e.get(i).copied().flatten())
                })
            })
            .collect();
        if !chunk_errors.is_empty() {
            let mae = chunk_errors.iter().sum::<f64>() / chunk_errors.len() as f64;
            observations.push(Observation {
                metric: AlertMetric::LiveErrorRatio,
                feature: frame.target_name.clone(),
                value: mae / backtest_mae,
            });
        }
    }
    let from_target: Vec<&str> =
        columns.iter().filter(|c| c.from_target).map(|c| c.key.as_str()).collect();
    let alerts = fold_related(most_severe(drift::evaluate(rules, &observations)), &from_target);

    Ok(DriftReport {
        reference: span(frame, &windows.reference),
        recent: span(frame, &windows.recent),
        features,
        live,
        observations,
        alerts,
    })
}

/// One alert per (metric, feature): the most severe one (the first of equals), so a
/// critical PSI is not repeated as a warning.
fn most_severe(alerts: Vec<Alert>) -> Vec<Alert> {
    alerts
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            !alerts.iter().enumerate().any(|(j, b)| {
                j != *i
                    && b.metric == a.metric
                    && b.feature == a.feature
                    && (b.severity > a.severity || (b.severity == a.severity && j < *i))
            })
        })
        .map(|(_, a)| a.clone())
        .collect()
}

/// One alert per metric for the target and the features computed from it (`from_target`:
/// its lags and rolling means move together when the target shifts): the most severe, the
/// target's own first among equals, then the highest value; the others are counted in its
/// [`Alert::related`]. The features computed from the target raise no alert of their own
/// when the target itself raises none for that metric: a rolling mean or deviation over 28
/// rows, read on 28 recent rows, holds one or two independent values, and its PSI and KS say
/// nothing the target's would not. A live-error alert is never folded.
fn fold_related(alerts: Vec<Alert>, from_target: &[&str]) -> Vec<Alert> {
    let folds = |a: &Alert| {
        a.metric != AlertMetric::LiveErrorRatio && from_target.contains(&a.feature.as_str())
    };
    let mut out: Vec<Alert> = Vec::with_capacity(alerts.len());
    for metric in [AlertMetric::Psi, AlertMetric::Ks] {
        let group: Vec<&Alert> = alerts.iter().filter(|a| a.metric == metric && folds(a)).collect();
        let target_alerts =
            from_target.first().is_some_and(|t| group.iter().any(|a| a.feature == *t));
        if !target_alerts {
            continue;
        }
        let rank = |a: &Alert| {
            let own = from_target.first().is_some_and(|t| *t == a.feature);
            (a.severity, own, a.observed)
        };
        if let Some(best) = group.iter().copied().max_by(|a, b| {
            let (x, y) = (rank(a), rank(b));
            x.0.cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.total_cmp(&y.2))
        }) {
            out.push(Alert { related: best.related + group.len() - 1, ..best.clone() });
        }
    }
    // The others keep their order, after the folded ones.
    let mut rest: Vec<Alert> = alerts.into_iter().filter(|a| !folds(a)).collect();
    out.append(&mut rest);
    out.sort_by_key(|a| a.rule_index);
    out
}

/// The reference and recent rows of each series.
fn windows(frame: &Frame, cfg: &MonitorConfig) -> Result<Windows, MonitorError> {
    let mut reference = Vec::new();
    let mut recent = Vec::new();
    for s in &frame.series {
        let observed = s.observed_len();
        let ref_end = (cfg.reference_end + 1).min(observed);
        let ref_start = cfg.reference_rows.map_or(0, |rows| ref_end.saturating_sub(rows));
        reference.push(ref_start..ref_end);
        let start = observed.saturating_sub(cfg.recent).max(cfg.reference_end + 1);
        recent.push(start.min(observed)..observed);
    }
    if reference.iter().all(|r| r.is_empty()) {
        return Err(MonitorError::ReferenceOutOfRange { reference_end: cfg.reference_end });
    }
    if recent.iter().all(|r| r.is_empty()) {
        return Err(MonitorError::NoRecentRows { reference_end: cfg.reference_end });
    }
    Ok(Windows { reference, recent })
}

/// Rows `k` of `chunks` consecutive, near-equal parts of `range`.
fn chunk_of(range: &std::ops::Range<usize>, k: usize, chunks: usize) -> std::ops::Range<usize> {
    let len = range.len();
    range.start + k * len / chunks..range.start + (k + 1) * len / chunks
}

/// The model whose features are monitored: the model itself or the first ensemble member.
fn first_member(model: &SavedModel) -> Option<&ForecastModel> {
    match model {
        SavedModel::Single { model } => Some(model.as_ref()),
        SavedModel::Ensemble { members, .. } => {
            members.iter().find(|m| m.step_models(0).is_some()).or(members.first())
        }
    }
}

/// The target and the feature columns of the model's step-1 builder, per series and row.
fn columns(frame: &Frame, model: Option<&ForecastModel>) -> Result<Vec<Column>, MonitorError> {
    let mut columns = vec![Column {
        key: frame.target_name.clone(),
        name_en: frame.target_name.clone(),
        name_fr: frame.target_name.clone(),
        date_driven: false,
        from_target: true,
        values: frame.series.iter().map(|s| s.target[..s.observed_len()].to_vec()).collect(),
    }];
    let Some(model) = model.filter(|m| m.step_models(0).is_some()) else {
        return Ok(columns);
    };
    let builder = model.context.builders(1)?.swap_remove(0);
    let mut per_series = Vec::with_capacity(frame.series.len());
    for (i, s) in frame.series.iter().enumerate() {
        let observed = s.observed_len();
        let (x, _, index) = builder.training_rows(s, i, observed, builder.step());
        per_series.push((observed, x, index));
    }
    for (j, info) in builder.infos().iter().enumerate() {
        if info.key == frame.target_name {
            continue;
        }
        let values = per_series
            .iter()
            .map(|(observed, x, index)| {
                let mut v = vec![f64::NAN; *observed];
                for (row, &t) in x.rows().zip(index) {
                    if let Some(slot) = v.get_mut(t) {
                        *slot = row[j];
                    }
                }
                v
            })
            .collect();
        columns.push(Column {
            key: info.key.clone(),
            name_en: info.name_en.clone(),
            name_fr: info.name_fr.clone(),
            from_target: matches!(
                info.group,
                FeatureGroup::RecentLevel | FeatureGroup::SeasonalPattern | FeatureGroup::Trend
            ),
            date_driven: matches!(
                info.group,
                FeatureGroup::Calendar | FeatureGroup::Holiday | FeatureGroup::Series
            ),
            values,
        });
    }
    Ok(columns)
}

/// The values of `ranges` of each series, pooled.
fn gather(values: &[Vec<f64>], ranges: &[std::ops::Range<usize>]) -> Vec<f64> {
    values
        .iter()
        .zip(ranges)
        .flat_map(|(v, r)| v.get(r.clone()).unwrap_or(&[]).iter().copied())
        .collect()
}

/// KS p-value under which two samples differ beyond chance.
pub const KS_SIGNIFICANCE: f64 = 0.05;

/// Whether the recent sample differs from the reference beyond chance (KS p-value under
/// [`KS_SIGNIFICANCE`]). PSI says how much a distribution moved but not whether the move is
/// more than sampling noise: on 28 recent rows its noise alone is about 0.2, near the 0.25 of
/// significant drift, so a PSI level and PSI alerts count only where KS agrees.
fn beyond_chance(ks: &KsResult) -> bool {
    ks.p_value < KS_SIGNIFICANCE
}

/// Fewest values of the smaller sample expected in each PSI bin (the usual floor of a
/// chi-square comparison); fewer values mean fewer bins than asked.
pub const MIN_PER_BIN: usize = 5;

/// PSI and KS, or `None` when not measurable (see the module doc).
fn measure(
    reference: &[f64],
    recent: &[f64],
    bins: usize,
) -> Result<Option<(f64, KsResult)>, MonitorError> {
    let finite: Vec<f64> = reference.iter().copied().filter(|v| v.is_finite()).collect();
    let constant = finite.iter().all(|&v| finite.first().is_some_and(|&f| f == v));
    if finite.len() < 2 || constant || !recent.iter().any(|v| v.is_finite()) {
        return Ok(None);
    }
    // At least MIN_PER_BIN values of the smaller sample per bin: 28 recent days in 10 bins
    // leave one bin empty by chance about half the time, and an empty bin alone weighs about
    // 0.7 of PSI — a critical alert on data that did not change.
    let smaller = finite.len().min(recent.iter().filter(|v| v.is_finite()).count());
    let bins = bins.min((smaller / MIN_PER_BIN).max(2));
    let psi = match drift::psi(reference, recent, bins) {
        Ok(p) => p,
        Err(DriftError::EmptySample { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let ks = match drift::ks_statistic(reference, recent) {
        Ok(k) => k,
        Err(DriftError::EmptySample { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    Ok(psi.is_finite().then_some((psi, ks)))
}

/// Absolute errors of the forecasts made in service after `reference_end` (see the module
/// doc): `errors[s][k]` for row `reference_end + 1 + k` of series `s`, `None` where there is
/// no actual.
fn live_errors(
    frame: &Frame,
    model: &SavedModel,
    reference_end: usize,
) -> Result<Vec<Vec<Option<f64>>>, MonitorError> {
    let members: Vec<&ForecastModel> = match model {
        SavedModel::Single { model } => vec![model.as_ref()],
        SavedModel::Ensemble { members, .. } => members.iter().collect(),
    };
    let method = match model {
        SavedModel::Ensemble { method, .. } => Some(*method),
        SavedModel::Single { .. } => None,
    };
    let mut out = Vec::with_capacity(frame.series.len());
    for (i, s) in frame.series.iter().enumerate() {
        let observed = s.observed_len();
        let train_end = reference_end + 1;
        if observed <= train_end {
            out.push(Vec::new());
            continue;
        }
        let steps = observed - train_end;
        let mut forecasts = Vec::with_capacity(members.len());
        for m in &members {
            // As in service: from every `m.steps`-th row on, the model (not refitted) reads
            // the actuals up to there and forecasts its horizon — the horizon its backtest
            // error was measured at, so the ratio compares like with like.
            let horizon = m.steps.max(1);
            let mut point = Vec::with_capacity(steps);
            let mut origin = train_end;
            while origin < observed {
                let n = horizon.min(observed - origin);
                let (p, _) = m.forecast_from(frame, i, 0..origin, n)?;
                // A direct model short of steps leaves the rest of its horizon unforecast.
                point.extend(p.iter().copied().chain(std::iter::repeat(f64::NAN)).take(n));
                origin += n;
            }
            forecasts.push(point);
        }
        let errors = (0..steps)
            .map(|k| {
                let actual = s.target[train_end + k];
                let mut values: Vec<f64> =
                    forecasts.iter().filter_map(|f| f.get(k).copied()).collect();
                let point = match method {
                    Some(how) if !values.is_empty() => combine_values(&mut values, how),
                    _ => values.first().copied().unwrap_or(f64::NAN),
                };
                (actual.is_finite() && point.is_finite()).then(|| (actual - point).abs())
            })
            .collect();
        out.push(errors);
    }
    Ok(out)
}

/// ISO first and last timestamps of the first non-empty range.
fn span(frame: &Frame, ranges: &[std::ops::Range<usize>]) -> (String, String) {
    let iso = |t: &NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    frame
        .series
        .iter()
        .zip(ranges)
        .find(|(_, r)| !r.is_empty())
        .and_then(|(s, r)| {
            Some((iso(s.timestamps.get(r.start)?), iso(s.timestamps.get(r.end - 1)?)))
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::drift::DriftLevel;
    use crate::features::FeatureSpec;
    use crate::features::transform::TargetTransform;
    use crate::forecast::model::{ModelContext, fit_model};
    use crate::frame::{Frequency, Series};
    use crate::rng::Rng;
    use crate::spec::{ModelSpec, Scope, Strategy};

    fn frame(target: Vec<f64>) -> Frame {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
        let start = start.expect("valid date");
        let timestamps =
            (0..target.len()).map(|i| start + chrono::Duration::days(i as i64)).collect();
        Frame {
            freq: Frequency::Daily,
            target_name: "sales".into(),
            exog: vec![],
            series: vec![Series { id: "sales".into(), timestamps, target, exog: vec![] }],
        }
    }

    fn saved(spec: ModelSpec, frame: &Frame, train_end: usize) -> SavedModel {
        let context = ModelContext {
            freq: Frequency::Daily,
            season: 7,
            periods: vec![7],
            target_name: "sales".into(),
            exog: vec![],
            features: FeatureSpec::default_for(Frequency::Daily, train_end),
            transform: TargetTransform::None,
            strategy: Strategy::Recursive,
            scope: Scope::Global,
            seed: 3,
            min_history: 0,
            series: vec![],
        };
        let model = fit_model(&spec, &context, frame, std::slice::from_ref(&(0..train_end)), 7)
            .expect("fits");
        SavedModel::Single { model: Box::new(model) }
    }

    fn noisy_weekly(days: usize, shift_from: usize, shift: f64) -> Vec<f64> {
        let mut rng = Rng::new(5);
        (0..days)
            .map(|i| {
                let level = if i >= shift_from { shift } else { 0.0 };
                10.0 + level + 3.0 * (i as f64 * std::f64::consts::TAU / 7.0).sin() + rng.normal()
            })
            .collect()
    }

    fn config(reference_end: usize, recent: usize, chunks: usize) -> MonitorConfig {
        MonitorConfig {
            reference_end,
            recent,
            chunks,
            bins: 10,
            thresholds: DriftThresholds::default(),
            reference_rows: None,
        }
    }

    #[test]
    fn the_naive_forecast_from_the_reference_end_gives_the_exact_live_error() {
        // Target = row index; the naive forecast from row 5 is 5 for every later row.
        let f = frame((0..10).map(f64::from).collect());
        let model = saved(ModelSpec::Naive, &f, 6);
        let r = monitor(&f, &model, 1.0, &config(5, 4, 2), &default_rules()).expect("runs");
        assert_eq!(
            r.live,
            Some(LiveError { live_mae: 2.5, backtest_mae: 1.0, ratio: 2.5, points: 4 })
        );
        let ratios: Vec<f64> = r
            .observations
            .iter()
            .filter(|o| o.metric == AlertMetric::LiveErrorRatio)
            .map(|o| o.value)
            .collect();
        assert_eq!(ratios, vec![1.5, 3.5]);
        // The ratio rule (> 1.5 once) fires on the last chunk only.
        let live_alerts: Vec<&Alert> =
            r.alerts.iter().filter(|a| a.metric == AlertMetric::LiveErrorRatio).collect();
        assert_eq!(live_alerts.len(), 1);
        assert_eq!(live_alerts[0].observed, 3.5);
        assert_eq!(live_alerts[0].severity, Severity::Critical);
        assert_eq!(r.reference, ("2024-01-01T00:00:00".into(), "2024-01-06T00:00:00".into()));
        assert_eq!(r.recent, ("2024-01-07T00:00:00".into(), "2024-01-10T00:00:00".into()));
    }

    #[test]
    fn a_level_shift_in_the_recent_window_is_significant_drift_with_alerts() {
        let f = frame(noisy_weekly(300, 200, 15.0));
        let model = saved(ModelSpec::Ridge { alpha: 1.0 }, &f, 200);
        let r = monitor(&f, &model, 1.0, &config(199, 100, 4), &default_rules()).expect("runs");
        assert_eq!(r.features[0].key, "sales");
        assert_eq!(r.features[0].level, Some(DriftLevel::Significant));
        assert!(r.features.len() > 5, "lags and calendar features are monitored too");
        // Calendar features are measured but raise no alert: their shift is expected.
        let dow = r.features.iter().find(|f| f.key.contains("day_of_week")).expect("calendar");
        assert!(dow.date_driven && dow.psi.is_some());
        let date_driven: Vec<&str> =
            r.features.iter().filter(|f| f.date_driven).map(|f| f.key.as_str()).collect();
        assert!(r.alerts.iter().all(|a| !date_driven.contains(&a.feature.as_str())));
        // Sorted by PSI after the target.
        let psis: Vec<f64> = r.features[1..].iter().filter_map(|f| f.psi).collect();
        assert!(psis.windows(2).all(|w| w[0] >= w[1]), "{psis:?}");
        assert!(r.alerts.iter().any(|a| a.metric == AlertMetric::Psi
            && a.feature == "sales"
            && a.severity == Severity::Critical));
        let live = r.live.expect("live error");
        assert_eq!(live.points, 100);
        assert!(live.ratio > 5.0, "{live:?}");
    }

    #[test]
    fn a_steady_trend_is_drift_against_the_whole_history_but_not_against_its_recent_part() {
        // Two years of a weekly cycle growing 0.004 a day (15 % a year), then four more weeks.
        let trend: Vec<f64> = noisy_weekly(758, usize::MAX, 0.0)
            .iter()
            .enumerate()
            .map(|(i, v)| v + 0.004 * i as f64)
            .collect();
        let f = frame(trend);
        let model = saved(ModelSpec::Ridge { alpha: 1.0 }, &f, 730);
        let whole = config(729, 28, 1);
        let r = monitor(&f, &model, 1.0, &whole, &default_rules()).expect("runs");
        assert!(r.alerts.iter().any(|a| a.metric == AlertMetric::Psi && a.feature == "sales"));
        let rows = MonitorConfig::reference_rows_for(Frequency::Daily, 28);
        assert_eq!(rows, 112);
        let recent = MonitorConfig { reference_rows: Some(rows), ..whole };
        let r = monitor(&f, &model, 1.0, &recent, &default_rules()).expect("runs");
        assert_eq!(r.reference.0, "2025-09-10T00:00:00", "the last 112 training days");
        let psi_alert =
            r.alerts.iter().find(|a| a.metric == AlertMetric::Psi && a.feature == "sales");
        assert!(psi_alert.is_none(), "{:?}", r.features[0]);
        // Hourly data compares with at least two weeks, a whole weekly cycle twice.
        let hourly = Frequency::Minutes { minutes: 60 };
        assert_eq!(MonitorConfig::reference_rows_for(hourly, 28), 336);
    }

    #[test]
    fn the_same_process_after_the_reference_is_stable_on_the_target() {
        let f = frame(noisy_weekly(400, usize::MAX, 0.0));
        let model = saved(ModelSpec::Ridge { alpha: 1.0 }, &f, 300);
        let r = monitor(&f, &model, 1.0, &config(299, 100, 2), &default_rules()).expect("runs");
        // PSI on 100 recent rows and 10 bins has sampling noise of about (bins − 1)(1/n + 1/m)
        // ≈ 0.12, so "not significant" is what can be asserted; KS sees no change.
        let target = &r.features[0];
        assert_ne!(target.level, Some(DriftLevel::Significant), "{target:?}");
        assert!(target.ks.is_some_and(|k| k.p_value > 0.5), "{target:?}");
        // The model tracks the unchanged process: no live-error alert.
        assert!(
            !r.alerts.iter().any(|a| a.metric == AlertMetric::LiveErrorRatio),
            "{:?}",
            r.alerts
        );
    }

    #[test]
    fn a_constant_or_missing_feature_is_not_measurable() {
        assert_eq!(measure(&[4.0; 20], &[4.0, 5.0], 10), Ok(None));
        assert_eq!(measure(&[f64::NAN; 20], &[4.0, 5.0], 10), Ok(None));
        assert_eq!(measure(&[1.0, 2.0, 3.0], &[f64::NAN, f64::NAN], 10), Ok(None));
        let f = frame(vec![3.0; 30]);
        let model = saved(ModelSpec::Naive, &f, 20);
        let r = monitor(&f, &model, 1.0, &config(19, 10, 2), &default_rules()).expect("runs");
        assert_eq!(r.features.len(), 1);
        assert_eq!((r.features[0].psi, r.features[0].level), (None, None));
        assert!(r.observations.iter().all(|o| o.metric == AlertMetric::LiveErrorRatio));
        assert_eq!(r.live.map(|l| l.live_mae), Some(0.0));
    }

    #[test]
    fn settings_out_of_range_are_refused_before_any_work() {
        let f = frame((0..10).map(f64::from).collect());
        let model = saved(ModelSpec::Naive, &f, 6);
        let run = |cfg: MonitorConfig, mae| monitor(&f, &model, mae, &cfg, &[]);
        assert_eq!(run(config(5, 1, 1), 1.0), Err(MonitorError::RecentTooShort { recent: 1 }));
        assert_eq!(
            run(config(5, 4, 5), 1.0),
            Err(MonitorError::ChunksOutOfRange { chunks: 5, recent: 4 })
        );
        assert_eq!(
            run(MonitorConfig { bins: 1, ..config(5, 4, 2) }, 1.0),
            Err(MonitorError::Drift(DriftError::InvalidBins { bins: 1 }))
        );
        assert!(matches!(run(config(5, 4, 2), 0.0), Err(MonitorError::InvalidBacktestMae { .. })));
        assert_eq!(run(config(9, 4, 2), 1.0), Err(MonitorError::NoRecentRows { reference_end: 9 }));
    }

    #[test]
    fn alerts_read_in_english_and_french() {
        let alert = Alert {
            rule_index: 0,
            metric: AlertMetric::Psi,
            feature: "temp".into(),
            observed: 0.314,
            threshold: 0.25,
            window: 3,
            severity: Severity::Critical,
            related: 0,
        };
        assert_eq!(
            alert_message_named(&alert, "Temperature", Language::En),
            "Drift on Temperature: PSI 0.31 over the last 3 windows (threshold 0.25). \
             Check the data source or retrain."
        );
        assert_eq!(
            alert_message_named(&alert, "Température", Language::Fr),
            "Dérive sur Température\u{a0}: PSI 0,31 sur les 3 dernières fenêtres (seuil 0,25). \
             Vérifiez la source des données ou réentraînez le modèle."
        );
        let live = Alert {
            metric: AlertMetric::LiveErrorRatio,
            observed: 2.04,
            threshold: 1.5,
            window: 1,
            ..alert
        };
        assert_eq!(
            alert_message(&live, Language::En),
            "Forecast error is 2.0 times the backtest error in the last window (threshold 1.5). \
             Retrain the model or check the recent data."
        );
    }

    #[test]
    fn the_target_and_its_lags_make_one_alert_per_metric() {
        let alert = |feature: &str, metric, severity, observed| Alert {
            rule_index: 0,
            metric,
            feature: feature.into(),
            observed,
            threshold: 0.1,
            window: 1,
            severity,
            related: 0,
        };
        let from_target = ["sales", "sales_lag_1", "sales_lag_7", "sales_mean_7"];
        let folded = fold_related(
            vec![
                alert("sales_lag_1", AlertMetric::Psi, Severity::Critical, 0.9),
                alert("sales", AlertMetric::Psi, Severity::Critical, 0.5),
                alert("sales_lag_7", AlertMetric::Psi, Severity::Warning, 0.2),
                alert("price", AlertMetric::Psi, Severity::Critical, 0.4),
                alert("sales_mean_7", AlertMetric::Ks, Severity::Warning, 0.3),
                alert("sales", AlertMetric::LiveErrorRatio, Severity::Critical, 2.0),
            ],
            &from_target,
        );
        // The target's own PSI stands for its two lags; the price is another column; the
        // live error stays as it is. A KS alert of a rolling mean while the target's own KS
        // raises none is no alert: the mean moves only with the target.
        assert_eq!(
            folded,
            vec![
                Alert { related: 2, ..alert("sales", AlertMetric::Psi, Severity::Critical, 0.5) },
                alert("price", AlertMetric::Psi, Severity::Critical, 0.4),
                alert("sales", AlertMetric::LiveErrorRatio, Severity::Critical, 2.0),
            ]
        );
        let report = DriftReport {
            reference: (String::new(), String::new()),
            recent: (String::new(), String::new()),
            features: vec![],
            live: None,
            observations: vec![],
            alerts: folded[..1].to_vec(),
        };
        assert!(
            report.messages(Language::En)[0]
                .ends_with("2 more features computed from the same values drift too.")
        );
        assert!(
            report.messages(Language::Fr)[0].ends_with(
                "2 autres variables calculées à partir des mêmes valeurs dérivent aussi."
            )
        );
    }

    #[test]
    fn a_critical_alert_is_not_repeated_as_a_warning_for_the_same_feature() {
        let alert = |feature: &str, severity, rule_index| Alert {
            rule_index,
            metric: AlertMetric::Psi,
            feature: feature.into(),
            observed: 0.4,
            threshold: 0.1,
            window: 1,
            severity,
            related: 0,
        };
        let kept = most_severe(vec![
            alert("a", Severity::Critical, 0),
            alert("b", Severity::Warning, 1),
            alert("a", Severity::Warning, 1),
        ]);
        assert_eq!(kept, vec![alert("a", Severity::Critical, 0), alert("b", Severity::Warning, 1)]);
    }

    #[test]
    fn default_rules_watch_psi_twice_and_the_live_error() {
        let r = default_rules();
        let shape: Vec<(AlertMetric, f64, usize, Severity)> =
            r.iter().map(|r| (r.metric(), r.threshold(), r.window(), r.severity())).collect();
        assert_eq!(
            shape,
            vec![
                (AlertMetric::Psi, 0.25, 1, Severity::Critical),
                (AlertMetric::Psi, 0.1, 2, Severity::Warning),
                (AlertMetric::LiveErrorRatio, 1.5, 1, Severity::Critical),
            ]
        );
    }
}
