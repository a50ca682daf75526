//! The few browser APIs the wizard touches, each failing soft: a page in a locked-down
//! iframe or an insecure origin still works, with a fallback.

use std::collections::BTreeSet;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const CHECKLIST_PREFIX: &str = "ocelot-setup:checklist:";

fn window() -> web_sys::Window {
    web_sys::window().expect("the wizard runs in a window")
}

/// The page's query string, with its `?`.
pub fn location_search() -> String {
    window().location().search().unwrap_or_default()
}

/// Replaces the page's query without a new history entry.
pub fn replace_query(query: &str) {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let url = if query.is_empty() { format!("{path}{hash}") } else { format!("{path}?{query}{hash}") };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Moves keyboard focus to the element with `id`, if it exists, after the next frame: the
/// step a click shows is rendered after the click handler returns.
pub fn focus(id: &str) {
    let id = id.to_string();
    leptos::prelude::request_animation_frame(move || {
        if let Some(element) = window().document().and_then(|d| d.get_element_by_id(&id)) {
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The checklist items ticked for `fork`.
pub fn load_checklist(fork: &str) -> BTreeSet<String> {
    storage()
        .and_then(|s| s.get_item(&format!("{CHECKLIST_PREFIX}{fork}")).ok().flatten())
        .map(|v| v.split('\n').filter(|i| !i.is_empty()).map(str::to_string).collect())
        .unwrap_or_default()
}

/// Saves the checklist items ticked for `fork` (silently not, where storage is denied).
pub fn save_checklist(fork: &str, items: &BTreeSet<String>) {
    if let Some(storage) = storage() {
        let key = format!("{CHECKLIST_PREFIX}{fork}");
        let _ = if items.is_empty() {
            storage.remove_item(&key)
        } else {
            storage.set_item(&key, &items.iter().cloned().collect::<Vec<_>>().join("\n"))
        };
    }
}

/// The key under which the switch of the GitHub reading is kept.
const READING_KEY: &str = "ocelot-setup:github-reading";

/// Whether the person turned the GitHub reading off on this browser.
pub fn reading_turned_off() -> bool {
    storage().and_then(|s| s.get_item(READING_KEY).ok().flatten()).is_some_and(|v| v == "off")
}

/// Remembers the switch of the GitHub reading (silently not, where storage is denied).
pub fn save_reading(on: bool) {
    if let Some(storage) = storage() {
        let _ = if on { storage.remove_item(READING_KEY) } else { storage.set_item(READING_KEY, "off") };
    }
}

/// How a copy went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    /// Through the clipboard API.
    Clipboard,
    /// Through the selection fallback.
    Fallback,
    /// Neither worked: the person copies by hand.
    Failed,
}

/// Copies `text`: the clipboard API where allowed, else a selected textarea and the copy
/// command (insecure origins, iframes without clipboard permission).
pub async fn copy_text(text: &str) -> Copied {
    if let Some(promise) = clipboard_write(text) {
        if JsFuture::from(promise).await.is_ok() {
            return Copied::Clipboard;
        }
    }
    if copy_by_selection(text) {
        Copied::Fallback
    } else {
        Copied::Failed
    }
}

fn clipboard_write(text: &str) -> Option<Promise> {
    let navigator: JsValue = window().navigator().into();
    let clipboard = Reflect::get(&navigator, &"clipboard".into()).ok().filter(|c| !c.is_undefined() && !c.is_null())?;
    let write = Reflect::get(&clipboard, &"writeText".into()).ok()?.dyn_into::<Function>().ok()?;
    write.call1(&clipboard, &text.into()).ok()?.dyn_into::<Promise>().ok()
}

fn copy_by_selection(text: &str) -> bool {
    let Some(document) = window().document() else { return false };
    let Some(body) = document.body() else { return false };
    let Ok(area) = document.create_element("textarea") else { return false };
    let Ok(area) = area.dyn_into::<web_sys::HtmlTextAreaElement>() else { return false };
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    // A class, not a style attribute: the page's Content-Security-Policy allows no inline style.
    let _ = area.set_attribute("class", "wz-visually-hidden");
    if body.append_child(&area).is_err() {
        return false;
    }
    area.select();
    let copied = document.dyn_ref::<web_sys::HtmlDocument>().and_then(|d| d.exec_command("copy").ok()).unwrap_or(false);
    area.remove();
    copied
}

/// In an iframe (`?embed=1`), tells the parent page the content's height on every change,
/// so the frame can be sized to fit: `{"type": "ocelot-setup:height", "height": N}`.
pub fn post_height_to_parent() {
    let window = window();
    let Some(root) = window.document().and_then(|d| d.document_element()) else { return };
    let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    let last = std::cell::Cell::new(0);
    let post = move || {
        // The whole page, the body's margins included (its scrollHeight leaves them out);
        // not the root's scrollHeight, which never falls below the frame's own height.
        let height = root.offset_height();
        if height != last.replace(height) {
            let message = js_sys::Object::new();
            let _ = Reflect::set(&message, &"type".into(), &"ocelot-setup:height".into());
            let _ = Reflect::set(&message, &"height".into(), &height.into());
            let _ = parent.post_message(&message, "*");
        }
    };
    post();
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(post);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        if let Some(root) = window.document().and_then(|d| d.document_element()) {
            observer.observe(&root);
        }
        if let Some(body) = window.document().and_then(|d| d.body()) {
            observer.observe(&body);
        }
    }
    callback.forget();
}

/// Whether the browser believes it is online.
pub fn is_online() -> bool {
    window().navigator().on_line()
}

/// A local time for seconds since the epoch, e.g. for GitHub's rate-limit reset.
pub fn format_time(seconds: u64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(seconds as f64 * 1000.0));
    String::from(date.to_locale_time_string("en-GB"))
}

/// A `data:` URL holding `text`, for download links that work offline.
pub fn data_url(mime: &str, text: &str) -> String {
    format!("data:{mime};charset=utf-8,{}", crate::core::percent::percent_encode(text))
}
