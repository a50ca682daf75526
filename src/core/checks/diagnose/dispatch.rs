//! Starting a workflow: `gh workflow run`'s errors (GitHub's dispatch API answers).

use super::answer::{Answer, Ctx, FixStep};
use super::{word_after, Found};
use crate::core::links;

fn answer(cause: String, steps: Vec<FixStep>) -> Option<Answer> {
    Some(Answer { cause, steps })
}

pub(super) fn workflow_not_found(ctx: &Ctx, found: &Found) -> Option<Answer> {
    let named = word_after(found.line, "workflows named ").unwrap_or("that name").trim_matches('"').to_string();
    answer(
        format!("GitHub has no workflow {named} on the default branch of {}.", ctx.setup.fork),
        vec![
            ctx.say("Commit the workflow file to the default branch and push it: GitHub offers only workflows it finds there."),
            ctx.run("List the workflows GitHub knows.", format!("gh workflow list --all --repo {}", ctx.setup.fork)),
        ],
    )
}

pub(super) fn no_dispatch(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        "The workflow on the default branch has no workflow_dispatch trigger, so it cannot be started by hand.".into(),
        vec![
            ctx.say("Add on: workflow_dispatch to the workflow and push it to the default branch."),
            ctx.say("If the branch you run from has it, the default branch must have it too."),
        ],
    )
}

pub(super) fn input_not_allowed(ctx: &Ctx, found: &Found) -> Option<Answer> {
    let input = word_after(found.line, "for input ").unwrap_or("the input").trim_matches('\'').to_string();
    answer(
        format!("The value given for {input} is not one of the choices the workflow offers."),
        vec![
            ctx.say(format!("Give one of the values listed under inputs: {input}: options: in the workflow file.")),
            ctx.say(format!("For aws-region, this setup's region is {}.", ctx.setup.region)),
        ],
    )
}

pub(super) fn unexpected_inputs(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        "The run was given inputs the workflow does not declare.".into(),
        vec![ctx.say("Pass only the workflow's inputs (-f NAME=VALUE), as listed under on: workflow_dispatch: inputs: in its file.")],
    )
}

pub(super) fn ref_not_found(ctx: &Ctx, found: &Found) -> Option<Answer> {
    let named = word_after(found.line, "no ref found for:")
        .or_else(|| word_after(found.line, "no ref found for"))
        .unwrap_or("that ref")
        .to_string();
    answer(
        format!("{} has no branch or tag {named}.", ctx.setup.fork),
        vec![
            ctx.say("Push the branch first, or give an existing one with --ref."),
            ctx.run("List the branches.", format!("gh api repos/{}/branches --jq '.[].name'", ctx.setup.fork)),
        ],
    )
}

pub(super) fn actions_disabled(ctx: &Ctx, _: &Found) -> Option<Answer> {
    answer(
        format!("GitHub Actions are turned off for {}: forks start with them off.", ctx.setup.fork),
        vec![ctx.say(format!(
            "Open {} and press “I understand my workflows, go ahead and enable them”; enable the workflow itself too if it says it is disabled.",
            links::github_actions(&ctx.setup.fork)
        ))],
    )
}
