//! The doctor's checks of the table (table.sh): its key and indexes, then how many
//! records it holds and the newest, since upstream's publisher swallows a denied write and its
//! run stays green.

use crate::core::checks::bash::REGION_OVERRIDE;
use crate::core::checks::bash::{query_word, word};
use crate::core::setup::command::Subcommand;
use crate::core::setup::Setup;
use crate::core::shell;
use crate::core::template::table;

/// The records read at most to find the newest; the count covers the whole table.
pub const NEWEST_OF_AT_MOST: usize = 1000;

/// The checks of the table and its records, reading the values [`table_values`] sets.
pub(crate) const TABLE_CHECKS: &str = include_str!("table.sh");

/// The values [`TABLE_CHECKS`] reads: the table, the key and indexes the workflows need (the
/// lists the template is built from), the queries, and the fixes. The records read are the
/// attributes upstream's publisher writes (dev7a/ocelot@505b216
/// `tools/scripts/lambda_layer_publisher.py`); none is no failure before the first run.
pub(crate) fn table_values(setup: &Setup) -> Vec<(&'static str, String)> {
    let deploy = setup.command(Subcommand::Deploy);
    let indexes = table_indexes();
    let pairs: Vec<String> = indexes
        .iter()
        .flat_map(|(name, key)| [shell::quote(name).into_owned(), shell::quote(&key_schema_text(key)).into_owned()])
        .collect();
    let names: Vec<&str> = indexes.iter().map(|(name, _)| *name).collect();
    // One call: status and key on the first line, then one line per index.
    let table_query = format!(
        "Table.[[TableStatus, {keys}], GlobalSecondaryIndexes[].[IndexName, {keys}]]",
        keys = "join(',', KeySchema[].join(' ', [AttributeName, KeyType]))"
    );
    // `[Items][]`: a page cut short by --max-items has no Items, and max_by refuses null.
    let newest = "[Items[?publish_timestamp.S]][] | max_by(@, &publish_timestamp.S).[publish_timestamp.S, layer_arn.S]";
    vec![
        ("table", shell::quote(setup.table.as_str()).into_owned()),
        ("table_query", query_word(&table_query)),
        ("table_key", shell::quote(&key_schema_text(&table_key())).into_owned()),
        ("table_indexes", format!("({})", pairs.join(" "))),
        ("table_index_names", shell::quote(&names.join(" and ")).into_owned()),
        ("table_missing_fix", word(&format!(
            "deploy the stack in this region ({deploy} prints the commands); if the table is in another region, export {REGION_OVERRIDE}=<region>, run this again, and make the workflows use that region"
        ))),
        ("table_fix", word(&format!(
            "the workflows need this key and these indexes; a table's key cannot change: delete the table (its records go with it) and deploy again ({deploy} prints the commands)"
        ))),
        ("newest_of_at_most", NEWEST_OF_AT_MOST.to_string()),
        ("newest_query", query_word(newest)),
    ]
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

    #[test]
    fn key_schemas_read_as_describe_table_prints_them() {
        assert_eq!(key_schema_text(&table_key()), "layer_arn HASH");
        assert_eq!(key_schema_text(&table_indexes()[0].1), "distribution HASH,layer_arn RANGE");
    }
}
