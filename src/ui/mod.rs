//! The wizard: a thin Leptos layer over [`crate::core`]. Components only wire signals;
//! everything they show is computed by the core.

mod browser;
mod components;
pub mod early;
mod github;
pub mod ids;
mod layout;
mod preview;
mod state;
mod steps;
pub mod worker;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub use state::{Config, Step, Wizard, URL_WRITE_DELAY};

/// The `performance.mark` set once the preview's first template has been painted: in a task
/// after the next animation frame (read by `make bench`).
pub const TEMPLATE_SHOWN_MARK: &str = "ocelot-setup:template-shown";
/// The `performance.mark` set when the wasm starts running, before the wizard is built.
pub const START_MARK: &str = "ocelot-setup:start";

/// The class of the bare page's static first paint, which scripts/static_paint.py renders from
/// this wizard at build time; the mount removes it.
pub const STATIC_PAINT_CLASS: &str = "wz-static";
/// The class index.html's head script puts on `<html>` when the static paint would be wrong for
/// the URL (it carries setup state): the stylesheet then shows only the copy's header, which is
/// the same on every page with one, until the early paint ([`early`]) has filled its preview.
pub const URL_STATE_CLASS: &str = "wz-url-state";
/// The class the head script adds when the URL may drop the header too (it has an `embed` or a
/// `compact` key, whatever its value): the stylesheet hides the whole static paint then.
pub const URL_COMPACT_CLASS: &str = "wz-url-compact";

pub(crate) fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Sets [`TEMPLATE_SHOWN_MARK`] once the template just put in the page is painted (in a task
/// after the next animation frame), unless the early paint or the wizard set it before.
pub(crate) fn mark_template_shown() {
    request_animation_frame(|| {
        set_timeout(
            || {
                let marked = web_sys::window()
                    .and_then(|w| w.performance())
                    .is_some_and(|p| p.get_entries_by_name(TEMPLATE_SHOWN_MARK).length() > 0);
                if !marked {
                    mark(TEMPLATE_SHOWN_MARK);
                }
            },
            std::time::Duration::ZERO,
        )
    });
}

/// Mounts the wizard into `#ocelot-setup` when the page has one, else into the body.
pub fn mount() {
    mark(START_MARK);
    let host = document().get_element_by_id(ids::HOST);
    let config = Config::read(host.as_ref());
    if config.embed {
        browser::post_height_to_parent();
    }
    match host.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(host) => leptos::mount::mount_to(host, move || view! { <App config=config.clone() /> }).forget(),
        None => leptos::mount::mount_to_body(move || view! { <App config=config.clone() /> }),
    }
    remove_static_paint();
}

/// Takes over from the static first paint: in the task that mounted the wizard, so no frame
/// shows both or neither.
fn remove_static_paint() {
    let selector = format!(".{STATIC_PAINT_CLASS}");
    while let Some(copy) = document().query_selector(&selector).ok().flatten() {
        copy.remove();
    }
}

/// The whole wizard: stepper, the current step, and the live template preview.
#[component]
pub fn App(
    /// Where the wizard runs: GitHub API base, hosted template URL, embedding.
    config: Config,
) -> impl IntoView {
    let wizard = Wizard::new(config);
    provide_context(wizard);
    wizard.sync_url();
    github::read_when_typed(wizard);
    // `make bench` times page loads up to this mark: the first template painted (the frame
    // after it reached the DOM has run).
    Effect::new(move |marked: Option<bool>| {
        if marked == Some(true) {
            return true;
        }
        let shown = wizard.yaml.with(Option::is_some);
        if shown {
            mark_template_shown();
        }
        shown
    });
    let compact = wizard.config.with_value(|c| c.compact);
    view! {
        <div class="wz" class:wz--compact=compact>
            <Show when=move || !compact>
                <header class="wz-header">
                    <h1 class="wz-header__title">"Set up your ocelot fork"</h1>
                    <p class="wz-header__lead">
                        "Let your fork's GitHub Actions publish Lambda layers into your own AWS account: "
                        "a CloudFormation template made for your fork, the ways to deploy it, and the GitHub secrets its workflows read. "
                        "Everything runs in this page: only your fork's name goes to GitHub's public API, to read its workflows, and you can turn that off."
                    </p>
                </header>
            </Show>
            <layout::Stepper />
            <div class="wz-layout">
                <main class="wz-main" id=ids::MAIN>
                    <layout::CurrentStep />
                    <layout::StepNav />
                </main>
                <preview::Preview />
            </div>
        </div>
    }
}
