//! Drift monitoring: Population Stability Index, two-sample Kolmogorov–Smirnov, and alert rules.
//!
//! **PSI.** Bin edges are the interior quantiles `q(i / bins)`, `i = 1 … bins − 1`, of the
//! *expected* (reference) sample, type 7 as in [`crate::stats`]; repeated edges (ties) are merged,
//! so fewer bins may be used. Bins are right-closed: `(−∞, e₁], (e₁, e₂], …, (e_{k−1}, +∞)`.
//! With `pₑ, pₐ` the share of each sample per bin, `PSI = Σ (pₐ − pₑ) · ln(pₐ / pₑ)`. An empty bin
//! would make the log infinite, so a share of zero is replaced by [`PSI_EMPTY_BIN_SHARE`]
//! (1e-4, the usual convention; shares are not renormalised). Non-finite values (NaN, ±∞) are
//! ignored. Usual reading: < 0.1 stable, 0.1–0.25 moderate, ≥ 0.25 significant ([`DriftThresholds`]).
//!
//! **KS.** `D = sup_x |F_a(x) − F_b(x)|` over the two empirical CDFs (ties handled by stepping
//! past equal values together). The p-value is asymptotic: `Q_KS(λ)` of the Kolmogorov
//! distribution at `λ = sqrt(n m / (n + m)) · D`, with `Q_KS(λ) = 2 Σ (−1)^{k−1} e^{−2k²λ²}` for
//! λ ≥ 1.18 and `1 − (√(2π)/λ) Σ e^{−(2k−1)²π²/(8λ²)}` below (both converge in a few terms
//! there). NaN values are ignored and counted in [`KsResult`]; infinities are ordinary extremes.
//!
//! **Alerts.** An [`AlertRule`] fires for a (metric, feature) when its last `window`
//! observations all exceed the threshold, so one noisy point does not page anyone. Alerts are
//! typed data; the app words them in French and English.
//!
//! Invariant: no input panics; bad input is a typed [`DriftError`].

use serde::{Deserialize, Serialize};

use crate::stats::quantile_sorted;

/// Share given to an empty bin in the PSI so that its logarithm stays finite.
pub const PSI_EMPTY_BIN_SHARE: f64 = 1e-4;

/// Which sample an error refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DriftSample {
    /// The reference sample (`expected` in PSI, `a` in KS).
    Reference,
    /// The recent sample (`actual` in PSI, `b` in KS).
    Recent,
}

/// Why a drift measure or a rule could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DriftError {
    /// A sample has no usable value once NaN (and, for PSI, infinities) are dropped.
    #[error("the {sample:?} sample has no usable value ({ignored} ignored)")]
    EmptySample {
        /// Which sample.
        sample: DriftSample,
        /// How many values were dropped.
        ignored: usize,
    },
    /// PSI needs at least two bins.
    #[error("PSI needs at least 2 bins, got {bins}")]
    InvalidBins {
        /// The number of bins asked for.
        bins: usize,
    },
    /// Thresholds must be finite with `0 < moderate < significant`.
    #[error("invalid PSI thresholds: moderate {moderate}, significant {significant}")]
    InvalidThresholds {
        /// The moderate threshold given.
        #[serde(deserialize_with = "crate::json::nan")]
        moderate: f64,
        /// The significant threshold given.
        #[serde(deserialize_with = "crate::json::nan")]
        significant: f64,
    },
    /// A rule needs a finite threshold and a window of at least one observation.
    #[error("invalid alert rule: threshold {threshold}, window {window}")]
    InvalidRule {
        /// The threshold given.
        #[serde(deserialize_with = "crate::json::nan")]
        threshold: f64,
        /// The window given.
        window: usize,
    },
}

/// The finite values of `xs`, sorted ascending, and how many were dropped.
fn finite_sorted(xs: &[f64]) -> (Vec<f64>, usize) {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_unstable_by(f64::total_cmp);
    let dropped = xs.len() - v.len();
    (v, dropped)
}

/// Type-7 quantile of sorted finite values that stays finite even when the spread overflows.
fn quantile_edge(sorted: &[f64], q: f64) -> f64 {
    let edge = quantile_sorted(sorted, q);
    if edge.is_finite() {
        return edge;
    }
    // `hi − lo` overflowed (values near ±f64::MAX): interpolate without forming the difference.
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    let frac = h - lo as f64;
    match (sorted.get(lo), sorted.get(hi)) {
        (Some(&a), Some(&b)) => a * (1.0 - frac) + b * frac,
        _ => f64::NAN,
    }
}

/// Population Stability Index of `actual` against `expected`, with `bins` quantile bins.
pub fn psi(expected: &[f64], actual: &[f64], bins: usize) -> Result<f64, DriftError> {
    if bins < 2 {
        return Err(DriftError::InvalidBins { bins });
    }
    let (reference, ignored) = finite_sorted(expected);
    if reference.is_empty() {
        return Err(DriftError::EmptySample { sample: DriftSample::Reference, ignored });
    }
    let (recent, ignored) = finite_sorted(actual);
    if recent.is_empty() {
        return Err(DriftError::EmptySample { sample: DriftSample::Recent, ignored });
    }
    let mut edges: Vec<f64> =
        (1..bins).map(|i| quantile_edge(&reference, i as f64 / bins as f64)).collect();
    edges.dedup();
    let shares = |sorted: &[f64]| -> Vec<f64> {
        let mut counts = vec![0usize; edges.len() + 1];
        for &x in sorted {
            counts[edges.partition_point(|e| *e < x)] += 1;
        }
        counts.iter().map(|&c| c as f64 / sorted.len() as f64).collect()
    };
    let (pe, pa) = (shares(&reference), shares(&recent));
    Ok(pe
        .iter()
        .zip(&pa)
        .map(|(&e, &a)| {
            let (e, a) = (e.max(PSI_EMPTY_BIN_SHARE), a.max(PSI_EMPTY_BIN_SHARE));
            (a - e) * (a / e).ln()
        })
        .sum())
}

/// Result of a two-sample Kolmogorov–Smirnov comparison.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KsResult {
    /// `D = sup |F_a − F_b|`, in [0, 1].
    #[serde(deserialize_with = "crate::json::nan")]
    pub statistic: f64,
    /// Asymptotic two-sided p-value from the Kolmogorov distribution.
    #[serde(deserialize_with = "crate::json::nan")]
    pub p_value: f64,
    /// Values of `a` used.
    pub n_a: usize,
    /// Values of `b` used.
    pub n_b: usize,
    /// NaN values of `a` ignored.
    pub ignored_a: usize,
    /// NaN values of `b` ignored.
    pub ignored_b: usize,
}

/// Two-sample Kolmogorov–Smirnov statistic and asymptotic p-value; NaNs are ignored and counted.
pub fn ks_statistic(a: &[f64], b: &[f64]) -> Result<KsResult, DriftError> {
    let sorted_present = |xs: &[f64]| -> (Vec<f64>, usize) {
        let mut v: Vec<f64> = xs.iter().copied().filter(|x| !x.is_nan()).collect();
        v.sort_unstable_by(f64::total_cmp);
        let ignored = xs.len() - v.len();
        (v, ignored)
    };
    let (sa, ignored_a) = sorted_present(a);
    if sa.is_empty() {
        return Err(DriftError::EmptySample { sample: DriftSample::Reference, ignored: ignored_a });
    }
    let (sb, ignored_b) = sorted_present(b);
    if sb.is_empty() {
        return Err(DriftError::EmptySample { sample: DriftSample::Recent, ignored: ignored_b });
    }
    let (n, m) = (sa.len(), sb.len());
    let (mut i, mut j, mut d) = (0usize, 0usize, 0.0_f64);
    while i < n && j < m {
        let x = if sa[i] <= sb[j] { sa[i] } else { sb[j] };
        // Step past every copy of x in both samples before comparing the CDFs.
        while i < n && sa[i] <= x {
            i += 1;
        }
        while j < m && sb[j] <= x {
            j += 1;
        }
        d = d.max((i as f64 / n as f64 - j as f64 / m as f64).abs());
    }
    let (nf, mf) = (n as f64, m as f64);
    let lambda = (nf * mf / (nf + mf)).sqrt() * d;
    Ok(KsResult {
        statistic: d,
        p_value: kolmogorov_survival(lambda),
        n_a: n,
        n_b: m,
        ignored_a,
        ignored_b,
    })
}

/// `P(K > λ)` for the Kolmogorov distribution (the limit of `sqrt(n) · D_n`).
pub fn kolmogorov_survival(lambda: f64) -> f64 {
    if lambda.is_nan() {
        return f64::NAN;
    }
    if lambda <= 0.0 {
        return 1.0;
    }
    let value = if lambda < 1.18 {
        // Jacobi-theta form of the CDF: fast for small λ, where the alternating series is slow.
        let c = std::f64::consts::PI * std::f64::consts::PI / (8.0 * lambda * lambda);
        let sum: f64 = (1..=20u32).map(|k| (-f64::from((2 * k - 1).pow(2)) * c).exp()).sum();
        1.0 - (2.0 * std::f64::consts::PI).sqrt() / lambda * sum
    } else {
        let sum: f64 = (1..=100u32)
            .map(|k| {
                let sign = if k % 2 == 1 { 1.0 } else { -1.0 };
                sign * (-2.0 * f64::from(k * k) * lambda * lambda).exp()
            })
            .sum();
        2.0 * sum
    };
    value.clamp(0.0, 1.0)
}

/// How much a distribution has moved, read from its PSI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DriftLevel {
    /// PSI below the moderate threshold.
    Stable,
    /// PSI between the moderate and significant thresholds.
    Moderate,
    /// PSI at or above the significant threshold (or not a number).
    Significant,
}

/// PSI thresholds separating the [`DriftLevel`]s (validated on construction).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DriftThresholds {
    moderate: f64,
    significant: f64,
}

impl DriftThresholds {
    /// Thresholds with `0 < moderate < significant`, both finite.
    pub fn new(moderate: f64, significant: f64) -> Result<Self, DriftError> {
        if moderate.is_finite()
            && significant.is_finite()
            && 0.0 < moderate
            && moderate < significant
        {
            Ok(Self { moderate, significant })
        } else {
            Err(DriftError::InvalidThresholds { moderate, significant })
        }
    }

    /// The PSI from which drift is moderate.
    pub fn moderate(&self) -> f64 {
        self.moderate
    }

    /// The PSI from which drift is significant.
    pub fn significant(&self) -> f64 {
        self.significant
    }
}

impl Default for DriftThresholds {
    /// The usual 0.1 / 0.25.
    fn default() -> Self {
        Self { moderate: 0.1, significant: 0.25 }
    }
}

/// The drift level of a PSI value; NaN reads as significant so that a broken input is not silent.
pub fn drift_level(psi: f64, thresholds: &DriftThresholds) -> DriftLevel {
    if psi < thresholds.moderate {
        DriftLevel::Stable
    } else if psi < thresholds.significant {
        DriftLevel::Moderate
    } else {
        DriftLevel::Significant
    }
}

/// The quantity an alert rule watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AlertMetric {
    /// Population Stability Index of a feature.
    Psi,
    /// Kolmogorov–Smirnov `D` of a feature.
    Ks,
    /// Live error divided by the backtest error (1 = as expected).
    LiveErrorRatio,
}

/// How urgent an alert is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// Worth a look.
    Info,
    /// Should be investigated.
    Warning,
    /// Needs action (retrain, roll back).
    Critical,
}

/// Fire when the last `window` observations of `metric` exceed `threshold` (validated, also
/// when read from JSON).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawRule")]
pub struct AlertRule {
    metric: AlertMetric,
    threshold: f64,
    window: usize,
    severity: Severity,
}

/// An alert rule as written in JSON, before validation.
#[derive(Deserialize)]
struct RawRule {
    metric: AlertMetric,
    threshold: f64,
    window: usize,
    severity: Severity,
}

impl TryFrom<RawRule> for AlertRule {
    type Error = DriftError;
    fn try_from(r: RawRule) -> Result<Self, DriftError> {
        AlertRule::new(r.metric, r.threshold, r.window, r.severity)
    }
}

impl AlertRule {
    /// A rule with a finite threshold and a window of at least one observation.
    pub fn new(
        metric: AlertMetric,
        threshold: f64,
        window: usize,
        severity: Severity,
    ) -> Result<Self, DriftError> {
        if threshold.is_finite() && window >= 1 {
            Ok(Self { metric, threshold, window, severity })
        } else {
            Err(DriftError::InvalidRule { threshold, window })
        }
    }

    /// The metric watched.
    pub fn metric(&self) -> AlertMetric {
        self.metric
    }

    /// The value that must be exceeded.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// How many consecutive latest observations must exceed it.
    pub fn window(&self) -> usize {
        self.window
    }

    /// The severity of the alerts it raises.
    pub fn severity(&self) -> Severity {
        self.severity
    }
}

/// One measured value of a metric for a feature, in chronological order within a slice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// What was measured.
    pub metric: AlertMetric,
    /// The feature (or target) it was measured on.
    pub feature: String,
    /// The measured value.
    #[serde(deserialize_with = "crate::json::nan")]
    pub value: f64,
}

/// A fired alert: typed data for the app to word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// Position of the rule in the slice given to [`evaluate`].
    pub rule_index: usize,
    /// The metric watched.
    pub metric: AlertMetric,
    /// The feature concerned.
    pub feature: String,
    /// The latest observed value.
    #[serde(deserialize_with = "crate::json::nan")]
    pub observed: f64,
    /// The rule's threshold.
    #[serde(deserialize_with = "crate::json::nan")]
    pub threshold: f64,
    /// The rule's window.
    pub window: usize,
    /// The rule's severity.
    pub severity: Severity,
    /// Other features computed from the same column (the target's lags and rolling means)
    /// that raised the same alert and were folded into this one: one level shift of the
    /// target is one alert, not one per lag.
    #[serde(default)]
    pub related: usize,
}

/// Alerts raised by `rules` on `observations` (chronological), ordered by rule then by the
/// feature's first appearance. NaN values never exceed a threshold, so they break a run.
pub fn evaluate(rules: &[AlertRule], observations: &[Observation]) -> Vec<Alert> {
    let mut alerts = Vec::new();
    for (rule_index, rule) in rules.iter().enumerate() {
        let mut features: Vec<&str> = Vec::new();
        for obs in observations.iter().filter(|o| o.metric == rule.metric) {
            if !features.contains(&obs.feature.as_str()) {
                features.push(&obs.feature);
            }
        }
        for feature in features {
            let values: Vec<f64> = observations
                .iter()
                .filter(|o| o.metric == rule.metric && o.feature == feature)
                .map(|o| o.value)
                .collect();
            if values.len() < rule.window {
                continue;
            }
            let recent = &values[values.len() - rule.window..];
            if recent.iter().all(|v| *v > rule.threshold) {
                alerts.push(Alert {
                    rule_index,
                    metric: rule.metric,
                    feature: feature.to_owned(),
                    observed: values[values.len() - 1],
                    threshold: rule.threshold,
                    window: rule.window,
                    severity: rule.severity,
                    related: 0,
                });
            }
        }
    }
    alerts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_reads_back_from_json_and_an_invalid_one_is_refused() {
        let rule = AlertRule::new(AlertMetric::Psi, 0.25, 2, Severity::Warning).expect("valid");
        let text = crate::json::to_string(&rule);
        assert_eq!(crate::json::from_str::<AlertRule>(&text).expect("reads"), rule);
        let bad = text.replace("\"window\":2", "\"window\":0");
        assert!(crate::json::from_str::<AlertRule>(&bad).is_err(), "{bad}");
    }

    #[test]
    fn psi_of_identical_samples_is_zero() {
        let xs: Vec<f64> = (0..100).map(|i| (i as f64 * 0.37).sin()).collect();
        assert_eq!(psi(&xs, &xs, 10), Ok(0.0));
    }

    #[test]
    fn psi_of_a_hand_computed_case() {
        // expected [1, 2, 3, 4], 2 bins: edge = median 2.5, shares [0.5, 0.5].
        // actual [1, 1, 1, 4]: shares [0.75, 0.25].
        // PSI = 0.25·ln(1.5) + (−0.25)·ln(0.5) = 0.25·ln 3 = 0.274653…
        let value = psi(&[1.0, 2.0, 3.0, 4.0], &[1.0, 1.0, 1.0, 4.0], 2).expect("valid");
        assert!((value - 0.25 * 3f64.ln()).abs() < 1e-15);
    }

    #[test]
    fn psi_gives_an_empty_bin_the_epsilon_share() {
        // All of actual falls in the upper bin: shares [1e-4 (was 0), 1] vs [0.5, 0.5].
        let value = psi(&[1.0, 2.0, 3.0, 4.0], &[9.0, 9.0], 2).expect("valid");
        let expected = (1e-4 - 0.5) * (1e-4f64 / 0.5).ln() + 0.5 * 2f64.ln();
        assert!((value - expected).abs() < 1e-12);
    }

    #[test]
    fn psi_ignores_non_finite_values_and_rejects_empty_samples() {
        let with_nan = [1.0, f64::NAN, 2.0, 3.0, f64::INFINITY, 4.0];
        assert_eq!(psi(&with_nan, &[1.0, 2.0, 3.0, 4.0], 2), Ok(0.0));
        assert_eq!(
            psi(&[f64::NAN], &[1.0], 2),
            Err(DriftError::EmptySample { sample: DriftSample::Reference, ignored: 1 })
        );
        assert_eq!(psi(&[1.0], &[1.0], 1), Err(DriftError::InvalidBins { bins: 1 }));
    }

    #[test]
    fn psi_edges_stay_finite_when_the_spread_overflows() {
        // The median of [MIN, MAX] is 0, although MAX − MIN overflows: shares [0.5, 0.5] both.
        assert_eq!(psi(&[f64::MIN, f64::MAX], &[-1.0, 1.0], 2), Ok(0.0));
    }

    #[test]
    fn ks_of_identical_samples_is_zero_and_of_disjoint_samples_one() {
        let xs = [3.0, 1.0, 2.0, 2.0, 5.0];
        let same = ks_statistic(&xs, &xs).expect("valid");
        assert_eq!(same.statistic, 0.0);
        assert_eq!(same.p_value, 1.0);
        let apart = ks_statistic(&[1.0, 2.0, 3.0], &[10.0, 11.0]).expect("valid");
        assert_eq!(apart.statistic, 1.0);
    }

    #[test]
    fn ks_counts_the_nans_it_ignores() {
        let r = ks_statistic(&[1.0, f64::NAN, 2.0], &[f64::NAN, f64::NAN, 1.5]).expect("valid");
        assert_eq!((r.n_a, r.n_b, r.ignored_a, r.ignored_b), (2, 1, 1, 2));
        assert_eq!(r.statistic, 0.5);
    }

    #[test]
    fn kolmogorov_survival_matches_tabulated_critical_values() {
        // Classic critical values of the Kolmogorov distribution: 1.3581 at 5 %, 1.6276 at 1 %.
        assert!((kolmogorov_survival(1.358_1) - 0.05).abs() < 1e-4);
        assert!((kolmogorov_survival(1.627_6) - 0.01).abs() < 1e-4);
        // Both series agree where they meet.
        let below = 1.0
            - (2.0 * std::f64::consts::PI).sqrt() / 1.18
                * (1..=20u32)
                    .map(|k| {
                        (-f64::from((2 * k - 1).pow(2)) * std::f64::consts::PI.powi(2)
                            / (8.0 * 1.18 * 1.18))
                            .exp()
                    })
                    .sum::<f64>();
        assert!((kolmogorov_survival(1.18) - below).abs() < 1e-14);
    }

    #[test]
    fn drift_levels_follow_the_thresholds() {
        let t = DriftThresholds::default();
        assert_eq!(drift_level(0.05, &t), DriftLevel::Stable);
        assert_eq!(drift_level(0.1, &t), DriftLevel::Moderate);
        assert_eq!(drift_level(0.3, &t), DriftLevel::Significant);
        assert_eq!(drift_level(f64::NAN, &t), DriftLevel::Significant);
        assert!(DriftThresholds::new(0.3, 0.2).is_err());
        let strict = DriftThresholds::new(0.02, 0.05).expect("valid");
        assert_eq!(drift_level(0.03, &strict), DriftLevel::Moderate);
    }

    fn obs(metric: AlertMetric, feature: &str, value: f64) -> Observation {
        Observation { metric, feature: feature.to_owned(), value }
    }

    #[test]
    fn a_rule_fires_only_when_its_whole_window_exceeds_the_threshold() {
        let rule = AlertRule::new(AlertMetric::Psi, 0.25, 2, Severity::Warning).expect("valid");
        let observations = [
            obs(AlertMetric::Psi, "price", 0.30),
            obs(AlertMetric::Psi, "temp", 0.40),
            obs(AlertMetric::Ks, "price", 0.90),
            obs(AlertMetric::Psi, "price", 0.28),
            obs(AlertMetric::Psi, "temp", 0.10),
        ];
        let alerts = evaluate(&[rule], &observations);
        assert_eq!(
            alerts,
            vec![Alert {
                rule_index: 0,
                metric: AlertMetric::Psi,
                feature: "price".to_owned(),
                observed: 0.28,
                threshold: 0.25,
                window: 2,
                severity: Severity::Warning,
                related: 0,
            }]
        );
    }

    #[test]
    fn a_nan_observation_breaks_the_run_and_invalid_rules_are_refused() {
        let rule =
            AlertRule::new(AlertMetric::LiveErrorRatio, 1.5, 2, Severity::Critical).expect("valid");
        let observations = [
            obs(AlertMetric::LiveErrorRatio, "target", 2.0),
            obs(AlertMetric::LiveErrorRatio, "target", f64::NAN),
        ];
        assert!(evaluate(&[rule], &observations).is_empty());
        assert_eq!(
            AlertRule::new(AlertMetric::Ks, 0.2, 0, Severity::Info),
            Err(DriftError::InvalidRule { threshold: 0.2, window: 0 })
        );
    }
}
