//! The five steps, the stepper above them, the navigation below, and the live preview.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::github::Lineage;
use crate::core::guide::deploy::{
    cloudshell_script, console_steps, DeployCommands, QuickCreateLink, GENERIC_TEMPLATE_FILE, TEMPLATE_FILE,
};
use crate::core::guide::{self, SecretKind};
use crate::core::setup::aws::{Partition, Region, REGIONS};
use crate::core::setup::field::Field;
use crate::core::setup::values::Fork;
use crate::core::setup::{CleanupPermission, LayerSharing, ProviderChoice, SecretPreset, Setup};
use crate::core::template::{resource_notes, Template};
use crate::ui::browser;
use crate::ui::components::{rich_text, Checkbox, CodeBlock, CopyButton, Language, RadioGroup, RadioOption, TextField};
use crate::ui::github;
use crate::ui::ids;
use crate::ui::state::{CheckState, Step, Wizard};

fn wizard() -> Wizard {
    expect_context::<Wizard>()
}

/// Runs `f` on the valid setup, or shows what to fix first.
fn with_setup<V: IntoView + 'static>(f: impl Fn(&Setup) -> V + Send + Sync + 'static) -> impl IntoView {
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

/// The progress bar of steps; each is a button to go there.
#[component]
pub fn Stepper() -> impl IntoView {
    let wizard = wizard();
    view! {
        <nav class="wz-stepper" aria-label="Setup steps">
            <ol class="wz-stepper__list">
                {Step::ALL
                    .into_iter()
                    .map(|step| {
                        let current = move || wizard.step.get() == step;
                        let done = move || step.index() < wizard.step.get().index() && wizard.step_valid(step);
                        view! {
                            <li class="wz-stepper__item" class:wz-stepper__item--current=current class:wz-stepper__item--done=done>
                                <button
                                    type="button"
                                    class="wz-stepper__button"
                                    aria-current=move || current().then_some("step")
                                    on:click=move |_| wizard.go(step)
                                >
                                    <span class="wz-stepper__number" aria-hidden="true">
                                        {move || if done() { "✓".to_string() } else { (step.index() + 1).to_string() }}
                                    </span>
                                    <span class="wz-stepper__title">{step.title()}</span>
                                    <span class="wz-visually-hidden">{move || if done() { " (done)" } else { "" }}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// Back and next.
#[component]
pub fn StepNav() -> impl IntoView {
    let wizard = wizard();
    let neighbour = move |offset: isize| {
        let index = wizard.step.get().index() as isize + offset;
        (0..Step::ALL.len() as isize).contains(&index).then(|| Step::ALL[index as usize])
    };
    let go = move |step: Step| {
        wizard.go(step);
        if wizard.step.get_untracked() == step {
            browser::focus(&format!("wz-step-{}", step.key()));
        }
    };
    view! {
        <div class="wz-nav">
            {move || {
                neighbour(-1)
                    .map(|step| {
                        view! {
                            <button type="button" class="wz-button" on:click=move |_| go(step)>
                                "Back"
                            </button>
                        }
                    })
            }}
            <span class="wz-nav__spacer"></span>
            {move || {
                neighbour(1)
                    .map(|step| {
                        view! {
                            <button type="button" class="wz-button wz-button--primary" on:click=move |_| go(step)>
                                {format!("Next: {}", step.title())}
                            </button>
                        }
                    })
            }}
        </div>
    }
}

/// The step being shown.
#[component]
pub fn CurrentStep() -> impl IntoView {
    let wizard = wizard();
    move || {
        let step = wizard.step.get();
        let body = match step {
            Step::Fork => view! { <ForkStep /> }.into_any(),
            Step::Options => view! { <OptionsStep /> }.into_any(),
            Step::Deploy => view! { <DeployStep /> }.into_any(),
            Step::Secrets => view! { <SecretsStep /> }.into_any(),
            Step::Verify => view! { <VerifyStep /> }.into_any(),
        };
        view! {
            <section class="wz-step" aria-labelledby=format!("wz-step-{}", step.key())>
                <h2 class="wz-step__title" id=format!("wz-step-{}", step.key()) tabindex="-1">
                    {format!("{}. {}", step.index() + 1, step.title())}
                </h2>
                {body}
            </section>
        }
    }
}

fn start_check(wizard: Wizard) {
    let Ok(fork) = wizard.input.with_untracked(|i| Fork::parse(&i.fork)) else {
        wizard.attempted.set(true);
        return;
    };
    wizard.check.set(CheckState::Checking);
    let api = wizard.config.with_value(|c| c.github_api.clone());
    spawn_local(async move {
        match github::check(&api, &fork).await {
            Ok(facts) => {
                wizard.input.update(|i| {
                    i.fork = facts.fork.to_string();
                    i.owner_id = facts.ids.owner_id.to_string();
                    i.repo_id = facts.ids.repo_id.to_string();
                });
                wizard.check.set(CheckState::Found(facts));
            }
            Err(error) => wizard.check.set(CheckState::Failed(error.to_string())),
        }
    });
}

fn check_result(wizard: Wizard, typed: String) -> impl IntoView {
    move || match wizard.check.get() {
        CheckState::Idle => ().into_any(),
        CheckState::Checking => view! { <p class="wz-callout">"Asking GitHub…"</p> }.into_any(),
        CheckState::Failed(message) => view! {
            <div class="wz-callout wz-callout--warning">
                <p>{message}</p>
                <p>"You can go on without the check: type the ids below, or leave them empty."</p>
            </div>
        }
        .into_any(),
        CheckState::Found(facts) => {
            let lineage = match &facts.lineage {
                Lineage::ForkOfOcelot => "It is a fork of dev7a/ocelot.".to_string(),
                Lineage::Upstream => {
                    "This is dev7a/ocelot itself, not a fork: the template will trust the upstream repository."
                        .to_string()
                }
                Lineage::ForkOfOther(source) => {
                    format!("It is a fork of {source}, not of dev7a/ocelot: check that this is the right repository.")
                }
                Lineage::NotAFork => {
                    "It is not a fork of dev7a/ocelot: check that this is the right repository.".to_string()
                }
            };
            let good = facts.lineage == Lineage::ForkOfOcelot;
            let corrected = (!typed.trim().eq(&facts.fork.to_string())
                && typed.trim().eq_ignore_ascii_case(&facts.fork.to_string()))
            .then(|| {
                format!("GitHub spells it {}; the name now matches, as the trust policy compares case.", facts.fork)
            });
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
                                    on:click=move |_| wizard.set_text(Field::Scope, format!("branch:{branch}"))
                                >
                                    {label}
                                </button>
                            }
                        })}
                </div>
            }
            .into_any()
        }
    }
}

#[component]
fn ForkStep() -> impl IntoView {
    let wizard = wizard();
    let fork_ok = move || wizard.step_valid(Step::Fork) && wizard.input.with(|i| !i.fork.trim().is_empty());
    // The fork as typed when the check started: the check then overwrites it with GitHub's spelling.
    let typed = RwSignal::new(String::new());
    let ids_open = move || {
        wizard.input.with(|i| !i.owner_id.is_empty() || !i.repo_id.is_empty())
            || matches!(wizard.check.get(), CheckState::Failed(_))
    };
    view! {
        <p class="wz-step__lead">"Which fork of dev7a/ocelot will publish the layers? Only its workflows will be able to use the role."</p>
        <TextField
            field=Field::Fork
            label="Your fork"
            hint="owner/repo, the GitHub URL, or the git remote (git@github.com:owner/repo.git)."
            placeholder="octocat/ocelot"
        />
        <div class="wz-row">
            <button
                type="button"
                class="wz-button"
                disabled=move || !fork_ok() || wizard.check.get() == CheckState::Checking
                on:click=move |_| {
                    typed.set(wizard.input.with_untracked(|i| i.fork.clone()));
                    start_check(wizard)
                }
            >
                "Check on GitHub"
            </button>
            <span class="wz-row__note">"Optional: reads the public GitHub API, nothing else is sent."</span>
        </div>
        <div aria-live="polite">{move || check_result(wizard, typed.get())}</div>
        <details class="wz-details" prop:open=ids_open>
            <summary>"Numeric ids (for GitHub's immutable subjects)"</summary>
            <p class="wz-details__lead">
                "Forks created, renamed or transferred after 2026-07-15 identify themselves as repo:OWNER@OWNER_ID/REPO@REPO_ID. With the ids, the role trusts both forms. "
                "The check above fills them in; by hand, they are "
                <code>"owner.id"</code>
                " and "
                <code>"id"</code>
                " of "
                <code>"https://api.github.com/repos/OWNER/REPO"</code>
                "."
            </p>
            <div class="wz-grid">
                <TextField field=Field::OwnerId hint="owner.id in the API answer." placeholder="e.g. 583231" />
                <TextField field=Field::RepoId hint="id in the API answer." placeholder="e.g. 1296269" />
            </div>
        </details>
        <Notices fields=&[Field::OwnerId] />
    }
}

/// The core's notices about `fields`, shown as warnings.
#[component]
fn Notices(fields: &'static [Field]) -> impl IntoView {
    let wizard = wizard();
    move || {
        let notices = wizard.setup.with(|s| s.as_ref().map(Setup::notices).unwrap_or_default());
        notices
            .into_iter()
            .filter(|n| fields.contains(&n.field))
            .map(|n| view! { <p class="wz-callout wz-callout--warning">{sentence(&n.text)}</p> })
            .collect_view()
    }
}

/// A core message as a sentence: capital first letter, full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase().to_string()).unwrap_or_default();
    let end = if text.ends_with(['.', '?', '!']) { "" } else { "." };
    format!("{first}{}{end}", chars.as_str())
}

fn scope_parts(scope: &str) -> (&'static str, String) {
    match scope.split_once(':') {
        Some(("branch", name)) => ("branch", name.to_string()),
        Some(("environment", name)) => ("environment", name.to_string()),
        _ => ("any", String::new()),
    }
}

#[component]
fn ScopeChoice() -> impl IntoView {
    let wizard = wizard();
    let parts = Memo::new(move |_| wizard.input.with(|i| scope_parts(&i.scope)));
    let kind = Signal::derive(move || parts.get().0);
    let pick = Callback::new(move |kind: &'static str| {
        let name = parts.get_untracked().1;
        let scope = match kind {
            "any" => String::new(),
            kind => format!("{kind}:{name}"),
        };
        wizard.set_text(Field::Scope, scope);
    });
    let error = Memo::new(move |_| wizard.error(Field::Scope));
    view! {
        <RadioGroup
            legend="Which runs may assume the role?"
            name="scope"
            options=vec![
                RadioOption { value: "any", label: "Any branch or tag of the fork (recommended)", hint: "What ocelot's publish workflow needs, run from any branch. Pull requests and environment jobs are not trusted.".into() },
                RadioOption { value: "branch", label: "One branch", hint: "Only runs on that branch, e.g. main.".into() },
                RadioOption { value: "environment", label: "One environment", hint: "Only jobs that declare that deployment environment (add it to the workflow).".into() },
            ]
            selected=kind
            on_pick=pick
        />
        <Show when=move || kind.get() != "any">
            <div class="wz-field" class:wz-field--error=move || error.with(Option::is_some)>
                <label class="wz-field__label" for=ids::input(Field::Scope)>
                    {move || if kind.get() == "branch" { "Branch name" } else { "Environment name" }}
                </label>
                <input
                    class="wz-field__input"
                    id=ids::input(Field::Scope)
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    aria-describedby=ids::message(Field::Scope)
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    prop:value=move || parts.get().1
                    on:input=move |ev| wizard.set_text(Field::Scope, format!("{}:{}", kind.get_untracked(), event_target_value(&ev)))
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
    let selected =
        move || wizard.input.with(|i| if i.region.is_empty() { "us-east-1".to_string() } else { i.region.clone() });
    let group = |label: &'static str, partition: Partition| {
        let options = REGIONS
            .iter()
            .filter(move |(code, _)| Region::parse(code).is_ok_and(|r| r.partition() == partition))
            .map(move |(code, name)| {
                view! {
                    <option value=*code selected=move || selected() == *code>
                        {format!("{code} — {name}")}
                    </option>
                }
            })
            .collect_view();
        view! { <optgroup label=label>{options}</optgroup> }
    };
    view! {
        <div class="wz-field">
            <label class="wz-field__label" for=ids::input(Field::Region)>
                "Region"
            </label>
            <p class="wz-field__hint" id="wz-region-hint">
                "Where the stack and the table live; the workflows publish layers to the regions you choose when you run them."
            </p>
            <select
                class="wz-field__input"
                id=ids::input(Field::Region)
                aria-describedby="wz-region-hint"
                prop:value=selected
                on:change=move |ev| wizard.set_text(Field::Region, event_target_value(&ev))
            >
                {group("AWS", Partition::Aws)}
                {group("AWS China", Partition::AwsCn)}
                {group("AWS GovCloud (US)", Partition::AwsUsGov)}
            </select>
        </div>
    }
}

#[component]
fn OptionsStep() -> impl IntoView {
    let wizard = wizard();
    let provider = Signal::derive(move || match wizard.input.with(|i| i.provider) {
        ProviderChoice::Create => "create",
        ProviderChoice::Reuse => "reuse",
    });
    let preset = Signal::derive(move || wizard.preset().as_arg());
    let table_placeholder = move || wizard.preset().table().to_string();
    view! {
        <p class="wz-step__lead">"Good defaults are set; each choice changes the template on the right as you make it."</p>
        <ScopeChoice />
        <RegionSelect />
        <RadioGroup
            legend="GitHub OIDC provider"
            name="provider"
            options=vec![
                RadioOption { value: "create", label: "Create it", hint: "For an account that has never trusted GitHub Actions.".into() },
                RadioOption { value: "reuse", label: "Reuse the existing provider", hint: "An account holds only one provider for token.actions.githubusercontent.com; creating a second fails with EntityAlreadyExists.".into() },
            ]
            selected=provider
            on_pick=Callback::new(move |v: &'static str| wizard.input.update(|i| i.provider = if v == "reuse" { ProviderChoice::Reuse } else { ProviderChoice::Create }))
        />
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
        <RadioGroup
            legend="Secret names your workflows read"
            name="preset"
            options=vec![
                RadioOption { value: "seed", label: "The docs' names", hint: "Secrets AWS_ROLE_TO_ASSUME and DYNAMODB_TABLE_NAME, as the setup page describes.".into() },
                RadioOption { value: "upstream", label: "Upstream workflows (2025-07)", hint: "Secret OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN, variable DYNAMODB_REGION and table ocelot-layers, as dev7a/ocelot's workflows read today.".into() },
            ]
            selected=preset
            on_pick=Callback::new(move |v: &'static str| wizard.input.update(|i| i.preset = if v == "upstream" { SecretPreset::Upstream } else { SecretPreset::Seed }))
        />
        <Notices fields=&[Field::Preset, Field::Table] />
        <details class="wz-details">
            <summary>"Advanced: names, session length, hosted template"</summary>
            <div class="wz-grid">
                <TextField field=Field::StackName hint="The CloudFormation stack." placeholder=crate::core::setup::DEFAULT_STACK_NAME />
                <TextField field=Field::RoleName hint="The IAM role the workflows assume." placeholder=crate::core::setup::DEFAULT_ROLE_NAME />
                <TextField field=Field::Table hint="The layer-metadata table." placeholder=Signal::derive(table_placeholder) />
                <TextField field=Field::LayerPrefix hint="The role only touches layers named PREFIX-*." placeholder=crate::core::setup::DEFAULT_LAYER_PREFIX />
                <TextField field=Field::MaxSession hint="Seconds, 3600 to 43200." placeholder="3600" />
                <TextField field=Field::RoleSecret hint="Holds the role ARN." placeholder=Signal::derive(move || wizard.preset().role_secret().to_string()) />
                <Show when=move || wizard.preset().table_secret().is_some()>
                    <TextField field=Field::TableSecret hint="Holds the table name." placeholder="DYNAMODB_TABLE_NAME" />
                </Show>
                <Show when=move || wizard.preset().region_variable().is_some()>
                    <TextField field=Field::RegionVariable hint="Holds the table's region." placeholder="DYNAMODB_REGION" />
                </Show>
            </div>
            <TextField
                field=Field::TemplateUrl
                hint="Where the generic template is hosted in Amazon S3: enables the console quick-create link."
                placeholder="https://my-bucket.s3.us-east-1.amazonaws.com/ocelot-setup-generic.yaml"
            />
        </details>
    }
}

#[component]
fn DeployStep() -> impl IntoView {
    let wizard = wizard();
    view! {
        <p class="wz-step__lead">"Deploy the template once, in the account that will hold the layers. Pick one way."</p>
        {with_setup(move |setup| {
            let notes = resource_notes(setup)
                .into_iter()
                .map(|n| view! {
                    <li>
                        <strong>{n.logical_id}</strong>
                        " "
                        <span class="wz-muted">{format!("({})", n.kind)}</span>
                        ": "
                        {n.what}
                    </li>
                })
                .collect_view();
            // The setup is valid here, so the wizard's template memo holds its YAML already.
            let yaml = wizard.yaml.get_untracked().unwrap_or_default();
            let commands = DeployCommands::new(setup);
            let script = cloudshell_script(setup, &yaml);
            let console = setup.region.partition().console_host();
            let cloudshell_url = format!("https://{console}/cloudshell/home?region={}", setup.region);
            let steps = console_steps(setup).into_iter().map(|s| view! { <li>{s}</li> }).collect_view();
            let link = QuickCreateLink::new(setup).ok().map(|l| l.to_string());
            let generic = Template::generic().to_yaml();
            view! {
                <h3 class="wz-h3">"What it creates"</h3>
                <ul class="wz-list">{notes}</ul>
                <div class="wz-row">
                    <a class="wz-button wz-button--primary" download=TEMPLATE_FILE href=browser::data_url("application/x-yaml", &yaml)>
                        {format!("Download {TEMPLATE_FILE}")}
                    </a>
                    <CopyButton text=yaml.clone() label="Copy the template" />
                </div>
                <section class="wz-way" aria-labelledby="wz-way-cloudshell">
                    <h3 class="wz-h3" id="wz-way-cloudshell">"AWS CloudShell: nothing to install"</h3>
                    <p>
                        "Open "
                        <a href=cloudshell_url target="_blank" rel="noopener noreferrer">"CloudShell in " {setup.region.code()}</a>
                        ", paste this script and press Enter. It writes the template, deploys it and prints the outputs."
                    </p>
                    <CodeBlock caption="CloudShell script" text=script language=Language::Shell />
                </section>
                <section class="wz-way" aria-labelledby="wz-way-cli">
                    <h3 class="wz-h3" id="wz-way-cli">"AWS CLI on your machine"</h3>
                    <p>{format!("Download {TEMPLATE_FILE} into the current directory, then run:")}</p>
                    <CodeBlock caption="Deploy command" text=commands.deploy language=Language::Shell />
                    <CodeBlock caption="Outputs command" text=commands.outputs language=Language::Shell />
                </section>
                <section class="wz-way" aria-labelledby="wz-way-console">
                    <h3 class="wz-h3" id="wz-way-console">"Console upload"</h3>
                    <ol class="wz-list">{steps}</ol>
                </section>
                <section class="wz-way" aria-labelledby="wz-way-link">
                    <h3 class="wz-h3" id="wz-way-link">"Console quick-create link"</h3>
                    {match link {
                        Some(link) => view! {
                            <p>"Opens the console's create-stack page with every value filled in; you tick the IAM box and create."</p>
                            <div class="wz-row">
                                <a class="wz-button" href=link.clone() target="_blank" rel="noopener noreferrer">"Open quick-create"</a>
                                <CopyButton text=link label="Copy the quick-create link" />
                            </div>
                        }.into_any(),
                        None => view! {
                            <p>
                                "The console only opens templates stored in Amazon S3, which this page cannot upload. Host the generic template once ("
                                <a download=GENERIC_TEMPLATE_FILE href=browser::data_url("application/x-yaml", &generic)>{GENERIC_TEMPLATE_FILE}</a>
                                ") in a bucket, then give its URL under AWS options, Advanced."
                            </p>
                        }.into_any(),
                    }}
                </section>
                <p class="wz-callout">
                    <strong>"Why the IAM acknowledgement? "</strong>
                    "The template creates an IAM role with a name you chose. CloudFormation asks for explicit consent to that (CAPABILITY_NAMED_IAM, or the tick box in the console); the commands above give it."
                </p>
            }
        })}
    }
}

#[component]
fn SecretsStep() -> impl IntoView {
    view! {
        <p class="wz-step__lead">
            "When the stack is CREATE_COMPLETE, give the fork the values it needs. Your account id makes the role ARN exact; or paste the stack's PublisherRoleArn output."
        </p>
        <div class="wz-grid">
            <TextField field=Field::AccountId hint="12 digits, from the account menu of the AWS console." placeholder="123456789012" />
            <TextField field=Field::RoleArn hint="Or the PublisherRoleArn output of the stack." placeholder="arn:aws:iam::123456789012:role/ocelot-layer-publisher" />
        </div>
        {with_setup(move |setup| {
            let entries = guide::secret_entries(setup);
            let total = entries.len();
            let cards = entries
                .into_iter()
                .map(|e| {
                    let key = format!("secret:{}", e.name);
                    let kind = match e.kind {
                        SecretKind::Secret => "secret",
                        SecretKind::Variable => "variable",
                    };
                    let value = e.value.clone();
                    let link_label = format!("Open the new {kind} page for {}", e.name);
                    view! {
                        <article class="wz-secret">
                            <h3 class="wz-secret__name">
                                <code>{e.name.clone()}</code>
                                " "
                                <span class="wz-badge">{kind}</span>
                            </h3>
                            {match value {
                                Some(value) => view! {
                                    <div class="wz-secret__value">
                                        <code>{value.clone()}</code>
                                        <CopyButton text=value label=format!("Copy the value of {}", e.name) />
                                    </div>
                                }.into_any(),
                                None => view! {
                                    <p class="wz-callout wz-callout--warning">"Enter the account id or the role ARN above to get this value."</p>
                                }.into_any(),
                            }}
                            <p>
                                <a href=e.url.clone() target="_blank" rel="noopener noreferrer">{link_label}</a>
                                {format!(" (Name: {}, Value: as above), or with the GitHub CLI:", e.name)}
                            </p>
                            <CodeBlock caption=format!("gh command for {}", e.name) text=e.command.clone() language=Language::Shell />
                            <ChecklistItem key=key label=format!("I added {}", e.name) />
                        </article>
                    }
                })
                .collect_view();
            view! {
                {cards}
                <CodeBlock caption="All at once with gh" text=guide::gh_script(setup) language=Language::Shell />
                <Progress of=total prefix="secret:" />
            }
        })}
    }
}

/// A persisted checkbox of the checklist.
#[component]
fn ChecklistItem(key: String, label: String) -> impl IntoView {
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
fn Progress(of: usize, prefix: &'static str) -> impl IntoView {
    let wizard = wizard();
    let count = move || wizard.done.with(|d| d.iter().filter(|k| k.starts_with(prefix)).count());
    view! {
        <p class="wz-progress" role="status">
            <progress max=of value=move || count().min(of)></progress>
            {move || format!(" {} of {of} done", count().min(of))}
        </p>
    }
}

#[component]
fn VerifyStep() -> impl IntoView {
    view! {
        <p class="wz-step__lead">"Check the whole path once: the workflow assumes the role, publishes a layer, and records it."</p>
        {with_setup(|setup| {
            let steps = guide::steps(setup);
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
                <h3 class="wz-h3">"If something fails"</h3>
                {troubles}
            }
        })}
    }
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
    view! {
        <aside class="wz-preview" id=ids::PREVIEW aria-labelledby="wz-preview-title">
            <h2 class="wz-preview__title" id="wz-preview-title">"Your template"</h2>
            <p class="wz-preview__note" aria-live="polite">
                {move || {
                    if empty() {
                        "Enter your fork to see the template made for it.".to_string()
                    } else if stale() {
                        "Showing the last valid template: fix the highlighted field to update it.".to_string()
                    } else {
                        wizard.setup.with(|s| s.as_ref().map(|s| format!("For {} in {}, updated as you type.", s.fork, s.region)).unwrap_or_default())
                    }
                }}
            </p>
            <Show when=move || !empty()>
                <div class="wz-row">
                    <a class="wz-button wz-button--small" download=TEMPLATE_FILE href=move || browser::data_url("application/x-yaml", &yaml.get())>
                        {format!("Download {TEMPLATE_FILE}")}
                    </a>
                </div>
                <div class="wz-preview__code" class:wz-preview__code--stale=stale>
                    <CodeBlock caption="Template (YAML)" text=yaml language=Language::Yaml id="wz-template" />
                </div>
            </Show>
        </aside>
    }
}
