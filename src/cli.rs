//! The native command line: parses flags into a [`SetupInput`], lets the core validate it,
//! and prints what the core computes. Nothing is printed or written on bad input.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::core::checks::doctor::doctor_script;
use crate::core::checks::teardown::Teardown;
use crate::core::deploy::{cloudshell_script, console_steps, DeployCommands, QuickCreateLink, TEMPLATE_FILE};
use crate::core::error::FieldError;
use crate::core::guide::{self, SecretKind};
use crate::core::setup::{CleanupPermission, LayerSharing, ProviderChoice, SecretPreset, Setup, SetupInput};
use crate::core::template::Template;

/// ocelot-setup: the AWS side of a dev7a/ocelot fork, offline.
///
/// Generates a CloudFormation template that lets GitHub Actions in your fork publish
/// Lambda layers into your AWS account (GitHub OIDC provider, a role only the fork can
/// assume, the layer-metadata table), the commands that deploy it, and the GitHub secrets
/// the workflows need.
#[derive(Debug, Parser)]
#[command(name = "ocelot-setup", version, about, long_about, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the tailored CloudFormation template (YAML, or JSON with --format json).
    Template {
        /// Print the generic template to host in S3 for quick-create links (no fork needed).
        #[arg(long)]
        generic: bool,
        #[command(flatten)]
        options: Options,
    },
    /// Print the AWS CLI commands that deploy the template and show its outputs.
    Deploy {
        #[command(flatten)]
        options: Options,
    },
    /// Print a script to paste into AWS CloudShell: writes the template, deploys, prints outputs.
    Cloudshell {
        #[command(flatten)]
        options: Options,
    },
    /// Print a console quick-create link for the generic template hosted at --template-url.
    Link {
        #[command(flatten)]
        options: Options,
    },
    /// Print the GitHub secrets and variable to add, with values, links and gh commands.
    Secrets {
        #[command(flatten)]
        options: Options,
    },
    /// Print a read-only bash script that checks the deployed stack, role, trust, permissions
    /// and table, one PASS/FAIL/SKIP line each (for AWS CloudShell or any shell with the AWS CLI).
    Doctor {
        #[command(flatten)]
        options: Options,
    },
    /// Print the commands that update the stack after options change, and those that delete it
    /// and what it leaves behind (text, or json).
    Teardown {
        #[command(flatten)]
        options: Options,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Yaml,
    Json,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PresetArg {
    /// Secrets AWS_ROLE_TO_ASSUME and DYNAMODB_TABLE_NAME (the docs' names).
    Seed,
    /// Secret OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN, variable DYNAMODB_REGION, table ocelot-layers.
    Upstream,
}

#[derive(Debug, Args)]
struct Options {
    /// Your fork: OWNER/REPO, https://github.com/OWNER/REPO or git@github.com:OWNER/REPO.git.
    #[arg(long, value_name = "OWNER/REPO", default_value = "", hide_default_value = true)]
    repo: String,
    /// GitHub's numeric id of the owner (`owner.id` of GET /repos/OWNER/REPO); with --repo-id
    /// the role also trusts the immutable subject repo:OWNER@ID/REPO@ID.
    #[arg(long, value_name = "ID", default_value = "", hide_default_value = true)]
    owner_id: String,
    /// GitHub's numeric id of the fork (`id` of GET /repos/OWNER/REPO).
    #[arg(long, value_name = "ID", default_value = "", hide_default_value = true)]
    repo_id: String,
    /// Which runs may assume the role: any (any branch or tag), branch:NAME or environment:NAME.
    #[arg(long, value_name = "SCOPE", default_value = "any")]
    scope: String,
    /// AWS region of the stack and the table; the partition (aws, aws-cn, aws-us-gov) follows.
    #[arg(long, value_name = "REGION", default_value = "us-east-1")]
    region: String,
    /// CloudFormation stack name.
    #[arg(long, value_name = "NAME", default_value = crate::core::setup::DEFAULT_STACK_NAME)]
    stack_name: String,
    /// IAM role name.
    #[arg(long, value_name = "NAME", default_value = crate::core::setup::DEFAULT_ROLE_NAME)]
    role_name: String,
    /// DynamoDB table name [default: PublishedCustomCollectorExtensionLayers, or ocelot-layers with --preset upstream].
    #[arg(long, value_name = "NAME", default_value = "", hide_default_value = true)]
    table: String,
    /// Prefix of the layer names; the role may only touch layers named PREFIX-*.
    #[arg(long, value_name = "PREFIX", default_value = crate::core::setup::DEFAULT_LAYER_PREFIX)]
    layer_prefix: String,
    /// Longest session the role grants, in seconds (3600-43200).
    #[arg(long, value_name = "SECONDS", default_value = "3600")]
    max_session: String,
    /// Reuse the account's GitHub OIDC provider instead of creating it (an account holds one).
    #[arg(long)]
    existing_provider: bool,
    /// Do not let the role make layers public (ocelot's make-public input then fails).
    #[arg(long)]
    no_public_layers: bool,
    /// Let the role delete layer versions and their records, as reaper.py does.
    #[arg(long)]
    allow_cleanup: bool,
    /// Which secret and variable names the fork's workflows read.
    #[arg(long, value_enum, default_value = "seed")]
    preset: PresetArg,
    /// Name of the secret holding the role ARN [default: from --preset].
    #[arg(long, value_name = "NAME", default_value = "", hide_default_value = true)]
    role_secret: String,
    /// Name of the secret holding the table name (seed preset) [default: DYNAMODB_TABLE_NAME].
    #[arg(long, value_name = "NAME", default_value = "", hide_default_value = true)]
    table_secret: String,
    /// Name of the variable holding the table's region (upstream preset) [default: DYNAMODB_REGION].
    #[arg(long, value_name = "NAME", default_value = "", hide_default_value = true)]
    region_variable: String,
    /// Your 12-digit AWS account id, for the role ARN in `secrets`.
    #[arg(long, value_name = "ID", default_value = "", hide_default_value = true, conflicts_with = "role_arn")]
    account_id: String,
    /// The stack's PublisherRoleArn output, for `secrets` (instead of --account-id).
    #[arg(long, value_name = "ARN", default_value = "", hide_default_value = true)]
    role_arn: String,
    /// https URL of the generic template in Amazon S3, for `link`.
    #[arg(long, value_name = "URL", default_value = "", hide_default_value = true)]
    template_url: String,
    /// Output format: yaml or json for `template`; text or json for the others.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the output to FILE instead of standard output (nothing is written on error).
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
}

impl Options {
    fn input(&self) -> SetupInput {
        SetupInput {
            fork: self.repo.clone(),
            owner_id: self.owner_id.clone(),
            repo_id: self.repo_id.clone(),
            scope: self.scope.clone(),
            region: self.region.clone(),
            stack_name: self.stack_name.clone(),
            role_name: self.role_name.clone(),
            table: self.table.clone(),
            layer_prefix: self.layer_prefix.clone(),
            max_session: self.max_session.clone(),
            provider: if self.existing_provider { ProviderChoice::Reuse } else { ProviderChoice::Create },
            sharing: if self.no_public_layers { LayerSharing::Private } else { LayerSharing::Public },
            cleanup: if self.allow_cleanup { CleanupPermission::Allowed } else { CleanupPermission::Denied },
            preset: match self.preset {
                PresetArg::Seed => SecretPreset::Seed,
                PresetArg::Upstream => SecretPreset::Upstream,
            },
            role_secret: self.role_secret.clone(),
            table_secret: self.table_secret.clone(),
            region_variable: self.region_variable.clone(),
            account_id: self.account_id.clone(),
            role_arn: self.role_arn.clone(),
            template_url: self.template_url.clone(),
        }
    }

    fn setup(&self) -> Result<Setup, Failure> {
        Setup::from_input(&self.input())
            .map_err(|errors| Failure::Usage(errors.0.iter().map(FieldError::for_cli).collect()))
    }

    /// The format asked for, refused when the command cannot print it.
    fn format(&self, allowed: &[Format]) -> Result<Format, Failure> {
        match self.format {
            None => Ok(allowed[0]),
            Some(f) if allowed.contains(&f) => Ok(f),
            Some(f) => Err(Failure::Usage(vec![format!(
                "--format: this command does not print {}; use {}",
                format_name(f),
                allowed.iter().map(|f| format_name(*f)).collect::<Vec<_>>().join(" or ")
            )])),
        }
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Yaml => "yaml",
        Format::Json => "json",
        Format::Text => "text",
    }
}

/// Why a command produced nothing.
#[derive(Debug)]
pub enum Failure {
    /// Bad input: each line names the flag, what is wrong and what would be right (exit 2).
    Usage(Vec<String>),
    /// The output could not be written (exit 1).
    Io(String),
}

/// What a successful command prints: the output, and notes for standard error.
pub struct Success {
    /// The command's output.
    pub output: String,
    /// Where to write it, if not standard output.
    pub path: Option<PathBuf>,
    /// Warnings for standard error.
    pub notes: Vec<String>,
}

/// Runs a parsed command line, computing the whole output before anything is written.
pub fn run(cli: &Cli) -> Result<Success, Failure> {
    let (output, options, notes) = match &cli.command {
        Command::Template { generic: true, options } => {
            let format = options.format(&[Format::Yaml, Format::Json])?;
            let template = Template::generic();
            (render(&template, format), options, Vec::new())
        }
        Command::Template { generic: false, options } => {
            let format = options.format(&[Format::Yaml, Format::Json])?;
            let setup = options.setup()?;
            (render(&Template::tailored(&setup), format), options, notes(&setup))
        }
        Command::Deploy { options } => {
            let format = options.format(&[Format::Text, Format::Json])?;
            let setup = options.setup()?;
            (deploy_output(&setup, format), options, notes(&setup))
        }
        Command::Cloudshell { options } => {
            options.format(&[Format::Text])?;
            let setup = options.setup()?;
            let yaml = Template::tailored(&setup).to_yaml();
            (cloudshell_script(&setup, &yaml), options, notes(&setup))
        }
        Command::Link { options } => {
            let format = options.format(&[Format::Text, Format::Json])?;
            let setup = options.setup()?;
            let link = QuickCreateLink::new(&setup).map_err(|e| Failure::Usage(vec![e.for_cli()]))?;
            let output = match format {
                Format::Json => json(
                    &serde_json::json!({ "url": link.as_str(), "stack_name": setup.stack_name.as_str(), "region": setup.region.code() }),
                ),
                _ => format!("{link}\n"),
            };
            (output, options, notes(&setup))
        }
        Command::Secrets { options } => {
            let format = options.format(&[Format::Text, Format::Json])?;
            let setup = options.setup()?;
            let entries = guide::complete_entries(&setup).map_err(|e| Failure::Usage(vec![e.for_cli()]))?;
            let output = match format {
                Format::Json => json(&entries),
                _ => secrets_text(&setup, &entries),
            };
            (output, options, Vec::new())
        }
        Command::Doctor { options } => {
            options.format(&[Format::Text])?;
            let setup = options.setup()?;
            (doctor_script(&setup), options, notes(&setup))
        }
        Command::Teardown { options } => {
            let format = options.format(&[Format::Text, Format::Json])?;
            let setup = options.setup()?;
            let teardown = Teardown::new(&setup);
            let output = match format {
                Format::Json => json(&teardown),
                _ => teardown.to_text(),
            };
            (output, options, Vec::new())
        }
    };
    Ok(Success { output, path: options.output.clone(), notes })
}

fn notes(setup: &Setup) -> Vec<String> {
    setup.notices().into_iter().map(|n| format!("{}: {}", n.field.flag(), n.text)).collect()
}

fn render(template: &Template, format: Format) -> String {
    match format {
        Format::Json => template.to_json(),
        _ => template.to_yaml(),
    }
}

fn json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("plain data serializes");
    text.push('\n');
    text
}

fn deploy_output(setup: &Setup, format: Format) -> String {
    let commands = DeployCommands::new(setup);
    if format == Format::Json {
        return json(&serde_json::json!({
            "template_file": TEMPLATE_FILE,
            "template_command": format!("{} -o {TEMPLATE_FILE}", crate::core::template::regenerate_command(setup)),
            "deploy": commands.deploy,
            "outputs": commands.outputs,
            "console_steps": console_steps(setup),
        }));
    }
    format!(
        "# 1. Write the template:\n{} -o {TEMPLATE_FILE}\n\n# 2. Deploy it (CAPABILITY_NAMED_IAM: it creates a named IAM role):\n{}\n\n# 3. Print the outputs (the values for the GitHub secrets):\n{}\n",
        crate::core::template::regenerate_command(setup),
        commands.deploy,
        commands.outputs
    )
}

fn secrets_text(setup: &Setup, entries: &[guide::SecretEntry]) -> String {
    let mut out = format!("GitHub secrets and variables for {}\n\n", setup.fork);
    for e in entries {
        let kind = match e.kind {
            SecretKind::Secret => "secret",
            SecretKind::Variable => "variable",
        };
        out.push_str(&format!(
            "{} ({kind})\n  value: {}\n  add:   {}\n  or:    {}\n\n",
            e.name,
            e.value.as_deref().unwrap_or(guide::ROLE_ARN_PLACEHOLDER),
            e.url,
            e.command
        ));
    }
    out.push_str("Then:\n");
    for (i, step) in guide::steps(setup).iter().enumerate() {
        out.push_str(&format!("{}. {}: {}\n", i + 1, step.title, step.detail));
        if let Some(link) = &step.link {
            out.push_str(&format!("   {link}\n"));
        }
        if let Some(command) = &step.command {
            out.push_str(&format!("   {command}\n"));
        }
    }
    out.push_str("\nIf it fails:\n");
    for t in guide::troubleshooting(setup) {
        out.push_str(&format!("- \"{}\"\n  {}\n", t.symptom, t.fix));
    }
    out
}

/// Writes `contents` to `path` whole or not at all: a temporary file beside it, renamed over it.
pub fn write_atomically(path: &Path, contents: &str) -> Result<(), Failure> {
    let failure = |e: std::io::Error| Failure::Io(format!("-o {}: {e}", path.display()));
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| {
        Failure::Io(format!("-o {}: not a file name; give a file such as {TEMPLATE_FILE}", path.display()))
    })?;
    let temp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let result = std::fs::File::create(&temp)
        .and_then(|mut f| f.write_all(contents.as_bytes()).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(failure)
}
