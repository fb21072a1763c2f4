//! A small stable sort for the page's short lists.
//!
//! The standard library's sorts are generic and large: every call site with its own element
//! type and comparison puts a driftsort or a pattern-defeating quicksort of several kilobytes
//! into the page's wasm. The page only sorts short lists (a run's features, SHAP bars,
//! interval bands, saved versions), for which an insertion sort is as fast and takes a few
//! hundred bytes per site. Long lists (the rows of a file) stay with the engine's sorts.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, keeping equal elements in their order (like `slice::sort_by`).
/// Quadratic: for lists of at most a few hundred elements.
pub fn sort_short_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort_ties_included() {
        // A small deterministic generator: many ties, every length up to 60.
        let mut state = 7u64;
        let mut next = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % 10
        };
        for len in 0..60 {
            let v: Vec<(u64, usize)> = (0..len).map(|i| (next(), i)).collect();
            let mut ours = v.clone();
            let mut std = v.clone();
            sort_short_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "length {len}");
        }
        let mut down = vec![3.5, f64::NAN, -1.0, 2.0];
        sort_short_by(&mut down, |a, b| b.total_cmp(a));
        assert!(down[0].is_nan() && down[1..] == [3.5, 2.0, -1.0]);
    }
}
