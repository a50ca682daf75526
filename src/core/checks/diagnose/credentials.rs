//! Getting credentials: configure-aws-credentials' own errors and STS
//! AssumeRoleWithWebIdentity's, explained for the setup.

use super::answer::{Answer, Control, Ctx};
use super::{word_after, Found};
use crate::core::guide::SecretValue;
use crate::core::links::WORKFLOWS_DIR;
use crate::core::oidc::AUDIENCE;
use crate::core::setup::session::SessionDuration;
use crate::core::setup::sub_claim::read_command;
use crate::core::setup::{Field, ProviderChoice};
use crate::core::shell;
use crate::core::template::subjects::trusted_subjects;

fn answer(cause: String, steps: Vec<super::FixStep>) -> Option<Answer> {
    Some(Answer { cause, steps })
}

pub(super) fn assume_role_denied(ctx: &Ctx, _: &Found) -> Option<Answer> {
    let setup = ctx.setup;
    let mut steps = vec![ctx.check_workflow("it prints this run's subject and names the part that differs.")];
    if setup.ids.is_none() {
        steps.push(ctx.either(
            (
                format!("If {} was created, renamed or transferred after 2026-07-15, its runs present repo:OWNER@ID/REPO@ID: fill in “{}” and “{}” (Check on GitHub fills them).", setup.fork, Field::OwnerId.label(), Field::RepoId.label()),
                Control::Field(Field::OwnerId),
            ),
            (
                format!("If {} was created, renamed or transferred after 2026-07-15, its runs present repo:OWNER@ID/REPO@ID: add the flags this command prints.", setup.fork),
                Some(shell::join(&["gh", "api", &format!("repos/{}", setup.fork), "--jq", "\"--owner-id \\(.owner.id) --repo-id \\(.id)\""])),
            ),
        ));
    }
    steps.push(ctx.either(
        (
            format!("If the failing job has an environment: line, set “{}” to that environment.", Field::Scope.label()),
            Control::Field(Field::Scope),
        ),
        (
            format!(
                "If the check says the fork's subjects are customised, save this answer and give it to {}.",
                Field::SubClaim.flag()
            ),
            Some(read_command(&setup.fork.to_string())),
        ),
    ));
    steps.extend(ctx.redeploy(setup));
    steps.extend(ctx.set_secret(SecretValue::RoleArn));
    answer(
        format!(
            "AWS refused this run's token: the role {} trusts only the subject {} (audience {AUDIENCE}).",
            setup.role_name,
            trusted_subjects(setup).join(" or ")
        ),
        steps,
    )
}

pub(super) fn no_provider(ctx: &Ctx, _: &Found) -> Option<Answer> {
    let mut steps = Vec::new();
    if ctx.setup.provider == ProviderChoice::Reuse {
        steps.push(ctx.either(
            (format!("In “{}”, choose to create it.", Field::Provider.label()), Control::Field(Field::Provider)),
            (format!("Leave out {}: the stack then creates the provider.", Field::Provider.flag()), None),
        ));
        steps.extend(ctx.redeploy(&ctx.changed(|s| s.provider = ProviderChoice::Create)));
    }
    steps.extend(ctx.set_secret(SecretValue::RoleArn));
    steps.push(ctx.doctor());
    answer("The AWS account of the role has no OIDC provider for GitHub, so AWS cannot check the token.".into(), steps)
}

pub(super) fn wrong_audience(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        format!("The token's audience is not {AUDIENCE}, the only client id the role and the provider accept."),
        vec![
            ctx.say(format!(
                "Remove audience: from the workflow's configure-aws-credentials step: its default is {AUDIENCE}."
            )),
            ctx.doctor(),
        ],
    )
}

pub(super) fn rejected_claim(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        "The account's GitHub OIDC provider rejected the token.".into(),
        vec![ctx.doctor(), ctx.check_workflow("it prints the token's claims.")],
    )
}

pub(super) fn idp_unreachable(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        "AWS could not reach GitHub to verify the token's signature.".into(),
        vec![
            ctx.say("Run the failed jobs again: this is usually a short outage of GitHub's token service."),
            ctx.doctor(),
        ],
    )
}

pub(super) fn web_token_expired(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        "The run's OIDC token had expired when AWS read it.".into(),
        vec![ctx.say("Run the failed jobs again; if it happens again on a self-hosted runner, set its clock right.")],
    )
}

pub(super) fn session_too_long(ctx: &Ctx, _: &Found) -> Option<Answer> {
    let seconds = ctx.setup.max_session.seconds();
    let mut steps = vec![ctx.say(format!(
        "Lower role-duration-seconds in the workflow to at most {seconds} (grep -rn role-duration-seconds {WORKFLOWS_DIR} finds it); or allow longer sessions:"
    ))];
    steps.push(ctx.set(Field::MaxSession, &SessionDuration::MAX.to_string()));
    steps.extend(ctx.redeploy(ctx.setup));
    answer(format!("The workflow asks for a longer session than the role allows ({seconds} seconds)."), steps)
}

pub(super) fn region_disabled(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        "STS is not active in the region the step uses.".into(),
        vec![
            ctx.say(format!("Give the step an aws-region the account has enabled, such as {}.", ctx.setup.region)),
            ctx.say(
                "Or enable the region in the AWS console (Account, AWS Regions) and STS in it (IAM, Account settings).",
            ),
        ],
    )
}

pub(super) fn session_expired(ctx: &Ctx, _: &Found) -> Option<Answer> {
    let seconds = ctx.setup.max_session.seconds();
    let mut steps = vec![ctx.set(Field::MaxSession, &(seconds * 2).min(SessionDuration::MAX).to_string())];
    steps.extend(ctx.redeploy(ctx.setup));
    steps.push(
        ctx.say("Set role-duration-seconds in the workflow's configure-aws-credentials step to the same number."),
    );
    answer(
        format!("The job ran longer than its role session ({seconds} seconds at most), and its credentials expired."),
        steps,
    )
}

pub(super) fn no_id_token(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        "The job may not ask GitHub for an OIDC token.".into(),
        vec![
            ctx.say("Add permissions: id-token: write to the workflow, or to the failing job."),
            ctx.say(format!(
                "Run it from a branch of {}: runs for pull requests from other forks never get a token.",
                ctx.setup.fork
            )),
        ],
    )
}

pub(super) fn no_credentials(ctx: &Ctx, _: &Found) -> Option<Answer> {
    let setup = ctx.setup;
    let mut steps: Vec<_> = ctx.set_secret(SecretValue::RoleArn).into_iter().collect();
    steps.push(ctx.say("Add permissions: id-token: write to the workflow, or to the failing job."));
    steps.push(ctx.check_workflow("it checks the token and the secrets."));
    answer(
        format!(
            "The step found no credentials: the secret {} is empty in {} (forks do not inherit secrets), or the job may not ask for a token.",
            setup.secrets.role_secret, setup.fork
        ),
        steps,
    )
}

pub(super) fn role_not_arn(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        format!("The secret {} holds a role name, not the role's ARN.", ctx.setup.secrets.role_secret),
        ctx.set_secret(SecretValue::RoleArn).into_iter().collect(),
    )
}

pub(super) fn region_invalid(ctx: &Ctx, found: &Found) -> Option<Answer> {
    let given = word_after(found.line, "region is not valid:").map(|r| format!(" ({r})")).unwrap_or_default();
    let steps = match ctx.set_secret(SecretValue::Region) {
        Some(step) => vec![step],
        None => vec![ctx.say(format!("Set aws-region in the workflow's step to {}.", ctx.setup.region))],
    };
    answer(format!("The step's aws-region is empty or not a region code{given}."), steps)
}

pub(super) fn account_not_allowed(ctx: &Ctx, _: &Found) -> Option<Answer> {
    let mut steps: Vec<_> = ctx.set_secret(SecretValue::RoleArn).into_iter().collect();
    steps.push(ctx.say("Or add the stack's account to the step's allowed-account-ids."));
    answer("The role is in an account the step's allowed-account-ids does not list.".into(), steps)
}

pub(super) fn action_timeout(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        "configure-aws-credentials stopped at its own time limit (action-timeout-s).".into(),
        vec![ctx.say("Run the failed jobs again; if it repeats, raise action-timeout-s or remove it.")],
    )
}

pub(super) fn action_input(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        "An input of the configure-aws-credentials step is not valid; the message names it.".into(),
        vec![
            ctx.say("Fix that input, or remove it: ocelot's workflows set only role-to-assume and aws-region."),
            ctx.check_workflow("it assumes the role with the inputs this setup needs."),
        ],
    )
}

pub(super) fn throttled(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        "AWS throttled the calls: too many came at once.".into(),
        vec![
            ctx.say("Run the failed jobs again."),
            ctx.say("If it repeats, publish to fewer regions at once (the publish workflow's aws-region input)."),
        ],
    )
}
