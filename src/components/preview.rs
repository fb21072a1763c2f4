//! A preview of the cleaned frame: the first rows of the first series, with the date, the
//! target and every exogenous column (category labels shown by name).

use std::sync::Arc;

use leptos::prelude::*;
use prevision_engine::frame::{Frame, Series};
use prevision_engine::ingest::Ingested;

use crate::components::data_table::{Cell, Column, data_table};
use crate::i18n::{Lang, Msg};

/// Rows shown in the preview.
pub const PREVIEW_ROWS: usize = 10;

/// The preview card.
#[component]
pub fn FramePreview(
    /// Interface language.
    lang: Lang,
    /// The ingested data (only its frame is read).
    frame: Arc<Ingested>,
) -> impl IntoView {
    let frame = &frame.frame;
    let t = |msg: Msg<'_>| lang.text(&msg);
    let series = frame.series.first();
    let table = series.map(|s| {
        let mut columns =
            vec![Column::text(t(Msg::ColDate)), Column::num(frame.target_name.clone())];
        columns.extend(frame.exog.iter().map(|c| match c.levels {
            Some(_) => Column::text(c.name.clone()),
            None => Column::num(c.name.clone()),
        }));
        data_table(
            "preview-table",
            t(Msg::PreviewTitle),
            columns,
            preview_rows(lang, frame, s),
            false,
        )
    });
    let note = series.map(|s| {
        t(Msg::PreviewNote {
            shown: s.timestamps.len().min(PREVIEW_ROWS),
            total: s.timestamps.len(),
            series: &s.id,
        })
    });
    view! {
        <section class="card wide" data-testid="preview-section" aria-labelledby="preview-title">
            <h2 id="preview-title">{t(Msg::PreviewTitle)}</h2>
            {table}
            <p class="section-note" data-testid="preview-note">{note}</p>
        </section>
    }
}

/// The first [`PREVIEW_ROWS`] rows of `s` as cells.
fn preview_rows(lang: Lang, frame: &Frame, s: &Series) -> Vec<Vec<Cell>> {
    let value = |x: f64| {
        if x.is_nan() { Cell::num("—") } else { Cell::num(lang.number(x, 4)) }
    };
    (0..s.timestamps.len().min(PREVIEW_ROWS))
        .map(|i| {
            let mut row = vec![
                Cell::date(lang.date(s.timestamps[i], frame.freq)),
                value(s.target.get(i).copied().unwrap_or(f64::NAN)),
            ];
            for (j, col) in frame.exog.iter().enumerate() {
                let x = s.exog.get(j).and_then(|v| v.get(i)).copied().unwrap_or(f64::NAN);
                let cell = match &col.levels {
                    // A category is stored as the index of its label.
                    Some(levels) if x.is_finite() && x >= 0.0 => levels
                        .get(x as usize)
                        .map_or_else(|| Cell::text("—"), |l| Cell::code(l.clone())),
                    Some(_) => Cell::text("—"),
                    None => value(x),
                };
                row.push(cell);
            }
            row
        })
        .collect()
}
