//! Appending newer data and retraining: overlaps counted, conflicts listed with both values,
//! holes regularised, mismatched files refused, never a panic on arbitrary frames; and the
//! whole retrain on a series split in two, through the gate.

use chrono::{NaiveDate, NaiveDateTime};
use prevision_engine::ab::AbConfig;
use prevision_engine::compare::{GateReason, Verdict};
use prevision_engine::forecast::run;
use prevision_engine::frame::{Availability, ExogColumn, Frame, Frequency, Series};
use prevision_engine::registry::ModelVersion;
use prevision_engine::retrain::{AppendError, ConflictPolicy, append, retrain};
use prevision_engine::rng::Rng;
use prevision_engine::spec::{EnsembleSpec, ForecastSpec, ModelSpec};
use proptest::prelude::*;

fn start() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date")
}

/// Rows `from..to` (day offsets from 2024-01-01) of one daily series `y = 10 + day`, with a
/// `price` column equal to the day offset.
fn days(from: i64, to: i64) -> Frame {
    let offsets: Vec<i64> = (from..to).collect();
    Frame {
        freq: Frequency::Daily,
        target_name: "y".into(),
        exog: vec![ExogColumn {
            name: "price".into(),
            availability: Availability::KnownInAdvance,
            levels: None,
        }],
        series: vec![Series {
            id: "shop".into(),
            timestamps: offsets
                .iter()
                .map(|&k| Frequency::Daily.add_steps(start(), k).expect("in range"))
                .collect(),
            target: offsets.iter().map(|&k| 10.0 + k as f64).collect(),
            exog: vec![offsets.iter().map(|&k| k as f64).collect()],
        }],
    }
}

#[test]
fn an_exact_overlap_is_counted_as_identical_and_the_rest_appended() {
    let (frame, r) = append(&days(0, 10), &days(5, 15), ConflictPolicy::KeepOld).expect("appends");
    assert_eq!(frame, days(0, 15));
    assert_eq!((r.old_rows, r.new_rows), (10, 10));
    assert_eq!((r.overlapping, r.identical, r.conflicts_total, r.appended), (5, 5, 0, 5));
    assert_eq!(r.gap_steps, 0);
    assert_eq!(r.first_new.as_deref(), Some("2024-01-11T00:00:00"));
    assert_eq!(r.last_new.as_deref(), Some("2024-01-15T00:00:00"));
    assert!(r.new_series.is_empty() && r.conflicts.is_empty());
}

#[test]
fn a_conflict_is_listed_with_both_values_and_the_policy_picks_one() {
    let mut new = days(5, 15);
    new.series[0].target[3] = 99.0; // 2024-01-09, was 18
    new.series[0].target[4] = f64::NAN; // 2024-01-10, was 19
    let (kept, r) = append(&days(0, 10), &new, ConflictPolicy::KeepOld).expect("appends");
    assert_eq!((r.overlapping, r.identical, r.conflicts_total), (5, 3, 2));
    assert_eq!(r.conflicts[0].series, "shop");
    assert_eq!(r.conflicts[0].date, "2024-01-09T00:00:00");
    assert_eq!((r.conflicts[0].old, r.conflicts[0].new), (18.0, 99.0));
    assert_eq!(r.conflicts[1].old, 19.0);
    assert!(r.conflicts[1].new.is_nan());
    assert_eq!(kept.series[0].target[8], 18.0);
    let (taken, _) = append(&days(0, 10), &new, ConflictPolicy::TakeNew).expect("appends");
    assert_eq!(taken.series[0].target[8], 99.0);
    assert!(taken.series[0].target[9].is_nan());
}

#[test]
fn conflicts_are_all_counted_but_only_a_hundred_listed() {
    let mut new = days(0, 150);
    new.series[0].target.iter_mut().for_each(|v| *v += 1.0);
    let (_, r) = append(&days(0, 150), &new, ConflictPolicy::KeepOld).expect("appends");
    assert_eq!((r.conflicts_total, r.conflicts.len(), r.appended), (150, 100, 0));
}

#[test]
fn a_gap_between_old_and_new_is_filled_with_missing_rows_and_counted() {
    let (frame, r) = append(&days(0, 10), &days(13, 20), ConflictPolicy::KeepOld).expect("appends");
    let s = &frame.series[0];
    assert_eq!(r.gap_steps, 3);
    assert_eq!(r.appended, 7);
    assert_eq!(s.timestamps.len(), 20);
    assert_eq!(s.timestamps, days(0, 20).series[0].timestamps);
    assert!(s.target[10..13].iter().all(|v| v.is_nan()));
    assert!(s.exog[0][10..13].iter().all(|v| v.is_nan()));
    assert_eq!(s.target[13], 23.0);
}

#[test]
fn the_old_future_rows_are_replaced_by_the_new_rows() {
    let mut old = days(0, 12);
    // Days 10 and 11 are future rows: a known price, no target yet.
    old.series[0].target[10] = f64::NAN;
    old.series[0].target[11] = f64::NAN;
    old.series[0].exog[0][10] = -1.0;
    let (frame, r) = append(&old, &days(10, 14), ConflictPolicy::KeepOld).expect("appends");
    assert_eq!(frame, days(0, 14));
    assert_eq!((r.overlapping, r.appended), (0, 4));
}

#[test]
fn a_series_only_in_the_new_file_is_added_and_named() {
    let mut new = days(10, 12);
    new.series.push(Series { id: "kiosk".into(), ..new.series[0].clone() });
    let (frame, r) = append(&days(0, 10), &new, ConflictPolicy::KeepOld).expect("appends");
    assert_eq!(r.new_series, vec!["kiosk".to_string()]);
    assert_eq!(frame.series.len(), 2);
    assert_eq!(frame.series[1].target, vec![20.0, 21.0]);
    assert_eq!(r.appended, 4);
}

#[test]
fn files_with_other_columns_target_or_frequency_are_refused_by_name() {
    let old = days(0, 10);
    let mut renamed = days(10, 12);
    renamed.exog[0].name = "prix".into();
    assert_eq!(
        append(&old, &renamed, ConflictPolicy::KeepOld),
        Err(AppendError::ColumnsDiffer { old: vec!["price".into()], new: vec!["prix".into()] })
    );
    let mut target = days(10, 12);
    target.target_name = "sales".into();
    assert_eq!(
        append(&old, &target, ConflictPolicy::KeepOld),
        Err(AppendError::TargetDiffers { old: "y".into(), new: "sales".into() })
    );
    let mut weekly = days(10, 12);
    weekly.freq = Frequency::Monthly;
    assert_eq!(
        append(&old, &weekly, ConflictPolicy::KeepOld),
        Err(AppendError::FrequencyDiffers { old: "daily".into(), new: "monthly".into() })
    );
}

/// One daily series: a smooth random walk for the first `switch` days, then a strong weekly
/// pattern.
fn regime_change(n: usize, switch: usize, seed: u64) -> Frame {
    let mut rng = Rng::new(seed);
    let profile = [0.0, 10.0, 20.0, 15.0, 5.0, -20.0, -30.0];
    let mut level = 100.0;
    let target = (0..n)
        .map(|t| {
            level += rng.normal();
            if t < switch { level } else { level + 2.0 * profile[t % 7] }
        })
        .collect();
    let timestamps =
        (0..n as i64).map(|k| Frequency::Daily.add_steps(start(), k).expect("in range")).collect();
    Frame {
        freq: Frequency::Daily,
        target_name: "y".into(),
        exog: vec![],
        series: vec![Series { id: "y".into(), timestamps, target, exog: vec![] }],
    }
}

fn split(frame: &Frame, old_end: usize, new_start: usize) -> (Frame, Frame) {
    let part = |r: std::ops::Range<usize>| {
        let mut f = frame.clone();
        let s = &mut f.series[0];
        s.timestamps = s.timestamps[r.clone()].to_vec();
        s.target = s.target[r].to_vec();
        f
    };
    let n = frame.series[0].timestamps.len();
    (part(0..old_end), part(new_start..n))
}

#[test]
fn retraining_on_a_new_weekly_pattern_picks_seasonal_naive_and_is_promoted_as_better() {
    let full = regime_change(200, 120, 4);
    let (old, new) = split(&full, 120, 110);
    let spec = ForecastSpec {
        models: vec![ModelSpec::Naive, ModelSpec::SeasonalNaive],
        ensemble: EnsembleSpec { top_k: 0, ..EnsembleSpec::default() },
        ..ForecastSpec::default()
    };
    let first = run(&old, &spec, &mut ()).expect("runs");
    let in_service = ModelVersion::new(first, &old, "before", 1.0);
    assert_eq!(in_service.report.chosen, "naive");

    let (appended, r) = append(&old, &new, ConflictPolicy::KeepOld).expect("appends");
    assert_eq!((r.overlapping, r.identical, r.appended), (10, 10, 80));
    assert_eq!(appended, full);
    let out = retrain(&appended, &in_service, &AbConfig::default(), "after", 2.0, &mut ())
        .expect("retrains");
    assert_eq!(out.candidate.report.chosen, "seasonal_naive");
    assert_eq!(out.candidate.data.rows, 200);
    assert_eq!(out.candidate.label, "after");
    assert_eq!(out.ab.reference, in_service.id);
    assert_eq!(out.ab.candidate, out.candidate.id);
    assert_eq!(out.ab.decision.verdict, Verdict::Better);
    assert!(out.ab.decision.promote);
    assert!(out.ab.overall.mae_delta < 0.0);
}

#[test]
fn retraining_the_same_single_model_finds_no_difference() {
    let full = regime_change(200, 0, 9);
    let (old, new) = split(&full, 150, 150);
    let spec = ForecastSpec { models: vec![ModelSpec::SeasonalNaive], ..ForecastSpec::default() };
    let in_service = ModelVersion::new(run(&old, &spec, &mut ()).expect("runs"), &old, "a", 0.0);
    let (appended, _) = append(&old, &new, ConflictPolicy::KeepOld).expect("appends");
    let out =
        retrain(&appended, &in_service, &AbConfig::default(), "b", 1.0, &mut ()).expect("retrains");
    // Same model, same context, same folds: the refits are the same, losses identical.
    assert_eq!(out.ab.decision.verdict, Verdict::NoSignificantDifference);
    assert_eq!(
        out.ab.decision.reason,
        GateReason::NoSignificantDifference { p_value: 1.0, alpha: 0.05 }
    );
    assert_eq!(out.candidate.spec, in_service.spec);
}

/// Small arbitrary frames: daily or monthly, one or two series, random starts, lengths, NaNs,
/// and sometimes a column of the wrong length.
fn arb_frame() -> impl Strategy<Value = Frame> {
    (
        prop::bool::ANY,
        prop::collection::vec(
            (
                0i64..40,
                prop::collection::vec(prop::option::of(-5.0f64..5.0), 0..25),
                prop::bool::weighted(0.1),
                0usize..2,
            ),
            0..3,
        ),
    )
        .prop_map(|(monthly, series)| {
            let freq = if monthly { Frequency::Monthly } else { Frequency::Daily };
            Frame {
                freq,
                target_name: "y".into(),
                exog: vec![],
                series: series
                    .into_iter()
                    .map(|(offset, values, broken, id)| {
                        let mut timestamps: Vec<NaiveDateTime> = (0..values.len() as i64)
                            .filter_map(|k| freq.add_steps(start(), offset + k))
                            .collect();
                        if broken {
                            timestamps.pop();
                        }
                        Series {
                            id: ["a", "b"][id].into(),
                            timestamps,
                            target: values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect(),
                            exog: vec![],
                        }
                    })
                    .collect(),
            }
        })
}

proptest! {
    #[test]
    fn append_never_panics_and_keeps_series_regular(old in arb_frame(), new in arb_frame()) {
        if let Ok((frame, report)) = append(&old, &new, ConflictPolicy::TakeNew) {
            prop_assert!(report.identical + report.conflicts_total == report.overlapping);
            for s in &frame.series {
                prop_assert_eq!(s.target.len(), s.timestamps.len());
                for w in s.timestamps.windows(2) {
                    prop_assert_eq!(frame.freq.next(w[0]), Some(w[1]));
                }
            }
        }
    }
}

#[test]
fn ingested_files_with_other_series_id_columns_are_refused() {
    use prevision_engine::ingest::{IngestOptions, ingest};
    use prevision_engine::retrain::append_ingested;
    let by_shop = "date,shop,sales\n2024-01-01,a,1\n2024-01-02,a,2\n2024-01-03,a,3\n";
    let by_store = "date,store,sales\n2024-01-04,a,4\n2024-01-05,a,5\n2024-01-06,a,6\n";
    let opts = |id: &str| IngestOptions { id_cols: vec![id.into()], ..IngestOptions::default() };
    let old = ingest(by_shop.as_bytes(), &opts("shop")).expect("ingests");
    let new = ingest(by_store.as_bytes(), &opts("store")).expect("ingests");
    assert_eq!(
        append_ingested(&old, &new, ConflictPolicy::KeepOld),
        Err(AppendError::IdColumnsDiffer { old: vec!["shop".into()], new: vec!["store".into()] })
    );
    let same = ingest(by_shop.replace("01-0", "01-1").as_bytes(), &opts("shop")).expect("ingests");
    let (frame, r) = append_ingested(&old, &same, ConflictPolicy::KeepOld).expect("appends");
    assert_eq!((r.appended, r.gap_steps), (3, 7));
    assert_eq!(frame.series[0].timestamps.len(), 13);
}
