//! The walk over parsed workflows that produces [`Findings`]: role-assuming steps (followed
//! through local reusable-workflow calls), secrets and variables read, environments,
//! missing permissions, and the values the setup must match.

use std::collections::BTreeSet;

use super::expr::{self, Context};
use super::findings::{
    Credential, EnvironmentJob, Findings, IdToken, Kind, Location, Origin, Problem, Reference, RegionChoice,
    RegionSource, Valued, UPSTREAM_REVISION,
};
use super::model::{Input, Job, JobSecrets, Lenient, Permissions, Scalar, Workflow};
use super::read::{self, line_after, line_of, Parsed, SourceFile, TABLE_SCRIPT};
use crate::core::setup::SecretPreset;

/// The action that assumes a role; any version counts.
const CREDENTIALS_ACTION: &str = "aws-actions/configure-aws-credentials";
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
    for (index, parsed) in read.workflows.iter().enumerate() {
        found.reads.extend(references(parsed));
        dispatch_inputs(parsed, &mut found);
        let before = found.credentials.len();
        for (id, job) in jobs(parsed) {
            let at = Location { path: parsed.path.clone(), line: job_line(&parsed.text, id) };
            values_in(parsed, job, at.line, &mut found);
            if let Some(name) = job.environment_name() {
                let env_at = Location { line: line_after(&parsed.text, at.line, "environment:"), ..at.clone() };
                let assumes_role = job.steps().any(is_credentials);
                found.environments.push(EnvironmentJob { at: env_at, job: label(parsed, id), name, assumes_role });
            }
            match job.uses.as_ref().and_then(Lenient::ok) {
                Some(uses) => match callee(&read.workflows, job) {
                    Some(c) if c != index => {
                        let caller = Caller { parsed, id, job, at: at.clone() };
                        for (callee_id, callee_job) in jobs(&read.workflows[c]) {
                            credentials(&read.workflows[c], callee_id, callee_job, Some(&caller), &mut found);
                        }
                    }
                    Some(_) => found
                        .problems
                        .push(Problem { at, text: format!("job {id} calls its own workflow; not followed") }),
                    None => found.problems.push(Problem {
                        at: Location { line: line_after(&parsed.text, at.line, "uses:"), ..at },
                        text: format!(
                            "job {id} calls {uses}, which is not among the files read; its AWS steps are not inspected"
                        ),
                    }),
                },
                None if !called.contains(&index) => credentials(parsed, id, job, None, &mut found),
                None => {}
            }
        }
        if found.credentials.len() > before && triggers(&parsed.workflow).contains(&"pull_request") {
            found.problems.push(Problem {
                at: Location { path: parsed.path.clone(), line: line_of(&parsed.text, "pull_request") },
                text: "runs for pull requests from other forks get no OIDC token and no secrets, so their AWS steps fail; publish from push or workflow_dispatch".into(),
            });
        }
    }
    table_names(&read.table_script, &mut found);
    found.reads.sort();
    found.reads.dedup();
    found.credentials.sort_by(|a, b| a.at.cmp(&b.at));
    found.environments.sort_by(|a, b| a.at.cmp(&b.at));
    found.problems.sort_by(|a, b| a.at.cmp(&b.at));
    found
}

/// The calling side of a reusable-workflow call.
struct Caller<'a> {
    parsed: &'a Parsed,
    id: &'a str,
    job: &'a Job,
    at: Location,
}

fn jobs(parsed: &Parsed) -> impl Iterator<Item = (&str, &Job)> {
    parsed.workflow.jobs.iter().filter_map(|(id, job)| job.ok().map(|job| (id.as_str(), job)))
}

fn label(parsed: &Parsed, id: &str) -> String {
    format!("{}/{id}", parsed.path.rsplit('/').next().unwrap_or(&parsed.path))
}

fn triggers(workflow: &Workflow) -> Vec<&str> {
    workflow.on.as_ref().and_then(Lenient::ok).map(|t| t.events()).unwrap_or_default()
}

/// The index of the local workflow a job calls (`uses: ./.github/workflows/x.yml`).
fn callee(workflows: &[Parsed], job: &Job) -> Option<usize> {
    let uses = job.uses.as_ref()?.ok()?;
    let path = uses.strip_prefix("./")?;
    workflows.iter().position(|w| w.path == path || w.path.ends_with(&format!("/{path}")))
}

/// The line of job `id`: the first line after `jobs:` that starts, after indentation, with `id:`.
fn job_line(text: &str, id: &str) -> usize {
    let jobs = text.lines().position(|l| l.trim_end() == "jobs:").map_or(0, |i| i + 1);
    let keys = [format!("{id}:"), format!("\"{id}\":"), format!("'{id}':")];
    text.lines()
        .enumerate()
        .skip(jobs)
        .find(|(_, l)| l.starts_with(' ') && keys.iter().any(|k| l.trim_start().starts_with(k.as_str())))
        .map_or(0, |(i, _)| i + 1)
}

fn is_credentials(step: &super::model::Step) -> bool {
    step.action().is_some_and(|a| a.trim().starts_with(CREDENTIALS_ACTION))
}

/// Every `secrets.X` and `vars.X` on a line that is not a comment.
fn references(parsed: &Parsed) -> Vec<Reference> {
    let mut out = Vec::new();
    for (i, line) in parsed.text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        for (context, name) in expr::references(line) {
            let kind = match context {
                Context::Secrets if name != "GITHUB_TOKEN" => Kind::Secret,
                Context::Vars => Kind::Variable,
                _ => continue,
            };
            out.push(Reference { kind, name, at: Location { path: parsed.path.clone(), line: i + 1 } });
        }
    }
    out
}

fn input<'a>(workflow: &'a Workflow, name: &str) -> Option<&'a Input> {
    let on = workflow.on.as_ref()?.ok()?;
    ["workflow_dispatch", "workflow_call"].iter().find_map(|event| on.settings(event)?.inputs.get(name)?.as_ref()?.ok())
}

fn choices(input: &Input) -> Vec<String> {
    input.options.as_ref().and_then(Lenient::ok).map(|o| o.iter().map(Scalar::text).collect()).unwrap_or_default()
}

fn default_of(input: &Input) -> Option<String> {
    input.default.as_ref()?.ok().map(Scalar::text)
}

/// The dispatch inputs that choose the publish region or make layers public.
fn dispatch_inputs(parsed: &Parsed, found: &mut Findings) {
    let Some(on) = parsed.workflow.on.as_ref().and_then(Lenient::ok) else { return };
    let Some(dispatch) = on.settings("workflow_dispatch") else { return };
    for (name, input) in &dispatch.inputs {
        let Some(input) = input.as_ref().and_then(Lenient::ok) else { continue };
        let from =
            Origin::File(Location { path: parsed.path.clone(), line: line_of(&parsed.text, &format!("{name}:")) });
        if name.contains("region") {
            let value = RegionChoice { input: name.clone(), options: choices(input), default: default_of(input) };
            found.publish_regions.push(Valued { value, from });
        } else if name == "set-to-public" || name == "make-public" {
            if let Some(default) = default_of(input) {
                found.set_to_public.push(Valued { value: default == "true", from });
            }
        }
    }
}

/// The literal values a job or its steps pass: layer prefix, table region, table name.
fn values_in(parsed: &Parsed, job: &Job, job_line: usize, found: &mut Findings) {
    let step_values = job.steps().filter_map(|s| s.with.as_ref()?.ok());
    let maps = job.with.as_ref().and_then(Lenient::ok).into_iter().chain(step_values);
    for with in maps {
        for (key, value) in with {
            let Some(value) = value.ok().map(Scalar::text) else { continue };
            let from = || {
                Origin::File(Location {
                    path: parsed.path.clone(),
                    line: line_after(&parsed.text, job_line, &format!("{key}:")),
                })
            };
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

fn grants(permissions: Option<&Lenient<Permissions>>) -> Option<bool> {
    permissions.map(|p| p.ok().is_some_and(Permissions::grants_id_token))
}

/// The role-assuming steps of one job, named and resolved as the caller (if any) sees them.
fn credentials(parsed: &Parsed, id: &str, job: &Job, caller: Option<&Caller>, found: &mut Findings) {
    let mut line = job_line(&parsed.text, id);
    let own = grants(job.permissions.as_ref()).or(grants(parsed.workflow.permissions.as_ref()));
    // A called workflow gets at most its caller's permissions.
    let granted = match caller {
        None => own,
        Some(c) => {
            let theirs = grants(c.job.permissions.as_ref()).or(grants(c.parsed.workflow.permissions.as_ref()));
            match (theirs, own) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), _) => Some(true),
                (None, _) => None,
            }
        }
    };
    let id_token = match granted {
        Some(true) => IdToken::Write,
        Some(false) => IdToken::Missing,
        None => IdToken::RepositoryDefault,
    };
    for step in job.steps().filter(|s| is_credentials(s)) {
        line = line_after(&parsed.text, line + 1, CREDENTIALS_ACTION);
        let at = Location { path: parsed.path.clone(), line };
        let role_text = step.with("role-to-assume").unwrap_or_default();
        let role_at = Location { path: parsed.path.clone(), line: line_after(&parsed.text, line, "role-to-assume") };
        let mut role = Vec::new();
        for (context, name) in expr::references(&role_text) {
            match (context, caller) {
                (Context::Secrets, Some(c)) => role.extend(through_caller(c, &name, &role_at, found)),
                (Context::Secrets, None) => role.push(Reference { kind: Kind::Secret, name, at: role_at.clone() }),
                (Context::Vars, _) => role.push(Reference { kind: Kind::Variable, name, at: role_at.clone() }),
                _ => {}
            }
        }
        if role.is_empty() {
            found.problems.push(Problem {
                at: at.clone(),
                text: format!("this step sets no role-to-assume from a secret or variable (role-to-assume: {role_text:?}); the setup cannot name the secret to add"),
            });
        }
        let region = match step.with("aws-region") {
            None => RegionSource::Missing,
            Some(text) => region(&text, parsed, caller),
        };
        let environment = job.environment_name();
        let job_label = match caller {
            Some(c) => format!("{} -> {}", label(c.parsed, c.id), label(parsed, id)),
            None => label(parsed, id),
        };
        let fix = "add `permissions: { id-token: write, contents: read }` to the job or the workflow";
        match id_token {
            IdToken::Write => {}
            IdToken::Missing => found.problems.push(Problem {
                at: at.clone(),
                text: format!("job {job_label} assumes a role but its `permissions:` leave out `id-token: write` (\"Could not load credentials from any providers\"); {fix}"),
            }),
            IdToken::RepositoryDefault => found.problems.push(Problem {
                at: at.clone(),
                text: format!("job {job_label} assumes a role with no `permissions:` block: its token may request an OIDC token only if the repository's default workflow permissions are permissive (read-only is the default for repositories created since February 2023); {fix}"),
            }),
        }
        let called_from = caller.map(|c| c.at.clone());
        let calls = called_from.iter().cloned().collect();
        let audience = step.with("audience");
        found.credentials.push(Credential {
            at,
            job: job_label,
            called_from,
            calls,
            role,
            role_unnamed: None,
            region,
            audience,
            environment,
            id_token,
        });
    }
}

/// The caller's names for the callee's `secrets.NAME`: the same name with `secrets: inherit`,
/// the mapped expression's names otherwise.
fn through_caller(c: &Caller, name: &str, role_at: &Location, found: &mut Findings) -> Vec<Reference> {
    let secrets = c.job.secrets.as_ref().and_then(Lenient::ok);
    let mapped = match secrets {
        Some(JobSecrets::Inherit(word)) if word == "inherit" => {
            return vec![Reference { kind: Kind::Secret, name: name.to_string(), at: role_at.clone() }];
        }
        Some(JobSecrets::Map(map)) => map.get(name).and_then(Lenient::ok).map(Scalar::text),
        _ => None,
    };
    let Some(mapped) = mapped else {
        found.problems.push(Problem {
            at: c.at.clone(),
            text: format!("job {} calls {} without passing the secret {name} it assumes the role with; add `secrets: inherit` or `secrets: {{ {name}: ${{{{ secrets.YOUR_SECRET }}}} }}`", c.id, role_at.path),
        });
        return Vec::new();
    };
    let at = Location { path: c.parsed.path.clone(), line: line_after(&c.parsed.text, c.at.line, &format!("{name}:")) };
    expr::references(&mapped)
        .into_iter()
        .filter_map(|(context, name)| match context {
            Context::Secrets => Some(Reference { kind: Kind::Secret, name, at: at.clone() }),
            Context::Vars => Some(Reference { kind: Kind::Variable, name, at: at.clone() }),
            _ => None,
        })
        .collect()
}

/// Resolves an `aws-region` value: literal, variable, or an input (through the caller's
/// `with:`). `matrix.NAME` is taken as the dispatch input of the same name, as upstream's
/// matrix is built from it (a heuristic: the matrix script is not read).
fn region(text: &str, parsed: &Parsed, caller: Option<&Caller>) -> RegionSource {
    if !expr::is_expression(text) {
        return RegionSource::Literal { value: text.trim().to_string() };
    }
    let as_input = |workflow: &Workflow, name: String| match input(workflow, &name) {
        Some(input) => RegionSource::Input { choices: choices(input), default: default_of(input), name },
        None => RegionSource::Expression { text: text.trim().to_string() },
    };
    match expr::sole_reference(text) {
        Some((Context::Vars, name)) => RegionSource::Variable { name },
        Some((Context::Inputs, name)) => match caller {
            Some(c) => match c.job.with(&name) {
                Some(passed) => region(&passed, c.parsed, None),
                None => match input(&parsed.workflow, &name).and_then(default_of) {
                    Some(default) => RegionSource::Literal { value: default },
                    None => RegionSource::Missing,
                },
            },
            None => as_input(&parsed.workflow, name),
        },
        Some((Context::Matrix, name)) => as_input(&parsed.workflow, name),
        _ => RegionSource::Expression { text: text.trim().to_string() },
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
    let table_secret = found.reads.iter().any(|r| r.kind == Kind::Secret && r.name.contains("TABLE"));
    if found.table_names.is_empty() && !table_secret && !found.credentials.is_empty() {
        found.table_names.push(Valued {
            value: SecretPreset::Upstream.table().to_string(),
            from: Origin::Assumed { path: TABLE_SCRIPT.to_string(), revision: UPSTREAM_REVISION.to_string() },
        });
    }
}
