//! Exogenous columns as features: a known-in-advance column (promotion, price) is read at
//! the predicted time `t`; an observed-only column (weather actuals) is read `anchor` steps
//! back, and only when that index is at or before the forecast origin.
//!
//! A categorical column with at most [`MAX_ONE_HOT_LEVELS`] levels becomes one 0/1 column per
//! level (names read "store = Paris"); a larger one stays a single level-index column.
//! Invariant: [`ExogFeature::value`] never reads an observed-only value after `origin`.

use super::names::Span;
use super::{FeatureGroup, FeatureInfo};
use crate::frame::{Availability, ExogColumn, Frequency};

/// Categorical columns with more levels than this are kept as one level-index column.
pub const MAX_ONE_HOT_LEVELS: usize = 32;

/// Where an exogenous feature reads its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExogRead {
    /// At the predicted index `t` (known in advance).
    AtTarget,
    /// At `t - lag`, and only if that is at or before the origin (observed only).
    Lagged { lag: usize },
}

/// One exogenous feature column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ExogFeature {
    pub(crate) column: usize,
    pub(crate) read: ExogRead,
    /// For a one-hot column, the level index it flags.
    pub(crate) level: Option<usize>,
}

impl ExogFeature {
    /// The feature's value for target index `t` at forecast origin `origin`.
    pub(crate) fn value(&self, exog: &[Vec<f64>], t: usize, origin: usize) -> f64 {
        let index = match self.read {
            ExogRead::AtTarget => Some(t),
            ExogRead::Lagged { lag } => t.checked_sub(lag).filter(|i| *i <= origin),
        };
        let x = index
            .and_then(|i| exog.get(self.column).and_then(|col| col.get(i)))
            .copied()
            .unwrap_or(f64::NAN);
        match self.level {
            Some(_) if x.is_nan() => f64::NAN,
            Some(level) => f64::from(u8::from(x == level as f64)),
            None => x,
        }
    }

    /// How many steps back from `t` this feature reads (0 for known-in-advance columns).
    pub(crate) fn lookback(&self) -> usize {
        match self.read {
            ExogRead::AtTarget => 0,
            ExogRead::Lagged { lag } => lag,
        }
    }
}

/// The features of every exogenous column, observed-only ones lagged by `anchor` steps.
pub(crate) fn plan(
    columns: &[ExogColumn],
    freq: Frequency,
    anchor: usize,
) -> Vec<(ExogFeature, FeatureInfo)> {
    let mut out = Vec::new();
    for (column, col) in columns.iter().enumerate() {
        let (read, key_suffix, when_en, when_fr) = match col.availability {
            Availability::KnownInAdvance => (ExogRead::AtTarget, String::new(), None, None),
            Availability::ObservedOnly => {
                let span = Span::of(freq, anchor);
                (
                    ExogRead::Lagged { lag: anchor },
                    format!("_lag_{anchor}"),
                    Some(format!("{} before", span.en())),
                    Some(format!("il y a {}", span.fr())),
                )
            }
        };
        let suffix = |s: &Option<String>| s.as_ref().map_or(String::new(), |w| format!(" {w}"));
        let base_key = format!("exog_{}{key_suffix}", col.name);
        match col.levels.as_ref().filter(|l| !l.is_empty() && l.len() <= MAX_ONE_HOT_LEVELS) {
            Some(levels) => {
                for (level, label) in levels.iter().enumerate() {
                    out.push((
                        ExogFeature { column, read, level: Some(level) },
                        FeatureInfo {
                            key: format!("{base_key}_is_{label}"),
                            name_en: format!("{} = {label}{}", col.name, suffix(&when_en)),
                            name_fr: format!("{} = {label}{}", col.name, suffix(&when_fr)),
                            group: FeatureGroup::Exogenous,
                        },
                    ));
                }
            }
            None => out.push((
                ExogFeature { column, read, level: None },
                FeatureInfo {
                    key: base_key,
                    name_en: format!("{}{}", col.name, suffix(&when_en)),
                    name_fr: format!("{}{}", col.name, suffix(&when_fr)),
                    group: FeatureGroup::Exogenous,
                },
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(name: &str, availability: Availability, levels: Option<&[&str]>) -> ExogColumn {
        ExogColumn {
            name: name.into(),
            availability,
            levels: levels.map(|l| l.iter().map(|s| s.to_string()).collect()),
        }
    }

    #[test]
    fn known_columns_read_at_target_and_observed_ones_before_the_origin() {
        let cols = [
            column("promo", Availability::KnownInAdvance, None),
            column("temperature", Availability::ObservedOnly, None),
        ];
        let plan = plan(&cols, Frequency::Daily, 2);
        assert_eq!(plan.len(), 2);
        assert_eq!(plan[0].1.key, "exog_promo");
        assert_eq!(plan[1].1.key, "exog_temperature_lag_2");
        assert_eq!(plan[1].1.name_en, "temperature 2 days before");
        assert_eq!(plan[1].1.name_fr, "temperature il y a 2 jours");
        let exog = vec![vec![0.0, 1.0, 0.0, 1.0, 1.0], vec![10.0, 11.0, 12.0, 13.0, 14.0]];
        assert_eq!(plan[0].0.value(&exog, 4, 2), 1.0);
        assert_eq!(plan[1].0.value(&exog, 4, 2), 12.0);
        // t - 2 = 3 is after origin 2: not yet observed.
        assert!(plan[1].0.value(&exog, 5, 2).is_nan());
        // Past the end of the column: missing.
        assert!(plan[0].0.value(&exog, 9, 8).is_nan());
    }

    #[test]
    fn categorical_columns_become_one_flag_per_level() {
        let cols = [column("store", Availability::KnownInAdvance, Some(&["Paris", "Lyon"]))];
        let plan = plan(&cols, Frequency::Daily, 1);
        let keys: Vec<_> = plan.iter().map(|(_, i)| i.key.as_str()).collect();
        assert_eq!(keys, ["exog_store_is_Paris", "exog_store_is_Lyon"]);
        assert_eq!(plan[1].1.name_en, "store = Lyon");
        let exog = vec![vec![1.0, f64::NAN]];
        assert_eq!(plan[0].0.value(&exog, 0, 0), 0.0);
        assert_eq!(plan[1].0.value(&exog, 0, 0), 1.0);
        assert!(plan[1].0.value(&exog, 1, 0).is_nan());
    }
}
