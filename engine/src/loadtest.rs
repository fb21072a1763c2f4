//! Load test: how fast a fitted tabular model scores feature rows ("events"), in batches and
//! one by one.
//!
//! Events are feature rows written by the model's own [`FeatureBuilder`]: either training rows of
//! the data sampled with replacement, or rows whose every column is drawn uniformly within the
//! range observed in the data. Both come from one seeded [`Rng`] stream, regenerated identically
//! for each phase, so the batched and the one-by-one phases score exactly the same rows and their
//! [`LoadTestReport::checksum`]s (sums of predictions, in event order) must be equal; the sum
//! also keeps the compiler from optimising the work away.
//!
//! **No clock in the engine.** Time comes from the caller's [`LoadClock`]; only prediction is
//! timed (building the rows is not). A browser clock may be coarse (e.g. 0.1 ms or worse), so
//! single events can measure 0 ms: the report says how fine the clock looked
//! ([`LoadTestReport::clock_resolution_ms`]) and how many events measured zero.
//!
//! Percentiles are nearest-rank over per-event latencies: exact order statistics, no
//! interpolation. In the batched phase every event of a batch gets `batch time / batch size`.
//!
//! Memory: feature rows held are the pool of data rows plus one batch, whatever the event
//! count; latencies take one pair per batch in the batched phase and one `f64` per event in
//! the one-by-one phase (80 MB at the 10-million maximum), the price of exact percentiles.

use serde::{Deserialize, Serialize};

use crate::features::FeatureBuilder;
use crate::forecast::fitted::FittedTabular;
use crate::forecast::model::ForecastModel;
use crate::forecast::{Control, ForecastError, SavedModel};
use crate::frame::{Frame, Series};
use crate::matrix::Matrix;
use crate::models::FittedRegressor;
use crate::rng::Rng;

/// Most events one load test may score.
pub const MAX_EVENTS: usize = 10_000_000;

/// Upper bound of the first latency histogram bin, in milliseconds (one microsecond); each next
/// bin doubles it.
pub const FIRST_BIN_UPPER_MS: f64 = 0.001;

/// Most histogram bins (2⁴⁰ µs is about 12 days: any real latency fits).
const MAX_BINS: usize = 40;

/// A monotonic clock in milliseconds, supplied by the caller.
pub trait LoadClock {
    /// Milliseconds since an arbitrary, fixed origin.
    fn now_ms(&self) -> f64;
}

/// Where events come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventSource {
    /// Feature rows of the data, sampled with replacement.
    Data,
    /// Each column drawn uniformly within its range in the data.
    Generated,
}

/// Settings of a load test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadTestConfig {
    /// Events scored in each phase, `1 ..= MAX_EVENTS`.
    pub events: usize,
    /// Events per batch in the batched phase, `≥ 1`.
    pub batch_size: usize,
    /// Where events come from.
    pub source: EventSource,
    /// Seed of the event stream.
    pub seed: u64,
}

impl Default for LoadTestConfig {
    fn default() -> Self {
        Self { events: 100_000, batch_size: 1000, source: EventSource::Data, seed: 42 }
    }
}

impl LoadTestConfig {
    /// Checks every setting.
    pub fn validate(&self) -> Result<(), LoadTestError> {
        if self.events == 0 || self.events > MAX_EVENTS {
            return Err(LoadTestError::EventsOutOfRange { events: self.events, max: MAX_EVENTS });
        }
        if self.batch_size == 0 {
            return Err(LoadTestError::ZeroBatchSize);
        }
        Ok(())
    }
}

/// Why a load test could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadTestError {
    /// The event count is 0 or above the maximum.
    #[error("events must be between 1 and {max}; got {events}")]
    EventsOutOfRange {
        /// Requested events.
        events: usize,
        /// Largest accepted count.
        max: usize,
    },
    /// The batch size is 0.
    #[error("the batch size must be at least 1")]
    ZeroBatchSize,
    /// The saved model has no tabular model to score feature rows with.
    #[error("model `{model}` does not score feature rows (it reads the history directly)")]
    NoTabularModel {
        /// Id of the model (or of every ensemble member, comma-separated).
        model: String,
    },
    /// The data yields no feature row (history shorter than the features' look-back).
    #[error("the data gives no feature row: every series is shorter than {lookback} steps")]
    NoEventRows {
        /// Steps of history the features need before the first row.
        lookback: usize,
    },
    /// The model's features or target transform do not apply to the data.
    #[error(transparent)]
    Forecast(#[from] ForecastError),
    /// The caller cancelled.
    #[error("the load test was cancelled")]
    Cancelled,
}

/// Which phase is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    /// Events scored a batch at a time.
    Batched,
    /// Events scored one at a time.
    Single,
}

/// Where a load test is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadProgress {
    /// The running phase.
    pub phase: PhaseKind,
    /// Events scored in this phase so far.
    pub done: usize,
    /// Events of this phase.
    pub total: usize,
}

/// Latency and throughput of one phase.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    /// Time spent predicting, summed over the timed calls.
    #[serde(deserialize_with = "crate::json::nan")]
    pub total_ms: f64,
    /// Events per second of prediction time; `None` when the clock measured no time at all.
    pub events_per_s: Option<f64>,
    /// Median per-event latency.
    #[serde(deserialize_with = "crate::json::nan")]
    pub p50_ms: f64,
    /// 95th percentile per-event latency.
    #[serde(deserialize_with = "crate::json::nan")]
    pub p95_ms: f64,
    /// 99th percentile per-event latency.
    #[serde(deserialize_with = "crate::json::nan")]
    pub p99_ms: f64,
    /// Largest per-event latency.
    #[serde(deserialize_with = "crate::json::nan")]
    pub max_ms: f64,
    /// Events whose measured latency was zero (clock coarser than the work).
    pub zero_latency_events: usize,
}

/// One bin of the latency histogram.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bin {
    /// Inclusive upper bound; the lower bound is the previous bin's (0 for the first).
    #[serde(deserialize_with = "crate::json::nan")]
    pub upper_ms: f64,
    /// Events in the bin.
    pub count: usize,
}

/// What a load test measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadTestReport {
    /// Events scored per phase.
    pub events: usize,
    /// Events per batch in the batched phase.
    pub batch_size: usize,
    /// Id of the model (`random_forest`, `ridge`…).
    pub model: String,
    /// Where events came from.
    pub source: EventSource,
    /// Feature columns per event.
    pub features: usize,
    /// Batched phase.
    pub batched: Phase,
    /// One-by-one phase.
    pub single: Phase,
    /// Per-event latency of the one-by-one phase, doubling bins from [`FIRST_BIN_UPPER_MS`].
    pub histogram: Vec<Bin>,
    /// Smallest non-zero time difference the clock showed: a coarse clock shows here.
    pub clock_resolution_ms: Option<f64>,
    /// Bytes of feature rows held: the pool of data rows plus one batch.
    pub matrix_bytes: usize,
    /// Estimated in-memory size of the fitted model.
    pub model_bytes: usize,
    /// Sum of the batched phase's predictions, in event order.
    #[serde(deserialize_with = "crate::json::nan")]
    pub checksum: f64,
    /// Sum of the one-by-one phase's predictions, in event order (equal to `checksum`).
    #[serde(deserialize_with = "crate::json::nan")]
    pub checksum_single: f64,
}

/// The tabular model of a saved forecaster: the model itself, or the first tabular member of an
/// ensemble.
pub fn tabular_model(saved: &SavedModel) -> Result<&ForecastModel, LoadTestError> {
    let members: Vec<&ForecastModel> = match saved {
        SavedModel::Single { model } => vec![model.as_ref()],
        SavedModel::Ensemble { members, .. } => members.iter().collect(),
    };
    members.iter().copied().find(|m| m.step_models(0).is_some_and(|s| !s.is_empty())).ok_or_else(
        || LoadTestError::NoTabularModel {
            model: members.iter().map(|m| m.model.key()).collect::<Vec<_>>().join(","),
        },
    )
}

/// Scores `cfg.events` events through `model` (its step-1 model; for a per-series model, the
/// first series' one), first in batches then one by one, timing prediction with `clock`.
/// `progress` hears after every batch (or every `batch_size` single events) and may cancel.
pub fn load_test(
    model: &ForecastModel,
    frame: &Frame,
    cfg: &LoadTestConfig,
    clock: &mut dyn LoadClock,
    progress: &mut dyn FnMut(&LoadProgress) -> Control,
) -> Result<LoadTestReport, LoadTestError> {
    cfg.validate()?;
    let fitted = model
        .step_models(0)
        .and_then(|m| m.first())
        .ok_or_else(|| LoadTestError::NoTabularModel { model: model.model.key().to_owned() })?;
    let builder = model.context.builders(1)?.swap_remove(0);
    let pool = event_pool(model, &builder, frame)?;
    let ranges = column_ranges(&pool);
    let n_features = pool.n_cols();
    let events = Events { pool: &pool, ranges: &ranges, source: cfg.source, seed: cfg.seed };
    let mut resolution = Resolution::default();

    // Batched phase.
    let mut stream = events.stream();
    // One (per-event latency, events) pair per batch: memory in batches, not in events.
    let mut batched_latencies = Vec::with_capacity(cfg.events.div_ceil(cfg.batch_size));
    let mut checksum = 0.0;
    let mut batched_total_ms = 0.0;
    let mut done = 0;
    while done < cfg.events {
        let size = cfg.batch_size.min(cfg.events - done);
        let batch = stream.next_batch(size);
        let t0 = clock.now_ms();
        let predictions = fitted.predict(&batch);
        let t1 = clock.now_ms();
        let elapsed = resolution.elapsed(t0, t1);
        batched_total_ms += elapsed;
        // Event by event, in the same order as the single phase, so the sums are bit-equal.
        for p in &predictions {
            checksum += p;
        }
        batched_latencies.push((elapsed / size as f64, size));
        done += size;
        let p = LoadProgress { phase: PhaseKind::Batched, done, total: cfg.events };
        if progress(&p) == Control::Cancel {
            return Err(LoadTestError::Cancelled);
        }
    }
    let batched = phase_of_groups(batched_latencies, cfg.events, batched_total_ms);

    // One-by-one phase, on the same events.
    let mut stream = events.stream();
    let mut row = vec![0.0; n_features];
    let mut single_latencies = Vec::with_capacity(cfg.events);
    let mut checksum_single = 0.0;
    let mut single_total_ms = 0.0;
    for i in 0..cfg.events {
        stream.next_row(&mut row);
        let t0 = clock.now_ms();
        let p = fitted.predict_row(&row);
        let t1 = clock.now_ms();
        let elapsed = resolution.elapsed(t0, t1);
        single_total_ms += elapsed;
        single_latencies.push(elapsed);
        checksum_single += p;
        let done = i + 1;
        if done % cfg.batch_size == 0 || done == cfg.events {
            let p = LoadProgress { phase: PhaseKind::Single, done, total: cfg.events };
            if progress(&p) == Control::Cancel {
                return Err(LoadTestError::Cancelled);
            }
        }
    }
    let histogram = histogram(&single_latencies);
    let single = phase_of(single_latencies, cfg.events, single_total_ms);

    let f64_bytes = std::mem::size_of::<f64>();
    Ok(LoadTestReport {
        events: cfg.events,
        batch_size: cfg.batch_size,
        model: model.model.key().to_owned(),
        source: cfg.source,
        features: n_features,
        batched,
        single,
        histogram,
        clock_resolution_ms: resolution.smallest_ms,
        matrix_bytes: (pool.n_rows() + cfg.batch_size.min(cfg.events)) * n_features * f64_bytes,
        model_bytes: model_bytes(fitted),
        checksum,
        checksum_single,
    })
}

/// Smallest non-zero clock difference seen.
#[derive(Debug, Default)]
struct Resolution {
    smallest_ms: Option<f64>,
}

impl Resolution {
    /// `t1 - t0`, never negative (a clock that steps back counts as no time), noting the
    /// smallest non-zero difference.
    fn elapsed(&mut self, t0: f64, t1: f64) -> f64 {
        let d = t1 - t0;
        if !(d.is_finite() && d > 0.0) {
            return 0.0;
        }
        if self.smallest_ms.is_none_or(|s| d < s) {
            self.smallest_ms = Some(d);
        }
        d
    }
}

/// Feature rows of every series' observed history, as the model's builder writes them (on the
/// transformed target, as the model sees it).
fn event_pool(
    model: &ForecastModel,
    builder: &FeatureBuilder,
    frame: &Frame,
) -> Result<Matrix, LoadTestError> {
    let mut pool = Matrix::with_cols(builder.n_features());
    for (i, series) in frame.series.iter().enumerate() {
        let end = series.observed_len();
        let fitted = model
            .context
            .transform
            .fit(&series.target[..end])
            .map_err(|e| ForecastError::Transform { series: i, source: e })?;
        let z = fitted
            .apply(&series.target[..end])
            .map_err(|e| ForecastError::Transform { series: i, source: e })?;
        let transformed = Series {
            id: series.id.clone(),
            timestamps: series.timestamps.clone(),
            target: z,
            exog: series.exog.clone(),
        };
        let (x, _, _) = builder.training_rows(&transformed, i, end, builder.step());
        for r in x.rows() {
            pool.push_row(r);
        }
    }
    if pool.n_rows() == 0 {
        return Err(LoadTestError::NoEventRows { lookback: builder.lookback() });
    }
    Ok(pool)
}

/// `(min, max)` of the finite values of each column; `None` for a column with none.
fn column_ranges(pool: &Matrix) -> Vec<Option<(f64, f64)>> {
    (0..pool.n_cols())
        .map(|j| {
            pool.rows().map(|r| r[j]).filter(|v| v.is_finite()).fold(None, |acc, v| match acc {
                None => Some((v, v)),
                Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
            })
        })
        .collect()
}

/// The event generator's inputs; [`Events::stream`] restarts the same sequence.
struct Events<'a> {
    pool: &'a Matrix,
    ranges: &'a [Option<(f64, f64)>],
    source: EventSource,
    seed: u64,
}

impl<'a> Events<'a> {
    fn stream(&self) -> EventStream<'a> {
        EventStream {
            pool: self.pool,
            ranges: self.ranges,
            source: self.source,
            rng: Rng::new(self.seed),
        }
    }
}

/// A seeded sequence of events.
struct EventStream<'a> {
    pool: &'a Matrix,
    ranges: &'a [Option<(f64, f64)>],
    source: EventSource,
    rng: Rng,
}

impl EventStream<'_> {
    /// Writes the next event into `out` (`out.len()` = feature count).
    fn next_row(&mut self, out: &mut [f64]) {
        match self.source {
            EventSource::Data => {
                let i = self.rng.below(self.pool.n_rows());
                out.copy_from_slice(self.pool.row(i));
            }
            EventSource::Generated => {
                for (v, range) in out.iter_mut().zip(self.ranges) {
                    *v = match *range {
                        Some((lo, hi)) => lo + (hi - lo) * self.rng.next_f64(),
                        None => f64::NAN,
                    };
                }
            }
        }
    }

    /// The next `size` events as a matrix (allocated outside the timed part).
    fn next_batch(&mut self, size: usize) -> Matrix {
        let cols = self.pool.n_cols();
        let mut data = vec![0.0; size * cols];
        for row in data.chunks_exact_mut(cols.max(1)).take(size) {
            self.next_row(row);
        }
        Matrix::from_vec(size, cols, data).unwrap_or_else(|| Matrix::with_cols(cols))
    }
}

/// Nearest-rank percentile `p` (in `(0, 100]`) of ascending `sorted`; 0 for no values.
pub fn percentile_ms(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// [`phase_of`] for latencies given as `(latency, events)` groups; the same figures as
/// expanding every group into `events` equal latencies.
fn phase_of_groups(mut groups: Vec<(f64, usize)>, events: usize, total_ms: f64) -> Phase {
    groups.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n: usize = groups.iter().map(|g| g.1).sum();
    let percentile = |p: f64| {
        let rank = (((p / 100.0) * n as f64).ceil() as usize).clamp(1, n.max(1));
        let mut seen = 0;
        for &(latency, count) in &groups {
            seen += count;
            if seen >= rank {
                return latency;
            }
        }
        0.0
    };
    Phase {
        total_ms,
        events_per_s: (total_ms > 0.0).then(|| events as f64 / (total_ms / 1000.0)),
        p50_ms: percentile(50.0),
        p95_ms: percentile(95.0),
        p99_ms: percentile(99.0),
        max_ms: groups.last().map_or(0.0, |g| g.0),
        zero_latency_events: groups.iter().filter(|g| g.0 <= 0.0).map(|g| g.1).sum(),
    }
}

/// Summary of one phase: per-event latencies and the summed time of its timed calls.
fn phase_of(mut latencies: Vec<f64>, events: usize, total_ms: f64) -> Phase {
    latencies.sort_by(f64::total_cmp);
    Phase {
        total_ms,
        events_per_s: (total_ms > 0.0).then(|| events as f64 / (total_ms / 1000.0)),
        p50_ms: percentile_ms(&latencies, 50.0),
        p95_ms: percentile_ms(&latencies, 95.0),
        p99_ms: percentile_ms(&latencies, 99.0),
        max_ms: latencies.last().copied().unwrap_or(0.0),
        zero_latency_events: latencies.iter().take_while(|&&v| v <= 0.0).count(),
    }
}

/// Doubling bins from [`FIRST_BIN_UPPER_MS`] up to the one holding the largest latency.
fn histogram(latencies: &[f64]) -> Vec<Bin> {
    let max = latencies.iter().copied().fold(0.0, f64::max);
    let mut bins = Vec::new();
    let mut upper = FIRST_BIN_UPPER_MS;
    while bins.len() < MAX_BINS {
        bins.push(Bin { upper_ms: upper, count: 0 });
        if upper >= max {
            break;
        }
        upper *= 2.0;
    }
    for &v in latencies {
        // Smallest k with FIRST · 2^k ≥ v; the last bin takes anything beyond.
        let k = if v <= FIRST_BIN_UPPER_MS {
            0
        } else {
            (v / FIRST_BIN_UPPER_MS).log2().ceil() as usize
        };
        let k = k.min(bins.len() - 1);
        // Guard the log's rounding at exact powers of two.
        let k = if k > 0 && v <= bins[k - 1].upper_ms { k - 1 } else { k };
        bins[k].count += 1;
    }
    bins
}

/// Estimated in-memory size of a fitted model: its stored numbers.
fn model_bytes(model: &FittedTabular) -> usize {
    let f = std::mem::size_of::<f64>();
    match model {
        FittedTabular::Linear(m) => (1 + m.coefficients.len() + m.feature_means.len()) * f,
        FittedTabular::Tree(t) => tree_bytes(t.nodes().len()),
        FittedTabular::Forest(forest) => {
            forest.trees().iter().map(|t| tree_bytes(t.nodes().len())).sum()
        }
        // The k-NN model keeps its (private) training rows: count the numbers it serialises.
        FittedTabular::Knn(m) => serde_json::to_value(m).map_or(0, |v| count_numbers(&v) * f),
    }
}

/// A tree keeps its nodes and a packed copy for prediction (threshold + 3 × u32).
fn tree_bytes(nodes: usize) -> usize {
    nodes * (std::mem::size_of::<crate::models::tree::TreeNode>() + 8 + 3 * 4)
}

fn count_numbers(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Number(_) => 1,
        serde_json::Value::Array(a) => a.iter().map(count_numbers).sum(),
        serde_json::Value::Object(o) => o.values().map(count_numbers).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use chrono::NaiveDate;

    use super::*;
    use crate::features::FeatureSpec;
    use crate::features::transform::TargetTransform;
    use crate::forecast::model::{ModelContext, fit_model};
    use crate::frame::Frequency;
    use crate::spec::{ModelSpec, Scope, Strategy};

    /// A clock whose `i`-th timed interval (pair of reads) lasts `latencies[i]` ms.
    struct ScriptedClock {
        reads: Cell<usize>,
        latencies: Vec<f64>,
    }

    impl LoadClock for ScriptedClock {
        fn now_ms(&self) -> f64 {
            let n = self.reads.get();
            self.reads.set(n + 1);
            self.latencies.iter().take(n.div_ceil(2)).sum()
        }
    }

    /// A clock that never moves.
    struct FrozenClock;

    impl LoadClock for FrozenClock {
        fn now_ms(&self) -> f64 {
            7.0
        }
    }

    fn frame(days: usize) -> Frame {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
        let start = start.expect("valid date");
        let timestamps = (0..days).map(|i| start + chrono::Duration::days(i as i64)).collect();
        let target = (0..days)
            .map(|i| 10.0 + 3.0 * (i as f64 * std::f64::consts::TAU / 7.0).sin() + 0.01 * i as f64)
            .collect();
        Frame {
            freq: Frequency::Daily,
            target_name: "sales".into(),
            exog: vec![],
            series: vec![Series { id: "sales".into(), timestamps, target, exog: vec![] }],
        }
    }

    fn fitted(spec: ModelSpec, frame: &Frame) -> ForecastModel {
        let n = frame.series[0].target.len();
        let context = ModelContext {
            freq: Frequency::Daily,
            season: 7,
            periods: vec![7],
            target_name: "sales".into(),
            exog: vec![],
            features: FeatureSpec::default_for(Frequency::Daily, n),
            transform: TargetTransform::None,
            strategy: Strategy::Recursive,
            scope: Scope::Global,
            seed: 3,
            min_history: 0,
            series: vec![],
        };
        fit_model(&spec, &context, frame, std::slice::from_ref(&(0..n)), 7).expect("fits")
    }

    fn no_progress(_: &LoadProgress) -> Control {
        Control::Continue
    }

    #[test]
    fn percentiles_on_a_scripted_clock_are_the_exact_order_statistics() {
        let f = frame(120);
        let model = fitted(ModelSpec::Ridge { alpha: 1.0 }, &f);
        let cfg =
            LoadTestConfig { events: 100, batch_size: 50, source: EventSource::Data, seed: 1 };
        // Two batches of 50 ms and 100 ms, then single events of 1, 2, …, 100 ms.
        let mut latencies = vec![50.0, 100.0];
        latencies.extend((1..=100).map(f64::from));
        let mut clock = ScriptedClock { reads: Cell::new(0), latencies };
        let r = load_test(&model, &f, &cfg, &mut clock, &mut no_progress).expect("runs");
        assert_eq!(r.batched.total_ms, 150.0);
        assert_eq!(r.batched.p50_ms, 1.0);
        assert_eq!(r.batched.p95_ms, 2.0);
        assert_eq!(r.batched.max_ms, 2.0);
        assert_eq!(r.batched.events_per_s, Some(100.0 / 0.150));
        assert_eq!(r.single.total_ms, 5050.0);
        assert_eq!(r.single.p50_ms, 50.0);
        assert_eq!(r.single.p95_ms, 95.0);
        assert_eq!(r.single.p99_ms, 99.0);
        assert_eq!(r.single.max_ms, 100.0);
        assert_eq!(r.clock_resolution_ms, Some(1.0));
        assert_eq!(r.single.zero_latency_events, 0);
        // Histogram: 1 ms is in (0.512, 1.024], 100 ms in the last bin, (65.536, 131.072].
        assert_eq!(r.histogram.iter().map(|b| b.count).sum::<usize>(), 100);
        let last = r.histogram.last().expect("bins");
        assert!((last.upper_ms - 131.072).abs() < 1e-9);
        assert_eq!(last.count, 100 - 65);
    }

    #[test]
    fn batched_and_one_by_one_predictions_have_equal_checksums() {
        let f = frame(150);
        for spec in [
            ModelSpec::Ridge { alpha: 1.0 },
            ModelSpec::RandomForest { n_trees: 5, max_depth: Some(6), min_samples_leaf: 2 },
            ModelSpec::Knn { k: 5 },
        ] {
            let model = fitted(spec, &f);
            for source in [EventSource::Data, EventSource::Generated] {
                let cfg = LoadTestConfig { events: 1234, batch_size: 100, source, seed: 9 };
                let r =
                    load_test(&model, &f, &cfg, &mut FrozenClock, &mut no_progress).expect("runs");
                assert_eq!(r.checksum.to_bits(), r.checksum_single.to_bits(), "{source:?}");
                assert!(r.checksum.is_finite() && r.checksum != 0.0);
                // Predictions of a 10-ish series average near 10.
                let mean = r.checksum / 1234.0;
                assert!((5.0..20.0).contains(&mean), "{} {source:?}: {mean}", model.model.key());
            }
        }
    }

    #[test]
    fn a_frozen_clock_is_reported_as_measuring_nothing() {
        let f = frame(100);
        let model = fitted(ModelSpec::Linear, &f);
        let cfg = LoadTestConfig { events: 10, batch_size: 3, ..LoadTestConfig::default() };
        let r = load_test(&model, &f, &cfg, &mut FrozenClock, &mut no_progress).expect("runs");
        assert_eq!(r.clock_resolution_ms, None);
        assert_eq!(r.single.events_per_s, None);
        assert_eq!(r.single.zero_latency_events, 10);
        assert_eq!(r.batched.zero_latency_events, 10);
        assert_eq!(r.histogram, vec![Bin { upper_ms: FIRST_BIN_UPPER_MS, count: 10 }]);
    }

    #[test]
    fn a_cancel_stops_the_run_at_the_next_batch() {
        let f = frame(100);
        let model = fitted(ModelSpec::Linear, &f);
        let cfg = LoadTestConfig { events: 1000, batch_size: 10, ..LoadTestConfig::default() };
        let mut heard = Vec::new();
        let mut cancel_at_30 = |p: &LoadProgress| {
            heard.push(*p);
            if p.done >= 30 { Control::Cancel } else { Control::Continue }
        };
        let r = load_test(&model, &f, &cfg, &mut FrozenClock, &mut cancel_at_30);
        assert_eq!(r, Err(LoadTestError::Cancelled));
        let done: Vec<usize> = heard.iter().map(|p| p.done).collect();
        assert_eq!(done, vec![10, 20, 30]);
        assert!(heard.iter().all(|p| p.phase == PhaseKind::Batched && p.total == 1000));
    }

    #[test]
    fn event_counts_and_batch_sizes_out_of_range_are_refused() {
        let bad = |events, batch_size| {
            LoadTestConfig { events, batch_size, ..LoadTestConfig::default() }.validate()
        };
        assert_eq!(bad(0, 10), Err(LoadTestError::EventsOutOfRange { events: 0, max: MAX_EVENTS }));
        assert_eq!(
            bad(MAX_EVENTS + 1, 10),
            Err(LoadTestError::EventsOutOfRange { events: MAX_EVENTS + 1, max: MAX_EVENTS })
        );
        assert_eq!(bad(10, 0), Err(LoadTestError::ZeroBatchSize));
        assert_eq!(bad(MAX_EVENTS, 1), Ok(()));
    }

    #[test]
    fn a_history_model_has_no_rows_to_score() {
        let f = frame(60);
        let model = fitted(ModelSpec::SeasonalNaive, &f);
        let cfg = LoadTestConfig::default();
        let r = load_test(&model, &f, &cfg, &mut FrozenClock, &mut no_progress);
        assert_eq!(r, Err(LoadTestError::NoTabularModel { model: "seasonal_naive".into() }));
        let saved = SavedModel::Single { model: Box::new(model) };
        assert!(matches!(tabular_model(&saved), Err(LoadTestError::NoTabularModel { .. })));
    }

    #[test]
    fn grouped_latencies_give_the_figures_of_their_expansion() {
        let groups = vec![(2.0, 3), (0.5, 10), (0.0, 2), (7.0, 1)];
        let expanded: Vec<f64> =
            groups.iter().flat_map(|&(v, n)| std::iter::repeat_n(v, n)).collect();
        assert_eq!(phase_of_groups(groups, 16, 24.0), phase_of(expanded, 16, 24.0));
    }

    #[test]
    fn nearest_rank_percentiles_pick_an_observed_value() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile_ms(&v, 50.0), 2.0);
        assert_eq!(percentile_ms(&v, 51.0), 3.0);
        assert_eq!(percentile_ms(&v, 100.0), 4.0);
        assert_eq!(percentile_ms(&[], 50.0), 0.0);
    }

    #[test]
    fn the_same_seed_gives_the_same_events_and_another_seed_others() {
        let f = frame(100);
        let model = fitted(ModelSpec::Ridge { alpha: 1.0 }, &f);
        let run = |seed| {
            let cfg = LoadTestConfig { events: 500, seed, ..LoadTestConfig::default() };
            load_test(&model, &f, &cfg, &mut FrozenClock, &mut no_progress).expect("runs").checksum
        };
        assert_eq!(run(1).to_bits(), run(1).to_bits());
        assert_ne!(run(1).to_bits(), run(2).to_bits());
    }
}
