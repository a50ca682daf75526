//! `ocelot-setup check-workflow`: the file, the commands that add and run it, and both as JSON.

use std::process::Command;

use ocelot_setup::core::checks::check_workflow::{check_workflow, WORKFLOW_FILE, WORKFLOW_PATH};
use ocelot_setup::core::setup::ScopeInput;

use super::setup;

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ocelot-setup"))
        .arg("check-workflow")
        .args(args)
        .output()
        .expect("ocelot-setup runs");
    (
        output.status.code().expect("an exit status"),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

#[test]
fn cli_writes_the_file_prints_the_commands_and_both_as_json() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join(WORKFLOW_FILE);
    let args = ["--repo", "octo-cat/ocelot", "--scope", "branch:main"];
    let (status, stdout, stderr) = run(&[&args[..], &["-o", file.to_str().unwrap()]].concat());
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.is_empty());
    let setup = setup(|i| i.scope = ScopeInput::parse("branch:main").unwrap());
    let check = check_workflow(&setup);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), check.yaml);

    let (status, text, _) = run(&[&args[..], &["--format", "text"]].concat());
    assert_eq!(status, 0);
    assert!(text.starts_with(&format!("Add {WORKFLOW_PATH} to octo-cat/ocelot and run it:\n")), "{text}");
    for needed in [
        "mkdir -p .github/workflows && ocelot-setup check-workflow --repo octo-cat/ocelot --scope branch:main -o .github/workflows/ocelot-setup-check.yml",
        "git add .github/workflows/ocelot-setup-check.yml && git commit",
        "push the file to main as well",
        "gh api --method PUT repos/octo-cat/ocelot/contents/.github/workflows/ocelot-setup-check.yml -f 'message=Add the ocelot-setup check workflow' -f content=\"$(base64 < ocelot-setup-check.yml | tr -d '\\n')\"",
        "gh workflow run ocelot-setup-check.yml --repo octo-cat/ocelot --ref main",
        "gh run watch \"$(gh run list --workflow ocelot-setup-check.yml --repo octo-cat/ocelot --limit 1 --json databaseId --jq '.[0].databaseId')\" --repo octo-cat/ocelot --exit-status",
        "--log-failed | ocelot-setup diagnose --repo octo-cat/ocelot --scope branch:main",
    ] {
        assert!(text.contains(needed), "missing {needed:?} in:\n{text}");
    }

    let (status, json, _) = run(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(status, 0);
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(json["file_name"], WORKFLOW_FILE);
    assert_eq!(json["path"], WORKFLOW_PATH);
    assert_eq!(json["yaml"], check.yaml);
    assert_eq!(json["commands"].as_array().unwrap().len(), check.commands.len());

    let (status, stdout, stderr) = run(&["--repo", "octo-cat/*"]);
    assert_eq!(status, 2);
    assert!(stdout.is_empty() && stderr.contains("error: --repo:"), "{stderr}");
}
