//! Step 1: the fork, read from GitHub once it is typed (unless the reading is off).

use leptos::prelude::*;

use super::followed::followed_view;
use super::{wizard, Notices};
use crate::core::github::Lineage;
use crate::core::setup::sub_claim::read_command;
use crate::core::setup::values::Fork;
use crate::core::setup::{Field, ScopeInput, ScopeKind, SecretPreset};
use crate::ui::components::{Checkbox, CodeBlock, Language, TextField};
use crate::ui::github;
use crate::ui::ids;
use crate::ui::state::{ReadState, Step, Wizard};

/// What the setup holds when nothing could be read.
fn nothing_read() -> String {
    format!(
        "You can go on without it: the setup assumes {}. Type the ids below, or leave them empty.",
        SecretPreset::Upstream.summary()
    )
}

fn reading_result(wizard: Wizard, typed: String) -> impl IntoView {
    move || match wizard.read.get() {
        ReadState::Idle if !wizard.reading.get() => {
            view! { <p class="wz-callout">"Reading from GitHub is off. " {nothing_read()}</p> }.into_any()
        }
        ReadState::Idle => ().into_any(),
        ReadState::Reading(answered) => {
            let text = match answered {
                0 => "Asking GitHub…".to_string(),
                n => format!("Reading the fork's workflows… ({n} of GitHub's answers in)"),
            };
            view! { <p class="wz-callout">{text}</p> }.into_any()
        }
        ReadState::Failed(message) => view! {
            <div class="wz-callout wz-callout--warning">
                <p>{message}</p>
                <p>{nothing_read()}</p>
            </div>
        }
        .into_any(),
        ReadState::Found(outcome) => {
            let facts = &outcome.facts;
            let lineage = facts.lineage.describe();
            let good = facts.lineage == Lineage::ForkOfOcelot;
            let corrected = facts.spelling_note(&typed);
            let branch = facts.default_branch.clone();
            view! {
                <div class="wz-callout" class:wz-callout--ok=good class:wz-callout--warning=!good role="status">
                    <p>
                        <strong>{format!("{} exists on GitHub. ", facts.fork)}</strong>
                        {lineage}
                    </p>
                    {corrected.map(|text| view! { <p>{text}</p> })}
                    <p>
                        {format!(
                            "Owner id {} and repository id {} are filled in, so the role also trusts GitHub's immutable subjects.",
                            facts.ids.owner_id,
                            facts.ids.repo_id,
                        )}
                    </p>
                    {branch
                        .map(|branch| {
                            let label = format!("Trust only branch {branch}");
                            view! {
                                <button
                                    type="button"
                                    class="wz-button wz-button--small"
                                    on:click=move |_| wizard.set_scope(ScopeInput::new(ScopeKind::Branch, branch.clone()))
                                >
                                    {label}
                                </button>
                            }
                        })}
                </div>
                {followed_view(wizard, &outcome)}
            }
            .into_any()
        }
    }
}

#[component]
pub fn ForkStep() -> impl IntoView {
    let wizard = wizard();
    // The fork as typed when the reading started: the reading then writes GitHub's spelling.
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| {
        if matches!(wizard.read.get(), ReadState::Reading(0)) {
            typed.set(wizard.input.with_untracked(|i| i.fork.clone()));
        }
    });
    view! {
        <p class="wz-step__lead">"Which fork of dev7a/ocelot will publish the layers? Only its workflows will be able to use the role."</p>
        <TextField
            field=Field::Fork
            label="Your fork"
            placeholder="octocat/ocelot"
        />
        {move || wizard.linked.get().map(linked_fork)}
        {reading_controls()}
        <div aria-live="polite">{move || reading_result(wizard, typed.get())}</div>
        {ids_details()}
        {sub_claim_details()}
        <Notices fields=&[Field::OwnerId, Field::SubClaim] />
    }
}

/// A fork a link chose: the person says it is theirs, or types another.
fn linked_fork(fork: String) -> impl IntoView {
    let wizard = wizard();
    view! {
        <div class="wz-callout wz-callout--warning" role="note" id=ids::LINKED_FORK>
            <p>
                <strong>{format!("The link you opened chose the fork {fork}. ")}</strong>
                "The role will trust that fork's workflows and no other: continue only if it is yours. "
                "The deploy commands wait until you say so; to use another fork, type it above."
            </p>
            <button type="button" class="wz-button wz-button--small" on:click=move |_| wizard.linked.set(None)>
                "This is my fork"
            </button>
        </div>
    }
}

/// The button that reads the fork (again), and the switch that turns reading off.
fn reading_controls() -> impl IntoView {
    let wizard = wizard();
    let fork_ok = move || wizard.step_valid(Step::Fork) && wizard.input.with(|i| !i.fork.trim().is_empty());
    view! {
        <div class="wz-row">
            <button
                type="button"
                class="wz-button"
                disabled=move || !fork_ok() || !wizard.reading.get() || matches!(wizard.read.get(), ReadState::Reading(_))
                on:click=move |_| github::start_reading(wizard)
            >
                {move || match wizard.read.get() {
                    ReadState::Idle => "Read from GitHub",
                    ReadState::Reading(_) => "Reading…",
                    ReadState::Found(_) | ReadState::Failed(_) => "Read again",
                }}
            </button>
            <Checkbox
                id=ids::READING_SWITCH
                label="Read my fork from GitHub"
                hint="Only the fork's name goes to GitHub's public API, to read its workflows (a few of the 60 requests an hour it allows without signing in). Off: nothing leaves this page, and the setup assumes upstream's workflows."
                checked=Signal::derive(move || wizard.reading.get())
                on_toggle=Callback::new(move |on: bool| wizard.set_reading(on))
            />
        </div>
    }
}

/// The fork's numeric ids, open when given or when the reading failed.
fn ids_details() -> impl IntoView {
    let wizard = wizard();
    let open = move || {
        wizard.input.with(|i| !i.owner_id.is_empty() || !i.repo_id.is_empty())
            || matches!(wizard.read.get(), ReadState::Failed(_))
    };
    view! {
        <details class="wz-details" prop:open=open>
            <summary>"Numeric ids (for GitHub's immutable subjects)"</summary>
            <p class="wz-details__lead">
                "Forks created, renamed or transferred after 2026-07-15 identify themselves as repo:OWNER@OWNER_ID/REPO@REPO_ID. With the ids, the role trusts both forms. "
                "Reading the fork fills them in; by hand, they are "
                <code>"owner.id"</code>
                " and "
                <code>"id"</code>
                " of "
                <code>"https://api.github.com/repos/OWNER/REPO"</code>
                "."
            </p>
            <div class="wz-grid">
                <TextField field=Field::OwnerId placeholder="e.g. 583231" />
                <TextField field=Field::RepoId placeholder="e.g. 1296269" />
            </div>
        </details>
    }
}

/// GitHub's subject claim template: the gh command that prints it, and the field to paste it in.
fn sub_claim_details() -> impl IntoView {
    let wizard = wizard();
    // The fork as typed, or OWNER/REPO until it is one.
    let command = move || {
        let fork = wizard.input.with(|i| Fork::parse(&i.fork).map(|f| f.to_string()));
        read_command(fork.as_deref().unwrap_or("OWNER/REPO"))
    };
    view! {
        <details class="wz-details" prop:open=move || wizard.input.with(|i| !i.sub_claim.is_empty())>
            <summary>"Exact subjects (GitHub's subject claim template)"</summary>
            <p class="wz-details__lead">
                "GitHub says how the fork's tokens spell their subject. With the gh CLI logged in, run this and paste what it prints; the role then trusts exactly those subjects."
            </p>
            <CodeBlock caption="The gh command" text=Signal::derive(command) language=Language::Shell />
            <TextField
                field=Field::SubClaim
                rows=4
                placeholder="{\"use_default\": true}"
            />
        </details>
    }
}
