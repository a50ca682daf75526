//! Step 3: what the template creates and the four ways to deploy it.

use leptos::prelude::*;

use super::{with_setup, wizard};
use crate::core::guide::deploy::{
    cloudshell_script, console_steps, DeployCommands, QuickCreateLink, GENERIC_TEMPLATE_FILE, TEMPLATE_FILE,
};
use crate::core::guide::resource_notes;
use crate::core::links;
use crate::core::setup::Setup;
use crate::core::template::Template;
use crate::ui::browser;
use crate::ui::components::{CodeBlock, CopyButton, Language};

#[component]
pub fn DeployStep() -> impl IntoView {
    let wizard = wizard();
    view! {
        <p class="wz-step__lead">"Deploy the template once, in the account that will hold the layers. Pick one way."</p>
        {move || wizard.linked.get().map(linked_fork)}
        {move || wizard.fork_confirmed().then(|| with_setup(move |setup| {
            // The setup is valid here, so the wizard's template memo holds its YAML already.
            let yaml = wizard.yaml.get_untracked().unwrap_or_default();
            view! {
                {what_it_creates(setup, &yaml)}
                {cloudshell_way(setup, &yaml)}
                {cli_way(setup)}
                {console_ways(setup)}
                <p class="wz-callout">
                    <strong>"Why the IAM acknowledgement? "</strong>
                    "The template creates an IAM role with a name you chose. CloudFormation asks for explicit consent to that (CAPABILITY_NAMED_IAM, or the tick box in the console); the commands above give it."
                </p>
            }
        }))}
    }
}

/// A fork a link chose: the commands and downloads wait until the person says it is theirs.
fn linked_fork(fork: String) -> impl IntoView {
    let wizard = wizard();
    view! {
        <div class="wz-callout wz-callout--warning" role="note">
            <p>
                <strong>{format!("A link chose the fork {fork}. ")}</strong>
                "This template lets that fork's workflows publish into your AWS account. The download and the commands appear once you confirm it is your fork."
            </p>
            <button type="button" class="wz-button wz-button--small" on:click=move |_| wizard.linked.set(None)>
                "This is my fork"
            </button>
        </div>
    }
}

/// What the template creates, and the template to download or copy.
fn what_it_creates(setup: &Setup, yaml: &str) -> impl IntoView {
    let notes = resource_notes(setup)
        .into_iter()
        .map(|n| {
            view! {
                <li>
                    <strong>{n.logical_id}</strong>
                    " "
                    <span class="wz-muted">{format!("({})", n.kind)}</span>
                    ": "
                    {n.what}
                </li>
            }
        })
        .collect_view();
    view! {
        <h3 class="wz-h3">"What it creates"</h3>
        <ul class="wz-list">{notes}</ul>
        <div class="wz-row">
            <a class="wz-button wz-button--primary" download=TEMPLATE_FILE href=browser::data_url("application/x-yaml", yaml)>
                {format!("Download {TEMPLATE_FILE}")}
            </a>
            <CopyButton text=yaml.to_string() label="Copy the template" />
        </div>
    }
}

fn cloudshell_way(setup: &Setup, yaml: &str) -> impl IntoView {
    let script = cloudshell_script(setup, yaml);
    view! {
        <section class="wz-way" aria-labelledby="wz-way-cloudshell">
            <h3 class="wz-h3" id="wz-way-cloudshell">"AWS CloudShell: nothing to install"</h3>
            <p>
                "Open "
                <a href=links::cloudshell(setup.region) target="_blank" rel="noopener noreferrer">"CloudShell in " {setup.region.code()}</a>
                ", paste this script and press Enter. It writes the template, deploys it and prints the outputs."
            </p>
            <CodeBlock caption="CloudShell script" text=script language=Language::Shell />
        </section>
    }
}

fn cli_way(setup: &Setup) -> impl IntoView {
    let commands = DeployCommands::new(setup);
    view! {
        <section class="wz-way" aria-labelledby="wz-way-cli">
            <h3 class="wz-h3" id="wz-way-cli">"AWS CLI on your machine"</h3>
            <p>{format!("Download {TEMPLATE_FILE} into the current directory, then run:")}</p>
            <CodeBlock caption="Deploy command" text=commands.deploy language=Language::Shell />
            <CodeBlock caption="Outputs command" text=commands.outputs language=Language::Shell />
        </section>
    }
}

/// The console's two ways: uploading the file, and the quick-create link (which needs the
/// generic template hosted in Amazon S3).
fn console_ways(setup: &Setup) -> impl IntoView {
    let steps = console_steps(setup).into_iter().map(|s| view! { <li>{s}</li> }).collect_view();
    let link = match QuickCreateLink::new(setup).ok().map(|l| l.to_string()) {
        Some(link) => view! {
            <p>"Opens the console's create-stack page with every value filled in; you tick the IAM box and create."</p>
            <div class="wz-row">
                <a class="wz-button" href=link.clone() target="_blank" rel="noopener noreferrer">"Open quick-create"</a>
                <CopyButton text=link label="Copy the quick-create link" />
            </div>
        }
        .into_any(),
        None => {
            let generic = Template::generic().to_yaml();
            view! {
                <p>
                    "The console only opens templates stored in Amazon S3, which this page cannot upload. Host the generic template once ("
                    <a download=GENERIC_TEMPLATE_FILE href=browser::data_url("application/x-yaml", &generic)>{GENERIC_TEMPLATE_FILE}</a>
                    ") in a bucket, then give its URL under AWS options, Advanced."
                </p>
            }
            .into_any()
        }
    };
    view! {
        <section class="wz-way" aria-labelledby="wz-way-console">
            <h3 class="wz-h3" id="wz-way-console">"Console upload"</h3>
            <ol class="wz-list">{steps}</ol>
        </section>
        <section class="wz-way" aria-labelledby="wz-way-link">
            <h3 class="wz-h3" id="wz-way-link">"Console quick-create link"</h3>
            {link}
        </section>
    }
}
