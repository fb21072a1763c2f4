//! Linear models, k-NN and linear SHAP checked against closed forms, an independent ridge
//! (smartcore), the lasso's optimality conditions, and serde round trips.

use prevision_engine::explain::linear::linear_shap;
use prevision_engine::matrix::Matrix;
use prevision_engine::models::knn::{KNearestNeighbours, KnnWeights};
use prevision_engine::models::linear::{ElasticNet, FittedLinear, Lasso, LinearRegression, Ridge};
use prevision_engine::models::{FittedRegressor, Regressor};
use prevision_engine::rng::Rng;

/// `n` rows of `p` standard-normal features.
fn features(n: usize, p: usize, seed: u64) -> Matrix {
    let mut rng = Rng::new(seed);
    let data: Vec<f64> = (0..n * p).map(|_| rng.normal()).collect();
    Matrix::from_vec(n, p, data).expect("n * p values")
}

/// `y = intercept + Σ w_j x_j + noise · N(0, 1)`.
fn target(x: &Matrix, intercept: f64, w: &[f64], noise: f64, seed: u64) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    x.rows()
        .map(|r| {
            intercept + r.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() + noise * rng.normal()
        })
        .collect()
}

fn column_stats(x: &Matrix, j: usize) -> (f64, f64) {
    let c = x.column(j);
    let n = c.len() as f64;
    let mean = c.iter().sum::<f64>() / n;
    let std = (c.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n).sqrt();
    (mean, std)
}

/// Coefficients on the standardised scale, where the penalties apply.
fn standardised(x: &Matrix, fit: &FittedLinear) -> Vec<f64> {
    (0..x.n_cols()).map(|j| fit.coefficients[j] * column_stats(x, j).1).collect()
}

#[test]
fn ols_recovers_the_exact_coefficients_of_a_noiseless_linear_function() {
    let x = features(40, 3, 1);
    let y = target(&x, 5.0, &[2.0, -3.0, 0.5], 0.0, 0);
    let fit = LinearRegression.fit(&x, &y).expect("fits");
    for (got, want) in fit.coefficients.iter().zip([2.0, -3.0, 0.5]) {
        assert!((got - want).abs() < 1e-10, "{:?}", fit.coefficients);
    }
    assert!((fit.intercept - 5.0).abs() < 1e-10);
}

#[test]
fn one_feature_ridge_matches_its_closed_form() {
    // On a standardised column z (Σz² = n) the ridge slope is Σ z·y / (n + α).
    let x = Matrix::from_rows(&[[1.0], [2.0], [4.0], [7.0]]).expect("same lengths");
    let y = [3.0, 1.0, 4.0, 1.0];
    let (mean, std) = column_stats(&x, 0);
    let zy: f64 = x.column(0).iter().zip(&y).map(|(v, t)| (v - mean) / std * t).sum();
    let alpha = 2.5;
    let fit = Ridge { alpha }.fit(&x, &y).expect("fits");
    let expected_slope = zy / (4.0 + alpha) / std;
    assert!((fit.coefficients[0] - expected_slope).abs() < 1e-12);
    assert!((fit.intercept - (y.iter().sum::<f64>() / 4.0 - expected_slope * mean)).abs() < 1e-12);
}

#[test]
fn ridge_matches_smartcore_standardising_ridge() {
    use smartcore::linalg::basic::arrays::Array;
    use smartcore::linalg::basic::matrix::DenseMatrix;
    use smartcore::linear::ridge_regression::{RidgeRegression, RidgeRegressionParameters};

    let x = features(60, 4, 7);
    let y = target(&x, 1.0, &[1.0, -2.0, 0.0, 3.0], 0.5, 8);
    let rows: Vec<Vec<f64>> = x.rows().map(<[f64]>::to_vec).collect();
    let dense = DenseMatrix::from_2d_vec(&rows).expect("rectangular");
    for alpha in [0.0, 0.3, 10.0] {
        let params = RidgeRegressionParameters::default().with_alpha(alpha).with_normalize(true);
        let theirs = RidgeRegression::fit(&dense, &y, params).expect("smartcore fits");
        let ours = Ridge { alpha }.fit(&x, &y).expect("fits");
        for j in 0..4 {
            let theirs_j = *theirs.coefficients().get((j, 0));
            assert!((ours.coefficients[j] - theirs_j).abs() < 1e-6, "alpha {alpha}, coef {j}");
        }
        assert!((ours.intercept - theirs.intercept()).abs() < 1e-6, "alpha {alpha}");
    }
}

#[test]
fn ridge_shrinks_the_coefficients_as_alpha_grows() {
    let x = features(50, 3, 2);
    let y = target(&x, 0.0, &[3.0, -1.0, 2.0], 1.0, 3);
    let norms: Vec<f64> = [0.0, 1.0, 10.0, 100.0, 1000.0]
        .iter()
        .map(|&alpha| {
            let fit = Ridge { alpha }.fit(&x, &y).expect("fits");
            standardised(&x, &fit).iter().map(|b| b * b).sum::<f64>().sqrt()
        })
        .collect();
    assert!(norms.windows(2).all(|w| w[1] < w[0]), "{norms:?}");
    assert!(norms[4] < 0.1 * norms[0], "{norms:?}");
    let ols = LinearRegression.fit(&x, &y).expect("fits");
    let ridge0 = Ridge { alpha: 0.0 }.fit(&x, &y).expect("fits");
    assert_eq!(ols, ridge0);
}

#[test]
fn lasso_zeroes_an_irrelevant_feature() {
    let x = features(80, 3, 4);
    let y = target(&x, 2.0, &[3.0, 0.0, -1.5], 0.3, 5);
    let fit = Lasso { alpha: 0.2 }.fit(&x, &y).expect("fits");
    assert_eq!(fit.coefficients[1], 0.0, "{:?}", fit.coefficients);
    assert!(fit.coefficients[0] > 2.0 && fit.coefficients[0] < 3.0, "{:?}", fit.coefficients);
    assert!(fit.coefficients[2] < -0.8 && fit.coefficients[2] > -1.5, "{:?}", fit.coefficients);
}

/// The elastic net's optimality conditions on the standardised scale:
/// `zⱼᵀr/n − α(1−ρ)βⱼ = αρ·sign(βⱼ)` when `βⱼ ≠ 0`, and `|zⱼᵀr/n| ≤ αρ` when `βⱼ = 0`.
fn assert_kkt(x: &Matrix, y: &[f64], fit: &FittedLinear, alpha: f64, l1_ratio: f64) {
    let n = y.len() as f64;
    let beta = standardised(x, fit);
    let residual: Vec<f64> = x.rows().zip(y).map(|(r, t)| t - fit.predict_row(r)).collect();
    for (j, b) in beta.iter().enumerate() {
        let (mean, std) = column_stats(x, j);
        let correlation: f64 =
            x.column(j).iter().zip(&residual).map(|(v, r)| (v - mean) / std * r).sum::<f64>() / n;
        if *b == 0.0 {
            assert!(correlation.abs() <= alpha * l1_ratio + 1e-8, "feature {j}");
        } else {
            let gap = correlation - alpha * (1.0 - l1_ratio) * b - alpha * l1_ratio * b.signum();
            assert!(gap.abs() < 1e-7, "feature {j}: gap {gap}");
        }
    }
}

#[test]
fn lasso_and_elastic_net_satisfy_their_optimality_conditions() {
    let x = features(70, 5, 9);
    let y = target(&x, -1.0, &[2.0, 0.0, 0.1, -1.0, 0.0], 0.5, 10);
    for (alpha, l1_ratio) in [(0.05, 1.0), (0.3, 1.0), (0.2, 0.5), (0.5, 0.1)] {
        let fit = ElasticNet { alpha, l1_ratio }.fit(&x, &y).expect("fits");
        assert_kkt(&x, &y, &fit, alpha, l1_ratio);
    }
}

#[test]
fn elastic_net_spans_ridge_and_lasso() {
    let x = features(60, 3, 11);
    let y = target(&x, 0.5, &[1.0, 0.0, -2.0], 0.5, 12);
    let n = 60.0;
    // l1_ratio = 1 is the lasso; l1_ratio = 0 is a ridge with penalty n·α (the elastic net's
    // squared loss carries 1/2n).
    let alpha = 0.4;
    let lasso = Lasso { alpha }.fit(&x, &y).expect("fits");
    let en_l1 = ElasticNet { alpha, l1_ratio: 1.0 }.fit(&x, &y).expect("fits");
    assert_eq!(lasso, en_l1);
    let ridge = Ridge { alpha: n * alpha }.fit(&x, &y).expect("fits");
    let en_l2 = ElasticNet { alpha, l1_ratio: 0.0 }.fit(&x, &y).expect("fits");
    for j in 0..3 {
        assert!((ridge.coefficients[j] - en_l2.coefficients[j]).abs() < 1e-8, "coef {j}");
    }
    // In between, the irrelevant feature's weight lies between the lasso's and the ridge's.
    let mixed = ElasticNet { alpha, l1_ratio: 0.5 }.fit(&x, &y).expect("fits");
    let irrelevant = |f: &FittedLinear| f.coefficients[1].abs();
    assert!(irrelevant(&lasso) <= irrelevant(&mixed) && irrelevant(&mixed) <= irrelevant(&en_l2));
}

#[test]
fn linear_shap_adds_up_to_every_linear_models_prediction() {
    let mut x = features(50, 4, 13);
    let y = target(&x, 3.0, &[1.0, -1.0, 0.0, 2.0], 0.4, 14);
    x.row_mut(3)[2] = f64::NAN;
    let models: Vec<FittedLinear> = vec![
        LinearRegression.fit(&x, &y).expect("fits"),
        Ridge { alpha: 2.0 }.fit(&x, &y).expect("fits"),
        Lasso { alpha: 0.1 }.fit(&x, &y).expect("fits"),
        ElasticNet { alpha: 0.1, l1_ratio: 0.3 }.fit(&x, &y).expect("fits"),
    ];
    let queries = features(10, 4, 15);
    for model in &models {
        assert!((model.prediction_at_means() - y.iter().sum::<f64>() / 50.0).abs() < 1e-9);
        for row in queries.rows().chain([[f64::NAN, 0.5, 1.0, -2.0].as_slice()]) {
            let shap = linear_shap(model, row);
            let total = shap.base_value + shap.values.iter().sum::<f64>();
            assert!((total - model.predict_row(row)).abs() < 1e-9);
        }
        let mut at_mean = queries.row(0).to_vec();
        at_mean[1] = model.feature_means[1];
        assert_eq!(linear_shap(model, &at_mean).values[1], 0.0);
    }
}

#[test]
fn knn_with_one_neighbour_returns_the_target_of_the_nearest_training_row() {
    let x = features(30, 2, 16);
    let y: Vec<f64> = (0..30).map(|i| i as f64).collect();
    let fit = KNearestNeighbours { k: 1, weights: KnnWeights::Uniform }.fit(&x, &y).expect("fits");
    let (_, s0) = column_stats(&x, 0);
    let (_, s1) = column_stats(&x, 1);
    for query in features(20, 2, 17).rows() {
        let nearest = x
            .rows()
            .enumerate()
            .map(|(i, r)| {
                let d = ((r[0] - query[0]) / s0).powi(2) + ((r[1] - query[1]) / s1).powi(2);
                (i, d)
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
            .expect("non-empty");
        assert_eq!(fit.predict_row(query), y[nearest]);
    }
}

#[test]
fn fitted_linear_and_knn_models_reload_from_json_with_identical_predictions() {
    let mut x = features(40, 3, 18);
    let y = target(&x, 1.0, &[0.3, 0.0, 2.0], 0.2, 19);
    x.row_mut(0)[1] = f64::NAN;
    let queries = features(15, 3, 20);
    let check = |before: &dyn FittedRegressor, after: &dyn FittedRegressor| {
        for row in queries.rows() {
            assert_eq!(before.predict_row(row).to_bits(), after.predict_row(row).to_bits());
        }
    };
    let linear: Vec<FittedLinear> = vec![
        LinearRegression.fit(&x, &y).expect("fits"),
        Ridge { alpha: 1.0 }.fit(&x, &y).expect("fits"),
        Lasso { alpha: 0.05 }.fit(&x, &y).expect("fits"),
        ElasticNet { alpha: 0.05, l1_ratio: 0.5 }.fit(&x, &y).expect("fits"),
    ];
    for model in &linear {
        let json = serde_json::to_string(model).expect("serialises");
        let back: FittedLinear = serde_json::from_str(&json).expect("deserialises");
        check(model, &back);
    }
    for weights in [KnnWeights::Uniform, KnnWeights::Distance] {
        let model = KNearestNeighbours { k: 3, weights }.fit(&x, &y).expect("fits");
        let json = serde_json::to_string(&model).expect("serialises");
        let back: prevision_engine::models::knn::FittedKnn =
            serde_json::from_str(&json).expect("deserialises");
        check(&model, &back);
    }
}
