//! Fourier terms: sine and cosine waves of a seasonal period, so linear models can draw
//! smooth weekly, daily or yearly shapes.
//!
//! The phase comes from the timestamp, not from the row's position, so the same date gets
//! the same value in every series, in training and in the future. Time is counted in steps of
//! the frequency since 1970-01-01 ([`time_index`]); a period is in those steps (7 for a weekly
//! cycle of daily data, 365.25 for a yearly one, 48 for a daily cycle of half-hourly data).

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::frame::Frequency;

/// Sine and cosine terms `1..=order` of a cycle `period` steps long.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FourierSpec {
    /// Cycle length in steps of the frequency (> 0, may be fractional: 365.25).
    pub period: f64,
    /// Number of harmonics (≥ 1, at most `period / 2`).
    pub order: usize,
}

/// Time of `ts` in steps of `freq` since 1970-01-01 00:00 (fractional between grid points).
pub fn time_index(freq: Frequency, ts: NaiveDateTime) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    let Some(epoch) = epoch else { return f64::NAN };
    let minutes = (ts - epoch).num_minutes() as f64;
    let days = minutes / 1440.0;
    let months = || f64::from(ts.year() - 1970) * 12.0 + f64::from(ts.month0());
    match freq {
        Frequency::Minutes { minutes: step } if step > 0 => minutes / f64::from(step),
        Frequency::Minutes { .. } => f64::NAN,
        Frequency::Daily => days,
        Frequency::BusinessDaily => {
            // Count weekdays from Monday 1970-01-05 so a weekend does not advance the clock.
            let from_monday = days - 4.0;
            let weeks = from_monday.div_euclid(7.0);
            weeks * 5.0 + from_monday.rem_euclid(7.0).min(5.0)
        }
        Frequency::Weekly { .. } => days / 7.0,
        Frequency::Monthly => months(),
        Frequency::Quarterly => months() / 3.0,
        Frequency::Yearly => f64::from(ts.year() - 1970),
    }
}

/// The value of harmonic `k` of a cycle `period` at time `tau`, sine or cosine.
pub fn fourier_term(tau: f64, period: f64, k: usize, sine: bool) -> f64 {
    let angle = std::f64::consts::TAU * (k as f64) * tau / period;
    if sine { angle.sin() } else { angle.cos() }
}

/// English and French name of a cycle of `period` steps ("weekly cycle", "cycle annuel").
pub(crate) fn cycle_names(freq: Frequency, period: f64) -> (String, String) {
    let step_minutes = match freq {
        Frequency::Minutes { minutes } => f64::from(minutes),
        Frequency::Daily => 1440.0,
        Frequency::BusinessDaily => 1440.0 * 7.0 / 5.0,
        Frequency::Weekly { .. } => 10_080.0,
        Frequency::Monthly => 1440.0 * 365.25 / 12.0,
        Frequency::Quarterly => 1440.0 * 365.25 / 4.0,
        Frequency::Yearly => 1440.0 * 365.25,
    };
    let length = period * step_minutes;
    let near = |target: f64| (length / target - 1.0).abs() < 0.01;
    if near(1440.0 * 365.25) {
        ("yearly cycle".into(), "cycle annuel".into())
    } else if near(10_080.0) {
        ("weekly cycle".into(), "cycle hebdomadaire".into())
    } else if near(1440.0) {
        ("daily cycle".into(), "cycle journalier".into())
    } else {
        (format!("cycle of {period} steps"), format!("cycle de {period} pas"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, 0, 0)).expect("valid")
    }

    #[test]
    fn time_index_counts_steps_since_1970() {
        assert_eq!(time_index(Frequency::Daily, at(1970, 1, 8, 0)), 7.0);
        assert_eq!(time_index(Frequency::Minutes { minutes: 30 }, at(1970, 1, 1, 2)), 4.0);
        assert_eq!(time_index(Frequency::Monthly, at(1971, 3, 1, 0)), 14.0);
        // Monday 1970-01-12 is five business days after Monday 1970-01-05.
        assert_eq!(time_index(Frequency::BusinessDaily, at(1970, 1, 12, 0)), 5.0);
        assert_eq!(time_index(Frequency::BusinessDaily, at(1970, 1, 9, 0)), 4.0);
    }

    #[test]
    fn terms_are_waves_of_the_period() {
        assert!((fourier_term(1.0, 4.0, 1, true) - 1.0).abs() < 1e-15);
        assert!((fourier_term(1.0, 4.0, 1, false)).abs() < 1e-15);
        assert!((fourier_term(1.0, 4.0, 2, false) + 1.0).abs() < 1e-15);
        assert!((fourier_term(7.0, 7.0, 3, true)).abs() < 1e-12);
    }

    #[test]
    fn cycles_are_named_by_their_length() {
        assert_eq!(cycle_names(Frequency::Daily, 7.0).0, "weekly cycle");
        assert_eq!(cycle_names(Frequency::Daily, 365.25).1, "cycle annuel");
        assert_eq!(cycle_names(Frequency::Minutes { minutes: 30 }, 48.0).0, "daily cycle");
        assert_eq!(cycle_names(Frequency::Daily, 10.0).0, "cycle of 10 steps");
    }
}
