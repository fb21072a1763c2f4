//! Numbers written with a unit (`12,5 kg`, `21.4 °C`): read per column, never mixed or
//! converted; and a file without numbers names the column that came closest.

use prevision_engine::ingest::{
    ColumnKind, IngestError, IngestOptions, IngestWarning, Ingested, RejectReason, UnreadCell,
    ingest,
};

fn load(text: &str) -> Ingested {
    ingest(text.as_bytes(), &IngestOptions::default()).expect("loads")
}

fn err(text: &str) -> IngestError {
    ingest(text.as_bytes(), &IngestOptions::default()).expect_err("must fail")
}

/// `n` daily rows from 2024-01-01, `cell(i)` in the value column, joined by `sep`.
fn daily(header: &str, sep: char, n: usize, cell: impl Fn(usize) -> String) -> String {
    let mut csv = format!("{header}\n");
    for i in 0..n {
        csv.push_str(&format!("2024-01-{:02}{sep}{}\n", i + 1, cell(i)));
    }
    csv
}

fn unit_of(got: &Ingested, column: &str) -> Option<String> {
    got.report.columns.iter().find(|c| c.name == column).and_then(|c| c.unit.clone())
}

fn stripped(got: &Ingested, column: &str, unit: &str) -> bool {
    got.report
        .warnings
        .contains(&IngestWarning::UnitStripped { column: column.into(), unit: unit.into() })
}

fn same(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!(g == w || (g.is_nan() && w.is_nan()), "{got:?} vs {want:?}");
    }
}

#[test]
fn kilograms_with_a_decimal_comma_read_as_numbers() {
    let got = load("date;poids\n2024-01-01;10 kg\n2024-01-02;12,5 kg\n2024-01-03;11 kg\n");
    assert_eq!(got.report.target_column, "poids");
    same(&got.frame.series[0].target, &[10.0, 12.5, 11.0]);
    assert!(stripped(&got, "poids", "kg"), "{:?}", got.report.warnings);
    assert_eq!(unit_of(&got, "poids").as_deref(), Some("kg"));
    assert_eq!(got.report.rejected_total, 0);
}

#[test]
fn degrees_celsius_read_as_numbers() {
    let got = load("date,temp\n2024-01-01,21.4 °C\n2024-01-02,19.8 °C\n2024-01-03,-2 °C\n");
    same(&got.frame.series[0].target, &[21.4, 19.8, -2.0]);
    assert!(stripped(&got, "temp", "°C"), "{:?}", got.report.warnings);
    assert_eq!(unit_of(&got, "temp").as_deref(), Some("°C"));
}

#[test]
fn units_glued_to_the_number_or_with_thousands_read_too() {
    let got = load(&daily("date,trajet", ',', 4, |i| format!("{}min", 15 + i)));
    same(&got.frame.series[0].target, &[15.0, 16.0, 17.0, 18.0]);
    assert!(stripped(&got, "trajet", "min"));
    let got = load(&daily("date;distance", ';', 3, |i| format!("1 2{i}0 km")));
    same(&got.frame.series[0].target, &[1200.0, 1210.0, 1220.0]);
    assert!(stripped(&got, "distance", "km"));
    assert!(
        got.report
            .warnings
            .contains(&IngestWarning::ThousandsSeparator { column: "distance".into() })
    );
    let got = load(&daily("date;stock", ';', 3, |i| format!("{} unités", 7 + i)));
    same(&got.frame.series[0].target, &[7.0, 8.0, 9.0]);
    assert!(stripped(&got, "stock", "unités"));
}

#[test]
fn a_target_cell_in_another_unit_rejects_its_line() {
    // Line 5 (the header is line 1) writes watt-hours among kilowatt-hours.
    let csv =
        daily(
            "date,conso",
            ',',
            10,
            |i| if i == 3 { "500 Wh".into() } else { format!("{i}.5 kWh") },
        );
    let got = load(&csv);
    let r = &got.report;
    assert_eq!(unit_of(&got, "conso").as_deref(), Some("kWh"));
    assert_eq!(r.rejected_total, 1);
    assert_eq!(r.rejected[0].line, 5);
    assert_eq!(r.rejected[0].column.as_deref(), Some("conso"));
    assert_eq!(r.rejected[0].reason, RejectReason::NotANumber { value: "500 Wh".into() });
    let want: Vec<f64> =
        (0..10).map(|i| if i == 3 { f64::NAN } else { f64::from(i) + 0.5 }).collect();
    same(&got.frame.series[0].target, &want);
}

#[test]
fn an_input_cell_in_another_unit_becomes_missing() {
    // One cell in twelve in grams: the column is still one of kilograms (nine in ten at least).
    let csv = daily("date,ventes,poids", ',', 12, |i| {
        let weight = if i == 2 { "500 g".into() } else { format!("{} kg", i + 1) };
        format!("{},{weight}", 100 + i)
    });
    let got = load(&csv);
    assert_eq!(got.report.target_column, "ventes");
    assert_eq!(unit_of(&got, "poids").as_deref(), Some("kg"));
    assert!(got.report.warnings.contains(&IngestWarning::InvalidCells {
        column: "poids".into(),
        count: 1,
        first_line: 4,
        first_value: "500 g".into(),
    }));
    let weight = &got.frame.series[0].exog[0];
    assert!(weight[2].is_nan());
    assert_eq!((weight[0], weight[11]), (1.0, 12.0));
}

#[test]
fn grams_and_kilograms_half_and_half_are_not_read_as_numbers() {
    let csv = daily("date,poids", ',', 6, |i| format!("{} {}", i + 1, ["g", "kg"][i % 2]));
    assert_eq!(
        err(&csv),
        IngestError::NoNumericColumn {
            closest: Some(UnreadCell { column: "poids".into(), line: 2, value: "1 g".into() })
        }
    );
}

#[test]
fn ids_made_of_letters_and_digits_are_not_numbers() {
    let ids = ["A12", "B7", "C3", "A12"];
    let got = load(&daily("date,code,value", ',', 4, |i| format!("{},{}", ids[i], i)));
    assert_eq!(got.report.target_column, "value");
    let code = got.report.columns.iter().find(|c| c.name == "code").expect("listed");
    assert_eq!((code.kind, code.unit.as_deref()), (ColumnKind::Categorical, None));
    assert!(!got.report.warnings.iter().any(|w| matches!(w, IngestWarning::UnitStripped { .. })));
    assert!(matches!(
        err(&daily("date,code", ',', 4, |i| ids[i].into())),
        IngestError::NoNumericColumn { closest: Some(UnreadCell { line: 2, .. }) }
    ));
}

#[test]
fn scientific_notation_still_reads() {
    let got = load("date,value\n2024-01-01,1e5\n2024-01-02,2.5E3\n2024-01-03,3e-1\n");
    same(&got.frame.series[0].target, &[100_000.0, 2500.0, 0.3]);
    assert_eq!(unit_of(&got, "value"), None);
    assert!(!got.report.warnings.iter().any(|w| matches!(w, IngestWarning::UnitStripped { .. })));
}

#[test]
fn no_numeric_column_names_the_closest_column_its_line_and_value() {
    // `poids` has digits in its cells, `nom` has none: `poids` came closest.
    let csv = "date,nom,poids\n2024-01-01,Paul,10 kilos\n2024-01-02,Anne,environ 12\n\
               2024-01-03,Marc,11 kg\n";
    let e = err(csv);
    assert_eq!(
        e,
        IngestError::NoNumericColumn {
            closest: Some(UnreadCell { column: "poids".into(), line: 2, value: "10 kilos".into() })
        }
    );
    assert_eq!(
        e.to_string(),
        "no column holds numbers to forecast: column \"poids\" has \"10 kilos\" on line 2"
    );
}

#[test]
fn a_column_of_words_is_named_at_its_first_cell() {
    let csv = "date,poids\n2024-01-01,\n2024-01-02,dix kilos\n2024-01-03,douze kilos\n";
    assert_eq!(
        err(csv),
        IngestError::NoNumericColumn {
            closest: Some(UnreadCell {
                column: "poids".into(),
                line: 3,
                value: "dix kilos".into()
            })
        }
    );
}

#[test]
fn a_file_with_nothing_but_dates_names_no_column() {
    let e = err("date,note\n2024-01-01,\n2024-01-02,\n2024-01-03,\n");
    assert_eq!(e, IngestError::NoNumericColumn { closest: None });
    assert_eq!(e.to_string(), "no column holds numbers to forecast");
}

#[test]
fn a_wide_file_keeps_a_shared_unit_and_names_each_column_of_mixed_ones() {
    let wide = IngestOptions { wide: true, ..Default::default() };
    let shared = daily("date,nord,sud", ',', 4, |i| format!("{i} kWh,{} kWh", i + 1));
    let got = ingest(shared.as_bytes(), &wide).expect("loads");
    assert_eq!(unit_of(&got, &got.report.target_column).as_deref(), Some("kWh"));
    let mixed = daily("date,poids,taille", ',', 4, |i| format!("{i} kg,{} cm", i + 1));
    let got = ingest(mixed.as_bytes(), &wide).expect("loads");
    assert_eq!(unit_of(&got, &got.report.target_column), None);
    assert!(stripped(&got, "poids", "kg") && stripped(&got, "taille", "cm"));
}
