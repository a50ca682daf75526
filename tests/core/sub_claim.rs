//! The pasted subject claim template (GitHub's answer of
//! `gh api repos/OWNER/REPO/actions/oidc/customization/sub`): the tailored role trusts exactly
//! the subjects the fork's tokens carry. Tokens are built here from a model of a run's claims,
//! written from GitHub's documentation (each listed key's `key:value`, joined with `:`), not
//! from the core, and evaluated by the test-side IAM evaluator of `trust`.

use ocelot_setup::core::guide;
use ocelot_setup::core::guide::deploy::QuickCreateLink;
use ocelot_setup::core::setup::values::GitHubIds;
use ocelot_setup::core::setup::{Field, ScopeInput, Setup, SetupInput, TrustScope};
use ocelot_setup::core::template::subjects::trusted_subjects;
use ocelot_setup::core::template::Template;
use serde_json::Value;

use crate::support::{matrix, sub_claim_cases};
use crate::trust::{resolve_tailored, Token, SUB_KEY};

/// The ids a fork without known ids still has on GitHub.
const OTHER_IDS: GitHubIds = GitHubIds { owner_id: 99, repo_id: 98 };

/// What one workflow run is: the claims a customised template may pick from.
#[derive(Debug, Clone)]
struct Run {
    owner: String,
    repo: String,
    ids: GitHubIds,
    /// `refs/heads/...`, `refs/tags/...` or `refs/pull/N/merge`.
    git_ref: String,
    environment: Option<String>,
    pull_request: bool,
}

impl Run {
    /// A push run of the fork on `git_ref`.
    fn of(setup: &Setup, git_ref: &str) -> Run {
        Run {
            owner: setup.fork.owner.to_string(),
            repo: setup.fork.repo.to_string(),
            ids: setup.ids.unwrap_or(OTHER_IDS),
            git_ref: git_ref.to_string(),
            environment: None,
            pull_request: false,
        }
    }

    fn in_environment(mut self, name: &str) -> Run {
        self.environment = Some(name.to_string());
        self
    }

    /// A claim's value as GitHub writes it in a subject (a `:` in a value is `%3A`).
    fn claim(&self, key: &str, id_form: bool) -> String {
        let (owner, repo, ids) = (&self.owner, &self.repo, self.ids);
        let value = match key {
            "repo" if id_form => format!("{owner}@{}/{repo}@{}", ids.owner_id, ids.repo_id),
            "repo" => format!("{owner}/{repo}"),
            "context" => match (&self.environment, self.pull_request) {
                (Some(env), _) => format!("environment:{}", env.replace(':', "%3A")),
                (None, true) => "pull_request".to_string(),
                (None, false) => format!("ref:{}", self.git_ref),
            },
            "ref" => self.git_ref.clone(),
            "ref_type" if self.git_ref.starts_with("refs/tags/") => "tag".to_string(),
            "ref_type" => "branch".to_string(),
            "environment" => self.environment.clone().unwrap_or_default().replace(':', "%3A"),
            "repository" => format!("{owner}/{repo}"),
            "repository_owner" => owner.clone(),
            "repository_id" => ids.repo_id.to_string(),
            "repository_owner_id" => ids.owner_id.to_string(),
            "job_workflow_ref" | "workflow_ref" => format!("{owner}/{repo}/.github/workflows/ci.yml@{}", self.git_ref),
            "actor" => "octocat".to_string(),
            other => panic!("the model has no claim {other}"),
        };
        value
    }

    /// The subject GitHub issues for this run under `keys` (or the default template).
    fn sub(&self, keys: Option<&[&str]>, id_form: bool) -> String {
        match keys {
            Some(keys) => keys.iter().map(|k| format!("{k}:{}", self.claim(k, id_form))).collect::<Vec<_>>().join(":"),
            None => format!("repo:{}:{}", self.claim("repo", id_form), self.claim("context", id_form)),
        }
    }
}

fn keys(setup: &Setup) -> Option<Vec<&str>> {
    setup.sub_claim.as_ref()?.custom_keys().map(|k| k.iter().map(|k| k.as_str()).collect())
}

/// The subject forms the fork's tokens may take: GitHub's prefix says which; without it, a
/// fork may present either.
fn issued_forms(setup: &Setup) -> Vec<bool> {
    let claim = setup.sub_claim.as_ref();
    match (claim.and_then(|c| c.prefix.as_ref()), claim.and_then(|c| c.immutable)) {
        (Some(prefix), _) => vec![prefix.ids.is_some()],
        (None, Some(true)) => vec![true],
        _ => vec![false, true],
    }
}

/// Runs the setup's scope trusts, and runs it must not. Without `context` among the keys, a
/// subject cannot tell a job in an environment from one outside, nor, without `ref` either, a
/// pull request run (the notice says so).
fn runs(setup: &Setup, keys: Option<&[&str]>) -> (Vec<Run>, Vec<(Run, &'static str)>) {
    let has = |key: &str| keys.is_none_or(|k| k.contains(&key));
    let has_context = has("context");
    let pr = Run { pull_request: true, ..Run::of(setup, "refs/pull/7/merge") };
    let mut denied = Vec::new();
    if has_context || has("ref") || setup.scope != TrustScope::AnyRef {
        denied.push((pr, "pull request"));
    }
    let allowed = match &setup.scope {
        TrustScope::AnyRef => {
            if has_context {
                denied.push((Run::of(setup, "refs/heads/main").in_environment("production"), "environment job"));
            }
            vec![
                Run::of(setup, "refs/heads/main"),
                Run::of(setup, "refs/heads/feature/x"),
                Run::of(setup, "refs/tags/v1"),
            ]
        }
        TrustScope::Branch(branch) => {
            denied.push((Run::of(setup, "refs/heads/other"), "another branch"));
            denied.push((Run::of(setup, &format!("refs/heads/{branch}-x")), "a longer branch"));
            denied.push((Run::of(setup, &format!("refs/tags/{branch}")), "a tag of the name"));
            if has_context {
                let on_branch = Run::of(setup, &format!("refs/heads/{branch}")).in_environment("production");
                denied.push((on_branch, "a job in an environment on the branch"));
            }
            vec![Run::of(setup, &format!("refs/heads/{branch}"))]
        }
        TrustScope::Environment(env) => {
            denied.push((Run::of(setup, "refs/heads/main").in_environment("staging"), "another environment"));
            denied.push((Run::of(setup, "refs/heads/main").in_environment(&format!("{env}x")), "a longer name"));
            denied.push((Run::of(setup, "refs/heads/main"), "no environment"));
            vec![Run::of(setup, "refs/heads/main").in_environment(env.as_str())]
        }
    };
    (allowed, denied)
}

/// Other repositories' runs that match the fork's in everything they control (another
/// repository always has another id).
fn impostors(setup: &Setup, run: &Run) -> Vec<(Run, &'static str)> {
    let (owner, repo) = (run.owner.clone(), run.repo.clone());
    let ids = setup.ids.unwrap_or(OTHER_IDS);
    let other = |owner: String, repo: String, n: u64| Run {
        owner,
        repo,
        ids: GitHubIds { owner_id: ids.owner_id + n, repo_id: ids.repo_id + n },
        ..run.clone()
    };
    vec![
        (
            Run { repo: format!("{repo}-x"), ids: GitHubIds { repo_id: ids.repo_id + 7, ..ids }, ..run.clone() },
            "repo with a suffix, same owner",
        ),
        (other(format!("{owner}-x"), repo.clone(), 1), "owner with a suffix"),
        (other("dev7a".into(), "ocelot".into(), 2), "upstream"),
        (other(owner.to_uppercase(), repo.clone(), 3), "owner in other case"),
    ]
    .into_iter()
    .filter(|(impostor, _)| (&impostor.owner, &impostor.repo) != (&run.owner, &run.repo))
    .collect()
}

/// Checks the tailored role of `setup` against the tokens of its runs and of impostors.
pub fn check_case(name: &str, setup: &Setup) {
    let template = Template::tailored(setup);
    let resolved = resolve_tailored(setup, &template.to_yaml());
    assert_eq!(resolved, resolve_tailored(setup, &template.to_json()), "{name}: YAML and JSON alike");
    let p = setup.region.partition().as_str();
    let keys = keys(setup);
    let keys = keys.as_deref();
    let (allowed, denied) = runs(setup, keys);
    // Keys that do not spell the fork (no `repo`) give one subject for both forms.
    let spells_form = keys.is_none_or(|k| k.contains(&"repo"));
    let mut checked = 0;
    for id_form in [false, true] {
        let issued = issued_forms(setup).contains(&id_form);
        let trusted = issued && (!id_form || setup.ids.is_some() || !spells_form);
        for run in &allowed {
            let sub = run.sub(keys, id_form);
            assert_eq!(resolved.allows(&Token::new(&sub, p)), trusted, "{name}: own run {sub}");
            for (impostor, why) in impostors(setup, run) {
                let sub = impostor.sub(keys, id_form);
                assert!(!resolved.allows(&Token::new(&sub, p)), "{name}: {why} trusted: {sub}");
            }
            checked += 5;
        }
        for (run, why) in &denied {
            let sub = run.sub(keys, id_form);
            assert!(!resolved.allows(&Token::new(&sub, p)), "{name}: {why} trusted: {sub}");
            checked += 1;
        }
    }
    assert!(checked >= 10, "{name}: only {checked} tokens");

    // The check workflow and the diagnosis list what the deployed role holds.
    let condition = &resolved.trust_policy()["Statement"][0]["Condition"];
    let (operator, listed) = ["StringEquals", "StringLike"]
        .iter()
        .find_map(|op| condition[op].get(SUB_KEY).map(|subs| (*op, subs)))
        .unwrap_or_else(|| panic!("{name}: no sub condition"));
    let listed: Vec<&str> = listed.as_array().expect("a list").iter().map(|v| v.as_str().expect("text")).collect();
    assert_eq!(listed, trusted_subjects(setup), "{name}: the checks' subjects are the template's");
    let patterns = listed.iter().any(|s| s.contains('*'));
    assert_eq!(operator, if patterns { "StringLike" } else { "StringEquals" }, "{name}: {listed:?}");
    assert_eq!(condition["StringEquals"]["token.actions.githubusercontent.com:aud"], "sts.amazonaws.com", "{name}");
}

#[test]
fn the_role_trusts_exactly_the_subjects_the_fork_is_issued() {
    for case in sub_claim_cases() {
        check_case(case.name, &case.setup());
    }
    // One key at a time carries the scope, so none hides another's mistake.
    for (scope, keys) in [
        ("branch:main", r#"["repo", "context"]"#),
        ("branch:main", r#"["repository", "ref"]"#),
        ("branch:feature/x", r#"["workflow_ref"]"#),
        ("branch:main", r#"["repo", "job_workflow_ref"]"#),
        ("environment:prod", r#"["repo", "context"]"#),
        ("environment:prod", r#"["repository_id", "environment", "actor"]"#),
        ("any", r#"["repo", "ref"]"#),
        ("any", r#"["repository", "ref_type", "repository_owner_id"]"#),
    ] {
        let answer = format!(r#"{{"use_default": false, "include_claim_keys": {keys}}}"#);
        for ids in [None, Some(("583231", "1296269"))] {
            if let Ok(setup) = setup_with(scope, ids, &answer) {
                check_case(&format!("{scope} {keys} {ids:?}"), &setup);
            }
        }
    }
    // Without a pasted answer nothing changes: the matrix, through the same model.
    for case in matrix() {
        check_case(case.name, &case.setup());
    }
}

fn setup_with(scope: &str, ids: Option<(&str, &str)>, answer: &str) -> Result<Setup, String> {
    let mut input = SetupInput::for_fork("octo-cat/ocelot");
    input.scope = ScopeInput::parse(scope).unwrap();
    if let Some((owner, repo)) = ids {
        (input.owner_id, input.repo_id) = (owner.into(), repo.into());
    }
    input.sub_claim = answer.into();
    Setup::from_input(&input).map_err(|e| {
        assert_eq!(e.0.len(), 1, "one refusal: {e}");
        assert_eq!(e.0[0].field, Field::SubClaim, "{e}");
        e.0[0].message.clone()
    })
}

#[test]
fn the_answer_is_checked_against_the_fork_the_ids_and_the_scope() {
    let prefix = |p: &str| format!(r#"{{"use_default": true, "sub_claim_prefix": "{p}"}}"#);
    let from_prefix = setup_with("any", None, &prefix("repo:octo-cat@5/ocelot@7")).unwrap();
    assert_eq!(from_prefix.ids, Some(GitHubIds { owner_id: 5, repo_id: 7 }), "the prefix's ids fill in");
    assert!(setup_with("any", Some(("5", "7")), &prefix("repo:octo-cat@5/ocelot@7")).is_ok());
    for (scope, ids, answer, says) in [
        ("any", None, prefix("repo:someone/ocelot"), "is for someone/ocelot, not the fork octo-cat/ocelot"),
        ("any", None, prefix("repo:Octo-Cat/ocelot"), "write the fork as Octo-Cat/ocelot"),
        ("any", Some(("5", "8")), prefix("repo:octo-cat@5/ocelot@7"), "the ids given are 5 and 8"),
        ("any", None, r#"{"use_default": true, "use_immutable_subject": true}"#.into(), "give the owner id"),
        (
            "any",
            None,
            r#"{"use_default": false, "include_claim_keys": ["repository_owner", "context"]}"#.into(),
            "names no repository",
        ),
        (
            "any",
            None,
            r#"{"use_default": false, "include_claim_keys": ["repository_id", "context"]}"#.into(),
            "repository_id needs the ids",
        ),
        (
            "branch:main",
            None,
            r#"{"use_default": false, "include_claim_keys": ["repo", "environment"]}"#.into(),
            "none of context, ref, job_workflow_ref, workflow_ref",
        ),
        (
            "environment:prod",
            None,
            r#"{"use_default": false, "include_claim_keys": ["repo", "ref"]}"#.into(),
            "gh api -X PUT repos/octo-cat/ocelot/actions/oidc/customization/sub -F use_default=true",
        ),
        ("any", None, r#"{"use_default": true, "sub": "x"}"#.into(), "has the member \"sub\""),
    ] {
        let refusal = setup_with(scope, ids, &answer).expect_err(&answer);
        assert!(refusal.contains(says), "{answer}: {refusal}");
    }
    let custom = r#"{"use_default": false, "include_claim_keys": ["repository_id", "context"]}"#;
    assert!(setup_with("any", Some(("5", "7")), custom).is_ok(), "repository_id names the fork once the ids are known");
}

#[test]
fn a_customised_template_gets_a_notice_with_the_reset_command_and_no_quick_create_link() {
    let url = "https://my-bucket.s3.us-east-1.amazonaws.com/ocelot-setup-generic.yaml";
    for case in sub_claim_cases() {
        let mut input = case.input.clone();
        input.template_url = url.into();
        let setup = Setup::from_input(&input).unwrap();
        let notices: Vec<_> = guide::notices(&setup).into_iter().filter(|n| n.field == Field::SubClaim).collect();
        assert_eq!(notices.len(), 1, "{}: {notices:?}", case.name);
        let text = &notices[0].text;
        for subject in trusted_subjects(&setup) {
            assert!(text.contains(&subject), "{}: the notice does not say it trusts {subject}: {text}", case.name);
        }
        // The ids matter when the subjects spell the fork and GitHub's answer left its form open.
        let claim = setup.sub_claim.as_ref().unwrap();
        let form_open = claim.prefix.is_none() && claim.immutable != Some(true);
        let spells_fork = keys(&setup).is_none_or(|k| k.contains(&"repo"));
        let ids_notice = guide::notices(&setup).iter().any(|n| n.field == Field::OwnerId);
        assert_eq!(ids_notice, setup.ids.is_none() && form_open && spells_fork, "{}", case.name);
        let link = QuickCreateLink::new(&setup);
        if keys(&setup).is_some() {
            assert!(
                text.contains(&format!(
                    "gh api -X PUT repos/{}/actions/oidc/customization/sub -F use_default=true",
                    setup.fork
                )),
                "{text}"
            );
            let refusal = link.expect_err(case.name);
            assert_eq!(refusal.field, Field::SubClaim);
            assert!(refusal.message.contains("tailored template"), "{}", refusal.message);
        } else {
            assert!(link.is_ok(), "{}: the generic template trusts a default-template fork", case.name);
        }
    }
    let blind = |scope: &str, keys: &str| {
        let answer = format!(r#"{{"use_default": false, "include_claim_keys": {keys}}}"#);
        let setup = setup_with(scope, None, &answer).unwrap();
        let text = guide::notices(&setup).into_iter().find(|n| n.field == Field::SubClaim).expect("a notice").text;
        match (text.contains("pull request runs"), text.contains("jobs in an environment from others")) {
            (true, true) => "pull requests and environments",
            (false, true) => "environments",
            (false, false) => "nothing",
            (true, false) => panic!("{text}"),
        }
    };
    assert_eq!(blind("any", r#"["repo", "context"]"#), "nothing");
    assert_eq!(blind("any", r#"["repo", "ref"]"#), "environments");
    assert_eq!(blind("any", r#"["repo", "actor"]"#), "pull requests and environments");
    assert_eq!(blind("branch:main", r#"["repo", "ref"]"#), "environments");
    assert_eq!(blind("environment:prod", r#"["repo", "environment"]"#), "nothing");
    let plain = matrix()[0].setup();
    assert!(guide::notices(&plain).iter().all(|n| n.field != Field::SubClaim));
}

#[test]
fn the_regenerate_command_carries_the_answer() {
    for case in sub_claim_cases() {
        let setup = case.setup();
        let args = setup.cli_args();
        let at = args.iter().position(|a| a == "--sub-claim").unwrap_or_else(|| panic!("{}: {args:?}", case.name));
        let json: Value = serde_json::from_str(&args[at + 1]).expect("the answer is JSON");
        assert_eq!(json["use_default"], Value::Bool(keys(&setup).is_none()), "{}", case.name);
        let mut input = case.input.clone();
        input.sub_claim = args[at + 1].clone();
        assert_eq!(Setup::from_input(&input).unwrap(), setup, "{}: the emitted answer reads back", case.name);
    }
    for case in matrix() {
        assert!(!case.setup().cli_args().contains(&"--sub-claim".to_string()), "{}", case.name);
    }
}
