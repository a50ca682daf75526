//! The doctor's checks of the role: its trust policy and its permissions.

use crate::core::checks::script::{aws, fail, pass, query_word, skip, word, WHY};
use crate::core::checks::subjects::trusted_subjects;
use crate::core::checks::workflow::{grants, Grant, ACCOUNT};
use crate::core::oidc::{self, AUDIENCE, AUD_KEY, SUB_KEY};
use crate::core::setup::Setup;
use crate::core::shell;
use crate::core::template::role::POLICY_NAME;

pub(crate) fn check_trust(setup: &Setup) -> String {
    let role = shell::quote(setup.role_name.as_str()).into_owned();
    let subjects = trusted_subjects(setup);
    let words: Vec<String> = subjects.iter().map(|s| shell::quote(s).into_owned()).collect();
    let document = "Role.AssumeRolePolicyDocument.[Statement][] | ";
    let query = |q: &str| query_word(&format!("{document}{q}"));
    // The template lists its subjects under StringLike when one is a pattern.
    let (operator, admitted) = match subjects.iter().any(|s| s.contains('*')) {
        true => ("StringLike", "$like"),
        false => ("StringEquals", "$like\n$equals"),
    };
    let partition = setup.region.partition().as_str();
    let fix = format!(
        "the role must trust only {} ({operator}) with {AUD_KEY} = {AUDIENCE}; a deploy that changes nothing does not undo edits made outside CloudFormation: put back the AssumeRolePolicyDocument of {} with aws iam update-assume-role-policy --role-name {role}",
        subjects.join(" and "),
        setup.command("template"),
    );
    let admits: String = subjects
        .iter()
        .map(|s| {
            let missing = shell::quote(&format!("; does not admit {s}")).into_owned();
            format!("  has_line \"{admitted}\" {} || problems+={missing}\n", shell::quote(s))
        })
        .collect();
    format!(
        r#"check_trust() {{
  local like equals principal audience bounded item problems=""
  if [ -z "$role_arn" ]; then
    {no_role}
    return
  fi
  if ! run iam get-role --role-name {role} --query {q_like}; then
    {unreadable}
    return
  fi
  like=$(items "$out")
  run iam get-role --role-name {role} --query {q_equals}
  equals=$(items "$out")
{admits}  while IFS= read -r item; do
    case $item in
      '' | {patterns}) ;;
      *) problems+="; also admits $item ($(stranger "$item" {owner} {repo}))" ;;
    esac
  done <<<"$like
$equals"
  # One line per statement: its federated principal, its audiences, whether it bounds sub.
  run iam get-role --role-name {role} --query {q_statements}
  while IFS=$'\t' read -r principal audience bounded; do
    if [ "$principal" != "$provider_arn" ]; then
      problems+="; a statement trusts $principal, not the account's GitHub provider"
    fi
    if [ "$audience" != {audience} ]; then
      problems+="; a statement's audience is $audience, not {audience}"
    fi
    if [ "$bounded" != bounded ]; then
      problems+="; a statement without a sub condition lets any GitHub repository assume the role"
    fi
  done <<<"$out"
  if [ -z "$problems" ]; then
    {found}
  else
    fail "trust: ${{problems#; }}" {fix}
  fi
}}
"#,
        no_role = skip("trust: not checked: the role was not found"),
        q_like = query(&format!("[].Condition.StringLike.\"{SUB_KEY}\"[]")),
        q_equals = query(&format!("[].Condition.StringEquals.\"{SUB_KEY}\"[]")),
        q_statements = query(&format!(
            "[].[Principal.Federated || 'none', join(',', to_array(Condition.StringEquals.\"{AUD_KEY}\" || 'missing')), (Condition.StringLike.\"{SUB_KEY}\" || Condition.StringEquals.\"{SUB_KEY}\") && 'bounded' || 'unbounded']"
        )),
        unreadable = fail(&format!("trust: cannot read the role's trust policy ({WHY})"), "run this with credentials that may call iam:GetRole"),
        patterns = words.join(" | "),
        owner = shell::quote(setup.fork.owner.as_str()),
        repo = shell::quote(setup.fork.repo.as_str()),
        audience = shell::quote(AUDIENCE),
        found = pass(&format!(
            "trust: only {} ({operator}), audience {AUDIENCE}, provider {}",
            subjects.join(" and "),
            oidc::provider_arn(partition, ACCOUNT)
        )),
        fix = word(&fix),
    )
}

pub(crate) fn check_permissions(setup: &Setup) -> String {
    let role = setup.role_name.as_str();
    let fix = format!(
        "compare the role's inline policy ({}) with the template's ({}); a permissions boundary or an organization SCP can also deny",
        aws(&["iam", "get-role-policy", "--role-name", role, "--policy-name", POLICY_NAME]),
        setup.command("template")
    );
    let mut body = String::new();
    for Grant { sid, actions, resource } in grants(setup) {
        let checks: String = actions
            .iter()
            .map(|a| {
                format!(
                    "  has_line \"$out\" {}$'\\t'allowed || denied+={}\n",
                    shell::quote(a),
                    shell::quote(&format!(" {a}"))
                )
            })
            .collect();
        body.push_str(&format!(
            r#"  if ! run iam simulate-principal-policy --policy-source-arn "$role_arn" --resource-arns {resource_word} --action-names {names} --query 'EvaluationResults[].[EvalActionName,EvalDecision]'; then
    {unavailable}
    return
  fi
  denied=""
{checks}  if [ -z "$denied" ]; then
    {allowed}
  else
    {denied}
  fi
"#,
            resource_word = word(&resource),
            names = actions.iter().map(|a| shell::quote(a).into_owned()).collect::<Vec<_>>().join(" "),
            unavailable = skip(&format!(
                "permissions: not checked, iam simulate-principal-policy failed here ({WHY}); a SKIP is not a PASS"
            )),
            allowed = pass(&format!("permission {sid}: {} on {resource}", actions.join(", "))),
            denied = fail(&format!("permission {sid}: denied${{sh::denied}} on {resource}"), &fix),
        ));
    }
    format!(
        "check_permissions() {{\n  local denied\n  if [ -z \"$role_arn\" ]; then\n    {}\n    return\n  fi\n{body}}}\n",
        skip("permissions: not checked: the role was not found")
    )
}
