//! The CloudFormation template: tailored to one setup (every choice baked in, the
//! person's values as parameter defaults), or generic (every choice a parameter, for
//! hosting behind quick-create links). Both come from one builder, so they hold the same
//! resources.

pub mod cfn;
mod metadata;
mod outputs;
pub mod parameters;
pub mod role;
pub mod subjects;
pub mod table;
mod yaml;

use serde::Serialize;

use crate::core::setup::{CleanupPermission, LayerSharing, ProviderChoice, Setup, TrustScope};
use cfn::{Conditional, Expr, Map};
use outputs::Output;
use parameters::{names, Parameter, Rule};
use role::{ProviderProperties, RoleProperties};
use table::TableProperties;

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

/// A choice that is either fixed in the template or left to a parameter, through the
/// named condition.
#[derive(Debug, Clone, Copy)]
enum Switch {
    Baked(bool),
    Condition(&'static str),
}

impl Switch {
    /// `then` when the choice holds, `otherwise` when not, `Fn::If` when a parameter decides.
    fn pick(self, then: Expr, otherwise: Expr) -> Expr {
        match self {
            Switch::Baked(true) => then,
            Switch::Baked(false) => otherwise,
            Switch::Condition(c) => Expr::when(c, then, otherwise),
        }
    }

    /// `item` when the choice holds, nothing when not, a conditional item when a parameter decides.
    fn include<T>(self, item: T) -> Option<Conditional<T>> {
        match self {
            Switch::Baked(true) => Some(Conditional::Always(item)),
            Switch::Baked(false) => None,
            Switch::Condition(c) => Some(Conditional::When(c.to_string(), item)),
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
    create_provider: Switch,
    has_ids: Switch,
    public_layers: Switch,
    cleanup: Switch,
    scope: ScopePlan<'a>,
}

impl Template {
    /// The template tailored to `setup`: deploys with no parameter overrides.
    pub fn tailored(setup: &Setup) -> Template {
        let plan = Plan {
            setup: Some(setup),
            create_provider: Switch::Baked(setup.provider == ProviderChoice::Create),
            has_ids: Switch::Baked(subjects::uses_ids(setup)),
            public_layers: Switch::Baked(setup.permissions.sharing == LayerSharing::Public),
            cleanup: Switch::Baked(setup.permissions.cleanup == CleanupPermission::Allowed),
            scope: ScopePlan::Baked(&setup.scope),
        };
        build(&plan)
    }

    /// The generic template to host for quick-create links: same resources, every choice
    /// a parameter, no person's values.
    pub fn generic() -> Template {
        let plan = Plan {
            setup: None,
            create_provider: Switch::Condition(names::C_CREATE_PROVIDER),
            has_ids: Switch::Condition(names::C_HAS_IDS),
            public_layers: Switch::Condition(names::C_PUBLIC),
            cleanup: Switch::Condition(names::C_CLEANUP),
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

    /// The template as JSON (the header is in `Metadata`, JSON having no comments).
    pub fn to_json(&self) -> String {
        let mut text = cfn::to_json(self);
        text.push('\n');
        text
    }
}

fn build(plan: &Plan) -> Template {
    let parameters = parameters::parameters(plan);
    Template {
        format_version: "2010-09-09",
        description: metadata::description(plan),
        metadata: metadata::metadata(plan, &parameters),
        parameters,
        rules: parameters::rules(plan),
        conditions: parameters::conditions(plan),
        resources: resources(plan),
        outputs: outputs::outputs(plan),
        header: metadata::header(plan),
    }
}

/// The resources, in order: the provider (when created), the role, the table.
fn resources(plan: &Plan) -> Map<&'static str, Resource> {
    let mut r = Map::new();
    if let Some(provider) = role::provider(plan) {
        r.insert(ids::PROVIDER, provider);
    }
    r.insert(ids::ROLE, role::role(plan));
    r.insert(ids::TABLE, table::table());
    r
}
