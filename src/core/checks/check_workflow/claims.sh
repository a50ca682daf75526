# Asks GitHub for the job's OIDC token, prints its claims (never the token), and compares
# its subject with the subjects the role trusts (TRUSTED_SUBJECTS, one a line; CUSTOM_CLAIM_KEYS
# names the keys when the role was built for the fork's customised subject template).
if [ -z "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" ] || [ -z "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-}" ]; then
  report FAIL "$TITLE_TOKEN" "token: this job may not ask for an OIDC token; the workflow needs 'permissions: id-token: write' (and runs for pull requests from forks never get one)"
  exit 1
fi
if ! response=$(curl -sS --fail --max-time 30 -H "Authorization: bearer ${ACTIONS_ID_TOKEN_REQUEST_TOKEN}" "${ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${AUDIENCE}"); then
  report FAIL "$TITLE_TOKEN" "token: GitHub gave no OIDC token (the curl error is above)"
  exit 1
fi
token=$(printf '%s' "$response" | jq -r '.value // empty' 2>/dev/null || true)
if [ -z "$token" ]; then
  report FAIL "$TITLE_TOKEN" "token: GitHub's answer holds no token"
  exit 1
fi
# The runner hides this line and every later occurrence of the token.
echo "::add-mask::${token}"
payload=$(printf '%s' "$token" | cut -d. -f2 | tr '_-' '/+')
case $((${#payload} % 4)) in
  2) payload="${payload}==" ;;
  3) payload="${payload}=" ;;
esac
if ! claims=$(printf '%s' "$payload" | base64 -d 2>/dev/null) || ! printf '%s' "$claims" | jq -e 'type == "object"' >/dev/null 2>&1; then
  report FAIL "$TITLE_TOKEN" "token: its payload is not base64url JSON"
  exit 1
fi
echo "The token's claims:"
printf '%s' "$claims" | jq -r '["sub", "aud", "repository", "repository_id", "repository_owner_id", "ref", "environment"][] as $k | "  \($k): \((.[$k] // "(none)") | tostring)"'
sub=$(printf '%s' "$claims" | jq -r '.sub // "" | tostring')
aud=$(printf '%s' "$claims" | jq -r '.aud // "" | tostring')

failed=0
if [ "$aud" = "$AUDIENCE" ]; then
  report PASS "$TITLE_TOKEN" "audience: ${aud}"
else
  report FAIL "$TITLE_TOKEN" "audience: the token is for \"${aud}\"; the role accepts ${AUDIENCE} only"
  failed=1
fi

# Splits a subject repo:OWNER[@ID]/REPO[@ID]:CONTEXT into owner, repo and context.
split() {
  local rest=${1#repo:} repo_part
  repo_part=${rest%%:*}
  owner=${repo_part%%/*}
  repo=${repo_part#*/}
  context=${rest#*:}
}

# Says how the token's subject differs from the trusted subject $1 of the same form.
explain() {
  local t_owner t_repo t_context r_owner r_repo r_context
  split "$sub"
  t_owner=$owner t_repo=$repo t_context=$context
  split "$1"
  r_owner=$owner r_repo=$repo r_context=$context
  local t_name=${t_owner%@*} r_name=${r_owner%@*}
  if [ "$t_name" != "$r_name" ]; then
    if [ "${t_name,,}" = "${r_name,,}" ]; then
      echo "  differs in owner case: the token has ${t_name}, the role ${r_name}; IAM compares case-sensitively, so regenerate with --repo ${t_name}/${t_repo%@*}"
    else
      echo "  differs in owner: the token has ${t_name}, the role ${r_name}; this run is not in the fork the role trusts"
    fi
  elif [[ $t_owner == *@* && $r_owner == *@* && $t_owner != "$r_owner" ]]; then
    echo "  differs in owner id: the token has ${t_owner}, the role ${r_owner}; use --owner-id ${t_owner#*@}"
  fi
  local t_repo_name=${t_repo%@*} r_repo_name=${r_repo%@*}
  if [ "$t_repo_name" != "$r_repo_name" ]; then
    if [ "${t_repo_name,,}" = "${r_repo_name,,}" ]; then
      echo "  differs in repository case: the token has ${t_repo_name}, the role ${r_repo_name}; regenerate with --repo ${t_name}/${t_repo_name}"
    else
      echo "  differs in repository: the token has ${t_repo_name}, the role ${r_repo_name}"
    fi
  elif [[ $t_repo == *@* && $r_repo == *@* && $t_repo != "$r_repo" ]]; then
    echo "  differs in repository id: the token has ${t_repo}, the role ${r_repo}; use --repo-id ${t_repo#*@}"
  fi
  case "${t_context}|${r_context}" in
    environment:*"|ref:"*)
      echo "  differs in context: the job runs in environment ${t_context#environment:}, so GitHub puts ${t_context} in the subject instead of the ref; the role trusts ${r_context}: remove 'environment:' from the job, or regenerate with --scope environment:${t_context#environment:}" ;;
    ref:*"|environment:"*)
      echo "  differs in context: the job has no environment, so the subject carries ${t_context}; the role trusts jobs in environment ${r_context#environment:} only: add 'environment: ${r_context#environment:}' to the job" ;;
    pull_request"|"*)
      echo "  differs in context: pull request runs present ${t_context}; the role trusts ${r_context} only" ;;
    ref:refs/heads/*"|ref:refs/heads/"*)
      if [ "$t_context" != "$r_context" ]; then
        echo "  differs in branch: the run is on ${t_context#ref:refs/heads/}, the role trusts ${r_context#ref:refs/heads/} only: run the workflow from that branch (gh workflow run --ref ${r_context#ref:refs/heads/})"
      fi ;;
    *)
      # shellcheck disable=SC2053 # the trusted context may be the pattern ref:*
      if [[ $t_context != $r_context ]]; then
        echo "  differs in context: the token has ${t_context}, the role trusts ${r_context}"
      fi ;;
  esac
}

matched=""
name_form=""
id_form=""
while IFS= read -r trusted; do
  [ -n "$trusted" ] || continue
  # shellcheck disable=SC2053 # a glob on purpose: StringLike's '*' in ref:*
  if [ -z "$matched" ] && [[ $sub == $trusted ]]; then
    matched=$trusted
  fi
  split "$trusted"
  case $owner in
    *@*) id_form=$trusted ;;
    *) name_form=$trusted ;;
  esac
done <<< "$TRUSTED_SUBJECTS"

if [ -n "$matched" ]; then
  report PASS "$TITLE_SUBJECT" "subject: ${sub} matches ${matched}"
else
  split "$sub"
  differs=$(
  if [ -n "${CUSTOM_CLAIM_KEYS:-}" ]; then
    echo "  differs from the customised subject template the role was built for (${CUSTOM_CLAIM_KEYS}): compare the token's subject with the trusted ones key by key; if the template has changed, generate again with --sub-claim and the new answer of gh api repos/${GITHUB_REPOSITORY:-OWNER/REPO}/actions/oidc/customization/sub, and update the stack"
  elif [[ $sub != repo:* ]]; then
    echo "  differs in form: the subject does not start with repo:, so the fork uses a customised subject template; restore the default with: gh api --method PUT repos/${GITHUB_REPOSITORY:-OWNER/REPO}/actions/oidc/customization/sub -F use_default=true"
  elif [[ $owner == *@* && $repo == *@* && -z $id_form ]]; then
    echo "  differs in form: the token carries the immutable id form (repo:OWNER@ID/REPO@ID), the role trusts the name form only: regenerate with --owner-id ${owner#*@} --repo-id ${repo#*@} and update the stack"
    explain "$name_form"
  elif [[ $owner == *@* && $repo == *@* ]]; then
    explain "$id_form"
  else
    explain "$name_form"
  fi
  )
  trusted=$(printf '%s\n' "$TRUSTED_SUBJECTS" | sed '/^$/d')
  trusted=${trusted//$'\n'/ or }
  differs=$(printf '%s\n' "$differs" | sed 's/^ *//')
  differs=${differs//$'\n'/; }
  report FAIL "$TITLE_SUBJECT" "subject: the role will refuse this token's subject ${sub}; it trusts ${trusted}; ${differs}"
  failed=1
fi
exit "$failed"
