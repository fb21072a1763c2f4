//! The shared look of every chart: palette, fonts, primitives (text, dashed polylines, markers,
//! legend swatches) and the plot frame (title, legend, axis names, grid, tick labels).
//!
//! Everything is drawn in backend pixels on a plotters [`DrawingArea`]; in the browser those are
//! CSS pixels (the canvas backend scales to the device), in tests SVG user units. Colours are
//! chosen for contrast on white (text ≥ 4.5:1, lines and fills ≥ 3:1 against the background),
//! and every series also differs by dash pattern or marker so nothing is told by colour alone.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::scale::{Linear, date_ticks, nice_ticks};
use super::text::{ChartText, estimate_width};
use super::{ChartError, PlotRect};

/// Font stack of the page (see style/main.css), so canvas text matches the HTML around it.
pub(crate) const FONT: &str =
    "system-ui, Segoe UI, Roboto, Noto Sans, Liberation Sans, Arial, sans-serif";
/// Title size in pixels.
pub(crate) const TITLE_PX: f64 = 15.0;
/// Tick, legend and label size in pixels.
pub(crate) const LABEL_PX: f64 = 12.0;

/// Body text: 16:1 on white.
pub(crate) const TEXT: RGBColor = RGBColor(0x17, 0x20, 0x2b);
/// Secondary text (tick labels, axis names): 7.4:1 on white.
pub(crate) const MUTED: RGBColor = RGBColor(0x4a, 0x55, 0x66);
/// Grid lines: faint on purpose, they only guide the eye.
pub(crate) const GRID: RGBColor = RGBColor(0xe3, 0xe8, 0xef);
/// Axis and zero lines.
pub(crate) const AXIS: RGBColor = RGBColor(0x8a, 0x96, 0xa8);
/// Observed history: near-black slate (12:1).
pub(crate) const HISTORY: RGBColor = RGBColor(0x33, 0x41, 0x55);
/// Backtest forecasts: burnt orange (5.2:1), dashed.
pub(crate) const BACKTEST: RGBColor = RGBColor(0xc2, 0x41, 0x0c);
/// Future forecast and its bands: strong blue (6.7:1), with markers.
pub(crate) const FORECAST: RGBColor = RGBColor(0x1d, 0x4e, 0xd8);
/// Contributions that raise a prediction.
pub(crate) const RAISE: RGBColor = RGBColor(0xb4, 0x23, 0x18);
/// Contributions that lower a prediction.
pub(crate) const LOWER: RGBColor = RGBColor(0x17, 0x5c, 0xd3);
/// Neutral bars (profiles, histogram, autocorrelation).
pub(crate) const BAR: RGBColor = RGBColor(0x2f, 0x6f, 0x8f);
/// Reference lines (bounds, nominal coverage).
pub(crate) const REFERENCE: RGBColor = RGBColor(0x6b, 0x3d, 0x00);
/// Series of the exploration chart, in order; paired with [`SERIES_DASHES`].
pub(crate) const SERIES: [RGBColor; 6] = [
    RGBColor(0x1d, 0x4e, 0xd8),
    RGBColor(0xc2, 0x41, 0x0c),
    RGBColor(0x0b, 0x6b, 0x58),
    RGBColor(0x7e, 0x22, 0xce),
    RGBColor(0x9f, 0x12, 0x39),
    RGBColor(0x33, 0x41, 0x55),
];
/// Dash patterns of the exploration chart's series.
pub(crate) const SERIES_DASHES: [Dash; 6] =
    [Dash::Solid, Dash::Dashed, Dash::Dotted, Dash::LongShort, Dash::LongDashed, Dash::Solid];

/// Line patterns, in pixels along the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dash {
    Solid,
    Dashed,
    LongDashed,
    Dotted,
    LongShort,
}

impl Dash {
    /// On/off lengths of one period; empty for a solid line.
    fn pattern(self) -> &'static [f64] {
        match self {
            Dash::Solid => &[],
            Dash::Dashed => &[6.0, 4.0],
            Dash::LongDashed => &[12.0, 5.0],
            Dash::Dotted => &[2.0, 3.0],
            Dash::LongShort => &[8.0, 3.0, 2.0, 3.0],
        }
    }
}

/// Point markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    None,
    Circle,
    Square,
    Diamond,
}

/// What a legend entry shows before its text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Swatch {
    /// A short line sample.
    Line { color: RGBColor, width: u32, dash: Dash, marker: Marker },
    /// A filled block (areas, bars).
    Fill { color: RGBColor, alpha: f64 },
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LegendItem {
    pub label: String,
    pub swatch: Swatch,
}

pub(crate) type Area<DB> = DrawingArea<DB, Shift>;

fn font(size: f64, bold: bool) -> FontDesc<'static> {
    let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
    FontDesc::new(FontFamily::Name(FONT), size, style)
}

/// Draws `s` with its anchor `(h, v)` at `at`.
pub(crate) fn text<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    at: (i32, i32),
    size: f64,
    color: RGBColor,
    anchor: (HPos, VPos),
    bold: bool,
) -> Result<(), ChartError> {
    if s.is_empty() {
        return Ok(());
    }
    let style = TextStyle::from(font(size, bold)).color(&color).pos(Pos::new(anchor.0, anchor.1));
    area.draw_text(s, &style, at)?;
    Ok(())
}

/// Width in pixels `s` takes at `size` in the regular weight.
pub(crate) fn text_width<DB: DrawingBackend>(area: &Area<DB>, s: &str, size: f64) -> i32 {
    styled_width(area, s, size, false)
}

/// Width in pixels `s` takes at `size`, bold or not: as the canvas measures it in the
/// browser; natively (SVG in tests) by [`estimate_width`], since plotters has no font to
/// measure with there (bold glyphs about a tenth wider).
#[cfg(target_arch = "wasm32")]
pub(crate) fn styled_width<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    size: f64,
    bold: bool,
) -> i32 {
    if s.is_empty() {
        return 0;
    }
    let style = TextStyle::from(font(size, bold));
    area.estimate_text_size(s, &style)
        .map_or(estimate_width(s, size).ceil() as i32, |(w, _)| w as i32)
}

/// Width in pixels `s` takes at `size`, bold or not: as the canvas measures it in the
/// browser; natively (SVG in tests) by [`estimate_width`], since plotters has no font to
/// measure with there (bold glyphs about a tenth wider).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn styled_width<DB: DrawingBackend>(
    _area: &Area<DB>,
    s: &str,
    size: f64,
    bold: bool,
) -> i32 {
    let width = estimate_width(s, size);
    (if bold { width * 1.1 } else { width }).ceil() as i32
}

/// `s` cut with an ellipsis to fit `max_px`.
pub(crate) fn fit_text<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    size: f64,
    max_px: i32,
) -> String {
    fit_styled(area, s, size, false, max_px)
}

/// `s` in bold or not, cut with an ellipsis to fit `max_px` (a title is bold: measured in
/// the regular weight, it ran past the chart's edge).
pub(crate) fn fit_styled<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    size: f64,
    bold: bool,
    max_px: i32,
) -> String {
    if styled_width(area, s, size, bold) <= max_px {
        return s.to_owned();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut keep = chars.len();
    while keep > 1 {
        keep -= 1;
        let candidate: String = chars[..keep].iter().collect::<String>() + "…";
        if styled_width(area, &candidate, size, bold) <= max_px {
            return candidate;
        }
    }
    "…".into()
}

/// A polyline with a dash pattern; one backend path per dash (SVG has no dash in plotters).
pub(crate) fn polyline<DB: DrawingBackend>(
    area: &Area<DB>,
    points: &[(i32, i32)],
    color: RGBColor,
    width: u32,
    dash: Dash,
) -> Result<(), ChartError> {
    if points.len() < 2 {
        return Ok(());
    }
    let style = ShapeStyle::from(&color).stroke_width(width);
    let pattern = dash.pattern();
    if pattern.is_empty() {
        area.draw(&PathElement::new(points.to_vec(), style))?;
        return Ok(());
    }
    // Walk the line, switching pen on and off at the pattern's lengths.
    let mut phase = 0usize;
    let mut left = pattern[0];
    let mut current: Vec<(f64, f64)> = vec![(f64::from(points[0].0), f64::from(points[0].1))];
    for pair in points.windows(2) {
        let (x0, y0) = (f64::from(pair[0].0), f64::from(pair[0].1));
        let (x1, y1) = (f64::from(pair[1].0), f64::from(pair[1].1));
        let length = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
        let mut done = 0.0;
        while length - done > left {
            done += left;
            let at = (x0 + (x1 - x0) * done / length, y0 + (y1 - y0) * done / length);
            if phase.is_multiple_of(2) {
                current.push(at);
                stroke(area, &current, style)?;
                current.clear();
            } else {
                current.push(at);
            }
            phase = (phase + 1) % pattern.len();
            left = pattern[phase];
        }
        left -= length - done;
        if phase.is_multiple_of(2) {
            current.push((x1, y1));
        } else {
            current.clear();
            current.push((x1, y1));
        }
    }
    if phase.is_multiple_of(2) {
        stroke(area, &current, style)?;
    }
    Ok(())
}

fn stroke<DB: DrawingBackend>(
    area: &Area<DB>,
    points: &[(f64, f64)],
    style: ShapeStyle,
) -> Result<(), ChartError> {
    if points.len() < 2 {
        return Ok(());
    }
    let pixels: Vec<(i32, i32)> =
        points.iter().map(|&(x, y)| (x.round() as i32, y.round() as i32)).collect();
    area.draw(&PathElement::new(pixels, style))?;
    Ok(())
}

/// A marker of radius about `r` centred on `at`, filled with `color` and ringed in white so
/// it stays visible on a line of the same colour.
pub(crate) fn marker<DB: DrawingBackend>(
    area: &Area<DB>,
    at: (i32, i32),
    kind: Marker,
    r: i32,
    color: RGBColor,
) -> Result<(), ChartError> {
    let (x, y) = at;
    match kind {
        Marker::None => {}
        Marker::Circle => {
            area.draw(&Circle::new(at, r + 1, ShapeStyle::from(&WHITE).filled()))?;
            area.draw(&Circle::new(at, r, ShapeStyle::from(&color).filled()))?;
        }
        Marker::Square => {
            area.draw(&Rectangle::new(
                [(x - r - 1, y - r - 1), (x + r + 1, y + r + 1)],
                WHITE.filled(),
            ))?;
            area.draw(&Rectangle::new([(x - r, y - r), (x + r, y + r)], color.filled()))?;
        }
        Marker::Diamond => {
            let d = r + 1;
            area.draw(&Polygon::new(
                vec![(x, y - d - 1), (x + d + 1, y), (x, y + d + 1), (x - d - 1, y)],
                WHITE.filled(),
            ))?;
            area.draw(&Polygon::new(
                vec![(x, y - d), (x + d, y), (x, y + d), (x - d, y)],
                color.filled(),
            ))?;
        }
    }
    Ok(())
}

/// Draws a legend row (wrapping) from `(left, top)` within `max_width`; returns its height.
fn legend<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[LegendItem],
    left: i32,
    top: i32,
    max_width: i32,
) -> Result<i32, ChartError> {
    if items.is_empty() {
        return Ok(0);
    }
    const ROW: i32 = 20;
    const SAMPLE: i32 = 24;
    let (mut x, mut y) = (left, top);
    for item in items {
        let width = SAMPLE + 6 + text_width(area, &item.label, LABEL_PX) + 18;
        if x > left && x + width > left + max_width {
            x = left;
            y += ROW;
        }
        let mid = y + ROW / 2;
        match item.swatch {
            Swatch::Line { color, width, dash, marker: m } => {
                polyline(area, &[(x, mid), (x + SAMPLE, mid)], color, width, dash)?;
                marker(area, (x + SAMPLE / 2, mid), m, 3, color)?;
            }
            Swatch::Fill { color, alpha } => {
                area.draw(&Rectangle::new(
                    [(x, mid - 6), (x + SAMPLE, mid + 6)],
                    color.mix(alpha).filled(),
                ))?;
            }
        }
        text(
            area,
            &item.label,
            (x + SAMPLE + 6, mid),
            LABEL_PX,
            TEXT,
            (HPos::Left, VPos::Center),
            false,
        )?;
        x += width;
    }
    Ok(y + ROW - top)
}

/// What an axis shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Axis {
    /// Dates (days since the epoch), calendar ticks.
    Dates,
    /// Numbers; `extend` stretches the domain to round ticks; `percent` writes 0.8 as `80%` (`80 %` in French);
    /// `integer` keeps only whole ticks.
    Numbers { extend: bool, percent: bool, integer: bool },
    /// One label per whole position `0..n`, first at the left (x) or at the top (y).
    Categories(Vec<String>),
}

/// A drawn frame: where the plot is and how values map onto it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlotFrame {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
    pub x: Linear,
    pub y: Linear,
}

impl PlotFrame {
    /// Pixel of the data point `(x, y)`.
    pub fn at(&self, x: f64, y: f64) -> (i32, i32) {
        (self.x.pxi(x), self.y.pxi(y))
    }

    /// The plot rectangle for hit-testing.
    pub fn rect(&self) -> PlotRect {
        PlotRect {
            left: f64::from(self.left),
            top: f64::from(self.top),
            width: f64::from(self.right - self.left),
            height: f64::from(self.bottom - self.top),
        }
    }
}

fn category_domain(n: usize) -> (f64, f64) {
    (-0.5, n.max(1) as f64 - 0.5)
}

/// Tick positions and labels of a numeric axis, with the domain (possibly extended).
fn number_ticks(
    axis: &Axis,
    domain: (f64, f64),
    target: usize,
    text: &ChartText,
) -> ((f64, f64), Vec<(f64, String)>) {
    let Axis::Numbers { extend, percent, integer } = *axis else {
        return (domain, Vec::new());
    };
    let (ticks, decimals) = nice_ticks(domain.0, domain.1, target);
    // Whole-number axes (counts, lags, steps) keep only whole ticks, written without decimals.
    let decimals = if integer { 0 } else { decimals };
    let domain = match (extend, ticks.first(), ticks.last()) {
        (true, Some(&a), Some(&b)) => (a.min(domain.0), b.max(domain.1)),
        _ => domain,
    };
    let labelled = ticks
        .into_iter()
        .filter(|t| *t >= domain.0 - 1e-9 && *t <= domain.1 + 1e-9)
        .filter(|t| !integer || (t - t.round()).abs() < 1e-9)
        .map(|t| {
            let label = if percent {
                let n = text.numbers.format(t * 100.0, decimals.saturating_sub(2));
                format!("{n}{}", text.numbers.percent)
            } else {
                text.numbers.format(t, decimals)
            };
            (t, label)
        })
        .collect();
    (domain, labelled)
}

/// Space around the chart, in pixels.
pub(crate) const PAD: i32 = 12;
/// Smallest gap between two labels side by side, in pixels.
const LABEL_GAP: i32 = 4;
/// Height of one row of x labels, in pixels.
const LABEL_ROW: i32 = 14;

/// What a chart may ask of [`frame_with`] beyond its axes.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FrameOptions {
    /// Widest a y category label may be, in pixels; `None`: a third of the width.
    pub y_label_max: Option<i32>,
    /// Pixels kept free right of the plot (a column of value labels); `None`: room for the
    /// last x label to run past the plot's edge.
    pub right_reserve: Option<i32>,
    /// Pixels left empty inside the plot at both ends of the x axis, so markers drawn on the
    /// first and last values stay whole.
    pub x_inset: i32,
    /// Numeric x ticks are kept only within these values (a histogram's overflow bar stands
    /// beyond them).
    pub x_ticks_within: Option<(f64, f64)>,
    /// x labels that always show, each with a tick (a histogram's "≥ 6.2"); tick labels that
    /// would touch them are left out.
    pub x_marks: Vec<(f64, String)>,
}

/// Category labels under an x axis, as drawn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CategoryLabels {
    /// One label per category; empty where one is left out.
    pub texts: Vec<String>,
    /// 1, or 2 when neighbours alternate between two rows.
    pub rows: usize,
}

/// The fullest labels that fit categories `spacing` pixels apart, `width` measuring a label:
/// as given, then each cut to its shortest prefix of three letters or more that no other
/// label shares ("janv." → "jan", "juil." → "juil"); each form first on one row, then
/// staggered on two; then initials, every k-th if even those collide. Never an ellipsis: a
/// month cut to "M…" or "…" names nothing.
pub(crate) fn fit_categories(
    labels: &[String],
    spacing: f64,
    width: impl Fn(&str) -> i32,
) -> CategoryLabels {
    let widths = |texts: &[String]| texts.iter().map(|t| width(t)).collect::<Vec<_>>();
    let fits = |widths: &[i32], rows: usize| {
        (0..rows).all(|row| {
            let shown: Vec<usize> =
                (row..widths.len()).step_by(rows).filter(|&i| widths[i] > 0).collect();
            shown.windows(2).all(|pair| {
                let (i, j) = (pair[0], pair[1]);
                f64::from(widths[i] + widths[j]) / 2.0 + f64::from(LABEL_GAP)
                    <= (j - i) as f64 * spacing
            })
        })
    };
    let short = abbreviate(labels);
    let mut forms = vec![labels.to_vec()];
    if short != labels {
        forms.push(short);
    }
    for rows in [1, 2] {
        for texts in &forms {
            if fits(&widths(texts), rows) {
                return CategoryLabels { texts: texts.clone(), rows };
            }
        }
    }
    let initials: Vec<String> =
        labels.iter().map(|l| l.chars().take(1).flat_map(char::to_uppercase).collect()).collect();
    let initial_widths = widths(&initials);
    let mut every = 1;
    loop {
        let kept: Vec<i32> = initial_widths
            .iter()
            .enumerate()
            .map(|(i, w)| if i % every == 0 { *w } else { 0 })
            .collect();
        if every >= labels.len().max(1) || fits(&kept, 1) {
            let texts = initials
                .iter()
                .enumerate()
                .map(|(i, t)| if i % every == 0 { t.clone() } else { String::new() })
                .collect();
            return CategoryLabels { texts, rows: 1 };
        }
        every += 1;
    }
}

/// Each label cut to its shortest prefix of three or more characters (a final "." dropped)
/// that no other label starts with.
fn abbreviate(labels: &[String]) -> Vec<String> {
    let stems: Vec<Vec<char>> =
        labels.iter().map(|l| l.trim_end_matches('.').chars().collect()).collect();
    stems
        .iter()
        .enumerate()
        .map(|(i, stem)| {
            let mut keep = stem.len().min(3);
            while keep < stem.len()
                && stems.iter().enumerate().any(|(j, other)| {
                    j != i && other.len() >= keep && other[..keep] == stem[..keep]
                })
            {
                keep += 1;
            }
            stem[..keep].iter().collect()
        })
        .collect()
}

/// Clears the area and draws title, legend, axis names, grid, axes and tick labels; returns
/// the plot rectangle with its value mappings.
pub(crate) fn frame<DB: DrawingBackend>(
    area: &Area<DB>,
    words: &ChartText,
    items: &[LegendItem],
    x: (&Axis, (f64, f64)),
    y: (&Axis, (f64, f64)),
) -> Result<PlotFrame, ChartError> {
    frame_with(area, words, items, x, y, &FrameOptions::default())
}

/// [`frame`], with a chart's own `options`.
pub(crate) fn frame_with<DB: DrawingBackend>(
    area: &Area<DB>,
    words: &ChartText,
    items: &[LegendItem],
    (x_axis, x_domain): (&Axis, (f64, f64)),
    (y_axis, y_domain): (&Axis, (f64, f64)),
    options: &FrameOptions,
) -> Result<PlotFrame, ChartError> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let mut top = PAD;
    if !words.title.is_empty() {
        let title = fit_styled(area, &words.title, TITLE_PX, true, w - 2 * PAD);
        text_at_top(area, &title, (PAD, top), TITLE_PX, TEXT, true)?;
        top += 24;
    }
    top += legend(area, items, PAD, top, w - 2 * PAD)?;
    if !items.is_empty() {
        top += 4;
    }
    if !words.y_axis.is_empty() {
        text_at_top(area, &words.y_axis, (PAD, top), LABEL_PX, MUTED, false)?;
        top += 18;
    }
    top += 8;
    let mut bottom = h - PAD;
    if !words.x_axis.is_empty() {
        bottom -= 18;
    }
    bottom -= 22;
    let mut bottom = bottom.max(top + 20);

    // The y axis first: its labels decide how far right the plot starts.
    let target_y = ((bottom - top) / 45).clamp(2, 10) as usize;
    let (y_domain, y_ticks) = match y_axis {
        Axis::Categories(labels) => (
            category_domain(labels.len()),
            labels.iter().enumerate().map(|(i, l)| (i as f64, l.clone())).collect::<Vec<_>>(),
        ),
        Axis::Dates => (y_domain, Vec::new()),
        Axis::Numbers { .. } => number_ticks(y_axis, y_domain, target_y, words),
    };
    let max_label = options.y_label_max.unwrap_or(match y_axis {
        Axis::Categories(_) => (w / 3).max(60),
        _ => w / 4,
    });
    let y_tick_labels: Vec<(f64, String)> =
        y_ticks.into_iter().map(|(v, l)| (v, fit_text(area, &l, LABEL_PX, max_label))).collect();
    let label_width =
        y_tick_labels.iter().map(|(_, l)| text_width(area, l, LABEL_PX)).max().unwrap_or(0);
    let left = PAD + label_width + 8;
    let right = (w - PAD - options.right_reserve.unwrap_or(14)).max(left + 20);

    // Category names under the x axis take a second row when they would touch on one.
    let categories = match x_axis {
        Axis::Categories(labels) => {
            let spacing = f64::from(right - left) / labels.len().max(1) as f64;
            Some(fit_categories(labels, spacing, |s| text_width(area, s, LABEL_PX)))
        }
        _ => None,
    };
    let x_label_rows = categories.as_ref().map_or(1, |c| c.rows) as i32;
    bottom = (bottom - (x_label_rows - 1) * LABEL_ROW).max(top + 20);
    let y_pixels = match y_axis {
        Axis::Categories(_) => (f64::from(top), f64::from(bottom)),
        _ => (f64::from(bottom), f64::from(top)),
    };
    let y = Linear { domain: y_domain, pixels: y_pixels };

    let target_x = ((right - left) / 75).clamp(3, 12) as usize;
    let (x_domain, x_ticks) = match (x_axis, &categories) {
        (Axis::Categories(labels), Some(fitted)) => (
            category_domain(labels.len()),
            fitted.texts.iter().enumerate().map(|(i, l)| (i as f64, l.clone())).collect(),
        ),
        (Axis::Categories(labels), None) => (category_domain(labels.len()), Vec::new()),
        (Axis::Dates, _) => {
            (x_domain, date_ticks(x_domain.0, x_domain.1, target_x, &words.calendar))
        }
        (Axis::Numbers { .. }, _) => {
            let (domain, ticks) = number_ticks(x_axis, x_domain, target_x, words);
            let within = options.x_ticks_within.unwrap_or(domain);
            let ticks = ticks
                .into_iter()
                .filter(|(t, _)| *t >= within.0 - 1e-9 && *t <= within.1 + 1e-9)
                .collect();
            (domain, ticks)
        }
    };
    let inset = options.x_inset.clamp(0, (right - left) / 4);
    let x =
        Linear { domain: x_domain, pixels: (f64::from(left + inset), f64::from(right - inset)) };
    let plot = PlotFrame { left, top, right, bottom, x, y };

    // Where each x label goes: marks first, then ticks that touch nothing already placed.
    // (Category labels were fitted above and are all placed.)
    let is_categories = matches!(x_axis, Axis::Categories(_));
    let mut placed: Vec<XLabel> = Vec::new();
    let marks = options.x_marks.iter().map(|m| (m, true));
    for ((v, label), pinned) in marks.chain(x_ticks.iter().map(|t| (t, false))) {
        let px = x.pxi(*v);
        let row = if is_categories { (*v as i32).rem_euclid(x_label_rows) } else { 0 };
        if label.is_empty() {
            placed.push(XLabel { px, cx: px, row, text: String::new(), grid: !pinned });
            continue;
        }
        let width = text_width(area, label, LABEL_PX);
        // A label centred on a tick near an edge would be cut by the canvas: keep it inside.
        let half = width / 2;
        let cx = px.clamp(half + 2, (w - half - 2).max(half + 2));
        let (from, to) = (cx - half, cx - half + width);
        let touches = placed.iter().any(|p| {
            let other = text_width(area, &p.text, LABEL_PX);
            let (a, b) = (p.cx - other / 2, p.cx - other / 2 + other);
            p.row == row && !p.text.is_empty() && from < b + LABEL_GAP && a < to + LABEL_GAP
        });
        if is_categories || pinned || !touches {
            placed.push(XLabel { px, cx, row, text: label.clone(), grid: !pinned });
        }
    }

    // Grid under everything, then axis lines, then labels.
    let grid = ShapeStyle::from(&GRID).stroke_width(1);
    if matches!(y_axis, Axis::Numbers { .. }) {
        for (v, _) in &y_tick_labels {
            let py = y.pxi(*v);
            area.draw(&PathElement::new(vec![(left, py), (right, py)], grid))?;
        }
    }
    if !is_categories {
        for label in placed.iter().filter(|p| p.grid) {
            area.draw(&PathElement::new(vec![(label.px, top), (label.px, bottom)], grid))?;
        }
    }
    let axis = ShapeStyle::from(&AXIS).stroke_width(1);
    area.draw(&PathElement::new(vec![(left, bottom), (right, bottom)], axis))?;
    if matches!(y_axis, Axis::Categories(_)) {
        area.draw(&PathElement::new(vec![(left, top), (left, bottom)], axis))?;
    }
    if matches!(y_axis, Axis::Numbers { .. }) && y_domain.0 < 0.0 && y_domain.1 > 0.0 {
        let py = y.pxi(0.0);
        area.draw(&PathElement::new(vec![(left, py), (right, py)], axis))?;
    }
    if matches!(x_axis, Axis::Numbers { .. }) && x_domain.0 < 0.0 && x_domain.1 > 0.0 {
        let px = x.pxi(0.0);
        area.draw(&PathElement::new(vec![(px, top), (px, bottom)], axis))?;
    }
    for (v, label) in &y_tick_labels {
        text(
            area,
            label,
            (left - 8, y.pxi(*v)),
            LABEL_PX,
            MUTED,
            (HPos::Right, VPos::Center),
            false,
        )?;
    }
    for label in &placed {
        area.draw(&PathElement::new(vec![(label.px, bottom), (label.px, bottom + 4)], axis))?;
        let at = (label.cx, bottom + 7 + label.row * LABEL_ROW);
        text(area, &label.text, at, LABEL_PX, MUTED, (HPos::Center, VPos::Top), false)?;
    }
    if !words.x_axis.is_empty() {
        text(
            area,
            &words.x_axis,
            ((left + right) / 2, h - PAD),
            LABEL_PX,
            MUTED,
            (HPos::Center, VPos::Bottom),
            false,
        )?;
    }
    Ok(plot)
}

/// An x label placed by [`frame_with`].
struct XLabel {
    /// Pixel of its tick.
    px: i32,
    /// Pixel of its centre (kept inside the canvas).
    cx: i32,
    /// 0, or 1 for the second row of staggered categories.
    row: i32,
    text: String,
    /// Whether a grid line runs up from its tick (not for marks).
    grid: bool,
}

fn text_at_top<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    at: (i32, i32),
    size: f64,
    color: RGBColor,
    bold: bool,
) -> Result<(), ChartError> {
    text(area, s, at, size, color, (HPos::Left, VPos::Top), bold)
}

/// A blank chart with its title and a centred message, for data with nothing to draw.
pub(crate) fn message<DB: DrawingBackend>(
    area: &Area<DB>,
    chart: &ChartText,
    message: &str,
) -> Result<(), ChartError> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    text_at_top(area, &chart.title, (12, 12), TITLE_PX, TEXT, true)?;
    text(
        area,
        message,
        (w as i32 / 2, h as i32 / 2),
        LABEL_PX,
        MUTED,
        (HPos::Center, VPos::Center),
        false,
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Draws on a 200 × 100 SVG and returns it.
    fn svg(paint: impl Fn(&Area<SVGBackend>) -> Result<(), ChartError>) -> String {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (200, 100)).into_drawing_area();
            paint(&area).unwrap_or_else(|e| panic!("{e}"));
            area.present().unwrap_or_else(|e| panic!("{e}"));
        }
        out
    }

    #[test]
    fn a_dashed_line_is_cut_into_one_path_per_dash() {
        // 100 px at 6 on / 4 off: ten dashes.
        let out = svg(|a| polyline(a, &[(0, 10), (100, 10)], HISTORY, 1, Dash::Dashed));
        assert_eq!(out.matches("<polyline").count(), 10);
        // Dashes continue across a corner instead of restarting.
        let out = svg(|a| polyline(a, &[(0, 10), (50, 10), (50, 60)], HISTORY, 1, Dash::Dashed));
        assert_eq!(out.matches("<polyline").count(), 10);
    }

    #[test]
    fn a_solid_line_is_one_path() {
        let out = svg(|a| polyline(a, &[(0, 10), (50, 10), (50, 60)], HISTORY, 2, Dash::Solid));
        assert_eq!(out.matches("<polyline").count(), 1);
    }

    fn french_months() -> Vec<String> {
        [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ]
        .map(String::from)
        .to_vec()
    }

    fn fit(labels: &[String], spacing: f64) -> CategoryLabels {
        fit_categories(labels, spacing, |s| estimate_width(s, LABEL_PX).ceil() as i32)
    }

    #[test]
    fn category_labels_shorten_then_stagger_then_become_initials_never_an_ellipsis() {
        let months = french_months();
        assert_eq!(fit(&months, 60.0), CategoryLabels { texts: months.clone(), rows: 1 });
        // Shortest distinct prefixes of three letters or more: juin and juil. stay apart.
        let short = fit(&months, 29.0);
        assert_eq!(short.rows, 1);
        assert_eq!(short.texts[..7], ["jan", "fév", "mar", "avr", "mai", "juin", "juil"]);
        // Too tight for one row: every other name on a second row, still whole.
        assert_eq!(fit(&months, 19.0), CategoryLabels { texts: months.clone(), rows: 2 });
        // Not even staggered: initials, every other one or fewer, the first always shown.
        for spacing in [3.0, 6.0, 11.0] {
            let initials = fit(&months, spacing);
            assert_eq!(initials.rows, 1);
            assert!(initials.texts.iter().all(|t| t.chars().count() <= 1), "{initials:?}");
            assert!(initials.texts.iter().any(String::is_empty), "{initials:?}");
            assert_eq!(initials.texts[0], "J");
        }
        for spacing in [3.0, 6.0, 11.0, 19.0, 25.0, 29.0, 60.0] {
            assert!(fit(&months, spacing).texts.iter().all(|t| !t.contains('…')));
        }
    }

    #[test]
    fn labels_that_already_fit_are_kept_as_they_are() {
        let days: Vec<String> =
            ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(String::from).to_vec();
        assert_eq!(fit(&days, 44.0), CategoryLabels { texts: days.clone(), rows: 1 });
        assert_eq!(abbreviate(&days), days, "three letters are already short");
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis_to_fit() {
        let out = svg(|a| {
            let fitted = fit_text(a, "a very long feature name indeed", LABEL_PX, 60);
            assert!(fitted.ends_with('…') && text_width(a, &fitted, LABEL_PX) <= 60, "{fitted}");
            assert_eq!(fit_text(a, "short", LABEL_PX, 60), "short");
            // A bold title is measured bold: what fits in the regular weight may not.
            let title = "Forecast — sales · Extra trees (100 trees)";
            let regular = text_width(a, title, TITLE_PX);
            assert_eq!(fit_styled(a, title, TITLE_PX, false, regular), title);
            let bold = fit_styled(a, title, TITLE_PX, true, regular);
            assert!(bold.ends_with('…') && styled_width(a, &bold, TITLE_PX, true) <= regular);
            Ok(())
        });
        assert!(out.starts_with("<svg"));
    }
}
