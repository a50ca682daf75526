//! The five steps, one file each, and what they share: the valid setup or what to fix first,
//! the core's notices, and the persisted checklist.

mod checks;
mod deploy;
mod followed;
mod fork;
mod options;
mod secrets;
mod verify;
mod watch;

pub use deploy::DeployStep;
pub use fork::ForkStep;
pub use options::OptionsStep;
pub use secrets::SecretsStep;
pub use verify::VerifyStep;

use leptos::prelude::*;

use crate::core::setup::{Field, Setup};
use crate::ui::components::rich_text;
use crate::ui::state::Wizard;

pub(crate) fn wizard() -> Wizard {
    expect_context::<Wizard>()
}

/// Runs `f` on the valid setup, or shows what to fix first.
pub(crate) fn with_setup<V: IntoView + 'static>(f: impl Fn(&Setup) -> V + Send + Sync + 'static) -> impl IntoView {
    let wizard = wizard();
    move || match wizard.setup.get() {
        Ok(setup) => f(&setup).into_any(),
        Err(errors) => {
            let first = errors.0.first().map(|e| e.to_string()).unwrap_or_default();
            view! {
                <p class="wz-callout wz-callout--error" role="alert">
                    "Fix this first: " {first}
                </p>
            }
            .into_any()
        }
    }
}

/// The core's notices about `fields`, shown as warnings.
#[component]
pub(crate) fn Notices(fields: &'static [Field]) -> impl IntoView {
    let wizard = wizard();
    move || {
        let notices = wizard.setup.with(|s| s.as_ref().map(crate::core::guide::notices).unwrap_or_default());
        notices
            .into_iter()
            .filter(|n| fields.contains(&n.field))
            .map(|n| view! { <p class="wz-callout wz-callout--warning">{sentence(&n.text)}</p> })
            .collect_view()
    }
}

/// A core message as a sentence: capital first letter, full stop.
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase().to_string()).unwrap_or_default();
    let end = if text.ends_with(['.', '?', '!']) { "" } else { "." };
    format!("{first}{}{end}", chars.as_str())
}

/// A persisted checkbox of the checklist.
#[component]
pub(crate) fn ChecklistItem(key: String, label: String) -> impl IntoView {
    let wizard = wizard();
    let id = format!("wz-done-{}", key.replace(|c: char| !c.is_ascii_alphanumeric(), "-").to_ascii_lowercase());
    let checked_key = key.clone();
    view! {
        <div class="wz-check">
            <input
                class="wz-check__input"
                type="checkbox"
                id=id.clone()
                prop:checked=move || wizard.done.with(|d| d.contains(&checked_key))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let key = key.clone();
                    wizard.done.update(|d| {
                        if on {
                            d.insert(key);
                        } else {
                            d.remove(&key);
                        }
                    });
                }
            />
            <label class="wz-check__label" for=id>
                {rich_text(&label)}
            </label>
        </div>
    }
}

/// How many checklist items with `prefix` are ticked, of `of`.
#[component]
pub(crate) fn Progress(of: usize, prefix: &'static str) -> impl IntoView {
    let wizard = wizard();
    let count = move || wizard.done.with(|d| d.iter().filter(|k| k.starts_with(prefix)).count());
    view! {
        <p class="wz-progress" role="status">
            <progress max=of value=move || count().min(of)></progress>
            {move || format!(" {} of {of} done", count().min(of))}
        </p>
    }
}
