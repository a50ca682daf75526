//! The walk over parsed workflows that produces [`Findings`]: secrets and variables read,
//! environments and the values the setup must match; the role-assuming steps of each
//! top-level workflow come from [`super::calls`], its dispatch inputs from [`super::dispatch`].

use std::collections::BTreeSet;

use super::calls::Walk;
use super::dispatch::dispatch;
use super::expr::{self, Context};
use super::findings::{
    EnvironmentJob, Findings, Location, Origin, Problem, Reference, RegionSource, Valued, UPSTREAM_REVISION,
};
use super::model::{Job, Lenient, Scalar};
use super::read::{self, Parsed, SourceFile, TABLE_SCRIPT};
use super::shape::{callee, event_at, is_credentials, jobs, label, place, triggers, with_at};
use crate::core::setup::SecretKind;
use crate::core::setup::SecretPreset;

/// `with:` keys that name the table.
const TABLE_KEYS: [&str; 3] = ["dynamodb-table", "dynamodb-table-name", "table-name"];

/// Reads the files and reports what the workflows need. Pure: files in, findings out.
pub fn inspect(files: &[SourceFile]) -> Findings {
    let read = read::read(files);
    let mut found = Findings {
        workflows: read.workflows.iter().map(|w| w.path.clone()).collect(),
        notices: read.notices,
        ..Findings::default()
    };
    let called: BTreeSet<usize> = read
        .workflows
        .iter()
        .enumerate()
        .flat_map(|(i, w)| {
            jobs(w).filter_map(|(_, job)| callee(&read.workflows, job)).filter(move |c| *c != i).collect::<Vec<_>>()
        })
        .collect();
    for parsed in &read.workflows {
        found.reads.extend(references(parsed));
        for (id, job) in jobs(parsed) {
            values_in(parsed, id, job, &mut found);
            if let Some(name) = job.environment_name() {
                let env_at = place(parsed, &["jobs", id, "environment"]);
                let assumes_role = job.steps().any(is_credentials);
                found.environments.push(EnvironmentJob { at: env_at, job: label(parsed, id), name, assumes_role });
            }
        }
    }
    let mut walk = Walk::new(&read.workflows);
    for (index, parsed) in read.workflows.iter().enumerate() {
        // A workflow only ever called runs as part of its callers' runs.
        let events = triggers(&parsed.workflow);
        if called.contains(&index) && events.iter().all(|e| *e == "workflow_call") {
            continue;
        }
        let before = found.credentials.len();
        walk.top(index, &mut found);
        found.credentials[before..].sort_by(|a, b| a.at.cmp(&b.at));
        let mut reached: Vec<String> = Vec::new();
        for credential in &found.credentials[before..] {
            if !reached.contains(&credential.job) {
                reached.push(credential.job.clone());
            }
        }
        if !reached.is_empty() && events.contains(&"pull_request") {
            found.problems.push(Problem {
                at: event_at(parsed, "pull_request"),
                text: "runs for pull requests from other forks get no OIDC token and no secrets, so their AWS steps fail; publish from push or workflow_dispatch".into(),
            });
        }
        dispatch(parsed, reached, &mut found);
    }
    table_names(&read.table_script, &mut found);
    // Without a `dynamodb-region`, the table's region is not told apart from where a step
    // publishes, so no step is taken for a reader.
    if found.table_regions.is_empty() {
        found.table_region_readers.clear();
    }
    found.reads.sort();
    found.reads.dedup();
    found.credentials.sort_by(|a, b| a.at.cmp(&b.at));
    found.table_region_readers.sort_by(|a, b| a.step.cmp(&b.step));
    found.environments.sort_by(|a, b| a.at.cmp(&b.at));
    found.problems.sort_by(|a, b| (&a.at, &a.text).cmp(&(&b.at, &b.text)));
    found.problems.dedup();
    found
}

/// Every `secrets.X` and `vars.X` written in a value (a script's comment lines included, as
/// GitHub substitutes them too; YAML comments left out).
fn references(parsed: &Parsed) -> Vec<Reference> {
    let mut out = Vec::new();
    for (context, name, line) in parsed.positions.references(&parsed.text) {
        let kind = match context {
            Context::Secrets if name != "GITHUB_TOKEN" => SecretKind::Secret,
            Context::Vars => SecretKind::Variable,
            _ => continue,
        };
        out.push(Reference { kind, name, at: Location { path: parsed.path.clone(), line } });
    }
    out
}

/// The literal values a job or its steps pass: layer prefix, table region, table name.
fn values_in(parsed: &Parsed, id: &str, job: &Job, found: &mut Findings) {
    let step_values = job.indexed_steps().filter_map(|(index, s)| Some((Some(index), s.with.as_ref()?.ok()?)));
    let job_values = job.with.as_ref().and_then(Lenient::ok).map(|with| (None, with));
    for (step, with) in job_values.into_iter().chain(step_values) {
        for (key, value) in with {
            let Some(value) = value.ok().map(Scalar::text) else { continue };
            let from = || Origin::File(with_at(parsed, id, step, key));
            let literal = !expr::is_expression(&value) && !value.trim().is_empty();
            match key.as_str() {
                "layer-name" if literal => {
                    found.layer_prefixes.push(Valued { value: value.trim().to_string(), from: from() })
                }
                key if TABLE_KEYS.contains(&key) && literal => {
                    found.table_names.push(Valued { value: value.trim().to_string(), from: from() })
                }
                "dynamodb-region" => {
                    let source = match expr::sole_reference(&value) {
                        _ if literal => RegionSource::Literal { value: value.trim().to_string() },
                        Some((Context::Vars, name)) => RegionSource::Variable { name },
                        _ => continue,
                    };
                    found.table_regions.push(Valued { value: source, from: from() });
                }
                _ => {}
            }
        }
    }
}

/// The table name from the table script's constant, or upstream's assumed when the
/// workflows name no table and read no table secret.
fn table_names(script: &Option<(String, String)>, found: &mut Findings) {
    if let Some((path, text)) = script {
        let constant = text.lines().enumerate().find_map(|(i, line)| {
            let (name, value) = line.split_once('=')?;
            let name = name.trim();
            let quoted = value
                .trim()
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.trim().strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))?;
            (name.contains("TABLE") && name.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
                .then(|| (i + 1, quoted.to_string()))
        });
        match constant {
            Some((line, value)) => {
                found.table_names.push(Valued { value, from: Origin::File(Location { path: path.clone(), line }) })
            }
            None => found.problems.push(Problem {
                at: Location { path: path.clone(), line: 0 },
                text: "no TABLE_NAME = \"...\" constant found; the table name was not read from the script".into(),
            }),
        }
        return;
    }
    let table_secret = found.reads.iter().any(|r| r.kind == SecretKind::Secret && r.name.contains("TABLE"));
    if found.table_names.is_empty() && !table_secret && !found.credentials.is_empty() {
        found.table_names.push(Valued {
            value: SecretPreset::Upstream.table().to_string(),
            from: Origin::Assumed { path: TABLE_SCRIPT.to_string(), revision: UPSTREAM_REVISION.to_string() },
        });
    }
}
