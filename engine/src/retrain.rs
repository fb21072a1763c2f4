//! New data for a model in service: append a newer frame to the old one, refit with the same
//! spec, and let the non-regression gate decide whether the refit replaces the version in
//! service.
//!
//! **Append.** Both frames must have the same frequency, target and extra columns (else a typed
//! [`AppendError`] naming what differs). Per series, rows of the new frame at or before the old
//! frame's last observed target are *overlaps*: equal targets (`NaN` = `NaN`) are counted as
//! identical, different ones are [`Conflict`]s, all counted and the first
//! [`MAX_LISTED_CONFLICTS`] listed; the [`ConflictPolicy`] says which value stays. Rows after
//! it are appended; a hole between the old end and the new rows is regularised like ingest does
//! (rows with a missing target and missing extras, counted in `gap_steps`). The old frame's
//! future rows (known extras after its last observed target) are replaced by the new rows.
//! [`append_ingested`] also checks that both files name the same series-id columns.
//! Categorical levels are merged: the new frame's codes are remapped onto the old levels, new
//! levels added at the end. Series only in one frame are kept as they are.
//!
//! **Retrain.** [`retrain`] refits [`crate::forecast::run`] with the in-service version's
//! resolved spec on the appended frame, then compares the two with [`ab_compare`] on the same
//! windows of that frame; the report carries the gate's decision and its reason.
//!
//! Invariant: no input panics (a frame whose columns have inconsistent lengths is an error).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::ab::{AbConfig, AbError, AbReport, ab_compare};
use crate::forecast::{ForecastError, RunObserver, SavedModel, run};
use crate::frame::{ExogColumn, Frame, Series};
use crate::ingest::Ingested;
use crate::registry::{ISO_DATETIME, ModelVersion};

/// Conflicts listed one by one in an [`AppendReport`]; all are counted.
pub const MAX_LISTED_CONFLICTS: usize = 100;
/// Longest hole filled between the old end and the new rows, in steps.
pub const MAX_GAP_STEPS: usize = 1_000_000;

/// Which value stays when old and new data disagree on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ConflictPolicy {
    /// The old value stays (what the version in service was trained on).
    #[default]
    KeepOld,
    /// The new value wins (a corrected export).
    TakeNew,
}

/// Which frame an [`AppendError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Which {
    /// The frame already loaded.
    Old,
    /// The newer frame.
    New,
}

/// Why two frames cannot be appended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AppendError {
    /// The frames have different frequencies.
    #[error("the old data is {old}, the new data is {new}")]
    FrequencyDiffers {
        /// Old frequency code.
        old: String,
        /// New frequency code.
        new: String,
    },
    /// The frames have different target columns.
    #[error("the old target is \"{old}\", the new one is \"{new}\"")]
    TargetDiffers {
        /// Old target name.
        old: String,
        /// New target name.
        new: String,
    },
    /// The frames have different extra columns (names, in order).
    #[error("the old columns are {old:?}, the new ones are {new:?}")]
    ColumnsDiffer {
        /// Old extra columns.
        old: Vec<String>,
        /// New extra columns.
        new: Vec<String>,
    },
    /// The files identify their series by different columns.
    #[error("the old series-id columns are {old:?}, the new ones are {new:?}")]
    IdColumnsDiffer {
        /// Old series-id columns.
        old: Vec<String>,
        /// New series-id columns.
        new: Vec<String>,
    },
    /// A column is categorical in one frame and numeric in the other.
    #[error("column \"{column}\" is categorical in one file and numeric in the other")]
    ColumnKindDiffers {
        /// The column.
        column: String,
    },
    /// A series' columns have inconsistent lengths (not a frame ingest produces).
    #[error("series \"{series}\" of the {which:?} data has columns of different lengths")]
    Malformed {
        /// Which frame.
        which: Which,
        /// Series id.
        series: String,
    },
    /// A new date does not fall on the old data's grid.
    #[error("series \"{series}\": {date} is not on the grid of the old data")]
    OffGrid {
        /// Series id.
        series: String,
        /// ISO date-time of the row.
        date: String,
    },
    /// A new row is older than the first row of the old data: history is appended, not
    /// prepended.
    #[error("series \"{series}\": {date} is before the start of the old data")]
    BeforeOldStart {
        /// Series id.
        series: String,
        /// ISO date-time of the row.
        date: String,
    },
    /// The new rows of a series are not in increasing date order.
    #[error("series \"{series}\": {date} comes after a later date")]
    OutOfOrder {
        /// Series id.
        series: String,
        /// ISO date-time of the row.
        date: String,
    },
    /// The hole between the old end and the new rows is too long to fill.
    #[error("series \"{series}\": more than {max} missing steps before {date}")]
    GapTooLong {
        /// Series id.
        series: String,
        /// ISO date-time of the first new row.
        date: String,
        /// The limit ([`MAX_GAP_STEPS`]).
        max: usize,
    },
}

/// A date where the old and new targets differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// Series id.
    pub series: String,
    /// ISO date-time.
    pub date: String,
    /// The old value (`NaN` if missing).
    #[serde(deserialize_with = "crate::json::nan")]
    pub old: f64,
    /// The new value (`NaN` if missing).
    #[serde(deserialize_with = "crate::json::nan")]
    pub new: f64,
}

/// What an append did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppendReport {
    /// Rows of the old frame (all series, future rows included).
    pub old_rows: usize,
    /// Rows of the new frame.
    pub new_rows: usize,
    /// New rows placed after the old data (gap rows not counted).
    pub appended: usize,
    /// New rows at or before the old data's last observation.
    pub overlapping: usize,
    /// Overlapping rows with the same target as before.
    pub identical: usize,
    /// Overlapping rows with a different target.
    pub conflicts_total: usize,
    /// The first [`MAX_LISTED_CONFLICTS`] conflicts.
    pub conflicts: Vec<Conflict>,
    /// Missing rows inserted between the old end and the new rows.
    pub gap_steps: usize,
    /// Series present only in the new frame.
    pub new_series: Vec<String>,
    /// ISO date-time of the earliest appended observation.
    pub first_new: Option<String>,
    /// ISO date-time of the latest appended observation.
    pub last_new: Option<String>,
}

fn iso(t: NaiveDateTime) -> String {
    t.format(ISO_DATETIME).to_string()
}

fn check_lengths(s: &Series, n_exog: usize, which: Which) -> Result<(), AppendError> {
    let n = s.timestamps.len();
    if s.target.len() != n || s.exog.len() != n_exog || s.exog.iter().any(|c| c.len() != n) {
        return Err(AppendError::Malformed { which, series: s.id.clone() });
    }
    Ok(())
}

/// Merged columns, and per column the map from the new frame's level codes to merged codes.
type LevelMaps = Vec<Option<Vec<f64>>>;

fn merge_columns(
    old: &[ExogColumn],
    new: &[ExogColumn],
) -> Result<(Vec<ExogColumn>, LevelMaps), AppendError> {
    let names = |c: &[ExogColumn]| c.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    if names(old) != names(new) {
        return Err(AppendError::ColumnsDiffer { old: names(old), new: names(new) });
    }
    let mut merged = Vec::with_capacity(old.len());
    let mut maps = Vec::with_capacity(old.len());
    for (o, n) in old.iter().zip(new) {
        match (&o.levels, &n.levels) {
            (None, None) => {
                merged.push(o.clone());
                maps.push(None);
            }
            (Some(lo), Some(ln)) => {
                let mut levels = lo.clone();
                let map = ln
                    .iter()
                    .map(|l| {
                        let i = levels.iter().position(|x| x == l).unwrap_or_else(|| {
                            levels.push(l.clone());
                            levels.len() - 1
                        });
                        i as f64
                    })
                    .collect();
                merged.push(ExogColumn { levels: Some(levels), ..o.clone() });
                maps.push(Some(map));
            }
            _ => return Err(AppendError::ColumnKindDiffers { column: o.name.clone() }),
        }
    }
    Ok((merged, maps))
}

/// The new frame's value of column `j` at row `i`, with its level code remapped.
fn new_exog(s: &Series, maps: &LevelMaps, j: usize, i: usize) -> f64 {
    let v = s.exog[j][i];
    match &maps[j] {
        None => v,
        Some(map) if v >= 0.0 && v.fract() == 0.0 => {
            map.get(v as usize).copied().unwrap_or(f64::NAN)
        }
        Some(_) => f64::NAN,
    }
}

/// Rows of a series being built.
struct Rows {
    timestamps: Vec<NaiveDateTime>,
    target: Vec<f64>,
    exog: Vec<Vec<f64>>,
}

impl Rows {
    fn push_missing(&mut self, t: NaiveDateTime) {
        self.timestamps.push(t);
        self.target.push(f64::NAN);
        self.exog.iter_mut().for_each(|c| c.push(f64::NAN));
    }

    fn push_new(&mut self, s: &Series, maps: &LevelMaps, i: usize) {
        self.timestamps.push(s.timestamps[i]);
        self.target.push(s.target[i]);
        for (j, c) in self.exog.iter_mut().enumerate() {
            c.push(new_exog(s, maps, j, i));
        }
    }

    fn into_series(self, id: String) -> Series {
        Series { id, timestamps: self.timestamps, target: self.target, exog: self.exog }
    }
}

/// Steps from `from` to `to` on the grid (≥ 1), or why `to` cannot be reached.
fn steps_between(
    freq: crate::frame::Frequency,
    from: NaiveDateTime,
    to: NaiveDateTime,
    series: &str,
) -> Result<usize, AppendError> {
    let mut cur = from;
    for k in 1..=MAX_GAP_STEPS + 1 {
        cur = freq
            .next(cur)
            .ok_or_else(|| AppendError::OffGrid { series: series.to_string(), date: iso(to) })?;
        if cur == to {
            return Ok(k);
        }
        if cur > to {
            return Err(AppendError::OffGrid { series: series.to_string(), date: iso(to) });
        }
    }
    Err(AppendError::GapTooLong { series: series.to_string(), date: iso(to), max: MAX_GAP_STEPS })
}

/// Appends `new` to `old`; see the module documentation for the rules.
pub fn append(
    old: &Frame,
    new: &Frame,
    policy: ConflictPolicy,
) -> Result<(Frame, AppendReport), AppendError> {
    if old.freq != new.freq {
        return Err(AppendError::FrequencyDiffers { old: old.freq.code(), new: new.freq.code() });
    }
    if old.target_name != new.target_name {
        return Err(AppendError::TargetDiffers {
            old: old.target_name.clone(),
            new: new.target_name.clone(),
        });
    }
    let (columns, maps) = merge_columns(&old.exog, &new.exog)?;
    for s in &old.series {
        check_lengths(s, old.exog.len(), Which::Old)?;
    }
    for s in &new.series {
        check_lengths(s, new.exog.len(), Which::New)?;
    }
    let mut report = AppendReport {
        old_rows: old.series.iter().map(|s| s.timestamps.len()).sum(),
        new_rows: new.series.iter().map(|s| s.timestamps.len()).sum(),
        appended: 0,
        overlapping: 0,
        identical: 0,
        conflicts_total: 0,
        conflicts: Vec::new(),
        gap_steps: 0,
        new_series: Vec::new(),
        first_new: None,
        last_new: None,
    };
    let mut first_new: Option<NaiveDateTime> = None;
    let mut last_new: Option<NaiveDateTime> = None;
    let mut saw_new = |t: NaiveDateTime, observed: bool| {
        if observed {
            first_new = Some(first_new.map_or(t, |f| f.min(t)));
            last_new = Some(last_new.map_or(t, |l| l.max(t)));
        }
    };
    let mut series = Vec::with_capacity(old.series.len() + new.series.len());
    for o in &old.series {
        let Some(n) = new.series.iter().find(|n| n.id == o.id) else {
            series.push(o.clone());
            continue;
        };
        let end = o.observed_len();
        let mut rows = Rows {
            timestamps: o.timestamps[..end].to_vec(),
            target: o.target[..end].to_vec(),
            exog: o.exog.iter().map(|c| c[..end].to_vec()).collect(),
        };
        let old_last = end.checked_sub(1).map(|i| o.timestamps[i]);
        for i in 0..n.timestamps.len() {
            let t = n.timestamps[i];
            if old_last.is_some_and(|last| t <= last) {
                report.overlapping += 1;
                let j = rows.timestamps.binary_search(&t).map_err(|at| {
                    let (series, date) = (o.id.clone(), iso(t));
                    if at == 0 {
                        AppendError::BeforeOldStart { series, date }
                    } else {
                        AppendError::OffGrid { series, date }
                    }
                })?;
                let (was, now) = (rows.target[j], n.target[i]);
                if (was.is_nan() && now.is_nan()) || was == now {
                    report.identical += 1;
                    continue;
                }
                report.conflicts_total += 1;
                if report.conflicts.len() < MAX_LISTED_CONFLICTS {
                    report.conflicts.push(Conflict {
                        series: o.id.clone(),
                        date: iso(t),
                        old: was,
                        new: now,
                    });
                }
                if policy == ConflictPolicy::TakeNew {
                    rows.target[j] = now;
                    for (jc, c) in rows.exog.iter_mut().enumerate() {
                        c[j] = new_exog(n, &maps, jc, i);
                    }
                }
                continue;
            }
            if let Some(&prev) = rows.timestamps.last() {
                if t <= prev {
                    return Err(AppendError::OutOfOrder { series: o.id.clone(), date: iso(t) });
                }
                let k = steps_between(old.freq, prev, t, &o.id)?;
                for g in 1..k {
                    let missing = old.freq.add_steps(prev, g as i64).unwrap_or(t);
                    rows.push_missing(missing);
                    report.gap_steps += 1;
                }
            }
            rows.push_new(n, &maps, i);
            report.appended += 1;
            saw_new(t, !n.target[i].is_nan());
        }
        series.push(rows.into_series(o.id.clone()));
    }
    for n in &new.series {
        if old.series.iter().any(|o| o.id == n.id) {
            continue;
        }
        let mut rows = Rows {
            timestamps: Vec::new(),
            target: Vec::new(),
            exog: vec![Vec::new(); n.exog.len()],
        };
        for i in 0..n.timestamps.len() {
            rows.push_new(n, &maps, i);
            saw_new(n.timestamps[i], !n.target[i].is_nan());
        }
        report.appended += n.timestamps.len();
        report.new_series.push(n.id.clone());
        series.push(rows.into_series(n.id.clone()));
    }
    report.first_new = first_new.map(iso);
    report.last_new = last_new.map(iso);
    let frame =
        Frame { freq: old.freq, target_name: old.target_name.clone(), exog: columns, series };
    Ok((frame, report))
}

/// [`append`] for two ingested files, also checking that they identify their series by the
/// same columns (a frame alone does not record them).
pub fn append_ingested(
    old: &Ingested,
    new: &Ingested,
    policy: ConflictPolicy,
) -> Result<(Frame, AppendReport), AppendError> {
    let (o, n) = (&old.report.id_columns, &new.report.id_columns);
    if o != n {
        return Err(AppendError::IdColumnsDiffer { old: o.clone(), new: n.clone() });
    }
    append(&old.frame, &new.frame, policy)
}

/// Why a retrain could not be completed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RetrainError {
    /// The refit on the appended data failed (or was cancelled).
    #[error("refit: {0}")]
    Forecast(#[from] ForecastError),
    /// The comparison with the version in service failed.
    #[error("comparison: {0}")]
    Ab(#[from] AbError),
}

/// A refitted candidate and how it compares with the version in service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Retrained {
    /// The new version, fitted on the appended frame.
    pub candidate: ModelVersion,
    /// Candidate against the version in service; `ab.decision.promote` says whether it may
    /// replace it, and `ab.decision.reason` why.
    pub ab: AbReport,
}

/// Refits `in_service`'s spec on `frame` (the appended data) and gates the result against it.
///
/// `observer` hears the refit's progress first (one entry per model and fold of the run), then
/// the comparison's (`model_index` 0 for the version in service, 1 for the candidate).
pub fn retrain(
    frame: &Frame,
    in_service: &ModelVersion,
    cfg: &AbConfig,
    label: &str,
    created_ms: f64,
    observer: &mut dyn RunObserver,
) -> Result<Retrained, RetrainError> {
    let mut spec = in_service.spec.clone();
    // The resolved spec pins the season, which would also pin MSTL to that one period; when the
    // version used the frequency's own defaults, resolve them again the same way.
    let context = match &in_service.model {
        SavedModel::Single { model } => Some(&model.context),
        SavedModel::Ensemble { members, .. } => members.first().map(|m| &m.context),
    };
    if context.is_some_and(|c| {
        c.season == frame.freq.default_season() && c.periods == frame.freq.seasonal_periods()
    }) {
        spec.season = None;
    }
    let fitted = run(frame, &spec, observer)?;
    let candidate = ModelVersion::new(fitted, frame, label, created_ms);
    let ab = ab_compare(frame, in_service, &candidate, cfg, observer)?;
    Ok(Retrained { candidate, ab })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Availability, Frequency};
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, 3, d).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("valid")
    }

    fn one(first_day: u32, target: Vec<f64>, promo: Vec<f64>, levels: Vec<&str>) -> Frame {
        let timestamps = (0..target.len() as u32).map(|k| day(first_day + k)).collect();
        Frame {
            freq: Frequency::Daily,
            target_name: "y".into(),
            exog: vec![ExogColumn {
                name: "promo".into(),
                availability: Availability::KnownInAdvance,
                levels: Some(levels.into_iter().map(String::from).collect()),
            }],
            series: vec![Series { id: "a".into(), timestamps, target, exog: vec![promo] }],
        }
    }

    #[test]
    fn new_levels_are_remapped_onto_the_old_codes() {
        let old = one(1, vec![1.0, 2.0], vec![0.0, 1.0], vec!["no", "yes"]);
        // The new file met "yes" first, so its codes are swapped, and it adds "half".
        let new = one(3, vec![3.0, 4.0, 5.0], vec![0.0, 1.0, 2.0], vec!["yes", "no", "half"]);
        let (frame, report) = append(&old, &new, ConflictPolicy::KeepOld).expect("appends");
        assert_eq!(frame.exog[0].levels, Some(vec!["no".into(), "yes".into(), "half".into()]));
        assert_eq!(frame.series[0].exog[0], vec![0.0, 1.0, 1.0, 0.0, 2.0]);
        assert_eq!(report.appended, 3);
    }

    #[test]
    fn a_categorical_column_against_a_numeric_one_is_refused() {
        let old = one(1, vec![1.0], vec![0.0], vec!["no"]);
        let mut new = old.clone();
        new.exog[0].levels = None;
        assert_eq!(
            append(&old, &new, ConflictPolicy::KeepOld),
            Err(AppendError::ColumnKindDiffers { column: "promo".into() })
        );
    }

    #[test]
    fn a_date_off_the_grid_is_refused() {
        let mut old = one(1, vec![1.0, 2.0], vec![0.0, 0.0], vec!["no"]);
        old.freq = Frequency::Weekly { anchor: chrono::Weekday::Fri };
        // 2024-03-01 is a Friday; the 10th is a Sunday.
        let mut new = one(10, vec![3.0], vec![0.0], vec!["no"]);
        new.freq = old.freq;
        old.series[0].timestamps = vec![day(1), day(8)];
        assert_eq!(
            append(&old, &new, ConflictPolicy::KeepOld),
            Err(AppendError::OffGrid { series: "a".into(), date: "2024-03-10T00:00:00".into() })
        );
    }

    #[test]
    fn rows_older_than_the_old_data_are_refused() {
        let old = one(5, vec![1.0, 2.0], vec![0.0, 0.0], vec!["no"]);
        let new = one(3, vec![3.0], vec![0.0], vec!["no"]);
        assert_eq!(
            append(&old, &new, ConflictPolicy::KeepOld),
            Err(AppendError::BeforeOldStart {
                series: "a".into(),
                date: "2024-03-03T00:00:00".into()
            })
        );
    }

    #[test]
    fn columns_of_uneven_length_are_an_error_not_a_panic() {
        let old = one(1, vec![1.0, 2.0], vec![0.0], vec!["no"]);
        let new = one(3, vec![3.0], vec![0.0], vec!["no"]);
        assert_eq!(
            append(&old, &new, ConflictPolicy::KeepOld),
            Err(AppendError::Malformed { which: Which::Old, series: "a".into() })
        );
    }
}
