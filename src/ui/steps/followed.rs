//! Under the reading of the fork: what the fork's workflows set, what the user must decide, what will
//! fail and what was not read. Everything here came from the network or the files, so it is
//! shown as text nodes only (never as markup).

use leptos::prelude::*;

use crate::core::github::outcome::{is_chosen, Outcome};
use crate::core::setup::field::shown;
use crate::core::workflows::{Choice, Conflict, Origin};
use crate::ui::state::Wizard;

/// Where values came from: links to the lines on github.com, or upstream's revision.
fn origins(fork: &str, git_ref: &str, from: &[Origin]) -> impl IntoView {
    let items = from
        .iter()
        .enumerate()
        .map(|(i, origin)| {
            let separator = if i == 0 { " " } else { ", " };
            match origin {
                Origin::File(at) => {
                    let href = at.link(fork, git_ref);
                    view! { {separator} <a href=href target="_blank" rel="noopener noreferrer">{at.to_string()}</a> }
                        .into_any()
                }
                assumed => view! { {separator} <span class="wz-muted">{assumed.to_string()}</span> }.into_any(),
            }
        })
        .collect_view();
    (!from.is_empty()).then(|| view! { <span class="wz-followed__from">" (from" {items} ")"</span> })
}

fn option_button(wizard: Wizard, conflict: &Conflict, choice: &Choice, fork: &str, git_ref: &str) -> impl IntoView {
    let (field, value) = (conflict.field, choice.value.clone());
    let pressed = {
        let value = value.clone();
        move || wizard.input.with(|i| is_chosen(i, field, &value)).to_string()
    };
    let label = format!("Use {}", shown(&value));
    view! {
        <li>
            <button
                type="button"
                class="wz-button wz-button--small"
                aria-pressed=pressed
                on:click=move |_| wizard.input.update(|i| i.set_value(field, &value))
            >
                {label}
            </button>
            " "
            {choice.why.clone()}
            {origins(fork, git_ref, &choice.from)}
        </li>
    }
}

/// The workflows' effect on the setup, for one check.
pub fn followed_view(wizard: Wizard, outcome: &Outcome) -> impl IntoView {
    let (fork, git_ref) = (outcome.facts.fork.to_string(), outcome.git_ref.clone());
    let changes = outcome
        .followed
        .changes
        .iter()
        .map(|c| {
            view! {
                <li>
                    <strong>{c.field.label()}</strong>
                    ": "
                    <code>{shown(&c.value).to_string()}</code>
                    ", "
                    {c.why.clone()}
                    {origins(&fork, &git_ref, &c.from)}
                </li>
            }
        })
        .collect_view();
    let conflicts = outcome
        .followed
        .conflicts
        .iter()
        .map(|c| {
            let options = c.options.iter().map(|o| option_button(wizard, c, o, &fork, &git_ref)).collect_view();
            view! {
                <li>
                    <strong>{c.field.label()}</strong>
                    ": "
                    {c.question.clone()}
                    <ul class="wz-list wz-list--plain">{options}</ul>
                </li>
            }
        })
        .collect_view();
    let problems = outcome
        .problems
        .iter()
        .map(|p| view! { <li>{p.text.clone()} {origins(&fork, &git_ref, &[Origin::File(p.at.clone())])}</li> })
        .collect_view();
    let notices = outcome
        .notices
        .iter()
        .map(|n| view! { <li><code>{n.path.clone()}</code> ": " {n.text.clone()}</li> })
        .collect_view();
    let section = |title: &'static str, empty: bool, items: AnyView| {
        (!empty).then(|| view! { <h3 class="wz-h3">{title}</h3> <ul class="wz-list">{items}</ul> })
    };
    let notes = outcome.followed.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view();
    let f = &outcome.followed;
    view! {
        <div class="wz-followed">
            <p>{outcome.summary.clone()}</p>
            {outcome.stopped.clone().map(|text| view! { <p class="wz-callout wz-callout--warning">{text}</p> })}
            {section("Set from the workflows", f.changes.is_empty(), changes.into_any())}
            {section("To decide", f.conflicts.is_empty(), conflicts.into_any())}
            {section("Will fail as written", outcome.problems.is_empty(), problems.into_any())}
            {section("Good to know", f.notes.is_empty(), notes.into_any())}
            {section("Not read", outcome.notices.is_empty(), notices.into_any())}
        </div>
    }
}
