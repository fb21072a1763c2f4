//! The crate's error type: one enum that wraps each layer's own error.
//!
//! Every variant says where (line, column, field) and what was expected, so the app can map it
//! to a translated sentence. Nothing that comes from a user is ever `unwrap()`ed.

use crate::ingest::IngestError;
use crate::models::ModelError;

/// Any error the engine can return.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or cleaning the input file failed.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// Fitting or predicting with a model failed.
    #[error(transparent)]
    Model(#[from] ModelError),
}
