//! The doctor's checks of the role: its trust policy (doctor_role.sh) and its permissions.

use crate::core::checks::script::{aws, fail, pass, query_word, skip, word, WHY};
use crate::core::checks::subjects::trusted_subjects;
use crate::core::checks::workflow::{grants, Grant};
use crate::core::oidc::{AUDIENCE, AUD_KEY, SUB_KEY};
use crate::core::setup::Setup;
use crate::core::shell;
use crate::core::template::role::POLICY_NAME;

/// The check of the role's trust policy, reading the values [`trust_values`] sets.
pub(crate) const TRUST_CHECK: &str = include_str!("doctor_role.sh");

/// The values [`TRUST_CHECK`] reads: the subjects the template trusts (from the same list), how
/// it lists them, the fork, the queries and the fix.
pub(crate) fn trust_values(setup: &Setup) -> Vec<(&'static str, String)> {
    let role = shell::quote(setup.role_name.as_str()).into_owned();
    let subjects = trusted_subjects(setup);
    let words: Vec<String> = subjects.iter().map(|s| shell::quote(s).into_owned()).collect();
    let document = "Role.AssumeRolePolicyDocument.[Statement][] | ";
    let query = |q: &str| query_word(&format!("{document}{q}"));
    // The template lists its subjects under StringLike when one is a pattern.
    let operator = if subjects.iter().any(|s| s.contains('*')) { "StringLike" } else { "StringEquals" };
    let fix = format!(
        "the role must trust only {} ({operator}) with {AUD_KEY} = {AUDIENCE}; a deploy that changes nothing does not undo edits made outside CloudFormation: put back the AssumeRolePolicyDocument of {} with aws iam update-assume-role-policy --role-name {role}",
        subjects.join(" and "),
        setup.command("template"),
    );
    vec![
        ("trusted_subjects", format!("({})", words.join(" "))),
        ("trust_subjects_text", shell::quote(&subjects.join(" and ")).into_owned()),
        ("trust_operator", operator.to_string()),
        ("fork_owner", shell::quote(setup.fork.owner.as_str()).into_owned()),
        ("fork_repo", shell::quote(setup.fork.repo.as_str()).into_owned()),
        ("trust_like_query", query(&format!("[].Condition.StringLike.\"{SUB_KEY}\"[]"))),
        ("trust_equals_query", query(&format!("[].Condition.StringEquals.\"{SUB_KEY}\"[]"))),
        (
            "trust_statements_query",
            query(&format!(
                "[].[Principal.Federated || 'none', join(',', to_array(Condition.StringEquals.\"{AUD_KEY}\" || 'missing')), (Condition.StringLike.\"{SUB_KEY}\" || Condition.StringEquals.\"{SUB_KEY}\") && 'bounded' || 'unbounded']"
            )),
        ),
        ("trust_fix", word(&fix)),
    ]
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
