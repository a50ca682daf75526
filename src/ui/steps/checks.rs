//! The checks of the Verify step: the first-run check workflow for the fork, and a box where a
//! failing log is pasted and explained. Pasted text stays in the page (never in the URL) and is
//! only ever shown as text.

use leptos::prelude::*;

use super::wizard;
use crate::core::checks::diagnose::{diagnose, Diagnosis, MAX_PASTE_BYTES};
use crate::core::checks::first_run::check_workflow;
use crate::core::setup::{Choice, Setup};
use crate::ui::browser;
use crate::ui::components::{rich_text, CodeBlock, CopyButton, Language};
use crate::ui::ids;

/// The check workflow: what it does, the file, and the commands that add and run it.
#[component]
pub fn CheckWorkflowSection(
    /// The valid setup the workflow checks.
    setup: Setup,
) -> impl IntoView {
    let check = check_workflow(&setup);
    let commands = check
        .commands
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            view! {
                <li>
                    <p>{rich_text(&c.what)}</p>
                    <CodeBlock caption=format!("Check command {}", i + 1) text=c.command language=Language::Shell />
                </li>
            }
        })
        .collect_view();
    let yaml = check.yaml;
    view! {
        <section class="wz-way" aria-labelledby="wz-check-title">
            <h3 class="wz-h3" id="wz-check-title">"Check it from the fork"</h3>
            <p>
                "Before the first publish, or when a run fails: a small workflow for " <code>{check.path}</code>
                " asks GitHub for the job's token, compares its subject with what the role trusts and says which part differs, checks the secrets without printing them, then assumes the role and makes two read-only calls. Each check prints PASS or FAIL with the reason; the token is never printed."
            </p>
            <div class="wz-row">
                <a class="wz-button" download=check.file_name href=browser::data_url("application/x-yaml", &yaml)>
                    {format!("Download {}", check.file_name)}
                </a>
                <CopyButton text=yaml.clone() label="Copy the check workflow" />
            </div>
            <details class="wz-details">
                <summary>{format!("The workflow ({})", check.file_name)}</summary>
                <CodeBlock caption="Check workflow (YAML)" text=yaml language=Language::Yaml />
            </details>
            <ol class="wz-list">{commands}</ol>
        </section>
    }
}

/// A box for a failing log or error line, and what it means for this setup.
#[component]
pub fn PasteError() -> impl IntoView {
    let wizard = wizard();
    let pasted = RwSignal::new(String::new());
    let diagnosis = Memo::new(move |_| {
        pasted.with(|text| {
            if text.trim().is_empty() {
                return None;
            }
            if text.len() > MAX_PASTE_BYTES {
                return Some(Err(format!(
                    "That is {} KB; paste at most {} KB, the failing step's lines.",
                    text.len() / 1024,
                    MAX_PASTE_BYTES / 1024
                )));
            }
            wizard.setup.with(|s| s.as_ref().ok().map(|setup| Ok(diagnose(setup, text))))
        })
    });
    view! {
        <section class="wz-way" aria-labelledby="wz-paste-title">
            <h3 class="wz-h3" id="wz-paste-title">"Paste the error"</h3>
            <div class="wz-field">
                <label class="wz-field__label" for=ids::PASTE>
                    "A failing log or error line"
                </label>
                <p class="wz-field__hint" id="wz-paste-hint">
                    "From the workflow run, the AWS CLI or the console. It stays in this page: it is not sent anywhere or kept in the link."
                </p>
                <textarea
                    class="wz-field__input wz-field__input--area"
                    id=ids::PASTE
                    rows="6"
                    spellcheck="false"
                    autocomplete="off"
                    aria-describedby="wz-paste-hint"
                    prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))
                ></textarea>
            </div>
            <div id=ids::DIAGNOSIS aria-live="polite">{move || diagnosis.get().map(show)}</div>
        </section>
    }
}

/// A diagnosis as text: the line each finding matched, its cause, its fix and its commands.
fn show(diagnosis: Result<Diagnosis, String>) -> AnyView {
    let commands = |commands: Vec<String>| {
        commands
            .into_iter()
            .enumerate()
            .map(|(i, command)| {
                view! { <CodeBlock caption=format!("Command {}", i + 1) text=command language=Language::Shell /> }
            })
            .collect_view()
    };
    match diagnosis {
        Err(message) => view! { <p class="wz-callout wz-callout--warning">{message}</p> }.into_any(),
        Ok(Diagnosis::NotRecognised { cause, fix, commands: next }) => view! {
            <div class="wz-callout wz-callout--warning">
                <p><strong>"Not recognised. "</strong>{rich_text(&cause)}</p>
                <p>{rich_text(&fix)}</p>
                {commands(next)}
            </div>
        }
        .into_any(),
        Ok(Diagnosis::Recognised { findings }) => findings
            .into_iter()
            .map(|f| {
                view! {
                    <article class="wz-callout wz-callout--error wz-diagnosis" data-failure=f.id.as_str()>
                        <p><code class="wz-diagnosis__line">{f.line}</code></p>
                        <p><strong>"Why: "</strong>{rich_text(&f.cause)}</p>
                        <p><strong>"Fix: "</strong>{rich_text(&f.fix)}</p>
                        {commands(f.commands)}
                    </article>
                }
            })
            .collect_view()
            .into_any(),
    }
}
