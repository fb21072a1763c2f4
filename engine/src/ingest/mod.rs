//! Ingest: bytes of a CSV file in, a regular [`crate::frame::Frame`] and a data-quality
//! report out, or a precise error.

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The file holds no bytes.
    #[error("the file is empty")]
    Empty,
}
