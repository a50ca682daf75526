//! Property tests for the diagnosis: any text, and real errors with characters inserted,
//! removed or replaced, are read without panicking into a sound answer.

use ocelot_setup::core::checks::diagnose::{diagnose, Diagnosis, Log, Reader, MAX_FINDINGS, MAX_LINE_CHARS};
use ocelot_setup::core::setup::{LayerSharing, SecretPreset};
use proptest::prelude::*;

use super::setup;

/// Real texts from the tests above, to mutate.
const KNOWN: &[&str] = &[
    "Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity",
    "Error: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers",
    "User: arn:aws:sts::869691786575:assumed-role/profile-dev-us-east-1-lambdaRole/profile-dev-list is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:869691786575:table/blackbook-profiles",
    "AccessDeniedException: User:\narn:aws:sts:::assumed-role/github-actions/s\nis not authorized to perform: dynamodb:PutItem on resource:\narn:aws:dynamodb:eu-west-2::table/t\nbecause",
    "User: REDACTED is not authorized to perform: lambda:ListLayerVersions on resource: arn:aws:lambda:eu-west-1:113088814899:layer:Klayers-python37-requests",
    "EntityAlreadyExists: Provider with url https://token.actions.githubusercontent.com already exists.",
    "Status reason: TemplateURL must be a supported URL.",
    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    "An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id AuditManagerBlogStack does not exist",
    "Requires capabilities : [CAPABILITY_NAMED_IAM]",
    "An error occurred (ResourceNotFoundException) when calling the Scan operation: Requested resource not found: Table: x not found",
];

/// A known text with a few characters inserted, removed or replaced.
fn mutated() -> impl Strategy<Value = String> {
    let edit = (
        any::<prop::sample::Index>(),
        prop_oneof![
            Just(None),
            any::<char>().prop_map(Some),
            prop::sample::select(vec![':', ' ', '\n', '/', '-', '"', 'é']).prop_map(Some)
        ],
        any::<bool>(),
    );
    (prop::sample::select(KNOWN), prop::collection::vec(edit, 0..6)).prop_map(|(text, edits)| {
        let mut chars: Vec<char> = text.chars().collect();
        for (at, c, replace) in edits {
            let i = at.index(chars.len() + 1);
            match c {
                None if i < chars.len() => {
                    chars.remove(i);
                }
                Some(c) if replace && i < chars.len() => chars[i] = c,
                Some(c) => chars.insert(i, c),
                None => chars.truncate(i),
            }
        }
        chars.into_iter().collect()
    })
}

fn config(cases: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    proptest::test_runner::Config { cases, failure_persistence: None, ..Default::default() }
}

/// Whatever the text, the diagnosis is whole: each finding's line is from the text, each has
/// a cause and a fix, and none repeats.
fn sound(text: &str) {
    let setups = [
        setup(|_| {}),
        setup(|i| {
            i.sharing = LayerSharing::Private;
            i.preset = SecretPreset::Upstream;
            i.owner_id = "1".into();
            i.repo_id = "2".into();
        }),
    ];
    for (setup, reader) in setups.iter().flat_map(|s| [(s, Reader::Cli), (s, Reader::Wizard)]) {
        match diagnose(setup, reader, &Log::read(text)) {
            Diagnosis::Recognised { findings } => {
                assert!(!findings.is_empty() && findings.len() <= MAX_FINDINGS);
                for (i, f) in findings.iter().enumerate() {
                    assert!(f.line.chars().count() <= MAX_LINE_CHARS + 1);
                    assert!(f.cause.len() > 20 && !f.fix.is_empty(), "{f:?}");
                    assert!(f.fix.iter().all(|s| !s.text.is_empty()), "{f:?}");
                    assert!(!findings[..i].iter().any(|g| g.id == f.id && g.cause == f.cause), "repeated: {f:?}");
                }
            }
            Diagnosis::NotRecognised { fix, lines, .. } => {
                assert!(lines.len() <= MAX_FINDINGS);
                match reader {
                    Reader::Cli => {
                        assert!(fix[0].command.as_deref().is_some_and(|c| c.starts_with("ocelot-setup doctor")))
                    }
                    Reader::Wizard => assert!(fix[0].command.is_none() && fix[0].control.is_some()),
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_is_read_without_panicking(text in prop_oneof![any::<String>(), "\\PC{0,200}", "[a-z: /\n-]{0,120}"]) {
        sound(&text);
    }

    #[test]
    fn mutated_errors_are_read_without_panicking(texts in prop::collection::vec(mutated(), 1..4)) {
        sound(&texts.join("\n"));
    }
}
