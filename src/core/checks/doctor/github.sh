# The fork's side, with gh when it is installed and logged in: each secret exists (names only:
# GitHub never shows a value) and the region variable holds the table's region. Reads $fork,
# $role_arn_placeholder and, one item per secret or variable, $github_kinds, $github_names,
# $github_pages, $github_set_commands and $github_holds (what the set command's value is:
# role_arn and region come from the script, anything else is in the command already).
check_github() {
  local check listed reason="" i
  if ! command -v gh >/dev/null 2>&1; then
    reason="gh (the GitHub CLI) is not installed here"
  elif ! gh auth status >/dev/null 2>&1; then
    reason="gh is not logged in (gh auth login)"
  fi
  if [ -n "$reason" ]; then
    for ((i = 0; i < ${#github_names[@]}; i++)); do
      skip "${github_kinds[i]} ${github_names[i]}: not checked: $reason; compare with ${github_pages[i]}"
    done
    return
  fi
  if gh_run secret list --repo "$fork"; then
    # gh prints NAME<TAB>UPDATED; GitHub keeps secret names in capitals.
    listed=$(while IFS=$'\t' read -r check _; do printf '%s\n' "${check^^}"; done <<<"$out")
    for ((i = 0; i < ${#github_names[@]}; i++)); do
      [ "${github_kinds[i]}" = secret ] || continue
      if has_line "$listed" "${github_names[i]^^}"; then
        pass "secret ${github_names[i]}: set in $fork (GitHub shows no value)"
      else
        fail "secret ${github_names[i]}: not set in $fork, and the workflows read it" "$(github_fix "$i")"
      fi
    done
  else
    for ((i = 0; i < ${#github_names[@]}; i++)); do
      [ "${github_kinds[i]}" = secret ] || continue
      fail "secret ${github_names[i]}: cannot list the secrets of $fork with gh ($why)" "check the fork's name, and that gh is logged in as someone who may change the settings of $fork (gh auth status)"
    done
  fi
  for ((i = 0; i < ${#github_names[@]}; i++)); do
    [ "${github_kinds[i]}" = variable ] || continue
    local name=${github_names[i]}
    if ! gh_run variable get "$name" --repo "$fork"; then
      fail "variable $name: not set in $fork ($why), and the workflows read the table's region from it" "$(github_fix "$i")"
    elif [ "$out" != "$region" ]; then
      fail "variable $name: holds $out, but the table is in $region" "$(github_fix "$i")"
    else
      pass "variable $name: $region, the table's region"
    fi
  done
}
# The gh command that sets item $1, with the value the script knows.
github_fix() {
  case ${github_holds[$1]} in
    role_arn) printf '%s%s' "${github_set_commands[$1]}" "${role_arn:-$role_arn_placeholder}" ;;
    region) printf '%s%s' "${github_set_commands[$1]}" "$region" ;;
    *) printf '%s' "${github_set_commands[$1]}" ;;
  esac
}
