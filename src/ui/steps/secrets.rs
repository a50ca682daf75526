//! Step 4: the GitHub secrets, each with its value, its page and its `gh` command.

use leptos::prelude::*;

use super::{with_setup, ChecklistItem, Progress};
use crate::core::guide::{self, SecretEntry};
use crate::core::setup::{Choice, Field};
use crate::core::workflows::{self, Findings};
use crate::ui::components::{CodeBlock, CopyButton, Language, TextField};

#[component]
pub fn SecretsStep() -> impl IntoView {
    let wizard = super::wizard();
    // Read from the fork: untrusted, shown as text only.
    let findings = Memo::new(move |_| wizard.findings());
    let unnamed = move || findings.with(|f| f.as_ref().map(workflows::unnamed_roles).unwrap_or_default());
    view! {
        <p class="wz-step__lead">
            "When the stack is CREATE_COMPLETE, give the fork the values it needs. Your account id makes the role ARN exact; or paste the stack's PublisherRoleArn output."
        </p>
        <div class="wz-grid">
            <TextField field=Field::AccountId placeholder="123456789012" />
            <TextField field=Field::RoleArn placeholder="arn:aws:iam::123456789012:role/ocelot-layer-publisher" />
        </div>
        {move || {
            let problems = unnamed();
            (!problems.is_empty()).then(|| view! {
                <div class="wz-callout wz-callout--warning" role="note">
                    <p><strong>"A workflow step reads its role from something the setup cannot name:"</strong></p>
                    <ul class="wz-list">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            })
        }}
        {with_setup(move |setup| {
            let entries = guide::secret_entries(setup);
            let total = entries.len();
            let cards = entries.into_iter().map(|entry| secret_card(entry, findings)).collect_view();
            view! {
                {cards}
                <CodeBlock caption="All at once with gh" text=guide::gh_script(setup) language=Language::Shell />
                <Progress of=total prefix="secret:" />
            }
        })}
    }
}

/// One secret or variable: its name, the jobs that read it, its value, its page and its `gh`
/// command, and its checklist item.
fn secret_card(entry: SecretEntry, findings: Memo<Option<Findings>>) -> impl IntoView {
    let key = format!("secret:{}", entry.name);
    let kind = entry.kind.as_str();
    let link_label = format!("Open the new {kind} page for {}", entry.name);
    let jobs = findings.with(|f| f.as_ref().map(|f| workflows::read_by(f, &entry.name)).unwrap_or_default());
    let value = match entry.value.clone() {
        Some(value) => view! {
            <div class="wz-secret__value">
                <code>{value.clone()}</code>
                <CopyButton text=value label=format!("Copy the value of {}", entry.name) />
            </div>
        }
        .into_any(),
        None => view! {
            <p class="wz-callout wz-callout--warning">"Enter the account id or the role ARN above to get this value."</p>
        }
        .into_any(),
    };
    view! {
        <article class="wz-secret">
            <h3 class="wz-secret__name">
                <code>{entry.name.clone()}</code>
                " "
                <span class="wz-badge">{kind}</span>
            </h3>
            {(!jobs.is_empty()).then(|| view! { <p class="wz-muted">{format!("Read by {}.", jobs.join("; "))}</p> })}
            {value}
            <p>
                <a href=entry.url.clone() target="_blank" rel="noopener noreferrer">{link_label}</a>
                {format!(" (Name: {}, Value: as above), or with the GitHub CLI:", entry.name)}
            </p>
            <CodeBlock caption=format!("gh command for {}", entry.name) text=entry.command.clone() language=Language::Shell />
            <ChecklistItem key=key label=format!("I added {}", entry.name) />
        </article>
    }
}
