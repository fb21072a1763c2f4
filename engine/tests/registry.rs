//! Model versions and the registry: a version saved to JSON loads back and forecasts the same
//! numbers bit for bit (single model and ensemble, with NaN in its report), foreign or broken
//! JSON is a typed error with its position, and the in-service mark follows additions and
//! removals.

mod common;

use common::weekly;
use prevision_engine::forecast::{SavedModel, run};
use prevision_engine::frame::Frame;
use prevision_engine::json;
use prevision_engine::registry::{
    DataFingerprint, ModelVersion, Registry, RegistryError, SealedVersion,
};
use prevision_engine::spec::{EnsembleSpec, ForecastSpec, ModelSpec};

fn bits(v: &[Vec<f64>]) -> Vec<u64> {
    v.iter().flatten().map(|x| x.to_bits()).collect()
}

fn version_of(frame: &Frame, spec: &ForecastSpec, label: &str, created_ms: f64) -> ModelVersion {
    let run = run(frame, spec, &mut ()).expect("the run succeeds");
    ModelVersion::new(run, frame, label, created_ms)
}

/// Saves, reloads, and checks the reloaded version is the same to the bit.
fn assert_round_trips(version: &ModelVersion, frame: &Frame) {
    let text = version.to_json();
    let back = ModelVersion::from_json(&text).expect("loads back");
    // NaN ≠ NaN: compare the re-serialised text, byte for byte.
    assert_eq!(back.to_json(), text);
    let before = version.forecast(frame).expect("forecast");
    let after = back.forecast(frame).expect("forecast");
    assert_eq!(bits(&after), bits(&before));
    // Sealed (the model carried as text, unread), it writes the same JSON, reads it back, and
    // the text opens again as the full version.
    let sealed = version.clone().sealed();
    assert_eq!(sealed.to_json(), text);
    let sealed_back = SealedVersion::read_json(&text).expect("loads back sealed");
    assert_eq!(sealed_back.to_json(), text, "NaN ≠ NaN: compared as text");
    assert_eq!(sealed_back.id, version.id);
    assert_eq!(sealed_back.model.text(), json::to_string(&version.model));
    assert_eq!(ModelVersion::from_json(&sealed_back.to_json()).expect("opens").to_json(), text);
    // On its training frame the version forecasts what the report shows.
    for (s, f) in version.report.forecasts.iter().enumerate() {
        assert_eq!(bits(std::slice::from_ref(&f.point)), bits(&before[s..=s]));
    }
}

#[test]
fn a_single_model_version_with_nan_in_its_report_round_trips_with_identical_forecasts() {
    let mut frame = weekly(150, 3, 5.0, 0.1);
    // Holes in the history: the report's backtest traces keep them as NaN actuals.
    for t in [60, 61, 140] {
        frame.series[0].target[t] = f64::NAN;
    }
    let spec = ForecastSpec {
        models: vec![ModelSpec::SeasonalNaive, ModelSpec::Ridge { alpha: 1.0 }],
        ensemble: EnsembleSpec { top_k: 0, ..EnsembleSpec::default() },
        ..ForecastSpec::default()
    };
    let v = version_of(&frame, &spec, "first", 1_700_000_000_000.0);
    assert!(matches!(v.model, SavedModel::Single { .. }));
    assert!(v.to_json().contains("null"), "the report holds NaN");
    assert_eq!(v.label, "first");
    assert_eq!(v.format, 1);
    assert!(v.id.starts_with("v-") && v.id.len() == 10, "{}", v.id);
    assert_eq!(v.chosen_row().map(|r| r.id.as_str()), Some(v.report.chosen.as_str()));
    assert_eq!(v.data.rows, 150);
    assert_eq!(v.data.first, "2023-01-02T00:00:00");
    assert_eq!(v.data.last, "2023-05-31T00:00:00");
    assert_round_trips(&v, &frame);
}

#[test]
fn an_ensemble_version_round_trips_with_identical_forecasts() {
    let frame = weekly(200, 7, 10.0, 0.2);
    let spec = ForecastSpec {
        models: vec![ModelSpec::SeasonalAverage { seasons: 4 }, ModelSpec::Ets],
        ensemble: EnsembleSpec { top_k: 2, ..EnsembleSpec::default() },
        ..ForecastSpec::default()
    };
    let v = version_of(&frame, &spec, "ensemble", 1.0);
    let SavedModel::Ensemble { members, .. } = &v.model else {
        panic!("the ensemble is chosen on this series: {}", v.report.chosen)
    };
    assert_eq!(members.len(), 2);
    assert_eq!(v.chosen_row().map(|r| r.members.len()), Some(2));
    assert_round_trips(&v, &frame);
}

#[test]
fn the_id_depends_on_data_spec_and_time_and_nothing_else() {
    let frame = weekly(120, 1, 5.0, 0.0);
    let spec = ForecastSpec { models: vec![ModelSpec::SeasonalNaive], ..ForecastSpec::default() };
    let a = version_of(&frame, &spec, "a", 10.0);
    let b = version_of(&frame, &spec, "another label", 10.0);
    let later = version_of(&frame, &spec, "a", 11.0);
    let other_data = version_of(&weekly(120, 2, 5.0, 0.0), &spec, "a", 10.0);
    assert_eq!(a.id, b.id);
    assert_ne!(a.id, later.id);
    assert_ne!(a.id, other_data.id);
    assert_eq!(a.data, DataFingerprint::of(&frame));
}

#[test]
fn an_unknown_format_is_refused_with_both_numbers() {
    let frame = weekly(120, 1, 5.0, 0.0);
    let spec = ForecastSpec { models: vec![ModelSpec::Naive], ..ForecastSpec::default() };
    let text = version_of(&frame, &spec, "x", 0.0).to_json();
    let newer = text.replacen("\"format\":1", "\"format\":2", 1);
    assert_ne!(newer, text);
    assert_eq!(
        ModelVersion::from_json(&newer),
        Err(RegistryError::UnknownFormat { found: 2, supported: 1 })
    );
    assert_eq!(
        SealedVersion::read_json(&newer),
        Err(RegistryError::UnknownFormat { found: 2, supported: 1 })
    );
}

#[test]
fn corrupt_json_is_reported_with_line_and_column() {
    let frame = weekly(120, 1, 5.0, 0.0);
    let spec = ForecastSpec { models: vec![ModelSpec::Naive], ..ForecastSpec::default() };
    let text = version_of(&frame, &spec, "x", 0.0).to_json();
    // Cut mid-way: the parser runs out of text on line 1.
    let cut = &text[..text.len() / 2];
    match ModelVersion::from_json(cut) {
        Err(RegistryError::Syntax { line: 1, column, .. }) => assert_eq!(column, cut.len()),
        other => panic!("expected a syntax error, got {other:?}"),
    }
    // A field of the wrong type on line 2.
    let wrong = text.replacen("\"label\":\"x\"", "\n\"label\":7", 1);
    match ModelVersion::from_json(&wrong) {
        Err(RegistryError::NotAVersion { line: 2, column: 9, .. }) => {}
        other => panic!("expected a shape error, got {other:?}"),
    }
    // A sealed read stops at the same places.
    assert!(matches!(SealedVersion::read_json(cut), Err(RegistryError::Syntax { line: 1, .. })));
    assert!(matches!(
        SealedVersion::read_json(&wrong),
        Err(RegistryError::NotAVersion { line: 2, column: 9, .. })
    ));
    // The model is carried unread, but it must be one whole JSON value.
    let model_at = text.find("\"model\":").expect("has a model") + "\"model\":".len();
    let broken = format!("{}[{}", &text[..model_at], &text[model_at..]);
    assert!(SealedVersion::read_json(&broken).is_err());
}

#[test]
fn the_registry_marks_one_version_in_service_and_forgets_it_on_removal() {
    let frame = weekly(120, 1, 5.0, 0.0);
    let spec = ForecastSpec { models: vec![ModelSpec::SeasonalNaive], ..ForecastSpec::default() };
    let a = version_of(&frame, &spec, "a", 1.0);
    let b = version_of(&frame, &spec, "b", 2.0);
    let (ida, idb) = (a.id.clone(), b.id.clone());
    let mut reg = Registry::new();
    assert!(reg.in_service().is_none());
    reg.add(a.clone()).expect("added");
    reg.add(b).expect("added");
    assert_eq!(reg.add(a), Err(RegistryError::DuplicateId { id: ida.clone() }));
    assert_eq!(reg.versions().len(), 2);
    assert_eq!(
        reg.set_in_service("v-nothere"),
        Err(RegistryError::UnknownId { id: "v-nothere".into() })
    );
    reg.set_in_service(&ida).expect("marked");
    assert_eq!(reg.in_service().map(|v| v.label.as_str()), Some("a"));
    reg.set_in_service(&idb).expect("marked");
    assert_eq!(reg.in_service().map(|v| v.label.as_str()), Some("b"));

    let back = Registry::from_json(&reg.to_json()).expect("loads back");
    assert_eq!(back.to_json(), reg.to_json());
    assert_eq!(back.in_service().map(|v| v.id.as_str()), Some(idb.as_str()));

    // Removing another version keeps the mark; removing the one in service clears it.
    assert_eq!(reg.remove(&ida).map(|v| v.label), Ok("a".to_string()));
    assert_eq!(reg.in_service().map(|v| v.id.as_str()), Some(idb.as_str()));
    reg.remove(&idb).expect("removed");
    assert!(reg.in_service().is_none());
    assert!(reg.versions().is_empty());
    assert_eq!(reg.remove(&idb), Err(RegistryError::UnknownId { id: idb }));
}

#[test]
fn a_registry_file_with_a_dangling_in_service_id_is_refused() {
    let text = r#"{"versions":[],"in_service":"v-00000000"}"#;
    assert_eq!(
        Registry::from_json(text),
        Err(RegistryError::UnknownId { id: "v-00000000".into() })
    );
}
