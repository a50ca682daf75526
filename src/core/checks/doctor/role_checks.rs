//! The doctor's checks of the role (role.sh): its trust policy and its permissions.

use crate::core::checks::bash::{aws, query_word, word};
use crate::core::checks::grants::{grants, Grant};
use crate::core::oidc::{AUDIENCE, AUD_KEY, SUB_KEY};
use crate::core::setup::command::Subcommand;
use crate::core::setup::Setup;
use crate::core::shell;
use crate::core::template::role::POLICY_NAME;
use crate::core::template::subjects::trusted_subjects;

/// The checks of the role's trust policy and permissions, reading the values [`trust_values`]
/// and [`permission_values`] set.
pub(crate) const ROLE_CHECKS: &str = include_str!("role.sh");

/// The values the trust check reads: the subjects the template trusts (from the same list), how
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
        setup.command(Subcommand::Template),
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

/// The values the permissions check reads: each grant of [`grants`] (the list the template is
/// built from) as parallel arrays, and the fix.
pub(crate) fn permission_values(setup: &Setup) -> Vec<(&'static str, String)> {
    let role = setup.role_name.as_str();
    let fix = format!(
        "compare the role's inline policy ({}) with the template's ({}); a permissions boundary or an organization SCP can also deny",
        aws(&["iam", "get-role-policy", "--role-name", role, "--policy-name", POLICY_NAME]),
        setup.command(Subcommand::Template)
    );
    let grants = grants(setup);
    let array =
        |each: &dyn Fn(&Grant) -> String| format!("({})", grants.iter().map(each).collect::<Vec<_>>().join(" "));
    vec![
        ("grant_sids", array(&|g| shell::quote(g.sid).into_owned())),
        ("grant_resources", array(&|g| word(&g.resource))),
        ("grant_actions", array(&|g| shell::quote(&g.actions.join(" ")).into_owned())),
        ("grant_actions_text", array(&|g| shell::quote(&g.actions.join(", ")).into_owned())),
        ("permissions_fix", word(&fix)),
    ]
}
