//! What each resource of the tailored template does, in plain words.

use crate::core::setup::{CleanupPermission, LayerSharing, ProviderChoice, Setup};
use crate::core::template::ids;
use crate::core::template::table::INDEXES;

/// One resource of the tailored template, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceNote {
    /// Its logical id in the template.
    pub logical_id: &'static str,
    /// Its CloudFormation type.
    pub kind: &'static str,
    /// What it does, for a person.
    pub what: String,
}

/// What each resource of the tailored template does, in plain words.
pub fn resource_notes(setup: &Setup) -> Vec<ResourceNote> {
    let mut notes = Vec::new();
    if setup.provider == ProviderChoice::Create {
        notes.push(ResourceNote {
            logical_id: ids::PROVIDER,
            kind: "AWS::IAM::OIDCProvider",
            what: "Lets your account accept GitHub Actions' short-lived tokens (an account holds one; choose reuse if it has it already).".into(),
        });
    }
    let mut may = vec![format!("publish and read layers named {}-*", setup.layer_prefix)];
    if setup.permissions.sharing == LayerSharing::Public {
        may.push("make them public".into());
    }
    if setup.permissions.cleanup == CleanupPermission::Allowed {
        may.push("delete old versions and their records".into());
    }
    may.push(format!("read and write the table {}", setup.table));
    notes.push(ResourceNote {
        logical_id: ids::ROLE,
        kind: "AWS::IAM::Role",
        what: format!(
            "The role {} that only {} ({}) can assume, for at most {} seconds. It may {}; nothing else.",
            setup.role_name,
            setup.fork,
            setup.scope_description(),
            setup.max_session.seconds(),
            may.join(", ")
        ),
    });
    notes.push(ResourceNote {
        logical_id: ids::TABLE,
        kind: "AWS::DynamoDB::Table",
        what: format!(
            "The layer-metadata registry {} (pay per request, point-in-time recovery, indexes {}). Kept if the stack is deleted.",
            setup.table,
            INDEXES.map(|index| index.name).join(" and ")
        ),
    });
    notes
}
