//! Property tests of origin placement: for any valid configuration and long-enough series, no
//! fold trains on anything at or after its test window, the last window ends at the end of the
//! data, origins are `step` apart, and the runner hands the forecaster exactly the training
//! slice.

use prevision_engine::backtest::{BacktestConfig, TrainingWindow, run_backtest};
use proptest::prelude::*;

fn config() -> impl Strategy<Value = BacktestConfig> {
    (1usize..10, 1usize..6, 1usize..10, prop::option::of(1usize..30), 1usize..4, 0usize..4)
        .prop_map(|(horizon, windows, step, size, refit_every, gap)| BacktestConfig {
            horizon,
            windows,
            step,
            training: size
                .map_or(TrainingWindow::Expanding, |size| TrainingWindow::Sliding { size }),
            refit_every,
            gap,
        })
}

proptest! {
    #[test]
    fn folds_never_leak_and_end_at_the_end_of_the_data(cfg in config(), extra in 0usize..40) {
        let min_train = match cfg.training {
            TrainingWindow::Expanding => 1,
            TrainingWindow::Sliding { size } => size,
        };
        let len = (cfg.windows - 1) * cfg.step + cfg.horizon + cfg.gap + min_train + extra;
        let folds = match cfg.folds(len) {
            Ok(f) => f,
            Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
        };
        prop_assert_eq!(folds.len(), cfg.windows);
        prop_assert_eq!(folds.last().map(|f| f.test.end), Some(len));
        for (k, f) in folds.iter().enumerate() {
            prop_assert_eq!(f.index, k);
            prop_assert_eq!(f.train.end + cfg.gap, f.test.start);
            prop_assert_eq!(f.test.len(), cfg.horizon);
            prop_assert!(f.train.len() >= min_train);
            if let TrainingWindow::Sliding { size } = cfg.training {
                prop_assert_eq!(f.train.len(), size);
            } else {
                prop_assert_eq!(f.train.start, 0);
            }
            prop_assert_eq!(f.refit, k % cfg.refit_every == 0);
        }
        for w in folds.windows(2) {
            prop_assert_eq!(w[1].train.end - w[0].train.end, cfg.step);
        }
        // One observation fewer than needed is refused.
        prop_assert!(cfg.folds(len - extra - 1).is_err());
    }

    #[test]
    fn the_forecaster_receives_exactly_the_training_values(cfg in config(), extra in 0usize..20) {
        let min_train = match cfg.training {
            TrainingWindow::Expanding => 1,
            TrainingWindow::Sliding { size } => size,
        };
        let len = (cfg.windows - 1) * cfg.step + cfg.horizon + cfg.gap + min_train + extra;
        let y: Vec<f64> = (0..len).map(|i| i as f64).collect();
        let result = run_backtest(&y, &cfg, |fold, train| {
            let expected: Vec<f64> = fold.train.clone().map(|i| i as f64).collect();
            if train != expected.as_slice() {
                return Err(prevision_engine::models::ModelError::Shape("wrong slice".into()));
            }
            Ok(vec![0.0; cfg.horizon])
        });
        let result = match result {
            Ok(r) => r,
            Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
        };
        for f in &result.folds {
            // Forecasts are 0 and y[t] = t, so each error is the test index itself.
            let expected: Vec<f64> = f.fold.test.clone().map(|i| i as f64).collect();
            prop_assert_eq!(&f.errors, &expected);
            prop_assert_eq!(&f.actual, &expected);
        }
    }
}
