//! Reading a fork's workflows: what `inspect` finds in each fixture under
//! tests/fixtures/workflows (upstream ocelot's real files at 505b216, and forks written for
//! the tests), that the followed setup validates, and that the CLI's `--checkout` makes the
//! template and the secrets guide name what the workflows read.

use std::path::PathBuf;
use std::process::Command;

use ocelot_setup::cli::checkout::read_checkout;
use ocelot_setup::core::setup::SecretKind;
use ocelot_setup::core::setup::{LayerSharing, SecretPreset, Setup, SetupInput, TrustScope};
use ocelot_setup::core::workflows::findings::{IdToken, RegionSource};
use ocelot_setup::core::workflows::{follow, inspect, report, Findings, Location, Origin};

use crate::support::{skip_slow, venv_tool};

/// The fixtures written whole; [`fixtures`] adds upstream's variants.
const WHOLE: [&str; 6] = ["upstream", "docs-names", "mapped", "environment", "vars-region", "no-id-token"];

/// Every fixture checkout: those written whole, then upstream's variants.
pub(crate) fn fixtures() -> impl Iterator<Item = &'static str> {
    WHOLE.into_iter().chain(crate::support::VARIANTS)
}

pub(crate) fn dir(name: &str) -> PathBuf {
    crate::support::fixture(name)
}

pub(crate) fn findings(name: &str) -> Findings {
    inspect(&read_checkout(&dir(name)).unwrap_or_else(|e| panic!("{name}: {e}")))
}

pub(crate) fn at(path: &str, line: usize) -> Location {
    Location { path: format!(".github/workflows/{path}"), line }
}

fn secrets_read(found: &Findings) -> Vec<(SecretKind, &str)> {
    let mut names: Vec<(SecretKind, &str)> = found.reads.iter().map(|r| (r.kind, r.name.as_str())).collect();
    names.dedup();
    names
}

/// Every claim the issue makes about upstream, checked against the real files.
#[test]
fn upstream_reads_what_the_issue_says() {
    let found = findings("upstream");
    assert_eq!(
        found.workflows,
        [".github/workflows/ci.yml", ".github/workflows/docs.yml", ".github/workflows/r_publish.yml"]
    );
    assert!(found.notices.is_empty() && found.problems.is_empty(), "{found:#?}");
    let jobs: Vec<&str> = found.credentials.iter().map(|c| c.job.as_str()).collect();
    assert_eq!(
        jobs,
        [
            "ci.yml/generate-layers-report",
            "ci.yml/create-github-release",
            "ci.yml/release-layer -> r_publish.yml/publish_layer"
        ]
    );
    for c in &found.credentials {
        assert_eq!(c.role.len(), 1);
        assert_eq!(
            (c.role[0].kind, c.role[0].name.as_str()),
            (SecretKind::Secret, "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN")
        );
        assert_eq!(c.id_token, IdToken::Write);
        assert_eq!(c.environment, None);
    }
    let [report, release, publish] = &found.credentials[..] else { unreachable!() };
    assert_eq!(report.at, at("ci.yml", 268));
    assert_eq!(report.region, RegionSource::Variable { name: "DYNAMODB_REGION".into() });
    assert_eq!(release.region, RegionSource::Literal { value: "us-east-1".into() });
    assert_eq!(publish.at, at("r_publish.yml", 113));
    assert_eq!(publish.called_from, Some(at("ci.yml", 223)));
    assert_eq!(publish.calls, [at("ci.yml", 223)]);
    assert!(found.credentials.iter().all(|c| c.role_unnamed.is_none()));
    // The report and the release notes read the table in a fixed region; the publisher's is per run.
    let readers: Vec<(&str, String)> =
        found.table_region_readers.iter().map(|r| (r.job.as_str(), r.region.from.to_string())).collect();
    assert_eq!(
        readers,
        [
            ("ci.yml/generate-layers-report", ".github/workflows/ci.yml:272".to_string()),
            ("ci.yml/create-github-release", ".github/workflows/ci.yml:327".to_string())
        ]
    );
    let RegionSource::Input { name, choices, default } = &publish.region else { panic!("{:?}", publish.region) };
    assert_eq!((name.as_str(), default.as_deref()), ("aws-region", Some("all")));
    assert_eq!(choices.len(), 14, "13 regions and \"all\": {choices:?}");
    assert_eq!(choices[0], "all");
    assert_eq!(
        secrets_read(&found),
        [(SecretKind::Secret, "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN"), (SecretKind::Variable, "DYNAMODB_REGION")]
    );
    let script = Location { path: "tools/scripts/otel_layer_utils/dynamodb_utils.py".into(), line: 14 };
    assert_eq!(found.table_names.len(), 1);
    assert_eq!(
        (found.table_names[0].value.as_str(), &found.table_names[0].from),
        ("ocelot-layers", &Origin::File(script))
    );
    assert_eq!(found.table_regions[0].value, RegionSource::Literal { value: "us-east-1".into() });
    assert_eq!(found.table_regions[0].from, Origin::File(at("ci.yml", 238)));
    assert_eq!(found.layer_prefixes[0].value, "ocel");
    assert_eq!(found.publish_regions[0].value.options.len(), 14);
    assert!(found.set_to_public[0].value);
    assert_eq!(found.set_to_public[0].from, Origin::File(at("ci.yml", 67)));
    // docs.yml has id-token: write and an environment for Pages, but assumes no AWS role.
    assert_eq!(found.environments.len(), 1);
    assert_eq!((found.environments[0].name.as_str(), found.environments[0].assumes_role), ("github-pages", false));
}

#[test]
fn upstream_followed_is_the_upstream_preset() {
    let followed = follow(&findings("upstream"), &SetupInput::for_fork("octocat/ocelot"));
    let setup = Setup::from_input(&followed.input).expect("the followed input validates");
    assert_eq!(setup.secrets.preset, SecretPreset::Upstream);
    assert_eq!(setup.secrets.role_secret.as_str(), "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN");
    assert_eq!(setup.secrets.region_variable.as_ref().map(|n| n.as_str()), Some("DYNAMODB_REGION"));
    assert_eq!(setup.secrets.table_secret, None);
    assert_eq!((setup.table.as_str(), setup.region.code()), ("ocelot-layers", "us-east-1"));
    assert_eq!(setup.scope, TrustScope::AnyRef);
    // Nothing to decide: the docs' two names, which no workflow reads, are notes, not options.
    assert_eq!(followed.conflicts, []);
    for docs in ["AWS_ROLE_TO_ASSUME", "DYNAMODB_TABLE_NAME"] {
        assert!(followed.notes.iter().any(|n| n.contains(docs) && n.contains("no workflow reads it")), "{docs}");
    }
    let table = followed.changes.iter().find(|c| c.field.flag() == "--table").expect("the table changed");
    assert_eq!(table.from[0].to_string(), "tools/scripts/otel_layer_utils/dynamodb_utils.py:14");
}

#[test]
fn forks_are_followed() {
    let check = |name: &str, input: SetupInput| {
        let followed = follow(&findings(name), &input);
        let setup = Setup::from_input(&followed.input).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        (setup, followed)
    };
    let fork = || SetupInput::for_fork("octocat/ocelot");
    let (docs, followed) = check("docs-names", fork());
    assert_eq!((docs.secrets.preset, docs.secrets.role_secret.as_str()), (SecretPreset::Seed, "AWS_ROLE_TO_ASSUME"));
    assert_eq!(docs.secrets.table_secret.as_ref().map(|n| n.as_str()), Some("DYNAMODB_TABLE_NAME"));
    // us-east-1 is not among the choice input's regions.
    assert_eq!(followed.conflicts.len(), 1, "{:?}", followed.conflicts);
    assert_eq!(followed.conflicts[0].options[1].value, "eu-west-1");

    let (mapped, followed) = check("mapped", fork());
    assert_eq!(mapped.secrets.role_secret.as_str(), "ACME_PUBLISHER_ROLE");
    assert_eq!((mapped.region.code(), mapped.layer_prefix.as_str()), ("eu-west-1", "acme"));
    let role = followed.conflicts.iter().find(|c| c.field.flag() == "--role-secret").expect("two role secrets");
    let names: Vec<_> = role.options.iter().map(|o| o.value.as_str()).collect();
    assert_eq!(names, ["ACME_PUBLISHER_ROLE", "ACME_FALLBACK_ROLE"]);

    let (env, _) = check("environment", fork());
    assert_eq!(env.scope.to_arg(), "environment:production");
    assert_eq!((env.region.code(), env.layer_prefix.as_str()), ("us-west-2", "prod-ocel"));
    assert_eq!(env.secrets.role_secret.as_str(), "PROD_PUBLISH_ROLE");

    let (vars, _) = check("vars-region", fork());
    assert_eq!(vars.secrets.region_variable.as_ref().map(|n| n.as_str()), Some("LAYER_TABLE_REGION"));
    assert_eq!(vars.secrets.preset, SecretPreset::Upstream);

    let (_, followed) = check("no-id-token", SetupInput { sharing: LayerSharing::Private, ..fork() });
    assert!(followed.conflicts.is_empty(), "{:?}", followed.conflicts);
}

#[test]
fn every_fixture_validates_after_following_and_reports_as_text() {
    for name in fixtures() {
        let found = findings(name);
        let followed = follow(&found, &SetupInput::for_fork("octocat/ocelot"));
        Setup::from_input(&followed.input).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        insta::assert_snapshot!(format!("inspect_{name}"), report::findings_text(&found));
        assert!(!report::followed_notes(&followed).is_empty(), "{name}: following changed nothing");
    }
}

#[test]
fn problems_are_found() {
    let found = findings("no-id-token");
    assert_eq!(found.credentials[0].id_token, IdToken::Missing);
    let texts: Vec<_> = found.problems.iter().map(|p| (p.at.line, p.text.as_str())).collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts[0].1.contains("pull requests from other forks"), "{texts:?}");
    assert!(texts[1].1.contains("id-token: write"), "{texts:?}");
    let env = findings("environment");
    assert!(env.environments.iter().all(|e| e.assumes_role && e.name == "production"));
    assert_eq!(env.credentials.len(), 2);
}

#[test]
fn links_point_at_the_line_on_github() {
    let location = at("ci.yml", 238);
    assert_eq!(
        location.link("octocat/ocelot", "main"),
        "https://github.com/octocat/ocelot/blob/main/.github/workflows/ci.yml#L238"
    );
    assert_eq!(
        Location { line: 0, ..location }.link("o/r", "v1"),
        "https://github.com/o/r/blob/v1/.github/workflows/ci.yml"
    );
}

#[test]
fn links_survive_a_branch_or_path_that_url_syntax_would_read() {
    // `#` would start the fragment and `?` the query: the line link would lose the file.
    let location = Location { path: ".github/workflows/a b?.yml".into(), line: 7 };
    assert_eq!(
        location.link("octocat/ocelot", "fix/#12"),
        "https://github.com/octocat/ocelot/blob/fix/%2312/.github/workflows/a%20b%3F.yml#L7"
    );
}

/// Runs the binary; returns (status, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ocelot-setup")).args(args).output().expect("ocelot-setup runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8 output");
    (out.status.code().expect("exited"), text(out.stdout), text(out.stderr))
}

#[test]
fn cli_follows_the_checkout() {
    // The role secret and the table secret or region variable each fixture's workflows read.
    let expected = [
        ("upstream", "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN", "DYNAMODB_REGION"),
        ("docs-names", "AWS_ROLE_TO_ASSUME", "DYNAMODB_TABLE_NAME"),
        ("mapped", "ACME_PUBLISHER_ROLE", ""),
        ("environment", "PROD_PUBLISH_ROLE", ""),
        ("vars-region", "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN", "LAYER_TABLE_REGION"),
        ("no-id-token", "AWS_ROLE_TO_ASSUME", "DYNAMODB_TABLE_NAME"),
    ];
    for (name, role, other) in expected {
        let checkout = dir(name);
        let checkout = checkout.to_str().expect("UTF-8 path");
        let (status, out, err) = run(&[
            "secrets",
            "--repo",
            "octocat/ocelot",
            "--checkout",
            checkout,
            "--account-id",
            "123456789012",
            "--format",
            "json",
        ]);
        assert_eq!(status, 0, "{name}: {err}");
        let entries: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        let names: Vec<&str> =
            entries.as_array().expect("a list").iter().map(|e| e["name"].as_str().expect("a name")).collect();
        let listed: Vec<&str> = [role, other].into_iter().filter(|n| !n.is_empty()).collect();
        assert_eq!(names, listed, "{name}: only names a workflow reads");
        assert!(err.contains("note: --checkout: read .github/workflows/"), "{name}: {err}");
        let (status, template, err) = run(&["template", "--repo", "octocat/ocelot", "--checkout", checkout]);
        assert_eq!(status, 0, "{name}: {err}");
        let followed = follow(&findings(name), &SetupInput::for_fork("octocat/ocelot"));
        let setup = Setup::from_input(&followed.input).expect("valid");
        assert_eq!(template, ocelot_setup::core::template::Template::tailored(&setup).to_yaml(), "{name}");
    }
}

#[test]
fn cli_inspect_prints_findings_and_names_the_flag_on_errors() {
    let upstream = dir("upstream");
    let (status, out, _) = run(&["inspect", "--checkout", upstream.to_str().expect("UTF-8")]);
    assert_eq!(status, 0);
    assert_eq!(out, report::findings_text(&findings("upstream")));
    let (status, out, _) = run(&["inspect", "--checkout", upstream.to_str().expect("UTF-8"), "--format", "json"]);
    assert_eq!(status, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["table_names"][0]["value"], "ocelot-layers");
    assert_eq!(json["dispatches"][0]["path"], ".github/workflows/ci.yml");
    assert_eq!(json["dispatches"][0]["inputs"][1]["kind"], "choice");
    assert_eq!(json["credentials"][2]["calls"][0]["line"], 223);
    let none = dir("no-workflows");
    for args in [vec!["inspect", "--checkout"], vec!["template", "--repo", "octocat/ocelot", "--checkout"]] {
        let mut args = args.clone();
        args.push(none.to_str().expect("UTF-8"));
        let (status, out, err) = run(&args);
        assert_eq!((status, out.as_str()), (2, ""), "{args:?}");
        assert!(
            err.contains("--checkout: ")
                && err.contains("has no .github/workflows folder; give the root of a clone of your fork"),
            "{err}"
        );
    }
    let (status, _, err) = run(&["inspect", "--checkout", upstream.to_str().expect("UTF-8"), "--format", "yaml"]);
    assert_eq!(status, 2);
    assert!(err.contains("--format: this command does not print yaml; use text or json"), "{err}");
}

#[test]
fn upstream_checkout_template_passes_cfn_lint() {
    if skip_slow() {
        eprintln!("note: cfn-lint skipped (OCELOT_SKIP_SLOW=1)");
        return;
    }
    let temp = tempfile::tempdir().expect("a temp dir");
    let file = temp.path().join("upstream.yaml");
    let upstream = dir("upstream");
    let (status, _, err) = run(&[
        "template",
        "--repo",
        "octocat/ocelot",
        "--checkout",
        upstream.to_str().expect("UTF-8"),
        "-o",
        file.to_str().expect("UTF-8"),
    ]);
    assert_eq!(status, 0, "{err}");
    let out = Command::new(venv_tool("cfn-lint"))
        .args(["--include-checks", "I", "--"])
        .arg(&file)
        .output()
        .expect("cfn-lint runs");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && report.trim().is_empty(), "cfn-lint: {report}");
}
