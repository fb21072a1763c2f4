//! The model registry: versions of a fitted forecaster, kept with what they were trained on and
//! how they scored, one of them marked "in service".
//!
//! A [`ModelVersion`] is the resolved spec, the fitted [`SavedModel`], a [`DataFingerprint`] of
//! the training frame, the run's [`ForecastReport`], a creation time given by the caller (the
//! engine reads no clock) and a user label. A [`SealedVersion`] is the same with the model kept
//! as the JSON text it was written as, for code that lists or passes versions on without
//! forecasting (the browser page). Versions serialise to JSON and load back with
//! **bit-identical** predictions: reports hold `NaN` on purpose, so reading goes through
//! [`crate::json`], which restores every `null` as `NaN`.
//!
//! Invariants: a version's id is a pure function of its fingerprint, spec and creation time;
//! a [`Registry`] holds no two versions with the same id, and its in-service id, when set,
//! names one of its versions. Loading never panics: anything that is not a version of a known
//! format is a typed [`RegistryError`] carrying the line and column where reading stopped.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::forecast::report::{ForecastReport, LeaderboardRow};
use crate::forecast::{ForecastError, SavedModel};
use crate::frame::Frame;
use crate::json;
use crate::spec::ForecastSpec;

/// The version file format this engine writes and reads.
pub const FORMAT: u32 = 1;

/// How date-times are written in fingerprints and reports (ISO 8601, no zone).
pub const ISO_DATETIME: &str = "%Y-%m-%dT%H:%M:%S";

/// Why a version or a registry could not be read or changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[non_exhaustive]
pub enum RegistryError {
    /// The text is not valid JSON (or ends too early).
    #[error("line {line}, column {column}: not valid JSON ({detail})")]
    Syntax {
        /// 1-based line where reading stopped.
        line: usize,
        /// 1-based column where reading stopped.
        column: usize,
        /// The parser's own words, for a developer.
        detail: String,
    },
    /// Valid JSON, but not shaped like a model version (a field missing or of the wrong type).
    #[error("line {line}, column {column}: not a model version ({detail})")]
    NotAVersion {
        /// 1-based line where reading stopped.
        line: usize,
        /// 1-based column where reading stopped.
        column: usize,
        /// The parser's own words, for a developer.
        detail: String,
    },
    /// The JSON has no `format` field: it was not written by the registry.
    #[error("no `format` field: this is not a model version")]
    MissingFormat,
    /// The version was written in a format this engine does not know (a newer app).
    #[error("version format {found} is not supported (this engine reads format {supported})")]
    UnknownFormat {
        /// The format found in the file.
        found: u64,
        /// The format this engine reads.
        supported: u32,
    },
    /// A version with this id is already in the registry.
    #[error("a version with id {id} is already in the registry")]
    DuplicateId {
        /// The id.
        id: String,
    },
    /// No version has this id.
    #[error("no version has id {id}")]
    UnknownId {
        /// The id.
        id: String,
    },
}

impl RegistryError {
    /// Sorts a `serde_json` error into syntax (not JSON) or shape (not a version).
    fn from_json(e: &serde_json::Error) -> Self {
        let (line, column, detail) = (e.line(), e.column(), e.to_string());
        match e.classify() {
            serde_json::error::Category::Data => Self::NotAVersion { line, column, detail },
            _ => Self::Syntax { line, column, detail },
        }
    }
}

/// FNV-1a, 64 bits: a small stable hash (not cryptographic) that every platform computes alike.
#[derive(Debug, Clone, Copy)]
struct Fnv1a(u64);

impl Fnv1a {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Self(Self::OFFSET)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    /// A length prefix keeps `["ab","c"]` and `["a","bc"]` apart.
    fn str(&mut self, s: &str) {
        self.bytes(&(s.len() as u64).to_le_bytes());
        self.bytes(s.as_bytes());
    }

    /// `NaN` gets its own tag so every NaN payload hashes alike and never collides with a number.
    fn value(&mut self, v: f64) {
        if v.is_nan() {
            self.bytes(&[0]);
        } else {
            self.bytes(&[1]);
            self.bytes(&v.to_bits().to_le_bytes());
        }
    }

    fn time(&mut self, t: NaiveDateTime) {
        self.bytes(&t.and_utc().timestamp().to_le_bytes());
    }
}

/// What a version was trained on: enough to recognise the same data again and to describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataFingerprint {
    /// 16 hex digits of FNV-1a 64 over the frame's canonical bytes (frequency code, target
    /// name, exogenous column names and levels, then per series its id, timestamps as Unix
    /// seconds, targets and exogenous values; lengths prefixed, little-endian, `NaN` tagged).
    pub hash: String,
    /// Rows of history (up to each series' last observed target), summed over series.
    pub rows: usize,
    /// Number of series.
    pub series: usize,
    /// ISO date-time of the earliest observed target (empty if none is observed).
    pub first: String,
    /// ISO date-time of the latest observed target (empty if none is observed).
    pub last: String,
    /// Target column name.
    pub target: String,
}

impl DataFingerprint {
    /// The fingerprint of `frame`.
    pub fn of(frame: &Frame) -> Self {
        let mut h = Fnv1a::new();
        h.str(&frame.freq.code());
        h.str(&frame.target_name);
        h.bytes(&(frame.exog.len() as u64).to_le_bytes());
        for c in &frame.exog {
            h.str(&c.name);
            // Categorical values are codes into the levels: the levels are part of the data.
            let levels = c.levels.as_deref().unwrap_or_default();
            h.bytes(&(levels.len() as u64).to_le_bytes());
            levels.iter().for_each(|l| h.str(l));
        }
        h.bytes(&(frame.series.len() as u64).to_le_bytes());
        let mut first: Option<NaiveDateTime> = None;
        let mut last: Option<NaiveDateTime> = None;
        let mut rows = 0;
        for s in &frame.series {
            h.str(&s.id);
            h.bytes(&(s.timestamps.len() as u64).to_le_bytes());
            for (i, t) in s.timestamps.iter().enumerate() {
                h.time(*t);
                h.value(s.target.get(i).copied().unwrap_or(f64::NAN));
                for column in &s.exog {
                    h.value(column.get(i).copied().unwrap_or(f64::NAN));
                }
            }
            let observed = s.observed_len();
            rows += observed;
            let first_observed = s.target.iter().position(|v| !v.is_nan());
            if let Some(t) = first_observed.and_then(|i| s.timestamps.get(i)) {
                first = Some(first.map_or(*t, |f| f.min(*t)));
            }
            if let Some(t) = observed.checked_sub(1).and_then(|i| s.timestamps.get(i)) {
                last = Some(last.map_or(*t, |l| l.max(*t)));
            }
        }
        let iso = |t: Option<NaiveDateTime>| {
            t.map(|t| t.format(ISO_DATETIME).to_string()).unwrap_or_default()
        };
        Self {
            hash: format!("{:016x}", h.0),
            rows,
            series: frame.series.len(),
            first: iso(first),
            last: iso(last),
            target: frame.target_name.clone(),
        }
    }
}

/// One saved forecaster with its provenance and scores.
///
/// `M` is the fitted forecaster: a [`SavedModel`] to forecast with, or [`json::Raw`] (a
/// [`SealedVersion`]) where the model is only carried — listed, stored, sent on — and never
/// read. Both write the same JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelVersion<M = SavedModel> {
    /// File format ([`FORMAT`]).
    pub format: u32,
    /// `v-` and 8 hex digits, derived from the fingerprint, the spec and the creation time.
    pub id: String,
    /// The user's label.
    pub label: String,
    /// Creation time in Unix milliseconds, as given by the caller.
    #[serde(deserialize_with = "crate::json::nan")]
    pub created_ms: f64,
    /// The spec with every default resolved (from the run's report).
    pub spec: ForecastSpec,
    /// The fitted forecaster.
    pub model: M,
    /// What it was trained on.
    pub data: DataFingerprint,
    /// The run's report: leaderboard, backtests, forecasts.
    pub report: ForecastReport,
}

/// A version whose model is kept as the JSON text it was written as, unread: what a page lists
/// and stores without the code to forecast with it.
pub type SealedVersion = ModelVersion<json::Raw>;

impl<M> ModelVersion<M> {
    /// A version of the fitted `model` and its run's `report`, trained on `frame`, created at
    /// `created_ms` (Unix ms).
    pub fn assemble(
        model: M,
        report: ForecastReport,
        frame: &Frame,
        label: &str,
        created_ms: f64,
    ) -> Self {
        let data = DataFingerprint::of(frame);
        let spec = report.spec.clone();
        let mut h = Fnv1a::new();
        h.str(&data.hash);
        h.str(&json::to_string(&spec));
        h.bytes(&created_ms.to_bits().to_le_bytes());
        // Fold the 64 bits into 32 so both halves count.
        let id = format!("v-{:08x}", (h.0 >> 32) as u32 ^ h.0 as u32);
        Self { format: FORMAT, id, label: label.to_string(), created_ms, spec, model, data, report }
    }

    /// The leaderboard row of the chosen model (or ensemble).
    pub fn chosen_row(&self) -> Option<&LeaderboardRow> {
        self.report.chosen_row()
    }

    /// Forecast horizon in steps.
    pub fn horizon(&self) -> usize {
        self.spec.horizon
    }
}

impl<M: Serialize> ModelVersion<M> {
    /// Compact JSON (`NaN` written as `null`).
    pub fn to_json(&self) -> String {
        json::to_string(self)
    }
}

impl<M: serde::de::DeserializeOwned> ModelVersion<M> {
    /// Reads a version written by [`ModelVersion::to_json`], checking its format first.
    pub fn read_json(text: &str) -> Result<Self, RegistryError> {
        check_format(text)?;
        json::from_str::<Self>(text).map_err(|e| RegistryError::from_json(&e))
    }
}

impl ModelVersion {
    /// A version of `run`, trained on `frame`, created at `created_ms` (Unix ms).
    pub fn new(
        run: crate::forecast::ForecastRun,
        frame: &Frame,
        label: &str,
        created_ms: f64,
    ) -> Self {
        Self::assemble(run.model, run.report, frame, label, created_ms)
    }

    /// Point forecasts for every series of `frame` after its history, clipped at zero when the
    /// original run clipped (so on the training frame they equal the report's forecasts).
    pub fn forecast(&self, frame: &Frame) -> Result<Vec<Vec<f64>>, ForecastError> {
        let mut point = self.model.forecast(frame)?;
        if self.report.clipped_at_zero {
            point.iter_mut().flatten().for_each(|v| *v = v.max(0.0));
        }
        Ok(point)
    }

    /// Reads a version written by [`ModelVersion::to_json`], checking its format first.
    pub fn from_json(text: &str) -> Result<Self, RegistryError> {
        Self::read_json(text)
    }

    /// The same version with its model written as JSON and carried unread.
    pub fn sealed(self) -> SealedVersion {
        let ModelVersion { format, id, label, created_ms, spec, model, data, report } = self;
        let model = json::Raw::of(&model);
        ModelVersion { format, id, label, created_ms, spec, model, data, report }
    }
}

/// Only the format field, read before the rest so a newer file gets a clear error.
#[derive(Deserialize)]
struct FormatOnly {
    format: Option<u64>,
}

fn check_format(text: &str) -> Result<(), RegistryError> {
    let head: FormatOnly = json::from_str(text).map_err(|e| RegistryError::from_json(&e))?;
    match head.format {
        None => Err(RegistryError::MissingFormat),
        Some(f) if f == u64::from(FORMAT) => Ok(()),
        Some(found) => Err(RegistryError::UnknownFormat { found, supported: FORMAT }),
    }
}

/// Every saved version, and which one is in service.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Registry {
    versions: Vec<ModelVersion>,
    in_service: Option<String>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `version`; an id already present is an error and changes nothing.
    pub fn add(&mut self, version: ModelVersion) -> Result<(), RegistryError> {
        if self.get(&version.id).is_some() {
            return Err(RegistryError::DuplicateId { id: version.id });
        }
        self.versions.push(version);
        Ok(())
    }

    /// Removes and returns the version `id`; removing the version in service leaves none in
    /// service.
    pub fn remove(&mut self, id: &str) -> Result<ModelVersion, RegistryError> {
        let i = self
            .versions
            .iter()
            .position(|v| v.id == id)
            .ok_or_else(|| RegistryError::UnknownId { id: id.to_string() })?;
        if self.in_service.as_deref() == Some(id) {
            self.in_service = None;
        }
        Ok(self.versions.remove(i))
    }

    /// Marks the version `id` as in service (replacing the previous one).
    pub fn set_in_service(&mut self, id: &str) -> Result<(), RegistryError> {
        if self.get(id).is_none() {
            return Err(RegistryError::UnknownId { id: id.to_string() });
        }
        self.in_service = Some(id.to_string());
        Ok(())
    }

    /// The version in service, if one is marked.
    pub fn in_service(&self) -> Option<&ModelVersion> {
        self.in_service.as_deref().and_then(|id| self.get(id))
    }

    /// The version `id`.
    pub fn get(&self, id: &str) -> Option<&ModelVersion> {
        self.versions.iter().find(|v| v.id == id)
    }

    /// Every version, in the order they were added.
    pub fn versions(&self) -> &[ModelVersion] {
        &self.versions
    }

    /// Compact JSON of the whole registry.
    pub fn to_json(&self) -> String {
        json::to_string(self)
    }

    /// Reads a registry, checking every version's format, unique ids and the in-service id.
    pub fn from_json(text: &str) -> Result<Self, RegistryError> {
        let raw: Registry = json::from_str(text).map_err(|e| RegistryError::from_json(&e))?;
        let mut out = Registry::new();
        for v in raw.versions {
            if v.format != FORMAT {
                return Err(RegistryError::UnknownFormat {
                    found: u64::from(v.format),
                    supported: FORMAT,
                });
            }
            out.add(v)?;
        }
        if let Some(id) = raw.in_service {
            out.set_in_service(&id)?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Frequency, Series};
    use chrono::NaiveDate;

    fn frame(values: Vec<f64>) -> Frame {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("valid date");
        let timestamps = (0..values.len() as i64)
            .map(|k| Frequency::Daily.add_steps(start, k).expect("in range"))
            .collect();
        Frame {
            freq: Frequency::Daily,
            target_name: "sales".into(),
            exog: vec![],
            series: vec![Series { id: "a".into(), timestamps, target: values, exog: vec![] }],
        }
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        let hash = |s: &str| {
            let mut h = Fnv1a::new();
            h.bytes(s.as_bytes());
            h.0
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fingerprint_describes_the_observed_range_and_tells_nan_from_values() {
        let f = frame(vec![f64::NAN, 1.0, 2.0, f64::NAN]);
        let fp = DataFingerprint::of(&f);
        assert_eq!(fp.rows, 3);
        assert_eq!(fp.series, 1);
        assert_eq!(fp.first, "2024-01-02T00:00:00");
        assert_eq!(fp.last, "2024-01-03T00:00:00");
        assert_eq!(fp.target, "sales");
        assert_eq!(fp.hash.len(), 16);
        assert_eq!(fp, DataFingerprint::of(&f.clone()));
        let other = DataFingerprint::of(&frame(vec![0.0, 1.0, 2.0, f64::NAN]));
        assert_ne!(other.hash, fp.hash);
    }

    #[test]
    fn the_fingerprint_encoding_is_stable_across_releases() {
        // Saved versions are compared by hash: a change of encoding would orphan them all.
        // The expected value was computed independently (Python, struct + FNV-1a) from the
        // encoding documented on `DataFingerprint::hash`.
        let fp = DataFingerprint::of(&frame(vec![1.0, f64::NAN, 2.5]));
        assert_eq!(fp.hash, "2aa7e558b452ccfe");
    }

    #[test]
    fn json_that_is_not_a_version_is_told_apart_from_broken_json() {
        assert!(matches!(
            ModelVersion::from_json("{\"format\": 1,\n \"id\": 3}"),
            Err(RegistryError::NotAVersion { line: 2, .. })
        ));
        assert!(matches!(
            ModelVersion::from_json("\"a model\""),
            Err(RegistryError::NotAVersion { line: 1, column: 9, .. })
        ));
        assert_eq!(
            ModelVersion::from_json("{\"label\": \"x\"}"),
            Err(RegistryError::MissingFormat)
        );
        let broken = ModelVersion::from_json("{\"format\": 1,\n\n  \"id\": \"v\"  x");
        assert!(
            matches!(broken, Err(RegistryError::Syntax { line: 3, column: 14, .. })),
            "{broken:?}"
        );
    }
}
