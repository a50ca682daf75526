//! What to do around the secrets: enable Actions, run the publish workflow, find the layer in
//! the table, and what the common failures mean.

use serde::Serialize;

use crate::core::links;
use crate::core::setup::aws::Region;
use crate::core::setup::choices::UPSTREAM_TABLE_REGION;
use crate::core::setup::defaults;
use crate::core::setup::{LayerSharing, SecretPreset, Setup, TrustScope};
use crate::core::shell;

/// The workflow of ocelot that publishes a layer.
pub const PUBLISH_WORKFLOW: &str = "ci.yml";

/// The regions the publish workflow's `aws-region` choice input offers besides `all`
/// (dev7a/ocelot@505b216, `.github/workflows/ci.yml`).
pub const PUBLISH_REGIONS: [&str; 13] = [
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "us-east-1",
    "us-east-2",
    "us-west-2",
];

/// The region to publish the first layer to: the setup's when the workflow offers it, else the
/// default region when it is of the same partition; `None` when the workflow offers no region
/// of the setup's partition.
pub fn publish_region(setup: &Setup) -> Option<&'static str> {
    let offered = |code: &str| PUBLISH_REGIONS.iter().copied().find(|r| *r == code);
    offered(setup.region.code()).or_else(|| {
        (Region::default().partition() == setup.region.partition()).then(|| offered(defaults::REGION)).flatten()
    })
}

/// `gh workflow run` for a first, small publish: one region, one architecture, the minimal
/// distribution, and `set-to-public=false` when the role may not make layers public (the
/// workflow's default is true, and the publisher then skips the table write).
fn publish_command(setup: &Setup) -> String {
    let repo = setup.fork.to_string();
    let region = publish_region(setup).unwrap_or(setup.region.code());
    let mut words = vec!["gh", "workflow", "run", PUBLISH_WORKFLOW, "--repo", &repo];
    let region = format!("aws-region={region}");
    words.extend(["-f", &region, "-f", "architecture=amd64", "-f", "distribution=minimal"]);
    if setup.permissions.sharing == LayerSharing::Private {
        words.extend(["-f", "set-to-public=false"]);
    }
    shell::join(&words)
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

/// What to do before and after adding the secrets.
pub fn steps(setup: &Setup) -> Vec<Step> {
    let fork = &setup.fork;
    let workflow_run = publish_command(setup);
    let region_note = match publish_region(setup) {
        Some(region) if region == setup.region.code() => String::new(),
        Some(region) => format!(
            " The workflow's region choices do not include {}, so the command publishes to {region}; the role may publish in any region of the account.",
            setup.region
        ),
        None => format!(
            " The workflow's region choices ({}) hold no region of the {} partition: add {} to the `aws-region` options of the fork's {PUBLISH_WORKFLOW} first.",
            PUBLISH_REGIONS.join(", "),
            setup.region.partition(),
            setup.region
        ),
    };
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
            detail: format!("On the Actions tab, open \"Publish Custom Collector Lambda layer\", choose Run workflow, pick a region and a distribution.{region_note} Or from a terminal:"),
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
                        "; upstream's publisher writes to {} in {} (the `dynamodb-region` of its {PUBLISH_WORKFLOW}) whatever {variable} says: the variable only tells the layers report where to read",
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
        steps(setup).into_iter().find(|s| s.title == "Run the publish workflow").unwrap()
    }

    #[test]
    fn the_publish_command_offers_only_regions_the_workflow_accepts() {
        let offered = publish(&setup(|i| i.region = "eu-west-1".into()));
        assert!(offered.command.unwrap().contains("-f aws-region=eu-west-1 "));
        let sydney = publish(&setup(|i| i.region = "ap-southeast-2".into()));
        assert!(sydney.command.unwrap().contains("-f aws-region=us-east-1 "));
        assert!(sydney.detail.contains("do not include ap-southeast-2"), "{}", sydney.detail);
        let china = publish(&setup(|i| i.region = "cn-north-1".into()));
        assert!(china.detail.contains("hold no region of the aws-cn partition"), "{}", china.detail);
    }

    #[test]
    fn private_layers_are_published_private() {
        assert!(!publish(&setup(|_| {})).command.unwrap().contains("set-to-public"));
        let private = publish(&setup(|i| i.sharing = LayerSharing::Private)).command.unwrap();
        assert!(private.ends_with("-f set-to-public=false"), "{private}");
    }

    #[test]
    fn the_upstream_table_region_is_what_the_publisher_uses() {
        let upstream = setup(|i| i.preset = SecretPreset::Upstream);
        let fix = troubleshooting(&upstream).into_iter().find(|t| t.symptom.contains("ResourceNotFound")).unwrap().fix;
        assert!(fix.contains("writes to ocelot-layers in us-east-1"), "{fix}");
        assert!(!fix.contains("looks for ocelot-layers in the region of"), "{fix}");
    }
}
