//! What ocelot's workflows need from the account: the (actions, resource) statements of the
//! role's permissions, and the shape of the layer-metadata table. The doctor checks a
//! deployment against these lists.

use crate::core::setup::Setup;
use crate::core::template::role::GRANTS;
use crate::core::template::table;

/// Stands for the account id in [`Grant::resource`], as in CloudFormation's `Fn::Sub`.
pub const ACCOUNT: &str = "${AWS::AccountId}";
/// Stands for the stack's region in [`Grant::resource`], as in CloudFormation's `Fn::Sub`.
pub const REGION: &str = "${AWS::Region}";

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

/// The statements the role of `setup` must allow, in the template's order: the template's own
/// list ([`GRANTS`]) with the account and region left as placeholders.
pub fn grants(setup: &Setup) -> Vec<Grant> {
    GRANTS
        .iter()
        .filter(|grant| grant.held_by(setup))
        .map(|grant| Grant {
            sid: grant.sid,
            actions: grant.actions,
            resource: grant.target.pattern(setup, REGION, ACCOUNT),
        })
        .collect()
}

/// A key element of the table or an index: attribute name and key type.
pub type KeyElement = (&'static str, &'static str);

/// The table's key: its hash key, as the template declares it.
pub fn table_key() -> Vec<KeyElement> {
    vec![(table::KEY, "HASH")]
}

/// The table's global secondary indexes: name and key schema, in the template's order.
pub fn table_indexes() -> Vec<(&'static str, Vec<KeyElement>)> {
    table::INDEXES.iter().map(|index| (index.name, vec![(index.hash, "HASH"), (index.range, "RANGE")])).collect()
}

/// A key schema as the doctor reads it from `describe-table`: `name TYPE` pairs joined by `,`.
pub fn key_schema_text(key: &[KeyElement]) -> String {
    key.iter().map(|(name, kind)| format!("{name} {kind}")).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::setup::test_setup as setup;
    use crate::core::setup::{CleanupPermission, LayerSharing};

    #[test]
    fn the_options_add_and_remove_statements() {
        let sids = |s: &Setup| grants(s).iter().map(|g| g.sid).collect::<Vec<_>>();
        assert_eq!(
            sids(&setup(|_| {})),
            ["PublishLayers", "MakeLayersPublic", "RecordLayerMetadata", "QueryLayerMetadata"]
        );
        let private_cleanup = setup(|i| {
            i.sharing = LayerSharing::Private;
            i.cleanup = CleanupPermission::Allowed;
        });
        assert_eq!(
            sids(&private_cleanup),
            [
                "PublishLayers",
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
        assert_eq!(key_schema_text(&table_key()), "layer_arn HASH");
        assert_eq!(key_schema_text(&table_indexes()[0].1), "distribution HASH,layer_arn RANGE");
    }
}
