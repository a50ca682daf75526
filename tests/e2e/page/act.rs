//! What a person does: open the page, type, click, press keys.

use std::path::Path;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use ocelot_setup::core::setup::query::to_query_string;
use ocelot_setup::core::setup::SetupInput;
use serde_json::Value;

use super::{eventually, Page};

impl Page {
    /// Opens the wizard with nothing filled in and the reading from GitHub off (`github=off`),
    /// as a person who turned it off finds it: what is typed stays as typed.
    pub async fn open_blank(&self) {
        self.open_url(&self.url("", false)).await;
    }

    /// Opens the wizard as a new user finds it: nothing filled in, and the fork read from GitHub
    /// once it is typed.
    pub async fn open_as_new_user(&self) {
        self.open_url(&self.url("", true)).await;
    }

    /// Opens a link to the wizard that carries `input` and, unless it is the first, `step`
    /// (as a shared or reloaded link does), with the reading off, and says the fork is the
    /// person's own where the wizard asks.
    pub async fn open_with(&self, input: &SetupInput, step: Option<&str>) {
        self.open_link(input, step, false).await;
        self.run_script(
            "for (const b of document.querySelectorAll('button')) { if (b.textContent.trim() === 'This is my fork') { b.click(); } }",
            vec![],
        )
        .await;
    }

    /// Opens a link that carries `input` and `step`, confirming nothing; the fork is read from
    /// GitHub when `reading`.
    pub async fn open_link(&self, input: &SetupInput, step: Option<&str>, reading: bool) {
        let mut pairs: Vec<(&str, String)> = input.to_query();
        if let Some(step) = step {
            pairs.push(("step", step.to_string()));
        }
        self.open_url(&self.url(&to_query_string(&pairs), reading)).await;
    }

    /// Opens `path` of the site (a page that embeds the wizard, or the wizard without its
    /// header) with `query`, and waits for the wizard's steps.
    pub async fn open_embedded(&self, path: &str, query: &str) {
        self.open_page(path, query).await;
        self.wait_for_steps().await;
    }

    /// Opens `path` of the site with `query` and the reading from GitHub on, and waits for the
    /// wizard's steps.
    pub async fn open_embedded_reading(&self, path: &str, query: &str) {
        let url = self.url_with(path, query, true);
        self.client().goto(&url).await.unwrap_or_else(|e| panic!("open {url}: {e}"));
        self.wait_for_steps().await;
    }

    /// Opens `path` of the site with `query`, waiting for nothing.
    pub async fn open_page(&self, path: &str, query: &str) {
        let url = self.url_of(path, query);
        self.client().goto(&url).await.unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// Opens the site's root followed by `rest` alone (a query or hash, or nothing for the bare
    /// page): without the reading turned off or the stub named, waiting for nothing.
    pub async fn open_root(&self, rest: &str) {
        let url = format!("{}/{rest}", self.site);
        self.client().goto(&url).await.unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// Waits for the wizard's stepper (there whether the header is or not).
    pub async fn wait_for_steps(&self) {
        self.displayed("the wizard's steps", "//nav[@aria-label='Setup steps']").await;
    }

    /// Moves into the iframe matching `css` (as a person's eyes do): finding, clicking and
    /// scripts act inside it until [`Page::leave_frame`].
    pub async fn enter_frame(&self, css: &str) {
        let frame = self.client().find(fantoccini::Locator::Css(css)).await.expect("the iframe");
        frame.enter_frame().await.expect("switch into the iframe");
    }

    /// Back to the top-level page.
    pub async fn leave_frame(&self) {
        self.client().enter_parent_frame().await.expect("switch to the top-level page");
    }

    /// What the browser's console said since the last call (chromedriver's log).
    pub async fn console_log(&self) -> Vec<Value> {
        self.browser.console_log().await
    }

    async fn open_url(&self, url: &str) {
        self.client().goto(url).await.unwrap_or_else(|e| panic!("open {url}: {e}"));
        self.wait_for_wizard().await;
    }

    /// Reloads the page, as a person pressing F5 does.
    pub async fn reload(&self) {
        self.client().refresh().await.expect("reload the page");
        self.wait_for_wizard().await;
    }

    /// Waits for the wizard itself: its header, and its main column, which has an id
    /// (`ids::MAIN`; the static copy's elements have none, and the early paint shows the
    /// copy's header first).
    async fn wait_for_wizard(&self) {
        self.displayed("the wizard's header", "//h1[normalize-space(.)='Set up your ocelot fork']").await;
        self.displayed("the wizard to start", "//main[@id='wz-main']").await;
    }

    /// Clicks into the field labelled `label` and types `text` after what it holds.
    pub async fn type_into(&self, label: &str, text: &str) {
        let field = self.field(label).await;
        field.click().await.unwrap_or_else(|e| panic!("click into {label:?}: {e}"));
        field.send_keys(text).await.unwrap_or_else(|e| panic!("type into {label:?}: {e}"));
    }

    /// Selects everything in the field labelled `label` and types `text` over it.
    pub async fn replace_text(&self, label: &str, text: &str) {
        let field = self.field(label).await;
        field.click().await.unwrap_or_else(|e| panic!("click into {label:?}: {e}"));
        let select_all =
            format!("{}a{}{}", char::from(Key::Control), char::from(Key::Null), char::from(Key::Backspace));
        field.send_keys(&select_all).await.unwrap_or_else(|e| panic!("clear {label:?}: {e}"));
        field.send_keys(text).await.unwrap_or_else(|e| panic!("type into {label:?}: {e}"));
    }

    /// Clicks the button named `name` once it is enabled.
    pub async fn click_button(&self, name: &str) {
        let button = self.button(name).await;
        eventually(format!("the button {name:?} to be enabled"), || async {
            match button.is_enabled().await {
                Ok(true) => Ok(()),
                Ok(false) => Err("it is disabled".to_string()),
                Err(e) => Err(e.to_string()),
            }
        })
        .await;
        button.click().await.unwrap_or_else(|e| panic!("click the button {name:?}: {e}"));
    }

    /// Clicks the link named `name`.
    pub async fn click_link(&self, name: &str) {
        self.link(name).await.click().await.unwrap_or_else(|e| panic!("click the link {name:?}: {e}"));
    }

    /// Picks the radio button or ticks the checkbox labelled `label` (unless it already is).
    pub async fn choose(&self, label: &str) {
        let control = self.field(label).await;
        if !control.is_selected().await.unwrap_or(false) {
            control.click().await.unwrap_or_else(|e| panic!("choose {label:?}: {e}"));
        }
    }

    /// Unticks the checkbox labelled `label`, if it is ticked.
    pub async fn choose_off(&self, label: &str) {
        let control = self.field(label).await;
        if control.is_selected().await.unwrap_or(false) {
            control.click().await.unwrap_or_else(|e| panic!("untick {label:?}: {e}"));
        }
    }

    /// Goes to the step titled `title` through the stepper.
    pub async fn go_to_step(&self, title: &str) {
        let button = self.step_button(title).await;
        button.click().await.unwrap_or_else(|e| panic!("click the step {title:?}: {e}"));
    }

    /// Presses and releases `key` wherever the focus is.
    pub async fn press(&self, key: Key) {
        self.keys(&[char::from(key)]).await;
    }

    /// Types `text` wherever the focus is, one key at a time.
    pub async fn type_keys(&self, text: &str) {
        self.keys(&text.chars().collect::<Vec<_>>()).await;
    }

    async fn keys(&self, keys: &[char]) {
        let mut actions = KeyActions::new("keyboard".to_string());
        for key in keys {
            actions = actions.then(KeyAction::Down { value: *key }).then(KeyAction::Up { value: *key });
        }
        self.client().perform_actions(actions).await.expect("press keys");
    }

    /// Presses Tab until the focused element is named `name`; fails after `limit` presses.
    pub async fn tab_to(&self, name: &str, limit: usize) {
        let mut seen = Vec::new();
        for _ in 0..limit {
            self.press(Key::Tab).await;
            let focused = self.focused_name().await;
            if focused == name {
                return;
            }
            seen.push(focused);
        }
        panic!("{limit} presses of Tab never reached {name:?}; focus went through {seen:?}");
    }

    /// Pastes (Ctrl+V) into a text area added to the page for the purpose, and returns what
    /// arrived there.
    pub async fn paste_into_new_text_area(&self) -> String {
        let script = "const area = document.createElement('textarea'); area.id = 'e2e-paste';\
                      area.setAttribute('aria-label', 'Paste here'); document.body.append(area); area.focus();";
        self.run_script(script, vec![]).await;
        let control = char::from(Key::Control);
        let actions = KeyActions::new("keyboard".to_string())
            .then(KeyAction::Down { value: control })
            .then(KeyAction::Down { value: 'v' })
            .then(KeyAction::Up { value: 'v' })
            .then(KeyAction::Up { value: control });
        self.client().perform_actions(actions).await.expect("press Ctrl+V");
        let pasted = self
            .run_script(
                "const a = document.getElementById('e2e-paste'); const v = a.value; a.remove(); return v;",
                vec![],
            )
            .await;
        pasted.as_str().unwrap_or_default().to_string()
    }

    /// Sets the browser window's size in CSS pixels.
    pub async fn resize(&self, width: u32, height: u32) {
        self.client().set_window_size(width, height).await.expect("resize the window");
    }

    /// Saves what the window shows as a PNG.
    pub async fn screenshot(&self, path: &Path) {
        let png = self.client().screenshot().await.expect("take a screenshot");
        std::fs::write(path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    /// Runs `script` in the page and returns what it returns.
    pub async fn run_script(&self, script: &str, args: Vec<Value>) -> Value {
        self.client().execute(script, args).await.unwrap_or_else(|e| panic!("run a script in the page: {e}"))
    }

    /// Runs asynchronous `script` (it calls the last argument when done) and returns its result.
    pub async fn run_async_script(&self, script: &str, args: Vec<Value>) -> Value {
        self.client()
            .execute_async(script, args)
            .await
            .unwrap_or_else(|e| panic!("run an asynchronous script in the page: {e}"))
    }

    /// Where the browser saves downloads.
    pub fn downloads(&self) -> &Path {
        self.browser.downloads()
    }
}
