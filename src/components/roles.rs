//! The column-role editor of the data step: one menu per column of the file (date, target,
//! series id, known in advance, observed only, ignored), starting from what the engine
//! inferred. Applying turns the choices into [`IngestOptions`], reads the file again and runs
//! again; the engine checks them (two date columns, a text target…) and its error is shown
//! in place like any other load error.

use chrono::Weekday;
use leptos::prelude::*;
use prevision_engine::frame::Frequency;
use prevision_engine::ingest::{ColumnRole, DuplicatePolicy, IngestOptions};

use crate::components::workspace::loaded;

use crate::i18n::{Msg, Ui};
use crate::state::Studio;

/// Roles offered in each menu, in order.
const ROLES: [ColumnRole; 6] = [
    ColumnRole::Date,
    ColumnRole::Target,
    ColumnRole::SeriesId,
    ColumnRole::KnownInAdvance,
    ColumnRole::ObservedOnly,
    ColumnRole::Ignored,
];

fn role_code(role: ColumnRole) -> &'static str {
    match role {
        ColumnRole::Date => "date",
        ColumnRole::Target => "target",
        ColumnRole::SeriesId => "series-id",
        ColumnRole::KnownInAdvance => "known",
        ColumnRole::ObservedOnly => "observed",
        ColumnRole::Ignored => "ignored",
    }
}

/// Time steps offered, with their menu codes: `None` keeps the file's own spacing.
const STEPS: [(&str, Option<Frequency>, Ui); 5] = [
    ("file", None, Ui::StepAsFile),
    ("hour", Some(Frequency::Minutes { minutes: 60 }), Ui::StepHour),
    ("day", Some(Frequency::Daily), Ui::StepDay),
    ("week", Some(Frequency::Weekly { anchor: Weekday::Mon }), Ui::StepWeek),
    ("month", Some(Frequency::Monthly), Ui::StepMonth),
];

/// Merge rules offered for rows of one date, with their menu codes.
const MERGES: [(&str, Option<DuplicatePolicy>, Ui); 4] = [
    ("auto", None, Ui::MergeAuto),
    ("sum", Some(DuplicatePolicy::Sum), Ui::MergeSum),
    ("mean", Some(DuplicatePolicy::Mean), Ui::MergeMean),
    ("last", Some(DuplicatePolicy::Last), Ui::MergeLast),
];

/// How the rows become a regular series: the time step and the merge rule of one date.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Grid {
    /// The time step asked for (`None`: as in the file).
    pub step: Option<Frequency>,
    /// How rows of one date are merged (`None`: the engine decides, see
    /// [`IngestOptions::duplicates`]).
    pub merge: Option<DuplicatePolicy>,
    /// A wide table: each number column is one series.
    pub wide: bool,
}

/// The options that give each column its chosen role and the rows the chosen grid. A wide
/// table's series are its number columns: the roles of target and series id are left to the
/// engine then, and also when the roles shown were those of a wide reading (`was_wide`: its
/// `series` and `value` columns are not in the file). Turning a long reading wide also drops
/// its "observed only" roles: they are the other stores the long reading took as inputs.
/// `time_column`, the column of times of day the engine joined to the dates (role Date too),
/// is never named as the date column: the engine finds it again beside the dates.
pub fn options_for(
    columns: &[(String, ColumnRole)],
    grid: Grid,
    was_wide: bool,
    time_column: Option<&str>,
) -> IngestOptions {
    let mut o = IngestOptions {
        resample: grid.step,
        duplicates: grid.merge,
        wide: grid.wide,
        ..Default::default()
    };
    for (name, role) in columns {
        match role {
            ColumnRole::Target | ColumnRole::SeriesId if grid.wide || was_wide => {}
            ColumnRole::ObservedOnly if grid.wide && !was_wide => {}
            // A time-of-day column completing the dates: the engine finds it again.
            ColumnRole::Date if Some(name.as_str()) == time_column => {}
            ColumnRole::Date if o.date_col.is_none() => o.date_col = Some(name.clone()),
            ColumnRole::Date => {}
            ColumnRole::Target => o.target = Some(name.clone()),
            ColumnRole::SeriesId => o.id_cols.push(name.clone()),
            ColumnRole::KnownInAdvance => o.known_in_advance.push(name.clone()),
            ColumnRole::ObservedOnly => o.observed_only.push(name.clone()),
            ColumnRole::Ignored => o.ignore.push(name.clone()),
        }
    }
    o
}

/// One labelled menu of the grid: `options` are (menu code, value, label); `get` and `put`
/// read and write its field of the draft.
fn grid_menu<T: Copy + PartialEq + Send + Sync + 'static>(
    studio: Studio,
    grid: RwSignal<Grid>,
    id: &'static str,
    label: Ui,
    options: &'static [(&'static str, T, Ui)],
    get: fn(&Grid) -> T,
    put: fn(&mut Grid, T),
) -> impl IntoView {
    let on_change = move |e: leptos::ev::Event| {
        let code = event_target_value(&e);
        if let Some(&(_, value, _)) = options.iter().find(|(c, ..)| *c == code) {
            grid.update(|g| put(g, value));
        }
    };
    view! {
        <div class="field">
            <label for=id>{move || studio.ui(label)}</label>
            <select id=id data-testid=id aria-describedby="grid-help" on:change=on_change>
                {options
                    .iter()
                    .map(|&(code, value, text)| {
                        view! {
                            <option value=code selected=move || get(&grid.get()) == value>
                                {move || studio.ui(text)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The column of times of day joined to the dates: a column of role Date that is not the
/// report's date column.
fn time_column_of(ingested: &prevision_engine::ingest::Ingested) -> Option<String> {
    let r = &ingested.report;
    r.columns
        .iter()
        .find(|c| c.role == ColumnRole::Date && c.name != r.date_column)
        .map(|c| c.name.clone())
}

/// The editor.
#[component]
pub fn RolesEditor() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let detected = untrack(|| {
        loaded(studio)
            .map(|(_, i)| {
                i.report.columns.iter().map(|c| (c.name.clone(), c.role)).collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let draft = RwSignal::new(detected);
    // The column of times of day the engine joined to the dates, if any (role Date too).
    let time_column =
        RwSignal::new(untrack(|| loaded(studio).and_then(|(_, i)| time_column_of(&i))));
    let grid = RwSignal::new(untrack(|| {
        let o = studio.options.get();
        Grid { step: o.resample, merge: o.duplicates, wide: o.wide }
    }));
    // A new reading of the file brings its own columns (a wide table read as long has
    // `series` and `value`): the draft follows each reading that succeeds.
    Effect::new(move |_| {
        if let Some((_, ingested)) = loaded(studio) {
            draft.set(ingested.report.columns.iter().map(|c| (c.name.clone(), c.role)).collect());
            time_column.set(time_column_of(&ingested));
            let o = studio.options.get_untracked();
            grid.set(Grid { step: o.resample, merge: o.duplicates, wide: o.wide });
        }
    });
    let apply = move |_| {
        let was_wide = studio.options.get_untracked().wide;
        let time = time_column.get_untracked();
        let o =
            options_for(&draft.get_untracked(), grid.get_untracked(), was_wide, time.as_deref());
        studio.set_options(o);
    };
    let reset = move |_| studio.set_options(IngestOptions::default());
    view! {
        <section class="card wide" data-testid="roles" aria-labelledby="roles-title">
            <h2 id="roles-title">{move || studio.ui(Ui::RolesTitle)}</h2>
            <p class="help">{move || studio.ui(Ui::RolesHelp)}</p>
            <div class="roles-grid">
                {move || {
                    let lang = studio.lang.get();
                    draft
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, (name, role))| {
                            let id = format!("role-{i}");
                            let on_change = move |e: leptos::ev::Event| {
                                let value = event_target_value(&e);
                                if let Some(r) = ROLES.into_iter().find(|r| role_code(*r) == value) {
                                    draft.update(|d| d[i].1 = r);
                                }
                            };
                            view! {
                                <div class="role-field">
                                    <label for=id.clone()>{name.clone()}</label>
                                    <select
                                        id=id
                                        data-testid=format!("role-select-{name}")
                                        on:change=on_change
                                    >
                                        {ROLES
                                            .into_iter()
                                            .map(|r| {
                                                view! {
                                                    <option value=role_code(r) selected=r == role>
                                                        {lang.text(&Msg::RoleName(r))}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <div class="grid-fields">
                {grid_menu(studio, grid, "grid-step", Ui::StepLabel, &STEPS,
                    |g| g.step, |g, v| g.step = v)}
                {grid_menu(studio, grid, "grid-merge", Ui::MergeLabel, &MERGES,
                    |g| g.merge, |g, v| g.merge = v)}
            </div>
            <p class="help" id="grid-help">{move || studio.ui(Ui::StepHelp)}</p>
            <label class="check" for="wide-table">
                <input
                    type="checkbox"
                    id="wide-table"
                    data-testid="wide-table"
                    aria-describedby="wide-help"
                    prop:checked=move || grid.get().wide
                    on:change=move |e| grid.update(|g| g.wide = event_target_checked(&e))
                />
                <span>{move || studio.ui(Ui::WideLabel)}</span>
            </label>
            <p class="help" id="wide-help">{move || studio.ui(Ui::WideHelp)}</p>
            <div class="actions">
                <button type="button" class="button primary" data-testid="roles-apply" on:click=apply>
                    {move || studio.ui(Ui::RolesApply)}
                </button>
                <button type="button" class="button" data-testid="roles-reset" on:click=reset>
                    {move || studio.ui(Ui::RolesReset)}
                </button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_lands_in_its_ingest_option() {
        let grid =
            Grid { step: Some(Frequency::Daily), merge: Some(DuplicatePolicy::Mean), wide: false };
        let o = options_for(
            &[
                ("jour".into(), ColumnRole::Date),
                ("ventes".into(), ColumnRole::Target),
                ("magasin".into(), ColumnRole::SeriesId),
                ("promo".into(), ColumnRole::KnownInAdvance),
                ("meteo".into(), ColumnRole::ObservedOnly),
                ("note".into(), ColumnRole::Ignored),
            ],
            grid,
            false,
            None,
        );
        assert_eq!(o.resample, Some(Frequency::Daily));
        assert_eq!(o.duplicates, Some(DuplicatePolicy::Mean));
        assert_eq!(o.date_col.as_deref(), Some("jour"));
        assert_eq!(o.target.as_deref(), Some("ventes"));
        assert_eq!(o.id_cols, vec!["magasin"]);
        assert_eq!(o.known_in_advance, vec!["promo"]);
        assert_eq!(o.observed_only, vec!["meteo"]);
        assert_eq!(o.ignore, vec!["note"]);
    }

    #[test]
    fn a_time_column_beside_the_dates_is_not_taken_for_the_date_column() {
        let o = options_for(
            &[
                ("Date".into(), ColumnRole::Date),
                ("Time".into(), ColumnRole::Date),
                ("Global_active_power".into(), ColumnRole::Target),
            ],
            Grid::default(),
            false,
            Some("Time"),
        );
        assert_eq!(o.date_col.as_deref(), Some("Date"));
        assert!(o.ignore.is_empty() && o.id_cols.is_empty());
        // The time column written first: still not the date column.
        let o = options_for(
            &[("Time".into(), ColumnRole::Date), ("Date".into(), ColumnRole::Date)],
            Grid::default(),
            false,
            Some("Time"),
        );
        assert_eq!(o.date_col.as_deref(), Some("Date"));
    }

    #[test]
    fn a_wide_table_leaves_target_and_series_to_the_engine() {
        // The long reading of `date;Lyon;Paris;promo`: Lyon the target, Paris an input.
        let long = [
            ("date".into(), ColumnRole::Date),
            ("Lyon".into(), ColumnRole::Target),
            ("Paris".into(), ColumnRole::ObservedOnly),
            ("promo".into(), ColumnRole::KnownInAdvance),
        ];
        let wide = Grid { wide: true, ..Grid::default() };
        let o = options_for(&long, wide, false, None);
        assert!(o.wide && o.target.is_none() && o.id_cols.is_empty() && o.observed_only.is_empty());
        assert_eq!(o.known_in_advance, vec!["promo"]);
        // The wide reading: its `series` and `value` columns, and a real input kept as one.
        let roles = [
            ("date".into(), ColumnRole::Date),
            ("value".into(), ColumnRole::Target),
            ("series".into(), ColumnRole::SeriesId),
            ("promo".into(), ColumnRole::KnownInAdvance),
            ("weather".into(), ColumnRole::ObservedOnly),
        ];
        let o = options_for(&roles, wide, true, None);
        assert!(o.wide && o.target.is_none() && o.id_cols.is_empty());
        assert_eq!(o.observed_only, vec!["weather"]);
        // Back to a long reading from a wide one: `series` and `value` are not in the file.
        let o = options_for(&roles, Grid::default(), true, None);
        assert!(!o.wide && o.target.is_none() && o.id_cols.is_empty());
        assert_eq!(o.date_col.as_deref(), Some("date"));
        // A long reading keeps them.
        assert_eq!(
            options_for(&roles, Grid::default(), false, None).target.as_deref(),
            Some("value")
        );
    }
}
