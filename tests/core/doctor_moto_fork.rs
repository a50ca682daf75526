//! The doctor of a setup followed from upstream's recorded checkout, run against moto: it says
//! which lines the names came from, counts the table's records and shows the newest, and
//! checks the fork's secrets and region variable through a stand-in `gh` (GitHub cannot be
//! reached from the tests) that answers as the real one prints.

use std::path::{Path, PathBuf};
use std::process::Command;

use ocelot_setup::core::checks::doctor::sources::Sources;
use ocelot_setup::core::setup::{ProviderChoice, SecretPreset, SetupInput};
use ocelot_setup::core::shell;
use serde_json::json;

use crate::doctor::check_scripts;
use crate::doctor_moto::Deployment;
use crate::doctor_sources::followed_upstream;
use crate::moto::Moto;
use crate::support::skip_slow;
use crate::trust::ACCOUNT;

/// A stand-in `gh` in `dir/stand-in-bin`: `auth status` succeeds unless `$GH_LOGGED_OUT` is
/// set; `secret list` prints `NAME<TAB>UPDATED` for each name in `$GH_SECRETS`; `variable get`
/// prints `$GH_VARIABLE`, or fails as gh does for a variable not set. Every call is logged.
fn stand_in_gh(dir: &Path) -> (PathBuf, PathBuf) {
    let bin = dir.join("stand-in-bin");
    std::fs::create_dir_all(&bin).expect("a bin dir");
    let log = dir.join("gh.log");
    let script = format!(
        r#"#!/usr/bin/env bash
printf '%s\n' "$*" >>{log}
case "$1 $2" in
  "auth status") [ -z "$GH_LOGGED_OUT" ] ;;
  "secret list")
    for name in $GH_SECRETS; do printf '%s\t2026-12-01T10:00:00Z\n' "$name"; done
    ;;
  "variable get")
    if [ -z "$GH_VARIABLE" ]; then
      printf 'variable %s was not found\n' "$3" >&2
      exit 1
    fi
    printf '%s\n' "$GH_VARIABLE"
    ;;
  *)
    printf 'stand-in gh: not expected: %s\n' "$*" >&2
    exit 2
    ;;
esac
"#,
        log = shell::quote(&log.display().to_string()),
    );
    let path = bin.join("gh");
    std::fs::write(&path, script).expect("written");
    assert!(Command::new("chmod").arg("+x").arg(&path).status().expect("chmod runs").success());
    (bin, log)
}

#[test]
fn the_doctor_of_a_followed_setup_counts_records_and_checks_the_fork_with_gh() {
    if skip_slow() {
        eprintln!("note: moto doctor skipped (OCELOT_SKIP_SLOW=1)");
        return;
    }
    let input = SetupInput {
        provider: ProviderChoice::Reuse,
        preset: SecretPreset::Seed,
        ..SetupInput::for_fork("octo-cat/ocelot")
    };
    let (setup, reading) = followed_upstream(&input);
    assert_eq!((setup.table.as_str(), setup.region.code()), ("ocelot-layers", "us-east-1"));
    let moto = Moto::start();
    let mut d = Deployment::new(&moto, &setup);
    d.sources = Sources::read(&setup, &reading.findings, &reading.followed);
    let (bin, log) = stand_in_gh(d.dir.path());
    let role = "secret OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN";
    let variable = "variable DYNAMODB_REGION";

    // An empty table; the secret set and the variable right.
    let secrets = ("GH_SECRETS", "OTHER_SECRET OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN");
    let report = d.doctor(Some(&bin), &[secrets, ("GH_VARIABLE", "us-east-1")]);
    report.expect_verdicts("an empty table, the fork set", &[(role, "PASS"), (variable, "PASS")], &[]);
    let top: Vec<&str> = report.text.lines().skip(2).take(5).collect();
    assert_eq!(top[0], "The setup followed the fork's files (.github/workflows/ci.yml, .github/workflows/docs.yml, .github/workflows/r_publish.yml):");
    assert!(
        top[1].starts_with("  role secret OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN: .github/workflows/ci.yml:270, "),
        "{top:?}"
    );
    assert!(top.contains(&"  table ocelot-layers: tools/scripts/otel_layer_utils/dynamodb_utils.py:14"), "{top:?}");
    assert!(top.contains(&"  table region us-east-1: .github/workflows/ci.yml:238"), "{top:?}");
    assert!(report
        .line("records")
        .contains("table ocelot-layers in us-east-1: no layer recorded yet: if a publish run was green"));
    assert!(report.line(variable).ends_with(": us-east-1, the table's region"));
    check_scripts(&[(
        "doctor-followed".into(),
        std::fs::read_to_string(d.dir.path().join("doctor.sh")).expect("read"),
    )]);
    let calls = std::fs::read_to_string(&log).expect("gh was called");
    for call in calls.lines() {
        assert!(
            call == "auth status"
                || call == "secret list --repo octo-cat/ocelot"
                || call == "variable get DYNAMODB_REGION --repo octo-cat/ocelot",
            "only reads: {call}"
        );
    }

    // Two records, the newer second; the secret missing and the variable wrong.
    let arn = |v: u32| format!("arn:aws:lambda:us-east-1:{ACCOUNT}:layer:ocel-amd64-default-0_119_0:{v}");
    for (version, stamp) in [(2, "2026-12-02T09:30:00.123456+00:00"), (1, "2026-11-30T08:00:00+00:00")] {
        let item = json!({"layer_arn": {"S": arn(version)}, "publish_timestamp": {"S": stamp}}).to_string();
        d.aws(&["dynamodb", "put-item", "--table-name", "ocelot-layers", "--item", &item]);
    }
    let report = d.doctor(Some(&bin), &[("GH_SECRETS", "OTHER_SECRET"), ("GH_VARIABLE", "eu-west-1")]);
    report.expect_verdicts(
        "two records, the fork wrong",
        &[("records", "PASS"), (role, "FAIL"), (variable, "FAIL")],
        &[],
    );
    let newest = format!("records: table ocelot-layers in us-east-1: 2 record(s); the newest: {}, published 2026-12-02T09:30:00.123456+00:00", arn(2));
    assert!(report.line("records").ends_with(&newest), "{}", report.text);
    let role_arn = format!("arn:aws:iam::{ACCOUNT}:role/{}", setup.role_name);
    let fix = format!(
        "      fix: gh secret set OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN --repo octo-cat/ocelot --body {role_arn}\n"
    );
    assert!(report.text.contains(&format!("{}\n{fix}", report.line(role))), "{}", report.text);
    assert!(report.line(variable).ends_with(": holds eu-west-1, but the table is in us-east-1"), "{}", report.text);
    let fix = "      fix: gh variable set DYNAMODB_REGION --repo octo-cat/ocelot --body us-east-1\n";
    assert!(report.text.contains(&format!("{}\n{fix}", report.line(variable))), "{}", report.text);

    // gh logged out: each check of the fork's side says so, and none passes.
    let report = d.doctor(Some(&bin), &[("GH_LOGGED_OUT", "1"), ("GH_SECRETS", "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN")]);
    report.expect_verdicts("gh logged out", &[("records", "PASS")], &[]);
    let skipped = ": not checked: gh is not logged in (gh auth login); compare with https://github.com/octo-cat/ocelot/settings/secrets/actions";
    assert!(report.line(role).ends_with(skipped), "{}", report.text);
}
