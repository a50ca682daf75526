//! What the wizard says around a watched run: how to read a run GitHub will not show (a
//! private copy, reading turned off) with the GitHub CLI and the diagnosis, and what to
//! confirm after a green publish run.

use crate::core::setup::command::Subcommand;
use crate::core::setup::Setup;
use crate::core::shell;

/// `"$(gh run list ...)"`: the id of the latest run of `workflow_file` in `repo`, as a bash word.
pub fn latest_run(repo: &str, workflow_file: &str) -> String {
    let list = [
        "gh",
        "run",
        "list",
        "--workflow",
        workflow_file,
        "--repo",
        repo,
        "--limit",
        "1",
        "--json",
        "databaseId",
        "--jq",
        ".[0].databaseId",
    ];
    format!("\"$({})\"", shell::join(&list))
}

/// `gh run view RUN --log-failed -R OWNER/REPO | ocelot-setup diagnose ...`: the failed steps'
/// log of run `run`, or of the latest run of `workflow_file` when the run is not known,
/// explained for `setup`. gh signs in, so it reads private repositories too.
pub fn gh_pipe(setup: &Setup, run: Option<u64>, workflow_file: &str) -> String {
    let repo = setup.fork.to_string();
    let run = match run {
        Some(id) => id.to_string(),
        None => latest_run(&repo, workflow_file),
    };
    let view = shell::join(&["gh", "run", "view"]);
    let rest = shell::join(&["--log-failed", "-R", &repo]);
    format!("{view} {run} {rest} | {}", setup.command(Subcommand::Diagnose))
}

/// What a green publish run does not prove, and how to check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreenRunCheck {
    /// Why to check, in a sentence or two.
    pub why: String,
    /// The command that counts the table's records.
    pub command: String,
}

/// After a green publish run: upstream's publisher carries on when its DynamoDB write is
/// denied, so the run stays green with nothing recorded; the table's count tells.
pub fn green_run_check(setup: &Setup) -> GreenRunCheck {
    let command = shell::join(&[
        "aws",
        "dynamodb",
        "scan",
        "--table-name",
        setup.table.as_str(),
        "--region",
        setup.region.code(),
        "--select",
        "COUNT",
    ]);
    GreenRunCheck {
        why: format!(
            "A green run does not prove the layer was recorded: ocelot's publisher goes on when its write to the table is refused, and the run stays green. Confirm that {} in {} holds a record: its Count should be 1 or more (or read the table line of the doctor, below).",
            setup.table, setup.region
        ),
        command,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::setup::test_setup as setup;
    use crate::core::setup::SecretPreset;

    #[test]
    fn the_pipe_reads_the_run_and_diagnoses_it_for_this_setup() {
        let setup = setup(|i| {
            i.fork = "OctoCat/ocelot".into();
            i.preset = SecretPreset::Upstream;
        });
        let known = gh_pipe(&setup, Some(42), "ci.yml");
        assert!(
            known.starts_with(
                "gh run view 42 --log-failed -R OctoCat/ocelot | ocelot-setup diagnose --repo OctoCat/ocelot"
            ),
            "{known}"
        );
        assert!(known.ends_with(&setup.command(Subcommand::Diagnose)), "{known}");
        let latest = gh_pipe(&setup, None, "my flow.yml");
        assert!(
            latest.starts_with(
                "gh run view \"$(gh run list --workflow 'my flow.yml' --repo OctoCat/ocelot --limit 1 --json databaseId --jq '.[0].databaseId')\" --log-failed"
            ),
            "{latest}"
        );
    }

    #[test]
    fn the_green_run_check_counts_the_setups_table() {
        let check = green_run_check(&setup(|i| {
            i.preset = SecretPreset::Upstream;
            i.table = "layers-table".into();
            i.region = "eu-west-1".into();
        }));
        assert_eq!(check.command, "aws dynamodb scan --table-name layers-table --region eu-west-1 --select COUNT");
        assert!(check.why.contains("layers-table in eu-west-1"), "{}", check.why);
    }
}
