//! Pasted error text, explained for one setup: the common failures of deploying the stack
//! and of assuming and using the role, each with its cause for *this* setup and the fix
//! (the option to change, the commands to run). Plain string search: no regex, so the wasm
//! stays small; any input is read without panicking.

use serde::Serialize;

use crate::core::checks::access;
use crate::core::checks::subjects::trusted_subjects;
use crate::core::guide::deploy::{DeployCommands, TEMPLATE_FILE};
use crate::core::guide::{secret_entries, SecretKind, SecretValue};
use crate::core::setup::choices::{choice, Choice};
use crate::core::setup::sub_claim::read_command;
use crate::core::setup::{ProviderChoice, SecretPreset, Setup};
use crate::core::shell;
use crate::core::template::AUDIENCE;

/// The most text read: the log of one failing step is far smaller.
pub const MAX_PASTE_BYTES: usize = 1024 * 1024;
/// The longest matched line shown, in characters.
pub const MAX_LINE_CHARS: usize = 300;
/// The most findings reported; a paste with more repeats the same few failures.
pub const MAX_FINDINGS: usize = 20;
/// How many lines after a match may continue it (a terminal wraps long messages).
const CONTINUATION_LINES: usize = 4;

choice! {
    /// Which failure a finding is; its string form is stable for scripts and the UI.
    pub enum FailureId ("failure id") {
        /// `Not authorized to perform sts:AssumeRoleWithWebIdentity`.
        #[default]
        AssumeRoleDenied => "assume-role-denied",
        /// `Could not load credentials from any providers` and its kin.
        NoCredentials => "no-credentials",
        /// `Requested DurationSeconds exceeds the MaxSessionDuration`.
        SessionTooLong => "session-too-long",
        /// `... is not authorized to perform: X on resource: Y`.
        AccessDenied => "access-denied",
        /// DynamoDB's `ResourceNotFoundException`.
        TableNotFound => "table-not-found",
        /// `EntityAlreadyExists` for the OIDC provider.
        ProviderExists => "provider-exists",
        /// `TemplateURL must be a supported URL`.
        TemplateUrl => "template-url",
        /// `Stack with id X does not exist`.
        StackMissing => "stack-missing",
        /// `Requires capabilities : [CAPABILITY_NAMED_IAM]`.
        NamedIamCapability => "named-iam-capability",
    }
}

/// One failure found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Which failure.
    pub id: FailureId,
    /// The line it was found on, trimmed and cut to [`MAX_LINE_CHARS`].
    pub line: String,
    /// Why it happens, for this setup.
    pub cause: String,
    /// What to change.
    pub fix: String,
    /// Commands that make or check the fix, in order.
    pub commands: Vec<String>,
}

/// What the text means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum Diagnosis {
    /// Known failures, each once, in the order they first appear.
    Recognised {
        /// The failures.
        findings: Vec<Finding>,
    },
    /// No known failure: what to do instead.
    NotRecognised {
        /// Why there is no answer.
        cause: String,
        /// The next step.
        fix: String,
        /// Its commands.
        commands: Vec<String>,
    },
}

/// A cause and a fix, before the line is attached.
pub(super) struct Explanation {
    pub cause: String,
    pub fix: String,
    pub commands: Vec<String>,
}

/// What `pasted` means for `setup`.
pub fn diagnose(setup: &Setup, pasted: &str) -> Diagnosis {
    let lines: Vec<&str> = pasted.lines().collect();
    let mut findings: Vec<Finding> = Vec::new();
    // Denials already explained: a log repeats them on lines that differ only in timestamps.
    let mut denials = Vec::new();
    for i in 0..lines.len() {
        if findings.len() == MAX_FINDINGS {
            break;
        }
        if let Some((id, e)) = recognise(setup, &lines, i, &mut denials) {
            if !findings.iter().any(|f| f.id == id && f.cause == e.cause) {
                findings.push(Finding { id, line: shown(lines[i]), cause: e.cause, fix: e.fix, commands: e.commands });
            }
        }
    }
    if !findings.is_empty() {
        return Diagnosis::Recognised { findings };
    }
    Diagnosis::NotRecognised {
        cause: "none of the failures ocelot-setup knows is in this text (it reads the messages of AWS, CloudFormation and configure-aws-credentials, in English)".into(),
        fix: "paste the whole log of the failing step, or let the doctor check the deployed stack and the fork".into(),
        commands: vec![ocelot_setup(setup, "doctor", &[]), ocelot_setup(setup, "check-workflow", &["--format", "text"])],
    }
}

/// The line trimmed and cut to [`MAX_LINE_CHARS`] characters.
fn shown(line: &str) -> String {
    let line = line.trim();
    match line.char_indices().nth(MAX_LINE_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

fn recognise(
    setup: &Setup,
    lines: &[&str],
    i: usize,
    denials: &mut Vec<access::Denial>,
) -> Option<(FailureId, Explanation)> {
    let line = lines[i];
    // ASCII lowering keeps every byte where it was, so positions found in `lower` cut `line`.
    let lower = line.to_ascii_lowercase();
    let has = |needle: &str| lower.contains(needle);
    if has("assumerolewithwebidentity") && (has("not authorized") || has("accessdenied")) {
        return Some((FailureId::AssumeRoleDenied, assume_role_denied(setup)));
    }
    if has("durationseconds exceeds the maxsessionduration") {
        return Some((FailureId::SessionTooLong, session_too_long(setup)));
    }
    if has("could not load credentials from any providers")
        || has("credentials could not be loaded")
        || has("unable to locate credentials")
    {
        return Some((FailureId::NoCredentials, no_credentials(setup)));
    }
    const DENIED: &str = "not authorized to perform:";
    if let Some(at) = lower.find(DENIED) {
        let mut after = line[at + DENIED.len()..].to_string();
        for next in lines.iter().skip(i + 1).take(CONTINUATION_LINES) {
            after.push(' ');
            after.push_str(next);
        }
        // The principal may be on the lines before, when a terminal wrapped the message.
        let mut before = lines[i.saturating_sub(CONTINUATION_LINES / 2)..i].join(" ");
        before.push(' ');
        before.push_str(&line[..at]);
        let denial = access::parse(&before, &after)?;
        if denials.contains(&denial) {
            return None;
        }
        denials.push(denial.clone());
        return Some((FailureId::AccessDenied, access::explain(setup, &denial)));
    }
    if has("resourcenotfoundexception") && (has("requested resource not found") || has("table") || has("dynamodb")) {
        return Some((FailureId::TableNotFound, table_not_found(setup, quoted_after(line, &lower, "table: "))));
    }
    if has("entityalreadyexists") || (has("provider with url") && has("already exists")) {
        return Some((FailureId::ProviderExists, provider_exists(setup)));
    }
    if has("templateurl must be") {
        return Some((FailureId::TemplateUrl, template_url(setup)));
    }
    if let Some(at) = lower.find("stack with id ") {
        let rest = &line[at + "stack with id ".len()..];
        let end = rest.to_ascii_lowercase().find(" does not exist")?;
        return Some((FailureId::StackMissing, stack_missing(setup, rest[..end].trim())));
    }
    if has("requires capabilities") && has("capability_") {
        return Some((FailureId::NamedIamCapability, named_iam(setup)));
    }
    None
}

/// The word after `marker` in `line`, if any.
fn quoted_after<'a>(line: &'a str, lower: &str, marker: &str) -> Option<&'a str> {
    let at = lower.find(marker)? + marker.len();
    line[at..]
        .split_whitespace()
        .next()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && !"._-".contains(c)))
}

/// `ocelot-setup SUBCOMMAND` with this setup's flags and `extra`.
fn ocelot_setup(setup: &Setup, subcommand: &str, extra: &[&str]) -> String {
    let mut words = vec!["ocelot-setup".to_string(), subcommand.to_string()];
    words.extend(setup.cli_args());
    words.extend(extra.iter().map(|w| w.to_string()));
    shell::join(&words)
}

/// The commands that write `setup`'s template and deploy it (creating or updating the stack).
pub(super) fn redeploy(setup: &Setup) -> Vec<String> {
    vec![format!("{} -o {TEMPLATE_FILE}", setup.command("template")), DeployCommands::new(setup).deploy]
}

fn secret_command(setup: &Setup, holds: SecretValue) -> Option<String> {
    secret_entries(setup).into_iter().find(|e| e.holds == holds).map(|e| e.command)
}

fn assume_role_denied(setup: &Setup) -> Explanation {
    let fork = setup.fork.to_string();
    let subjects = trusted_subjects(setup).join(" or ");
    let mut fix = format!(
        "run the check workflow: it prints the token's subject and names the part that differs (owner, its case, ids, ref or environment, branch); when the fork's subjects are not GitHub's default ones (the gh api command's answer says which), save that answer and give it to --sub-claim and update the stack: the role then trusts exactly those{}",
        if setup.sub_claim.is_some() { "; if the answer has changed since this setup was made, give the new one" } else { "" }
    );
    let mut commands = vec![ocelot_setup(setup, "check-workflow", &["--format", "text"])];
    // GitHub's whole answer: its sub_claim_prefix, and what --sub-claim reads.
    commands.push(read_command(&fork));
    if setup.ids.is_none() {
        fix.push_str("; a fork created, renamed or transferred after 2026-07-15 presents repo:OWNER@ID/REPO@ID, which the role does not trust without the ids: add --owner-id and --repo-id (the last command prints them) and update the stack");
        commands.push(shell::join(&[
            "gh",
            "api",
            &format!("repos/{fork}"),
            "--jq",
            "\"--owner-id \\(.owner.id) --repo-id \\(.id)\"",
        ]));
    }
    Explanation {
        cause: format!(
            "AWS refused the token: its subject or audience is not what the role {} trusts. The role trusts the subject {subjects} ({}) with the audience {AUDIENCE}; the secret {} must also hold this stack's role ARN",
            setup.role_name,
            setup.scope.describe(),
            setup.secrets.role_secret
        ),
        fix,
        commands,
    }
}

fn session_too_long(setup: &Setup) -> Explanation {
    let seconds = setup.max_session.seconds();
    Explanation {
        cause: format!("the workflow asks for a session longer than the role allows ({seconds} seconds)"),
        fix: format!("lower role-duration-seconds in the workflow to at most {seconds}, or raise --max-session (up to 43200) and update the stack"),
        commands: vec![shell::join(&["grep", "-rn", "role-duration-seconds", ".github/workflows"])],
    }
}

fn no_credentials(setup: &Setup) -> Explanation {
    let fork = setup.fork.to_string();
    let secret = &setup.secrets.role_secret;
    let mut commands = vec![shell::join(&["gh", SecretKind::Secret.as_str(), "list", "--repo", &fork])];
    commands.extend(secret_command(setup, SecretValue::RoleArn));
    Explanation {
        cause: format!("configure-aws-credentials found no way to get credentials: the job could not ask for an OIDC token (no `permissions: id-token: write`, or a pull request from another fork), or the secret {secret} is empty in {fork} (forks do not inherit secrets)"),
        fix: format!("add `permissions: id-token: write` to the workflow or the job, run it from a branch of {fork}, and set the secret {secret}"),
        commands,
    }
}

fn table_not_found(setup: &Setup, named: Option<&str>) -> Explanation {
    let table = setup.table.as_str();
    let asked = match named.filter(|n| *n != table) {
        Some(name) => format!("it asked for {name}; "),
        None => String::new(),
    };
    let mut commands = vec![shell::join(&[
        "aws",
        "dynamodb",
        "describe-table",
        "--table-name",
        table,
        "--region",
        setup.region.code(),
        "--query",
        "Table.TableStatus",
    ])];
    let fix = match setup.secrets.preset {
        SecretPreset::Seed => {
            commands.extend(secret_command(setup, SecretValue::TableName));
            format!("check that the stack is deployed in {} (the first command), and that the workflow's table secret holds {table} and it calls {}", setup.region, setup.region)
        }
        SecretPreset::Upstream => {
            commands.extend(secret_command(setup, SecretValue::Region));
            format!(
                "upstream's publisher looks for {} in the region of its region variable: set it to {}",
                SecretPreset::Upstream.table(),
                setup.region
            )
        }
    };
    Explanation {
        cause: format!("DynamoDB has no table by the name the workflow used in the region it called; {asked}this setup's table is {table} in {}", setup.region),
        fix,
        commands,
    }
}

fn provider_exists(setup: &Setup) -> Explanation {
    let mut reuse = setup.clone();
    reuse.provider = ProviderChoice::Reuse;
    let (stack, region) = (setup.stack_name.as_str(), setup.region.code());
    let mut commands = vec![
        shell::join(&[
            "aws",
            "cloudformation",
            "describe-stacks",
            "--stack-name",
            stack,
            "--region",
            region,
            "--query",
            "Stacks[0].StackStatus",
            "--output",
            "text",
        ]),
        shell::join(&["aws", "cloudformation", "delete-stack", "--stack-name", stack, "--region", region]),
        shell::join(&[
            "aws",
            "cloudformation",
            "wait",
            "stack-delete-complete",
            "--stack-name",
            stack,
            "--region",
            region,
        ]),
    ];
    commands.extend(redeploy(&reuse));
    let cause = match setup.provider {
        ProviderChoice::Create => "the account already has GitHub's OIDC provider (an account holds one per URL), and this setup's template creates one".to_string(),
        ProviderChoice::Reuse => "the account already has GitHub's OIDC provider; this setup reuses it, but the template deployed was made without --existing-provider".to_string(),
    };
    Explanation {
        cause,
        fix: "reuse the provider (--existing-provider) and deploy again; if the first command says ROLLBACK_COMPLETE (the first create failed), delete the stack first, as the next two commands do".into(),
        commands,
    }
}

fn template_url(setup: &Setup) -> Explanation {
    let given = match &setup.template_url {
        Some(url) => {
            format!(" (this setup's --template-url is {url}; CloudFormation must be able to read that object)")
        }
        None => String::new(),
    };
    Explanation {
        cause: format!("CloudFormation reads a templateURL only from Amazon S3 (https://BUCKET.s3.REGION.amazonaws.com/KEY), not from GitHub or another site{given}"),
        fix: "host the generic template in an S3 bucket and give its https URL with --template-url, or deploy without a link: the CloudShell script needs no hosting".into(),
        commands: vec![
            shell::join(&["ocelot-setup", "template", "--generic", "-o", "ocelot-setup-generic.yaml"]),
            ocelot_setup(setup, "cloudshell", &[]),
        ],
    }
}

fn stack_missing(setup: &Setup, named: &str) -> Explanation {
    let stack = setup.stack_name.as_str();
    let region = setup.region;
    if !named.is_empty() && named != stack {
        return Explanation {
            cause: format!("the command asked for the stack {named}; this setup's stack is {stack}"),
            fix: format!("use --stack-name {stack}, or, if you deployed it as {named}, give --stack-name {named} to ocelot-setup"),
            commands: vec![DeployCommands::new(setup).outputs],
        };
    }
    let mut commands = vec![shell::join(&["aws", "sts", "get-caller-identity"])];
    commands.extend(redeploy(setup));
    Explanation {
        cause: format!("there is no stack {stack} in {region} in the account the credentials belong to: it is not deployed yet, it is in another region or account, or it was deleted"),
        fix: format!("check the account (the first command), then deploy the stack in {region}"),
        commands,
    }
}

fn named_iam(setup: &Setup) -> Explanation {
    Explanation {
        cause: format!("the template creates an IAM role with a name ({}), and CloudFormation needs your consent for that", setup.role_name),
        fix: "deploy with --capabilities CAPABILITY_NAMED_IAM (the command below has it), or tick the acknowledgement box in the console".into(),
        commands: vec![DeployCommands::new(setup).deploy],
    }
}
