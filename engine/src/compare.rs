//! A/B comparison of two model versions on the same forecast errors, and the non-regression gate.
//!
//! **Test.** Diebold–Mariano (1995) with the Harvey–Leybourne–Newbold (1997) small-sample
//! correction. For paired errors `e_a,t` (model A, in service) and `e_b,t` (model B, candidate)
//! of `h`-step-ahead forecasts, the loss differential is `d_t = L(e_a,t) − L(e_b,t)` with `L` the
//! squared or absolute loss, so a **positive** mean differential means B has the lower loss.
//! With `d̄` the mean and `γ_k = (1/n) Σ_{t=k}^{n−1} (d_t − d̄)(d_{t−k} − d̄)` the sample
//! autocovariances (denominator `n`, as in DM 1995), the long-run variance is the rectangular
//! window `V = γ_0 + 2 Σ_{k=1}^{h−1} γ_k` (`h`-step errors are MA(h−1) under the null). That
//! estimate can be ≤ 0; we then fall back to `γ_0` alone and say so in
//! [`DmTest::variance_fallback`]. The statistic is `DM = d̄ / sqrt(V / n)`, the corrected one
//! `HLN = DM · sqrt((n + 1 − 2h + h(h−1)/n) / n)`, and the two-sided p-value comes from
//! Student's t with `n − 1` degrees of freedom (our own regularized incomplete beta, below).
//!
//! **Gate.** [`gate`] turns a test into a [`Verdict`] at level `alpha`: B is `Better` when its
//! loss is significantly lower, `Worse` when significantly higher; a candidate is promoted
//! unless it is `Worse` (non-regression, not superiority). Reasons are typed so the app words
//! them in French and English.
//!
//! Invariant: no input panics; bad input is a typed [`CompareError`].

use serde::{Deserialize, Serialize};

/// Loss applied to each forecast error before differencing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Loss {
    /// `e²`: penalises large errors (matches RMSE).
    Squared,
    /// `|e|`: robust to outliers (matches MAE).
    Absolute,
}

impl Loss {
    /// The loss of one error.
    fn of(self, error: f64) -> f64 {
        match self {
            Loss::Squared => error * error,
            Loss::Absolute => error.abs(),
        }
    }
}

/// Which of the two error series a [`CompareError`] points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorSeries {
    /// The in-service model's errors (`errors_a`).
    InService,
    /// The candidate model's errors (`errors_b`).
    Candidate,
}

/// Why a comparison could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CompareError {
    /// The two error series are not paired: they have different lengths.
    #[error("the error series differ in length: {len_a} (in service) vs {len_b} (candidate)")]
    LengthMismatch {
        /// Length of the in-service errors.
        len_a: usize,
        /// Length of the candidate errors.
        len_b: usize,
    },
    /// The horizon must be at least one step.
    #[error("the forecast horizon must be at least 1, got {horizon}")]
    InvalidHorizon {
        /// The horizon given.
        horizon: usize,
    },
    /// Too few paired errors for this horizon (the HLN factor needs `n ≥ 2h + 2`).
    #[error("{n} paired errors are too few for horizon {horizon}: at least {min} are needed")]
    TooFewPoints {
        /// Number of paired errors given.
        n: usize,
        /// The horizon.
        horizon: usize,
        /// The minimum number of pairs for that horizon.
        min: usize,
    },
    /// An error (or its loss) is NaN or infinite.
    #[error("non-finite value at index {index} of the {series:?} errors")]
    NonFinite {
        /// Which series holds it.
        series: ErrorSeries,
        /// Zero-based position in the series.
        index: usize,
    },
    /// The loss differential is constant (or numerically so): no test is possible.
    #[error("the loss differential has zero variance")]
    ZeroVariance,
    /// The losses are so large that their variance overflows `f64`.
    #[error("the losses overflow the floating-point range")]
    Overflow,
    /// The significance level must lie strictly between 0 and 1.
    #[error("alpha must lie strictly between 0 and 1, got {alpha}")]
    InvalidAlpha {
        /// The level given.
        #[serde(deserialize_with = "crate::json::nan")]
        alpha: f64,
    },
}

/// Result of a Diebold–Mariano test with the HLN correction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DmTest {
    /// Number of paired errors.
    pub n: usize,
    /// Mean of `d_t = L(e_a,t) − L(e_b,t)`; positive means the candidate B has lower loss.
    #[serde(deserialize_with = "crate::json::nan")]
    pub mean_differential: f64,
    /// The uncorrected DM statistic `d̄ / sqrt(V / n)`.
    #[serde(deserialize_with = "crate::json::nan")]
    pub statistic: f64,
    /// The HLN-corrected statistic, compared with Student's t on `n − 1` degrees of freedom.
    #[serde(deserialize_with = "crate::json::nan")]
    pub hln_statistic: f64,
    /// Two-sided p-value of the HLN statistic.
    #[serde(deserialize_with = "crate::json::nan")]
    pub p_value: f64,
    /// True when `γ_0 + 2 Σ γ_k` was ≤ 0 and the variance fell back to `γ_0` alone.
    pub variance_fallback: bool,
}

/// Smallest number of pairs accepted for horizon `h`: keeps the HLN factor positive and leaves
/// at least a couple of degrees of freedom beyond the `h − 1` autocovariances.
pub fn min_points(horizon: usize) -> usize {
    2 * horizon + 2
}

/// Diebold–Mariano test of equal predictive accuracy with the HLN small-sample correction.
pub fn diebold_mariano(
    errors_a: &[f64],
    errors_b: &[f64],
    horizon: usize,
    loss: Loss,
) -> Result<DmTest, CompareError> {
    if errors_a.len() != errors_b.len() {
        return Err(CompareError::LengthMismatch { len_a: errors_a.len(), len_b: errors_b.len() });
    }
    if horizon == 0 {
        return Err(CompareError::InvalidHorizon { horizon });
    }
    let n = errors_a.len();
    let min = min_points(horizon);
    if n < min {
        return Err(CompareError::TooFewPoints { n, horizon, min });
    }
    let mut d = Vec::with_capacity(n);
    for (index, (&ea, &eb)) in errors_a.iter().zip(errors_b).enumerate() {
        let (la, lb) = (loss.of(ea), loss.of(eb));
        // A finite error can still have an infinite square: report it against its series.
        if !la.is_finite() {
            return Err(CompareError::NonFinite { series: ErrorSeries::InService, index });
        }
        if !lb.is_finite() {
            return Err(CompareError::NonFinite { series: ErrorSeries::Candidate, index });
        }
        // Both losses are finite and non-negative, so their difference is finite too.
        d.push(la - lb);
    }
    let nf = n as f64;
    let mean = d.iter().sum::<f64>() / nf;
    if !mean.is_finite() {
        return Err(CompareError::Overflow);
    }
    let centred: Vec<f64> = d.iter().map(|v| v - mean).collect();
    let autocov = |k: usize| -> f64 {
        centred[k..].iter().zip(&centred[..n - k]).map(|(x, y)| x * y).sum::<f64>() / nf
    };
    let gamma0 = autocov(0);
    if !gamma0.is_finite() {
        return Err(CompareError::Overflow);
    }
    // A constant differential leaves only rounding noise in γ_0: treat it as zero variance
    // rather than dividing by that noise.
    let scale = d.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    if gamma0 <= (1e-12 * scale).powi(2) {
        return Err(CompareError::ZeroVariance);
    }
    let long_run = gamma0 + 2.0 * (1..horizon).map(autocov).sum::<f64>();
    if !long_run.is_finite() {
        return Err(CompareError::Overflow);
    }
    let (variance, variance_fallback) =
        if long_run > 0.0 { (long_run, false) } else { (gamma0, true) };
    let statistic = mean / (variance / nf).sqrt();
    let hf = horizon as f64;
    let hln_factor = ((nf + 1.0 - 2.0 * hf + hf * (hf - 1.0) / nf) / nf).sqrt();
    let hln_statistic = statistic * hln_factor;
    let p_value = student_t_two_sided_p(hln_statistic, nf - 1.0);
    Ok(DmTest { n, mean_differential: mean, statistic, hln_statistic, p_value, variance_fallback })
}

/// Outcome of comparing candidate B against the in-service model A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// B's loss is significantly lower than A's.
    Better,
    /// The test cannot tell them apart at this level.
    NoSignificantDifference,
    /// B's loss is significantly higher than A's.
    Worse,
}

/// Settings of the non-regression gate (validated on construction).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GateConfig {
    alpha: f64,
}

impl GateConfig {
    /// A gate at significance level `alpha`, which must lie strictly in (0, 1).
    pub fn new(alpha: f64) -> Result<Self, CompareError> {
        if alpha > 0.0 && alpha < 1.0 {
            Ok(Self { alpha })
        } else {
            Err(CompareError::InvalidAlpha { alpha })
        }
    }

    /// The significance level.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Default for GateConfig {
    /// The conventional 5 % level.
    fn default() -> Self {
        Self { alpha: 0.05 }
    }
}

/// Why the gate decided as it did; the app turns each variant into a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum GateReason {
    /// B's loss is significantly lower (p < alpha, positive mean differential).
    CandidateSignificantlyBetter {
        /// The test's p-value.
        #[serde(deserialize_with = "crate::json::nan")]
        p_value: f64,
        /// The level used.
        #[serde(deserialize_with = "crate::json::nan")]
        alpha: f64,
    },
    /// No significant difference (p ≥ alpha): promoting cannot be a regression we can detect.
    NoSignificantDifference {
        /// The test's p-value.
        #[serde(deserialize_with = "crate::json::nan")]
        p_value: f64,
        /// The level used.
        #[serde(deserialize_with = "crate::json::nan")]
        alpha: f64,
    },
    /// B's loss is significantly higher (p < alpha, negative mean differential): blocked.
    CandidateSignificantlyWorse {
        /// The test's p-value.
        #[serde(deserialize_with = "crate::json::nan")]
        p_value: f64,
        /// The level used.
        #[serde(deserialize_with = "crate::json::nan")]
        alpha: f64,
    },
}

/// The gate's decision on a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GateDecision {
    /// How B compares with A.
    pub verdict: Verdict,
    /// Whether B may replace A: true unless B is significantly worse.
    pub promote: bool,
    /// The typed reason behind the verdict.
    pub reason: GateReason,
}

/// Non-regression gate: promote the candidate unless it is significantly worse at `cfg.alpha`.
pub fn gate(test: &DmTest, cfg: &GateConfig) -> GateDecision {
    let (p_value, alpha) = (test.p_value, cfg.alpha);
    // A NaN p-value fails `<` and lands on "no significant difference", the cautious reading.
    let significant = p_value < alpha;
    let (verdict, reason) = if significant && test.mean_differential > 0.0 {
        (Verdict::Better, GateReason::CandidateSignificantlyBetter { p_value, alpha })
    } else if significant && test.mean_differential < 0.0 {
        (Verdict::Worse, GateReason::CandidateSignificantlyWorse { p_value, alpha })
    } else {
        (Verdict::NoSignificantDifference, GateReason::NoSignificantDifference { p_value, alpha })
    };
    GateDecision { verdict, promote: verdict != Verdict::Worse, reason }
}

/// Two-sided p-value `P(|T| ≥ |t|)` for Student's t with `df` degrees of freedom.
///
/// Uses `P(|T| ≥ |t|) = I_x(df/2, 1/2)` with `x = df / (df + t²)`, which avoids the
/// cancellation of `1 − CDF` in the tails. `NaN` for a `NaN` statistic or `df ≤ 0`.
pub fn student_t_two_sided_p(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t.is_infinite() {
        return 0.0;
    }
    let x = df / (df + t * t);
    regularized_incomplete_beta(df / 2.0, 0.5, x)
}

/// Cumulative distribution function of Student's t with `df` degrees of freedom.
pub fn student_t_cdf(t: f64, df: f64) -> f64 {
    let tail = student_t_two_sided_p(t, df) / 2.0;
    if t >= 0.0 { 1.0 - tail } else { tail }
}

/// Natural log of the gamma function for `x > 0` (Lanczos, g = 7, nine terms; ~1e-15 relative).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let z = x - 1.0;
    let series =
        COEF[1..].iter().enumerate().fold(COEF[0], |acc, (i, c)| acc + c / (z + i as f64 + 1.0));
    let t = z + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (z + 0.5) * t.ln() - t + series.ln()
}

/// Regularized incomplete beta `I_x(a, b)` for `a, b > 0`, `x ∈ [0, 1]`.
///
/// Continued fraction (modified Lentz) on whichever of `I_x(a, b)` and `1 − I_{1−x}(b, a)`
/// converges fast, to a relative step of 1e-15. `NaN` outside the domain.
pub fn regularized_incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if !(a > 0.0 && b > 0.0) || x.is_nan() || !(0.0..=1.0).contains(&x) {
        return f64::NAN;
    }
    if x == 0.0 || x == 1.0 {
        return x;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_continued_fraction(b, a, 1.0 - x) / b
    }
}

/// The continued fraction of `I_x(a, b)` (without its front factor), by modified Lentz.
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-15;
    const MAX_ITER: usize = 10_000;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=MAX_ITER {
        let m = m as f64;
        let m2 = 2.0 * m;
        // Even step.
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        h *= d * c;
        // Odd step.
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn ln_gamma_matches_factorials_and_sqrt_pi() {
        assert!(close(ln_gamma(1.0), 0.0, 1e-14));
        assert!(close(ln_gamma(5.0), 24f64.ln(), 1e-13));
        assert!(close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-14));
        assert!(close(ln_gamma(20.0), 121_645_100_408_832_000f64.ln(), 1e-12));
    }

    #[test]
    fn incomplete_beta_matches_closed_forms() {
        // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b.
        assert!(close(regularized_incomplete_beta(1.0, 1.0, 0.3), 0.3, 1e-14));
        assert!(close(regularized_incomplete_beta(3.0, 1.0, 0.6), 0.216, 1e-14));
        assert!(close(regularized_incomplete_beta(1.0, 4.0, 0.2), 1.0 - 0.8f64.powi(4), 1e-14));
        // I_{1/2}(a, a) = 1/2 by symmetry.
        assert!(close(regularized_incomplete_beta(7.5, 7.5, 0.5), 0.5, 1e-13));
    }

    #[test]
    fn student_t_cdf_matches_known_values() {
        // df = 1 is Cauchy: F(t) = 1/2 + atan(t)/π.
        let cauchy = 0.5 + 2f64.atan() / std::f64::consts::PI;
        assert!(close(student_t_cdf(2.0, 1.0), cauchy, 1e-13));
        // df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t²)).
        let t2 = 0.5 + 1.5 / (2.0 * (2.0f64 + 2.25).sqrt());
        assert!(close(student_t_cdf(1.5, 2.0), t2, 1e-13));
        // Tabulated two-sided 5 % critical values: t_{0.975, 10} = 2.228138851986274,
        // t_{0.975, 30} = 2.042272456301238 (scipy.stats.t.ppf).
        assert!(close(student_t_two_sided_p(2.228_138_851_986_274, 10.0), 0.05, 1e-12));
        assert!(close(student_t_two_sided_p(2.042_272_456_301_238, 30.0), 0.05, 1e-12));
        assert!(close(student_t_cdf(0.0, 7.0), 0.5, 1e-15));
    }

    #[test]
    fn rejects_unpaired_series_and_short_ones() {
        assert_eq!(
            diebold_mariano(&[1.0; 10], &[1.0; 9], 1, Loss::Squared),
            Err(CompareError::LengthMismatch { len_a: 10, len_b: 9 })
        );
        assert_eq!(
            diebold_mariano(&[1.0; 7], &[1.0; 7], 3, Loss::Squared),
            Err(CompareError::TooFewPoints { n: 7, horizon: 3, min: 8 })
        );
        assert_eq!(
            diebold_mariano(&[1.0; 7], &[1.0; 7], 0, Loss::Squared),
            Err(CompareError::InvalidHorizon { horizon: 0 })
        );
    }

    #[test]
    fn names_the_series_and_index_of_a_non_finite_error() {
        let mut b = vec![1.0, 2.0, 3.0, 4.0, 5.0];
        b[3] = f64::NAN;
        assert_eq!(
            diebold_mariano(&[1.0, 3.0, 2.0, 5.0, 4.0], &b, 1, Loss::Absolute),
            Err(CompareError::NonFinite { series: ErrorSeries::Candidate, index: 3 })
        );
        // 1e200 is finite but its square is not.
        assert_eq!(
            diebold_mariano(&[1e200, 3.0, 2.0, 5.0, 4.0], &[1.0; 5], 1, Loss::Squared),
            Err(CompareError::NonFinite { series: ErrorSeries::InService, index: 0 })
        );
    }

    #[test]
    fn a_constant_differential_is_zero_variance() {
        let a = [2.0, -2.0, 2.0, -2.0, 2.0, -2.0];
        let b = [1.0, -1.0, 1.0, -1.0, 1.0, -1.0];
        assert_eq!(diebold_mariano(&a, &b, 1, Loss::Absolute), Err(CompareError::ZeroVariance));
    }

    #[test]
    fn hand_computed_horizon_one_case() {
        // d = |a| − |b| = [1, 0, 1, 2]: mean 1, γ0 = (0 + 1 + 0 + 1)/4 = 0.5,
        // DM = 1 / sqrt(0.5/4) = 2√2; HLN factor sqrt((4 + 1 − 2 + 0)/4) = √3/2 → HLN = √6.
        let test = diebold_mariano(&[2.0, 1.0, 3.0, 4.0], &[1.0, 1.0, 2.0, 2.0], 1, Loss::Absolute)
            .expect("valid input");
        assert!(close(test.mean_differential, 1.0, 1e-15));
        assert!(close(test.statistic, 8f64.sqrt(), 1e-14));
        assert!(close(test.hln_statistic, 6f64.sqrt(), 1e-14));
        // df = 3: P(|T| ≥ √6) from the closed form of t_3's CDF.
        let t = 6f64.sqrt();
        let u = t / 3f64.sqrt();
        let cdf = 0.5 + (u / (1.0 + u * u) + u.atan()) / std::f64::consts::PI;
        assert!(close(test.p_value, 2.0 * (1.0 - cdf), 1e-13));
        assert!(!test.variance_fallback);
    }

    #[test]
    fn falls_back_to_gamma0_when_the_long_run_variance_is_not_positive() {
        // d = [2, −1, 2, −1, …] (n = 10): mean 0.5, centred ±1.5, γ0 = 2.25, γ1 = −2.025,
        // so γ0 + 2γ1 = −1.8 ≤ 0 at h = 2 and the variance falls back to γ0:
        // DM = 0.5 / sqrt(2.25 / 10).
        let a: Vec<f64> = (0..10).map(|t| if t % 2 == 0 { 2.0 } else { 0.0 }).collect();
        let b: Vec<f64> = (0..10).map(|t| if t % 2 == 0 { 0.0 } else { 1.0 }).collect();
        let test = diebold_mariano(&a, &b, 2, Loss::Absolute).expect("valid input");
        assert!(test.variance_fallback);
        assert!(close(test.statistic, 0.5 / 0.225f64.sqrt(), 1e-13));
        // HLN factor at n = 10, h = 2: sqrt((10 + 1 − 4 + 0.2) / 10) = sqrt(0.72).
        assert!(close(test.hln_statistic, test.statistic * 0.72f64.sqrt(), 1e-13));
    }

    #[test]
    fn gate_validates_alpha() {
        assert_eq!(GateConfig::new(0.0), Err(CompareError::InvalidAlpha { alpha: 0.0 }));
        assert!(GateConfig::new(f64::NAN).is_err());
        assert_eq!(GateConfig::default().alpha(), 0.05);
    }
}
