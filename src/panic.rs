//! The panic hook: log to the console and tell the visitor in the page.
//!
//! A panic in wasm leaves the app dead; without this the page would silently stop answering.
//! The notice is written with plain DOM calls (the reactive system may be the thing that
//! panicked) in the language currently in `<html lang>`, and offers a reload link (a link, not
//! a script handler, so it works under the Content-Security-Policy).

use crate::i18n::{Lang, Msg};

/// `id` of the crash notice element.
pub const CRASH_NOTICE_ID: &str = "crash-notice";

/// Installs the hook once: console message first, then the in-page notice.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_notice();
    }));
}

/// Adds the crash notice to the page (once; later calls do nothing).
pub fn show_crash_notice() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(CRASH_NOTICE_ID).is_some() {
        return;
    }
    let lang = document
        .document_element()
        .and_then(|root| root.get_attribute("lang"))
        .map_or(Lang::En, |tag| Lang::from_tag(&tag));
    let build = || -> Option<()> {
        let notice = document.create_element("div").ok()?;
        notice.set_id(CRASH_NOTICE_ID);
        notice.set_class_name("crash");
        notice.set_attribute("role", "alert").ok()?;
        notice.set_attribute("data-testid", "crash-notice").ok()?;
        let title = document.create_element("strong").ok()?;
        title.set_text_content(Some(&lang.text(&Msg::CrashTitle)));
        let next = document.create_element("span").ok()?;
        next.set_text_content(Some(&format!("{} ", lang.text(&Msg::CrashNextStep))));
        let reload = document.create_element("a").ok()?;
        reload.set_attribute("href", "./").ok()?;
        reload.set_text_content(Some(&lang.text(&Msg::Reload)));
        notice.append_child(&title).ok()?;
        notice.append_child(&next).ok()?;
        notice.append_child(&reload).ok()?;
        document.body()?.append_child(&notice).ok()?;
        Some(())
    };
    // Nothing more can be done if the DOM refuses: the console already has the message.
    let _ = build();
}
