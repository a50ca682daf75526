//! The native command line: parses flags into a [`SetupInput`](crate::core::setup::SetupInput),
//! lets the core validate it, and prints what the core computes. Nothing is printed or written
//! on bad input.

pub mod checkout;
mod options;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser, Subcommand};
use serde::Serialize;

use crate::core::checks::doctor::doctor_script;
use crate::core::checks::doctor::sources::Sources;
use crate::core::checks::teardown::Teardown;
use crate::core::guide;
use crate::core::guide::deploy::{cloudshell_script, console_steps, DeployCommands, QuickCreateLink, TEMPLATE_FILE};
use crate::core::guide::run::PublishWorkflow;
use crate::core::setup::command::{Subcommand as Sub, GENERIC, PROGRAM};
use crate::core::setup::{Choice, Field, Setup};
use crate::core::template::Template;
use crate::core::workflows::{self, report};
use options::{allowed_format, Format, Options};

mod checks;

/// ocelot-setup: the AWS side of a dev7a/ocelot fork, offline.
///
/// Generates a CloudFormation template that lets GitHub Actions in your fork publish
/// Lambda layers into your AWS account (GitHub OIDC provider, a role only the fork can
/// assume, the layer-metadata table), the commands that deploy it, and the GitHub secrets
/// the workflows need.
#[derive(Debug, Parser)]
#[command(name = PROGRAM, version, about, long_about, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the tailored CloudFormation template (YAML, or JSON with --format json).
    #[command(name = Sub::Template.as_str())]
    Template {
        /// Print the generic template to host in S3 for quick-create links (no fork needed).
        #[arg(long = GENERIC)]
        generic: bool,
        #[command(flatten)]
        options: Options,
    },
    /// Print the AWS CLI commands that deploy the template and show its outputs.
    #[command(name = Sub::Deploy.as_str())]
    Deploy {
        #[command(flatten)]
        options: Options,
    },
    /// Print a script to paste into AWS CloudShell: writes the template, deploys, prints outputs.
    #[command(name = Sub::Cloudshell.as_str())]
    Cloudshell {
        #[command(flatten)]
        options: Options,
    },
    /// Print a console quick-create link for the generic template hosted at --template-url.
    #[command(name = Sub::Link.as_str())]
    Link {
        #[command(flatten)]
        options: Options,
    },
    /// Print the GitHub secrets and variable to add, with values, links and gh commands.
    #[command(name = Sub::Secrets.as_str())]
    Secrets {
        #[command(flatten)]
        options: Options,
    },
    /// Print a workflow for the fork that checks the token, the secrets and the role (yaml),
    /// or the commands that add and run it (--format text).
    #[command(name = Sub::CheckWorkflow.as_str())]
    CheckWorkflow {
        #[command(flatten)]
        options: Options,
    },
    /// Read error text on standard input (at most 1 MB) and say what it means for this setup
    /// and how to fix it.
    #[command(name = Sub::Diagnose.as_str())]
    Diagnose {
        #[command(flatten)]
        options: Options,
    },
    /// Print a read-only bash script that checks the deployed stack, role, trust, permissions,
    /// table and its records, and (with gh logged in) the fork's secrets and variable, one
    /// PASS/FAIL/SKIP line each, after saying which workflow files the names came from (with
    /// --checkout, the fork's; for AWS CloudShell or any shell with the AWS CLI).
    #[command(name = Sub::Doctor.as_str())]
    Doctor {
        #[command(flatten)]
        options: Options,
    },
    /// Print the commands that update the stack after options change, and those that delete it
    /// and what it leaves behind (text, or json).
    #[command(name = Sub::Teardown.as_str())]
    Teardown {
        #[command(flatten)]
        options: Options,
    },
    /// Print what the workflows of a checkout of your fork read: secrets, variables, regions,
    /// environments and the table (text or json).
    #[command(name = Sub::Inspect.as_str())]
    Inspect {
        /// The root of a clone of your fork (its .github/workflows is read).
        #[arg(long, value_name = "DIR")]
        checkout: PathBuf,
        /// Output format: text or json.
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Print the shell completion script for SHELL (e.g. ocelot-setup completions bash > /etc/bash_completion.d/ocelot-setup).
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; e.g. ocelot-setup man > ocelot-setup.1 && man ./ocelot-setup.1).
    Man,
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

impl Success {
    fn printed(output: String) -> Success {
        Success { output, path: None, notes: Vec::new() }
    }
}

/// The completion script of `shell`, for every subcommand and flag.
fn completions(shell: clap_complete::Shell) -> String {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), PROGRAM, &mut script);
    String::from_utf8_lossy(&script).into_owned()
}

/// The manual page, in roff.
fn man_page() -> String {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page).expect("writing to memory cannot fail");
    String::from_utf8_lossy(&page).into_owned()
}

/// Runs a parsed command line, computing the whole output before anything is written.
pub fn run(cli: &Cli) -> Result<Success, Failure> {
    let (printed, options) = match &cli.command {
        Command::Completions { shell } => return Ok(Success::printed(completions(*shell))),
        Command::Man => return Ok(Success::printed(man_page())),
        Command::Inspect { checkout, format } => return inspect(checkout, *format).map(Success::printed),
        Command::Template { generic: true, options } => (generic_template(options), options),
        Command::Template { generic: false, options } => (template(options), options),
        Command::Deploy { options } => (deploy(options), options),
        Command::Cloudshell { options } => (cloudshell(options), options),
        Command::Link { options } => (link(options), options),
        Command::Secrets { options } => (secrets(options), options),
        Command::Doctor { options } => (doctor(options), options),
        Command::Teardown { options } => (teardown(options), options),
        Command::CheckWorkflow { options } => (check_workflow(options), options),
        Command::Diagnose { options } => (diagnose(options), options),
    };
    let (output, notes) = printed?;
    Ok(Success { output, path: options.output.clone(), notes })
}

/// The output of a command that prints for a setup, and its notes (what following changed,
/// then the notices).
type Printed = Result<(String, Vec<String>), Failure>;

fn inspect(checkout: &Path, format: Option<Format>) -> Result<String, Failure> {
    let format = allowed_format(format, &[Format::Text, Format::Json])?;
    let findings = workflows::inspect(&checkout::read_checkout(checkout).map_err(|e| Failure::Usage(vec![e]))?);
    Ok(match format {
        Format::Json => json(&findings),
        _ => report::findings_text(&findings),
    })
}

fn generic_template(options: &Options) -> Printed {
    let format = options.format(&[Format::Yaml, Format::Json])?;
    Ok((render(&Template::generic(), format), Vec::new()))
}

fn check_workflow(options: &Options) -> Printed {
    let (output, setup, followed) = checks::check_workflow_output(options)?;
    Ok((output, notes(options, &setup, followed)))
}

fn diagnose(options: &Options) -> Printed {
    let (output, _, followed) = checks::diagnose_output(options, std::io::stdin().lock())?;
    Ok((output, followed))
}

fn template(options: &Options) -> Printed {
    let format = options.format(&[Format::Yaml, Format::Json])?;
    let (setup, followed) = options.setup()?;
    Ok((render(&Template::tailored(&setup), format), notes(options, &setup, followed)))
}

fn deploy(options: &Options) -> Printed {
    let format = options.format(&[Format::Text, Format::Json])?;
    let (setup, followed) = options.setup()?;
    Ok((deploy_output(&setup, format), notes(options, &setup, followed)))
}

fn cloudshell(options: &Options) -> Printed {
    options.format(&[Format::Text])?;
    let (setup, followed) = options.setup()?;
    let yaml = Template::tailored(&setup).to_yaml();
    Ok((cloudshell_script(&setup, &yaml), notes(options, &setup, followed)))
}

fn link(options: &Options) -> Printed {
    let format = options.format(&[Format::Text, Format::Json])?;
    let (setup, followed) = options.setup()?;
    let link = QuickCreateLink::new(&setup).map_err(|e| Failure::Usage(vec![e.for_cli()]))?;
    let output = match format {
        Format::Json => json(
            &serde_json::json!({ "url": link.as_str(), "stack_name": setup.stack_name.as_str(), "region": setup.region.code() }),
        ),
        _ => format!("{link}\n"),
    };
    Ok((output, notes(options, &setup, followed)))
}

fn secrets(options: &Options) -> Printed {
    let format = options.format(&[Format::Text, Format::Json])?;
    let (setup, followed, reading) = options.setup_read()?;
    let entries = guide::complete_entries(&setup).map_err(|e| Failure::Usage(vec![e.for_cli()]))?;
    let output = match format {
        Format::Json => json(&entries),
        _ => secrets_text(&setup, &entries, reading.as_ref()),
    };
    Ok((output, followed))
}

fn doctor(options: &Options) -> Printed {
    options.format(&[Format::Text])?;
    let (setup, followed, reading) = options.setup_read()?;
    let sources = match &reading {
        Some(reading) => Sources::read(&setup, &reading.findings, &reading.followed),
        None => Sources::assumed(&setup),
    };
    Ok((doctor_script(&setup, &sources), notes(options, &setup, followed)))
}

fn teardown(options: &Options) -> Printed {
    let format = options.format(&[Format::Text, Format::Json])?;
    let (setup, followed) = options.setup()?;
    let teardown = Teardown::new(&setup);
    let output = match format {
        Format::Json => json(&teardown),
        _ => teardown.to_text(),
    };
    Ok((output, followed))
}

/// What following a checkout changed, then the core's notices; after `--checkout` the preset
/// was chosen from the workflows, so the hint to choose one is left out.
fn notes(options: &Options, setup: &Setup, mut notes: Vec<String>) -> Vec<String> {
    let followed = options.follows_checkout();
    let notices = guide::notices(setup).into_iter().filter(|n| !(followed && n.field == Field::Preset));
    notes.extend(notices.map(|n| format!("{}: {}", n.field.flag(), n.text)));
    notes
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
            "template_command": commands.template,
            "deploy": commands.deploy,
            "outputs": commands.outputs,
            "console_steps": console_steps(setup),
        }));
    }
    format!(
        "# 1. Write the template:\n{}\n\n# 2. Deploy it (CAPABILITY_NAMED_IAM: it creates a named IAM role):\n{}\n\n# 3. Print the outputs (the values for the GitHub secrets):\n{}\n",
        commands.template,
        commands.deploy,
        commands.outputs
    )
}

/// The secrets guide; with the checkout's reading, the jobs that read each name, the role steps
/// the setup cannot name, and the fork's own publish workflow.
fn secrets_text(setup: &Setup, entries: &[guide::SecretEntry], reading: Option<&workflows::Reading>) -> String {
    let mut out = format!("GitHub secrets and variables for {}\n\n", setup.fork);
    for line in reading.map(|r| workflows::unnamed_roles(&r.findings)).unwrap_or_default() {
        out.push_str(&format!("Problem: {line}\n\n"));
    }
    for e in entries {
        let kind = e.kind.as_str();
        out.push_str(&format!(
            "{} ({kind})\n  value: {}\n  add:   {}\n  or:    {}\n",
            e.name,
            e.value.as_deref().unwrap_or(guide::ROLE_ARN_PLACEHOLDER),
            e.url,
            e.command
        ));
        let jobs = reading.map(|r| workflows::read_by(&r.findings, &e.name)).unwrap_or_default();
        if !jobs.is_empty() {
            out.push_str(&format!("  read by: {}\n", jobs.join("; ")));
        }
        out.push('\n');
    }
    let workflow =
        reading.and_then(|r| PublishWorkflow::from_findings(&r.findings)).unwrap_or_else(PublishWorkflow::upstream);
    out.push_str("Then:\n");
    for (i, step) in guide::steps(setup, &workflow).iter().enumerate() {
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
