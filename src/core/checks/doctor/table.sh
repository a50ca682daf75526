# The table's status, key and indexes. Reads $table, $table_query, $table_key, $table_indexes
# (pairs: an index's name, then its keys), $table_index_names, $table_missing_fix and $table_fix.
check_table() {
  local status key keys problems="" i index want
  if ! run dynamodb describe-table --table-name "$table" --query "$table_query"; then
    fail "table $table: not found in $region ($why)" "$table_missing_fix"
    return
  fi
  table_found=yes
  IFS=$'\t' read -r status key <<<"$out"
  [ "$key" = "$table_key" ] || problems+="; its key is not $table_key but $key"
  for ((i = 0; i < ${#table_indexes[@]}; i += 2)); do
    index=${table_indexes[i]}
    want=${table_indexes[i + 1]}
    keys=$(keys_of "$out" "$index")
    if [ -z "$keys" ]; then
      problems+="; no index $index ($want)"
    elif [ "$keys" != "$want" ]; then
      problems+="; index $index has keys other than $want: $keys"
    fi
  done
  if [ -z "$problems" ]; then
    pass "table $table in $region: $status, key $table_key, indexes $table_index_names"
  else
    fail "table $table in $region:${problems#;}" "$table_fix"
  fi
}
# How many records the table holds (every page: the text output prints one count per page),
# and the newest among the first $newest_of_at_most. Reads $table and $newest_query.
check_records() {
  local count=0 n stamp arn newest="" newest_arn="" name="records: table $table in $region"
  if [ -z "$table_found" ]; then
    skip "records: not counted: the table was not found"
    return
  fi
  if ! run dynamodb scan --table-name "$table" --select COUNT --query Count; then
    fail "$name: cannot scan it ($why)" "run this with credentials that may call dynamodb:Scan on table $table"
    return
  fi
  while IFS= read -r n; do
    case $n in '' | *[!0-9]*) ;; *) count=$((count + n)) ;; esac
  done <<<"$out"
  if [ "$count" -eq 0 ]; then
    skip "$name: no layer recorded yet: if a publish run was green, its writes were denied or went to another table/region"
    return
  fi
  if ! run dynamodb scan --table-name "$table" --projection-expression 'layer_arn, publish_timestamp' --max-items "$newest_of_at_most" --query "$newest_query"; then
    fail "$name: cannot scan it ($why)" "run this with credentials that may call dynamodb:Scan on table $table"
    return
  fi
  while IFS=$'\t' read -r stamp arn; do
    if [ "$stamp" != None ] && [[ $stamp > $newest ]]; then
      newest=$stamp
      newest_arn=$arn
    fi
  done <<<"$out"
  if [ -z "$newest" ]; then
    pass "$name: $count record(s), none with a publish_timestamp"
  elif [ "$count" -gt "$newest_of_at_most" ]; then
    pass "$name: $count record(s); the newest of the first $newest_of_at_most read: $newest_arn, published $newest"
  else
    pass "$name: $count record(s); the newest: $newest_arn, published $newest"
  fi
}
