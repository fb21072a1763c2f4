//! Growing one tree in bin space: depth-first, one node at a time, over an index array that is
//! partitioned in place so each node owns a contiguous range of sample rows.
//!
//! Split finding ([`SplitRule::BestBin`]) reads per-node histograms of (count, sum of targets)
//! per bin. Big nodes keep a full histogram of every feature; of two children only the smaller
//! one is counted and the larger is `parent − smaller` (sibling subtraction). Small nodes, which
//! dominate fully grown trees, skip the 255-bin scan: a one-feature scratch histogram records
//! which bins the node touches in a 256-bit mask, and only those bins are visited.
//! [`SplitRule::RandomBin`] (extra-trees) draws one threshold bin per feature uniformly between the
//! node's smallest and largest code and needs no histogram at all.
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
    count: f64,
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

/// A node waiting to be processed.
struct Task {
    node: usize,
    start: usize,
    end: usize,
    depth: usize,
    histogram: Option<Vec<BinStat>>,
}

/// Totals of a node's targets.
struct NodeTotals {
    count: f64,
    sum: f64,
    constant: bool,
}

struct Grower<'a> {
    data: &'a BinnedMatrix,
    y: &'a [f64],
    settings: &'a GrowSettings,
    rng: &'a mut Rng,
    nodes: Vec<TreeNode>,
    feature_order: Vec<usize>,
    scratch: Vec<BinStat>,
    spare_histograms: Vec<Vec<BinStat>>,
}

/// Grows a tree on the sample rows `sample` (indices into `data`, duplicates allowed).
pub fn grow_tree(
    data: &BinnedMatrix,
    y: &[f64],
    mut sample: Vec<u32>,
    settings: &GrowSettings,
    rng: &mut Rng,
) -> FittedTree {
    let mut grower = Grower {
        data,
        y,
        settings,
        rng,
        nodes: vec![TreeNode::new(None, 0.0, 0.0)],
        feature_order: (0..data.n_cols()).collect(),
        scratch: vec![BinStat::default(); SLOTS],
        spare_histograms: Vec::new(),
    };
    let mut stack = vec![Task { node: 0, start: 0, end: sample.len(), depth: 0, histogram: None }];
    while let Some(task) = stack.pop() {
        grower.process(task, &mut sample, &mut stack);
    }
    FittedTree::from_nodes(data.n_cols(), grower.nodes)
}

impl Grower<'_> {
    fn totals(&self, rows: &[u32]) -> NodeTotals {
        let first = rows.first().map_or(0.0, |&r| self.y[r as usize]);
        let mut sum = 0.0;
        let mut constant = true;
        for &r in rows {
            let v = self.y[r as usize];
            sum += v;
            constant &= v == first;
        }
        NodeTotals { count: rows.len() as f64, sum, constant }
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

    /// Full histogram of every feature over `rows`.
    fn full_histogram(&mut self, rows: &[u32]) -> Vec<BinStat> {
        let mut h = self.take_histogram();
        for j in 0..self.data.n_cols() {
            let column = self.data.column(j);
            let slots = &mut h[j * SLOTS..(j + 1) * SLOTS];
            for &r in rows {
                let r = r as usize;
                let slot = &mut slots[column[r] as usize];
                slot.count += 1.0;
                slot.sum += self.y[r];
            }
        }
        h
    }

    fn process(&mut self, task: Task, sample: &mut [u32], stack: &mut Vec<Task>) {
        let Task { node, start, end, depth, histogram } = task;
        let rows = &sample[start..end];
        let totals = self.totals(rows);
        self.nodes[node] = TreeNode::new(None, totals.sum / totals.count, totals.count);
        let s = self.settings;
        let n = rows.len();
        if totals.constant
            || depth >= s.max_depth
            || n < s.min_samples_split
            || n < 2 * s.min_samples_leaf
        {
            self.spare_histograms.extend(histogram);
            return;
        }
        let histogram = match (s.rule, histogram) {
            (SplitRule::BestBin, Some(h)) => Some(h),
            (SplitRule::BestBin, None) if n >= FULL_HISTOGRAM_MIN_ROWS => {
                Some(self.full_histogram(rows))
            }
            (_, h) => {
                self.spare_histograms.extend(h);
                None
            }
        };
        let best = self.find_split(rows, &totals, histogram.as_deref());
        let Some(best) = best else {
            self.spare_histograms.extend(histogram);
            return;
        };
        // Partition the node's rows in place: codes ≤ bin first.
        let column = self.data.column(best.feature);
        let rows = &mut sample[start..end];
        let mut n_left = 0;
        for i in 0..rows.len() {
            if column[rows[i] as usize] <= best.bin {
                rows.swap(i, n_left);
                n_left += 1;
            }
        }
        let gain = (best.score - totals.sum * totals.sum / totals.count).max(0.0);
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
        self.nodes[node] = TreeNode::new(Some(split), totals.sum / totals.count, totals.count);

        let mid = start + n_left;
        let (mut left_hist, mut right_hist) = (None, None);
        if let Some(mut parent) = histogram {
            let (n_l, n_r) = (mid - start, end - mid);
            if n_l.max(n_r) >= FULL_HISTOGRAM_MIN_ROWS {
                let left_is_smaller = n_l <= n_r;
                let small_rows =
                    if left_is_smaller { &sample[start..mid] } else { &sample[mid..end] };
                let small = self.full_histogram(small_rows);
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
        rows: &[u32],
        totals: &NodeTotals,
        histogram: Option<&[BinStat]>,
    ) -> Option<Candidate> {
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
            let found = match (self.settings.rule, histogram) {
                (SplitRule::BestBin, Some(h)) => self.best_bin_in_histogram(
                    feature,
                    &h[feature * SLOTS..(feature + 1) * SLOTS],
                    totals,
                ),
                (SplitRule::BestBin, None) => self.best_bin_by_occupied_scan(feature, rows, totals),
                (SplitRule::RandomBin, _) => self.random_bin(feature, rows, totals),
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
    fn score(&self, left: BinStat, totals: &NodeTotals) -> Option<f64> {
        let right_count = totals.count - left.count;
        let min_leaf = self.settings.min_samples_leaf as f64;
        (left.count >= min_leaf && right_count >= min_leaf).then(|| {
            let right_sum = totals.sum - left.sum;
            left.sum * left.sum / left.count + right_sum * right_sum / right_count
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
        let last_occupied = slots.iter().rposition(|b| b.count > 0.0)?;
        let mut left = BinStat::default();
        let mut best: Option<Candidate> = None;
        let mut boundaries = 0;
        for (bin, stat) in slots[..last_occupied].iter().enumerate() {
            if stat.count == 0.0 {
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

    /// Like [`Self::best_bin_in_histogram`], but builds a one-feature histogram from the rows
    /// and visits only the bins they occupy.
    fn best_bin_by_occupied_scan(
        &mut self,
        feature: usize,
        rows: &[u32],
        totals: &NodeTotals,
    ) -> Option<Option<Candidate>> {
        let column = self.data.column(feature);
        let mut occupied = [0u64; 4];
        for &r in rows {
            let r = r as usize;
            let code = column[r] as usize;
            occupied[code >> 6] |= 1 << (code & 63);
            let slot = &mut self.scratch[code];
            slot.count += 1.0;
            slot.sum += self.y[r];
        }
        let n_occupied: u32 = occupied.iter().map(|w| w.count_ones()).sum();
        let mut left = BinStat::default();
        let mut best: Option<Candidate> = None;
        let mut seen = 0;
        for (word_index, &word) in occupied.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let code = word_index * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let stat = std::mem::take(&mut self.scratch[code]);
                seen += 1;
                // The last occupied bin leaves nothing on the right.
                if seen == n_occupied {
                    continue;
                }
                left.count += stat.count;
                left.sum += stat.sum;
                if let Some(score) = self.score(left, totals)
                    && best.is_none_or(|b| score > b.score)
                {
                    best = Some(Candidate { feature, bin: code as u8, score });
                }
            }
        }
        (n_occupied > 1).then_some(best)
    }

    /// One random boundary between the node's smallest and largest finite code.
    fn random_bin(
        &mut self,
        feature: usize,
        rows: &[u32],
        totals: &NodeTotals,
    ) -> Option<Option<Candidate>> {
        let column = self.data.column(feature);
        let missing = self.data.n_value_bins(feature) as u8;
        let (mut low, mut high) = (u8::MAX, 0u8);
        for &r in rows {
            let code = column[r as usize];
            if code != missing {
                low = low.min(code);
                high = high.max(code);
            }
        }
        if low >= high {
            return None;
        }
        let bin = low + self.rng.below((high - low) as usize) as u8;
        let mut left = BinStat::default();
        for &r in rows {
            let r = r as usize;
            if column[r] <= bin {
                left.count += 1.0;
                left.sum += self.y[r];
            }
        }
        Some(self.score(left, totals).map(|score| Candidate { feature, bin, score }))
    }
}
