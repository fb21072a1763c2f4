//! Drawing a [`Chart`] on a `<canvas>`, sharp on high-DPI screens and without inline styles.
//!
//! [`HiDpiCanvas`] wraps plotters-canvas' backend: it sizes the canvas' backing store to its
//! CSS size × `devicePixelRatio` and scales the 2D context by the same ratio, so charts lay
//! out in CSS pixels (what mouse events report) while every line and glyph is rasterised at
//! device resolution. It also measures text with the context's `measureText` instead of
//! plotters' default, which inserts a `<span>` with a `style` attribute into the page — a
//! Content-Security-Policy violation here (`style-src 'self'`) and a layout thrash.

use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::{Chart, ChartError, ChartLayout};

/// plotters-canvas' error type, which it does not export by name.
type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;

/// Largest device pixel ratio honoured (a bigger backing store costs memory, not sharpness).
const MAX_PIXEL_RATIO: f64 = 3.0;

/// A plotters backend on a canvas, in CSS pixels, rasterised at device resolution.
pub struct HiDpiCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    css_size: (u32, u32),
}

impl HiDpiCanvas {
    /// Sizes `canvas`' backing store to its laid-out CSS size × the device pixel ratio;
    /// `None` if the canvas is not laid out (hidden) or has no 2D context.
    pub fn new(canvas: HtmlCanvasElement) -> Option<HiDpiCanvas> {
        let ratio = web_sys::window()?.device_pixel_ratio().clamp(1.0, MAX_PIXEL_RATIO);
        let (width, height) = (canvas.client_width(), canvas.client_height());
        if width <= 0 || height <= 0 {
            return None;
        }
        let (width, height) = (width as u32, height as u32);
        // Resizing clears the canvas and resets the context, so the transform comes after.
        canvas.set_width((f64::from(width) * ratio).round() as u32);
        canvas.set_height((f64::from(height) * ratio).round() as u32);
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        context.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(HiDpiCanvas { inner, context, css_size: (width, height) })
    }
}

impl DrawingBackend for HiDpiCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.css_size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        // Round joins: a 2 px data line with sharp turns looks jagged with miter joins.
        self.context.set_line_join("round");
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        // The same font string plotters-canvas draws with, so measure and draw agree.
        self.context.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        ));
        let width = self.context.measure_text(text).map(|m| m.width()).unwrap_or(0.0);
        Ok((width.ceil() as u32, style.size().round() as u32))
    }
}

/// Draws `chart` over the whole `canvas`; `Ok(None)` when the canvas is not laid out.
pub fn draw_chart(
    canvas: &HtmlCanvasElement,
    chart: &Chart,
) -> Result<Option<ChartLayout>, ChartError> {
    let Some(backend) = HiDpiCanvas::new(canvas.clone()) else {
        return Ok(None);
    };
    let area = backend.into_drawing_area();
    let layout = chart.draw(&area)?;
    area.present()?;
    Ok(Some(layout))
}
