//! Shared by the test modules: the matrix of configurations every template check runs over,
//! and where the external checking tools live.

use std::path::PathBuf;

use ocelot_setup::core::setup::ScopeInput;
use ocelot_setup::core::setup::{CleanupPermission, LayerSharing, ProviderChoice, SecretPreset, Setup, SetupInput};

/// A named configuration of the matrix.
pub struct Case {
    /// A short name, used for snapshot and file names.
    pub name: &'static str,
    /// The input.
    pub input: SetupInput,
}

impl Case {
    /// The validated setup; every case of the matrix is valid.
    pub fn setup(&self) -> Setup {
        Setup::from_input(&self.input).unwrap_or_else(|e| panic!("case {} is invalid: {e}", self.name))
    }
}

fn case(name: &'static str, edit: impl FnOnce(&mut SetupInput)) -> Case {
    let mut input = SetupInput::for_fork("octo-cat/ocelot");
    edit(&mut input);
    Case { name, input }
}

/// Every scope, provider create and reuse, each permission set, each preset, the three
/// partitions, with and without ids.
pub fn matrix() -> Vec<Case> {
    vec![
        case("default", |_| {}),
        case("ids", |i| {
            i.owner_id = "583231".into();
            i.repo_id = "1296269".into();
        }),
        case("branch", |i| i.scope = ScopeInput::parse("branch:main").unwrap()),
        case("branch-ids", |i| {
            i.scope = ScopeInput::parse("branch:release/v1").unwrap();
            i.owner_id = "583231".into();
            i.repo_id = "1296269".into();
        }),
        case("environment", |i| i.scope = ScopeInput::parse("environment:production").unwrap()),
        case("environment-colon-ids", |i| {
            i.scope = ScopeInput::parse("environment:prod:eu").unwrap();
            i.owner_id = "583231".into();
            i.repo_id = "1296269".into();
        }),
        case("reuse-provider", |i| i.provider = ProviderChoice::Reuse),
        case("private-layers", |i| i.sharing = LayerSharing::Private),
        case("cleanup", |i| i.cleanup = CleanupPermission::Allowed),
        case("private-cleanup-reuse", |i| {
            i.sharing = LayerSharing::Private;
            i.cleanup = CleanupPermission::Allowed;
            i.provider = ProviderChoice::Reuse;
        }),
        case("upstream", |i| i.preset = SecretPreset::Upstream),
        case("aws-cn", |i| {
            i.region = "cn-north-1".into();
            i.owner_id = "583231".into();
            i.repo_id = "1296269".into();
        }),
        case("aws-us-gov", |i| {
            i.region = "us-gov-west-1".into();
            i.scope = ScopeInput::parse("branch:main").unwrap();
            i.provider = ProviderChoice::Reuse;
        }),
        case("custom-names", |i| {
            i.fork = "https://github.com/Some-Org/my.ocelot_fork.git".into();
            i.region = "eu-west-1".into();
            i.stack_name = "Ocelot-Layers-2".into();
            i.role_name = "gha+ocelot=publisher,@x_y.z".into();
            i.table = "my.layers_table-1".into();
            i.layer_prefix = "my_layers".into();
            i.max_session = "43200".into();
        }),
    ]
}

/// Forks whose subject claim template was pasted (GitHub's answer): an exact prefix of each
/// form, and customised templates for each scope. Kept out of [`matrix`], whose checks present
/// default-template tokens and compare with the generic template, which cannot trust them.
pub fn sub_claim_cases() -> Vec<Case> {
    vec![
        case("prefix-ids", |i| {
            i.sub_claim = r#"{"use_default": true, "use_immutable_subject": true, "sub_claim_prefix": "repo:octo-cat@583231/ocelot@1296269"}"#.into();
            i.scope = ScopeInput::parse("branch:main").unwrap();
        }),
        case("prefix-name", |i| {
            i.sub_claim =
                r#"{"use_default": true, "use_immutable_subject": false, "sub_claim_prefix": "repo:octo-cat/ocelot"}"#
                    .into();
        }),
        case("custom-any", |i| {
            i.sub_claim = r#"{"use_default": false, "include_claim_keys": ["repo", "context"]}"#.into();
        }),
        case("custom-branch-ids", |i| {
            i.sub_claim =
                r#"{"use_default": false, "include_claim_keys": ["repo", "context", "job_workflow_ref"]}"#.into();
            i.scope = ScopeInput::parse("branch:release/v1").unwrap();
            i.owner_id = "583231".into();
            i.repo_id = "1296269".into();
        }),
        case("custom-environment-exact", |i| {
            i.sub_claim =
                r#"{"use_default": false, "include_claim_keys": ["repository", "environment", "repository_owner"]}"#
                    .into();
            i.scope = ScopeInput::parse("environment:prod:eu").unwrap();
        }),
        case("custom-any-ref-keys", |i| {
            i.sub_claim = r#"{"use_default": false, "use_immutable_subject": true, "include_claim_keys": ["actor", "repo", "ref_type", "ref"], "sub_claim_prefix": "repo:octo-cat@583231/ocelot@1296269"}"#.into();
            i.region = "cn-north-1".into();
        }),
    ]
}

/// Where scripts/setup.sh puts the Python venv and npm packages.
pub fn tools_dir() -> PathBuf {
    std::env::var_os("OCELOT_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cache/ocelot-setup"))
}

/// A tool from the project's venv; panics with the fix when it is missing.
pub fn venv_tool(name: &str) -> PathBuf {
    let path = tools_dir().join("venv/bin").join(name);
    assert!(
        path.exists(),
        "{} is missing: run `bash scripts/setup.sh` (or set OCELOT_SKIP_SLOW=1 to skip)",
        path.display()
    );
    path
}

/// Whether slow tests (cfn-lint, moto) are skipped: only when OCELOT_SKIP_SLOW=1.
pub fn skip_slow() -> bool {
    std::env::var("OCELOT_SKIP_SLOW").is_ok_and(|v| v == "1")
}

/// Runs actionlint (and, through it, shellcheck on `run:` scripts) on `files`; panics with
/// what it found.
pub fn actionlint(files: &[PathBuf]) {
    let output = std::process::Command::new(venv_tool("actionlint"))
        .arg("-no-color")
        .args(files)
        .output()
        .expect("actionlint runs");
    assert!(
        output.status.success(),
        "actionlint found problems:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The fixture folders that hold upstream's checkout with one change: only the files that
/// differ are stored (and, in `.removed`, the paths the change takes away).
pub const VARIANTS: [&str; 8] = [
    "nested-calls",
    "renamed-one-job",
    "index-form",
    "literal-role",
    "dispatch-renamed",
    "table-region-moved",
    "release-permissions",
    "environment-publish",
];

/// The root of the fixture checkout `name` under tests/fixtures/workflows; a variant is built
/// once per test run under the target directory, upstream's files with the variant's over them.
pub fn fixture(name: &str) -> PathBuf {
    let fixtures = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/workflows"));
    if !VARIANTS.contains(&name) {
        return fixtures.join(name);
    }
    static BUILT: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixture-checkouts").join(name);
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if !built.iter().any(|b| b == name) {
        let _ = std::fs::remove_dir_all(&root);
        copy_tree(&fixtures.join("upstream"), &root);
        copy_tree(&fixtures.join(name), &root);
        let removed = std::fs::read_to_string(fixtures.join(name).join(".removed")).unwrap_or_default();
        for path in removed.lines().filter(|l| !l.trim().is_empty()) {
            std::fs::remove_file(root.join(path.trim())).unwrap_or_else(|e| panic!("{name}: remove {path}: {e}"));
        }
        let _ = std::fs::remove_file(root.join(".removed"));
        built.push(name.to_string());
    }
    root
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("list {}: {e}", from.display())) {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("copy to {}: {e}", target.display()));
        }
    }
}
