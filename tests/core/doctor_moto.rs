//! The doctor, run against a deployment on moto, passes a good one and fails each broken
//! one on the right line and only there; the teardown's commands remove what they say.
//!
//! moto answers `iam simulate-principal-policy` with a 500, so on moto the permission
//! check is a SKIP; a stand-in `aws` that answers that one call (and hands every other to
//! the real CLI) shows the script turning a denial into a FAIL on the right statement. It
//! also plays the stack states moto cannot reach.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use ocelot_setup::core::checks::doctor::doctor_script;
use ocelot_setup::core::checks::doctor::sources::Sources;
use ocelot_setup::core::checks::grants::{grants, ACCOUNT as ACCOUNT_HOLE, REGION as REGION_HOLE};
use ocelot_setup::core::checks::teardown::Teardown;
use ocelot_setup::core::guide::deploy::{DeployCommands, TEMPLATE_FILE};
use ocelot_setup::core::guide::secret_entries;
use ocelot_setup::core::oidc::{AUDIENCE, GITHUB_OIDC_URL, THUMBPRINTS};
use ocelot_setup::core::setup::ScopeInput;
use ocelot_setup::core::setup::{Choice, ProviderChoice, SecretPreset, Setup, SetupInput};
use ocelot_setup::core::template::Template;
use serde_json::{json, Value};

use crate::moto::{aws, bash, bash_command, succeed, Moto};
use crate::support::{skip_slow, venv_tool};
use crate::trust::{provider_arn, ACCOUNT};

/// What one doctor run printed: each check's first words (`trust`, `permission PublishLayers`,
/// `secret NAME`) with its verdict, the whole output and the exit status; and the checks of
/// the fork's side it should have, each a SKIP unless a test says otherwise.
pub(crate) struct Report {
    verdicts: BTreeMap<String, String>,
    pub(crate) text: String,
    status: Option<i32>,
    fork_side: Vec<String>,
}

impl Report {
    fn new(out: Output, setup: &Setup) -> Report {
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        let mut verdicts = BTreeMap::new();
        for line in text.lines() {
            let Some((verdict, rest)) = line.split_once("  ") else { continue };
            if !["PASS", "FAIL", "SKIP"].contains(&verdict) {
                continue;
            }
            let mut words = rest.split([' ', ':']);
            let mut check = words.next().unwrap_or_default().to_string();
            if ["permission", "secret", "variable"].contains(&check.as_str()) {
                check = format!("{check} {}", words.next().unwrap_or_default());
            }
            let earlier = verdicts.insert(check.clone(), verdict.to_string());
            assert!(earlier.is_none(), "{check} reported twice:\n{text}");
        }
        let fork_side = secret_entries(setup).iter().map(|e| format!("{} {}", e.kind.as_str(), e.name)).collect();
        Report { verdicts, text, status: out.status.code(), fork_side }
    }

    /// Every check passed but those in `failed` (and the permissions, which moto cannot
    /// check, unless `permissions` says how they came out); the records and the fork's side
    /// are SKIPs (a new table, no gh).
    fn expect(&self, what: &str, failed: &[&str], permissions: &[(&str, &str)]) {
        let failed: Vec<(&str, &str)> = failed.iter().map(|c| (*c, "FAIL")).collect();
        self.expect_verdicts(what, &failed, permissions);
    }

    /// [`Report::expect`] with the verdicts of `checks` given.
    pub(crate) fn expect_verdicts(&self, what: &str, checks: &[(&str, &str)], permissions: &[(&str, &str)]) {
        let mut want: BTreeMap<String, String> = ["credentials", "stack", "provider", "role", "trust", "table"]
            .iter()
            .map(|c| (c.to_string(), "PASS".into()))
            .collect();
        want.insert("records".into(), "SKIP".into());
        want.extend(self.fork_side.iter().map(|c| (c.clone(), "SKIP".to_string())));
        if permissions.is_empty() {
            want.insert("permissions".into(), "SKIP".into());
        }
        for (sid, verdict) in permissions {
            want.insert(format!("permission {sid}"), verdict.to_string());
        }
        for (check, verdict) in checks {
            want.insert(check.to_string(), verdict.to_string());
        }
        assert_eq!(self.verdicts, want, "{what}:\n{}", self.text);
        let fails = want.values().filter(|v| *v == "FAIL").count();
        let summary = format!(
            "{} passed, {fails} failed, {} skipped (a SKIP is not a PASS)",
            want.values().filter(|v| *v == "PASS").count(),
            want.values().filter(|v| *v == "SKIP").count()
        );
        assert!(self.text.contains(&summary), "{what}: {summary}:\n{}", self.text);
        assert_eq!(self.status, Some(if fails == 0 { 0 } else { 1 }), "{what}: exit status:\n{}", self.text);
        for line in self.text.lines().filter(|l| l.starts_with("FAIL")) {
            let next = self.text.lines().skip_while(|l| *l != line).nth(1).unwrap_or_default();
            assert!(next.starts_with("      fix: "), "{what}: a fix follows {line}");
        }
    }

    /// The line of `check`.
    pub(crate) fn line(&self, check: &str) -> &str {
        self.text
            .lines()
            .find(|l| l.get(6..).is_some_and(|rest| rest.starts_with(check)))
            .unwrap_or_else(|| panic!("no line for {check}:\n{}", self.text))
    }
}

/// A moto account with one setup deployed by its own commands, and where its names came from.
pub(crate) struct Deployment<'a> {
    moto: &'a Moto,
    setup: Setup,
    pub(crate) dir: tempfile::TempDir,
    pub(crate) sources: Sources,
}

impl<'a> Deployment<'a> {
    /// Resets moto, creates the provider (moto's CloudFormation skips it) and deploys.
    pub(crate) fn new(moto: &'a Moto, setup: &Setup) -> Deployment<'a> {
        assert_eq!(setup.provider, ProviderChoice::Reuse, "moto leaves a created provider's Ref empty");
        moto.reset();
        let dir = tempfile::tempdir().expect("a temp dir");
        let d = Deployment { moto, setup: setup.clone(), dir, sources: Sources::assumed(setup) };
        let mut create = vec!["iam", "create-open-id-connect-provider", "--url", GITHUB_OIDC_URL];
        create.extend(["--client-id-list", AUDIENCE, "--thumbprint-list", THUMBPRINTS[0], THUMBPRINTS[1]]);
        d.aws(&create);
        std::fs::write(d.dir.path().join(TEMPLATE_FILE), Template::tailored(setup).to_yaml()).expect("written");
        let deploy = format!("{} --endpoint-url {}", DeployCommands::new(setup).deploy, moto.endpoint);
        succeed(&deploy, bash(d.dir.path(), &deploy, setup.region.code()));
        d
    }

    fn region(&self) -> &'static str {
        self.setup.region.code()
    }

    pub(crate) fn aws(&self, args: &[&str]) -> Value {
        aws(self.moto, self.dir.path(), self.region(), args)
    }

    fn aws_in(&self, region: &str, args: &[&str]) -> Value {
        aws(self.moto, self.dir.path(), region, args)
    }

    /// Runs the doctor with the stand-ins `aws` and `gh` (if any) ahead of the venv on PATH and
    /// `env` for them, AWS_REGION set elsewhere as CloudShell does, the endpoint from the AWS
    /// CLI's own variable, and any real gh logged out.
    pub(crate) fn doctor(&self, path_first: Option<&Path>, env: &[(&str, &str)]) -> Report {
        let script = doctor_script(&self.setup, &self.sources);
        std::fs::write(self.dir.path().join("doctor.sh"), script).expect("written");
        let mut command = bash_command(self.dir.path(), "bash doctor.sh", self.region());
        command.env("AWS_ENDPOINT_URL", &self.moto.endpoint).env("AWS_REGION", "eu-west-3");
        command.env("GH_CONFIG_DIR", self.dir.path()).env_remove("GH_TOKEN").env_remove("GITHUB_TOKEN");
        command.envs(env.iter().copied());
        if let Some(first) = path_first {
            let venv = venv_tool("aws").parent().expect("the venv bin").display().to_string();
            command.env("PATH", format!("{}:{venv}:{}", first.display(), std::env::var("PATH").unwrap_or_default()));
        }
        let started = Instant::now();
        let report = Report::new(command.output().expect("bash runs"), &self.setup);
        eprintln!("note: doctor run in {:.1} s", started.elapsed().as_secs_f64());
        report
    }

    /// Replaces the role's trust policy by one statement trusting `subjects` (StringLike).
    fn trust(&self, subjects: &[&str]) {
        let document = json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Federated": provider_arn("aws", ACCOUNT)},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {
                    "StringEquals": {"token.actions.githubusercontent.com:aud": AUDIENCE},
                    "StringLike": {"token.actions.githubusercontent.com:sub": subjects},
                },
            }],
        });
        let text = document.to_string();
        let role = self.setup.role_name.as_str();
        self.aws(&["iam", "update-assume-role-policy", "--role-name", role, "--policy-document", &text]);
    }

    /// Replaces the table by one made by hand in `region`, with the indexes named in `indexes`.
    fn replace_table(&self, region: &str, indexes: &[&str]) {
        let table = self.setup.table.as_str();
        self.aws(&["dynamodb", "delete-table", "--table-name", table]);
        let all = [
            (
                "distribution-index",
                json!([{"AttributeName": "distribution", "KeyType": "HASH"}, {"AttributeName": "layer_arn", "KeyType": "RANGE"}]),
            ),
            (
                "base-layer-index",
                json!([{"AttributeName": "base_layer_arn", "KeyType": "HASH"}, {"AttributeName": "version", "KeyType": "RANGE"}]),
            ),
        ];
        let gsis: Vec<Value> = all
            .iter()
            .filter(|(name, _)| indexes.contains(name))
            .map(|(name, key)| json!({"IndexName": name, "KeySchema": key, "Projection": {"ProjectionType": "ALL"}}))
            .collect();
        let types = [("layer_arn", "S"), ("distribution", "S"), ("base_layer_arn", "S"), ("version", "N")];
        let used: Vec<Value> = types
            .iter()
            .filter(|(name, _)| {
                *name == "layer_arn" || gsis.iter().any(|g| g.to_string().contains(&format!("\"{name}\"")))
            })
            .map(|(name, kind)| json!({"AttributeName": name, "AttributeType": kind}))
            .collect();
        let attributes = Value::Array(used);
        let mut args = vec!["dynamodb", "create-table", "--table-name", table, "--billing-mode", "PAY_PER_REQUEST"];
        let (attributes, gsis) = (attributes.to_string(), Value::Array(gsis).to_string());
        args.extend(["--attribute-definitions", &attributes, "--key-schema", "AttributeName=layer_arn,KeyType=HASH"]);
        args.extend(["--global-secondary-indexes", &gsis]);
        self.aws_in(region, &args);
    }
}

/// A stand-in `aws` first on PATH. It answers `iam simulate-principal-policy` as the real CLI
/// prints the doctor's query (one `action<TAB>decision` line per action), denying the action
/// in `$DENY` and logging those calls; answers `cloudformation describe-stacks` with
/// `$STACK_STATUS` when that is set; and hands every other call to the venv's CLI.
pub(crate) fn stand_in_aws(dir: &Path) -> (PathBuf, PathBuf) {
    let bin = dir.join("stand-in-bin");
    std::fs::create_dir_all(&bin).expect("a bin dir");
    let log = dir.join("simulate.log");
    let script = format!(
        r#"#!/usr/bin/env bash
if [ "$1 $2" = "iam simulate-principal-policy" ]; then
  printf '%s\n' "$*" >>{log}
  while [ "$#" -gt 0 ] && [ "$1" != --action-names ]; do shift; done
  shift
  while [ "$#" -gt 0 ] && [ "${{1#--}}" = "$1" ]; do
    if [ "$1" = "$DENY" ]; then printf '%s\timplicitDeny\n' "$1"; else printf '%s\tallowed\n' "$1"; fi
    shift
  done
  exit 0
fi
if [ "$1 $2" = "cloudformation describe-stacks" ] && [ -n "$STACK_STATUS" ]; then
  printf '%s\n' "$STACK_STATUS"
  exit 0
fi
exec {real} "$@"
"#,
        log = ocelot_setup::core::shell::quote(&log.display().to_string()),
        real = ocelot_setup::core::shell::quote(&venv_tool("aws").display().to_string()),
    );
    let path = bin.join("aws");
    std::fs::write(&path, script).expect("written");
    let made = Command::new("chmod").arg("+x").arg(&path).status().expect("chmod runs");
    assert!(made.success());
    (bin, log)
}

/// A setup with the setup page's names (seed preset), reusing the provider.
fn reuse(edit: impl FnOnce(&mut SetupInput)) -> Setup {
    let mut input = SetupInput {
        provider: ProviderChoice::Reuse,
        preset: SecretPreset::Seed,
        ..SetupInput::for_fork("octo-cat/ocelot")
    };
    edit(&mut input);
    Setup::from_input(&input).expect("valid")
}

#[test]
fn the_doctor_passes_good_deployments_and_fails_broken_trust_on_its_line() {
    if skip_slow() {
        eprintln!("note: moto doctor skipped (OCELOT_SKIP_SLOW=1)");
        return;
    }
    let started = Instant::now();
    let moto = Moto::start();
    let plain = reuse(|_| {});
    let narrow = reuse(|i| {
        i.scope = ScopeInput::parse("environment:prod:eu").unwrap();
        i.owner_id = "583231".into();
        i.repo_id = "1296269".into();
        i.table = "my.layers".into();
        i.role_name = "gha+ocelot".into();
    });

    // Customised subject claim templates: subjects under StringLike, and all exact.
    let custom = reuse(|i| {
        i.scope = ScopeInput::parse("branch:main").unwrap();
        i.sub_claim = r#"{"use_default": false, "include_claim_keys": ["repo", "context", "job_workflow_ref"]}"#.into();
    });
    let custom_exact = reuse(|i| {
        i.scope = ScopeInput::parse("environment:prod").unwrap();
        i.sub_claim = r#"{"use_default": false, "include_claim_keys": ["repository", "environment"]}"#.into();
    });

    for setup in [&plain, &narrow, &custom, &custom_exact] {
        let good = Deployment::new(&moto, setup).doctor(None, &[]);
        good.expect("a good deployment", &[], &[]);
        let role_arn = format!("arn:aws:iam::{ACCOUNT}:role/{}", setup.role_name);
        assert!(good
            .text
            .contains(&format!("gh secret set AWS_ROLE_TO_ASSUME --repo octo-cat/ocelot --body {role_arn}\n")));
        assert!(good.text.contains(&format!("  DYNAMODB_TABLE_NAME = {}\n", setup.table)));
        assert!(good.line("permissions").contains("simulate-principal-policy failed here"));
        let records = good.line("records");
        let empty = format!("records: table {} in us-east-1: no layer recorded yet: if a publish run was green, its writes were denied or went to another table/region", setup.table);
        assert!(records.ends_with(&empty), "{records}");
    }

    let d = Deployment::new(&moto, &plain);
    d.trust(&["repo:octo-cat/ocelot:ref:*", "repo:someone-else/ocelot:ref:*"]);
    let report = d.doctor(None, &[]);
    report.expect("trust with another owner", &["trust"], &[]);
    assert!(report.line("trust").contains("also admits repo:someone-else/ocelot:ref:* (another owner)"));

    d.trust(&["repo:*"]);
    let report = d.doctor(None, &[]);
    report.expect("trust with a wildcard sub", &["trust"], &[]);
    let line = report.line("trust");
    assert!(
        line.contains("does not admit repo:octo-cat/ocelot:ref:*") && line.contains("also admits repo:* (a wildcard")
    );

    let d = Deployment::new(&moto, &narrow);
    d.trust(&["repo:octo-cat/ocelot:environment:prod%3Aeu"]);
    let report = d.doctor(None, &[]);
    report.expect("trust without the id form, and StringLike", &["trust"], &[]);
    assert!(report.line("trust").contains("does not admit repo:octo-cat@583231/ocelot@1296269:environment:prod%3Aeu"));
    eprintln!("note: moto doctor test (good, trust) took {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn the_doctor_fails_a_broken_provider_stack_table_or_permission_on_its_line() {
    if skip_slow() {
        eprintln!("note: moto doctor skipped (OCELOT_SKIP_SLOW=1)");
        return;
    }
    let started = Instant::now();
    let moto = Moto::start();
    let plain = reuse(|_| {});

    let d = Deployment::new(&moto, &plain);
    // moto has no remove-client-id: the provider is made again with another client id.
    let provider = provider_arn("aws", ACCOUNT);
    let remake = |client_id: &str| {
        d.aws(&["iam", "delete-open-id-connect-provider", "--open-id-connect-provider-arn", &provider]);
        let create = ["iam", "create-open-id-connect-provider", "--url", GITHUB_OIDC_URL, "--client-id-list"];
        d.aws(&[&create[..], &[client_id, "--thumbprint-list", THUMBPRINTS[0]]].concat());
    };
    remake("some-other-audience");
    let report = d.doctor(None, &[]);
    report.expect("a provider without the audience", &["provider"], &[]);
    assert!(report.line("provider").contains("lacks the client id sts.amazonaws.com"));
    remake(AUDIENCE);

    let (bin, _) = stand_in_aws(d.dir.path());
    let all_allowed: Vec<(&str, &str)> = grants(&plain).iter().map(|g| (g.sid, "PASS")).collect();
    for (status, failed) in
        [("ROLLBACK_COMPLETE", &["stack"][..]), ("UPDATE_ROLLBACK_COMPLETE", &[]), ("UPDATE_IN_PROGRESS", &["stack"])]
    {
        let report = d.doctor(Some(&bin), &[("STACK_STATUS", status)]);
        report.expect(status, failed, &all_allowed);
        assert!(report.line("stack").contains(status));
    }

    let d = Deployment::new(&moto, &plain);
    d.replace_table(d.region(), &["distribution-index"]);
    let report = d.doctor(None, &[]);
    report.expect("a missing index", &["table"], &[]);
    assert!(report.line("table").contains("no index base-layer-index"));

    let d = Deployment::new(&moto, &plain);
    d.replace_table("us-west-2", &["distribution-index", "base-layer-index"]);
    let report = d.doctor(None, &[]);
    report.expect("the table in another region", &["table"], &[]);
    assert!(report.line("table").contains("not found in us-east-1"));

    let d = Deployment::new(&moto, &plain);
    let (bin, log) = stand_in_aws(d.dir.path());
    let report = d.doctor(Some(&bin), &[("DENY", "lambda:PublishLayerVersion")]);
    let verdicts: Vec<(&str, &str)> =
        grants(&plain).iter().map(|g| (g.sid, if g.sid == "PublishLayers" { "FAIL" } else { "PASS" })).collect();
    report.expect("a denied permission", &[], &verdicts);
    assert!(report
        .line("permission PublishLayers")
        .contains("denied lambda:PublishLayerVersion on arn:aws:lambda:*:123456789012:layer:ocel-*"));
    let calls = std::fs::read_to_string(log).expect("simulate was called");
    for grant in grants(&plain) {
        let resource = grant.resource.replace(ACCOUNT_HOLE, ACCOUNT).replace(REGION_HOLE, plain.region.code());
        let call = format!("--resource-arns {resource} --action-names {}", grant.actions.join(" "));
        assert!(calls.contains(&call), "{call} in\n{calls}");
    }

    // The teardown's AWS commands, run verbatim, remove the stack, the table and the provider.
    let teardown = Teardown::new(&plain);
    let commands: Vec<&String> = teardown
        .delete
        .iter()
        .chain(&teardown.leftovers)
        .flat_map(|i| &i.commands)
        .filter(|c| c.starts_with("aws "))
        .collect();
    assert_eq!(commands.len(), 6, "{commands:?}");
    let script: String = commands.iter().map(|c| format!("{c} &&\n")).collect::<String>() + "true";
    let mut run = bash_command(d.dir.path(), &script, d.region());
    run.env("AWS_ENDPOINT_URL", &moto.endpoint);
    succeed("the teardown commands", run.output().expect("bash runs"));
    let stack = ["cloudformation", "describe-stacks", "--stack-name", plain.stack_name.as_str()];
    let gone = bash(d.dir.path(), &format!("aws {} --endpoint-url {}", stack.join(" "), moto.endpoint), d.region());
    assert!(!gone.status.success(), "the stack is gone");
    assert_eq!(d.aws(&["dynamodb", "list-tables"])["TableNames"], json!([]));
    assert_eq!(d.aws(&["iam", "list-open-id-connect-providers"])["OpenIDConnectProviderList"], json!([]));

    // Without a reachable AWS: the credentials line fails, every other check is skipped.
    let mut offline = bash_command(d.dir.path(), "bash doctor.sh", d.region());
    offline.env("AWS_ENDPOINT_URL", "http://127.0.0.1:9").env("AWS_MAX_ATTEMPTS", "1");
    offline.env("GH_CONFIG_DIR", d.dir.path()).env_remove("GH_TOKEN").env_remove("GITHUB_TOKEN");
    let report = Report::new(offline.output().expect("bash runs"), &plain);
    let skipped = ["stack", "provider", "role", "trust", "permissions", "table", "records"];
    let mut want: BTreeMap<String, String> = skipped.iter().map(|c| (c.to_string(), "SKIP".to_string())).collect();
    want.extend(report.fork_side.iter().map(|c| (c.clone(), "SKIP".to_string())));
    want.insert("credentials".into(), "FAIL".into());
    assert_eq!(report.verdicts, want, "{}", report.text);
    assert!(report.text.contains("0 passed, 1 failed, 9 skipped") && report.status == Some(1), "{}", report.text);
    assert!(report.line("secret AWS_ROLE_TO_ASSUME").contains(": not checked: gh"), "{}", report.text);
    assert!(report.text.contains("No role found: deploy the stack"), "{}", report.text);
    eprintln!(
        "note: moto doctor test (provider, stack, table, permissions, teardown) took {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
