//! How to change a deployed setup and how to remove it: the commands that update the stack
//! after options change, what each change does to the resources, the commands that delete
//! the stack, and what stays afterwards with the commands that remove it too.

use serde::Serialize;

use crate::core::checks::bash::query_word;
use crate::core::guide::deploy::DeployCommands;
use crate::core::guide::secret_entries;
use crate::core::oidc::{self, HOST};
use crate::core::setup::command::Subcommand;
use crate::core::setup::Choice;
use crate::core::setup::{ProviderChoice, SecretPreset, Setup};
use crate::core::shell;

/// One thing to do, with the commands that do it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instruction {
    /// What to do, in a few words.
    pub title: String,
    /// Why, and what happens.
    pub detail: String,
    /// The commands, in order; bash, values quoted.
    pub commands: Vec<String>,
}

/// Updating and removing the stack of one setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Teardown {
    /// The steps that update the stack after options change.
    pub update: Vec<Instruction>,
    /// What each kind of change does to the resources.
    pub changes: Vec<String>,
    /// The steps that delete the stack.
    pub delete: Vec<Instruction>,
    /// What stays after the stack is deleted, and how to remove it too.
    pub leftovers: Vec<Instruction>,
}

fn aws(words: &[&str], region: &str) -> String {
    format!("aws {} --region {}", shell::join(words), shell::quote(region))
}

impl Teardown {
    /// The update and teardown of `setup`'s stack.
    pub fn new(setup: &Setup) -> Teardown {
        let region = setup.region.code();
        let stack = setup.stack_name.as_str();
        let deploy = DeployCommands::new(setup);
        let update = vec![
            Instruction {
                title: "Write the template with the new options".into(),
                detail: "Give every option you want, the unchanged ones too: the template holds them all, and what it leaves out goes back to its default.".into(),
                commands: vec![deploy.template.clone()],
            },
            Instruction {
                title: format!("Deploy it to the same stack, {stack} in {region}"),
                detail: "The same command as the first deploy: CloudFormation updates the stack in place, and does nothing when nothing changed.".into(),
                commands: vec![deploy.deploy.clone(), deploy.outputs.clone()],
            },
            Instruction {
                title: "Check the result".into(),
                detail: "The doctor checks the stack, the role's trust and permissions and the table, and prints the secrets' values.".into(),
                commands: vec![format!("{} | bash", setup.command(Subcommand::Doctor))],
            },
        ];
        let delete = vec![Instruction {
            title: format!("Delete the stack {stack}"),
            detail: format!(
                "The role {} goes with it, so the fork's workflows can no longer publish. {}",
                setup.role_name,
                match setup.provider {
                    ProviderChoice::Create => "The GitHub OIDC provider goes too (the stack created it): any other role in the account that trusts GitHub Actions stops working; list them first with the command under \"What stays\".",
                    ProviderChoice::Reuse => "The GitHub OIDC provider stays: the stack reused it.",
                }
            ),
            commands: vec![
                aws(&["cloudformation", "delete-stack", "--stack-name", stack], region),
                aws(&["cloudformation", "wait", "stack-delete-complete", "--stack-name", stack], region),
            ],
        }];
        Teardown { update, changes: changes(setup), delete, leftovers: leftovers(setup) }
    }

    /// Every command, one after another, as one bash script (for checking, not for running
    /// whole: it updates and then deletes).
    pub fn commands(&self) -> String {
        [&self.update, &self.delete, &self.leftovers]
            .into_iter()
            .flatten()
            .flat_map(|i| i.commands.iter())
            .map(|c| format!("{c}\n"))
            .collect()
    }

    /// The whole as text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::from("Update the stack after changing options\n\n");
        numbered(&mut out, &self.update);
        out.push_str("\nWhat an update changes\n\n");
        for change in &self.changes {
            out.push_str(&format!("- {change}\n"));
        }
        out.push_str("\nRemove the stack\n\n");
        numbered(&mut out, &self.delete);
        out.push_str("\nWhat stays, and how to remove it too\n\n");
        for item in &self.leftovers {
            out.push_str(&format!("- {}: {}\n", item.title, item.detail));
            for command in &item.commands {
                out.push_str(&indent(command, "    "));
            }
        }
        out
    }
}

fn numbered(out: &mut String, steps: &[Instruction]) {
    for (i, step) in steps.iter().enumerate() {
        out.push_str(&format!("{}. {}: {}\n", i + 1, step.title, step.detail));
        for command in &step.commands {
            out.push_str(&indent(command, "   "));
        }
    }
}

fn indent(text: &str, by: &str) -> String {
    text.lines().map(|line| format!("{by}{line}\n")).collect()
}

fn changes(setup: &Setup) -> Vec<String> {
    let role_secret = &setup.secrets.role_secret;
    let table_use = match (&setup.secrets.table_secret, setup.secrets.preset) {
        (Some(secret), _) => format!("set {secret} to the new name"),
        (None, SecretPreset::Upstream) => format!(
            "upstream's workflows have the name {} built in, so change it there too",
            SecretPreset::Upstream.table()
        ),
        (None, SecretPreset::Seed) => "point the workflows at the new name".into(),
    };
    let mut changes = vec![
        format!(
            "The trust scope, the numeric ids, the session length, the layer prefix and the permissions (public layers, cleanup) update the role {} in place: its ARN stays.",
            setup.role_name
        ),
        format!(
            "A new role name (--role-name) replaces the role: CloudFormation creates the new one and deletes {}. The ARN changes: set {role_secret} again (the doctor prints the value).",
            setup.role_name
        ),
        format!(
            "A new table name (--table) replaces the table: the new one starts empty, and {} stays with its records (the template retains a replaced table); {table_use}, and delete the old table when you no longer need it (see below).",
            setup.table
        ),
    ];
    changes.push(match setup.provider {
        ProviderChoice::Create => "Do not switch this stack to --existing-provider: the update deletes the provider the stack created, and the role would trust a provider that is gone.".into(),
        ProviderChoice::Reuse => "Switching this stack to create the provider fails with EntityAlreadyExists while the account holds one (an account holds one per URL).".into(),
    });
    changes.push(format!(
        "A new stack name or region is not an update: it deploys a second stack, which fails while {} exists (role names are global in the account).",
        setup.role_name
    ));
    changes
}

fn leftovers(setup: &Setup) -> Vec<Instruction> {
    let region = setup.region.code();
    let table = setup.table.as_str();
    let mut items = vec![Instruction {
        title: format!("The table {table}"),
        detail: "It stays, with every layer record (the template retains it, on deletion and on replacement). Deleting it deletes the records, with no undo; do the same for tables left by earlier renames.".into(),
        commands: vec![aws(&["dynamodb", "delete-table", "--table-name", table], region)],
    }];
    let account = match &setup.role_arn {
        Some(arn) => arn.account().to_string(),
        None => {
            format!("\"$({})\"", aws(&["sts", "get-caller-identity", "--query", "Account", "--output", "text"], region))
        }
    };
    let (before, after) = oidc::provider_arn_around(setup.region.partition().as_str());
    let provider_arn = format!("{}{account}{}", shell::quote(&before), shell::quote(&after));
    let trusting = format!(
        "aws iam list-roles --query {} --output text --region {}",
        query_word(&format!("Roles[?contains(to_string(AssumeRolePolicyDocument), '{HOST}')].RoleName")),
        shell::quote(region)
    );
    items.push(match setup.provider {
        ProviderChoice::Create => Instruction {
            title: "The GitHub OIDC provider".into(),
            detail: "The stack created it, so it is deleted with the stack. Before deleting, this lists the roles that trust GitHub Actions (other than this stack's, they stop working):".into(),
            commands: vec![trusting],
        },
        ProviderChoice::Reuse => Instruction {
            title: "The GitHub OIDC provider".into(),
            detail: "It stays: the stack reused it. Delete it only if no other role uses it: the first command lists the roles that trust GitHub Actions; every one stops working without it.".into(),
            commands: vec![
                trusting,
                format!("aws iam delete-open-id-connect-provider --open-id-connect-provider-arn {provider_arn} --region {}", shell::quote(region)),
            ],
        },
    });
    let fork = setup.fork.to_string();
    items.push(Instruction {
        title: format!("The secrets in {fork}"),
        detail: "They stay in the fork; without the role they are of no use.".into(),
        commands: secret_entries(setup)
            .iter()
            // `gh secret delete`, `gh variable delete`: the subcommand is the kind's name.
            .map(|e| shell::join(&["gh", e.kind.as_str(), "delete", e.name.as_str(), "--repo", &fork]))
            .collect(),
    });
    items.push(Instruction {
        title: format!("The layers named {}-*", setup.layer_prefix),
        detail: "The layers the workflows published are not in the stack: they stay, in each region they went to. This lists them in one region; aws lambda delete-layer-version deletes a version.".into(),
        commands: vec![format!(
            "aws lambda list-layers --query {} --output text --region {}",
            query_word(&format!("Layers[?starts_with(LayerName, '{}-')].LayerName", setup.layer_prefix)),
            shell::quote(region)
        )],
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::setup::test_setup as setup;

    #[test]
    fn the_provider_is_deleted_only_when_the_setup_reused_it() {
        let created = Teardown::new(&setup(|_| {})).commands();
        assert!(!created.contains("delete-open-id-connect-provider"), "{created}");
        let reused = Teardown::new(&setup(|i| i.provider = ProviderChoice::Reuse)).commands();
        assert!(reused.contains(
            "aws iam delete-open-id-connect-provider --open-id-connect-provider-arn arn:aws:iam::\"$(aws sts get-caller-identity --query Account --output text --region us-east-1)\":oidc-provider/token.actions.githubusercontent.com --region us-east-1\n"
        ), "{reused}");
    }

    #[test]
    fn a_known_account_goes_into_the_provider_arn() {
        let reused = Teardown::new(&setup(|i| {
            i.provider = ProviderChoice::Reuse;
            i.region = "cn-north-1".into();
            i.account_id = "123456789012".into();
        }));
        assert!(reused
            .commands()
            .contains("arn:aws-cn:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"));
    }

    #[test]
    fn delete_then_wait_then_the_table() {
        let t = Teardown::new(&setup(|i| i.table = "my.table".into()));
        assert_eq!(
            t.delete[0].commands,
            [
                "aws cloudformation delete-stack --stack-name ocelot-fork-setup --region us-east-1",
                "aws cloudformation wait stack-delete-complete --stack-name ocelot-fork-setup --region us-east-1"
            ]
        );
        assert_eq!(t.leftovers[0].commands, ["aws dynamodb delete-table --table-name my.table --region us-east-1"]);
    }

    #[test]
    fn secrets_are_deleted_by_kind() {
        let t = Teardown::new(&setup(|i| i.preset = SecretPreset::Upstream));
        let secrets = t.leftovers.iter().find(|i| i.title.starts_with("The secrets")).expect("listed");
        assert_eq!(
            secrets.commands,
            [
                "gh secret delete OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN --repo octo-cat/ocelot",
                "gh variable delete DYNAMODB_REGION --repo octo-cat/ocelot"
            ]
        );
    }
}
