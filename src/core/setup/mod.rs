//! The setup request in two stages: [`SetupInput`], the raw text a person typed, and
//! [`Setup`], the validated request every output is computed from.

pub mod aws;
pub mod choices;
pub mod command;
pub mod declare;
pub mod defaults;
pub mod error;
pub mod field;
mod field_facts;
mod input;
pub mod name_rules;
pub mod query;
pub mod scope;
pub mod session;
pub mod sub_claim;
pub mod values;

pub use choices::{Choice, CleanupPermission, LayerSharing, ProviderChoice, SecretKind, SecretPreset};
pub use error::{FieldError, SetupErrors};
pub use field::{Field, SetupInput};
pub use scope::{ScopeInput, ScopeKind, TrustScope};
pub use sub_claim::SubClaim;

use aws::{Region, RoleArn, TemplateUrl};
use session::SessionDuration;
use values::{
    parse_github_id, AccountId, Fork, GitHubIds, LayerPrefix, Refusal, RoleName, SecretName, StackName, TableName,
};

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
    /// Other secrets the workflows read the role ARN from (one job may name its own): each
    /// must hold the same ARN. Typed after the first, separated by commas.
    pub also_role: Vec<SecretName>,
    /// The secret holding the table name (seed preset).
    pub table_secret: Option<SecretName>,
    /// The variable holding the table's region (upstream preset).
    pub region_variable: Option<SecretName>,
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
    /// The deployment environments whose jobs are trusted as well (the fork's workflows run
    /// some role-assuming jobs in one, others in none).
    pub also_environments: Vec<values::EnvironmentName>,
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
    /// The fork's subject claim template, when GitHub's answer was given.
    pub sub_claim: Option<SubClaim>,
}

/// Collects refusals field by field so a person sees every problem at once.
struct Refusals(Vec<FieldError>);

impl Refusals {
    /// The value `result` holds, or nothing with its refusal noted against `field`.
    fn value<T>(&mut self, field: Field, result: Result<T, Refusal>) -> Option<T> {
        result.map_err(|message| self.0.push(FieldError::new(field, message))).ok()
    }

    /// Parses the text of `field`, or its default when it is blank.
    fn text<T>(&mut self, input: &SetupInput, field: Field, parse: impl Fn(&str) -> Result<T, Refusal>) -> Option<T> {
        let text = input.text_or_default(field).expect("a text field with a default");
        self.value(field, parse(text))
    }
}

impl Setup {
    /// Validates every field, returning all refusals at once.
    pub fn from_input(input: &SetupInput) -> Result<Setup, SetupErrors> {
        let mut c = Refusals(Vec::new());
        let fork = c.value(Field::Fork, Fork::parse(&input.fork));
        let ids = github_ids(&mut c, input);
        let scope = c.value(Field::Scope, input.scope.validate());
        let also_environments = c.value(Field::Scope, input.scope.validate_also());
        let (sub_claim, ids) = sub_claim(&mut c, input, fork.as_ref(), ids, scope.as_ref());
        if sub_claim.as_ref().is_some_and(|claim| claim.custom_keys().is_some())
            && also_environments.as_ref().is_some_and(|also| !also.is_empty())
        {
            c.value::<()>(Field::Scope, Err("further environments need GitHub's default subject template, and the fork's is customised; trust one scope, or restore the default template".into()));
        }
        let region = c.text(input, Field::Region, Region::parse);
        let stack_name = c.text(input, Field::StackName, StackName::parse);
        let role_name = c.text(input, Field::RoleName, RoleName::parse);
        let table = c.text(input, Field::Table, TableName::parse);
        let layer_prefix = c.text(input, Field::LayerPrefix, LayerPrefix::parse);
        let max_session = c.text(input, Field::MaxSession, SessionDuration::parse);
        let secrets = secret_names(&mut c, input);
        let role_arn = role_arn(&mut c, input, role_name.as_ref(), region);
        let template_url = if input.template_url.trim().is_empty() {
            None
        } else {
            c.value(Field::TemplateUrl, TemplateUrl::parse(&input.template_url))
        };
        if !c.0.is_empty() {
            c.0.sort_by_key(|e| e.field);
            return Err(SetupErrors(c.0));
        }
        Ok(Setup {
            fork: fork.expect("no refusal"),
            ids,
            scope: scope.expect("no refusal"),
            also_environments: also_environments.expect("no refusal"),
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
            sub_claim,
        })
    }
}

impl Setup {
    /// Which runs the role trusts, in plain words.
    pub fn scope_description(&self) -> String {
        let also: Vec<String> = self.also_environments.iter().map(|e| format!("jobs in environment {e}")).collect();
        match also.is_empty() {
            true => self.scope.describe(),
            false => format!("{}, and {}", self.scope.describe(), also.join(" and ")),
        }
    }
}

/// Both ids or neither; each refusal is reported on the id it is about.
fn github_ids(c: &mut Refusals, input: &SetupInput) -> Option<GitHubIds> {
    let missing = |what: &str| {
        Err(format!("the {what} is missing; immutable subjects need both ids (GitHub's API gives `owner.id` and `id`), or leave both empty"))
    };
    match (input.owner_id.trim(), input.repo_id.trim()) {
        ("", "") => None,
        (_, "") => c.value(Field::RepoId, missing("repository id")),
        ("", _) => c.value(Field::OwnerId, missing("owner id")),
        (owner, repo) => {
            let owner_id = c.value(Field::OwnerId, parse_github_id(owner, "owner id"));
            let repo_id = c.value(Field::RepoId, parse_github_id(repo, "repository id"));
            Some(GitHubIds { owner_id: owner_id?, repo_id: repo_id? })
        }
    }
}

/// The pasted subject claim, checked against the fork and the ids; the ids of an immutable
/// `sub_claim_prefix` fill in ids left empty.
fn sub_claim(
    c: &mut Refusals,
    input: &SetupInput,
    fork: Option<&Fork>,
    ids: Option<GitHubIds>,
    scope: Option<&TrustScope>,
) -> (Option<SubClaim>, Option<GitHubIds>) {
    if input.sub_claim.trim().is_empty() {
        return (None, ids);
    }
    let Some(claim) = c.value(Field::SubClaim, SubClaim::parse(&input.sub_claim)) else { return (None, ids) };
    let checked = sub_claim::check(&claim, fork, ids, scope);
    match c.value(Field::SubClaim, checked) {
        Some(ids) => (Some(claim), ids),
        None => (None, ids),
    }
}

/// The secret and variable names. An optional name is the preset's default when blank, absent
/// when [`NOT_USED`](field::NOT_USED), or the name typed, whatever the preset: the preset only
/// gives the defaults, so no combination is refused.
fn secret_names(c: &mut Refusals, input: &SetupInput) -> Option<SecretNames> {
    let preset = input.preset;
    let role_secrets = c.text(input, Field::RoleSecret, role_secret_names);
    let (role_secret, also_role) = match role_secrets {
        Some(names) => (names.first().cloned(), names[1..].to_vec()),
        None => (None, Vec::new()),
    };
    let mut optional = |field: Field| {
        let typed = input.text(field).unwrap_or_default().trim();
        match typed {
            "" => {
                field.default_text(preset).map_or(Some(None), |name| c.value(field, SecretName::parse(name)).map(Some))
            }
            name => c.value(field, optional_name(name)),
        }
    };
    let table_secret = optional(Field::TableSecret);
    let region_variable = optional(Field::RegionVariable);
    let names = SecretNames {
        preset,
        role_secret: role_secret?,
        also_role,
        table_secret: table_secret?,
        region_variable: region_variable?,
    };
    let mut all = vec![(Field::RoleSecret, &names.role_secret)];
    all.extend(names.also_role.iter().map(|n| (Field::RoleSecret, n)));
    all.extend(names.table_secret.iter().map(|n| (Field::TableSecret, n)));
    all.extend(names.region_variable.iter().map(|n| (Field::RegionVariable, n)));
    for (i, (field, name)) in all.iter().enumerate() {
        if let Some((other, _)) = all[..i].iter().find(|(_, n)| n.as_str().eq_ignore_ascii_case(name.as_str())) {
            return c.value(
                *field,
                Err(format!(
                    "\"{name}\" is {} the {}; GitHub names are case-insensitive, so give each its own name",
                    if other == field { "twice" } else { "also" },
                    other.label().to_ascii_lowercase()
                )),
            );
        }
    }
    Some(names)
}

/// The role secret's names: one, or several separated by [`LIST_SEPARATOR`](field::LIST_SEPARATOR).
pub(crate) fn role_secret_names(text: &str) -> Result<Vec<SecretName>, Refusal> {
    text.split(field::LIST_SEPARATOR)
        .map(|name| SecretName::parse(name.trim()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{e}; several names are separated by commas"))
}

/// An optional secret or variable name as typed: none for [`NOT_USED`](field::NOT_USED).
pub(crate) fn optional_name(text: &str) -> Result<Option<SecretName>, Refusal> {
    match text.trim() {
        field::NOT_USED => Ok(None),
        name => SecretName::parse(name)
            .map(Some)
            .map_err(|e| format!("{e}; or {} when no workflow reads one", field::NOT_USED)),
    }
}

/// The role ARN from the account id or the pasted ARN. The account id is checked even when
/// the role name or region is refused; the ARN needs both to be checked against.
fn role_arn(c: &mut Refusals, input: &SetupInput, role: Option<&RoleName>, region: Option<Region>) -> Option<RoleArn> {
    let account = match input.account_id.trim() {
        "" => None,
        account => Some(c.value(Field::AccountId, AccountId::parse(account))),
    };
    let arn = match (input.role_arn.trim(), role, region) {
        ("", _, _) => None,
        (arn, Some(role), Some(region)) => Some(c.value(Field::RoleArn, RoleArn::parse(arn, role, region.partition()))),
        _ => Some(None),
    };
    match (account, arn) {
        (None, None) => None,
        (Some(account), None) => Some(RoleArn::new(region?.partition(), account?, role?.clone())),
        (None, Some(arn)) => arn,
        (Some(account), Some(arn)) => {
            let (account, arn) = (account?, arn?);
            if arn.account() != &account {
                return c.value(Field::RoleArn, Err(format!("the ARN is in account {}, but the account id given is {account}; give one of the two, or make them agree", arn.account())));
            }
            Some(arn)
        }
    }
}

/// For unit tests: the setup of `octo-cat/ocelot` with `edit` applied to its input.
#[cfg(test)]
pub(crate) fn test_setup(edit: impl FnOnce(&mut SetupInput)) -> Setup {
    let mut input = SetupInput::for_fork("octo-cat/ocelot");
    edit(&mut input);
    Setup::from_input(&input).expect("a valid test setup")
}
