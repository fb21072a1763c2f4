//! Where the results place their charts: each function turns a finished run into the chart
//! component for one card.

use leptos::prelude::*;
use prevision_engine::forecast::report::ForecastReport;

use crate::i18n::Lang;
use crate::state::Finished;

/// The forecast chart: history, backtest forecasts, future and its bands.
pub fn forecast_chart(_lang: Lang, _f: &Finished) -> AnyView {
    ().into_any()
}

/// The SHAP waterfall of explained step `index`.
pub fn shap_chart(_lang: Lang, _f: &Finished, _index: usize) -> AnyView {
    ().into_any()
}

/// Residual histogram and autocorrelation.
pub fn residual_charts(_lang: Lang, _r: &ForecastReport) -> AnyView {
    ().into_any()
}
