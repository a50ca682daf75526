//! The doctor script and the teardown commands as text: every one passes `bash -n` and
//! shellcheck, the doctor only reads, checks what the template grants, and the CLI prints
//! both. doctor_moto.rs runs them against moto.

use std::process::Command;

use ocelot_setup::core::checks::doctor::doctor_script;
use ocelot_setup::core::checks::doctor::sources::Sources;
use ocelot_setup::core::checks::grants::{grants, ACCOUNT as ACCOUNT_HOLE, REGION as REGION_HOLE};
use ocelot_setup::core::checks::teardown::Teardown;
use ocelot_setup::core::setup::ScopeInput;
use ocelot_setup::core::setup::{ProviderChoice, Setup, SetupInput};
use ocelot_setup::core::template::Template;
use serde_json::{json, Value};

use crate::support::{matrix, sub_claim_cases};

fn shellcheck() -> &'static str {
    let found = Command::new("shellcheck").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(found, "shellcheck is missing: run `bash scripts/setup.sh` (it installs Debian's shellcheck)");
    "shellcheck"
}

/// The doctor of `setup` when nothing was read from the fork.
pub(crate) fn doctor_assumed(setup: &Setup) -> String {
    doctor_script(setup, &Sources::assumed(setup))
}

/// Writes each script to its own file and runs `bash -n` on each and shellcheck on all.
pub(crate) fn check_scripts(scripts: &[(String, String)]) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut files = Vec::new();
    for (name, text) in scripts {
        let path = dir.path().join(format!("{name}.sh"));
        std::fs::write(&path, text).expect("the script is written");
        let syntax = Command::new("bash").arg("-n").arg(&path).output().expect("bash runs");
        assert!(syntax.status.success(), "{name}: bash -n: {}", String::from_utf8_lossy(&syntax.stderr));
        files.push(path);
    }
    let lint = Command::new(shellcheck())
        .args(["--shell=bash", "--severity=info"])
        .args(&files)
        .output()
        .expect("shellcheck runs");
    assert!(
        lint.status.success(),
        "shellcheck:\n{}{}",
        String::from_utf8_lossy(&lint.stdout),
        String::from_utf8_lossy(&lint.stderr)
    );
}

#[test]
fn every_doctor_script_and_teardown_passes_bash_n_and_shellcheck() {
    let mut scripts = Vec::new();
    for case in matrix().into_iter().chain(sub_claim_cases()) {
        let setup = case.setup();
        scripts.push((format!("doctor-{}", case.name), doctor_assumed(&setup)));
        scripts.push((
            format!("teardown-{}", case.name),
            format!("#!/usr/bin/env bash\n{}", Teardown::new(&setup).commands()),
        ));
    }
    check_scripts(&scripts);
}

#[test]
fn the_doctor_only_reads_and_never_exits_the_shell() {
    for case in matrix() {
        let setup = case.setup();
        let script = doctor_assumed(&setup);
        let calls: Vec<&str> = script
            .lines()
            .filter_map(|l| {
                let l = l.trim_start();
                ["run ", "if run ", "if ! run ", "elif ! run "].iter().find_map(|p| l.strip_prefix(p))
            })
            .collect();
        assert!(calls.len() >= 8, "{}: {calls:?}", case.name);
        for call in &calls {
            let operation = call.split(' ').nth(1).unwrap_or_default();
            assert!(
                ["get-", "list-", "describe-", "simulate-"].iter().any(|p| operation.starts_with(p))
                    || operation == "scan",
                "{}: {call}",
                case.name
            );
        }
        let gh: Vec<&str> = script.lines().filter_map(|l| l.split_once("gh_run ").map(|(_, call)| call)).collect();
        assert!(!gh.is_empty(), "{}: the fork's side is checked", case.name);
        for call in &gh {
            assert!(
                call.starts_with("secret list --repo ") || call.starts_with("variable get "),
                "{}: {call}",
                case.name
            );
        }
        assert!(!script.contains("set -e") && !script.contains("<<'") && !script.contains("read -p"), "{}", case.name);
        assert!(script.contains("\n(\nexport AWS_PAGER=\"\"\n"), "{}: a subshell, pager off", case.name);
        assert!(
            script.ends_with("[ \"$failed\" -eq 0 ]\n)\n"),
            "{}: the status says whether a check failed",
            case.name
        );
        let region = format!("region=${{OCELOT_REGION:-{}}}\n", setup.region);
        assert!(script.contains(&region), "{}: the region defaults to the setup's", case.name);
        assert!(!script.contains("${AWS::") && !script.contains("${sh::"), "{}: every placeholder expanded", case.name);
    }
}

/// The doctor's list of statements says what the template's policy says, statement for
/// statement, until both are built from the one list.
#[test]
fn the_doctor_checks_the_statements_the_template_grants() {
    for case in matrix() {
        let setup = case.setup();
        let template: Value = serde_json::from_str(&Template::tailored(&setup).to_json()).expect("JSON");
        let role = &template["Resources"]["LayerPublisherRole"]["Properties"];
        let statements = role["Policies"][0]["PolicyDocument"]["Statement"].as_array().expect("statements");
        let table =
            format!("arn:{}:dynamodb:{REGION_HOLE}:{ACCOUNT_HOLE}:table/{}", setup.region.partition(), setup.table);
        let resolve = |resource: &Value| match resource {
            Value::String(s) => s.clone(),
            Value::Object(o) if o.contains_key("Fn::GetAtt") => {
                assert_eq!(o["Fn::GetAtt"], json!(["LayerMetadataTable", "Arn"]));
                table.clone()
            }
            Value::Object(o) => o["Fn::Sub"]
                .as_str()
                .expect("a Sub string")
                .replace("${AWS::Partition}", setup.region.partition().as_str())
                .replace("${LayerPrefix}", setup.layer_prefix.as_str())
                .replace("${LayerMetadataTable.Arn}", &table),
            other => panic!("{}: unexpected resource {other}", case.name),
        };
        let granted: Vec<(String, Vec<String>, Vec<String>)> = statements
            .iter()
            .map(|s| {
                let actions =
                    s["Action"].as_array().expect("actions").iter().map(|a| a.as_str().expect("text").to_string());
                let resources = s["Resource"].as_array().expect("resources").iter().map(resolve);
                (s["Sid"].as_str().expect("sid").to_string(), actions.collect(), resources.collect())
            })
            .collect();
        let checked: Vec<(String, Vec<String>, Vec<String>)> = grants(&setup)
            .into_iter()
            .map(|g| (g.sid.to_string(), g.actions.iter().map(|a| a.to_string()).collect(), vec![g.resource]))
            .collect();
        assert_eq!(checked, granted, "{}", case.name);
    }
}

#[test]
fn the_cli_prints_the_doctor_and_the_teardown() {
    let args = ["--repo", "octo-cat/ocelot", "--scope", "environment:prod eu", "--existing-provider"];
    let setup = Setup::from_input(&SetupInput {
        scope: ScopeInput::parse("environment:prod eu").unwrap(),
        provider: ProviderChoice::Reuse,
        ..SetupInput::for_fork("octo-cat/ocelot")
    })
    .expect("valid");
    let run = |sub: &str, extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ocelot-setup")).arg(sub).args(args).args(extra).output().expect("runs")
    };
    let doctor = run("doctor", &[]);
    assert_eq!(doctor.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&doctor.stdout), doctor_assumed(&setup));
    let text = run("teardown", &[]);
    assert_eq!(String::from_utf8_lossy(&text.stdout), Teardown::new(&setup).to_text());
    let json_out = run("teardown", &["--format", "json"]);
    let parsed: Value = serde_json::from_slice(&json_out.stdout).expect("JSON");
    assert_eq!(parsed, serde_json::to_value(Teardown::new(&setup)).expect("serializes"));
    let refused = run("doctor", &["--format", "json"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(refused.stdout.is_empty());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--format: this command does not print json; use text"));
}
