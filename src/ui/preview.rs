//! The live template preview.

use leptos::prelude::*;

use crate::core::guide::deploy::TEMPLATE_FILE;
use crate::core::setup::Setup;
use crate::core::site::TEMPLATE_TIMING;
use crate::ui::browser;
use crate::ui::components::{CodeBlock, Language};
use crate::ui::ids;
use crate::ui::steps::wizard;

/// The class of the preview's note (found by the early paint, `ui::early`).
pub const NOTE_CLASS: &str = "wz-preview__note";

/// The preview's note over a valid setup's template (the wizard's and the early paint's).
pub fn ready_note(setup: &Setup) -> String {
    format!("For {} in {}, updated as you type.", setup.fork, setup.region)
}

/// The live template, beside the steps on a desktop, below them on a phone.
#[component]
pub fn Preview() -> impl IntoView {
    let wizard = wizard();
    // A memo, not a derived signal: the preview reads the text three times a change (gutter,
    // lines, download link), and a derived signal would clone it for each.
    let yaml: Signal<String> = Memo::new(move |_| wizard.yaml.get().unwrap_or_default()).into();
    let stale = move || wizard.setup.with(Result::is_err) && wizard.yaml.with(Option::is_some);
    let empty = move || wizard.yaml.with(Option::is_none);
    // The download's href is the whole template as a data URL: written when the link is shown
    // and again just before it can be used (pointer over it, focus, click), not on every
    // keystroke, where encoding the template and handing it to the browser cost more than the
    // lines that changed.
    let download = NodeRef::<leptos::html::A>::new();
    let template_url = move || browser::data_url("application/x-yaml", &yaml.read_untracked());
    let refresh = move || {
        if let Some(link) = download.get_untracked() {
            let _ = link.set_attribute("href", &template_url());
        }
    };
    view! {
        <aside class="wz-preview" id=ids::PREVIEW aria-labelledby="wz-preview-title">
            <h2 class="wz-preview__title" id="wz-preview-title">"Your template"</h2>
            <p class=NOTE_CLASS aria-live="polite">
                {move || {
                    if empty() {
                        "Enter your fork to see the template made for it.".to_string()
                    } else if stale() {
                        "Showing the last valid template: fix the highlighted field to update it.".to_string()
                    } else {
                        wizard.setup.with(|s| s.as_ref().map(ready_note).unwrap_or_default())
                    }
                }}
            </p>
            <Show when=move || !empty()>
                // A fork a link chose is not downloaded until it is confirmed (step 1).
                <Show when=move || wizard.fork_confirmed()>
                    <div class="wz-row">
                        <a
                            class="wz-button wz-button--small"
                            download=TEMPLATE_FILE
                            href=template_url()
                            node_ref=download
                            on:pointerover=move |_| refresh()
                            on:focus=move |_| refresh()
                            on:click=move |_| refresh()
                        >
                            {format!("Download {TEMPLATE_FILE}")}
                        </a>
                    </div>
                </Show>
                <div class="wz-preview__code" class:wz-preview__code--stale=stale>
                    <CodeBlock caption="Template (YAML)" text=yaml language=Language::Yaml id="wz-template" timing=TEMPLATE_TIMING />
                </div>
            </Show>
        </aside>
    }
}
