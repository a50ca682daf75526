# The stack's status, with a fix for each state that needs one. Reads $stack,
# $deploy_command, $events_command, $delete_command and $region_override.
check_stack() {
  local name="stack $stack in $region"
  if ! run cloudformation describe-stacks --stack-name "$stack" --query 'Stacks[0].StackStatus'; then
    fail "$name: not found ($why)" "deploy it ($deploy_command prints the commands); if it is in another region, export $region_override=<region> and run this again"
    return
  fi
  case $out in
    ROLLBACK_COMPLETE) fail "$name: ROLLBACK_COMPLETE, its creation failed and was undone" "read why in $events_command, then delete it ($delete_command) and deploy again" ;;
    DELETE_COMPLETE) fail "$name: DELETE_COMPLETE" "deploy it again ($deploy_command prints the commands)" ;;
    UPDATE_ROLLBACK_COMPLETE) pass "$name: UPDATE_ROLLBACK_COMPLETE (the last update failed and was undone; the stack keeps its previous template)" ;;
    *_COMPLETE) pass "$name: $out" ;;
    *_IN_PROGRESS) fail "$name: $out" "wait until it ends, then run this again" ;;
    *) fail "$name: $out" "read why in $events_command" ;;
  esac
}
# The role, its ARN kept in $role_arn for the later checks. Reads $role_name and $deploy_command.
check_role() {
  if run iam get-role --role-name "$role_name" --query Role.Arn; then
    role_arn=$out
    pass "role $role_name: $role_arn"
  else
    fail "role $role_name: not found ($why)" "deploy the stack ($deploy_command prints the commands); a role made by hand is not checked"
  fi
}
# The account's GitHub OIDC provider, $provider_arn, and its client id $audience. Reads
# $oidc_host, $provider_missing_fix and $add_audience_command.
check_provider() {
  local unreadable="provider: cannot read the account's OIDC providers"
  local permissions="run this with credentials that may call iam:ListOpenIDConnectProviders and iam:GetOpenIDConnectProvider"
  if ! run iam list-open-id-connect-providers --query 'OpenIDConnectProviderList[].Arn'; then
    fail "$unreadable ($why)" "$permissions"
  elif ! has_line "$(items "$out")" "$provider_arn"; then
    fail "provider: the account has no OIDC provider for $oidc_host" "$provider_missing_fix"
  elif ! run iam get-open-id-connect-provider --open-id-connect-provider-arn "$provider_arn" --query ClientIDList; then
    fail "$unreadable ($why)" "$permissions"
  elif ! has_line "$(items "$out")" "$audience"; then
    fail "provider: $oidc_host lacks the client id $audience" "$add_audience_command"
  else
    pass "provider: $oidc_host, client id $audience"
  fi
}
