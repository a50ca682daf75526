//! The OIDC subjects the role trusts, as text.

use crate::core::setup::Setup;
use crate::core::template::subjects::{custom_subjects, repo_forms, RepoForm};

/// The `sub` values the role trusts for `setup`, in the template's order. With GitHub's
/// default template: the name form, then (when the ids are known) the immutable id form, or
/// exactly the form of GitHub's `sub_claim_prefix`; for any branch or tag each is a
/// `StringLike` pattern ending in `ref:*`, otherwise the exact value. With a customised
/// template: the subjects its claim keys give, patterns where a value cannot be known. Then the
/// same for each further environment.
pub fn trusted_subjects(setup: &Setup) -> Vec<String> {
    if let Some(keys) = setup.sub_claim.as_ref().and_then(|c| c.custom_keys()) {
        return custom_subjects(setup, keys).iter().map(|s| s.resolve(setup)).collect();
    }
    let (owner, repo) = (&setup.fork.owner, &setup.fork.repo);
    let mut suffixes = vec![setup.scope.subject_suffix()];
    suffixes.extend(setup.also_environments.iter().map(|env| format!("environment:{}", env.in_subject())));
    suffixes
        .iter()
        .flat_map(|suffix| {
            repo_forms(setup).into_iter().map(move |form| match form {
                RepoForm::Ids => {
                    let ids = setup.ids.expect("the id form only when the ids are known");
                    format!("repo:{owner}@{}/{repo}@{}:{suffix}", ids.owner_id, ids.repo_id)
                }
                RepoForm::Name => format!("repo:{owner}/{repo}:{suffix}"),
            })
        })
        .collect()
}
