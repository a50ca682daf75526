# The step that assumes the role failed: AWS refused this run. Says what the role trusts, as
# an annotation the diagnosis reads back.
trusted=$(printf '%s\n' "$TRUSTED_SUBJECTS" | sed '/^$/d')
trusted=${trusted//$'\n'/ or }
report FAIL "$TITLE_ROLE" "role: AWS refused to let this run assume the role ${ROLE_NAME}; it trusts the subjects ${trusted} with the audience ${AUDIENCE}"
exit 1
