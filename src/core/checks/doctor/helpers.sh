passed=0 failed=0 skipped=0 account="" role_arn="" table_found="" out="" why=""
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass() { passed=$((passed + 1)); printf 'PASS  %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL  %s\n      fix: %s\n' "$1" "$2"; }
skip() { skipped=$((skipped + 1)); printf 'SKIP  %s\n' "$1"; }
# Runs the AWS CLI in $region with text output: the answer in $out, the error's first line
# (warnings left out, 200 characters at most) in $why.
run() {
  out=$(aws "$@" --region "$region" --output text 2>"$tmp/err")
  local status=$?
  why=$(grep -v -e '^[[:space:]]*$' -e 'Warning' "$tmp/err" | head -n 1 | cut -c 1-200)
  if [ "$out" = None ]; then out=""; fi
  return "$status"
}
# Runs gh, never prompting: the answer in $out, the error's first line (200 characters at
# most) in $why.
gh_run() {
  out=$(GH_PROMPT_DISABLED=1 gh "$@" 2>"$tmp/err")
  local status=$?
  why=$(grep -v -e '^[[:space:]]*$' "$tmp/err" | head -n 1 | cut -c 1-200)
  return "$status"
}
# Whether the text $1 has the line $2.
has_line() {
  case $'\n'"$1"$'\n' in *$'\n'"$2"$'\n'*) return 0 ;; *) return 1 ;; esac
}
# The items of the text output $1 (separated by tabs or newlines), one per line.
items() {
  printf '%s\n' "${1//$'\t'/$'\n'}"
}
# The keys (second column) of the row named $2 in the text output $1.
keys_of() {
  local name keys
  while IFS=$'\t' read -r name keys; do
    if [ "$name" = "$2" ]; then printf '%s' "$keys"; fi
  done <<<"$1"
}
# Why the OIDC subject $1 is not one of the fork's $2/$3: which part differs.
stranger() {
  local rest=${1#repo:} owner repo
  owner=${rest%%/*}
  rest=${rest#*/}
  repo=${rest%%:*}
  case $1 in
    repo:*) ;;
    *[*?]*)
      printf 'a wildcard: any repository'
      return
      ;;
    *)
      printf 'not a repo: subject'
      return
      ;;
  esac
  case $owner$repo in *[*?]*)
    printf 'a wildcard: any repository'
    return
    ;;
  esac
  if [ "${owner%%@*}" != "$2" ]; then
    printf 'another owner'
  elif [ "${repo%%@*}" != "$3" ]; then
    printf 'another repository'
  else
    printf 'the fork, but not in the chosen scope or with other ids'
  fi
}
