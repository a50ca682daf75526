//! The setup request in two stages: [`SetupInput`], the raw text a person typed, and
//! [`Setup`], the validated request every output is computed from.

pub mod aws;
pub mod error;
pub mod field;
pub mod query;
pub mod values;

use serde::{Deserialize, Serialize};

use crate::core::setup::aws::{Region, RoleArn, TemplateUrl};
use crate::core::setup::error::{FieldError, SetupErrors};
use crate::core::setup::field::Field;
use crate::core::setup::values::{
    parse_github_id, AccountId, BranchName, EnvironmentName, Fork, GitHubIds, LayerPrefix, Refusal, RoleName,
    SecretName, SessionDuration, StackName, TableName,
};

/// The stack name used when none is given.
pub const DEFAULT_STACK_NAME: &str = "ocelot-fork-setup";
/// The role name used when none is given.
pub const DEFAULT_ROLE_NAME: &str = "ocelot-layer-publisher";
/// The layer-name prefix ocelot's tools use.
pub const DEFAULT_LAYER_PREFIX: &str = "ocel";

/// Which workflow runs of the fork may assume the role.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum TrustScope {
    /// Any branch or tag of the fork (`ref:*`); pull requests and environment jobs are not trusted.
    #[default]
    AnyRef,
    /// Runs on one branch.
    Branch(BranchName),
    /// Jobs that use one deployment environment.
    Environment(EnvironmentName),
}

impl TrustScope {
    /// Parses `any`, `branch:NAME` or `environment:NAME` (empty means `any`).
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value = value.trim_matches(|c: char| c == '\n' || c == '\r');
        match value.split_once(':') {
            _ if value.is_empty() || value == "any" => Ok(TrustScope::AnyRef),
            Some(("branch", name)) => BranchName::parse(name).map(TrustScope::Branch),
            Some(("environment", name)) => EnvironmentName::parse(name).map(TrustScope::Environment),
            _ => Err(format!(
                "\"{value}\" is not a trust scope; use any, branch:NAME (e.g. branch:main) or environment:NAME (e.g. environment:production)"
            )),
        }
    }

    /// The end of the OIDC `sub` claim after `repo:OWNER/REPO:`.
    pub fn subject_suffix(&self) -> String {
        match self {
            TrustScope::AnyRef => "ref:*".to_string(),
            TrustScope::Branch(branch) => format!("ref:refs/heads/{branch}"),
            TrustScope::Environment(env) => format!("environment:{}", env.in_subject()),
        }
    }

    /// The scope as the CLI's `--scope` takes it.
    pub fn as_arg(&self) -> String {
        match self {
            TrustScope::AnyRef => "any".to_string(),
            TrustScope::Branch(branch) => format!("branch:{branch}"),
            TrustScope::Environment(env) => format!("environment:{env}"),
        }
    }

    /// The scope in plain words.
    pub fn describe(&self) -> String {
        match self {
            TrustScope::AnyRef => "any branch or tag of the fork".to_string(),
            TrustScope::Branch(branch) => format!("runs on branch {branch} only"),
            TrustScope::Environment(env) => format!("jobs in environment {env} only"),
        }
    }
}

/// Whether the stack creates the account's GitHub OIDC provider or reuses the one it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderChoice {
    /// Create `token.actions.githubusercontent.com` (an account holds at most one).
    #[default]
    Create,
    /// Reference the provider the account already has.
    Reuse,
}

/// Whether the role may make published layers public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LayerSharing {
    /// The role may add a public permission to its layers (ocelot's `make-public` input).
    #[default]
    Public,
    /// Layers stay private to the account.
    Private,
}

/// Whether the role may delete layers and their records, as `reaper.py` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CleanupPermission {
    /// No deletions.
    #[default]
    Denied,
    /// Layer versions and their table records may be deleted.
    Allowed,
}

/// Which secret and variable names the fork's workflows read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretPreset {
    /// The docs' names: secrets `AWS_ROLE_TO_ASSUME` and `DYNAMODB_TABLE_NAME`.
    #[default]
    Seed,
    /// Upstream ocelot's workflows as of 2025-07: secret `OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN`,
    /// variable `DYNAMODB_REGION`, table `ocelot-layers`.
    Upstream,
}

impl SecretPreset {
    /// The default role secret name.
    pub fn role_secret(self) -> &'static str {
        match self {
            SecretPreset::Seed => "AWS_ROLE_TO_ASSUME",
            SecretPreset::Upstream => "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN",
        }
    }

    /// The default table secret name, if the preset has one.
    pub fn table_secret(self) -> Option<&'static str> {
        match self {
            SecretPreset::Seed => Some("DYNAMODB_TABLE_NAME"),
            SecretPreset::Upstream => None,
        }
    }

    /// The default region variable name, if the preset has one.
    pub fn region_variable(self) -> Option<&'static str> {
        match self {
            SecretPreset::Seed => None,
            SecretPreset::Upstream => Some("DYNAMODB_REGION"),
        }
    }

    /// The default table name.
    pub fn table(self) -> &'static str {
        match self {
            SecretPreset::Seed => "PublishedCustomCollectorExtensionLayers",
            SecretPreset::Upstream => "ocelot-layers",
        }
    }

    /// The preset as the CLI's `--preset` takes it.
    pub fn as_arg(self) -> &'static str {
        match self {
            SecretPreset::Seed => "seed",
            SecretPreset::Upstream => "upstream",
        }
    }
}

/// The permissions the role gets beyond publishing, which it always has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Permissions {
    /// Whether layers may be made public.
    pub sharing: LayerSharing,
    /// Whether layers and records may be deleted.
    pub cleanup: CleanupPermission,
}

/// The names of the secrets and variable the fork's workflows read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretNames {
    /// The preset the names came from.
    pub preset: SecretPreset,
    /// The secret holding the role ARN.
    pub role_secret: SecretName,
    /// The secret holding the table name (seed preset).
    pub table_secret: Option<SecretName>,
    /// The variable holding the table's region (upstream preset).
    pub region_variable: Option<SecretName>,
}

/// What a person typed, before validation. An empty string means "the default".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SetupInput {
    /// The fork: `OWNER/REPO`, a GitHub URL or a git remote.
    pub fork: String,
    /// GitHub's numeric owner id.
    pub owner_id: String,
    /// GitHub's numeric repository id.
    pub repo_id: String,
    /// `any`, `branch:NAME` or `environment:NAME`.
    pub scope: String,
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
}

impl SetupInput {
    /// An input for `fork` with every other field at its default.
    pub fn for_fork(fork: &str) -> Self {
        SetupInput { fork: fork.to_string(), ..SetupInput::default() }
    }

    /// The text of a text field (toggles and the preset have none).
    pub fn text(&self, field: Field) -> Option<&str> {
        Some(match field {
            Field::Fork => &self.fork,
            Field::OwnerId => &self.owner_id,
            Field::RepoId => &self.repo_id,
            Field::Scope => &self.scope,
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
            Field::Provider | Field::PublicLayers | Field::Cleanup | Field::Preset => return None,
        })
    }

    /// The text field `field`, to write into (`None` for toggles and the preset).
    pub fn text_mut(&mut self, field: Field) -> Option<&mut String> {
        Some(match field {
            Field::Fork => &mut self.fork,
            Field::OwnerId => &mut self.owner_id,
            Field::RepoId => &mut self.repo_id,
            Field::Scope => &mut self.scope,
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
            Field::Provider | Field::PublicLayers | Field::Cleanup | Field::Preset => return None,
        })
    }
}

/// A validated setup request: only [`Setup::from_input`] builds one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// The fork.
    pub fork: Fork,
    /// GitHub's numeric ids, when known.
    pub ids: Option<GitHubIds>,
    /// Which runs may assume the role.
    pub scope: TrustScope,
    /// The stack's and table's region.
    pub region: Region,
    /// The CloudFormation stack name.
    pub stack_name: StackName,
    /// The IAM role name.
    pub role_name: RoleName,
    /// The DynamoDB table name.
    pub table: TableName,
    /// The layer-name prefix.
    pub layer_prefix: LayerPrefix,
    /// The role's maximum session duration.
    pub max_session: SessionDuration,
    /// Create or reuse the OIDC provider.
    pub provider: ProviderChoice,
    /// Extra permissions.
    pub permissions: Permissions,
    /// Secret and variable names.
    pub secrets: SecretNames,
    /// The role ARN, when the account id or the ARN was given.
    pub role_arn: Option<RoleArn>,
    /// The hosted generic template, for quick-create links.
    pub template_url: Option<TemplateUrl>,
}

/// Collects refusals field by field so a person sees every problem at once.
struct Checker(Vec<FieldError>);

impl Checker {
    fn check<T>(&mut self, field: Field, result: Result<T, Refusal>) -> Option<T> {
        result.map_err(|message| self.0.push(FieldError::new(field, message))).ok()
    }

    /// Parses `value`, or `default` when `value` is blank.
    fn or_default<T>(
        &mut self,
        field: Field,
        value: &str,
        default: &str,
        parse: impl Fn(&str) -> Result<T, Refusal>,
    ) -> Option<T> {
        let value = if value.trim().is_empty() { default } else { value };
        self.check(field, parse(value))
    }
}

impl Setup {
    /// Validates every field, returning all refusals at once.
    pub fn from_input(input: &SetupInput) -> Result<Setup, SetupErrors> {
        let mut c = Checker(Vec::new());
        let fork = c.check(Field::Fork, Fork::parse(&input.fork));
        let ids = github_ids(&mut c, input);
        let scope = c.check(Field::Scope, TrustScope::parse(&input.scope));
        let region = c.or_default(Field::Region, &input.region, "us-east-1", Region::parse);
        let stack_name = c.or_default(Field::StackName, &input.stack_name, DEFAULT_STACK_NAME, StackName::parse);
        let role_name = c.or_default(Field::RoleName, &input.role_name, DEFAULT_ROLE_NAME, RoleName::parse);
        let table = c.or_default(Field::Table, &input.table, input.preset.table(), TableName::parse);
        let layer_prefix =
            c.or_default(Field::LayerPrefix, &input.layer_prefix, DEFAULT_LAYER_PREFIX, LayerPrefix::parse);
        let max_session = c.or_default(Field::MaxSession, &input.max_session, "3600", SessionDuration::parse);
        let secrets = secret_names(&mut c, input);
        let role_arn = role_arn(&mut c, input, role_name.as_ref(), region);
        let template_url = if input.template_url.trim().is_empty() {
            None
        } else {
            c.check(Field::TemplateUrl, TemplateUrl::parse(&input.template_url))
        };
        if !c.0.is_empty() {
            c.0.sort_by_key(|e| e.field);
            return Err(SetupErrors(c.0));
        }
        Ok(Setup {
            fork: fork.expect("no refusal"),
            ids,
            scope: scope.expect("no refusal"),
            region: region.expect("no refusal"),
            stack_name: stack_name.expect("no refusal"),
            role_name: role_name.expect("no refusal"),
            table: table.expect("no refusal"),
            layer_prefix: layer_prefix.expect("no refusal"),
            max_session: max_session.expect("no refusal"),
            provider: input.provider,
            permissions: Permissions { sharing: input.sharing, cleanup: input.cleanup },
            secrets: secrets.expect("no refusal"),
            role_arn,
            template_url,
        })
    }

    /// The CLI arguments that reproduce this setup, defaults left out.
    pub fn cli_args(&self) -> Vec<String> {
        let mut args = vec!["--repo".to_string(), self.fork.to_string()];
        let mut push = |flag: &str, value: String| {
            args.push(flag.to_string());
            args.push(value);
        };
        if let Some(ids) = self.ids {
            push("--owner-id", ids.owner_id.to_string());
            push("--repo-id", ids.repo_id.to_string());
        }
        if self.scope != TrustScope::AnyRef {
            push("--scope", self.scope.as_arg());
        }
        if self.region != Region::default() {
            push("--region", self.region.to_string());
        }
        if self.stack_name.as_str() != DEFAULT_STACK_NAME {
            push("--stack-name", self.stack_name.to_string());
        }
        if self.role_name.as_str() != DEFAULT_ROLE_NAME {
            push("--role-name", self.role_name.to_string());
        }
        if self.secrets.preset != SecretPreset::default() {
            push("--preset", self.secrets.preset.as_arg().to_string());
        }
        if self.table.as_str() != self.secrets.preset.table() {
            push("--table", self.table.to_string());
        }
        if self.layer_prefix.as_str() != DEFAULT_LAYER_PREFIX {
            push("--layer-prefix", self.layer_prefix.to_string());
        }
        if self.max_session != SessionDuration::default() {
            push("--max-session", self.max_session.seconds().to_string());
        }
        if self.provider == ProviderChoice::Reuse {
            args.push("--existing-provider".to_string());
        }
        if self.permissions.sharing == LayerSharing::Private {
            args.push("--no-public-layers".to_string());
        }
        if self.permissions.cleanup == CleanupPermission::Allowed {
            args.push("--allow-cleanup".to_string());
        }
        args
    }
}

/// Both ids or neither; each refusal is reported on the id it is about.
fn github_ids(c: &mut Checker, input: &SetupInput) -> Option<GitHubIds> {
    let missing = |what: &str| {
        Err(format!("the {what} is missing; immutable subjects need both ids (GitHub's API gives `owner.id` and `id`), or leave both empty"))
    };
    match (input.owner_id.trim(), input.repo_id.trim()) {
        ("", "") => None,
        (_, "") => c.check(Field::RepoId, missing("repository id")),
        ("", _) => c.check(Field::OwnerId, missing("owner id")),
        (owner, repo) => {
            let owner_id = c.check(Field::OwnerId, parse_github_id(owner, "owner id"));
            let repo_id = c.check(Field::RepoId, parse_github_id(repo, "repository id"));
            Some(GitHubIds { owner_id: owner_id?, repo_id: repo_id? })
        }
    }
}

fn secret_names(c: &mut Checker, input: &SetupInput) -> Option<SecretNames> {
    let preset = input.preset;
    let role_secret = c.or_default(Field::RoleSecret, &input.role_secret, preset.role_secret(), SecretName::parse);
    let mut optional = |field: Field, typed: &str, default: Option<&str>, what: &str| match default {
        Some(default) => c.or_default(field, typed, default, SecretName::parse).map(Some),
        None if typed.trim().is_empty() => Some(None),
        None => c.check(
            field,
            Err(format!(
                "the {} preset has no {what}; leave it empty, or choose the {} preset",
                preset.as_arg(),
                match preset {
                    SecretPreset::Seed => SecretPreset::Upstream,
                    SecretPreset::Upstream => SecretPreset::Seed,
                }
                .as_arg()
            )),
        ),
    };
    let table_secret = optional(
        Field::TableSecret,
        &input.table_secret,
        preset.table_secret(),
        "table secret (its workflows have the table name built in)",
    );
    let region_variable = optional(
        Field::RegionVariable,
        &input.region_variable,
        preset.region_variable(),
        "region variable (its workflows do not read one)",
    );
    let names = SecretNames {
        preset,
        role_secret: role_secret?,
        table_secret: table_secret?,
        region_variable: region_variable?,
    };
    let mut all = vec![(Field::RoleSecret, &names.role_secret)];
    all.extend(names.table_secret.iter().map(|n| (Field::TableSecret, n)));
    all.extend(names.region_variable.iter().map(|n| (Field::RegionVariable, n)));
    for (i, (field, name)) in all.iter().enumerate() {
        if let Some((other, _)) = all[..i].iter().find(|(_, n)| n.as_str().eq_ignore_ascii_case(name.as_str())) {
            return c.check(
                *field,
                Err(format!(
                    "\"{name}\" is also the {}; GitHub names are case-insensitive, so give each its own name",
                    other.label().to_ascii_lowercase()
                )),
            );
        }
    }
    Some(names)
}

/// The role ARN from the account id or the pasted ARN. The account id is checked even when
/// the role name or region is refused; the ARN needs both to be checked against.
fn role_arn(c: &mut Checker, input: &SetupInput, role: Option<&RoleName>, region: Option<Region>) -> Option<RoleArn> {
    let account = match input.account_id.trim() {
        "" => None,
        account => Some(c.check(Field::AccountId, AccountId::parse(account))),
    };
    let arn = match (input.role_arn.trim(), role, region) {
        ("", _, _) => None,
        (arn, Some(role), Some(region)) => Some(c.check(Field::RoleArn, RoleArn::parse(arn, role, region.partition()))),
        _ => Some(None),
    };
    match (account, arn) {
        (None, None) => None,
        (Some(account), None) => Some(RoleArn::new(region?.partition(), account?, role?.clone())),
        (None, Some(arn)) => arn,
        (Some(account), Some(arn)) => {
            let (account, arn) = (account?, arn?);
            if arn.account() != &account {
                return c.check(Field::RoleArn, Err(format!("the ARN is in account {}, but the account id given is {account}; give one of the two, or make them agree", arn.account())));
            }
            Some(arn)
        }
    }
}

/// Something a person should know about a valid setup before deploying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The field the notice is about.
    pub field: Field,
    /// What to know, and what to do about it.
    pub text: String,
}

impl Setup {
    /// Warnings about choices that are valid but likely to bite.
    pub fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if self.ids.is_none() {
            notices.push(Notice {
                field: Field::OwnerId,
                text: format!(
                    "without the numeric ids the role trusts only name-form subjects (repo:{}:...); forks created, renamed or transferred after 2026-07-15 present repo:OWNER@ID/REPO@ID and would be refused. check the fork on GitHub, or give the owner id and the repository id",
                    self.fork
                ),
            });
        }
        match self.secrets.preset {
            SecretPreset::Seed => notices.push(Notice {
                field: Field::Preset,
                text: "upstream ocelot's workflows (2025-07) read the secret OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN and the variable DYNAMODB_REGION; if your fork's .github/workflows/r_publish.yml still does, choose the upstream preset".into(),
            }),
            SecretPreset::Upstream if self.table.as_str() != SecretPreset::Upstream.table() => notices.push(Notice {
                field: Field::Table,
                text: format!(
                    "upstream's publisher writes to a table named {}; with \"{}\" it will not find the table unless you change tools/scripts/otel_layer_utils/dynamodb_utils.py in the fork",
                    SecretPreset::Upstream.table(),
                    self.table
                ),
            }),
            SecretPreset::Upstream => {}
        }
        notices
    }
}
