# Checks that the fork's secrets and variable hold this setup's values, without printing them.
failed=0
if [ -z "${ROLE_ARN:-}" ]; then
  report FAIL "$TITLE_SECRETS" "secret ${ROLE_SECRET}: it is empty or missing in this repository (forks do not inherit secrets); add it: ${ROLE_SECRET_COMMAND}"
  failed=1
elif [ -n "${EXPECTED_ROLE_ARN:-}" ] && [ "$ROLE_ARN" != "$EXPECTED_ROLE_ARN" ]; then
  report FAIL "$TITLE_SECRETS" "secret ${ROLE_SECRET}: it does not hold ${EXPECTED_ROLE_ARN}; set it: ${ROLE_SECRET_COMMAND}"
  failed=1
elif [[ $ROLE_ARN != arn:*:iam::*:role/"$ROLE_NAME" ]]; then
  report FAIL "$TITLE_SECRETS" "secret ${ROLE_SECRET}: it does not hold the ARN of a role named ${ROLE_NAME}; copy the stack's PublisherRoleArn output into it"
  failed=1
else
  report PASS "$TITLE_SECRETS" "secret ${ROLE_SECRET}: holds the ARN of role ${ROLE_NAME}"
fi
if [ -n "${TABLE_SECRET:-}" ]; then
  if [ "${TABLE_SECRET_VALUE:-}" = "$TABLE" ]; then
    report PASS "$TITLE_SECRETS" "secret ${TABLE_SECRET}: holds ${TABLE}"
  else
    report FAIL "$TITLE_SECRETS" "secret ${TABLE_SECRET}: it does not hold ${TABLE} (empty, missing or another name); set it: ${TABLE_SECRET_COMMAND}"
    failed=1
  fi
fi
if [ -n "${REGION_VARIABLE:-}" ]; then
  if [ "${REGION_VARIABLE_VALUE:-}" = "$REGION" ]; then
    report PASS "$TITLE_SECRETS" "variable ${REGION_VARIABLE}: ${REGION}"
  else
    report FAIL "$TITLE_SECRETS" "variable ${REGION_VARIABLE}: it is \"${REGION_VARIABLE_VALUE:-}\", the table is in ${REGION}; set it: ${REGION_VARIABLE_COMMAND}"
    failed=1
  fi
fi
exit "$failed"
