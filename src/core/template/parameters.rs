//! The `Parameters`, `Rules` and `Conditions` sections: the person's values as parameter
//! defaults (tailored), or every choice a parameter (generic). Computed once per render.

use serde::Serialize;

use super::cfn::{Expr, Map};
use super::{Plan, ScopePlan, Switch};
use crate::core::setup::declare::Shape;
use crate::core::setup::session::SessionDuration;
use crate::core::setup::values::GitHubIds;
use crate::core::setup::{
    Choice, CleanupPermission, Field, LayerSharing, ProviderChoice, ScopeKind, SecretPreset, Setup, TrustScope,
};
use names::*;

/// Parameter and condition names: the parameter names are the keys a quick-create link sets
/// as `param_<name>`.
pub mod names {
    use crate::core::setup::Field;

    /// The name of the `index`th parameter `field` declares.
    const fn declared(field: Field, index: usize) -> &'static str {
        field.spec().parameters[index].name
    }

    /// The fork's owner.
    pub const OWNER: &str = declared(Field::Fork, 0);
    /// The fork's repository name.
    pub const REPO: &str = declared(Field::Fork, 1);
    /// GitHub's owner id (or empty, in the generic template).
    pub const OWNER_ID: &str = declared(Field::OwnerId, 0);
    /// GitHub's repository id (or empty, in the generic template).
    pub const REPO_ID: &str = declared(Field::RepoId, 0);
    /// The one trusted branch (tailored, branch scope).
    pub const BRANCH: &str = declared(Field::Scope, 0);
    /// The one trusted environment (tailored, environment scope).
    pub const ENVIRONMENT: &str = declared(Field::Scope, 1);
    /// `any-ref`, `branch` or `environment` (generic).
    pub const SCOPE: &str = declared(Field::Scope, 2);
    /// The branch, or the environment as written in the subject (generic).
    pub const SCOPE_NAME: &str = declared(Field::Scope, 3);
    /// The role name.
    pub const ROLE: &str = declared(Field::RoleName, 0);
    /// The table name.
    pub const TABLE: &str = declared(Field::Table, 0);
    /// The layer-name prefix.
    pub const PREFIX: &str = declared(Field::LayerPrefix, 0);
    /// The session duration in seconds.
    pub const SESSION: &str = declared(Field::MaxSession, 0);
    /// `create` or `reuse` (generic).
    pub const PROVIDER: &str = declared(Field::Provider, 0);
    /// `allow` or `deny` (generic).
    pub const PUBLIC: &str = declared(Field::PublicLayers, 0);
    /// `allow` or `deny` (generic).
    pub const CLEANUP: &str = declared(Field::Cleanup, 0);

    /// Creates the provider (generic).
    pub const C_CREATE_PROVIDER: &str = "CreateOidcProvider";
    /// Both ids are given (generic).
    pub const C_HAS_IDS: &str = "HasGitHubIds";
    /// Layers may be made public (generic).
    pub const C_PUBLIC: &str = "AllowPublicLayers";
    /// Cleanup is allowed (generic).
    pub const C_CLEANUP: &str = "AllowCleanup";
    /// Any ref is trusted (generic).
    pub const C_ANY_REF: &str = "TrustAnyRef";
    /// One branch is trusted (generic).
    pub const C_BRANCH: &str = "TrustBranch";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Parameter {
    #[serde(rename = "Type")]
    kind: &'static str,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed_pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed_values: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_value: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_value: Option<u32>,
    constraint_description: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Rule {
    rule_condition: Expr,
    assertions: Vec<Assertion>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Assertion {
    assert: Expr,
    assert_description: &'static str,
}

/// The generic template's `TrustScope` value for any ref; the others are [`ScopeKind`]'s.
const ANY_REF: &str = "any-ref";
/// The generic template's value that grants a permission.
const ALLOW: &str = "allow";
/// The generic template's value that withholds a permission.
const DENY: &str = "deny";

/// The generic template's `TrustScope` value of `kind`.
fn scope_value(kind: ScopeKind) -> &'static str {
    match kind {
        ScopeKind::Any => ANY_REF,
        kind => kind.as_str(),
    }
}

fn grant_value(allowed: bool) -> &'static str {
    if allowed {
        ALLOW
    } else {
        DENY
    }
}

/// An owner or a repository id: a positive number.
const ID: &str = "[1-9][0-9]{0,19}";
/// git's ref-name rules: no control characters, spaces, `~ ^ : ? * [ \`.
const BRANCH: &str = r"[^\x00-\x20~^:?*\[\\\x7f]+";
/// Environment names as they appear in the subject, `:` already written `%3A`.
const ENVIRONMENT: &str = "[A-Za-z0-9._/%-]([A-Za-z0-9 ._/%-]*[A-Za-z0-9._/%-])?";

fn text_parameter(
    description: impl Into<String>,
    pattern: String,
    max_length: u32,
    constraint: impl Into<String>,
    default: Option<&str>,
) -> Parameter {
    Parameter {
        kind: "String",
        description: description.into(),
        default: default.map(Expr::str),
        allowed_pattern: Some(pattern),
        allowed_values: None,
        max_length: Some(max_length),
        min_value: None,
        max_value: None,
        constraint_description: constraint.into(),
    }
}

/// A parameter that takes one of `values`, the first by default.
fn choice_parameter(description: &'static str, values: Vec<&'static str>) -> Parameter {
    let (last, rest) = values.split_last().expect("a choice has values");
    Parameter {
        kind: "String",
        description: description.to_string(),
        default: Some(Expr::str(values[0])),
        allowed_pattern: None,
        constraint_description: format!("{} or {last}.", rest.join(", ")),
        allowed_values: Some(values),
        max_length: None,
        min_value: None,
        max_value: None,
    }
}

/// The description `field` declares for its parameter `name`.
fn described(field: Field, name: &str) -> &'static str {
    field.parameters().iter().find(|p| p.name == name).map(|p| p.description).expect("a declared parameter")
}

/// The template's parameters, in the order the fields are declared.
pub(super) fn parameters(plan: &Plan) -> Map<&'static str, Parameter> {
    let mut p = Map::new();
    for &field in Field::ALL {
        match field {
            Field::OwnerId => id_parameter(plan, &mut p, field, OWNER_ID, |ids| ids.owner_id),
            Field::RepoId => id_parameter(plan, &mut p, field, REPO_ID, |ids| ids.repo_id),
            Field::Scope => scope_parameters(plan, &mut p),
            Field::MaxSession => {
                p.insert(SESSION, session_parameter(plan));
            }
            Field::Provider | Field::PublicLayers | Field::Cleanup if plan.setup.is_none() => {
                p.insert(field.parameters()[0].name, switch_parameter(field));
            }
            field => declared_parameters(plan, &mut p, field),
        }
    }
    p
}

/// The parameters whose form `field` declares in full ([`Shape::Text`]).
fn declared_parameters(plan: &Plan, p: &mut Map<&'static str, Parameter>, field: Field) {
    for declared in field.parameters() {
        let Shape::Text { pattern, max_length, constraint, value } = declared.shape else { continue };
        let default = match plan.setup {
            Some(setup) => Some(value(setup)),
            None => field.default_text(SecretPreset::default()).map(str::to_string),
        };
        p.insert(
            declared.name,
            text_parameter(declared.description, pattern(), max_length, constraint(), default.as_deref()),
        );
    }
}

/// An id parameter: the known id baked in, or left open (empty when unknown) in the generic
/// template; none when the ids are not known.
fn id_parameter(
    plan: &Plan,
    p: &mut Map<&'static str, Parameter>,
    field: Field,
    name: &'static str,
    id: fn(GitHubIds) -> u64,
) {
    let description = described(field, name);
    let parameter = match plan.has_ids {
        Switch::Baked(false) => return,
        Switch::Baked(true) => {
            let ids = plan.setup.and_then(|s| s.ids).expect("ids are baked in only when known");
            let id = id(ids).to_string();
            text_parameter(description, format!("^{ID}$"), 20, "A positive number.", Some(&id))
        }
        Switch::Condition(_) => text_parameter(
            format!("{}; empty if unknown.", description.trim_end_matches('.')),
            format!("^({ID})?$"),
            20,
            "A positive number, or empty.",
            Some(""),
        ),
    };
    p.insert(name, parameter);
}

/// The scope's parameters: the one branch or environment baked in, or the scope and its name
/// left open (generic).
fn scope_parameters(plan: &Plan, p: &mut Map<&'static str, Parameter>) {
    let described = |name| described(Field::Scope, name);
    match plan.scope {
        ScopePlan::Baked(TrustScope::AnyRef) => {}
        ScopePlan::Baked(TrustScope::Branch(branch)) => {
            let pattern = format!("^{BRANCH}$");
            let branch = Some(branch.as_str());
            p.insert(
                names::BRANCH,
                text_parameter(described(names::BRANCH), pattern, 255, "A git branch name.", branch),
            );
        }
        ScopePlan::Baked(TrustScope::Environment(env)) => {
            let constraint = "A GitHub environment name, ':' written %3A.";
            let env = Some(env.in_subject());
            let pattern = format!("^{ENVIRONMENT}$");
            let parameter = text_parameter(described(names::ENVIRONMENT), pattern, 255, constraint, env.as_deref());
            p.insert(names::ENVIRONMENT, parameter);
        }
        ScopePlan::Parameter => {
            let values = ScopeKind::ALL.iter().map(|k| scope_value(*k)).collect();
            p.insert(SCOPE, choice_parameter(described(SCOPE), values));
            let pattern = format!("^({BRANCH}|{ENVIRONMENT})?$");
            let constraint = "A branch or environment name without wildcards.";
            p.insert(SCOPE_NAME, text_parameter(described(SCOPE_NAME), pattern, 255, constraint, Some("")));
        }
    }
}

/// The session length: the setup's, or the default.
fn session_parameter(plan: &Plan) -> Parameter {
    Parameter {
        kind: "Number",
        description: described(Field::MaxSession, SESSION).to_string(),
        default: Some(Expr::Int(i64::from(plan.setup.map(|s| s.max_session).unwrap_or_default().seconds()))),
        allowed_pattern: None,
        allowed_values: None,
        max_length: None,
        min_value: Some(SessionDuration::MIN),
        max_value: Some(SessionDuration::MAX),
        constraint_description: format!(
            "From {} (1 hour) to {} (12 hours).",
            SessionDuration::MIN,
            SessionDuration::MAX
        ),
    }
}

/// The generic template's parameter for one of the switches: the provider, or a permission
/// (allow or deny), its default first.
fn switch_parameter(field: Field) -> Parameter {
    let grant_default_first = |on_by_default: bool| vec![grant_value(on_by_default), grant_value(!on_by_default)];
    let values = match field {
        Field::PublicLayers => grant_default_first(LayerSharing::default() == LayerSharing::Public),
        Field::Cleanup => grant_default_first(CleanupPermission::default() == CleanupPermission::Allowed),
        _ => ProviderChoice::ALL.iter().map(|c| c.as_str()).collect(),
    };
    choice_parameter(field.parameters()[0].description, values)
}

/// The generic template's parameter values that reproduce `setup`: what a quick-create link
/// sets.
pub fn generic_values(setup: &Setup) -> Vec<(&'static str, String)> {
    let scope_name = match &setup.scope {
        TrustScope::Environment(env) => env.in_subject(),
        scope => scope.name().to_string(),
    };
    vec![
        (OWNER, setup.fork.owner.to_string()),
        (REPO, setup.fork.repo.to_string()),
        (OWNER_ID, setup.ids.map(|i| i.owner_id.to_string()).unwrap_or_default()),
        (REPO_ID, setup.ids.map(|i| i.repo_id.to_string()).unwrap_or_default()),
        (SCOPE, scope_value(setup.scope.kind()).to_string()),
        (SCOPE_NAME, scope_name),
        (ROLE, setup.role_name.to_string()),
        (TABLE, setup.table.to_string()),
        (PREFIX, setup.layer_prefix.to_string()),
        (SESSION, setup.max_session.seconds().to_string()),
        (PROVIDER, setup.provider.as_str().to_string()),
        (PUBLIC, grant_value(setup.permissions.sharing == LayerSharing::Public).to_string()),
        (CLEANUP, grant_value(setup.permissions.cleanup == CleanupPermission::Allowed).to_string()),
    ]
}

/// The generic template's rules: a scope that needs a name has one; ids come in pairs.
pub(super) fn rules(plan: &Plan) -> Map<&'static str, Rule> {
    let mut rules = Map::new();
    if let ScopePlan::Parameter = plan.scope {
        let empty = |name: &str| Expr::Equals(Box::new(Expr::reference(name)), Box::new(Expr::str("")));
        rules.insert(
            "ScopeNeedsName",
            Rule {
                rule_condition: Expr::Not(Box::new(Expr::Equals(
                    Box::new(Expr::reference(SCOPE)),
                    Box::new(Expr::str(ANY_REF)),
                ))),
                assertions: vec![Assertion {
                    assert: Expr::Not(Box::new(empty(SCOPE_NAME))),
                    assert_description:
                        "TrustScopeName names the branch or environment when TrustScope is branch or environment.",
                }],
            },
        );
        rules.insert(
            "IdsComeInPairs",
            Rule {
                rule_condition: Expr::Not(Box::new(empty(OWNER_ID))),
                assertions: vec![Assertion {
                    assert: Expr::Not(Box::new(empty(REPO_ID))),
                    assert_description: "GitHubRepoId is needed with GitHubOwnerId (immutable subjects use both).",
                }],
            },
        );
    }
    rules
}

/// The generic template's conditions, one per choice its parameters leave open.
pub(super) fn conditions(plan: &Plan) -> Map<&'static str, Expr> {
    let equals = |param: &str, value: &str| Expr::Equals(Box::new(Expr::reference(param)), Box::new(Expr::str(value)));
    let mut c = Map::new();
    if plan.setup.is_none() {
        c.insert(C_CREATE_PROVIDER, equals(PROVIDER, ProviderChoice::Create.as_str()));
        c.insert(
            C_HAS_IDS,
            Expr::And(vec![Expr::Not(Box::new(equals(OWNER_ID, ""))), Expr::Not(Box::new(equals(REPO_ID, "")))]),
        );
        c.insert(C_PUBLIC, equals(PUBLIC, ALLOW));
        c.insert(C_CLEANUP, equals(CLEANUP, ALLOW));
        c.insert(C_ANY_REF, equals(SCOPE, ANY_REF));
        c.insert(C_BRANCH, equals(SCOPE, ScopeKind::Branch.as_str()));
    }
    c
}
