//! Numbers as tables and sentences show them, per language: fixed decimals chosen per column,
//! percentages, counts with a noun that agrees, a feature's value in words (a day name, a
//! month, yes / no, a series' name), the display name of an ensemble, and the decimal text a
//! reader types into a field.
//!
//! Invariants: a column of numbers is printed with one number of decimals (trailing zeros
//! kept), chosen from the column's typical magnitude so that values differing by more than
//! 1 % never print alike; English writes `31%` and `1 value` / `2 values`, French writes
//! `31 %` (narrow no-break space) and is singular for 0 and 1 (`0 valeur`, `1 valeur`).

use prevision_engine::features::FeatureInfo;
use prevision_engine::forecast::report::{ForecastReport, LeaderboardRow};
use prevision_engine::frame::ExogColumn;
use prevision_engine::spec::EnsembleMethod;

use super::Lang;

/// Significant digits a column shows of its typical value before it needs more to tell values
/// apart.
const COLUMN_DIGITS: i32 = 3;

/// Extra decimals a column may take to tell apart values that differ by more than 1 %.
const MAX_EXTRA_DECIMALS: usize = 6;

/// Decimals that show `scale` with `digits` significant digits (none for a scale of 100 and
/// more with three digits; 0 for a zero or non-finite scale).
pub fn significant_decimals(scale: f64, digits: i32) -> usize {
    let scale = scale.abs();
    if !scale.is_finite() || scale == 0.0 {
        return 0;
    }
    let magnitude = scale.log10().floor() as i32;
    (digits - 1 - magnitude).clamp(0, 15) as usize
}

/// The decimals of a column of `values` whose typical magnitude is `scale` (a series' typical
/// error for errors, its level for forecasts): three significant digits of `scale`, and more,
/// up to six more, while two values that differ by more than 1 % (and by more than a
/// thousandth of `scale`, so that noise far below the column's precision does not count)
/// would print alike.
pub fn column_decimals(values: &[f64], scale: f64) -> usize {
    let values: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let scale = if scale.is_finite() && scale != 0.0 {
        scale.abs()
    } else {
        values.iter().fold(0.0_f64, |m, v| m.max(v.abs()))
    };
    let base = significant_decimals(scale, COLUMN_DIGITS);
    let distinct = |a: f64, b: f64| {
        let gap = (a - b).abs();
        gap > 0.01 * a.abs().max(b.abs()) && gap > 1e-3 * scale
    };
    let tells_apart = |decimals: usize| {
        let unit = 10f64.powi(decimals as i32);
        values.iter().enumerate().all(|(i, &a)| {
            values[i + 1..]
                .iter()
                .all(|&b| !distinct(a, b) || (a * unit).round() != (b * unit).round())
        })
    };
    (base..=base + MAX_EXTRA_DECIMALS)
        .find(|&d| tells_apart(d))
        .unwrap_or(base + MAX_EXTRA_DECIMALS)
}

/// The decimals of a forecast table (points and bounds alike): the column rule on the points
/// (three significant digits of their typical level, more to tell apart values that differ by
/// more than 1 %), and at least one.
pub fn forecast_decimals(points: impl IntoIterator<Item = f64>) -> usize {
    let points: Vec<f64> = points.into_iter().collect();
    column_decimals(&points, typical(points.iter().copied())).max(1)
}

/// The median of the finite absolute values of `values` (0 when there is none): the typical
/// magnitude of a column.
pub fn typical(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).map(f64::abs).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 { v[mid] } else { (v[mid - 1] + v[mid]) / 2.0 }
}

/// A number as a reader types it into a field: a dot or a comma as the decimal mark (with
/// both, the last one is the mark and the other separates thousands), spaces (plain or
/// no-break) between thousands, a leading minus sign of either kind.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    let mark = cleaned.rfind([',', '.']);
    let normal: String = cleaned
        .char_indices()
        .filter_map(|(i, c)| match c {
            ',' | '.' if Some(i) == mark => Some('.'),
            ',' | '.' => None,
            other => Some(other),
        })
        .collect();
    normal.parse::<f64>().ok().filter(|x| x.is_finite())
}

impl Lang {
    /// `x` with exactly `decimals` decimals (trailing zeros kept, so a column lines up), this
    /// language's marks, a true minus sign, and no sign on a value that rounds to zero; `NaN`
    /// shows as an em dash.
    pub fn fixed(self, x: f64, decimals: usize) -> String {
        if let Some(text) = super::non_finite(x) {
            return text;
        }
        let text = format!("{:.*}", decimals, x.abs());
        let (int_part, frac_part) = text.split_once('.').unwrap_or((text.as_str(), ""));
        self.written(x < 0.0, int_part, frac_part)
    }

    /// A number as it is written into a field for the reader to edit: its shortest digits,
    /// this language's decimal mark, no thousands separator (`0,25`, `1000`).
    pub fn editable(self, x: f64) -> String {
        let text = format!("{x}");
        match self {
            Lang::En => text,
            Lang::Fr => text.replace('.', ","),
        }
    }

    /// A value given in percent (`31.2` for 31.2 %) with `decimals` decimals: `31.2%` in
    /// English, `31,2 %` with a narrow no-break space in French; `NaN` is an em dash.
    pub fn percent(self, percent: f64, decimals: usize) -> String {
        if !percent.is_finite() {
            return "—".to_owned();
        }
        let n = self.fixed(percent, decimals);
        match self {
            Lang::En => format!("{n}%"),
            Lang::Fr => format!("{n}\u{202f}%"),
        }
    }

    /// An interval level or a share given from 0 to 1 (`0.95`, `0.975`) as a percentage with
    /// the decimals it needs (`95%`, `97.5%`; `95 %` in French).
    pub fn level(self, share: f64) -> String {
        let percent = share * 100.0;
        let decimals = if (percent - percent.round()).abs() < 1e-9 { 0 } else { 1 };
        self.percent(percent, decimals)
    }

    /// Whether a count of `n` takes the plural: English for every count but 1, French from 2.
    pub fn is_plural(self, n: usize) -> bool {
        match self {
            Lang::En => n != 1,
            Lang::Fr => n > 1,
        }
    }

    /// `one` or `many`, whichever agrees with a count of `n`.
    pub fn agree<'a>(self, n: usize, one: &'a str, many: &'a str) -> &'a str {
        if self.is_plural(n) { many } else { one }
    }

    /// A count and its noun, agreeing (`1 cell`, `2 cells`; `0 cellule`, `3 cellules`), the
    /// count grouped by thousands.
    pub fn counted(self, n: usize, one: &str, many: &str) -> String {
        format!("{} {}", self.count(n), self.agree(n, one, many))
    }

    /// After a note naming one series of `count` alike: ` (as do 2 other series)`,
    /// ` (comme 2 autres séries)`; nothing when it is the only one.
    pub fn as_do_others(self, count: usize) -> String {
        match (count.saturating_sub(1), self) {
            (0, _) => String::new(),
            (more, Lang::En) => {
                format!(" (as do {})", self.counted(more, "other series", "other series"))
            }
            (more, Lang::Fr) => {
                format!(" (comme {})", self.counted(more, "autre série", "autres séries"))
            }
        }
    }

    /// The name of a day of the week counted from Monday = 0 (`Monday` / `lundi`).
    pub fn weekday_name(self, from_monday: usize) -> Option<&'static str> {
        const EN: [&str; 7] =
            ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        const FR: [&str; 7] =
            ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
        match self {
            Lang::En => EN.get(from_monday).copied(),
            Lang::Fr => FR.get(from_monday).copied(),
        }
    }

    /// The name of month `month` (1 = January).
    pub fn month_name(self, month: usize) -> Option<&'static str> {
        use prevision_engine::features::{MONTHS_EN as EN, MONTHS_FR as FR};
        let i = month.checked_sub(1)?;
        match self {
            Lang::En => EN.get(i).copied(),
            Lang::Fr => FR.get(i).copied(),
        }
    }

    /// "yes" or "no" for a 0/1 flag.
    fn yes_no(self, on: bool) -> &'static str {
        match (self, on) {
            (Lang::En, true) => "yes",
            (Lang::En, false) => "no",
            (Lang::Fr, true) => "oui",
            (Lang::Fr, false) => "non",
        }
    }

    /// The value `value` of feature `info` as a reader knows it: a day or month name, yes / no
    /// for a flag, the series' name for its encoded id, a category's label for its code, whole
    /// numbers for counts and calendar fields, and `cx.decimals` decimals for measured values.
    pub fn feature_value(self, info: &FeatureInfo, value: f64, cx: FeatureValues<'_>) -> String {
        if !value.is_finite() {
            return "—".to_owned();
        }
        let whole = (value.fract() == 0.0 && value >= 0.0).then_some(value as usize);
        let integer = || format!("{}", value.round() as i64);
        let flag = || match whole {
            Some(0) => self.yes_no(false).to_owned(),
            Some(1) => self.yes_no(true).to_owned(),
            _ => self.number(value, 2),
        };
        match info.key.as_str() {
            "series_id" => whole.and_then(|i| cx.series.get(i)).cloned().unwrap_or_else(integer),
            "day_of_week" => {
                whole.and_then(|d| self.weekday_name(d)).map_or_else(integer, str::to_owned)
            }
            "month" => whole.and_then(|m| self.month_name(m)).map_or_else(integer, str::to_owned),
            "quarter" => match self {
                Lang::En => format!("Q{}", integer()),
                Lang::Fr => format!("T{}", integer()),
            },
            "hour" => {
                let minutes = (value * 60.0).round() as i64;
                format!("{:02}:{:02}", minutes.div_euclid(60), minutes.rem_euclid(60))
            }
            "is_weekend" | "holiday" | "bridge_day" => flag(),
            "year"
            | "day_of_month"
            | "week_of_year"
            | "days_to_month_end"
            | "days_from_month_start"
            | "days_to_next_holiday"
            | "days_since_last_holiday"
            | "holidays_in_period" => integer(),
            key if key.starts_with("fourier_") => self.fixed(value, 2),
            key if key.starts_with("exog_") => {
                match cx.exog.iter().find_map(|c| exog_reading(c, key)) {
                    Some(ExogReading::Flag) => flag(),
                    Some(ExogReading::Code(levels)) => {
                        whole.and_then(|i| levels.get(i)).cloned().unwrap_or_else(integer)
                    }
                    None => self.number(value, cx.decimals.max(2)),
                }
            }
            _ => self.fixed(value, cx.decimals),
        }
    }

    /// The display name of an ensemble combining `members` (their display names, best first):
    /// `Ensemble (mean of A, B)` / `Ensemble (moyenne d'A, B)`, with the French elision before
    /// a vowel.
    pub fn ensemble_name(self, method: EnsembleMethod, members: &[String]) -> String {
        let list = members.join(", ");
        match self {
            Lang::En => {
                let how = match method {
                    EnsembleMethod::Mean => "mean",
                    EnsembleMethod::Median => "median",
                };
                format!("Ensemble ({how} of {list})")
            }
            Lang::Fr => {
                let how = match method {
                    EnsembleMethod::Mean => "moyenne",
                    EnsembleMethod::Median => "médiane",
                };
                format!("Ensemble ({how} {}{list})", de(&list))
            }
        }
    }
}

impl Lang {
    /// The display name of leaderboard row `row` of `board`: its own name, or for an ensemble
    /// (a row with members) the way `method` combines its members, each named by its own row.
    pub fn row_name(
        self,
        row: &LeaderboardRow,
        board: &[LeaderboardRow],
        method: EnsembleMethod,
    ) -> String {
        let own = |r: &LeaderboardRow| match self {
            Lang::En => r.name_en.clone(),
            Lang::Fr => r.name_fr.clone(),
        };
        if row.members.is_empty() {
            return own(row);
        }
        let members: Vec<String> = row
            .members
            .iter()
            .map(|m| {
                board
                    .iter()
                    .find(|r| &r.id == m && r.members.is_empty())
                    .map_or_else(|| self.model_name(m), own)
            })
            .collect();
        self.ensemble_name(method, &members)
    }

    /// The display name of report `r`'s chosen model, with its settings ("Moving average
    /// (24)", an ensemble by its members), from its leaderboard row; its key's name when the
    /// row is missing.
    pub fn chosen_name(self, r: &ForecastReport) -> String {
        r.chosen_row().map_or_else(
            || self.model_name(&r.chosen),
            |row| self.row_name(row, &r.leaderboard, r.spec.ensemble.method),
        )
    }
}

/// French "de " or, before a vowel, "d'" (`d'Extra-trees`, `de Ridge`).
pub fn de(next: &str) -> &'static str {
    let vowel =
        next.chars().next().is_some_and(|c| "aeiouAEIOUàâäéèêëîïôöùûüÀÂÄÉÈÊËÎÏÔÖÙÛÜ".contains(c));
    if vowel { "d'" } else { "de " }
}

/// What names the raw values of features: the run's series ids (a series-id feature holds an
/// index into them), the data's extra columns (a category's code indexes its levels) and the
/// decimals of measured values.
#[derive(Debug, Clone, Copy, Default)]
pub struct FeatureValues<'a> {
    /// The run's series ids, in frame order.
    pub series: &'a [String],
    /// The data's extra columns.
    pub exog: &'a [ExogColumn],
    /// Decimals of values on the target's scale (lags, averages).
    pub decimals: usize,
}

/// How a feature built from extra column `c` holds its value, if the feature `key` is one of
/// `c`'s: a 0/1 flag (one column per level), or a level's code (too many levels for flags).
enum ExogReading<'a> {
    Flag,
    Code(&'a [String]),
}

fn exog_reading<'a>(c: &'a ExogColumn, key: &str) -> Option<ExogReading<'a>> {
    let levels = c.levels.as_deref()?;
    let base = format!("exog_{}", c.name);
    let rest = key.strip_prefix(&base)?;
    // The column's own key, or its lagged copy (`exog_x_lag_7`).
    let own = rest.is_empty() || rest.strip_prefix("_lag_").is_some_and(is_digits);
    if own {
        return Some(ExogReading::Code(levels));
    }
    let flag = levels.iter().any(|label| {
        rest.strip_suffix(&format!("_is_{label}"))
            .is_some_and(|lag| lag.is_empty() || lag.strip_prefix("_lag_").is_some_and(is_digits))
    });
    flag.then_some(ExogReading::Flag)
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use prevision_engine::features::FeatureGroup;
    use prevision_engine::frame::Availability;

    fn info(key: &str) -> FeatureInfo {
        FeatureInfo {
            key: key.into(),
            name_en: key.into(),
            name_fr: key.into(),
            group: FeatureGroup::Calendar,
        }
    }

    #[test]
    fn fixed_keeps_its_decimals_and_the_language_marks() {
        assert_eq!(Lang::En.fixed(144.0, 1), "144.0");
        assert_eq!(Lang::En.fixed(115.27, 1), "115.3");
        assert_eq!(Lang::Fr.fixed(1_234.5, 2), "1\u{202f}234,50");
        assert_eq!(Lang::En.fixed(-0.0004, 3), "0.000");
        assert_eq!(Lang::En.fixed(-2.5, 1), "−2.5");
        assert_eq!(Lang::Fr.fixed(f64::NAN, 2), "—");
    }

    #[test]
    fn percentages_follow_each_language() {
        assert_eq!(Lang::En.percent(31.0, 0), "31%");
        assert_eq!(Lang::En.percent(8.34, 1), "8.3%");
        assert_eq!(Lang::Fr.percent(31.0, 0), "31\u{202f}%");
        assert_eq!(Lang::Fr.percent(8.34, 1), "8,3\u{202f}%");
        assert_eq!(Lang::Fr.percent(f64::NAN, 1), "—");
        assert_eq!(Lang::En.level(0.95), "95%");
        assert_eq!(Lang::Fr.level(0.975), "97,5\u{202f}%");
    }

    #[test]
    fn counts_agree_with_their_noun_french_singular_for_zero_and_one() {
        assert_eq!(Lang::En.counted(1, "window", "windows"), "1 window");
        assert_eq!(Lang::En.counted(0, "window", "windows"), "0 windows");
        assert_eq!(Lang::Fr.counted(0, "fenêtre", "fenêtres"), "0 fenêtre");
        assert_eq!(Lang::Fr.counted(1, "cellule", "cellules"), "1 cellule");
        assert_eq!(Lang::Fr.counted(1_200, "cellule", "cellules"), "1\u{202f}200 cellules");
    }

    #[test]
    fn a_column_of_errors_tells_apart_values_that_differ_by_more_than_a_percent() {
        // Hourly errors around 0.1: three significant digits, so 0.104 and 0.112 differ.
        let mae = [0.1041, 0.1063, 0.1088, 0.1121, 0.1190, 0.1240];
        let d = column_decimals(&mae, typical(mae));
        assert_eq!(d, 3);
        let shown: Vec<String> = mae.iter().map(|x| Lang::Fr.fixed(*x, d)).collect();
        assert_eq!(shown, ["0,104", "0,106", "0,109", "0,112", "0,119", "0,124"]);
        // Errors in the hundreds need no decimals…
        assert_eq!(column_decimals(&[144.0, 115.3, 132.1], 130.0), 0);
        // …and values well under the column's scale take more when two of them differ by more
        // than 1 % but would round alike (0.10 and 0.10).
        assert_eq!(column_decimals(&[0.1001, 0.1049, 1.2], 1.0), 3);
        // Values within 1 % of each other may print alike.
        assert_eq!(column_decimals(&[132.1, 133.0], 130.0), 0);
        // A bias near zero is shown on the error's scale, with more digits only where two
        // biases differ by more than a thousandth of that scale.
        assert_eq!(column_decimals(&[0.0004, -0.0003, 0.0001], 0.1), 4);
        assert_eq!(column_decimals(&[1e-9, -2e-9], 0.1), 3);
        assert_eq!(column_decimals(&[], 0.0), 0);
    }

    #[test]
    fn forecasts_keep_a_decimal_and_follow_their_level() {
        assert_eq!(forecast_decimals([1_043.54, 1_346.92, 1_210.0]), 1);
        // Hourly kWh around 1: 1.30 next to 1.07, not 1.3.
        let kwh = [0.95, 1.01, 1.16, 1.3, 1.39, 2.48];
        let d = forecast_decimals(kwh);
        assert_eq!(d, 2);
        assert_eq!(Lang::Fr.fixed(1.3, d), "1,30");
        assert_eq!(forecast_decimals([3.1989e-9, 3.75e-9]), 11);
        assert_eq!(forecast_decimals([]), 1);
    }

    #[test]
    fn the_typical_value_is_the_median_magnitude() {
        assert_eq!(typical([3.0, -1.0, 2.0]), 2.0);
        assert_eq!(typical([1.0, 2.0, 3.0, 100.0]), 2.5);
        assert_eq!(typical([f64::NAN]), 0.0);
    }

    #[test]
    fn typed_decimals_read_with_either_mark() {
        assert_eq!(parse_decimal("0,25"), Some(0.25));
        assert_eq!(parse_decimal(" 1.5 "), Some(1.5));
        assert_eq!(parse_decimal("1\u{202f}000,5"), Some(1000.5));
        assert_eq!(parse_decimal("−2"), Some(-2.0));
        assert_eq!(parse_decimal("1,000.5"), Some(1000.5));
        assert_eq!(parse_decimal("1.000,5"), Some(1000.5));
        assert_eq!(parse_decimal("abc"), None);
        assert_eq!(Lang::Fr.editable(0.25), "0,25");
        assert_eq!(Lang::En.editable(1000.0), "1000");
        assert_eq!(parse_decimal(&Lang::Fr.editable(1.5)), Some(1.5));
        assert_eq!(parse_decimal(""), None);
    }

    #[test]
    fn feature_values_read_as_days_months_flags_and_names() {
        let series = ["Lyon".to_owned(), "Besançon".to_owned()];
        let exog = [
            ExogColumn {
                name: "Météo".into(),
                availability: Availability::KnownInAdvance,
                levels: Some(vec!["pluvieux".into(), "ensoleillé".into()]),
            },
            ExogColumn {
                name: "Promo".into(),
                availability: Availability::KnownInAdvance,
                levels: None,
            },
        ];
        let cx = FeatureValues { series: &series, exog: &exog, decimals: 1 };
        let v = |lang: Lang, key: &str, x: f64| lang.feature_value(&info(key), x, cx);
        assert_eq!(v(Lang::En, "series_id", 0.0), "Lyon");
        assert_eq!(v(Lang::Fr, "series_id", 1.0), "Besançon");
        assert_eq!(v(Lang::En, "series_id", 7.0), "7");
        assert_eq!(v(Lang::En, "day_of_week", 2.0), "Wednesday");
        assert_eq!(v(Lang::Fr, "day_of_week", 4.0), "vendredi");
        assert_eq!(v(Lang::En, "month", 1.0), "January");
        assert_eq!(v(Lang::Fr, "month", 8.0), "août");
        assert_eq!(v(Lang::En, "holiday", 1.0), "yes");
        assert_eq!(v(Lang::Fr, "is_weekend", 0.0), "non");
        assert_eq!(v(Lang::Fr, "quarter", 3.0), "T3");
        assert_eq!(v(Lang::En, "hour", 13.5), "13:30");
        assert_eq!(v(Lang::En, "year", 2024.0), "2024");
        assert_eq!(v(Lang::En, "days_since_last_holiday", 7.0), "7");
        assert_eq!(v(Lang::En, "lag_7", 1_008.471), "1,008.5");
        assert_eq!(v(Lang::Fr, "exog_Météo_is_pluvieux", 1.0), "oui");
        assert_eq!(v(Lang::En, "exog_Météo_lag_1_is_ensoleillé", 0.0), "no");
        assert_eq!(v(Lang::En, "exog_Promo", 1.0), "1");
        assert_eq!(v(Lang::En, "exog_Promo", f64::NAN), "—");
        // A category with too many levels for flags holds its level's code.
        let many: Vec<String> = (0..40).map(|i| format!("s{i}")).collect();
        let coded = [ExogColumn {
            name: "store".into(),
            availability: Availability::ObservedOnly,
            levels: Some(many),
        }];
        let cx = FeatureValues { exog: &coded, ..cx };
        assert_eq!(Lang::En.feature_value(&info("exog_store_lag_7"), 3.0, cx), "s3");
    }

    #[test]
    fn report_sentences_agree_with_a_count_of_one_in_both_languages() {
        use super::super::Msg;
        use prevision_engine::ingest::{FillPolicy, IngestWarning, RejectReason};
        let t = |lang: Lang, w: IngestWarning| lang.text(&Msg::Warning(&w));
        let cells = || IngestWarning::InvalidCells {
            column: "ventes".into(),
            count: 1,
            first_line: 12,
            first_value: "n/a".into(),
        };
        assert_eq!(
            t(Lang::Fr, cells()),
            "1 cellule de «\u{a0}ventes\u{a0}» n'est pas un nombre et a été considérée comme vide \
             (ligne 12\u{a0}: «\u{a0}n/a\u{a0}»)."
        );
        assert!(t(Lang::En, cells()).starts_with("1 cell of “ventes” is not a number and was"));
        assert_eq!(
            t(Lang::Fr, IngestWarning::BlankLines { count: 1 }),
            "1 ligne vide a été ignorée."
        );
        assert_eq!(
            t(Lang::En, IngestWarning::BlankLines { count: 1 }),
            "1 empty line was skipped."
        );
        assert!(t(Lang::Fr, IngestWarning::FutureRows { count: 1 }).starts_with(
            "1 ligne après la dernière valeur connue a été gardée comme ligne future"
        ));
        assert!(
            t(Lang::En, IngestWarning::IrregularSpacing { off_grid: 1, on_grid: 40 })
                .starts_with("1 row falls between the regular dates (40 are on them); it was")
        );
        assert!(
            t(Lang::Fr, IngestWarning::IrregularSpacing { off_grid: 3, on_grid: 1 })
                .starts_with("3 lignes tombent entre les dates régulières (1 est dessus)")
        );
        assert!(
            t(Lang::Fr, IngestWarning::PreambleSkipped { lines: 1 })
                .contains("la ligne au-dessus de son en-tête (un titre, une note) n'a pas été lue")
        );
        assert!(
            t(Lang::Fr, IngestWarning::DatesAcrossColumns { dates: 40, series: 1 })
                .contains("40 dates ont été lues dans l'en-tête pour 1 série, nommée par ses")
        );
        let fill =
            |lang: Lang, filled| lang.text(&Msg::FillNote { policy: FillPolicy::Linear, filled });
        assert_eq!(
            fill(Lang::Fr, 1),
            "1 valeur manquante a été complétée en ligne droite entre ses voisines."
        );
        assert_eq!(
            fill(Lang::En, 1),
            "1 missing value was filled by a straight line between its neighbours."
        );
        assert_eq!(
            fill(Lang::En, 4),
            "4 missing values were filled by a straight line between their neighbours."
        );
        let fields = RejectReason::WrongFieldCount { expected: 5, found: 1 };
        assert_eq!(Lang::Fr.text(&Msg::Reject(&fields)), "1 champ au lieu de 5");
        assert_eq!(Lang::En.text(&Msg::Reject(&fields)), "1 field instead of 5");
        let preview = Msg::PreviewNote { shown: 1, total: 2, series: "a" };
        assert_eq!(
            Lang::Fr.text(&preview),
            "La première ligne sur 2 de la série «\u{a0}a\u{a0}», après nettoyage."
        );
    }

    #[test]
    fn an_ensemble_is_named_with_the_french_elision() {
        let members = ["Extra-trees (100 arbres)".to_owned(), "Ridge (α=1)".to_owned()];
        assert_eq!(
            Lang::Fr.ensemble_name(EnsembleMethod::Mean, &members),
            "Ensemble (moyenne d'Extra-trees (100 arbres), Ridge (α=1))"
        );
        let members = ["Ridge (α=1)".to_owned(), "Extra-trees (100 arbres)".to_owned()];
        assert_eq!(
            Lang::Fr.ensemble_name(EnsembleMethod::Median, &members),
            "Ensemble (médiane de Ridge (α=1), Extra-trees (100 arbres))"
        );
        assert_eq!(
            Lang::En.ensemble_name(EnsembleMethod::Mean, &["Ridge (α=1)".to_owned()]),
            "Ensemble (mean of Ridge (α=1))"
        );
        assert_eq!(de("Élagage"), "d'");
        let row = |id: &str, fr: &str, members: &[&str]| LeaderboardRow {
            id: id.into(),
            name_en: id.into(),
            name_fr: fr.into(),
            family: None,
            metrics: None,
            per_step: vec![],
            per_series: vec![],
            members: members.iter().map(|m| m.to_string()).collect(),
            rank: None,
            failure: None,
        };
        let board = [
            row(
                "ensemble",
                "Ensemble (moyenne de Extra-trees (100 arbres), Ridge (α=1))",
                &["extra_trees", "ridge"],
            ),
            row("extra_trees", "Extra-trees (100 arbres)", &[]),
            row("ridge", "Ridge (α=1)", &[]),
        ];
        assert_eq!(
            Lang::Fr.row_name(&board[0], &board, EnsembleMethod::Mean),
            "Ensemble (moyenne d'Extra-trees (100 arbres), Ridge (α=1))"
        );
        assert_eq!(Lang::Fr.row_name(&board[2], &board, EnsembleMethod::Mean), "Ridge (α=1)");
        assert_eq!(de("k plus proches voisins"), "de ");
    }
}
