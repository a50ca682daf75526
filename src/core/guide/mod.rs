//! The secrets guide: the GitHub secrets and variable the fork needs, with exact values,
//! links and `gh` commands, and the steps around them.

pub mod deploy;

use serde::Serialize;

use crate::core::setup::error::FieldError;
use crate::core::setup::field::Field;
use crate::core::setup::values::{Fork, SecretName};
use crate::core::setup::{SecretPreset, Setup, TrustScope};
use crate::core::shell;

/// Whether a value is stored as a secret or a plain variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretKind {
    /// An Actions secret, hidden in logs.
    Secret,
    /// An Actions variable, readable in logs.
    Variable,
}

/// What a secret or variable holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretValue {
    /// The role ARN, from the stack outputs.
    RoleArn,
    /// The table name.
    TableName,
    /// The table's region.
    Region,
}

/// One secret or variable to add to the fork.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretEntry {
    /// Its name.
    pub name: String,
    /// Its exact value; `None` until the account id or role ARN is known.
    pub value: Option<String>,
    /// Secret or variable.
    pub kind: SecretKind,
    /// The fork's settings page that adds it.
    pub url: String,
    /// The `gh` command that sets it (with a placeholder while the value is unknown).
    pub command: String,
    /// What the value is, for a person.
    #[serde(skip)]
    pub holds: SecretValue,
}

/// A step of the guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// What to do, in a few words.
    pub title: String,
    /// How and why.
    pub detail: String,
    /// A page that does it, if any.
    pub link: Option<String>,
    /// A command that does or checks it, if any.
    pub command: Option<String>,
}

/// A common failure, what it means and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trouble {
    /// The text the failure shows.
    pub symptom: &'static str,
    /// Why it happens and what to do.
    pub fix: String,
}

/// The placeholder standing for the role ARN while it is unknown.
pub const ROLE_ARN_PLACEHOLDER: &str = "<role ARN from the stack outputs>";

/// The secrets and variable of `setup`, in the order to add them.
pub fn secret_entries(setup: &Setup) -> Vec<SecretEntry> {
    let names = &setup.secrets;
    let mut entries = vec![(SecretKind::Secret, &names.role_secret, SecretValue::RoleArn)];
    entries.extend(names.table_secret.iter().map(|n| (SecretKind::Secret, n, SecretValue::TableName)));
    entries.extend(names.region_variable.iter().map(|n| (SecretKind::Variable, n, SecretValue::Region)));
    entries.into_iter().map(|(kind, name, holds)| entry(setup, kind, name, holds)).collect()
}

fn entry(setup: &Setup, kind: SecretKind, name: &SecretName, holds: SecretValue) -> SecretEntry {
    let value = match holds {
        SecretValue::RoleArn => setup.role_arn.as_ref().map(ToString::to_string),
        SecretValue::TableName => Some(setup.table.to_string()),
        SecretValue::Region => Some(setup.region.to_string()),
    };
    let (url_kind, gh) = match kind {
        SecretKind::Secret => ("secrets", "secret"),
        SecretKind::Variable => ("variables", "variable"),
    };
    let shown = value.clone().unwrap_or_else(|| ROLE_ARN_PLACEHOLDER.to_string());
    SecretEntry {
        name: name.to_string(),
        url: format!("https://github.com/{}/settings/{url_kind}/actions/new", setup.fork),
        command: shell::join(&["gh", gh, "set", name.as_str(), "--repo", &setup.fork.to_string(), "--body", &shown]),
        value,
        kind,
        holds,
    }
}

/// The entries, refused when a value is still unknown (the CLI needs every value).
pub fn complete_entries(setup: &Setup) -> Result<Vec<SecretEntry>, FieldError> {
    let entries = secret_entries(setup);
    if let Some(missing) = entries.iter().find(|e| e.value.is_none()) {
        return Err(FieldError::new(
            Field::AccountId,
            format!(
                "is needed for the value of {}: give the 12-digit account id (--account-id 123456789012) or the stack's PublisherRoleArn output (--role-arn)",
                missing.name
            ),
        ));
    }
    Ok(entries)
}

/// One script that sets every secret and variable with `gh`.
pub fn gh_script(setup: &Setup) -> String {
    let mut script = format!("# Set the secrets ocelot's workflows read in {} (needs gh auth login).\n", setup.fork);
    for e in secret_entries(setup) {
        script.push_str(&e.command);
        script.push('\n');
    }
    script
}

fn actions_url(fork: &Fork) -> String {
    format!("https://github.com/{fork}/actions")
}

/// What to do before and after adding the secrets.
pub fn steps(setup: &Setup) -> Vec<Step> {
    let fork = &setup.fork;
    let repo = fork.to_string();
    let workflow_run = shell::join(&[
        "gh",
        "workflow",
        "run",
        "ci.yml",
        "--repo",
        &repo,
        "-f",
        &format!("aws-region={}", setup.region),
        "-f",
        "architecture=amd64",
        "-f",
        "distribution=minimal",
    ]);
    let query = shell::join(&[
        "aws",
        "dynamodb",
        "query",
        "--table-name",
        setup.table.as_str(),
        "--index-name",
        "distribution-index",
        "--key-condition-expression",
        "distribution = :d",
        "--expression-attribute-values",
        r#"{":d":{"S":"minimal"}}"#,
        "--region",
        setup.region.code(),
    ]);
    let mut steps = vec![
        Step {
            title: "Enable Actions on the fork".into(),
            detail: "GitHub disables workflows in a new fork. Open the Actions tab and choose \"I understand my workflows, go ahead and enable them\".".into(),
            link: Some(actions_url(fork)),
            command: None,
        },
        Step {
            title: "Keep `permissions: id-token: write`".into(),
            detail: "A job can only ask GitHub for an OIDC token with this permission; ocelot's publish workflow has it. Keep it in any workflow you add that assumes the role.".into(),
            link: None,
            command: None,
        },
    ];
    if let TrustScope::Environment(env) = &setup.scope {
        steps.push(Step {
            title: format!("Create the environment {env}"),
            detail: format!("The role trusts only jobs that declare `environment: {env}`; create it in the fork's settings and add it to the publishing job."),
            link: Some(format!("https://github.com/{fork}/settings/environments/new")),
            command: None,
        });
    }
    if let TrustScope::Branch(branch) = &setup.scope {
        steps.push(Step {
            title: format!("Run from branch {branch}"),
            detail: format!(
                "The role trusts only runs on {branch}; choose it in \"Use workflow from\" when you run the workflow."
            ),
            link: None,
            command: None,
        });
    }
    steps.extend([
        Step {
            title: "Run the publish workflow".into(),
            detail: "On the Actions tab, open \"Publish Custom Collector Lambda layer\", choose Run workflow, pick a region and a distribution. Or from a terminal:".into(),
            link: Some(format!("{}/workflows/ci.yml", actions_url(fork))),
            command: Some(workflow_run),
        },
        Step {
            title: "Find the layer in the table".into(),
            detail: format!("When the run is green, the layer's record is in {} in {}:", setup.table, setup.region),
            link: None,
            command: Some(query),
        },
    ]);
    steps
}

/// Common failures and their fixes.
pub fn troubleshooting(setup: &Setup) -> Vec<Trouble> {
    let fork = &setup.fork;
    let role_secret = &setup.secrets.role_secret;
    vec![
        Trouble {
            symptom: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
            fix: format!(
                "The token's subject or audience does not match the role's trust. Check that {role_secret} holds this stack's role ARN; that the run is in scope ({}); that the fork's name matches in case ({fork}); and, for a fork created or renamed after 2026-07-15, that the template lists the numeric ids: `gh api repos/{fork}/actions/oidc/customization/sub --jq .sub_claim_prefix` prints the prefix the tokens carry.",
                setup.scope.describe()
            ),
        },
        Trouble {
            symptom: "Could not load credentials from any providers / Credentials could not be loaded",
            fix: format!("The job has no OIDC token: add `permissions: id-token: write`, and check that the secret {role_secret} exists in the fork (secrets of the upstream repository are not copied into forks)."),
        },
        Trouble {
            symptom: "EntityAlreadyExists: Provider with url https://token.actions.githubusercontent.com already exists",
            fix: "The account already has GitHub's OIDC provider (an account holds only one). Choose \"Reuse the existing provider\" and deploy again.".into(),
        },
        Trouble {
            symptom: "AccessDeniedException: ... lambda:PublishLayerVersion",
            fix: format!("The role only publishes layers named {}-*. Check the layer-name prefix of the workflow against the template's.", setup.layer_prefix),
        },
        Trouble {
            symptom: "ResourceNotFoundException: Requested resource not found (DynamoDB)",
            fix: format!(
                "The workflow looks for the table in another name or region. The table is {} in {}{}.",
                setup.table,
                setup.region,
                match setup.secrets.preset {
                    SecretPreset::Seed => String::new(),
                    SecretPreset::Upstream => format!("; upstream's publisher looks for ocelot-layers in the region of {}", setup.secrets.region_variable.as_ref().map(|v| v.as_str()).unwrap_or("DYNAMODB_REGION")),
                }
            ),
        },
        Trouble {
            symptom: "Requires capabilities : [CAPABILITY_NAMED_IAM]",
            fix: "The deploy needs your consent to create a named IAM role: add --capabilities CAPABILITY_NAMED_IAM, or tick the acknowledgement box in the console.".into(),
        },
    ]
}
