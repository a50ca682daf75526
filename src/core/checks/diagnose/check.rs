//! The check workflow's own findings (its `FAIL` lines and `::error` annotations, see
//! `check_workflow`), explained: they carry what the run saw, so the fix is exact.

use super::answer::{Answer, Ctx, FixStep};
use super::{credentials, stack, word_after, Found};
use crate::core::guide::{secret_entries, SecretValue};
use crate::core::setup::{Field, ScopeInput, ScopeKind, TrustScope};
use crate::core::template::subjects::{scope_context, ENVIRONMENT_CONTEXT};

fn answer(cause: String, steps: Vec<FixStep>) -> Option<Answer> {
    Some(Answer { cause, steps })
}

pub(super) fn token(ctx: &Ctx, found: &Found) -> Option<Answer> {
    if found.line.to_ascii_lowercase().contains("fail audience:") {
        return answer(
            "The check's token has another audience than the role accepts.".into(),
            vec![ctx.check_workflow("use the workflow as this setup writes it, with no audience: input.")],
        );
    }
    answer(
        "The check job got no OIDC token from GitHub.".into(),
        vec![
            ctx.say("Keep permissions: id-token: write in the check workflow, as it is written."),
            ctx.say(format!("Run it from a branch of {}, not from a pull request of another fork.", ctx.setup.fork)),
        ],
    )
}

/// A subject `repo:OWNER[@ID]/REPO[@ID]:CONTEXT`, split.
struct Subject<'a> {
    owner: &'a str,
    owner_id: Option<&'a str>,
    repo: &'a str,
    repo_id: Option<&'a str>,
    context: &'a str,
}

fn split(sub: &str) -> Option<Subject<'_>> {
    let rest = sub.strip_prefix("repo:")?;
    let (names, context) = rest.split_once(':')?;
    let (owner, repo) = names.split_once('/')?;
    let (owner, owner_id) = owner.split_once('@').map_or((owner, None), |(n, id)| (n, Some(id)));
    let (repo, repo_id) = repo.split_once('@').map_or((repo, None), |(n, id)| (n, Some(id)));
    Some(Subject { owner, owner_id, repo, repo_id, context: context.trim_end_matches([';', ',', '.']) })
}

pub(super) fn subject(ctx: &Ctx, found: &Found) -> Option<Answer> {
    let setup = ctx.setup;
    let text = format!("{} {}", found.line, found.after);
    let sub = word_after(&text, "token's subject ").unwrap_or("");
    let Some(token) = split(sub) else {
        // A customised subject template, or a message without the subject.
        return credentials::assume_role_denied(ctx, found);
    };
    let (owner, repo) = (setup.fork.owner.as_str(), setup.fork.repo.as_str());
    if !token.owner.eq_ignore_ascii_case(owner) || !token.repo.eq_ignore_ascii_case(repo) {
        return answer(
            format!(
                "The check ran in {}/{}, not in {}: the role trusts only runs of {}.",
                token.owner, token.repo, setup.fork, setup.fork
            ),
            vec![ctx.set(Field::Fork, &format!("{}/{}", token.owner, token.repo))],
        );
    }
    let (mut causes, mut steps) = (Vec::new(), Vec::new());
    fork_causes(ctx, &token, &mut causes, &mut steps);
    scope_causes(ctx, &token, &mut causes, &mut steps);
    if causes.is_empty() {
        return credentials::assume_role_denied(ctx, found);
    }
    // A changed option means a new template; a changed workflow or run does not.
    if steps.iter().any(|s| s.control.is_some() || s.text.starts_with("Give --")) {
        steps.extend(ctx.redeploy(setup));
    }
    let mut cause = format!("The role refuses this run's subject {sub}: {}.", causes.join("; "));
    if let Some(first) = cause.get(..1) {
        cause.replace_range(..1, &first.to_uppercase());
    }
    answer(cause, steps)
}

/// Why the run's repository part is refused though it names the fork: its spelling (IAM
/// compares case-sensitively) or ids the role does not list.
fn fork_causes(ctx: &Ctx, token: &Subject, causes: &mut Vec<String>, steps: &mut Vec<FixStep>) {
    let setup = ctx.setup;
    if token.owner != setup.fork.owner.as_str() || token.repo != setup.fork.repo.as_str() {
        causes
            .push(format!("GitHub spells the fork {}/{}, and IAM compares case-sensitively", token.owner, token.repo));
        steps.push(ctx.set(Field::Fork, &format!("{}/{}", token.owner, token.repo)));
    }
    if let (Some(owner_id), Some(repo_id)) = (token.owner_id, token.repo_id) {
        let known = setup.ids.map(|ids| (ids.owner_id.to_string(), ids.repo_id.to_string()));
        if known.as_ref().map(|(o, r)| (o.as_str(), r.as_str())) != Some((owner_id, repo_id)) {
            causes.push("the run presents the fork's numeric ids, which the role does not list".to_string());
            steps.push(ctx.set(Field::OwnerId, owner_id));
            steps.push(ctx.set(Field::RepoId, repo_id));
        }
    }
}

/// Why the run's context (what follows the repository) is not the trust scope's.
fn scope_causes(ctx: &Ctx, token: &Subject, causes: &mut Vec<String>, steps: &mut Vec<FixStep>) {
    let setup = ctx.setup;
    let environment_scope = |env: &str| ctx.set(Field::Scope, &ScopeInput::new(ScopeKind::Environment, env).to_arg());
    match (token.context.strip_prefix(ENVIRONMENT_CONTEXT), &setup.scope) {
        (Some(env), TrustScope::Environment(trusted)) if env != trusted.as_str() => {
            causes.push(format!("the job runs in the environment {env}"));
            steps.push(environment_scope(env));
        }
        (Some(_), TrustScope::Environment(_)) => {}
        (Some(env), _) => {
            causes.push(format!(
                "the job runs in the environment {env}, which puts it in the subject instead of the branch"
            ));
            steps.push(environment_scope(env));
        }
        (None, TrustScope::Environment(env)) => {
            causes.push(format!("the role trusts only jobs in the environment {env}"));
            steps.push(ctx.say(format!("Add environment: {env} to the job.")));
        }
        (None, TrustScope::Branch(branch)) if token.context != scope_context(setup) => {
            causes.push(format!("the role trusts only runs on the branch {branch}"));
            steps.push(ctx.say(format!("Run the workflow from {branch} (Use workflow from: {branch}).")));
        }
        _ => {}
    }
}

pub(super) fn secret(ctx: &Ctx, found: &Found) -> Option<Answer> {
    let named = word_after(found.line, "secret ")
        .or_else(|| word_after(found.line, "variable "))
        .map(|n| n.trim_end_matches(':'));
    let entry = secret_entries(ctx.setup).into_iter().find(|e| Some(e.name.as_str()) == named);
    let holds = entry.map_or(SecretValue::RoleArn, |e| e.holds);
    let name = named.unwrap_or(ctx.setup.secrets.role_secret.as_str());
    let lower = found.line.to_ascii_lowercase();
    let what =
        if lower.contains("empty or missing") { "is empty or missing" } else { "does not hold this setup's value" };
    answer(
        format!("The {name} of {} {what} (forks do not inherit secrets).", ctx.setup.fork),
        ctx.set_secret(holds).into_iter().collect(),
    )
}

pub(super) fn role(ctx: &Ctx, found: &Found) -> Option<Answer> {
    if found.line.to_ascii_lowercase().contains("fail role:") {
        return credentials::assume_role_denied(ctx, found);
    }
    let mut steps = ctx.redeploy(ctx.setup);
    steps.push(ctx.doctor());
    answer(
        format!(
            "The role {} may not list the layers under {}-: the deployed stack is not this setup's.",
            ctx.setup.role_name, ctx.setup.layer_prefix
        ),
        steps,
    )
}

pub(super) fn table(ctx: &Ctx, found: &Found) -> Option<Answer> {
    let lower = found.line.to_ascii_lowercase();
    if lower.contains("not found") {
        return stack::table_not_found(ctx, found);
    }
    let mut steps = ctx.redeploy(ctx.setup);
    steps.push(ctx.doctor());
    answer(
        format!(
            "The role {} may not read the table {}: the deployed stack is not this setup's.",
            ctx.setup.role_name, ctx.setup.table
        ),
        steps,
    )
}
