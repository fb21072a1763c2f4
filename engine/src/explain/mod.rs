//! Explanations of fitted models: how much each feature moved a prediction away from a
//! reference prediction. Every method keeps the efficiency property: the base value plus the
//! per-feature contributions equals the model's prediction.

pub mod linear;
