//! The ways to deploy the template: AWS CLI commands, a CloudShell one-paste script, a
//! console quick-create link and console upload steps.

use crate::core::setup::error::FieldError;
use crate::core::setup::field::Field;
use crate::core::setup::{CleanupPermission, LayerSharing, ProviderChoice, Setup, TrustScope};
use crate::core::shell;
use crate::core::template::{generic_parameters as gp, ids};

/// The file name the template is written to and downloaded as.
pub const TEMPLATE_FILE: &str = "ocelot-setup.yaml";
/// The file name of the generic template, for hosting.
pub const GENERIC_TEMPLATE_FILE: &str = "ocelot-setup-generic.yaml";

/// The AWS CLI commands that deploy the template and print its outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployCommands {
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
        DeployCommands { deploy, outputs }
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
                "is needed for a quick-create link; host the generic template (ocelot-setup template --generic) in Amazon S3 and give its https URL",
            )
        })?;
        let mut link = format!(
            "https://{}/cloudformation/home?region={}#/stacks/create/review?templateURL={}&stackName={}",
            setup.region.partition().console_host(),
            setup.region,
            percent_encode(url.as_str()),
            percent_encode(setup.stack_name.as_str()),
        );
        for (name, value) in quick_create_parameters(setup) {
            link.push_str(&format!("&param_{name}={}", percent_encode(&value)));
        }
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

/// The generic template's parameter values that reproduce `setup`.
pub fn quick_create_parameters(setup: &Setup) -> Vec<(&'static str, String)> {
    let (scope, scope_name) = match &setup.scope {
        TrustScope::AnyRef => ("any-ref", String::new()),
        TrustScope::Branch(branch) => ("branch", branch.to_string()),
        TrustScope::Environment(env) => ("environment", env.in_subject()),
    };
    let allow = |yes: bool| if yes { "allow" } else { "deny" }.to_string();
    vec![
        (gp::OWNER, setup.fork.owner.to_string()),
        (gp::REPO, setup.fork.repo.to_string()),
        (gp::OWNER_ID, setup.ids.map(|i| i.owner_id.to_string()).unwrap_or_default()),
        (gp::REPO_ID, setup.ids.map(|i| i.repo_id.to_string()).unwrap_or_default()),
        (gp::SCOPE, scope.to_string()),
        (gp::SCOPE_NAME, scope_name),
        (gp::ROLE, setup.role_name.to_string()),
        (gp::TABLE, setup.table.to_string()),
        (gp::PREFIX, setup.layer_prefix.to_string()),
        (gp::SESSION, setup.max_session.seconds().to_string()),
        (
            gp::PROVIDER,
            match setup.provider {
                ProviderChoice::Create => "create",
                ProviderChoice::Reuse => "reuse",
            }
            .to_string(),
        ),
        (gp::PUBLIC, allow(setup.permissions.sharing == LayerSharing::Public)),
        (gp::CLEANUP, allow(setup.permissions.cleanup == CleanupPermission::Allowed)),
    ]
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len() * 2);
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 0xf)] as char);
        }
    }
    out
}

/// The steps to deploy through the console's upload form.
pub fn console_steps(setup: &Setup) -> Vec<String> {
    vec![
        format!(
            "Open https://{}/cloudformation/home?region={}#/stacks/create and sign in to the account that will hold the layers.",
            setup.region.partition().console_host(),
            setup.region
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

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn percent_encode_keeps_unreserved_and_encodes_every_other_byte() {
        assert_eq!(percent_encode("aZ09-_.~"), "aZ09-_.~");
        assert_eq!(percent_encode("a b/c:d?&=#%\n"), "a%20b%2Fc%3Ad%3F%26%3D%23%25%0A");
        assert_eq!(percent_encode("é"), "%C3%A9");
        assert_eq!(percent_encode("\u{7f}\u{0}"), "%7F%00");
    }
}
