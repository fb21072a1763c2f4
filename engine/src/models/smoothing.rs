//! Non-seasonal exponential smoothing in state-space form (ETS), written here: the model
//! `ETS(error, trend, N)` with additive or multiplicative error and no, additive or damped
//! additive trend, fitted by maximum likelihood and chosen by AICc — the search R's `ets` and
//! statsforecast's `AutoETS` make with `model = "ZZN"` and no multiplicative trend.
//!
//! **The filter.** With level `l`, slope `b` and damping `φ` (1 without damping, and no slope
//! without trend), the one-step forecast is `f = l + φ·b`; after observing `y` the states become
//! `l ← f + α·(y − f)` and `b ← φ·b + β·(y − f)`. Both error forms share these point recursions;
//! they differ in the error the likelihood sums: `y − f` (additive) or `(y − f)/f`
//! (multiplicative). The `h`-step forecast is `l + (φ + φ² + … + φʰ)·b`.
//!
//! **The fit.** The concentrated log-likelihood `n·ln Σ ε²` (plus `2·Σ ln|f|` for multiplicative
//! error) is minimised over `α`, `β`, `φ` and the initial states by Nelder–Mead, inside R's
//! "usual" bounds (`α ∈ [10⁻⁴, 0.9999]`, `β ∈ [10⁻⁴, α]`, `φ ∈ [0.8, 0.98]`), from R's starting
//! values (`α = 0.2`, `β = 0.1·α`, `φ = 0.978`, initial states from a least-squares line through
//! the first ten observations). Every fit is deterministic: no randomness, no clock.
//!
//! **Why not a library.** The filter runs once per optimiser step per observation; it reads no
//! `pow` or `ln` per observation (the logarithms of the multiplicative likelihood are taken of
//! running products), which matters in WebAssembly, where those are software routines.

use crate::models::ModelError;

/// Lower and upper bounds of the smoothing parameters (R's `ets` defaults).
const ALPHA: (f64, f64) = (1e-4, 0.9999);
const BETA_LOWER: f64 = 1e-4;
const PHI: (f64, f64) = (0.8, 0.98);
/// Nelder–Mead stops after this many iterations, or when the simplex's values agree to
/// [`RELTOL`] relative to the best.
const MAX_ITERATIONS: usize = 2_000;
const RELTOL: f64 = 1e-8;
/// Observations the initial states are estimated from.
const INIT_WINDOW: usize = 10;

/// How the error enters the likelihood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// `y − f`.
    Additive,
    /// `(y − f) / f` (positive data only).
    Multiplicative,
}

/// The trend component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendKind {
    /// Level only.
    None,
    /// Level and slope.
    Additive,
    /// Level and a slope damped by `φ` at every step.
    Damped,
}

/// A fitted non-seasonal ETS model: its form, parameters, final states and AICc.
#[derive(Debug, Clone, PartialEq)]
pub struct SmoothingFit {
    /// Error form.
    pub error: ErrorKind,
    /// Trend form.
    pub trend: TrendKind,
    /// Level smoothing.
    pub alpha: f64,
    /// Slope smoothing (0 without trend).
    pub beta: f64,
    /// Damping (1 without damping).
    pub phi: f64,
    /// Level after the last observation.
    pub level: f64,
    /// Slope after the last observation (0 without trend).
    pub slope: f64,
    /// Corrected Akaike information criterion of the fit.
    pub aicc: f64,
}

impl SmoothingFit {
    /// The next `horizon` values.
    pub fn forecast(&self, horizon: usize) -> Vec<f64> {
        let mut damped_sum = 0.0;
        let mut power = 1.0;
        (0..horizon)
            .map(|_| {
                power *= self.phi;
                damped_sum += power;
                self.level + damped_sum * self.slope
            })
            .collect()
    }

    /// The form in ETS notation, e.g. `"ETS(A,Ad,N)"`.
    pub fn notation(&self) -> String {
        let error = match self.error {
            ErrorKind::Additive => "A",
            ErrorKind::Multiplicative => "M",
        };
        let trend = match self.trend {
            TrendKind::None => "N",
            TrendKind::Additive => "A",
            TrendKind::Damped => "Ad",
        };
        format!("ETS({error},{trend},N)")
    }
}

/// Fits every admissible form (multiplicative error only for positive data) and keeps the one
/// with the lowest AICc; the first of equal AICc in the order ANN, AAdN, AAN, MNN, MAdN, MAN.
pub fn auto(y: &[f64]) -> Result<SmoothingFit, ModelError> {
    if y.len() < 4 || y.iter().any(|v| !v.is_finite()) {
        return Err(ModelError::Numerical("exponential smoothing needs finite values".into()));
    }
    let positive = y.iter().all(|v| *v > 0.0);
    let errors: &[ErrorKind] = if positive {
        &[ErrorKind::Additive, ErrorKind::Multiplicative]
    } else {
        &[ErrorKind::Additive]
    };
    let mut best: Option<SmoothingFit> = None;
    for &error in errors {
        for trend in [TrendKind::None, TrendKind::Damped, TrendKind::Additive] {
            let Some(fit) = fit(y, error, trend) else { continue };
            if best.as_ref().is_none_or(|b| fit.aicc < b.aicc) {
                best = Some(fit);
            }
        }
    }
    best.ok_or_else(|| {
        ModelError::Numerical("no exponential smoothing model could be fitted".into())
    })
}

/// Which values the optimiser moves, in the order of its vector.
#[derive(Debug, Clone, Copy)]
struct Layout {
    trend: TrendKind,
}

impl Layout {
    /// `[α, β?, φ?, l₀, b₀?]`.
    fn len(self) -> usize {
        match self.trend {
            TrendKind::None => 2,
            TrendKind::Additive => 4,
            TrendKind::Damped => 5,
        }
    }

    /// `(α, β, φ, l₀, b₀)` from the optimiser's vector.
    fn unpack(self, x: &[f64]) -> (f64, f64, f64, f64, f64) {
        match self.trend {
            TrendKind::None => (x[0], 0.0, 1.0, x[1], 0.0),
            TrendKind::Additive => (x[0], x[1], 1.0, x[2], x[3]),
            TrendKind::Damped => (x[0], x[1], x[2], x[3], x[4]),
        }
    }

    /// Whether the parameters are inside the bounds.
    fn admissible(self, alpha: f64, beta: f64, phi: f64) -> bool {
        let alpha_ok = (ALPHA.0..=ALPHA.1).contains(&alpha);
        match self.trend {
            TrendKind::None => alpha_ok,
            TrendKind::Additive => alpha_ok && (BETA_LOWER..=alpha).contains(&beta),
            TrendKind::Damped => {
                alpha_ok && (BETA_LOWER..=alpha).contains(&beta) && (PHI.0..=PHI.1).contains(&phi)
            }
        }
    }
}

/// Runs the filter over `y`: the concentrated likelihood and the final states, or `None` when
/// the states leave the finite numbers.
fn filter(
    y: &[f64],
    error: ErrorKind,
    (alpha, beta, phi, l0, b0): (f64, f64, f64, f64, f64),
) -> Option<(f64, f64, f64)> {
    let (mut level, mut slope) = (l0, b0);
    let mut sse = 0.0;
    // Σ ln|f| as the logarithm of running products, renormalised before they over/underflow.
    let mut log_sum = 0.0;
    let mut product = 1.0f64;
    for &value in y {
        let f = level + phi * slope;
        let residual = value - f;
        match error {
            ErrorKind::Additive => sse += residual * residual,
            ErrorKind::Multiplicative => {
                let magnitude = f.abs().max(1e-8);
                let e = residual / magnitude;
                sse += e * e;
                product *= magnitude;
                if !(1e-150..=1e150).contains(&product) {
                    log_sum += product.ln();
                    product = 1.0;
                }
            }
        }
        level = f + alpha * residual;
        slope = phi * slope + beta * residual;
    }
    let n = y.len() as f64;
    let mut lik = n * sse.max(1e-300).ln();
    if error == ErrorKind::Multiplicative {
        lik += 2.0 * (log_sum + product.ln());
    }
    (lik.is_finite() && level.is_finite() && slope.is_finite()).then_some((lik, level, slope))
}

/// Fits one form; `None` if the optimiser finds no finite likelihood.
fn fit(y: &[f64], error: ErrorKind, trend: TrendKind) -> Option<SmoothingFit> {
    let layout = Layout { trend };
    let (l0, b0) = initial_states(y, trend);
    let alpha = ALPHA.0 + 0.2 * (ALPHA.1 - ALPHA.0);
    let beta = BETA_LOWER + 0.1 * (alpha - BETA_LOWER);
    let phi = PHI.0 + 0.99 * (PHI.1 - PHI.0);
    let x0: Vec<f64> = match trend {
        TrendKind::None => vec![alpha, l0],
        TrendKind::Additive => vec![alpha, beta, l0, b0],
        TrendKind::Damped => vec![alpha, beta, phi, l0, b0],
    };
    // First steps: a tenth of each parameter's range, a tenth of the data's spread for states.
    let spread = spread(y);
    let steps: Vec<f64> = match trend {
        TrendKind::None => vec![0.1, 0.1 * spread],
        TrendKind::Additive => vec![0.1, 0.02, 0.1 * spread, 0.01 * spread],
        TrendKind::Damped => vec![0.1, 0.02, -0.05, 0.1 * spread, 0.01 * spread],
    };
    let cost = |x: &[f64]| {
        let params = layout.unpack(x);
        if !layout.admissible(params.0, params.1, params.2) {
            return f64::INFINITY;
        }
        filter(y, error, params).map_or(f64::INFINITY, |(lik, _, _)| lik)
    };
    let (x, lik) = nelder_mead(&cost, &x0, &steps);
    if !lik.is_finite() {
        return None;
    }
    let params = layout.unpack(&x);
    let (_, level, slope) = filter(y, error, params)?;
    // Parameters: the optimised values and the noise variance.
    let k = (layout.len() + 1) as f64;
    let n = y.len() as f64;
    let aicc = if n - k - 1.0 > 0.0 {
        lik + 2.0 * k + 2.0 * k * (k + 1.0) / (n - k - 1.0)
    } else {
        f64::INFINITY
    };
    Some(SmoothingFit {
        error,
        trend,
        alpha: params.0,
        beta: params.1,
        phi: params.2,
        level,
        slope,
        aicc,
    })
}

/// Initial level and slope: the mean of the first observations (no trend), or the intercept
/// (at the step before the first observation) and slope of their least-squares line.
fn initial_states(y: &[f64], trend: TrendKind) -> (f64, f64) {
    let head = &y[..y.len().min(INIT_WINDOW)];
    let n = head.len() as f64;
    let mean = head.iter().sum::<f64>() / n;
    if trend == TrendKind::None {
        return (mean, 0.0);
    }
    let t_mean = (n + 1.0) / 2.0;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, v) in head.iter().enumerate() {
        let dt = (i + 1) as f64 - t_mean;
        sxy += dt * (v - mean);
        sxx += dt * dt;
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (mean - slope * t_mean, slope)
}

/// The standard deviation of `y`, or its magnitude when it is constant, or 1.
fn spread(y: &[f64]) -> f64 {
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let sd = (y.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n).sqrt();
    if sd > 0.0 {
        sd
    } else if mean != 0.0 {
        mean.abs()
    } else {
        1.0
    }
}

/// Minimises `f` by Nelder–Mead from `x0`, with a first simplex stepping `steps[i]` along axis
/// `i`: reflection 1, expansion 2, contraction ½, shrink ½. Returns the best point and value.
fn nelder_mead(f: &dyn Fn(&[f64]) -> f64, x0: &[f64], steps: &[f64]) -> (Vec<f64>, f64) {
    let dim = x0.len();
    let mut simplex: Vec<(Vec<f64>, f64)> = Vec::with_capacity(dim + 1);
    simplex.push((x0.to_vec(), f(x0)));
    for (i, step) in steps.iter().enumerate() {
        let mut x = x0.to_vec();
        x[i] += step;
        let mut value = f(&x);
        if !value.is_finite() {
            // Outside the bounds: step the other way.
            x[i] = x0[i] - step;
            value = f(&x);
        }
        simplex.push((x, value));
    }
    let mut centroid = vec![0.0; dim];
    let mut trial = vec![0.0; dim];
    for _ in 0..MAX_ITERATIONS {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let best = simplex[0].1;
        let worst = simplex[dim].1;
        if best.is_finite() && worst - best <= RELTOL * (best.abs() + RELTOL) {
            break;
        }
        centroid.iter_mut().for_each(|c| *c = 0.0);
        for (x, _) in &simplex[..dim] {
            for (c, v) in centroid.iter_mut().zip(x) {
                *c += v / dim as f64;
            }
        }
        let towards = |trial: &mut Vec<f64>, from: &[f64], scale: f64| {
            for ((t, c), w) in trial.iter_mut().zip(&centroid).zip(from) {
                *t = c + scale * (w - c);
            }
        };
        towards(&mut trial, &simplex[dim].0, -1.0);
        let reflected = f(&trial);
        if reflected < best {
            let reflected_point = trial.clone();
            towards(&mut trial, &simplex[dim].0, -2.0);
            let expanded = f(&trial);
            simplex[dim] = if expanded < reflected {
                (trial.clone(), expanded)
            } else {
                (reflected_point, reflected)
            };
        } else if reflected < simplex[dim - 1].1 {
            simplex[dim] = (trial.clone(), reflected);
        } else {
            let outside = reflected < worst;
            let reflected_point = trial.clone();
            if outside {
                towards(&mut trial, &reflected_point, 0.5);
            } else {
                towards(&mut trial, &simplex[dim].0, 0.5);
            }
            let contracted = f(&trial);
            if contracted < reflected.min(worst) {
                simplex[dim] = (trial.clone(), contracted);
            } else {
                let best_point = simplex[0].0.clone();
                for (x, value) in simplex.iter_mut().skip(1) {
                    for (v, b) in x.iter_mut().zip(&best_point) {
                        *v = b + 0.5 * (*v - b);
                    }
                    *value = f(x);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (x, value) = simplex.swap_remove(0);
    (x, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(seed: u64) -> impl FnMut() -> f64 {
        let mut state = seed;
        move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        }
    }

    #[test]
    fn a_straight_line_is_continued_by_a_trend_model() {
        let y: Vec<f64> = (0..60).map(|t| 10.0 + 2.5 * t as f64).collect();
        let fit = auto(&y).expect("fits");
        assert_ne!(fit.trend, TrendKind::None, "{}", fit.notation());
        for (h, f) in fit.forecast(5).iter().enumerate() {
            let expected = 10.0 + 2.5 * (60 + h) as f64;
            assert!((f - expected).abs() < 0.05 * 2.5 * (h + 1) as f64 + 0.05, "{f} vs {expected}");
        }
    }

    #[test]
    fn a_noisy_level_is_forecast_flat_near_its_mean() {
        let mut e = noise(3);
        let y: Vec<f64> = (0..200).map(|_| 50.0 + 4.0 * e()).collect();
        let fit = auto(&y).expect("fits");
        let f = fit.forecast(10);
        assert!(f.iter().all(|v| (v - 50.0).abs() < 1.0), "{f:?} from {}", fit.notation());
        assert!(fit.alpha < 0.3, "a noisy level smooths heavily: α = {}", fit.alpha);
    }

    #[test]
    fn multiplicative_error_is_chosen_for_noise_that_grows_with_the_level_and_never_for_negatives()
    {
        let mut e = noise(11);
        let y: Vec<f64> = (0..150).map(|t| (0.03 * t as f64).exp() * (1.0 + 0.3 * e())).collect();
        assert_eq!(auto(&y).expect("fits").error, ErrorKind::Multiplicative);
        let shifted: Vec<f64> = y.iter().map(|v| v - 10.0).collect();
        assert_eq!(auto(&shifted).expect("fits").error, ErrorKind::Additive);
    }

    #[test]
    fn the_damped_forecast_levels_off() {
        let fit = SmoothingFit {
            error: ErrorKind::Additive,
            trend: TrendKind::Damped,
            alpha: 0.5,
            beta: 0.1,
            phi: 0.5,
            level: 10.0,
            slope: 2.0,
            aicc: 0.0,
        };
        assert_eq!(fit.forecast(3), vec![11.0, 11.5, 11.75]);
        assert_eq!(fit.notation(), "ETS(A,Ad,N)");
    }

    #[test]
    fn nelder_mead_finds_the_minimum_of_a_skewed_bowl() {
        let f = |x: &[f64]| (x[0] - 3.0).powi(2) + 10.0 * (x[1] + 1.0).powi(2) + x[0] * x[1];
        let (x, _) = nelder_mead(&f, &[0.0, 0.0], &[1.0, 1.0]);
        // At the minimum the gradient vanishes: 2(x − 3) + y = 0 and 20(y + 1) + x = 0.
        let gx = 2.0 * (x[0] - 3.0) + x[1];
        let gy = 20.0 * (x[1] + 1.0) + x[0];
        assert!(gx.abs() < 1e-3 && gy.abs() < 1e-3, "{x:?}");
    }

    #[test]
    fn short_or_non_finite_series_are_errors_not_panics() {
        assert!(auto(&[1.0, 2.0]).is_err());
        assert!(auto(&[1.0, f64::NAN, 2.0, 3.0, 4.0]).is_err());
        assert!(auto(&[0.0; 30]).is_ok());
    }
}
