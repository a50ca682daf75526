# The doctor's run: where the names came from, the checks (the account's values set once the
# account is known), the fork's side, then the values for the GitHub secrets and the counts.
# Reads $title, $origins and $secrets_title; calls account_values and secret_values, which set
# the values the checks and the secrets' lines read.
printf '%s\n\n' "$title"
printf '%s\n' "${origins[@]}"
printf '\n'
if run sts get-caller-identity --query Account; then
  account=$out
  account_values
  pass "credentials: account $account"
  check_stack
  check_provider
  check_role
  check_trust
  check_permissions
  check_table
  check_records
else
  fail "credentials: the AWS CLI cannot call AWS ($why)" "in CloudShell, open a new session; elsewhere run aws configure or set AWS_PROFILE"
  for check in stack provider role trust permissions table records; do
    skip "$check: not checked without credentials"
  done
fi
check_github
printf '\n%s\n' "$secrets_title"
if [ -n "$role_arn" ]; then
  secret_values
  printf '  %s\n' "${secret_lines[@]}"
  printf '%s\n' 'Or with gh (logged in):'
  for i in "${!gh_commands[@]}"; do
    printf '  %s%s\n' "${gh_commands[$i]}" "${gh_values[$i]}"
  done
else
  printf '  %s\n' 'No role found: deploy the stack, then run this again for the role ARN.'
fi
printf '\n%s passed, %s failed, %s skipped (a SKIP is not a PASS)\n' "$passed" "$failed" "$skipped"
[ "$failed" -eq 0 ]
