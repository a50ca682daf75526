//! What ocelot's workflows need from the account: the (actions, resource) statements of the
//! role's permissions, and the shape of the layer-metadata table. The doctor checks a
//! deployment against these lists.

use crate::core::setup::{CleanupPermission, LayerSharing, Setup};

/// Stands for the account id in [`Grant::resource`], as in CloudFormation's `Fn::Sub`.
pub const ACCOUNT: &str = "${AWS::AccountId}";
/// Stands for the stack's region in [`Grant::resource`], as in CloudFormation's `Fn::Sub`.
pub const REGION: &str = "${AWS::Region}";

// TODO(lead): unify with template.rs, which writes this name inline in `resources()`.
/// The name of the role's inline policy.
pub const POLICY_NAME: &str = "ocelot-layer-publishing";

/// One statement of the role's permissions: actions the workflows call on one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The statement id, as in the template.
    pub sid: &'static str,
    /// The actions, as IAM names them.
    pub actions: &'static [&'static str],
    /// The resource ARN pattern: the partition written out, the account and the region as
    /// [`ACCOUNT`] and [`REGION`].
    pub resource: String,
}

// TODO(lead): unify with template permissions. This list mirrors `permissions()` in
// src/core/template.rs statement for statement (same sids, actions and resources, in the
// same order), so the template can be built from it.
/// The statements the role of `setup` must allow, in the template's order.
pub fn grants(setup: &Setup) -> Vec<Grant> {
    let partition = setup.region.partition().as_str();
    let layer = format!("arn:{partition}:lambda:*:{ACCOUNT}:layer:{}-*", setup.layer_prefix);
    let layer_version = format!("{layer}:*");
    let table = format!("arn:{partition}:dynamodb:{REGION}:{ACCOUNT}:table/{}", setup.table);
    let indexes = format!("{table}/index/*");
    let public = setup.permissions.sharing == LayerSharing::Public;
    let cleanup = setup.permissions.cleanup == CleanupPermission::Allowed;
    let grant = |sid, actions, resource: &String| Grant { sid, actions, resource: resource.clone() };
    [
        (true, grant("PublishLayers", &["lambda:ListLayerVersions", "lambda:PublishLayerVersion"], &layer)),
        (true, grant("ReadLayerVersions", &["lambda:GetLayerVersion"], &layer_version)),
        (
            public,
            grant(
                "MakeLayersPublic",
                &["lambda:GetLayerVersionPolicy", "lambda:AddLayerVersionPermission"],
                &layer_version,
            ),
        ),
        (cleanup, grant("ListAllLayers", &["lambda:ListLayers"], &"*".to_string())),
        (cleanup, grant("DeleteLayerVersions", &["lambda:DeleteLayerVersion"], &layer_version)),
        (true, grant("RecordLayerMetadata", &["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"], &table)),
        (true, grant("QueryLayerMetadata", &["dynamodb:Query"], &indexes)),
        (cleanup, grant("DeleteLayerMetadata", &["dynamodb:DeleteItem"], &table)),
    ]
    .into_iter()
    .filter_map(|(wanted, grant)| wanted.then_some(grant))
    .collect()
}

/// A key element of the table or an index: attribute name and key type.
pub type KeyElement = (&'static str, &'static str);

// TODO(lead): unify with the table in template.rs `resources()`, which writes these names inline.
/// The table's key: `layer_arn` as its hash key.
pub const TABLE_KEY: &[KeyElement] = &[("layer_arn", "HASH")];

/// The table's global secondary indexes: name and key schema, in the template's order.
pub const TABLE_INDEXES: &[(&str, &[KeyElement])] = &[
    ("distribution-index", &[("distribution", "HASH"), ("layer_arn", "RANGE")]),
    ("base-layer-index", &[("base_layer_arn", "HASH"), ("version", "RANGE")]),
];

/// A key schema as the doctor reads it from `describe-table`: `name TYPE` pairs joined by `,`.
pub fn key_schema_text(key: &[KeyElement]) -> String {
    key.iter().map(|(name, kind)| format!("{name} {kind}")).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::setup::SetupInput;

    fn setup(edit: impl FnOnce(&mut SetupInput)) -> Setup {
        let mut input = SetupInput::for_fork("octo-cat/ocelot");
        edit(&mut input);
        Setup::from_input(&input).expect("valid")
    }

    #[test]
    fn the_options_add_and_remove_statements() {
        let sids = |s: &Setup| grants(s).iter().map(|g| g.sid).collect::<Vec<_>>();
        assert_eq!(
            sids(&setup(|_| {})),
            ["PublishLayers", "ReadLayerVersions", "MakeLayersPublic", "RecordLayerMetadata", "QueryLayerMetadata"]
        );
        let private_cleanup = setup(|i| {
            i.sharing = LayerSharing::Private;
            i.cleanup = CleanupPermission::Allowed;
        });
        assert_eq!(
            sids(&private_cleanup),
            [
                "PublishLayers",
                "ReadLayerVersions",
                "ListAllLayers",
                "DeleteLayerVersions",
                "RecordLayerMetadata",
                "QueryLayerMetadata",
                "DeleteLayerMetadata"
            ]
        );
    }

    #[test]
    fn resources_use_the_partition_prefix_and_table() {
        let s = setup(|i| {
            i.region = "cn-north-1".into();
            i.layer_prefix = "my_layers".into();
            i.table = "t.1".into();
        });
        let g = grants(&s);
        assert_eq!(g[0].resource, "arn:aws-cn:lambda:*:${AWS::AccountId}:layer:my_layers-*");
        assert_eq!(g[1].resource, "arn:aws-cn:lambda:*:${AWS::AccountId}:layer:my_layers-*:*");
        let table = g.iter().find(|g| g.sid == "RecordLayerMetadata").expect("always there");
        assert_eq!(table.resource, "arn:aws-cn:dynamodb:${AWS::Region}:${AWS::AccountId}:table/t.1");
        let query = g.iter().find(|g| g.sid == "QueryLayerMetadata").expect("always there");
        assert_eq!(query.resource, "arn:aws-cn:dynamodb:${AWS::Region}:${AWS::AccountId}:table/t.1/index/*");
    }

    #[test]
    fn key_schemas_read_as_describe_table_prints_them() {
        assert_eq!(key_schema_text(TABLE_KEY), "layer_arn HASH");
        assert_eq!(key_schema_text(TABLE_INDEXES[0].1), "distribution HASH,layer_arn RANGE");
    }
}
