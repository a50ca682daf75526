//! Every finding's line is the one the YAML parser gives: the fixture `repeated-keys` repeats
//! keys and texts (a job id inside a script before the job, the same action and secret in
//! several steps, `env:` keys that are also `with:` keys, block scalars that hold `key:` lines),
//! so a line found by searching the text for the first match would be wrong.

use std::collections::BTreeSet;
use std::process::Command;

use ocelot_setup::core::setup::SecretKind;
use ocelot_setup::core::setup::SetupInput;
use ocelot_setup::core::workflows::findings::RegionSource;
use ocelot_setup::core::workflows::{follow, inspect, Findings, Location, Origin, SourceFile};

use crate::inspect::{dir, findings};

const FIXTURE: &str = "repeated-keys";

fn at(file: &str, line: usize) -> String {
    format!(".github/workflows/{file}:{line}")
}

fn file(origin: &Origin) -> Option<String> {
    match origin {
        Origin::File(at) => Some(at.to_string()),
        Origin::Assumed { .. } => None,
    }
}

#[test]
fn steps_and_their_roles_are_on_their_own_lines() {
    let found = findings(FIXTURE);
    let steps: Vec<(&str, String, Vec<String>)> = found
        .credentials
        .iter()
        .map(|c| (c.job.as_str(), c.at.to_string(), c.role.iter().map(|r| format!("{} {}", r.name, r.at)).collect()))
        .collect();
    let role = |name: &str, file: &str, line: usize| vec![format!("{name} {}", at(file, line))];
    assert_eq!(
        steps,
        [
            ("pr.yml/check", at("pr.yml", 10), role("PUBLISH_ROLE", "pr.yml", 12)),
            // The action is first named in a script (line 36) and in the step's name (line 40);
            // `role-to-assume:` first in the step's env (line 43).
            ("publish.yml/prepare", at("publish.yml", 41), role("PUBLISH_ROLE", "publish.yml", 46)),
            // The job id `build` is first written inside prepare's heredoc (line 35).
            ("publish.yml/build", at("publish.yml", 65), role("PUBLISH_ROLE", "publish.yml", 66)),
            ("publish.yml/build", at("publish.yml", 67), role("PUBLISH_ROLE", "publish.yml", 69)),
            (
                "publish.yml/release -> reusable.yml/publish",
                at("reusable.yml", 16),
                role("FORK_ROLE", "publish.yml", 81)
            ),
        ]
    );
    let release = &found.credentials[4];
    assert_eq!(release.calls.iter().map(Location::to_string).collect::<Vec<_>>(), [at("publish.yml", 72)]);
    assert!(matches!(&release.region, RegionSource::Input { name, .. } if name == "aws-region"));
    let readers: Vec<(String, String)> =
        found.table_region_readers.iter().map(|r| (r.step.to_string(), r.region.from.to_string())).collect();
    assert_eq!(readers, [(at("pr.yml", 10), at("pr.yml", 13)), (at("publish.yml", 41), at("publish.yml", 45))]);
}

#[test]
fn every_secret_and_variable_read_is_on_its_line_and_comments_read_none() {
    let found = findings(FIXTURE);
    let reads: BTreeSet<(SecretKind, String, String)> =
        found.reads.iter().map(|r| (r.kind, r.name.clone(), r.at.to_string())).collect();
    let secret = |name: &str, file: &str, line: usize| (SecretKind::Secret, name.to_string(), at(file, line));
    let expected: BTreeSet<(SecretKind, String, String)> = [
        secret("PUBLISH_ROLE", "pr.yml", 12),
        // A shell comment is part of the script: GitHub substitutes the expression all the same.
        secret("SHELL_COMMENT", "publish.yml", 39),
        secret("PUBLISH_ROLE", "publish.yml", 46),
        (SecretKind::Variable, "TABLE_REGION".to_string(), at("publish.yml", 60)),
        secret("PUBLISH_ROLE", "publish.yml", 66),
        secret("PUBLISH_ROLE", "publish.yml", 69),
        secret("UNUSED", "publish.yml", 80),
        secret("FORK_ROLE", "publish.yml", 81),
        secret("publisher-role", "reusable.yml", 19),
    ]
    .into_iter()
    .collect();
    // Not COMMENTED (a YAML comment line) nor OLD_ROLE (a YAML comment after a value).
    assert_eq!(reads, expected);
}

#[test]
fn values_environments_dispatch_inputs_and_problems_are_on_their_lines() {
    let found = findings(FIXTURE);
    let values = |list: Vec<(String, String)>| list;
    assert_eq!(
        values(found.layer_prefixes.iter().map(|v| (v.value.clone(), v.from.to_string())).collect()),
        [("fork-layers".to_string(), at("publish.yml", 61)), ("fork-layers-arm".to_string(), at("publish.yml", 64))]
    );
    let regions: Vec<(RegionSource, String)> =
        found.table_regions.iter().map(|v| (v.value.clone(), v.from.to_string())).collect();
    assert_eq!(regions, [(RegionSource::Variable { name: "TABLE_REGION".into() }, at("publish.yml", 60))]);
    let environments: Vec<(&str, &str, String)> =
        found.environments.iter().map(|e| (e.job.as_str(), e.name.as_str(), e.at.to_string())).collect();
    assert_eq!(environments, [("publish.yml/build", "production", at("publish.yml", 71))]);
    let [dispatch] = &found.dispatches[..] else { panic!("{:#?}", found.dispatches) };
    assert_eq!(dispatch.at.to_string(), at("publish.yml", 8));
    let inputs: Vec<(&str, String)> = dispatch.inputs.iter().map(|i| (i.name.as_str(), i.at.to_string())).collect();
    assert_eq!(inputs, [("dynamodb-region", at("publish.yml", 10)), ("aws-region", at("publish.yml", 16))]);
    let publish: Vec<String> = found.publish_regions.iter().map(|v| v.from.to_string()).collect();
    assert_eq!(publish, [at("publish.yml", 16)]);
    let problems: Vec<String> = found.problems.iter().map(|p| p.at.to_string()).collect();
    assert_eq!(problems, [at("pr.yml", 4)], "{:#?}", found.problems);
}

/// The places a followed change or choice cites: what the wizard links and the CLI prints.
fn followed_places(found: &Findings) -> BTreeSet<String> {
    let followed = follow(found, &SetupInput::for_fork("octocat/ocelot"));
    let changes = followed.changes.iter().flat_map(|c| &c.from);
    let choices = followed.conflicts.iter().flat_map(|c| &c.options).flat_map(|o| &o.from);
    changes.chain(choices).filter_map(file).collect()
}

#[test]
fn what_follow_changes_cites_the_parsers_lines() {
    let places = followed_places(&findings(FIXTURE));
    for wrong in [35, 36, 37, 40, 43, 51, 57, 76] {
        assert!(!places.contains(&at("publish.yml", wrong)), "line {wrong} cited: {places:#?}");
    }
    for right in [61, 64, 60] {
        assert!(places.contains(&at("publish.yml", right)), "line {right} not cited: {places:#?}");
    }
}

#[test]
fn the_wizards_link_and_the_clis_report_name_the_parsers_line() {
    let found = findings(FIXTURE);
    let step = &found.credentials[2];
    assert_eq!(
        step.at.link("octocat/ocelot", "main"),
        "https://github.com/octocat/ocelot/blob/main/.github/workflows/publish.yml#L65"
    );
    let checkout = dir(FIXTURE);
    let out = Command::new(env!("CARGO_BIN_EXE_ocelot-setup"))
        .args(["inspect", "--checkout", checkout.to_str().expect("UTF-8 path")])
        .output()
        .expect("ocelot-setup runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    for line in [65, 67, 41, 71, 8, 16] {
        assert!(cites(&text, &at("publish.yml", line)), "line {line} not in:\n{text}");
    }
    assert!(text.contains(&format!("{}: runs for pull requests", at("pr.yml", 4))), "{text}");
    for wrong in [35, 36, 37, 40, 43, 51, 57] {
        assert!(!cites(&text, &at("publish.yml", wrong)), "line {wrong} in:\n{text}");
    }
}

/// Whether `text` names `place` (not just a longer line number that starts the same).
fn cites(text: &str, place: &str) -> bool {
    text.match_indices(place).any(|(i, _)| !text[i + place.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

const ALIASED: &str = "on: push
permissions: { id-token: write }
jobs:
  one:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with: &creds
          role-to-assume: ${{ secrets.ROLE }}
          aws-region: us-east-1
  two:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with: *creds
  table:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/report
        with:
          dynamodb-region: us-east-1
";

#[test]
fn a_value_reached_through_an_alias_is_placed_where_its_anchor_writes_it() {
    let found = inspect(&[SourceFile::new(".github/workflows/aliased.yml", ALIASED)]);
    let steps: Vec<(&str, usize, Vec<usize>)> = found
        .credentials
        .iter()
        .map(|c| (c.job.as_str(), c.at.line, c.role.iter().map(|r| r.at.line).collect()))
        .collect();
    assert_eq!(steps, [("aliased.yml/one", 7, vec![9]), ("aliased.yml/two", 14, vec![9])]);
    let readers: Vec<(usize, usize)> = found
        .table_region_readers
        .iter()
        .map(|r| {
            (
                r.step.line,
                match &r.region.from {
                    Origin::File(at) => at.line,
                    _ => 0,
                },
            )
        })
        .collect();
    assert_eq!(readers, [(7, 10), (14, 10)]);
}

const LISTED: &str = "name: pull_request checks
on: [push,
  pull_request]
jobs:
  \"check\":
    permissions: { id-token: write }
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          'role-to-assume': ${{ secrets.ROLE }}
          aws-region: us-east-1
";

#[test]
fn events_in_a_list_a_map_or_one_word_and_quoted_keys_are_placed_by_the_parser() {
    let listed = inspect(&[SourceFile::new(".github/workflows/listed.yml", LISTED)]);
    let problems: Vec<usize> = listed.problems.iter().map(|p| p.at.line).collect();
    assert_eq!(problems, [3], "{:#?}", listed.problems);
    let steps: Vec<(usize, Vec<usize>)> =
        listed.credentials.iter().map(|c| (c.at.line, c.role.iter().map(|r| r.at.line).collect())).collect();
    assert_eq!(steps, [(9, vec![11])]);
    let mapped = LISTED.replace("on: [push,\n  pull_request]", "on:\n  pull_request:");
    let mapped = inspect(&[SourceFile::new(".github/workflows/mapped.yml", mapped)]);
    let problems: Vec<usize> = mapped.problems.iter().map(|p| p.at.line).collect();
    assert_eq!(problems, [3], "{:#?}", mapped.problems);
    let word = LISTED.replace("on: [push,\n  pull_request]", "# pull_request\non: pull_request");
    let word = inspect(&[SourceFile::new(".github/workflows/word.yml", word)]);
    let problems: Vec<usize> = word.problems.iter().map(|p| p.at.line).collect();
    assert_eq!(problems, [3], "{:#?}", word.problems);
}
