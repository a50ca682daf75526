//! Workflow files are untrusted: oversized, too many, alias bombs, deep nesting, non-UTF-8
//! and malformed files each end in a notice naming the file, never a panic, and the other
//! files still count. Generated and mutated workflows never panic, and following their
//! findings never makes a valid input invalid.

use ocelot_setup::core::setup::Field;
use std::time::{Duration, Instant};

use ocelot_setup::core::setup::{Setup, SetupInput};
use ocelot_setup::core::workflows::read::{MAX_FILES, MAX_FILE_BYTES};
use ocelot_setup::core::workflows::{follow, inspect, Findings, SourceFile};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Nesting depth of the deep-nesting files.
const N: usize = 100_000;

const GOOD: &str = "on: workflow_dispatch
permissions:
  id-token: write
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: ${{ secrets.GOOD_ROLE }}
          aws-region: eu-west-1
";

fn with_good(path: &str, bytes: Vec<u8>) -> Findings {
    let found = inspect(&[SourceFile::new(".github/workflows/good.yml", GOOD), SourceFile::new(path, bytes)]);
    assert_eq!(found.credentials.len(), 1, "the good file still counts: {found:#?}");
    assert_eq!(found.credentials[0].role[0].name, "GOOD_ROLE");
    found
}

/// The one notice about `path`, which must contain `expected`.
fn notice(found: &Findings, path: &str, expected: &str) {
    let notices: Vec<_> = found.notices.iter().filter(|n| n.path == path).collect();
    assert_eq!(notices.len(), 1, "{:?}", found.notices);
    assert!(notices[0].text.contains(expected), "{:?}", notices[0].text);
}

#[test]
fn oversized_file_is_skipped() {
    let path = ".github/workflows/big.yml";
    let found = with_good(path, vec![b'#'; MAX_FILE_BYTES + 1]);
    notice(&found, path, "more than the 1048576 read");
}

#[test]
fn a_folder_of_too_many_files_is_skipped() {
    let files: Vec<SourceFile> =
        (0..=MAX_FILES).map(|i| SourceFile::new(format!(".github/workflows/w{i}.yml"), GOOD)).collect();
    let found = inspect(&files);
    assert!(found.credentials.is_empty() && found.workflows.is_empty());
    notice(&found, ".github/workflows", "101 workflow files, more than the 100 read");
    assert_eq!(inspect(&files[..MAX_FILES]).credentials.len(), MAX_FILES);
}

#[test]
fn alias_bombs_are_refused_quickly() {
    let mut laughs = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for level in 1..9 {
        let prev = (b'a' + level - 1) as char;
        let this = (b'a' + level) as char;
        laughs.push_str(&format!("{this}: &{this} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
    }
    laughs.push_str("jobs: *i\n");
    // Few aliases, but each copies a large anchored node: refused by size.
    let big_node: String = (0..4000).map(|i| format!("  k{i}: v\n")).collect();
    let wide = format!("x: &big\n{big_node}jobs:\n  a: *big\n  b: *big\n");
    for (name, text) in [("laughs.yml", laughs), ("wide.yml", wide)] {
        let path = format!(".github/workflows/{name}");
        let start = Instant::now();
        let found = with_good(&path, text.into_bytes());
        assert!(start.elapsed() < Duration::from_secs(5), "{name} took {:?}", start.elapsed());
        notice(&found, &path, "YAML aliases");
    }
}

#[test]
fn aliases_within_the_limits_are_read() {
    let text = "on: push
permissions: { id-token: write }
jobs:
  a:
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with: &creds
          role-to-assume: ${{ secrets.SHARED_ROLE }}
          aws-region: eu-west-1
  b:
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with: *creds
";
    let found = inspect(&[SourceFile::new(".github/workflows/anchors.yml", text)]);
    assert!(found.notices.is_empty(), "{:?}", found.notices);
    assert_eq!(found.credentials.len(), 2);
    assert!(found.credentials.iter().all(|c| c.role[0].name == "SHARED_ROLE"));
}

#[test]
fn deep_nesting_is_refused() {
    for (name, text) in [
        ("flow.yml", format!("jobs: {}{}\n", "[".repeat(N), "]".repeat(N))),
        ("maps.yml", format!("jobs:\n  a:\n    with: {}1{}\n", "{x: ".repeat(N), "}".repeat(N))),
        ("block.yml", format!("jobs:\n{}", nested_block(1))),
    ] {
        let path = format!(".github/workflows/{name}");
        let start = Instant::now();
        let found = with_good(&path, text.into_bytes());
        assert!(start.elapsed() < Duration::from_secs(10), "{name} took {:?}", start.elapsed());
        notice(&found, &path, "not a workflow YAML file");
    }
    // Under a key the model ignores, serde skips the nesting without recursion: read fine.
    let found = with_good(".github/workflows/ignored.yml", format!("env:\n{}", nested_block(1)).into_bytes());
    assert!(found.notices.is_empty(), "{:?}", found.notices);
}

/// 400 mappings, each the value of the one before, in block style.
fn nested_block(indent: usize) -> String {
    (indent..indent + 400).map(|i| format!("{}k:\n", " ".repeat(i))).collect()
}

#[test]
fn non_utf8_and_malformed_files_are_named() {
    let found = with_good(".github/workflows/latin1.yml", b"name: caf\xe9\n".to_vec());
    notice(&found, ".github/workflows/latin1.yml", "not UTF-8 text (invalid byte at offset 9)");
    for (name, text) in [
        ("tabs.yml", "jobs:\n\tbuild: x\n"),
        ("quote.yml", "name: \"unclosed\n"),
        ("list.yml", "- just\n- a list\n"),
        ("scalar.yml", "hello"),
        ("dup.yml", "jobs: {}\njobs: {}\n"),
    ] {
        let path = format!(".github/workflows/{name}");
        let found = with_good(&path, text.as_bytes().to_vec());
        notice(&found, &path, "not a workflow YAML file");
    }
    let found = with_good("README.md", b"# hi".to_vec());
    notice(&found, "README.md", "not a workflow");
    // Odd shapes inside a valid file spoil only themselves.
    let odd = "on: 5\npermissions: [1]\njobs:\n  a: 7\n  b:\n    steps: {x: 1}\n  c:\n    environment: [x]\n    steps:\n      - 3\n      - uses: [x]\n";
    let found = with_good(".github/workflows/odd.yml", odd.as_bytes().to_vec());
    assert!(found.notices.is_empty(), "{:?}", found.notices);
}

/// Fragments a workflow is made of, some valid, some not.
const PIECES: &[&str] = &[
    "on: workflow_dispatch\n",
    "on: [push, pull_request]\n",
    "on:\n  workflow_dispatch:\n    inputs:\n      aws-region:\n        type: choice\n        options: [all, eu-west-1, us-east-1]\n        default: all\n      set-to-public:\n        type: boolean\n        default: true\n",
    "on:\n  workflow_call:\n    inputs:\n      aws-region: {type: string}\n    secrets:\n      ROLE: {required: true}\n",
    "permissions:\n  id-token: write\n",
    "permissions: write-all\n",
    "jobs:\n  call:\n    uses: ./.github/workflows/b.yml\n    with:\n      layer-name: ocel\n      dynamodb-region: eu-west-1\n      aws-region: ${{ inputs.aws-region }}\n    secrets:\n      ROLE: ${{ secrets.MAPPED || vars.OTHER }}\n",
    "jobs:\n  call:\n    uses: ./.github/workflows/a.yml\n    secrets: inherit\n",
    "jobs:\n  s:\n    environment: prod\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: ${{ secrets.ROLE }}\n          aws-region: ${{ inputs.aws-region }}\n          audience: sts.amazonaws.com\n",
    "jobs:\n  t:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: ${{ secrets.GITHUB_X }}\n          aws-region: ${{ vars.TABLE_REGION }}\n      - run: echo ${{ secrets.DYNAMODB_TABLE_NAME }} ${{ secrets.TABLE_2 }}\n",
    "jobs:\n  u:\n    environment: {name: 'a:b'}\n    with: {dynamodb-region: no-where-9, layer-name: 'bad prefix', table-name: x}\n",
    "x: &a [1, 2]\ny: *a\n",
    "jobs:\n  deep:\n    uses: ./.github/workflows/c.yaml\n    with: {aws-region: '${{ matrix.aws-region }}'}\n    secrets:\n      publisher-role: ${{ secrets['FORK_ROLE'] }}\n",
    "on:\n  workflow_call:\n    secrets:\n      publisher-role: {required: true}\njobs:\n  next:\n    uses: ./.github/workflows/b.yml\n    with: {aws-region: '${{ inputs.aws-region }}'}\n    secrets:\n      ROLE: ${{ secrets.publisher-role }}\n",
    "jobs:\n  r:\n    permissions: read-all\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::1:role/x\n          aws-region: ${{ vars['REGION'] }}\n      - run: echo --dynamodb-region\n",
    "on:\n  workflow_dispatch:\n    inputs:\n      x:\n        type: nonsense\n        required: yes\n        description: [1]\n      region: ~\n",
    "# ${{ secrets.COMMENT }}\n",
];

fn workflow() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..5).prop_map(|pieces| pieces.concat())
}

/// A workflow, then cut, with bytes changed or inserted.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (
        workflow(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 0..6),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(text, edits, cut)| {
            let mut bytes = text.into_bytes();
            for (index, byte, op) in edits {
                if bytes.is_empty() {
                    bytes.push(byte);
                    continue;
                }
                let i = index.index(bytes.len());
                match op {
                    0 => bytes[i] = byte,
                    1 => bytes.insert(i, byte),
                    _ => {
                        bytes.remove(i);
                    }
                }
            }
            let keep = cut.index(bytes.len() + 1);
            bytes.truncate(keep.max(bytes.len() * 3 / 4));
            bytes
        })
}

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256);
    Config { cases, failure_persistence: None, ..Config::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_workflows_never_panic_and_follow_keeps_the_input_valid(
        a in workflow(), b in mutated(), c in prop::collection::vec(any::<u8>(), 0..64)
    ) {
        let files = [
            SourceFile::new(".github/workflows/a.yml", a),
            SourceFile::new(".github/workflows/b.yml", b),
            SourceFile::new(".github/workflows/c.yaml", c),
        ];
        let found = inspect(&files);
        prop_assert_eq!(found.workflows.len() + found.notices.len(), 3);
        for credential in &found.credentials {
            prop_assert_eq!(credential.calls.len() + 1, credential.job.split(" -> ").count());
            prop_assert_eq!(credential.called_from.as_ref(), credential.calls.first());
            if credential.role_unnamed.is_some() {
                prop_assert!(found.problems.iter().any(|p| p.at == credential.at), "{:#?}", found);
            }
        }
        for dispatch in &found.dispatches {
            prop_assert!(dispatch.jobs.iter().all(|j| found.credentials.iter().any(|c| &c.job == j)));
        }
        let input = SetupInput::for_fork("octocat/ocelot");
        let followed = follow(&found, &input);
        if let Err(errors) = Setup::from_input(&followed.input) {
            prop_assert!(false, "following made a valid input invalid: {errors}\n{found:#?}\n{followed:#?}");
        }
        for conflict in &followed.conflicts {
            prop_assert!(conflict.chosen < conflict.options.len());
        }
    }
}

#[test]
fn values_the_setup_refuses_are_notes_never_options() {
    let text = GOOD.replace("GOOD_ROLE", "GITHUB_ROLE").replace("on: workflow_dispatch", "on: push")
        + "  call:\n    uses: ./x.yml\n    with: {dynamodb-region: mars-north-1, layer-name: 'two words'}\n";
    let found = inspect(&[SourceFile::new(".github/workflows/bad.yml", text)]);
    let input = SetupInput::for_fork("octocat/ocelot");
    let followed = follow(&found, &input);
    assert_eq!(followed.input.role_secret, input.role_secret);
    assert_eq!((followed.input.region.as_str(), followed.input.layer_prefix.as_str()), ("", ""));
    for field in [Field::RoleSecret, Field::Region, Field::LayerPrefix] {
        assert!(followed.conflicts.iter().all(|c| c.field != field), "{field:?} offered: {:?}", followed.conflicts);
        let note = followed.notes.iter().find(|n| n.starts_with(field.label())).unwrap_or_else(|| panic!("{field:?}"));
        assert!(note.contains("the setup uses"), "{note}");
    }
    Setup::from_input(&followed.input).expect("still valid");
}
