//! Step 2: the AWS options.

use leptos::prelude::*;

use super::{sentence, wizard, Notices};
use crate::core::oidc::HOST;
use crate::core::setup::aws::{Partition, TEMPLATE_URL_EXAMPLE};
use crate::core::setup::{
    Choice, CleanupPermission, Field, LayerSharing, ProviderChoice, ScopeInput, ScopeKind, SecretPreset,
};
use crate::ui::components::{Checkbox, RadioGroup, RadioOption, TextField};
use crate::ui::ids;

#[component]
fn ScopeChoice() -> impl IntoView {
    let wizard = wizard();
    let kind = Memo::new(move |_| wizard.input.with(|i| i.scope.kind));
    let pick = Callback::new(move |value: &'static str| {
        let kind = value.parse().unwrap_or_default();
        wizard.set_scope(wizard.input.with_untracked(|i| ScopeInput::new(kind, i.scope.name.clone())));
    });
    let error = Memo::new(move |_| wizard.error(Field::Scope));
    view! {
        <RadioGroup
            legend="Which runs may assume the role?"
            name="scope"
            options=vec![
                RadioOption { value: ScopeKind::Any.as_str(), label: "Any branch or tag of the fork (recommended)", hint: "What ocelot's publish workflow needs, run from any branch. Pull requests and environment jobs are not trusted.".into() },
                RadioOption { value: ScopeKind::Branch.as_str(), label: "One branch", hint: "Only runs on that branch, e.g. main.".into() },
                RadioOption { value: ScopeKind::Environment.as_str(), label: "One environment", hint: "Only jobs that declare that deployment environment (add it to the workflow).".into() },
            ]
            selected=Signal::derive(move || kind.get().as_str())
            on_pick=pick
        />
        <Show when=move || kind.get() != ScopeKind::Any>
            <div class="wz-field" class:wz-field--error=move || error.with(Option::is_some)>
                <label class="wz-field__label" for=ids::input(Field::Scope)>
                    {move || if kind.get() == ScopeKind::Branch { "Branch name" } else { "Environment name" }}
                </label>
                <input
                    class="wz-field__input"
                    id=ids::input(Field::Scope)
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    aria-describedby=ids::message(Field::Scope)
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    prop:value=move || wizard.input.with(|i| i.scope.name.clone())
                    on:input=move |ev| wizard.set_text(Field::Scope, event_target_value(&ev))
                />
                <p class="wz-field__message" id=ids::message(Field::Scope) aria-live="polite">
                    {move || error.get()}
                </p>
            </div>
        </Show>
    }
}

#[component]
fn RegionSelect() -> impl IntoView {
    let wizard = wizard();
    let selected = move || wizard.input.with(|i| i.text_or_default(Field::Region).unwrap_or_default().to_string());
    let group = |partition: Partition| {
        let options = partition
            .regions()
            .map(move |(code, name)| {
                view! {
                    <option value=code selected=move || selected() == code>
                        {format!("{code} — {name}")}
                    </option>
                }
            })
            .collect_view();
        view! { <optgroup label=partition.name()>{options}</optgroup> }
    };
    view! {
        <div class="wz-field">
            <label class="wz-field__label" for=ids::input(Field::Region)>
                {Field::Region.label()}
            </label>
            <p class="wz-field__hint" id="wz-region-hint">
                {Field::Region.hint()}
            </p>
            <select
                class="wz-field__input"
                id=ids::input(Field::Region)
                aria-describedby="wz-region-hint"
                prop:value=selected
                on:change=move |ev| wizard.set_text(Field::Region, event_target_value(&ev))
            >
                {Partition::ALL.map(group)}
            </select>
        </div>
    }
}

#[component]
pub fn OptionsStep() -> impl IntoView {
    view! {
        <p class="wz-step__lead">"Good defaults are set; each choice changes the template on the right as you make it."</p>
        <ScopeChoice />
        <RegionSelect />
        {provider_choice()}
        {permission_choices()}
        {preset_choice()}
        <Notices fields=&[Field::Preset, Field::Table, Field::Region] />
        <details class="wz-details">
            <summary>"Advanced: names, session length, hosted template"</summary>
            <div class="wz-grid">
                <TextField field=Field::StackName />
                <TextField field=Field::RoleName />
                <TextField field=Field::Table />
                <TextField field=Field::LayerPrefix />
                <TextField field=Field::MaxSession />
                <TextField field=Field::RoleSecret />
                <TextField field=Field::TableSecret />
                <TextField field=Field::RegionVariable />
            </div>
            <TextField
                field=Field::TemplateUrl
                placeholder=TEMPLATE_URL_EXAMPLE
            />
        </details>
    }
}

fn provider_choice() -> impl IntoView {
    let wizard = wizard();
    let provider = Signal::derive(move || wizard.input.with(|i| i.provider.as_str()));
    view! {
        <RadioGroup
            legend="GitHub OIDC provider"
            name="provider"
            options=vec![
                RadioOption { value: ProviderChoice::Create.as_str(), label: "Create it", hint: "For an account that has never trusted GitHub Actions.".into() },
                RadioOption { value: ProviderChoice::Reuse.as_str(), label: "Reuse the existing provider", hint: format!("An account holds only one provider for {HOST}; creating a second fails with EntityAlreadyExists.") },
            ]
            selected=provider
            on_pick=Callback::new(move |v: &'static str| wizard.input.update(|i| i.provider = v.parse().unwrap_or_default()))
        />
    }
}

fn permission_choices() -> impl IntoView {
    let wizard = wizard();
    view! {
        <fieldset class="wz-choice">
            <legend class="wz-choice__legend">"Permissions beyond publishing"</legend>
            <Checkbox
                id="wz-public"
                label="Let the role make layers public"
                hint="ocelot's make-public option calls GetLayerVersionPolicy and AddLayerVersionPermission."
                checked=Signal::derive(move || wizard.input.with(|i| i.sharing == LayerSharing::Public))
                on_toggle=Callback::new(move |on: bool| wizard.input.update(|i| i.sharing = if on { LayerSharing::Public } else { LayerSharing::Private }))
            />
            <Checkbox
                id="wz-cleanup"
                label="Let the role delete old layers (cleanup)"
                hint="What reaper.py needs: ListLayers, DeleteLayerVersion and DeleteItem. Off unless you run it from CI."
                checked=Signal::derive(move || wizard.input.with(|i| i.cleanup == CleanupPermission::Allowed))
                on_toggle=Callback::new(move |on: bool| wizard.input.update(|i| i.cleanup = if on { CleanupPermission::Allowed } else { CleanupPermission::Denied }))
            />
        </fieldset>
    }
}

fn preset_choice() -> impl IntoView {
    let wizard = wizard();
    let preset = Signal::derive(move || wizard.preset().as_str());
    view! {
        <RadioGroup
            legend="Secret names your workflows read"
            name="preset"
            options=vec![
                RadioOption { value: SecretPreset::Upstream.as_str(), label: "Upstream's workflows", hint: sentence(&SecretPreset::Upstream.summary()) },
                RadioOption { value: SecretPreset::Seed.as_str(), label: "The setup page's names", hint: sentence(&SecretPreset::Seed.summary()) },
            ]
            selected=preset
            on_pick=Callback::new(move |v: &'static str| wizard.input.update(|i| i.preset = v.parse().unwrap_or_default()))
        />
    }
}
