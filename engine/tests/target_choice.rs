//! Which column is forecast when the user names none: a column whose header names a target
//! (`Ventes TTC`, `energy_kwh`), else the first number column that is not named as a driver
//! of it (a temperature, a price, a calendar part).

use prevision_engine::ingest::{IngestOptions, ingest};

/// The target column chosen for a daily file with `header` and the rows' numbers `row(i)`.
fn target_of(header: &str, row: impl Fn(usize) -> String) -> String {
    let mut csv = format!("date,{header}\n");
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid");
    for i in 0..60 {
        csv.push_str(&format!("{},{}\n", start + chrono::Days::new(i as u64), row(i)));
    }
    let got = ingest(csv.as_bytes(), &IngestOptions::default()).expect("loads");
    got.report.target_column.clone()
}

#[test]
fn a_header_word_names_the_target_wherever_the_column_is() {
    let row = |i: usize| format!("{},{},{}", 10 + i % 7, 50 + i % 3, 100 + i);
    assert_eq!(target_of("Temperature,Humidity,Ventes TTC", row), "Ventes TTC");
    assert_eq!(target_of("temp,humidity,energy_kwh", row), "energy_kwh");
    assert_eq!(target_of("temp,Units sold,humidity", row), "Units sold");
}

#[test]
fn a_price_of_sales_or_a_sales_flag_is_not_the_target() {
    let row = |i: usize| format!("{},{}", 3 + i % 2, 100 + i);
    assert_eq!(target_of("sales_price,units_sold", row), "units_sold");
    let flag = |i: usize| format!("{},{}", i % 2, 100 + i);
    assert_eq!(target_of("has_sales,revenue_eur", flag), "revenue_eur");
}

#[test]
fn without_a_target_name_the_first_number_column_that_is_not_a_driver_is_taken() {
    let row = |i: usize| format!("{},{}", 3 + i % 2, 100 + i);
    assert_eq!(target_of("price,b", row), "b");
    assert_eq!(target_of("a,b", row), "a");
    // Only drivers: the first of them, rather than nothing.
    assert_eq!(target_of("price,temperature", row), "price");
}
