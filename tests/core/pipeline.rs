//! One pipeline: the CLI's `--checkout` and the wizard's reading from GitHub turn the same files
//! into the same setup; jobs that name their own role secret are all listed; a name dropped
//! with `-` is listed nowhere.

use ocelot_setup::cli::checkout::read_checkout;
use ocelot_setup::core::github::contents::{Answer, Reader};
use ocelot_setup::core::guide::secret_entries;
use ocelot_setup::core::setup::command::Subcommand;
use ocelot_setup::core::setup::values::Fork;
use ocelot_setup::core::setup::{ScopeInput, Setup, SetupInput};
use ocelot_setup::core::workflows::{read_fork, SourceFile};

use crate::inspect::dir;

const REPO: &str = r#"{"id": 1296269, "full_name": "OctoCat/ocelot", "owner": {"id": 583231}, "fork": true,
    "parent": {"full_name": "dev7a/ocelot"}, "default_branch": "main"}"#;

fn ok(body: &str) -> Answer {
    Answer { status: 200, remaining: Some("50".into()), reset: None, body: body.into() }
}

/// The wizard's way: GitHub answers with the repository, the folder listing and each file the
/// reader asks for, from `files`.
fn read_as_the_wizard(files: &[SourceFile], input: &SetupInput) -> ocelot_setup::core::workflows::Followed {
    let mut reader = Reader::new("http://127.0.0.1:9", Fork::parse("octocat/ocelot").expect("a fork"));
    let text = |f: &SourceFile| String::from_utf8_lossy(&f.bytes).into_owned();
    while let Some(request) = reader.next_request() {
        let path = request.url.split("/contents/").nth(1).map(|p| p.split('?').next().unwrap_or(p).to_string());
        let answer = match path.as_deref() {
            None => ok(REPO),
            Some(".github/workflows") => {
                let entries: Vec<String> = files
                    .iter()
                    .filter(|f| f.path.starts_with(".github/workflows/"))
                    .map(|f| {
                        let name = f.path.rsplit('/').next().unwrap_or_default();
                        format!(r#"{{"name":"{name}","path":"{}","type":"file","size":{}}}"#, f.path, f.bytes.len())
                    })
                    .collect();
                ok(&format!("[{}]", entries.join(",")))
            }
            Some(path) => match files.iter().find(|f| f.path == path) {
                Some(file) => ok(&text(file)),
                None => Answer { status: 404, ..ok("") },
            },
        };
        reader.answer(&answer, |t| t.to_string());
    }
    reader.outcome(input).expect("GitHub answered").followed
}

#[test]
fn the_cli_and_the_wizard_give_the_same_setup_for_the_same_files() {
    for name in crate::inspect::fixtures() {
        let files = read_checkout(&dir(name)).expect("a checkout");
        let typed = SetupInput::for_fork("octocat/ocelot");
        let wizard = read_as_the_wizard(&files, &typed);
        // What the wizard's reading adds before following: GitHub's spelling and the ids.
        let checked =
            SetupInput { fork: "OctoCat/ocelot".into(), owner_id: "583231".into(), repo_id: "1296269".into(), ..typed };
        let cli = read_fork(&files, &checked).followed;
        assert_eq!(cli, wizard, "{name}");
        Setup::from_input(&cli.input).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        for conflict in &cli.conflicts {
            assert!(conflict.options.len() > 1, "{name}: a decision with one option: {conflict:?}");
            for option in &conflict.options {
                let mut chosen = cli.input.clone();
                chosen.set_value(conflict.field, &option.value);
                assert!(Setup::from_input(&chosen).is_ok(), "{name}: {option:?} is offered but refused");
            }
        }
    }
}

#[test]
fn jobs_that_name_their_own_role_secret_are_all_listed() {
    let mut files = read_checkout(&dir("upstream")).expect("a checkout");
    let ci = files.iter_mut().find(|f| f.path.ends_with("/ci.yml")).expect("ci.yml");
    let text = String::from_utf8(ci.bytes.clone()).expect("UTF-8");
    // The release job (ci.yml:325) reads its own secret; the other jobs keep upstream's.
    let (head, tail) = text.split_at(text.find("create-github-release:").expect("the release job"));
    let renamed =
        format!("{head}{}", tail.replacen("secrets.OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN", "secrets.RELEASE_ROLE", 1));
    *ci = SourceFile::new(ci.path.clone(), renamed.into_bytes());
    let followed = read_fork(&files, &SetupInput::for_fork("octocat/ocelot")).followed;
    let setup = Setup::from_input(&followed.input).expect("valid");
    assert_eq!(setup.secrets.role_secret.as_str(), "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN");
    let also: Vec<&str> = setup.secrets.also_role.iter().map(|n| n.as_str()).collect();
    assert_eq!(also, ["RELEASE_ROLE"]);
    let listed: Vec<String> = secret_entries(&setup).into_iter().map(|e| e.name).collect();
    assert_eq!(listed, ["OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN", "RELEASE_ROLE", "DYNAMODB_REGION"]);
    assert!(followed.conflicts.iter().all(|c| c.field.flag() != "--role-secret"), "nothing to decide");
    // The command line reproduces both names.
    assert!(setup
        .command(Subcommand::Secrets)
        .contains("--role-secret OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN,RELEASE_ROLE"));
}

#[test]
fn a_name_dropped_with_a_dash_is_listed_nowhere_and_round_trips() {
    let input = SetupInput { region_variable: "-".into(), ..SetupInput::for_fork("octocat/ocelot") };
    let setup = Setup::from_input(&input).expect("valid");
    let listed: Vec<String> = secret_entries(&setup).into_iter().map(|e| e.name).collect();
    assert_eq!(listed, ["OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN"]);
    let command = setup.command(Subcommand::Secrets);
    assert!(command.ends_with("--region-variable -"), "{command}");
}

#[test]
fn a_reader_of_the_table_in_another_region_is_told() {
    let files = read_checkout(&dir("table-region-moved")).expect("a checkout");
    let followed = read_fork(&files, &SetupInput::for_fork("octocat/ocelot")).followed;
    assert_eq!(followed.input.region, "eu-west-1");
    let note = followed.notes.iter().find(|n| n.contains("reads the table in us-east-1")).expect("the release job");
    assert!(note.contains("ci.yml:327") && note.contains("set that step's aws-region to eu-west-1"), "{note}");
}

#[test]
fn the_run_command_is_the_forks_own_dispatch_workflow() {
    use ocelot_setup::core::guide::run::{publish_run, PublishWorkflow};
    let files = read_checkout(&dir("dispatch-renamed")).expect("a checkout");
    let reading = read_fork(
        &files,
        &SetupInput { scope: ScopeInput::parse("branch:main").unwrap(), ..SetupInput::for_fork("octocat/ocelot") },
    );
    let workflow = PublishWorkflow::from_findings(&reading.findings).expect("a dispatch workflow");
    let setup = Setup::from_input(&reading.followed.input).expect("valid");
    let run = publish_run(&setup, &workflow);
    assert!(
        run.command.starts_with(&format!("gh workflow run {} --repo octocat/ocelot --ref main ", workflow.file)),
        "{}",
        run.command
    );
    assert_ne!(workflow.file, "ci.yml", "the fork's own file");
    // Upstream's, when nothing was read: ci.yml with its 13 regions and the opt-in note.
    let upstream = publish_run(&setup, &PublishWorkflow::upstream());
    assert!(
        upstream.command.starts_with("gh workflow run ci.yml --repo octocat/ocelot --ref main -f aws-region=us-east-1"),
        "{}",
        upstream.command
    );
    assert!(upstream.notes.iter().any(|n| n.contains("opt-in regions")), "{:?}", upstream.notes);
}

#[test]
fn a_publish_job_in_an_environment_is_trusted_beside_the_others() {
    let files = read_checkout(&dir("environment-publish")).expect("a checkout");
    let followed = read_fork(&files, &SetupInput::for_fork("octocat/ocelot")).followed;
    assert_eq!(followed.input.scope.to_arg(), "any,environment:production");
    let setup = Setup::from_input(&followed.input).expect("valid");
    let subjects = ocelot_setup::core::template::subjects::trusted_subjects(&setup);
    assert_eq!(subjects, ["repo:octocat/ocelot:ref:*", "repo:octocat/ocelot:environment:production"]);
    let yaml = ocelot_setup::core::template::Template::tailored(&setup).to_yaml();
    assert!(yaml.contains("repo:${GitHubOwner}/${GitHubRepo}:environment:production"), "{yaml}");
    assert!(setup.command(Subcommand::Template).contains("--scope any,environment:production"));
    // The link form round-trips, and the generic template cannot hold it.
    let mut back = SetupInput::default();
    back.apply_query(followed.input.to_query().iter().map(|(k, v)| (*k, v.as_str())));
    assert_eq!(back.scope, followed.input.scope);
    let with_url =
        SetupInput { template_url: "https://b.s3.us-east-1.amazonaws.com/t.yaml".into(), ..followed.input.clone() };
    let refused = ocelot_setup::core::guide::deploy::QuickCreateLink::new(&Setup::from_input(&with_url).unwrap());
    assert!(refused.is_err());
}
