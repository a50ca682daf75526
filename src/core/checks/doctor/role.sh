# The role's trust policy: it admits each of $trusted_subjects (listed under $trust_operator)
# and no other, with the audience $audience, through the provider $provider_arn. Reads
# $role_name, $fork_owner, $fork_repo, $trust_subjects_text, the three $trust_*_query and
# $trust_fix.
check_trust() {
  local like equals admitted principal statement_audience bounded item subject known problems=""
  if [ -z "$role_arn" ]; then
    skip "trust: not checked: the role was not found"
    return
  fi
  if ! run iam get-role --role-name "$role_name" --query "$trust_like_query"; then
    fail "trust: cannot read the role's trust policy ($why)" "run this with credentials that may call iam:GetRole"
    return
  fi
  like=$(items "$out")
  run iam get-role --role-name "$role_name" --query "$trust_equals_query"
  equals=$(items "$out")
  # The template lists its subjects under StringLike when one is a pattern.
  admitted=$like
  if [ "$trust_operator" = StringEquals ]; then
    admitted=$like$'\n'$equals
  fi
  for subject in "${trusted_subjects[@]}"; do
    has_line "$admitted" "$subject" || problems+="; does not admit $subject"
  done
  while IFS= read -r item; do
    known=""
    for subject in "" "${trusted_subjects[@]}"; do
      if [ "$item" = "$subject" ]; then known=yes; fi
    done
    if [ -z "$known" ]; then
      problems+="; also admits $item ($(stranger "$item" "$fork_owner" "$fork_repo"))"
    fi
  done <<<"$like
$equals"
  # One line per statement: its federated principal, its audiences, whether it bounds sub.
  run iam get-role --role-name "$role_name" --query "$trust_statements_query"
  while IFS=$'\t' read -r principal statement_audience bounded; do
    if [ "$principal" != "$provider_arn" ]; then
      problems+="; a statement trusts $principal, not the account's GitHub provider"
    fi
    if [ "$statement_audience" != "$audience" ]; then
      problems+="; a statement's audience is $statement_audience, not $audience"
    fi
    if [ "$bounded" != bounded ]; then
      problems+="; a statement without a sub condition lets any GitHub repository assume the role"
    fi
  done <<<"$out"
  if [ -z "$problems" ]; then
    pass "trust: only $trust_subjects_text ($trust_operator), audience $audience, provider $provider_arn"
  else
    fail "trust: ${problems#; }" "$trust_fix"
  fi
}
# The role's permissions, simulated: each grant's actions allowed on its resource. Reads
# $grant_sids, $grant_resources, $grant_actions (each grant's actions, space-separated),
# $grant_actions_text (the same, as the line shows them) and $permissions_fix.
check_permissions() {
  local denied i action actions
  if [ -z "$role_arn" ]; then
    skip "permissions: not checked: the role was not found"
    return
  fi
  for ((i = 0; i < ${#grant_sids[@]}; i++)); do
    read -ra actions <<<"${grant_actions[i]}"
    if ! run iam simulate-principal-policy --policy-source-arn "$role_arn" --resource-arns "${grant_resources[i]}" --action-names "${actions[@]}" --query 'EvaluationResults[].[EvalActionName,EvalDecision]'; then
      skip "permissions: not checked, iam simulate-principal-policy failed here ($why); a SKIP is not a PASS"
      return
    fi
    denied=""
    for action in "${actions[@]}"; do
      has_line "$out" "$action"$'\t'allowed || denied+=" $action"
    done
    if [ -z "$denied" ]; then
      pass "permission ${grant_sids[i]}: ${grant_actions_text[i]} on ${grant_resources[i]}"
    else
      fail "permission ${grant_sids[i]}: denied$denied on ${grant_resources[i]}" "$permissions_fix"
    fi
  done
}
