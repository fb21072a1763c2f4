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

/// Logical processors the browser reports (`navigator.hardwareConcurrency`), at least 1.
pub fn cores() -> usize {
    web_sys::window().map_or(1, |w| w.navigator().hardware_concurrency() as usize).max(1)
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

/// Key under which the last forecast settings are remembered.
const SETTINGS_KEY: &str = "prevision.settings";

/// Remembers the settings of the last run for the next visit.
pub fn remember_settings(settings: &crate::settings::Settings) {
    if let (Some(s), Ok(json)) =
        (storage(), Ok::<_, ()>(prevision_engine::json::to_string(settings)))
    {
        let _ = s.set_item(SETTINGS_KEY, &json);
    }
}

/// The settings remembered by [`remember_settings`]; anything unreadable counts as none.
pub fn remembered_settings() -> Option<crate::settings::Settings> {
    let json = storage()?.get_item(SETTINGS_KEY).ok()??;
    prevision_engine::json::from_str::<crate::settings::Settings>(&json).ok().map(|s| s.sanitised())
}

/// Forgets every remembered choice (settings and language).
pub fn forget_everything() {
    if let Some(s) = storage() {
        let _ = s.remove_item(SETTINGS_KEY);
        let _ = s.remove_item(LANG_KEY);
    }
}

/// The page's query string as key/value pairs.
pub fn query_pairs() -> Vec<(String, String)> {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return Vec::new();
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // `UrlSearchParams` is iterable as [key, value] arrays.
    if let Ok(Some(iter)) = js_sys::try_iter(&params) {
        for entry in iter.flatten() {
            let pair = js_sys::Array::from(&entry);
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                out.push((k, v));
            }
        }
    }
    out
}

/// The address of this page with `pairs` as its query string.
pub fn page_url_with(pairs: &[(&str, String)]) -> Option<String> {
    let location = web_sys::window()?.location();
    let base = format!("{}{}", location.origin().ok()?, location.pathname().ok()?);
    let params = web_sys::UrlSearchParams::new().ok()?;
    for (k, v) in pairs {
        params.append(k, v);
    }
    Some(format!("{base}?{}", String::from(params.to_string())))
}

/// Puts `url` in the address bar without reloading (so it can be bookmarked as it is).
pub fn replace_url(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// `text` (JSON) indented for people, by the browser's own `JSON` (no second serde
/// instantiation of the report in the wasm); `text` itself if it does not parse.
pub fn pretty_json(text: &str) -> String {
    js_sys::JSON::parse(text)
        .ok()
        .and_then(|v| {
            js_sys::JSON::stringify_with_replacer_and_space(
                &v,
                &wasm_bindgen::JsValue::NULL,
                &wasm_bindgen::JsValue::from(2),
            )
            .ok()
        })
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| text.to_owned())
}

/// Offers `content` as a file download named `name`, without leaving the page.
pub fn download(name: &str, mime: &str, content: &[u8]) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    download_url(&document, name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
    true
}

/// Clicks a temporary link to `url` with a download name.
pub fn download_url(document: &web_sys::Document, name: &str, url: &str) {
    use wasm_bindgen::JsCast;
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(url);
        a.set_download(name);
        a.set_rel("noopener");
        if let Some(body) = document.body() {
            let _ = body.append_child(&a);
            a.click();
            let _ = body.remove_child(&a);
        }
    }
}
