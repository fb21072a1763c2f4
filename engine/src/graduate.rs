//! "Graduate to Python": the data in the long format of Nixtla's libraries and a commented
//! Python script that redoes the comparison with mlforecast and statsforecast.
//!
//! [`long_format_csv`] writes `unique_id,ds,y,<exogenous…>` for the observed rows of every
//! series: ISO dates, `.` decimals, an empty field for a missing value, categorical columns as
//! their level names. [`python_script`] maps the report's resolved feature spec onto
//! mlforecast's lags, lag transforms and date features, its tabular models onto scikit-learn
//! estimators and its baselines / smoothing models onto statsforecast, and cross-validates both
//! with the report's horizon, number of windows and step, printing the MAE per model. What has
//! no counterpart (difference features, the ensemble, the direct strategy…) is said in a
//! comment rather than silently dropped. The script is plain text built deterministically from
//! the report: same report, same bytes.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDateTime};

use crate::backtest::TrainingWindow;
use crate::features::FeatureSpec;
use crate::features::holidays::{Country, Region};
use crate::features::rolling::RollingStat;
use crate::features::transform::TargetTransform;
use crate::forecast::report::ForecastReport;
use crate::frame::{Frame, Frequency};
use crate::spec::{ModelFamily, ModelSpec, Strategy};

/// The observed rows of every series in long format: `unique_id,ds,y,<exogenous columns>`.
pub fn long_format_csv(frame: &Frame) -> String {
    let mut out = String::new();
    let mut header = vec!["unique_id".to_owned(), "ds".to_owned(), "y".to_owned()];
    header.extend(frame.exog.iter().map(|c| c.name.clone()));
    push_record(&mut out, header.iter().map(String::as_str));
    let with_time = matches!(frame.freq, Frequency::Minutes { .. });
    for s in &frame.series {
        for t in 0..s.observed_len() {
            let Some(ts) = s.timestamps.get(t) else { break };
            let mut fields = vec![s.id.clone(), iso(ts, with_time), number(s.target[t])];
            for (j, col) in frame.exog.iter().enumerate() {
                let v = s.exog.get(j).and_then(|c| c.get(t)).copied().unwrap_or(f64::NAN);
                let level = col.levels.as_ref().and_then(|levels| {
                    (v.is_finite() && v >= 0.0 && v.fract() == 0.0)
                        .then(|| levels.get(v as usize))
                        .flatten()
                });
                fields.push(level.cloned().unwrap_or_else(|| number(v)));
            }
            push_record(&mut out, fields.iter().map(String::as_str));
        }
    }
    out
}

/// One CSV line, quoting fields that hold a comma, a quote or a line break.
fn push_record<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
}

fn iso(t: &NaiveDateTime, with_time: bool) -> String {
    if with_time {
        t.format("%Y-%m-%d %H:%M:%S").to_string()
    } else {
        t.format("%Y-%m-%d").to_string()
    }
}

/// Shortest round-trip decimal with `.`; empty for a missing value.
fn number(v: f64) -> String {
    if v.is_finite() { format!("{v}") } else { String::new() }
}

/// A Python float literal.
fn py_float(v: f64) -> String {
    if v.is_finite() {
        let s = format!("{v:?}");
        if s.contains(['.', 'e', 'E']) { s } else { format!("{s}.0") }
    } else {
        "float('nan')".to_owned()
    }
}

/// A Python string literal.
fn py_str(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The pandas frequency alias of the report's frequency (monthly and later anchored on the
/// start or end of the period as the forecast's timestamps are).
fn pandas_freq(report: &ForecastReport) -> String {
    let month_end = report
        .forecasts
        .first()
        .and_then(|f| f.timestamps.first())
        .is_some_and(|t| t.date().succ_opt().is_some_and(|d| d.day() == 1));
    let anchor = |start: &str, end: &str| if month_end { end.to_owned() } else { start.to_owned() };
    match report.frequency {
        Frequency::Minutes { minutes } => format!("{minutes}min"),
        Frequency::Daily => "D".into(),
        Frequency::BusinessDaily => "B".into(),
        Frequency::Weekly { anchor } => {
            format!("W-{}", anchor.to_string().to_uppercase().chars().take(3).collect::<String>())
        }
        Frequency::Monthly => anchor("MS", "ME"),
        Frequency::Quarterly => anchor("QS", "QE"),
        Frequency::Yearly => anchor("YS", "YE"),
    }
}

/// Python expression of the step index of `dates` (a DatetimeIndex), for Fourier terms.
fn step_index(freq: Frequency) -> String {
    match freq {
        Frequency::Minutes { minutes } => {
            format!("(dates - pd.Timestamp('1970-01-01')) / pd.Timedelta(minutes={minutes})")
        }
        Frequency::Daily | Frequency::BusinessDaily => {
            "(dates - pd.Timestamp('1970-01-01')) / pd.Timedelta(days=1)".into()
        }
        Frequency::Weekly { .. } => {
            "(dates - pd.Timestamp('1970-01-01')) / pd.Timedelta(days=7)".into()
        }
        Frequency::Monthly => "dates.year * 12 + dates.month - 1".into(),
        Frequency::Quarterly => "dates.year * 4 + dates.quarter - 1".into(),
        Frequency::Yearly => "dates.year".into(),
    }
}

fn country_code(c: Country) -> &'static str {
    match c {
        Country::France => "FR",
        Country::UnitedStates => "US",
        Country::UnitedKingdom => "GB",
        Country::Germany => "DE",
    }
}

/// The sklearn estimator of a tabular model, or `None` for a history-based one.
fn sklearn_model(m: &ModelSpec, seed: u64) -> Option<String> {
    let depth = |d: Option<usize>| d.map_or("None".to_owned(), |d| d.to_string());
    Some(match *m {
        ModelSpec::Linear => "LinearRegression()".into(),
        ModelSpec::Ridge { alpha } => format!("Ridge(alpha={})", py_float(alpha)),
        ModelSpec::Lasso { alpha } => format!("Lasso(alpha={})", py_float(alpha)),
        ModelSpec::ElasticNet { alpha, l1_ratio } => {
            format!("ElasticNet(alpha={}, l1_ratio={})", py_float(alpha), py_float(l1_ratio))
        }
        ModelSpec::Knn { k } => format!(
            "make_pipeline(SimpleImputer(), StandardScaler(), \
             KNeighborsRegressor(n_neighbors={k}, weights='distance'))"
        ),
        ModelSpec::DecisionTree { max_depth, min_samples_leaf } => format!(
            "DecisionTreeRegressor(max_depth={}, min_samples_leaf={min_samples_leaf}, \
             random_state={seed})",
            depth(max_depth)
        ),
        ModelSpec::RandomForest { n_trees, max_depth, min_samples_leaf } => format!(
            "RandomForestRegressor(n_estimators={n_trees}, max_depth={}, \
             min_samples_leaf={min_samples_leaf}, max_features=1 / 3, random_state={seed}, n_jobs=-1)",
            depth(max_depth)
        ),
        ModelSpec::ExtraTrees { n_trees, max_depth, min_samples_leaf } => format!(
            "ExtraTreesRegressor(n_estimators={n_trees}, max_depth={}, \
             min_samples_leaf={min_samples_leaf}, max_features=1.0, random_state={seed}, n_jobs=-1)",
            depth(max_depth)
        ),
        _ => return None,
    })
}

/// The statsforecast model of a history-based model, or `None` for a tabular one.
fn stats_model(m: &ModelSpec, season: usize, periods: &[usize]) -> Option<String> {
    let alias = py_str(m.key());
    Some(match *m {
        ModelSpec::Naive => format!("Naive(alias={alias})"),
        ModelSpec::SeasonalNaive => format!("SeasonalNaive(season_length={season}, alias={alias})"),
        ModelSpec::Mean => format!("HistoricAverage(alias={alias})"),
        ModelSpec::Drift => format!("RandomWalkWithDrift(alias={alias})"),
        ModelSpec::MovingAverage { window } => {
            format!("WindowAverage(window_size={window}, alias={alias})")
        }
        ModelSpec::SeasonalAverage { seasons } => format!(
            "SeasonalWindowAverage(season_length={season}, window_size={seasons}, alias={alias})"
        ),
        ModelSpec::Ets => format!("AutoETS(season_length={season}, alias={alias})"),
        ModelSpec::Mstl => {
            let p: Vec<String> = periods.iter().map(usize::to_string).collect();
            format!(
                "MSTL(season_length=[{}], trend_forecaster=AutoETS(model='ZZN'), alias={alias})",
                p.join(", ")
            )
        }
        _ => return None,
    })
}

fn rolling_class(stat: RollingStat) -> &'static str {
    match stat {
        RollingStat::Mean => "RollingMean",
        RollingStat::Std => "RollingStd",
        RollingStat::Min => "RollingMin",
        RollingStat::Max => "RollingMax",
        RollingStat::Median => "RollingQuantile",
    }
}

/// Python lines defining the date features of `spec`, and their names.
fn date_features(spec: &FeatureSpec, freq: Frequency) -> (String, Vec<String>) {
    let mut defs = String::new();
    let mut pre = String::new();
    let mut names = Vec::new();
    let c = &spec.calendar;
    let mut add = |name: &str, body: &str| {
        let _ = writeln!(
            defs,
            "def {name}(dates):\n    dates = pd.DatetimeIndex(dates)\n    return np.asarray({body}, dtype=float)\n\n"
        );
        names.push(name.to_owned());
    };
    if c.day_of_week {
        add("day_of_week", "dates.dayofweek");
    }
    if c.day_of_month {
        add("day_of_month", "dates.day");
    }
    if c.week_of_year {
        add("week_of_year", "dates.isocalendar().week");
    }
    if c.month {
        add("month", "dates.month");
    }
    if c.quarter {
        add("quarter", "dates.quarter");
    }
    if c.year {
        add("year", "dates.year");
    }
    if c.is_weekend {
        add("is_weekend", "dates.dayofweek >= 5");
    }
    if c.days_to_month_end {
        add("days_to_month_end", "dates.days_in_month - dates.day");
    }
    if c.days_from_month_start {
        add("days_from_month_start", "dates.day - 1");
    }
    if c.hour {
        add("hour", "dates.hour + dates.minute / 60");
    }
    for f in &spec.fourier {
        for k in 1..=f.order {
            let tag = format!("{}", f.period).replace('.', "_");
            for (fun, np_fun) in [("sin", "np.sin"), ("cos", "np.cos")] {
                let body = format!(
                    "{np_fun}(2 * np.pi * {k} * np.asarray({}, dtype=float) / {})",
                    step_index(freq),
                    py_float(f.period)
                );
                add(&format!("fourier_{fun}_{tag}_{k}"), &body);
            }
        }
    }
    if let Some(h) = spec.holidays {
        let subdiv = match h.region {
            Some(Region::AlsaceMoselle) => ", subdiv='57'",
            _ => "",
        };
        let body = "[d in HOLIDAYS for d in dates.date]";
        let _ = writeln!(
            pre,
            "# Public holidays from the `holidays` package (pip install holidays). Prevision also\n\
             # uses distances to the previous / next holiday; only the flag is reproduced here.\n\
             HOLIDAYS = holidays.country_holidays({}{subdiv}, years=range(1990, 2101))\n\n",
            py_str(country_code(h.country))
        );
        add("is_holiday", body);
    }
    (pre + &defs, names)
}

/// A commented Python script reproducing `report`'s comparison with mlforecast and
/// statsforecast on the long-format file `data_file` (see [`long_format_csv`]).
pub fn python_script(report: &ForecastReport, data_file: &str) -> String {
    let spec = &report.spec;
    let features = spec.features.clone().unwrap_or_default();
    let season = report.season;
    let periods = report.frequency.seasonal_periods();
    let horizon = spec.horizon;
    let windows = report.windows;
    let step = spec.backtest.step.unwrap_or(horizon);
    let freq = pandas_freq(report);

    let mut tabular = Vec::new();
    let mut stats = Vec::new();
    let mut notes = Vec::new();
    for m in &spec.models {
        match m.family() {
            ModelFamily::Tabular => match sklearn_model(m, spec.seed) {
                Some(est) => tabular.push((m.key(), est)),
                None => notes.push(format!("{}: no scikit-learn equivalent, left out.", m.key())),
            },
            ModelFamily::Baseline | ModelFamily::Smoothing => {
                match stats_model(m, season, &periods) {
                    Some(model) => stats.push(model),
                    None => {
                        notes.push(format!("{}: no statsforecast equivalent, left out.", m.key()))
                    }
                }
            }
        }
    }
    if report.leaderboard.iter().any(|r| r.id == crate::forecast::ENSEMBLE_ID) {
        notes.push(
            "ensemble: Prevision's mean/median of the best models has no built-in \
             equivalent; average the model columns of `cv_ml` / `cv_sf` yourself."
                .into(),
        );
    }

    let mut s = String::new();
    let _ = writeln!(s, "#!/usr/bin/env python3");
    let _ = writeln!(s, "# Generated by Prevision: the same comparison with Nixtla's libraries.");
    let _ = writeln!(
        s,
        "# Target: {} ({} series).",
        report.target_name.replace('\n', " "),
        report.series.len()
    );
    let mut packages = Vec::new();
    if !tabular.is_empty() {
        packages.extend(["mlforecast", "scikit-learn"]);
    }
    if !stats.is_empty() {
        packages.push("statsforecast");
    }
    packages.extend(["pandas", "numpy"]);
    if features.holidays.is_some() && !tabular.is_empty() {
        packages.push("holidays");
    }
    let _ = writeln!(s, "# Install: pip install {}", packages.join(" "));
    let _ = writeln!(
        s,
        "# Backtest: horizon {horizon}, {windows} windows, a new origin every {step} steps."
    );
    let _ = writeln!(
        s,
        "# Results will be close to Prevision's, not identical: the libraries differ in"
    );
    let _ = writeln!(s, "# details (missing-value handling, tree building, ETS model selection).");
    for n in &notes {
        let _ = writeln!(s, "# Not reproduced: {}", n.replace('\n', " "));
    }
    s.push('\n');
    s.push_str("import numpy as np\nimport pandas as pd\n");
    if features.holidays.is_some() && !tabular.is_empty() {
        s.push_str("import holidays\n");
    }
    if !tabular.is_empty() {
        s.push_str(
            "from mlforecast import MLForecast\n\
             from mlforecast.lag_transforms import (\n    ExpandingMean, RollingMax, RollingMean, \
             RollingMin, RollingQuantile, RollingStd, SeasonalRollingMean,\n)\n\
             from mlforecast.target_transforms import Differences, GlobalSklearnTransformer, \
             LocalStandardScaler\n\
             from sklearn.ensemble import ExtraTreesRegressor, RandomForestRegressor\n\
             from sklearn.impute import SimpleImputer\n\
             from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge\n\
             from sklearn.neighbors import KNeighborsRegressor\n\
             from sklearn.pipeline import make_pipeline\n\
             from sklearn.preprocessing import FunctionTransformer, StandardScaler\n\
             from sklearn.tree import DecisionTreeRegressor\n",
        );
    }
    if !stats.is_empty() {
        s.push_str(
            "from statsforecast import StatsForecast\n\
             from statsforecast.models import (\n    MSTL, AutoETS, HistoricAverage, Naive, \
             RandomWalkWithDrift, SeasonalNaive,\n    SeasonalWindowAverage, WindowAverage,\n)\n",
        );
    }
    s.push('\n');
    let _ = writeln!(s, "DATA_FILE = {}", py_str(data_file));
    let _ = writeln!(s, "FREQ = {}", py_str(&freq));
    let _ = writeln!(s, "HORIZON = {horizon}");
    let _ = writeln!(s, "N_WINDOWS = {windows}");
    let _ = writeln!(s, "STEP = {step}");
    let _ = writeln!(s, "SEASON = {season}\n");
    s.push_str(
        "# Long format: one row per series and date; exogenous columns follow `y`.\n\
         df = pd.read_csv(DATA_FILE, parse_dates=['ds'])\n\n",
    );
    let input_size = match spec.backtest.training {
        TrainingWindow::Expanding => "None".to_owned(),
        TrainingWindow::Sliding { size } => size.to_string(),
    };
    if spec.backtest.gap > 0 {
        let _ = writeln!(
            s,
            "# Prevision left a gap of {} steps between training and forecast; the libraries\n\
             # have no such setting, so their folds start right after the training data.\n",
            spec.backtest.gap
        );
    }
    s.push_str("results = {}\n\n");

    if !tabular.is_empty() {
        let (defs, names) = date_features(&features, report.frequency);
        s.push_str("# Date features, computed from the timestamps being predicted.\n");
        s.push_str(&defs);
        let lags: Vec<String> = features.lags.iter().map(usize::to_string).collect();
        let mut transforms: Vec<String> = features
            .rolling
            .iter()
            .map(|r| match r.stat {
                RollingStat::Median => format!("RollingQuantile(p=0.5, window_size={})", r.window),
                stat => format!("{}(window_size={})", rolling_class(stat), r.window),
            })
            .collect();
        transforms.extend(features.seasonal_rolling.iter().map(|r| {
            format!("SeasonalRollingMean(season_length={}, window_size={})", r.period, r.k)
        }));
        if features.expanding_mean {
            transforms.push("ExpandingMean()".into());
        }
        if !features.differences.is_empty() {
            let d: Vec<String> = features.differences.iter().map(usize::to_string).collect();
            let _ = writeln!(
                s,
                "# Prevision's difference features (y[t-1] - y[t-1-d], d in [{}]) have no\n\
                 # mlforecast lag transform; they are left out.",
                d.join(", ")
            );
        }
        let target_transform = match spec.transform {
            TargetTransform::None => None,
            TargetTransform::Log1p => {
                Some("GlobalSklearnTransformer(FunctionTransformer(np.log1p, np.expm1))".to_owned())
            }
            TargetTransform::Difference { lag } => Some(format!("Differences([{lag}])")),
            TargetTransform::Scale => Some("LocalStandardScaler()".to_owned()),
        };
        if spec.strategy == Strategy::Direct {
            s.push_str(
                "# Prevision used the direct strategy (one model per step); mlforecast's\n\
                 # cross_validation below is recursive. MLForecast.fit(max_horizon=HORIZON) gives\n\
                 # direct models for a final fit.\n",
            );
        }
        if features.series_id {
            s.push_str("# Prevision's series-index feature has no counterpart here; left out.\n");
        }
        s.push_str("# Tabular models learn from lags, rolling statistics and date features.\n");
        s.push_str(
            "# scikit-learn's linear models and forests cannot read missing values: rows with\n",
        );
        s.push_str("# a missing feature are dropped (Prevision imputes training means instead).\n");
        s.push_str("fcst = MLForecast(\n    models={\n");
        for (key, est) in &tabular {
            let _ = writeln!(s, "        {}: {est},", py_str(key));
        }
        s.push_str("    },\n    freq=FREQ,\n");
        let _ = writeln!(s, "    lags=[{}],", lags.join(", "));
        if transforms.is_empty() {
            s.push_str("    lag_transforms={},\n");
        } else {
            s.push_str(
                "    # Rolling statistics end at the previous step (lag 1), as in Prevision.\n",
            );
            let _ = writeln!(s, "    lag_transforms={{1: [{}]}},", transforms.join(", "));
        }
        let _ = writeln!(s, "    date_features=[{}],", names.join(", "));
        if let Some(t) = target_transform {
            let _ = writeln!(s, "    target_transforms=[{t}],");
        }
        s.push_str(")\n");
        let exog_note = if features.exog {
            "# Exogenous columns of the file are dynamic features (known at the predicted date).\n"
        } else {
            ""
        };
        s.push_str(exog_note);
        let drop_exog = if features.exog { "df" } else { "df[['unique_id', 'ds', 'y']]" };
        let _ = writeln!(
            s,
            "cv_ml = fcst.cross_validation(\n    df={drop_exog},\n    h=HORIZON,\n    n_windows=N_WINDOWS,\n    \
             step_size=STEP,\n    input_size={input_size},\n    static_features=[],\n)\n\
             for model in fcst.models:\n    results[model] = (cv_ml[model] - cv_ml['y']).abs().mean()\n"
        );
    }

    if !stats.is_empty() {
        s.push_str("# Baselines and exponential smoothing read each series' history directly.\n");
        s.push_str("sf = StatsForecast(\n    models=[\n");
        for m in &stats {
            let _ = writeln!(s, "        {m},");
        }
        s.push_str("    ],\n    freq=FREQ,\n    n_jobs=1,\n)\n");
        let _ = writeln!(
            s,
            "cv_sf = sf.cross_validation(\n    df=df[['unique_id', 'ds', 'y']],\n    h=HORIZON,\n    \
             n_windows=N_WINDOWS,\n    step_size=STEP,\n    input_size={input_size},\n)\n\
             for model in [c for c in cv_sf.columns if c not in ('unique_id', 'ds', 'cutoff', 'y')]:\n    \
             results[model] = (cv_sf[model] - cv_sf['y']).abs().mean()\n"
        );
    }

    s.push_str(
        "# Mean absolute error over every backtest window, best first.\n\
         for model, mae in sorted(results.items(), key=lambda kv: kv[1]):\n    \
         print(f'{model:<24} MAE {mae:.4f}')\n",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_literals_escape_quotes_and_keep_floats_floats() {
        assert_eq!(py_str("l'été\\n"), "'l\\'été\\\\n'");
        assert_eq!(py_float(1.0), "1.0");
        assert_eq!(py_float(0.1), "0.1");
        assert_eq!(py_float(1e-7), "1e-7");
        assert_eq!(py_float(f64::NAN), "float('nan')");
    }

    #[test]
    fn csv_fields_with_separators_or_quotes_are_quoted() {
        let mut out = String::new();
        push_record(&mut out, ["a", "b,c", "say \"hi\""].into_iter());
        assert_eq!(out, "a,\"b,c\",\"say \"\"hi\"\"\"\n");
    }

    #[test]
    fn missing_values_are_empty_and_numbers_use_a_dot() {
        assert_eq!(number(f64::NAN), "");
        assert_eq!(number(1234.5), "1234.5");
        assert_eq!(number(-0.25), "-0.25");
    }
}
