//! `... is not authorized to perform: ACTION on resource: ARN`, explained: who was refused,
//! whether this setup's template grants the action, and whether the resource is one the
//! role may touch (its layer prefix, table name, region and partition).

use crate::core::checks::grants::{allowed, grants_action};
use crate::core::guide::{secret_entries, SecretValue};
use crate::core::setup::values::LayerPrefix;
use crate::core::setup::{CleanupPermission, LayerSharing, Setup};

use super::diagnose::{redeploy, Explanation};

/// What an access-denied message says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Denial {
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
pub(super) fn parse(before: &str, after: &str) -> Option<Denial> {
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

/// Why the role was refused, and what to change.
pub(super) fn explain(setup: &Setup, denial: &Denial) -> Explanation {
    let action = &denial.action;
    let role = &setup.role_name;
    if let Some(principal) = &denial.principal {
        let assumed = principal.split_once(":assumed-role/").map(|(_, rest)| rest.split('/').next().unwrap_or(""));
        if assumed != Some(role.as_str()) {
            return other_identity(setup, principal, assumed, action);
        }
    }
    let caller = denial.principal.as_deref().and_then(account_of);
    let owner = denial.resource.as_deref().and_then(account_of);
    if let (Some(caller), Some(owner), Some(resource)) = (caller, owner, &denial.resource) {
        if caller != owner {
            return Explanation {
                cause: format!("{resource} belongs to the account {owner}, and the call came from the account {caller}: the role's permissions cover its own account only, and the owner has not shared that resource"),
                fix: format!("use a resource of the account {caller} (the stack's region and names), or ask the owner of {owner} to share it (aws lambda add-layer-version-permission for a layer)"),
                commands: Vec::new(),
            };
        }
    }
    if !grants_action(setup, action) {
        return not_granted(setup, action);
    }
    let Some(resource) = &denial.resource else {
        return Explanation {
            cause: format!("the template for this setup grants {action}, but the role that refused does not: the stack was deployed from an older or another template"),
            fix: "regenerate the template and update the stack".into(),
            commands: redeploy(setup),
        };
    };
    let account = arn_parts(resource).map(|p| p[3]).unwrap_or("*");
    let grants: Vec<_> = allowed(setup, account).into_iter().filter(|a| a.has_action(action)).collect();
    if grants.iter().any(|g| g.covers(resource)) {
        return Explanation {
            cause: format!("the template for this setup grants {action} on {resource}, but the role that refused does not: the stack was deployed from an older or another template, or its policy was changed by hand"),
            fix: "regenerate the template and update the stack; the second command shows the role's policy as deployed".into(),
            commands: {
                let mut c = redeploy(setup);
                c.push(crate::core::shell::join(&[
                    "aws",
                    "iam",
                    "get-role-policy",
                    "--role-name",
                    role.as_str(),
                    "--policy-name",
                    "ocelot-layer-publishing",
                ]));
                c
            },
        };
    }
    let patterns: Vec<String> = grants.iter().flat_map(|g| g.resources.iter().cloned()).collect();
    outside(setup, action, resource, &patterns.join(", "))
}

fn other_identity(setup: &Setup, principal: &str, assumed: Option<&str>, action: &str) -> Explanation {
    let service = action.split(':').next().unwrap_or("");
    let who = crate::core::shell::join(&["aws", "sts", "get-caller-identity"]);
    if let Some(other) = assumed.filter(|_| !matches!(service, "iam" | "cloudformation")) {
        let entry = secret_entries(setup).into_iter().find(|e| e.holds == SecretValue::RoleArn);
        return Explanation {
            cause: format!(
                "the call ran as the role {other}, not as this setup's role {}: the workflow assumed another role",
                setup.role_name
            ),
            fix: format!(
                "put this stack's role ARN (its PublisherRoleArn output) into the secret {}",
                setup.secrets.role_secret
            ),
            commands: entry.map(|e| e.command).into_iter().collect(),
        };
    }
    if matches!(service, "iam" | "cloudformation" | "s3") {
        return Explanation {
            cause: format!("{principal} may not {action}: the identity that deploys the stack needs rights to create CloudFormation stacks, IAM roles, the OIDC provider and DynamoDB tables; the role {} is not involved yet", setup.role_name),
            fix: "deploy as an administrator of the account (AWS CloudShell signed in as one works), or ask one to deploy it".into(),
            commands: vec![who],
        };
    }
    Explanation {
        cause: format!("the call ran as {principal}, not as the role {}: the role's credentials were not in use (configure-aws-credentials did not run before this step, or a later step replaced them)", setup.role_name),
        fix: "assume the role with aws-actions/configure-aws-credentials before the call; the command shows who the credentials belong to".into(),
        commands: vec![who],
    }
}

fn not_granted(setup: &Setup, action: &str) -> Explanation {
    let mut public = setup.clone();
    public.permissions.sharing = LayerSharing::Public;
    if setup.permissions.sharing == LayerSharing::Private && grants_action(&public, action) {
        return Explanation {
            cause: format!("{action} is needed to make layers public, and this setup keeps them private (--no-public-layers)"),
            fix: "either let the role make layers public (leave out --no-public-layers) and update the stack, or run the publish workflow with its input set-to-public set to false".into(),
            commands: redeploy(&public),
        };
    }
    let mut cleanup = setup.clone();
    cleanup.permissions.cleanup = CleanupPermission::Allowed;
    if setup.permissions.cleanup == CleanupPermission::Denied && grants_action(&cleanup, action) {
        return Explanation {
            cause: format!("{action} is a cleanup permission (reaper.py deletes old layer versions and their records), and this setup does not allow cleanup"),
            fix: "add --allow-cleanup and update the stack, or do not run the cleanup".into(),
            commands: redeploy(&cleanup),
        };
    }
    Explanation {
        cause: format!("the template never grants {action}: ocelot's publisher and reaper do not call it, so the role has no such permission in any setup"),
        fix: "check that the failing step is one of ocelot's; if a workflow of your own needs it, give the role that permission yourself".into(),
        commands: Vec::new(),
    }
}

/// The action is granted, but not on `resource`: say which part of it is off.
fn outside(setup: &Setup, action: &str, resource: &str, patterns: &str) -> Explanation {
    let generic = || Explanation {
        cause: format!("the role may {action} only on {patterns}, not on {resource}"),
        fix: "check the names and the region the workflow uses against this setup's".into(),
        commands: Vec::new(),
    };
    let Some([partition, service, region, _, rest]) = arn_parts(resource) else {
        return generic();
    };
    if partition != setup.region.partition().as_str() {
        return Explanation {
            cause: format!(
                "{resource} is in the {partition} partition; this setup's role is in {} ({})",
                setup.region.partition(),
                setup.region
            ),
            fix: "use the region the stack is in, or regenerate with --region in that partition and deploy there"
                .into(),
            commands: Vec::new(),
        };
    }
    match (service, rest.split_once(':').or_else(|| rest.split_once('/'))) {
        ("lambda", Some(("layer", name))) => {
            let name = name.split(':').next().unwrap_or(name);
            let prefix = setup.layer_prefix.as_str();
            let wanted = name.split('-').next().filter(|p| *p != prefix).and_then(|p| LayerPrefix::parse(p).ok());
            let mut fix = format!("name the layers {prefix}-... (ocelot's workflows take the prefix as their layer-name input, ocel upstream)");
            let commands = match wanted {
                Some(wanted) => {
                    fix.push_str(&format!(
                        ", or let the role use the prefix {wanted}: --layer-prefix {wanted}, and update the stack"
                    ));
                    let mut other = setup.clone();
                    other.layer_prefix = wanted;
                    redeploy(&other)
                }
                None => Vec::new(),
            };
            Explanation {
                cause: format!(
                    "the layer {name} does not start with {prefix}-: the role may only touch layers named {prefix}-*"
                ),
                fix,
                commands,
            }
        }
        ("dynamodb", Some(("table", path))) => {
            let name = path.split('/').next().unwrap_or(path);
            let table = setup.table.as_str();
            if name != table {
                let entry = secret_entries(setup).into_iter().find(|e| e.holds == SecretValue::TableName);
                let fix = match &entry {
                    Some(e) => format!("set the secret {} to {table}, or, if {name} is the table you want, regenerate with --table {name} and update the stack", e.name),
                    None => format!("upstream's publisher has the table name built in; use --table {name} and update the stack, or change the name in the fork's tools/scripts/otel_layer_utils/dynamodb_utils.py"),
                };
                return Explanation {
                    cause: format!("the workflow used the table {name}; this setup's role may only use {table}"),
                    fix,
                    commands: entry.map(|e| e.command).into_iter().collect(),
                };
            }
            if region != setup.region.code() {
                let entry = secret_entries(setup).into_iter().find(|e| e.holds == SecretValue::Region);
                return Explanation {
                    cause: format!("the workflow called DynamoDB in {region}; the table {table} and the role's permission on it are in {}", setup.region),
                    fix: format!("make the workflow use {} for the table (its DynamoDB region setting), or deploy the stack in {region}", setup.region),
                    commands: entry.map(|e| e.command).into_iter().collect(),
                };
            }
            generic()
        }
        _ => generic(),
    }
}
