//! Step 5: check the first run, and what the common failures mean.

use leptos::prelude::*;

use super::checks::{CheckWorkflowSection, DoctorSection, PasteError, TeardownSection};
use super::watch::WatchSection;
use super::{with_setup, ChecklistItem, Progress};
use crate::core::guide;
use crate::ui::components::{rich_text, CodeBlock, Language};

#[component]
pub fn VerifyStep() -> impl IntoView {
    let wizard = super::wizard();
    view! {
        <p class="wz-step__lead">"Check the whole path once: the workflow assumes the role, publishes a layer, and records it."</p>
        {with_setup(move |setup| {
            let steps = guide::steps(setup, &wizard.publish.get());
            let total = steps.len();
            let items = steps
                .into_iter()
                .map(|s| {
                    let key = format!("verify:{}", s.title);
                    view! {
                        <li class="wz-verify">
                            <ChecklistItem key=key label=s.title.clone() />
                            <p>{rich_text(&s.detail)}</p>
                            {s.link.clone().map(|link| {
                                let text = link.clone();
                                view! { <p><a href=link target="_blank" rel="noopener noreferrer">{text}</a></p> }
                            })}
                            {s.command.clone().map(|command| view! { <CodeBlock caption=format!("Command: {}", s.title) text=command language=Language::Shell /> })}
                        </li>
                    }
                })
                .collect_view();
            let troubles = guide::troubleshooting(setup)
                .into_iter()
                .map(|t| view! {
                    <details class="wz-details">
                        <summary><code>{t.symptom}</code></summary>
                        <p>{rich_text(&t.fix)}</p>
                    </details>
                })
                .collect_view();
            view! {
                <ol class="wz-list wz-list--plain">{items}</ol>
                <Progress of=total prefix="verify:" />
                <WatchSection setup=setup.clone() />
                <DoctorSection setup=setup.clone() />
                <CheckWorkflowSection setup=setup.clone() />
                <h3 class="wz-h3">"If something fails"</h3>
                <PasteError />
                {troubles}
                <TeardownSection setup=setup.clone() />
            }
        })}
    }
}
