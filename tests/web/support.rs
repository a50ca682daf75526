//! The page object: mount the wizard, act on it, find things in it.

use std::any::Any;

use leptos::prelude::*;
use ocelot_setup::core::setup::field::Field;
use ocelot_setup::ui::{ids, App, Config};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// The prefix of the checklist keys in localStorage.
pub const CHECKLIST_PREFIX: &str = "ocelot-setup:checklist:";

/// A wizard mounted in its own container; unmounted and removed when dropped.
pub struct Page {
    container: HtmlElement,
    handle: Option<Box<dyn Any>>,
}

/// The default configuration with the reading from GitHub off: component tests read nothing
/// from GitHub (the end-to-end tests do, against a stub).
pub fn no_reading() -> Config {
    let mut config = Config::default();
    config.github_reading = false;
    config
}

impl Page {
    /// Mounts the wizard on a page whose URL query is `query` (`""` or `?key=value&…`),
    /// with an empty localStorage.
    pub async fn open(query: &str) -> Page {
        window().local_storage().unwrap().unwrap().clear().unwrap();
        Page::reopen(query).await
    }

    /// [`Page::open`] a link that names the fork, and say it is the person's own, as its owner
    /// does before deploying.
    pub async fn open_as_owner(query: &str) -> Page {
        let page = Page::open(query).await;
        page.click_button("This is my fork").await;
        page
    }

    /// Mounts the wizard on a page whose URL query is `query`, keeping localStorage: a
    /// later visit.
    pub async fn reopen(query: &str) -> Page {
        Page::open_configured(query, no_reading).await
    }

    /// Mounts the wizard on a page whose URL query is `query`, with the configuration
    /// `config` gives once the URL is set (as a host page's attributes and the URL set it).
    pub async fn open_configured(query: &str, config: impl Fn() -> Config) -> Page {
        window().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(&format!("/{query}"))).unwrap();
        let document = document();
        let container: HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&container).unwrap();
        let config = config();
        let handle = leptos::mount::mount_to(container.clone(), move || view! { <App config=config.clone() /> });
        let page = Page { container, handle: Some(Box::new(handle)) };
        settle().await;
        page
    }

    // Act.

    /// Types `text` into the input with `id`, replacing what was there.
    pub async fn type_into(&self, id: &str, text: &str) {
        let element = self.find(&format!("#{id}"));
        match element.dyn_ref::<HtmlTextAreaElement>() {
            Some(area) => area.set_value(text),
            None => element.unchecked_ref::<HtmlInputElement>().set_value(text),
        }
        dispatch(&element, "input");
        settle().await;
    }

    /// Pastes `text` into the textarea with `id`, replacing what was there.
    pub async fn paste_into(&self, id: &str, text: &str) {
        let area: web_sys::HtmlTextAreaElement = self.find(&format!("#{id}")).unchecked_into();
        area.set_value(text);
        dispatch(&area, "input");
        settle().await;
    }

    /// Types `text` into the input of `field`.
    pub async fn type_field(&self, field: Field, text: &str) {
        self.type_into(&ids::input(field), text).await;
    }

    /// Chooses `value` in the select of `field`.
    pub async fn choose(&self, field: Field, value: &str) {
        let select: HtmlSelectElement = self.find(&format!("#{}", ids::input(field))).unchecked_into();
        select.set_value(value);
        assert_eq!(select.value(), value, "the select has no option {value}");
        dispatch(&select, "change");
        settle().await;
    }

    /// Clicks the element matching `selector` (radios and checkboxes toggle as for a person).
    pub async fn click(&self, selector: &str) {
        self.find(selector).unchecked_into::<HtmlElement>().click();
        settle().await;
    }

    /// Clicks the button whose text contains `text`.
    pub async fn click_button(&self, text: &str) {
        let button = self
            .find_all("button")
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().contains(text))
            .unwrap_or_else(|| panic!("no button says {text:?}"));
        button.unchecked_into::<HtmlElement>().click();
        settle().await;
    }

    // Find.

    /// The element matching `selector`; panics when there is none.
    pub fn find(&self, selector: &str) -> Element {
        self.try_find(selector).unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    /// The element matching `selector`, if any.
    pub fn try_find(&self, selector: &str) -> Option<Element> {
        self.container.query_selector(selector).unwrap()
    }

    /// Every element matching `selector`.
    pub fn find_all(&self, selector: &str) -> Vec<Element> {
        let list = self.container.query_selector_all(selector).unwrap();
        (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.unchecked_into()).collect()
    }

    /// The text of the element matching `selector`.
    pub fn text(&self, selector: &str) -> String {
        self.find(selector).text_content().unwrap_or_default()
    }

    /// The text of the whole wizard.
    pub fn page_text(&self) -> String {
        self.container.text_content().unwrap_or_default()
    }

    /// The message under the input of `field`.
    pub fn message(&self, field: Field) -> String {
        self.text(&format!("#{}", ids::message(field)))
    }

    /// The value of the input of `field`.
    pub fn value(&self, field: Field) -> String {
        let element = self.find(&format!("#{}", ids::input(field)));
        if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            return area.value();
        }
        match element.dyn_ref::<HtmlSelectElement>() {
            Some(select) => select.value(),
            None => element.unchecked_into::<HtmlInputElement>().value(),
        }
    }

    /// The template preview's text.
    pub fn template(&self) -> String {
        self.text("#wz-template")
    }

    /// The note above the template preview.
    pub fn preview_note(&self) -> String {
        self.text(".wz-preview__note")
    }

    /// The code block captioned `caption`.
    pub fn code(&self, caption: &str) -> String {
        self.text(&format!("pre[aria-label=\"{caption}\"]"))
    }

    /// Whether the checkbox or radio matching `selector` is ticked.
    pub fn checked(&self, selector: &str) -> bool {
        self.find(selector).unchecked_into::<HtmlInputElement>().checked()
    }

    /// The title of the step shown.
    pub fn step_title(&self) -> String {
        self.text(".wz-step__title")
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        drop(self.handle.take());
        self.container.remove();
    }
}

/// Lets effects and the DOM catch up with the last action.
pub async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

/// Dispatches a bubbling `kind` event at `target`, as the browser does for a person.
fn dispatch(target: &web_sys::EventTarget, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// Waits `duration` of wall time (timers run, as when a person pauses).
pub async fn pause(duration: std::time::Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, duration.as_millis() as i32).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    settle().await;
}

/// Waits until the wizard has written the last typing into the URL.
pub async fn url_written() {
    pause(ocelot_setup::ui::URL_WRITE_DELAY + std::time::Duration::from_millis(50)).await;
}

/// The page's query, decoded: the value of `key`.
pub fn query_param(key: &str) -> Option<String> {
    let search = window().location().search().unwrap();
    web_sys::UrlSearchParams::new_with_str(&search).unwrap().get(key)
}

/// The stored value of localStorage `key`.
pub fn stored(key: &str) -> Option<String> {
    window().local_storage().unwrap().unwrap().get_item(key).unwrap()
}

/// The text a `data:` URL holds.
pub fn data_url_text(url: &str) -> String {
    let (_, encoded) = url.split_once(',').unwrap_or_else(|| panic!("{url:.60} is not a data: URL"));
    String::from(js_sys::decode_uri_component(encoded).unwrap())
}
