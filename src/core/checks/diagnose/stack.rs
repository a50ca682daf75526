//! Deploying and updating the stack: CloudFormation's errors for this template, and
//! DynamoDB's table that is not where the workflow looks.

use super::answer::{Answer, Control, Ctx, FixStep};
use super::{word_after, Found};
use crate::core::guide::deploy::{DeployCommands, GENERIC_TEMPLATE_FILE};
use crate::core::guide::SecretValue;
use crate::core::setup::command::{generic_template_command, Subcommand};
use crate::core::setup::values::RoleName;
use crate::core::setup::{Field, ProviderChoice, SecretPreset};
use crate::core::shell;

fn answer(cause: String, steps: Vec<FixStep>) -> Option<Answer> {
    Some(Answer { cause, steps })
}

/// `aws cloudformation ARGS --stack-name STACK --region REGION`.
fn cloudformation(ctx: &Ctx, args: &[&str]) -> String {
    let mut words = vec!["aws", "cloudformation"];
    words.extend(args);
    words.extend(["--stack-name", ctx.setup.stack_name.as_str(), "--region", ctx.setup.region.code()]);
    shell::join(&words)
}

/// Read why, delete the stack and wait for it.
fn delete_stack(ctx: &Ctx) -> Vec<FixStep> {
    match ctx.reader {
        super::Reader::Wizard => vec![FixStep {
            text: format!(
                "Delete the stack {} (its table is kept): “Change or remove the stack” shows how.",
                ctx.setup.stack_name
            ),
            command: None,
            control: Some(Control::Teardown),
        }],
        super::Reader::Cli => vec![
            ctx.run("Delete the stack (its table is kept).", cloudformation(ctx, &["delete-stack"])),
            ctx.run("Wait until it is gone.", cloudformation(ctx, &["wait", "stack-delete-complete"])),
        ],
    }
}

pub(super) fn rollback_complete(ctx: &Ctx, _: &Found) -> Option<Answer> {
    let mut steps = vec![ctx.run(
        "Read why its creation failed: the first FAILED event names the resource.",
        cloudformation(
            ctx,
            &[
                "describe-stack-events",
                "--query",
                "StackEvents[?contains(ResourceStatus, 'FAILED')].[LogicalResourceId, ResourceStatusReason]",
                "--output",
                "text",
            ],
        ),
    )];
    steps.extend(delete_stack(ctx));
    steps.extend(ctx.redeploy(ctx.setup));
    answer(
        format!(
            "The first creation of the stack {} failed and was undone; such a stack can only be deleted.",
            ctx.setup.stack_name
        ),
        steps,
    )
}

pub(super) fn busy(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        format!("The stack {} is still busy with an earlier create, update or delete.", ctx.setup.stack_name),
        vec![
            ctx.run("Wait until it ends.", cloudformation(ctx, &["wait", "stack-update-complete"])),
            ctx.say("Then deploy again."),
        ],
    )
}

pub(super) fn other_state(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        format!("The stack {} is in a state that cannot be updated.", ctx.setup.stack_name),
        vec![
            ctx.run(
                "Read its status and the last events.",
                cloudformation(ctx, &["describe-stack-events", "--max-items", "10"]),
            ),
            ctx.run(
                "For UPDATE_ROLLBACK_FAILED: finish the rollback, then deploy again.",
                cloudformation(ctx, &["continue-update-rollback"]),
            ),
        ],
    )
}

pub(super) fn no_updates(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        format!("Not a failure: the stack {} already matches this template.", ctx.setup.stack_name),
        vec![ctx.say("Nothing to do; if you changed an option, make sure the template deployed is the new one.")],
    )
}

pub(super) fn provider_exists(ctx: &Ctx, _: &Found) -> Option<Answer> {
    let reuse = ctx.changed(|s| s.provider = ProviderChoice::Reuse);
    let cause = match ctx.setup.provider {
        ProviderChoice::Create => "The account already has GitHub's OIDC provider (one per account), and this template creates another.",
        ProviderChoice::Reuse => "The account already has GitHub's OIDC provider, and the template deployed creates another: it was made before choosing to reuse it.",
    };
    let mut steps = Vec::new();
    if ctx.setup.provider == ProviderChoice::Create {
        steps.push(ctx.set(Field::Provider, ""));
    }
    steps.push(ctx.run(
        "If the stack is in ROLLBACK_COMPLETE (its first creation failed), delete it first.",
        cloudformation(ctx, &["describe-stacks", "--query", "Stacks[0].StackStatus", "--output", "text"]),
    ));
    steps.extend(ctx.redeploy(&reuse));
    answer(cause.into(), steps)
}

pub(super) fn role_exists(ctx: &Ctx, found: &Found) -> Option<Answer> {
    let named = word_after(found.line, "role with name ").unwrap_or(ctx.setup.role_name.as_str()).to_string();
    let other = format!("{}-2", ctx.setup.role_name);
    let mut steps = vec![ctx.set(Field::RoleName, &other)];
    steps.extend(
        ctx.redeploy(&ctx.changed(|s| s.role_name = RoleName::parse(&other).unwrap_or_else(|_| s.role_name.clone()))),
    );
    steps.push(ctx.say(format!(
        "Or, if the role {named} is left from an old setup, delete it in the IAM console and deploy again."
    )));
    answer(format!("A role named {named} already exists in the account, outside this stack."), steps)
}

pub(super) fn table_exists(ctx: &Ctx, _: &Found) -> Option<Answer> {
    let table = ctx.setup.table.as_str();
    answer(
        format!("A table named {table} already exists in {}, outside this stack (a deleted stack keeps its table).", ctx.setup.region),
        vec![
            ctx.say("If it holds your layer records, keep it: import it into the stack, or use another name and copy the records."),
            ctx.run(
                "Delete the empty table, then deploy again.",
                shell::join(&["aws", "dynamodb", "delete-table", "--table-name", table, "--region", ctx.setup.region.code()]),
            ),
        ],
    )
}

pub(super) fn named_iam(ctx: &Ctx, _: &Found) -> Option<Answer> {
    let step = ctx.either(
        (
            "In the console, tick “I acknowledge that AWS CloudFormation might create IAM resources with custom names”; the other ways of the template step already pass it.".into(),
            Control::Deploy,
        ),
        ("Deploy with --capabilities CAPABILITY_NAMED_IAM, as this command does.".into(), Some(DeployCommands::new(ctx.setup).deploy)),
    );
    answer(
        format!(
            "The template creates the role {} with a name, and CloudFormation needs your consent for that.",
            ctx.setup.role_name
        ),
        vec![step],
    )
}

pub(super) fn template_url(ctx: &Ctx, _: &Found) -> Option<Answer> {
    let host = ctx.either(
        (
            format!(
                "Upload the generic template to an S3 bucket and put its https URL in “{}”.",
                Field::TemplateUrl.label()
            ),
            Control::Field(Field::TemplateUrl),
        ),
        (
            format!(
                "Upload the generic template to an S3 bucket and give its https URL with {}.",
                Field::TemplateUrl.flag()
            ),
            Some(generic_template_command(&["-o", GENERIC_TEMPLATE_FILE])),
        ),
    );
    let other_way = ctx.either(
        ("Or deploy another way: the CloudShell script needs no hosting.".into(), Control::Deploy),
        (
            "Or deploy without a link: the CloudShell script needs no hosting.".into(),
            Some(ctx.setup.command(Subcommand::Cloudshell)),
        ),
    );
    answer(
        "CloudFormation reads a template URL only from Amazon S3, not from GitHub or another site.".into(),
        vec![host, other_way],
    )
}

pub(super) fn missing(ctx: &Ctx, found: &Found) -> Option<Answer> {
    let stack = ctx.setup.stack_name.as_str();
    let named = word_after(found.line, "stack with id ").unwrap_or(stack);
    if named != stack {
        return answer(
            format!("The command asked for the stack {named}; this setup's stack is {stack}."),
            vec![ctx.set(Field::StackName, named)],
        );
    }
    let mut steps =
        vec![ctx.run(
            "Check which account the credentials belong to.",
            shell::join(&["aws", "sts", "get-caller-identity"]),
        )];
    steps.extend(ctx.redeploy(ctx.setup));
    answer(format!("There is no stack {stack} in {} of this account: it is not deployed yet, or it is in another region or account.", ctx.setup.region), steps)
}

pub(super) fn template_format(ctx: &Ctx, _: &Found) -> Option<Answer> {
    let mut steps = vec![ctx.say(
        "Write the template file again: a paste or an edit broke it (CloudShell has been seen to corrupt pasted text).",
    )];
    steps.extend(ctx.redeploy(ctx.setup));
    answer("The template CloudFormation received is not valid YAML or JSON.".into(), steps)
}

pub(super) fn parameter_invalid(ctx: &Ctx, found: &Found) -> Option<Answer> {
    let named = word_after(found.line, "parameter '").map(|p| p.trim_matches('\'').to_string());
    let which = named.map(|p| format!(" ({p})")).unwrap_or_default();
    let mut steps = vec![
        ctx.say("Leave the parameters at the template's defaults: they are this setup's values, already checked.")
    ];
    steps.extend(ctx.redeploy(ctx.setup));
    answer(format!("A parameter value given to the stack{which} breaks its allowed pattern."), steps)
}

pub(super) fn table_not_found(ctx: &Ctx, found: &Found) -> Option<Answer> {
    let setup = ctx.setup;
    let table = setup.table.as_str();
    let asked = word_after(found.line, "table: ")
        .filter(|n| *n != table)
        .map(|n| format!(" (it asked for {n})"))
        .unwrap_or_default();
    let mut steps = vec![ctx.run(
        "Check that the table is there.",
        shell::join(&[
            "aws",
            "dynamodb",
            "describe-table",
            "--table-name",
            table,
            "--region",
            setup.region.code(),
            "--query",
            "Table.TableStatus",
        ]),
    )];
    match setup.secrets.preset {
        SecretPreset::Seed => steps.extend(ctx.set_secret(SecretValue::TableName)),
        SecretPreset::Upstream => steps.extend(ctx.set_secret(SecretValue::Region)),
    }
    answer(
        format!(
            "DynamoDB has no such table where the workflow looked{asked}; this setup's table is {table} in {}.",
            setup.region
        ),
        steps,
    )
}
