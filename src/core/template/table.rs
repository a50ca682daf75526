//! The layer-metadata table, keyed and indexed the way ocelot's tools query it.

use serde::Serialize;

use super::cfn::Expr;
use super::parameters::names::TABLE;
use super::{Properties, Resource};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct TableProperties {
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

/// The table's partition key.
pub const KEY: &str = "layer_arn";

/// A global secondary index: its name and its hash and range keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Index {
    /// The index name.
    pub name: &'static str,
    /// Its partition key.
    pub hash: &'static str,
    /// Its sort key.
    pub range: &'static str,
}

/// The layers of one distribution, newest last.
pub const BY_DISTRIBUTION: Index = Index { name: "distribution-index", hash: "distribution", range: KEY };
/// The versions built on one base layer.
pub const BY_BASE_LAYER: Index = Index { name: "base-layer-index", hash: "base_layer_arn", range: "version" };

/// The indexes ocelot's tools query.
pub const INDEXES: [Index; 2] = [BY_DISTRIBUTION, BY_BASE_LAYER];

/// Every key attribute and its type (`S` string, `N` number).
const ATTRIBUTES: [(&str, &str); 4] =
    [(KEY, "S"), (BY_DISTRIBUTION.hash, "S"), (BY_BASE_LAYER.hash, "S"), (BY_BASE_LAYER.range, "N")];

/// The table, billed per request, kept if the stack is deleted or the table replaced.
pub(super) fn table() -> Resource {
    let key = |attribute_name, key_type| KeyElement { attribute_name, key_type };
    Resource {
        kind: "AWS::DynamoDB::Table",
        condition: None,
        deletion_policy: Some("Retain"),
        update_replace_policy: Some("Retain"),
        properties: Properties::Table(Box::new(TableProperties {
            table_name: Expr::reference(TABLE),
            billing_mode: "PAY_PER_REQUEST",
            attribute_definitions: ATTRIBUTES
                .iter()
                .map(|&(attribute_name, attribute_type)| AttributeDefinition { attribute_name, attribute_type })
                .collect(),
            key_schema: vec![key(KEY, "HASH")],
            global_secondary_indexes: INDEXES
                .iter()
                .map(|index| SecondaryIndex {
                    index_name: index.name,
                    key_schema: vec![key(index.hash, "HASH"), key(index.range, "RANGE")],
                    projection: Projection { projection_type: "ALL" },
                })
                .collect(),
            point_in_time_recovery_specification: PointInTimeRecovery { point_in_time_recovery_enabled: true },
        })),
    }
}
