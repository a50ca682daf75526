//! cfn-lint, informational rules included, finds nothing in any template: the tailored one
//! of every matrix case and subject claim case and the generic one, each in YAML and JSON, checked against a
//! region of each partition.

use std::process::Command;

use ocelot_setup::core::template::Template;

use crate::support::{matrix, skip_slow, sub_claim_cases, venv_tool};

#[test]
fn cfn_lint_finds_nothing() {
    if skip_slow() {
        eprintln!("note: cfn-lint skipped (OCELOT_SKIP_SLOW=1)");
        return;
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut files = Vec::new();
    let cases = matrix().into_iter().chain(sub_claim_cases());
    let mut templates: Vec<(String, Template)> =
        cases.map(|case| (case.name.to_string(), Template::tailored(&case.setup()))).collect();
    templates.push(("generic".to_string(), Template::generic()));
    for (name, template) in &templates {
        for (ext, text) in [("yaml", template.to_yaml()), ("json", template.to_json())] {
            let path = dir.path().join(format!("{name}.{ext}"));
            std::fs::write(&path, text).expect("the template is written");
            files.push(path);
        }
    }
    let out = Command::new(venv_tool("cfn-lint"))
        .args(["--include-checks", "I", "--regions", "us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1", "--"])
        .args(&files)
        .output()
        .expect("cfn-lint runs");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success() && report.trim().is_empty(),
        "cfn-lint on {} files, exit {:?}:\n{report}",
        files.len(),
        out.status.code()
    );
    assert_eq!(files.len(), 2 * (matrix().len() + sub_claim_cases().len() + 1));
}
