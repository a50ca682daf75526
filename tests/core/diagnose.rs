//! Pasted errors, explained: real error texts from public issue threads (each with its
//! source), read for setups chosen so that each cause is reached, plus the CLI reading them
//! on standard input. Texts built in AWS's format are marked as such.

use ocelot_setup::core::checks::diagnose::{diagnose, Diagnosis, FailureId, Log, Reader, MAX_LINE_CHARS};
use ocelot_setup::core::setup::{LayerSharing, SecretPreset, Setup, SetupInput};

mod cli;
mod properties;

pub(crate) fn setup(edit: impl FnOnce(&mut SetupInput)) -> Setup {
    let mut input = SetupInput::for_fork("octo-cat/ocelot");
    edit(&mut input);
    Setup::from_input(&input).expect("a valid setup")
}

/// `text` read for `setup` gives these failures, in order, each cause and fix (with its
/// commands) holding the phrases given.
fn check(setup: &Setup, text: &str, expected: &[(FailureId, &[&str])]) {
    let findings = match diagnose(setup, Reader::Cli, &Log::read(text)) {
        Diagnosis::Recognised { findings } => findings,
        Diagnosis::NotRecognised { .. } => panic!("not recognised:\n{text}"),
    };
    let ids: Vec<FailureId> = findings.iter().map(|f| f.id).collect();
    let wanted: Vec<FailureId> = expected.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, wanted, "for:\n{text}\n{findings:#?}");
    for (finding, (_, phrases)) in findings.iter().zip(expected) {
        let steps: Vec<String> =
            finding.fix.iter().map(|s| format!("{}\n{}", s.text, s.command.clone().unwrap_or_default())).collect();
        let all = format!("{}\n{}", finding.cause, steps.join("\n"));
        for phrase in *phrases {
            assert!(all.contains(phrase), "{:?}: expected {phrase:?} in:\n{all}", finding.id);
        }
        assert!(!finding.line.is_empty() && text.contains(finding.line.trim_end_matches('…')), "{finding:?}");
    }
}

#[test]
fn assume_role_and_credentials() {
    let any = setup(|_| {});
    // aws-actions/configure-aws-credentials#1293 (https://github.com/aws-actions/configure-aws-credentials/issues/1293)
    let text = "Assuming role with OIDC\nAssuming role with OIDC\nError: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity";
    check(
        &any,
        text,
        &[(
            FailureId::AssumeRoleDenied,
            &[
                "repo:octo-cat/ocelot:ref:*",
                "audience sts.amazonaws.com",
                "ocelot-setup check-workflow --repo octo-cat/ocelot --format text",
                "gh api repos/octo-cat/ocelot/actions/oidc/customization/sub\n",
                "give it to --sub-claim",
                "--owner-id \\(.owner.id) --repo-id",
            ],
        )],
    );
    let ids = setup(|i| {
        i.owner_id = "583231".into();
        i.repo_id = "1296269".into();
    });
    check(&ids, text, &[(FailureId::AssumeRoleDenied, &["repo:octo-cat@583231/ocelot@1296269:ref:*"])]);
    // aws-actions/configure-aws-credentials#770 (https://github.com/aws-actions/configure-aws-credentials/issues/770)
    check(
        &any,
        "Error: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers",
        &[(
            FailureId::NoCredentials,
            &["permissions: id-token: write", "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN"],
        )],
    );
    // GuildEducationInc/aws-jumpcloud#49 (https://github.com/GuildEducationInc/aws-jumpcloud/issues/49)
    check(
        &setup(|i| i.max_session = "7200".into()),
        "An error occurred (ValidationError) when calling the AssumeRoleWithSAML operation: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
        &[(FailureId::SessionTooLong, &["at most 7200", "--max-session", "grep -rn role-duration-seconds .github/workflows"])],
    );
}

#[test]
fn access_denied_says_whose_which_and_where() {
    // serverless/serverless#4613 (https://github.com/serverless/serverless/issues/4613)
    let text = r#"        "message": "User: arn:aws:sts::869691786575:assumed-role/profile-dev-us-east-1-lambdaRole/profile-dev-list is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:869691786575:table/blackbook-profiles","#;
    let role = |i: &mut SetupInput| i.role_name = "profile-dev-us-east-1-lambdaRole".into();
    check(
        &setup(|i| {
            role(i);
            i.preset = SecretPreset::Seed;
        }),
        text,
        &[(
            FailureId::AccessDenied,
            &[
                "The workflow used the table blackbook-profiles; this setup's role may only use PublishedCustomCollectorExtensionLayers",
                "gh secret set DYNAMODB_TABLE_NAME --repo octo-cat/ocelot --body PublishedCustomCollectorExtensionLayers",
            ],
        )],
    );
    check(
        &setup(|i| {
            role(i);
            i.table = "blackbook-profiles".into();
            i.region = "eu-west-1".into();
        }),
        text,
        &[(FailureId::AccessDenied, &["called DynamoDB in us-east-1; the table blackbook-profiles and the role's permission on it are in eu-west-1"])],
    );
    check(
        &setup(|i| {
            role(i);
            i.table = "blackbook-profiles".into();
        }),
        text,
        &[(
            FailureId::AccessDenied,
            &[
                "grants dynamodb:PutItem on arn:aws:dynamodb:us-east-1:869691786575:table/blackbook-profiles",
                "aws cloudformation deploy",
                "ocelot-setup doctor --repo octo-cat/ocelot --role-name profile-dev-us-east-1-lambdaRole --table blackbook-profiles | bash",
            ],
        )],
    );
    // The default role name: another role made the call.
    check(
        &setup(|_| {}),
        text,
        &[(
            FailureId::AccessDenied,
            &[
                "ran as the role profile-dev-us-east-1-lambdaRole, not as this setup's role ocelot-layer-publisher",
                "gh secret set OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN",
            ],
        )],
    );

    // ministryofjustice/modernisation-platform#6789 (https://github.com/ministryofjustice/modernisation-platform/pull/6789): wrapped over lines
    check(
        &setup(|_| {}),
        "AccessDeniedException: User:\narn:aws:sts:::assumed-role/github-actions/githubactionsrolesession\nis not authorized to perform: dynamodb:PutItem on resource:\narn:aws:dynamodb:eu-west-2::table/modernisation-platform-terraform-state-lock\nbecause no identity-based policy allows the dynamodb:PutItem action",
        &[(FailureId::AccessDenied, &["ran as the role github-actions"])],
    );
    check(
        &setup(|i| i.role_name = "github-actions".into()),
        "AccessDeniedException: User:\narn:aws:sts:::assumed-role/github-actions/githubactionsrolesession\nis not authorized to perform: dynamodb:PutItem on resource:\narn:aws:dynamodb:eu-west-2::table/modernisation-platform-terraform-state-lock\nbecause no identity-based policy allows the dynamodb:PutItem action",
        &[(FailureId::AccessDenied, &["The workflow used the table modernisation-platform-terraform-state-lock"])],
    );

    // keithrozario/Klayers#81 (https://github.com/keithrozario/Klayers/issues/81)
    check(
        &setup(|_| {}),
        "An error occurred (AccessDeniedException) when calling the ListLayerVersions operation: User: REDACTED is not authorized to perform: lambda:ListLayerVersions on resource: arn:aws:lambda:eu-west-1:113088814899:layer:Klayers-python37-requests",
        &[(
            FailureId::AccessDenied,
            &["The layer Klayers-python37-requests does not start with ocel-", "--layer-prefix Klayers", "ocelot-setup template --repo octo-cat/ocelot --layer-prefix Klayers -o ocelot-setup.yaml"],
        )],
    );
    // bakdata/aws-lambda-r-runtime#49 (https://github.com/bakdata/aws-lambda-r-runtime/issues/49): a user, the action on the next line
    check(
        &setup(|_| {}),
        "An error occurred (AccessDeniedException) when calling the ListLayerVersions operation: \nUser: arn:aws:iam::273907563187:user/tyler is not authorized to perform: \nlambda:ListLayerVersions on resource: arn:aws:lambda:us-east-1:131329294410:layer:r-runtime-3_6_0",
        &[(FailureId::AccessDenied, &["ran as arn:aws:iam::273907563187:user/tyler, not as the role ocelot-layer-publisher", "aws sts get-caller-identity"])],
    );
    // open-telemetry/opentelemetry-lambda#852 (https://github.com/open-telemetry/opentelemetry-lambda/issues/852)
    check(
        &setup(|i| i.role_name = "developer".into()),
        "Failed to load layer version details: User: arn:aws:sts::486979256902:assumed-role/developer/<USER> is not authorized to perform: lambda:GetLayerVersion on resource: arn:aws:lambda:eu-west-1:901920570463:layer:aws-otel-java-agent-x86_64-ver-1-28-0:1 because no resource-based policy allows the lambda:GetLayerVersion action",
        &[(FailureId::AccessDenied, &["belongs to the account 901920570463, and the role is in 486979256902"])],
    );
    // samvera/serverless-iiif#115 (https://github.com/samvera/serverless-iiif/issues/115): deploying as a user
    check(
        &setup(|_| {}),
        r#"> Resource handler returned message: "User: arn:aws:iam::000000000000:user/xxx is not authorized to perform: lambda:GetLayerVersion on resource: arn:aws:lambda:us-west-2:000000000000:layer:libvips-sharp-jp2:3 because no resource-based policy allows the lambda:GetLayerVersion action (Service: Lambda, Status Code: 403, Request ID: -uuid-)" (RequestToken: -uuid-, HandlerErrorCode: AccessDenied)"#,
        &[(FailureId::AccessDenied, &["ran as arn:aws:iam::000000000000:user/xxx"])],
    );
}

#[test]
fn access_denied_for_permissions_this_setup_leaves_out() {
    // Built in the format of the texts above (no public thread names these actions).
    let denied = |action: &str, resource: &str| {
        format!("An error occurred (AccessDeniedException) when calling the operation: User: arn:aws:sts::123456789012:assumed-role/ocelot-layer-publisher/GitHubActions is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action")
    };
    let version = "arn:aws:lambda:us-east-1:123456789012:layer:ocel-amd64-minimal-0_1_0:3";
    check(
        &setup(|i| i.sharing = LayerSharing::Private),
        &denied("lambda:GetLayerVersionPolicy", version),
        &[(
            FailureId::AccessDenied,
            &[
                "lambda:GetLayerVersionPolicy makes layers public, and this setup keeps them private",
                "ocelot-setup template --repo octo-cat/ocelot -o ocelot-setup.yaml",
            ],
        )],
    );
    check(
        &setup(|_| {}),
        &denied("lambda:DeleteLayerVersion", version),
        &[(FailureId::AccessDenied, &["a cleanup permission", "--allow-cleanup"])],
    );
    check(
        &setup(|_| {}),
        &denied("s3:PutObject", "arn:aws:s3:::bucket/key"),
        &[(FailureId::AccessDenied, &["No setup grants s3:PutObject"])],
    );
}

#[test]
fn deploy_failures() {
    let any = setup(|_| {});
    // getscaf/sfu-fullstack-template#75 (https://github.com/getscaf/sfu-fullstack-template/issues/75)
    let exists = "│ Error: creating IAM OIDC Provider: operation error IAM: CreateOpenIDConnectProvider, https response error StatusCode: 409, RequestID: 6d2849fc-894a-4664-8a11-90403a993d76, EntityAlreadyExists: Provider with url https://token.actions.githubusercontent.com already exists.";
    check(
        &any,
        exists,
        &[(
            FailureId::ProviderExists,
            &[
                "this template creates another",
                "--existing-provider",
                "ocelot-setup template --repo octo-cat/ocelot --existing-provider -o ocelot-setup.yaml",
                "aws cloudformation describe-stacks --query 'Stacks[0].StackStatus' --output text --stack-name ocelot-fork-setup --region us-east-1",
            ],
        )],
    );
    // daohoangson/bubby#9 (https://github.com/daohoangson/bubby/issues/9)
    check(
        &setup(|i| i.provider = ocelot_setup::core::setup::ProviderChoice::Reuse),
        "GitHub/Resource: Received response status [FAILED] from custom resource. Message returned: EntityAlreadyExistsException: Provider with url https://token.actions.githubusercontent.com/ already exists.",
        &[(FailureId::ProviderExists, &["it was made before choosing to reuse it"])],
    );
    // amazon-connect/voicemail-for-amazon-connect#92 (https://github.com/amazon-connect/voicemail-for-amazon-connect/issues/92)
    check(
        &any,
        "Status reason: TemplateURL must be a supported URL.",
        &[(
            FailureId::TemplateUrl,
            &[
                "only from Amazon S3",
                "ocelot-setup template --generic -o ocelot-setup-generic.yaml",
                "ocelot-setup cloudshell --repo octo-cat/ocelot",
            ],
        )],
    );
    // aws-samples/enterprise-controls-catalog-via-aws-audit-manager#1 (https://github.com/aws-samples/enterprise-controls-catalog-via-aws-audit-manager/issues/1)
    let missing = "Error 'An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id AuditManagerBlogStack does not exist'";
    check(
        &any,
        missing,
        &[(
            FailureId::StackMissing,
            &[
                "asked for the stack AuditManagerBlogStack; this setup's stack is ocelot-fork-setup",
                "Give --stack-name AuditManagerBlogStack to the ocelot-setup commands",
            ],
        )],
    );
    check(
        &setup(|i| i.stack_name = "AuditManagerBlogStack".into()),
        missing,
        &[(
            FailureId::StackMissing,
            &[
                "no stack AuditManagerBlogStack in us-east-1",
                "aws sts get-caller-identity",
                "--stack-name AuditManagerBlogStack",
            ],
        )],
    );
    // cfn-sphere/cfn-sphere#109 (https://github.com/cfn-sphere/cfn-sphere/issues/109)
    check(
        &any,
        "ERROR: Could not create stRarsDevSup01-IamInstancePolicyAndRoles: An error occurred (InsufficientCapabilitiesException) when calling the CreateStack operation: Requires capabilities : [CAPABILITY_NAMED_IAM]",
        &[(FailureId::NamedIamCapability, &["--capabilities CAPABILITY_NAMED_IAM", "ocelot-layer-publisher"])],
    );
}

#[test]
fn table_not_found_points_at_the_name_and_region() {
    // aws-samples/bedrock-chat#304 (https://github.com/aws-samples/bedrock-chat/pull/304)
    let text = "botocore.errorfactory.ResourceNotFoundException: An error occurred (ResourceNotFoundException) when calling the PutItem operation: Requested resource not found";
    check(
        &setup(|i| {
            i.region = "eu-west-1".into();
            i.preset = SecretPreset::Seed;
        }),
        text,
        &[(
            FailureId::TableNotFound,
            &[
                "this setup's table is PublishedCustomCollectorExtensionLayers in eu-west-1",
                "aws dynamodb describe-table --table-name PublishedCustomCollectorExtensionLayers --region eu-west-1",
                "gh secret set DYNAMODB_TABLE_NAME",
            ],
        )],
    );
    check(
        &setup(|i| i.preset = SecretPreset::Upstream),
        text,
        &[(
            FailureId::TableNotFound,
            &["ocelot-layers in us-east-1", "gh variable set DYNAMODB_REGION --repo octo-cat/ocelot --body us-east-1"],
        )],
    );
    // PynamoDB/PynamoDB#775 (https://github.com/pynamodb/PynamoDB/pull/775), with its placeholder filled in
    check(
        &setup(|i| i.preset = SecretPreset::Seed),
        "An error occurred (ResourceNotFoundException) when calling the Scan operation: Requested resource not found: Table: ocelot-layers not found",
        &[(FailureId::TableNotFound, &["(it asked for ocelot-layers); this setup's table is PublishedCustomCollectorExtensionLayers"])],
    );
}

#[test]
fn several_failures_each_once_in_order() {
    // Lines of configure-aws-credentials#1293, cfn-sphere#109 and getscaf#75 (sources above), repeated.
    let text = "Requires capabilities : [CAPABILITY_NAMED_IAM]\nError: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity\nRequires capabilities : [CAPABILITY_NAMED_IAM]\nEntityAlreadyExists: Provider with url https://token.actions.githubusercontent.com already exists.\nError: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity\r\n";
    check(
        &setup(|_| {}),
        text,
        &[(FailureId::NamedIamCapability, &[]), (FailureId::AssumeRoleDenied, &[]), (FailureId::ProviderExists, &[])],
    );
}

#[test]
fn unknown_text_is_not_recognised_and_points_to_the_doctor() {
    // shelfio/libreoffice-lambda-layer#15 (https://github.com/shelfio/libreoffice-lambda-layer/issues/15)
    let text = "An error occurred (InvalidParameterValueException) when calling the PublishLayerVersion operation: Could not unzip uploaded file. Please check your file, then try to upload again.";
    for text in [text, "", "\n\n", "not authorized to perform: nothing-here"] {
        match diagnose(&setup(|_| {}), Reader::Cli, &Log::read(text)) {
            Diagnosis::NotRecognised { fix, .. } => {
                assert_eq!(
                    fix[0].command.as_deref(),
                    Some("ocelot-setup doctor --repo octo-cat/ocelot | bash"),
                    "{text:?}"
                );
            }
            other => panic!("{text:?} was recognised: {other:?}"),
        }
    }
}

#[test]
fn the_line_shown_is_trimmed_and_capped() {
    let long = format!(
        "   Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity {}   ",
        "é".repeat(400)
    );
    let Diagnosis::Recognised { findings } = diagnose(&setup(|_| {}), Reader::Cli, &Log::read(&long)) else {
        panic!("not recognised")
    };
    let line = &findings[0].line;
    assert!(line.starts_with("Error: Could not assume role"), "{line}");
    assert_eq!(line.chars().count(), MAX_LINE_CHARS + 1, "{line}");
    assert!(line.ends_with('…'));
}

#[test]
fn the_wizard_reader_gets_its_controls_not_cli_commands() {
    use ocelot_setup::core::checks::diagnose::Control;
    use ocelot_setup::core::setup::Field;
    let setup = setup(|i| i.preset = SecretPreset::Seed);
    // configure-aws-credentials#1293 (above), in a raw log with a time and a marker.
    let text = "2026-11-30T09:12:45.9012233Z ##[error]Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity";
    let Diagnosis::Recognised { findings } = diagnose(&setup, Reader::Wizard, &Log::read(text)) else {
        panic!("not recognised")
    };
    let f = &findings[0];
    assert_eq!(f.line, "Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity");
    assert_eq!(f.cause, "AWS refused this run's token: the role ocelot-layer-publisher trusts only the subject repo:octo-cat/ocelot:ref:* (audience sts.amazonaws.com).");
    assert!(f.cause.split_whitespace().count() < 30, "short: {}", f.cause);
    let controls: Vec<_> = f.fix.iter().filter_map(|s| s.control).collect();
    assert_eq!(
        controls,
        [
            Control::CheckWorkflow,
            Control::Field(Field::OwnerId),
            Control::Field(Field::Scope),
            Control::Deploy,
            Control::Secrets
        ]
    );
    assert!(f.fix.iter().all(|s| s.command.is_none() && !s.text.contains("ocelot-setup ")), "{f:#?}");
    assert!(f.fix[1].text.contains("“Owner id” and “Repository id”"), "{:?}", f.fix[1]);

    // Not recognised: the lines are shown back, and the doctor comes first.
    match diagnose(&setup, Reader::Wizard, &Log::read("<b>odd</b>\n\nsomething else")) {
        Diagnosis::NotRecognised { lines, fix, .. } => {
            assert_eq!(lines, ["<b>odd</b>", "something else"]);
            assert_eq!(fix[0].control, Some(Control::Doctor));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn texts_never_seen_are_recognised() {
    // Written by hand from the sources' wording (see tests/core/diagnose/samples.txt), with
    // other accounts, regions, names and line wraps.
    let any = setup(|_| {});
    for (text, id) in [
        ("Error: Could not assume role with OIDC: Incorrect token audience\n", FailureId::WrongAudience),
        ("Stack:arn:aws:cloudformation:ap-southeast-2:210987654321:stack/my-stack/0f0f is in\nROLLBACK_COMPLETE state and can not be updated.", FailureId::StackRollbackComplete),
        ("An error occurred (ValidationError) when calling the UpdateStack operation: Stack:arn:aws:cloudformation:eu-west-1:1:stack/s/x is in UPDATE_IN_PROGRESS state and can not be updated.", FailureId::StackBusy),
        ("could not create workflow dispatch event: HTTP 422: Provided value 'all-regions' for input 'aws-region' not in the list of allowed values", FailureId::InputNotAllowed),
        ("HTTP 422: No ref found for: refs/heads/does-not-exist", FailureId::RefNotFound),
        ("Resource handler returned message: \"Role with name ocelot-layer-publisher already exists. (Service: Iam, Status Code: 409, Request ID: 1)\"", FailureId::RoleExists),
        ("Error: getIDToken call failed: Error: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable", FailureId::NoIdToken),
        ("Error: Region is not valid: ", FailureId::RegionInvalid),
        ("An error occurred (ExpiredToken) when calling the PublishLayerVersion operation: The security token included in the request is expired", FailureId::SessionExpired),
        ("An error occurred (ValidationError) when calling the CreateChangeSet operation: Template format error: Unresolved resource dependencies [Table] in the Resources block of the template", FailureId::TemplateFormat),
    ] {
        let Diagnosis::Recognised { findings } = diagnose(&any, Reader::Cli, &Log::read(text)) else { panic!("not recognised: {text}") };
        assert_eq!(findings[0].id, id, "{text}: {findings:#?}");
    }
}
