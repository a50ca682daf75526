//! `ocelot-setup diagnose` as a process: plain text, `gh run view --log-failed` output and
//! annotations JSON on standard input, as text or JSON, and its refusals.

use std::io::Write;
use std::process::{Command, Stdio};

use ocelot_setup::core::checks::diagnose::MAX_PASTE_BYTES;

/// Runs `ocelot-setup diagnose ARGS` with `input` on standard input.
fn run_diagnose(args: &[&str], input: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocelot-setup"))
        .arg("diagnose")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ocelot-setup runs");
    let mut stdin = child.stdin.take().expect("a stdin");
    let input = input.to_vec();
    // Written from a thread: the program may stop reading (past the cap) before the end.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("ocelot-setup ends");
    writer.join().expect("the writer ends");
    (
        output.status.code().expect("an exit status"),
        String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    )
}

#[test]
fn cli_reads_standard_input_as_text_or_json() {
    let text =
        b"Status reason: TemplateURL must be a supported URL.\n\xff\xfe Error: Credentials could not be loaded\n";
    let (status, stdout, stderr) = run_diagnose(&["--repo", "octo-cat/ocelot"], text);
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stdout.starts_with("1. template-url\n   line:  Status reason: TemplateURL must be a supported URL.\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2. no-credentials\n   line:  \u{fffd}\u{fffd} Error: Credentials could not be loaded\n"),
        "{stdout}"
    );
    assert!(stdout.contains("   fix:\n   1. Set the secret OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN to the role ARN (the stack's PublisherRoleArn output).\n      $ gh secret set OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN --repo octo-cat/ocelot --body"), "{stdout}");

    let (status, stdout, _) = run_diagnose(&["--repo", "octo-cat/ocelot", "--format", "json"], text);
    assert_eq!(status, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["result"], "recognised");
    assert_eq!(json["findings"][0]["id"], "template-url");
    assert_eq!(json["findings"][1]["id"], "no-credentials");

    let (status, stdout, _) = run_diagnose(&["--repo", "octo-cat/ocelot", "--format", "json"], b"all good");
    assert_eq!(status, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["result"], "not-recognised");
}

#[test]
fn cli_refuses_more_than_a_megabyte_and_bad_flags() {
    let big = vec![b'a'; MAX_PASTE_BYTES + 1];
    let (status, stdout, stderr) = run_diagnose(&["--repo", "octo-cat/ocelot"], &big);
    assert_eq!(status, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("error: standard input: more than 1048576 bytes (1 MB); paste only the failing step's log"),
        "{stderr}"
    );

    let exactly = vec![b'a'; MAX_PASTE_BYTES];
    let (status, _, stderr) = run_diagnose(&["--repo", "octo-cat/ocelot"], &exactly);
    assert_eq!(status, 0, "{stderr}");

    let (status, stdout, stderr) = run_diagnose(&["--repo", "octo-cat/*"], b"x");
    assert_eq!(status, 2);
    assert!(stdout.is_empty() && stderr.contains("--repo:"), "{stderr}");
    let (status, _, stderr) = run_diagnose(&["--repo", "octo-cat/ocelot", "--format", "yaml"], b"x");
    assert_eq!(status, 2);
    assert!(stderr.contains("--format: this command does not print yaml; use text or json"), "{stderr}");
}

#[test]
fn cli_reads_log_failed_output_and_annotations_json() {
    // The shape of `gh run view RUN --log-failed`: job, step and time before each line; the
    // message is configure-aws-credentials' (src/assumeRole.ts) with STS's answer for a
    // missing provider (STS API Reference, AssumeRoleWithWebIdentity), region and ids made up.
    let log = "publish-layer (arm64, eu-central-1)\tConfigure AWS credentials\t2026-11-30T09:12:44.5112233Z ##[group]Run aws-actions/configure-aws-credentials@v6\n\
        publish-layer (arm64, eu-central-1)\tConfigure AWS credentials\t2026-11-30T09:12:45.0012233Z Assuming role with OIDC\n\
        publish-layer (arm64, eu-central-1)\tConfigure AWS credentials\t2026-11-30T09:12:45.9012233Z ##[error]Could not assume role with OIDC: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com\n";
    let (status, stdout, stderr) = run_diagnose(&["--repo", "octo-cat/ocelot"], log.as_bytes());
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stdout.starts_with("1. no-oidc-provider\n   line:  Could not assume role with OIDC: No OpenIDConnect provider"),
        "{stdout}"
    );
    assert!(stdout.contains("   step:  publish-layer (arm64, eu-central-1) / Configure AWS credentials\n"), "{stdout}");
    assert!(stdout.contains("   1. Set the secret OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN to the role ARN"), "{stdout}");
    assert!(stdout.contains("ocelot-setup doctor --repo octo-cat/ocelot | bash"), "{stdout}");

    // `gh api repos/O/R/check-runs/JOB/annotations`: messages of the check workflow and of the
    // action, with fields the diagnosis does not read, and a wrapped STS message.
    let json = r#"[
      {"path": ".github", "start_line": 1, "end_line": 1, "annotation_level": "notice", "title": "ocelot-setup secrets check", "message": "PASS secret AWS_ROLE_TO_ASSUME: holds the ARN of role ocelot-layer-publisher", "raw_details": null},
      {"path": ".github", "start_line": 12, "annotation_level": "failure", "title": "", "message": "Could not assume role with OIDC: The requested DurationSeconds exceeds the\nMaxSessionDuration set for this role."},
      {"path": ".github", "annotation_level": "failure", "title": "ocelot-setup table check", "message": "FAIL dynamodb:Scan of one item of table ocelot-layers in eu-west-1: not found in eu-west-1; check the name and the region"}
    ]"#;
    let (status, stdout, stderr) =
        run_diagnose(&["--repo", "octo-cat/ocelot", "--preset", "seed", "--format", "json"], json.as_bytes());
    assert_eq!(status, 0, "{stderr}");
    let out: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let ids: Vec<&str> =
        out["findings"].as_array().expect("findings").iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["session-too-long", "check-table"], "{stdout}");
    assert!(out["findings"][0]["fix"][0]["text"].as_str().unwrap().contains("role-duration-seconds"), "{stdout}");
    assert_eq!(out["findings"][1]["fix"][0]["command"], "aws dynamodb describe-table --table-name PublishedCustomCollectorExtensionLayers --region us-east-1 --query Table.TableStatus");
}
