//! The CloudFormation template: tailored to one setup (every choice baked in, the
//! person's values as parameter defaults), or generic (every choice a parameter, for
//! hosting behind quick-create links). Both come from one builder, so they hold the same
//! resources.

use serde::Serialize;

use crate::core::cfn::{self, Conditional, Expr, Map};
use crate::core::names::SessionDuration;
use crate::core::setup::{
    CleanupPermission, LayerSharing, ProviderChoice, Setup, TrustScope, DEFAULT_LAYER_PREFIX, DEFAULT_ROLE_NAME,
};
use crate::core::shell;

/// The OIDC issuer of GitHub Actions.
pub const GITHUB_OIDC_URL: &str = "https://token.actions.githubusercontent.com";
/// The audience GitHub's tokens carry for AWS.
pub const AUDIENCE: &str = "sts.amazonaws.com";
/// GitHub's published certificate thumbprints; AWS no longer checks them for GitHub, but
/// some CloudFormation paths still require a list.
pub const THUMBPRINTS: [&str; 2] =
    ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"];
/// The name of the generator, with its version, as templates state it.
pub const GENERATOR: &str = concat!("ocelot-setup ", env!("CARGO_PKG_VERSION"));

/// Logical ids of the template's resources.
pub mod ids {
    /// The GitHub OIDC provider.
    pub const PROVIDER: &str = "GitHubOidcProvider";
    /// The role GitHub Actions assumes.
    pub const ROLE: &str = "LayerPublisherRole";
    /// The layer-metadata table.
    pub const TABLE: &str = "LayerMetadataTable";
    /// The output holding the role ARN.
    pub const OUTPUT_ROLE_ARN: &str = "PublisherRoleArn";
    /// The output holding the table name.
    pub const OUTPUT_TABLE_NAME: &str = "LayerTableName";
    /// The output holding the provider ARN.
    pub const OUTPUT_PROVIDER_ARN: &str = "OidcProviderArn";
}

/// A whole CloudFormation template.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Template {
    #[serde(rename = "AWSTemplateFormatVersion")]
    format_version: &'static str,
    description: String,
    metadata: Map<String, Expr>,
    parameters: Map<&'static str, Parameter>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    rules: Map<&'static str, Rule>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    conditions: Map<&'static str, Expr>,
    resources: Map<&'static str, Resource>,
    outputs: Map<&'static str, Output>,
    #[serde(skip)]
    header: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Parameter {
    #[serde(rename = "Type")]
    kind: &'static str,
    description: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed_pattern: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed_values: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_value: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_value: Option<u32>,
    constraint_description: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Rule {
    rule_condition: Expr,
    assertions: Vec<Assertion>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Assertion {
    assert: Expr,
    assert_description: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Resource {
    #[serde(rename = "Type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deletion_policy: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    update_replace_policy: Option<&'static str>,
    properties: Properties,
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
enum Properties {
    Provider(ProviderProperties),
    Role(Box<RoleProperties>),
    Table(Box<TableProperties>),
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct ProviderProperties {
    url: &'static str,
    client_id_list: Vec<&'static str>,
    thumbprint_list: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct RoleProperties {
    role_name: Expr,
    description: Expr,
    max_session_duration: Expr,
    assume_role_policy_document: PolicyDocument,
    policies: Vec<InlinePolicy>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct InlinePolicy {
    policy_name: &'static str,
    policy_document: PolicyDocument,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct PolicyDocument {
    version: &'static str,
    statement: Vec<Conditional<Statement>>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Statement {
    sid: &'static str,
    effect: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    principal: Option<Expr>,
    action: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<Vec<Expr>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<Expr>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct TableProperties {
    table_name: Expr,
    billing_mode: &'static str,
    attribute_definitions: Vec<AttributeDefinition>,
    key_schema: Vec<KeyElement>,
    global_secondary_indexes: Vec<SecondaryIndex>,
    point_in_time_recovery_specification: PointInTimeRecovery,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct AttributeDefinition {
    attribute_name: &'static str,
    attribute_type: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct KeyElement {
    attribute_name: &'static str,
    key_type: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct SecondaryIndex {
    index_name: &'static str,
    key_schema: Vec<KeyElement>,
    projection: Projection,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Projection {
    projection_type: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct PointInTimeRecovery {
    point_in_time_recovery_enabled: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output {
    description: String,
    value: Expr,
}

/// A choice that is either fixed in the template or left to a parameter, through the
/// named condition.
#[derive(Debug, Clone, Copy)]
enum Choice {
    Baked(bool),
    Condition(&'static str),
}

impl Choice {
    /// `then` when the choice holds, `otherwise` when not, `Fn::If` when a parameter decides.
    fn pick(self, then: Expr, otherwise: Expr) -> Expr {
        match self {
            Choice::Baked(true) => then,
            Choice::Baked(false) => otherwise,
            Choice::Condition(c) => Expr::when(c, then, otherwise),
        }
    }

    /// `item` when the choice holds, nothing when not, a conditional item when a parameter decides.
    fn include<T>(self, item: T) -> Option<Conditional<T>> {
        match self {
            Choice::Baked(true) => Some(Conditional::Always(item)),
            Choice::Baked(false) => None,
            Choice::Condition(c) => Some(Conditional::When(c.to_string(), item)),
        }
    }
}

/// How the trust scope reaches the template.
enum ScopePlan<'a> {
    Baked(&'a TrustScope),
    Parameter,
}

/// Every choice of the builder: baked from a setup, or parameters.
struct Plan<'a> {
    setup: Option<&'a Setup>,
    create_provider: Choice,
    has_ids: Choice,
    public_layers: Choice,
    cleanup: Choice,
    scope: ScopePlan<'a>,
}

const P_OWNER: &str = "GitHubOwner";
const P_REPO: &str = "GitHubRepo";
const P_OWNER_ID: &str = "GitHubOwnerId";
const P_REPO_ID: &str = "GitHubRepoId";
const P_BRANCH: &str = "TrustedBranch";
const P_ENVIRONMENT: &str = "TrustedEnvironment";
const P_SCOPE: &str = "TrustScope";
const P_SCOPE_NAME: &str = "TrustScopeName";
const P_ROLE: &str = "RoleName";
const P_TABLE: &str = "TableName";
const P_PREFIX: &str = "LayerPrefix";
const P_SESSION: &str = "MaxSessionDuration";
const P_PROVIDER: &str = "OidcProvider";
const P_PUBLIC: &str = "PublicLayers";
const P_CLEANUP: &str = "Cleanup";

const C_CREATE_PROVIDER: &str = "CreateOidcProvider";
const C_HAS_IDS: &str = "HasGitHubIds";
const C_PUBLIC: &str = "AllowPublicLayers";
const C_CLEANUP: &str = "AllowCleanup";
const C_ANY_REF: &str = "TrustAnyRef";
const C_BRANCH: &str = "TrustBranch";

/// The parameter names of the generic template, in order: the keys a quick-create link
/// sets as `param_<name>`.
pub mod generic_parameters {
    /// The fork's owner.
    pub const OWNER: &str = super::P_OWNER;
    /// The fork's repository name.
    pub const REPO: &str = super::P_REPO;
    /// GitHub's owner id, or empty.
    pub const OWNER_ID: &str = super::P_OWNER_ID;
    /// GitHub's repository id, or empty.
    pub const REPO_ID: &str = super::P_REPO_ID;
    /// `any-ref`, `branch` or `environment`.
    pub const SCOPE: &str = super::P_SCOPE;
    /// The branch, or the environment as written in the subject.
    pub const SCOPE_NAME: &str = super::P_SCOPE_NAME;
    /// The role name.
    pub const ROLE: &str = super::P_ROLE;
    /// The table name.
    pub const TABLE: &str = super::P_TABLE;
    /// The layer-name prefix.
    pub const PREFIX: &str = super::P_PREFIX;
    /// The session duration in seconds.
    pub const SESSION: &str = super::P_SESSION;
    /// `create` or `reuse`.
    pub const PROVIDER: &str = super::P_PROVIDER;
    /// `allow` or `deny`.
    pub const PUBLIC: &str = super::P_PUBLIC;
    /// `allow` or `deny`.
    pub const CLEANUP: &str = super::P_CLEANUP;
}

impl Template {
    /// The template tailored to `setup`: deploys with no parameter overrides.
    pub fn tailored(setup: &Setup) -> Template {
        let plan = Plan {
            setup: Some(setup),
            create_provider: Choice::Baked(setup.provider == ProviderChoice::Create),
            has_ids: Choice::Baked(setup.ids.is_some()),
            public_layers: Choice::Baked(setup.permissions.sharing == LayerSharing::Public),
            cleanup: Choice::Baked(setup.permissions.cleanup == CleanupPermission::Allowed),
            scope: ScopePlan::Baked(&setup.scope),
        };
        build(&plan)
    }

    /// The generic template to host for quick-create links: same resources, every choice
    /// a parameter, no person's values.
    pub fn generic() -> Template {
        let plan = Plan {
            setup: None,
            create_provider: Choice::Condition(C_CREATE_PROVIDER),
            has_ids: Choice::Condition(C_HAS_IDS),
            public_layers: Choice::Condition(C_PUBLIC),
            cleanup: Choice::Condition(C_CLEANUP),
            scope: ScopePlan::Parameter,
        };
        build(&plan)
    }

    /// The template as YAML, after a comment header saying what generated it.
    pub fn to_yaml(&self) -> String {
        let mut text: String = self.header.iter().map(|line| format!("# {line}\n")).collect();
        text.push_str(&cfn::to_yaml(self));
        text
    }

    /// The statements of the role's permission policy that always apply: all of them in a
    /// tailored template (the generic one makes some conditional, and leaves those out).
    pub fn grants(&self) -> Vec<Grant> {
        let Some(Resource { properties: Properties::Role(role), .. }) = self.resources.get(ids::ROLE) else {
            return Vec::new();
        };
        let statements = role.policies.iter().flat_map(|p| &p.policy_document.statement);
        statements
            .filter_map(|s| match s {
                Conditional::Always(s) => Some(Grant {
                    sid: s.sid,
                    actions: s.action.clone(),
                    resources: s.resource.clone().unwrap_or_default(),
                }),
                Conditional::When(..) => None,
            })
            .collect()
    }

    /// The template as JSON (the header is in `Metadata`, JSON having no comments).
    pub fn to_json(&self) -> String {
        let mut text = cfn::to_json(self);
        text.push('\n');
        text
    }
}

/// One statement of the role's permission policy, as the template writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The statement id.
    pub sid: &'static str,
    /// The actions it allows, e.g. `lambda:PublishLayerVersion`.
    pub actions: Vec<&'static str>,
    /// The resources it allows them on (`Fn::Sub` patterns, `Fn::GetAtt` of the table, `*`).
    pub resources: Vec<Expr>,
}

fn text_parameter(
    description: &'static str,
    pattern: &'static str,
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
        constraint_description: constraint,
    }
}

fn choice_parameter(description: &'static str, values: [&'static str; 2], constraint: &'static str) -> Parameter {
    Parameter {
        kind: "String",
        description,
        default: Some(Expr::str(values[0])),
        allowed_pattern: None,
        allowed_values: Some(values.to_vec()),
        max_length: None,
        min_value: None,
        max_value: None,
        constraint_description: constraint,
    }
}

fn parameters(plan: &Plan) -> Map<&'static str, Parameter> {
    let s = plan.setup;
    let mut p = Map::new();
    let owner = s.map(|s| s.fork.owner.to_string());
    let repo = s.map(|s| s.fork.repo.to_string());
    p.insert(
        P_OWNER,
        text_parameter(
            "GitHub user or organization that owns the fork.",
            "^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$",
            39,
            "1-39 letters, digits and single hyphens, no hyphen at either end (no wildcards).",
            owner.as_deref(),
        ),
    );
    p.insert(
        P_REPO,
        text_parameter(
            "Name of the fork's repository.",
            "^[A-Za-z0-9._-]+$",
            100,
            "1-100 letters, digits, '.', '_' and '-' (no wildcards).",
            repo.as_deref(),
        ),
    );
    match plan.has_ids {
        Choice::Baked(false) => {}
        Choice::Baked(true) => {
            let ids = s.and_then(|s| s.ids).expect("ids are baked in only when known");
            let (owner_id, repo_id) = (ids.owner_id.to_string(), ids.repo_id.to_string());
            p.insert(
                P_OWNER_ID,
                text_parameter(
                    "GitHub's numeric id of the owner (owner.id), for immutable OIDC subjects.",
                    "^[1-9][0-9]{0,19}$",
                    20,
                    "A positive number.",
                    Some(&owner_id),
                ),
            );
            p.insert(
                P_REPO_ID,
                text_parameter(
                    "GitHub's numeric id of the fork (id), for immutable OIDC subjects.",
                    "^[1-9][0-9]{0,19}$",
                    20,
                    "A positive number.",
                    Some(&repo_id),
                ),
            );
        }
        Choice::Condition(_) => {
            p.insert(
                P_OWNER_ID,
                text_parameter(
                    "GitHub's numeric id of the owner (owner.id), for immutable OIDC subjects; empty if unknown.",
                    "^([1-9][0-9]{0,19})?$",
                    20,
                    "A positive number, or empty.",
                    Some(""),
                ),
            );
            p.insert(
                P_REPO_ID,
                text_parameter(
                    "GitHub's numeric id of the fork (id), for immutable OIDC subjects; empty if unknown.",
                    "^([1-9][0-9]{0,19})?$",
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
                P_BRANCH,
                text_parameter(
                    "The only branch whose workflow runs may assume the role.",
                    BRANCH_PATTERN,
                    255,
                    "A git branch name.",
                    Some(branch.as_str()),
                ),
            );
        }
        ScopePlan::Baked(TrustScope::Environment(env)) => {
            p.insert(P_ENVIRONMENT, text_parameter("The only deployment environment whose jobs may assume the role, as in the OIDC subject (':' written %3A).", ENVIRONMENT_PATTERN, 255, "A GitHub environment name, ':' written %3A.", Some(&env.in_subject())));
        }
        ScopePlan::Parameter => {
            p.insert(
                P_SCOPE,
                Parameter {
                    allowed_values: Some(vec!["any-ref", "branch", "environment"]),
                    ..choice_parameter(
                        "Which runs may assume the role: any branch or tag (any-ref), one branch, or one environment.",
                        ["any-ref", "branch"],
                        "any-ref, branch or environment.",
                    )
                },
            );
            p.insert(
                P_SCOPE_NAME,
                text_parameter(
                    "The branch, or the environment (':' written %3A); empty for any-ref.",
                    "^([^\\x00-\\x20~^:?*\\[\\\\\\x7f]+|[A-Za-z0-9._/%-]([A-Za-z0-9 ._/%-]*[A-Za-z0-9._/%-])?)?$",
                    255,
                    "A branch or environment name without wildcards.",
                    Some(""),
                ),
            );
        }
    }
    let role = s.map(|s| s.role_name.to_string());
    let table = s.map(|s| s.table.to_string());
    let prefix = s.map(|s| s.layer_prefix.to_string());
    p.insert(
        P_ROLE,
        text_parameter(
            "Name of the IAM role GitHub Actions assumes.",
            "^[A-Za-z0-9+=,.@_-]+$",
            64,
            "1-64 letters, digits and + = , . @ _ -",
            Some(role.as_deref().unwrap_or(DEFAULT_ROLE_NAME)),
        ),
    );
    p.insert(
        P_TABLE,
        Parameter {
            default: table.map(Expr::Str),
            ..text_parameter(
                "Name of the DynamoDB layer-metadata table.",
                "^[A-Za-z0-9_.-]{3,255}$",
                255,
                "3-255 letters, digits, '_', '.' and '-'.",
                None,
            )
        },
    );
    if s.is_none() {
        p.get_mut(P_TABLE).expect("the table parameter is in").default =
            Some(Expr::str("PublishedCustomCollectorExtensionLayers"));
    }
    p.insert(P_PREFIX, text_parameter("Prefix of the Lambda layer names (<prefix>-<arch>-<distribution>-...); the role may only touch layers named so.", "^[A-Za-z0-9_-]*[A-Za-z0-9_]$", 64, "Letters, digits, '_' and '-', not ending in '-'.", Some(prefix.as_deref().unwrap_or(DEFAULT_LAYER_PREFIX))));
    p.insert(
        P_SESSION,
        Parameter {
            kind: "Number",
            description: "Longest session, in seconds, the role grants (3600-43200).",
            default: Some(Expr::Int(i64::from(s.map(|s| s.max_session).unwrap_or_default().seconds()))),
            allowed_pattern: None,
            allowed_values: None,
            max_length: None,
            min_value: Some(SessionDuration::MIN),
            max_value: Some(SessionDuration::MAX),
            constraint_description: "From 3600 (1 hour) to 43200 (12 hours).",
        },
    );
    if s.is_none() {
        p.insert(P_PROVIDER, choice_parameter("create: make the account's GitHub OIDC provider. reuse: the account has one already (only one may exist).", ["create", "reuse"], "create or reuse."));
        p.insert(
            P_PUBLIC,
            choice_parameter(
                "allow: the role may make its layers public (ocelot's make-public input).",
                ["allow", "deny"],
                "allow or deny.",
            ),
        );
        p.insert(
            P_CLEANUP,
            choice_parameter(
                "allow: the role may delete layer versions and their records, as reaper.py does.",
                ["deny", "allow"],
                "deny or allow.",
            ),
        );
    }
    p
}

/// git's ref-name rules: no control characters, spaces, `~ ^ : ? * [ \`.
const BRANCH_PATTERN: &str = "^[^\\x00-\\x20~^:?*\\[\\\\\\x7f]+$";
/// Environment names as they appear in the subject, `:` already written `%3A`.
const ENVIRONMENT_PATTERN: &str = "^[A-Za-z0-9._/%-]([A-Za-z0-9 ._/%-]*[A-Za-z0-9._/%-])?$";

fn rules(plan: &Plan) -> Map<&'static str, Rule> {
    let mut rules = Map::new();
    if let ScopePlan::Parameter = plan.scope {
        let empty = |name: &str| Expr::Equals(Box::new(Expr::reference(name)), Box::new(Expr::str("")));
        rules.insert(
            "ScopeNeedsName",
            Rule {
                rule_condition: Expr::Not(Box::new(Expr::Equals(
                    Box::new(Expr::reference(P_SCOPE)),
                    Box::new(Expr::str("any-ref")),
                ))),
                assertions: vec![Assertion {
                    assert: Expr::Not(Box::new(empty(P_SCOPE_NAME))),
                    assert_description:
                        "TrustScopeName names the branch or environment when TrustScope is branch or environment.",
                }],
            },
        );
        rules.insert(
            "IdsComeInPairs",
            Rule {
                rule_condition: Expr::Not(Box::new(empty(P_OWNER_ID))),
                assertions: vec![Assertion {
                    assert: Expr::Not(Box::new(empty(P_REPO_ID))),
                    assert_description: "GitHubRepoId is needed with GitHubOwnerId (immutable subjects use both).",
                }],
            },
        );
    }
    rules
}

fn conditions(plan: &Plan) -> Map<&'static str, Expr> {
    let equals = |param: &str, value: &str| Expr::Equals(Box::new(Expr::reference(param)), Box::new(Expr::str(value)));
    let mut c = Map::new();
    if plan.setup.is_none() {
        c.insert(C_CREATE_PROVIDER, equals(P_PROVIDER, "create"));
        c.insert(
            C_HAS_IDS,
            Expr::And(vec![Expr::Not(Box::new(equals(P_OWNER_ID, ""))), Expr::Not(Box::new(equals(P_REPO_ID, "")))]),
        );
        c.insert(C_PUBLIC, equals(P_PUBLIC, "allow"));
        c.insert(C_CLEANUP, equals(P_CLEANUP, "allow"));
        c.insert(C_ANY_REF, equals(P_SCOPE, "any-ref"));
        c.insert(C_BRANCH, equals(P_SCOPE, "branch"));
    }
    c
}

fn provider_arn(plan: &Plan) -> Expr {
    plan.create_provider.pick(
        Expr::reference(ids::PROVIDER),
        Expr::sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"),
    )
}

fn subject(repo: &str, suffix: &str) -> Expr {
    Expr::sub(format!("repo:{repo}:{suffix}"))
}

fn any_ref(repo: &str) -> Expr {
    subject(repo, "ref:*")
}

fn on_branch(param: &str) -> impl Fn(&str) -> Expr + '_ {
    move |repo| subject(repo, &format!("ref:refs/heads/${{{param}}}"))
}

fn in_environment(param: &str) -> impl Fn(&str) -> Expr + '_ {
    move |repo| subject(repo, &format!("environment:${{{param}}}"))
}

/// The `sub` values the role trusts, `by_scope` giving the subject for a `repo:` part:
/// the name form, and the immutable id form when the ids are known.
fn subjects(plan: &Plan, by_scope: impl Fn(&str) -> Expr) -> Expr {
    let by_name = by_scope(&format!("${{{P_OWNER}}}/${{{P_REPO}}}"));
    let by_id = by_scope(&format!("${{{P_OWNER}}}@${{{P_OWNER_ID}}}/${{{P_REPO}}}@${{{P_REPO_ID}}}"));
    let mut list = vec![by_name];
    list.extend(match plan.has_ids {
        Choice::Baked(true) => Some(by_id),
        Choice::Baked(false) => None,
        Choice::Condition(c) => Some(Expr::when(c, by_id, Expr::no_value())),
    });
    Expr::List(list)
}

/// `StringLike` for the any-ref pattern, `StringEquals` for one exact branch or environment.
fn trust_condition(plan: &Plan) -> Expr {
    const AUD: &str = "token.actions.githubusercontent.com:aud";
    const SUB: &str = "token.actions.githubusercontent.com:sub";
    let pattern = || {
        Expr::map([
            ("StringEquals", Expr::map([(AUD, Expr::str(AUDIENCE))])),
            ("StringLike", Expr::map([(SUB, subjects(plan, any_ref))])),
        ])
    };
    let exact =
        |subjects: Expr| Expr::map([("StringEquals", Expr::map([(AUD, Expr::str(AUDIENCE)), (SUB, subjects)]))]);
    match plan.scope {
        ScopePlan::Baked(TrustScope::AnyRef) => pattern(),
        ScopePlan::Baked(TrustScope::Branch(_)) => exact(subjects(plan, on_branch(P_BRANCH))),
        ScopePlan::Baked(TrustScope::Environment(_)) => exact(subjects(plan, in_environment(P_ENVIRONMENT))),
        ScopePlan::Parameter => Expr::when(
            C_ANY_REF,
            pattern(),
            exact(subjects(plan, |repo| {
                Expr::when(C_BRANCH, on_branch(P_SCOPE_NAME)(repo), in_environment(P_SCOPE_NAME)(repo))
            })),
        ),
    }
}

fn statement(sid: &'static str, action: &[&'static str], resource: Vec<Expr>) -> Statement {
    Statement {
        sid,
        effect: "Allow",
        principal: None,
        action: action.to_vec(),
        resource: Some(resource),
        condition: None,
    }
}

fn permissions(plan: &Plan) -> PolicyDocument {
    let layer = || Expr::sub(format!("arn:${{AWS::Partition}}:lambda:*:${{AWS::AccountId}}:layer:${{{P_PREFIX}}}-*"));
    let layer_version =
        || Expr::sub(format!("arn:${{AWS::Partition}}:lambda:*:${{AWS::AccountId}}:layer:${{{P_PREFIX}}}-*:*"));
    let table = || Expr::GetAtt(ids::TABLE.to_string(), "Arn".to_string());
    let indexes = || Expr::sub(format!("${{{}.Arn}}/index/*", ids::TABLE));
    let mut statements = vec![
        Some(Conditional::Always(statement(
            "PublishLayers",
            &["lambda:ListLayerVersions", "lambda:PublishLayerVersion"],
            vec![layer()],
        ))),
        Some(Conditional::Always(statement("ReadLayerVersions", &["lambda:GetLayerVersion"], vec![layer_version()]))),
        plan.public_layers.include(statement(
            "MakeLayersPublic",
            &["lambda:GetLayerVersionPolicy", "lambda:AddLayerVersionPermission"],
            vec![layer_version()],
        )),
        plan.cleanup.include(statement("ListAllLayers", &["lambda:ListLayers"], vec![Expr::str("*")])),
        plan.cleanup.include(statement("DeleteLayerVersions", &["lambda:DeleteLayerVersion"], vec![layer_version()])),
        Some(Conditional::Always(statement(
            "RecordLayerMetadata",
            &["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"],
            vec![table()],
        ))),
        Some(Conditional::Always(statement("QueryLayerMetadata", &["dynamodb:Query"], vec![indexes()]))),
        plan.cleanup.include(statement("DeleteLayerMetadata", &["dynamodb:DeleteItem"], vec![table()])),
    ];
    PolicyDocument { version: "2012-10-17", statement: statements.drain(..).flatten().collect() }
}

fn resources(plan: &Plan) -> Map<&'static str, Resource> {
    let mut r = Map::new();
    let provider = Resource {
        kind: "AWS::IAM::OIDCProvider",
        condition: None,
        deletion_policy: None,
        update_replace_policy: None,
        properties: Properties::Provider(ProviderProperties {
            url: GITHUB_OIDC_URL,
            client_id_list: vec![AUDIENCE],
            thumbprint_list: THUMBPRINTS.to_vec(),
        }),
    };
    match plan.create_provider {
        Choice::Baked(true) => {
            r.insert(ids::PROVIDER, provider);
        }
        Choice::Baked(false) => {}
        Choice::Condition(c) => {
            r.insert(ids::PROVIDER, Resource { condition: Some(c), ..provider });
        }
    }
    let trust = Statement {
        sid: "GitHubActionsInTheFork",
        effect: "Allow",
        principal: Some(Expr::map([("Federated", provider_arn(plan))])),
        action: vec!["sts:AssumeRoleWithWebIdentity"],
        resource: None,
        condition: Some(trust_condition(plan)),
    };
    r.insert(
        ids::ROLE,
        Resource {
            kind: "AWS::IAM::Role",
            condition: None,
            deletion_policy: None,
            update_replace_policy: None,
            properties: Properties::Role(Box::new(RoleProperties {
                role_name: Expr::reference(P_ROLE),
                description: Expr::sub(format!(
                    "Assumed by GitHub Actions in ${{{P_OWNER}}}/${{{P_REPO}}} to publish ocelot Lambda layers"
                )),
                max_session_duration: Expr::reference(P_SESSION),
                assume_role_policy_document: PolicyDocument {
                    version: "2012-10-17",
                    statement: vec![Conditional::Always(trust)],
                },
                policies: vec![InlinePolicy {
                    policy_name: "ocelot-layer-publishing",
                    policy_document: permissions(plan),
                }],
            })),
        },
    );
    let key = |attribute_name, key_type| KeyElement { attribute_name, key_type };
    let attribute = |attribute_name, attribute_type| AttributeDefinition { attribute_name, attribute_type };
    r.insert(
        ids::TABLE,
        Resource {
            kind: "AWS::DynamoDB::Table",
            condition: None,
            deletion_policy: Some("Retain"),
            update_replace_policy: Some("Retain"),
            properties: Properties::Table(Box::new(TableProperties {
                table_name: Expr::reference(P_TABLE),
                billing_mode: "PAY_PER_REQUEST",
                attribute_definitions: vec![
                    attribute("layer_arn", "S"),
                    attribute("distribution", "S"),
                    attribute("base_layer_arn", "S"),
                    attribute("version", "N"),
                ],
                key_schema: vec![key("layer_arn", "HASH")],
                global_secondary_indexes: vec![
                    SecondaryIndex {
                        index_name: "distribution-index",
                        key_schema: vec![key("distribution", "HASH"), key("layer_arn", "RANGE")],
                        projection: Projection { projection_type: "ALL" },
                    },
                    SecondaryIndex {
                        index_name: "base-layer-index",
                        key_schema: vec![key("base_layer_arn", "HASH"), key("version", "RANGE")],
                        projection: Projection { projection_type: "ALL" },
                    },
                ],
                point_in_time_recovery_specification: PointInTimeRecovery { point_in_time_recovery_enabled: true },
            })),
        },
    );
    r
}

fn outputs(plan: &Plan) -> Map<&'static str, Output> {
    let (role_use, table_use) = match plan.setup {
        Some(setup) => (
            format!("The role to assume: the value of the {} secret.", setup.secrets.role_secret),
            match &setup.secrets.table_secret {
                Some(secret) => format!("The layer-metadata table: the value of the {secret} secret."),
                None => "The layer-metadata table (the upstream workflows have its name built in).".to_string(),
            },
        ),
        None => (
            "The role to assume: the value of the fork's role secret (AWS_ROLE_TO_ASSUME, or OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN for upstream's workflows).".to_string(),
            "The layer-metadata table: the value of the DYNAMODB_TABLE_NAME secret, where the workflows read one.".to_string(),
        ),
    };
    let mut o = Map::new();
    o.insert(
        ids::OUTPUT_ROLE_ARN,
        Output { description: role_use, value: Expr::GetAtt(ids::ROLE.to_string(), "Arn".to_string()) },
    );
    o.insert(ids::OUTPUT_TABLE_NAME, Output { description: table_use, value: Expr::reference(ids::TABLE) });
    o.insert(
        ids::OUTPUT_PROVIDER_ARN,
        Output { description: "The GitHub OIDC provider the role trusts.".to_string(), value: provider_arn(plan) },
    );
    o
}

fn metadata(plan: &Plan) -> Map<String, Expr> {
    let params = parameters(plan);
    let group = |label: &str, names: &[&str]| {
        let present: Vec<Expr> = names.iter().filter(|n| params.contains_key(**n)).map(|n| Expr::str(*n)).collect();
        (!present.is_empty()).then(|| {
            Expr::map([("Label", Expr::map([("default", Expr::str(label))])), ("Parameters", Expr::List(present))])
        })
    };
    let interface = Expr::map([(
        "ParameterGroups",
        Expr::List(
            [
                group("Your fork", &[P_OWNER, P_REPO, P_OWNER_ID, P_REPO_ID]),
                group("Who may assume the role", &[P_SCOPE, P_SCOPE_NAME, P_BRANCH, P_ENVIRONMENT, P_PROVIDER]),
                group("Names and permissions", &[P_ROLE, P_TABLE, P_PREFIX, P_SESSION, P_PUBLIC, P_CLEANUP]),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
    )]);
    let mut generated = vec![("Generator", Expr::str(GENERATOR))];
    if let Some(setup) = plan.setup {
        generated.push(("Fork", Expr::str(setup.fork.to_string())));
        generated.push(("Command", Expr::str(regenerate_command(setup))));
    } else {
        generated.push(("Command", Expr::str("ocelot-setup template --generic")));
    }
    let mut m = Map::new();
    m.insert("AWS::CloudFormation::Interface".to_string(), interface);
    m.insert("OcelotSetup".to_string(), Expr::Map(generated.into_iter().map(|(k, v)| (k.to_string(), v)).collect()));
    m
}

/// The CLI command that prints the same template.
pub fn regenerate_command(setup: &Setup) -> String {
    let mut words = vec!["ocelot-setup".to_string(), "template".to_string()];
    words.extend(setup.cli_args());
    shell::join(&words)
}

fn header(plan: &Plan) -> Vec<String> {
    let Some(s) = plan.setup else {
        return vec![
            format!("Generated by {GENERATOR}: the generic template, for quick-create links."),
            "Every choice is a parameter; the link that opens it carries the values for one fork.".into(),
            "Regenerate: ocelot-setup template --generic".into(),
        ];
    };
    let provider = match s.provider {
        ProviderChoice::Create => "creates the GitHub OIDC provider",
        ProviderChoice::Reuse => "reuses the account's GitHub OIDC provider",
    };
    let mut permissions = vec!["publish layers"];
    if s.permissions.sharing == LayerSharing::Public {
        permissions.push("make them public");
    }
    if s.permissions.cleanup == CleanupPermission::Allowed {
        permissions.push("delete them (cleanup)");
    }
    vec![
        format!("Generated by {GENERATOR} for the fork {}.", s.fork),
        format!(
            "Trusts {}{}; {provider}.",
            s.scope.describe(),
            if s.ids.is_some() { ", by name and by immutable id" } else { ", by name" }
        ),
        format!(
            "Role {} may {}; table {} in {} ({}).",
            s.role_name,
            permissions.join(", "),
            s.table,
            s.region,
            s.region.partition()
        ),
        format!("Regenerate: {}", regenerate_command(s)),
    ]
}

fn build(plan: &Plan) -> Template {
    let description = match plan.setup {
        Some(s) => format!("ocelot-setup: lets GitHub Actions in {} publish ocelot Lambda layers (OIDC trust, publisher role, layer-metadata table).", s.fork),
        None => "ocelot-setup generic template: lets GitHub Actions in one fork of dev7a/ocelot publish Lambda layers (OIDC trust, publisher role, layer-metadata table).".to_string(),
    };
    Template {
        format_version: "2010-09-09",
        description,
        metadata: metadata(plan),
        parameters: parameters(plan),
        rules: rules(plan),
        conditions: conditions(plan),
        resources: resources(plan),
        outputs: outputs(plan),
        header: header(plan),
    }
}

/// One resource of the tailored template, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceNote {
    /// Its logical id in the template.
    pub logical_id: &'static str,
    /// Its CloudFormation type.
    pub kind: &'static str,
    /// What it does, for a person.
    pub what: String,
}

/// What each resource of the tailored template does, in plain words.
pub fn resource_notes(setup: &Setup) -> Vec<ResourceNote> {
    let mut notes = Vec::new();
    if setup.provider == ProviderChoice::Create {
        notes.push(ResourceNote {
            logical_id: ids::PROVIDER,
            kind: "AWS::IAM::OIDCProvider",
            what: "Lets your account accept GitHub Actions' short-lived tokens (an account holds one; choose reuse if it has it already).".into(),
        });
    }
    let mut may = vec![format!("publish and read layers named {}-*", setup.layer_prefix)];
    if setup.permissions.sharing == LayerSharing::Public {
        may.push("make them public".into());
    }
    if setup.permissions.cleanup == CleanupPermission::Allowed {
        may.push("delete old versions and their records".into());
    }
    may.push(format!("read and write the table {}", setup.table));
    notes.push(ResourceNote {
        logical_id: ids::ROLE,
        kind: "AWS::IAM::Role",
        what: format!(
            "The role {} that only {} ({}) can assume, for at most {} seconds. It may {}; nothing else.",
            setup.role_name,
            setup.fork,
            setup.scope.describe(),
            setup.max_session.seconds(),
            may.join(", ")
        ),
    });
    notes.push(ResourceNote {
        logical_id: ids::TABLE,
        kind: "AWS::DynamoDB::Table",
        what: format!(
            "The layer-metadata registry {} (pay per request, point-in-time recovery, indexes distribution-index and base-layer-index). Kept if the stack is deleted.",
            setup.table
        ),
    });
    notes
}
