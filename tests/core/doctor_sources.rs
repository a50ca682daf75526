//! The doctor says where the names it checks came from: the lines of the fork's files the
//! setup followed, or upstream's files when nothing was read; text read from a fork stays one
//! quoted line of output. The CLI passes its checkout's reading.

use std::path::PathBuf;
use std::process::Command;

use ocelot_setup::cli::checkout::read_checkout;
use ocelot_setup::core::checks::doctor::doctor_script;
use ocelot_setup::core::checks::doctor::sources::Sources;
use ocelot_setup::core::setup::{Field, SecretPreset, Setup, SetupInput};
use ocelot_setup::core::workflows::{read_fork, Change, Findings, Followed, Location, Origin, Reading};

fn upstream_checkout() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/workflows/upstream"))
}

fn input(preset: SecretPreset) -> SetupInput {
    SetupInput { preset, ..SetupInput::for_fork("octo-cat/ocelot") }
}

/// The setup and the reading of upstream's recorded checkout, from `input`.
pub(crate) fn followed_upstream(input: &SetupInput) -> (Setup, Reading) {
    let files = read_checkout(&upstream_checkout()).expect("the fixture reads");
    let reading = read_fork(&files, input);
    (Setup::from_input(&reading.followed.input).expect("the followed setup is valid"), reading)
}

fn from(sources: &Sources, field: Field) -> &str {
    &sources.names.iter().find(|s| s.field == field).unwrap_or_else(|| panic!("no {field}: {sources:?}")).from
}

/// The paths a `from` text names, without their lines or notes.
fn paths(from: &str) -> Vec<String> {
    let mut paths: Vec<String> =
        from.split(", ").map(|place| place.split([':', ' ']).next().unwrap_or_default().to_string()).collect();
    paths.sort();
    paths.dedup();
    paths
}

#[test]
fn a_setup_followed_from_upstreams_checkout_names_the_lines_that_read_each_name() {
    for preset in [SecretPreset::Upstream, SecretPreset::Seed] {
        let (setup, reading) = followed_upstream(&input(preset));
        let sources = Sources::read(&setup, &reading.findings, &reading.followed);
        let role = from(&sources, Field::RoleSecret);
        assert!(
            role.contains(".github/workflows/ci.yml:270") && role.contains(".github/workflows/r_publish.yml:115"),
            "{role}"
        );
        assert!(from(&sources, Field::RegionVariable).starts_with(".github/workflows/ci.yml:"), "{sources:?}");
        assert_eq!(from(&sources, Field::Table), "tools/scripts/otel_layer_utils/dynamodb_utils.py:14");
        assert_eq!(from(&sources, Field::Region), ".github/workflows/ci.yml:238", "dynamodb-region");
        assert!(sources.names.iter().all(|s| s.field != Field::TableSecret), "{preset}: no table secret: {sources:?}");
        assert!(
            sources.summary.contains(".github/workflows/ci.yml, .github/workflows/docs.yml"),
            "{}",
            sources.summary
        );

        // Upstream's files named when nothing is read (UPSTREAM_ROLE_FILES, ...) are the files
        // the recorded checkout reads them in.
        let assumed = Sources::assumed(&setup);
        for field in [Field::RoleSecret, Field::RegionVariable, Field::Table, Field::Region] {
            assert_eq!(paths(from(&assumed, field)), paths(from(&sources, field)), "{field}");
            assert!(from(&assumed, field).contains("as of dev7a/ocelot@505b216 (assumed"), "{field}");
        }
    }
}

#[test]
fn nothing_read_says_upstreams_files_and_warns_of_names_upstream_does_not_read() {
    let upstream = Setup::from_input(&input(SecretPreset::Upstream)).expect("valid");
    let lines = Sources::assumed(&upstream).lines();
    assert!(
        lines[0].starts_with(
            "Nothing was read from the fork, so the setup assumes upstream's workflows at dev7a/ocelot@505b216"
        ),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  role secret OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN: .github/workflows/ci.yml as of")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  table ocelot-layers: tools/scripts/otel_layer_utils/dynamodb_utils.py as of")),
        "{lines:?}"
    );

    let seed = Setup::from_input(&input(SecretPreset::Seed)).expect("valid");
    let sources = Sources::assumed(&seed);
    let role = from(&sources, Field::RoleSecret);
    assert!(role.starts_with("not upstream's: its workflows use OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN ("), "{role}");
    assert!(from(&sources, Field::TableSecret).contains("read no such name"), "{sources:?}");
    let region =
        Setup::from_input(&SetupInput { region: "eu-west-1".into(), ..input(SecretPreset::Upstream) }).expect("valid");
    assert!(from(&Sources::assumed(&region), Field::Region).starts_with("not upstream's: its workflows use us-east-1"));
}

#[test]
fn a_name_changed_after_the_reading_says_what_the_workflows_read() {
    let (setup, reading) = followed_upstream(&input(SecretPreset::Upstream));
    let mut changed = reading.followed.input.clone();
    changed.role_secret = "MY_ROLE".into();
    let changed = Setup::from_input(&changed).expect("valid");
    let sources = Sources::read(&changed, &reading.findings, &reading.followed);
    let role = from(&sources, Field::RoleSecret);
    assert!(role.starts_with("set by hand after the reading; the workflows read OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN (.github/workflows/ci.yml:270"), "{role}");
    assert_ne!(Sources::read(&setup, &reading.findings, &reading.followed), sources);
}

/// A fork's file names are untrusted: each name's line stays one line, capped, and the script
/// prints it as it is (no placeholder expanded, no command run).
#[test]
fn text_from_the_fork_is_printed_as_one_quoted_line() {
    let evil = "a\nb$(touch pwned)'${sh::role_arn}`id`";
    let place = Origin::File(Location { path: evil.into(), line: 3 });
    let input = SetupInput { role_secret: "MY_ROLE".into(), ..input(SecretPreset::Upstream) };
    let followed = Followed {
        input: input.clone(),
        changes: vec![Change {
            field: Field::RoleSecret,
            value: "MY_ROLE".into(),
            from: vec![place; 20],
            why: "read".into(),
        }],
        conflicts: Vec::new(),
        notes: Vec::new(),
    };
    let findings = Findings { workflows: vec![evil.into()], ..Findings::default() };
    let setup = Setup::from_input(&input).expect("valid");
    let sources = Sources::read(&setup, &findings, &followed);
    let role = from(&sources, Field::RoleSecret);
    assert!(!role.contains('\n') && role.ends_with(", and 14 more"), "{role}");
    let script = doctor_script(&setup, &sources);

    // shellcheck would say (rightly) that `$(` in single quotes does not expand: bash -n only.
    // Run without the AWS CLI or gh on PATH: only the lines before the checks matter here.
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("doctor.sh"), &script).expect("written");
    let syntax = Command::new("bash").args(["-n", "doctor.sh"]).current_dir(dir.path()).status().expect("bash runs");
    assert!(syntax.success());
    let out = Command::new("bash")
        .arg("doctor.sh")
        .current_dir(dir.path())
        .env("PATH", "/usr/bin:/bin")
        .env("GH_CONFIG_DIR", dir.path())
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("  role secret MY_ROLE: a?b$(touch pwned)'${sh::role_arn}`id`:3, "), "{text}");
    assert!(!dir.path().join("pwned").exists(), "nothing from the fork runs");
}

#[test]
fn the_cli_doctor_passes_the_checkouts_reading() {
    let (setup, reading) = followed_upstream(&input(SecretPreset::Upstream));
    let checkout = upstream_checkout().display().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_ocelot-setup"))
        .args(["doctor", "--repo", "octo-cat/ocelot", "--checkout", &checkout])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let sources = Sources::read(&setup, &reading.findings, &reading.followed);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(printed, doctor_script(&setup, &sources));
    assert!(
        printed.contains("'  table ocelot-layers: tools/scripts/otel_layer_utils/dynamodb_utils.py:14'"),
        "{printed}"
    );

    let plain = Command::new(env!("CARGO_BIN_EXE_ocelot-setup"))
        .args(["doctor", "--repo", "octo-cat/ocelot"])
        .output()
        .expect("runs");
    let setup = Setup::from_input(&input(SecretPreset::Upstream)).expect("valid");
    assert_eq!(String::from_utf8_lossy(&plain.stdout), doctor_script(&setup, &Sources::assumed(&setup)));
}

/// A fork whose files assume no role (here, none at all): following changed nothing, so the
/// doctor names upstream's files, as when nothing was read.
#[test]
fn a_fork_that_assumes_no_role_is_upstreams_setup() {
    let input = input(SecretPreset::Upstream);
    let reading = read_fork(&[], &input);
    let setup = Setup::from_input(&reading.followed.input).expect("valid");
    let sources = Sources::read(&setup, &reading.findings, &reading.followed);
    assert_eq!(
        sources.summary,
        "The fork's files (no workflow file) assume no AWS role, so the setup assumes upstream's workflows at dev7a/ocelot@505b216"
    );
    assert_eq!(sources.names, Sources::assumed(&setup).names);
    assert!(from(&sources, Field::RoleSecret).contains("as of dev7a/ocelot@505b216"), "{sources:?}");
}
