//! `... is not authorized to perform: ACTION on resource: ARN`, explained: who was refused,
//! whether this setup's template grants the action, and whether the resource is one the
//! role may touch (its layer prefix, table name, region and partition).

use super::answer::{Answer, Ctx, FixStep};
use super::Found;
use crate::core::checks::grants::{allowed, grants_action};
use crate::core::guide::SecretValue;
use crate::core::setup::values::LayerPrefix;
use crate::core::setup::{CleanupPermission, Field, LayerSharing};
use crate::core::shell;

/// What an access-denied message says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Denial {
    /// The identity refused (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`), when named.
    pub principal: Option<String>,
    /// The action, e.g. `lambda:PublishLayerVersion`.
    pub action: String,
    /// The resource's ARN, when named.
    pub resource: Option<String>,
}

/// Reads the denial from the text before the phrase "not authorized to perform:" (where
/// the principal is) and the text after it (the action, then "on resource: ARN"), which may
/// run over several lines of a wrapped terminal.
fn parse(before: &str, after: &str) -> Option<Denial> {
    let words: Vec<&str> = after.split_whitespace().collect();
    let action = trim_word(words.first()?);
    let (service, name) = action.split_once(':')?;
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '*');
    if !plain(service) || !plain(name) {
        return None;
    }
    let resource = match words.get(1..4) {
        Some([on, resource, arn]) if on.eq_ignore_ascii_case("on") && resource.eq_ignore_ascii_case("resource:") => {
            let mut arn = trim_word(arn).to_string();
            // A terminal that wraps inside the ARN leaves it in two words.
            if arn.ends_with('-') || arn.ends_with(':') {
                if let Some(next) = words.get(4) {
                    arn.push_str(trim_word(next));
                }
            }
            Some(arn)
        }
        _ => None,
    };
    let lower = before.to_ascii_lowercase();
    let principal = lower.rfind("user: ").map(|at| before[at + 6..].split_whitespace().next().unwrap_or(""));
    let principal = principal.map(trim_word).filter(|p| p.starts_with("arn:")).map(str::to_string);
    Some(Denial { principal, action: action.to_string(), resource })
}

/// The account an ARN names, if it names one.
fn account_of(arn: &str) -> Option<&str> {
    arn_parts(arn).map(|p| p[3]).filter(|a| !a.is_empty())
}

fn trim_word(word: &str) -> &str {
    word.trim_matches(|c: char| matches!(c, '"' | '\'' | '`' | ',' | ';' | '(' | ')' | '.' | '[' | ']' | '\\'))
}

/// The parts of an ARN: partition, service, region, account, resource.
fn arn_parts(arn: &str) -> Option<[&str; 5]> {
    let mut parts = arn.splitn(6, ':');
    (parts.next()? == "arn").then_some(())?;
    Some([parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?])
}

/// The denial in `found`, explained; `None` when the text names no action.
pub(super) fn answer(ctx: &Ctx, found: &Found) -> Option<Answer> {
    const DENIED: &str = "not authorized to perform:";
    let at = found.line.to_ascii_lowercase().find(DENIED)?;
    let after = format!("{} {}", &found.line[at + DENIED.len()..], found.after);
    // The principal may be on the lines before, when a terminal wrapped the message.
    let before = format!("{} {}", found.before, &found.line[..at]);
    Some(explain(ctx, &parse(&before, &after)?))
}

fn answer_of(cause: String, steps: Vec<FixStep>) -> Answer {
    Answer { cause, steps }
}

/// Why the role was refused, and what to change.
fn explain(ctx: &Ctx, denial: &Denial) -> Answer {
    let setup = ctx.setup;
    let action = &denial.action;
    if let Some(principal) = &denial.principal {
        let assumed = principal.split_once(":assumed-role/").map(|(_, rest)| rest.split('/').next().unwrap_or(""));
        if assumed != Some(setup.role_name.as_str()) {
            return other_identity(ctx, principal, assumed, action);
        }
    }
    let caller = denial.principal.as_deref().and_then(account_of);
    let owner = denial.resource.as_deref().and_then(account_of);
    if let (Some(caller), Some(owner), Some(resource)) = (caller, owner, &denial.resource) {
        if caller != owner {
            return answer_of(
                format!("{resource} belongs to the account {owner}, and the role is in {caller}: its permissions cover its own account only."),
                vec![ctx.say(format!("Use a resource of the account {caller}, or ask the owner of {owner} to share it."))],
            );
        }
    }
    if !grants_action(setup, action) {
        return not_granted(ctx, action);
    }
    let Some(resource) = &denial.resource else {
        return answer_of(
            format!("This setup grants {action}, but the deployed role does not: the stack was deployed from another template."),
            ctx.redeploy(setup),
        );
    };
    let account = arn_parts(resource).map(|p| p[3]).unwrap_or("*");
    let grants: Vec<_> = allowed(setup, account).into_iter().filter(|a| a.has_action(action)).collect();
    if grants.iter().any(|g| g.covers(resource)) {
        let mut steps = ctx.redeploy(setup);
        steps.push(ctx.doctor());
        return answer_of(
            format!("This setup grants {action} on {resource}, but the deployed role does not: the stack was deployed from another template, or its policy was changed by hand."),
            steps,
        );
    }
    let patterns: Vec<String> = grants.iter().flat_map(|g| g.resources.iter().cloned()).collect();
    outside(ctx, action, resource, &patterns.join(", "))
}

fn other_identity(ctx: &Ctx, principal: &str, assumed: Option<&str>, action: &str) -> Answer {
    let setup = ctx.setup;
    let service = action.split(':').next().unwrap_or("");
    let who = ctx.run("See who the credentials belong to.", shell::join(&["aws", "sts", "get-caller-identity"]));
    if let Some(other) = assumed.filter(|_| !matches!(service, "iam" | "cloudformation")) {
        return answer_of(
            format!("The call ran as the role {other}, not as this setup's role {}.", setup.role_name),
            ctx.set_secret(SecretValue::RoleArn).into_iter().collect(),
        );
    }
    if matches!(service, "iam" | "cloudformation" | "s3") {
        return answer_of(
            format!("{principal} may not {action}: deploying needs rights to create stacks, IAM roles, the OIDC provider and DynamoDB tables."),
            vec![ctx.say("Deploy as an administrator of the account (AWS CloudShell signed in as one works), or ask one to."), who],
        );
    }
    answer_of(
        format!(
            "The call ran as {principal}, not as the role {}: the step did not use the role's credentials.",
            setup.role_name
        ),
        vec![
            ctx.say("Assume the role with aws-actions/configure-aws-credentials in an earlier step of the same job."),
            who,
        ],
    )
}

fn not_granted(ctx: &Ctx, action: &str) -> Answer {
    let setup = ctx.setup;
    let public = ctx.changed(|s| s.permissions.sharing = LayerSharing::Public);
    if setup.permissions.sharing == LayerSharing::Private && grants_action(&public, action) {
        let mut steps = vec![ctx.set(Field::PublicLayers, "")];
        steps.extend(ctx.redeploy(&public));
        steps.push(ctx.say("Or run the publish workflow with its input set-to-public set to false."));
        return answer_of(format!("{action} makes layers public, and this setup keeps them private."), steps);
    }
    let cleanup = ctx.changed(|s| s.permissions.cleanup = CleanupPermission::Allowed);
    if setup.permissions.cleanup == CleanupPermission::Denied && grants_action(&cleanup, action) {
        let mut steps = vec![ctx.set(Field::Cleanup, "")];
        steps.extend(ctx.redeploy(&cleanup));
        return answer_of(format!("{action} is a cleanup permission, and this setup does not allow cleanup."), steps);
    }
    answer_of(
        format!("No setup grants {action}: ocelot's publisher and reaper never call it."),
        vec![
            ctx.say("Check that the failing step is one of ocelot's; a workflow of your own needs its own permission.")
        ],
    )
}

/// A layer named outside the role's prefix.
fn outside_prefix(ctx: &Ctx, name: &str) -> Answer {
    let prefix = ctx.setup.layer_prefix.as_str();
    let wanted = name.split('-').next().filter(|p| *p != prefix).and_then(|p| LayerPrefix::parse(p).ok());
    let mut steps = vec![ctx.say(format!(
        "Name the layers {prefix}-… (ocelot's workflows take the prefix as their layer-name input, ocel upstream); or:"
    ))];
    if let Some(wanted) = wanted {
        steps.push(ctx.set(Field::LayerPrefix, wanted.as_str()));
        steps.extend(ctx.redeploy(&ctx.changed(|s| s.layer_prefix = wanted.clone())));
    }
    answer_of(
        format!("The layer {name} does not start with {prefix}-: the role may only touch layers named {prefix}-*."),
        steps,
    )
}

/// Another table than the setup's, or the table in another region; `None` when neither.
fn outside_table(ctx: &Ctx, name: &str, region: &str) -> Option<Answer> {
    let setup = ctx.setup;
    let table = setup.table.as_str();
    if name != table {
        let mut steps: Vec<_> = ctx.set_secret(SecretValue::TableName).into_iter().collect();
        if steps.is_empty() {
            steps.push(ctx.say("Upstream's publisher has the table name built in (tools/scripts/otel_layer_utils/dynamodb_utils.py); or:"));
        }
        steps.push(ctx.set(Field::Table, name));
        steps.extend(ctx.redeploy(setup));
        return Some(answer_of(
            format!("The workflow used the table {name}; this setup's role may only use {table}."),
            steps,
        ));
    }
    if region != setup.region.code() {
        let mut steps: Vec<_> = ctx.set_secret(SecretValue::Region).into_iter().collect();
        steps.push(ctx.say(format!(
            "Make the workflow use {} for the table (its DynamoDB region setting), or deploy the stack in {region}.",
            setup.region
        )));
        return Some(answer_of(format!("The workflow called DynamoDB in {region}; the table {table} and the role's permission on it are in {}.", setup.region), steps));
    }
    None
}

/// The action is granted, but not on `resource`: say which part of it is off.
fn outside(ctx: &Ctx, action: &str, resource: &str, patterns: &str) -> Answer {
    let setup = ctx.setup;
    let generic = || {
        answer_of(
            format!("The role may {action} only on {patterns}, not on {resource}."),
            vec![ctx.say("Make the workflow use this setup's names and region.")],
        )
    };
    let Some([partition, service, region, _, rest]) = arn_parts(resource) else {
        return generic();
    };
    if partition != setup.region.partition().as_str() {
        return answer_of(
            format!(
                "{resource} is in the {partition} partition; this setup's role is in {} ({}).",
                setup.region.partition(),
                setup.region
            ),
            vec![ctx.set(Field::Region, "a region of that partition")],
        );
    }
    match (service, rest.split_once(':').or_else(|| rest.split_once('/'))) {
        ("lambda", Some(("layer", name))) => outside_prefix(ctx, name.split(':').next().unwrap_or(name)),
        ("dynamodb", Some(("table", path))) => {
            outside_table(ctx, path.split('/').next().unwrap_or(path), region).unwrap_or_else(generic)
        }
        _ => generic(),
    }
}
