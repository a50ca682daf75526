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
