//! The first-run check: a GitHub Actions workflow for the fork that asks for the job's OIDC
//! token, prints its claims (never the token) and compares its subject with what the role
//! trusts, checks the secrets, then assumes the role and makes the cheapest calls it allows.
//! Its YAML comes from typed structs (field order is the key order); the shell logic lives
//! in `claims.sh`, `secrets.sh` and `calls.sh` beside this file, so shellcheck reads them as
//! they are.

use serde::Serialize;

use crate::core::guide::watching::latest_run;
use crate::core::guide::{secret_entries, SecretValue};
use crate::core::links::{workflows_dir, WORKFLOWS_DIR};
use crate::core::oidc::AUDIENCE;
use crate::core::setup::command::Subcommand;
use crate::core::setup::{Setup, TrustScope};
use crate::core::shell;
use crate::core::template::cfn::Map;
use crate::core::template::subjects::trusted_subjects;
use crate::core::template::GENERATOR;

/// The workflow's file name, as a literal for `concat!`.
macro_rules! workflow_file {
    () => {
        "ocelot-setup-check.yml"
    };
}

/// The workflow's file name in `.github/workflows/`.
pub const WORKFLOW_FILE: &str = workflow_file!();
/// The workflow's path in the fork.
pub const WORKFLOW_PATH: &str = concat!(workflows_dir!(), "/", workflow_file!());
/// The id of the step that checks the token's claims.
pub const CLAIMS_STEP: &str = "claims";
/// The id of the step that checks the secrets.
pub const SECRETS_STEP: &str = "secrets";
/// The id of the step that assumes the role.
pub const ASSUME_STEP: &str = "assume";
/// The id of the step that calls AWS with the role.
pub const CALLS_STEP: &str = "calls";
/// The title of the check workflow's annotations about the job's OIDC token and its audience.
pub const TITLE_TOKEN: &str = "ocelot-setup token check";
/// The title of its annotations about the token's subject against the role's trust.
pub const TITLE_SUBJECT: &str = "ocelot-setup subject check";
/// The title of its annotations about the fork's secrets and variable.
pub const TITLE_SECRETS: &str = "ocelot-setup secrets check";
/// The title of its annotations about assuming the role and the role's layer call.
pub const TITLE_ROLE: &str = "ocelot-setup role check";
/// The title of its annotations about the table.
pub const TITLE_TABLE: &str = "ocelot-setup table check";
/// The id of the step that explains a refused role.
pub const REFUSED_STEP: &str = "refused";
/// The action that assumes the role. v6 runs on Node 24; v4 and v5 run on Node 20, which
/// GitHub's runners drop (actionlint flags them), and have been seen to hang when forced onto 24.
pub const CONFIGURE_CREDENTIALS: &str = "aws-actions/configure-aws-credentials@v6";

// Each script starts with `report`, which prints a check's line and its annotation.
const CLAIMS_SCRIPT: &str = concat!(include_str!("annotate.sh"), include_str!("claims.sh"));
const SECRETS_SCRIPT: &str = concat!(include_str!("annotate.sh"), include_str!("secrets.sh"));
const CALLS_SCRIPT: &str = concat!(include_str!("annotate.sh"), include_str!("calls.sh"));
const REFUSED_SCRIPT: &str = concat!(include_str!("annotate.sh"), include_str!("refused.sh"));

/// The check workflow for one setup, and the commands that add and run it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckWorkflow {
    /// The file name, [`WORKFLOW_FILE`].
    pub file_name: &'static str,
    /// Where it goes in the fork, [`WORKFLOW_PATH`].
    pub path: &'static str,
    /// The workflow file's text.
    pub yaml: String,
    /// What to run, in order, to add the workflow, run it and read its result.
    pub commands: Vec<CheckCommand>,
}

/// One command of the check, with what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CheckCommand {
    /// What it does and when to use it.
    pub what: String,
    /// The command line (bash).
    pub command: String,
}

#[derive(Serialize)]
struct Workflow {
    name: &'static str,
    on: Trigger,
    permissions: TokenPermissions,
    jobs: Jobs,
}

#[derive(Serialize)]
struct Trigger {
    workflow_dispatch: Dispatch,
}

/// `workflow_dispatch` with no inputs: an empty map.
#[derive(Serialize)]
struct Dispatch {}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct TokenPermissions {
    id_token: &'static str,
    contents: &'static str,
}

#[derive(Serialize)]
struct Jobs {
    check: Job,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Job {
    name: String,
    runs_on: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    environment: Option<String>,
    timeout_minutes: u32,
    steps: Vec<Step>,
}

#[derive(Serialize)]
struct Step {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'static str>,
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    when: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uses: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    with: Option<Map<&'static str, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    env: Option<Map<&'static str, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shell: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    run: Option<&'static str>,
}

impl Step {
    fn script(name: &'static str, id: &'static str, env: Map<&'static str, String>, run: &'static str) -> Step {
        Step {
            name,
            id: Some(id),
            when: None,
            uses: None,
            with: None,
            env: Some(env),
            shell: Some("bash"),
            run: Some(run),
        }
    }
}

/// The check workflow for `setup`.
pub fn check_workflow(setup: &Setup) -> CheckWorkflow {
    let workflow = Workflow {
        name: "ocelot-setup check",
        on: Trigger { workflow_dispatch: Dispatch {} },
        permissions: TokenPermissions { id_token: "write", contents: "read" },
        jobs: Jobs {
            check: Job {
                name: format!("Check the role {} from GitHub Actions", setup.role_name),
                runs_on: "ubuntu-latest",
                environment: match &setup.scope {
                    TrustScope::Environment(env) => Some(env.to_string()),
                    _ => None,
                },
                timeout_minutes: 10,
                steps: steps(setup),
            },
        },
    };
    let mut yaml: String = header(setup).iter().map(|line| format!("# {line}\n")).collect();
    yaml.push_str(&to_yaml(&workflow));
    CheckWorkflow { file_name: WORKFLOW_FILE, path: WORKFLOW_PATH, yaml, commands: commands(setup) }
}

/// The one call to the YAML serializer for workflows.
fn to_yaml<T: Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).expect("a workflow is maps of strings and lists")
}

fn steps(setup: &Setup) -> Vec<Step> {
    let role_secret = format!("${{{{ secrets.{} }}}}", setup.secrets.role_secret);
    let region = setup.region.to_string();
    let subjects = trusted_subjects(setup).join("\n");
    let mut claims = Map::from_iter([
        ("AUDIENCE", AUDIENCE.to_string()),
        ("TRUSTED_SUBJECTS", subjects.clone()),
        ("TITLE_TOKEN", TITLE_TOKEN.to_string()),
        ("TITLE_SUBJECT", TITLE_SUBJECT.to_string()),
    ]);
    let refused = Map::from_iter([
        ("AUDIENCE", AUDIENCE.to_string()),
        ("TRUSTED_SUBJECTS", subjects),
        ("ROLE_NAME", setup.role_name.to_string()),
        ("TITLE_ROLE", TITLE_ROLE.to_string()),
    ]);
    if let Some(keys) = setup.sub_claim.as_ref().and_then(|c| c.custom_keys()) {
        let keys: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
        claims.insert("CUSTOM_CLAIM_KEYS", keys.join(", "));
    }
    let calls = Map::from_iter([
        ("REGION", region.clone()),
        ("LAYER_NAME", format!("{}-ocelot-setup-check", setup.layer_prefix)),
        ("TABLE", setup.table.to_string()),
        ("DIAGNOSE_COMMAND", diagnose_command(setup)),
        ("TITLE_ROLE", TITLE_ROLE.to_string()),
        ("TITLE_TABLE", TITLE_TABLE.to_string()),
    ]);
    let assume = Map::from_iter([
        ("role-to-assume", role_secret),
        ("aws-region", region),
        ("role-session-name", "ocelot-setup-check".to_string()),
        ("role-duration-seconds", "900".to_string()),
    ]);
    vec![
        Step::script("Show the token's claims and compare its subject", CLAIMS_STEP, claims, CLAIMS_SCRIPT),
        Step::script("Check the secrets", SECRETS_STEP, secrets_env(setup), SECRETS_SCRIPT),
        // A wrong secret does not stop the role's checks; a subject the role refuses does.
        Step {
            name: "Assume the role",
            id: Some(ASSUME_STEP),
            when: Some(format!("${{{{ !cancelled() && steps.{CLAIMS_STEP}.outcome == 'success' }}}}")),
            uses: Some(CONFIGURE_CREDENTIALS),
            with: Some(assume),
            env: None,
            shell: None,
            run: None,
        },
        Step {
            when: Some(format!("${{{{ !cancelled() && steps.{ASSUME_STEP}.outcome == 'failure' }}}}")),
            ..Step::script("Say why the role was refused", REFUSED_STEP, refused, REFUSED_SCRIPT)
        },
        Step {
            when: Some(format!("${{{{ !cancelled() && steps.{ASSUME_STEP}.outcome == 'success' }}}}")),
            ..Step::script("Call what the role allows", CALLS_STEP, calls, CALLS_SCRIPT)
        },
    ]
}

/// What `secrets.sh` compares: each secret's value (masked by GitHub), its name, the value
/// expected, and the `gh` command that sets it.
fn secrets_env(setup: &Setup) -> Map<&'static str, String> {
    let mut env = Map::new();
    for entry in secret_entries(setup) {
        let (value, name, command, expected) = match entry.holds {
            SecretValue::RoleArn => ("ROLE_ARN", "ROLE_SECRET", "ROLE_SECRET_COMMAND", None),
            SecretValue::TableName => {
                ("TABLE_SECRET_VALUE", "TABLE_SECRET", "TABLE_SECRET_COMMAND", Some(("TABLE", setup.table.to_string())))
            }
            SecretValue::Region => (
                "REGION_VARIABLE_VALUE",
                "REGION_VARIABLE",
                "REGION_VARIABLE_COMMAND",
                Some(("REGION", setup.region.to_string())),
            ),
        };
        let context = match entry.holds {
            SecretValue::Region => "vars",
            _ => "secrets",
        };
        env.insert(value, format!("${{{{ {context}.{} }}}}", entry.name));
        env.insert(name, entry.name.clone());
        env.insert(command, entry.command.clone());
        if let Some((key, expected)) = expected {
            env.insert(key, expected);
        }
    }
    env.insert("ROLE_NAME", setup.role_name.to_string());
    env.insert("TITLE_SECRETS", TITLE_SECRETS.to_string());
    if let Some(arn) = &setup.role_arn {
        env.insert("EXPECTED_ROLE_ARN", arn.to_string());
    }
    env
}

/// `ocelot-setup diagnose` with this setup's flags, for the failed calls' text.
fn diagnose_command(setup: &Setup) -> String {
    setup.command(Subcommand::Diagnose)
}

/// `ocelot-setup check-workflow` with this setup's flags, writing the file into a clone.
fn regenerate_command(setup: &Setup) -> String {
    setup.command_with(Subcommand::CheckWorkflow, &["-o", WORKFLOW_PATH])
}

/// `gh workflow run` for the check, from the trusted branch when the role trusts one.
fn run_command(setup: &Setup) -> String {
    let repo = setup.fork.to_string();
    let mut run = vec!["gh", "workflow", "run", WORKFLOW_FILE, "--repo", &repo];
    if let TrustScope::Branch(branch) = &setup.scope {
        run.extend(["--ref", branch.as_str()]);
    }
    shell::join(&run)
}

fn header(setup: &Setup) -> Vec<String> {
    vec![
        format!("Generated by {GENERATOR} for the fork {}: the first-run check.", setup.fork),
        format!("Run it once from the Actions tab (ocelot-setup check, Run workflow), or: {}", run_command(setup)),
        format!(
            "It prints the OIDC token's claims (never the token), compares its subject with what the role {} trusts",
            setup.role_name
        ),
        "and checks the secrets, then assumes the role and makes two read-only calls, each PASS or FAIL.".into(),
        format!("Regenerate: {}", regenerate_command(setup)),
    ]
}

/// Uploads the written workflow file to the fork through the GitHub API.
fn upload_command(repo: &str) -> String {
    let path = format!("repos/{repo}/contents/{WORKFLOW_PATH}");
    let put = ["gh", "api", "--method", "PUT", &path, "-f", "message=Add the ocelot-setup check workflow"];
    format!("{} -f content=\"$(base64 < {WORKFLOW_FILE} | tr -d '\\n')\"", shell::join(&put))
}

fn commands(setup: &Setup) -> Vec<CheckCommand> {
    let repo = setup.fork.to_string();
    let command = |what: String, command: String| CheckCommand { what, command };
    let branch_note = match &setup.scope {
        TrustScope::Branch(branch) => {
            format!(" The role trusts runs on {branch} only: push the file to {branch} as well.")
        }
        _ => String::new(),
    };
    let latest_run = latest_run(&repo, WORKFLOW_FILE);
    let upload = upload_command(&repo);
    vec![
        command(
            format!("In a clone of {repo}, write the workflow."),
            format!("mkdir -p {WORKFLOWS_DIR} && {}", regenerate_command(setup)),
        ),
        command(
            format!("Commit it and push it to the default branch: GitHub only offers workflow_dispatch for workflows it finds there.{branch_note}"),
            format!("git add {WORKFLOW_PATH} && git commit -m 'Add the ocelot-setup check workflow' && git push"),
        ),
        command(
            "Or, without a clone: write the file here and upload it with the GitHub API (gh needs the workflow scope: gh auth refresh -s workflow).".into(),
            format!("{} && {upload}", setup.command_with(Subcommand::CheckWorkflow, &["-o", WORKFLOW_FILE])),
        ),
        command("Run it.".into(), run_command(setup)),
        command(
            "Watch the run; it ends in failure when a check fails.".into(),
            format!("{} {latest_run} --repo {} --exit-status", shell::join(&["gh", "run", "watch"]), shell::quote(&repo)),
        ),
        command(
            "If it failed, explain the failed steps' log.".into(),
            format!(
                "{} {latest_run} --repo {} --log-failed | {}",
                shell::join(&["gh", "run", "view"]),
                shell::quote(&repo),
                diagnose_command(setup)
            ),
        ),
    ]
}
