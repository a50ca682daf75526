//! What to do around the secrets: enable Actions, run the publish workflow, find the layer in
//! the table, and what the common failures mean.

use serde::Serialize;

use crate::core::guide::run::FIRST_DISTRIBUTION;
use crate::core::guide::run::{publish_run, PublishWorkflow};
use crate::core::links;
use crate::core::setup::choices::UPSTREAM_TABLE_REGION;
use crate::core::setup::{SecretPreset, Setup, TrustScope};
use crate::core::shell;
use crate::core::template::table::BY_DISTRIBUTION;

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

/// What to do before and after adding the secrets, with the first run of `workflow` (the
/// fork's publish workflow, or upstream's when nothing was read).
pub fn steps(setup: &Setup, workflow: &PublishWorkflow) -> Vec<Step> {
    let fork = &setup.fork;
    let run = publish_run(setup, workflow);
    let region_note: String = run.notes.iter().map(|n| format!(" Note: {n}.")).collect();
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
    steps.extend(scope_step(setup));
    steps.extend([
        Step {
            title: "Run the publish workflow".into(),
            detail: format!("On the Actions tab, open {} ({}), choose Run workflow, pick one region and a small distribution.{region_note} Or from a terminal:", workflow.file, workflow.source),
            link: Some(links::github_workflow(fork, &workflow.file)),
            command: Some(run.command),
        },
        Step {
            title: "Find the layer in the table".into(),
            detail: format!("When the run is green, the layer's record is in {} in {}:", setup.table, setup.region),
            link: None,
            command: Some(table_query(setup)),
        },
    ]);
    steps
}

/// What the trust scope asks of the run: its environment created, or its branch chosen.
fn scope_step(setup: &Setup) -> Option<Step> {
    match &setup.scope {
        TrustScope::Environment(env) => Some(Step {
            title: format!("Create the environment {env}"),
            detail: format!("The role trusts only jobs that declare `environment: {env}`; create it in the fork's settings and add it to the publishing job."),
            link: Some(links::github_new_environment(&setup.fork)),
            command: None,
        }),
        TrustScope::Branch(branch) => Some(Step {
            title: format!("Run from branch {branch}"),
            detail: format!(
                "The role trusts only runs on {branch}; choose it in \"Use workflow from\" when you run the workflow (the command below passes --ref {branch})."
            ),
            link: None,
            command: None,
        }),
        TrustScope::AnyRef => None,
    }
}

/// The query that finds the first run's layer in the table, by its distribution.
fn table_query(setup: &Setup) -> String {
    let value = format!(r#"{{":d":{{"S":"{FIRST_DISTRIBUTION}"}}}}"#);
    let condition = format!("{} = :d", BY_DISTRIBUTION.hash);
    shell::join(&[
        "aws",
        "dynamodb",
        "query",
        "--table-name",
        setup.table.as_str(),
        "--index-name",
        BY_DISTRIBUTION.name,
        "--key-condition-expression",
        &condition,
        "--expression-attribute-values",
        &value,
        "--region",
        setup.region.code(),
    ])
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
                setup.scope_description()
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
                        "; upstream's publisher writes to {} in {} (the `dynamodb-region` of its ci.yml) whatever {variable} says: the variable only tells the layers report where to read",
                        SecretPreset::Upstream.table(),
                        UPSTREAM_TABLE_REGION
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::setup::test_setup as setup;

    fn publish(setup: &Setup) -> Step {
        let workflow = PublishWorkflow::upstream();
        steps(setup, &workflow).into_iter().find(|s| s.title == "Run the publish workflow").unwrap()
    }

    #[test]
    fn the_publish_step_runs_the_command_and_says_its_notes() {
        let sydney = publish(&setup(|i| i.region = "ap-southeast-2".into()));
        assert!(sydney.command.unwrap().contains("-f aws-region=us-east-1 "));
        assert!(sydney.detail.contains("does not offer ap-southeast-2"), "{}", sydney.detail);
        assert!(
            sydney.detail.contains("open ci.yml (upstream's, as of dev7a/ocelot@505b216: the fork's own was not read)"),
            "{}",
            sydney.detail
        );
    }

    #[test]
    fn the_upstream_table_region_is_what_the_publisher_uses() {
        let upstream = setup(|i| i.preset = SecretPreset::Upstream);
        let fix = troubleshooting(&upstream).into_iter().find(|t| t.symptom.contains("ResourceNotFound")).unwrap().fix;
        assert!(fix.contains("writes to ocelot-layers in us-east-1"), "{fix}");
        assert!(!fix.contains("looks for ocelot-layers in the region of"), "{fix}");
    }
}
