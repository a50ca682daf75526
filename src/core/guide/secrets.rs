//! The GitHub secrets and variable the fork needs, with exact values, links and `gh` commands.

use serde::Serialize;

use crate::core::links;
use crate::core::setup::choices::{Choice, SecretKind};
use crate::core::setup::{Field, FieldError, Setup};
use crate::core::shell;

/// What a secret or variable holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretValue {
    /// The role ARN, from the stack outputs.
    RoleArn,
    /// The table name.
    TableName,
    /// The table's region.
    Region,
}

/// One secret or variable to add to the fork.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretEntry {
    /// Its name.
    pub name: String,
    /// Its exact value; `None` until the account id or role ARN is known.
    pub value: Option<String>,
    /// Secret or variable.
    pub kind: SecretKind,
    /// The fork's settings page that adds it.
    pub url: String,
    /// The `gh` command that sets it (with a placeholder while the value is unknown).
    pub command: String,
    /// What it holds (the checks compare it with what the account has).
    #[serde(skip)]
    pub holds: SecretValue,
}

/// The placeholder standing for the role ARN while it is unknown.
pub const ROLE_ARN_PLACEHOLDER: &str = "<role ARN from the stack outputs>";

/// The secrets and variable of `setup`, in the order to add them.
pub fn secret_entries(setup: &Setup) -> Vec<SecretEntry> {
    let names = &setup.secrets;
    let mut entries = vec![(SecretKind::Secret, &names.role_secret, SecretValue::RoleArn)];
    entries.extend(names.also_role.iter().map(|n| (SecretKind::Secret, n, SecretValue::RoleArn)));
    entries.extend(names.table_secret.iter().map(|n| (SecretKind::Secret, n, SecretValue::TableName)));
    entries.extend(names.region_variable.iter().map(|n| (SecretKind::Variable, n, SecretValue::Region)));
    entries
        .into_iter()
        .map(|(kind, name, holds)| {
            let value = match holds {
                SecretValue::RoleArn => setup.role_arn.as_ref().map(ToString::to_string),
                SecretValue::TableName => Some(setup.table.to_string()),
                SecretValue::Region => Some(setup.region.to_string()),
            };
            let shown = value.as_deref().unwrap_or(ROLE_ARN_PLACEHOLDER);
            let fork = setup.fork.to_string();
            SecretEntry {
                name: name.to_string(),
                url: links::github_new_actions_setting(&setup.fork, kind.settings_path()),
                command: shell::join(&["gh", kind.as_str(), "set", name.as_str(), "--repo", &fork, "--body", shown]),
                value,
                kind,
                holds,
            }
        })
        .collect()
}

/// The entries, refused when a value is still unknown (the CLI needs every value).
pub fn complete_entries(setup: &Setup) -> Result<Vec<SecretEntry>, FieldError> {
    let entries = secret_entries(setup);
    if let Some(missing) = entries.iter().find(|e| e.value.is_none()) {
        return Err(FieldError::new(
            Field::AccountId,
            format!(
                "is needed for the value of {}: give the 12-digit account id ({} 123456789012) or the stack's {} output ({})",
                missing.name,
                Field::AccountId.flag(),
                crate::core::template::ids::OUTPUT_ROLE_ARN,
                Field::RoleArn.flag()
            ),
        ));
    }
    Ok(entries)
}

/// One script that sets every secret and variable with `gh`.
pub fn gh_script(setup: &Setup) -> String {
    let mut script = format!("# Set the secrets ocelot's workflows read in {} (needs gh auth login).\n", setup.fork);
    for e in secret_entries(setup) {
        script.push_str(&e.command);
        script.push('\n');
    }
    script
}
