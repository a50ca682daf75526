//! The first-run check workflow: actionlint (and, through it, shellcheck) passes it for every
//! configuration of the matrix, and its scripts, taken from the generated YAML, run here with
//! bash against a stub token endpoint on 127.0.0.1 and a stand-in `aws`. The claims script's
//! verdict is held to the trust-policy evaluator: it passes exactly the subjects the role trusts.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use ocelot_setup::core::checks::check_workflow::{
    check_workflow, ASSUME_STEP, CALLS_STEP, CLAIMS_STEP, CONFIGURE_CREDENTIALS, REFUSED_STEP, SECRETS_STEP,
    WORKFLOW_FILE, WORKFLOW_PATH,
};
use ocelot_setup::core::checks::grants::allowed;
use ocelot_setup::core::setup::ScopeInput;
use ocelot_setup::core::setup::{SecretPreset, Setup, SetupInput};
use ocelot_setup::core::template::subjects::trusted_subjects;
use ocelot_setup::core::template::Template;
use serde_yaml::Value;

use crate::support::{actionlint, matrix, skip_slow, sub_claim_cases};
use crate::trust::{resolve_tailored, Token};

mod annotations;
mod cli;

const REQUEST_TOKEN: &str = "request-secret-5f1e";

pub(crate) fn setup(edit: impl FnOnce(&mut SetupInput)) -> Setup {
    let mut input = SetupInput::for_fork("octo-cat/ocelot");
    edit(&mut input);
    Setup::from_input(&input).expect("a valid setup")
}

fn ids(i: &mut SetupInput) {
    i.owner_id = "583231".into();
    i.repo_id = "1296269".into();
}

fn workflow(setup: &Setup) -> Value {
    let yaml = check_workflow(setup).yaml;
    serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("the workflow does not parse: {e}\n{yaml}"))
}

/// The step with id `id`: its `env` as pairs and its `run` script.
fn step(workflow: &Value, id: &str) -> (Vec<(String, String)>, String) {
    let steps = workflow["jobs"]["check"]["steps"].as_sequence().expect("a list of steps");
    let step = steps.iter().find(|s| s["id"].as_str() == Some(id)).unwrap_or_else(|| panic!("no step {id}"));
    let env = step["env"]
        .as_mapping()
        .expect("the step has env")
        .iter()
        .map(|(k, v)| (k.as_str().unwrap().to_string(), v.as_str().unwrap().to_string()))
        .collect();
    (env, step["run"].as_str().expect("the step runs a script").to_string())
}

/// Runs `script` the way GitHub's `shell: bash` does, with only `env` (and PATH) set.
fn run_script(dir: &Path, script: &str, env: &[(String, String)], path: Option<&Path>) -> (i32, String) {
    let file = dir.join("step.sh");
    std::fs::write(&file, script).expect("the script is written");
    let mut search = std::env::var("PATH").unwrap_or_default();
    if let Some(first) = path {
        search = format!("{}:{search}", first.display());
    }
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&file)
        .env_clear()
        .env("PATH", search)
        .env("HOME", dir)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .expect("bash runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code().expect("the script exits"), text)
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// A GitHub-shaped OIDC token for `sub` and `aud`; `pad` varies the payload's length, so
/// every base64url remainder (and its `-` and `_`) is exercised.
fn token(sub: &str, aud: &str, pad: usize) -> String {
    let payload = serde_json::json!({
        "sub": sub,
        "aud": aud,
        "repository": "octo-cat/ocelot",
        "repository_id": "1296269",
        "repository_owner_id": "583231",
        "ref": "refs/heads/main",
        "pad": "?>~".repeat(pad),
        "iss": "https://token.actions.githubusercontent.com",
    });
    format!(
        "{}.{}.c2lnbmF0dXJl-_x",
        base64url(br#"{"alg":"RS256","typ":"JWT","kid":"x"}"#),
        base64url(payload.to_string().as_bytes())
    )
}

/// Serves one request like GitHub's token endpoint: the token when the request carries the
/// request token and the audience, 401 otherwise. Returns the request it read.
fn serve_token(token: &str) -> (String, JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!("http://127.0.0.1:{}/token?api-version=2.0", listener.local_addr().unwrap().port());
    let body = serde_json::json!({ "count": 1, "value": token }).to_string();
    let handle = thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("the script connects");
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buffer).expect("the request is read");
            if n == 0 {
                break;
            }
            request.extend_from_slice(&buffer[..n]);
        }
        let request = String::from_utf8_lossy(&request).into_owned();
        let authorized =
            request.lines().any(|l| l.eq_ignore_ascii_case(&format!("authorization: bearer {REQUEST_TOKEN}")))
                && request.lines().next().is_some_and(|l| l.contains("&audience=sts.amazonaws.com"));
        let (status, body) = if authorized { ("200 OK", body) } else { ("401 Unauthorized", "{}".to_string()) };
        write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .expect("the answer is written");
        request
    });
    (url, handle)
}

/// Runs the claims step of `setup`'s workflow against a token for `sub` and `aud`.
fn claims(setup: &Setup, sub: &str, aud: &str, pad: usize) -> (i32, String) {
    let (mut env, script) = step(&workflow(setup), CLAIMS_STEP);
    let raw = token(sub, aud, pad);
    let (url, server) = serve_token(&raw);
    env.push(("ACTIONS_ID_TOKEN_REQUEST_URL".into(), url));
    env.push(("ACTIONS_ID_TOKEN_REQUEST_TOKEN".into(), REQUEST_TOKEN.into()));
    env.push(("GITHUB_REPOSITORY".into(), "octo-cat/ocelot".into()));
    let dir = tempfile::tempdir().expect("a temp dir");
    let (status, output) = run_script(dir.path(), &script, &env, None);
    let request = server.join().expect("the stub answered");
    assert!(request.starts_with("GET /token?api-version=2.0&audience=sts.amazonaws.com "), "{request}");
    // The runner consumes `::add-mask::` lines; nothing else may show the token.
    assert!(output.lines().any(|l| l == format!("::add-mask::{raw}")), "the token is not masked:\n{output}");
    for line in output.lines().filter(|l| !l.starts_with("::add-mask::")) {
        assert!(!line.contains(&raw) && !line.contains(raw.split('.').nth(1).unwrap()), "the token leaks: {line}");
    }
    assert!(!output.contains(REQUEST_TOKEN), "the request token leaks:\n{output}");
    (status, output)
}

#[test]
fn claims_script_names_what_differs_and_agrees_with_the_trust_policy() {
    let any = setup(|_| {});
    let with_ids = setup(ids);
    let branch = setup(|i| i.scope = ScopeInput::parse("branch:main").unwrap());
    let environment = setup(|i| i.scope = ScopeInput::parse("environment:production").unwrap());
    let colon = setup(|i| i.scope = ScopeInput::parse("environment:prod:eu").unwrap());
    let custom = setup(|i| {
        i.sub_claim = r#"{"use_default": false, "include_claim_keys": ["repo", "context", "job_workflow_ref"]}"#.into();
        i.scope = ScopeInput::parse("branch:main").unwrap();
    });
    let workflow_ref = "job_workflow_ref:octo-cat/ocelot/.github/workflows/ci.yml@refs/heads";
    let main = "ref:refs/heads/main";
    // (setup, sub, what the output must say; None: the subject matches)
    let cases: Vec<(&Setup, String, Option<&str>)> = vec![
        (&any, format!("repo:octo-cat/ocelot:{main}"), None),
        (&any, "repo:octo-cat/ocelot:ref:refs/tags/v1.2".into(), None),
        (&any, format!("repo:octo-dog/ocelot:{main}"), Some("differs in owner: the token has octo-dog, the role octo-cat")),
        (&any, format!("repo:Octo-Cat/ocelot:{main}"), Some("differs in owner case: the token has Octo-Cat, the role octo-cat")),
        (&any, format!("repo:octo-cat/Ocelot:{main}"), Some("differs in repository case")),
        (&any, format!("repo:octo-cat/other:{main}"), Some("differs in repository: the token has other, the role ocelot")),
        (&any, "repo:octo-cat/ocelot:environment:production".into(), Some("differs in context: the job runs in environment production")),
        (&any, "repo:octo-cat/ocelot:pull_request".into(), Some("differs in context: pull request runs present pull_request")),
        (&any, format!("repo:octo-cat@583231/ocelot@1296269:{main}"), Some("differs in form: the token carries the immutable id form (repo:OWNER@ID/REPO@ID), the role trusts the name form only: regenerate with --owner-id 583231 --repo-id 1296269")),
        (&any, "repository_owner:octo-cat:repository:ocelot:ref:refs/heads/main".into(), Some("customised subject template; restore the default with: gh api --method PUT repos/octo-cat/ocelot/actions/oidc/customization/sub")),
        (&with_ids, format!("repo:octo-cat@583231/ocelot@1296269:{main}"), None),
        (&with_ids, format!("repo:octo-cat/ocelot:{main}"), None),
        (&with_ids, format!("repo:octo-cat@999/ocelot@1296269:{main}"), Some("differs in owner id: the token has octo-cat@999, the role octo-cat@583231")),
        (&with_ids, format!("repo:octo-cat@583231/ocelot@7:{main}"), Some("differs in repository id")),
        (&branch, format!("repo:octo-cat/ocelot:{main}"), None),
        (&branch, "repo:octo-cat/ocelot:ref:refs/heads/dev".into(), Some("differs in branch: the run is on dev, the role trusts main only")),
        (&environment, "repo:octo-cat/ocelot:environment:production".into(), None),
        (&environment, format!("repo:octo-cat/ocelot:{main}"), Some("the job has no environment, so the subject carries ref:refs/heads/main; the role trusts jobs in environment production only")),
        (&environment, "repo:octo-cat/ocelot:environment:staging".into(), Some("differs in context: the token has environment:staging, the role trusts environment:production")),
        (&colon, "repo:octo-cat/ocelot:environment:prod%3Aeu".into(), None),
        (&custom, format!("repo:octo-cat/ocelot:context:{main}:{workflow_ref}/main"), None),
        (&custom, format!("repo:octo-cat/ocelot:context:ref:refs/heads/dev:{workflow_ref}/dev"), Some("differs from the customised subject template the role was built for (repo, context, job_workflow_ref)")),
        (&custom, format!("repo:octo-cat/ocelot:{main}"), Some("generate again with --sub-claim")),
    ];
    for (pad, (setup, sub, expected)) in cases.iter().enumerate() {
        let (status, output) = claims(setup, sub, "sts.amazonaws.com", pad % 3);
        let resolved = resolve_tailored(setup, &Template::tailored(setup).to_yaml());
        let trusted = resolved.allows(&Token::new(sub.clone(), setup.region.partition().as_str()));
        assert_eq!(status == 0, trusted, "{sub}: the script and the trust policy disagree:\n{output}");
        assert!(output.contains(&format!("  sub: {sub}")), "{sub}: the claims are not printed:\n{output}");
        assert!(
            output.contains("  repository_owner_id: 583231") && output.contains("  environment: (none)"),
            "{output}"
        );
        match expected {
            None => assert!(output.contains(&format!("PASS subject: {sub} matches")), "{sub}:\n{output}"),
            Some(phrase) => {
                assert_eq!(status, 1, "{sub}:\n{output}");
                assert!(output.contains("FAIL subject: the role will refuse this token"), "{sub}:\n{output}");
                assert!(output.contains(phrase), "{sub}: expected {phrase:?} in:\n{output}");
            }
        }
    }
}

#[test]
fn claims_script_refuses_another_audience_and_a_job_without_a_token() {
    let any = setup(|_| {});
    let (status, output) = claims(&any, "repo:octo-cat/ocelot:ref:refs/heads/main", "https://github.com/octo-cat", 1);
    assert_eq!(status, 1, "{output}");
    assert!(
        output.contains(
            "FAIL audience: the token is for \"https://github.com/octo-cat\"; the role accepts sts.amazonaws.com only"
        ),
        "{output}"
    );

    let (env, script) = step(&workflow(&any), CLAIMS_STEP);
    let dir = tempfile::tempdir().expect("a temp dir");
    let (status, output) = run_script(dir.path(), &script, &env, None);
    assert_eq!(status, 1, "{output}");
    assert!(
        output.contains(
            "FAIL token: this job may not ask for an OIDC token; the workflow needs 'permissions: id-token: write'"
        ),
        "{output}"
    );
}

/// Runs the secrets step of `setup`'s workflow with `values` for its `${{ ... }}` entries.
fn secrets(setup: &Setup, values: &[(&str, &str)]) -> (i32, String) {
    let (mut env, script) = step(&workflow(setup), SECRETS_STEP);
    for (key, value) in env.iter_mut() {
        if value.starts_with("${{") {
            *value = values.iter().find(|(k, _)| k == key).map(|(_, v)| v.to_string()).unwrap_or_default();
        }
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    run_script(dir.path(), &script, &env, None)
}

#[test]
fn secrets_script_compares_the_values_without_printing_them() {
    let seed = setup(|i| {
        i.preset = SecretPreset::Seed;
        i.account_id = "123456789012".into();
    });
    let arn = "arn:aws:iam::123456789012:role/ocelot-layer-publisher";
    let table = "PublishedCustomCollectorExtensionLayers";
    let (status, output) = secrets(&seed, &[("ROLE_ARN", arn), ("TABLE_SECRET_VALUE", table)]);
    assert_eq!(status, 0, "{output}");
    assert!(
        output.contains("PASS secret AWS_ROLE_TO_ASSUME: holds the ARN of role ocelot-layer-publisher"),
        "{output}"
    );
    assert!(output.contains(&format!("PASS secret DYNAMODB_TABLE_NAME: holds {table}")), "{output}");

    let (status, output) = secrets(&seed, &[("TABLE_SECRET_VALUE", "secret-other-table")]);
    assert_eq!(status, 1, "{output}");
    assert!(output.contains("FAIL secret AWS_ROLE_TO_ASSUME: it is empty or missing in this repository"), "{output}");
    assert!(
        output.contains(&format!("gh secret set AWS_ROLE_TO_ASSUME --repo octo-cat/ocelot --body {arn}")),
        "{output}"
    );
    assert!(output.contains("FAIL secret DYNAMODB_TABLE_NAME: it does not hold"), "{output}");
    assert!(!output.contains("secret-other-table"), "a secret's value is printed:\n{output}");

    let (status, output) =
        secrets(&seed, &[("ROLE_ARN", "arn:aws:iam::123456789012:role/someone-else"), ("TABLE_SECRET_VALUE", table)]);
    assert_eq!(status, 1, "{output}");
    assert!(output.contains(&format!("FAIL secret AWS_ROLE_TO_ASSUME: it does not hold {arn}")), "{output}");
    assert!(!output.contains("someone-else"), "a secret's value is printed:\n{output}");

    let upstream = setup(|i| {
        i.preset = SecretPreset::Upstream;
        i.region = "eu-west-1".into();
    });
    let (status, output) = secrets(
        &upstream,
        &[
            ("ROLE_ARN", "arn:aws:iam::123456789012:role/ocelot-layer-publisher"),
            ("REGION_VARIABLE_VALUE", "us-east-1"),
        ],
    );
    assert_eq!(status, 1, "{output}");
    assert!(output.contains("PASS secret OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN"), "{output}");
    assert!(output.contains("FAIL variable DYNAMODB_REGION: it is \"us-east-1\", the table is in eu-west-1; set it: gh variable set DYNAMODB_REGION --repo octo-cat/ocelot --body eu-west-1"), "{output}");
}

/// A stand-in for the AWS CLI: prints what `FAKE_AWS` says for the service called.
const FAKE_AWS: &str = r#"#!/bin/bash
service=$1
case "${FAKE_AWS}:${service}" in
  ok:lambda) echo 0 ;;
  ok:dynamodb) echo 1 ;;
  denied:lambda) echo "An error occurred (AccessDeniedException) when calling the ListLayerVersions operation: User: arn:aws:sts::123456789012:assumed-role/ocelot-layer-publisher/ocelot-setup-check is not authorized to perform: lambda:ListLayerVersions on resource: arn:aws:lambda:us-east-1:123456789012:layer:ocel-ocelot-setup-check" >&2; exit 254 ;;
  denied:dynamodb) echo 1 ;;
  missing:lambda) echo 0 ;;
  missing:dynamodb) echo "An error occurred (ResourceNotFoundException) when calling the Scan operation: Requested resource not found" >&2; exit 254 ;;
esac
"#;

fn calls(mode: &str) -> (i32, String) {
    let setup = setup(|_| {});
    let (mut env, script) = step(&workflow(&setup), CALLS_STEP);
    env.push(("FAKE_AWS".into(), mode.into()));
    let dir = tempfile::tempdir().expect("a temp dir");
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::fs::write(bin.join("aws"), FAKE_AWS).unwrap();
    Command::new("chmod").arg("+x").arg(bin.join("aws")).status().expect("chmod runs");
    run_script(dir.path(), &script, &env, Some(&bin))
}

#[test]
fn calls_script_reports_each_call_and_fails_on_any() {
    let (status, output) = calls("ok");
    assert_eq!(status, 0, "{output}");
    assert!(
        output.contains(
            "PASS lambda:ListLayerVersions on layer ocel-ocelot-setup-check in us-east-1: allowed (0 versions)"
        ),
        "{output}"
    );
    assert!(
        output.contains("PASS dynamodb:Scan of one item of table ocelot-layers in us-east-1: allowed (1 items read)"),
        "{output}"
    );

    let (status, output) = calls("denied");
    assert_eq!(status, 1, "{output}");
    assert!(
        output.contains(
            "FAIL lambda:ListLayerVersions on layer ocel-ocelot-setup-check in us-east-1: the role may not do this"
        ),
        "{output}"
    );
    assert!(output.contains("  An error occurred (AccessDeniedException)"), "{output}");
    assert!(output.contains("PASS dynamodb:Scan"), "the second call still runs:\n{output}");
    assert!(output.contains("Paste the FAIL lines into: ocelot-setup diagnose --repo octo-cat/ocelot"), "{output}");

    let (status, output) = calls("missing");
    assert_eq!(status, 1, "{output}");
    assert!(
        output.contains("FAIL dynamodb:Scan of one item of table ocelot-layers in us-east-1: not found in us-east-1"),
        "{output}"
    );
}

#[test]
fn workflow_is_a_dispatch_with_the_token_permission_that_assumes_the_setups_role() {
    for case in matrix() {
        let setup = case.setup();
        let check = check_workflow(&setup);
        assert_eq!((check.file_name, check.path), (WORKFLOW_FILE, WORKFLOW_PATH));
        assert!(check.yaml.starts_with("# Generated by ocelot-setup "), "{}: no header", case.name);
        assert!(check.yaml.contains("# Regenerate: ocelot-setup check-workflow --repo "), "{}", case.name);
        let w = workflow(&setup);
        assert!(w["on"]["workflow_dispatch"].is_mapping(), "{}: not workflow_dispatch", case.name);
        assert_eq!(w["permissions"]["id-token"], "write", "{}", case.name);
        assert_eq!(w["permissions"]["contents"], "read", "{}", case.name);
        let job = &w["jobs"]["check"];
        assert_eq!(job["runs-on"], "ubuntu-latest");
        let steps = job["steps"].as_sequence().unwrap();
        let ids: Vec<_> = steps.iter().map(|s| s["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [CLAIMS_STEP, SECRETS_STEP, ASSUME_STEP, REFUSED_STEP, CALLS_STEP], "{}", case.name);
        assert_eq!(steps[2]["uses"], CONFIGURE_CREDENTIALS, "{}", case.name);
        assert_eq!(steps[2]["if"], "${{ !cancelled() && steps.claims.outcome == 'success' }}", "{}", case.name);
        let assume = &steps[2]["with"];
        assert_eq!(
            assume["role-to-assume"],
            format!("${{{{ secrets.{} }}}}", setup.secrets.role_secret),
            "{}",
            case.name
        );
        assert_eq!(assume["aws-region"], setup.region.code(), "{}", case.name);
        let (env, _) = step(&w, CLAIMS_STEP);
        let subjects = env.iter().find(|(k, _)| k == "TRUSTED_SUBJECTS").unwrap().1.clone();
        assert_eq!(subjects.lines().collect::<Vec<_>>(), trusted_subjects(&setup), "{}", case.name);
        let environment = job["environment"].as_str();
        match &setup.scope {
            ocelot_setup::core::setup::TrustScope::Environment(env) => assert_eq!(environment, Some(env.as_str())),
            _ => assert_eq!(environment, None, "{}", case.name),
        }
        let (calls, _) = step(&w, CALLS_STEP);
        let layer = &calls.iter().find(|(k, _)| k == "LAYER_NAME").unwrap().1;
        assert!(layer.starts_with(&format!("{}-", setup.layer_prefix)), "{}: {layer}", case.name);
    }
}

#[test]
fn subjects_and_grants_are_what_the_deployed_template_says() {
    for case in matrix() {
        let setup = case.setup();
        let resolved = resolve_tailored(&setup, &Template::tailored(&setup).to_yaml());
        let condition = &resolved.trust_policy()["Statement"][0]["Condition"];
        let sub = ["StringLike", "StringEquals"]
            .iter()
            .find_map(|op| condition[op].get("token.actions.githubusercontent.com:sub"))
            .unwrap_or_else(|| panic!("{}: no sub condition", case.name));
        let listed: Vec<&str> = sub.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(listed, trusted_subjects(&setup), "{}", case.name);

        let policy = &resolved.role()["Policies"][0]["PolicyDocument"]["Statement"];
        let deployed: Vec<(Vec<&str>, Vec<String>)> = policy
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let actions = s["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
                let resources =
                    s["Resource"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect();
                (actions, resources)
            })
            .collect();
        let ours: Vec<(Vec<&str>, Vec<String>)> =
            allowed(&setup, crate::trust::ACCOUNT).into_iter().map(|a| (a.actions, a.resources)).collect();
        assert_eq!(ours, deployed, "{}", case.name);
    }
}

#[test]
fn workflow_passes_actionlint_and_shellcheck_for_every_case() {
    if skip_slow() {
        eprintln!("note: OCELOT_SKIP_SLOW=1, actionlint skipped");
        return;
    }
    let shellcheck = Command::new("shellcheck").arg("--version").output();
    assert!(
        shellcheck.is_ok_and(|o| o.status.success()),
        "shellcheck is not on PATH, so actionlint would skip the scripts: install Debian's shellcheck (bash scripts/setup.sh)"
    );
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut files = Vec::new();
    for case in matrix().into_iter().chain(sub_claim_cases()) {
        let workflows = dir.path().join(case.name).join(".github/workflows");
        std::fs::create_dir_all(&workflows).unwrap();
        let file = workflows.join(WORKFLOW_FILE);
        std::fs::write(&file, check_workflow(&case.setup()).yaml).unwrap();
        files.push(file);
    }
    actionlint(&files);
}
