//! The doctor's checks of the fork's side, with the GitHub CLI when it is installed and logged
//! in: every secret the setup lists exists (names only: GitHub never shows a value), and the
//! region variable holds the table's region (github.sh). Without gh, each is a SKIP that
//! says why.

use crate::core::guide::{secret_entries, SecretEntry, SecretValue, ROLE_ARN_PLACEHOLDER};
use crate::core::setup::{Choice, Setup};
use crate::core::shell;

/// The check of the fork's side, reading the values [`github_values`] sets.
pub(crate) const GITHUB_CHECK: &str = include_str!("github.sh");

/// The values [`GITHUB_CHECK`] reads: the fork, and each entry of [`secret_entries`] as parallel
/// arrays. An entry's `gh ... set` command loses the value the setup knows when the script knows
/// a better one (the role ARN as found, the region checked).
pub(crate) fn github_values(setup: &Setup) -> Vec<(&'static str, String)> {
    let unknown = Setup { role_arn: None, ..setup.clone() };
    let entries = secret_entries(&unknown);
    let array = |each: &dyn Fn(&SecretEntry) -> String| {
        format!("({})", entries.iter().map(|e| shell::quote(&each(e)).into_owned()).collect::<Vec<_>>().join(" "))
    };
    let set_command = |entry: &SecretEntry| {
        let known = shell::quote(entry.value.as_deref().unwrap_or(ROLE_ARN_PLACEHOLDER)).into_owned();
        match entry.holds {
            SecretValue::RoleArn | SecretValue::Region => {
                entry.command.strip_suffix(&known).unwrap_or(&entry.command).to_string()
            }
            SecretValue::TableName => entry.command.clone(),
        }
    };
    let holds = |entry: &SecretEntry| match entry.holds {
        SecretValue::RoleArn => "role_arn",
        SecretValue::Region => "region",
        SecretValue::TableName => "table",
    };
    vec![
        ("fork", shell::quote(&setup.fork.to_string()).into_owned()),
        ("role_arn_placeholder", shell::quote(ROLE_ARN_PLACEHOLDER).into_owned()),
        ("github_kinds", array(&|e| e.kind.as_str().to_string())),
        ("github_names", array(&|e| e.name.clone())),
        ("github_pages", array(&|e| e.url.strip_suffix("/new").unwrap_or(&e.url).to_string())),
        ("github_set_commands", array(&set_command)),
        ("github_holds", array(&|e| holds(e).to_string())),
    ]
}
