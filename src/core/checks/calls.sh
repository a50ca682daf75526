# With the role's credentials, the cheapest calls its permissions allow: each PASS or FAIL.
failed=0
# call WHAT UNIT COMMAND...: runs COMMAND, which prints a count.
call() {
  local what=$1 unit=$2 out
  shift 2
  if out=$("$@" 2>&1); then
    echo "PASS ${what}: allowed (${out} ${unit})"
  else
    failed=1
    case $out in
      *AccessDenied*) echo "FAIL ${what}: the role may not do this" ;;
      *ResourceNotFoundException*) echo "FAIL ${what}: not found in ${REGION}; check the name and the region" ;;
      *) echo "FAIL ${what}: the call failed" ;;
    esac
    printf '%s\n' "$out" | sed 's/^/  /'
  fi
}
call "lambda:ListLayerVersions on layer ${LAYER_NAME} in ${REGION}" "versions" \
  aws lambda list-layer-versions --layer-name "$LAYER_NAME" --region "$REGION" --query 'length(LayerVersions)' --output text
call "dynamodb:Scan of one item of table ${TABLE} in ${REGION}" "items read" \
  aws dynamodb scan --table-name "$TABLE" --limit 1 --select COUNT --region "$REGION" --query Count --output text
if [ "$failed" -ne 0 ]; then
  echo "Paste the FAIL lines into: ${DIAGNOSE_COMMAND}"
fi
exit "$failed"
