//! The set-up step: horizon, models, feature families, backtest windows, interval levels,
//! holidays, strategy and seed, each with a one-line explanation. Every change is kept in the
//! studio's [`Settings`] at once (and remembered locally when a run starts); "Run" applies them.

use leptos::prelude::*;
use prevision_engine::frame::Frequency;
use prevision_engine::spec::ModelSpec;

use crate::i18n::Ui;
use crate::settings::{
    BASELINES, FeatureChoice, HolidayChoice, MAX_HORIZON, MAX_WINDOWS, Settings,
};
use crate::state::Studio;

fn holiday_label(c: HolidayChoice) -> Ui {
    match c {
        HolidayChoice::None => Ui::HolidayNone,
        HolidayChoice::France => Ui::HolidayFrance,
        HolidayChoice::AlsaceMoselle => Ui::HolidayAlsace,
        HolidayChoice::UnitedStates => Ui::HolidayUs,
        HolidayChoice::UnitedKingdom => Ui::HolidayUk,
        HolidayChoice::Germany => Ui::HolidayDe,
    }
}

/// A labelled field with its one-line help under it.
fn field(id: &'static str, label: String, help: String, control: AnyView) -> impl IntoView {
    let help_id = format!("{id}-help");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
            <p class="help" id=help_id>{help}</p>
        </div>
    }
}

/// The set-up panel.
#[component]
pub fn SetupPanel() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let s = studio.settings;
    let forgotten = RwSignal::new(false);
    let number_input = move |id: &'static str,
                             max: usize,
                             get: fn(&Settings) -> usize,
                             set: fn(&mut Settings, usize)| {
        view! {
            <input
                id=id
                type="number"
                min="1"
                max=max.to_string()
                step="1"
                inputmode="numeric"
                aria-describedby=format!("{id}-help")
                data-testid=id
                prop:value=move || s.with(get).to_string()
                on:change=move |e| {
                    if let Ok(v) = event_target_value(&e).trim().parse::<usize>() {
                        s.update(|x| set(x, v.clamp(1, max)));
                    }
                }
            />
        }
        .into_any()
    };
    // The horizon shows the data's own until the visitor types one.
    let horizon_input = move || {
        view! {
            <input
                id="setting-horizon"
                type="number"
                min="1"
                max=MAX_HORIZON.to_string()
                step="1"
                inputmode="numeric"
                aria-describedby="setting-horizon-help"
                data-testid="setting-horizon"
                prop:value=move || {
                    let chosen = s.with(|x| x.horizon);
                    chosen
                        .or_else(|| studio.loaded_frame_with(prevision_engine::forecast::default_horizon))
                        .unwrap_or(prevision_engine::spec::ForecastSpec::default().horizon)
                        .to_string()
                }
                on:change=move |e| {
                    if let Ok(v) = event_target_value(&e).trim().parse::<usize>() {
                        s.update(|x| x.horizon = Some(v.clamp(1, MAX_HORIZON)));
                    }
                }
            />
        }
        .into_any()
    };
    view! {
        <section class="card wide setup" data-testid="setup" aria-labelledby="setup-title">
            <h2 id="setup-title">{move || studio.ui(Ui::SetupTitle)}</h2>
            <p class="help">{move || studio.ui(Ui::SetupIntro)}</p>
            <div class="setup-grid">
                {move || {
                    let lang = studio.lang.get();
                    view! {
                        {field(
                            "setting-horizon",
                            lang.ui(Ui::HorizonLabel).into(),
                            lang.ui(Ui::HorizonHelp).into(),
                            horizon_input(),
                        )}
                        {field(
                            "setting-windows",
                            lang.ui(Ui::WindowsLabel).into(),
                            lang.ui(Ui::WindowsHelp).into(),
                            number_input("setting-windows", MAX_WINDOWS, |x| x.windows, |x, v| x.windows = v),
                        )}
                        {field(
                            "setting-levels",
                            lang.ui(Ui::LevelsLabel).into(),
                            lang.ui(Ui::LevelsHelp).into(),
                            view! {
                                <input
                                    id="setting-levels"
                                    type="text"
                                    inputmode="numeric"
                                    aria-describedby="setting-levels-help"
                                    data-testid="setting-levels"
                                    prop:value=move || {
                                        s.with(|x| x.levels.iter().map(u8::to_string).collect::<Vec<_>>().join(", "))
                                    }
                                    on:change=move |e| {
                                        let levels: Vec<u8> = event_target_value(&e)
                                            .split([',', ';', ' '])
                                            .filter_map(|l| l.trim().trim_end_matches('%').parse().ok())
                                            .collect();
                                        s.update(|x| {
                                            x.levels = levels;
                                            *x = x.clone().sanitised();
                                        });
                                    }
                                />
                            }
                                .into_any(),
                        )}
                        {field(
                            "setting-holidays",
                            lang.ui(Ui::HolidaysLabel).into(),
                            lang.ui(Ui::HolidaysHelp).into(),
                            view! {
                                <select
                                    id="setting-holidays"
                                    aria-describedby="setting-holidays-help"
                                    data-testid="setting-holidays"
                                    on:change=move |e| {
                                        if let Some(c) = HolidayChoice::from_code(&event_target_value(&e)) {
                                            s.update(|x| x.holidays = c);
                                        }
                                    }
                                >
                                    {HolidayChoice::ALL
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <option value=c.code() selected=move || s.with(|x| x.holidays == c)>
                                                    {lang.ui(holiday_label(c))}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            }
                                .into_any(),
                        )}
                        {field(
                            "setting-strategy",
                            lang.ui(Ui::StrategyLabel).into(),
                            lang.ui(Ui::StrategyHelp).into(),
                            view! {
                                <select
                                    id="setting-strategy"
                                    aria-describedby="setting-strategy-help"
                                    data-testid="setting-strategy"
                                    on:change=move |e| {
                                        let direct = event_target_value(&e) == "direct";
                                        s.update(|x| x.direct = direct);
                                    }
                                >
                                    <option value="recursive" selected=move || s.with(|x| !x.direct)>
                                        {lang.ui(Ui::StrategyRecursive)}
                                    </option>
                                    <option value="direct" selected=move || s.with(|x| x.direct)>
                                        {lang.ui(Ui::StrategyDirect)}
                                    </option>
                                </select>
                            }
                                .into_any(),
                        )}
                        {field(
                            "setting-seed",
                            lang.ui(Ui::SeedLabel).into(),
                            lang.ui(Ui::SeedHelp).into(),
                            view! {
                                <input
                                    id="setting-seed"
                                    type="number"
                                    min="0"
                                    step="1"
                                    aria-describedby="setting-seed-help"
                                    data-testid="setting-seed"
                                    prop:value=move || s.with(|x| x.seed.to_string())
                                    on:change=move |e| {
                                        if let Ok(v) = event_target_value(&e).trim().parse::<u64>() {
                                            s.update(|x| x.seed = v);
                                        }
                                    }
                                />
                            }
                                .into_any(),
                        )}
                    }
                }}
            </div>
            <ModelChoice/>
            <FeatureFamilies/>
            <div class="actions">
                <button
                    type="button"
                    class="button primary"
                    data-testid="setup-run"
                    on:click=move |_| {
                        studio.tab.set(crate::state::Tab::Results);
                        studio.start_run();
                    }
                >
                    {move || studio.ui(Ui::RunButton)}
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="settings-reset"
                    on:click=move |_| s.set(Settings::default())
                >
                    {move || studio.ui(Ui::ResetSettings)}
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="settings-forget"
                    on:click=move |_| {
                        crate::browser::forget_everything();
                        s.set(Settings::default());
                        forgotten.set(true);
                    }
                >
                    {move || studio.ui(Ui::ForgetAll)}
                </button>
                <p role="status" class="help" data-testid="forget-status">
                    {move || forgotten.get().then(|| studio.ui(Ui::ForgetDone))}
                </p>
            </div>
        </section>
    }
}

/// One checkbox per model the engine knows; baselines are ticked and locked.
#[component]
fn ModelChoice() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let s = studio.settings;
    view! {
        <fieldset class="choice" data-testid="setting-models" aria-describedby="models-help">
            <legend>{move || studio.ui(Ui::ModelsLabel)}</legend>
            <p class="help" id="models-help">{move || studio.ui(Ui::ModelsHelp)}</p>
            <div class="checks">
                {ModelSpec::KEYS
                    .into_iter()
                    .map(|key| {
                        let locked = BASELINES.contains(&key);
                        let id = format!("model-{key}");
                        let label_for = id.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input
                                    type="checkbox"
                                    id=id
                                    data-testid=format!("model-{key}")
                                    disabled=locked
                                    prop:checked=move || s.with(|x| x.has_model(key))
                                    on:change=move |e| {
                                        let on = event_target_checked(&e);
                                        s.update(|x| x.toggle_model(key, on));
                                    }
                                />
                                <span>{move || {
                                    let freq = studio.loaded_frame_with(|f| f.freq).unwrap_or(Frequency::Daily);
                                    studio.lang.get().model_name_at(key, freq)
                                }}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// One checkbox per feature family, each with its help.
#[component]
fn FeatureFamilies() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let s = studio.settings;
    type Get = fn(&FeatureChoice) -> bool;
    type Set = fn(&mut FeatureChoice, bool);
    let families: [(&str, Ui, Ui, Get, Set); 5] = [
        ("lags", Ui::FeatLags, Ui::FeatLagsHelp, |f| f.lags, |f, v| f.lags = v),
        ("rolling", Ui::FeatRolling, Ui::FeatRollingHelp, |f| f.rolling, |f, v| f.rolling = v),
        ("calendar", Ui::FeatCalendar, Ui::FeatCalendarHelp, |f| f.calendar, |f, v| f.calendar = v),
        ("fourier", Ui::FeatFourier, Ui::FeatFourierHelp, |f| f.fourier, |f, v| f.fourier = v),
        ("exog", Ui::FeatExog, Ui::FeatExogHelp, |f| f.exog, |f, v| f.exog = v),
    ];
    view! {
        <fieldset class="choice" data-testid="setting-features" aria-describedby="features-help">
            <legend>{move || studio.ui(Ui::FeaturesLabel)}</legend>
            <p class="help" id="features-help">{move || studio.ui(Ui::FeaturesHelp)}</p>
            <div class="checks wide-checks">
                {families
                    .into_iter()
                    .map(|(code, label, help, get, set)| {
                        let id = format!("feature-{code}");
                        let label_for = id.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input
                                    type="checkbox"
                                    id=id
                                    data-testid=format!("feature-{code}")
                                    prop:checked=move || s.with(|x| get(&x.features))
                                    on:change=move |e| {
                                        let on = event_target_checked(&e);
                                        s.update(|x| set(&mut x.features, on));
                                    }
                                />
                                <span>
                                    <strong>{move || studio.ui(label)}</strong>
                                    " — "
                                    {move || studio.ui(help)}
                                </span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}
