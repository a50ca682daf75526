//! The OIDC subjects the role trusts, built once: for the template (`Fn::Sub` over its
//! parameters) and for the checks, the doctor and the diagnosis (the same subjects as plain text).
//! With GitHub's default template the subject is `repo:REPO_PART:` then the scope; with a
//! customised one it is each claim key's `key:value`, joined with `:` in the template's order.

use super::parameters::names::{BRANCH, ENVIRONMENT, OWNER, OWNER_ID, REPO, REPO_ID};
use crate::core::links::workflows_dir;
use crate::core::setup::sub_claim::ClaimKey;
use crate::core::setup::{Setup, TrustScope};

/// How a subject spells the fork.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepoForm {
    /// `OWNER/REPO`.
    Name,
    /// `OWNER@OWNER_ID/REPO@REPO_ID`, GitHub's immutable subjects.
    Ids,
}

/// The forms of the fork the role trusts: exactly the form of GitHub's `sub_claim_prefix` when
/// it was given (trusting the other would let a later holder of the name in); the id form alone
/// when `use_immutable_subject` says so; otherwise the name form, and the id form when the ids
/// are known.
pub fn repo_forms(setup: &Setup) -> Vec<RepoForm> {
    let claim = setup.sub_claim.as_ref();
    match (claim.and_then(|c| c.prefix.as_ref()), claim.and_then(|c| c.immutable)) {
        (Some(prefix), _) if prefix.ids.is_some() => vec![RepoForm::Ids],
        (Some(_), _) => vec![RepoForm::Name],
        (None, Some(true)) => vec![RepoForm::Ids],
        _ if setup.ids.is_some() => vec![RepoForm::Name, RepoForm::Ids],
        _ => vec![RepoForm::Name],
    }
}

/// Whether the role's subjects spell the ids (so the template needs the id parameters).
pub fn uses_ids(setup: &Setup) -> bool {
    match setup.sub_claim.as_ref().and_then(|c| c.custom_keys()) {
        Some(keys) => custom_subjects(setup, keys).iter().any(|s| s.uses(&[OWNER_ID, REPO_ID])),
        None => repo_forms(setup).contains(&RepoForm::Ids),
    }
}

/// One piece of a subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    Text(String),
    /// A template parameter, holding the person's value.
    Param(&'static str),
    /// A value the setup cannot know: `*` in a `StringLike` pattern.
    Any,
}

pub(super) use Piece::{Any, Param};

fn text(text: &str) -> Piece {
    Piece::Text(text.to_string())
}

/// What GitHub's default template puts after the repository for a run on branch `branch`.
pub(super) fn on_branch(branch: Piece) -> Vec<Piece> {
    vec![text("ref:refs/heads/"), branch]
}

/// What GitHub's default template puts after the repository for a job in an environment,
/// before the environment's name.
pub const ENVIRONMENT_CONTEXT: &str = "environment:";

/// What GitHub's default template puts after the repository for a job in environment `env`.
pub(super) fn in_environment(env: Piece) -> Vec<Piece> {
    vec![text(ENVIRONMENT_CONTEXT), env]
}

/// What GitHub's default template puts after the repository for a run in `scope`: pull requests
/// and jobs in an environment do not match `ref:*`.
pub(super) fn scope_part(scope: &TrustScope) -> Vec<Piece> {
    match scope {
        TrustScope::AnyRef => vec![text("ref:"), Any],
        TrustScope::Branch(_) => on_branch(Param(BRANCH)),
        TrustScope::Environment(_) => in_environment(Param(ENVIRONMENT)),
    }
}

/// What follows the repository in the subject of a run `setup`'s scope trusts, as the token
/// holds it (`ref:*` for any branch or tag).
pub fn scope_context(setup: &Setup) -> String {
    scope_part(&setup.scope).iter().map(|piece| resolve(piece, setup)).collect()
}

/// The subject GitHub's default template gives a run of the fork spelt in `form`, `scope` being
/// what follows the repository.
pub(super) fn default_subject(form: RepoForm, scope: Vec<Piece>) -> Subject {
    let mut pieces = vec![text("repo:")];
    pieces.extend(repo_part(form));
    pieces.push(text(":"));
    pieces.extend(scope);
    Subject(pieces)
}

/// The subjects the role trusts for `setup`, in the template's order. With GitHub's default
/// template: for the scope, then for each further environment, each form of the fork (see
/// [`repo_forms`]); for any branch or tag each is a `StringLike` pattern ending in `ref:*`,
/// otherwise an exact value. With a customised template: [`custom_subjects`].
pub fn subjects(setup: &Setup) -> Vec<Subject> {
    if let Some(keys) = setup.sub_claim.as_ref().and_then(|c| c.custom_keys()) {
        return custom_subjects(setup, keys);
    }
    let mut scopes = vec![scope_part(&setup.scope)];
    scopes.extend(setup.also_environments.iter().map(|env| in_environment(text(&env.in_subject()))));
    scopes
        .into_iter()
        .flat_map(|scope| repo_forms(setup).into_iter().map(move |form| default_subject(form, scope.clone())))
        .collect()
}

/// The `sub` values the role trusts for `setup`, as the deployed role holds them (see
/// [`subjects`]).
pub fn trusted_subjects(setup: &Setup) -> Vec<String> {
    subjects(setup).iter().map(|s| s.resolve(setup)).collect()
}

/// A subject the role trusts, exact or a `StringLike` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject(Vec<Piece>);

impl Subject {
    /// Whether it is one exact value (no `*`).
    pub fn is_exact(&self) -> bool {
        !self.0.contains(&Any)
    }

    /// Whether it holds one of the parameters `names`.
    fn uses(&self, names: &[&str]) -> bool {
        self.0.iter().any(|p| matches!(p, Param(name) if names.contains(name)))
    }

    /// The subject as `Fn::Sub` text over the template's parameters.
    pub(super) fn to_sub(&self) -> String {
        self.0
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => text.clone(),
                Param(name) => format!("${{{name}}}"),
                Any => "*".to_string(),
            })
            .collect()
    }

    /// The subject with `setup`'s values, as the deployed role holds it.
    pub fn resolve(&self, setup: &Setup) -> String {
        self.0.iter().map(|piece| resolve(piece, setup)).collect()
    }
}

fn resolve(piece: &Piece, setup: &Setup) -> String {
    let id = |pick: fn(&crate::core::setup::values::GitHubIds) -> u64| {
        setup.ids.map(|ids| pick(&ids).to_string()).expect("id pieces only when the ids are known")
    };
    match piece {
        Piece::Text(text) => text.clone(),
        Any => "*".to_string(),
        Param(name) => match *name {
            OWNER => setup.fork.owner.to_string(),
            REPO => setup.fork.repo.to_string(),
            OWNER_ID => id(|ids| ids.owner_id),
            REPO_ID => id(|ids| ids.repo_id),
            BRANCH | ENVIRONMENT => match &setup.scope {
                TrustScope::Branch(branch) => branch.to_string(),
                TrustScope::Environment(env) => env.in_subject(),
                TrustScope::AnyRef => unreachable!("no scope parameter for any ref"),
            },
            other => unreachable!("subjects use no parameter {other}"),
        },
    }
}

fn repo_part(form: RepoForm) -> Vec<Piece> {
    match form {
        RepoForm::Name => vec![Param(OWNER), text("/"), Param(REPO)],
        RepoForm::Ids => {
            vec![Param(OWNER), text("@"), Param(OWNER_ID), text("/"), Param(REPO), text("@"), Param(REPO_ID)]
        }
    }
}

/// The kind of ref a trusted run is on: for any branch or tag, the subjects of branches and
/// of tags are listed apart, so that `ref` and `ref_type` agree within each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RefKind {
    Branch,
    Tag,
}

/// The value a claim holds for a trusted run of `kind`, as pieces.
fn value(key: &str, setup: &Setup, form: RepoForm, kind: RefKind) -> Vec<Piece> {
    let ids = setup.ids.is_some();
    match (key, &setup.scope) {
        // The repository, in the form the tokens carry (see `repo_forms`).
        ("repo", _) => repo_part(form),
        // What the default template puts after the repository.
        ("context", scope) => scope_part(scope),
        ("ref", TrustScope::AnyRef) if kind == RefKind::Branch => vec![text("refs/heads/"), Any],
        ("ref", TrustScope::AnyRef) => vec![text("refs/tags/"), Any],
        ("ref", TrustScope::Branch(_)) => vec![text("refs/heads/"), Param(BRANCH)],
        ("ref_type", TrustScope::AnyRef) if kind == RefKind::Tag => vec![text("tag")],
        ("ref_type", TrustScope::AnyRef | TrustScope::Branch(_)) => vec![text("branch")],
        ("environment", TrustScope::Environment(_)) => vec![Param(ENVIRONMENT)],
        // The `repository` claim is the name, whatever form `repo` takes.
        ("repository", _) => vec![Param(OWNER), text("/"), Param(REPO)],
        ("repository_owner", _) => vec![Param(OWNER)],
        ("repository_id", _) if ids => vec![Param(REPO_ID)],
        ("repository_owner_id", _) if ids => vec![Param(OWNER_ID)],
        // Any workflow file of the fork, at the trusted branch when there is one.
        ("job_workflow_ref" | "workflow_ref", TrustScope::Branch(_)) => {
            let mut pieces = vec![Param(OWNER), text("/"), Param(REPO), text(concat!("/", workflows_dir!(), "/")), Any];
            pieces.extend([text("@refs/heads/"), Param(BRANCH)]);
            pieces
        }
        ("job_workflow_ref" | "workflow_ref", _) => {
            vec![Param(OWNER), text("/"), Param(REPO), text(concat!("/", workflows_dir!(), "/")), Any]
        }
        // Everything else (the ref in an environment, the actor, the event, a run's numbers,
        // the ids when unknown, ...) the setup cannot know: any value.
        _ => vec![Any],
    }
}

/// The subjects a customised template gives the fork's trusted runs: for each form of the
/// fork (and, for any branch or tag, each kind of ref), each key's `key:value` joined with `:`.
pub fn custom_subjects(setup: &Setup, keys: &[ClaimKey]) -> Vec<Subject> {
    let kinds: &[RefKind] = match setup.scope {
        TrustScope::AnyRef => &[RefKind::Branch, RefKind::Tag],
        _ => &[RefKind::Branch],
    };
    let mut subjects = Vec::new();
    for form in repo_forms(setup) {
        for kind in kinds {
            let mut pieces = Vec::new();
            for (i, key) in keys.iter().enumerate() {
                if i > 0 {
                    pieces.push(text(":"));
                }
                pieces.extend([text(key.as_str()), text(":")]);
                pieces.extend(value(key.as_str(), setup, form, *kind));
            }
            // Keys that do not spell the fork or the ref give the same subject more than once.
            let subject = Subject(pieces);
            if !subjects.contains(&subject) {
                subjects.push(subject);
            }
        }
    }
    subjects
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::setup::sub_claim::{BRANCH_KEYS, ENVIRONMENT_KEYS};
    use crate::core::setup::{ScopeInput, SetupInput};

    /// GitHub's default template escapes a `:` in the environment's name (see
    /// [`crate::core::setup::values::EnvironmentName::in_subject`]).
    #[test]
    fn default_subjects_spell_the_scope_as_github_does() {
        let subjects = |scope: &str| {
            let mut input = SetupInput::for_fork("octo-cat/ocelot");
            input.scope = ScopeInput::parse(scope).unwrap();
            trusted_subjects(&Setup::from_input(&input).unwrap())
        };
        assert_eq!(subjects("any"), ["repo:octo-cat/ocelot:ref:*"]);
        assert_eq!(subjects("branch:main"), ["repo:octo-cat/ocelot:ref:refs/heads/main"]);
        assert_eq!(
            subjects("environment:prod:eu,environment:staging"),
            ["repo:octo-cat/ocelot:environment:prod%3Aeu", "repo:octo-cat/ocelot:environment:staging"]
        );
    }

    /// The keys validation counts on to carry the scope are those whose value holds it.
    #[test]
    fn the_scope_keys_are_the_keys_that_carry_the_scope() {
        let keys = [
            "repo",
            "context",
            "ref",
            "ref_type",
            "environment",
            "repository",
            "repository_owner",
            "repository_id",
            "repository_owner_id",
            "job_workflow_ref",
            "workflow_ref",
            "actor",
            "event_name",
            "sha",
        ];
        for (scope, param, listed) in
            [("branch:main", BRANCH, &BRANCH_KEYS[..]), ("environment:prod", ENVIRONMENT, &ENVIRONMENT_KEYS[..])]
        {
            let mut input = SetupInput::for_fork("octo-cat/ocelot");
            input.scope = ScopeInput::parse(scope).unwrap();
            let setup = Setup::from_input(&input).unwrap();
            for key in keys {
                let carries = value(key, &setup, RepoForm::Name, RefKind::Branch).contains(&Param(param));
                assert_eq!(carries, listed.contains(&key), "{scope}: {key}");
            }
        }
    }
}
