//! A file picker that speaks the page's language: the native `<input type="file">` is visually
//! hidden (its button and its "no file chosen" follow the browser's language, not the page's),
//! and a translated `<label>` styled as a button opens it, next to the chosen file's name or a
//! translated "no file chosen".
//!
//! The input stays in the tab order and keeps its `data-testid`, so the keyboard reaches it
//! (its focus ring is drawn on the label) and tests set files on it as before.

use leptos::prelude::*;

use crate::i18n::{Lang, Ui};

/// What the picker says next to its button: the chosen file's name, or that there is none.
pub fn chosen_text(lang: Lang, chosen: Option<&str>) -> String {
    match chosen {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => lang.ui(Ui::NoFileChosen).to_owned(),
    }
}

/// A picker whose input has `id` and `data-testid={testid}`, labelled `label` (the action, as
/// the button reads), accepting `accept`; `chosen` is the text beside the button (see
/// [`chosen_text`]), given `data-testid={chosen_testid}`.
#[component]
pub fn FilePicker(
    /// Element id of the input.
    id: &'static str,
    /// `data-testid` of the input.
    testid: &'static str,
    /// File types accepted (`.json,application/json`).
    accept: &'static str,
    /// The button's text.
    #[prop(into)]
    label: Signal<String>,
    /// The chosen file's name or "no file chosen".
    #[prop(into)]
    chosen: Signal<String>,
    /// `data-testid` of the text beside the button.
    chosen_testid: &'static str,
    /// Called with the input's `change` event.
    on_change: impl FnMut(web_sys::Event) + 'static,
) -> impl IntoView {
    let status_id = format!("{id}-chosen");
    view! {
        <div class="picker picker--inline">
            <input
                type="file"
                id=id
                class="visually-hidden"
                accept=accept
                data-testid=testid
                aria-describedby=status_id.clone()
                on:change=on_change
            />
            <label for=id class="picker-button">{label}</label>
            <span class="picker-chosen" id=status_id data-testid=chosen_testid>{chosen}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_picker_names_the_file_or_says_there_is_none_in_the_page_language() {
        assert_eq!(chosen_text(Lang::Fr, None), "Aucun fichier choisi");
        assert_eq!(chosen_text(Lang::En, Some("")), "No file chosen");
        assert_eq!(chosen_text(Lang::En, Some("model.json")), "model.json");
    }
}
