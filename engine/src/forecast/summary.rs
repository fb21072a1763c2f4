//! The plain-language summary of a run, written in English and French from the report's
//! numbers: which model won and by how much over the seasonal naive baseline, and, per
//! forecast step of the first series, what drove the prediction (SHAP by feature group).

use chrono::{Datelike, NaiveDateTime, Timelike, Weekday};

use super::group_names;
use super::report::{Explanation, LeaderboardRow, SeriesForecast, Summary};
use crate::features::FeatureInfo;
use crate::frame::{Frame, Frequency};

/// Inputs fed by earlier forecasts named in a sentence before "and N more".
const FED_NAMES_SHOWN: usize = 3;
/// A family of features is named among what pushes a forecast up or down only when its push
/// is at least this share of the largest push of that step: "+0.6" beside "−158" is noise a
/// reader would take for a reason.
const MATERIAL_SHARE: f64 = 0.05;

/// What the summary is written from.
pub(super) struct Inputs<'a> {
    pub frame: &'a Frame,
    pub forecasts: &'a [SeriesForecast],
    pub explanation: Option<&'a Explanation>,
    pub infos: &'a [FeatureInfo],
    pub chosen: &'a LeaderboardRow,
    pub leaderboard: &'a [LeaderboardRow],
    pub transformed: bool,
    /// Backtest windows the comparison rests on.
    pub windows: usize,
}

/// Fewer backtest windows than this make the comparison of models a first indication only:
/// the summary says so.
const FEW_WINDOWS: usize = 3;

/// A number with grouped thousands, `1,240` in English and `1 240` in French.
pub fn format_number(v: f64, french: bool) -> String {
    let decimals = if v.abs() >= 100.0 || v.fract() == 0.0 {
        0
    } else if v.abs() >= 1.0 {
        1
    } else {
        3
    };
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(if french { '\u{202f}' } else { ',' });
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && text.chars().any(|c| c != '0' && c != '.') { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{}{frac}", if french { ',' } else { '.' })
    }
}

fn weekday_en(d: Weekday) -> &'static str {
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        [d.num_days_from_monday() as usize]
}

fn weekday_fr(d: Weekday) -> &'static str {
    ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        [d.num_days_from_monday() as usize]
}

/// "Saturday 9 March 2024" / "samedi 9 mars 2024" (with the time for sub-daily data).
fn when(t: NaiveDateTime, freq: Frequency, french: bool) -> String {
    use crate::features::{MONTHS_EN, MONTHS_FR};
    let m = t.month0() as usize;
    let date = match freq {
        Frequency::Monthly | Frequency::Quarterly => {
            if french {
                format!("{} {}", MONTHS_FR[m], t.year())
            } else {
                format!("{} {}", MONTHS_EN[m], t.year())
            }
        }
        Frequency::Yearly => t.year().to_string(),
        _ if french => {
            let day = if t.day() == 1 { "1er".to_owned() } else { t.day().to_string() };
            format!("{} {day} {} {}", weekday_fr(t.weekday()), MONTHS_FR[m], t.year())
        }
        _ => format!("{} {} {} {}", weekday_en(t.weekday()), t.day(), MONTHS_EN[m], t.year()),
    };
    match freq {
        Frequency::Minutes { .. } => format!("{date} {:02}:{:02}", t.hour(), t.minute()),
        _ => date,
    }
}

fn signed(v: f64, french: bool) -> String {
    let s = format_number(v.abs(), french);
    if v >= 0.0 { format!("+{s}") } else { format!("−{s}") }
}

/// Writes the summary.
pub(super) fn write(i: &Inputs<'_>) -> Summary {
    let mut en = Vec::new();
    let mut fr = Vec::new();
    let chosen = i.chosen;
    let mase = chosen.metrics.as_ref().and_then(|m| m.mase);
    // A near tie goes to the simpler model: then the most accurate one is another, named.
    let best = i
        .leaderboard
        .iter()
        .filter_map(|r| Some((r, r.metrics.as_ref()?.mase?)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(r, _)| r.id != chosen.id);
    // Repeating last season, the yardstick (unless it is the chosen model itself).
    let seasonal = i
        .leaderboard
        .iter()
        .find(|r| r.id == "seasonal_naive")
        .and_then(|s| s.metrics.as_ref()?.mase)
        .filter(|&s| chosen.id != "seasonal_naive" && s > 0.0);
    match (mase, best, seasonal) {
        (Some(c), Some((best, b)), seasonal) => {
            let within = (super::TIE_TOLERANCE * 100.0).round();
            // Three decimals: the two scores differ by under 1%.
            let m = |v: f64, french: bool| {
                let t = format!("{v:.3}");
                if french { t.replace('.', ",") } else { t }
            };
            en.push(format!(
                "{} is chosen (MASE {}): within {within}% of the most accurate model, {} (MASE {}), and simpler.",
                chosen.name_en,
                m(c, false),
                best.name_en,
                m(b, false)
            ));
            fr.push(format!(
                "Modèle retenu : {} (MASE {}), à moins de {within} % du plus précis, {} (MASE {}), et plus simple.",
                chosen.name_fr,
                m(c, true),
                best.name_fr,
                m(b, true)
            ));
            match seasonal {
                Some(s) if c < s => {
                    let gain = ((1.0 - c / s) * 100.0).round();
                    en.push(format!("It is {gain}% more accurate than repeating last season."));
                    fr.push(format!(
                        "Ce modèle est {gain} % plus précis que de répéter la saison précédente."
                    ));
                }
                Some(s) => {
                    en.push(format!(
                        "No model beats repeating last season (MASE {}).",
                        format_number(s, false)
                    ));
                    fr.push(format!(
                        "Aucun modèle ne bat la répétition de la saison précédente (MASE {}).",
                        format_number(s, true)
                    ));
                }
                None => {}
            }
        }
        (Some(c), None, Some(s)) if c < s => {
            let gain = ((1.0 - c / s) * 100.0).round();
            en.push(format!(
                "{} forecasts best on the backtest (MASE {}), {gain}% more accurate than repeating last season.",
                chosen.name_en,
                format_number(c, false),
            ));
            fr.push(format!(
                "{} prévoit le mieux sur le backtest (MASE {}), {gain} % plus précis que de répéter la saison précédente.",
                chosen.name_fr,
                format_number(c, true),
            ));
        }
        (Some(c), None, Some(s)) => {
            en.push(format!(
                "{} is the best model kept (MASE {}), but no model beats repeating last season (MASE {}).",
                chosen.name_en,
                format_number(c, false),
                format_number(s, false)
            ));
            fr.push(format!(
                "{} est le meilleur modèle retenu (MASE {}), mais aucun modèle ne bat la répétition de la saison précédente (MASE {}).",
                chosen.name_fr,
                format_number(c, true),
                format_number(s, true)
            ));
        }
        _ => {
            en.push(format!("{} forecasts best on the backtest.", chosen.name_en));
            fr.push(format!("{} prévoit le mieux sur le backtest.", chosen.name_fr));
        }
    }
    if i.windows < FEW_WINDOWS {
        en.push(format!(
            "This comparison rests on only {} of the history: take it as a first indication, \
             not a verdict.",
            if i.windows == 1 {
                "one test window".to_owned()
            } else {
                format!("{} test windows", i.windows)
            }
        ));
        fr.push(format!(
            "Cette comparaison ne repose que sur {} de l'historique : c'est une première \
             indication, pas un verdict.",
            if i.windows == 1 {
                "une fenêtre de test".to_owned()
            } else {
                format!("{} fenêtres de test", i.windows)
            }
        ));
    }
    let Some(explanation) = i.explanation else {
        return Summary { en, fr };
    };
    if !explanation.is_chosen {
        // Display names, not the run's model id (`extra_trees`).
        let explained = i.leaderboard.iter().find(|r| r.id == explanation.model);
        let name = |row: fn(&LeaderboardRow) -> &String| {
            explained.map_or_else(|| explanation.model.clone(), |r| row(r).clone())
        };
        en.push(format!(
            "The explanations below are those of the best model that can be explained feature by feature ({}), since {} cannot be.",
            name(|r| &r.name_en),
            chosen.name_en
        ));
        fr.push(format!(
            "Les explications ci-dessous sont celles du meilleur modèle qui s'explique variable par variable ({}), car {} ne le peut pas.",
            name(|r| &r.name_fr),
            chosen.name_fr
        ));
    }
    let point = i.forecasts.first().map(|f| f.point.as_slice()).unwrap_or(&[]);
    for step in explanation.steps.iter().filter(|s| s.series == 0) {
        let value = if explanation.is_chosen && !i.transformed {
            point.get(step.step - 1).copied().unwrap_or(step.prediction)
        } else {
            step.prediction
        };
        let largest = step.groups.iter().map(|g| g.value.abs()).fold(0.0, f64::max);
        let material = |v: f64| v.abs() >= MATERIAL_SHARE * largest;
        let positive: Vec<_> =
            step.groups.iter().filter(|g| g.value > 0.0 && material(g.value)).take(2).collect();
        let negative = step
            .groups
            .iter()
            .filter(|g| g.value < 0.0 && material(g.value))
            .min_by(|a, b| a.value.total_cmp(&b.value));
        let list = |french: bool| {
            positive
                .iter()
                .map(|g| {
                    let (n_en, n_fr) = group_names(g.group);
                    format!("{} ({})", if french { n_fr } else { n_en }, signed(g.value, french))
                })
                .collect::<Vec<_>>()
        };
        let when_en = when(step.timestamp, i.frame.freq, false);
        let when_fr = when(step.timestamp, i.frame.freq, true);
        let mut s_en = format!(
            "The forecast for {when_en} ({}) starts from the model's average of {}",
            format_number(value, false),
            format_number(step.base_value, false)
        );
        // `du samedi 9 mars`, `de mars 2024`, `d'avril 2024`.
        let of_fr = match i.frame.freq {
            Frequency::Monthly | Frequency::Quarterly | Frequency::Yearly => {
                format!("{}{when_fr}", super::de_before(&when_fr))
            }
            _ => format!("du {when_fr}"),
        };
        let mut s_fr = format!(
            "La prévision {of_fr} ({}) part de la moyenne du modèle, {}",
            format_number(value, true),
            format_number(step.base_value, true)
        );
        let (l_en, l_fr) = (list(false), list(true));
        if !l_en.is_empty() {
            s_en.push_str(&format!(", is pushed up mostly by {}", l_en.join(" and ")));
            s_fr.push_str(&format!(", est surtout tirée vers le haut par {}", l_fr.join(" et ")));
        }
        if let Some(g) = negative {
            let (n_en, n_fr) = group_names(g.group);
            s_en.push_str(&format!(", and is lowered most by {n_en} ({})", signed(g.value, false)));
            s_fr.push_str(&format!(
                ", et est surtout abaissée par {n_fr} ({})",
                signed(g.value, true)
            ));
        }
        s_en.push('.');
        s_fr.push('.');
        if !step.fed_by_predictions.is_empty() {
            let fed = &step.fed_by_predictions;
            let names = |french: bool| {
                let mut names: Vec<String> = fed
                    .iter()
                    .take(FED_NAMES_SHOWN)
                    .filter_map(|k| i.infos.iter().find(|f| &f.key == k))
                    .map(|f| format!("« {} »", if french { &f.name_fr } else { &f.name_en }))
                    .collect();
                if fed.len() > FED_NAMES_SHOWN {
                    let more = fed.len() - FED_NAMES_SHOWN;
                    names.push(if french {
                        format!("{more} autres")
                    } else {
                        format!("{more} more")
                    });
                }
                names.join(", ")
            };
            s_en.push_str(&format!(
                " This explains the one-step model on that step's inputs; {} of them came from earlier forecasts ({}).",
                fed.len(),
                names(false).replace('«', "\"").replace(" »", "\"").replace("\" ", "\"")
            ));
            s_fr.push_str(&format!(
                " Cela explique le modèle à un pas sur les entrées de cette étape ; {} d'entre elles viennent de prévisions précédentes ({}).",
                fed.len(),
                names(true).replace("« ", "«\u{a0}").replace(" »", "\u{a0}»")
            ));
        }
        en.push(s_en);
        fr.push(s_fr);
    }
    Summary { en, fr }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_thousands_in_each_language() {
        assert_eq!(format_number(1240.4, false), "1,240");
        assert_eq!(format_number(1240.4, true), "1\u{202f}240");
        assert_eq!(format_number(1234567.0, false), "1,234,567");
        assert_eq!(format_number(-12.34, true), "-12,3");
        assert_eq!(format_number(0.5, false), "0.500");
        assert_eq!(signed(-95.0, true), "−95");
    }

    fn row(id: &str, name: &str, mase: f64) -> LeaderboardRow {
        LeaderboardRow {
            id: id.into(),
            name_en: name.into(),
            name_fr: name.into(),
            family: None,
            metrics: Some(super::super::report::Metrics {
                mae: 1.0,
                rmse: 1.0,
                mape: None,
                smape: 1.0,
                mase: Some(mase),
                wape: None,
                bias: 0.0,
                undefined: vec![],
            }),
            per_step: vec![],
            per_series: vec![],
            members: vec![],
            rank: Some(1),
            failure: None,
        }
    }

    /// Saturday 9 March 2024, midnight.
    fn saturday() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2024, 3, 9)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("valid")
    }

    /// A daily frame of `sales` without series (the summary reads only its frequency and name).
    fn sales_frame() -> Frame {
        Frame { freq: Frequency::Daily, target_name: "sales".into(), exog: vec![], series: vec![] }
    }

    #[test]
    fn a_step_names_its_strongest_push_up_and_its_strongest_pull_down() {
        use super::super::report::{GroupContribution, StepExplanation};
        use crate::features::FeatureGroup;
        let (t, frame) = (saturday(), sales_frame());
        let group = |group, value| GroupContribution { group, value };
        let explanation = Explanation {
            model: "random_forest".into(),
            is_chosen: true,
            transformed_scale: false,
            steps: vec![StepExplanation {
                series: 0,
                step: 1,
                timestamp: t,
                prediction: 1240.0,
                base_value: 1000.0,
                shap: vec![],
                values: vec![],
                groups: vec![
                    group(FeatureGroup::RecentLevel, 310.0),
                    group(FeatureGroup::SeasonalPattern, 180.0),
                    group(FeatureGroup::Holiday, -95.0),
                    group(FeatureGroup::Trend, -5.0),
                ],
                fed_by_predictions: vec![],
            }],
        };
        let board = [
            row("random_forest", "Random forest", 0.8),
            row("seasonal_naive", "Seasonal naive", 1.0),
        ];
        let s = summary_of(&frame, &explanation, &board, t, 1240.0);
        assert_eq!(
            s.en[0],
            "Random forest forecasts best on the backtest (MASE 0.800), 20% more accurate than repeating last season."
        );
        assert_eq!(
            s.en[1],
            "The forecast for Saturday 9 March 2024 (1,240) starts from the model's average of 1,000, is pushed up mostly by the recent level (+310) and the usual seasonal pattern (+180), and is lowered most by public holidays (−95)."
        );
        assert!(
            s.fr[1].starts_with("La prévision du samedi 9 mars 2024 (1\u{202f}240)"),
            "{}",
            s.fr[1]
        );
        assert!(s.fr[1].contains("les jours fériés (−95)"), "{}", s.fr[1]);
    }

    #[test]
    fn a_push_too_small_beside_the_largest_is_not_named_as_a_reason() {
        use super::super::report::{GroupContribution, StepExplanation};
        use crate::features::FeatureGroup;
        let frame = sales_frame();
        let t = chrono::NaiveDate::from_ymd_opt(2024, 1, 3)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("a date");
        let group = |g, v| GroupContribution { group: g, value: v };
        let step = |groups| StepExplanation {
            series: 0,
            step: 1,
            timestamp: t,
            prediction: 990.0,
            base_value: 1299.0,
            shap: vec![],
            values: vec![],
            groups,
            fed_by_predictions: vec![],
        };
        let explanation = |groups| Explanation {
            model: "random_forest".into(),
            is_chosen: true,
            transformed_scale: false,
            steps: vec![step(groups)],
        };
        let board = [
            row("random_forest", "Random forest", 0.8),
            row("seasonal_naive", "Seasonal naive", 1.0),
        ];
        // +0.6 beside −158 and −152: under 5 % of the largest push, it is no reason.
        let groups = vec![
            group(FeatureGroup::Exogenous, 0.643),
            group(FeatureGroup::RecentLevel, -158.0),
            group(FeatureGroup::Trend, -152.0),
        ];
        let s = summary_of(&frame, &explanation(groups), &board, t, 990.0);
        assert_eq!(
            s.en[1],
            "The forecast for Wednesday 3 January 2024 (990) starts from the model's average of 1,299, and is lowered most by the recent level (−158)."
        );
        assert!(!s.fr[1].contains("vers le haut"), "{}", s.fr[1]);
        // At 5 % or more it is named.
        let groups =
            vec![group(FeatureGroup::Exogenous, 8.0), group(FeatureGroup::RecentLevel, -158.0)];
        let s = summary_of(&frame, &explanation(groups), &board, t, 990.0);
        assert!(s.en[1].contains("is pushed up mostly by the extra columns (+8)"), "{}", s.en[1]);
        // A small pull beside a large push is left out the same way.
        let groups =
            vec![group(FeatureGroup::SeasonalPattern, 300.0), group(FeatureGroup::Holiday, -2.0)];
        let s = summary_of(&frame, &explanation(groups), &board, t, 990.0);
        assert!(!s.en[1].contains("lowered"), "{}", s.en[1]);
        assert!(s.en[1].contains("the usual seasonal pattern (+300)."), "{}", s.en[1]);
    }

    /// The summary of a one-step forecast `point` at `t` of the first model of `board`.
    fn summary_of(
        frame: &Frame,
        explanation: &Explanation,
        board: &[LeaderboardRow],
        t: chrono::NaiveDateTime,
        point: f64,
    ) -> Summary {
        let forecast = SeriesForecast {
            series: "s".into(),
            timestamps: vec![t],
            point: vec![point],
            bands: vec![],
        };
        write(&Inputs {
            frame,
            forecasts: std::slice::from_ref(&forecast),
            explanation: Some(explanation),
            infos: &[],
            chosen: &board[0],
            leaderboard: board,
            transformed: false,
            windows: 5,
        })
    }

    /// The inputs of a summary of the leaderboard alone: no forecast, no explanation.
    fn board_only<'a>(
        frame: &'a Frame,
        board: &'a [LeaderboardRow],
        chosen: &'a LeaderboardRow,
        windows: usize,
    ) -> Inputs<'a> {
        Inputs {
            frame,
            forecasts: &[],
            explanation: None,
            infos: &[],
            chosen,
            leaderboard: board,
            transformed: false,
            windows,
        }
    }

    #[test]
    fn a_near_tie_names_the_most_accurate_model_and_why_the_simpler_one_is_chosen() {
        let board = [
            row("ridge", "Ridge", 0.748),
            row("mean", "Historical mean", 0.7484),
            row("seasonal_naive", "Seasonal naive", 0.999),
        ];
        let frame = sales_frame();
        let inputs = |chosen| board_only(&frame, &board, chosen, 5);
        let tie = write(&inputs(&board[1]));
        assert_eq!(
            tie.en[..2],
            [
                "Historical mean is chosen (MASE 0.748): within 1% of the most accurate model, Ridge (MASE 0.748), and simpler.",
                "It is 25% more accurate than repeating last season.",
            ]
        );
        assert_eq!(
            tie.fr[0],
            "Modèle retenu : Historical mean (MASE 0,748), à moins de 1 % du plus précis, Ridge (MASE 0,748), et plus simple."
        );
        assert!(!tie.en.iter().any(|s| s.contains("forecasts best")), "{:?}", tie.en);
        // The most accurate model chosen keeps the plain sentence.
        let best = write(&inputs(&board[0]));
        assert!(best.en[0].starts_with("Ridge forecasts best on the backtest (MASE 0.748)"));
    }

    #[test]
    fn a_comparison_on_few_windows_is_called_a_first_indication() {
        let board = [row("ridge", "Ridge", 0.5), row("seasonal_naive", "Seasonal naive", 1.0)];
        let frame = sales_frame();
        let inputs = |windows| board_only(&frame, &board, &board[0], windows);
        let one = write(&inputs(1));
        assert!(one.en.iter().any(|s| s.contains("only one test window")), "{:?}", one.en);
        assert!(one.fr.iter().any(|s| s.contains("une fenêtre de test")), "{:?}", one.fr);
        let two = write(&inputs(2));
        assert!(two.en.iter().any(|s| s.contains("only 2 test windows")), "{:?}", two.en);
        let five = write(&inputs(5));
        assert!(!five.en.iter().any(|s| s.contains("first indication")), "{:?}", five.en);
    }

    #[test]
    fn the_explained_model_is_named_by_its_display_name_not_its_id() {
        let (t, frame) = (saturday(), sales_frame());
        let explanation = Explanation {
            model: "extra_trees".into(),
            is_chosen: false,
            transformed_scale: false,
            steps: vec![],
        };
        let mut trees = row("extra_trees", "Extra trees (100 trees)", 0.9);
        trees.name_fr = "Arbres extrêmement aléatoires (100 arbres)".into();
        let board = [row("naive", "Naive", 0.8), trees];
        let s = summary_of(&frame, &explanation, &board, t, 0.0);
        let en = s.en.iter().find(|l| l.contains("feature by feature")).expect("the note");
        assert!(en.contains("(Extra trees (100 trees))"), "{en}");
        assert!(!en.contains("extra_trees"), "{en}");
        let fr = s.fr.iter().find(|l| l.contains("variable par variable")).expect("the note");
        assert!(fr.contains("(Arbres extrêmement aléatoires (100 arbres))"), "{fr}");
        assert!(!fr.contains("extra_trees"), "{fr}");
    }

    #[test]
    fn dates_read_as_words_in_each_language() {
        let t = chrono::NaiveDate::from_ymd_opt(2024, 3, 9)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("valid");
        assert_eq!(when(t, Frequency::Daily, false), "Saturday 9 March 2024");
        assert_eq!(when(t, Frequency::Daily, true), "samedi 9 mars 2024");
        assert_eq!(when(t, Frequency::Monthly, true), "mars 2024");
        let first = chrono::NaiveDate::from_ymd_opt(2025, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("valid");
        assert_eq!(when(first, Frequency::Daily, true), "mercredi 1er janvier 2025");
        assert_eq!(super::super::de_before("avril 2024"), "d'");
        assert_eq!(super::super::de_before("mars 2024"), "de ");
        assert_eq!(super::super::de_before("Extra-trees"), "d'");
    }
}
