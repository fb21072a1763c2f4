//! The top bar (product name, tagline, language switch) and the privacy line under it.

use leptos::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::state::Studio;

/// The page header.
#[component]
pub fn Header() -> impl IntoView {
    let studio = expect_context::<Studio>();
    let t = move |msg: Msg<'static>| move || studio.t(msg.clone());
    view! {
        <header class="topbar">
            <div class="topbar-inner">
                <div class="brand">
                    <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
                        <rect width="32" height="32" rx="7" fill="#ffffff" fill-opacity="0.14"></rect>
                        <path d="M6 22 L12 15 L17 18 L26 8" fill="none" stroke="#ffffff"
                            stroke-width="3" stroke-linecap="round" stroke-linejoin="round"></path>
                    </svg>
                    <div>
                        <h1 class="brand-name" data-testid="app-title">{t(Msg::AppName)}</h1>
                        <p class="brand-tagline" data-testid="tagline">{t(Msg::Tagline)}</p>
                    </div>
                </div>
                <LanguageSwitch/>
            </div>
        </header>
        <div class="privacy">
            <p data-testid="privacy-note">
                <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
                    <path fill="currentColor" d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5Zm-3 8V7a3 3 0 1 1 6 0v3H9Z"></path>
                </svg>
                <span>{t(Msg::PrivacyNote)}</span>
            </p>
        </div>
    }
}

/// Two toggle buttons, one per language; the current one is pressed.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let studio = expect_context::<Studio>();
    view! {
        <div class="lang-switch" role="group" aria-label=move || studio.t(Msg::LanguageSwitch)>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            lang=lang.code()
                            data-testid=format!("lang-{}", lang.code())
                            aria-pressed=move || (studio.lang.get() == lang).to_string()
                            on:click=move |_| studio.choose_lang(lang)
                        >
                            {lang.text(&Msg::LanguageName(lang))}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
