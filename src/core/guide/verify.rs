//! What to do around the secrets: enable Actions, run the publish workflow, find the layer in
//! the table, and what the common failures mean.

use serde::Serialize;

use crate::core::links;
use crate::core::setup::{SecretPreset, Setup, TrustScope};
use crate::core::shell;

/// The workflow of ocelot that publishes a layer.
pub const PUBLISH_WORKFLOW: &str = "ci.yml";

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

/// What to do before and after adding the secrets.
pub fn steps(setup: &Setup) -> Vec<Step> {
    let fork = &setup.fork;
    let repo = fork.to_string();
    let workflow_run = shell::join(&[
        "gh",
        "workflow",
        "run",
        PUBLISH_WORKFLOW,
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
            link: Some(links::github_actions(fork)),
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
            link: Some(links::github_new_environment(fork)),
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
            link: Some(links::github_workflow(fork, PUBLISH_WORKFLOW)),
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
                match (setup.secrets.preset, &setup.secrets.region_variable) {
                    (SecretPreset::Upstream, Some(variable)) => format!(
                        "; upstream's publisher looks for {} in the region of {variable}",
                        SecretPreset::Upstream.table()
                    ),
                    _ => String::new(),
                }
            ),
        },
        Trouble {
            symptom: "Requires capabilities : [CAPABILITY_NAMED_IAM]",
            fix: "The deploy needs your consent to create a named IAM role: add --capabilities CAPABILITY_NAMED_IAM, or tick the acknowledgement box in the console.".into(),
        },
    ]
}
