//! The flags every setup subcommand takes: declared once, named by [`Field::long`], read into a
//! [`SetupInput`]. A flag given with an empty value is refused; a flag left out means the default.

use std::fs::File;
use std::io::Read;
use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};

use crate::core::setup::sub_claim;
use crate::core::setup::values::session_seconds;
use crate::core::setup::{
    defaults, Choice, CleanupPermission, Field, FieldError, LayerSharing, ProviderChoice, ScopeInput, ScopeKind,
    SecretPreset, Setup, SetupInput,
};

use super::checkout::read_checkout;
use super::Failure;
use crate::core::workflows::{self, Reading};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// YAML (templates).
    Yaml,
    /// JSON.
    Json,
    /// Text for a person, or a script.
    Text,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
            Format::Text => "text",
        }
    }
}

/// The `--preset` values, each with what it stands for.
fn presets() -> impl TypedValueParser<Value = SecretPreset> {
    PossibleValuesParser::new(SecretPreset::ALL.iter().map(|p| PossibleValue::new(p.as_str()).help(p.summary())))
        .try_map(|value| value.parse::<SecretPreset>())
}

#[derive(Debug, Args)]
pub(super) struct Options {
    /// Your fork: OWNER/REPO, https://github.com/OWNER/REPO or git@github.com:OWNER/REPO.git.
    #[arg(long = Field::Fork.long(), value_name = "OWNER/REPO")]
    repo: Option<String>,
    /// GitHub's numeric id of the owner (`owner.id` of GET /repos/OWNER/REPO); with --repo-id
    /// the role also trusts the immutable subject repo:OWNER@ID/REPO@ID.
    #[arg(long = Field::OwnerId.long(), value_name = "ID")]
    owner_id: Option<String>,
    /// GitHub's numeric id of the fork (`id` of GET /repos/OWNER/REPO).
    #[arg(long = Field::RepoId.long(), value_name = "ID")]
    repo_id: Option<String>,
    /// The fork's subject claim template: a file holding the answer of
    /// `gh api repos/OWNER/REPO/actions/oidc/customization/sub`, - for standard input, or the
    /// answer itself ({...}); the role then trusts exactly the subjects GitHub issues.
    #[arg(long = Field::SubClaim.long(), value_name = "FILE")]
    sub_claim: Option<String>,
    /// Which runs may assume the role: any (any branch or tag), branch:NAME or environment:NAME.
    #[arg(long = Field::Scope.long(), value_name = "SCOPE", default_value = ScopeKind::Any.as_str())]
    scope: String,
    /// AWS region of the stack and the table; the partition (aws, aws-cn, aws-us-gov) follows.
    #[arg(long = Field::Region.long(), value_name = "REGION", default_value = defaults::REGION)]
    region: String,
    /// CloudFormation stack name.
    #[arg(long = Field::StackName.long(), value_name = "NAME", default_value = defaults::STACK_NAME)]
    stack_name: String,
    /// IAM role name.
    #[arg(long = Field::RoleName.long(), value_name = "NAME", default_value = defaults::ROLE_NAME)]
    role_name: String,
    /// DynamoDB table name [default: the preset's table].
    #[arg(long = Field::Table.long(), value_name = "NAME")]
    table: Option<String>,
    /// Prefix of the layer names; the role may only touch layers named PREFIX-*.
    #[arg(long = Field::LayerPrefix.long(), value_name = "PREFIX", default_value = defaults::LAYER_PREFIX)]
    layer_prefix: String,
    #[arg(
        long = Field::MaxSession.long(),
        value_name = "SECONDS",
        default_value = defaults::MAX_SESSION,
        help = concat!("Longest session the role grants, in seconds (", session_seconds!(min), "-", session_seconds!(max), ")")
    )]
    max_session: String,
    /// Reuse the account's GitHub OIDC provider instead of creating it (an account holds one).
    #[arg(long = Field::Provider.long())]
    existing_provider: bool,
    /// Do not let the role make layers public (ocelot's make-public input then fails).
    #[arg(long = Field::PublicLayers.long())]
    no_public_layers: bool,
    /// Let the role delete layer versions and their records, as reaper.py does.
    #[arg(long = Field::Cleanup.long())]
    allow_cleanup: bool,
    /// Which secret and variable names the fork's workflows read.
    #[arg(long = Field::Preset.long(), value_name = "PRESET", default_value = SecretPreset::default().as_str(), value_parser = presets())]
    preset: SecretPreset,
    /// Name of the secret holding the role ARN [default: the preset's].
    #[arg(long = Field::RoleSecret.long(), value_name = "NAME")]
    role_secret: Option<String>,
    /// Name of the secret holding the table name (seed preset) [default: the preset's].
    #[arg(long = Field::TableSecret.long(), value_name = "NAME")]
    table_secret: Option<String>,
    /// Name of the variable holding the table's region (upstream preset) [default: the preset's].
    #[arg(long = Field::RegionVariable.long(), value_name = "NAME")]
    region_variable: Option<String>,
    /// Your 12-digit AWS account id, for the role ARN in `secrets`.
    #[arg(long = Field::AccountId.long(), value_name = "ID", conflicts_with = "role_arn")]
    account_id: Option<String>,
    /// The stack's PublisherRoleArn output, for `secrets` (instead of --account-id).
    #[arg(long = Field::RoleArn.long(), value_name = "ARN")]
    role_arn: Option<String>,
    /// https URL of the generic template in Amazon S3, for `link`.
    #[arg(long = Field::TemplateUrl.long(), value_name = "URL")]
    template_url: Option<String>,
    /// Output format: yaml or json for `template`; text or json for the others.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the output to FILE instead of standard output (nothing is written on error).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub(super) output: Option<PathBuf>,
    /// The root of a clone of your fork: the setup follows the secret names, regions, table and
    /// environments its .github/workflows really use (notes on stderr say what changed).
    #[arg(long, value_name = "DIR")]
    checkout: Option<PathBuf>,
}

impl Options {
    /// The input the flags give, and the refusals of flags given an empty value.
    fn input(&self) -> (SetupInput, Vec<FieldError>) {
        let mut input = SetupInput {
            provider: if self.existing_provider { ProviderChoice::Reuse } else { ProviderChoice::Create },
            sharing: if self.no_public_layers { LayerSharing::Private } else { LayerSharing::Public },
            cleanup: if self.allow_cleanup { CleanupPermission::Allowed } else { CleanupPermission::Denied },
            preset: self.preset,
            ..SetupInput::default()
        };
        let mut refused = Vec::new();
        let texts = [
            (Field::Fork, self.repo.as_deref()),
            (Field::OwnerId, self.owner_id.as_deref()),
            (Field::RepoId, self.repo_id.as_deref()),
            (Field::Region, Some(self.region.as_str())),
            (Field::StackName, Some(self.stack_name.as_str())),
            (Field::RoleName, Some(self.role_name.as_str())),
            (Field::Table, self.table.as_deref()),
            (Field::LayerPrefix, Some(self.layer_prefix.as_str())),
            (Field::MaxSession, Some(self.max_session.as_str())),
            (Field::RoleSecret, self.role_secret.as_deref()),
            (Field::TableSecret, self.table_secret.as_deref()),
            (Field::RegionVariable, self.region_variable.as_deref()),
            (Field::AccountId, self.account_id.as_deref()),
            (Field::RoleArn, self.role_arn.as_deref()),
            (Field::TemplateUrl, self.template_url.as_deref()),
        ];
        for (field, value) in texts {
            match value {
                // The fork has no default: the core's refusal of an empty one says what to give.
                Some(value) if value.trim().is_empty() && field != Field::Fork => {
                    refused.push(empty(field, self.preset))
                }
                Some(value) => *input.text_mut(field).expect("a text field") = value.to_string(),
                None => {}
            }
        }
        match self.sub_claim.as_deref() {
            Some(value) if value.trim().is_empty() => refused.push(empty(Field::SubClaim, self.preset)),
            Some(value) => match read_sub_claim(value) {
                Ok(text) => input.sub_claim = text,
                Err(message) => refused.push(FieldError::new(Field::SubClaim, message)),
            },
            None => {}
        }
        match ScopeInput::parse(&self.scope) {
            _ if self.scope.trim().is_empty() => refused.push(empty(Field::Scope, self.preset)),
            Ok(scope) => input.scope = scope,
            Err(message) => refused.push(FieldError::new(Field::Scope, message)),
        }
        (input, refused)
    }

    /// The validated setup, after following the checkout's workflows when one is given, and
    /// the notes that say what following changed; or every refusal at once, each naming its flag.
    pub(super) fn setup(&self) -> Result<(Setup, Vec<String>), Failure> {
        self.setup_read().map(|(setup, notes, _)| (setup, notes))
    }

    /// [`Options::setup`], with the reading of the checkout when one was given.
    pub(super) fn setup_read(&self) -> Result<(Setup, Vec<String>, Option<Reading>), Failure> {
        let (input, mut refused) = self.input();
        let (input, notes, reading) = match &self.checkout {
            None => {
                let assumed = format!(
                    "nothing was read from your fork, so the setup assumes {}; to follow your fork's own workflows, give --checkout DIR (a clone of the fork), or use the wizard, which reads them from GitHub",
                    input.preset.summary()
                );
                (input, vec![assumed], None)
            }
            Some(dir) => {
                let files = read_checkout(dir).map_err(|e| Failure::Usage(vec![e]))?;
                let reading = workflows::read_fork(&files, &input);
                let notes = reading.lines("--checkout: ");
                (reading.followed.input.clone(), notes, Some(reading))
            }
        };
        match Setup::from_input(&input) {
            Ok(setup) if refused.is_empty() => return Ok((setup, notes, reading)),
            Ok(_) => {}
            Err(errors) => {
                let empty: Vec<Field> = refused.iter().map(|r| r.field).collect();
                refused.extend(errors.0.into_iter().filter(|e| !empty.contains(&e.field)));
            }
        }
        refused.sort_by_key(|e| e.field);
        Err(Failure::Usage(refused.iter().map(FieldError::for_cli).collect()))
    }

    /// Whether the setup follows a checkout's workflows.
    pub(super) fn follows_checkout(&self) -> bool {
        self.checkout.is_some()
    }

    /// The format asked for, refused when the command cannot print it.
    pub(super) fn format(&self, allowed: &[Format]) -> Result<Format, Failure> {
        allowed_format(self.format, allowed)
    }
}

/// `format`, or the first of `allowed` when none was asked for; refused when not allowed.
pub(super) fn allowed_format(format: Option<Format>, allowed: &[Format]) -> Result<Format, Failure> {
    match format {
        None => Ok(allowed[0]),
        Some(f) if allowed.contains(&f) => Ok(f),
        Some(f) => Err(Failure::Usage(vec![format!(
            "--format: this command does not print {}; use {}",
            f.name(),
            allowed.iter().map(|f| f.name()).collect::<Vec<_>>().join(" or ")
        )])),
    }
}

/// The text `--sub-claim` names: the answer itself when it starts with `{`, standard input for
/// `-`, otherwise a file; at most [`sub_claim::MAX_BYTES`] of UTF-8 are read.
fn read_sub_claim(value: &str) -> Result<String, String> {
    if value.trim_start().starts_with('{') {
        return Ok(value.to_string());
    }
    let answer = "the answer of gh api repos/OWNER/REPO/actions/oidc/customization/sub";
    let (what, reader): (String, Box<dyn Read>) = if value == "-" {
        ("standard input".to_string(), Box::new(std::io::stdin()))
    } else {
        let file = File::open(value).map_err(|e| {
            format!("cannot read {value}: {e}; save {answer} to a file, or give - to read it from standard input")
        })?;
        (value.to_string(), Box::new(file))
    };
    let mut bytes = Vec::new();
    reader
        .take(sub_claim::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what}: {e}"))?;
    if bytes.len() > sub_claim::MAX_BYTES {
        return Err(format!(
            "{what} holds more than {} KB; {answer} is a few hundred bytes",
            sub_claim::MAX_BYTES / 1024
        ));
    }
    String::from_utf8(bytes).map_err(|_| format!("{what} is not UTF-8 text; give {answer}"))
}

/// The refusal of a flag given an empty value: what the flag wants, or leaving it out.
fn empty(field: Field, preset: SecretPreset) -> FieldError {
    let flag = field.flag();
    let default = match field {
        Field::Scope => Some(ScopeKind::Any.as_str()),
        field => field.default_text(preset),
    };
    let message = match default {
        Some(default) => format!("the value is empty; leave {flag} out for the default, {default}"),
        None => format!("the value is empty; give the {}, or leave {flag} out", field.label().to_ascii_lowercase()),
    };
    FieldError::new(field, message)
}
