//! The words a chart shows, already translated by the caller.
//!
//! Charts never pick a language: the page fills these structs from its own translations
//! (`i18n`) and hands them over with the data. Every struct has an English [`Default`] so a
//! chart drawn without translations is still readable (tests, first wiring). Templates carry
//! one placeholder each, replaced verbatim: `{level}` (a whole percentage) and `{n}` (a count).

use serde::{Deserialize, Serialize};

/// Titles, axis names, legend entries and calendar words of one chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ChartText {
    /// Title drawn at the top left; empty draws none (the page may show its own heading).
    pub title: String,
    /// Name of the horizontal axis, drawn under it; empty draws none.
    pub x_axis: String,
    /// Name of the vertical axis (with its unit), drawn above it; empty draws none.
    pub y_axis: String,
    /// Legend entries and fixed labels.
    pub legend: LegendText,
    /// Month and weekday names for date labels and profile bars.
    pub calendar: Calendar,
    /// How numbers are written.
    pub numbers: NumberFormat,
}

impl ChartText {
    /// Text with a title and axis names, English defaults for the rest.
    pub fn titled(title: &str, x_axis: &str, y_axis: &str) -> ChartText {
        ChartText {
            title: title.to_owned(),
            x_axis: x_axis.to_owned(),
            y_axis: y_axis.to_owned(),
            ..ChartText::default()
        }
    }
}

/// Legend entries and fixed labels; each chart uses the ones it draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegendText {
    /// Observed history (forecast chart, tooltip).
    pub history: String,
    /// Backtest forecasts of the chosen model (forecast chart, tooltip).
    pub backtest: String,
    /// Future point forecast (forecast chart, tooltip).
    pub forecast: String,
    /// A prediction band, with `{level}` for its whole percentage ("80% interval").
    pub band: String,
    /// The ±1.96/√n significance bounds of an autocorrelation chart.
    pub acf_bounds: String,
    /// Autocorrelation bars.
    pub acf_bars: String,
    /// Base value of a SHAP waterfall (the model's average output).
    pub base_value: String,
    /// Final prediction of a SHAP waterfall.
    pub prediction: String,
    /// The remaining features of a waterfall, with `{n}` for how many ("{n} other features").
    pub others: String,
    /// Nominal coverage of a level, with `{level}` ("nominal {level} %").
    pub nominal: String,
    /// Observed coverage of a level, with `{level}` ("observed {level} %").
    pub observed: String,
    /// Shown instead of a chart that has nothing to draw.
    pub no_data: String,
}

impl Default for LegendText {
    fn default() -> Self {
        LegendText {
            history: "History".into(),
            backtest: "Backtest forecasts".into(),
            forecast: "Forecast".into(),
            band: "{level}% interval".into(),
            acf_bounds: "95% bounds".into(),
            acf_bars: "Autocorrelation".into(),
            base_value: "Average prediction".into(),
            prediction: "Prediction".into(),
            others: "{n} other features".into(),
            nominal: "Nominal {level}%".into(),
            observed: "Observed {level}%".into(),
            no_data: "Nothing to show".into(),
        }
    }
}

/// Short month and weekday names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    /// Short month names, January first ("Jan", "janv.").
    pub months: [String; 12],
    /// Short weekday names, Monday first ("Mon", "lun.").
    pub weekdays: [String; 7],
}

impl Default for Calendar {
    fn default() -> Self {
        let months =
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        Calendar { months: months.map(String::from), weekdays: weekdays.map(String::from) }
    }
}

/// How numbers are written on axes, labels and tooltips.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberFormat {
    /// Between groups of three digits: `","` in English, a narrow no-break space in French.
    pub thousands: String,
    /// Decimal mark: `'.'` in English, `','` in French.
    pub decimal: char,
    /// After a percentage: `"%"` in English, a narrow no-break space and `%` in French.
    #[serde(default = "percent_sign")]
    pub percent: String,
}

fn percent_sign() -> String {
    "%".into()
}

impl Default for NumberFormat {
    fn default() -> Self {
        NumberFormat { thousands: ",".into(), decimal: '.', percent: percent_sign() }
    }
}

impl NumberFormat {
    /// French conventions: `1 234,5` (narrow no-break space, decimal comma).
    pub fn french() -> NumberFormat {
        NumberFormat { thousands: "\u{202f}".into(), decimal: ',', percent: "\u{202f}%".into() }
    }

    /// `value` with `decimals` digits after the mark, digits grouped by three and a true minus
    /// sign; `NaN` and infinities give an en dash.
    pub fn format(&self, value: f64, decimals: usize) -> String {
        if !value.is_finite() {
            return "–".into();
        }
        let text = format!("{:.*}", decimals, value.abs());
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut out = String::with_capacity(text.len() + 8);
        // A value that rounds to zero shows no sign.
        if value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
            out.push('\u{2212}');
        }
        let digits = int.len();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (digits - i) % 3 == 0 {
                out.push_str(&self.thousands);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(self.decimal);
            out.push_str(frac);
        }
        out
    }

    /// `value` with as many decimals as a value of this magnitude needs to show three or more
    /// significant digits (none from 1000 on).
    pub fn format_auto(&self, value: f64) -> String {
        let magnitude = value.abs();
        let decimals = if magnitude >= 100.0 || magnitude == 0.0 {
            0
        } else if magnitude >= 10.0 {
            1
        } else if magnitude >= 1.0 {
            2
        } else {
            3
        };
        self.format(value, decimals)
    }

    /// A signed contribution: `+1,234` or `−56`.
    pub fn format_signed(&self, value: f64) -> String {
        let body = self.format_auto(value);
        if value > 0.0 && body.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
            format!("+{body}")
        } else {
            body
        }
    }
}

/// Width in pixels of `s` at `size_px` in a wide sans-serif (DejaVu Sans' advances, which
/// Debian's Chromium falls back to for the page's font stack), character by character.
///
/// Native renders measure text with this: plotters' own estimate without a font gives every
/// *byte* the same width ("M" as wide as "i", "é" twice "e"), so layouts checked in SVG tests
/// would not be the ones the browser makes with `measureText`. Erring wide keeps tested
/// layouts from colliding with any narrower real font.
pub fn estimate_width(s: &str, size_px: f64) -> f64 {
    s.chars().map(advance_em).sum::<f64>() * size_px
}

/// Advance of `c` in ems (DejaVu Sans, rounded; unknown letters at a typical width).
fn advance_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | 'I' | 'J' | '\'' | '|' => 0.29,
        '.' | ',' | ':' | ';' | ' ' | '\u{a0}' => 0.32,
        '\u{202f}' | '\u{2009}' => 0.2,
        'f' | 't' | '(' | ')' | '[' | ']' | '/' | '!' => 0.4,
        'r' | '-' => 0.41,
        'c' | 's' | 'z' | 'k' | 'v' | 'x' | 'y' | '"' | '*' | '?' => 0.59,
        '0'..='9' | '€' | '$' | '£' => 0.64,
        'm' => 0.98,
        'w' => 0.82,
        'M' => 0.87,
        'W' => 0.99,
        '%' | '@' | '—' | '…' => 1.0,
        '+' | '=' | '<' | '>' | '≤' | '≥' | '−' | '×' | '±' | '#' => 0.84,
        '–' | '_' => 0.5,
        c if c.is_ascii_lowercase() => 0.63,
        c if c.is_ascii_uppercase() => 0.7,
        c if c.is_lowercase() => 0.63,
        c if c.is_uppercase() => 0.72,
        // CJK and other wide scripts take a full em.
        c if u32::from(c) >= 0x2e80 => 1.0,
        _ => 0.65,
    }
}

/// `template` with `{level}` replaced by the whole percentage of `level` (0.8 → `80`).
pub fn fill_level(template: &str, level: f64) -> String {
    let percent = level * 100.0;
    let shown = if (percent - percent.round()).abs() < 1e-9 {
        format!("{percent:.0}")
    } else {
        format!("{percent:.1}")
    };
    template.replace("{level}", &shown)
}

/// `template` with `{n}` replaced by `n`.
pub fn fill_count(template: &str, n: usize) -> String {
    template.replace("{n}", &n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_and_uses_a_true_minus() {
        let en = NumberFormat::default();
        assert_eq!(en.format(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(en.format(-1234.0, 0), "\u{2212}1,234");
        assert_eq!(en.format(999.0, 0), "999");
        assert_eq!(en.format(-0.001, 1), "0.0");
        assert_eq!(en.format(f64::NAN, 1), "–");
    }

    #[test]
    fn writes_french_numbers_with_a_narrow_space_and_a_comma() {
        assert_eq!(NumberFormat::french().format(12345.5, 1), "12\u{202f}345,5");
    }

    #[test]
    fn signs_contributions_and_picks_decimals_by_magnitude() {
        let en = NumberFormat::default();
        assert_eq!(en.format_signed(1234.4), "+1,234");
        assert_eq!(en.format_signed(-3.25), "\u{2212}3.25");
        assert_eq!(en.format_auto(0.01234), "0.012");
    }

    #[test]
    fn estimates_wide_letters_wider_than_narrow_ones_and_counts_characters_not_bytes() {
        assert!(estimate_width("MMM", 12.0) > 2.5 * estimate_width("iii", 12.0));
        // "é" is two bytes, "…" three: each is still one character.
        assert_eq!(estimate_width("é", 12.0), estimate_width("e", 12.0));
        assert!(estimate_width("…", 12.0) <= 12.0);
        assert_eq!(estimate_width("", 12.0), 0.0);
    }

    #[test]
    fn fills_level_and_count_templates() {
        assert_eq!(fill_level("{level} % interval", 0.8), "80 % interval");
        assert_eq!(fill_level("{level} %", 0.975), "97.5 %");
        assert_eq!(fill_count("{n} other features", 12), "12 other features");
    }
}
