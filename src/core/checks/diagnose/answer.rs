//! How an answer is written for its reader: the same cause and the same fix, as numbered
//! steps that point to the wizard's own controls, or to the CLI's flags and commands.

use serde::{Deserialize, Serialize};

use crate::core::guide::deploy::DeployCommands;
use crate::core::guide::{secret_entries, SecretValue};
use crate::core::setup::command::Subcommand;
use crate::core::setup::{Choice, Field, Setup};

/// Who reads the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// A person in the wizard: fixes name its fields and sections.
    Wizard,
    /// A person at a terminal: fixes give flags and commands.
    Cli,
}

/// A place in the wizard a fix step sends the reader to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Control {
    /// A field, by its label.
    Field(Field),
    /// The template and the ways to deploy it.
    Deploy,
    /// The GitHub secrets, their values and the pages that set them.
    Secrets,
    /// The Verify step's check workflow.
    CheckWorkflow,
    /// The Verify step's doctor script.
    Doctor,
    /// The Verify step's "Change or remove the stack".
    Teardown,
}

/// One numbered step of a fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixStep {
    /// What to do, one sentence.
    pub text: String,
    /// The command that does it, when there is one to run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Where in the wizard it is done (wizard answers only: the CLI's JSON never has it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<Control>,
}

/// A cause and its fix, before the line it was found on is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Answer {
    pub cause: String,
    pub steps: Vec<FixStep>,
}

/// What an answer is written from: the setup, and who reads it.
#[derive(Clone, Copy)]
pub(super) struct Ctx<'a> {
    pub setup: &'a Setup,
    pub reader: Reader,
}

impl Ctx<'_> {
    /// A step that is the same for every reader.
    pub fn say(&self, text: impl Into<String>) -> FixStep {
        FixStep { text: text.into(), command: None, control: None }
    }

    /// A step with the command that does it (an AWS CLI or `gh` command, for any reader).
    pub fn run(&self, text: impl Into<String>, command: impl Into<String>) -> FixStep {
        FixStep { text: text.into(), command: Some(command.into()), control: None }
    }

    /// A step that differs by reader: the wizard's words and control, or the CLI's words and
    /// command.
    pub fn either(&self, wizard: (String, Control), cli: (String, Option<String>)) -> FixStep {
        match self.reader {
            Reader::Wizard => FixStep { text: wizard.0, command: None, control: Some(wizard.1) },
            Reader::Cli => FixStep { text: cli.0, command: cli.1, control: None },
        }
    }

    /// Change one option to `value` (a flag for the CLI, the field by its label in the wizard).
    pub fn set(&self, field: Field, value: &str) -> FixStep {
        let cli = match field {
            Field::Provider | Field::PublicLayers | Field::Cleanup => {
                format!("Add {} to the ocelot-setup commands.", field.flag())
            }
            _ => format!("Give {} {value} to the ocelot-setup commands.", field.flag()),
        };
        let wizard = match field {
            Field::Provider => format!("In “{}”, choose to reuse the account's provider.", field.label()),
            Field::PublicLayers | Field::Cleanup => format!("Turn on “{}”.", field.label()),
            _ => format!("Set “{}” to {value}.", field.label()),
        };
        self.either((wizard, Control::Field(field)), (cli, None))
    }

    /// Deploy the setup's template again (creating or updating the stack), for `setup`.
    pub fn redeploy(&self, setup: &Setup) -> Vec<FixStep> {
        match self.reader {
            Reader::Wizard => vec![FixStep {
                text: "Deploy the template again with one of the ways on the template step: it updates the stack."
                    .into(),
                command: None,
                control: Some(Control::Deploy),
            }],
            Reader::Cli => {
                let commands = DeployCommands::new(setup);
                vec![
                    self.run("Write the template.", commands.template),
                    self.run("Deploy it: this creates or updates the stack.", commands.deploy),
                ]
            }
        }
    }

    /// Run the check workflow from the fork.
    pub fn check_workflow(&self, why: &str) -> FixStep {
        self.either(
            (format!("Run the check workflow from the fork: {why}"), Control::CheckWorkflow),
            (
                format!("Add and run the check workflow (the command prints how): {why}"),
                Some(self.setup.command_with(Subcommand::CheckWorkflow, &["--format", "text"])),
            ),
        )
    }

    /// Run the doctor against the account.
    pub fn doctor(&self) -> FixStep {
        self.either(
            (
                "Run the doctor script in AWS CloudShell: it checks the stack, the provider, the role, its permissions and the table.".into(),
                Control::Doctor,
            ),
            (
                "Run the doctor where the AWS CLI has credentials: it checks the stack, the provider, the role, its permissions and the table.".into(),
                Some(format!("{} | bash", self.setup.command(Subcommand::Doctor))),
            ),
        )
    }

    /// Set the secret (or variable) that holds `holds` to this setup's value.
    pub fn set_secret(&self, holds: SecretValue) -> Option<FixStep> {
        let entry = secret_entries(self.setup).into_iter().find(|e| e.holds == holds)?;
        let what = match holds {
            SecretValue::RoleArn => "the role ARN (the stack's PublisherRoleArn output)".to_string(),
            SecretValue::TableName => self.setup.table.to_string(),
            SecretValue::Region => self.setup.region.to_string(),
        };
        let kind = entry.kind.as_str();
        Some(self.either(
            (format!("Set the {kind} {} of {} to {what}.", entry.name, self.setup.fork), Control::Secrets),
            (format!("Set the {kind} {} to {what}.", entry.name), Some(entry.command)),
        ))
    }

    /// The setup with `edit` applied, for commands that show the changed setup.
    pub fn changed(&self, edit: impl FnOnce(&mut Setup)) -> Setup {
        let mut setup = self.setup.clone();
        edit(&mut setup);
        setup
    }
}
