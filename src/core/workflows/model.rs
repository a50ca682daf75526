//! The parts of a GitHub Actions workflow the inspection reads, as typed serde structs.
//!
//! Workflows are untrusted and varied, so every field is lenient: a value of an unexpected
//! shape is kept as [`Lenient::Other`] instead of failing the whole file, and keys the
//! inspection does not need are ignored.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::Deserialize;

/// A value of the expected shape, or anything else (kept so one odd key spoils nothing).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Lenient<T> {
    /// The expected shape.
    Ok(T),
    /// Any other YAML value.
    Other(IgnoredAny),
}

impl<T> Lenient<T> {
    /// The value, when it had the expected shape.
    pub fn ok(&self) -> Option<&T> {
        match self {
            Lenient::Ok(value) => Some(value),
            Lenient::Other(_) => None,
        }
    }
}

/// A YAML scalar as text: `with:` values and input defaults may be strings, numbers or booleans.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    /// A string.
    Text(String),
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// Any other number.
    Float(f64),
}

impl Scalar {
    /// The scalar as the text GitHub would pass on.
    pub fn text(&self) -> String {
        match self {
            Scalar::Text(text) => text.clone(),
            Scalar::Bool(value) => value.to_string(),
            Scalar::Int(value) => value.to_string(),
            Scalar::Float(value) => value.to_string(),
        }
    }
}

/// One workflow file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Workflow {
    /// `on:` — what starts the workflow.
    pub on: Option<Lenient<Triggers>>,
    /// Workflow-level `permissions:`.
    pub permissions: Option<Lenient<Permissions>>,
    /// The jobs by id (sorted; findings carry line numbers for order).
    pub jobs: BTreeMap<String, Lenient<Job>>,
}

/// `on:` as a string, a list of event names, or a map of events to their settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Triggers {
    /// `on: push`.
    One(String),
    /// `on: [push, pull_request]`.
    List(Vec<String>),
    /// `on: { workflow_dispatch: { inputs: ... } }`.
    Map(BTreeMap<String, Option<Lenient<Trigger>>>),
}

impl Triggers {
    /// The event names.
    pub fn events(&self) -> Vec<&str> {
        match self {
            Triggers::One(event) => vec![event.as_str()],
            Triggers::List(events) => events.iter().map(String::as_str).collect(),
            Triggers::Map(events) => events.keys().map(String::as_str).collect(),
        }
    }

    /// The settings of `event`, when `on:` is a map that has them.
    pub fn settings(&self, event: &str) -> Option<&Trigger> {
        match self {
            Triggers::Map(events) => events.get(event)?.as_ref()?.ok(),
            _ => None,
        }
    }
}

/// The settings of one event: `workflow_dispatch` and `workflow_call` declare inputs, and
/// `workflow_call` its secrets.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Trigger {
    /// Declared inputs by name.
    pub inputs: BTreeMap<String, Option<Lenient<Input>>>,
    /// Declared secrets by name (`workflow_call`).
    pub secrets: BTreeMap<String, Option<IgnoredAny>>,
}

/// One declared input.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Input {
    /// `type:` (`string`, `choice`, `boolean`, ...).
    #[serde(rename = "type")]
    pub kind: Option<Lenient<String>>,
    /// A `choice` input's options.
    pub options: Option<Lenient<Vec<Scalar>>>,
    /// The default value.
    pub default: Option<Lenient<Scalar>>,
    /// `required:` (`true` or `"true"`).
    pub required: Option<Lenient<Scalar>>,
    /// `description:`.
    pub description: Option<Lenient<Scalar>>,
}

impl Input {
    /// The input's `type:` as written.
    pub fn kind(&self) -> Option<&str> {
        self.kind.as_ref()?.ok().map(String::as_str)
    }

    /// A `choice` input's options, as text.
    pub fn options(&self) -> Vec<String> {
        self.options.as_ref().and_then(Lenient::ok).map(|o| o.iter().map(Scalar::text).collect()).unwrap_or_default()
    }

    /// The default, as text.
    pub fn default(&self) -> Option<String> {
        self.default.as_ref()?.ok().map(Scalar::text)
    }

    /// Whether the input is `required: true`.
    pub fn required(&self) -> bool {
        self.required.as_ref().and_then(Lenient::ok).is_some_and(|r| r.text() == "true")
    }

    /// The description, as text.
    pub fn description(&self) -> Option<String> {
        self.description.as_ref()?.ok().map(Scalar::text)
    }
}

/// `permissions:` as `read-all` / `write-all`, or a map of scopes to `read`, `write` or `none`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Permissions {
    /// `read-all`, `write-all`.
    All(String),
    /// `{ id-token: write, contents: read }`.
    Map(BTreeMap<String, Lenient<String>>),
}

impl Permissions {
    /// The scopes a map grants, as `scope: level` in key order (values of another shape left
    /// out); empty for `read-all` / `write-all`.
    pub fn scopes(&self) -> Vec<(&str, &str)> {
        match self {
            Permissions::All(_) => Vec::new(),
            Permissions::Map(map) => {
                map.iter().filter_map(|(scope, level)| Some((scope.as_str(), level.ok()?.as_str()))).collect()
            }
        }
    }

    /// Whether the token may request an OIDC token (`id-token: write`, or `write-all`).
    pub fn grants_id_token(&self) -> bool {
        match self {
            Permissions::All(all) => all == "write-all",
            Permissions::Map(map) => map.get("id-token").and_then(Lenient::ok).is_some_and(|v| v == "write"),
        }
    }
}

/// One job: either steps, or a call of a reusable workflow (`uses:`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Job {
    /// `environment:` (a name, or `{name, url}`).
    pub environment: Option<Lenient<Environment>>,
    /// Job-level `permissions:` (replace the workflow's).
    pub permissions: Option<Lenient<Permissions>>,
    /// A reusable workflow this job calls.
    pub uses: Option<Lenient<String>>,
    /// The inputs passed to the reusable workflow.
    pub with: Option<Lenient<BTreeMap<String, Lenient<Scalar>>>>,
    /// The secrets passed to the reusable workflow.
    pub secrets: Option<Lenient<JobSecrets>>,
    /// The steps.
    pub steps: Option<Lenient<Vec<Lenient<Step>>>>,
}

impl Job {
    /// The job's steps that have the expected shape.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.indexed_steps().map(|(_, step)| step)
    }

    /// The job's steps that have the expected shape, each with its index among all the
    /// job's steps (the index its position is read by).
    pub fn indexed_steps(&self) -> impl Iterator<Item = (usize, &Step)> {
        let steps = self.steps.iter().filter_map(Lenient::ok).flatten().enumerate();
        steps.filter_map(|(index, step)| Some((index, step.ok()?)))
    }

    /// A `with:` value as text.
    pub fn with(&self, key: &str) -> Option<String> {
        with_value(self.with.as_ref(), key)
    }

    /// The deployment environment's name.
    pub fn environment_name(&self) -> Option<String> {
        match self.environment.as_ref()?.ok()? {
            Environment::Name(name) => Some(name.text()),
            Environment::Full { name } => name.as_ref()?.ok().map(Scalar::text),
        }
    }
}

/// `environment:` as a name or `{name, url}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Environment {
    /// `environment: production`.
    Name(Scalar),
    /// `environment: { name: production, url: ... }`.
    Full {
        /// The environment's name.
        name: Option<Lenient<Scalar>>,
    },
}

/// A reusable-workflow call's `secrets:`: `inherit`, or a map of the callee's names to
/// expressions in the caller.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum JobSecrets {
    /// `secrets: inherit`.
    Inherit(String),
    /// `secrets: { CALLEE_NAME: ${{ secrets.CALLER_NAME }} }`.
    Map(BTreeMap<String, Lenient<Scalar>>),
}

/// One step.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Step {
    /// The action (`aws-actions/configure-aws-credentials@v4`).
    pub uses: Option<Lenient<String>>,
    /// The action's inputs.
    pub with: Option<Lenient<BTreeMap<String, Lenient<Scalar>>>>,
    /// A shell step's script.
    pub run: Option<Lenient<String>>,
}

impl Step {
    /// A `with:` value as text.
    pub fn with(&self, key: &str) -> Option<String> {
        with_value(self.with.as_ref(), key)
    }

    /// The action, when it is a string.
    pub fn action(&self) -> Option<&str> {
        self.uses.as_ref()?.ok().map(String::as_str)
    }

    /// The script, when the step runs one.
    pub fn script(&self) -> Option<&str> {
        self.run.as_ref()?.ok().map(String::as_str)
    }
}

fn with_value(with: Option<&Lenient<BTreeMap<String, Lenient<Scalar>>>>, key: &str) -> Option<String> {
    with?.ok()?.get(key)?.ok().map(Scalar::text)
}
