//! [`SetupInput`]: what a person typed, before validation.

use crate::core::setup::choices::{CleanupPermission, LayerSharing, ProviderChoice, SecretPreset};
use crate::core::setup::field::Field;
use crate::core::setup::scope::ScopeInput;

/// What a person typed, before validation. An empty text means "the default"
/// ([`Field::default_text`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct SetupInput {
    /// The fork: `OWNER/REPO`, a GitHub URL or a git remote.
    pub fork: String,
    /// GitHub's numeric owner id.
    pub owner_id: String,
    /// GitHub's numeric repository id.
    pub repo_id: String,
    /// Any ref, one branch or one environment.
    pub scope: ScopeInput,
    /// The AWS region code.
    pub region: String,
    /// The CloudFormation stack name.
    pub stack_name: String,
    /// The IAM role name.
    pub role_name: String,
    /// The DynamoDB table name.
    pub table: String,
    /// The layer-name prefix.
    pub layer_prefix: String,
    /// The maximum session duration in seconds.
    pub max_session: String,
    /// Create or reuse the OIDC provider.
    pub provider: ProviderChoice,
    /// Whether layers may be made public.
    pub sharing: LayerSharing,
    /// Whether layers and records may be deleted.
    pub cleanup: CleanupPermission,
    /// The secret names preset.
    pub preset: SecretPreset,
    /// The role secret name.
    pub role_secret: String,
    /// The table secret name.
    pub table_secret: String,
    /// The region variable name.
    pub region_variable: String,
    /// The AWS account id.
    pub account_id: String,
    /// The role ARN from the stack outputs.
    pub role_arn: String,
    /// The Amazon S3 URL of the hosted generic template.
    pub template_url: String,
    /// GitHub's answer about the fork's subject claim template, as pasted (JSON).
    pub sub_claim: String,
}

impl SetupInput {
    /// An input for `fork` with every other field at its default.
    pub fn for_fork(fork: &str) -> Self {
        SetupInput { fork: fork.to_string(), ..SetupInput::default() }
    }

    /// The text of a text field; for the scope, the branch or environment name. Toggles and
    /// the preset have none.
    pub fn text(&self, field: Field) -> Option<&str> {
        Some(match field {
            Field::Fork => &self.fork,
            Field::OwnerId => &self.owner_id,
            Field::RepoId => &self.repo_id,
            Field::Scope => &self.scope.name,
            Field::Region => &self.region,
            Field::StackName => &self.stack_name,
            Field::RoleName => &self.role_name,
            Field::Table => &self.table,
            Field::LayerPrefix => &self.layer_prefix,
            Field::MaxSession => &self.max_session,
            Field::RoleSecret => &self.role_secret,
            Field::TableSecret => &self.table_secret,
            Field::RegionVariable => &self.region_variable,
            Field::AccountId => &self.account_id,
            Field::RoleArn => &self.role_arn,
            Field::TemplateUrl => &self.template_url,
            Field::SubClaim => &self.sub_claim,
            Field::Provider | Field::PublicLayers | Field::Cleanup | Field::Preset => return None,
        })
    }

    /// The text field `field`, to write into (`None` for toggles and the preset).
    pub fn text_mut(&mut self, field: Field) -> Option<&mut String> {
        Some(match field {
            Field::Fork => &mut self.fork,
            Field::OwnerId => &mut self.owner_id,
            Field::RepoId => &mut self.repo_id,
            Field::Scope => &mut self.scope.name,
            Field::Region => &mut self.region,
            Field::StackName => &mut self.stack_name,
            Field::RoleName => &mut self.role_name,
            Field::Table => &mut self.table,
            Field::LayerPrefix => &mut self.layer_prefix,
            Field::MaxSession => &mut self.max_session,
            Field::RoleSecret => &mut self.role_secret,
            Field::TableSecret => &mut self.table_secret,
            Field::RegionVariable => &mut self.region_variable,
            Field::AccountId => &mut self.account_id,
            Field::RoleArn => &mut self.role_arn,
            Field::TemplateUrl => &mut self.template_url,
            Field::SubClaim => &mut self.sub_claim,
            Field::Provider | Field::PublicLayers | Field::Cleanup | Field::Preset => return None,
        })
    }

    /// The text of `field`, or the value a blank one stands for.
    pub fn text_or_default(&self, field: Field) -> Option<&str> {
        let text = self.text(field)?;
        if text.trim().is_empty() {
            field.default_text(self.preset)
        } else {
            Some(text)
        }
    }
}
