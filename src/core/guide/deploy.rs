//! The ways to deploy the template: AWS CLI commands, a CloudShell one-paste script, a
//! console quick-create link and console upload steps.

use crate::core::links;
use crate::core::percent::percent_encode;
use crate::core::setup::command::{generic_template_command, Subcommand};
use crate::core::setup::{Field, FieldError, Setup};
use crate::core::shell;
use crate::core::template::{ids, parameters::generic_values};

/// The file name the template is written to and downloaded as.
pub const TEMPLATE_FILE: &str = "ocelot-setup.yaml";
pub use crate::core::setup::aws::GENERIC_TEMPLATE_FILE;

/// The AWS CLI commands that deploy the template and print its outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployCommands {
    /// `ocelot-setup template ... -o TEMPLATE_FILE`, writing the template the deploy reads.
    pub template: String,
    /// `aws cloudformation deploy ...`, one command over several lines.
    pub deploy: String,
    /// `aws cloudformation describe-stacks ...` printing the outputs.
    pub outputs: String,
}

impl DeployCommands {
    /// The commands for `setup`, reading the template from [`TEMPLATE_FILE`].
    pub fn new(setup: &Setup) -> Self {
        let stack = shell::quote(setup.stack_name.as_str());
        let region = shell::quote(setup.region.code());
        let deploy = format!(
            "aws cloudformation deploy \\\n  --template-file {TEMPLATE_FILE} \\\n  --stack-name {stack} \\\n  --region {region} \\\n  --capabilities CAPABILITY_NAMED_IAM \\\n  --no-fail-on-empty-changeset"
        );
        let outputs = format!(
            "aws cloudformation describe-stacks \\\n  --stack-name {stack} \\\n  --region {region} \\\n  --query 'Stacks[0].Outputs' \\\n  --output table"
        );
        let template = setup.command_with(Subcommand::Template, &["-o", TEMPLATE_FILE]);
        DeployCommands { template, deploy, outputs }
    }

    /// Both commands as one script, outputs printed when the deploy succeeds.
    pub fn script(&self) -> String {
        format!("{} \\\n&& {}\n", self.deploy, self.outputs)
    }
}

/// The script to paste into AWS CloudShell: a quoted heredoc writes the template (no
/// upload needed), then it deploys and prints the outputs. It avoids `set -e`, which
/// would close the CloudShell session on a failure.
pub fn cloudshell_script(setup: &Setup, template_yaml: &str) -> String {
    let mut delimiter = "OCELOT_SETUP_TEMPLATE".to_string();
    while template_yaml.lines().any(|line| line == delimiter) {
        delimiter.push('_');
    }
    let commands = DeployCommands::new(setup);
    format!(
        "# ocelot-setup for {fork}: paste into AWS CloudShell ({region}).\n\
         # Writes {TEMPLATE_FILE}, deploys stack {stack}, then prints its outputs.\n\
         cat > {TEMPLATE_FILE} <<'{delimiter}'\n{template}{newline}{delimiter}\n{script}",
        fork = setup.fork,
        region = setup.region,
        stack = setup.stack_name,
        template = template_yaml,
        newline = if template_yaml.ends_with('\n') { "" } else { "\n" },
        script = commands.script(),
    )
}

/// A link that opens the console's create-stack page on the hosted generic template,
/// every tailored value filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickCreateLink(String);

impl QuickCreateLink {
    /// The link for `setup`; refused when no hosted template URL is set.
    pub fn new(setup: &Setup) -> Result<Self, FieldError> {
        let url = setup.template_url.as_ref().ok_or_else(|| {
            FieldError::new(
                Field::TemplateUrl,
                format!(
                    "is needed for a quick-create link; host the generic template ({}) in Amazon S3 and give its https URL",
                    generic_template_command(&[])
                ),
            )
        })?;
        if setup.sub_claim.as_ref().is_some_and(|c| c.custom_keys().is_some()) {
            return Err(FieldError::new(
                Field::SubClaim,
                "is a customised template, which the generic template behind quick-create links cannot trust; deploy the tailored template (ocelot-setup template, or the CloudShell script) instead",
            ));
        }
        if !setup.also_environments.is_empty() {
            return Err(FieldError::new(
                Field::Scope,
                "trusts further environments, which the generic template behind quick-create links cannot; deploy the tailored template (ocelot-setup template, or the CloudShell script) instead",
            ));
        }
        let mut query = format!(
            "templateURL={}&stackName={}",
            percent_encode(url.as_str()),
            percent_encode(setup.stack_name.as_str())
        );
        for (name, value) in generic_values(setup) {
            query.push_str(&format!("&param_{name}={}", percent_encode(&value)));
        }
        let link = links::cloudformation_quick_create(setup.region, &query);
        Ok(QuickCreateLink(link))
    }

    /// The link.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for QuickCreateLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The steps to deploy through the console's upload form.
pub fn console_steps(setup: &Setup) -> Vec<String> {
    vec![
        format!(
            "Open {} and sign in to the account that will hold the layers.",
            links::cloudformation_create(setup.region)
        ),
        format!("Choose \"Upload a template file\", pick {TEMPLATE_FILE}, then Next."),
        format!("Stack name: {}. Leave every parameter as it is: they already hold your values. Next, Next.", setup.stack_name),
        "Tick \"I acknowledge that AWS CloudFormation might create IAM resources with custom names\": the template creates a named IAM role, and CloudFormation asks for this consent every time.".to_string(),
        format!(
            "Submit, wait for CREATE_COMPLETE, then open the Outputs tab: {} and {} are the values for the secrets.",
            ids::OUTPUT_ROLE_ARN,
            ids::OUTPUT_TABLE_NAME
        ),
    ]
}
