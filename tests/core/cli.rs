//! The `ocelot-setup` binary, run as a person runs it: happy paths print what the library
//! computes; bad input exits 2, prints nothing on stdout, names the flag and writes no file.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::CommandFactory;
use ocelot_setup::cli::Cli;
use ocelot_setup::core::guide::deploy::{cloudshell_script, DeployCommands, QuickCreateLink};
use ocelot_setup::core::setup::ScopeInput;
use ocelot_setup::core::setup::{Choice, Field, ProviderChoice, SecretPreset, Setup, SetupInput};
use ocelot_setup::core::template::Template;
use serde_json::Value;

const REPO: &str = "octo-cat/ocelot";
const TEMPLATE_URL: &str = "https://my-bucket.s3.us-east-1.amazonaws.com/ocelot-setup-generic.yaml";

/// What one run of the binary did.
pub(crate) struct Run {
    pub(crate) status: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

pub(crate) fn run(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_ocelot-setup"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run ocelot-setup {args:?}: {e}"));
    Run {
        status: output.status.code().unwrap_or_else(|| panic!("ocelot-setup {args:?} was killed")),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs a command that must succeed and returns its stdout.
pub(crate) fn ok(args: &[&str]) -> String {
    let run = run(args);
    assert_eq!(run.status, 0, "ocelot-setup {args:?} failed: {}", run.stderr);
    assert!(!run.stdout.is_empty(), "ocelot-setup {args:?} printed nothing");
    run.stdout
}

/// A fresh directory under the system's temp dir, removed when dropped.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("ocelot-setup-cli-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }

    pub(crate) fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }

    fn entries(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .expect("temp dir is readable")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn setup(edit: impl FnOnce(&mut SetupInput)) -> Setup {
    let mut input = SetupInput::for_fork(REPO);
    edit(&mut input);
    Setup::from_input(&input).expect("valid input")
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn template_prints_what_the_library_renders() {
    let stdout = ok(&["template", "--repo", REPO]);
    assert_eq!(stdout, Template::tailored(&setup(|_| {})).to_yaml());

    let args = [
        "template",
        "--repo",
        "https://github.com/octo-cat/ocelot.git",
        "--owner-id",
        "583231",
        "--repo-id",
        "1296269",
        "--scope",
        "environment:prod:eu",
        "--region",
        "cn-north-1",
        "--existing-provider",
        "--preset",
        "upstream",
    ];
    let expected = setup(|i| {
        i.owner_id = "583231".into();
        i.repo_id = "1296269".into();
        i.scope = ScopeInput::parse("environment:prod:eu").unwrap();
        i.region = "cn-north-1".into();
        i.provider = ProviderChoice::Reuse;
        i.preset = SecretPreset::Upstream;
    });
    assert_eq!(ok(&args), Template::tailored(&expected).to_yaml());
    let mut as_json = args.to_vec();
    as_json.extend(["--format", "json"]);
    assert_eq!(ok(&as_json), Template::tailored(&expected).to_json());
    assert_eq!(ok(&["template", "--repo", REPO, "--format", "yaml"]), stdout);
}

#[test]
fn template_regenerate_command_reproduces_the_template() {
    let setup = setup(|i| {
        i.scope = ScopeInput::parse("branch:release/v1").unwrap();
        i.table = "my-layers".into();
        i.role_name = "gha+publisher".into();
        i.max_session = "7200".into();
    });
    let args = setup.cli_args();
    let mut words = vec!["template"];
    words.extend(args.iter().map(String::as_str));
    assert_eq!(ok(&words), Template::tailored(&setup).to_yaml());
}

#[test]
fn template_notes_go_to_stderr() {
    let run = run(&["template", "--repo", REPO]);
    assert_eq!(run.status, 0);
    assert!(run.stderr.contains("note: --owner-id:"), "{}", run.stderr);
    assert!(!run.stdout.contains("note:"));
}

#[test]
fn generic_template_needs_no_fork() {
    let yaml = ok(&["template", "--generic"]);
    assert_eq!(yaml, Template::generic().to_yaml());
    let json_text = ok(&["template", "--generic", "--format", "json"]);
    assert_eq!(json_text, Template::generic().to_json());
    assert!(json(&json_text)["Parameters"]["TrustScope"].is_object());
}

#[test]
fn deploy_text_and_json() {
    let setup = setup(|i| i.region = "eu-west-1".into());
    let commands = DeployCommands::new(&setup);
    let text = ok(&["deploy", "--repo", REPO, "--region", "eu-west-1"]);
    assert!(text.contains(&commands.deploy), "{text}");
    assert!(text.contains(&commands.outputs), "{text}");
    assert!(
        text.contains("ocelot-setup template --repo octo-cat/ocelot --region eu-west-1 -o ocelot-setup.yaml"),
        "{text}"
    );

    let value = json(&ok(&["deploy", "--repo", REPO, "--region", "eu-west-1", "--format", "json"]));
    assert_eq!(value["template_file"], "ocelot-setup.yaml");
    assert_eq!(value["deploy"], commands.deploy.as_str());
    assert_eq!(value["outputs"], commands.outputs.as_str());
    assert_eq!(
        value["template_command"],
        "ocelot-setup template --repo octo-cat/ocelot --region eu-west-1 -o ocelot-setup.yaml"
    );
    assert!(value["console_steps"].as_array().is_some_and(|steps| !steps.is_empty()), "{value}");
}

#[test]
fn cloudshell_prints_the_one_paste_script() {
    let setup = setup(|i| i.scope = ScopeInput::parse("branch:main").unwrap());
    let script = ok(&["cloudshell", "--repo", REPO, "--scope", "branch:main"]);
    assert_eq!(script, cloudshell_script(&setup, &Template::tailored(&setup).to_yaml()));
    assert!(script.contains("<<'OCELOT_SETUP_TEMPLATE'"));
    assert!(script.contains("aws cloudformation deploy"));
}

#[test]
fn link_text_and_json() {
    let setup = setup(|i| i.template_url = TEMPLATE_URL.into());
    let link = QuickCreateLink::new(&setup).expect("template URL is set");
    let text = ok(&["link", "--repo", REPO, "--template-url", TEMPLATE_URL]);
    assert_eq!(text, format!("{link}\n"));
    assert!(
        text.starts_with("https://console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/create/review?")
    );

    let value = json(&ok(&["link", "--repo", REPO, "--template-url", TEMPLATE_URL, "--format", "json"]));
    assert_eq!(value["url"], link.as_str());
    assert_eq!(value["stack_name"], "ocelot-fork-setup");
    assert_eq!(value["region"], "us-east-1");
}

#[test]
fn secrets_json_lists_every_secret_and_variable() {
    let check = |args: &[&str], expected: &[(&str, &str, &str)]| {
        let value = json(&ok(args));
        let entries = value.as_array().unwrap_or_else(|| panic!("not a list: {value}"));
        assert_eq!(entries.len(), expected.len(), "{value}");
        for (entry, (name, value, kind)) in entries.iter().zip(expected) {
            let keys: Vec<&str> = entry.as_object().expect("an object").keys().map(String::as_str).collect();
            assert_eq!(keys, ["name", "value", "kind", "url", "command"]);
            assert_eq!(entry["name"], *name);
            assert_eq!(entry["value"], *value);
            assert_eq!(entry["kind"], *kind);
            let plural = if *kind == "secret" { "secrets" } else { "variables" };
            assert_eq!(entry["url"], format!("https://github.com/octo-cat/ocelot/settings/{plural}/actions/new"));
            assert_eq!(entry["command"], format!("gh {kind} set {name} --repo octo-cat/ocelot --body {value}"));
        }
    };
    let arn = "arn:aws:iam::123456789012:role/ocelot-layer-publisher";
    check(
        &["secrets", "--repo", REPO, "--account-id", "1234-5678-9012", "--preset", "seed", "--format", "json"],
        &[
            ("AWS_ROLE_TO_ASSUME", arn, "secret"),
            ("DYNAMODB_TABLE_NAME", "PublishedCustomCollectorExtensionLayers", "secret"),
        ],
    );
    check(
        &["secrets", "--repo", REPO, "--role-arn", arn, "--region", "us-east-1", "--format", "json"],
        &[("OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN", arn, "secret"), ("DYNAMODB_REGION", "us-east-1", "variable")],
    );
}

#[test]
fn secrets_text_names_values_and_commands() {
    let text = ok(&["secrets", "--repo", REPO, "--account-id", "123456789012"]);
    assert!(text.starts_with("GitHub secrets and variables for octo-cat/ocelot\n"), "{text}");
    assert!(text.contains(
        "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN (secret)\n  value: arn:aws:iam::123456789012:role/ocelot-layer-publisher\n"
    ));
    assert!(text.contains("DYNAMODB_REGION (variable)\n  value: us-east-1\n"), "{text}");
    assert!(text.contains("https://github.com/octo-cat/ocelot/settings/secrets/actions/new"));
    assert!(text.contains("\nThen:\n1. Enable Actions on the fork"), "{text}");
    assert!(text.contains("\nIf it fails:\n"), "{text}");
}

#[test]
fn output_file_gets_the_output_and_stdout_stays_empty() {
    let dir = TempDir::new("output");
    let cases: [(&str, Vec<&str>); 3] = [
        ("t.yaml", vec!["template", "--repo", REPO]),
        ("t.json", vec!["template", "--generic", "--format", "json"]),
        ("s.json", vec!["secrets", "--repo", REPO, "--account-id", "123456789012", "--format", "json"]),
    ];
    for (file, args) in cases {
        let path = dir.path(file);
        let path_arg = path.to_str().expect("UTF-8 temp path");
        let mut with_output = args.clone();
        with_output.extend(["-o", path_arg]);
        let written = run(&with_output);
        assert_eq!(written.status, 0, "{args:?}: {}", written.stderr);
        assert_eq!(written.stdout, "", "{args:?} printed on stdout with -o");
        let contents = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{args:?} wrote no file: {e}"));
        assert_eq!(contents, ok(&args), "{args:?}: the file differs from stdout");
    }
    assert_eq!(dir.entries(), ["s.json", "t.json", "t.yaml"], "stray files left behind");

    // --output is the long form, and an existing file is replaced whole.
    let path = dir.path("t.yaml");
    let replaced = run(&["template", "--repo", "other/fork", "--output", path.to_str().unwrap()]);
    assert_eq!(replaced.status, 0, "{}", replaced.stderr);
    let contents = std::fs::read_to_string(&path).unwrap();
    assert!(contents.contains("for the fork other/fork."), "{contents}");
    assert!(!contents.contains("octo-cat"), "{contents}");
}

#[test]
fn unwritable_output_exits_1() {
    let dir = TempDir::new("unwritable");
    let path = dir.path("missing-dir/t.yaml");
    let run = run(&["template", "--repo", REPO, "-o", path.to_str().unwrap()]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("error: -o "), "{}", run.stderr);
    assert!(!path.exists());
    assert_eq!(dir.entries(), Vec::<String>::new());
}

/// The setup subcommands, read from clap's own command tree.
fn setup_subcommands() -> Vec<clap::Command> {
    Cli::command()
        .get_subcommands()
        .filter(|c| c.get_arguments().any(|a| a.get_long() == Some("repo")))
        .cloned()
        .collect()
}

#[test]
fn every_field_is_a_flag_of_every_setup_subcommand_and_its_help_lists_every_flag() {
    let subcommands = setup_subcommands();
    let names: Vec<&str> = subcommands.iter().map(|c| c.get_name()).collect();
    assert_eq!(
        names,
        ["template", "deploy", "cloudshell", "link", "secrets", "check-workflow", "diagnose", "doctor", "teardown"]
    );
    for command in &subcommands {
        let longs: Vec<&str> = command.get_arguments().filter_map(|a| a.get_long()).collect();
        for field in Field::ALL {
            assert!(longs.contains(&field.long()), "`{}` has no {}", command.get_name(), field.flag());
        }
        let help = ok(&[command.get_name(), "--help"]);
        for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
            let Some(long) = arg.get_long() else { continue };
            let listed = help
                .lines()
                .any(|line| line.split([' ', ',']).filter(|w| !w.is_empty()).any(|word| word == format!("--{long}")));
            assert!(listed, "`{} --help` does not list --{long}:\n{help}", command.get_name());
        }
    }
    let top = ok(&["--help"]);
    for command in Cli::command().get_subcommands() {
        assert!(top.contains(command.get_name()), "--help does not list {}:\n{top}", command.get_name());
    }
}

#[test]
fn help_shows_the_cores_defaults() {
    let help = ok(&["template", "--help"]);
    for field in [Field::Region, Field::StackName, Field::RoleName, Field::LayerPrefix, Field::MaxSession] {
        let default = field.default_text(SecretPreset::default()).unwrap();
        assert!(help.contains(&format!("[default: {default}]")), "{} default {default} missing:\n{help}", field.flag());
    }
    for preset in SecretPreset::ALL {
        assert!(help.contains(&preset.summary()), "the help does not say what {preset} stands for:\n{help}");
    }
}

#[test]
fn an_empty_flag_value_is_refused_naming_the_flag() {
    let toggles_and_choices = [Field::Fork, Field::Provider, Field::PublicLayers, Field::Cleanup, Field::Preset];
    for field in Field::ALL.iter().copied().filter(|f| !toggles_and_choices.contains(f)) {
        let flag = field.flag();
        let expected = match (field, field.default_text(SecretPreset::default())) {
            (Field::Scope, _) => format!("leave {flag} out for the default, any"),
            (_, Some(default)) => format!("leave {flag} out for the default, {default}"),
            (_, None) => format!("give the {}, or leave {flag} out", field.label().to_ascii_lowercase()),
        };
        check_refused(
            &["template", "--repo", REPO, &flag, ""],
            &format!("error: {flag}: the value is empty"),
            &expected,
        );
    }
    check_refused(&["template", "--repo", ""], "--repo", "enter your fork as OWNER/REPO");
}

#[test]
fn completions_cover_every_subcommand_and_flag() {
    let bash = ok(&["completions", "bash"]);
    for command in Cli::command().get_subcommands() {
        assert!(bash.contains(command.get_name()), "bash completion lacks {}", command.get_name());
    }
    for field in Field::ALL {
        assert!(bash.contains(&field.flag()), "bash completion lacks {}", field.flag());
    }
    assert!(bash.contains("seed") && bash.contains("upstream"), "bash completion lacks the presets");
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        assert!(ok(&["completions", shell]).contains("ocelot-setup"), "{shell}");
    }
    check_refused(&["completions", "tcsh"], "tcsh", "possible values");
}

#[test]
fn the_man_page_documents_every_subcommand_and_flag() {
    let man = ok(&["man"]);
    for section in [".TH ocelot-setup 1", ".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH SUBCOMMANDS"] {
        assert!(man.contains(section), "the man page lacks {section}:\n{man}");
    }
    for command in Cli::command().get_subcommands() {
        assert!(
            man.contains(&format!("ocelot\\-setup\\-{}", command.get_name().replace('-', "\\-"))),
            "the man page lacks {}",
            command.get_name()
        );
    }
}

/// A refused command line: exit 2, nothing on stdout, the flag named on stderr, and with
/// `-o` no file at all.
pub(crate) fn check_refused(args: &[&str], flag: &str, says: &str) {
    let refused = run(args);
    assert_eq!(refused.status, 2, "{args:?}: status {}, stderr {}", refused.status, refused.stderr);
    assert_eq!(refused.stdout, "", "{args:?} printed on stdout");
    assert!(refused.stderr.contains(flag), "{args:?}: stderr does not name {flag}: {}", refused.stderr);
    assert!(refused.stderr.contains(says), "{args:?}: stderr does not say {says:?}: {}", refused.stderr);

    let dir = TempDir::new("refused");
    let path = dir.path("out.yaml");
    let mut with_output = args.to_vec();
    with_output.extend(["-o", path.to_str().expect("UTF-8 temp path")]);
    let refused = run(&with_output);
    assert_eq!(refused.status, 2, "{with_output:?}: {}", refused.stderr);
    assert_eq!(refused.stdout, "");
    assert!(!path.exists(), "{with_output:?} wrote {}", path.display());
    assert_eq!(dir.entries(), Vec::<String>::new(), "{with_output:?} left files behind");
}

#[test]
fn bad_input_is_refused_before_anything_is_written() {
    check_refused(&["template", "--repo", "owner/*"], "--repo", "wildcard '*'");
    check_refused(&["template"], "--repo", "enter your fork as OWNER/REPO");
    check_refused(&["deploy", "--repo", REPO, "--region", "us-est-1"], "--region", "did you mean us-east-1?");
    check_refused(&["template", "--repo", REPO, "--scope", "tag:v1"], "--scope", "branch:NAME");
    check_refused(&["template", "--repo", REPO, "--scope", "branch:feat*"], "--scope", "wildcard '*'");
    check_refused(&["template", "--repo", REPO, "--repo-id", "12"], "--owner-id", "owner id is missing");
    check_refused(&["template", "--repo", REPO, "--owner-id", "1", "--repo-id", "x"], "--repo-id", "not a number");
    check_refused(&["secrets", "--repo", REPO], "--account-id", "--role-arn");
    check_refused(&["secrets", "--repo", REPO, "--account-id", "12345"], "--account-id", "exactly 12");
    check_refused(
        &["secrets", "--repo", REPO, "--role-arn", "arn:aws-cn:iam::123456789012:role/ocelot-layer-publisher"],
        "--role-arn",
        "partition aws-cn",
    );
    check_refused(&["link", "--repo", REPO], "--template-url", "ocelot-setup template --generic");
    check_refused(
        &["link", "--repo", REPO, "--template-url", "https://raw.githubusercontent.com/o/r/main/t.yaml"],
        "--template-url",
        "not an Amazon S3 host",
    );
    check_refused(
        &["link", "--repo", REPO, "--template-url", "http://b.s3.amazonaws.com/t"],
        "--template-url",
        "https",
    );
    check_refused(&["template", "--repo", REPO, "--format", "text"], "--format", "use yaml or json");
    check_refused(&["template", "--generic", "--format", "text"], "--format", "use yaml or json");
    check_refused(&["cloudshell", "--repo", REPO, "--format", "json"], "--format", "use text");
    check_refused(
        &["secrets", "--repo", REPO, "--account-id", "123456789012", "--role-arn", "arn:aws:iam::123456789012:role/x"],
        "--account-id",
        "--role-arn",
    );
    check_refused(&["template", "--repo", REPO, "--preset", "other"], "--preset", "seed");
    check_refused(&["template", "--repo", REPO, "--no-such-flag"], "--no-such-flag", "unexpected argument");
}

#[test]
fn every_refusal_is_reported_at_once() {
    let refused = run(&["template", "--repo", "owner/*", "--region", "moon-1", "--table", "x"]);
    assert_eq!(refused.status, 2);
    assert_eq!(refused.stdout, "");
    let errors: Vec<&str> = refused.stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 3, "{}", refused.stderr);
    assert!(errors[0].starts_with("error: --repo: "), "{}", refused.stderr);
    assert!(errors[1].starts_with("error: --region: "), "{}", refused.stderr);
    assert!(errors[2].starts_with("error: --table: "), "{}", refused.stderr);
}

#[test]
fn no_arguments_prints_help_and_exits_2() {
    let run = run(&[]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("Usage: ocelot-setup"), "{}", run.stderr);
}

/// Keeps the helper honest: a path inside a TempDir is inside the temp dir.
#[test]
fn temp_dirs_are_unique_and_removed() {
    let a = TempDir::new("x");
    let b = TempDir::new("x");
    assert_ne!(a.0, b.0);
    assert!(a.0.starts_with(std::env::temp_dir()));
    let kept: PathBuf = a.0.clone();
    drop(a);
    assert!(!Path::new(&kept).exists());
}
