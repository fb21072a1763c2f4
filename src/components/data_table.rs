//! A plain, accessible table: column headers with `scope`, one `data-testid` on the table and
//! one on each body row, numbers right-aligned. Cells are text nodes only, but for a
//! [`picking_table`]'s first cells, buttons that pick their row.
//!
//! A table wider than its card scrolls sideways inside it: the table sits in a labelled
//! region that takes keyboard focus (so arrow keys scroll it), numbers never wrap, and columns
//! of words wrap between words but keep a minimum width.

use leptos::callback::{Callable, Callback};
use leptos::prelude::*;

/// How a cell's text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Words and dates: left-aligned.
    Text,
    /// Numbers: right-aligned, tabular figures.
    Number,
    /// Raw file content (cells, column names): monospace, wraps only long words.
    Code,
    /// A date: never wrapped.
    Date,
}

impl Align {
    fn class(self) -> &'static str {
        match self {
            Align::Text => "text",
            Align::Number => "num",
            Align::Code => "code",
            Align::Date => "date",
        }
    }
}

/// One table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// What is shown.
    pub text: String,
    /// How it is set.
    pub align: Align,
}

impl Cell {
    /// A left-aligned cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), align: Align::Text }
    }

    /// A right-aligned number cell.
    pub fn num(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), align: Align::Number }
    }

    /// A date cell.
    pub fn date(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), align: Align::Date }
    }

    /// A cell holding raw file content.
    pub fn code(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), align: Align::Code }
    }
}

/// A column header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Header text.
    pub label: String,
    /// Alignment of the header (matches its cells).
    pub align: Align,
}

impl Column {
    /// A column of words or dates.
    pub fn text(label: String) -> Column {
        Column { label, align: Align::Text }
    }

    /// A column of numbers.
    pub fn num(label: String) -> Column {
        Column { label, align: Align::Number }
    }
}

/// A table with `data-testid={testid}` and rows `data-testid={testid}-row`, in a scrolling
/// region named `label` (what the table holds, usually its card's title); `tall` tables
/// scroll vertically past about fifteen rows.
pub fn data_table(
    testid: &'static str,
    label: impl Into<String>,
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
    tall: bool,
) -> impl IntoView {
    table(testid, label.into(), columns, rows, tall, None)
}

/// A [`data_table`] whose first cell of each row is a button (`data-testid={testid}-pick`):
/// `pick` gets the row's place.
pub fn picking_table(
    testid: &'static str,
    label: impl Into<String>,
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
    tall: bool,
    pick: Callback<usize>,
) -> impl IntoView {
    table(testid, label.into(), columns, rows, tall, Some(pick))
}

fn table(
    testid: &'static str,
    label: String,
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
    tall: bool,
    pick: Option<Callback<usize>>,
) -> impl IntoView {
    let row_id = format!("{testid}-row");
    let pick_id = format!("{testid}-pick");
    view! {
        <div class="table-wrap" class:is-tall=tall role="region" tabindex="0" aria-label=label>
            <table data-testid=testid>
                <thead>
                    <tr>
                        {columns
                            .into_iter()
                            .map(|c| view! { <th scope="col" class=c.align.class()>{c.label}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .enumerate()
                        .map(|(k, row)| {
                            let pick_id = pick_id.clone();
                            view! {
                                <tr data-testid=row_id.clone()>
                                    {row
                                        .into_iter()
                                        .enumerate()
                                        .map(|(i, c)| match pick.filter(|_| i == 0) {
                                            Some(pick) => view! {
                                                <td class=c.align.class()>
                                                    <button
                                                        type="button"
                                                        class="button link"
                                                        data-testid=pick_id.clone()
                                                        on:click=move |_| pick.run(k)
                                                    >
                                                        {c.text}
                                                    </button>
                                                </td>
                                            }
                                            .into_any(),
                                            None => view! { <td class=c.align.class()>{c.text}</td> }.into_any(),
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
