//! The first publish run: which workflow to dispatch and with what inputs, from the fork's own
//! dispatch workflow when it was read, else upstream's `ci.yml` at [`UPSTREAM_REVISION`].

use serde::Serialize;

use crate::core::setup::aws::{Region, OPT_IN_REGIONS};
use crate::core::setup::choices::UPSTREAM_REVISION;
use crate::core::setup::{defaults, LayerSharing, Setup, TrustScope};
use crate::core::shell;
use crate::core::workflows::dispatch::{is_make_public, is_publish_region};
use crate::core::workflows::findings::{Dispatch, Findings, InputType};

/// The value of a region choice that publishes everywhere.
const ALL: &str = "all";

/// One input of the dispatch workflow, as far as the run needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunInput {
    /// Its name.
    pub name: String,
    /// Whether it is a boolean.
    pub boolean: bool,
    /// A choice input's options (empty for free text).
    pub options: Vec<String>,
    /// Its default.
    pub default: Option<String>,
    /// Whether a run must give it.
    pub required: bool,
}

/// The workflow that publishes a layer when run by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishWorkflow {
    /// The file `gh workflow run` takes (`ci.yml`).
    pub file: String,
    /// Its inputs.
    pub inputs: Vec<RunInput>,
    /// Where this description comes from: a file of the fork, or upstream's revision.
    pub source: String,
}

fn choice(name: &str, options: &[&str], default: &str) -> RunInput {
    RunInput {
        name: name.into(),
        boolean: false,
        options: options.iter().map(|o| o.to_string()).collect(),
        default: Some(default.into()),
        required: true,
    }
}

/// The regions upstream's `aws-region` input offers besides `all`.
pub const UPSTREAM_PUBLISH_REGIONS: [&str; 13] = [
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

impl PublishWorkflow {
    /// Upstream's `ci.yml` at [`UPSTREAM_REVISION`]: the inputs a first run sets.
    pub fn upstream() -> PublishWorkflow {
        let mut regions = vec![ALL];
        regions.extend(UPSTREAM_PUBLISH_REGIONS);
        PublishWorkflow {
            file: "ci.yml".into(),
            inputs: vec![
                choice("architecture", &[ALL, "amd64", "arm64"], ALL),
                choice("aws-region", &regions, ALL),
                choice("distribution", &["default", "full", "minimal"], "default"),
                RunInput {
                    name: "set-to-public".into(),
                    boolean: true,
                    options: Vec::new(),
                    default: Some("true".into()),
                    required: false,
                },
            ],
            source: format!("upstream's, as of {UPSTREAM_REVISION}: the fork's own was not read"),
        }
    }

    /// The fork's own, from its dispatch workflow.
    pub fn from_dispatch(dispatch: &Dispatch) -> PublishWorkflow {
        PublishWorkflow {
            file: dispatch.file().to_string(),
            inputs: dispatch
                .inputs
                .iter()
                .map(|i| RunInput {
                    name: i.name.clone(),
                    boolean: i.kind == InputType::Boolean,
                    options: i.options.clone(),
                    default: i.default.clone(),
                    required: i.required,
                })
                .collect(),
            source: format!("the fork's, read at {}", dispatch.at),
        }
    }

    /// The fork's publish workflow among those read: the dispatch workflow with a region input,
    /// else the first; `None` when no workflow that assumes the role can be run by hand.
    pub fn from_findings(findings: &Findings) -> Option<PublishWorkflow> {
        let dispatches = &findings.dispatches;
        let publishes = |d: &&Dispatch| d.inputs.iter().any(|i| is_publish_region(&i.name));
        dispatches.iter().find(publishes).or(dispatches.first()).map(PublishWorkflow::from_dispatch)
    }

    fn region_input(&self) -> Option<&RunInput> {
        self.inputs.iter().find(|i| is_publish_region(&i.name))
    }
}

/// The `gh workflow run` command of a first, small publish, and what to know about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishRun {
    /// The command.
    pub command: String,
    /// The region it publishes to, when the workflow takes one.
    pub region: Option<String>,
    /// What to know: a region the workflow does not offer, opt-in regions, inputs to give.
    pub notes: Vec<String>,
}

/// The distribution a first run publishes: ocelot's smallest.
pub const FIRST_DISTRIBUTION: &str = "minimal";

/// A first, small publish of `workflow` for `setup`: one region (the setup's when offered),
/// one architecture, the minimal distribution, layers private when the role may not make them
/// public, and `--ref BRANCH` when the role trusts one branch.
pub fn publish_run(setup: &Setup, workflow: &PublishWorkflow) -> PublishRun {
    let repo = setup.fork.to_string();
    let mut words: Vec<String> = ["gh", "workflow", "run", &workflow.file, "--repo", &repo].map(String::from).to_vec();
    if let TrustScope::Branch(branch) = &setup.scope {
        words.extend(["--ref".to_string(), branch.to_string()]);
    }
    let mut notes = Vec::new();
    let mut set = |name: &str, value: &str| words.extend(["-f".to_string(), format!("{name}={value}")]);
    let region = workflow.region_input().map(|input| {
        let value = region_for(setup, input, &mut notes);
        set(&input.name, &value);
        value
    });
    for input in &workflow.inputs {
        let prefers = |option: &str| input.options.iter().any(|o| o == option);
        match input.name.as_str() {
            "architecture" if prefers("amd64") => set(&input.name, "amd64"),
            "distribution" if prefers(FIRST_DISTRIBUTION) => set(&input.name, FIRST_DISTRIBUTION),
            name if is_make_public(name) && input.boolean && setup.permissions.sharing == LayerSharing::Private => {
                set(&input.name, "false")
            }
            name if input.required && input.default.is_none() && !is_publish_region(name) => notes
                .push(format!("the input {name} is required and has no default: add -f {name}=VALUE to the command")),
            _ => {}
        }
    }
    PublishRun { command: shell::join(&words), region, notes }
}

/// The region to publish to: the setup's when the input offers it, else the default region of
/// the same partition; notes for a region not offered and for the opt-in regions `all` holds.
fn region_for(setup: &Setup, input: &RunInput, notes: &mut Vec<String>) -> String {
    let code = setup.region.code();
    if input.options.is_empty() {
        return code.to_string();
    }
    let offered = |r: &str| input.options.iter().any(|o| o == r);
    let opt_in: Vec<&str> = input.options.iter().map(String::as_str).filter(|o| OPT_IN_REGIONS.contains(o)).collect();
    if offered(ALL) && !opt_in.is_empty() {
        notes.push(format!(
            "the input {}'s choice {ALL}{} also publishes to {}, opt-in regions whose jobs fail unless the account has enabled them; the command picks one region",
            input.name,
            if input.default.as_deref() == Some(ALL) { " (its default)" } else { "" },
            opt_in.join(", ")
        ));
    }
    if offered(code) {
        return code.to_string();
    }
    let same_partition = Region::default().partition() == setup.region.partition();
    match offered(defaults::REGION) && same_partition {
        true => {
            notes.push(format!(
                "the input {} does not offer {code}, so the command publishes to {}; the role may publish in any region of the account",
                input.name,
                defaults::REGION
            ));
            defaults::REGION.to_string()
        }
        false => {
            let regions: Vec<&str> = input.options.iter().map(String::as_str).filter(|o| *o != ALL).collect();
            notes.push(format!(
                "the input {} offers no region of the {} partition ({}): add {code} to its options first",
                input.name,
                setup.region.partition(),
                regions.join(", ")
            ));
            code.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::setup::test_setup as setup;

    fn run(edit: impl FnOnce(&mut crate::core::setup::SetupInput)) -> PublishRun {
        publish_run(&setup(edit), &PublishWorkflow::upstream())
    }

    #[test]
    fn upstream_gets_one_region_one_architecture_and_the_minimal_distribution() {
        let first = run(|i| i.region = "eu-west-1".into());
        assert_eq!(
            first.command,
            "gh workflow run ci.yml --repo octo-cat/ocelot -f aws-region=eu-west-1 -f architecture=amd64 -f distribution=minimal"
        );
        assert!(
            first.notes[0].contains("ca-west-1, eu-central-2, eu-south-1, eu-south-2, opt-in regions"),
            "{:?}",
            first.notes
        );
        let sydney = run(|i| i.region = "ap-southeast-2".into());
        assert!(sydney.command.contains("-f aws-region=us-east-1"), "{}", sydney.command);
        assert!(sydney.notes.iter().any(|n| n.contains("does not offer ap-southeast-2")), "{:?}", sydney.notes);
        let china = run(|i| i.region = "cn-north-1".into());
        assert!(china.notes.iter().any(|n| n.contains("no region of the aws-cn partition")), "{:?}", china.notes);
    }

    #[test]
    fn a_branch_scope_runs_on_the_branch_and_private_layers_stay_private() {
        let branch = run(|i| {
            i.scope = crate::core::setup::ScopeInput::parse("branch:release").unwrap();
            i.sharing = LayerSharing::Private;
        });
        assert!(branch.command.contains(" --ref release "), "{}", branch.command);
        assert!(branch.command.ends_with("-f set-to-public=false"), "{}", branch.command);
        assert!(!run(|_| {}).command.contains("set-to-public"));
    }
}
