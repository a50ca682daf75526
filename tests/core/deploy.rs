//! The emitted deploy command, run verbatim against moto (a local AWS API), deploys a stack
//! whose role and table read back as the template says.
//!
//! moto's limits, found here and in DOMAIN.md: CloudFormation skips `AWS::IAM::OIDCProvider`
//! (a `Ref` to it leaves the trust principal empty), ignores the table's
//! `PointInTimeRecoverySpecification`, drops stack outputs, resolves `${AWS::Partition}`
//! as `aws` in every region (so aws-cn and aws-us-gov stacks are skipped), returns inline
//! policies as Python reprs, and never evaluates trust policies (the evaluator in
//! `trust.rs` does, on what moto stored).

use ocelot_setup::core::guide::deploy::{DeployCommands, TEMPLATE_FILE};
use ocelot_setup::core::oidc::{GITHUB_OIDC_URL, THUMBPRINTS};
use ocelot_setup::core::setup::aws::Partition;
use ocelot_setup::core::setup::{ProviderChoice, Setup};
use ocelot_setup::core::template::Template;
use serde_json::Value;

use crate::moto::{aws, bash, succeed, Moto};
use crate::support::{matrix, skip_slow};
use crate::trust::{allows, in_scope_suffix, provider_arn, resolve_tailored, Token, ACCOUNT};

/// A policy document as the CLI shows it: an object, or (moto) a JSON or Python-repr string.
fn document(value: &Value) -> Value {
    match value {
        Value::String(text) => serde_json::from_str(text)
            .or_else(|_| serde_json::from_str(&text.replace('\'', "\"")))
            .unwrap_or_else(|e| panic!("policy document does not parse ({e}): {text}")),
        other => other.clone(),
    }
}

fn deploy_case(moto: &Moto, name: &str, setup: &Setup) {
    let region = setup.region.code();
    let dir = tempfile::tempdir().expect("a temp dir");
    let yaml = Template::tailored(setup).to_yaml();
    std::fs::write(dir.path().join(TEMPLATE_FILE), &yaml).expect("the template is written");
    let expected = resolve_tailored(setup, &yaml);
    let provider = provider_arn(setup.region.partition().as_str(), ACCOUNT);

    if setup.provider == ProviderChoice::Reuse {
        let created = aws(
            moto,
            dir.path(),
            region,
            &[
                "iam",
                "create-open-id-connect-provider",
                "--url",
                GITHUB_OIDC_URL,
                "--client-id-list",
                "sts.amazonaws.com",
                "--thumbprint-list",
                THUMBPRINTS[0],
                THUMBPRINTS[1],
            ],
        );
        assert_eq!(created["OpenIDConnectProviderArn"], provider.as_str(), "{name}: the account's provider");
    }

    let commands = DeployCommands::new(setup);
    let deploy = format!("{} --endpoint-url {}", commands.deploy, moto.endpoint);
    succeed(&format!("{name}: {deploy}"), bash(dir.path(), &deploy, region));
    let outputs = format!("{} --endpoint-url {}", commands.outputs, moto.endpoint);
    succeed(&format!("{name}: {outputs}"), bash(dir.path(), &outputs, region));

    let role_name = setup.role_name.as_str();
    let role = &aws(moto, dir.path(), region, &["iam", "get-role", "--role-name", role_name])["Role"];
    let want_role = expected.role();
    assert_eq!(role["MaxSessionDuration"].to_string(), want_role["MaxSessionDuration"].as_str().expect("resolved"));
    let mut trust = document(&role["AssumeRolePolicyDocument"]);
    let mut want_trust = expected.trust_policy().clone();
    assert_eq!(want_trust["Statement"][0]["Principal"]["Federated"], provider.as_str(), "{name}: resolved principal");
    let stored_principal = trust["Statement"][0]["Principal"].clone();
    match setup.provider {
        ProviderChoice::Reuse => {
            assert_eq!(stored_principal["Federated"], provider.as_str(), "{name}: principal as stored")
        }
        // moto skips AWS::IAM::OIDCProvider, so the Ref to it leaves nothing.
        ProviderChoice::Create => {
            assert!(
                stored_principal == want_trust["Statement"][0]["Principal"]
                    || stored_principal == serde_json::json!({})
            )
        }
    }
    trust["Statement"][0]["Principal"] = Value::Null;
    want_trust["Statement"][0]["Principal"] = Value::Null;
    assert_eq!(trust, want_trust, "{name}: the trust policy as stored");

    // The stored policy, principal restored, trusts what the template means.
    trust["Statement"][0]["Principal"] = serde_json::json!({"Federated": provider});
    let p = setup.region.partition().as_str();
    let suffix = in_scope_suffix(&setup.scope);
    assert!(allows(&trust, &Token::new(format!("repo:{}:{suffix}", setup.fork), p)), "{name}: own token");
    let look_alike = format!("repo:{}x:{suffix}", setup.fork);
    assert!(!allows(&trust, &Token::new(look_alike, p)), "{name}: look-alike");
    assert!(!allows(&trust, &Token::new(format!("repo:{}:pull_request", setup.fork), p)), "{name}: pull request");

    let listed = aws(moto, dir.path(), region, &["iam", "list-role-policies", "--role-name", role_name]);
    assert_eq!(listed["PolicyNames"], serde_json::json!(["ocelot-layer-publishing"]), "{name}");
    let policy = aws(
        moto,
        dir.path(),
        region,
        &["iam", "get-role-policy", "--role-name", role_name, "--policy-name", "ocelot-layer-publishing"],
    );
    let want_policy = &want_role["Policies"][0]["PolicyDocument"];
    assert_eq!(document(&policy["PolicyDocument"]), *want_policy, "{name}: the inline policy as stored");

    let table =
        &aws(moto, dir.path(), region, &["dynamodb", "describe-table", "--table-name", setup.table.as_str()])["Table"];
    let want_table = &expected.single("AWS::DynamoDB::Table").expect("a table")["Properties"];
    assert_eq!(table["TableName"], setup.table.as_str(), "{name}");
    assert_eq!(table["KeySchema"], want_table["KeySchema"], "{name}: key schema");
    assert_eq!(table["AttributeDefinitions"], want_table["AttributeDefinitions"], "{name}: attributes");
    assert_eq!(table["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST", "{name}: billing");
    let indexes: Vec<Value> = table["GlobalSecondaryIndexes"]
        .as_array()
        .expect("the table has indexes")
        .iter()
        .map(|i| serde_json::json!({"IndexName": i["IndexName"], "KeySchema": i["KeySchema"], "Projection": i["Projection"]}))
        .collect();
    assert_eq!(Value::Array(indexes), want_table["GlobalSecondaryIndexes"], "{name}: indexes");
    let arn = format!("arn:{p}:dynamodb:{region}:{ACCOUNT}:table/{}", setup.table);
    assert_eq!(table["TableArn"], arn.as_str(), "{name}: table ARN");
}

#[test]
fn the_deploy_command_deploys_on_moto() {
    if skip_slow() {
        eprintln!("note: moto deploy skipped (OCELOT_SKIP_SLOW=1)");
        return;
    }
    let wanted =
        ["default", "environment-colon-ids", "reuse-provider", "cleanup", "private-cleanup-reuse", "custom-names"];
    let moto = Moto::start();
    let mut deployed = 0;
    for case in matrix() {
        let setup = case.setup();
        if setup.region.partition() != Partition::Aws {
            eprintln!("note: {}: skipped, moto resolves ${{AWS::Partition}} as aws in {}", case.name, setup.region);
            continue;
        }
        if !wanted.contains(&case.name) {
            continue;
        }
        moto.reset();
        deploy_case(&moto, case.name, &setup);
        deployed += 1;
    }
    assert_eq!(deployed, wanted.len(), "every wanted case is in the matrix");
}
