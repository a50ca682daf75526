//! Every input the setup takes, declared once ([`fields!`]): its label and hint in the wizard,
//! its flag and help in the CLI (clap is built from the declaration), its key in the wizard's
//! URL query, its default, its template parameters and its rule.

use std::fmt;

use crate::core::setup::aws::{Region, TemplateUrl};
use crate::core::setup::choices::{Choice, CleanupPermission, LayerSharing, ProviderChoice, SecretPreset};
use crate::core::setup::declare::{fields, Blank, Flag, Parameter, Shape, WizardStep};
use crate::core::setup::scope::ScopeInput;
use crate::core::setup::session::{session_seconds, SessionDuration};
use crate::core::setup::sub_claim::SubClaim;
use crate::core::setup::values::{parse_github_id, AccountId, Fork, LayerPrefix, RoleName, StackName, TableName};
use crate::core::setup::{defaults, name_rules, optional_name, role_secret_names};

/// [`NOT_USED`] as a literal, for the texts that name it.
macro_rules! not_used {
    () => {
        "-"
    };
}

/// The text of an optional name (the table secret, the region variable) that the fork's
/// workflows do not read: the setup lists no such secret. A blank field means the preset's
/// default instead; `-` is no GitHub name, so it cannot be confused with one.
pub const NOT_USED: &str = not_used!();

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

/// The CLI's help and the template's description of the role name: both name the role for a
/// reader who sees nothing else.
const ROLE_NAME_TEXT: &str = "Name of the IAM role GitHub Actions assumes.";
/// The CLI's help and the template's description of the table name.
const TABLE_TEXT: &str = "Name of the DynamoDB layer-metadata table.";
/// The CLI's help and the template's description of the layer-name prefix.
const LAYER_PREFIX_TEXT: &str =
    "Prefix of the Lambda layer names (<prefix>-<arch>-<distribution>-...); the role may only touch layers named so.";
/// The CLI's help and the template's description of the session length.
const MAX_SESSION_TEXT: &str =
    concat!("Longest session, in seconds, the role grants (", session_seconds!(min), "-", session_seconds!(max), ").");

// The fields, in the order the wizard asks for them. A wizard hint is empty where the wizard's
// control words each of its options itself (the scope, the switches, the preset).
fields! {
    /// The fork, `OWNER/REPO` or a GitHub URL.
    Fork(fork: String, Text) {
        label: "Fork",
        long: "repo",
        flag: Flag::Value("OWNER/REPO"),
        key: "repo",
        step: WizardStep::Fork,
        help: "Your fork: OWNER/REPO, https://github.com/OWNER/REPO or git@github.com:OWNER/REPO.git.",
        hint: "owner/repo, the GitHub URL, or the git remote (git@github.com:owner/repo.git).",
        blank: Blank::Nothing,
        // The template takes the fork in two parts, each with its own rule.
        parameters: &[
            Parameter {
                name: "GitHubOwner",
                description: "GitHub user or organization that owns the fork.",
                shape: Shape::Text {
                    pattern: name_rules::owner_pattern,
                    max_length: name_rules::OWNER.max as u32,
                    constraint: || {
                        let rule = name_rules::OWNER;
                        format!("{}-{} letters, digits and single hyphens, no hyphen at either end (no wildcards).", rule.min, rule.max)
                    },
                    value: |s| s.fork.owner.to_string(),
                },
            },
            Parameter {
                name: "GitHubRepo",
                description: "Name of the fork's repository.",
                shape: Shape::Text {
                    pattern: name_rules::repo_pattern,
                    max_length: name_rules::REPO.max as u32,
                    constraint: || {
                        let rule = name_rules::REPO;
                        format!("{}-{} letters, digits, '.', '_' and '-' (no wildcards).", rule.min, rule.max)
                    },
                    value: |s| s.fork.repo.to_string(),
                },
            },
        ],
        rule: Some(|v| Fork::parse(v).map(drop)),
    }
    /// GitHub's numeric id of the fork's owner.
    OwnerId(owner_id: String, Text) {
        label: "Owner id",
        long: "owner-id",
        flag: Flag::Value("ID"),
        key: "owner_id",
        step: WizardStep::Fork,
        // The CLI says where to find the id and names the flag it pairs with.
        help: "GitHub's numeric id of the owner (`owner.id` of GET /repos/OWNER/REPO); with --repo-id the role also trusts the immutable subject repo:OWNER@ID/REPO@ID.",
        hint: "owner.id in the API answer.",
        blank: Blank::Nothing,
        parameters: &[Parameter {
            name: "GitHubOwnerId",
            description: "GitHub's numeric id of the owner (owner.id), for immutable OIDC subjects.",
            shape: Shape::Planned,
        }],
        rule: Some(|v| parse_github_id(v, "owner id").map(drop)),
    }
    /// GitHub's numeric id of the fork.
    RepoId(repo_id: String, Text) {
        label: "Repository id",
        long: "repo-id",
        flag: Flag::Value("ID"),
        key: "repo_id",
        step: WizardStep::Fork,
        help: "GitHub's numeric id of the fork (`id` of GET /repos/OWNER/REPO).",
        hint: "id in the API answer.",
        blank: Blank::Nothing,
        parameters: &[Parameter {
            name: "GitHubRepoId",
            description: "GitHub's numeric id of the fork (id), for immutable OIDC subjects.",
            shape: Shape::Planned,
        }],
        rule: Some(|v| parse_github_id(v, "repository id").map(drop)),
    }
    /// GitHub's answer about the fork's OIDC subject claim template, as pasted (JSON).
    SubClaim(sub_claim: String, Text) {
        label: "Subject claim template",
        long: "sub-claim",
        flag: Flag::Value("FILE"),
        key: "sub_claim",
        step: WizardStep::Fork,
        // The CLI also reads a file or standard input; the wizard takes the answer pasted.
        help: "The fork's subject claim template: a file holding the answer of `gh api repos/OWNER/REPO/actions/oidc/customization/sub`, - for standard input, or the answer itself ({...}); the role then trusts exactly the subjects GitHub issues.",
        hint: "The JSON it prints, e.g. {\"use_default\": true}. Left empty, the role trusts GitHub's default subjects by name, and by id when the ids are given.",
        blank: Blank::Nothing,
        parameters: &[],
        rule: Some(|v| SubClaim::parse(v).map(drop)),
    }
    /// Which workflows of the fork may assume the role.
    Scope(scope: ScopeInput, Scope) {
        label: "Trust scope",
        long: "scope",
        flag: Flag::Value("SCOPE"),
        key: "scope",
        step: WizardStep::Options,
        help: "Which runs may assume the role: any (any branch or tag), branch:NAME or environment:NAME.",
        hint: "",
        blank: Blank::Nothing,
        // Tailored, one parameter names the branch or the environment; generic, two leave both open.
        parameters: &[
            Parameter {
                name: "TrustedBranch",
                description: "The only branch whose workflow runs may assume the role.",
                shape: Shape::Planned,
            },
            Parameter {
                name: "TrustedEnvironment",
                description: "The only deployment environment whose jobs may assume the role, as in the OIDC subject (':' written %3A).",
                shape: Shape::Planned,
            },
            Parameter {
                name: "TrustScope",
                description: "Which runs may assume the role: any branch or tag (any-ref), one branch, or one environment.",
                shape: Shape::Planned,
            },
            Parameter {
                name: "TrustScopeName",
                description: "The branch, or the environment (':' written %3A); empty for any-ref.",
                shape: Shape::Planned,
            },
        ],
        // Its kind, name and further environments are checked together (ScopeInput::validate).
        rule: None,
    }
    /// The AWS region of the stack and the table.
    Region(region: String, Text) {
        label: "Region",
        long: "region",
        flag: Flag::Value("REGION"),
        key: "region",
        step: WizardStep::Options,
        help: "AWS region of the stack and the table; the partition (aws, aws-cn, aws-us-gov) follows.",
        hint: "Where the stack and the table live; the workflows publish layers to the regions you choose when you run them.",
        blank: Blank::Always(defaults::REGION),
        parameters: &[],
        rule: Some(|v| Region::parse(v).map(drop)),
    }
    /// The CloudFormation stack name.
    StackName(stack_name: String, Text) {
        label: "Stack name",
        long: "stack-name",
        flag: Flag::Value("NAME"),
        key: "stack",
        step: WizardStep::Options,
        help: "CloudFormation stack name.",
        hint: "The CloudFormation stack.",
        blank: Blank::Always(defaults::STACK_NAME),
        parameters: &[],
        rule: Some(|v| StackName::parse(v).map(drop)),
    }
    /// The IAM role name.
    RoleName(role_name: String, Text) {
        label: "Role name",
        long: "role-name",
        flag: Flag::Value("NAME"),
        key: "role",
        step: WizardStep::Options,
        help: ROLE_NAME_TEXT,
        hint: "The IAM role the workflows assume.",
        blank: Blank::Always(defaults::ROLE_NAME),
        parameters: &[Parameter {
            name: "RoleName",
            description: ROLE_NAME_TEXT,
            shape: Shape::Text {
                pattern: name_rules::role_pattern,
                max_length: name_rules::ROLE.max as u32,
                constraint: || format!("{}-{} letters, digits and + = , . @ _ -", name_rules::ROLE.min, name_rules::ROLE.max),
                value: |s| s.role_name.to_string(),
            },
        }],
        rule: Some(|v| RoleName::parse(v).map(drop)),
    }
    /// The DynamoDB table name.
    Table(table: String, Text) {
        label: "Table name",
        long: "table",
        flag: Flag::Value("NAME"),
        key: "table",
        step: WizardStep::Options,
        help: TABLE_TEXT,
        hint: "The layer-metadata table.",
        blank: Blank::ByPreset(|preset| Some(preset.table())),
        parameters: &[Parameter {
            name: "TableName",
            description: TABLE_TEXT,
            shape: Shape::Text {
                pattern: name_rules::table_pattern,
                max_length: name_rules::TABLE.max as u32,
                constraint: || format!("{}-{} letters, digits, '_', '.' and '-'.", name_rules::TABLE.min, name_rules::TABLE.max),
                value: |s| s.table.to_string(),
            },
        }],
        rule: Some(|v| TableName::parse(v).map(drop)),
    }
    /// The Lambda layer-name prefix.
    LayerPrefix(layer_prefix: String, Text) {
        label: "Layer-name prefix",
        long: "layer-prefix",
        flag: Flag::Value("PREFIX"),
        key: "prefix",
        step: WizardStep::Options,
        help: LAYER_PREFIX_TEXT,
        hint: "The role only touches layers named PREFIX-*.",
        blank: Blank::Always(defaults::LAYER_PREFIX),
        parameters: &[Parameter {
            name: "LayerPrefix",
            description: LAYER_PREFIX_TEXT,
            shape: Shape::Text {
                pattern: name_rules::layer_prefix_pattern,
                max_length: name_rules::LAYER_PREFIX.max as u32,
                constraint: || "Letters, digits, '_' and '-', not ending in '-'.".to_string(),
                value: |s| s.layer_prefix.to_string(),
            },
        }],
        rule: Some(|v| LayerPrefix::parse(v).map(drop)),
    }
    /// The role's maximum session duration, in seconds.
    MaxSession(max_session: String, Text) {
        label: "Max session duration",
        long: "max-session",
        flag: Flag::Value("SECONDS"),
        key: "session",
        step: WizardStep::Options,
        help: MAX_SESSION_TEXT,
        hint: concat!("Seconds, ", session_seconds!(min), " to ", session_seconds!(max), "."),
        blank: Blank::Always(defaults::MAX_SESSION),
        parameters: &[Parameter { name: "MaxSessionDuration", description: MAX_SESSION_TEXT, shape: Shape::Planned }],
        rule: Some(|v| SessionDuration::parse(v).map(drop)),
    }
    /// Create the GitHub OIDC provider or reuse the account's.
    Provider(provider: ProviderChoice, Choice) {
        label: "OIDC provider",
        long: "existing-provider",
        flag: Flag::Switch(|| ProviderChoice::Reuse.as_str()),
        key: "provider",
        step: WizardStep::Options,
        // The flag says what it switches on; the parameter what each of its values does.
        help: "Reuse the account's GitHub OIDC provider instead of creating it (an account holds one).",
        hint: "",
        blank: Blank::Nothing,
        parameters: &[Parameter {
            name: "OidcProvider",
            description: "create: make the account's GitHub OIDC provider. reuse: the account has one already (only one may exist).",
            shape: Shape::Planned,
        }],
        rule: None,
    }
    /// Whether the role may make layers public.
    PublicLayers(sharing: LayerSharing, Choice) {
        label: "Public layers",
        long: "no-public-layers",
        flag: Flag::Switch(|| LayerSharing::Private.as_str()),
        key: "public",
        step: WizardStep::Options,
        // The flag takes the permission away; the parameter's allow grants it.
        help: "Do not let the role make layers public (ocelot's make-public input then fails).",
        hint: "",
        blank: Blank::Nothing,
        parameters: &[Parameter {
            name: "PublicLayers",
            description: "allow: the role may make its layers public (ocelot's make-public input).",
            shape: Shape::Planned,
        }],
        rule: None,
    }
    /// Whether the role may delete layers and their records.
    Cleanup(cleanup: CleanupPermission, Choice) {
        label: "Cleanup",
        long: "allow-cleanup",
        flag: Flag::Switch(|| CleanupPermission::Allowed.as_str()),
        key: "cleanup",
        step: WizardStep::Options,
        help: "Let the role delete layer versions and their records, as reaper.py does.",
        hint: "",
        blank: Blank::Nothing,
        parameters: &[Parameter {
            name: "Cleanup",
            description: "allow: the role may delete layer versions and their records, as reaper.py does.",
            shape: Shape::Planned,
        }],
        rule: None,
    }
    /// Which secret and variable names the fork's workflows read.
    Preset(preset: SecretPreset, Choice) {
        label: "Secret names preset",
        long: "preset",
        flag: Flag::Value("PRESET"),
        key: "preset",
        step: WizardStep::Options,
        help: "Which secret and variable names the fork's workflows read.",
        hint: "",
        blank: Blank::Nothing,
        parameters: &[],
        // A choice: a value that is none of the presets is refused by the CLI, ignored in a link.
        rule: None,
    }
    /// The name of the secret that holds the role ARN.
    RoleSecret(role_secret: String, Text) {
        label: "Role secret name",
        long: "role-secret",
        flag: Flag::Value("NAME"),
        key: "role_secret",
        step: WizardStep::Options,
        help: "Name of the secret holding the role ARN.",
        hint: "Holds the role ARN.",
        blank: Blank::ByPreset(|preset| Some(preset.role_secret())),
        parameters: &[],
        rule: Some(|v| role_secret_names(v).map(drop)),
    }
    /// The name of the secret that holds the table name.
    TableSecret(table_secret: String, Text) {
        label: "Table secret name",
        long: "table-secret",
        flag: Flag::Value("NAME"),
        key: "table_secret",
        step: WizardStep::Options,
        help: "Name of the secret holding the table name (seed preset).",
        hint: concat!("Holds the table name; ", not_used!(), " when no workflow reads one."),
        blank: Blank::ByPreset(SecretPreset::table_secret),
        parameters: &[],
        rule: Some(|v| optional_name(v).map(drop)),
    }
    /// The name of the variable that holds the table's region.
    RegionVariable(region_variable: String, Text) {
        label: "Region variable name",
        long: "region-variable",
        flag: Flag::Value("NAME"),
        key: "region_var",
        step: WizardStep::Options,
        help: "Name of the variable holding the table's region (upstream preset).",
        hint: concat!("Holds the table's region; ", not_used!(), " when no workflow reads one."),
        blank: Blank::ByPreset(SecretPreset::region_variable),
        parameters: &[],
        rule: Some(|v| optional_name(v).map(drop)),
    }
    /// The 12-digit AWS account id.
    AccountId(account_id: String, Text) {
        label: "AWS account id",
        long: "account-id",
        flag: Flag::Value("ID"),
        key: "account",
        step: WizardStep::Secrets,
        help: "Your 12-digit AWS account id, for the role ARN in `secrets`.",
        hint: "12 digits, from the account menu of the AWS console.",
        blank: Blank::Nothing,
        parameters: &[],
        rule: Some(|v| AccountId::parse(v).map(drop)),
    }
    /// The role ARN from the stack outputs.
    RoleArn(role_arn: String, Text) {
        label: "Role ARN",
        long: "role-arn",
        flag: Flag::Value("ARN"),
        key: "role_arn",
        step: WizardStep::Secrets,
        help: "The stack's PublisherRoleArn output, for `secrets` (instead of --account-id).",
        hint: "Or the PublisherRoleArn output of the stack.",
        blank: Blank::Nothing,
        parameters: &[],
        // Checked against the role name and the region's partition, so by Setup::from_input.
        rule: None,
    }
    /// The Amazon S3 URL of the hosted generic template.
    TemplateUrl(template_url: String, Text) {
        label: "Hosted template URL",
        long: "template-url",
        flag: Flag::Value("URL"),
        key: "template_url",
        step: WizardStep::Options,
        help: "https URL of the generic template in Amazon S3, for `link`.",
        hint: "Where the generic template is hosted in Amazon S3: enables the console quick-create link.",
        blank: Blank::Nothing,
        parameters: &[],
        rule: Some(|v| TemplateUrl::parse(v).map(drop)),
    }
    /// A field that exists in unit tests only: it shows that one declaration reaches the CLI,
    /// the URL and the template.
    #[cfg(test)]
    Probe(probe: String, Text) {
        label: "Probe",
        long: "probe",
        flag: Flag::Value("WORD"),
        key: "probe",
        step: WizardStep::Options,
        help: "A word that only tests ask for.",
        hint: "Only tests ask for it.",
        blank: Blank::Always("probe-default"),
        parameters: &[Parameter {
            name: "ProbeWord",
            description: "A word that only tests ask for, in the template too.",
            shape: Shape::Text {
                pattern: || format!("^[{}]+$", name_rules::ALNUM),
                max_length: 12,
                constraint: || "Letters and digits.".to_string(),
                value: |_| "probe-default".to_string(),
            },
        }],
        rule: Some(|v| match v.chars().all(|c| c.is_ascii_alphanumeric()) {
            true => Ok(()),
            false => Err(format!("{v_q} is not a word; use letters and digits", v_q = crate::core::setup::values::Quoted(v))),
        }),
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
#[path = "field_tests.rs"]
mod tests;
