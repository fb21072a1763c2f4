//! The few browser facts and side effects the app needs, each failing soft.
//!
//! A page can run with storage disabled or inside an odd embedding; none of these helpers
//! panics: a missing `window`, `navigator.language` or `localStorage` simply means "no
//! preference" or "not remembered".

use crate::i18n::Lang;

/// Key under which the chosen language is remembered in `localStorage`.
const LANG_KEY: &str = "prevision.lang";

/// The language to start in: the one the visitor chose before, else the browser's.
pub fn initial_lang() -> Lang {
    remembered_lang().unwrap_or_else(|| {
        web_sys::window()
            .and_then(|w| w.navigator().language())
            .map_or(Lang::En, |tag| Lang::from_tag(&tag))
    })
}

/// The language stored by [`remember_lang`], if any.
fn remembered_lang() -> Option<Lang> {
    let stored = storage()?.get_item(LANG_KEY).ok()??;
    Lang::ALL.into_iter().find(|l| l.code() == stored)
}

/// Remembers an explicit language choice for the next visit.
pub fn remember_lang(lang: Lang) {
    if let Some(s) = storage() {
        // Storage may be full or denied: the choice then lasts only for this visit.
        let _ = s.set_item(LANG_KEY, lang.code());
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Puts the language in `<html lang>` (screen readers, hyphenation) and the title in the tab.
pub fn set_document_lang(lang: Lang, title: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
    document.set_title(title);
}
