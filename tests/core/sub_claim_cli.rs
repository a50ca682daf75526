//! `--sub-claim`, run as a person runs it: GitHub's answer from a file, from standard input or
//! given inline; each refusal names the flag and says what to give.

use std::io::Write;
use std::process::{Command, Stdio};

use ocelot_setup::core::setup::{Setup, SetupInput};
use ocelot_setup::core::template::Template;

use crate::cli::{check_refused, ok, run, TempDir};

const REPO: &str = "octo-cat/ocelot";
const CUSTOM: &str = r#"{"use_default": false, "include_claim_keys": ["repo", "context", "job_workflow_ref"]}"#;

fn tailored(answer: &str, scope: &str) -> String {
    let mut input = SetupInput::for_fork(REPO);
    input.sub_claim = answer.into();
    input.scope = ocelot_setup::core::setup::ScopeInput::parse(scope).unwrap();
    Template::tailored(&Setup::from_input(&input).unwrap()).to_yaml()
}

/// Runs the binary with `stdin` on its standard input.
fn run_with_stdin(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocelot-setup"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ocelot-setup starts");
    let mut pipe = child.stdin.take().expect("a stdin pipe");
    // The binary may stop reading at the cap; a broken pipe then is expected.
    let _ = pipe.write_all(stdin);
    drop(pipe);
    let out = child.wait_with_output().expect("ocelot-setup ends");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
    (out.status.code().expect("an exit code"), text(out.stdout), text(out.stderr))
}

#[test]
fn the_answer_is_read_from_a_file_standard_input_or_inline() {
    let expected = tailored(CUSTOM, "branch:main");
    let dir = TempDir::new("sub-claim");
    let file = dir.path("sub.json");
    std::fs::write(&file, format!("{CUSTOM}\n")).unwrap();
    let file = file.to_str().expect("UTF-8 temp path");
    assert_eq!(ok(&["template", "--repo", REPO, "--scope", "branch:main", "--sub-claim", file]), expected);
    assert_eq!(ok(&["template", "--repo", REPO, "--scope", "branch:main", "--sub-claim", CUSTOM]), expected);
    let (status, stdout, stderr) =
        run_with_stdin(&["template", "--repo", REPO, "--scope", "branch:main", "--sub-claim", "-"], CUSTOM.as_bytes());
    assert_eq!((status, stdout.as_str()), (0, expected.as_str()), "{stderr}");
    assert!(stderr.contains("note: --sub-claim: the fork uses a customised subject claim template"), "{stderr}");
    assert!(stderr.contains("gh api -X PUT repos/octo-cat/ocelot/actions/oidc/customization/sub -F use_default=true"));
    // The Regenerate line gives the same template back.
    let line = expected.lines().find_map(|l| l.strip_prefix("# Regenerate: ")).expect("a Regenerate line");
    let regenerate = Command::new("bash")
        .arg("-c")
        .arg(line.replacen("ocelot-setup", env!("CARGO_BIN_EXE_ocelot-setup"), 1))
        .output()
        .expect("bash runs");
    assert_eq!(String::from_utf8_lossy(&regenerate.stdout), expected, "{line}");
}

#[test]
fn a_bad_answer_is_refused_naming_the_flag() {
    let dir = TempDir::new("sub-claim-bad");
    let write = |name: &str, text: &[u8]| {
        let path = dir.path(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().expect("UTF-8 temp path").to_string()
    };
    let missing = dir.path("missing.json").to_str().unwrap().to_string();
    let cases: Vec<(String, &str)> = vec![
        (missing, "give - to read it from standard input"),
        (write("bad.json", b"use_default: true"), "is not JSON"),
        (write("html.json", b"<html>rate limited</html>"), "is not JSON"),
        (write("key.json", br#"{"use_default": true, "subject": "x"}"#), "has the member \"subject\""),
        (write("binary.json", &[0xff, 0xfe, b'{']), "is not UTF-8 text"),
        (write("big.json", &vec![b' '; 64 * 1024 + 1]), "more than 64 KB"),
        (write("org.json", br#"{"use_default": false}"#), "organization's template applies"),
        (
            r#"{"use_default": true, "sub_claim_prefix": "repo:other/ocelot"}"#.to_string(),
            "not the fork octo-cat/ocelot",
        ),
        (r#"{"use_default": false, "include_claim_keys": ["context"]}"#.to_string(), "names no repository"),
    ];
    for (value, says) in &cases {
        check_refused(&["template", "--repo", REPO, "--sub-claim", value], "error: --sub-claim: ", says);
    }
    check_refused(
        &["template", "--repo", REPO, "--sub-claim", ""],
        "error: --sub-claim: the value is empty",
        "leave --sub-claim out",
    );
    let (status, stdout, stderr) = run_with_stdin(&["template", "--repo", REPO, "--sub-claim", "-"], b"{}");
    assert_eq!((status, stdout.as_str()), (2, ""), "{stderr}");
    assert!(stderr.contains("error: --sub-claim: use_default is missing"), "{stderr}");
    let link =
        run(&["link", "--repo", REPO, "--template-url", "https://b.s3.amazonaws.com/t.yaml", "--sub-claim", CUSTOM]);
    assert_eq!(link.status, 2, "{}", link.stderr);
    assert!(link.stderr.contains("--sub-claim: is a customised template"), "{}", link.stderr);
}
