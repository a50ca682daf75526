//! The doctor's checks of the table: its key and indexes, then how many records it holds and
//! the newest, since upstream's publisher swallows a denied write and its run stays green.

use crate::core::checks::doctor::REGION_OVERRIDE;
use crate::core::checks::script::{fail, pass, query_word, skip, word, WHY};
use crate::core::checks::workflow::{key_schema_text, table_indexes, table_key, REGION};
use crate::core::setup::Setup;
use crate::core::shell;

/// The records read at most to find the newest; the count covers the whole table.
pub const NEWEST_OF_AT_MOST: usize = 1000;

pub(crate) fn check_table(setup: &Setup) -> String {
    let table = setup.table.as_str();
    let mut indexes = String::new();
    let indexes_wanted = table_indexes();
    for (name, key) in &indexes_wanted {
        let want = key_schema_text(key);
        indexes.push_str(&format!(
            "  keys=$(keys_of \"$out\" {name})\n  if [ -z \"$keys\" ]; then\n    problems+={missing}\n  elif [ \"$keys\" != {want} ]; then\n    problems+={other}\"$keys\"\n  fi\n",
            name = shell::quote(name),
            want = shell::quote(&want),
            missing = word(&format!("; no index {name} ({want})")),
            other = word(&format!("; index {name} has keys other than {want}: ")),
        ));
    }
    let want_key = key_schema_text(&table_key());
    let index_names: Vec<&str> = indexes_wanted.iter().map(|(name, _)| *name).collect();
    format!(
        r#"check_table() {{
  local status key keys problems=""
  if ! run dynamodb describe-table --table-name {table_word} --query {q_table}; then
    {missing}
    return
  fi
  table_found=yes
  IFS=$'\t' read -r status key <<<"$out"
  [ "$key" = {want_key_word} ] || problems+={other_key}"$key"
{indexes}  if [ -z "$problems" ]; then
    {found}
  else
    fail {name_word}"${{problems#;}}" {fix}
  fi
}}
"#,
        table_word = shell::quote(table),
        missing = fail(
            &format!("table {table}: not found in {REGION} ({WHY})"),
            &format!(
                "deploy the stack in this region ({} prints the commands); if the table is in another region, export {REGION_OVERRIDE}=<region>, run this again, and make the workflows use that region",
                setup.command("deploy")
            )
        ),
        // One call: status and key on the first line, then one line per index.
        q_table = query_word(&format!(
            "Table.[[TableStatus, {keys}], GlobalSecondaryIndexes[].[IndexName, {keys}]]",
            keys = "join(',', KeySchema[].join(' ', [AttributeName, KeyType]))"
        )),
        want_key_word = shell::quote(&want_key),
        other_key = word(&format!("; its key is not {want_key} but ")),
        found = pass(&format!(
            "table {table} in {REGION}: {}, key {want_key}, indexes {}",
            "${sh::status}",
            index_names.join(" and ")
        )),
        name_word = word(&format!("table {table} in {REGION}:")),
        fix = word(&format!(
            "the workflows need this key and these indexes; a table's key cannot change: delete the table (its records go with it) and deploy again ({} prints the commands)",
            setup.command("deploy")
        )),
    )
}

/// How many records the table holds (`scan --select COUNT`, every page: the AWS CLI's text
/// output prints one count per page) and the newest by `publish_timestamp` among the first
/// [`NEWEST_OF_AT_MOST`] (the attributes upstream's publisher writes, dev7a/ocelot@505b216
/// `tools/scripts/lambda_layer_publisher.py`). None is no failure before the first run.
pub(crate) fn check_records(setup: &Setup) -> String {
    let table = setup.table.as_str();
    let name = format!("records: table {table} in {REGION}");
    // `[Items][]`: a page cut short by --max-items has no Items, and max_by refuses null.
    let newest = "[Items[?publish_timestamp.S]][] | max_by(@, &publish_timestamp.S).[publish_timestamp.S, layer_arn.S]";
    format!(
        r#"check_records() {{
  local count=0 n stamp arn newest="" newest_arn=""
  if [ -z "$table_found" ]; then
    {no_table}
    return
  fi
  if ! run dynamodb scan --table-name {table_word} --select COUNT --query Count; then
    {unreadable}
    return
  fi
  while IFS= read -r n; do
    case $n in '' | *[!0-9]*) ;; *) count=$((count + n)) ;; esac
  done <<<"$out"
  if [ "$count" -eq 0 ]; then
    {empty}
    return
  fi
  if ! run dynamodb scan --table-name {table_word} --projection-expression 'layer_arn, publish_timestamp' --max-items {cap} --query {q_newest}; then
    {unreadable}
    return
  fi
  while IFS=$'\t' read -r stamp arn; do
    if [ "$stamp" != None ] && [[ $stamp > $newest ]]; then
      newest=$stamp
      newest_arn=$arn
    fi
  done <<<"$out"
  if [ -z "$newest" ]; then
    {no_stamp}
  elif [ "$count" -gt {cap} ]; then
    {found_capped}
  else
    {found}
  fi
}}
"#,
        table_word = shell::quote(table),
        cap = NEWEST_OF_AT_MOST,
        q_newest = query_word(newest),
        no_table = skip("records: not counted: the table was not found"),
        unreadable = fail(
            &format!("{name}: cannot scan it ({WHY})"),
            &format!("run this with credentials that may call dynamodb:Scan on table {table}")
        ),
        empty = skip(&format!(
            "{name}: no layer recorded yet: if a publish run was green, its writes were denied or went to another table/region"
        )),
        no_stamp = pass(&format!("{name}: ${{sh::count}} record(s), none with a publish_timestamp")),
        found_capped = pass(&format!(
            "{name}: ${{sh::count}} record(s); the newest of the first {NEWEST_OF_AT_MOST} read: ${{sh::newest_arn}}, published ${{sh::newest}}"
        )),
        found = pass(&format!(
            "{name}: ${{sh::count}} record(s); the newest: ${{sh::newest_arn}}, published ${{sh::newest}}"
        )),
    )
}
