//! Real variants of upstream's workflows, each fixture upstream's files with one change (see
//! tests/fixtures/workflows/README.md), and chains of calls written here: what `inspect`
//! finds in each.

use ocelot_setup::core::setup::SecretKind;
use ocelot_setup::core::workflows::findings::{
    Credential, IdToken, InputType, Reference, RegionSource, RoleName, Valued, MAX_DESCRIPTION_CHARS,
};
use ocelot_setup::core::workflows::{inspect, Findings, Origin, SourceFile};

use crate::inspect::{at, findings};

const PUBLISH: &str = "ci.yml/release-layer -> r_publish.yml/publish_layer";
const REPORT: &str = "ci.yml/generate-layers-report";
const RELEASE: &str = "ci.yml/create-github-release";
const UPSTREAM_ROLE: &str = "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN";

fn credential<'a>(found: &'a Findings, job: &str) -> &'a Credential {
    found.credentials.iter().find(|c| c.job == job).unwrap_or_else(|| panic!("no step in {job}: {found:#?}"))
}

fn secret(name: &str, path: &str, line: usize) -> Reference {
    Reference { kind: SecretKind::Secret, name: name.into(), at: at(path, line) }
}

/// Each role name with the jobs that read it.
fn role_names(found: &Findings) -> Vec<(String, Vec<String>)> {
    found.role_names().into_iter().map(|RoleName { name, jobs, .. }| (name, jobs)).collect()
}

fn texts(found: &Findings) -> Vec<String> {
    found.problems.iter().map(|p| format!("{}: {}", p.at, p.text)).collect()
}

#[test]
fn a_call_through_a_reusable_workflow_names_the_top_callers_secret() {
    let found = findings("nested-calls");
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
    let job = "ci.yml/release-layer -> r_release.yml/release -> r_publish.yml/publish_layer";
    let publish = credential(&found, job);
    // ci.yml maps FORK_PUBLISH_ROLE to publisher-role, r_release.yml that to upstream's name.
    assert_eq!(publish.role, [secret("FORK_PUBLISH_ROLE", "ci.yml", 246)]);
    assert_eq!(publish.role_unnamed, None);
    assert_eq!(publish.calls, [at("ci.yml", 223), at("r_release.yml", 57)]);
    assert_eq!(publish.called_from, Some(at("ci.yml", 223)));
    assert_eq!(publish.id_token, IdToken::Write);
    // The region input is passed on by r_release.yml, from ci.yml's matrix, from the dispatch input.
    let RegionSource::Input { name, choices, default } = &publish.region else { panic!("{:?}", publish.region) };
    assert_eq!((name.as_str(), choices.len(), default.as_deref()), ("aws-region", 14, Some("all")));
    assert_eq!(
        role_names(&found),
        [
            (UPSTREAM_ROLE.to_string(), vec![REPORT.to_string(), RELEASE.to_string()]),
            ("FORK_PUBLISH_ROLE".to_string(), vec![job.to_string()]),
        ]
    );
    // r_release.yml is only called: its own job is not a second, unmapped publisher.
    assert_eq!(found.credentials.len(), 3);
}

/// The secret name level `level` of [`chain`] reads: a new name below each mapping level.
fn role_at(level: usize) -> String {
    format!("ROLE_{}", if level % 2 == 1 || level == 0 { level } else { level - 1 })
}

/// `levels` workflows, each calling the next; the last assumes the role. Secrets are mapped
/// to a new name at even levels and inherited at odd ones; the region input is passed down.
fn chain(levels: usize, leaf_env: &str) -> Vec<SourceFile> {
    (0..levels)
        .map(|level| {
            let on = if level == 0 {
                "on:\n  workflow_dispatch:\n    inputs:\n      region:\n        type: choice\n        options: [eu-west-1, eu-north-1]\n        default: eu-north-1\n".to_string()
            } else {
                "on:\n  workflow_call:\n    inputs:\n      region: {type: string}\n".to_string()
            };
            let role = role_at(level);
            let job = if level + 1 == levels {
                format!("  leaf:\n    environment: {leaf_env}\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: ${{{{ secrets['{role}'] }}}}\n          aws-region: ${{{{ inputs['region'] }}}}\n")
            } else {
                let secrets = if level % 2 == 0 {
                    format!("    secrets:\n      ROLE_{}: ${{{{ secrets.{role} }}}}\n", level + 1)
                } else {
                    "    secrets: inherit\n".to_string()
                };
                let next = level + 1;
                format!("  call:\n    uses: ./.github/workflows/w{next}.yml\n    with:\n      region: ${{{{ inputs.region }}}}\n{secrets}")
            };
            let text = format!("{on}permissions:\n  id-token: write\njobs:\n{job}");
            SourceFile::new(format!(".github/workflows/w{level}.yml"), text)
        })
        .collect()
}

#[test]
fn chains_are_followed_to_ten_levels_and_no_further() {
    let found = inspect(&chain(10, "prod"));
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
    let [step] = &found.credentials[..] else { panic!("{:#?}", found.credentials) };
    assert_eq!(step.job.split(" -> ").count(), 10, "{}", step.job);
    assert!(step.job.starts_with("w0.yml/call -> w1.yml/call") && step.job.ends_with("w9.yml/leaf"), "{}", step.job);
    assert_eq!(step.calls.len(), 9);
    // Mapped at levels 0, 2, 4, 6, 8 and inherited between: the top caller's name.
    assert_eq!(step.role.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["ROLE_0"]);
    assert_eq!(step.role[0].at.path, ".github/workflows/w0.yml");
    assert_eq!(step.environment.as_deref(), Some("prod"));
    let RegionSource::Input { name, default, .. } = &step.region else { panic!("{:?}", step.region) };
    assert_eq!((name.as_str(), default.as_deref()), ("region", Some("eu-north-1")));
    assert_eq!(found.dispatches.len(), 1);
    assert_eq!(found.dispatches[0].jobs, std::slice::from_ref(&step.job));

    let found = inspect(&chain(11, "prod"));
    assert!(found.credentials.is_empty(), "{:#?}", found.credentials);
    let problems = texts(&found);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("job call calls ./.github/workflows/w10.yml at the 11th level"), "{problems:?}");
    assert!(problems[0].contains("at most 10 levels"), "{problems:?}");
}

#[test]
fn cycles_and_fan_out_end() {
    let a = "on: workflow_dispatch\npermissions: {id-token: write}\njobs:\n  own:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with: {role-to-assume: '${{ secrets.A }}', aws-region: eu-west-1}\n  call:\n    uses: ./.github/workflows/b.yml\n    secrets: inherit\n";
    let b = "on: workflow_call\njobs:\n  back:\n    uses: ./.github/workflows/a.yml\n    secrets: inherit\n";
    let found =
        inspect(&[SourceFile::new(".github/workflows/a.yml", a), SourceFile::new(".github/workflows/b.yml", b)]);
    assert_eq!(found.credentials.iter().map(|c| c.job.as_str()).collect::<Vec<_>>(), ["a.yml/own"]);
    assert_eq!(found.credentials[0].role, [secret("A", "a.yml", 7)], "a key in a flow mapping has its line");
    let problems = texts(&found);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("already in this chain of calls (a.yml/call -> b.yml/back)"), "{problems:?}");

    // Five levels of ten jobs each calling the next: 11,110 calls, capped.
    let files: Vec<SourceFile> = (0..5)
        .map(|level| {
            let jobs: String = (0..10)
                .map(|j| format!("  j{j}:\n    uses: ./.github/workflows/f{}.yml\n    secrets: inherit\n", level + 1))
                .collect();
            let on = if level == 0 { "workflow_dispatch" } else { "workflow_call" };
            SourceFile::new(format!(".github/workflows/f{level}.yml"), format!("on: {on}\njobs:\n{jobs}"))
        })
        .chain([SourceFile::new(".github/workflows/f5.yml", "on: workflow_call\njobs:\n  leaf:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with: {role-to-assume: '${{ secrets.R }}'}\n")])
        .collect();
    let found = inspect(&files);
    assert!(
        texts(&found).iter().any(|p| p.contains("more than 1000 calls of reusable workflows")),
        "{:?}",
        texts(&found)
    );
    assert!(found.credentials.len() < 1000, "{}", found.credentials.len());
}

#[test]
fn a_secret_renamed_in_one_job_is_listed_with_that_job() {
    let found = findings("renamed-one-job");
    assert_eq!(
        role_names(&found),
        [
            (UPSTREAM_ROLE.to_string(), vec![REPORT.to_string(), RELEASE.to_string()]),
            ("PUBLISHER_ROLE_ARN".to_string(), vec![PUBLISH.to_string()]),
        ]
    );
    let names = found.role_names();
    assert_eq!(names[1].at, [at("r_publish.yml", 115)]);
    assert_eq!(names[0].at, [at("ci.yml", 270), at("ci.yml", 325)]);
}

#[test]
fn names_with_a_dash_and_the_index_form_are_read_whole() {
    let found = findings("index-form");
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
    assert_eq!(credential(&found, PUBLISH).role, [secret("FORK_PUBLISH_ROLE", "r_publish.yml", 115)]);
    let text = "on: {workflow_dispatch: {inputs: {aws-region: {type: choice, options: [eu-west-1], default: eu-west-1}}}}\npermissions: {id-token: write}\njobs:\n  a:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: ${{ secrets[\"MY_ROLE\"] }}\n          aws-region: ${{ inputs['aws-region'] }}\n  b:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: ${{ vars['ROLE_VAR'] }}\n          aws-region: ${{ vars[ 'TABLE_REGION' ] }}\n";
    let found = inspect(&[SourceFile::new(".github/workflows/x.yml", text)]);
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
    let [a, b] = &found.credentials[..] else { panic!("{:#?}", found.credentials) };
    assert_eq!((a.role[0].kind, a.role[0].name.as_str()), (SecretKind::Secret, "MY_ROLE"));
    assert!(matches!(&a.region, RegionSource::Input { name, .. } if name == "aws-region"), "{:?}", a.region);
    assert_eq!((b.role[0].kind, b.role[0].name.as_str()), (SecretKind::Variable, "ROLE_VAR"));
    assert_eq!(b.region, RegionSource::Variable { name: "TABLE_REGION".into() });

    // A role ARN passed down as an input (calls may pass vars in `with:`, not secrets).
    let caller = "on: workflow_dispatch\npermissions: {id-token: write}\njobs:\n  call:\n    uses: ./.github/workflows/leaf.yml\n    with:\n      role-arn: ${{ vars.PUBLISH_ROLE_ARN }}\n";
    let leaf = "on: {workflow_call: {inputs: {role-arn: {type: string}}}}\njobs:\n  leaf:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with: {role-to-assume: '${{ inputs.role-arn }}', aws-region: eu-west-1}\n";
    let found = inspect(&[
        SourceFile::new(".github/workflows/top.yml", caller),
        SourceFile::new(".github/workflows/leaf.yml", leaf),
    ]);
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
    assert_eq!(
        found.credentials[0].role,
        [Reference { kind: SecretKind::Variable, name: "PUBLISH_ROLE_ARN".into(), at: at("top.yml", 7) }]
    );
}

#[test]
fn a_role_that_cannot_be_named_is_marked_and_a_problem() {
    let found = findings("literal-role");
    let release = credential(&found, RELEASE);
    assert!(release.role.is_empty(), "{:?}", release.role);
    let arn = "arn:aws:iam::123456789012:role/release-notes";
    assert_eq!(release.role_unnamed, Some(Valued { value: arn.into(), from: Origin::File(at("ci.yml", 325)) }));
    assert_eq!(texts(&found).len(), 1);
    assert!(texts(&found)[0].starts_with(".github/workflows/ci.yml:323: job ci.yml/create-github-release takes its role from \"arn:aws:iam::123456789012:role/release-notes\" (.github/workflows/ci.yml:325), which names no one secret or variable"), "{:?}", texts(&found));
    assert_eq!(credential(&found, REPORT).role_unnamed, None);

    let unnamed = |role: &str| {
        let text = format!("on: push\npermissions: {{id-token: write}}\njobs:\n  a:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: {role}\n          aws-region: eu-west-1\n");
        let found = inspect(&[SourceFile::new(".github/workflows/x.yml", text)]);
        let [step] = &found.credentials[..] else { panic!("{role}: {:#?}", found.credentials) };
        assert_eq!(found.problems.len(), 1, "{role}: {:#?}", found.problems);
        let names: Vec<String> = step.role.iter().map(|r| r.name.clone()).collect();
        (step.role_unnamed.as_ref().map(|v| v.value.clone()), names)
    };
    let text = |t: &str| Some(t.to_string());
    assert_eq!(
        unnamed("${{ secrets.A || secrets.B }}"),
        (text("${{ secrets.A || secrets.B }}"), vec!["A".into(), "B".into()])
    );
    assert_eq!(
        unnamed("\"${{ format('arn:aws:iam::{0}:role/x', secrets.ACCOUNT) }}\""),
        (text("${{ format('arn:aws:iam::{0}:role/x', secrets.ACCOUNT) }}"), vec!["ACCOUNT".into()])
    );
    assert_eq!(unnamed("${{ env.ROLE }}"), (text("${{ env.ROLE }}"), vec![]));
    assert_eq!(unnamed("${{ secrets[format('{0}', 'X')] }}"), (text("${{ secrets[format('{0}', 'X')] }}"), vec![]));
    // A call that passes no secret: the step reads nothing.
    let caller = "on: workflow_dispatch\npermissions: {id-token: write}\njobs:\n  call:\n    uses: ./.github/workflows/leaf.yml\n";
    let leaf = "on: workflow_call\njobs:\n  leaf:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with: {role-to-assume: '${{ secrets.ROLE }}', aws-region: eu-west-1}\n";
    let found = inspect(&[
        SourceFile::new(".github/workflows/top.yml", caller),
        SourceFile::new(".github/workflows/leaf.yml", leaf),
    ]);
    let step = &found.credentials[0];
    assert!(step.role.is_empty());
    assert_eq!(step.role_unnamed, Some(Valued { value: "secrets.ROLE".into(), from: Origin::File(at("top.yml", 4)) }));
    assert!(
        texts(&found)
            .iter()
            .any(|p| p.contains("job call calls .github/workflows/leaf.yml without passing the secret ROLE")),
        "{:?}",
        texts(&found)
    );
}

#[test]
fn the_dispatch_workflow_is_listed_whole() {
    let found = findings("upstream");
    let [ci] = &found.dispatches[..] else { panic!("docs.yml reaches no role: {:#?}", found.dispatches) };
    assert_eq!((ci.path.as_str(), ci.file(), ci.at.line), (".github/workflows/ci.yml", "ci.yml", 4));
    assert_eq!(ci.jobs, [REPORT, RELEASE, PUBLISH]);
    let names: Vec<&str> = ci.inputs.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "architecture",
            "aws-region",
            "distribution",
            "upstream-repo",
            "upstream-ref",
            "release-group",
            "dry-run",
            "set-to-public"
        ]
    );
    let region = ci.input("aws-region").expect("the region input");
    assert_eq!((region.kind, region.required, region.at.line), (InputType::Choice, true, 15));
    assert_eq!((region.options.len(), region.options[0].as_str(), region.default.as_deref()), (14, "all", Some("all")));
    assert_eq!(region.description.as_deref(), Some("AWS Region(s) where layer will be published"));
    let dry_run = ci.input("dry-run").expect("dry-run");
    assert_eq!(
        (dry_run.kind, dry_run.required, dry_run.default.as_deref()),
        (InputType::Boolean, false, Some("false"))
    );
    assert_eq!(ci.input("upstream-ref").map(|i| i.kind), Some(InputType::Text));

    let renamed = findings("dispatch-renamed");
    assert_eq!(renamed.dispatches.len(), 1);
    assert_eq!(renamed.dispatches[0].file(), "publish-layers.yml");
    assert_eq!(
        renamed.dispatches[0].inputs,
        ci.inputs
            .iter()
            .map(|i| {
                let mut i = i.clone();
                i.at.path = ".github/workflows/publish-layers.yml".into();
                i
            })
            .collect::<Vec<_>>()
    );

    let long = "é".repeat(MAX_DESCRIPTION_CHARS + 50);
    let text = format!("on:\n  workflow_dispatch:\n    inputs:\n      zone:\n        type: region\n      long:\n        description: \"{long}\"\n        required: 'true'\npermissions: {{id-token: write}}\njobs:\n  a:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with: {{role-to-assume: '${{{{ secrets.R }}}}', aws-region: eu-west-1}}\n");
    let found = inspect(&[SourceFile::new(".github/workflows/x.yml", text)]);
    let inputs = &found.dispatches[0].inputs;
    assert_eq!(inputs.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["zone", "long"]);
    let description = inputs[1].description.as_deref().expect("a description");
    assert_eq!(description.chars().count(), MAX_DESCRIPTION_CHARS + 1);
    assert!(description.ends_with('…') && inputs[1].required);
    assert_eq!(inputs[0].kind, InputType::Text);
    assert!(
        texts(&found)
            .iter()
            .any(|p| p.contains("x.yml:4: input zone: \"region\" is not a workflow_dispatch input type")),
        "{:?}",
        texts(&found)
    );
}

#[test]
fn readers_of_the_table_are_held_to_its_region() {
    let found = findings("table-region-moved");
    assert_eq!(found.table_regions[0].value, RegionSource::Literal { value: "eu-west-1".into() });
    let readers: Vec<(&str, &RegionSource, String)> = found
        .table_region_readers
        .iter()
        .map(|r| (r.job.as_str(), &r.region.value, r.region.from.to_string()))
        .collect();
    assert_eq!(
        readers,
        [
            (REPORT, &RegionSource::Variable { name: "DYNAMODB_REGION".into() }, ".github/workflows/ci.yml:272".into()),
            (RELEASE, &RegionSource::Literal { value: "us-east-1".into() }, ".github/workflows/ci.yml:327".into()),
        ]
    );
    assert_eq!(found.table_region_readers[1].step, at("ci.yml", 323));
}

#[test]
fn the_id_token_fix_keeps_the_jobs_other_permissions() {
    let found = findings("release-permissions");
    assert!(found.credentials.iter().all(|c| c.id_token == IdToken::Missing), "{:#?}", found.credentials);
    let problems = texts(&found);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    for problem in &problems {
        assert!(problem.contains("set the `permissions:` of workflow .github/workflows/ci.yml to `permissions: { contents: write, id-token: write }`, which keeps its other permissions"), "{problem}");
    }
    // With no block at all, the fix says a block replaces the repository's defaults.
    let found = inspect(&[SourceFile::new(".github/workflows/x.yml", "on: push\njobs:\n  a:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with: {role-to-assume: '${{ secrets.R }}', aws-region: eu-west-1}\n")]);
    assert!(texts(&found)[0].contains("add `permissions: { contents: read, id-token: write }` to job x.yml/a: a `permissions:` block replaces the repository's default permissions"), "{:?}", texts(&found));
    // A job-level block is fixed in the job.
    let found = inspect(&[SourceFile::new(".github/workflows/x.yml", "on: push\npermissions: write-all\njobs:\n  a:\n    permissions: {contents: write, packages: read}\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with: {role-to-assume: '${{ secrets.R }}', aws-region: eu-west-1}\n")]);
    assert!(texts(&found)[0].contains("set the `permissions:` of job x.yml/a to `permissions: { contents: write, id-token: write, packages: read }`"), "{:?}", texts(&found));
}

#[test]
fn the_environment_is_the_one_of_the_job_that_holds_the_step() {
    let found = findings("environment-publish");
    assert_eq!(credential(&found, PUBLISH).environment.as_deref(), Some("production"));
    assert_eq!(credential(&found, REPORT).environment, None);
    assert_eq!(credential(&found, RELEASE).environment, None);
    let found = inspect(&chain(3, "staging"));
    assert_eq!(found.credentials[0].environment.as_deref(), Some("staging"));
    assert_eq!(found.environments.len(), 1);
    assert!(found.environments[0].assumes_role);
}
