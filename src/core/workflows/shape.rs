//! Where things are in a parsed workflow, and what its parts are: its jobs, its triggers, the
//! inputs it declares, the step that assumes a role, the local workflow a job calls, and the
//! line of each, from the parser's positions. Shared by the inspection's walks
//! ([`super::analyse`], [`super::calls`], [`super::dispatch`]).

use super::findings::Location;
use super::model::{Input, Job, Lenient, Step, Triggers, Workflow};
use super::read::Parsed;

/// The action that assumes a role; any version counts.
pub(super) const CREDENTIALS_ACTION: &str = "aws-actions/configure-aws-credentials";
pub(super) fn jobs(parsed: &Parsed) -> impl Iterator<Item = (&str, &Job)> {
    parsed.workflow.jobs.iter().filter_map(|(id, job)| job.ok().map(|job| (id.as_str(), job)))
}

pub(super) fn label(parsed: &Parsed, id: &str) -> String {
    format!("{}/{id}", parsed.path.rsplit('/').next().unwrap_or(&parsed.path))
}

pub(super) fn triggers(workflow: &Workflow) -> Vec<&str> {
    workflow.on.as_ref().and_then(Lenient::ok).map(|t| t.events()).unwrap_or_default()
}

/// The index of the local workflow a job calls (`uses: ./.github/workflows/x.yml`).
pub(super) fn callee(workflows: &[Parsed], job: &Job) -> Option<usize> {
    let uses = job.uses.as_ref()?.ok()?;
    let path = uses.strip_prefix("./")?;
    workflows.iter().position(|w| w.path == path || w.path.ends_with(&format!("/{path}")))
}

/// The place of the node at `path` (mapping keys and sequence indexes) in `parsed`.
pub(super) fn place(parsed: &Parsed, path: &[&str]) -> Location {
    Location { path: parsed.path.clone(), line: parsed.positions.line(path) }
}

/// Where `key` is passed: in the `with:` of job `id` (a call), or of its step `step`.
pub(super) fn with_at(parsed: &Parsed, id: &str, step: Option<usize>, key: &str) -> Location {
    match step {
        Some(index) => place(parsed, &["jobs", id, "steps", &index.to_string(), "with", key]),
        None => place(parsed, &["jobs", id, "with", key]),
    }
}

/// Where `event` is named in `on:` (a key of its map, an item of its list, or its one word).
pub(super) fn event_at(parsed: &Parsed, event: &str) -> Location {
    let on = parsed.workflow.on.as_ref().and_then(Lenient::ok);
    match on {
        Some(Triggers::List(events)) => match events.iter().position(|e| e == event) {
            Some(index) => place(parsed, &["on", &index.to_string()]),
            None => place(parsed, &["on"]),
        },
        Some(Triggers::Map(_)) => place(parsed, &["on", event]),
        _ => place(parsed, &["on"]),
    }
}

/// Where the workflow declares its input `name` (its `on:` when it declares none).
pub(super) fn input_at(parsed: &Parsed, name: &str) -> Location {
    match declared(&parsed.workflow, name) {
        Some((event, _)) => place(parsed, &["on", event, "inputs", name]),
        None => place(parsed, &["on"]),
    }
}

pub(super) fn is_credentials(step: &Step) -> bool {
    step.action().is_some_and(|a| a.trim().starts_with(CREDENTIALS_ACTION))
}

/// The input `name` a workflow declares for a dispatch or a call.
pub(super) fn input<'a>(workflow: &'a Workflow, name: &str) -> Option<&'a Input> {
    declared(workflow, name).map(|(_, input)| input)
}

/// The input `name` a workflow declares, and the event that declares it (a dispatch first).
pub(super) fn declared<'a>(workflow: &'a Workflow, name: &str) -> Option<(&'static str, &'a Input)> {
    let on = workflow.on.as_ref()?.ok()?;
    ["workflow_dispatch", "workflow_call"]
        .into_iter()
        .find_map(|event| Some((event, on.settings(event)?.inputs.get(name)?.as_ref()?.ok()?)))
}
