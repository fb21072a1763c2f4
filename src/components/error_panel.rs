//! An error shown in place of the report: what happened, what to do about it, and that the
//! page still works.

use leptos::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::state::LoadError;

/// The error panel for a failed load of `source`.
#[component]
pub fn ErrorPanel(
    /// Interface language.
    lang: Lang,
    /// What failed to load.
    source: String,
    /// Why.
    error: LoadError,
) -> impl IntoView {
    let t = |msg: Msg<'_>| lang.text(&msg);
    view! {
        <section class="error-panel" role="alert" data-testid="error-panel">
            <h2 data-testid="error-title">{t(Msg::ErrorTitle { source: &source })}</h2>
            <p data-testid="error-message">{t(Msg::LoadFailed(&error))}</p>
            <p class="next-step" data-testid="error-advice">{t(Msg::LoadAdvice(&error))}</p>
            <p class="next-step" data-testid="error-next-step">{t(Msg::ErrorNextStep)}</p>
        </section>
    }
}
