//! A dense row-major matrix of `f64`: the design matrix that features produce and tabular
//! models consume.
//!
//! Invariant: `data.len() == n_rows * n_cols`. Missing values are `f64::NAN`.

use serde::{Deserialize, Serialize};

/// Dense row-major matrix; rows are observations, columns are features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Matrix {
    n_rows: usize,
    n_cols: usize,
    data: Vec<f64>,
}

impl Matrix {
    /// An empty matrix with `n_cols` columns, ready for [`Matrix::push_row`].
    pub fn with_cols(n_cols: usize) -> Self {
        Self { n_rows: 0, n_cols, data: Vec::new() }
    }

    /// Builds a matrix from row-major data; `None` if the length does not match.
    pub fn from_vec(n_rows: usize, n_cols: usize, data: Vec<f64>) -> Option<Self> {
        (n_rows.checked_mul(n_cols)? == data.len()).then_some(Self { n_rows, n_cols, data })
    }

    /// Builds a matrix from rows; `None` if the rows are not all the same length.
    pub fn from_rows<R: AsRef<[f64]>>(rows: &[R]) -> Option<Self> {
        let n_cols = rows.first().map_or(0, |r| r.as_ref().len());
        let mut m = Self::with_cols(n_cols);
        for r in rows {
            if r.as_ref().len() != n_cols {
                return None;
            }
            m.push_row(r.as_ref());
        }
        Some(m)
    }

    /// Appends one row. Panics only on a programming error (wrong row length), never on data.
    pub fn push_row(&mut self, row: &[f64]) {
        assert_eq!(row.len(), self.n_cols, "row length must equal the column count");
        self.data.extend_from_slice(row);
        self.n_rows += 1;
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// Number of columns.
    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    /// Row `i` as a slice.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.n_cols..(i + 1) * self.n_cols]
    }

    /// Mutable row `i`.
    pub fn row_mut(&mut self, i: usize) -> &mut [f64] {
        &mut self.data[i * self.n_cols..(i + 1) * self.n_cols]
    }

    /// Element at row `i`, column `j`.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.data[i * self.n_cols + j]
    }

    /// Iterator over rows.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &[f64]> {
        // `chunks_exact(0)` panics, so a zero-column matrix yields empty rows explicitly.
        (0..self.n_rows).map(move |i| &self.data[i * self.n_cols..(i + 1) * self.n_cols])
    }

    /// Column `j` copied out.
    pub fn column(&self, j: usize) -> Vec<f64> {
        (0..self.n_rows).map(|i| self.get(i, j)).collect()
    }

    /// The rows at `idx`, in that order, as a new matrix.
    pub fn select_rows(&self, idx: &[usize]) -> Self {
        let mut m = Self::with_cols(self.n_cols);
        m.data.reserve(idx.len() * self.n_cols);
        for &i in idx {
            m.push_row(self.row(i));
        }
        m
    }

    /// The raw row-major data.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_columns_read_back_what_was_pushed() {
        let m = Matrix::from_rows(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]).expect("same lengths");
        assert_eq!((m.n_rows(), m.n_cols()), (3, 2));
        assert_eq!(m.row(1), &[3.0, 4.0]);
        assert_eq!(m.column(1), vec![2.0, 4.0, 6.0]);
        assert_eq!(m.select_rows(&[2, 0]).as_slice(), &[5.0, 6.0, 1.0, 2.0]);
        assert_eq!(m.rows().count(), 3);
    }

    #[test]
    fn ragged_rows_are_refused() {
        assert!(Matrix::from_rows(&[vec![1.0], vec![1.0, 2.0]]).is_none());
        assert!(Matrix::from_vec(2, 2, vec![1.0; 3]).is_none());
    }
}
