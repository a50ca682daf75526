//! The GitHub OIDC provider and the role: who may assume it (the trust policy) and what it may
//! do (the permissions, from [`GRANTS`]).

use serde::Serialize;

use super::cfn::{Conditional, Expr};
use super::parameters::names::*;
use super::subjects::{default_subject, in_environment, on_branch, scope_part, subjects, Param, RepoForm, Subject};
use super::{ids, Plan, Properties, Resource, Switch};
use crate::core::oidc::{self, AUDIENCE, AUD_KEY as AUD, GITHUB_OIDC_URL, SUB_KEY as SUB, THUMBPRINTS};
use crate::core::setup::{CleanupPermission, LayerSharing, Setup, TrustScope};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ProviderProperties {
    url: &'static str,
    client_id_list: Vec<&'static str>,
    thumbprint_list: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct RoleProperties {
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

pub(super) fn provider_arn(plan: &Plan) -> Expr {
    plan.create_provider.pick(Expr::reference(ids::PROVIDER), Expr::sub(oidc::provider_arn_sub()))
}

/// The generic template's subjects, `by_form` giving the subject of each form of the fork: the
/// name form, and the immutable id form when the ids are given.
fn generic_subjects(plan: &Plan, by_form: impl Fn(RepoForm) -> Expr) -> Expr {
    let mut list = vec![by_form(RepoForm::Name)];
    list.extend(match plan.has_ids {
        Switch::Baked(true) => Some(by_form(RepoForm::Ids)),
        Switch::Baked(false) => None,
        Switch::Condition(c) => Some(Expr::when(c, by_form(RepoForm::Ids), Expr::no_value())),
    });
    Expr::List(list)
}

/// `StringEquals` on the audience, and on the subjects when they are all exact; `StringLike`
/// on the subjects when some hold a pattern.
fn condition(subjects: Expr, exact: bool) -> Expr {
    if exact {
        Expr::map([("StringEquals", Expr::map([(AUD, Expr::str(AUDIENCE)), (SUB, subjects)]))])
    } else {
        Expr::map([
            ("StringEquals", Expr::map([(AUD, Expr::str(AUDIENCE))])),
            ("StringLike", Expr::map([(SUB, subjects)])),
        ])
    }
}

/// Tailored: the setup's [`subjects`], `StringLike` when one is a pattern (any branch or tag),
/// `StringEquals` when all are exact. Generic: the same, chosen by the scope's parameters.
fn trust_condition(plan: &Plan) -> Expr {
    if let Some(setup) = plan.setup {
        let subjects = subjects(setup);
        let exact = subjects.iter().all(Subject::is_exact);
        return condition(Expr::List(subjects.iter().map(|s| Expr::sub(s.to_sub())).collect()), exact);
    }
    let sub = |form, scope| Expr::sub(default_subject(form, scope).to_sub());
    let any_ref = generic_subjects(plan, |form| sub(form, scope_part(&TrustScope::AnyRef)));
    let scoped = generic_subjects(plan, |form| {
        let (branch, env) = (on_branch(Param(SCOPE_NAME)), in_environment(Param(SCOPE_NAME)));
        Expr::when(C_BRANCH, sub(form, branch), sub(form, env))
    });
    Expr::when(C_ANY_REF, condition(any_ref, false), condition(scoped, true))
}

/// What a grant applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Layers named `PREFIX-*`, in any region of the account.
    Layers,
    /// Versions of layers named `PREFIX-*`.
    LayerVersions,
    /// Every layer (`ListLayers` takes no resource).
    AllLayers,
    /// The layer-metadata table.
    Table,
    /// The table's indexes.
    TableIndexes,
}

impl Target {
    /// The resource as the template writes it.
    fn expr(self) -> Expr {
        let layers = "arn:${AWS::Partition}:lambda:*:${AWS::AccountId}:layer:";
        match self {
            Target::Layers => Expr::sub(format!("{layers}${{{PREFIX}}}-*")),
            Target::LayerVersions => Expr::sub(format!("{layers}${{{PREFIX}}}-*:*")),
            Target::AllLayers => Expr::str("*"),
            Target::Table => Expr::GetAtt(ids::TABLE.to_string(), "Arn".to_string()),
            Target::TableIndexes => Expr::sub(format!("${{{}.Arn}}/index/*", ids::TABLE)),
        }
    }

    /// The IAM pattern the role's statement resolves to for the stack in `region` of `account`.
    pub fn pattern(self, setup: &Setup, region: &str, account: &str) -> String {
        let partition = setup.region.partition();
        let layers = format!("arn:{partition}:lambda:*:{account}:layer:{}-*", setup.layer_prefix);
        let table = table_arn(setup, region, account);
        match self {
            Target::Layers => layers,
            Target::LayerVersions => format!("{layers}:*"),
            Target::AllLayers => "*".to_string(),
            Target::Table => table,
            Target::TableIndexes => format!("{table}/index/*"),
        }
    }

    /// A resource of this kind in `account`, as a call of the workflows names it: the layer
    /// `PREFIX-` followed by `layer`, the table and its first index.
    pub fn example_arn(self, setup: &Setup, account: &str, layer: &str) -> String {
        let (partition, region) = (setup.region.partition(), setup.region);
        let layer = format!("arn:{partition}:lambda:{region}:{account}:layer:{}-{layer}", setup.layer_prefix);
        let table = table_arn(setup, region.code(), account);
        match self {
            Target::Layers => layer,
            Target::LayerVersions => format!("{layer}:1"),
            Target::AllLayers => "*".to_string(),
            Target::Table => table,
            Target::TableIndexes => format!("{table}/index/{}", super::table::INDEXES[0].name),
        }
    }
}

/// The ARN of the setup's table in `region` of `account`.
pub fn table_arn(setup: &Setup, region: &str, account: &str) -> String {
    format!("arn:{}:dynamodb:{region}:{account}:table/{}", setup.region.partition(), setup.table)
}

/// The name of the role's inline policy.
pub const POLICY_NAME: &str = "ocelot-layer-publishing";

/// When the role holds a grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Always: publishing and recording.
    Always,
    /// When layers may be made public.
    PublicLayers,
    /// When cleanup is allowed.
    Cleanup,
}

/// One statement of the role's permissions: the actions ocelot's tools call, on what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    /// The statement id.
    pub sid: &'static str,
    /// The IAM actions.
    pub actions: &'static [&'static str],
    /// What they apply to.
    pub target: Target,
    /// When the role holds them.
    pub needs: Needs,
}

impl Grant {
    /// Whether the role of `setup` holds this grant.
    pub fn held_by(&self, setup: &Setup) -> bool {
        match self.needs {
            Needs::Always => true,
            Needs::PublicLayers => setup.permissions.sharing == LayerSharing::Public,
            Needs::Cleanup => setup.permissions.cleanup == CleanupPermission::Allowed,
        }
    }
}

/// Every permission the role may hold, in the order the template lists them: exactly the calls
/// ocelot's tools make (`lambda:GetLayerVersion` is only named as what a public layer lets
/// everyone do, in `AddLayerVersionPermission`; no tool calls it). The template and the checks
/// of a deployed role both read this list.
pub const GRANTS: [Grant; 7] = [
    Grant {
        sid: "PublishLayers",
        actions: &["lambda:ListLayerVersions", "lambda:PublishLayerVersion"],
        target: Target::Layers,
        needs: Needs::Always,
    },
    Grant {
        sid: "MakeLayersPublic",
        actions: &["lambda:GetLayerVersionPolicy", "lambda:AddLayerVersionPermission"],
        target: Target::LayerVersions,
        needs: Needs::PublicLayers,
    },
    Grant { sid: "ListAllLayers", actions: &["lambda:ListLayers"], target: Target::AllLayers, needs: Needs::Cleanup },
    Grant {
        sid: "DeleteLayerVersions",
        actions: &["lambda:DeleteLayerVersion"],
        target: Target::LayerVersions,
        needs: Needs::Cleanup,
    },
    Grant {
        sid: "RecordLayerMetadata",
        actions: &["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"],
        target: Target::Table,
        needs: Needs::Always,
    },
    Grant {
        sid: "QueryLayerMetadata",
        actions: &["dynamodb:Query"],
        target: Target::TableIndexes,
        needs: Needs::Always,
    },
    Grant {
        sid: "DeleteLayerMetadata",
        actions: &["dynamodb:DeleteItem"],
        target: Target::Table,
        needs: Needs::Cleanup,
    },
];

fn permissions(plan: &Plan) -> PolicyDocument {
    let statements = GRANTS.iter().filter_map(|grant| {
        let statement = Statement {
            sid: grant.sid,
            effect: "Allow",
            principal: None,
            action: grant.actions.to_vec(),
            resource: Some(vec![grant.target.expr()]),
            condition: None,
        };
        match grant.needs {
            Needs::Always => Some(Conditional::Always(statement)),
            Needs::PublicLayers => plan.public_layers.include(statement),
            Needs::Cleanup => plan.cleanup.include(statement),
        }
    });
    PolicyDocument { version: "2012-10-17", statement: statements.collect() }
}

/// The GitHub OIDC provider, unless the account's is reused.
pub(super) fn provider(plan: &Plan) -> Option<Resource> {
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
        Switch::Baked(true) => Some(provider),
        Switch::Baked(false) => None,
        Switch::Condition(c) => Some(Resource { condition: Some(c), ..provider }),
    }
}

/// The role: trusted by the fork's workflows, allowed what [`GRANTS`] lists.
pub(super) fn role(plan: &Plan) -> Resource {
    let trust = Statement {
        sid: "GitHubActionsInTheFork",
        effect: "Allow",
        principal: Some(Expr::map([("Federated", provider_arn(plan))])),
        action: vec!["sts:AssumeRoleWithWebIdentity"],
        resource: None,
        condition: Some(trust_condition(plan)),
    };
    Resource {
        kind: "AWS::IAM::Role",
        condition: None,
        deletion_policy: None,
        update_replace_policy: None,
        properties: Properties::Role(Box::new(RoleProperties {
            role_name: Expr::reference(ROLE),
            description: Expr::sub(format!(
                "Assumed by GitHub Actions in ${{{OWNER}}}/${{{REPO}}} to publish ocelot Lambda layers"
            )),
            max_session_duration: Expr::reference(SESSION),
            assume_role_policy_document: PolicyDocument {
                version: "2012-10-17",
                statement: vec![Conditional::Always(trust)],
            },
            policies: vec![InlinePolicy { policy_name: POLICY_NAME, policy_document: permissions(plan) }],
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every AWS call ocelot's tools make (dev7a/ocelot@505b216, tools/), where it is made.
    const CALLS: [(&str, &str); 11] = [
        ("lambda:ListLayerVersions", "tools/scripts/lambda_layer_publisher.py:154, tools/reaper.py:124"),
        ("lambda:PublishLayerVersion", "tools/scripts/lambda_layer_publisher.py:288"),
        ("lambda:GetLayerVersionPolicy", "tools/scripts/lambda_layer_publisher.py:343"),
        ("lambda:AddLayerVersionPermission", "tools/scripts/lambda_layer_publisher.py:352"),
        ("lambda:ListLayers", "tools/reaper.py:114"),
        ("lambda:DeleteLayerVersion", "tools/reaper.py:280"),
        ("dynamodb:PutItem", "tools/scripts/otel_layer_utils/dynamodb_utils.py:90"),
        ("dynamodb:GetItem", "tools/scripts/otel_layer_utils/dynamodb_utils.py:110"),
        ("dynamodb:DeleteItem", "tools/scripts/otel_layer_utils/dynamodb_utils.py:142"),
        ("dynamodb:Query", "tools/scripts/otel_layer_utils/dynamodb_utils.py:174, :226"),
        ("dynamodb:Scan", "tools/scripts/otel_layer_utils/dynamodb_utils.py:270"),
    ];

    #[test]
    fn the_role_may_do_exactly_what_ocelots_tools_call() {
        let mut granted: Vec<&str> = GRANTS.iter().flat_map(|g| g.actions.iter().copied()).collect();
        let mut called: Vec<&str> = CALLS.iter().map(|(action, _)| *action).collect();
        granted.sort_unstable();
        called.sort_unstable();
        assert_eq!(granted, called);
    }
}
