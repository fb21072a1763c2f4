//! Growing one tree in bin space: depth-first, one node at a time, over an index array that is
//! partitioned in place so each node owns a contiguous range of sample rows.
//!
//! The sample is packed row-major in node order ([`PackedSample`]) so every scan is sequential.
//! Split finding ([`SplitRule::BestBin`]) reads per-node histograms of (count, sum of targets)
//! per bin. Big nodes keep a full histogram of every feature; of two children only the smaller
//! one is counted and the larger is `parent − smaller` (sibling subtraction). Small nodes, which
//! dominate fully grown trees, skip the 255-bin scan: a one-feature scratch histogram records
//! which bins the node touches in a 256-bit mask, and only those bins are visited.
//! [`SplitRule::RandomBin`] (extra-trees) draws one threshold bin per feature uniformly between the
//! node's smallest and largest code and needs no histogram at all: one sequential pass over the
//! node's rows finds every feature's code range, a second one counts every drawn threshold's
//! left side at once, without branches (thresholds are random, so a branch would mispredict).
//!
//! Invariants: children get indices after their parent; the RNG is read in one fixed order
//! (node by node, left subtree first), so a seed fixes the tree. Ties between equally good
//! splits go to the first feature examined and the lowest bin.

use super::binning::BinnedMatrix;
use super::{FittedTree, NodeSplit, TreeNode};
use crate::rng::Rng;

/// Nodes with at least this many samples keep full histograms and use sibling subtraction;
/// below it, scanning 256 bins per feature costs more than the rows themselves.
const FULL_HISTOGRAM_MIN_ROWS: usize = 1024;

/// Width of a full histogram: one slot per possible `u8` code.
const SLOTS: usize = 256;

/// Random thresholds whose left sides are counted in one pass over a node's rows.
const LANES: usize = 4;

/// How a node chooses its split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitRule {
    /// The best bin boundary of each examined feature (CART / random forest).
    BestBin,
    /// One uniformly drawn bin boundary per examined feature (extremely randomised trees).
    RandomBin,
}

/// Validated growth settings for one tree.
#[derive(Debug, Clone)]
pub struct GrowSettings {
    /// Maximum depth (`usize::MAX` when unlimited).
    pub max_depth: usize,
    /// Minimum samples per leaf.
    pub min_samples_leaf: usize,
    /// Minimum samples to split a node.
    pub min_samples_split: usize,
    /// Non-constant features to examine per split.
    pub features_per_split: usize,
    /// Split rule.
    pub rule: SplitRule,
}

/// Accumulated statistics of the rows in one bin.
#[derive(Debug, Clone, Copy, Default)]
struct BinStat {
    count: u32,
    sum: f64,
}

/// The best split found so far in a node.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    feature: usize,
    bin: u8,
    /// `sum_l² / n_l + sum_r² / n_r`: larger is better; the gain subtracts `sum² / n`.
    score: f64,
}

/// A node waiting to be processed: it owns positions `start..end` of the packed sample.
struct Task {
    node: usize,
    start: usize,
    end: usize,
    depth: usize,
    histogram: Option<Vec<BinStat>>,
}

/// Totals of a node's targets.
struct NodeTotals {
    count: u32,
    sum: f64,
    constant: bool,
}

/// The tree's sample in node order: position `i` holds one sample row's codes (all features,
/// contiguous) and its target. Partitioning moves whole rows, so a node's data stay contiguous
/// and every scan reads memory in order instead of gathering from the full columns.
struct PackedSample {
    n_features: usize,
    codes: Vec<u8>,
    targets: Vec<f64>,
}

impl PackedSample {
    fn new(data: &BinnedMatrix, y: &[f64], sample: &[u32]) -> Self {
        let n_features = data.n_cols();
        let mut codes = vec![0u8; sample.len() * n_features];
        for j in 0..n_features {
            let column = data.column(j);
            for (i, &r) in sample.iter().enumerate() {
                codes[i * n_features + j] = column[r as usize];
            }
        }
        let targets = sample.iter().map(|&r| y[r as usize]).collect();
        Self { n_features, codes, targets }
    }

    /// Codes of feature `j` at positions `start..end`.
    fn feature_codes(&self, j: usize, start: usize, end: usize) -> impl Iterator<Item = u8> + '_ {
        self.codes[start * self.n_features..end * self.n_features]
            .iter()
            .skip(j)
            .step_by(self.n_features.max(1))
            .copied()
    }

    /// Stable partition of `start..end`: rows whose feature `j` code is `≤ bin` first.
    /// Returns the first position of the right part.
    fn partition(
        &mut self,
        j: usize,
        bin: u8,
        start: usize,
        end: usize,
        spill: &mut Spill,
    ) -> usize {
        let p = self.n_features;
        spill.codes.clear();
        spill.targets.clear();
        let mut write = start;
        for read in start..end {
            let row = read * p..(read + 1) * p;
            if self.codes[read * p + j] <= bin {
                self.codes.copy_within(row, write * p);
                self.targets[write] = self.targets[read];
                write += 1;
            } else {
                spill.codes.extend_from_slice(&self.codes[row]);
                spill.targets.push(self.targets[read]);
            }
        }
        self.codes[write * p..end * p].copy_from_slice(&spill.codes);
        self.targets[write..end].copy_from_slice(&spill.targets);
        write
    }
}

/// Reused buffer for the right-hand rows during a partition.
#[derive(Default)]
struct Spill {
    codes: Vec<u8>,
    targets: Vec<f64>,
}

struct Grower<'a> {
    data: &'a BinnedMatrix,
    settings: &'a GrowSettings,
    rng: &'a mut Rng,
    packed: PackedSample,
    spill: Spill,
    /// `inverse[k] = 1 / k`: split scoring multiplies instead of dividing.
    inverse: Vec<f64>,
    nodes: Vec<TreeNode>,
    feature_order: Vec<usize>,
    scratch: Vec<BinStat>,
    spare_histograms: Vec<Vec<BinStat>>,
    /// Per feature: its missing-value code (the largest code).
    missing_codes: Vec<u8>,
    /// Per feature: the smallest and largest finite code in the current node (random splits).
    code_low: Vec<u8>,
    code_high: Vec<u8>,
    /// The random thresholds drawn in the current node, in examination order.
    drawn: Vec<DrawnThreshold>,
}

/// A random split threshold and the statistics of the rows it sends left.
#[derive(Debug, Clone, Copy)]
struct DrawnThreshold {
    feature: usize,
    bin: u8,
    left: BinStat,
}

/// Grows a tree on the sample rows `sample` (indices into `data`, duplicates allowed).
pub fn grow_tree(
    data: &BinnedMatrix,
    y: &[f64],
    sample: Vec<u32>,
    settings: &GrowSettings,
    rng: &mut Rng,
) -> FittedTree {
    let n = sample.len();
    let mut grower = Grower {
        data,
        settings,
        rng,
        packed: PackedSample::new(data, y, &sample),
        spill: Spill::default(),
        inverse: (0..=n).map(|k| if k == 0 { 0.0 } else { 1.0 / k as f64 }).collect(),
        nodes: vec![TreeNode::new(None, 0.0, 0.0)],
        feature_order: (0..data.n_cols()).collect(),
        scratch: vec![BinStat::default(); SLOTS],
        spare_histograms: Vec::new(),
        missing_codes: (0..data.n_cols()).map(|j| data.n_value_bins(j) as u8).collect(),
        code_low: vec![0; data.n_cols()],
        code_high: vec![0; data.n_cols()],
        drawn: Vec::new(),
    };
    drop(sample);
    let mut stack = vec![Task { node: 0, start: 0, end: n, depth: 0, histogram: None }];
    while let Some(task) = stack.pop() {
        grower.process(task, &mut stack);
    }
    FittedTree::from_nodes(data.n_cols(), grower.nodes)
}

/// Codes a range scan reads at once: one 128-bit vector register.
const RANGE_LANES: usize = 16;

/// Per feature, the smallest and largest finite (non-missing) code over `rows` (`p` codes per
/// row) into `low` and `high`: 255 and 0 when every code is missing.
///
/// Features go 16 at a time, each block's minima and maxima kept in fixed-size arrays over all
/// the rows, a loop the compiler turns into vector minimum and maximum instructions (SSE2 and
/// wasm SIMD128 alike). The last block ends at the last feature and may overlap the one before:
/// a minimum or maximum taken twice is the same.
fn code_ranges(rows: &[u8], p: usize, missing: &[u8], low: &mut [u8], high: &mut [u8]) {
    low[..p].fill(u8::MAX);
    high[..p].fill(0);
    // All ones for a missing code: it then reads as 255 for the minimum and as 0 for the
    // maximum, so it changes neither.
    let fold = |low: &mut u8, high: &mut u8, code: u8, missing: u8| {
        let is_missing = u8::from(code == missing).wrapping_neg();
        *low = (*low).min(code | is_missing);
        *high = (*high).max(code & !is_missing);
    };
    if p < RANGE_LANES {
        for row in rows.chunks_exact(p.max(1)) {
            for (j, &code) in row.iter().enumerate() {
                fold(&mut low[j], &mut high[j], code, missing[j]);
            }
        }
        return;
    }
    let mut block = 0;
    loop {
        let first = block.min(p - RANGE_LANES);
        let mut lo = [u8::MAX; RANGE_LANES];
        let mut hi = [0u8; RANGE_LANES];
        let mut absent = [0u8; RANGE_LANES];
        absent.copy_from_slice(&missing[first..first + RANGE_LANES]);
        for row in rows.chunks_exact(p) {
            let mut codes = [0u8; RANGE_LANES];
            codes.copy_from_slice(&row[first..first + RANGE_LANES]);
            for l in 0..RANGE_LANES {
                fold(&mut lo[l], &mut hi[l], codes[l], absent[l]);
            }
        }
        low[first..first + RANGE_LANES].copy_from_slice(&lo);
        high[first..first + RANGE_LANES].copy_from_slice(&hi);
        if first + RANGE_LANES == p {
            break;
        }
        block += RANGE_LANES;
    }
}

impl Grower<'_> {
    fn totals(&self, start: usize, end: usize) -> NodeTotals {
        let targets = &self.packed.targets[start..end];
        let first = targets.first().copied().unwrap_or(0.0);
        let mut sum = 0.0;
        let mut constant = true;
        for &v in targets {
            sum += v;
            constant &= v == first;
        }
        NodeTotals { count: targets.len() as u32, sum, constant }
    }

    fn take_histogram(&mut self) -> Vec<BinStat> {
        match self.spare_histograms.pop() {
            Some(mut h) => {
                h.fill(BinStat::default());
                h
            }
            None => vec![BinStat::default(); SLOTS * self.data.n_cols()],
        }
    }

    /// Full histogram of every feature over positions `start..end`.
    fn full_histogram(&mut self, start: usize, end: usize) -> Vec<BinStat> {
        let mut h = self.take_histogram();
        let targets = &self.packed.targets[start..end];
        for j in 0..self.data.n_cols() {
            let slots = &mut h[j * SLOTS..(j + 1) * SLOTS];
            for (code, &t) in self.packed.feature_codes(j, start, end).zip(targets) {
                let slot = &mut slots[code as usize];
                slot.count += 1;
                slot.sum += t;
            }
        }
        h
    }

    // Kept out of line on purpose: WebAssembly engines (V8) swap in optimised code only at a
    // call boundary, so a whole tree grown inside one call would run in the baseline tier.
    #[inline(never)]
    fn process(&mut self, task: Task, stack: &mut Vec<Task>) {
        let Task { node, start, end, depth, histogram } = task;
        let totals = self.totals(start, end);
        let mean = totals.sum / f64::from(totals.count);
        self.nodes[node] = TreeNode::new(None, mean, f64::from(totals.count));
        let s = self.settings;
        let n = end - start;
        if totals.constant
            || depth >= s.max_depth
            || n < s.min_samples_split
            || n < s.min_samples_leaf.saturating_mul(2)
        {
            self.spare_histograms.extend(histogram);
            return;
        }
        let histogram = match (s.rule, histogram) {
            (SplitRule::BestBin, Some(h)) => Some(h),
            (SplitRule::BestBin, None) if n >= FULL_HISTOGRAM_MIN_ROWS => {
                Some(self.full_histogram(start, end))
            }
            (_, h) => {
                self.spare_histograms.extend(h);
                None
            }
        };
        let best = self.find_split(start, end, &totals, histogram.as_deref());
        let Some(best) = best else {
            self.spare_histograms.extend(histogram);
            return;
        };
        let mid = self.packed.partition(best.feature, best.bin, start, end, &mut self.spill);
        let gain = (best.score - totals.sum * mean).max(0.0);
        let left = self.nodes.len();
        let right = left + 1;
        self.nodes.push(TreeNode::new(None, 0.0, 0.0));
        self.nodes.push(TreeNode::new(None, 0.0, 0.0));
        let split = NodeSplit {
            feature: best.feature,
            threshold: self.data.threshold(best.feature, best.bin),
            left,
            right,
            gain,
        };
        self.nodes[node] = TreeNode::new(Some(split), mean, f64::from(totals.count));

        let (mut left_hist, mut right_hist) = (None, None);
        if let Some(mut parent) = histogram {
            let (n_l, n_r) = (mid - start, end - mid);
            if n_l.max(n_r) >= FULL_HISTOGRAM_MIN_ROWS {
                let left_is_smaller = n_l <= n_r;
                let small = if left_is_smaller {
                    self.full_histogram(start, mid)
                } else {
                    self.full_histogram(mid, end)
                };
                for (p, c) in parent.iter_mut().zip(&small) {
                    p.count -= c.count;
                    p.sum -= c.sum;
                }
                if left_is_smaller {
                    (left_hist, right_hist) = (Some(small), Some(parent));
                } else {
                    (left_hist, right_hist) = (Some(parent), Some(small));
                }
            } else {
                self.spare_histograms.push(parent);
            }
        }
        // Pushed right first so the left subtree is grown (and draws from the RNG) first.
        stack.push(Task { node: right, start: mid, end, depth: depth + 1, histogram: right_hist });
        stack.push(Task { node: left, start, end: mid, depth: depth + 1, histogram: left_hist });
    }

    /// The best split over the examined features, or `None` if no feature can split the node.
    fn find_split(
        &mut self,
        start: usize,
        end: usize,
        totals: &NodeTotals,
        histogram: Option<&[BinStat]>,
    ) -> Option<Candidate> {
        if self.settings.rule == SplitRule::RandomBin {
            return self.random_split(start, end, totals);
        }
        let n_features = self.data.n_cols();
        let wanted = self.settings.features_per_split;
        let sample_features = wanted < n_features;
        let mut best: Option<Candidate> = None;
        let mut examined = 0;
        for k in 0..n_features {
            if examined >= wanted {
                break;
            }
            // Partial Fisher–Yates: features keep being drawn until `wanted` non-constant
            // ones were seen, so a node with constant features still finds its split.
            if sample_features {
                let pick = k + self.rng.below(n_features - k);
                self.feature_order.swap(k, pick);
            }
            let feature = self.feature_order[k];
            let found = match histogram {
                Some(h) => self.best_bin_in_histogram(
                    feature,
                    &h[feature * SLOTS..(feature + 1) * SLOTS],
                    totals,
                ),
                None => self.best_bin_by_occupied_scan(feature, start, end, totals),
            };
            let Some(found) = found else { continue };
            examined += 1;
            if let Some(c) = found
                && best.is_none_or(|b| c.score > b.score)
            {
                best = Some(c);
            }
        }
        best
    }

    /// Score of the split with `left` on the left and the rest on the right, if both sides are
    /// large enough.
    #[inline]
    fn score(&self, left: BinStat, totals: &NodeTotals) -> Option<f64> {
        let right_count = totals.count - left.count;
        let min_leaf = self.settings.min_samples_leaf as u32;
        (left.count >= min_leaf && right_count >= min_leaf).then(|| {
            let right_sum = totals.sum - left.sum;
            left.sum * left.sum * self.inverse[left.count as usize]
                + right_sum * right_sum * self.inverse[right_count as usize]
        })
    }

    /// Scans a full histogram. `None` when the feature is constant in the node; `Some(None)`
    /// when it varies but no boundary respects `min_samples_leaf`.
    fn best_bin_in_histogram(
        &self,
        feature: usize,
        slots: &[BinStat],
        totals: &NodeTotals,
    ) -> Option<Option<Candidate>> {
        let last_occupied = slots.iter().rposition(|b| b.count > 0)?;
        let mut left = BinStat::default();
        let mut best: Option<Candidate> = None;
        let mut boundaries = 0;
        for (bin, stat) in slots[..last_occupied].iter().enumerate() {
            if stat.count == 0 {
                continue;
            }
            boundaries += 1;
            left.count += stat.count;
            left.sum += stat.sum;
            if let Some(score) = self.score(left, totals)
                && best.is_none_or(|b| score > b.score)
            {
                best = Some(Candidate { feature, bin: bin as u8, score });
            }
        }
        (boundaries > 0).then_some(best)
    }

    /// Like [`Self::best_bin_in_histogram`], but builds a one-feature histogram from the node's
    /// rows and visits only the bins they occupy.
    fn best_bin_by_occupied_scan(
        &mut self,
        feature: usize,
        start: usize,
        end: usize,
        totals: &NodeTotals,
    ) -> Option<Option<Candidate>> {
        let (mut w0, mut w1, mut w2, mut w3) = (0u64, 0u64, 0u64, 0u64);
        let targets = &self.packed.targets[start..end];
        let p = self.packed.n_features;
        let rows = self.packed.codes[start * p..end * p].chunks_exact(p);
        for (row, &t) in rows.zip(targets) {
            let code = row[feature];
            // Four named words stay in registers, unlike an indexed array, and the masks keep
            // the update branch-free (codes are spread at random over the words).
            let bit = 1u64 << (code & 63);
            let word = code >> 6;
            w0 |= bit & 0u64.wrapping_sub(u64::from(word == 0));
            w1 |= bit & 0u64.wrapping_sub(u64::from(word == 1));
            w2 |= bit & 0u64.wrapping_sub(u64::from(word == 2));
            w3 |= bit & 0u64.wrapping_sub(u64::from(word == 3));
            let slot = &mut self.scratch[code as usize];
            slot.count += 1;
            slot.sum += t;
        }
        let mut occupied = [w0, w1, w2, w3];
        let n_occupied: u32 = occupied.iter().map(|w| w.count_ones()).sum();
        if n_occupied == 0 {
            return None;
        }
        // The last occupied bin leaves nothing on the right: clear it and drop it from the mask.
        let last_word = occupied.iter().rposition(|&w| w != 0).unwrap_or(0);
        let last_bit = 63 - occupied[last_word].leading_zeros() as usize;
        occupied[last_word] &= !(1u64 << last_bit);
        self.scratch[last_word * 64 + last_bit] = BinStat::default();
        let min_leaf = self.settings.min_samples_leaf as u32;
        let mut left = BinStat::default();
        let mut best_score = f64::NEG_INFINITY;
        let mut best_bin = 0usize;
        for (word_index, &word) in occupied.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let code = word_index * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let stat = std::mem::take(&mut self.scratch[code]);
                left.count += stat.count;
                left.sum += stat.sum;
                let right_count = totals.count - left.count;
                if left.count < min_leaf || right_count < min_leaf {
                    continue;
                }
                let right_sum = totals.sum - left.sum;
                let score = left.sum * left.sum * self.inverse[left.count as usize]
                    + right_sum * right_sum * self.inverse[right_count as usize];
                if score > best_score {
                    best_score = score;
                    best_bin = code;
                }
            }
        }
        let best = (best_score > f64::NEG_INFINITY).then_some(Candidate {
            feature,
            bin: best_bin as u8,
            score: best_score,
        });
        (n_occupied > 1).then_some(best)
    }

    /// The best of one random boundary per examined feature, each drawn uniformly between the
    /// node's smallest and largest finite code; features constant in the node are skipped.
    ///
    /// The RNG is read in the same order as a feature-by-feature scan would (pick a feature,
    /// then its threshold), and ties go to the first feature examined.
    fn random_split(&mut self, start: usize, end: usize, totals: &NodeTotals) -> Option<Candidate> {
        let p = self.packed.n_features;
        let rows = &self.packed.codes[start * p..end * p];
        code_ranges(rows, p, &self.missing_codes[..p], &mut self.code_low, &mut self.code_high);
        let n_features = self.data.n_cols();
        let wanted = self.settings.features_per_split;
        let sample_features = wanted < n_features;
        self.drawn.clear();
        for k in 0..n_features {
            if self.drawn.len() >= wanted {
                break;
            }
            if sample_features {
                let pick = k + self.rng.below(n_features - k);
                self.feature_order.swap(k, pick);
            }
            let feature = self.feature_order[k];
            let (low, high) = (self.code_low[feature], self.code_high[feature]);
            if low >= high {
                continue;
            }
            let bin = low + self.rng.below((high - low) as usize) as u8;
            self.drawn.push(DrawnThreshold { feature, bin, left: BinStat::default() });
        }
        let targets = &self.packed.targets[start..end];
        // Four thresholds per pass: four independent running sums overlap their latencies,
        // while each still adds its rows in order (so the sums are exactly the serial ones).
        for group in self.drawn.chunks_mut(LANES) {
            let mut features = [0usize; LANES];
            let mut bins = [u8::MAX; LANES];
            for (lane, d) in group.iter().enumerate() {
                features[lane] = d.feature;
                bins[lane] = d.bin;
            }
            let mut counts = [0u32; LANES];
            let mut sums = [0.0f64; LANES];
            for (row, &t) in rows.chunks_exact(p).zip(targets) {
                for lane in 0..LANES {
                    // Unused lanes read feature 0 against bin 255 and are never reported.
                    let goes_left = row[features[lane]] <= bins[lane];
                    counts[lane] += u32::from(goes_left);
                    // A bit mask, not a branch (a random threshold mispredicts half the time):
                    // hidden from the optimiser, which would turn it back into a branch. Adding
                    // +0.0 leaves any sum unchanged, so this is exactly the sum of the left rows.
                    let mask = std::hint::black_box(0u64.wrapping_sub(u64::from(goes_left)));
                    sums[lane] += f64::from_bits(t.to_bits() & mask);
                }
            }
            for (lane, d) in group.iter_mut().enumerate() {
                d.left = BinStat { count: counts[lane], sum: sums[lane] };
            }
        }
        let mut best: Option<Candidate> = None;
        for d in &self.drawn {
            if let Some(score) = self.score(d.left, totals)
                && best.is_none_or(|b| score > b.score)
            {
                best = Some(Candidate { feature: d.feature, bin: d.bin, score });
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_ranges_are_the_finite_minimum_and_maximum_for_any_width() {
        let mut rng = Rng::new(3);
        for p in [1, 5, 15, 16, 17, 28, 33, 40] {
            let n = 37;
            // Feature j's missing code is 10 + j; a third of the codes are missing, and feature
            // 0 is missing everywhere.
            let missing: Vec<u8> = (0..p).map(|j| 10 + j as u8).collect();
            let rows: Vec<u8> = (0..n * p)
                .map(|k| {
                    let j = k % p;
                    if j == 0 || rng.below(3) == 0 { missing[j] } else { rng.below(10) as u8 }
                })
                .collect();
            let (mut low, mut high) = (vec![7; p], vec![7; p]);
            code_ranges(&rows, p, &missing, &mut low, &mut high);
            for j in 0..p {
                let finite = rows.chunks_exact(p).map(|r| r[j]).filter(|&c| c != missing[j]);
                let want = (finite.clone().min().unwrap_or(u8::MAX), finite.max().unwrap_or(0));
                assert_eq!((low[j], high[j]), want, "{p} features, feature {j}");
            }
        }
    }
}
