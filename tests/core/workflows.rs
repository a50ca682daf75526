//! The publishing workflow cannot run here, so actionlint checks it: syntax, expressions,
//! action versions and runner labels.
use crate::support::{actionlint, skip_slow};

#[test]
fn publishing_workflow_passes_actionlint() {
    if skip_slow() {
        eprintln!("note: OCELOT_SKIP_SLOW=1, actionlint skipped");
        return;
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/.github/workflows");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the repository has .github/workflows")
        .map(|entry| entry.expect("readable directory").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no workflow in {dir}");
    actionlint(&files);
    let workflow = std::fs::read_to_string(&files[0]).expect("readable workflow");
    for needed in ["trunk build --release --public-url", "deploy-pages", "template --generic", "gh release upload"] {
        assert!(workflow.contains(needed), "the publishing workflow lost its step: {needed}");
    }
}
