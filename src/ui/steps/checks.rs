//! The checks of the Verify step: the first-run check workflow for the fork, and a box where a
//! failing log is pasted and explained. Pasted text stays in the page (never in the URL) and is
//! only ever shown as text.

use leptos::prelude::*;

use super::wizard;
use crate::core::checks::check_workflow::{WORKFLOW_FILE, WORKFLOW_PATH};
use crate::core::checks::diagnose::{Control, Diagnosis, FixStep, MAX_PASTE_BYTES};
use crate::core::checks::doctor::sources::Sources;
use crate::core::checks::doctor::{doctor_script, REGION_OVERRIDE};
use crate::core::checks::teardown::{Instruction, Teardown};
use crate::core::setup::{Choice, Setup};
use crate::core::worker_protocol::{CheckFile, Job, LogText, Reply};
use crate::ui::browser;
use crate::ui::components::{rich_text, CodeBlock, CopyButton, Language};
use crate::ui::ids;
use crate::ui::state::{ReadState, Step};
use crate::ui::worker;

/// The doctor: a read-only script that checks what is deployed, one line per check, against
/// the names the wizard's reading of the fork gave (upstream's when it read nothing).
#[component]
pub fn DoctorSection(
    /// The valid setup the deployment should match.
    setup: Setup,
) -> impl IntoView {
    let wizard = wizard();
    let region = setup.region;
    let script = move || {
        let sources = wizard.read.with(|check| match check {
            ReadState::Found(outcome) => Sources::read(&setup, &outcome.findings, &outcome.followed),
            _ => Sources::assumed(&setup),
        });
        let script = doctor_script(&setup, &sources);
        view! { <CodeBlock caption="Doctor script" text=script language=Language::Shell /> }
    };
    view! {
        <section class="wz-way" aria-labelledby="wz-doctor-title">
            <h3 class="wz-h3" id="wz-doctor-title">"Check what is deployed"</h3>
            <p>
                "Paste this into AWS CloudShell (or run it wherever the AWS CLI has credentials for the account). It says first which workflow files the names it checks came from, then only reads: the stack, the GitHub OIDC provider, the role and what it trusts, each permission the workflows use, the table and how many layers it records, and, where the GitHub CLI is logged in, the fork's secrets and variable. Each check prints PASS, FAIL with a one-line fix, or SKIP with why (a SKIP is not a pass); then the values the secrets must hold."
            </p>
            <p class="wz-muted">
                {format!("It checks {region} whatever the console's region is; set {REGION_OVERRIDE} to check another.")}
            </p>
            {script}
        </section>
    }
}

/// Updating the stack after options change, removing it, and what stays behind.
#[component]
pub fn TeardownSection(
    /// The valid setup whose stack is updated or removed.
    setup: Setup,
) -> impl IntoView {
    let teardown = Teardown::new(&setup);
    let instructions = |list: Vec<Instruction>| {
        list.into_iter()
            .map(|i| {
                let commands = i
                    .commands
                    .into_iter()
                    .enumerate()
                    .map(|(n, command)| {
                        view! { <CodeBlock caption=format!("{} ({})", i.title, n + 1) text=command language=Language::Shell /> }
                    })
                    .collect_view();
                view! {
                    <li>
                        <p><strong>{i.title}</strong>" "{rich_text(&i.detail)}</p>
                        {commands}
                    </li>
                }
            })
            .collect_view()
    };
    let changes = teardown.changes.into_iter().map(|c| view! { <li>{rich_text(&c)}</li> }).collect_view();
    view! {
        <details class="wz-details" id="wz-teardown">
            <summary>"Change or remove the stack"</summary>
            <h4 class="wz-h4">"Update it after changing options"</h4>
            <ol class="wz-list">{instructions(teardown.update)}</ol>
            <ul class="wz-list">{changes}</ul>
            <h4 class="wz-h4">"Remove it"</h4>
            <ol class="wz-list">{instructions(teardown.delete)}</ol>
            <h4 class="wz-h4">"What stays, and how to remove it too"</h4>
            <ol class="wz-list">{instructions(teardown.leftovers)}</ol>
        </details>
    }
}

/// The check workflow: what it does, the file, and the commands that add and run it. The
/// worker writes it (serde_yaml stays out of the page's first module): until it answers, the
/// section says it is on the way; if it cannot, why.
#[component]
pub fn CheckWorkflowSection(
    /// The valid setup the workflow checks.
    setup: Setup,
) -> impl IntoView {
    let check = RwSignal::new(None::<Result<CheckFile, String>>);
    let input = wizard().input.get_untracked();
    debug_assert!(Setup::from_input(&input).as_ref() == Ok(&setup), "the section is drawn for the input's setup");
    let id = worker::ask(Job::CheckWorkflow { input }, move |reply| match reply {
        Reply::CheckWorkflow { check: file } => check.set(Some(file)),
        Reply::Refused { why } => check.set(Some(Err(why))),
        _ => {}
    });
    on_cleanup(move || worker::forget(id));
    let body = move || match check.get() {
        None => view! { <p class="wz-muted" role="status">"Writing the check workflow for this setup…"</p> }.into_any(),
        Some(Err(why)) => view! { <p class="wz-callout wz-callout--warning" role="note">{why}</p> }.into_any(),
        Some(Ok(file)) => check_file_view(file).into_any(),
    };
    view! {
        <section class="wz-way" aria-labelledby="wz-check-title">
            <h3 class="wz-h3" id="wz-check-title">"Check it from the fork"</h3>
            <p>
                "Before the first publish, or when a run fails: a small workflow for " <code>{WORKFLOW_PATH}</code>
                " asks GitHub for the job's token, compares its subject with what the role trusts and says which part differs, checks the secrets without printing them, then assumes the role and makes two read-only calls. Each check prints PASS or FAIL with the reason; the token is never printed."
            </p>
            {body}
        </section>
    }
}

/// The check workflow's download, text and commands.
fn check_file_view(file: CheckFile) -> impl IntoView {
    let commands = file
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
    let yaml = file.yaml;
    view! {
        <div class="wz-row">
            <a class="wz-button" download=WORKFLOW_FILE href=browser::data_url("application/x-yaml", &yaml)>
                {format!("Download {WORKFLOW_FILE}")}
            </a>
            <CopyButton text=yaml.clone() label="Copy the check workflow" />
        </div>
        <details class="wz-details">
            <summary>{format!("The workflow ({WORKFLOW_FILE})")}</summary>
            <CodeBlock caption="Check workflow (YAML)" text=yaml language=Language::Yaml />
        </details>
        <ol class="wz-list">{commands}</ol>
    }
}

/// A box for a failing log or error line, and what it means for this setup.
#[component]
pub fn PasteError() -> impl IntoView {
    let wizard = wizard();
    let pasted = RwSignal::new(String::new());
    // The worker's answer to the latest paste (`None` while it reads): replies to an earlier
    // paste are dropped.
    let diagnosis = RwSignal::new(None::<Result<Diagnosis, String>>);
    let latest = StoredValue::new(0);
    Effect::new(move |_| {
        let text = pasted.get();
        worker::forget(latest.get_value());
        latest.set_value(0);
        if text.trim().is_empty() {
            return diagnosis.set(None);
        }
        if text.len() > MAX_PASTE_BYTES {
            return diagnosis.set(Some(Err(format!(
                "That is {} KB; paste at most {} KB, the failing step's lines.",
                text.len() / 1024,
                MAX_PASTE_BYTES / 1024
            ))));
        }
        if wizard.setup.with(|s| s.is_err()) {
            return diagnosis.set(None);
        }
        diagnosis.set(None);
        let input = wizard.input.get_untracked();
        latest.set_value(worker::ask(Job::Diagnose { input, log: LogText::Pasted(text) }, move |reply| match reply {
            Reply::Diagnosis { diagnosis: answer } => diagnosis.set(Some(answer)),
            Reply::Refused { why } => diagnosis.set(Some(Err(why))),
            _ => {}
        }));
    });
    view! {
        <section class="wz-way" aria-labelledby="wz-paste-title">
            <h3 class="wz-h3" id="wz-paste-title">"Paste the error"</h3>
            <div class="wz-field">
                <label class="wz-field__label" for=ids::PASTE>
                    "A failing log or error line"
                </label>
                <p class="wz-field__hint" id="wz-paste-hint">
                    "From the workflow run (the error lines, or gh run view --log-failed), the AWS CLI or the console. It stays in this page: it is not sent anywhere or kept in the link."
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
            <div id=ids::DIAGNOSIS aria-live="polite">
                {move || match diagnosis.get() {
                    Some(Ok(d)) => diagnosis_view(d),
                    Some(Err(message)) => view! { <p class="wz-callout wz-callout--warning">{message}</p> }.into_any(),
                    None if latest.get_value() != 0 => view! { <p class="wz-muted">"Reading the error…"</p> }.into_any(),
                    None => ().into_any(),
                }}
            </div>
        </section>
    }
}

/// A diagnosis as text: for each finding the line it matched, the step that printed it, the
/// cause and the fix as numbered steps, each with its command or a way to the wizard's control;
/// or, when nothing is recognised, the lines read and the next steps. Everything from the log
/// is a text node.
pub(crate) fn diagnosis_view(diagnosis: Diagnosis) -> AnyView {
    match diagnosis {
        Diagnosis::NotRecognised { lines, cause, fix } => {
            let lines = lines.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view();
            view! {
                <div class="wz-callout wz-callout--warning">
                    <p><strong>"Not recognised. "</strong>{cause}</p>
                    <ul class="wz-list wz-diagnosis__lines">{lines}</ul>
                    <p><strong>"Next: "</strong></p>
                    {fix_view(fix)}
                </div>
            }
            .into_any()
        }
        Diagnosis::Recognised { findings } => findings
            .into_iter()
            .map(|f| {
                let step = f.step.map(|s| view! { <p><strong>"Failed step: "</strong>{s}</p> });
                view! {
                    <article class="wz-callout wz-callout--error wz-diagnosis" data-failure=f.id.as_str()>
                        <p><code class="wz-diagnosis__line">{f.line}</code></p>
                        {step}
                        <p><strong>"Why: "</strong>{f.cause}</p>
                        <p><strong>"Fix: "</strong></p>
                        {fix_view(f.fix)}
                    </article>
                }
            })
            .collect_view()
            .into_any(),
    }
}

/// The numbered steps of a fix.
fn fix_view(steps: Vec<FixStep>) -> impl IntoView {
    let items = steps
        .into_iter()
        .enumerate()
        .map(|(i, step)| {
            let command = step.command.map(|c| {
                view! { <CodeBlock caption=format!("Fix command {}", i + 1) text=c language=Language::Shell /> }
            });
            view! {
                <li>
                    <p>{step.text}</p>
                    {step.control.map(control_view)}
                    {command}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="wz-list wz-diagnosis__fix">{items}</ol> }
}

/// A way to the control a fix step names: a button to another step's field, or a link to a
/// section of this one.
fn control_view(control: Control) -> AnyView {
    let wizard = wizard();
    let section = |href: &'static str, label: &'static str| view! { <a href=href>{label}</a> }.into_any();
    let go = move |step: Step, focus: Option<String>, label: String| {
        view! {
            <button
                type="button"
                class="wz-button wz-button--small"
                on:click=move |_| {
                    wizard.go(step);
                    if let Some(id) = &focus {
                        browser::focus(id);
                    }
                }
            >
                {label}
            </button>
        }
        .into_any()
    };
    match control {
        Control::Field(field) => {
            let step = Step::ALL.into_iter().find(|s| s.fields().contains(&field)).unwrap_or(Step::Options);
            go(step, Some(ids::input(field)), format!("Go to “{}” ({})", field.label(), step.title()))
        }
        Control::Deploy => go(Step::Deploy, None, format!("Go to {}", Step::Deploy.title())),
        Control::Secrets => go(Step::Secrets, None, format!("Go to {}", Step::Secrets.title())),
        Control::CheckWorkflow => section("#wz-check-title", "Go to the check workflow"),
        Control::Doctor => section("#wz-doctor-title", "Go to the doctor script"),
        Control::Teardown => section("#wz-teardown", "Go to “Change or remove the stack”"),
    }
}
