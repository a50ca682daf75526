//! What the inspection found in a fork's workflows, each fact with where it was read.

use std::fmt;

use serde::Serialize;

use super::read::Notice;

pub use crate::core::setup::choices::UPSTREAM_REVISION;

/// A place in a file: path and 1-based line (0 when the line was not found).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// The path in the repository.
    pub path: String,
    /// The 1-based line, 0 if unknown.
    pub line: usize,
}

impl Location {
    /// The page on github.com that shows this line of the fork `owner/repo` at `git_ref`.
    pub fn link(&self, fork: &str, git_ref: &str) -> String {
        let anchor = if self.line > 0 { format!("#L{}", self.line) } else { String::new() };
        format!("https://github.com/{fork}/blob/{git_ref}/{}{anchor}", self.path.trim_start_matches("./"))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

/// Where a value came from: a line of a file read, or upstream's revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Valued<T> {
    /// The value.
    pub value: T,
    /// Where it was read.
    pub from: Origin,
}

/// Whether a name is a secret or a repository variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `secrets.NAME`.
    Secret,
    /// `vars.NAME`.
    Variable,
}

impl Kind {
    /// `secret` or `variable`.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Secret => "secret",
            Kind::Variable => "variable",
        }
    }
}

/// A secret or variable a workflow reads, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Reference {
    /// Secret or variable.
    pub kind: Kind,
    /// Its name.
    pub name: String,
    /// Where it is read.
    pub at: Location,
}

/// Where a region comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Credential {
    /// The step.
    pub at: Location,
    /// The job, as `file/job`, with the calling job first for a reusable workflow.
    pub job: String,
    /// The calling job's `uses:` line, when the step is in a reusable workflow.
    pub called_from: Option<Location>,
    /// The secrets or variables that may hold the role ARN, named as the caller sets them.
    pub role: Vec<Reference>,
    /// Where the step's `aws-region` comes from.
    pub region: RegionSource,
    /// `audience`, when set.
    pub audience: Option<String>,
    /// The job's deployment environment.
    pub environment: Option<String>,
    /// Whether the job's token may request an OIDC token.
    pub id_token: IdToken,
}

/// Whether a job's token may request an OIDC token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Where.
    pub at: Location,
    /// What is wrong and what would be right.
    pub text: String,
}

/// The publish workflow's `workflow_dispatch` input of a region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionChoice {
    /// The input's name.
    pub input: String,
    /// The options offered (may include `all`).
    pub options: Vec<String>,
    /// The default.
    pub default: Option<String>,
}

/// Everything found in a fork's workflows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Findings {
    /// The workflow files read.
    pub workflows: Vec<String>,
    /// Every role-assuming step.
    pub credentials: Vec<Credential>,
    /// Every secret and variable read (not `GITHUB_TOKEN`, which GitHub provides).
    pub reads: Vec<Reference>,
    /// Jobs with a deployment environment.
    pub environments: Vec<EnvironmentJob>,
    /// What will fail as written.
    pub problems: Vec<Problem>,
    /// The table name, where the workflows or the table script write it.
    pub table_names: Vec<Valued<String>>,
    /// The table's region (`dynamodb-region`).
    pub table_regions: Vec<Valued<RegionSource>>,
    /// The layer-name prefix (`layer-name`).
    pub layer_prefixes: Vec<Valued<String>>,
    /// The dispatch input choosing the publish region.
    pub publish_regions: Vec<Valued<RegionChoice>>,
    /// The default of the dispatch input that makes layers public.
    pub set_to_public: Vec<Valued<bool>>,
    /// Files skipped or refused.
    pub notices: Vec<Notice>,
}
