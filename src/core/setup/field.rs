//! Every input the setup takes, named once: its label in the wizard, its flag in the CLI
//! (clap is built from [`Field::long`]), its key in the wizard's URL query and its default.

use std::fmt;

use crate::core::setup::choices::SecretPreset;
use crate::core::setup::defaults;

/// The text of an optional name (the table secret, the region variable) that the fork's
/// workflows do not read: the setup lists no such secret. A blank field means the preset's
/// default instead; `-` is no GitHub name, so it cannot be confused with one.
pub const NOT_USED: &str = "-";

/// What separates the names of a field that takes several (the role secret).
pub const LIST_SEPARATOR: char = ',';

/// A value as a person reads it in a list of changes or options: `(none)` for a blank value
/// or [`NOT_USED`].
pub fn shown(value: &str) -> &str {
    match value.trim() {
        "" | NOT_USED => "(none)",
        _ => value,
    }
}

/// One input of the setup. The UI, the CLI and the URL all name inputs through this enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Field {
    /// The fork, `OWNER/REPO` or a GitHub URL.
    Fork,
    /// GitHub's numeric id of the fork's owner.
    OwnerId,
    /// GitHub's numeric id of the fork.
    RepoId,
    /// GitHub's answer about the fork's OIDC subject claim template.
    SubClaim,
    /// Which workflows of the fork may assume the role.
    Scope,
    /// The AWS region of the stack and the table.
    Region,
    /// The CloudFormation stack name.
    StackName,
    /// The IAM role name.
    RoleName,
    /// The DynamoDB table name.
    Table,
    /// The Lambda layer-name prefix.
    LayerPrefix,
    /// The role's maximum session duration, in seconds.
    MaxSession,
    /// Create the GitHub OIDC provider or reuse the account's.
    Provider,
    /// Whether the role may make layers public.
    PublicLayers,
    /// Whether the role may delete layers and their records.
    Cleanup,
    /// Which secret and variable names the fork's workflows read.
    Preset,
    /// The name of the secret that holds the role ARN.
    RoleSecret,
    /// The name of the secret that holds the table name.
    TableSecret,
    /// The name of the variable that holds the table's region.
    RegionVariable,
    /// The 12-digit AWS account id.
    AccountId,
    /// The role ARN from the stack outputs.
    RoleArn,
    /// The Amazon S3 URL of the hosted generic template.
    TemplateUrl,
}

impl Field {
    /// Every field, in the order the wizard asks for them.
    pub const ALL: [Field; 21] = [
        Field::Fork,
        Field::OwnerId,
        Field::RepoId,
        Field::SubClaim,
        Field::Scope,
        Field::Region,
        Field::StackName,
        Field::RoleName,
        Field::Table,
        Field::LayerPrefix,
        Field::MaxSession,
        Field::Provider,
        Field::PublicLayers,
        Field::Cleanup,
        Field::Preset,
        Field::RoleSecret,
        Field::TableSecret,
        Field::RegionVariable,
        Field::AccountId,
        Field::RoleArn,
        Field::TemplateUrl,
    ];

    /// The label a person reads in the wizard.
    pub fn label(self) -> &'static str {
        match self {
            Field::Fork => "Fork",
            Field::OwnerId => "Owner id",
            Field::RepoId => "Repository id",
            Field::SubClaim => "Subject claim template",
            Field::Scope => "Trust scope",
            Field::Region => "Region",
            Field::StackName => "Stack name",
            Field::RoleName => "Role name",
            Field::Table => "Table name",
            Field::LayerPrefix => "Layer-name prefix",
            Field::MaxSession => "Max session duration",
            Field::Provider => "OIDC provider",
            Field::PublicLayers => "Public layers",
            Field::Cleanup => "Cleanup",
            Field::Preset => "Secret names preset",
            Field::RoleSecret => "Role secret name",
            Field::TableSecret => "Table secret name",
            Field::RegionVariable => "Region variable name",
            Field::AccountId => "AWS account id",
            Field::RoleArn => "Role ARN",
            Field::TemplateUrl => "Hosted template URL",
        }
    }

    /// The CLI flag that sets this field, without its leading `--` (clap's `long`).
    pub const fn long(self) -> &'static str {
        match self {
            Field::Fork => "repo",
            Field::OwnerId => "owner-id",
            Field::RepoId => "repo-id",
            Field::SubClaim => "sub-claim",
            Field::Scope => "scope",
            Field::Region => "region",
            Field::StackName => "stack-name",
            Field::RoleName => "role-name",
            Field::Table => "table",
            Field::LayerPrefix => "layer-prefix",
            Field::MaxSession => "max-session",
            Field::Provider => "existing-provider",
            Field::PublicLayers => "no-public-layers",
            Field::Cleanup => "allow-cleanup",
            Field::Preset => "preset",
            Field::RoleSecret => "role-secret",
            Field::TableSecret => "table-secret",
            Field::RegionVariable => "region-variable",
            Field::AccountId => "account-id",
            Field::RoleArn => "role-arn",
            Field::TemplateUrl => "template-url",
        }
    }

    /// The CLI flag that sets this field, `--` included.
    pub fn flag(self) -> String {
        format!("--{}", self.long())
    }

    /// The value a blank field stands for, if it has one.
    pub fn default_text(self, preset: SecretPreset) -> Option<&'static str> {
        match self {
            Field::Region => Some(defaults::REGION),
            Field::StackName => Some(defaults::STACK_NAME),
            Field::RoleName => Some(defaults::ROLE_NAME),
            Field::Table => Some(preset.table()),
            Field::LayerPrefix => Some(defaults::LAYER_PREFIX),
            Field::MaxSession => Some(defaults::MAX_SESSION),
            Field::RoleSecret => Some(preset.role_secret()),
            Field::TableSecret => preset.table_secret(),
            Field::RegionVariable => preset.region_variable(),
            _ => None,
        }
    }

    /// The key of this field in the wizard's URL query, also the suffix of its DOM id.
    pub fn key(self) -> &'static str {
        match self {
            Field::Fork => "repo",
            Field::OwnerId => "owner_id",
            Field::RepoId => "repo_id",
            Field::SubClaim => "sub_claim",
            Field::Scope => "scope",
            Field::Region => "region",
            Field::StackName => "stack",
            Field::RoleName => "role",
            Field::Table => "table",
            Field::LayerPrefix => "prefix",
            Field::MaxSession => "session",
            Field::Provider => "provider",
            Field::PublicLayers => "public",
            Field::Cleanup => "cleanup",
            Field::Preset => "preset",
            Field::RoleSecret => "role_secret",
            Field::TableSecret => "table_secret",
            Field::RegionVariable => "region_var",
            Field::AccountId => "account",
            Field::RoleArn => "role_arn",
            Field::TemplateUrl => "template_url",
        }
    }

    /// The field whose URL key is `key`.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
