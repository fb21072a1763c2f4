//! Speed of the random forest on Friedman #1 with 25 noise columns (30 features): fitting
//! 100 fully grown bootstrap trees on 50,000 rows (scikit-learn's defaults, one thread), a
//! smaller 20-tree / 10,000-row fit, and predicting 10,000 rows. Prints the test R² once.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use prevision_engine::models::tree::RandomForest;
use prevision_engine::models::tree::benchmark::{friedman1, r_squared};
use prevision_engine::models::{FittedRegressor, Regressor};

fn forest(c: &mut Criterion) {
    let (x_train, y_train) = friedman1(50_000, 30, 1);
    let (x_test, y_test) = friedman1(10_000, 30, 2);
    let full = RandomForest { n_trees: 100, seed: 7, ..RandomForest::default() };
    let fitted = full.fit(&x_train, &y_train).expect("Friedman data fit");
    let r2 = r_squared(&y_test, &fitted.predict(&x_test));
    println!("random forest, 100 trees, 50,000 rows x 30 features: test R² = {r2:.4}");

    let mut group = c.benchmark_group("forest");
    group.sample_size(10);
    group.bench_function("fit_100_trees_50k_rows", |b| {
        b.iter(|| full.fit(black_box(&x_train), &y_train))
    });
    let (x_small, y_small) = friedman1(10_000, 30, 3);
    let small = RandomForest { n_trees: 20, seed: 7, ..RandomForest::default() };
    group.bench_function("fit_20_trees_10k_rows", |b| {
        b.iter(|| small.fit(black_box(&x_small), &y_small))
    });
    group.bench_function("predict_10k_rows_100_trees", |b| {
        b.iter(|| fitted.predict(black_box(&x_test)))
    });
    group.finish();
}

criterion_group!(benches, forest);
criterion_main!(benches);
