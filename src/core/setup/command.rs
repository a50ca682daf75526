//! The command line that reproduces a setup, defaults left out.

use crate::core::setup::choices::{choice, Choice, SecretPreset};
use crate::core::setup::declare::{long_flag, Flag};
use crate::core::setup::field::{Field, LIST_SEPARATOR, NOT_USED};
use crate::core::setup::{ScopeInput, Setup, TrustScope};
use crate::core::shell;

/// The program's name, as the printed commands call it.
pub const PROGRAM: &str = "ocelot-setup";

choice! {
    /// The program's subcommands that the printed commands name (the CLI declares its
    /// subcommands with these names).
    pub enum Subcommand ("subcommand") {
        /// The CloudFormation template.
        #[default]
        Template => "template",
        /// The AWS CLI commands that deploy it.
        Deploy => "deploy",
        /// The CloudShell script.
        Cloudshell => "cloudshell",
        /// The quick-create link.
        Link => "link",
        /// The GitHub secrets.
        Secrets => "secrets",
        /// The check workflow.
        CheckWorkflow => "check-workflow",
        /// Error text explained.
        Diagnose => "diagnose",
        /// The doctor script.
        Doctor => "doctor",
        /// The update and delete commands.
        Teardown => "teardown",
        /// The findings of a checkout's workflows.
        Inspect => "inspect",
    }
}

/// The `template` flag that prints the generic template, without its leading `--`.
pub const GENERIC: &str = "generic";

/// `ocelot-setup template --generic ARGS...`, the command that prints the generic template.
pub fn generic_template_command(args: &[&str]) -> String {
    let generic = long_flag(GENERIC);
    let words: Vec<&str> = std::iter::once(generic.as_str()).chain(args.iter().copied()).collect();
    command_line(Subcommand::Template, words)
}

impl Setup {
    /// The CLI arguments that reproduce this setup, values at their defaults left out.
    pub fn cli_args(&self) -> Vec<String> {
        let preset = self.secrets.preset;
        let mut args = Vec::new();
        let mut value = |field: Field, text: String| {
            if field.default_text(preset) != Some(text.as_str()) {
                args.push(field.flag());
                args.push(text);
            }
        };
        value(Field::Fork, self.fork.to_string());
        if let Some(ids) = self.ids {
            value(Field::OwnerId, ids.owner_id.to_string());
            value(Field::RepoId, ids.repo_id.to_string());
        }
        let scope = ScopeInput {
            also: self.also_environments.iter().map(ToString::to_string).collect(),
            ..ScopeInput::new(self.scope.kind(), self.scope.name())
        };
        if self.scope != TrustScope::AnyRef || !scope.also.is_empty() {
            value(Field::Scope, scope.to_arg());
        }
        if let Some(claim) = &self.sub_claim {
            // The answer itself, which --sub-claim reads as readily as a file.
            value(Field::SubClaim, claim.to_json());
        }
        value(Field::Region, self.region.to_string());
        value(Field::StackName, self.stack_name.to_string());
        value(Field::RoleName, self.role_name.to_string());
        if preset != SecretPreset::default() {
            value(Field::Preset, preset.as_str().to_string());
        }
        value(Field::Table, self.table.to_string());
        value(Field::LayerPrefix, self.layer_prefix.to_string());
        value(Field::MaxSession, self.max_session.seconds().to_string());
        let roles = std::iter::once(&self.secrets.role_secret).chain(&self.secrets.also_role);
        value(Field::RoleSecret, roles.map(|n| n.as_str()).collect::<Vec<_>>().join(&LIST_SEPARATOR.to_string()));
        let optional =
            [(Field::TableSecret, &self.secrets.table_secret), (Field::RegionVariable, &self.secrets.region_variable)];
        for (field, name) in optional {
            match name {
                Some(name) => value(field, name.to_string()),
                None if field.default_text(preset).is_some() => value(field, NOT_USED.to_string()),
                None => {}
            }
        }
        let switches = [
            (Field::Provider, self.provider.as_str()),
            (Field::PublicLayers, self.permissions.sharing.as_str()),
            (Field::Cleanup, self.permissions.cleanup.as_str()),
        ];
        // A switch is given when the setup holds the choice the declaration says it sets.
        let switched = |field: Field, value: &str| matches!(field.spec().flag, Flag::Switch(sets) if sets() == value);
        args.extend(
            switches.into_iter().filter(|(field, value)| switched(*field, value)).map(|(field, _)| field.flag()),
        );
        args
    }

    /// The `ocelot-setup SUBCOMMAND ...` command line, quoted for bash, that gives this setup.
    pub fn command(&self, subcommand: Subcommand) -> String {
        self.command_with(subcommand, &[])
    }

    /// [`Setup::command`] followed by `extra` (such as `-o FILE` or `--format text`).
    pub fn command_with(&self, subcommand: Subcommand, extra: &[&str]) -> String {
        let args = self.cli_args();
        command_line(subcommand, args.iter().map(String::as_str).chain(extra.iter().copied()))
    }
}

/// `ocelot-setup SUBCOMMAND ARGS...`, quoted for bash: the one builder of the program's command
/// lines, for those that reproduce a setup ([`Setup::command`]) and those that need none.
pub fn command_line<'a>(subcommand: Subcommand, args: impl IntoIterator<Item = &'a str>) -> String {
    let words: Vec<&str> = [PROGRAM, subcommand.as_str()].into_iter().chain(args).collect();
    shell::join(&words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::setup::SetupInput;

    #[test]
    fn extra_words_follow_the_setups_flags_quoted() {
        assert_eq!(generic_template_command(&["-o", "a b.yaml"]), "ocelot-setup template --generic -o 'a b.yaml'");
        let input = SetupInput { fork: "octo/ocelot".into(), preset: SecretPreset::Upstream, ..SetupInput::default() };
        let setup = Setup::from_input(&input).unwrap();
        let plain = setup.command(Subcommand::Doctor);
        assert!(plain.starts_with(&format!("ocelot-setup doctor {} octo/ocelot", Field::Fork.flag())), "{plain}");
        assert_eq!(setup.command_with(Subcommand::Doctor, &["--format", "text"]), format!("{plain} --format text"));
    }
}
