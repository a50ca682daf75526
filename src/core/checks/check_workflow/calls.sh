# With the role's credentials, the cheapest calls its permissions allow: each PASS or FAIL.
failed=0
# call TITLE WHAT UNIT COMMAND...: runs COMMAND, which prints a count.
call() {
  local title=$1 what=$2 unit=$3 out
  shift 3
  if out=$("$@" 2>&1); then
    report PASS "$title" "${what}: allowed (${out} ${unit})"
  else
    failed=1
    case $out in
      *AccessDenied*) report FAIL "$title" "${what}: the role may not do this" ;;
      *ResourceNotFoundException*) report FAIL "$title" "${what}: not found in ${REGION}; check the name and the region" ;;
      *) report FAIL "$title" "${what}: the call failed" ;;
    esac
    printf '%s\n' "$out" | sed 's/^/  /'
  fi
}
call "$TITLE_ROLE" "lambda:ListLayerVersions on layer ${LAYER_NAME} in ${REGION}" "versions" \
  aws lambda list-layer-versions --layer-name "$LAYER_NAME" --region "$REGION" --query 'length(LayerVersions)' --output text
call "$TITLE_TABLE" "dynamodb:Scan of one item of table ${TABLE} in ${REGION}" "items read" \
  aws dynamodb scan --table-name "$TABLE" --limit 1 --select COUNT --region "$REGION" --query Count --output text
if [ "$failed" -ne 0 ]; then
  echo "Paste the FAIL lines into: ${DIAGNOSE_COMMAND}"
fi
exit "$failed"
