//! Snapshots of everything the core prints: templates for the whole matrix, deploy commands,
//! the CloudShell script, the quick-create link and the secrets guide. Review changes with
//! `INSTA_UPDATE=always cargo test --test core snapshots` and read the `.snap` diffs.

use ocelot_setup::core::guide;
use ocelot_setup::core::guide::deploy::{cloudshell_script, console_steps, DeployCommands, QuickCreateLink};
use ocelot_setup::core::setup::{Setup, SetupInput};
use ocelot_setup::core::template::Template;
use serde_json::Value;

use crate::support::{matrix, sub_claim_cases, Case};

const TEMPLATE_URL: &str = "https://my-bucket.s3.us-east-1.amazonaws.com/ocelot-setup-generic.yaml";
const ACCOUNT_ID: &str = "123456789012";

fn case(name: &str) -> Case {
    matrix().into_iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no case {name} in the matrix"))
}

/// The case's setup with extra inputs, e.g. the account id.
fn setup_with(name: &str, edit: impl FnOnce(&mut SetupInput)) -> Setup {
    let mut input = case(name).input;
    edit(&mut input);
    Setup::from_input(&input).unwrap_or_else(|e| panic!("{name} with edits is invalid: {e}"))
}

/// Renders twice to see the output does not depend on anything but the template.
fn render_twice(render: impl Fn() -> String) -> String {
    let first = render();
    assert_eq!(first, render(), "rendering twice gave different bytes");
    first
}

/// The YAML and the JSON of one template hold the same document.
fn check_same_document(name: &str, yaml: &str, json: &str) {
    let from_yaml: Value = serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{name}: YAML does not parse: {e}"));
    let from_json: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: JSON does not parse: {e}"));
    assert!(from_json.get("Resources").is_some_and(Value::is_object), "{name}: no Resources in {json}");
    assert_eq!(from_yaml, from_json, "{name}: YAML and JSON differ");
}

#[test]
fn tailored_yaml_for_every_case() {
    for case in matrix() {
        let setup = case.setup();
        let yaml = render_twice(|| Template::tailored(&setup).to_yaml());
        insta::assert_snapshot!(format!("tailored_yaml__{}", case.name), yaml);
    }
}

#[test]
fn tailored_yaml_for_every_subject_claim_case() {
    for case in sub_claim_cases() {
        let setup = case.setup();
        let yaml = render_twice(|| Template::tailored(&setup).to_yaml());
        insta::assert_snapshot!(format!("tailored_yaml__{}", case.name), yaml);
    }
}

#[test]
fn tailored_json_for_two_cases() {
    for name in ["default", "environment-colon-ids"] {
        let setup = case(name).setup();
        let json = render_twice(|| Template::tailored(&setup).to_json());
        insta::assert_snapshot!(format!("tailored_json__{name}"), json);
    }
}

#[test]
fn tailored_yaml_and_json_hold_the_same_document() {
    for case in matrix() {
        let template = Template::tailored(&case.setup());
        check_same_document(case.name, &template.to_yaml(), &template.to_json());
    }
}

#[test]
fn generic_template() {
    let yaml = render_twice(|| Template::generic().to_yaml());
    let json = render_twice(|| Template::generic().to_json());
    check_same_document("generic", &yaml, &json);
    insta::assert_snapshot!("generic_yaml", yaml);
    insta::assert_snapshot!("generic_json", json);
}

#[test]
fn deploy_commands() {
    for name in ["default", "aws-cn", "custom-names"] {
        let setup = case(name).setup();
        let commands = DeployCommands::new(&setup);
        assert_eq!(commands, DeployCommands::new(&setup));
        let text = format!("{}\n--- console steps ---\n{}\n", commands.script(), console_steps(&setup).join("\n"));
        insta::assert_snapshot!(format!("deploy__{name}"), text);
    }
}

#[test]
fn cloudshell_script_for_one_case() {
    let setup = case("branch-ids").setup();
    let script = render_twice(|| cloudshell_script(&setup, &Template::tailored(&setup).to_yaml()));
    insta::assert_snapshot!("cloudshell__branch-ids", script);
}

#[test]
fn quick_create_links() {
    for name in ["default", "environment-colon-ids", "aws-us-gov", "custom-names"] {
        let setup = setup_with(name, |i| i.template_url = TEMPLATE_URL.into());
        let link = render_twice(|| QuickCreateLink::new(&setup).expect("template URL is set").to_string());
        insta::assert_snapshot!(format!("quick_create_link__{name}"), link);
    }
}

/// The guide as text: the `gh` script, then the steps and the troubleshooting, one per line.
fn guide_text(setup: &Setup) -> String {
    let mut text = guide::gh_script(setup);
    for step in guide::steps(setup, &guide::run::PublishWorkflow::upstream()) {
        text.push_str(&format!("\n## {}\n{}\n", step.title, step.detail));
        for extra in [step.link, step.command].into_iter().flatten() {
            text.push_str(&format!("  {extra}\n"));
        }
    }
    for trouble in guide::troubleshooting(setup) {
        text.push_str(&format!("\n! {}\n{}\n", trouble.symptom, trouble.fix));
    }
    text
}

fn guide_json(setup: &Setup) -> String {
    let entries = guide::complete_entries(setup).expect("the account id gives every value");
    serde_json::to_string_pretty(&serde_json::json!({
        "entries": entries,
        "steps": guide::steps(setup, &guide::run::PublishWorkflow::upstream()),
        "troubleshooting": guide::troubleshooting(setup),
    }))
    .expect("the guide serializes")
}

#[test]
fn secrets_guide() {
    for name in ["default", "upstream", "environment", "aws-us-gov"] {
        let setup = setup_with(name, |i| i.account_id = ACCOUNT_ID.into());
        let text = render_twice(|| guide_text(&setup));
        insta::assert_snapshot!(format!("secrets_text__{name}"), text);
        let json = render_twice(|| guide_json(&setup));
        insta::assert_snapshot!(format!("secrets_json__{name}"), json);
    }
}

#[test]
fn secrets_guide_without_account_shows_the_placeholder() {
    let setup = case("default").setup();
    let entries = guide::secret_entries(&setup);
    assert_eq!(entries[0].value, None);
    assert!(entries[0].command.contains(guide::ROLE_ARN_PLACEHOLDER), "{}", entries[0].command);
    let refusal = guide::complete_entries(&setup).unwrap_err();
    assert!(refusal.message.contains("--account-id 123456789012"), "{}", refusal.message);
}
