//! The `Parameters`, `Rules` and `Conditions` sections: the person's values as parameter
//! defaults (tailored), or every choice a parameter (generic). Computed once per render.

use serde::Serialize;

use super::cfn::{Expr, Map};
use super::{Plan, ScopePlan, Switch};
use crate::core::setup::values::{session_seconds, SessionDuration};
use crate::core::setup::{
    defaults, Choice, CleanupPermission, LayerSharing, ProviderChoice, ScopeKind, SecretPreset, Setup, TrustScope,
};
use names::*;

/// Parameter and condition names: the parameter names are the keys a quick-create link sets
/// as `param_<name>`.
pub mod names {
    /// The fork's owner.
    pub const OWNER: &str = "GitHubOwner";
    /// The fork's repository name.
    pub const REPO: &str = "GitHubRepo";
    /// GitHub's owner id (or empty, in the generic template).
    pub const OWNER_ID: &str = "GitHubOwnerId";
    /// GitHub's repository id (or empty, in the generic template).
    pub const REPO_ID: &str = "GitHubRepoId";
    /// The one trusted branch (tailored, branch scope).
    pub const BRANCH: &str = "TrustedBranch";
    /// The one trusted environment (tailored, environment scope).
    pub const ENVIRONMENT: &str = "TrustedEnvironment";
    /// `any-ref`, `branch` or `environment` (generic).
    pub const SCOPE: &str = "TrustScope";
    /// The branch, or the environment as written in the subject (generic).
    pub const SCOPE_NAME: &str = "TrustScopeName";
    /// The role name.
    pub const ROLE: &str = "RoleName";
    /// The table name.
    pub const TABLE: &str = "TableName";
    /// The layer-name prefix.
    pub const PREFIX: &str = "LayerPrefix";
    /// The session duration in seconds.
    pub const SESSION: &str = "MaxSessionDuration";
    /// `create` or `reuse` (generic).
    pub const PROVIDER: &str = "OidcProvider";
    /// `allow` or `deny` (generic).
    pub const PUBLIC: &str = "PublicLayers";
    /// `allow` or `deny` (generic).
    pub const CLEANUP: &str = "Cleanup";

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
    description: &'static str,
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
    description: &'static str,
    pattern: String,
    max_length: u32,
    constraint: &'static str,
    default: Option<&str>,
) -> Parameter {
    Parameter {
        kind: "String",
        description,
        default: default.map(Expr::str),
        allowed_pattern: Some(pattern),
        allowed_values: None,
        max_length: Some(max_length),
        min_value: None,
        max_value: None,
        constraint_description: constraint.to_string(),
    }
}

/// A parameter that takes one of `values`, the first by default.
fn choice_parameter(description: &'static str, values: Vec<&'static str>) -> Parameter {
    let (last, rest) = values.split_last().expect("a choice has values");
    Parameter {
        kind: "String",
        description,
        default: Some(Expr::str(values[0])),
        allowed_pattern: None,
        constraint_description: format!("{} or {last}.", rest.join(", ")),
        allowed_values: Some(values),
        max_length: None,
        min_value: None,
        max_value: None,
    }
}

/// The template's parameters, in order.
pub(super) fn parameters(plan: &Plan) -> Map<&'static str, Parameter> {
    let s = plan.setup;
    let mut p = Map::new();
    let owner = s.map(|s| s.fork.owner.to_string());
    let repo = s.map(|s| s.fork.repo.to_string());
    p.insert(
        OWNER,
        text_parameter(
            "GitHub user or organization that owns the fork.",
            "^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$".to_string(),
            39,
            "1-39 letters, digits and single hyphens, no hyphen at either end (no wildcards).",
            owner.as_deref(),
        ),
    );
    p.insert(
        REPO,
        text_parameter(
            "Name of the fork's repository.",
            "^[A-Za-z0-9._-]+$".to_string(),
            100,
            "1-100 letters, digits, '.', '_' and '-' (no wildcards).",
            repo.as_deref(),
        ),
    );
    match plan.has_ids {
        Switch::Baked(false) => {}
        Switch::Baked(true) => {
            let ids = s.and_then(|s| s.ids).expect("ids are baked in only when known");
            let (owner_id, repo_id) = (ids.owner_id.to_string(), ids.repo_id.to_string());
            p.insert(
                OWNER_ID,
                text_parameter(
                    "GitHub's numeric id of the owner (owner.id), for immutable OIDC subjects.",
                    format!("^{ID}$"),
                    20,
                    "A positive number.",
                    Some(&owner_id),
                ),
            );
            p.insert(
                REPO_ID,
                text_parameter(
                    "GitHub's numeric id of the fork (id), for immutable OIDC subjects.",
                    format!("^{ID}$"),
                    20,
                    "A positive number.",
                    Some(&repo_id),
                ),
            );
        }
        Switch::Condition(_) => {
            p.insert(
                OWNER_ID,
                text_parameter(
                    "GitHub's numeric id of the owner (owner.id), for immutable OIDC subjects; empty if unknown.",
                    format!("^({ID})?$"),
                    20,
                    "A positive number, or empty.",
                    Some(""),
                ),
            );
            p.insert(
                REPO_ID,
                text_parameter(
                    "GitHub's numeric id of the fork (id), for immutable OIDC subjects; empty if unknown.",
                    format!("^({ID})?$"),
                    20,
                    "A positive number, or empty.",
                    Some(""),
                ),
            );
        }
    }
    match plan.scope {
        ScopePlan::Baked(TrustScope::AnyRef) => {}
        ScopePlan::Baked(TrustScope::Branch(branch)) => {
            p.insert(
                names::BRANCH,
                text_parameter(
                    "The only branch whose workflow runs may assume the role.",
                    format!("^{BRANCH}$"),
                    255,
                    "A git branch name.",
                    Some(branch.as_str()),
                ),
            );
        }
        ScopePlan::Baked(TrustScope::Environment(env)) => {
            p.insert(
                names::ENVIRONMENT,
                text_parameter(
                    "The only deployment environment whose jobs may assume the role, as in the OIDC subject (':' written %3A).",
                    format!("^{ENVIRONMENT}$"),
                    255,
                    "A GitHub environment name, ':' written %3A.",
                    Some(&env.in_subject()),
                ),
            );
        }
        ScopePlan::Parameter => {
            p.insert(
                SCOPE,
                choice_parameter(
                    "Which runs may assume the role: any branch or tag (any-ref), one branch, or one environment.",
                    ScopeKind::ALL.iter().map(|k| scope_value(*k)).collect(),
                ),
            );
            p.insert(
                SCOPE_NAME,
                text_parameter(
                    "The branch, or the environment (':' written %3A); empty for any-ref.",
                    format!("^({BRANCH}|{ENVIRONMENT})?$"),
                    255,
                    "A branch or environment name without wildcards.",
                    Some(""),
                ),
            );
        }
    }
    let role = s.map_or(defaults::ROLE_NAME, |s| s.role_name.as_str());
    let table = s.map_or(SecretPreset::default().table(), |s| s.table.as_str());
    let prefix = s.map_or(defaults::LAYER_PREFIX, |s| s.layer_prefix.as_str());
    p.insert(
        ROLE,
        text_parameter(
            "Name of the IAM role GitHub Actions assumes.",
            "^[A-Za-z0-9+=,.@_-]+$".to_string(),
            64,
            "1-64 letters, digits and + = , . @ _ -",
            Some(role),
        ),
    );
    p.insert(
        TABLE,
        text_parameter(
            "Name of the DynamoDB layer-metadata table.",
            "^[A-Za-z0-9_.-]{3,255}$".to_string(),
            255,
            "3-255 letters, digits, '_', '.' and '-'.",
            Some(table),
        ),
    );
    p.insert(
        PREFIX,
        text_parameter(
            "Prefix of the Lambda layer names (<prefix>-<arch>-<distribution>-...); the role may only touch layers named so.",
            "^[A-Za-z0-9_-]*[A-Za-z0-9_]$".to_string(),
            64,
            "Letters, digits, '_' and '-', not ending in '-'.",
            Some(prefix),
        ),
    );
    p.insert(
        SESSION,
        Parameter {
            kind: "Number",
            description: concat!(
                "Longest session, in seconds, the role grants (",
                session_seconds!(min),
                "-",
                session_seconds!(max),
                ")."
            ),
            default: Some(Expr::Int(i64::from(s.map(|s| s.max_session).unwrap_or_default().seconds()))),
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
        },
    );
    if s.is_none() {
        p.insert(
            PROVIDER,
            choice_parameter(
                "create: make the account's GitHub OIDC provider. reuse: the account has one already (only one may exist).",
                ProviderChoice::ALL.iter().map(|c| c.as_str()).collect(),
            ),
        );
        let grant_default_first = |on_by_default: bool| vec![grant_value(on_by_default), grant_value(!on_by_default)];
        p.insert(
            PUBLIC,
            choice_parameter(
                "allow: the role may make its layers public (ocelot's make-public input).",
                grant_default_first(LayerSharing::default() == LayerSharing::Public),
            ),
        );
        p.insert(
            CLEANUP,
            choice_parameter(
                "allow: the role may delete layer versions and their records, as reaper.py does.",
                grant_default_first(CleanupPermission::default() == CleanupPermission::Allowed),
            ),
        );
    }
    p
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
