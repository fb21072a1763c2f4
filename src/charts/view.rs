//! [`ChartCanvas`]: a Leptos component that draws any [`Chart`] on a high-DPI canvas, redraws
//! it when its data, the window or the canvas' own box changes size, and — for the forecast chart — shows a
//! tooltip (date, values, interval bounds) on mouse hover or keyboard focus.
//!
//! Accessibility: the canvas is `role="img"` with the caller's text summary as its label; the
//! forecast chart is focusable, and ←/→ (Home/End) step through its points, announced by a
//! polite live region. Tooltip lines are text nodes, never parsed as HTML. Positions are set
//! through the CSSOM (`style:left`), which the page's Content-Security-Policy allows.

use leptos::ev;
use leptos::html::Canvas;
use leptos::prelude::*;

use super::forecast::ForecastChart;
use super::{Chart, ChartData, ChartLayout};

/// A chart on a canvas, with a tooltip for the forecast chart.
///
/// Size it with CSS: the canvas fills the figure's width and takes its height from
/// `.chart-canvas` (style/charts.css); modifier classes `chart--tall` / `chart--short`
/// change the height.
#[component]
pub fn ChartCanvas(
    /// What to draw; `None` leaves the canvas blank. Redrawn whenever it changes.
    #[prop(into)]
    chart: Signal<Option<Chart>>,
    /// `data-testid` of the `<figure>`.
    #[prop(into)]
    testid: String,
    /// Text summary read by screen readers instead of the picture (`aria-label`).
    #[prop(into)]
    summary: Signal<String>,
    /// Extra classes on the figure (`chart--tall`, `chart--short`, the page's own).
    #[prop(optional, into)]
    class: String,
) -> impl IntoView {
    let canvas_ref = NodeRef::<Canvas>::new();
    let layout = RwSignal::new(None::<ChartLayout>);
    let hover = RwSignal::new(None::<usize>);
    // Bumped when the canvas' size or the pixel ratio differs from what was last drawn.
    let resized = RwSignal::new(0u32);
    let drawn_at = RwSignal::new(None::<DrawnSize>);
    let check_size = move || {
        let current = canvas_ref.get_untracked().map(|c| DrawnSize::of(&c));
        if current.is_some() && current != drawn_at.try_get_untracked().flatten() {
            resized.try_update(|n| *n = n.wrapping_add(1));
        }
    };
    // The window's resize covers zoom and pixel-ratio changes; the element observer covers a
    // container that changes width alone (a sidebar, a tab shown after being hidden).
    let listener = window_event_listener(ev::resize, move |_| check_size());
    on_cleanup(move || listener.remove());
    Effect::new(move |_| {
        if let Some(canvas) = canvas_ref.get() {
            observe_size(&canvas, check_size);
        }
    });

    Effect::new(move |_| {
        resized.track();
        let Some(canvas) = canvas_ref.get() else { return };
        hover.set(None);
        // Measured once, before drawing: resizing the backing store invalidates the page's
        // layout, and a measure after it would lay the page out again for every chart.
        let size = DrawnSize::of(&canvas);
        let drawn = chart.with(|c| c.as_ref().map(|c| draw(&canvas, c)));
        layout.set(drawn.flatten());
        drawn_at.set(Some(size));
    });

    let forecast =
        move || chart.with(|c| matches!(c, Some(Chart { data: ChartData::Forecast(_), .. })));
    let with_forecast = move |f: &mut dyn FnMut(&ForecastChart, &Chart)| {
        chart.with_untracked(|c| {
            if let Some(c @ Chart { data: ChartData::Forecast(fc), .. }) = c {
                f(fc, c);
            }
        })
    };
    let on_move = move |e: ev::MouseEvent| {
        let Some(l) = layout.get_untracked() else { return };
        let mut found = None;
        with_forecast(&mut |fc, _| found = fc.hit_test(&l, f64::from(e.offset_x())));
        hover.set(found);
    };
    let on_key = move |e: ev::KeyboardEvent| {
        let mut len = 0;
        with_forecast(&mut |fc, _| len = fc.points.len());
        if len == 0 {
            return;
        }
        let current = hover.get_untracked();
        let next = match e.key().as_str() {
            "ArrowLeft" => current.map_or(len - 1, |i| i.saturating_sub(1)),
            "ArrowRight" => current.map_or(0, |i| (i + 1).min(len - 1)),
            "Home" => 0,
            "End" => len - 1,
            _ => return,
        };
        e.prevent_default();
        hover.set(Some(next));
    };
    let on_focus = move |_| {
        // Start where the history meets the forecast: the most telling point.
        let mut start = None;
        with_forecast(&mut |fc, _| start = fc.points.iter().position(|p| p.forecast.is_some()));
        hover.set(start);
    };

    // (tooltip lines, x, plot top and height in CSS px, whether it opens to the left)
    let tooltip = move || {
        let i = hover.get()?;
        let l = layout.get()?;
        let mut out = None;
        chart.with(|c| {
            if let Some(Chart { data: ChartData::Forecast(fc), text }) = c
                && let Some(p) = fc.points.get(i)
            {
                let x = l.x_pixel(super::scale::days(p.timestamp));
                let left = x > l.plot.left + l.plot.width * 0.6;
                out =
                    Some((p.tooltip_lines(text, fc.precision), x, l.plot.top, l.plot.height, left));
            }
        });
        out
    };

    view! {
        <figure class=format!("chart {class}") data-testid=testid>
            <div class="chart-frame">
                <canvas
                    class="chart-canvas"
                    node_ref=canvas_ref
                    role="img"
                    aria-label=move || summary.get()
                    tabindex=move || forecast().then_some("0")
                    on:mousemove=on_move
                    on:mouseleave=move |_| hover.set(None)
                    on:keydown=on_key
                    on:focus=on_focus
                    on:blur=move |_| hover.set(None)
                ></canvas>
                {move || {
                    tooltip()
                        .map(|(lines, x, top, height, left)| {
                            view! {
                                <div
                                    class="chart-crosshair"
                                    aria-hidden="true"
                                    style:left=format!("{x:.1}px")
                                    style:top=format!("{top:.1}px")
                                    style:height=format!("{height:.1}px")
                                ></div>
                                <div
                                    class="chart-tooltip"
                                    class:chart-tooltip--left=left
                                    data-testid="chart-tooltip"
                                    style:left=format!("{x:.1}px")
                                    style:top=format!("{top:.1}px")
                                >
                                    {lines.into_iter().map(|line| view! { <span>{line}</span> }).collect_view()}
                                </div>
                            }
                        })
                }}
                <p class="visually-hidden" aria-live="polite">
                    {move || tooltip().map(|(lines, ..)| lines.join(", ")).unwrap_or_default()}
                </p>
            </div>
        </figure>
    }
}

/// The CSS size of a canvas and the device pixel ratio it was drawn at.
#[derive(Debug, Clone, Copy, PartialEq)]
struct DrawnSize {
    width: i32,
    height: i32,
    ratio: f64,
}

impl DrawnSize {
    fn of(canvas: &web_sys::HtmlCanvasElement) -> DrawnSize {
        let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        DrawnSize { width: canvas.client_width(), height: canvas.client_height(), ratio }
    }
}

/// Calls `on_resize` whenever the canvas' box changes size, until the owner is cleaned up.
#[cfg(target_arch = "wasm32")]
fn observe_size(canvas: &web_sys::HtmlCanvasElement, on_resize: impl Fn() + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let callback = Closure::<dyn FnMut()>::new(on_resize);
    let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) else {
        return;
    };
    observer.observe(canvas);
    // Single-threaded wasm: the wrapper only satisfies `on_cleanup`'s bounds.
    let kept = send_wrapper::SendWrapper::new((observer, callback));
    on_cleanup(move || kept.take().0.disconnect());
}

#[cfg(not(target_arch = "wasm32"))]
fn observe_size(_canvas: &web_sys::HtmlCanvasElement, _on_resize: impl Fn() + 'static) {}

#[cfg(target_arch = "wasm32")]
fn draw(canvas: &web_sys::HtmlCanvasElement, chart: &Chart) -> Option<ChartLayout> {
    match super::canvas::draw_chart(canvas, chart) {
        Ok(layout) => layout,
        Err(e) => {
            leptos::logging::warn!("{e}");
            None
        }
    }
}

/// Natively there is no canvas to draw on; the component still builds for native checks.
#[cfg(not(target_arch = "wasm32"))]
fn draw(_canvas: &web_sys::HtmlCanvasElement, _chart: &Chart) -> Option<ChartLayout> {
    None
}
