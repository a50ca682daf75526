//! Role-assuming steps at any depth of local reusable-workflow calls: each step is named as
//! the top caller sees it, with the secrets (mapped or inherited), the inputs and the token
//! permissions followed through every call on the way down.

use std::collections::BTreeMap;

use super::expr::{self, Context};
use super::findings::{
    Credential, Findings, IdToken, Location, Origin, Problem, Reference, RegionSource, TableRegionReader, Valued,
};
use super::model::{Job, JobSecrets, Lenient, Permissions};
use super::read::Parsed;
use super::shape::{callee, input, input_at, is_credentials, jobs, label, place, with_at};
use crate::core::setup::SecretKind;

/// GitHub connects at most ten levels of workflows: a top-level caller and nine levels of
/// reusable workflows below it.
pub const MAX_LEVELS: usize = 10;
/// At most this many calls are followed in one inspection: each level multiplies the jobs
/// reached, and the files are untrusted.
pub const MAX_FOLLOWED_CALLS: usize = 1000;

/// One calling job of a chain.
struct Call<'a> {
    parsed: &'a Parsed,
    id: &'a str,
    job: &'a Job,
    /// The calling job's line.
    at: Location,
}

/// The walk from one top-level workflow down its calls.
pub(super) struct Walk<'a> {
    workflows: &'a [Parsed],
    chain: Vec<Call<'a>>,
    /// The workflows of the chain, the one walked last.
    stack: Vec<usize>,
    followed: usize,
}

impl<'a> Walk<'a> {
    /// A walk over `workflows`; the count of calls followed is kept across top-level workflows.
    pub(super) fn new(workflows: &'a [Parsed]) -> Walk<'a> {
        Walk { workflows, chain: Vec::new(), stack: Vec::new(), followed: 0 }
    }

    /// Finds the role-assuming steps that a run of workflow `index` reaches.
    pub(super) fn top(&mut self, index: usize, found: &mut Findings) {
        self.stack = vec![index];
        self.workflow(index, found);
    }

    fn workflow(&mut self, index: usize, found: &mut Findings) {
        let parsed = &self.workflows[index];
        for (id, job) in jobs(parsed) {
            let at = place(parsed, &["jobs", id]);
            match job.uses.as_ref().and_then(Lenient::ok) {
                Some(uses) => self.call(index, Call { parsed, id, job, at }, uses, found),
                None => credentials(parsed, id, job, &self.chain, found),
            }
        }
    }

    fn call(&mut self, index: usize, call: Call<'a>, uses: &str, found: &mut Findings) {
        let id = call.id;
        let problem = |text: String| Problem { at: call.at.clone(), text };
        match callee(self.workflows, call.job) {
            None => found.problems.push(Problem {
                at: place(call.parsed, &["jobs", id, "uses"]),
                text: format!(
                    "job {id} calls {uses}, which is not among the files read; its AWS steps are not inspected"
                ),
            }),
            Some(c) if c == index => found.problems.push(problem(format!("job {id} calls its own workflow; not followed"))),
            Some(c) if self.stack.contains(&c) => found.problems.push(problem(format!(
                "job {id} calls {uses}, which is already in this chain of calls ({}); GitHub refuses a cycle, and it is not followed",
                self.chain_text(id)
            ))),
            Some(_) if self.stack.len() >= MAX_LEVELS => found.problems.push(problem(format!(
                "job {id} calls {uses} at the {}th level ({}); GitHub connects at most {MAX_LEVELS} levels of workflows, so the run fails; not followed",
                self.stack.len() + 1,
                self.chain_text(id)
            ))),
            Some(_) if self.followed >= MAX_FOLLOWED_CALLS => {
                if self.followed == MAX_FOLLOWED_CALLS {
                    self.followed += 1;
                    found.problems.push(problem(format!(
                        "more than {MAX_FOLLOWED_CALLS} calls of reusable workflows; the rest, from job {id} on, are not followed"
                    )));
                }
            }
            Some(c) => {
                self.followed += 1;
                self.chain.push(call);
                self.stack.push(c);
                self.workflow(c, found);
                self.stack.pop();
                self.chain.pop();
            }
        }
    }

    /// The chain down to job `id` of the last workflow walked.
    fn chain_text(&self, id: &str) -> String {
        let last = self.stack.last().map(|i| label(&self.workflows[*i], id));
        self.chain.iter().map(|c| label(c.parsed, c.id)).chain(last).collect::<Vec<_>>().join(" -> ")
    }
}

/// The role-assuming steps of one job, named and resolved as the top of `chain` sees them.
fn credentials(parsed: &Parsed, id: &str, job: &Job, chain: &[Call], found: &mut Findings) {
    let job_label =
        chain.iter().map(|c| label(c.parsed, c.id)).chain([label(parsed, id)]).collect::<Vec<_>>().join(" -> ");
    let (id_token, fix) = id_token(parsed, id, job, chain);
    // The publisher is given the table's region; its own region is where layers go.
    let publisher = chain.iter().any(|c| c.job.with("dynamodb-region").is_some())
        || job
            .steps()
            .any(|s| s.with("dynamodb-region").is_some() || s.script().is_some_and(|r| r.contains("dynamodb-region")));
    for (index, step) in job.indexed_steps().filter(|(_, s)| is_credentials(s)) {
        let at = place(parsed, &["jobs", id, "steps", &index.to_string(), "uses"]);
        let role_text = step.with("role-to-assume").unwrap_or_default();
        let role_at = with_at(parsed, id, Some(index), "role-to-assume");
        let mut role = Role::default();
        role.read(&role_text, &role_at, chain.len(), &Level { leaf: parsed, chain }, found);
        if let Some(unnamed) = &role.unnamed {
            let source = match unnamed.value.as_str() {
                "" => "sets no role-to-assume".to_string(),
                text => format!("takes its role from {text:?} ({})", unnamed.from),
            };
            found.problems.push(Problem {
                at: at.clone(),
                text: format!("job {job_label} {source}, which names no one secret or variable; the setup cannot say which secret to add: use `role-to-assume: ${{{{ secrets.NAME }}}}`"),
            });
        }
        let region_at = with_at(parsed, id, Some(index), "aws-region");
        let (region, region_from) = match step.with("aws-region") {
            None => (RegionSource::Missing, at.clone()),
            Some(text) => Level { leaf: parsed, chain }.region(&text, region_at, chain.len()),
        };
        if !publisher && matches!(region, RegionSource::Literal { .. } | RegionSource::Variable { .. }) {
            found.table_region_readers.push(TableRegionReader {
                job: job_label.clone(),
                step: at.clone(),
                region: Valued { value: region.clone(), from: Origin::File(region_from) },
            });
        }
        match id_token {
            IdToken::Write => {}
            IdToken::Missing => found.problems.push(Problem {
                at: at.clone(),
                text: format!("job {job_label} assumes a role but the `permissions:` that apply leave out `id-token: write` (\"Could not load credentials from any providers\"); {fix}"),
            }),
            IdToken::RepositoryDefault => found.problems.push(Problem {
                at: at.clone(),
                text: format!("job {job_label} assumes a role with no `permissions:` block: its token may request an OIDC token only if the repository's default workflow permissions are permissive (read-only is the default for repositories created since February 2023); {fix}"),
            }),
        }
        found.credentials.push(Credential {
            at,
            job: job_label.clone(),
            called_from: chain.first().map(|c| c.at.clone()),
            calls: chain.iter().map(|c| c.at.clone()).collect(),
            role: role.names,
            role_unnamed: role.unnamed,
            region,
            audience: step.with("audience"),
            environment: job.environment_name(),
            id_token,
        });
    }
}

/// The chain of calls down to the workflow that holds a step: level `chain.len()` is that
/// workflow, level 0 the top caller.
struct Level<'a, 'b> {
    leaf: &'a Parsed,
    chain: &'b [Call<'a>],
}

impl Level<'_, '_> {
    fn workflow(&self, level: usize) -> &Parsed {
        self.chain.get(level).map_or(self.leaf, |c| c.parsed)
    }

    /// Resolves an `aws-region` value written at `at` on `level`: a literal, a variable, or an
    /// input, followed up through each call's `with:` to the top caller's dispatch input.
    /// `matrix.NAME` is taken as the input of the same name, as upstream's matrix is built
    /// from it (a heuristic: the matrix script is not read). Also returns where the value
    /// was written.
    fn region(&self, text: &str, at: Location, level: usize) -> (RegionSource, Location) {
        if !expr::is_expression(text) {
            return (RegionSource::Literal { value: text.trim().to_string() }, at);
        }
        let unresolved = RegionSource::Expression { text: text.trim().to_string() };
        let as_input = |parsed: &Parsed, name: String| match input(&parsed.workflow, &name) {
            Some(input) => RegionSource::Input { choices: input.options(), default: input.default(), name },
            None => unresolved.clone(),
        };
        match expr::sole_reference(text) {
            Some((Context::Vars, name)) => (RegionSource::Variable { name }, at),
            Some((Context::Inputs, name)) => match level.checked_sub(1) {
                None => (as_input(self.workflow(0), name), at),
                Some(up) => {
                    let call = &self.chain[up];
                    match call.job.with(&name) {
                        Some(passed) => self.region(&passed, with_at(call.parsed, call.id, None, &name), up),
                        None => {
                            let parsed = self.workflow(level);
                            match input(&parsed.workflow, &name).and_then(|i| i.default()) {
                                Some(value) => (RegionSource::Literal { value }, input_at(parsed, &name)),
                                None => (RegionSource::Missing, at),
                            }
                        }
                    }
                }
            },
            Some((Context::Matrix, name)) => (as_input(self.workflow(level), name), at),
            _ => (unresolved, at),
        }
    }
}

/// The names that may hold a step's role ARN, and the text that names none, if any.
#[derive(Default)]
struct Role {
    names: Vec<Reference>,
    unnamed: Option<Valued<String>>,
}

impl Role {
    /// Reads `text`, written at `at` on `level`, following each secret up the calls, and an
    /// input (`inputs.role-arn`) up to the `with:` of the job that passes it.
    fn read(&mut self, text: &str, at: &Location, level: usize, levels: &Level, found: &mut Findings) {
        let passed = |name: &str| {
            let call = &levels.chain[level.checked_sub(1)?];
            Some((call.job.with(name)?, with_at(call.parsed, call.id, None, name)))
        };
        let sole = expr::sole_reference(text);
        if let Some((Context::Inputs, name)) = &sole {
            if let Some((text, at)) = passed(name) {
                return self.read(&text, &at, level - 1, levels, found);
            }
        }
        if !matches!(sole, Some((Context::Secrets | Context::Vars, _))) {
            let value = text.trim().to_string();
            self.unnamed.get_or_insert_with(|| Valued { value, from: Origin::File(at.clone()) });
        }
        for (context, name) in expr::references(text) {
            match context {
                Context::Secrets => self.secret(&name, at, level, levels, found),
                Context::Vars => self.names.push(Reference { kind: SecretKind::Variable, name, at: at.clone() }),
                _ => {}
            }
        }
    }

    /// `secrets.NAME` as read on `level`: a repository secret at the top, else what the
    /// calling job passes (`secrets: inherit` keeps the name, a map gives an expression).
    fn secret(&mut self, name: &str, at: &Location, level: usize, levels: &Level, found: &mut Findings) {
        let Some(up) = level.checked_sub(1) else {
            self.names.push(Reference { kind: SecretKind::Secret, name: name.to_string(), at: at.clone() });
            return;
        };
        let call = &levels.chain[up];
        match call.job.secrets.as_ref().and_then(Lenient::ok) {
            Some(JobSecrets::Inherit(word)) if word == "inherit" => return self.secret(name, at, up, levels, found),
            Some(JobSecrets::Map(map)) => {
                if let Some(text) = map.get(name).and_then(Lenient::ok).map(|s| s.text()) {
                    let at = place(call.parsed, &["jobs", call.id, "secrets", name]);
                    return self.read(&text, &at, up, levels, found);
                }
            }
            _ => {}
        }
        found.problems.push(Problem {
            at: call.at.clone(),
            text: format!("job {} calls {} without passing the secret {name} it assumes the role with; add `secrets: inherit` or `secrets: {{ {name}: ${{{{ secrets.YOUR_SECRET }}}} }}`", call.id, levels.workflow(level).path),
        });
        self.unnamed
            .get_or_insert_with(|| Valued { value: format!("secrets.{name}"), from: Origin::File(call.at.clone()) });
    }
}

/// The `permissions:` that apply to a job: its own, else its workflow's (true for the job's).
fn block<'a>(parsed: &'a Parsed, job: &'a Job) -> Option<(&'a Lenient<Permissions>, bool)> {
    job.permissions.as_ref().map(|p| (p, true)).or(parsed.workflow.permissions.as_ref().map(|p| (p, false)))
}

fn grants(parsed: &Parsed, job: &Job) -> Option<bool> {
    block(parsed, job).map(|(p, _)| p.ok().is_some_and(Permissions::grants_id_token))
}

/// Whether the step's token may request an OIDC token, and how to fix it if not. A called
/// workflow gets at most its caller's permissions, so the first level (from the top) that
/// leaves `id-token` out decides, and the fix goes there.
fn id_token(parsed: &Parsed, id: &str, job: &Job, chain: &[Call]) -> (IdToken, String) {
    let levels: Vec<(&Parsed, &str, &Job)> =
        chain.iter().map(|c| (c.parsed, c.id, c.job)).chain([(parsed, id, job)]).collect();
    let lacking = levels.iter().position(|(p, _, j)| grants(p, j) == Some(false));
    let (state, at) = match (lacking, grants(levels[0].0, levels[0].2)) {
        (Some(at), _) => (IdToken::Missing, at),
        (None, Some(true)) => (IdToken::Write, 0),
        (None, _) => (IdToken::RepositoryDefault, 0),
    };
    let (parsed, id, job) = levels[at];
    (state, fix(parsed, id, job))
}

/// The `permissions:` to write so that job `id` may request an OIDC token and keeps the
/// rest of what it has.
fn fix(parsed: &Parsed, id: &str, job: &Job) -> String {
    let example = "`permissions: { contents: read, id-token: write }`";
    let Some((permissions, job_level)) = block(parsed, job) else {
        return format!("add {example} to job {}: a `permissions:` block replaces the repository's default permissions, so also list any other the job needs (e.g. `contents: write` to create a release)", label(parsed, id));
    };
    let whose = if job_level { format!("job {}", label(parsed, id)) } else { format!("workflow {}", parsed.path) };
    match permissions.ok() {
        Some(map @ Permissions::Map(_)) => {
            let mut scopes: BTreeMap<&str, &str> = map.scopes().into_iter().collect();
            scopes.insert("id-token", "write");
            let listed = scopes.iter().map(|(scope, level)| format!("{scope}: {level}")).collect::<Vec<_>>();
            format!(
                "set the `permissions:` of {whose} to `permissions: {{ {} }}`, which keeps its other permissions and adds `id-token: write`",
                listed.join(", ")
            )
        }
        _ => format!(
            "replace the `permissions:` of {whose} with the scopes the job needs and `id-token: write`, e.g. {example}"
        ),
    }
}
