//! The doctor's checks of the table (doctor_table.sh): its key and indexes, then how many
//! records it holds and the newest, since upstream's publisher swallows a denied write and its
//! run stays green.

use crate::core::checks::doctor::REGION_OVERRIDE;
use crate::core::checks::script::{query_word, word};
use crate::core::checks::workflow::{key_schema_text, table_indexes, table_key};
use crate::core::setup::Setup;
use crate::core::shell;

/// The records read at most to find the newest; the count covers the whole table.
pub const NEWEST_OF_AT_MOST: usize = 1000;

/// The checks of the table and its records, reading the values [`table_values`] sets.
pub(crate) const TABLE_CHECKS: &str = include_str!("doctor_table.sh");

/// The values [`TABLE_CHECKS`] reads: the table, the key and indexes the workflows need (the
/// lists the template is built from), the queries, and the fixes. The records read are the
/// attributes upstream's publisher writes (dev7a/ocelot@505b216
/// `tools/scripts/lambda_layer_publisher.py`); none is no failure before the first run.
pub(crate) fn table_values(setup: &Setup) -> Vec<(&'static str, String)> {
    let deploy = setup.command("deploy");
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
