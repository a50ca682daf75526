//! What the inspection found in a fork's workflows, each fact with where it was read.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::read::Notice;
use crate::core::links;
use crate::core::setup::choices::choice;
use crate::core::setup::SecretKind;

pub use crate::core::setup::choices::UPSTREAM_REVISION;

/// A place in a file: path and 1-based line (0 when the line was not found).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Location {
    /// The path in the repository.
    pub path: String,
    /// The 1-based line, 0 if unknown.
    pub line: usize,
}

impl Location {
    /// The page on github.com that shows this line of the fork `owner/repo` at `git_ref`.
    pub fn link(&self, fork: &str, git_ref: &str) -> String {
        links::github_blob(fork, git_ref, self.path.trim_start_matches("./"), self.line)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

/// Where a value came from: a line of a file read, or upstream's revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Read at this place.
    File(Location),
    /// Not in the files read; upstream's value at [`UPSTREAM_REVISION`] is assumed.
    Assumed {
        /// The file that holds it upstream.
        path: String,
        /// The upstream revision.
        revision: String,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(at) => at.fmt(f),
            Origin::Assumed { path, revision } => {
                write!(f, "{path} as of {revision} (assumed; not among the files read)")
            }
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Valued<T> {
    /// The value.
    pub value: T,
    /// Where it was read.
    pub from: Origin,
}

/// A secret or variable a workflow reads, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Reference {
    /// Secret or variable.
    pub kind: SecretKind,
    /// Its name.
    pub name: String,
    /// Where it is read.
    pub at: Location,
}

/// Where a region comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RegionSource {
    /// Written in the workflow.
    Literal {
        /// The region code.
        value: String,
    },
    /// A repository variable.
    Variable {
        /// The variable's name.
        name: String,
    },
    /// A workflow input (dispatch or call), with what it offers.
    Input {
        /// The input's name.
        name: String,
        /// A `choice` input's options (empty for free text).
        choices: Vec<String>,
        /// Its default.
        default: Option<String>,
    },
    /// An expression the inspection does not resolve.
    Expression {
        /// The expression as written.
        text: String,
    },
    /// Not set.
    Missing,
}

impl fmt::Display for RegionSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegionSource::Literal { value } => write!(f, "{value}"),
            RegionSource::Variable { name } => write!(f, "variable {name}"),
            RegionSource::Input { name, choices, default } => {
                write!(f, "input {name}")?;
                if !choices.is_empty() {
                    write!(f, " (one of {})", choices.join(", "))?;
                }
                match default {
                    Some(default) => write!(f, ", default {default}"),
                    None => Ok(()),
                }
            }
            RegionSource::Expression { text } => write!(f, "the expression {text}"),
            RegionSource::Missing => write!(f, "not set"),
        }
    }
}

/// A step that assumes an AWS role with `aws-actions/configure-aws-credentials`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    /// The step.
    pub at: Location,
    /// The chain of jobs from the top caller to the job that holds the step, as `file/job`
    /// joined by ` -> ` (`ci.yml/a -> mid.yml/b -> leaf.yml/c`); one `file/job` without calls.
    pub job: String,
    /// The top calling job's line, when the step is in a reusable workflow (the first of
    /// [`Credential::calls`]).
    pub called_from: Option<Location>,
    /// The line of every calling job of the chain, the top caller's first; empty without calls.
    pub calls: Vec<Location>,
    /// The repository secrets or variables that may hold the role ARN, named as the top caller
    /// reads them (each call's `secrets:` mapping or `inherit`, and the `with:` that passes an
    /// input, followed), each with the line that names it. Several when an expression reads
    /// several names (`A || B`).
    pub role: Vec<Reference>,
    /// Set when the role's source cannot be named as one secret or variable: a literal ARN,
    /// an expression of several names, `format(...)`, another context (`env.X`, `steps.*`),
    /// or no `role-to-assume` (the value is then empty). The value is the text as written, at
    /// the level where naming failed; for a call that does not pass the secret the step reads,
    /// it is `secrets.NAME` at the calling job. A [`Problem`] says the same.
    /// [`Credential::role`] then holds whatever names the text reads (maybe none), none of
    /// them known to hold the ARN.
    pub role_unnamed: Option<Valued<String>>,
    /// Where the step's `aws-region` comes from, resolved through each call's `with:`.
    pub region: RegionSource,
    /// `audience`, when set.
    pub audience: Option<String>,
    /// The deployment environment of the job that holds the step (a calling job cannot have one).
    pub environment: Option<String>,
    /// Whether the job's token may request an OIDC token, through every level of calls.
    pub id_token: IdToken,
}

/// Whether a job's token may request an OIDC token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdToken {
    /// `id-token: write` (or `write-all`) applies to the job.
    Write,
    /// A `permissions:` block applies that leaves `id-token` out.
    Missing,
    /// No `permissions:` block: the repository's default token permissions decide.
    RepositoryDefault,
}

/// A job that runs in a deployment environment: its OIDC `sub` is `...:environment:NAME`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentJob {
    /// The job's `environment:` line.
    pub at: Location,
    /// `file/job`.
    pub job: String,
    /// The environment's name.
    pub name: String,
    /// Whether the job assumes an AWS role.
    pub assumes_role: bool,
}

/// Something in the workflows that will fail or surprise, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Where.
    pub at: Location,
    /// What is wrong and what would be right.
    pub text: String,
}

/// The publish workflow's `workflow_dispatch` input of a region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionChoice {
    /// The input's name.
    pub input: String,
    /// The options offered (may include `all`).
    pub options: Vec<String>,
    /// The default.
    pub default: Option<String>,
}

choice! {
    /// The `type:` of a `workflow_dispatch` input.
    pub enum InputType ("workflow_dispatch input type") {
        /// Free text (also when `type:` is left out).
        #[default]
        Text => "string",
        /// One of the input's `options`.
        Choice => "choice",
        /// `true` or `false`.
        Boolean => "boolean",
        /// A number.
        Number => "number",
        /// One of the repository's environments.
        Environment => "environment",
    }
}

/// At most this many characters of an input's description are kept (GitHub shows a line).
pub const MAX_DESCRIPTION_CHARS: usize = 200;

/// One input of a dispatch workflow, as `gh workflow run FILE -f name=value` takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchInput {
    /// Its name.
    pub name: String,
    /// Its type (`string` when not written, or written as a type GitHub does not know).
    pub kind: InputType,
    /// Whether the run must give it (`required: true`).
    pub required: bool,
    /// A `choice` input's options, in order (empty otherwise).
    pub options: Vec<String>,
    /// The default, as text.
    pub default: Option<String>,
    /// The description, cut to [`MAX_DESCRIPTION_CHARS`] characters (untrusted: show as text).
    pub description: Option<String>,
    /// The input's line.
    pub at: Location,
}

/// A workflow that can be run by hand (`on: workflow_dispatch`) and reaches a role-assuming
/// step, in its own jobs or through calls of reusable workflows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispatch {
    /// The workflow's path, e.g. `.github/workflows/ci.yml`.
    pub path: String,
    /// Its `workflow_dispatch` line.
    pub at: Location,
    /// Its inputs, in the order written.
    pub inputs: Vec<DispatchInput>,
    /// The role-assuming jobs a run reaches, as in [`Credential::job`].
    pub jobs: Vec<String>,
}

impl Dispatch {
    /// The file name `gh workflow run` takes (`ci.yml`).
    pub fn file(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The input named `name`.
    pub fn input(&self, name: &str) -> Option<&DispatchInput> {
        self.inputs.iter().find(|i| i.name == name)
    }
}

/// A role-assuming step that is not the publisher's and whose region is fixed (a literal or a
/// repository variable, not a dispatch input or matrix value): upstream's layers report
/// (`ci.yml:272`) and release notes (`ci.yml:327`) query the table there, so that region
/// must be the table's. The publisher's steps (in a chain that passes `dynamodb-region`, or
/// with a `dynamodb-region` of their own, or a script that passes it) are left out: their
/// region is where layers go. Only listed when the workflows give the table's region
/// ([`Findings::table_regions`]); without it, a reader cannot be told from a publisher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRegionReader {
    /// The job, as in [`Credential::job`].
    pub job: String,
    /// The credentials step.
    pub step: Location,
    /// The step's region, from its `aws-region` line.
    pub region: Valued<RegionSource>,
}

/// A repository secret or variable that holds the role ARN for some jobs, and those jobs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleName {
    /// Secret or variable.
    pub kind: SecretKind,
    /// Its name.
    pub name: String,
    /// The jobs whose credentials step reads it, as in [`Credential::job`], once each.
    pub jobs: Vec<String>,
    /// The lines that name it.
    pub at: Vec<Location>,
}

/// Everything found in a fork's workflows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Findings {
    /// The workflow files read.
    pub workflows: Vec<String>,
    /// Every role-assuming step, once per chain of calls that reaches it.
    pub credentials: Vec<Credential>,
    /// Every secret and variable read (not `GITHUB_TOKEN`, which GitHub provides).
    pub reads: Vec<Reference>,
    /// Jobs with a deployment environment.
    pub environments: Vec<EnvironmentJob>,
    /// What will fail as written.
    pub problems: Vec<Problem>,
    /// The table name, where the workflows or the table script write it.
    pub table_names: Vec<Valued<String>>,
    /// The table's region, where the publisher is given it (`dynamodb-region`).
    pub table_regions: Vec<Valued<RegionSource>>,
    /// The other steps that read the table in a fixed region, which must be the table's.
    pub table_region_readers: Vec<TableRegionReader>,
    /// The layer-name prefix (`layer-name`).
    pub layer_prefixes: Vec<Valued<String>>,
    /// The workflows a user runs by hand that reach a role-assuming step, with their inputs.
    pub dispatches: Vec<Dispatch>,
    /// The dispatch input choosing the publish region: an input whose name holds `region`,
    /// of a workflow in [`Findings::dispatches`].
    pub publish_regions: Vec<Valued<RegionChoice>>,
    /// The default of the dispatch input that makes layers public (`set-to-public` or
    /// `make-public`, of a workflow in [`Findings::dispatches`]).
    pub set_to_public: Vec<Valued<bool>>,
    /// Files skipped or refused.
    pub notices: Vec<Notice>,
}

impl Findings {
    /// Each secret or variable the role-assuming steps read the role ARN from, with the jobs
    /// that read it, in the order of the steps.
    pub fn role_names(&self) -> Vec<RoleName> {
        let mut out: Vec<RoleName> = Vec::new();
        for credential in &self.credentials {
            for reference in &credential.role {
                let index = match out.iter().position(|r| r.kind == reference.kind && r.name == reference.name) {
                    Some(index) => index,
                    None => {
                        out.push(RoleName {
                            kind: reference.kind,
                            name: reference.name.clone(),
                            jobs: Vec::new(),
                            at: Vec::new(),
                        });
                        out.len() - 1
                    }
                };
                let entry = &mut out[index];
                if !entry.jobs.contains(&credential.job) {
                    entry.jobs.push(credential.job.clone());
                }
                if !entry.at.contains(&reference.at) {
                    entry.at.push(reference.at.clone());
                }
            }
        }
        out
    }
}
